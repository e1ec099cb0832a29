"""The live dashboard against the hostile feed server: it stays up, shows hostile titles as the
characters they are, and writes no escape sequence that came from a feed.

Under `App.run_test()` the screen is rendered through Textual's compositor into the very string
a terminal would get; in a real pseudo-terminal the `talkwatch` process itself is read.
"""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from config import load_config
from feeds.store import Store
from tests.feedserver import FeedServer
from tests.hostile_feeds import CASES, MARKUP_TITLES, UNSAFE, healthy_feed
from tests.test_hostile_feeds import write_config
from tui.app import make_app
from tui.widgets.panes import EntryPane

# Everything but the cases only the fetch deadline ends (the app's is a minute) and the bulk one.
DASHBOARD_CASES = [c for c in CASES if not c.slow and c.name != "many-items"]
# The titles that must read exactly as the feed wrote them (markup) or as the sanitiser left them.
LITERAL = {
    *MARKUP_TITLES,
    "[31mRed[0m alert [2J",
    "]8;;https://evil.exampleReuters]8;;",
    "Talks ]52;c;cHduZWQ= resume",
    "Kyiv evil isolate mark",
    "]52;c;cHduZWQ=Talks 31m end",
}
# Textual's own output: CSI sequences (styles, cursor moves, modes). Anything else starting with
# ESC (OSC, DCS, a lone ESC) can only have come from feed text.
TEXTUAL_CSI = re.compile(r"\x1b\[[0-9;:?<>=]*[ -/]*[@-~]")
FROM_FEEDS = re.compile(r"\x1b\]|\x1bP|\x1b\\|\x9b|\x9d|\x07|[\u202a-\u202e\u2066-\u2069]")


def screen_output(app) -> str:
    """The characters and sequences a terminal would receive for a full redraw of the screen."""
    return app.screen._compositor.render_update(full=True).render_segments(app.console)


def assert_nothing_from_feeds(output: str) -> None:
    assert not FROM_FEEDS.search(output), FROM_FEEDS.search(output)
    assert "\x1b" not in TEXTUAL_CSI.sub("", output)


async def test_the_live_dashboard_stays_up_and_draws_hostile_titles_literally(tmp_path):
    with FeedServer() as server:
        feeds = [(case.serve(server, f"/d/{case.name}"), case.name) for case in DASHBOARD_CASES]
        healthy_body, healthy_titles = healthy_feed("dashboard")
        feeds.append((server.add("/d/healthy.xml", healthy_body), "Healthy wire"))
        config = load_config(write_config(tmp_path, feeds))
        store = Store.open(tmp_path / "t.db")
        app = make_app(config, store, live=True)
        try:
            async with app.run_test(size=(220, 60)) as pilot:
                for _ in range(600):  # a bound on waiting, not a timing assertion
                    if len(app.dashboard.feed_states) == len(feeds):
                        break
                    await pilot.pause(0.1)
                await pilot.pause()
                assert len(app.dashboard.feed_states) == len(feeds), "every feed, hostile or not, was polled"
                assert app.is_running
                failing = {url for url, state in app.dashboard.feed_states.items() if state.last_error}
                expected = {url for (url, _), case in zip(feeds, DASHBOARD_CASES) if case.expect == "error"}
                assert expected <= failing and feeds[-1][0] not in failing

                everything = app.screen.query_one("#pane-all", EntryPane)
                wanted = [*LITERAL, *healthy_titles]
                for _ in range(100):  # polled is not yet stored and routed: a bound, not a timing assertion
                    drawn = [row.lines[0].plain for row in everything.rows]
                    if all(any(line.endswith(" " + title) for line in drawn) for title in wanted):
                        break
                    await pilot.pause(0.1)
                for title in wanted:
                    assert [line for line in drawn if line.endswith(" " + title)], title
                assert not [line for line in drawn if UNSAFE.search(line)]
                assert_nothing_from_feeds(screen_output(app))

                everything.focus()
                await pilot.press("m")  # the all-news pane over the whole screen, then page by page
                shown = ""
                for _ in range(len(everything.rows) // max(1, everything.size.height - 2) + 2):
                    await pilot.pause()
                    output = screen_output(app)
                    assert_nothing_from_feeds(output)
                    shown += TEXTUAL_CSI.sub("", output)
                    await pilot.press("pagedown")
                for title in LITERAL:  # markup and stripped escapes reach the terminal as plain characters
                    assert title in shown, title
                await pilot.press("f")  # the feed-health view lists every failing feed's words
                await pilot.pause()
                assert_nothing_from_feeds(screen_output(app))
                await pilot.press("escape", "enter")  # open the item under the cursor, then leave
                await pilot.pause()
                assert_nothing_from_feeds(screen_output(app))
                assert app.is_running
        finally:
            store.close()


def _text(output: bytes) -> bytes:
    """What the terminal shows as characters: Textual's own CSI (colours, cursor moves) taken
    out, since a repaint can split a line's text around them; nothing else is removed."""
    return TEXTUAL_CSI.sub("", output.decode("utf-8", "replace")).encode()


def _all_news(output: bytes) -> int:
    """The largest item count the All news pane's title has shown."""
    return max((int(n) for n in re.findall(rb"All news \((\d+)\)", _text(bytes(output)))), default=0)


def _talkwatch() -> list[str]:
    script = Path(sys.executable).with_name("talkwatch")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tui.cli"]


def test_in_a_real_terminal_no_feed_escape_reaches_the_tty(tmp_path):
    try:
        import pty
    except ImportError:
        pytest.skip("no pseudo-terminals on this platform")
    cases = [c for c in DASHBOARD_CASES if c.expect == "items" or c.name.startswith("escape")]
    with FeedServer() as server:
        feeds = [(case.serve(server, f"/t/{case.name}"), case.name) for case in cases]
        config = write_config(tmp_path, feeds)
        try:
            leader, follower = pty.openpty()
        except OSError as error:
            pytest.skip(f"cannot open a pseudo-terminal here: {error}")
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "200", "LINES": "50", "TEXTUAL_ANIMATIONS": "none"}
        import fcntl
        import struct
        import termios

        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
        process = subprocess.Popen([*_talkwatch(), "--config", str(config), "--db", str(tmp_path / "t.db")],
                                   stdin=follower, stdout=follower, stderr=follower, env=env, close_fds=True,
                                   start_new_session=True)
        os.close(follower)
        written = bytearray()

        def read_for(seconds: float) -> None:
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                ready, _, _ = select.select([leader], [], [], 0.1)
                if ready:
                    try:
                        chunk = os.read(leader, 65536)
                    except OSError:
                        return
                    if not chunk:
                        return
                    written.extend(chunk)

        try:
            # Until most feeds' items are in All news, or a generous bound (not a timing assertion).
            for _ in range(100):
                read_for(0.3)
                if _all_news(written) >= 20:
                    break
            assert process.poll() is None, written[-2000:].decode("utf-8", "replace")
            os.write(leader, b"q")
            read_for(3)
            process.wait(timeout=20)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            os.close(leader)
    output = bytes(written)
    # Which items are above the fold depends on arrival order (they share one date), so the proof
    # that hostile items were drawn is the pane's count and its visible rows, not one title.
    assert _all_news(output) >= 20 and b"29 10:00" in _text(output), "the feeds' items were drawn"
    assert b"\x1b]8;" not in output, "an OSC 8 hyperlink from a feed reached the terminal"
    assert b"\x1b]52;" not in output, "an OSC 52 clipboard write from a feed reached the terminal"
    assert b"\xc2\x9b" not in output and b"\xe2\x80\xae" not in output
    assert b"\x1b[2J" not in output.replace(b"\x1b[?1049h\x1b[2J", b""), "a screen clear came from a feed"
    assert b"Traceback" not in output
