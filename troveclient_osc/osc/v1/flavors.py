"""``openstack database flavor ...``: the flavors an instance can have."""

from osc_lib.command import command

from troveclient_osc.i18n import _
from troveclient_osc.osc.v1 import common

# Every field a flavor can be shown with: (attribute, list header).
FIELDS = (
    ('id', 'ID'),
    ('name', 'Name'),
    ('ram', 'RAM'),
    ('vcpus', 'vCPUs'),
    ('disk', 'Disk'),
    ('ephemeral', 'Ephemeral'),
)
LIST_ATTRS = tuple(field[0] for field in FIELDS)


def view(flavor):
    """A flavor's display values; ``id`` is the ID to use in requests."""
    data = flavor.to_dict()
    result = {key: data[key] for key in ('name', 'ram', 'vcpus', 'disk',
                                         'ephemeral') if key in data}
    result['id'] = flavor.flavor_ref
    return result


class ListDatabaseFlavors(command.Lister):
    _description = _('List database flavors')

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            '--datastore', '--datastore-type', metavar='<datastore>',
            type=common.non_empty,
            help=_('Show only the flavors usable with this datastore (name '
                   'or ID), with --datastore-version or its default version'))
        parser.add_argument(
            '--datastore-version', '--datastore-version-id',
            metavar='<datastore-version>', type=common.non_empty,
            help=_('Show only the flavors usable with this datastore version '
                   '(name or ID; a name needs --datastore)'))
        return parser

    def take_action(self, parsed_args):
        client = common.client(self)
        if parsed_args.datastore or parsed_args.datastore_version:
            datastore, version = _datastore_version(
                client, parsed_args.datastore, parsed_args.datastore_version)
            flavors = client.flavors.list_datastore_version_associated_flavors(
                datastore, version)
        else:
            flavors = client.flavors.list()
        return (common.labels(FIELDS, LIST_ATTRS),
                common.rows(FIELDS, (view(f) for f in flavors), LIST_ATTRS))


def _datastore_version(client, datastore, version):
    """The IDs of a datastore and one of its versions, from names or IDs.

    A datastore alone means its default version; a version alone must be an
    ID, which names its datastore.
    """
    if datastore is None:
        found = common.find_datastore_version(client, version)
        return found.datastore, found.id
    store = client.datastores.find(datastore)
    if version is None:
        default = store.to_dict().get('default_version')
        if not default:
            from osc_lib import exceptions
            raise exceptions.CommandError(
                _('Datastore %s has no default version: give '
                  '--datastore-version') % common.shown(datastore))
        return store.id, default
    return store.id, common.find_datastore_version(
        client, version, store.id, given=datastore).id


class ShowDatabaseFlavor(command.ShowOne):
    _description = _('Show the details of a database flavor')

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            'flavor', metavar='<flavor>', type=common.non_empty,
            help=_('Flavor to show (name or ID)'))
        return parser

    def take_action(self, parsed_args):
        flavor = common.client(self).flavors.find(parsed_args.flavor)
        return common.record(FIELDS, view(flavor))
