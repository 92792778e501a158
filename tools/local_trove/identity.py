"""The real Keystone of the local cloud: its one-time set-up, what it
provisions, and the sign-ins ``start`` and ``status`` need.

Keystone's own set-up (``keystone-manage db_sync``, the fernet and
credential keys, ``bootstrap``) and the provisioning through its API take
about 20 s. They are done once and kept as a template in the cache (the
database and the keys), keyed by Keystone's pins, the ports and the
catalog's URLs; every later ``start`` copies the template, so it begins
with exactly what a first start made.
"""

import grp
import hashlib
import json
import os
import pwd
import shutil
import sqlite3
import time
import urllib.error
import urllib.request

from local_trove import configs
from local_trove import processes
from local_trove import settings
from local_trove.settings import Failure

SETUP_TIMEOUT = 120         # seconds for one keystone-manage step
START_TIMEOUT = 60          # seconds for Keystone to answer
#: Bump when what is provisioned changes: older templates are not used.
PROVISIONING = 1
TEMPLATE_FILES = ('keystone.sqlite', 'fernet-keys', 'credential-keys')

# Direct connections only: a proxy from the environment must not be asked
# for 127.0.0.1.
_HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def request(method, url, token=None, body=None, timeout=10.0):
    """(status, headers, decoded body); status None when nothing answered."""
    headers = {'Accept': 'application/json'}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers['Content-Type'] = 'application/json'
    if token:
        headers['X-Auth-Token'] = token
    req = urllib.request.Request(url, data=data, headers=headers,
                                 method=method)
    try:
        with _HTTP.open(req, timeout=timeout) as resp:
            raw = resp.read()
            status, got = resp.status, resp.headers
    except urllib.error.HTTPError as exc:
        raw, status, got = exc.read(), exc.code, exc.headers
    except OSError:
        return None, {}, None
    try:
        return status, got, json.loads(raw) if raw else None
    except ValueError:
        return status, got, None


def sign_in(cfg, user, project, password):
    """(token, project ID) of a project-scoped password sign-in, or
    (None, None)."""
    status, headers, body = request('POST', cfg.auth_url + '/auth/tokens',
                                    body={'auth': {
                                        'identity': {
                                            'methods': ['password'],
                                            'password': {'user': {
                                                'name': user,
                                                'domain': {'id': 'default'},
                                                'password': password}}},
                                        'scope': {'project': {
                                            'name': project,
                                            'domain': {'id': 'default'}}}}})
    if status != 201:
        return None, None
    return headers.get('X-Subject-Token'), body['token']['project']['id']


def healthy(cfg):
    status, _headers, body = request('GET', cfg.auth_url, timeout=2.0)
    return (status == 200 and isinstance(body, dict) and
            body.get('version', {}).get('id', '').startswith('v3'))


# -- the template -------------------------------------------------------------

def _template_dir(cfg):
    key = hashlib.sha256(json.dumps([
        settings.KEYSTONE_REQUIREMENTS, cfg.keystone_port,
        cfg.catalog_database_url, PROVISIONING,
        settings.DEMO, settings.ADMIN, settings.TROVE_SERVICE,
    ]).encode()).hexdigest()[:16]
    return cfg.cache / 'keystone-templates' / key


def prepare(cfg, venv, env):
    """Put Keystone's database and keys into the state directory: from the
    template, or made now (and kept as the template). Returns the running
    Keystone process when it had to be started to provision, else None."""
    template = _template_dir(cfg)
    configs.write_keystone_conf(cfg)
    if (template / 'complete').exists():
        for name in TEMPLATE_FILES:
            source, target = template / name, cfg.state / name
            if source.is_dir():
                shutil.copytree(source, target)
            else:
                shutil.copyfile(source, target)
        return None
    settings.say('Setting Keystone up (once; ~20 s): database, keys, '
                 'users, projects and the catalog...')
    manage = [venv.bin('keystone-manage'), '--config-file',
              cfg.keystone_conf]
    user = ['--keystone-user', _me_user(), '--keystone-group', _me_group()]
    admin_user, admin_project, _role, admin_password = settings.ADMIN
    steps = (
        ('db_sync',), ('fernet_setup',) + tuple(user),
        ('credential_setup',) + tuple(user),
        ('bootstrap', '--bootstrap-password', admin_password,
         '--bootstrap-username', admin_user,
         '--bootstrap-project-name', admin_project,
         '--bootstrap-role-name', 'admin',
         '--bootstrap-service-name', 'keystone',
         '--bootstrap-region-id', settings.REGION,
         '--bootstrap-public-url', cfg.auth_url,
         '--bootstrap-internal-url', cfg.auth_url,
         '--bootstrap-admin-url', cfg.auth_url))
    for step in steps:
        processes.run_logged(manage + list(step), cfg.setup_log, env,
                             cfg.state, SETUP_TIMEOUT,
                             'keystone-manage %s' % step[0])
    proc = start(cfg, venv, env)
    wait_until_up(cfg, proc)
    provision(cfg)
    _save_template(cfg, template)
    return proc


def _me_user():
    return pwd.getpwuid(os.getuid()).pw_name


def _me_group():
    return grp.getgrgid(os.getgid()).gr_name


def _save_template(cfg, template):
    tmp = template.with_name(template.name + '.tmp')
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    # A consistent copy of a database Keystone has open.
    with sqlite3.connect(str(cfg.keystone_db)) as source, \
            sqlite3.connect(str(tmp / 'keystone.sqlite')) as target:
        source.backup(target)
    for name in TEMPLATE_FILES[1:]:
        shutil.copytree(cfg.state / name, tmp / name)
    (tmp / 'complete').write_text('%d\n' % PROVISIONING)
    shutil.rmtree(template, ignore_errors=True)
    tmp.rename(template)


# -- the server ---------------------------------------------------------------

def start(cfg, venv, env):
    """gunicorn with one worker (Keystone's dict cache lives in it) and a
    few threads, on 127.0.0.1 only."""
    env = dict(env, OS_KEYSTONE_CONFIG_FILES=str(cfg.keystone_conf))
    return processes.spawn(cfg, 'keystone', [
        str(venv.bin('gunicorn')), '--no-control-socket',
        '--bind', '127.0.0.1:%d' % cfg.keystone_port,
        '--workers', '1', '--worker-class', 'gthread', '--threads', '8',
        '--timeout', '120', '--access-logfile', '-',
        '--chdir', str(cfg.state), '--name', 'local-trove-keystone',
        'local_trove.keystone_app:application'],
        cfg.keystone_log, env)


def wait_until_up(cfg, proc):
    deadline = time.monotonic() + START_TIMEOUT
    while not healthy(cfg):
        rc = proc.poll()
        if rc is not None:
            raise Failure('Keystone exited (status %s) during start-up. '
                          'Last lines of %s:\n%s'
                          % (rc, cfg.keystone_log,
                             processes.tail(cfg.keystone_log)))
        if time.monotonic() > deadline:
            raise Failure('Keystone did not answer within %d s. See %s:\n%s'
                          % (START_TIMEOUT, cfg.keystone_log,
                             processes.tail(cfg.keystone_log)))
        time.sleep(0.1)


# -- provisioning -------------------------------------------------------------

class Admin:
    """Keystone's API as the bootstrap admin (also used by
    benchmarks/bench.py to provision its projects)."""

    def __init__(self, cfg):
        user, project, _role, password = settings.ADMIN
        self.url = cfg.auth_url
        self.token, _project_id = sign_in(cfg, user, project, password)
        if not self.token:
            raise Failure('the bootstrap admin cannot sign in to Keystone; '
                          'see %s' % cfg.keystone_log)

    def call(self, method, path, body=None, expect=(200, 201, 204)):
        status, _headers, answer = request(method, self.url + path,
                                           token=self.token, body=body)
        if status not in expect:
            raise Failure('Keystone answered %s to %s %s: %s'
                          % (status, method, path, answer))
        return answer

    def create(self, kind, **fields):
        return self.call('POST', '/%ss' % kind, {kind: fields})[kind]['id']


def provision(cfg):
    """What a small cloud has: projects demo and service beside admin, the
    users demo (member of demo) and trove (admin and service of service,
    the identity Trove's keystonemiddleware validates tokens with), the
    region EAST beside RegionOne, and the database service with its
    public, internal and admin endpoints in both regions."""
    admin = Admin(cfg)
    roles = {role['name']: role['id']
             for role in admin.call('GET', '/roles')['roles']}
    projects = {project['name']: project['id']
                for project in admin.call('GET', '/projects')['projects']}
    admin.create('region', id=settings.OTHER_REGION)
    for user, project, role, password in (settings.DEMO,
                                          settings.TROVE_SERVICE):
        if project not in projects:
            projects[project] = admin.create('project', name=project,
                                             domain_id='default')
        user_id = admin.create('user', name=user, password=password,
                               domain_id='default',
                               default_project_id=projects[project])
        wanted = [role] + (['admin'] if user == 'trove' else [])
        for name in wanted:
            admin.call('PUT', '/projects/%s/users/%s/roles/%s'
                       % (projects[project], user_id, roles[name]))
    service = admin.create('service', type='database', name='trove',
                           description='Database service (local Trove)')
    for region in (settings.REGION, settings.OTHER_REGION):
        for interface in ('public', 'internal', 'admin'):
            admin.create('endpoint', service_id=service, region_id=region,
                         interface=interface,
                         url=cfg.catalog_database_url)
