"""The user's spec, using-the-client-programmatically.rst, against Trove.

The same runner as tests/unit/test_spec_examples.py, but the examples talk
to the real Trove API started by ``tools/local-trove start`` (fake mode),
signed in at the real Keystone with the spec's own user and password, over
the v2.0 URL the spec shows (the local Keystone's v2.0 sign-in hands out
its real v3 token). Only what cannot exist there is substituted: the auth
URL and a project of this test's own (so other tests' instances do not
count). The datastore
version is the spec's own, MySQL 5.6-104, which the local Trove registers.
The 30 instances the pagination example counts on are created first.

Skipped when the local Trove is not running, unless
``TROVECLIENT_OSC_FUNCTIONAL=required`` (as in CI), where that fails.
"""

import pytest

from tests.functional import utils
from tests.unit.spec import runner

SPEC_AUTH_URL = 'http://api-server:5000/v2.0'
SPEC_PROJECT = 'project_id="test_project"'
SPEC_VERSION = "datastore_version = '5.6-104'"
FILLERS = 30


@pytest.fixture
def spec_cloud(local_trove):
    """A project of its own, reached over v2.0 like the spec; emptied after
    the test."""
    cloud = utils.Cloud(local_trove, utils.spec_project(local_trove, 'spec'))
    from troveclient_osc.v1 import client as v1_client
    cloud._client = v1_client.Client(
        username=utils.SPEC_USER, password=utils.SPEC_PASSWORD,
        project_id=cloud.project, region_name='EAST',
        auth_url=local_trove['auth_url_v2'])
    yield cloud
    cloud.cleanup()


@pytest.mark.releases
def test_spec_examples_print_their_outputs_against_the_local_trove(
        local_trove, spec_cloud):
    text = runner.SPEC.read_text()
    for old in (SPEC_AUTH_URL, SPEC_PROJECT, SPEC_VERSION):
        assert old in text, 'the spec changed: %r is gone' % old
    text = (text.replace(SPEC_AUTH_URL, local_trove['auth_url_v2'])
            .replace(SPEC_PROJECT, 'project_id="%s"' % spec_cloud.project))
    # "There are currently 30 instances."
    # ACTIVE first: 30 builds in progress would slow the spec's polls.
    spec_cloud.wait_active(spec_cloud.create_instances(FILLERS,
                                                       prefix='filler'))

    results = runner.run(runner.parse(text))

    assert [expected for _code, expected, _printed in results] == [
        'My Instance\n   Status=BUILD Flavor=1\n',
        'Ready in an ACTIVE state.\n',
        '20\nFalse\n10\nTrue\n',
    ]
    names = spec_cloud.names()
    assert 'My Instance' not in names
    assert len(names) == FILLERS
