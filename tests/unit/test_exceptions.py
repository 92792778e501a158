"""Error responses become typed exceptions with a short readable message.

These drive ``exceptions.from_response`` through the real funnel (one GET or
POST answered by requests_mock), so what is pinned is what a caller sees.
"""

import datetime
import email.utils
import json

import pytest

from troveclient_osc import exceptions
from troveclient_osc import http
from troveclient_osc import masking
from tests.unit import fakes

PATH = '/instances/abc'
URL = fakes.url(PATH)

STATUS_CLASSES = [
    (400, exceptions.BadRequest),
    (401, exceptions.Unauthorized),
    (403, exceptions.Forbidden),
    (404, exceptions.NotFound),
    (405, exceptions.MethodNotAllowed),
    (406, exceptions.NotAcceptable),
    (408, exceptions.RequestTimeout),
    (409, exceptions.Conflict),
    (413, exceptions.OverLimit),
    (415, exceptions.UnsupportedMediaType),
    (422, exceptions.UnprocessableEntity),
    (429, exceptions.TooManyRequests),
    (500, exceptions.InternalServerError),
    (501, exceptions.HTTPNotImplemented),
    (502, exceptions.BadGateway),
    (503, exceptions.ServiceUnavailable),
    (504, exceptions.GatewayTimeout),
    (418, exceptions.ClientError),
    (451, exceptions.ClientError),
    (507, exceptions.ServerError),
    (599, exceptions.ServerError),
]


def expected(status, message):
    """What the message becomes: the ``api`` fixture sends a static token,
    and a 401 to such a token says that it may have expired (F19)."""
    if status == 401:
        return '%s; %s' % (message.rstrip('. '), http.TOKEN_HINT)
    return message


def fail(api, rm, status, method='GET', **response):
    rm.register_uri(method, URL, status_code=status, **response)
    with pytest.raises(exceptions.ClientException) as info:
        api.request(method, PATH)
    return info.value


@pytest.mark.parametrize('status,cls', STATUS_CLASSES)
def test_each_error_status_raises_its_own_class(api, rm, status, cls):
    # PATCH is never retried, so every status is seen exactly once.
    error = fail(api, rm, status, method='PATCH',
                 json=fakes.fault('someFault', status, 'the message'),
                 headers={'x-openstack-request-id': 'req-%d' % status})
    assert type(error) is cls
    assert isinstance(error, exceptions.HttpError)
    assert error.http_status == status
    assert error.request_id == 'req-%d' % status
    assert error.method == 'PATCH'
    assert error.url == URL
    assert error.message == expected(status, 'the message')
    assert str(error) == '%s (HTTP %d) (Request-ID: req-%d)' % (
        expected(status, 'the message'), status, status)
    assert rm.call_count == 1


def test_client_and_server_errors_share_base_classes():
    assert issubclass(exceptions.NotFound, exceptions.ClientError)
    assert issubclass(exceptions.OverLimit, exceptions.ClientError)
    assert issubclass(exceptions.ServiceUnavailable, exceptions.ServerError)
    assert issubclass(exceptions.HttpError, exceptions.ClientException)
    assert issubclass(exceptions.ValidationError, ValueError)
    assert issubclass(exceptions.Timeout, exceptions.ConnectionError)
    assert issubclass(exceptions.EndlessPagination,
                      exceptions.InvalidResponse)


# Bodies Trove 26 really sent (tools/local-trove, notes/trove-fake-mode.md).
TROVE_FAULTS = [
    (400, {'badRequest': {'code': 400, 'message':
                          'Resource 999 cannot be found.'}},
     'Resource 999 cannot be found.'),
    (404, {'itemNotFound': {'code': 404, 'message':
                            "Datastore 'nosql' cannot be found."}},
     "Datastore 'nosql' cannot be found."),
    (413, {'overLimit': {'code': 413, 'message':
                         "Volume 'size' cannot exceed maximum of 25 GB, "
                         "100 cannot be accepted."}},
     "Volume 'size' cannot exceed maximum of 25 GB, 100 cannot be "
     "accepted."),
    (422, {'unprocessableEntity': {'code': 422, 'message':
                                   'Instance x is not ready. (Status is '
                                   'BUILD).'}},
     'Instance x is not ready. (Status is BUILD).'),
    (500, {'instanceFault': {'code': 500, 'message':
                             'Internal Server Error. Please keep this ID '
                             'to help us figure out what went wrong: '
                             '(req-1).'}},
     'Internal Server Error. Please keep this ID to help us figure out '
     'what went wrong: (req-1).'),
    (401, {'error': {'code': 401, 'title': 'Unauthorized', 'message':
                     'The request you have made requires '
                     'authentication.'}},
     'The request you have made requires authentication.'),
    (400, {'message': 'Malformed request body<br /><br />\n\n\n',
           'code': '400 Bad Request', 'title': 'Bad Request'},
     'Malformed request body'),
    (403, {'message': 'Access was denied to this resource.<br /><br />\n'
                      'User with tenant id proj2 cannot access this '
                      'resource.\n\n',
           'code': '403 Forbidden', 'title': 'Forbidden'},
     # issue 23: Trove's answer to an endpoint without the project ID at
     # its end says nothing of the URL; the hint does
     'Access was denied to this resource. User with tenant id proj2 '
     'cannot access this resource; the database endpoint may lack the '
     'project ID: its URL must end with /v1.0/<project ID>'),
    (403, {'forbidden': {'code': 403, 'message':
                         'Access was denied to this resource.'}},
     'Access was denied to this resource.'),
]


@pytest.mark.parametrize('status,body,message', TROVE_FAULTS)
def test_message_comes_from_the_fault_body(api, rm, status, body, message):
    error = fail(api, rm, status, method='PATCH', json=body)
    assert error.message == expected(status, message)
    assert error.http_status == status


# Any other body: a short readable message, never AttributeError or
# IndexError out of the error path itself.
ODD_BODIES = [
    ('empty', '', 'Bad Request'),
    ('blank', '  \n ', 'Bad Request'),
    ('json list', '[]', 'Bad Request'),
    ('json null', 'null', 'Bad Request'),
    ('json number', '42', 'Bad Request'),
    ('json true', 'true', 'Bad Request'),
    ('bare json string', '"Just a sentence."', 'Just a sentence.'),
    ('empty json string', '""', 'Bad Request'),
    ('fault with a string', '{"badRequest": "No can do."}', 'No can do.'),
    ('fault without message', '{"badRequest": {"code": 400}}',
     'Bad Request'),
    ('fault with null', '{"badRequest": null}', 'Bad Request'),
    ('fault with empty message',
     '{"badRequest": {"code": 400, "message": ""}}', 'Bad Request'),
    ('fault with non-string message',
     '{"badRequest": {"code": 400, "message": {"nested": 1}}}',
     'Bad Request'),
    ('empty object', '{}', 'Bad Request'),
    ('several unknown keys', '{"a": 1, "b": [2]}', 'Bad Request'),
    ('error object', '{"error": {"code": 400, "message": "Bad thing."}}',
     'Bad thing.'),
    ('empty error object', '{"error": {}}', 'Bad Request'),
    ('api-sig errors list',
     '{"errors": [{"title": "Invalid", "detail": "Size must be > 0."}]}',
     'Size must be > 0.'),
    ('empty errors list', '{"errors": []}', 'Bad Request'),
    ('list of faults', '[{"message": "First."}, {"message": "Second."}]',
     'First.'),
    ('plain text', 'Something broke', 'Bad Request: Something broke'),
    ('invalid json', '{"badRequest": {"message": "cut', 'Bad Request:'),
]


@pytest.mark.parametrize('label,text,expected', ODD_BODIES,
                         ids=[b[0] for b in ODD_BODIES])
def test_any_error_body_gives_a_short_readable_message(api, rm, label, text,
                                                       expected):
    error = fail(api, rm, 400, method='PATCH', text=text)
    assert isinstance(error, exceptions.BadRequest)
    assert error.message.startswith(expected)
    assert len(str(error)) <= 300
    assert '\n' not in str(error)


def test_long_server_message_is_cut_to_keep_one_short_line(api, rm):
    error = fail(api, rm, 400, json={'badRequest': {'code': 400,
                                                    'message': 'x' * 2000}})
    assert isinstance(error, exceptions.BadRequest)
    assert len(error.message) <= exceptions.MAX_SERVER_MESSAGE
    assert '...' in error.message and error.message.endswith('x')


# Trove's answers to a 256-character name and to a bad NIC address: the
# reason comes after the value.
LONG_VALUE_FAULTS = [
    ("Validation error: instance['name'] '%s' is too long" % ('x' * 256),
     "Validation error: instance['name'] 'xxx", "xxx' is too long"),
    ("Validation error: instance['nics'][0]['ip_address'] '%s' is not a "
     "'ipv4'" % ('10.0.0.' + '9' * 300),
     "Validation error: instance['nics'][0]['ip_address'] '10.0.0.",
     "999' is not a 'ipv4'"),
    ('Flavor %s, volume %s and datastore %s cannot be used together: the '
     'version is inactive' % ('f' * 100, 'v' * 100, 'd' * 100),
     'Flavor fff', 'cannot be used together: the version is inactive'),
]


@pytest.mark.parametrize('message, head, tail', LONG_VALUE_FAULTS)
def test_long_server_message_keeps_its_reason_at_the_end(api, rm, message,
                                                         head, tail):
    error = fail(api, rm, 400, method='POST',
                 json=fakes.fault('badRequest', 400, message))
    assert len(error.message) <= exceptions.MAX_SERVER_MESSAGE
    # Shortened in the middle of the long values: start and end kept.
    assert error.message.startswith(head)
    assert error.message.endswith(tail)
    assert '...' in error.message
    assert str(error).endswith(tail + ' (HTTP 400)')


def test_long_plain_text_error_keeps_its_end(api, rm):
    text = 'upstream said: ' + 'y' * 500 + ' because the backend is down'
    error = fail(api, rm, 502, text=text,
                 headers={'Content-Type': 'text/plain'})
    assert len(error.message) <= len('Bad Gateway: ') + exceptions.MAX_DETAIL
    assert error.message.endswith('because the backend is down')


def test_a_secret_in_a_long_message_is_masked_before_it_is_shortened(
        api, rm):
    secret = 'S' * 30 + 'ekr1t' + 'P' * 30
    message = ("Validation error: instance['users'][0]['password'] '%s' "
               "%s is invalid" % (secret, 'z' * 300))
    rm.post(fakes.url('/instances'), status_code=400,
            json=fakes.fault('badRequest', 400, message))
    with pytest.raises(exceptions.BadRequest) as info:
        api.post('/instances', json={'instance': {'users': [
            {'name': 'u', 'password': secret}]}})
    text = str(info.value)
    assert '***' in text
    for part in ('S' * 10, 'ekr1t', 'P' * 10):
        assert part not in text
    assert text.endswith('is invalid (HTTP 400)')


@pytest.mark.parametrize('text, limit', [
    ('a' * 300, 250), ('word ' * 100, 120), ('short', 10),
    ('x' * 30 + ' tail', 10), ('', 5)])
def test_shorten_keeps_the_limit_and_the_end(text, limit):
    result = exceptions.shorten(text, limit)
    assert len(result) <= max(limit, len(text) if len(text) <= limit else 0)
    if len(text) > limit:
        assert result[-1] == text[-1]
        assert '...' in result
    else:
        assert result == text


def test_html_error_page_is_stripped_and_cut_to_200_characters(api, rm):
    page = ('<!DOCTYPE html><html><head><title>500 Internal Server Error'
            '</title><style>body { color: red; }</style>'
            '<script>var secret = 1;</script></head><body>'
            '<h1>Internal Server Error</h1><p>The server &amp; its proxy '
            'failed.</p>' + '<p>%s</p>' % ('filler ' * 300) +
            '</body></html>')
    assert len(page) > 2000
    error = fail(api, rm, 500, method='PATCH', text=page,
                 headers={'Content-Type': 'text/html',
                          'x-openstack-request-id': 'req-html'})
    assert isinstance(error, exceptions.InternalServerError)
    text = str(error)
    assert text.startswith('Internal Server Error: ')
    assert text.endswith('(HTTP 500) (Request-ID: req-html)')
    detail = error.message[len('Internal Server Error: '):]
    assert len(detail) <= 200
    assert detail.startswith('Internal Server Error The server & its proxy '
                             'failed.')
    assert '...' in detail and detail.endswith('filler')
    for markup in ('<', '>', 'color: red', 'var secret'):
        assert markup not in text


@pytest.mark.parametrize('status', [502, 504])
def test_proxy_html_page_gives_its_reason(api, rm, status):
    page = ('<html>\r\n<head><title>%d Bad Gateway</title></head>\r\n<body>'
            '\r\n<center><h1>%d Bad Gateway</h1></center>\r\n<hr><center>'
            'nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n'
            % (status, status))
    error = fail(api, rm, status, text=page,
                 headers={'Content-Type': 'text/html'})
    assert error.http_status == status
    assert ('%d Bad Gateway nginx/1.18.0' % status) in error.message
    assert rm.call_count == 1


def test_undecodable_error_body_still_gives_a_message(api, rm):
    error = fail(api, rm, 500, method='PATCH', content=b'\xff\xfe\x00\x81',
                 headers={'Content-Type': 'application/json; charset=ascii'})
    assert isinstance(error, exceptions.InternalServerError)
    assert error.message.startswith('Internal Server Error')


def test_overlimit_with_retry_after_reports_the_delay(api, rm):
    error = fail(api, rm, 413, method='POST',
                 json=fakes.fault('overLimit', 413,
                                  'This request was rate-limited.'),
                 headers={'Retry-After': '5'})
    assert isinstance(error, exceptions.OverLimit)
    assert error.retry_after == 5
    assert str(error) == ('This request was rate-limited, retry after 5s '
                          '(HTTP 413)')


def test_overlimit_quota_error_has_no_retry_after(api, rm):
    error = fail(api, rm, 413, method='POST',
                 json=fakes.fault('overLimit', 413, 'Quota exceeded.'))
    assert error.retry_after is None
    assert str(error) == 'Quota exceeded. (HTTP 413)'


def test_overlimit_without_body_says_quota_or_rate_limit(api, rm):
    rm.post(URL, status_code=413, reason='', headers={'Retry-After': '5'})
    with pytest.raises(exceptions.OverLimit) as info:
        api.post(PATH)
    assert str(info.value) == ('Quota/rate limit exceeded, retry after 5s '
                               '(HTTP 413)')


def test_compute_request_id_is_used_when_there_is_no_openstack_one(api, rm):
    error = fail(api, rm, 404, headers={'x-compute-request-id': 'req-c'})
    assert error.request_id == 'req-c'


def test_missing_request_id_is_none_and_not_shown(api, rm):
    error = fail(api, rm, 404, json=fakes.fault('itemNotFound', 404, 'Gone.'))
    assert error.request_id is None
    assert str(error) == 'Gone. (HTTP 404)'


# -- Retry-After parsing ---------------------------------------------------

NOW = datetime.datetime(2026, 11, 26, 12, 0, 0,
                        tzinfo=datetime.timezone.utc)


def http_date(delta):
    return email.utils.format_datetime(NOW + datetime.timedelta(
        seconds=delta), usegmt=True)


@pytest.mark.parametrize('value,seconds', [
    ('2', 2.0),
    (' 7 ', 7.0),
    ('0', 0.0),
    (http_date(10), 10.0),
    (http_date(-3600), 0.0),
    (None, None),
    ('', None),
    ('-1', None),
    ('abc', None),
    ('1.5', None),
    ('2 seconds', None),
    ('Wed, 21 Oct 2015 07:28:00', None),  # no zone: not an HTTP-date
    ('Thu, 99 Foo 2026 99:99:99 GMT', None),
    ('Thu, 01 Jan 99999 00:00:00 GMT', None),
    ('\u00b2', None),  # str.isdigit() is True, float() fails
    ('\u0663', None),  # an Arabic-Indic 3: not an RFC 9110 DIGIT
])
def test_retry_after_is_seconds_or_http_date_else_none(value, seconds):
    assert exceptions.parse_retry_after(value, now=NOW) == seconds


def test_huge_retry_after_counts_as_a_day():
    assert exceptions.parse_retry_after('9' * 400, now=NOW) == 86400
    assert exceptions.parse_retry_after(http_date(10 ** 8), now=NOW) == 86400
    assert exceptions.parse_retry_after('Fri, 31 Dec 9999 23:59:59 GMT',
                                        now=NOW) == 86400


def test_huge_retry_after_still_gives_a_short_message(api, rm):
    error = fail(api, rm, 503, method='POST',
                 headers={'Retry-After': '9' * 400})
    assert isinstance(error, exceptions.ServiceUnavailable)
    assert str(error) == ('Service Unavailable, retry after 86400s '
                          '(HTTP 503)')


def test_non_ascii_digit_retry_after_does_not_break_error_reporting(
        api, rm):
    error = fail(api, rm, 503, method='POST',
                 headers={'Retry-After': '\u00b2'})
    assert isinstance(error, exceptions.ServiceUnavailable)
    assert error.retry_after is None


# -- secrets -----------------------------------------------------------------

SECRET = 'S3cr3t-"pass"\\word'


def test_server_message_echoing_a_password_shows_stars(api, rm):
    # Trove's validation messages quote the offending value.
    echoed = ("Validation error: instance['users'][0]['password'] %s is "
              "too long" % json.dumps(SECRET))
    rm.post(fakes.url('/instances'), status_code=400,
            json=fakes.fault('badRequest', 400, echoed),
            headers={'x-openstack-request-id': 'req-echo'})
    body = {'instance': {'name': 'db1', 'users': [
        {'name': 'jsmith', 'password': SECRET}]}}
    with pytest.raises(exceptions.BadRequest) as info:
        api.post('/instances', json=body)
    error = info.value
    for text in (str(error), repr(error), error.message, str(error.args)):
        assert SECRET not in text
        assert json.dumps(SECRET)[1:-1] not in text
        assert 'S3cr3t' not in text
    assert '***' in error.message
    assert error.http_status == 400
    assert error.request_id == 'req-echo'


def test_exception_text_never_contains_the_request_body(api, rm):
    rm.post(fakes.url('/instances'), status_code=500, text='')
    body = {'instance': {'name': 'db-with-a-body', 'users': [
        {'name': 'jsmith', 'password': 'hunter2'}]}}
    with pytest.raises(exceptions.InternalServerError) as info:
        api.post('/instances', json=body)
    for text in (str(info.value), repr(info.value)):
        assert 'hunter2' not in text
        assert 'db-with-a-body' not in text
        assert 'jsmith' not in text
    assert repr(info.value) == (
        "InternalServerError('Internal Server Error (HTTP 500)')")


def test_mask_replaces_every_form_of_a_secret():
    secret = 'p&ss "w"'
    text = ('raw p&ss "w" json p&ss \\"w\\" html p&amp;ss &quot;w&quot; '
            "repr 'p&ss \"w\"'")
    masked = masking.mask(text, [secret, '', None])
    assert 'p&ss' not in masked
    assert 'p&amp;ss' not in masked
    assert masked.count('***') == 4


def test_exception_without_response_has_no_status_in_its_text():
    error = exceptions.ConnectionError('Unable to connect', url='http://x')
    assert error.http_status is None
    assert str(error) == 'Unable to connect'
    assert repr(error) == "ConnectionError('Unable to connect')"


# -- the tree drawn in the module's docstring -------------------------------

def drawn_tree():
    """``{name: parent name}`` and ``{alias: name}`` as the docstring of
    troveclient_osc.exceptions draws them: the root at column 4, each
    level 4 columns further, a name after its branch (``├── ``, ``└── ``);
    a line without a branch goes on with the text of the one above."""
    text = exceptions.__doc__.split('::\n', 1)[1]
    parents, aliases, path = {}, {}, []
    for line in text.splitlines():
        tree = line[:len(line) - len(line.lstrip(' │├└─'))]
        entry = line[len(tree):]
        if not entry or not (tree == ' ' * 4 or tree.endswith(
                ('├── ', '└── '))):
            continue
        depth = len(tree) // 4 - 1
        name = entry.split()[0].rstrip(':')
        path[depth:] = [name]
        parents[name] = path[depth - 1] if depth else None
        if '[' in entry:
            for alias in entry.split('[', 1)[1].split(']')[0].split(','):
                aliases[alias.strip()] = name
    return parents, aliases


def real_tree():
    classes = {value for value in vars(exceptions).values()
               if isinstance(value, type)
               and issubclass(value, exceptions.ClientException)}
    parents = {}
    for cls in classes:
        bases = [base for base in cls.__bases__ if base in classes]
        parents[cls.__name__] = bases[0].__name__ if bases else None
    aliases = {name: value.__name__ for name, value in vars(exceptions).items()
               if isinstance(value, type) and value in classes
               and name != value.__name__}
    return parents, aliases


def test_the_docstring_draws_the_real_tree_of_the_errors():
    assert drawn_tree() == real_tree()


def test_no_match_is_a_not_found_without_a_status():
    error = exceptions.NoMatch("No flavor with a name or ID of 'x' exists.")
    assert isinstance(error, exceptions.NotFound)
    assert error.http_status is None
    assert str(error) == "No flavor with a name or ID of 'x' exists."
