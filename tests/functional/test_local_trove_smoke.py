"""Smoke test of the local Trove itself (tools/local-trove).

Checks, with plain keystoneauth1 and no troveclient_osc code, that the
real Keystone signs users in over v3 (and over v2.0 through the local
façade, with a real token), knows who is admin and serves the database
endpoint, that Trove validates tokens against it, and that the Trove API
lists flavors and datastores and runs one instance through create ->
ACTIVE -> delete -> 404.

Skipped (with the reason) when the servers are not running, unless
TROVECLIENT_OSC_FUNCTIONAL=required, as in tests/functional/conftest.py.
"""

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from keystoneauth1 import exceptions as ks_exc
from keystoneauth1.identity import generic
from keystoneauth1.identity import v2
from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session

LOCAL_TROVE = Path(__file__).resolve().parents[2] / 'tools' / 'local-trove'
ACTIVE_TIMEOUT = 60     # seconds; the fake world needs ~2
DELETE_TIMEOUT = 60     # seconds; the fake world needs ~1
POLL = 0.25
DB = {'service_type': 'database', 'interface': 'public'}


@pytest.fixture(scope='module')
def env():
    why = None
    try:
        out = subprocess.run([sys.executable, str(LOCAL_TROVE), 'env',
                              '--json'], capture_output=True, text=True,
                             timeout=60, check=True).stdout
        info = json.loads(out)
        if not info.get('running'):
            why = ('the local Trove is not running; start it with '
                   'tools/local-trove start')
    except (OSError, subprocess.SubprocessError, ValueError) as exc:
        why = 'tools/local-trove env --json failed: %s' % exc
    if why:
        if os.environ.get('TROVECLIENT_OSC_FUNCTIONAL') == 'required':
            pytest.fail(why)
        pytest.skip(why)
    return info


def _v3_session(env, password=None, admin=False):
    prefix = 'admin_' if admin else ''
    auth = v3.Password(auth_url=env['auth_url'],
                       username=env[prefix + 'username'],
                       password=password or env[prefix + 'password'],
                       project_name=env[prefix + 'project_name'],
                       user_domain_id='default', project_domain_id='default')
    return ks_session.Session(auth=auth)


def _database_url(env, sess):
    return '%s/%s' % (env['trove_url'], sess.get_project_id())


def test_v3_password_gives_a_fernet_token_and_the_catalog(env):
    sess = _v3_session(env)
    token, project_id = sess.get_token(), sess.get_project_id()
    assert token.startswith('gAAAAA') and len(token) > 100   # fernet
    assert len(project_id) == 32 and project_id != 'demo'
    expected = env['trove_url'] + '/' + project_id
    assert sess.get_endpoint(**DB) == expected
    assert sess.get_endpoint(region_name='EAST', **DB) == expected
    assert sess.get_endpoint(service_type='database', interface='internal',
                             region_name='RegionOne') == expected


def test_the_demo_user_is_a_member_and_the_admin_an_admin(env):
    def roles(admin):
        sess = _v3_session(env, admin=admin)
        return set(sess.auth.get_access(sess).role_names)

    assert 'member' in roles(admin=False)
    assert 'admin' not in roles(admin=False)
    assert 'admin' in roles(admin=True)


@pytest.mark.parametrize('url_key', ['auth_url', 'auth_url_unversioned'])
def test_generic_password_with_domain_ids(env, url_key):
    auth = generic.Password(auth_url=env[url_key], username=env['username'],
                            password=env['password'],
                            project_name=env['project_name'],
                            user_domain_id='default',
                            project_domain_id='default')
    sess = ks_session.Session(auth=auth)
    assert sess.get_endpoint(**DB) == _database_url(env, sess)


def test_v2_password_at_the_facade_hands_out_a_real_v3_token(env):
    auth = v2.Password(auth_url=env['auth_url_v2'], username=env['username'],
                       password=env['password'],
                       tenant_name=env['project_name'])
    sess = ks_session.Session(auth=auth)
    token = sess.get_token()
    assert sess.get_endpoint(**DB) == _database_url(env, sess)
    # The same token is valid at Keystone's v3 API, and so at Trove.
    admin = _v3_session(env, admin=True)
    resp = admin.get(env['auth_url'] + '/auth/tokens',
                     headers={'X-Subject-Token': token})
    assert resp.json()['token']['project']['name'] == env['project_name']
    flavors = sess.get('/flavors', endpoint_filter=DB).json()['flavors']
    assert {'1', '2'} <= {f['str_id'] for f in flavors}


def test_v2_wrong_password_is_401(env):
    auth = v2.Password(auth_url=env['auth_url_v2'], username=env['username'],
                       password='not-' + env['password'],
                       tenant_name=env['project_name'])
    with pytest.raises(ks_exc.Unauthorized):
        ks_session.Session(auth=auth).get_token()


def test_wrong_password_is_401(env):
    with pytest.raises(ks_exc.Unauthorized):
        _v3_session(env, password='not-' + env['password']).get_token()


def test_trove_refuses_a_token_keystone_did_not_issue(env):
    sess = _v3_session(env)
    url = _database_url(env, sess) + '/flavors'
    resp = ks_session.Session().get(url, authenticated=False,
                                    raise_exc=False,
                                    headers={'X-Auth-Token': 'gAAAAAbogus'})
    assert resp.status_code == 401


def test_trove_without_token_is_401(env):
    resp = ks_session.Session().get(
        _database_url(env, _v3_session(env)) + '/flavors',
        authenticated=False, raise_exc=False)
    assert resp.status_code == 401
    assert resp.headers['WWW-Authenticate'].startswith('Keystone uri=')


def test_flavors_and_datastores(env):
    sess = _v3_session(env)
    flavors = sess.get('/flavors', endpoint_filter=DB).json()['flavors']
    assert {'1', '2'} <= {f['str_id'] for f in flavors}
    datastores = sess.get('/datastores',
                          endpoint_filter=DB).json()['datastores']
    versions = {d['name']: sorted(v['name'] for v in d['versions'])
                for d in datastores}
    assert versions['mysql'] == ['5.6-104', '5.7', '8.0']
    assert versions['postgresql'] == ['13']


def _wait(sess, path, done, timeout):
    deadline = time.monotonic() + timeout
    while True:
        resp = sess.get(path, endpoint_filter=DB, raise_exc=False)
        if done(resp):
            return resp
        if time.monotonic() > deadline:
            pytest.fail('%s: still %s %s after %d s'
                        % (path, resp.status_code, resp.text[:300], timeout))
        time.sleep(POLL)


def test_instance_create_active_delete(env):
    sess = _v3_session(env)
    body = {'instance': {
        'name': 'smoke-%s' % uuid.uuid4().hex[:8], 'flavorRef': '1',
        'volume': {'size': 1},
        'datastore': {'type': 'mysql', 'version': '5.7'}}}
    created = sess.post('/instances', json=body, endpoint_filter=DB).json()
    path = '/instances/' + created['instance']['id']
    assert created['instance']['status'] == 'BUILD'
    try:
        resp = _wait(sess, path, lambda r: r.status_code == 200 and
                     r.json()['instance']['status'] in ('ACTIVE', 'ERROR'),
                     ACTIVE_TIMEOUT)
        instance = resp.json()['instance']
        assert instance['status'] == 'ACTIVE', instance
        assert instance['operating_status'] == 'HEALTHY'
        assert instance['datastore']['type'] == 'mysql'
        assert instance['datastore']['version'] == '5.7'
        assert instance['volume']['size'] == 1
    finally:
        # Delete even when the checks above failed (not while BUILD).
        sess.delete(path, endpoint_filter=DB, raise_exc=False)
    _wait(sess, path, lambda r: r.status_code == 404, DELETE_TIMEOUT)
