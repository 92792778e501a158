"""Smoke test of the local Trove itself (tools/local-trove).

Checks, with plain keystoneauth1 and no troveclient_osc code, that the
identity stub authenticates over v3 and v2.0 and serves the database
endpoint, and that the Trove API behind it lists flavors and datastores
and runs one instance through create -> ACTIVE -> delete -> 404.

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


def _v3_session(env, project='demo', password='local-password'):
    auth = v3.Password(auth_url=env['auth_url'], username='demo',
                       password=password, project_name=project,
                       user_domain_id='default', project_domain_id='default')
    return ks_session.Session(auth=auth)


def test_v3_password_and_catalog(env):
    sess = _v3_session(env, project='smoke-v3')
    assert sess.get_token() == 'smoke-v3'
    assert sess.get_project_id() == 'smoke-v3'
    expected = env['trove_url'] + '/smoke-v3'
    assert sess.get_endpoint(**DB) == expected
    assert sess.get_endpoint(region_name='EAST', **DB) == expected
    assert sess.get_endpoint(service_type='database', interface='internal',
                             region_name='RegionOne') == expected


@pytest.mark.parametrize('url_key', ['auth_url', 'auth_url_unversioned',
                                     'auth_url_v2'])
def test_generic_password(env, url_key):
    kwargs = {}
    if url_key != 'auth_url_v2':   # v2.0 has no domains
        kwargs = {'user_domain_id': 'default', 'project_domain_id': 'default'}
    auth = generic.Password(auth_url=env[url_key], username='demo',
                            password='x', project_name='smoke-generic',
                            **kwargs)
    sess = ks_session.Session(auth=auth)
    assert sess.get_endpoint(**DB) == env['trove_url'] + '/smoke-generic'


def test_v2_password(env):
    auth = v2.Password(auth_url=env['auth_url_v2'], username='demo',
                       password='x', tenant_name='smoke-v2')
    sess = ks_session.Session(auth=auth)
    assert sess.get_token() == 'smoke-v2'
    assert sess.get_endpoint(**DB) == env['trove_url'] + '/smoke-v2'


def test_wrong_password_is_401(env):
    with pytest.raises(ks_exc.Unauthorized):
        _v3_session(env, password='wrong-password').get_token()


def test_trove_without_token_is_401(env):
    resp = ks_session.Session().get(env['trove_url'] + '/demo/flavors',
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
    project = 'smoke-%s' % uuid.uuid4().hex[:8]
    sess = _v3_session(env, project=project)
    body = {'instance': {
        'name': 'smoke', 'flavorRef': '1', 'volume': {'size': 1},
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
