"""Snapshots of what the user sees, from a fixed store (no live feeds, no clock on screen).

Regenerate on purpose only: `pytest tests/test_snapshots.py --snapshot-update`, then look at the SVGs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from config import load_config
from feeds.model import Claim, ClaimRef, Divergence, Entry, Reading
from feeds.store import Store
from tests.test_app import HISTORY, SHELLING
from tui.app import make_app

# Fixed readings, not the engine's: a snapshot pins what the screen draws for a given state,
# and must not move each time the engine reads a sentence better.
PLEDGE = Claim("statement", "russia", "russia", "deescalate", ("drawdown",), "Russia will reduce military activity")
OFFER = Claim("statement", "ukraine", "ukraine", "deescalate", ("ceasefire",), "Kyiv offered a truce")
SHELLED = Claim("action", "russia", None, "escalate", ("drawdown",), "Russian artillery shelled the suburbs")
READINGS = {
    "item-1": Reading("item-1", ("russia", "ukraine"), ("drawdown",), (PLEDGE,)),
    "item-2": Reading("item-2", ("ukraine",), ("ceasefire",), (OFFER,)),
    "item-3": Reading("item-3", (), (), ()),
    "item-4": Reading("item-4", ("russia",), ("drawdown",), (SHELLED,)),
}

CONFIG = Path(__file__).parent / "data" / "talks.toml"


@pytest.fixture
def app(tmp_path):
    config = load_config(CONFIG)
    store = Store.open(tmp_path / "snap.db")
    entries = {i.id: Entry(i, READINGS[i.id]) for i in [*HISTORY, SHELLING]}
    divergence = Divergence("russia", "drawdown", ClaimRef(entries["item-1"].item, PLEDGE),
                            ClaimRef(entries["item-4"].item, SHELLED), "russia said it would de-escalate")
    store.add(list(entries.values()), [divergence])
    yield make_app(config, store, live=False)
    store.close()


async def _loaded(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_main_screen(snap_compare, app):
    """Divergence on top (Russia · Drawdown, said/did rows), the positions grid with ◆ in
    Russia × drawdown, and the party and issue panes filled newest first."""
    assert snap_compare(app, terminal_size=(120, 40), run_before=_loaded)


def test_main_screen_at_80_by_24(snap_compare, app):
    """The smallest terminal: one column of panes, everything still legible."""
    assert snap_compare(app, terminal_size=(80, 24), run_before=_loaded)


def test_positions_grid_maximised(snap_compare, app):
    """The positions grid alone: S+ for Russia's pledge replaced by A− (the shelling) with ◆."""

    async def maximise(pilot) -> None:
        await _loaded(pilot)
        await pilot.press("p", "m")

    assert snap_compare(app, terminal_size=(100, 30), run_before=maximise)
