"""The dashboard, driven by Pilot over a real store and the real engine: every binding, the filter, alerts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from config import load_config
from config.schema import Feed
from feeds.engine import Engine
from feeds.model import Item
from feeds.store import Store
from tui.app import make_app
from tui.messages import BatchArrived
from tui.screens.item import DivergenceScreen, ItemScreen
from tui.widgets.panes import DivergencePane, EntryPane
from tui.widgets.positions_grid import PositionsGrid

CONFIG = Path(__file__).parent / "data" / "talks.toml"
T0 = datetime(2022, 3, 29, 9, 0, tzinfo=UTC)
FEED = Feed("http://127.0.0.1:1/test.xml", "Test feed")


def item(n: int, title: str, summary: str = "", minutes: int = 0, source: str = "Wire Desk") -> Item:
    return Item(f"item-{n}", title, summary, T0 + timedelta(minutes=minutes), source, f"https://example.org/{n}",
                FEED.url, f"g{n}")


HISTORY = [
    item(1, "Moscow pledges to drastically reduce military activity near the capital",
         "Russia will reduce military activity around Kyiv, its deputy defence minister said.", 0),
    item(2, "Ukraine proposes a ceasefire and neutral status", "Kyiv offered a truce at the talks.", 10,
         "Capital Courier"),
    item(3, "Football: late goal settles the derby", "", 20, "Sports Page"),
]
SHELLING = item(4, "Russian forces shelled the outskirts overnight despite the pledge",
                "Russian artillery shelled the suburbs through the night.", 600, "Capital Courier")


@pytest.fixture
def config():
    return load_config(CONFIG)


@pytest.fixture
def store(tmp_path, config):
    opened = Store.open(tmp_path / "talkwatch.db")
    Engine(config, opened).ingest(HISTORY)
    yield opened
    opened.close()


def pane(app, pane_id: str) -> EntryPane:
    return app.screen.query_one(f"#{pane_id}", EntryPane)


def line_text(widget, y: int) -> str:
    return "".join(segment.text for segment in widget.render_line(y))


async def arrive(pilot, batch) -> None:
    """Post a batch as the live session does, and wait until the screen has drawn it."""
    pilot.app.dashboard.post_message(BatchArrived(FEED, batch))
    await pilot.pause(0.3)


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_panes_fill_from_the_store_at_start(config, store):
    app = make_app(config, store, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert [r.key for r in pane(app, "pane-all").rows] == ["item-2", "item-1"]   # unrelated news left out
        assert [r.key for r in pane(app, "pane-party-russia").rows] == ["item-1"]
        assert [r.key for r in pane(app, "pane-issue-ceasefire").rows] == ["item-2"]
        assert "S+ Moscow pledges to drastically" in line_text(pane(app, "pane-all"), 1)


async def test_a_new_batch_lights_up_the_divergence_and_the_positions_cell(config, store):
    app = make_app(config, store, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        batch = app.engine.ingest([SHELLING])
        assert batch.divergences, "the engine pairs the pledge with the shelling"
        await arrive(pilot, batch)
        divergences = app.screen.query_one(DivergencePane)
        assert divergences.unseen == 1
        assert "1 new" in divergences.border_title
        shown = [line_text(divergences, y) for y in range(3)]
        assert "Russia" in shown[0] and "said" in shown[1] and "did" in shown[2]
        assert "Moscow pledges" in shown[1] and "Russian forces shelled" in shown[2]
        grid = app.screen.query_one(PositionsGrid)
        assert "◆" in str(grid.get_cell("russia", "drawdown"))
        assert app.screen.query_one("#status").new_items == 1
        await pilot.press("d")
        assert app.focused is divergences
        await pilot.press("enter")
        assert isinstance(app.screen, DivergenceScreen)
        assert (app.screen.statement.item.id, app.screen.action.item.id) == ("item-1", "item-4")
        await pilot.press("escape")
        await pilot.pause(2.2)
        assert divergences.unseen == 0
        again = app.engine.ingest([item(5, "Russian artillery shelled the suburbs again", "", 700, "Wire Desk")])
        await arrive(pilot, again)
        assert len(divergences.rows) == 1, "pairs on one party and issue share a row"
        assert "(2 pairs of reports)" in line_text(divergences, 0)
        assert "Russian artillery shelled" in line_text(divergences, 2)


async def test_the_filter_narrows_every_pane_and_escape_clears_it(config, store):
    app = make_app(config, store, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.press(*"party:russia")
        assert [r.key for r in pane(app, "pane-all").rows] == ["item-1"]
        assert not pane(app, "pane-issue-ceasefire").rows
        assert "(1/2)" in pane(app, "pane-all").border_title
        await pilot.press("escape")
        assert [r.key for r in pane(app, "pane-all").rows] == ["item-2", "item-1"]
        assert app.screen.query_one("#status").filter_text == ""


async def test_a_malformed_filter_says_what_is_wrong_and_filters_nothing(config, store):
    app = make_app(config, store, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *'"neutral')
        assert len(pane(app, "pane-all").rows) == 2
        assert "unclosed quote" in app.screen.query_one("#status").problem
        assert app.screen.query_one("#filter").has_class("-invalid")


async def test_a_toggles_alerts_on_an_issue_and_it_is_remembered(config, store):
    app = make_app(config, store, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one("#pane-issue-prisoners").focus()
        await pilot.press("a")
        assert pane(app, "pane-issue-prisoners").border_title.startswith("🔔")
        assert "prisoners" in app.engine.alert_issues
    assert "prisoners" in Engine(config, store).alert_issues


async def test_alerts_become_notifications_and_a_burst_becomes_one(config, store):
    app = make_app(config, store, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        one = app.engine.ingest([item(10, "Kremlin says a ceasefire is possible", "", 30)])
        assert len(one.alerts) == 1
        await arrive(pilot, one)
        assert [n.message for n in app._notifications][-1].startswith("Kremlin says a ceasefire is possible")
        burst = app.engine.ingest([item(20 + n, f"Ceasefire report number {n} from Kyiv", "", 40 + n)
                                   for n in range(6)])
        await arrive(pilot, burst)
        assert len(app._notifications) == 2
        assert list(app._notifications)[-1].message.startswith(f"{len(burst.alerts)} new alerts")


async def test_enter_opens_the_item_and_o_opens_its_link(config, store, monkeypatch):
    app = make_app(config, store, live=False)
    opened = []
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        pane(app, "pane-party-russia").focus()
        await pilot.press("enter")
        assert isinstance(app.screen, ItemScreen)
        assert app.screen.entry.item.id == "item-1"
        await pilot.press("o")
        assert opened == ["https://example.org/1"]
        await pilot.press("escape")
        assert not isinstance(app.screen, ItemScreen)


async def test_m_maximises_h_hides_and_shift_h_shows_panes(config, store):
    app = make_app(config, store, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        target = pane(app, "pane-issue-prisoners")
        target.focus()
        await pilot.press("m")
        assert app.screen.maximized is target
        await pilot.press("m")
        assert app.screen.maximized is None
        target.focus()
        await pilot.press("h")
        assert target.display is False
        await pilot.press("H")
        assert target.display is True


async def test_a_pane_at_the_top_follows_the_news_and_one_scrolled_down_stays_put(config, store):
    app = make_app(config, store, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        all_news = pane(app, "pane-all")
        all_news.focus()
        await arrive(pilot, app.engine.ingest([item(30, "Kremlin comments on talks", "", 90)]))
        assert all_news.highlighted.key == "item-30"
        await pilot.press("down")
        await arrive(pilot, app.engine.ingest([item(31, "Kyiv answers the Kremlin", "", 95)]))
        assert all_news.rows[0].key == "item-31"
        assert all_news.highlighted.key == "item-2"


async def test_cursor_keys_move_within_a_pane(config, store):
    app = make_app(config, store, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        all_news = pane(app, "pane-all")
        all_news.focus()
        await pilot.press("down")
        assert all_news.highlighted.key == "item-1"
        await pilot.press("home")
        assert all_news.highlighted.key == "item-2"
        await pilot.press("end", "up")
        assert all_news.highlighted.key == "item-2"


@pytest.mark.parametrize("title", [
    "[bold red]x[/]",
    "[AP] Talks resume [/bold]",
    "[link=https://evil.example]Reuters[/link] [@click=app.quit]click[/]",
    "$accent [$accent]x",
])
async def test_titles_with_markup_display_as_the_characters_they_are(config, tmp_path, title):
    store = Store.open(tmp_path / "t.db")
    hostile = Item("h", f"Kremlin: {title}", "", T0, "Wire", "", FEED.url, "h")
    Engine(config, store).ingest([hostile])
    app = make_app(config, store, live=False)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        pane(app, "pane-party-russia").focus()
        await pilot.press("m")
        assert f"Kremlin: {title}" in line_text(pane(app, "pane-party-russia"), 0)
        assert app.is_running
    store.close()


async def test_a_bad_config_edit_is_shown_and_the_running_config_goes_on(tmp_path, store):
    path = tmp_path / "talks.toml"
    path.write_text(CONFIG.read_text())
    app = make_app(load_config(path), store, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        path.write_text(CONFIG.read_text().replace('name = "Prisoners"', 'name = "Prisoners"\nkeywrds = []'))
        await pilot.press("r")
        assert app.is_running
        assert "keywrds" in list(app._notifications)[-1].message
        assert app.config.issue("prisoners").name == "Prisoners"
        assert not pane(app, "pane-issue-prisoners").rows
        path.write_text(CONFIG.read_text().replace('name = "Prisoners"', 'name = "Detainees"'))
        await pilot.press("r")
        await settle(pilot)
        assert app.config.issue("prisoners").name == "Detainees"
        assert pane(app, "pane-issue-prisoners").title == "Detainees"
        assert [r.key for r in pane(app, "pane-all").rows] == ["item-2", "item-1"]


async def test_f_shows_every_feed_with_its_health_failing_first(tmp_path, store):
    from feeds.model import FeedState
    from tui.screens.feeds import FeedsScreen

    path = tmp_path / "talks.toml"
    path.write_text(CONFIG.read_text().replace("[alerts]", '[[feeds]]\nurl = "https://a.example/rss"\nname = "Good"\n'
                                               '\n[[feeds]]\nurl = "https://b.example/rss"\nname = "Bad"\n\n[alerts]'))
    store.save(FeedState("https://b.example/rss", last_error="HTTP 503 [bold]x[/]", failures=2, status=503))
    store.save(FeedState("https://a.example/rss", status=200, last_ok=T0))
    app = make_app(load_config(path), store, live=False)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        assert isinstance(app.screen, FeedsScreen)
        table = app.screen.query_one("#feed-table")
        first, second = (table.get_row_at(0), table.get_row_at(1))
        assert (str(first[0]), str(first[1]), str(first[5])) == ("failing ×2", "Bad", "HTTP 503 [bold]x[/]")
        assert (str(second[0]), str(second[2])) == ("ok", "200")
        await pilot.press("escape")
        assert not isinstance(app.screen, FeedsScreen)


def test_parse_workers_can_start_inside_the_running_dashboard(tmp_path):
    """Textual swaps sys.stderr for a capture; the live app prepares multiprocessing before that.

    A fresh interpreter, so no earlier test has already started multiprocessing's tracker.
    """
    import subprocess
    import sys

    script = f"""
import asyncio
from config import load_config
from feeds.poller import _start_pool
from feeds.store import Store
from tui.app import make_app

async def main():
    app = make_app(load_config({str(CONFIG)!r}), Store.open({str(tmp_path / "w.db")!r}), live=True)
    async with app.run_test(size=(80, 24)):
        pool = await asyncio.to_thread(_start_pool)
        print("pool" if pool is not None else "none")
        if pool is not None:
            pool.shutdown()

if __name__ == "__main__":
    asyncio.run(main())
"""
    path = tmp_path / "workers.py"
    path.write_text(script)
    done = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)
    assert done.stdout.strip().splitlines()[-1:] == ["pool"], done.stderr[-2000:]


async def test_p_focuses_the_positions_and_enter_opens_the_cells_latest_item(config, store):
    app = make_app(config, store, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        grid = app.screen.query_one(PositionsGrid)
        assert app.focused is grid
        grid.move_cursor(row=grid.get_row_index("russia"), column=grid.get_column_index("drawdown"))
        await pilot.press("enter")
        assert isinstance(app.screen, ItemScreen) and app.screen.entry.item.id == "item-1"


async def test_question_mark_shows_the_keys_and_q_quits(config, store):
    app = make_app(config, store, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert app.screen.query("HelpPanel")
        await pilot.press("question_mark")
        assert not app.screen.query("HelpPanel")
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_the_command_palette_jumps_to_a_pane_and_applies_a_saved_filter(config, store):
    app = make_app(config, store, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"Go to issue: Prisoners")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is pane(app, "pane-issue-prisoners")
        await pilot.press("ctrl+p")
        await pilot.press(*"Filter: russia-only")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert [r.key for r in pane(app, "pane-all").rows] == ["item-1"]
        assert app.screen.query_one("#status").filter_text == "party:russia"


async def test_when_no_feed_can_be_reached_the_user_is_told_once(tmp_path, store):
    from feeds.model import FeedState
    from tui.messages import FeedChecked

    path = tmp_path / "talks.toml"
    path.write_text(CONFIG.read_text().replace("[alerts]", '[[feeds]]\nurl = "https://a.example/rss"\n\n[alerts]'))
    app = make_app(load_config(path), store, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        down = FeedState("https://a.example/rss", last_error="cannot connect", failures=1)
        for _ in range(2):
            app.dashboard.post_message(FeedChecked(app.config.feeds[0], down))
            await pilot.pause()
        told = [n for n in app._notifications if n.title == "No feeds"]
        assert len(told) == 1 and "talkwatch demo" in told[0].message
        assert app.screen.query_one("#status").healthy == 0
