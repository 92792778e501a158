"""Fixtures of the reliability matrix tests (see harness.py)."""

import functools

import pytest

from tests.reliability import harness
from tests.unit.conftest import rm  # noqa: F401 - the shared fixture
from tests.unit.osc import test_shell


@pytest.fixture(scope='session')
def _ours_win():
    return test_shell.ours_win()


@pytest.fixture(autouse=True)
def _our_commands(_ours_win):
    if not _ours_win:
        pytest.skip('python-troveclient shadows the database commands')


@pytest.fixture
def cli(rm):  # noqa: F811 - rm is the fixture imported above
    """``cli(*args, **options)``: harness.openstack on the requests mock."""
    return functools.partial(harness.openstack, rm)
