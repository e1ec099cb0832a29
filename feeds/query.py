"""The filter language of the `/` prompt and of named filters in the config.

    ceasefire AND (party:russia OR "pull back") NOT source:"Wire Desk"

Words and "quoted phrases" match the headline and summary on word boundaries, case-insensitively.
Fields: party:, issue:, kind:, direction:, source:. Terms next to each other are ANDed.
A malformed filter raises FilterError saying what is wrong and where, and filters nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from feeds.model import Entry

Predicate = Callable[[Entry], bool]
FIELDS = ("party", "issue", "kind", "direction", "source")
TOKEN = re.compile(
    r'\s*(?:(?P<open>\()|(?P<close>\))|(?P<field>[A-Za-z]+):(?:"(?P<fquoted>[^"]*)"|(?P<fword>[^\s()"]+))?'
    r'|"(?P<phrase>[^"]*)"|(?P<word>[^\s()"]+)|(?P<quote>"))'
)


class FilterError(ValueError):
    """A filter that can't be read: the message says what is wrong and at which character."""


@dataclass(frozen=True)
class _Token:
    kind: str
    value: str
    position: int


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = TOKEN.match(text, position)
        assert match is not None  # the word alternative matches any non-space run
        start = match.start() + len(match.group(0)) - len(match.group(0).lstrip())
        if match.group("open"):
            tokens.append(_Token("(", "(", start))
        elif match.group("close"):
            tokens.append(_Token(")", ")", start))
        elif match.group("field") is not None:
            field = match.group("field").lower()
            value = match.group("fquoted") if match.group("fquoted") is not None else match.group("fword")
            if field not in FIELDS:
                raise FilterError(f'unknown field "{field}:" at {start + 1}; use {", ".join(f + ":" for f in FIELDS)}')
            if not value:
                raise FilterError(f'"{field}:" at {start + 1} needs a value, e.g. {field}:something')
            tokens.append(_Token("field", f"{field}\x00{value}", start))
        elif match.group("phrase") is not None:
            tokens.append(_Token("text", match.group("phrase"), start))
        elif match.group("quote"):
            raise FilterError(f"unclosed quote at {start + 1}")
        else:
            word = match.group("word")
            upper = word.upper()
            tokens.append(_Token(upper, word, start) if upper in ("AND", "OR", "NOT") else _Token("text", word, start))
        position = match.end()
    return tokens


def _text_predicate(phrase: str) -> Predicate:
    words = phrase.split()
    if not words:
        return lambda entry: True
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)", re.IGNORECASE)
    return lambda entry: bool(pattern.search(entry.item.title) or pattern.search(entry.item.summary))


def _field_predicate(field: str, value: str) -> Predicate:
    wanted = value.casefold()
    if field == "party":
        return lambda e: any(p.casefold() == wanted for p in e.reading.parties) or any(
            c.party.casefold() == wanted for c in e.reading.claims)
    if field == "issue":
        return lambda e: any(i.casefold() == wanted for i in e.reading.issues)
    if field == "kind":
        return lambda e: any(c.kind == wanted for c in e.reading.claims)
    if field == "direction":
        return lambda e: any(c.direction.startswith(wanted) for c in e.reading.claims)
    return lambda e: wanted in e.item.source.casefold()


class _Parser:
    """Recursive descent: or := and (OR and)*; and := unary (AND? unary)*; unary := NOT unary | atom."""

    def __init__(self, tokens: list[_Token], text: str) -> None:
        self.tokens = tokens
        self.index = 0
        self.text = text

    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def parse(self) -> Predicate:
        predicate = self.or_()
        extra = self.peek()
        if extra is not None:
            raise FilterError(f'unexpected "{extra.value}" at {extra.position + 1}')
        return predicate

    def or_(self) -> Predicate:
        parts = [self.and_()]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.take()
            parts.append(self.and_())
        return parts[0] if len(parts) == 1 else (lambda e: any(p(e) for p in parts))

    def and_(self) -> Predicate:
        parts = [self.unary()]
        while (token := self.peek()) is not None and token.kind not in ("OR", ")"):
            if token.kind == "AND":
                self.take()
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else (lambda e: all(p(e) for p in parts))

    def unary(self) -> Predicate:
        token = self.peek()
        if token is not None and token.kind == "NOT":
            self.take()
            inner = self.unary()
            return lambda e: not inner(e)
        return self.atom()

    def atom(self) -> Predicate:
        token = self.peek()
        if token is None:
            raise FilterError(f"the filter ends where a word, phrase or field was expected (at {len(self.text) + 1})")
        self.take()
        if token.kind == "text":
            return _text_predicate(token.value)
        if token.kind == "field":
            field, value = token.value.split("\x00", 1)
            return _field_predicate(field, value)
        if token.kind == "(":
            inner = self.or_()
            closing = self.peek()
            if closing is None or closing.kind != ")":
                raise FilterError(f'"(" at {token.position + 1} is never closed')
            self.take()
            return inner
        raise FilterError(f'unexpected "{token.value}" at {token.position + 1}')


def compile_filter(text: str) -> Predicate | None:
    """A predicate over entries, or None for an empty filter (show everything)."""
    tokens = _tokens(text)
    if not tokens:
        return None
    return _Parser(tokens, text).parse()
