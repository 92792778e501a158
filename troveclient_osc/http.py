"""The one request funnel of troveclient-osc.

Every call to Trove, from the library and from the OSC commands, goes through
:meth:`HTTPClient.request`, on a keystoneauth1 ``Adapter``. It owns:

* the timeout: each attempt must finish (signing in when a token is
  needed, the request, the headers *and* the body) within ``timeout``
  seconds, so neither a silent identity service nor a server that drips its
  answer a byte at a time holds the caller beyond it (:func:`budget`);
* the retry policy: idempotent methods (GET, HEAD, PUT, DELETE) are retried
  on connection failures, on 503 and 429, and on 413 with ``Retry-After``;
  a POST is retried only when the connection failed before anything was sent;
  a ``Retry-After`` beyond ``max_retry_after`` is not slept on at all; the
  first retry after a success is logged as a warning, the others at debug
  level;
* what a lost answer means: a retried DELETE answered 404 after an attempt
  whose answer was lost is done; any other failure of a request that was
  sent to change something says that it may have been carried out, and
  what to check (``may_have_acted``);
* a connection pool for Trove as large as the most requests a call on many
  sends at once (:data:`troveclient_osc.batch.MAX_CONCURRENCY`);
* the mapping of error responses to :mod:`troveclient_osc.exceptions`;
* the checks on successful bodies (valid JSON, the expected key);
* the debug log of requests and responses, with secrets redacted
  (keystoneauth1 would log request bodies verbatim, user passwords included);
* dry runs (:meth:`HTTPClient.dry_run`): the reads are sent, the changes
  recorded in a :class:`troveclient_osc.dry_run.Plan` instead.
"""

from __future__ import annotations

import contextlib
import contextvars
import json as jsonlib
import logging
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, NoReturn

from troveclient_osc import dry_run as dry_runs
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
# Methods that change nothing, the ones a dry run sends: a lost answer to
# one of them costs nothing.
SAFE = dry_runs.READS
RETRY_STATUSES = frozenset((429, 503))
READ_CHUNK = 64 * 1024
LOG_BODY_LIMIT = 4096


def _redacted_text(text: str, secrets: list[str]) -> str:
    try:
        shown = jsonlib.dumps(masking.redact(exceptions.loads(text)))
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
            # A NullHandler (the package's own, see troveclient_osc)
            # takes every record and shows none.
            if handler.level <= logging.DEBUG and \
                    not isinstance(handler, logging.NullHandler):
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
        failed = (getattr(item, 'failed_url', None)
                  or getattr(getattr(item, 'request', None), 'url', None))
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


# -- the budget of an attempt, sign-in included -----------------------------
#
# keystoneauth1 signs in (identity discovery, then the token) inside the
# first request that needs a token, each of those requests with the
# session's own timeout (none at all in OpenStackClient's session unless
# one is configured). A session the funnel uses gets a thin wrapper around
# its request method that, while a budget is set in the calling thread or
# context, gives every request the time left of that budget, and refuses
# one when none is left. With no budget set (any other code using the same
# session: another service's command, the caller's own requests) it does
# nothing at all.

class _Budget:
    """Seconds allowed from ``started`` by ``clock``: ``seconds``, or the
    session's timeout (:data:`DEFAULT_TIMEOUT` if it has none)."""

    def __init__(self, clock: Callable[[], float],
                 seconds: float | None) -> None:
        self.clock = clock
        self.started = clock()
        self.seconds = seconds

    def total(self, session: object) -> float:
        if self.seconds is not None:
            return self.seconds
        return float(getattr(session, 'timeout', None) or DEFAULT_TIMEOUT)

    def left(self, session: object) -> float:
        return self.started + self.total(session) - self.clock()


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar(
    'troveclient_osc_budget', default=None)
_BOUND = '_troveclient_osc_bounded'
_BOUND_LOCK = threading.Lock()


@contextlib.contextmanager
def budget(seconds: float | None = None,
           clock: Callable[[], float] = time.monotonic) -> Iterator[None]:
    """Within this block, the requests of a session made :func:`bounded`
    (signing in included) end within ``seconds`` in all, counted from now
    (None: the session's timeout, else :data:`DEFAULT_TIMEOUT`)."""
    token = _BUDGET.set(_Budget(clock, seconds))
    try:
        yield
    finally:
        _BUDGET.reset(token)


def _out_of_time(url: str, seconds: float) -> Exception:
    """What a request refused for want of time raises: keystoneauth1's
    ConnectTimeout, which its sign-in code and the funnel both handle,
    naming the URL that was not asked."""
    from keystoneauth1 import exceptions as ksa

    error = ksa.ConnectTimeout('Request to %s timed out after %ss'
                               % (url, exceptions.seconds(seconds)))
    error.failed_url = url  # type: ignore[attr-defined]
    return error


def bounded(session: ksa_session.Session) -> ksa_session.Session:
    """Make every request of ``session`` keep to the :func:`budget` in
    force where it is sent (once per session; see above)."""
    with _BOUND_LOCK:
        if getattr(session, _BOUND, False):
            return session
        send = session.request

        def request(url: str, method: str, **kwargs: Any) -> Any:
            current = _BUDGET.get()
            if current is not None:
                left = round(current.left(session), 1)
                if left <= 0:
                    raise _out_of_time(url, current.total(session))
                given = kwargs.get('timeout') or getattr(session, 'timeout',
                                                         None)
                kwargs['timeout'] = left if given is None else min(
                    float(given), left)
            return send(url, method, **kwargs)

        setattr(session, 'request', request)
        setattr(session, _BOUND, True)
    return session


# -- secrets ------------------------------------------------------------------

def _auth_secrets(auth: object) -> list[str]:
    """The secrets an auth plugin holds (password, token, application
    credential secret, ...), of the plugin, of the plugin a generic one
    made, and of their auth methods: an identity service or Trove may
    quote one back."""
    found: list[str] = []
    todo: list[object] = [auth]
    seen: set[int] = set()
    while todo:
        item = todo.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        for name, value in getattr(item, '__dict__', {}).items():
            if isinstance(value, str) and value and \
                    masking.is_secret_name(name) and not any(
                        word in name for word in ('endpoint', 'url', 'type')):
                found.append(value)
        todo.append(getattr(item, '_plugin', None))
        todo.extend(getattr(item, 'auth_methods', None) or ())
    return found


# -- lost answers -------------------------------------------------------------

def path_parts(path: str) -> list[str]:
    """The segments of a request's ``path``, decoded, without its query
    and without the ``mgmt`` of the administrator's API
    (``/mgmt/instances/<id>/action`` is about the instance
    ``/instances/<id>`` is)."""
    parts = [urllib.parse.unquote(part) for part
             in path.split('?')[0].strip('/').split('/') if part]
    return parts[1:] if parts[:1] == ['mgmt'] else parts


def _subject(path: str, body: Any
             ) -> tuple[str, str | None, str | None]:
    """``(collection, name, ident)`` of a request: the collection it is
    about (``instances``), the name a create gives (its body's
    ``{"<key>": {"name": ...}}``) and the ID it acts on, if any."""
    parts = path_parts(path)
    collection = parts[0] if parts else ''
    ident = parts[1] if len(parts) > 1 else None
    name = None
    if ident is None and isinstance(body, dict) and len(body) == 1:
        inner = next(iter(body.values()))
        if isinstance(inner, dict) and isinstance(inner.get('name'), str):
            name = inner['name']
    return collection, name, ident


def _quoted(value: str) -> str:
    return exceptions.shorten(exceptions.printable(value), 80)


def check_after_lost_answer(collection: str, name: str | None,
                            ident: str | None) -> str:
    """What to check before sending again a request whose answer was lost
    (the library's words; the command line puts its own commands here)."""
    kind = collection[:-1] if collection.endswith('s') else collection
    if ident is not None:
        return ('check %s %s before sending it again'
                % (kind or 'the resource', _quoted(ident)))
    if name is not None:
        return ("check whether the %s '%s' exists before sending it again"
                % (kind or 'resource', _quoted(name)))
    return 'check what it did before sending it again'


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
    """Internal: a transport failure, with whether the request was sent
    (its answer lost) and whether trying again may help at all."""

    def __init__(self, error: exceptions.ClientException, sent: bool,
                 retriable: bool = True, trove: bool = True) -> None:
        super().__init__(str(error))
        self.error = error
        self.sent = sent
        self.retriable = retriable
        #: the failure was Trove's (not the identity service's, signing in)
        self.trove = trove


_POOL_LOCK = threading.Lock()


class _Tries:
    """The attempts of one request: the retries left, the back-off, and
    whether an attempt was sent that changes something and lost its answer
    (``lost``)."""

    def __init__(self, client: HTTPClient, method: str) -> None:
        self.method = method
        self.idempotent = method in IDEMPOTENT
        self.changes = method not in SAFE
        self.connect_left = client.connect_retries
        self.status_left = (client.status_code_retries if self.idempotent
                            else 0)
        self.backoff = BACKOFF_START
        self.lost = False

    def again(self, status: bool = False) -> bool:
        """Spend a retry (of the status kind, or the connection kind);
        False when none is left. The back-off doubles."""
        if status:
            if self.status_left <= 0:
                return False
            self.status_left -= 1
        else:
            if self.connect_left <= 0:
                return False
            self.connect_left -= 1
        self.backoff = min(self.backoff * 2, BACKOFF_MAX)
        return True

    def after(self, failure: _Transport) -> float | None:
        """The seconds to wait before trying again after ``failure``, or
        None when it is not tried again: a request sent may be repeated
        only when it is idempotent, one that was not always."""
        if failure.sent and failure.trove and self.changes:
            self.lost = True
        delay = self.backoff
        if failure.retriable and (self.idempotent or not failure.sent) \
                and self.again():
            return delay
        return None


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
        #: ``hint(collection, name, ident)``: what a message about a lost
        #: answer tells the reader to check (see
        #: :func:`check_after_lost_answer`, the default)
        self.lost_answer_hint: Callable[[str, str | None, str | None],
                                        str] = check_after_lost_answer
        self._pool_fitted = False
        # the plan of the dry run under way (see dry_run()), else None
        self._plan: dry_runs.Plan | None = None
        bounded(session)

    @property
    def session(self) -> ksa_session.Session:
        return self.adapter.session

    def get_endpoint(self) -> str | None:
        """The catalog (or override) URL requests are sent to."""
        return self.adapter.get_endpoint()

    @contextlib.contextmanager
    def dry_run(self) -> Iterator[dry_runs.Plan]:
        """Inside, the requests that change something are recorded in the
        :class:`~troveclient_osc.dry_run.Plan` yielded, not sent; the reads
        are sent. A call that needs Trove's answer to a change ends the
        block (:class:`~troveclient_osc.dry_run.Stopped`, which the block
        takes: ``plan.stopped``). See :mod:`troveclient_osc.dry_run`.

        :raises RuntimeError: a dry run of this client is under way already
        """
        if self._plan is not None:
            raise RuntimeError('A dry run of this client is under way '
                               'already')
        plan = self._plan = dry_runs.Plan()
        try:
            yield plan
        except dry_runs.Stopped:
            pass  # the call got as far as a dry run can: plan.stopped
        finally:
            self._plan = None

    # Short forms of request().
    def get(self, path: str,
            **kwargs: Any) -> tuple[requests.Response | None, Any]:
        return self.request('GET', path, **kwargs)

    def post(self, path: str,
             **kwargs: Any) -> tuple[requests.Response | None, Any]:
        return self.request('POST', path, **kwargs)

    def put(self, path: str,
            **kwargs: Any) -> tuple[requests.Response | None, Any]:
        return self.request('PUT', path, **kwargs)

    def patch(self, path: str,
              **kwargs: Any) -> tuple[requests.Response | None, Any]:
        return self.request('PATCH', path, **kwargs)

    def delete(self, path: str,
               **kwargs: Any) -> tuple[requests.Response | None, Any]:
        return self.request('DELETE', path, **kwargs)

    def request(self, method: str, path: str, json: Any = None,
                params: Mapping[str, Any] | None = None,
                expect: str | None = None, expect_type: type = dict,
                headers: Mapping[str, str] | None = None,
                collection: bool = False
                ) -> tuple[requests.Response | None, Any]:
        """Send one API request; return ``(response, body)``.

        In a dry run (:meth:`dry_run`), a request that changes something
        is recorded and not sent: ``(None, None)``.

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
        plan = self._plan
        if plan is not None and plan.take(method, path, json, params,
                                          expect):
            return None, None
        secrets = masking.collect(json) if json is not None else []
        # An identity service may quote them ("Could not find token: x").
        secrets.extend(_auth_secrets(self.session.auth))
        token = _token_plugin(self.session.auth)
        tries = _Tries(self, method)
        while True:
            try:
                response, url = self._attempt(method, path, json, params,
                                              headers, secrets)
            except _Transport as failure:
                delay = tries.after(failure)
                if delay is None:
                    raise self._unsure(failure.error, tries, path,
                                       json) from None
                self._report_retry(failure.error, delay)
                self.sleep(delay)
                continue
            status = response.status_code
            if status >= 400:
                error = exceptions.from_response(
                    response, method, url, secrets, database=True,
                    collection=collection)
                if status == 401 and token is not None:
                    _with_token_hint(error)
                if tries.lost and method == 'DELETE' and isinstance(
                        error, exceptions.NotFound):
                    # The attempt whose answer was lost deleted it.
                    self.log.info('%s answered 404 after an attempt whose '
                                  'answer was lost: taken as deleted', url)
                    self._retry_reported = False
                    return response, None
                delay = self._retry_delay(response, error, tries.backoff)
                if delay is not None and tries.again(status=True):
                    self._report_retry(error, delay)
                    self.sleep(delay)
                    continue
                raise self._unsure(error, tries, path, json)
            if 300 <= status < 400:
                raise self._unsure(exceptions.HttpError(
                    'Too many redirects or a redirect without a location',
                    http_status=status, method=method, url=url,
                    request_id=exceptions.request_id_of(response)),
                    tries, path, json)
            self._retry_reported = False
            return response, self._decode(response, url, expect,
                                          expect_type)

    def _unsure(self, error: exceptions.ClientException, tries: _Tries,
                path: str, json: Any) -> exceptions.ClientException:
        """``error``, saying so when an attempt of a request that changes
        something was sent and its answer lost: it may have been carried
        out, and what to check before sending it again."""
        if tries.lost and not error.may_have_acted:
            error.may_have_acted = True
            error.message = '%s; the %s may have been carried out: %s' % (
                error.message.rstrip('. '), tries.method,
                self.lost_answer_hint(*_subject(path, json)))
        return error

    # -- internals ---------------------------------------------------------

    @staticmethod
    def _display_url(base: str | None, path: str,
                     params: Mapping[str, Any] | None) -> str:
        base = base or ''
        url = base.rstrip('/') + '/' + path.lstrip('/') if base else path
        if params:
            url += '?' + urllib.parse.urlencode(params, doseq=True)
        return url

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
        one request to the identity service, not two. Signing in, when it
        is needed, is part of the attempt and of its ``timeout``.
        """
        from keystoneauth1 import exceptions as ksa

        started = self.clock()
        url = self._display_url(None, path, params)
        options = self._request_options(json, params, headers)
        try:
            with budget(self.timeout, self.clock):
                url = self._display_url(self.adapter.get_endpoint(), path,
                                        params)
                self._fit_pool(url)
                self._log_request(method, url, json)
                response = self.adapter.request(path, method, **options)
        except (ksa.SSLError, ksa.ConnectTimeout, ksa.ConnectFailure,
                ksa.UnknownConnectionError) as exc:
            self._connection_failed(exc, method, url)
        except ksa.ClientException as exc:
            self._identity_failed(exc, secrets)
        sent_token = response.request.headers.get('X-Auth-Token')
        if sent_token:
            # The token actually sent, whatever the plugin: a service may
            # quote it back.
            secrets.append(str(sent_token))
        self._read_body(response, method, url, started)
        self._log_response(response, secrets)
        return response, url

    def _fit_pool(self, url: str) -> None:
        """Give the connections to Trove's host a pool as large as the most
        requests a call on many has in flight (batch.MAX_CONCURRENCY), once:
        requests' default of 10 would make urllib3 warn "Connection pool is
        full" and close connections at a higher ``concurrency``."""
        if self._pool_fitted:
            return
        import requests.adapters

        from troveclient_osc import batch

        with _POOL_LOCK:
            if self._pool_fitted:
                return
            self._pool_fitted = True
            pool = getattr(self.session, 'session', None)
            parts = urllib.parse.urlsplit(url)
            if pool is None or not parts.netloc:
                return
            origin = '%s://%s/' % (parts.scheme, parts.netloc)
            current = pool.get_adapter(origin)
            size = getattr(current, '_pool_maxsize', None)
            if isinstance(current, requests.adapters.HTTPAdapter) and \
                    isinstance(size, int) and size < batch.MAX_CONCURRENCY:
                pool.mount(origin, type(current)(
                    pool_maxsize=batch.MAX_CONCURRENCY,
                    max_retries=current.max_retries))

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
        failed = _failed_url(exc, url)
        # Only an attempt that reached Trove may have acted: one that
        # failed while signing in did not.
        trove = failed == url
        if getattr(exc, 'failed_url', None):
            # The attempt's budget ran out (signing in took it): trying
            # again would only start another sign-in.
            raise _Transport(exceptions.Timeout(
                str(exc), method=method, url=url), sent=False,
                retriable=False, trove=False)
        sent = not _nothing_was_sent(exc)
        if isinstance(exc, ksa.ConnectTimeout):
            # A read timeout (sent) is not tried again: the server has the
            # request and was given the full timeout to answer. Waiting
            # that long again and again would turn a bounded failure into
            # an unbounded one.
            raise _Transport(exceptions.Timeout(
                'Request to %s timed out after %ss'
                % (failed, exceptions.seconds(self.timeout)),
                method=method, url=url), sent=sent, retriable=not sent,
                trove=trove)
        raise _Transport(exceptions.ConnectionError(
            'Unable to establish connection to %s: %s'
            % (failed, _root_cause(exc)) if not sent else
            'Connection to %s failed: %s' % (failed, _root_cause(exc)),
            method=method, url=url), sent=sent, trove=trove)

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
                        raise _Transport(exceptions.Timeout(
                            'Response from %s did not complete within %ss'
                            % (url, exceptions.seconds(self.timeout)),
                            method=method, url=url,
                            request_id=exceptions.request_id_of(response)),
                            sent=True, retriable=False)
                    chunk = read1(READ_CHUNK, decode_content=True)
                    if not chunk:
                        break
                    chunks.append(chunk)
        except _Transport:
            raise
        except Exception as exc:
            response.close()
            if _is_read_timeout(exc):
                raise _Transport(exceptions.Timeout(
                    'Response from %s stalled for more than %ss'
                    % (url, exceptions.seconds(self.timeout)),
                    method=method, url=url,
                    request_id=exceptions.request_id_of(response)), sent=True,
                    retriable=False) from None
            error = exceptions.ConnectionError(
                'Connection to %s broke while reading the response: %s'
                % (url, _root_cause(exc)), method=method, url=url,
                request_id=exceptions.request_id_of(response))
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
                    url=url, request_id=exceptions.request_id_of(response))
            return None
        try:
            body = exceptions.loads(text)
        except ValueError:
            raise exceptions.InvalidResponse(
                'Invalid JSON in response from %s' % url,
                http_status=response.status_code, url=url,
                request_id=exceptions.request_id_of(response)) from None
        if expect is not None:
            if not isinstance(body, dict) or body.get(expect) is None:
                raise exceptions.InvalidResponse(
                    'Unexpected response format from %s: missing %r'
                    % (url, expect), http_status=response.status_code,
                    url=url, request_id=exceptions.request_id_of(response))
            if not isinstance(body[expect], expect_type):
                raise exceptions.InvalidResponse(
                    'Unexpected response format from %s: %r is %s, not %s'
                    % (url, expect, type(body[expect]).__name__,
                       'a list' if expect_type is list else 'an object'),
                    http_status=response.status_code, url=url,
                    request_id=exceptions.request_id_of(response))
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
                       response.status_code,
                       exceptions.request_id_of(response),
                       _redacted_text(text, secrets) if text else '(empty)')
