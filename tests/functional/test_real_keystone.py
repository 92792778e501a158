"""What only a real Keystone shows: the domain a user is in, roles that
decide what is admin, application credentials, tokens that stop being
valid, and the identity service or Trove being away.

Each test here would pass against a stub that takes any password and any
domain, and treats a token as a project name; several failed on the code
before the local cloud ran the real Keystone.
"""

import json
import socket
import subprocess
import time

import pytest
import yaml

from tests.functional import utils
from troveclient_osc.v1 import client as v1_client

#: Generous: each of these commands ends in seconds.
FAULT_BOUND = 60


def _closed_port():
    """A port on 127.0.0.1 where nothing listens (a server that is down)."""
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


# -- the spec's call ----------------------------------------------------------

@pytest.fixture
def spec_project(local_trove):
    cloud = utils.Cloud(local_trove, utils.spec_project(local_trove, 'sp'))
    yield cloud
    cloud.cleanup()


@pytest.mark.parametrize('url_key', ['auth_url', 'auth_url_unversioned',
                                     'auth_url_v2'])
def test_spec_client_call_without_domains_signs_in_by_project_name(
        local_trove, spec_project, url_key):
    tc = v1_client.Client(username=utils.SPEC_USER,
                          password=utils.SPEC_PASSWORD,
                          project_id=spec_project.project,
                          region_name='EAST',
                          auth_url=local_trove[url_key])

    assert {'1', '2'} <= {str(flavor.id) for flavor in tc.flavors.list()}
    assert list(tc.instances.list()) == []
    assert tc.session.get_project_id() == utils.identity(
        local_trove).project_id(spec_project.project)


def test_spec_client_call_with_the_project_id(local_trove, spec_project):
    project_id = utils.identity(local_trove).project_id(spec_project.project)
    tc = v1_client.Client(username=utils.SPEC_USER,
                          password=utils.SPEC_PASSWORD,
                          project_id=project_id, region_name='RegionOne',
                          auth_url=local_trove['auth_url'])

    assert list(tc.instances.list()) == []
    assert tc.session.get_project_id() == project_id


# -- roles --------------------------------------------------------------------

ADMIN_COMMANDS = [
    ('database', 'instance', 'reboot', '{id}'),
    ('database', 'instance', 'rebuild', '{id}',
     '7d3b5f7c-0000-4000-8000-00000000abcd'),
    ('database', 'instance', 'reset', 'status', '{id}'),
    ('database', 'instance', 'delete', '--force', '{id}'),
    ('database', 'instance', 'list', '--all-projects'),
    ('database', 'instance', 'list', '--project', '{project_id}'),
    ('datastore', 'delete', 'mysql'),
    ('datastore', 'version', 'create', '9.9', 'mysql', 'mysql',
     '7d3b5f7c-0000-4000-8000-00000000abcd'),
    ('datastore', 'version', 'set', '5.7', '--datastore', 'mysql',
     '--disable'),
    ('datastore', 'version', 'delete', '5.7', '--datastore', 'mysql'),
]
REFUSALS = ('User does not have admin privileges.',
            "Policy doesn't allow")


def test_a_member_is_refused_every_admin_command(local_trove, cloud):
    instance = cloud.create_instance(utils.unique('member'))
    project_id = utils.identity(local_trove).project_id(cloud.project)
    commands = [tuple(arg.format(id=instance.id, project_id=project_id)
                      for arg in args) for args in ADMIN_COMMANDS]

    procs = cloud.run_many(*commands, check=False)

    for args, proc in zip(commands, procs):
        assert proc.returncode == 1, (args, proc.stdout, proc.stderr)
        assert 'Traceback' not in proc.stderr, proc.stderr
        assert proc.stdout == '', (args, proc.stdout)
        lines = proc.stderr.strip().splitlines()
        # One line; a command that takes many targets adds OSC's summary.
        assert len(lines) == 1 or (len(lines) == 2 and
                                   ' of 1 ' in lines[1]), (args, lines)
        assert any(refusal in lines[0] for refusal in REFUSALS), \
            (args, lines)
    # Nothing was changed.
    assert cloud.get(instance.id)['status'] == 'ACTIVE'
    versions = cloud.json('datastore', 'version', 'list', 'mysql')
    assert {'5.6-104', '5.7', '8.0'} <= {v['Name'] for v in versions}


def test_an_admin_lists_every_project_and_one_project_by_name(
        cloud, admin_cloud):
    theirs = cloud.create_instance(utils.unique('theirs'))
    mine = admin_cloud.create_instance(utils.unique('mine'))

    every, by_name = admin_cloud.json_many(
        ('database', 'instance', 'list', '--all-projects'),
        ('database', 'instance', 'list', '--project', cloud.project))

    assert {theirs.id, mine.id} <= {row['ID'] for row in every}
    assert [row['ID'] for row in by_name] == [theirs.id]


# -- application credentials --------------------------------------------------

def test_an_application_credential_in_clouds_yaml_runs_the_commands(
        local_trove, cloud, tmp_path):
    session = cloud.client.session
    user_id = session.get_user_id()
    created = session.post(
        '/users/%s/application_credentials' % user_id,
        endpoint_filter={'service_type': 'identity', 'interface': 'public'},
        json={'application_credential': {'name': utils.unique('runbook')}}
    ).json()['application_credential']
    secret = created['secret']
    clouds = tmp_path / 'clouds.yaml'
    clouds.write_text(yaml.safe_dump({'clouds': {'runbook': {
        'auth_type': 'v3applicationcredential',
        'auth': {'auth_url': local_trove['auth_url'],
                 'application_credential_id': created['id'],
                 'application_credential_secret': secret},
        'region_name': 'RegionOne', 'identity_api_version': 3}}}))
    instance = cloud.create_instance(utils.unique('appcred'))
    env = {key: None for key in cloud.env if key.startswith('OS_')}
    env.update(OS_CLIENT_CONFIG_FILE=str(clouds), OS_CLOUD='runbook')

    listed, shown, flavors, debug = cloud.run_many(
        ('database', 'instance', 'list', '-f', 'json'),
        ('database', 'instance', 'show', instance.name, '-f', 'json'),
        ('database', 'flavor', 'list', '-f', 'value', '-c', 'ID'),
        ('--debug', 'database', 'instance', 'show', instance.id),
        env=env)

    assert [row['ID'] for row in json.loads(listed.stdout)] == [instance.id]
    assert json.loads(shown.stdout)['id'] == instance.id
    assert '1' in flavors.stdout.split()
    assert instance.id in debug.stdout
    assert '/auth/tokens' in debug.stderr   # the sign-in was logged
    for proc in (listed, shown, flavors, debug):
        assert secret not in proc.stdout + proc.stderr


# -- a token that stops being valid -------------------------------------------

def test_a_token_revoked_during_a_long_wait_is_renewed(local_trove, cloud):
    """Keystone revokes a user's tokens when the password is set (to the
    same one here); Trove then refuses the token with 401, and the command
    signs in again and goes on waiting."""
    ident = utils.identity(local_trove)
    name = utils.unique('revoked') + '-SLOW_GUEST'   # ~8 s in BUILD
    env = dict(cloud.env)
    proc = subprocess.Popen(
        [str(utils.OPENSTACK), 'database', 'instance', 'create', name,
         '--flavor', '1', '--size', '1', '--datastore', 'mysql',
         '--datastore-version', '5.7', '--wait', '-f', 'json'],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        first = proc.stderr.readline()
        assert first.startswith('Waiting for '), first
        ident.set_password(ident.user(utils.USER), utils.PASSWORD)
        revoked_at = time.monotonic()
        out, err = proc.communicate(timeout=utils.CLI_TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()

    assert proc.returncode == 0, (out, first + err)
    assert json.loads(out)['status'] == 'ACTIVE'
    assert 'Traceback' not in err
    # The wait went on past the revocation and Trove's token cache.
    assert time.monotonic() - revoked_at > local_trove['token_cache_time']
    instance_id = json.loads(out)['id']
    refused = [line for line in open(local_trove['trove_log'])
               if instance_id in line and ' 401 ' in line]
    assert refused, 'Trove never refused the revoked token'


# -- faults -------------------------------------------------------------------

def _timed(cloud, *args, env):
    started = time.monotonic()
    proc = cloud.run(*args, check=False, env=env)
    return proc, time.monotonic() - started


def test_a_wrong_password_is_one_line_naming_authentication(cloud):
    proc, took = _timed(cloud, 'database', 'instance', 'list',
                        env={'OS_PASSWORD': 'not-the-password'})

    utils.assert_fails(proc, 'requires authentication', '(HTTP 401)')
    assert 'not-the-password' not in proc.stderr
    assert took < FAULT_BOUND


def test_keystone_down_is_one_line_naming_its_url(cloud):
    url = 'http://127.0.0.1:%d/v3' % _closed_port()

    proc, took = _timed(cloud, 'database', 'instance', 'list',
                        env={'OS_AUTH_URL': url})

    utils.assert_fails(proc, url)
    assert took < FAULT_BOUND


def test_trove_down_while_keystone_is_up_is_one_line_naming_its_url(
        local_trove, cloud, tmp_path):
    project_id = utils.identity(local_trove).project_id(cloud.project)
    url = 'http://127.0.0.1:%d/v1.0/%s' % (_closed_port(), project_id)
    clouds = tmp_path / 'clouds.yaml'
    clouds.write_text(yaml.safe_dump({'clouds': {'away': {
        'auth': {'auth_url': local_trove['auth_url'],
                 'username': utils.USER, 'password': utils.PASSWORD,
                 'project_name': cloud.project,
                 'user_domain_id': 'default',
                 'project_domain_id': 'default'},
        'region_name': 'RegionOne',
        'database_endpoint_override': url}}}))
    env = {key: None for key in cloud.env if key.startswith('OS_')}
    env.update(OS_CLIENT_CONFIG_FILE=str(clouds), OS_CLOUD='away')

    proc, took = _timed(cloud, 'database', 'instance', 'list', env=env)

    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert 'Traceback' not in proc.stderr
    assert proc.stdout == ''
    assert url.rsplit('/v1.0', 1)[0] in utils.error_line(proc), proc.stderr
    assert took < FAULT_BOUND
