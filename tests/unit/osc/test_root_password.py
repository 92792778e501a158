"""The root password Trove generates on create is shown once, and only on
stdout (issue 22 item 1).

For a datastore with ``root_on_create``, Trove's answer to the create has
the database's root password as ``password``, and Trove never shows it
again. ``database instance create`` prints it in its output, in every
format, with one line on stderr saying so; it never reaches a log, the
``--debug`` output or an error message, and a ``--wait`` that fails still
prints it (the instance exists and keeps it).
"""

import json
import logging
import os

from tests.unit import fakes as unit_fakes
from tests.unit.osc import fakes
from tests.unit.osc import in_process
from tests.unit.osc.in_process import run_openstack

ENDPOINT = in_process.ENDPOINT
ID = fakes.INSTANCE_ID
ROOT = 'Rt7-generated-by-Trove'
CREATED = dict(fakes.INSTANCE, status='BUILD', password=ROOT)
ONCE = ('Trove shows the root password of database instance %s only once, '
        'in this output' % ID)


class TestRootPassword(in_process.ShellTestCase):

    def setUp(self):
        super().setUp()
        self.requests.post(ENDPOINT + '/instances',
                           json={'instance': CREATED})

    def create(self, *args):
        return run_openstack(('database', 'instance', 'create', 'db1',
                              '--flavor', '6', '--size', '1') + args)

    def test_create_prints_it_with_one_line_on_stderr(self):
        code, out, err = self.create('-f', 'json')
        self.assertEqual(0, code, err)
        self.assertEqual(ROOT, json.loads(out)['password'])
        self.assertEqual([ONCE], err.splitlines())

    def test_every_format_prints_it(self):
        for args, expected in ((('-f', 'value', '-c', 'password'), ROOT),
                               (('-f', 'shell', '-c', 'password'),
                                'password="%s"' % ROOT),
                               (('-f', 'yaml', '-c', 'password'),
                                'password: %s' % ROOT),
                               (('-c', 'password'), ROOT)):
            code, out, err = self.create(*args)
            self.assertEqual(0, code, err)
            self.assertIn(expected, out, args)

    def test_not_in_the_debug_output_nor_the_log_file(self):
        log_file = self.useFixture(_TempFile()).path
        code, out, err = run_openstack(
            ('--debug', '--log-file', log_file, 'database', 'instance',
             'create', 'db1', '--flavor', '6', '--size', '1', '-f', 'value',
             '-c', 'password'))
        self.assertEqual(0, code, err)
        self.assertEqual(ROOT + '\n', out)
        self.assertIn('"password": "***"', err)  # the response, logged
        with open(log_file) as stream:
            logged = stream.read()
        self.assertIn(ONCE, logged)
        self.assertEqual(0, (err + logged).count(ROOT))

    def test_a_wait_keeps_it_though_the_polls_have_none(self):
        self.requests.get(ENDPOINT + '/instances/' + ID,
                          json={'instance': fakes.INSTANCE})
        code, out, err = self.create('--wait', '-f', 'json')
        self.assertEqual(0, code, err)
        shown = json.loads(out)
        self.assertEqual(('ACTIVE', ROOT), (shown['status'],
                                            shown['password']))
        self.assertNotIn(ROOT, err)

    def test_a_failed_wait_prints_it_first_and_the_error_has_none(self):
        self.requests.get(ENDPOINT + '/instances/' + ID, json={
            'instance': dict(fakes.INSTANCE, status='ERROR', fault={
                'message': 'no host', 'created': 'c', 'details': None})})
        code, out, err = self.create('--wait', '-f', 'json')
        self.assertEqual(1, code)
        shown = json.loads(out)
        self.assertEqual(('BUILD', ROOT), (shown['status'],
                                           shown['password']))
        self.assertIn('ERROR', err)
        self.assertNotIn(ROOT, err)

    def test_nothing_said_without_one(self):
        self.requests.post(ENDPOINT + '/instances', json={
            'instance': dict(fakes.INSTANCE, status='BUILD')})
        code, out, err = self.create('-f', 'json')
        self.assertEqual(0, code, err)
        self.assertEqual('', json.loads(out)['password'])
        self.assertEqual('', err)


class TestLibrary(in_process.ShellTestCase):

    def test_create_returns_it_on_the_resource_and_repr_hides_it(self):
        self.requests.post(unit_fakes.url('/instances'),
                           json={'instance': CREATED})
        client = unit_fakes.make_client(unit_fakes.FakeClock())
        with self.assertLogs('troveclient_osc', logging.DEBUG) as logs:
            instance = client.instances.create('db1', '6', volume=1)
        self.assertEqual(ROOT, instance.password)
        self.assertEqual(ROOT, instance.to_dict()['password'])
        self.assertNotIn(ROOT, repr(instance) + str(instance))
        self.assertNotIn(ROOT, '\n'.join(logs.output))


class _TempFile:
    """A fixture: the path of a temporary file, removed afterwards."""

    def setUp(self):
        import tempfile
        handle, self.path = tempfile.mkstemp(prefix='root-password-')
        os.close(handle)

    def cleanUp(self):
        os.unlink(self.path)

    def getDetails(self):
        return {}
