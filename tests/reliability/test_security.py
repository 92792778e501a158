"""Rows S1-S10 of the reliability matrix: secrets stay out of output.

Every secret-bearing form of every command runs with ``-v`` and with
``--debug``, logging to a file too, and the secret is counted in stdout,
stderr and the log: the count must be 0, while the request still carries
the secret. S3 types a password into the real ``openstack`` on a pty.
"""

import io
import logging
import os
import pty
import select
import sys
import time

import pytest
from keystoneauth1 import session as ksa_session

from troveclient_osc import exceptions
from troveclient_osc import http
from troveclient_osc import masking
from troveclient_osc.v1 import client as v1_client

from tests.reliability import harness
from tests.reliability.harness import SECRET, expect_error
from tests.reliability.servers import reply
from tests.unit import fakes

ENDPOINT = harness.ENDPOINT
TLS_ENDPOINT = ENDPOINT.replace('http://', 'https://')
SECRET_2 = 'Yx8Other2Pw'
TOKEN = 'gAAAAAStaticTok3n'
CREATE = ('database', 'instance', 'create', 'db1', '--flavor', '6',
          '--size', '1')
VERBOSITY = ['-v', '--debug']
EAST = fakes.CATALOG[('EAST', 'public')]


def mock_create(rm, endpoint=ENDPOINT, status=200, echo=False):
    """A create that may echo the first password (flavor 6: no lookup)."""
    def answer(request, context):
        context.status_code = status
        context.headers['x-openstack-request-id'] = 'req-s'
        users = request.json()['instance'].get('users') or [{}]
        if echo:
            return fakes.fault('badRequest', 400, "Validation error: "
                               "instance['users'][0]['password'] '%s' is "
                               "too short" % users[0].get('password'))
        return {'instance': fakes.instance_body(1, status='BUILD')}

    return rm.post(endpoint + '/instances', json=answer)


def sent_passwords(create):
    return [user['password'] for user in
            create.last_request.json()['instance']['users']]


# -- S1 -----------------------------------------------------------------------

USER_FORMS = {
    'user': (('--user', 'name=bob,password=%s,host=%%' % SECRET), [SECRET]),
    'user=': (('--user=name=bob,password=%s' % SECRET,), [SECRET]),
    'user-comma': (('--user', 'name=bob,password=a,%s=b,databases=x'
                    % SECRET, '--database', 'x'), ['a,%s=b' % SECRET]),
    'users': (('--users', 'bob:' + SECRET), [SECRET]),
    'users-two': (('--users', 'bob:' + SECRET, 'amy:' + SECRET_2),
                  [SECRET, SECRET_2]),
    'users=': (('--users=bob:' + SECRET,), [SECRET]),
    'users-colon': (('--users', 'bob:pa:' + SECRET), ['pa:' + SECRET]),
    'users-space': (('--users', 'bob:%s %s' % (SECRET, SECRET_2)),
                    ['%s %s' % (SECRET, SECRET_2)]),
    'users-last': (('--size', '1', '--users', 'bob:' + SECRET), [SECRET]),
}


@pytest.mark.parametrize('verbosity', VERBOSITY)
@pytest.mark.parametrize('args, passwords', USER_FORMS.values(),
                         ids=USER_FORMS.keys())
def test_S1_user_passwords_never_reach_stdout_stderr_or_log(
        cli, rm, verbosity, args, passwords):
    create = mock_create(rm)
    result = cli(verbosity, *CREATE, *args)
    assert result.code == 0, result
    assert sent_passwords(create) == passwords
    for secret in (SECRET, SECRET_2):
        assert result.count(secret) == 0, result
    # the log was written: the count is not 0 for want of a log
    assert 'START with options' in result.log
    if verbosity == '--debug':
        assert 'REQ: POST' in result.log
        assert 'run(Namespace(' in result.log


@pytest.mark.parametrize('verbosity', VERBOSITY)
def test_S1_start_line_keeps_the_command_but_not_the_password(
        cli, rm, verbosity):
    mock_create(rm)
    result = cli(verbosity, *CREATE, '--users', 'bob:' + SECRET)
    start = [line for line in result.log.splitlines()
             if 'START with options' in line]
    assert len(start) == 1
    assert start[0].endswith('database instance create db1 --flavor 6 '
                             '--size 1 --users bob:***')


@pytest.mark.parametrize('verbosity', VERBOSITY)
@pytest.mark.parametrize('form', ['space', 'equals', 'abbreviated'])
def test_S1_identity_password_is_masked(cli, rm, verbosity, form):
    tokens = fakes.register_keystone_v3(rm)
    rm.get(EAST + '/flavors', json={'flavors': []})
    password = {'space': ('--os-password', SECRET),
                'equals': ('--os-password=' + SECRET,),
                'abbreviated': ('--os-passw', SECRET)}[form]
    auth = ('--os-auth-type', 'password', '--os-auth-url',
            fakes.KEYSTONE + '/v3', '--os-username', 'testuser',
            *password, '--os-project-name', 'test_project',
            '--os-user-domain-id', 'default', '--os-project-domain-id',
            'default', '--os-region-name', 'EAST',
            '--os-identity-api-version', '3')
    result = cli(verbosity, 'database', 'flavor', 'list', auth=auth)
    assert result.count(SECRET) == 0, result
    if result.code == 0:
        assert tokens.last_request.json()['auth']['identity']['password'][
            'user']['password'] == SECRET


@pytest.mark.parametrize('argv, shown', [
    (['--os-password', 'a b', 'database', 'flavor', 'list'],
     '--os-password *** database flavor list'),
    (['--os-passw', 'x', 'database'], '--os-passw *** database'),
    (['--os-token=x', '-v'], '--os-token=*** -v'),
    (['--os-application-credential-secret', 'x'],
     '--os-application-credential-secret ***'),
    (['create', '--users', 'a:p q', 'b:r', '--flavor', '6'],
     'create --users a:*** b:*** --flavor 6'),
    (['--user', 'name=a,password=p,q=r,host=%', '--user', 'name=b'],
     '--user name=a,password=***,host=% --user name=b'),
    (['--password-file', '/tmp/pw', '--password-prompt', 'db1'],
     '--password-file /tmp/pw --password-prompt db1'),
], ids=['space', 'abbreviated', 'equals', 'app-credential', 'users',
        'user', 'not-secret'])
def test_S1_argv_masking_is_exact(argv, shown):
    assert ' '.join(masking.mask_argv(argv)) == shown


def test_S1_words_of_a_logged_line_are_masked_to_the_next_option():
    assert masking.mask_command_line(
        '--os-password a b --os-auth-type password create --users c:d e '
        '--user name=f,password=g,host=%') == (
        '--os-password *** *** --os-auth-type password create --users c:*** '
        '*** --user name=f,password=***,host=%')


# -- S2 -----------------------------------------------------------------------

@pytest.mark.parametrize('verbosity', VERBOSITY)
@pytest.mark.parametrize('auth', [
    ('--os-token', TOKEN, '--os-endpoint', TLS_ENDPOINT),
    ('--os-token=' + TOKEN, '--os-endpoint', TLS_ENDPOINT),
    ('--os-auth-type', 'admin_token', '--os-token', TOKEN,
     '--os-endpoint', TLS_ENDPOINT),
], ids=['token', 'token=', 'admin_token'])
def test_S2_token_never_appears(cli, rm, verbosity, auth):
    flavors = rm.get(TLS_ENDPOINT + '/flavors', json={'flavors': []})
    result = cli(verbosity, 'database', 'flavor', 'list', auth=auth)
    assert result.code == 0, result
    assert flavors.last_request.headers['X-Auth-Token'] == TOKEN
    assert result.count(TOKEN) == 0, result


@pytest.mark.parametrize('verbosity', VERBOSITY)
def test_S2_renewed_tokens_never_appear(cli, rm, verbosity):
    fakes.register_keystone_v3(rm, tokens=('gAAAAA-first', 'gAAAAA-second'))
    rm.get(EAST + '/flavors', [{'status_code': 401, 'json': {}},
                               {'json': {'flavors': []}}])
    auth = ('--os-auth-type', 'password', '--os-auth-url',
            fakes.KEYSTONE + '/v3', '--os-username', 'testuser',
            '--os-password', SECRET, '--os-project-name', 'test_project',
            '--os-user-domain-id', 'default', '--os-project-domain-id',
            'default', '--os-region-name', 'EAST')
    result = cli(verbosity, 'database', 'flavor', 'list', auth=auth)
    assert result.code == 0, result
    for secret in ('gAAAAA-first', 'gAAAAA-second', SECRET):
        assert result.count(secret) == 0, result


def test_S2_static_token_echoed_by_a_service_is_masked(cli, rm):
    rm.get(TLS_ENDPOINT + '/flavors', status_code=401, json={
        'error': {'message': 'Token %s is not valid.' % TOKEN}})
    result = cli('--debug', 'database', 'flavor', 'list',
                 auth=('--os-token', TOKEN, '--os-endpoint', TLS_ENDPOINT))
    assert result.code == 1
    assert result.count(TOKEN) == 0, result
    assert 'Token *** is not valid' in result.err


# -- S3 -----------------------------------------------------------------------

def _openstack_binary():
    path = os.path.join(os.path.dirname(sys.executable), 'openstack')
    if not os.access(path, os.X_OK):
        pytest.skip('no openstack executable next to %s' % sys.executable)
    return path


class Pty:
    """A program on a new pseudo-terminal, the way a user runs it."""

    def __init__(self, argv, env):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: become the program
            try:
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        self.output = b''
        self.seen = 0

    def expect(self, text, timeout=30):
        """Read until ``text`` appears after what was already matched."""
        text = text.encode()
        deadline = time.monotonic() + timeout
        while text not in self.output[self.seen:]:
            if time.monotonic() > deadline:
                self.kill()
                raise AssertionError('no %r in %r' % (text, self.output))
            if not self._read(0.1):
                raise AssertionError('ended before %r: %r'
                                     % (text, self.output))
        self.seen = self.output.index(text, self.seen) + len(text)

    def _read(self, wait):
        ready, _w, _x = select.select([self.fd], [], [], wait)
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 4096)
        except OSError:  # EIO: the program closed the terminal
            chunk = b''
        self.output += chunk
        return bool(chunk)

    def send(self, line):
        os.write(self.fd, line.encode() + b'\n')

    def cmdline(self):
        with open('/proc/%d/cmdline' % self.pid, 'rb') as stream:
            return stream.read()

    def wait(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._read(0.1)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                while self._read(0):
                    pass
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
        self.kill()
        raise AssertionError('still running: %r' % self.output)

    def kill(self):
        try:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        except OSError:
            pass


def test_S3_password_prompt_on_a_pty(serve, tmp_path):
    binary = _openstack_binary()
    server = serve(reply('200 OK', {'instance': fakes.instance_body(1)}))
    log = tmp_path / 'openstack.log'
    env = {key: value for key, value in os.environ.items()
           if not key.startswith('OS_')}
    env.update(OS_CLIENT_CONFIG_FILE=str(tmp_path / 'none.yaml'),
               HOME=str(tmp_path), TERM='dumb')
    program = Pty([binary, '--os-auth-type', 'none', '--os-endpoint',
                   server.endpoint, '--debug', '--log-file', str(log),
                   *CREATE, '--user', 'name=bob', '--password-prompt'],
                  env)
    try:
        program.expect('Password for user bob: ')
        if os.path.exists('/proc/%d/cmdline' % program.pid):
            assert SECRET.encode() not in program.cmdline()
        program.send(SECRET)
        program.expect('Repeat Password for user bob: ')
        program.send(SECRET_2)  # a typo: asked again, both times
        program.expect('The passwords entered were not the same')
        program.expect('Password for user bob: ')
        program.send(SECRET)
        program.expect('Repeat Password for user bob: ')
        program.send(SECRET)
        code = program.wait()
    finally:
        program.kill()
    assert code == 0, program.output
    # the terminal did not echo what was typed, and nothing printed it
    assert SECRET.encode() not in program.output
    assert SECRET_2.encode() not in program.output
    assert SECRET not in log.read_text()
    assert len(server.requests) == 1
    body = server.requests[0].partition(b'\r\n\r\n')[2]
    assert b'"password": "%s"' % SECRET.encode() in body


# -- S4 -----------------------------------------------------------------------

@pytest.mark.parametrize('verbosity', VERBOSITY)
@pytest.mark.parametrize('source', ['file', 'stdin'])
@pytest.mark.parametrize('ending', ['\n', '\r\n', ''],
                         ids=['lf', 'crlf', 'no-final-newline'])
def test_S4_password_from_a_file_or_stdin(cli, rm, tmp_path, verbosity,
                                          source, ending):
    create = mock_create(rm)
    text = SECRET + (ending or '\n') + SECRET_2 + ending
    if source == 'file':
        path = tmp_path / 'passwords'
        path.write_text(text, newline='')
        args = ('--password-file', str(path))
        stdin = ''
    else:
        args = ('--password-file', '-')
        stdin = io.StringIO(text, newline='')
    argv = (verbosity, *CREATE, '--user', 'name=bob', '--user', 'name=amy',
            *args)
    result = cli(*argv, stdin=stdin)
    assert result.code == 0, result
    assert sent_passwords(create) == [SECRET, SECRET_2]
    assert not any(SECRET in arg for arg in argv)
    assert result.count(SECRET) == 0 and result.count(SECRET_2) == 0


def test_S4_too_few_passwords_in_the_file_is_an_error(cli, rm, tmp_path):
    create = mock_create(rm)
    path = tmp_path / 'passwords'
    path.write_text(SECRET + '\n')
    result = cli(*CREATE, '--user', 'name=bob', '--user', 'name=amy',
                 '--password-file', str(path))
    expect_error(result, calls=0, text='has 1 password(s) for 2 user(s)')
    assert create.call_count == 0


def test_S4_unreadable_password_file_is_one_line(cli, tmp_path):
    result = cli(*CREATE, '--user', 'name=bob', '--password-file',
                 str(tmp_path / 'missing'))
    expect_error(result, calls=0, text='Cannot read the password file')


# -- S5 -----------------------------------------------------------------------

@pytest.mark.parametrize('verbosity', [None, '-v', '--debug'])
def test_S5_password_echoed_by_the_server_shows_stars(cli, rm, verbosity):
    mock_create(rm, status=400, echo=True)
    args = ((verbosity,) if verbosity else ()) + CREATE + (
        '--user', 'name=bob,password=%s' % SECRET)
    result = cli(*args)
    if verbosity is None:
        line = expect_error(result, calls=1, status=400, request_id='req-s')
        assert line == ("Validation error: instance['users'][0]['password']"
                        " '***' is too short (HTTP 400) (Request-ID: req-s)")
    else:
        assert result.code == 1
        assert result.count(SECRET) == 0, result


# -- S6 -----------------------------------------------------------------------

SECRET_BODY = fakes.instance_body(1, root_password=SECRET,
                                  credentials={'password': SECRET_2,
                                               'token': TOKEN})


@pytest.mark.parametrize('verbosity', VERBOSITY)
def test_S6_password_in_a_response_is_not_logged(cli, rm, verbosity):
    rm.get(ENDPOINT + '/instances/' + SECRET_BODY['id'],
           json={'instance': SECRET_BODY})
    result = cli(verbosity, 'database', 'instance', 'show',
                 SECRET_BODY['id'], '-f', 'json')
    assert result.code == 0, result
    for secret in (SECRET, SECRET_2, TOKEN):
        assert result.count(secret) == 0, result
    assert 'RESP: [200]' in result.log or verbosity == '-v'


def test_S6_library_caller_gets_the_password_once_logs_do_not(tc, rm,
                                                              caplog):
    rm.get(fakes.url('/instances/' + SECRET_BODY['id']),
           json={'instance': SECRET_BODY})
    with caplog.at_level(logging.DEBUG):
        instance = tc.instances.get(SECRET_BODY['id'])
    assert instance.root_password == SECRET
    assert instance.to_dict()['credentials']['password'] == SECRET_2
    assert '"root_password": "***"' in caplog.text
    for secret in (SECRET, SECRET_2, TOKEN):
        assert secret not in caplog.text
    assert SECRET not in repr(instance)


# -- S7 -----------------------------------------------------------------------

INSECURE = 'TLS certificates are not verified'


def test_S7_insecure_warns_in_one_line(cli, rm):
    rm.get(TLS_ENDPOINT + '/flavors', json={'flavors': []})
    result = cli('--insecure', 'database', 'flavor', 'list',
                 auth=('--os-auth-type', 'none', '--os-endpoint',
                       TLS_ENDPOINT))
    assert result.code == 0, result
    assert len(result.err_lines) == 1, result
    assert result.err_lines[0].startswith(INSECURE)
    assert len(result.err_lines[0]) <= harness.MAX_LINE


def test_S7_verify_false_in_clouds_yaml_warns_too(cli, rm, tmp_path):
    rm.get(TLS_ENDPOINT + '/flavors', json={'flavors': []})
    config = tmp_path / 'clouds.yaml'
    config.write_text('clouds:\n  test:\n    auth_type: none\n    auth:\n'
                      '      endpoint: %s\n    verify: false\n'
                      % TLS_ENDPOINT)
    result = cli('database', 'flavor', 'list', auth=('--os-cloud', 'test'),
                 env={'OS_CLIENT_CONFIG_FILE': str(config)})
    assert result.code == 0, result
    assert [line[:len(INSECURE)] for line in result.err_lines] == [INSECURE]


@pytest.mark.parametrize('cacert, env', [
    (('--os-cacert', '/etc/ssl/certs/ca.pem'), {}),
    ((), {'OS_CACERT': '/etc/ssl/certs/ca.pem'}),
], ids=['option', 'environment'])
def test_S7_insecure_with_a_ca_bundle_exits_2(cli, rm, cacert, env):
    rm.get(TLS_ENDPOINT + '/flavors', json={'flavors': []})
    result = cli('--insecure', *cacert, 'database', 'flavor', 'list',
                 env=env, auth=('--os-auth-type', 'none', '--os-endpoint',
                                TLS_ENDPOINT))
    harness.expect_usage_error(result, '--insecure turns off the '
                                       'certificate check')


def test_S7_without_insecure_nothing_is_said(cli, rm):
    rm.get(TLS_ENDPOINT + '/flavors', json={'flavors': []})
    result = cli('database', 'flavor', 'list',
                 auth=('--os-token', TOKEN, '--os-endpoint', TLS_ENDPOINT))
    assert (result.code, result.err) == (0, '')


# -- S8 -----------------------------------------------------------------------

CLEAR = 'not encrypted: the token and passwords sent there travel in ' \
        'clear text; use https://'


@pytest.mark.parametrize('endpoint, warned', [
    ('http://trove.example.com:8779/v1.0/p', 'http://trove.example.com:8779'),
    ('http://10.0.0.5/v1.0/p', 'http://10.0.0.5'),
    ('https://trove.example.com/v1.0/p', None),
    ('http://127.0.0.1:8779/v1.0/p', None),
    ('http://localhost:8779/v1.0/p', None),
    ('http://[::1]:8779/v1.0/p', None),
])
def test_S8_token_to_an_http_endpoint_warns(cli, rm, endpoint, warned):
    rm.get(endpoint + '/flavors', json={'flavors': []})
    result = cli('database', 'flavor', 'list',
                 auth=('--os-token', TOKEN, '--os-endpoint', endpoint))
    assert result.code == 0, result
    if warned:
        assert result.err_lines == ['%s is %s' % (warned, CLEAR)]
    else:
        assert result.err == ''


def test_S8_password_to_an_http_auth_url_warns(cli, rm):
    fakes.register_keystone_v3(rm)
    rm.get(EAST + '/flavors', json={'flavors': []})
    auth = ('--os-auth-type', 'password', '--os-auth-url',
            fakes.KEYSTONE + '/v3', '--os-username', 'testuser',
            '--os-password', SECRET, '--os-project-name', 'test_project',
            '--os-user-domain-id', 'default', '--os-project-domain-id',
            'default', '--os-region-name', 'EAST')
    result = cli('database', 'flavor', 'list', auth=auth)
    assert result.code == 0, result
    assert result.err_lines == [
        'http://keystone.example.com:5000 and http://east.example.com:8779 '
        'are ' + CLEAR]


def test_S8_no_token_no_warning(cli, rm):
    rm.get(ENDPOINT + '/flavors', json={'flavors': []})
    result = cli('database', 'flavor', 'list')  # --os-auth-type none
    assert (result.code, result.err) == (0, '')


# -- S9 -----------------------------------------------------------------------

def test_S9_library_exceptions_hold_no_body_or_secret(tc, rm):
    rm.post(fakes.url('/instances'), status_code=400,
            headers={'x-openstack-request-id': 'req-s9'},
            json=fakes.fault('badRequest', 400, "Password '%s' is invalid"
                             % SECRET))
    with pytest.raises(exceptions.BadRequest) as info:
        tc.instances.create('db1', flavor_id='6', volume=1,
                            users=[{'name': 'bob', 'password': SECRET}],
                            databases=[{'name': 'sales'}])
    error = info.value
    assert error.http_status == 400
    assert error.request_id == 'req-s9'
    assert error.method == 'POST'
    for text in (str(error), repr(error), error.message, str(error.url)):
        assert SECRET not in text
        assert 'sales' not in text  # nothing of the request body
    assert str(error) == ("Password '***' is invalid (HTTP 400) "
                          "(Request-ID: req-s9)")


def test_S9_transport_errors_hold_no_secret_either(tc, rm):
    from tests.unit import test_http
    rm.post(fakes.url('/instances'), exc=test_http.reset_after_request())
    with pytest.raises(exceptions.ConnectionError) as info:
        tc.instances.create('db1', flavor_id='6', volume=1,
                            users=[{'name': 'bob', 'password': SECRET}])
    assert info.value.http_status is None and info.value.request_id is None
    assert SECRET not in str(info.value) + repr(info.value)


# -- S10 ----------------------------------------------------------------------

def test_S10_split_loggers_body_logger_holds_no_secret(rm, caplog):
    tokens = fakes.register_keystone_v3(rm)
    create = rm.post(fakes.CATALOG[('EAST', 'public')] + '/instances',
                     json={'instance': fakes.instance_body(
                         1, users=[{'name': 'bob', 'password': SECRET_2}])})
    session = ksa_session.Session(auth=fakes.password_auth(SECRET),
                                  split_loggers=True)
    tc = v1_client.Client(session=session, region_name='EAST')
    with caplog.at_level(logging.DEBUG):
        tc.instances.create('db1', flavor_id='6', volume=1,
                            users=[{'name': 'bob', 'password': SECRET_2}])
    assert tokens.call_count == 1 and create.call_count == 1
    body_records = [r for r in caplog.records
                    if r.name.startswith('keystoneauth.session.body')
                    or r.name == http.LOG.name]
    assert body_records  # the bodies were logged ...
    for secret in (SECRET, SECRET_2):
        assert secret not in caplog.text  # ... and no secret with them
    assert '"password": "***"' in caplog.text
