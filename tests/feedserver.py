"""A real HTTP server on 127.0.0.1 for tests: feeds that behave like the web's best and worst.

Routes live in a dict that tests change while the server runs. It speaks HTTP/1.1 with
keep-alive, answers conditional GETs with 304, and can gzip, drip, stall, truncate, reset,
redirect, refuse with Retry-After, send a decompression bomb, send no length or no
Content-Type, or answer with bytes that are not HTTP at all. It counts the requests per path
and keeps every request's headers so tests can see what the client really sent.

Every fault is bounded: a stall or a drip ends when the client hangs up or the server stops,
and no body is bigger than the bytes a test handed it.
"""

from __future__ import annotations

import hashlib
import socket
import struct
import sys
import threading
import zlib
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import brotli

LAST_MODIFIED = "Tue, 29 Mar 2022 10:00:00 GMT"


@dataclass
class Route:
    """How one path answers. Validators (ETag, Last-Modified) are on unless `validators=False`."""

    body: bytes = b""
    status: int = 200
    content_type: str | None = "application/rss+xml; charset=utf-8"
    """None sends no Content-Type header at all."""
    headers: dict[str, str] = field(default_factory=dict)
    validators: bool = True
    gzip: bool = False
    drip: float = 0.0
    """Seconds between bytes: a body that never quite ends."""
    truncate: int | None = None
    """Send only this many bytes of the body while declaring all of it, then hang up."""
    stall: float = 0.0
    """Seconds to wait before answering at all: a server that accepts and then says nothing."""
    reset: bool = False
    """Read the request, then reset the connection (TCP RST) without a word."""
    raw: bytes | None = None
    """Send these bytes as the whole answer (not necessarily HTTP), then hang up."""
    length: bool = True
    """False sends no Content-Length: the body ends when the connection closes."""


class FeedServer:
    """Use as `with FeedServer() as server:`; `server.url("/x")` is where route "/x" answers."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._stopping = threading.Event()
        self._http = _QuietServer(("127.0.0.1", 0), _Handler)
        self._http.daemon_threads = True
        self._http.block_on_close = False
        self._http.feeds = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(
            target=self._http.serve_forever, kwargs={"poll_interval": 0.02}, name="feedserver", daemon=True
        )

    def __enter__(self) -> FeedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stopping.set()
        self._http.shutdown()
        self._http.server_close()

    @property
    def port(self) -> int:
        return self._http.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def add(self, path: str, body: bytes = b"", **route: object) -> str:
        """Serve `body` at `path` (see `Route` for the behaviours) and return its URL."""
        self.routes[path] = Route(body=body, **route)  # type: ignore[arg-type]
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 302, body: bytes = b"", **headers: str) -> str:
        """A redirect from `path` to `to` (a path or a URL), optionally with a body of its own."""
        location = to if "://" in to else self.url(to)
        return self.add(
            path, body, status=status, validators=False, headers={"Location": location, **headers}
        )

    def headers_of(self, path: str) -> list[dict[str, str]]:
        """The headers of every request made for `path`, oldest first, names lower-cased."""
        return [h for p, h in self.requests if p == path]


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A client hanging up mid-request is what half these tests do; anything else is a bug."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Tests read outcomes, not access logs."""

    def do_GET(self) -> None:
        feeds: FeedServer = self.server.feeds  # type: ignore[attr-defined]
        path = self.path
        feeds.hits[path] += 1
        feeds.requests.append((path, {k.lower(): v for k, v in self.headers.items()}))
        route = feeds.routes.get(path)
        if route is None:
            return self._answer(404, b"not found", {"Content-Type": "text/plain"})
        if route.stall and feeds._stopping.wait(route.stall):
            return self._hang_up()
        if route.reset:
            return self._hang_up(reset=True)
        if route.raw is not None:
            self._write(route.raw)
            return self._hang_up()
        headers = {"Content-Type": route.content_type} if route.content_type is not None else {}
        headers.update(route.headers)
        if route.validators and route.status == 200:
            headers["ETag"] = '"' + hashlib.sha256(route.body).hexdigest()[:16] + '"'
            headers["Last-Modified"] = LAST_MODIFIED
            match = self.headers.get("If-None-Match")
            since = self.headers.get("If-Modified-Since")
            if match == headers["ETag"] or (match is None and since == LAST_MODIFIED):
                return self._answer(304, b"", {"ETag": headers["ETag"], "Last-Modified": LAST_MODIFIED})
        body = route.body
        if route.gzip:
            body = gzip_bytes(body)
            headers["Content-Encoding"] = "gzip"
        self._answer(route.status, body, headers, route, feeds._stopping)

    def _answer(
        self,
        status: int,
        body: bytes,
        headers: dict[str, str],
        route: Route | None = None,
        stopping: threading.Event | None = None,
    ) -> None:
        self.send_response_only(status)
        if "Date" not in headers:  # a route may set the server's clock, for Retry-After dates
            self.send_header("Date", self.date_time_string())
        for name, value in headers.items():
            self.send_header(name, value)
        if status != 304 and (route is None or route.length):
            self.send_header("Content-Length", str(len(body)))
        if route is not None and not route.length:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        try:
            if route is not None and route.truncate is not None:
                self.wfile.write(body[: route.truncate])
                self.close_connection = True
            elif route is not None and route.drip and stopping is not None:
                for i in range(len(body)):
                    if stopping.wait(route.drip):
                        break
                    self.wfile.write(body[i : i + 1])
                    self.wfile.flush()
                self.close_connection = True
            elif status != 304:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up, as it should have

    def _write(self, data: bytes) -> None:
        try:
            self.wfile.write(data)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _hang_up(self, *, reset: bool = False) -> None:
        """End the connection now; with `reset`, abortively (RST), as a crashing peer or middlebox does."""
        self.close_connection = True
        if reset:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()


def gzip_bytes(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    return packer.compress(data) + packer.flush()


def gzip_bomb(size: int) -> bytes:
    """`size` zero bytes gzipped, built a MiB at a time so the test process never holds them."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    zeros = bytes(1 << 20)
    parts = [packer.compress(zeros) for _ in range(size >> 20)]
    return b"".join(parts) + packer.flush()


def brotli_bomb(size: int) -> bytes:
    """`size` zero bytes as brotli, built a MiB at a time."""
    packer = brotli.Compressor(quality=5)  # 64 MiB -> ~100 bytes in 0.1 s; quality 11 takes seconds
    zeros = bytes(1 << 20)
    parts = [packer.process(zeros) for _ in range(size >> 20)]
    return b"".join(parts) + packer.finish()
