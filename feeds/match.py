"""Find the configured parties, people and issues in a sentence's words.

Two stages, as rapidfuzz's pitfalls demand. First an exact lookup: every alias, person
and keyword is indexed once, by the key of its first word, in folded and derived forms
(Kiev/Kyiv share a transliteration skeleton; "Ukrainian" and "Russia's" are derived
forms). Only words left unmatched go to the second stage: `fuzz.ratio` against aliases
of the same word count and first letter, with `score_cutoff`, results cached per n-gram.
Short aliases and acronyms (US, EU, NATO) never go fuzzy. Fixed expressions such as
"Moscow Mule" are indexed too, as blocks that win by being longer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from config.schema import Config
from feeds import tokens as tk
from feeds.lexicon import LEXICON

PARTY = "party"
ISSUE = "issue"


@dataclass(frozen=True, slots=True)
class Mention:
    """A party or issue found at words [start, end) of a sentence."""

    start: int
    end: int
    kind: str
    target: str
    person: bool = False


@dataclass(frozen=True, slots=True)
class _Entry:
    """What an indexed word sequence stands for, and which guards apply to it."""

    words: tuple[str, ...]
    target: str | None  # None: a look-alike that blocks a match
    person: bool = False
    surname: bool = False
    capitalised: bool = True
    bare: bool = False  # a role alone ("the government"): only after "the" or opening the sentence
    given: bool = False  # a given name alone ("Abiy says"), where a name is not the start of another


_FUZZY_MIN = 5  # shorter words match exactly or not at all
_FUZZY_CACHE_LIMIT = 20_000
_MISS = object()
# Heads that name a side on their own when one party's aliases end in them: "the government said"
# is the side whose alias is "federal government", unless two parties have one.
_BARE_HEADS = frozenset(("government", "army", "military"))


class Matcher:
    """An index of one config's names and keywords, built once, queried per sentence."""

    def __init__(self, config: Config) -> None:
        self._party_threshold = config.matching.party_threshold
        self._issue_threshold = config.matching.issue_threshold
        self._acronyms: dict[str, str] = {}
        self._parties: dict[str, list[_Entry]] = {}
        self._issues: dict[str, list[_Entry]] = {}
        for party in config.parties:
            for alias in (party.name, *party.aliases):
                self._add_alias(party.id, alias)
            for person in party.people:
                self._add_person(party.id, person)
        heads: dict[str, set[str]] = {}
        for party in config.parties:
            for alias in party.aliases:
                words = [tk.fold(w) for w in tk.tokenize(alias) if w not in tk.PUNCTUATION]
                if len(words) > 1 and words[-1] in _BARE_HEADS:
                    heads.setdefault(words[-1], set()).add(party.id)
        for head, ids in heads.items():
            if len(ids) == 1:
                self._put(self._parties, _Entry((tk.name_key(head),), next(iter(ids)), capitalised=False, bare=True))
        # Given names, where one names one side's person only: some people go by it ("Abiy said", "Isaias met")
        given: dict[str, set[str]] = {}
        for party in config.parties:
            for person in party.people:
                words = [tk.fold(w) for w in tk.tokenize(person) if w not in tk.PUNCTUATION]
                if len(words) > 1 and len(words[0]) >= 4 and words[0].isalpha():
                    given.setdefault(tk.name_key(words[0]), set()).add(party.id)
        for key, ids in given.items():
            if len(ids) == 1 and all(len(e.words) > 1 for e in self._parties.get(key, ())):
                self._put(self._parties, _Entry((key,), next(iter(ids)), person=True, given=True))
        for issue in config.issues:
            for keyword in (issue.name, *issue.keywords):
                self._add_keyword(issue.id, keyword)
        self._named_keywords = {  # keywords written as names ("Hodeidah", "Red Cross"), by their first word
            tk.stem(tk.fold(k.split()[0])) for issue in config.issues for k in issue.keywords if k[:1].isupper()
        }
        for phrase in LEXICON.lookalikes:
            words = [tk.fold(w) for w in tk.tokenize(phrase)]
            self._put(self._parties, _Entry(tuple(tk.name_key(w) for w in words), None))
            self._put(self._issues, _Entry(tuple(tk.stem(w) for w in words), None))
        for index in (self._parties, self._issues):
            for entries in index.values():
                entries.sort(key=lambda e: -len(e.words))
        self._party_fuzzy = _buckets(self._parties)
        self._issue_fuzzy = _buckets(self._issues)
        self._party_vocab = {w for es in self._parties.values() for e in es if e.target for w in e.words}
        self._issue_vocab = {w for es in self._issues.values() for e in es if e.target for w in e.words}
        self._party_cache: dict[str, object] = {}
        self._issue_cache: dict[str, object] = {}
        self._boring_party: set[str] = set()  # words known to start no party mention
        self._boring_issue: set[str] = set()

    # -- building -------------------------------------------------------------------

    def _add_alias(self, party_id: str, alias: str) -> None:
        words = [w for w in tk.tokenize(alias) if w not in tk.PUNCTUATION]
        if not words:
            return
        if len(words) == 1 and _is_acronym(words[0]):
            self._acronyms[words[0]] = party_id
            if len(words[0]) >= 4:
                self._acronyms[words[0].title()] = party_id  # BBC style: "Nato"
            return
        capitalised = words[0][:1].isupper()
        for variant in _derived([tk.fold(w) for w in words]):
            self._put(self._parties, _Entry(tuple(tk.name_key(w) for w in variant), party_id, capitalised=capitalised))
        listed = [tk.fold(w) for w in tk.tokenize(alias) if w == "," or w not in tk.PUNCTUATION]
        if len(listed) > len(words):  # "Britain, France and Germany" as written, commas and all
            self._put(self._parties, _Entry(tuple(tk.name_key(w) for w in listed), party_id, capitalised=capitalised))

    def _add_person(self, party_id: str, person: str) -> None:
        words = [tk.fold(w) for w in tk.tokenize(person) if w not in tk.PUNCTUATION]
        if not words:
            return
        self._put(self._parties, _Entry(tuple(tk.name_key(w) for w in words), party_id, person=True))
        if len(words) > 1:
            surname = (tk.name_key(words[-1]),)
            self._put(self._parties, _Entry(surname, party_id, person=True, surname=True))

    def _add_keyword(self, issue_id: str, keyword: str) -> None:
        raw = [w for w in tk.tokenize(keyword) if w not in tk.PUNCTUATION]
        if not raw:
            return
        words = [tk.fold(w) for w in raw]
        variants = _derived(words) if raw[0][:1].isupper() else [words]
        if len(words) > 1:
            variants.append(["".join(words)])  # "pull back" also as "pullback"
        elif len(words[0]) >= 6:  # "ceasefire" also as "cease-fire"
            w = words[0]
            variants.extend([w[:k], w[k:]] for k in range(3, len(w) - 2))
        for variant in variants:
            self._put(self._issues, _Entry(tuple(tk.stem(w) for w in variant), issue_id, capitalised=False))

    @staticmethod
    def _put(index: dict[str, list[_Entry]], entry: _Entry) -> None:
        if not entry.words or not all(entry.words):
            return
        bucket = index.setdefault(entry.words[0], [])
        if all(e.words != entry.words for e in bucket):
            bucket.append(entry)

    # -- querying -------------------------------------------------------------------

    def find(self, words: list[str], keys: list[tuple[str, str, str]]) -> list[Mention]:
        """Parties and issues in one sentence, given its tokens and their `tokens.keys`."""
        found = self._scan(words, keys, PARTY)
        issues = self._scan(words, keys, ISSUE)
        starts = {m.start: m.target for m in issues}
        found.extend(
            m for m in issues  # "Hodeidah pullback": a place name that only says where another issue's step is
            if not (
                keys[m.start][2] in self._named_keywords and starts.get(m.end, m.target) != m.target and words[m.end][0].islower()
                and not words[m.start].isupper()  # but "DGMO talks": an acronym names who talks, not where
            )
        )
        return found

    def _scan(self, words: list[str], keys: list[tuple[str, str, str]], kind: str) -> list[Mention]:
        party = kind == PARTY
        index = self._parties if party else self._issues
        slot = 1 if party else 2
        acronyms = self._acronyms if party else {}
        boring = self._boring_party if party else self._boring_issue
        vocab = self._party_vocab if party else self._issue_vocab
        n = len(words)
        out: list[Mention] = []
        resume = 0
        for i in [j for j, w in enumerate(words) if w not in boring]:
            if i < resume:
                continue  # inside the previous match
            word = words[i]
            key = keys[i]
            capital = word[0].isupper()
            if capital and acronyms:
                target = acronyms.get(word[:-2] if word.endswith(("'s", "’s")) else word)
                if target is not None:
                    if i + 1 >= n or keys[i + 1][0] not in LEXICON.head_nouns:  # "US stocks", "US Open": not the side
                        out.append(Mention(i, i + 1, PARTY, target))
                    continue
            entry = None
            candidates = index.get(key[slot])
            if candidates is not None:
                for candidate in candidates:
                    size = len(candidate.words)
                    if size == 1 or (i + size <= n and all(keys[i + j][slot] == candidate.words[j] for j in range(1, size))):
                        entry = candidate
                        break
            if entry is None and len(key[0]) >= _FUZZY_MIN and (capital or not party):
                entry = self._fuzzy(keys, i, party)
            if entry is None:
                if candidates is None and key[slot] not in vocab and len(boring) < _FUZZY_CACHE_LIMIT:
                    boring.add(word)  # starts nothing, wherever it stands
                continue
            resume = i + len(entry.words)
            if entry.target is not None and self._accept(entry, words, keys, i, resume, party):
                out.append(Mention(i, resume, kind, entry.target, entry.person))
        return out

    def _accept(self, entry: _Entry, words: list[str], keys: list[tuple[str, str, str]], start: int, end: int, party: bool) -> bool:
        """The guards: capital letter for names, no unpolitical head noun, no other given name."""
        if party and entry.capitalised and not words[start][0].isupper():
            return False
        if entry.bare and start > 0 and keys[start - 1][0] != "the":
            return False
        if entry.given and (
            (end < len(words) and words[end][:1].isupper())
            or (start > 1 and words[start - 1][:1].isupper() and keys[start - 1][0] not in LEXICON.not_given_names)
        ):
            return False  # "Abiy Ahmed" is matched whole; "Mike Tyson" or "Gen. Mike X" is someone else
        if not entry.person and end < len(words) and keys[end][0] in LEXICON.head_nouns and keys[end - 1][0] not in LEXICON.instruments:
            return False  # "Istanbul stocks", "French Open"; but "Tigrayan forces open talks": a side's forces, then a verb
        if entry.surname and start > 0:
            before = words[start - 1]
            if (
                before[0].isupper()
                and before.isalpha()
                and keys[start - 1][0] not in LEXICON.not_given_names
                and keys[start - 1][1] not in self._party_vocab
                and not _title_case(words)
            ):
                return False
        return True

    def _fuzzy(self, keys: list[tuple[str, str, str]], i: int, party: bool) -> _Entry | None:
        """The closest alias of the same word count within the threshold, cached per n-gram.
        A single word is compared with single-word aliases of its first letter; a longer
        n-gram only when its first word is a known one ("security guaranties")."""
        slot = 1 if party else 2
        buckets = self._party_fuzzy if party else self._issue_fuzzy
        cache = self._party_cache if party else self._issue_cache
        cutoff = self._party_threshold if party else self._issue_threshold
        first = keys[i][slot]
        if first in (self._party_vocab if party else self._issue_vocab):
            sizes = range(min(4, len(keys) - i), 1, -1)
        else:
            sizes = range(1, 0, -1)
        for size in sizes:
            choices = buckets.get((size, first[0]))
            if not choices:
                continue
            text = first if size == 1 else " ".join(k[slot] for k in keys[i : i + size])
            hit = cache.get(text, _MISS)
            if hit is _MISS:
                hit = _best(text, choices, cutoff)
                if len(cache) >= _FUZZY_CACHE_LIMIT:
                    cache.clear()
                cache[text] = hit
            if hit is not None:
                return hit  # type: ignore[return-value]
        return None


def _best(text: str, choices: dict[str, _Entry], cutoff: float) -> _Entry | None:
    """The closest choice by plain ratio; a truncation or extension is not a spelling variant."""
    found = process.extractOne(text, choices.keys(), scorer=fuzz.ratio, processor=None, score_cutoff=cutoff)
    if found is None:
        return None
    alias = found[0]
    if alias.startswith(text) or text.startswith(alias):
        return None
    return choices[alias]


def _buckets(index: dict[str, list[_Entry]]) -> dict[tuple[int, str], dict[str, _Entry]]:
    """Fuzzy choices grouped by word count and first letter; short words stay exact-only."""
    out: dict[tuple[int, str], dict[str, _Entry]] = {}
    for entries in index.values():
        for e in entries:
            if e.target is None or (len(e.words) == 1 and len(e.words[0]) < _FUZZY_MIN):
                continue
            out.setdefault((len(e.words), e.words[0][0]), {}).setdefault(" ".join(e.words), e)
    return out


def _is_acronym(word: str) -> bool:
    return word.isalpha() and word.isupper() and len(word) <= 5


def _derived(words: list[str]) -> list[list[str]]:
    """The phrase and its forms that name the same place or people (Ukraine → Ukrainian)."""
    whole = " ".join(words)
    if whole in LEXICON.demonyms:
        return [words, *([*w.split()] for w in LEXICON.demonyms[whole])]
    last = words[-1]
    if last in LEXICON.demonyms:
        return [words, *([*words[:-1], form] for form in LEXICON.demonyms[last])]
    if len(last) < 4 or not last.isalpha():
        return [words]
    if last.endswith("a"):
        forms: Iterable[str] = (last + "n", last + "ns")
    elif last.endswith(("e", "y")):
        forms = (last[:-1] + "ian", last[:-1] + "ians")
    else:
        forms = (last + "ian", last + "ians", last + "i", last + "is", last + "ese")
    return [words, *([*words[:-1], form] for form in forms)]


def _title_case(words: list[str]) -> bool:
    """A headline in Title Case, where capitals say nothing about names."""
    return all(not w[0].islower() or w in LEXICON.title_case_minor for w in words)
