"""Fixtures of the reliability matrix tests (see harness.py)."""

import functools

import pytest

from tests.reliability import harness
from tests.reliability import servers
from tests.unit.conftest import api, clock, rm, tc  # noqa: F401 - shared
from tests.unit.osc import in_process


@pytest.fixture(scope='session')
def _ours_win():
    return in_process.ours_win()


@pytest.fixture(autouse=True)
def _our_commands(_ours_win):
    if not _ours_win:
        pytest.skip('python-troveclient shadows the database commands')


@pytest.fixture
def cli(rm):  # noqa: F811 - rm is the fixture imported above
    """``cli(*args, **options)``: harness.openstack on the requests mock."""
    return functools.partial(harness.openstack, rm)


@pytest.fixture
def serve():
    """``serve(*script, tls=None)``: start a servers.Server; all are
    stopped when the test ends."""
    started = []

    def start(*script, port=0, tls=None):
        server = servers.Server(script, port=port, tls=tls)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope='session')
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1: (cert path, key path)."""
    return servers.self_signed(tmp_path_factory.mktemp('tls'))


@pytest.fixture
def sock_cli():
    """``sock_cli(server_or_endpoint, *args, **options)``: the shell against
    a real socket, deadlines on the real clock, retry sleeps recorded."""
    def run(endpoint, *args, timeout=2, env=None, **options):
        endpoint = getattr(endpoint, 'endpoint', endpoint)
        env = dict({'OS_API_TIMEOUT': str(timeout)} if timeout else {},
                   **(env or {}))
        options.setdefault('auth', ('--os-auth-type', 'none',
                                    '--os-endpoint', endpoint))
        return harness.openstack(None, *args, env=env,
                                 fake_time=harness.FakeTime(real_clock=True),
                                 **options)
    return run
