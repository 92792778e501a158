"""``openstack database instance create`` against the local Trove.

What the server made is checked through the API (the library), not only
in what the command printed.
"""

import json
import uuid

import pytest

from tests.functional import utils

MYSQL_57 = ('--datastore', 'mysql', '--datastore-version', '5.7')


def _secret(label):
    return '%s-%s' % (label, uuid.uuid4().hex[:12])


def _users(cloud, instance_id):
    _resp, body = cloud.client.http.get('/instances/%s/users' % instance_id)
    return {user['name']: user for user in body['users']}


def _databases(cloud, instance_id):
    _resp, body = cloud.client.http.get('/instances/%s/databases'
                                        % instance_id)
    return sorted(db['name'] for db in body['databases'])


@pytest.mark.releases
def test_create_with_everything_waits_and_hides_the_password(cloud):
    secret = _secret('Inline')
    proc = cloud.run(
        '--debug', 'database', 'instance', 'create', 'full', '--flavor',
        'm1.tiny', '--size', '2', *MYSQL_57, '--database', 'db1',
        '--database', 'db2,character-set=utf8mb4,collate=utf8mb4_general_ci',
        '--user', 'name=alice,password=%s,databases=db1' % secret,
        '--public', '--allowed-cidr', '10.0.0.0/24',
        '--allowed-cidr', '192.168.1.0/24', '--wait', '-f', 'json')

    assert (proc.stdout + proc.stderr).count(secret) == 0
    # the request was logged, with the password masked
    assert '"users": [{"name": "alice", "password": "***"' in proc.stderr
    shown = json.loads(proc.stdout)
    assert set(shown) == utils.CREATE_KEYS
    assert shown['name'] == 'full'
    assert (shown['status'], shown['operating_status']) == ('ACTIVE',
                                                            'HEALTHY')
    assert (shown['datastore'], shown['datastore_version'],
            shown['flavor_id']) == ('mysql', '5.7', '1')
    assert shown['volume'] == 2
    assert shown['volume_details']['size'] == 2
    # mysql has no root_on_create here: no password
    assert shown['password'] == ''
    assert 'root password' not in proc.stderr
    assert shown['access'] == {
        'is_public': True,
        'allowed_cidrs': ['10.0.0.0/24', '192.168.1.0/24']}
    assert shown['public'] is True
    assert shown['role'] == ''
    assert 'Waiting for database instance %s' % shown['id'] in proc.stderr

    assert cloud.get(shown['id'])['status'] == 'ACTIVE'
    assert _databases(cloud, shown['id']) == ['db1', 'db2']
    assert _users(cloud, shown['id'])['alice']['databases'] == [
        {'name': 'db1'}]


def test_create_passwords_from_a_file_and_from_stdin(cloud, tmp_path):
    from_file = [_secret('File1'), _secret('File2')]
    password_file = tmp_path / 'passwords'
    password_file.write_text('%s\n%s\n' % tuple(from_file))
    from_stdin, legacy = _secret('Stdin'), _secret('Le:gacy')
    secrets = from_file + [from_stdin, legacy]

    by_file, by_stdin = utils.parallel(
        lambda: cloud.run(
            'database', 'instance', 'create', 'by-file', '--flavor', '1',
            '--size', '1', *MYSQL_57, '--user', 'name=bob',
            '--user', 'name=carol,host=%', '--password-file', password_file,
            '-f', 'json'),
        lambda: cloud.run(
            '--debug', 'database', 'instance', 'create', 'by-stdin',
            '--flavor', '1', '--size', '1', *MYSQL_57,
            '--databases', 'dba', 'dbb', '--users', 'dave:%s' % legacy,
            '--user', 'name=erin,databases=dba', '--password-file', '-',
            '-f', 'json', input=from_stdin + '\n'))

    for proc in (by_file, by_stdin):
        assert not any(secret in proc.stdout + proc.stderr
                       for secret in secrets)
    ids = [json.loads(proc.stdout)['id'] for proc in (by_file, by_stdin)]
    cloud.wait_active(ids)
    users = _users(cloud, ids[0])
    assert sorted(users) == ['bob', 'carol']
    users = _users(cloud, ids[1])
    assert sorted(users) == ['dave', 'erin']
    assert users['erin']['databases'] == [{'name': 'dba'}]
    assert _databases(cloud, ids[1]) == ['dba', 'dbb']


@pytest.mark.releases
def test_create_with_a_configuration_by_name_then_detach_and_attach(cloud):
    name = utils.unique('cfg')
    group = cloud.create_configuration(name)

    shown = cloud.json('database', 'instance', 'create', 'configured',
                       '--flavor', '1', '--size', '1', *MYSQL_57,
                       '--configuration', name)
    assert shown['configuration'] == group
    cloud.wait_active([shown['id']])
    assert cloud.get(shown['id'])['configuration']['id'] == group

    cloud.run('database', 'instance', 'set', 'configured',
              '--no-configuration')
    assert 'configuration' not in cloud.get(shown['id'])

    # python-troveclient's name of 'set'
    cloud.run('database', 'instance', 'update', shown['id'],
              '--configuration', group)
    assert cloud.get(shown['id'])['configuration']['id'] == group


def test_create_wait_ends_at_once_when_the_instance_fails(cloud):
    proc = cloud.run('database', 'instance', 'create', 'doomed-GUEST_ERROR',
                     '--flavor', '1', '--size', '1', *MYSQL_57, '--wait',
                     '-f', 'json', check=False)

    [instance] = cloud.client.instances.list()
    utils.assert_fails(proc, instance.id, 'ERROR',
                       'Service not active, status: failed to spawn',
                       progress=True)


def test_create_errors_from_the_server_are_one_clear_line(cloud):
    create = ('database', 'instance', 'create', 'bad', '--flavor', '1',
              '--size', '1')
    cases = [
        (create[:4] + ('--flavor', '999', '--size', '1') + MYSQL_57,
         ["No flavor with a name or ID of '999' exists."]),
        (create[:4] + ('--flavor', '1', '--size', '100') + MYSQL_57,
         ["Volume 'size' cannot exceed maximum of 25 GB, 100 cannot be "
          "accepted.", '(HTTP 413)', 'Request-ID: req-']),
        (create + ('--datastore', 'mysql', '--datastore-version', '9.9'),
         ["Datastore version '9.9' cannot be found.", '(HTTP 400)']),
        (create + ('--datastore', 'nosql'),
         ["Datastore 'nosql' cannot be found.", '(HTTP 404)']),
        (create,
         ['Please specify datastore. No default datastore is defined.',
          '(HTTP 400)']),
        (create + MYSQL_57 + ('--configuration', 'no-such-group'),
         ["No configuration group with a name or ID of 'no-such-group' "
          "exists."]),
        (create[:4] + ('--replica-of', 'no-such-source'),
         ["No database instance with a name or ID of 'no-such-source' "
          "exists."]),
    ]

    procs = cloud.run_many(*[args for args, _fragments in cases],
                           check=False)

    for proc, (_args, fragments) in zip(procs, cases):
        utils.assert_fails(proc, *fragments)
    assert cloud.names() == []


def test_create_wait_timeout_says_the_instance_goes_on(cloud):
    # Issue 15 item 10. The fake Trove needs about 1.4 s at the least to
    # build an instance, so a 1 s wait ends while it is still BUILD.
    proc = cloud.run('database', 'instance', 'create', 'slow', '--flavor',
                     '1', '--size', '1', *MYSQL_57, '--wait',
                     '--wait-timeout', '1', check=False)

    [instance] = cloud.client.instances.list()
    utils.assert_fails(
        proc, 'Timeout waiting for database instance %s to become ACTIVE '
        'after 1s (last status: BUILD)' % instance.id,
        "Only the wait ended: it exists and Trove carries on with it; "
        "follow it with 'openstack database instance show %s'"
        % instance.id, progress=True)
    cloud.wait_active([instance])


def test_create_replica_count_shows_and_waits_for_every_replica(cloud):
    # Issue 15 item 3: '--replica-count 2 --wait' showed and waited for
    # rc-2 only.
    source = cloud.create_instance('pwm')

    proc = cloud.run('database', 'instance', 'create', 'rc', '--replica-of',
                     'pwm', '--replica-count', '2', '--wait', '-f', 'value',
                     '-c', 'id', '-c', 'name')

    rows = [line.split() for line in proc.stdout.splitlines()]
    assert [name for _id, name in rows] == ['rc-1', 'rc-2']
    for ident, name in rows:
        shown = cloud.get(ident)
        assert (shown['name'], shown['status']) == (name, 'ACTIVE')
        assert shown['replica_of']['id'] == source.id
        assert 'Waiting for database instance %s' % ident in proc.stderr
    assert sorted(cloud.names()) == ['pwm', 'rc-1', 'rc-2']


def test_create_replica_count_output_is_rows_in_json(cloud):
    cloud.create_instance('pwm')

    rows = cloud.json('database', 'instance', 'create', 'rc', '--replica-of',
                      'pwm', '--replica-count', '2')
    shell = cloud.run('database', 'instance', 'create', 'rx', '--replica-of',
                      'pwm', '--replica-count', '2', '-f', 'shell',
                      check=False)

    assert [row['Name'] for row in rows] == ['rc-1', 'rc-2']
    assert {row['Role'] for row in rows} == {'replica'}
    utils.assert_usage_error(shell, '-f shell shows one instance')
    cloud.wait_active([row['ID'] for row in rows])
