"""The WSGI application of the local Keystone: the real Keystone's API, plus
the smallest identity v2.0 the user's spec needs.

Served by gunicorn from Keystone's own virtualenv::

    OS_KEYSTONE_CONFIG_FILES=<state>/keystone.conf \\
        gunicorn ... local_trove.keystone_app:application

Keystone 30 serves v3 only. The spec signs in with a ``/v2.0`` URL, so two
v2.0 routes are answered here, and nothing else of v2.0:

* ``GET /v2.0``: the version document keystoneauth1 discovers;
* ``POST /v2.0/tokens``: the credentials are handed to the real Keystone's
  ``POST /v3/auth/tokens`` (in this process, through its WSGI application),
  and its answer comes back in v2.0's shape: the same real token, which
  Trove's keystonemiddleware validates against Keystone like any other, and
  the same catalog. Keystone's refusals (401 for a wrong password) are
  passed on as they are.
"""

import io
import json
import sys

# oslo.config parses sys.argv when Keystone is imported: gunicorn's own
# options would be refused and the worker would exit.
sys.argv = sys.argv[:1]

from keystone.wsgi import api as _keystone  # noqa: E402

V2 = '/v2.0'
_JSON = [('Content-Type', 'application/json')]


def _respond(start_response, status, body, headers=()):
    data = json.dumps(body).encode()
    start_response(status, _JSON + [('Content-Length', str(len(data)))] +
                   list(headers))
    return [data]


def _version_document(environ):
    host = environ.get('HTTP_HOST') or '%s:%s' % (
        environ.get('SERVER_NAME', '127.0.0.1'),
        environ.get('SERVER_PORT', '5000'))
    return {'version': {
        'id': 'v2.0', 'status': 'deprecated',
        'updated': '2014-04-17T00:00:00Z',
        'links': [{'rel': 'self', 'href': 'http://%s%s/' % (host, V2)}],
        'media-types': [{'base': 'application/json',
                         'type': 'application/vnd.openstack.identity-v2.0'
                                 '+json'}]}}


def _v3_request(body):
    """The v3 auth request for a v2.0 one, or None when it has no
    credentials v3 takes."""
    auth = body.get('auth') if isinstance(body, dict) else None
    if not isinstance(auth, dict):
        return None
    creds = auth.get('passwordCredentials')
    if isinstance(creds, dict):
        user = {'password': creds.get('password'),
                'domain': {'id': 'default'}}
        if creds.get('userId'):
            user = {'id': creds['userId'], 'password': creds.get('password')}
        else:
            user['name'] = creds.get('username')
        identity = {'methods': ['password'], 'password': {'user': user}}
    elif isinstance(auth.get('token'), dict):
        identity = {'methods': ['token'],
                    'token': {'id': auth['token'].get('id')}}
    else:
        return None
    request = {'auth': {'identity': identity}}
    if auth.get('tenantId'):
        request['auth']['scope'] = {'project': {'id': auth['tenantId']}}
    elif auth.get('tenantName'):
        request['auth']['scope'] = {'project': {
            'name': auth['tenantName'], 'domain': {'id': 'default'}}}
    return request


def _call_keystone(environ, method, path, body):
    """Keystone's answer to one request, made in this process."""
    data = json.dumps(body).encode()
    inner = {key: value for key, value in environ.items()
             if key.startswith(('wsgi.', 'SERVER_', 'REMOTE_'))
             or key == 'HTTP_HOST'}
    inner.update({'REQUEST_METHOD': method, 'PATH_INFO': path,
                  'SCRIPT_NAME': '', 'QUERY_STRING': '',
                  'CONTENT_TYPE': 'application/json',
                  'CONTENT_LENGTH': str(len(data)),
                  'HTTP_ACCEPT': 'application/json',
                  'wsgi.input': io.BytesIO(data)})
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer['status'] = status
        answer['headers'] = dict((k.lower(), v) for k, v in headers)

    chunks = _keystone.application(inner, start_response)
    try:
        raw = b''.join(chunks)
    finally:
        if hasattr(chunks, 'close'):
            chunks.close()
    return answer['status'], answer['headers'], raw


def _v2_catalog(catalog):
    services = []
    for service in catalog:
        regions = {}
        for endpoint in service.get('endpoints', ()):
            entry = regions.setdefault(endpoint.get('region_id'), {
                'region': endpoint.get('region_id'), 'id': endpoint['id']})
            entry['%sURL' % endpoint['interface']] = endpoint['url']
        services.append({'type': service['type'],
                         'name': service.get('name', ''),
                         'endpoints': list(regions.values()),
                         'endpoints_links': []})
    return services


def _v2_access(token_id, token):
    project = token.get('project') or {}
    user = token.get('user') or {}
    roles = token.get('roles') or []
    access = {
        'token': {'id': token_id, 'expires': token.get('expires_at'),
                  'issued_at': token.get('issued_at'),
                  'audit_ids': token.get('audit_ids', [])},
        'serviceCatalog': _v2_catalog(token.get('catalog') or []),
        'user': {'id': user.get('id'), 'name': user.get('name'),
                 'username': user.get('name'),
                 'roles': [{'name': role['name']} for role in roles],
                 'roles_links': []},
        'metadata': {'is_admin': 0,
                     'roles': [role['id'] for role in roles]},
    }
    if project:
        access['token']['tenant'] = {'id': project.get('id'),
                                     'name': project.get('name'),
                                     'enabled': True}
    return {'access': access}


def _issue_v2_token(environ, start_response):
    try:
        length = int(environ.get('CONTENT_LENGTH') or 0)
        body = json.loads(environ['wsgi.input'].read(length) or b'null')
    except ValueError:
        body = None
    request = _v3_request(body)
    if request is None:
        return _respond(start_response, '400 Bad Request', {'error': {
            'code': 400, 'title': 'Bad Request',
            'message': 'Expected auth.passwordCredentials or auth.token'}})
    status, headers, raw = _call_keystone(environ, 'POST',
                                          '/v3/auth/tokens', request)
    if not status.startswith('201'):
        start_response(status, _JSON + [('Content-Length', str(len(raw)))])
        return [raw]
    token = json.loads(raw)['token']
    return _respond(start_response, '200 OK',
                    _v2_access(headers['x-subject-token'], token))


def application(environ, start_response):
    path = environ.get('PATH_INFO', '')
    method = environ.get('REQUEST_METHOD', 'GET')
    if path.rstrip('/') == V2 and method in ('GET', 'HEAD'):
        return _respond(start_response, '200 OK', _version_document(environ))
    if path.rstrip('/') == V2 + '/tokens' and method == 'POST':
        return _issue_v2_token(environ, start_response)
    if path == V2 or path.startswith(V2 + '/'):
        return _respond(start_response, '404 Not Found', {'error': {
            'code': 404, 'title': 'Not Found',
            'message': 'The local Keystone serves only GET /v2.0 and '
                       'POST /v2.0/tokens of identity v2.0'}})
    return _keystone.application(environ, start_response)
