"""`talkwatch poll` as a consumer meets it: real HTTP on 127.0.0.1, a real store, the real process."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

from config import load_config
from feeds.engine import Engine
from feeds.model import Item
from feeds.store import Store

CONFIG = Path(__file__).parent / "data" / "talks.toml"


def rss(*items: tuple[str, str, str]) -> bytes:
    entries = "".join(
        f"<item><guid>{guid}</guid><title>{title}</title><description>{summary}</description>"
        f"<pubDate>Tue, 29 Mar 2022 {10 + n:02d}:00:00 GMT</pubDate><link>https://example.org/{guid}</link></item>"
        for n, (guid, title, summary) in enumerate(items)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{entries}</channel></rss>'.encode()


PLEDGE = ("p1", "Russia will reduce military activity near Kyiv, Moscow says", "The Kremlin announced it.")
SHELLING = ("s1", "Russian forces shelled the suburbs overnight", "Shelling went on despite the pledge.")
MATCH = ("f1", "Late goal settles the derby", "Nothing about talks.")


def config_for(tmp_path: Path, *urls: str, command: str = "") -> Path:
    feeds = "".join(f'\n[[feeds]]\nurl = "{url}"\nname = "Feed {n}"\n' for n, url in enumerate(urls))
    text = CONFIG.read_text().replace("[alerts]", f"{feeds}\n[alerts]")
    if command:
        text = text.replace("keywords = []", f"keywords = []\ncommand = {json.dumps(command)}")
    path = tmp_path / "poll.toml"
    path.write_text(text)
    return path


def poll(config: Path, db: Path, *extra: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui.cli", "poll", "--once", "--config", str(config),
                           "--db", str(db), *extra], capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)


def records(done: subprocess.CompletedProcess) -> list[dict]:
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_poll_once_prints_new_items_and_divergences_then_nothing_on_a_second_run(feed_server, tmp_path):
    first = feed_server.add("/a.xml", rss(PLEDGE, MATCH))
    second = feed_server.add("/b.xml", rss(SHELLING))
    config, db = config_for(tmp_path, first, second), tmp_path / "t.db"

    done = poll(config, db)
    assert done.returncode == 0, done.stderr
    out = records(done)
    items = [r for r in out if r["type"] == "item"]
    assert sorted(r["title"] for r in items) == sorted([PLEDGE[1], MATCH[1], SHELLING[1]])
    assert [(r["party"], r["issue"]) for r in out if r["type"] == "divergence"] == [("russia", "drawdown")]

    again = poll(config, db)
    assert again.returncode == 0, again.stderr
    assert [r for r in records(again) if r["type"] == "item"] == []
    assert feed_server.headers_of("/a.xml")[-1].get("if-none-match")


def test_a_broken_feed_is_one_line_on_stderr_and_the_others_go_on(feed_server, tmp_path):
    good = feed_server.add("/good.xml", rss(PLEDGE))
    missing = feed_server.add("/gone.xml", b"not here", status=404)
    done = poll(config_for(tmp_path, good, missing), tmp_path / "t.db")
    assert done.returncode == 0
    assert [r["title"] for r in records(done) if r["type"] == "item"] == [PLEDGE[1]]
    errors = done.stderr.strip().splitlines()
    assert len(errors) == 1 and missing in errors[0] and "404" in errors[0]


def test_exit_status_is_non_zero_when_no_feed_could_be_read(feed_server, tmp_path):
    missing = feed_server.add("/gone.xml", b"", status=500)
    done = poll(config_for(tmp_path, missing), tmp_path / "t.db")
    assert done.returncode == 1
    assert done.stdout == ""


def test_items_stored_but_never_printed_are_printed_on_the_next_run(feed_server, tmp_path):
    db = tmp_path / "t.db"
    config = config_for(tmp_path, feed_server.add("/a.xml", rss(MATCH)))
    store = Store.open(db)   # a poll that stored these and died before printing them
    Engine(load_config(config), store).ingest([Item("orphan", "Kremlin comments on the talks", "", None, "Wire")])
    store.close()
    done = poll(config, db)
    titles = [r["title"] for r in records(done) if r["type"] == "item"]
    assert titles[0] == "Kremlin comments on the talks" and MATCH[1] in titles
    assert "Kremlin comments on the talks" not in [r["title"] for r in records(poll(config, db))]


def test_alerts_are_printed_and_run_the_command_once(feed_server, tmp_path):
    log = tmp_path / "alerts.txt"
    script = tmp_path / "note.py"
    script.write_text(f"import sys\nopen({str(log)!r}, 'a').write(sys.argv[2] + '\\n')\n")
    truce = ("t1", "Ceasefire proposal from Kyiv", "A truce was offered.")
    config = config_for(tmp_path, feed_server.add("/a.xml", rss(truce)), command=f"{sys.executable} {script}")
    db = tmp_path / "t.db"
    out = records(poll(config, db))
    assert [r["title"] for r in out if r["type"] == "alert"] == [truce[1]]
    feed_server.add("/a.xml", rss(truce), validators=False)
    poll(config, db)
    assert log.read_text().splitlines() == [truce[1]]


def test_without_once_it_runs_until_sigterm_and_exits_cleanly(feed_server, tmp_path):
    config = config_for(tmp_path, feed_server.add("/a.xml", rss(PLEDGE)))
    process = subprocess.Popen([sys.executable, "-m", "tui.cli", "poll", "--config", str(config), "--db",
                                str(tmp_path / "t.db")], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, text=True)
    try:
        first = json.loads(process.stdout.readline())
        assert first["title"] == PLEDGE[1]
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
    store = Store.open(tmp_path / "t.db")
    assert store.count() == 1 and store.unprinted() == ([], [])


def test_a_burst_of_alerts_is_printed_and_logged_whole_and_runs_the_command_once(feed_server, tmp_path, user_dirs):
    runs = tmp_path / "runs.jsonl"
    script = tmp_path / "note.py"
    script.write_text("import json, sys\n"
                      f"open({str(runs)!r}, 'a').write(json.dumps([sys.argv[1:], sys.stdin.read()]) + '\\n')\n")
    truces = [(f"t{n}", f"Ceasefire proposal number {n} from Kyiv", f"Truce offer {n}.") for n in range(6)]
    config = config_for(tmp_path, feed_server.add("/a.xml", rss(*truces)), command=f"{sys.executable} {script}")
    done = poll(config, tmp_path / "t.db")
    assert done.returncode == 0, done.stderr
    out = records(done)                      # every line is whole JSON, items before their alerts
    assert sorted(r["title"] for r in out if r["type"] == "alert") == sorted(t[1] for t in truces)
    assert [r["type"] for r in out] == ["item"] * 6 + ["alert"] * 6
    logged = [json.loads(line) for line in (user_dirs["state"] / "talkwatch" / "alerts.jsonl").read_text().splitlines()]
    assert logged == [r for r in out if r["type"] == "alert"]
    [(argv, stdin)] = [json.loads(line) for line in runs.read_text().splitlines()]   # one run for the burst
    assert argv[0].startswith("6 alerts (6 items); latest: issue: ")
    assert argv[1] == out[-1]["title"] and json.loads(stdin)["count"] == 6
