"""The name and keyword matcher: spelling variants in, look-alikes out."""

from __future__ import annotations

from datetime import timedelta

import pytest

from config.schema import Config, Issue, Matching, Party, Talks
from feeds import tokens as tk
from feeds.match import ISSUE, PARTY, Matcher


def _config(party_threshold: float = 90.0) -> Config:
    return Config(
        talks=Talks("Russia–Ukraine negotiations", timedelta(days=7)),
        parties=(
            Party("russia", "Russia", ("Russia", "Russian", "Moscow", "Kremlin"),
                  ("Vladimir Putin", "Vladimir Medinsky", "Dmitry Medvedev")),
            Party("ukraine", "Ukraine", ("Ukraine", "Kyiv"), ("Volodymyr Zelensky",)),
            Party("us", "United States", ("US", "Pentagon"), ("John Kirby",)),
            Party("eu", "European Union", ("EU",)),
            Party("nato", "NATO", ("NATO",)),
            Party("turkey", "Turkey", ("Turkey", "Istanbul")),
        ),
        issues=(
            Issue("ceasefire", "Ceasefire", ("ceasefire", "truce")),
            Issue("drawdown", "Drawdown", ("pull back", "withdrawal")),
            Issue("neutrality", "Neutral status", ("neutral status", "neutral")),
            Issue("crimea", "Crimea", ("Crimea",)),
            Issue("donbas", "Donbas", ("Donbas",)),
            Issue("prisoners", "Prisoners", ("prisoner swap",)),
        ),
        matching=Matching(party_threshold, 90.0),
    )


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(_config())


def _found(matcher: Matcher, text: str, kind: str) -> list[tuple[str, str]]:
    words = tk.tokenize(tk.clean(text))
    return [(m.target, " ".join(words[m.start : m.end])) for m in matcher.find(words, [tk.keys(w) for w in words]) if m.kind == kind]


@pytest.mark.parametrize(
    "text, party",
    [
        ("Zelensky spoke", "ukraine"),
        ("Zelenskiy spoke", "ukraine"),
        ("Zelenskyy spoke", "ukraine"),
        ("Talks in Kiev", "ukraine"),
        ("Talks in Kyiv", "ukraine"),
        ("Medinskiy said", "russia"),
        ("Medinsky said", "russia"),
        ("Vladimir Medinsky said", "russia"),
        ("Russia's delegation", "russia"),
        ("Russia’s delegation", "russia"),
        ("Ukrainian troops", "ukraine"),
        ("Russian-backed forces", "russia"),
        ("RUSSIA ATTACKS", "russia"),
        ("the Kremlin, again", "russia"),
        ("Erdoğan in Istanbul talks", "turkey"),
        ("NATO's members", "nato"),
        ("Nato members", "nato"),
        ("the U.S. said", "us"),
        ("US-Taliban deal", "us"),
    ],
)
def test_names_match_across_spelling_case_and_derived_forms(matcher: Matcher, text: str, party: str) -> None:
    assert party in [target for target, _ in _found(matcher, text, PARTY)]


@pytest.mark.parametrize(
    "text",
    [
        "A Moscow Mule at the bar",
        "Crimean-Congo fever spreads",
        "Istanbul stocks fell sharply",
        "thus the talks went on",
        "donations to charity",
        "let us go",
        "chicken Kiev for dinner",
    ],
)
def test_look_alikes_and_short_words_match_no_party(matcher: Matcher, text: str) -> None:
    assert _found(matcher, text, PARTY) == []


def test_a_surname_after_another_given_name_is_someone_else(matcher: Matcher) -> None:
    assert _found(matcher, "Russia's Daniil Medvedev wins in Miami", PARTY) == [("russia", "Russia's")]
    assert _found(matcher, "President Medvedev wins", PARTY) == [("russia", "Medvedev")]


def test_acronyms_are_case_sensitive_whole_words(matcher: Matcher) -> None:
    assert _found(matcher, "the eu and the us", PARTY) == []
    assert [t for t, _ in _found(matcher, "the EU and the US", PARTY)] == ["eu", "us"]


@pytest.mark.parametrize(
    "text, issue",
    [
        ("a cease-fire was agreed", "ceasefire"),
        ("ceasefires collapsed", "ceasefire"),
        ("troops pulled back", "drawdown"),
        ("pulling back from the capital", "drawdown"),
        ("fighting in Donbass", "donbas"),
        ("the Crimean peninsula", "crimea"),
        ("prisoner swaps resumed", "prisoners"),
        ("Kyiv talks of neutral status", "neutrality"),
    ],
)
def test_issue_keywords_match_inflected_and_hyphenated(matcher: Matcher, text: str, issue: str) -> None:
    assert issue in [target for target, _ in _found(matcher, text, ISSUE)]


@pytest.mark.parametrize("text", ["neutral tones for the living room", "Crime rate falls", "Crimean-Congo fever cases"])
def test_issue_look_alikes_match_nothing(matcher: Matcher, text: str) -> None:
    assert _found(matcher, text, ISSUE) == []


def test_fuzzy_stage_catches_misspellings_within_the_threshold() -> None:
    loose, strict = Matcher(_config(party_threshold=85.0)), Matcher(_config(party_threshold=99.0))
    assert _found(loose, "Pemtagon officials", PARTY) == [("us", "Pemtagon")]
    assert _found(strict, "Pemtagon officials", PARTY) == []


def test_fuzzy_stage_does_not_take_truncations_for_variants() -> None:
    matcher = Matcher(_config(party_threshold=80.0))
    assert _found(matcher, "Kremli officials", PARTY) == []
