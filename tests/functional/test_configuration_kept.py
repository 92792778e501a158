"""Configuration groups survive the changes of an instance, on every Trove
release; an upgrade to the version an instance runs is refused unsent.

Trove before 25.0.0 (but 23.1.0 and 24.1.0) detaches an instance's group on
any change that does not name it: of the releases the local cloud runs,
2023.1 (19.0.1) and 2024.1 (21.1.0). There the commands attach it again and
say so in one line; the newer ones keep it, and the commands say nothing.
CI runs these against 2023.1 and 2024.1 too (the ``releases`` marker).
"""

import pytest

from troveclient_osc import exceptions
from tests.functional import utils

pytestmark = pytest.mark.releases

#: The releases whose Trove detaches the group (trove commit fd7186bd
#: fixed it in 23.1.0, 24.1.0 and 25.0.0).
DETACHING = ('2023.1', '2024.1')
ATTACHED_AGAIN = 'attached it again.'


@pytest.fixture
def detaching(local_trove):
    return local_trove.get('trove_release') in DETACHING


def group_of(cloud, instance):
    return (cloud.get(instance).get('configuration') or {}).get('id')


def says_so(proc, detaching):
    """Success, with one line on stderr when the group was attached again,
    else none (besides the progress of --wait)."""
    assert proc.returncode == 0, proc
    lines = [line for line in proc.stderr.splitlines()
             if not line.startswith('Waiting for ')]
    if detaching:
        [line] = lines
        assert line.startswith('Trove detached configuration group'), line
        assert line.endswith(ATTACHED_AGAIN), line
    else:
        assert lines == [], proc.stderr


def test_rename_access_and_the_library_keep_the_group(cloud, detaching):
    name = utils.unique('kept')
    group = cloud.create_configuration(name)
    instance = cloud.create_instance(name, configuration=group)

    renamed = cloud.run('database', 'instance', 'set', name, '--name',
                        name + '-2')
    says_so(renamed, detaching)
    assert cloud.get(instance.id)['name'] == name + '-2'
    assert group_of(cloud, instance.id) == group

    private = cloud.run('database', 'instance', 'set', instance.id,
                        '--private', '--allowed-cidr', '10.0.0.0/8')
    says_so(private, detaching)
    shown = cloud.get(instance.id)
    assert shown['access'] == {'is_public': False,
                               'allowed_cidrs': ['10.0.0.0/8']}
    assert shown['configuration']['id'] == group

    # the library: the group's ID when it attached it again
    kept = cloud.client.instances.update(instance.id, is_public=True)
    assert kept == (group if detaching else None)
    assert group_of(cloud, instance.id) == group


def test_detach_keeps_the_replica_s_group(cloud, detaching):
    name = utils.unique('kept-src')
    group = cloud.create_configuration(name)
    source = cloud.create_instance(name)
    [replica] = cloud.wait_active([cloud.client.instances.create(
        name + '-rep', replica_of=source.id, configuration=group)])
    cloud.wait_settled(source)  # out of BACKUP
    assert group_of(cloud, replica.id) == group

    detached = cloud.run('database', 'instance', 'detach', replica.id,
                         '--wait')
    says_so(detached, detaching)

    # (Trove 21.1.0 may show the replica ACTIVE, with its source, while
    # it detaches: --wait can end before it is done)
    def detached_replica():
        shown = cloud.get(replica.id)
        return 'replica_of' not in shown and shown
    shown = utils.poll(detached_replica, 'the replica to be detached')
    assert shown['configuration']['id'] == group


def test_upgrade_keeps_the_group_or_says_why_it_cannot(cloud, detaching):
    name = utils.unique('kept-up')
    group = cloud.create_configuration(name)
    instance = cloud.create_instance(name, configuration=group)

    upgraded = cloud.run('database', 'instance', 'upgrade', name, '8.0',
                         '--wait', check=False)
    if detaching:
        # Trove attaches a group only to an instance of the group's
        # version: the command fails, saying so, and the upgrade goes on.
        utils.assert_fails(
            upgraded, "Trove detached configuration group '%s'" % name,
            'it is a group for datastore version 5.7 and the instance now '
            'runs 8.0; attach a group made for 8.0')
        cloud.wait_settled(instance)
        assert group_of(cloud, instance.id) is None
    else:
        says_so(upgraded, detaching)
        assert group_of(cloud, instance.id) == group
    assert cloud.get(instance.id)['datastore']['version'] == '8.0'


def test_a_group_that_needs_a_restart_is_kept_or_the_command_says_so(
        cloud, detaching):
    # Removing such a group leaves the instance RESTART_REQUIRED, in which
    # Trove attaches nothing.
    name = utils.unique('kept-restart')
    group = cloud.create_configuration(
        name, {'innodb_buffer_pool_size': 268435456})
    instance = cloud.create_instance(name, configuration=group)
    cloud.wait_settled(instance)

    renamed = cloud.run('database', 'instance', 'set', name, '--name',
                        name + '-2', check=False)
    assert cloud.get(instance.id)['name'] == name + '-2'
    if detaching:
        utils.assert_fails(renamed, 'Trove refuses while the instance is '
                           'RESTART_REQUIRED; restart it, then attach the '
                           'group again')
        assert group_of(cloud, instance.id) is None
    else:
        says_so(renamed, detaching)
        assert group_of(cloud, instance.id) == group


def test_upgrade_to_the_version_it_runs_is_refused_unsent(cloud):
    name = utils.unique('same')
    instance = cloud.create_instance(name)

    same = cloud.run('database', 'instance', 'upgrade', name, '5.7',
                     check=False)
    utils.assert_usage_error(same, "Database instance '%s' already runs "
                             'datastore version 5.7' % name)
    with pytest.raises(exceptions.ValidationError, match='already runs'):
        cloud.client.instances.upgrade(instance.id, '5.7')
    shown = cloud.get(instance.id)
    assert shown['status'] == 'ACTIVE'
    assert shown['datastore']['version'] == '5.7'
