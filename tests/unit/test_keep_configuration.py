"""update, detach_replica and upgrade keep the instance's configuration
group, which Trove before 25.0.0 (but 23.1.0 and 24.1.0) detaches on any
change that does not name it; and upgrade refuses the version the instance
runs. At the HTTP boundary: the requests each costs, what it returns, logs
and raises.
"""

import logging

import pytest

from troveclient_osc import exceptions
from troveclient_osc.v1 import datastores as v1_datastores
from troveclient_osc.v1 import instances as v1_instances
from troveclient_osc.v1 import keep_configuration
from tests.unit import fakes

ID = fakes.instance_id(1)
URL = fakes.url('/instances/%s' % ID)
GROUP = '2aa51628-5c42-4086-8682-137caffd2ba6'
WITH_GROUP = fakes.instance_body(1, name='db1', configuration={
    'id': GROUP, 'name': 'tuned', 'links': []})
WITHOUT_GROUP = fakes.instance_body(1, name='db1')
ATTACH = {'instance': {'configuration': GROUP}}
BUSY = 'The operation you have requested cannot be executed because the ' \
    'instance status is currently: %s.'


def shown(*bodies):
    """GET answers: each body in turn (the last one stays)."""
    return [{'json': {'instance': body}} for body in bodies]


def refused(state):
    return {'status_code': 400, 'json': fakes.fault('badRequest', 400,
                                                    BUSY % state)}


def sent(rm):
    return [(r.method, r.json() if r.body else None)
            for r in rm.request_history]


def renamed(body):
    return dict(body, name='db2')


# -- no group: nothing more than before ------------------------------------

def test_an_instance_given_as_shown_without_a_group_costs_the_put_alone(
        tc, rm):
    rm.put(URL, status_code=202)
    instance = tc.instances._make(WITHOUT_GROUP)
    assert tc.instances.update(instance, name='db2') is None
    assert sent(rm) == [('PUT', {'instance': {'name': 'db2'}})]


def test_an_id_is_read_first_to_know_its_group(tc, rm):
    rm.get(URL, shown(WITHOUT_GROUP))
    rm.patch(URL, status_code=202)
    assert tc.instances.detach_replica(ID) is None
    assert sent(rm) == [('GET', None),
                        ('PATCH', {'instance': {'replica_of': None}})]


def test_an_instance_from_a_short_listing_is_read_first(tc, rm):
    # The non-detailed listing never shows the group: not taken as is.
    rm.get(URL, shown(WITHOUT_GROUP))
    rm.put(URL, status_code=202)
    short = tc.instances._make({'id': ID, 'name': 'db1', 'status': 'ACTIVE'})
    tc.instances.update(short, name='db2')
    assert [method for method, _ in sent(rm)] == ['GET', 'PUT']


@pytest.mark.parametrize('kwargs,body', [
    ({'configuration': GROUP}, {'configuration': GROUP}),
    ({'remove_configuration': True}, {'configuration': None}),
    ({'name': 'db2', 'remove_configuration': True},
     {'name': 'db2', 'configuration': None}),
])
def test_a_change_of_the_group_itself_is_the_put_alone(tc, rm, kwargs, body):
    rm.put(URL, status_code=202)
    assert tc.instances.update(ID, **kwargs) is None
    assert sent(rm) == [('PUT', {'instance': body})]


# -- a group, kept by Trove or attached again ------------------------------

def test_a_group_trove_kept_costs_one_get_after(tc, rm, caplog):
    rm.get(URL, shown(WITH_GROUP, renamed(WITH_GROUP)))
    rm.put(URL, status_code=202)
    with caplog.at_level(logging.WARNING):
        assert tc.instances.update(ID, name='db2') is None
    assert sent(rm) == [('GET', None), ('PUT', {'instance': {'name': 'db2'}}),
                        ('GET', None)]
    assert caplog.records == []


@pytest.mark.parametrize('change,request_body', [
    (lambda tc, inst: tc.instances.update(inst, name='db2'),
     ('PUT', {'instance': {'name': 'db2'}})),
    (lambda tc, inst: tc.instances.update(inst, is_public=False),
     ('PUT', {'instance': {'access': {'is_public': False}}})),
    (lambda tc, inst: tc.instances.detach_replica(inst),
     ('PATCH', {'instance': {'replica_of': None}})),
    (lambda tc, inst: inst.detach_replica(),
     ('PATCH', {'instance': {'replica_of': None}})),
])
def test_a_group_trove_detached_is_attached_again_with_a_warning(
        tc, rm, caplog, change, request_body):
    # The instance as shown (from get or find): no GET before.
    rm.get(URL, shown(renamed(WITHOUT_GROUP)))
    rm.put(URL, status_code=202)
    rm.patch(URL, status_code=202)
    instance = tc.instances._make(WITH_GROUP)
    with caplog.at_level(logging.WARNING):
        assert change(tc, instance) == GROUP
    assert sent(rm) == [request_body, ('GET', None), ('PUT', ATTACH)]
    [record] = caplog.records
    assert record.levelno == logging.WARNING
    assert record.getMessage() == (
        "Trove detached configuration group 'tuned' (%s) from database "
        "instance 'db2' on that change (a Trove bug, fixed in 23.1.0, "
        "24.1.0 and 25.0.0); attached it again." % GROUP)


def test_a_busy_instance_is_attached_once_it_is_done(tc, rm, clock):
    # After new access Trove 21.1.0 shows ACTIVE but refuses an attachment
    # while its task (UPDATING) runs: tried again every INTERVAL.
    rm.get(URL, shown(WITH_GROUP, WITHOUT_GROUP))
    rm.put(URL, [{'status_code': 202}, refused('UPDATING'),
                 refused('UPDATING'), {'status_code': 202}])
    assert tc.instances.update(ID, is_public=True) == GROUP
    assert [m for m, _ in sent(rm)] == ['GET', 'PUT', 'GET', 'PUT', 'PUT',
                                        'PUT']
    assert clock.sleeps == [keep_configuration.INTERVAL] * 2


def test_a_restart_required_refusal_fails_at_once_saying_what_to_do(
        tc, rm, clock):
    # A group that needs a restart leaves the instance RESTART_REQUIRED
    # when Trove removes it; Trove attaches nothing until a restart.
    rm.get(URL, shown(WITH_GROUP, renamed(WITHOUT_GROUP)))
    rm.put(URL, [{'status_code': 202}, refused('RESTART_REQUIRED')])
    with pytest.raises(exceptions.ConfigurationDetached) as info:
        tc.instances.update(ID, name='db2')
    error = info.value
    assert (error.instance_id, error.configuration_id) == (ID, GROUP)
    assert str(error) == (
        "Trove detached configuration group 'tuned' (%s) from database "
        "instance 'db2' (a Trove bug, fixed in 23.1.0, 24.1.0 and 25.0.0) "
        "and it could not be attached again: Trove refuses while the "
        "instance is RESTART_REQUIRED; restart it, then attach the group "
        "again" % GROUP)
    assert isinstance(error.__cause__, exceptions.BadRequest)
    assert clock.sleeps == []


def test_another_refusal_fails_at_once_with_trove_s_words(tc, rm):
    rm.get(URL, shown(WITH_GROUP, WITHOUT_GROUP))
    rm.put(URL, [{'status_code': 202}, {'status_code': 404, 'json': (
        fakes.fault('itemNotFound', 404, 'Configuration group id: %s could '
                    'not be found.' % GROUP))}])
    with pytest.raises(exceptions.ConfigurationDetached,
                       match='could not be found'):
        tc.instances.update(ID, name='db2')


def test_an_instance_busy_past_the_timeout_fails(tc, rm, monkeypatch,
                                                 clock):
    monkeypatch.setattr(keep_configuration, 'TIMEOUT', 5.0)
    rm.get(URL, shown(WITH_GROUP, WITHOUT_GROUP))
    rm.put(URL, [{'status_code': 202}, refused('DETACHING')])
    with pytest.raises(exceptions.ConfigurationDetached) as info:
        tc.instances.update(ID, name='db2')
    assert str(info.value).endswith(
        'the instance was still busy after 5s; attach the group again once '
        'it is ACTIVE')
    assert isinstance(info.value.__cause__, exceptions.WaitTimeout)
    assert sum(clock.sleeps) == 5.0


def test_an_upgrade_that_lost_the_group_fails_without_trying(tc, rm, clock):
    # Trove attaches a group only to an instance of the group's version.
    upgraded = dict(WITHOUT_GROUP, status='UPGRADE',
                    datastore={'type': 'mysql', 'version': '8.0'})
    rm.get(URL, shown(upgraded))
    rm.patch(URL, status_code=202)
    instance = tc.instances._make(WITH_GROUP)
    with pytest.raises(exceptions.ConfigurationDetached) as info:
        tc.instances.upgrade(instance, '8.0')
    assert str(info.value).endswith(
        'it is a group for datastore version 5.7 and the instance now runs '
        '8.0; attach a group made for 8.0')
    assert sent(rm) == [
        ('PATCH', {'instance': {'datastore_version': '8.0'}}),
        ('GET', None)]
    assert clock.sleeps == []


def test_an_upgrade_trove_left_the_group_on_is_fine(tc, rm):
    # Trove 2026.1 keeps it (a group of the old version).
    rm.get(URL, shown(dict(WITH_GROUP, status='UPGRADE')))
    rm.patch(URL, status_code=202)
    assert tc.instances.upgrade(tc.instances._make(WITH_GROUP), '8.0') \
        is None
    assert [m for m, _ in sent(rm)] == ['PATCH', 'GET']


# -- an upgrade to the version the instance runs ---------------------------

@pytest.mark.parametrize('version', [
    '5.7',
    v1_datastores.DatastoreVersion(None, {'id': 'v57', 'name': '5.7'}),
    v1_datastores.DatastoreVersion(None, {'id': 'v57', 'name': '5.7',
                                          'version': '5.7.29'}),
])
def test_an_upgrade_to_the_version_it_runs_is_refused_unsent(tc, rm,
                                                             version):
    instance = tc.instances._make(dict(
        WITHOUT_GROUP, datastore={'type': 'mysql', 'version': '5.7',
                                  'version_number': '5.7.29'}))
    with pytest.raises(exceptions.ValidationError) as info:
        tc.instances.upgrade(instance, version)
    assert str(info.value) == ("Database instance 'db1' already runs "
                               'datastore version 5.7')
    assert rm.call_count == 0


def test_an_instance_by_id_is_read_to_know_its_version(tc, rm):
    rm.get(URL, shown(WITHOUT_GROUP))
    with pytest.raises(exceptions.ValidationError, match='already runs'):
        tc.instances.upgrade(ID, '5.7')
    assert sent(rm) == [('GET', None)]


def test_a_version_by_id_is_read_to_know_its_name(tc, rm):
    version_id = '0b9c2f4e-3d2a-4e43-9f4a-0d8f6a4b1c22'
    rm.get(URL, shown(WITHOUT_GROUP))
    rm.get(fakes.url('/datastores/versions/%s' % version_id),
           json={'version': {'id': version_id, 'name': '5.7'}})
    with pytest.raises(exceptions.ValidationError, match='already runs'):
        tc.instances.upgrade(ID, version_id)
    assert [m for m, _ in sent(rm)] == ['GET', 'GET']


def test_the_same_name_with_another_number_is_another_version(tc, rm):
    rm.patch(URL, status_code=202)
    instance = tc.instances._make(dict(
        WITHOUT_GROUP, datastore={'type': 'mysql', 'version': '8.0',
                                  'version_number': '8.0.36'}))
    other = v1_datastores.DatastoreVersion(None, {
        'id': 'v8-new', 'name': '8.0', 'version': '8.0.40'})
    tc.instances.upgrade(instance, other)
    assert sent(rm) == [('PATCH', {'instance': {
        'datastore_version': 'v8-new'}})]


def test_upgrade_body_checks_without_sending(tc):
    current = {'name': 'db1', 'datastore': {'type': 'mysql',
                                            'version': '5.7'}}
    assert v1_instances.upgrade_body('8.0', current) == {
        'datastore_version': '8.0'}
    assert v1_instances.upgrade_body('5.7') == {'datastore_version': '5.7'}
    for bad in ('', None):
        with pytest.raises(exceptions.ValidationError,
                           match='A datastore version is required'):
            v1_instances.upgrade_body(bad, current)


def test_a_failed_look_after_the_change_is_not_silent(tc, rm):
    # Tried again, the change would find no group to keep: say it now.
    rm.get(URL, [{'json': {'instance': WITH_GROUP}},
                 {'status_code': 404, 'json': fakes.fault(
                     'itemNotFound', 404, 'gone')}])
    rm.put(URL, status_code=202)
    with pytest.raises(exceptions.ConfigurationDetached) as info:
        tc.instances.update(ID, name='db2')
    assert str(info.value).startswith(
        "The change was made, but whether Trove kept configuration group "
        "'tuned' (%s) on database instance 'db1' could not be checked"
        % GROUP)
    assert isinstance(info.value.__cause__, exceptions.NotFound)


def test_a_server_error_on_the_attachment_fails_at_once(tc, rm, clock):
    rm.get(URL, shown(WITH_GROUP, WITHOUT_GROUP))
    rm.put(URL, [{'status_code': 202}, {'status_code': 500, 'json': (
        fakes.fault('computeFault', 500, 'Internal Server Error.'))}])
    with pytest.raises(exceptions.ConfigurationDetached,
                       match='could not be attached again: Internal'):
        tc.instances.update(ID, name='db2')
    assert clock.sleeps == []
