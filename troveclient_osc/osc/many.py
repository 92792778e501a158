"""One path for a command on one or many targets: act, wait, summarise.

Every ``<instance> [<instance> ...]`` command (and the deletes of
datastores and their versions) makes one call, :func:`run`:

1. **act**: the action on every target, each failure kept for that target
   alone (:class:`OnInstances`: the library's ``act_on_many``, one scan
   for every name, ``--concurrency`` requests at a time, names looked up
   where the command line says or, by default, where the library's call
   looks; :class:`OneByOne`: a lookup and a request per target, in turn);
2. **wait**, with ``--wait`` (:class:`Wait` says for what): the library's
   ``wait_for_outcomes`` on the outcomes of the action, which waits for
   those it accepted and decides how to poll (one GET per poll for one
   instance, one walk of the listing per poll for several, in the
   projects the names were looked up in); :func:`wait` shows its
   progress;
3. **summarise**: for one target its error, as it is (exit 1); for
   several one line per failure, as it happens, and at the end
   ``N of M database instances failed to <verb>.`` (exit 1).

What each request became is told to the command's
:class:`~troveclient_osc.osc.progress.Changes`, for the line a signal ends
the command with.

In a dry run (``--dry-run``, :mod:`troveclient_osc.osc.plan`), the act
step looks every target up, IDs too (the library's lookup: one GET for one
target given by ID, one scan otherwise), tells the plan which target each
request is for, and there is no wait; the summary says what would fail.

:func:`watch` is the wait of ``--wait`` on its own (``database instance
wait``): the targets looked up by the library (``resolve``: one scan for
the names), then the same wait and summary.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from osc_lib import exceptions as osc_exceptions

from troveclient_osc.i18n import _
from troveclient_osc.osc import arguments
from troveclient_osc.osc import progress

if TYPE_CHECKING:
    from troveclient_osc import batch

# troveclient_osc.batch and .exceptions are imported where they are used:
# every ``openstack`` command imports the command modules, and with them
# this one.


@dataclasses.dataclass(frozen=True)
class Wait:
    """What ``--wait`` waits for after an action on instances.

    :ivar statuses: the statuses that end the wait; None to wait until the
        instances are gone
    :ivar failures: the statuses that fail it at once; None for the
        library's (ERROR, FAILED; none for a deletion)
    :ivar done: what the progress line of several calls those that got
        there (``settled``); by default the statuses, or ``deleted``
    """

    statuses: tuple[str, ...] | None = ('ACTIVE',)
    failures: tuple[str, ...] | None = None
    done: str | None = None

    @property
    def word(self) -> str:
        """What the progress of several says of those that got there."""
        if self.done is not None:
            return self.done
        return _('deleted') if self.statuses is None \
            else '/'.join(self.statuses)

    @property
    def going_on(self) -> str:
        """What the server does after a timeout of one."""
        return (_('Trove carries on deleting it') if self.statuses is None
                else _('it exists and Trove carries on with it'))

    @property
    def wanted(self) -> str:
        """What the instances were waited for to do, for a timeout."""
        return (_('be deleted') if self.statuses is None
                else _('become %s') % '/'.join(self.statuses))


#: Waits until the instances are gone.
GONE = Wait(statuses=None)


# -- acting -----------------------------------------------------------------

def calling(method: Callable[..., object], *extra: object
            ) -> Callable[[Any], object]:
    """``method(target, *extra)``, a manager's call with the arguments the
    same for every target, as an action of :class:`OnInstances`; it is
    ``method`` to the library's lookup (:func:`_like`)."""
    def call(target: Any) -> object:
        return method(target, *extra)

    return _like(call, method)


def _like(wrapper: Callable[[Any], object], action: Callable[..., object]
          ) -> Callable[[Any], object]:
    """``wrapper``, with the attributes of the function ``action`` (its
    ``__dict__``): what the library reads of an action, the scope it marks
    an administrator's call with (``lookup.every_project``), holds for
    the wrapper too."""
    return functools.update_wrapper(wrapper, action, assigned=(),
                                    updated=('__dict__',))


class OnInstances:
    """Act on instances by the library's one lookup
    (``InstanceManager.act_on_many``): the IDs as given, every name found by
    one scan of the listing, at most ``--concurrency`` requests at a time.

    :param action: the manager's method (or :func:`calling` it) called
        with the ID as given or the instance found
    :param scope: ``all_projects`` or ``project_id`` as the command line
        says (:func:`~troveclient_osc.osc.arguments.lookup_scope`); empty for
        the library's default: the caller's project, or every project for
        the calls only an administrator may make
    :param lookup: ``action`` needs the instance's fields: every target is
        looked up, IDs too (one GET for one target given by ID, the one
        scan otherwise)
    """

    #: the instances change on after Trove's answer
    lasting = True

    def __init__(self, manager: Any, action: Callable[[Any], object],
                 scope: dict[str, Any] | None = None,
                 lookup: bool = False) -> None:
        self.manager = manager
        self.action = action
        self.scope = dict(scope or {})
        self.lookup = lookup
        self.human_name: str = manager.human_name

    def __call__(self, targets: Sequence[str], concurrency: int | None,
                 changes: progress.Changes, plan: Any = None
                 ) -> batch.Outcomes:
        # A dry run looks IDs up too: no action answers 404 for it.
        outcomes: batch.Outcomes = self.manager.act_on_many(
            targets, _told(self.action, changes, self.lasting, plan),
            concurrency=concurrency, lookup=self.lookup or plan is not None,
            **self.scope)
        return outcomes


class OneByOne:
    """Act on each target in turn with ``action(target)``, which finds it
    and sends its request (datastores and their versions: few, and deleted
    by an administrator); a target given twice is acted on once, as the
    command's ``requested`` counts it."""

    #: the answer is the end of each request's change
    lasting = False

    def __init__(self, action: Callable[[str], object],
                 human_name: str) -> None:
        self.action = action
        self.human_name = human_name

    def __call__(self, targets: Sequence[str], concurrency: int | None,
                 changes: progress.Changes, plan: Any = None
                 ) -> batch.Outcomes:
        from troveclient_osc import batch

        action = _told(self.action, changes, self.lasting, plan)
        outcomes = batch.Outcomes()
        for target in dict.fromkeys(targets):
            outcome = batch.Outcome(target, instance=target)
            try:
                outcome.result = action(target)
            except Exception as error:  # noqa: BLE001 - the target's outcome
                outcome.error = error
            outcomes.append(outcome)
        return outcomes


def _told(action: Callable[[Any], object], changes: progress.Changes,
          lasting: bool, plan: Any = None) -> Callable[[Any], object]:
    """``action``, telling ``changes`` of each request it sends and what
    became of it; in a dry run, telling ``plan`` which target (by its ID,
    or as given) each request is for. Either is ``action`` to the
    library's lookup (:func:`_like`)."""
    if plan is not None:
        def about(target: Any) -> object:
            with plan.about(getattr(target, 'id', target)):
                return action(target)

        return _like(about, action)

    def told(target: Any) -> object:
        with changes.sent(getattr(target, 'id', target), lasting=lasting):
            return action(target)

    return _like(told, action)


# -- the one call -----------------------------------------------------------

def run(cmd: Any, parsed_args: argparse.Namespace, targets: Sequence[str],
        act: OnInstances | OneByOne, verb: str,
        waits: Wait | None = None) -> batch.Outcomes:
    """Act on ``targets``, wait (with ``--wait`` and ``waits``), then
    summarise: see the module's docstring.

    :param cmd: the command (its log, its stderr, its ``changes``)
    :param verb: what is done, for the messages (``restart``)
    :returns: the outcomes of the action (and of the wait), in the
        targets' order
    :raises: for one target, the error that ended it; for several,
        CommandError "N of M <things> failed to <verb>."
    """
    one = len(targets) == 1
    plan = getattr(cmd, 'rehearsal', None)
    outcomes = act(targets, getattr(parsed_args, 'concurrency', None),
                   cmd.changes, plan)
    if plan is not None:
        _rehearsed(cmd, outcomes)
    # A resource named twice (by name and by ID) was acted on once, and is
    # reported and counted once.
    distinct = outcomes.distinct
    started = [outcome for outcome in distinct if outcome.ok]
    cmd.changes.request(len(distinct))
    if act.lasting:
        # what changes, in the targets' order
        cmd.changes.changing(outcome.id for outcome in started)
    if one:
        if outcomes[0].error is not None:
            raise outcomes[0].error
    else:
        _report_failed(cmd, distinct, (
            _('Cannot %(verb)s %(what)s %(value)s: ') if plan else
            _('Failed to %(verb)s %(what)s %(value)s: ')) % {
                'verb': verb, 'what': act.human_name, 'value': '%s'})
    if waits is not None and parsed_args.wait and started and \
            plan is None and isinstance(act, OnInstances):
        wait(cmd, parsed_args, act.manager, outcomes, waits, one=one)
    failed = distinct.failed  # the action's failures and the wait's
    if not one and failed:
        raise _summary(len(failed), len(distinct), act.human_name, verb,
                       rehearsal=plan is not None)
    return outcomes


def _report_failed(cmd: Any, outcomes: Iterable[batch.Outcome],
                   prefix: str) -> None:
    """One line for each of ``outcomes`` that failed: ``prefix`` (``%s``
    is the target as given), then its error."""
    for outcome in outcomes:
        if outcome.error is not None:
            cmd.log.error('%s', error_line(
                prefix % arguments.shown(outcome.target), outcome.error))


def _summary(failed: int, total: int, what: str, verb: str,
             rehearsal: bool = False) -> Exception:
    """``N of M <what>s failed to <verb>.``, the end of a command on
    several targets; in a dry run, what would fail."""
    values = {'failed': failed, 'total': total, 'plural': what + 's',
              'verb': verb}
    text = (_('%(failed)d of %(total)d %(plural)s would fail to %(verb)s '
              '(dry run: nothing was changed).') if rehearsal else
            _('%(failed)d of %(total)d %(plural)s failed to %(verb)s.'))
    error: Exception = osc_exceptions.CommandError(text % values)
    return error


def _rehearsed(cmd: Any, outcomes: Any) -> None:
    """The outcomes of a dry run: a target whose dry run stopped before
    a read that depends on Trove's answer (see troveclient_osc.dry_run)
    went as far as it can, which is no failure; the plan's rows name each
    target as given (``cmd.given``, by the ID it resolved to)."""
    from troveclient_osc import dry_run

    for outcome in outcomes:
        if isinstance(outcome.error, dry_run.Stopped):
            outcome.error = None
        if outcome.ok and outcome.id is not None:
            cmd.given.setdefault(outcome.id, str(outcome.target))


def watch(cmd: Any, parsed_args: argparse.Namespace, manager: Any,
          targets: Sequence[str], waits: Wait) -> batch.Outcomes:
    """Wait for ``targets`` (names or IDs), which something else changes
    (``database instance wait``), as the wait of :func:`run` would, with
    its summary: one target's error as it is; for several, a line per
    failure and ``N of M database instances failed to <become
    ACTIVE>.``.

    The library looks the targets up (``resolve``: IDs as given, the names
    by one scan); for a wait until they are gone, a name no instance has
    is gone already.

    :returns: the outcomes of the wait, in the targets' order
    """
    from troveclient_osc import exceptions

    one = len(targets) == 1
    outcomes: batch.Outcomes = manager.resolve(targets)
    for outcome in outcomes:
        if waits.statuses is None and isinstance(outcome.error,
                                                 exceptions.NoMatch):
            outcome.error = outcome.instance = None  # gone
    distinct = outcomes.distinct
    if one and outcomes[0].error is not None:
        raise outcomes[0].error
    if not one:
        _report_failed(cmd, distinct,
                       _('Cannot wait for %(what)s %(value)s: ')
                       % {'what': manager.human_name, 'value': '%s'})
    if any(outcome.ok and outcome.instance is not None
           for outcome in distinct):
        wait(cmd, parsed_args, manager, outcomes, waits, one=one)
    failed = distinct.failed
    if not one and failed:
        raise _summary(len(failed), len(distinct), manager.human_name,
                       waits.wanted)
    return outcomes


def error_line(prefix: str, error: BaseException) -> str:
    """``prefix`` and ``error`` as one line within the library's limit
    (``troveclient_osc.exceptions.MAX_LINE``): the error is shortened by
    its own rule to the room the prefix leaves."""
    from troveclient_osc import exceptions

    return prefix + exceptions.one_line(
        error, exceptions.MAX_LINE - len(prefix))


# -- waiting ----------------------------------------------------------------

def wait(cmd: Any, parsed_args: argparse.Namespace, manager: Any,
         outcomes: batch.Outcomes, waits: Wait, one: bool = True
         ) -> batch.Outcomes:
    """Wait within one ``--wait-timeout`` for the instances whose action
    ``outcomes`` says succeeded: the library's ``wait_for_outcomes``, which
    updates them in place (and decides how to poll), with progress on
    stderr.

    ``one`` (a command given one target): the progress line of that
    instance, and the error that ends its wait raised. Otherwise the
    progress line of the set, each failure logged at once, and a timeout
    one line naming what is still changing; nothing raised.

    :returns: ``outcomes``
    """
    if one:
        (outcome,) = [item for item in outcomes.distinct if item.ok]
        _wait_one(cmd, manager, outcomes, waits, parsed_args.wait_timeout)
        _raise_one(outcome, manager, waits)
        return outcomes
    line = progress.ManyProgress(
        cmd.stderr, waits.word,
        lambda error: cmd.log.error('%s', error_line('', error)),
        cmd.changes)
    try:
        manager.wait_for_outcomes(outcomes, waits.statuses,
                                  failures=waits.failures,
                                  timeout=parsed_args.wait_timeout,
                                  callback=line)
    finally:
        line.done()
    _report_late(cmd, manager, outcomes, waits, parsed_args)
    return outcomes


def wait_in_turn(cmd: Any, parsed_args: argparse.Namespace, manager: Any,
                 resources: Sequence[Any], waits: Wait) -> batch.Outcomes:
    """Wait for ``resources`` (the instances one create made: few), one
    after the other, each by the library's wait on one instance (a GET per
    poll) with its progress line, all within one ``--wait-timeout``; the
    first error ends the wait and is raised.

    :returns: an outcome per resource, in order: ``result`` is the
        instance as the wait left it
    """
    from troveclient_osc import batch
    from troveclient_osc import exceptions

    waited = batch.Outcomes()
    spent = 0.0
    for number, resource in enumerate(resources):
        outcome = batch.Outcome(resource, instance=resource)
        spent += _wait_one(cmd, manager, batch.Outcomes([outcome]), waits,
                           max(parsed_args.wait_timeout - spent, 0))
        error = outcome.error
        if len(resources) > 1 and isinstance(error, exceptions.WaitTimeout):
            raise _timed_out_in_turn(
                error, manager, [str(getattr(item, 'id', item))
                                 for item in resources[number:]],
                len(resources), waits, parsed_args) from None
        _raise_one(outcome, manager, waits)
        waited.append(outcome)
    return waited


def _wait_one(cmd: Any, manager: Any, outcomes: batch.Outcomes, waits: Wait,
              timeout: float) -> float:
    """The library's wait for the one instance ``outcomes`` have started,
    with its progress line; the seconds it took. What ends the wait is left
    in its outcome; the instance no longer changes unless the wait timed
    out."""
    from troveclient_osc import exceptions

    (outcome,) = [item for item in outcomes.distinct if item.ok]
    ident = str(outcome.id)
    label = (_('Waiting for %s %s') if waits.statuses is not None
             else _('Waiting for %s %s to go')) % (manager.human_name, ident)
    line = progress.Progress(cmd.stderr, label)

    def seen(tally: Any, elapsed: float) -> None:
        # the instance as this poll saw it (none once it is gone)
        resource = tally.seen.get(ident)
        if resource is not None:
            line(resource, elapsed)

    try:
        manager.wait_for_outcomes(outcomes, waits.statuses,
                                  failures=waits.failures, timeout=timeout,
                                  callback=seen)
    except Exception:
        cmd.changes.settled(ident)  # it failed: no longer changing
        raise
    finally:
        line.done()
    if not isinstance(outcome.error, exceptions.WaitTimeout):
        cmd.changes.settled(ident)  # only the wait ended: still changing
    return line.elapsed


def _raise_one(outcome: batch.Outcome, manager: Any, waits: Wait) -> None:
    """Raise what ended the wait of the one instance of ``outcome``: a
    timeout worded for the command line (see :func:`_timed_out`), any
    other error as it is."""
    from troveclient_osc import exceptions

    error = outcome.error
    if isinstance(error, exceptions.WaitTimeout):
        raise _timed_out(error, manager, str(outcome.id),
                         waits.going_on) from None
    if error is not None:
        raise error


def _timed_out(error: Any, manager: Any, ident: str,
               going_on: str) -> Exception:
    """The WaitTimeout of a ``--wait``, saying that only the wait ended
    and how to follow the resource from here. When the polls were failing
    at the end, what Trove does is not known: that is not said."""
    values = {'error': error.message.rstrip('.'), 'going_on': going_on,
              'what': manager.human_name, 'id': ident}
    if getattr(error, 'failing_since', None) is not None:
        text = _("%(error)s. Only the wait ended; follow it with "
                 "'openstack %(what)s show %(id)s'") % values
    else:
        text = _("%(error)s. Only the wait ended: %(going_on)s; follow it "
                 "with 'openstack %(what)s show %(id)s'") % values
    timeout: Exception = type(error)(text)
    for name in ('last_status', 'failing_since', 'failing_error'):
        setattr(timeout, name, getattr(error, name, None))
    return timeout


def _timed_out_in_turn(error: Any, manager: Any, pending: Sequence[str],
                       total: int, waits: Wait,
                       parsed_args: argparse.Namespace) -> Exception:
    """The WaitTimeout of a wait in turn on several: which of them are
    still changing, and that Trove carries on with them (unless the polls
    were failing at the end: then since when)."""
    from troveclient_osc import exceptions

    going_on = _('they exist and Trove carries on with them')
    if error.failing_since is not None and error.failing_error is not None:
        # Trove could not be asked at the end: what it does is not known.
        from troveclient_osc import waiters
        going_on = waiters.polls_failed(error.failing_since,
                                        error.failing_error)
    return exceptions.WaitTimeout(
        _("Timeout waiting for %(count)d of %(total)d %(what)ss to "
          "%(wanted)s after %(timeout)ss: %(ids)s. Only the wait "
          "ended: %(going_on)s; follow each with 'openstack "
          "%(what)s show <id>'")
        % {'count': len(pending), 'total': total,
           'what': manager.human_name, 'wanted': waits.wanted,
           'timeout': parsed_args.wait_timeout, 'ids': ', '.join(pending),
           'going_on': going_on})


def _report_late(cmd: Any, manager: Any, outcomes: Iterable[Any],
                 waits: Wait, parsed_args: argparse.Namespace) -> None:
    """One line for the resources still changing when a wait on several
    timed out: which, and that Trove carries on with them, or, when the
    polls were failing at the end, since when and why (what Trove does is
    not known then)."""
    from troveclient_osc import exceptions

    waited = [outcome for outcome in outcomes
              if outcome.waited and outcome.same_as is None]
    late = [outcome for outcome in waited
            if isinstance(outcome.error, exceptions.WaitTimeout)]
    if not late:
        return
    values = {'count': len(late),
              'total': progress.count(len(waited), manager.human_name),
              'what': waits.wanted, 'timeout': parsed_args.wait_timeout,
              'ids': ', '.join(outcome.id or str(outcome.target)
                               for outcome in late)}
    if late[0].error.failing_since is None:
        line = _('Timeout waiting for %(count)d of %(total)s to %(what)s '
                 'after %(timeout)ss: %(ids)s. Only the wait ended: Trove '
                 'carries on with them') % values
    else:
        from troveclient_osc import waiters

        values['failing'] = waiters.polls_failed(
            late[0].error.failing_since, late[0].error.failing_error)
        line = _('Timeout waiting for %(count)d of %(total)s to %(what)s '
                 'after %(timeout)ss: %(ids)s; %(failing)s') % values
    cmd.log.error('%s', error_line('', exceptions.WaitTimeout(line)))
