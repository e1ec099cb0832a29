"""Read an item: which parties and issues it concerns, and the claims its sentences make.

The Analyzer indexes the config once; `read` is pure and cheap, because it runs on every
item of every feed. A sentence's reading depends on nothing but its text, and wire copy
repeats sentences across outlets and polls, so readings are kept per sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from config.schema import Config
from feeds import claims, sentences
from feeds import tokens as tk
from feeds.lexicon import LEXICON
from feeds.match import ISSUE, PARTY, Matcher, Mention
from feeds.model import Claim, Item, Reading

_SENTENCE_CACHE_LIMIT = 50_000
_OFF_TOPIC = LEXICON.off_topic


@dataclass(frozen=True, slots=True)
class _Sentence:
    """What one sentence says on its own: the parties and issues it names, and its claim."""

    text: str
    parties: tuple[str, ...]
    issues: tuple[str, ...]
    reading: claims.Reading | None
    off_topic: bool  # uses a word of sport or entertainment news


class Analyzer:
    """The engine's reading of items against one config."""

    def __init__(self, config: Config) -> None:
        self._matcher = Matcher(config)
        self._sentences: dict[str, _Sentence] = {}

    def read(self, item: Item) -> Reading:
        """Parties, issues and claims of one item; the same item always reads the same."""
        parts = sentences.split(tk.clean(item.title))
        if item.summary:
            parts.extend(sentences.split(tk.clean(item.summary)))
        seen: set[str] = set()
        parties: list[str] = []
        issues: list[str] = []
        found: list[_Sentence] = []
        off_topic = False
        for text in parts:
            key = text.casefold().rstrip(".")
            if key in seen:
                continue
            seen.add(key)
            sentence = self._sentence(text)
            off_topic = off_topic or sentence.off_topic
            for party in sentence.parties:
                if party not in parties:
                    parties.append(party)
            for issue in sentence.issues:
                if issue not in issues:
                    issues.append(issue)
            if sentence.reading is not None:
                found.append(sentence)
        if not parties or (off_topic and not issues):
            return Reading(item.id, (), (), ())  # issue words with no side in view, or a side's team or star
        return Reading(item.id, tuple(parties), tuple(issues), tuple(_claims(found, tuple(parties), tuple(issues))))

    def _sentence(self, text: str) -> _Sentence:
        sentence = self._sentences.get(text)
        if sentence is None:
            words = tk.tokenize(text)
            keys = [tk.keys(w) for w in words]
            mentions = self._matcher.find(words, keys)
            reading = claims.read(words, keys, mentions) if words else None
            folds = [k[0] for k in keys]
            off_topic = any(f in _OFF_TOPIC for f in folds) or any(f"{a} {b}" in _OFF_TOPIC for a, b in zip(folds, folds[1:]))
            sentence = _Sentence(text, _targets(mentions, PARTY), _targets(mentions, ISSUE), reading, off_topic)
            if len(self._sentences) >= _SENTENCE_CACHE_LIMIT:
                self._sentences.clear()
            self._sentences[text] = sentence
        return sentence


def _targets(mentions: list[Mention], kind: str) -> tuple[str, ...]:
    out: list[str] = []
    for m in mentions:
        if m.kind == kind and m.target not in out:
            out.append(m.target)
    return tuple(out)


def _claims(found: list[_Sentence], item_parties: tuple[str, ...], item_issues: tuple[str, ...]) -> list[Claim]:
    """Claims of the item's sentences. A deed with no doer in its sentence takes the one
    party the rest of the item names as doing the like, when there is exactly one; failing that,
    a speaker with no one else in view is taken to speak of itself. "He said" is the
    item's last speaker; "both sides" are the item's two parties besides the speaker."""
    out: list[Claim] = []
    last_speaker: str | None = None
    for n, sentence in enumerate(found):
        reading = sentence.reading
        assert reading is not None
        actors = reading.actors
        speaker = reading.speaker
        if reading.pronoun_speaker and last_speaker is not None:
            speaker = last_speaker
            actors = actors or (speaker,)
        last_speaker = speaker or (actors[0] if actors and reading.kind == "statement" else last_speaker)
        if reading.group and not actors:
            others = tuple(p for p in item_parties if p != speaker)
            actors = others if len(others) == 2 else ()
        if not actors and reading.material and reading.agentless:
            others = {
                a
                for j, other in enumerate(found)
                if j != n and other.reading and other.reading.kind == "action" and other.reading.direction == reading.direction
                for a in other.reading.actors
            }
            if len(others) == 1:
                actors = tuple(others)
        if not actors and reading.fallback is not None:
            actors = (reading.fallback,)
        for actor in actors:
            out.append(Claim(reading.kind, actor, speaker, reading.direction, sentence.issues or item_issues, sentence.text))
    return out
