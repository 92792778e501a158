"""What the commands say when Trove detaches a configuration group on a
change that did not ask for it, an upgrade to the version an instance
runs, and the options an older Trove answers with a 500: the real shell,
requests-mock underneath.
"""

import copy

from tests.unit.osc import fakes
from tests.unit.osc import in_process
from tests.unit.osc.in_process import run_openstack

ENDPOINT = in_process.ENDPOINT
ID = fakes.INSTANCE_ID
URL = ENDPOINT + '/instances/' + ID
GROUP = '2aa51628-5c42-4086-8682-137caffd2ba6'
BUSY = 'The operation you have requested cannot be executed because the ' \
    'instance status is currently: %s.'
REATTACHED = (
    "Trove detached configuration group 'tuned' (%s) from database instance "
    "'%%s' on that change (a Trove bug, fixed in 23.1.0, 24.1.0 and "
    "25.0.0); attached it again." % GROUP)


def shown(**changes):
    body = copy.deepcopy(fakes.INSTANCE)
    body.update(changes)
    return {'json': {'instance': body}}


WITH_GROUP = shown(configuration={'id': GROUP, 'name': 'tuned'})


class TestConfigurationKept(in_process.ShellTestCase):

    def sent(self):
        return ['%s %s' % (r.method, r.path)
                for r in self.requests.request_history]

    def test_set_name_without_a_group_is_the_get_and_the_put(self):
        self.requests.get(URL, [shown()])
        self.requests.put(URL, status_code=202)
        code, out, err = run_openstack(
            ['database', 'instance', 'set', ID, '--name', 'db2'])
        self.assertEqual((0, '', ''), (code, out, err))
        self.assertEqual(['GET /v1.0/demo/instances/' + ID,
                          'PUT /v1.0/demo/instances/' + ID], self.sent())

    def test_set_name_says_in_one_line_that_the_group_was_attached_again(
            self):
        self.requests.get(URL, [WITH_GROUP, shown(name='db2')])
        self.requests.put(URL, status_code=202)
        code, out, err = run_openstack(
            ['database', 'instance', 'set', ID, '--name', 'db2'])
        self.assertEqual((0, '', REATTACHED % 'db2' + '\n'),
                         (code, out, err))
        self.assertEqual(['GET', 'PUT', 'GET', 'PUT'],
                         [r.method for r in self.requests.request_history])
        self.assertEqual({'instance': {'configuration': GROUP}},
                         self.requests.last_request.json())

    def test_set_private_keeps_the_group_through_a_busy_instance(self):
        self.requests.get(URL, [WITH_GROUP, shown()])
        self.requests.put(URL, [
            {'status_code': 202},
            {'status_code': 400, 'json': {'badRequest': {
                'code': 400, 'message': BUSY % 'UPDATING'}}},
            {'status_code': 202}])
        code, out, err = run_openstack(
            ['database', 'instance', 'set', ID, '--private'])
        self.assertEqual((0, '', REATTACHED % 'db1' + '\n'),
                         (code, out, err))

    def test_a_group_trove_will_not_take_back_fails_the_command(self):
        self.requests.get(URL, [WITH_GROUP, shown(name='db2')])
        self.requests.put(URL, [
            {'status_code': 202},
            {'status_code': 400, 'json': {'badRequest': {
                'code': 400, 'message': BUSY % 'RESTART_REQUIRED'}}}])
        code, out, err = run_openstack(
            ['database', 'instance', 'set', ID, '--name', 'db2'])
        self.assertEqual((1, ''), (code, out))
        [line] = err.splitlines()
        self.assertIn("Trove detached configuration group 'tuned'", line)
        self.assertTrue(line.endswith(
            'Trove refuses while the instance is RESTART_REQUIRED; restart '
            'it, then attach the group again'), line)

    def test_detach_keeps_the_replica_s_group(self):
        self.requests.get(URL, [WITH_GROUP, shown()])
        self.requests.patch(URL, status_code=202)
        self.requests.put(URL, status_code=202)
        code, out, err = run_openstack(
            ['database', 'instance', 'detach', ID])
        self.assertEqual((0, '', REATTACHED % 'db1' + '\n'),
                         (code, out, err))
        self.assertEqual(['GET', 'PATCH', 'GET', 'PUT'],
                         [r.method for r in self.requests.request_history])

    def test_upgrade_that_lost_the_group_says_to_attach_one_for_the_new_one(
            self):
        self.requests.get(URL, [WITH_GROUP, shown(
            status='UPGRADE', datastore={'type': 'mysql', 'version': '8.0'})])
        self.requests.get(ENDPOINT + '/datastores/mysql/versions/8.0',
                          json={'version': dict(fakes.VERSION, id='v8',
                                                name='8.0')})
        self.requests.patch(URL, status_code=202)
        code, out, err = run_openstack(
            ['database', 'instance', 'upgrade', ID, '8.0'])
        self.assertEqual((1, ''), (code, out))
        [line] = err.splitlines()
        self.assertTrue(line.endswith(
            'it is a group for datastore version 5.7 and the instance now '
            'runs 8.0; attach a group made for 8.0'), line)
        self.assertEqual({'instance': {'datastore_version': 'v8'}},
                         self.requests.request_history[2].json())

    def test_upgrade_to_the_version_it_runs_is_a_usage_error_unsent(self):
        self.requests.get(URL, [shown()])
        self.requests.get(ENDPOINT + '/datastores/mysql/versions/5.7',
                          json={'version': fakes.VERSION})
        code, out, err = run_openstack(
            ['database', 'instance', 'upgrade', ID, '5.7'])
        self.assertEqual((2, ''), (code, out))
        self.assertTrue(err.rstrip().endswith(
            "error: Database instance 'db1' already runs datastore "
            'version 5.7'), err)
        self.assertEqual(['GET', 'GET'],
                         [r.method for r in self.requests.request_history])

    def test_upgrade_of_many_fails_the_one_on_that_version(self):
        other = '00000000-0000-4000-8000-000000000002'
        self.requests.get(ENDPOINT + '/instances/detail', json={
            'instances': [fakes.INSTANCE, dict(
                fakes.INSTANCE, id=other, name='db2',
                datastore={'type': 'mysql', 'version': '5.6'})]})
        self.requests.get(ENDPOINT + '/datastores/mysql/versions/5.7',
                          json={'version': fakes.VERSION})
        self.requests.patch(ENDPOINT + '/instances/' + other,
                            status_code=202)
        code, out, err = run_openstack(
            ['database', 'instance', 'upgrade', ID, other, '5.7'])
        self.assertEqual((1, ''), (code, out))
        self.assertIn("Database instance 'db1' already runs datastore "
                      'version 5.7', err)
        self.assertIn('1 of 2 database instances failed to upgrade.', err)
        self.assertEqual(['PATCH /v1.0/demo/instances/' + other],
                         [s for s in self.sent() if s.startswith('PATCH')])


class TestOlderTroveHint(in_process.ShellTestCase):

    VERSIONS = ENDPOINT + '/datastores/mysql/versions/5.7'
    MGMT = ENDPOINT + '/mgmt/datastore-versions/' + fakes.VERSION_ID
    ERROR = {'computeFault': {'code': 500, 'message': (
        'Internal Server Error. Please keep this ID to help us figure out '
        'what went wrong: (634fc010).')}}

    def setUp(self):
        super().setUp()
        self.requests.get(self.VERSIONS, json={'version': fakes.VERSION})
        self.requests.patch(self.MGMT, status_code=500, json=self.ERROR)

    def test_a_500_to_a_newer_option_names_it(self):
        for option in ('--registry-ext', '--repl-strategy'):
            code, out, err = run_openstack(
                ['datastore', 'version', 'set', '5.7', '--datastore',
                 'mysql', option, 'x.Y'])
            self.assertEqual((1, ''), (code, out))
            self.assertEqual(
                'Internal Server Error. Please keep this ID to help us '
                'figure out what went wrong: (634fc010). (HTTP 500) (%s '
                'needs Trove 2024.2 or newer; an older Trove answers it '
                'with this error)\n' % option, err)

    def test_a_500_to_other_options_has_no_hint(self):
        code, _out, err = run_openstack(
            ['datastore', 'version', 'set', '5.7', '--datastore', 'mysql',
             '--disable'])
        self.assertEqual(1, code)
        self.assertNotIn('2024.2', err)
        self.assertIn('(HTTP 500)', err)

    def test_the_help_says_which_trove_the_options_need(self):
        for command in ('set', 'create'):
            _code, out, _err = run_openstack(
                ['datastore', 'version', command, '--help'])
            text = ' '.join(out.split())
            self.assertIn('Custom datastore manager class for this version '
                          '(Trove 2024.2 or newer)', text)
            self.assertIn('Custom replication strategy class for this '
                          'version (Trove 2024.2 or newer)', text)
