"""Rows F26-F38 and S11: under faults, the report is what Trove did.

Issue 25 put a fault-injecting proxy between the client and Trove and
compared what the client said with what Trove had done; issue 23 added the
silent identity service, the wait whose polls fail, the library that
printed by itself and the endpoint without the project ID. Each row here
injects its fault at the HTTP boundary (requests-mock, or a socket of the
tests' own) under the real ``openstack`` shell in process or the library,
with the sleeps and clocks faked. The same faults through the project's
fault proxy in front of the local Trove are in
tests/functional/test_faults.py.
"""

import html
import json
import subprocess
import sys
import threading
import time
import urllib.parse

import pytest
import requests

from troveclient_osc import base
from troveclient_osc import exceptions
from troveclient_osc import http
from troveclient_osc import masking
from troveclient_osc.v1 import client as v1_client

from tests.reliability import harness
from tests.reliability.harness import expect_error
from tests.unit import fakes
from tests.unit import test_http

ENDPOINT = harness.ENDPOINT
DETAIL = ENDPOINT + '/instances/detail'
MGMT = ENDPOINT + '/mgmt/instances?deleted=false'
A, B = fakes.instance_id(1), fakes.instance_id(2)
EAST = fakes.CATALOG[('EAST', 'public')]


def url(ident, suffix=''):
    return '%s/instances/%s%s' % (ENDPOINT, ident, suffix)


def body(number, status='ACTIVE', **extra):
    return fakes.instance_body(number, status=status, **extra)


def no_such(ident):
    return {'status_code': 404, 'json': fakes.fault(
        'itemNotFound', 404, 'Instance %s could not be found.' % ident)}


def listing(*items, links=()):
    return {'json': {'instances': list(items), 'links': list(links)}}


def lost():
    """The request reached the server; its answer never came back."""
    return {'exc': test_http.reset_after_request()}


def calls(result, method):
    return [call for call in result.calls if call.method == method]


# -- F26: a retried DELETE answered 404 after a lost answer is done ----------

def test_F26_delete_whose_answer_was_lost_then_404_is_done(cli, rm):
    rm.delete(url(A), [lost(), no_such(A)])
    result = cli('database', 'instance', 'delete', A)
    assert result.code == 0, result
    assert len(calls(result, 'DELETE')) == 2
    # the retry was said, and nothing failed
    assert [line for line in result.err_lines
            if 'Retrying in' not in line] == [], result


def test_F26_delete_of_many_counts_a_lost_answer_then_404_as_done(cli, rm):
    rm.delete(url(A), [lost(), no_such(A)])
    rm.delete(url(B), status_code=202)
    result = cli('database', 'instance', 'delete', A, B)
    assert result.code == 0, result
    assert len(calls(result, 'DELETE')) == 3
    assert [line for line in result.err_lines
            if 'Retrying in' not in line] == [], result


def test_F26_library_delete_after_a_lost_answer_and_a_404_returns(tc, rm):
    rm.delete(fakes.url('/instances/' + A), [lost(), no_such(A)])
    assert tc.instances.delete(A) is None
    assert rm.call_count == 2


@pytest.mark.parametrize('first', [
    pytest.param({'exc': test_http.refused()}, id='nothing-sent'),
    pytest.param({'status_code': 503, 'json': {}}, id='answered-503'),
])
def test_F26_404_after_an_attempt_that_did_not_reach_trove_is_not_found(
        tc, rm, first):
    # only an attempt that may have reached Trove can have deleted it
    rm.delete(fakes.url('/instances/' + A), [first, no_such(A)])
    with pytest.raises(exceptions.NotFound):
        tc.instances.api.delete('/instances/' + A)
    assert rm.call_count == 2


def test_F26_a_lost_answer_to_a_get_proves_nothing(tc, rm):
    show = rm.get(fakes.url('/instances/' + A), [lost(), no_such(A)])
    # the ID's 404 costs the one scan, which finds nothing either
    rm.get(fakes.url('/instances/detail'), json={'instances': []})
    with pytest.raises(exceptions.NotFound) as info:
        tc.instances.get(A)
    assert show.call_count == 2
    assert info.value.may_have_acted is False


def test_F26_an_update_that_fails_after_a_lost_answer_may_have_been_done(
        tc, rm):
    rm.put(fakes.url('/instances/' + A), [lost(), {
        'status_code': 500, 'json': fakes.fault(
            'instanceFault', 500, 'Instance %s already has a Configuration '
            'Group attached: cfg-1.' % A)}])
    with pytest.raises(exceptions.InternalServerError) as info:
        tc.instances.update(A, configuration='cfg-1')
    assert info.value.may_have_acted is True
    assert 'the PUT may have been carried out: check instance %s before ' \
        'sending it again' % A in str(info.value)


# -- F27: a wait on many decides "gone" from an answer about the instance ----

def test_F27_an_instance_missing_from_the_listing_is_asked_for_by_id(
        tc, rm, clock):
    # the listing lost A (a missing next link, a mutated body): A is
    # ACTIVE and untouched, and the wait must not call it deleted
    rm.get(fakes.url('/instances/detail'), json={'instances': []})
    show = rm.get(fakes.url('/instances/' + A),
                  json={'instance': body(1)})
    (outcome,) = tc.instances.wait_for_delete_many(
        [A], timeout=6, interval=2, sleep=clock.sleep, clock=clock)
    assert isinstance(outcome.error, exceptions.WaitTimeout)
    assert '(last status: ACTIVE)' in str(outcome.error)
    # one GET per poll, at 0, 2 and 4 s; the poll at 6 s is the
    # deadline's, after which no request is started
    assert show.call_count == 3


def test_F27_items_without_an_id_make_the_wait_ask_each_by_id(
        tc, rm, clock):
    item = body(1)
    del item['id']
    rm.get(fakes.url('/instances/detail'), json={'instances': [item]})
    rm.get(fakes.url('/instances/' + A), [
        {'json': {'instance': body(1, status='REBOOT')}},
        {'json': {'instance': body(1)}}])
    (outcome,) = tc.instances.wait_for_many(
        [A], sleep=clock.sleep, clock=clock)
    assert outcome.ok
    assert outcome.result.status == 'ACTIVE'


def test_F27_admin_restart_waits_in_the_instances_project(cli, rm):
    # An admin restarts two instances of project p2: the admin's own
    # listing does not have them; asked by ID they are p2's, and the
    # polls then list p2.
    rm.post(url(A, '/action'), status_code=202)
    rm.post(url(B, '/action'), status_code=202)
    rm.get(DETAIL, json={'instances': []})
    for ident, number in ((A, 1), (B, 2)):
        rm.get(url(ident), json={'instance': body(
            number, status='REBOOT', tenant_id='p2')})
    project = rm.get(MGMT + '&project_id=p2', complete_qs=True, json={
        'instances': [body(1, tenant_id='p2'), body(2, tenant_id='p2')]})
    result = cli('database', 'instance', 'restart', A, B, '--wait')
    assert result.code == 0, result
    assert 'failed to restart' not in result.err
    assert result.err_lines[-1].startswith('2 of 2 ACTIVE, 0 failed')
    assert project.call_count == 1
    # the listing, one GET of each, then the project's listing
    assert len(calls(result, 'GET')) == 4


def test_F27_the_fast_path_stays_one_listing_per_poll(tc, rm, clock):
    polls = rm.get(fakes.url('/instances/detail'), [
        listing(body(1, status='REBOOT'), body(2)), listing(body(1))])
    outcomes = tc.instances.wait_for_many([A], sleep=clock.sleep,
                                          clock=clock)
    assert outcomes[0].ok
    assert polls.call_count == 2 and rm.call_count == 2


# -- F28: every body ends in a ClientException with the URL and request ID ---

DEEP = '[' * 5000 + ']' * 5000
BODIES = {
    'deep-json': DEEP,
    'deep-object': '{"a":' * 3000 + '1' + '}' * 3000,
    'nested-70': '{"instances": ' + '[' * 70 + ']' * 70 + '}',
    'huge-number': '{"instances": [%s]}' % ('9' * 5000),
    'nan': '{"instances": NaN}',
    'not-utf8': b'\xff\xfe{"instances": []}',
}


@pytest.mark.parametrize('text', list(BODIES.values()), ids=list(BODIES))
def test_F28_any_200_body_is_an_invalid_response_with_url_and_id(
        tc, rm, text):
    rm.get(fakes.url('/instances'), headers={
        'x-openstack-request-id': 'req-f28'},
        **({'content': text} if isinstance(text, bytes) else {'text': text}))
    with pytest.raises(exceptions.ClientException) as info:
        tc.instances.list()
    assert info.value.url == fakes.url('/instances')
    assert info.value.request_id == 'req-f28'


@pytest.mark.parametrize('status', [400, 404, 500, 503])
@pytest.mark.parametrize('text', list(BODIES.values()), ids=list(BODIES))
def test_F28_from_response_never_raises(status, text):
    response = requests.Response()
    response.status_code = status
    response._content = text if isinstance(text, bytes) else text.encode()
    response.headers['x-openstack-request-id'] = 'req-1'
    error = exceptions.from_response(response, 'GET', 'http://x/y',
                                     database=True)
    assert isinstance(error, exceptions.ClientException)
    assert error.request_id == 'req-1' and error.url == 'http://x/y'
    assert len(str(error)) <= exceptions.MAX_LINE


def test_F28_deep_json_error_is_one_line_on_the_command_line(cli, rm):
    rm.get(ENDPOINT + '/flavors/6', status_code=500, text=DEEP,
           headers={'x-openstack-request-id': 'req-deep',
                    'Content-Type': 'application/json'})
    expect_error(cli('database', 'flavor', 'show', '6'), calls=1,
                 status=500, request_id='req-deep')


# -- S11: the token sent and every password, in every escaping ---------------

LONG_TOKEN = 'gAAAAABn' + 'Q7x-' * 50   # 208 characters, like a Fernet one
PASSWORD = 'p"a\\ß&w <rd>/%'
ESCAPINGS = {
    'plain': lambda s: s,
    'json': lambda s: json.dumps(s)[1:-1],
    'repr': lambda s: repr(s)[1:-1],
    'html': html.escape,
    'url': lambda s: urllib.parse.quote(s, safe=''),
    'json-twice': lambda s: json.dumps(json.dumps(s))[1:-1],
    'json-in-repr': lambda s: repr(json.dumps(s))[1:-1],
    'json-in-html': lambda s: html.escape(json.dumps(s)),
    'url-in-json': lambda s: json.dumps(urllib.parse.quote_plus(s)),
}

PASSWORD_AUTH = ('--os-auth-type', 'password', '--os-auth-url',
                 fakes.KEYSTONE + '/v3', '--os-username', 'testuser',
                 '--os-password', harness.SECRET, '--os-project-name',
                 'test_project', '--os-user-domain-id', 'default',
                 '--os-project-domain-id', 'default', '--os-region-name',
                 'EAST')


@pytest.mark.parametrize('escaping', list(ESCAPINGS))
def test_S11_token_quoted_back_by_a_service_is_masked(cli, rm, escaping):
    fakes.register_keystone_v3(rm, tokens=(LONG_TOKEN,))
    quoted = ESCAPINGS[escaping](LONG_TOKEN)
    rm.get(EAST + '/flavors', status_code=400, json=fakes.fault(
        'badRequest', 400, 'Token %s is not valid here' % quoted))
    result = cli('--debug', 'database', 'flavor', 'list',
                 auth=PASSWORD_AUTH)
    assert result.code == 1, result
    for secret in (LONG_TOKEN, LONG_TOKEN[:40], LONG_TOKEN[-40:], quoted):
        assert result.count(secret) == 0, (secret, result)
    assert 'is not valid here' in result.err


@pytest.mark.parametrize('escaping', list(ESCAPINGS))
def test_S11_passwords_echoed_in_any_escaping_are_masked(cli, rm, escaping):
    quoted = ESCAPINGS[escaping](PASSWORD)
    rm.post(ENDPOINT + '/instances', status_code=400, json=fakes.fault(
        'badRequest', 400, "Validation error: %s is not a valid password"
        % quoted))
    result = cli('--debug', 'database', 'instance', 'create', 'db1',
                 '--flavor', '6', '--size', '1', '--user',
                 'name=bob,password=' + PASSWORD)
    assert result.code == 1, result
    assert calls(result, 'POST')[0].json()['instance']['users'][0][
        'password'] == PASSWORD
    for form in masking.forms(PASSWORD) | {quoted}:
        if len(form) > 4:
            assert result.out.count(form) + result.err.count(form) == 0, \
                (form, result)
    assert 'is not a valid password' in result.err


def test_S11_library_error_masks_the_token_it_sent(rm):
    fakes.register_keystone_v3(rm, tokens=(LONG_TOKEN,))
    rm.get(EAST + '/flavors', status_code=401, json={'error': {
        'message': 'Could not find token: %s' % LONG_TOKEN}})
    tc = v1_client.Client(username='testuser', password=harness.SECRET,
                          project_id='test_project',
                          auth_url=fakes.KEYSTONE + '/v3',
                          region_name='EAST')
    with pytest.raises(exceptions.Unauthorized) as info:
        tc.flavors.list()
    for text in (str(info.value), repr(info.value), info.value.message):
        assert LONG_TOKEN[:20] not in text and harness.SECRET not in text


# -- F29: the connection pool fits --concurrency ------------------------------

class SlowTrove:
    """A threaded HTTP server on 127.0.0.1 that answers every POST 202
    after ``delay`` seconds, so that many requests are in flight at once."""

    def __init__(self, delay=0.3):
        import http.server

        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = 'HTTP/1.1'

            def log_message(self, *args):
                pass

            def do_POST(self):
                self.rfile.read(int(self.headers.get('Content-Length', 0)))
                with outer.lock:
                    outer.posts += 1
                time.sleep(outer.delay)
                self.send_response(202)
                self.send_header('Content-Length', '0')
                self.end_headers()

        self.delay = delay
        self.posts = 0
        self.lock = threading.Lock()
        self.server = http.server.ThreadingHTTPServer(('127.0.0.1', 0),
                                                      Handler)
        self.server.daemon_threads = True
        self.endpoint = 'http://127.0.0.1:%d/v1.0/demo' % (
            self.server.server_address[1])
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       kwargs={'poll_interval': 0.05},
                                       daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def slow_trove():
    server = SlowTrove()
    yield server
    server.stop()


def test_F29_concurrency_above_ten_makes_no_pool_full_warning(
        slow_trove, sock_cli):
    ids = [fakes.instance_id(n) for n in range(1, 17)]
    result = sock_cli(slow_trove.endpoint, '--debug', 'database',
                      'instance', 'restart', *ids, '--concurrency', '16',
                      timeout=10)
    assert result.code == 0, result
    assert slow_trove.posts == 16
    assert 'Connection pool is full' not in result.err + result.log


def test_F29_trove_gets_a_pool_as_large_as_the_most_requests_at_once():
    session = fakes.make_session()
    api = http.HTTPClient(session)
    api._fit_pool(fakes.url('/instances'))
    adapter = session.session.get_adapter(fakes.url('/instances'))
    from troveclient_osc import batch
    assert adapter._pool_maxsize == batch.MAX_CONCURRENCY
    # other hosts keep requests' default
    assert session.session.get_adapter(
        'http://keystone.example.com/v3')._pool_maxsize == 10


# -- F30: --wait-timeout within one request, for many too --------------------

def endless_pages(clock, seconds_per_page=1):
    """A listing whose every page has a next link, each page taking
    ``seconds_per_page`` on the fake clock."""
    count = iter(range(1, 10 ** 6))

    def page(request, context):
        clock.advance(seconds_per_page)
        number = next(count)
        return {'instances': [body(1000 + number)], 'links': [{
            'rel': 'next', 'href': 'https://h/instances?marker=m%d'
            % number}]}
    return page


def test_F30_a_wait_on_many_stops_its_walk_at_the_deadline(tc, rm, clock):
    rm.get(fakes.url('/instances/detail'), json=endless_pages(clock))
    rm.get(fakes.url('/instances/' + A), json={'instance': body(1)})
    start = clock()
    (outcome,) = tc.instances.wait_for_many(
        [A], 'SHUTDOWN', timeout=5, interval=2, sleep=clock.sleep,
        clock=clock)
    assert isinstance(outcome.error, exceptions.WaitTimeout)
    # within one request (a page of 1 s) of the deadline
    assert clock() - start <= 5 + 1
    assert rm.call_count <= 7


def test_F30_the_command_line_wait_keeps_its_timeout(cli, rm):
    fake = harness.FakeTime()
    rm.post(url(A, '/action'), status_code=202)
    rm.get(DETAIL, json=endless_pages(fake.clock))
    rm.get(url(A), json={'instance': body(1, status='REBOOT')})
    result = cli('database', 'instance', 'restart', A, fakes.instance_id(9),
                 '--wait', '--wait-timeout', '4', fake_time=fake)
    assert result.code == 1
    assert 4 <= result.elapsed <= 4 + 1, result


# -- F31: listings are checked -----------------------------------------------

def test_F31_an_item_repeated_within_a_page_is_no_ambiguity(cli, rm):
    rm.get(DETAIL, json={'instances': [body(1, name='web'),
                                       body(1, name='web')]})
    rm.post(url(A, '/action'), status_code=202)
    result = cli('database', 'instance', 'restart', 'web')
    assert result.code == 0, result
    assert len(calls(result, 'POST')) == 1


def test_F31_overlapping_pages_are_an_error_not_an_ambiguity(cli, rm):
    rm.get(DETAIL, [
        listing(body(1, name='web'), body(2), links=[{
            'rel': 'next', 'href': 'https://h/instances?marker=x'}]),
        listing(body(1, name='web'))])
    result = cli('database', 'instance', 'restart', 'web')
    line = expect_error(result, text='Endless pagination loop detected')
    assert 'More than one' not in line
    assert calls(result, 'POST') == []


def test_F31_the_limit_walk_refuses_overlapping_pages(cli, rm):
    # The --limit/--marker walk of 'instance list' is the library's
    # checked walk (list_matching): an instance already listed on an
    # earlier page is an error, never a row shown twice.
    for extra in (('--limit', '10'), ('--marker', 'm0'),
                  ('--limit', '10', '--name', 'instance-02')):
        rm.get(ENDPOINT + '/instances', [
            listing(body(1), body(2), links=[{
                'rel': 'next', 'href': 'https://h/instances?marker=x'}]),
            listing(body(2), body(3))])
        result = cli('database', 'instance', 'list', *extra)
        line = expect_error(result, text='Endless pagination loop detected')
        assert "repeats the item '%s'" % B in line
        assert result.out == ''


def test_F31_an_item_without_an_id_is_an_error_not_a_missing_name(cli, rm):
    item = body(1, name='web')
    del item['id']
    rm.get(DETAIL, json={'instances': [item]})
    line = expect_error(cli('database', 'instance', 'restart', 'web'),
                        text='a database instance without an ID')
    assert 'No database instance' not in line


def test_F31_list_all_yields_each_instance_once(tc, rm):
    rm.get(fakes.url('/instances'), [
        listing(body(1), body(1), body(2), links=[{
            'rel': 'next', 'href': 'https://h/instances?marker=y'}]),
        listing(body(3))])
    assert [i.id for i in tc.instances.list_all()] == [
        A, B, fakes.instance_id(3)]


# -- F32: error lines within 300 characters, escapes shown escaped -----------

REQUEST_ID = 'req-' + '5c3f2a1e-7b0d-4e8a-9f6c-2d1b0a9e8c7f'


def test_F32_a_long_server_message_keeps_the_line_within_300(cli, rm):
    rm.post(url(A, '/action'), status_code=400, headers={
        'x-openstack-request-id': REQUEST_ID},
        json=fakes.fault('badRequest', 400, 'Bad: ' + 'word ' * 200))
    for targets in ([A], [A, fakes.instance_id(2)]):
        if len(targets) > 1:
            rm.post(url(fakes.instance_id(2), '/action'), status_code=202)
        result = cli('database', 'instance', 'restart', *targets)
        assert result.code == 1
        for line in result.err_lines:
            assert len(line) <= harness.MAX_LINE, line
        assert any('(HTTP 400) (Request-ID: %s)' % REQUEST_ID in line
                   for line in result.err_lines), result


def test_F32_escape_sequences_a_server_quotes_are_shown_escaped(cli, rm):
    name = 'x\x1b[2J\x1b]0;owned\x07'
    rm.get(DETAIL, json={'instances': []})
    rm.post(url(A, '/action'), status_code=400, json=fakes.fault(
        'badRequest', 400, "Name '%s' is not valid" % name))
    result = cli('database', 'instance', 'restart', A)
    line = expect_error(result, status=400)
    assert '\x1b' not in result.err and '\x07' not in result.err
    assert "Name 'x\\x1b[2J\\x1b]0;owned\\x07' is not valid" in line


# -- F33: a lost answer to a change says it may have been carried out --------

def test_F33_a_create_whose_answer_was_lost_says_how_to_check(cli, rm):
    create = rm.post(ENDPOINT + '/instances', [lost()])
    result = cli('database', 'instance', 'create', 'web-01', '--flavor', '6',
                 '--size', '1')
    expect_error(result, calls=1, text=(
        "the POST may have been carried out: see 'openstack database "
        "instance list --name web-01'"))
    assert create.call_count == 1


def test_F33_an_action_whose_answer_was_lost_names_the_instance(cli, rm):
    rm.post(url(A, '/action'), [lost()])
    rm.post(url(B, '/action'), status_code=202)
    result = cli('database', 'instance', 'restart', A, B)
    assert result.code == 1
    assert ("the POST may have been carried out: see 'openstack database "
            "instance show %s'" % A in result.err), result
    assert len(calls(result, 'POST')) == 2
    assert all(len(line) <= harness.MAX_LINE for line in result.err_lines)


def test_F33_the_library_error_carries_it(tc, rm):
    rm.post(fakes.url('/instances'), [lost()])
    with pytest.raises(exceptions.ConnectionError) as info:
        tc.instances.create('web-01', '6', volume=1)
    assert info.value.may_have_acted is True
    assert ("check whether the instance 'web-01' exists before sending it "
            "again" in str(info.value))


def test_F33_a_read_timeout_on_a_create_may_have_been_carried_out(tc, rm):
    rm.post(fakes.url('/instances'), exc=test_http.read_timeout())
    with pytest.raises(exceptions.Timeout) as info:
        tc.instances.create('web-01', '6', volume=1)
    assert info.value.may_have_acted is True


def test_F33_a_refused_create_was_not_carried_out(tc, rm):
    rm.post(fakes.url('/instances'), exc=test_http.refused())
    with pytest.raises(exceptions.ConnectionError) as info:
        tc.instances.create('web-01', '6', volume=1)
    assert info.value.may_have_acted is False
    assert 'carried out' not in str(info.value)


# -- F34: targets de-duplicated after resolution -----------------------------

def test_F34_an_instance_named_by_name_and_by_id_is_restarted_once(cli, rm):
    rm.get(DETAIL, json={'instances': [body(1, name='web')]})
    action = rm.post(url(A, '/action'), status_code=409, json=fakes.fault(
        'conflict', 409, 'Instance is busy.'))
    result = cli('database', 'instance', 'restart', 'web', A)
    assert action.call_count == 1
    assert result.err_lines[-1] == \
        '1 of 1 database instances failed to restart.'
    assert len(result.err_lines) == 2, result


def test_F34_the_library_outcome_of_a_second_name_shares_the_first(tc, rm):
    rm.get(fakes.url('/instances/detail'), json={'instances': [body(1)]})
    action = rm.post(fakes.url('/instances/%s/action' % A), status_code=202)
    outcomes = tc.instances.act_on_many([A, 'instance-01', A],
                                        tc.instances.restart)
    assert action.call_count == 1
    assert [o.ok for o in outcomes] == [True] * 3
    assert outcomes[1].same_as is outcomes[0]
    assert outcomes[2].same_as is outcomes[0]
    assert list(outcomes.distinct) == [outcomes[0]]


# -- F35: a silent identity service costs the timeout, sign-in included ------

def test_F35_library_sign_in_to_a_silent_identity_keeps_the_timeout(
        serve):
    server = serve('blackhole')
    start = time.monotonic()
    with pytest.raises(exceptions.Timeout) as info:
        v1_client.Client(username='u', password='p', project_id='p',
                         auth_url='http://127.0.0.1:%d/v3' % server.port,
                         timeout=1).flavors.list()
    # discovery and token within one timeout (it was one each)
    assert time.monotonic() - start < 1 + 0.8
    assert '127.0.0.1:%d' % server.port in str(info.value)


def test_F35_cli_sign_in_to_a_silent_identity_keeps_the_timeout(
        serve, sock_cli):
    server = serve('blackhole')
    auth = ('--os-auth-type', 'password', '--os-auth-url',
            'http://127.0.0.1:%d/v3' % server.port, '--os-username', 'u',
            '--os-password', harness.SECRET, '--os-project-name', 'p',
            '--os-user-domain-id', 'default', '--os-project-domain-id',
            'default')
    start = time.monotonic()
    result = sock_cli(None, 'database', 'instance', 'list', auth=auth,
                      timeout=1)
    expect_error(result, text='The identity service at http://127.0.0.1:%d'
                 '/v3 did not answer within 1s' % server.port)
    assert server.longest() < 1 + 0.8
    assert time.monotonic() - start < 1 + harness.MAX_WALL


def test_F35_a_session_outside_a_budget_keeps_its_own_timeout(rm):
    session = http.bounded(fakes.make_session(timeout=7))
    rm.get('http://other.example.com/x', text='ok')
    session.get('http://other.example.com/x', authenticated=False)
    assert rm.last_request.timeout == 7
    with http.budget(3):
        session.get('http://other.example.com/x', authenticated=False)
    assert rm.last_request.timeout == 3


# -- F36: a wait whose polls fail says since when -----------------------------

def test_F36_a_wait_timing_out_while_polls_fail_says_since_when(
        tc, rm, clock):
    rm.get(fakes.url('/instances/' + A), [
        {'json': {'instance': body(1, status='BUILD')}},
        {'exc': test_http.refused()}])
    with pytest.raises(exceptions.WaitTimeout) as info:
        tc.instances.wait_for_status(A, timeout=10, interval=2,
                                     sleep=clock.sleep, clock=clock)
    assert info.value.failing_since == 2
    assert 'every poll failed from 2s on (last status then: BUILD): ' \
        'Unable to establish connection' in str(info.value)
    assert '(last status: BUILD)' not in str(info.value)


def test_F36_a_wait_on_many_says_it_too(cli, rm):
    rm.post(url(A, '/action'), status_code=202)
    rm.post(url(B, '/action'), status_code=202)
    rm.get(DETAIL, [listing(body(1, status='REBOOT'), body(2, 'REBOOT')),
                    {'exc': test_http.refused()}])
    result = cli('database', 'instance', 'restart', A, B, '--wait',
                 '--wait-timeout', '10')
    assert result.code == 1
    late = [line for line in result.err_lines
            if line.startswith('Timeout waiting for 2 of 2')]
    assert late and 'every poll failed from 2s on' in late[0], result
    assert 'Trove carries on' not in result.err


# -- F37: the library prints nothing by itself -------------------------------

def test_F37_library_warnings_reach_no_stderr_by_themselves():
    code = ('import logging, troveclient_osc.http as h\n'
            'h.LOG.warning("Retrying in 1s")\n'
            'logging.getLogger("troveclient_osc.waiters").warning("x")\n')
    proc = subprocess.run([sys.executable, '-c', code], capture_output=True,
                          text=True, timeout=60)
    assert (proc.returncode, proc.stderr) == (0, '')


def test_F37_the_cli_still_shows_the_library_warnings(cli, rm):
    rm.get(ENDPOINT + '/flavors/6', [{'status_code': 503, 'json': {}},
                                     {'json': {'flavor': {'id': '6'}}}])
    result = cli('database', 'flavor', 'show', '6')
    assert result.code == 0
    assert any('Retrying in' in line for line in result.err_lines), result


def test_F37_a_null_handler_does_not_count_as_showing_debug():
    import logging
    logger = logging.getLogger('troveclient_osc.http')
    assert any(isinstance(h, logging.NullHandler)
               for h in logging.getLogger('troveclient_osc').handlers)
    assert http.debug_is_shown(logger) is (
        logging.getLogger().isEnabledFor(logging.DEBUG)
        and any(h.level <= logging.DEBUG
                and not isinstance(h, logging.NullHandler)
                for h in logging.getLogger().handlers))


# -- F38: an endpoint without the project ID ---------------------------------

def test_F38_trove_refusing_the_project_hints_at_the_endpoint(cli, rm):
    rm.get(ENDPOINT + '/instances', status_code=403, json={
        'message': 'Access was denied to this resource.<br /><br />\n'
                   'User with tenant id 5f1c cannot access this resource.',
        'code': '403 Forbidden', 'title': 'Forbidden'})
    expect_error(cli('database', 'instance', 'list'), calls=1, status=403,
                 text='the database endpoint may lack the project ID: its '
                      'URL must end with /v1.0/<project ID>')


def test_F38_other_403s_get_no_hint(tc, rm):
    rm.get(fakes.url('/instances'), status_code=403, json=fakes.fault(
        'forbidden', 403, 'Policy does not allow it.'))
    with pytest.raises(exceptions.Forbidden) as info:
        tc.instances.list()
    assert 'project ID' not in str(info.value)


def test_shown_and_one_line_share_the_escape_rule():
    for text in ('a\x1bb', 'a\u202eb', 'a\nb', 'plain'):
        assert base.shown(text) == base.escaped(text) == \
            exceptions.printable(text)
