"""A real HTTP server on the loopback, answering as the web sites links point to do
(no mock of the network)."""

import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class Site(BaseHTTPRequestHandler):
    hits: Counter  # (method, path) → requests, per server

    def _answer(self, with_body: bool) -> None:
        self.hits[(self.command, self.path)] += 1
        path = self.path
        if path == "/lent":
            time.sleep(self.server.slow_for)
        if path == "/goutte":
            return self._drip()
        if path == "/sans-head" and self.command == "HEAD":
            return self._send(405, with_body=False)
        if path == "/boucle-a":
            return self._send(302, location="/boucle-b")
        if path == "/boucle-b":
            return self._send(302, location="/boucle-a")
        if path == "/deplace":
            return self._send(301, location="/ok")
        if path.startswith("/loin-"):
            step = int(path.removeprefix("/loin-"))
            return self._send(302, location=f"/loin-{step + 1}")
        if path in ("/ok", "/sans-head", "/lent", "/gros"):
            return self._send(200, with_body=with_body, size=10_000_000 if path == "/gros" else 10)
        return self._send(404, with_body=with_body)

    def _send(self, status: int, *, with_body: bool = False, location: str = "", size: int = 10):
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", str(size if with_body else 0))
        self.end_headers()
        if with_body:
            try:
                for _ in range(size // 10_000 or 1):
                    self.wfile.write(b"x" * min(size, 10_000))
            except OSError:
                pass  # the checker hung up once it had read enough

    def _drip(self) -> None:
        """An answer that never ends, one header a tenth of a second (up to 5 s)."""
        try:
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            for number in range(50):
                time.sleep(0.1)
                self.wfile.write(b"X-%d: goutte\r\n" % number)
            self.wfile.write(b"Content-Length: 0\r\n\r\n")
        except OSError:
            pass  # the checker gave up

    def do_HEAD(self):
        self._answer(with_body=False)

    def do_GET(self):
        self._answer(with_body=True)

    def log_message(self, *args):
        pass


@pytest.fixture
def site(settings):
    """(base address, hits) of a loopback site; private addresses allowed, as only
    tests do."""
    settings.LINK_CHECK_ALLOW_PRIVATE = True
    settings.LINK_CHECK_HOST_DELAY = 0
    handler = type("Handler", (Site,), {"hits": Counter()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.block_on_close = False
    server.slow_for = 0
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.base = f"http://127.0.0.1:{server.server_address[1]}"
    server.hits = handler.hits
    yield server
    server.shutdown()
    server.server_close()
