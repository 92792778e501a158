"""troveclient_osc.osc.many, through the shell: the requests a command on
many instances sends, and what it says.

Each multi-target command costs one request per instance (two for a force
delete), one walk of the listing for all the names, and with --wait one
walk of the listing per poll, whatever the number of instances. A small
fake Trove (requests-mock callbacks) answers: a DELETE makes an instance
SHUTDOWN, and it is gone from the listing one poll later; an action makes
it REBOOT, and ACTIVE one poll later (or ERROR, for those told to fail).
"""

import functools
import json
import re
import urllib.parse
from unittest import mock

from tests.unit.fakes import FakeClock
from tests.unit.osc import fakes
from tests.unit.osc import in_process
from tests.unit.osc.in_process import run_openstack
from troveclient_osc import waiters

ENDPOINT = in_process.ENDPOINT
PAGE = 20


def uuid(number):
    return '00000000-0000-4000-8000-%012d' % number


class FakeTrove:
    """Instances by ID, in order; the listing in pages of 20."""

    def __init__(self, requests, count, fail=()):
        self.requests = requests
        self.instances = {}
        for number in range(count):
            self.instances[uuid(number)] = dict(
                fakes.INSTANCE, id=uuid(number), name='db%02d' % number,
                status='ACTIVE')
        self.fail = set(fail)
        # id -> (the status it goes to, None for gone; the walks of the
        # listing that still see it changing)
        self.changing = {}
        for path in ('/instances/detail', '/mgmt/instances'):
            requests.get(ENDPOINT + path, json=self.listing)
        action = re.compile(re.escape(ENDPOINT) +
                            r'(/mgmt)?/instances/[^/]+/action$')
        requests.post(action, text=self.action)
        one = re.compile(re.escape(ENDPOINT) + r'/instances/[^/]+$')
        requests.delete(one, text=self.delete)
        requests.patch(one, text=self.action)
        # one instance by ID (not the detailed listing)
        requests.get(re.compile(re.escape(ENDPOINT) +
                                r'/instances/(?!detail\b)[^/?]+$'),
                     text=self.show)

    def listing(self, request, context):
        query = urllib.parse.parse_qs(request.query)
        if 'marker' not in query:
            # A new walk of the listing: what changed before the last one
            # got where it was going.
            for ident, (status, walks) in list(self.changing.items()):
                if walks:
                    self.changing[ident] = (status, walks - 1)
                    continue
                del self.changing[ident]
                if status is None:
                    del self.instances[ident]
                else:
                    self.instances[ident]['status'] = status
                    if status == 'ERROR':
                        self.instances[ident]['fault'] = {
                            'message': 'guest agent lost'}
        items = list(self.instances.values())
        start = 0
        if 'marker' in query:
            start = [i['id'] for i in items].index(query['marker'][0]) + 1
        page = items[start:start + PAGE]
        links = []
        if start + PAGE < len(items):
            links = [{'rel': 'next', 'href': 'https://elsewhere/instances'
                      '?marker=%s' % page[-1]['id']}]
        return {'instances': page, 'links': links}

    def _instance(self, request, context):
        ident = request.path.split('/instances/')[1].split('/')[0]
        if ident not in self.instances:
            context.status_code = 404
            return None
        return ident

    def action(self, request, context):
        ident = self._instance(request, context)
        if ident is None:
            return '{"itemNotFound": {"code": 404, "message": "Not found"}}'
        self.instances[ident]['status'] = 'REBOOT'
        self.changing[ident] = ('ERROR' if ident in self.fail else 'ACTIVE',
                                1)
        context.status_code = 202
        return ''

    def show(self, request, context):
        ident = self._instance(request, context)
        if ident is None:
            return '{"itemNotFound": {"code": 404, "message": "Not found"}}'
        return json.dumps({'instance': self.instances[ident]})

    def delete(self, request, context):
        ident = self._instance(request, context)
        if ident is None:
            return '{"itemNotFound": {"code": 404, "message": "Not found"}}'
        self.instances[ident]['status'] = 'SHUTDOWN'
        self.changing[ident] = (None, 1)
        context.status_code = 202
        return ''


class TestManyRoundTrips(in_process.ShellTestCase):

    def setUp(self):
        super().setUp()
        # The waits sleep on a fake clock: no time passes in these tests.
        self.clock = FakeClock(start=0.0)
        self.patch(waiters.Waiter, '__init__', functools.partialmethod(
            waiters.Waiter.__init__, sleep=self.clock.sleep,
            clock=self.clock))

    def patch(self, target, name, value):
        patcher = mock.patch.object(target, name, value)
        patcher.start()
        self.addCleanup(patcher.stop)

    def openstack(self, *args):
        return run_openstack(('database', 'instance') + args)

    def sent(self, method=None):
        return ['%s %s%s' % (r.method, r.path, '?' + r.query if r.query
                             else '')
                for r in self.requests.request_history
                if method is None or r.method == method]

    def test_delete_40_names_with_wait_one_scan_one_listing_per_poll(self):
        trove = FakeTrove(self.requests, 45)
        names = ['db%02d' % n for n in range(40)]
        code, _out, err = self.openstack('delete', *names, '--wait')
        self.assertEqual(0, code, err)
        self.assertEqual(['db40', 'db41', 'db42', 'db43', 'db44'],
                         [i['name'] for i in trove.instances.values()])
        self.assertEqual(40, len(self.sent('DELETE')))
        self.assertEqual(sorted('DELETE /v1.0/demo/instances/%s' % uuid(n)
                                for n in range(40)),
                         sorted(self.sent('DELETE')))
        listing = '/v1.0/demo/instances/detail'
        walk = ['GET ' + listing,
                'GET %s?marker=%s' % (listing, uuid(19)),
                'GET %s?marker=%s' % (listing, uuid(39))]
        # the scan (3 pages), the first poll (3 pages: all 40 SHUTDOWN)
        # and the second (1 page: the 5 left), then (issue 25) a GET of
        # each instance no longer listed, whose 404 says it is gone: 87
        # requests in all, where they were 47
        gets = self.sent('GET')
        self.assertEqual(walk + walk + ['GET ' + listing], gets[:7])
        self.assertEqual(sorted('GET /v1.0/demo/instances/%s' % uuid(n)
                                for n in range(40)), sorted(gets[7:]))
        self.assertEqual(87, len(self.requests.request_history))
        self.assertEqual(['0 of 40 deleted, 40 SHUTDOWN, 0 failed, 0 s',
                          '40 of 40 deleted, 0 failed, 2 s'],
                         err.splitlines())

    def test_restart_names_and_ids_with_wait(self):
        FakeTrove(self.requests, 5)
        code, _out, err = self.openstack('restart', 'db01', uuid(2), 'db03',
                                         '--wait')
        self.assertEqual(0, code, err)
        self.assertEqual(['GET /v1.0/demo/instances/detail'],
                         self.sent('GET')[:1])
        self.assertEqual(sorted('POST /v1.0/demo/instances/%s/action'
                                % uuid(n) for n in (1, 2, 3)),
                         sorted(self.sent('POST')))
        self.assertEqual([{'restart': {}}] * 3,
                         [r.json() for r in self.requests.request_history
                          if r.method == 'POST'])
        # one scan, then polls: REBOOT, then ACTIVE
        self.assertEqual(3, len(self.sent('GET')))
        self.assertEqual(['0 of 3 ACTIVE, 3 REBOOT, 0 failed, 0 s',
                          '3 of 3 ACTIVE, 0 failed, 2 s'], err.splitlines())

    def test_ids_alone_need_no_scan(self):
        FakeTrove(self.requests, 3)
        code, _out, err = self.openstack('restart', uuid(0), uuid(1),
                                         uuid(2))
        self.assertEqual(0, code, err)
        self.assertEqual([], self.sent('GET'))
        self.assertEqual(3, len(self.sent('POST')))

    def test_per_target_failures_in_the_order_given(self):
        trove = FakeTrove(self.requests, 6)
        trove.instances[uuid(5)]['name'] = 'db04'  # two named db04
        code, _out, err = self.openstack(
            'restart', 'db00', 'nothing', 'db04', uuid(99), 'db01')
        self.assertEqual(1, code)
        lines = err.splitlines()
        self.assertEqual(
            ["Failed to restart database instance 'nothing': No database "
             "instance with a name or ID of 'nothing' exists.",
             "Failed to restart database instance 'db04': More than one "
             "database instance exists with the name 'db04'. Use one of the "
             "IDs: %s, %s." % (uuid(4), uuid(5)),
             "Failed to restart database instance '%s': No database "
             "instance with a name or ID of '%s' exists."
             % (uuid(99), uuid(99)),
             '3 of 5 database instances failed to restart.'], lines)
        # one scan serves the names and the refused ID; nothing is sent
        # for a target that did not resolve
        self.assertEqual(['GET /v1.0/demo/instances/detail'],
                         self.sent('GET'))
        self.assertEqual(sorted(
            ['POST /v1.0/demo/instances/%s/action' % uuid(n)
             for n in (0, 1, 99)]), sorted(self.sent('POST')))

    def test_a_failure_in_the_wait_is_reported_at_once(self):
        FakeTrove(self.requests, 3, fail=[uuid(1)])
        code, _out, err = self.openstack('restart', uuid(0), uuid(1),
                                         uuid(2), '--wait')
        self.assertEqual(1, code)
        self.assertEqual(
            ['0 of 3 ACTIVE, 3 REBOOT, 0 failed, 0 s',
             'database instance %s transitioned to failure state ERROR: '
             'guest agent lost' % uuid(1),
             '2 of 3 ACTIVE, 1 failed, 2 s',
             '1 of 3 database instances failed to restart.'],
            err.splitlines())

    def test_the_wait_timeout_holds_for_the_set(self):
        trove = FakeTrove(self.requests, 2)
        trove.changing = {}
        self.requests.post(re.compile(re.escape(ENDPOINT) + '/instances/'),
                           status_code=202)  # they stay ACTIVE: no REBOOT
        code, _out, err = self.openstack(
            'reset', 'status', uuid(0), uuid(1), '--wait',
            '--wait-timeout', '3')
        # reset status waits for any settled status: ACTIVE counts
        self.assertEqual(0, code, err)
        trove.instances[uuid(0)]['status'] = 'BUILD'
        trove.instances[uuid(1)]['status'] = 'BUILD'
        code, _out, err = self.openstack(
            'reset', 'status', uuid(0), uuid(1), '--wait',
            '--wait-timeout', '3')
        self.assertEqual(1, code)
        lines = err.splitlines()
        self.assertEqual(
            'Timeout waiting for 2 of 2 database instances to become '
            'ACTIVE/ERROR/FAILED/SHUTDOWN/RESTART_REQUIRED/HEALTHY after 3s: '
            '%s, %s. Only the wait ended: Trove carries on with them'
            % (uuid(0), uuid(1)), lines[-2])
        self.assertEqual('2 of 2 database instances failed to reset.',
                         lines[-1])

    def test_force_delete_resets_then_deletes_each(self):
        FakeTrove(self.requests, 2)
        code, _out, err = self.openstack('force', 'delete', 'db00', 'db01')
        self.assertEqual(0, code, err)
        self.assertEqual(1, len(self.sent('GET')))
        for number in (0, 1):
            path = '/v1.0/demo/instances/%s' % uuid(number)
            sent = [s for s in self.sent() if path in s]
            self.assertEqual(['POST %s/action' % path, 'DELETE ' + path],
                             sent)

    def test_admin_waits_poll_the_listing_of_every_project(self):
        FakeTrove(self.requests, 2)
        for args in (('reset', 'status'), ('force', 'delete')):
            before = len(self.sent('GET'))
            code, _out, err = self.openstack(*args, uuid(0), uuid(1),
                                             '--wait')
            self.assertEqual(0, code, err)
            # IDs: no scan; two polls (changing, then done), and (issue
            # 25) after a deletion a GET of each: its 404 says it is gone
            gone = ([] if args[0] == 'reset' else sorted(
                'GET /v1.0/demo/instances/%s' % uuid(n) for n in (0, 1)))
            self.assertEqual(
                ['GET /v1.0/demo/mgmt/instances?deleted=false'] * 2 + gone,
                self.sent('GET')[before:])

    def test_resize_flavor_looks_the_flavor_up_once(self):
        FakeTrove(self.requests, 3)
        self.requests.get(ENDPOINT + '/flavors',
                          json={'flavors': [fakes.FLAVOR]})
        code, _out, err = self.openstack('resize', 'flavor', 'db00', 'db01',
                                         'db02', 'ds2G')
        self.assertEqual(0, code, err)
        self.assertEqual(['GET /v1.0/demo/flavors',
                          'GET /v1.0/demo/instances/detail'],
                         sorted(self.sent('GET')))
        self.assertEqual([{'resize': {'flavorRef': '6'}}] * 3,
                         [r.json() for r in self.requests.request_history
                          if r.method == 'POST'])

    def test_an_unknown_flavor_sends_no_resize(self):
        FakeTrove(self.requests, 2)
        self.requests.get(ENDPOINT + '/flavors', json={'flavors': []})
        code, _out, err = self.openstack('resize', 'flavor', 'db00', 'db01',
                                         'huge')
        self.assertEqual(1, code)
        self.assertIn("No flavor with a name or ID of 'huge' exists.", err)
        self.assertEqual([], self.sent('POST'))

    def test_resize_volume_one_size_for_all(self):
        FakeTrove(self.requests, 2)
        code, _out, err = self.openstack('resize', 'volume', uuid(0),
                                         uuid(1), '4')
        self.assertEqual(0, code, err)
        self.assertEqual([{'resize': {'volume': {'size': 4}}}] * 2,
                         [r.json() for r in self.requests.request_history])

    def test_upgrade_looks_the_version_up_once_per_datastore(self):
        FakeTrove(self.requests, 3)
        self.requests.get(ENDPOINT + '/datastores/mysql/versions/8.0',
                          json={'version': dict(fakes.VERSION, id='v-8',
                                                name='8.0')})
        code, _out, err = self.openstack('upgrade', uuid(0), 'db01', uuid(2),
                                         '8.0')
        self.assertEqual(0, code, err)
        # the instances' datastores come from the one scan, IDs included
        self.assertEqual(['GET /v1.0/demo/datastores/mysql/versions/8.0',
                          'GET /v1.0/demo/instances/detail'],
                         sorted(self.sent('GET')))
        self.assertEqual([{'instance': {'datastore_version': 'v-8'}}] * 3,
                         [r.json() for r in self.requests.request_history
                          if r.method == 'PATCH'])

    def test_reboot_scans_every_project_and_uses_the_admin_action(self):
        FakeTrove(self.requests, 2)
        code, _out, err = self.openstack('reboot', 'db00', 'db01')
        self.assertEqual(0, code, err)
        self.assertEqual(['GET /v1.0/demo/mgmt/instances?deleted=false'],
                         self.sent('GET'))
        self.assertEqual(sorted('POST /v1.0/demo/mgmt/instances/%s/action'
                                % uuid(n) for n in (0, 1)),
                         sorted(self.sent('POST')))

    def test_detach_several_replicas(self):
        # One scan first: the instances' configuration groups are kept
        # (an older Trove detaches them too); these have none.
        FakeTrove(self.requests, 2)
        code, _out, err = self.openstack('detach', uuid(0), uuid(1))
        self.assertEqual(0, code, err)
        self.assertEqual(['GET /v1.0/demo/instances/detail'],
                         self.sent('GET'))
        self.assertEqual([{'instance': {'replica_of': None}}] * 2,
                         [r.json() for r in self.requests.request_history
                          if r.method == 'PATCH'])

    def test_one_target_keeps_its_single_wait(self):
        FakeTrove(self.requests, 1)
        self.requests.get(ENDPOINT + '/instances/' + uuid(0),
                          json={'instance': dict(fakes.INSTANCE,
                                                 id=uuid(0))})
        code, _out, err = self.openstack('restart', uuid(0), '--wait')
        self.assertEqual(0, code, err)
        self.assertEqual(['POST /v1.0/demo/instances/%s/action' % uuid(0),
                          'GET /v1.0/demo/instances/%s' % uuid(0)],
                         self.sent())

    def test_one_target_that_fails_is_its_error_alone(self):
        # Issue 23 item 13: a single-target delete printed "Failed to
        # delete ..." and "1 of 1 ... failed to delete."; restart one line.
        FakeTrove(self.requests, 1)
        for args in (('delete', 'nothing'), ('force', 'delete', 'nothing'),
                     ('restart', 'nothing'), ('delete', 'nothing', '--wait')):
            code, out, err = self.openstack(*args)
            self.assertEqual((1, ''), (code, out), args)
            self.assertEqual(["No database instance with a name or ID of "
                              "'nothing' exists."], err.splitlines(), args)
        self.assertEqual([], self.sent('POST') + self.sent('DELETE'))

    def test_one_datastore_that_fails_is_its_error_alone(self):
        self.requests.get(ENDPOINT + '/datastores/nosql', status_code=404,
                          json={'itemNotFound': {
                              'code': 404, 'message': 'not found'}})
        self.requests.get(ENDPOINT + '/datastores', json={'datastores': []})
        code, out, err = run_openstack(('datastore', 'delete', 'nosql'))
        self.assertEqual(1, code)
        self.assertEqual(["No datastore with a name or ID of 'nosql' "
                          "exists."], err.splitlines())

    def test_wait_timeout_alone_waits(self):
        # Issue 23 item 3: --wait-timeout without --wait was ignored.
        FakeTrove(self.requests, 1)
        self.requests.get(ENDPOINT + '/instances/' + uuid(0),
                          json={'instance': dict(fakes.INSTANCE,
                                                 id=uuid(0))})
        code, _out, err = self.openstack('restart', uuid(0),
                                         '--wait-timeout', '60')
        self.assertEqual(0, code, err)
        self.assertEqual(['POST /v1.0/demo/instances/%s/action' % uuid(0),
                          'GET /v1.0/demo/instances/%s' % uuid(0)],
                         self.sent())
        self.assertIn('Waiting for database instance', err)

    def test_a_bad_concurrency_exits_2(self):
        for bad in ('0', '33', 'many'):
            code, _out, err = self.openstack('restart', 'a', 'b',
                                             '--concurrency', bad)
            self.assertEqual(2, code, err)
        self.assertEqual([], self.sent())

    def test_ctrl_c_in_a_wait_on_many_says_what_goes_on(self):
        FakeTrove(self.requests, 3)
        self.clock.sleep = mock.Mock(side_effect=KeyboardInterrupt)
        self.patch(waiters.Waiter, '__init__', functools.partialmethod(
            waiters.Waiter.__init__, sleep=self.clock.sleep,
            clock=self.clock))
        code, _out, err = self.openstack('restart', uuid(0), uuid(1),
                                         uuid(2), '--wait')
        self.assertEqual(130, code)
        self.assertEqual(
            'Interrupted: restart was requested for 3 instances; still '
            'changing on the server: %s, %s, %s'
            % (uuid(0), uuid(1), uuid(2)), err.splitlines()[-1])

    def test_ctrl_c_in_a_single_wait_says_what_goes_on(self):
        FakeTrove(self.requests, 1)
        self.requests.get(ENDPOINT + '/instances/' + uuid(0),
                          json={'instance': dict(fakes.INSTANCE, id=uuid(0),
                                                 status='SHUTDOWN')})
        self.clock.sleep = mock.Mock(side_effect=KeyboardInterrupt)
        self.patch(waiters.Waiter, '__init__', functools.partialmethod(
            waiters.Waiter.__init__, sleep=self.clock.sleep,
            clock=self.clock))
        code, _out, err = self.openstack('delete', uuid(0), '--wait')
        self.assertEqual(130, code)
        self.assertEqual(
            'Interrupted: delete was requested for 1 instance; still '
            'changing on the server: %s' % uuid(0), err.splitlines()[-1])

    def test_ctrl_c_in_a_create_wait_says_what_goes_on(self):
        self.requests.post(ENDPOINT + '/instances', json={
            'instance': dict(fakes.INSTANCE, status='BUILD')})
        self.requests.get(ENDPOINT + '/instances/' + fakes.INSTANCE_ID,
                          json={'instance': dict(fakes.INSTANCE,
                                                 status='BUILD')})
        self.clock.sleep = mock.Mock(side_effect=KeyboardInterrupt)
        self.patch(waiters.Waiter, '__init__', functools.partialmethod(
            waiters.Waiter.__init__, sleep=self.clock.sleep,
            clock=self.clock))
        code, out, err = self.openstack('create', 'db1', '--flavor', '6',
                                        '--wait')
        self.assertEqual(130, code)
        self.assertEqual('', out)
        self.assertEqual(
            'Interrupted: create was requested for 1 instance; still '
            'changing on the server: %s' % fakes.INSTANCE_ID,
            err.splitlines()[-1])
