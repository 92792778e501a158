"""Where the administrators' commands look names up (issue 23 item 4),
through the shell, at the HTTP boundary.

The caller's listing (``/instances/detail``) has ``web-01``; the listing of
every project (``/mgmt/instances``) has ``web-02`` of project ``p-2`` (its
ID :data:`P2`) too.
Every administrator's action (reboot, rebuild, reset status, force delete,
delete --force) looks a name up in every project unless ``--project``
narrows it, and none says "does not exist" of an instance that ``list
--all-projects`` shows; ``--all-projects`` says the default out loud. The
wait after the action polls where the names were looked up.
"""

from unittest import mock

from tests.unit.osc import fakes
from tests.unit.osc import in_process
from tests.unit.osc.in_process import run_openstack

ENDPOINT = in_process.ENDPOINT
#: project p-2's ID (a name would be looked up through Keystone)
P2 = '2222222222224222a222222222222222'
OWN = 'GET /v1.0/demo/instances/detail'
EVERY = 'GET /v1.0/demo/mgmt/instances?deleted=false'
PROJECT = 'GET /v1.0/demo/mgmt/instances?deleted=false&project_id=' + P2
MINE_ID = '00000000-0000-4000-8000-000000000001'
THEIRS_ID = '00000000-0000-4000-8000-000000000002'
MINE = dict(fakes.INSTANCE, id=MINE_ID, name='web-01')
THEIRS = dict(fakes.INSTANCE, id=THEIRS_ID, name='web-02', tenant_id=P2)

#: every administrator's action on web-02, and the request it sends
ADMIN_ACTIONS = [
    (('reset', 'status', 'web-02'),
     'POST /v1.0/demo/instances/%s/action' % THEIRS_ID),
    (('force', 'delete', 'web-02'),
     'DELETE /v1.0/demo/instances/%s' % THEIRS_ID),
    (('delete', '--force', 'web-02'),
     'DELETE /v1.0/demo/instances/%s' % THEIRS_ID),
    (('reboot', 'web-02'),
     'POST /v1.0/demo/mgmt/instances/%s/action' % THEIRS_ID),
    (('rebuild', 'web-02', 'image-1'),
     'POST /v1.0/demo/mgmt/instances/%s/action' % THEIRS_ID),
]


class TestAdminScopes(in_process.ShellTestCase):

    def setUp(self):
        super().setUp()
        self.requests.get(ENDPOINT + '/instances/detail',
                          json={'instances': [MINE]})
        self.requests.get(ENDPOINT + '/mgmt/instances', json=self.every)
        for body in (MINE, THEIRS):
            path = ENDPOINT + '/instances/' + body['id']
            self.requests.get(path, json={'instance': body})
            self.requests.delete(path, status_code=202)
            self.requests.post(path + '/action', status_code=202)
            self.requests.post(ENDPOINT + '/mgmt/instances/%s/action'
                               % body['id'], status_code=202)

    @staticmethod
    def every(request, context):
        """The administrator's listing: every project's, or one's."""
        project = request.qs.get('project_id')
        listed = [body for body in (MINE, THEIRS)
                  if not project or body.get('tenant_id') == project[0]]
        return {'instances': listed}

    def openstack(self, *args):
        """Run the command; :meth:`sent` has what it sent."""
        self.before = len(self.requests.request_history)
        return run_openstack(('database', 'instance') + args)

    before = 0

    def sent(self, method=None):
        return ['%s %s%s' % (r.method, r.path, '?' + r.query if r.query
                             else '')
                for r in self.requests.request_history[self.before:]
                if method is None or r.method == method]

    def changes(self):
        return [line for line in self.sent() if not line.startswith('GET')]

    def test_every_admin_action_finds_another_projects_instance(self):
        for args, request in ADMIN_ACTIONS:
            code, _out, err = self.openstack(*args)
            self.assertEqual(0, code, (args, err))
            self.assertEqual([EVERY], self.sent('GET'), args)
            self.assertEqual(request, self.changes()[-1], args)

    def test_all_projects_says_the_default_out_loud(self):
        for args, request in ADMIN_ACTIONS:
            code, _out, err = self.openstack(*args, '--all-projects')
            self.assertEqual(0, code, (args, err))
            self.assertEqual([EVERY], self.sent('GET'), args)
            self.assertEqual(request, self.changes()[-1], args)

    def test_project_narrows_the_lookup_to_that_project(self):
        for args, request in ADMIN_ACTIONS:
            code, _out, err = self.openstack(*args, '--project', P2)
            self.assertEqual(0, code, (args, err))
            self.assertEqual([PROJECT], self.sent('GET'), args)
            self.assertEqual(request, self.changes()[-1], args)

    def test_a_name_not_in_the_project_given_is_said_so(self):
        for args, _request in ADMIN_ACTIONS:
            args = tuple('web-01' if arg == 'web-02' else arg
                         for arg in args)
            code, out, err = self.openstack(*args, '--project', P2)
            self.assertEqual((1, ''), (code, out), args)
            self.assertEqual(
                ["No database instance with a name or ID of 'web-01' "
                 "exists in project '%s'." % P2], err.splitlines(), args)
            self.assertEqual([], self.changes(), args)

    def test_a_project_name_is_resolved_through_identity(self):
        with mock.patch('openstackclient.identity.common.find_project',
                        return_value=mock.Mock(id=P2)) as find:
            code, _out, err = self.openstack('reset', 'status', 'web-02',
                                             '--project', 'theirs')
        self.assertEqual(0, code, err)
        self.assertEqual('theirs', find.call_args.args[1])
        self.assertEqual([PROJECT], self.sent('GET'))

    def test_scope_options_go_one_at_a_time(self):
        for args, _request in ADMIN_ACTIONS:
            code, _out, err = self.openstack(*args, '--project', P2,
                                             '--all-projects')
            self.assertEqual(2, code, (args, err))
        self.assertEqual([], self.sent())

    def test_a_plain_delete_takes_no_scope(self):
        # Without --force, a delete is a member's: its names are in the
        # caller's project; a scope option is a usage error.
        for option in (('--project', P2), ('--all-projects',)):
            code, _out, err = self.openstack('delete', 'web-02', *option)
            self.assertEqual(2, code, err)
            self.assertIn('%s needs --force' % option[0], err)
        self.assertEqual([], self.sent())
        code, _out, err = self.openstack('delete', 'web-02')
        self.assertEqual(1, code)
        self.assertEqual([OWN], self.sent())

    def test_a_members_action_has_no_scope_options(self):
        for args in (('restart', 'web-01'), ('resize', 'volume', 'web-01',
                                             '2')):
            code, _out, _err = self.openstack(*args, '--all-projects')
            self.assertEqual(2, code, args)
        self.assertEqual([], self.sent())

    def test_the_wait_polls_where_the_names_were_looked_up(self):
        # Two instances, so the wait walks a listing per poll: the
        # listing of the scope of the lookup. They stay ACTIVE (a settled
        # status), so one poll ends the wait.
        code, _out, err = self.openstack('reset', 'status', 'web-01',
                                         'web-02', '--wait')
        self.assertEqual(0, code, err)
        self.assertEqual([EVERY, EVERY], self.sent('GET'))
        # --project: the lookup and the polls list that project; an
        # instance given by ID that is not listed there is asked for by ID
        code, _out, err = self.openstack('reset', 'status', 'web-02',
                                         MINE_ID, '--project', P2, '--wait')
        self.assertEqual(0, code, err)
        self.assertEqual([PROJECT, PROJECT,
                          'GET /v1.0/demo/instances/%s' % MINE_ID],
                         self.sent('GET'))
