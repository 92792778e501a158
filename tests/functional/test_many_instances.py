"""Instance commands on several instances at once, with --wait.

One ``openstack`` process acts on every instance given, resolves the
names with one scan, waits for the set with one listing per poll and
reports each failure on its own line; checked against the real Trove API.
"""

import re

from tests.functional import utils

SUMMARY = re.compile(r'^\d+ of \d+ (deleted|ACTIVE|settled)(, \d+ [A-Z_]+)*'
                     r', \d+ failed, \d+ s$')


def progress_lines(proc):
    return [line for line in proc.stderr.splitlines()
            if SUMMARY.match(line)]


def test_delete_several_by_name_and_id_with_wait(cloud):
    prefix = utils.unique('fleet-del')
    instances = cloud.wait_active(cloud.create_instances(4, prefix))
    kept = instances.pop()
    targets = [instances[0].name, instances[1].id, 'no-such-instance',
               instances[2].name]

    proc = cloud.run('database', 'instance', 'delete', *targets, '--wait',
                     check=False)

    # every instance given was deleted, and --wait returned only then
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == ''
    assert 'Traceback' not in proc.stderr
    for instance in instances:
        assert cloud.is_gone(instance.id), instance
    assert not cloud.is_gone(kept.id)
    lines = proc.stderr.splitlines()
    assert lines[0] == (
        "Failed to delete database instance 'no-such-instance': No "
        "database instance with a name or ID of 'no-such-instance' "
        "exists.")
    assert lines[-1] == '1 of 4 database instances failed to delete.'
    # one summary line for the set per change, ending with all deleted
    summary = progress_lines(proc)
    assert summary, proc.stderr
    assert summary[-1].startswith('3 of 3 deleted, 0 failed, ')
    assert len(lines) == len(summary) + 2, proc.stderr


def test_restart_several_by_name_with_wait(cloud):
    prefix = utils.unique('fleet-rst')
    instances = cloud.wait_active(cloud.create_instances(3, prefix))

    proc = cloud.run('database', 'instance', 'restart',
                     *[i.name for i in instances], '--wait',
                     '--concurrency', '2')

    assert proc.stdout == ''
    summary = progress_lines(proc)
    assert summary == proc.stderr.splitlines(), proc.stderr
    assert summary[-1].startswith('3 of 3 ACTIVE, 0 failed, ')
    for instance in instances:
        assert cloud.get(instance.id)['status'] == 'ACTIVE'


def test_restart_several_reports_each_failure_and_the_count(cloud):
    prefix = utils.unique('fleet-bad')
    first, second = cloud.wait_active(cloud.create_instances(2, prefix))
    twin = cloud.create_instance(second.name)  # the name is now ambiguous

    proc = cloud.run('database', 'instance', 'restart', first.name,
                     second.name, 'no-such-instance', check=False)

    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 3, proc.stderr
    assert lines[0].startswith(
        "Failed to restart database instance '%s': More than one database "
        "instance exists with the name '%s'. Use one of the IDs: "
        % (second.name, second.name)), lines[0]
    assert second.id in lines[0] and twin.id in lines[0]
    assert lines[1:] == [
        "Failed to restart database instance 'no-such-instance': No "
        "database instance with a name or ID of 'no-such-instance' "
        "exists.",
        '2 of 3 database instances failed to restart.']
    # the one that resolved was restarted all the same; the twins were not
    cloud.wait_settled(first)
    assert cloud.get(second.id)['status'] == 'ACTIVE'


def test_admin_reset_status_of_several_with_wait(cloud, admin_cloud):
    instances = cloud.wait_active(
        cloud.create_instances(3, utils.unique('fleet-reset')))

    # instances of another project, by ID: the wait sees every project
    proc = admin_cloud.run('database', 'instance', 'reset', 'status',
                           *[i.id for i in instances], '--wait')

    assert proc.stdout == ''
    summary = progress_lines(proc)
    assert summary == proc.stderr.splitlines(), proc.stderr
    assert summary[-1].startswith('3 of 3 settled, 0 failed, ')
    for instance in instances:
        assert cloud.get(instance.id)['status'] in ('ERROR', 'ACTIVE')


def test_admin_force_delete_several_with_wait(cloud, admin_cloud):
    instances = cloud.wait_active(
        cloud.create_instances(2, utils.unique('fleet-force')))

    proc = admin_cloud.run('database', 'instance', 'force', 'delete',
                           *[i.id for i in instances], '--wait')

    assert proc.stdout == ''
    assert progress_lines(proc)[-1].startswith('2 of 2 deleted, 0 failed')
    for instance in instances:
        assert cloud.is_gone(instance.id)
