"""Each resource declares its fields once, and every command shows them the
same way (issue 15 item 11, issue 24 item 4).

The rules: a field is declared once (name, header, where its value is in
Trove's body, where it shows), and the commands' columns are derived from
the declarations; ``show`` (and ``create``, which shows what it made)
prints the same columns whatever the resource's state or the caller's
role, a field the API left out being empty; a value is shown one way in
every command: a list is a list and a mapping a mapping even when empty,
a plain value is '' when absent, unless python-troveclient printed
something else for it.
"""

from cliff import columns as cliff_columns
from osc_lib.cli import format_columns

from troveclient_osc.osc import output
from troveclient_osc.osc.v1 import datastores as ds_cmds
from troveclient_osc.osc.v1 import flavors as flavor_cmds
from troveclient_osc.osc.v1 import instance_create
from troveclient_osc.osc.v1 import instances as instance_cmds
from troveclient_osc.v1 import instances
from tests.unit.osc import fakes

DECLARED = {
    'instance': instance_cmds.FIELDS,
    'datastore': ds_cmds.DATASTORE_FIELDS,
    'datastore version': ds_cmds.VERSION_FIELDS,
    'flavor': flavor_cmds.FIELDS,
}
KIND_CLASSES = {output.LIST_KIND: format_columns.ListColumn,
                output.DICT_KIND: format_columns.DictColumn,
                output.LIST_OF_DICTS_KIND: format_columns.ListDictColumn,
                output.LINES_KIND: output.Lines}


class TestDeclarations(fakes.TestDatabaseCommand):

    def test_every_field_is_declared_once_with_a_known_kind(self):
        for what, fields in DECLARED.items():
            for attr in ('name', 'header'):
                values = [getattr(field, attr) for field in fields]
                self.assertEqual(len(values), len(set(values)),
                                 (what, attr))
            for field in fields:
                self.assertIn(field.kind, (None,) + tuple(KIND_CLASSES),
                              (what, field))
                self.assertLessEqual(field.shows, output.PLACES)

    def test_a_second_declaration_of_a_name_is_refused(self):
        self.assertRaises(ValueError, output.fields,
                          output.Field('id', 'ID'),
                          output.Field('id', 'Other ID'))
        self.assertRaises(ValueError, output.fields,
                          output.Field('id', 'ID'),
                          output.Field('ident', 'ID'))
        self.assertRaises(ValueError, output.Field, 'x', 'X',
                          kind='table')
        self.assertRaises(ValueError, output.Field, 'x', 'X',
                          shows=('somewhere',))

    def test_absent_fields_are_empty_values_of_their_kind(self):
        for what, fields in DECLARED.items():
            names, values = output.record(fields, {})
            self.assertEqual(tuple(f.name for f in fields), names, what)
            [row] = output.rows(fields, [{}])
            for field, shown, listed in zip(fields, values, row):
                for value in (shown, listed):
                    if field.absent is not output._DEFAULT:
                        self.assertEqual(field.absent, value, field)
                    elif field.kind is None:
                        self.assertEqual('', value, (what, field))
                    else:
                        self.assertIsInstance(value, KIND_CLASSES[field.kind],
                                              (what, field))
                        self.assertFalse(value.machine_readable(),
                                         (what, field))

    def test_only_python_troveclients_placeholders_differ(self):
        # python-troveclient 8.11.0 listed these for an absent value.
        declared = {field.name: field.absent
                    for field in instance_cmds.FIELDS
                    if field.absent is not output._DEFAULT}
        self.assertEqual({'addresses': '', 'size': '-'}, declared)

    def test_present_values_are_shown_as_their_kind_in_list_and_show(self):
        body = fakes.instance(replicas=[{'id': 'r1', 'links': []}]).to_dict()
        names, shown = output.record(instance_cmds.FIELDS, body)
        [listed] = output.rows(instance_cmds.FIELDS, [body])
        for field, in_show, in_list in zip(instance_cmds.FIELDS, shown,
                                           listed):
            if field.kind is None:
                self.assertNotIsInstance(in_show,
                                         cliff_columns.FormattableColumn)
            else:
                self.assertIsInstance(in_show, KIND_CLASSES[field.kind],
                                      field)
            self.assertEqual(type(in_show), type(in_list), field)

    def test_the_columns_are_derived_from_the_declarations(self):
        fields = (output.Field('a', 'A', shows=(output.LIST, output.SHOW)),
                  output.Field('b', 'B', shows=(output.ADMIN, output.SHOW)),
                  output.Field('c', 'C', shows=(output.LONG,)),
                  output.Field('d', 'D', shows=(output.LIST,)),
                  output.Field('e', 'E', shows=(output.CREATE,)),
                  output.Field('f', 'F'))
        self.assertEqual(('A', 'D'), output.headers(output.listed(fields)))
        self.assertEqual(('A', 'D', 'C', 'B'), output.headers(
            output.listed(fields, long=True, admin=True)))
        self.assertEqual(['a', 'b', 'f'],
                         [f.name for f in output.shown(fields)])
        self.assertEqual(['a', 'b', 'e', 'f'],
                         [f.name for f in output.shown(fields, create=True)])

    def test_a_source_is_a_path_into_the_body_or_a_function(self):
        body = {'volume': {'size': 2}, 'flavor': 'not a mapping'}
        self.assertEqual(2, output.Field('v', 'V', 'volume.size').value(body))
        self.assertEqual('', output.Field('f', 'F', 'flavor.id').value(body))
        self.assertEqual(3, output.Field(
            'x', 'X', lambda b: b['volume']['size'] + 1).value(body))


class TestInstanceShowColumns(fakes.TestDatabaseCommand):

    BARE = {'id': fakes.INSTANCE_ID, 'name': 'db1', 'status': 'BUILD'}

    def show(self, body):
        cmd = instance_cmds.ShowDatabaseInstance(self.app, None)
        self.instances.find.return_value = instances.Instance(None, body)
        return cmd.take_action(self.check_parser(
            cmd, [fakes.INSTANCE_ID], []))

    def test_show_has_the_same_columns_whatever_the_state(self):
        # Issue 15 item 11: '-c fault', '-c addresses' and '-c replica_of'
        # failed on an ACTIVE instance that had none.
        full = dict(fakes.INSTANCE, fault={'message': 'm', 'created': 'c'},
                    replica_of={'id': 'src', 'links': []},
                    replicas=[{'id': 'r1'}], configuration={'id': 'cfg'},
                    tenant_id='p', server_id='s', volume_id='v')
        columns, values = self.show(full)
        bare_columns, bare_values = self.show(self.BARE)
        self.assertEqual(tuple(field.name for field in instance_cmds.FIELDS
                               if output.SHOW in field.shows), columns)
        self.assertEqual(columns, bare_columns)
        shown = dict(zip(bare_columns, bare_values))
        for attr in ('fault', 'replica_of', 'configuration', 'tenant_id',
                     'addresses', 'ip', 'replicas', 'volume'):
            self.assertEqual('', shown[attr], attr)
        for attr in ('replica_ids', 'volume_details', 'access',
                     'allowed_cidrs', 'local_storage'):
            self.assertFalse(shown[attr].machine_readable(), attr)

    def test_create_shows_the_columns_of_show_and_the_password(self):
        cmd = instance_create.CreateDatabaseInstance(self.app, None)
        self.instances.create.return_value = instances.Instance(
            None, self.BARE)
        columns, _values = cmd.take_action(self.check_parser(
            cmd, ['db1', '--flavor', '6'], []))
        self.assertEqual(self.show(self.BARE)[0] + ('password',), columns)


class TestDatastoreVersionColumns(fakes.TestDatabaseCommand):

    def test_version_show_and_create_show_the_same_columns(self):
        # Issue 15 item 11: create showed default, datastore_name and
        # datastore_manager, which show lacked.
        show = ds_cmds.ShowDatastoreVersion(self.app, None)
        self.versions.find.return_value = fakes.version()
        self.datastores.find.return_value = fakes.datastore()
        show_columns, show_values = show.take_action(self.check_parser(
            show, [fakes.VERSION_ID], []))
        create = ds_cmds.CreateDatastoreVersion(self.app, None)
        self.versions.create.return_value = fakes.version(fakes.MGMT_VERSION)
        create_columns, create_values = create.take_action(
            self.check_parser(create, ['5.7', 'mysql', 'mysql', 'img-1'],
                              []))
        self.assertEqual(show_columns, create_columns)
        self.assertEqual(tuple(f.name for f in ds_cmds.VERSION_FIELDS),
                         show_columns)
        shown = dict(zip(show_columns, show_values))
        # Issue 22 item 3: filled from the datastore, one GET
        self.assertEqual((True, 'mysql'), (shown['default'],
                                           shown['datastore_name']))
        self.assertEqual('', shown['datastore_manager'])

    def shown(self, key, value):
        """A version's ``key`` as show prints it, Trove's body having
        ``value`` there (None: no such key)."""
        body = dict(fakes.MGMT_VERSION)
        body.pop(key)
        if value is not None:
            body[key] = value
        columns, values = output.record(
            ds_cmds.VERSION_FIELDS, ds_cmds.version_body(fakes.version(body)))
        return dict(zip(columns, values))[key]

    def test_packages_are_troves_text_whichever_api_gave_them(self):
        # Issue 21 item 4: python-troveclient's packages is Trove's
        # comma-separated text; the management API gives a list ('' in
        # one item for none). Issue 15 item 11 had made it a list.
        for packages, expected in (('', ''), ('a,b', 'a,b'),
                                   ([''], ''), (['a', 'b'], 'a,b'),
                                   (None, '')):
            self.assertEqual(expected, self.shown('packages', packages),
                             packages)

    def test_image_tags_are_a_list_whichever_api_gave_them(self):
        for tags, expected in (('', []), ('a,b', ['a', 'b']),
                               ([''], []), (['a'], ['a']), (None, [])):
            shown = self.shown('image_tags', tags)
            self.assertIsInstance(shown, format_columns.ListColumn)
            self.assertEqual(expected, shown.machine_readable(), tags)
