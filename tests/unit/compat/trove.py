"""A fake Trove for the compatibility tests: every route the calls use.

It records each request as ``(method, path, query, body)`` (the path after
the endpoint, the query parsed) and answers as Trove does: the instances
it holds by ID (404 ``Resource <id> cannot be found.`` for any other),
their detailed listing (a scan), their backups, configuration and logs,
the flavors, datastores and versions, and 202 to the actions.
"""

import re
import urllib.parse

import requests_mock

from tests.unit import fakes

INSTANCE = fakes.instance_id(1)
OTHER = fakes.instance_id(2)
CONFIGURATION = 'c2f1d2a9-2b7b-4d54-9d34-3a1b56c2d7e8'
VERSION = '4eb0179d-fe11-4556-9422-5267d2fc7625'
MODULE = '8e4f9d4b-7a7e-4a55-b3bd-3b6a1c2f2f10'
BASE_PATH = urllib.parse.urlsplit(fakes.ENDPOINT).path


def version_body(ident=VERSION, name='5.7', datastore='mysql'):
    return {'id': ident, 'name': name, 'datastore': 'ds-mysql',
            'datastore_name': datastore, 'version': name, 'active': True,
            'image': 'img', 'image_tags': [], 'packages': [],
            'links': []}


class Trove:
    """The fake; ``instances`` are its instance bodies by ID."""

    def __init__(self, mocker, instances=None):
        self.instances = {body['id']: body for body in (
            instances if instances is not None else [
                fakes.instance_body(1, name='web-1'),
                fakes.instance_body(2, name='db/2')])}
        self.requests = []
        self.listings = 0
        mocker.register_uri(requests_mock.ANY, re.compile(
            re.escape(fakes.ENDPOINT) + r'(/|$)'), json=self)

    def sent(self):
        """What was sent, and forget it."""
        sent, self.requests = self.requests, []
        return sent

    def __call__(self, request, context):
        path = request.path[len(BASE_PATH):]
        query = urllib.parse.parse_qs(request.query, keep_blank_values=True)
        body = request.json() if request.body else None
        self.requests.append((request.method, path, query, body))
        context.status_code = 200
        answer = self._answer(request.method, path, context)
        return answer

    def _missing(self, context, what):
        context.status_code = 404
        return fakes.fault('itemNotFound', 404,
                           'Resource %s cannot be found.' % what)

    def _answer(self, method, path, context):
        parts = path.strip('/').split('/')
        if parts[0] == 'mgmt' and parts[1:2] == ['instances']:
            parts = parts[1:]
        if parts[0] == 'instances':
            return self._instances(method, parts[1:], context)
        if parts[0] == 'flavors':
            if len(parts) == 1:
                return {'flavors': [fakes.flavor_body(1, 'm1.tiny'),
                                    fakes.flavor_body('d2', 'ds2G')]}
            return {'flavor': fakes.flavor_body(
                urllib.parse.unquote(parts[1]), 'm1.tiny')}
        if parts[0] == 'datastores' or parts[:2] == ['mgmt',
                                                     'datastore-versions']:
            return self._datastores(method, parts, context)
        context.status_code = 202
        return None

    def _instances(self, method, parts, context):
        if not parts or parts == ['detail']:
            if method == 'POST':
                return {'instance': fakes.instance_body(9, status='BUILD')}
            self.listings += 1
            return {'instances': list(self.instances.values())}
        ident = urllib.parse.unquote(parts[0])
        if ident not in self.instances:
            return self._missing(context, ident)
        rest = parts[1:]
        if rest == ['backups']:
            return {'backups': [{'id': 'b1', 'name': 'nightly',
                                 'instance_id': ident}], 'links': []}
        if rest == ['configuration']:
            return {'instance': {'configuration': {'max_connections': '100'}}}
        if rest == ['log']:
            log = {'name': 'general', 'type': 'USER', 'status': 'Enabled',
                   'published': '0', 'pending': '128', 'container': 'None',
                   'prefix': 'None', 'metafile': 'general_metafile'}
            return {'log': log} if method == 'POST' else {'logs': [log]}
        if rest == ['root']:
            return {'root_history': {'id': ident, 'user': 'admin',
                                     'created': '2024-01-01'}}
        if method == 'GET' and not rest:
            return {'instance': self.instances[ident]}
        context.status_code = 202
        return None

    def _datastores(self, method, parts, context):
        if method != 'GET':
            context.status_code = 202
            return None
        if parts[0] == 'mgmt':
            if len(parts) == 2:
                return {'versions': [version_body()]}
            return {'version': version_body()}
        if len(parts) == 1:
            return {'datastores': [{'id': 'ds-mysql', 'name': 'mysql',
                                    'versions': [], 'links': []}]}
        if len(parts) == 2:
            return {'datastore': {'id': 'ds-mysql', 'name': 'mysql',
                                  'versions': [], 'links': []}}
        if parts[-1] == 'flavors':
            return {'flavors': [fakes.flavor_body(1, 'm1.tiny')]}
        if parts[-1] == 'versions':
            return {'versions': [version_body()]}
        return {'version': version_body()}
