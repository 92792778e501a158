"""A stand-in for python-troveclient 8.11.0's ``troveclient.osc.plugin``.

The hooks it gives OpenStackClient are the same: API_NAME ``database``, a
``make_client`` for ``client_manager.database``, and a
``build_option_parser`` that adds ``--os-database-api-version`` whether or
not it is already defined.
"""

import os

API_NAME = 'database'
API_VERSION_OPTION = 'os_database_api_version'
DEFAULT_DATABASE_API_VERSION = '1'
API_VERSIONS = {'1': 'legacy_trove.plugin.Client'}

# The client managers make_client was called with.
MADE_FOR = []


class Client:
    """What python-troveclient's commands find in client_manager.database."""

    def __init__(self, session):
        self.session = session


def make_client(instance):
    MADE_FOR.append(instance)
    return Client(instance.session)


def build_option_parser(parser):
    parser.add_argument(
        '--os-database-api-version',
        metavar='<database-api-version>',
        default=os.environ.get('OS_DATABASE_API_VERSION',
                               DEFAULT_DATABASE_API_VERSION),
        help='Database API version, default=1 (Env: OS_DATABASE_API_VERSION)')
    return parser
