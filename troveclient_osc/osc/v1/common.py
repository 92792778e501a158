"""What every database command shares: arguments, waiting, deleting.

Each fact lives here once: how a positive integer or a user spec is parsed
(argparse ``type=`` functions, so that a bad value ends with exit 2 before
any request), how ``--wait`` is offered and reported, and how several items
are deleted with one error line per failure. What the commands print is
:mod:`troveclient_osc.osc.output`'s.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import weakref

from osc_lib import exceptions as osc_exceptions

from troveclient_osc.i18n import _

# The library (troveclient_osc.base, .exceptions, .http, .v1) is imported
# inside the functions that use it: cliff imports every command module of
# every plugin for every ``openstack`` command, database or not, and these
# modules must not bring the REST layer along.

ArgumentTypeError = argparse.ArgumentTypeError


def shown(value):
    """``value`` in single quotes for a message, the way the library's
    messages show one (:func:`troveclient_osc.base.shown`): control
    characters escaped and cut to ``base.MAX_SHOWN`` characters."""
    from troveclient_osc import base

    return "'%s'" % base.shown(value)


# -- argument types ---------------------------------------------------------


def positive_int(value):
    """An integer of at least 1 (``--limit``, ``--size``, ...)."""
    try:
        number = int(str(value).strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            _('%s is not an integer') % shown(value)) from None
    if number < 1:
        raise argparse.ArgumentTypeError(
            _('%s must be a positive integer') % shown(value))
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
            _('%s is not a valid CIDR') % shown(value)) from None
    return value


def check_password(password, user):
    """B9: refuse an empty or blank password without echoing it."""
    if not password.strip():
        raise argparse.ArgumentTypeError(
            _('the password of user %s must not be empty or blank')
            % shown(user))
    if not any(char.isalnum() for char in password):
        raise argparse.ArgumentTypeError(
            _('the password of user %s must contain a letter or a digit')
            % shown(user))
    from troveclient_osc import masking
    return masking.Secret(password)


class UserSpec:
    """One ``--user``: name, password (a
    :class:`~troveclient_osc.masking.Secret` or None), host and database
    names. Its repr masks the password."""

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
    for index, part in enumerate(value.split(',')):
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
            raise argparse.ArgumentTypeError(
                _('invalid field %(field)s in %(where)s: expected '
                  'name=<name>[,password=<password>][,host=<host>]'
                  '[,databases=<db1;db2>]')
                % {'field': _unknown_user_field(index, head, sep, part),
                   'where': ('--user %s' % shown(fields['name'])
                             if 'name' in fields else '--user')})
    name = fields.get('name', '')
    if not name.strip():
        raise argparse.ArgumentTypeError(_('a --user needs a non-empty name'))
    password = fields.get('password')
    if password is not None:
        password = check_password(password, name)
    host = fields.get('host')
    if host is not None and not host.strip():
        raise argparse.ArgumentTypeError(
            _('the host of user %s must not be empty') % shown(name))
    databases = [db for db in (fields.get('databases') or '').split(';')
                 if db.strip()]
    if 'databases' in fields and not databases:
        raise argparse.ArgumentTypeError(
            _('the databases of user %s must not be empty') % shown(name))
    return UserSpec(name, password, host, databases)


def _unknown_user_field(index, head, sep, part):
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


def legacy_user_spec(value):
    """python-troveclient's ``<user:password>``; the password may hold
    ``:``."""
    name, sep, password = value.partition(':')
    if not sep:
        raise argparse.ArgumentTypeError(
            _('expected <user:password>, got no password for %s')
            % shown(name))
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
                    % shown(part))
            key, item = 'name', part
        if key not in _DATABASE_KEYS:
            raise argparse.ArgumentTypeError(
                _('unknown key %s in --database; valid keys are %s')
                % (shown(key), ', '.join(_DATABASE_KEYS)))
        if not item.strip():
            raise argparse.ArgumentTypeError(
                _('the %s of a --database must not be empty') % key)
        result[_DATABASE_KEYS[key]] = item
    if 'name' not in result:
        raise argparse.ArgumentTypeError(
            _('a --database needs a name'))
    return result


def nic_spec(value):
    """``net-id=<id>[,subnet-id=<id>][,ip-address=<ip>]`` and the like: the
    keys are the library's (``v1.instances.NIC_KEYS``), as Trove takes them
    or spelled with dashes."""
    from troveclient_osc.v1 import instances
    result = {}
    for part in value.split(','):
        key, sep, item = part.partition('=')
        if not sep or key not in instances.NIC_KEYS:
            raise argparse.ArgumentTypeError(
                _('invalid --nic field %s; expected key=value with keys %s')
                % (shown(part), ', '.join(
                    name for name in instances.NIC_KEYS if '-' in name)))
        if not item.strip():
            raise argparse.ArgumentTypeError(
                _('the %s of a --nic must not be empty') % key)
        result[instances.NIC_KEYS[key]] = item
    return result


def add_paired_flag(parser, dest, on, off, on_help, off_help, aliases=(),
                    hidden=()):
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


# -- command names ----------------------------------------------------------

def _own_names(command):
    """The names (as word lists) this command's class is registered under,
    and the words its name was typed with."""
    typed = str(getattr(command, 'cmd_name', None) or '').split()
    commands = getattr(getattr(getattr(command, 'app', None),
                               'command_manager', None), 'commands', None)
    if not typed or not isinstance(commands, dict) or \
            ' '.join(typed) in commands:
        return [], typed  # typed in full (or not run by a cliff app)
    # a deprecated alias is a subclass of the command it names again
    mine = {'%s:%s' % (cls.__module__, cls.__qualname__)
            for cls in type(command).__mro__}
    return [name.split() for name, entry in commands.items()
            if getattr(entry, 'value', None) in mine], typed


def words_given_back(command):
    """The words of the command name as typed that are its arguments.

    cliff tries the words typed, abbreviations allowed, against the names
    of as many words first: ``database instance detach rep`` is taken for
    the alias ``database instance detach replica`` (and then lacks its
    instance), not for ``database instance detach`` of the instance
    ``rep``. The rule here: the words an alias adds to a shorter name of
    the same command count only when typed in full; a word that only
    abbreviates one of them is an argument of the shorter name.
    """
    names, typed = _own_names(command)
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


def give_words_back(command, parser):
    """Make ``parser`` take :func:`words_given_back` as its first
    arguments, and name the shorter command in its usage."""
    words = words_given_back(command)
    if not words:
        return parser
    prog = parser.prog.split()
    if prog[-len(words):] == words:
        parser.prog = ' '.join(prog[:-len(words)])
    parse_known_args = parser.parse_known_args

    def parse_with_words(args=None, namespace=None):
        args = sys.argv[1:] if args is None else list(args)
        return parse_known_args(words + args, namespace)

    parser.parse_known_args = parse_with_words
    return parser


# -- the client -------------------------------------------------------------

_OWN_CLIENTS: weakref.WeakKeyDictionary[object, object] = (
    weakref.WeakKeyDictionary())


@contextlib.contextmanager
def argument_checks(command, options):
    """Run the library's check of a request as a check of the arguments.

    A ValidationError raised inside ends the command as a usage error (exit
    2), before any request: its message, or for arguments that go together
    (``ArgumentMissing``, ``ArgumentsConflict``) one worded with
    ``options``, the command's option for each keyword argument.
    """
    from troveclient_osc import exceptions
    try:
        yield
    except exceptions.ArgumentMissing as error:
        needs = _or([options.get(name, name) for name in error.needs])
        if error.argument is None:
            message = _('nothing to change: give %s') % needs
        else:
            message = _('%(option)s needs %(needs)s') % {
                'option': options.get(error.argument, error.argument),
                'needs': needs}
        command._parser.error(message)
    except exceptions.ArgumentsConflict as error:
        changes = ['/'.join(options.get(name, name) for name in change)
                   for change in error.arguments]
        command._parser.error(
            _('only one of %(changes)s can be changed at a time (with or '
              'without %(besides)s)')
            % {'changes': ', '.join(changes),
               'besides': _or([options.get(name, name)
                               for name in error.besides])})
    except exceptions.ValidationError as error:
        command._parser.error(error.message)


def _or(names):
    """``a, b or c``, each name once."""
    names = list(dict.fromkeys(names))
    if len(names) < 2:
        return ''.join(names)
    return _('%(some)s or %(last)s') % {
        'some': ', '.join(names[:-1]), 'last': names[-1]}


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
    plugin.require_api_version(getattr(
        getattr(command.app, 'options', None), plugin.API_VERSION_OPTION,
        None))
    manager = command.app.client_manager
    if plugin.other_database_plugin() is None:
        found = manager.database
        if isinstance(found, trove_client.Client):
            return found
    if manager not in _OWN_CLIENTS:
        _OWN_CLIENTS[manager] = plugin.build_client(manager)
    return _OWN_CLIENTS[manager]


def find_datastore_version(client, value, datastore=None, given=None):
    """The datastore version ``value`` (name or ID) of ``datastore``.

    ``given`` is the datastore as the user gave it, for the messages, when
    ``datastore`` is its ID found from that.

    The library's lookup, with the two refusals worded for the commands
    that call it: a name without ``datastore`` names ``--datastore``, and
    Trove's answer for a name several versions share ("use an UUID or
    specify both the name and version number") asks for the ID, since
    none of these commands has a version number option.
    """
    from troveclient_osc import exceptions

    try:
        return client.datastore_versions.find(value, datastore=datastore)
    except exceptions.ValidationError:
        if datastore is not None:
            raise
        raise osc_exceptions.CommandError(
            _('Datastore version %s is not an ID: give --datastore to look '
              'it up by name') % shown(value)) from None
    except exceptions.BadRequest as error:
        if 'specify both the name and version number' not in error.message:
            raise
        import shlex
        from troveclient_osc import base

        raise osc_exceptions.CommandError(
            _("Datastore %(datastore)s has several versions named "
              "%(version)s: give the ID of the one you mean (see "
              "'openstack datastore version list %(argument)s --long')")
            % {'datastore': shown(given or datastore),
               'version': shown(value),
               'argument': shlex.quote(base.shown(given or datastore))}
        ) from None


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


class _ProgressLine:
    """A ``--wait`` progress line on a stream: on a terminal rewritten in
    place, elsewhere written again only when what it reports changes."""

    def __init__(self, stream):
        self.stream = stream
        self.tty = bool(getattr(stream, 'isatty', None) and stream.isatty())
        self.open = False
        self.last = None

    def show(self, line, key):
        """Show ``line``; ``key`` is what it reports, to tell a change."""
        if self.tty:
            self.stream.write('\r' + line + '\033[K')
            self.open = True
        elif key != self.last:
            self.stream.write(line + '\n')
        self.last = key
        self.stream.flush()

    def done(self):
        if self.open:
            self.stream.write('\n')
            self.stream.flush()
            self.open = False


class Progress(_ProgressLine):
    """The ``--wait`` progress line of one resource on stderr: written
    again when the status or the operating status changes."""

    def __init__(self, stream, label):
        super().__init__(stream)
        self.label = label
        # The seconds elapsed at the last poll, by the waiter's clock.
        self.elapsed = 0

    def __call__(self, resource, elapsed):
        status = getattr(resource, 'status', None) or '-'
        operating = getattr(resource, 'operating_status', None) or '-'
        line = (_('%(label)s: status %(status)s, operating status '
                  '%(operating)s, %(elapsed)ds elapsed')
                % {'label': self.label, 'status': status,
                   'operating': operating, 'elapsed': int(elapsed)})
        self.elapsed = elapsed
        self.show(line, (status, operating))


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
    try:
        return _wait(command, manager, ident, status, failures,
                     parsed_args.wait_timeout)[0]
    except _wait_timeout() as error:
        raise _timed_out(error, manager, ident,
                         _('it exists and Trove carries on with it')) \
            from None


def _wait(command, manager, ident, status, failures, timeout):
    """The manager's wait for ``status``, with progress on stderr: the
    resource and the seconds it took."""
    progress = Progress(_stderr(command), _('Waiting for %s %s')
                        % (manager.human_name, ident))
    kwargs = {'timeout': timeout, 'callback': progress}
    if failures is not None:
        kwargs['failures'] = failures
    try:
        return manager.wait_for_status(ident, status, **kwargs), \
            progress.elapsed
    finally:
        progress.done()


def wait_for_all(command, manager, resources, parsed_args, status='ACTIVE'):
    """:func:`wait_for_status` for resources started together (the
    replicas of one create), one after another within one --wait-timeout.

    A failure ends the wait at once, as for one; a timeout names every
    resource that had not got there yet.
    """
    if not parsed_args.wait:
        return list(resources)
    done: list[object] = []
    spent = 0
    for resource in resources:
        ident = getattr(resource, 'id', resource)
        try:
            found, elapsed = _wait(command, manager, ident, status, None,
                                   max(parsed_args.wait_timeout - spent, 0))
        except _wait_timeout() as error:
            pending = [getattr(r, 'id', r) for r in resources[len(done):]]
            going_on = _('they exist and Trove carries on with them')
            if error.failing_since is not None:
                # Trove could not be asked at the end: what it does is
                # not known.
                from troveclient_osc import waiters
                going_on = waiters.polls_failed(error.failing_since,
                                                error.failing_error)
            raise _wait_timeout()(
                _("Timeout waiting for %(count)d of %(total)d %(what)ss to "
                  "become %(status)s after %(timeout)ss: %(ids)s. Only the "
                  "wait ended: %(going_on)s; follow each with 'openstack "
                  "%(what)s show <id>'")
                % {'count': len(pending), 'total': len(resources),
                   'what': manager.human_name, 'status': status,
                   'timeout': parsed_args.wait_timeout,
                   'ids': ', '.join(pending),
                   'going_on': going_on}) from None
        done.append(found)
        spent += elapsed
    return done


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
    except _wait_timeout() as error:
        raise _timed_out(error, manager, ident,
                         _('Trove carries on deleting it')) from None
    finally:
        progress.done()


def _wait_timeout():
    from troveclient_osc import exceptions
    return exceptions.WaitTimeout


def _timed_out(error, manager, ident, going_on):
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
    timeout = type(error)(text)
    for name in ('last_status', 'failing_since', 'failing_error'):
        setattr(timeout, name, getattr(error, name, None))
    return timeout


def error_line(prefix, error):
    """``prefix`` and ``error`` as one line within the library's limit
    (``troveclient_osc.exceptions.MAX_LINE``): the error is shortened by
    its own rule to the room the prefix leaves."""
    from troveclient_osc import exceptions

    return prefix + exceptions.one_line(
        error, exceptions.MAX_LINE - len(prefix))


# -- deleting several -------------------------------------------------------

def delete_many(command, values, delete_one, singular, plural, then=None):
    """Call ``delete_one(value)`` for each value, whatever fails.

    Every failure is logged as one line naming the value. ``then``, if
    given, is called with what the successful calls returned (in order),
    failures or not; after it a failure count raises CommandError (exit 1).
    """
    results = []
    failed = 0
    for value in values:
        try:
            results.append(delete_one(value))
        except Exception as error:  # noqa: BLE001 - report each and go on
            failed += 1
            command.log.error('%s', error_line(
                _('Failed to delete %(what)s %(value)s: ')
                % {'what': singular, 'value': shown(value)}, error))
    if then is not None:
        then(results)
    if failed:
        raise osc_exceptions.CommandError(
            _('%(failed)d of %(total)d %(plural)s failed to delete.')
            % {'failed': failed, 'total': len(values), 'plural': plural})
    return results


# -- acting on several ------------------------------------------------------

class Targets(argparse.Action):
    """``<instance> [<instance> ...]``: the list in ``dest``, and the one
    target also as ``instance`` when only one is given, which is what the
    single-target code path reads."""

    def __call__(self, parser, namespace, values, option_string=None):
        setattr(namespace, self.dest, values)
        namespace.instance = values[0] if len(values) == 1 else None


def concurrency(value):
    """How many requests a multi-target command has in flight: 1 to 32."""
    from troveclient_osc import batch

    number = positive_int(value)
    if number > batch.MAX_CONCURRENCY:
        raise argparse.ArgumentTypeError(
            _('%(value)s is more than %(most)d')
            % {'value': shown(value), 'most': batch.MAX_CONCURRENCY})
    return number


def add_concurrency_option(parser):
    """``--concurrency <count>`` of a command that takes many targets."""
    from troveclient_osc import batch

    parser.add_argument(
        '--concurrency', metavar='<count>', type=concurrency,
        default=batch.DEFAULT_CONCURRENCY,
        help=_('With several instances, send at most this many of their '
               'requests at a time, 1 to %(most)d (default: %(default)d)')
        % {'most': batch.MAX_CONCURRENCY,
           'default': batch.DEFAULT_CONCURRENCY})


def _count(number, what):
    """``1 database instance``, ``3 database instances``."""
    return '%d %s%s' % (number, what, '' if number == 1 else 's')


def act_on_many(command, manager, values, action, verb, parsed_args,
                all_projects=False, lookup=False):
    """``manager.act_on_many`` for a command: every target tried, each
    failure logged as one line naming the target, in the targets' order.

    :returns: the outcomes (see :mod:`troveclient_osc.batch`)
    """
    outcomes = manager.act_on_many(
        values, action, all_projects=all_projects, lookup=lookup,
        concurrency=getattr(parsed_args, 'concurrency', None))
    # An instance named twice was acted on once, and is reported once.
    for outcome in outcomes.distinct.failed:
        command.log.error('%s', error_line(
            _('Failed to %(verb)s %(what)s %(value)s: ')
            % {'verb': verb, 'what': manager.human_name,
               'value': shown(outcome.target)}, outcome.error))
    return outcomes


def check_many(manager, outcomes, verb, wait_failed=()):
    """Raise "N of M <things> failed to <verb>." (exit 1) when a target
    failed, in its action or in the wait after it; an instance named twice
    counts once."""
    distinct = outcomes.distinct
    failed = len(distinct.failed) + len(wait_failed)
    if failed:
        raise osc_exceptions.CommandError(
            _('%(failed)d of %(total)d %(plural)s failed to %(verb)s.')
            % {'failed': failed, 'total': len(distinct),
               'plural': manager.human_name + 's', 'verb': verb})


class ManyProgress(_ProgressLine):
    """The ``--wait`` progress of many resources: one line for the set.

    ``12 of 40 deleted, 28 SHUTDOWN, 0 failed, 9 s``: on a terminal the
    line is rewritten in place, otherwise written when it changes. A
    resource that fails is reported at once, one line with its fault.
    """

    def __init__(self, command, stream, done, idents):
        super().__init__(stream)
        self.command = command
        self.done_word = done
        #: the IDs still changing, as of the last poll
        self.pending = [str(ident) for ident in idents]

    def __call__(self, tally, elapsed):
        from troveclient_osc import exceptions

        self.pending = list(tally.pending)
        for outcome in tally.ended:
            if outcome.ok or isinstance(outcome.error,
                                        exceptions.WaitTimeout):
                continue
            self.done()
            self.command.log.error('%s', error_line('', outcome.error))
        parts = [_('%(done)d of %(total)d %(word)s')
                 % {'done': tally.done, 'total': tally.total,
                    'word': self.done_word}]
        parts.extend('%d %s' % (count, status)
                     for status, count in tally.statuses())
        parts.append(_('%d failed') % tally.failed)
        parts.append(_('%d s') % int(elapsed))
        self.show(', '.join(parts), tally.key())


def wait_for_many(command, manager, outcomes, parsed_args, verb,
                  status=None, failures=None, done=None,
                  all_projects=False):
    """With ``--wait``, wait for the targets that succeeded, one listing
    per poll: until each has ``status`` (or is gone, without ``status``).

    A target that fails is logged at once and the others still waited
    for; a timeout is one line naming what is still changing. Ctrl-C says
    what is still changing (see :func:`interruption`).

    :returns: the outcomes of the wait that failed
    """
    started = [outcome.instance for outcome in outcomes.distinct
               if outcome.ok]
    if not parsed_args.wait or not started:
        return []
    idents = [getattr(target, 'id', target) for target in started]
    progress = ManyProgress(command, _stderr(command),
                            done or (_('deleted') if status is None
                                     else '/'.join(status)), idents)
    kwargs = {'timeout': parsed_args.wait_timeout, 'callback': progress,
              'all_projects': all_projects}
    with interruption(command, verb, len(outcomes.distinct),
                      lambda: progress.pending):
        try:
            if status is None:
                results = manager.wait_for_delete_many(started, **kwargs)
            else:
                if failures is not None:
                    kwargs['failures'] = failures
                results = manager.wait_for_many(started, status, **kwargs)
        finally:
            progress.done()
    _report_late(command, manager, results, status, parsed_args)
    return results.failed


def _report_late(command, manager, results, status, parsed_args):
    """One line for the instances still changing when a wait on many timed
    out: which, and that Trove carries on with them, or, when the polls
    were failing at the end, since when and why (what Trove does is not
    known then)."""
    from troveclient_osc import exceptions

    late = [outcome for outcome in results
            if isinstance(outcome.error, exceptions.WaitTimeout)]
    if not late:
        return
    values = {'count': len(late),
              'total': _count(len(results), manager.human_name),
              'what': (_('be deleted') if status is None
                       else _('become %s') % '/'.join(status)),
              'timeout': parsed_args.wait_timeout,
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
    command.log.error('%s', error_line('', exceptions.WaitTimeout(line)))


class interruption:  # noqa: N801 - a context manager, used as a verb
    """Ctrl-C in a ``--wait``: one line on stderr that says what was
    requested and which resources are still changing on the server, then
    the KeyboardInterrupt goes on (OpenStackClient exits 130).

    :param verb: what was requested (``restart``, ``delete``, ...)
    :param count: for how many instances
    :param changing: a callable giving the IDs still changing
    """

    def __init__(self, command, verb, count, changing):
        self.command = command
        self.verb = verb
        self.count = count
        self.changing = changing

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if kind is not KeyboardInterrupt:
            return False
        ids = [str(ident) for ident in self.changing()]
        _stderr(self.command).write(
            _('Interrupted: %(verb)s was requested for %(count)s; still '
              'changing on the server: %(ids)s\n')
            % {'verb': self.verb,
               'count': _count(self.count, _('instance')),
               'ids': ', '.join(ids) if ids else _('none')})
        return False
