"""``openstack database instance ...``: create, list, show, change, act on.

Each command parses its arguments, resolves names to IDs through the
library's ``find`` methods, calls one manager method and formats the result.
"""

from __future__ import annotations

import argparse
import functools
import sys
from typing import TYPE_CHECKING

from osc_lib.command import command
from osc_lib import exceptions as osc_exceptions

from troveclient_osc.i18n import _
from troveclient_osc.osc import output
from troveclient_osc.osc.v1 import common

# troveclient_osc.base and .exceptions are imported where they are used, as
# in common: every ``openstack`` command imports this module.


def _access(body):
    access = body.get('access')
    return access if isinstance(access, dict) else None


def _public(body):
    """python-troveclient's ``public``: the access's ``is_public``, False
    when the access does not say (absent without an access)."""
    access = _access(body)
    return None if access is None else access.get('is_public', False)


def _role(body):
    """python-troveclient's ``role``: ``primary`` for an instance with
    replicas, ``replica`` for one with a source, else ''."""
    if body.get('replicas'):
        return 'primary'
    return 'replica' if body.get('replica_of') else ''


def _replicas_listed(body):
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


def _instance_argument(parser, help_text=None):
    parser.add_argument(
        'instance', metavar='<instance>', type=common.non_empty,
        help=help_text or _('Database instance to act on (name or ID)'))


def _find(command, value):
    return common.client(command).instances.find(value)


def _act(instances, value, act, all_projects=False):
    """Call ``act`` on the instance ``value`` names or identifies, in the
    fewest round trips (see ``InstanceManager.act_on``); return what ``act``
    was given: the ID as typed or the instance found."""
    def call(target):
        act(target)
        return target

    return instances.act_on(value, call, all_projects=all_projects)


# -- list and show ----------------------------------------------------------

class ListDatabaseInstances(output.Lister):
    _description = _('List database instances')

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            '--limit', metavar='<limit>', type=common.positive_int,
            help=_('Show at most this many instances; the marker of the next '
                   'page is then printed on stderr (default: all)'))
        parser.add_argument(
            '--marker', metavar='<marker>', type=common.non_empty,
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
            '--status', metavar='<status>',
            help=_('Show only instances in this status, e.g. ACTIVE or ERROR '
                   '(case-insensitive)'))
        parser.add_argument(
            '--datastore', metavar='<datastore>', type=common.non_empty,
            help=_('Show only instances of this datastore (name or ID)'))
        parser.add_argument(
            '--flavor', metavar='<flavor>', type=common.non_empty,
            help=_('Show only instances of this flavor (name or ID)'))
        parser.add_argument(
            '--include-clustered', action='store_true', default=False,
            help=_('Include instances that belong to a cluster '
                   '(default: exclude them)'))
        # python-troveclient's spelling, hidden from help
        parser.add_argument(
            '--include_clustered', dest='include_clustered',
            action='store_true', help=argparse.SUPPRESS)
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument(
            '--all-projects', action='store_true', default=False,
            help=_('List the instances of every project (admin only)'))
        scope.add_argument(
            '--project', '--project-id', metavar='<project>',
            type=common.non_empty,
            help=_("List the instances of this project (name or ID, admin "
                   "only); '--project-id' is accepted as an older name"))
        return parser

    def take_action(self, parsed_args):
        client = common.client(self)
        project_id = None
        if parsed_args.project:
            project_id = _project_id(self.app, parsed_args.project)
        keep = _Filter(client, parsed_args)
        listing = dict(include_clustered=parsed_args.include_clustered,
                       detailed=parsed_args.long,
                       all_projects=parsed_args.all_projects,
                       project_id=project_id)
        if parsed_args.limit is None and parsed_args.marker is None:
            # A generator: each page becomes rows as it arrives, and its
            # instances are dropped, instead of holding every instance of a
            # long listing until the end.
            found = self._every_page(client, listing, keep)
        else:
            found, marker, capped = _pages(
                client.instances, parsed_args.limit, parsed_args.marker,
                keep, listing)
            if capped:
                from troveclient_osc import base
                self.log.warning(_CAPPED, base.MAX_PAGES, marker)
            elif marker is not None:
                self.log.warning(_('More database instances are available: '
                                   'continue with --marker %s'), marker)
        chosen = output.listed(
            FIELDS, long=parsed_args.long,
            admin=bool(parsed_args.all_projects or project_id))
        data = output.rows(chosen, (i.to_dict() for i in found))
        keep.check_datastore()
        return output.headers(chosen), data

    def _every_page(self, client, listing, keep):
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


def _pages(manager, limit, marker, keep, listing):
    """Up to ``limit`` kept instances from ``marker`` on, the next marker,
    and whether the walk stopped at the page limit (``base.MAX_PAGES``).

    Each request asks for no more than are still missing, so a page is never
    cut in the middle and the server's next marker stays exact.
    """
    from troveclient_osc import base
    from troveclient_osc import exceptions

    found: list[object] = []
    walk = base.Markers(_('database instances'), marker)
    try:
        while True:
            want = None if limit is None else limit - len(found)
            page = manager.list(limit=want, marker=walk.marker, **listing)
            found.extend(item for item in page if keep(item))
            if limit is not None and len(found) >= limit:
                return found[:limit], page.next, False
            if not walk.follow(page.next):
                return found, None, False
    except exceptions.TooManyPages as error:
        return found, error.marker, True


class _Filter:
    """The client-side filters of ``list``: name, status, datastore, flavor,
    and the deleted instances that the admin listing includes.

    A datastore given by name costs no request when it can be compared as
    given; an ID-like datastore or a flavor is resolved once. Both are
    names or IDs of something that must exist: a datastore name that no
    listed instance has is looked up once, after the listing, so that a
    misspelt one is an error rather than an empty listing.
    """

    def __init__(self, client, parsed_args):
        from troveclient_osc import base

        self.client = client
        self.name = parsed_args.name
        self.status = (parsed_args.status.upper() if parsed_args.status
                       else None)
        self.datastore = parsed_args.datastore
        # Whether the datastore is known to exist: found by ID, or the
        # datastore of a listed instance.
        self.datastore_known = False
        if self.datastore and base.is_uuid_like(self.datastore):
            self.datastore = client.datastores.find(self.datastore).name
            self.datastore_known = True
        self.flavor = None
        if parsed_args.flavor:
            flavor = client.flavors.find(parsed_args.flavor)
            self.flavor = {flavor.flavor_ref, str(getattr(flavor, 'id', ''))}

    def __call__(self, instance):
        # The fields as attributes: no deep copy per listed instance.
        def field(name, default=None):
            value = getattr(instance, name, default)
            return default if value is None else value

        if field('deleted') is True:
            # Trove's admin listing also returns deleted instances
            return False
        if self.datastore is not None:
            if (field('datastore', {}) or {}).get('type') != self.datastore:
                return False
            self.datastore_known = True
        if self.name is not None and field('name') != self.name:
            return False
        if self.status and str(field('status', '')).upper() != self.status:
            return False
        if self.flavor is not None and \
                str((field('flavor', {}) or {}).get('id')) not in self.flavor:
            return False
        return True

    def check_datastore(self):
        """Raise NotFound when the datastore filter names no datastore
        (one GET, only when no listed instance had that datastore)."""
        if self.datastore is not None and not self.datastore_known:
            self.client.datastores.find(self.datastore)
            self.datastore_known = True


def _project_id(app, value):
    """A project ID as is; a name through the identity client (one call)."""
    from troveclient_osc import base

    if base.is_uuid_like(value):
        return value
    from openstackclient.identity import common as identity_common
    return identity_common.find_project(app.client_manager.identity,
                                        value).id


class ShowDatabaseInstance(output.ShowOne):
    _description = _('Show the details of a database instance')

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _instance_argument(parser, _('Database instance to show (name or '
                                     'ID)'))
        return parser

    def take_action(self, parsed_args):
        # An ID is one GET. A name is one scan of the detailed listing,
        # then one GET of the match by its ID: only a show by ID has the
        # volume's used space, which Trove reads from the guest.
        instance = _find(self, parsed_args.instance)
        if instance.id != parsed_args.instance:
            instance = common.client(self).instances.get(instance.id)
        return output.record(output.shown(FIELDS), instance.to_dict())


# -- create and delete ------------------------------------------------------

# The option of each keyword argument of the library's create, for the
# library's errors about arguments that go together.
_CREATE_OPTIONS = {'volume': '--size', 'volume_type': '--volume-type',
                   'datastore_version': '--datastore-version',
                   'datastore_version_number': '--datastore-version-number',
                   'nics': '--nic', 'replica_of': '--replica-of',
                   'replica_count': '--replica-count'}


class CreateDatabaseInstance(output.ShowOne):
    _description = _('Create a database instance')

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        self._parser = parser
        parser.add_argument(
            'name', metavar='<name>', type=common.non_empty,
            help=_('Name of the new instance'))
        parser.add_argument(
            '--flavor', metavar='<flavor>', type=common.non_empty,
            help=_('Flavor of the instance (name or ID); required unless '
                   '--replica-of is given'))
        parser.add_argument(
            '--size', metavar='<size>', type=common.positive_int,
            help=_('Size of the data volume in GB'))
        parser.add_argument(
            '--volume-type', metavar='<volume-type>', type=common.non_empty,
            help=_('Volume type of the data volume (needs --size)'))
        parser.add_argument(
            '--database', metavar='<name[,character-set=<set>,'
            'collate=<collation>]>', dest='databases', action='append',
            type=common.database_spec, default=[],
            help=_('Create a database; repeat for several'))
        parser.add_argument(
            '--databases', metavar='<name>', dest='databases',
            action='extend', nargs='+', type=common.database_spec,
            help=_("Database names, python-troveclient's form"))
        parser.add_argument(
            '--user', metavar='<name=<name>[,password=<password>]'
            '[,host=<host>][,databases=<db1;db2>]>', dest='users',
            action='append', type=common.user_spec, default=[],
            help=_('Create a user; repeat for several. Leave the password '
                   'out to give it with --password-prompt or --password-file '
                   'instead of on the command line'))
        parser.add_argument(
            '--users', metavar='<user:password>', dest='users',
            action='extend', nargs='+', type=common.legacy_user_spec,
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
            '--datastore', metavar='<datastore>', type=common.non_empty,
            help=_('Datastore of the instance (name or ID; default: the '
                   "service's default datastore)"))
        parser.add_argument(
            '--datastore-version', metavar='<datastore-version>',
            type=common.non_empty,
            help=_('Datastore version (name or ID; default: the '
                   "datastore's default version)"))
        parser.add_argument(
            '--datastore-version-number',
            metavar='<datastore-version-number>', type=common.non_empty,
            help=_('Version number of the datastore, when several versions '
                   'share a name'))
        parser.add_argument(
            '--nic', metavar='<net-id=<net-id>,subnet-id=<subnet-id>,'
            'ip-address=<ip-address>>', dest='nics', action='append',
            type=common.nic_spec, default=[],
            help=_('Attach the instance to a network (keys: network-id '
                   'or net-id, subnet-id, ip-address; v4-fixed-ip is '
                   'accepted for ip-address). Trove takes one NIC'))
        parser.add_argument(
            '--availability-zone', metavar='<availability-zone>',
            type=common.non_empty,
            help=_('Availability zone of the instance'))
        parser.add_argument(
            '--configuration', metavar='<configuration>',
            type=common.non_empty,
            help=_('Configuration group to attach (name or ID)'))
        parser.add_argument(
            '--backup', metavar='<backup>', type=common.non_empty,
            help=_('Restore this backup (ID) into the new instance'))
        parser.add_argument(
            '--replica-of', metavar='<source-instance>',
            type=common.non_empty,
            help=_('Create replicas of this instance (name or ID)'))
        parser.add_argument(
            '--replica-count', metavar='<count>', type=common.positive_int,
            help=_('Number of replicas to create, 1 to 3, named '
                   '<name>-1, <name>-2, ... when more than one (default: 1 '
                   'with --replica-of). With this option the output has '
                   "one row per replica, the columns of 'database instance "
                   "list', and --wait waits for them all"))
        parser.add_argument(
            '--module', metavar='<module>', dest='modules', action='append',
            type=common.non_empty, default=[],
            help=_('Apply this module (ID); repeat for several'))
        # Imported here: openstack imports this module for every command it
        # runs, and only this parser needs the library's instances module.
        from troveclient_osc.v1 import instances as v1_instances
        parser.add_argument(
            '--locality', metavar='<policy>',
            choices=v1_instances.LOCALITIES,
            help=_('Placement policy of the replicas: %s')
            % ', '.join(v1_instances.LOCALITIES))
        common.add_paired_flag(
            parser, 'public', '--public', '--private',
            _('Make the database reachable from outside the cloud'),
            _('Keep the database private (default)'),
            aliases=[('--is-public', '--is-private')])
        parser.add_argument(
            '--allowed-cidr', metavar='<cidr>', dest='allowed_cidrs',
            action='append', type=common.cidr,
            help=_('Allow access only from this network; repeat for '
                   'several (default: from anywhere)'))
        # python-troveclient's hidden option: the region to create in, for
        # a Trove that places instances in several regions
        parser.add_argument(
            '--region', metavar='<region>', type=common.non_empty,
            help=argparse.SUPPRESS)
        common.add_wait_options(parser, _('the instance is ACTIVE'))
        return parser

    def take_action(self, parsed_args):
        client = common.client(self)
        if not parsed_args.flavor and not parsed_args.replica_of:
            self._parser.error(_('--flavor is required unless --replica-of '
                                 'is given'))
        several = parsed_args.replica_count is not None
        if several:
            self._check_replica_count(parsed_args)
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
        # The library checks the request before any lookup is made; the
        # users are checked as they are parsed.
        from troveclient_osc.v1 import instances as v1_instances
        with common.argument_checks(self, _CREATE_OPTIONS):
            v1_instances.create_body(parsed_args.name, parsed_args.flavor,
                                     **options)
        options['users'] = self._users(parsed_args) or None
        if parsed_args.configuration:
            options['configuration'] = client.configurations.find(
                parsed_args.configuration).id
        source = (_find(self, parsed_args.replica_of)
                  if parsed_args.replica_of else None)
        options['replica_of'] = source.id if source is not None else None
        # Trove itself takes a datastore and a version by name or ID; a
        # flavor ID goes in as given, a name is looked up (with_ref).
        create = functools.partial(client.instances.create,
                                   parsed_args.name, **options)
        if parsed_args.flavor:
            instance = client.flavors.with_ref(
                parsed_args.flavor, lambda ref: create(flavor_id=ref))
        else:
            instance = create(flavor_id=None)
        if several:
            made = _new_replicas(client.instances, source, instance,
                                 parsed_args.name, parsed_args.replica_count)
            with common.interruption(self, _('create'), len(made),
                                     lambda: [r.id for r in made]):
                replicas = common.wait_for_all(self, client.instances, made,
                                               parsed_args)
            chosen = output.listed(FIELDS)
            return (output.headers(chosen),
                    output.rows(chosen, (i.to_dict() for i in replicas)))
        with common.interruption(self, _('create'), 1,
                                 lambda: [instance.id]):
            shown = self._wait(client.instances, instance, parsed_args)
        return output.record(output.shown(FIELDS, create=True), shown)

    def _wait(self, instances, created, parsed_args):
        """What to show of the new instance: as ``--wait`` left it, or as
        created, with the root password of the create's answer (Trove
        generates one for a datastore with ``root_on_create`` and never
        shows it again).

        When the wait fails (ERROR, the timeout, Ctrl-C), the instance as
        created is printed first if the answer had a password: the error
        goes to stderr and never carries the password.
        """
        shown = created.to_dict()
        password = shown.get('password')
        if password:
            self.log.warning(_('Trove shows the root password of database '
                               'instance %s only once, in this output'),
                             created.id)
        try:
            waited = common.wait_for_status(self, instances, created,
                                            parsed_args)
        except BaseException:
            if password and getattr(self, 'formatter', None) is not None:
                self.produce_output(parsed_args, *output.record(
                    output.shown(FIELDS, create=True), shown))
            raise
        if waited is not None and waited is not created:
            shown = dict(waited.to_dict(), password=password)
        return shown

    def _check_replica_count(self, parsed_args):
        if not parsed_args.replica_of:
            self._parser.error(_('--replica-count needs --replica-of'))
        formatter = getattr(self, 'formatter', None)
        if formatter is not None and not hasattr(formatter, 'emit_list'):
            self._parser.error(
                _('-f %s shows one instance: with --replica-count give -f '
                  'table, json, value or yaml')
                % getattr(parsed_args, 'formatter', ''))

    def produce_output(self, parsed_args, column_names, data):
        if parsed_args.replica_count is None:
            return super().produce_output(parsed_args, column_names, data)
        # One row per replica, as a listing prints them.
        columns, selector = self._generate_columns_and_selector(
            parsed_args, column_names)
        if selector:
            data = [list(self._compress_iterable(row, selector))
                    for row in data]
        self.formatter.emit_list(columns,
                                 output.escaped_rows(parsed_args, data),
                                 self.app.stdout, parsed_args)
        return 0

    def _users(self, parsed_args):
        """The users' request bodies, with passwords from prompt or file."""
        from troveclient_osc import masking

        users = parsed_args.users or []
        missing = [user for user in users if user.password is None]
        if not missing:
            if parsed_args.password_prompt or parsed_args.password_file:
                self._parser.error(_('--password-prompt and --password-file '
                                     'need a --user without a password'))
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
            self._parser.error(
                _('user %s has no password: give password=, '
                  '--password-prompt or --password-file') % missing[0].name)
        for user in missing:
            try:
                common.check_password(user.password.reveal(), user.name)
            except common.ArgumentTypeError as error:
                self._parser.error(str(error))
        return [user.to_body() for user in users]


def _replica_ids(instance):
    return [replica.get('id') for replica in
            instance.to_dict().get('replicas') or ()
            if isinstance(replica, dict)]


def _new_replicas(instances, source, created, name, count):
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


def _read_passwords(app, path):
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


class DeleteDatabaseInstance(command.Command):
    _description = _('Delete database instances')
    force = False

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            'instances', metavar='<instance>', nargs='+',
            type=common.non_empty,
            help=_('Database instances to delete (name or ID)'))
        if not self.force:
            parser.add_argument(
                '--force', action='store_true', default=False,
                help=_('Reset the status of instances stuck in a state that '
                       'refuses deletion, then delete them (admin only)'))
        common.add_wait_options(parser, _('the instances are gone'))
        common.add_concurrency_option(parser)
        return parser

    def take_action(self, parsed_args):
        instances = common.client(self).instances
        force = self.force or parsed_args.force
        if len(parsed_args.instances) > 1:
            return self._delete_many(instances, force, parsed_args)

        def delete(value):
            return _act(instances, value, instances.force_delete if force
                        else instances.delete)

        def wait(deleted):
            for instance in deleted:
                with common.interruption(
                        self, _('delete'), 1,
                        lambda: [getattr(instance, 'id', instance)]):
                    common.wait_for_delete(self, instances, instance,
                                           parsed_args)

        common.delete_many(self, parsed_args.instances, delete,
                           _('database instance'), _('database instances'),
                           then=wait)

    def _delete_many(self, instances, force, parsed_args):
        """Several instances: one scan for the names, the deletes at most
        --concurrency at a time, one listing per poll to wait."""
        verb = _('delete')
        outcomes = common.act_on_many(
            self, instances, parsed_args.instances,
            instances.force_delete if force else instances.delete, verb,
            parsed_args)
        # A force delete is an admin's: its wait sees every project.
        failed = common.wait_for_many(self, instances, outcomes,
                                      parsed_args, verb, all_projects=force)
        common.check_many(instances, outcomes, verb, failed)


class ForceDeleteDatabaseInstance(DeleteDatabaseInstance):
    _description = _('Reset the status of database instances and delete '
                     'them (admin only)')
    force = True


# -- changes ----------------------------------------------------------------

class SetDatabaseInstance(command.Command):
    _description = _('Set database instance properties')

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        self._parser = parser
        _instance_argument(parser, _('Database instance to change (name or '
                                     'ID)'))
        parser.add_argument(
            '--name', metavar='<name>', type=common.non_empty,
            help=_('New name of the instance'))
        parser.add_argument(
            '--configuration', metavar='<configuration>',
            type=common.non_empty,
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
        common.add_paired_flag(
            parser, 'public', '--public', '--private',
            _('Make the database reachable from outside the cloud'),
            _('Make the database private'),
            aliases=[('--is-public', '--is-private')])
        parser.add_argument(
            '--allowed-cidr', metavar='<cidr>', dest='allowed_cidrs',
            action='append', type=common.cidr,
            help=_('Also allow access from this network; repeat for several '
                   '(added to the current ones unless --no-allowed-cidr)'))
        parser.add_argument(
            '--no-allowed-cidr', action='store_true', default=False,
            help=_('Remove every allowed network first; with --allowed-cidr '
                   'this replaces them (no networks: access from anywhere)'))
        return parser

    def take_action(self, parsed_args):
        new_access = (parsed_args.public is not None or
                      bool(parsed_args.allowed_cidrs) or
                      parsed_args.no_allowed_cidr)
        # The library checks the change before the instance is looked up.
        from troveclient_osc.v1 import instances as v1_instances
        with common.argument_checks(self, _SET_OPTIONS):
            v1_instances.update_body(
                parsed_args.name, parsed_args.configuration,
                parsed_args.no_configuration,
                parsed_args.detach_replica_source, parsed_args.public,
                parsed_args.allowed_cidrs or
                ([] if parsed_args.no_allowed_cidr else None))
        client = common.client(self)
        instance = _find(self, parsed_args.instance)
        kwargs = {}
        if parsed_args.configuration:
            kwargs['configuration'] = client.configurations.find(
                parsed_args.configuration).id
        if parsed_args.no_configuration:
            kwargs['remove_configuration'] = True
        if parsed_args.detach_replica_source:
            kwargs['detach_replica_source'] = True
        if new_access:
            kwargs.update(_merged_access(instance, parsed_args))
        client.instances.update(instance, name=parsed_args.name, **kwargs)


# The option of each keyword argument of the library's update.
_SET_OPTIONS = {'name': '--name', 'configuration': '--configuration',
                'remove_configuration': '--no-configuration',
                'detach_replica_source': '--detach-replica-source',
                'is_public': '--public/--private',
                'allowed_cidrs': '--allowed-cidr/--no-allowed-cidr'}


def _merged_access(instance, parsed_args):
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


# -- actions ----------------------------------------------------------------

class _InstanceAction(command.Command):
    """One action on one instance, optionally waited for.

    Subclasses name the manager method, the help, and what ``--wait`` waits
    for: a status (failing at once on ERROR/FAILED) or any settled status.
    """

    method: str  # the manager's method: every subclass names it
    argument_help = _('Database instance to act on (name or ID)')
    waits_for: str | tuple[str, ...] = 'ACTIVE'
    # the library's default (ERROR, FAILED) when None
    wait_failures: tuple[str, ...] | None = None
    can_wait = True
    # Admin actions look a name up among every project's instances.
    all_projects = False
    # Whether arguments() reads the instance's fields; if not, it is given
    # None and an instance given by ID is acted on without reading it.
    needs_instance = False
    # Whether it takes several instances, and what it does to them, for
    # "N of M database instances failed to <verb>."
    many = True
    verb: str | None = None
    # Whether a wait on many polls the admin listing of every project, for
    # an admin action on instances of other projects.
    wait_all_projects = False

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        self.add_targets(parser)
        self.add_arguments(parser)
        if self.can_wait:
            common.add_wait_options(
                parser, _('the instance is %s')
                % '/'.join(self._statuses()))
        # 'detach rep' is 'detach' of the instance 'rep', not an
        # abbreviation of the alias 'detach replica'.
        return common.give_words_back(self, parser)

    def add_targets(self, parser):
        """``<instance>``, or ``<instance> [<instance> ...]`` with
        --concurrency for an action on many."""
        if not self.many:
            _instance_argument(parser, self.argument_help)
            return
        parser.add_argument(
            'instances', metavar='<instance>', nargs='+',
            type=common.non_empty, action=common.Targets,
            help=self.argument_help)
        common.add_concurrency_option(parser)

    def add_arguments(self, parser):
        """Extra arguments after <instance>."""

    def arguments(self, instance, parsed_args):
        """Extra positional arguments of the manager method."""
        return ()

    def act(self, method, target, parsed_args):
        """Call the manager method on ``target``, an instance or its ID."""
        return method(target, *self.arguments(None, parsed_args))

    def _statuses(self):
        return ((self.waits_for,) if isinstance(self.waits_for, str)
                else tuple(self.waits_for))

    def take_action(self, parsed_args):
        if self.many and len(parsed_args.instances) > 1:
            return self._take_action_many(parsed_args)
        instances = common.client(self).instances
        method = getattr(instances, self.method)
        if self.needs_instance:
            if self.all_projects:
                instance = instances.find(parsed_args.instance,
                                          all_projects=True)
            else:
                instance = instances.find(parsed_args.instance)
            method(instance, *self.arguments(instance, parsed_args))
        else:
            # The arguments do not depend on the instance: act on an ID
            # without a GET.
            instance = _act(instances, parsed_args.instance,
                            lambda target: self.act(method, target,
                                                    parsed_args),
                            all_projects=self.all_projects)
        if self.can_wait:
            with common.interruption(
                    self, self.verb or self.method, 1,
                    lambda: [getattr(instance, 'id', instance)]):
                common.wait_for_status(self, instances, instance,
                                       parsed_args, status=self._statuses(),
                                       failures=self.wait_failures)

    def many_action(self, method, parsed_args):
        """The call on each target of an action on many: ``method`` with
        the arguments, which are the same for every target unless
        overridden."""
        if self.needs_instance:
            return lambda target: method(
                target, *self.arguments(target, parsed_args))
        return lambda target: self.act(method, target, parsed_args)

    def _take_action_many(self, parsed_args):
        """Several instances: one scan for the names, the actions at most
        --concurrency at a time, one listing per poll with --wait, then
        "N of M database instances failed to <verb>."."""
        instances = common.client(self).instances
        verb = self.verb or self.method
        outcomes = common.act_on_many(
            self, instances, parsed_args.instances,
            self.many_action(getattr(instances, self.method), parsed_args),
            verb, parsed_args, all_projects=self.all_projects,
            lookup=self.needs_instance)
        failed = []
        if self.can_wait:
            statuses = self._statuses()
            failed = common.wait_for_many(
                self, instances, outcomes, parsed_args, verb,
                status=statuses, failures=self.wait_failures,
                done=_('settled') if statuses == SETTLED else None,
                all_projects=self.all_projects or self.wait_all_projects)
        common.check_many(instances, outcomes, verb, failed)


# Statuses an instance rests in; what reset status and eject wait for.
SETTLED = ('ACTIVE', 'ERROR', 'FAILED', 'SHUTDOWN', 'RESTART_REQUIRED',
           'HEALTHY')


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

    def add_arguments(self, parser):
        parser.add_argument('flavor', metavar='<flavor>',
                            type=common.non_empty,
                            help=_('New flavor (name or ID), the same for '
                                   'every instance'))

    def many_action(self, method, parsed_args):
        # One flavor for all: looked up once, before any resize.
        ref = common.client(self).flavors.find(parsed_args.flavor).flavor_ref
        return lambda target: method(target, ref)

    def act(self, method, target, parsed_args):
        # A flavor ID goes into the resize request as given; a name is
        # looked up first, and an ID Trove does not know then as a name.
        return common.client(self).flavors.with_ref(
            parsed_args.flavor, lambda ref: method(target, ref))


class ResizeDatabaseInstanceVolume(_InstanceAction):
    _description = _('Grow the data volume of database instances')
    method = 'resize_volume'
    verb = _('resize')
    argument_help = _('Database instance(s) to resize (name or ID)')

    def add_arguments(self, parser):
        parser.add_argument('size', metavar='<size>',
                            type=common.positive_int,
                            help=_('New size of the volume in GB, larger '
                                   'than the current size; the same for '
                                   'every instance'))

    def arguments(self, instance, parsed_args):
        return (parsed_args.size,)


class UpgradeDatabaseInstance(_InstanceAction):
    _description = _('Upgrade database instances to another version of '
                     'their datastore')
    method = 'upgrade'
    verb = _('upgrade')
    argument_help = _('Database instance(s) to upgrade (name or ID)')
    needs_instance = True  # a version name is looked up in its datastore

    def add_arguments(self, parser):
        self._parser = parser
        parser.add_argument('datastore_version',
                            metavar='<datastore-version>',
                            type=common.non_empty,
                            help=_("New version of the instances' "
                                   'datastore (name or ID), the same for '
                                   'every instance'))

    def arguments(self, instance, parsed_args):
        store = instance.to_dict().get('datastore') or {}
        version = common.find_datastore_version(
            common.client(self), parsed_args.datastore_version,
            store.get('type'))
        if len(parsed_args.instances) == 1:
            # The version it runs already: a usage error, like the
            # library's refusal (which fails that one of many instead).
            from troveclient_osc.v1 import instances as v1_instances
            with common.argument_checks(self, {}):
                v1_instances.upgrade_body(version, instance)
        return (version,)

    def many_action(self, method, parsed_args):
        # The version is looked up once per datastore, not per instance.
        import threading

        versions = {}
        lock = threading.Lock()

        def upgrade(instance):
            store = (instance.to_dict().get('datastore') or {}).get('type')
            with lock:
                if store not in versions:
                    try:
                        versions[store] = self.arguments(instance,
                                                         parsed_args)
                    except Exception as error:  # noqa: BLE001 - per target
                        versions[store] = error
            found = versions[store]
            if isinstance(found, Exception):
                raise found
            return method(instance, *found)

        return upgrade


class ResetDatabaseInstanceStatus(_InstanceAction):
    _description = _('Reset the status of stuck database instances (admin '
                     'only)')
    method = 'reset_status'
    verb = _('reset')
    argument_help = _('Database instance(s) to reset (name or ID)')
    wait_all_projects = True  # an admin resets other projects' instances
    waits_for = SETTLED
    wait_failures = ()


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
    waits_for = SETTLED
    wait_failures = ()


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
    can_wait = False
    all_projects = True


class RebuildDatabaseInstance(_InstanceAction):
    _description = _("Rebuild a database instance's server from an image "
                     '(admin only)')
    method = 'rebuild'
    verb = _('rebuild')
    argument_help = _('Database instance to rebuild (name or ID, in any '
                      'project)')
    many = False  # each server gets its own image
    can_wait = False
    all_projects = True

    def add_arguments(self, parser):
        parser.add_argument('image', metavar='<image-id>',
                            type=common.non_empty,
                            help=_('ID of the new guest image'))

    def arguments(self, instance, parsed_args):
        return (parsed_args.image,)


# -- deprecated aliases -----------------------------------------------------
# The same commands under a second name. ``deprecated = True`` keeps them
# out of ``openstack help``; they still run, with a warning.

if TYPE_CHECKING:
    # A mixin of commands: for the type checker, one itself.
    from osc_lib.command.command import Command as _CommandBase
else:
    _CommandBase = object


class _DeprecatedAlias(_CommandBase):
    deprecated = True
    alias: str | None = None  # the deprecated name
    use: str | None = None  # the name to use instead

    def take_action(self, parsed_args):
        # the shorter name typed with an argument cliff took for an alias
        # word (see common.words_given_back) is not the alias
        if not common.words_given_back(self):
            self.log.warning(_('`%(alias)s` is deprecated; use `%(use)s`'),
                             {'alias': self.alias, 'use': self.use})
        return super().take_action(parsed_args)


class UpdateDatabaseInstance(_DeprecatedAlias, SetDatabaseInstance):
    alias = 'database instance update'
    use = 'database instance set'


class PromoteToReplicaSourceDatabaseInstance(_DeprecatedAlias,
                                             PromoteDatabaseInstance):
    alias = 'database instance promote to replica source'
    use = 'database instance promote'


class EjectReplicaSourceDatabaseInstance(_DeprecatedAlias,
                                         EjectDatabaseInstance):
    alias = 'database instance eject replica source'
    use = 'database instance eject'


class DetachReplicaDatabaseInstance(_DeprecatedAlias, DetachDatabaseInstance):
    alias = 'database instance detach replica'
    use = 'database instance detach'
