"""Feed lists in and out as OPML, the format every reader imports and exports.

Reading is strict about the document (an OPML root and a body, else a ValueError that says
which) and forgiving about the outlines: feeds nested under folders at any depth are found,
and an outline without an xmlUrl is a folder, not an error. A DOCTYPE is refused outright, so
no entity expansion can run, whatever expat the interpreter links.
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

from config.schema import Feed
from feeds.text import TITLE_LIMIT, plain_text

_WEB = ("http://", "https://")


class _Refused(Exception):
    """A construct OPML never needs and an attacker might use."""


def read_opml(data: bytes) -> list[Feed]:
    """The web feeds of an OPML document, in document order, each URL once.

    Only http(s) URLs are kept: newsboat's `exec:`/`filter:`/`|command` entries name programs,
    and talkwatch never runs a program because a file said so.
    """
    feeds: dict[str, Feed] = {}
    path: list[str] = []
    seen_body = False

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal seen_body
        if not path and tag != "opml":
            raise ValueError(f"not an OPML document: the root element is <{tag}>, not <opml>")
        path.append(tag)
        if path[:2] == ["opml", "body"]:
            seen_body = True
        if tag != "outline" or "body" not in path:
            return
        url = plain_text(attrs.get("xmlUrl"), TITLE_LIMIT, html_markup=False)
        if url.lower().startswith(_WEB) and url not in feeds:
            name = attrs.get("title") or attrs.get("text") or ""
            feeds[url] = Feed(url=url, name=plain_text(name, TITLE_LIMIT, html_markup=False) or url)

    def end(tag: str) -> None:
        path.pop()

    def refuse(*args: object) -> None:
        raise _Refused

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(data, True)
    except _Refused:
        raise ValueError("OPML with a DOCTYPE or entity declarations is refused") from None
    except expat.ExpatError as exc:
        raise ValueError(f"not well-formed XML: {expat.ErrorString(exc.code)} at line {exc.lineno}") from None
    if not seen_body:
        raise ValueError("OPML without a <body>: it lists no feeds")
    return list(feeds.values())


def write_opml(feeds: Iterable[Feed], title: str = "talkwatch feeds") -> str:
    """An OPML 2.0 document listing `feeds` flat, as readers import it."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        f"  <head><title>{escape(_attr(title))}</title></head>",
        "  <body>",
    ]
    for feed in feeds:
        name = quoteattr(_attr(feed.name))
        lines.append(f'    <outline type="rss" text={name} title={name} xmlUrl={quoteattr(_attr(feed.url))}/>')
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _attr(value: str) -> str:
    """Controls are not legal in XML 1.0 even as references, so they cannot be written."""
    return plain_text(value, TITLE_LIMIT, html_markup=False)
