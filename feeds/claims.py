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
    "including among beside alongside".split()
)
_PRONOUNS = frozenset("it they we he she i its their our his her".split())
_POSSESSIVES = frozenset("its their our".split())
_PERSONAL = frozenset("he she we".split())  # subjects that stand for a speaker already named
_BREAKS = frozenset(",;:()")
_QUOTES = frozenset("\"“”‘’'")
_DASHES = frozenset("-–—")
_DETERMINERS = frozenset("the a an another this that these those some several many few".split())
_ADVERBS = frozenset("still also now again overnight today yesterday already even just".split())
_GROUP_HEADS = frozenset("both two each all joint either warring rival".split())  # "the warring sides agree"
_GROUP_NOUNS = frozenset("sides side parties countries other nations statement declaration communique committee commission".split())
_MEMBERS = frozenset("parties party sides side signatories signatory members member".split())  # "the parties to the deal"
_OBJECT_OPENERS = frozenset("of from the a an its their this that".split())  # "pull out of the deal", "quit the accord"
_PARTICLES = frozenset("out back down up off away".split())
_PARTITIVES = frozenset(
    "some most many all half third quarter fifth tenth part bulk majority rest several dozens hundreds thousands".split()
)  # "most of the X units": a share of X
_ADDRESSING = frozenset(stem(w) for w in ("tell", "told", "inform", "assure", "remind", "brief"))
_ASSERTING = frozenset(stem(w) for w in ("insist", "maintain"))  # a position held against another's account
_NAMING = frozenset(stem(w) for w in ("call", "brand", "label", "term"))  # "X called it a breach": X names a deed done
_SEEKING = frozenset(stem(w) for w in ("seek", "sought", "pursue"))  # a meeting's purpose: "the summit would seek a truce"
_BACKING = frozenset(stem(w) for w in ("back", "support", "assist", "aid"))  # "X, backed by Y, attacked": Y's deed too
_HOLD = stem("hold")
_TAKE_OVER = (stem("take"), stem("over"))
_PERCEIVING = frozenset(stem(w) for w in ("see", "saw", "seen", "notice", "detect"))  # "it had seen no pullback"
_COPULA_FORMS = frozenset("is are was were".split())
_COPULAS = frozenset("mean means".split())  # "X does not mean Y": Y is what is claimed
_AS_MODIFIERS = frozenset("soon as so such just well same long much".split())  # "as soon as X": a condition
_NP_LIMIT = 9
# Words (as written, either case) without which a step cannot apply: quick exits for most sentences.
_TAIL_MARKS = frozenset(",") | _DASHES
_CUT_WORDS = frozenset(
    w for f in ("and", "that", "as", "not", "so", "after", "when", *LEXICON.clause_reports, *LEXICON.accusation, *LEXICON.clause_joints)
    for w in (f, f.capitalize())
)  # longest "X" in "X says" that still reads as a noun phrase


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
    force: bool = False  # armed force, which breaks any truce in force
    intransitive: bool = False  # "troops withdrew from X" is not a passive
    receipt: bool = False  # "soldiers came home": its subject is done to, as in a passive
    capitulation: bool = False  # "surrender": giving in, which one side demands of the other


def _event_index() -> dict[str, list[_Event]]:
    exits = {tuple(stem(w) for w in v.split()) for v in LEXICON.exit_verbs}
    pacts = {stem(w) for w in LEXICON.pacts}
    force = {tuple(stem(w) for w in v.split()) for v in LEXICON.force}
    intransitive = {tuple(stem(w) for w in v.split()) for v in LEXICON.intransitive}
    receipt = {tuple(stem(w) for w in v.split()) for v in LEXICON.receipt}
    capitulation = {tuple(stem(w) for w in v.split()) for v in LEXICON.capitulation}
    index: dict[str, list[_Event]] = {}
    for cls in LEXICON.events:
        for term in cls.terms:
            words = tuple(stem(w) for w in term.split())
            direction: Direction = cls.direction  # type: ignore[assignment]
            event = _Event(
                words, direction, cls.kind == "verbal", cls.role, cls.reaction, words in exits, " ".join(words) in pacts,
                words in force, words in intransitive, words in receipt, words in capitulation,
            )
            bucket = index.setdefault(words[0], [])
            if all(e.words != words for e in bucket):
                bucket.append(event)
    for bucket in index.values():
        bucket.sort(key=lambda e: -len(e.words))
    return index


_EVENTS = _event_index()
# One-word verdicts by their exact form: "promising" is a verdict even though "promise" is a pledge.
_VERDICTS = {
    fold: _Event((stem(fold),), cls.direction, True, "evaluation", cls.reaction, False, False)  # type: ignore[arg-type]
    for cls in LEXICON.events
    if cls.role == "evaluation"
    for fold in cls.terms
    if " " not in fold and "-" not in fold
}
_INSTRUMENTS = frozenset(stem(w) for w in LEXICON.instruments)
_MUTUAL = frozenset(stem(w) for w in LEXICON.mutual)  # deeds both sides do
_ROLES = frozenset(stem(w) for w in LEXICON.roles)
_CONTROL = frozenset(stem(w) for w in LEXICON.control)
_RESTRAINT = frozenset(tuple(stem(w) for w in v.split()) for v in LEXICON.restraint)  # "observing the truce"
_OCCURRENCE = frozenset(tuple(stem(w) for w in v.split()) for v in LEXICON.occurrence)  # "the pullback did not happen"
_ROLE_DETERMINERS = frozenset("the its their his her".split())
_LIGHT = {stem(v): frozenset(stem(o) for o in objects) for v, objects in LEXICON.light.items()}
_CONVENING = frozenset(stem(v) for v in LEXICON.convene["verbs"])
_CONVENED = frozenset(stem(o) for o in LEXICON.convene["objects"])
_MEET = next(e for e in _EVENTS[stem("meet")] if e.words == (stem("meet"),))  # "opens peace talks": a meeting held
_SOURCE_MARKERS = {m[0]: m for m in LEXICON.source_markers}
_NEGATOR_PHRASES = {p[0]: p for p in LEXICON.negator_phrases}
_NEGATOR_PAIRS = frozenset(p for p in LEXICON.negator_phrases if len(p) == 2)
_SOURCE_WORDS = frozenset(w for m in LEXICON.source_markers for w in (m[0], m[0].capitalize()))
_ATTRIBUTING = LEXICON.attribution | LEXICON.accusation
# Every word the event reader reacts to besides event words.
_VERB_MARKS = LEXICON.auxiliaries | LEXICON.future | LEXICON.negators  # what stands before a verb: "would not mean"
_FUNCTION_WORDS = (
    _BREAKS | _DASHES | _COPULAS | frozenset(_NEGATOR_PHRASES) | LEXICON.contrast | LEXICON.conditionals | LEXICON.quantifiers
    | LEXICON.scope | LEXICON.future_scope | LEXICON.debunking | LEXICON.negators | LEXICON.hedges | LEXICON.future | LEXICON.future_to | LEXICON.one_sided | {"to", "and"}
)


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
    start: int = 0  # the clause's words [start, end) in the sentence
    end: int = 0
    hedged: bool = False  # "could", "may": a guess unless the actor turns out to be the speaker
    force: bool = False  # a deed of armed force: on any truce issue, whatever words it uses
    patients: tuple[str, ...] = ()  # parties done to in a passive: "86 Ukrainian soldiers freed"
    mutual: bool = False  # a swap or an exchange: each side does the deed
    role: bool = False  # "the commander ordering fire ...": a side named by its role, the one the item is about
    topic: int = 0  # where the claim proper starts after a subject that is only its topic ("a pause would not mean ...")
    they: bool = False  # "They also agreed to ...": its subject is whoever the item's last clause named
    joint: tuple[str, ...] = ()  # "X and Y monitors say ...": all who speak, the speaker first


@dataclass(frozen=True, slots=True)
class _Content:
    """What the sentence says once attribution is peeled off, and who says it."""

    start: int
    end: int
    speaker: str | None
    accused: str | None  # the doer charged ("accuses Y of"), or carried over (", not ending its campaign")
    pronoun: bool  # "he said": the speaker is whoever the item last quoted
    joint: tuple[str, ...] = ()  # "Armenia and Azerbaijan announced ...": speakers who speak together
    group: bool = False  # "..., both sides say": the sides, unnamed
    announced: bool = False  # "X announces a truce": X's own step, announced
    asserted: bool = False  # "X insisted ...": X's position against another's account
    directive: bool = False  # "X told residents not to return": a call on others, not X's step


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
    modal: bool = False  # "could", "may", "might": a possibility, not a deed done
    quantified: bool = False  # "any withdrawal would ...": a condition on a step, not the step
    force: bool = False  # the main event is armed force: an attack, shelling, a strike
    verdict: bool = False  # the sentence's stance is a verdict ("cannot be trusted", "not comfortable")
    quoted: bool = False  # the main event is in scare quotes ("the 'withdrawal'") and flipped for it
    capitulation: bool = False  # the main event is giving in ("surrender", "lay down arms")
    topic: int = 0  # where the claim starts after a subject that is only its topic ("a pause would not mean ...")
    restraint: bool = False  # the main event is keeping a truce ("observing the truce", "abiding by the deal")


def read(words: list[str], keys: Keys, mentions: list[Mention]) -> tuple[Reading, ...]:
    """The claims a sentence makes, one per clause; () when it names no party and no event.

    Attribution around the whole sentence is peeled first; the content is then cut where a
    second clause with its own subject or its own report starts ("..., saying X did Y",
    "... and that Y", "..., while Y", "A as X says B"). Each clause is read on its own and
    keeps the sentence's speaker unless it names its own."""
    parties = [m for m in mentions if m.kind == PARTY]
    content = _attribution(words, keys, parties, 0, len(words), True)
    cuts = _cuts(words, keys, parties, content.start, content.end) if len(words) > 6 and not _CUT_WORDS.isdisjoint(words) else ()
    if not cuts:
        first = _read(words, keys, parties, content)
        return () if first is None else (first,)
    out: list[Reading] = []
    bounds = [content.start, *(c[0] for c in cuts), content.end]
    previous: Reading | None = None
    for n in range(len(bounds) - 1):
        if n == 0:
            clause = _Content(
                content.start, cuts[0][0], content.speaker, content.accused, content.pronoun, content.joint, content.group
            )
            span = (0, cuts[0][0])
        else:
            at, resume, same = cuts[n - 1]
            stop = bounds[n + 1]
            inherited = content.speaker
            if same and previous is not None and previous.actors and (inherited is None or previous.kind == "statement"):
                inherited = previous.actors[0]  # "Baku denied it, saying ...": Baku goes on speaking
            clause = _clause_content(keys, parties, resume, stop, inherited, content.pronoun and inherited is None)
            if same is None and previous is not None and previous.actors:
                clause = _Content(clause.start, clause.end, clause.speaker, previous.actors[0], clause.pronoun)  # its doer goes on
            span = (at, stop if n + 2 < len(bounds) else len(words))
        reading = _read(words, keys, parties, clause, span)
        if reading is not None:
            out.append(reading)
            previous = reading
    return tuple(out)


def _read(words: list[str], keys: Keys, parties: list[Mention], content: _Content, span: tuple[int, int] | None = None) -> Reading | None:
    """One clause's claim, or None when it names no party and no event."""
    start, end, speaker = content.start, content.end, content.speaker
    events = _events(words, keys, start, end)
    named = any(start <= m.start < end for m in parties)
    charged = content.accused is not None and any(k[0] in LEXICON.accusation for k in keys[span[0] if span else 0 : start])
    if events.at is None and not named and not content.pronoun and not charged and (span is not None or not parties):
        return None  # but "..., while Y accused X of turning houses into bases": a charge, whatever its words
    direction = events.direction
    if content.accused is not None and direction == NEUTRAL and (events.at is None or not events.verbal):
        direction = ESCALATE  # an accusation charges a misdeed, named or not: "accused X of stalling"

    pivot = events.at if events.at is not None else _first_verb(keys, start, end)
    passive = events.at is not None and _passive(words, keys, start, pivot)
    subjects = _subjects(keys, parties, start, pivot)
    if (
        speaker is not None and events.at is not None and len(subjects) > 1 and speaker not in subjects
        and _pact_sides(keys, parties, pivot, end)
    ):
        subjects = []  # "Mediator says X-Y truce will begin at dawn": the pact's sides, not doers; the speaker announces it
    patients: tuple[str, ...] = ()
    if passive:
        patients, subjects = tuple(subjects), []  # "86 soldiers freed": the freed, not the freers
        if (
            not patients and speaker is not None and _received(keys, pivot, end)
            and any(keys[j][0] in _POSSESSIVES for j in range(start, pivot))
        ):
            patients = (speaker,)  # "Kiev said 139 of its soldiers came home": its own people, freed by the other side
    if not subjects and parties:
        controlled = next(
            (c for j in range(start, min(end, pivot + 2)) if keys[j][2] in _CONTROL
             for c in (_controlled(keys, parties, j + 1, end),) if c is not None),
            None,
        )
        if controlled is not None:
            subjects = [controlled]  # "the deal commits the US to cut its forces": the US's step
    group = _group_subject(keys, start, min(end, pivot + 2)) or (content.group and not subjects and speaker is None) or (
        events.at is not None and not subjects and _group_subject(keys, events.at + 1, min(end, events.at + 5))
        and "by" in (k[0] for k in keys[events.at + 1 : min(end, events.at + 5)])
    )  # "no withdrawal by either side"
    own_voice = not subjects and speaker not in patients and _pronoun_subject(keys, start, pivot)  # "it could hit": the speaker of itself
    speculation = events.hedged and speaker is not None and speaker not in subjects and not own_voice
    demand = (
        speaker is not None and (speaker not in subjects if subjects else not (own_voice or group or named or events.verdict) and events.at is not None)
        and any(
            keys[j][0] in LEXICON.obligations or (keys[j][0] in ("has", "have", "had") and keys[j + 1][0] == "to")
            for j in range(start, min(pivot + 4, end - 1))  # "X should ...", "X's sanctions had to be lifted"
        )
    )
    giving_in = events.capitulation and speaker is not None and bool(subjects) and speaker not in subjects
    if demand:
        subjects, speculation = [], True  # "Putin says Kiev should let ...": Putin's demand, a position
    actors = _actors(keys, parties, content, events, subjects, group, speculation, pivot)
    if not actors and not group and events.at is not None and not events.verbal:
        actors = _owner(words, keys, parties, start, end)  # "the delay was the result of X's slow withdrawal": X's deed
    if not actors and not group and events.at is not None and any(keys[j][2] in _INSTRUMENTS for j in range(start, pivot)):
        # "the units taking over were X fighters": who the doers are, said after the copula (not "those killed were X")
        actors = next(((m.target,) for m in parties if pivot < m.start < end and keys[m.start - 1][0] in _COPULA_FORMS), ())
    if speaker is not None and actors == (speaker,) and speaker in patients:
        actors = ()  # "its soldiers came home": freed by the other side, whom the item names
    if actors and events.force and not events.negated:  # "the rebels, backed by Y soldiers, attacked ...": Y's attack too
        actors += tuple(
            m.target for m in parties
            if start + 1 < m.start < pivot and keys[m.start - 1][0] == "by" and keys[m.start - 2][2] in _BACKING and m.target not in actors
        )
    announced = (
        content.announced and actors in ((), (speaker,)) and speaker is not None and events.at is not None
        and not any(start <= m.start < end for m in parties)
        and not events.force  # "X announced the capture of the town": a deed of force reported done
    )
    if announced and speaker is not None:
        actors = (speaker,)  # "US and Taliban announce a 'reduction in violence'": their own step, to come
        if events.quoted:
            direction = _FLIP[direction]  # quotes round one's own step name it, they do not doubt it
    if content.joint and actors == (speaker,):
        actors = content.joint  # a joint announcement is each one's word
    role = not subjects and any(keys[j][2] in _ROLES and keys[j - 1][0] in _ROLE_DETERMINERS for j in range(start + 1, pivot))
    observer = (  # "the force said it had not yet seen any pullback": it watches; the pullback is the item's doer's
        not subjects and events.at is not None and not events.verbal and actors == (speaker,)
        and any(keys[j][2] in _PERCEIVING for j in range(start, pivot))
    )
    if observer:
        actors = ()
    fallback = speaker if not actors and not (named or events.doubted or observer) and speaker not in patients else None
    if (
        fallback is not None
        and events.at is not None
        and not (events.verbal or events.intent or own_voice)
        and ((passive and direction == ESCALATE) or (not passive and _someone_else(words, keys, start, pivot, end, direction)))
    ):
        fallback = None  # "13 civilians killed", "gunmen opened fire", "fighting continued": not the reporter's deed

    if (
        not actors and events.negated and events.force and speaker is not None
        and all(m.target == speaker for m in parties if start <= m.start < end)
    ):
        actors = (speaker,)  # "no fire had come from Armenian territory", Yerevan said: its own denial
    denial = events.negated and (
        (speaker is not None and actors == (speaker,))  # "no fire came from us"
        or (content.pronoun and not actors and not group)  # "the minister said there were no obstacles": the one quoted, of itself
    )
    kept = (  # "a spokesman said the group was observing the truce": its own claim of restraint, like a denial
        events.restraint and direction == DEESCALATE and speaker is not None
        and (actors == (speaker,) or (not actors and role) or (bool(content.joint) and actors == content.joint))
    )  # "X and Y each said they were observing the ceasefire": each one's own claim
    deed = events.at is not None or content.accused is not None  # a charge names a deed
    modal = events.modal and (speculation or own_voice or speaker is None or (actors or (fallback,)) == (speaker,))  # "troops could leave": a prospect
    kind: Kind = "action" if deed and not (events.intent or events.verbal or speculation or denial or kept or modal or announced) else "statement"
    if speculation or (
        kind == "statement"
        and events.conditional
        and not events.verdict  # "relief should not be on the table while ...": a hardening
        and (direction == ESCALATE or events.quantified or events.negated)
    ):
        # a third party's guess; a deterrent warning ("if they attack ..."); a condition
        # on a step ("any deal would have to ...", "would not pull back while ...")
        direction = NEUTRAL
    if giving_in and kind == "statement" and actors == (speaker,) and direction != ESCALATE:
        direction = ESCALATE  # "X says Y should let its troops surrender": an ultimatum, not a step of X's
    if content.asserted and not actors and not named and speaker is not None and events.at is not None and not events.verbal:
        actors, kind, direction = (speaker,), "statement", NEUTRAL  # "officials insisted the battle went on": their assessment
    if content.directive and not named and speaker is not None:
        actors, kind, direction = (speaker,), "statement", NEUTRAL  # "X told residents to stay away": a call on others
    material = events.at is not None and not events.verbal  # a deed, done or planned
    agentless = not subjects and (passive or observer or _agentless(words, keys, start, pivot))
    if span is None:
        span = (0, len(words))
    return Reading(
        actors, fallback, speaker, content.pronoun, group, kind, direction, material, agentless,
        span[0], span[1], events.hedged and not own_voice, events.force and kind == "action" and direction == ESCALATE,
        patients, bool(patients) and any(keys[j][2] in _MUTUAL for j in range(start, end)),
        role,
        events.topic, start == 0 and not subjects and speaker is None and keys[0][0] == "they",  # not "Observers said they ..."
        content.joint,
    )


def _actors(
    keys: Keys, parties: list[Mention], content: _Content, events: _Events, subjects: list[str],
    group: bool, speculation: bool, pivot: int,
) -> tuple[str, ...]:
    """Whose words or deed: the speaker guessing or speaking of itself, the accused, the
    parties in subject position, the agent of a passive; () leaves it to the item."""
    speaker = content.speaker
    if speaker is not None and (speculation or (events.verdict and events.direction == NEUTRAL)):
        return (speaker,)  # a guess, or a verdict on others ("Moscow cannot be trusted"): the speaker's words
    if content.accused is not None:
        return _charged(keys, parties, content.start) or (content.accused,)
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


def _charged(keys: Keys, parties: list[Mention], start: int) -> tuple[str, ...]:
    """The parties charged together in "accuses X and Y of attacks" (start is after "of"), when two or more."""
    if start < 2 or keys[start - 1][0] not in ("of", "for"):
        return ()
    verb = next((j for j in range(start - 2, max(-1, start - 9), -1) if keys[j][0] in LEXICON.accusation), None)
    return () if verb is None else _joint(keys, parties, verb + 1, start - 1)


# -- clauses ---------------------------------------------------------------------------


def _cuts(words: list[str], keys: Keys, parties: list[Mention], start: int, end: int) -> list[tuple[int, int, bool | None]]:
    """Where a second clause starts: (cut, where its words resume, whether the first
    clause's subject goes on speaking). Cuts: ", saying ...", "... and warned ...",
    "..., but warns ...", "... and that ...", "..., while X ...", "A as X says B"."""
    out: list[tuple[int, int, bool | None]] = []
    party_at = {m.start for m in parties}
    party_end = {m.end - 1 for m in parties}
    i = start + 2
    while i < end - 2:
        fold = keys[i][0]
        before = keys[i - 1][0]
        cut: tuple[int, int, bool | None] | None = None
        if fold in LEXICON.clause_reports and before in (",", "and", "but") and fold not in LEXICON.accusation:
            at = i - 1 if before == "," or keys[i - 2][0] != "," else i - 2
            resume = i + 1
            if resume < end and keys[resume][0] == "that":
                resume += 1
            cut = (at, resume, True)
        elif fold in LEXICON.accusation and before in ("and", ",") and _party_in(parties, i + 1, min(end, i + 4)):
            cut = (i - 1, i, True)  # "... and accused Baku of ...": read with its own charge
        elif fold == "not" and before == "," and i + 1 < end and keys[i + 1][0].endswith("ing"):
            cut = (i - 1, i, None)  # "..., not ending its campaign": a second, negated deed of the same subject
        elif (
            fold == "and" and i + 2 < end and keys[i + 1][0] in LEXICON.auxiliaries
            and (keys[i + 2][0] in LEXICON.negators or keys[i + 2][0].endswith("n't"))
        ):
            cut = (i, i + 1, None)  # "... hit the depot and had nothing to do with ...": the same subject, denying
        elif fold == "and" and i - 1 not in party_end and keys[i + 1][0] not in LEXICON.clause_reports and _clause_ahead(keys, parties, i + 1, end):
            cut = (i, i + 1, False)  # "... fighting stops at 1am and Armenia will hand back ..."
        elif fold == "and" and keys[i + 1][0] in LEXICON.auxiliaries and keys[i + 2][0] in LEXICON.negators:
            cut = (i, i + 1, True)  # "the pause was humanitarian and did not change its aim": a second, negated predicate
        elif fold == "that" and before == "and":
            cut = (i - 2 if keys[i - 2][0] == "," else i - 1, i + 1, False)
        elif fold in LEXICON.clause_joints and before == "," and _subject_ahead(keys, party_at, i + 1, end) and any(
            keys[j][0] in _VERB_MARKS or _match_event(keys, j, i) is not None for j in range(out[-1][1] if out else start, i)
        ):  # but "X's army chief, General Y, and Z are discussing ...": a list of names, no clause before
            cut = (i - 1, i + 1, False)
        elif fold in LEXICON.contrast and keys[i + 1][0] in LEXICON.negators and _party_in(parties, i + 2, min(end, i + 4)):
            cut = (i, i + 1, False)  # "reported clashes but no major rebel attacks": the denied deed has its own doer
        elif fold == "as" and before not in _BREAKS and before not in _AS_MODIFIERS and _subject_ahead(keys, party_at, i + 1, end):
            cut = (i, i + 1, False)  # a headline's second event: "X meets as Y says ..."
        elif fold in ("after", "when") and before not in _BREAKS and _deed_ahead(keys, parties, i + 1, end):
            cut = (i, i + 1, False)  # "X's units entered the town after Y's forces withdrew": Y's own deed
        elif fold == "so" and before == "," and keys[i + 1][0] != "called" and any(
            k[0] in LEXICON.auxiliaries or k[0] in LEXICON.future for k in keys[i + 2 : min(end, i + 5)]
        ):
            cut = (i - 1, i + 1, False)  # a consequence: "X said the town was cut off, so fire there would go on"
        if cut is not None and cut[0] - (out[-1][1] if out else start) >= 2:
            out.append(cut)
            i = cut[1] + 1
            continue
        i += 1
    return out


def _subject_ahead(keys: Keys, party_at: set[int], i: int, end: int) -> bool:
    """Does a clause with a party as its subject start at word i ("while Kiev said ...",
    "as Russian peacekeepers fly in")?"""
    for j in range(i, min(end - 1, i + 3)):
        if j in party_at:
            return True
        if keys[j][0] not in _DETERMINERS and not keys[j][0].isdigit():
            return False
    return False


def _clause_ahead(keys: Keys, parties: list[Mention], i: int, end: int) -> bool:
    """Does a clause with a party subject and a verb of its own start at word i ("and
    Armenia will hand back ...", not "and Poroshenko meet" in a list of names)?"""
    for m in parties:
        if i <= m.start <= i + 1 and m.end < end:
            at = m.end + 1 if keys[m.end][2] in _INSTRUMENTS and m.end + 1 < end else m.end  # "and Russian troops will ..."
            after = keys[at][0]
            return (
                after in LEXICON.auxiliaries or after in LEXICON.future or _match_event(keys, at, end) is not None
                or _match_event(keys, m.end, end) is not None  # "... and Y shelling near the base": Y's own deed, named
            )
    return False


def _deed_ahead(keys: Keys, parties: list[Mention], i: int, end: int) -> bool:
    """Does a party's own deed follow at word i ("after Y's forces withdrew", "over Y
    demolitions"), not its words ("a day after Y pledged restraint" stays background)?"""
    for m in parties:
        if i <= m.start <= i + 1 and m.end < end:
            found = _match_event(keys, m.end, end)
            if found is None and m.end + 1 < end:
                found = _match_event(keys, m.end + 1, end)  # "after Y troops withdrew", "after Y's commander phoned"
            return found is not None and not found[0].verbal
    return False


def _clause_content(keys: Keys, parties: list[Mention], start: int, end: int, speaker: str | None, pronoun: bool) -> _Content:
    """A later clause: its own "X says" if it opens with one, else the inherited speaker.
    "accused Y of ..." at its start charges Y."""
    if start < end and keys[start][0] in LEXICON.accusation:
        accused = _party_in(parties, start + 1, end)
        return _Content(_after_of(keys, start + 1, end), end, speaker, accused, pronoun)
    found = _leading(keys, start, end, parties)
    if found is not None:
        np_start, verb = found
        own = _speaker_in(keys, parties, np_start, verb)
        if keys[verb][0] in LEXICON.accusation:
            return _Content(_after_of(keys, verb + 1, end), end, own or speaker, _party_in(parties, verb + 1, end), False)
        resume = verb + 1
        while resume < end and keys[resume][0] in (",", "that"):
            resume += 1
        if own is not None or (verb - np_start == 1 and keys[np_start][0] in _PRONOUNS):
            return _Content(resume, end, own or speaker, None, own is None and speaker is None)
    return _Content(start, end, speaker, None, pronoun)


# -- attribution ----------------------------------------------------------------------


def _attribution(words: list[str], keys: Keys, parties: list[Mention], start: int, end: int, outer: bool) -> _Content:
    """Peel off who says it, in the order headlines and wire copy stack it; a clause after
    the first (outer False) can only open with its own "X says"."""
    speaker: str | None = None

    label = _headline_label(words, keys) if outer else 0
    if label:
        speaker, start = _party_in(parties, 0, label), label + 1
    elif outer and ":" in words[:8]:
        start = _topic_label(words, keys)  # "Ukraine war: explosions rock ...": a topic, not a subject

    pronoun = group = announced = asserted = directive = False
    joint: tuple[str, ...] = ()
    tail = _trailing(words, keys, parties, start, end) if outer and not _TAIL_MARKS.isdisjoint(words) else None
    if tail is not None:
        group = _group_subject(keys, tail[0] + 1, end)
        joint = _joint(keys, parties, tail[0] + 1, end)
        end, tail_speaker = tail
        speaker = tail_speaker or speaker
        pronoun = speaker is None and (
            any(keys[j][0] in _PRONOUNS for j in range(end + 1, min(len(keys), end + 4)))
            or _role_speaker(keys, end + 1, len(keys))  # "..., the army said": the side the item is about
        )

    sourced = None if _SOURCE_WORDS.isdisjoint(words) else _source_marker(keys, parties, start, end)
    if sourced is not None:
        start, end, source = sourced
        speaker = source or speaker

    accused: str | None = None
    while (found := _leading(keys, start, end, parties)) is not None:
        np_start, verb = found
        speaker = _speaker_in(keys, parties, np_start, verb) or speaker
        named_end = next((j for j in range(np_start, verb) if keys[j][0] in ("who", "whose")), verb)  # not "X, who mediates between Y and Z,"
        joint = _joint(keys, parties, np_start, named_end) or joint
        group = group or _group_subject(keys, np_start, verb)
        announced = keys[verb][0] in LEXICON.announcing
        asserted = keys[verb][2] in _ASSERTING
        pronoun = speaker is None and (
            (verb - np_start == 1 and keys[np_start][0] in _PRONOUNS)
            or keys[np_start][0] in _PERSONAL  # "He declined to say ..."
            or _role_speaker(keys, np_start, verb)
        )
        if keys[verb][0] in LEXICON.accusation:
            accused = _party_in(parties, verb + 1, end)
            start = _after_of(keys, verb + 1, end)
            break
        if np_start > start and keys[start][0] not in LEXICON.scope and any(
            _match_event(keys, i, np_start) for i in range(start, np_start)
        ):
            break  # "X did Y, the governor said, ...": the source sits inside the content
        start = verb + 1
        if keys[verb][2] in _NAMING and keys[start][0] in ("it", "this"):
            start += 1  # "called it another breach": the deed is the item's, named by X
        if keys[verb][2] in _ADDRESSING:  # "told reporters that ..."
            start = next((j + 1 for j in range(start, min(end, start + 6)) if keys[j][0] == "that"), start)
            directive = _directive(keys, parties, start, end)
        while start < end and keys[start][0] in (",", "that"):
            start += 1
    if outer and speaker is None and not pronoun and start < end and keys[start][0] in _PERSONAL:
        pronoun = True  # "He called the talks useful": whoever the item last quoted, of itself
    if outer and start == 0 and speaker is None and not pronoun and end > 2 and keys[0][0] == "it":
        pronoun = keys[1][0] not in LEXICON.auxiliaries and any(  # "It also imposed a curfew": the item's last doer ("They ..." is Reading.they)
            _match_event(keys, j, end) is not None for j in (1, 2)
        )
    return _Content(start, end, speaker, accused, pronoun, joint, group, announced, asserted, directive)


def _directive(keys: Keys, parties: list[Mention], start: int, end: int) -> bool:
    """Does the content after "told" read "residents (not) to V": someone who is neither a
    party nor the speaker's own units, then an infinitive ("told its troops to hold fire" is a step)?"""
    for j in range(start + 1, min(end - 1, start + 4)):
        if keys[j][0] == "to" or (keys[j][0] in LEXICON.negators and keys[j + 1][0] == "to"):
            return not _party_in(parties, start, j) and not any(k[2] in _INSTRUMENTS for k in keys[start:j])
    return False


def _role_speaker(keys: Keys, start: int, end: int) -> bool:
    """ "The military said", "the group's spokesman said": a side named by its role, which
    the item has already named (read like "he said"); an apposition after a comma is no
    part of the role ("The minister, standing beside X, said")."""
    end = next((j for j in range(start, end) if keys[j][0] == ","), end)
    return (
        end - start <= 4
        and keys[start][0] in _ROLE_DETERMINERS
        and any(k[2] in _ROLES for k in keys[start + 1 : end])
    )


def _joint(keys: Keys, parties: list[Mention], start: int, end: int) -> tuple[str, ...]:
    """The parties of "X and Y" in a speaker's name, when there are two or more."""
    found = [m for m in parties if start <= m.start < end]
    if len(found) < 2 or not any(keys[j][0] == "and" for j in range(found[0].end, found[-1].start)):
        return ()
    out: list[str] = []
    for m in found:
        if m.target not in out:
            out.append(m.target)
    return tuple(out) if len(out) > 1 else ()


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


def _topic_label(words: list[str], keys: Keys) -> int:
    """Where the content starts after a topic label ("Ukraine war: ..."); 0 when there is none."""
    for i in range(min(len(words) - 1, 8)):
        if words[i] == ":":
            return i + 1 if i > 0 and any(k[0] in LEXICON.label_heads for k in keys[:i]) else 0
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
            (verb == i + 1 and (verb + 1 == stop or _np(keys, verb + 1, stop)))
            or (verb > i + 1 and _np(keys, i + 1, verb) and (verb + 1 == stop or _np(keys, verb + 1, stop, 4)))
        ):  # not "In a statement, the rebels said they would ...": the content follows the verb
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


def _leading(keys: Keys, start: int, end: int, parties: list[Mention]) -> tuple[int, int] | None:
    """(start of X, the verb) in "X says ...", also after an opening phrase
    ("In an interview, X said ..."); X must read as a short noun phrase."""
    np_start = start
    named = {j for m in parties for j in range(m.start, m.end)}  # "The State Department said": a name, not a verb
    for i in range(start, end):
        fold = keys[i][0]
        if fold in _BREAKS and i not in named:
            np_start = i + 1
            continue
        reporting = i not in named and not (i > start and keys[i - 1][0] in _DETERMINERS) and (  # "dismissed the reports": a noun
            fold in _ATTRIBUTING or (fold in LEXICON.clause_reports and i + 1 < end and keys[i + 1][0] == "that")
            or (keys[i][2] in _NAMING and i + 2 < end and keys[i + 1][0] in ("it", "this"))  # "X called it a breach"
            or (keys[i][2] in _NAMING and any(k[0] in LEXICON.debunking for k in keys[i + 2 : min(end, i + 8)]))  # "calls the handover a sham"
        )
        if reporting and fold not in LEXICON.tail_attribution:  # "X says ...", "X warned that ..."
            if i + 1 < end and keys[i + 1][0] == "to":
                return None  # "said to drop": a report, not a quote
            if keys[i - 1][0] == "and" and i > start + 1:
                return None  # "X denied it and said ...": a second predicate of X, no name of a speaker
            if i > np_start and not keys[np_start][0].endswith("ing") and _np(keys, np_start, i):
                return np_start, i
            if np_start > start and _np(keys, start, i, _NP_LIMIT + 6) and not any(
                _match_event(keys, j, i) for j in range(start, i)
            ):
                return start, i  # "X, an aide to Y, blamed ...": the apposition is part of X
            first = next((j for j in range(start, i) if keys[j][0] == ","), i)
            if (
                np_start > first + 2 and keys[first + 1][0] in ("who", "whose") and keys[np_start - 1][0] == ","
                and _np(keys, start, first) and np_start - first <= _NP_LIMIT + 6
            ):
                return start, i  # "The president, who mediates between X and Y, said ...": a relative clause on the speaker
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
        or (k[0] in LEXICON.modals and k[0] != "can")  # "the deal could see a pullout": a guess about the deal, not its words ("X can confirm" is)
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
    main_stop = -1  # where the main event ended, to catch a compound's head ("truce violations")
    direction: Direction = NEUTRAL
    verbal = intent = doubted = hedged = conditional = after_contrast = in_scope = locked = main_negated = modal = framed = quantified = False
    neg_at = -1
    via_inverter = quoted = False
    topic = 0
    consent = False  # "agrees to delay ...": a concession, whatever it puts off
    scheduled = last_flipped = verdict = False  # "will not start before Friday": a date, not a refusal
    yielding = False  # some event of the clause is giving in
    phrased = False  # the pending negation is a phrase ("rather than"): it needs an event to deny
    pledge: tuple[int, _Event] | None = None  # "pledged to ...": its own way if the complement names no step
    light_deed = False  # "opened talks", "took part in talks": talks held, a deed, not words
    i = start
    while i < end:
        fold, _, stemmed = keys[i]
        if fold not in _FUNCTION_WORDS and stemmed not in _EVENTS and stemmed not in _CONVENING and not fold.endswith("n't"):
            i += 1  # most words play no part: skip them at the cost of two lookups
            continue
        if fold in _BREAKS or fold in _DASHES:
            if negated and not phrased and main is not None and not locked and _verb_group(keys, main_stop, neg_at):
                direction = _FLIP[direction]  # "the withdrawal did not happen"
            in_scope = negated = phrased = False
            i += 1
            continue
        if in_scope and fold not in LEXICON.contrast:
            i += 1
            continue
        if fold in LEXICON.debunking:  # "calls the pullback a sham", "a sham pullback": the deed denied, as by "so-called"
            if main is not None and not locked:
                direction, main_negated = _FLIP[direction], not main_negated
            else:
                negated = phrased = True
            i += 1
            continue
        phrase = _NEGATOR_PHRASES.get(fold)
        if phrase is not None and tuple(k[0] for k in keys[i : i + len(phrase)]) == phrase:
            negated = phrased = True
            i += len(phrase)
            continue
        if fold == "and" and main is not None:
            framed = True  # "... had left the town and the rest would follow": a later clause's intent
        if fold in LEXICON.contrast and not (fold == "yet" and keys[i - 1][0] in LEXICON.negators):  # "had not yet seen": still, no contrast
            in_scope = negated = False
            after_contrast = main is not None
            i += 1
            continue
        if fold in LEXICON.conditionals or ((negated or main_negated) and fold in LEXICON.one_sided):
            conditional = True  # "if they attack", "will not act unilaterally": a condition
            if fold == "if" and any(k[0] == "only" for k in keys[max(start, i - 4) : i]):
                quantified = True  # "the deal would only hold if X": a condition on the step, not the step
        if fold in LEXICON.quantifiers and main is None and invert is None:
            conditional = quantified = True  # "any attack will be met ...", "any deal would have to ..."
        elif fold in LEXICON.quantifiers and main_event is not None and main_event.direction != DEESCALATE:
            conditional = True  # "will respond to any violation": a response to a case foreseen
        if (fold in LEXICON.scope or (intent and fold in LEXICON.future_scope)) and (i > start or _leading_frame(keys, start, end)):
            in_scope = True
            framed = framed or main is not None
            scheduled = scheduled or (fold in LEXICON.schedule and last_flipped)
            i += 1
            continue
        if (fold in LEXICON.negators or fold.endswith("n't")) and not _phrase_at(keys, i, end):
            # "obligations not to use ...": a negated infinitive denies only an event that follows
            negated, phrased = True, i + 1 < end and keys[i + 1][0] == "to"
            neg_at = i
            intent = intent or fold in ("won't", "wouldn't")
            i += 1
            continue
        if main is None and fold in LEXICON.hedges and not _dated(words, i):
            hedged = True
            modal = modal or fold in LEXICON.modals
        found = _match_event(keys, i, end) if stemmed in _EVENTS or stemmed in _CONVENING or fold in _VERDICTS else None
        if found is None and main is None and stemmed in _LIGHT and stemmed in _EVENTS:
            light_deed = any(len(e.words) == 1 and not e.verbal for e in _EVENTS[stemmed])
        if found is None:
            if not framed and (i == start or (keys[i - 1][0] not in _DETERMINERS and words[i - 1] not in _QUOTES)) and (
                (fold in LEXICON.future and not (main is not None and keys[i - 1][0] == "to"))  # "met to plan ...": a purpose
                or (fold in LEXICON.future_to and i + 1 < end and keys[i + 1][0] == "to")
                or (
                    fold in LEXICON.future_to and i + 1 < end and keys[i + 1][0] == "for"
                    and any(k[0] == "to" for k in keys[i + 2 : min(end, i + 6)])
                )  # "signed an order for units to hold fire": the step is still to come
                or (
                    fold == "to" and main is None and (invert is None or invert.verbal)
                    and _infinitive(words, keys, i + 1, end)
                )  # "failed to free" is a deed undone, "refused to free" a word
                or (fold == "to" and i + 2 < end and keys[i + 1][0] == "be" and keys[i + 2][2] in _EVENTS)  # "to be freed"
            ):
                intent = True  # not after a frame: "..., where officials will track ships" is not Akar's intent
            if (
                locked and main_event is not None and main_event.reaction and i + 1 < end
                and ((keys[i + 1][0] == "to" and (fold in LEXICON.future or fold in LEXICON.future_to)) or stemmed in _SEEKING)
            ):  # "the summit would seek a ceasefire": what it seeks says which way
                locked = False  # "the meeting was meant to agree a truce": its stated purpose says which way
            if fold in _COPULAS and main is not None and not locked and keys[i - 1][0] in _VERB_MARKS:
                # "a pause would not mean the end of the campaign": the subject is the topic; what it means is the claim
                main = main_event = last = None
                topic = i + 1
                main_stop, direction, verbal, verdict, main_negated, quoted, via_inverter = -1, NEUTRAL, False, False, False, False, False
            i += 1
            continue
        event, stop = found
        if event.verbal and stop == i + 1 and fold.endswith("ed") and i > start and keys[i - 1][0] in _DETERMINERS:
            i = stop  # "ignored the agreed order", "the promised aid": a word's deed as an adjective, not the word
            continue
        if _named(words, keys, i, stop):
            i = stop  # "the Director General of Military Operations", "the Water Treaty": part of a name
            continue
        if event.role == "evaluation" and event.words[-1] == _HOLD and stop < end and (
            words[stop][:1].isupper() or keys[stop][0] in _DETERMINERS or keys[stop][0] in _POSSESSIVES
        ):
            i = stop  # "still held the town": a place kept, not a truce holding
            continue
        yielding = yielding or event.capitulation  # "would let their men lay down their arms": the giving in, wherever it stands
        if main is None and invert is None and i > start and keys[i - 1][0] in LEXICON.topic_markers and event.role == "event":
            i = stop  # "experts on sanctions will resume work": a topic, not the step
            continue
        if main is None and invert is None and not intent and event.role == "event" and _party_to(keys, start, i):
            i = stop  # "the parties to the 2015 deal agreed to meet": who they are, not the step
            continue
        if main is None and invert is None and event.verbal and not event.pact and _handled(words, keys, start, i, stop, end):
            i = stop  # "Kyiv's proposals would be passed to Y": what is done with the proposal, not the proposal
            continue
        if (
            event.role == "event"
            and not event.reaction
            and main is None
            and invert is None
            and fold in LEXICON.future
            and i + 1 < end
            and (
                (stop == i + 1 and (keys[i + 1][0] == "to" or _match_event(keys, i + 1, end) is not None))
                or (stop == i + 2 and keys[i + 1][0] == "to")  # "ready to ship"
            )
        ):
            intent = True  # "pledged to withdraw": the complement says which way
            consent = consent or (event.direction == DEESCALATE and event.verbal)
            pledge = pledge or (i, event)
            i += 1
            continue
        scare = _scare_quoted(words, i, stop)
        doubted = doubted or scare
        scare = scare and event.direction != ESCALATE  # "the 'liberation' of X": a side's own word for force, not doubted
        flip = negated ^ scare
        last_flipped = negated
        negated = phrased = False
        if main is not None and not locked and event.words in _OCCURRENCE:
            if flip:  # "the withdrawal from the ports had not happened": the step denied
                direction, main_negated = _FLIP[direction], not main_negated
            modal = modal or any(k[0] in LEXICON.modals for k in keys[main_stop:i])  # "the swap could take place": a prospect
            i = last = stop
            continue
        if event.role == "inverter":
            if main is not None and last is not None and not locked and _adjacent(keys, last, i):
                direction = _FLIP[direction]  # "Israeli strikes stopped", "the truce had been broken"
                verbal = verbal and event.verbal  # breaking a truce is a deed, not a word
                if any(k[0] in LEXICON.modals for k in keys[last:i]):
                    hedged = modal = True  # "the truce could collapse": a guess
            elif main is not None and last == i - 1 and keys[last][0] == "to" and not locked and (
                stop == end or keys[stop][0] in _PREPOSITIONS or keys[stop][0] in _BREAKS
            ):  # "X says strikes to stop from 5pm": a step to come (but "a deal to end the war" ends the war)
                direction, intent = _FLIP[direction], True
            elif main is None:
                invert = None if (invert is not None) != flip else event
            i = last = stop
            continue
        own = event.direction
        left_pact = main_event is not None and main_event.exits and event.pact and _object_of(keys, main_stop, i)
        if left_pact:
            own = ESCALATE  # leaving a pact, not a place
        if invert is not None:
            own = _FLIP[own]
        if flip:
            own = _FLIP[own]
        if main is None:
            main_negated = flip and not scare
            quoted = scare
            via_inverter = invert is not None and invert.direction == NEUTRAL
            main = _index_of(keys, invert, start, i) if invert is not None else i
            main_event = event
            main_stop = stop
            direction = own
            if invert is not None and own == NEUTRAL and event.reaction:
                direction = ESCALATE if invert.direction != DEESCALATE else DEESCALATE  # "ruled out any meeting"
                if invert.verbal and direction == DEESCALATE and _state_clause(words, keys, main + len(invert.words), i + 1):
                    direction = NEUTRAL  # "X denies trade was discussed": a state of things denied, like "the town had fallen"
            verbal = (
                event.verbal and not (light_deed and event.reaction)
                and not (invert is not None and not invert.verbal and (invert.direction == ESCALATE or event.reaction))
                # "broke the truce", "suspends participation in talks": a deed done to a pact or to talks
            ) or (invert is not None and invert.verbal)
            locked = event.reaction or event.role == "evaluation"
            verdict = event.role == "evaluation"
            if own != NEUTRAL:
                invert = None  # else it waits for the step it stops: "delays start of releases"
        elif event.role == "evaluation":
            direction = own
            locked = verbal = verdict = True  # a verdict: the claim is the speaker's words
        elif (
            not locked and main_stop == i and not main_negated and invert is None and not event.verbal
            and main_event is not None and main_event.verbal
        ):
            direction = own  # a compound's head: "truce violations", "peace summit"
            verbal = False
        elif not locked and (
            (after_contrast and own != NEUTRAL)
            or left_pact
            or (direction == NEUTRAL and not after_contrast and (main_stop == i or keys[i - 1][0] not in LEXICON.topic_markers))
        ):  # "groups on sanctions would resume work": a topic, not a step
            if direction == NEUTRAL and not after_contrast and not left_pact and main_event is not None and not main_event.verbal:
                # "had not carried out the pullback", "had carried out no strike": a neutral deed's denial is its object's
                own = _FLIP[own] if main_negated else own
                main_negated = main_negated or flip
            direction = own
            after_contrast = False
            if own != NEUTRAL:
                invert = None
        i = last = stop
    if negated and not phrased and main is not None and not locked and _verb_group(keys, main_stop, neg_at):
        direction = _FLIP[direction]  # but not "proposes talks, with no use of force"
    if scheduled and not locked:
        direction = NEUTRAL
    if consent and direction == ESCALATE and main_event is not None and main_event.role == "event" and via_inverter:
        direction = DEESCALATE  # agreeing to another's request to put a step off
    if main is None and invert is not None:
        main = _index_of(keys, invert, start, end)
        direction = _FLIP[invert.direction] if negated else invert.direction
        verbal = invert.verbal
        if invert.verbal and invert.direction == DEESCALATE and _state_clause(words, keys, main + len(invert.words), end):
            direction = NEUTRAL  # "Kiev denied the town had fallen": a state of things denied, not a deed disowned
    elif main is None and pledge is not None:
        main, direction, verbal = pledge[0], _FLIP[pledge[1].direction] if negated else pledge[1].direction, True
        # "promised to ship the grain": with no step named, the pledge says which way
    if (
        main_event is not None and main_event.words == _TAKE_OVER[:1] and main_stop < end and keys[main_stop][2] == _TAKE_OVER[1]
        and direction == ESCALATE and not main_negated
    ) and any(
        (f := _match_event(keys, j, end)) is not None and f[0].exits for j in range(main_stop, end)
    ):
        direction = DEESCALATE  # "would take over the areas the rebels vacate": a handover, not a capture
    force = main_event is not None and main_event.force
    return _Events(
        main, direction, verbal, intent, doubted or hedged, hedged, conditional, main_negated, modal, quantified, force, verdict,
        quoted, yielding, topic, main_event is not None and main_event.words in _RESTRAINT,
    )


def _named(words: list[str], keys: Keys, i: int, stop: int) -> bool:
    """Are the event's words part of a capitalised name inside a sentence in lower case ("the
    Director General of Military Operations phoned", "the Indus Waters Treaty"), not a word of a
    headline in title case ("Rebels Shell Town")?"""
    j = i - 1 if i > 1 and keys[i - 1][0] != "of" else i - 2
    return (
        j > 0
        and all(w[:1].isupper() for w in words[i:stop])
        and words[j][:1].isupper()
        and sum(w.islower() and w.isalpha() and len(w) > 4 and w not in _PREPOSITIONS for w in words) >= 2
    )


def _dated(words: list[str], i: int) -> bool:
    """Is the hedge at word i a month's name ("strikes on May 7", "since 10 May"): capitalised,
    next to a number?"""
    return words[i][:1].isupper() and (
        (i + 1 < len(words) and words[i + 1][:1].isdigit()) or (i > 0 and words[i - 1][:1].isdigit())
    )


def _state_clause(words: list[str], keys: Keys, i: int, end: int) -> bool:
    """Does a clause about a thing start at word i ("the town had fallen"): a short
    subject in lower case, neither a pronoun nor a name, then an auxiliary?"""
    for j in range(i, min(end, i + 5)):
        if keys[j][0] in LEXICON.auxiliaries:
            return j > i and keys[j - 1][0] not in _DETERMINERS
        if keys[j][0] in _PRONOUNS or not words[j].islower() or not words[j].isalpha():
            return False
    return False


def _handled(words: list[str], keys: Keys, start: int, i: int, stop: int, end: int) -> bool:
    """Is the word at i someone's proposal, offer or demand that the clause only handles
    ("Kyiv's written proposals would be passed to Y", "its offer was received"): a possessed
    noun whose verb is a passive with no event of its own?"""
    before = range(max(start, i - 2), i)
    if not any(words[n].endswith(("'s", "’s")) or keys[n][0] in ("its", "their", "his", "her") for n in before):
        return False
    j = stop
    while j < end and (keys[j][0] in LEXICON.auxiliaries or keys[j][0] in LEXICON.future or keys[j][0] in _ADVERBS):
        j += 1
    participle = j > stop and j < end and (keys[j][0].endswith("ed") or keys[j][0] in LEXICON.past_forms)
    return participle and not any(_match_event(keys, n, end) for n in range(j, end))


def _object_of(keys: Keys, verb_end: int, i: int) -> bool:
    """Is word i the object of the verb that ends at verb_end ("pulls out of the 2015 deal",
    "quits the accord"), not a later clause's word ("troops could leave X within a year,
    and the rebels agree to talks")?"""
    return (
        i - verb_end <= 5
        and verb_end < len(keys)
        and keys[verb_end][0] in _OBJECT_OPENERS
        and not any(k[0] in _BREAKS or k[0] == "and" for k in keys[verb_end:i])
    )


def _phrase_at(keys: Keys, i: int, end: int) -> bool:
    """Does an event phrase of two or more words start at word i ("nothing to do with")?"""
    found = _match_event(keys, i, end)
    return found is not None and found[1] - i > 1


def _party_to(keys: Keys, start: int, i: int) -> bool:
    """Does word i name what its members are party to ("the parties to the deal",
    "signatories to a 2015 accord"), with only a determiner or a number between?"""
    j = i - 1
    while j > start and (keys[j][0] in _DETERMINERS or keys[j][0].isdigit()):
        j -= 1
    return start < j < i - 1 and keys[j][0] == "to" and keys[j - 1][0] in _MEMBERS


def _verb_group(keys: Keys, main_stop: int, neg_at: int) -> bool:
    """Is a negation at neg_at part of the main event's own verb ("the pullback did not ...",
    "relief should not ..."), with only auxiliaries, modals and adverbs between? "no" is not
    ("the truce has no end date": it denies a noun of its own)."""
    return 0 <= main_stop <= neg_at and keys[neg_at][0] != "no" and all(
        k[0] in LEXICON.auxiliaries or k[0] in LEXICON.future or k[0] in _ADVERBS or k[0].endswith("ly")
        for k in keys[main_stop:neg_at]
    )


def _adjacent(keys: Keys, last: int, i: int) -> bool:
    """Only auxiliaries, modals and adverbs between the end of one event and word i ("the
    strikes will stop", "the treaty would remain in abeyance")."""
    return all(
        k[0] in LEXICON.auxiliaries or k[0] in LEXICON.future or k[0] in LEXICON.modals or k[0] in _ADVERBS or k[0].endswith("ly")
        for k in keys[last:i]
    ) and i - last <= 3


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
    verdict = _VERDICTS.get(keys[i][0])
    if verdict is not None:
        return verdict, i + 1
    if keys[i][0] in LEXICON.noun_senses and i > 0 and keys[i - 1][0] in _DETERMINERS:
        return None  # "staging the fire": a blaze, not gunfire
    if i > 0 and (keys[i - 1][0], keys[i][0]) in LEXICON.idioms:
        return None  # "In return, prisoners are to be freed": no return of anyone
    if i + 1 < end and (keys[i][0], keys[i + 1][0]) in LEXICON.idioms:
        return None  # "X, in places backed by Y, had ...": not "in place"
    for event in _EVENTS.get(keys[i][2], ()):
        size = len(event.words)
        if size == 1 and event.words[0] in _LIGHT and any(k[2] in _LIGHT[event.words[0]] for k in keys[i + 1 : min(end, i + 7)]):
            continue  # "take steps", "take part": the object says what happens
        if size == 1 and _convened(keys, i, end):
            break
        if size == 1 or (i + size <= end and all(keys[i + j][2] == event.words[j] for j in range(1, size))):
            if i + size < end and keys[i + size][2] in _ROLES and i > 0 and (keys[i - 1][0] in _DETERMINERS or keys[i - 1][0] in _GROUP_HEADS):
                return None  # "the ceasefire monitors", "the two military operations chiefs": whose role, not a deed
            return event, i + size
        if size == 2 and event.words[1] in _PARTICLES:
            for gap in (2, 3):
                j = i + gap
                if j < end and keys[j][2] == event.words[1] and not any(k[0] in _BREAKS for k in keys[i + 1 : j]):
                    return event, j + 1
    return (_MEET, i + 1) if _convened(keys, i, end) else None


def _convened(keys: Keys, i: int, end: int) -> bool:
    """Is word i a verb that convenes talks ("opens peace talks", "held a first meeting")?"""
    return keys[i][2] in _CONVENING and any(k[2] in _CONVENED for k in keys[i + 1 : min(end, i + 5)])


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


def _speaker_in(keys: Keys, parties: list[Mention], start: int, end: int) -> str | None:
    """The party of "X" in "X says": not one inside a phrase about X ("standing beside Y",
    "beside President Y": a title may stand between)."""
    for m in parties:
        if not start <= m.start < end:
            continue
        j = m.start - 1
        while j > start and keys[j][0] in LEXICON.not_given_names and keys[j][0] not in _PREPOSITIONS:
            j -= 1  # a title or a determiner
        if m.start == start or keys[j][0] not in _PREPOSITIONS or keys[j][0] in ("of", "for"):  # "a spokesman for the UN"
            return m.target
    return None


def _first_verb(keys: Keys, start: int, end: int) -> int:
    """Where the subject ends when no event word does it: the first auxiliary or modal."""
    return next(
        (i for i in range(start, end) if keys[i][0] in LEXICON.auxiliaries or keys[i][0] in LEXICON.future),
        end,
    )


def _subjects(keys: Keys, parties: list[Mention], start: int, pivot: int) -> list[str]:
    """Parties standing before the main event and not inside a prepositional phrase."""
    out: list[str] = []
    helped = next((j for j in range(start, pivot) if keys[j][2] in _CONTROL), pivot)
    for m in parties:
        if not start <= m.start < pivot:
            continue
        before = keys[m.start - 1][0] if m.start > start else ""
        before2 = keys[m.start - 2][0] if m.start - 1 > start else ""
        of = m.start - 1 if before in ("of", "from") else m.start - 2 if before2 in ("of", "from") and before in ("the", "a", "an") else -1
        share = of > start and (
            keys[of - 1][0] in _PARTITIVES or keys[of - 1][0].isdigit() or (keys[of - 1][2] in _ROLES and keys[of][0] == "from")
        )  # "a fifth of Russian troops moved", "delegations from X are attending"
        if not share and (before in _PREPOSITIONS or (before in ("the", "a", "an") and before2 in _PREPOSITIONS)):
            continue
        if before in LEXICON.quantifiers or before in LEXICON.conditionals:
            continue  # "any Russian attack": a case foreseen, not a doer
        if before == "by" or (before in ("the", "a", "an") and before2 == "by"):
            continue  # "its units, backed by X, entered ...": the agent of an aside, not the subject
        if m.start > helped:
            continue  # "X helped Y and Z take the town": Y and Z are helped, X the doer
        if _leading_frame(keys, start, pivot) and "," in (k[0] for k in keys[m.start : pivot]):
            continue  # "If X refuses, the force will ...": X is in the condition, not the subject
        if m.target not in out:
            out.append(m.target)
    return out


def _leading_frame(keys: Keys, start: int, end: int) -> bool:
    """Does the clause open with a frame closed by a comma ("If X refuses, ...", "After the
    talks, ..."), which the clause's own subject and event follow?"""
    return keys[start][0] in LEXICON.scope and any(k[0] == "," for k in keys[start + 2 : end])


def _owner(words: list[str], keys: Keys, parties: list[Mention], start: int, end: int) -> tuple[str, ...]:
    """The party whose deed a possessive names ("X's slow withdrawal"): a party in "'s"
    with a material event within two words after it."""
    for m in parties:
        if start <= m.start and m.end < end and words[m.end - 1].endswith(("'s", "’s")):
            found = next((f for j in range(m.end, min(end, m.end + 2)) if (f := _match_event(keys, j, end)) is not None), None)
            if found is not None and not found[0].verbal:
                return (m.target,)
    return ()


def _passive_agent(keys: Keys, parties: list[Mention], event_at: int, end: int) -> str | None:
    """ "shelled by Russian forces": the party after "by" close to the event."""
    for i in range(event_at + 1, min(end, event_at + 6)):
        if keys[i][0] == "by":
            return _party_in(parties, i + 1, min(end, i + 4))
    return None


def _pact_sides(keys: Keys, parties: list[Mention], pivot: int, end: int) -> bool:
    """Do two or more parties name the sides of the pact at pivot ("the X-Y truce"), each
    mention running into the next and the last into the pact word?"""
    found = _match_event(keys, pivot, end)
    if found is None or not found[0].pact:
        return False
    chain = [m for m in parties if m.end <= pivot]
    at, sides = pivot, 0
    for m in sorted(chain, key=lambda m: -m.end):
        if m.end != at:
            break
        at, sides = m.start, sides + 1
    return sides > 1


def _received(keys: Keys, pivot: int, end: int) -> bool:
    """Is the event at pivot one whose subject is done to ("came home", "walked free")?"""
    found = _match_event(keys, pivot, end)
    return found is not None and found[0].receipt


def _passive(words: list[str], keys: Keys, start: int, pivot: int) -> bool:
    """Is the event a passive participle, its subject what was done to ("prisoners were
    freed", "86 soldiers freed in swap")? Intransitive verbs have no passive."""
    event = keys[pivot][0]
    if start < pivot and keys[pivot - 1][0] == "under" and _match_event(keys, pivot, len(keys)) is not None:
        return True  # "Stepanakert under fire": the town is the target
    if start < pivot and _received(keys, pivot, len(keys)):
        return True  # "soldiers came home": freed by someone, as in a passive
    if start >= pivot or not (event.endswith("ed") or event in LEXICON.past_forms):
        return False
    found = _match_event(keys, pivot, len(keys))
    if found is None or found[0].intransitive or found[0].role != "event":
        return False
    if keys[pivot - 1][0] in LEXICON.passive_auxiliaries or keys[pivot - 1][0] == "under":
        return True  # "was shelled", "under fire"
    if found[0].verbal:
        return False  # "Erdogan spoke to ...", "negotiators proposed that ...": said, not done to
    stop = pivot + 1
    if found[1] > stop and (keys[stop][0] in _PREPOSITIONS or keys[stop][0] in _PARTICLES):
        stop = found[1]  # after the phrasal verb: "X handed over a soldier" is X's deed, "soldiers handed over to X" a passive
    after = keys[stop][0] if stop < len(keys) else ","
    return not any(k[0] in LEXICON.auxiliaries for k in keys[start:pivot]) and not _counted(keys, pivot + 1) and (
        after in _PREPOSITIONS or after in LEXICON.scope or after in _BREAKS or after in _ADVERBS
    )


def _counted(keys: Keys, i: int) -> bool:
    """Does a count open at word i ("killed at least 131 civilians", "freed about 40"): the
    object of an active verb, not a preposition after a passive participle?"""
    return i + 1 < len(keys) and (
        (keys[i][0], keys[i + 1][0]) in (("at", "least"), ("at", "most"), ("up", "to"))
        or (keys[i][0] in ("about", "around", "over") and keys[i + 1][0].isdigit())
    )


def _someone_else(words: list[str], keys: Keys, start: int, pivot: int, end: int, direction: Direction) -> bool:
    """Does the clause name a doer other than the one reporting it: a subject noun that is
    no unit of the reporter's ("gunmen opened fire", not "soldiers fired back"), or fighting
    that goes on by itself ("fighting continued")?"""
    head = next(
        (k[2] for w, k in zip(reversed(words[start:pivot]), reversed(keys[start:pivot])) if _is_head(w, k[0])),
        None,
    )
    if head is not None:
        return head not in _INSTRUMENTS
    if direction != ESCALATE:
        return False
    found = _match_event(keys, pivot, end)
    after = found[1] if found else pivot + 1
    return any(_match_event(keys, j, end) is not None for j in range(after, min(end, after + 3)))


def _controlled(keys: Keys, parties: list[Mention], i: int, end: int) -> str | None:
    """The party in "commits X to ...", "obliges the X to ...": the one bound to the step."""
    for m in parties:
        if i <= m.start <= i + 1 and m.end < end and keys[m.end][0] == "to":
            return m.target
    return None


def _group_subject(keys: Keys, start: int, pivot: int) -> bool:
    """ "both sides", "the two sides", "each other": the parties together, unnamed."""
    folds = [k[0] for k in keys[start:pivot]]
    if folds[:1] in (["sides"], ["parties"]):
        return True  # a headline's bare "Sides hand over lists": "the two sides"
    at = 3 if len(folds) > 3 and keys[start + 2][2] not in _EVENTS and keys[start + 2][2] not in _INSTRUMENTS else 2
    if folds[:2] == ["the", "two"] and len(folds) > at and (
        (at == 2 and (folds[at] in LEXICON.future or folds[at] in LEXICON.auxiliaries)) or folds[at] in _ATTRIBUTING
        or (keys[start + at][2] in _EVENTS and (folds[at].endswith("ed") or folds[at] in LEXICON.past_forms))
    ):  # "The two agreed to ...", "the two envoys met": the sides ("the two attacks", "the two men were freed" are no group;
        return True  # "the two teams would meet" is the host's schedule)
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
        if not any(k[0] in LEXICON.auxiliaries for k in keys[start:pivot]) and not _counted(keys, pivot + 1) and (
            after in _PREPOSITIONS or after in LEXICON.scope or after in _BREAKS or after in _ADVERBS or after.endswith("ly")
        ):
            return True
    if keys[start][0] == "no":
        return True  # "no real withdrawal had taken place": the deed itself is the subject, its words modifiers
    at = pivot
    while at - start >= 2 and (keys[at - 2][0], keys[at - 1][0]) in _NEGATOR_PAIRS:
        at -= 2  # "'so-called withdrawal' is a rotation": the negator is no subject
    head = next(
        (k[2] for w, k in zip(reversed(words[start:at]), reversed(keys[start:at])) if _is_head(w, k[0])),
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
