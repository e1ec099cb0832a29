"""Read an item: which parties and issues it concerns, and the claims its sentences make.

The Analyzer indexes the config once; `read` is pure and cheap, because it runs on every
item of every feed. A sentence's reading depends on nothing but its text, and wire copy
repeats sentences across outlets and polls, so readings are kept per sentence.
"""

from __future__ import annotations

from config.schema import Config
from feeds import claims, sentences
from feeds import tokens as tk
from feeds.lexicon import LEXICON
from feeds.match import ISSUE, PARTY, Matcher, Mention
from feeds.model import Claim, Item, Reading

_SENTENCE_CACHE_LIMIT = 5_000
_OFF_TOPIC = LEXICON.off_topic
_OFF_TOPIC_FIRST = frozenset(t.split()[0] for t in _OFF_TOPIC)  # words that may start an off-topic word or phrase
_LOCATIVES = frozenset(("across", "in", "into", "inside", "near", "around", "outside", "at", "on", "toward", "towards", "within"))


class _Sentence:
    """What one sentence says on its own: the parties and issues it names, and its claims.
    The claims are read on first need: most sentences of most feeds name no party, and
    an item with no party in view has no claims to read."""

    __slots__ = ("_clause_issues", "_pending", "_readings", "_texts", "issues", "off_topic", "parties", "places", "text")

    def __init__(self, text: str, words: list[str], keys: list[tuple[str, str, str]], mentions: list[Mention]) -> None:
        self.text = text
        self.parties = _targets(mentions, PARTY)
        self.issues = _targets(mentions, ISSUE)
        self.places = tuple(  # parties named as where something happened: "across X's region"
            m.target for m in mentions if m.kind == PARTY and m.start and keys[m.start - 1][0] in _LOCATIVES
        )
        self.off_topic = _off_topic(keys)  # uses a word of sport or entertainment news
        self._pending: tuple[list[str], list[tuple[str, str, str]], list[Mention]] | None = (words, keys, mentions)
        self._readings: tuple[claims.Reading, ...] = ()
        self._texts: tuple[str, ...] = ()
        self._clause_issues: tuple[tuple[str, ...], ...] | None = None

    def clauses(self) -> tuple[tuple[claims.Reading, str, tuple[str, ...] | None], ...]:
        """(reading, text, the clause's own issues or None for a one-clause sentence) per clause."""
        if self._pending is not None:
            words, keys, mentions = self._pending
            self._pending = None  # the words are not needed once read
            readings = claims.read(words, keys, mentions) if words else ()
            self._readings = readings
            if len(readings) < 2:
                self._texts = (self.text,) * len(readings)
                if readings and readings[0].topic:  # "a pause would not mean the end of X": about X, not the pause
                    self._clause_issues = (_targets([m for m in mentions if m.start >= readings[0].topic], ISSUE),)
            else:
                self._texts = _clause_texts(self.text, readings)
                self._clause_issues = tuple(
                    _targets([m for m in mentions if r.start <= m.start < r.end], ISSUE) for r in readings
                )
        if self._clause_issues is None:
            return tuple((r, t, None) for r, t in zip(self._readings, self._texts))
        return tuple(zip(self._readings, self._texts, self._clause_issues))


class Analyzer:
    """The engine's reading of items against one config."""

    def __init__(self, config: Config) -> None:
        self._matcher = Matcher(config)
        self._sentences: dict[str, _Sentence] = {}
        self._truces = _truce_issues(config)

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
            found.append(sentence)
        if not parties or (off_topic and not issues):
            return Reading(item.id, (), (), ())  # issue words with no side in view, or a side's team or star
        return Reading(item.id, tuple(parties), tuple(issues), tuple(_claims(found, tuple(parties), tuple(issues), self._truces)))

    def _sentence(self, text: str) -> _Sentence:
        sentence = self._sentences.get(text)
        if sentence is None:
            words = tk.tokenize(text)
            cached = tk.KEYS_CACHE.get
            keys = [cached(w) or tk.keys(w) for w in words]
            sentence = _Sentence(text, words, keys, self._matcher.find(words, keys))
            if len(self._sentences) >= _SENTENCE_CACHE_LIMIT:
                self._sentences.clear()
            self._sentences[text] = sentence
        return sentence


def _off_topic(keys: list[tuple[str, str, str]]) -> bool:
    """Does the sentence use a word or two-word phrase of sport or entertainment news?"""
    for n, k in enumerate(keys):
        fold = k[0]
        if fold in _OFF_TOPIC_FIRST and (
            fold in _OFF_TOPIC or (n + 1 < len(keys) and f"{fold} {keys[n + 1][0]}" in _OFF_TOPIC)
        ):
            return True
    return False


def _clause_texts(text: str, readings: tuple[claims.Reading, ...]) -> tuple[str, ...]:
    """Each clause's stretch of the sentence, from its first word to its last."""
    spans = [m.span() for m in tk.token_spans(text)]
    out: list[str] = []
    for r in readings:
        first = spans[r.start][0]
        last = spans[r.end - 1][1] if r.end < len(spans) else len(text)
        out.append(text[first:last].strip(" ,;:-–—").strip())
    return tuple(out)


def _targets(mentions: list[Mention], kind: str) -> tuple[str, ...]:
    out: list[str] = []
    for m in mentions:
        if m.kind == kind and m.target not in out:
            out.append(m.target)
    return tuple(out)


def _truce_issues(config: Config) -> tuple[str, ...]:
    """The issues that are a truce: a deed of armed force by a party breaks them, whether
    or not the report names the truce."""
    words = [" ".join(tk.fold(w) for w in tk.tokenize(t) if w not in tk.PUNCTUATION) for t in LEXICON.truce_words]
    out = []
    for issue in config.issues:
        for phrase in (issue.name, *issue.keywords):
            folded = " " + " ".join(tk.fold(w) for w in tk.tokenize(phrase) if w not in tk.PUNCTUATION) + " "
            if any(f" {w} " in folded for w in words):
                out.append(issue.id)
                break
    return tuple(out)


def _claims(
    found: list[_Sentence], item_parties: tuple[str, ...], item_issues: tuple[str, ...], truces: tuple[str, ...] = ()
) -> list[Claim]:
    """Claims of the item's sentences, clause by clause. A deed with no doer in its clause
    takes the one party the rest of the item names as doing the like, when there is exactly
    one; a side named by its role ("the commander ordering fire ...") is the item's last doer;
    failing that, a speaker with no one else in view is taken to speak of itself. "He
    said" is the item's last speaker; "both sides" are the item's two parties besides the speaker."""
    clauses = [
        (s, r, t, (s.issues or item_issues) if own is None else own) for s in found for r, t, own in s.clauses()
    ]
    out: list[Claim] = []
    places = {p for s in found for p in s.places}  # sides named as where something happened: "across X's region"
    speakers = {r.speaker for _, r, _, _ in clauses}
    last_speaker: str | None = None
    voices: tuple[str | None, ...] = (None,)  # "X and Y announce ...": the last speaker and who spoke with it
    last_actor: str | None = None  # "the military said", after a headline of that side's deed
    previous: tuple[str, ...] = ()  # the last clause's actors, for "They also agreed ..."
    for n, (sentence, reading, text, issues) in enumerate(clauses):
        actors = reading.actors
        speaker = reading.speaker
        kind = reading.kind
        direction = reading.direction
        meant = last_speaker or last_actor
        if reading.pronoun_speaker and meant is not None:
            speaker = meant
            if reading.hedged and meant not in actors:
                actors, kind, direction = (meant,), "statement", "neutral"  # "he warned X could ..."
            if not reading.group:
                # but "the monitors said they saw no pullback by either side": the sides
                actors = actors or (voices if meant in voices else (meant,))
        last_speaker = speaker or (actors[0] if actors and kind == "statement" else last_speaker)
        if kind == "statement" and len(actors) > 1 and speaker in actors:
            voices = actors  # "X and Y announce a truce. They warned ...": both speak on
        elif speaker is not None and speaker in reading.joint:
            voices = reading.joint  # "X and Y monitors say both sides broke the truce"
        elif last_speaker not in voices:
            voices = (last_speaker,)
        last_actor = actors[0] if actors else last_actor
        if reading.they and not actors:
            actors = previous  # "Both sides agreed to X. They also agreed to Y.": the same sides
        if reading.group and not actors:
            joint = next((other.actors for _, other, _, _ in clauses if len(other.actors) == 2), None)
            others = joint or tuple(p for p in item_parties if p != speaker)  # the pair the item names together
            if len(others) > 2 and len(unnamed := tuple(p for p in others if p not in sentence.parties)) >= 2:
                others = unnamed  # "X and Y monitors say both sides broke the truce": not the ones who tell it
            if len(others) > 2:  # not the host or broker who acts in its own name elsewhere in the item
                acting = {a for j, (_, other, _, _) in enumerate(clauses) if j != n for a in other.actors}
                others = tuple(p for p in others if p not in acting)
            if len(others) == 1 and speaker in item_parties:
                # "X's general phoned his Y counterpart. The two agreed ..., he said": the pair just named, the speaker one of them
                pair = next((s.parties for s, _, _, _ in reversed(clauses[:n]) if s is not sentence), ())
                others = pair if len(pair) == 2 and speaker in pair else others
            actors = others if len(others) == 2 else ()
        if not actors and reading.material and reading.agentless:
            doers = {
                a
                for j, (_, other, _, _) in enumerate(clauses)
                if j != n and (other.kind == "action" or kind == "statement") and other.direction == direction
                for a in other.actors
            }
            if len(doers) > 1 and len(doers - set(sentence.parties)) == 1:
                doers -= set(sentence.parties)  # "air strikes hit X positions": not X, whom they hit
            lead = clauses[0][1]
            if (
                len(doers) > 1 and n > 0 and lead.kind == "action" and lead.direction == direction
                and len(lead.actors) == 1 and lead.actors[0] in doers
            ):
                doers = {lead.actors[0]}  # "X jets strike Y", then "residents reported air raids": the headline's doer
            if len(doers) == 1:
                actors = tuple(doers)
            elif not doers and reading.fallback is not None:
                # "units were moving away", the Pentagon said: the side whose moves the item is about
                doers = {
                    a
                    for j, (_, other, _, _) in enumerate(clauses)
                    if j != n and other.kind == "action" and not (other.pronoun_speaker and other.hedged)  # "he warned X could"
                    for a in other.actors
                }
                if len(doers) == 1:
                    actors = tuple(doers)
        if not actors and reading.patients and direction == "deescalate" and reading.material:
            others = tuple(p for p in item_parties if p not in reading.patients)
            if len(others) > 1:  # "X girl among hostages freed", "a Y man was freed": by the side none of the freed is from
                freed = {p for _, o, _, _ in clauses if o.material and o.direction == direction for p in o.patients}
                others = tuple(p for p in others if p not in freed)
            if len(others) == 1:
                actors = others  # "52 separatist fighters were handed back": by the other side
                if reading.mutual:
                    actors = (*reading.patients, *others)  # "86 soldiers freed in swap with X": both sides free
        if not actors and reading.material and reading.agentless and reading.fallback is None:
            # "prisoners freed", then "X's prison service said they were released": the one who tells of its own like deed
            doers = {
                other.fallback
                for j, (_, other, _, _) in enumerate(clauses)
                if j != n and other.kind == kind and other.direction == direction and not other.actors and other.fallback
                and other.fallback not in sentence.parties  # "the group handed over ten Xs": not X's deed
            }
            actors = tuple(doers) if len(doers) == 1 else ()
        if not actors and reading.role and reading.material and last_actor is not None:
            actors = (last_actor,)  # "footage showed the commander ordering fire", after a headline of his side's deed
        if not actors and reading.force and reading.agentless:
            # "shelling of suburbs was reported", in an item about strikes across X's region: by the side
            # that is neither where it fell nor who reports it
            others = tuple(p for p in item_parties if p not in places and p not in speakers)
            actors = others if places and len(others) == 1 else ()
        if not actors and reading.fallback is not None:
            actors = (reading.fallback,)
        if not actors and kind == "statement" and direction == "neutral" and speaker is None and not reading.group:
            # "X said ...; the delegations are due to meet": X's account ("X and Y said ...": theirs)
            actors = () if last_speaker is None else voices if last_speaker in voices else (last_speaker,)
        if reading.force and kind == "action" and direction == "escalate" and truces:
            issues = issues + tuple(t for t in truces if t not in issues)  # force breaks a truce
        for actor in actors:
            out.append(Claim(kind, actor, speaker, direction, issues, text))  # type: ignore[arg-type]
        previous = actors or previous
    return out
