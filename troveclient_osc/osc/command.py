"""The typed base of every database command: the client, usage errors,
signals and the old spellings of command names.

:class:`Command` (and :class:`troveclient_osc.osc.output.Lister` and
``ShowOne``, which derive from it) owns what every command needs besides
its own options:

* the database client of OpenStackClient's session (:attr:`Command.client`),
  with the refusal of ``--insecure`` together with ``--os-cacert``;
* usage errors: a command (or the library's check of its arguments, see
  :func:`troveclient_osc.osc.arguments.argument_checks`) raises
  :class:`UsageError` from ``take_action``; the base prints argparse's usage
  line and the error and exits 2 in one-shot mode, and in interactive mode
  (``openstack`` reading commands from stdin) prints the one error line and
  goes on with the next command, as it does for a mistyped option;
* signals: while a command that changes something runs, Ctrl-C (SIGINT)
  and SIGTERM end it with one line saying what was requested, what was
  sent and what is still changing (:class:`troveclient_osc.osc.progress.
  Changes`), then exit 130 and 143;
* ``--dry-run``, which every command that changes something has: the
  command runs on a dry run of the client, which sends the reads and
  records the changes, and prints the plan of what it would have sent
  (:mod:`troveclient_osc.osc.plan`);
* the words of a command name that are its arguments
  (:func:`words_given_back`) and the deprecated aliases
  (:class:`DeprecatedAlias`).

The library is imported inside the functions that use it: cliff imports
every command module of every plugin for every ``openstack`` command,
database or not, and these modules must not bring the REST layer along.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import sys
import threading
import types
import weakref
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TextIO

from osc_lib.command import command

from troveclient_osc.i18n import _
from troveclient_osc.osc import progress

if TYPE_CHECKING:
    from troveclient_osc import dry_run
    from troveclient_osc.v1 import client as trove_client

#: The exit code of a command ended by SIGTERM: 128 + the signal's number,
#: as a shell reports a process killed by it (OpenStackClient exits 130,
#: 128 + SIGINT, for Ctrl-C).
TERMINATED_EXIT = 128 + signal.SIGTERM
#: ... and OpenStackClient's for Ctrl-C.
INTERRUPTED_EXIT = 128 + signal.SIGINT
#: The exit code of a usage error, argparse's.
USAGE_EXIT = 2


class UsageError(Exception):
    """The command line asks for something the command cannot do: a usage
    error, found after parsing (options that go together, the library's
    check of the arguments). The base prints it as argparse prints its own
    and exits 2, before any request; interactive mode goes on."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Terminated(BaseException):
    """SIGTERM while a command that changes something runs: raised where
    the main thread is, like KeyboardInterrupt for SIGINT, so that what
    was sent can be said before the command ends."""


def _raise_terminated(signum: int, frame: types.FrameType | None) -> None:
    raise Terminated()


@contextlib.contextmanager
def _sigterm_raises() -> Iterator[None]:
    """SIGTERM raises :class:`Terminated` inside; the handler before is put
    back after. Only the main thread can handle signals: elsewhere (a
    command run from a thread) nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class Command(command.Command):
    """A database command: see the module's docstring.

    A command that changes something sets :attr:`verb` (what it requests,
    ``restart``) and :attr:`what` (what it counts, ``instance``); its
    ``take_action`` tells :attr:`changes` what it sends (:meth:`sending`).
    It has ``--dry-run``, and must print through cliff's formatters (derive
    from ``output.Changer``, ``Lister`` or ``ShowOne``), which print its
    plan.
    """

    #: What the command requests of the service, for the line Ctrl-C and
    #: SIGTERM end it with; None for a command that changes nothing.
    verb: str | None = None
    #: What it acts on, in that line (``instance``, ``datastore``).
    what: str = _('instance')

    #: The plan of the dry run under way (``--dry-run``), else None: the
    #: client sends no change, and the command prints this plan.
    rehearsal: dry_run.Plan | None = None
    #: In a dry run, the targets as given by the ID each resolved to, for
    #: the plan's rows.
    given: dict[str, str]

    _usage_parser: argparse.ArgumentParser | None = None
    _changes: progress.Changes | None = None

    def get_parser(self, prog_name: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = super().get_parser(prog_name)
        self._usage_parser = parser
        if self.verb is not None:
            parser.add_argument(
                '--dry-run', action='store_true', default=False,
                help=_('Change nothing: look every name and ID up (reads '
                       'only), then print each request that would change '
                       'something (method, path, body with its secrets '
                       'masked) and the ID it is for, instead of sending '
                       'it'))
        # 'detach rep' is 'detach' of the instance 'rep', not an
        # abbreviation of the alias 'detach replica'.
        return give_words_back(self, parser)

    # -- what every command has ------------------------------------------

    @property
    def client(self) -> trove_client.Client:
        """The database client of this command's OpenStackClient session
        (see :func:`database_client`)."""
        return database_client(self)

    @property
    def stderr(self) -> TextIO:
        """Where progress lines and the interrupted line go."""
        return progress.stderr(self)

    @property
    def changes(self) -> progress.Changes:
        """What this run requested, sent and left changing, for the line
        Ctrl-C and SIGTERM end it with."""
        if self._changes is None:
            self._changes = progress.Changes(self.verb or '', self.what)
        return self._changes

    def requested(self, parsed_args: argparse.Namespace) -> int:
        """How many of :attr:`what` the command line asks to change."""
        return 1

    def sending(self, label: object, given: object = None,
                lasting: bool = True) -> contextlib.AbstractContextManager[
                    None]:
        """Inside, the request about ``label`` (an ID, or a name before
        there is one) goes out: told to :attr:`changes` (see
        :meth:`~troveclient_osc.osc.progress.Changes.sent`). In a dry run,
        the plan's requests made inside are about ``given`` (the target as
        typed; ``label`` when None)."""
        if self.rehearsal is not None:
            return self.rehearsal.about(label if given is None else given)
        return self.changes.sent(label, lasting=lasting)

    # -- running ----------------------------------------------------------

    def run(self, parsed_args: argparse.Namespace) -> int:
        self._changes = None
        self.rehearsal = None
        rehearsing = bool(getattr(parsed_args, 'dry_run', False))
        try:
            if self.verb is None:
                result: int = super().run(parsed_args)
                return result
            if rehearsing:
                from troveclient_osc.osc import plan
                return plan.rehearse(self, parsed_args, super().run)
            self.changes.request(self.requested(parsed_args))
            with _sigterm_raises():
                result = super().run(parsed_args)
            return result
        except UsageError as error:
            return self._usage_error(error.message)
        except KeyboardInterrupt:
            if self.verb is not None and not rehearsing:
                self.changes.say(self.stderr, _('Interrupted'))
                self._leave_now(INTERRUPTED_EXIT)
            raise
        except Terminated:
            self.changes.say(self.stderr, _('Terminated'))
            self._leave_now(TERMINATED_EXIT)
            raise SystemExit(TERMINATED_EXIT) from None

    def _leave_now(self, code: int) -> None:
        """End the process at once with ``code`` when requests of this run
        are still under way in other threads (a call on many targets sends
        them side by side, :func:`troveclient_osc.batch.run`): Python would
        wait for their answers, up to the request timeout, before it
        exits. The signal's line has said they were sent without an
        answer."""
        if not self.changes.unanswered_elsewhere():
            return
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        logging.shutdown()
        os._exit(code)

    def _usage_error(self, message: str) -> int:
        """argparse's way: the usage and ``<prog>: error: <message>`` on
        stderr, exit 2; in interactive mode the one line, and the session
        goes on with the next command."""
        parser = self._usage_parser or argparse.ArgumentParser(
            prog=str(getattr(self, 'cmd_name', None) or 'openstack'))
        if getattr(self.app, 'interactive_mode', False):
            sys.stderr.write(_('%(prog)s: error: %(message)s\n')
                             % {'prog': parser.prog, 'message': message})
            sys.stderr.flush()
            return USAGE_EXIT
        parser.error(message)  # exits 2


# -- the client -------------------------------------------------------------

_OWN_CLIENTS: weakref.WeakKeyDictionary[object, trove_client.Client] = (
    weakref.WeakKeyDictionary())


def _check_tls_options(app: Any) -> None:
    """S7: ``--insecure`` with ``--os-cacert`` (or OS_CACERT) is a usage
    error: the second asks for the check the first turns off, and
    OpenStackClient would quietly drop it."""
    options = getattr(app, 'options', None)
    if getattr(options, 'insecure', None) and \
            getattr(options, 'cacert', None):
        raise UsageError(_('--insecure turns off the certificate check that '
                           '--os-cacert (or OS_CACERT) asks for: give one of '
                           'them'))


def database_client(cmd: Any) -> trove_client.Client:
    """The database client of a command's OpenStackClient session.

    That is ``client_manager.database``, unless python-troveclient's plugin
    is loaded too: then ``client_manager.database`` is python-troveclient's
    client, for its own commands (see troveclient_osc.plugin), and these
    commands build theirs on the same session, once per client manager,
    without making python-troveclient's.
    """
    from troveclient_osc import plugin
    from troveclient_osc.v1 import client as v1_client

    _check_tls_options(cmd.app)
    plugin.require_api_version(getattr(
        getattr(cmd.app, 'options', None), plugin.API_VERSION_OPTION, None))
    manager = cmd.app.client_manager
    if plugin.other_database_plugin() is None:
        found = manager.database
        if isinstance(found, v1_client.Client):
            return found
    if manager not in _OWN_CLIENTS:
        _OWN_CLIENTS[manager] = plugin.build_client(manager)
    return _OWN_CLIENTS[manager]


# -- command names ----------------------------------------------------------

def _own_names(cmd: Any) -> tuple[list[list[str]], list[str]]:
    """The names (as word lists) this command's class is registered under,
    and the words its name was typed with."""
    typed = str(getattr(cmd, 'cmd_name', None) or '').split()
    commands = getattr(getattr(getattr(cmd, 'app', None),
                               'command_manager', None), 'commands', None)
    if not typed or not isinstance(commands, dict) or \
            ' '.join(typed) in commands:
        return [], typed  # typed in full (or not run by a cliff app)
    # a deprecated alias is a subclass of the command it names again
    mine = {'%s:%s' % (cls.__module__, cls.__qualname__)
            for cls in type(cmd).__mro__}
    return [name.split() for name, entry in commands.items()
            if getattr(entry, 'value', None) in mine], typed


def words_given_back(cmd: Any) -> list[str]:
    """The words of the command name as typed that are its arguments.

    cliff tries the words typed, abbreviations allowed, against the names
    of as many words first: ``database instance detach rep`` is taken for
    the alias ``database instance detach replica`` (and then lacks its
    instance), not for ``database instance detach`` of the instance
    ``rep``. The rule here: the words an alias adds to a shorter name of
    the same command count only when typed in full; a word that only
    abbreviates one of them is an argument of the shorter name.
    """
    names, typed = _own_names(cmd)
    for name in names:
        if len(name) != len(typed) or not all(
                word.startswith(part) for word, part in zip(name, typed)):
            continue
        shorter = [other for other in names
                   if len(other) < len(name) and name[:len(other)] == other]
        if not shorter:
            return []
        size = max(len(other) for other in shorter)
        if typed[size:] == name[size:]:
            return []  # the alias, typed in full
        return typed[size:]
    return []


def give_words_back(cmd: Any, parser: argparse.ArgumentParser
                    ) -> argparse.ArgumentParser:
    """Make ``parser`` take :func:`words_given_back` as its first
    arguments, and name the shorter command in its usage."""
    words = words_given_back(cmd)
    if not words:
        return parser
    prog = parser.prog.split()
    if prog[-len(words):] == words:
        parser.prog = ' '.join(prog[:-len(words)])
    parse_known_args = parser.parse_known_args

    def parse_with_words(args: Any = None, namespace: Any = None) -> Any:
        args = sys.argv[1:] if args is None else list(args)
        return parse_known_args(words + args, namespace)

    parser.parse_known_args = parse_with_words  # type: ignore[method-assign]
    return parser


if TYPE_CHECKING:
    # A mixin of commands: for the type checker, one itself.
    _AliasBase = Command
else:
    _AliasBase = object


class DeprecatedAlias(_AliasBase):
    """A command under a second, deprecated name: ``deprecated = True``
    keeps it out of ``openstack help``; it still runs, with a warning."""

    deprecated = True
    alias: str | None = None  # the deprecated name
    use: str | None = None  # the name to use instead

    def take_action(self, parsed_args: argparse.Namespace) -> Any:
        # the shorter name typed with an argument cliff took for an alias
        # word (see words_given_back) is not the alias
        if not words_given_back(self):
            self.log.warning(_('`%(alias)s` is deprecated; use `%(use)s`'),
                             {'alias': self.alias, 'use': self.use})
        return super().take_action(parsed_args)
