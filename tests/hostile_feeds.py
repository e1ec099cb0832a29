"""A catalogue of hostile feeds for the fault-injecting server (tests/feedserver.py).

Each `Case` is one way a server or a feed document can be broken, slow, huge or malicious, with
what talkwatch must make of it: an error on the feed (`expect="error"`, the words it must
contain), items (`expect="items"`, their exact stored titles when known), nothing at all
(`expect="quiet"`), or either of the last two (`expect="any"`) where feedparser's loose parser
decides. The hostile-feed tests and bench/soak_faults.py both serve these.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from tests.feedserver import FeedServer, brotli_bomb, gzip_bomb, gzip_bytes

# What must never be stored, printed or drawn from feed text: C0/C1 controls other than the
# line feed that ends a JSON line, DEL, bidi embeddings/overrides/isolates and marks, lone surrogates.
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
UNSAFE_BYTES = re.compile(
    rb"[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\x8e\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]|\xd8\x9c"
)

FIXED_DATE = datetime(2022, 3, 29, 10, 0, tzinfo=UTC)
# Names a party, so every item is matched news and shows in the dashboard's panes.
ORDINARY_SUMMARY = "The Kremlin and Kyiv commented on the talks."


def rss_item(title: str, guid: str | None = None, *, summary: str = ORDINARY_SUMMARY,
             date: str | None = "Tue, 29 Mar 2022 10:00:00 GMT", link: str | None = None) -> str:
    parts = [f"<title>{title}</title>", f"<description>{summary}</description>"]
    if guid is not None:
        parts.insert(0, f'<guid isPermaLink="false">{guid}</guid>')
    if date is not None:
        parts.append(f"<pubDate>{date}</pubDate>")
    if link is not None:
        parts.append(f"<link>{link}</link>")
    return "<item>" + "".join(parts) + "</item>"


def rss(*items: str, prolog: str = "", title: str = "Hostile wire") -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?>{prolog}<rss version="2.0"><channel><title>{title}</title>'
            + "".join(items) + "</channel></rss>").encode("utf-8", "surrogatepass")


def one(title: str, **kw: object) -> bytes:
    """A feed of one item with this (XML) title."""
    return rss(rss_item(title, "only", **kw))  # type: ignore[arg-type]


def healthy_feed(tag: str = "healthy") -> tuple[bytes, list[str]]:
    titles = [f"Healthy wire {tag}: talks resume in Istanbul", f"Healthy wire {tag}: delegations arrive"]
    return rss(*(rss_item(t, f"{tag}-{n}", link=f"https://example.org/{tag}/{n}") for n, t in enumerate(titles)),
               title=f"Healthy {tag}"), titles


Setup = Callable[[FeedServer, str], str]


@dataclass(frozen=True)
class Case:
    name: str
    route: dict[str, object] | Setup
    """Keyword arguments of `FeedServer.add` (body first), or a function that sets the path up."""
    expect: str
    error: str = ""
    """Words the feed's last_error must contain (expect="error")."""
    titles: tuple[str, ...] | None = None
    """The exact titles stored (expect="items"), in any order."""
    slow: bool = False
    """Only the fetch deadline ends it."""
    retry_after: tuple[float, float] | None = None
    """The next poll must be this many seconds away, at least and at most."""
    forbidden: tuple[str, ...] = ()
    """Text that must appear nowhere: not stored, not printed."""
    untouched: tuple[str, ...] = ()
    """Server paths the client must never request (external entities, SSRF)."""
    check: Callable[[list], None] | None = field(default=None, compare=False)
    """Further checks on the stored `Item`s of this feed."""

    def serve(self, server: FeedServer, path: str) -> str:
        if callable(self.route):
            return self.route(server, path)
        route = dict(self.route)
        return server.add(path, route.pop("body", b""), **route)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _redirect_loop(server: FeedServer, path: str) -> str:
    server.redirect(path + "-b", path)
    return server.redirect(path, path + "-b")


def _self_redirect(server: FeedServer, path: str) -> str:
    return server.redirect(path, path, status=307)


def _redirect_chain(server: FeedServer, path: str) -> str:
    for n in range(7):
        server.redirect(f"{path}-{n}", f"{path}-{n + 1}")
    server.add(f"{path}-7", one("Seven hops away"))
    return server.redirect(path, f"{path}-0")


def _redirect_to_file(server: FeedServer, path: str) -> str:
    return server.redirect(path, "file:///etc/passwd")


def _moved_permanently(server: FeedServer, path: str) -> str:
    server.add(path + "-new", one("Moved but fine"))
    return server.redirect(path, path + "-new", status=301)


def _xxe_over_http(server: FeedServer, path: str) -> str:
    server.add(path + "-evil.dtd", b'<!ENTITY leak "LEAKED-DTD">', content_type="application/xml-dtd")
    prolog = f'<!DOCTYPE rss [<!ENTITY % remote SYSTEM "{server.url(path + "-evil.dtd")}"> %remote;]>'
    return server.add(path, rss(rss_item("Remote &leak; entity", "x"), prolog=prolog))


def _evil_location(server: FeedServer, path: str) -> str:
    target = f"http://127.0.0.1:{_closed_port()}/".encode() + "\u009b31m\u202eevil".encode()
    return server.add(path, raw=b"HTTP/1.1 302 Found\r\nLocation: " + target + b"\r\nContent-Length: 0\r\n\r\n")


def _retry_date(server: FeedServer, path: str) -> str:
    now = datetime(2022, 3, 29, 10, 0, tzinfo=UTC)
    return server.add(path, b"busy", status=503, content_type="text/plain", validators=False, headers={
        "Date": format_datetime(now, usegmt=True),
        "Retry-After": format_datetime(now + timedelta(hours=2), usegmt=True)})


LOL = "".join(
    f'<!ENTITY lol{n} "' + f"&lol{n - 1};" * 10 + '">' for n in range(1, 10)
)
BILLION_LAUGHS = f'<!DOCTYPE rss [<!ENTITY lol0 "lol">{LOL}]>'
QUADRATIC = '<!DOCTYPE rss [<!ENTITY big "' + "x" * 50_000 + '">]>'
XXE_FILE = '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
XXE_PARAM = '<!DOCTYPE rss [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>'

MARKUP_TITLES = (
    "[bold red]x[/]",
    "Talks resume [/]",
    "[/bold] closing tag first",
    "[link=https://evil.example]Reuters[/link]",
    "[@click=app.quit]click me[/]",
    "[AP] Talks resume in [Istanbul]",
    "$accent [$accent]x [$x]",
)


def _markup_feed() -> bytes:
    return rss(*(rss_item(t.replace("&", "&amp;").replace("<", "&lt;"), f"m{n}") for n, t in enumerate(MARKUP_TITLES)))


def _titles_len(limit: int) -> Callable[[list], None]:
    def check(items: list) -> None:
        assert all(len(i.title) <= limit and len(i.summary) <= 5000 for i in items)
    return check


def _count(items: list, n: int) -> None:
    assert len(items) == n, [i.title for i in items]


def _no_links(items: list) -> None:
    assert [i.link for i in items] == [""] * len(items)


def _dates(expected: dict[str, datetime | None | str]) -> Callable[[list], None]:
    def check(items: list) -> None:
        got = {i.title: i.published for i in items}
        for title, when in expected.items():
            if when == "now":
                # clamped to the moment it was seen: not in the future, not its far-off date
                assert got[title] is not None and got[title] <= datetime.now(UTC) + timedelta(minutes=5)
                assert got[title].year < 2999
            else:
                assert got[title] == when, (title, got[title])
    return check


HUGE = 11_000_000
UTF16_FEED = "\ufeff".encode("utf-16-le") + one("Wide talks").decode().replace(
    'encoding="utf-8"', 'encoding="utf-16"').encode("utf-16-le")

CASES: tuple[Case, ...] = (
    # --- the server misbehaves --------------------------------------------------------------
    Case("http-500", {"body": b"oops", "status": 500, "content_type": "text/plain"}, "error", "HTTP 500"),
    Case("http-404", {"body": b"gone", "status": 404, "content_type": "text/plain"}, "error", "HTTP 404"),
    Case("http-403-html", {"body": b"<html><body>Forbidden</body></html>", "status": 403,
                           "content_type": "text/html"}, "error", "HTTP 403"),
    Case("http-429-retry-after-seconds", {"body": b"slow down", "status": 429, "content_type": "text/plain",
                                          "validators": False, "headers": {"Retry-After": "7200"}},
         "error", "HTTP 429", retry_after=(7199, 7200 * 1.2)),
    Case("http-503-retry-after-date", _retry_date, "error", "HTTP 503", retry_after=(7199, 7200 * 1.2)),
    Case("http-429-retry-after-garbage", {"body": b"", "status": 429, "content_type": "text/plain",
                                          "validators": False, "headers": {"Retry-After": "soon-ish"}},
         "error", "HTTP 429", retry_after=(60, 3600 * 1.1 + 1)),
    Case("http-429-retry-after-forever", {"body": b"", "status": 429, "content_type": "text/plain",
                                          "validators": False, "headers": {"Retry-After": "999999999999"}},
         "error", "HTTP 429", retry_after=(86399, 86401)),
    Case("stall-before-headers", {"body": one("Too late"), "stall": 30.0}, "error", "no complete answer",
         slow=True),
    Case("slow-loris-body", {"body": one("Dripping headline " + "x" * 2000), "drip": 0.01}, "error",
         "no complete answer", slow=True),
    Case("connection-reset", {"reset": True}, "error", "connection broken"),
    Case("truncated-body", {"body": one("Cut short " + "y" * 500), "truncate": 120}, "error", "connection broken"),
    Case("truncated-gzip", {"body": gzip_bytes(one("Cut gzip " + "z" * 500))[:80],
                            "headers": {"Content-Encoding": "gzip"}}, "error", "truncated"),
    Case("not-http-at-all", {"raw": b"SSH-2.0-OpenSSH_9.6\r\n"}, "error", "connection broken"),
    Case("escape-in-status-line", {"raw": b"HTTP/1.1 500 \x1b]52;c;cHduZWQ=\x07\x1b[2J\r\nContent-Length: 0\r\n\r\n"},
         "error", "HTTP 500 ]52;c;cHduZWQ=[2J"),
    Case("escape-in-header", {"raw": b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\x1b]52;c;x\x07\r\nETag: \"\x1b[2J\"\r\n"
                                     b"Content-Length: 6\r\n\r\n<rss/>"}, "any"),
    Case("c1-in-reason-phrase", {"raw": b"HTTP/1.1 500 Bad \xc2\x9b31m\xe2\x80\xaeevil\r\nContent-Length: 0\r\n\r\n"},
         "error", "HTTP 500"),
    Case("negative-content-length", {"raw": b"HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n<rss/>"},
         "error", "connection broken"),
    Case("redirect-loop", _redirect_loop, "error", "redirect loop"),
    Case("redirect-to-itself", _self_redirect, "error", "redirect loop"),
    Case("redirect-chain-of-seven", _redirect_chain, "error", "more than 5 redirects"),
    Case("redirect-to-local-file", _redirect_to_file, "error", "bad URL"),
    Case("redirect-with-escapes", _evil_location, "error", "cannot connect"),
    Case("moved-permanently", _moved_permanently, "items", titles=("Moved but fine",)),
    Case("huge-declared-body", {"body": b"<" * HUGE}, "error", "over the 10,000,000 byte limit"),
    Case("huge-undeclared-body", {"body": b"<" * HUGE, "length": False}, "error",
         "over the 10,000,000 byte limit"),
    Case("gzip-bomb", {"body": gzip_bomb(64 << 20), "headers": {"Content-Encoding": "gzip"}}, "error",
         "inflates past the 10,000,000 byte limit"),
    Case("brotli-bomb", {"body": brotli_bomb(64 << 20), "headers": {"Content-Encoding": "br"}}, "error",
         "inflates past the 10,000,000 byte limit"),
    Case("garbage-claiming-gzip", {"body": b"definitely not gzip", "headers": {"Content-Encoding": "gzip"}},
         "error", "bad compressed body"),
    Case("unknown-content-encoding", {"body": b"\x28\xb5\x2f\xfd", "headers": {"Content-Encoding": "zstd"}},
         "error", "unsupported Content-Encoding"),
    # --- types and charsets -----------------------------------------------------------------
    Case("rss-as-text-plain", {"body": one("Served as text"), "content_type": "text/plain"}, "items",
         titles=("Served as text",)),
    Case("rss-as-text-html", {"body": one("Served as html"), "content_type": "text/html; charset=utf-8"}, "items",
         titles=("Served as html",)),
    Case("rss-as-octet-stream", {"body": one("Served as bytes"), "content_type": "application/octet-stream"},
         "items", titles=("Served as bytes",)),
    Case("no-content-type", {"body": one("No type at all"), "content_type": None}, "items",
         titles=("No type at all",)),
    Case("latin1-declared-utf8", {"body": one("Caf\xe9 talks").replace("Caf\xe9".encode(), b"Caf\xe9"),
                                  "content_type": "application/rss+xml; charset=utf-8"}, "any"),
    Case("utf8-declared-latin1", {"body": one("Київ talks"), "content_type": "text/xml; charset=iso-8859-1"},
         "items"),
    Case("bogus-charset", {"body": one("Bogus charset"), "content_type": "text/xml; charset=x-no-such"}, "any"),
    Case("utf16-bom-declared-utf8", {"body": UTF16_FEED}, "items", titles=("Wide talks",)),
    Case("utf16-bom-as-text-xml", {"body": UTF16_FEED, "content_type": "text/xml"}, "items", titles=("Wide talks",)),
    Case("utf8-bom-declared-latin1", {"body": b"\xef\xbb\xbf" + one("Київ BOM"),
                                      "content_type": "text/xml; charset=iso-8859-1"}, "items", titles=("Київ BOM",)),
    Case("json-feed-as-html", {"body": b'{"version":"https://jsonfeed.org/version/1.1","title":"J","items":'
                                       b'[{"id":"1","title":"JSON served as html","summary":"Kyiv"}]}', "content_type": "text/html"},
         "items", titles=("JSON served as html",)),
    # --- documents that are not feeds, or broken ones ---------------------------------------
    Case("html-page", {"body": b"<!doctype html><html><head><title>Log in</title></head><body><form>"
                               b"<input name=user></form></body></html>", "content_type": "text/html"},
         "error", "not a feed"),
    Case("empty-body", {"body": b""}, "error", "not a feed"),
    Case("whitespace-body", {"body": b"   \n\t  "}, "error", "not a feed"),
    Case("binary-garbage", {"body": bytes(range(256)) * 8, "content_type": "application/octet-stream"},
         "error", "not a feed"),
    Case("invalid-json", {"body": b'{"version": "https://jsonfeed.org/version/1.1", "items": [', "content_type":
                          "application/feed+json"}, "error", "invalid JSON"),
    Case("json-not-a-feed", {"body": b'{"hello": "world"}', "content_type": "application/json"}, "error",
         "not a feed"),
    Case("unclosed-xml", {"body": b"<rss version='2.0'><channel><item><title>Broken headline<description>more"},
         "any"),
    Case("mismatched-tags", {"body": b"<rss version='2.0'><channel><item><title>Tags cross</description>"
                                     b"</item></channel></rss>"}, "any"),
    Case("deep-nesting", {"body": b"<rss version='2.0'><channel>" + b"<a>" * 3000 + b"</channel></rss>"}, "any"),
    Case("billion-laughs", {"body": rss(rss_item("Laughing &lol9; matter", "bl"), prolog=BILLION_LAUGHS)}, "any",
         forbidden=("lollollol",), check=_titles_len(1000)),
    Case("quadratic-blowup", {"body": rss(rss_item("&big;" * 2000, "qb"), prolog=QUADRATIC)}, "any",
         forbidden=("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",),
         check=_titles_len(1000)),
    Case("xxe-file", {"body": rss(rss_item("Secret: &xxe;", "xxe"), prolog=XXE_FILE)}, "any",
         forbidden=("root:", "/bin/")),
    Case("xxe-parameter-entity", {"body": rss(rss_item("Param entity", "xxp"), prolog=XXE_PARAM)}, "any",
         forbidden=("root:", "/bin/")),
    Case("xxe-over-http", _xxe_over_http, "any", forbidden=("LEAKED-DTD",), untouched=("-evil.dtd",)),
    Case("utf16-billion-laughs", {"body": "\ufeff".encode("utf-16-le") + rss(
        rss_item("Wide laughs &lol9;", "wl"), prolog=BILLION_LAUGHS).decode().replace(
        'encoding="utf-8"', 'encoding="utf-16"').encode("utf-16-le")}, "error", "entity declarations"),
    # --- feeds that are valid but odd -------------------------------------------------------
    Case("empty-rss", {"body": rss()}, "quiet"),
    Case("empty-atom", {"body": b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>E</title>'
                                b'<id>urn:e</id><updated>2022-03-29T10:00:00Z</updated></feed>',
                        "content_type": "application/atom+xml"}, "quiet"),
    Case("empty-json-feed", {"body": b'{"version":"https://jsonfeed.org/version/1","title":"E","items":[]}',
                             "content_type": "application/feed+json"}, "quiet"),
    Case("duplicated-guids", {"body": rss(rss_item("First of the same guid", "same"),
                                          rss_item("Second of the same guid", "same"),
                                          rss_item("Third of the same guid", "same"))}, "items",
         check=lambda items: _count(items, 1)),
    Case("duplicated-links", {"body": rss(rss_item("Link twice one", "l1", link="https://example.org/x?utm_source=a"),
                                          rss_item("Link twice two", "l2", link="https://example.org/x"))}, "items",
         check=lambda items: _count(items, 1)),
    Case("no-dates", {"body": rss(rss_item("Undated one", "u1", date=None), rss_item("Undated two", "u2", date=None),
                                  rss_item("Garbled date", "u3", date="the day after tomorrow"))}, "items",
         titles=("Undated one", "Undated two", "Garbled date"),
         check=_dates({"Undated one": None, "Undated two": None, "Garbled date": None})),
    Case("future-date", {"body": rss(rss_item("From the future", "fut", date="Tue, 29 Mar 2999 10:00:00 GMT"))},
         "items", titles=("From the future",), check=_dates({"From the future": "now"})),
    Case("ancient-dates", {"body": rss(rss_item("From 1900", "a1", date="Mon, 01 Jan 1900 00:00:00 GMT"))}, "items",
         titles=("From 1900",),
         check=_dates({"From 1900": datetime(1900, 1, 1, tzinfo=UTC)})),
    Case("atom-year-one", {"body": b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Y</title>'
                                   b'<entry><id>urn:y1</id><title>Year one</title><updated>0001-01-01T00:00:00Z'
                                   b'</updated></entry></feed>', "content_type": "application/atom+xml"}, "items",
         titles=("Year one",)),
    Case("javascript-link", {"body": rss(rss_item("Click me", "js", link="javascript:alert(1)"))}, "items",
         titles=("Click me",), check=_no_links),
    # --- hostile text in valid feeds --------------------------------------------------------
    Case("rich-textual-markup", {"body": _markup_feed()}, "items", titles=MARKUP_TITLES),
    Case("raw-esc-csi", {"body": one("\x1b[31mRed\x1b[0m alert \x1b[2J")}, "items",
         titles=("[31mRed[0m alert [2J",)),
    Case("esc-character-references", {"body": one("&#27;[2JClear &#x1b;[5mBlink &#x9b;31mCSI")}, "items"),
    Case("osc8-hyperlink-refs", {"body": one("&#27;]8;;https://evil.example&#7;Reuters&#27;]8;;&#7;")}, "items",
         titles=("]8;;https://evil.exampleReuters]8;;",)),
    Case("osc8-hyperlink-raw", {"body": one("\x1b]8;;https://evil.example\x1b\\Reuters\x1b]8;;\x1b\\")}, "items"),
    Case("osc52-clipboard", {"body": one("Talks &#27;]52;c;cHduZWQ=&#7; resume")}, "items",
         titles=("Talks ]52;c;cHduZWQ= resume",)),
    Case("osc52-raw", {"body": one("Talks \x1b]52;c;cHduZWQ=\x07 resume")}, "items",
         titles=("Talks ]52;c;cHduZWQ= resume",)),
    Case("c1-controls-raw", {"body": one("C1 \u009b31m \u0090dcs\u009c \u0085nel")}, "items"),
    Case("bidi-controls", {"body": one("Kyiv \u202eevil\u202c \u2066isolate\u2069 \u200fmark")}, "items",
         titles=("Kyiv evil isolate mark",)),
    Case("nul-bytes", {"body": one("Nul\x00byte &#0;ref")}, "items"),
    Case("hostile-summary", {"body": rss(rss_item(
        "Plain title", "hs", summary="&lt;script&gt;alert(1)&lt;/script&gt;\x1b]52;c;cHduZWQ=\x07 [bold]x[/] "
                                     "&lt;a href='javascript:x'&gt;link&lt;/a&gt; \u202eevil"))}, "items",
         titles=("Plain title",), forbidden=("alert(1)",)),
    Case("title-100kb", {"body": one("A" * 100_000)}, "items", check=_titles_len(1000)),
    Case("summary-1mb", {"body": one("Long read", summary="word " * 200_000)}, "items", titles=("Long read",),
         check=_titles_len(1000)),
    Case("json-feed-escapes", {"body": b'{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1",'
                                       b'"title":"\\u001b]52;c;cHduZWQ=\\u0007Talks \\u009b31m \\ud800 \\u0000 '
                                       b'\\u202eend","content_html":"<b>\\u001b[2J</b> Kremlin says"}]}',
                               "content_type": "application/feed+json"}, "items",
         titles=("]52;c;cHduZWQ=Talks 31m end",)),
    Case("many-items", {"body": rss(*(rss_item(f"Bulletin number {n} from the talks", f"b{n}") for n in range(300)))},
         "items", check=lambda items: _count(items, 300)),
)

SHELL_TITLES = ("Truce $(touch pwned) agreed", "Ceasefire; rm -rf ~; echo `touch pwned2` | sh",
                "Ceasefire \"quoted' && touch pwned3 > x", "--ceasefire -rf /")


def strings(value: object):
    """Every string inside a JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from strings(inner)
