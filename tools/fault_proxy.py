"""A small fault-injecting reverse proxy, for tests and benchmarks.

Standard library only; it listens on 127.0.0.1 only and relays to a server
on 127.0.0.1 only (the local Trove or Keystone of ``tools/local-trove``).
Every request is relayed as it came, unless a :class:`Fault` that matches
it (method, path pattern, how many times) says otherwise:

``reset_before``
    reset the client's connection without relaying the request (the
    server never sees it);
``reset_after``
    relay the request, read the server's whole answer (the server has
    acted), then reset the client's connection: the answer is lost;
``truncate``
    relay, then send the answer's headers and half its body, and close;
``answer``
    do not relay: answer ``status`` with ``body`` (bytes, text or a JSON
    value) and ``headers``;
``delay``
    wait ``seconds``, then relay;
``mutate``
    relay, then send ``change(body, request)`` instead of the server's JSON
    body (``request`` has ``method``, ``path``, ``headers`` and ``body``).

A fault may also run ``before(request)`` before it acts (to wait until the
server has done something, say). Bounded: every socket has a timeout, a
delay is capped, the proxy refuses to relay anywhere but 127.0.0.1, and
:meth:`FaultProxy.stop` (or leaving its ``with`` block) ends it all.

Use::

    with FaultProxy(trove_port) as proxy:
        proxy.add(Fault('reset_after', 'DELETE', r'/instances/'))
        ... point the client at proxy.url + '/v1.0/<project ID>' ...
        proxy.seen        # [(method, path, fault action or None)]
"""

import http.client
import http.server
import json
import re
import socket
import struct
import threading
import time

#: Seconds any socket of the proxy waits, and the longest delay it makes.
SOCKET_TIMEOUT = 30
MAX_DELAY = 20
ACTIONS = ('reset_before', 'reset_after', 'truncate', 'answer', 'delay',
           'mutate')
_HOP = frozenset(('connection', 'keep-alive', 'proxy-connection',
                  'transfer-encoding', 'te', 'trailer', 'upgrade',
                  'content-length', 'content-encoding'))


class Request:
    """What a client sent, as a fault sees it."""

    def __init__(self, method, path, headers, body):
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body) if self.body else None


class Fault:
    """What to do to the requests that match, ``times`` times (None: to
    every one that matches).

    :param action: one of :data:`ACTIONS`
    :param method: the HTTP method, or None for any
    :param path: a regular expression searched in the path (with query)
    """

    def __init__(self, action, method=None, path='', times=1, status=200,
                 body=b'', headers=(), seconds=0.0, change=None,
                 before=None):
        if action not in ACTIONS:
            raise ValueError('unknown fault action %r' % (action,))
        self.action = action
        self.method = method
        self.path = re.compile(path)
        self.times = times
        self.status = status
        self.body = body
        self.headers = list(headers)
        self.seconds = min(float(seconds), MAX_DELAY)
        self.change = change
        self.before = before
        self.used = 0

    def matches(self, method, path):
        return ((self.method is None or self.method == method)
                and self.path.search(path) is not None
                and (self.times is None or self.used < self.times))


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):
        pass

    def setup(self):
        super().setup()
        self.connection.settimeout(SOCKET_TIMEOUT)

    def _handle(self):
        proxy = self.server.proxy
        length = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(length) if length else b''
        request = Request(self.command, self.path, dict(self.headers), body)
        fault = proxy.take(self.command, self.path)
        proxy.record(self.command, self.path, fault)
        if fault is not None and fault.before is not None:
            fault.before(request)
        action = fault.action if fault is not None else None
        if action == 'reset_before':
            return self._reset()
        if action == 'answer':
            return self._send(fault.status, _encode(fault.body),
                              _headers(fault))
        if action == 'delay':
            time.sleep(fault.seconds)
        status, headers, data = proxy.relay(request)
        if action == 'reset_after':
            return self._reset()
        if action == 'mutate':
            data = json.dumps(fault.change(json.loads(data or b'null'),
                                           request)).encode()
        if action == 'truncate':
            return self._send(status, data, headers, cut=True)
        return self._send(status, data, headers)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _handle

    def _send(self, status, data, headers, cut=False):
        self.send_response_only(status)
        for key, value in headers:
            if key.lower() not in _HOP:
                self.send_header(key, value)
        self.send_header('Content-Length', str(len(data)))
        if cut:
            self.send_header('Connection', 'close')
        self.end_headers()
        if self.command != 'HEAD':
            self.wfile.write(data[:len(data) // 2] if cut else data)
        if cut:
            self.close_connection = True

    def _reset(self):
        """Close the client's connection with a TCP reset."""
        self.wfile.flush()
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                   struct.pack('ii', 1, 0))
        self.close_connection = True


def _encode(body):
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode()
    return json.dumps(body).encode()


def _headers(fault):
    """A fault's answer headers, with a Content-Type unless it has one:
    JSON for a JSON value or text that looks like it, HTML otherwise."""
    headers = list(fault.headers)
    if not any(key.lower() == 'content-type' for key, _value in headers):
        body = fault.body
        if isinstance(body, bytes):
            body = body.decode('utf-8', 'replace')
        json_like = not isinstance(body, str) or \
            body.lstrip()[:1] in ('{', '[')
        headers.append(('Content-Type', 'application/json' if json_like
                        else 'text/html'))
    return headers


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, proxy):
        self.proxy = proxy
        super().__init__(('127.0.0.1', 0), _Handler)


class FaultProxy:
    """The proxy on 127.0.0.1 in front of ``127.0.0.1:<upstream_port>``.

    :ivar url: ``http://127.0.0.1:<port>``, to put in front of a path
    :ivar seen: ``[(method, path, action or None)]`` of every request
    """

    def __init__(self, upstream_port, upstream_host='127.0.0.1'):
        if upstream_host not in ('127.0.0.1', 'localhost', '::1'):
            raise ValueError('the fault proxy relays to this host only')
        self.upstream = (upstream_host, int(upstream_port))
        self.faults = []
        self.seen = []
        self.lock = threading.Lock()
        self.server = _Server(self)
        self.port = self.server.server_address[1]
        self.url = 'http://127.0.0.1:%d' % self.port
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       kwargs={'poll_interval': 0.05},
                                       daemon=True)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()
        return False

    def start(self):
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def add(self, *faults):
        with self.lock:
            self.faults.extend(faults)
        return faults[0] if len(faults) == 1 else faults

    def take(self, method, path):
        """The first fault that matches (counted as used), or None."""
        with self.lock:
            for fault in self.faults:
                if fault.matches(method, path):
                    fault.used += 1
                    return fault
        return None

    def record(self, method, path, fault):
        with self.lock:
            self.seen.append((method, path,
                              fault.action if fault is not None else None))

    def requests(self, method=None, path=''):
        """The ``(method, path)`` seen that match, in order."""
        pattern = re.compile(path)
        with self.lock:
            return [(m, p) for m, p, _a in self.seen
                    if (method is None or m == method)
                    and pattern.search(p)]

    def relay(self, request):
        """Send ``request`` to the server; ``(status, headers, body)``."""
        conn = http.client.HTTPConnection(*self.upstream,
                                          timeout=SOCKET_TIMEOUT)
        try:
            headers = {k: v for k, v in request.headers.items()
                       if k.lower() not in _HOP}
            headers['Content-Length'] = str(len(request.body))
            conn.request(request.method, request.path,
                         body=request.body or None, headers=headers)
            reply = conn.getresponse()
            return reply.status, reply.getheaders(), reply.read()
        finally:
            conn.close()
