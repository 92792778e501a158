#!/usr/bin/env python3
"""A tiny Keystone stand-in for the local Trove (stdlib only, 127.0.0.1).

It speaks just enough Identity v3 and v2.0 for keystoneauth1's password
and token plugins (``generic.Password``/``v3.Password``/``v2.Password``,
versioned or unversioned ``auth_url``) and for the bits of
python-openstackclient that look projects and users up.

The model matches Trove's fake keystone middleware, which takes the
``X-Auth-Token`` verbatim as the project id, user and role:

* every token *is* a project id: scoping to project ``demo`` (by name or
  by id) yields the token ``demo``; a token starting with ``admin`` is an
  admin token on the Trove side;
* any user and any password are accepted, except the password
  ``wrong-password``, which gets a 401 so tests can exercise auth failures;
* every project and user "exists" (id == name), in domain ``default``.

Only the request method, path and status are logged -- never bodies,
so passwords never reach the log.

Usage: keystone_stub.py --port 5000 --trove-port 8779 [--trove-url URL]

``--trove-url`` replaces ``http://127.0.0.1:<trove-port>/v1.0`` as the base
of the catalog's database endpoints (the benchmark puts a request-counting
proxy there).
"""

import argparse
import datetime
import http.server
import json
import sys
import urllib.parse
import uuid

WRONG_PASSWORD = 'wrong-password'
REGIONS = ('RegionOne', 'EAST')
INTERFACES = ('public', 'internal', 'admin')
DOMAIN = {'id': 'default', 'name': 'Default'}
TOKEN_LIFETIME = datetime.timedelta(hours=12)

UNAUTHORIZED = (401, {'error': {
    'code': 401, 'title': 'Unauthorized',
    'message': 'The request you have made requires authentication.'}})


def _isotime(when, v2=False):
    if v2:
        return when.strftime('%Y-%m-%dT%H:%M:%SZ')
    return when.strftime('%Y-%m-%dT%H:%M:%S.000000Z')


def _bad_request(message):
    return 400, {'error': {'code': 400, 'title': 'Bad Request',
                           'message': message}}


def _not_found(message):
    return 404, {'error': {'code': 404, 'title': 'Not Found',
                           'message': message}}


class Identity:
    """The stub's state and all its response bodies."""

    def __init__(self, port, trove_port, trove_url=None):
        self.base = 'http://127.0.0.1:%d' % port
        self.trove = (trove_url.rstrip('/') if trove_url
                      else 'http://127.0.0.1:%d/v1.0' % trove_port)
        # token id -> user name, remembered only to show the right user
        # when a token is validated; unknown tokens are still "valid".
        self.token_users = {}

    # -- version discovery -------------------------------------------------

    def _version(self, ver):
        if ver == 'v3':
            return {
                'id': 'v3.14', 'status': 'stable',
                'updated': '2020-04-07T00:00:00Z',
                'links': [{'rel': 'self', 'href': self.base + '/v3/'}],
                'media-types': [{
                    'base': 'application/json',
                    'type': 'application/vnd.openstack.identity-v3+json'}],
            }
        return {
            'id': 'v2.0', 'status': 'deprecated',
            'updated': '2016-08-04T00:00:00Z',
            'links': [{'rel': 'self', 'href': self.base + '/v2.0/'}],
            'media-types': [{
                'base': 'application/json',
                'type': 'application/vnd.openstack.identity-v2.0+json'}],
        }

    def versions(self):
        return 300, {'versions': {'values': [self._version('v3'),
                                             self._version('v2.0')]}}

    def version(self, ver):
        return 200, {'version': self._version(ver)}

    # -- shared pieces -----------------------------------------------------

    def _roles(self, project_id):
        roles = ['member', 'reader']
        if project_id and project_id.startswith('admin'):
            roles.insert(0, 'admin')
        return roles

    def _endpoint_urls(self, project_id):
        return {
            'database': self.trove + '/' + project_id,
            'identity': self.base + '/v3',
        }

    def project(self, project_id):
        return {
            'id': project_id, 'name': project_id, 'domain_id': 'default',
            'description': '', 'enabled': True, 'is_domain': False,
            'parent_id': 'default', 'tags': [], 'options': {},
            'links': {'self': self.base + '/v3/projects/' + project_id},
        }

    def user(self, user_id):
        return {
            'id': user_id, 'name': user_id, 'domain_id': 'default',
            'enabled': True, 'password_expires_at': None, 'options': {},
            'links': {'self': self.base + '/v3/users/' + user_id},
        }

    # -- v3 tokens ---------------------------------------------------------

    def v3_token_body(self, token_id, user_name, project_id, methods):
        now = datetime.datetime.now(datetime.timezone.utc)
        token = {
            'methods': methods,
            'user': {'id': user_name, 'name': user_name, 'domain': DOMAIN,
                     'password_expires_at': None},
            'audit_ids': [uuid.uuid4().hex[:22]],
            'issued_at': _isotime(now),
            'expires_at': _isotime(now + TOKEN_LIFETIME),
        }
        if project_id:
            token['project'] = {'id': project_id, 'name': project_id,
                                'domain': DOMAIN}
            token['is_domain'] = False
            token['roles'] = [{'id': name, 'name': name}
                              for name in self._roles(project_id)]
            urls = self._endpoint_urls(project_id)
            token['catalog'] = [
                {'id': stype, 'type': stype, 'name': name,
                 'endpoints': [
                     {'id': '%s-%s-%s' % (stype, region, iface),
                      'interface': iface, 'region_id': region,
                      'region': region, 'url': urls[stype]}
                     for region in REGIONS for iface in INTERFACES]}
                for stype, name in (('database', 'trove'),
                                    ('identity', 'keystone'))]
        return {'token': token}

    def v3_issue(self, body):
        """POST /v3/auth/tokens -> (status, body, token id)."""
        try:
            auth = body['auth']
            identity = auth['identity']
            methods = identity['methods']
        except (KeyError, TypeError):
            return _bad_request('Expecting to find auth/identity/methods.') \
                + (None,)
        if 'password' in methods:
            user = identity.get('password', {}).get('user', {})
            if user.get('password') == WRONG_PASSWORD:
                return UNAUTHORIZED + (None,)
            user_name = user.get('name') or user.get('id') or 'demo'
        elif 'token' in methods:
            old = identity.get('token', {}).get('id', '')
            user_name = self.token_users.get(old, old or 'demo')
        else:
            return UNAUTHORIZED + (None,)

        scope = auth.get('scope') or {}
        project = scope.get('project') if isinstance(scope, dict) else None
        if project:
            # by id -> that id; by name -> id == name
            project_id = project.get('id') or project.get('name')
        else:
            project_id = None   # unscoped (or domain/system scope)
        token_id = project_id or ('unscoped-' + user_name)
        self.token_users[token_id] = user_name
        return (201, self.v3_token_body(token_id, user_name, project_id,
                                        methods), token_id)

    def v3_validate(self, token_id):
        if not token_id:
            return _not_found('Could not find token.')
        user_name = self.token_users.get(token_id, token_id)
        project_id = None if token_id.startswith('unscoped-') else token_id
        return 200, self.v3_token_body(token_id, user_name, project_id,
                                       ['password'])

    # -- v2.0 tokens -------------------------------------------------------

    def v2_access(self, token_id, user_name, tenant_id):
        now = datetime.datetime.now(datetime.timezone.utc)
        token = {'id': token_id, 'issued_at': _isotime(now),
                 'expires': _isotime(now + TOKEN_LIFETIME, v2=True),
                 'audit_ids': [uuid.uuid4().hex[:22]]}
        roles = self._roles(tenant_id) if tenant_id else []
        access = {
            'token': token,
            'user': {'id': user_name, 'name': user_name,
                     'username': user_name,
                     'roles': [{'name': r} for r in roles],
                     'roles_links': []},
            'metadata': {'is_admin': 0, 'roles': roles},
            'serviceCatalog': [],
        }
        if tenant_id:
            token['tenant'] = {'id': tenant_id, 'name': tenant_id,
                               'enabled': True, 'description': None}
            urls = self._endpoint_urls(tenant_id)
            urls['identity'] = self.base + '/v2.0'
            access['serviceCatalog'] = [
                {'type': stype, 'name': name, 'endpoints_links': [],
                 'endpoints': [
                     {'id': '%s-%s' % (stype, region), 'region': region,
                      'publicURL': urls[stype], 'internalURL': urls[stype],
                      'adminURL': urls[stype]}
                     for region in REGIONS]}
                for stype, name in (('database', 'trove'),
                                    ('identity', 'keystone'))]
        return {'access': access}

    def v2_issue(self, body):
        try:
            auth = body['auth']
        except (KeyError, TypeError):
            return _bad_request('Expecting to find auth.')
        if 'passwordCredentials' in auth:
            creds = auth['passwordCredentials'] or {}
            if creds.get('password') == WRONG_PASSWORD:
                return UNAUTHORIZED
            user_name = creds.get('username') or creds.get('userId') or 'demo'
        elif 'token' in auth:
            old = (auth['token'] or {}).get('id', '')
            user_name = self.token_users.get(old, old or 'demo')
        else:
            return UNAUTHORIZED
        tenant_id = auth.get('tenantId') or auth.get('tenantName')
        token_id = tenant_id or ('unscoped-' + user_name)
        self.token_users[token_id] = user_name
        return 200, self.v2_access(token_id, user_name, tenant_id)

    def v2_validate(self, token_id):
        user_name = self.token_users.get(token_id, token_id)
        tenant_id = None if token_id.startswith('unscoped-') else token_id
        return 200, self.v2_access(token_id, user_name, tenant_id)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    server_version = 'local-trove-keystone-stub'
    identity = None   # set by main()

    # -- plumbing ------------------------------------------------------------

    def log_message(self, fmt, *args):
        # BaseHTTPRequestHandler would log the whole request line; keep it
        # to method, path and status (no headers, no bodies, no passwords).
        pass

    def log_request(self, code='-', size='-'):
        path = urllib.parse.urlsplit(self.path).path
        sys.stderr.write('%s %s %s %s\n' % (
            self.log_date_time_string(), self.command, path, code))
        sys.stderr.flush()

    def _read_json(self):
        length = int(self.headers.get('Content-Length') or 0)
        raw = self.rfile.read(length) if length else b''
        if not raw:
            return {}
        try:
            return json.loads(raw)
        except ValueError:
            return None

    def _send(self, status, body=None, headers=None, head=False):
        data = b''
        if body is not None and status != 204:
            data = json.dumps(body).encode()
        self.send_response(status)
        if status != 204:
            self.send_header('Content-Type', 'application/json')
            self.send_header('Content-Length', str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if status == 401:
            self.send_header('WWW-Authenticate',
                             'Keystone uri="%s"' % self.identity.base)
        self.end_headers()
        if data and not head:
            self.wfile.write(data)

    def _route(self, method):
        ident = self.identity
        url = urllib.parse.urlsplit(self.path)
        path = url.path.rstrip('/') or '/'
        query = urllib.parse.parse_qs(url.query)
        parts = path.strip('/').split('/')
        token = self.headers.get('X-Auth-Token')
        subject = self.headers.get('X-Subject-Token')

        if path == '/' and method in ('GET', 'HEAD'):
            return ident.versions()
        if path in ('/v3', '/v2.0') and method in ('GET', 'HEAD'):
            return ident.version(path[1:])

        if path == '/v3/auth/tokens':
            if method == 'POST':
                body = self._read_json()
                if body is None:
                    return _bad_request('Malformed JSON body.')
                status, resp, token_id = ident.v3_issue(body)
                headers = {'X-Subject-Token': token_id} if token_id else {}
                return status, resp, headers
            if not token:
                return UNAUTHORIZED
            if method in ('GET', 'HEAD'):
                return ident.v3_validate(subject or token)
            if method == 'DELETE':
                return 204, None
        if path == '/v2.0/tokens' and method == 'POST':
            body = self._read_json()
            if body is None:
                return _bad_request('Malformed JSON body.')
            return ident.v2_issue(body)
        if (len(parts) == 3 and parts[:2] == ['v2.0', 'tokens'] and
                method in ('GET', 'HEAD')):
            return ident.v2_validate(parts[2])

        if parts[0] == 'v3' and method in ('GET', 'HEAD'):
            if not token:
                return UNAUTHORIZED
            links = {'self': ident.base + path, 'next': None,
                     'previous': None}
            if path in ('/v3/projects', '/v3/auth/projects'):
                names = query.get('name') or ([] if token.startswith(
                    'unscoped-') else [token])
                return 200, {'projects': [ident.project(n) for n in names],
                             'links': links}
            if len(parts) == 3 and parts[1] == 'projects':
                return 200, {'project': ident.project(parts[2])}
            if path == '/v3/users':
                names = query.get('name') or [
                    ident.token_users.get(token, token)]
                return 200, {'users': [ident.user(n) for n in names],
                             'links': links}
            if len(parts) == 3 and parts[1] == 'users':
                return 200, {'user': ident.user(parts[2])}
            if len(parts) == 3 and parts[1] == 'domains':
                return 200, {'domain': {'id': parts[2], 'name': parts[2],
                                        'enabled': True, 'description': ''}}
        return _not_found('The resource could not be found.')

    def _handle(self, method):
        try:
            result = self._route(method)
        except Exception as exc:   # never die on a bad request
            sys.stderr.write('stub error on %s: %s\n'
                             % (method, type(exc).__name__))
            result = (500, {'error': {'code': 500, 'title': 'Internal Error',
                                      'message': 'keystone stub error'}})
        status, body = result[0], result[1]
        headers = result[2] if len(result) > 2 else None
        self._send(status, body, headers, head=(method == 'HEAD'))

    def do_GET(self):
        self._handle('GET')

    def do_HEAD(self):
        self._handle('HEAD')

    def do_POST(self):
        self._handle('POST')

    def do_DELETE(self):
        self._handle('DELETE')

    def do_PUT(self):
        self._read_json()
        self._send(*_not_found('The resource could not be found.'))

    do_PATCH = do_PUT


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--port', type=int, default=5000)
    parser.add_argument('--trove-port', type=int, default=8779)
    parser.add_argument('--trove-url', default='',
                        help='catalog base of the database endpoints '
                             '(default http://127.0.0.1:<trove-port>/v1.0)')
    parser.add_argument('--state-dir', default='',
                        help='unused; identifies the process as ours')
    args = parser.parse_args(argv)
    Handler.identity = Identity(args.port, args.trove_port, args.trove_url)
    http.server.ThreadingHTTPServer.allow_reuse_address = True
    http.server.ThreadingHTTPServer.daemon_threads = True
    server = http.server.ThreadingHTTPServer(('127.0.0.1', args.port),
                                             Handler)
    sys.stderr.write('keystone stub listening on %s (trove %s)\n'
                     % (Handler.identity.base, Handler.identity.trove))
    sys.stderr.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == '__main__':
    sys.exit(main())
