"""Fixtures for the functional tests: a real Trove API on 127.0.0.1.

The servers are started by ``tools/local-trove start`` (``tools/run-tests``
does it). Without them these tests are skipped, unless
``TROVECLIENT_OSC_FUNCTIONAL=required`` (set by ``tools/run-tests`` and so
by CI), where a missing server is a failure.

Every test gets a project of its own, made in the local Keystone (the tests'
user is a member of it, or its admin for ``admin_cloud``), so tests do not
see each other's instances, nor those of other people using the same local
Trove; at the end the project's instances are deleted and waited for.

The helpers (``Cloud``, ``parallel``, the error checks) are in utils.py.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.functional import utils

REPO = Path(__file__).resolve().parents[2]
LOCAL_TROVE = REPO / 'tools' / 'local-trove'
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    """Every test in this directory is ``functional`` (``-m 'not
    functional'`` leaves them out)."""
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.functional)


def _local_trove_env():
    try:
        out = subprocess.run([sys.executable, str(LOCAL_TROVE), 'env',
                              '--json'], capture_output=True, text=True,
                             timeout=30, check=True).stdout
        info = json.loads(out)
        status = subprocess.run([sys.executable, str(LOCAL_TROVE), 'status'],
                                capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError, ValueError) as exc:
        return None, 'tools/local-trove env failed: %s' % exc
    if status.returncode != 0:
        return None, ('the local Trove is not running (tools/local-trove '
                      'start): %s' % (status.stdout + status.stderr).strip())
    return info, None


@pytest.fixture(scope='session')
def local_trove():
    """What ``tools/local-trove env --json`` reports about the servers."""
    info, why = _local_trove_env()
    if info is None:
        if os.environ.get('TROVECLIENT_OSC_FUNCTIONAL') == 'required':
            pytest.fail(why)
        pytest.skip(why)
    return info


@pytest.fixture
def cloud(local_trove):
    """A fresh project on the local cloud, emptied again after the test."""
    c = utils.Cloud(local_trove, utils.new_project(local_trove))
    yield c
    c.cleanup()


@pytest.fixture
def admin_cloud(local_trove):
    """A fresh project with the admin role, emptied again after the test."""
    project = utils.new_project(local_trove, 'admin-ft', role='admin')
    c = utils.Cloud(local_trove, project)
    yield c
    c.cleanup()


@pytest.fixture(scope='module')
def paged(local_trove):
    """A project with 45 instances, for the read-only listing and finding
    tests of a module.

    ``page-00`` to ``page-44``; every fifth one (00, 05, ...) is PostgreSQL
    13 and the rest MySQL 5.7; every third one (00, 03, ...) has flavor 2
    (m1.small) and the rest flavor 1 (m1.tiny). All are ACTIVE but the
    last, ``page-44-GUEST_ERROR``: the fake guest fails it (ERROR, with a
    fault). The cloud gets a ``by_name`` dict of the instances.
    """
    c = utils.Cloud(local_trove, utils.new_project(local_trove, 'ft-paged'))
    created = []
    try:
        for number in range(utils.PAGED_COUNT):
            store = (('postgresql', '13') if number % 5 == 0
                     else ('mysql', '5.7'))
            name = ('page-%02d' % number if number < utils.PAGED_COUNT - 1
                    else utils.PAGED_FAILED)
            created.append(c.client.instances.create(
                name, '2' if number % 3 == 0 else '1', volume={'size': 1},
                datastore=store[0], datastore_version=store[1]))
        failed = c.client.instances.wait_for_status(
            created.pop(), 'ERROR', failures=(), interval=0.25,
            timeout=utils.SETTLE_TIMEOUT)
        c.by_name = {i.name: i for i in c.wait_active(created) + [failed]}
        yield c
    finally:
        c.cleanup()


@pytest.fixture
def dead_end():
    """An identity URL that counts connections (see utils.DeadEnd)."""
    server = utils.DeadEnd()
    yield server
    server.close()
