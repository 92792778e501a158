"""client.instances.wait_for_outcomes: the wait takes what the action did.

The outcomes of ``act_on_many`` go into the wait as they are: a target
that failed is not waited for, an instance found by name is not looked up
again, one named twice is waited for once, and the wait decides how to
poll: one GET per poll for one instance, one walk of the listing per poll
for several. The requests are pinned at the HTTP boundary.
"""

import pytest

from troveclient_osc import exceptions
from troveclient_osc import lookup
from tests.unit import fakes

DETAIL = fakes.url('/instances/detail')
MGMT = fakes.url('/mgmt/instances?deleted=false')


def uuid(number):
    return fakes.instance_id(number)


def body(number, status='ACTIVE', name=None, **extra):
    return fakes.instance_body(number, name=name or 'db%02d' % number,
                               status=status, **extra)


def one(number):
    return fakes.url('/instances/%s' % uuid(number))


def action(number):
    return fakes.url('/instances/%s/action' % uuid(number))


def sent(rm):
    return [(r.method, r.url) for r in rm.request_history]


def listings(rm, *pages, url=DETAIL):
    """One single-page listing per poll, in order."""
    return rm.get(url, [{'json': {'instances': items, 'links': []}}
                        for items in pages])


def shows(rm, number, *answers):
    """One answer to a GET of the instance per poll: a body, or None for
    Trove's 404."""
    return rm.get(one(number), [
        {'json': {'instance': answer}} if answer is not None else
        {'status_code': 404, 'json': fakes.fault(
            'itemNotFound', 404, 'Instance %s could not be found.'
            % uuid(number))} for answer in answers])


def restart(tc, rm, targets, failing=()):
    for number in range(1, 10):
        rm.post(action(number), status_code=409 if number in failing
                else 202, json=fakes.fault('conflict', 409, 'busy'))
    return tc.instances.act_on_many(targets, tc.instances.restart,
                                    concurrency=1)


def test_one_instance_is_polled_by_one_get_per_poll(tc, rm, clock):
    shows(rm, 1, body(1, 'REBOOT'), body(1))
    outcomes = restart(tc, rm, [uuid(1)])
    tallies = []
    same = tc.instances.wait_for_outcomes(
        outcomes, 'ACTIVE', interval=5, sleep=clock.sleep, clock=clock,
        callback=lambda tally, elapsed: tallies.append(
            (tally.done, tally.pending, tally.seen[uuid(1)].status,
             elapsed)))
    assert same is outcomes
    assert outcomes[0].ok and outcomes[0].waited
    assert outcomes[0].result.status == 'ACTIVE'
    assert sent(rm) == [('POST', action(1)), ('GET', one(1)),
                        ('GET', one(1))]
    assert tallies == [(0, {uuid(1): 'REBOOT'}, 'REBOOT', 0),
                       (1, {}, 'ACTIVE', 5)]


def test_one_instance_found_by_name_is_not_looked_up_again(tc, rm, clock):
    listings(rm, [body(1), body(2)])
    shows(rm, 1, body(1))
    outcomes = restart(tc, rm, ['db01'])
    tc.instances.wait_for_outcomes(outcomes, sleep=clock.sleep, clock=clock)
    assert sent(rm) == [('GET', DETAIL), ('POST', action(1)),
                        ('GET', one(1))]
    assert outcomes[0].result.id == uuid(1)


def test_several_are_polled_by_one_listing_per_poll(tc, rm, clock):
    polls = listings(rm, [body(1), body(2)],
                     [body(1, 'REBOOT'), body(2, 'REBOOT'), body(3)],
                     [body(1), body(2), body(3)])
    outcomes = restart(tc, rm, ['db01', uuid(2), uuid(9)], failing=[9])
    tc.instances.wait_for_outcomes(outcomes, sleep=clock.sleep, clock=clock)
    # the scan of the name, the three actions, then two polls; nothing
    # for the instance whose action failed
    assert polls.call_count == 3
    assert [r.method for r in rm.request_history].count('POST') == 3
    assert [o.ok for o in outcomes] == [True, True, False]
    assert [o.waited for o in outcomes] == [True, True, False]
    assert isinstance(outcomes[2].error, exceptions.Conflict)
    assert [o.result.status for o in outcomes[:2]] == ['ACTIVE', 'ACTIVE']


def test_an_instance_named_twice_is_waited_for_once(tc, rm, clock):
    listings(rm, [body(1)])
    shows(rm, 1, body(1))
    outcomes = restart(tc, rm, ['db01', uuid(1)])
    tc.instances.wait_for_outcomes(outcomes, sleep=clock.sleep, clock=clock)
    # one instance: one GET per poll, whatever it was named
    assert sent(rm) == [('GET', DETAIL), ('POST', action(1)),
                        ('GET', one(1))]
    assert outcomes[1].same_as is outcomes[0]
    assert outcomes[1].waited and outcomes[1].result is outcomes[0].result


def test_nothing_is_asked_when_no_action_succeeded(tc, rm, clock):
    outcomes = restart(tc, rm, [uuid(9)], failing=[9])
    tc.instances.wait_for_outcomes(outcomes, sleep=clock.sleep, clock=clock)
    assert sent(rm) == [('POST', action(9))]
    assert not outcomes[0].waited


def test_one_deletion_ends_at_the_404_of_its_get(tc, rm, clock):
    rm.delete(one(1), status_code=202)
    shows(rm, 1, body(1, 'SHUTDOWN'), None)
    outcomes = tc.instances.act_on_many([uuid(1)], tc.instances.delete)
    tc.instances.wait_for_outcomes(outcomes, None, sleep=clock.sleep,
                                   clock=clock)
    assert outcomes[0].ok and outcomes[0].result is None
    assert sent(rm) == [('DELETE', one(1)), ('GET', one(1)),
                        ('GET', one(1))]


def test_an_error_status_does_not_end_a_deletion(tc, rm, clock):
    rm.delete(one(1), status_code=202)
    shows(rm, 1, body(1, 'ERROR'), None)
    outcomes = tc.instances.act_on_many([uuid(1)], tc.instances.delete)
    tc.instances.wait_for_outcomes(outcomes, None, sleep=clock.sleep,
                                   clock=clock)
    assert outcomes[0].ok


def test_several_deletions_end_at_the_404_of_each(tc, rm, clock):
    for number in (1, 2):
        rm.delete(one(number), status_code=202)
        shows(rm, number, None)
    polls = listings(rm, [body(1, 'SHUTDOWN'), body(2, 'SHUTDOWN')], [])
    outcomes = tc.instances.act_on_many([uuid(1), uuid(2)],
                                        tc.instances.delete)
    tc.instances.wait_for_outcomes(outcomes, None, sleep=clock.sleep,
                                   clock=clock)
    assert [o.ok for o in outcomes] == [True, True]
    # two polls, then (issue 25) a GET of each no longer listed
    assert polls.call_count == 2 and rm.call_count == 2 + 2 + 2


def test_a_failure_status_and_a_timeout_say_what_wait_for_status_says(
        tc, rm, clock):
    shows(rm, 1, body(1, 'ERROR', fault={'message': 'disk full'}))
    outcomes = restart(tc, rm, [uuid(1)])
    tc.instances.wait_for_outcomes(outcomes, sleep=clock.sleep, clock=clock)
    assert str(outcomes[0].error) == (
        'database instance %s transitioned to failure state ERROR: disk '
        'full' % uuid(1))
    rm.reset_mock()
    rm.get(one(2), json={'instance': body(2, 'REBOOT')})
    outcomes = restart(tc, rm, [uuid(2)])
    tc.instances.wait_for_outcomes(outcomes, timeout=4, interval=2,
                                   sleep=clock.sleep, clock=clock)
    assert isinstance(outcomes[0].error, exceptions.WaitTimeout)
    assert str(outcomes[0].error) == (
        'Timeout waiting for database instance %s to become ACTIVE after '
        '4s (last status: REBOOT)' % uuid(2))
    assert rm.call_count == 1 + 3  # the action; polls at 0, 2 and 4 s


def test_one_instance_gone_while_waited_for_is_resource_gone(tc, rm, clock):
    shows(rm, 1, None)
    outcomes = restart(tc, rm, [uuid(1)])
    tc.instances.wait_for_outcomes(outcomes, sleep=clock.sleep, clock=clock)
    assert isinstance(outcomes[0].error, exceptions.ResourceGone)
    assert rm.call_count == 2  # its 404 is asked once


def test_an_invalid_answer_about_one_is_a_failed_poll_not_asked_again(
        tc, rm, clock):
    rm.get(one(1), [{'text': 'not json', 'status_code': 200},
                    {'json': {'instance': body(1)}}])
    outcomes = restart(tc, rm, [uuid(1)])
    tc.instances.wait_for_outcomes(outcomes, sleep=clock.sleep, clock=clock)
    assert outcomes[0].ok
    assert [r.method for r in rm.request_history] == ['POST', 'GET', 'GET']


def test_the_wait_polls_the_scope_the_action_looked_names_up_in(
        tc, rm, clock):
    polls = listings(rm, [body(1), body(2)], [body(1), body(2)], url=MGMT)
    for number in (1, 2):
        rm.post(fakes.url('/mgmt/instances/%s/action' % uuid(number)),
                status_code=202)
    outcomes = tc.instances.act_on_many(['db01', 'db02'],
                                        tc.instances.reboot)
    assert outcomes.scope == lookup.EVERY  # an administrator's call
    tc.instances.wait_for_outcomes(outcomes, sleep=clock.sleep, clock=clock)
    assert polls.call_count == 2  # the scan, then one poll: both ACTIVE
    assert [o.ok for o in outcomes] == [True, True]


def test_the_scope_of_the_wait_may_be_given(tc, rm, clock):
    project = fakes.url('/mgmt/instances?deleted=false&project_id=p-1')
    polls = listings(rm, [body(1), body(2)], url=project)
    outcomes = restart(tc, rm, [uuid(1), uuid(2)])
    tc.instances.wait_for_outcomes(outcomes, project_id='p-1',
                                   sleep=clock.sleep, clock=clock)
    assert polls.call_count == 1
    assert [o.ok for o in outcomes] == [True, True]


def test_resolved_targets_can_be_waited_for_without_an_action(
        tc, rm, clock):
    polls = listings(rm, [body(1), body(2, name='twin'),
                          body(3, name='twin')], [body(1), body(4)])
    shows(rm, 4, body(4))
    outcomes = tc.instances.resolve(['db01', 'twin', uuid(4)])
    tc.instances.wait_for_outcomes(outcomes, sleep=clock.sleep, clock=clock)
    assert [type(o.error) for o in outcomes] == [
        type(None), exceptions.NoUniqueMatch, type(None)]
    assert polls.call_count == 2 and rm.call_count == 2


@pytest.mark.parametrize('status', ['active', ('ACTIVE', 'shutdown')])
def test_statuses_are_compared_in_capitals(tc, rm, clock, status):
    shows(rm, 1, body(1, 'SHUTDOWN'))
    outcomes = restart(tc, rm, [uuid(1)])
    tc.instances.wait_for_outcomes(outcomes, status, timeout=0,
                                   sleep=clock.sleep, clock=clock)
    assert outcomes[0].ok is (status != 'active')
