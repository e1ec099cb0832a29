"""Polling every feed over one shared client: fetch, skip what is unchanged, parse off the loop, hand over.

The order of a feed's poll is the safety argument: items go to `on_items` first, and only when
that returns are the validators (ETag, Last-Modified, body hash) saved. A crash in between
costs a re-download and a repeat the engine dedupes, never a lost item.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import multiprocessing
import os
import random
import threading
import time
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from functools import partial
from typing import Literal, Protocol, get_args

import httpx

from config.schema import Feed
from feeds.fetch import DEADLINE, MAX_BYTES, FetchResult, fetch, make_client
from feeds.model import FeedState, Item
from feeds.parse import ParsedFeed, parse_feed
from feeds.schedule import Schedule
from feeds.text import TITLE_LIMIT, plain_text

log = logging.getLogger(__name__)

PROCESS_THRESHOLD = 4096
"""Bodies this big are parsed in a worker process, smaller ones in the parse thread.

Measured (feedparser 6.0.14, 2 cores): a 20 KB, 50-item body costs the main process 25 ms of CPU
in a thread and 1.1 ms through the pool, and 200 of them through 8 threads held the event loop
up to 155 ms against 7 ms via the pool. Below ~4 KB a thread is 0.5-0.9 ms quicker per document
and spares starting the pool for empty feeds and error pages.
"""

PARSE_WORKERS = 2
"""Worker processes for parsing: the machines we target have two cores."""

PARSE_DEADLINE = 60.0
"""Seconds a parse worker may spend on one document before it is killed.

feedparser costs about 100 us per element on our machines, so a 10 MB body of nested or
repeated junk tags keeps a worker busy for minutes (300 KB of `<a>` already took 16 s), and a
hostile feed that changes its body each poll would pin both workers. Real feeds parse in well
under a second per megabyte.
"""

ORPHAN_CHECK = 1.0
"""Seconds between a parse worker's checks that the process it works for is still alive."""

OnItems = Callable[[Feed, list[Item]], Awaitable[None]]
OnStatus = Callable[[Feed, FeedState], Awaitable[None]]
Outcome = Literal["ok", "unchanged", "not_modified", "failed"]


class FeedStateStore(Protocol):
    """Where feed states live between polls and across restarts (SQLite in the app)."""

    def load(self, url: str) -> FeedState | None: ...

    def save(self, state: FeedState) -> None: ...


@dataclass(frozen=True)
class PollSummary:
    """What one `poll_once` did: feeds by outcome, and what it cost on the wire."""

    ok: int = 0
    unchanged: int = 0
    not_modified: int = 0
    failed: int = 0
    requests: int = 0
    wire_bytes: int = 0
    parsed: int = 0
    items: int = 0


@dataclass(frozen=True)
class _Poll:
    state: FeedState
    outcome: Outcome
    fetched: FetchResult
    parsed: int = 0
    items: int = 0


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


class Poller:
    """One task per feed over one client; use as `async with Poller(...) as poller:`."""

    def __init__(
        self,
        feeds: Sequence[Feed],
        states: FeedStateStore,
        on_items: OnItems,
        on_status: OnStatus | None = None,
        *,
        clock: Callable[[], datetime] = _utc_now,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rng: random.Random | None = None,
        client: httpx.AsyncClient | None = None,
        schedule: Schedule | None = None,
        concurrency: int = 8,
        max_bytes: int = MAX_BYTES,
        deadline: float = DEADLINE,
        process_threshold: int = PROCESS_THRESHOLD,
        parse_deadline: float = PARSE_DEADLINE,
    ) -> None:
        urls = [feed.url for feed in feeds]
        if len(set(urls)) != len(urls):
            raise ValueError("each feed URL may be polled only once: two feeds would race on one state")
        self.feeds = tuple(feeds)
        self.states = states
        self.on_items = on_items
        self.on_status = on_status
        self.clock = clock
        self.sleep = sleep
        self.rng = rng or random.Random()
        self.schedule = schedule or Schedule()
        self.max_bytes = max_bytes
        self.deadline = deadline
        self.process_threshold = process_threshold
        self.parse_deadline = parse_deadline
        self._own_client = client is None
        self.client = client or make_client()
        # Bounds fetch + parse + hand-over together, so at most `concurrency` bodies are in memory.
        self._slots = asyncio.Semaphore(concurrency)
        self._pool: asyncio.Future[ProcessPoolExecutor | None] | None = None
        # One poll per feed at a time, so poll_once during run() never races on a feed's state.
        self._busy = {feed.url: asyncio.Lock() for feed in self.feeds}
        # One thread, so small parses never contend with each other for the GIL and the loop.
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="talkwatch-parse")

    async def __aenter__(self) -> Poller:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._own_client:
            await self.client.aclose()
        self._thread.shutdown(wait=False, cancel_futures=True)
        if self._pool is not None:
            starting, self._pool = self._pool, None
            pool = await starting
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)

    async def poll_once(self) -> PollSummary:
        """Poll every feed now, whatever its schedule, and say what happened."""
        polls = await asyncio.gather(*(self._poll_feed(feed) for feed in self.feeds))
        count = {outcome: sum(p.outcome == outcome for p in polls) for outcome in get_args(Outcome)}
        return PollSummary(
            **count,
            requests=sum(p.fetched.requests for p in polls),
            wire_bytes=sum(p.fetched.wire_bytes for p in polls),
            parsed=sum(p.parsed for p in polls),
            items=sum(p.items for p in polls),
        )

    async def run(self, stop: asyncio.Event) -> None:
        """Poll each feed on its own schedule until `stop` is set."""
        async with asyncio.TaskGroup() as group:
            for feed in self.feeds:
                group.create_task(self._follow(feed, stop), name=f"poll {feed.url}")

    async def _follow(self, feed: Feed, stop: asyncio.Event) -> None:
        next_poll = self._load(feed).next_poll  # saved across restarts: no burst of polls on start
        while not stop.is_set():
            if next_poll is not None:
                await self._pause((next_poll - self.clock()).total_seconds(), stop)
                if stop.is_set():
                    return
            try:
                next_poll = (await self._poll_feed(feed)).state.next_poll
            except Exception:  # a bug or a failing store must not end this feed's polling for good
                log.exception("polling %s failed", feed.url)
                await self._pause(self.schedule.backoff_cap, stop)

    async def _pause(self, seconds: float, stop: asyncio.Event) -> None:
        if seconds <= 0:
            return
        stopped = asyncio.ensure_future(stop.wait())
        slept = asyncio.ensure_future(self.sleep(seconds))
        try:
            await asyncio.wait((stopped, slept), return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopped.cancel()
            slept.cancel()

    def _load(self, feed: Feed) -> FeedState:
        return self.states.load(feed.url) or FeedState(url=feed.url)

    async def _poll_feed(self, feed: Feed) -> _Poll:
        """One poll of one feed: the new state is saved and reported before this returns."""
        async with self._busy[feed.url]:
            async with self._slots:
                poll = await self._poll(feed, self._load(feed))
            self.states.save(poll.state)
            if self.on_status is not None:
                try:
                    await self.on_status(feed, poll.state)
                except Exception:
                    log.exception("on_status failed for %s", feed.url)
        return poll

    async def _poll(self, feed: Feed, state: FeedState) -> _Poll:
        fetched = await fetch(self.client, feed.url, state, self.max_bytes, self.deadline)
        if fetched.error is not None:
            return self._failed(feed, state, fetched, fetched.error)
        if fetched.not_modified:
            return _Poll(self._healthy(feed, state, fetched), "not_modified", fetched)
        body = fetched.body or b""
        digest = hashlib.sha256(body).hexdigest()  # 6.5 ms for the 10 MB cap: fine on the loop
        if digest == state.body_hash:
            return _Poll(self._healthy(feed, state, fetched), "unchanged", fetched)
        parsed = await self._parse(feed, fetched, body)
        if not parsed.items and parsed.bozo and not parsed.version:
            return self._failed(feed, state, fetched, parsed.bozo, parsed=1)
        if parsed.items:
            try:
                await self.on_items(feed, list(parsed.items))
            except Exception as exc:  # validators stay unsaved, so the next poll delivers again
                log.exception("on_items failed for %s", feed.url)
                return self._failed(feed, state, fetched, f"items not taken: {exc!r}", parsed=1)
        fresh = replace(state, body_hash=digest, ttl=parsed.ttl, bozo=parsed.bozo)
        return _Poll(self._healthy(feed, fresh, fetched), "ok", fetched, 1, len(parsed.items))

    def _healthy(self, feed: Feed, state: FeedState, fetched: FetchResult) -> FeedState:
        # A 304 may carry fresh validators; without them the old ones still hold.
        now = self.clock()
        state = replace(
            state,
            etag=fetched.etag or (state.etag if fetched.not_modified else None),
            last_modified=fetched.last_modified or (state.last_modified if fetched.not_modified else None),
            status=fetched.status,
            last_ok=now,
            last_error=None,
            failures=0,
        )
        return replace(state, next_poll=self.schedule.next_poll(now, feed, state, self.rng))

    def _failed(
        self, feed: Feed, state: FeedState, fetched: FetchResult, error: str, parsed: int = 0
    ) -> _Poll:
        # The words may quote the server (a reason phrase, a parser's complaint): shown and printed
        # as they are, so they are made as safe as a title.
        error = plain_text(error, TITLE_LIMIT, html_markup=False) or "failed"
        state = replace(state, status=fetched.status, last_error=error, failures=state.failures + 1)
        when = self.schedule.next_poll(self.clock(), feed, state, self.rng, fetched.retry_after)
        return _Poll(replace(state, next_poll=when), "failed", fetched, parsed)

    async def _parse(self, feed: Feed, fetched: FetchResult, body: bytes) -> ParsedFeed:
        """Off the event loop, so the UI never waits on a parse (see PROCESS_THRESHOLD)."""
        headers = {"content-type": fetched.content_type} if fetched.content_type else {}
        job = partial(parse_feed, body, url=feed.url, headers=headers, source=feed.name)
        loop = asyncio.get_running_loop()
        if len(body) < self.process_threshold:
            return await loop.run_in_executor(self._thread, job)
        starting, pool = await self._workers()
        if pool is None:
            return await loop.run_in_executor(self._thread, job)
        for attempt in range(2):
            try:
                return await asyncio.wait_for(loop.run_in_executor(pool, job), self.parse_deadline)
            except TimeoutError:
                # A worker cannot be interrupted, only killed: the pool goes with it. Parses of other
                # feeds in the same pool break too, and are tried once more in a fresh pool.
                self._discard(starting, pool, kill=True)
                return ParsedFeed(bozo=f"parsing took longer than {self.parse_deadline:g} s and was stopped")
            except BrokenProcessPool as exc:
                self._discard(starting, pool)
                if attempt or not getattr(pool, "_talkwatch_killed", False):
                    return ParsedFeed(bozo=f"the parser process died: {exc}")
            starting, pool = await self._workers()
            if pool is None:
                return await loop.run_in_executor(self._thread, job)
        raise AssertionError("unreachable")

    async def _workers(self) -> tuple[asyncio.Future, ProcessPoolExecutor | None]:
        """The parse pool, started once in a thread (and again after a kill); None if it can't start."""
        if self._pool is None:
            self._pool = asyncio.ensure_future(asyncio.to_thread(_start_pool))
        starting = self._pool
        return starting, await asyncio.shield(starting)

    def _discard(self, starting: asyncio.Future, pool: ProcessPoolExecutor, *, kill: bool = False) -> None:
        """Stop using a pool (broken, or killed for a parse over its deadline); the next big body starts another."""
        if kill:
            pool._talkwatch_killed = True  # type: ignore[attr-defined]
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.kill()
        pool.shutdown(wait=False, cancel_futures=True)
        if self._pool is starting:
            self._pool = None


def prepare_workers() -> None:
    """Start multiprocessing's resource tracker now, while sys.stderr is the real one.

    The tracker hands its child `sys.stderr.fileno()`; inside a running Textual app stderr is a
    capture object without a usable descriptor, and the parse pool then fails to start ("bad
    value(s) in fds_to_keep"). Costs about 10 ms; call it before the app runs.
    """
    import multiprocessing.resource_tracker

    multiprocessing.resource_tracker.ensure_running()


def _start_pool() -> ProcessPoolExecutor | None:
    """The parse workers, started in a thread: launching the fork server blocks for 0.1-0.5 s.

    None where no worker can start (no POSIX semaphores, a main module that starts polling at
    import time): big bodies are then parsed in the parse thread, slower but still off the loop.
    """
    methods = multiprocessing.get_all_start_methods()
    # Never fork: the app has threads (Textual, to_thread) and a forked lock can hang.
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    pool = None
    try:
        pool = ProcessPoolExecutor(max_workers=PARSE_WORKERS, mp_context=context,
                                   initializer=_exit_with, initargs=(os.getpid(),))
        for started in [pool.submit(int) for _ in range(PARSE_WORKERS)]:  # one no-op per worker
            started.result()
    except Exception as exc:  # any failure here means "no processes", said once
        log.warning("no parse worker processes (%s); parsing big feeds in a thread instead", exc)
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        return None
    return pool


def _exit_with(owner: int) -> None:
    """Runs in each parse worker: it ends itself once `owner`, the process it parses for, is gone.

    A pool worker never notices its owner's death by itself (it holds both ends of its own task
    pipe), and with the fork server neither does the server (the workers hold its liveness pipe).
    After a kill -9 of `talkwatch poll` they would live on for ever, holding poll's stdout open so
    a consumer reading it never sees the end.
    """

    def watch() -> None:
        while not _gone(owner):
            time.sleep(ORPHAN_CHECK)
        os._exit(0)

    threading.Thread(target=watch, name="talkwatch-owner-watch", daemon=True).start()


def _gone(pid: int) -> bool:
    """True when `pid` no longer runs: vanished, or dead and waiting to be reaped (a zombie)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # alive, though not ours to signal
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rpartition(b")")[2].split()[:1] in ([b"Z"], [b"X"])
    except OSError:
        return False  # no /proc: only a reaped owner is noticed
