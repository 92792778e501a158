"""The benchmark's own local Trove: ``tools/local-trove`` on free ports,
its projects and users in Keystone, and the REST calls that set up the
instances (neither counted nor timed)."""

import concurrent.futures
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from trovebench.common import REPO, Failure, say

# Preferred ports of Trove, Keystone and the counting proxy. The proxy's
# port is in the catalog, which is part of the key of tools/local-trove's
# cached Keystone set-up: the same ports every run reuse that set-up.
PORTS = (18879, 15100, 18979)
CREATE_THREADS = 8

LOCAL_TROVE = REPO / 'tools' / 'local-trove'
# tools/local_trove (standard library only) knows the local cloud: its
# settings, the users it provisions, and how to talk to its Keystone.
sys.path.insert(0, str(REPO / 'tools'))
from local_trove import identity  # noqa: E402
from local_trove import settings as local_settings  # noqa: E402

# Direct connections only: an HTTP proxy from the environment must never be
# asked for 127.0.0.1.
_HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))


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
