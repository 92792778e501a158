"""The typed errors of troveclient-osc.

Every failure the library reports is a :class:`ClientException`. Errors that
come from an HTTP response are built by :func:`from_response`, which maps the
status code to a class, takes the message from Trove's fault body
(``{"<faultName>": {"code": N, "message": "..."}}``) or, failing that, from any
other body shape without ever raising itself, and masks the secrets the
request carried if the server echoes them.

An error's text (``str(error)``) is one line of at most :data:`MAX_LINE`
characters, control characters escaped, whatever the server sent: the rule
every message follows, kept here once (:meth:`ClientException.line`).

The tree of the errors (python-troveclient's other names for some of them
in brackets; ``tests/unit/test_exceptions.py`` checks that this drawing is
the classes' own tree)::

    ClientException
    ├── ValidationError (also a ValueError): nothing was sent
    │   ├── ArgumentMissing
    │   ├── ArgumentsConflict
    │   └── NotSupported
    ├── NoUniqueMatch: a name several resources have
    ├── ConnectionError [ConnectionRefused]
    │   └── Timeout
    ├── InvalidResponse [ResponseFormatError]
    │   └── EndlessPagination
    │       └── TooManyPages
    ├── WaitTimeout
    ├── ResourceFailure
    ├── ResourceGone
    ├── ConfigurationDetached: the change was made, not kept the group
    ├── HttpError: the server answered with an error status
    │   ├── ClientError [HTTPClientError]: 4xx
    │   │   ├── BadRequest
    │   │   ├── Unauthorized
    │   │   ├── Forbidden
    │   │   ├── NotFound: Trove's 404
    │   │   │   ├── NoMatch: no resource has the name or ID (no request
    │   │   │   │   answered 404: ``http_status`` is None)
    │   │   │   └── GuestLogNotFoundError
    │   │   ├── WrongEndpoint: a 404 that is not Trove's
    │   │   ├── MethodNotAllowed
    │   │   ├── NotAcceptable
    │   │   ├── RequestTimeout
    │   │   ├── Conflict
    │   │   ├── OverLimit [RequestEntityTooLarge]
    │   │   ├── UnsupportedMediaType
    │   │   ├── UnprocessableEntity
    │   │   ├── TooManyRequests
    │   │   ├── PaymentRequired
    │   │   ├── ProxyAuthenticationRequired
    │   │   ├── Gone
    │   │   ├── LengthRequired
    │   │   ├── PreconditionFailed
    │   │   ├── RequestUriTooLong
    │   │   ├── RequestedRangeNotSatisfiable
    │   │   └── ExpectationFailed
    │   └── ServerError [HttpServerError]: 5xx
    │       ├── InternalServerError
    │       ├── HTTPNotImplemented [HttpNotImplemented]
    │       ├── BadGateway
    │       ├── ServiceUnavailable
    │       ├── GatewayTimeout
    │       └── HttpVersionNotSupported
    ├── MissingArgs
    ├── UnsupportedVersion
    ├── CommandError
    ├── AuthorizationFailure
    │   ├── AuthPluginOptionsMissing
    │   └── AuthSystemNotFound
    ├── EndpointException
    │   ├── EndpointNotFound
    │   └── AmbiguousEndpoints
    └── NoTokenLookupException
"""

import datetime
import html
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from troveclient_osc import masking
from troveclient_osc import trove_messages

# Longest server text quoted in a message taken from a non-JSON body.
MAX_DETAIL = 200
# Longest server message kept, so an error stays one readable line. Longer
# ones are shortened in the middle, never at the end (see shorten()).
MAX_SERVER_MESSAGE = 250
# What marks the place of the characters taken out, and the length a long
# word is shortened to at least.
_ELLIPSIS = '...'
_SHORT_WORD = 24
# A longer Retry-After (seconds) is reported as this: nobody waits a day,
# and a 400-digit header must not make a 400-digit (or "inf") message.
RETRY_AFTER_CEILING = 86400.0
# RFC 9110 delay-seconds: ASCII digits only (str.isdigit() accepts "²").
#: The longest error line: ``str()`` of every error fits in it.
MAX_LINE = 300
#: The deepest nesting of a JSON body taken as one (Trove's are 4 deep): a
#: deeper one is not a body of the API, and would exhaust Python's stack in
#: the decoder or in anything that walks it.
MAX_JSON_DEPTH = 64


class Response(Protocol):
    """What the error functions read of a response: a
    :class:`requests.Response` has it all."""

    status_code: int
    headers: Any
    encoding: str | None

    @property
    def content(self) -> bytes | None:
        ...


class ClientException(Exception):
    """The base of every error raised by troveclient-osc.

    :ivar message: the human-readable message (secrets masked)
    :ivar http_status: the HTTP status code, or None when there was no response
    :ivar request_id: the ``x-openstack-request-id`` the server sent, if any
    :ivar method: the HTTP method of the failed request, if any
    :ivar url: the URL of the failed request, if any
    """

    http_status: int | None = None
    message: str = 'Unknown error'
    #: True when the request changes something and was sent, but its
    #: answer was lost: the server may have carried it out (the message
    #: says what to check before sending it again).
    may_have_acted: bool = False

    def __init__(self, message: str | None = None,
                 http_status: int | None = None,
                 request_id: str | None = None, method: str | None = None,
                 url: str | None = None,
                 retry_after: float | None = None) -> None:
        if message is not None:
            self.message = message
        if http_status is not None:
            self.http_status = http_status
        self.request_id = request_id
        self.method = method
        self.url = url
        self.retry_after = retry_after
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.line()

    def line(self, limit: int = MAX_LINE) -> str:
        """The error as one line of at most ``limit`` characters: the
        message (control characters escaped, shortened in its middle if it
        must be), then the status and the request ID, which are always
        kept."""
        text = self.message
        if self.retry_after is not None:
            text = '%s, retry after %ss' % (text.rstrip('. '),
                                            seconds(self.retry_after))
        tail = ''
        if self.http_status is not None:
            tail += ' (HTTP %s)' % self.http_status
        if self.request_id:
            tail += ' (Request-ID: %s)' % printable(self.request_id)
        return shorten(printable(text), max(limit - len(tail), 40)) + tail

    def __repr__(self) -> str:
        return '%s(%r)' % (type(self).__name__, str(self))


def printable(text: object) -> str:
    """``text`` with its control characters escaped (``\\n``, ``\\x1b``):
    a line break cannot break a message's line, nor a terminal escape
    sequence that a server quotes reach the reader's terminal."""
    text = str(text)
    if text.isprintable():
        return text
    return ''.join(char if char.isprintable() or char == ' '
                   else repr(char)[1:-1] for char in text)


def one_line(error: BaseException, limit: int = MAX_LINE) -> str:
    """Any exception as one line of at most ``limit`` characters, by the
    rule of :meth:`ClientException.line`."""
    if isinstance(error, ClientException):
        return error.line(limit)
    return shorten(printable(str(error) or type(error).__name__),
                   max(limit, 40))


def seconds(value: float) -> float:
    """A number of seconds as messages show it: ``5``, ``0.5``."""
    return int(value) if float(value).is_integer() else round(value, 1)


class ValidationError(ClientException, ValueError):
    """An argument given to the library is not valid; nothing was sent."""


class ArgumentMissing(ValidationError):
    """An argument needs another that was not given; nothing was sent.

    The command line words it with its own option names from these:

    :ivar argument: the keyword argument given, or None when the call
        needs at least one of ``needs`` (an update with nothing in it)
    :ivar needs: the keyword arguments, one of which is needed
    """

    def __init__(self, message: str, argument: str | None,
                 needs: Sequence[str]) -> None:
        super().__init__(message)
        self.argument = argument
        self.needs = tuple(needs)


class ArgumentsConflict(ValidationError):
    """Arguments that cannot be given together; nothing was sent.

    :ivar arguments: the conflicting changes, each a tuple of the keyword
        arguments that make it (``('is_public', 'allowed_cidrs')`` for new
        access); at most one of them may be given
    :ivar besides: the keyword arguments that may go with any one of them
    """

    def __init__(self, message: str,
                 arguments: Sequence[Sequence[str]],
                 besides: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.arguments = tuple(tuple(change) for change in arguments)
        self.besides = tuple(besides)


class ConfigurationDetached(ClientException):
    """Trove detached an instance's configuration group on a change that
    did not ask for it, and the group could not be attached again.

    The change itself was made. Trove before 25.0.0 (but 23.1.0 and
    24.1.0) detaches the group on any change of the instance that does not
    name one; the library attaches it again after such a change and raises
    this when Trove refuses, or when reading the instance after the change
    failed, so that whether the group is still attached is not known (see
    :meth:`InstanceManager.update
    <troveclient_osc.v1.instances.InstanceManager.update>`).

    :ivar instance_id: the instance's ID
    :ivar configuration_id: the ID of the group it had
    """

    def __init__(self, message: str, instance_id: str,
                 configuration_id: str) -> None:
        super().__init__(message)
        self.instance_id = instance_id
        self.configuration_id = configuration_id


class NoUniqueMatch(ClientException):
    """A name matched more than one resource."""


class ConnectionError(ClientException):  # noqa: A001 - part of the API
    """The service could not be reached, or the connection broke."""


class Timeout(ConnectionError):
    """The request did not complete within its deadline."""


class InvalidResponse(ClientException):
    """A successful response whose body is not what the API promises."""


class EndlessPagination(InvalidResponse):
    """The server sent a ``next`` marker that was already followed."""


class TooManyPages(EndlessPagination):
    """A listing went on past its page limit.

    :ivar marker: the marker of the next page, to continue from
    """

    def __init__(self, message: str | None = None,
                 marker: str | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.marker = marker


class WaitTimeout(ClientException):
    """A wait for a status did not succeed before its deadline.

    :ivar last_status: the last status seen, if any
    :ivar failing_since: None, or the seconds into the wait since which
        every poll failed (the service could not be asked): the last
        status is no news then
    :ivar failing_error: the error of the first of those polls
    """

    last_status: str | None = None
    failing_since: float | None = None
    failing_error: BaseException | None = None


class ResourceFailure(ClientException):
    """A resource reached a failure status while being waited for."""


class ResourceGone(ClientException):
    """A resource disappeared while waiting for it to reach a status."""


class HttpError(ClientException):
    """The server answered with an error status.

    Its arguments are python-troveclient's, in its order; besides those of
    :class:`ClientException`:

    :ivar details: what the error body says beyond its message (its
        ``details``; a text body as it is), or None
    :ivar response: the :class:`requests.Response`, or None
    """

    message = 'HTTP error'

    def __init__(self, message: str | None = None, details: Any = None,
                 response: Any = None, request_id: str | None = None,
                 url: str | None = None, method: str | None = None,
                 http_status: int | None = None,
                 retry_after: float | None = None) -> None:
        self.details = details
        self.response = response
        super().__init__(message, http_status=http_status,
                         request_id=request_id, method=method, url=url,
                         retry_after=retry_after)


class ClientError(HttpError):
    """A 4xx response."""


class ServerError(HttpError):
    """A 5xx response."""

    message = 'Server error'


#: python-troveclient's names of :class:`ClientError` and
#: :class:`ServerError`
HTTPClientError = ClientError
HttpServerError = ServerError


class BadRequest(ClientError):
    http_status = 400
    message = 'Bad Request'


class Unauthorized(ClientError):
    http_status = 401
    message = 'Unauthorized'


class Forbidden(ClientError):
    http_status = 403
    message = 'Forbidden'


class NotFound(ClientError):
    """404: Trove has nothing at that URL; and, as :class:`NoMatch`, what
    a lookup raises when nothing has the name or ID."""

    http_status: int | None = 404
    message = 'Not Found'


class NoMatch(NotFound):
    """No resource has the name or ID given: the answer of the lookup
    (:mod:`troveclient_osc.lookup`) or of a ``find``, not of a request
    (``http_status`` is None). A :class:`NotFound`, so that ``except
    NotFound`` catches it as well; a wait tells it from a 404 by its type:
    a 404 by ID means the resource is gone, a name that matches nothing
    means it was never found."""

    http_status = None


class WrongEndpoint(ClientError):
    """A 404 that is not Trove saying a resource is missing: the URL is not
    part of the Trove API, so the database endpoint (the catalog's, or the
    one given to override it) is most likely wrong.

    Not a :class:`NotFound`: nothing says the resource is missing, so no
    lookup takes it for "no such name" and no wait for "deleted".
    """

    http_status = 404
    message = 'Not Found'


class MethodNotAllowed(ClientError):
    http_status = 405
    message = 'Method Not Allowed'


class NotAcceptable(ClientError):
    http_status = 406
    message = 'Not Acceptable'


class RequestTimeout(ClientError):
    http_status = 408
    message = 'Request Timeout'


class Conflict(ClientError):
    http_status = 409
    message = 'Conflict'


class OverLimit(ClientError):
    """413: Trove's quota and rate-limit fault.

    ``retry_after`` (seconds) is set when the server sent ``Retry-After``,
    which Trove does for rate limits and not for quota errors.
    """

    http_status = 413
    message = 'Quota/rate limit exceeded'


class UnsupportedMediaType(ClientError):
    http_status = 415
    message = 'Unsupported Media Type'


class UnprocessableEntity(ClientError):
    http_status = 422
    message = 'Unprocessable Entity'


class TooManyRequests(ClientError):
    http_status = 429
    message = 'Too Many Requests'


class PaymentRequired(ClientError):
    http_status = 402
    message = 'Payment Required'


class ProxyAuthenticationRequired(ClientError):
    http_status = 407
    message = 'Proxy Authentication Required'


class Gone(ClientError):
    http_status = 410
    message = 'Gone'


class LengthRequired(ClientError):
    http_status = 411
    message = 'Length Required'


class PreconditionFailed(ClientError):
    http_status = 412
    message = 'Precondition Failed'


class RequestUriTooLong(ClientError):
    http_status = 414
    message = 'Request-URI Too Long'


class RequestedRangeNotSatisfiable(ClientError):
    http_status = 416
    message = 'Requested Range Not Satisfiable'


class ExpectationFailed(ClientError):
    http_status = 417
    message = 'Expectation Failed'


class InternalServerError(ServerError):
    http_status = 500
    message = 'Internal Server Error'


class HTTPNotImplemented(ServerError):
    http_status = 501
    message = 'Not Implemented'


class BadGateway(ServerError):
    http_status = 502
    message = 'Bad Gateway'


class ServiceUnavailable(ServerError):
    http_status = 503
    message = 'Service Unavailable'


class GatewayTimeout(ServerError):
    http_status = 504
    message = 'Gateway Timeout'


class HttpVersionNotSupported(ServerError):
    http_status = 505
    message = 'HTTP Version Not Supported'


#: python-troveclient's names of :class:`OverLimit` (413) and
#: :class:`HTTPNotImplemented` (501)
RequestEntityTooLarge = OverLimit
HttpNotImplemented = HTTPNotImplemented


_BY_STATUS: dict[int | None, type[HttpError]] = {
    cls.http_status: cls for cls in (
        BadRequest, Unauthorized, PaymentRequired, Forbidden, NotFound,
        MethodNotAllowed, NotAcceptable, ProxyAuthenticationRequired,
        RequestTimeout, Conflict, Gone, LengthRequired, PreconditionFailed,
        OverLimit, RequestUriTooLong, UnsupportedMediaType,
        RequestedRangeNotSatisfiable, ExpectationFailed, UnprocessableEntity,
        TooManyRequests, InternalServerError, HTTPNotImplemented, BadGateway,
        ServiceUnavailable, GatewayTimeout, HttpVersionNotSupported)}


# -- python-troveclient's other exception classes ---------------------------
# Kept so that code written for it imports and catches the same names. The
# library raises those that name something it does (UnsupportedVersion from
# client.Client, NotSupported, GuestLogNotFoundError); the others are never
# raised, as python-troveclient raised them from code that is not here.

class MissingArgs(ClientException):
    """Supplied arguments are not sufficient for calling a function."""

    def __init__(self, missing: Iterable[str],
                 message: str | None = None) -> None:
        self.missing = list(missing)
        super().__init__((message or 'Missing argument(s): %s')
                         % ', '.join(self.missing))


class UnsupportedVersion(ClientException):
    """An API version the client does not have was asked for."""


class CommandError(ClientException):
    """An error of a command line tool."""


class AuthorizationFailure(ClientException):
    """The client could not be authorized."""


class AuthPluginOptionsMissing(AuthorizationFailure):
    """An authentication plugin misses some options."""

    def __init__(self, opt_names: Iterable[str]) -> None:
        self.opt_names = list(opt_names)
        super().__init__('Authentication failed. Missing options: %s'
                         % ', '.join(self.opt_names))


class AuthSystemNotFound(AuthorizationFailure):
    """An authentication system that is not installed was named."""

    def __init__(self, auth_system: object) -> None:
        self.auth_system = auth_system
        super().__init__('AuthSystemNotFound: %r' % (auth_system,))


class EndpointException(ClientException):
    """Something is wrong in the service catalog."""


class EndpointNotFound(EndpointException):
    """The catalog has no endpoint that matches."""


class AmbiguousEndpoints(EndpointException):
    """The catalog has more than one endpoint that matches."""

    def __init__(self, endpoints: object = None) -> None:
        self.endpoints = endpoints
        super().__init__('AmbiguousEndpoints: %r' % (endpoints,))


class NoTokenLookupException(ClientException):
    """This form of authentication cannot look endpoints up from a token."""


#: python-troveclient's names of :class:`ConnectionError` and
#: :class:`InvalidResponse`
ConnectionRefused = ConnectionError
ResponseFormatError = InvalidResponse


class GuestLogNotFoundError(NotFound):
    """The guest log asked for has no published content (Swift answered
    404 for its container or an object of it)."""


class NotSupported(ValidationError):
    """A python-troveclient call that troveclient-osc does not make: Trove
    no longer has what it asked for, or the call would now mean something
    else. Nothing was sent; the message says what to call instead."""


# Compiled on first use (re caches them): compiling all of them whenever
# the module is imported, as every openstack command does, cost about half
# of the module's import time, for messages that are rarely needed.
_TAG = r'<[^>]*>'
# A word that is a UUID, quoted or followed by punctuation or not.
_ID_WORD = (r'\W*[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-'
            r'[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\W*')
_SPACE = r'\s+'
_DROP_BLOCKS = r'(?is)<(script|style|head)\b.*?</\1\s*>'


def _cut_middle(text: str, size: int) -> str:
    """``text`` in ``size`` characters: its start, ``...``, its end."""
    if len(text) <= size:
        return text
    kept = max(size - len(_ELLIPSIS), 2)
    tail = kept // 2
    return text[:kept - tail] + _ELLIPSIS + text[len(text) - tail:]


def shorten(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters, its end always kept.

    A server gives its reason last (``Validation error: instance['name']
    'xxx...' is too long``), so nothing is cut off the end: the longest
    words (a quoted value, a URL) are shortened in their middle first, and
    only if that is not enough the middle of the whole text. A UUID, what
    the reader acts on, is kept whole as long as anything else can go.
    """
    if len(text) <= limit:
        return text
    words = text.split(' ')
    while True:
        excess = len(' '.join(words)) - limit
        if excess <= 0:
            return ' '.join(words)
        # An ID is what the reader acts on: cut last.
        longest = max(range(len(words)), key=lambda at: (
            not re.fullmatch(_ID_WORD, words[at]), len(words[at])))
        if len(words[longest]) <= _SHORT_WORD or \
                re.fullmatch(_ID_WORD, words[longest]):
            return _cut_middle(' '.join(words), limit)
        words[longest] = _cut_middle(
            words[longest], max(_SHORT_WORD, len(words[longest]) - excess))


def _plain(text: str, limit: int = MAX_DETAIL) -> str:
    """Markup stripped, white space folded, shortened to ``limit``
    characters (in the middle: see :func:`shorten`)."""
    text = re.sub(_DROP_BLOCKS, ' ', text)
    text = html.unescape(re.sub(_TAG, ' ', text))
    text = re.sub(_SPACE, ' ', text).strip()
    return shorten(text, limit)


def loads(text: str | bytes) -> Any:
    """A JSON body decoded, or ValueError: not JSON, or nested more than
    :data:`MAX_JSON_DEPTH` deep (which the decoder itself may meet as a
    RecursionError). Every body a server sends is decoded here."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise ValueError('JSON nested too deeply') from None
    todo = [(value, 1)]
    while todo:
        item, depth = todo.pop()
        if isinstance(item, dict):
            item = list(item.values())
        elif not isinstance(item, list):
            continue
        if depth > MAX_JSON_DEPTH:
            raise ValueError('JSON nested more than %d deep'
                             % MAX_JSON_DEPTH)
        todo.extend((child, depth + 1) for child in item
                    if isinstance(child, (dict, list)))
    return value


def _message_from(value: Any) -> str | None:
    """The server's message found in a decoded JSON error body, or None.

    Handles Trove's ``{"itemNotFound": {"message": ...}}``, webob's
    ``{"message": ..., "title": ...}``, keystonemiddleware's ``{"error":
    {...}}``, API-SIG ``{"errors": [...]}``, a bare string under the fault
    name, and anything else by returning None.
    """
    if isinstance(value, str):
        return value or None
    if isinstance(value, list):
        for item in value:
            found = _message_from(item)
            if found:
                return found
        return None
    if not isinstance(value, dict):
        return None
    for key in ('message', 'detail', 'title', 'faultstring'):
        found = value.get(key)
        if isinstance(found, str) and found.strip():
            return found
    for key in ('error', 'errors'):
        if key in value:
            found = _message_from(value[key])
            if found:
                return found
    if len(value) == 1:
        return _message_from(next(iter(value.values())))
    return None


def parse_retry_after(value: object,
                      now: datetime.datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header value, or None.

    RFC 9110 allows delay-seconds or an HTTP-date; anything else (negative,
    garbage) gives None so the caller falls back to its own backoff. A delay
    above a day counts as a day.
    """
    if value is None:
        return None
    value = str(value).strip()
    if value.isascii() and value.isdigit():   # delta-seconds: [0-9]+
        return min(float(value), RETRY_AFTER_CEILING)
    try:
        from email.utils import parsedate_to_datetime
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    now = now or datetime.datetime.now(datetime.timezone.utc)
    return min(max(0.0, (when - now).total_seconds()), RETRY_AFTER_CEILING)


def _text(response: Response) -> str:
    """The body as text: in its declared charset, else UTF-8 (as JSON is),
    else nothing, rather than a guess that shows the reader mojibake."""
    try:
        content = response.content or b''
        return content.decode(response.encoding or 'utf-8')
    except (UnicodeDecodeError, LookupError):
        return ''
    except Exception:  # no body could be read: keep the reason phrase
        return ''


# What Trove (webob) answers, in its fault shape, for a URL it has no route
# for (trove_messages.NO_ROUTE). Its answers about missing resources name
# them ("Resource x cannot be found.", "Datastore 'x' cannot be found.").
NO_ROUTE_MESSAGE = trove_messages.NO_ROUTE


def _trove_fault_message(text: str, status: int) -> str | None:
    """The message of Trove's fault body ``{"<faultName>": {"code": <status>,
    "message": "..."}}`` (trove.common.wsgi.Fault), or None for any other
    body: no JSON, another shape, other keys (keystone's ``title``)."""
    try:
        body = loads(text)
    except ValueError:
        return None
    if not isinstance(body, dict) or len(body) != 1:
        return None
    fault = next(iter(body.values()))
    if (not isinstance(fault, dict) or set(fault) - {'code', 'message'}
            or fault.get('code', status) != status
            or not isinstance(fault.get('message'), str)):
        return None
    message: str = fault['message']
    return message


def is_wrong_endpoint(response: Response, collection: bool = False) -> bool:
    """True when a 404 from the database endpoint cannot be Trove saying
    that a resource is missing.

    That is a body that is not Trove's fault shape (an HTML page, another
    service's JSON, nothing), Trove's own answer to a URL it has no route
    for, or any 404 for a ``collection`` that always exists (``/instances``,
    ``/datastores``): the endpoint is wrong, not the name or ID.
    """
    if response.status_code != 404:
        return False
    if collection:
        return True
    message = _trove_fault_message(_text(response), 404)
    return message is None or trove_messages.is_no_route(message)


def from_response(response: Response, method: str | None = None,
                  url: str | None = None, secrets: Iterable[str] = (),
                  database: bool = False,
                  collection: bool = False) -> ClientException:
    """The exception that describes the error ``response``.

    Never raises: any body (Trove fault, other JSON shapes, HTML, empty,
    invalid, nested too deeply) gives a short readable message, and any
    status an error of the closest class.

    :param database: the response is the database endpoint's (not the
        identity service's): a 404 that :func:`is_wrong_endpoint` is a
        :class:`WrongEndpoint` naming the URL
    :param collection: the request was for a collection that always exists
    """
    try:
        status = int(response.status_code)
    except (TypeError, ValueError):
        status = 0
    cls: type[HttpError] | None = _BY_STATUS.get(status)
    if cls is None:
        cls = ServerError if status >= 500 else (
            ClientError if status >= 400 else HttpError)
    details = None
    try:
        headers = response.headers
        request_id = request_id_of(response)
        reason = str(getattr(response, 'reason', None) or cls.message)
        message = _message(response, reason, secrets) or reason
        retry_after = None
        if status in (413, 429, 503):
            retry_after = parse_retry_after(headers.get('Retry-After'))
        if database and is_wrong_endpoint(response, collection):
            cls = WrongEndpoint
            said = '' if message == reason else ' (%s)' % message
            message = ('The database endpoint looks wrong: %s is not a URL '
                       'of the Trove API%s' % (url, said))
        elif database and status == 403 and \
                trove_messages.is_foreign_project(message):
            message = '%s; %s' % (message.rstrip('. '), PROJECT_HINT)
        details = _details(_text(response),
                           str(headers.get('Content-Type', '')), secrets)
    except Exception:  # noqa: BLE001 - a response nothing can be made of
        request_id, retry_after, message = None, None, cls.message
    return cls(masking.mask(message, secrets), details=details,
               response=response, http_status=status,
               request_id=request_id, method=method,
               url=masking.mask(url, secrets), retry_after=retry_after)


def request_id_of(response: Any) -> str | None:
    """The request ID a response carries: ``x-openstack-request-id``, else
    ``x-compute-request-id``; None without one (or without headers)."""
    headers = getattr(response, 'headers', None) or {}
    return (headers.get('x-openstack-request-id')
            or headers.get('x-compute-request-id'))


def _details(text: str, content_type: str, secrets: Iterable[str]) -> Any:
    """python-troveclient's ``details`` of an error body: the text of a
    ``text/*`` body, else the ``details`` of a JSON fault (``{"details":
    ...}`` or ``{"<fault>": {"details": ...}}``); secrets masked."""
    if content_type.startswith('text/'):
        return masking.mask(text, secrets)
    try:
        body = loads(text)
    except ValueError:
        return None
    if isinstance(body, dict) and 'message' not in body \
            and 'details' not in body and body:
        body = next(iter(body.values()))
    details = body.get('details') if isinstance(body, dict) else None
    return masking.mask(details, secrets) if isinstance(details, str) \
        else details


# What follows Trove's answer when the project in the URL is not the
# token's (trove_messages.FOREIGN_PROJECT): an endpoint without the project
# ID at its end.
PROJECT_HINT = ('the database endpoint may lack the project ID: its URL '
                'must end with /v1.0/<project ID>')


def _message(response: Response, reason: str,
             secrets: Iterable[str]) -> str | None:
    """The server's message in an error response, masked and shortened,
    or None when the body has none."""
    text = _text(response)
    if not text.strip():
        return None
    try:
        body = loads(text)
    except ValueError:
        # Masked before it is shortened, which could split a secret.
        detail = _plain(masking.mask(text, secrets))
        return '%s: %s' % (reason, detail) if detail and detail != reason \
            else None
    found = _message_from(body)
    if found:
        return _plain(masking.mask(found, secrets), limit=MAX_SERVER_MESSAGE)
    content_type = str(response.headers.get('Content-Type', ''))
    if 'json' not in content_type and isinstance(body, str):
        return '%s: %s' % (reason, _plain(masking.mask(body, secrets)))
    return None
