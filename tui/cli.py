"""The `talkwatch` command: the dashboard, the demo, and the headless analyze / poll / init / feeds."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, TextIO

from config import Config, ConfigError, discover_config, load_config
from config.locations import default_config_text, user_config_file, user_database

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def talkwatch_version() -> str:
    try:
        return version("talkwatch")
    except PackageNotFoundError:
        return "unknown"


class CommandError(Exception):
    """A failure the user can act on: printed as one line, exit status attached, no traceback."""

    def __init__(self, message: str, status: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.status = status


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(ensure_ascii=False) builds one per call

PIPE_CHUNK = 4096
"""POSIX's PIPE_BUF on Linux: a write to a pipe of at most this many bytes is atomic."""


def emit(record: dict[str, Any], out: TextIO) -> None:
    """One JSON line, flushed at once: a consumer piping poll never waits on a buffer."""
    out.write(_ENCODE(record) + "\n")
    out.flush()


def emit_all(records: Iterable[dict[str, Any]], out: TextIO) -> None:
    """Many JSON lines (a batch's), each flushed by the time this returns, without a flush per line.

    Lines go out in chunks of whole lines, at most PIPE_CHUNK bytes each, every chunk flushed:
    a consumer still never waits on a buffer for a line of a finished batch, a big batch costs a
    write per ~4 KB instead of one per line, and, since a pipe write of up to PIPE_BUF bytes is
    atomic, a kill -9 mid-batch never leaves half a line in the pipe (a line longer than that is
    written alone, as `emit` does).
    """
    write_lines((_ENCODE(record) + "\n" for record in records), out)


def write_lines(lines: Iterable[str], out: TextIO) -> None:
    """JSON lines already made (newline included), written and flushed as `emit_all` says."""
    chunk: list[str] = []
    size = 0
    for line in lines:
        length = len(line) if line.isascii() else len(line.encode())
        if chunk and size + length > PIPE_CHUNK:
            out.write("".join(chunk))
            out.flush()
            chunk, size = [], 0
        chunk.append(line)
        size += length
    if chunk:
        out.write("".join(chunk))
        out.flush()


def _common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--config", metavar="FILE", default=default,
                        help="config file (default: your config file, else the shipped Russia–Ukraine config)")
    parser.add_argument("--db", metavar="FILE", default=default,
                        help=f"store file (default: {user_database()})")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="talkwatch",
        description="Follow diplomatic talks live: news feeds matched to parties and issues, "
                    "with the places where words and deeds part highlighted.",
    )
    parser.add_argument("--version", action="version", version=f"talkwatch {talkwatch_version()}")
    _common(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", help="the dashboard replaying the Istanbul talks of March 2022 (offline)")
    _common(demo, top=False)
    demo.add_argument("--speed", type=float, default=None, metavar="N",
                      help="how many times faster than the scenario's own clock to replay")

    analyze = commands.add_parser("analyze", help="read items from files and print JSON lines")
    _common(analyze, top=False)
    analyze.add_argument("inputs", nargs="+", metavar="INPUT", type=Path,
                         help="JSON-lines items or RSS / Atom / JSON Feed files")

    poll = commands.add_parser("poll", help="poll the feeds headless, printing JSON lines")
    _common(poll, top=False)
    poll.add_argument("--once", action="store_true", help="poll every feed once, then exit")
    poll.add_argument("--timeout", type=_positive_seconds, default=None, metavar="SECONDS",
                      help="give up on a feed's fetch after this long, whatever the server does (default: 60)")

    init = commands.add_parser("init", help="write the default config to your config folder for editing")
    init.add_argument("--force", action="store_true", help="overwrite an existing config file")

    feeds = commands.add_parser("feeds", help="list feeds and their health, import or export OPML")
    _common(feeds, top=False)
    feed_commands = feeds.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)
    listing = feed_commands.add_parser("list", help="each feed with its health")
    importing = feed_commands.add_parser("import", help="add the feeds of an OPML file to your config")
    importing.add_argument("opml", type=Path, metavar="FILE.opml")
    exporting = feed_commands.add_parser("export", help="write your feeds as OPML on stdout")
    for sub in (listing, importing, exporting):
        _common(sub, top=False)
    return parser


def _positive_seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = float("nan")
    if not 0 < seconds < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {text!r}")
    return seconds


def _config(args: argparse.Namespace) -> Config:
    return discover_config(args.config)


def _db_path(args: argparse.Namespace) -> Path:
    return Path(args.db) if args.db else user_database()


def command_init(args: argparse.Namespace, out: TextIO) -> int:
    target = user_config_file()
    if target.exists() and not args.force:
        raise CommandError(f"{target} already exists; edit it, or use --force to overwrite it", EXIT_USAGE)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(default_config_text(), encoding="utf-8")
    out.write(f"Wrote the default config to {target}\nEdit it, then run `talkwatch`.\n")
    return EXIT_OK


def command_analyze(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from feeds.engine import Engine, by_time
    from feeds.inputs import InputProblem, read_input
    from feeds.records import divergence_record, item_record

    engine = Engine(_config(args))
    items = []
    for path in args.inputs:
        for read in read_input(path):
            if isinstance(read, InputProblem):
                err.write(f"talkwatch analyze: {read}\n")
            else:
                items.append(read)
    for item in by_time(items):
        entries, divergences = engine.analyse([item])
        for entry in entries:
            emit(item_record(entry), out)
        for divergence in divergences:
            emit(divergence_record(divergence), out)
    return EXIT_OK


def _open_store(path: Path):
    from feeds.store import Store, StoreError

    try:
        return Store.open(path)
    except StoreError as error:
        raise CommandError(str(error), EXIT_USAGE) from None


def command_dashboard(args: argparse.Namespace) -> int:
    from tui.app import make_app

    config = _config(args)
    store = _open_store(_db_path(args))
    try:
        make_app(config, store).run()
    finally:
        store.close()
    return EXIT_OK


def command_demo(args: argparse.Namespace, out: TextIO) -> int:
    import tempfile

    from config.scenarios import load_scenario
    from feeds.demo_server import DEMO_PORT, DemoServer, demo_config
    from tui.app import make_app

    base = _config(args)
    with tempfile.TemporaryDirectory(prefix="talkwatch-demo-") as scratch:
        store = _open_store(Path(args.db) if args.db else Path(scratch) / "demo.db")
        server_options: dict[str, Any] = {"port": DEMO_PORT}
        if args.speed is not None:
            server_options["speed"] = args.speed
        try:
            with DemoServer(load_scenario(), **server_options) as server:
                make_app(base, store, prepare=lambda config: demo_config(config, server)).run()
        finally:
            store.close()
    return EXIT_OK


async def _poll(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import asyncio
    import signal
    from itertools import chain

    from config.locations import alert_log
    from feeds.engine import Batch, Engine
    from feeds.notify import alert_lines, log_alerts, run_commands
    from feeds.records import divergence_record, item_record
    from feeds.session import LiveSession

    config = _config(args)
    if not config.feeds:
        raise CommandError(f"{config.source}: no [[feeds]] to poll", EXIT_USAGE)
    store = _open_store(_db_path(args))
    engine = Engine(config, store)

    def print_batch(batch: Batch) -> None:
        emit_all(chain(map(item_record, batch.entries), map(divergence_record, batch.divergences)), out)
        store.mark_printed([e.item.id for e in batch.entries], batch.divergences)

    async def on_batch(feed, batch: Batch) -> None:
        print_batch(batch)
        if not batch.alerts:
            return
        lines = alert_lines(batch.alerts)  # made once: printed, and appended to the alert log
        write_lines(lines, out)
        log_alerts(alert_log(), batch.alerts, lines)
        problems = await run_commands(config.alerts.command, batch.alerts)
        err.writelines(f"talkwatch poll: {problem}\n" for problem in problems)

    async def on_status(feed, state) -> None:
        if state.last_error:
            err.write(f"talkwatch poll: {feed.url}: {state.last_error}\n")
            err.flush()

    left_over, left_divergences = store.unprinted()
    print_batch(Batch(tuple(left_over), tuple(left_divergences)))
    try:
        options = {} if args.timeout is None else {"deadline": args.timeout}
        async with LiveSession(config, store, engine, on_batch, on_status, **options) as session:
            if args.once:
                summary = await session.poll_once()
                return EXIT_OK if summary.failed < len(config.feeds) else EXIT_FAILED
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(signum, stop.set)
            await session.run(stop)
            return EXIT_OK
    finally:
        store.close()


def command_poll(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import asyncio

    return asyncio.run(_poll(args, out, err))


def command_feeds(args: argparse.Namespace, out: TextIO) -> int:
    from feeds.opml import write_opml

    config = _config(args)
    if args.feeds_command == "export":
        out.write(write_opml(config.feeds))
        return EXIT_OK
    if args.feeds_command == "list":
        db = _db_path(args)
        states = {}
        if db.exists():
            store = _open_store(db)
            states = {s.url: s for s in store.feed_states()}
            store.close()
        for feed in config.feeds:
            state = states.get(feed.url)
            if state is None:
                health = "not polled yet"
            elif state.last_error:
                retry = state.next_poll.strftime("%Y-%m-%d %H:%M UTC") if state.next_poll else "?"
                health = f"FAILING ({state.failures}x): {state.last_error}; next try {retry}"
            else:
                seen = state.last_ok.strftime("%Y-%m-%d %H:%M UTC") if state.last_ok else "?"
                health = f"ok, last read {seen}"
            out.write(f"{feed.name}\t{feed.url}\t{health}\n")
        return EXIT_OK
    return _import_opml(args, config, out)


def _import_opml(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Append the OPML's new feeds to the user's config file as [[feeds]] blocks, then check it loads."""
    from config.loading import shipped_default_path
    from feeds.opml import read_opml

    try:
        found = read_opml(args.opml.read_bytes())
    except (OSError, ValueError) as error:
        raise CommandError(f"{args.opml}: {error}", EXIT_USAGE) from None
    target = Path(args.config) if args.config else user_config_file()
    if config.source == shipped_default_path() and not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(default_config_text(), encoding="utf-8")
    known = {feed.url for feed in config.feeds}
    new = [feed for feed in found if feed.url not in known]
    blocks = "".join(f"\n[[feeds]]\nurl = {json.dumps(f.url)}\nname = {json.dumps(f.name)}\n" for f in new)
    original = target.read_text(encoding="utf-8")
    target.write_text(original + blocks, encoding="utf-8")
    try:
        load_config(target)
    except ConfigError:
        target.write_text(original, encoding="utf-8")
        raise
    out.write(f"Added {len(new)} feeds to {target} ({len(found) - len(new)} were there already)\n")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    out, err = sys.stdout, sys.stderr
    try:
        if args.command == "init":
            return command_init(args, out)
        if args.command == "analyze":
            return command_analyze(args, out, err)
        if args.command == "poll":
            return command_poll(args, out, err)
        if args.command == "feeds":
            return command_feeds(args, out)
        if args.command == "demo":
            return command_demo(args, out)
        return command_dashboard(args)
    except ConfigError as error:
        err.write(f"talkwatch: bad config:\n{error}\n")
        return EXIT_USAGE
    except CommandError as error:
        err.write(f"talkwatch: {error}\n")
        return error.status
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
