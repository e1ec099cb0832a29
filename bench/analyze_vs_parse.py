"""`talkwatch analyze` on one big RSS document, against bare feedparser on the same bytes.

    /work/venv/bin/python bench/analyze_vs_parse.py            # 10,000 items, 2 rounds, profile
    /work/venv/bin/python bench/analyze_vs_parse.py --items 2000 --rounds 1 --no-subprocess

Target: the whole analyze path (parse_feed + Engine.analyse, in-process) <= 1.3 x bare
`feedparser.parse(bytes)`. Every round runs each contender once, in alternating order, with
a fresh Engine and the word-key cache emptied, so no contender profits from a warm cache.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import feedparser

import _corpus
from _common import PYTHON, Timing, cprofile_top, environment, table, timed, verdict
from config import load_config
from feeds import tokens
from feeds.engine import Engine
from feeds.parse import parse_feed
from feeds.records import divergence_record, item_record

TARGET = 1.3


def cold_engine(config) -> Engine:
    tokens._cache.clear()  # module-wide word keys: a new process starts without them
    return Engine(config)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--items", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--parties", type=int, default=20)
    ap.add_argument("--issues", type=int, default=30)
    ap.add_argument("--no-subprocess", action="store_true", help="skip the end-to-end CLI runs")
    ap.add_argument("--profile", choices=["cprofile", "pyinstrument", "none"], default="pyinstrument")
    ap.add_argument("--top", type=int, default=18)
    args = ap.parse_args()

    print(f"# analyze vs parse: {args.items} items, {args.parties} parties x {args.issues} issues; {environment()}")
    tmp = Path(tempfile.mkdtemp(prefix="tw-bench-analyze-"))
    doc = _corpus.rss(args.items)
    feed_path = tmp / "wire.xml"
    feed_path.write_bytes(doc)
    config_path = tmp / "config.toml"
    config_path.write_text(_corpus.config_text(args.parties, args.issues), encoding="utf-8")
    config = load_config(config_path)  # the real loader: the generated config must be valid
    url = feed_path.resolve().as_uri()
    print(f"document {len(doc) / 1e6:.1f} MB at {feed_path}; config {config_path}")

    bare = Timing("feedparser.parse(bytes)  [baseline]")
    tuned = Timing("feedparser.parse, parse_feed's options")
    pf = Timing("parse_feed (feedparser + normalise)")
    an = Timing("Engine.analyse (fresh engine)")
    total = Timing("parse_feed + Engine.analyse")
    cli = Timing("cli.main analyze, in-process, >/dev/null")

    def run_bare():
        with timed(bare):
            d = feedparser.parse(doc)
        assert len(d.entries) == args.items, len(d.entries)

    def run_tuned():
        with timed(tuned):
            feedparser.parse(io.BytesIO(doc), response_headers={"content-type": "application/xml",
                             "content-location": url}, sanitize_html=False, resolve_relative_uris=False)

    def run_pipeline():
        engine = cold_engine(config)
        with timed(total):
            with timed(pf):
                parsed = parse_feed(doc, url=url, source="wire")
            with timed(an):
                entries, divergences = engine.analyse(parsed.items)
        assert len(entries) == args.items
        run_pipeline.last = (entries, divergences)

    def run_cli():
        from tui.cli import main as cli_main

        tokens._cache.clear()
        with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink), timed(cli):
            status = cli_main(["analyze", "--config", str(config_path), str(feed_path)])
        assert status == 0

    order = [run_bare, run_tuned, run_pipeline, run_cli]
    for r in range(args.rounds):
        for fn in (order if r % 2 == 0 else order[::-1]):
            gc.collect()  # each contender starts from the same heap, not the last one's garbage
            fn()
        print(f"  round {r + 1}/{args.rounds} done", file=sys.stderr)

    entries, divergences = run_pipeline.last
    emit = Timing("building + dumping the JSON records")
    import json
    with timed(emit):
        for e in entries:
            json.dumps(item_record(e), ensure_ascii=False)
        for d in divergences:
            json.dumps(divergence_record(d), ensure_ascii=False)

    base, cpu_base = bare.median, bare.cpu_median
    rows = []
    for t in (bare, tuned, pf, an, total, cli, emit):
        rows.append([t.name, t.best, t.median, t.cpu_median, t.median / base, t.cpu_median / cpu_base,
                     args.items / t.median])
    print()
    print(table(["in-process", "best s", "median s", "cpu s", "x bare wall", "x bare cpu", "items/s"], rows))
    matched = sum(bool(e.reading.parties) for e in entries)
    print(f"\nitems with a party: {matched}/{len(entries)}; claims {sum(len(e.reading.claims) for e in entries)};"
          f" divergences {len(divergences)}")
    ratio = total.cpu_median / cpu_base
    print(f"engine share of the analyze path (cpu): {an.cpu_median / total.cpu_median:.0%};"
          f" parse_feed vs bare feedparser (cpu): {pf.cpu_median / cpu_base:.2f}x")
    print(f"TARGET parse_feed + analyse <= {TARGET} x bare parse: {ratio:.2f}x by CPU time,"
          f" {total.median / base:.2f}x by median wall, {total.best / bare.best:.2f}x best/best"
          f" -> {verdict(ratio <= TARGET)}  (cli.main in-process: {cli.cpu_median / cpu_base:.2f}x cpu)")

    if not args.no_subprocess:
        sub_base = Timing("python: import feedparser; parse(bytes)  [baseline]")
        sub_cli = Timing("talkwatch analyze --config C FILE >/dev/null")
        talkwatch = Path(PYTHON).with_name("talkwatch")
        base_cmd = [PYTHON, "-c", "import sys, feedparser; feedparser.parse(open(sys.argv[1], 'rb').read())",
                    str(feed_path)]
        cli_cmd = [str(talkwatch), "analyze", "--config", str(config_path), str(feed_path)]
        for r in range(args.rounds):
            pair = [(sub_base, base_cmd), (sub_cli, cli_cmd)]
            for timing, cmd in (pair if r % 2 == 0 else pair[::-1]):
                t0 = time.perf_counter()
                before = os.times()
                subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
                after = os.times()
                timing.wall.append(time.perf_counter() - t0)
                timing.cpu.append(after.children_user + after.children_system
                                  - before.children_user - before.children_system)
        rows = [[t.name, t.best, t.median, t.cpu_median, t.median / sub_base.median]
                for t in (sub_base, sub_cli)]
        print()
        print(table(["end to end (subprocess)", "best s", "median s", "cpu s", "x bare"], rows))

    if args.profile != "none":
        print(f"\n## profile of Engine.analyse on {args.items} parsed items (fresh engine, {args.profile})")
        items = parse_feed(doc, url=url, source="wire").items
        engine = cold_engine(config)
        if args.profile == "cprofile":
            _, text = cprofile_top(lambda: engine.analyse(items), args.top, "tottime")
            print(text)
        else:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            profiler.start()
            engine.analyse(items)
            profiler.stop()
            print(profiler.output_text(unicode=False, color=False, show_all=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
