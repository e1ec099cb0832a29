"""Soak: an accelerated hour of polling with a tenth of the feeds faulty, printed as a table.

    python bench/soak_faults.py [--feeds 100] [--minutes 60] [--speed 30] [--faulty 0.1]

The real poller, engine and SQLite store (through `LiveSession`, as `talkwatch poll` runs them)
against the fault-injecting test server on 127.0.0.1. Only the clock is fast: the poller's clock
and sleeps run `--speed` times faster than the wall, so the schedule (intervals, backoff,
Retry-After) plays an hour in a couple of minutes while HTTP, parsing and storage run for real.

Healthy feeds gain a few items every simulated couple of minutes. Each faulty feed spends most
of its time in one of the faults of tests/hostile_feeds.py (5xx, 429/503 with Retry-After,
resets, truncation, stalls and drips, bombs, huge bodies, redirect loops, HTML, garbage) and
now and then recovers for a while, so recoveries are counted too. Every five simulated minutes
a row: requests served, feed errors, recoveries, items stored, resident memory of this process
and of its parse workers.
"""

from __future__ import annotations

import argparse
import os
import asyncio
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from config import load_config  # noqa: E402
from feeds.engine import Engine  # noqa: E402
from feeds.schedule import Schedule  # noqa: E402
from feeds.session import LiveSession  # noqa: E402
from feeds.store import Store  # noqa: E402
from tests.feedserver import FeedServer  # noqa: E402
from tests.hostile_feeds import CASES, rss, rss_item  # noqa: E402

TALKS = REPO / "tests" / "data" / "talks.toml"
FAULTS = [case for case in CASES if case.expect == "error"]
BUCKET = 300.0  # simulated seconds per row


class FastClock:
    """Simulated time running `speed` times faster than the wall, from a fixed start."""

    def __init__(self, speed: float) -> None:
        self.speed = speed
        self.start = datetime(2022, 3, 29, 8, 0, tzinfo=UTC)
        self.wall = time.monotonic()

    def elapsed(self) -> float:
        return (time.monotonic() - self.wall) * self.speed

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.elapsed())

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds) / self.speed)


def rss_mb(pid: int | str = "self") -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def worker_rss_mb() -> float:
    """Resident memory of the parse processes: our children (the fork server) and theirs."""
    me = str(os.getpid())
    parents = {me}
    total = 0.0
    for _ in range(2):  # children, then grandchildren
        found = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if fields and fields[1] in parents:
                found.add(stat.parent.name)
        total += sum(rss_mb(pid) for pid in found)
        parents = found
    return total


@dataclass
class Newsroom:
    """What the feeds publish: healthy ones grow, faulty ones switch between a fault and health."""

    server: FeedServer
    feeds: int
    faulty: set[int]
    rng: random.Random
    items: dict[int, list[str]] = field(default_factory=dict)
    fault_of: dict[int, int] = field(default_factory=dict)
    broken: dict[int, bool] = field(default_factory=dict)
    published: int = 0

    def path(self, n: int) -> str:
        return f"/soak/{n}.xml"

    def publish(self, n: int, count: int, stamp: datetime) -> None:
        entries = self.items.setdefault(n, [])
        for _ in range(count):
            k = self.published
            self.published += 1
            title = ("Ceasefire talks: bulletin" if k % 5 == 0 else "Kremlin and Kyiv: bulletin") + f" {k}"
            entries.append(rss_item(title, f"soak-{n}-{k}", link=f"https://example.org/soak/{n}/{k}",
                                    date=stamp.strftime("%a, %d %b %Y %H:%M:%S GMT")))
        del entries[:-30]  # a feed shows its latest thirty
        if not self.broken.get(n):
            self.server.add(self.path(n), rss(*entries, title=f"Soak wire {n}"))

    def break_feed(self, n: int) -> None:
        self.broken[n] = True
        fault = FAULTS[self.fault_of.setdefault(n, self.rng.randrange(len(FAULTS)))]
        for path in [p for p in self.server.routes if p.startswith(self.path(n))]:
            del self.server.routes[path]
        fault.serve(self.server, self.path(n))

    def mend_feed(self, n: int, stamp: datetime) -> None:
        self.broken[n] = False
        self.fault_of[n] = self.rng.randrange(len(FAULTS))  # its next fault is another one
        self.publish(n, 0, stamp)


async def soak(feeds: int, minutes: float, speed: float, faulty_share: float, seed: int) -> None:
    rng = random.Random(seed)
    clock = FastClock(speed)
    scratch = Path(tempfile.mkdtemp(prefix="talkwatch-soak-"))
    with FeedServer() as server:
        room = Newsroom(server, feeds, set(rng.sample(range(feeds), max(1, round(feeds * faulty_share)))), rng)
        for n in range(feeds):
            room.publish(n, 3, clock.now())
            if n in room.faulty:
                room.break_feed(n)
        blocks = "".join(f'\n[[feeds]]\nurl = "{server.url(room.path(n))}"\nname = "Soak {n}"\ninterval = 120\n'
                         for n in range(feeds))
        config_path = scratch / "soak.toml"
        config_path.write_text(TALKS.read_text().replace("[alerts]", f"{blocks}\n[alerts]"))
        config = load_config(config_path)
        store = Store.open(scratch / "soak.db")
        engine = Engine(config, store)
        counts = {"errors": 0, "recoveries": 0, "polls": 0}
        failing: set[str] = set()

        async def on_batch(feed, batch) -> None:
            pass

        async def on_status(feed, state) -> None:
            counts["polls"] += 1
            if state.last_error:
                counts["errors"] += 1
                failing.add(feed.url)
            elif feed.url in failing:
                failing.discard(feed.url)
                counts["recoveries"] += 1

        stop = asyncio.Event()
        session = LiveSession(config, store, engine, on_batch, on_status, clock=clock.now, sleep=clock.sleep,
                              deadline=max(1.0, 120.0 / speed), schedule=Schedule())

        async def newsroom() -> None:
            while not stop.is_set():
                await clock.sleep(120)
                stamp = clock.now()
                for n in rng.sample(range(feeds), max(1, feeds // 4)):
                    room.publish(n, rng.randint(1, 3), stamp)
                for n in room.faulty:  # faulty feeds: broken about 2/3 of the time, in spells
                    if room.broken[n] and rng.random() < 0.15:
                        room.mend_feed(n, stamp)
                    elif not room.broken[n] and rng.random() < 0.3:
                        room.break_feed(n)

        header = (f"{'sim min':>7} {'requests':>8} {'polls':>6} {'errors':>6} {'recovered':>9} {'failing':>7} "
                  f"{'stored':>7} {'published':>9} {'RSS MB':>7} {'workers MB':>10}")
        print(f"talkwatch soak: {feeds} feeds, {len(room.faulty)} faulty, {minutes:g} simulated minutes "
              f"at {speed:g}x, faults drawn from {len(FAULTS)} kinds", flush=True)
        print(header)
        print("-" * len(header), flush=True)
        rows = []

        async def reporter() -> None:
            last_hits = 0
            bucket = 1
            while not stop.is_set():
                await clock.sleep(bucket * BUCKET - clock.elapsed())
                hits = sum(server.hits.values())
                row = (clock.elapsed() / 60, hits - last_hits, counts["polls"], counts["errors"],
                       counts["recoveries"], len(failing), store.count(), room.published, rss_mb(), worker_rss_mb())
                rows.append(row)
                print(f"{row[0]:7.0f} {row[1]:8d} {row[2]:6d} {row[3]:6d} {row[4]:9d} {row[5]:7d} {row[6]:7d} "
                      f"{row[7]:9d} {row[8]:7.1f} {row[9]:10.1f}", flush=True)
                last_hits = hits
                bucket += 1
                if clock.elapsed() >= minutes * 60:
                    stop.set()

        started = time.monotonic()
        async with session:
            await asyncio.gather(session.run(stop), newsroom(), reporter())
        wall = time.monotonic() - started
        store.close()
    print("-" * len(header))
    first_rss, last_rss = rows[0][8], rows[-1][8]
    peak = max(r[8] for r in rows)
    print(f"{wall:.0f} s of wall time; requests {sum(r[1] for r in rows)}, polls {counts['polls']}, "
          f"feed errors {counts['errors']}, recoveries {counts['recoveries']}, items stored {rows[-1][6]} "
          f"of {room.published} published; RSS {first_rss:.0f} -> {last_rss:.0f} MB (peak {peak:.0f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=100)
    parser.add_argument("--minutes", type=float, default=60.0, help="simulated minutes")
    parser.add_argument("--speed", type=float, default=30.0, help="simulated seconds per wall second")
    parser.add_argument("--faulty", type=float, default=0.1, help="share of feeds that are faulty")
    parser.add_argument("--seed", type=int, default=2022)
    args = parser.parse_args()
    asyncio.run(soak(args.feeds, args.minutes, args.speed, args.faulty, args.seed))


if __name__ == "__main__":
    main()
