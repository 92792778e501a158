"""Where the library looks names up, against the local Trove (issue 23
item 4): an administrator's calls find another project's instance by
name, as ``list(all_projects=True)`` shows it; a scope narrows or widens
any call; a member's calls stay in its project."""

import pytest

from troveclient_osc import exceptions
from troveclient_osc import lookup
from tests.functional import utils


@pytest.fixture
def theirs(cloud):
    """A member's instance, by a name no other project has."""
    (instance,) = cloud.wait_active(cloud.create_instances(
        1, utils.unique('scope')))
    return instance


def test_an_administrators_calls_find_another_projects_instance(
        cloud, admin_cloud, theirs):
    admin = admin_cloud.client.instances
    listed = [i.name for i in admin.list_all(all_projects=True)]
    assert theirs.name in listed

    # reset status, called alone: every project
    admin.reset_status(theirs.name)
    cloud.wait_settled(theirs)
    # the caller's project: not there, and said so
    with pytest.raises(exceptions.NoMatch):
        admin.find(theirs.name)
    # one project, or every project
    assert admin.find(theirs.name, project_id=cloud.project_id).id == \
        theirs.id
    assert admin.find(theirs.name, all_projects=True).id == theirs.id
    with pytest.raises(exceptions.NoMatch, match="exists in project"):
        admin.find(theirs.name, project_id=admin_cloud.project_id)


def test_an_administrators_action_and_its_wait_in_the_same_scope(
        cloud, admin_cloud, theirs):
    admin = admin_cloud.client.instances
    outcomes = admin.act_on_many([theirs.name], admin.reboot)
    assert outcomes.scope == lookup.EVERY
    assert [o.ok for o in outcomes] == [True], outcomes
    admin.wait_for_outcomes(outcomes, ('ACTIVE', 'SHUTDOWN', 'ERROR'),
                            failures=(), timeout=300)
    assert outcomes[0].waited and outcomes[0].ok, outcomes
    cloud.wait_settled(theirs)


def test_a_member_looks_in_its_own_project(cloud, admin_cloud, theirs):
    member = cloud.client.instances
    assert member.find(theirs.name).id == theirs.id
    # an administrator's call: Trove refuses the listing of every project
    # to a member (401), and nothing is sent for the instance
    with pytest.raises(exceptions.Unauthorized,
                       match='User does not have admin privileges'):
        member.reset_status(theirs.name)
    assert cloud.get(theirs.id)['status'] == 'ACTIVE'


# -- through the command line ------------------------------------------------

def test_an_administrators_commands_find_another_projects_instance(
        cloud, admin_cloud, theirs):
    listed = admin_cloud.json('database', 'instance', 'list',
                              '--all-projects')
    assert theirs.name in [row['Name'] for row in listed]

    # reset status by name: every project, as reboot always did; it found
    # the instance, and the wait polled it where it found it
    admin_cloud.run('database', 'instance', 'reset', 'status', theirs.name,
                    '--wait', '--wait-timeout', '120')
    cloud.wait_settled(theirs)
    # --project narrows (by the project's name, through Keystone), and
    # --all-projects says the default
    admin_cloud.run('database', 'instance', 'reset', 'status', theirs.name,
                    '--project', cloud.project)
    cloud.wait_settled(theirs)
    admin_cloud.run('database', 'instance', 'reboot', theirs.name,
                    '--all-projects')
    cloud.wait_settled(theirs)
    # the administrator's own project does not have it, and says so
    proc = admin_cloud.run('database', 'instance', 'reset', 'status',
                           theirs.name, '--project', admin_cloud.project_id,
                           check=False)
    assert proc.returncode == 1
    assert proc.stderr.strip() == (
        "No database instance with a name or ID of '%s' exists in project "
        "'%s'." % (theirs.name, admin_cloud.project_id))
    assert cloud.get(theirs.id)['status'] == 'ACTIVE'


def test_an_administrators_force_delete_finds_another_projects_instance(
        cloud, admin_cloud, theirs):
    admin_cloud.run('database', 'instance', 'force', 'delete', theirs.name,
                    '--wait', '--wait-timeout', '120')
    assert cloud.is_gone(theirs.id)


def test_a_members_command_line_stays_in_its_project(cloud, theirs):
    # a member's action has no scope options; its names are its project's
    proc = cloud.run('database', 'instance', 'restart', theirs.name,
                     '--all-projects', check=False)
    assert proc.returncode == 2
    cloud.run('database', 'instance', 'restart', theirs.name, '--wait',
              '--wait-timeout', '120')
    cloud.wait_settled(theirs)
