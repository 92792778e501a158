#!/usr/bin/env python3
"""troveclient-osc against python-troveclient 8.11.0, on one local Trove.

    benchmarks/run [--runs 5] [--import-runs 11] [--big 1000] [--update-docs]

What it does, with the standard library only:

* keeps two virtualenvs in ``${TROVECLIENT_OSC_CACHE:-~/.cache/
  troveclient-osc}``: ``bench-ours`` (this checkout, reinstalled every run,
  and python-openstackclient) and ``bench-theirs`` (python-troveclient
  8.11.0 and the *same* python-openstackclient version);
* starts its own local cloud (``tools/local-trove``: the real Keystone and
  Trove, with a temporary state directory and free ports, never the shared
  one on 8779/5000) whose catalog points at a counting proxy on 127.0.0.1,
  and stops it at the end, whatever happens;
* makes its projects in that Keystone, through its API as the admin, each
  with a user of the same name and a password; both clients sign in as
  those users through one clouds.yaml, and the set-up's own REST calls use
  their real tokens and project IDs;
* runs every command with both clients, alternating which goes first, and
  reports the requests each sent to Trove (counted by the proxy), to
  Keystone (the access-log lines of Keystone's log during the run, less
  those of Trove's keystonemiddleware: validating the client's token,
  signing its own service user in), the median wall time and the peak RSS
  of the process;
* measures import costs with ``python -X importtime``;
* lists 1,000 instances (all pages) with both.

The tables are printed as reStructuredText and saved, with the raw numbers,
in ``<cache>/bench-results/``; ``--update-docs`` also writes them into
``doc/source/performance.rst``.
"""

import argparse
import concurrent.futures
import datetime
import http.client
import http.server
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

THEIRS = 'python-troveclient==8.11.0'
OSC = 'python-openstackclient'
PAGE = 20                       # Trove's instances_page_size
# Preferred ports of Trove, Keystone and the counting proxy. The proxy's
# port is in the catalog, which is part of the key of tools/local-trove's
# cached Keystone set-up: the same ports every run reuse that set-up.
PORTS = (18879, 15100, 18979)
CREATE_THREADS = 8
IDENTITY_LOG_SETTLE = 0.05      # seconds; see Runner.run

REPO = Path(__file__).resolve().parent.parent
LOCAL_TROVE = REPO / 'tools' / 'local-trove'
# tools/local_trove (standard library only) knows the local cloud: its
# settings, the users it provisions, and how to talk to its Keystone.
sys.path.insert(0, str(REPO / 'tools'))
from local_trove import identity  # noqa: E402
from local_trove import settings as local_settings  # noqa: E402
DOC = REPO / 'doc' / 'source' / 'performance.rst'
DOC_START = '.. benchmark-results-start'
DOC_END = '.. benchmark-results-end'
FLEET_DOC = ('.. fleet-results-start', '.. fleet-results-end')

# Direct connections only: an HTTP proxy from the environment must never be
# asked for 127.0.0.1.
_HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))
WHO = ('ours', 'theirs')
LABEL = {'ours': 'troveclient-osc', 'theirs': 'python-troveclient'}


class Failure(Exception):
    """Stops the benchmark with one clear message."""


def say(message=''):
    print(message, flush=True)


# ---------------------------------------------------------------------------
# Virtualenvs
# ---------------------------------------------------------------------------

def cache_dir():
    cache = os.environ.get('TROVECLIENT_OSC_CACHE')
    return (Path(cache).expanduser() if cache
            else Path.home() / '.cache' / 'troveclient-osc')


def clean_env(**extra):
    """The environment of every child: no OS_*, PYTHON* or proxy settings
    of the caller's, so both clients run under the same conditions."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(('OS_', 'PYTHON', 'VIRTUAL_ENV'))
           and k.lower() not in ('http_proxy', 'https_proxy', 'all_proxy',
                                 'no_proxy')}
    env['NO_PROXY'] = env['no_proxy'] = '127.0.0.1,localhost'
    env.update(extra)
    return env


def _pip(venv, *args):
    cmd = [str(venv / 'bin' / 'python'), '-m', 'pip', 'install', '-q',
           '--disable-pip-version-check'] + list(args)
    done = subprocess.run(cmd, env=clean_env(), capture_output=True,
                          text=True)
    if done.returncode:
        raise Failure('pip failed in %s:\n%s' % (venv, done.stderr[-3000:]))


def _venv(path, requirements, also='', install=None):
    """Create ``path`` with ``requirements`` unless it is already there.

    ``install`` is what pip gets, when it differs from ``requirements``
    (the checkout's path, which may move). A marker written last records
    what was installed (and ``also``); without it (an interrupted install)
    the virtualenv is built again from scratch.
    """
    marker = path / '.bench-requirements'
    wanted = '\n'.join(requirements) + '\n' + also
    try:
        if marker.read_text() == wanted:
            return False
    except OSError:
        pass
    say('Creating %s (%s) ...' % (path, ', '.join(requirements)))
    shutil.rmtree(path, ignore_errors=True)
    subprocess.run([sys.executable, '-m', 'venv', str(path)], check=True)
    _pip(path, *(install or requirements))
    marker.write_text(wanted)
    return True


def _version(venv, dist):
    return subprocess.run(
        [str(venv / 'bin' / 'python'), '-c',
         'import importlib.metadata as m, sys; print(m.version(sys.argv[1]))',
         dist], env=clean_env(), capture_output=True, text=True,
        check=True).stdout.strip()


def ensure_venvs(cache, osc_version=None):
    """``{'ours': path, 'theirs': path}``, same OSC version in both."""
    ours, theirs = cache / 'bench-ours', cache / 'bench-theirs'
    osc = '%s==%s' % (OSC, osc_version) if osc_version else OSC
    # Built again when the checkout's requirements change.
    _venv(ours, [osc, 'troveclient-osc'],
          (REPO / 'requirements.txt').read_text(), install=[osc, str(REPO)])
    if osc_version is None:
        osc = '%s==%s' % (OSC, _version(ours, OSC))
    # The checkout as it is now, built like a user's install (with .pyc).
    say('Installing this checkout into %s ...' % ours)
    _pip(ours, '--no-deps', '--force-reinstall', str(REPO))
    _venv(theirs, [THEIRS, osc])
    versions = {who: _version(path, OSC)
                for who, path in (('ours', ours), ('theirs', theirs))}
    if versions['ours'] != versions['theirs']:
        _pip(ours, osc)
        versions['ours'] = _version(ours, OSC)
    if len(set(versions.values())) != 1:
        raise Failure('python-openstackclient differs: %s' % versions)
    return {'ours': ours, 'theirs': theirs}, versions['ours']


# ---------------------------------------------------------------------------
# The counting proxy
# ---------------------------------------------------------------------------

_HOP = frozenset(('connection', 'keep-alive', 'proxy-connection',
                  'transfer-encoding', 'te', 'trailer', 'upgrade',
                  'content-length'))


class CountingProxy:
    """A threaded reverse proxy on 127.0.0.1 that records every request,
    and when Trove was answering it (from sending the request upstream to
    the last byte of the answer).

    It keeps the clients' connections alive and holds one upstream
    connection per client connection, as a client talking to Trove
    directly would.
    """

    def __init__(self, port, upstream_port):
        self.upstream_port = upstream_port
        self.lock = threading.Lock()
        self.seen = []
        self.answering = []       # (started, ended) of each answer
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = 'HTTP/1.1'
            upstream = None
            # The headers and the body of an answer go out in two writes.
            # With Nagle's algorithm the body waits for the client's ACK of
            # the headers, which a keep-alive connection delays by up to
            # 40 ms: every request after the first on a connection (the
            # second and third page of a listing) would pay that stall,
            # which a client talking to Trove directly does not.
            disable_nagle_algorithm = True

            def log_message(self, fmt, *args):
                pass

            def _relay(self):
                length = int(self.headers.get('Content-Length') or 0)
                body = self.rfile.read(length) if length else None
                with proxy.lock:
                    proxy.seen.append('%s %s' % (self.command, self.path))
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in _HOP}
                if body is not None:
                    headers['Content-Length'] = str(len(body))
                for attempt in (1, 2):
                    if self.upstream is None:
                        self.upstream = http.client.HTTPConnection(
                            '127.0.0.1', proxy.upstream_port, timeout=600)
                    started = time.perf_counter()
                    try:
                        self.upstream.request(self.command, self.path,
                                              body=body, headers=headers)
                        reply = self.upstream.getresponse()
                        data = reply.read()
                        with proxy.lock:
                            proxy.answering.append((started,
                                                    time.perf_counter()))
                        break
                    except (OSError, http.client.HTTPException):
                        self.upstream.close()
                        self.upstream = None
                        if attempt == 2:
                            self.send_error(502)
                            return
                self.send_response_only(reply.status, reply.reason)
                for key, value in reply.getheaders():
                    if key.lower() not in _HOP:
                        self.send_header(key, value)
                self.send_header('Content-Length', str(len(data)))
                self.end_headers()
                if self.command != 'HEAD':
                    self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _relay
            do_HEAD = _relay

            def finish(self):
                super().finish()
                if self.upstream is not None:
                    self.upstream.close()

        http.server.ThreadingHTTPServer.allow_reuse_address = True
        self.server = http.server.ThreadingHTTPServer(('127.0.0.1', port),
                                                      Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       daemon=True)

    def start(self):
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def take(self):
        """The requests seen since the last call, and the seconds during
        which Trove was answering one or more of them: answers that
        overlap (a client sending several requests at once) count once."""
        with self.lock:
            seen, self.seen = self.seen, []
            spans, self.answering = sorted(self.answering), []
        seconds, reach = 0.0, None
        for started, ended in spans:
            if reach is None or started > reach:
                seconds += ended - started
                reach = ended
            elif ended > reach:
                seconds += ended - reach
                reach = ended
        return seen, seconds


# ---------------------------------------------------------------------------
# The benchmark's own local Trove
# ---------------------------------------------------------------------------

def _port_free(port):
    with socket.socket() as sock:
        try:
            sock.bind(('127.0.0.1', port))
        except OSError:
            return False
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(('127.0.0.1', port)) != 0


def free_ports():
    """Trove's, Keystone's and the proxy's ports: free ones, starting from
    the preferred ones (never the shared cloud's 8779/5000)."""
    found = []
    for preferred in PORTS:
        port = preferred
        while port in found or not _port_free(port):
            port += 1
            if port > preferred + 200:
                raise Failure('No free port near %d' % preferred)
        found.append(port)
    return found


#: The projects the benchmark uses; each has a user of the same name, a
#: member of it only, who signs in with this (test-only) password.
PROJECTS = ('bench50', 'benchops', 'bench1k', 'benchfleet')
PASSWORD = 'bench-password'

# gunicorn's access-log line (Keystone's log has its start-up and warning
# lines too): ... "GET /v3 HTTP/1.1" 200 123 "referer" "user agent".
_ACCESS_LINE = re.compile(
    rb'^\S+ \S+ \S+ \[[^]]*\] "[^"]*" \d{3} \S+ "[^"]*" "([^"]*)"\s*$')
# Not the client's: Trove's keystonemiddleware validating the client's
# token (python-keystoneclient) and signing its service user in.
_SERVER_AGENTS = (b'python-keystoneclient', b'keystonemiddleware')


def _settings(env):
    """tools/local_trove's settings (they come from the environment) for
    the benchmark's local Trove."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        return local_settings.Settings()
    finally:
        os.environ.clear()
        os.environ.update(saved)


class LocalTrove:
    def __init__(self, state, trove_port, keystone_port, catalog_url):
        self.env = dict(os.environ)
        self.env.update(TROVE_LOCAL_STATE=str(state),
                        TROVE_LOCAL_TROVE_PORT=str(trove_port),
                        TROVE_LOCAL_KEYSTONE_PORT=str(keystone_port),
                        TROVE_LOCAL_CATALOG_TROVE_URL=catalog_url)
        self.env.pop('OS_CLOUD', None)
        self.cfg = _settings(self.env)
        self.state = self.cfg.state
        self.url = self.cfg.trove_url
        self.auth_url = self.cfg.auth_url
        self.started = False
        self._log_offset = 0
        self._client_requests = 0
        self._sign_ins = {}       # project: (user, password)
        self._tokens = {}         # project: (token, project ID)
        self._lock = threading.Lock()

    def _tool(self, command):
        return subprocess.run([sys.executable, str(LOCAL_TROVE), command],
                              env=self.env, capture_output=True, text=True)

    def start(self):
        self.started = True
        done = self._tool('start')
        if done.returncode:
            raise Failure('tools/local-trove start failed:\n%s%s'
                          % (done.stdout[-2000:], done.stderr[-2000:]))

    def stop(self):
        if self.started:
            done = self._tool('stop')
            if done.returncode:
                say('warning: tools/local-trove stop: %s'
                    % (done.stderr or done.stdout).strip())

    # -- Keystone ----------------------------------------------------------

    def provision(self, projects=PROJECTS):
        """Each project, with a user of its name (a member of it only), in
        Keystone, made through its API as the admin ``start`` made."""
        admin = identity.Admin(self.cfg)
        member = {role['name']: role['id'] for role in
                  admin.call('GET', '/roles')['roles']}['member']
        for name in projects:
            project_id = admin.create('project', name=name,
                                      domain_id='default')
            user_id = admin.create('user', name=name, password=PASSWORD,
                                   domain_id='default',
                                   default_project_id=project_id)
            admin.call('PUT', '/projects/%s/users/%s/roles/%s'
                       % (project_id, user_id, member))
            self._sign_ins[name] = (name, PASSWORD)
        user, project, _role, password = local_settings.ADMIN
        self._sign_ins[project] = (user, password)

    def _sign_in(self, project, again=False):
        """The (token, project ID) of the project's user, signed in once
        (again when Trove has refused the token)."""
        with self._lock:
            if again or project not in self._tokens:
                user, password = self._sign_ins[project]
                token, project_id = identity.sign_in(self.cfg, user,
                                                     project, password)
                if not token:
                    raise Failure('%s cannot sign in to project %s; see %s'
                                  % (user, project, self.cfg.keystone_log))
                self._tokens[project] = token, project_id
            return self._tokens[project]

    def project_id(self, project):
        return self._sign_in(project)[1]

    def identity_requests(self):
        """How many requests the clients have sent to Keystone so far: the
        access-log lines of Keystone's log, less those of Trove's
        keystonemiddleware."""
        try:
            with open(self.cfg.keystone_log, 'rb') as log:
                log.seek(self._log_offset)
                data = log.read()
        except OSError:
            return self._client_requests
        # Only whole lines; a line being written is read next time.
        data = data[:data.rfind(b'\n') + 1]
        self._log_offset += len(data)
        for line in data.splitlines():
            match = _ACCESS_LINE.match(line)
            if match and not any(agent in match.group(1)
                                 for agent in _SERVER_AGENTS):
                self._client_requests += 1
        return self._client_requests

    # -- the REST API, for setting up data (not counted, not timed) --------

    def api(self, project, method, path, body=None):
        """A request to Trove as the project's user, with a real token in
        the project's (ID's) URL."""
        data = json.dumps(body).encode() if body is not None else None
        for again in (False, True):
            token, project_id = self._sign_in(project, again)
            request = urllib.request.Request(
                '%s/%s%s' % (self.url, project_id, path), data=data,
                method=method,
                headers={'X-Auth-Token': token,
                         'Content-Type': 'application/json',
                         'Accept': 'application/json'})
            try:
                with _HTTP.open(request, timeout=300) as reply:
                    raw = reply.read()
                return json.loads(raw) if raw else None
            except urllib.error.HTTPError as error:
                # An expired token: sign in again, once.
                if error.code != 401 or again:
                    raise

    def create(self, project, name):
        body = {'instance': {'name': name, 'flavorRef': '1',
                             'volume': {'size': 1},
                             'datastore': {'type': 'mysql',
                                           'version': '8.0'}}}
        for attempt in range(4):
            try:
                return self.api(project, 'POST', '/instances',
                                body)['instance']['id']
            except (OSError, urllib.error.HTTPError) as error:
                last = error
                time.sleep(1 + attempt)
        raise Failure('Could not create %s in %s: %s' % (name, project, last))

    def create_many(self, project, names):
        with concurrent.futures.ThreadPoolExecutor(CREATE_THREADS) as pool:
            return list(pool.map(lambda n: self.create(project, n), names))

    def listing(self, project):
        """Every instance of ``project`` in listing order (all pages)."""
        found, marker = [], None
        for _page in range(10000):
            query = '?marker=%s' % urllib.parse.quote(marker) if marker else ''
            body = self.api(project, 'GET', '/instances' + query)
            found.extend(body['instances'])
            nexts = [link['href'] for link in body.get('links') or ()
                     if link.get('rel') == 'next']
            if not nexts:
                return found
            marker = urllib.parse.parse_qs(
                urllib.parse.urlsplit(nexts[0]).query)['marker'][0]
        raise Failure('Endless listing of %s' % project)

    def wait_active(self, project, count, timeout=600):
        deadline = time.monotonic() + timeout
        while True:
            found = self.listing(project)
            statuses = [i['status'] for i in found]
            if len(found) >= count and all(s == 'ACTIVE' for s in statuses):
                return found
            if any(s in ('ERROR', 'FAILED') for s in statuses):
                raise Failure('Instances of %s failed to build' % project)
            if time.monotonic() > deadline:
                raise Failure('%s: not all %d instances ACTIVE after %ds'
                              % (project, count, timeout))
            time.sleep(1)


# ---------------------------------------------------------------------------
# Running one command
# ---------------------------------------------------------------------------

class Runner:
    def __init__(self, venvs, trove, proxy, clouds, workdir):
        self.venvs = venvs
        self.trove = trove
        self.proxy = proxy
        self.workdir = workdir
        self.env = clean_env(OS_CLIENT_CONFIG_FILE=str(clouds))

    def run(self, who, argv, cloud='bench50', python_args=None):
        """One process: wall time, peak RSS, requests, exit code, output."""
        venv = self.venvs[who]
        if python_args is None:
            cmd = [str(venv / 'bin' / 'openstack'), '--os-cloud', cloud]
        else:
            cmd = [str(venv / 'bin' / 'python')] + python_args + [
                '--os-cloud', cloud]
        cmd += list(argv)
        self.proxy.take()
        before = self.trove.identity_requests()
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            started = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=out, stderr=err,
                                    stdin=subprocess.DEVNULL, env=self.env,
                                    cwd=self.workdir)
            _pid, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - started
            proc.returncode = os.waitstatus_to_exitcode(status)
            out.seek(0)
            err.seek(0)
            stdout = out.read().decode('utf-8', 'replace')
            stderr = err.read().decode('utf-8', 'replace')
        requests, trove_seconds = self.proxy.take()
        # Keystone writes a request's access-log line just after its
        # answer: give the client's last one time to get there.
        time.sleep(IDENTITY_LOG_SETTLE)
        return {'wall': wall, 'rss_kb': usage.ru_maxrss,
                'requests': requests, 'trove': trove_seconds,
                'identity': self.trove.identity_requests() - before,
                'rc': proc.returncode, 'stdout': stdout, 'stderr': stderr}


def _rows(result):
    """How many rows the JSON output has; records distinct IDs too."""
    try:
        value = json.loads(result['stdout'])
    except ValueError:
        return None
    if not isinstance(value, list):
        return 1
    result['distinct'] = len({row.get('ID') for row in value
                              if isinstance(row, dict)})
    return len(value)


def _first_error(result):
    lines = [line for line in result['stderr'].splitlines()
             if line.strip()]
    return (lines[-1][:100].rstrip('.') if lines
            else 'exit %d' % result['rc'])


class Sample:
    """All runs of one command by one client."""

    def __init__(self):
        self.runs = []

    def add(self, result):
        self.runs.append(result)

    def summary(self):
        runs = self.runs
        counts = sorted({len(r['requests']) for r in runs})
        identity = sorted({r['identity'] for r in runs})
        failed = [r for r in runs if r['rc'] != 0]
        rows = sorted({r.get('rows') for r in runs if r.get('rows')
                       is not None})
        distinct = sorted({r.get('distinct') for r in runs
                           if r.get('distinct') is not None})
        return {
            'requests': counts[0] if len(counts) == 1 else counts,
            'identity': identity[0] if len(identity) == 1 else identity,
            'wall_median': statistics.median(r['wall'] for r in runs),
            'wall_min': min(r['wall'] for r in runs),
            # The time the client spends on anything but waiting for Trove:
            # start-up, signing in, its own work and the output.
            'outside_median': statistics.median(r['wall'] - r['trove']
                                                for r in runs),
            'trove_median': statistics.median(r['trove'] for r in runs),
            'rss_mib': max(r['rss_kb'] for r in runs) / 1024.0,
            'rows': rows[0] if len(rows) == 1 else rows,
            'distinct': distinct[0] if len(distinct) == 1 else distinct,
            'failed': len(failed),
            'error': _first_error(failed[0]) if failed else None,
            'paths': runs[0]['requests'],
            'processes': runs[0].get('processes', 1),
            'runs': len(runs),
        }


def combine(results):
    """Several processes of one scripted step as one result."""
    return {'wall': sum(r['wall'] for r in results),
            'trove': sum(r['trove'] for r in results),
            'rss_kb': max(r['rss_kb'] for r in results),
            'requests': [q for r in results for q in r['requests']],
            'identity': sum(r['identity'] for r in results),
            'rc': max(r['rc'] for r in results),
            'stdout': '', 'stderr': '\n'.join(r['stderr'] for r in results),
            'rows': sum(r.get('rows') or 0 for r in results),
            'distinct': len(set().union(*(r.get('ids', ()) for r in results))),
            'processes': len(results)}


def list_with_markers(runner, who, cloud):
    """What a script must do to list everything with python-troveclient:
    one process per page, passing the last ID as ``--marker``."""
    results, marker = [], None
    while True:
        argv = ['database', 'instance', 'list', '-f', 'json']
        if marker:
            argv += ['--marker', marker]
        result = runner.run(who, argv, cloud)
        page = json.loads(result['stdout']) if result['rc'] == 0 else []
        result['rows'] = len(page)
        result['ids'] = {row['ID'] for row in page}
        results.append(result)
        if result['rc'] != 0 or len(page) < PAGE:
            return combine(results)
        marker = page[-1]['ID']


# ---------------------------------------------------------------------------
# Fleet commands: many instances by name, with waiting
# ---------------------------------------------------------------------------

FLEET = 51                      # three pages of the listing
FLEET_DELETE = 40
FLEET_RESTART = 10
# A runbook's sleep between two polls: troveclient-osc's default --wait
# interval (troveclient_osc.waiters.DEFAULT_INTERVAL).
POLL_INTERVAL = 2.0
POLL_TIMEOUT = 300


def fleet_topup(trove):
    """``benchfleet`` back to its ``FLEET`` instances, all ACTIVE: the
    deleted ones gone and made again under their names, the restarted ones
    back. The names the commands act on, in listing order."""
    wanted = ['fleet-%02d' % i for i in range(FLEET)]
    # Nothing being deleted or restarted any more (a deleted instance's
    # quota is free only once it is gone).
    present = {i['name'] for i in trove.wait_active('benchfleet', 0)}
    missing = [name for name in wanted if name not in present]
    if missing:
        trove.create_many('benchfleet', missing)
    return [i['name'] for i in trove.wait_active('benchfleet', FLEET)]


def _loop(results, started):
    """The processes of a runbook's loop as one result; its wall time is
    the loop's, sleeps between polls included."""
    result = combine(results)
    result['wall'] = time.perf_counter() - started
    return result


def _poll_listing(runner, who, done, results):
    """What a runbook does to wait with python-troveclient: list (one
    process; its first page) every ``POLL_INTERVAL`` until ``done(rows)``."""
    deadline = time.monotonic() + POLL_TIMEOUT
    while True:
        result = runner.run(who, ['database', 'instance', 'list', '-f',
                                  'json'], 'benchfleet')
        results.append(result)
        if result['rc'] != 0:
            return
        if done(json.loads(result['stdout'])):
            return
        if time.monotonic() > deadline:
            result['rc'] = 1
            result['stderr'] += '\ngave up waiting after %ds' % POLL_TIMEOUT
            return
        time.sleep(POLL_INTERVAL)


def theirs_delete(runner, who, names):
    """python-troveclient's runbook: ``instance delete <name>``, one
    process each, then its listing polled until the name is gone, before
    the next name. Its name lookup searches the first page of the listing
    only: the names are taken in listing order, so each is on the first
    page once the ones before it are gone (any other order fails past the
    20th)."""
    started = time.perf_counter()
    results = []
    for name in names:
        result = runner.run(who, ['database', 'instance', 'delete', name],
                            'benchfleet')
        results.append(result)
        if result['rc'] != 0:
            break
        _poll_listing(runner, who,
                      lambda rows, n=name: all(r['Name'] != n for r in rows),
                      results)
        if results[-1]['rc'] != 0:
            break
    return _loop(results, started)


def theirs_restart(runner, who, names):
    """python-troveclient's runbook: ``instance restart <name>``, one
    process each, then its listing polled until all of them are ACTIVE
    (the names are the first of the listing, so on its first page)."""
    started = time.perf_counter()
    results = []
    for name in names:
        result = runner.run(who, ['database', 'instance', 'restart', name],
                            'benchfleet')
        results.append(result)
        if result['rc'] != 0:
            return _loop(results, started)
    wanted = set(names)
    _poll_listing(runner, who,
                  lambda rows: all(r['Status'] == 'ACTIVE' for r in rows
                                   if r['Name'] in wanted)
                  and wanted <= {r['Name'] for r in rows},
                  results)
    return _loop(results, started)


def fleet_scenarios():
    """``[(title, count, {who: callable(runner, who, names)}, note)]``:
    each acts on the first ``count`` names of the listing of a full
    ``benchfleet``."""
    def ours(action):
        def go(runner, who, names):
            return runner.run(who, ['database', 'instance', action] + names
                              + ['--wait'], 'benchfleet')
        return go

    return [
        ('instance delete <name> --wait (1 of %d)' % FLEET, 1,
         {'ours': ours('delete'), 'theirs': theirs_delete},
         'python-troveclient: delete, then instance list every %gs until '
         'gone' % POLL_INTERVAL),
        ('instance delete <name> x%d --wait (of %d)' % (FLEET_DELETE, FLEET),
         FLEET_DELETE,
         {'ours': ours('delete'), 'theirs': theirs_delete},
         'troveclient-osc: one process. python-troveclient: per name, '
         'delete, then instance list every %gs until gone' % POLL_INTERVAL),
        ('instance restart <name> x%d --wait (of %d)' % (FLEET_RESTART,
                                                         FLEET),
         FLEET_RESTART,
         {'ours': ours('restart'), 'theirs': theirs_restart},
         'troveclient-osc: one process. python-troveclient: restart per '
         'name, then instance list every %gs until all ACTIVE'
         % POLL_INTERVAL),
    ]


# ---------------------------------------------------------------------------
# The benchmark
# ---------------------------------------------------------------------------

CLOUDS = """\
# Written by benchmarks/bench.py.
clouds:
{clouds}"""
CLOUD = """\
  {name}:
    auth:
      auth_url: {auth_url}
      username: {name}
      password: {password}
      project_name: {name}
      user_domain_id: default
      project_domain_id: default
    region_name: {region}
    identity_api_version: 3
    interface: public
"""

# Imports every module with an ``import`` statement, so that ``-X
# importtime`` also reports the plugin modules that stevedore loads with
# importlib.import_module (which it would not show).
IMPORT_DRIVER = """\
import importlib
import importlib.metadata
import sys

_import_module = importlib.import_module


def import_module(name, package=None):
    if package is None and not name.startswith('.'):
        __import__(name)
        return sys.modules[name]
    return _import_module(name, package)


importlib.import_module = import_module
importlib.metadata.import_module = import_module
from openstackclient.shell import main  # noqa: E402
sys.exit(main(sys.argv[1:]))
"""

_IMPORT_LINE = re.compile(r'import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)')


def import_times(stderr):
    """``{module: (self_us, cumulative_us, depth)}`` from -X importtime."""
    found = {}
    for line in stderr.splitlines():
        match = _IMPORT_LINE.match(line)
        if match:
            found[match.group(4)] = (int(match.group(1)),
                                     int(match.group(2)),
                                     len(match.group(3)) // 2)
    return found


def self_time_ms(times, packages):
    return sum(value[0] for module, value in times.items()
               if module.split('.')[0] in packages) / 1000.0


class Bench:
    def __init__(self, args, runner, trove):
        self.args = args
        self.runner = runner
        self.trove = trove
        self.rows = []        # (title, {who: Sample}, note)
        self.imports = []     # (title, {who: [ms, ...]}, note)
        self.big = None
        self.fleet = []       # (title, {who: Sample}, note)

    def _round_order(self, round_no):
        return WHO if round_no % 2 == 0 else WHO[::-1]

    def commands(self, fixtures):
        """The command table: ``[(title, {who: callable(round)}, note)]``."""
        inst45 = fixtures['inst45']
        pools = fixtures['pools']

        def cmd(*argv, cloud='bench50', rows=False):
            def go(who, round_no):
                result = self.runner.run(who, argv, cloud)
                if rows and result['rc'] == 0:
                    result['rows'] = _rows(result)
                return result
            return go

        def pooled(kind, *argv):
            def go(who, round_no):
                ident = pools[(kind, who, round_no)]
                return self.runner.run(
                    who, [a.replace('{id}', ident) for a in argv],
                    'benchops')
            return go

        def create(who, round_no):
            return self.runner.run(
                who, ['database', 'instance', 'create',
                      'created-%s-%d' % (who, round_no), '--flavor', '1',
                      '--size', '1', '--datastore', 'mysql',
                      '--datastore-version', '8.0', '-f', 'json'],
                'benchops')

        small = self.args.small
        listing = cmd('database', 'instance', 'list', '-f', 'json',
                      rows=True)
        return [
            ('token issue (no database command)',
             {w: cmd('token', 'issue', '-f', 'json') for w in WHO},
             'no request to Trove: python-openstackclient starting, loading '
             'every plugin and signing in, as every command does'),
            ('instance list (%d instances)' % small,
             {'ours': listing, 'theirs': listing},
             'python-troveclient lists the first page only'),
            ('instance list --limit 20 (one page each)',
             {w: cmd('database', 'instance', 'list', '--limit', str(PAGE),
                     '-f', 'json', rows=True) for w in WHO},
             'the same work for both'),
            ('all %d instances listed' % small,
             {'ours': listing,
              'theirs': lambda who, r: list_with_markers(self.runner, who,
                                                         'bench50')},
             'python-troveclient: one process per page, with --marker'),
            ('instance show <ID>',
             {w: cmd('database', 'instance', 'show', inst45['id'], '-f',
                     'json') for w in WHO}, ''),
            ('instance show <name> (%dth of %d)' % (fixtures['position'],
                                                    small),
             {w: cmd('database', 'instance', 'show', inst45['name'], '-f',
                     'json') for w in WHO},
             'python-troveclient searches the first page only'),
            ('instance create --flavor 1',
             {w: create for w in WHO}, ''),
            ('instance delete <ID>',
             {w: pooled('delete', 'database', 'instance', 'delete', '{id}')
              for w in WHO}, ''),
            ('instance restart <ID>',
             {w: pooled('restart', 'database', 'instance', 'restart',
                        '{id}') for w in WHO}, ''),
            ('instance resize flavor <ID> 2',
             {w: pooled('flavor', 'database', 'instance', 'resize', 'flavor',
                        '{id}', '2') for w in WHO}, ''),
            ('instance resize volume <ID> 2',
             {w: pooled('volume', 'database', 'instance', 'resize', 'volume',
                        '{id}', '2') for w in WHO}, ''),
            ('flavor list',
             {w: cmd('database', 'flavor', 'list', '-f', 'json', rows=True)
              for w in WHO}, ''),
            ('flavor show m1.small',
             {w: cmd('database', 'flavor', 'show', 'm1.small', '-f', 'json')
              for w in WHO}, ''),
            ('datastore list',
             {w: cmd('datastore', 'list', '-f', 'json', rows=True)
              for w in WHO}, ''),
            ('datastore show mysql',
             {w: cmd('datastore', 'show', 'mysql', '-f', 'json')
              for w in WHO}, ''),
            ('datastore version list mysql',
             {w: cmd('datastore', 'version', 'list', 'mysql', '-f', 'json',
                     rows=True) for w in WHO}, ''),
            ('datastore version show 8.0 --datastore mysql',
             {w: cmd('datastore', 'version', 'show', '8.0', '--datastore',
                     'mysql', '-f', 'json') for w in WHO}, ''),
        ]

    def run_commands(self, fixtures):
        table = self.commands(fixtures)
        samples = [{w: Sample() for w in WHO} for _row in table]
        reused = {}
        for round_no in range(self.args.runs):
            say('  round %d of %d' % (round_no + 1, self.args.runs))
            for index, (title, calls, _note) in enumerate(table):
                for who in self._round_order(round_no):
                    call = calls[who]
                    # The same command twice in a round (ours lists every
                    # page in both listing rows) is run once.
                    key = (id(call), who, round_no)
                    if key not in reused:
                        reused[key] = call(who, round_no)
                    samples[index][who].add(reused[key])
        self.rows = [(title, sample, note) for (title, _c, note), sample
                     in zip(table, samples)]

    def run_fleet(self):
        """The fleet scenarios, on a full ``benchfleet`` each time."""
        table = fleet_scenarios()
        samples = [{w: Sample() for w in WHO} for _row in table]
        for round_no in range(self.args.fleet_runs):
            say('  fleet round %d of %d' % (round_no + 1,
                                            self.args.fleet_runs))
            for index, (title, count, calls, _note) in enumerate(table):
                for who in self._round_order(round_no):
                    names = fleet_topup(self.trove)[:count]
                    result = calls[who](self.runner, who, names)
                    say('    %s, %s: %d requests, %.1f s%s'
                        % (title, LABEL[who], len(result['requests']),
                           result['wall'],
                           '' if result['rc'] == 0 else ' (failed: %s)'
                           % _first_error(result)))
                    samples[index][who].add(result)
        self.fleet = [(title, sample, note) for (title, _n, _c, note), sample
                      in zip(table, samples)]

    def run_imports(self):
        driver = self.runner.workdir / 'osc_importtime.py'
        driver.write_text(IMPORT_DRIVER)
        own = {'ours': ('troveclient_osc',), 'theirs': ('troveclient',)}
        mods = {'ours': ('troveclient_osc.v1.client',
                         'troveclient_osc.plugin'),
                'theirs': ('troveclient.v1.client', 'troveclient.osc.plugin')}
        plugin = {w: [] for w in WHO}
        mistral = {w: [] for w in WHO}
        client = {w: [] for w in WHO}
        hook = {w: [] for w in WHO}
        for round_no in range(self.args.import_runs):
            for who in self._round_order(round_no):
                result = self.runner.run(
                    who, ['database', 'flavor', 'list'],
                    python_args=['-X', 'importtime', str(driver)])
                if result['rc']:
                    raise Failure('%s: flavor list under -X importtime '
                                  'failed: %s' % (who, _first_error(result)))
                times = import_times(result['stderr'])
                plugin[who].append(self_time_ms(times, own[who]))
                mistral[who].append(self_time_ms(times, ('mistralclient',)))
                for module, store in zip(mods[who], (client, hook)):
                    done = subprocess.run(
                        [str(self.runner.venvs[who] / 'bin' / 'python'),
                         '-X', 'importtime', '-c', 'import ' + module],
                        env=self.runner.env, cwd=self.runner.workdir,
                        capture_output=True, text=True)
                    if done.returncode:
                        raise Failure('import %s failed: %s'
                                      % (module, done.stderr[-500:]))
                    store[who].append(
                        import_times(done.stderr)[module][1] / 1000.0)
        self.imports = [
            ('self time of the plugin modules during '
             '``openstack database flavor list``', plugin,
             'troveclient_osc.* / troveclient.*'),
            ('self time of mistralclient.* in the same run', mistral,
             'python-troveclient depends on python-mistralclient, an OSC '
             'plugin loaded by every command'),
            ('``import troveclient_osc.v1.client`` / '
             '``import troveclient.v1.client``', client,
             'cumulative, in a fresh interpreter'),
            ('``import troveclient_osc.plugin`` / '
             '``import troveclient.osc.plugin``', hook,
             'cumulative, in a fresh interpreter'),
        ]

    def run_big(self, count):
        trove = self.trove
        say('Creating %d instances in project bench1k ...' % count)
        admin_project = local_settings.ADMIN[1]
        trove.api(admin_project, 'PUT', '/mgmt/quotas/%s'
                  % trove.project_id('bench1k'),
                  {'quotas': {'instances': count + 10}})
        started = time.monotonic()
        trove.create_many('bench1k', ['big-%04d' % i for i in range(count)])
        created = time.monotonic() - started
        trove.wait_active('bench1k', count)
        ready = time.monotonic() - started
        say('  created in %.0f s, all ACTIVE after %.0f s' % (created, ready))
        samples = {w: Sample() for w in WHO}
        # Two runs of ours (~10-20 s each), one of theirs: one process per
        # page, 60-90 processes, 1.5-3 minutes.
        for round_no in range(min(2, self.args.runs)):
            for who in self._round_order(round_no):
                if who == 'theirs' and round_no > 0:
                    continue
                if who == 'ours':
                    result = self.runner.run(
                        who, ['database', 'instance', 'list', '-f', 'json'],
                        'bench1k')
                    result['rows'] = _rows(result)
                else:
                    result = list_with_markers(self.runner, who, 'bench1k')
                samples[who].add(result)
        self.big = {'count': count, 'samples': samples,
                    'setup_seconds': round(ready, 1)}


# ---------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------

POOL_KINDS = ('delete', 'restart', 'flavor', 'volume')


def setup_fixtures(trove, small, runs):
    """Instances the commands work on, all ACTIVE before anything is timed.

    ``bench50`` holds the listed instances; ``benchops`` one instance per
    run, client and mutating command (delete, restart, resizes).
    """
    say('Creating %d instances to list and %d to act on ...'
        % (small, runs * len(WHO) * len(POOL_KINDS)))
    trove.create_many('bench50', ['b50-%02d' % i for i in range(small)])
    keys = [(kind, who, r) for r in range(runs) for who in WHO
            for kind in POOL_KINDS]
    ids = trove.create_many('benchops', ['pool-%s-%s-%d' % k for k in keys])
    listed = trove.wait_active('bench50', small)
    trove.wait_active('benchops', len(keys))
    position = min(45, small)
    return {'inst45': listed[position - 1], 'position': position,
            'pools': dict(zip(keys, ids))}


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------

def rst_table(header, rows):
    """A reStructuredText simple table (also readable as plain text)."""
    cells = [list(map(str, header))] + [list(map(str, r)) for r in rows]
    widths = [max(len(row[i]) for row in cells)
              for i in range(len(header))]
    rule = '  '.join('=' * w for w in widths)

    def line(row):
        return '  '.join(cell.ljust(w) for cell, w in
                         zip(row, widths)).rstrip()

    out = [rule, line(cells[0]), rule]
    out += [line(row) for row in cells[1:]]
    out.append(rule)
    return '\n'.join(out)


def _count(value):
    return '-'.join(map(str, value)) if isinstance(value, list) else str(
        value)


def _note(summary, expected_rows=None):
    notes = []
    if summary['failed']:
        notes.append('fails: %s' % summary['error'])
    if summary['processes'] > 1:
        notes.append('%d processes' % summary['processes'])
    if expected_rows is not None and summary['rows'] not in (None, []) \
            and summary['rows'] != expected_rows:
        if summary['distinct'] not in (None, [], summary['rows']):
            notes.append('%s rows, %s distinct' % (
                _count(summary['rows']), _count(summary['distinct'])))
        else:
            notes.append('%s rows' % _count(summary['rows']))
    return '; '.join(notes)


def command_table(rows):
    header = ('Command', 'Requests ours', 'theirs', 'Identity ours/theirs',
              'Wall ours (s)', 'theirs (s)', 'ours/theirs',
              'Outside Trove ours/theirs (s)', 'RSS ours (MiB)',
              'theirs (MiB)', 'Notes')
    body = []
    for title, samples, note in rows:
        s = {w: samples[w].summary() for w in WHO}
        outside = '%.2f/%.2f' % tuple(s[w]['outside_median'] for w in WHO)
        expected = s['ours']['rows'] if title.startswith(
            ('instance list', 'all ')) else None
        notes = ['%s: %s' % (who, _note(s[who], expected)) for who in WHO
                 if _note(s[who], expected)]
        if note:
            notes.append(note)
        body.append((
            title, _count(s['ours']['requests']),
            _count(s['theirs']['requests']),
            '%s/%s' % (_count(s['ours']['identity']),
                       _count(s['theirs']['identity'])),
            '%.2f' % s['ours']['wall_median'],
            '%.2f' % s['theirs']['wall_median'],
            '%.2f' % (s['ours']['wall_median'] /
                      s['theirs']['wall_median']),
            outside, '%.1f' % s['ours']['rss_mib'],
            '%.1f' % s['theirs']['rss_mib'],
            '. '.join(notes)))
    return rst_table(header, body)


def import_table(imports):
    header = ('Import cost, ms: median (lowest-highest)', 'ours', 'theirs',
              'Notes')
    return rst_table(header, [
        (title, _spread(values['ours']), _spread(values['theirs']), note)
        for title, values, note in imports])


def _spread(values):
    return '%.1f (%.1f-%.1f)' % (statistics.median(values), min(values),
                                 max(values))


def big_table(big):
    header = ('Listing %d instances, all pages' % big['count'], 'ours',
              'theirs')
    s = {w: big['samples'][w].summary() for w in WHO}
    rows = [
        ('processes', s['ours']['processes'], s['theirs']['processes']),
        ('requests to Trove', _count(s['ours']['requests']),
         _count(s['theirs']['requests'])),
        ('requests to identity', _count(s['ours']['identity']),
         _count(s['theirs']['identity'])),
        ('rows listed (distinct instances)',) + tuple(
            '%s (%s)' % (_count(s[w]['rows']), _count(s[w]['distinct']))
            for w in WHO),
        ('wall time (s), median of runs',) + tuple(
            '%.1f (%d run%s)' % (s[w]['wall_median'], s[w]['runs'],
                                 's' if s[w]['runs'] > 1 else '')
            for w in WHO),
        ('of which Trove answering (s)',) + tuple(
            '%.1f' % s[w]['trove_median'] for w in WHO),
        ('peak RSS (MiB)', '%.1f' % s['ours']['rss_mib'],
         '%.1f' % s['theirs']['rss_mib']),
    ]
    return rst_table(header, rows)


def fleet_ratio_table(fleet):
    """Deleting 40 against deleting one, each client against itself."""
    walls = {title: {w: samples[w].summary()['wall_median'] for w in WHO}
             for title, samples, _note in fleet}
    titles = list(walls)
    one, many = titles[0], titles[1]
    header = ('Wall time ratio', 'ours', 'theirs')
    return rst_table(header, [
        ('delete x%d --wait / delete 1 --wait' % FLEET_DELETE,) + tuple(
            '%.2f' % (walls[many][w] / walls[one][w]) for w in WHO)])


def machine(venvs, osc_version):
    model = '?'
    memory = '?'
    try:
        for line in Path('/proc/cpuinfo').read_text().splitlines():
            if line.startswith('model name'):
                model = line.split(':', 1)[1].strip()
                break
        for line in Path('/proc/meminfo').read_text().splitlines():
            if line.startswith('MemTotal:'):
                memory = '%.1f GiB' % (int(line.split()[1]) / 1024 ** 2)
                break
    except OSError:
        pass
    python = subprocess.run(
        [str(venvs['ours'] / 'bin' / 'python'), '-c',
         'import platform; print(platform.python_version())'],
        capture_output=True, text=True).stdout.strip()
    return {'date': datetime.datetime.now(datetime.timezone.utc).strftime(
                '%Y-%m-%d %H:%M UTC'),
            'nproc': os.cpu_count(), 'cpu': model, 'memory': memory,
            'python': python, 'os': platform.platform(terse=True),
            'openstackclient': osc_version,
            'loadavg_start': '%.2f %.2f %.2f' % os.getloadavg()}


def report_fleet(info, bench):
    return '\n'.join([
        'Taken on %(date)s: %(nproc)s CPUs (%(cpu)s), Python %(python)s, '
        'python-openstackclient %(openstackclient)s; load average '
        '%(loadavg_start)s at the start and %(loadavg_end)s at the end.  '
        '%(fleet_runs)s run%(fleet_plural)s per scenario and client, each '
        'on a full project of %(fleet)d instances, alternating which client '
        'goes first.' % dict(info, fleet=FLEET, fleet_plural='s' if info[
            'fleet_runs'] > 1 else ''),
        '', command_table(bench.fleet), '', fleet_ratio_table(bench.fleet)
    ]) + '\n'


def report(info, bench):
    parts = [
        'Taken on %(date)s: %(nproc)s CPUs (%(cpu)s), %(memory)s of memory, '
        'Python %(python)s, %(os)s, python-openstackclient '
        '%(openstackclient)s; load average %(loadavg_start)s at the start '
        'and %(loadavg_end)s at the end.  %(runs)s runs per command and '
        '%(import_runs)s per import measurement, alternating which client '
        'goes first.' % info,
        '', command_table(bench.rows), '', import_table(bench.imports)]
    if bench.big:
        parts += ['', big_table(bench.big)]
    return '\n'.join(parts) + '\n'


def update_docs(text, markers=(DOC_START, DOC_END)):
    doc = DOC.read_text()
    start, end = doc.find(markers[0]), doc.find(markers[1])
    if start < 0 or end < start:
        raise Failure('%s has no %s ... %s markers'
                      % (DOC, markers[0], markers[1]))
    start += len(markers[0])
    DOC.write_text(doc[:start] + '\n\n' + text + '\n' + doc[end:])


def save(results_dir, info, bench, text):
    results_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime('%Y%m%d-%H%M%S')

    def dump(samples):
        return {w: samples[w].summary() for w in WHO}

    data = {'machine': info,
            'commands': [{'command': title, 'note': note,
                          'results': dump(samples)}
                         for title, samples, note in bench.rows],
            'imports': [{'what': title, 'note': note, 'ms': values}
                        for title, values, note in bench.imports],
            'big': ({'count': bench.big['count'],
                     'setup_seconds': bench.big['setup_seconds'],
                     'results': dump(bench.big['samples'])}
                    if bench.big else None),
            'fleet': [{'scenario': title, 'note': note,
                       'results': dump(samples)}
                      for title, samples, note in bench.fleet]}
    for name in ('latest', stamp):
        (results_dir / ('%s.json' % name)).write_text(
            json.dumps(data, indent=1, default=str))
        (results_dir / ('%s.rst' % name)).write_text(text)
    return results_dir / ('%s.json' % stamp)


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------

def parse_args(argv):
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--runs', type=int, default=5,
                        help='runs of each command per client (default 5)')
    parser.add_argument('--import-runs', type=int, default=11,
                        help='runs of each import measurement per client '
                             '(default 11: a few milliseconds vary more '
                             'from run to run than seconds do)')
    parser.add_argument('--small', type=int, default=50,
                        help='instances in the listed project (default 50)')
    parser.add_argument('--big', type=int, default=1000,
                        help='instances in the big listing; 0 skips it '
                             '(default 1000)')
    parser.add_argument('--fleet-runs', type=int, default=1,
                        help='runs of each fleet scenario (many instances '
                             'by name, with --wait) per client (default 1: '
                             "python-troveclient's loops take minutes)")
    parser.add_argument('--only', type=_sections, default=SECTIONS,
                        metavar='SECTION[,SECTION]',
                        help='run only these of %s (default: all; '
                             '--update-docs then writes only what ran)'
                             % ', '.join(SECTIONS))
    parser.add_argument('--osc-version',
                        help='python-openstackclient version for both '
                             '(default: the newest, as installed in '
                             'bench-ours)')
    parser.add_argument('--update-docs', action='store_true',
                        help='write the tables into '
                             'doc/source/performance.rst')
    parser.add_argument('--keep', action='store_true',
                        help='keep the temporary state directory')
    args = parser.parse_args(argv)
    if args.runs < 1 or args.import_runs < 1 or args.small < 2 \
            or args.big < 0 or args.fleet_runs < 1:
        parser.error('--runs >= 1, --import-runs >= 1, --small >= 2, '
                     '--big >= 0 and --fleet-runs >= 1, please')
    if 'big' not in args.only:
        args.big = 0
    return args


SECTIONS = ('commands', 'imports', 'big', 'fleet')


def _sections(value):
    chosen = tuple(part.strip() for part in value.split(',') if part.strip())
    unknown = [part for part in chosen if part not in SECTIONS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            'choose from %s' % ', '.join(SECTIONS))
    return chosen


def _terminate(signum, frame):
    raise SystemExit(128 + signum)


def main(argv=None):
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)
    began = time.monotonic()
    cache = cache_dir()
    venvs, osc_version = ensure_venvs(cache, args.osc_version)
    workdir = Path(tempfile.mkdtemp(prefix='troveclient-osc-bench-'))
    trove_port, keystone_port, proxy_port = free_ports()
    proxy = CountingProxy(proxy_port, trove_port)
    proxy.start()
    trove = LocalTrove(workdir / 'trove', trove_port, keystone_port,
                       'http://127.0.0.1:%d/v1.0' % proxy.port)
    ok = False
    try:
        say('Starting the benchmark Trove on 127.0.0.1:%d (identity %d, '
            'counting proxy %d), state in %s ...'
            % (trove_port, keystone_port, proxy.port, trove.state))
        trove.start()
        say('Making the projects and users %s in Keystone ...'
            % ', '.join(PROJECTS))
        trove.provision()
        clouds = workdir / 'clouds.yaml'
        clouds.write_text(CLOUDS.format(clouds=''.join(
            CLOUD.format(name=name, auth_url=trove.auth_url,
                         password=PASSWORD, region=local_settings.REGION)
            for name in PROJECTS)))
        runner = Runner(venvs, trove, proxy, clouds, workdir)
        info = machine(venvs, osc_version)
        info['runs'] = args.runs
        info['import_runs'] = args.import_runs
        info['fleet_runs'] = args.fleet_runs
        bench = Bench(args, runner, trove)
        if 'commands' in args.only:
            fixtures = setup_fixtures(trove, args.small, args.runs)
            say('Timing the commands ...')
            bench.run_commands(fixtures)
        if 'imports' in args.only:
            say('Timing the imports ...')
            bench.run_imports()
        if args.big:
            bench.run_big(args.big)
        if 'fleet' in args.only:
            say('Timing many instances by name, with --wait ...')
            bench.run_fleet()
        info['loadavg_end'] = '%.2f %.2f %.2f' % os.getloadavg()
        ok = True
    finally:
        trove.stop()
        proxy.stop()
        if ok and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            say('State and logs kept in %s' % workdir)
    full = 'commands' in args.only and 'imports' in args.only
    text = report(info, bench) if full else ''
    if bench.fleet:
        fleet = report_fleet(info, bench)
        text += ('\n' if text else '') + fleet
    say()
    say(text)
    saved = save(cache / 'bench-results', info, bench, text)
    say('Saved %s (and latest.json/.rst next to it); took %.0f s.'
        % (saved, time.monotonic() - began))
    if args.update_docs:
        # Only what ran: the tables of a full run, the fleet's own.
        if full:
            update_docs(report(info, bench))
        if bench.fleet:
            update_docs(fleet, FLEET_DOC)
        say('Updated %s' % DOC)
    failed = [title for title, samples, _n in bench.rows + bench.fleet
              if samples['ours'].summary()['failed']]
    if failed:
        say('troveclient-osc failed on: %s' % ', '.join(failed))
        return 1
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except Failure as error:
        print('benchmark failed: %s' % error, file=sys.stderr)
        sys.exit(1)
