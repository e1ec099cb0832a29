"""The one path from items to entries, divergences and alerts, shared by the dashboard, poll and analyze."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from config.schema import Config
from feeds.alerts import Alert, AlertRules
from feeds.analysis import Analyzer
from feeds.divergences import DivergenceLedger
from feeds.model import Divergence, Entry, Item
from feeds.store import Store

FUTURE_SLACK = timedelta(hours=12)
ALERT_ISSUES_SETTING = "alerts.issues"


@dataclass(frozen=True)
class Batch:
    """What one set of incoming items produced: new entries, new divergences, alerts to deliver."""

    entries: tuple[Entry, ...] = ()
    divergences: tuple[Divergence, ...] = ()
    alerts: tuple[Alert, ...] = ()


def by_time(items: Iterable[Item]) -> list[Item]:
    """Items in published order (undated ones keep their place at the end): the ledger reads in time."""
    indexed = list(items)
    return sorted(indexed, key=lambda i: (i.published is None, i.published or datetime.min.replace(tzinfo=UTC)))


def _slim(item: Item) -> Item:
    """The item as the ledger keeps it for a week: a divergence cites its headline, not its summary."""
    return replace(item, summary="") if item.summary else item


class Engine:
    """Reads items, keeps the say/do ledger, and (with a store) stores and alerts exactly once."""

    def __init__(self, config: Config, store: Store | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.config = config
        self.store = store
        self.clock = clock
        self.analyzer = Analyzer(config)
        self.ledger = DivergenceLedger(config.talks.divergence_window)
        self.rules = AlertRules.from_config(config, self._remembered_alert_issues())
        self._warm = store is None

    def _remembered_alert_issues(self) -> list[str] | None:
        if self.store is None:
            return None
        remembered = self.store.setting(ALERT_ISSUES_SETTING)
        known = {issue.id for issue in self.config.issues}
        return None if remembered is None else [i for i in remembered.split(",") if i in known]

    def _warm_ledger(self, store: Store) -> None:
        """Replay the window's stored claims so a restart still pairs new actions with old pledges.

        Done on the first ingest, not at construction: ingest runs off the event loop, so a big
        store never delays the dashboard's first paint.
        """
        self._warm = True
        latest = store.latest_time()
        if latest is None:
            return
        for entry in store.since(latest - self.config.talks.divergence_window):
            self.ledger.add(_slim(entry.item), entry.reading)

    def analyse(self, items: Iterable[Item]) -> tuple[list[Entry], list[Divergence]]:
        """Read items in time order and pair claims: no storage, no alerts (what `analyze` prints)."""
        entries: list[Entry] = []
        divergences: list[Divergence] = []
        for item in by_time(items):
            entry = Entry(item, self.analyzer.read(item))
            entries.append(entry)
            divergences.extend(self.ledger.add(_slim(entry.item), entry.reading))
        return entries, divergences

    def ingest(self, items: Sequence[Item]) -> Batch:
        """Store what is new, in one transaction with its claims, divergences and alert claims.

        The alerts returned are only those never claimed before (also before a restart): each is
        delivered once, and claiming them commits together with the items that raised them.
        """
        if self.store is None:
            raise RuntimeError("ingest needs a store; use analyse() for a headless reading")
        if not self._warm:
            self._warm_ledger(self.store)
        now = self.clock()
        fresh = [self._clamp_future(item, now) for item in self.store.fresh(items)]
        if not fresh:
            return Batch()
        entries, divergences = self.analyse(fresh)
        rules = self.rules
        added, alerts = self.store.add_batch(entries, divergences, lambda new: rules.match(new, divergences),
                                             seen_at=now)
        return Batch(tuple(added), tuple(divergences), tuple(alerts))

    @staticmethod
    def _clamp_future(item: Item, now: datetime) -> Item:
        """A date far in the future is a feed's mistake; it must not pin the item on top for ever."""
        if item.published is not None and item.published > now + FUTURE_SLACK:
            return replace(item, published=now)
        return item

    @property
    def alert_issues(self) -> frozenset[str]:
        return self.rules.issues

    def toggle_alert(self, issue: str) -> bool:
        """Turn alerts on one issue on or off, remembered in the store; returns the new state."""
        issues = set(self.rules.issues) ^ {issue}
        self.rules = replace(self.rules, issues=frozenset(issues))
        if self.store is not None:
            self.store.set_setting(ALERT_ISSUES_SETTING, ",".join(sorted(issues)))
        return issue in issues
