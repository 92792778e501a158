"""The counting reverse proxy between the clients and Trove."""

import http.client
import http.server
import threading
import time

_HOP = frozenset(('connection', 'keep-alive', 'proxy-connection',
                  'transfer-encoding', 'te', 'trailer', 'upgrade',
                  'content-length'))


class _Handler(http.server.BaseHTTPRequestHandler):
    """Relays one client connection's requests to Trove, over one upstream
    connection of its own, and tells the proxy (``self.server.proxy``)
    about each."""

    protocol_version = 'HTTP/1.1'
    upstream = None
    # The headers and the body of an answer go out in two writes. With
    # Nagle's algorithm the body waits for the client's ACK of the headers,
    # which a keep-alive connection delays by up to 40 ms: every request
    # after the first on a connection (the second and third page of a
    # listing) would pay that stall, which a client talking to Trove
    # directly does not.
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):
        pass

    def _relay(self):
        proxy = self.server.proxy
        length = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(length) if length else None
        with proxy.lock:
            proxy.seen.append('%s %s' % (self.command, self.path))
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() not in _HOP}
        if body is not None:
            headers['Content-Length'] = str(len(body))
        for attempt in (1, 2):
            if self.upstream is None:
                self.upstream = http.client.HTTPConnection(
                    '127.0.0.1', proxy.upstream_port, timeout=600)
            started = time.perf_counter()
            try:
                self.upstream.request(self.command, self.path,
                                      body=body, headers=headers)
                reply = self.upstream.getresponse()
                data = reply.read()
                with proxy.lock:
                    proxy.answering.append((started, time.perf_counter()))
                break
            except (OSError, http.client.HTTPException):
                self.upstream.close()
                self.upstream = None
                if attempt == 2:
                    self.send_error(502)
                    return
        self.send_response_only(reply.status, reply.reason)
        for key, value in reply.getheaders():
            if key.lower() not in _HOP:
                self.send_header(key, value)
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        if self.command != 'HEAD':
            self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _relay
    do_HEAD = _relay

    def finish(self):
        super().finish()
        if self.upstream is not None:
            self.upstream.close()


class _Server(http.server.ThreadingHTTPServer):
    """The proxy's server: one thread per client connection."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, address, proxy):
        self.proxy = proxy
        super().__init__(address, _Handler)


class CountingProxy:
    """A threaded reverse proxy on 127.0.0.1 that records every request,
    and when Trove was answering it (from sending the request upstream to
    the last byte of the answer).

    It keeps the clients' connections alive and holds one upstream
    connection per client connection, as a client talking to Trove
    directly would.
    """

    def __init__(self, port, upstream_port):
        self.upstream_port = upstream_port
        self.lock = threading.Lock()
        self.seen = []
        self.answering = []       # (started, ended) of each answer
        self.server = _Server(('127.0.0.1', port), self)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       daemon=True)

    def start(self):
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def take(self):
        """The requests seen since the last call, and the seconds during
        which Trove was answering one or more of them: answers that
        overlap (a client sending several requests at once) count once."""
        with self.lock:
            seen, self.seen = self.seen, []
            spans, self.answering = sorted(self.answering), []
        seconds, reach = 0.0, None
        for started, ended in spans:
            if reach is None or started > reach:
                seconds += ended - started
                reach = ended
            elif ended > reach:
                seconds += ended - reach
                reach = ended
        return seen, seconds
