"""``openstack database flavor ...``: the flavors an instance can have."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Any

from troveclient_osc.i18n import _
from troveclient_osc.osc import arguments
from troveclient_osc.osc import output
from troveclient_osc.osc.v1 import datastores


def _flavor_id(body: Mapping[str, Any]) -> Any:
    """python-troveclient's ``id``: Trove's ``id`` (a number), or its
    ``str_id`` for a flavor whose ID is not a number."""
    ident = body.get('id')
    return body.get('str_id') if ident is None else ident


_F = output.Field
_LISTED = (output.LIST, output.SHOW)

# Every field a flavor is shown with, in the order of show.
FIELDS = output.fields(
    _F('id', 'ID', _flavor_id, shows=_LISTED),
    _F('name', 'Name', shows=_LISTED),
    _F('ram', 'RAM', shows=_LISTED),
    _F('vcpus', 'vCPUs', shows=_LISTED),
    _F('disk', 'Disk', shows=_LISTED),
    _F('ephemeral', 'Ephemeral', shows=_LISTED),
    # sent by a Trove without volume support
    _F('local_storage', 'Local Storage'),
)


class ListDatabaseFlavors(output.Lister):
    _description = _('List database flavors')

    def get_parser(self, prog_name: str) -> argparse.ArgumentParser:
        parser = super().get_parser(prog_name)
        parser.add_argument(
            '--datastore', '--datastore-type', metavar='<datastore>',
            type=arguments.non_empty,
            help=_('Show only the flavors usable with this datastore (name '
                   'or ID), with --datastore-version or its default version'))
        parser.add_argument(
            '--datastore-version', '--datastore-version-id',
            metavar='<datastore-version>', type=arguments.non_empty,
            help=_('Show only the flavors usable with this datastore version '
                   '(name or ID; a name needs --datastore)'))
        return parser

    def take_action(self, parsed_args: argparse.Namespace) -> Any:
        client = self.client
        if parsed_args.datastore or parsed_args.datastore_version:
            datastore, version = _datastore_version(
                client, parsed_args.datastore, parsed_args.datastore_version)
            flavors = client.flavors.list_datastore_version_associated_flavors(
                datastore, version)
        else:
            flavors = client.flavors.list()
        chosen = output.listed(FIELDS)
        return (output.headers(chosen),
                output.rows(chosen, (f.to_dict() for f in flavors)))


def _datastore_version(client: Any, datastore: str | None,
                       version: str | None) -> tuple[Any, Any]:
    """The IDs of a datastore and one of its versions, from names or IDs.

    A datastore alone means its default version; a version alone must be an
    ID, which names its datastore.
    """
    if datastore is None:
        found = datastores.find_version(client, str(version))
        return found.datastore, found.id
    store = client.datastores.find(datastore)
    if version is None:
        default = store.to_dict().get('default_version')
        if not default:
            from osc_lib import exceptions
            raise exceptions.CommandError(
                _('Datastore %s has no default version: give '
                  '--datastore-version') % arguments.shown(datastore))
        return store.id, default
    return store.id, datastores.find_version(
        client, version, store.id, given=datastore).id


class ShowDatabaseFlavor(output.ShowOne):
    _description = _('Show the details of a database flavor')

    def get_parser(self, prog_name: str) -> argparse.ArgumentParser:
        parser = super().get_parser(prog_name)
        parser.add_argument(
            'flavor', metavar='<flavor>', type=arguments.non_empty,
            help=_('Flavor to show (name or ID)'))
        return parser

    def take_action(self, parsed_args: argparse.Namespace) -> Any:
        flavor = self.client.flavors.find(parsed_args.flavor)
        return output.record(output.shown(FIELDS), flavor.to_dict())
