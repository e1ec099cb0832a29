"""The live panes: a newest-first list per party, per issue, one for all news, and the divergences."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime

from feeds.model import Divergence, Entry
from tui.widgets.row_list import LazyRows, Row, RowList
from tui.widgets.rows import divergence_row, entry_row

Predicate = Callable[[Entry], bool]
OLDEST = datetime.min.replace(tzinfo=UTC)


def _item_id(entry: Entry) -> str:
    return entry.item.id


def _newest_first(entry: Entry) -> datetime:
    return entry.item.published or OLDEST


class EntryPane(RowList[Entry]):
    """One party's, one issue's, or all matched news, newest first, capped so memory stays flat."""

    MAX_ROWS = 200

    def __init__(self, title: str, *, party: str | None = None, issue: str | None = None,
                 id: str | None = None) -> None:
        super().__init__(id=id, empty_text="no news yet", classes="pane")
        self.title = title
        self.party = party
        self.issue = issue
        self.entries: list[Entry] = []
        self.predicate: Predicate | None = None
        self.alerting = False
        self._row_cache: dict[str, Row[Entry]] = {}

    def add(self, entries: Iterable[Entry]) -> None:
        """Take new entries; the screen routes each entry to the panes of its parties and issues."""
        taken = list(entries)
        if not taken:
            return
        merged = sorted([*taken, *self.entries], key=_newest_first, reverse=True)[: self.MAX_ROWS]
        self.entries = merged
        if len(self._row_cache) > 2 * self.MAX_ROWS:
            kept = {e.item.id for e in merged}
            self._row_cache = {key: row for key, row in self._row_cache.items() if key in kept}
        self._update()

    def set_filter(self, predicate: Predicate | None) -> None:
        self.predicate = predicate
        self._update()

    def set_alerting(self, alerting: bool) -> None:
        self.alerting = alerting
        self._update_title()

    def _build(self, entry: Entry) -> Row[Entry]:
        return entry_row(entry, self.party)

    def _update(self) -> None:
        shown = self.entries if self.predicate is None else [e for e in self.entries if self.predicate(e)]
        self.show(LazyRows(shown, _item_id, self._build, self._row_cache))
        self._update_title()

    def _update_title(self) -> None:
        count = len(self.rows)
        total = len(self.entries)
        counted = f"{count}" if self.predicate is None else f"{count}/{total}"
        self.border_title = f"{'🔔 ' if self.alerting else ''}{self.title} ({counted})"


class DivergencePane(RowList[Divergence]):
    """Each statement beside the action that contradicts it; new ones stand out until looked at."""

    MAX_ROWS = 200

    def __init__(self, names: dict[str, str], *, id: str | None = None) -> None:
        super().__init__(lines_per_row=3, id=id, empty_text="no divergences yet", classes="pane")
        self.names = names
        self.divergences: list[tuple[Divergence, bool]] = []
        self.border_title = "Divergences"

    def add(self, divergences: Sequence[Divergence], fresh: bool) -> None:
        if not divergences:
            return
        known = {self._key(d) for d, _ in self.divergences}
        new = [(d, fresh) for d in divergences if self._key(d) not in known]
        self.divergences = sorted([*new, *self.divergences], key=lambda pair: self._time(pair[0]),
                                  reverse=True)[: self.MAX_ROWS]
        self._update()

    def on_focus(self) -> None:
        self.set_timer(2.0, self.mark_seen)

    def mark_seen(self) -> None:
        if any(fresh for _, fresh in self.divergences):
            self.divergences = [(d, False) for d, _ in self.divergences]
            self._update()

    @property
    def unseen(self) -> int:
        return sum(1 for _, fresh in self.divergences if fresh)

    @staticmethod
    def _key(divergence: Divergence) -> tuple[str, str, str, str]:
        return divergence.party, divergence.issue, divergence.statement.item.id, divergence.action.item.id

    @staticmethod
    def _time(divergence: Divergence) -> datetime:
        return max(divergence.statement.item.published or OLDEST, divergence.action.item.published or OLDEST)

    def group(self, party: str, issue: str) -> list[Divergence]:
        """Every pair on one party and issue, newest first."""
        return [d for d, _ in self.divergences if (d.party, d.issue) == (party, issue)]

    def _update(self) -> None:
        """One row per party and issue: the newest pair, with how many pairs stand behind it."""
        groups: dict[tuple[str, str], list[tuple[Divergence, bool]]] = {}
        for divergence, fresh in self.divergences:
            groups.setdefault((divergence.party, divergence.issue), []).append((divergence, fresh))
        self.show([
            divergence_row(pairs[0][0], self.names.get(party, party), self.names.get(issue, issue),
                           fresh=any(fresh for _, fresh in pairs), pairs=len(pairs))
            for (party, issue), pairs in groups.items()
        ])
        unseen = self.unseen
        self.border_title = f"Divergences ({len(groups)})" + (f" · {unseen} new" if unseen else "")
