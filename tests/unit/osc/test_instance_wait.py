"""``openstack database instance wait`` through the shell: the wait of
``--wait`` on its own, at the same cost (one GET per poll for one
instance; for several, one scan for the names and one walk of the listing
per poll), with the same progress lines, summary and exit codes. The fake
Trove of test_many answers: an instance told to change is seen changing by
one walk of the listing, and where it goes by the next.
"""

import functools
from unittest import mock

from tests.unit.fakes import FakeClock
from tests.unit.osc import fakes
from tests.unit.osc import in_process
from tests.unit.osc.in_process import run_openstack
from tests.unit.osc.test_many import FakeTrove
from tests.unit.osc.test_many import uuid
from troveclient_osc import waiters

ENDPOINT = in_process.ENDPOINT
LISTING = '/v1.0/demo/instances/detail'


class TestInstanceWait(in_process.ShellTestCase):

    def setUp(self):
        super().setUp()
        self.clock = FakeClock(start=0.0)
        patcher = mock.patch.object(
            waiters.Waiter, '__init__', functools.partialmethod(
                waiters.Waiter.__init__, sleep=self.clock.sleep,
                clock=self.clock))
        patcher.start()
        self.addCleanup(patcher.stop)

    def wait(self, *args):
        return run_openstack(('database', 'instance', 'wait') + args)

    def sent(self):
        return ['%s %s%s' % (r.method, r.path, '?' + r.query if r.query
                             else '') for r in self.requests.request_history]

    def changing(self, trove, number, status, to):
        trove.instances[uuid(number)]['status'] = status
        trove.changing[uuid(number)] = (to, 1)

    def test_one_instance_is_one_get_per_poll(self):
        url = ENDPOINT + '/instances/' + fakes.INSTANCE_ID
        self.requests.get(url, [
            {'json': {'instance': dict(fakes.INSTANCE, status='REBOOT',
                                       operating_status='')}},
            {'json': {'instance': fakes.INSTANCE}}])
        code, out, err = self.wait(fakes.INSTANCE_ID, '--status', 'ACTIVE')
        self.assertEqual(0, code, err)
        self.assertEqual('', out)
        self.assertEqual(['GET /v1.0/demo/instances/' + fakes.INSTANCE_ID] * 2,
                         self.sent())
        self.assertEqual(
            ['Waiting for database instance %s: status REBOOT, operating '
             'status -, 0s elapsed' % fakes.INSTANCE_ID,
             'Waiting for database instance %s: status ACTIVE, operating '
             'status HEALTHY, 2s elapsed' % fakes.INSTANCE_ID],
            err.splitlines())

    def test_several_names_one_scan_then_one_listing_per_poll(self):
        trove = FakeTrove(self.requests, 25)
        for number in (1, 21, 22):
            self.changing(trove, number, 'REBOOT', 'ACTIVE')
        code, _out, err = self.wait('db01', 'db21', 'db22', '--status',
                                    'active')
        self.assertEqual(0, code, err)
        walk = ['GET ' + LISTING,
                'GET %s?marker=%s' % (LISTING, uuid(19))]
        # the scan for the names (whose walk sees them change), then one
        # poll: every one ACTIVE
        self.assertEqual(walk + walk, self.sent())
        self.assertEqual(['3 of 3 ACTIVE, 0 failed, 0 s'], err.splitlines())

    def test_several_ids_need_no_scan(self):
        trove = FakeTrove(self.requests, 3)
        for number in range(3):
            self.changing(trove, number, 'REBOOT', 'ACTIVE')
        code, _out, err = self.wait(uuid(0), uuid(1), uuid(2), '--status',
                                    'ACTIVE')
        self.assertEqual(0, code, err)
        self.assertEqual(['GET ' + LISTING] * 2, self.sent())
        self.assertEqual(['0 of 3 ACTIVE, 3 REBOOT, 0 failed, 0 s',
                          '3 of 3 ACTIVE, 0 failed, 2 s'], err.splitlines())

    def test_deleted_waits_until_each_is_gone(self):
        trove = FakeTrove(self.requests, 4)
        for number in (0, 1):
            self.changing(trove, number, 'SHUTDOWN', None)
        code, _out, err = self.wait(uuid(0), 'db01', 'no-such-instance',
                                    '--deleted')
        self.assertEqual(0, code, err)
        # the scan for the names (a name no instance has is gone), one
        # poll, and a GET of each instance the listing no longer has,
        # whose 404 says it is gone
        self.assertEqual(
            ['GET ' + LISTING, 'GET ' + LISTING,
             'GET /v1.0/demo/instances/' + uuid(0),
             'GET /v1.0/demo/instances/' + uuid(1)], self.sent())
        self.assertEqual(['2 of 2 deleted, 0 failed, 0 s'],
                         err.splitlines())
        self.assertEqual(['db02', 'db03'],
                         [i['name'] for i in trove.instances.values()])

    def test_a_failure_status_ends_that_wait_and_counts(self):
        trove = FakeTrove(self.requests, 3, fail=[uuid(1)])
        for number in (0, 1):
            self.changing(trove, number, 'REBOOT', 'ACTIVE')
        trove.changing[uuid(1)] = ('ERROR', 1)
        code, _out, err = self.wait(uuid(0), uuid(1), 'nosuch', '--status',
                                    'ACTIVE')
        self.assertEqual(1, code, err)
        lines = err.splitlines()
        self.assertIn('database instance %s transitioned to failure state '
                      'ERROR: guest agent lost' % uuid(1), lines)
        self.assertIn("Cannot wait for database instance 'nosuch': No "
                      "database instance with a name or ID of 'nosuch' "
                      "exists.", lines)
        self.assertEqual('2 of 3 database instances failed to become '
                         'ACTIVE.', lines[-1])

    def test_a_status_asked_for_is_no_failure(self):
        trove = FakeTrove(self.requests, 2, fail=[uuid(0)])
        self.changing(trove, 0, 'REBOOT', 'ERROR')
        code, _out, err = self.wait(uuid(0), uuid(1), '--status',
                                    'ACTIVE,ERROR')
        self.assertEqual(0, code, err)
        self.assertEqual('2 of 2 ACTIVE/ERROR, 0 failed, 2 s',
                         err.splitlines()[-1])

    def test_the_timeout_holds_for_the_set(self):
        trove = FakeTrove(self.requests, 2)
        for number in (0, 1):
            self.changing(trove, number, 'REBOOT', 'ACTIVE')
        trove.changing[uuid(1)] = ('ACTIVE', 1000)
        code, _out, err = self.wait(uuid(0), uuid(1), '--status', 'ACTIVE',
                                    '--wait-timeout', '5')
        self.assertEqual(1, code, err)
        lines = err.splitlines()
        self.assertEqual(
            'Timeout waiting for 1 of 2 database instances to become ACTIVE '
            'after 5s: %s. Only the wait ended: Trove carries on with them'
            % uuid(1), lines[-2])
        self.assertEqual('1 of 2 database instances failed to become '
                         'ACTIVE.', lines[-1])

    def test_one_timeout_says_only_the_wait_ended(self):
        url = ENDPOINT + '/instances/' + fakes.INSTANCE_ID
        self.requests.get(url, json={'instance': dict(
            fakes.INSTANCE, status='BUILD')})
        code, _out, err = self.wait('--wait-timeout', '3', '--status',
                                    'ACTIVE', fakes.INSTANCE_ID)
        self.assertEqual(1, code, err)
        self.assertIn('Only the wait ended: it exists and Trove carries on '
                      "with it; follow it with 'openstack database instance "
                      "show %s'" % fakes.INSTANCE_ID, err.splitlines()[-1])

    def test_bad_statuses_and_a_missing_one_exit_2_before_any_request(self):
        for args in (('db1', '--status', 'RUNNING'),
                     ('db1', '--status', 'ACTIVE,'),
                     ('db1',),
                     ('db1', '--status', 'ACTIVE', '--deleted')):
            code, _out, err = self.wait(*args)
            self.assertEqual(2, code, args)
            self.assertIn('error:', err)
        self.assertEqual([], self.requests.request_history)
        self.assertIn("argument --status: Invalid status 'RUNNING': must be "
                      'one of ACTIVE, BACKUP,', self.wait(
                          'db1', '--status', 'RUNNING')[2])
        # an operating status is none of an instance's statuses
        self.assertIn("Invalid status 'HEALTHY'", self.wait(
            'db1', '--status', 'ACTIVE,HEALTHY')[2])
