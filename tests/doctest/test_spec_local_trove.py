"""The user's spec, using-the-client-programmatically.rst, against Trove.

The same runner as tests/unit/test_spec_examples.py, but the examples talk
to the real Trove API started by ``tools/local-trove start`` (fake mode)
through its Keystone stub, with v2.0 authentication as the spec shows.
Only what cannot exist there is substituted: the auth URL, a project of
this test's own (so other tests' instances do not count), and the MySQL
version (the local Trove has 5.7 and 8.0, not 5.6-104). The 30 instances
the pagination example counts on are created first.

Skipped when the local Trove is not running, unless
``TROVECLIENT_OSC_FUNCTIONAL=required`` (as in CI), where that fails.
"""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from troveclient_osc import exceptions
from troveclient_osc.v1 import client as v1_client
from tests.unit.spec import runner

pytestmark = pytest.mark.functional

REPO = Path(__file__).resolve().parents[2]
LOCAL_TROVE = REPO / 'tools' / 'local-trove'
SPEC_AUTH_URL = 'http://api-server:5000/v2.0'
SPEC_PROJECT = 'project_id="test_project"'
SPEC_VERSION = "datastore_version = '5.6-104'"
FILLERS = 30
WAIT = 120  # seconds for the fake Trove to settle an instance


@pytest.fixture(scope='module')
def local_trove():
    why = None
    try:
        info = json.loads(subprocess.run(
            [sys.executable, str(LOCAL_TROVE), 'env', '--json'],
            capture_output=True, text=True, timeout=30, check=True).stdout)
        status = subprocess.run([sys.executable, str(LOCAL_TROVE), 'status'],
                                capture_output=True, text=True, timeout=30)
        if status.returncode != 0:
            why = 'the local Trove is not running (tools/local-trove start)'
    except (OSError, subprocess.SubprocessError, ValueError) as exc:
        why = 'tools/local-trove env failed: %s' % exc
    if why:
        if os.environ.get('TROVECLIENT_OSC_FUNCTIONAL') == 'required':
            pytest.fail(why)
        pytest.skip(why)
    return info


def _clear(tc):
    """Delete every instance of the project and wait until they are gone."""
    instances = list(tc.instances.list_all())
    for instance in instances:
        if instance.status == 'BUILD':
            tc.instances.wait_for_status(instance, ('ACTIVE', 'ERROR'),
                                         failures=(), timeout=WAIT,
                                         interval=0.2)
        try:
            tc.instances.delete(instance)
        except (exceptions.NotFound, exceptions.UnprocessableEntity):
            pass  # already going away
    for instance in instances:
        tc.instances.wait_for_delete(instance, timeout=WAIT, interval=0.2)


@pytest.fixture
def project(local_trove):
    name = 'spec-%s' % uuid.uuid4().hex[:12]
    tc = v1_client.Client(username='spec-user', password='spec-password',
                          project_id=name, region_name='EAST',
                          auth_url=local_trove['auth_url_v2'])
    yield name, tc
    _clear(tc)


def test_spec_examples_print_their_outputs_against_the_local_trove(
        local_trove, project):
    name, tc = project
    text = runner.SPEC.read_text()
    for old in (SPEC_AUTH_URL, SPEC_PROJECT, SPEC_VERSION):
        assert old in text, 'the spec changed: %r is gone' % old
    text = (text.replace(SPEC_AUTH_URL, local_trove['auth_url_v2'])
            .replace(SPEC_PROJECT, 'project_id="%s"' % name)
            .replace(SPEC_VERSION, "datastore_version = '5.7'"))
    # "There are currently 30 instances."
    for number in range(FILLERS):
        tc.instances.create('filler-%02d' % number, '1', 1,
                            datastore='mysql', datastore_version='5.7')

    results = runner.run(runner.parse(text))

    assert [expected for _code, expected, _printed in results] == [
        'My Instance\n   Status=BUILD Flavor=1\n',
        'Ready in an ACTIVE state.\n',
        '20\nFalse\n10\nTrue\n',
    ]
    names = {i.name for i in tc.instances.list_all()}
    assert 'My Instance' not in names
    assert len(names) == FILLERS
