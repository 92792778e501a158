"""The commands of ``tools/local-trove``: start, stop, status, env.

Standard library only: this runs with the system python; the servers run
in their own virtualenvs (see venvs.py).
"""

import argparse
import json
import os
import shlex
import signal
import sys
import threading
import time

from local_trove import configs
from local_trove import identity
from local_trove import processes
from local_trove import settings
from local_trove import trove_server
from local_trove import venvs
from local_trove.settings import Failure
from local_trove.settings import say


def _venvs(cfg):
    release = cfg.release
    return {
        'trove': venvs.Venv(cfg, release.venv_name, release.requirements,
                            'about a minute', python=release.python,
                            constraints=release.constraints),
        'keystone': venvs.Venv(cfg, 'keystone',
                               settings.KEYSTONE_REQUIREMENTS,
                               'about a minute'),
    }


def _ensure_venvs(envs):
    """Install what is missing, side by side (each is mostly waiting on
    downloads and unpacking)."""
    errors = []

    def install(venv):
        try:
            venv.ensure()
        except BaseException as exc:     # reported below, in this thread
            errors.append(exc)

    threads = [threading.Thread(target=install, args=(venv,))
               for venv in envs.values() if not venv.is_complete()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def _python_env(cfg):
    env = dict(os.environ)
    env['PYTHONPATH'] = os.pathsep.join(
        [str(settings.TOOLS_DIR)] + ([env['PYTHONPATH']]
                                     if env.get('PYTHONPATH') else []))
    for key in list(env):
        if key.startswith('OS_'):
            del env[key]
    return env


def _print_usage(cfg):
    say('  Trove API : %s/<project ID>   (%s; log: %s)'
        % (cfg.trove_url, cfg.release, cfg.trove_log))
    say('  Keystone  : %s (also %s/v2.0 for POST /v2.0/tokens)   (log: %s)'
        % (cfg.auth_url, cfg.keystone_url, cfg.keystone_log))
    say('  Clouds    : %s  ("local" = user demo, member of project demo; '
        '"local-admin" = user admin, admin of project admin)'
        % cfg.clouds_yaml)
    say('Use it:')
    say('  export OS_CLIENT_CONFIG_FILE=%s OS_CLOUD=local' % cfg.clouds_yaml)
    say('  openstack database flavor list')
    say('Stop it: %s stop' % settings.me())


def _running_and_healthy(cfg, pids):
    return (len(pids) == len(processes.SERVICES) and
            identity.healthy(cfg) and trove_server.healthy(cfg))


def cmd_start(cfg, args):
    started = time.monotonic()
    envs = _venvs(cfg)
    _ensure_venvs(envs)
    cfg.state.mkdir(parents=True, exist_ok=True)
    with settings.file_lock(cfg.lock, 'start/stop'):
        pids = processes.running_pids(cfg)
        if pids:
            requested = (cfg.trove_port, cfg.keystone_port)
            release = cfg.release
            cfg.use_recorded_ports()
            _check_release(cfg, release)
            if _running_and_healthy(cfg, pids):
                say('Local Trove is already running (trove pid %d, '
                    'keystone pid %d).' % (pids['trove'], pids['keystone']))
                if requested != (cfg.trove_port, cfg.keystone_port):
                    say('Note: it runs on ports %d/%d; stop it first to '
                        'change ports.' % (cfg.trove_port,
                                           cfg.keystone_port))
                _print_usage(cfg)
                return 0
            say('Local Trove is running but not healthy: restarting it.')
            cfg.trove_port, cfg.keystone_port = requested
            cfg.release = release
        processes.stop_services(cfg)      # what runs, or stale pid files
        processes.check_ports_free(cfg)
        trove_server.fresh_state(cfg)
        configs.write_all(cfg)
        procs = _start_servers(cfg, envs, _python_env(cfg))
        cfg.state_json.write_text(json.dumps({
            'trove_port': cfg.trove_port,
            'keystone_port': cfg.keystone_port,
            'trove_pid': procs['trove'].pid,
            'keystone_pid': procs['keystone'].pid,
            'trove_release': cfg.release.name,
            'started_at': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
        }, indent=2) + '\n')
    say('Local Trove is running (started in %.1f s).'
        % (time.monotonic() - started))
    _print_usage(cfg)
    return 0


def _check_release(cfg, requested):
    """A running cloud of another release than TROVE_LOCAL_TROVE_RELEASE
    asks for is not taken for it: tests would test the wrong release."""
    if cfg.release is not requested and os.environ.get(
            'TROVE_LOCAL_TROVE_RELEASE', '').strip():
        raise Failure('the local cloud in %s runs %s, not %s: stop it first, '
                      'or give this one its own TROVE_LOCAL_STATE and ports'
                      % (cfg.state, cfg.release, requested))


def _start_servers(cfg, envs, env):
    """Keystone first; Trove's database is set up while Keystone starts
    (keystonemiddleware asks Keystone only on Trove's first request)."""
    procs = {}
    try:
        procs['keystone'] = (identity.prepare(cfg, envs['keystone'], env) or
                             identity.start(cfg, envs['keystone'], env))
        trove_server.setup_database(cfg, envs['trove'], env)
        procs['trove'] = trove_server.start(cfg, envs['trove'], env)
        identity.wait_until_up(cfg, procs['keystone'])
        trove_server.wait_until_up(cfg, procs['trove'])
    except BaseException:
        processes.terminate([p.pid for p in procs.values()])
        processes.stop_services(cfg)
        raise
    return procs


def cmd_stop(cfg, args):
    cfg.state.mkdir(parents=True, exist_ok=True)
    with settings.file_lock(cfg.lock, 'start/stop'):
        pids = processes.stop_services(cfg)
    if pids:
        say('Stopped %s.' % ', '.join('%s (pid %d)' % item
                                      for item in sorted(pids.items())))
    else:
        say('Local Trove is not running.')
    return 0


def _describe(cfg):
    pids = processes.running_pids(cfg)
    if pids:
        cfg.use_recorded_ports()
    return pids, bool(pids) and _running_and_healthy(cfg, pids)


def cmd_status(cfg, args):
    pids, running = _describe(cfg)
    if running:
        say('Local Trove is running.')
        say('  trove pid %d, keystone pid %d, state dir %s'
            % (pids['trove'], pids['keystone'], cfg.state))
        _print_usage(cfg)
        return 0
    if pids:
        say('Local Trove is NOT healthy: running %s, but not answering as '
            'expected. Logs: %s, %s. Restart with: %s start'
            % (', '.join('%s (pid %d)' % i for i in sorted(pids.items())),
               cfg.trove_log, cfg.keystone_log, settings.me()))
        return 1
    say('Local Trove is not running (would use %s and %s). '
        'Start it with: %s start' % (cfg.trove_url, cfg.auth_url,
                                     settings.me()))
    return 3


def _env_info(cfg, pids, running):
    envs = _venvs(cfg)
    user, project, _role, password = settings.DEMO
    admin_user, admin_project, _role, admin_password = settings.ADMIN
    logs = {'trove': str(cfg.trove_log), 'keystone': str(cfg.keystone_log),
            'setup': str(cfg.setup_log)}
    return {
        'running': running,
        'state_dir': str(cfg.state),
        'clouds_yaml': str(cfg.clouds_yaml),
        'cloud': 'local',
        'admin_cloud': 'local-admin',
        'auth_url': cfg.auth_url,
        'auth_url_v2': cfg.keystone_url + '/v2.0',
        'auth_url_unversioned': cfg.keystone_url,
        'trove_url': cfg.trove_url,
        'trove_port': cfg.trove_port,
        'keystone_port': cfg.keystone_port,
        'region_name': settings.REGION,
        'regions': [settings.REGION, settings.OTHER_REGION],
        'username': user,
        'project_name': project,
        'password': password,
        'admin_username': admin_user,
        'admin_project_name': admin_project,
        'admin_password': admin_password,
        'user_domain_id': 'default',
        'project_domain_id': 'default',
        'trove_log': logs['trove'],
        'keystone_log': logs['keystone'],
        'setup_log': logs['setup'],
        'logs': logs,
        'trove_conf': str(cfg.trove_conf),
        'keystone_conf': str(cfg.keystone_conf),
        'token_cache_time': float(cfg.token_cache_time),
        'pids': pids,
        'venv': str(envs['trove'].path),
        'trove_release': cfg.release.name,
        'trove_version': cfg.release.trove,
        'keystone_venv': str(envs['keystone'].path),
    }


def cmd_env(cfg, args):
    pids, running = _describe(cfg)
    if args.json:
        print(json.dumps(_env_info(cfg, pids, running), indent=2,
                         sort_keys=True))
        return 0
    print('export OS_CLIENT_CONFIG_FILE=%s' % shlex.quote(
        str(cfg.clouds_yaml)))
    print('export OS_CLOUD=local')
    if not running:
        print('# local Trove is not running: %s start' % settings.me())
    return 0


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog='local-trove',
        description='The real Keystone and the real Trove API (fake mode) '
                    'on 127.0.0.1.  See tools/README.rst.')
    sub = parser.add_subparsers(dest='command', metavar='COMMAND')
    sub.required = True
    sub.add_parser('start', help='start (idempotent; installs the servers '
                                 'on first use)').set_defaults(func=cmd_start)
    sub.add_parser('stop', help='stop the servers started by start'
                   ).set_defaults(func=cmd_stop)
    sub.add_parser('status', help='running or not, with URLs (exit 0 if '
                                  'running, 3 if stopped)'
                   ).set_defaults(func=cmd_status)
    env = sub.add_parser('env', help='shell export lines, or --json')
    env.add_argument('--json', action='store_true',
                     help='print a JSON object (URLs, ports, logs, ...)')
    env.set_defaults(func=cmd_env)
    args = parser.parse_args(argv)
    # SIGTERM/SIGHUP: unwind like Ctrl-C, so a half-done start cleans up
    # (kills what it spawned, removes a partial virtualenv).
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _raise_interrupt)
    try:
        return args.func(settings.Settings(), args)
    except Failure as exc:
        sys.stderr.write('local-trove %s: error: %s\n' % (args.command, exc))
        return 1
    except KeyboardInterrupt:
        sys.stderr.write('local-trove %s: interrupted\n' % args.command)
        return 130
    except BrokenPipeError:
        # e.g. `local-trove status | head -1`: not an error worth a trace.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
