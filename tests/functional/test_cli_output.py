"""What the commands print, against the local Trove.

* The root password Trove generates on create (the local postgresql
  datastore has ``root_on_create``) is printed once, on stdout, and never in
  ``--debug`` output, the log file or an error (issue 22 item 1).
* python-troveclient's runbook values: ``-f value -c volume`` is the size,
  ``-c flavor`` the flavor's ID (issue 21 item 4).
* A name holding terminal escape sequences reaches the terminal as text in
  every human-readable format, exactly in JSON (issue 23 item 9).
"""

import json

POSTGRESQL = ('--flavor', '1', '--size', '1', '--datastore', 'postgresql',
              '--datastore-version', '13')
ONCE = 'Trove shows the root password of database instance %s only once'
NASTY = 'x\x1b[2J\x1b]0;t\x07'


def test_create_shows_the_root_password_once(cloud, tmp_path):
    log = tmp_path / 'openstack.log'
    waited, plain = cloud.run_many(
        ('--debug', '--log-file', log, 'database', 'instance', 'create',
         'pg-root', *POSTGRESQL, '--wait', '-f', 'json'),
        ('database', 'instance', 'create', 'pg-value', *POSTGRESQL,
         '-f', 'value', '-c', 'id', '-c', 'password'))

    shown = json.loads(waited.stdout)
    password = shown['password']
    assert len(password) >= 8
    # the polls of --wait have no password: the create's answer is kept
    assert shown['status'] == 'ACTIVE'
    assert (ONCE % shown['id']) in waited.stderr
    assert '"password": "***"' in waited.stderr  # the answer, logged
    assert password not in waited.stderr
    assert password not in log.read_text()

    ident, other = plain.stdout.split()
    assert other != password
    assert plain.stderr.splitlines() == [
        (ONCE % ident) + ', in this output']

    # Trove never shows it again, and neither does show
    again = cloud.run('database', 'instance', 'show', shown['id'], '-f',
                      'json')
    assert password not in again.stdout
    assert 'password' not in json.loads(again.stdout)
    assert 'password' not in cloud.get(ident)


def test_a_failed_wait_still_prints_the_root_password(cloud):
    proc = cloud.run('database', 'instance', 'create', 'pg-GUEST_ERROR',
                     *POSTGRESQL, '--wait', '-f', 'json', check=False)

    assert proc.returncode == 1, proc.stderr
    shown = json.loads(proc.stdout)
    assert shown['status'] == 'BUILD'
    assert shown['password']
    assert 'ERROR' in proc.stderr
    assert shown['password'] not in proc.stderr


def test_runbook_values_are_python_troveclients(cloud):
    instance = cloud.create_instance('runbook')
    volume, flavor, used, addresses = cloud.run_many(*[
        ('database', 'instance', 'show', name, '-f', 'value', '-c', column)
        for name, column in ((instance.id, 'volume'), ('runbook', 'flavor'),
                             ('runbook', 'volume_used'),
                             (instance.id, 'addresses'))])
    assert volume.stdout == '1\n'
    assert flavor.stdout == '1\n'
    assert float(used.stdout) >= 0
    assert addresses.stdout == '\n'  # the fake cloud gives no addresses


def test_escape_sequences_in_a_name_reach_a_terminal_as_text(cloud):
    instance = cloud.client.instances.create(
        NASTY, '1', volume=1, datastore='mysql', datastore_version='5.7')
    readable = cloud.run_many(
        ('database', 'instance', 'list'),
        ('database', 'instance', 'list', '-f', 'value', '-c', 'Name'),
        ('database', 'instance', 'list', '-f', 'csv'),
        ('database', 'instance', 'show', instance.id),
        ('database', 'instance', 'show', instance.id, '-f', 'shell'))
    listed, shown = cloud.json_many(('database', 'instance', 'list'),
                                    ('database', 'instance', 'show', NASTY))

    for proc in readable:
        for char in ('\x1b', '\x07'):
            assert char not in proc.stdout, proc.args
        assert 'x\\x1b[2J' in proc.stdout.replace('\\\\', '\\'), proc.args
    assert readable[1].stdout == 'x\\x1b[2J\\x1b]0;t\\x07\n'
    assert [row['Name'] for row in listed] == [NASTY]
    assert shown['name'] == NASTY
    assert shown['id'] == instance.id
