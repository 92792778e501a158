"""The OpenStackClient hooks of troveclient-osc.

``openstack`` imports every plugin module at start-up, for every command it
runs, so this module imports nothing beyond the standard library at module
level: the client classes are loaded only when a database command asks for
its client.

python-troveclient registers the same ``database`` plugin. When both are
installed, OpenStackClient loads both plugin modules, in the order their
entry points are found, and then:

* calls every module's ``build_option_parser``: python-troveclient's adds
  ``--os-database-api-version`` unconditionally, so this one defines the
  option only when no other database plugin comes after it;
* makes ``client_manager.database`` from the ``make_client`` of the module
  loaded last: this one's hands the job to python-troveclient's, whose
  commands (``database backup``, ``database user``, ...) expect its client,
  while troveclient-osc's commands build theirs with :func:`build_client`
  (see ``troveclient_osc.osc.v1.common.client``);
* loads the ``openstack.database.v1`` commands, then ``openstack.extension``,
  where troveclient-osc's commands are registered so that they replace
  python-troveclient's same-named ones in either order.
"""

import logging
import os
import re
import sys

LOG = logging.getLogger(__name__)

# What the commands need beyond the library (the "cli" extra). Checked when
# this module is imported, so that without them OpenStackClient says so in
# one line ("Failed to import plugin ...: <this>") and loads none of the
# database commands, instead of one error per command. In ``openstack``
# both are imported already; the check costs a dictionary look-up.
_CLI_MODULES = (('osc_lib', 'osc-lib'), ('cliff', 'cliff'))


def _check_cli_dependencies():
    missing = []
    for module, distribution in _CLI_MODULES:
        if sys.modules.get(module) is None:
            import importlib.util
            if importlib.util.find_spec(module) is None:
                missing.append(distribution)
    if missing:
        raise ImportError(
            "troveclient-osc's database commands need %s, which %s not "
            "installed: pip install 'troveclient-osc[cli]' (or "
            "python-openstackclient)"
            % (' and '.join(missing), 'is' if len(missing) == 1 else 'are'))


_check_cli_dependencies()

API_NAME = 'database'
API_VERSION_OPTION = 'os_database_api_version'
DEFAULT_API_VERSION = '1'
API_VERSIONS = {
    '1': 'troveclient_osc.v1.client.Client',
}
# Spellings of the one supported version that users actually type.
_VERSION_ALIASES = {'1': '1', '1.0': '1', 'v1': '1', 'v1.0': '1'}


def check_api_version(check_version):
    """Accept any version here; the database commands check it.

    OpenStackClient calls this hook with the version chosen by
    ``--os-database-api-version``, ``OS_DATABASE_API_VERSION`` or the cloud's
    ``database_api_version`` before *every* command, ``server list`` too: an
    exception here would break them all for a version only the database
    commands use. Those refuse it instead (:func:`require_api_version`).
    Returns True so that OpenStackClient's own check (which does not know
    the aliases above) is skipped.
    """
    return True


def require_api_version(version):
    """Refuse, with one line, a database API version this plugin does not
    speak; None (not given) is the default version."""
    if version is not None and \
            str(version).strip().lower() not in _VERSION_ALIASES:
        from osc_lib import exceptions
        raise exceptions.UnsupportedVersion(
            'Database API version %s is not supported; supported: %s'
            % (version, ', '.join(sorted(API_VERSIONS))))


def _database_plugins():
    """The plugin modules OpenStackClient loaded for the ``database`` API,
    this one included, in the order it loaded them (the order in which it
    calls their ``build_option_parser``); empty outside ``openstack``."""
    osc = sys.modules.get('openstackclient.common.clientmanager')
    modules = getattr(osc, 'PLUGIN_MODULES', None) or ()
    return [module for module in modules
            if getattr(module, 'API_NAME', None) == API_NAME]


def other_database_plugin():
    """The other database plugin module OpenStackClient loaded next to this
    one (python-troveclient's ``troveclient.osc.plugin``), or None.

    With several, the one loaded last.
    """
    this = sys.modules[__name__]
    others = [module for module in _database_plugins()
              if module is not this and
              getattr(module, 'make_client', make_client) is not make_client]
    return others[-1] if others else None


def make_client(instance):
    """OpenStackClient's hook for ``client_manager.database``.

    OpenStackClient takes that attribute from the database plugin module it
    loaded last. With python-troveclient's plugin loaded too, whichever came
    last, it is python-troveclient's client, the one its commands expect;
    troveclient-osc's commands use :func:`build_client` then. Otherwise it
    is troveclient-osc's client.
    """
    other = other_database_plugin()
    if other is not None:
        LOG.debug('client_manager.database is the client of %s',
                  other.__name__)
        return other.make_client(instance)
    return build_client(instance)


def build_client(instance):
    """Build the database client on OpenStackClient's authenticated session.

    :param instance: OpenStackClient's ``ClientManager``; only its public
        attributes are used: ``session``, ``region_name``, ``interface`` and
        ``get_endpoint_for_service_type``.
    """
    from troveclient_osc.v1 import client

    endpoint = _endpoint(instance)
    LOG.debug('Instantiating the database client for %s',
              endpoint or 'the catalog endpoint')
    warn_about_transport(instance.session, endpoint)
    return client.Client(session=instance.session,
                         region_name=instance.region_name,
                         interface=instance.interface,
                         endpoint_override=endpoint)


def _is_loopback(host):
    import ipaddress

    host = (host or '').lower()
    if host == 'localhost' or host.endswith('.localhost'):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def warn_about_transport(session, endpoint):
    """Warn, one line each, when TLS certificates are not verified (S7) and
    when credentials would cross the network in clear text (S8): a token or
    a password sent over ``http://`` to a host other than this one."""
    import urllib.parse

    if getattr(session, 'verify', True) is False:
        import warnings

        from urllib3 import exceptions as u3

        # Said once here; urllib3 would say it again for every request.
        warnings.filterwarnings('ignore',
                                category=u3.InsecureRequestWarning)
        LOG.warning('TLS certificates are not verified (--insecure or '
                    'verify: false): anyone on the network path can read '
                    'and change what is sent, the token and passwords '
                    'included')
    auth = getattr(session, 'auth', None)
    if auth is None or type(auth).__name__ == 'NoAuth':
        return  # no token is sent
    clear = []
    for url in (getattr(auth, 'auth_url', None), endpoint):
        parts = urllib.parse.urlsplit(url or '')
        if parts.scheme.lower() == 'http' and \
                not _is_loopback(parts.hostname):
            where = 'http://%s' % parts.netloc.rpartition('@')[2]
            if where not in clear:
                clear.append(where)
    if clear:
        LOG.warning('%s %s not encrypted: the token and passwords sent '
                    'there travel in clear text; use https://',
                    ' and '.join(clear), 'is' if len(clear) == 1 else 'are')


def _endpoint(instance):
    """The endpoint OpenStackClient resolves for ``database``, or None.

    This honours ``--os-endpoint`` with ``--os-auth-type none`` or
    ``admin_token``, ``database_endpoint_override`` in clouds.yaml and the
    catalog. When nothing is found, None lets the client look the catalog up
    itself and report a missing endpoint with its own one-line error.
    """
    from keystoneauth1 import exceptions as ksa_exceptions

    try:
        return instance.get_endpoint_for_service_type(
            API_NAME, region_name=instance.region_name,
            interface=instance.interface or 'public')
    except ksa_exceptions.EndpointNotFound:
        return None


def build_option_parser(parser):
    """Add ``--os-database-api-version`` to OpenStackClient's options.

    Also masks passwords and tokens in OpenStackClient's log of the command
    line (see :func:`mask_argv`): this hook is the only plugin code that
    runs before that line is logged.
    """
    import argparse

    _mask_start_line()
    _quiet_discovery_warning()

    this = sys.modules[__name__]
    plugins = _database_plugins()
    if this in plugins and plugins[-1] is not this:
        # Another database plugin (python-troveclient) comes after this one
        # and adds the same option, with the same default and environment
        # variable, unconditionally: defined here first, its add_argument
        # would fail and no openstack command would start.
        LOG.debug('--os-database-api-version is left to %s',
                  plugins[-1].__name__)
        return parser
    try:
        parser.add_argument(
            '--os-database-api-version',
            metavar='<database-api-version>',
            default=os.environ.get('OS_DATABASE_API_VERSION',
                                   DEFAULT_API_VERSION),
            help='Database API version, default=%s '
                 '(Env: OS_DATABASE_API_VERSION)' % DEFAULT_API_VERSION)
    except argparse.ArgumentError:
        # Another database plugin (python-troveclient) came first and
        # already added the same option with the same meaning.
        LOG.debug('--os-database-api-version is already defined')
    return parser


# osc-lib logs the command line ("START with options", at INFO: -v,
# --debug, --log-file) through oslo's mask_password, which masks
# ``--opt=<value>`` and ``password=<value>`` but not ``--os-password
# <value>``, ``--os-token <value>`` or python-troveclient's ``--users
# <user>:<password>`` (database instance create).
_LEGACY_USERS = '--users'
_START_LOGGER = 'osc_lib.shell'
_START = 'START with options'

# Option names whose value is a secret, and look-alikes whose is not.
_SECRET_WORDS = ('password', 'secret', 'token', 'passcode', 'otp')
_NOT_SECRET = frozenset(('--password-prompt', '--password-file',
                         '--os-access-token-endpoint',
                         '--os-access-token-type'))
_KNOWN_SECRET = ('--os-password', '--os-token', '--os-passcode',
                 '--os-client-secret', '--os-access-token',
                 '--os-application-credential-secret',
                 '--os-oauth2-client-secret', '--os-idp-otp-key')
# Options whose values hold user passwords: --user name=..,password=..
# and --users <user>:<password> ...
_USER_OPTIONS = ('--users', '--user')
# A --user password runs to the next key: it may hold "," and "=". (A
# pattern, compiled on first use: this module is imported by every
# openstack command.)
_PASSWORD_FIELD = r'(?s)(password=).*?(?=,(?:name|host|databases)=|$)'


def _option_kind(name):
    """'secret', 'user' or None for an option as typed (argparse also takes
    unambiguous abbreviations, such as --os-passw)."""
    name = name.lower()
    if not name.startswith('--') or name in _NOT_SECRET:
        return None
    if len(name) > 4 and any(opt.startswith(name) for opt in _USER_OPTIONS):
        return 'user'
    if any(word in name for word in _SECRET_WORDS):
        return 'secret'
    if len(name) > 5 and any(opt.startswith(name) for opt in _KNOWN_SECRET):
        return 'secret'
    return None


def _masked_user(value):
    """A --user or --users value with its password masked."""
    value = re.sub(_PASSWORD_FIELD, r'\1***', value)
    name, sep, rest = value.partition(':')
    return name + sep + '***' if sep and rest != '***' else value


def _masked_pair(value):
    name, sep, _password = value.partition(':')
    return name + sep + '***' if sep else '***'


def mask_argv(tokens):
    """A command line (a list of arguments) with every secret masked: the
    value of each password, secret or token option, and the passwords in
    ``--user``/``--users`` values."""
    masked = []
    pending = None  # 'secret': the next argument; 'user': those that follow
    for token in tokens:
        if pending == 'secret':
            masked.append('***')
            pending = None
            continue
        if pending == 'user':
            if not token.startswith('-'):
                masked.append(_masked_user(token))
                continue
            pending = None
        name, eq, value = token.partition('=')
        kind = _option_kind(name)
        if kind == 'secret':
            masked.append(name + '=***' if eq else token)
            pending = None if eq else 'secret'
        elif kind == 'user':
            masked.append(name + '=' + _masked_user(value) if eq else token)
            pending = None if eq else 'user'
        else:
            masked.append(token)
    return masked


def mask_legacy_users(text):
    """A logged command line, split on spaces, with its secrets masked.

    Used when the arguments themselves are not at hand: a value may have
    held spaces, so every word after a secret option or ``--users`` is
    masked up to the next option. ``--users a:pw b:pw`` becomes ``--users
    a:*** b:***``; a word there without a colon becomes ``***``.
    """
    words = text.split(' ')
    masking = None
    for index, word in enumerate(words):
        if word.startswith('-') and word != '-':
            name, eq, value = word.partition('=')
            masking = None if eq else _option_kind(name)
            if masking == 'user' and name != _LEGACY_USERS:
                masking = 'user-spec'
            if eq and _option_kind(name) == 'secret':
                words[index] = name + '=***'
            elif eq and _option_kind(name) == 'user':
                words[index] = name + '=' + (
                    _masked_pair(value) if name == _LEGACY_USERS
                    else _masked_user(value))
        elif masking == 'user':
            words[index] = _masked_pair(word)
        elif masking == 'user-spec':
            words[index] = _masked_user(word)
        elif masking == 'secret':
            words[index] = '***'
    return ' '.join(words)


def _shell_argv():
    """The arguments osc-lib is logging on its START line, from the shell
    object that logs it (``command_options``), or None."""
    frame = sys._getframe(1)
    while frame is not None:
        tokens = getattr(frame.f_locals.get('self'), 'command_options',
                         None)
        if isinstance(tokens, list) and all(isinstance(token, str)
                                            for token in tokens):
            return tokens
        frame = frame.f_back
    return None


class _LegacyUsersFilter(logging.Filter):
    """Masks passwords and tokens in the records of osc-lib's shell."""

    def filter(self, record):
        if not isinstance(record.msg, str):
            return True
        if record.msg.startswith(_START) and record.args:
            tokens = _shell_argv()
            if tokens is not None:
                # The exact arguments: each value masked, nothing more.
                from oslo_utils import strutils
                record.args = (strutils.mask_password(
                    ' '.join(mask_argv(tokens))),)
                return True
        if '--' in record.msg:
            record.msg = mask_legacy_users(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(
                mask_legacy_users(arg)
                if isinstance(arg, str) and '--' in arg else arg
                for arg in record.args)
        return True


def _mask_start_line():
    logger = logging.getLogger(_START_LOGGER)
    if not any(isinstance(f, _LegacyUsersFilter) for f in logger.filters):
        logger.addFilter(_LegacyUsersFilter())


# keystoneauth1 warns when identity version discovery fails, then signs in
# with the version the URL names. The sign-in then works (and the warning
# was noise) or fails with its own error, which names the same URL: either
# way the warning adds a line and no fact. It is kept for --debug.
_DISCOVERY_LOGGER = 'keystoneauth.identity.generic.base'
_DISCOVERY_FAILED = 'Failed to discover available identity versions'


class _DiscoveryWarningToDebug(logging.Filter):
    """Turns keystoneauth1's discovery warning into a debug record."""

    def filter(self, record):
        if record.levelno == logging.WARNING and isinstance(
                record.msg, str) and \
                record.msg.startswith(_DISCOVERY_FAILED):
            record.levelno, record.levelname = logging.DEBUG, 'DEBUG'
        return True


def _quiet_discovery_warning():
    logger = logging.getLogger(_DISCOVERY_LOGGER)
    if not any(isinstance(f, _DiscoveryWarningToDebug)
               for f in logger.filters):
        logger.addFilter(_DiscoveryWarningToDebug())
