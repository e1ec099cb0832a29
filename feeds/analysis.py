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
from feeds.match import ISSUE, PARTY, Matcher, Mention
from feeds.model import Claim, Item, Reading

_SENTENCE_CACHE_LIMIT = 50_000


@dataclass(frozen=True, slots=True)
class _Sentence:
    """What one sentence says on its own: the parties and issues it names, and its claim."""

    text: str
    parties: tuple[str, ...]
    issues: tuple[str, ...]
    reading: claims.Reading | None


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
        for text in parts:
            key = text.casefold().rstrip(".")
            if key in seen:
                continue
            seen.add(key)
            sentence = self._sentence(text)
            parties.extend(p for p in sentence.parties if p not in parties)
            issues.extend(i for i in sentence.issues if i not in issues)
            if sentence.reading is not None:
                found.append(sentence)
        if not parties:
            return Reading(item.id, (), (), ())  # issue words with no side in view are another story
        return Reading(item.id, tuple(parties), tuple(issues), tuple(_claims(found, tuple(issues))))

    def _sentence(self, text: str) -> _Sentence:
        sentence = self._sentences.get(text)
        if sentence is None:
            words = tk.tokenize(text)
            keys = [tk.keys(w) for w in words]
            mentions = self._matcher.find(words, keys)
            reading = claims.read(words, keys, mentions) if words else None
            sentence = _Sentence(text, _targets(mentions, PARTY), _targets(mentions, ISSUE), reading)
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


def _claims(found: list[_Sentence], item_issues: tuple[str, ...]) -> list[Claim]:
    """Claims of the item's sentences. A deed with no doer in its sentence takes the one
    party the rest of the item names as a doer, when there is exactly one; failing that,
    a speaker with no one else in view is taken to speak of itself. "He said" is the
    item's last speaker."""
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
        if not actors and reading.material and reading.agentless:
            others = {a for j, other in enumerate(found) if j != n and other.reading for a in other.reading.actors}
            if len(others) == 1:
                actors = tuple(others)
        if not actors and reading.fallback is not None:
            actors = (reading.fallback,)
        for actor in actors:
            out.append(Claim(reading.kind, actor, speaker, reading.direction, sentence.issues or item_issues, sentence.text))
    return out
