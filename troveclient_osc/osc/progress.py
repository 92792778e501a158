"""What a command says on stderr while it works: ``--wait`` progress lines,
and the one line Ctrl-C or SIGTERM end a changing command with.

A progress line goes to a terminal rewritten in place, elsewhere (a log, a
pipe) written again only when what it reports changes.

:class:`Changes` follows one run of a command that changes something:
how many resources it was asked to change, which requests it sent, which
were answered, and which resources are still changing on the server. The
command base (:class:`troveclient_osc.osc.command.Command`) prints it when
the run ends by a signal::

    Interrupted: restart was requested for 5 instances; 2 not sent; sent,
    no answer yet: db3; still changing on the server: <id1>, <id2>
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from troveclient_osc.i18n import _


def stderr(cmd: Any) -> TextIO:
    """The stderr of a command's application (the process's otherwise)."""
    stream: TextIO = getattr(getattr(cmd, 'app', None), 'stderr',
                             None) or sys.stderr
    return stream


def count(number: int, what: str) -> str:
    """``1 instance``, ``3 instances``."""
    return '%d %s%s' % (number, what, '' if number == 1 else 's')


class ProgressLine:
    """A ``--wait`` progress line on a stream: on a terminal rewritten in
    place, elsewhere written again only when what it reports changes."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = bool(getattr(stream, 'isatty', None) and stream.isatty())
        self.open = False
        self.last: object = None

    def show(self, line: str, key: object) -> None:
        """Show ``line``; ``key`` is what it reports, to tell a change."""
        if self.tty:
            self.stream.write('\r' + line + '\033[K')
            self.open = True
        elif key != self.last:
            self.stream.write(line + '\n')
        self.last = key
        self.stream.flush()

    def done(self) -> None:
        """End the line on a terminal, so that what follows starts on a
        line of its own."""
        if self.open:
            self.stream.write('\n')
            self.stream.flush()
            self.open = False


class Progress(ProgressLine):
    """The ``--wait`` progress line of one resource: written again when the
    status or the operating status changes."""

    def __init__(self, stream: TextIO, label: str) -> None:
        super().__init__(stream)
        self.label = label
        #: The seconds elapsed at the last poll, by the waiter's clock.
        self.elapsed = 0.0

    def __call__(self, resource: Any, elapsed: float) -> None:
        status = getattr(resource, 'status', None) or '-'
        operating = getattr(resource, 'operating_status', None) or '-'
        line = (_('%(label)s: status %(status)s, operating status '
                  '%(operating)s, %(elapsed)ds elapsed')
                % {'label': self.label, 'status': status,
                   'operating': operating, 'elapsed': int(elapsed)})
        self.elapsed = elapsed
        self.show(line, (status, operating))


class ManyProgress(ProgressLine):
    """The ``--wait`` progress of many resources: one line for the set.

    ``12 of 40 deleted, 28 SHUTDOWN, 0 failed, 9 s``. A resource that
    fails is reported at once, one line with its fault, through
    ``report``; the resources still changing are told to ``changes``.
    """

    def __init__(self, stream: TextIO, done: str, report: Any,
                 changes: Changes | None = None) -> None:
        super().__init__(stream)
        self.done_word = done
        self.report = report
        self.changes = changes

    def __call__(self, tally: Any, elapsed: float) -> None:
        from troveclient_osc import exceptions

        if self.changes is not None:
            self.changes.narrow(tally.pending)
        for outcome in tally.ended:
            if outcome.ok or isinstance(outcome.error,
                                        exceptions.WaitTimeout):
                continue
            self.done()
            self.report(outcome.error)
        parts = [_('%(done)d of %(total)d %(word)s')
                 % {'done': tally.done, 'total': tally.total,
                    'word': self.done_word}]
        parts.extend('%d %s' % (number, status)
                     for status, number in tally.statuses())
        parts.append(_('%d failed') % tally.failed)
        parts.append(_('%d s') % int(elapsed))
        self.show(', '.join(parts), tally.key())


# Where a request of a changing command is.
_SENDING = 'sending'    # sent, no answer yet
_CHANGING = 'changing'  # accepted: the resource changes on the server
_ENDED = 'ended'        # refused, done, or got where a wait waited for


class Changes:
    """What one run of a changing command requested, sent, and left
    changing on the server, for the line a signal ends it with.

    Safe to tell from the threads that send the requests of several
    targets.
    """

    def __init__(self, verb: str, what: str) -> None:
        self.verb = verb
        self.what = what
        self.requested = 0
        self._lock = threading.Lock()
        # label (the ID, or the name before there is one) -> where it is,
        # in the order they were sent
        self._sent: dict[str, str] = {}
        # the labels whose request went out from a thread other than the
        # main one
        self._elsewhere: set[str] = set()

    def request(self, number: int) -> None:
        """The command line asks to change ``number`` resources."""
        self.requested = number

    def sending(self, label: object) -> None:
        """A request about ``label`` (a name or ID) goes out."""
        with self._lock:
            self._sent[str(label)] = _SENDING
            if threading.current_thread() is not threading.main_thread():
                self._elsewhere.add(str(label))

    def answered(self, label: object, ident: object = None,
                 lasting: bool = True) -> None:
        """Trove accepted the request about ``label``; ``ident`` is the
        resource's ID when it was not known before (a create).
        ``lasting``: the resource changes on after the answer (an action
        on an instance); otherwise the answer was the end of it."""
        with self._lock:
            self._sent.pop(str(label), None)
            key = str(label if ident is None else ident)
            self._sent[key] = _CHANGING if lasting else _ENDED

    @contextlib.contextmanager
    def sent(self, label: object, lasting: bool = True) -> Iterator[None]:
        """Inside, the request about ``label`` is under way (see
        :meth:`sending`, :meth:`answered`, :meth:`failed`)."""
        self.sending(label)
        try:
            yield
        except Exception:
            self.failed(label)
            raise  # a signal leaves it sent, without an answer
        self.answered(label, lasting=lasting)

    def failed(self, label: object) -> None:
        """The request about ``label`` was refused or never got there."""
        with self._lock:
            self._sent[str(label)] = _ENDED

    def changing(self, idents: Iterable[object]) -> None:
        """Exactly ``idents`` are changing, in this order (the targets'
        order, once every request was answered)."""
        with self._lock:
            ended = {label: state for label, state in self._sent.items()
                     if state != _CHANGING}
            self._sent = {str(ident): _CHANGING for ident in idents}
            for label, state in ended.items():
                self._sent.setdefault(label, state)

    def settled(self, ident: object) -> None:
        """A wait saw ``ident`` get where it waited for (or fail)."""
        with self._lock:
            if str(ident) in self._sent:
                self._sent[str(ident)] = _ENDED

    def narrow(self, pending: Iterable[object]) -> None:
        """A wait on many: only ``pending`` are still changing."""
        still = {str(ident) for ident in pending}
        with self._lock:
            for label, state in self._sent.items():
                if state == _CHANGING and label not in still:
                    self._sent[label] = _ENDED

    def unanswered_elsewhere(self) -> bool:
        """Whether a request sent from another thread (a call on many
        targets, side by side) still has no answer."""
        with self._lock:
            return any(self._sent.get(label) == _SENDING
                       for label in self._elsewhere)

    def _labels(self, state: str) -> list[str]:
        return [label for label, where in self._sent.items()
                if where == state]

    def line(self, how: str) -> str:
        """``<how>: <verb> was requested for <N things>; ...``"""
        with self._lock:
            sending = self._labels(_SENDING)
            changing = self._labels(_CHANGING)
            sent = len(self._sent)
        text = _('%(how)s: %(verb)s was requested for %(count)s') % {
            'how': how, 'verb': self.verb,
            'count': count(max(self.requested, sent), self.what)}
        if not sent:
            return text + _('; nothing was sent')
        if self.requested > sent:
            text += _('; %d not sent') % (self.requested - sent)
        if sending:
            text += _('; sent, no answer yet: %s') % ', '.join(sending)
        return text + _('; still changing on the server: %s') % (
            ', '.join(changing) if changing else _('none'))

    def say(self, stream: TextIO, how: str) -> None:
        """Write :meth:`line` on ``stream``, on a line of its own."""
        stream.write(self.line(how) + '\n')
        stream.flush()
