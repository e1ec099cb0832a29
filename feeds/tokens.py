"""Words of a sentence and the keys the matcher and the claim reader look them up by.

Every distinct word is folded once and its keys cached, because news vocabulary repeats:
after warm-up a sentence costs one regex pass and one dict lookup per word.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator

from feeds.lexicon import LEXICON

# A number ("8,600"), a word (apostrophes inside it kept: "Russia's", "doesn't"), or a
# punctuation mark that structures a sentence: commas and colons for attributions,
# quotes, spaced dashes.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+(?:['’][^\W_]+)*|[,:;!?\"“”‘’'()]|(?<!\S)[-–—]+(?!\S)|[–—]")
_TAG = re.compile(r"<[^>]*>")
_DOTTED = re.compile(r"\b((?:[A-Za-z]\.){2,})(?=[\s,;:'\"’”)\-]|$)")

PUNCTUATION = frozenset(",:;!?\"“”‘’'()-–—")

_cache: dict[str, tuple[str, str, str]] = {}
KEYS_CACHE = _cache  # read-only use: `KEYS_CACHE.get(word) or keys(word)` saves a call per word
_CACHE_LIMIT = 50_000


def clean(text: str) -> str:
    """Plain text from whatever ingestion left: tags dropped, entities decoded, "U.S." → "US"."""
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    if "." in text:
        text = _DOTTED.sub(lambda m: m.group(1).replace(".", ""), text)
    return " ".join(text.split())


def tokenize(sentence: str) -> list[str]:
    """The sentence's words and structuring punctuation, in order; hyphens split words."""
    return _TOKEN.findall(sentence)


def token_spans(sentence: str) -> Iterator[re.Match[str]]:
    """The tokens of `tokenize`, as matches with their place in the sentence."""
    return _TOKEN.finditer(sentence)


def keys(word: str) -> tuple[str, str, str]:
    """(fold, name key, stem key) of a word, cached."""
    found = _cache.get(word)
    if found is None:
        if len(_cache) >= _CACHE_LIMIT:
            _cache.clear()
        folded = fold(word)
        found = _cache[word] = (folded, name_key(folded), stem(folded))
    return found


def fold(word: str) -> str:
    """Case and accents folded, curly apostrophes straightened, possessive dropped."""
    folded = word.casefold().replace("’", "'")
    if not folded.isascii():
        folded = "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))
    if folded.endswith("'s"):
        return folded[:-2]
    if folded.endswith("'") and len(folded) > 1:
        return folded[:-1]
    return folded


def name_key(folded: str) -> str:
    """A transliteration skeleton: Zelenskyy/Zelenskiy/Zelensky, Kyiv/Kiev, Donbas/Donbass agree."""
    key = folded.replace("'", "").replace("y", "i").replace("ie", "i")
    return _undouble(key)


def stem(folded: str) -> str:
    """A light inflection stripper: strikes/struck/striking → strik, talks → talk, Donbass → donbas."""
    word = LEXICON.irregular.get(folded, folded)
    n = len(word)
    if n > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif n > 4 and word.endswith("ied"):
        word = word[:-3] + "y"
    elif n > 5 and word.endswith("ing"):
        word = word[:-3]
    elif n > 5 and word.endswith("eed"):
        word = word[:-1]  # "agreed", "guaranteed": the verb keeps its "ee" (agree, guarantee)
    elif n > 4 and word.endswith("ed"):
        word = word[:-2]
    elif n > 3 and word.endswith("s") and word[-2] not in "suia'":
        word = word[:-1]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return _undouble(word)


def _undouble(word: str) -> str:
    """Collapse doubled letters so spelling that doubles a consonant keys the same."""
    if len(word) < 3:
        return word
    out = [word[0]]
    for c in word[1:]:
        if c != out[-1]:
            out.append(c)
    return "".join(out)
