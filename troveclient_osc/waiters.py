"""Waiting for a resource to reach a status, or to disappear, with a deadline.

Unlike osc-lib's ``wait_for_status``, these always end: at the target status,
at a failure status (at once, with the resource's fault message), when the
resource vanishes, or at the deadline. A transient error while polling (a
503, a dropped connection) does not end the wait; the deadline still holds,
and a wait that ends while its polls fail says so, and since when.

The deadline is kept within one request: a poll that takes several (the
pages of a listing, the instances asked for by ID) stops between two of
them when it has passed (:meth:`Waiter.expired`, :class:`OutOfTime`).
"""

import functools
import logging
import time
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from troveclient_osc import exceptions

if TYPE_CHECKING:
    from troveclient_osc import batch

LOG = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 1800.0
DEFAULT_INTERVAL = 2.0
FAILURE_STATUSES = ('ERROR', 'FAILED')

# Errors that a poll may meet and survive: the next poll may well succeed.
_TRANSIENT = (exceptions.ServerError, exceptions.TooManyRequests,
              exceptions.ConnectionError, exceptions.InvalidResponse)


class OutOfTime(Exception):
    """Raised by a ``fetch`` that stopped between two requests because the
    wait's deadline passed (see :meth:`Waiter.expired`): that poll counts
    for nothing, and the wait ends."""


def polls_failed(since: float, error: BaseException,
                 status: str | None = None) -> str:
    """``every poll failed from <since>s on (last status then: <status>):
    <error>``, what a wait that ends while its polls fail says."""
    return 'every poll failed from %ss on%s: %s' % (
        exceptions.seconds(round(since, 1)),
        ' (last status then: %s)' % status if status else '', _short(error))


def _short(error: BaseException) -> str:
    """A failed poll's error in a few words for a timeout's message: its
    message and HTTP status, without the request ID."""
    if isinstance(error, exceptions.ClientException):
        text = exceptions.shorten(exceptions.printable(error.message), 70)
        status = error.http_status
        return text + (' (HTTP %s)' % status if status else '')
    return exceptions.one_line(error, 70)


def _fault_text(resource: object) -> str | None:
    fault = getattr(resource, 'fault', None)
    if isinstance(fault, dict):
        text: str | None = fault.get('message') or fault.get('details')
        return text
    return fault if isinstance(fault, str) else None


def _failure(describe: str, status: str,
             resource: object) -> exceptions.ResourceFailure:
    fault = _fault_text(resource)
    return exceptions.ResourceFailure(
        '%s transitioned to failure state %s%s'
        % (describe, status, ': %s' % fault if fault else ''))


def _by_id(listing: Iterable[Any]) -> dict[str, Any]:
    """The resources of a listing by their IDs, as strings; one without an
    ID is passed over."""
    listed: dict[str, Any] = {}
    for resource in listing:
        ident = getattr(resource, 'id', None)
        if ident is not None:
            listed[str(ident)] = resource
    return listed


def _settle(outcome: 'batch.Outcome', resource: Any, status: str | None,
            wanted: set[str] | None, failed: set[str],
            describe: Callable[[], str]) -> bool:
    """End the wait of ``outcome`` if its resource, as listed now (None:
    not listed) and in ``status``, ends it; True if it did.

    Not listed is done for a deletion (``wanted`` None) and gone
    otherwise; a wanted status is done, a ``failed`` one fails. The
    resource is named by ``describe()``, called only for an error.
    """
    if resource is None and wanted is None:
        outcome.result = None
    elif resource is None:
        outcome.error = exceptions.ResourceGone(
            '%s went away while waiting for it to become %s'
            % (describe(), '/'.join(sorted(wanted or ()))))
    elif wanted is not None and status in wanted:
        outcome.result = resource
    elif status in failed:
        outcome.error = _failure(describe(), status, resource)
    else:
        return False
    return True


class Tally:
    """Where a wait on many resources stands, after one poll.

    :ivar total: how many resources are waited for
    :ivar done: how many got there (the status, or gone for a deletion)
    :ivar failed: how many ended otherwise (a failure status, gone)
    :ivar pending: ``{id: status}`` of those still changing, in order
    :ivar ended: the :class:`~troveclient_osc.batch.Outcome` of each
        resource whose wait ended at this poll
    :ivar seen: ``{id: resource}`` of those this poll had an answer about,
        as it answered (their ``operating_status``, say)
    """

    def __init__(self, total: int, done: int, failed: int,
                 pending: dict[str, str | None],
                 ended: list['batch.Outcome'],
                 seen: dict[str, Any] | None = None) -> None:
        self.total = total
        self.done = done
        self.failed = failed
        self.pending = pending
        self.ended = ended
        self.seen = {} if seen is None else seen

    def statuses(self) -> list[tuple[str | None, int]]:
        """``[(status, count)]`` of the pending resources, the most
        common status first."""
        counts: dict[str | None, int] = {}
        for status in self.pending.values():
            counts[status] = counts.get(status, 0) + 1
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    def key(self) -> tuple[int, int, tuple[tuple[str | None, int], ...]]:
        """What a progress line shows: equal keys, equal lines."""
        return (self.done, self.failed, tuple(self.statuses()))


class Waiter:
    """Poll ``fetch()`` until a condition holds or the deadline passes.

    :param fetch: a callable returning a fresh resource (raises NotFound
        from a 404 when it is gone; a :class:`~troveclient_osc.exceptions.
        NoMatch`, from a lookup that found nothing, ends the wait)
    :param timeout: seconds before :class:`WaitTimeout`; None waits forever
    :param interval: seconds between polls
    :param callback: called with each fetched resource and the seconds
        elapsed (progress reporting)
    :param sleep: and ``clock``: injectable for tests
    """

    def __init__(self, fetch: Callable[[], Any],
                 timeout: float | None = DEFAULT_TIMEOUT,
                 interval: float = DEFAULT_INTERVAL,
                 callback: Callable[[Any, float], object] | None = None,
                 sleep: Callable[[float], object] = time.sleep,
                 clock: Callable[[], float] = time.monotonic,
                 describe: str = 'resource') -> None:
        if timeout is not None and timeout < 0:
            raise exceptions.ValidationError(
                'The wait timeout must not be negative, got %r' % timeout)
        if interval <= 0:
            raise exceptions.ValidationError(
                'The poll interval must be positive, got %r' % interval)
        self.fetch = fetch
        self.timeout = timeout
        self.interval = interval
        self.callback = callback
        self.sleep = sleep
        self.clock = clock
        self.describe = describe
        self._deadline: float | None = None
        self._started = self._poll_started = 0.0
        #: (seconds into the wait, error) of the first of the polls that
        #: have failed since the last one that did not; None when the last
        #: poll did not fail
        self.failing: tuple[float, BaseException] | None = None
        self._last_error: BaseException | None = None

    def expired(self) -> bool:
        """True once the deadline of the wait under way has passed: a
        ``fetch`` that sends several requests asks before each one after
        the first, and raises :class:`OutOfTime` then."""
        return self._deadline is not None and self.clock() >= self._deadline

    def _polls(self) -> Iterator[tuple[Any, float]]:
        """Yield (resource or None when gone, elapsed) until the deadline;
        False for a poll that failed."""
        start = self._started = self.clock()
        self._deadline = None if self.timeout is None else start + \
            self.timeout
        self.failing = None
        while True:
            self._poll_started = self.clock()
            try:
                resource = self.fetch()
            except exceptions.NoMatch:
                raise  # a lookup by name found nothing: not "gone"
            except exceptions.NotFound:
                resource = None
            except OutOfTime:
                resource = False
            except _TRANSIENT as error:
                self.poll_failed(error)
                resource = False
            else:
                self.failing = None
            elapsed = self.clock() - start
            yield resource, elapsed
            remaining = (None if self.timeout is None
                         else self.timeout - (self.clock() - start))
            if remaining is not None and remaining <= 0:
                return
            self.sleep(self.interval if remaining is None
                       else min(self.interval, remaining))

    def poll_failed(self, error: BaseException) -> None:
        """Note a poll (or a request of one) that failed with ``error``;
        said once, as a warning, until a poll succeeds again, then each
        failure is a debug record."""
        (LOG.debug if self.failing else LOG.warning)(
            'Polling %s failed (%s); trying again%s', self.describe,
            error, '' if self.failing else
            ' (further failed polls are not reported)')
        self._last_error = error
        if self.failing is None:
            self.failing = (self._poll_started - self._started, error)

    def _timeout_error(self, wanted: str, last: object,
                       describe: str | None = None) -> exceptions.WaitTimeout:
        """The WaitTimeout of ``describe``: the last status seen, or, when
        the polls were failing at the end, since when and why (the status
        seen before is no news of the resource then)."""
        status = getattr(last, 'status', None) if last else None
        said = ' (last status: %s)' % status if status else ''
        if self.failing is not None:
            said = '; ' + polls_failed(*self.failing, status=status)
        timeout = exceptions.WaitTimeout(
            'Timeout waiting for %s to %s after %ss%s'
            % (describe or self.describe, wanted,
               exceptions.seconds(self.timeout or 0), said))
        timeout.last_status = status
        if self.failing is not None:
            timeout.failing_since, timeout.failing_error = self.failing
        return timeout

    def for_status(self, statuses: str | Iterable[str],
                   failures: Iterable[str] | None = FAILURE_STATUSES) -> Any:
        """Wait until the resource's ``status`` is one of ``statuses``.

        :returns: the resource in that status
        :raises ResourceFailure: the status became one of ``failures``
        :raises ResourceGone: the resource disappeared
        :raises WaitTimeout: the deadline passed
        """
        if isinstance(statuses, str):
            statuses = (statuses,)
        wanted = {s.upper() for s in statuses}
        failed = {s.upper() for s in failures or ()}
        last = None
        for resource, elapsed in self._polls():
            if resource is False:
                continue
            if resource is None:
                raise exceptions.ResourceGone(
                    '%s went away while waiting for it to become %s'
                    % (self.describe, '/'.join(sorted(wanted))))
            last = resource
            if self.callback:
                self.callback(resource, elapsed)
            status = str(getattr(resource, 'status', '')).upper()
            if status in wanted:
                return resource
            if status in failed:
                raise _failure(self.describe, status, resource)
        raise self._timeout_error('become %s' % '/'.join(sorted(wanted)),
                                  last)

    def for_delete(self) -> None:
        """Wait until fetching the resource raises NotFound."""
        last = None
        for resource, elapsed in self._polls():
            if resource is False:
                continue
            if resource is None:
                return None
            last = resource
            if self.callback:
                self.callback(resource, elapsed)
        raise self._timeout_error('be deleted', last)

    def for_all(self, idents: Collection[Any],
                statuses: str | Iterable[str] | None = None,
                failures: Iterable[str] | None = FAILURE_STATUSES,
                describe_one: Callable[[Any], str] | None = None,
                fetch_one: Callable[[str], Any] | None = None
                ) -> 'batch.Outcomes':
        """Wait for each of ``idents`` in one poll of ``fetch()`` a time.

        Here ``fetch()`` returns a listing, every resource at once; one
        listing per interval serves every resource waited for. With
        ``statuses``, a resource is done when its status is one of them,
        and fails at once when it is one of ``failures`` (with its fault)
        or when it is gone. Without, it is done when it is gone (a wait for
        deletion), and ``failures`` end it as well. The deadline holds for
        the whole set: what is still changing then ends with
        :class:`WaitTimeout`. Nothing is raised for one resource; the
        ``callback`` gets a :class:`Tally` and the seconds elapsed after
        each poll.

        "Gone" is decided from an answer about that resource: one the
        listing does not have (or every one, when the listing itself is
        not valid) is asked for with ``fetch_one(ident)``, one request,
        and is gone only when that answers 404. Without ``fetch_one``, not
        listed is gone.

        :param idents: the resources' IDs
        :param describe_one: ``describe_one(ident)`` names one resource in
            its messages
        :param fetch_one: the resource by its ID (NotFound with an HTTP
            status when it is gone)
        :returns: :class:`~troveclient_osc.batch.Outcomes`, one per ID in
            the order given: ``result`` is the resource in its final status
            (None once gone), ``instance`` the resource as last seen,
            ``error`` what ended it otherwise
        """
        from troveclient_osc import batch

        if isinstance(statuses, str):
            statuses = (statuses,)
        wanted = None if statuses is None else {s.upper() for s in statuses}
        failed = {s.upper() for s in failures or ()}
        describe_one = describe_one or str
        outcomes: dict[str, batch.Outcome] = {}
        for ident in idents:
            outcomes.setdefault(str(ident), batch.Outcome(ident))
        pending = self._poll_all(outcomes, _Rule(wanted, failed,
                                                 describe_one, fetch_one))
        wanted_text = ('be deleted' if wanted is None
                       else 'become %s' % '/'.join(sorted(wanted)))
        for ident in pending:
            outcome = outcomes[ident]
            outcome.error = self._timeout_error(
                wanted_text, outcome.instance, describe_one(ident))
        # One per ID given, in order (an ID given twice shares its outcome).
        return batch.Outcomes(outcomes[str(ident)] for ident in idents)

    def _poll_all(self, outcomes: dict[str, 'batch.Outcome'],
                  rule: '_Rule') -> dict[str, str | None]:
        """Poll the listing until every one of ``outcomes`` has ended or
        the deadline passes, settling each as its resource is listed or
        asked for (see :meth:`for_all`) and telling the ``callback`` after
        each poll.

        :returns: ``{id: status}`` of those still changing at the deadline
            (empty when every wait ended)
        """
        pending: dict[str, str | None] = {
            ident: None for ident in outcomes}
        done = failures_seen = 0
        for listing, elapsed in self._polls():
            if listing is None:
                raise exceptions.NotFound(
                    'The listing polled for %s answered 404' % self.describe)
            if listing is False and not self._ask_each(rule):
                continue
            listed = {} if listing is False else _by_id(listing)
            ended = []
            seen: dict[str, Any] = {}
            for ident in list(pending):
                outcome = outcomes[ident]
                resource = listed.get(ident)
                if resource is None and rule.fetch_one is not None:
                    resource = self._ask(rule, outcome, ident)
                    if resource is False:
                        continue  # no answer about it: still pending
                    if listing is False:
                        self.failing = None  # an answer came after all
                status = (None if resource is None else
                          str(getattr(resource, 'status', '')).upper())
                if resource is not None:
                    outcome.instance = seen[ident] = resource
                if outcome.error is None and not _settle(
                        outcome, resource, status, rule.wanted, rule.failed,
                        functools.partial(rule.describe_one, ident)):
                    pending[ident] = status
                    continue
                del pending[ident]
                ended.append(outcome)
                if outcome.ok:
                    done += 1
                else:
                    failures_seen += 1
            if self.callback:
                self.callback(Tally(len(outcomes), done, failures_seen,
                                    dict(pending), ended, seen), elapsed)
            if not pending:
                break
        return pending

    def _ask_each(self, rule: '_Rule') -> bool:
        """Whether a poll whose listing failed asks for each resource by
        ID instead: when the listing came but was not valid (pages that
        overlap, items without an ID), not when the service is down."""
        return (rule.fetch_one is not None and self.failing is not None
                and isinstance(self._last_error, exceptions.InvalidResponse)
                and not self.expired())

    def _ask(self, rule: '_Rule', outcome: 'batch.Outcome',
             ident: str) -> Any:
        """``rule.fetch_one(ident)``: the resource, None when it is gone
        (404), False when there is no answer (no time left, a transient
        failure). Another error ends that resource's wait."""
        assert rule.fetch_one is not None
        if self.expired():
            return False
        try:
            return rule.fetch_one(ident)
        except exceptions.NoMatch as error:
            outcome.error = error
            return outcome.instance
        except exceptions.NotFound:
            return None
        except _TRANSIENT as error:
            self.poll_failed(error)
            return False
        except exceptions.ClientException as error:
            outcome.error = error
            return outcome.instance


class _Rule:
    """What ends each wait of :meth:`Waiter.for_all`."""

    def __init__(self, wanted: set[str] | None, failed: set[str],
                 describe_one: Callable[[Any], str],
                 fetch_one: Callable[[str], Any] | None) -> None:
        self.wanted = wanted
        self.failed = failed
        self.describe_one = describe_one
        self.fetch_one = fetch_one
