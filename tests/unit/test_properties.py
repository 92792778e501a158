"""Properties that must hold for any input (hypothesis).

Error reporting must never fail itself, whatever a server sends; any name
is looked up, never sent in a URL, and an ID reaches the server as exactly
one path segment; a secret must never survive masking.
"""

import json
import urllib.parse

import requests
import requests_mock
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from requests.structures import CaseInsensitiveDict

from troveclient_osc import base
from troveclient_osc import exceptions
from troveclient_osc import masking
from tests.unit import fakes

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(['message', 'error', 'errors',
                                       'badRequest', 'title', 'detail',
                                       'code', 'x']) | st.text(max_size=8),
                      inner, max_size=4),
    max_leaves=12)


def response(status, content, content_type):
    resp = requests.Response()
    resp.status_code = status
    resp._content = content
    resp.headers = CaseInsensitiveDict({'Content-Type': content_type})
    resp.reason = None
    return resp


def check_error(error, status):
    assert isinstance(error, exceptions.HttpError)
    assert error.http_status == status
    text = str(error)
    assert text and '\n' not in text
    assert repr(error)


@SETTINGS
@given(status=st.integers(400, 599), content=st.binary(max_size=600),
       content_type=st.sampled_from(['application/json', 'text/html',
                                     'text/plain; charset=latin-1', '']))
def test_any_error_body_bytes_give_an_exception(status, content,
                                                content_type):
    error = exceptions.from_response(response(status, content, content_type),
                                     'GET', 'http://x/instances')
    check_error(error, status)


@SETTINGS
@given(status=st.integers(400, 599), body=json_values)
def test_any_json_error_body_gives_an_exception(status, body):
    content = json.dumps(body).encode()
    error = exceptions.from_response(
        response(status, content, 'application/json'), 'GET', 'http://x')
    check_error(error, status)


@SETTINGS
@given(st.text(max_size=60))
def test_any_retry_after_parses_to_none_or_a_bounded_delay(value):
    seconds = exceptions.parse_retry_after(value)
    assert seconds is None or 0 <= seconds <= exceptions.RETRY_AFTER_CEILING


@SETTINGS
@given(st.text(min_size=1, max_size=80).filter(
    lambda v: v.strip() and not base.is_uuid_like(v)))
def test_any_name_is_looked_up_and_never_sent_in_a_path(value):
    # Issue 23: a name is matched in the listing; only the ID it names is
    # ever put in a URL, whatever the name holds ('/', '?', 'detail', ...).
    tc = fakes.make_client(fakes.FakeClock())
    body = fakes.instance_body(1, name=value)
    ident = body['id']
    with requests_mock.Mocker(case_sensitive=True) as mocker:
        mocker.get(fakes.url('/instances/detail'), json={'instances': [body]})
        mocker.get(fakes.url('/instances/' + ident), json={'instance': body})
        found = tc.instances.get(value)
        paths = [r.path for r in mocker.request_history]
    prefix = urllib.parse.urlsplit(fakes.url('/instances/')).path
    assert found.id == ident
    assert paths == [prefix + 'detail', prefix + ident]


@SETTINGS
@given(st.uuids().map(str) | st.uuids().map(lambda u: u.hex.upper()))
def test_an_id_is_one_path_segment_on_the_wire(value):
    tc = fakes.make_client(fakes.FakeClock())
    with requests_mock.Mocker(case_sensitive=True) as mocker:
        mocker.get(requests_mock.ANY,
                   json={'instance': fakes.instance_body()})
        tc.instances.get(value)
        assert mocker.call_count == 1
        path = mocker.last_request.path
    prefix = urllib.parse.urlsplit(fakes.url('/instances/')).path
    assert path == prefix + value
    assert mocker.last_request.query == ''


secrets = st.text(st.characters(blacklist_characters='*',
                                blacklist_categories=('Cs',)),
                  min_size=3, max_size=20)


@SETTINGS
@given(secret=secrets, before=st.text(max_size=30),
       after=st.text(max_size=30), form=st.sampled_from(['raw', 'json']))
def test_a_masked_secret_never_survives(secret, before, after, form):
    shown = json.dumps(secret)[1:-1] if form == 'json' else secret
    masked = masking.mask(before + shown + after, [secret])
    assert shown not in masked.replace('***', '\x00')


@SETTINGS
@given(json_values)
def test_redacted_logs_keep_no_secret_field(value):
    body = {'instance': {'users': [{'name': 'u', 'password': value}],
                         'other': value}}
    redacted = masking.redact(body)
    assert redacted['instance']['users'][0]['password'] in ('***', None)
    assert redacted['instance']['other'] == masking.redact(value)
