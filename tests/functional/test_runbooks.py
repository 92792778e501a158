"""Runbooks that are safe to rehearse and to re-run (issue 26), against the
real Trove API: ``--dry-run`` looks names up and changes nothing, ``create
--or-show`` finds what a first run made, and ``instance wait`` waits in a
step of its own.
"""

import json
import re

from tests.functional import utils

UUID = re.compile(r'^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$')
SUMMARY = re.compile(r'^\d+ of \d+ (deleted|ACTIVE)(, \d+ [A-Z_]+)*'
                     r', \d+ failed, \d+ s$')
CREATE = ('database', 'instance', 'create')
IMAGES = ['%08d-0000-4000-8000-000000000026' % number for number in range(3)]


def rows(proc):
    return json.loads(proc.stdout)


def test_dry_run_of_a_delete_by_name_resolves_and_leaves_them(cloud):
    prefix = utils.unique('dr-del')
    first, second = cloud.wait_active(cloud.create_instances(2, prefix))

    proc = cloud.run('database', 'instance', 'delete', first.name,
                     second.name, '--dry-run', '-f', 'json')

    assert rows(proc) == [
        {'Target': instance.name, 'ID': instance.id, 'Method': 'DELETE',
         'Path': '/instances/%s' % instance.id, 'Body': None}
        for instance in (first, second)]
    assert proc.stderr == ''
    for instance in (first, second):
        assert cloud.get(instance.id)['status'] == 'ACTIVE'

    # with --force, by ID: two requests each, reset status then delete
    proc = cloud.run('database', 'instance', 'delete', first.id, '--force',
                     '--dry-run', '-f', 'json')
    assert [(row['Target'], row['Method'], row['Path'], row['Body'])
            for row in rows(proc)] == [
        (first.id, 'POST', '/instances/%s/action' % first.id,
         {'reset_status': {}}),
        (first.id, 'DELETE', '/instances/%s' % first.id, None)]
    assert proc.stderr == ''
    for instance in (first, second):
        assert cloud.get(instance.id)['status'] == 'ACTIVE'

    # a name that resolves to nothing fails as in a real run
    proc = cloud.run('database', 'instance', 'delete', first.name,
                     'no-such-instance', '--dry-run', '-f', 'json',
                     check=False)
    assert proc.returncode == 1, proc.stderr
    assert [row['ID'] for row in rows(proc)] == [first.id]
    assert proc.stderr.splitlines() == [
        "Cannot delete database instance 'no-such-instance': No database "
        "instance with a name or ID of 'no-such-instance' exists.",
        '1 of 2 database instances would fail to delete (dry run: nothing '
        'was changed).']
    assert sorted(cloud.names()) == sorted([first.name, second.name])


def test_dry_run_of_a_create_masks_passwords_and_makes_nothing(cloud):
    name = utils.unique('dr-new')
    proc = cloud.run(*CREATE, name, '--flavor', 'm1.tiny', '--size', '1',
                     '--datastore', 'mysql', '--datastore-version', '5.7',
                     '--user', 'name=app,password=' + utils.PASSWORD,
                     '--dry-run', '-f', 'json')

    assert rows(proc) == [{
        'Target': name, 'ID': '', 'Method': 'POST', 'Path': '/instances',
        'Body': {'instance': {
            'name': name, 'flavorRef': '1', 'volume': {'size': 1},
            'users': [{'name': 'app', 'password': '***'}],
            'datastore': {'type': 'mysql', 'version': '5.7'}}}}]
    assert utils.PASSWORD not in proc.stdout + proc.stderr
    assert cloud.names() == []
    # a flavor that does not exist fails as it would
    utils.assert_fails(cloud.run(*CREATE, name, '--flavor', 'm1.huge',
                                 '--dry-run', check=False),
                       "No flavor with a name or ID of 'm1.huge' exists.")


def test_dry_run_of_actions_and_set_changes_nothing(cloud):
    instance = cloud.create_instance(utils.unique('dr-act'))
    procs = cloud.run_many(
        ('database', 'instance', 'restart', instance.name, '--dry-run',
         '-f', 'json'),
        ('database', 'instance', 'resize', 'volume', instance.name, '2',
         '--dry-run', '-f', 'json', '--wait'),
        ('database', 'instance', 'set', instance.id, '--name', 'renamed',
         '--dry-run', '-f', 'json'))

    assert [rows(proc)[0]['Body'] for proc in procs] == [
        {'restart': {}}, {'resize': {'volume': {'size': 2}}},
        {'instance': {'name': 'renamed'}}]
    assert all(rows(proc)[0]['ID'] == instance.id for proc in procs)
    shown = cloud.get(instance.id)
    assert (shown['name'], shown['status'], shown['volume']['size']) == (
        instance.name, 'ACTIVE', 1)


def test_dry_run_of_datastore_version_admin_commands(admin_cloud):
    store = utils.unique('dr-store')
    version = admin_cloud.json('datastore', 'version', 'create', '1.0',
                               store, 'mysql', IMAGES[0], '--enable')
    try:
        procs = admin_cloud.run_many(
            ('datastore', 'version', 'create', '2.0', store, 'mysql',
             IMAGES[1], '--dry-run', '-f', 'json'),
            ('datastore', 'version', 'set', '1.0', '--datastore', store,
             '--image', IMAGES[2], '--dry-run', '-f', 'json'),
            ('datastore', 'version', 'delete', version['id'], '--dry-run',
             '-f', 'json'),
            ('datastore', 'delete', store, '--dry-run', '-f', 'json'))
        plans = [rows(proc) for proc in procs]
        assert [(row['Method'], row['Path']) for plan in plans
                for row in plan] == [
            ('POST', '/mgmt/datastore-versions'),
            ('PATCH', '/mgmt/datastore-versions/' + version['id']),
            ('DELETE', '/mgmt/datastore-versions/' + version['id']),
            ('DELETE', '/datastores/' + version['datastore_id'])]
        listed = admin_cloud.json('datastore', 'version', 'list', store)
        assert [row['Name'] for row in listed] == ['1.0']
        shown = admin_cloud.json('datastore', 'version', 'show',
                                 version['id'])
        assert shown['image'] == IMAGES[0]
    finally:
        for each in admin_cloud.client.datastore_versions.list_all():
            if each.to_dict().get('datastore_name') == store:
                admin_cloud.client.datastore_versions.delete(each.id)
        admin_cloud.client.datastores.delete(store)


def test_create_or_show_run_again_finds_the_first_instance(cloud):
    name = utils.unique('again')
    args = (*CREATE, name, '--flavor', 'm1.tiny', '--size', '1',
            '--datastore', 'mysql', '--datastore-version', '5.7',
            '--or-show')

    first = cloud.run(*args, '-f', 'json')
    made = json.loads(first.stdout)
    assert UUID.match(made['id'])
    assert first.stderr == ''

    # run again, waiting this time: the one instance is shown and waited
    # for, not created again
    again = cloud.run(*args, '--wait', '-f', 'json')
    shown = json.loads(again.stdout)
    assert (shown['id'], shown['status']) == (made['id'], 'ACTIVE')
    assert "Database instance '%s' (%s) exists: shown, not created" % (
        name, made['id']) in again.stderr.splitlines()
    assert cloud.names() == [name]

    # what differs from the options is said, and the instance still shown
    differs = cloud.run(*CREATE, name, '--flavor', 'm1.small', '--size',
                        '2', '--datastore', 'mysql', '--or-show', '-f',
                        'value', '-c', 'id')
    assert differs.stdout.strip() == made['id']
    assert differs.stderr.splitlines()[-1] == (
        'It differs from the options given: flavor 1 (asked 2), volume '
        'size 1 (asked 2)')
    assert cloud.names() == [name]


def test_create_or_show_refuses_a_name_several_instances_have(cloud):
    name = utils.unique('twice')
    twins = cloud.wait_active(cloud.create_instances(2, name))
    for instance in twins:
        cloud.client.instances.update(instance, name=name)

    proc = cloud.run(*CREATE, name, '--flavor', 'm1.tiny', '--or-show',
                     check=False)

    line = utils.assert_fails(proc, "More than one database instance exists "
                              "with the name '%s'" % name)
    for instance in twins:
        assert instance.id in line
    assert cloud.names() == [name, name]


def test_instance_wait_on_several_and_deleted(cloud):
    prefix = utils.unique('wait')
    made = cloud.create_instances(3, prefix)

    # several, by name and ID, started elsewhere: one summary line per
    # change, every one ACTIVE at the end
    proc = cloud.run('database', 'instance', 'wait', made[0].name,
                     made[1].id, made[2].name, '--status', 'ACTIVE',
                     '--wait-timeout', str(utils.SETTLE_TIMEOUT))
    assert proc.stdout == ''
    lines = proc.stderr.splitlines()
    assert lines and all(SUMMARY.match(line) for line in lines), lines
    assert lines[-1].startswith('3 of 3 ACTIVE, 0 failed, ')
    assert {cloud.get(i.id)['status'] for i in made} == {'ACTIVE'}

    # one, already there: no wait beyond one poll
    one = cloud.run('database', 'instance', 'wait', made[0].id, '--status',
                    'active,shutdown')
    assert one.stderr.startswith('Waiting for database instance ')

    cloud.run('database', 'instance', 'delete', *[i.id for i in made])
    gone = cloud.run('database', 'instance', 'wait', *[i.id for i in made],
                     '--deleted', '--wait-timeout',
                     str(utils.SETTLE_TIMEOUT))
    lines = gone.stderr.splitlines()
    assert all(SUMMARY.match(line) for line in lines), lines
    assert lines[-1].startswith('3 of 3 deleted, 0 failed, ')
    assert cloud.names() == []

    # a name gone already is gone; a status Trove has not is exit 2
    cloud.run('database', 'instance', 'wait', made[0].name, '--deleted')
    utils.assert_usage_error(
        cloud.run('database', 'instance', 'wait', made[0].name, '--status',
                  'RUNNING', check=False),
        "Invalid status 'RUNNING': must be one of ACTIVE, ")


def test_instance_wait_reports_each_failure_and_the_count(cloud):
    prefix = utils.unique('wait-bad')
    (ok,) = cloud.create_instances(1, prefix)

    proc = cloud.run('database', 'instance', 'wait', ok.id,
                     'no-such-instance', '--status', 'ACTIVE', check=False)

    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.splitlines()
    assert "Cannot wait for database instance 'no-such-instance': No " \
        "database instance with a name or ID of 'no-such-instance' " \
        "exists." in lines
    assert lines[-1] == '1 of 2 database instances failed to become ACTIVE.'
    assert cloud.get(ok.id)['status'] == 'ACTIVE'


def _guide_runbook():
    """The runbook of doc/source/cli/scripting.rst, as a shell script, on
    the local cloud's flavors and versions."""
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / 'doc' / 'source' / 'cli'
            / 'scripting.rst').read_text()
    start = text.index('    #!/bin/sh\n')
    end = text.index('\n\n', text.index('    fi\n', start))
    script = '\n'.join(line[4:] for line in
                       text[start:end].splitlines()) + '\n'
    asked = ('--flavor m1.large --size 50 --datastore mysql '
             '--datastore-version 8.0')
    assert asked in script, 'the runbook changed'
    return script.replace(asked, '--flavor m1.small --size 2 --datastore '
                          'mysql --datastore-version 5.7')


def test_the_scripting_guides_runbook_rehearses_runs_and_runs_again(
        cloud, tmp_path):
    import subprocess

    runbook = tmp_path / 'reports.sh'
    runbook.write_text(_guide_runbook())
    old = cloud.create_instance('reports-1')
    env = dict(cloud.env, PATH='%s:%s' % (utils.OPENSTACK.parent,
                                          cloud.env.get('PATH', '')))

    def run(*args):
        proc = subprocess.run(['sh', str(runbook), *args], env=env,
                              capture_output=True, text=True,
                              timeout=utils.CLI_TIMEOUT * 3)
        assert proc.returncode == 0, proc.stderr
        return proc

    rehearsal = run('--dry-run')
    assert 'POST   | /instances ' in rehearsal.stdout
    assert 'DELETE | /instances/%s' % old.id in rehearsal.stdout
    assert cloud.names() == ['reports-1']

    run()
    (made,) = [i for i in cloud.client.instances.list_all()]
    assert (made.name, made.status) == ('reports-2', 'ACTIVE')

    again = run()
    assert "Database instance 'reports-2' (%s) exists: shown, not " \
        'created' % made.id in again.stderr
    assert cloud.names() == ['reports-2']
