"""``openstack database instance create``: a database instance, or
several replicas of one, and what Trove says about it once (the root
password).

Its columns are the instances' (:data:`.instances.FIELDS`).
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable
from typing import Any

from osc_lib import exceptions as osc_exceptions

from troveclient_osc.i18n import _
from troveclient_osc.osc import arguments
from troveclient_osc.osc import command
from troveclient_osc.osc import many
from troveclient_osc.osc import output
from troveclient_osc.osc.v1.instances import FIELDS

# The option of each keyword argument of the library's create, for the
# library's errors about arguments that go together.
_CREATE_OPTIONS = {'volume': '--size', 'volume_type': '--volume-type',
                   'datastore_version': '--datastore-version',
                   'datastore_version_number': '--datastore-version-number',
                   'nics': '--nic', 'replica_of': '--replica-of',
                   'replica_count': '--replica-count'}


class CreateDatabaseInstance(output.ShowOne):
    _description = _('Create a database instance')
    verb = _('create')

    def get_parser(self, prog_name: str) -> argparse.ArgumentParser:
        parser = super().get_parser(prog_name)
        parser.add_argument(
            'name', metavar='<name>', type=arguments.non_empty,
            help=_('Name of the new instance'))
        parser.add_argument(
            '--flavor', metavar='<flavor>', type=arguments.non_empty,
            help=_('Flavor of the instance (name or ID); required unless '
                   '--replica-of is given'))
        parser.add_argument(
            '--size', metavar='<size>', type=arguments.positive_int,
            help=_('Size of the data volume in GB'))
        parser.add_argument(
            '--volume-type', metavar='<volume-type>', type=arguments.non_empty,
            help=_('Volume type of the data volume (needs --size)'))
        parser.add_argument(
            '--database', metavar='<name[,character-set=<set>,'
            'collate=<collation>]>', dest='databases', action='append',
            type=arguments.database_spec, default=[],
            help=_('Create a database; repeat for several'))
        parser.add_argument(
            '--databases', metavar='<name>', dest='databases',
            action='extend', nargs='+', type=arguments.database_spec,
            help=_("Database names, python-troveclient's form"))
        parser.add_argument(
            '--user', metavar='<name=<name>[,password=<password>]'
            '[,host=<host>][,databases=<db1;db2>]>', dest='users',
            action='append', type=arguments.user_spec, default=[],
            help=_('Create a user; repeat for several. Leave the password '
                   'out to give it with --password-prompt or --password-file '
                   'instead of on the command line'))
        parser.add_argument(
            '--users', metavar='<user:password>', dest='users',
            action='extend', nargs='+', type=arguments.legacy_user_spec,
            help=_("Users with their passwords, python-troveclient's form; "
                   'the passwords stay visible in the process list: prefer '
                   '--user with --password-prompt or --password-file'))
        passwords = parser.add_mutually_exclusive_group()
        passwords.add_argument(
            '--password-prompt', action='store_true', default=False,
            help=_('Prompt (twice) for the password of each --user given '
                   'without one; needs a terminal'))
        passwords.add_argument(
            '--password-file', metavar='<file>',
            help=_("Read the passwords of the --user options given without "
                   "one from this file ('-' for stdin), one per line in the "
                   "order of those options"))
        parser.add_argument(
            '--datastore', metavar='<datastore>', type=arguments.non_empty,
            help=_('Datastore of the instance (name or ID; default: the '
                   "service's default datastore)"))
        parser.add_argument(
            '--datastore-version', metavar='<datastore-version>',
            type=arguments.non_empty,
            help=_('Datastore version (name or ID; default: the '
                   "datastore's default version)"))
        parser.add_argument(
            '--datastore-version-number',
            metavar='<datastore-version-number>', type=arguments.non_empty,
            help=_('Version number of the datastore, when several versions '
                   'share a name'))
        parser.add_argument(
            '--nic', metavar='<net-id=<net-id>,subnet-id=<subnet-id>,'
            'ip-address=<ip-address>>', dest='nics', action='append',
            type=arguments.nic_spec, default=[],
            help=_('Attach the instance to a network (keys: network-id '
                   'or net-id, subnet-id, ip-address; v4-fixed-ip is '
                   'accepted for ip-address). Trove takes one NIC'))
        parser.add_argument(
            '--availability-zone', metavar='<availability-zone>',
            type=arguments.non_empty,
            help=_('Availability zone of the instance'))
        parser.add_argument(
            '--configuration', metavar='<configuration>',
            type=arguments.non_empty,
            help=_('Configuration group to attach (name or ID)'))
        parser.add_argument(
            '--backup', metavar='<backup>', type=arguments.non_empty,
            help=_('Restore this backup (ID) into the new instance'))
        parser.add_argument(
            '--replica-of', metavar='<source-instance>',
            type=arguments.non_empty,
            help=_('Create replicas of this instance (name or ID)'))
        parser.add_argument(
            '--replica-count', metavar='<count>', type=arguments.positive_int,
            help=_('Number of replicas to create, 1 to 3, named '
                   '<name>-1, <name>-2, ... when more than one (default: 1 '
                   'with --replica-of). With this option the output has '
                   "one row per replica, the columns of 'database instance "
                   "list', and --wait waits for them all"))
        parser.add_argument(
            '--module', metavar='<module>', dest='modules', action='append',
            type=arguments.non_empty, default=[],
            help=_('Apply this module (ID); repeat for several'))
        # Imported here: openstack imports this module for every command it
        # runs, and only this parser needs the library's instances module.
        from troveclient_osc.v1 import instances as v1_instances
        parser.add_argument(
            '--locality', metavar='<policy>',
            choices=v1_instances.LOCALITIES,
            help=_('Placement policy of the replicas: %s')
            % ', '.join(v1_instances.LOCALITIES))
        arguments.add_paired_flag(
            parser, 'public', '--public', '--private',
            _('Make the database reachable from outside the cloud'),
            _('Keep the database private (default)'),
            aliases=[('--is-public', '--is-private')])
        parser.add_argument(
            '--allowed-cidr', metavar='<cidr>', dest='allowed_cidrs',
            action='append', type=arguments.cidr,
            help=_('Allow access only from this network; repeat for '
                   'several (default: from anywhere)'))
        # python-troveclient's hidden option: the region to create in, for
        # a Trove that places instances in several regions
        parser.add_argument(
            '--region', metavar='<region>', type=arguments.non_empty,
            help=argparse.SUPPRESS)
        parser.add_argument(
            '--or-show', action='store_true', default=False,
            help=_('If one instance of the project has this name already, '
                   'show it instead of creating another (exit 0, with a '
                   'line on stderr, and a warning of what differs from '
                   'the options given); several are an error. Two runs at '
                   'the same moment can both create one: see the scripting '
                   'guide'))
        arguments.add_wait_options(parser, _('the instance is ACTIVE'))
        return parser

    def requested(self, parsed_args: argparse.Namespace) -> int:
        return int(parsed_args.replica_count or 1)

    def take_action(self, parsed_args: argparse.Namespace
                    ) -> tuple[tuple[str, ...], Any]:
        client = self.client
        if not parsed_args.flavor and not parsed_args.replica_of:
            raise command.UsageError(_('--flavor is required unless '
                                       '--replica-of is given'))
        several = parsed_args.replica_count is not None
        if several:
            self._check_replica_count(parsed_args)
            if parsed_args.or_show:
                raise command.UsageError(
                    _('--or-show shows one instance: it cannot go with '
                      '--replica-count, whose replicas Trove names'))
        options = _options(parsed_args)
        # The library checks the request before any lookup is made; the
        # users are checked as they are parsed.
        from troveclient_osc.v1 import instances as v1_instances
        with arguments.argument_checks(_CREATE_OPTIONS):
            v1_instances.create_body(parsed_args.name, parsed_args.flavor,
                                     **options)
        options['users'] = self._users(parsed_args) or None
        if parsed_args.configuration:
            options['configuration'] = client.configurations.find(
                parsed_args.configuration).id
        source = (client.instances.find(parsed_args.replica_of)
                  if parsed_args.replica_of else None)
        options['replica_of'] = source.id if source is not None else None
        instance = self._create(client, parsed_args, options)
        if several:
            made = _new_replicas(client.instances, source, instance,
                                 parsed_args.name, parsed_args.replica_count)
            self.changes.changing(replica.id for replica in made)
            replicas = made
            if parsed_args.wait:
                replicas = [outcome.result for outcome in many.wait_in_turn(
                    self, parsed_args, client.instances, made, many.Wait())]
            chosen = output.listed(FIELDS)
            return (output.headers(chosen),
                    output.rows(chosen, (i.to_dict() for i in replicas)))
        return output.record(output.shown(FIELDS, create=True),
                             self._wait(client.instances, instance,
                                        parsed_args))

    def _create(self, client: Any, parsed_args: argparse.Namespace,
                options: dict[str, Any]) -> Any:
        """The create request; the instance Trove answers with (with
        ``--or-show``, the one of that name when there is one)."""
        # Trove itself takes a datastore and a version by name or ID; a
        # flavor ID goes in as given, a name is looked up (with_ref). A dry
        # run looks the ID up too: no create is refused for it.
        create: Callable[[Any], tuple[Any, bool]] = (
            functools.partial(self._or_show, client, parsed_args, options)
            if parsed_args.or_show else
            lambda ref: (client.instances.create(
                parsed_args.name, flavor_id=ref, **options), True))
        self.changes.sending(parsed_args.name)
        try:
            if not parsed_args.flavor:
                instance, created = create(None)
            elif self.rehearsal is not None:
                instance, created = create(
                    client.flavors.find(parsed_args.flavor).flavor_ref)
            else:
                instance, created = client.flavors.with_ref(
                    parsed_args.flavor, create)
        except Exception:
            self.changes.failed(parsed_args.name)
            raise  # a signal leaves it sent, without an answer
        # an instance shown is none of this run's changes
        self.changes.answered(parsed_args.name, ident=instance.id,
                              lasting=created)
        return instance

    def _or_show(self, client: Any, parsed_args: argparse.Namespace,
                 options: dict[str, Any], flavor_id: Any
                 ) -> tuple[Any, bool]:
        """``--or-show``: the library's find_or_create, and a line on
        stderr (a warning of the differences too) when it found one."""
        from troveclient_osc import base
        from troveclient_osc.v1 import instances as v1_instances

        found, created = client.instances.find_or_create(
            parsed_args.name, flavor_id=flavor_id, **options)
        if created:
            return found, True
        values = {'name': base.shown(parsed_args.name), 'id': found.id}
        if self.rehearsal is not None:
            self.log.warning(_("Database instance '%(name)s' (%(id)s) "
                               'exists: --or-show would show it, not '
                               'create another'), values)
        else:
            self.log.warning(_("Database instance '%(name)s' (%(id)s) "
                               'exists: shown, not created'), values)
        differences = v1_instances.differences(found, v1_instances.create_body(
            parsed_args.name, flavor_id, **options))
        if differences:
            self.log.warning(_('It differs from the options given: %s'),
                             ', '.join(differences))
        if self.rehearsal is not None or parsed_args.wait:
            return found, False
        # as show shows it (the listing leaves out the volume's used space)
        return client.instances.get(found.id), False

    def _wait(self, instances: Any, created: Any,
              parsed_args: argparse.Namespace) -> dict[str, Any]:
        """What to show of the new instance: as ``--wait`` left it, or as
        created, with the root password of the create's answer (Trove
        generates one for a datastore with ``root_on_create`` and never
        shows it again).

        When the wait fails (ERROR, the timeout, Ctrl-C, SIGTERM), the
        instance as created is printed first if the answer had a password:
        the error goes to stderr and never carries the password.
        """
        shown: dict[str, Any] = created.to_dict()
        password = shown.get('password')
        if password:
            self.log.warning(_('Trove shows the root password of database '
                               'instance %s only once, in this output'),
                             created.id)
        if not parsed_args.wait:
            return shown
        try:
            (waited,) = many.wait_in_turn(self, parsed_args, instances,
                                          [created], many.Wait())
        except BaseException:
            if password and getattr(self, 'formatter', None) is not None:
                self.produce_output(parsed_args, *output.record(
                    output.shown(FIELDS, create=True), shown))
            raise
        return dict(waited.result.to_dict(), password=password)

    def _check_replica_count(self, parsed_args: argparse.Namespace) -> None:
        if not parsed_args.replica_of:
            raise command.UsageError(_('--replica-count needs --replica-of'))
        formatter = getattr(self, 'formatter', None)
        if formatter is not None and not hasattr(formatter, 'emit_list'):
            raise command.UsageError(
                _('-f %s shows one instance: with --replica-count give -f '
                  'table, json, value or yaml')
                % getattr(parsed_args, 'formatter', ''))

    def produce_output(self, parsed_args: argparse.Namespace,
                       column_names: Any, data: Any) -> int:
        if parsed_args.replica_count is None or self.rehearsal is not None:
            result: int = super().produce_output(parsed_args, column_names,
                                                 data)
            return result
        # One row per replica, as a listing prints them.
        output.emit_listing(self, parsed_args, column_names, data)
        return 0

    def _users(self, parsed_args: argparse.Namespace) -> list[dict[str, Any]]:
        """The users' request bodies, with passwords from prompt or file."""
        from troveclient_osc import masking

        users = parsed_args.users or []
        missing = [user for user in users if user.password is None]
        if not missing:
            if parsed_args.password_prompt or parsed_args.password_file:
                raise command.UsageError(_('--password-prompt and '
                                           '--password-file need a --user '
                                           'without a password'))
            return [user.to_body() for user in users]
        if parsed_args.password_prompt:
            from osc_lib import utils
            for user in missing:
                user.password = masking.Secret(utils.get_password(
                    self.app.stdin,
                    prompt=_('Password for user %s: ') % user.name))
        elif parsed_args.password_file:
            secrets = _read_passwords(self.app, parsed_args.password_file)
            if len(secrets) != len(missing):
                raise osc_exceptions.CommandError(
                    _('%(file)s has %(got)d password(s) for %(want)d user(s) '
                      'without one')
                    % {'file': (_('standard input')
                                if parsed_args.password_file == '-'
                                else parsed_args.password_file),
                       'got': len(secrets), 'want': len(missing)})
            for user, secret in zip(missing, secrets):
                user.password = masking.Secret(secret)
        else:
            raise command.UsageError(
                _('user %s has no password: give password=, '
                  '--password-prompt or --password-file') % missing[0].name)
        for user in missing:
            try:
                arguments.check_password(user.password.reveal(), user.name)
            except arguments.ArgumentTypeError as error:
                raise command.UsageError(str(error)) from None
        return [user.to_body() for user in users]


def _options(parsed_args: argparse.Namespace) -> dict[str, Any]:
    """The library's keyword arguments of create, as given."""
    options = dict(
        volume=parsed_args.size, volume_type=parsed_args.volume_type,
        databases=parsed_args.databases or None,
        restore_point=parsed_args.backup,
        availability_zone=parsed_args.availability_zone,
        datastore=parsed_args.datastore,
        datastore_version=parsed_args.datastore_version,
        datastore_version_number=parsed_args.datastore_version_number,
        nics=parsed_args.nics or None,
        configuration=parsed_args.configuration,
        replica_of=parsed_args.replica_of,
        replica_count=parsed_args.replica_count,
        modules=parsed_args.modules or None,
        locality=parsed_args.locality, is_public=parsed_args.public,
        allowed_cidrs=parsed_args.allowed_cidrs)
    if parsed_args.region:
        options['region_name'] = parsed_args.region
    return options


def _replica_ids(instance: Any) -> list[Any]:
    return [replica.get('id') for replica in
            instance.to_dict().get('replicas') or ()
            if isinstance(replica, dict)]


def _new_replicas(instances: Any, source: Any, created: Any, name: str,
                  count: int) -> list[Any]:
    """The replicas one create with ``--replica-count`` made, by name.

    Trove answers such a create with its last replica only. The others are
    the source's replicas that it did not have before, named
    ``<name>-1``... (one GET of the source, and one of each other replica).
    """
    if count == 1:
        return [created]
    before = set(_replica_ids(source))
    wanted = {'%s-%d' % (name, number) for number in range(1, count + 1)}
    found = [created]
    for ident in _replica_ids(instances.get(source.id)):
        if ident in before or ident == created.id:
            continue
        replica = instances.get(ident)
        if getattr(replica, 'name', None) in wanted:
            found.append(replica)
    return sorted(found, key=lambda replica: str(replica.name))


def _read_passwords(app: Any, path: str) -> list[str]:
    """The non-empty lines of a password file or stdin, line ends stripped."""
    try:
        if path == '-':
            text = (getattr(app, 'stdin', None) or sys.stdin).read()
        else:
            with open(path, encoding='utf-8') as stream:
                text = stream.read()
    except OSError as error:
        raise osc_exceptions.CommandError(
            _('Cannot read the password file %(path)s: %(error)s')
            % {'path': path, 'error': error.strerror}) from None
    return [line for line in text.splitlines() if line]
