"""TLS on loopback for the end-to-end tests: a self-signed certificate for 127.0.0.1 (from the
openssl command, which tools/install-deps.sh installs) and a proxy that accepts TLS and relays
the plain bytes to a `scimcheck serve` port."""
import select
import socket
import ssl
import subprocess
import threading

from common import check, finish


def self_signed_certificate(work):
    """(cert, key) paths in `work`, for CN and subjectAltName 127.0.0.1; ends the test when
    openssl cannot make them."""
    cert, key = work / "cert.pem", work / "key.pem"
    made = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                           "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                           "-keyout", str(key), "-out", str(cert)], capture_output=True, text=True)
    if not check(made.returncode == 0, f"openssl could not make a certificate: {made.stderr[-500:]}"):
        finish()
    return cert, key


def server_context(cert, key, lowest=None, highest=None, ciphers=None):
    """A server-side SSLContext with `cert`, optionally limited to versions and ciphers."""
    c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    if lowest:
        c.minimum_version = lowest
    if highest:
        c.maximum_version = highest
    if ciphers:
        c.set_ciphers(ciphers)
    c.load_cert_chain(str(cert), str(key))
    return c


def relay(tls, upstream):
    """Copies bytes both ways between a TLS connection and a plain one until either side ends
    or 30 s pass with nothing to copy, then closes both. One thread does both directions: an
    SSL socket read and written from two threads at once can lose bytes."""
    try:
        while True:
            ready = [tls] if tls.pending() else select.select([tls, upstream], [], [], 30)[0]
            if not ready:
                return
            for src in ready:
                dst = upstream if src is tls else tls
                try:
                    data = src.recv(65536)
                except ssl.SSLWantReadError:
                    continue
                if not data:
                    return
                dst.sendall(data)
    except OSError:
        pass
    finally:
        for s in (tls, upstream):
            try:
                s.close()
            except OSError:
                pass


class TlsProxy:
    """Accepts TLS on a free loopback port with `context` and relays the plain bytes to
    `target_port`. A handshake the context refuses (or the client gives up) closes that
    connection only."""

    def __init__(self, context, target_port):
        self.context = context
        self.target_port = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self.serve, args=(conn,), daemon=True).start()

    def serve(self, conn):
        conn.settimeout(30)
        try:
            tls = self.context.wrap_socket(conn, server_side=True)
        except (ssl.SSLError, OSError):
            conn.close()
            return
        try:
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
        except OSError:
            tls.close()
            return

        relay(tls, upstream)

    def close(self):
        self.listener.close()
