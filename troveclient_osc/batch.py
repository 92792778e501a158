"""Work on many resources at once: one outcome per target, a bounded pool.

A call on many targets never stops at the first failure: each target gets
an :class:`Outcome`, in the order the targets were given, that holds what
was done or the error that stopped it. The requests go out from a small
pool of threads (:data:`DEFAULT_CONCURRENCY` at a time), each through the
one request funnel and its retry rules; a keystoneauth1 session may be
shared between threads.
"""

from collections.abc import Callable, Iterable
from concurrent import futures
from typing import Any, TypeVar

from troveclient_osc import checks
from troveclient_osc import exceptions

#: How many requests a call on many targets has in flight at most, unless
#: told otherwise: enough to hide the round trips, few enough not to crowd
#: the API (Trove's default rate limits allow 200 POSTs a minute).
DEFAULT_CONCURRENCY = 4
#: The most a caller may ask for.
MAX_CONCURRENCY = 32

_T = TypeVar('_T')


class Outcome:
    """What happened to one target of a call on many.

    :ivar target: the name, ID or resource as the caller gave it
    :ivar instance: what the target was resolved to (the ID as given, or
        the resource found by name), or None when it did not resolve
    :ivar result: what the call on it returned
    :ivar error: the exception that ended the work on it, or None
    :ivar same_as: the outcome of an earlier target that resolved to the
        same resource (named once by name and once by ID, say), whose one
        call this outcome shares; None for the first
    :ivar waited: True once a wait after the call has settled it: its
        ``result`` and ``error`` are then the wait's (the resource as it
        got there, or why it did not)
    """

    def __init__(self, target: Any, instance: Any = None, result: Any = None,
                 error: BaseException | None = None) -> None:
        self.target = target
        self.instance = instance
        self.result = result
        self.error = error
        self.same_as: Outcome | None = None
        self.waited = False

    @property
    def ok(self) -> bool:
        """True when nothing went wrong for this target."""
        return self.error is None

    @property
    def id(self) -> str | None:
        """The ID of what the target resolved to, or None."""
        if self.instance is None:
            return None
        return str(getattr(self.instance, 'id', self.instance))

    def __repr__(self) -> str:
        return '<Outcome %r %s>' % (
            self.target, 'ok' if self.ok else
            '%s: %s' % (type(self.error).__name__, self.error))


class Outcomes(list['Outcome']):
    """The outcomes of a call on many targets, in the targets' order.

    :ivar scope: where the targets' names were looked up (a
        :class:`troveclient_osc.lookup.Scope`), which a wait on them polls
        too; None when they were not looked up
    """

    scope: Any = None

    @property
    def failed(self) -> list[Outcome]:
        """The outcomes that ended in an error."""
        return [outcome for outcome in self if not outcome.ok]

    @property
    def succeeded(self) -> list[Outcome]:
        """The outcomes that did not."""
        return [outcome for outcome in self if outcome.ok]

    @property
    def distinct(self) -> 'Outcomes':
        """One outcome per resource: without those that share an earlier
        target's (``same_as``), so that what was done is counted once."""
        distinct = Outcomes(outcome for outcome in self
                            if outcome.same_as is None)
        distinct.scope = self.scope
        return distinct

    def raise_first(self) -> 'Outcomes':
        """Raise the first failure's error, if any; return self."""
        for outcome in self:
            if outcome.error is not None:
                raise outcome.error
        return self


def check_concurrency(concurrency: object) -> int:
    """``concurrency`` as an integer from 1 to :data:`MAX_CONCURRENCY`."""
    if concurrency is None:
        return DEFAULT_CONCURRENCY
    if isinstance(concurrency, bool) or not isinstance(concurrency, int):
        # an int, not text: the command line parses it first
        raise exceptions.ValidationError(
            'Invalid concurrency %r: must be an integer from 1 to %d'
            % (concurrency, MAX_CONCURRENCY))
    return checks.positive_int(concurrency, 'concurrency',
                               most=MAX_CONCURRENCY)


def run(calls: Iterable[Callable[[], _T]],
        concurrency: int | None = None) -> list[_T | Exception]:
    """Call each of ``calls`` (callables without arguments), at most
    ``concurrency`` at a time; return their results in the calls' order,
    an exception standing in for the result of a call that raised one.

    One call runs in the caller's thread, as it would alone; the pool's
    threads are only started for two calls or more. KeyboardInterrupt
    stops what has not started yet and is raised.
    """
    concurrency = check_concurrency(concurrency)
    calls = list(calls)
    if len(calls) < 2 or concurrency == 1:
        return [_call(call) for call in calls]
    pool = futures.ThreadPoolExecutor(
        max_workers=min(concurrency, len(calls)),
        thread_name_prefix='troveclient-osc')
    started: list[futures.Future[_T | Exception]] = []
    try:
        for call in calls:
            started.append(pool.submit(_call, call))
        return [future.result() for future in started]
    finally:
        # Normally every call is done by now; after KeyboardInterrupt the
        # calls not started yet are dropped, and the ones under way end
        # with their request (the funnel's timeout bounds it).
        pool.shutdown(wait=False, cancel_futures=True)


def _call(call: Callable[[], _T]) -> _T | Exception:
    try:
        return call()
    except Exception as error:  # noqa: BLE001 - one target's failure
        return error
