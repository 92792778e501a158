"""Client(): authentication, endpoint selection and connection options.

Keystone is faked with requests_mock (version discovery, then a token with
a catalog that has a 'database' service in regions EAST and WEST); what is
asserted is where the database request goes and what it carries.
"""

import logging

import pytest
from keystoneauth1 import session as ksa_session
from keystoneauth1 import token_endpoint

from troveclient_osc import exceptions
from troveclient_osc.v1 import client as v1_client
from tests.unit import fakes

V3 = fakes.KEYSTONE + '/v3'
V2 = fakes.KEYSTONE + '/v2.0'
EAST = fakes.CATALOG[('EAST', 'public')]
PASSWORD = 'PASSWORD-n0t-in-logs'
EMPTY = {'instances': []}


def password_client(auth_url=V3, **kwargs):
    kwargs.setdefault('region_name', 'EAST')
    return v1_client.Client(username='testuser', password=PASSWORD,
                            project_id=kwargs.pop('project_id',
                                                  'test_project'),
                            auth_url=auth_url, **kwargs)


def test_v3_password_auth_scopes_to_the_project_name_in_domain_id_default(rm):
    auth = fakes.register_keystone_v3(rm)
    rm.get(EAST + '/instances', json=EMPTY)
    tc = password_client()
    assert tc.instances.list() == []
    assert auth.call_count == 1
    assert auth.last_request.json() == {'auth': {
        'identity': {'methods': ['password'], 'password': {'user': {
            'name': 'testuser', 'password': PASSWORD,
            'domain': {'id': 'default'}}}},
        'scope': {'project': {'name': 'test_project',
                              'domain': {'id': 'default'}}}}}
    database = rm.request_history[-1]
    assert database.url == EAST + '/instances'
    assert database.headers['X-Auth-Token'] == 'token-v3'


def test_v3_project_id_that_looks_like_an_id_is_sent_as_an_id(rm):
    auth = fakes.register_keystone_v3(rm)
    rm.get(EAST + '/instances', json=EMPTY)
    password_client(project_id='0f8a2cc3e2b04b6cbf7e4d8c2a6b1e1f'
                    ).instances.list()
    assert auth.last_request.json()['auth']['scope'] == {
        'project': {'id': '0f8a2cc3e2b04b6cbf7e4d8c2a6b1e1f'}}


def test_v3_explicit_domains_replace_the_default_domain(rm):
    auth = fakes.register_keystone_v3(rm)
    rm.get(EAST + '/instances', json=EMPTY)
    password_client(user_domain_name='users',
                    project_domain_id='dom-id').instances.list()
    sent = auth.last_request.json()['auth']
    assert sent['identity']['password']['user']['domain'] == {
        'name': 'users'}
    assert sent['scope']['project']['domain'] == {'id': 'dom-id'}


def test_v2_password_auth_sends_the_project_as_tenant_name(rm):
    auth = fakes.register_keystone_v2(rm)
    rm.get(EAST + '/instances', json=EMPTY)
    tc = password_client(auth_url=V2)
    tc.instances.list()
    assert auth.last_request.json() == {'auth': {
        'tenantName': 'test_project',
        'passwordCredentials': {'username': 'testuser',
                                'password': PASSWORD}}}
    database = rm.request_history[-1]
    assert database.url == EAST + '/instances'
    assert database.headers['X-Auth-Token'] == 'token-v2'


@pytest.mark.parametrize('auth_url', [V3, V2])
@pytest.mark.parametrize('region', ['EAST', 'WEST'])
@pytest.mark.parametrize('option,value,interface', [
    (None, None, 'public'),
    ('interface', 'internal', 'internal'),
    ('interface', 'admin', 'admin'),
    ('endpoint_type', 'internalURL', 'internal'),
    ('endpoint_type', 'publicURL', 'public'),
    ('endpoint_type', 'admin', 'admin'),
])
def test_database_endpoint_is_the_catalog_url_of_region_and_interface(
        rm, auth_url, region, option, value, interface):
    if auth_url == V3:
        fakes.register_keystone_v3(rm)
    else:
        fakes.register_keystone_v2(rm)
    expected = fakes.CATALOG[(region, interface)]
    rm.get(expected + '/flavors', json={'flavors': []})
    kwargs = {option: value} if option else {}
    tc = password_client(auth_url=auth_url, region_name=region, **kwargs)
    tc.flavors.list()
    assert rm.request_history[-1].url == expected + '/flavors'


def test_service_type_selects_another_catalog_entry(rm):
    fakes.register_keystone_v3(rm, service_type='database-v2')
    rm.get(EAST + '/flavors', json={'flavors': []})
    password_client(service_type='database-v2').flavors.list()
    assert rm.request_history[-1].url == EAST + '/flavors'


def test_missing_database_service_is_a_clear_error(rm):
    fakes.register_keystone_v3(rm, service_type='compute')
    tc = password_client()
    with pytest.raises(exceptions.ClientException) as info:
        tc.flavors.list()
    assert str(info.value) == (
        "No endpoint for the database service (type 'database') was found "
        "in the catalog for interface public and region EAST")


def test_unknown_region_is_a_clear_error(rm):
    fakes.register_keystone_v3(rm)
    with pytest.raises(exceptions.ClientException,
                       match='region NORTH'):
        password_client(region_name='NORTH').flavors.list()


def test_endpoint_override_replaces_the_catalog_url(rm):
    fakes.register_keystone_v3(rm)
    rm.get('http://override.example.com/v1.0/p/flavors',
           json={'flavors': []})
    password_client(endpoint_override='http://override.example.com/v1.0/p'
                    ).flavors.list()
    database = rm.request_history[-1]
    assert database.url == 'http://override.example.com/v1.0/p/flavors'
    assert database.headers['X-Auth-Token'] == 'token-v3'


def test_bypass_url_of_python_troveclient_overrides_the_catalog_url(rm):
    fakes.register_keystone_v3(rm)
    rm.get('http://bypass.example.com/v1.0/p/flavors', json={'flavors': []})
    password_client(bypass_url='http://bypass.example.com/v1.0/p'
                    ).flavors.list()
    assert rm.request_history[-1].url == \
        'http://bypass.example.com/v1.0/p/flavors'


def test_arguments_without_effect_are_named_in_a_warning(rm, caplog):
    with caplog.at_level(logging.WARNING):
        password_client(retries=3, extensions=[])
    assert 'extensions, retries' in caplog.text
    assert PASSWORD not in caplog.text


def test_wrong_password_is_unauthorized(rm):
    rm.get(V3, json={'version': {'id': 'v3.14', 'status': 'stable',
                                 'links': [{'rel': 'self', 'href': V3}]}})
    auth = rm.post(V3 + '/auth/tokens', status_code=401,
                   headers={'x-openstack-request-id': 'req-auth'},
                   json={'error': {'code': 401, 'title': 'Unauthorized',
                                   'message': 'The request you have made '
                                              'requires authentication.'}})
    with pytest.raises(exceptions.Unauthorized) as info:
        password_client().flavors.list()
    # One failed login per call: lockout policies count every attempt.
    assert auth.call_count == 1
    assert info.value.url == V3 + '/auth/tokens'
    assert info.value.http_status == 401
    assert info.value.request_id == 'req-auth'
    assert PASSWORD not in str(info.value)
    assert 'requires authentication' in str(info.value)


def test_unreachable_identity_service_is_a_connection_error(clock, rm):
    import requests

    def refused(request, context):
        # What requests raises: the failed request is attached.
        raise requests.exceptions.ConnectionError('refused', request=request)

    rm.get(V3, json=refused)
    rm.post(V3 + '/auth/tokens', json=refused)
    tc = password_client()
    tc.http.sleep = clock.sleep
    with pytest.raises(exceptions.ConnectionError) as info:
        tc.flavors.list()
    # The message names the service that could not be reached.
    assert str(info.value) == ('Connection to %s/auth/tokens failed: '
                               'connection failed' % V3)


def test_expired_token_is_renewed_once_mid_listing(rm):
    auth = fakes.register_keystone_v3(rm, tokens=('token-1', 'token-2'))
    listing = fakes.InstanceListing(
        [fakes.instance_body(n) for n in range(1, 31)])
    rm.get(EAST + '/instances', [
        {'json': lambda request, context: listing(request, context)},
        {'status_code': 401, 'json': {'error': {'code': 401}}},
        {'json': lambda request, context: listing(request, context)}])
    tc = password_client()
    assert len(list(tc.instances.list_all())) == 30
    assert auth.call_count == 2
    tokens = [r.headers.get('X-Auth-Token') for r in rm.request_history
              if r.url.startswith(EAST)]
    assert tokens == ['token-1', 'token-1', 'token-2']


def test_unauthorized_everywhere_reauthenticates_once_then_fails(rm):
    auth = fakes.register_keystone_v3(rm, tokens=('token-1', 'token-2',
                                                  'token-3'))
    trove = rm.get(EAST + '/instances', status_code=401,
                   json={'error': {'code': 401, 'message': 'Nope.'}})
    with pytest.raises(exceptions.Unauthorized):
        password_client().instances.list()
    assert trove.call_count == 2
    assert auth.call_count == 2


def test_static_token_is_not_renewed_on_401(clock, rm):
    rm.get(fakes.url('/instances'), status_code=401,
           json={'error': {'code': 401, 'message': 'Token expired.'}})
    tc = fakes.make_client(clock)
    with pytest.raises(exceptions.Unauthorized):
        tc.instances.list()
    assert rm.call_count == 1


def test_passwords_never_reach_any_debug_log(rm, caplog):
    fakes.register_keystone_v3(rm)
    rm.post(EAST + '/instances', json={'instance': fakes.instance_body()})
    with caplog.at_level(logging.DEBUG):
        tc = password_client()
        tc.instances.create('db', '1', 1, users=[
            {'name': 'u', 'password': 'user-secret-1'}])
    assert PASSWORD not in caplog.text
    assert 'user-secret-1' not in caplog.text
    assert 'token-v3' not in caplog.text


def test_split_loggers_session_logs_no_secret_at_debug(rm, caplog):
    fakes.register_keystone_v3(rm)
    rm.post(EAST + '/instances/abc/root',
            json={'user': {'name': 'root', 'password': 'generated-root-pw'}})
    rm.post(EAST + '/instances', json={'instance': fakes.instance_body()})
    sess = ksa_session.Session(auth=fakes.password_auth(PASSWORD, 'u'),
                               split_loggers=True)
    tc = v1_client.Client(session=sess, region_name='EAST')
    with caplog.at_level(logging.DEBUG):
        tc.instances.create('db', '1', 1, users=[
            {'name': 'u', 'password': 'user-secret-2'}])
        tc.http.post('/instances/abc/root')
    for secret in (PASSWORD, 'user-secret-2', 'generated-root-pw',
                   'token-v3'):
        assert secret not in caplog.text
    assert not [r for r in caplog.records
                if r.name.startswith('keystoneauth.session.body')]


# -- sessions --------------------------------------------------------------

def test_client_uses_a_given_session(rm):
    rm.get(fakes.url('/flavors'), json={'flavors': []})
    sess = fakes.make_session()
    tc = v1_client.Client(session=sess)
    assert tc.session is sess
    tc.flavors.list()
    assert rm.last_request.headers['X-Auth-Token'] == fakes.TOKEN


def test_client_puts_a_given_auth_plugin_on_the_session(rm):
    rm.get('http://other.example.com/v1.0/x/flavors', json={'flavors': []})
    sess = ksa_session.Session()
    plugin = token_endpoint.Token('http://other.example.com/v1.0/x', 'tok2')
    tc = v1_client.Client(auth=plugin, session=sess)
    tc.flavors.list()
    assert sess.auth is plugin
    assert rm.last_request.headers['X-Auth-Token'] == 'tok2'


def test_client_builds_a_session_from_a_given_auth_plugin(rm):
    fakes.register_keystone_v3(rm)
    rm.get(EAST + '/flavors', json={'flavors': []})
    plugin = fakes.password_auth('p', 'u')
    v1_client.Client(auth=plugin, region_name='EAST').flavors.list()
    assert rm.request_history[-1].url == EAST + '/flavors'


@pytest.mark.parametrize('kwargs,message', [
    ({'username': 'u', 'password': 'p'}, 'auth_url is required'),
    ({'auth_url': V3, 'password': 'p'}, 'username and password'),
    ({'auth_url': V3, 'username': 'u'}, 'username and password'),
])
def test_missing_credentials_fail_before_any_request(rm, kwargs, message):
    with pytest.raises(exceptions.ValidationError, match=message):
        v1_client.Client(**kwargs)
    assert rm.call_count == 0


# -- connection options ----------------------------------------------------

def test_default_request_timeout_is_60_seconds(rm):
    fakes.register_keystone_v3(rm)
    rm.get(EAST + '/flavors', json={'flavors': []})
    tc = password_client()
    tc.flavors.list()
    # Identity requests too: a silent Keystone must not hang the caller.
    assert [r.timeout for r in rm.request_history] == [60, 60, 60]
    assert tc.session.timeout == 60


def test_timeout_option_applies_to_every_request(rm):
    fakes.register_keystone_v3(rm)
    rm.get(EAST + '/flavors', json={'flavors': []})
    password_client(timeout=5).flavors.list()
    assert [r.timeout for r in rm.request_history] == [5, 5, 5]


def test_session_timeout_is_honoured(rm):
    rm.get(fakes.url('/flavors'), json={'flavors': []})
    v1_client.Client(session=fakes.make_session(timeout=9)).flavors.list()
    assert rm.last_request.timeout == 9


def test_insecure_turns_off_certificate_verification(rm):
    fakes.register_keystone_v3(rm)
    rm.get(EAST + '/flavors', json={'flavors': []})
    password_client(insecure=True).flavors.list()
    assert [r.verify for r in rm.request_history] == [False, False, False]


def test_cacert_is_used_to_verify_every_request(rm):
    fakes.register_keystone_v3(rm)
    rm.get(EAST + '/flavors', json={'flavors': []})
    password_client(cacert='/etc/ssl/our-ca.pem').flavors.list()
    assert [r.verify for r in rm.request_history] == [
        '/etc/ssl/our-ca.pem'] * 3


def test_certificates_are_verified_by_default(rm):
    fakes.register_keystone_v3(rm)
    rm.get(EAST + '/flavors', json={'flavors': []})
    tc = password_client()
    tc.flavors.list()
    assert tc.session.verify is True
    # requests may swap True for the CA bundle its environment names.
    assert all(r.verify not in (False, None) for r in rm.request_history)


def test_client_has_every_manager():
    tc = v1_client.Client(session=fakes.make_session())
    for name in ('flavors', 'datastores', 'datastore_versions',
                 'instances'):
        assert getattr(tc, name).api is tc.http
