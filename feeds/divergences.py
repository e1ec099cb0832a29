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
from collections import deque
from datetime import UTC, datetime, timedelta

from feeds.model import ClaimRef, Divergence, Item, Reading

_VERB = {"deescalate": "de-escalate", "escalate": "escalate"}
# A claim pairs with at most this many of the latest contrary claims: the pledge it breaks
# (and a restatement of it), not every pledge of the week. This keeps a busy week from
# flooding the user, and the cost of a claim constant.
_PARTNERS = 2
# A statement made after the deed answers it (a denial, a justification) only while the
# deed is fresh; a pledge holds for the whole window.
_ANSWER_WINDOW = 12 * 3600.0
# And a claim takes part in at most this many divergences: a pledge broken four times
# has made its point.
_PAIRS_PER_CLAIM = 4


_KINDS = {"statement": 0, "action": 2}
_DIRECTIONS = {"deescalate": 0, "escalate": 1}


class _Entry:
    """A claim held in a book, with the time it counts from (None: no time known yet)
    and how many divergences it has been part of. Slots: the ledger holds many."""

    __slots__ = ("pairs", "ref", "when")

    def __init__(self, when: float | None, ref: ClaimRef, pairs: int = 0) -> None:
        self.when = when  # POSIX seconds: cheap to compare, unlike aware datetimes
        self.ref = ref
        self.pairs = pairs


class _Book:
    """One (party, issue): its claims in four lists by slot (statement/action ×
    deescalate/escalate), each in arrival order, and the (item, slot)s already booked."""

    __slots__ = ("seen", "slots")

    def __init__(self) -> None:
        self.slots: tuple[deque[_Entry], ...] = (deque(), deque(), deque(), deque())
        self.seen: set[tuple[str, int]] = set()


class DivergenceLedger:
    """Pairs statements with contrary actions of the same party on the same issue."""

    def __init__(self, window: timedelta) -> None:
        self._window = window.total_seconds()
        self._books: dict[tuple[str, str], _Book] = {}
        self._expiry: list[tuple[float, int, _Book, int, _Entry]] = []
        self._untimed: list[tuple[_Book, int, _Entry]] = []
        self._emitted: dict[tuple[str, str, str], float | None] = {}  # (party, statement item, action item)
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
            if self._untimed:
                self._date_untimed(when)
        found: list[Divergence] = []
        books = self._books
        for claim in reading.claims:
            direction = _DIRECTIONS.get(claim.direction)
            if direction is None or not claim.issues:
                continue  # neutral claims cannot diverge
            slot = _KINDS[claim.kind] + direction
            ref: ClaimRef | None = None
            for issue in claim.issues:
                key = (claim.party, issue)
                book = books.get(key)
                if book is None:
                    book = books[key] = _Book()
                mark = (item.id, slot)
                if mark in book.seen:
                    continue  # the item already said this; its first sentence stands for it
                book.seen.add(mark)
                if ref is None:
                    ref = ClaimRef(item, claim)
                entry = _Entry(when, ref)
                book.slots[slot].append(entry)
                if when is None:
                    self._untimed.append((book, slot, entry))
                else:
                    heapq.heappush(self._expiry, (when, self._seq, book, slot, entry))
                    self._seq += 1
                self._pair(book, slot, entry, item.id, claim.party, issue, found)
        if self._expiry and self._latest is not None and self._expiry[0][0] < self._latest - self._window:
            self._forget()
        return found

    def _pair(self, book: _Book, slot: int, entry: _Entry, item_id: str, party: str, issue: str,
              found: list[Divergence]) -> None:
        """Pair a new entry with the latest contrary entries of the other kind in its book."""
        partners = book.slots[(slot + 2) % 4 ^ 1]  # the other kind, the other direction
        if not partners:
            return
        when = entry.when
        window = self._window
        statement_first = slot < 2
        taken = 0
        for partner in reversed(partners):
            if partner.ref.item.id == item_id:
                continue
            other = partner.when
            if other is not None and when is not None:
                gap = when - other if statement_first else other - when  # > 0: the statement came later
                if abs(gap) > window or gap > _ANSWER_WINDOW:
                    continue
            taken += 1
            statement, action = (entry, partner) if statement_first else (partner, entry)
            key = (party, statement.ref.item.id, action.ref.item.id)
            if key not in self._emitted and partner.pairs < _PAIRS_PER_CLAIM:
                partner.pairs += 1
                entry.pairs += 1
                self._emitted[key] = _later(statement.when, action.when)
                found.append(Divergence(party, issue, statement.ref, action.ref, _reason(party, issue, statement, action)))
            if taken == _PARTNERS:
                break

    def _date_untimed(self, when: float) -> None:
        """Claims read before any time was known count from the first time seen."""
        for book, slot, entry in self._untimed:
            entry.when = when
            heapq.heappush(self._expiry, (when, self._seq, book, slot, entry))
            self._seq += 1
        self._untimed.clear()

    def _forget(self) -> None:
        assert self._latest is not None
        cutoff = self._latest - self._window
        expiry = self._expiry
        while expiry and expiry[0][0] < cutoff:
            _, _, book, slot, entry = heapq.heappop(expiry)
            entries = book.slots[slot]
            if entries and entries[0] is entry:
                entries.popleft()  # the usual case: claims expire in the order they came
            else:
                entries.remove(entry)
            book.seen.discard((entry.ref.item.id, slot))
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
