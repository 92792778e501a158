"""The OpenStackClient hooks of troveclient-osc.

``openstack`` imports every plugin module at start-up, for every command it
runs, so this module imports nothing beyond the standard library at module
level: the client classes are loaded only when a database command asks for
its client.
"""

import logging
import os

LOG = logging.getLogger(__name__)

API_NAME = 'database'
API_VERSION_OPTION = 'os_database_api_version'
DEFAULT_API_VERSION = '1'
API_VERSIONS = {
    '1': 'troveclient_osc.v1.client.Client',
}
# Spellings of the one supported version that users actually type.
_VERSION_ALIASES = {'1': '1', '1.0': '1', 'v1': '1', 'v1.0': '1'}


def check_api_version(check_version):
    """Refuse an API version this plugin does not speak.

    OpenStackClient calls this hook with the version chosen by
    ``--os-database-api-version``, ``OS_DATABASE_API_VERSION`` or the cloud's
    ``database_api_version``. Returns True so that OpenStackClient's own check
    (which does not know the aliases above) is skipped.
    """
    if str(check_version).strip().lower() not in _VERSION_ALIASES:
        from osc_lib import exceptions
        raise exceptions.UnsupportedVersion(
            'Database API version %s is not supported; supported: %s'
            % (check_version, ', '.join(sorted(API_VERSIONS))))
    return True


def make_client(instance):
    """Build the database client on OpenStackClient's authenticated session.

    :param instance: OpenStackClient's ``ClientManager``; only its public
        attributes are used: ``session``, ``region_name``, ``interface`` and
        ``get_endpoint_for_service_type``.
    """
    from troveclient_osc.v1 import client

    endpoint = _endpoint(instance)
    LOG.debug('Instantiating the database client for %s',
              endpoint or 'the catalog endpoint')
    return client.Client(session=instance.session,
                         region_name=instance.region_name,
                         interface=instance.interface,
                         endpoint_override=endpoint)


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

    Also masks ``--users`` passwords in OpenStackClient's log of the
    command line (see :func:`mask_legacy_users`): this hook is the only
    plugin code that runs before that line is logged.
    """
    import argparse

    _mask_start_line()

    try:
        parser.add_argument(
            '--os-database-api-version',
            metavar='<database-api-version>',
            default=os.environ.get('OS_DATABASE_API_VERSION',
                                   DEFAULT_API_VERSION),
            help='Database API version, default=%s '
                 '(Env: OS_DATABASE_API_VERSION)' % DEFAULT_API_VERSION)
    except argparse.ArgumentError:
        # Another database plugin (python-troveclient, during a migration)
        # already added the same option with the same meaning.
        LOG.debug('--os-database-api-version is already defined')
    return parser


# python-troveclient's ``--users <user:password>`` (database instance create)
# puts passwords on the command line. osc-lib logs the command line ("START
# with options", at INFO: -v, --debug, --log-file) through oslo's
# mask_password, which knows ``password=<value>`` but not ``<user>:<value>``.
_LEGACY_USERS = '--users'
_START_LOGGER = 'osc_lib.shell'


def mask_legacy_users(text):
    """A logged command line with the values of ``--users`` masked.

    ``--users a:pw b:pw`` becomes ``--users a:*** b:***``; a word after
    ``--users`` without a colon (part of a password with a space) becomes
    ``***``, up to the next option.
    """
    words = text.split(' ')
    masking = False
    for index, word in enumerate(words):
        if word.startswith('-') and word != '-':
            masking = word == _LEGACY_USERS
            if word.startswith(_LEGACY_USERS + '='):
                words[index] = '%s=%s' % (
                    _LEGACY_USERS,
                    _masked_pair(word[len(_LEGACY_USERS) + 1:]))
        elif masking:
            words[index] = _masked_pair(word)
    return ' '.join(words)


def _masked_pair(value):
    name, sep, _password = value.partition(':')
    return name + sep + '***' if sep else '***'


class _LegacyUsersFilter(logging.Filter):
    """Masks ``--users`` passwords in the records of osc-lib's shell."""

    def filter(self, record):
        if isinstance(record.msg, str) and _LEGACY_USERS in record.msg:
            record.msg = mask_legacy_users(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(
                mask_legacy_users(arg)
                if isinstance(arg, str) and _LEGACY_USERS in arg else arg
                for arg in record.args)
        return True


def _mask_start_line():
    logger = logging.getLogger(_START_LOGGER)
    if not any(isinstance(f, _LegacyUsersFilter) for f in logger.filters):
        logger.addFilter(_LegacyUsersFilter())
