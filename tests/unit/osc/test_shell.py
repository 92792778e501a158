"""The real ``openstack`` shell, in process, against requests-mock.

These pin what unit tests of single commands cannot: the exit codes and the
one-line errors OpenStackClient prints for our exceptions, the stderr
messages, and that no password reaches stdout or stderr even with --debug
(OSC logs argv and the parsed arguments then).
"""

import json
from importlib import metadata
from unittest import mock

from tests.unit.osc import fakes
from tests.unit.osc import in_process
from tests.unit.osc.in_process import run_openstack

ENDPOINT = in_process.ENDPOINT
SECRET = 'Zq9Sekr1tPw'


class TestOpenStackShell(in_process.ShellTestCase):

    def openstack(self, *args, stdin=''):
        return run_openstack(args, stdin=stdin)

    def _mock_create(self, status=200, echo=False):
        def reply(request, context):
            context.status_code = status
            context.headers['x-openstack-request-id'] = 'req-9'
            if echo:
                password = request.json()['instance']['users'][0]['password']
                return {'badRequest': {'code': 400, 'message':
                                       "Validation error: '%s'" % password}}
            return {'instance': dict(fakes.INSTANCE, status='BUILD')}

        self.requests.post(ENDPOINT + '/instances', json=reply)

    def test_list_prints_json_lists_and_exits_0(self):
        self.requests.get(ENDPOINT + '/instances',
                          json={'instances': [fakes.INSTANCE]})
        code, out, err = self.openstack('database', 'instance', 'list',
                                        '-f', 'json')
        self.assertEqual(0, code, err)
        rows = json.loads(out)
        self.assertEqual([{'address': '10.1.0.62', 'type': 'private'}],
                         rows[0]['Addresses'])

    def test_bad_limit_exits_2_without_a_request(self):
        code, _out, err = self.openstack('database', 'instance', 'list',
                                         '--limit', '0')
        self.assertEqual(2, code)
        self.assertIn("'0' must be a positive integer", err)
        self.assertEqual(0, self.requests.call_count)

    def test_server_error_is_one_line_with_status_and_request_id(self):
        self.requests.get(ENDPOINT + '/instances/' + fakes.INSTANCE_ID,
                          status_code=404, headers={
                              'x-openstack-request-id': 'req-1'},
                          json={'itemNotFound': {'message': 'Gone away'}})
        self.requests.get(ENDPOINT + '/instances/detail',
                          json={'instances': []})
        code, out, err = self.openstack('database', 'instance', 'show',
                                        fakes.INSTANCE_ID)
        self.assertEqual(1, code)
        self.assertEqual('', out)
        self.assertEqual(["No database instance with a name or ID of '%s' "
                          "exists." % fakes.INSTANCE_ID], err.splitlines())

    def test_http_error_keeps_the_request_id(self):
        self.requests.get(ENDPOINT + '/flavors/6', status_code=503,
                          headers={'x-openstack-request-id': 'req-5'},
                          text='<html><h1>Down</h1></html>')
        with mock.patch('time.sleep'):
            code, _out, err = self.openstack('database', 'flavor', 'show',
                                             '6')
        # The library's retry warnings come first, then the one error line.
        lines = [line for line in err.splitlines()
                 if 'Retrying in' not in line]
        self.assertEqual(1, code)
        self.assertEqual(1, len(lines), err)
        self.assertIn('(HTTP 503) (Request-ID: req-5)', lines[0])
        self.assertNotIn('Traceback', err)

    def test_partial_delete_failure_reports_each_and_the_count(self):
        for ident, status in (('id-a', 202), ('id-c', 409)):
            self.requests.get(ENDPOINT + '/instances/detail', json={
                'instances': [dict(fakes.INSTANCE, id='id-a', name='a'),
                              dict(fakes.INSTANCE, id='id-c', name='c')]})
            self.requests.delete(ENDPOINT + '/instances/' + ident,
                                 status_code=status,
                                 json={'conflict': {'message': 'Busy'}})
        code, _out, err = self.openstack('database', 'instance', 'delete',
                                         'a', 'b', 'c')
        self.assertEqual(1, code)
        deletes = [r for r in self.requests.request_history
                   if r.method == 'DELETE']
        self.assertEqual(2, len(deletes))
        self.assertEqual([
            "Failed to delete database instance 'b': No database instance "
            "with a name or ID of 'b' exists.",
            "Failed to delete database instance 'c': Busy (HTTP 409)",
            '2 of 3 database instances failed to delete.'],
            err.splitlines())

    def test_no_password_in_any_output_with_debug(self):
        self._mock_create()
        for extra in (['--debug'], ['-v'], []):
            code, out, err = self.openstack(
                *extra, 'database', 'instance', 'create', 'db1', '--flavor',
                '6', '--size', '1', '--user',
                'name=bob,password=%s,host=%%' % SECRET)
            self.assertEqual(0, code, err)
            self.assertEqual(0, (out + err).count(SECRET), extra)
        sent = self.requests.request_history[-1].json()
        self.assertEqual(SECRET, sent['instance']['users'][0]['password'])

    def test_no_legacy_users_password_in_any_output_with_debug(self):
        # osc-lib logs the command line ("START with options") at INFO.
        self._mock_create()
        for extra in (['--debug'], ['-v']):
            code, out, err = self.openstack(
                *extra, 'database', 'instance', 'create', 'db1', '--flavor',
                '6', '--users', 'bob:%s' % SECRET)
            self.assertEqual(0, code, err)
            self.assertIn('--users bob:***', err)
            self.assertEqual(0, (out + err).count(SECRET), extra)
        sent = self.requests.request_history[-1].json()
        self.assertEqual(SECRET, sent['instance']['users'][0]['password'])

    def test_no_password_from_a_file_in_any_output_with_debug(self):
        self._mock_create()
        code, out, err = self.openstack(
            '--debug', 'database', 'instance', 'create', 'db1', '--flavor',
            '6', '--user', 'name=bob', '--password-file', '-',
            stdin=SECRET + '\n')
        self.assertEqual(0, code, err)
        self.assertEqual(0, (out + err).count(SECRET))
        sent = self.requests.request_history[-1].json()
        self.assertEqual(SECRET, sent['instance']['users'][0]['password'])

    def test_echoed_password_is_masked_in_the_error(self):
        self._mock_create(status=400, echo=True)
        code, out, err = self.openstack(
            'database', 'instance', 'create', 'db1', '--flavor', '6',
            '--user', 'name=bob,password=%s' % SECRET)
        self.assertEqual(1, code)
        self.assertEqual(["Validation error: '***' (HTTP 400) "
                          "(Request-ID: req-9)"], err.splitlines())
        self.assertNotIn(SECRET, out + err)

    def test_echoed_password_is_not_in_the_debug_log(self):
        self._mock_create(status=400, echo=True)

        _code, out, err = self.openstack(
            '--debug', 'database', 'instance', 'create', 'db1',
            '--flavor', '6', '--user', 'name=bob,password=%s' % SECRET)
        self.assertEqual(0, (out + err).count(SECRET))

    def test_password_prompt_without_a_terminal_exits_1(self):
        code, _out, err = self.openstack(
            'database', 'instance', 'create', 'db1', '--flavor', '6',
            '--user', 'name=bob', '--password-prompt')
        self.assertEqual(1, code)
        self.assertEqual(['No terminal detected attempting to read password'],
                         err.splitlines())
        self.assertEqual(0, self.requests.call_count)

    def test_python_troveclient_is_not_needed(self):
        # The plugin's own client is what the commands use, whatever else
        # is installed.
        try:
            metadata.distribution('python-troveclient')
        except metadata.PackageNotFoundError:
            return
        self.requests.get(ENDPOINT + '/flavors', json={'flavors': []})
        code, _out, err = self.openstack('database', 'flavor', 'list')
        self.assertEqual(0, code, err)


class TestDatabaseApiVersion(in_process.ShellTestCase):
    """An unsupported database API version stops the database commands
    only: OpenStackClient asks the plugin about it before every command."""

    def test_other_commands_still_run(self):
        code, out, err = run_openstack(
            ['--os-database-api-version', '2', 'server', 'list', '--help'])
        self.assertEqual(0, code, err)
        self.assertIn('usage:', out)
        self.assertNotIn('Database API version', err)

    def test_a_database_command_refuses_it_in_one_line(self):
        code, out, err = run_openstack(
            ['--os-database-api-version', '2', 'database', 'flavor',
             'list'])
        self.assertEqual(1, code)
        self.assertEqual('', out)
        self.assertEqual(['Database API version 2 is not supported; '
                          'supported: 1'], err.strip().splitlines())
        self.assertEqual([], self.requests.request_history)
