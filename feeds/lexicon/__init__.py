"""The engine's word lists, kept as TOML data so rules stay generic and lists stay editable.

Loaded once at import from the package's own files (importlib.resources), never from the
user's config: these describe English news wording, not any particular talks.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib.resources import files
from typing import Any


@dataclass(frozen=True)
class EventClass:
    """Words that point one way: their direction, whether saying or doing, and their role."""

    direction: str
    kind: str
    terms: tuple[str, ...]
    role: str  # "event", "inverter" (flips what follows) or "evaluation" (judges what came before)
    reaction: bool  # a reaction to others' conduct: fixes the direction at neutral


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Everything the tokenizer, matcher and claim reader look words up in."""

    events: tuple[EventClass, ...]
    instruments: tuple[str, ...]
    mutual: tuple[str, ...]
    exit_verbs: tuple[str, ...]
    pacts: tuple[str, ...]
    force: tuple[str, ...]
    intransitive: tuple[str, ...]
    receipt: tuple[str, ...]
    occurrence: tuple[str, ...]
    restraint: tuple[str, ...]
    capitulation: tuple[str, ...]
    truce_words: tuple[str, ...]
    light: dict[str, tuple[str, ...]]
    convene: dict[str, tuple[str, ...]]
    irregular: dict[str, str]
    past_forms: frozenset[str]
    attribution: frozenset[str]
    tail_attribution: frozenset[str]
    announcing: frozenset[str]
    source_markers: tuple[tuple[str, ...], ...]
    accusation: frozenset[str]
    negators: frozenset[str]
    negator_phrases: tuple[tuple[str, ...], ...]
    debunking: frozenset[str]
    conditionals: frozenset[str]
    one_sided: frozenset[str]
    quantifiers: frozenset[str]
    future: frozenset[str]
    future_to: frozenset[str]
    obligations: frozenset[str]
    topic_markers: frozenset[str]
    schedule: frozenset[str]
    hedges: frozenset[str]
    roles: tuple[str, ...]
    control: tuple[str, ...]
    noun_senses: frozenset[str]
    idioms: frozenset[tuple[str, str]]
    modals: frozenset[str]
    clause_reports: frozenset[str]
    clause_joints: frozenset[str]
    scope: frozenset[str]
    future_scope: frozenset[str]
    contrast: frozenset[str]
    auxiliaries: frozenset[str]
    passive_auxiliaries: frozenset[str]
    abbreviations: frozenset[str]
    label_heads: frozenset[str]
    lookalikes: tuple[str, ...]
    head_nouns: frozenset[str]
    not_given_names: frozenset[str]
    title_case_minor: frozenset[str]
    off_topic: frozenset[str]
    demonyms: dict[str, tuple[str, ...]]


def _read(name: str) -> dict[str, Any]:
    return tomllib.loads(files(__name__).joinpath(name).read_text(encoding="utf-8"))


def load() -> Lexicon:
    """Read the three data files into one Lexicon."""
    events, grammar, names = _read("events.toml"), _read("grammar.toml"), _read("names.toml")
    classes = tuple(
        EventClass(c["direction"], c["kind"], tuple(c["terms"]), role, c.get("reaction", False))
        for key, role in (("class", "event"), ("inverter", "inverter"), ("evaluation", "evaluation"))
        for c in events[key]
    )
    return Lexicon(
        events=classes,
        instruments=tuple(events["instruments"]),
        mutual=tuple(events["mutual"]),
        exit_verbs=tuple(events["exits"]["verbs"]),
        pacts=tuple(events["exits"]["pacts"]),
        force=tuple(events["force"]["terms"]),
        intransitive=tuple(events["intransitive"]["terms"]),
        receipt=tuple(events["receipt"]["terms"]),
        occurrence=tuple(events["occurrence"]["terms"]),
        restraint=tuple(events["restraint"]["terms"]),
        capitulation=tuple(events["capitulation"]["terms"]),
        truce_words=tuple(events["force"]["truces"]),
        light={k: tuple(v) for k, v in events["light"].items()},
        convene={k: tuple(v) for k, v in events["convene"].items()},
        irregular=dict(events["irregular"]),
        past_forms=frozenset(events["past"]["forms"]),
        attribution=frozenset(grammar["attribution"]),
        tail_attribution=frozenset(grammar["tail_attribution"]),
        announcing=frozenset(grammar["announcing"]),
        source_markers=tuple(tuple(m) for m in grammar["source_markers"]),
        accusation=frozenset(grammar["accusation"]),
        negators=frozenset(grammar["negators"]),
        negator_phrases=tuple(tuple(p) for p in grammar["negator_phrases"]),
        debunking=frozenset(grammar["debunking"]),
        conditionals=frozenset(grammar["conditionals"]),
        one_sided=frozenset(grammar["one_sided"]),
        quantifiers=frozenset(grammar["quantifiers"]),
        future=frozenset(grammar["future"]),
        future_to=frozenset(grammar["future_to"]),
        obligations=frozenset(grammar["obligations"]),
        topic_markers=frozenset(grammar["topic_markers"]),
        schedule=frozenset(grammar["schedule"]),
        hedges=frozenset(grammar["hedges"]),
        roles=tuple(grammar["roles"]),
        control=tuple(grammar["control"]),
        noun_senses=frozenset(grammar["noun_senses"]),
        idioms=frozenset((a, b) for a, b in grammar["idioms"]),
        modals=frozenset(grammar["modals"]),
        clause_reports=frozenset(grammar["clause_reports"]),
        clause_joints=frozenset(grammar["clause_joints"]),
        scope=frozenset(grammar["scope"]),
        future_scope=frozenset(grammar["future_scope"]),
        contrast=frozenset(grammar["contrast"]),
        auxiliaries=frozenset(grammar["auxiliaries"]),
        passive_auxiliaries=frozenset(grammar["passive_auxiliaries"]),
        abbreviations=frozenset(grammar["abbreviations"]),
        label_heads=frozenset(grammar["label_heads"]),
        lookalikes=tuple(names["lookalikes"]),
        head_nouns=frozenset(names["head_nouns"]),
        not_given_names=frozenset(names["not_given_names"]),
        title_case_minor=frozenset(names["title_case_minor"]),
        off_topic=frozenset(names["off_topic"]),
        demonyms={k: tuple(v) for k, v in names["demonyms"].items()},
    )


LEXICON = load()
