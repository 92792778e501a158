"""Rows F1-F25 of the reliability matrix, at the unit level.

The real ``openstack`` shell runs in process against requests-mock, with
the library's sleeps and clocks faked: retries and waits cost no real time,
and the recorded sleeps are exactly what a user would wait. Each case
asserts the exit code, the one error line (status, request ID), no
traceback, the exact number of HTTP calls and the time spent.

The same faults on real sockets are in test_sockets.py.
"""

import datetime
import email.utils
import io
import re
import urllib.parse

import pytest
import requests
from urllib3.response import HTTPResponse

from troveclient_osc import base
from troveclient_osc import http

from tests.reliability import harness
from tests.reliability.harness import expect_error
from tests.unit import fakes
from tests.unit import test_http
from tests.unit.osc import fakes as osc_fakes

ENDPOINT = harness.ENDPOINT
# Token-bearing runs use https, so that no clear-text warning (S8) joins
# the output.
TLS_ENDPOINT = ENDPOINT.replace('http://', 'https://')
ID = fakes.instance_id(1)
INSTANCE_URL = ENDPOINT + '/instances/' + ID
FLAVOR_URL = ENDPOINT + '/flavors/6'
SHOW = ('database', 'flavor', 'show', '6')
CREATE = ('database', 'instance', 'create', 'db1', '--flavor', '6',
          '--size', '1')
FLAVOR_OK = {'json': {'flavor': osc_fakes.FLAVOR}}
CREATED = {'json': {'instance': fakes.instance_body(1, status='BUILD')}}
HTML_PAGE = ('<!DOCTYPE html><html><head><title>500 Internal Server Error'
             '</title><style>body { color: red }</style></head><body>'
             '<h1>Internal Server Error</h1><p>The server encountered an '
             'internal error and was unable to complete your request.</p>'
             + '<p>%s</p>' % ('padding ' * 250) + '</body></html>')


def error(status, request_id='req-%d', retry_after=None, **kwargs):
    """A requests_mock response with an error status."""
    headers = {'x-openstack-request-id': request_id % status
               if '%d' in request_id else request_id}
    if retry_after is not None:
        headers['Retry-After'] = retry_after
    if 'json' not in kwargs and 'text' not in kwargs:
        kwargs['json'] = fakes.fault('someFault', status, 'Busy.')
    return dict(status_code=status, headers=headers, **kwargs)


def mock_create(rm, *responses):
    """The create's answers; a flavor given by ID costs no lookup."""
    return rm.post(ENDPOINT + '/instances', list(responses))


def posts(result):
    return [call for call in result.calls if call.method == 'POST']


# -- F1 / F2: HTML error pages ----------------------------------------------

@pytest.mark.parametrize('status, reason', [
    (500, 'Internal Server Error'), (502, 'Bad Gateway'),
    (504, 'Gateway Timeout')])
def test_F1_F2_html_error_page_is_one_stripped_line_not_retried(
        cli, rm, status, reason):
    page = error(status, text=HTML_PAGE, reason=reason)
    page['headers']['Content-Type'] = 'text/html'
    rm.get(FLAVOR_URL, [page, FLAVOR_OK])
    result = cli(*SHOW)
    line = expect_error(result, calls=1, status=status,
                        request_id='req-%d' % status)
    assert line.startswith(reason + ': ')
    detail = line[len(reason) + 2:line.index(' (HTTP')]
    assert len(detail) <= 200
    assert '<' not in detail and 'color: red' not in detail
    for word in ('JSONDecodeError', 'Unrecognized schema', 'Expecting'):
        assert word not in result.err


def test_F1_html_500_on_create_is_not_repeated(cli, rm):
    page = error(500, text=HTML_PAGE)
    page['headers']['Content-Type'] = 'text/html'
    mock_create(rm, page, CREATED)
    result = cli(*CREATE)
    expect_error(result, calls=1, status=500,
                 text='Internal Server Error: ')
    assert len(posts(result)) == 1


# -- F3 / F4 / F5: 503 with Retry-After --------------------------------------

def test_F3_503_retry_after_on_get_is_retried_once(cli, rm):
    rm.get(FLAVOR_URL, [error(503, retry_after='2'), FLAVOR_OK])
    result = cli(*SHOW, '-f', 'value', '-c', 'name')
    assert result.code == 0, result
    assert result.out == 'ds2G\n'
    assert len(result.calls) == 2
    assert result.sleeps == [2]
    assert result.elapsed == 2
    warnings = result.err_lines
    assert len(warnings) == 1, result
    assert warnings[0].endswith('Retrying in 2s.')
    assert '(HTTP 503) (Request-ID: req-503)' in warnings[0]


def test_F4_503_retry_after_on_post_is_not_retried(cli, rm):
    create = mock_create(rm, error(503, retry_after='2'), CREATED)
    result = cli(*CREATE)
    line = expect_error(result, calls=1, status=503, request_id='req-503')
    assert 'retry after 2s (HTTP 503)' in line
    assert create.call_count == 1
    assert result.sleeps == []


def _http_date(seconds_from_now):
    when = (datetime.datetime.now(datetime.timezone.utc)
            + datetime.timedelta(seconds=seconds_from_now))
    return email.utils.format_datetime(when, usegmt=True)


@pytest.mark.parametrize('value, sleeps', [
    ('0', [0]),
    ('30', [30]),
    ('-1', [0.5]),
    ('abc', [0.5]),
    ('1.5', [0.5]),
    ('', [0.5]),
    ('²', [0.5]),
    ('Mon, 32 Foo 2024 99:99:99 GMT', [0.5]),
    (_http_date(-3600), [0]),
], ids=['zero', 'at-cap', 'negative', 'garbage', 'fraction', 'empty',
        'superscript', 'bad-date', 'past-date'])
def test_F5_usable_or_unusable_retry_after_is_retried_within_the_cap(
        cli, rm, value, sleeps):
    rm.get(FLAVOR_URL, [error(503, retry_after=value), FLAVOR_OK])
    result = cli(*SHOW)
    assert result.code == 0, result
    assert len(result.calls) == 2
    assert result.sleeps == sleeps
    assert result.elapsed <= http.MAX_RETRY_AFTER
    assert 'ValueError' not in result.err + result.log


def test_F5_retry_after_as_http_date_is_slept_until_then(cli, rm):
    rm.get(FLAVOR_URL, [error(503, retry_after=_http_date(5)), FLAVOR_OK])
    result = cli(*SHOW)
    assert result.code == 0, result
    assert len(result.sleeps) == 1 and 3 <= result.sleeps[0] <= 5


@pytest.mark.parametrize('value, shown', [
    ('3600', 'retry after 3600s'),
    ('99999999999999999999999', 'retry after 86400s'),
    (7200, 'retry after 7')],  # an HTTP date two hours on, made when run
    ids=['hour', 'huge', 'far-date'])
def test_F5_retry_after_beyond_the_cap_fails_fast(cli, rm, value, shown):
    if isinstance(value, int):
        value = _http_date(value)
    rm.get(FLAVOR_URL, [error(503, retry_after=value), FLAVOR_OK])
    result = cli(*SHOW)
    line = expect_error(result, calls=1, status=503, text=shown)
    assert 'retry after' in line
    assert result.sleeps == [] and result.elapsed == 0


# -- F6: persistent 503 / 429 ------------------------------------------------

@pytest.mark.parametrize('status', [503, 429])
def test_F6_persistent_busy_answer_costs_one_plus_retries_calls(
        cli, rm, status):
    rm.get(FLAVOR_URL, [error(status)])
    result = cli(*SHOW)
    # Both retries happen; only the first is reported.
    expect_error(result, calls=1 + http.DEFAULT_STATUS_RETRIES,
                 status=status, request_id='req-%d' % status, retries=1)
    assert result.sleeps == [0.5, 1.0]
    assert all(0 < s <= http.BACKOFF_MAX for s in result.sleeps)


@pytest.mark.parametrize('status', [503, 429])
def test_F6_busy_answer_to_a_create_is_not_retried(cli, rm, status):
    create = mock_create(rm, error(status), CREATED)
    expect_error(cli(*CREATE), calls=1, status=status)
    assert create.call_count == 1


# -- F7: 413 rate limit versus quota -----------------------------------------

RATE_LIMITED = fakes.fault('overLimit', 413, 'This request was '
                                             'rate-limited.')
QUOTA = fakes.fault('overLimit', 413, "Quota exceeded for resources: "
                                      "['instances'].")


def test_F7_rate_limit_413_on_get_is_retried_after_retry_after(cli, rm):
    rm.get(FLAVOR_URL, [error(413, retry_after='5', json=RATE_LIMITED),
                        FLAVOR_OK])
    result = cli(*SHOW)
    assert result.code == 0, result
    assert len(result.calls) == 2
    assert result.sleeps == [5]
    assert result.err_lines[0].endswith('Retrying in 5s.')


def test_F7_rate_limit_413_on_post_reports_the_delay(cli, rm):
    create = mock_create(rm, error(413, retry_after='5',
                                   json=RATE_LIMITED), CREATED)
    line = expect_error(cli(*CREATE), calls=1, status=413,
                        request_id='req-413')
    assert line.startswith('This request was rate-limited, retry after 5s '
                           '(HTTP 413)')
    assert create.call_count == 1


def test_F7_quota_413_without_retry_after_is_not_retried(cli, rm):
    rm.get(FLAVOR_URL, [error(413, json=QUOTA), FLAVOR_OK])
    result = cli(*SHOW)
    line = expect_error(result, calls=1, status=413)
    assert line.startswith("Quota exceeded for resources: ['instances'].")
    assert 'retry after' not in line
    assert result.sleeps == []


def test_F7_quota_413_on_create_is_not_retried(cli, rm):
    create = mock_create(rm, error(413, json=QUOTA), CREATED)
    line = expect_error(cli(*CREATE), calls=1, status=413)
    assert line.startswith("Quota exceeded for resources: ['instances'].")
    assert create.call_count == 1


# -- F8: connection refused ---------------------------------------------------

def test_F8_refused_get_is_retried_with_backoff_then_reported(cli, rm):
    rm.get(FLAVOR_URL, exc=test_http.refused())
    result = cli(*SHOW)
    expect_error(result, calls=1 + http.DEFAULT_CONNECT_RETRIES, retries=1,
                 text='Unable to establish connection to %s: connection '
                      'refused' % FLAVOR_URL)
    assert result.sleeps == [0.5, 1.0]
    assert result.elapsed <= 5


def test_F8_delete_of_several_names_says_once_that_it_retries(cli, rm):
    # The names are looked up together (one listing, tried three times);
    # the command says once that it retries, then gives one error per name.
    listing = ENDPOINT + '/instances/detail'
    rm.get(listing, exc=test_http.refused())
    result = cli('database', 'instance', 'delete', 'a', 'b')
    refusal = ('Unable to establish connection to %s: connection refused'
               % listing)
    expect_error(result, calls=3, retries=1,
                 notices=["Failed to delete database instance 'a': "
                          + refusal,
                          "Failed to delete database instance 'b': "
                          + refusal],
                 text='2 of 2 database instances failed to delete.')
    assert result.err_lines[0] == refusal + '. Retrying in 0.5s.'
    assert result.sleeps == [0.5, 1.0]


def test_F8_refused_post_may_be_retried_as_nothing_was_sent(cli, rm):
    create = mock_create(rm, {'exc': test_http.refused()}, CREATED)
    result = cli(*CREATE)
    assert result.code == 0, result
    assert create.call_count == 2
    assert result.sleeps == [0.5]


# -- F9: reset after sending, body cut short ----------------------------------

def test_F9_reset_get_is_retried(cli, rm):
    rm.get(FLAVOR_URL, [{'exc': test_http.reset_after_request()},
                        FLAVOR_OK])
    result = cli(*SHOW)
    assert result.code == 0, result
    assert len(result.calls) == 2


def test_F9_reset_post_is_not_repeated(cli, rm):
    create = mock_create(rm, {'exc': test_http.reset_after_request()},
                         CREATED)
    result = cli(*CREATE)
    line = expect_error(result, calls=1,
                        text='Connection to %s/instances failed: '
                             'connection reset by peer' % ENDPOINT)
    assert create.call_count == 1
    assert result.sleeps == []
    assert 'IncompleteRead' not in line and 'ProtocolError' not in line


def test_F9_persistent_reset_on_get_is_reported_in_one_line(cli, rm):
    rm.get(FLAVOR_URL, exc=test_http.reset_after_request())
    expect_error(cli(*SHOW), calls=3, retries=1,
                 text='connection reset by peer')


def test_F9_any_connection_error_is_one_line_without_its_type(cli, rm):
    rm.get(FLAVOR_URL, exc=requests.exceptions.ConnectionError('boom'))
    line = expect_error(cli(*SHOW), calls=3, retries=1)
    assert 'requests.exceptions' not in line


# -- F10: the timeout, as configured -----------------------------------------

@pytest.mark.parametrize('env, clouds, timeout', [
    ({}, None, 60.0),
    ({'OS_API_TIMEOUT': '7'}, None, 7.0),
    ({'OS_DATABASE_API_TIMEOUT': '8'}, None, 8.0),
    ({}, 'api_timeout: 9', 9.0),
    ({}, 'database_api_timeout: 11', 11.0),
    # openstack.config leaves a cloud of clouds.yaml alone: OS_* variables
    # apply only when the cloud is described by them
    ({'OS_API_TIMEOUT': '7'}, 'region_name: RegionOne', 60.0),
], ids=['default', 'OS_API_TIMEOUT', 'OS_DATABASE_API_TIMEOUT',
        'api_timeout', 'database_api_timeout', 'named-cloud-ignores-env'])
def test_F10_every_request_has_a_timeout(cli, rm, tmp_path, env, clouds,
                                         timeout):
    rm.get(FLAVOR_URL, **FLAVOR_OK)
    args = SHOW
    auth = harness.NOAUTH
    if clouds:
        config = tmp_path / 'clouds.yaml'
        config.write_text('clouds:\n  test:\n    auth_type: none\n'
                          '    auth:\n      endpoint: %s\n    %s\n'
                          % (ENDPOINT, clouds))
        env = dict(env, OS_CLIENT_CONFIG_FILE=str(config))
        auth = ('--os-cloud', 'test')
    result = cli(*args, env=env, auth=auth)
    assert result.code == 0, result
    assert [call.timeout for call in result.calls] == [timeout]


def test_F10_read_timeout_on_get_is_reported_once(cli, rm):
    rm.get(FLAVOR_URL, [{'exc': test_http.read_timeout()}, FLAVOR_OK])
    expect_error(cli(*SHOW), calls=1,
                 text='Request to %s timed out after 60s' % FLAVOR_URL)


def test_F10_read_timeout_on_create_is_not_repeated(cli, rm):
    create = mock_create(rm, {'exc': test_http.read_timeout()}, CREATED)
    expect_error(cli(*CREATE), calls=1, text='timed out after 60s')
    assert create.call_count == 1


# -- F11: a body that drips ---------------------------------------------------

class Drip(io.RawIOBase):
    """A body that takes a second of the fake clock per byte."""

    def __init__(self, clock, size=1000):
        self.clock = clock
        self.left = size

    def readable(self):
        return True

    def readinto(self, buffer):
        if not self.left:
            return 0
        self.clock.advance(1)
        buffer[0:1] = b' '
        self.left -= 1
        return 1


def test_F11_slow_drip_is_cut_off_at_the_deadline_on_a_fake_clock(cli, rm):
    fake = harness.FakeTime()
    rm.get(ENDPOINT + '/flavors', raw=HTTPResponse(
        body=io.BufferedReader(Drip(fake.clock), buffer_size=1),
        headers={'Content-Type': 'application/json',
                 'Content-Length': '1000'},
        status=200, preload_content=False))
    result = cli('database', 'flavor', 'list', fake_time=fake)
    expect_error(result, calls=1,
                 text='Response from %s/flavors did not complete within 60s'
                      % ENDPOINT)
    assert 60 <= result.elapsed <= 60 + 1
    assert result.sleeps == []


# -- F12 / F13: bodies that are not what the API promises --------------------

@pytest.mark.parametrize('kwargs', [
    {'text': '{"flavor": {"id": 6, "name": '},
    {'text': '<html><body>OK</body></html>',
     'headers': {'Content-Type': 'text/html'}},
    {'text': 'OK', 'headers': {'Content-Type': 'text/plain'}},
    {'content': b'\xff\xfe\x00garbage'},
], ids=['truncated', 'html', 'text', 'binary'])
def test_F12_invalid_json_in_a_200_is_one_line_naming_the_url(cli, rm,
                                                              kwargs):
    headers = dict(kwargs.pop('headers', {}),
                   **{'x-openstack-request-id': 'req-12'})
    rm.get(FLAVOR_URL, status_code=200, headers=headers, **kwargs)
    line = expect_error(cli(*SHOW), calls=1, request_id='req-12',
                        text='Invalid JSON in response from %s'
                             % FLAVOR_URL)
    assert 'did not return a body' not in line


@pytest.mark.parametrize('body, missing', [
    ({'instances': None}, "missing 'instances'"),
    ({}, "missing 'instances'"),
    ([], "missing 'instances'"),
    ({'instance': []}, "missing 'instances'"),
    ({'instances': {}}, "'instances' is dict, not a list"),
    ({'instances': 'x'}, "'instances' is str, not a list"),
], ids=['null', 'empty', 'list', 'singular', 'object', 'string'])
def test_F13_list_of_the_wrong_shape_names_the_missing_key(cli, rm, body,
                                                           missing):
    rm.get(ENDPOINT + '/instances', json=body,
           headers={'x-openstack-request-id': 'req-13'})
    line = expect_error(cli('database', 'instance', 'list'), calls=1,
                        request_id='req-13',
                        text='Unexpected response format from %s/instances'
                             ': %s' % (ENDPOINT, missing))
    assert "KeyError" not in line


@pytest.mark.parametrize('body, text', [
    ({'instance': []}, "'instance' is list, not an object"),
    ({'instance': None}, "missing 'instance'"),
    ({'flavor': {}}, "missing 'instance'"),
])
def test_F13_show_of_the_wrong_shape_names_the_key(cli, rm, body, text):
    rm.get(INSTANCE_URL, json=body)
    expect_error(cli('database', 'instance', 'show', ID), calls=1,
                 text='Unexpected response format from %s: %s'
                      % (INSTANCE_URL, text))


# -- F14: every error-body variant --------------------------------------------

ERROR_BODIES = {
    'fault-string': ({'json': {'badRequest': 'Bad flavor.'}}, 'Bad flavor.'),
    'empty-object': ({'json': {}}, 'Conflict'),
    'empty-list': ({'json': []}, 'Conflict'),
    'null': ({'json': None}, 'Conflict'),
    'number': ({'json': 42}, 'Conflict'),
    'error-object': ({'json': {'error': {'message': 'Token rejected.',
                                         'code': 409}}},
                     'Token rejected.'),
    'errors-list': ({'json': {'errors': [{'title': 'Busy', 'detail':
                                          'Instance is busy.'}]}},
                    'Instance is busy.'),
    'item-not-found': ({'json': fakes.fault('itemNotFound', 409,
                                            'It went.')}, 'It went.'),
    'fault-no-message': ({'json': {'conflictingRequest': {'code': 409}}},
                         'Conflict'),
    'message-not-string': ({'json': {'conflict': {'message': ['a']}}},
                           'a'),
    'nested-nothing': ({'json': {'a': {'b': {'c': 1}}}}, 'Conflict'),
    'empty-body': ({'text': ''}, 'Conflict'),
    'plain-text': ({'text': 'Instance locked'}, 'Conflict: Instance '
                                                'locked'),
    'undecodable': ({'content': b'\xff\xfe\xfa'}, 'Conflict'),
}


@pytest.mark.parametrize('response, message', ERROR_BODIES.values(),
                         ids=ERROR_BODIES.keys())
def test_F14_any_error_body_gives_the_server_message_or_the_reason(
        cli, rm, response, message):
    rm.get(INSTANCE_URL, json={'instance': fakes.instance_body(1)})
    rm.post(INSTANCE_URL + '/action', status_code=409, reason='Conflict',
            headers={'x-openstack-request-id': 'req-14'}, **response)
    result = cli('database', 'instance', 'restart', ID)
    line = expect_error(result, status=409, request_id='req-14')
    assert len(posts(result)) == 1
    assert line == '%s (HTTP 409) (Request-ID: req-14)' % message
    for word in ('AttributeError', 'IndexError', 'KeyError', 'TypeError'):
        assert word not in result.err + result.log


# -- F15 / F16: pagination ----------------------------------------------------

def _page(numbers, marker=None, host='https://127.0.0.1:8779'):
    body = {'instances': [fakes.instance_body(n) for n in numbers]}
    if marker:
        body['links'] = [{'rel': 'next', 'href': '%s%s/instances?'
                          'limit=20&marker=%s' % (
                              host, urllib.parse.urlsplit(ENDPOINT).path,
                              marker)}]
    return {'json': body}


@pytest.mark.parametrize('extra', [(), ('--limit', '100')],
                         ids=['all', 'limit'])
def test_F15_repeated_marker_stops_with_endless_pagination(cli, rm, extra):
    rm.get(ENDPOINT + '/instances', [_page([1], marker='m1'),
                                     _page([2], marker='m1'),
                                     _page([3])])
    result = cli('database', 'instance', 'list', *extra)
    expect_error(result, calls=2, text='Endless pagination loop detected')
    assert result.out == ''


def test_F16_next_link_to_another_host_never_gets_a_request(cli, rm):
    evil = rm.get(re.compile(r'https?://evil\.example'), json={})
    rm.get(TLS_ENDPOINT + '/instances', [
        _page([1], marker=fakes.instance_id(1),
              host='https://evil.example'),
        _page([2])])
    result = cli('database', 'instance', 'list', '-f', 'value', '-c', 'ID',
                 auth=('--os-token', 'T0ken-Value', '--os-endpoint',
                       TLS_ENDPOINT))
    assert result.code == 0, result
    assert evil.call_count == 0
    assert all(urllib.parse.urlsplit(c.url).netloc == 'trove.test'
               for c in result.calls)
    assert [c.headers['X-Auth-Token'] for c in result.calls] == [
        'T0ken-Value'] * 2
    assert result.out.split() == [fakes.instance_id(1),
                                  fakes.instance_id(2)]
    assert result.count('T0ken-Value') == 0


@pytest.mark.parametrize('extra', [(), ('--limit', '1000')],
                         ids=['all', 'limit'])
def test_F16_listing_stops_at_the_page_cap_with_a_warning(
        cli, rm, monkeypatch, extra):
    monkeypatch.setattr(base, 'MAX_PAGES', 4)
    count = iter(range(1, 100))

    def endless(request, context):
        number = next(count)
        return _page([number], marker=fakes.instance_id(number))['json']

    rm.get(ENDPOINT + '/instances', json=endless)
    result = cli('database', 'instance', 'list', '-f', 'value', '-c', 'ID',
                 *extra)
    assert result.code == 0, result
    assert len(result.calls) == 4
    assert result.out.split() == [fakes.instance_id(n) for n in range(1, 5)]
    assert result.err_lines == [
        'Stopped after 4 pages: more database instances are available: '
        'continue with --marker %s' % fakes.instance_id(4)]


# -- F17 / F18 / F19: authentication failures ---------------------------------

KEYSTONE_AUTH = ('--os-auth-type', 'password',
                 '--os-auth-url', fakes.KEYSTONE + '/v3',
                 '--os-identity-api-version', '3',
                 '--os-username', 'testuser',
                 '--os-password', harness.SECRET,
                 '--os-project-name', 'test_project',
                 '--os-user-domain-id', 'default',
                 '--os-project-domain-id', 'default',
                 '--os-region-name', 'EAST')
EAST = fakes.CATALOG[('EAST', 'public')]
CLEAR_TEXT = 'in clear text'


def test_F17_token_expiry_mid_list_reauthenticates_once(cli, rm):
    tokens = fakes.register_keystone_v3(rm, tokens=('token-1', 'token-2'))
    seen = []

    def listing(request, context):
        seen.append(request.headers.get('X-Auth-Token'))
        marker = urllib.parse.parse_qs(request.query).get('marker')
        if not marker:
            return _page([1], marker=fakes.instance_id(1))['json']
        if request.headers.get('X-Auth-Token') == 'token-1':
            context.status_code = 401
            return {'error': {'code': 401, 'message': 'Token expired.'}}
        return _page([2])['json']

    rm.get(EAST + '/instances', json=listing)
    result = cli('database', 'instance', 'list', '-f', 'value', '-c', 'ID',
                 auth=KEYSTONE_AUTH)
    assert result.code == 0, result
    assert result.out.split() == [fakes.instance_id(1),
                                  fakes.instance_id(2)]
    assert tokens.call_count == 2  # the first token and one renewal
    assert seen == ['token-1', 'token-1', 'token-2']
    assert result.count(harness.SECRET) == 0


def test_F18_401_on_every_request_reauthenticates_once_then_fails(cli,
                                                                  rm):
    tokens = fakes.register_keystone_v3(rm, tokens=('token-1', 'token-2'))
    trove = rm.get(EAST + '/instances', status_code=401,
                   headers={'x-openstack-request-id': 'req-401'},
                   json={'error': {'code': 401, 'title': 'Unauthorized',
                                   'message': 'The request you have made '
                                              'requires authentication.'}})
    result = cli('database', 'instance', 'list', auth=KEYSTONE_AUTH)
    line = expect_error(result, status=401, request_id='req-401',
                        notices=[CLEAR_TEXT],
                        text='The request you have made requires '
                             'authentication.')
    assert 'may have expired' not in line
    assert trove.call_count == 2
    assert tokens.call_count == 2


@pytest.mark.parametrize('auth', [
    ('--os-token', 'T0ken-Value', '--os-endpoint', TLS_ENDPOINT),
    ('--os-auth-type', 'admin_token', '--os-token', 'T0ken-Value',
     '--os-endpoint', TLS_ENDPOINT),
], ids=['token', 'admin_token'])
def test_F19_static_token_401_hints_that_it_may_have_expired(cli, rm,
                                                             auth):
    rm.get(TLS_ENDPOINT + '/flavors/6', status_code=401,
           headers={'x-openstack-request-id': 'req-19'},
           json={'error': {'code': 401, 'message': 'The request you have '
                                                   'made requires '
                                                   'authentication.'}})
    result = cli(*SHOW, auth=auth)
    line = expect_error(result, calls=1, status=401, request_id='req-19',
                        secrets=['T0ken-Value'])
    assert 'the token may have expired' in line


# -- F20-F23: --wait ----------------------------------------------------------

def poll(status, **extra):
    return {'json': {'instance': fakes.instance_body(1, status=status,
                                                     **extra)}}


WAITING = 'Waiting for database instance'


def test_F20_wait_that_never_ends_times_out_at_the_deadline(cli, rm):
    mock_create(rm, CREATED)
    polls = rm.get(INSTANCE_URL, [poll('BUILD')])
    result = cli(*CREATE, '--wait', '--wait-timeout', '10')
    line = expect_error(result, notices=[WAITING],
                        text='Timeout waiting for database instance %s to '
                             'become ACTIVE after 10s (last status: BUILD)'
                             % ID)
    assert line
    assert 10 <= result.elapsed <= 10 + 2
    assert polls.call_count == 6  # at 0, 2, 4, 6, 8 and 10 s
    assert len(posts(result)) == 1


@pytest.mark.parametrize('status', ['ERROR', 'FAILED'])
def test_F21_wait_ends_at_once_on_a_failure_status(cli, rm, status):
    mock_create(rm, CREATED)
    polls = rm.get(INSTANCE_URL, [
        poll('BUILD'), poll(status, fault={'message': 'No valid host.'}),
        poll('ACTIVE')])
    result = cli(*CREATE, '--wait')
    expect_error(result, notices=[WAITING],
                 text='database instance %s transitioned to failure state '
                      '%s: No valid host.' % (ID, status))
    assert polls.call_count == 2
    assert result.elapsed == 2


def test_F22_404_while_waiting_for_a_create_ends_the_wait(cli, rm):
    mock_create(rm, CREATED)
    polls = rm.get(INSTANCE_URL, [poll('BUILD'), error(404)])
    result = cli(*CREATE, '--wait')
    expect_error(result, notices=[WAITING],
                 text='database instance %s went away while waiting' % ID)
    assert polls.call_count == 2


def test_F22_404_while_waiting_for_a_delete_is_success(cli, rm):
    rm.get(INSTANCE_URL, [poll('ACTIVE'), poll('SHUTDOWN'), error(404)])
    delete = rm.delete(INSTANCE_URL, status_code=202)
    result = cli('database', 'instance', 'delete', ID, '--wait')
    assert result.code == 0, result
    assert delete.call_count == 1
    assert len(result.calls) == 4
    assert result.elapsed == 4


def test_F23_transient_503_while_waiting_does_not_end_the_wait(cli, rm):
    mock_create(rm, CREATED)
    polls = rm.get(INSTANCE_URL, [poll('BUILD'), error(503), error(503),
                                  error(503), poll('ACTIVE')])
    result = cli(*CREATE, '--wait', '-f', 'value', '-c', 'status')
    assert result.code == 0, result
    assert result.out == 'ACTIVE\n'
    assert polls.call_count == 5
    assert sum('Polling database instance' in line
               for line in result.err_lines) == 1


def test_F23_persistent_503_while_waiting_ends_at_the_deadline(cli, rm):
    mock_create(rm, CREATED)
    rm.get(INSTANCE_URL, [poll('BUILD'), error(503)])
    result = cli(*CREATE, '--wait', '--wait-timeout', '20')
    # each poll's 503 is first retried by the funnel, then the waiter
    # notes the failed poll and goes on; each says so once
    # issue 23: the status seen before the polls failed is no news; the
    # line says since when they failed, and why
    expect_error(result, notices=[WAITING, 'Polling database instance'],
                 retries=1,
                 text='Timeout waiting for database instance %s to become '
                      'ACTIVE after 20s; every poll failed from 2s on (last '
                      'status then: BUILD): Busy. (HTTP 503). Only the wait '
                      "ended; follow it with 'openstack database instance "
                      "show %s'" % (ID, ID))
    assert 20 <= result.elapsed <= 20 + 2 + 1.5


# -- a wrong endpoint: 404 to everything -------------------------------------

VERSION_ID = '47f729ed-5b87-4222-ab95-fe74a4baced4'


@pytest.mark.parametrize('args, path', [
    (('datastore', 'show', 'mysql'), '/datastores/mysql'),
    (('datastore', 'list'), '/datastores'),
    (('datastore', 'delete', 'mysql'), '/datastores/mysql'),
    (('datastore', 'version', 'show', VERSION_ID),
     '/datastores/versions/' + VERSION_ID),
    (('database', 'flavor', 'list', '--datastore-type', 'mysql',
      '--datastore-version-id', VERSION_ID), '/datastores/mysql'),
    (('database', 'instance', 'show', 'db1'), '/instances/detail'),
], ids=['datastore show', 'datastore list', 'datastore delete',
        'version show', 'flavors of a version', 'instance show'])
def test_a_wrong_endpoint_is_named_not_taken_for_a_missing_resource(
        cli, rm, args, path):
    import requests_mock
    rm.register_uri(requests_mock.ANY, re.compile(re.escape(ENDPOINT)),
                    status_code=404, json=fakes.fault(
                        'itemNotFound', 404,
                        'The resource could not be found.'))
    result = cli(*args)
    line = expect_error(result, calls=1, status=404)
    assert 'The database endpoint looks wrong: %s%s is not a URL of the ' \
        'Trove API' % (ENDPOINT, path) in line
    assert 'exists' not in result.err


# -- F24: redirects -----------------------------------------------------------

def test_F24_redirect_loop_stops_after_30_redirects(cli, rm):
    rm.get(FLAVOR_URL, status_code=302, headers={'Location': FLAVOR_URL})
    line = expect_error(cli(*SHOW), calls=31, status=302)
    assert 'Too many redirects' in line


# -- F25: TLS failures --------------------------------------------------------

def test_F25_tls_failure_is_reported_without_retry(cli, rm):
    rm.get(FLAVOR_URL, [{'exc': test_http.ssl_error()}, FLAVOR_OK])
    result = cli(*SHOW)
    expect_error(result, calls=1, text='SSL error connecting to %s'
                                       % FLAVOR_URL)
    assert result.sleeps == []
