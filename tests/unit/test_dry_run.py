"""The library's dry run (troveclient_osc.dry_run, HTTPClient.dry_run) at
the HTTP boundary: the reads go out, the changes are recorded with their
secrets masked and never sent, and a call that needs Trove's answer to a
change ends there without making one up."""

import threading

import pytest

from tests.unit import fakes
from troveclient_osc import dry_run
from troveclient_osc import exceptions

ID = fakes.instance_id(1)
CHANGES = ('POST', 'PUT', 'PATCH', 'DELETE')


def sent(rm):
    return ['%s %s' % (r.method, r.path.split('/v1.0/')[1].split('/', 1)[1])
            for r in rm.request_history]


def changes_sent(rm):
    return [r for r in rm.request_history if r.method in CHANGES]


def test_a_change_is_recorded_not_sent(tc, rm):
    with tc.dry_run() as plan:
        tc.instances.restart(ID)
        tc.instances.delete(ID)
    assert rm.request_history == []
    assert [(r.method, r.path, r.body, r.ident) for r in plan] == [
        ('POST', '/instances/%s/action' % ID, {'restart': {}}, ID),
        ('DELETE', '/instances/%s' % ID, None, ID)]
    assert plan.stopped is None


def test_names_are_looked_up_with_the_reads_of_a_real_run(tc, rm):
    fakes.InstanceListing([fakes.instance_body(1, 'orders')]).register(rm)
    with tc.dry_run() as plan:
        tc.instances.resize_volume('orders', 4)
    assert sent(rm) == ['GET instances/detail']
    assert [(r.method, r.path, r.body) for r in plan] == [
        ('POST', '/instances/%s/action' % ID,
         {'resize': {'volume': {'size': 4}}})]


def test_force_delete_records_both_of_its_requests(tc, rm):
    with tc.dry_run() as plan:
        tc.instances.force_delete(ID)
    assert [(r.method, r.path) for r in plan] == [
        ('POST', '/instances/%s/action' % ID),
        ('DELETE', '/instances/%s' % ID)]
    assert rm.request_history == []


def test_create_ends_at_its_post_with_the_passwords_masked(tc, rm):
    with tc.dry_run() as plan:
        tc.instances.create('orders', '6', 1, users=[
            {'name': 'app', 'password': 'sekrit-1', 'databases': ['db']}])
        raise AssertionError('create needs the answer: not reached')
    (request,) = plan
    assert (request.method, request.path, request.ident, request.name) == (
        'POST', '/instances', None, 'orders')
    assert request.body['instance']['users'] == [
        {'name': 'app', 'password': '***', 'databases': [{'name': 'db'}]}]
    assert 'sekrit-1' not in repr(plan.requests)
    assert isinstance(plan.stopped, dry_run.Stopped)
    assert plan.stopped.request is request
    assert "reads Trove's answer" in str(plan.stopped)
    assert rm.request_history == []


def test_a_bad_argument_is_refused_before_anything(tc, rm):
    with pytest.raises(exceptions.ValidationError):
        with tc.dry_run() as plan:
            tc.instances.create('orders', '6', 0)
    assert len(plan) == 0


def test_a_read_of_what_was_changed_ends_the_call(tc, rm):
    # The kept configuration group: the update is recorded; the read
    # after it would show the instance before the change, so it is not
    # sent, and nothing is attached again.
    grouped = fakes.instance_body(1, 'orders',
                                  configuration={'id': 'cfg-1'})
    rm.get(fakes.url('/instances/' + ID), json={'instance': grouped})
    with tc.dry_run() as plan:
        tc.instances.update(ID, name='orders-2')
    assert sent(rm) == ['GET instances/%s' % ID]
    assert [(r.method, r.body) for r in plan] == [
        ('PUT', {'instance': {'name': 'orders-2'}})]
    assert 'reads GET /instances/%s next' % ID in str(plan.stopped)


def test_many_targets_keep_a_stop_as_their_outcome(tc, rm):
    grouped = fakes.instance_body(1, 'a', configuration={'id': 'cfg-1'})
    plain = fakes.instance_body(2, 'b')
    fakes.InstanceListing([grouped, plain]).register(rm)
    with tc.dry_run() as plan:
        outcomes = tc.instances.act_on_many(
            ['a', 'b'], tc.instances.detach_replica, lookup=True)
    assert isinstance(outcomes[0].error, dry_run.Stopped)
    assert outcomes[1].ok
    assert sorted(r.ident for r in plan) == [ID, fakes.instance_id(2)]
    assert changes_sent(rm) == []


def test_requests_are_told_what_they_are_about_per_thread(tc):
    with tc.dry_run() as plan:
        def restart(label, ident):
            with plan.about(label):
                tc.instances.restart(ident)
        threads = [threading.Thread(target=restart, args=(
            'db%d' % n, fakes.instance_id(n))) for n in range(2, 6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        tc.instances.restart(ID)
    about = {r.ident: r.about for r in plan}
    assert about == {fakes.instance_id(n): 'db%d' % n
                     for n in range(2, 6)} | {ID: None}


def test_the_client_sends_again_after_the_block(tc, rm):
    rm.post(fakes.url('/instances/%s/action' % ID), status_code=202)
    with tc.dry_run():
        tc.instances.restart(ID)
    tc.instances.restart(ID)
    assert sent(rm) == ['POST instances/%s/action' % ID]


def test_a_dry_run_does_not_nest(tc):
    with tc.dry_run():
        with pytest.raises(RuntimeError):
            with tc.dry_run():
                pass


def test_admin_calls_name_the_instance_of_their_path(tc, rm):
    with tc.dry_run() as plan:
        tc.instances.reboot(ID)
        tc.datastores.delete('4a0f-not-a-name')
    assert [(r.path, r.ident) for r in plan] == [
        ('/mgmt/instances/%s/action' % ID, ID),
        ('/datastores/4a0f-not-a-name', '4a0f-not-a-name')]


def test_a_datastore_version_create_ends_before_its_read_back(tc, rm):
    with tc.dry_run() as plan:
        tc.datastore_versions.create('8.4', 'mysql', 'mysql', image='img')
    (request,) = plan
    assert (request.method, request.path, request.name) == (
        'POST', '/mgmt/datastore-versions', '8.4')
    assert rm.request_history == []
    assert 'reads GET /mgmt/datastore-versions next' in str(plan.stopped)


# -- find_or_create -----------------------------------------------------------

def test_find_or_create_shows_the_one_instance_of_that_name(tc, rm):
    fakes.InstanceListing([fakes.instance_body(1, 'orders'),
                           fakes.instance_body(2, 'other')]).register(rm)
    instance, created = tc.instances.find_or_create('orders', '6', 1)
    assert (instance.id, created) == (ID, False)
    assert sent(rm) == ['GET instances/detail']


def test_find_or_create_creates_when_none_has_the_name(tc, rm):
    fakes.InstanceListing([fakes.instance_body(2, 'other')]).register(rm)
    rm.post(fakes.url('/instances'), json={
        'instance': fakes.instance_body(1, 'orders', status='BUILD')})
    instance, created = tc.instances.find_or_create('orders', '6', 1)
    assert (instance.id, created) == (ID, True)
    assert sent(rm) == ['GET instances/detail', 'POST instances']


def test_find_or_create_refuses_a_name_several_instances_have(tc, rm):
    fakes.InstanceListing([fakes.instance_body(n, 'orders')
                           for n in (1, 2)]).register(rm)
    with pytest.raises(exceptions.NoUniqueMatch) as caught:
        tc.instances.find_or_create('orders', '6', 1)
    assert ID in str(caught.value)
    assert fakes.instance_id(2) in str(caught.value)
    assert changes_sent(rm) == []


def test_find_or_create_checks_its_arguments_before_any_request(tc, rm):
    with pytest.raises(exceptions.ArgumentMissing):
        tc.instances.find_or_create('orders', '6', volume_type='ssd')
    assert rm.request_history == []


def test_differences_name_what_the_instance_has_otherwise():
    from troveclient_osc.v1 import instances

    body = instances.create_body('orders', '7', 2, datastore='mysql',
                                 datastore_version='8.0')
    found = fakes.instance_body(1, 'orders')
    assert instances.differences(found, body) == [
        'flavor 6 (asked 7)', 'volume size 1 (asked 2)',
        'datastore version 5.7 (asked 8.0)']
    same = instances.create_body('orders', '6', 1, datastore='mysql')
    assert instances.differences(found, same) == []
    by_id = instances.create_body(
        'orders', '6', 1, datastore_version=fakes.instance_id(9))
    assert instances.differences(found, by_id) == []
