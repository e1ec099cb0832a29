"""The say/do ledger: where a party's statement and its action on an issue point opposite ways.

One book per (party, issue) holds the recent statements and actions that point somewhere
(neutral claims cannot diverge). A claim is checked against the other kind in its book
as it arrives, so a divergence is emitted with its second half, whichever came first.
A pair of items yields at most one divergence, once, and a claim pairs only with the
latest contrary claims; claims older than the window (measured back from the latest time
seen) are forgotten.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from feeds.model import Claim, ClaimRef, Divergence, Item, Reading

_OPPOSITE = {"deescalate": "escalate", "escalate": "deescalate"}
_VERB = {"deescalate": "de-escalate", "escalate": "escalate"}
# A claim pairs with at most this many of the latest contrary claims: the pledge it breaks
# (and a restatement of it), not every pledge of the week. This keeps a busy week from
# flooding the user, and the cost of a claim constant.
_PARTNERS = 2
# And a claim takes part in at most this many divergences: a pledge broken four times
# has made its point.
_PAIRS_PER_CLAIM = 4


class _Book:
    """One (party, issue): its claims by (kind, direction), in arrival order."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], list[_Entry]] = {
            (kind, direction): [] for kind in ("statement", "action") for direction in _OPPOSITE
        }
        self.seen: set[tuple[str, str, str]] = set()


@dataclass(eq=False)
class _Entry:
    """A claim held in a book, with the time it counts from (None: no time known yet)
    and how many divergences it has been part of."""

    when: float | None  # POSIX seconds: cheap to compare, unlike aware datetimes
    ref: ClaimRef
    pairs: int = 0


class DivergenceLedger:
    """Pairs statements with contrary actions of the same party on the same issue."""

    def __init__(self, window: timedelta) -> None:
        self._window = window.total_seconds()
        self._books: dict[tuple[str, str], _Book] = {}
        self._expiry: list[tuple[float, int, tuple[str, str], str, str, _Entry]] = []
        self._untimed: list[tuple[tuple[str, str], str, str, _Entry]] = []
        self._emitted: dict[tuple[str, str], float | None] = {}
        self._emitted_limit = 4096
        self._latest: float | None = None
        self._seq = 0

    def add(self, item: Item, reading: Reading) -> list[Divergence]:
        """Book the item's claims; return the divergences they complete, oldest partner first."""
        when = _seconds(item.published)
        if when is None:
            when = self._latest
        if when is not None and (self._latest is None or when > self._latest):
            self._latest = when
            self._date_untimed(when)
        found: list[Divergence] = []
        for claim in reading.claims:
            if claim.direction not in _OPPOSITE:
                continue
            for issue in claim.issues:
                found.extend(self._book(item, claim, issue, when))
        self._forget()
        return found

    def _book(self, item: Item, claim: Claim, issue: str, when: float | None) -> list[Divergence]:
        book = self._books.get((claim.party, issue))
        if book is None:
            book = self._books[(claim.party, issue)] = _Book()
        if (item.id, claim.kind, claim.direction) in book.seen:
            return []  # the item already said this; its first sentence stands for it
        book.seen.add((item.id, claim.kind, claim.direction))
        entry = _Entry(when, ClaimRef(item, claim))
        book.entries[(claim.kind, claim.direction)].append(entry)
        if when is None:
            self._untimed.append(((claim.party, issue), claim.kind, claim.direction, entry))
        else:
            heapq.heappush(self._expiry, (when, self._seq, (claim.party, issue), claim.kind, claim.direction, entry))
            self._seq += 1
        other_kind = "action" if claim.kind == "statement" else "statement"
        latest: list[_Entry] = []
        for partner in reversed(book.entries[(other_kind, _OPPOSITE[claim.direction])]):
            if partner.ref.item.id != item.id and self._within(partner.when, when):
                latest.append(partner)
                if len(latest) == _PARTNERS:
                    break
        out: list[Divergence] = []
        for partner in latest:
            statement, action = (entry, partner) if claim.kind == "statement" else (partner, entry)
            key = (statement.ref.item.id, action.ref.item.id)
            if key in self._emitted or partner.pairs >= _PAIRS_PER_CLAIM:
                continue
            partner.pairs += 1
            entry.pairs += 1
            self._emitted[key] = _later(statement.when, action.when)
            out.append(Divergence(claim.party, issue, statement.ref, action.ref, _reason(claim.party, issue, statement, action)))
        return out

    def _within(self, a: float | None, b: float | None) -> bool:
        return a is None or b is None or abs(a - b) <= self._window

    def _date_untimed(self, when: float) -> None:
        """Claims read before any time was known count from the first time seen."""
        for key, kind, direction, entry in self._untimed:
            entries = self._books[key].entries[(kind, direction)]
            dated = _Entry(when, entry.ref, entry.pairs)
            entries[entries.index(entry)] = dated
            heapq.heappush(self._expiry, (when, self._seq, key, kind, direction, dated))
            self._seq += 1
        self._untimed.clear()

    def _forget(self) -> None:
        if self._latest is None:
            return
        cutoff = self._latest - self._window
        while self._expiry and self._expiry[0][0] < cutoff:
            _, _, key, kind, direction, entry = heapq.heappop(self._expiry)
            book = self._books[key]
            book.entries[(kind, direction)].remove(entry)
            book.seen.discard((entry.ref.item.id, kind, direction))
        if len(self._emitted) > self._emitted_limit:  # amortised: prune when it has doubled
            self._emitted = {k: t for k, t in self._emitted.items() if t is None or t >= cutoff}
            self._emitted_limit = max(4096, 2 * len(self._emitted))


def _seconds(when: datetime | None) -> float | None:
    """Feeds mix naive and aware times; a naive one is taken as UTC so they compare."""
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.timestamp()


def _later(a: float | None, b: float | None) -> float | None:
    if a is None or b is None:
        return a if b is None else b
    return a if a > b else b


def _reason(party: str, issue: str, statement: _Entry, action: _Entry) -> str:
    """One line a user can read: who said which way on what, and what was done how long after."""
    said = _VERB[statement.ref.claim.direction]
    did = _VERB[action.ref.claim.direction] + "s"
    gap = _gap(statement.when, action.when)
    if statement.when is not None and action.when is not None and action.when < statement.when:
        return f"an action of {party} {did} on {issue}; {gap} later {party} said it would {said}"
    return f"{party} said it would {said} on {issue}; {gap} later an action {did}"


def _gap(a: float | None, b: float | None) -> str:
    if a is None or b is None:
        return "soon"
    seconds = abs(b - a)
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))} min"
    if seconds < 2 * 86400:
        return f"{round(seconds / 3600)} h"
    return f"{round(seconds / 86400)} d"
