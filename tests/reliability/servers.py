"""Small misbehaving servers on 127.0.0.1 for the socket-level rows.

:class:`Server` is ``tests.unit.test_sockets.Server`` (a scripted TCP
server: 'blackhole', 'reset', 'truncate', 'ok', one behaviour per
connection, the last one repeating) with what the matrix adds:

* a script item may be ``bytes``: read the request, send them, close;
* 'drip1s': a 200 whose body comes one byte a second;
* ``tls=``: an ``ssl.SSLContext`` to speak TLS with (a self-signed
  certificate from :func:`self_signed`);
* the time each connection was accepted and was seen closed by the client,
  so that "aborted at the deadline" is measured where it happens.
"""

import datetime
import ipaddress
import json
import socket
import ssl
import time

from tests.unit import test_sockets

free_port = test_sockets.free_port


def reply(status, body, content_type='application/json', headers=()):
    """A whole HTTP/1.1 response that closes the connection."""
    if not isinstance(body, bytes):
        body = (json.dumps(body) if not isinstance(body, str)
                else body).encode()
    head = ['HTTP/1.1 %s' % status, 'Content-Type: %s' % content_type,
            'Content-Length: %d' % len(body), 'Connection: close']
    head.extend('%s: %s' % pair for pair in headers)
    return ('\r\n'.join(head) + '\r\n\r\n').encode() + body


class Server(test_sockets.Server):
    """A scripted server; see the module's docstring."""

    def __init__(self, script, port=0, tls=None):
        self.tls = tls
        #: (accepted, closed) monotonic times, one pair per connection
        self.times = []
        super().__init__(script, port=port)
        if tls is not None:
            self.endpoint = self.endpoint.replace('http://', 'https://')

    def _serve(self, conn, behaviour):
        times = [time.monotonic(), None]
        self.times.append(times)
        try:
            conn.settimeout(2)
            if self.tls is not None:
                try:
                    conn = self.tls.wrap_socket(conn, server_side=True)
                except (ssl.SSLError, OSError):
                    return  # the client refused the certificate
            if isinstance(behaviour, bytes):
                self.requests.append(test_sockets._read_request(conn))
                conn.sendall(behaviour)
            elif behaviour == 'drip1s':
                self._drip(conn)
            elif behaviour == 'blackhole':
                self._silent(conn)
            else:
                super()._serve(conn, behaviour)
                return
        except OSError:
            pass
        finally:
            if times[1] is None:
                times[1] = time.monotonic()
            conn.close()

    def _drip(self, conn):
        self.requests.append(test_sockets._read_request(conn))
        conn.sendall(b'HTTP/1.1 200 OK\r\nContent-Type: application/json'
                     b'\r\nContent-Length: 1000\r\n\r\n')
        conn.settimeout(0.05)
        while self.running():
            conn.sendall(b' ')
            for _tick in range(20):  # a second, watching for the close
                try:
                    if not conn.recv(1):
                        return
                except socket.timeout:
                    continue

    def _silent(self, conn):
        """Take the request, never answer; note when the client gives up."""
        self.requests.append(test_sockets._read_request(conn))
        conn.settimeout(0.05)
        while self.running():
            try:
                if not conn.recv(1):
                    return  # closed by the client
            except socket.timeout:
                continue

    def longest(self):
        """The longest time a connection stayed open, in seconds."""
        return max(end - start for start, end in self.times if end)


def self_signed(directory):
    """Write a self-signed certificate for 127.0.0.1; return (cert, key)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, '127.0.0.1')])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder()
            .subject_name(name).issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address('127.0.0.1'))]),
                critical=False)
            .sign(key, hashes.SHA256()))
    cert_path = directory / 'cert.pem'
    key_path = directory / 'key.pem'
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    return cert_path, key_path


def tls_context(cert_path, key_path):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(cert_path), str(key_path))
    return context


def wait_closed(server, seconds=3):
    """Wait until every connection of ``server`` was seen closed."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.times and all(end for _start, end in server.times):
            return
        time.sleep(0.05)
