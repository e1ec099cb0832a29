"""`talkwatch poll --once` against `newsboat -x reload` on the team's feed farm (200 feeds x 50 items).

    /work/venv/bin/python bench/poll_vs_newsboat.py                 # 2 cold + 2x2 warm runs each, profile
    /work/venv/bin/python bench/poll_vs_newsboat.py --rounds 1 --warm 1 --profile none
    /work/venv/bin/python bench/poll_vs_newsboat.py --config-from default   # the shipped parties/issues

Needs nginx (Debian nginx-light) and newsboat (Debian newsboat: `apt-get install -y newsboat`).
In one run, alternating which client goes first: a cold newsboat reload (fresh cache,
reload-threads 8) and a cold talkwatch poll (fresh store), then warm cycles where nothing
changed (newsboat's second reload on its cache; talkwatch's second poll on its store).
Both run as subprocesses; CPU is user+sys of the whole process tree (talkwatch's parse
workers included). Then, in this process, the same poll through LiveSession, warm cycles in
one session (what the dashboard does every interval), and a phase breakdown.

Targets: cold talkwatch <= 0.5 x newsboat's cold wall; warm <= 0.25 s wall.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import _farm
from _common import PYTHON, environment, table, verdict

TARGET_COLD = 0.5
TARGET_WARM = 0.25

try:
    import psutil
except ImportError:  # CPU of grandchildren then comes from wait4 only
    psutil = None


# --- running one client ------------------------------------------------------------------------

def run_measured(cmd: list[str], *, stdout=subprocess.DEVNULL, env=None, cwd=None) -> dict:
    """Run cmd; wall seconds and user+sys CPU of it and every descendant (sampled every 20 ms)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE, env=env, cwd=cwd)
    seen: dict[int, float] = {}
    root = psutil.Process(proc.pid) if psutil is not None else None
    while True:  # reap with wait4 ourselves: it gives the child's rusage (Popen.poll would take it)
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if root is not None:
            try:
                for p in [root, *root.children(recursive=True)]:
                    try:
                        t = p.cpu_times()
                        seen[p.pid] = t.user + t.system
                    except psutil.Error:
                        pass
            except psutil.Error:
                pass
        time.sleep(0.02)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    waited = usage.ru_utime + usage.ru_stime
    sampled = sum(v for pid, v in seen.items() if pid != proc.pid) + waited
    return {"wall": wall, "cpu": max(waited, sampled), "rc": proc.returncode, "stderr": err,
            "rss_mb": usage.ru_maxrss / 1024}


def newsboat_items(cache: Path) -> int:
    with sqlite3.connect(cache) as db:
        return db.execute("SELECT count(*) FROM rss_item").fetchone()[0]


def store_items(db: Path) -> int:
    with sqlite3.connect(db) as c:
        return c.execute("SELECT count(*) FROM items").fetchone()[0]


def count_lines(path: Path) -> collections.Counter:
    out: collections.Counter = collections.Counter()
    with open(path, encoding="utf-8") as f:
        for line in f:
            out[json.loads(line)["type"]] += 1
    return out


# --- configs -------------------------------------------------------------------------------------

def _q(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def wrapper_config(farm_config: Path, out: Path) -> Path:
    """The farm's feeds with the shipped default's talks, parties and issues."""
    from config.loading import shipped_default_path

    default = tomllib.loads(shipped_default_path().read_text(encoding="utf-8"))
    farm = tomllib.loads(farm_config.read_text(encoding="utf-8"))
    lines = ["[talks]", f"title = {_q(default['talks']['title'])}", ""]
    for table_name in ("parties", "issues"):
        for row in default[table_name]:
            lines.append(f"[[{table_name}]]")
            for key, value in row.items():
                lines.append(f"{key} = " + (_q(value) if isinstance(value, str) else
                                            "[" + ", ".join(_q(v) for v in value) + "]"))
            lines.append("")
    for feed in farm["feeds"]:
        lines += ["[[feeds]]", f"url = {_q(feed['url'])}", f"name = {_q(feed.get('name', feed['url']))}", ""]
    out.write_text("\n".join(lines), encoding="utf-8")
    return out


def choose_config(farm: Path, mode: str, scratch: Path) -> tuple[Path, str]:
    from config import ConfigError, load_config

    farm_config = farm / "config.toml"
    if mode == "farm":
        try:
            config = load_config(farm_config)
            if config.parties and config.issues and config.feeds:
                return farm_config, (f"farm's own config.toml loads with talkwatch's loader: "
                                     f"{len(config.parties)} parties, {len(config.issues)} issues, "
                                     f"{len(config.feeds)} feeds")
        except ConfigError as error:
            print(f"farm config does not load ({error}); using the default's parties/issues", file=sys.stderr)
    path = wrapper_config(farm_config, scratch / "wrapped.toml")
    config = load_config(path)
    return path, (f"wrapper: shipped default's {len(config.parties)} parties and {len(config.issues)} issues"
                  f" + the farm's {len(config.feeds)} feeds")


# --- in-process measurements ---------------------------------------------------------------------

async def in_process(config_path: Path, db: Path, warm: int) -> dict:
    from config import load_config
    from feeds.engine import Engine
    from feeds.session import LiveSession
    from feeds.store import Store

    config = load_config(config_path)
    store = Store.open(db)
    engine = Engine(config, store)
    stored = 0

    async def on_batch(feed, batch):
        nonlocal stored
        stored += len(batch.entries)

    out: dict = {}
    try:
        async with LiveSession(config, store, engine, on_batch) as session:
            t, c = time.perf_counter(), time.process_time()
            summary = await session.poll_once()
            out["cold"] = (time.perf_counter() - t, time.process_time() - c, summary, stored)
            walls = []
            for _ in range(warm):
                before = stored
                t, c = time.perf_counter(), time.process_time()
                summary = await session.poll_once()
                walls.append((time.perf_counter() - t, time.process_time() - c, summary, stored - before))
            out["warm"] = walls
    finally:
        store.close()
    return out


async def fetch_all(config_path: Path, concurrency: int = 8) -> tuple[float, list]:
    from config import load_config
    from feeds.fetch import fetch, make_client

    config = load_config(config_path)
    slots = asyncio.Semaphore(concurrency)
    async with make_client() as client:
        async def one(feed):
            async with slots:
                return feed, await fetch(client, feed.url)

        t = time.perf_counter()
        results = await asyncio.gather(*(one(f) for f in config.feeds))
        return time.perf_counter() - t, results


def phases(config_path: Path, scratch: Path) -> list[list]:
    """Each stage of a cold poll alone, one after another, in this process."""
    from concurrent.futures import ProcessPoolExecutor
    import multiprocessing

    from config import load_config
    from feeds.engine import Engine
    from feeds.parse import parse_feed
    from feeds.store import Store

    config = load_config(config_path)
    rows = []
    wall, fetched = asyncio.run(fetch_all(config_path))
    bodies = [(feed, r.body, r.content_type) for feed, r in fetched if r.body]
    rows.append(["fetch 200 bodies (httpx, 8 at once)", wall, float("nan"), f"{sum(len(b) for _, b, _ in bodies) / 1e6:.1f} MB"])

    t, c = time.perf_counter(), time.process_time()
    parsed = [parse_feed(b, url=f.url, headers={"content-type": ct} if ct else {}, source=f.name) for f, b, ct in bodies]
    rows.append(["parse_feed x200, one core, in-process", time.perf_counter() - t, time.process_time() - c,
                 f"{sum(len(p.items) for p in parsed)} items"])

    ctx = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(2, mp_context=ctx) as pool:
        list(pool.map(int, range(2)))
        t = time.perf_counter()
        futures = [pool.submit(parse_feed, b, url=f.url, source=f.name) for f, b, _ in bodies]
        [fu.result() for fu in futures]
        rows.append(["parse_feed x200, 2 worker processes", time.perf_counter() - t, float("nan"), "wall"])

    items = [i for p in parsed for i in p.items]
    engine = Engine(config)
    t, c = time.perf_counter(), time.process_time()
    engine.analyse(items)
    rows.append(["Engine.analyse (no store) of all items", time.perf_counter() - t, time.process_time() - c, ""])

    store = Store.open(scratch / "phase.db")
    engine = Engine(config, store)
    t, c = time.perf_counter(), time.process_time()
    for p in parsed:  # one ingest per feed, as the poller does
        engine.ingest(list(p.items))
    rows.append(["Engine.ingest per feed (analyse + SQLite)", time.perf_counter() - t, time.process_time() - c,
                 f"{store.count()} stored"])
    t, c = time.perf_counter(), time.process_time()
    for p in parsed:
        store.fresh(list(p.items))
    rows.append(["  of which store.fresh (re-run, all known)", time.perf_counter() - t, time.process_time() - c, ""])
    store.close()
    return rows


# --- profile ---------------------------------------------------------------------------------------

CATEGORIES = [
    ("feedparser", ("feedparser/", "xml/sax", "expatreader", "pyexpat")),
    ("normalise (parse.py/text.py)", ("feeds/parse.py", "feeds/text.py", "html/parser")),
    ("engine: match", ("feeds/match.py", "rapidfuzz")),
    ("engine: claims", ("feeds/claims.py",)),
    ("engine: tokens/sentences", ("feeds/tokens.py", "feeds/sentences.py")),
    ("engine: divergences", ("feeds/divergences.py",)),
    ("engine: analysis/engine", ("feeds/analysis.py", "feeds/engine.py")),
    ("store: SQLite", ("feeds/store.py", "feeds/identity.py", "sqlite3")),
    ("http: httpx/httpcore/h11", ("httpx/", "httpcore/", "h11/", "feeds/fetch.py", "anyio/", "ssl.py")),
    ("output: JSON records", ("feeds/records.py", "json/", "emit (tui/cli.py")),
    ("poller/session glue", ("feeds/poller.py", "feeds/session.py", "feeds/schedule.py")),
    ("imports", ("<frozen importlib", "importlib/")),
    ("process pool / IPC", ("concurrent/futures", "multiprocessing/", "pickle")),
    ("asyncio loop", ("asyncio/", "selectors.py")),
]


def classify(stack: list[str]) -> str:
    """The innermost category a sample's stack falls in (leaf first)."""
    for frame in reversed(stack):
        for name, marks in CATEGORIES:  # first match wins: list order breaks ties
            if any(m in frame for m in marks):
                return name
    return "other"


def py_spy_profile(cmd: list[str], scratch: Path, env: dict, rate: int = 250) -> str:
    spy = shutil.which("py-spy") or str(Path(PYTHON).with_name("py-spy"))
    if not Path(spy).exists():
        return "py-spy not installed (pip install py-spy): no profile"
    raw = scratch / "profile.txt"
    proc = subprocess.run([spy, "record", "--subprocesses", "--threads", "--rate", str(rate),
                           "--format", "raw", "-o", str(raw), "--", *cmd],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    if proc.returncode != 0 or not raw.exists():
        return f"py-spy failed: {proc.stderr.decode(errors='replace')[-400:]}"
    # py-spy samples only threads that are running (not waiting), so every sample is busy time.
    by_thread: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    totals: collections.Counter = collections.Counter()
    for line in raw.read_text().splitlines():
        stack_text, _, count = line.rpartition(" ")
        frames = stack_text.split(";")
        procs = [f for f in frames if f.startswith("process ")]
        threads = [f for f in frames if f.startswith("thread (")]
        stack = [f for f in frames if not f.startswith(("process ", "thread ("))]
        if len(procs) <= 1:
            who = "talkwatch process"
        elif "forkserver" in procs[-1] or "spawn_main" in procs[-1]:
            who = "parse worker processes"
        else:
            who = "helper processes (resource tracker)"
        thread = threads[-1].split(": ", 1)[-1] if threads and ": " in threads[-1] else "thread"
        if thread.startswith("asyncio_"):
            thread = "to_thread pool (ingest)"
        elif thread.startswith("talkwatch-parse"):
            thread = "parse thread"
        key = f"{who} / {thread}" if who == "talkwatch process" else who
        category = classify(stack)
        by_thread[key][category] += int(count)
        totals[category] += int(count)
    lines = [f"py-spy, {rate} samples/s of running (not waiting) threads, all processes; seconds of CPU-ish time:"]
    for key, counter in sorted(by_thread.items(), key=lambda kv: -sum(kv[1].values())):
        lines.append(f"  {key}: {sum(counter.values()) / rate:.2f} s busy")
        for cat, n in counter.most_common(8):
            if n / rate >= 0.02:
                lines.append(f"      {cat:34s} {n / rate:6.2f} s")
    lines.append("  busy time by category, all processes and threads:")
    busy_total = sum(totals.values()) or 1
    for cat, n in totals.most_common():
        if n / rate >= 0.02:
            lines.append(f"      {cat:34s} {n / rate:6.2f} s  {n / busy_total:5.1%}")
    return "\n".join(lines)


# --- main -------------------------------------------------------------------------------------------

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=2, help="cold runs of each client")
    ap.add_argument("--warm", type=int, default=2, help="warm cycles of each client after each cold run")
    ap.add_argument("--farm", type=Path, help="reuse this farm directory (generated for --port)")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--config-from", choices=["farm", "default"], default="farm",
                    help="farm: the farm's config.toml; default: the shipped default's parties/issues + farm feeds")
    ap.add_argument("--profile", choices=["py-spy", "none"], default="py-spy")
    ap.add_argument("--no-phases", action="store_true")
    args = ap.parse_args()

    if shutil.which("newsboat") is None:
        print("newsboat is missing: apt-get install -y newsboat", file=sys.stderr)
        return 2
    if shutil.which("nginx") is None:
        print("nginx is missing: apt-get install -y nginx-light", file=sys.stderr)
        return 2
    scratch = Path(tempfile.mkdtemp(prefix="tw-bench-poll-"))
    port = args.port or _farm.free_port()
    farm = args.farm or scratch / "farm"
    if not (farm / "urls").exists():
        _farm.make_farm(farm, args.feeds, args.items, port)
    expected = args.feeds * args.items
    config_path, config_note = choose_config(farm, args.config_from, scratch)
    nb_conf = scratch / "newsboat.conf"
    nb_conf.write_text("reload-threads 8\n")
    talkwatch = str(Path(PYTHON).with_name("talkwatch"))
    env = dict(os.environ, HOME=str(scratch / "home"), XDG_CONFIG_HOME=str(scratch / "home/.config"),
               XDG_DATA_HOME=str(scratch / "home/.local/share"), XDG_STATE_HOME=str(scratch / "home/.local/state"))
    (scratch / "home").mkdir()
    nb_version = subprocess.run(["newsboat", "--version"], capture_output=True, text=True).stdout.split("\n")[0]

    print(f"# poll vs newsboat: {args.feeds} feeds x {args.items} items on nginx 127.0.0.1:{port}; {environment()}")
    print(f"# {nb_version}; config: {config_note}")
    results: dict[str, list[dict]] = collections.defaultdict(list)
    problems: list[str] = []
    with _farm.Nginx(farm, port) as server:
        def newsboat(cache: Path, label: str) -> None:
            before = server.requests()
            r = run_measured(["newsboat", "-u", str(farm / "urls"), "-c", str(cache), "-C", str(nb_conf),
                              "-x", "reload"], env=env)
            r["requests"] = server.requests() - before
            r["statuses"] = server.statuses(before)
            r["stored"] = newsboat_items(cache)
            if r["rc"] != 0:
                problems.append(f"newsboat exited {r['rc']}: {r['stderr'][-300:]}")
            results[label].append(r)

        def poll(db: Path, label: str, out: Path) -> None:
            before = server.requests()
            with open(out, "w") as sink:
                r = run_measured([talkwatch, "poll", "--once", "--config", str(config_path), "--db", str(db)],
                                 stdout=sink, env=env)
            r["requests"] = server.requests() - before
            r["statuses"] = server.statuses(before)
            lines = count_lines(out)
            r["printed"] = lines["item"]
            r["divergences"] = lines["divergence"]
            r["alerts"] = lines["alert"]
            r["stored"] = store_items(db)
            if r["rc"] != 0:
                problems.append(f"talkwatch poll exited {r['rc']}: {r['stderr'][-300:]}")
            results[label].append(r)

        for n in range(args.rounds):
            cache, db = scratch / f"nb{n}.db", scratch / f"tw{n}.db"
            clients = [lambda: newsboat(cache, "newsboat cold"), lambda: poll(db, "talkwatch cold", scratch / f"cold{n}.jsonl")]
            for run in (clients if n % 2 == 0 else clients[::-1]):
                run()
            for w in range(args.warm):
                warm = [lambda: newsboat(cache, "newsboat warm"),
                        lambda: poll(db, "talkwatch warm", scratch / f"warm{n}-{w}.jsonl")]
                for run in (warm if (n + w) % 2 == 0 else warm[::-1]):
                    run()
            print(f"  round {n + 1}/{args.rounds} done", file=sys.stderr)

        # the same poll, in-process: cold, then warm cycles inside one LiveSession
        inproc = asyncio.run(in_process(config_path, scratch / "inproc.db", max(args.warm, 3)))

        phase_rows = [] if args.no_phases else phases(config_path, scratch)
        profile = ""
        if args.profile == "py-spy":
            profile = py_spy_profile([talkwatch, "poll", "--once", "--config", str(config_path),
                                      "--db", str(scratch / "profiled.db")], scratch, env)

    # --- report
    rows = []
    for label in ("newsboat cold", "talkwatch cold", "newsboat warm", "talkwatch warm"):
        rs = results[label]
        if not rs:
            continue
        walls = [r["wall"] for r in rs]
        rows.append([label, len(rs), min(walls), statistics.median(walls), statistics.median(r["cpu"] for r in rs),
                     statistics.median(r["rss_mb"] for r in rs),
                     "/".join(str(r["requests"]) for r in rs[:3]),
                     ",".join(f"{k}:{v}" for k, v in sorted(rs[0]["statuses"].items())),
                     "/".join(str(r["printed"]) if "printed" in r else f"({r['stored']})" for r in rs[:3])])
    print()
    print(table(["subprocess", "runs", "best s", "median s", "cpu s", "max RSS MB", "requests", "statuses",
                 "items printed (newsboat: in cache)"], rows))
    nb_cold = statistics.median(r["wall"] for r in results["newsboat cold"])
    tw_cold = statistics.median(r["wall"] for r in results["talkwatch cold"])
    tw_warm = statistics.median(r["wall"] for r in results["talkwatch warm"]) if results["talkwatch warm"] else float("nan")
    nb_warm = statistics.median(r["wall"] for r in results["newsboat warm"]) if results["newsboat warm"] else float("nan")

    cold_ok = all(r["stored"] == expected and r["printed"] == expected for r in results["talkwatch cold"])
    warm_ok = all(r["printed"] == 0 and r["stored"] == expected for r in results["talkwatch warm"])
    nb_ok = all(r["stored"] == expected for r in results["newsboat cold"])
    print(f"\nitems: talkwatch cold stored and printed exactly {expected}: {cold_ok}; warm printed 0 new: {warm_ok};"
          f" newsboat stored {expected}: {nb_ok}")
    first = results["talkwatch cold"][0]
    print(f"talkwatch cold printed {first['divergences']} divergences and {first['alerts']} alerts besides the items"
          " (each alert: its own SQLite transaction and an append to the alert log)")
    print(f"talkwatch cold / newsboat cold wall: {tw_cold / nb_cold:.2f}x"
          f"  (cpu {statistics.median(r['cpu'] for r in results['talkwatch cold']) / statistics.median(r['cpu'] for r in results['newsboat cold']):.2f}x)")
    print(f"talkwatch warm / newsboat warm wall: {tw_warm / nb_warm:.2f}x")

    cold_wall, cold_cpu, cold_summary, cold_stored = inproc["cold"]
    print("\nin-process LiveSession.poll_once (imports done; this process's CPU only, parse workers not counted):")
    rows = [["cold (fresh store)", cold_wall, cold_cpu, cold_summary.requests, cold_summary.items, cold_stored,
             f"ok {cold_summary.ok}"]]
    for n, (wall, cpu, summary, new) in enumerate(inproc["warm"]):
        rows.append([f"warm cycle {n + 1} (same session)", wall, cpu, summary.requests, summary.items, new,
                     f"304 {summary.not_modified} / unchanged {summary.unchanged}"])
    print(table(["in-process", "wall s", "cpu s", "requests", "items parsed", "new stored", "outcome"], rows))
    warm_inproc = statistics.median(w for w, *_ in inproc["warm"])

    print(f"\nTARGET cold <= {TARGET_COLD} x newsboat cold wall: {tw_cold / nb_cold:.2f}x"
          f" ({tw_cold:.2f} s vs {nb_cold:.2f} s) -> {verdict(tw_cold / nb_cold <= TARGET_COLD)}")
    print(f"TARGET warm <= {TARGET_WARM} s wall: subprocess `poll --once` {tw_warm:.3f} s -> "
          f"{verdict(tw_warm <= TARGET_WARM)}; in-session warm cycle {warm_inproc:.3f} s -> "
          f"{verdict(warm_inproc <= TARGET_WARM)}")
    if phase_rows:
        print("\nphases of a cold poll, each alone (in-process):")
        print(table(["phase", "wall s", "cpu s", "note"], phase_rows))
    if profile:
        print("\n## profile of one cold `talkwatch poll --once` subprocess")
        print(profile)
    for p in problems:
        print("PROBLEM:", p)
    print(f"\nscratch: {scratch}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
