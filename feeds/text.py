"""The one sanitiser for untrusted text: whatever a feed says becomes plain, printable, bounded.

Feeds put HTML, entities, terminal escapes (ESC, CSI, OSC 8/52) and bidi overrides in titles,
and parsers pass them through. Everything the app shows goes through `plain_text` first, so
no pane, toast or JSON line has to think about it again.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

TITLE_LIMIT = 1_000
SUMMARY_LIMIT = 5_000

# C0 and C1 controls (ESC, CSI \x9b, NUL...), DEL, bidi embeddings/overrides/isolates and marks,
# the Arabic letter mark, and lone surrogates (a JSON "\ud800" cannot be written to a terminal).
# Whitespace controls (TAB, LF, CR, VT, FF, \x1c-\x1f, NEL) are not here: folding turns them into spaces.
_UNSAFE = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)

# Tags whose start or end separates words: "<p>a</p><p>b</p>" reads "a b", not "ab".
_BREAKS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6"
    " header hr li main nav ol p pre section table td th tr ul".split()
)
# Tags whose content is never text a reader should see.
_HIDDEN = frozenset({"script", "style", "template", "noscript", "head", "title"})


class _TextOnly(HTMLParser):
    """Collects the character data of an HTML fragment, entities already decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BREAKS:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: object) -> None:
        if tag in _BREAKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BREAKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)

    def unknown_decl(self, data: str) -> None:
        if data.startswith("CDATA[") and not self.hidden:
            self.parts.append(data[6:])


# The common case, simple tags with unquoted or no attributes, by regex (about 6x faster than
# HTMLParser); anything else (comments, quotes, hidden content, a tag it could not read) by HTMLParser.
_SIMPLE_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)(?:\s[^<>\"']*)?/?>")
_HARD = re.compile(r"<[!?]|<(?:script|style|template|noscript|head|title)\b", re.IGNORECASE)
_LEFT_OVER = re.compile(r"</?[a-zA-Z]")


def _tag_gap(match: re.Match[str]) -> str:
    return " " if match.group(1).lower() in _BREAKS else ""


def _strip_html(s: str) -> str:
    if not _HARD.search(s):
        text = _SIMPLE_TAG.sub(_tag_gap, s)
        if not _LEFT_OVER.search(text):
            return html.unescape(text)
    parser = _TextOnly()
    parser.feed(s)
    parser.close()
    return "".join(parser.parts)


def plain_text(s: str | None, limit: int = SUMMARY_LIMIT, *, html_markup: bool = True) -> str:
    """Untrusted text as one safe line: no tags, no entities, no controls, at most `limit` chars.

    `html_markup=False` is for fields a parser already gave as plain text (feedparser's
    text/plain titles, JSON Feed titles, URLs): "<3 AT&T" stays as written.
    """
    if not s:
        return ""
    # Bound the work before parsing: a 10 MB description must not cost 10 MB of parsing to
    # yield 5,000 characters. Markup rarely outweighs text ten to one in a feed summary.
    s = s[: limit * 10 + 1024]
    if html_markup:
        if "<" in s:
            s = _strip_html(s)
        elif "&" in s:
            s = html.unescape(s)
    s = " ".join(_UNSAFE.sub("", s).split())
    if len(s) > limit:
        s = s[: limit - 1].rstrip() + "…"
    return s
