"""Shared fakes for the unit tests of the core library.

Everything here talks HTTP through ``requests_mock``: a token-endpoint
session points the funnel at :data:`ENDPOINT`, a :class:`FakeClock` replaces
``time.sleep`` and ``time.monotonic``, and :class:`InstanceListing` serves
``/instances`` the way Trove paginates it.
"""

import json
import re
import urllib.parse
from pathlib import Path

from keystoneauth1 import session as ksa_session
from keystoneauth1 import token_endpoint

from troveclient_osc import http
from troveclient_osc.v1 import client as v1_client

PROJECT = '9f8dd5eacb074c9f87d2d822c9092aa5'
ENDPOINT = 'http://trove.example.com:8779/v1.0/%s' % PROJECT
TOKEN = 'gAAAAA-the-token-value'
# Trove writes every link with https:// and its own idea of the host.
LINK_BASE = 'https://127.0.0.1:8779/v1.0/%s' % PROJECT

SAMPLES = Path(__file__).resolve().parent / 'samples'


def sample(name):
    """A decoded Trove API sample body (tests/unit/samples/<name>.json)."""
    if not name.endswith('.json'):
        name += '.json'
    return json.loads((SAMPLES / name).read_text())


def url(path):
    return ENDPOINT + path


def fault(name, code, message):
    """Trove's fault body: ``{"<faultName>": {"code": N, "message": ...}}``."""
    return {name: {'code': code, 'message': message}}


class FakeClock:
    """A monotonic clock that only moves when something sleeps on it."""

    def __init__(self, start=1000.0):
        self.now = start
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds

    def advance(self, seconds):
        self.now += seconds


def make_session(endpoint=ENDPOINT, **kwargs):
    return ksa_session.Session(auth=token_endpoint.Token(endpoint, TOKEN),
                               **kwargs)


def make_http(clock, session=None, **kwargs):
    return http.HTTPClient(session or make_session(), sleep=clock.sleep,
                           clock=clock, **kwargs)


def make_client(clock, session=None, **kwargs):
    tc = v1_client.Client(session=session or make_session(), **kwargs)
    tc.http.sleep = clock.sleep
    tc.http.clock = clock
    return tc


def instance_id(number):
    """A UUID-shaped instance ID; IDs sort in ``number`` order."""
    return '%08x-0000-4000-8000-%012x' % (number, number)


def instance_body(number=1, name=None, status='ACTIVE', **extra):
    ident = instance_id(number)
    body = {
        'id': ident,
        'name': name if name is not None else 'instance-%02d' % number,
        'status': status,
        'operating_status': 'HEALTHY' if status == 'ACTIVE' else '',
        'flavor': {'id': '6'},
        'datastore': {'type': 'mysql', 'version': '5.7'},
        'volume': {'size': 1},
        'region': 'RegionOne',
        'created': '2019-12-23T20:%02d:%02d' % (number // 60 % 60,
                                                number % 60),
        'links': [{'rel': 'self',
                   'href': '%s/instances/%s' % (LINK_BASE, ident)}],
    }
    body.update(extra)
    return body


def flavor_body(flavor_id, name, ram=1024, vcpus=1, disk=10):
    """A flavor as ``trove/flavor/views.py`` shows it."""
    text = str(flavor_id)
    numeric = text.isdigit() and not text.startswith('0')
    return {'id': int(text) if numeric else None, 'str_id': text,
            'name': name, 'ram': ram, 'vcpus': vcpus, 'disk': disk,
            'ephemeral': 0,
            'links': [{'rel': 'self',
                       'href': '%s/flavors/%s' % (LINK_BASE, text)}]}


class InstanceListing:
    """Serve ``GET /instances[/detail]`` like Trove does.

    Keyset pagination by ID (``id > marker ORDER BY id``), ``limit`` capped
    at ``page_size``, a ``next`` link (https, Trove's host, the other query
    parameters kept) carrying the largest ID of the page. Like Trove's view,
    each page is shown newest first, so the last item shown is *not* the
    marker. Register it with :meth:`register`; ``calls`` counts requests.
    """

    def __init__(self, bodies, page_size=20):
        self.bodies = sorted(bodies, key=lambda b: b['id'])
        self.page_size = page_size
        self.calls = 0
        self.markers = []

    def register(self, mocker):
        pattern = re.compile(re.escape(url('/instances'))
                             + r'(/detail)?(\?|$)')
        mocker.get(pattern, json=self)
        return self

    def next_marker(self, page, rest):
        return page[-1]['id'] if page and rest else None

    def __call__(self, request, context):
        self.calls += 1
        query = urllib.parse.parse_qs(request.query)
        marker = query.get('marker', [None])[0]
        self.markers.append(marker)
        limit = min(int(query.get('limit', [self.page_size])[0]),
                    self.page_size)
        remaining = [b for b in self.bodies
                     if marker is None or b['id'] > marker]
        page, rest = remaining[:limit], remaining[limit:]
        body = {'instances': sorted(page, key=lambda b: b['created'],
                                    reverse=True)}
        marker = self.next_marker(page, rest)
        if marker is not None:
            query['marker'] = [marker]
            query['limit'] = [str(limit)]
            path = urllib.parse.urlsplit(request.url).path
            link = 'https://127.0.0.1:8779%s?%s' % (
                path, urllib.parse.urlencode(query, doseq=True))
            body['links'] = [{'rel': 'next', 'href': link}]
        return body


# -- a Keystone with a catalog ----------------------------------------------

KEYSTONE = 'http://keystone.example.com:5000'
CATALOG = {
    ('EAST', 'public'): 'http://east.example.com:8779/v1.0/east-project',
    ('EAST', 'internal'): 'http://east.internal:8779/v1.0/east-project',
    ('EAST', 'admin'): 'http://east.admin:8779/v1.0/east-project',
    ('WEST', 'public'): 'http://west.example.com:8779/v1.0/west-project',
    ('WEST', 'internal'): 'http://west.internal:8779/v1.0/west-project',
    ('WEST', 'admin'): 'http://west.admin:8779/v1.0/west-project',
}


def _catalog_v3(token, service_type):
    service = token.add_service(service_type, name='trove')
    for region in ('EAST', 'WEST'):
        service.add_standard_endpoints(
            region=region, **{iface: CATALOG[(region, iface)]
                              for iface in ('public', 'internal', 'admin')})
    token.add_service('identity', name='keystone').add_standard_endpoints(
        public=KEYSTONE + '/v3', region='EAST')


def register_keystone_v3(mocker, tokens=('token-v3',),
                         service_type='database'):
    """Discovery and ``POST /v3/auth/tokens`` (one token per call)."""
    from keystoneauth1 import fixture

    mocker.get(KEYSTONE + '/v3',
               json={'version': fixture.V3Discovery(KEYSTONE + '/v3')})
    responses = []
    for token_id in tokens:
        token = fixture.V3Token(user_name='testuser', user_domain_id='default',
                                project_name='test_project',
                                project_domain_id='default')
        _catalog_v3(token, service_type)
        responses.append({'json': token, 'status_code': 201,
                          'headers': {'X-Subject-Token': token_id}})
    return mocker.post(KEYSTONE + '/v3/auth/tokens', responses)


def password_auth(password, username='testuser'):
    """A v3 password plugin for the identity ``register_keystone_v3``
    serves (project ``test_project``, domain ``default``)."""
    from keystoneauth1.identity import v3

    return v3.Password(auth_url=KEYSTONE + '/v3', username=username,
                       password=password, user_domain_id='default',
                       project_name='test_project',
                       project_domain_id='default')


def register_keystone_v2(mocker, token_id='token-v2', auth_url=None,
                         endpoints=None):
    """Discovery and ``POST /v2.0/tokens``."""
    from keystoneauth1 import fixture

    auth_url = auth_url or KEYSTONE + '/v2.0'
    mocker.get(auth_url, json={'version': fixture.V2Discovery(auth_url)})
    token = fixture.V2Token(token_id=token_id, tenant_name='test_project',
                            user_name='testuser')
    service = token.add_service('database', 'trove')
    for (where, iface), address in (endpoints or CATALOG).items():
        if iface == 'public':
            service.add_endpoint(
                public=address, region=where,
                internal=(endpoints or CATALOG).get((where, 'internal')),
                admin=(endpoints or CATALOG).get((where, 'admin')))
    return mocker.post(auth_url + '/tokens', json=token)
