"""Fixtures for the core library's unit tests (see tests/unit/fakes.py)."""

import pytest
import requests_mock

from tests.unit import fakes


@pytest.fixture
def rm():
    """requests_mock that keeps the case of URLs and query strings.

    Any request to an address nobody registered fails the test, so no test
    can reach the network by accident.
    """
    with requests_mock.Mocker(case_sensitive=True) as mocker:
        yield mocker


@pytest.fixture
def clock():
    return fakes.FakeClock()


@pytest.fixture
def api(clock):
    """The request funnel on a token session pointing at fakes.ENDPOINT."""
    return fakes.make_http(clock)


@pytest.fixture
def tc(clock):
    """A v1 Client on a token session, sleeping on the fake clock."""
    return fakes.make_client(clock)
