"""The poller against a real server: every item once, validators saved only after hand-over, feeds isolated."""

from __future__ import annotations

import asyncio
import heapq
import random
from datetime import datetime, timedelta, timezone

import pytest

from config.schema import Feed
from feeds.model import FeedState, Item
from feeds.poller import Poller, PollSummary
from feeds.schedule import Schedule

START = datetime(2022, 3, 29, 10, 0, tzinfo=timezone.utc)


def rss(*guids: str, title: str = "World") -> bytes:
    items = "".join(
        f"<item><title>Item {g}</title><guid isPermaLink='false'>{g}</guid>"
        f"<description>&lt;p&gt;About {g}&lt;/p&gt;</description></item>"
        for g in guids
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>{items}</channel></rss>'.encode()


class MemoryStates:
    """The FeedStateStore protocol on a dict; the app's is SQLite."""

    def __init__(self) -> None:
        self.states: dict[str, FeedState] = {}

    def load(self, url: str) -> FeedState | None:
        return self.states.get(url)

    def save(self, state: FeedState) -> None:
        self.states[state.url] = state


class Clock:
    """Virtual time: when every feed task is asleep, it jumps to the earliest wake-up."""

    def __init__(self, tasks: int = 1) -> None:
        self.now = START
        self.tasks = tasks
        self.slept: list[float] = []
        self._sleepers: list[tuple[datetime, int, asyncio.Future[None]]] = []

    def __call__(self) -> datetime:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        wake = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + timedelta(seconds=seconds), len(self.slept), wake))
        if len(self._sleepers) == self.tasks:
            self.now, _, first = heapq.heappop(self._sleepers)
            first.set_result(None)
        try:
            await wake
        finally:
            self._sleepers = [s for s in self._sleepers if s[2] is not wake]
            heapq.heapify(self._sleepers)


class Inbox:
    """An on_items that remembers what it was given."""

    def __init__(self) -> None:
        self.items: list[Item] = []
        self.fail = False

    async def __call__(self, feed: Feed, items: list[Item]) -> None:
        if self.fail:
            raise RuntimeError("store is locked")
        self.items.extend(items)


@pytest.fixture
def states() -> MemoryStates:
    return MemoryStates()


@pytest.fixture
def inbox() -> Inbox:
    return Inbox()


def poller(feeds, states, inbox, **options) -> Poller:
    return Poller(feeds, states, inbox, clock=options.pop("clock", lambda: START), rng=random.Random(1), **options)


async def test_a_first_poll_delivers_every_item_and_a_second_one_parses_nothing(feed_server, states, inbox):
    feeds = [Feed(feed_server.add(f"/f{i}.xml", rss(f"{i}-a", f"{i}-b")), f"Feed {i}") for i in range(3)]
    async with poller(feeds, states, inbox) as p:
        first = await p.poll_once()
        second = await p.poll_once()
    assert first == PollSummary(ok=3, requests=3, wire_bytes=first.wire_bytes, parsed=3, items=6)
    assert second == PollSummary(not_modified=3, requests=3, wire_bytes=0)
    assert sorted(item.guid for item in inbox.items) == ["0-a", "0-b", "1-a", "1-b", "2-a", "2-b"]
    assert {item.source for item in inbox.items} == {"Feed 0", "Feed 1", "Feed 2"}
    assert all("if-none-match" in feed_server.headers_of(f"/f{i}.xml")[1] for i in range(3))
    state = states.states[feeds[0].url]
    assert state.etag and state.body_hash and state.status == 304 and state.failures == 0
    assert state.last_ok == START and START < state.next_poll <= START + timedelta(seconds=330)


async def test_a_changed_feed_is_fetched_and_parsed_again(feed_server, states, inbox):
    url = feed_server.add("/rss", rss("a"))
    async with poller([Feed(url, "F")], states, inbox) as p:
        await p.poll_once()
        feed_server.add("/rss", rss("a", "b"))
        summary = await p.poll_once()
    assert (summary.ok, summary.items) == (1, 2)
    assert [item.guid for item in inbox.items] == ["a", "a", "b"]  # the engine dedupes, not the poller


async def test_a_body_that_has_not_changed_is_not_parsed_again_even_without_validators(feed_server, states, inbox):
    url = feed_server.add("/rss", rss("a"), validators=False)
    async with poller([Feed(url, "F")], states, inbox) as p:
        await p.poll_once()
        summary = await p.poll_once()
    assert summary == PollSummary(unchanged=1, requests=1, wire_bytes=summary.wire_bytes)
    assert len(inbox.items) == 1


async def test_validators_are_saved_only_after_the_items_are_taken(feed_server, states, inbox):
    url = feed_server.add("/rss", rss("a"))
    async with poller([Feed(url, "F")], states, inbox) as p:
        inbox.fail = True
        failed = await p.poll_once()
        state = states.states[url]
        assert failed.failed == 1 and "store is locked" in state.last_error
        assert (state.etag, state.last_modified, state.body_hash, state.failures) == (None, None, None, 1)
        inbox.fail = False
        retried = await p.poll_once()
    assert retried.ok == 1 and [item.guid for item in inbox.items] == ["a"]
    assert "if-none-match" not in feed_server.headers_of("/rss")[1]  # the unsaved validators were never sent


async def test_one_broken_feed_does_not_stop_the_others(feed_server, states, inbox):
    good = Feed(feed_server.add("/good", rss("g")), "Good")
    missing = Feed(feed_server.url("/missing"), "Missing")
    html = Feed(feed_server.add("/html", b"<html><body>Sign in</body></html>", content_type="text/html"), "HTML")
    statuses: list[tuple[str, FeedState]] = []

    async def on_status(feed: Feed, state: FeedState) -> None:
        statuses.append((feed.name, state))

    async with poller([good, missing, html], states, inbox, on_status=on_status) as p:
        summary = await p.poll_once()
    assert (summary.ok, summary.failed, summary.items) == (1, 2, 1)
    assert states.states[missing.url].last_error == "HTTP 404 Not Found"
    assert states.states[missing.url].status == 404
    assert states.states[html.url].last_error.startswith("not a feed")
    assert sorted(name for name, _ in statuses) == ["Good", "HTML", "Missing"]


async def test_failures_back_off_and_a_success_resets_them(feed_server, states, inbox):
    url = feed_server.add("/flaky", b"", status=500)
    feed = Feed(url, "Flaky", interval=100)
    async with poller([feed], states, inbox) as p:
        for _ in range(3):
            await p.poll_once()
        state = states.states[url]
        assert state.failures == 3
        assert timedelta(seconds=360) <= state.next_poll - START <= timedelta(seconds=440)  # 100 x 2^2 +-10%
        feed_server.add("/flaky", rss("back"))
        await p.poll_once()
    assert states.states[url].failures == 0 and states.states[url].last_error is None


async def test_retry_after_postpones_the_next_poll(feed_server, states, inbox):
    url = feed_server.add("/busy", b"", status=429, headers={"Retry-After": "3600"})
    async with poller([Feed(url, "Busy", interval=60)], states, inbox) as p:
        await p.poll_once()
    assert states.states[url].next_poll - START >= timedelta(seconds=3600)


async def test_big_bodies_are_parsed_in_a_worker_process(feed_server, states, inbox):
    url = feed_server.add("/big", rss(*(f"g{i}" for i in range(500)), title="Big"))
    async with poller([Feed(url, "Big")], states, inbox, process_threshold=1024) as p:
        summary = await p.poll_once()
        assert p._pool is not None and p._pool.done()  # the process path really ran
    assert (summary.ok, summary.items) == (1, 500)
    assert inbox.items[0].title == "Item g0" and inbox.items[0].summary == "About g0"


async def test_parse_problems_that_still_yield_items_are_kept_as_bozo(feed_server, states, inbox):
    url = feed_server.add("/loose", rss("a").replace(b"</channel>", b"<unclosed></channel>"))
    async with poller([Feed(url, "Loose")], states, inbox) as p:
        summary = await p.poll_once()
    state = states.states[url]
    assert summary.ok == 1 and state.last_error is None and state.bozo


async def test_run_polls_each_feed_on_its_schedule_until_stopped(feed_server, states, inbox):
    clock = Clock(tasks=2)
    fast = Feed(feed_server.add("/fast", rss("f")), "Fast", interval=60)
    slow = Feed(feed_server.add("/slow", rss("s")), "Slow", interval=600)
    stop = asyncio.Event()

    async def on_status(feed: Feed, state: FeedState) -> None:
        if feed_server.hits["/fast"] >= 5:
            stop.set()

    async with poller([fast, slow], states, inbox, clock=clock, sleep=clock.sleep, on_status=on_status) as p:
        await asyncio.wait_for(p.run(stop), timeout=10)
    assert feed_server.hits["/fast"] == 5 and feed_server.hits["/slow"] == 1
    assert all(54 <= s <= 66 or 540 <= s <= 660 for s in clock.slept)
    assert timedelta(seconds=4 * 54) <= clock.now - START <= timedelta(seconds=4 * 66)
    assert len(inbox.items) == 2


async def test_run_waits_for_a_saved_next_poll_after_a_restart(feed_server, states, inbox):
    clock = Clock()
    url = feed_server.add("/rss", rss("a"))
    states.save(FeedState(url=url, next_poll=START + timedelta(seconds=200)))
    stop = asyncio.Event()

    async def on_status(feed: Feed, state: FeedState) -> None:
        stop.set()

    async with poller([Feed(url, "F")], states, inbox, clock=clock, sleep=clock.sleep, on_status=on_status) as p:
        await asyncio.wait_for(p.run(stop), timeout=10)
    assert clock.slept == [200.0] and feed_server.hits["/rss"] == 1


async def test_stop_ends_run_at_once_even_mid_sleep(feed_server, states, inbox):
    url = feed_server.add("/rss", rss("a"))
    stop = asyncio.Event()
    async with Poller([Feed(url, "F", interval=3600)], states, inbox) as p:
        running = asyncio.create_task(p.run(stop))
        while feed_server.hits["/rss"] == 0 or url not in states.states:
            await asyncio.sleep(0.01)
        stop.set()
        await asyncio.wait_for(running, timeout=2)


def test_the_same_url_twice_is_refused(states, inbox):
    with pytest.raises(ValueError, match="only once"):
        Poller([Feed("http://x/rss", "A"), Feed("http://x/rss", "B")], states, inbox)


async def test_overlapping_polls_of_one_feed_take_turns(feed_server, states, inbox):
    url = feed_server.add("/rss", rss("a"))
    async with poller([Feed(url, "F")], states, inbox) as p:
        first, second = await asyncio.gather(p.poll_once(), p.poll_once())
    assert sorted([first.ok, second.ok]) == [0, 1] and first.not_modified + second.not_modified == 1
    assert len(inbox.items) == 1


async def test_without_worker_processes_big_bodies_are_parsed_in_the_thread(
    feed_server, states, inbox, monkeypatch, caplog
):
    class NoProcesses:
        def __init__(self, *args, **kwargs) -> None:
            raise OSError("sem_open: function not implemented")

    monkeypatch.setattr("feeds.poller.ProcessPoolExecutor", NoProcesses)
    url = feed_server.add("/big", rss(*(f"g{i}" for i in range(50))))
    async with poller([Feed(url, "Big")], states, inbox, process_threshold=1024) as p:
        summary = await p.poll_once()
    assert (summary.ok, summary.items) == (1, 50)
    assert "parsing big feeds in a thread" in caplog.text


def test_the_schedule_prefers_the_config_then_the_feeds_ttl_then_its_default():
    schedule = Schedule()
    assert schedule.interval(Feed("u", "n", interval=90), ttl=1200) == 90
    assert schedule.interval(Feed("u", "n"), ttl=1200) == 1200
    assert schedule.interval(Feed("u", "n"), ttl=5) == 60  # a ttl is obeyed within bounds
    assert schedule.interval(Feed("u", "n"), ttl=86400) == 3600
    assert schedule.interval(Feed("u", "n"), ttl=None) == 300


def test_delays_are_jittered_within_ten_percent():
    rng = random.Random(3)
    delays = [Schedule().delay(Feed("u", "n", interval=100), FeedState("u"), rng) for _ in range(500)]
    assert 90 <= min(delays) < 92 and 108 < max(delays) <= 110


@pytest.mark.parametrize(
    ("failures", "low", "high"),
    [(1, 90, 110), (2, 180, 220), (3, 360, 440), (7, 3240, 3960), (10_000, 3240, 3960)],
)
def test_failures_back_off_exponentially_up_to_an_hour(failures, low, high):
    state = FeedState("u", failures=failures)
    assert low <= Schedule().delay(Feed("u", "n", interval=100), state, random.Random(1)) <= high


def test_retry_after_is_a_floor_with_a_cap():
    feed, state, rng = Feed("u", "n", interval=60), FeedState("u", failures=1), random.Random(1)
    assert Schedule().delay(feed, state, rng, retry_after=1800) == 1800
    assert Schedule().delay(feed, state, rng, retry_after=10 * 86400) == 86400
    assert Schedule().delay(feed, state, rng, retry_after=1) < 70
