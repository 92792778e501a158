"""Resource objects: fields as attributes, refresh, delete, dict, equality."""

import copy

import pytest

from troveclient_osc import base
from troveclient_osc.v1 import datastores as v1_datastores
from troveclient_osc.v1 import instances as v1_instances
from troveclient_osc.v1 import management as v1_management
from tests.unit import fakes

SHOW = fakes.sample('instance-show-response')['instance']
ID = SHOW['id']


def instance(tc, info=None):
    return v1_instances.Instance(tc.instances, copy.deepcopy(info or SHOW))


def test_every_response_field_is_an_attribute(tc):
    obj = instance(tc)
    for key, value in SHOW.items():
        assert getattr(obj, key) == value


def test_fields_that_clash_with_methods_stay_in_to_dict(tc, rm):
    info = dict(SHOW, get='field', delete='x', manager='m', to_dict=1,
                **{'OS-EXT:host': 'h1', '2fa': True})
    obj = instance(tc, info)
    assert callable(obj.get) and callable(obj.delete)
    assert obj.manager is tc.instances
    assert obj.to_dict() == info
    assert rm.call_count == 0


def test_missing_attribute_is_an_error_not_a_hidden_request(tc, rm):
    obj = instance(tc, {'id': ID, 'name': 'db'})
    with pytest.raises(AttributeError, match="'fault'"):
        obj.fault
    assert not hasattr(obj, 'status')
    assert getattr(obj, 'fault', None) is None
    assert rm.call_count == 0


def test_get_refreshes_the_object_in_place(tc, rm):
    fresh = dict(SHOW, status='ACTIVE', name='renamed')
    del fresh['ip']
    rm.get(fakes.url('/instances/%s' % ID), json={'instance': fresh})
    obj = instance(tc, dict(SHOW, status='BUILD'))
    assert obj.get() is obj
    assert rm.call_count == 1
    assert (obj.status, obj.name) == ('ACTIVE', 'renamed')
    assert not hasattr(obj, 'ip')
    assert obj.to_dict() == fresh


def test_delete_deletes_that_instance(tc, rm):
    rm.delete(fakes.url('/instances/%s' % ID), status_code=202)
    instance(tc).delete()
    assert rm.call_count == 1
    assert rm.last_request.method == 'DELETE'


def test_to_dict_is_a_copy_that_reflects_attributes_set_by_the_caller(tc):
    obj = instance(tc)
    data = obj.to_dict()
    data['volume']['size'] = 999
    data['name'] = 'changed'
    assert obj.volume['size'] == 1
    assert obj.name == 'test'
    obj.name = 'set-by-caller'
    assert obj.to_dict()['name'] == 'set-by-caller'


def test_construction_does_not_keep_the_callers_dict(tc):
    info = copy.deepcopy(SHOW)
    obj = instance(tc, info)
    info['volume']['size'] = 50
    assert obj.volume['size'] == 1


def test_equality_is_by_id(tc):
    one = instance(tc)
    same = instance(tc, {'id': ID, 'name': 'other view', 'status': 'BUILD'})
    other = instance(tc, dict(SHOW, id='another-id'))
    assert one == same
    assert one != other
    assert len({one, same, other}) == 2
    assert one != ID
    store = v1_datastores.Datastore(tc.datastores, {'id': ID})
    assert one != store


def test_objects_without_an_id_are_equal_when_their_fields_are(tc):
    assert base.Resource(None, {'name': 'a'}) == base.Resource(
        None, {'name': 'a'})
    assert base.Resource(None, {'name': 'a'}) != base.Resource(
        None, {'name': 'b'})


def test_repr_shows_only_id_and_name(tc):
    obj = instance(tc, dict(SHOW, users=[{'name': 'u', 'password': 'pw1'}],
                            password='pw2'))
    assert repr(obj) == "<Instance id='%s' name='test'>" % ID
    assert 'pw' not in repr(obj) and 'pw' not in str(obj)


def test_a_root_history_says_when_root_was_enabled_and_by_whom(tc):
    # Trove's RootHistoryView: the time is its 'enabled' (python-troveclient
    # read a 'created' that Trove never sends)
    history = v1_management.RootHistory(tc.mgmt_instances, {
        'id': ID, 'enabled': '2026-12-06T09:00:00', 'user': 'admin-id'})
    assert repr(history) == ('<Root History: Instance %s enabled at '
                             '2026-12-06T09:00:00 by admin-id>' % ID)


def test_a_body_that_is_not_an_object_gives_an_empty_resource(tc):
    obj = base.Resource(None, ['not', 'a', 'dict'])
    assert obj.to_dict() == {}
    assert repr(obj) == '<Resource >'


def test_getid_takes_objects_and_plain_ids(tc):
    assert base.getid(instance(tc)) == ID
    assert base.getid('plain') == 'plain'
    assert base.getid(7) == 7


@pytest.mark.parametrize('value,expected', [
    ('7de1bed8-6983-4d46-9a52-0abfbb0d27a2', True),
    ('7DE1BED869834D469A520ABFBB0D27A2', True),
    ('7de1bed8-6983-4d46-9a52-0abfbb0d27a', False),
    ('my-instance', False),
    ('', False),
    (None, False),
    (12, False),
])
def test_uuid_like(value, expected):
    assert base.is_uuid_like(value) is expected
