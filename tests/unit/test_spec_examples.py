"""The user's spec, using-the-client-programmatically.rst, runs as written.

Its testcode blocks run in order against a stateful fake of the few
endpoints they use (Keystone v2.0 at http://api-server:5000/v2.0, Trove's
flavors, datastores and instances), and each testoutput block must be
exactly what the code before it printed. The spec's ``time.sleep(1)`` polls
sleep on a fake clock.
"""

import re
import time
import urllib.parse

import pytest
import requests_mock
from keystoneauth1 import fixture

from tests.unit import fakes
from tests.unit.spec import runner

AUTH_URL = 'http://api-server:5000/v2.0'
TROVE = 'http://api-server:8779/v1.0/test_project_id'
ELSEWHERE = 'http://api-west:8779/v1.0/test_project_id'


class FakeCloud:
    """Keystone v2.0 and the Trove endpoints the spec's examples call.

    A created instance answers BUILD to its first ``build_polls`` GETs, then
    ACTIVE; after a DELETE it answers SHUTDOWN once, then 404. The listing
    holds ``existing`` other instances, in pages of 20.
    """

    def __init__(self, mocker, existing=30, build_polls=3):
        self.build_polls = build_polls
        self.instances = {}
        self.polls = {}
        self.deleted = {}
        self.created = []
        for number in range(1, existing + 1):
            body = fakes.instance_body(number)
            self.instances[body['id']] = body
        self.listing = fakes.InstanceListing([])

        mocker.get(AUTH_URL, json={'version': fixture.V2Discovery(AUTH_URL)})
        token = fixture.V2Token(token_id='spec-token', tenant_id='tid',
                                tenant_name='test_project',
                                user_name='testuser')
        service = token.add_service('database', 'trove')
        service.add_endpoint(public=TROVE, region='EAST')
        service.add_endpoint(public=ELSEWHERE, region='WEST')
        self.auth = mocker.post(AUTH_URL + '/tokens', json=token)
        mocker.get(TROVE + '/flavors', json={'flavors': [
            fakes.flavor_body(1, 'm1.tiny', ram=512)]})
        mocker.get(TROVE + '/datastores',
                   json=fakes.sample('datastore-list-response'))
        mocker.post(TROVE + '/instances', json=self.create)
        one = re.compile(re.escape(TROVE) + r'/instances/[^/?]+$')
        mocker.get(one, json=self.show)
        mocker.delete(one, json=self.delete)
        # The listing, also in its detailed view, which a lookup scans.
        mocker.get(re.compile(re.escape(TROVE) +
                              r'/instances(/detail)?(\?|$)'),
                   json=self.list)

    @staticmethod
    def _id(request):
        return urllib.parse.unquote(request.path.rsplit('/', 1)[-1])

    def create(self, request, context):
        spec = request.json()['instance']
        self.created.append(spec)
        body = fakes.instance_body(100 + len(self.created),
                                   name=spec['name'], status='BUILD',
                                   flavor={'id': spec['flavorRef']},
                                   volume=spec['volume'])
        self.instances[body['id']] = body
        self.polls[body['id']] = 0
        return {'instance': body}

    def show(self, request, context):
        ident = self._id(request)
        if ident in self.deleted:
            self.deleted[ident] += 1
            if self.deleted[ident] > 1:
                context.status_code = 404
                return fakes.fault('itemNotFound', 404,
                                   'Resource %s cannot be found.' % ident)
            return {'instance': dict(self.instances[ident],
                                     status='SHUTDOWN')}
        body = self.instances.get(ident)
        if body is None:
            context.status_code = 404
            return fakes.fault('itemNotFound', 404, 'Not found.')
        if ident in self.polls:
            self.polls[ident] += 1
            if self.polls[ident] > self.build_polls:
                body['status'] = 'ACTIVE'
        return {'instance': body}

    def delete(self, request, context):
        ident = self._id(request)
        context.status_code = 202
        self.deleted[ident] = 0
        return None

    def list(self, request, context):
        self.listing.bodies = sorted(
            (b for i, b in self.instances.items() if i not in self.deleted),
            key=lambda b: b['id'])
        return self.listing(request, context)


@pytest.fixture
def cloud(monkeypatch):
    with requests_mock.Mocker(case_sensitive=True) as mocker:
        fake = FakeCloud(mocker)
        fake.mocker = mocker
        fake.sleeps = []
        monkeypatch.setattr(time, 'sleep', fake.sleeps.append)
        yield fake


def test_every_spec_example_prints_its_expected_output(cloud):
    blocks = runner.parse(runner.SPEC.read_text())
    assert [b.kind for b in blocks].count('testoutput') == 3
    results = runner.run(blocks)
    assert [expected for _code, expected, _printed in results] == [
        'My Instance\n   Status=BUILD Flavor=1\n',
        'Ready in an ACTIVE state.\n',
        '20\nFalse\n10\nTrue\n',
    ]


def test_spec_examples_make_the_calls_they_describe(cloud):
    runner.run(runner.parse(runner.SPEC.read_text()))
    # Both clients authenticated against Keystone v2.0 with the project
    # name; every Trove call went to the EAST endpoint.
    assert cloud.auth.call_count == 2
    assert cloud.auth.last_request.json() == {'auth': {
        'tenantName': 'test_project', 'passwordCredentials': {
            'username': 'testuser', 'password': 'PASSWORD'}}}
    trove = [r for r in cloud.mocker.request_history
             if r.port == 8779]
    assert {r.netloc for r in trove} == {'api-server:8779'}
    assert cloud.created == [{
        'name': 'My Instance', 'flavorRef': '1', 'volume': {'size': 1},
        'databases': [{'name': 'my_db', 'character_set': 'latin2',
                       'collate': 'latin2_general_ci'}],
        'users': [{'name': 'jsmith', 'password': '12345',
                   'databases': [{'name': 'my_db'}]}],
        'datastore': {'type': 'mysql', 'version': '5.6-104'}}]
    assert len(cloud.deleted) == 1
    # The BUILD loop polled until ACTIVE, one fake second per poll.
    assert cloud.sleeps == [1, 1, 1]
    # The pagination example's two pages; before them, the delete loop's
    # last get: Trove's 404 for the ID costs one scan (two pages), for an
    # instance that might be named so (issue 21: names everywhere).
    assert cloud.listing.markers == [None, fakes.instance_id(20)] * 2
    assert [r.path.endswith('/detail') for r in cloud.mocker.request_history
            if '/instances' in r.path and r.method == 'GET'
            and r.path.endswith(('/instances', '/detail'))] == [
        True, True, False, False]


def test_a_wrong_output_is_reported_with_its_line(cloud):
    text = runner.SPEC.read_text().replace('Ready in an ACTIVE state.',
                                           'Ready in a BROKEN state.')
    with pytest.raises(runner.Mismatch, match='testoutput at line 96'):
        runner.run(runner.parse(text))


def test_repository_copy_is_the_spec_with_only_the_known_slips_fixed():
    if not runner.ORIGINAL.exists():
        pytest.skip('the original spec is not at %s' % runner.ORIGINAL)
    assert runner.adapt(runner.ORIGINAL.read_text()) == \
        runner.SPEC.read_text()
