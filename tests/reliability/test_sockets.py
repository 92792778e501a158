"""Rows F2, F8-F12 and F25 (and S7 on TLS) on real sockets.

The real ``openstack`` shell runs in process against small servers of our
own on 127.0.0.1 (servers.py): one that accepts and never answers, one
that drips a byte a second, one that resets after the request, one that
cuts the body short, one that speaks TLS with a self-signed certificate.
Deadlines run on the real clock with a short configured timeout
(``OS_API_TIMEOUT``); retry back-offs are recorded, not slept.
"""

import time

import pytest

from troveclient_osc import exceptions
from troveclient_osc import http

from tests.reliability import servers
from tests.reliability.harness import expect_error
from tests.reliability.servers import reply
from tests.unit.osc import fakes as osc_fakes
from tests.unit.test_sockets import funnel

FLAVOR = reply('200 OK', {'flavor': osc_fakes.FLAVOR})
FLAVORS = reply('200 OK', {'flavors': [osc_fakes.FLAVOR]})
LIST = ('database', 'flavor', 'list', '-f', 'value', '-c', 'Name')
# Real time a run may take beyond its deadline: the shell's own start-up
# (imports included, when a test runs first). The deadlines themselves are
# measured at the server, where the connection is closed.
SLACK = 3

NGINX_502 = reply('502 Bad Gateway', (
    '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n'
    '<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0'
    '</center>\r\n</body>\r\n</html>\r\n'), content_type='text/html')
NGINX_504 = NGINX_502.replace(b'502 Bad Gateway', b'504 Gateway Time-out')


# -- F2 ----------------------------------------------------------------------

@pytest.mark.parametrize('page, status, reason', [
    (NGINX_502, 502, 'Bad Gateway: 502 Bad Gateway nginx/1.18.0'),
    (NGINX_504, 504, 'Gateway Time-out: 504 Gateway Time-out '
                     'nginx/1.18.0')], ids=['502', '504'])
def test_F2_proxy_error_page_on_a_real_socket(serve, sock_cli, page, status,
                                              reason):
    server = serve(page, FLAVORS)
    result = sock_cli(server, *LIST)
    line = expect_error(result, status=status)
    assert line == '%s (HTTP %d)' % (reason, status)
    assert server.connections == 1
    for word in ('JSONDecodeError', 'Unrecognized schema', 'Expecting'):
        assert word not in result.err + result.log


# -- F8 ----------------------------------------------------------------------

def test_F8_refused_connection_ends_within_5_seconds(sock_cli):
    endpoint = 'http://127.0.0.1:%d/v1.0/proj' % servers.free_port()
    result = sock_cli(endpoint, *LIST)
    expect_error(result, retries=1,
                 text='Unable to establish connection to %s/flavors: '
                      'connection refused' % endpoint)
    assert result.sleeps == [0.5, 1.0]
    assert result.wall + sum(result.sleeps) <= 5 + SLACK


def test_F8_refused_post_is_retried_only_because_nothing_was_sent(serve):
    port = servers.free_port()
    sleeps = []

    def sleep(seconds):
        sleeps.append(seconds)
        if len(sleeps) == 1:  # the service comes up during the back-off
            serve(reply('202 Accepted', {'instance': {'id': 'x'}}),
                  port=port)

    api = funnel('http://127.0.0.1:%d/v1.0/proj' % port, sleep=sleep,
                 timeout=2)
    _resp, body = api.post('/instances', json={'instance': {'name': 'db'}})
    assert body == {'instance': {'id': 'x'}}
    assert sleeps == [0.5]


# -- F9 ----------------------------------------------------------------------

def test_F9_reset_after_the_request_retries_a_get(serve, sock_cli):
    server = serve('reset', FLAVORS)
    result = sock_cli(server, *LIST)
    assert result.code == 0, result
    assert result.out == 'ds2G\n'
    assert server.connections == 2
    assert len(result.err_lines) == 1 and 'Retrying in 0.5s' in result.err


def test_F9_reset_after_the_request_never_repeats_a_create(serve, sock_cli):
    server = serve('reset', reply('200 OK', {'instance': {}}))
    result = sock_cli(server, 'database', 'instance', 'create', 'db1',
                      '--flavor', '6', '--size', '1')
    line = expect_error(result, text='Connection to %s/instances failed: '
                                     'connection reset by peer'
                                     % server.endpoint)
    assert server.connections == 1  # the one POST (a flavor ID: no lookup)
    assert server.requests[0].startswith(b'POST ')
    assert 'ProtocolError' not in line and 'RemoteDisconnected' not in line


def test_F9_body_cut_short_is_one_line_and_a_post_is_not_repeated(
        serve, sock_cli):
    server = serve('truncate', FLAVOR)
    result = sock_cli(server, 'database', 'instance', 'create', 'db1',
                      '--flavor', '6', '--size', '1')
    line = expect_error(result, text='broke while reading the response: '
                                     'response body cut short')
    assert 'IncompleteRead' not in line
    assert server.connections == 1
    assert server.requests[0].startswith(b'POST ')


def test_F9_body_cut_short_on_a_get_is_retried_then_reported(serve,
                                                             sock_cli):
    server = serve('truncate')
    expect_error(sock_cli(server, *LIST), retries=1,
                 text='response body cut short')
    assert server.connections == 3


# -- F10 ---------------------------------------------------------------------

def test_F10_black_holed_server_times_out_at_the_configured_timeout(
        serve, sock_cli):
    server = serve('blackhole')
    result = sock_cli(server, *LIST, timeout=1)
    expect_error(result, text='Request to %s/flavors timed out after 1s'
                              % server.endpoint)
    servers.wait_closed(server)
    assert server.connections == 1  # a read timeout is not repeated
    assert 1 - 0.1 <= server.longest() <= 1 + 1
    assert result.wall <= 1 + SLACK


def test_F10_black_holed_server_times_out_with_nothing_configured(
        serve, sock_cli, monkeypatch):
    # The default (60 s) is what applies when nothing is configured;
    # shortened here so that the test takes a second.
    assert http.DEFAULT_TIMEOUT == 60.0
    monkeypatch.setattr(http, 'DEFAULT_TIMEOUT', 1.0)
    server = serve('blackhole')
    result = sock_cli(server, *LIST, timeout=None)
    expect_error(result, text='timed out after 1s')
    servers.wait_closed(server)
    assert server.longest() <= 1 + 1


# -- F11 ---------------------------------------------------------------------

def test_F11_slow_drip_is_cut_off_at_the_deadline(serve, sock_cli):
    server = serve('drip1s')
    result = sock_cli(server, *LIST, timeout=2)
    expect_error(result, text='Response from %s/flavors did not complete '
                              'within 2s' % server.endpoint)
    servers.wait_closed(server)
    assert server.connections == 1
    # the deadline is checked between bytes, one a second
    assert 2 - 0.1 <= server.longest() <= 2 + 1 + 0.5
    assert result.wall <= 2 + 1 + SLACK


# -- F12 ---------------------------------------------------------------------

@pytest.mark.parametrize('body, content_type', [
    ('{"flavors": [{"id": 6, "name": "x"', 'application/json'),
    ('<html><body>Welcome to nginx!</body></html>', 'text/html'),
], ids=['truncated-json', 'html'])
def test_F12_bad_200_body_on_a_real_socket(serve, sock_cli, body,
                                           content_type):
    server = serve(reply('200 OK', body, content_type=content_type,
                         headers=[('x-openstack-request-id', 'req-s12')]))
    result = sock_cli(server, *LIST)
    expect_error(result, request_id='req-s12',
                 text='Invalid JSON in response from %s/flavors'
                      % server.endpoint)
    assert server.connections == 1


# -- F25 and S7 ---------------------------------------------------------------

def test_F25_self_signed_certificate_fails_without_retry(serve, sock_cli,
                                                         certificate):
    server = serve(FLAVORS, tls=servers.tls_context(*certificate))
    result = sock_cli(server, *LIST)
    line = expect_error(result)
    # the cause, not the four exceptions that wrap it
    assert line == ('SSL error connecting to %s/flavors: certificate '
                    'verify failed: self-signed certificate'
                    % server.endpoint)
    assert server.connections == 1
    assert result.sleeps == []


def test_F25_S7_insecure_succeeds_and_warns_once(serve, sock_cli,
                                                 certificate):
    server = serve(FLAVORS, tls=servers.tls_context(*certificate))
    result = sock_cli(server, '--insecure', *LIST)
    assert result.code == 0, result
    assert result.out == 'ds2G\n'
    assert len(result.err_lines) == 1, result
    assert 'TLS certificates are not verified' in result.err_lines[0]
    assert 'InsecureRequestWarning' not in result.err


def test_F25_trusted_certificate_succeeds_quietly(serve, sock_cli,
                                                  certificate):
    server = serve(FLAVORS, tls=servers.tls_context(*certificate))
    result = sock_cli(server, '--os-cacert', str(certificate[0]), *LIST)
    assert result.code == 0, result
    assert result.err == ''


def test_F10_library_timeout_holds_on_a_real_socket(serve):
    server = serve('blackhole')
    api = funnel(server.endpoint, timeout=1)
    start = time.monotonic()
    with pytest.raises(exceptions.Timeout):
        api.get('/flavors')
    assert time.monotonic() - start <= 1 + 1
