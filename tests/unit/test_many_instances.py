"""client.instances on many instances at once: the requests each call sends.

Work on many instances costs one request per instance plus the listing
pages: every name is resolved by the same single scan, IDs go straight
into the action, and a wait on many polls one listing per interval.
"""

import threading

import pytest

from troveclient_osc import batch
from troveclient_osc import exceptions
from tests.unit import fakes

DETAIL_URL = fakes.url('/instances/detail')
MGMT_URL = fakes.url('/mgmt/instances?deleted=false')
BODY = fakes.sample('instance-list-detail-response')['instances'][0]


def uuid(number):
    return '00000000-0000-4000-8000-%012d' % number


def no_such(number):
    """Trove's 404 for an instance ID it does not know."""
    return fakes.fault('itemNotFound', 404,
                       'Instance %s could not be found.' % uuid(number))


def body(number, name=None, status='ACTIVE', **changes):
    return dict(BODY, id=uuid(number), name=name or 'db%02d' % number,
                status=status, **changes)


def register_pages(rm, bodies, url=DETAIL_URL, size=20):
    """The listing in pages of ``size``, each with a next link but the
    last; returns the page URLs in order."""
    pages = [bodies[at:at + size] for at in range(0, len(bodies), size)]
    pages = pages or [[]]
    urls = []
    for number, items in enumerate(pages):
        links = ([{'rel': 'next', 'href': 'https://elsewhere/instances'
                   '?marker=m%d' % number}] if number < len(pages) - 1
                 else [])
        page_url = url + ('' if not number else
                          ('&' if '?' in url else '?') +
                          'marker=m%d' % (number - 1))
        rm.get(page_url, json={'instances': items, 'links': links},
               complete_qs=True)
        urls.append(page_url)
    return urls


def action_url(number):
    return fakes.url('/instances/%s/action' % uuid(number))


def sent(rm):
    return [(r.method, r.url) for r in rm.request_history]


def gets(rm):
    return [r.url for r in rm.request_history if r.method == 'GET']


# -- act_on_many: one scan for every name ----------------------------------

def test_forty_names_cost_one_scan_and_one_action_each(tc, rm):
    bodies = [body(n) for n in range(45)]
    pages = register_pages(rm, bodies)
    for number in range(45):
        rm.post(action_url(number), status_code=202)
    names = ['db%02d' % n for n in range(40)]
    outcomes = tc.instances.act_on_many(names, tc.instances.restart)
    assert [o.ok for o in outcomes] == [True] * 40
    assert [o.target for o in outcomes] == names
    assert [o.id for o in outcomes] == [uuid(n) for n in range(40)]
    # 40 POSTs and one walk of the listing (3 pages), nothing more
    assert gets(rm) == pages
    assert len(pages) == 3
    posts = sorted(r.url for r in rm.request_history if r.method == 'POST')
    assert posts == sorted(action_url(n) for n in range(40))
    assert rm.call_count == 43
    # the scan comes before any action
    assert [r.method for r in rm.request_history[:3]] == ['GET'] * 3


def test_ids_go_straight_into_the_action(tc, rm):
    for number in range(3):
        rm.post(action_url(number), status_code=202)
    outcomes = tc.instances.act_on_many([uuid(n) for n in range(3)],
                                        tc.instances.restart)
    assert [o.ok for o in outcomes] == [True] * 3
    assert gets(rm) == []
    assert rm.call_count == 3


def test_refused_ids_are_checked_in_the_scan_of_the_names(tc, rm):
    # db01 by name; uuid(7) is not an instance's ID but an instance's name;
    # uuid(8) is nothing at all. One scan serves the names and both IDs.
    pages = register_pages(rm, [body(1), body(2, name=uuid(7))])
    rm.post(action_url(1), status_code=202)
    rm.post(action_url(2), status_code=202)
    for number in (7, 8):
        rm.post(action_url(number), status_code=404, json=no_such(number))
    outcomes = tc.instances.act_on_many(['db01', uuid(7), uuid(8)],
                                        tc.instances.restart)
    assert gets(rm) == pages
    assert [o.ok for o in outcomes] == [True, True, False]
    assert outcomes[1].id == uuid(2)
    assert isinstance(outcomes[2].error, exceptions.NotFound)
    assert ("No database instance with a name or ID of '%s' exists."
            % uuid(8)) == str(outcomes[2].error)
    assert sorted(sent(rm)) == sorted(
        [('GET', pages[0]), ('POST', action_url(1)),
         ('POST', action_url(7)), ('POST', action_url(8)),
         ('POST', action_url(2))])


def test_refused_ids_without_names_share_one_scan(tc, rm):
    pages = register_pages(rm, [body(1)])
    for number in (5, 6):
        rm.delete(fakes.url('/instances/%s' % uuid(number)),
                  status_code=404, json=no_such(number))
    outcomes = tc.instances.act_on_many([uuid(5), uuid(6)],
                                        tc.instances.delete)
    assert [type(o.error) for o in outcomes] == [exceptions.NoMatch] * 2
    assert gets(rm) == pages


def test_an_existing_id_keeps_its_own_404(tc, rm):
    register_pages(rm, [body(1)])
    rm.post(action_url(1), status_code=404, json=fakes.fault(
        'itemNotFound', 404, 'Configuration group cfg-1 not found.'))
    (outcome,) = tc.instances.act_on_many([uuid(1)], tc.instances.restart)
    assert 'Configuration group cfg-1 not found' in str(outcome.error)
    assert outcome.error.http_status == 404
    assert rm.call_count == 2


def test_ambiguous_and_missing_names_fail_alone_and_send_nothing(tc, rm):
    register_pages(rm, [body(1, name='twin'), body(2, name='twin'),
                        body(3)])
    rm.post(action_url(3), status_code=202)
    outcomes = tc.instances.act_on_many(['twin', 'nothing', 'db03', ''],
                                        tc.instances.restart)
    assert [type(o.error) for o in outcomes] == [
        exceptions.NoUniqueMatch, exceptions.NoMatch, type(None),
        exceptions.ValidationError]
    assert outcomes[0].instance == 'twin'
    assert [r.url for r in rm.request_history if r.method == 'POST'] == [
        action_url(3)]
    assert outcomes.failed == [outcomes[0], outcomes[1], outcomes[3]]
    with pytest.raises(exceptions.NoUniqueMatch):
        outcomes.raise_first()


def test_other_failures_are_per_target_and_in_order(tc, rm):
    for number in range(4):
        rm.post(action_url(number), status_code=409 if number % 2 else 202,
                json=fakes.fault('conflict', 409, 'Instance is busy.'))
    outcomes = tc.instances.act_on_many([uuid(n) for n in range(4)],
                                        tc.instances.restart)
    assert [o.target for o in outcomes] == [uuid(n) for n in range(4)]
    assert [type(o.error) for o in outcomes] == [
        type(None), exceptions.Conflict, type(None), exceptions.Conflict]


def test_a_failed_scan_fails_the_names_and_not_the_ids(tc, rm):
    rm.get(DETAIL_URL, status_code=403, json=fakes.fault(
        'forbidden', 403, 'Policy does not allow it.'))
    rm.post(action_url(1), status_code=202)
    outcomes = tc.instances.act_on_many(['db09', uuid(1)],
                                        tc.instances.restart)
    assert isinstance(outcomes[0].error, exceptions.Forbidden)
    assert outcomes[1].ok
    assert rm.call_count == 2


def test_lookup_finds_ids_in_the_scan_too(tc, rm):
    pages = register_pages(rm, [body(1), body(2)])
    seen = []
    outcomes = tc.instances.act_on_many([uuid(2), 'db01'], seen.append,
                                        lookup=True, concurrency=1)
    assert [o.instance.name for o in outcomes] == ['db02', 'db01']
    assert [i.id for i in seen] == [uuid(2), uuid(1)]
    assert gets(rm) == pages


def test_every_project_is_scanned_in_the_admin_listing(tc, rm):
    register_pages(rm, [body(1)], url=MGMT_URL)
    mgmt_action = fakes.url('/mgmt/instances/%s/action' % uuid(1))
    rm.post(mgmt_action, status_code=202)
    outcomes = tc.instances.act_on_many(['db01'], tc.instances.reboot,
                                        all_projects=True)
    assert outcomes[0].ok
    assert sent(rm) == [('GET', MGMT_URL), ('POST', mgmt_action)]


def test_no_more_calls_are_in_flight_than_the_bound(tc, rm):
    # requests-mock sends one request at a time (it holds a lock around
    # each), so the calls are watched where the pool runs them: each group
    # of `bound` calls must be under way together (or the barrier breaks
    # and those targets fail), and never more than `bound`.
    bound = 3
    barrier = threading.Barrier(bound, timeout=30)
    lock = threading.Lock()
    state = {'now': 0, 'most': 0}

    def restart(target):
        with lock:
            state['now'] += 1
            state['most'] = max(state['most'], state['now'])
        barrier.wait()
        with lock:
            state['now'] -= 1
        tc.instances.restart(target)

    for number in range(6):
        rm.post(action_url(number), status_code=202)
    outcomes = tc.instances.act_on_many([uuid(n) for n in range(6)],
                                        restart, concurrency=bound)
    assert [o.error for o in outcomes] == [None] * 6
    assert state['most'] == bound
    assert sorted(r.url for r in rm.request_history) == [
        action_url(n) for n in range(6)]


def test_the_default_bound_is_small_and_documented():
    assert batch.DEFAULT_CONCURRENCY == 4
    assert batch.check_concurrency(None) == 4


@pytest.mark.parametrize('bad', [0, -1, 33, 2.5, True, '4'])
def test_a_bad_bound_is_refused_before_any_request(tc, rm, bad):
    with pytest.raises(exceptions.ValidationError):
        tc.instances.act_on_many([uuid(1)], tc.instances.restart,
                                 concurrency=bad)
    assert rm.call_count == 0


def test_act_on_one_is_act_on_many_of_one(tc, rm):
    register_pages(rm, [body(1)])
    rm.post(action_url(1), status_code=202)
    assert tc.instances.act_on('db01', lambda i: i.id) == uuid(1)
    with pytest.raises(exceptions.NotFound):
        tc.instances.act_on('db09', tc.instances.restart)


# -- wait_for_many: one listing per poll ------------------------------------

def polls(rm, *listings, url=DETAIL_URL):
    """One single-page listing per poll, in order."""
    rm.get(url, [{'json': {'instances': items, 'links': []}}
                 for items in listings])


def test_a_wait_on_many_lists_once_per_poll(tc, rm, clock):
    polls(rm,
          [body(1, status='REBOOT'), body(2, status='REBOOT'), body(3)],
          [body(1), body(2, status='REBOOT'), body(3)],
          [body(1), body(2), body(3)])
    tallies = []
    outcomes = tc.instances.wait_for_many(
        [uuid(1), uuid(2)], 'ACTIVE', interval=5,
        callback=lambda tally, elapsed: tallies.append(
            (tally.done, tally.failed, tally.statuses(), elapsed)),
        sleep=clock.sleep, clock=clock)
    assert [o.ok for o in outcomes] == [True, True]
    assert [o.result.status for o in outcomes] == ['ACTIVE', 'ACTIVE']
    assert rm.call_count == 3
    assert tallies == [(0, 0, [('REBOOT', 2)], 0), (1, 0, [('REBOOT', 1)], 5),
                       (2, 0, [], 10)]


def test_a_failure_ends_that_instance_at_once_and_not_the_others(
        tc, rm, clock):
    failed = body(2, status='ERROR', fault={'message': 'disk full'})
    polls(rm, [body(1, status='REBOOT'), failed],
          [body(1, status='REBOOT'), failed], [body(1)])
    ended = []
    outcomes = tc.instances.wait_for_many(
        [uuid(1), uuid(2)], callback=lambda tally, _e: ended.append(
            [o.target for o in tally.ended]),
        sleep=clock.sleep, clock=clock)
    assert ended == [[uuid(2)], [], [uuid(1)]]
    assert outcomes[0].ok
    assert isinstance(outcomes[1].error, exceptions.ResourceFailure)
    assert str(outcomes[1].error) == (
        'database instance %s transitioned to failure state ERROR: '
        'disk full' % uuid(2))
    assert rm.call_count == 3


def gone(rm, *numbers):
    """Trove's 404 to a GET of each of these instances; the mocks."""
    return [rm.get(fakes.url('/instances/%s' % uuid(number)),
                   status_code=404, json=no_such(number))
            for number in numbers]


def test_an_instance_no_longer_listed_is_gone(tc, rm, clock):
    polls(rm, [body(1)])
    # issue 25: "gone" only from an answer about it: one GET, a 404
    (asked,) = gone(rm, 2)
    outcomes = tc.instances.wait_for_many([uuid(1), uuid(2)],
                                          sleep=clock.sleep, clock=clock)
    assert outcomes[0].ok
    assert isinstance(outcomes[1].error, exceptions.ResourceGone)
    assert asked.call_count == 1


def test_the_timeout_holds_for_the_whole_set(tc, rm, clock):
    rm.get(DETAIL_URL, json={'instances': [body(1, status='REBOOT'),
                                           body(2)]})
    outcomes = tc.instances.wait_for_many(
        [uuid(1), uuid(2)], timeout=6, interval=2, sleep=clock.sleep,
        clock=clock)
    assert outcomes[1].ok
    assert isinstance(outcomes[0].error, exceptions.WaitTimeout)
    assert str(outcomes[0].error) == (
        'Timeout waiting for database instance %s to become ACTIVE after '
        '6s (last status: REBOOT)' % uuid(1))
    assert rm.call_count == 4  # at 0, 2, 4 and 6 s


def test_a_failed_poll_is_tried_again(tc, rm, clock):
    rm.get(DETAIL_URL, [
        {'status_code': 503, 'json': fakes.fault('serviceUnavailable', 503,
                                                 'busy')},
        {'json': {'instances': [body(1)]}}])
    outcomes = tc.instances.wait_for_many([uuid(1)], sleep=clock.sleep,
                                          clock=clock)
    assert outcomes[0].ok


def test_a_wait_on_many_pages_walks_every_page_per_poll(tc, rm, clock):
    pages = register_pages(rm, [body(n) for n in range(25)])
    tc.instances.wait_for_many([uuid(3), uuid(24)], sleep=clock.sleep,
                               clock=clock)
    assert gets(rm) == pages


def test_a_wait_for_many_deletions(tc, rm, clock):
    polls(rm, [body(1, status='SHUTDOWN'), body(2, status='ERROR')],
          [body(2, status='SHUTDOWN')], [])
    gone(rm, 1, 2)
    tallies = []
    outcomes = tc.instances.wait_for_delete_many(
        [uuid(1), fakes_instance(tc, 2)],
        callback=lambda tally, _e: tallies.append(
            (tally.done, tally.statuses())),
        sleep=clock.sleep, clock=clock)
    assert [o.ok for o in outcomes] == [True, True]
    assert [o.result for o in outcomes] == [None, None]
    assert tallies == [(0, [('ERROR', 1), ('SHUTDOWN', 1)]),
                       (1, [('SHUTDOWN', 1)]), (2, [])]
    # a listing per poll, and (issue 25) a GET of each instance once it
    # is no longer listed: its 404 says it is gone
    assert rm.call_count == 3 + 2


def test_a_wait_for_many_deletions_of_every_project(tc, rm, clock):
    polls(rm, [], url=MGMT_URL)
    gone(rm, 1)
    outcomes = tc.instances.wait_for_delete_many(
        [uuid(1)], all_projects=True, sleep=clock.sleep, clock=clock)
    assert outcomes[0].ok
    assert sent(rm) == [('GET', MGMT_URL),
                        ('GET', fakes.url('/instances/%s' % uuid(1)))]


def test_names_to_wait_for_are_looked_up_by_one_scan(tc, rm, clock):
    polls(rm, [body(1), body(2, name='twin'), body(3, name='twin')],
          [body(1, status='REBOOT')], [body(1)])
    outcomes = tc.instances.wait_for_many(
        ['db01', 'twin', 'nothing', uuid(1)], sleep=clock.sleep,
        clock=clock)
    assert [o.target for o in outcomes] == ['db01', 'twin', 'nothing',
                                            uuid(1)]
    assert [type(o.error) for o in outcomes] == [
        type(None), exceptions.NoUniqueMatch, exceptions.NoMatch,
        type(None)]
    assert outcomes[0].result.id == uuid(1)
    # the scan, then one listing per poll (REBOOT, then ACTIVE)
    assert rm.call_count == 3


def test_a_name_no_instance_has_is_gone_for_a_delete_wait(tc, rm, clock):
    polls(rm, [body(1, status='SHUTDOWN')], [])
    gone(rm, 1)
    outcomes = tc.instances.wait_for_delete_many(
        ['nothing', 'db01'], sleep=clock.sleep, clock=clock)
    assert [o.ok for o in outcomes] == [True, True]
    # the scan, the listing that no longer has it, its 404 (issue 25)
    assert rm.call_count == 3


def test_an_id_given_twice_is_waited_for_once(tc, rm, clock):
    polls(rm, [body(1)])
    outcomes = tc.instances.wait_for_many([uuid(1), uuid(1)],
                                          sleep=clock.sleep, clock=clock)
    assert [o.ok for o in outcomes] == [True, True]
    assert rm.call_count == 1


def fakes_instance(tc, number):
    from troveclient_osc.v1 import instances as v1_instances
    return v1_instances.Instance(tc.instances, body(number))


def test_lookup_of_one_id_is_one_get_and_no_scan(tc, rm):
    rm.get(fakes.url('/instances/%s' % uuid(2)), json={'instance': body(2)})
    seen = []
    outcomes = tc.instances.act_on_many([uuid(2)], seen.append, lookup=True)
    assert outcomes[0].ok and seen[0].name == 'db02'
    assert sent(rm) == [('GET', fakes.url('/instances/%s' % uuid(2)))]
