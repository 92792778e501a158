"""The funnel against misbehaving servers on real sockets (127.0.0.1).

Each server runs in a thread, handles each connection with the next
behaviour of its script (the last one repeats), and stops itself when the
test ends or after a few seconds at most. Retries sleep on a recorder, but
deadlines use the real clock: these are the only tests that take (about a
second of) real time, and only upper bounds are asserted.
"""

import json
import socket
import struct
import threading
import time

import pytest
from keystoneauth1 import session as ksa_session
from keystoneauth1 import token_endpoint

from troveclient_osc import exceptions
from troveclient_osc import http
from troveclient_osc.v1 import client as v1_client

LIFETIME = 15  # seconds a server may live, whatever happens to the test
BODY = json.dumps({'instance': {'id': 'abc', 'name': 'db'}}).encode()


def _read_request(conn):
    """Read one HTTP request (headers and Content-Length body)."""
    data = b''
    while b'\r\n\r\n' not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _sep, body = data.partition(b'\r\n\r\n')
    length = 0
    for line in head.split(b'\r\n')[1:]:
        name, _colon, value = line.partition(b':')
        if name.strip().lower() == b'content-length':
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b'\r\n\r\n' + body


class Server:
    """A scripted TCP server; ``requests`` holds what each connection sent.

    Behaviours: 'blackhole' (accept, never answer), 'drip' (headers, then
    one body byte every 0.2 s), 'reset' (read the request, then RST),
    'truncate' (Content-Length 100, 10 bytes, close), 'ok' (a 200 answer).
    """

    def __init__(self, script, port=0):
        self.script = list(script)
        self.requests = []
        self.connections = 0
        self.stopped = threading.Event()
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(('127.0.0.1', port))
        self.sock.listen(8)
        self.sock.settimeout(0.05)
        self.port = self.sock.getsockname()[1]
        self.endpoint = 'http://127.0.0.1:%d/v1.0/proj' % self.port
        self.deadline = time.monotonic() + LIFETIME
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def running(self):
        return not self.stopped.is_set() and time.monotonic() < self.deadline

    def stop(self):
        self.stopped.set()
        self.thread.join(timeout=5)

    def _accept(self):
        handlers = []
        try:
            while self.running():
                try:
                    conn, _addr = self.sock.accept()
                except socket.timeout:
                    continue
                behaviour = self.script[min(self.connections,
                                            len(self.script) - 1)]
                self.connections += 1
                handler = threading.Thread(target=self._serve,
                                           args=(conn, behaviour),
                                           daemon=True)
                handler.start()
                handlers.append(handler)
        finally:
            self.sock.close()
            for handler in handlers:
                handler.join(timeout=5)

    def _serve(self, conn, behaviour):
        conn.settimeout(2)
        try:
            if behaviour == 'blackhole':
                while self.running():
                    time.sleep(0.05)
                return
            self.requests.append(_read_request(conn))
            if behaviour == 'ok':
                conn.sendall(b'HTTP/1.1 200 OK\r\nContent-Type: '
                             b'application/json\r\nConnection: close\r\n'
                             b'Content-Length: %d\r\n\r\n%s'
                             % (len(BODY), BODY))
            elif behaviour == 'reset':
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                struct.pack('ii', 1, 0))
            elif behaviour == 'truncate':
                conn.sendall(b'HTTP/1.1 200 OK\r\nContent-Type: '
                             b'application/json\r\nContent-Length: 100\r\n'
                             b'\r\n{"instance"')
            elif behaviour == 'drip':
                conn.sendall(b'HTTP/1.1 200 OK\r\nContent-Type: '
                             b'application/json\r\nContent-Length: 1000\r\n'
                             b'\r\n')
                for _byte in range(1000):
                    if not self.running():
                        break
                    conn.sendall(b' ')
                    time.sleep(0.2)
        except OSError:
            pass
        finally:
            conn.close()


@pytest.fixture
def serve():
    servers = []

    def start(*script, port=0):
        server = Server(script, port=port)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


class Sleeps(list):
    """Records retry sleeps instead of sleeping."""

    def __call__(self, seconds):
        self.append(seconds)


def funnel(endpoint, sleep=None, **kwargs):
    sess = ksa_session.Session(auth=token_endpoint.Token(endpoint, 'tok'))
    return http.HTTPClient(
        sess, sleep=Sleeps() if sleep is None else sleep, **kwargs)


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def test_silent_server_times_out_within_the_timeout(serve):
    server = serve('blackhole')
    api = funnel(server.endpoint, timeout=1)
    start = time.monotonic()
    with pytest.raises(exceptions.Timeout) as info:
        api.get('/instances/abc')
    assert time.monotonic() - start < 1 + 2
    assert 'timed out after 1s' in str(info.value)
    assert server.connections == 1  # a read timeout is not repeated


def test_silent_server_times_out_through_the_client_too(serve):
    server = serve('blackhole')
    sess = ksa_session.Session(auth=token_endpoint.Token(server.endpoint,
                                                         'tok'))
    tc = v1_client.Client(session=sess, timeout=1)
    start = time.monotonic()
    with pytest.raises(exceptions.Timeout):
        tc.instances.get('abc')
    assert time.monotonic() - start < 1 + 2


def test_slow_drip_body_is_cut_off_at_the_deadline(serve):
    server = serve('drip')
    api = funnel(server.endpoint, timeout=1)
    start = time.monotonic()
    with pytest.raises(exceptions.Timeout) as info:
        api.get('/instances/abc')
    assert time.monotonic() - start < 1 + 1
    assert 'did not complete within 1s' in str(info.value)


def test_refused_post_is_retried_since_nothing_was_sent(serve):
    port = free_port()
    started = []

    def sleep(seconds):
        # The server comes up while the client backs off.
        if not started:
            started.append(serve('ok', port=port))

    api = funnel('http://127.0.0.1:%d/v1.0/proj' % port, sleep=sleep,
                 timeout=5)
    _resp, body = api.post('/instances', json={'instance': {'name': 'db'}})
    assert body['instance']['id'] == 'abc'
    assert started[0].connections == 1
    assert started[0].requests[0].startswith(b'POST /v1.0/proj/instances ')


def test_refused_connection_is_reported_after_the_retries(serve):
    port = free_port()
    sleeps = Sleeps()
    api = funnel('http://127.0.0.1:%d/v1.0/proj' % port, sleep=sleeps,
                 timeout=5)
    with pytest.raises(exceptions.ConnectionError) as info:
        api.post('/instances', json={'instance': {'name': 'db'}})
    assert sleeps == [0.5, 1.0]
    assert str(info.value) == (
        'Unable to establish connection to http://127.0.0.1:%d/v1.0/proj/'
        'instances: connection refused' % port)


def test_post_reset_after_the_request_is_not_repeated(serve):
    server = serve('reset', 'ok')
    sleeps = Sleeps()
    api = funnel(server.endpoint, sleep=sleeps, timeout=5)
    with pytest.raises(exceptions.ConnectionError) as info:
        api.post('/instances', json={'instance': {'name': 'db'}})
    assert server.connections == 1
    assert len(server.requests) == 1
    assert sleeps == []
    text = str(info.value)
    assert text.startswith('Connection to %s/instances failed: '
                           % server.endpoint)
    assert '\n' not in text and len(text) <= 300


def test_get_reset_after_the_request_is_retried(serve):
    server = serve('reset', 'ok')
    api = funnel(server.endpoint, timeout=5)
    _resp, body = api.get('/instances/abc', expect='instance')
    assert body['instance']['name'] == 'db'
    assert server.connections == 2


def test_body_shorter_than_its_length_is_a_one_line_error(serve):
    server = serve('truncate')
    api = funnel(server.endpoint, timeout=5)
    with pytest.raises(exceptions.ConnectionError) as info:
        api.post('/instances/abc/action', json={'restart': {}})
    assert server.connections == 1
    # issue 25: the request reached the server, which may have acted
    assert str(info.value) == (
        'Connection to %s/instances/abc/action broke while reading the '
        'response: response body cut short; the POST may have been '
        'carried out: check instance abc before sending it again'
        % server.endpoint)


def test_silent_identity_service_times_out_too(serve):
    server = serve('blackhole')
    start = time.monotonic()
    with pytest.raises(exceptions.Timeout) as info:
        tc = v1_client.Client(username='u', password='p', project_id='p',
                              auth_url='http://127.0.0.1:%d/v3' % server.port,
                              timeout=1)
        tc.flavors.list()
    # Version discovery, then the token request: each within the timeout.
    assert time.monotonic() - start < 2 * 1 + 2
    assert '127.0.0.1:%d' % server.port in str(info.value)
