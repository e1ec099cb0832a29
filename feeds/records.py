"""The JSON-lines records of DESIGN.md that analyze and poll print, built in one place."""

from __future__ import annotations

from typing import Any

from feeds.alerts import Alert
from feeds.model import Claim, Divergence, Entry, Item


def _claim(claim: Claim) -> dict[str, Any]:
    return {"kind": claim.kind, "party": claim.party, "speaker": claim.speaker, "direction": claim.direction,
            "issues": list(claim.issues), "text": claim.text}


def item_record(entry: Entry) -> dict[str, Any]:
    """`{"type": "item", "id", "parties", "issues", "claims"}` plus the item's own fields."""
    item = entry.item
    return {
        "type": "item",
        "id": item.id,
        "parties": list(entry.reading.parties),
        "issues": list(entry.reading.issues),
        "claims": [_claim(c) for c in entry.reading.claims],
        "title": item.title,
        "source": item.source,
        "published": item.published.isoformat() if item.published else None,
        "link": item.link,
    }


def _half(item: Item, claim: Claim) -> dict[str, Any]:
    return {"item": item.id, "text": claim.text, "kind": claim.kind, "direction": claim.direction,
            "title": item.title, "source": item.source,
            "published": item.published.isoformat() if item.published else None}


def divergence_record(divergence: Divergence) -> dict[str, Any]:
    """`{"type": "divergence", "party", "issue", "statement": {"item", "text"}, "action": {...}}` and a reason."""
    return {
        "type": "divergence",
        "party": divergence.party,
        "issue": divergence.issue,
        "statement": _half(divergence.statement.item, divergence.statement.claim),
        "action": _half(divergence.action.item, divergence.action.claim),
        "reason": divergence.reason,
    }


def alert_record(alert: Alert) -> dict[str, Any]:
    return {"type": "alert", "reason": alert.reason, "item": alert.item_id, "title": alert.title,
            "source": alert.source, "link": alert.link, "party": alert.party, "issue": alert.issue}
