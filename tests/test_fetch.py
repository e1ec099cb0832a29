"""fetch against a real server on 127.0.0.1: conditional GETs, encodings, and every way a server can misbehave."""

from __future__ import annotations

import asyncio
import gzip
import socket
import time
import tracemalloc
import zlib
from collections.abc import AsyncIterator
from datetime import datetime, timezone

import brotli
import httpx
import pytest

from feeds.fetch import FetchResult, fetch, make_client, parse_retry_after
from feeds.model import FeedState
from tests.feedserver import brotli_bomb, gzip_bomb

FEED = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
    + b"<item><title>x</title></item>" * 200
    + b"</channel></rss>"
)


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with make_client() as shared:
        yield shared


async def test_a_plain_get_returns_the_body_and_its_validators(feed_server, client):
    url = feed_server.add("/rss", FEED)
    result = await fetch(client, url)
    assert (result.status, result.body, result.error) == (200, FEED, None)
    assert result.etag and result.last_modified and result.content_type.startswith("application/rss+xml")
    assert (result.url, result.requests, result.wire_bytes) == (url, 1, len(FEED))
    sent = feed_server.headers_of("/rss")[0]
    assert sent["user-agent"].startswith("talkwatch/") and "+https://github.com/talkwatch" in sent["user-agent"]
    assert "gzip" in sent["accept-encoding"]


async def test_saved_validators_make_the_next_get_conditional(feed_server, client):
    url = feed_server.add("/rss", FEED)
    first = await fetch(client, url)
    state = FeedState(url=url, etag=first.etag, last_modified=first.last_modified)
    second = await fetch(client, url, state)
    assert second.not_modified and second.body is None and second.error is None
    sent = feed_server.headers_of("/rss")[1]
    assert sent["if-none-match"] == first.etag and sent["if-modified-since"] == first.last_modified


async def test_last_modified_alone_is_enough_for_a_304(feed_server, client):
    url = feed_server.add("/rss", FEED)
    first = await fetch(client, url)
    second = await fetch(client, url, FeedState(url=url, last_modified=first.last_modified))
    assert second.not_modified


@pytest.mark.parametrize(
    ("encoding", "packed"),
    [
        ("gzip", gzip.compress(FEED)),
        ("deflate", zlib.compress(FEED)),
        ("deflate", zlib.compress(FEED)[2:-4]),  # raw deflate, as many servers send it
        ("br", brotli.compress(FEED)),
        ("gzip, br", brotli.compress(gzip.compress(FEED))),
    ],
    ids=["gzip", "deflate-zlib", "deflate-raw", "br", "gzip-then-br"],
)
async def test_compressed_bodies_are_inflated(feed_server, client, encoding, packed):
    url = feed_server.add("/rss", packed, headers={"Content-Encoding": encoding})
    result = await fetch(client, url)
    assert result.error is None and result.body == FEED
    assert result.wire_bytes == len(packed) < len(FEED)


@pytest.mark.parametrize("bomb", [gzip_bomb, brotli_bomb], ids=["gzip", "br"])
async def test_a_decompression_bomb_is_refused_without_inflating_it(feed_server, client, bomb):
    body = bomb(64 << 20)  # 64 MiB of zeros in at most 64 KiB
    encoding = "gzip" if bomb is gzip_bomb else "br"
    url = feed_server.add("/bomb", body, headers={"Content-Encoding": encoding})
    tracemalloc.start()
    try:
        result = await fetch(client, url, max_bytes=1_000_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.body is None and "1,000,000 byte limit" in result.error
    assert peak < 8_000_000, f"peak {peak:,} bytes while refusing a bomb"


async def test_a_bomb_in_a_redirect_body_is_never_read(feed_server, client):
    feed_server.add("/rss", FEED)
    url = feed_server.redirect("/moved", "/rss", body=gzip_bomb(64 << 20), **{"Content-Encoding": "gzip"})
    tracemalloc.start()
    try:
        result = await fetch(client, url, max_bytes=1_000_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.body == FEED and result.requests == 2
    assert peak < 8_000_000


async def test_a_declared_length_over_the_cap_is_refused_before_reading(feed_server, client):
    url = feed_server.add("/big", b"x" * 2_000_000)
    result = await fetch(client, url, max_bytes=1_000_000)
    assert result.body is None and "2,000,000 bytes" in result.error and result.wire_bytes == 0
    assert result.status == 200


async def test_a_body_cut_short_is_an_error(feed_server, client):
    url = feed_server.add("/cut", FEED, truncate=100)
    result = await fetch(client, url)
    assert result.body is None and result.error.startswith("connection broken")


async def test_a_gzip_stream_cut_short_is_an_error(feed_server, client):
    url = feed_server.add("/cut.gz", gzip.compress(FEED)[:60], headers={"Content-Encoding": "gzip"})
    result = await fetch(client, url)
    assert result.body is None and "truncated" in result.error


async def test_garbage_claiming_to_be_gzip_is_an_error(feed_server, client):
    url = feed_server.add("/junk", b"this is not gzip at all", headers={"Content-Encoding": "gzip"})
    assert "bad compressed body" in (await fetch(client, url)).error


async def test_an_encoding_we_did_not_offer_is_an_error(feed_server, client):
    url = feed_server.add("/zstd", b"\x28\xb5\x2f\xfd", headers={"Content-Encoding": "zstd"})
    assert "unsupported Content-Encoding 'zstd'" in (await fetch(client, url)).error


async def test_a_slow_drip_body_hits_the_total_deadline(feed_server, client):
    url = feed_server.add("/drip", FEED, drip=0.05)  # a byte every 50 ms never trips the read timeout
    started = time.monotonic()
    result = await fetch(client, url, deadline=0.5)
    assert result.error == "no complete answer within 0.5 s" and result.body is None
    assert time.monotonic() - started < 2.0


async def test_429_carries_retry_after_in_seconds(feed_server, client):
    url = feed_server.add("/busy", b"slow down", status=429, headers={"Retry-After": "120"})
    result = await fetch(client, url)
    assert (result.status, result.retry_after, result.body) == (429, 120.0, None)
    assert result.error == "HTTP 429 Too Many Requests"


async def test_503_retry_after_as_an_http_date_is_read_against_the_servers_clock(feed_server, client):
    headers = {"Retry-After": "Tue, 29 Mar 2022 10:05:00 GMT", "Date": "Tue, 29 Mar 2022 10:00:00 GMT"}
    url = feed_server.add("/down", b"", status=503, headers=headers)
    result = await fetch(client, url)
    assert result.status == 503 and result.retry_after == 300.0


async def test_a_404_is_an_error_with_its_status(feed_server, client):
    result = await fetch(client, feed_server.url("/nothing-here"))
    assert (result.status, result.error, result.body, result.retry_after) == (404, "HTTP 404 Not Found", None, None)


def connections(server) -> list[int]:
    """Count the TCP connections the test server accepts from now on (one element per connection)."""
    http = server._http
    accept, accepted = http.get_request, []

    def counted():
        connection = accept()
        accepted.append(1)
        return connection

    http.get_request = counted
    return accepted


async def test_304s_keep_the_connection_alive_for_the_next_request(feed_server, client):
    url = feed_server.add("/rss", FEED)
    other = feed_server.add("/other", FEED)
    opened = connections(feed_server)
    first = await fetch(client, url)
    state = FeedState(url=url, etag=first.etag, last_modified=first.last_modified)
    for _ in range(5):
        result = await fetch(client, url, state)
        assert result.not_modified and result.error is None and result.body is None
    assert (await fetch(client, other)).body == FEED
    assert len(opened) == 1, "a 304 (empty body) must not cost a new connection"


async def test_a_small_error_page_is_read_so_the_connection_is_kept(feed_server, client):
    feed_server.add("/gone", b"gone for good", status=410, content_type="text/plain")
    url = feed_server.add("/rss", FEED)
    opened = connections(feed_server)
    for _ in range(3):
        result = await fetch(client, feed_server.url("/gone"))
        assert (result.status, result.error, result.body) == (410, "HTTP 410 Gone", None)
    assert (await fetch(client, url)).body == FEED
    assert len(opened) == 1


async def test_a_slow_error_body_still_reports_the_status_not_a_timeout(feed_server, client):
    url = feed_server.add("/busy", b"x" * 200, status=503, drip=0.05)
    result = await fetch(client, url, deadline=30)
    assert (result.status, result.error) == (503, "HTTP 503 Service Unavailable")


async def test_redirects_are_followed_to_the_final_url(feed_server, client):
    final = feed_server.add("/final", FEED)
    feed_server.redirect("/b", "/final", status=301)
    url = feed_server.redirect("/a", "/b", status=308)
    result = await fetch(client, url)
    assert (result.body, result.url, result.requests) == (FEED, final, 3)


async def test_a_redirect_to_a_local_file_is_not_followed(feed_server, client):
    result = await fetch(client, feed_server.redirect("/sneaky", "file:///etc/passwd"))
    assert result.body is None and result.error.startswith("bad URL")


async def test_a_redirect_loop_is_named(feed_server, client):
    feed_server.redirect("/ping", "/pong")
    result = await fetch(client, feed_server.redirect("/pong", "/ping"))
    assert result.error.startswith("redirect loop") and result.body is None


async def test_more_than_five_redirects_is_an_error(feed_server, client):
    feed_server.add("/7", FEED)
    for hop in range(6):
        feed_server.redirect(f"/{hop}", f"/{hop + 1}")
    result = await fetch(client, feed_server.url("/0"))
    assert result.error == "more than 5 redirects" and result.requests == 6


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(
    ("url", "error"),
    [
        (f"http://127.0.0.1:{closed_port()}/rss", "cannot connect"),
        ("http://no-such-host.invalid/rss", "cannot connect"),
        ("ftp://example.org/rss", "bad URL"),
        ("http://[::1/rss", "bad URL"),
    ],
    ids=["refused", "dns", "scheme", "malformed"],
)
async def test_transport_failures_become_errors_not_exceptions(client, url, error):
    result = await fetch(client, url, deadline=10)
    assert isinstance(result, FetchResult) and result.error.startswith(error) and result.body is None


async def test_a_reset_connection_is_an_error(client):
    async def reset(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.transport.abort()

    server = await asyncio.start_server(reset, "127.0.0.1", 0)
    async with server:
        port = server.sockets[0].getsockname()[1]
        result = await fetch(client, f"http://127.0.0.1:{port}/rss")
    assert result.error.startswith("connection broken") and result.status is None


def test_the_shared_client_sets_its_limits_explicitly():
    client = make_client()
    pool = client._transport._pool  # httpx keeps no public view of its pool settings
    assert (pool._max_connections, pool._max_keepalive_connections) == (32, 16)
    assert client.timeout.connect and client.timeout.read and client.timeout.pool
    assert client.max_redirects == 5


NOW = datetime(2022, 3, 29, 10, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120.0),
        (" 0 ", 0.0),
        ("Tue, 29 Mar 2022 10:02:00 GMT", 120.0),
        ("Tue, 29 Mar 2022 09:00:00 GMT", 0.0),
        ("soon", None),
        ("-5", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_is_seconds_or_an_http_date(value, seconds):
    assert parse_retry_after(value, NOW) == seconds
