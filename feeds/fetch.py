"""Getting a feed document over HTTP without trusting the server: bounded in time, bytes and hops.

httpx has no total deadline (a slow-drip body defeats the read timeout), inflates gzip with no
output bound (a 500 KiB bomb becomes 64 MiB in one chunk), and reads a redirect's body through
that same decoder. So this module follows redirects itself, streams raw bytes, inflates them
with bounded decompressors, and wraps each fetch in one deadline. Every failure comes back as
`FetchResult.error`, never as an exception.
"""

from __future__ import annotations

import asyncio
import re
import zlib
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Protocol

import httpx

from feeds.model import FeedState

try:
    import brotli

    _BROTLI = hasattr(brotli.Decompressor(), "can_accept_more_data")  # bounded output since 1.2
except ImportError:
    _BROTLI = False

MAX_BYTES = 10_000_000
DEADLINE = 60.0
MAX_REDIRECTS = 5
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)
ACCEPT_ENCODING = "gzip, deflate, br" if _BROTLI else "gzip, deflate"


def user_agent() -> str:
    """Who we are, so a CDN serves us the feed (state.gov varies content by User-Agent)."""
    try:
        ours = version("talkwatch")
    except PackageNotFoundError:
        ours = "0"
    return f"talkwatch/{ours} (+https://github.com/talkwatch)"


def make_client(*, transport: httpx.AsyncBaseTransport | None = None) -> httpx.AsyncClient:
    """The one client a run shares: explicit pool limits and a timeout for every phase.

    The pool timeout is separate and long because many feeds queue for few connections; the
    total per fetch is `fetch`'s deadline. `transport` lets a faster transport be measured.
    """
    return httpx.AsyncClient(
        limits=httpx.Limits(max_connections=32, max_keepalive_connections=16, keepalive_expiry=30.0),
        timeout=httpx.Timeout(connect=10.0, read=20.0, write=10.0, pool=30.0),
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        headers={"User-Agent": user_agent(), "Accept": ACCEPT, "Accept-Encoding": ACCEPT_ENCODING},
        transport=transport,
    )


@dataclass(frozen=True)
class FetchResult:
    """One fetch's outcome. `body` is set only on a 2xx; `error` is set on every failure."""

    url: str
    status: int | None = None
    body: bytes | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    retry_after: float | None = None
    error: str | None = None
    requests: int = 0
    wire_bytes: int = 0

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class _Failure(Exception):
    """A fetch that cannot succeed, with the message the status pane shows."""


@dataclass
class _Progress:
    """What a fetch has done so far, kept even when it fails half way."""

    url: str
    status: int | None = None
    requests: int = 0
    wire_bytes: int = 0


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    state: FeedState | None = None,
    max_bytes: int = MAX_BYTES,
    deadline: float = DEADLINE,
) -> FetchResult:
    """GET `url`, conditionally when `state` holds validators; never raises (cancellation aside)."""
    progress = _Progress(url)
    try:
        async with asyncio.timeout(deadline):
            return await _fetch(client, url, state, max_bytes, progress)
    except TimeoutError:
        error = f"no complete answer within {deadline:g} s"
    except _Failure as exc:
        error = str(exc)
    except httpx.HTTPError as exc:
        error = _describe(exc)
    except httpx.InvalidURL as exc:
        error = f"bad URL: {exc}"
    except Exception as exc:  # one broken feed must never stop the others
        error = f"unexpected {type(exc).__name__}: {exc}"
    return FetchResult(
        url=progress.url,
        status=progress.status,
        error=error,
        requests=progress.requests,
        wire_bytes=progress.wire_bytes,
    )


async def _fetch(
    client: httpx.AsyncClient, url: str, state: FeedState | None, max_bytes: int, progress: _Progress
) -> FetchResult:
    headers = {}
    if state is not None and state.etag:
        headers["If-None-Match"] = state.etag
    if state is not None and state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    request = client.build_request("GET", url, headers=headers)
    seen = {str(request.url)}
    for _ in range(client.max_redirects + 1):
        progress.requests += 1
        progress.url = str(request.url)
        response = await client.send(request, stream=True, follow_redirects=False)
        try:
            if response.next_request is None:
                return await _read(response, max_bytes, progress)
            request = response.next_request
        finally:
            await response.aclose()  # a redirect's body is never read: it could be a bomb too
        if str(request.url) in seen:
            raise _Failure(f"redirect loop at {request.url}")
        seen.add(str(request.url))
    raise _Failure(f"more than {client.max_redirects} redirects")


async def _read(response: httpx.Response, max_bytes: int, progress: _Progress) -> FetchResult:
    status = progress.status = response.status_code
    head = response.headers
    result = FetchResult(
        url=progress.url,
        status=status,
        etag=_validator(head.get("etag")),
        last_modified=_validator(head.get("last-modified")),
        content_type=head.get("content-type"),
        requests=progress.requests,
    )
    if status == 304:
        # Read to its end (a 304 has no body, h11 knows: this ends at once without a read), so
        # httpcore keeps the connection for the next feed instead of dropping it (see DRAIN_BYTES).
        try:
            async for _ in response.aiter_raw():
                pass
        except httpx.HTTPError:
            pass  # the answer stands; the connection is dropped, as before
        return result
    if not 200 <= status < 300:
        await _drain(response, progress)
        retry = parse_retry_after(head.get("retry-after"), _server_now(head)) if status in (429, 503) else None
        return replace(result, retry_after=retry, error=f"HTTP {status} {response.reason_phrase}".rstrip(),
                       wire_bytes=progress.wire_bytes)
    declared = head.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise _Failure(f"body of {int(declared):,} bytes is over the {max_bytes:,} byte limit")
    decoders = [_decoder(token, max_bytes) for token in reversed(_encodings(head))]
    parts = []
    async for raw in response.aiter_raw():
        progress.wire_bytes += len(raw)
        if progress.wire_bytes > max_bytes:
            raise _Failure(f"body is over the {max_bytes:,} byte limit")
        for decoder in decoders:
            raw = decoder.decode(raw)
        parts.append(raw)
    for decoder in decoders:
        decoder.finish()
    return replace(result, body=b"".join(parts), wire_bytes=progress.wire_bytes)


DRAIN_BYTES = 64 * 1024
"""How much of a body we do not want (an error page's) is read just to keep the connection.

httpcore puts a connection back in the pool only when its response was read to the end; closing
it half read drops the connection: every 304 of a warm cycle cost a new TCP connection (and on
https a new TLS handshake) until 304s were read to their (empty) end. An error page is small;
anything bigger is not worth reading and is dropped with its connection.
"""

DRAIN_SECONDS = 1.0
"""And for how long at most: a slow error body must not turn "HTTP 503" into a timeout."""


async def _drain(response: httpx.Response, progress: _Progress) -> None:
    """Read an unwanted body as raw bytes (never inflated: no bomb) so the connection can be reused.

    Best effort: when the body is too big, too slow or broken, `aclose()` drops the connection
    as it always did, and the answer (its status) stands.
    """
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > DRAIN_BYTES:
        return
    try:
        async with asyncio.timeout(DRAIN_SECONDS):
            async for raw in response.aiter_raw():
                progress.wire_bytes += len(raw)
                if progress.wire_bytes > DRAIN_BYTES:
                    return
    except (TimeoutError, httpx.HTTPError):
        pass


_VALIDATOR = re.compile(r"[\x20-\x7e]{1,1024}")


def _validator(value: str | None) -> str | None:
    """An ETag or Last-Modified worth sending back: printable ASCII only. One with other bytes
    (httpx reads headers as Latin-1) could not be sent in the next request, and keeping it
    would fail every later poll of the feed; the body hash still spares the parse."""
    return value if value is not None and _VALIDATOR.fullmatch(value) else None


def _encodings(head: httpx.Headers) -> list[str]:
    tokens = (t.strip().lower() for t in head.get_list("content-encoding", split_commas=True))
    return [t for t in tokens if t and t != "identity"]


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Retry-After as seconds from `now`: delta-seconds or an HTTP date; None when absent or garbled."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - now).total_seconds())


def _server_now(head: httpx.Headers) -> datetime:
    """The server's own clock (its Date header), so an HTTP-date Retry-After survives clock skew."""
    try:
        now = parsedate_to_datetime(head.get("date", ""))
    except (TypeError, ValueError, IndexError):
        return datetime.now(timezone.utc)
    return now if now.tzinfo else now.replace(tzinfo=timezone.utc)


class _Decoder(Protocol):
    def decode(self, data: bytes) -> bytes: ...

    def finish(self) -> None: ...


class _Bounded:
    """Counts a stage's output and refuses to produce more than `limit` bytes in total."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.total = 0

    def room(self) -> int:
        """How much output the next call may produce: one byte over the limit proves it is exceeded."""
        return self.limit - self.total + 1

    def count(self, out: bytes) -> bytes:
        self.total += len(out)
        if self.total > self.limit:
            raise _Failure(f"body inflates past the {self.limit:,} byte limit")
        return out


class _Inflate(_Bounded):
    """gzip or deflate through zlib with `max_length`, so a bomb inflates no further than the limit."""

    def __init__(self, limit: int, *, deflate: bool) -> None:
        super().__init__(limit)
        # gzip: header auto-detected (gzip or zlib). deflate: zlib-wrapped per the RFC, but many
        # servers send raw deflate, so the first failure retries the same bytes as raw.
        self._raw_fallback = deflate
        self._d = zlib.decompressobj(zlib.MAX_WBITS if deflate else zlib.MAX_WBITS | 32)

    def decode(self, data: bytes) -> bytes:
        try:
            try:
                out = self._d.decompress(data, self.room())
            except zlib.error:
                if not self._raw_fallback:
                    raise
                self._d = zlib.decompressobj(-zlib.MAX_WBITS)
                out = self._d.decompress(data, self.room())
        except zlib.error as exc:
            raise _Failure(f"bad compressed body: {exc}") from None
        self._raw_fallback = False
        return self.count(out)

    def finish(self) -> None:
        if not self._d.eof:
            raise _Failure("compressed body ends early (truncated)")


class _Brotli(_Bounded):
    """br with `output_buffer_limit`: output is drained in bounded steps until input is taken."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self._d = brotli.Decompressor()

    def decode(self, data: bytes) -> bytes:
        try:
            parts = [self.count(self._d.process(data, output_buffer_limit=self.room()))]
            while not self._d.can_accept_more_data():
                parts.append(self.count(self._d.process(b"", output_buffer_limit=self.room())))
        except brotli.error as exc:
            raise _Failure(f"bad compressed body: {exc}") from None
        return b"".join(parts)

    def finish(self) -> None:
        if not self._d.is_finished():
            raise _Failure("compressed body ends early (truncated)")


def _decoder(token: str, limit: int) -> _Decoder:
    if token in ("gzip", "x-gzip"):
        return _Inflate(limit, deflate=False)
    if token == "deflate":
        return _Inflate(limit, deflate=True)
    if token == "br" and _BROTLI:
        return _Brotli(limit)
    raise _Failure(f"unsupported Content-Encoding {token!r}")


def _describe(exc: httpx.HTTPError) -> str:
    """The status pane's words for a transport failure."""
    detail = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.PoolTimeout):
        return "no free connection in time (pool timeout)"
    if isinstance(exc, httpx.ConnectTimeout):
        return "connect timeout"
    if isinstance(exc, httpx.TimeoutException):
        return f"{type(exc).__name__.removesuffix('Timeout').lower()} timeout"
    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect: {detail}"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"connection broken: {detail}"
    if isinstance(exc, (httpx.ReadError, httpx.WriteError)):  # a reset says nothing more than its class
        return f"connection broken: {str(exc) or 'reset by the server'}"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return f"bad URL: {detail}"
    return f"{type(exc).__name__}: {detail}"
