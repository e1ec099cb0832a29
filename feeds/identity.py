"""When two items are the same story: by id (feed + guid), by link, or by the same text in one feed."""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from feeds.model import Item

TRACKING_PREFIXES = ("utm_", "at_", "ocid", "cmpid", "fbclid", "gclid")


def normalise_link(link: str) -> str:
    """A link in one canonical spelling, so tracking tags and fragments don't make a new story."""
    link = link.strip()
    if not link:
        return ""
    parts = urlsplit(link)
    if not parts.scheme or not parts.netloc:
        return link
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(TRACKING_PREFIXES)]
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("https" if parts.scheme == "http" else parts.scheme, parts.netloc.lower(), path,
                       urlencode(query), ""))


def content_key(item: Item) -> str:
    """A hash of the item's words within its feed: a re-published story with a new guid keeps it."""
    words = " ".join(f"{item.title} {item.summary}".casefold().split())
    return hashlib.sha256(f"{item.feed}\x00{words}".encode()).hexdigest()[:32]
