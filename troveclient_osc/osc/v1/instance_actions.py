"""``openstack database instance <action>``: restart, resize, upgrade,
reset status, promote, eject, detach, reboot, rebuild.

Each action names the manager's method it calls, what it does (its verb),
and what ``--wait`` waits for; :mod:`troveclient_osc.osc.many` acts on
its one or many instances, waits and summarises.
"""

from __future__ import annotations

import argparse
import threading
from collections.abc import Callable, Sequence
from typing import Any

from troveclient_osc.i18n import _
from troveclient_osc.osc import arguments
from troveclient_osc.osc import command
from troveclient_osc.osc import many
from troveclient_osc.osc import output
from troveclient_osc.osc.v1 import datastores

# Statuses an instance rests in; what reset status and eject wait for.
SETTLED = ('ACTIVE', 'ERROR', 'FAILED', 'SHUTDOWN', 'RESTART_REQUIRED',
           'HEALTHY')
# The wait of an action that ends in any settled status, ERROR included.
_SETTLED = many.Wait(SETTLED, failures=(), done=_('settled'))


class _InstanceAction(output.Changer):
    """One action on one or many instances, optionally waited for.

    Subclasses name the manager method, the help, and what ``--wait``
    waits for (:attr:`waits`: None for an action without ``--wait``).
    """

    method: str  # the manager's method: every subclass names it
    argument_help = _('Database instance to act on (name or ID)')
    #: what --wait waits for; None: the action has no --wait
    waits: many.Wait | None = many.Wait()
    #: an administrator's action: --project and --all-projects say where
    #: names are looked up (by default the library's: every project)
    admin = False
    #: whether action() reads the instance's fields; if not, it is given
    #: the ID as typed, and an instance given by ID is not read
    needs_instance = False
    #: whether it takes several instances
    many = True

    def get_parser(self, prog_name: str) -> argparse.ArgumentParser:
        parser = super().get_parser(prog_name)
        if self.many:
            arguments.add_targets(parser, self.argument_help)
            arguments.add_concurrency_option(parser)
        else:
            arguments.add_target(parser, self.argument_help)
        self.add_arguments(parser)
        if self.admin:
            arguments.add_lookup_scope_options(parser)
        if self.waits is not None:
            arguments.add_wait_options(
                parser, _('the instance is %s')
                % '/'.join(self.waits.statuses or ()))
        return parser

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """Extra arguments after <instance>."""

    def targets(self, parsed_args: argparse.Namespace) -> list[str]:
        """The instances given, as typed."""
        if self.many:
            return list(parsed_args.instances)
        return [parsed_args.instance]

    def requested(self, parsed_args: argparse.Namespace) -> int:
        return len(dict.fromkeys(self.targets(parsed_args)))

    def arguments(self, parsed_args: argparse.Namespace) -> tuple[Any, ...]:
        """Extra positional arguments of the manager method, the same for
        every instance."""
        return ()

    def action(self, parsed_args: argparse.Namespace,
               targets: Sequence[str]) -> Callable[[Any], object]:
        """The call on each target: the manager's method with the
        arguments."""
        return many.calling(getattr(self.client.instances, self.method),
                            *self.arguments(parsed_args))

    def act(self, parsed_args: argparse.Namespace) -> None:
        targets = self.targets(parsed_args)
        scope = (arguments.lookup_scope(self.app, parsed_args)
                 if self.admin else {})
        act = many.OnInstances(self.client.instances,
                               self.action(parsed_args, targets),
                               scope=scope, lookup=self.needs_instance)
        many.run(self, parsed_args, targets, act, str(self.verb),
                 self.waits)


class RestartDatabaseInstance(_InstanceAction):
    _description = _('Restart the database service of database instances')
    method = 'restart'
    verb = _('restart')
    argument_help = _('Database instance(s) to restart (name or ID)')


class ResizeDatabaseInstanceFlavor(_InstanceAction):
    _description = _('Resize database instances to another flavor')
    method = 'resize_instance'
    verb = _('resize')
    argument_help = _('Database instance(s) to resize (name or ID)')

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument('flavor', metavar='<flavor>',
                            type=arguments.non_empty,
                            help=_('New flavor (name or ID), the same for '
                                   'every instance'))

    def action(self, parsed_args: argparse.Namespace,
               targets: Sequence[str]) -> Callable[[Any], object]:
        method = self.client.instances.resize_instance
        flavors = self.client.flavors
        if len(targets) == 1 and self.rehearsal is None:
            # A flavor ID goes into the resize request as given; a name is
            # looked up first, and an ID Trove does not know then as a
            # name. (A dry run looks the ID up, below: no request is
            # refused for it.)
            return lambda target: flavors.with_ref(
                parsed_args.flavor, lambda ref: method(target, ref))
        # One flavor for all: looked up once, before any resize.
        ref = flavors.find(parsed_args.flavor).flavor_ref
        return lambda target: method(target, ref)


class ResizeDatabaseInstanceVolume(_InstanceAction):
    _description = _('Grow the data volume of database instances')
    method = 'resize_volume'
    verb = _('resize')
    argument_help = _('Database instance(s) to resize (name or ID)')

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument('size', metavar='<size>',
                            type=arguments.positive_int,
                            help=_('New size of the volume in GB, larger '
                                   'than the current size; the same for '
                                   'every instance'))

    def arguments(self, parsed_args: argparse.Namespace) -> tuple[Any, ...]:
        return (parsed_args.size,)


class UpgradeDatabaseInstance(_InstanceAction):
    _description = _('Upgrade database instances to another version of '
                     'their datastore')
    method = 'upgrade'
    verb = _('upgrade')
    argument_help = _('Database instance(s) to upgrade (name or ID)')
    needs_instance = True  # a version name is looked up in its datastore

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument('datastore_version',
                            metavar='<datastore-version>',
                            type=arguments.non_empty,
                            help=_("New version of the instances' "
                                   'datastore (name or ID), the same for '
                                   'every instance'))

    def action(self, parsed_args: argparse.Namespace,
               targets: Sequence[str]) -> Callable[[Any], object]:
        # The version is looked up once per datastore, not per instance.
        client = self.client
        versions: dict[object, Any] = {}
        lock = threading.Lock()

        def version_of(instance: Any) -> Any:
            store = (instance.to_dict().get('datastore') or {}).get('type')
            with lock:
                if store not in versions:
                    try:
                        versions[store] = datastores.find_version(
                            client, parsed_args.datastore_version, store)
                    except Exception as error:  # noqa: BLE001 - per target
                        versions[store] = error
            found = versions[store]
            if isinstance(found, Exception):
                raise found
            return found

        def upgrade(instance: Any) -> None:
            version = version_of(instance)
            if len(targets) == 1:
                # The version it runs already: a usage error, like the
                # library's refusal (which fails that one of many
                # instead).
                from troveclient_osc.v1 import instances as v1_instances
                with arguments.argument_checks({}):
                    v1_instances.upgrade_body(version, instance)
            # sent by ID: the version found
            client.instances.upgrade(instance, version)

        return upgrade


class ResetDatabaseInstanceStatus(_InstanceAction):
    _description = _('Reset the status of stuck database instances (admin '
                     'only)')
    method = 'reset_status'
    verb = _('reset')
    argument_help = _('Database instance(s) to reset (name or ID, in any '
                      'project)')
    waits = _SETTLED
    admin = True


class PromoteDatabaseInstance(_InstanceAction):
    _description = _('Promote a replica to be the replica source')
    method = 'promote_to_replica_source'
    verb = _('promote')
    argument_help = _('Replica to promote (name or ID)')
    many = False  # one replica becomes the source of its set


class EjectDatabaseInstance(_InstanceAction):
    _description = _('Eject a failed replica source from its replica set')
    method = 'eject_replica_source'
    verb = _('eject')
    argument_help = _('Replica source to eject (name or ID)')
    many = False
    waits = _SETTLED


class DetachDatabaseInstance(_InstanceAction):
    _description = _('Detach replicas from their replica source')
    method = 'detach_replica'
    verb = _('detach')
    argument_help = _('Replica(s) to detach (name or ID)')
    # The library keeps the configuration group, which an older Trove
    # detaches too: found first, the instance shows whether it has one,
    # and detaching many costs one scan instead of a read each.
    needs_instance = True


class RebootDatabaseInstance(_InstanceAction):
    _description = _("Reboot the servers of database instances (admin only)")
    method = 'reboot'
    verb = _('reboot')
    argument_help = _('Database instance(s) to reboot (name or ID, in any '
                      'project)')
    waits = None
    admin = True


class RebuildDatabaseInstance(_InstanceAction):
    _description = _("Rebuild a database instance's server from an image "
                     '(admin only)')
    method = 'rebuild'
    verb = _('rebuild')
    argument_help = _('Database instance to rebuild (name or ID, in any '
                      'project)')
    many = False  # each server gets its own image
    waits = None
    admin = True

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument('image', metavar='<image-id>',
                            type=arguments.non_empty,
                            help=_('ID of the new guest image'))

    def arguments(self, parsed_args: argparse.Namespace) -> tuple[Any, ...]:
        return (parsed_args.image,)


# -- deprecated aliases -----------------------------------------------------
# The same commands under a second name.

class PromoteToReplicaSourceDatabaseInstance(command.DeprecatedAlias,
                                             PromoteDatabaseInstance):
    alias = 'database instance promote to replica source'
    use = 'database instance promote'


class EjectReplicaSourceDatabaseInstance(command.DeprecatedAlias,
                                         EjectDatabaseInstance):
    alias = 'database instance eject replica source'
    use = 'database instance eject'


class DetachReplicaDatabaseInstance(command.DeprecatedAlias,
                                    DetachDatabaseInstance):
    alias = 'database instance detach replica'
    use = 'database instance detach'
