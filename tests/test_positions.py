"""The positions grid keeps each party's latest stance per issue and marks divergent cells."""

from datetime import UTC, datetime, timedelta

from feeds.model import Claim, ClaimRef, Divergence, Entry, Item, Reading
from feeds.positions import Positions

T0 = datetime(2022, 3, 29, 10, tzinfo=UTC)


def entry(item_id, minutes, kind, direction, party="russia", issues=("drawdown",)):
    claim = Claim(kind, party, None, direction, issues, f"text {item_id}")
    return Entry(Item(item_id, item_id, published=T0 + timedelta(minutes=minutes), source="Wire"),
                 Reading(item_id, (party,), issues, (claim,)))


def test_the_latest_claim_wins_whatever_the_arrival_order():
    positions = Positions()
    assert positions.add([entry("late", 60, "action", "escalate")]) == {("russia", "drawdown")}
    assert positions.add([entry("early", 0, "statement", "deescalate")]) == set()
    stance = positions.stances[("russia", "drawdown")]
    assert (stance.item_id, stance.kind, stance.direction) == ("late", "action", "escalate")


def test_each_issue_of_a_claim_gets_a_cell():
    positions = Positions()
    positions.add([entry("a", 0, "statement", "deescalate", issues=("neutrality", "security-guarantees"))])
    assert set(positions.stances) == {("russia", "neutrality"), ("russia", "security-guarantees")}


def test_divergences_mark_their_cell():
    positions = Positions()
    pledge, shelling = entry("p", 0, "statement", "deescalate"), entry("s", 60, "action", "escalate")
    divergence = Divergence("russia", "drawdown", ClaimRef(pledge.item, pledge.reading.claims[0]),
                            ClaimRef(shelling.item, shelling.reading.claims[0]), "split")
    assert positions.mark([divergence]) == {("russia", "drawdown")}
    assert ("russia", "drawdown") in positions.divergent
