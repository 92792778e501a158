"""Each resource declares its fields once, and every command shows them the
same way (issue 15, item 11).

The rules: ``show`` (and ``create``, which shows what it made) prints the
same columns whatever the resource's state or the caller's role, a field
the API left out being empty; and a value is shown one way in every
command: a list is a list and a mapping a mapping even when empty, a
plain value is '' when absent.
"""

from cliff import columns as cliff_columns
from osc_lib.cli import format_columns

from troveclient_osc.osc.v1 import common
from troveclient_osc.osc.v1 import datastores as ds_cmds
from troveclient_osc.osc.v1 import flavors as flavor_cmds
from troveclient_osc.osc.v1 import instances as instance_cmds
from troveclient_osc.v1 import instances
from tests.unit.osc import fakes

DECLARED = {
    'instance': instance_cmds.FIELDS,
    'datastore': ds_cmds.DATASTORE_FIELDS,
    'datastore version': ds_cmds.VERSION_FIELDS,
    'flavor': flavor_cmds.FIELDS,
}
KIND_CLASSES = {common.LIST: format_columns.ListColumn,
                common.DICT: format_columns.DictColumn,
                common.LIST_OF_DICTS: format_columns.ListDictColumn}


def _kind(field):
    return field[2] if len(field) > 2 else None


class TestDeclarations(fakes.TestDatabaseCommand):

    def test_every_field_is_declared_once_with_a_known_kind(self):
        for what, fields in DECLARED.items():
            attrs = [field[0] for field in fields]
            self.assertEqual(len(attrs), len(set(attrs)), what)
            for field in fields:
                self.assertIn(_kind(field), (None,) + tuple(KIND_CLASSES),
                              (what, field))

    def test_absent_fields_are_empty_values_of_their_kind(self):
        for what, fields in DECLARED.items():
            names, values = common.record(fields, {})
            self.assertEqual(tuple(f[0] for f in fields), names, what)
            [row] = common.rows(fields, [{}], names)
            for field, shown, listed in zip(fields, values, row):
                kind = _kind(field)
                for value in (shown, listed):
                    if kind is None:
                        self.assertEqual('', value, (what, field))
                    else:
                        self.assertIsInstance(value, KIND_CLASSES[kind],
                                              (what, field))
                        self.assertFalse(value.machine_readable(),
                                         (what, field))

    def test_present_values_are_shown_as_their_kind_in_list_and_show(self):
        view = instance_cmds.view(fakes.instance(
            replicas=[{'id': 'r1', 'links': []}]))
        names, shown = common.record(instance_cmds.FIELDS, view)
        [listed] = common.rows(instance_cmds.FIELDS, [view], names)
        for field, in_show, in_list in zip(instance_cmds.FIELDS, shown,
                                           listed):
            kind = _kind(field)
            if kind is None:
                self.assertNotIsInstance(in_show,
                                         cliff_columns.FormattableColumn)
            else:
                self.assertIsInstance(in_show, KIND_CLASSES[kind], field)
            self.assertEqual(type(in_show), type(in_list), field)


class TestInstanceShowColumns(fakes.TestDatabaseCommand):

    BARE = {'id': fakes.INSTANCE_ID, 'name': 'db1', 'status': 'BUILD'}

    def show(self, body):
        cmd = instance_cmds.ShowDatabaseInstance(self.app, None)
        self.instances.find.return_value = instances.Instance(None, body)
        return cmd.take_action(self.check_parser(cmd, ['db1'], []))

    def test_show_has_the_same_columns_whatever_the_state(self):
        # Issue 15 item 11: '-c fault', '-c addresses' and '-c replica_of'
        # failed on an ACTIVE instance that had none.
        full = dict(fakes.INSTANCE, fault={'message': 'm', 'created': 'c'},
                    replica_of={'id': 'src', 'links': []},
                    replicas=[{'id': 'r1'}], configuration={'id': 'cfg'},
                    tenant_id='p', server_id='s', volume_id='v')
        columns, values = self.show(full)
        bare_columns, bare_values = self.show(self.BARE)
        self.assertEqual(instance_cmds.SHOW_ATTRS, columns)
        self.assertEqual(columns, bare_columns)
        shown = dict(zip(bare_columns, bare_values))
        for attr in ('fault', 'replica_of', 'configuration', 'tenant_id'):
            self.assertEqual('', shown[attr], attr)
        for attr in ('addresses', 'ip', 'replicas', 'volume', 'access'):
            self.assertFalse(shown[attr].machine_readable(), attr)

    def test_create_shows_the_columns_of_show(self):
        cmd = instance_cmds.CreateDatabaseInstance(self.app, None)
        self.instances.create.return_value = instances.Instance(
            None, self.BARE)
        columns, _values = cmd.take_action(self.check_parser(
            cmd, ['db1', '--flavor', '6'], []))
        self.assertEqual(self.show(self.BARE)[0], columns)


class TestDatastoreVersionColumns(fakes.TestDatabaseCommand):

    def test_version_show_and_create_show_the_same_columns(self):
        # Issue 15 item 11: create showed default, datastore_name and
        # datastore_manager, which show lacked.
        show = ds_cmds.ShowDatastoreVersion(self.app, None)
        self.versions.find.return_value = fakes.version()
        show_columns, show_values = show.take_action(self.check_parser(
            show, [fakes.VERSION_ID], []))
        create = ds_cmds.CreateDatastoreVersion(self.app, None)
        self.versions.create.return_value = fakes.version(fakes.MGMT_VERSION)
        create_columns, create_values = create.take_action(
            self.check_parser(create, ['5.7', 'mysql', 'mysql', 'img-1'],
                              []))
        self.assertEqual(show_columns, create_columns)
        self.assertEqual(tuple(f[0] for f in ds_cmds.VERSION_FIELDS),
                         show_columns)
        shown = dict(zip(show_columns, show_values))
        self.assertEqual(('', '', ''), (shown['default'],
                                        shown['datastore_name'],
                                        shown['datastore_manager']))

    def test_packages_are_a_list_whichever_api_gave_them(self):
        # Issue 15 item 11: [] in one command, "" in another.
        for packages, expected in (('', []), ('a,b', ['a', 'b']),
                                   ([''], []), (['a'], ['a']), (None, [])):
            body = dict(fakes.MGMT_VERSION)
            if packages is None:
                del body['packages']
            else:
                body['packages'] = packages
            columns, values = common.record(
                ds_cmds.VERSION_FIELDS,
                ds_cmds.version_view(fakes.version(body)))
            shown = dict(zip(columns, values))['packages']
            self.assertIsInstance(shown, format_columns.ListColumn)
            self.assertEqual(expected, shown.machine_readable(), packages)
