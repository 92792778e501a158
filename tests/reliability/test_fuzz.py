"""Property-based tests (hypothesis) over identifiers and error bodies.

Whatever name a user types and whatever error a server sends, the command
ends with exit code 1 or 2, an error of one line, no traceback, every
request inside the endpoint, and a bounded number of calls and sleeps.
"""

import json
import re
import urllib.parse

import requests_mock
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from troveclient_osc import exceptions
from troveclient_osc import http

from tests.reliability import harness
from tests.unit import fakes

ENDPOINT = harness.ENDPOINT
PATH = urllib.parse.urlsplit(ENDPOINT).path
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])

# What a user may type: any character but NUL (which no argv can hold) and
# lone surrogates (which no terminal can send).
identifiers = st.text(
    st.characters(blacklist_categories=('Cs',), blacklist_characters='\x00'),
    max_size=300).filter(lambda text: not text.startswith('-'))

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=400),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=20), inner, max_size=4),
    max_leaves=12)

error_bodies = st.one_of(
    json_values.map(lambda value: json.dumps(value).encode()),
    st.dictionaries(
        st.sampled_from(['badRequest', 'itemNotFound', 'overLimit',
                         'error', 'errors', 'message', 'conflict']),
        json_values, max_size=3).map(lambda d: json.dumps(d).encode()),
    st.binary(max_size=600),
    st.text(max_size=3000).map(lambda text: text.encode()),
    st.just(b'<html><body><h1>Oops</h1>' + b'x' * 5000 + b'</body></html>'),
    st.text(max_size=100).map(lambda text: json.dumps(fakes.fault(
        'badRequest', 400, "%s '%s'" % (text, harness.SECRET))).encode()),
)

retry_afters = st.one_of(
    st.none(), st.integers(-10 ** 6, 10 ** 30).map(str),
    st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=40),
    st.just('Wed, 21 Oct 2015 07:28:00 GMT'))


def _error_lines(result):
    return [line for line in result.err_lines
            if not harness.is_retry_warning(line)]


@SETTINGS
@given(ident=identifiers, command=st.sampled_from([
    ('database', 'instance', 'show'), ('database', 'instance', 'restart'),
    ('database', 'flavor', 'show'), ('datastore', 'show'),
    ('datastore', 'version', 'list')]))
def test_any_identifier_ends_with_exit_1_or_2_inside_the_endpoint(
        ident, command):
    with requests_mock.Mocker(case_sensitive=True) as rm:
        rm.get(re.compile(re.escape(ENDPOINT) + r'/instances/detail'),
               json={'instances': [fakes.instance_body(1)]})
        rm.register_uri(requests_mock.ANY, requests_mock.ANY,
                        status_code=404, json=fakes.fault(
                            'itemNotFound', 404, 'Not found.'))
        result = harness.openstack(rm, *command, ident)
    assert result.code in (1, 2), result
    assert 'Traceback' not in result.err
    assert result.err_lines and len(result.err_lines[-1]) <= 300
    if result.code == 1:
        assert len(result.err_lines) == 1, result
    for call in result.calls:
        sent = urllib.parse.urlsplit(call.url)
        assert sent.netloc == urllib.parse.urlsplit(ENDPOINT).netloc
        assert sent.path.startswith(PATH + '/')
        # the identifier is at most one path segment, never a query
        assert '/../' not in sent.path + '/' and sent.fragment == ''
        assert call.method != 'POST' or ident.strip()


@SETTINGS
@given(status=st.integers(400, 599), body=error_bodies,
       retry_after=retry_afters,
       request_id=st.none() | st.text(st.characters(
           min_codepoint=33, max_codepoint=126), max_size=60),
       method=st.sampled_from(['GET', 'POST']))
def test_any_error_answer_is_one_line_exit_1_and_bounded(
        status, body, retry_after, request_id, method):
    headers = {}
    if retry_after is not None:
        headers['Retry-After'] = retry_after
    if request_id:
        headers['x-openstack-request-id'] = request_id
    with requests_mock.Mocker(case_sensitive=True) as rm:
        rm.get(ENDPOINT + '/flavors/6', json={'flavor': {
            'id': 6, 'str_id': '6', 'name': 'f'}})
        if method == 'GET':
            rm.get(ENDPOINT + '/flavors', status_code=status,
                   headers=headers, content=body)
            args = ('database', 'flavor', 'list')
        else:
            rm.post(ENDPOINT + '/instances', status_code=status,
                    headers=headers, content=body)
            args = ('database', 'instance', 'create', 'db1', '--flavor',
                    '6', '--size', '1')
        result = harness.openstack(rm, *args)
    assert result.code == 1, result
    assert 'Traceback' not in result.err
    lines = _error_lines(result)
    assert len(lines) == 1, result
    assert len(lines[0]) <= 300
    assert '(HTTP %d)' % status in lines[0]
    if request_id:
        assert '(Request-ID: %s)' % request_id in lines[0]
    posts = [c for c in result.calls if c.method == 'POST']
    assert len(posts) <= 1  # a create is never repeated
    assert len(result.calls) <= 1 + 1 + http.DEFAULT_STATUS_RETRIES
    assert all(0 <= s <= http.MAX_RETRY_AFTER for s in result.sleeps)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(status=st.integers(100, 999), body=error_bodies,
       retry_after=retry_afters,
       content_type=st.sampled_from(['application/json', 'text/html',
                                     'text/plain; charset=utf-8',
                                     'application/json; charset=latin-1',
                                     'text/html; charset=bogus', '']))
def test_from_response_never_raises_and_stays_one_line(status, body,
                                                       retry_after,
                                                       content_type):
    import requests
    response = requests.Response()
    response.status_code = status
    response._content = body
    response.headers['Content-Type'] = content_type
    if retry_after is not None:
        response.headers['Retry-After'] = retry_after
    response.encoding = requests.utils.get_encoding_from_headers(
        response.headers)
    error = exceptions.from_response(response, 'GET', ENDPOINT,
                                     secrets=[harness.SECRET])
    text = str(error)
    assert isinstance(error, exceptions.ClientException)
    assert '\n' not in text and len(text) <= 300
    assert error.http_status == status
    assert repr(error)
    assert harness.SECRET not in text
