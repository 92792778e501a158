"""A 404 that is not Trove saying a resource is missing: a wrong endpoint.

An endpoint that answers 404 to everything (another service, Trove under
another path, a web server) used to read as "no such datastore", and a
wait for deletion ended at once. Every call now reports
``WrongEndpoint``, naming the URL that failed, and no lookup or wait
takes it for a missing resource.
"""

import re

import pytest
import requests_mock

from troveclient_osc import exceptions
from tests.unit import fakes

UUID = '47f729ed-5b87-4222-ab95-fe74a4baced4'

# What an endpoint that is not Trove's API answers, whatever the URL.
WRONG_ANSWERS = {
    # Trove itself under another path (/v2/...), nova, cinder: webob's text
    # for a URL without a route, in the fault shape.
    'no route': {'json': fakes.fault('itemNotFound', 404,
                                     exceptions.NO_ROUTE_MESSAGE)},
    'empty': {'text': ''},
    'html': {'text': '<html><body><h1>404 Not Found</h1>nginx</body></html>',
             'headers': {'Content-Type': 'text/html'}},
    'other json': {'json': {'error': {'code': 404, 'title': 'Not Found',
                                      'message': 'Could not find it.'}}},
}

CALLS = {
    'datastores.list': lambda tc: tc.datastores.list(),
    'datastores.find': lambda tc: tc.datastores.find('mysql'),
    'datastores.delete': lambda tc: tc.datastores.delete('mysql'),
    'datastore_versions.find by ID': lambda tc:
        tc.datastore_versions.find(UUID),
    'datastore_versions.find by name': lambda tc:
        tc.datastore_versions.find('5.7', datastore='mysql'),
    'datastore_versions.list': lambda tc:
        tc.datastore_versions.list('mysql'),
    'flavors.list': lambda tc: tc.flavors.list(),
    'flavors.find by ID': lambda tc: tc.flavors.find('1'),
    'flavors.find by name': lambda tc: tc.flavors.find('m1.tiny'),
    'flavors of a version': lambda tc:
        tc.flavors.list_datastore_version_associated_flavors('mysql', UUID),
    'flavors.with_ref': lambda tc: tc.flavors.with_ref('1', tc.flavors.get),
    'instances.list': lambda tc: tc.instances.list(),
    'instances.list_all': lambda tc: list(tc.instances.list_all()),
    'instances.get': lambda tc: tc.instances.get(UUID),
    'instances.find by name': lambda tc: tc.instances.find('db1'),
    'instances.find by ID': lambda tc: tc.instances.find(UUID),
    'instances.act_on a name': lambda tc:
        tc.instances.act_on('db1', tc.instances.restart),
    'instances.act_on an ID': lambda tc:
        tc.instances.act_on(UUID, tc.instances.restart),
    'instances.delete': lambda tc: tc.instances.delete(UUID),
    'instances.wait_for_delete': lambda tc:
        tc.instances.wait_for_delete(UUID, timeout=5),
    'instances.wait_for_status': lambda tc:
        tc.instances.wait_for_status(UUID, timeout=5),
    'configurations.list': lambda tc: tc.configurations.list(),
    'configurations.find': lambda tc: tc.configurations.find('cfg'),
}


def answer_404_to_everything(rm, answer):
    return rm.register_uri(requests_mock.ANY,
                           re.compile(re.escape(fakes.ENDPOINT) + '.*'),
                           status_code=404, **answer)


@pytest.mark.parametrize('answer', sorted(WRONG_ANSWERS))
@pytest.mark.parametrize('call', sorted(CALLS))
def test_every_call_reports_a_wrong_endpoint_naming_the_url(
        tc, rm, call, answer):
    answer_404_to_everything(rm, WRONG_ANSWERS[answer])
    with pytest.raises(exceptions.WrongEndpoint) as info:
        CALLS[call](tc)
    error = info.value
    assert not isinstance(error, exceptions.NotFound)
    assert error.http_status == 404
    # The first request already tells: nothing else is tried.
    assert rm.call_count == 1
    failed = rm.request_history[0].url
    assert error.url == failed
    text = str(error)
    assert text.startswith('The database endpoint looks wrong: %s is not a '
                           'URL of the Trove API' % failed)
    assert text.endswith('(HTTP 404)')
    assert 'No ' not in text and 'exists' not in text


def test_the_server_text_is_kept_in_the_message(tc, rm):
    answer_404_to_everything(rm, WRONG_ANSWERS['no route'])
    with pytest.raises(exceptions.WrongEndpoint) as info:
        tc.datastores.find('mysql')
    assert str(info.value) == (
        'The database endpoint looks wrong: %s/datastores/mysql is not a URL '
        'of the Trove API (The resource could not be found.) (HTTP 404)'
        % fakes.ENDPOINT)


@pytest.mark.parametrize('call, path', [
    (lambda tc: tc.datastores.list(), '/datastores'),
    (lambda tc: tc.flavors.list(), '/flavors'),
    (lambda tc: tc.instances.list(), '/instances'),
    (lambda tc: list(tc.instances.list_all(detailed=True)),
     '/instances/detail'),
    (lambda tc: tc.configurations.list(), '/configurations'),
    (lambda tc: tc.datastore_versions.list_all(),
     '/mgmt/datastore-versions'),
], ids=['datastores', 'flavors', 'instances', 'instances detail',
        'configurations', 'mgmt versions'])
def test_a_404_on_a_top_level_listing_is_a_wrong_endpoint_whatever_it_says(
        tc, rm, call, path):
    # These collections always exist: even a fault that looks like Trove's
    # cannot mean that something is missing.
    rm.get(fakes.url(path), status_code=404, json=fakes.fault(
        'itemNotFound', 404, 'Datastore mysql cannot be found.'))
    with pytest.raises(exceptions.WrongEndpoint, match=re.escape(
            fakes.url(path))):
        call(tc)


def test_troves_own_404_about_a_resource_stays_not_found(tc, rm):
    rm.get(fakes.url('/datastores/nosuch'), status_code=404, json=fakes.fault(
        'itemNotFound', 404, "Datastore 'nosuch' cannot be found."))
    rm.get(fakes.url('/datastores/nosuch/versions'), status_code=404,
           json=fakes.fault('itemNotFound', 404,
                            "Datastore 'nosuch' cannot be found."))
    with pytest.raises(exceptions.NotFound) as info:
        tc.datastores.find('nosuch')
    assert str(info.value) == "No datastore with a name or ID of 'nosuch' " \
                              "exists."
    # A listing within a resource the caller named: that resource is missing.
    with pytest.raises(exceptions.NotFound) as info:
        tc.datastore_versions.list('nosuch')
    assert not isinstance(info.value, exceptions.WrongEndpoint)
    assert str(info.value) == "Datastore 'nosuch' cannot be found. (HTTP 404)"


def test_a_wait_for_delete_does_not_take_a_wrong_endpoint_for_deleted(
        tc, rm, clock):
    answer_404_to_everything(rm, WRONG_ANSWERS['empty'])
    with pytest.raises(exceptions.WrongEndpoint):
        tc.instances.wait_for_delete(UUID, sleep=clock.sleep, clock=clock)
    assert clock.sleeps == []


def test_the_identity_services_404_is_not_about_the_database_endpoint(rm):
    # A 404 while authenticating is the identity service's answer.
    from troveclient_osc.v1 import client as v1_client

    from keystoneauth1 import fixture

    rm.get(fakes.KEYSTONE + '/v3',
           json={'version': fixture.V3Discovery(fakes.KEYSTONE + '/v3')})
    rm.post(fakes.KEYSTONE + '/v3/auth/tokens', status_code=404, text='')
    tc = v1_client.Client(auth_url=fakes.KEYSTONE + '/v3',
                          username='u', password='p',
                          project_name='test_project')
    with pytest.raises(exceptions.ClientException) as info:
        tc.datastores.list()
    assert not isinstance(info.value, exceptions.WrongEndpoint)
