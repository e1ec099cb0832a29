"""Read one sentence as a claim: whose words or deed, said by whom, which way, on what.

The reading is shallow on purpose (no parser, a few microseconds a sentence):
  1. attribution is peeled off ("X: ...", "..., X said", "according to X", "X says ...",
     "X accuses Y of ..."), leaving the content and its speaker;
  2. the content's first event word sets the direction, flipped by negation, by scare
     quotes and by inverters ("stop shelling"), overridden by an evaluation ("would be
     premature") or by what follows "but"; background frames ("after the deal") are skipped;
  3. intent, a verbal act, a verdict, a guess or the actor's own denial makes a
     statement; a deed makes an action, whoever reports it;
  4. the actor is the accused, the party in subject position or the agent of a passive,
     else the speaker talking of itself; deeds with no doer are left to the item.
The word lists live in feeds/lexicon; no rule here names a place or a person.
"""

from __future__ import annotations

from dataclasses import dataclass

from feeds.lexicon import LEXICON
from feeds.match import PARTY, Mention
from feeds.model import Direction, Kind
from feeds.tokens import stem

Keys = list[tuple[str, str, str]]

DEESCALATE: Direction = "deescalate"
ESCALATE: Direction = "escalate"
NEUTRAL: Direction = "neutral"
_FLIP: dict[str, Direction] = {DEESCALATE: ESCALATE, ESCALATE: DEESCALATE, NEUTRAL: NEUTRAL}

# Words after which a party is an object or a complement, not the one acting.
_PREPOSITIONS = frozenset(
    "with against to from for between toward towards into onto near around on in at about "
    "over across inside outside behind beyond under within without via than of like "
    "including among".split()
)
_PRONOUNS = frozenset("it they we he she i its their our his her".split())
_BREAKS = frozenset(",;:()")
_QUOTES = frozenset("\"“”‘’'")
_DASHES = frozenset("-–—")
_DETERMINERS = frozenset("the a an this that these those some several many few".split())
_ADVERBS = frozenset("still also now again overnight today yesterday already even just".split())
_GROUP_HEADS = frozenset("both two each all".split())
_GROUP_NOUNS = frozenset("sides side parties countries other nations".split())
_PARTICLES = frozenset("out back down up off away".split())
_ADDRESSING = frozenset(stem(w) for w in ("tell", "told", "inform", "assure", "remind", "brief"))
_NP_LIMIT = 9  # longest "X" in "X says" that still reads as a noun phrase


@dataclass(frozen=True, slots=True)
class _Event:
    """A lexicon entry as the reader uses it: stemmed words and what they mean."""

    words: tuple[str, ...]
    direction: Direction
    verbal: bool
    role: str
    reaction: bool
    exits: bool
    pact: bool


def _event_index() -> dict[str, list[_Event]]:
    exits = {tuple(stem(w) for w in v.split()) for v in LEXICON.exit_verbs}
    pacts = {stem(w) for w in LEXICON.pacts}
    index: dict[str, list[_Event]] = {}
    for cls in LEXICON.events:
        for term in cls.terms:
            words = tuple(stem(w) for w in term.split())
            direction: Direction = cls.direction  # type: ignore[assignment]
            event = _Event(words, direction, cls.kind == "verbal", cls.role, cls.reaction, words in exits, words in pacts)
            bucket = index.setdefault(words[0], [])
            if all(e.words != words for e in bucket):
                bucket.append(event)
    for bucket in index.values():
        bucket.sort(key=lambda e: -len(e.words))
    return index


_EVENTS = _event_index()
_INSTRUMENTS = frozenset(stem(w) for w in LEXICON.instruments)
_SOURCE_MARKERS = {m[0]: m for m in LEXICON.source_markers}
_NEGATOR_PHRASES = {p[0]: p for p in LEXICON.negator_phrases}
_ATTRIBUTING = LEXICON.attribution | LEXICON.accusation


@dataclass(frozen=True, slots=True)
class Reading:
    """One sentence's claim before the item's context fills in a missing actor."""

    actors: tuple[str, ...]  # empty: nobody in the sentence; the item's context may name one
    fallback: str | None  # the speaker, as the actor when the item's context names nobody
    speaker: str | None
    pronoun_speaker: bool  # "he said": the item's last speaker is meant
    group: bool  # "both sides agreed": the item's parties other than the speaker
    kind: Kind
    direction: Direction
    material: bool  # its event is a deed, so an actor may be inferred from context
    agentless: bool  # no one stands in subject position: "Missiles hit...", "X shelled"


@dataclass(frozen=True, slots=True)
class _Content:
    """What the sentence says once attribution is peeled off, and who says it."""

    start: int
    end: int
    speaker: str | None
    accused: str | None
    pronoun: bool  # "he said": the speaker is whoever the item last quoted


@dataclass(frozen=True, slots=True)
class _Events:
    """What the content's event words add up to."""

    at: int | None
    direction: Direction
    verbal: bool
    intent: bool
    doubted: bool  # hedged or scare-quoted: someone else's assessment, not an assertion
    hedged: bool  # "could", "likely": speculation, which is the speaker's own assessment
    conditional: bool  # "if", "while", "any": a condition attached to the claim
    negated: bool  # the main event is denied ("no fire came", "did not attack")


def read(words: list[str], keys: Keys, mentions: list[Mention]) -> Reading | None:
    """The claim a sentence makes, or None when it names no party and no event."""
    parties = [m for m in mentions if m.kind == PARTY]
    content = _attribution(words, keys, parties)
    start, end, speaker = content.start, content.end, content.speaker
    events = _events(words, keys, start, end)
    if events.at is None and not parties and not content.pronoun:
        return None
    direction = events.direction
    if events.at is None and content.accused is not None:
        direction = ESCALATE  # an accusation with no deed named still charges one

    pivot = events.at if events.at is not None else _first_verb(keys, start, end)
    subjects = _subjects(keys, parties, start, pivot)
    named = any(start <= m.start < end for m in parties)
    group = _group_subject(keys, start, pivot)
    speculation = events.hedged and speaker is not None and speaker not in subjects
    actors = _actors(keys, parties, content, events, subjects, group, speculation, pivot)
    fallback = speaker if not actors and not (named or events.doubted) else None

    denial = events.negated and speaker is not None and actors == (speaker,)  # "no fire came from us"
    deed = events.at is not None or content.accused is not None  # a charge names a deed
    kind: Kind = "action" if deed and not (events.intent or events.verbal or speculation or denial) else "statement"
    if speculation or (kind == "statement" and direction == ESCALATE and events.conditional):
        direction = NEUTRAL  # a third party's guess; a deterrent warning ("if they attack ...")
    material = events.at is not None and not events.verbal and not events.intent
    agentless = not subjects and _agentless(words, keys, start, pivot)
    return Reading(actors, fallback, speaker, content.pronoun, group, kind, direction, material, agentless)


def _actors(
    keys: Keys, parties: list[Mention], content: _Content, events: _Events, subjects: list[str],
    group: bool, speculation: bool, pivot: int,
) -> tuple[str, ...]:
    """Whose words or deed: the speaker guessing or speaking of itself, the accused, the
    parties in subject position, the agent of a passive; () leaves it to the item."""
    speaker = content.speaker
    if speaker is not None and speculation:
        return (speaker,)
    if content.accused is not None:
        return (content.accused,)
    if speaker is not None and (speaker in subjects or events.at is None):
        return (speaker,)
    if group and not subjects:
        return ()
    if subjects:
        return tuple(subjects)
    if events.at is not None and (agent := _passive_agent(keys, parties, events.at, content.end)) is not None:
        return (agent,)
    if speaker is not None and (_pronoun_subject(keys, content.start, pivot) or events.verbal or events.intent):
        return (speaker,)
    return ()


# -- attribution ----------------------------------------------------------------------


def _attribution(words: list[str], keys: Keys, parties: list[Mention]) -> _Content:
    """Peel off who says it, in the order headlines and wire copy stack it."""
    start, end = 0, len(words)
    speaker: str | None = None

    label = _headline_label(words, keys)
    if label:
        speaker, start = _party_in(parties, 0, label), label + 1

    pronoun = False
    tail = _trailing(words, keys, parties, start, end)
    if tail is not None:
        end, tail_speaker = tail
        speaker = tail_speaker or speaker
        pronoun = speaker is None and any(keys[j][0] in _PRONOUNS for j in range(end + 1, min(len(keys), end + 4)))

    sourced = _source_marker(keys, parties, start, end)
    if sourced is not None:
        start, end, source = sourced
        speaker = source or speaker

    accused: str | None = None
    while (found := _leading(keys, start, end)) is not None:
        np_start, verb = found
        speaker = _party_in(parties, np_start, verb) or speaker
        pronoun = speaker is None and verb - np_start == 1 and keys[np_start][0] in _PRONOUNS
        if keys[verb][0] in LEXICON.accusation:
            accused = _party_in(parties, verb + 1, end)
            start = _after_of(keys, verb + 1, end)
            break
        if np_start > start and any(_match_event(keys, i, np_start) for i in range(start, np_start)):
            break  # "X did Y, the governor said, ...": the source sits inside the content
        start = verb + 1
        if keys[verb][2] in _ADDRESSING:  # "told reporters that ..."
            start = next((j + 1 for j in range(start, min(end, start + 6)) if keys[j][0] == "that"), start)
        while start < end and keys[start][0] in (",", "that"):
            start += 1
    return _Content(start, end, speaker, accused, pronoun)


def _headline_label(words: list[str], keys: Keys) -> int:
    """Index of the colon in "Pentagon: ..." (a speaker), or 0 when there is none or it
    only labels a topic ("Ukraine war: ...")."""
    for i in range(min(len(words) - 1, 8)):
        if words[i] == ":":
            if i == 0 or any(k[0] in LEXICON.label_heads for k in keys[:i]):
                return 0
            return i
        if words[i] in _BREAKS:
            return 0
    return 0


def _trailing(words: list[str], keys: Keys, parties: list[Mention], start: int, end: int) -> tuple[int, str | None] | None:
    """ "..., governor says", "..., says Ukraine", "... - Kremlin": (where the content
    ends, the source's party). Trailers after the source ("..., adding ...") are skipped."""
    stop = end
    for i in range(end - 1, start + 2, -1):
        mark = words[i]
        if mark != "," and mark not in _DASHES:
            continue
        segment = range(i + 1, stop)
        if not segment:
            stop = i
            continue
        first = keys[i + 1][0]
        if first in LEXICON.scope or first.endswith("ing") or first in ("and", "but"):
            stop = i  # a trailer: "..., only hours after ...", "..., adding that ..."
            continue
        verb = next((j for j in segment if keys[j][0] in LEXICON.attribution), None)
        if verb is not None and len(segment) <= _NP_LIMIT + 1 and (
            (verb == i + 1 and (verb + 1 == stop or _np(keys, verb + 1, stop))) or (verb > i + 1 and _np(keys, i + 1, verb))
        ):
            return i, _party_in(parties, i + 1, stop)
        if mark in _DASHES and len(segment) <= 4 and _party_in(parties, i + 1, stop):
            return i, _party_in(parties, i + 1, stop)
        return None
    return None


def _source_marker(keys: Keys, parties: list[Mention], start: int, end: int) -> tuple[int, int, str | None] | None:
    """ "according to X" at the start or end of the content."""
    for i in range(start, end):
        marker = _SOURCE_MARKERS.get(keys[i][0])
        if marker is None or tuple(k[0] for k in keys[i : i + len(marker)]) != marker:
            continue
        stop = next((j for j in range(i + len(marker), end) if keys[j][0] in _BREAKS), end)
        source = _party_in(parties, i + len(marker), stop)
        if i == start:
            return (stop + 1 if stop < end else stop), end, source
        if stop == end:
            cut = i - 1 if keys[i - 1][0] == "," else i
            return start, cut, source
    return None


def _leading(keys: Keys, start: int, end: int) -> tuple[int, int] | None:
    """(start of X, the verb) in "X says ...", also after an opening phrase
    ("In an interview, X said ..."); X must read as a short noun phrase."""
    np_start = start
    for i in range(start, end):
        fold = keys[i][0]
        if fold in _BREAKS:
            np_start = i + 1
            continue
        if fold in _ATTRIBUTING and fold not in LEXICON.tail_attribution:
            if i + 1 < end and keys[i + 1][0] == "to":
                return None  # "said to drop": a report, not a quote
            if i > np_start and not keys[np_start][0].endswith("ing") and _np(keys, np_start, i):
                return np_start, i
            if np_start > start and _np(keys, start, i, _NP_LIMIT + 6) and not any(
                _match_event(keys, j, i) for j in range(start, i)
            ):
                return start, i  # "X, an aide to Y, blamed ...": the apposition is part of X
            return None
        if i - np_start >= _NP_LIMIT and np_start == start:
            return None
    return None


def _np(keys: Keys, start: int, end: int, limit: int = _NP_LIMIT) -> bool:
    """Could words [start, end) be the name of a speaker: short, no verb of its own?"""
    if not 0 < end - start <= limit:
        return False
    return not any(
        k[0] in LEXICON.future or k[0] in LEXICON.auxiliaries or k[0] in LEXICON.negators or k[0] in LEXICON.scope
        for k in keys[start:end]
    )


def _after_of(keys: Keys, start: int, end: int) -> int:
    """Where the charged deed starts: after "of" in "accuses Y of shelling"; else after Y."""
    for i in range(start, min(end, start + 6)):
        if keys[i][0] in ("of", "for"):
            return i + 1
    return start


# -- events -----------------------------------------------------------------------------


def _events(words: list[str], keys: Keys, start: int, end: int) -> _Events:
    """The main event of the content and the direction it takes in context."""
    negated = False
    invert: _Event | None = None
    main: int | None = None
    main_event: _Event | None = None
    last: int | None = None  # where the latest event ended, to catch "strikes stopped"
    direction: Direction = NEUTRAL
    verbal = intent = doubted = hedged = conditional = after_contrast = in_scope = locked = main_negated = False
    phrased = False  # the pending negation is a phrase ("rather than"): it needs an event to deny
    i = start
    while i < end:
        fold, _, stemmed = keys[i]
        if fold in _BREAKS or fold in _DASHES:
            if negated and not phrased and main is not None and not locked:
                direction = _FLIP[direction]  # "relief should not be on the table"
            in_scope = negated = phrased = False
            i += 1
            continue
        if in_scope and fold not in LEXICON.contrast:
            i += 1
            continue
        phrase = _NEGATOR_PHRASES.get(fold)
        if phrase is not None and tuple(k[0] for k in keys[i : i + len(phrase)]) == phrase:
            negated = phrased = True
            i += len(phrase)
            continue
        if fold in LEXICON.contrast:
            in_scope = negated = False
            after_contrast = main is not None
            i += 1
            continue
        if fold in LEXICON.conditionals:
            conditional = True
        if fold in LEXICON.scope and i > start:
            in_scope = True
            i += 1
            continue
        if fold in LEXICON.negators or fold.endswith("n't"):
            negated, phrased = True, False
            intent = intent or fold in ("won't", "wouldn't")
            i += 1
            continue
        if main is None and fold in LEXICON.hedges:
            hedged = True
        found = _match_event(keys, i, end)
        if found is None:
            if fold in LEXICON.future or (fold == "to" and main is None and _infinitive(words, keys, i + 1, end)):
                intent = True
            i += 1
            continue
        event, stop = found
        if (
            event.role == "event"
            and not event.reaction
            and main is None
            and invert is None
            and fold in LEXICON.future
            and i + 1 < end
            and (keys[i + 1][0] == "to" or _match_event(keys, i + 1, end) is not None)
        ):
            intent = True  # "pledged to withdraw": the complement says which way
            i += 1
            continue
        scare = _scare_quoted(words, i, stop)
        doubted = doubted or scare
        flip = negated ^ scare
        negated = phrased = False
        if event.role == "inverter":
            if main is not None and last == i and not locked:
                direction = _FLIP[direction]  # "Israeli strikes stopped"
            elif main is None:
                invert = None if (invert is not None) != flip else event
            i = last = stop
            continue
        own = event.direction
        if main_event is not None and main_event.exits and event.pact:
            own = ESCALATE  # leaving a pact, not a place
        if invert is not None:
            own = _FLIP[own]
        if flip:
            own = _FLIP[own]
        if main is None:
            main_negated = flip and not scare
            main = _index_of(keys, invert, start, i) if invert is not None else i
            main_event = event
            direction = own
            verbal = event.verbal or (invert is not None and invert.verbal)
            locked = event.reaction or event.role == "evaluation"
            if own != NEUTRAL:
                invert = None  # else it waits for the step it stops: "delays start of releases"
        elif event.role == "evaluation":
            direction = own
            locked = verbal = True  # a verdict: the claim is the speaker's words
        elif not locked and (
            (after_contrast and own != NEUTRAL)
            or (main_event is not None and main_event.exits and event.pact)
            or (direction == NEUTRAL and not after_contrast)
        ):
            direction = own
            after_contrast = False
            if own != NEUTRAL:
                invert = None
        i = last = stop
    if negated and not phrased and main is not None and not locked:
        direction = _FLIP[direction]
    if main is None and invert is not None:
        main = _index_of(keys, invert, start, end)
        direction = _FLIP[invert.direction] if negated else invert.direction
        verbal = invert.verbal
    return _Events(main, direction, verbal, intent, doubted or hedged, hedged, conditional, main_negated)


def _infinitive(words: list[str], keys: Keys, i: int, end: int) -> bool:
    """Does a verb follow "to" ("to 'drastically reduce'", "to prepare"), rather than a
    place or a noun phrase ("to Mariupol", "to the city")?"""
    while i < end and (keys[i][0].endswith("ly") or words[i] in _QUOTES):
        i += 1
    if i >= end:
        return False
    fold = keys[i][0]
    return keys[i][2] in _EVENTS or fold == "be" or (
        words[i].islower() and fold.isalpha() and fold not in _DETERMINERS and fold not in _PRONOUNS
    )


def _match_event(keys: Keys, i: int, end: int) -> tuple[_Event, int] | None:
    """The longest event at word i, and where it ends; a phrasal verb may take its object
    inside ("pulling troops out", "moving heavy guns back")."""
    for event in _EVENTS.get(keys[i][2], ()):
        size = len(event.words)
        if i + size <= end and all(keys[i + j][2] == event.words[j] for j in range(1, size)):
            return event, i + size
        if size == 2 and event.words[1] in _PARTICLES:
            for gap in (2, 3):
                j = i + gap
                if j < end and keys[j][2] == event.words[1] and not any(k[0] in _BREAKS for k in keys[i + 1 : j]):
                    return event, j + 1
    return None


def _index_of(keys: Keys, event: _Event, start: int, end: int) -> int:
    return next((j for j in range(start, end) if keys[j][2] == event.words[0]), start)


def _scare_quoted(words: list[str], start: int, end: int) -> bool:
    """A word or two in quotes ("the 'withdrawal'") is doubted, not asserted."""
    return (
        start > 0
        and end < len(words)
        and words[start - 1] in _QUOTES
        and words[end] in _QUOTES
        and end - start <= 2
    )


# -- actors -----------------------------------------------------------------------------


def _party_in(parties: list[Mention], start: int, end: int) -> str | None:
    return next((m.target for m in parties if start <= m.start < end), None)


def _first_verb(keys: Keys, start: int, end: int) -> int:
    """Where the subject ends when no event word does it: the first auxiliary or modal."""
    return next(
        (i for i in range(start, end) if keys[i][0] in LEXICON.auxiliaries or keys[i][0] in LEXICON.future),
        end,
    )


def _subjects(keys: Keys, parties: list[Mention], start: int, pivot: int) -> list[str]:
    """Parties standing before the main event and not inside a prepositional phrase."""
    out: list[str] = []
    for m in parties:
        if not start <= m.start < pivot:
            continue
        before = keys[m.start - 1][0] if m.start > start else ""
        before2 = keys[m.start - 2][0] if m.start - 1 > start else ""
        if before in _PREPOSITIONS or (before in ("the", "a", "an") and before2 in _PREPOSITIONS):
            continue
        if m.target not in out:
            out.append(m.target)
    return out


def _passive_agent(keys: Keys, parties: list[Mention], event_at: int, end: int) -> str | None:
    """ "shelled by Russian forces": the party after "by" close to the event."""
    for i in range(event_at + 1, min(end, event_at + 6)):
        if keys[i][0] == "by":
            return _party_in(parties, i + 1, min(end, i + 4))
    return None


def _group_subject(keys: Keys, start: int, pivot: int) -> bool:
    """ "both sides", "the two sides", "each other": the parties together, unnamed."""
    folds = [k[0] for k in keys[start:pivot]]
    return any(a in _GROUP_HEADS and b in _GROUP_NOUNS for a, b in zip(folds, folds[1:]))


def _pronoun_subject(keys: Keys, start: int, pivot: int) -> bool:
    return any(keys[i][0] in _PRONOUNS for i in range(start, min(pivot, start + 4)))


def _agentless(words: list[str], keys: Keys, start: int, pivot: int) -> bool:
    """Nobody named as the doer: "Missiles hit ...", "Shelling ...", "Six blasts ...", or a
    headline passive "Chernihiv shelled overnight" whose subject is the target."""
    if pivot >= len(keys):
        return False
    if keys[pivot][2] in _INSTRUMENTS:
        return True
    event = keys[pivot][0]
    if start < pivot and (event.endswith("ed") or event in LEXICON.past_forms):
        if keys[pivot - 1][0] in LEXICON.passive_auxiliaries:
            return True
        after = keys[pivot + 1][0] if pivot + 1 < len(keys) else ","
        if not any(k[0] in LEXICON.auxiliaries for k in keys[start:pivot]) and (
            after in _PREPOSITIONS or after in LEXICON.scope or after in _BREAKS or after in _ADVERBS or after.endswith("ly")
        ):
            return True
    head = next(
        (k[2] for w, k in zip(reversed(words[start:pivot]), reversed(keys[start:pivot])) if _is_head(w, k[0])),
        None,
    )
    return head is None or head in _INSTRUMENTS


def _is_head(word: str, fold: str) -> bool:
    """Could this word be the head noun of a subject (not a determiner, adverb or auxiliary)?"""
    return (
        word.isalpha()
        and fold not in _DETERMINERS
        and fold not in _ADVERBS
        and fold not in LEXICON.auxiliaries
        and fold not in LEXICON.negators
        and fold not in LEXICON.hedges
        and not fold.endswith("ly")
    )
