"""Every library call that takes an instance takes its name (issue 21), and
no name is ever put in a URL (issue 23), through the one lookup.

For each call, with request counts:

* an ID (or an Instance): the request, and nothing else;
* a name: one scan of the listing, then the request with the ID found;
* an ID Trove refuses with 404: the request, one scan (an instance may be
  named like an ID), then the request again with the ID found.
"""

import pytest

from troveclient_osc import exceptions
from tests.unit import fakes
from tests.unit.compat import trove as fake

ID = fake.INSTANCE
# An instance whose name looks like an ID that no instance has.
UUID_NAMED = fakes.instance_id(3)
UUID_NAME = 'aaaaaaaa-0000-4000-8000-00000000000a'
SCAN = ('GET', '/instances/detail')
pytestmark = pytest.mark.filterwarnings(
    'ignore:instances.modify:DeprecationWarning')
MGMT_SCAN = ('GET', '/mgmt/instances')


def instances():
    return [fakes.instance_body(1, name='web-1'),
            fakes.instance_body(2, name='web/2'),
            fakes.instance_body(3, name=UUID_NAME),
            fakes.instance_body(4, name='detail'),
            fakes.instance_body(5, name='dup'),
            fakes.instance_body(6, name='dup')]


# (call, the requests it sends for the instance with the ID given, as
# (method, path) with {} for the ID; the scan it looks names up in)
CALLS = [
    ('get', lambda tc, v: tc.instances.get(v), [('GET', '/instances/{}')]),
    ('delete', lambda tc, v: tc.instances.delete(v),
     [('DELETE', '/instances/{}')]),
    ('restart', lambda tc, v: tc.instances.restart(v),
     [('POST', '/instances/{}/action')]),
    ('resize_volume', lambda tc, v: tc.instances.resize_volume(v, 2),
     [('POST', '/instances/{}/action')]),
    ('resize_instance', lambda tc, v: tc.instances.resize_instance(v, 1),
     [('POST', '/instances/{}/action')]),
    ('promote', lambda tc, v: tc.instances.promote_to_replica_source(v),
     [('POST', '/instances/{}/action')]),
    ('eject', lambda tc, v: tc.instances.eject_replica_source(v),
     [('POST', '/instances/{}/action')]),
    ('update', lambda tc, v: tc.instances.update(v, name='new'),
     [('PUT', '/instances/{}')]),
    ('modify', lambda tc, v: tc.instances.modify(v, fake.CONFIGURATION),
     [('PUT', '/instances/{}')]),
    ('upgrade', lambda tc, v: tc.instances.upgrade(v, '8.0'),
     [('PATCH', '/instances/{}')]),
    ('detach_replica', lambda tc, v: tc.instances.detach_replica(v),
     [('PATCH', '/instances/{}')]),
    ('backups', lambda tc, v: tc.instances.backups(v),
     [('GET', '/instances/{}/backups')]),
    ('configuration', lambda tc, v: tc.instances.configuration(v),
     [('GET', '/instances/{}/configuration')]),
    ('log_list', lambda tc, v: tc.instances.log_list(v),
     [('GET', '/instances/{}/log')]),
    ('log_show', lambda tc, v: tc.instances.log_show(v, 'general'),
     [('POST', '/instances/{}/log')]),
    ('log_action', lambda tc, v: tc.instances.log_action(
        v, 'general', publish=True), [('POST', '/instances/{}/log')]),
    ('wait_for_status', lambda tc, v: tc.instances.wait_for_status(
        v, 'ACTIVE'), [('GET', '/instances/{}')]),
    ('act_on', lambda tc, v: tc.instances.act_on(v, tc.instances.restart),
     [('POST', '/instances/{}/action')]),
    ('act_on-get', lambda tc, v: tc.instances.act_on(v, tc.instances.get),
     [('GET', '/instances/{}')]),
]
# The calls only an administrator may make look a name up in every
# project (issue 23 item 4), as python-troveclient's administrator
# managers do.
MGMT_CALLS = [
    ('reset_status', lambda tc, v: tc.instances.reset_status(v),
     [('POST', '/instances/{}/action')]),
    ('force_delete', lambda tc, v: tc.instances.force_delete(v),
     [('POST', '/instances/{}/action'), ('DELETE', '/instances/{}')]),
    ('reboot', lambda tc, v: tc.instances.reboot(v),
     [('POST', '/mgmt/instances/{}/action')]),
    ('rebuild', lambda tc, v: tc.instances.rebuild(v, 'image-1'),
     [('POST', '/mgmt/instances/{}/action')]),
    ('mgmt_instances.show', lambda tc, v: tc.mgmt_instances.show(v),
     [('GET', '/mgmt/instances/{}')]),
    ('mgmt_instances.reboot', lambda tc, v: tc.mgmt_instances.reboot(v),
     [('POST', '/mgmt/instances/{}/action')]),
    ('mgmt_instances.root_enabled_history',
     lambda tc, v: tc.mgmt_instances.root_enabled_history(v),
     [('GET', '/mgmt/instances/{}/root')]),
]
#: The calls that keep the configuration group (issue 22) read an instance
#: given by ID first, to know whether it has one; an Instance, or the one a
#: name is found as in the detailed listing, shows it already.
READ_FIRST = {call: [('GET', '/instances/{}')] + sends
              for name, call, sends in CALLS
              if name in ('update', 'upgrade', 'detach_replica')}
ALL = [(call, sends, SCAN) for _n, call, sends in CALLS] + [
    (call, sends, MGMT_SCAN) for _n, call, sends in MGMT_CALLS]
IDS = [name for name, _c, _s in CALLS + MGMT_CALLS]


def sent(trove):
    return [(method, path) for method, path, _q, _b in trove.sent()]


def requests_for(sends, ident):
    return [(method, path.format(ident)) for method, path in sends]


@pytest.fixture
def trove(rm):
    return fake.Trove(rm, instances())


@pytest.mark.parametrize('call,sends,scan', ALL, ids=IDS)
def test_an_id_costs_the_request_alone(tc, trove, call, sends, scan):
    call(tc, ID)
    assert sent(trove) == requests_for(READ_FIRST.get(call, sends), ID)


@pytest.mark.parametrize('call,sends,scan', ALL, ids=IDS)
@pytest.mark.parametrize('name,number', [
    ('web-1', 1), ('web/2', 2), ('detail', 4)])
def test_a_name_costs_one_scan_then_the_request(tc, trove, call, sends,
                                                scan, name, number):
    call(tc, name)
    assert sent(trove) == [scan] + requests_for(
        sends, fakes.instance_id(number))


@pytest.mark.parametrize('call,sends,scan', ALL, ids=IDS)
def test_an_id_trove_refuses_costs_one_scan_and_the_request_again(
        tc, trove, call, sends, scan):
    call(tc, UUID_NAME)
    assert sent(trove) == requests_for(
        READ_FIRST.get(call, sends)[:1], UUID_NAME) + [
        scan] + requests_for(sends, UUID_NAMED)


@pytest.mark.parametrize('call,sends,scan', ALL, ids=IDS)
def test_a_name_nothing_has_is_not_found_after_the_scan_alone(
        tc, trove, call, sends, scan):
    with pytest.raises(exceptions.NotFound) as info:
        call(tc, 'no/such')
    assert isinstance(info.value, exceptions.NoMatch)  # not a 404
    assert str(info.value) == ("No database instance with a name or ID of "
                               "'no/such' exists.")
    assert sent(trove) == [scan]


@pytest.mark.parametrize('call,sends,scan', ALL, ids=IDS)
def test_a_shared_name_is_no_unique_match_and_nothing_is_sent(
        tc, trove, call, sends, scan):
    with pytest.raises(exceptions.NoUniqueMatch, match="'dup'"):
        call(tc, 'dup')
    assert sent(trove) == [scan]


@pytest.mark.parametrize('call,sends,scan', ALL, ids=IDS)
def test_an_instance_object_costs_the_request_alone(tc, trove, call, sends,
                                                    scan):
    target = tc.instances._make(fakes.instance_body(2, name='web/2'))
    call(tc, target)
    assert sent(trove) == requests_for(sends, fakes.instance_id(2))


# -- issue 23: the names that reached a URL --------------------------------

def test_wait_for_status_of_a_name_with_a_slash_polls_its_id(tc, trove):
    # It raised WrongEndpoint at once: GET /instances/web%2F2.
    found = tc.instances.wait_for_status('web/2', 'ACTIVE')
    assert found.id == fakes.instance_id(2)
    assert sent(trove) == [SCAN, ('GET', '/instances/%s'
                                  % fakes.instance_id(2))]


def test_wait_for_status_of_an_instance_named_detail_polls_its_id(
        tc, trove):
    # It polled the listing GET /instances/detail, took its answer for a
    # failed poll and ran to the timeout.
    found = tc.instances.wait_for_status('detail', 'ACTIVE', timeout=10)
    assert found.name == 'detail'
    assert sent(trove) == [SCAN, ('GET', '/instances/%s'
                                  % fakes.instance_id(4))]


def test_get_of_a_name_with_a_slash_is_not_blamed_on_the_endpoint(
        tc, trove):
    with pytest.raises(exceptions.NotFound) as info:
        tc.instances.get('a/b')
    assert not isinstance(info.value, exceptions.WrongEndpoint)
    assert "'a/b'" in str(info.value)
    assert sent(trove) == [SCAN]


def test_wait_for_delete_of_a_name_nothing_has_ends_at_once(tc, trove):
    assert tc.instances.wait_for_delete('no/such') is None
    assert sent(trove) == [SCAN]


# -- a batch still scans once ----------------------------------------------

def test_act_on_many_with_the_managers_methods_scans_once_for_all(
        tc, rm):
    # Two IDs Trove refuses, both names of instances: the methods given by
    # act_on_many leave the lookup to it, which scans once for both.
    bodies = [fakes.instance_body(3, name=UUID_NAME),
              fakes.instance_body(4, name=fakes.instance_id(40))]
    trove = fake.Trove(rm, bodies)
    outcomes = tc.instances.act_on_many([UUID_NAME, fakes.instance_id(40)],
                                        tc.instances.restart,
                                        concurrency=1)
    assert [o.ok for o in outcomes] == [True, True]
    assert sent(trove) == [
        ('POST', '/instances/%s/action' % UUID_NAME),
        ('POST', '/instances/%s/action' % fakes.instance_id(40)), SCAN,
        ('POST', '/instances/%s/action' % fakes.instance_id(3)),
        ('POST', '/instances/%s/action' % fakes.instance_id(4))]
    assert trove.listings == 1


def test_a_404_about_another_resource_costs_no_scan(tc, rm):
    # Trove names the flavor it does not have: the instance is not looked
    # up again.
    rm.post(fakes.url('/instances/%s/action' % ID), status_code=404,
            json=fakes.fault('itemNotFound', 404,
                             'Resource 77 cannot be found.'))
    with pytest.raises(exceptions.NotFound, match='Resource 77'):
        tc.instances.resize_instance(ID, '77')
    assert rm.call_count == 1


# -- flavors, datastores, versions -----------------------------------------

def test_flavor_name_costs_one_list_then_the_get(tc, trove):
    assert tc.flavors.get('ds2G').flavor_ref == 'd2'
    assert sent(trove) == [('GET', '/flavors'), ('GET', '/flavors/d2')]


def test_datastore_name_goes_in_the_url_as_trove_takes_it(tc, trove):
    tc.datastores.get('mysql')
    tc.datastore_versions.get('mysql', '5.7')
    assert sent(trove) == [('GET', '/datastores/mysql'),
                           ('GET', '/datastores/mysql/versions/5.7')]


def test_version_name_for_an_admin_call_costs_one_admin_list(tc, trove):
    tc.datastore_versions.get_mgmt('5.7')
    tc.datastore_versions.delete(fake.VERSION)
    assert sent(trove) == [
        ('GET', '/mgmt/datastore-versions'),
        ('GET', '/mgmt/datastore-versions/' + fake.VERSION),
        ('DELETE', '/mgmt/datastore-versions/' + fake.VERSION)]
