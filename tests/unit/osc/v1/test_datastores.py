"""troveclient_osc.osc.v1.datastores: ``openstack datastore`` and
``datastore version`` commands, and the lookup of a version every command
that names one shares."""

import logging
from unittest import mock

from osc_lib import exceptions as osc_exceptions

from troveclient_osc import exceptions
from troveclient_osc.osc.v1 import datastores as ds_cmds
from troveclient_osc.osc.v1 import flavors as flavor_cmds
from troveclient_osc.osc.v1 import instance_actions as instance_cmds
from tests.unit.osc import fakes


class TestDatastores(fakes.TestDatabaseCommand):

    def test_list_shows_id_and_name(self):
        cmd = ds_cmds.ListDatastores(self.app, None)
        self.datastores.list.return_value = fakes.page([fakes.datastore()])
        columns, data = cmd.take_action(self.parse(cmd, [],
                                                   [('long', False)]))
        self.assertEqual(('ID', 'Name'), columns)
        self.assertEqual([(fakes.DATASTORE_ID, 'mysql')], data)

    def test_list_long_adds_the_default_version_and_the_versions(self):
        cmd = ds_cmds.ListDatastores(self.app, None)
        self.datastores.list.return_value = fakes.page([fakes.datastore()])
        columns, data = cmd.take_action(self.parse(cmd, ['--long'],
                                                   [('long', True)]))
        self.assertEqual(('ID', 'Name', 'Default Version', 'Versions'),
                         columns)
        self.assertEqual('5.7', data[0][2])
        self.assertEqual([{'id': fakes.VERSION_ID, 'name': '5.7'},
                          {'id': 'v2', 'name': '8.0'}],
                         data[0][3].machine_readable())

    def test_show_by_name(self):
        cmd = ds_cmds.ShowDatastore(self.app, None)
        self.datastores.find.return_value = fakes.datastore()
        columns, data = cmd.take_action(self.parse(cmd, ['mysql'],
                                                   [('datastore', 'mysql')]))
        self.datastores.find.assert_called_once_with('mysql')
        shown = dict(zip(columns, data))
        self.assertEqual('5.7', shown['default_version'])
        self.assertEqual(fakes.VERSION_ID, shown['default_version_id'])

    def test_delete_several_keeps_going_past_failures(self):
        cmd = ds_cmds.DeleteDatastore(self.app, None)
        self.datastores.find.side_effect = [
            fakes.datastore(), fakes.not_found('nosql', 'datastore'),
            fakes.datastore(id='d3')]
        self.datastores.delete.side_effect = [
            None, exceptions.Forbidden('Policy does not allow it',
                                       http_status=403)]
        parsed = self.parse(cmd, ['mysql', 'nosql', 'pg'],
                            [('datastores', ['mysql', 'nosql', 'pg'])])
        with self.assertLogs(cmd.log, logging.ERROR) as logs:
            error = self.assertRaises(osc_exceptions.CommandError,
                                      cmd.take_action, parsed)
        self.assertEqual('2 of 3 datastores failed to delete.', str(error))
        self.assertEqual([mock.call(fakes.DATASTORE_ID), mock.call('d3')],
                         self.datastores.delete.call_args_list)
        self.assertEqual(2, len(logs.output))

    def test_delete_a_datastore_given_twice_deletes_it_once(self):
        cmd = ds_cmds.DeleteDatastore(self.app, None)
        self.datastores.find.return_value = fakes.datastore()
        cmd.take_action(self.parse(cmd, ['mysql', 'mysql'],
                                   [('datastores', ['mysql', 'mysql'])]))
        self.datastores.find.assert_called_once_with('mysql')
        self.datastores.delete.assert_called_once_with(fakes.DATASTORE_ID)

    def test_delete_one(self):
        cmd = ds_cmds.DeleteDatastore(self.app, None)
        self.datastores.find.return_value = fakes.datastore()
        cmd.take_action(self.parse(cmd, ['mysql'], [('datastores',
                                                     ['mysql'])]))
        self.datastores.delete.assert_called_once_with(fakes.DATASTORE_ID)


class TestDatastoreVersions(fakes.TestDatabaseCommand):

    def test_list_by_datastore_name(self):
        cmd = ds_cmds.ListDatastoreVersions(self.app, None)
        self.versions.list.return_value = fakes.page([fakes.version()])
        columns, data = cmd.take_action(self.parse(cmd, ['mysql'],
                                                   [('datastore', 'mysql')]))
        self.versions.list.assert_called_once_with('mysql')
        self.datastores.find.assert_not_called()
        # python-troveclient's columns
        self.assertEqual(('ID', 'Name', 'Version'), columns)
        self.assertEqual([(fakes.VERSION_ID, '5.7', '5.7.29')], data)

    def test_list_long_shows_number_active_and_default(self):
        cmd = ds_cmds.ListDatastoreVersions(self.app, None)
        self.datastores.find.return_value = fakes.datastore()
        self.versions.list.return_value = fakes.page(
            [fakes.version(),
             fakes.version(id='v2', name='8.0', version='8.0.1',
                           active=False)])
        columns, data = cmd.take_action(self.parse(cmd, ['mysql', '--long'],
                                                   [('long', True)]))
        self.versions.list.assert_called_once_with(fakes.DATASTORE_ID)
        self.assertEqual(('ID', 'Name', 'Version', 'Active', 'Default'),
                         columns)
        self.assertEqual([(fakes.VERSION_ID, '5.7', '5.7.29', True, True),
                          ('v2', '8.0', '8.0.1', False, False)], data)

    def test_no_version_is_the_default_of_a_datastore_without_one(self):
        cmd = ds_cmds.ListDatastoreVersions(self.app, None)
        self.datastores.find.return_value = fakes.datastore(
            default_version=None)
        self.versions.list.return_value = fakes.page([fakes.version()])
        _columns, data = cmd.take_action(self.parse(cmd, ['mysql', '--long'],
                                                    [('long', True)]))
        self.assertIs(False, data[0][4])

    def test_a_listed_version_without_active_field_is_active(self):
        # Trove lists only active versions to non-admins, without 'active'.
        cmd = ds_cmds.ListDatastoreVersions(self.app, None)
        self.datastores.find.return_value = fakes.datastore()
        self.versions.list.return_value = fakes.page([fakes.version()])
        _columns, data = cmd.take_action(self.parse(cmd, ['mysql', '--long'],
                                                    [('long', True)]))
        self.assertIs(True, data[0][3])

    def test_show_by_name_within_a_datastore(self):
        cmd = ds_cmds.ShowDatastoreVersion(self.app, None)
        self.versions.find.return_value = fakes.version(fakes.MGMT_VERSION)
        self.datastores.find.return_value = fakes.datastore()
        columns, data = cmd.take_action(self.parse(
            cmd, ['5.7', '--datastore', 'mysql'],
            [('datastore_version', '5.7'), ('datastore', 'mysql')]))
        self.versions.find.assert_called_once_with('5.7', datastore='mysql')
        shown = dict(zip(columns, data))
        self.assertEqual(fakes.DATASTORE_ID, shown['datastore_id'])
        self.assertEqual(['trove'], shown['image_tags'].machine_readable())

    def test_show_by_id_alone(self):
        cmd = ds_cmds.ShowDatastoreVersion(self.app, None)
        self.versions.find.return_value = fakes.version()
        self.datastores.find.return_value = fakes.datastore()
        cmd.take_action(self.parse(cmd, [fakes.VERSION_ID],
                                   [('datastore', None)]))
        self.versions.find.assert_called_once_with(fakes.VERSION_ID,
                                                   datastore=None)

    def show_version(self, version, datastore, args=(fakes.VERSION_ID,)):
        cmd = ds_cmds.ShowDatastoreVersion(self.app, None)
        self.versions.find.return_value = version
        self.datastores.find.return_value = datastore
        columns, data = cmd.take_action(self.parse(
            cmd, list(args), [('datastore_version', args[0])]))
        return dict(zip(columns, data))

    def test_show_fills_default_active_and_the_datastore_from_it(self):
        # Issue 22 item 3: default, active and datastore_name were '' for
        # the default version, seen by a member.
        shown = self.show_version(fakes.version(), fakes.datastore(),
                                  ['5.7', '--datastore', 'mysql'])
        self.datastores.find.assert_called_once_with(fakes.DATASTORE_ID)
        self.assertIs(True, shown['default'])
        self.assertIs(True, shown['active'])
        self.assertEqual(('mysql', fakes.DATASTORE_ID, fakes.DATASTORE_ID),
                         (shown['datastore_name'], shown['datastore_id'],
                          shown['datastore']))

    def test_show_says_false_for_another_default_and_an_inactive_one(self):
        # Trove's datastore lists its active versions only.
        shown = self.show_version(
            fakes.version(id='v9', name='9.9'),
            fakes.datastore())
        self.assertIs(False, shown['default'])
        self.assertIs(False, shown['active'])

    def test_show_keeps_what_the_admin_view_says(self):
        shown = self.show_version(
            fakes.version(active=False, default=False),
            fakes.datastore())
        self.assertIs(False, shown['active'])
        self.assertIs(False, shown['default'])

    def test_show_and_list_long_agree(self):
        shown = self.show_version(fakes.version(), fakes.datastore())
        cmd = ds_cmds.ListDatastoreVersions(self.app, None)
        self.versions.list.return_value = fakes.page([fakes.version()])
        columns, data = cmd.take_action(self.parse(cmd, ['mysql', '--long'],
                                                   [('long', True)]))
        listed = dict(zip(columns, data[0]))
        self.assertEqual((listed['Active'], listed['Default']),
                         (shown['active'], shown['default']))

    def test_show_prints_python_troveclients_fields_with_its_values(self):
        # python-troveclient 8.11.0 printed Trove's body less its links.
        shown = self.show_version(fakes.version(), fakes.datastore())
        for key, value in fakes.VERSION.items():
            if key != 'links':
                self.assertEqual(value, shown[key], key)

    def test_create_prints_the_new_version_with_its_id(self):
        cmd = ds_cmds.CreateDatastoreVersion(self.app, None)
        self.versions.create.return_value = fakes.version(fakes.MGMT_VERSION)
        parsed = self.parse(cmd, ['5.7', 'mysql', 'mysql', '', '--image-tags',
                                  'trove,mysql', '--active',
                                  '--version-number', '5.7.29'],
                            [('image_tags', ['trove', 'mysql']),
                             ('active', True), ('default', None)])
        columns, data = cmd.take_action(parsed)
        self.versions.create.assert_called_once_with(
            '5.7', 'mysql', 'mysql', image=None,
            image_tags=['trove', 'mysql'], active=True, default=False,
            version='5.7.29', registry_ext=None, repl_strategy=None)
        self.assertEqual(fakes.VERSION_ID, dict(zip(columns, data))['id'])

    def test_create_shows_no_empty_tag_or_package(self):
        # The management API answers [''] for none.
        cmd = ds_cmds.CreateDatastoreVersion(self.app, None)
        self.versions.create.return_value = fakes.version(
            fakes.MGMT_VERSION, image_tags=[''], packages=[''])
        columns, data = cmd.take_action(self.parse(
            cmd, ['5.7', 'mysql', 'mysql', 'img-1'], [('image_id', 'img-1')]))
        shown = dict(zip(columns, data))
        self.assertEqual([], shown['image_tags'].machine_readable())
        # python-troveclient's packages: Trove's comma-separated text
        self.assertEqual('', shown['packages'])

    def test_create_is_inactive_unless_asked(self):
        cmd = ds_cmds.CreateDatastoreVersion(self.app, None)
        self.versions.create.return_value = fakes.version(fakes.MGMT_VERSION)
        cmd.take_action(self.parse(cmd, ['5.7', 'mysql', 'mysql', 'img-1',
                                         '--default'], [('default', True)]))
        kwargs = self.versions.create.call_args.kwargs
        self.assertEqual((False, True, 'img-1'),
                         (kwargs['active'], kwargs['default'],
                          kwargs['image']))

    def test_create_without_image_or_tags_exits_2(self):
        cmd = ds_cmds.CreateDatastoreVersion(self.app, None)
        # the library's checks (version_create_body): no image, or an
        # empty tag among the comma-separated ones
        for args in (['5.7', 'mysql', 'mysql'],
                     ['5.7', 'mysql', 'mysql', 'i', '--image-tags', 'a,,b']):
            parsed = self.parse(cmd, args, [('version_name', '5.7')])
            error = self.assertRaises(SystemExit, cmd.run, parsed)
            self.assertEqual(2, error.code)
        self.assertEqual('give an <image-id> or --image-tag',
                         self._usage(cmd, ['5.7', 'mysql', 'mysql']))
        self.assertNoManagerCalls()

    def _usage(self, cmd, args):
        """The usage error of ``cmd`` run with ``args``."""
        parsed = self.check_parser(cmd, args, [])
        with mock.patch.object(cmd, '_usage_error',
                               side_effect=lambda message: message):
            return cmd.run(parsed)

    def test_image_tag_is_repeatable_and_merges_with_the_comma_form(self):
        for cls in (ds_cmds.CreateDatastoreVersion,
                    ds_cmds.SetDatastoreVersion):
            cmd = cls(self.app, None)
            head = ['5.7', 'mysql', 'mysql', ''] \
                if cls is ds_cmds.CreateDatastoreVersion else ['5.7']
            self.parse(cmd, head + ['--image-tag', 'trove', '--image-tag',
                                    'mysql'],
                       [('image_tags', ['trove', 'mysql'])])
            self.parse(cmd, head + ['--image-tags', 'trove,mysql'],
                       [('image_tags', ['trove', 'mysql'])])
            self.parse(cmd, head + ['--image-tag', 'a', '--image-tags',
                                    'b,c', '--image-tag', 'd'],
                       [('image_tags', ['a', 'b', 'c', 'd'])])
            self.parse(cmd, head, [('image_tags', None)])

    def test_an_empty_image_tag_is_refused_by_name(self):
        # The library's rule (version_update_body), a usage error before
        # the version is looked up.
        cmd = ds_cmds.SetDatastoreVersion(self.app, None)
        message = self._usage(cmd, ['5.7', '--image-tag', ' '])
        self.assertIn("' '", message)
        self.assertIn('must be non-empty', message)
        for args in (['5.7', '--image-tag', ''],
                     ['5.7', '--image-tags', '']):
            self.assertIn('image tag', self._usage(cmd, args))
        self.assertNoManagerCalls()

    def test_set_with_nothing_to_change_names_the_options(self):
        cmd = ds_cmds.SetDatastoreVersion(self.app, None)
        self.assertEqual(
            'nothing to change: give --version-name, --image, --image-tag, '
            '--enable/--disable, --default/--non-default, '
            '--datastore-manager, --registry-ext or --repl-strategy',
            self._usage(cmd, ['5.7']))

    def test_help_shows_image_tag_not_the_comma_form(self):
        for cls in (ds_cmds.CreateDatastoreVersion,
                    ds_cmds.SetDatastoreVersion):
            text = cls(self.app, None).get_parser('x').format_help()
            self.assertIn('--image-tag <tag>', text)
            self.assertNotIn('--image-tags', text)

    def test_create_takes_enable_and_the_old_active_spelling(self):
        cmd = ds_cmds.CreateDatastoreVersion(self.app, None)
        head = ['5.7', 'mysql', 'mysql', 'img-1']
        for args, active in ((['--enable'], True), (['--disable'], False),
                             (['--active'], True), (['--inactive'], False),
                             ([], None)):
            self.parse(cmd, head + args, [('active', active)])
        self.assertParseFails(cmd, head + ['--enable', '--inactive'])
        self.assertParseFails(cmd, head + ['--active', '--disable'])
        text = cmd.get_parser('x').format_help()
        self.assertIn('--enable', text)
        self.assertIn('--disable', text)
        self.assertNotIn('--active', text)
        self.assertNotIn('--inactive', text)
        self.assertNoManagerCalls()

    def test_set_sends_only_what_is_given(self):
        cmd = ds_cmds.SetDatastoreVersion(self.app, None)
        self.versions.find.return_value = fakes.version()
        cmd.take_action(self.parse(cmd, ['5.7', '--datastore', 'mysql',
                                         '--disable', '--image', 'img-2'],
                                   [('active', False), ('image', 'img-2')]))
        self.versions.find.assert_called_once_with('5.7', datastore='mysql')
        self.versions.update.assert_called_once_with(
            fakes.VERSION_ID, name=None, image='img-2', image_tags=None,
            active=False, default=None, datastore_manager=None,
            registry_ext=None, repl_strategy=None)

    def test_set_passes_a_rename_and_default_in_one_library_call(self):
        # The library sends the rename first (issue 23): the command only
        # maps its options.
        cmd = ds_cmds.SetDatastoreVersion(self.app, None)
        self.versions.find.return_value = fakes.version()
        cmd.take_action(self.parse(cmd, [fakes.VERSION_ID, '--version-name',
                                         '5.7-new', '--default'],
                                   [('default', True)]))
        self.assertEqual([
            mock.call(fakes.VERSION_ID, name='5.7-new', image=None,
                      image_tags=None, active=None, default=True,
                      datastore_manager=None, registry_ext=None,
                      repl_strategy=None)],
            self.versions.update.call_args_list)

    def test_set_with_nothing_to_change_exits_2(self):
        cmd = ds_cmds.SetDatastoreVersion(self.app, None)
        parsed = self.parse(cmd, [fakes.VERSION_ID],
                            [('datastore_version', fakes.VERSION_ID)])
        self.assertRaises(SystemExit, cmd.run, parsed)
        self.assertParseFails(cmd, ['v', '--enable', '--disable'])
        self.assertNoManagerCalls()

    def test_delete_several_keeps_going_past_failures(self):
        cmd = ds_cmds.DeleteDatastoreVersion(self.app, None)
        self.versions.find.side_effect = [
            exceptions.ValidationError("Datastore version '5.7' is not an "
                                       "ID; give its datastore as well"),
            fakes.version()]
        parsed = self.parse(cmd, ['5.7', fakes.VERSION_ID],
                            [('datastore_versions',
                              ['5.7', fakes.VERSION_ID])])
        with self.assertLogs(cmd.log, logging.ERROR) as logs:
            error = self.assertRaises(osc_exceptions.CommandError,
                                      cmd.take_action, parsed)
        self.assertEqual('1 of 2 datastore versions failed to delete.',
                         str(error))
        self.versions.delete.assert_called_once_with(fakes.VERSION_ID)
        self.assertIn("'5.7'", logs.output[0])

    def test_delete_by_name_within_a_datastore(self):
        cmd = ds_cmds.DeleteDatastoreVersion(self.app, None)
        self.versions.find.return_value = fakes.version()
        cmd.take_action(self.parse(cmd, ['5.7', '--datastore', 'mysql'],
                                   [('datastore', 'mysql')]))
        self.versions.find.assert_called_once_with('5.7', datastore='mysql')
        self.versions.delete.assert_called_once_with(fakes.VERSION_ID)


class TestDatastoreVersionLookups(fakes.TestDatabaseCommand):
    """Every command that looks a datastore version up by name words the
    two refusals for its own options (issue 15, item 13)."""

    AMBIGUOUS = ("Multiple datastore versions found for '5.7', use an UUID "
                 "or specify both the name and version number to be more "
                 "specific.")

    def commands(self):
        """(command, arguments naming version 5.7 of mysql)."""
        self.datastores.find.return_value = fakes.datastore()
        self.listing = [fakes.instance()]  # db1, found by the lookup
        return [
            (ds_cmds.ShowDatastoreVersion, ['5.7', '--datastore', 'mysql']),
            (ds_cmds.SetDatastoreVersion, ['5.7', '--datastore', 'mysql',
                                           '--enable']),
            (ds_cmds.DeleteDatastoreVersion, ['5.7', '--datastore',
                                              'mysql']),
            (flavor_cmds.ListDatabaseFlavors, ['--datastore', 'mysql',
                                               '--datastore-version',
                                               '5.7']),
            (instance_cmds.UpgradeDatabaseInstance, ['db1', '5.7']),
        ]

    def run_cmd(self, cls, args):
        cmd = cls(self.app, None)
        parsed = self.check_parser(cmd, args, [])
        with self.assertLogs(cmd.log, logging.ERROR) as logs:
            error = self.assertRaises(Exception, cmd.take_action, parsed)
            cmd.log.error('end')
        return str(error), logs.output[:-1]

    def test_a_name_several_versions_share_asks_for_the_id(self):
        for cls, args in self.commands():
            self.versions.find.side_effect = exceptions.BadRequest(
                self.AMBIGUOUS, http_status=400)
            error, logged = self.run_cmd(cls, args)
            message = ' '.join(logged) if logged else error
            self.assertNotIn('version number', message, cls)
            self.assertIn("has several versions named '5.7': give the ID of "
                          "the one you mean", message, cls)

    def test_a_name_without_a_datastore_names_the_option(self):
        self.versions.find.side_effect = exceptions.ValidationError(
            "Datastore version '5.7' is not an ID; give its datastore as "
            "well to look it up by name")
        for cls in (ds_cmds.ShowDatastoreVersion,
                    ds_cmds.SetDatastoreVersion,
                    ds_cmds.DeleteDatastoreVersion):
            args = ['5.7', '--enable'] if cls is ds_cmds.SetDatastoreVersion \
                else ['5.7']
            error, logged = self.run_cmd(cls, args)
            message = ' '.join(logged) if logged else error
            self.assertIn("Datastore version '5.7' is not an ID: give "
                          "--datastore to look it up by name", message, cls)
        cmd = flavor_cmds.ListDatabaseFlavors(self.app, None)
        error = self.assertRaises(
            osc_exceptions.CommandError, cmd.take_action,
            self.check_parser(cmd, ['--datastore-version', '5.7'], []))
        self.assertIn('give --datastore', str(error))

    def test_other_bad_requests_pass_unchanged(self):
        refused = exceptions.BadRequest('Datastore version 5.7 cannot be '
                                        'found.', http_status=400)
        self.versions.find.side_effect = refused
        cmd = ds_cmds.ShowDatastoreVersion(self.app, None)
        error = self.assertRaises(
            exceptions.BadRequest, cmd.take_action,
            self.check_parser(cmd, ['5.7', '--datastore', 'mysql'], []))
        self.assertIs(refused, error)
