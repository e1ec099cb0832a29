"""The say/do ledger: opposite directions pair once, in either order, within the window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from feeds.divergences import DivergenceLedger
from feeds.model import Claim, Item, Reading

T0 = datetime(2022, 3, 29, 12, 0, tzinfo=UTC)


def _item(item_id: str, hours: float | None, kind: str, direction: str, party: str = "russia",
          issues: tuple[str, ...] = ("drawdown",)) -> tuple[Item, Reading]:
    published = None if hours is None else T0 + timedelta(hours=hours)
    item = Item(item_id, f"{item_id} headline", published=published)
    claim = Claim(kind, party, None, direction, issues, f"{item_id} headline")  # type: ignore[arg-type]
    return item, Reading(item_id, (party,), issues, (claim,))


def test_statement_then_contrary_action_is_one_divergence_with_both_halves() -> None:
    ledger = DivergenceLedger(timedelta(days=7))
    assert ledger.add(*_item("pledge", 0, "statement", "deescalate")) == []
    [divergence] = ledger.add(*_item("shelling", 14, "action", "escalate"))
    assert (divergence.party, divergence.issue) == ("russia", "drawdown")
    assert divergence.statement.item.id == "pledge" and divergence.action.item.id == "shelling"
    assert divergence.statement.claim.kind == "statement" and divergence.action.claim.kind == "action"
    assert "russia" in divergence.reason and "drawdown" in divergence.reason and "14 h" in divergence.reason


def test_action_first_then_contrary_statement_also_diverges() -> None:
    ledger = DivergenceLedger(timedelta(days=7))
    assert ledger.add(*_item("shelling", 0, "action", "escalate")) == []
    [divergence] = ledger.add(*_item("denial", 3, "statement", "deescalate"))
    assert divergence.statement.item.id == "denial" and divergence.action.item.id == "shelling"


def test_a_kept_promise_is_not_a_divergence() -> None:
    ledger = DivergenceLedger(timedelta(days=7))
    ledger.add(*_item("swap-agreed", 0, "statement", "deescalate", issues=("prisoners",)))
    assert ledger.add(*_item("swap-done", 24, "action", "deescalate", issues=("prisoners",))) == []


def test_other_party_other_issue_and_neutral_claims_do_not_pair() -> None:
    ledger = DivergenceLedger(timedelta(days=7))
    ledger.add(*_item("pledge", 0, "statement", "deescalate"))
    assert ledger.add(*_item("ukraine-strike", 1, "action", "escalate", party="ukraine")) == []
    assert ledger.add(*_item("other-issue", 2, "action", "escalate", issues=("crimea",))) == []
    assert ledger.add(*_item("regrouping", 3, "action", "neutral")) == []


def test_a_pair_is_never_emitted_twice() -> None:
    ledger = DivergenceLedger(timedelta(days=7))
    pledge, shelling = _item("pledge", 0, "statement", "deescalate"), _item("shelling", 5, "action", "escalate")
    ledger.add(*pledge)
    assert len(ledger.add(*shelling)) == 1
    assert ledger.add(*shelling) == []
    assert ledger.add(*pledge) == []


def test_two_issues_of_one_item_pair_yield_one_divergence() -> None:
    ledger = DivergenceLedger(timedelta(days=7))
    ledger.add(*_item("pledge", 0, "statement", "deescalate", issues=("drawdown", "ceasefire")))
    assert len(ledger.add(*_item("shelling", 5, "action", "escalate", issues=("drawdown", "ceasefire")))) == 1


def test_one_statement_pairs_with_each_later_contrary_action() -> None:
    ledger = DivergenceLedger(timedelta(days=7))
    ledger.add(*_item("pledge", 0, "statement", "deescalate"))
    assert len(ledger.add(*_item("shelling-1", 5, "action", "escalate"))) == 1
    assert len(ledger.add(*_item("shelling-2", 30, "action", "escalate"))) == 1


def test_claims_older_than_the_window_are_forgotten() -> None:
    ledger = DivergenceLedger(timedelta(days=7))
    ledger.add(*_item("pledge", 0, "statement", "deescalate"))
    assert ledger.add(*_item("late-shelling", 24 * 8, "action", "escalate")) == []
    assert ledger.add(*_item("backdated-shelling", 1, "action", "escalate")) == []


def test_an_item_without_a_time_counts_from_the_latest_time_seen() -> None:
    ledger = DivergenceLedger(timedelta(days=1))
    ledger.add(*_item("pledge", 0, "statement", "deescalate"))
    ledger.add(*_item("later-news", 47, "action", "neutral"))
    assert ledger.add(*_item("undated-shelling", None, "action", "escalate")) == []
    ledger.add(*_item("undated-pledge", None, "statement", "deescalate", issues=("crimea",)))
    assert len(ledger.add(*_item("crimea-strike", 50, "action", "escalate", issues=("crimea",)))) == 1


def test_naive_and_aware_times_mix() -> None:
    ledger = DivergenceLedger(timedelta(days=7))
    item, reading = _item("pledge", 0, "statement", "deescalate")
    ledger.add(Item(item.id, item.title, published=T0.replace(tzinfo=None)), reading)
    assert len(ledger.add(*_item("shelling", 2, "action", "escalate"))) == 1


def test_two_parties_pairing_across_the_same_two_items_each_get_their_divergence() -> None:
    ledger = DivergenceLedger(timedelta(days=7))
    t = T0
    pledge = Item("truce", "truce", published=t)
    both = Reading("truce", ("armenia", "azerbaijan"), ("ceasefire",), tuple(
        Claim("statement", p, None, "deescalate", ("ceasefire",), "truce") for p in ("armenia", "azerbaijan")  # type: ignore[arg-type]
    ))
    ledger.add(pledge, both)
    breach = Item("breach", "breach", published=t + timedelta(hours=3))
    shelling = Reading("breach", ("armenia", "azerbaijan"), ("ceasefire",), tuple(
        Claim("action", p, None, "escalate", ("ceasefire",), "breach") for p in ("azerbaijan", "armenia")  # type: ignore[arg-type]
    ))
    found = ledger.add(breach, shelling)
    assert sorted(d.party for d in found) == ["armenia", "azerbaijan"]


def test_a_claim_pairs_only_with_the_latest_two_contrary_claims() -> None:
    ledger = DivergenceLedger(timedelta(days=7))
    for n in range(4):
        ledger.add(*_item(f"pledge-{n}", n, "statement", "deescalate"))
    found = ledger.add(*_item("shelling", 10, "action", "escalate"))
    assert [d.statement.item.id for d in found] == ["pledge-3", "pledge-2"]


def test_a_statement_after_the_deed_answers_it_only_while_it_is_fresh() -> None:
    ledger = DivergenceLedger(timedelta(days=7))
    ledger.add(*_item("shelling", 0, "action", "escalate"))
    assert len(ledger.add(*_item("denial", 6, "statement", "deescalate"))) == 1  # a denial the same day
    assert ledger.add(*_item("truce-next-week", 60, "statement", "deescalate")) == []  # a new pledge, not an answer
    found = ledger.add(*_item("breach", 70, "action", "escalate"))  # which the next deed breaks
    assert "truce-next-week" in [d.statement.item.id for d in found]
