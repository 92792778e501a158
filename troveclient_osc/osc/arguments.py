"""The database commands' arguments: option types and the options several
commands share.

Each fact lives here once: how a positive integer or a user spec is parsed
(argparse ``type=`` functions, so that a bad value ends with exit 2 before
any request), how ``--wait``/``--wait-timeout``, ``--concurrency`` and
``<instance> [<instance> ...]`` are offered, and how the library's check of
a request's arguments becomes a usage error worded with the command's
options (:func:`argument_checks`).
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from troveclient_osc.i18n import _
from troveclient_osc.osc import command

ArgumentTypeError = argparse.ArgumentTypeError


def shown(value: object) -> str:
    """``value`` in single quotes for a message, the way the library's
    messages show one (:func:`troveclient_osc.base.shown`): control
    characters escaped and cut to ``base.MAX_SHOWN`` characters."""
    from troveclient_osc import base

    return "'%s'" % base.shown(value)


# -- argument types ---------------------------------------------------------

def positive_int(value: object) -> int:
    """An integer of at least 1 (``--limit``, ``--size``, ...): the
    library's rule (``troveclient_osc.checks``), worded for an option."""
    from troveclient_osc import checks
    from troveclient_osc import exceptions

    number = checks.integer(value)
    if number is None:
        raise ArgumentTypeError(_('%s is not an integer') % shown(value))
    try:
        return checks.positive_int(number, 'value')
    except exceptions.ValidationError:
        raise ArgumentTypeError(
            _('%s must be a positive integer') % shown(value)) from None


def non_empty(value: str) -> str:
    """A name or ID that is not empty or white space only."""
    if not value.strip():
        raise ArgumentTypeError(_('the value must not be empty'))
    return value


def instance_status(value: str) -> str:
    """A status Trove gives an instance, in any case, as typed
    (:func:`troveclient_osc.v1.instances.check_status` says which)."""
    from troveclient_osc import exceptions
    from troveclient_osc.v1 import instances
    try:
        instances.check_status(value)
    except exceptions.ValidationError as error:
        raise ArgumentTypeError(error.message) from None
    return value


def cidr(value: str) -> str:
    """An IPv4 or IPv6 network such as ``10.0.0.0/24``."""
    import ipaddress
    try:
        ipaddress.ip_network(value, strict=False)
    except ValueError:
        raise ArgumentTypeError(
            _('%s is not a valid CIDR') % shown(value)) from None
    return value


def check_password(password: str, user: str) -> Any:
    """The password of ``user`` as a :class:`~troveclient_osc.masking.
    Secret`, if Trove takes it: the library's rule
    (``v1.instances.check_password``), whose error never shows it."""
    from troveclient_osc import exceptions
    from troveclient_osc import masking
    from troveclient_osc.v1 import instances

    try:
        instances.check_password(password, user)
    except exceptions.ValidationError as error:
        raise ArgumentTypeError(error.message) from None
    return masking.Secret(password)


class UserSpec:
    """One ``--user``: name, password (a
    :class:`~troveclient_osc.masking.Secret` or None), host and database
    names. Its repr masks the password."""

    def __init__(self, name: str, password: Any = None,
                 host: str | None = None,
                 databases: Iterable[str] = ()) -> None:
        self.name = name
        self.password = password
        self.host = host
        self.databases = list(databases)

    def __repr__(self) -> str:
        return ('UserSpec(name=%r, password=%s, host=%r, databases=%r)'
                % (self.name, "'***'" if self.password is not None else None,
                   self.host, self.databases))

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, UserSpec):
            return NotImplemented
        return ((self.name, self.password, self.host, self.databases) ==
                (other.name, other.password, other.host, other.databases))

    __hash__ = None  # type: ignore[assignment]

    def to_body(self) -> dict[str, Any]:
        """The user as the library takes it, with the plain password."""
        body: dict[str, Any] = {
            'name': self.name,
            'password': (self.password.reveal()
                         if self.password is not None else None)}
        if self.host:
            body['host'] = self.host
        if self.databases:
            body['databases'] = [{'name': db} for db in self.databases]
        return body


_USER_KEYS = ('name', 'password', 'host', 'databases')


def user_spec(value: str) -> UserSpec:
    """``name=<name>[,password=<password>][,host=<host>][,databases=a;b]``.

    The password is taken as everything after ``password=`` up to the next
    ``,host=``/``,databases=``/``,name=`` so that it may contain commas and
    equals signs. Error messages never include it.
    """
    fields: dict[str, str] = {}
    key = None
    for index, part in enumerate(value.split(',')):
        head, sep, rest = part.partition('=')
        if sep and head in _USER_KEYS:
            key = head
            if key in fields:
                raise ArgumentTypeError(
                    _('the key %s is given twice in a --user spec') % key)
            fields[key] = rest
        elif key == 'password':
            fields[key] += ',' + part
        else:
            raise ArgumentTypeError(
                _('invalid field %(field)s in %(where)s: expected '
                  'name=<name>[,password=<password>][,host=<host>]'
                  '[,databases=<db1;db2>]')
                % {'field': _unknown_user_field(index, head, sep, part),
                   'where': ('--user %s' % shown(fields['name'])
                             if 'name' in fields else '--user')})
    name = fields.get('name', '')
    if not name.strip():
        raise ArgumentTypeError(_('a --user needs a non-empty name'))
    password = fields.get('password')
    secret = None if password is None else check_password(password, name)
    host = fields.get('host')
    if host is not None and not host.strip():
        raise ArgumentTypeError(
            _('the host of user %s must not be empty') % shown(name))
    databases = [db for db in (fields.get('databases') or '').split(';')
                 if db.strip()]
    if 'databases' in fields and not databases:
        raise ArgumentTypeError(
            _('the databases of user %s must not be empty') % shown(name))
    return UserSpec(name, secret, host, databases)


def _unknown_user_field(index: int, head: str, sep: str, part: str) -> str:
    """A field of a --user spec that has no known key, as an error shows
    it: its key, or the field itself where a name was expected (``--user
    bob``). A field without a key anywhere else, or after a ``:``, may be a
    password that lacks its ``password=``, and is not shown."""
    if sep:
        return shown(head)
    if index == 0:
        name, colon, _rest = part.partition(':')
        return shown(name + ':<password>' if colon else name)
    return _('without a key (not shown: it may be a password)')


def legacy_user_spec(value: str) -> UserSpec:
    """python-troveclient's ``<user:password>``; the password may hold
    ``:``."""
    name, sep, password = value.partition(':')
    if not sep:
        raise ArgumentTypeError(
            _('expected <user:password>, got no password for %s')
            % shown(name))
    if not name.strip():
        raise ArgumentTypeError(
            _('expected <user:password>, got an empty user name'))
    return UserSpec(name, check_password(password, name))


_DATABASE_KEYS = {'name': 'name', 'character-set': 'character_set',
                  'collate': 'collate'}


def database_spec(value: str) -> dict[str, str]:
    """``<name>[,character-set=<set>][,collate=<collation>]`` as a dict."""
    result = {}
    for index, part in enumerate(value.split(',')):
        key, sep, item = part.partition('=')
        if not sep:
            if index:
                raise ArgumentTypeError(
                    _('expected key=value after the database name, got %s')
                    % shown(part))
            key, item = 'name', part
        if key not in _DATABASE_KEYS:
            raise ArgumentTypeError(
                _('unknown key %s in --database; valid keys are %s')
                % (shown(key), ', '.join(_DATABASE_KEYS)))
        if not item.strip():
            raise ArgumentTypeError(
                _('the %s of a --database must not be empty') % key)
        result[_DATABASE_KEYS[key]] = item
    if 'name' not in result:
        raise ArgumentTypeError(_('a --database needs a name'))
    return result


def nic_spec(value: str) -> dict[str, str]:
    """``net-id=<id>[,subnet-id=<id>][,ip-address=<ip>]`` and the like: the
    keys are the library's (``v1.instances.NIC_KEYS``), as Trove takes them
    or spelled with dashes."""
    from troveclient_osc.v1 import instances
    result = {}
    for part in value.split(','):
        key, sep, item = part.partition('=')
        if not sep or key not in instances.NIC_KEYS:
            raise ArgumentTypeError(
                _('invalid --nic field %s; expected key=value with keys %s')
                % (shown(part), ', '.join(
                    name for name in instances.NIC_KEYS if '-' in name)))
        if not item.strip():
            raise ArgumentTypeError(
                _('the %s of a --nic must not be empty') % key)
        result[instances.NIC_KEYS[key]] = item
    return result


def statuses(value: str) -> list[str]:
    """``ACTIVE``, or ``ACTIVE,SHUTDOWN`` for any of several: statuses Trove
    gives an instance (:func:`instance_status`), upper-cased."""
    return [instance_status(part.strip()).upper()
            for part in value.split(',')]


def concurrency(value: str) -> int:
    """How many requests a multi-target command has in flight: 1 to 32."""
    from troveclient_osc import batch
    from troveclient_osc import exceptions

    number = positive_int(value)
    try:
        return batch.check_concurrency(number)
    except exceptions.ValidationError:
        raise ArgumentTypeError(
            _('%(value)s is more than %(most)d')
            % {'value': shown(value), 'most': batch.MAX_CONCURRENCY}
        ) from None


# -- options several commands share -----------------------------------------

def add_paired_flag(parser: argparse.ArgumentParser, dest: str, on: str,
                    off: str, on_help: str, off_help: str,
                    aliases: Sequence[tuple[str, str]] = (),
                    hidden: Sequence[tuple[str, str]] = ()) -> Any:
    """``--<on>``/``--<off>`` into one dest: True, False or None (not given).

    ``aliases`` pairs extra spellings (e.g. python-troveclient's) with the
    same meanings: ``[('--is-public', '--is-private')]``. ``hidden`` pairs
    old spellings the same way but keeps them out of the help:
    ``[('--active', '--inactive')]``.
    """
    group = parser.add_mutually_exclusive_group()
    group.add_argument(on, *[a for a, _b in aliases], dest=dest,
                       action='store_const', const=True, default=None,
                       help=on_help)
    group.add_argument(off, *[b for _a, b in aliases], dest=dest,
                       action='store_const', const=False, help=off_help)
    for old_on, old_off in hidden:
        group.add_argument(old_on, dest=dest, action='store_const',
                           const=True, default=None, help=argparse.SUPPRESS)
        group.add_argument(old_off, dest=dest, action='store_const',
                           const=False, help=argparse.SUPPRESS)
    return group


def add_target(parser: argparse.ArgumentParser, help_text: str,
               dest: str = 'instance', metavar: str = '<instance>') -> None:
    """The one ``<instance>`` (name or ID) a command acts on."""
    parser.add_argument(dest, metavar=metavar, type=non_empty,
                        help=help_text)


def add_targets(parser: argparse.ArgumentParser, help_text: str,
                dest: str = 'instances', metavar: str = '<instance>') -> None:
    """``<instance> [<instance> ...]``, into a list in ``dest``."""
    parser.add_argument(dest, metavar=metavar, nargs='+', type=non_empty,
                        help=help_text)


def add_concurrency_option(parser: argparse.ArgumentParser) -> None:
    """``--concurrency <count>`` of a command that takes many targets."""
    from troveclient_osc import batch

    parser.add_argument(
        '--concurrency', metavar='<count>', type=concurrency,
        default=batch.DEFAULT_CONCURRENCY,
        help=_('With several instances, send at most this many of their '
               'requests at a time, 1 to %(most)d (default: %(default)d)')
        % {'most': batch.MAX_CONCURRENCY,
           'default': batch.DEFAULT_CONCURRENCY})


def add_scope_options(parser: argparse.ArgumentParser, every_help: str,
                      project_help: str, aliases: Sequence[str] = ()) -> None:
    """``--all-projects`` and ``--project <project>`` (one of them): the
    projects a listing lists, or an administrator's action looks names up
    in (:func:`project_id`, :func:`lookup_scope`). ``aliases``: older
    spellings of ``--project``."""
    scope = parser.add_mutually_exclusive_group()
    scope.add_argument('--all-projects', action='store_true', default=False,
                       help=every_help)
    scope.add_argument('--project', *aliases, metavar='<project>',
                       type=non_empty, help=project_help)


def add_lookup_scope_options(parser: argparse.ArgumentParser) -> None:
    """The scope options of an administrator's action on instances, which
    looks a name up in every project unless ``--project`` narrows it."""
    add_scope_options(
        parser,
        _('Look names up among the instances of every project (the '
          'default)'),
        _('Look names up among the instances of this project only (name '
          'or ID)'))


def project_id(app: Any, value: str) -> str:
    """The project ``--project`` names: an ID as it is, a name through the
    identity client (one call)."""
    from troveclient_osc import base

    if base.is_uuid_like(value):
        return value
    from openstackclient.identity import common as identity_common
    project = identity_common.find_project(app.client_manager.identity,
                                           value)
    return str(project.id)


def lookup_scope(app: Any, parsed_args: argparse.Namespace
                 ) -> dict[str, Any]:
    """The scope options as the keyword arguments of the library's lookup:
    ``project_id`` for ``--project``, ``all_projects`` for
    ``--all-projects``; none when neither is given, so that the library's
    default holds (every project for an administrator's call)."""
    if getattr(parsed_args, 'project', None):
        return {'project_id': project_id(app, parsed_args.project)}
    if getattr(parsed_args, 'all_projects', False):
        return {'all_projects': True}
    return {}


#: How long ``--wait`` waits, unless ``--wait-timeout`` says.
DEFAULT_WAIT_TIMEOUT = 1800


class _WaitTimeout(argparse.Action):
    """``--wait-timeout <seconds>`` implies ``--wait``: a limit on a wait
    asks for the wait."""

    def __call__(self, parser: argparse.ArgumentParser,
                 namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        setattr(namespace, self.dest, values)
        namespace.wait = True


def add_wait_options(parser: argparse.ArgumentParser, what: str) -> None:
    """``--wait`` and ``--wait-timeout`` for a command that starts ``what``
    (``the instance is ACTIVE``); ``--wait-timeout`` implies ``--wait``."""
    parser.add_argument(
        '--wait', action='store_true', default=False,
        help=_('Wait until %s, showing progress on stderr '
               '(default: return at once)') % what)
    add_wait_timeout_option(parser, _('; implies --wait'))


def add_wait_timeout_option(parser: argparse.ArgumentParser,
                            more: str = '') -> None:
    """``--wait-timeout <seconds>`` (which sets ``wait``); ``more`` is
    said after the first part of its help."""
    parser.add_argument(
        '--wait-timeout', metavar='<seconds>', type=positive_int,
        action=_WaitTimeout, default=DEFAULT_WAIT_TIMEOUT,
        help=_('Wait at most this many seconds, then exit 1%(more)s '
               '(default: %(default)d)')
        % {'more': more, 'default': DEFAULT_WAIT_TIMEOUT})


# -- the library's checks as usage errors -----------------------------------

@contextlib.contextmanager
def argument_checks(options: Mapping[str, str],
                    missing: str = _('nothing to change: give %s')
                    ) -> Iterator[None]:
    """Run the library's check of a request as a check of the arguments.

    A ValidationError raised inside becomes a :class:`~troveclient_osc.osc.
    command.UsageError` (exit 2, before any request): its message, or for
    arguments that go together (``ArgumentMissing``, ``ArgumentsConflict``)
    one worded with ``options``, the command's option for each keyword
    argument.

    :param missing: the words of an ``ArgumentMissing`` that needs one of
        several arguments and names none given (``%s`` is the options):
        ``nothing to change: give ...`` for a change, ``give an ...`` for
        a create. A keyword argument the command has no option for is left
        out of it.
    """
    from troveclient_osc import exceptions
    try:
        yield
    except exceptions.ArgumentMissing as error:
        if error.argument is None:
            message = missing % _or(
                [options[name] for name in error.needs if name in options]
                or list(error.needs))
        else:
            needs = _or([options.get(name, name) for name in error.needs])
            message = _('%(option)s needs %(needs)s') % {
                'option': options.get(error.argument, error.argument),
                'needs': needs}
        raise command.UsageError(message) from None
    except exceptions.ArgumentsConflict as error:
        changes = ['/'.join(options.get(name, name) for name in change)
                   for change in error.arguments]
        raise command.UsageError(
            _('only one of %(changes)s can be changed at a time (with or '
              'without %(besides)s)')
            % {'changes': ', '.join(changes),
               'besides': _or([options.get(name, name)
                               for name in error.besides])}) from None
    except exceptions.ValidationError as error:
        raise command.UsageError(error.message) from None


def _or(names: Sequence[str]) -> str:
    """``a, b or c``, each name once."""
    names = list(dict.fromkeys(names))
    if len(names) < 2:
        return ''.join(names)
    return _('%(some)s or %(last)s') % {
        'some': ', '.join(names[:-1]), 'last': names[-1]}
