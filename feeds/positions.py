"""Where the talks stand: each party's latest reading on each issue, and where words and deeds split."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from feeds.model import Direction, Divergence, Entry, Kind


@dataclass(frozen=True)
class Stance:
    """A party's latest claim on one issue: which way, word or deed, when and from whom."""

    direction: Direction
    kind: Kind
    published: datetime | None
    source: str
    item_id: str
    text: str


@dataclass
class Positions:
    """The parties × issues grid; fed with entries oldest to newest, so the last word wins."""

    stances: dict[tuple[str, str], Stance] = field(default_factory=dict)
    divergent: set[tuple[str, str]] = field(default_factory=set)

    def add(self, entries: Iterable[Entry]) -> set[tuple[str, str]]:
        """Take new entries in; return the cells that changed."""
        changed: set[tuple[str, str]] = set()
        for entry in entries:
            for claim in entry.reading.claims:
                for issue in claim.issues:
                    cell = (claim.party, issue)
                    current = self.stances.get(cell)
                    if current is not None and _later(current.published, entry.item.published):
                        continue
                    self.stances[cell] = Stance(claim.direction, claim.kind, entry.item.published,
                                                entry.item.source, entry.item.id, claim.text)
                    changed.add(cell)
        return changed

    def mark(self, divergences: Iterable[Divergence]) -> set[tuple[str, str]]:
        cells = {(d.party, d.issue) for d in divergences}
        self.divergent |= cells
        return cells


def _later(current: datetime | None, incoming: datetime | None) -> bool:
    """True when the stance we hold is newer than the incoming one (undated news never wins)."""
    if incoming is None:
        return current is not None
    return current is not None and current > incoming
