"""Where the library looks names up: the caller's project, one project or
every project (issue 23 item 4), at the HTTP boundary.

An administrator's instance ``web-02`` of another project is in the
administrator's listing of every project (``/mgmt/instances``), not in the
caller's own (``/instances/detail``). The calls only an administrator may
make (reboot, rebuild, reset status, force delete) look a name up in every
project, so none of them says "does not exist" of an instance that
``list(all_projects=True)`` shows; every call takes ``all_projects`` or
``project_id`` through ``act_on``, ``act_on_many``, ``find`` and the waits,
and the same rule holds for each.
"""

import pytest

from troveclient_osc import exceptions
from tests.unit import fakes

OWN = fakes.url('/instances/detail')
EVERY = fakes.url('/mgmt/instances?deleted=false')
PROJECT = fakes.url('/mgmt/instances?deleted=false&project_id=p-2')
MINE = fakes.instance_body(1, name='web-01')
THEIRS = fakes.instance_body(2, name='web-02', tenant_id='p-2')


@pytest.fixture
def trove(rm):
    """The caller's listing has web-01; every project's has web-02 too."""
    rm.get(OWN, json={'instances': [MINE]}, complete_qs=True)
    rm.get(EVERY, json={'instances': [MINE, THEIRS]}, complete_qs=True)
    rm.get(PROJECT, json={'instances': [THEIRS]}, complete_qs=True)
    for body in (MINE, THEIRS):
        path = '/instances/%s' % body['id']
        rm.get(fakes.url(path), json={'instance': body})
        rm.delete(fakes.url(path), status_code=202)
        rm.post(fakes.url(path + '/action'), status_code=202)
        rm.post(fakes.url('/mgmt' + path + '/action'), status_code=202)
    return rm


def gets(rm):
    return [r.url for r in rm.request_history if r.method == 'GET']


ADMIN_CALLS = {
    'reset_status': lambda tc, v, **kw: tc.instances.reset_status(v),
    'force_delete': lambda tc, v, **kw: tc.instances.force_delete(v),
    'reboot': lambda tc, v, **kw: tc.instances.reboot(v),
    'rebuild': lambda tc, v, **kw: tc.instances.rebuild(v, 'image-1'),
}


@pytest.mark.parametrize('call', sorted(ADMIN_CALLS))
def test_an_admin_call_finds_what_the_listing_of_every_project_shows(
        tc, trove, call):
    ADMIN_CALLS[call](tc, 'web-02')
    assert gets(trove) == [EVERY]
    assert all(THEIRS['id'] in r.url for r in trove.request_history
               if r.method != 'GET')


@pytest.mark.parametrize('call', ['reset_status', 'force_delete',
                                  'reboot'])
def test_an_admin_call_given_to_act_on_keeps_its_scope(tc, trove, call):
    method = getattr(tc.instances, call)
    tc.instances.act_on('web-02', method)
    outcomes = tc.instances.act_on_many(['web-02', 'web-01'], method)
    assert [o.ok for o in outcomes] == [True, True]
    assert gets(trove) == [EVERY, EVERY]


def test_an_action_of_the_callers_own_looks_in_the_callers_project(
        tc, trove):
    # A function of the caller's has no scope of its own.
    with pytest.raises(exceptions.NoMatch):
        tc.instances.act_on('web-02', lambda target: tc.instances.reboot(
            target))
    assert gets(trove) == [OWN]


def test_an_admin_call_told_the_callers_project_looks_there(tc, trove):
    with pytest.raises(exceptions.NoMatch,
                       match="No database instance with a name or ID of "
                       "'web-02' exists."):
        tc.instances.act_on('web-02', tc.instances.reset_status,
                            all_projects=False)
    assert gets(trove) == [OWN]
    assert [r.method for r in trove.request_history] == ['GET']


@pytest.mark.parametrize('scope,listing', [
    ({}, OWN), ({'all_projects': True}, EVERY),
    ({'project_id': 'p-2'}, PROJECT)])
def test_every_call_takes_a_scope_through_act_on(tc, trove, scope,
                                                 listing):
    name = 'web-01' if listing == OWN else 'web-02'
    tc.instances.act_on(name, tc.instances.restart, **scope)
    outcomes = tc.instances.act_on_many([name], tc.instances.restart,
                                        **scope)
    assert outcomes[0].ok
    found = tc.instances.find(name, **scope)
    assert found.name == name
    assert gets(trove) == [listing] * 3


def test_a_project_given_says_where_nothing_matched(tc, trove):
    with pytest.raises(exceptions.NoMatch) as info:
        tc.instances.find('web-01', project_id='p-2')
    assert str(info.value) == ("No database instance with a name or ID of "
                               "'web-01' exists in project 'p-2'.")


def test_the_callers_project_is_the_default_of_other_calls(tc, trove):
    with pytest.raises(exceptions.NoMatch):
        tc.instances.restart('web-02')
    assert gets(trove) == [OWN]


def test_a_wait_looks_a_name_up_in_its_scope(tc, trove, clock):
    found = tc.instances.wait_for_status('web-02', all_projects=True,
                                         sleep=clock.sleep, clock=clock)
    assert found.id == THEIRS['id']
    assert gets(trove) == [EVERY, fakes.url('/instances/%s'
                                            % THEIRS['id'])]


def test_a_wait_on_many_looks_up_and_polls_in_its_scope(tc, trove, clock):
    outcomes = tc.instances.wait_for_many(['web-02'], project_id='p-2',
                                          sleep=clock.sleep, clock=clock)
    assert outcomes[0].ok
    assert gets(trove) == [PROJECT, PROJECT]  # the scan, one poll


def test_a_wait_for_deletion_of_a_name_in_its_scope(tc, trove, clock):
    trove.get(fakes.url('/instances/%s' % THEIRS['id']), status_code=404,
              json=fakes.fault('itemNotFound', 404, 'gone'))
    tc.instances.wait_for_delete('web-02', all_projects=True,
                                 sleep=clock.sleep, clock=clock)
    assert gets(trove) == [EVERY, fakes.url('/instances/%s'
                                            % THEIRS['id'])]
