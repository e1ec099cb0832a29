"""A live run: the poller feeding the engine, shared by the dashboard and `talkwatch poll`.

Items from many feeds arrive concurrently; ingest is serialised here so the store has one writer
and the divergence ledger sees one item at a time. Ingest runs in a thread so a large batch
never stalls the event loop the dashboard draws on.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from config.schema import Config, Feed
from feeds.engine import Batch, Engine
from feeds.model import FeedState, Item
from feeds.poller import Poller, PollSummary
from feeds.store import Store

BatchHandler = Callable[[Feed, Batch], Awaitable[None]]
StatusHandler = Callable[[Feed, FeedState], Awaitable[None]]


class LiveSession:
    """Polls the config's feeds into one engine and hands each stored batch to the front end."""

    def __init__(self, config: Config, store: Store, engine: Engine, on_batch: BatchHandler,
                 on_status: StatusHandler | None = None, **poller_options: Any) -> None:
        """`poller_options` go to `Poller` as they are (deadline, clock and sleep, schedule, ...)."""
        self.engine = engine
        self.on_batch = on_batch
        self._writer = asyncio.Lock()
        self.poller = Poller(config.feeds, store, on_items=self._ingest, on_status=on_status, **poller_options)

    async def _ingest(self, feed: Feed, items: list[Item]) -> None:
        async with self._writer:
            batch = await asyncio.to_thread(self.engine.ingest, items)
        if batch.entries or batch.divergences:
            await self.on_batch(feed, batch)

    async def __aenter__(self) -> LiveSession:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.poller.aclose()

    async def poll_once(self) -> PollSummary:
        return await self.poller.poll_once()

    async def run(self, stop: asyncio.Event) -> None:
        await self.poller.run(stop)
