"""The ``openstack database instance ...`` commands."""

import io
import itertools
import logging
from unittest import mock

import fixtures
from osc_lib.cli import format_columns
from osc_lib import exceptions as osc_exceptions

from troveclient_osc import base
from troveclient_osc import exceptions
from troveclient_osc.osc.v1 import common
from troveclient_osc.osc.v1 import instances as cmds
from tests.unit.osc import fakes

LIST_COLUMNS = ('ID', 'Name', 'Datastore', 'Datastore Version', 'Status',
                'Operating Status', 'Public', 'Addresses', 'Flavor ID',
                'Size', 'Role')


def _list_row(inst):
    return (inst.id, inst.name, 'mysql', '5.7', inst.status, 'HEALTHY',
            False, format_columns.ListDictColumn(inst.addresses), '6', 1, '')


class TestListDatabaseInstances(fakes.TestDatabaseCommand):

    def setUp(self):
        super().setUp()
        self.cmd = cmds.ListDatabaseInstances(self.app, None)
        self.one = fakes.instance()
        self.two = fakes.instance(id=fakes.INSTANCE_ID_2, name='db2',
                                  status='ERROR')

    def test_without_limit_lists_every_page_through_list_all(self):
        self.instances.list_all.return_value = iter([self.one, self.two])
        parsed = self.parse(self.cmd, [], [('limit', None), ('long', False)])
        columns, data = self.cmd.take_action(parsed)
        self.instances.list_all.assert_called_once_with(
            include_clustered=False, detailed=False, all_projects=False,
            project_id=None)
        self.instances.list.assert_not_called()
        self.assertEqual(LIST_COLUMNS, columns)
        self.assertListItemEqual([_list_row(self.one), _list_row(self.two)],
                                 data)

    def test_addresses_and_size_are_python_troveclients_when_absent(self):
        # python-troveclient 8.11.0 listed '' for no addresses and '-' for
        # no volume (issue 21 item 4: its values and types).
        info = dict(fakes.INSTANCE, status='BUILD')
        del info['addresses'], info['ip'], info['volume']
        building = fakes.instances.Instance(None, info)
        self.instances.list_all.return_value = iter([building])
        parsed = self.parse(self.cmd, [], [('long', False)])
        columns, data = self.cmd.take_action(parsed)
        self.assertEqual('', data[0][columns.index('Addresses')])
        self.assertEqual('-', data[0][columns.index('Size')])

    def test_long_asks_for_the_detailed_listing_and_adds_detail_columns(self):
        self.instances.list_all.return_value = iter([self.one])
        parsed = self.parse(self.cmd, ['--long'], [('long', True)])
        columns, data = self.cmd.take_action(parsed)
        self.assertTrue(self.instances.list_all.call_args.kwargs['detailed'])
        self.assertEqual(LIST_COLUMNS + ('Region', 'Created', 'Updated',
                                         'Fault'), columns)
        self.assertEqual(('RegionOne', '2019-12-23T20:58:35',
                          '2019-12-23T20:58:45', ''), data[0][-4:])

    def test_limit_fetches_one_page_and_warns_with_the_next_marker(self):
        self.instances.list.return_value = fakes.page([self.one],
                                                      next='m-next')
        parsed = self.parse(self.cmd, ['--limit', '1', '--marker', 'm0'],
                            [('limit', 1), ('marker', 'm0')])
        with self.assertLogs(self.cmd.log, logging.WARNING) as logs:
            _columns, data = self.cmd.take_action(parsed)
        self.instances.list.assert_called_once_with(
            limit=1, marker='m0', include_clustered=False, detailed=False,
            all_projects=False, project_id=None)
        self.assertEqual(1, len(data))
        self.assertIn('--marker m-next', logs.output[0])

    def test_limit_on_the_last_page_prints_no_marker(self):
        self.instances.list.return_value = fakes.page([self.one], next=None)
        parsed = self.parse(self.cmd, ['--limit', '5'], [('limit', 5)])
        with self.assertNoLogs(self.cmd.log, logging.WARNING):
            _columns, data = self.cmd.take_action(parsed)
        self.assertEqual(1, len(data))

    def test_limit_with_a_filter_keeps_asking_for_what_is_missing(self):
        self.instances.list.side_effect = [
            fakes.page([self.one, self.two], next='m1'),
            fakes.page([fakes.instance(id='x3', name='db2')], next='m2')]
        parsed = self.parse(self.cmd, ['--limit', '2', '--name', 'db2'],
                            [('limit', 2), ('name', 'db2')])
        with self.assertLogs(self.cmd.log, logging.WARNING) as logs:
            _columns, data = self.cmd.take_action(parsed)
        self.assertEqual([fakes.INSTANCE_ID_2, 'x3'], [r[0] for r in data])
        self.assertEqual([2, 1], [c.kwargs['limit'] for c in
                                  self.instances.list.call_args_list])
        self.assertEqual([None, 'm1'], [c.kwargs['marker'] for c in
                                        self.instances.list.call_args_list])
        self.assertIn('m2', logs.output[0])

    def test_a_repeated_marker_stops_the_listing(self):
        self.instances.list.return_value = fakes.page([self.one], next='m1')
        parsed = self.parse(self.cmd, ['--marker', 'm0'], [('marker', 'm0')])
        error = self.assertRaises(exceptions.EndlessPagination,
                                  self.cmd.take_action, parsed)
        self.assertEqual("Endless pagination loop detected: the server sent "
                         "the marker 'm1' twice for database instances",
                         str(error))
        self.assertEqual(2, self.instances.list.call_count)

    def test_a_next_marker_equal_to_the_start_stops_at_once(self):
        self.instances.list.return_value = fakes.page([self.one], next='m0')
        parsed = self.parse(self.cmd, ['--marker', 'm0'], [('marker', 'm0')])
        self.assertRaises(exceptions.EndlessPagination,
                          self.cmd.take_action, parsed)
        self.assertEqual(1, self.instances.list.call_count)

    def test_limit_stops_at_the_page_cap_and_gives_the_marker(self):
        self.useFixture(fixtures.MockPatchObject(base, 'MAX_PAGES', 3))
        self.instances.list.side_effect = [
            fakes.page([fakes.instance(id='x%d' % n, name='db%d' % n)],
                       next='m%d' % n) for n in range(1, 5)]
        parsed = self.parse(self.cmd, ['--limit', '10'], [('limit', 10)])
        with self.assertLogs(self.cmd.log, logging.WARNING) as logs:
            _columns, data = self.cmd.take_action(parsed)
        self.assertEqual(['x1', 'x2', 'x3'], [r[0] for r in data])
        self.assertEqual(3, self.instances.list.call_count)
        self.assertIn('Stopped after 3 pages', logs.output[0])
        self.assertIn('--marker m3', logs.output[0])

    def test_name_and_status_filters_are_applied_on_the_client(self):
        self.instances.list_all.return_value = iter([self.one, self.two])
        parsed = self.parse(self.cmd, ['--status', 'error'],
                            [('status', 'error')])
        _columns, data = self.cmd.take_action(parsed)
        self.assertEqual([fakes.INSTANCE_ID_2], [r[0] for r in data])

    def test_datastore_filter_by_name_costs_no_lookup(self):
        other = fakes.instance(id='x', datastore={'type': 'postgresql',
                                                  'version': '12'})
        self.instances.list_all.return_value = iter([self.one, other])
        parsed = self.parse(self.cmd, ['--datastore', 'postgresql'],
                            [('datastore', 'postgresql')])
        _columns, data = self.cmd.take_action(parsed)
        self.assertEqual(['x'], [r[0] for r in data])
        self.datastores.find.assert_not_called()

    def test_datastore_filter_naming_no_datastore_is_an_error(self):
        # Issue 15 item 8: a misspelt datastore listed nothing, exit 0.
        self.datastores.find.side_effect = fakes.not_found(
            'mysq', 'datastore')
        self.instances.list_all.return_value = iter([self.one, self.two])
        parsed = self.parse(self.cmd, ['--datastore', 'mysq'],
                            [('datastore', 'mysq')])
        error = self.assertRaises(exceptions.NotFound, self.cmd.take_action,
                                  parsed)
        self.assertEqual("No datastore with a name or ID of 'mysq' exists.",
                         str(error))
        self.datastores.find.assert_called_once_with('mysq')

    def test_datastore_filter_matching_nothing_checks_it_exists(self):
        self.datastores.find.return_value = fakes.datastore(name='cassandra')
        self.instances.list_all.return_value = iter([self.one])
        parsed = self.parse(self.cmd, ['--datastore', 'cassandra',
                                       '--name', 'db1'],
                            [('datastore', 'cassandra')])
        _columns, data = self.cmd.take_action(parsed)
        self.assertEqual([], data)
        self.datastores.find.assert_called_once_with('cassandra')

    def test_datastore_seen_in_the_listing_needs_no_lookup(self):
        # The datastore exists (an instance has it), even if other filters
        # leave nothing.
        self.instances.list_all.return_value = iter([self.one])
        parsed = self.parse(self.cmd, ['--datastore', 'mysql',
                                       '--name', 'other'],
                            [('datastore', 'mysql')])
        _columns, data = self.cmd.take_action(parsed)
        self.assertEqual([], data)
        self.datastores.find.assert_not_called()

    def test_datastore_filter_by_id_is_resolved_to_its_name(self):
        self.datastores.find.return_value = fakes.datastore()
        self.instances.list_all.return_value = iter([self.one])
        parsed = self.parse(self.cmd, ['--datastore', fakes.DATASTORE_ID],
                            [('datastore', fakes.DATASTORE_ID)])
        _columns, data = self.cmd.take_action(parsed)
        self.datastores.find.assert_called_once_with(fakes.DATASTORE_ID)
        self.assertEqual(1, len(data))

    def test_flavor_filter_accepts_a_flavor_name(self):
        self.flavors.find.return_value = fakes.flavor()
        other = fakes.instance(id='x', flavor={'id': '7'})
        self.instances.list_all.return_value = iter([self.one, other])
        parsed = self.parse(self.cmd, ['--flavor', 'ds2G'],
                            [('flavor', 'ds2G')])
        _columns, data = self.cmd.take_action(parsed)
        self.flavors.find.assert_called_once_with('ds2G')
        self.assertEqual([fakes.INSTANCE_ID], [r[0] for r in data])

    def test_all_projects_lists_every_project_with_project_columns(self):
        self.instances.list_all.return_value = iter(
            [fakes.instance(tenant_id='p1', server_id='s1')])
        parsed = self.parse(self.cmd, ['--all-projects'],
                            [('all_projects', True)])
        columns, data = self.cmd.take_action(parsed)
        self.assertTrue(
            self.instances.list_all.call_args.kwargs['all_projects'])
        # python-troveclient's admin columns, in its order
        self.assertEqual(('Server ID', 'Tenant ID'), columns[-2:])
        self.assertEqual(('s1', 'p1'), data[0][-2:])

    def test_deleted_instances_of_the_admin_listing_are_left_out(self):
        self.instances.list_all.return_value = iter(
            [fakes.instance(deleted=False),
             fakes.instance(id='gone', deleted=True, status='SHUTDOWN')])
        parsed = self.parse(self.cmd, ['--all-projects'],
                            [('all_projects', True)])
        _columns, data = self.cmd.take_action(parsed)
        self.assertEqual([fakes.INSTANCE_ID], [r[0] for r in data])

    def test_project_id_is_used_as_is(self):
        project = '9f8dd5eacb074c9f87d2d822c9092aa5'
        self.instances.list_all.return_value = iter([])
        parsed = self.parse(self.cmd, ['--project', project],
                            [('project', project)])
        self.cmd.take_action(parsed)
        self.assertEqual(
            project, self.instances.list_all.call_args.kwargs['project_id'])

    def test_project_name_is_resolved_through_identity(self):
        self.instances.list_all.return_value = iter([])
        parsed = self.parse(self.cmd, ['--project-id', 'demo'],
                            [('project', 'demo')])
        with mock.patch('openstackclient.identity.common.find_project',
                        return_value=mock.Mock(id='p-1')) as find:
            self.cmd.take_action(parsed)
        find.assert_called_once_with(self.app.client_manager.identity, 'demo')
        self.assertEqual(
            'p-1', self.instances.list_all.call_args.kwargs['project_id'])

    def test_json_output_gets_real_lists_and_dicts(self):
        self.instances.list_all.return_value = iter([self.one])
        parsed = self.parse(self.cmd, [], [('limit', None)])
        columns, data = self.cmd.take_action(parsed)
        addresses = data[0][columns.index('Addresses')]
        self.assertEqual([{'address': '10.1.0.62', 'type': 'private'}],
                         addresses.machine_readable())

    def test_bad_limits_and_scopes_exit_2_before_any_call(self):
        for arglist in (['--limit', '0'], ['--limit', '-1'],
                        ['--limit', 'abc'], ['--marker', ''],
                        ['--all-projects', '--project', 'p'],
                        ['--bogus']):
            self.assertParseFails(self.cmd, arglist)
        self.assertNoManagerCalls()


class TestShowDatabaseInstance(fakes.TestDatabaseCommand):

    def setUp(self):
        super().setUp()
        self.cmd = cmds.ShowDatabaseInstance(self.app, None)

    def test_found_by_name_is_read_again_by_id(self):
        # Issue 22 item 2: the detailed listing a name is found in leaves
        # out the volume's used space, which a show by ID has.
        self.instances.find.return_value = fakes.instance(volume={'size': 1})
        self.instances.get.return_value = fakes.instance()
        parsed = self.parse(self.cmd, ['db1'], [('instance', 'db1')])
        columns, data = self.cmd.take_action(parsed)
        self.instances.find.assert_called_once_with('db1')
        self.instances.get.assert_called_once_with(fakes.INSTANCE_ID)
        shown = dict(zip(columns, data))
        self.assertEqual((1, 0.12), (shown['volume'], shown['volume_used']))
        self.assertEqual(fakes.INSTANCE_ID, shown['id'])

    def test_found_by_id_is_not_read_twice(self):
        self.instances.find.return_value = fakes.instance()
        parsed = self.parse(self.cmd, [fakes.INSTANCE_ID],
                            [('instance', fakes.INSTANCE_ID)])
        self.cmd.take_action(parsed)
        self.instances.find.assert_called_once_with(fakes.INSTANCE_ID)
        self.instances.get.assert_not_called()

    def test_show_finds_by_name_and_uses_attribute_names(self):
        self.instances.find.return_value = fakes.instance()
        self.instances.get.return_value = fakes.instance(
            fault={'message': 'boom', 'created': 'then', 'details': None},
            replica_of={'id': 'src', 'links': []})
        parsed = self.parse(self.cmd, ['db1'], [('instance', 'db1')])
        columns, data = self.cmd.take_action(parsed)
        self.instances.find.assert_called_once_with('db1')
        shown = dict(zip(columns, data))
        self.assertEqual('db1', shown['name'])
        self.assertEqual('boom', shown['fault'])
        self.assertEqual('then', shown['fault_date'])
        self.assertEqual('', shown['fault_details'])
        self.assertEqual('replica', shown['role'])
        self.assertEqual('src', shown['replica_of'])
        self.assertEqual({'size': 1, 'used': 0.12},
                         shown['volume_details'].machine_readable())
        self.assertEqual({'is_public': False,
                          'allowed_cidrs': ['10.0.0.0/24']},
                         shown['access'].machine_readable())
        self.assertNotIn('size', columns)
        self.assertNotIn('links', columns)

    def test_primary_shows_its_replicas_as_python_troveclient_and_a_list(
            self):
        self.instances.find.return_value = fakes.instance(
            replicas=[{'id': 'r1', 'links': []}, {'id': 'r2', 'links': []}])
        parsed = self.parse(self.cmd, [fakes.INSTANCE_ID],
                            [('instance', fakes.INSTANCE_ID)])
        columns, data = self.cmd.take_action(parsed)
        shown = dict(zip(columns, data))
        self.assertEqual('primary', shown['role'])
        self.assertEqual('r1, r2', shown['replicas'])
        self.assertEqual(['r1', 'r2'], shown['replica_ids'].machine_readable())

    def test_unknown_instance_error_names_the_value(self):
        self.instances.find.side_effect = fakes.not_found('nope')
        parsed = self.parse(self.cmd, ['nope'], [('instance', 'nope')])
        error = self.assertRaises(exceptions.NotFound, self.cmd.take_action,
                                  parsed)
        self.assertEqual("No database instance with a name or ID of 'nope' "
                         "exists.", str(error))

    def test_empty_name_exits_2(self):
        self.assertParseFails(self.cmd, [''])
        self.assertParseFails(self.cmd, ['  '])


class TestCreateDatabaseInstance(fakes.TestDatabaseCommand):

    def setUp(self):
        super().setUp()
        self.cmd = cmds.CreateDatabaseInstance(self.app, None)
        # the library resolves the flavor and makes the call with its ID
        self.flavor_listing = [fakes.flavor()]
        self.instances.create.return_value = fakes.instance(status='BUILD')
        self.stderr = io.StringIO()
        self.useFixture(fixtures.MonkeyPatch('sys.stderr', self.stderr))

    def _create_kwargs(self, **changes):
        kwargs = dict(
            flavor_id='6', volume=1, volume_type=None, databases=None,
            users=None, restore_point=None, availability_zone=None,
            datastore=None, datastore_version=None,
            datastore_version_number=None, nics=None, configuration=None,
            replica_of=None, replica_count=None, modules=None, locality=None,
            is_public=None, allowed_cidrs=None)
        kwargs.update(changes)
        return kwargs

    def test_minimal_create_resolves_the_flavor_and_shows_the_instance(self):
        parsed = self.parse(self.cmd, ['db1', '--flavor', 'ds2G', '--size',
                                       '1'],
                            [('name', 'db1'), ('flavor', 'ds2G'),
                             ('size', 1), ('wait', False)])
        columns, data = self.cmd.take_action(parsed)
        self.flavors.with_ref.assert_called_once_with('ds2G', mock.ANY)
        self.instances.create.assert_called_once_with(
            'db1', **self._create_kwargs())
        self.assertEqual('BUILD', dict(zip(columns, data))['status'])
        self.instances.wait_for_status.assert_not_called()

    def test_every_option_reaches_the_library(self):
        self.configurations.find.return_value = fakes.configuration()
        arglist = [
            'db1', '--flavor', '6', '--size', '2', '--volume-type', 'ssd',
            '--database', 'app,character-set=utf8mb4,collate=utf8mb4_bin',
            '--database', 'logs',
            '--user', 'name=bob,password=Pw1,host=%,databases=app;logs',
            '--datastore', 'mysql', '--datastore-version', '5.7',
            '--datastore-version-number', '5.7.29',
            '--nic', 'net-id=n1,subnet-id=s1,ip-address=10.0.0.5',
            '--availability-zone', 'az1', '--configuration', 'cfg',
            '--backup', 'b1', '--module', 'm1', '--module', 'm2',
            '--public', '--allowed-cidr', '10.0.0.0/24']
        parsed = self.parse(self.cmd, arglist, [('public', True)])
        self.cmd.take_action(parsed)
        self.configurations.find.assert_called_once_with('cfg')
        expected = self._create_kwargs(
            volume=2, volume_type='ssd',
            databases=[{'name': 'app', 'character_set': 'utf8mb4',
                        'collate': 'utf8mb4_bin'}, {'name': 'logs'}],
            users=[{'name': 'bob', 'password': 'Pw1', 'host': '%',
                    'databases': [{'name': 'app'}, {'name': 'logs'}]}],
            datastore='mysql', datastore_version='5.7',
            datastore_version_number='5.7.29',
            nics=[{'net-id': 'n1', 'subnet_id': 's1',
                   'ip_address': '10.0.0.5'}],
            availability_zone='az1', configuration=fakes.CONFIGURATION_ID,
            restore_point='b1', modules=['m1', 'm2'], is_public=True,
            allowed_cidrs=['10.0.0.0/24'])
        self.instances.create.assert_called_once_with('db1', **expected)
        sent = self.instances.create.call_args.kwargs['users'][0]['password']
        self.assertIs(str, type(sent))

    # -- --replica-count: every replica Trove made (issue 15, item 3) --

    SOURCE_ID = fakes.INSTANCE_ID
    OLD_REPLICA = 'f0000000-0000-4000-8000-000000000000'
    REPLICA_1 = 'a1000000-0000-4000-8000-000000000001'
    REPLICA_2 = 'a2000000-0000-4000-8000-000000000002'

    def _replica_set(self, others=()):
        """A source with one replica from before; a create of rc with two
        replicas, answered (as Trove does) with the last one only."""
        self.instances.find.return_value = fakes.instance(
            replicas=[{'id': self.OLD_REPLICA}])
        self.instances.create.return_value = fakes.instance(
            id=self.REPLICA_2, name='rc-2', status='BUILD')
        later = [{'id': self.OLD_REPLICA}, {'id': self.REPLICA_1},
                 {'id': self.REPLICA_2}] + [{'id': i} for i, _n in others]
        bodies = {self.SOURCE_ID: fakes.instance(replicas=later),
                  self.REPLICA_1: fakes.instance(id=self.REPLICA_1,
                                                 name='rc-1',
                                                 status='BUILD')}
        for ident, name in others:
            bodies[ident] = fakes.instance(id=ident, name=name)
        self.instances.get.side_effect = bodies.__getitem__

    def test_replica_count_shows_every_replica_as_rows(self):
        self._replica_set()
        parsed = self.parse(self.cmd, ['rc', '--replica-of', 'db1',
                                       '--replica-count', '2'],
                            [('replica_count', 2)])
        columns, data = self.cmd.take_action(parsed)
        self.assertEqual(LIST_COLUMNS, columns)
        self.assertEqual([(self.REPLICA_1, 'rc-1'), (self.REPLICA_2, 'rc-2')],
                         [row[:2] for row in data])
        # one GET of the source, one of the replica Trove did not return
        self.assertEqual([mock.call(self.SOURCE_ID),
                          mock.call(self.REPLICA_1)],
                         self.instances.get.call_args_list)

    def test_replica_count_leaves_out_replicas_of_other_creates(self):
        other = 'b0000000-0000-4000-8000-00000000000b'
        self._replica_set(others=[(other, 'someone-else-1')])
        parsed = self.parse(self.cmd, ['rc', '--replica-of', 'db1',
                                       '--replica-count', '2'],
                            [('replica_count', 2)])
        _columns, data = self.cmd.take_action(parsed)
        self.assertEqual(['rc-1', 'rc-2'], [row[1] for row in data])

    def test_replica_count_one_is_one_row_without_more_requests(self):
        self.instances.find.return_value = fakes.instance()
        self.instances.create.return_value = fakes.instance(
            id=self.REPLICA_1, name='rc', status='BUILD')
        parsed = self.parse(self.cmd, ['rc', '--replica-of', 'db1',
                                       '--replica-count', '1'],
                            [('replica_count', 1)])
        _columns, data = self.cmd.take_action(parsed)
        self.assertEqual([(self.REPLICA_1, 'rc')], [r[:2] for r in data])
        self.instances.get.assert_not_called()

    def test_replica_count_wait_waits_for_every_replica(self):
        self._replica_set()
        building = dict(fakes.INSTANCE, status='BUILD')
        self.use_real_waiter([building, dict(building, status='ACTIVE'),
                              dict(building, status='ACTIVE')])
        parsed = self.parse(self.cmd, ['rc', '--replica-of', 'db1',
                                       '--replica-count', '2', '--wait'],
                            [('wait', True)])
        _columns, data = self.cmd.take_action(parsed)
        self.assertEqual(
            [self.REPLICA_1, self.REPLICA_2],
            [c.args[0] for c in self.instances.wait_for_status.call_args_list])
        self.assertEqual(['ACTIVE', 'ACTIVE'], [row[4] for row in data])

    def test_replica_count_wait_has_one_deadline_for_all(self):
        self._replica_set()
        building = dict(fakes.INSTANCE, status='BUILD')
        clock = self.use_real_waiter([building, building,
                                      dict(building, status='ACTIVE'),
                                      building])
        parsed = self.parse(self.cmd, ['rc', '--replica-of', 'db1',
                                       '--replica-count', '2', '--wait',
                                       '--wait-timeout', '3'],
                            [('wait_timeout', 3)])
        error = self.assertRaises(exceptions.WaitTimeout,
                                  self.cmd.take_action, parsed)
        self.assertEqual(3, clock.now)
        self.assertEqual(
            'Timeout waiting for 1 of 2 database instances to become ACTIVE '
            'after 3s: %s. Only the wait ended: they exist and Trove carries '
            "on with them; follow each with 'openstack database instance "
            "show <id>'" % self.REPLICA_2, str(error))

    def test_replica_count_needs_replica_of(self):
        parsed = self.parse(self.cmd, ['rc', '--flavor', '6',
                                       '--replica-count', '2'],
                            [('replica_count', 2)])
        error = self.assertRaises(SystemExit, self.cmd.take_action, parsed)
        self.assertEqual(2, error.code)
        self.assertNoManagerCalls()

    def test_replica_count_refuses_a_one_record_format(self):
        from cliff.formatters import shell
        self.cmd.formatter = shell.ShellFormatter()
        parsed = self.parse(self.cmd, ['rc', '--replica-of', 'db1',
                                       '--replica-count', '2', '-f', 'shell'],
                            [('replica_count', 2)])
        error = self.assertRaises(SystemExit, self.cmd.take_action, parsed)
        self.assertEqual(2, error.code)
        self.assertNoManagerCalls()

    def test_replica_needs_no_flavor_and_resolves_its_source(self):
        self.instances.find.return_value = fakes.instance()
        parsed = self.parse(self.cmd, ['rep', '--replica-of', 'db1',
                                       '--replica-count', '2',
                                       '--locality', 'anti-affinity'],
                            [('replica_of', 'db1'), ('replica_count', 2)])
        self.cmd.take_action(parsed)
        self.instances.find.assert_called_once_with('db1')
        self.flavors.with_ref.assert_not_called()
        self.instances.create.assert_called_once_with(
            'rep', **self._create_kwargs(
                flavor_id=None, volume=None, replica_of=fakes.INSTANCE_ID,
                replica_count=2, locality='anti-affinity'))

    def test_no_flavor_and_no_replica_source_exits_2_before_any_call(self):
        parsed = self.parse(self.cmd, ['db1', '--size', '1'], [('size', 1)])
        error = self.assertRaises(SystemExit, self.cmd.take_action, parsed)
        self.assertEqual(2, error.code)
        self.assertNoManagerCalls()

    def test_a_second_nic_exits_2_before_any_call(self):
        parsed = self.parse(self.cmd, ['db1', '--flavor', '6', '--nic',
                                       'net-id=a', '--nic', 'net-id=b'],
                            [('nics', [{'net-id': 'a'}, {'net-id': 'b'}])])
        error = self.assertRaises(SystemExit, self.cmd.take_action, parsed)
        self.assertEqual(2, error.code)
        self.assertNoManagerCalls()

    def test_the_library_rules_are_usage_errors_before_any_call(self):
        for arglist, message in (
                (['--volume-type', 'ssd'], '--volume-type needs --size'),
                (['--datastore-version-number', '5.7'],
                 '--datastore-version-number needs --datastore-version'),
                (['--size', '1', '--nic', 'net-id=a', '--nic', 'net-id=b'],
                 'Trove attaches an instance to one network; 2 NICs were '
                 'given'),
                (['--replica-of', 'db0', '--replica-count', '4', '-f',
                  'json'], 'Invalid replica count 4: at most 3')):
            self.stderr.truncate(0)
            parsed = self.parse(self.cmd, ['db1', '--flavor', '6'] + arglist,
                                [('name', 'db1')])
            error = self.assertRaises(SystemExit, self.cmd.take_action,
                                      parsed)
            self.assertEqual(2, error.code)
            self.assertIn(message, self.stderr.getvalue())
        self.assertNoManagerCalls()

    def test_private_sets_is_public_false(self):
        parsed = self.parse(self.cmd, ['db1', '--flavor', '6', '--private'],
                            [('public', False)])
        self.cmd.take_action(parsed)
        self.assertIs(
            False, self.instances.create.call_args.kwargs['is_public'])

    def test_bad_specs_and_numbers_exit_2(self):
        for arglist in (
                ['db1', '--size', '0'], ['db1', '--size', 'x'],
                ['db1', '--replica-count', '0'], [''],
                ['db1', '--database', ''], ['db1', '--database', 'a,bogus=1'],
                ['db1', '--database', 'a,collate='],
                ['db1', '--user', 'bob'], ['db1', '--user', 'name='],
                ['db1', '--user', 'name=bob,pasword=x'],
                ['db1', '--nic', 'bogus=1'], ['db1', '--nic', 'net-id='],
                ['db1', '--allowed-cidr', '10.0.0.0/99'],
                ['db1', '--public', '--private'],
                ['db1', '--locality', 'nearby'],
                ['db1', '--wait-timeout', '0']):
            self.assertParseFails(self.cmd, arglist)
        self.assertNoManagerCalls()

    def test_legacy_users_split_at_the_first_colon(self):
        parsed = self.parse(self.cmd, ['db1', '--flavor', '6', '--users',
                                       'bob:pa:ss'],
                            [('password_prompt', False)])
        self.assertEqual('pa:ss', parsed.users[0].password.reveal())
        for bad in ('bob', ':pw', 'bob:'):
            self.assertParseFails(self.cmd, ['db1', '--users', bad])
        self.assertIn('expected <user:password>', self.stderr.getvalue())

    def test_blank_passwords_are_refused_without_echoing_them(self):
        for secret in ('   ', '!!!***'):
            self.assertParseFails(
                self.cmd, ['db1', '--user', 'name=bob,password=' + secret])
        self.assertNotIn('!!!***', self.stderr.getvalue())
        self.assertIn("password of user 'bob'", self.stderr.getvalue())

    def test_password_may_hold_commas_and_equals_signs(self):
        parsed = self.parse(
            self.cmd, ['db1', '--user', 'name=bob,password=a,b=c,host=%'],
            [('name', 'db1')])
        self.assertEqual('a,b=c', parsed.users[0].password.reveal())
        self.assertEqual('%', parsed.users[0].host)

    def test_passwords_are_masked_in_the_parsed_arguments(self):
        parsed = self.parse(
            self.cmd, ['db1', '--user', 'name=bob,password=Sekr1t',
                       '--users', 'al:Sekr2t'],
            [('name', 'db1')])
        shown = repr(parsed) + str(parsed) + '%s %r' % (parsed.users,
                                                        parsed.users)
        self.assertNotIn('Sekr1t', shown)
        self.assertNotIn('Sekr2t', shown)
        self.assertIn("password='***'", shown)

    def test_user_without_password_and_no_source_exits_2(self):
        parsed = self.parse(self.cmd, ['db1', '--flavor', '6', '--user',
                                       'name=bob'],
                            [('password_prompt', False),
                             ('password_file', None)])
        error = self.assertRaises(SystemExit, self.cmd.take_action, parsed)
        self.assertEqual(2, error.code)
        self.instances.create.assert_not_called()

    def test_password_prompt_and_file_are_mutually_exclusive(self):
        self.assertParseFails(self.cmd, ['db1', '--user', 'name=bob',
                                         '--password-prompt',
                                         '--password-file', '-'])

    def test_password_prompt_asks_twice_on_a_terminal(self):
        self.app.stdin = fakes.TTYInput()
        parsed = self.parse(self.cmd, ['db1', '--flavor', '6', '--user',
                                       'name=bob', '--password-prompt'],
                            [('password_prompt', True)])
        with mock.patch('getpass.getpass',
                        side_effect=['Pw1', 'Pw1']) as getpass:
            self.cmd.take_action(parsed)
        self.assertEqual(2, getpass.call_count)
        self.assertEqual('Pw1', self.instances.create.call_args.kwargs[
            'users'][0]['password'])

    def test_password_prompt_asks_again_after_a_mismatch(self):
        self.app.stdin = fakes.TTYInput()
        parsed = self.parse(self.cmd, ['db1', '--flavor', '6', '--user',
                                       'name=bob', '--password-prompt'],
                            [('password_prompt', True)])
        with mock.patch('getpass.getpass',
                        side_effect=['Pw1', 'Pw2', 'Pw3', 'Pw3']), \
                mock.patch('builtins.print'):
            self.cmd.take_action(parsed)
        self.assertEqual('Pw3', self.instances.create.call_args.kwargs[
            'users'][0]['password'])

    def test_password_prompt_without_a_terminal_fails_cleanly(self):
        parsed = self.parse(self.cmd, ['db1', '--flavor', '6', '--user',
                                       'name=bob', '--password-prompt'],
                            [('password_prompt', True)])
        error = self.assertRaises(osc_exceptions.CommandError,
                                  self.cmd.take_action, parsed)
        self.assertEqual('No terminal detected attempting to read password',
                         str(error))
        self.instances.create.assert_not_called()

    def test_password_file_dash_reads_stdin_and_strips_line_ends(self):
        self.app.stdin = io.StringIO('Pw 1\r\nPw2\n')
        parsed = self.parse(self.cmd, ['db1', '--flavor', '6', '--user',
                                       'name=a', '--user',
                                       'name=b,password=Given1',
                                       '--user', 'name=c',
                                       '--password-file', '-'],
                            [('password_file', '-')])
        self.cmd.take_action(parsed)
        users = self.instances.create.call_args.kwargs['users']
        self.assertEqual(['Pw 1', 'Given1', 'Pw2'],
                         [u['password'] for u in users])

    def test_password_file_is_read_from_a_path(self):
        path = self.useFixture(fixtures.TempDir()).path + '/pw'
        with open(path, 'w') as stream:
            stream.write('FromFile1\n')
        parsed = self.parse(self.cmd, ['db1', '--flavor', '6', '--user',
                                       'name=a', '--password-file', path],
                            [('password_file', path)])
        self.cmd.take_action(parsed)
        self.assertEqual('FromFile1', self.instances.create.call_args.kwargs[
            'users'][0]['password'])

    def test_password_file_with_the_wrong_count_fails_without_a_call(self):
        self.app.stdin = io.StringIO('Only1\n')
        parsed = self.parse(self.cmd, ['db1', '--flavor', '6', '--user',
                                       'name=a', '--user', 'name=b',
                                       '--password-file', '-'],
                            [('password_file', '-')])
        error = self.assertRaises(osc_exceptions.CommandError,
                                  self.cmd.take_action, parsed)
        self.assertNotIn('Only1', str(error))
        self.instances.create.assert_not_called()
        # Issue 15 item 13: it said "- has 1 password(s) ..."
        self.assertEqual('standard input has 1 password(s) for 2 user(s) '
                         'without one', str(error))

    def test_missing_password_file_fails_with_one_line(self):
        parsed = self.parse(self.cmd, ['db1', '--flavor', '6', '--user',
                                       'name=a', '--password-file',
                                       '/nonexistent/pw'],
                            [('password_file', '/nonexistent/pw')])
        error = self.assertRaises(osc_exceptions.CommandError,
                                  self.cmd.take_action, parsed)
        self.assertIn('/nonexistent/pw', str(error))

    def test_blank_password_from_a_file_exits_2(self):
        self.app.stdin = io.StringIO('   \n')
        parsed = self.parse(self.cmd, ['db1', '--flavor', '6', '--user',
                                       'name=a', '--password-file', '-'],
                            [('password_file', '-')])
        error = self.assertRaises(SystemExit, self.cmd.take_action, parsed)
        self.assertEqual(2, error.code)
        self.instances.create.assert_not_called()

    def test_password_sources_without_a_passwordless_user_exit_2(self):
        parsed = self.parse(self.cmd, ['db1', '--flavor', '6',
                                       '--password-prompt'],
                            [('password_prompt', True)])
        self.assertRaises(SystemExit, self.cmd.take_action, parsed)

    def test_wait_shows_progress_and_returns_the_active_instance(self):
        building = dict(fakes.INSTANCE, status='BUILD', operating_status='')
        self.use_real_waiter([building, building,
                              dict(fakes.INSTANCE, status='ACTIVE')])
        parsed = self.parse(self.cmd, ['db1', '--flavor', '6', '--wait'],
                            [('wait', True), ('wait_timeout', 1800)])
        columns, data = self.cmd.take_action(parsed)
        self.assertEqual('ACTIVE', dict(zip(columns, data))['status'])
        progress = self.app.stderr.getvalue().splitlines()
        self.assertEqual(
            ['Waiting for database instance %s: status BUILD, operating '
             'status -, 0s elapsed' % fakes.INSTANCE_ID,
             'Waiting for database instance %s: status ACTIVE, operating '
             'status HEALTHY, 4s elapsed' % fakes.INSTANCE_ID], progress)

    def test_wait_fails_at_once_on_error_with_the_fault(self):
        failed = dict(fakes.INSTANCE, status='ERROR',
                      fault={'message': 'Service not active'})
        clock = self.use_real_waiter([failed])
        parsed = self.parse(self.cmd, ['db1', '--flavor', '6', '--wait'],
                            [('wait', True)])
        error = self.assertRaises(exceptions.ResourceFailure,
                                  self.cmd.take_action, parsed)
        self.assertIn('ERROR: Service not active', str(error))
        self.assertEqual([], clock.sleeps)

    def test_wait_timeout_ends_the_wait_with_an_error(self):
        building = dict(fakes.INSTANCE, status='BUILD')
        clock = self.use_real_waiter(itertools.repeat(building))
        parsed = self.parse(self.cmd, ['db1', '--flavor', '6', '--wait',
                                       '--wait-timeout', '7'],
                            [('wait_timeout', 7)])
        error = self.assertRaises(exceptions.WaitTimeout,
                                  self.cmd.take_action, parsed)
        self.assertIn('Timeout waiting for database instance', str(error))
        self.assertEqual(7, clock.now)

    def test_wait_timeout_says_the_instance_goes_on_and_how_to_follow(self):
        # Issue 15 item 10: the timeout named neither.
        building = dict(fakes.INSTANCE, status='BUILD')
        self.use_real_waiter(itertools.repeat(building))
        parsed = self.parse(self.cmd, ['db1', '--flavor', '6', '--wait',
                                       '--wait-timeout', '1'],
                            [('wait_timeout', 1)])
        error = self.assertRaises(exceptions.WaitTimeout,
                                  self.cmd.take_action, parsed)
        self.assertEqual(
            'Timeout waiting for database instance %(id)s to become ACTIVE '
            'after 1s (last status: BUILD). Only the wait ended: it exists '
            "and Trove carries on with it; follow it with 'openstack "
            "database instance show %(id)s'" % {'id': fakes.INSTANCE_ID},
            str(error))


class TestDeleteDatabaseInstance(fakes.TestDatabaseCommand):

    def setUp(self):
        super().setUp()
        self.cmd = cmds.DeleteDatabaseInstance(self.app, None)
        self.a = fakes.instance(id='id-a', name='a')
        self.c = fakes.instance(id='id-c', name='c')

    def test_one_delete(self):
        self.listing = [self.a]
        parsed = self.parse(self.cmd, ['a'], [('instances', ['a']),
                                              ('force', False)])
        self.assertIsNone(self.cmd.take_action(parsed))
        self.instances.delete.assert_called_once_with(self.a)

    def test_keeps_going_past_failures_and_counts_them(self):
        self.listing = [self.a, self.c]  # and no 'b'
        self.instances.delete.side_effect = [
            None, exceptions.Conflict('Instance is busy', http_status=409,
                                      request_id='req-1')]
        parsed = self.parse(self.cmd, ['a', 'b', 'c'],
                            [('instances', ['a', 'b', 'c'])])
        with self.assertLogs(self.cmd.log, logging.ERROR) as logs:
            error = self.assertRaises(osc_exceptions.CommandError,
                                      self.cmd.take_action, parsed)
        self.assertEqual('2 of 3 database instances failed to delete.',
                         str(error))
        self.assertEqual([mock.call(self.a), mock.call(self.c)],
                         self.instances.delete.call_args_list)
        self.assertEqual(2, len(logs.output))
        self.assertIn("'b': No database instance with a name or ID of 'b'",
                      logs.output[0])
        self.assertIn("'c': Instance is busy (HTTP 409) (Request-ID: req-1)",
                      logs.output[1])

    def test_force_resets_the_status_first(self):
        self.listing = [self.a]
        parsed = self.parse(self.cmd, ['a', '--force'], [('force', True)])
        self.cmd.take_action(parsed)
        self.instances.force_delete.assert_called_once_with(self.a)
        self.instances.delete.assert_not_called()

    def test_force_delete_alias_always_forces(self):
        cmd = cmds.ForceDeleteDatabaseInstance(self.app, None)
        self.listing = [self.a]
        parsed = self.parse(cmd, ['a'], [('instances', ['a'])])
        cmd.take_action(parsed)
        self.instances.force_delete.assert_called_once_with(self.a)

    def test_force_delete_partial_failure_is_counted(self):
        cmd = cmds.ForceDeleteDatabaseInstance(self.app, None)
        self.listing = [self.a]  # and no 'b'
        parsed = self.parse(cmd, ['a', 'b'], [('instances', ['a', 'b'])])
        with self.assertLogs(cmd.log, logging.ERROR):
            error = self.assertRaises(osc_exceptions.CommandError,
                                      cmd.take_action, parsed)
        self.assertEqual('1 of 2 database instances failed to delete.',
                         str(error))

    def test_wait_on_several_polls_one_listing_for_all(self):
        self.listing = [self.a, self.c]
        shutdown = dict(fakes.INSTANCE, id='id-a', status='SHUTDOWN')
        self.use_real_many_waiter([[shutdown, dict(shutdown, id='id-c')],
                                   [shutdown], []])
        parsed = self.parse(self.cmd, ['a', 'c', '--wait'], [('wait', True)])
        self.cmd.take_action(parsed)
        self.instances.wait_for_delete_many.assert_called_once_with(
            [self.a, self.c], timeout=1800, callback=mock.ANY,
            all_projects=False)
        self.instances.wait_for_delete.assert_not_called()
        self.assertEqual('0 of 2 deleted, 2 SHUTDOWN, 0 failed, 0 s\n'
                         '1 of 2 deleted, 1 SHUTDOWN, 0 failed, 2 s\n'
                         '2 of 2 deleted, 0 failed, 4 s\n',
                         self.app.stderr.getvalue())

    def test_wait_still_waits_for_the_deleted_ones_after_a_failure(self):
        self.listing = [self.a]  # and no 'b'
        self.use_real_many_waiter([[]])
        parsed = self.parse(self.cmd, ['b', 'a', '--wait'], [('wait', True)])
        with self.assertLogs(self.cmd.log, logging.ERROR):
            error = self.assertRaises(osc_exceptions.CommandError,
                                      self.cmd.take_action, parsed)
        self.assertEqual('1 of 2 database instances failed to delete.',
                         str(error))
        self.instances.wait_for_delete_many.assert_called_once_with(
            [self.a], timeout=1800, callback=mock.ANY, all_projects=False)

    def test_wait_timeout_on_delete_exits_1(self):
        # A UUID, as Trove's IDs are: the wait polls it by ID (another
        # value is a name, looked up first).
        self.a = fakes.instance(id=fakes.INSTANCE_ID, name='a')
        self.listing = [self.a]
        clock = self.use_real_waiter(itertools.repeat(
            dict(fakes.INSTANCE, status='SHUTDOWN')))
        parsed = self.parse(self.cmd, ['a', '--wait', '--wait-timeout', '4'],
                            [('wait_timeout', 4)])
        error = self.assertRaises(exceptions.WaitTimeout,
                                  self.cmd.take_action, parsed)
        self.assertIn('to be deleted', str(error))
        self.assertEqual(4, clock.now)
        self.assertTrue(str(error).endswith(
            "Only the wait ended: Trove carries on deleting it; follow it "
            "with 'openstack database instance show %s'" % self.a.id),
            str(error))

    def test_no_instance_exits_2(self):
        self.assertParseFails(self.cmd, [])
        self.assertParseFails(self.cmd, ['a', ''])


class TestSetDatabaseInstance(fakes.TestDatabaseCommand):

    def setUp(self):
        super().setUp()
        self.cmd = cmds.SetDatabaseInstance(self.app, None)
        self.inst = fakes.instance()
        self.instances.find.return_value = self.inst

    def _run(self, arglist, verifylist=()):
        parsed = self.parse(self.cmd, [fakes.INSTANCE_ID] + arglist,
                            list(verifylist) or [('instance',
                                                  fakes.INSTANCE_ID)])
        return self.cmd.take_action(parsed)

    def test_rename(self):
        self._run(['--name', 'db9'], [('name', 'db9')])
        self.instances.update.assert_called_once_with(self.inst, name='db9')

    def test_attach_configuration_by_name(self):
        self.configurations.find.return_value = fakes.configuration()
        self._run(['--configuration', 'cfg', '--name', 'db9'])
        self.instances.update.assert_called_once_with(
            self.inst, name='db9', configuration=fakes.CONFIGURATION_ID)

    def test_detach_configuration_with_either_name(self):
        for option in ('--no-configuration', '--remove-configuration'):
            self.instances.update.reset_mock()
            self._run([option], [('no_configuration', True)])
            self.instances.update.assert_called_once_with(
                self.inst, name=None, remove_configuration=True)

    def test_detach_replica_source(self):
        self._run(['--detach-replica-source'])
        self.instances.update.assert_called_once_with(
            self.inst, name=None, detach_replica_source=True)

    def test_public_keeps_the_current_networks(self):
        self._run(['--public'], [('public', True)])
        self.instances.update.assert_called_once_with(
            self.inst, name=None, is_public=True,
            allowed_cidrs=['10.0.0.0/24'])

    def test_allowed_cidr_is_added_to_the_current_ones(self):
        self._run(['--allowed-cidr', '192.168.0.0/16', '--allowed-cidr',
                   '10.0.0.0/24'])
        self.instances.update.assert_called_once_with(
            self.inst, name=None, is_public=False,
            allowed_cidrs=['10.0.0.0/24', '192.168.0.0/16'])

    def test_no_allowed_cidr_replaces_the_networks(self):
        self._run(['--no-allowed-cidr', '--allowed-cidr', '192.168.0.0/16',
                   '--is-public'], [('public', True)])
        self.instances.update.assert_called_once_with(
            self.inst, name=None, is_public=True,
            allowed_cidrs=['192.168.0.0/16'])

    def test_two_changes_at_once_exit_2_without_a_call(self):
        parsed = self.parse(self.cmd, ['db1', '--no-configuration',
                                       '--private'],
                            [('no_configuration', True), ('public', False)])
        error = self.assertRaises(SystemExit, self.cmd.take_action, parsed)
        self.assertEqual(2, error.code)
        self.assertNoManagerCalls()

    def test_nothing_to_change_exits_2(self):
        parsed = self.parse(self.cmd, ['db1'], [('instance', 'db1')])
        self.assertRaises(SystemExit, self.cmd.take_action, parsed)
        self.assertNoManagerCalls()

    def test_public_and_private_together_exit_2(self):
        self.assertParseFails(self.cmd, ['db1', '--public', '--private'])

    def _usage_error(self, arglist, verifylist):
        stderr = io.StringIO()
        self.useFixture(fixtures.MonkeyPatch('sys.stderr', stderr))
        parsed = self.parse(self.cmd, ['db1'] + arglist, verifylist)
        error = self.assertRaises(SystemExit, self.cmd.take_action, parsed)
        self.assertEqual(2, error.code)
        self.assertNoManagerCalls()
        return stderr.getvalue()

    def test_the_library_conflict_is_worded_with_the_options(self):
        message = self._usage_error(
            ['--name', 'n', '--configuration', 'c', '--no-allowed-cidr'],
            [('no_allowed_cidr', True)])
        self.assertIn('only one of --configuration, --public/--private/'
                      '--allowed-cidr/--no-allowed-cidr can be changed at a '
                      'time (with or without --name)', message)

    def test_nothing_to_change_names_every_option(self):
        message = self._usage_error([], [('instance', 'db1')])
        self.assertIn('nothing to change: give --name, --configuration, '
                      '--no-configuration, --detach-replica-source, '
                      '--public/--private or '
                      '--allowed-cidr/--no-allowed-cidr', message)


class TestInstanceActions(fakes.TestDatabaseCommand):
    """Every one-instance action: the call it makes and its --wait."""

    def setUp(self):
        super().setUp()
        self.inst = fakes.instance()
        self.instances.find.return_value = self.inst
        self.listing = [self.inst]
        self.flavor_listing = [fakes.flavor(id=7, str_id='7', name='big')]
        self.versions.find.return_value = fakes.version(id='v-8', name='8.0',
                                                        version='8.0.36')

    # (command, extra arguments, manager method, extra call arguments)
    ACTIONS = (
        (cmds.RestartDatabaseInstance, [], 'restart', ()),
        (cmds.ResizeDatabaseInstanceFlavor, ['big'], 'resize_instance',
         ('7',)),
        (cmds.ResizeDatabaseInstanceVolume, ['5'], 'resize_volume', (5,)),
        # (the version found, which upgrade sends by ID)
        (cmds.UpgradeDatabaseInstance, ['8.0'], 'upgrade',
         (fakes.version(id='v-8'),)),
        (cmds.ResetDatabaseInstanceStatus, [], 'reset_status', ()),
        (cmds.PromoteDatabaseInstance, [], 'promote_to_replica_source', ()),
        (cmds.EjectDatabaseInstance, [], 'eject_replica_source', ()),
        (cmds.DetachDatabaseInstance, [], 'detach_replica', ()),
        (cmds.RebootDatabaseInstance, [], 'reboot', ()),
        (cmds.RebuildDatabaseInstance, ['img-1'], 'rebuild', ('img-1',)),
    )

    def test_each_action_finds_the_instance_and_calls_its_method(self):
        for cls, extra, method, args in self.ACTIONS:
            self.instances.reset_mock()
            del self.listed[:]
            cmd = cls(self.app, None)
            parsed = self.parse(cmd, ['db1'] + extra, [('instance', 'db1')])
            self.assertIsNone(cmd.take_action(parsed))
            admin = cls in (cmds.RebootDatabaseInstance,
                            cmds.RebuildDatabaseInstance)
            if cmd.needs_instance:
                self.instances.find.assert_called_once_with('db1')
            else:
                # found by one scan; admin actions find a name in every
                # project
                self.assertEqual([admin], self.listed)
            getattr(self.instances, method).assert_called_once_with(
                self.inst, *args)
            self.instances.wait_for_status.assert_not_called()

    def test_flavor_and_version_are_resolved_by_name(self):
        cmd = cmds.ResizeDatabaseInstanceFlavor(self.app, None)
        cmd.take_action(self.parse(cmd, ['db1', 'big'], [('flavor', 'big')]))
        self.flavors.with_ref.assert_called_once_with('big', mock.ANY)
        self.instances.resize_instance.assert_called_once_with(self.inst, '7')
        cmd = cmds.UpgradeDatabaseInstance(self.app, None)
        cmd.take_action(self.parse(cmd, ['db1', '8.0'],
                                   [('datastore_version', '8.0')]))
        self.versions.find.assert_called_once_with('8.0', datastore='mysql')

    def test_every_waitable_action_waits_until_active_or_settled(self):
        for cls, extra, _method, _args in self.ACTIONS:
            cmd = cls(self.app, None)
            if not cmd.can_wait:
                self.assertParseFails(cmd, ['db1'] + extra + ['--wait'])
                continue
            self.use_real_waiter([dict(fakes.INSTANCE, status='RESIZE'),
                                  dict(fakes.INSTANCE, status='ACTIVE')])
            parsed = self.parse(cmd, ['db1'] + extra + ['--wait'],
                                [('wait', True)])
            cmd.take_action(parsed)
            self.assertEqual(fakes.INSTANCE_ID,
                             self.instances.wait_for_status.call_args.args[0])

    def test_wait_fails_on_error_with_the_fault_message(self):
        for cls, extra, _method, _args in self.ACTIONS:
            cmd = cls(self.app, None)
            if not cmd.can_wait or cls.wait_failures == ():
                continue
            self.use_real_waiter([dict(fakes.INSTANCE, status='ERROR',
                                       fault={'message': 'disk full'})])
            parsed = self.parse(cmd, ['db1'] + extra + ['--wait'],
                                [('wait', True)])
            error = self.assertRaises(exceptions.ResourceFailure,
                                      cmd.take_action, parsed)
            self.assertIn('disk full', str(error))

    def test_reset_status_and_eject_accept_error_as_settled(self):
        for cls in (cmds.ResetDatabaseInstanceStatus,
                    cmds.EjectDatabaseInstance):
            cmd = cls(self.app, None)
            self.use_real_waiter([dict(fakes.INSTANCE, status='EJECT'),
                                  dict(fakes.INSTANCE, status='ERROR')])
            cmd.take_action(self.parse(cmd, ['db1', '--wait'],
                                       [('wait', True)]))

    def test_wait_timeout_exits_with_a_timeout_error(self):
        for cls, extra, _method, _args in self.ACTIONS:
            cmd = cls(self.app, None)
            if not cmd.can_wait:
                continue
            clock = self.use_real_waiter(itertools.repeat(
                dict(fakes.INSTANCE, status='RESIZE')))
            parsed = self.parse(cmd, ['db1'] + extra +
                                ['--wait', '--wait-timeout', '3'],
                                [('wait_timeout', 3)])
            error = self.assertRaises(exceptions.WaitTimeout,
                                      cmd.take_action, parsed)
            self.assertEqual(3, clock.now)
            self.assertIn("Only the wait ended: it exists and Trove carries "
                          "on with it; follow it with 'openstack database "
                          "instance show ", str(error))

    def test_bad_sizes_exit_2(self):
        cmd = cmds.ResizeDatabaseInstanceVolume(self.app, None)
        for size in ('0', '-2', 'big', ''):
            self.assertParseFails(cmd, ['db1', size])
        self.assertNoManagerCalls()

    def test_progress_rewrites_one_line_on_a_terminal(self):
        stream = fakes.TTYInput()
        progress = common.Progress(stream, 'Waiting')
        progress(fakes.instance(status='RESIZE'), 1.2)
        progress(fakes.instance(status='ACTIVE'), 3.9)
        progress.done()
        text = stream.getvalue()
        self.assertEqual(2, text.count('\r'))
        self.assertTrue(text.endswith('3s elapsed\x1b[K\n'))
