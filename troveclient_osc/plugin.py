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
    """Add ``--os-database-api-version`` to OpenStackClient's options."""
    import argparse

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
