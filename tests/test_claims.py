"""Claims: who acts, who speaks, statement or action, which way — on the hard cases."""

from __future__ import annotations

from datetime import timedelta

import pytest

from config.schema import Config, Issue, Party, Talks
from feeds.analysis import Analyzer
from feeds.model import Claim, Item


def _russia_ukraine() -> Config:
    return Config(
        talks=Talks("Russia–Ukraine negotiations", timedelta(days=7)),
        parties=(
            Party("russia", "Russia", ("Russia", "Russian", "Moscow", "Kremlin"), ("Vladimir Medinsky", "Dmitry Peskov")),
            Party("ukraine", "Ukraine", ("Ukraine", "Ukrainian", "Kyiv"), ("Volodymyr Zelensky",)),
            Party("us", "United States", ("US", "Pentagon", "White House"), ("John Kirby",)),
        ),
        issues=(
            Issue("drawdown", "Drawdown near Kyiv", ("military activity", "withdrawal", "pull back", "Chernihiv")),
            Issue("neutrality", "Neutral status", ("neutrality", "neutral status")),
            Issue("energy", "Energy strikes", ("oil depot", "fuel depot")),
        ),
    )


def _iran() -> Config:
    return Config(
        talks=Talks("Iran nuclear talks"),
        parties=(
            Party("iran", "Iran", ("Iran", "Iranian", "Tehran")),
            Party("us", "United States", ("US", "Washington")),
        ),
        issues=(Issue("enrichment", "Enrichment", ("enrichment", "centrifuges", "uranium")),),
    )


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(_russia_ukraine())


def _claims(analyzer: Analyzer, title: str, summary: str = "") -> list[Claim]:
    return list(analyzer.read(Item("x", title, summary)).claims)


def _one(analyzer: Analyzer, title: str, summary: str = "") -> Claim:
    claims = _claims(analyzer, title, summary)
    assert len(claims) == 1, claims
    return claims[0]


def _shape(claim: Claim) -> tuple[str, str, str | None, str]:
    return claim.kind, claim.party, claim.speaker, claim.direction


def test_reported_speech_makes_the_reported_party_the_actor(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "The Pentagon says Russian units are regrouping")
    assert _shape(claim) == ("action", "russia", "us", "neutral")


def test_trailing_attribution_names_the_speaker(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Military activity near Kyiv will be drastically reduced, Kremlin says")
    assert _shape(claim) == ("statement", "russia", "russia", "deescalate")
    assert claim.issues == ("drawdown",)


def test_headline_label_names_the_speaker(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Pentagon: Russian moves are a repositioning, not a real withdrawal")
    assert claim.party == "russia" and claim.speaker == "us" and claim.kind == "action"
    assert claim.direction != "deescalate"


@pytest.mark.parametrize(
    "title, direction",
    [
        ("Russian forces did not stop shelling Chernihiv", "escalate"),
        ("Russian forces stopped shelling Chernihiv", "deescalate"),
        ("Russian troops are not withdrawing but repositioning", "escalate"),
        ("Russia shells Chernihiv despite pledge to pull back", "escalate"),
        ("Russian troops withdraw from Chernihiv", "deescalate"),
    ],
)
def test_negation_inversion_and_background_frames(analyzer: Analyzer, title: str, direction: str) -> None:
    claim = _one(analyzer, title)
    assert (claim.party, claim.kind, claim.direction) == ("russia", "action", direction)


@pytest.mark.parametrize(
    "title, kind",
    [
        ("Russia will reduce military activity near Kyiv", "statement"),
        ("Russia to scale back operations near Kyiv", "statement"),
        ("Russia pledges to pull back from Kyiv", "statement"),
        ("Russia reduced military activity near Kyiv", "action"),
        ("Russian troops began withdrawing from Kyiv", "action"),
    ],
)
def test_future_and_intent_make_statements_past_deeds_actions(analyzer: Analyzer, title: str, kind: str) -> None:
    claim = _one(analyzer, title)
    assert (claim.party, claim.kind, claim.direction) == ("russia", kind, "deescalate")


def test_an_offer_is_a_deescalating_statement(analyzer: Analyzer) -> None:
    assert _shape(_one(analyzer, "Ukraine offers neutrality")) == ("statement", "ukraine", None, "deescalate")


def test_a_denial_of_an_attack_claims_restraint(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Kremlin denies shelling Chernihiv")
    assert (claim.kind, claim.party, claim.direction) == ("statement", "russia", "deescalate")


def test_an_accusation_makes_the_accused_the_actor(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Russia accuses Ukraine of attacking oil depot")
    assert _shape(claim) == ("action", "ukraine", "russia", "escalate")
    assert claim.issues == ("energy",)


def test_a_charge_without_a_deed_word_is_still_an_action_of_the_accused(analyzer: Analyzer) -> None:
    claim = _claims(analyzer, "Fire at fuel depot; Moscow blames Ukrainian helicopters")[-1]
    assert claim.text == "Moscow blames Ukrainian helicopters"
    assert _shape(claim) == ("action", "ukraine", "russia", "escalate")


def test_a_deed_without_a_doer_takes_the_doer_the_item_names(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Missiles hit Chernihiv after pledge", "Russian forces shelled the city overnight.")
    assert [(c.party, c.kind, c.direction) for c in claims] == [("russia", "action", "escalate")] * 2


def test_a_deed_without_a_doer_stays_unattributed_when_the_item_is_ambiguous(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Missiles hit Chernihiv", "Russia and Ukraine traded blame. Russian forces shelled the city; Ukraine shelled back.")
    assert all(c.text != "Missiles hit Chernihiv" for c in claims)


def test_third_party_speculation_is_the_speakers_neutral_statement(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Kirby said Kyiv could still face a major attack")
    assert _shape(claim) == ("statement", "us", "us", "neutral")


def test_pronoun_speaker_is_the_items_last_speaker(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Zelensky sets out red lines", "'We will not give up our land,' he said.")
    assert claims[-1].party == "ukraine" and claims[-1].speaker == "ukraine"


def test_rules_work_for_other_talks_too() -> None:
    analyzer = Analyzer(_iran())
    claim = _one(analyzer, "Iran halts enrichment at Natanz, Washington says")
    assert _shape(claim) == ("action", "iran", "us", "deescalate")
    claim = _one(analyzer, "Tehran says it will not expand enrichment")
    assert (claim.party, claim.kind) == ("iran", "statement")
