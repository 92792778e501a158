"""troveclient_osc.osc.v1.flavors: ``openstack database flavor list`` and
``show``."""

from osc_lib import exceptions as osc_exceptions

from troveclient_osc import exceptions
from troveclient_osc.osc.v1 import flavors as flavor_cmds
from tests.unit.osc import fakes

FLAVOR_COLUMNS = ('ID', 'Name', 'RAM', 'vCPUs', 'Disk', 'Ephemeral')


class TestListDatabaseFlavors(fakes.TestDatabaseCommand):

    def setUp(self):
        super().setUp()
        self.cmd = flavor_cmds.ListDatabaseFlavors(self.app, None)

    def test_lists_every_flavor_with_its_request_id(self):
        self.flavors.list.return_value = fakes.page(
            [fakes.flavor(), fakes.flavor(id=None, str_id='m1.tiny',
                                          name='tiny')])
        parsed = self.parse(self.cmd, [], [('datastore', None),
                                           ('datastore_version', None)])
        columns, data = self.cmd.take_action(parsed)
        self.assertEqual(FLAVOR_COLUMNS, columns)
        # python-troveclient's ID: Trove's number, else its str_id
        self.assertEqual([(6, 'ds2G', 2048, 1, 0, 0),
                          ('m1.tiny', 'tiny', 2048, 1, 0, 0)], data)

    def test_datastore_and_version_names_are_resolved(self):
        self.datastores.find.return_value = fakes.datastore()
        self.versions.find.return_value = fakes.version()
        self.flavors.list_datastore_version_associated_flavors.return_value \
            = fakes.page([fakes.flavor()])
        parsed = self.parse(self.cmd, ['--datastore', 'mysql',
                                       '--datastore-version', '5.7'],
                            [('datastore', 'mysql'),
                             ('datastore_version', '5.7')])
        _columns, data = self.cmd.take_action(parsed)
        self.datastores.find.assert_called_once_with('mysql')
        self.versions.find.assert_called_once_with(
            '5.7', datastore=fakes.DATASTORE_ID)
        self.flavors.list_datastore_version_associated_flavors\
            .assert_called_once_with(fakes.DATASTORE_ID, fakes.VERSION_ID)
        self.assertEqual(1, len(data))

    def test_datastore_alone_means_its_default_version(self):
        self.datastores.find.return_value = fakes.datastore()
        self.flavors.list_datastore_version_associated_flavors.return_value \
            = fakes.page([])
        parsed = self.parse(self.cmd, ['--datastore-type', 'mysql'],
                            [('datastore', 'mysql')])
        self.cmd.take_action(parsed)
        self.flavors.list_datastore_version_associated_flavors\
            .assert_called_once_with(fakes.DATASTORE_ID, fakes.VERSION_ID)
        self.versions.find.assert_not_called()

    def test_datastore_without_default_version_is_an_error(self):
        self.datastores.find.return_value = fakes.datastore(
            default_version=None)
        parsed = self.parse(self.cmd, ['--datastore', 'mysql'],
                            [('datastore', 'mysql')])
        self.assertRaises(osc_exceptions.CommandError, self.cmd.take_action,
                          parsed)

    def test_version_id_alone_names_its_datastore(self):
        self.versions.find.return_value = fakes.version()
        self.flavors.list_datastore_version_associated_flavors.return_value \
            = fakes.page([])
        parsed = self.parse(self.cmd, ['--datastore-version-id',
                                       fakes.VERSION_ID],
                            [('datastore_version', fakes.VERSION_ID)])
        self.cmd.take_action(parsed)
        self.versions.find.assert_called_once_with(fakes.VERSION_ID,
                                                   datastore=None)
        self.flavors.list_datastore_version_associated_flavors\
            .assert_called_once_with(fakes.DATASTORE_ID, fakes.VERSION_ID)


class TestShowDatabaseFlavor(fakes.TestDatabaseCommand):

    def test_show_by_name(self):
        cmd = flavor_cmds.ShowDatabaseFlavor(self.app, None)
        self.flavors.find.return_value = fakes.flavor()
        parsed = self.parse(cmd, ['ds2G'], [('flavor', 'ds2G')])
        columns, data = cmd.take_action(parsed)
        self.flavors.find.assert_called_once_with('ds2G')
        self.assertEqual(('id', 'name', 'ram', 'vcpus', 'disk', 'ephemeral',
                          'local_storage'), columns)
        self.assertEqual((6, 'ds2G', 2048, 1, 0, 0, ''), data)

    def test_unknown_flavor_error_names_it(self):
        cmd = flavor_cmds.ShowDatabaseFlavor(self.app, None)
        self.flavors.find.side_effect = fakes.not_found('x', 'flavor')
        parsed = self.parse(cmd, ['x'], [('flavor', 'x')])
        error = self.assertRaises(exceptions.NotFound, cmd.take_action,
                                  parsed)
        self.assertIn("flavor with a name or ID of 'x'", str(error))
