"""The engine over a real store: exactly-once storage and alerts, and a ledger that survives a restart."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from config import load_config
from feeds.alerts import AlertRules
from feeds.engine import Engine
from feeds.model import Item
from feeds.store import Store

CONFIG = Path(__file__).parent / "data" / "talks.toml"
T0 = datetime(2022, 3, 29, 10, tzinfo=UTC)
PLEDGE = Item("p", "Russia will reduce military activity near Kyiv, Moscow says", "", T0, "Wire", "https://x/p",
              "feed", "p")
SHELLING = Item("s", "Russian forces shelled the suburbs overnight", "", T0 + timedelta(hours=14), "Courier",
                "https://x/s", "feed", "s")
TRUCE = Item("t", "Kyiv proposes a ceasefire", "", T0 + timedelta(hours=1), "Wire", "https://x/t", "feed", "t")


@pytest.fixture
def config():
    return load_config(CONFIG)


def test_items_are_stored_and_alerted_once_even_when_fed_again(tmp_path, config):
    store = Store.open(tmp_path / "t.db")
    engine = Engine(config, store)
    first = engine.ingest([TRUCE, PLEDGE])
    assert {e.item.id for e in first.entries} == {"t", "p"}
    assert [a.item_id for a in first.alerts] == ["t"]          # ceasefire is an alerting issue
    assert engine.ingest([TRUCE, PLEDGE]).entries == ()
    store.close()
    again = Engine(config, Store.open(tmp_path / "t.db"))
    assert again.ingest([replace(TRUCE, id="t2", guid="t2")]).alerts == ()   # same link: same story


def test_a_restart_still_pairs_a_new_deed_with_a_stored_pledge(tmp_path, config):
    store = Store.open(tmp_path / "t.db")
    Engine(config, store).ingest([PLEDGE])
    store.close()
    store = Store.open(tmp_path / "t.db")
    batch = Engine(config, store).ingest([SHELLING])
    assert [(d.party, d.issue, d.statement.item.id, d.action.item.id) for d in batch.divergences] == [
        ("russia", "drawdown", "p", "s")]
    assert [a.key.startswith("divergence:") for a in batch.alerts] == [True]
    assert store.divergences()[0].action.item.id == "s"


def test_a_date_far_in_the_future_is_taken_as_now(tmp_path, config):
    now = datetime(2026, 1, 1, tzinfo=UTC)
    store = Store.open(tmp_path / "t.db")
    engine = Engine(config, store, clock=lambda: now)
    future = replace(TRUCE, published=datetime(2099, 1, 1, tzinfo=UTC))
    assert engine.ingest([future]).entries[0].item.published == now


def test_analyse_without_a_store_reads_in_published_order(config):
    entries, divergences = Engine(config).analyse([SHELLING, PLEDGE])
    assert [e.item.id for e in entries] == ["p", "s"]
    assert [(d.statement.item.id, d.action.item.id) for d in divergences] == [("p", "s")]


def test_keyword_alerts_match_whole_words_in_any_case(config):
    rules = AlertRules.from_config(replace(config, alerts=replace(config.alerts, keywords=("truce",), issues=())))
    entries, _ = Engine(config).analyse([replace(TRUCE, title="TRUCE holds"), replace(PLEDGE, title="Truces")])
    assert [a.item_id for a in rules.match(entries, [])] == ["t"]
