"""How many requests each command sends: the real shell, requests-mock.

Scripts call these commands thousands of times, so each must cost the
API's minimum: an instance given by ID is acted on without being read
first, a name costs one scan of the listing, a listing one GET per page.
``benchmarks/`` measures the same against a real Trove; these tests keep the
counts from creeping up (they time nothing).
"""

import copy
import json
import re

from tests.unit import fakes as unit_fakes
from tests.unit.osc import fakes
from tests.unit.osc import in_process
from tests.unit.osc.in_process import run_openstack

ENDPOINT = in_process.ENDPOINT
ID = fakes.INSTANCE_ID
ACTION = ENDPOINT + '/instances/%s/action' % ID
NOT_FOUND = {'itemNotFound': {'code': 404, 'message': 'Not found'}}


def instance(ident, name):
    body = copy.deepcopy(fakes.INSTANCE)
    body.update(id=ident, name=name)
    return body


class TestRoundTrips(in_process.ShellTestCase):

    def run_ok(self, *args):
        code, out, err = run_openstack(args)
        self.assertEqual(0, code, err)
        return out

    def sent(self, since=0):
        history = self.requests.request_history[since:]
        return ['%s %s%s' % (r.method, r.path, '?' + r.query if r.query
                             else '') for r in history]

    def test_actions_on_an_id_send_the_action_only(self):
        self.requests.post(ACTION, status_code=202)
        self.requests.delete(ENDPOINT + '/instances/' + ID, status_code=202)
        for args in (('restart', ID), ('resize', 'volume', ID, '2'),
                     ('delete', ID)):
            before = len(self.requests.request_history)
            self.run_ok('database', 'instance', *args)
            self.assertEqual(1, len(self.sent(before)), (args, self.sent()))

    def test_resize_flavor_on_an_id_is_the_action_alone(self):
        self.requests.post(ACTION, status_code=202)
        self.run_ok('database', 'instance', 'resize', 'flavor', ID, '6')
        self.assertEqual(['POST /v1.0/demo/instances/%s/action' % ID],
                         self.sent())
        self.assertEqual({'resize': {'flavorRef': '6'}},
                         self.requests.last_request.json())

    def test_create_with_a_flavor_id_is_the_post_alone(self):
        self.requests.post(ENDPOINT + '/instances', json={
            'instance': dict(fakes.INSTANCE, status='BUILD')})
        self.run_ok('database', 'instance', 'create', 'db1', '--flavor', '6',
                    '--size', '1', '-f', 'json')
        self.assertEqual(['POST /v1.0/demo/instances'], self.sent())
        self.assertEqual('6', self.requests.last_request.json()[
            'instance']['flavorRef'])

    def test_a_flavor_id_trove_lacks_is_tried_as_a_name(self):
        # Trove refuses the unknown ID (400, so nothing was created); a
        # flavor named "77" exists, and the create is sent with its ID.
        unknown = {'badRequest': {'code': 400,
                                  'message': 'Resource 77 cannot be found.'}}
        created = {'instance': dict(fakes.INSTANCE, status='BUILD')}
        self.requests.post(ENDPOINT + '/instances', [
            {'status_code': 400, 'json': unknown}, {'json': created}])
        self.requests.get(ENDPOINT + '/flavors', json={'flavors': [
            dict(fakes.FLAVOR, id=9, str_id='9', name='77')]})
        self.run_ok('database', 'instance', 'create', 'db1', '--flavor',
                    '77', '--size', '1', '-f', 'json')
        self.assertEqual(['POST /v1.0/demo/instances',
                          'GET /v1.0/demo/flavors',
                          'POST /v1.0/demo/instances'], self.sent())
        self.assertEqual(['77', '9'], [
            r.json()['instance']['flavorRef']
            for r in self.requests.request_history if r.method == 'POST'])

    def test_an_unknown_flavor_id_fails_with_the_lookup_message(self):
        unknown = {'badRequest': {'code': 400,
                                  'message': 'Resource 77 cannot be found.'}}
        self.requests.post(ACTION, status_code=400, json=unknown)
        self.requests.get(ENDPOINT + '/flavors',
                          json={'flavors': [fakes.FLAVOR]})
        code, _out, err = run_openstack(('database', 'instance', 'resize',
                                         'flavor', ID, '77'))
        self.assertEqual(1, code)
        self.assertEqual("No flavor with a name or ID of '77' exists.\n",
                         err)
        self.assertEqual(['POST /v1.0/demo/instances/%s/action' % ID,
                          'GET /v1.0/demo/flavors'], self.sent())

    def test_another_bad_request_is_not_taken_for_an_unknown_flavor(self):
        refused = {'badRequest': {'code': 400,
                                  'message': 'Volume size 0 is too small.'}}
        self.requests.post(ENDPOINT + '/instances', status_code=400,
                           json=refused)
        code, _out, err = run_openstack(('database', 'instance', 'create',
                                         'db1', '--flavor', '6'))
        self.assertEqual(1, code)
        self.assertIn('Volume size 0 is too small. (HTTP 400)', err)
        self.assertEqual(['POST /v1.0/demo/instances'], self.sent())

    def test_an_id_that_is_a_name_is_found_after_the_404(self):
        # No instance has this ID, but one is named so: the 404 of the
        # action leads to the name lookup, then the action on the real ID.
        self.requests.post(ACTION, status_code=404, json=NOT_FOUND)
        self.requests.get(ENDPOINT + '/instances/detail', json={
            'instances': [instance('real-id', ID)]})
        self.requests.post(ENDPOINT + '/instances/real-id/action',
                           status_code=202)
        self.run_ok('database', 'instance', 'restart', ID)
        self.assertEqual(['POST /v1.0/demo/instances/%s/action' % ID,
                          'GET /v1.0/demo/instances/detail',
                          'POST /v1.0/demo/instances/real-id/action'],
                         self.sent())

    def test_an_unknown_id_fails_after_one_scan_and_no_get(self):
        # The 404 of the DELETE already says no instance has this ID; only
        # the name lookup remains (no GET by the same ID).
        self.requests.delete(ENDPOINT + '/instances/' + ID, status_code=404,
                             json=NOT_FOUND)
        self.requests.get(ENDPOINT + '/instances/detail',
                          json={'instances': []})
        code, _out, err = run_openstack(('database', 'instance', 'delete',
                                         ID))
        self.assertEqual(1, code)
        self.assertIn("No database instance with a name or ID of '%s' "
                      "exists." % ID, err)
        self.assertEqual(['DELETE /v1.0/demo/instances/' + ID,
                          'GET /v1.0/demo/instances/detail'], self.sent())

    def test_an_action_on_a_name_scans_once(self):
        self.requests.get(ENDPOINT + '/instances/detail', json={
            'instances': [instance(ID, 'db1')]})
        self.requests.post(ACTION, status_code=202)
        self.run_ok('database', 'instance', 'restart', 'db1')
        self.assertEqual(['GET /v1.0/demo/instances/detail',
                          'POST /v1.0/demo/instances/%s/action' % ID],
                         self.sent())

    def test_show_by_id_is_one_get(self):
        self.requests.get(ENDPOINT + '/instances/' + ID,
                          json={'instance': fakes.INSTANCE})
        self.run_ok('database', 'instance', 'show', ID, '-f', 'json')
        self.assertEqual(['GET /v1.0/demo/instances/' + ID], self.sent())

    def test_show_by_name_is_one_scan_and_one_get_by_id(self):
        # Issue 22 item 2: shown as by ID, with the volume's used space,
        # which the listing leaves out: one more GET.
        listed = instance(ID, 'db1')
        listed['volume'] = {'size': 1}
        self.requests.get(ENDPOINT + '/instances/detail', json={
            'instances': [instance('other', 'db0'), listed]})
        self.requests.get(ENDPOINT + '/instances/' + ID,
                          json={'instance': instance(ID, 'db1')})
        out = self.run_ok('database', 'instance', 'show', 'db1', '-f',
                          'value', '-c', 'id', '-c', 'volume_used')
        self.assertEqual(ID + '\n0.12\n', out)
        self.assertEqual(['GET /v1.0/demo/instances/detail',
                          'GET /v1.0/demo/instances/' + ID], self.sent())

    def test_list_is_one_get_per_page(self):
        pages = [[instance('id-%02d' % (20 * p + i), 'i%d' % (20 * p + i))
                  for i in range(20 if p < 2 else 5)] for p in range(3)]
        for number, items in enumerate(pages):
            links = ([{'rel': 'next', 'href': 'https://elsewhere/instances'
                       '?marker=m%d' % number}] if number < 2 else [])
            url = ENDPOINT + '/instances' + (
                '?marker=m%d' % (number - 1) if number else '')
            self.requests.get(url, json={'instances': items,
                                         'links': links},
                              complete_qs=True)
        self.run_ok('database', 'instance', 'list', '-f', 'json')
        self.assertEqual(3, len(self.sent()), self.sent())

    def listing(self, *names):
        """Trove's listing of instances 1, 2, ... with these names (pages
        of 20 at most, keyset by ID, like Trove's)."""
        listing = unit_fakes.InstanceListing([
            unit_fakes.instance_body(n, name=name)
            for n, name in enumerate(names, 1)])
        self.requests.get(re.compile(re.escape(ENDPOINT + '/instances')
                                     + r'(\?|$)'), json=listing)
        return listing

    def test_list_limit_without_a_filter_is_one_get_and_trove_s_marker(
            self):
        self.listing(*['db'] * 45)
        code, out, err = run_openstack(('database', 'instance', 'list',
                                        '--limit', '5', '-f', 'value',
                                        '-c', 'ID'))
        self.assertEqual((0, 5), (code, len(out.split())))
        self.assertEqual('More database instances are available: continue '
                         'with --marker %s\n' % unit_fakes.instance_id(5),
                         err)
        self.assertEqual(['GET /v1.0/demo/instances?limit=5'], self.sent())

    def test_list_name_limit_says_nothing_more_when_no_other_matches(self):
        # Issue 23 item 12: 'list --name dup --limit 1' said more were
        # available when the next page was empty of 'dup'. To know, the
        # rest is read in Trove's pages: 2 pages of 20 here.
        self.listing('dup', *['other'] * 39)
        code, out, err = run_openstack(('database', 'instance', 'list',
                                        '--name', 'dup', '--limit', '1',
                                        '-f', 'value', '-c', 'Name'))
        self.assertEqual((0, 'dup\n', ''), (code, out, err))
        self.assertEqual(
            ['GET /v1.0/demo/instances',
             'GET /v1.0/demo/instances?marker=%s'
             % unit_fakes.instance_id(20)], self.sent())

    def test_list_name_limit_gives_the_marker_when_another_matches(self):
        self.listing(*(['other'] * 5 + ['dup'] + ['other'] * 30 + ['dup']))
        code, out, err = run_openstack(('database', 'instance', 'list',
                                        '--name', 'dup', '--limit', '1',
                                        '-f', 'value', '-c', 'ID'))
        self.assertEqual((0, unit_fakes.instance_id(6) + '\n'), (code, out))
        self.assertEqual('More database instances are available: continue '
                         'with --marker %s\n' % unit_fakes.instance_id(6),
                         err)
        # pages of 20: the first 'dup' is on the first, the second on the
        # second (not a request per instance until the first)
        self.assertEqual(2, len(self.sent()), self.sent())

        code, out, err = run_openstack(('database', 'instance', 'list',
                                        '--name', 'dup', '--limit', '1',
                                        '--marker', unit_fakes.instance_id(6),
                                        '-f', 'value', '-c', 'ID'))
        self.assertEqual((0, unit_fakes.instance_id(37) + '\n', ''),
                         (code, out, err))

    def test_list_limit_refuses_pages_that_overlap(self):
        # Issue 25's leftover: the --limit walk checks items across pages.
        link = [{'rel': 'next', 'href': 'https://h/instances?marker=m1'}]
        self.requests.get(ENDPOINT + '/instances', [
            {'json': {'instances': [instance(ID, 'db1')], 'links': link}},
            {'json': {'instances': [instance(ID, 'db1')]}}])
        code, out, err = run_openstack(('database', 'instance', 'list',
                                        '--limit', '5'))
        self.assertEqual((1, ''), (code, out))
        self.assertIn("page 2 of database instances repeats the item '%s'"
                      % ID, err)
        self.assertEqual(2, len(self.sent()))

    def test_list_status_trove_never_gives_exits_2_unsent(self):
        # Issue 23 item 8: '--status ACTVE' listed nothing, exit 0.
        code, out, err = run_openstack(('database', 'instance', 'list',
                                        '--status', 'ACTVE'))
        self.assertEqual((2, ''), (code, out))
        self.assertIn("error: argument --status: Invalid status 'ACTVE': "
                      "must be one of ACTIVE, BACKUP, BUILD, ", err)
        self.assertEqual([], self.sent())

    def test_flavor_show_by_name_is_one_list(self):
        self.requests.get(ENDPOINT + '/flavors',
                          json={'flavors': [fakes.FLAVOR]})
        self.run_ok('database', 'flavor', 'show', 'ds2G', '-f', 'json')
        self.assertEqual(['GET /v1.0/demo/flavors'], self.sent())

    def test_an_unknown_flavor_stops_before_the_action(self):
        self.requests.get(ENDPOINT + '/flavors', json={'flavors': []})
        code, _out, err = run_openstack(('database', 'instance', 'resize',
                                         'flavor', ID, 'huge'))
        self.assertEqual(1, code)
        self.assertIn("No flavor with a name or ID of 'huge' exists.", err)
        self.assertEqual(['GET /v1.0/demo/flavors'], self.sent())

    def test_replica_count_prints_every_replica_for_four_requests(self):
        # Issue 15 item 3: only the replica Trove answered with was shown.
        first = 'a1000000-0000-4000-8000-000000000001'
        second = 'a2000000-0000-4000-8000-000000000002'
        source = ENDPOINT + '/instances/' + ID
        self.requests.get(source, [
            {'json': {'instance': instance(ID, 'pwm')}},
            {'json': {'instance': dict(instance(ID, 'pwm'), replicas=[
                {'id': first}, {'id': second}])}}])
        self.requests.post(ENDPOINT + '/instances', json={
            'instance': instance(second, 'rc-2')})
        self.requests.get(ENDPOINT + '/instances/' + first,
                          json={'instance': instance(first, 'rc-1')})

        out = self.run_ok('database', 'instance', 'create', 'rc',
                          '--replica-of', ID, '--replica-count', '2',
                          '-f', 'value', '-c', 'id', '-c', 'name')
        self.assertEqual(['%s rc-1' % first, '%s rc-2' % second],
                         out.splitlines())
        self.assertEqual(['GET /v1.0/demo/instances/%s' % ID,
                          'POST /v1.0/demo/instances',
                          'GET /v1.0/demo/instances/%s' % ID,
                          'GET /v1.0/demo/instances/%s' % first],
                         self.sent())
        self.assertEqual(2, self.requests.request_history[1].json()[
            'instance']['replica_count'])

    def test_replica_count_json_is_a_list_of_rows(self):
        first = 'a1000000-0000-4000-8000-000000000001'
        self.requests.get(ENDPOINT + '/instances/' + ID,
                          json={'instance': instance(ID, 'pwm')})
        self.requests.post(ENDPOINT + '/instances', json={
            'instance': instance(first, 'rc')})
        rows = json.loads(self.run_ok(
            'database', 'instance', 'create', 'rc', '--replica-of', ID,
            '--replica-count', '1', '-f', 'json'))
        self.assertEqual([first], [row['ID'] for row in rows])
        self.assertEqual('rc', rows[0]['Name'])
