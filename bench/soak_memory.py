"""An accelerated soak: 100,000 items through Engine.ingest and the live dashboard, RSS sampled.

    /work/venv/bin/python bench/soak_memory.py                    # 30,000 items in batches of 1,000 (~2 min)
    /work/venv/bin/python bench/soak_memory.py --full             # 100,000 items (~10-15 min today)
    /work/venv/bin/python bench/soak_memory.py --items 300000 --batch 2000 --tracemalloc

The real app (make_app(config, store, live=False)) under `App.run_test()`; each batch of new
items goes through the app's own engine in a thread (as LiveSession does: store, ledger,
alerts) and then to the dashboard as a BatchArrived message, and the loop is let paint. The
news clock advances ~2 minutes per item, so the 7-day divergence window turns over many
times. RSS (VmRSS from /proc/self/status) is sampled after every batch.

Baseline: the RSS with the app running on an empty store, before the first batch.
Target: peak RSS <= 150 MB, and flat: the slope over the second half of the soak near zero
(we print MB per 10,000 items; "flat" here means < 1 MB per 10,000 items).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import _corpus
from _common import environment, peak_rss_mb, rss_mb, table, verdict
from config import load_config
from config.loading import shipped_default_path
from config.schema import Feed
from tui.app import make_app
from tui.messages import BatchArrived

TARGET_MB = 150
FLAT_MB_PER_10K = 1.0
FEED = Feed("https://news0.example.org/rss.xml", "Outlet 0")
MINUTES_PER_ITEM = 2


def slope(points: list[tuple[int, float]]) -> float:
    """Least-squares MB per item."""
    n = len(points)
    if n < 2:
        return 0.0
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    den = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / den if den else 0.0


async def run(args) -> int:
    if args.config_from == "default":
        config = load_config(shipped_default_path())
    else:
        cfg = Path(tempfile.mkdtemp(prefix="tw-bench-soak-")) / "config.toml"
        cfg.write_text(_corpus.config_text(), encoding="utf-8")
        config = load_config(cfg)
    scratch = Path(tempfile.mkdtemp(prefix="tw-bench-soak-"))
    from feeds.store import Store

    store = Store.open(scratch / "soak.db")
    print(f"# soak: {args.items} items in batches of {args.batch}; {len(config.parties)} parties x "
          f"{len(config.issues)} issues; {environment()}")
    rss_start = rss_mb()
    app = make_app(config, store, live=False)
    samples: list[tuple[int, float, float]] = []  # (items so far, RSS MB, seconds)
    t0 = time.perf_counter()
    ingest_s = ui_s = 0.0
    stored = 0
    async with app.run_test(size=(args.width, args.height)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        gc.collect()
        baseline = rss_mb()
        samples.append((0, baseline, 0.0))
        n = 0
        while n < args.items:
            size = min(args.batch, args.items - n)
            items = _corpus.items(size, start=n, span=timedelta(minutes=MINUTES_PER_ITEM * size),
                                  t0=_corpus.T0 + timedelta(minutes=MINUTES_PER_ITEM * n))
            t = time.perf_counter()
            batch = await asyncio.to_thread(app.engine.ingest, items)
            ingest_s += time.perf_counter() - t
            stored += len(batch.entries)
            t = time.perf_counter()
            app.dashboard.post_message(BatchArrived(FEED, batch))
            await pilot.pause()
            ui_s += time.perf_counter() - t
            n += size
            samples.append((n, rss_mb(), time.perf_counter() - t0))
            if n % (args.items // 10 or 1) < args.batch:
                print(f"  {n} items, RSS {samples[-1][1]:.0f} MB", file=sys.stderr)
        panes = {p.id: len(p.entries) for p in app.dashboard.entry_panes}
        snapshot = None
        if args.tracemalloc:
            import tracemalloc

            gc.collect()
            snapshot = tracemalloc.take_snapshot()
    wall = time.perf_counter() - t0
    store.close()

    peak = max(r for _, r, _ in samples)
    half = [(x, r) for x, r, _ in samples if x >= args.items / 2]
    per_10k_second_half = slope(half) * 10_000
    per_10k_all = slope([(x, r) for x, r, _ in samples[1:]]) * 10_000
    print()
    step = max(1, len(samples) // 10)
    rows = [[x, r, r - baseline, s] for x, r, s in samples[::step]]
    if rows[-1][0] != samples[-1][0]:
        x, r, s = samples[-1]
        rows.append([x, r, r - baseline, s])
    print(table(["items so far", "RSS MB", "over baseline MB", "elapsed s"], rows))
    print(f"\nRSS before the app: {rss_start:.0f} MB; app idle on an empty store (baseline): {baseline:.0f} MB;"
          f" peak {peak:.0f} MB ({peak / baseline:.2f}x baseline); VmHWM {peak_rss_mb():.0f} MB")
    print(f"slope: {per_10k_all:+.2f} MB per 10,000 items over the whole soak, {per_10k_second_half:+.2f} over the second half")
    print(f"{stored} stored of {args.items}; {wall:.0f} s ({args.items / wall:.0f} items/s): ingest {ingest_s:.0f} s,"
          f" dashboard {ui_s:.0f} s; rows per pane at the end: max {max(panes.values())}")
    flat = per_10k_second_half < FLAT_MB_PER_10K
    print(f"TARGET peak RSS <= {TARGET_MB} MB: {peak:.0f} MB -> {verdict(peak <= TARGET_MB)};"
          f" flat (< {FLAT_MB_PER_10K} MB per 10k items, second half): {per_10k_second_half:+.2f} -> {verdict(flat)}")

    if snapshot is not None:
        total = sum(stat.size for stat in snapshot.statistics("filename"))
        print(f"\n## tracemalloc: {total / 1e6:.0f} MB traced in all; top 15 lines holding memory at the end,"
              " app still running (RSS under tracemalloc is inflated by its own bookkeeping)")
        for stat in snapshot.statistics("lineno")[:15]:
            print(f"  {stat.size / 1e6:7.1f} MB  {stat.count:8d} blocks  {stat.traceback}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--items", type=int, default=30_000)
    ap.add_argument("--full", action="store_true", help="the full soak: 100,000 items")
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--config-from", choices=["bench", "default"], default="bench")
    ap.add_argument("--width", type=int, default=200)
    ap.add_argument("--height", type=int, default=60)
    ap.add_argument("--tracemalloc", action="store_true", help="show what holds memory at the end (slow)")
    args = ap.parse_args()
    if args.full:
        args.items = max(args.items, 100_000)
    if args.tracemalloc:
        import tracemalloc

        tracemalloc.start(1)
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
