"""Split an item's text into sentences: a claim is read per sentence.

A regex finds candidate boundaries (end mark, space, capital; or a semicolon, which
joins two claims in headlines); abbreviations such as
"Mr." or "Lt. Gen." and single initials veto a boundary. Fast, and good enough for news.
"""

from __future__ import annotations

import re

from feeds.lexicon import LEXICON

_BOUNDARY = re.compile(r"([.!?])[\"”’')]*\s+(?=[\"“‘'(]?[A-Z0-9])|(;)\s+")


def split(text: str) -> list[str]:
    """The sentences of `text`, stripped, in order; empty text gives no sentences."""
    sentences: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.group(1) == "." and _is_abbreviation(text, m.start(1)):
            continue
        piece = text[start : m.end()].strip()
        if piece:
            sentences.append(piece)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at `dot` closes an abbreviation or an initial, not a sentence."""
    word = text[text.rfind(" ", 0, dot) + 1 : dot].lstrip("\"“‘'(")
    last = word.rsplit(".", 1)[-1]
    if len(last) == 1 and last.isupper():
        return True
    return word.casefold() in LEXICON.abbreviations or last.casefold() in LEXICON.abbreviations
