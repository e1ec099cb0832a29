"""How long the dashboard takes to answer a key while a burst of 5,000 new entries lands.

    /work/venv/bin/python bench/ui_burst.py                    # 5,000 entries, 3 repeats per shape
    /work/venv/bin/python bench/ui_burst.py --burst 20000 --repeats 5 --config-from default

The real app (make_app(config, store, live=False)) under `App.run_test()`, 200x60 cells, with a
history in its store. The entries are ingested by the app's own engine first (untimed, as the
live session does in a thread), then posted as BatchArrived messages: one message of 5,000, or
50 of 100. Right after posting, a Down key is sent the way Pilot sends it, and we time:

  key -> handled   the focused pane's cursor action ran
  key -> painted   the next screen update after that was composed and rendered to a string
                   (headless Textual skips building the escape sequences; we do it here, so the
                   figure includes what a terminal would cost)
  loop lag         a probe task sleeping 5 ms and measuring how late it wakes (max over the burst)

Baseline: the same key and probe on the same app, idle. Target: key answered within 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import _corpus
from _common import environment, rss_mb, table, verdict
from config import load_config
from config.loading import shipped_default_path
from config.schema import Feed
from feeds.engine import Batch, Engine
from feeds.store import Store
from textual import events
from tui.app import make_app
from tui.messages import BatchArrived
from tui.widgets.panes import EntryPane

TARGET_MS = 100
FEED = Feed("https://news0.example.org/rss.xml", "Outlet 0")


class Probe:
    """Measures how late the event loop runs a task that asked to sleep `period` seconds."""

    def __init__(self, period: float = 0.005) -> None:
        self.period = period
        self.samples: list[tuple[float, float]] = []
        self._task: asyncio.Task | None = None

    async def _run(self) -> None:
        while True:
            t = time.perf_counter()
            await asyncio.sleep(self.period)
            now = time.perf_counter()
            self.samples.append((now, now - t - self.period))

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass

    def max_lag(self, start: float, end: float) -> float:
        lags = [lag for t, lag in self.samples if start <= t <= end + 5]
        return max(lags) if lags else 0.0


class KeyClock:
    """Hooks the focused pane's cursor action and the app's display to time one key."""

    def __init__(self, app, pane: EntryPane) -> None:
        self.app, self.pane = app, pane
        self.handled: float | None = None
        self.painted: float | None = None
        self.paint_times: list[float] = []
        original_action = pane.action_cursor
        original_display = app._display

        def action_cursor(step: int) -> None:
            original_action(step)
            if self.handled is None:
                self.handled = time.perf_counter()

        def display(screen, renderable) -> None:
            t = time.perf_counter()
            original_display(screen, renderable)
            if renderable is not None and hasattr(renderable, "render_segments"):
                renderable.render_segments(app.console)  # what a real terminal driver would build
            done = time.perf_counter()
            self.paint_times.append(done - t)
            if self.handled is not None and self.painted is None:
                self.painted = done

        pane.action_cursor = action_cursor
        app._display = display

    async def press(self, key: str = "down", timeout: float = 30.0) -> tuple[float, float]:
        """Send the key as Pilot does, without waiting; return (to handled, to painted) seconds."""
        self.handled = self.painted = None
        event = events.Key(key, None)
        event.set_sender(self.app)
        t0 = time.perf_counter()
        self.app._driver.send_message(event)
        deadline = t0 + timeout
        while self.painted is None and time.perf_counter() < deadline:
            await asyncio.sleep(0.001)
        if self.painted is None:
            raise TimeoutError("the key was not answered")
        return self.handled - t0, self.painted - t0


def time_batch_handlers(screen_class, sink: list[float]) -> None:
    """Wrap the screen's @on(BatchArrived) handlers (Textual keeps them in a class registry)."""
    registry = screen_class.__dict__.get("_decorated_handlers", {})
    handlers = registry.get(BatchArrived)
    if not handlers:
        raise RuntimeError("no @on(BatchArrived) handler found on the dashboard screen")
    for n, (method, selectors) in enumerate(handlers):
        if getattr(method, "_bench_timed", False):
            continue

        def timed(self, message, _method=method):
            t = time.perf_counter()
            result = _method(self, message)
            sink.append(time.perf_counter() - t)
            return result

        timed._bench_timed = True
        handlers[n] = (timed, selectors)


def build_store(path: Path, config, history: int) -> Store:
    store = Store.open(path)
    engine = Engine(config, store)
    for start in range(0, history, 1000):
        engine.ingest(_corpus.items(min(1000, history - start), start=start))
    return store


async def run(args) -> int:
    if args.config_from == "default":
        config = load_config(shipped_default_path())
    else:
        scratch_cfg = Path(tempfile.mkdtemp(prefix="tw-bench-ui-")) / "config.toml"
        scratch_cfg.write_text(_corpus.config_text(args.parties, args.issues), encoding="utf-8")
        config = load_config(scratch_cfg)
    scratch = Path(tempfile.mkdtemp(prefix="tw-bench-ui-"))
    t = time.perf_counter()
    store = build_store(scratch / "ui.db", config, args.history)
    print(f"# ui burst: {args.burst} entries; {len(config.parties)} parties x {len(config.issues)} issues "
          f"({len(config.parties) + len(config.issues) + 1} panes); history {args.history} items "
          f"(built in {time.perf_counter() - t:.1f} s); {environment()}")

    app = make_app(config, store, live=False)
    results: dict[str, list[tuple[float, float, float, float]]] = {}
    next_item = args.history
    async with app.run_test(size=(args.width, args.height)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        dashboard = app.dashboard
        pane = dashboard.query_one("#pane-all", EntryPane)
        assert pane.has_focus, "the All news pane should have the focus"
        assert pane.entries, "history should have filled the panes"
        clock = KeyClock(app, pane)
        handler_times: list[float] = []
        time_batch_handlers(type(dashboard), handler_times)
        probe = Probe()
        probe.start()
        await asyncio.sleep(0.3)

        async def reset() -> None:
            await pilot.press("home")
            await pilot.pause()
            await asyncio.sleep(0.05)

        # baseline: the same key on the idle app
        idle = []
        for _ in range(max(5, args.repeats)):
            await reset()
            start = time.perf_counter()
            handled, painted = await clock.press()
            idle.append((handled, painted, probe.max_lag(start, time.perf_counter()), 0.0))
        results["idle (baseline)"] = idle

        async def burst(messages: int) -> tuple[float, float, float, float]:
            nonlocal next_item
            # newer than everything shown, as live news is: each burst an hour after the last
            hour = (next_item - args.history) // args.burst
            items = _corpus.items(args.burst, start=next_item, span=timedelta(minutes=50),
                                  t0=_corpus.T0 + timedelta(days=14, hours=hour))
            next_item += args.burst
            batch = await asyncio.to_thread(app.engine.ingest, items)  # untimed: the session does this in a thread
            assert len(batch.entries) >= 0.99 * args.burst, (len(batch.entries), args.burst)  # rare repeats dropped
            per = -(-len(batch.entries) // messages)
            await reset()
            handler_times.clear()
            start = time.perf_counter()
            for k in range(messages):
                part = Batch(batch.entries[k * per:(k + 1) * per],
                             batch.divergences if k == messages - 1 else (),
                             batch.alerts if k == messages - 1 else ())
                dashboard.post_message(BatchArrived(FEED, part))
            handled, painted = await clock.press()
            await pilot.pause()
            while len(handler_times) < messages:
                await asyncio.sleep(0.01)
            return handled, painted, probe.max_lag(start, time.perf_counter()), sum(handler_times)

        for label, messages in ((f"1 message of {args.burst}", 1), (f"{args.split} messages of {args.burst // args.split}", args.split)):
            results[label] = [await burst(messages) for _ in range(args.repeats)]
            print(f"  {label}: done", file=sys.stderr)
        await probe.stop()
        panes = len(dashboard.entry_panes)
        stored = store.count()

    base = statistics.median(p for _, p, _, _ in results["idle (baseline)"])
    rows = []
    for label, rs in results.items():
        painted = [p for _, p, _, _ in rs]
        rows.append([label, len(rs), 1000 * statistics.median(h for h, _, _, _ in rs), 1000 * statistics.median(painted),
                     1000 * max(painted), statistics.median(painted) / base, 1000 * max(l for _, _, l, _ in rs),
                     1000 * statistics.median(s for _, _, _, s in rs)])
    print()
    print(table(["key press while", "runs", "handled ms", "painted ms", "worst ms", "x idle", "max loop lag ms",
                 "batch handlers ms"], rows))
    worst = max(max(p for _, p, _, _ in rs) for label, rs in results.items() if label != "idle (baseline)")
    print(f"\n{panes} panes, {stored} items stored, RSS {rss_mb():.0f} MB")
    print(f"TARGET key answered (painted) within {TARGET_MS} ms during a burst of {args.burst}: worst "
          f"{worst * 1000:.0f} ms ({worst / base:.0f}x idle) -> {verdict(worst * 1000 <= TARGET_MS)}")
    store.close()

    if args.profile:
        await profile_burst(args, config, scratch)
    return 0


async def profile_burst(args, config, scratch: Path) -> None:
    """cProfile of the batch handler for one burst, on a fresh app (the work blocking the loop)."""
    import cProfile
    import io
    import pstats

    store = build_store(scratch / "profile.db", config, args.history)
    app = make_app(config, store, live=False)
    async with app.run_test(size=(args.width, args.height)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        batch = await asyncio.to_thread(app.engine.ingest, _corpus.items(
            args.burst, start=10_000_000, span=timedelta(minutes=50), t0=_corpus.T0 + timedelta(days=15)))
        profiler = cProfile.Profile()
        profiler.enable()
        app.dashboard.post_message(BatchArrived(FEED, batch))
        await pilot.pause()
        await pilot.press("down")
        await pilot.pause()
        profiler.disable()
    store.close()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("cumtime").print_stats(28)
    text = out.getvalue()
    print("\n## cProfile (cumulative) of one burst of", args.burst, "through the dashboard, key included")
    print(text[text.find("   ncalls"):])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--burst", type=int, default=5000)
    ap.add_argument("--split", type=int, default=50, help="the second shape: this many messages")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--history", type=int, default=2000, help="items in the store before the app starts")
    ap.add_argument("--config-from", choices=["bench", "default"], default="bench",
                    help="bench: the generated 20 parties x 30 issues; default: the shipped config")
    ap.add_argument("--parties", type=int, default=20)
    ap.add_argument("--issues", type=int, default=30)
    ap.add_argument("--width", type=int, default=200)
    ap.add_argument("--height", type=int, default=60)
    ap.add_argument("--profile", action="store_true", help="also cProfile one burst")
    return asyncio.run(run(ap.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
