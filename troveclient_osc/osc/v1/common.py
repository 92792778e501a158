"""What every database command shares: arguments, output, waiting, deleting.

Each fact lives here once: how a positive integer or a user spec is parsed
(argparse ``type=`` functions, so that a bad value ends with exit 2 before
any request), how a resource's declared fields become a table or a record,
how ``--wait`` is offered and reported, and how several items are deleted
with one error line per failure.
"""

import argparse
import sys
import weakref

from osc_lib import exceptions as osc_exceptions

from troveclient_osc.i18n import _

# The library (troveclient_osc.base, .exceptions, .http, .v1) is imported
# inside the functions that use it: cliff imports every command module of
# every plugin for every ``openstack`` command, database or not, and these
# modules must not bring the REST layer along.

ArgumentTypeError = argparse.ArgumentTypeError

# The longest value a name may have in a message before it is shortened.
_SHOWN = 60


# -- argument types ---------------------------------------------------------

def _shown(value):
    """``value`` for an error message: repr'd and cut to a sane length."""
    text = str(value)
    if len(text) > _SHOWN:
        text = text[:_SHOWN - 3] + '...'
    return repr(text)


def positive_int(value):
    """An integer of at least 1 (``--limit``, ``--size``, ...)."""
    try:
        number = int(str(value).strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            _('%s is not an integer') % _shown(value)) from None
    if number < 1:
        raise argparse.ArgumentTypeError(
            _('%s must be a positive integer') % _shown(value))
    return number


def non_empty(value):
    """A name or ID that is not empty or white space only."""
    if not value.strip():
        raise argparse.ArgumentTypeError(_('the value must not be empty'))
    return value


def cidr(value):
    """An IPv4 or IPv6 network such as ``10.0.0.0/24``."""
    import ipaddress
    try:
        ipaddress.ip_network(value, strict=False)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _('%s is not a valid CIDR') % _shown(value)) from None
    return value


class Secret(str):
    """A password: its value is the string, its repr and str are masked.

    OpenStackClient logs the parsed arguments with ``--debug``; a Secret shows
    as ``***`` there and in any other message, while ``reveal()`` gives the
    plain value to send.
    """

    def __repr__(self):
        return "'***'"

    def __str__(self):
        return '***'

    def __format__(self, spec):
        return format('***', spec)

    def reveal(self):
        """The password as a plain ``str``."""
        return str.__str__(self)


def check_password(password, user):
    """B9: refuse an empty or blank password without echoing it."""
    if not password.strip():
        raise argparse.ArgumentTypeError(
            _('the password of user %s must not be empty or blank')
            % _shown(user))
    if not any(char.isalnum() for char in password):
        raise argparse.ArgumentTypeError(
            _('the password of user %s must contain a letter or a digit')
            % _shown(user))
    return Secret(password)


class UserSpec:
    """One ``--user``: name, password (a :class:`Secret` or None), host and
    database names. Its repr masks the password."""

    def __init__(self, name, password=None, host=None, databases=()):
        self.name = name
        self.password = password
        self.host = host
        self.databases = list(databases)

    def __repr__(self):
        return ('UserSpec(name=%r, password=%s, host=%r, databases=%r)'
                % (self.name, "'***'" if self.password is not None else None,
                   self.host, self.databases))

    __str__ = __repr__

    def __eq__(self, other):
        if not isinstance(other, UserSpec):
            return NotImplemented
        return ((self.name, self.password, self.host, self.databases) ==
                (other.name, other.password, other.host, other.databases))

    def to_body(self):
        """The user as the library takes it, with the plain password."""
        body = {'name': self.name,
                'password': (self.password.reveal()
                             if self.password is not None else None)}
        if self.host:
            body['host'] = self.host
        if self.databases:
            body['databases'] = [{'name': db} for db in self.databases]
        return body


_USER_KEYS = ('name', 'password', 'host', 'databases')


def user_spec(value):
    """``name=<name>[,password=<password>][,host=<host>][,databases=a;b]``.

    The password is taken as everything after ``password=`` up to the next
    ``,host=``/``,databases=``/``,name=`` so that it may contain commas and
    equals signs. Error messages never include it.
    """
    fields = {}
    key = None
    for part in value.split(','):
        head, sep, rest = part.partition('=')
        if sep and head in _USER_KEYS:
            key = head
            if key in fields:
                raise argparse.ArgumentTypeError(
                    _('the key %s is given twice in a --user spec') % key)
            fields[key] = rest
        elif key == 'password':
            fields[key] += ',' + part
        else:
            name_hint = (_shown(fields['name']) if 'name' in fields
                         else 'spec')
            raise argparse.ArgumentTypeError(
                _('invalid field %s in --user %s: expected '
                  'name=<name>[,password=<password>][,host=<host>]'
                  '[,databases=<db1;db2>]')
                % (_shown(head if sep else '<no key>'), name_hint))
    name = fields.get('name', '')
    if not name.strip():
        raise argparse.ArgumentTypeError(_('a --user needs a non-empty name'))
    password = fields.get('password')
    if password is not None:
        password = check_password(password, name)
    host = fields.get('host')
    if host is not None and not host.strip():
        raise argparse.ArgumentTypeError(
            _('the host of user %s must not be empty') % _shown(name))
    databases = [db for db in (fields.get('databases') or '').split(';')
                 if db.strip()]
    if 'databases' in fields and not databases:
        raise argparse.ArgumentTypeError(
            _('the databases of user %s must not be empty') % _shown(name))
    return UserSpec(name, password, host, databases)


def legacy_user_spec(value):
    """python-troveclient's ``<user:password>``; the password may hold
    ``:``."""
    name, sep, password = value.partition(':')
    if not sep:
        raise argparse.ArgumentTypeError(
            _('expected <user:password>, got no password for %s')
            % _shown(name))
    if not name.strip():
        raise argparse.ArgumentTypeError(
            _('expected <user:password>, got an empty user name'))
    return UserSpec(name, check_password(password, name))


_DATABASE_KEYS = {'name': 'name', 'character-set': 'character_set',
                  'collate': 'collate'}


def database_spec(value):
    """``<name>[,character-set=<set>][,collate=<collation>]`` as a dict."""
    result = {}
    for index, part in enumerate(value.split(',')):
        key, sep, item = part.partition('=')
        if not sep:
            if index:
                raise argparse.ArgumentTypeError(
                    _('expected key=value after the database name, got %s')
                    % _shown(part))
            key, item = 'name', part
        if key not in _DATABASE_KEYS:
            raise argparse.ArgumentTypeError(
                _('unknown key %s in --database; valid keys are %s')
                % (_shown(key), ', '.join(_DATABASE_KEYS)))
        if not item.strip():
            raise argparse.ArgumentTypeError(
                _('the %s of a --database must not be empty') % key)
        result[_DATABASE_KEYS[key]] = item
    if 'name' not in result:
        raise argparse.ArgumentTypeError(
            _('a --database needs a name'))
    return result


# python-troveclient's v4-fixed-ip is Trove's ip_address; its port-id has no
# counterpart in Trove's current API and is refused here, not by the server.
_NIC_KEYS = {'net-id': 'net-id', 'network-id': 'network_id',
             'subnet-id': 'subnet_id', 'ip-address': 'ip_address',
             'v4-fixed-ip': 'ip_address'}


def nic_spec(value):
    """``net-id=<id>[,subnet-id=<id>][,ip-address=<ip>]`` and the like."""
    result = {}
    for part in value.split(','):
        key, sep, item = part.partition('=')
        if not sep or key not in _NIC_KEYS:
            raise argparse.ArgumentTypeError(
                _('invalid --nic field %s; expected key=value with keys %s')
                % (_shown(part), ', '.join(_NIC_KEYS)))
        if not item.strip():
            raise argparse.ArgumentTypeError(
                _('the %s of a --nic must not be empty') % key)
        result[_NIC_KEYS[key]] = item
    return result


def add_paired_flag(parser, dest, on, off, on_help, off_help, aliases=()):
    """``--<on>``/``--<off>`` into one dest: True, False or None (not given).

    ``aliases`` pairs extra spellings (e.g. python-troveclient's) with the
    same meanings: ``[('--is-public', '--is-private')]``.
    """
    group = parser.add_mutually_exclusive_group()
    group.add_argument(on, *[a for a, _b in aliases], dest=dest,
                       action='store_const', const=True, default=None,
                       help=on_help)
    group.add_argument(off, *[b for _a, b in aliases], dest=dest,
                       action='store_const', const=False, help=off_help)
    return group


# -- the client -------------------------------------------------------------

_OWN_CLIENTS = weakref.WeakKeyDictionary()


def _check_tls_options(command):
    """S7: ``--insecure`` with ``--os-cacert`` (or OS_CACERT) is an
    argument error, exit 2: the second asks for the check the first turns
    off, and OpenStackClient would quietly drop it."""
    app = getattr(command, 'app', None)
    options = getattr(app, 'options', None)
    if getattr(options, 'insecure', None) and \
            getattr(options, 'cacert', None):
        prog = getattr(getattr(app, 'parser', None), 'prog', 'openstack')
        _stderr(command).write(
            _('%s: error: --insecure turns off the certificate check that '
              '--os-cacert (or OS_CACERT) asks for: give one of them\n')
            % prog)
        raise SystemExit(2)


def client(command):
    """The database client of a command's OpenStackClient session.

    That is ``client_manager.database``, unless python-troveclient's plugin
    is loaded too: then ``client_manager.database`` is python-troveclient's
    client, for its own commands (see troveclient_osc.plugin), and these
    commands build theirs on the same session, once per client manager,
    without making python-troveclient's.
    """
    from troveclient_osc import plugin
    from troveclient_osc.v1 import client as trove_client

    _check_tls_options(command)
    manager = command.app.client_manager
    if plugin.other_database_plugin() is None:
        found = manager.database
        if isinstance(found, trove_client.Client):
            return found
    if manager not in _OWN_CLIENTS:
        _OWN_CLIENTS[manager] = plugin.build_client(manager)
    return _OWN_CLIENTS[manager]


# -- output -----------------------------------------------------------------

def labels(fields, attrs):
    """The Title-Case headers of ``attrs`` as declared in ``fields``."""
    table = dict(fields)
    return tuple(table[attr] for attr in attrs)


def rows(views, attrs):
    """One tuple per view with the values of ``attrs`` ('' if absent, as
    osc-lib shows a missing attribute)."""
    return [tuple(view.get(attr, '') for attr in attrs) for view in views]


def record(fields, view, attrs=None):
    """``(names, values)`` for ShowOne: declared fields present in the view.

    Show uses the attribute names as labels, in the declared order.
    """
    wanted = attrs if attrs is not None else tuple(a for a, _l in fields)
    names = tuple(attr for attr in wanted if attr in view)
    return names, tuple(view[attr] for attr in names)


def strip_links(value):
    """A copy of a dict (or list of dicts) without the API's ``links``."""
    if isinstance(value, list):
        return [strip_links(item) for item in value]
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if k != 'links'}
    return value


# -- waiting ----------------------------------------------------------------

DEFAULT_WAIT_TIMEOUT = 1800


def add_wait_options(parser, what):
    """``--wait`` and ``--wait-timeout`` for a command that starts ``what``."""
    parser.add_argument(
        '--wait', action='store_true', default=False,
        help=_('Wait until %s, showing progress on stderr '
               '(default: return at once)') % what)
    parser.add_argument(
        '--wait-timeout', metavar='<seconds>', type=positive_int,
        default=DEFAULT_WAIT_TIMEOUT,
        help=_('With --wait, give up after this many seconds and exit 1 '
               '(default: %d)') % DEFAULT_WAIT_TIMEOUT)


class Progress:
    """The ``--wait`` progress line on stderr.

    On a terminal the line is rewritten in place; otherwise a line is written
    only when the status or the operating status changes.
    """

    def __init__(self, stream, label):
        self.stream = stream
        self.label = label
        self.last = None
        self.tty = bool(getattr(stream, 'isatty', None) and stream.isatty())
        self.open = False

    def __call__(self, resource, elapsed):
        status = getattr(resource, 'status', None) or '-'
        operating = getattr(resource, 'operating_status', None) or '-'
        line = (_('%(label)s: status %(status)s, operating status '
                  '%(operating)s, %(elapsed)ds elapsed')
                % {'label': self.label, 'status': status,
                   'operating': operating, 'elapsed': int(elapsed)})
        if self.tty:
            self.stream.write('\r' + line + '\033[K')
            self.open = True
        elif (status, operating) != self.last:
            self.stream.write(line + '\n')
        self.last = (status, operating)
        self.stream.flush()

    def done(self):
        if self.open:
            self.stream.write('\n')
            self.stream.flush()
            self.open = False


def _stderr(command):
    return getattr(command.app, 'stderr', None) or sys.stderr


def wait_for_status(command, manager, resource, parsed_args,
                    status='ACTIVE', failures=None):
    """Wait with the manager's waiter when ``--wait`` was given.

    ERROR/FAILED end the wait at once (the library's default ``failures``)
    with the resource's fault; the timeout ends it with exit 1.
    """
    if not parsed_args.wait:
        return resource
    ident = getattr(resource, 'id', resource)
    progress = Progress(_stderr(command), _('Waiting for %s %s')
                        % (manager.human_name, ident))
    kwargs = {'timeout': parsed_args.wait_timeout, 'callback': progress}
    if failures is not None:
        kwargs['failures'] = failures
    try:
        return manager.wait_for_status(ident, status, **kwargs)
    finally:
        progress.done()


def wait_for_delete(command, manager, resource, parsed_args):
    """Wait until ``resource`` is gone, when ``--wait`` was given."""
    if not parsed_args.wait:
        return
    ident = getattr(resource, 'id', resource)
    progress = Progress(_stderr(command), _('Waiting for %s %s to go')
                        % (manager.human_name, ident))
    try:
        manager.wait_for_delete(ident, timeout=parsed_args.wait_timeout,
                                callback=progress)
    finally:
        progress.done()


# -- deleting several -------------------------------------------------------

def delete_many(command, values, delete_one, singular, plural, then=None):
    """Call ``delete_one(value)`` for each value, whatever fails.

    Every failure is logged as one line naming the value. ``then``, if
    given, is called with what the successful calls returned (in order),
    failures or not; after it a failure count raises CommandError (exit 1).
    """
    from troveclient_osc import base

    results = []
    failed = 0
    for value in values:
        try:
            results.append(delete_one(value))
        except Exception as error:  # noqa: BLE001 - report each and go on
            failed += 1
            command.log.error(_("Failed to delete %(what)s '%(value)s': "
                                "%(error)s"),
                              {'what': singular,
                               'value': base.shown(value), 'error': error})
    if then is not None:
        then(results)
    if failed:
        raise osc_exceptions.CommandError(
            _('%(failed)d of %(total)d %(plural)s failed to delete.')
            % {'failed': failed, 'total': len(values), 'plural': plural})
    return results
