"""Names and IDs reach the server as one percent-encoded path segment.

A ``/``, ``?``, ``#`` or ``%`` in a name must not change which resource a
request addresses; an empty name, or a dot segment, is refused before any
request is sent.
"""

import urllib.parse

import pytest
import requests_mock

from troveclient_osc import exceptions
from tests.unit import fakes

BASE_PATH = urllib.parse.urlsplit(fakes.ENDPOINT).path

NASTY = [
    'a/b',
    '../../admin',
    'a?limit=1',
    'a#frag',
    '100%',
    '%2F',
    'a b+c&d=e;f',
    'ünïcødé-名前',
    'x' * 300,
    '...',
    'a/..',
]

# Calls whose URL takes a name as well as an ID, since Trove looks the
# value up itself (datastores and their versions): (call, the path it must
# request with the value as the encoded segment).
CALLS = [
    (lambda tc, v: tc.datastores.get(v), '/datastores/{}'),
    (lambda tc, v: tc.datastores.delete(v), '/datastores/{}'),
    (lambda tc, v: tc.datastore_versions.list(v), '/datastores/{}/versions'),
    (lambda tc, v: tc.datastore_versions.get(v, v),
     '/datastores/{}/versions/{}'),
    (lambda tc, v: tc.flavors.list_datastore_version_associated_flavors(
        v, v), '/datastores/{}/versions/{}/flavors'),
]
CALL_IDS = [path.replace('{}', 'X') + ('#%d' % n)
            for n, (_call, path) in enumerate(CALLS)]

# Calls whose URL takes an ID only: a value that is not ID-like is a name,
# looked up by one scan of the listing and never put in a URL (issue 23).
LOOKED_UP = [
    lambda tc, v: tc.instances.get(v),
    lambda tc, v: tc.instances.delete(v),
    lambda tc, v: tc.instances.restart(v),
    lambda tc, v: tc.instances.update(v, name='n'),
    lambda tc, v: tc.instances.detach_replica(v),
    lambda tc, v: tc.instances.reboot(v),
    lambda tc, v: tc.instances.backups(v),
    lambda tc, v: tc.instances.log_list(v),
    lambda tc, v: tc.instances.wait_for_status(v, 'ACTIVE', timeout=0),
    lambda tc, v: tc.flavors.get(v),
    lambda tc, v: tc.datastore_versions.get_mgmt(v),
    lambda tc, v: tc.datastore_versions.update(v, active=True),
    lambda tc, v: tc.datastore_versions.delete(v),
    lambda tc, v: tc.mgmt_instances.show(v),
]
LISTINGS = ('/instances/detail', '/mgmt/instances', '/flavors',
            '/mgmt/datastore-versions')


def answer_everything(rm):
    body = {'instance': fakes.instance_body(), 'flavor':
            fakes.flavor_body(1, 'f'), 'datastore': {'id': 'd'},
            'version': {'id': 'v'}, 'versions': [], 'flavors': [],
            'instances': [], 'datastores': [], 'backups': [], 'logs': []}
    rm.register_uri(requests_mock.ANY, requests_mock.ANY, json=body)


IN_PATH = [v for v in NASTY if '/' not in v]


@pytest.mark.parametrize('value', IN_PATH, ids=lambda v: v[:20])
@pytest.mark.parametrize('call,template', CALLS, ids=CALL_IDS)
def test_value_is_one_percent_encoded_path_segment(tc, rm, call, template,
                                                   value):
    answer_everything(rm)
    call(tc, value)
    # (update and detach_replica read the instance first, by the same
    # path, to keep its configuration group)
    assert rm.call_count in (1, 2)
    assert all(r.method == 'GET' for r in rm.request_history[:-1])
    segment = urllib.parse.quote(value, safe='')
    for request in rm.request_history:
        assert request.path == BASE_PATH + template.format(segment,
                                                           segment)
        assert request.query == ''
        assert request.netloc == 'trove.example.com:8779'
        assert request.headers['X-Auth-Token'] == fakes.TOKEN
    assert request.headers['Accept'] == 'application/json'
    if request.body is not None:
        assert request.headers['Content-Type'] == 'application/json'
    # The server decodes the segment back to exactly the value.
    assert urllib.parse.unquote(segment) == value


@pytest.mark.parametrize('value', [v for v in NASTY if '/' in v],
                         ids=lambda v: v[:20])
@pytest.mark.parametrize('call,template', CALLS, ids=CALL_IDS)
def test_a_name_with_a_slash_is_looked_up_not_sent(tc, rm, call, template,
                                                   value):
    # The server decodes %2F before it routes: such a name would address
    # another URL. It is looked up in a listing instead, and not found.
    answer_everything(rm)
    with pytest.raises(exceptions.NotFound):
        call(tc, value)
    segment = urllib.parse.quote(value, safe='')
    assert all(segment not in r.path and value not in r.path
               for r in rm.request_history)


@pytest.mark.parametrize('value', NASTY, ids=lambda v: v[:20])
@pytest.mark.parametrize('call', LOOKED_UP)
def test_a_name_is_looked_up_and_never_sent_in_a_path(tc, rm, call, value):
    answer_everything(rm)
    with pytest.raises(exceptions.NotFound) as info:
        call(tc, value)
    assert isinstance(info.value, exceptions.NoMatch)  # not a 404
    assert [r.path[len(BASE_PATH):] for r in rm.request_history
            if r.path[len(BASE_PATH):] not in LISTINGS] == []


@pytest.mark.parametrize('value', ['', None])
@pytest.mark.parametrize('call', [c for c, _t in CALLS] + LOOKED_UP)
def test_empty_value_is_refused_before_any_call(tc, rm, call, value):
    answer_everything(rm)
    with pytest.raises(exceptions.ValidationError):
        call(tc, value)
    assert rm.call_count == 0


@pytest.mark.parametrize('value', ['.', '..'])
@pytest.mark.parametrize('call,template', CALLS, ids=CALL_IDS)
def test_dot_segment_is_never_sent(tc, rm, call, template, value):
    # A dot segment cannot be sent (the URL parser removes it): it is a
    # name, looked up in a listing, where nothing has it.
    answer_everything(rm)
    with pytest.raises(exceptions.NotFound):
        call(tc, value)
    assert all(not r.path.endswith('/' + value)
               and '/%s/' % value not in r.path for r in rm.request_history)


@pytest.mark.parametrize('find', [
    lambda tc, v: tc.instances.find(v),
    lambda tc, v: tc.flavors.find(v),
    lambda tc, v: tc.datastores.find(v),
    lambda tc, v: tc.datastore_versions.find(v, datastore='mysql'),
], ids=['instances', 'flavors', 'datastores', 'versions'])
@pytest.mark.parametrize('value', ['', '   ', None])
def test_find_with_an_empty_name_sends_nothing(tc, rm, find, value):
    answer_everything(rm)
    with pytest.raises(exceptions.ValidationError):
        find(tc, value)
    assert rm.call_count == 0


def test_name_with_a_slash_is_looked_up_as_a_whole_name(tc, rm):
    listing = fakes.InstanceListing([
        fakes.instance_body(1, name='team/db'),
        fakes.instance_body(2, name='team')]).register(rm)
    found = tc.instances.find('team/db')
    assert found.id == fakes.instance_id(1)
    assert listing.calls == 1


def test_marker_with_reserved_characters_is_encoded_in_the_query(tc, rm):
    rm.get(fakes.url('/instances'), json={'instances': []})
    tc.instances.list(marker='a&b=c#d', limit=2)
    assert rm.last_request.query == 'limit=2&marker=a%26b%3Dc%23d'
