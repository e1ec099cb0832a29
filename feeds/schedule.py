"""When to poll a feed next: its interval when all is well, a capped backoff when it is not.

Pure arithmetic over `now`, the feed and its state, with the random source passed in, so the
poller's clock and the tests' clock are the same kind of thing and nothing here sleeps.

The backoff is two lines, not tenacity or `backoff`: those drive retries of a call inside one
process, while a feed's failure count lives in its persisted state and must give the same
delay after a restart.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from config.schema import Feed
from feeds.model import FeedState


@dataclass(frozen=True)
class Schedule:
    """The polling policy; the defaults suit news feeds followed live."""

    default: float = 300.0
    """Seconds between polls when neither the config nor the feed says."""
    ttl_range: tuple[float, float] = (60.0, 3600.0)
    """A feed's own ttl is obeyed only within this range: no hammering, no hour-long silences."""
    jitter: float = 0.1
    """Each delay is moved by up to this fraction either way, so feeds never poll in lockstep."""
    backoff_cap: float = 3600.0
    """The longest backoff (before jitter); a failing feed is retried forever, never disabled."""
    retry_after_cap: float = 86400.0
    """A server may ask us to wait, but not for longer than this."""

    def interval(self, feed: Feed, ttl: float | None) -> float:
        """The healthy interval: the config's, else the feed's ttl (bounded), else the default."""
        if feed.interval:
            return float(feed.interval)
        if ttl:
            low, high = self.ttl_range
            return min(max(ttl, low), high)
        return self.default

    def delay(
        self, feed: Feed, state: FeedState, rng: random.Random, retry_after: float | None = None
    ) -> float:
        """Seconds until the next poll after the poll that produced `state`."""
        base = self.interval(feed, state.ttl)
        if state.failures:
            doubling = 2.0 ** min(state.failures - 1, 32)  # the cap is reached long before; no overflow
            base = max(base, min(self.backoff_cap, base * doubling))
        wait = base * rng.uniform(1 - self.jitter, 1 + self.jitter)
        if retry_after is not None:
            wait = max(wait, min(retry_after, self.retry_after_cap))
        return wait

    def next_poll(
        self,
        now: datetime,
        feed: Feed,
        state: FeedState,
        rng: random.Random,
        retry_after: float | None = None,
    ) -> datetime:
        return now + timedelta(seconds=self.delay(feed, state, rng, retry_after))
