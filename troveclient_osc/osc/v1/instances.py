"""``openstack database instance list|show|set|delete``, and the fields
every instance command shows (:data:`FIELDS`).

``create`` is in :mod:`.instance_create`, the actions (restart, resize,
...) in :mod:`.instance_actions`. Each command parses its arguments,
resolves names to IDs through the library's lookup, calls one manager
method and formats the result.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from troveclient_osc.i18n import _
from troveclient_osc.osc import arguments
from troveclient_osc.osc import command
from troveclient_osc.osc import many
from troveclient_osc.osc import output

# troveclient_osc.base and .exceptions are imported where they are used:
# every ``openstack`` command imports this module.


def _access(body: Mapping[str, Any]) -> dict[str, Any] | None:
    access = body.get('access')
    return access if isinstance(access, dict) else None


def _public(body: Mapping[str, Any]) -> bool | None:
    """python-troveclient's ``public``: the access's ``is_public``, False
    when the access does not say (absent without an access)."""
    access = _access(body)
    return None if access is None else access.get('is_public', False)


def _role(body: Mapping[str, Any]) -> str:
    """python-troveclient's ``role``: ``primary`` for an instance with
    replicas, ``replica`` for one with a source, else ''."""
    if body.get('replicas'):
        return 'primary'
    return 'replica' if body.get('replica_of') else ''


def _replicas_listed(body: Mapping[str, Any]) -> list[Any] | None:
    replicas = body.get('replicas')
    if not isinstance(replicas, list):
        return None
    return [replica.get('id') for replica in replicas
            if isinstance(replica, dict)]


_F = output.Field
_LISTED = (output.LIST, output.SHOW)

# Every field an instance is shown with, in the order of show; the
# listing's columns are those marked LIST, in this order. The first of
# each pair of names is python-troveclient 8.11.0's, with its value.
FIELDS = output.fields(
    _F('id', 'ID', shows=_LISTED),
    _F('name', 'Name', shows=_LISTED),
    _F('datastore', 'Datastore', 'datastore.type', shows=_LISTED),
    _F('datastore_version', 'Datastore Version', 'datastore.version',
       shows=_LISTED),
    _F('datastore_version_number', 'Datastore Version Number',
       'datastore.version_number'),
    _F('status', 'Status', shows=_LISTED),
    _F('operating_status', 'Operating Status', shows=_LISTED),
    _F('public', 'Public', _public, shows=_LISTED),
    _F('allowed_cidrs', 'Allowed CIDRs', 'access.allowed_cidrs',
       output.LIST_KIND),
    # python-troveclient lists '' for an instance without addresses
    _F('addresses', 'Addresses', kind=output.LIST_OF_DICTS_KIND,
       shows=_LISTED, absent=''),
    _F('ip', 'IP', output.joined('ip')),
    _F('hostname', 'Hostname'),
    _F('flavor', 'Flavor', 'flavor.id'),
    _F('flavor_id', 'Flavor ID', 'flavor.id', shows=_LISTED),
    _F('size', 'Size', 'volume.size', shows=(output.LIST,), absent='-'),
    _F('volume', 'Volume', 'volume.size'),
    _F('volume_used', 'Volume Used', 'volume.used'),
    _F('volume_used_percent', 'Volume Used Percent', 'volume.used_percent'),
    _F('volume_details', 'Volume Details', 'volume', output.DICT_KIND),
    _F('local_storage', 'Local Storage', kind=output.DICT_KIND),
    _F('role', 'Role', _role, shows=_LISTED),
    _F('access', 'Access', _access, output.DICT_KIND),
    _F('replica_of', 'Replica Of', 'replica_of.id'),
    _F('replicas', 'Replicas', output.joined('replicas', 'id')),
    _F('replica_ids', 'Replica IDs', _replicas_listed, output.LIST_KIND),
    _F('configuration', 'Configuration', 'configuration.id'),
    _F('configuration_name', 'Configuration Name', 'configuration.name'),
    _F('cluster_id', 'Cluster ID'),
    _F('shard_id', 'Shard ID'),
    _F('locality', 'Locality'),
    _F('region', 'Region', shows=(output.LONG, output.SHOW)),
    _F('created', 'Created', shows=(output.LONG, output.SHOW)),
    _F('updated', 'Updated', shows=(output.LONG, output.SHOW)),
    _F('service_status_updated', 'Service Status Updated'),
    _F('fault', 'Fault', 'fault.message', shows=(output.LONG, output.SHOW)),
    _F('fault_date', 'Fault Date', 'fault.created'),
    _F('fault_details', 'Fault Details', 'fault.details'),
    _F('server_id', 'Server ID', shows=(output.ADMIN, output.SHOW)),
    _F('tenant_id', 'Tenant ID', shows=(output.ADMIN, output.SHOW)),
    _F('volume_id', 'Volume ID'),
    _F('encrypted_rpc_messaging', 'Encrypted RPC Messaging'),
    # the root password Trove generates for a datastore with
    # root_on_create, in the answer to the create only
    _F('password', 'Password', shows=(output.CREATE,)),
)


# -- list and show ----------------------------------------------------------

class ListDatabaseInstances(output.Lister):
    _description = _('List database instances')

    def get_parser(self, prog_name: str) -> argparse.ArgumentParser:
        parser = super().get_parser(prog_name)
        parser.add_argument(
            '--limit', metavar='<limit>', type=arguments.positive_int,
            help=_('Show at most this many instances; the marker of the next '
                   'page is then printed on stderr (default: all)'))
        parser.add_argument(
            '--marker', metavar='<marker>', type=arguments.non_empty,
            help=_('Start after this marker, as printed by a previous '
                   'listing cut short by --limit'))
        parser.add_argument(
            '--long', action='store_true', default=False,
            help=_('Show the detail fields: region, created, updated and '
                   'fault (default: short listing)'))
        parser.add_argument(
            '--name', metavar='<name>',
            help=_('Show only instances with exactly this name'))
        parser.add_argument(
            '--status', metavar='<status>', type=arguments.instance_status,
            help=_('Show only instances in this status, e.g. ACTIVE or ERROR '
                   '(case-insensitive; a status Trove never gives is an '
                   'error)'))
        parser.add_argument(
            '--datastore', metavar='<datastore>', type=arguments.non_empty,
            help=_('Show only instances of this datastore (name or ID)'))
        parser.add_argument(
            '--flavor', metavar='<flavor>', type=arguments.non_empty,
            help=_('Show only instances of this flavor (name or ID)'))
        parser.add_argument(
            '--include-clustered', action='store_true', default=False,
            help=_('Include instances that belong to a cluster '
                   '(default: exclude them)'))
        # python-troveclient's spelling, hidden from help
        parser.add_argument(
            '--include_clustered', dest='include_clustered',
            action='store_true', help=argparse.SUPPRESS)
        arguments.add_scope_options(
            parser, _('List the instances of every project (admin only)'),
            _("List the instances of this project (name or ID, admin "
              "only); '--project-id' is accepted as an older name"),
            aliases=('--project-id',))
        return parser

    def take_action(self, parsed_args: argparse.Namespace
                    ) -> tuple[tuple[str, ...], Any]:
        client = self.client
        project_id = None
        if parsed_args.project:
            project_id = arguments.project_id(self.app, parsed_args.project)
        # The filters Trove does not apply, the library's: the datastore
        # and the flavor by name or ID.
        keep = client.instances.list_filter(
            name=parsed_args.name, status=parsed_args.status,
            datastore=parsed_args.datastore, flavor=parsed_args.flavor)
        listing = dict(include_clustered=parsed_args.include_clustered,
                       detailed=parsed_args.long,
                       all_projects=parsed_args.all_projects,
                       project_id=project_id)
        found: Iterable[Any]
        if parsed_args.limit is None and parsed_args.marker is None:
            # A generator: each page becomes rows as it arrives, and its
            # instances are dropped, instead of holding every instance of a
            # long listing until the end.
            found = self._every_page(client, listing, keep)
        else:
            # Without a filter, Trove's next marker says whether more
            # instances follow; with one, the library reads on until one
            # matches (see list_matching).
            matches = client.instances.list_matching(
                keep if keep.narrows else None, parsed_args.limit,
                parsed_args.marker, **listing)
            # Deleted instances, which Trove leaves out when asked, never
            # show.
            found = [instance for instance in matches if keep(instance)]
            if matches.capped:
                from troveclient_osc import base
                self.log.warning(_CAPPED, base.MAX_PAGES, matches.next)
            elif matches.next is not None:
                self.log.warning(_('More database instances are available: '
                                   'continue with --marker %s'),
                                 matches.next)
        chosen = output.listed(
            FIELDS, long=parsed_args.long,
            admin=bool(parsed_args.all_projects or project_id))
        data = output.rows(chosen, (i.to_dict() for i in found))
        # a datastore no listed instance has: does it exist? (NoMatch)
        keep.check()
        return output.headers(chosen), data

    def _every_page(self, client: Any, listing: Mapping[str, Any],
                    keep: Callable[[Any], bool]) -> Iterator[Any]:
        from troveclient_osc import base
        from troveclient_osc import exceptions

        try:
            for instance in client.instances.list_all(**listing):
                if keep(instance):
                    yield instance
        except exceptions.TooManyPages as error:
            # F16: what was listed is shown, and how to go on.
            self.log.warning(_CAPPED, base.MAX_PAGES, error.marker)


_CAPPED = _('Stopped after %d pages: more database instances are '
            'available: continue with --marker %s')


class ShowDatabaseInstance(output.ShowOne):
    _description = _('Show the details of a database instance')

    def get_parser(self, prog_name: str) -> argparse.ArgumentParser:
        parser = super().get_parser(prog_name)
        arguments.add_target(parser, _('Database instance to show (name or '
                                       'ID)'))
        return parser

    def take_action(self, parsed_args: argparse.Namespace
                    ) -> tuple[tuple[str, ...], tuple[Any, ...]]:
        # An ID is one GET. A name is one scan of the detailed listing,
        # then one GET of the match by its ID: only a show by ID has the
        # volume's used space, which Trove reads from the guest.
        instances = self.client.instances
        instance = instances.find(parsed_args.instance)
        if instance.id != parsed_args.instance:
            instance = instances.get(instance.id)
        return output.record(output.shown(FIELDS), instance.to_dict())


class WaitDatabaseInstance(command.Command):
    _description = _('Wait until database instances have a status, or are '
                     'gone')

    def get_parser(self, prog_name: str) -> argparse.ArgumentParser:
        from troveclient_osc.v1 import instances as v1_instances

        parser = super().get_parser(prog_name)
        arguments.add_targets(parser, _('Database instance(s) to wait for '
                                        '(name or ID)'))
        until = parser.add_mutually_exclusive_group(required=True)
        until.add_argument(
            '--status', metavar='<status>', dest='statuses',
            action='extend', type=arguments.statuses,
            help=_('Wait until every instance has this status; repeat '
                   '(or separate with commas) for any of several. One of '
                   "the statuses Trove gives an instance: %s. ERROR ends an "
                   'instance\'s wait at once, unless asked for')
            % ', '.join(v1_instances.STATUSES))
        until.add_argument(
            '--deleted', action='store_true', default=False,
            help=_('Wait until every instance is gone (a name no instance '
                   'has is gone)'))
        arguments.add_wait_timeout_option(parser)
        return parser

    def take_action(self, parsed_args: argparse.Namespace) -> None:
        from troveclient_osc import waiters

        statuses = tuple(dict.fromkeys(parsed_args.statuses or ()))
        if parsed_args.deleted:
            waits = many.GONE
        else:
            waits = many.Wait(statuses, failures=tuple(
                status for status in waiters.FAILURE_STATUSES
                if status not in statuses))
        # an instance given twice is waited for, and counted, once
        many.watch(self, parsed_args, self.client.instances,
                   list(dict.fromkeys(parsed_args.instances)), waits)


# -- delete and change ------------------------------------------------------

class DeleteDatabaseInstance(output.Changer):
    _description = _('Delete database instances')
    verb = _('delete')
    force = False

    def get_parser(self, prog_name: str) -> argparse.ArgumentParser:
        parser = super().get_parser(prog_name)
        arguments.add_targets(parser, _('Database instances to delete (name '
                                        'or ID)'))
        if not self.force:
            parser.add_argument(
                '--force', action='store_true', default=False,
                help=_('Reset the status of instances stuck in a state that '
                       'refuses deletion, then delete them (admin only; '
                       'names are then looked up in every project unless '
                       '--project says)'))
        # an administrator's force delete: where names are looked up
        arguments.add_lookup_scope_options(parser)
        arguments.add_wait_options(parser, _('the instances are gone'))
        arguments.add_concurrency_option(parser)
        return parser

    def requested(self, parsed_args: argparse.Namespace) -> int:
        return len(dict.fromkeys(parsed_args.instances))

    def act(self, parsed_args: argparse.Namespace) -> None:
        force = self.force or parsed_args.force
        if not force:
            for option in ('project', 'all_projects'):
                if getattr(parsed_args, option):
                    raise command.UsageError(
                        _('--%s needs --force') % option.replace('_', '-'))
        instances = self.client.instances
        act = many.OnInstances(
            instances, instances.force_delete if force else instances.delete,
            scope=arguments.lookup_scope(self.app, parsed_args))
        # The wait polls where the names were looked up: a force delete's
        # in every project, unless --project says.
        many.run(self, parsed_args, parsed_args.instances, act,
                 str(self.verb), many.GONE)


class ForceDeleteDatabaseInstance(DeleteDatabaseInstance):
    _description = _('Reset the status of database instances and delete '
                     'them (admin only)')
    force = True


class SetDatabaseInstance(output.Changer):
    _description = _('Set database instance properties')
    verb = _('set')

    def get_parser(self, prog_name: str) -> argparse.ArgumentParser:
        parser = super().get_parser(prog_name)
        arguments.add_target(parser, _('Database instance to change (name or '
                                       'ID)'))
        parser.add_argument(
            '--name', metavar='<name>', type=arguments.non_empty,
            help=_('New name of the instance'))
        parser.add_argument(
            '--configuration', metavar='<configuration>',
            type=arguments.non_empty,
            help=_('Attach this configuration group (name or ID)'))
        parser.add_argument(
            '--no-configuration', '--remove-configuration',
            dest='no_configuration', action='store_true', default=False,
            help=_('Detach the configuration group'))
        parser.add_argument(
            '--detach-replica-source', action='store_true', default=False,
            help=_('Stop replicating from the replica source (same as '
                   "'database instance detach')"))
        # python-troveclient's spellings, hidden from help
        parser.add_argument(
            '--detach_replica_source', dest='detach_replica_source',
            action='store_true', help=argparse.SUPPRESS)
        parser.add_argument(
            '--remove_configuration', dest='no_configuration',
            action='store_true', help=argparse.SUPPRESS)
        arguments.add_paired_flag(
            parser, 'public', '--public', '--private',
            _('Make the database reachable from outside the cloud'),
            _('Make the database private'),
            aliases=[('--is-public', '--is-private')])
        parser.add_argument(
            '--allowed-cidr', metavar='<cidr>', dest='allowed_cidrs',
            action='append', type=arguments.cidr,
            help=_('Also allow access from this network; repeat for several '
                   '(added to the current ones unless --no-allowed-cidr)'))
        parser.add_argument(
            '--no-allowed-cidr', action='store_true', default=False,
            help=_('Remove every allowed network first; with --allowed-cidr '
                   'this replaces them (no networks: access from anywhere)'))
        return parser

    def act(self, parsed_args: argparse.Namespace) -> None:
        new_access = (parsed_args.public is not None or
                      bool(parsed_args.allowed_cidrs) or
                      parsed_args.no_allowed_cidr)
        # The library checks the change before the instance is looked up.
        from troveclient_osc.v1 import instances as v1_instances
        with arguments.argument_checks(_SET_OPTIONS):
            v1_instances.update_body(
                parsed_args.name, parsed_args.configuration,
                parsed_args.no_configuration,
                parsed_args.detach_replica_source, parsed_args.public,
                parsed_args.allowed_cidrs or
                ([] if parsed_args.no_allowed_cidr else None))
        client = self.client
        instance = client.instances.find(parsed_args.instance)
        kwargs: dict[str, Any] = {}
        if parsed_args.configuration:
            kwargs['configuration'] = client.configurations.find(
                parsed_args.configuration).id
        if parsed_args.no_configuration:
            kwargs['remove_configuration'] = True
        if parsed_args.detach_replica_source:
            kwargs['detach_replica_source'] = True
        if new_access:
            kwargs.update(_merged_access(instance, parsed_args))
        with self.sending(instance.id, parsed_args.instance, lasting=False):
            client.instances.update(instance, name=parsed_args.name,
                                    **kwargs)


# The option of each keyword argument of the library's update.
_SET_OPTIONS = {'name': '--name', 'configuration': '--configuration',
                'remove_configuration': '--no-configuration',
                'detach_replica_source': '--detach-replica-source',
                'is_public': '--public/--private',
                'allowed_cidrs': '--allowed-cidr/--no-allowed-cidr'}


def _merged_access(instance: Any, parsed_args: argparse.Namespace
                   ) -> dict[str, Any]:
    """The new access: the current one with the asked changes applied.

    Trove replaces the whole access object, so what is not changed is sent
    again as it is.
    """
    current = instance.to_dict().get('access') or {}
    public = parsed_args.public
    if public is None:
        public = bool(current.get('is_public', False))
    cidrs = [] if parsed_args.no_allowed_cidr else list(
        current.get('allowed_cidrs') or [])
    for cidr in parsed_args.allowed_cidrs or ():
        if cidr not in cidrs:
            cidrs.append(cidr)
    return {'is_public': public, 'allowed_cidrs': cidrs}


# -- deprecated aliases -----------------------------------------------------

class UpdateDatabaseInstance(command.DeprecatedAlias, SetDatabaseInstance):
    alias = 'database instance update'
    use = 'database instance set'
