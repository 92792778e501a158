"""The library guide, doc/source/user/programmatic.rst, run as a doctest.

The guide opens with the user's spec (included from tests/unit/spec) and
goes on with the rest of the library. Its ``testcode`` blocks run in order
in one namespace with tests/unit/spec/runner.py, against the real Trove API
of ``tools/local-trove``, and each ``testoutput`` block must be exactly what
the code before it printed. Only two things are replaced: the identity
service's address (``http://api-server:5000``) and the project
(``"test_project"``), a new one per run so that only this test's instances
count. The thirty instances the spec's pagination example counts on are
created first.

Skipped when the local Trove is not running, unless
``TROVECLIENT_OSC_FUNCTIONAL=required`` (as in CI), where that fails.
"""

from pathlib import Path

import pytest

from tests.functional import utils
from tests.unit.spec import runner

REPO = Path(__file__).resolve().parents[2]
GUIDE = REPO / 'doc' / 'source' / 'user' / 'programmatic.rst'
AUTH_HOST = 'http://api-server:5000'
PROJECT = '"test_project"'
FILLERS = 30


def substituted(text, auth_host, project):
    for old in (AUTH_HOST, PROJECT):
        assert old in text, 'the guide changed: %r is gone' % old
    return (text.replace(AUTH_HOST, auth_host)
            .replace(PROJECT, '"%s"' % project))


@pytest.fixture
def guide_cloud(local_trove):
    cloud = utils.Cloud(local_trove,
                        utils.spec_project(local_trove, 'guide'))
    yield cloud
    cloud.cleanup()


def test_the_guide_prints_what_it_shows_against_the_local_trove(
        local_trove, guide_cloud):
    text = substituted(runner.read(GUIDE), local_trove['auth_url_unversioned'],
                       guide_cloud.project)
    blocks = runner.parse(text)
    # "There are currently 30 instances." ACTIVE first: 30 builds in
    # progress would slow the spec's polls.
    guide_cloud.wait_active(guide_cloud.create_instances(FILLERS,
                                                         prefix='filler'))

    results = runner.run(blocks)

    assert len(results) == [b.kind for b in blocks].count('testoutput')
    names = guide_cloud.names()
    assert len(names) == FILLERS, names
