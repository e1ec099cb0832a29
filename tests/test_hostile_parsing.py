"""A document that takes feedparser minutes (deep or endless junk tags) cannot pin the parse workers."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from config.schema import Feed
from feeds.model import Item
from feeds.poller import Poller
from tests.hostile_feeds import healthy_feed
from tests.test_poller import MemoryStates


async def test_a_parse_over_its_deadline_is_killed_and_the_next_feeds_still_parse(feed_server):
    # ~150,000 elements: about fifteen seconds of feedparser, far past a one-second parse deadline.
    junk = feed_server.add("/junk.xml", b"<rss version='2.0'><channel>" + b"<a>x</a>" * 150_000 + b"</channel></rss>")
    body, titles = healthy_feed("after-junk")
    good = feed_server.add("/good.xml", body + b" " * 5000)  # big enough for the worker processes
    got: list[Item] = []

    async def take(feed: Feed, items: list[Item]) -> None:
        got.extend(items)

    states = MemoryStates()
    async with Poller([Feed(junk, "Junk"), Feed(good, "Good")], states, take, rng=random.Random(1),
                      process_threshold=1024, parse_deadline=1.0,
                      clock=lambda: datetime(2022, 3, 29, tzinfo=UTC)) as poller:
        summary = await poller.poll_once()
        assert (summary.failed, summary.ok) == (1, 1)
        assert "parsing took longer than 1 s" in states.states[junk].last_error
        assert poller._pool is None, "the pool with the stuck worker was dropped"
        feed_server.add("/good.xml", body.replace(b"delegations arrive", b"delegations leave") + b" " * 5000)
        summary = await poller.poll_once()  # the junk again (its body hash was never saved), and the news
        assert summary.ok == 1 and summary.items == 2
    assert set(titles) <= {i.title for i in got}
    assert "Healthy wire after-junk: delegations leave" in [i.title for i in got]
