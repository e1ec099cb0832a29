"""The filter language: what each form selects, and a clear error for each malformed filter."""

from __future__ import annotations

import pytest

from feeds.model import Claim, Entry, Item, Reading
from feeds.query import FilterError, compile_filter


def make(item_id, title, summary="", source="Wire Desk", parties=(), issues=(), claims=()):
    return Entry(Item(item_id, title, summary, None, source), Reading(item_id, parties, issues, claims))


ENTRIES = [
    make("pledge", "Moscow to pull back near the capital", parties=("russia",), issues=("drawdown",),
         claims=(Claim("statement", "russia", "russia", "deescalate", ("drawdown",), "..."),)),
    make("shelling", "Shelling goes on overnight", "Strikes continue despite the pledge.", source="Capital Courier",
         parties=("russia",), issues=("drawdown",),
         claims=(Claim("action", "russia", None, "escalate", ("drawdown",), "..."),)),
    make("truce", "Ceasefire talks resume in Istanbul", parties=("ukraine", "turkey"), issues=("ceasefire",)),
    make("mule", "The perfect Moscow Mule", source="Food Weekly"),
]


def selected(text):
    predicate = compile_filter(text)
    return [e.item.id for e in ENTRIES if predicate is None or predicate(e)]


@pytest.mark.parametrize(("text", "expected"), [
    ("", ["pledge", "shelling", "truce", "mule"]),
    ("moscow", ["pledge", "mule"]),
    ("MOSCOW", ["pledge", "mule"]),
    ("pledge", ["shelling"]),                                   # summaries count
    ("pull", ["pledge"]),
    ("pul", []),                                                # whole words, not substrings
    ('"pull back"', ["pledge"]),
    ('"back pull"', []),
    ("moscow pull", ["pledge"]),                                # implicit AND
    ("moscow AND NOT pull", ["mule"]),
    ("ceasefire OR shelling", ["shelling", "truce"]),
    ("moscow OR ceasefire AND istanbul", ["pledge", "truce", "mule"]),   # AND binds tighter than OR
    ("(moscow OR ceasefire) AND istanbul", ["truce"]),
    ("party:russia", ["pledge", "shelling"]),
    ("party:RUSSIA NOT kind:action", ["pledge"]),
    ("issue:drawdown direction:escalate", ["shelling"]),
    ("kind:statement", ["pledge"]),
    ('source:"capital courier"', ["shelling"]),
    ("source:food", ["mule"]),
    ("not moscow and not ceasefire", ["shelling"]),
])
def test_each_form_selects_what_a_user_expects(text, expected):
    assert selected(text) == expected


@pytest.mark.parametrize(("text", "message"), [
    ('"pull back', "unclosed quote at 1"),
    ("(moscow OR kyiv", '"(" at 1 is never closed'),
    ("moscow)", 'unexpected ")" at 7'),
    ("moscow AND", "ends where a word"),
    ("NOT", "ends where a word"),
    ("OR moscow", 'unexpected "OR" at 1'),
    ("country:russia", 'unknown field "country:"'),
    ("party:", '"party:" at 1 needs a value'),
])
def test_a_malformed_filter_says_what_is_wrong_and_where(text, message):
    with pytest.raises(FilterError, match=message.replace("(", r"\(").replace(")", r"\)")):
        compile_filter(text)
