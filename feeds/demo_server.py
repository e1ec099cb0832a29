"""The demo's feed server: a scenario's outlets served as real feeds on 127.0.0.1, on a fast clock.

`talkwatch demo` points the ordinary poller at this server, so the demo goes through the same
HTTP, parsing and engine code as live use and needs no network. An item is out once
`elapsed seconds * speed >= its offset`. Each outlet is one feed: /feeds/<outlet-id>.xml for
RSS 2.0 and Atom, /feeds/<outlet-id>.json for JSON Feed 1.1. Every response carries an ETag and
a Last-Modified, and a conditional GET gets 304 until something new is out.
"""

from __future__ import annotations

import hashlib
import html
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from email.message import Message
from email.utils import format_datetime, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from config.scenarios import Outlet, Scenario, ScenarioItem, load_scenario
from config.schema import Config, Feed

DEFAULT_SPEED = 1.0
"""Replay seconds per real second. The bundled scenario is paced for 1: about four minutes."""

POLL_INTERVAL = 2
# `talkwatch demo` asks for this port first so a store reused with --db sees the same feed URLs.
DEMO_PORT = 47153
"""Seconds between polls of a demo feed: short, so items show up soon after they are out."""

HOST = "127.0.0.1"

_ATOM_NS = "http://www.w3.org/2005/Atom"
_JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
_SUFFIX = {"rss": "xml", "atom": "xml", "json": "json"}
_CONTENT_TYPE = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
}


@dataclass(frozen=True)
class _Document:
    """One outlet's feed as it stands at the moment of a request."""

    body: bytes
    content_type: str
    etag: str
    last_modified: datetime | None


class DemoServer:
    """Serves a scenario's outlets as feeds on 127.0.0.1, revealing items as the replay clock runs.

    The clock is injectable (any `() -> float` in seconds, `time.monotonic` by default) so
    tests can step through a replay without sleeping. Use it as a context manager, or call
    `start()` and `stop()`.
    """

    def __init__(
        self,
        scenario: Scenario | None = None,
        *,
        speed: float = DEFAULT_SPEED,
        clock: Callable[[], float] = time.monotonic,
        port: int = 0,
        interval: int = POLL_INTERVAL,
    ) -> None:
        if not speed > 0:
            raise ValueError(f"speed must be positive, not {speed!r}")
        self.scenario = scenario if scenario is not None else load_scenario()
        self.speed = speed
        self._clock = clock
        self._port = port
        self._interval = interval
        self._outlets = {f"/feeds/{o.id}.{_SUFFIX[o.format]}": o for o in self.scenario.outlets}
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._started_at = 0.0

    def start(self) -> DemoServer:
        """Bind a port, start serving in a background thread, and start the replay clock."""
        if self._httpd is not None:
            raise RuntimeError("the demo feed server is already running")
        try:
            self._httpd = _HTTPServer((HOST, self._port), _Handler, self)
        except OSError:
            if not self._port:
                raise
            # The preferred port is taken (another demo?): any port will do, at the price of
            # item ids that differ from a previous run's (they hash the feed URL).
            self._httpd = _HTTPServer((HOST, 0), _Handler, self)
        self._started_at = self._clock()
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},  # how soon stop() is noticed
            name="talkwatch-demo-feeds",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port. Does nothing if the server is not running."""
        if self._httpd is None or self._thread is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()
        self._httpd = self._thread = None

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """Where the server listens, such as http://127.0.0.1:43127."""
        if self._httpd is None:
            raise RuntimeError("the demo feed server is not running: call start() first")
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def feeds(self) -> tuple[Feed, ...]:
        """One feed per outlet, pointing at this server and polled every few seconds."""
        base = self.base_url
        return tuple(
            Feed(url=base + path, name=outlet.name, interval=self._interval)
            for path, outlet in self._outlets.items()
        )

    @property
    def duration(self) -> float:
        """Real seconds from start() until the last item is out."""
        return self.scenario.duration / self.speed

    def _document(self, path: str) -> _Document | None:
        """The feed at `path` as of now, or None if there is no such feed."""
        outlet = self._outlets.get(path)
        if outlet is None:
            return None
        reached = (self._clock() - self._started_at) * self.speed
        out = [item for item in self.scenario.items_of(outlet.id) if item.offset <= reached]
        out.sort(key=lambda item: item.published, reverse=True)
        # Items of one outlet are published in replay order (the scenario loader checks it),
        # so the newest date grows exactly when an item comes out: a sound Last-Modified.
        last_modified = out[0].published if out else None
        self_url = self.base_url + path
        if outlet.format == "rss":
            body = _rss(outlet, out, last_modified)
        elif outlet.format == "atom":
            body = _atom(outlet, out, last_modified or self.scenario.items[0].published, self_url)
        else:
            body = _json_feed(outlet, out, self_url)
        etag = '"' + hashlib.sha256(body).hexdigest()[:24] + '"'
        return _Document(body, _CONTENT_TYPE[outlet.format], etag, last_modified)


def demo_config(base: Config, server: DemoServer) -> Config:
    """`base` with its feeds replaced by the demo server's: parties, issues and alerts still apply."""
    return replace(base, feeds=server.feeds)


class _HTTPServer(ThreadingHTTPServer):
    """A threading HTTP server that knows which replay it serves."""

    def __init__(
        self,
        address: tuple[str, int],
        handler: type[BaseHTTPRequestHandler],
        replay: DemoServer,
    ) -> None:
        self.replay = replay
        super().__init__(address, handler)

    def handle_error(self, request: object, client_address: object) -> None:
        """Stay quiet: a client hanging up must not print a traceback over the dashboard."""


class _Handler(BaseHTTPRequestHandler):
    """GET only: a feed, a 304, or a 404."""

    server: _HTTPServer
    protocol_version = "HTTP/1.1"  # keep-alive, as a poller's connection pool expects
    timeout = 30  # drop idle keep-alive connections instead of holding a thread forever
    # Headers and body go out in two writes; with Nagle on, a keep-alive client waits ~40 ms
    # for the delayed ACK on every 200.
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        document = self.server.replay._document(urlsplit(self.path).path)
        if document is None:
            self._send(HTTPStatus.NOT_FOUND, {"Content-Type": "text/plain; charset=utf-8"}, b"no such feed\n")
            return
        headers = {"ETag": document.etag, "Cache-Control": "no-cache"}
        if document.last_modified is not None:
            headers["Last-Modified"] = format_datetime(document.last_modified, usegmt=True)
        if _not_modified(self.headers, document):
            self._send(HTTPStatus.NOT_MODIFIED, headers, b"")
            return
        headers["Content-Type"] = document.content_type
        self._send(HTTPStatus.OK, headers, document.body)

    def _send(self, status: HTTPStatus, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if status is not HTTPStatus.NOT_MODIFIED:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Log nothing: the demo runs under a full-screen dashboard that stray stderr lines would garble."""


def _not_modified(request: Message, document: _Document) -> bool:
    """RFC 9110: If-None-Match decides when present; otherwise If-Modified-Since."""
    if_none_match = request.get("If-None-Match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or document.etag in tags
    if_modified_since = request.get("If-Modified-Since")
    if if_modified_since is None or document.last_modified is None:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=timezone.utc)
    return since >= document.last_modified


def _home(outlet: Outlet) -> str:
    return f"https://example.org/{outlet.id}/"


def _rfc3339(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _child(parent: ET.Element, tag: str, text: str, **attributes: str) -> None:
    """Append an element; ElementTree escapes the text and attributes, so any title is safe."""
    ET.SubElement(parent, tag, attributes).text = text


def _rss(outlet: Outlet, items: list[ScenarioItem], updated: datetime | None) -> bytes:
    rss = ET.Element("rss", version="2.0")
    channel = ET.SubElement(rss, "channel")
    _child(channel, "title", outlet.name)
    _child(channel, "link", _home(outlet))
    _child(channel, "description", outlet.description or outlet.name)
    _child(channel, "language", "en")
    if updated is not None:
        _child(channel, "lastBuildDate", format_datetime(updated, usegmt=True))
    for item in items:
        entry = ET.SubElement(channel, "item")
        _child(entry, "title", item.title)
        if item.link:
            _child(entry, "link", item.link)
        if item.summary:
            # RSS defines the description as HTML, so plain text is HTML-escaped before
            # ElementTree escapes it again as XML; titles are plain text in practice.
            _child(entry, "description", html.escape(item.summary, quote=False))
        _child(entry, "pubDate", format_datetime(item.published, usegmt=True))
        _child(entry, "guid", item.id, isPermaLink="false")
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True)


def _atom(outlet: Outlet, items: list[ScenarioItem], updated: datetime, self_url: str) -> bytes:
    # A literal xmlns attribute puts every element in the Atom namespace without registering
    # a prefix in ElementTree's process-wide table.
    feed = ET.Element("feed", xmlns=_ATOM_NS)
    _child(feed, "id", _atom_id(outlet.id))
    _child(feed, "title", outlet.name)
    _child(feed, "subtitle", outlet.description or outlet.name)
    _child(feed, "updated", _rfc3339(updated))
    ET.SubElement(feed, "link", rel="self", href=self_url)
    ET.SubElement(feed, "link", rel="alternate", href=_home(outlet))
    _child(ET.SubElement(feed, "author"), "name", outlet.name)
    for item in items:
        entry = ET.SubElement(feed, "entry")
        _child(entry, "id", _atom_id(item.id))
        _child(entry, "title", item.title)
        _child(entry, "published", _rfc3339(item.published))
        _child(entry, "updated", _rfc3339(item.published))
        if item.link:
            ET.SubElement(entry, "link", rel="alternate", href=item.link)
        if item.summary:
            _child(entry, "summary", item.summary)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _atom_id(key: str) -> str:
    """Atom ids must be IRIs: a tag URI that ends with the scenario's own id."""
    return f"tag:example.org,2022:{key}"


def _json_feed(outlet: Outlet, items: list[ScenarioItem], self_url: str) -> bytes:
    feed = {
        "version": _JSON_FEED_VERSION,
        "title": outlet.name,
        "home_page_url": _home(outlet),
        "feed_url": self_url,
        "description": outlet.description or outlet.name,
        "language": "en",
        "authors": [{"name": outlet.name}],
        "items": [
            {
                "id": item.id,
                **({"url": item.link} if item.link else {}),
                "title": item.title,
                "summary": item.summary,
                "content_text": item.summary,
                "date_published": _rfc3339(item.published),
            }
            for item in items
        ],
    }
    return json.dumps(feed, ensure_ascii=False, indent=1).encode("utf-8")
