"""show, set, the actions and delete of ``openstack database instance``.

Instances are made through the library (quicker than the CLI); what each
command did is checked through the API.
"""

import subprocess

import pytest

from tests.functional import utils

IMAGE = '7d3b5f7c-0000-4000-8000-00000000abcd'


def test_set_renames_and_changes_access(cloud):
    instance = cloud.create_instance('before')

    cloud.run('database', 'instance', 'set', 'before', '--name', 'after')
    assert cloud.get(instance.id)['name'] == 'after'

    # python-troveclient's names: update, --is-public
    # (update is deprecated: it still works, with a warning)
    updated = cloud.run('database', 'instance', 'update', 'after',
                        '--is-public', '--allowed-cidr', '10.1.0.0/16')
    assert '`database instance update` is deprecated; use ' \
        '`database instance set`' in updated.stderr
    assert cloud.get(instance.id)['access'] == {
        'is_public': True, 'allowed_cidrs': ['10.1.0.0/16']}

    cloud.run('database', 'instance', 'set', instance.id,
              '--allowed-cidr', '192.168.0.0/24')
    assert cloud.get(instance.id)['access'] == {
        'is_public': True, 'allowed_cidrs': ['10.1.0.0/16',
                                             '192.168.0.0/24']}

    cloud.run('database', 'instance', 'set', 'after', '--private',
              '--no-allowed-cidr')
    assert cloud.get(instance.id)['access'] == {
        'is_public': False, 'allowed_cidrs': []}


@pytest.mark.releases
def test_restart_resize_and_upgrade_wait_until_done(cloud):
    first, second = cloud.wait_active(cloud.create_instances(2, 'act'))

    def restart_then_resize_flavor():
        cloud.run('database', 'instance', 'restart', first.name, '--wait')
        cloud.run('database', 'instance', 'resize', 'flavor', first.name,
                  'm1.small', '--wait')
        return cloud.get(first.id)

    def resize_volume_then_upgrade():
        cloud.run('database', 'instance', 'resize', 'volume', second.name,
                  '2', '--wait')
        grown = cloud.get(second.id)
        cloud.run('database', 'instance', 'upgrade', second.name, '8.0',
                  '--wait')
        return grown, cloud.get(second.id)

    resized, (grown, upgraded) = utils.parallel(restart_then_resize_flavor,
                                                resize_volume_then_upgrade)

    # --wait returned only once the work was done
    assert resized['status'] == 'ACTIVE'
    assert resized['flavor']['id'] == '2'
    assert grown['status'] == 'ACTIVE'
    assert grown['volume']['size'] == 2
    assert upgraded['status'] == 'ACTIVE'
    assert upgraded['datastore']['version'] == '8.0'


def test_action_errors_from_the_server_are_one_clear_line(cloud):
    instance = cloud.create_instance(utils.unique('refuses'))

    (same_flavor, unknown_flavor, smaller, unknown_version,
     missing) = cloud.run_many(
        ('database', 'instance', 'resize', 'flavor', instance.id, '1'),
        ('database', 'instance', 'resize', 'flavor', instance.id, '999'),
        ('database', 'instance', 'resize', 'volume', instance.name, '1'),
        ('database', 'instance', 'upgrade', instance.name, '9.9'),
        ('database', 'instance', 'restart', 'no-such-instance'),
        check=False)

    utils.assert_fails(same_flavor, 'The new flavor id must be different '
                       "than the current flavor id of '1'.", '(HTTP 400)')
    # Trove's "Resource 999 cannot be found." (HTTP 400), then no flavor
    # named so either
    utils.assert_fails(unknown_flavor,
                       "No flavor with a name or ID of '999' exists.")
    utils.assert_fails(smaller, "The new volume 'size' must be larger than "
                       "the current volume size of '1'.", '(HTTP 400)')
    utils.assert_fails(unknown_version,
                       "Datastore version '9.9' cannot be found.",
                       '(HTTP 400)')
    utils.assert_fails(missing, "No database instance with a name or ID of "
                       "'no-such-instance' exists.")


def test_replica_promote_eject_and_detach(cloud):
    # (Not named 'replica' or 'source': 'detach replica <name>' and 'eject
    # replica source <name>' are commands of their own.)
    source = cloud.create_instance('src')
    replica = cloud.json('database', 'instance', 'create', 'rep1',
                         '--replica-of', 'src', '--wait')
    assert replica['replica_of'] == source.id
    assert replica['role'] == 'replica'
    # (one replica at a time: making one backs the source up)
    [other] = cloud.wait_active([cloud.client.instances.create(
        'rep2', replica_of=source.id)])
    cloud.wait_settled(source)  # out of BACKUP

    cloud.run('database', 'instance', 'promote', 'rep1', '--wait')
    for ident in (source.id, other.id):
        cloud.wait_settled(ident)
    assert {r['id'] for r in cloud.get(replica['id'])['replicas']} == {
        source.id, other.id}
    assert cloud.get(source.id)['replica_of']['id'] == replica['id']
    # and back, with python-troveclient's name (waited for here: quicker)
    cloud.run('database', 'instance', 'promote', 'to', 'replica', 'source',
              'src')
    for ident in (source.id, replica['id'], other.id):
        cloud.wait_settled(ident)
    assert cloud.get(replica['id'])['replica_of']['id'] == source.id

    # A replica source is ejected only once its heartbeat has stopped; the
    # local Trove's guests beat on, so Trove refuses, by either name.
    eject, eject_alias = cloud.run_many(
        ('database', 'instance', 'eject', 'src', '--wait'),
        ('database', 'instance', 'eject', 'replica', 'source', source.id),
        check=False)
    # (the deprecated name first says which name to use)
    warning, _, rest = eject_alias.stderr.partition('\n')
    assert warning == ('`database instance eject replica source` is '
                       'deprecated; use `database instance eject`'), warning
    eject_alias = subprocess.CompletedProcess(
        eject_alias.args, eject_alias.returncode, eject_alias.stdout, rest)
    for proc in (eject, eject_alias):
        utils.assert_fails(proc, 'Replica Source %s cannot be ejected as it '
                           'has a current heartbeat' % source.id,
                           '(HTTP 400)')

    utils.parallel(
        lambda: cloud.run('database', 'instance', 'detach', 'rep1',
                          '--wait'),
        lambda: cloud.run('database', 'instance', 'detach', 'replica',
                          other.id, '--wait'))
    for ident in (replica['id'], other.id):
        assert 'replica_of' not in cloud.get(ident)
    assert 'replicas' not in cloud.get(source.id)


def test_an_instance_named_like_the_start_of_an_alias_word(cloud):
    # Issue 15 item 2: 'detach rep' was taken for the alias 'detach
    # replica' and failed for want of an instance.
    source = cloud.create_instance('src')
    replicas = []
    for name in ('rep', 'r'):
        replicas += cloud.wait_active([cloud.client.instances.create(
            name, replica_of=source.id)])
        cloud.wait_settled(source)  # out of BACKUP

    cloud.run_many(('database', 'instance', 'detach', 'rep', '--wait'),
                   ('database', 'instance', 'detach', 'r'))

    for replica in replicas:
        cloud.wait_settled(replica)
        assert 'replica_of' not in cloud.get(replica.id)


def test_admin_reset_status_reboot_and_rebuild(cloud, admin_cloud):
    first, second = cloud.wait_active(
        cloud.create_instances(2, utils.unique('admin-act')))

    reset, reboot = utils.parallel(
        lambda: admin_cloud.run('database', 'instance', 'reset', 'status',
                                first.id, '--wait'),
        # a name: admin actions look it up in every project
        lambda: admin_cloud.run('database', 'instance', 'reboot',
                                second.name))
    assert 'Waiting for database instance %s' % first.id in reset.stderr
    assert reboot.stdout == ''
    cloud.wait_settled(second)

    _rebuilt, refused_reset, refused_reboot = utils.parallel(
        lambda: admin_cloud.run('database', 'instance', 'rebuild',
                                first.name, IMAGE),
        # only an admin may
        lambda: cloud.run('database', 'instance', 'reset', 'status',
                          second.id, check=False),
        lambda: cloud.run('database', 'instance', 'reboot', second.id,
                          check=False))
    cloud.wait_settled(first)
    utils.assert_fails(refused_reset, '(HTTP 403)')
    utils.assert_fails(refused_reboot, 'User does not have admin privileges',
                       '(HTTP 401)')


@pytest.mark.releases
def test_delete_one_and_wait(cloud):
    instance = cloud.create_instance('doomed')

    proc = cloud.run('database', 'instance', 'delete', 'doomed', '--wait')

    assert proc.stdout == ''
    assert cloud.is_gone(instance.id)
    utils.assert_fails(cloud.run('database', 'instance', 'show', instance.id,
                                 check=False),
                       "No database instance with a name or ID of '%s' "
                       "exists." % instance.id)


def test_delete_wait_timeout_says_the_deletion_goes_on(cloud):
    # Issue 15 item 10. The fake nova leaves a server whose name ends
    # _ERROR_ON_DELETE in SHUTDOWN on the first delete.
    instance = cloud.create_instance('stuck_ERROR_ON_DELETE')

    proc = cloud.run('database', 'instance', 'delete', instance.name,
                     '--wait', '--wait-timeout', '1', check=False)

    utils.assert_fails(
        proc, 'Timeout waiting for database instance %s to be deleted after '
        '1s' % instance.id, "Only the wait ended: Trove carries on deleting "
        "it; follow it with 'openstack database instance show %s'"
        % instance.id, progress=True)


def test_delete_several_with_a_missing_name_in_the_middle(cloud):
    first, last = cloud.wait_active(cloud.create_instances(2, 'multi'))

    proc = cloud.run('database', 'instance', 'delete', first.name,
                     'no-such-instance', last.id, check=False)

    assert proc.returncode == 1, proc.stderr
    assert 'Traceback' not in proc.stderr
    assert proc.stderr.splitlines() == [
        "Failed to delete database instance 'no-such-instance': No "
        "database instance with a name or ID of 'no-such-instance' exists.",
        '1 of 3 database instances failed to delete.']
    # the others were deleted all the same
    cloud.wait_gone([first, last])


def test_force_delete_as_admin(cloud, admin_cloud):
    # BUILD refuses a plain delete; --force resets the status first. (The
    # instances may be ACTIVE already by the time the command runs.)
    first, second = cloud.create_instances(2, 'forced')

    utils.parallel(
        lambda: admin_cloud.run('database', 'instance', 'delete', '--force',
                                first.id, '--wait'),
        # python-troveclient's name
        lambda: admin_cloud.run('database', 'instance', 'force', 'delete',
                                second.id, '--wait'))

    assert cloud.is_gone(first.id)
    assert cloud.is_gone(second.id)
