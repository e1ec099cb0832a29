"""Domain values that flow from a feed document to the screen: items, claims, divergences."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

Kind = Literal["statement", "action"]
Direction = Literal["deescalate", "escalate", "neutral"]


@dataclass(frozen=True)
class Item:
    """One news item, already normalised to plain text."""

    id: str
    title: str
    summary: str = ""
    published: datetime | None = None
    source: str = ""
    link: str = ""
    feed: str = ""
    guid: str = ""


@dataclass(frozen=True)
class Claim:
    """One sentence's reading: whose words or deed, said by whom, which way, on what."""

    kind: Kind
    party: str
    speaker: str | None
    direction: Direction
    issues: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Reading:
    """What the engine found in one item."""

    item_id: str
    parties: tuple[str, ...]
    issues: tuple[str, ...]
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class ClaimRef:
    """A claim together with the item it came from, as a divergence cites it."""

    item: Item
    claim: Claim


@dataclass(frozen=True)
class Divergence:
    """A party's statement and its action on one issue, pointing in opposite directions."""

    party: str
    issue: str
    statement: ClaimRef
    action: ClaimRef
    reason: str


@dataclass(frozen=True)
class FeedState:
    """What the poller remembers about a feed between polls and across restarts."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    last_ok: datetime | None = None
    last_error: str | None = None
    failures: int = 0
    next_poll: datetime | None = None
    ttl: float | None = None
    status: int | None = None  # the last HTTP status, for the feed-status pane
    bozo: str | None = None  # what the parser found wrong in the last document, even if items came


@dataclass(frozen=True)
class Entry:
    """An item with the engine's reading of it: what the store keeps and the panes show."""

    item: Item
    reading: Reading
