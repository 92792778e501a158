"""Code written for python-troveclient works with ``troveclient`` replaced
by ``troveclient_osc`` in its imports (issue 21): the client factory and
its arguments, the exception names, their status mapping and base classes,
``details`` and ``response``, ``.links``, ``_info``, ``find(**attrs)``,
string flavor IDs, and python-troveclient's managers that are not here
saying so.
"""

import json
import logging

import pytest
import requests

from troveclient_osc import client
from troveclient_osc import exceptions
from troveclient_osc.apiclient import exceptions as api_exceptions
from troveclient_osc.v1 import client as v1_client
from tests.unit import fakes
from tests.unit.compat import trove as fake

V3 = fakes.KEYSTONE + '/v3'
EAST = fakes.CATALOG[('EAST', 'public')]
WEST = fakes.CATALOG[('WEST', 'public')]

# python-troveclient 8.11.0's troveclient/apiclient/exceptions.py: each
# class and its base class.
APICLIENT_CLASSES = {
    'ClientException': 'Exception', 'MissingArgs': 'ClientException',
    'ValidationError': 'ClientException',
    'UnsupportedVersion': 'ClientException',
    'CommandError': 'ClientException',
    'AuthorizationFailure': 'ClientException',
    'ConnectionRefused': 'ClientException',
    'AuthPluginOptionsMissing': 'AuthorizationFailure',
    'AuthSystemNotFound': 'AuthorizationFailure',
    'NoUniqueMatch': 'ClientException',
    'EndpointException': 'ClientException',
    'EndpointNotFound': 'EndpointException',
    'AmbiguousEndpoints': 'EndpointException',
    'HttpError': 'ClientException', 'HTTPClientError': 'HttpError',
    'HttpServerError': 'HttpError', 'BadRequest': 'HTTPClientError',
    'Unauthorized': 'HTTPClientError', 'PaymentRequired': 'HTTPClientError',
    'Forbidden': 'HTTPClientError', 'NotFound': 'HTTPClientError',
    'MethodNotAllowed': 'HTTPClientError',
    'NotAcceptable': 'HTTPClientError',
    'ProxyAuthenticationRequired': 'HTTPClientError',
    'RequestTimeout': 'HTTPClientError', 'Conflict': 'HTTPClientError',
    'Gone': 'HTTPClientError', 'LengthRequired': 'HTTPClientError',
    'PreconditionFailed': 'HTTPClientError',
    'RequestEntityTooLarge': 'HTTPClientError',
    'RequestUriTooLong': 'HTTPClientError',
    'UnsupportedMediaType': 'HTTPClientError',
    'RequestedRangeNotSatisfiable': 'HTTPClientError',
    'ExpectationFailed': 'HTTPClientError',
    'UnprocessableEntity': 'HTTPClientError',
    'InternalServerError': 'HttpServerError',
    'HttpNotImplemented': 'HttpServerError',
    'BadGateway': 'HttpServerError', 'ServiceUnavailable': 'HttpServerError',
    'GatewayTimeout': 'HttpServerError',
    'HttpVersionNotSupported': 'HttpServerError',
}
# troveclient/exceptions.py adds these three.
EXCEPTIONS_CLASSES = dict(APICLIENT_CLASSES,
                          NoTokenLookupException='Exception',
                          ResponseFormatError='Exception',
                          GuestLogNotFoundError='Exception')
# python-troveclient's _code_map: the class of each status.
STATUSES = {
    400: 'BadRequest', 401: 'Unauthorized', 402: 'PaymentRequired',
    403: 'Forbidden', 404: 'NotFound', 405: 'MethodNotAllowed',
    406: 'NotAcceptable', 407: 'ProxyAuthenticationRequired',
    408: 'RequestTimeout', 409: 'Conflict', 410: 'Gone',
    411: 'LengthRequired', 412: 'PreconditionFailed',
    413: 'RequestEntityTooLarge', 414: 'RequestUriTooLong',
    415: 'UnsupportedMediaType', 416: 'RequestedRangeNotSatisfiable',
    417: 'ExpectationFailed', 422: 'UnprocessableEntity',
    500: 'InternalServerError', 501: 'HttpNotImplemented',
    502: 'BadGateway', 503: 'ServiceUnavailable', 504: 'GatewayTimeout',
    505: 'HttpVersionNotSupported',
    # no class of their own there: the class of their range
    418: 'HTTPClientError', 429: 'HTTPClientError', 451: 'HTTPClientError',
    507: 'HttpServerError', 599: 'HttpServerError',
}


# -- the client factory and the client's arguments ---------------------------

@pytest.mark.parametrize('version', ['1.0', 1.0])
def test_client_factory_makes_the_v1_client(rm, version):
    tc = client.Client(version, session=fakes.make_session())
    assert isinstance(tc, v1_client.Client)
    assert client.get_version_map() == {
        '1.0': 'troveclient_osc.v1.client.Client'}
    assert rm.call_count == 0


@pytest.mark.parametrize('version', ['1', 1, '2.0', 'v1', None])
def test_client_factory_refuses_other_versions_as_python_troveclient(
        rm, version):
    with pytest.raises(exceptions.UnsupportedVersion,
                       match="must be one of: 1.0"):
        client.Client(version, session=fakes.make_session())
    assert rm.call_count == 0


def test_client_factory_passes_python_troveclients_positional_order(rm):
    # Client(version, username, password, project_id, auth_url, insecure,
    #        timeout, tenant_id, proxy_tenant_id, proxy_token, region_name)
    fakes.register_keystone_v3(rm)
    rm.get(WEST + '/flavors', json={'flavors': []})
    tc = client.Client('1.0', 'testuser', 'PASSWORD', 'test_project', V3,
                       True, 30, None, None, None, 'WEST')
    tc.flavors.list()
    assert rm.last_request.url == WEST + '/flavors'
    assert rm.last_request.verify is False
    assert tc.http.timeout == 30


def test_api_key_is_the_password(rm):
    fakes.register_keystone_v3(rm)
    rm.get(EAST + '/flavors', json={'flavors': []})
    v1_client.Client('testuser', project_id='test_project', auth_url=V3,
                     api_key='PASSWORD', region_name='EAST').flavors.list()
    auth = rm.request_history[1].json()['auth']['identity']['password']
    assert auth['user']['password'] == 'PASSWORD'


def test_a_region_given_fifth_is_refused_not_taken_for_insecure(rm):
    # troveclient-osc's order had region_name fifth; python-troveclient's
    # has insecure there.
    with pytest.raises(TypeError, match='5th positional argument of '
                                        'Client.. is insecure'):
        v1_client.Client('u', 'p', 'proj', V3, 'EAST')
    assert rm.call_count == 0


def test_a_positional_argument_also_given_by_keyword_is_refused(rm):
    with pytest.raises(TypeError, match="multiple values for argument "
                                        "'timeout'"):
        v1_client.Client('u', 'p', 'proj', V3, False, 30, timeout=10)


@pytest.mark.parametrize('kwargs', [
    {'proxy_token': 'tok', 'proxy_tenant_id': 't'},
    {'auth_system': 'rackspace'},
    {'auth_plugin': object()},
    {'extensions': [object()]},
])
def test_arguments_that_would_act_as_someone_else_are_refused(rm, kwargs):
    with pytest.raises(exceptions.NotSupported, match='session='):
        v1_client.Client(username='u', password='p', project_id='proj',
                         auth_url=V3, **kwargs)
    assert rm.call_count == 0


def test_database_service_name_selects_the_service_by_name(rm):
    tc = v1_client.Client(session=fakes.make_session(),
                          database_service_name='trove')
    assert tc.http.adapter.service_name == 'trove'


def test_keystone_auth_system_and_no_effect_arguments_are_accepted(
        rm, caplog):
    with caplog.at_level(logging.WARNING):
        v1_client.Client(session=fakes.make_session(),
                         auth_system='keystone', http_log_debug=True,
                         retries=2, extensions=[])
    assert 'extensions, http_log_debug, retries' in caplog.text


@pytest.mark.parametrize('name', [
    'backups', 'backup_strategies', 'clusters', 'configuration_parameters',
    'databases', 'limits', 'metadata', 'modules', 'quota', 'root',
    'security_group_rules', 'security_groups', 'users', 'volume_types',
    'client'])
def test_python_troveclients_other_managers_say_they_are_not_here(name):
    tc = v1_client.Client(session=fakes.make_session())
    with pytest.raises(AttributeError, match="python-troveclient's"):
        getattr(tc, name)
    assert not hasattr(tc, name)


def test_the_admin_managers_are_on_the_client():
    tc = v1_client.Client(session=fakes.make_session())
    assert tc.mgmt_instances.api is tc.http
    assert tc.mgmt_ds_versions.api is tc.http


# -- exceptions --------------------------------------------------------------

@pytest.mark.parametrize('module,classes', [
    (exceptions, EXCEPTIONS_CLASSES), (api_exceptions, APICLIENT_CLASSES)],
    ids=['exceptions', 'apiclient.exceptions'])
def test_every_exception_name_and_base_class_of_python_troveclient(
        module, classes):
    for name, parent in classes.items():
        cls = getattr(module, name)
        assert issubclass(cls, Exception), name
        if parent != 'Exception':
            assert issubclass(cls, getattr(module, parent)), (name, parent)
    assert callable(module.from_response)


def test_apiclient_exceptions_are_the_same_classes():
    for name in APICLIENT_CLASSES:
        assert getattr(api_exceptions, name) is getattr(exceptions, name)


def response(status, body=b'', content_type='application/json',
             headers=None):
    answer = requests.Response()
    answer.status_code = status
    answer._content = body if isinstance(body, bytes) else json.dumps(
        body).encode()
    answer.headers.update({'Content-Type': content_type, **(headers or {})})
    answer.encoding = 'utf-8'
    return answer


@pytest.mark.parametrize('status,name', STATUSES.items())
def test_from_response_maps_each_status_as_python_troveclient(status,
                                                              name):
    # python-troveclient's signature: from_response(response, method, url)
    answer = response(status, {'fault': {'code': status,
                                         'message': 'the message'}})
    error = exceptions.from_response(answer, 'GET', 'http://t/instances')
    assert isinstance(error, getattr(api_exceptions, name))
    assert error.http_status == status
    assert (error.message, error.method, error.url) == (
        'the message', 'GET', 'http://t/instances')
    assert error.response is answer


def test_details_are_the_faults_details_or_the_text_of_a_text_body():
    fault = response(400, {'badRequest': {'code': 400, 'message': 'm',
                                          'details': 'the details'}})
    flat = response(400, {'message': 'm', 'details': 'flat details'})
    # a flat body with no message (an API-SIG error, a proxy's)
    bare = response(400, {'title': 'Bad Request', 'details': 'bare details'})
    text = response(503, b'Service down for maintenance', 'text/plain')
    trove = response(404, fakes.fault('itemNotFound', 404, 'gone'))
    assert exceptions.from_response(fault, 'GET', 'u').details == \
        'the details'
    assert exceptions.from_response(flat, 'GET', 'u').details == \
        'flat details'
    assert exceptions.from_response(bare, 'GET', 'u').details == \
        'bare details'
    assert exceptions.from_response(text, 'GET', 'u').details == \
        'Service down for maintenance'
    assert exceptions.from_response(trove, 'GET', 'u').details is None


def test_details_and_response_reach_the_caller_of_a_call(tc, rm):
    rm.post(fakes.url('/instances/%s/action' % fake.INSTANCE),
            status_code=400, json={'badRequest': {
                'code': 400, 'message': 'Bad size', 'details': 'size > 0'}})
    with pytest.raises(exceptions.BadRequest) as info:
        tc.instances.resize_volume(fake.INSTANCE, 5)
    assert info.value.details == 'size > 0'
    assert info.value.response.status_code == 400
    assert info.value.response.json()['badRequest']['details'] == 'size > 0'


def test_http_errors_take_python_troveclients_positional_arguments():
    # HttpError(message, details, response, request_id, url, method,
    #           http_status)
    error = exceptions.NotFound('msg', 'det', None, 'req-1', 'http://u',
                                'GET')
    assert (error.message, error.details, error.response, error.request_id,
            error.url, error.method, error.http_status) == (
        'msg', 'det', None, 'req-1', 'http://u', 'GET', 404)
    assert str(error) == 'msg (HTTP 404) (Request-ID: req-1)'
    assert exceptions.HttpError(http_status=418).http_status == 418


def test_the_non_http_classes_take_python_troveclients_arguments():
    assert str(exceptions.MissingArgs(['a', 'b'])) == \
        'Missing argument(s): a, b'
    assert exceptions.AuthPluginOptionsMissing(['x']).opt_names == ['x']
    assert "'sys'" in str(exceptions.AuthSystemNotFound('sys'))
    assert exceptions.AmbiguousEndpoints([1]).endpoints == [1]


# -- lists, resources and find ------------------------------------------------

def test_a_page_has_the_links_trove_sent(tc, rm):
    listing = fakes.InstanceListing([fakes.instance_body(n)
                                     for n in range(1, 4)], page_size=2)
    listing.register(rm)
    first = tc.instances.list()
    last = tc.instances.list(marker=first.next)
    assert first.links == [{'rel': 'next', 'href': (
        'https://127.0.0.1:8779%s/instances?marker=%s&limit=2'
        % (fake.BASE_PATH, fakes.instance_id(2)))}]
    assert first.next == fakes.instance_id(2)
    assert last.links == [] and last.next is None


def test_info_is_a_read_only_view_of_the_body(tc, rm):
    body = fakes.instance_body(1, name='web-1')
    rm.get(fakes.url('/instances/' + body['id']), json={'instance': body})
    found = tc.instances.get(body['id'])
    assert found._info == body
    assert json.loads(json.dumps(found._info)) == body
    with pytest.raises(TypeError, match='read-only'):
        found._info['name'] = 'other'
    found._info['volume']['size'] = 99  # a copy: nothing changes here
    found.name = 'renamed'              # neither does an attribute
    assert found._info['volume'] == {'size': 1}
    assert found._info['name'] == 'web-1'
    assert found.to_dict()['name'] == 'renamed'


@pytest.mark.parametrize('flavor_id,expected', [
    (6, 6), ('5f1d0a5c-6f0a-4b8e-9c55-1a2b3c4d5e6f',
             '5f1d0a5c-6f0a-4b8e-9c55-1a2b3c4d5e6f'), ('007', '007')])
def test_flavor_id_is_python_troveclients(tc, rm, flavor_id, expected):
    rm.get(fakes.url('/flavors'), json={'flavors': [
        fakes.flavor_body(flavor_id, 'f')]})
    (flavor,) = tc.flavors.list()
    assert flavor.id == expected
    assert flavor.to_dict()['id'] == (expected if isinstance(expected, int)
                                      else None)


def test_find_by_attributes_is_one_scan_then_one_get(tc, rm):
    trove = fake.Trove(rm)
    found = tc.instances.find(name='web-1', status='ACTIVE')
    assert found.id == fake.INSTANCE
    assert [r[:2] for r in trove.sent()] == [
        ('GET', '/instances/detail'), ('GET', '/instances/' + fake.INSTANCE)]


def test_find_by_attributes_raises_not_found_and_no_unique_match(tc, rm):
    trove = fake.Trove(rm)
    with pytest.raises(exceptions.NotFound, match="name='nope'"):
        tc.instances.find(name='nope')
    with pytest.raises(exceptions.NoUniqueMatch):
        tc.instances.find(status='ACTIVE')
    assert [r[:2] for r in trove.sent()] == [('GET', '/instances/detail')] * 2


def test_find_by_attributes_names_three_matches_and_the_rest(tc, rm):
    bodies = [fakes.instance_body(n, name='web') for n in range(5)]
    rm.get(fakes.url('/instances/detail'), json={'instances': bodies})
    with pytest.raises(exceptions.NoUniqueMatch) as info:
        tc.instances.find(name='web')
    assert str(info.value).endswith(
        ': %s, %s, %s and 2 more' % tuple(b['id'] for b in bodies[:3]))


def test_findall_reads_each_match_again(tc, rm):
    trove = fake.Trove(rm)
    found = tc.instances.findall(status='ACTIVE')
    assert [i.name for i in found] == ['web-1', 'db/2']
    assert [r[:2] for r in trove.sent()] == [
        ('GET', '/instances/detail'),
        ('GET', '/instances/' + fake.INSTANCE),
        ('GET', '/instances/' + fake.OTHER)]


@pytest.mark.parametrize('find', [
    lambda tc: tc.instances.find(), lambda tc: tc.flavors.find(),
    lambda tc: tc.datastores.find(), lambda tc: tc.configurations.find(),
])
def test_find_with_nothing_to_match_sends_nothing(tc, rm, find):
    with pytest.raises(exceptions.ValidationError):
        find(tc)
    assert rm.call_count == 0


def test_find_with_a_name_and_attributes_is_a_type_error(tc, rm):
    with pytest.raises(TypeError, match='not both'):
        tc.instances.find('web-1', status='ACTIVE')
    assert rm.call_count == 0
