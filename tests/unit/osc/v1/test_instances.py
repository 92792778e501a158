"""troveclient_osc.osc.v1.instances: ``openstack database instance list``,
``show``, ``set`` and ``delete``."""

import io
import itertools
import logging
from unittest import mock

import fixtures
from osc_lib.cli import format_columns
from osc_lib import exceptions as osc_exceptions

from troveclient_osc import base
from troveclient_osc import exceptions
from tests.unit.osc import fakes
from troveclient_osc.osc.v1 import instances as cmds

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

    def test_limit_with_a_filter_reads_whole_pages(self):
        # Issue 23 item 12: the marker is printed only when more instances
        # match. With a filter every page is read at Trove's size (a
        # filter may keep few of them), and the marker to go on from is
        # the ID of the last instance shown.
        self.instances.list.side_effect = [
            fakes.page([self.one, self.two], next='m1'),
            fakes.page([fakes.instance(id='x3', name='db2')], next='m2'),
            fakes.page([fakes.instance(id='x4', name='db2')], next='m3')]
        parsed = self.parse(self.cmd, ['--limit', '2', '--name', 'db2'],
                            [('limit', 2), ('name', 'db2')])
        with self.assertLogs(self.cmd.log, logging.WARNING) as logs:
            _columns, data = self.cmd.take_action(parsed)
        self.assertEqual([fakes.INSTANCE_ID_2, 'x3'], [r[0] for r in data])
        self.assertEqual([None, None, None],
                         [c.kwargs['limit'] for c in
                          self.instances.list.call_args_list])
        self.assertEqual([None, 'm1', 'm2'],
                         [c.kwargs['marker'] for c in
                          self.instances.list.call_args_list])
        self.assertEqual(1, len(logs.output))
        self.assertIn('continue with --marker x3', logs.output[0])

    def test_limit_with_a_filter_prints_no_marker_when_nothing_more_matches(
            self):
        # Issue 23 item 12: 'list --name dup --limit 1' said more were
        # available when the next page had no 'dup'.
        self.instances.list.side_effect = [
            fakes.page([fakes.instance(id='x1', name='dup')], next='m1'),
            fakes.page([fakes.instance(id='x%d' % n, name='other')
                        for n in range(2, 5)], next='m4'),
            fakes.page([fakes.instance(id='x5', name='other')])]
        parsed = self.parse(self.cmd, ['--limit', '1', '--name', 'dup'],
                            [('limit', 1), ('name', 'dup')])
        with self.assertNoLogs(self.cmd.log, logging.WARNING):
            _columns, data = self.cmd.take_action(parsed)
        self.assertEqual(['x1'], [r[0] for r in data])
        self.assertEqual([(None, None), (None, 'm1'), (None, 'm4')],
                         [(c.kwargs['limit'], c.kwargs['marker'])
                          for c in self.instances.list.call_args_list])

    def test_limit_with_a_filter_gives_the_marker_after_the_last_shown(self):
        # The pages read to find a further match are not skipped: the
        # marker is the ID of the last instance shown.
        self.instances.list.side_effect = [
            fakes.page([fakes.instance(id='x1', name='dup')], next='m1'),
            fakes.page([fakes.instance(id='x2', name='other')], next='m2'),
            fakes.page([fakes.instance(id='x3', name='dup')], next='m3')]
        parsed = self.parse(self.cmd, ['--limit', '1', '--name', 'dup'],
                            [('limit', 1), ('name', 'dup')])
        with self.assertLogs(self.cmd.log, logging.WARNING) as logs:
            self.cmd.take_action(parsed)
        self.assertEqual(3, self.instances.list.call_count)
        self.assertEqual(['WARNING:%s:More database instances are available: '
                          'continue with --marker x1' % self.cmd.log.name],
                         logs.output)

    def test_limit_with_a_filter_on_the_last_page_reads_no_further(self):
        self.instances.list.return_value = fakes.page(
            [fakes.instance(id='x1', name='dup')])
        parsed = self.parse(self.cmd, ['--limit', '1', '--name', 'dup'],
                            [('limit', 1), ('name', 'dup')])
        with self.assertNoLogs(self.cmd.log, logging.WARNING):
            self.cmd.take_action(parsed)
        self.instances.list.assert_called_once()

    def test_limit_walk_refuses_pages_that_overlap(self):
        # Issue 25's leftover: the --limit/--marker walk is the library's
        # checked walk, which refuses an instance seen on an earlier page.
        self.instances.list.side_effect = [
            fakes.page([self.one], next='m1'),
            fakes.page([self.one, self.two], next='m2')]
        parsed = self.parse(self.cmd, ['--limit', '5'], [('limit', 5)])
        error = self.assertRaises(exceptions.EndlessPagination,
                                  self.cmd.take_action, parsed)
        self.assertIn("page 2 of database instances repeats the item '%s'"
                      % fakes.INSTANCE_ID, str(error))
        self.assertEqual(2, self.instances.list.call_count)

    def test_a_repeated_marker_stops_the_listing(self):
        # A new instance on each page: the marker is what repeats.
        self.instances.list.side_effect = [
            fakes.page([self.one], next='m1'),
            fakes.page([self.two], next='m1')]
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

    def test_a_status_trove_never_gives_exits_2_before_any_call(self):
        # Issue 23 item 8: '--status ACTVE' listed nothing, exit 0.
        for status in ('ACTVE', 'HEALTHY', 'active ', ''):
            self.assertParseFails(self.cmd, ['--status', status])
        self.assertNoManagerCalls()

    def test_every_status_trove_gives_is_accepted_in_any_case(self):
        from troveclient_osc.v1 import instances as v1_instances
        for status in v1_instances.STATUSES:
            for typed in (status, status.lower()):
                self.parse(self.cmd, ['--status', typed], [('status', typed)])

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
        # it prints nothing (no columns): only its --dry-run prints
        self.assertEqual(((), ()), self.cmd.take_action(parsed))
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
        # one wait on the outcomes of the deletes, for the two deleted
        self.assertEqual([['id-a', 'id-c']], self.waits)
        outcomes = self.instances.wait_for_outcomes.call_args.args[0]
        self.assertEqual(['a', 'c'], [o.target for o in outcomes])
        self.assertEqual(
            mock.call(outcomes, None, failures=None, timeout=1800,
                      callback=mock.ANY),
            self.instances.wait_for_outcomes.call_args)
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
        # the one deleted, polled by its ID
        self.assertEqual([['id-a']], self.waits)

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
        error = self.assertRaises(SystemExit, self.cmd.run, parsed)
        self.assertEqual(2, error.code)
        self.assertNoManagerCalls()

    def test_nothing_to_change_exits_2(self):
        parsed = self.parse(self.cmd, ['db1'], [('instance', 'db1')])
        self.assertRaises(SystemExit, self.cmd.run, parsed)
        self.assertNoManagerCalls()

    def test_public_and_private_together_exit_2(self):
        self.assertParseFails(self.cmd, ['db1', '--public', '--private'])

    def _usage_error(self, arglist, verifylist):
        stderr = io.StringIO()
        self.useFixture(fixtures.MonkeyPatch('sys.stderr', stderr))
        parsed = self.parse(self.cmd, ['db1'] + arglist, verifylist)
        error = self.assertRaises(SystemExit, self.cmd.run, parsed)
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


class TestWaitDatabaseInstance(fakes.TestDatabaseCommand):
    """``database instance wait``: the library's waits (the request counts
    are in tests/unit/osc/test_instance_wait.py)."""

    def setUp(self):
        super().setUp()
        self.cmd = cmds.WaitDatabaseInstance(self.app, None)

    def test_statuses_repeat_or_take_commas_in_any_case(self):
        self.listing = [fakes.instance()]
        self.use_real_waiter([fakes.INSTANCE])
        parsed = self.parse(
            self.cmd, ['db1', '--status', 'active,Shutdown', '--status',
                       'ERROR', '--wait-timeout', '60'],
            [('statuses', ['ACTIVE', 'SHUTDOWN', 'ERROR']),
             ('deleted', False), ('wait_timeout', 60)])
        self.cmd.take_action(parsed)
        # the library's lookup, then its wait on what it found; ERROR is
        # asked for: only FAILED ends the wait otherwise
        self.instances.resolve.assert_called_once_with(['db1'])
        self.assertEqual([[fakes.INSTANCE_ID]], self.waits)
        self.instances.wait_for_outcomes.assert_called_once_with(
            mock.ANY, ('ACTIVE', 'SHUTDOWN', 'ERROR'), failures=('FAILED',),
            timeout=60, callback=mock.ANY)

    def test_deleted_is_the_librarys_wait_until_gone(self):
        self.listing = [fakes.instance()]
        self.use_real_waiter([None])
        parsed = self.parse(self.cmd, ['db1', '--deleted'],
                            [('deleted', True), ('statuses', None)])
        self.cmd.take_action(parsed)
        self.assertEqual([[fakes.INSTANCE_ID]], self.waits)
        self.instances.wait_for_outcomes.assert_called_once_with(
            mock.ANY, None, failures=None, timeout=1800, callback=mock.ANY)

    def test_a_name_no_instance_has_is_gone_already(self):
        parsed = self.parse(self.cmd, ['db1', '--deleted'],
                            [('deleted', True)])
        self.cmd.take_action(parsed)
        self.instances.wait_for_outcomes.assert_not_called()

    def test_several_are_one_wait_on_what_the_lookup_found(self):
        self.listing = [fakes.instance(),
                        fakes.instance(id=fakes.INSTANCE_ID_2, name='db2')]
        self.use_real_many_waiter([[fakes.INSTANCE,
                                    dict(fakes.INSTANCE,
                                         id=fakes.INSTANCE_ID_2)]])
        parsed = self.parse(self.cmd, ['db1', 'db2', 'db1', '--status',
                                       'ACTIVE'],
                            [('instances', ['db1', 'db2', 'db1'])])
        self.cmd.take_action(parsed)
        self.instances.resolve.assert_called_once_with(['db1', 'db2'])
        self.assertEqual([[fakes.INSTANCE_ID, fakes.INSTANCE_ID_2]],
                         self.waits)
        self.instances.wait_for_outcomes.assert_called_once_with(
            mock.ANY, ('ACTIVE',), failures=('ERROR', 'FAILED'),
            timeout=1800, callback=mock.ANY)

    def test_a_status_trove_has_not_or_none_exits_2(self):
        for args in (['db1', '--status', 'RUNNING'], ['db1'],
                     ['db1', '--deleted', '--status', 'ACTIVE']):
            self.assertParseFails(self.cmd, args)
        self.assertNoManagerCalls()
