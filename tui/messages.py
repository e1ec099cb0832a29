"""Messages from the live pipeline to the screen: the worker posts, the screen's handlers own the state."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from config.schema import Feed
from feeds.engine import Batch
from feeds.model import FeedState


@dataclass
class BatchArrived(Message):
    """New entries, divergences and alerts from one feed's poll, already stored."""

    feed: Feed
    batch: Batch


@dataclass
class FeedChecked(Message):
    """A feed was polled: its health changed or was confirmed."""

    feed: Feed
    state: FeedState
