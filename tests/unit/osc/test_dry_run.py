"""``--dry-run`` through the real shell, requests-mock underneath: every
command that changes something sends only GETs with it (the lookups of a
real run, IDs too), prints one row per request it would have sent (target
as given, ID, method, path, body with its secrets masked), and exits as a
real run would for targets that do not resolve and for bad arguments.
"""

import copy
import importlib.metadata
import json
import re

from tests.unit.osc import fakes
from tests.unit.osc import in_process
from tests.unit.osc.in_process import run_openstack

ENDPOINT = in_process.ENDPOINT
ID = fakes.INSTANCE_ID
ID2 = fakes.INSTANCE_ID_2
VERSION_ID = fakes.VERSION_ID
CHANGES = ('POST', 'PUT', 'PATCH', 'DELETE')
PASSWORD = 'pw-never-shown-1'


def instance(ident, name, **extra):
    body = copy.deepcopy(fakes.INSTANCE)
    body.update(id=ident, name=name, **extra)
    return body


def row(target, ident, method, path, body=None):
    return {'Target': target, 'ID': ident, 'Method': method,
            'Path': path, 'Body': body}


def action(ident, body, target='db1', mgmt=False):
    return row(target, ident, 'POST', '%s/instances/%s/action'
               % ('/mgmt' if mgmt else '', ident), body)


def versions_path(ident=VERSION_ID):
    return '/mgmt/datastore-versions/' + ident


# Every command that changes something (its entry point's name), a command
# line of it with --dry-run, and the plan it prints. db1 is a name, ID2 an
# ID: both are looked up; db1 has a configuration group, so the requests
# that would look for it again after the change are where those dry runs
# end.
PLANS = {
    'database_instance_create': (
        ['database', 'instance', 'create', 'db9', '--flavor', 'ds2G',
         '--size', '2', '--datastore', 'mysql',
         '--user', 'name=app,password=' + PASSWORD,
         '--users', 'old:' + PASSWORD],
        [row('db9', '', 'POST', '/instances', {'instance': {
            'name': 'db9', 'flavorRef': '6', 'volume': {'size': 2},
            'users': [{'name': 'app', 'password': '***'},
                      {'name': 'old', 'password': '***'}],
            'datastore': {'type': 'mysql'}}})]),
    'database_instance_delete': (
        ['database', 'instance', 'delete', 'db1', ID2],
        [row('db1', ID, 'DELETE', '/instances/' + ID),
         row(ID2, ID2, 'DELETE', '/instances/' + ID2)]),
    'database_instance_force_delete': (
        ['database', 'instance', 'force', 'delete', 'db1'],
        [action(ID, {'reset_status': {}}),
         row('db1', ID, 'DELETE', '/instances/' + ID)]),
    'database_instance_set': (
        ['database', 'instance', 'set', 'db1', '--name', 'db1-new'],
        [row('db1', ID, 'PUT', '/instances/' + ID,
             {'instance': {'name': 'db1-new'}})]),
    'database_instance_update': (
        ['database', 'instance', 'update', 'db1', '--private'],
        [row('db1', ID, 'PUT', '/instances/' + ID, {'instance': {'access': {
            'is_public': False, 'allowed_cidrs': ['10.0.0.0/24']}}})]),
    'database_instance_restart': (
        ['database', 'instance', 'restart', 'db1', ID2],
        [action(ID, {'restart': {}}),
         action(ID2, {'restart': {}}, target=ID2)]),
    'database_instance_resize_flavor': (
        ['database', 'instance', 'resize', 'flavor', 'db1', 'ds2G'],
        [action(ID, {'resize': {'flavorRef': '6'}})]),
    'database_instance_resize_volume': (
        ['database', 'instance', 'resize', 'volume', ID2, '4'],
        [action(ID2, {'resize': {'volume': {'size': 4}}}, target=ID2)]),
    'database_instance_upgrade': (
        ['database', 'instance', 'upgrade', 'db1', '8.0'],
        [row('db1', ID, 'PATCH', '/instances/' + ID,
             {'instance': {'datastore_version': 'v2'}})]),
    'database_instance_reset_status': (
        ['database', 'instance', 'reset', 'status', 'db1'],
        [action(ID, {'reset_status': {}})]),
    'database_instance_promote': (
        ['database', 'instance', 'promote', 'db1'],
        [action(ID, {'promote_to_replica_source': {}})]),
    'database_instance_promote_to_replica_source': (
        ['database', 'instance', 'promote', 'to', 'replica', 'source',
         'db1'],
        [action(ID, {'promote_to_replica_source': {}})]),
    'database_instance_eject': (
        ['database', 'instance', 'eject', 'db1'],
        [action(ID, {'eject_replica_source': {}})]),
    'database_instance_eject_replica_source': (
        ['database', 'instance', 'eject', 'replica', 'source', 'db1'],
        [action(ID, {'eject_replica_source': {}})]),
    'database_instance_detach': (
        ['database', 'instance', 'detach', 'db1', ID2],
        [row('db1', ID, 'PATCH', '/instances/' + ID,
             {'instance': {'replica_of': None}}),
         row(ID2, ID2, 'PATCH', '/instances/' + ID2,
             {'instance': {'replica_of': None}})]),
    'database_instance_detach_replica': (
        ['database', 'instance', 'detach', 'replica', ID2],
        [row(ID2, ID2, 'PATCH', '/instances/' + ID2,
             {'instance': {'replica_of': None}})]),
    'database_instance_reboot': (
        ['database', 'instance', 'reboot', 'db1'],
        [action(ID, {'reboot': {}}, mgmt=True)]),
    'database_instance_rebuild': (
        ['database', 'instance', 'rebuild', 'db1', 'image-2'],
        [action(ID, {'rebuild': {'image_id': 'image-2'}}, mgmt=True)]),
    'datastore_delete': (
        ['datastore', 'delete', 'mysql'],
        [row('mysql', fakes.DATASTORE_ID, 'DELETE',
             '/datastores/' + fakes.DATASTORE_ID)]),
    'datastore_version_create': (
        ['datastore', 'version', 'create', '8.4', 'mysql', 'mysql', 'img',
         '--enable'],
        [row('8.4', '', 'POST', '/mgmt/datastore-versions', {'version': {
            'name': '8.4', 'datastore_name': 'mysql',
            'datastore_manager': 'mysql', 'active': True, 'default': False,
            'packages': [], 'image': 'img'}})]),
    'datastore_version_set': (
        ['datastore', 'version', 'set', '5.7', '--datastore', 'mysql',
         '--version-name', '5.7-old', '--default'],
        [row('5.7', VERSION_ID, 'PATCH', versions_path(),
             {'name': '5.7-old'}),
         row('5.7', VERSION_ID, 'PATCH', versions_path(),
             {'default': True})]),
    'datastore_version_delete': (
        ['datastore', 'version', 'delete', VERSION_ID],
        [row(VERSION_ID, VERSION_ID, 'DELETE', versions_path())]),
}


def changing_commands():
    """The entry points of the commands that change something (a verb)."""
    found = {}
    for entry in importlib.metadata.entry_points(group='openstack.extension'):
        if not entry.value.startswith('troveclient_osc.'):
            continue
        if getattr(entry.load(), 'verb', None) is not None:
            found[entry.name] = entry
    return found


class TestDryRun(in_process.ShellTestCase):

    def setUp(self):
        super().setUp()
        grouped = instance(ID, 'db1', configuration={
            'id': fakes.CONFIGURATION_ID, 'name': 'cfg'})
        listed = {'instances': [grouped, instance(ID2, 'db2')]}
        self.requests.get(ENDPOINT + '/instances/detail', json=listed)
        self.requests.get(ENDPOINT + '/mgmt/instances', json=listed)
        for body in listed['instances']:
            self.requests.get(ENDPOINT + '/instances/' + body['id'],
                              json={'instance': body})
        self.requests.get(ENDPOINT + '/flavors',
                          json={'flavors': [fakes.FLAVOR]})
        self.requests.get(ENDPOINT + '/flavors/6',
                          json={'flavor': fakes.FLAVOR})
        self.requests.get(ENDPOINT + '/datastores/mysql',
                          json={'datastore': fakes.DATASTORE})
        self.requests.get(ENDPOINT + '/datastores/mysql/versions/5.7',
                          json={'version': fakes.VERSION})
        self.requests.get(ENDPOINT + '/datastores/mysql/versions/8.0',
                          json={'version': dict(fakes.VERSION, id='v2',
                                                name='8.0')})
        self.requests.get(ENDPOINT + '/datastores/versions/' + VERSION_ID,
                          json={'version': fakes.VERSION})
        # Whatever would change something answers as Trove would: a test
        # that sends one fails on request_history, not on a missing mock.
        anything = re.compile(re.escape(ENDPOINT) + '.*')
        for method in CHANGES:
            self.requests.register_uri(method, anything, status_code=202)

    def changes_sent(self):
        return ['%s %s' % (r.method, r.path) for r in
                self.requests.request_history if r.method in CHANGES]

    def dry_run(self, args, *more, code=0):
        exit_code, out, err = run_openstack(
            list(args) + ['--dry-run'] + list(more))
        self.assertEqual(code, exit_code, err)
        self.assertEqual([], self.changes_sent())
        self.assertEqual({'GET'}, {r.method for r in
                                   self.requests.request_history} or {'GET'})
        return out, err

    def test_every_command_that_changes_something_has_one(self):
        self.assertEqual(sorted(changing_commands()), sorted(PLANS))

    def test_each_sends_only_gets_and_prints_its_plan(self):
        for name, (args, plan) in PLANS.items():
            self.requests.reset_mock()
            out, err = self.dry_run(args, '-f', 'json')
            self.assertEqual(plan, json.loads(out), name)
            self.assertNotIn(PASSWORD, out + err, name)

    def test_names_and_ids_are_looked_up_in_one_scan(self):
        self.dry_run(['database', 'instance', 'delete', 'db1', ID2, 'db2'])
        self.assertEqual(['GET /v1.0/demo/instances/detail'],
                         ['GET ' + r.path
                          for r in self.requests.request_history])

    def test_one_id_is_one_get(self):
        self.dry_run(['database', 'instance', 'restart', ID2])
        self.assertEqual(['GET /v1.0/demo/instances/' + ID2],
                         ['GET ' + r.path
                          for r in self.requests.request_history])

    def test_a_table_by_default_with_the_body_as_json(self):
        out, _err = self.dry_run(['database', 'instance', 'restart', 'db1'])
        self.assertIn('| Target | ID', out)
        self.assertIn('| {"restart": {}} |', out)
        out, _err = self.dry_run(['database', 'instance', 'delete', 'db1'],
                                 '-f', 'value', '-c', 'Method', '-c', 'Body')
        self.assertEqual('DELETE \n', out)

    def test_an_instance_that_does_not_resolve_fails_as_in_a_real_run(self):
        out, err = self.dry_run(['database', 'instance', 'delete', 'db1',
                                 'nosuch', 'db2'], '-f', 'json', code=1)
        self.assertEqual(['db1', 'db2'],
                         [r['Target'] for r in json.loads(out)])
        self.assertEqual(
            ["Cannot delete database instance 'nosuch': No database "
             "instance with a name or ID of 'nosuch' exists.",
             '1 of 3 database instances would fail to delete (dry run: '
             'nothing was changed).'], err.splitlines())

    def test_one_instance_that_does_not_resolve_is_its_error(self):
        out, err = self.dry_run(['database', 'instance', 'restart', 'nosuch'],
                                code=1)
        self.assertEqual('', out)
        self.assertEqual("No database instance with a name or ID of 'nosuch' "
                         "exists.\n", err)

    def test_bad_arguments_exit_2_before_any_request(self):
        for args in (['database', 'instance', 'create', 'db9', '--size', '1'],
                     ['database', 'instance', 'set', 'db1'],
                     ['database', 'instance', 'resize', 'volume', 'db1', '0'],
                     ['database', 'instance', 'create', 'db9', '--flavor',
                      '6', '--volume-type', 'ssd']):
            self.requests.reset_mock()
            _out, err = self.dry_run(args, code=2)
            self.assertEqual([], self.requests.request_history, args)
            self.assertIn('error:', err)

    def test_a_format_of_one_record_is_refused(self):
        self.dry_run(['database', 'instance', 'create', 'db9', '--flavor',
                      '6'], '-f', 'shell', code=2)
        self.assertEqual([], self.requests.request_history)

    def test_wait_is_not_done(self):
        out, err = self.dry_run(['database', 'instance', 'restart', 'db1',
                                 '--wait'], '-f', 'json')
        self.assertEqual(1, len(json.loads(out)))
        self.assertEqual('', err)

    def test_or_show_of_an_existing_instance_would_send_nothing(self):
        out, err = self.dry_run(['database', 'instance', 'create', 'db1',
                                 '--flavor', '6', '--size', '2',
                                 '--or-show'], '-f', 'json')
        self.assertEqual([], json.loads(out))
        self.assertEqual(
            ["Database instance 'db1' (%s) exists: --or-show would show "
             "it, not create another" % ID,
             'It differs from the options given: volume size 1 (asked 2)'],
            err.splitlines())

    def test_or_show_of_a_new_name_would_create_it(self):
        out, _err = self.dry_run(['database', 'instance', 'create', 'db9',
                                  '--flavor', '6', '--or-show'], '-f', 'json')
        self.assertEqual([row('db9', '', 'POST', '/instances', {
            'instance': {'name': 'db9', 'flavorRef': '6'}})],
            json.loads(out))
        self.assertEqual(['GET /v1.0/demo/flavors/6',
                          'GET /v1.0/demo/instances/detail'],
                         ['GET ' + r.path
                          for r in self.requests.request_history])

    def test_replicas_end_at_the_create(self):
        out, _err = self.dry_run(['database', 'instance', 'create', 'rc',
                                  '--replica-of', 'db2', '--replica-count',
                                  '2', '--wait'], '-f', 'json')
        self.assertEqual([row('rc', '', 'POST', '/instances', {'instance': {
            'name': 'rc', 'replica_of': ID2, 'replica_count': 2}})],
            json.loads(out))
