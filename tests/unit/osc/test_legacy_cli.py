"""python-troveclient 8.11.0's runbooks keep working (issue 21 item 4).

Every field python-troveclient printed for a command troveclient-osc also
has is printed under the same name, with the same value and the same
type, whatever the format; its option spellings are accepted (hidden from
help, as they were). The expected outputs below are what python-troveclient
8.11.0 prints for the same Trove answers: its ``show`` commands print
Trove's body less ``links`` with a few fields derived (an instance's
``flavor`` is the flavor's ID, ``volume`` the size, ``ip`` and
``replicas`` text joined with ``, ``, ...), its listings fixed columns.
The real ``openstack`` shell runs in process against requests-mock;
tests/coexistence compares the two packages' outputs against the local
Trove.
"""

import json

from tests.unit.osc import fakes
from tests.unit.osc import in_process
from tests.unit.osc.in_process import run_openstack
from troveclient_osc.osc.v1 import datastores as ds_cmds
from troveclient_osc.osc.v1 import instance_create
from troveclient_osc.osc.v1 import instances as instance_cmds

ENDPOINT = in_process.ENDPOINT
ID = fakes.INSTANCE_ID
LINKS = [{'rel': 'self', 'href': 'https://x/instances/' + ID}]

# What Trove 26's detailed view of an instance can hold, admin fields too.
FULL = {
    'id': ID, 'name': 'db1', 'status': 'ACTIVE',
    'operating_status': 'HEALTHY', 'links': LINKS,
    'flavor': {'id': '6', 'links': []},
    'datastore': {'type': 'mysql', 'version': '5.7',
                  'version_number': '5.7.29'},
    'region': 'RegionOne',
    'access': {'is_public': True, 'allowed_cidrs': ['10.0.0.0/24']},
    'tenant_id': 'p1',
    'volume': {'size': 2, 'used': 0.5, 'used_percent': 25.0},
    'hostname': 'db1.example.org',
    'ip': ['10.1.0.62', '172.24.4.10'],
    'addresses': [{'address': '10.1.0.62', 'type': 'private'},
                  {'address': '172.24.4.10', 'type': 'public'}],
    'replicas': [{'id': 'r1', 'links': []}, {'id': 'r2', 'links': []}],
    'created': '2026-01-02T03:04:05', 'updated': '2026-01-02T03:05:00',
    'service_status_updated': '2026-01-02T03:06:00',
    'fault': {'message': 'boom', 'created': '2026-01-02T03:04:30',
              'details': 'Traceback ...'},
    'configuration': {'id': fakes.CONFIGURATION_ID, 'name': 'cfg',
                      'links': []},
    'locality': 'affinity', 'cluster_id': 'c1', 'shard_id': 's1',
    'server_id': 'srv-1', 'volume_id': 'vol-1',
    'encrypted_rpc_messaging': False,
}

# python-troveclient 8.11.0's ``database instance show`` of FULL.
THEIR_SHOW = {
    'id': ID, 'name': 'db1', 'status': 'ACTIVE',
    'operating_status': 'HEALTHY', 'flavor': '6', 'datastore': 'mysql',
    'datastore_version': '5.7', 'datastore_version_number': '5.7.29',
    'region': 'RegionOne', 'public': True,
    'allowed_cidrs': ['10.0.0.0/24'], 'tenant_id': 'p1', 'volume': 2,
    'volume_used': 0.5, 'hostname': 'db1.example.org',
    'ip': '10.1.0.62, 172.24.4.10',
    'addresses': [{'address': '10.1.0.62', 'type': 'private'},
                  {'address': '172.24.4.10', 'type': 'public'}],
    'replicas': 'r1, r2', 'created': '2026-01-02T03:04:05',
    'updated': '2026-01-02T03:05:00',
    'service_status_updated': '2026-01-02T03:06:00', 'fault': 'boom',
    'fault_date': '2026-01-02T03:04:30', 'fault_details': 'Traceback ...',
    'configuration': fakes.CONFIGURATION_ID, 'locality': 'affinity',
    'cluster_id': 'c1', 'shard_id': 's1', 'server_id': 'srv-1',
    'volume_id': 'vol-1', 'encrypted_rpc_messaging': False,
}

# An instance on a Trove without volume support, a replica.
EPHEMERAL = {
    'id': ID, 'name': 'db2', 'status': 'BUILD', 'operating_status': '',
    'links': LINKS, 'flavor': {'id': '7', 'links': []},
    'datastore': {'type': 'mysql', 'version': '8.0',
                  'version_number': '8.0.1'},
    'region': 'RegionOne', 'access': {}, 'local_storage': {'used': 0.3},
    'replica_of': {'id': 'src', 'links': []},
    'created': 'c', 'updated': 'u', 'service_status_updated': 's',
}
THEIR_EPHEMERAL_SHOW = {
    'id': ID, 'name': 'db2', 'status': 'BUILD', 'operating_status': '',
    'flavor': '7', 'datastore': 'mysql', 'datastore_version': '8.0',
    'datastore_version_number': '8.0.1', 'region': 'RegionOne',
    'public': False, 'allowed_cidrs': [], 'local_storage': {'used': 0.3},
    'replica_of': 'src', 'created': 'c', 'updated': 'u',
    'service_status_updated': 's',
}

THEIR_LIST_COLUMNS = ['ID', 'Name', 'Datastore', 'Datastore Version',
                      'Status', 'Operating Status', 'Public', 'Addresses',
                      'Flavor ID', 'Size', 'Role']
THEIR_ADMIN_COLUMNS = THEIR_LIST_COLUMNS + ['Server ID', 'Tenant ID']


class _Shell(in_process.ShellTestCase):

    def run_ok(self, *args):
        code, out, err = run_openstack(args)
        self.assertEqual(0, code, err)
        return out

    def json(self, *args):
        return json.loads(self.run_ok(*(args + ('-f', 'json'))))

    def assertHasTheirFields(self, theirs, ours):
        """Every field of python-troveclient's output, with its value and
        its JSON type."""
        for key, value in theirs.items():
            self.assertIn(key, ours)
            self.assertEqual(value, ours[key], key)
            self.assertIs(type(value), type(ours[key]), key)


class TestInstanceFields(_Shell):

    def show(self, body, *args):
        self.requests.get(ENDPOINT + '/instances/' + ID,
                          json={'instance': body})
        return self.run_ok('database', 'instance', 'show', ID, *args)

    def test_show_prints_every_field_of_python_troveclient(self):
        ours = json.loads(self.show(FULL, '-f', 'json'))
        self.assertHasTheirFields(THEIR_SHOW, ours)

    def test_show_of_a_replica_without_volume_support(self):
        ours = json.loads(self.show(EPHEMERAL, '-f', 'json'))
        self.assertHasTheirFields(THEIR_EPHEMERAL_SHOW, ours)
        self.assertEqual('replica', ours['role'])

    def test_show_prints_every_field_trove_sends(self):
        # Issue 22 item 2: what Trove sends is shown, the volume's used
        # space and the fault's details included; the richer views beside
        # python-troveclient's fields.
        ours = json.loads(self.show(FULL, '-f', 'json'))
        self.assertEqual(25.0, ours['volume_used_percent'])
        self.assertEqual({'size': 2, 'used': 0.5, 'used_percent': 25.0},
                         ours['volume_details'])
        self.assertEqual(['r1', 'r2'], ours['replica_ids'])
        self.assertEqual('cfg', ours['configuration_name'])
        self.assertEqual(FULL['access'], ours['access'])
        shown = set(ours) | {'links'}
        self.assertEqual(set(), set(FULL) - shown - {'flavor', 'access'})

    def test_runbook_values_are_the_plain_values(self):
        # `-f value -c volume` printed {'size': 1}; `-c flavor` exited 1.
        for column, expected in (('volume', '2'), ('flavor', '6'),
                                 ('volume_used', '0.5'),
                                 ('ip', '10.1.0.62, 172.24.4.10'),
                                 ('replicas', 'r1, r2'),
                                 ('allowed_cidrs', "['10.0.0.0/24']"),
                                 ('public', 'True'),
                                 ('fault_details', 'Traceback ...')):
            out = self.show(FULL, '-f', 'value', '-c', column)
            self.assertEqual(expected + '\n', out, column)

    def test_a_table_shows_lists_and_mappings_as_text(self):
        # A deliberate difference: python-troveclient printed Python's
        # repr of them ([{'address': ...}]) in a table.
        out = self.show(FULL, '-c', 'addresses', '-c', 'allowed_cidrs')
        self.assertIn("address='10.1.0.62', type='private'", out)
        self.assertIn("address='172.24.4.10', type='public'", out)
        self.assertNotIn('[', out)

    def test_shell_and_yaml_have_the_same_values(self):
        out = self.show(FULL, '-f', 'shell', '-c', 'volume', '-c', 'flavor')
        self.assertEqual('flavor="6"\nvolume="2"\n', out)
        out = self.show(FULL, '-f', 'yaml', '-c', 'volume', '-c', 'flavor')
        self.assertEqual("flavor: '6'\nvolume: 2\n", out)

    def test_create_prints_python_troveclients_fields(self):
        self.requests.post(ENDPOINT + '/instances', json={'instance': dict(
            FULL, status='BUILD')})
        ours = self.json('database', 'instance', 'create', 'db1',
                         '--flavor', '6', '--size', '2')
        self.assertHasTheirFields(dict(THEIR_SHOW, status='BUILD'), ours)

    def test_list_has_python_troveclients_columns_and_values(self):
        bare = {'id': 'x2', 'name': 'db2', 'status': 'BUILD',
                'flavor': {'id': '7'},
                'datastore': {'type': 'mysql', 'version': None}}
        self.requests.get(ENDPOINT + '/instances', json={
            'instances': [FULL, bare]})
        out = self.run_ok('database', 'instance', 'list', '-f', 'json')
        rows = json.loads(out)
        self.assertEqual(THEIR_LIST_COLUMNS, list(rows[0]))
        self.assertHasTheirFields({
            'ID': ID, 'Name': 'db1', 'Datastore': 'mysql',
            'Datastore Version': '5.7', 'Status': 'ACTIVE',
            'Operating Status': 'HEALTHY', 'Public': True,
            'Addresses': FULL['addresses'], 'Flavor ID': '6', 'Size': 2,
            'Role': 'primary'}, rows[0])
        # python-troveclient's placeholders of absent values
        self.assertHasTheirFields({
            'ID': 'x2', 'Datastore Version': '', 'Operating Status': '',
            'Public': '', 'Addresses': '', 'Size': '-', 'Role': ''},
            rows[1])

    def test_admin_list_has_server_and_tenant_ids_last(self):
        self.requests.get(ENDPOINT + '/mgmt/instances', json={
            'instances': [FULL]})
        rows = self.json('database', 'instance', 'list', '--all-projects')
        self.assertEqual(THEIR_ADMIN_COLUMNS, list(rows[0]))
        self.assertEqual(('srv-1', 'p1'),
                         (rows[0]['Server ID'], rows[0]['Tenant ID']))


class TestFlavorAndDatastoreFields(_Shell):

    def test_flavor_list_and_show_give_troves_number_as_id(self):
        numbered = dict(fakes.FLAVOR)
        named = dict(fakes.FLAVOR, id=None, str_id='custom', name='c1')
        self.requests.get(ENDPOINT + '/flavors',
                          json={'flavors': [numbered, named]})
        rows = self.json('database', 'flavor', 'list')
        self.assertEqual(['ID', 'Name', 'RAM', 'vCPUs', 'Disk', 'Ephemeral'],
                         list(rows[0]))
        self.assertEqual([6, 'custom'], [row['ID'] for row in rows])
        self.requests.get(ENDPOINT + '/flavors/6', json={'flavor': numbered})
        shown = self.json('database', 'flavor', 'show', '6')
        self.assertHasTheirFields({'id': 6, 'name': 'ds2G', 'ram': 2048,
                                   'vcpus': 1, 'disk': 0, 'ephemeral': 0},
                                  shown)
        self.assertNotIn('str_id', shown)

    def test_datastore_show_has_the_versions_as_text_lines(self):
        self.requests.get(ENDPOINT + '/datastores/mysql',
                          json={'datastore': fakes.DATASTORE})
        shown = self.json('datastore', 'show', 'mysql')
        self.assertHasTheirFields({
            'id': fakes.DATASTORE_ID, 'name': 'mysql',
            'default_version': '5.7',
            'versions (id)': '5.7 (%s)\n8.0 (v2)' % fakes.VERSION_ID},
            shown)
        out = self.run_ok('datastore', 'show', 'mysql', '-f', 'value', '-c',
                          'versions (id)')
        self.assertEqual('5.7 (%s)\n8.0 (v2)\n' % fakes.VERSION_ID, out)

    def test_a_default_version_not_listed_is_shown_by_its_id(self):
        # python-troveclient failed with an IndexError when the default
        # version was not among the (active) versions Trove listed.
        store = dict(fakes.DATASTORE, default_version='inactive-id',
                     versions=[{'id': 'v2', 'name': '8.0'}])
        self.requests.get(ENDPOINT + '/datastores/mysql',
                          json={'datastore': store})
        shown = self.json('datastore', 'show', 'mysql')
        self.assertEqual('inactive-id', shown['default_version'])

    def test_datastore_version_list_has_the_version_column(self):
        self.requests.get(ENDPOINT + '/datastores/mysql/versions',
                          json={'versions': [fakes.VERSION]})
        rows = self.json('datastore', 'version', 'list', 'mysql')
        self.assertEqual([{'ID': fakes.VERSION_ID, 'Name': '5.7',
                           'Version': '5.7.29'}], rows)

    def test_datastore_version_show_has_python_troveclients_fields(self):
        admin = dict(fakes.VERSION, active=True, packages='pkg1,pkg2',
                     image='img-1', registry_ext='r.Ext',
                     repl_strategy='r.Strategy', image_tags=['trove'])
        self.requests.get(ENDPOINT + '/datastores/mysql/versions/5.7',
                          json={'version': admin})
        self.requests.get(ENDPOINT + '/datastores/' + fakes.DATASTORE_ID,
                          json={'datastore': fakes.DATASTORE})
        shown = self.json('datastore', 'version', 'show', '5.7',
                          '--datastore', 'mysql')
        theirs = {key: value for key, value in admin.items()
                  if key != 'links'}
        self.assertHasTheirFields(theirs, shown)
        self.assertEqual(['GET /v1.0/demo/datastores/mysql/versions/5.7',
                          'GET /v1.0/demo/datastores/' + fakes.DATASTORE_ID],
                         ['%s %s' % (r.method, r.path)
                          for r in self.requests.request_history])


class TestOldSpellings(fakes.TestDatabaseCommand):
    """python-troveclient's option spellings, hidden from help."""

    def test_include_clustered_with_an_underscore(self):
        cmd = instance_cmds.ListDatabaseInstances(self.app, None)
        self.parse(cmd, ['--include_clustered'],
                   [('include_clustered', True)])
        self.assertNotIn('--include_clustered',
                         cmd.get_parser('list').format_help())

    def test_set_and_update_take_the_underscore_spellings(self):
        for cls in (instance_cmds.SetDatabaseInstance,
                    instance_cmds.UpdateDatabaseInstance):
            cmd = cls(self.app, None)
            self.parse(cmd, ['db1', '--detach_replica_source'],
                       [('detach_replica_source', True)])
            self.parse(cmd, ['db1', '--remove_configuration'],
                       [('no_configuration', True)])
            self.parse(cmd, ['db1', '--remove-configuration'],
                       [('no_configuration', True)])
            help_text = cmd.get_parser('set').format_help()
            self.assertNotIn('_replica_source', help_text)
            self.assertNotIn('--remove_configuration', help_text)

    def test_create_takes_the_hidden_region(self):
        cmd = instance_create.CreateDatabaseInstance(self.app, None)
        self.instances.create.return_value = fakes.instance(status='BUILD')
        cmd.take_action(self.parse(
            cmd, ['db1', '--flavor', '6', '--size', '1', '--region', 'EAST'],
            [('region', 'EAST')]))
        self.assertEqual(
            'EAST', self.instances.create.call_args.kwargs['region_name'])
        self.assertNotIn('--region', cmd.get_parser('create').format_help())

    def test_flavor_list_takes_the_old_datastore_options(self):
        from troveclient_osc.osc.v1 import flavors as flavor_cmds
        cmd = flavor_cmds.ListDatabaseFlavors(self.app, None)
        self.parse(cmd, ['--datastore-type', 'mysql',
                         '--datastore-version-id', fakes.VERSION_ID],
                   [('datastore', 'mysql'),
                    ('datastore_version', fakes.VERSION_ID)])

    def test_datastore_version_create_takes_the_old_flags(self):
        cmd = ds_cmds.CreateDatastoreVersion(self.app, None)
        self.parse(cmd, ['5.7', 'mysql', 'mysql', 'img', '--active',
                         '--image-tags', 'a,b'],
                   [('active', True), ('image_tags', ['a', 'b'])])
