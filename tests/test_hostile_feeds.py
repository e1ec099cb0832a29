"""Hostile feeds against `talkwatch poll`: real HTTP on 127.0.0.1, real feedparser, a real SQLite file.

Every case of tests/hostile_feeds.py is polled next to a healthy feed. Whatever the hostile
server or document does, poll finishes, the hostile feed carries its error (in its FeedState
and as a line on stderr), the healthy feed still delivers, and nothing stored or printed holds
a control character, a bidi override, or text that should never have been read (a local file,
an external DTD).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from feeds.store import Store
from tests.feedserver import FeedServer
from tests.hostile_feeds import CASES, UNSAFE, UNSAFE_BYTES, Case, healthy_feed, strings
from tui.cli import main

TALKS = Path(__file__).parent / "data" / "talks.toml"


def write_config(tmp_path: Path, feeds: list[tuple[str, str]], command: str = "") -> Path:
    blocks = "".join(f"\n[[feeds]]\nurl = {json.dumps(url)}\nname = {json.dumps(name)}\n" for url, name in feeds)
    text = TALKS.read_text().replace("[alerts]", f"{blocks}\n[alerts]")
    if command:
        text = text.replace("keywords = []", f"keywords = []\ncommand = {json.dumps(command)}")
    path = tmp_path / "hostile.toml"
    path.write_text(text)
    return path



def stored_texts(store: Store):
    for entry in store.recent(100_000):
        item = entry.item
        yield from (item.title, item.summary, item.source, item.link, item.guid, item.feed)
        for claim in entry.reading.claims:
            yield claim.text
    for state in store.feed_states():
        yield from (state.last_error or "", state.bozo or "", state.etag or "", state.last_modified or "")


@pytest.fixture(scope="module")
def server():
    with FeedServer() as running:
        yield running


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_hostile_feed_fails_alone_and_leaves_nothing_unsafe(case: Case, server, tmp_path, capsys):
    url = case.serve(server, f"/h/{case.name}")
    healthy_body, healthy_titles = healthy_feed(case.name)
    healthy = server.add(f"/h/{case.name}/healthy.xml", healthy_body)
    config = write_config(tmp_path, [(url, f"Hostile {case.name}"), (healthy, "Healthy wire")])
    db = tmp_path / "t.db"
    before = datetime.now(UTC)

    status = main(["poll", "--once", "--timeout", "2" if case.slow else "30", "--config", str(config),
                   "--db", str(db)])

    out, err = capsys.readouterr()
    assert status == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    printed = [r["title"] for r in records if r["type"] == "item"]
    assert set(healthy_titles) <= set(printed), "the healthy feed polled alongside must still deliver"
    assert not UNSAFE.search(out) and not UNSAFE.search(err.replace("\n", ""))
    assert not [s for r in records for s in strings(r) if UNSAFE.search(s)]

    store = Store.open(db)
    try:
        state = store.load(url)
        mine = [e.item for e in store.recent(100_000) if e.item.feed == url]
        texts = list(stored_texts(store))
        assert store.load(healthy).last_error is None
    finally:
        store.close()
    assert state is not None, "every feed's outcome is recorded"
    assert not [t for t in texts if UNSAFE.search(t)]
    errors = [line for line in err.splitlines() if line.startswith(f"talkwatch poll: {url}: ")]
    if state.last_error:
        assert errors == [f"talkwatch poll: {url}: {state.last_error}"]
    else:
        assert errors == []
    if case.expect == "error":
        assert case.error in (state.last_error or ""), state
        assert state.failures == 1 and mine == []
    elif case.expect == "items":
        assert state.last_error is None and mine, (state, mine)
    elif case.expect == "quiet":
        assert state.last_error is None and mine == [] and state.last_ok is not None
    if case.titles is not None:
        assert sorted(i.title for i in mine) == sorted(case.titles)
    if case.check is not None:
        case.check(mine)
    if case.retry_after is not None:
        low, high = case.retry_after
        assert low <= (state.next_poll - before).total_seconds() <= high, state.next_poll
    for text in case.forbidden:
        assert text not in out and text not in err and not [t for t in texts if text in t]
    for suffix in case.untouched:
        assert not [path for path in server.hits if path.endswith(suffix)], "an external entity was fetched"


def test_poll_keeps_running_through_every_hostile_feed_at_once(tmp_path):
    """The real process, every case in one config: it runs, reports each broken feed, and stops on SIGTERM."""
    with FeedServer() as server:
        feeds = [(case.serve(server, f"/all/{case.name}"), case.name) for case in CASES]
        healthy_body, healthy_titles = healthy_feed("all")
        feeds.append((server.add("/all/healthy.xml", healthy_body), "Healthy wire"))
        config = write_config(tmp_path, feeds)
        failing = {url for (url, _), case in zip(feeds, CASES) if case.expect == "error"}
        process = subprocess.Popen(
            [sys.executable, "-m", "tui.cli", "poll", "--timeout", "3", "--config", str(config),
             "--db", str(tmp_path / "t.db")],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
        )
        out, err = bytearray(), bytearray()
        reported: set[str] = set()
        all_reported = threading.Event()

        def read_stderr() -> None:
            for line in process.stderr:
                err.extend(line)
                text = line.decode("utf-8", "replace")
                reported.update(url for url in failing if text.startswith(f"talkwatch poll: {url}: "))
                if reported == failing:
                    all_reported.set()
            all_reported.set()

        def read_stdout() -> None:  # drained as it comes: a full pipe would stop poll on its next line
            for line in process.stdout:
                out.extend(line)

        readers = [threading.Thread(target=read_stderr, daemon=True), threading.Thread(target=read_stdout, daemon=True)]
        for reader in readers:
            reader.start()
        try:
            assert all_reported.wait(120), f"not reported: {sorted(failing - reported)}"
            assert process.poll() is None, "poll must keep running after every feed failed its own way"
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=30) == 0
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        for reader in readers:
            reader.join(10)
    assert reported == failing
    assert not UNSAFE_BYTES.search(bytes(out).replace(b"\n", b""))
    assert not UNSAFE_BYTES.search(bytes(err).replace(b"\n", b""))
    assert b"Traceback" not in err
    printed = [json.loads(line) for line in out.splitlines()]
    assert set(healthy_titles) <= {r["title"] for r in printed if r["type"] == "item"}
    assert not [s for r in printed for s in strings(r) if UNSAFE.search(s)]


def test_validators_that_cannot_be_sent_back_are_not_kept(server, tmp_path, capsys):
    """A server once sending a non-ASCII ETag or Last-Modified must not make every later poll fail."""
    body = healthy_feed("validators")[0]
    head = (b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nETag: \"caf\xe9\x9b\"\r\nLast-Modified: \xe2\x80\xae\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body))
    url = server.add("/validators.xml", raw=head + body)
    config = write_config(tmp_path, [(url, "Odd validators")])
    for _ in range(2):
        assert main(["poll", "--once", "--config", str(config), "--db", str(tmp_path / "t.db")]) == 0
        assert capsys.readouterr().err == ""
    store = Store.open(tmp_path / "t.db")
    state = store.load(url)
    store.close()
    assert state.last_error is None and state.etag is None and state.last_modified is None
    assert server.hits["/validators.xml"] == 2


def test_hostile_titles_reach_the_alert_command_as_plain_arguments_never_a_shell(server, tmp_path):
    """End to end through the real poll process: each title is one argv entry and JSON on stdin."""
    from tests.hostile_feeds import SHELL_TITLES, rss, rss_item

    seen = tmp_path / "seen.jsonl"
    script = tmp_path / "record.py"
    script.write_text("import json, sys\n"
                      f"with open({str(seen)!r}, 'a') as log:\n"
                      "    log.write(json.dumps({'argv': sys.argv[1:], 'stdin': sys.stdin.read()}) + '\\n')\n")
    body = rss(*(rss_item(t.replace("&", "&amp;").replace("<", "&lt;"), f"s{n}") for n, t in enumerate(SHELL_TITLES)))
    url = server.add("/shell.xml", body)
    config = write_config(tmp_path, [(url, "Wire; $(touch pwned-source)")],
                          command=f"{sys.executable} {script} --from-talkwatch")
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    done = subprocess.run([sys.executable, "-m", "tui.cli", "poll", "--once", "--config", str(config), "--db",
                           str(tmp_path / "t.db")], capture_output=True, text=True, timeout=120, cwd=workdir,
                          stdin=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])})
    assert done.returncode == 0, done.stderr
    calls = [json.loads(line) for line in seen.read_text().splitlines()]
    assert sorted(call["argv"][2] for call in calls) == sorted(SHELL_TITLES)
    for call in calls:
        argv = call["argv"]
        assert argv[0] == "--from-talkwatch" and len(argv) == 8, argv
        assert argv[3] == "Wire; $(touch pwned-source)"
        assert json.loads(call["stdin"])["title"] == argv[2]
    alerts = [json.loads(line) for line in done.stdout.splitlines() if json.loads(line)["type"] == "alert"]
    assert sorted(a["title"] for a in alerts) == sorted(SHELL_TITLES)
    assert not [p for p in (*workdir.iterdir(), *tmp_path.iterdir()) if p.name.startswith(("pwned", "x"))]
