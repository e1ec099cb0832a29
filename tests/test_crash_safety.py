"""kill -9 of `talkwatch poll` in the middle of a burst of new items, then a restart on the same store.

DESIGN's promise to a consumer of poll's output: every item poll stored is printed, by this run
or the next; only the few in flight at the crash are printed twice; no alert is delivered twice.
Real processes, real HTTP on 127.0.0.1, one real SQLite file, and a recording alert command.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest

from feeds.store import Store
from tests.feedserver import FeedServer
from tests.hostile_feeds import rss, rss_item
from tests.test_hostile_feeds import write_config

FEEDS, ITEMS = 12, 40


def burst(server: FeedServer) -> list[str]:
    urls = []
    for f in range(FEEDS):
        items = [
            rss_item(f"Ceasefire bulletin {f}-{n} from the talks" if n % 4 == 0 else f"Bulletin {f}-{n} from the talks",
                     f"f{f}-{n}", link=f"https://example.org/{f}/{n}",
                     date=f"Tue, 29 Mar 2022 {n // 60 + 10:02d}:{n % 60:02d}:00 GMT")
            for n in range(ITEMS)
        ]
        urls.append(server.add(f"/burst/{f}.xml", rss(*items, title=f"Wire {f}")))
    return urls


def recorder(tmp_path: Path) -> tuple[str, Path]:
    """A tiny alert command that appends its item-id argument to a log: fast enough for a burst."""
    log = tmp_path / "alerts-run.log"
    script = tmp_path / "record-alert"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$5" >> {log}\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script), log


def poll_command(config: Path, db: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "tui.cli", "poll", "--config", str(config), "--db", str(db), *extra]


def printed_items(lines: list[bytes]) -> list[dict]:
    records = [json.loads(line) for line in lines if line.strip()]
    return [r for r in records if r["type"] == "item"]


@pytest.mark.parametrize("kill_after", [1, 100, 320], ids=["first-line", "early-burst", "late-burst"])
def test_kill_9_mid_burst_loses_nothing_and_repeats_only_what_was_in_flight(tmp_path, kill_after):
    command, alert_log = recorder(tmp_path)
    db = tmp_path / "t.db"
    with FeedServer() as server:
        config = write_config(tmp_path, [(url, f"Wire {n}") for n, url in enumerate(burst(server))], command=command)

        first = subprocess.Popen(poll_command(config, db), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 stdin=subprocess.DEVNULL, start_new_session=True)
        lines: list[bytes] = []
        try:
            for line in first.stdout:
                lines.append(line)
                if len(printed_items(lines[-1:])) and len(printed_items(lines)) >= kill_after:
                    break
            os.kill(first.pid, signal.SIGKILL)
            first.wait(timeout=30)
            # What it wrote before dying. The end of the pipe comes only when every process that
            # holds it has gone too: parse workers orphaned by the kill must notice and leave.
            rest = bytearray()
            drain = threading.Thread(target=lambda: rest.extend(first.stdout.read()), daemon=True)
            drain.start()
            drain.join(60)  # a bound on waiting, generous: the workers check every second
            assert not drain.is_alive(), "orphaned parse workers still hold poll's stdout after kill -9"
            lines.extend(bytes(rest).splitlines(keepends=True))
        finally:
            if first.poll() is None:
                first.kill()
                first.wait()
        assert first.returncode == -signal.SIGKILL
        run_one = printed_items(lines)

        second = subprocess.run(poll_command(config, db, "--once"), capture_output=True, timeout=120,
                                stdin=subprocess.DEVNULL)
        assert second.returncode == 0, second.stderr.decode()[-2000:]
        run_two = printed_items(second.stdout.splitlines())

    store = Store.open(db)
    try:
        stored = store.recent(100_000)
        assert store.unprinted() == ([], [])
    finally:
        store.close()
    stored_ids = [e.item.id for e in stored]
    titles = [e.item.title for e in stored]
    assert len(stored_ids) == FEEDS * ITEMS, "after the restart every item of every feed is in"
    assert len(set(titles)) == len(titles), "no item is stored twice"

    printed = Counter(r["id"] for r in run_one + run_two)
    assert set(printed) == set(stored_ids), "every stored item was printed, every printed item is stored"
    assert max(printed.values()) <= 2
    assert len(run_one) == len({r["id"] for r in run_one}) and len(run_two) == len({r["id"] for r in run_two})
    twice = [item_id for item_id, n in printed.items() if n == 2]
    feeds_of_twice = {e.item.feed for e in stored if e.item.id in set(twice)}
    assert len(feeds_of_twice) <= 1 and len(twice) <= ITEMS, "only the batch in flight is printed again"

    alerted = alert_log.read_text().split() if alert_log.exists() else []
    repeats = [item_id for item_id, n in Counter(alerted).items() if n > 1]
    assert not repeats, "an alert was delivered twice"
    ceasefire = {e.item.id for e in stored if e.item.title.startswith("Ceasefire")}
    assert set(alerted) <= ceasefire
