"""Which new entries and divergences deserve an alert, and the ledger that stops repeats."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from config.schema import Alerts, Config
from feeds.model import Divergence, Entry


@dataclass(frozen=True)
class Alert:
    """One alert: why it fired and the fields a user (or their notify command) needs."""

    key: str
    reason: str
    title: str
    source: str
    link: str
    item_id: str
    party: str = ""
    issue: str = ""


@dataclass(frozen=True)
class AlertRules:
    """The user's alert rules: chosen issues, keywords on word boundaries, and every divergence."""

    issue_names: dict[str, str]
    issues: frozenset[str]
    on_divergences: bool
    keywords: re.Pattern[str] | None

    @classmethod
    def from_config(cls, config: Config, issues: Iterable[str] | None = None) -> AlertRules:
        """The config's rules; `issues` replaces the config's alerting issues (the user's toggles)."""
        rules: Alerts = config.alerts
        words = sorted(rules.keywords, key=len, reverse=True)
        return cls(
            issue_names={issue.id: issue.name for issue in config.issues},
            issues=frozenset(rules.issues if issues is None else issues),
            on_divergences=rules.divergences,
            keywords=re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE)
            if words else None,
        )

    def match(self, entries: Sequence[Entry], divergences: Sequence[Divergence]) -> list[Alert]:
        alerts: list[Alert] = []
        for entry in entries:
            item = entry.item
            reasons = [f"issue: {self.issue_names[i]}" for i in entry.reading.issues if i in self.issues]
            if self.keywords is not None:
                found = {m.group(1).casefold() for m in self.keywords.finditer(f"{item.title}\n{item.summary}")}
                reasons += [f'keyword "{word}"' for word in sorted(found)]
            if reasons:
                issue = next((i for i in entry.reading.issues if i in self.issues), "")
                alerts.append(Alert(f"item:{item.id}", "; ".join(reasons), item.title, item.source, item.link,
                                    item.id, issue=issue))
        if self.on_divergences:
            for divergence in divergences:
                action = divergence.action.item
                alerts.append(Alert(
                    f"divergence:{divergence.statement.item.id}:{action.id}:{divergence.party}:{divergence.issue}",
                    f"divergence: {divergence.reason}", action.title, action.source, action.link, action.id,
                    party=divergence.party, issue=divergence.issue,
                ))
        return alerts
