"""The Analyzer as the rest of the app uses it: one Reading per item, pure and cheap."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from config.schema import Config, Issue, Party, Talks
from feeds.analysis import Analyzer
from feeds.divergences import DivergenceLedger
from feeds.model import Item, Reading

REALWORLD = Path(__file__).resolve().parents[2] / "shared" / "realworld" / "items.jsonl"


def _config() -> Config:
    return Config(
        talks=Talks("Russia–Ukraine negotiations", timedelta(days=7)),
        parties=(
            Party("russia", "Russia", ("Russia", "Russian", "Moscow", "Kremlin"), ("Vladimir Putin", "Dmitry Peskov")),
            Party("ukraine", "Ukraine", ("Ukraine", "Ukrainian", "Kyiv", "Kiev"), ("Volodymyr Zelensky",)),
            Party("us", "United States", ("US", "Pentagon", "White House"), ("Joe Biden", "John Kirby")),
            Party("turkey", "Turkey", ("Turkey", "Turkish", "Ankara", "Istanbul"), ("Recep Tayyip Erdogan",)),
        ),
        issues=(
            Issue("ceasefire", "Ceasefire", ("ceasefire", "truce")),
            Issue("drawdown", "Drawdown", ("military activity", "withdrawal", "pull back", "Chernihiv")),
            Issue("neutrality", "Neutral status", ("neutrality", "neutral status")),
            Issue("grain", "Grain", ("grain", "grain exports")),
            Issue("prisoners", "Prisoners", ("prisoner exchange", "prisoners")),
        ),
    )


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(_config())


def test_a_reading_lists_parties_issues_and_claims_in_order(analyzer: Analyzer) -> None:
    item = Item("i1", "Russia says it will reduce military activity near Kyiv",
                "Moscow pledged to pull back after talks in Istanbul.")
    reading = analyzer.read(item)
    assert reading.item_id == "i1"
    assert reading.parties == ("russia", "ukraine", "turkey")
    assert reading.issues == ("drawdown",)
    assert [(c.kind, c.party, c.direction) for c in reading.claims] == [("statement", "russia", "deescalate")] * 2
    assert reading.claims[0].text == item.title


def test_reading_is_pure(analyzer: Analyzer) -> None:
    item = Item("i2", "Ukraine offers neutrality in exchange for guarantees")
    assert analyzer.read(item) == analyzer.read(item)


def test_leftover_html_and_entities_are_read_as_text(analyzer: Analyzer) -> None:
    reading = analyzer.read(Item("i3", "<b>Russia</b> &amp; Ukraine agree a truce", "<p>Prisoners&nbsp;were freed.</p>"))
    assert reading.parties == ("russia", "ukraine")
    assert set(reading.issues) == {"ceasefire", "prisoners"}


@pytest.mark.parametrize(
    "title, summary",
    [
        ("A Moscow Mule is the drink of the summer", "Bartenders say ginger beer sales are up."),
        ("Istanbul stocks fall as lira slides", "Traders sold bank shares."),
        ("US stocks slip as bond yields climb", "Traders sold tech shares."),
        ("City council expands gun violence reduction programme", "Officials credit it with fewer shootings."),
        ("Grain-free diets for dogs: what vets advise", "A truce between owners and vets is far off."),
    ],
)
def test_unrelated_news_reads_as_nothing(analyzer: Analyzer, title: str, summary: str) -> None:
    assert analyzer.read(Item("u", title, summary)) == Reading("u", (), (), ())


@pytest.mark.parametrize(
    "title, summary",
    [
        ("Italy edge Turkey 3-2 in Konya friendly", "Both teams missed out on the World Cup."),
        ("Medvedev moves closer to top ranking", "Russia's Daniil Medvedev is two wins away from the top spot."),
        ("Forward joins Russian champions in Kazan", "He signed a three-year contract after nine seasons abroad."),
    ],
)
def test_a_country_s_team_or_player_is_not_a_side(analyzer: Analyzer, title: str, summary: str) -> None:
    assert analyzer.read(Item("s", title, summary)) == Reading("s", (), (), ())


def test_issue_words_without_any_party_are_not_tagged(analyzer: Analyzer) -> None:
    assert analyzer.read(Item("u", "Reservoir drawdown and a truce between anglers")).issues == ()


def test_engine_end_to_end_finds_the_pledge_and_the_shelling(analyzer: Analyzer) -> None:
    ledger = DivergenceLedger(timedelta(days=7))
    t0 = datetime(2022, 3, 29, 15, tzinfo=UTC)
    items = [
        Item("pledge", "Russia to drastically reduce military activity near Kyiv and Chernihiv", published=t0),
        Item("kept", "Russia and Ukraine agree a prisoner exchange", published=t0 + timedelta(hours=2)),
        Item("shelled", "Chernihiv shelled overnight despite Moscow's pledge, governor says",
             "Russian forces pounded the city through the night.", published=t0 + timedelta(hours=14)),
        Item("swap", "Russia and Ukraine exchange prisoners", published=t0 + timedelta(hours=20)),
    ]
    found = [d for item in items for d in ledger.add(item, analyzer.read(item))]
    assert [(d.party, d.issue, d.statement.item.id, d.action.item.id) for d in found] == [
        ("russia", "drawdown", "pledge", "shelled")
    ]


@pytest.mark.skipif(not REALWORLD.exists(), reason="the shared real-world items are not here")
def test_real_unrelated_news_gets_no_issues(analyzer: Analyzer) -> None:
    unrelated = {"rw005", "rw019", "rw036", "rw037", "rw038", "rw066", "rw230", "rw231"}  # sport and film
    for line in REALWORLD.read_text(encoding="utf-8").splitlines():
        raw = json.loads(line)
        if raw["id"] in unrelated:
            reading = analyzer.read(Item(raw["id"], raw["title"], raw.get("summary") or ""))
            assert reading.issues == () and reading.claims == (), raw["title"]


def test_force_by_a_party_counts_against_a_truce_issue_unnamed(analyzer: Analyzer) -> None:
    reading = analyzer.read(Item("s", "Russian forces shelled Kharkiv overnight"))
    [claim] = reading.claims
    assert (claim.kind, claim.party, claim.direction) == ("action", "russia", "escalate")
    assert "ceasefire" in claim.issues  # a truce issue: force breaks it whether or not the item says so
    assert "ceasefire" not in reading.issues  # the item itself is not tagged


def test_truce_then_unnamed_shelling_is_a_divergence_but_a_kept_swap_is_not(analyzer: Analyzer) -> None:
    ledger = DivergenceLedger(timedelta(days=7))
    t0 = datetime(2022, 3, 29, 15, tzinfo=UTC)
    items = [
        Item("truce", "Russia agrees to a ceasefire from noon", published=t0),
        Item("swap-agreed", "Russia and Ukraine agree a prisoner exchange", published=t0 + timedelta(hours=1)),
        Item("shelling", "Russian forces shelled Kharkiv overnight", published=t0 + timedelta(hours=9)),
        Item("swap-done", "Russia and Ukraine exchange prisoners", published=t0 + timedelta(hours=20)),
    ]
    found = [d for item in items for d in ledger.add(item, analyzer.read(item))]
    assert [(d.party, d.issue, d.statement.item.id, d.action.item.id) for d in found] == [
        ("russia", "ceasefire", "truce", "shelling")
    ]


def test_the_fire_after_a_determiner_is_a_blaze_not_a_breach(analyzer: Analyzer) -> None:
    [staged] = analyzer.read(Item("f", "Kyiv accused Moscow of staging the fire")).claims
    assert "ceasefire" not in staged.issues
    [opened] = analyzer.read(Item("g", "Kyiv accused Moscow of opening fire on Kharkiv")).claims
    assert "ceasefire" in opened.issues
