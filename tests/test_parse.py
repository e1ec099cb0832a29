"""parse_feed reads RSS, Atom and JSON Feed into safe Items with stable ids, and never raises."""

from __future__ import annotations

import json
import pickle
import re
import warnings
from datetime import datetime, timezone
from pathlib import Path

import pytest

from feeds.parse import ParsedFeed, parse_feed

URL = "https://news.example/world/rss.xml"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "feedparser" / "tests"
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def rss(items: str, channel: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel>'
        f"<title>World</title><link>https://news.example/</link>{channel}{items}</channel></rss>"
    ).encode()


ISTANBUL = rss(
    "<item><title>Talks resume in Istanbul</title><link>https://news.example/a/1</link>"
    '<guid isPermaLink="false">story-1</guid><pubDate>Tue, 29 Mar 2022 10:00:00 +0300</pubDate>'
    "<description>&lt;p&gt;Delegations &lt;b&gt;meet&lt;/b&gt; at Dolmabahce.&lt;/p&gt;</description></item>"
    "<item><title>No guid here</title><link>https://news.example/a/2</link></item>"
    "<item><title>Neither guid nor link</title><description>Only words.</description></item>"
)


def test_rss_items_come_out_as_plain_text_with_utc_dates():
    parsed = parse_feed(ISTANBUL, url=URL, source="Example World")
    first = parsed.items[0]
    assert parsed.title == "World" and parsed.version == "rss20" and parsed.bozo is None
    assert first.title == "Talks resume in Istanbul"
    assert first.summary == "Delegations meet at Dolmabahce."
    assert first.published == datetime(2022, 3, 29, 7, 0, tzinfo=timezone.utc)
    assert (first.link, first.guid, first.feed, first.source) == (
        "https://news.example/a/1", "story-1", URL, "Example World")
    assert parsed.items[1].published is None


def test_source_defaults_to_the_feed_title():
    assert parse_feed(ISTANBUL, url=URL).items[0].source == "World"


def test_item_ids_are_stable_short_and_distinct_per_feed():
    once = [item.id for item in parse_feed(ISTANBUL, url=URL).items]
    again = [item.id for item in parse_feed(ISTANBUL, url=URL).items]
    elsewhere = [item.id for item in parse_feed(ISTANBUL, url="https://other.example/rss").items]
    assert once == again and len(set(once)) == 3
    assert all(re.fullmatch("[0-9a-f]{16}", i) for i in once)
    assert not set(once) & set(elsewhere)


def test_an_id_follows_the_guid_when_the_guid_is_there():
    edited = ISTANBUL.replace(b"Talks resume in Istanbul", b"Talks resume in Istanbul (updated)")
    assert parse_feed(edited, url=URL).items[0].id == parse_feed(ISTANBUL, url=URL).items[0].id


def test_an_id_without_guid_follows_the_link():
    edited = ISTANBUL.replace(b"No guid here", b"No guid here, retitled")
    assert parse_feed(edited, url=URL).items[1].id == parse_feed(ISTANBUL, url=URL).items[1].id


def test_future_and_ancient_dates_are_kept_as_given():
    doc = rss("<item><title>a</title><pubDate>Sat, 01 Jan 2101 00:00:00 GMT</pubDate></item>"
              "<item><title>b</title><pubDate>Mon, 01 Jan 1900 00:00:00 GMT</pubDate></item>")
    dates = [item.published for item in parse_feed(doc, url=URL).items]
    assert dates == [datetime(2101, 1, 1, tzinfo=timezone.utc), datetime(1900, 1, 1, tzinfo=timezone.utc)]


def test_hostile_titles_lose_their_escapes_but_keep_their_characters():
    doc = rss("<item><title>&#27;]8;;http://x/&#7;[bold]Kremlin[/bold] &#x9b;2J \u202eevil</title>"
              "<link>javascript:alert(1)</link></item>")
    item = parse_feed(doc, url=URL).items[0]
    assert not UNSAFE.search(item.title)
    assert "[bold]Kremlin[/bold]" in item.title
    assert item.link == ""


def test_a_plain_text_title_keeps_its_angle_brackets():
    doc = rss("<item><title>AT&amp;T &lt;rocks&gt;</title></item>")
    assert parse_feed(doc, url=URL).items[0].title == "AT&T <rocks>"


def test_relative_links_resolve_against_the_feed_url():
    doc = rss("<item><title>a</title><link>/a/9</link></item>")
    assert parse_feed(doc, url=URL).items[0].link == "https://news.example/a/9"


def test_atom_content_stands_in_for_a_missing_summary():
    doc = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
      <entry><id>urn:x:1</id><title type="html">&lt;em&gt;Ceasefire&lt;/em&gt; holds</title>
      <updated>2022-03-29T10:00:00Z</updated><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">
      <p>Both sides <b>confirm</b>.</p></div></content></entry></feed>"""
    item = parse_feed(doc, url=URL).items[0]
    assert (item.title, item.summary, item.guid) == ("Ceasefire holds", "Both sides confirm.", "urn:x:1")
    assert item.published == datetime(2022, 3, 29, 10, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("channel", "ttl"),
    [
        ("<ttl>15</ttl>", 900.0),
        ("<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>4</sy:updateFrequency>", 900.0),
        ("<sy:updatePeriod>daily</sy:updatePeriod>", 86400.0),
        ("<ttl>soon</ttl>", None),
        ("<ttl>-5</ttl>", None),
        ("", None),
    ],
)
def test_ttl_comes_from_rss_ttl_or_the_syndication_module(channel, ttl):
    assert parse_feed(rss("", channel), url=URL).ttl == ttl


def json_feed(**doc) -> bytes:
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "JF", **doc}).encode()


def test_json_feed_items_are_mapped_by_hand():
    body = json_feed(items=[
        {"id": 7, "url": "https://news.example/7", "title": "Grain deal \u202esigned",
         "content_html": "<p>Ships <b>sail</b></p><script>x()</script>", "date_published": "2022-07-22T12:00:00+03:00"},
        {"id": "8", "content_text": "Untitled note", "date_modified": "2022-07-23T00:00:00Z"},
        {"id": "9", "summary": "Short", "content_text": "Long", "date_published": "yesterday"},
        "not an object",
    ])
    parsed = parse_feed(body, url=URL)
    first, second, third = parsed.items
    assert parsed.version == "json11" and parsed.title == "JF" and "not JSON objects" in parsed.bozo
    assert (first.title, first.summary, first.guid, first.link) == (
        "Grain deal signed", "Ships sail", "7", "https://news.example/7")
    assert first.published == datetime(2022, 7, 22, 9, tzinfo=timezone.utc)
    assert (second.title, second.summary) == ("", "Untitled note")
    assert second.published == datetime(2022, 7, 23, tzinfo=timezone.utc)
    assert (third.summary, third.published) == ("Short", None)


def test_json_feed_1_0_from_the_corpus():
    path = CORPUS / "json" / "example.json"
    if not path.exists():
        pytest.skip(f"the shared corpus is not here ({CORPUS}); it lives beside the repo, not in it")
    parsed = parse_feed(path.read_bytes(), url=URL)
    assert parsed.version == "json1" and parsed.title == "My Example Feed" and len(parsed.items) == 2
    assert parsed.items[1].summary == "Hello, world!"


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b"", "not a feed"),
        (b"\x00\xff\xfe garbage \x1b[2J", "not a feed"),
        (b"<html><body><h1>502 Bad Gateway</h1></body></html>", "not a feed"),
        (b"/etc/passwd", "not a feed"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": ', "invalid JSON"),
        (b'{"hello": "world"}', "not a feed"),
        (b'{"version": "https://jsonfeed.org/version/1", "items": {}}', "without an items list"),
        (b"[" * 100_000, "not a feed"),
        (b"{" + b'"a":[' * 100_000, "invalid JSON"),
    ],
    ids=["empty", "binary", "html", "path", "cut-json", "plain-json", "no-items", "deep-xml", "deep-json"],
)
def test_garbage_gives_an_empty_result_that_says_why(body, problem):
    parsed = parse_feed(body, url=URL)
    assert parsed.items == () and problem in parsed.bozo


def test_a_body_naming_a_local_file_is_never_opened():
    hostname = Path("/etc/hostname")
    if not hostname.exists():
        pytest.skip("no /etc/hostname to try to leak")
    parsed = parse_feed(str(hostname).encode(), url=URL)
    assert parsed.items == () and parsed.title == ""


def test_results_cross_process_boundaries():
    parsed = parse_feed(ISTANBUL, url=URL)
    assert pickle.loads(pickle.dumps(parsed)) == parsed
    assert isinstance(parsed, ParsedFeed) and isinstance(parsed.items, tuple)


def _corpus_headers(data: bytes) -> dict[str, str]:
    """feedparser's test files give their HTTP headers as `Header: Name: value` comment lines."""
    headers = {}
    for line in data[:2000].decode("latin-1").splitlines():
        if line.startswith("Header:") and ":" in line[7:]:
            name, _, value = line[7:].strip().partition(":")
            headers[name.strip()] = value.strip()
    return headers


def test_the_feedparser_corpus_parses_without_an_exception_or_an_unsafe_character():
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not here ({CORPUS}); it lives beside the repo, not in it")
    documents = [p for p in sorted(CORPUS.rglob("*")) if p.suffix in (".xml", ".json")]
    assert len(documents) > 2000
    unsafe = []
    items = 0
    for path in documents:
        data = path.read_bytes()
        parsed = parse_feed(data, url=f"http://example.org/{path.name}", headers=_corpus_headers(data))
        items += len(parsed.items)
        for item in parsed.items:
            for text in (item.title, item.summary, item.link, item.guid, item.source):
                if UNSAFE.search(text):
                    unsafe.append(f"{path.relative_to(CORPUS)}: {text[:80]!r}")
    assert not unsafe, "\n".join(unsafe)
    assert items > 1000


def test_bare_items_with_different_dates_get_different_ids():
    doc = rss("<item><pubDate>Tue, 29 Mar 2022 10:00:00 GMT</pubDate></item>"
              "<item><pubDate>Tue, 29 Mar 2022 11:00:00 GMT</pubDate></item>")
    first, second = parse_feed(doc, url=URL).items
    assert first.id != second.id


def test_an_unreadable_date_reads_as_none_without_feedparser_deprecation_noise():
    body = rss("<item><title>Undated</title><link>https://news.example/a/9</link><pubDate>soon-ish</pubDate></item>")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # feedparser's updated->published fallback warns; we must not ask it
        parsed = parse_feed(body, url=URL, source="Example World")
    assert parsed.items[0].published is None and parsed.items[0].title == "Undated"
