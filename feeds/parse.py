"""Feed document bytes to `Item`s: RSS and Atom through feedparser, JSON Feed by hand.

Runs in a worker process, so it is a top-level function over plain data, and it never raises:
a broken document is an empty `ParsedFeed` whose `bozo` says what was wrong.
"""

from __future__ import annotations

import calendar
import hashlib
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any

import feedparser

from feeds.model import Item
from feeds.text import SUMMARY_LIMIT, TITLE_LIMIT, plain_text

_SY_PERIODS = {"hourly": 3600, "daily": 86400, "weekly": 604800, "monthly": 2629800, "yearly": 31557600}
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_LINK_SCHEMES = ("http://", "https://")
_JSON_START = re.compile(rb"(?:\xef\xbb\xbf)?[ \t\r\n]*\{")
# The prolog ends at the first element; entity declarations can only come before it.
_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_:]")
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY\b[^>]*>?")
# What feedparser itself calls a safe entity (plain text or one character reference, no nesting,
# nothing external, no parameter entity), with a short value so a reference costs little.
_SAFE_ENTITY = re.compile(rb'<!ENTITY\s+\w+\s+"(?:&#\w+;|[^&%"<>]{0,100})"\s*>')
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")  # UTF-8, UTF-16 LE and BE (and so UTF-32 LE)
_WIDE_ENTITY = tuple(
    "<!ENTITY".encode(codec) for codec in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)


@dataclass(frozen=True)
class ParsedFeed:
    """What one document said: its items, its title, how often it asks to be polled, what was wrong."""

    items: tuple[Item, ...] = ()
    title: str = ""
    ttl: float | None = None
    bozo: str | None = None
    version: str = ""


def item_id(feed_url: str, guid: str, link: str, *text: str) -> str:
    """A short id stable across runs: the feed's guid, else its link, else its text (title, summary,
    date as written), always within the feed."""
    key = f"g\0{guid}" if guid else f"l\0{link}" if link else "t\0" + "\0".join(text)
    return hashlib.sha256(f"{feed_url}\0{key}".encode("utf-8", "surrogatepass")).hexdigest()[:16]


def parse_feed(
    body: bytes, *, url: str, headers: Mapping[str, str] | None = None, source: str = ""
) -> ParsedFeed:
    """Parse one feed document; `url` is both the base for relative links and part of every item id."""
    try:
        # JSON Feed is told by its first byte, not by Content-Type: servers mislabel feeds both ways.
        if _JSON_START.match(body):
            return _parse_json_feed(body, url, source)
        body = _defuse_entities(body)
        if body is None:
            return ParsedFeed(bozo="not read: entity declarations in a UTF-16 or UTF-32 document")
        return _parse_xml_feed(body, url, headers or {}, source)
    except Exception as exc:  # the contract is "never raises"; the reason is kept
        return ParsedFeed(bozo=plain_text(f"unreadable feed: {type(exc).__name__}: {exc}", TITLE_LIMIT))


def _defuse_entities(body: bytes) -> bytes | None:
    """The document with only safe entity declarations left, each on a line of its own; None to refuse it.

    feedparser drops nested, external and parameter entities, but only declarations that start
    a line: a billion-laughs DOCTYPE written on one line reaches expat whole, and expat expands
    megabytes through Python callbacks (4-8 s of CPU for a 1 KB body) before its amplification
    limit stops it. Here every unsafe declaration goes, and the safe ones are put where
    feedparser's own filter finds them. A UTF-16/32 prolog would need decoding to be filtered;
    feeds that declare entities in one do not exist in practice, so those are refused.
    """
    end = _FIRST_ELEMENT.search(body)
    head = body[: end.start()] if end else body
    if b"<!ENTITY" not in head:
        if any(wide in body[:65536] for wide in _WIDE_ENTITY):
            return None
        return body

    def keep(found: re.Match[bytes]) -> bytes:
        return b"\n" + found.group(0) if _SAFE_ENTITY.fullmatch(found.group(0)) else b""

    return _ENTITY_DECLARATION.sub(keep, head) + body[len(head):]


def _parse_xml_feed(body: bytes, url: str, headers: Mapping[str, str], source: str) -> ParsedFeed:
    # BytesIO, never bare bytes: feedparser treats a str/bytes argument as a path or URL first,
    # so a body reading "/etc/passwd" would be opened. Sanitising and URI resolution are off
    # because every field is reduced to plain text afterwards, and they are feedparser's slowest steps.
    # A document without a Content-Type (a file, a bare server) is read as generic XML.
    response_headers = {"content-type": "application/xml"}
    response_headers.update((k.lower(), v) for k, v in headers.items())
    response_headers["content-location"] = url
    if body.startswith(_BOMS):
        # A byte order mark outranks the charset a server declares (RFC 7303, 3.3); feedparser
        # follows RFC 3023, where "text/xml" or a wrong charset makes a UTF-16 feed unreadable.
        response_headers["content-type"] = "application/xml"
    doc = feedparser.parse(
        io.BytesIO(body),
        response_headers=response_headers,
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    feed = doc.get("feed", {})
    title = plain_text(feed.get("title"), TITLE_LIMIT, html_markup=_is_html(feed.get("title_detail")))
    items = tuple(_xml_item(entry, url, source or title) for entry in doc.get("entries", ()))
    bozo = None
    if doc.get("bozo"):
        exc = doc.get("bozo_exception")
        bozo = plain_text(f"{type(exc).__name__}: {exc}" if exc else "malformed feed", TITLE_LIMIT)
    version = doc.get("version") or ""
    if not version and not items:
        bozo = "not a feed: no RSS, Atom or JSON Feed found" + (f" ({bozo})" if bozo else "")
    return ParsedFeed(items, title, _xml_ttl(feed), bozo, version)


def _xml_item(entry: Mapping[str, Any], url: str, source: str) -> Item:
    raw_title = entry.get("title") or ""
    summary_detail = entry.get("summary_detail")
    raw_summary = entry.get("summary") or ""
    if not raw_summary and entry.get("content"):
        summary_detail = entry["content"][0]
        raw_summary = summary_detail.get("value") or ""
    guid = entry.get("id") or ""
    link = entry.get("link") or ""
    # dict.get: feedparser's own get maps a missing updated* to published* with a DeprecationWarning
    published = entry.get("published_parsed") or dict.get(entry, "updated_parsed")
    raw_date = entry.get("published") or dict.get(entry, "updated") or ""
    return Item(
        id=item_id(url, guid, link, raw_title, raw_summary, raw_date),
        title=plain_text(raw_title, TITLE_LIMIT, html_markup=_is_html(entry.get("title_detail"))),
        summary=plain_text(raw_summary, SUMMARY_LIMIT, html_markup=_is_html(summary_detail)),
        published=_from_struct_time(published),
        source=source,
        link=_safe_link(link),
        feed=url,
        guid=plain_text(guid, TITLE_LIMIT, html_markup=False),
    )


def _is_html(detail: Mapping[str, Any] | None) -> bool:
    return detail is None or detail.get("type", "text/html") in _HTML_TYPES


def _from_struct_time(t: Any) -> datetime | None:
    if t is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(t), timezone.utc)
    except (OverflowError, ValueError, OSError, TypeError):
        return None


def _xml_ttl(feed: Mapping[str, Any]) -> float | None:
    """Seconds between polls the publisher asks for: RSS <ttl> (minutes), else sy:updatePeriod/Frequency."""
    try:
        minutes = float(feed["ttl"])
        if minutes > 0:
            return minutes * 60
    except (KeyError, TypeError, ValueError):
        pass
    period = _SY_PERIODS.get(str(feed.get("sy_updateperiod", "")).strip().lower())
    if period is None:
        return None
    try:
        frequency = float(feed.get("sy_updatefrequency") or 1)
    except (TypeError, ValueError):
        frequency = 1.0
    return period / frequency if frequency > 0 else float(period)


def _safe_link(link: str) -> str:
    """Only web links are kept: a feed's `javascript:` or `file:` link is never something to open."""
    link = plain_text(link, TITLE_LIMIT, html_markup=False)
    return link if link.lower().startswith(_LINK_SCHEMES) else ""


def _parse_json_feed(body: bytes, url: str, source: str) -> ParsedFeed:
    """JSON Feed 1.0/1.1 (jsonfeed.org), which feedparser 6.0 does not read."""
    try:
        doc = json.loads(body)
    except (ValueError, RecursionError) as exc:
        return ParsedFeed(bozo=f"invalid JSON: {exc}")
    version = doc.get("version") if isinstance(doc, dict) else None
    if not isinstance(version, str) or not version.startswith("https://jsonfeed.org/version/"):
        return ParsedFeed(bozo="not a feed: JSON without a jsonfeed.org version")
    title = plain_text(_str(doc.get("title")), TITLE_LIMIT, html_markup=False)
    entries = doc.get("items")
    if not isinstance(entries, list):
        return ParsedFeed(title=title, bozo="JSON Feed without an items list", version=_json_version(version))
    items = tuple(_json_item(e, url, source or title) for e in entries if isinstance(e, dict))
    bozo = None if len(items) == len(entries) else f"{len(entries) - len(items)} items are not JSON objects"
    return ParsedFeed(items, title, None, bozo, _json_version(version))


def _json_item(entry: dict[str, Any], url: str, source: str) -> Item:
    guid = _str(entry.get("id"))
    link = _str(entry.get("url")) or _str(entry.get("external_url"))
    raw_title = _str(entry.get("title"))
    summary, summary_is_html = _str(entry.get("summary")), False
    if not summary:
        summary = _str(entry.get("content_text"))
    if not summary:
        summary, summary_is_html = _str(entry.get("content_html")), True
    raw_date = _str(entry.get("date_published")) or _str(entry.get("date_modified"))
    return Item(
        id=item_id(url, guid, link, raw_title, summary, raw_date),
        title=plain_text(raw_title, TITLE_LIMIT, html_markup=False),
        summary=plain_text(summary, SUMMARY_LIMIT, html_markup=summary_is_html),
        published=_from_iso(raw_date),
        source=source,
        link=_safe_link(link),
        feed=url,
        guid=plain_text(guid, TITLE_LIMIT, html_markup=False),
    )


def _str(value: Any) -> str:
    """JSON values as text: ids are often numbers in the wild; objects and lists are not text."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def _json_version(version: str) -> str:
    return "json" + version.rsplit("/", 1)[-1].replace(".", "")


def _from_iso(value: str) -> datetime | None:
    """RFC 3339 as the spec says, RFC 822 as some generators write; naive times are taken as UTC."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    try:
        return parsed.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        return None
