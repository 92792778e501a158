"""Under faults, the report is what Trove did (issues 25 and 23).

The project's fault proxy (tools/fault_proxy.py) sits between the client
and the local Trove: it loses answers after Trove acted, answers for Trove,
delays and changes bodies. Each test compares what the client reports (exit
code, stderr, return values, exceptions) with what Trove did, read directly.
The silent identity service is the local Keystone stopped with SIGSTOP.
Rows F26-F38 and S11 of the reliability matrix (tests/reliability holds
the same faults at the HTTP boundary).
"""

import json
import os
import signal
import subprocess
import sys
import time
import uuid

import pytest

from tools.fault_proxy import Fault, FaultProxy
from troveclient_osc import exceptions
from troveclient_osc.v1 import client as v1_client

from tests.functional import utils


@pytest.fixture
def proxy(local_trove):
    with FaultProxy(local_trove['trove_port']) as running:
        yield running


@pytest.fixture(scope='module')
def pair(local_trove):
    """A project with two ACTIVE instances, ``pair-0`` and ``pair-1``
    (``.instances``), shared by the tests that leave them ACTIVE."""
    cloud = utils.Cloud(local_trove, utils.new_project(local_trove,
                                                       'ft-pair'))
    try:
        cloud.instances = cloud.wait_active(cloud.create_instances(
            2, utils.unique('pair')))
        yield cloud
    finally:
        cloud.cleanup()


def endpoint(proxy, cloud):
    return '%s/v1.0/%s' % (proxy.url, cloud.project_id)


def via(proxy, cloud):
    """The environment that sends a command's Trove requests through the
    proxy."""
    return {'OS_DATABASE_ENDPOINT_OVERRIDE': endpoint(proxy, cloud)}


def library(proxy, cloud, **kwargs):
    """The cloud's library client, its Trove requests through the proxy."""
    return v1_client.Client(session=cloud.client.session,
                            endpoint_override=endpoint(proxy, cloud),
                            **kwargs)


def other_lines(proc):
    """stderr without the retry warnings."""
    return [line for line in proc.stderr.splitlines()
            if line.strip() and 'Retrying in' not in line]


# What a create needs besides a name.
CREATE = ('--flavor', '1', '--size', '1', '--datastore', 'mysql',
          '--datastore-version', '5.7')


def fake_id():
    return str(uuid.uuid4())


# -- F26 ----------------------------------------------------------------------

def test_F26_delete_whose_answer_was_lost_is_reported_deleted(cloud, proxy):
    instance = cloud.create_instance(utils.unique('lost-del'))

    def gone(_request):
        cloud.wait_gone([instance.id], timeout=30)

    proxy.add(Fault('reset_after', 'DELETE', instance.id),
              # the retry reaches Trove only once the instance is gone, so
              # that Trove answers it 404
              Fault('delay', 'DELETE', instance.id, before=gone))
    proc = cloud.run('database', 'instance', 'delete', instance.id,
                     env=via(proxy, cloud), check=False)
    assert proc.returncode == 0, proc.stderr
    assert other_lines(proc) == [], proc.stderr
    assert len(proxy.requests('DELETE')) == 2
    assert cloud.is_gone(instance.id)


# -- F27 ----------------------------------------------------------------------

def test_F27_admin_restart_of_another_projects_instances_with_wait(
        pair, admin_cloud):
    proc = admin_cloud.run('database', 'instance', 'restart',
                           *[i.id for i in pair.instances], '--wait',
                           check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines()[-1].startswith('2 of 2 ACTIVE, 0 failed')
    for instance in pair.instances:
        assert pair.get(instance.id)['status'] == 'ACTIVE'


def test_F27_a_listing_without_the_instance_does_not_make_it_gone(
        pair, proxy):
    instance = pair.instances[0]
    tc = library(proxy, pair)

    def drop(body, _request):
        return dict(body, instances=[])

    def no_ids(body, _request):
        return dict(body, instances=[{k: v for k, v in item.items()
                                      if k != 'id'}
                                     for item in body['instances']])

    for change in (drop, no_ids):
        proxy.add(Fault('mutate', 'GET', r'/instances/detail', times=None,
                        change=change))
        (outcome,) = tc.instances.wait_for_delete_many(
            [instance.id], timeout=0.5, interval=0.25)
        assert isinstance(outcome.error, exceptions.WaitTimeout), change
        proxy.faults.clear()
    assert pair.get(instance.id)['status'] == 'ACTIVE'


# -- F28 ----------------------------------------------------------------------

def test_F28_a_body_nested_too_deep_is_one_error_line(cloud, proxy):
    proxy.add(Fault('answer', 'GET', r'/instances', times=None,
                    body='{"instances": %s%s}' % ('[' * 5000, ']' * 5000),
                    headers=[('x-openstack-request-id', 'req-deep')]))
    proc = cloud.run('database', 'instance', 'list', env=via(proxy, cloud),
                     check=False)
    utils.assert_fails(proc, 'Invalid JSON in response from %s/instances'
                       % endpoint(proxy, cloud), '(Request-ID: req-deep)')


# -- S11 ----------------------------------------------------------------------

def test_S11_token_and_password_quoted_back_never_show(cloud, proxy,
                                                       tmp_path):
    password = 'Pw"9\\ß&<x>'
    seen = {}

    def quote_back(request):
        seen['token'] = request.headers['X-Auth-Token']
        sent = request.json()['instance']['users'][0]['password']
        fault.body = {'badRequest': {'code': 400, 'message': (
            'Token %s may not create; password %s nor %s' % (
                seen['token'], json.dumps(json.dumps(sent)),
                json.dumps({'password': sent})))}}

    fault = proxy.add(Fault('answer', 'POST', r'/instances$', status=400,
                            before=quote_back))
    log = tmp_path / 'openstack.log'
    proc = cloud.run('--debug', '--log-file', log, 'database', 'instance',
                     'create', utils.unique('s11'), *CREATE, '--user',
                     'name=bob,password=' + password, env=via(proxy, cloud),
                     check=False)
    assert proc.returncode == 1
    assert 'may not create' in proc.stderr
    text = proc.stdout + proc.stderr + log.read_text()
    for secret in (seen['token'], seen['token'][:40], password,
                   json.dumps(password)[1:-1]):
        assert text.count(secret) == 0, secret
    assert cloud.names() == []


# -- F29 ----------------------------------------------------------------------

def test_F29_sixteen_requests_at_once_make_no_pool_warning(cloud, proxy):
    proxy.add(Fault('answer', 'POST', r'/action$', times=None, status=202,
                    before=lambda _request: time.sleep(0.3)))
    ids = [fake_id() for _n in range(16)]
    proc = cloud.run('database', 'instance', 'restart', *ids,
                     '--concurrency', '16', env=via(proxy, cloud),
                     check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ''
    assert len(proxy.requests('POST')) == 16


# -- F30 ----------------------------------------------------------------------

def test_F30_a_wait_on_many_keeps_its_timeout_on_slow_endless_pages(
        cloud, proxy):
    ident = fake_id()
    pages = iter(range(10 ** 6))

    def endless(body, _request):
        return dict(body, links=[{'rel': 'next', 'href':
                                  'https://x/instances?marker=m%d'
                                  % next(pages)}])

    proxy.add(Fault('mutate', 'GET', r'/instances/detail', times=None,
                    change=endless, before=lambda _r: time.sleep(0.3)),
              Fault('answer', 'GET', ident, times=None, body={
                  'instance': {'id': ident, 'name': 'x',
                               'status': 'ACTIVE'}}))
    tc = library(proxy, cloud)
    start = time.monotonic()
    (outcome,) = tc.instances.wait_for_many([ident], 'SHUTDOWN', timeout=1,
                                            interval=0.25)
    assert isinstance(outcome.error, exceptions.WaitTimeout)
    # at most one request (a page, 0.3 s) past the deadline, and slack for
    # a loaded machine
    assert time.monotonic() - start < 1 + 0.3 + 1


# -- F31 ----------------------------------------------------------------------

def test_F31_doubled_and_overlapping_listings_are_never_ambiguous(pair,
                                                                  proxy):
    instance = pair.instances[0]
    proxy.add(Fault('mutate', 'GET', r'/instances/detail', change=(
        lambda body, _r: dict(body, instances=body['instances'] * 2))))
    assert library(proxy, pair).instances.find(instance.name).id == \
        instance.id

    first = {}

    def overlap(body, request):
        if 'marker=' not in request.path:
            first['page'] = body
            return dict(body, links=[{'rel': 'next', 'href':
                                      'https://x/instances?marker=z'}])
        return first['page']

    proxy.add(Fault('mutate', 'GET', r'/instances/detail', times=2,
                    change=overlap))
    proc = pair.run('database', 'instance', 'restart', instance.name,
                    env=via(proxy, pair), check=False)
    line = utils.assert_fails(proc, 'Endless pagination loop detected')
    assert 'More than one' not in line
    assert proxy.requests('POST') == []
    assert pair.get(instance.id)['status'] == 'ACTIVE'


# -- F32 ----------------------------------------------------------------------

def test_F32_trove_quoting_a_name_keeps_one_escaped_short_line(cloud):
    name = 'x' * 300 + '\x1b[2J\x1b]0;owned\x07'
    proc = cloud.run('database', 'instance', 'create', name, *CREATE,
                     check=False)
    line = utils.assert_fails(proc, '(HTTP 400)')
    assert len(line) <= 300
    assert '\x1b' not in proc.stderr and '\x07' not in proc.stderr
    assert cloud.names() == []


# -- F33 ----------------------------------------------------------------------

def test_F33_a_create_whose_answer_was_lost_says_how_to_check(cloud, proxy):
    name = utils.unique('lost-create')
    proxy.add(Fault('reset_after', 'POST', r'/instances$'))
    proc = cloud.run('database', 'instance', 'create', name, *CREATE,
                     env=via(proxy, cloud), check=False)
    utils.assert_fails(proc, 'may have been carried out',
                       "see 'openstack database instance list --name %s'"
                       % name)
    assert len(proxy.requests('POST')) == 1
    assert cloud.names() == [name]   # Trove did create it


# -- F34 ----------------------------------------------------------------------

def test_F34_an_instance_named_twice_is_restarted_once(pair, proxy):
    instance = pair.instances[1]
    proc = pair.run('database', 'instance', 'restart', instance.name,
                    instance.id, env=via(proxy, pair), check=False)
    assert proc.returncode == 0, proc.stderr
    assert len(proxy.requests('POST', r'/action$')) == 1
    pair.wait_settled(instance.id)


# -- F35 ----------------------------------------------------------------------

def _keystone_processes(local_trove):
    """The local Keystone's PID (from the state directory) and those of
    its gunicorn workers."""
    pid = int(local_trove['pids']['keystone'])
    children = []
    for task in os.listdir('/proc/%d/task' % pid):
        with open('/proc/%d/task/%s/children' % (pid, task)) as stream:
            children.extend(int(word) for word in stream.read().split())
    return [pid] + children


def test_F35_a_stopped_keystone_costs_the_timeout_and_one_line(
        local_trove):
    env = {'OS_AUTH_URL': local_trove['auth_url'], 'OS_API_TIMEOUT': '2',
           'OS_USERNAME': local_trove['username'],
           'OS_PASSWORD': local_trove['password'],
           'OS_PROJECT_NAME': local_trove['project_name'],
           'OS_USER_DOMAIN_ID': 'default', 'OS_PROJECT_DOMAIN_ID': 'default',
           'OS_IDENTITY_API_VERSION': '3', 'OS_REGION_NAME': 'RegionOne'}
    env.update({k: v for k, v in os.environ.items()
                if not k.startswith('OS_')})
    pids = _keystone_processes(local_trove)
    for pid in pids:
        os.kill(pid, signal.SIGSTOP)
    try:
        start = time.monotonic()
        proc = subprocess.run([str(utils.OPENSTACK), 'database', 'instance',
                               'list'], env=env, capture_output=True,
                              text=True, timeout=60)
        took = time.monotonic() - start
        utils.assert_fails(proc, 'The identity service at %s did not answer '
                           'within 2s' % local_trove['auth_url'])
        assert took < 2 + 10  # the timeout, and the process's start-up
        start = time.monotonic()
        with pytest.raises(exceptions.Timeout) as info:
            v1_client.Client(username=local_trove['username'],
                             password=local_trove['password'],
                             project_id=local_trove['project_name'],
                             auth_url=local_trove['auth_url'],
                             timeout=2).instances.list()
        assert time.monotonic() - start < 2 + 1.5
        assert str(local_trove['keystone_port']) in str(info.value)
    finally:
        for pid in pids:
            os.kill(pid, signal.SIGCONT)


# -- F36 ----------------------------------------------------------------------

def test_F36_a_wait_while_trove_is_unreachable_says_since_when(cloud, proxy):
    ident = fake_id()
    proxy.add(Fault('answer', 'GET', ident, body={'instance': {
        'id': ident, 'name': 'x', 'status': 'BUILD'}}),
        Fault('reset_before', 'GET', ident, times=None))
    with pytest.raises(exceptions.WaitTimeout) as info:
        library(proxy, cloud).instances.wait_for_status(
            ident, timeout=1, interval=0.25)
    assert 'every poll failed from' in str(info.value)
    assert '(last status then: BUILD)' in str(info.value)
    assert info.value.failing_since is not None


# -- F37 ----------------------------------------------------------------------

def test_F37_the_library_prints_nothing_by_itself(cloud, proxy):
    proxy.add(Fault('answer', 'GET', r'/flavors$', status=503, body={}))
    code = ('from troveclient_osc.v1 import client\n'
            'tc = client.Client(username=%r, password=%r, project_id=%r,\n'
            '                   auth_url=%r, endpoint_override=%r)\n'
            'print(len(tc.flavors.list()) > 0)\n'
            % (utils.USER, utils.PASSWORD, cloud.project,
               cloud.info['auth_url'], endpoint(proxy, cloud)))
    proc = subprocess.run([sys.executable, '-c', code], capture_output=True,
                          text=True, timeout=60)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, 'True\n', '')
    assert len(proxy.requests('GET', r'/flavors$')) == 2  # it did retry


# -- F38 ----------------------------------------------------------------------

def test_F38_an_endpoint_without_the_project_id_gets_a_hint(pair):
    tc = v1_client.Client(session=pair.client.session,
                          endpoint_override=pair.info['trove_url'])
    with pytest.raises(exceptions.Forbidden) as info:
        tc.instances.list()
    assert ('the database endpoint may lack the project ID: its URL must '
            'end with /v1.0/<project ID> (HTTP 403)' in str(info.value))
