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
  (see ``troveclient_osc.osc.command.database_client``);
* loads the ``openstack.database.v1`` commands, then ``openstack.extension``,
  where troveclient-osc's commands are registered so that they replace
  python-troveclient's same-named ones in either order.
"""

from __future__ import annotations

import logging
import os
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse

    from troveclient_osc.v1.client import Client

LOG = logging.getLogger(__name__)

# What the commands need beyond the library (the "cli" extra). Checked when
# this module is imported, so that without them OpenStackClient says so in
# one line ("Failed to import plugin ...: <this>") and loads none of the
# database commands, instead of one error per command. In ``openstack``
# both are imported already; the check costs a dictionary look-up.
_CLI_MODULES = (('osc_lib', 'osc-lib'), ('cliff', 'cliff'))


def _check_cli_dependencies() -> None:
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


def check_api_version(check_version: object) -> bool:
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


def require_api_version(version: object) -> None:
    """Refuse, with one line, a database API version this plugin does not
    speak; None (not given) is the default version."""
    if version is not None and \
            str(version).strip().lower() not in _VERSION_ALIASES:
        from osc_lib import exceptions
        raise exceptions.UnsupportedVersion(
            'Database API version %s is not supported; supported: %s'
            % (version, ', '.join(sorted(API_VERSIONS))))


def _database_plugins() -> list[types.ModuleType]:
    """The plugin modules OpenStackClient loaded for the ``database`` API,
    this one included, in the order it loaded them (the order in which it
    calls their ``build_option_parser``); empty outside ``openstack``."""
    osc = sys.modules.get('openstackclient.common.clientmanager')
    modules = getattr(osc, 'PLUGIN_MODULES', None) or ()
    return [module for module in modules
            if getattr(module, 'API_NAME', None) == API_NAME]


def other_database_plugin() -> types.ModuleType | None:
    """The other database plugin module OpenStackClient loaded next to this
    one (python-troveclient's ``troveclient.osc.plugin``), or None.

    With several, the one loaded last.
    """
    this = sys.modules[__name__]
    others = [module for module in _database_plugins()
              if module is not this and
              getattr(module, 'make_client', make_client) is not make_client]
    return others[-1] if others else None


def make_client(instance: Any) -> Any:
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


def build_client(instance: Any) -> Client:
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
    made = client.Client(session=instance.session,
                         region_name=instance.region_name,
                         interface=instance.interface,
                         endpoint_override=endpoint)
    made.http.lost_answer_hint = lost_answer_hint
    return made


# What a command names to check after a request whose answer was lost: the
# kinds of resource it has commands for, by the API's collection.
_CLI_KINDS = {'instances': 'database instance'}


def lost_answer_hint(collection: str, name: str | None,
                     ident: str | None) -> str:
    """The command line's words for what to check before running again a
    command whose request may have been carried out (its answer was lost):
    the command that shows the instance acted on, or lists those of the
    name a create gave; the library's words for anything else."""
    import shlex

    from troveclient_osc import http

    kind = _CLI_KINDS.get(collection)
    if kind is not None and ident is not None:
        return "see 'openstack %s show %s'" % (kind, shlex.quote(ident))
    if kind is not None and name is not None:
        return "see 'openstack %s list --name %s'" % (kind, shlex.quote(name))
    return http.check_after_lost_answer(collection, name, ident)


def _is_loopback(host: str | None) -> bool:
    import ipaddress

    host = (host or '').lower()
    if host == 'localhost' or host.endswith('.localhost'):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def warn_about_transport(session: Any, endpoint: str | None) -> None:
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
    from keystoneauth1 import noauth

    auth = getattr(session, 'auth', None)
    if auth is None or isinstance(auth, noauth.NoAuth):
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


def _endpoint(instance: Any) -> str | None:
    """The endpoint OpenStackClient resolves for ``database``, or None.

    This honours ``--os-endpoint`` with ``--os-auth-type none`` or
    ``admin_token``, ``database_endpoint_override`` in clouds.yaml and the
    catalog. When nothing is found, None lets the client look the catalog up
    itself and report a missing endpoint with its own one-line error.
    """
    from keystoneauth1 import exceptions as ksa_exceptions

    try:
        endpoint: str | None = instance.get_endpoint_for_service_type(
            API_NAME, region_name=instance.region_name,
            interface=instance.interface or 'public')
    except ksa_exceptions.EndpointNotFound:
        return None
    return endpoint


def build_option_parser(parser: argparse.ArgumentParser
                        ) -> argparse.ArgumentParser:
    """Add ``--os-database-api-version`` to OpenStackClient's options.

    Also masks passwords and tokens in OpenStackClient's log of the command
    line (see :func:`troveclient_osc.masking.mask_argv`): this hook is the
    only plugin code that runs before that line is logged.
    """
    import argparse

    _mask_secrets_in_osc_logs()
    _quiet_discovery_warning()
    _bound_sign_in(_calling_shell())

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
# <user>:<password>`` (database instance create). troveclient_osc.masking
# holds what counts as a secret and how it is masked; this filter applies
# it to osc-lib's log records.
_START_LOGGER = 'osc_lib.shell'
_START = 'START with options'


def _shell_argv() -> list[str] | None:
    """The arguments osc-lib is logging on its START line, from the shell
    object that logs it (``command_options``), or None."""
    frame: types.FrameType | None = sys._getframe(1)
    while frame is not None:
        tokens = getattr(frame.f_locals.get('self'), 'command_options',
                         None)
        if isinstance(tokens, list) and all(isinstance(token, str)
                                            for token in tokens):
            return tokens
        frame = frame.f_back
    return None


class _SecretsFilter(logging.Filter):
    """Masks every secret (passwords, tokens, credential secrets) in the
    records of osc-lib's shell: its START line and the command lines it
    logs."""

    def filter(self, record: logging.LogRecord) -> bool:
        from troveclient_osc import masking

        if not isinstance(record.msg, str):
            return True
        if record.msg.startswith(_START) and record.args:
            tokens = _shell_argv()
            if tokens is not None:
                # The exact arguments: each value masked, nothing more.
                from oslo_utils import strutils
                record.args = (strutils.mask_password(
                    ' '.join(masking.mask_argv(tokens))),)
                return True
        if '--' in record.msg:
            record.msg = masking.mask_command_line(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(
                masking.mask_command_line(arg)
                if isinstance(arg, str) and '--' in arg else arg
                for arg in record.args)
        return True


def _mask_secrets_in_osc_logs() -> None:
    logger = logging.getLogger(_START_LOGGER)
    if not any(isinstance(f, _SecretsFilter) for f in logger.filters):
        logger.addFilter(_SecretsFilter())


# keystoneauth1 warns when identity version discovery fails, then signs in
# with the version the URL names. The sign-in then works (and the warning
# was noise) or fails with its own error, which names the same URL: either
# way the warning adds a line and no fact. It is kept for --debug.
_DISCOVERY_LOGGER = 'keystoneauth.identity.generic.base'
_DISCOVERY_FAILED = 'Failed to discover available identity versions'


class _DiscoveryWarningToDebug(logging.Filter):
    """Turns keystoneauth1's discovery warning into a debug record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and isinstance(
                record.msg, str) and \
                record.msg.startswith(_DISCOVERY_FAILED):
            record.levelno, record.levelname = logging.DEBUG, 'DEBUG'
        return True


def _quiet_discovery_warning() -> None:
    logger = logging.getLogger(_DISCOVERY_LOGGER)
    if not any(isinstance(f, _DiscoveryWarningToDebug)
               for f in logger.filters):
        logger.addFilter(_DiscoveryWarningToDebug())


# OpenStackClient signs in before a command runs (its shell's
# prepare_to_run_command), with its own session, which has no timeout
# unless one is configured: a silent identity service held every command
# for ever. For a database command only (another service's commands keep
# OpenStackClient's behaviour), the plugin bounds that sign-in by the
# documented timeout: the session's, else http.DEFAULT_TIMEOUT, for the
# whole sign-in (discovery and token), and says in one line which server
# did not answer.

def _calling_shell() -> Any:
    """The cliff App whose ``build_option_parser`` called this plugin's,
    or None (outside ``openstack``)."""
    frame: types.FrameType | None = sys._getframe(1)
    while frame is not None:
        app = frame.f_locals.get('self')
        if callable(getattr(app, 'prepare_to_run_command', None)) and \
                callable(getattr(app, 'run_subcommand', None)):
            return app
        frame = frame.f_back
    return None


def _is_ours(cmd: object) -> bool:
    return type(cmd).__module__.startswith('troveclient_osc.')


def _bound_sign_in(shell: Any) -> None:
    """Wrap ``shell.prepare_to_run_command`` (this shell object only) so
    that a database command's sign-in keeps to the timeout."""
    if shell is None or getattr(shell, '_troveclient_osc_bounded', False):
        return
    prepare = shell.prepare_to_run_command

    def prepare_to_run_command(cmd: Any) -> Any:
        if not _is_ours(cmd):
            return prepare(cmd)
        from keystoneauth1 import exceptions as ksa

        from troveclient_osc import http

        _bound_sessions(getattr(shell, 'client_manager', None))
        with http.budget():
            try:
                return prepare(cmd)
            except ksa.ConnectTimeout:
                raise _silent_identity(shell) from None

    shell.prepare_to_run_command = prepare_to_run_command
    shell._troveclient_osc_bounded = True


def _bound_sessions(manager: Any) -> None:
    """Make the session the client manager signs in with keep to the
    budget of :func:`troveclient_osc.http.budget` (once per manager)."""
    if manager is None or getattr(manager, '_troveclient_osc_bounded',
                                  False):
        return
    setup = manager.setup_auth

    def setup_auth() -> None:
        from troveclient_osc import http

        setup()
        session = getattr(manager, 'session', None)
        if session is not None:
            http.bounded(session)

    manager.setup_auth = setup_auth
    manager._troveclient_osc_bounded = True


def _silent_identity(shell: Any) -> Exception:
    """The one-line error of a sign-in that ran out of time."""
    from troveclient_osc import exceptions
    from troveclient_osc import http

    manager = getattr(shell, 'client_manager', None)
    auth = getattr(manager, 'auth', None)
    session = getattr(manager, 'session', None)
    seconds = getattr(session, 'timeout', None) or http.DEFAULT_TIMEOUT
    return exceptions.Timeout(
        'The identity service at %s did not answer within %ss'
        % (getattr(auth, 'auth_url', None) or 'the auth URL',
           exceptions.seconds(float(seconds))))
