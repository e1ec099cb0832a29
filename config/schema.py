"""The user's settings as frozen values: what the talks are, who is in them, what to watch.

Everything downstream (engine, poller, dashboard) reads these objects and never the TOML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path


@dataclass(frozen=True)
class Party:
    """A side or actor of the talks, known by its aliases and its people."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    people: tuple[str, ...] = ()


@dataclass(frozen=True)
class Issue:
    """A tracked topic of the talks, recognised by its keywords and phrasings."""

    id: str
    name: str
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Feed:
    """A news feed to poll; `interval` in seconds overrides the feed's own ttl."""

    url: str
    name: str
    interval: int | None = None


@dataclass(frozen=True)
class Alerts:
    """What raises an alert: chosen issues, keywords, and every new divergence."""

    issues: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    command: str = ""
    divergences: bool = True


@dataclass(frozen=True)
class Matching:
    """Fuzzy thresholds (rapidfuzz scores, 0-100) for names and for issue phrasings."""

    party_threshold: float = 90.0
    issue_threshold: float = 90.0


@dataclass(frozen=True)
class Dashboard:
    """Which panes the dashboard starts with: party or issue ids (or "all") to hide."""

    hidden: tuple[str, ...] = ()


@dataclass(frozen=True)
class Talks:
    """The talks being followed."""

    title: str
    divergence_window: timedelta = timedelta(days=7)


@dataclass(frozen=True)
class Config:
    """One loaded, validated configuration."""

    talks: Talks
    parties: tuple[Party, ...]
    issues: tuple[Issue, ...]
    feeds: tuple[Feed, ...] = ()
    alerts: Alerts = field(default_factory=Alerts)
    matching: Matching = field(default_factory=Matching)
    dashboard: Dashboard = field(default_factory=Dashboard)
    filters: tuple[tuple[str, str], ...] = ()
    source: Path | None = None

    def party(self, party_id: str) -> Party:
        return next(p for p in self.parties if p.id == party_id)

    def issue(self, issue_id: str) -> Issue:
        return next(i for i in self.issues if i.id == issue_id)
