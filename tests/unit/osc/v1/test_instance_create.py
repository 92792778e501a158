"""troveclient_osc.osc.v1.instance_create: ``openstack database instance
create``."""

import io
import itertools
from unittest import mock

import fixtures
from osc_lib import exceptions as osc_exceptions

from troveclient_osc import exceptions
from tests.unit.osc import fakes
from troveclient_osc.osc.v1 import instance_create as cmds
from tests.unit.osc.v1.test_instances import LIST_COLUMNS


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
        # one after the other, each by its ID
        self.assertEqual([[self.REPLICA_1], [self.REPLICA_2]], self.waits)
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
        error = self.assertRaises(SystemExit, self.cmd.run, parsed)
        self.assertEqual(2, error.code)
        self.assertNoManagerCalls()

    def test_replica_count_refuses_a_one_record_format(self):
        from cliff.formatters import shell
        self.cmd.formatter = shell.ShellFormatter()
        parsed = self.parse(self.cmd, ['rc', '--replica-of', 'db1',
                                       '--replica-count', '2', '-f', 'shell'],
                            [('replica_count', 2)])
        error = self.assertRaises(SystemExit, self.cmd.run, parsed)
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
        error = self.assertRaises(SystemExit, self.cmd.run, parsed)
        self.assertEqual(2, error.code)
        self.assertNoManagerCalls()

    def test_a_second_nic_exits_2_before_any_call(self):
        parsed = self.parse(self.cmd, ['db1', '--flavor', '6', '--nic',
                                       'net-id=a', '--nic', 'net-id=b'],
                            [('nics', [{'net-id': 'a'}, {'net-id': 'b'}])])
        error = self.assertRaises(SystemExit, self.cmd.run, parsed)
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
            error = self.assertRaises(SystemExit, self.cmd.run,
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
        error = self.assertRaises(SystemExit, self.cmd.run, parsed)
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
        error = self.assertRaises(SystemExit, self.cmd.run, parsed)
        self.assertEqual(2, error.code)
        self.instances.create.assert_not_called()

    def test_password_sources_without_a_passwordless_user_exit_2(self):
        parsed = self.parse(self.cmd, ['db1', '--flavor', '6',
                                       '--password-prompt'],
                            [('password_prompt', True)])
        self.assertRaises(SystemExit, self.cmd.run, parsed)

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


class TestCreateOrShow(fakes.TestDatabaseCommand):
    """--or-show: the library's find_or_create, and what the command says
    of an instance it shows rather than creates."""

    def setUp(self):
        super().setUp()
        self.cmd = cmds.CreateDatabaseInstance(self.app, None)
        self.flavor_listing = [fakes.flavor()]
        self.existing = fakes.instance()

    def test_an_existing_instance_is_shown_with_one_line_on_stderr(self):
        self.instances.find_or_create.return_value = (self.existing, False)
        self.instances.get.return_value = self.existing
        parsed = self.parse(self.cmd, ['db1', '--flavor', 'ds2G', '--size',
                                       '1', '--or-show'],
                            [('or_show', True)])
        with self.assertLogs(self.cmd.log) as logs:
            columns, data = self.cmd.take_action(parsed)
        self.instances.find_or_create.assert_called_once_with(
            'db1', flavor_id='6', volume=1, volume_type=None,
            databases=None, users=None, restore_point=None,
            availability_zone=None, datastore=None, datastore_version=None,
            datastore_version_number=None, nics=None, configuration=None,
            replica_of=None, replica_count=None, modules=None,
            locality=None, is_public=None, allowed_cidrs=None)
        self.instances.create.assert_not_called()
        # shown as show shows it: read by its ID
        self.instances.get.assert_called_once_with(fakes.INSTANCE_ID)
        self.assertEqual(fakes.INSTANCE_ID, dict(zip(columns, data))['id'])
        self.assertEqual(
            ["WARNING:%s:Database instance 'db1' (%s) exists: shown, not "
             'created' % (self.cmd.log.name, fakes.INSTANCE_ID)],
            logs.output)

    def test_what_differs_from_the_options_is_a_warning(self):
        self.instances.find_or_create.return_value = (self.existing, False)
        self.instances.get.return_value = self.existing
        parsed = self.parse(self.cmd, ['db1', '--flavor', '7', '--size',
                                       '3', '--datastore', 'mysql',
                                       '--datastore-version', '8.0',
                                       '--or-show'], [('or_show', True)])
        with self.assertLogs(self.cmd.log) as logs:
            self.cmd.take_action(parsed)
        self.assertEqual(
            'WARNING:%s:It differs from the options given: flavor 6 (asked '
            '7), volume size 1 (asked 3), datastore version 5.7 (asked 8.0)'
            % self.cmd.log.name, logs.output[-1])

    def test_a_new_name_is_created_as_without_it(self):
        made = fakes.instance(status='BUILD')
        self.instances.find_or_create.return_value = (made, True)
        parsed = self.parse(self.cmd, ['db1', '--flavor', '6', '--or-show'],
                            [('or_show', True)])
        columns, data = self.cmd.take_action(parsed)
        self.assertEqual('BUILD', dict(zip(columns, data))['status'])
        self.instances.get.assert_not_called()

    def test_with_wait_the_instance_shown_is_waited_for(self):
        self.instances.find_or_create.return_value = (
            fakes.instance(status='BUILD'), False)
        self.use_real_waiter([dict(fakes.INSTANCE, status='ACTIVE')])
        parsed = self.parse(self.cmd, ['db1', '--flavor', '6', '--or-show',
                                       '--wait'], [('wait', True)])
        columns, data = self.cmd.take_action(parsed)
        self.assertEqual('ACTIVE', dict(zip(columns, data))['status'])

    def test_several_of_that_name_are_the_librarys_error(self):
        self.instances.find_or_create.side_effect = exceptions.NoUniqueMatch(
            "More than one database instance exists with the name 'db1' "
            '(a, b): none was created, and none is chosen')
        parsed = self.parse(self.cmd, ['db1', '--flavor', '6', '--or-show'],
                            [('or_show', True)])
        self.assertRaises(exceptions.NoUniqueMatch, self.cmd.take_action,
                          parsed)
        self.instances.create.assert_not_called()

    def test_replica_count_is_refused_before_any_call(self):
        parsed = self.parse(self.cmd, ['db1', '--replica-of', 'db0',
                                       '--replica-count', '2', '--or-show'],
                            [('or_show', True)])
        self.assertRaises(SystemExit, self.cmd.run, parsed)
        self.assertNoManagerCalls()
