"""Regenerate the README's screenshots: the demo replay, caught once its divergences have lit up.

    python docs/make_screenshots.py
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from config import discover_config
from feeds.demo_server import DemoServer, demo_config
from feeds.store import Store
from tui.app import make_app
from tui.widgets.panes import DivergencePane

HERE = Path(__file__).parent
SIZES = {"dashboard-200x50.svg": (200, 50), "dashboard-80x24.svg": (80, 24)}


async def shoot(name: str, size: tuple[int, int]) -> None:
    with tempfile.TemporaryDirectory() as scratch, DemoServer(speed=12, interval=1) as server:
        store = Store.open(Path(scratch) / "demo.db")
        app = make_app(discover_config(), store, prepare=lambda config: demo_config(config, server))
        async with app.run_test(size=size) as pilot:
            divergences = app.screen.query_one(DivergencePane)
            for _ in range(600):
                if len(divergences.divergences) >= 2 and app.screen.query_one("#status").stored > 40:
                    break
                await asyncio.sleep(0.1)
            await pilot.pause(1.0)
            app.save_screenshot(filename=name, path=str(HERE))
        store.close()


if __name__ == "__main__":
    for file_name, terminal in SIZES.items():
        asyncio.run(shoot(file_name, terminal))
        print(HERE / file_name)
