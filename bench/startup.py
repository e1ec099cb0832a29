"""Time from launching the dashboard to its first painted screen with every pane filled.

    /work/venv/bin/python bench/startup.py                  # 50,000 stored items vs an empty store
    /work/venv/bin/python bench/startup.py --items 200000 --rebuild

The store is built once through Engine.ingest (the real write path) and kept in
$TMPDIR/talkwatch-bench/ between runs (--rebuild to make it again). Each launch, in this
process (imports already done, their cost printed separately):

  make_app    Store.open + make_app(config, store, live=False): the Engine warms its divergence
              ledger from the store here
  first paint run_test() entered: the screen composed and painted (panes still empty)
  filled      the history worker has read the store and the panes show it, painted again

Baseline: the same launch on an empty store. Rounds alternate empty / full. Target <= 1 s.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import _corpus
from _common import PYTHON, environment, table, verdict
from config import load_config
from config.loading import shipped_default_path
from feeds.engine import Engine
from feeds.store import Store
from tui.app import make_app
from tui.widgets.panes import EntryPane

TARGET = 1.0


def build(final: Path, config, count: int, days: int) -> float:
    """Build into a side file and rename it when complete, so an interrupted build is never reused."""
    path = final.with_suffix(".partial")
    for p in (final, path):
        for extra in ("", "-wal", "-shm"):
            Path(str(p) + extra).unlink(missing_ok=True)
    store = Store.open(path)
    engine = Engine(config, store)
    t = time.perf_counter()
    chunk = 1000
    span = timedelta(days=days)
    start = stored = 0
    while stored < count:  # the store drops the rare generated story that repeats one (same words, same feed)
        n = min(chunk, count - stored)
        t0 = _corpus.T0 + span * (stored / count)
        batch = engine.ingest(_corpus.items(n, start=start, span=span * (n / count), t0=t0))
        start += n
        stored += len(batch.entries)
        if start % 10_000 == 0:
            print(f"  built {stored}/{count}", file=sys.stderr)
    store.mark_all_printed()
    assert store.count() == count
    store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    path.rename(final)
    return time.perf_counter() - t


async def launch(db: Path, config, width: int, height: int) -> dict:
    gc.collect()
    t0 = time.perf_counter()
    store = Store.open(db)
    app = make_app(config, store, live=False)
    t_app = time.perf_counter()
    painted: list[float] = []
    original = app._display

    def display(screen, renderable):
        original(screen, renderable)
        if renderable is not None and hasattr(renderable, "render_segments"):
            renderable.render_segments(app.console)  # what a real terminal driver would build
        painted.append(time.perf_counter())

    app._display = display
    try:
        async with app.run_test(size=(width, height)) as pilot:
            t_first = painted[0] if painted else time.perf_counter()
            await app.workers.wait_for_complete()
            t_loaded = time.perf_counter()
            await pilot.pause()
            deadline = time.perf_counter() + 30
            panes = list(app.dashboard.query(EntryPane))
            # every pane that has stored news shows it, and a paint happened after that
            while time.perf_counter() < deadline and not (painted and painted[-1] >= t_loaded):
                await asyncio.sleep(0.002)
            t_filled = painted[-1] if painted and painted[-1] >= t_loaded else float("nan")
            filled = sum(1 for p in panes if p.entries)
            shown = app.dashboard.status.stored
    finally:
        store.close()
    return {"make_app": t_app - t0, "first_paint": t_first - t0, "filled": t_filled - t0,
            "panes_filled": filled, "panes": len(panes), "stored_shown": shown}


def import_cost() -> float:
    code = ("import time; t = time.perf_counter(); import tui.app, feeds.engine, feeds.store;"
            " print(time.perf_counter() - t)")
    out = subprocess.run([PYTHON, "-X", "frozen_modules=on", "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--items", type=int, default=50_000)
    ap.add_argument("--days", type=int, default=14, help="the items' time span (the ledger warms the last 7 days)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--config-from", choices=["bench", "default"], default="bench")
    ap.add_argument("--width", type=int, default=200)
    ap.add_argument("--height", type=int, default=60)
    ap.add_argument("--profile", action="store_true", help="cProfile one full launch")
    args = ap.parse_args()

    cache = Path(tempfile.gettempdir()) / "talkwatch-bench"
    cache.mkdir(exist_ok=True)
    if args.config_from == "default":
        config = load_config(shipped_default_path())
    else:
        cfg = cache / "startup-config.toml"
        cfg.write_text(_corpus.config_text(), encoding="utf-8")
        config = load_config(cfg)
    full = cache / f"startup-{args.config_from}-{args.items}-{args.days}d.db"
    print(f"# startup: {args.items} stored items over {args.days} days vs empty; {len(config.parties)} parties x "
          f"{len(config.issues)} issues; {args.width}x{args.height}; {environment()}")
    if args.rebuild or not full.exists():
        seconds = build(full, config, args.items, args.days)
        print(f"built {full} through Engine.ingest in {seconds:.1f} s ({args.items / seconds:.0f} items/s)")
    else:
        print(f"reusing {full} (--rebuild to make it again)")
    empty = Path(tempfile.mkdtemp(prefix="tw-bench-start-")) / "empty.db"
    Store.open(empty).close()

    results: dict[str, list[dict]] = {"empty store (baseline)": [], f"{args.items} items": []}
    for r in range(args.rounds):
        pair = [("empty store (baseline)", empty), (f"{args.items} items", full)]
        for label, db in (pair if r % 2 == 0 else pair[::-1]):
            results[label].append(asyncio.run(launch(db, config, args.width, args.height)))

    base = statistics.median(x["filled"] for x in results["empty store (baseline)"])
    rows = []
    for label, rs in results.items():
        med = {k: statistics.median(x[k] for x in rs) for k in ("make_app", "first_paint", "filled")}
        rows.append([label, len(rs), med["make_app"], med["first_paint"], med["filled"], max(x["filled"] for x in rs),
                     med["filled"] / base, f"{rs[0]['panes_filled']}/{rs[0]['panes']}", rs[0]["stored_shown"]])
    print()
    print(table(["store", "runs", "make_app s", "first paint s", "filled s", "worst s", "x empty", "panes filled",
                 "status: stored"], rows))
    imports = import_cost()
    worst = max(x["filled"] for x in results[f"{args.items} items"])
    print(f"\nimports (tui.app, feeds.engine, feeds.store) in a fresh interpreter: {imports:.2f} s, not included above")
    print(f"TARGET launch -> filled panes painted <= {TARGET} s with {args.items} items: median "
          f"{rows[1][4]:.2f} s, worst {worst:.2f} s ({rows[1][4] / base:.1f}x empty) -> {verdict(worst <= TARGET)}"
          f"; with imports {rows[1][4] + imports:.2f} s")

    if args.profile:
        import cProfile
        import io
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        asyncio.run(launch(full, config, args.width, args.height))
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("cumtime").print_stats(30)
        text = out.getvalue()
        print(f"\n## cProfile (cumulative) of one launch with {args.items} items")
        print(text[text.find("   ncalls"):])
    return 0


if __name__ == "__main__":
    sys.exit(main())
