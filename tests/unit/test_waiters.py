"""wait_for_status and wait_for_delete, on a fake clock.

Each poll is a real GET answered by requests_mock; the funnel and the
waiter sleep on the same fake clock, so elapsed times are exact.
"""

import logging

import pytest
import requests

from troveclient_osc import exceptions
from troveclient_osc.v1 import instances as v1_instances
from tests.unit import fakes

ID = fakes.instance_id(1)
URL = fakes.url('/instances/%s' % ID)
FAULT = 'Service not active, status: failed to spawn'


def poll(status, **extra):
    return {'json': {'instance': fakes.instance_body(1, status=status,
                                                     **extra)}}


def gone():
    return {'status_code': 404, 'json': fakes.fault(
        'itemNotFound', 404, 'Resource %s cannot be found.' % ID)}


def busy():
    return {'status_code': 503, 'json': fakes.fault(
        'serviceUnavailable', 503, 'Try later.')}


def wait(tc, clock, **kwargs):
    return tc.instances.wait_for_status(ID, sleep=clock.sleep, clock=clock,
                                        **kwargs)


def wait_delete(tc, clock, **kwargs):
    return tc.instances.wait_for_delete(ID, sleep=clock.sleep, clock=clock,
                                        **kwargs)


def test_wait_returns_the_instance_once_active(tc, rm, clock):
    rm.get(URL, [poll('BUILD'), poll('BUILD'), poll('ACTIVE')])
    start = clock()
    result = wait(tc, clock)
    assert isinstance(result, v1_instances.Instance)
    assert result.status == 'ACTIVE'
    assert rm.call_count == 3
    assert clock.sleeps == [2.0, 2.0]
    assert clock() - start == 4.0


def test_wait_accepts_an_instance_and_several_statuses(tc, rm, clock):
    rm.get(URL, [poll('BUILD'), poll('shutdown')])
    obj = v1_instances.Instance(tc.instances, fakes.instance_body(1))
    result = tc.instances.wait_for_status(obj, ('ACTIVE', 'SHUTDOWN'),
                                          sleep=clock.sleep, clock=clock,
                                          interval=0.5)
    assert result.status == 'shutdown'
    assert clock.sleeps == [0.5]


def test_wait_already_in_status_is_one_get_and_no_sleep(tc, rm, clock):
    rm.get(URL, [poll('ACTIVE')])
    wait(tc, clock, timeout=0)
    assert rm.call_count == 1
    assert clock.sleeps == []


def test_wait_times_out_at_the_deadline(tc, rm, clock):
    rm.get(URL, [poll('BUILD')])
    start = clock()
    with pytest.raises(exceptions.WaitTimeout) as info:
        wait(tc, clock, timeout=10, interval=3)
    assert str(info.value) == (
        'Timeout waiting for database instance %s to become ACTIVE after '
        '10s (last status: BUILD)' % ID)
    assert clock() - start == 10
    assert clock.sleeps == [3, 3, 3, 1]
    assert rm.call_count == 5  # at 0, 3, 6, 9 and on the deadline


def test_wait_deadline_counts_slow_polls(tc, rm, clock):
    def slow(request, context):
        clock.advance(4)
        return {'instance': fakes.instance_body(1, status='BUILD')}

    rm.get(URL, json=slow)
    start = clock()
    with pytest.raises(exceptions.WaitTimeout):
        wait(tc, clock, timeout=10, interval=2)
    # The last poll may start just before the deadline, no later.
    assert clock() - start <= 10 + 4
    assert rm.call_count == 2


def test_error_status_fails_at_once_with_the_fault_message(tc, rm, clock):
    rm.get(URL, [poll('BUILD'), poll('ERROR', fault={
        'message': FAULT, 'created': '2026-11-26T10:00:00',
        'details': None})])
    with pytest.raises(exceptions.ResourceFailure) as info:
        wait(tc, clock)
    assert str(info.value) == (
        'database instance %s transitioned to failure state ERROR: %s'
        % (ID, FAULT))
    assert rm.call_count == 2
    assert clock.sleeps == [2.0]


@pytest.mark.parametrize('status', ['FAILED', 'error'])
def test_other_failure_statuses_fail_too(tc, rm, clock, status):
    rm.get(URL, [poll(status)])
    with pytest.raises(exceptions.ResourceFailure,
                       match='failure state %s$' % status.upper()):
        wait(tc, clock)


def test_failure_statuses_can_be_chosen(tc, rm, clock):
    rm.get(URL, [poll('ERROR'), poll('SHUTDOWN')])
    with pytest.raises(exceptions.ResourceFailure, match='SHUTDOWN'):
        wait(tc, clock, failures=('SHUTDOWN',))
    rm.get(URL, [poll('ERROR'), poll('ACTIVE')])
    assert wait(tc, clock, failures=()).status == 'ACTIVE'


def test_404_while_waiting_for_a_status_means_it_went_away(tc, rm, clock):
    rm.get(URL, [poll('BUILD'), gone()])
    with pytest.raises(exceptions.ResourceGone) as info:
        wait(tc, clock)
    assert str(info.value) == ('database instance %s went away while '
                               'waiting for it to become ACTIVE' % ID)


def test_a_busy_server_during_a_poll_does_not_end_the_wait(tc, rm, clock):
    # Three 503s exhaust the funnel's own retries: one failed poll.
    rm.get(URL, [poll('BUILD'), busy(), busy(), busy(), poll('ACTIVE')])
    assert wait(tc, clock).status == 'ACTIVE'
    assert rm.call_count == 5


@pytest.mark.parametrize('failure', [
    {'exc': requests.exceptions.ReadTimeout('slow')},
    {'text': '{"instance": '},
    {'status_code': 500, 'text': '<html>oops</html>'},
    {'status_code': 429},
], ids=['timeout', 'invalid json', '500', '429'])
def test_transient_poll_failures_do_not_end_the_wait(tc, rm, clock, failure):
    rm.get(URL, [poll('BUILD'), failure, failure, failure, poll('ACTIVE')])
    assert wait(tc, clock).status == 'ACTIVE'


def test_failed_polls_are_reported_once_until_a_poll_succeeds(
        tc, rm, clock, caplog):
    rm.get(URL, [poll('BUILD')] + [busy()] * 9 + [poll('BUILD')]
           + [busy()] * 3 + [poll('ACTIVE')])
    with caplog.at_level(logging.DEBUG, logger='troveclient_osc.waiters'):
        assert wait(tc, clock).status == 'ACTIVE'
    polls = [r.levelname for r in caplog.records
             if r.name == 'troveclient_osc.waiters']
    # Three failed polls, a good one, one more failed: two warnings.
    assert polls == ['WARNING', 'DEBUG', 'DEBUG', 'WARNING']


def test_persistent_poll_failures_end_at_the_deadline(tc, rm, clock):
    rm.get(URL, [busy()])
    start = clock()
    with pytest.raises(exceptions.WaitTimeout):
        wait(tc, clock, timeout=30, interval=5)
    assert clock() - start <= 30 + 1.5  # one poll's own retries at most


@pytest.mark.parametrize('code', [401, 403, 400])
def test_a_refusal_during_a_poll_ends_the_wait(tc, rm, clock, code):
    rm.get(URL, [poll('BUILD'), {'status_code': code}])
    with pytest.raises(exceptions.ClientError) as info:
        wait(tc, clock)
    assert info.value.http_status == code


def test_progress_callback_sees_each_poll(tc, rm, clock):
    rm.get(URL, [poll('BUILD'), busy(), busy(), busy(), poll('ACTIVE')])
    seen = []
    wait(tc, clock, callback=lambda obj, elapsed: seen.append(
        (obj.status, elapsed)))
    assert seen == [('BUILD', 0), ('ACTIVE', 5.5)]


def test_no_timeout_keeps_polling(tc, rm, clock):
    rm.get(URL, [poll('BUILD')] * 500 + [poll('ACTIVE')])
    assert wait(tc, clock, timeout=None).status == 'ACTIVE'
    assert rm.call_count == 501


@pytest.mark.parametrize('kwargs', [{'timeout': -1}, {'interval': 0},
                                    {'interval': -2}])
def test_bad_wait_arguments_send_nothing(tc, rm, clock, kwargs):
    with pytest.raises(exceptions.ValidationError):
        wait(tc, clock, **kwargs)
    assert rm.call_count == 0


# -- wait_for_delete -------------------------------------------------------

def test_wait_for_delete_ends_when_the_instance_is_gone(tc, rm, clock):
    rm.get(URL, [poll('ACTIVE'), poll('SHUTDOWN'), gone()])
    assert wait_delete(tc, clock) is None
    assert rm.call_count == 3
    assert clock.sleeps == [2.0, 2.0]


def test_wait_for_delete_of_a_missing_instance_is_immediate(tc, rm, clock):
    # The first poll's 404 costs one scan (a name may look like an ID), as
    # for every call given an ID (issue 21); nothing has it: gone.
    rm.get(URL, [gone()])
    listing = fakes.InstanceListing([]).register(rm)
    wait_delete(tc, clock)
    assert rm.call_count == 2 and listing.calls == 1
    assert clock.sleeps == []


def test_wait_for_delete_survives_a_busy_server(tc, rm, clock):
    rm.get(URL, [poll('SHUTDOWN'), busy(), busy(), busy(), gone()])
    wait_delete(tc, clock)
    assert rm.call_count == 5


def test_wait_for_delete_times_out(tc, rm, clock):
    rm.get(URL, [poll('SHUTDOWN')])
    start = clock()
    with pytest.raises(exceptions.WaitTimeout) as info:
        wait_delete(tc, clock, timeout=7, interval=2)
    assert str(info.value) == (
        'Timeout waiting for database instance %s to be deleted after 7s '
        '(last status: SHUTDOWN)' % ID)
    assert clock() - start == 7


def test_wait_for_delete_reports_progress(tc, rm, clock):
    rm.get(URL, [poll('SHUTDOWN'), gone()])
    seen = []
    wait_delete(tc, clock, callback=lambda obj, elapsed: seen.append(
        obj.status))
    assert seen == ['SHUTDOWN']


# -- a wait given a name ----------------------------------------------------

NAME_URL = fakes.url('/instances/db1')


def no_instance_named(name):
    """Trove's answer to GET /instances/<name>."""
    return {'status_code': 404, 'json': fakes.fault(
        'itemNotFound', 404, 'Resource %s cannot be found.' % name)}


def named(status, name='db1', number=1):
    return fakes.instance_body(number, name=name, status=status)


def test_wait_for_delete_of_a_name_waits_until_that_instance_is_gone(
        tc, rm, clock):
    # An ACTIVE instance named db1: the wait used to end at once, since
    # GET /instances/db1 answers 404. The name is looked up first, by one
    # scan, and never put in a URL (issue 23).
    rm.get(NAME_URL, [no_instance_named('db1')])
    listing = fakes.InstanceListing([named('ACTIVE'),
                                     named('ACTIVE', 'other', 2)]).register(rm)
    rm.get(URL, [poll('SHUTDOWN'), gone()])
    assert tc.instances.wait_for_delete('db1', sleep=clock.sleep,
                                        clock=clock) is None
    assert listing.calls == 1
    assert clock.sleeps == [2.0]
    assert [r.url for r in rm.request_history] == [
        fakes.url('/instances/detail'), URL, URL]


def test_wait_for_delete_of_a_name_times_out_while_it_is_active(
        tc, rm, clock):
    rm.get(NAME_URL, [no_instance_named('db1')])
    fakes.InstanceListing([named('ACTIVE')]).register(rm)
    rm.get(URL, [poll('ACTIVE')])
    with pytest.raises(exceptions.WaitTimeout) as info:
        tc.instances.wait_for_delete('db1', timeout=5, sleep=clock.sleep,
                                     clock=clock)
    assert str(info.value) == (
        'Timeout waiting for database instance db1 to be deleted after 5s '
        '(last status: ACTIVE)')


def test_wait_for_status_of_a_name_polls_that_instance(tc, rm, clock):
    # It used to raise ResourceGone ("went away") at once.
    rm.get(NAME_URL, [no_instance_named('db1')])
    fakes.InstanceListing([named('BUILD')]).register(rm)
    rm.get(URL, [poll('BUILD'), poll('ACTIVE')])
    seen = []
    found = tc.instances.wait_for_status(
        'db1', 'ACTIVE', sleep=clock.sleep, clock=clock,
        callback=lambda obj, elapsed: seen.append(obj.status))
    assert found.id == ID and found.status == 'ACTIVE'
    assert seen == ['BUILD', 'ACTIVE']
    assert [r.url for r in rm.request_history] == [
        fakes.url('/instances/detail'), URL, URL]


def test_wait_for_status_of_an_unknown_name_is_not_found_at_once(
        tc, rm, clock):
    rm.get(fakes.url('/instances/nosuch'), [no_instance_named('nosuch')])
    fakes.InstanceListing([named('ACTIVE')]).register(rm)
    with pytest.raises(exceptions.NotFound) as info:
        tc.instances.wait_for_status('nosuch', sleep=clock.sleep,
                                     clock=clock)
    assert not isinstance(info.value, exceptions.ResourceGone)
    assert str(info.value) == ("No database instance with a name or ID of "
                               "'nosuch' exists.")
    assert clock.sleeps == []


def test_wait_for_delete_of_a_name_nothing_has_is_done_at_once(
        tc, rm, clock):
    # No instance has that name (any more): it is gone.
    rm.get(fakes.url('/instances/nosuch'), [no_instance_named('nosuch')])
    fakes.InstanceListing([named('ACTIVE')]).register(rm)
    assert tc.instances.wait_for_delete('nosuch', sleep=clock.sleep,
                                        clock=clock) is None
    assert rm.call_count == 1 and clock.sleeps == []


@pytest.mark.parametrize('method', ['wait_for_status', 'wait_for_delete'])
def test_a_wait_on_a_name_several_instances_have_is_refused(
        tc, rm, clock, method):
    rm.get(NAME_URL, [no_instance_named('db1')])
    fakes.InstanceListing([named('ACTIVE'), named('BUILD', number=2)]
                          ).register(rm)
    with pytest.raises(exceptions.NoUniqueMatch, match='db1'):
        getattr(tc.instances, method)('db1', sleep=clock.sleep, clock=clock)
    assert clock.sleeps == []


def test_a_wait_on_a_name_survives_a_busy_server_during_the_lookup(
        tc, rm, clock):
    rm.get(NAME_URL, [no_instance_named('db1')])
    listing = fakes.InstanceListing([named('ACTIVE')])
    rm.get(fakes.url('/instances/detail'), [busy(), busy(), busy(),
                                            {'json': listing}])
    rm.get(URL, [gone()])
    assert tc.instances.wait_for_delete('db1', sleep=clock.sleep,
                                        clock=clock) is None
    # the first poll failed (its lookup was busy); the second found db1
    assert rm.call_count == 3 + 1 + 1
