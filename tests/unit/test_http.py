"""The request funnel: request shape, timeouts, retries, bodies, logging.

Every case is one or more real HTTP calls answered by requests_mock; the
funnel sleeps on a fake clock, so retries cost no time and the recorded
sleeps are exactly what a user would wait.
"""

import io
import logging

import pytest
import requests
from urllib3 import connection as u3_connection
from urllib3 import exceptions as u3

from troveclient_osc import exceptions
from troveclient_osc import http
from troveclient_osc import masking
from tests.unit import fakes

PATH = '/instances/abc'
URL = fakes.url(PATH)
OK = {'json': {'instance': {'id': 'abc'}}, 'status_code': 200}


def statuses(*codes, **headers):
    """requests_mock responses: the codes in turn (the last one repeats)."""
    result = []
    for code in codes:
        if code < 400:
            result.append(dict(OK, status_code=code))
        else:
            result.append({'status_code': code, 'headers': dict(headers),
                           'json': fakes.fault('someFault', code, 'Busy.')})
    return result


# What requests raises for each transport failure (urllib3 2.x shapes).
def refused():
    conn = u3_connection.HTTPConnection('trove.example.com', 8779)
    reason = u3.NewConnectionError(
        conn, 'Failed to establish a new connection: [Errno 111] '
        'Connection refused')
    return requests.exceptions.ConnectionError(
        u3.MaxRetryError(None, URL, reason))


def connect_timeout():
    conn = u3_connection.HTTPConnection('trove.example.com', 8779)
    reason = u3.ConnectTimeoutError(conn, 'Connection to trove.example.com '
                                          'timed out. (connect timeout=60)')
    return requests.exceptions.ConnectTimeout(
        u3.MaxRetryError(None, URL, reason))


def reset_after_request():
    return requests.exceptions.ConnectionError(u3.ProtocolError(
        'Connection aborted.',
        ConnectionResetError(104, 'Connection reset by peer')))


def read_timeout():
    return requests.exceptions.ReadTimeout(u3.ReadTimeoutError(
        None, URL, 'Read timed out. (read timeout=60)'))


def ssl_error():
    return requests.exceptions.SSLError(u3.SSLError(
        '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: '
        'self-signed certificate'))


# -- the request itself ----------------------------------------------------

def test_request_goes_to_the_endpoint_with_token_and_json_accept(api, rm):
    rm.get(URL, **OK)
    response, body = api.get(PATH, expect='instance')
    assert body == {'instance': {'id': 'abc'}}
    assert response.status_code == 200
    sent = rm.last_request
    assert sent.url == URL
    assert sent.headers['X-Auth-Token'] == fakes.TOKEN
    assert sent.headers['Accept'] == 'application/json'
    assert sent.headers['User-Agent'].startswith('troveclient-osc')
    assert sent.body is None


def test_json_body_is_sent_as_json(api, rm):
    rm.post(fakes.url('/instances'), **OK)
    api.post('/instances', json={'instance': {'name': 'db'}})
    sent = rm.last_request
    assert sent.method == 'POST'
    assert sent.headers['Content-Type'] == 'application/json'
    assert sent.json() == {'instance': {'name': 'db'}}


def test_query_parameters_are_url_encoded(api, rm):
    rm.get(fakes.url('/instances'), json={'instances': []})
    api.get('/instances', params={'marker': 'a b&c', 'limit': 5})
    assert rm.last_request.query == 'marker=a+b%26c&limit=5'


def test_caller_headers_are_sent_and_may_replace_accept(api, rm):
    rm.get(URL, **OK)
    api.get(PATH, headers={'Accept': 'application/json; q=1',
                           'X-Extra': '1'})
    assert rm.last_request.headers['Accept'] == 'application/json; q=1'
    assert rm.last_request.headers['X-Extra'] == '1'


def test_default_timeout_is_60_seconds(api, rm):
    rm.get(URL, **OK)
    api.get(PATH)
    assert api.timeout == 60
    assert rm.last_request.timeout == 60


def test_session_timeout_is_used_when_set(clock, rm):
    api = fakes.make_http(clock, session=fakes.make_session(timeout=7))
    rm.get(URL, **OK)
    api.get(PATH)
    assert rm.last_request.timeout == 7


def test_explicit_timeout_wins_over_the_session_timeout(clock, rm):
    api = fakes.make_http(clock, session=fakes.make_session(timeout=7),
                          timeout=3)
    rm.get(URL, **OK)
    api.get(PATH)
    assert rm.last_request.timeout == 3


def test_empty_success_body_is_none_when_no_key_is_expected(api, rm):
    rm.delete(URL, status_code=202, text='')
    response, body = api.delete(PATH)
    assert response.status_code == 202
    assert body is None


def test_endpoint_is_reported(api):
    assert api.get_endpoint() == fakes.ENDPOINT


# -- successful responses that are not what the API promises ---------------

@pytest.mark.parametrize('text', [
    '{"instance": {"id": "abc"',
    '{"instance": ',
    '<html><body>Welcome to nginx!</body></html>',
    'OK',
    '\x00\x01',
], ids=['truncated', 'cut after key', 'html', 'text', 'binary'])
def test_invalid_json_is_one_clear_error_naming_the_url(api, rm, text):
    rm.get(URL, text=text, headers={'x-openstack-request-id': 'req-bad'})
    with pytest.raises(exceptions.InvalidResponse) as info:
        api.get(PATH, expect='instance')
    assert str(info.value) == ('Invalid JSON in response from %s (HTTP 200) '
                               '(Request-ID: req-bad)' % URL)
    assert info.value.url == URL
    assert info.value.request_id == 'req-bad'


def test_invalid_json_is_reported_even_without_an_expected_key(api, rm):
    rm.get(URL, text='{"oops"', headers={'Content-Type': 'text/html'})
    with pytest.raises(exceptions.InvalidResponse,
                       match='Invalid JSON in response from'):
        api.get(PATH)


def test_empty_body_where_a_key_is_expected_is_invalid(api, rm):
    rm.get(URL, text='')
    with pytest.raises(exceptions.InvalidResponse) as info:
        api.get(PATH, expect='instance')
    assert URL in str(info.value)
    assert "'instance'" in str(info.value)


@pytest.mark.parametrize('body,key,kind', [
    ({}, 'instances', list),
    ({'instance': {}}, 'instances', list),
    ([], 'instances', list),
    ({'instances': None}, 'instances', list),
    ('instances', 'instances', list),
    ({'instance': None}, 'instance', dict),
])
def test_body_without_the_expected_key_names_the_key_and_url(api, rm, body,
                                                             key, kind):
    rm.get(URL, json=body)
    with pytest.raises(exceptions.InvalidResponse) as info:
        api.get(PATH, expect=key, expect_type=kind)
    assert info.value.message == (
        "Unexpected response format from %s: missing '%s'" % (URL, key))


@pytest.mark.parametrize('body,key,kind,shown', [
    ({'instance': []}, 'instance', dict, "'instance' is list, not an object"),
    ({'instance': 'abc'}, 'instance', dict,
     "'instance' is str, not an object"),
    ({'instances': {}}, 'instances', list, "'instances' is dict, not a list"),
    ({'instances': 5}, 'instances', list, "'instances' is int, not a list"),
])
def test_expected_key_of_the_wrong_type_is_invalid(api, rm, body, key, kind,
                                                   shown):
    rm.get(URL, json=body)
    with pytest.raises(exceptions.InvalidResponse) as info:
        api.get(PATH, expect=key, expect_type=kind)
    assert info.value.message == (
        'Unexpected response format from %s: %s' % (URL, shown))


# -- retries on error statuses ---------------------------------------------

@pytest.mark.parametrize('method', ['GET', 'HEAD', 'PUT', 'DELETE'])
def test_idempotent_request_is_retried_after_503(api, rm, clock, method):
    rm.register_uri(method, URL, statuses(503, 200))
    api.request(method, PATH)
    assert rm.call_count == 2
    assert clock.sleeps == [0.5]


@pytest.mark.parametrize('method', ['POST', 'PATCH'])
def test_non_idempotent_request_is_not_retried_after_503(api, rm, clock,
                                                         method):
    rm.register_uri(method, URL, statuses(503, 200, **{'Retry-After': '2'}))
    with pytest.raises(exceptions.ServiceUnavailable) as info:
        api.request(method, PATH)
    assert rm.call_count == 1
    assert clock.sleeps == []
    assert str(info.value) == 'Busy, retry after 2s (HTTP 503)'


def test_retry_after_is_slept_on_and_warned_about(api, rm, clock, caplog):
    rm.get(URL, statuses(503, 200, **{'Retry-After': '2'}))
    with caplog.at_level(logging.WARNING, logger='troveclient_osc'):
        api.get(PATH)
    assert rm.call_count == 2
    assert clock.sleeps == [2]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert 'Retrying in 2s' in warnings[0].getMessage()


@pytest.mark.parametrize('code', [503, 429])
def test_persistent_retryable_status_costs_one_plus_retries_calls(
        api, rm, clock, code):
    rm.get(URL, statuses(code))
    with pytest.raises(exceptions.HttpError) as info:
        api.get(PATH)
    assert info.value.http_status == code
    assert rm.call_count == 1 + http.DEFAULT_STATUS_RETRIES == 3
    assert clock.sleeps == [0.5, 1.0]


def test_backoff_doubles_between_retries(clock, rm):
    api = fakes.make_http(clock, status_code_retries=5)
    rm.get(URL, statuses(503))
    with pytest.raises(exceptions.ServiceUnavailable):
        api.get(PATH)
    assert rm.call_count == 6
    assert clock.sleeps == [0.5, 1.0, 2.0, 4.0, 8.0]


def test_no_status_retries_when_disabled(clock, rm):
    api = fakes.make_http(clock, status_code_retries=0)
    rm.get(URL, statuses(503, 200))
    with pytest.raises(exceptions.ServiceUnavailable):
        api.get(PATH)
    assert rm.call_count == 1


@pytest.mark.parametrize('code', [500, 501, 502, 504, 400, 404, 409, 422])
def test_other_error_statuses_are_not_retried(api, rm, clock, code):
    rm.get(URL, statuses(code, 200))
    with pytest.raises(exceptions.HttpError):
        api.get(PATH)
    assert rm.call_count == 1
    assert clock.sleeps == []


def test_413_with_retry_after_is_retried_on_get(api, rm, clock):
    rm.get(URL, statuses(413, 200, **{'Retry-After': '5'}))
    api.get(PATH)
    assert rm.call_count == 2
    assert clock.sleeps == [5]


def test_413_with_retry_after_is_not_retried_on_post(api, rm, clock):
    rm.post(fakes.url('/instances'), status_code=413,
            headers={'Retry-After': '5'},
            json=fakes.fault('overLimit', 413, 'Rate limit exceeded.'))
    with pytest.raises(exceptions.OverLimit) as info:
        api.post('/instances', json={'instance': {'name': 'x'}})
    assert rm.call_count == 1
    assert info.value.retry_after == 5
    assert str(info.value) == ('Rate limit exceeded, retry after 5s '
                               '(HTTP 413)')


@pytest.mark.parametrize('retry_after', [None, '-1', 'abc'])
def test_413_without_a_usable_retry_after_is_a_quota_error(api, rm, clock,
                                                           retry_after):
    headers = {'Retry-After': retry_after} if retry_after else {}
    rm.get(URL, statuses(413, 200, **headers))
    with pytest.raises(exceptions.OverLimit):
        api.get(PATH)
    assert rm.call_count == 1


@pytest.mark.parametrize('retry_after', ['3600', '31', '9' * 40])
def test_retry_after_above_the_cap_fails_at_once(api, rm, clock,
                                                 retry_after):
    rm.get(URL, statuses(503, 200, **{'Retry-After': retry_after}))
    with pytest.raises(exceptions.ServiceUnavailable) as info:
        api.get(PATH)
    assert rm.call_count == 1
    assert clock.sleeps == []
    assert info.value.retry_after > http.MAX_RETRY_AFTER


def test_retry_after_at_the_cap_is_slept_on(api, rm, clock):
    rm.get(URL, statuses(503, 200, **{'Retry-After': '30'}))
    api.get(PATH)
    assert clock.sleeps == [30]


def test_retry_after_cap_is_configurable(clock, rm):
    api = fakes.make_http(clock, max_retry_after=2)
    rm.get(URL, statuses(503, 200, **{'Retry-After': '3'}))
    with pytest.raises(exceptions.ServiceUnavailable):
        api.get(PATH)
    assert rm.call_count == 1


@pytest.mark.parametrize('retry_after', ['-1', 'abc', '1.5', ''])
def test_unusable_retry_after_falls_back_to_backoff(api, rm, clock,
                                                    retry_after):
    rm.get(URL, statuses(503, 200, **{'Retry-After': retry_after}))
    api.get(PATH)
    assert rm.call_count == 2
    assert clock.sleeps == [0.5]


def test_retry_after_as_http_date_is_slept_until_then(api, rm, clock):
    import datetime
    import email.utils
    when = (datetime.datetime.now(datetime.timezone.utc)
            + datetime.timedelta(seconds=10))
    rm.get(URL, statuses(503, 200, **{
        'Retry-After': email.utils.format_datetime(when, usegmt=True)}))
    api.get(PATH)
    assert rm.call_count == 2
    assert len(clock.sleeps) == 1 and 0 < clock.sleeps[0] <= 10


def test_retry_after_as_past_http_date_retries_at_once(api, rm, clock):
    rm.get(URL, statuses(503, 200, **{
        'Retry-After': 'Wed, 21 Oct 2015 07:28:00 GMT'}))
    api.get(PATH)
    assert clock.sleeps == [0]


def test_retry_after_as_far_http_date_fails_at_once(api, rm, clock):
    rm.get(URL, statuses(503, 200, **{
        'Retry-After': 'Fri, 31 Dec 9999 23:59:59 GMT'}))
    with pytest.raises(exceptions.ServiceUnavailable):
        api.get(PATH)
    assert clock.sleeps == []


def test_retries_stay_within_the_status_retry_budget_with_retry_after(
        api, rm, clock):
    rm.get(URL, statuses(503, **{'Retry-After': '30'}))
    with pytest.raises(exceptions.ServiceUnavailable):
        api.get(PATH)
    assert rm.call_count == 3
    assert sum(clock.sleeps) == 60


# -- retries on transport failures -----------------------------------------

def test_refused_connection_is_retried_then_reported(api, rm, clock):
    rm.get(URL, exc=refused())
    with pytest.raises(exceptions.ConnectionError) as info:
        api.get(PATH)
    assert rm.call_count == 1 + http.DEFAULT_CONNECT_RETRIES == 3
    assert clock.sleeps == [0.5, 1.0]
    assert str(info.value) == ('Unable to establish connection to %s: '
                               'connection refused' % URL)
    assert info.value.http_status is None
    assert info.value.url == URL
    assert info.value.method == 'GET'


def test_refused_connection_then_success(api, rm):
    rm.get(URL, [{'exc': refused()}, {'exc': refused()}, OK])
    _resp, body = api.get(PATH, expect='instance')
    assert body['instance']['id'] == 'abc'
    assert rm.call_count == 3


def _retry_records(caplog):
    return [(r.levelname, r.getMessage()) for r in caplog.records
            if 'Retrying in' in r.getMessage()]


def test_an_outage_is_reported_once_not_per_retry_or_request(
        api, rm, clock, caplog):
    # A command that sends several requests to a service that is down (one
    # per name of a delete) says once that it retries; every retry still
    # happens, and --debug shows each.
    rm.get(URL, exc=refused())
    with caplog.at_level(logging.DEBUG, logger='troveclient_osc'):
        for _request in range(2):
            with pytest.raises(exceptions.ConnectionError):
                api.get(PATH)
    assert rm.call_count == 6
    assert clock.sleeps == [0.5, 1.0, 0.5, 1.0]
    refusal = 'Unable to establish connection to %s: connection refused' % URL
    assert _retry_records(caplog) == [
        ('WARNING', refusal + '. Retrying in 0.5s.'),
        ('DEBUG', refusal + '. Retrying in 1s.'),
        ('DEBUG', refusal + '. Retrying in 0.5s.'),
        ('DEBUG', refusal + '. Retrying in 1s.')]


def test_busy_answers_are_reported_once_too(api, rm, clock, caplog):
    rm.get(URL, statuses(503))
    with caplog.at_level(logging.WARNING, logger='troveclient_osc'):
        for _request in range(2):
            with pytest.raises(exceptions.ServiceUnavailable):
                api.get(PATH)
    assert rm.call_count == 6
    assert [level for level, _text in _retry_records(caplog)] == ['WARNING']


def test_a_retry_after_a_success_is_reported_again(api, rm, clock, caplog):
    rm.get(URL, [{'exc': refused()}, OK, {'exc': refused()}, OK])
    with caplog.at_level(logging.WARNING, logger='troveclient_osc'):
        api.get(PATH)
        api.get(PATH)
    assert rm.call_count == 4
    assert [level for level, _text in _retry_records(caplog)] == [
        'WARNING', 'WARNING']


@pytest.mark.parametrize('failure', [refused, connect_timeout])
def test_post_is_retried_when_nothing_was_sent(api, rm, failure):
    rm.post(fakes.url('/instances'), [{'exc': failure()},
                                      dict(OK, status_code=200)])
    api.post('/instances', json={'instance': {'name': 'x'}})
    assert rm.call_count == 2


@pytest.mark.parametrize('method', ['POST', 'PATCH'])
def test_non_idempotent_request_is_not_repeated_after_it_was_sent(
        api, rm, clock, method):
    rm.register_uri(method, URL, [{'exc': reset_after_request()}, OK])
    with pytest.raises(exceptions.ConnectionError) as info:
        api.request(method, PATH, json={'instance': {'name': 'x'}})
    assert rm.call_count == 1
    assert clock.sleeps == []
    # issue 25: the request was sent, so it may have been carried out
    assert str(info.value) == (
        'Connection to %s failed: connection reset by peer; the %s may '
        'have been carried out: check instance abc before sending it again'
        % (URL, method))
    assert info.value.may_have_acted is True


def test_unknown_connection_error_on_post_is_not_repeated(api, rm):
    rm.post(URL, [{'exc': requests.exceptions.ConnectionError('boom')}, OK])
    with pytest.raises(exceptions.ConnectionError):
        api.post(PATH)
    assert rm.call_count == 1


@pytest.mark.parametrize('method', ['GET', 'PUT', 'DELETE', 'HEAD'])
def test_idempotent_request_is_retried_after_a_reset(api, rm, method):
    rm.register_uri(method, URL, [{'exc': reset_after_request()}, OK])
    api.request(method, PATH)
    assert rm.call_count == 2


def test_no_connect_retries_when_disabled(clock, rm):
    api = fakes.make_http(clock, connect_retries=0)
    rm.get(URL, [{'exc': refused()}, OK])
    with pytest.raises(exceptions.ConnectionError):
        api.get(PATH)
    assert rm.call_count == 1


def test_read_timeout_is_reported_and_not_repeated(api, rm, clock):
    # The server got the request and had the whole timeout to answer:
    # trying again would multiply the time the caller waits.
    rm.get(URL, [{'exc': read_timeout()}, OK])
    with pytest.raises(exceptions.Timeout) as info:
        api.get(PATH)
    assert rm.call_count == 1
    assert str(info.value) == 'Request to %s timed out after 60s' % URL


def test_connect_timeout_on_get_is_retried(api, rm):
    rm.get(URL, [{'exc': connect_timeout()}, OK])
    api.get(PATH)
    assert rm.call_count == 2


def test_tls_failure_is_reported_without_retry(api, rm, clock):
    rm.get(URL, [{'exc': ssl_error()}, OK])
    with pytest.raises(exceptions.ConnectionError) as info:
        api.get(PATH)
    assert rm.call_count == 1
    assert clock.sleeps == []
    assert str(info.value).startswith('SSL error connecting to %s' % URL)


def test_redirect_loop_stops_with_an_error(api, rm):
    rm.get(URL, status_code=302, headers={'Location': URL})
    with pytest.raises(exceptions.HttpError) as info:
        api.get(PATH)
    assert info.value.http_status == 302
    assert rm.call_count == 31  # keystoneauth1 follows 30 redirects


def test_redirect_is_followed(api, rm):
    rm.get(URL, status_code=301, headers={'Location': fakes.url('/other')})
    rm.get(fakes.url('/other'), **OK)
    _resp, body = api.get(PATH, expect='instance')
    assert body['instance']['id'] == 'abc'


# -- logging ---------------------------------------------------------------

SECRET = 'hunter2-secret'


def test_debug_log_shows_requests_with_passwords_redacted(api, rm, caplog):
    rm.post(fakes.url('/instances'), status_code=200,
            json={'instance': {'id': 'x', 'name': 'db'}},
            headers={'x-openstack-request-id': 'req-log'})
    body = {'instance': {'name': 'db', 'users': [
        {'name': 'jsmith', 'password': SECRET}]}}
    with caplog.at_level(logging.DEBUG):
        api.post('/instances', json=body)
    assert SECRET not in caplog.text
    assert fakes.TOKEN not in caplog.text
    own = [r.getMessage() for r in caplog.records
           if r.name == 'troveclient_osc.http']
    assert own[0] == ('REQ: POST %s/instances body: {"instance": {"name": '
                      '"db", "users": [{"name": "jsmith", "password": '
                      '"***"}]}}' % fakes.ENDPOINT)
    assert own[1] == ('RESP: [200] Request-ID: req-log body: {"instance": '
                      '{"id": "x", "name": "db"}}')
    # keystoneauth1's own request logging is off for our requests.
    assert not [r for r in caplog.records
                if r.name.startswith('keystoneauth')
                and 'instances' in r.getMessage()]


def test_debug_log_redacts_passwords_in_responses(api, rm, caplog):
    rm.post(fakes.url('/instances/abc/root'),
            json={'user': {'name': 'root', 'password': SECRET}})
    with caplog.at_level(logging.DEBUG):
        _resp, body = api.post('/instances/abc/root')
    assert body['user']['password'] == SECRET
    assert SECRET not in caplog.text
    assert '"password": "***"' in caplog.text


def test_debug_log_masks_an_echoed_secret_in_a_non_json_body(api, rm,
                                                             caplog):
    rm.post(fakes.url('/instances'), status_code=400,
            text='<p>bad password %s</p>' % SECRET)
    with caplog.at_level(logging.DEBUG):
        with pytest.raises(exceptions.BadRequest) as info:
            api.post('/instances', json={'users': [{'password': SECRET}]})
    assert SECRET not in caplog.text
    assert SECRET not in str(info.value)
    assert 'bad password ***' in str(info.value)


def test_debug_log_masks_a_secret_echoed_in_a_json_error_message(
        api, rm, caplog):
    rm.post(fakes.url('/instances'), status_code=400, json={
        'badRequest': {'code': 400,
                       'message': "Validation error: %r is bad" % SECRET}})
    with caplog.at_level(logging.DEBUG):
        with pytest.raises(exceptions.BadRequest) as info:
            api.post('/instances', json={'users': [{'password': SECRET}]})
    assert SECRET not in caplog.text
    assert SECRET not in str(info.value)
    assert "Validation error: '***' is bad" in caplog.text


def test_debug_log_cuts_long_bodies(api, rm, caplog):
    rm.get(URL, json={'instance': {'id': 'x', 'blob': 'y' * 10000}})
    with caplog.at_level(logging.DEBUG, logger='troveclient_osc'):
        api.get(PATH)
    response_line = caplog.records[-1].getMessage()
    assert len(response_line) < 4300
    assert response_line.endswith('yyy...(10037 characters)')


def test_nothing_is_logged_below_debug(api, rm, caplog):
    rm.get(URL, **OK)
    with caplog.at_level(logging.INFO):
        api.get(PATH)
    assert caplog.records == []


def test_redact_masks_every_secret_looking_key():
    value = {'password': 'a', 'admin_pass': 'keep', 'users': [
        {'name': 'u', 'Password': 'b', 'db_password': 'c'}],
        'token': 'd', 'client_secret': 'e', 'private_key': 'f',
        'passwd': 'g', 'password_hint': None}
    assert masking.redact(value) == {
        'password': '***', 'admin_pass': 'keep', 'users': [
            {'name': 'u', 'Password': '***', 'db_password': '***'}],
        'token': '***', 'client_secret': '***', 'private_key': '***',
        'passwd': '***', 'password_hint': None}
    assert sorted(masking.collect(value)) == list('abcdefg')


# -- what DEBUG logging costs when nobody shows it -------------------------

def osc_like_loggers(*handler_levels):
    """A root at DEBUG, as python-openstackclient sets it for every
    command, with handlers of these levels, and a child logger for the
    funnel. Built outside the logging module's registry: nothing global
    changes."""
    root = logging.Logger('root', logging.DEBUG)
    for level in handler_levels:
        # a handler that shows what it takes (a NullHandler shows nothing)
        handler = logging.StreamHandler(io.StringIO())
        handler.setLevel(level)
        root.addHandler(handler)
    child = logging.Logger('troveclient_osc.http')
    child.parent = root
    return root, child


@pytest.mark.parametrize('levels,shown', [
    ((logging.WARNING,), False),            # openstack without --debug
    ((logging.WARNING, logging.INFO), False),
    ((logging.WARNING, logging.DEBUG), True),   # --debug
    ((logging.NOTSET,), True),              # a handler that takes all
    ((), False),                            # logging's last resort only
])
def test_debug_is_shown_only_when_a_handler_takes_debug(levels, shown):
    _root, child = osc_like_loggers(*levels)
    assert http.debug_is_shown(child) is shown


def test_debug_is_not_shown_by_a_logger_set_above_debug():
    _root, child = osc_like_loggers(logging.DEBUG)
    child.setLevel(logging.INFO)
    assert http.debug_is_shown(child) is False


def test_debug_is_shown_through_a_logger_adapter_as_for_its_logger():
    for level, shown in ((logging.WARNING, False), (logging.DEBUG, True)):
        _root, child = osc_like_loggers(level)
        adapter = logging.LoggerAdapter(child, {'request': 'r-1'})
        assert http.debug_is_shown(adapter) is shown


def test_the_last_resort_counts_only_when_there_is_no_handler(monkeypatch):
    last = logging.StreamHandler()
    last.setLevel(logging.DEBUG)
    monkeypatch.setattr(logging, 'lastResort', last)
    _root, child = osc_like_loggers()
    assert http.debug_is_shown(child) is True
    _root, child = osc_like_loggers(logging.WARNING)
    assert http.debug_is_shown(child) is False


def test_debug_is_not_shown_past_a_logger_that_does_not_propagate():
    _root, child = osc_like_loggers(logging.DEBUG)
    child.propagate = False
    assert http.debug_is_shown(child) is False


@pytest.mark.parametrize('handler_level,copies', [
    (logging.WARNING, 0),       # openstack without --debug: no copies
    (logging.DEBUG, 2),         # --debug: the request's and the response's
])
def test_bodies_are_redacted_for_the_log_only_when_it_shows_them(
        clock, rm, monkeypatch, handler_level, copies):
    _root, child = osc_like_loggers(handler_level)
    made = []
    real = masking.redact

    def counting_redact(value):
        if isinstance(value, dict) and 'instance' in value:
            made.append(value)     # a whole body, not a nested part
        return real(value)

    monkeypatch.setattr(masking, 'redact', counting_redact)
    rm.post(fakes.url('/instances'), json={'instance': {'id': 'x'}})
    api = fakes.make_http(clock, logger=child)
    _resp, body = api.post('/instances', json={'instance': {'name': 'db'}})
    assert body == {'instance': {'id': 'x'}}
    assert len(made) == copies
