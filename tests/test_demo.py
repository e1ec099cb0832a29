"""The whole pipeline as a newcomer meets it: demo server → HTTP → feedparser → engine → store → panes."""

from __future__ import annotations

import asyncio

from config import discover_config
from feeds.demo_server import DemoServer, demo_config
from feeds.store import Store
from tui.app import make_app
from tui.widgets.panes import DivergencePane, EntryPane

PATIENCE_SECONDS = 90


async def test_the_demo_fills_panes_and_lights_up_the_pledge_and_shelling_divergence(tmp_path):
    store = Store.open(tmp_path / "demo.db")
    with DemoServer(speed=25, interval=1) as server:
        app = make_app(discover_config(), store, prepare=lambda config: demo_config(config, server))
        async with app.run_test(size=(160, 45)):
            divergences = app.screen.query_one(DivergencePane)
            for _ in range(PATIENCE_SECONDS * 10):
                if any(d.party == "russia" and d.issue == "drawdown" for d, _ in divergences.divergences):
                    break
                await asyncio.sleep(0.1)
            found = [(d.party, d.issue) for d, _ in divergences.divergences]
            assert ("russia", "drawdown") in found
            assert len(app.screen.query_one("#pane-party-russia", EntryPane).rows) > 3
            assert len(app.screen.query_one("#pane-issue-drawdown", EntryPane).rows) > 1
            assert app.screen.query_one("#status").healthy == len(server.feeds)
    store.close()
