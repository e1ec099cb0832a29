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


class AlertRules:
    """The user's alert rules: chosen issues, keywords on word boundaries, and every divergence."""

    def __init__(self, config: Config, issues: Iterable[str] | None = None) -> None:
        rules: Alerts = config.alerts
        self.issue_names = {issue.id: issue.name for issue in config.issues}
        self.issues = frozenset(rules.issues if issues is None else issues)
        self.on_divergences = rules.divergences
        words = sorted(rules.keywords, key=len, reverse=True)
        self.keywords = (
            re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE)
            if words else None
        )

    def with_issues(self, issues: Iterable[str]) -> AlertRules:
        """The same rules with another set of alerting issues (the user toggled one)."""
        rules = AlertRules.__new__(AlertRules)
        rules.__dict__.update(self.__dict__, issues=frozenset(issues))
        return rules

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
