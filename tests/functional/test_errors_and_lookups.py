"""Waits by name, wrong endpoints, missing datastores, the server's reasons,
bad limits and an unreachable Trove, against the local Trove.

Each case here was once reported wrongly: a wait given a name ended at
once, a wrong endpoint read as "no such datastore", a version number alone
was dropped, a missing datastore was reported as a missing version, a
validation error lost its reason, a bad limit got a 500, and a delete of two
names printed six retry lines.
"""

import socket
import uuid

import pytest

from troveclient_osc import exceptions
from tests.functional import utils

MYSQL_57 = ('--datastore', 'mysql', '--datastore-version', '5.7')
NET_ID = '3b9c1e0e-6a41-4c1e-9d0a-1f5a2b7c8d90'


# -- a wait given a name ------------------------------------------------------

def test_library_waits_take_a_name(cloud):
    tc = cloud.client
    instance = tc.instances.create('db1', '1', volume={'size': 1},
                                   datastore='mysql', datastore_version='5.7')

    active = tc.instances.wait_for_status('db1', 'ACTIVE', interval=0.25,
                                          timeout=utils.SETTLE_TIMEOUT)
    assert active.id == instance.id and active.status == 'ACTIVE'
    # It is ACTIVE: a wait for its deletion may not end as if it were gone.
    with pytest.raises(exceptions.WaitTimeout) as info:
        tc.instances.wait_for_delete('db1', timeout=1, interval=0.25)
    assert 'last status: ACTIVE' in str(info.value)
    assert cloud.get(instance.id)['status'] == 'ACTIVE'
    with pytest.raises(exceptions.NotFound, match="'nosuch'"):
        tc.instances.wait_for_status('nosuch', timeout=5, interval=0.25)

    tc.instances.delete(instance.id)
    assert tc.instances.wait_for_delete(
        'db1', interval=0.25, timeout=utils.SETTLE_TIMEOUT) is None
    assert cloud.is_gone(instance.id)


# -- a wrong endpoint ---------------------------------------------------------

@pytest.fixture
def wrong_endpoints(local_trove, dead_end):
    """Endpoints that answer 404 to everything: the real Trove under a path
    it does not serve, and a port answering empty 404s."""
    return {
        'trove, another path': local_trove['trove_url'] + '-nosuch/project',
        'empty 404s': 'http://127.0.0.1:%d/v1.0/project' % dead_end.port,
    }


@pytest.mark.parametrize('which', ['trove, another path', 'empty 404s'])
def test_a_wrong_endpoint_is_named_not_taken_for_a_missing_resource(
        cloud, wrong_endpoints, which):
    endpoint = wrong_endpoints[which]
    version = cloud.client.datastore_versions.find('5.7', datastore='mysql')
    env = {'OS_DATABASE_ENDPOINT_OVERRIDE': endpoint}
    show, listing, flavors, version_show, delete = cloud.run_many(
        ('datastore', 'show', 'mysql'),
        ('datastore', 'list'),
        ('database', 'flavor', 'list', '--datastore-type', 'mysql',
         '--datastore-version-id', version.id),
        ('datastore', 'version', 'show', version.id),
        ('datastore', 'delete', 'mysql'),
        check=False, env=env)

    wrong = 'The database endpoint looks wrong: %s' % endpoint
    # one datastore to delete: its error alone (issue 23, item 13)
    for proc, path in ((show, '/datastores/mysql'),
                       (listing, '/datastores'),
                       (flavors, '/datastores/mysql'),
                       (version_show, '/datastores/versions/' + version.id),
                       (delete, '/datastores/mysql')):
        utils.assert_fails(proc, wrong + path + ' is not a URL of the Trove '
                           'API', '(HTTP 404)')
        assert 'exists' not in proc.stderr

    from troveclient_osc.v1 import client
    wrong_client = client.Client(session=cloud.client.http.session,
                                 endpoint_override=endpoint)
    with pytest.raises(exceptions.WrongEndpoint):
        wrong_client.instances.wait_for_delete(version.id, timeout=5,
                                               interval=0.25)


# -- a version number alone --------------------------------------------------

def test_a_version_number_without_a_version_creates_nothing(cloud):
    proc = cloud.run('database', 'instance', 'create', 'vn', '--flavor', '1',
                     '--size', '1', '--datastore', 'mysql',
                     '--datastore-version-number', '5.7', check=False)
    utils.assert_usage_error(proc, '--datastore-version-number needs '
                             '--datastore-version')
    with pytest.raises(exceptions.ValidationError):
        cloud.client.instances.create('vn', '1', volume={'size': 1},
                                      datastore='mysql',
                                      datastore_version_number='5.7')
    assert cloud.names() == []

    # With the version it tells apart, the number is used.
    created = cloud.json('database', 'instance', 'create', 'vn', '--flavor',
                         '1', '--size', '1', *MYSQL_57,
                         '--datastore-version-number', '5.7')
    assert cloud.get(created['id'])['datastore']['version'] == '5.7'


# -- a version in a missing datastore ----------------------------------------

def test_a_missing_datastore_is_named_not_the_version(cloud):
    show, change, delete, listing = cloud.run_many(
        ('datastore', 'version', 'show', '5.7', '--datastore', 'nosuch'),
        ('datastore', 'version', 'set', '5.7', '--datastore', 'nosuch',
         '--disable'),
        ('datastore', 'version', 'delete', '5.7', '--datastore', 'nosuch'),
        ('datastore', 'version', 'list', 'nosuch'),
        check=False)

    missing = "No datastore with a name or ID of 'nosuch' exists."
    utils.assert_fails(show, missing)
    utils.assert_fails(change, missing)
    # one version to delete: its error alone (issue 23, item 13)
    utils.assert_fails(delete, missing)
    assert 'No datastore version' not in show.stderr + change.stderr + \
        delete.stderr
    utils.assert_fails(listing, "Datastore 'nosuch' cannot be found.")
    # A version that is missing from a datastore that exists:
    utils.assert_fails(cloud.run('datastore', 'version', 'show', '9.9',
                                 '--datastore', 'mysql', check=False),
                       "'9.9'")


# -- the server's reason ------------------------------------------------------

def test_a_validation_error_keeps_the_servers_reason(cloud):
    long_name = 'x' * 256
    long_ip = '10.0.0.' + '9' * 300
    name, nic = cloud.run_many(
        ('database', 'instance', 'create', long_name, '--flavor', '1',
         '--size', '1', *MYSQL_57),
        ('database', 'instance', 'create', 'nic', '--flavor', '1', '--size',
         '1', *MYSQL_57, '--nic',
         'net-id=%s,ip-address=%s' % (NET_ID, long_ip)),
        check=False)

    line = utils.assert_fails(name, "Validation error: instance['name'] "
                              "'xxx", "xxx' is too long (HTTP 400)")
    assert len(line) < 350
    line = utils.assert_fails(nic, "instance['nics'][0]['ip_address'] "
                              "'10.0.0.99", "999' does not match")
    assert len(line) < 350
    with pytest.raises(exceptions.BadRequest) as info:
        cloud.client.instances.create(long_name, '1', volume={'size': 1},
                                      datastore='mysql',
                                      datastore_version='5.7')
    assert info.value.message.endswith("' is too long")
    assert cloud.names() == []


# -- a bad limit --------------------------------------------------------------

@pytest.mark.parametrize('limit', [0, -1, 'abc'])
def test_a_bad_limit_is_refused_before_trove_answers_500(cloud, limit):
    with pytest.raises(exceptions.ValidationError,
                       match="Invalid limit '%s'" % limit):
        cloud.client.instances.list(limit=limit)
    with pytest.raises(exceptions.ValidationError):
        list(cloud.client.instances.list_all(limit=limit))
    with pytest.raises(exceptions.ValidationError):
        cloud.client.datastores.list(limit=limit)
    # A positive limit is sent, and Trove takes it.
    assert cloud.client.instances.list(limit=1) == []


# -- Trove down --------------------------------------------------------------

def _closed_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def test_a_delete_of_two_names_with_trove_down_says_once_it_retries(cloud):
    endpoint = 'http://127.0.0.1:%d/v1.0/%s' % (_closed_port(),
                                                uuid.uuid4().hex)
    proc = cloud.run('database', 'instance', 'delete', 'a', 'b', check=False,
                     env={'OS_DATABASE_ENDPOINT_OVERRIDE': endpoint})

    assert proc.returncode == 1, proc.stderr
    assert 'Traceback' not in proc.stderr
    refused = ('Unable to establish connection to %s/instances/detail: '
               'connection refused' % endpoint)
    assert proc.stderr.splitlines() == [
        refused + '. Retrying in 0.5s.',
        "Failed to delete database instance 'a': " + refused,
        "Failed to delete database instance 'b': " + refused,
        '2 of 2 database instances failed to delete.']
