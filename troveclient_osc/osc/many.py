"""One path for a command on one or many targets: act, wait, summarise.

Every ``<instance> [<instance> ...]`` command (and the deletes of
datastores and their versions) makes one call, :func:`run`:

1. **act**: the action on every target, each failure kept for that target
   alone (:class:`OnInstances`: the instances' one lookup, one scan for
   every name, ``--concurrency`` requests at a time; :class:`OneByOne`: a
   lookup and a request per target, in turn);
2. **wait**, with ``--wait`` (:class:`Wait` says for what): for the
   targets whose action was accepted, one GET per poll for one target,
   one walk of the listing per poll for several (:func:`wait`);
3. **summarise**: for one target its error, as it is (exit 1); for
   several one line per failure, as it happens, and at the end
   ``N of M database instances failed to <verb>.`` (exit 1).

What each request became is told to the command's
:class:`~troveclient_osc.osc.progress.Changes`, for the line a signal ends
the command with.

In a dry run (``--dry-run``, :mod:`troveclient_osc.osc.plan`), the act
step looks every target up, IDs too (one GET for one target, one scan for
several), tells the plan which target each request is for, and there is
no wait; the summary says what would fail.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from osc_lib import exceptions as osc_exceptions

from troveclient_osc.i18n import _
from troveclient_osc.osc import arguments
from troveclient_osc.osc import progress

# troveclient_osc.batch and .exceptions are imported where they are used:
# every ``openstack`` command imports the command modules, and with them
# this one.


@dataclasses.dataclass(frozen=True)
class Wait:
    """What ``--wait`` waits for after an action on instances.

    :ivar statuses: the statuses that end the wait; None to wait until the
        instances are gone
    :ivar failures: the statuses that fail it at once; None for the
        library's (ERROR, FAILED)
    :ivar done: what the progress line of several calls those that got
        there (``settled``); by default the statuses, or ``deleted``
    :ivar all_projects: a wait on several polls the listing of every
        project (for an admin's action on other projects' instances)
    """

    statuses: tuple[str, ...] | None = ('ACTIVE',)
    failures: tuple[str, ...] | None = None
    done: str | None = None
    all_projects: bool = False

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


#: Waits until the instances are gone.
GONE = Wait(statuses=None)


# -- acting -----------------------------------------------------------------

class OnInstances:
    """Act on instances by the library's one lookup
    (``InstanceManager.act_on_many``): the IDs as given, every name found by
    one scan of the listing, at most ``--concurrency`` requests at a time.

    :param action: the manager's method (or a function) called with the ID
        as given or the instance found
    :param all_projects: names are looked up among every project's
        instances (an admin's action)
    :param lookup: ``action`` needs the instance's fields: every target is
        looked up, IDs too (one GET for one target, the one scan for
        several)
    """

    #: the instances change on after Trove's answer
    lasting = True

    def __init__(self, manager: Any, action: Callable[[Any], object],
                 all_projects: bool = False, lookup: bool = False) -> None:
        self.manager = manager
        self.action = action
        self.all_projects = all_projects
        self.lookup = lookup
        self.human_name: str = manager.human_name

    def __call__(self, targets: Sequence[str], concurrency: int | None,
                 changes: progress.Changes, plan: Any = None) -> Any:
        action = _told(self.action, changes, self.lasting, plan)
        # A dry run looks IDs up too: no action answers 404 for it.
        lookup = self.lookup or plan is not None
        if lookup and len(targets) == 1:
            # One target by ID is one GET, where the scan walks the
            # listing.
            return _one_found(self.manager, targets[0], action,
                              self.all_projects)
        return self.manager.act_on_many(
            targets, action, all_projects=self.all_projects,
            lookup=lookup, concurrency=concurrency)


def _one_found(manager: Any, target: str, action: Callable[[Any], object],
               all_projects: bool) -> Any:
    """The outcome of ``action`` on the instance ``target`` names, found
    by ``manager.find``."""
    from troveclient_osc import batch

    outcome = batch.Outcome(target)
    try:
        if all_projects:
            outcome.instance = manager.find(target, all_projects=True)
        else:
            outcome.instance = manager.find(target)
        outcome.result = action(outcome.instance)
    except Exception as error:  # noqa: BLE001 - the target's outcome
        outcome.error = error
    return batch.Outcomes([outcome])


class OneByOne:
    """Act on each target in turn with ``action(target)``, which finds it
    and sends its request (datastores and their versions: few, and deleted
    by an administrator)."""

    #: the answer is the end of each request's change
    lasting = False

    def __init__(self, action: Callable[[str], object],
                 human_name: str) -> None:
        self.action = action
        self.human_name = human_name

    def __call__(self, targets: Sequence[str], concurrency: int | None,
                 changes: progress.Changes, plan: Any = None) -> Any:
        from troveclient_osc import batch

        action = _told(self.action, changes, self.lasting, plan)
        outcomes = batch.Outcomes()
        for target in targets:
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
    or as given) each request is for."""
    if plan is not None:
        def about(target: Any) -> object:
            with plan.about(getattr(target, 'id', target)):
                return action(target)

        return about

    def told(target: Any) -> object:
        label = getattr(target, 'id', target)
        changes.sending(label)
        try:
            result = action(target)
        except Exception:
            changes.failed(label)
            raise  # a signal leaves it sent, without an answer
        changes.answered(label, lasting=lasting)
        return result

    return told


# -- the one call -----------------------------------------------------------

def run(cmd: Any, parsed_args: argparse.Namespace, targets: Sequence[str],
        act: OnInstances | OneByOne, verb: str,
        waits: Wait | None = None) -> Any:
    """Act on ``targets``, wait (with ``--wait`` and ``waits``), then
    summarise: see the module's docstring.

    :param cmd: the command (its log, its stderr, its ``changes``)
    :param verb: what is done, for the messages (``restart``)
    :returns: the outcomes of the action, in the targets' order
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
        for outcome in distinct.failed:
            cmd.log.error('%s', error_line(
                (_('Cannot %(verb)s %(what)s %(value)s: ') if plan else
                 _('Failed to %(verb)s %(what)s %(value)s: '))
                % {'verb': verb, 'what': act.human_name,
                   'value': arguments.shown(outcome.target)}, outcome.error))
    failed: list[Any] = []
    if waits is not None and parsed_args.wait and started and plan is None:
        failed = wait(cmd, parsed_args, getattr(act, 'manager', None),
                      [outcome.instance for outcome in started], waits,
                      together=not one).failed
    if not one and (distinct.failed or failed):
        raise _summary(len(distinct.failed) + len(failed), len(distinct),
                       act.human_name, verb, rehearsal=plan is not None)
    return outcomes


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
          targets: Sequence[str], waits: Wait) -> Any:
    """Wait for ``targets`` (names or IDs), which something else changes
    (``database instance wait``), as the wait of :func:`run` would, with
    its summary: one target's error as it is; for several, a line per
    failure and ``N of M database instances failed to <become
    ACTIVE>.``.

    :returns: the outcomes of the wait, in the targets' order
    """
    one = len(targets) == 1
    results = wait(cmd, parsed_args, manager, targets, waits,
                   together=not one)
    if not one and results.failed:
        raise _summary(len(results.failed), len(results),
                       manager.human_name, _wanted(waits))
    return results


def error_line(prefix: str, error: BaseException) -> str:
    """``prefix`` and ``error`` as one line within the library's limit
    (``troveclient_osc.exceptions.MAX_LINE``): the error is shortened by
    its own rule to the room the prefix leaves."""
    from troveclient_osc import exceptions

    return prefix + exceptions.one_line(
        error, exceptions.MAX_LINE - len(prefix))


# -- waiting ----------------------------------------------------------------

def wait(cmd: Any, parsed_args: argparse.Namespace, manager: Any,
         resources: Sequence[Any], waits: Wait, together: bool = False
         ) -> Any:
    """Wait for ``resources`` (instances or their IDs) within one
    ``--wait-timeout``, with progress on stderr.

    ``together`` (the targets of a command given several): one walk of the
    listing per poll for all, each failure logged at once. Otherwise (one
    target, or the replicas one create made, which are few): one GET per
    poll, one resource after the other, and the first error ends the wait.

    :returns: the outcomes, in the order given: ``result`` is the instance
        as the wait left it, ``error`` what ended its wait otherwise (only
        ``together``: otherwise the error is raised)
    """
    if together:
        return _together(cmd, parsed_args, manager, resources, waits)
    return _in_turn(cmd, parsed_args, manager, resources, waits)


def _ident(resource: Any) -> str:
    return str(getattr(resource, 'id', resource))


def _in_turn(cmd: Any, parsed_args: argparse.Namespace, manager: Any,
             resources: Sequence[Any], waits: Wait) -> Any:
    """One GET per poll, one resource after the other; the errors
    raised."""
    from troveclient_osc import batch
    from troveclient_osc import exceptions

    outcomes = batch.Outcomes()
    spent = 0.0
    for resource in resources:
        ident = _ident(resource)
        try:
            found, elapsed = _poll_one(
                cmd, manager, ident, waits,
                max(parsed_args.wait_timeout - spent, 0))
        except exceptions.WaitTimeout as error:
            if len(resources) == 1:
                raise _timed_out(error, manager, ident,
                                 waits.going_on) from None
            pending = [_ident(r) for r in resources[len(outcomes):]]
            going_on = _('they exist and Trove carries on with them')
            if error.failing_since is not None and \
                    error.failing_error is not None:
                # Trove could not be asked at the end: what it does is
                # not known.
                from troveclient_osc import waiters
                going_on = waiters.polls_failed(error.failing_since,
                                                error.failing_error)
            raise exceptions.WaitTimeout(
                _("Timeout waiting for %(count)d of %(total)d %(what)ss to "
                  "%(wanted)s after %(timeout)ss: %(ids)s. Only the wait "
                  "ended: %(going_on)s; follow each with 'openstack "
                  "%(what)s show <id>'")
                % {'count': len(pending), 'total': len(resources),
                   'what': manager.human_name, 'wanted': _wanted(waits),
                   'timeout': parsed_args.wait_timeout,
                   'ids': ', '.join(pending),
                   'going_on': going_on}) from None
        cmd.changes.settled(ident)
        outcomes.append(batch.Outcome(resource, instance=resource,
                                      result=found))
        spent += elapsed
    return outcomes


def _poll_one(cmd: Any, manager: Any, ident: str, waits: Wait,
              timeout: float) -> tuple[Any, float]:
    """The manager's wait for one resource, with its progress line: the
    resource as the wait left it, and the seconds it took."""
    label = (_('Waiting for %s %s') if waits.statuses is not None
             else _('Waiting for %s %s to go')) % (manager.human_name, ident)
    line = progress.Progress(cmd.stderr, label)
    kwargs: dict[str, Any] = {'timeout': timeout, 'callback': line}
    from troveclient_osc import exceptions

    try:
        if waits.statuses is None:
            manager.wait_for_delete(ident, **kwargs)
            return None, line.elapsed
        if waits.failures is not None:
            kwargs['failures'] = waits.failures
        return manager.wait_for_status(ident, waits.statuses, **kwargs), \
            line.elapsed
    except exceptions.WaitTimeout:
        raise  # only the wait ended: the change goes on
    except Exception:
        cmd.changes.settled(ident)  # it failed: no longer changing
        raise
    finally:
        line.done()


def _wanted(waits: Wait) -> str:
    return (_('be deleted') if waits.statuses is None
            else _('become %s') % '/'.join(waits.statuses))


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


def _together(cmd: Any, parsed_args: argparse.Namespace, manager: Any,
              resources: Sequence[Any], waits: Wait) -> Any:
    """One walk of the listing per poll for all of them; each failure
    logged at once, a timeout one line naming what is still changing."""
    reported: set[int] = set()

    def report(error: BaseException) -> None:
        reported.add(id(error))
        cmd.log.error('%s', error_line('', error))

    line = progress.ManyProgress(cmd.stderr, waits.word, report,
                                 cmd.changes)
    kwargs: dict[str, Any] = {'timeout': parsed_args.wait_timeout,
                              'callback': line,
                              'all_projects': waits.all_projects}
    try:
        if waits.statuses is None:
            results = manager.wait_for_delete_many(list(resources), **kwargs)
        else:
            if waits.failures is not None:
                kwargs['failures'] = waits.failures
            results = manager.wait_for_many(list(resources), waits.statuses,
                                            **kwargs)
    finally:
        line.done()
    _report_unseen(cmd, manager, results, reported)
    _report_late(cmd, manager, results, waits, parsed_args)
    return results


def _report_unseen(cmd: Any, manager: Any, results: Any,
                   reported: set[int]) -> None:
    """One line for each resource whose wait ended before any poll saw
    it (a name that no instance has, or several): the progress line
    reported the others as they failed."""
    from troveclient_osc import exceptions

    for outcome in results:
        error = outcome.error
        if error is None or id(error) in reported or \
                isinstance(error, exceptions.WaitTimeout):
            continue
        cmd.log.error('%s', error_line(
            _('Cannot wait for %(what)s %(value)s: ')
            % {'what': manager.human_name,
               'value': arguments.shown(outcome.target)}, error))


def _report_late(cmd: Any, manager: Any, results: Any, waits: Wait,
                 parsed_args: argparse.Namespace) -> None:
    """One line for the resources still changing when a wait on several
    timed out: which, and that Trove carries on with them, or, when the
    polls were failing at the end, since when and why (what Trove does is
    not known then)."""
    from troveclient_osc import exceptions

    late = [outcome for outcome in results
            if isinstance(outcome.error, exceptions.WaitTimeout)]
    if not late:
        return
    values = {'count': len(late),
              'total': progress.count(len(results), manager.human_name),
              'what': _wanted(waits), 'timeout': parsed_args.wait_timeout,
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
