"""Other outlets' reports of the same story, so one event reads as one event with its sources."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rapidfuzz import fuzz, utils

from feeds.model import Entry
from feeds.store import Store

SAME_STORY_SCORE = 55.0
SAME_STORY_SPAN = timedelta(hours=36)
OLDEST = datetime.min.replace(tzinfo=UTC)


def same_story(a: Entry, b: Entry) -> bool:
    """Two entries tell the same story: same parties and issues, close in time, alike in words."""
    if a.item.id == b.item.id or a.item.source == b.item.source:
        return False
    if not set(a.reading.issues) & set(b.reading.issues) or set(a.reading.parties) != set(b.reading.parties):
        return False
    if a.item.published and b.item.published and abs(a.item.published - b.item.published) > SAME_STORY_SPAN:
        return False
    score = fuzz.token_set_ratio(a.item.title, b.item.title, processor=utils.default_process)
    return score >= SAME_STORY_SCORE


def related(store: Store, entry: Entry, limit: int = 10) -> list[Entry]:
    """Stored entries from other outlets that tell the same story as this one."""
    found: dict[str, Entry] = {}
    for issue in entry.reading.issues:
        for candidate in store.for_issue(issue, limit=300):
            if candidate.item.id not in found and same_story(entry, candidate):
                found[candidate.item.id] = candidate
    return sorted(found.values(), key=lambda e: (e.item.published is None, e.item.published or OLDEST))[:limit]
