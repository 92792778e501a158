"""The one request funnel of troveclient-osc.

Every call to Trove, from the library and from the OSC commands, goes through
:meth:`HTTPClient.request`, on a keystoneauth1 ``Adapter``. It owns:

* the timeout: each attempt must finish (headers *and* body) within
  ``timeout`` seconds, so a server that drips its answer a byte at a time is
  cut off at the deadline rather than hanging;
* the retry policy: idempotent methods (GET, HEAD, PUT, DELETE) are retried
  on connection failures, on 503 and 429, and on 413 with ``Retry-After``;
  a POST is retried only when the connection failed before anything was sent;
  a ``Retry-After`` beyond ``max_retry_after`` is not slept on at all; the
  first retry after a success is logged as a warning, the others at debug
  level;
* the mapping of error responses to :mod:`troveclient_osc.exceptions`;
* the checks on successful bodies (valid JSON, the expected key);
* the debug log of requests and responses, with secrets redacted
  (keystoneauth1 would log request bodies verbatim, user passwords included).
"""

from __future__ import annotations

import json as jsonlib
import logging
import time
import urllib.parse
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, NoReturn

from troveclient_osc import exceptions
from troveclient_osc import masking

if TYPE_CHECKING:
    import requests
    from keystoneauth1 import exceptions as ksa_exceptions
    from keystoneauth1 import plugin as ksa_plugin
    from keystoneauth1 import session as ksa_session

LOG = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 60.0
DEFAULT_CONNECT_RETRIES = 2
DEFAULT_STATUS_RETRIES = 2
MAX_RETRY_AFTER = 30.0
BACKOFF_START = 0.5
BACKOFF_MAX = 60.0
IDEMPOTENT = frozenset(('GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'))
RETRY_STATUSES = frozenset((429, 503))
READ_CHUNK = 64 * 1024
LOG_BODY_LIMIT = 4096


def _redacted_text(text: str, secrets: list[str]) -> str:
    try:
        shown = jsonlib.dumps(masking.redact(jsonlib.loads(text)))
    except ValueError:
        shown = text
    # Secret keys are redacted above; a secret the server echoes inside a
    # message (Trove's validation errors quote the bad value) is masked here.
    shown = masking.mask(shown, secrets)
    if len(shown) > LOG_BODY_LIMIT:
        shown = shown[:LOG_BODY_LIMIT] + '...(%d characters)' % len(shown)
    return shown


def debug_is_shown(logger: logging.Logger | logging.LoggerAdapter[Any]
                   ) -> bool:
    """True when a DEBUG record of ``logger`` would reach a handler that
    takes DEBUG records.

    ``isEnabledFor`` alone is not enough: python-openstackclient sets the
    root logger to DEBUG for every command and lets its handlers' levels
    decide what is shown, so the redacted copy of every response body
    would be built, page after page, for records that no handler keeps.
    """
    if not logger.isEnabledFor(logging.DEBUG):
        return False
    current = getattr(logger, 'logger', logger)  # a LoggerAdapter's logger
    if not isinstance(current, logging.Logger):
        return True  # something else that logs: let it decide
    handlers = False
    while current is not None:
        for handler in current.handlers:
            handlers = True
            if handler.level <= logging.DEBUG:
                return True
        if not current.propagate:
            break
        current = current.parent
    if handlers:
        return False
    # No handler at all: logging's last resort (WARNING and above).
    last = logging.lastResort
    return last is not None and last.level <= logging.DEBUG


def _causes(exc: BaseException) -> list[BaseException]:
    """``exc`` and every exception inside it, each once, outermost first:
    what it was raised from or during (``__cause__``, ``__context__``) and
    what requests, urllib3 and keystoneauth1 wrap in ``reason`` or
    ``args``. The one walk every transport failure is classified by."""
    found: list[BaseException] = []
    todo: list[object] = [exc]
    seen: set[int] = set()
    while todo:
        item = todo.pop(0)
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        seen.add(id(item))
        found.append(item)
        todo.extend([item.__cause__, item.__context__,
                     getattr(item, 'reason', None)]
                    + list(getattr(item, 'args', ())))
    return found


def _nothing_was_sent(exc: BaseException) -> bool:
    """True when a transport failure happened before the request was sent.

    Only then may a POST be tried again: the server cannot have acted on it.
    """
    import requests
    from urllib3 import exceptions as u3

    # NewConnectionError and NameResolutionError are ConnectTimeoutErrors.
    return any(isinstance(item, (requests.exceptions.ConnectTimeout,
                                 u3.ConnectTimeoutError,
                                 ConnectionRefusedError))
               for item in _causes(exc))


def _root_cause(exc: BaseException) -> str:
    """A short text for the innermost useful cause of a transport error."""
    import requests
    from urllib3 import exceptions as u3

    causes = _causes(exc)
    for item in causes:
        if isinstance(item, ConnectionRefusedError):
            return 'connection refused'
        if isinstance(item, u3.NewConnectionError):
            return 'connection refused' if 'refused' in str(item).lower() \
                else 'could not connect'
    for item in causes:
        if isinstance(item, u3.ProtocolError):
            return _protocol_text(item)
    if any(isinstance(item, requests.exceptions.ConnectionError)
           for item in causes):
        return 'connection failed'
    return (exceptions.shorten(str(exc).splitlines()[0], 150) if str(exc)
            else type(exc).__name__)


def _tls_text(exc: BaseException) -> str:
    """The reason of a TLS failure, without the layers that wrap it."""
    import ssl

    for item in _causes(exc):
        if isinstance(item, ssl.SSLCertVerificationError):
            return 'certificate verify failed: %s' % (
                item.verify_message or item.reason)
        if isinstance(item, ssl.SSLError):
            return str(item.reason or item)
    return (exceptions.shorten(str(exc).splitlines()[0], 150) if str(exc)
            else 'TLS failure')


def _is_read_timeout(exc: BaseException) -> bool:
    """True when reading a response stalled past the socket's timeout."""
    import requests
    from urllib3 import exceptions as u3

    # socket.timeout is TimeoutError.
    return any(isinstance(item, (TimeoutError, u3.ReadTimeoutError,
                                 requests.exceptions.ReadTimeout))
               for item in _causes(exc))


def _failed_url(exc: BaseException, url: str) -> str:
    """The URL a transport failure happened on: ``url``, or the identity
    service's when authenticating failed before our request was sent."""
    for item in _causes(exc):
        failed = getattr(getattr(item, 'request', None), 'url', None)
        if isinstance(failed, str) and failed:
            ours = urllib.parse.urlsplit(url)
            theirs = urllib.parse.urlsplit(failed)
            if (theirs.scheme, theirs.netloc) != (ours.scheme, ours.netloc):
                return urllib.parse.urlunsplit(theirs._replace(query='',
                                                               fragment=''))
            return url
    return url


def _protocol_text(error: BaseException) -> str:
    import http.client
    from urllib3 import exceptions as u3

    for arg in getattr(error, 'args', ()):
        # http.client's RemoteDisconnected is a ConnectionResetError too.
        if isinstance(arg, ConnectionResetError):
            return 'connection reset by peer'
        if isinstance(arg, (http.client.IncompleteRead, u3.IncompleteRead)):
            return 'response body cut short'
    return 'connection broken'


# F19: said when a token the client cannot renew by itself is refused.
TOKEN_HINT = 'the token may have expired or been revoked: get a new one'


def _token_plugin(auth: ksa_plugin.BaseAuthPlugin | None) -> str | None:
    """The token of an auth plugin that authenticates with a given token
    (``--os-token``: admin_token, v2token, v3token, token), or None.

    Such a plugin cannot get a new token when the service refuses the one
    it has: keystoneauth1's re-authentication retries the same token.
    """
    from keystoneauth1 import token_endpoint
    from keystoneauth1.identity import generic
    from keystoneauth1.identity import v2
    from keystoneauth1.identity import v3

    if isinstance(auth, (token_endpoint.Token, v2.Token)):
        return auth.token
    if isinstance(auth, generic.Token):
        return getattr(auth, '_token', None) or ''
    if isinstance(auth, v3.Token):
        return next((getattr(method, 'token', None)
                     for method in auth.auth_methods
                     if getattr(method, 'token', None)), '')
    return None


def _with_token_hint(error: exceptions.ClientException
                     ) -> exceptions.ClientException:
    """``error`` whose message says the token may be stale (401)."""
    error.message = '%s; %s' % (error.message.rstrip('. '), TOKEN_HINT)
    return error


class _Transport(Exception):
    """Internal: a transport failure, with whether retrying is safe."""

    def __init__(self, error: exceptions.ClientException, sent: bool
                 ) -> None:
        super().__init__(str(error))
        self.error = error
        self.sent = sent


class HTTPClient:
    """The request funnel: a keystoneauth1 ``Adapter`` plus our policies.

    :param session: an authenticated ``keystoneauth1.session.Session``
    :param timeout: seconds each attempt may take in all (connect, headers
        and body); defaults to the session's timeout, else 60
    :param connect_retries: extra attempts after a connection failure
    :param status_code_retries: extra attempts after 503, 429 or 413 with
        ``Retry-After`` (idempotent methods only)
    :param max_retry_after: a ``Retry-After`` above this many seconds is
        reported at once instead of slept on
    :param sleep: and ``clock``: injectable for tests
    """

    def __init__(self, session: ksa_session.Session,
                 service_type: str = 'database',
                 interface: str | None = None,
                 region_name: str | None = None,
                 endpoint_override: str | None = None,
                 service_name: str | None = None,
                 timeout: float | None = None,
                 connect_retries: int = DEFAULT_CONNECT_RETRIES,
                 status_code_retries: int = DEFAULT_STATUS_RETRIES,
                 max_retry_after: float = MAX_RETRY_AFTER,
                 sleep: Callable[[float], object] = time.sleep,
                 clock: Callable[[], float] = time.monotonic,
                 logger: logging.Logger | logging.LoggerAdapter[Any]
                 | None = None,
                 client_version: str | None = None) -> None:
        from keystoneauth1 import adapter

        self.adapter = adapter.Adapter(
            session, service_type=service_type, service_name=service_name,
            interface=interface, region_name=region_name,
            endpoint_override=endpoint_override,
            client_name='troveclient-osc', client_version=client_version)
        if timeout is None:
            timeout = getattr(session, 'timeout', None) or DEFAULT_TIMEOUT
        self.timeout = float(timeout)
        self.connect_retries = connect_retries
        self.status_code_retries = status_code_retries
        self.max_retry_after = max_retry_after
        self.sleep = sleep
        self.clock = clock
        self.log = logger or LOG
        # Whether a retry was reported as a warning since the last request
        # that succeeded: an outage is reported once, not per attempt.
        self._retry_reported = False

    @property
    def session(self) -> ksa_session.Session:
        return self.adapter.session

    def get_endpoint(self) -> str | None:
        """The catalog (or override) URL requests are sent to."""
        return self.adapter.get_endpoint()

    # Short forms of request().
    def get(self, path: str,
            **kwargs: Any) -> tuple[requests.Response, Any]:
        return self.request('GET', path, **kwargs)

    def post(self, path: str,
             **kwargs: Any) -> tuple[requests.Response, Any]:
        return self.request('POST', path, **kwargs)

    def put(self, path: str,
            **kwargs: Any) -> tuple[requests.Response, Any]:
        return self.request('PUT', path, **kwargs)

    def patch(self, path: str,
              **kwargs: Any) -> tuple[requests.Response, Any]:
        return self.request('PATCH', path, **kwargs)

    def delete(self, path: str,
               **kwargs: Any) -> tuple[requests.Response, Any]:
        return self.request('DELETE', path, **kwargs)

    def request(self, method: str, path: str, json: Any = None,
                params: Mapping[str, Any] | None = None,
                expect: str | None = None, expect_type: type = dict,
                headers: Mapping[str, str] | None = None,
                collection: bool = False) -> tuple[requests.Response, Any]:
        """Send one API request; return ``(response, body)``.

        :param path: a path relative to the endpoint (``/instances/x``)
        :param json: the request body, encoded as JSON
        :param params: the query parameters
        :param expect: the key the JSON body must have (``'instance'``); its
            value must be of ``expect_type``. None: any body, even empty.
        :param collection: ``path`` is a collection that always exists
            (``/instances``, ``/datastores``), so a 404 means the endpoint
            is wrong whatever the body says
        :raises troveclient_osc.exceptions.WrongEndpoint: a 404 that is not
            Trove saying that a resource is missing
        :raises troveclient_osc.exceptions.ClientException: any failure
        """
        method = method.upper()
        secrets = masking.collect(json) if json is not None else []
        token = _token_plugin(self.session.auth)
        if token:
            # An identity service may quote it ("Could not find token: x").
            secrets.append(token)
        idempotent = method in IDEMPOTENT
        connect_left = self.connect_retries
        status_left = self.status_code_retries if idempotent else 0
        backoff = BACKOFF_START
        while True:
            try:
                response, url = self._attempt(method, path, json, params,
                                              headers, secrets)
            except _Transport as failure:
                if connect_left > 0 and (idempotent or not failure.sent):
                    connect_left -= 1
                    self._report_retry(failure.error, backoff)
                    self.sleep(backoff)
                    backoff = min(backoff * 2, BACKOFF_MAX)
                    continue
                raise failure.error from None
            status = response.status_code
            if status >= 400:
                error = exceptions.from_response(
                    response, method, url, secrets, database=True,
                    collection=collection)
                if status == 401 and token is not None:
                    _with_token_hint(error)
                delay = self._retry_delay(response, error, backoff)
                if status_left > 0 and delay is not None:
                    status_left -= 1
                    self._report_retry(error, delay)
                    self.sleep(delay)
                    backoff = min(backoff * 2, BACKOFF_MAX)
                    continue
                raise error
            if 300 <= status < 400:
                raise exceptions.HttpError(
                    'Too many redirects or a redirect without a location',
                    http_status=status, method=method, url=url,
                    request_id=self._request_id(response))
            self._retry_reported = False
            return response, self._decode(response, url, expect,
                                          expect_type)

    # -- internals ---------------------------------------------------------

    @staticmethod
    def _display_url(base: str | None, path: str,
                     params: Mapping[str, Any] | None) -> str:
        base = base or ''
        url = base.rstrip('/') + '/' + path.lstrip('/') if base else path
        if params:
            url += '?' + urllib.parse.urlencode(params, doseq=True)
        return url

    @staticmethod
    def _request_id(response: requests.Response) -> str | None:
        return (response.headers.get('x-openstack-request-id')
                or response.headers.get('x-compute-request-id'))

    def _retry_delay(self, response: requests.Response,
                     error: exceptions.ClientException,
                     backoff: float) -> float | None:
        """Seconds to wait before retrying this error response, or None."""
        status = response.status_code
        has_header = response.headers.get('Retry-After') is not None
        if status not in RETRY_STATUSES and not (status == 413 and has_header):
            return None
        if error.retry_after is None:
            # No usable Retry-After (absent, negative, garbage): back off.
            return None if status == 413 else backoff
        if error.retry_after > self.max_retry_after:
            return None
        return error.retry_after

    def _report_retry(self, error: BaseException, delay: float) -> None:
        """Say that ``error`` is retried in ``delay`` seconds.

        Only the first retry after a success is a warning; the rest, of this
        request and of later ones, are debug records. A command that meets
        a service that is down (``delete a b``: a request per name, each
        tried three times) says once that it retries, then gives its errors.
        """
        (self.log.debug if self._retry_reported else self.log.warning)(
            '%s. Retrying in %ss.', str(error).rstrip('.'),
            exceptions.seconds(delay))
        self._retry_reported = True

    def _attempt(self, method: str, path: str, json: Any,
                 params: Mapping[str, Any] | None,
                 headers: Mapping[str, str] | None, secrets: list[str]
                 ) -> tuple[requests.Response, str]:
        """One try: ``(response, url)`` with the body read, or raise.

        The endpoint is looked up here, inside the error mapping, so that a
        failure to authenticate is reported once, as what it is, and costs
        one request to the identity service, not two.
        """
        from keystoneauth1 import exceptions as ksa

        started = self.clock()
        url = self._display_url(None, path, params)
        options = self._request_options(json, params, headers)
        try:
            url = self._display_url(self.adapter.get_endpoint(), path, params)
            self._log_request(method, url, json)
            response = self.adapter.request(path, method, **options)
        except (ksa.SSLError, ksa.ConnectTimeout, ksa.ConnectFailure,
                ksa.UnknownConnectionError) as exc:
            self._connection_failed(exc, method, url)
        except ksa.ClientException as exc:
            self._identity_failed(exc, secrets)
        self._read_body(response, method, url, started)
        self._log_response(response, secrets)
        return response, url

    def _request_options(self, json: Any, params: Mapping[str, Any] | None,
                         headers: Mapping[str, str] | None
                         ) -> dict[str, Any]:
        """The keyword arguments of one ``Adapter.request``: errors,
        retries and logging left to us, the body streamed so that
        :meth:`_read_body` can time it, JSON accepted unless ``headers``
        say otherwise."""
        options: dict[str, Any] = {
            'raise_exc': False, 'connect_retries': 0, 'log': False,
            'stream': True, 'timeout': self.timeout}
        if json is not None:
            options['json'] = json
        if params:
            options['params'] = params
        if headers:
            options['headers'] = dict(headers)
        options.setdefault('headers', {}).setdefault('Accept',
                                                     'application/json')
        return options

    def _connection_failed(self, exc: ksa_exceptions.ConnectionError,
                           method: str, url: str) -> NoReturn:
        """Raise what a failure to talk to Trove at ``url`` means.

        A TLS failure and a read timeout (the server has the request) end
        the request; any other failure is raised as :class:`_Transport`,
        with whether the request was sent, for :meth:`request` to retry.
        """
        from keystoneauth1 import exceptions as ksa

        if isinstance(exc, ksa.SSLError):
            raise exceptions.ConnectionError(
                'SSL error connecting to %s: %s' % (url, _tls_text(exc)),
                method=method, url=url) from None
        sent = not _nothing_was_sent(exc)
        if isinstance(exc, ksa.ConnectTimeout):
            error = exceptions.Timeout(
                'Request to %s timed out after %ss'
                % (_failed_url(exc, url), exceptions.seconds(self.timeout)),
                method=method, url=url)
            if sent:
                # A read timeout: the server has the request and was given
                # the full timeout to answer. Waiting that long again and
                # again would turn a bounded failure into an unbounded one.
                raise error from None
            raise _Transport(error, sent=False)
        failed = _failed_url(exc, url)
        raise _Transport(exceptions.ConnectionError(
            'Unable to establish connection to %s: %s'
            % (failed, _root_cause(exc)) if not sent else
            'Connection to %s failed: %s' % (failed, _root_cause(exc)),
            method=method, url=url), sent=sent)

    def _identity_failed(self, exc: ksa_exceptions.ClientException,
                         secrets: list[str]) -> NoReturn:
        """Raise what a failure of the identity side means, met before any
        request reached Trove: no endpoint in the catalog, the identity
        service refusing to authenticate, or another authentication
        failure."""
        from keystoneauth1 import exceptions as ksa

        if isinstance(exc, ksa.EndpointNotFound):
            raise exceptions.ClientException(
                'No endpoint for the database service (type %r) was found in '
                'the catalog for interface %s and region %s'
                % (self.adapter.service_type, self.adapter.interface or
                   'public', self.adapter.region_name or 'any')) from None
        answer = getattr(exc, 'response', None)
        if isinstance(exc, ksa.HttpError) and answer is not None:
            # The identity service refused to authenticate (a wrong password
            # is a 401): the same typed error as from Trove, for its URL.
            refused = exceptions.from_response(
                answer, getattr(exc, 'method', None),
                getattr(exc, 'url', None), secrets)
            if (refused.http_status in (401, 404)
                    and _token_plugin(self.session.auth) is not None):
                # Renewing a given token failed: the identity service no
                # longer knows it.
                _with_token_hint(refused)
            raise refused from None
        # Auth failures and the like, raised before any request to Trove.
        raise exceptions.ClientException(
            masking.mask(str(exc), secrets)
            or type(exc).__name__) from None

    def _read_body(self, response: requests.Response, method: str,
                   url: str, started: float) -> None:
        """Read the streamed body, giving up at the attempt's deadline."""
        deadline = started + self.timeout
        raw = response.raw
        chunks: list[bytes] = []
        try:
            read1 = getattr(raw, 'read1', None)
            if read1 is None:  # urllib3 < 2: no read1, read what is there
                chunks.append(response.content)
            else:
                while True:
                    if self.clock() > deadline:
                        response.close()
                        raise exceptions.Timeout(
                            'Response from %s did not complete within %ss'
                            % (url, exceptions.seconds(self.timeout)),
                            method=method, url=url,
                            request_id=self._request_id(response))
                    chunk = read1(READ_CHUNK, decode_content=True)
                    if not chunk:
                        break
                    chunks.append(chunk)
        except exceptions.ClientException:
            raise
        except Exception as exc:
            response.close()
            if _is_read_timeout(exc):
                raise exceptions.Timeout(
                    'Response from %s stalled for more than %ss'
                    % (url, exceptions.seconds(self.timeout)),
                    method=method, url=url,
                    request_id=self._request_id(response)) from None
            error = exceptions.ConnectionError(
                'Connection to %s broke while reading the response: %s'
                % (url, _root_cause(exc)), method=method, url=url,
                request_id=self._request_id(response))
            raise _Transport(error, sent=True) from None
        # requests has no public way to hand a Response the body read
        # from its stream (with our deadline); these two attributes are
        # what its own .content sets.
        response._content = b''.join(chunks)
        response._content_consumed = True  # type: ignore[attr-defined]

    def _decode(self, response: requests.Response, url: str,
                expect: str | None, expect_type: type) -> Any:
        text = response.content
        if not text or not text.strip():
            if expect is not None:
                raise exceptions.InvalidResponse(
                    'Empty response from %s where %r was expected'
                    % (url, expect), http_status=response.status_code,
                    url=url, request_id=self._request_id(response))
            return None
        try:
            body = jsonlib.loads(text)
        except ValueError:
            raise exceptions.InvalidResponse(
                'Invalid JSON in response from %s' % url,
                http_status=response.status_code, url=url,
                request_id=self._request_id(response)) from None
        if expect is not None:
            if not isinstance(body, dict) or body.get(expect) is None:
                raise exceptions.InvalidResponse(
                    'Unexpected response format from %s: missing %r'
                    % (url, expect), http_status=response.status_code,
                    url=url, request_id=self._request_id(response))
            if not isinstance(body[expect], expect_type):
                raise exceptions.InvalidResponse(
                    'Unexpected response format from %s: %r is %s, not %s'
                    % (url, expect, type(body[expect]).__name__,
                       'a list' if expect_type is list else 'an object'),
                    http_status=response.status_code, url=url,
                    request_id=self._request_id(response))
        return body

    def _log_request(self, method: str, url: str, json: Any) -> None:
        if not debug_is_shown(self.log):
            return
        if json is None:
            self.log.debug('REQ: %s %s', method, url)
        else:
            self.log.debug('REQ: %s %s body: %s', method, url,
                           jsonlib.dumps(masking.redact(json)))

    def _log_response(self, response: requests.Response,
                      secrets: list[str]) -> None:
        if not debug_is_shown(self.log):
            return
        text = response.content.decode('utf-8', 'replace')
        self.log.debug('RESP: [%s] Request-ID: %s body: %s',
                       response.status_code, self._request_id(response),
                       _redacted_text(text, secrets) if text else '(empty)')
