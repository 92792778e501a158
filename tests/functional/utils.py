"""What the functional tests share: a project on the local cloud (``Cloud``),
running ``openstack`` processes side by side, polling with a deadline, and
the checks every failing command must pass.

The fixtures that hand these out are in conftest.py.
"""

import concurrent.futures
import functools
import json
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

from troveclient_osc import exceptions

OPENSTACK = Path(sys.executable).parent / 'openstack'
# Seconds one ``openstack`` process may take, --wait included.
CLI_TIMEOUT = 120
# Seconds for an instance of the local (fake) Trove to settle or go away;
# it needs about 1.5 s, far more on a machine under load.
SETTLE_TIMEOUT = 120
# How many ``openstack`` processes run side by side. Each spends about a
# second of CPU starting up, so more than the cores only queue.
PARALLEL = max(2, min(4, os.cpu_count() or 2))
# Statuses an instance leaves by itself.
BUSY = ('BUILD', 'RESIZE', 'REBOOT', 'BACKUP', 'UPGRADE', 'PROMOTE', 'EJECT',
        'DETACH', 'REBUILD')
PASSWORD = 'functional-password'
#: The instances of the ``paged`` project: more than two pages of 20.
PAGED_COUNT = 45
#: The name of its last one, which the fake guest fails.
PAGED_FAILED = 'page-44-GUEST_ERROR'

# The keys ``show -f json`` prints: attribute names, python-troveclient
# 8.11.0's and ours.
SHOW_KEYS = {
    'id', 'name', 'datastore', 'datastore_version',
    'datastore_version_number', 'status', 'operating_status', 'public',
    'allowed_cidrs', 'addresses', 'ip', 'hostname', 'flavor', 'flavor_id',
    'volume', 'volume_used', 'volume_used_percent', 'volume_details',
    'local_storage', 'role', 'access', 'replica_of', 'replicas',
    'replica_ids', 'configuration', 'configuration_name', 'cluster_id',
    'shard_id', 'locality', 'region', 'created', 'updated',
    'service_status_updated', 'fault', 'fault_date', 'fault_details',
    'server_id', 'tenant_id', 'volume_id', 'encrypted_rpc_messaging'}
# ``create`` also prints the root password Trove returns (or '').
CREATE_KEYS = SHOW_KEYS | {'password'}


#: The user the tests sign in as; a member (or admin) of each test's project.
USER = 'functional'
#: The user and password of the user's spec and the library guide: real
#: ones in the local Keystone, so that the documents run as written.
SPEC_USER, SPEC_PASSWORD = 'testuser', 'PASSWORD'


class Identity:
    """The local Keystone, as its admin: it makes the projects and users
    the tests sign in with, and changes what a test needs changed."""

    def __init__(self, info):
        from keystoneauth1 import adapter
        from keystoneauth1 import session as ksa_session
        from keystoneauth1.identity import v3

        auth = v3.Password(auth_url=info['auth_url'],
                           username=info['admin_username'],
                           password=info['admin_password'],
                           project_name=info['admin_project_name'],
                           user_domain_id='default',
                           project_domain_id='default')
        self.api = adapter.Adapter(ksa_session.Session(auth=auth),
                                   service_type='identity',
                                   interface='public',
                                   region_name=info['region_name'])
        self.roles = {role['name']: role['id'] for role in
                      self.api.get('/roles').json()['roles']}
        self._users = {}
        self._lock = threading.Lock()

    def user(self, name, password=PASSWORD):
        """The ID of user ``name`` (made now, with ``password``, if it is
        not there yet)."""
        with self._lock:
            if name not in self._users:
                found = self.api.get('/users', params={
                    'name': name, 'domain_id': 'default'}).json()['users']
                self._users[name] = found[0]['id'] if found else \
                    self.api.post('/users', json={'user': {
                        'name': name, 'password': password,
                        'domain_id': 'default'}}).json()['user']['id']
            return self._users[name]

    def project(self, prefix, role='member'):
        """A new project (its name; nobody else uses it) in which the
        tests' user has ``role``."""
        name = '%s-%s' % (prefix, uuid.uuid4().hex[:10])
        project = self.api.post('/projects', json={'project': {
            'name': name, 'domain_id': 'default'}}).json()['project']
        self.grant(project['id'], self.user(USER), role)
        return name

    def project_id(self, name):
        return self.api.get('/projects', params={
            'name': name}).json()['projects'][0]['id']

    def grant(self, project_id, user_id, role):
        self.api.put('/projects/%s/users/%s/roles/%s'
                     % (project_id, user_id, self.roles[role]))

    def set_password(self, user_id, password):
        """Set a user's password (to the same one, if you like): Keystone
        then revokes every token the user has."""
        self.api.patch('/users/%s' % user_id,
                       json={'user': {'password': password}})


_IDENTITIES = {}


def identity(info):
    """The :class:`Identity` of the local cloud ``info`` describes."""
    key = info['auth_url']
    if key not in _IDENTITIES:
        _IDENTITIES[key] = Identity(info)
    return _IDENTITIES[key]


def new_project(info, prefix='ft', role='member'):
    """A new project in the local Keystone in which the tests' user has
    ``role``; its name."""
    return identity(info).project(prefix, role)


def spec_project(info, prefix):
    """A new project of which the spec's user is a member, as well as the
    tests' user; its name."""
    ident = identity(info)
    name = ident.project(prefix)
    ident.grant(ident.project_id(name),
                ident.user(SPEC_USER, SPEC_PASSWORD), 'member')
    return name


def unique(prefix):
    """A resource name unique across projects (admin commands look a name
    up in every project)."""
    return '%s-%s' % (prefix, uuid.uuid4().hex[:8])


def parallel(*calls):
    """Run the callables side by side; their results, in order.

    The first exception (an AssertionError of a check in a call, say) is
    raised once all have ended.
    """
    with concurrent.futures.ThreadPoolExecutor(PARALLEL) as pool:
        futures = [pool.submit(call) for call in calls]
        concurrent.futures.wait(futures)
    return [future.result() for future in futures]


def poll(check, what, timeout=SETTLE_TIMEOUT, interval=0.25):
    """Call ``check()`` until it returns something true; return that."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError('timed out after %d s waiting for %s'
                                 % (timeout, what))
        time.sleep(interval)


class Cloud:
    """One project on the local cloud: the CLI and the library, both."""

    def __init__(self, info, project):
        self.info = info
        self.project = project
        self.env = dict(os.environ)
        for key in list(self.env):
            if key.startswith('OS_'):
                del self.env[key]
        self.env.update({
            'OS_AUTH_URL': info['auth_url'],
            'OS_IDENTITY_API_VERSION': '3',
            'OS_USERNAME': USER,
            'OS_PASSWORD': PASSWORD,
            'OS_PROJECT_NAME': project,
            'OS_USER_DOMAIN_ID': 'default',
            'OS_PROJECT_DOMAIN_ID': 'default',
            'OS_REGION_NAME': 'RegionOne',
            'OS_INTERFACE': 'public',
        })
        self._client = None

    def __repr__(self):
        return '<Cloud %s>' % self.project

    @functools.cached_property
    def project_id(self):
        """The project's ID in Keystone (its name is ``project``)."""
        return identity(self.info).project_id(self.project)

    @property
    def client(self):
        """A troveclient_osc v1 Client scoped to this project."""
        if self._client is None:
            from troveclient_osc.v1 import client
            self._client = client.Client(
                username=USER, password=PASSWORD,
                project_id=self.project, auth_url=self.info['auth_url'],
                region_name='RegionOne')
        return self._client

    # -- the CLI ------------------------------------------------------------

    def run(self, *args, check=True, input=None, env=None,
            timeout=CLI_TIMEOUT):
        """Run ``openstack <args>``; returns the CompletedProcess.

        ``env`` overrides variables of the project's environment; a value
        of None removes the variable.
        """
        full_env = dict(self.env)
        full_env.update(env or {})
        full_env = {k: v for k, v in full_env.items() if v is not None}
        proc = subprocess.run([str(OPENSTACK)] + [str(a) for a in args],
                              capture_output=True, text=True,
                              input='' if input is None else input,
                              env=full_env, timeout=timeout)
        if check and proc.returncode != 0:
            raise AssertionError(
                'openstack %s exited %d\nstdout: %s\nstderr: %s'
                % (' '.join(map(str, args)), proc.returncode, proc.stdout,
                   proc.stderr))
        return proc

    def json(self, *args, **kwargs):
        """Run ``openstack <args> -f json`` and decode its output."""
        proc = self.run(*(args + ('-f', 'json')), **kwargs)
        return json.loads(proc.stdout)

    def run_many(self, *commands, **kwargs):
        """Run several ``openstack`` commands side by side (each a tuple of
        arguments); their CompletedProcesses, in order."""
        return parallel(*[(lambda args=args: self.run(*args, **kwargs))
                          for args in commands])

    def json_many(self, *commands, **kwargs):
        """:meth:`json` for several commands side by side."""
        return parallel(*[(lambda args=args: self.json(*args, **kwargs))
                          for args in commands])

    # -- the library, for set-up and checks ---------------------------------

    def create_instances(self, count, prefix='inst', **kwargs):
        """Create ``count`` instances through the library; returns them.

        The names are ``<prefix>-00``, ``<prefix>-01``, ...
        """
        kwargs.setdefault('volume', {'size': 1})
        kwargs.setdefault('datastore', 'mysql')
        kwargs.setdefault('datastore_version', '5.7')
        flavor = kwargs.pop('flavor_id', '1')
        return [self.client.instances.create('%s-%02d' % (prefix, i), flavor,
                                             **kwargs)
                for i in range(count)]

    def create_instance(self, name, **kwargs):
        """One instance through the library, waited for until ACTIVE."""
        kwargs.setdefault('volume', {'size': 1})
        kwargs.setdefault('datastore', 'mysql')
        kwargs.setdefault('datastore_version', '5.7')
        flavor = kwargs.pop('flavor_id', '1')
        instance = self.client.instances.create(name, flavor, **kwargs)
        return self.wait_active([instance])[0]

    def wait_active(self, instances, timeout=SETTLE_TIMEOUT):
        """Wait until every instance is ACTIVE; returns them refreshed."""
        return [self.client.instances.wait_for_status(
            inst, 'ACTIVE', timeout=timeout, interval=0.25)
            for inst in instances]

    def wait_settled(self, instance, timeout=SETTLE_TIMEOUT):
        """Wait until the instance is ACTIVE and HEALTHY again (after an
        action that was not waited for); returns it."""
        def settled():
            found = self.client.instances.get(instance)
            data = found.to_dict()
            if data.get('status') == 'ERROR':
                raise AssertionError('instance %s went to ERROR: %s'
                                     % (found.id, data.get('fault')))
            return (data.get('status') == 'ACTIVE' and
                    data.get('operating_status') == 'HEALTHY' and found)
        return poll(settled, 'instance %s to be ACTIVE' % instance, timeout)

    def get(self, instance):
        """The instance as the API shows it now (a dict)."""
        return self.client.instances.get(instance).to_dict()

    def is_gone(self, instance):
        try:
            self.client.instances.get(instance)
        except exceptions.NotFound:
            return True
        return False

    def wait_gone(self, instances, timeout=SETTLE_TIMEOUT):
        for inst in instances:
            self.client.instances.wait_for_delete(inst, timeout=timeout,
                                                  interval=0.25)

    def names(self):
        """The names of the project's instances, as a sorted list."""
        return sorted(i.name for i in self.client.instances.list_all())

    def create_configuration(self, name, values=None, version='5.7'):
        """A MySQL configuration group made with a plain POST; its ID."""
        _resp, body = self.client.http.post('/configurations', json={
            'configuration': {
                'name': name,
                'values': values or {'max_connections': 200},
                'datastore': {'type': 'mysql', 'version': version}}},
            expect='configuration')
        return body['configuration']['id']

    def cleanup(self):
        """Delete the project's instances and configuration groups, and
        wait until the instances are gone.

        Busy instances refuse deletion, so each is first waited out of its
        busy status; replica sources refuse it while they have replicas, so
        replicas go first and the rest is retried.
        """
        deadline = time.monotonic() + SETTLE_TIMEOUT
        try:
            self._delete_instances(deadline)
            _resp, body = self.client.http.get('/configurations')
            for group in body.get('configurations') or ():
                self.client.http.delete('/configurations/%s' % group['id'])
        except exceptions.Unauthorized:
            pass  # a test broke authentication on purpose

    def _delete_instances(self, deadline):
        while time.monotonic() < deadline:
            instances = list(self.client.instances.list_all(detailed=True))
            if not instances:
                return
            asked = []
            for inst in sorted(instances, key=lambda i: 'replica_of' not in
                               i.to_dict()):
                inst = self._wait_not_busy(inst, deadline)
                if inst is None:
                    continue  # gone
                try:
                    self.client.instances.delete(inst.id)
                    asked.append(inst.id)
                except (exceptions.NotFound,
                        exceptions.UnprocessableEntity,
                        exceptions.BadRequest, exceptions.Forbidden):
                    pass  # going already, or a source with replicas
            for ident in asked or [i.id for i in instances]:
                try:
                    self.client.instances.wait_for_delete(
                        ident, interval=0.25,
                        timeout=max(1, deadline - time.monotonic()))
                except exceptions.WaitTimeout:
                    pass
        raise AssertionError('could not empty project %s' % self.project)

    def _wait_not_busy(self, inst, deadline):
        while inst.status in BUSY and time.monotonic() < deadline:
            time.sleep(0.25)
            try:
                inst = self.client.instances.get(inst.id)
            except exceptions.NotFound:
                return None
        return inst


# -- checks -------------------------------------------------------------------

def error_line(proc):
    """The last line on stderr (the error, after any progress lines)."""
    lines = proc.stderr.strip().splitlines()
    return lines[-1] if lines else ''


def assert_fails(proc, *fragments, progress=False):
    """Exit 1, nothing on stdout, and one line on stderr holding every
    fragment (the bad value, the server's words), with no traceback.

    ``progress``: lines of ``--wait`` progress may come before the error.
    """
    assert proc.returncode == 1, (proc.returncode, proc.stdout, proc.stderr)
    assert 'Traceback' not in proc.stderr, proc.stderr
    assert proc.stdout == '', proc.stdout
    lines = proc.stderr.strip().splitlines()
    if progress:
        assert all(line.startswith('Waiting for ') for line in lines[:-1]), \
            proc.stderr
    else:
        assert len(lines) == 1, proc.stderr
    for fragment in fragments:
        assert fragment in lines[-1], (fragment, proc.stderr)
    return lines[-1]


def assert_usage_error(proc, *fragments):
    """Exit 2 from argparse: usage, then ``... error: <why>`` naming the bad
    value; no traceback and nothing on stdout."""
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert 'Traceback' not in proc.stderr, proc.stderr
    assert proc.stdout == '', proc.stdout
    line = error_line(proc)
    for fragment in fragments:
        assert fragment in line, (fragment, proc.stderr)
    return line


class Listener:
    """A TCP port on 127.0.0.1 that hands each connection made to it to
    :meth:`handle`, in a thread of its own, until :meth:`close`."""

    path = ''

    def __init__(self):
        self.sock = socket.create_server(('127.0.0.1', 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.url = 'http://127.0.0.1:%d%s' % (self.port, self.path)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop.is_set():
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                continue
            self.handle(conn)

    def handle(self, conn):
        conn.close()

    def close(self):
        self._stop.set()
        self._thread.join()
        self.sock.close()


class DeadEnd(Listener):
    """A TCP port that counts the connections made to it and answers each
    request with an empty 404 (quick to fail, nothing to retry).

    An endpoint here proves that a command sent no request.
    """

    path = '/v3'

    def __init__(self):
        self.connections = 0
        super().__init__()

    def handle(self, conn):
        self.connections += 1
        with conn:
            conn.settimeout(1)
            try:
                conn.recv(65536)
                conn.sendall(b'HTTP/1.1 404 Not Found\r\n'
                             b'Content-Length: 0\r\n'
                             b'Connection: close\r\n\r\n')
            except OSError:
                pass


class Holding(Listener):
    """A database endpoint that takes each request and never answers it:
    a command that sends one stays there, and the test knows it did
    (``requests``: the request line of each)."""

    path = '/v1.0/held'

    def __init__(self):
        self.requests = []
        self._held = []
        super().__init__()

    def handle(self, conn):
        conn.settimeout(5)
        try:
            self.requests.append(conn.recv(65536).split(b'\r\n')[0])
        except OSError:
            pass
        self._held.append(conn)

    def close(self):
        super().close()
        for conn in self._held:
            conn.close()
