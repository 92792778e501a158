"""The servers' processes: started in sessions of their own, recorded by
PID, and stopped by PID only after checking that they are still ours."""

import contextlib
import errno
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

from local_trove.settings import Failure
from local_trove.settings import me

STOP_GRACE = 5              # seconds between SIGTERM and SIGKILL

#: name: what its command line holds (besides the state directory).
SERVICES = {'trove': 'local_trove.launcher',
            'keystone': 'local_trove.keystone_app'}


def pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child of ours is not alive.
    try:
        with open('/proc/%d/stat' % pid) as stat:
            return stat.read().rsplit(')', 1)[1].split()[0] != 'Z'
    except (OSError, IndexError):
        return True


def _is_ours(pid, cfg, marker):
    """Guard against PID reuse: our processes carry the state dir and the
    module name on their command line."""
    if not pid_alive(pid):
        return False
    try:
        cmdline = Path('/proc/%d/cmdline' % pid).read_bytes()
    except OSError:
        return True     # no /proc: trust the pid file
    return (marker.encode() in cmdline and
            str(cfg.state).encode() in cmdline)


def _read_pid(path):
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def running_pids(cfg):
    """{name: pid} of our live processes."""
    result = {}
    for name, marker in SERVICES.items():
        pid = _read_pid(cfg.pid_file(name))
        if pid and _is_ours(pid, cfg, marker):
            result[name] = pid
    return result


def terminate(pids):
    """SIGTERM, then SIGKILL after STOP_GRACE seconds, by PID only."""
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    for sig in (signal.SIGKILL, None):
        deadline = time.monotonic() + STOP_GRACE
        while time.monotonic() < deadline and any(map(pid_alive, pids)):
            _reap(pids)
            time.sleep(0.05)
        if sig is None:
            return
        for pid in pids:
            if pid_alive(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, sig)


def _reap(pids):
    for pid in pids:
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(pid, os.WNOHANG)


def stop_services(cfg):
    """Stop what runs; the {name: pid} that were running."""
    pids = running_pids(cfg)
    if pids:
        terminate(list(pids.values()))
    for name in SERVICES:
        with contextlib.suppress(FileNotFoundError):
            cfg.pid_file(name).unlink()
    with contextlib.suppress(FileNotFoundError):
        cfg.state_json.unlink()
    return pids


def spawn(cfg, name, argv, log_path, env):
    """Start a server in a session of its own (it outlives the shell that
    ran ``start``) and record its PID."""
    with open(log_path, 'ab') as log:
        proc = subprocess.Popen(
            argv, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, cwd=str(cfg.state), env=env,
            start_new_session=True)
    cfg.pid_file(name).write_text('%d\n' % proc.pid)
    return proc


def run_logged(argv, log, env, cwd, timeout, what):
    """Run a set-up step to its end, its output appended to ``log``."""
    with open(log, 'a') as out:
        out.write('$ %s\n' % ' '.join(map(str, argv)))
        out.flush()
        try:
            rc = subprocess.run([str(a) for a in argv], stdout=out,
                                stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, cwd=str(cwd),
                                env=env, timeout=timeout).returncode
        except subprocess.TimeoutExpired:
            raise Failure('%s took more than %d s; see %s'
                          % (what, timeout, log))
    if rc != 0:
        raise Failure('%s failed (exit %d). Last lines of %s:\n%s'
                      % (what, rc, log, tail(log)))


def tail(path, lines=15):
    try:
        text = Path(path).read_text(errors='replace').splitlines()
    except OSError:
        return ''
    return '\n'.join('    ' + line for line in text[-lines:])


def _port_in_use(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(('127.0.0.1', port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return True
            raise Failure('cannot use 127.0.0.1 port %d: %s'
                          % (port, exc.strerror))
    return False


def check_ports_free(cfg):
    if cfg.trove_port == cfg.keystone_port:
        raise Failure('Trove and Keystone cannot share port %d; set '
                      'TROVE_LOCAL_TROVE_PORT or TROVE_LOCAL_KEYSTONE_PORT.'
                      % cfg.trove_port)
    for port, var, what in (
            (cfg.trove_port, 'TROVE_LOCAL_TROVE_PORT', 'Trove API'),
            (cfg.keystone_port, 'TROVE_LOCAL_KEYSTONE_PORT', 'Keystone')):
        if _port_in_use(port):
            raise Failure(
                'Port %d (for the %s) is already in use by another '
                'program.\nFree it, or choose another port, e.g.:\n'
                '    %s=%d %s start' % (port, what, var, port + 10000, me()))
