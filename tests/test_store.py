"""The SQLite store, on real files: round trips, dedupe, migrations, and what survives a reopen."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from feeds.model import Claim, ClaimRef, Divergence, Entry, FeedState, Item, Reading
from feeds.store import MIGRATIONS, VERSION, Store, StoreError

T0 = datetime(2022, 3, 29, 10, 0, tzinfo=UTC)


def entry(item_id: str, title: str, *, link: str = "", feed: str = "https://a.example/rss", minutes: int = 0,
          parties=("russia",), issues=("drawdown",), claims=()) -> Entry:
    item = Item(item_id, title, "summary of " + title, T0 + timedelta(minutes=minutes), "Wire", link, feed, item_id)
    return Entry(item, Reading(item_id, tuple(parties), tuple(issues), tuple(claims)))


PLEDGE = Claim("statement", "russia", "russia", "deescalate", ("drawdown",), "Moscow will cut activity.")
SHELLING = Claim("action", "russia", None, "escalate", ("drawdown",), "Shelling went on overnight.")


@pytest.fixture
def store(tmp_path):
    opened = Store.open(tmp_path / "data" / "talkwatch.db")
    yield opened
    opened.close()


def test_entries_and_their_claims_round_trip_through_a_real_file(tmp_path):
    path = tmp_path / "t.db"
    store = Store.open(path)
    stored = entry("a", "Pledge to cut activity", claims=(PLEDGE,))
    assert store.add([stored]) == [stored]
    store.close()

    reopened = Store.open(path)
    assert reopened.recent() == [stored]
    assert reopened.for_party("russia") == [stored]
    assert reopened.for_issue("drawdown") == [stored]
    assert reopened.for_issue("sanctions") == []
    assert reopened.entry("a") == stored
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_newest_entries_come_first(store):
    store.add([entry("old", "Old", minutes=0), entry("new", "New", minutes=30), entry("mid", "Mid", minutes=10)])
    assert [e.item.id for e in store.recent()] == ["new", "mid", "old"]
    assert [e.item.id for e in store.recent(limit=1)] == ["new"]


def test_the_same_story_is_stored_once_by_id_link_or_words(store):
    store.add([entry("a", "Talks resume", link="https://news.example/story?utm_source=rss")])
    again = [
        entry("a", "Talks resume (updated)"),                                   # same id (feed + guid)
        entry("b", "Other title", link="https://NEWS.example/story/#top"),       # same link, tracking stripped
        entry("c", "Talks resume"),                                             # same words in the same feed
    ]
    assert store.fresh([e.item for e in again]) == []
    elsewhere = entry("d", "Talks resume", feed="https://b.example/rss")          # another outlet's copy
    assert store.fresh([elsewhere.item, elsewhere.item]) == [elsewhere.item]
    assert store.add([entry("a", "dup")]) == []
    assert store.count() == 1


def test_divergences_keep_both_halves_and_are_not_stored_twice(store):
    pledge = entry("p", "Pledge", claims=(PLEDGE,))
    shelling = entry("s", "Shelling", minutes=60, claims=(SHELLING,))
    divergence = Divergence("russia", "drawdown", ClaimRef(pledge.item, PLEDGE), ClaimRef(shelling.item, SHELLING),
                            "pledged to de-escalate, then escalated")
    store.add([pledge, shelling], [divergence])
    store.add([], [divergence])
    assert store.divergences() == [divergence]


def test_feed_state_survives_a_reopen(tmp_path):
    path = tmp_path / "t.db"
    state = FeedState("https://a.example/rss", etag='"abc"', last_modified="Tue, 29 Mar 2022 10:00:00 GMT",
                      body_hash="f00", last_ok=T0, last_error=None, failures=0, next_poll=T0 + timedelta(minutes=5),
                      ttl=600.0, status=200, bozo="document declared as us-ascii, parsed as utf-8")
    store = Store.open(path)
    store.save(state)
    store.save(FeedState("https://b.example/rss", last_error="HTTP 503", failures=3))
    store.close()
    reopened = Store.open(path)
    assert reopened.load(state.url) == state
    assert reopened.load("https://nowhere.example/") is None
    assert [s.failures for s in reopened.feed_states()] == [0, 3]


def test_an_alert_is_sent_once_even_across_a_restart(tmp_path):
    path = tmp_path / "t.db"
    store = Store.open(path)
    assert store.claim_alert("item:a", "Ceasefire agreed") is True
    assert store.claim_alert("item:a", "Ceasefire agreed") is False
    store.close()
    assert Store.open(path).claim_alert("item:a", "Ceasefire agreed") is False


def test_unprinted_entries_are_kept_for_the_next_poll(store):
    store.add([entry("a", "A"), entry("b", "B", minutes=1)])
    store.mark_printed(["a"])
    items, _ = store.unprinted()
    assert [e.item.id for e in items] == ["b"]


def test_a_version_one_file_is_upgraded_forward_and_keeps_its_items(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite3.connect(path, isolation_level=None)
    MIGRATIONS[0](db)
    db.execute("PRAGMA user_version = 1")
    db.execute(
        "INSERT INTO items VALUES ('a', 'f', 'g', '', '', 'k', 'Old title', '', 'Wire', NULL, ?, '[]', '[]')",
        (T0.isoformat(),),
    )
    db.close()

    store = Store.open(path)
    assert store.schema_version == VERSION
    assert [e.item.title for e in store.recent()] == ["Old title"]
    assert store.unprinted() == ([], [])        # what an older version stored counts as already printed
    assert store.claim_alert("k", "works") is True


def test_a_store_from_a_newer_talkwatch_is_refused_clearly(tmp_path):
    path = tmp_path / "new.db"
    sqlite3.connect(path).execute(f"PRAGMA user_version = {VERSION + 1}")
    with pytest.raises(StoreError, match="newer talkwatch"):
        Store.open(path)


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open the store"):
        Store.open(path)


def test_settings_are_remembered(store):
    assert store.setting("alerts.issues") is None
    store.set_setting("alerts.issues", "ceasefire,drawdown")
    assert store.setting("alerts.issues") == "ceasefire,drawdown"


def _alert(key: str, title: str = "t"):
    from feeds.alerts import Alert

    return Alert(key, "reason", title, "Wire", "", key.rsplit(":", 1)[-1])


def test_alerts_are_claimed_with_their_items_in_one_transaction_and_only_new_ones_return(tmp_path):
    path = tmp_path / "t.db"
    store = Store.open(path)
    store.claim_alert("item:old", "sent before")
    seen: list[list[str]] = []

    def alerts(added):
        seen.append([e.item.id for e in added])
        return [_alert("item:a"), _alert("item:old"), _alert("item:b"), _alert("item:a", "again")]

    added, claimed = store.add_batch([entry("a", "A"), entry("b", "B", minutes=1)], alerts=alerts)
    assert [e.item.id for e in added] == ["a", "b"] and seen == [["a", "b"]]   # handed only the new entries
    assert [(a.key, a.title) for a in claimed] == [("item:a", "t"), ("item:b", "t")]   # the first of a key counts
    store.close()

    reopened = Store.open(path)
    added, claimed = reopened.add_batch([entry("c", "C", minutes=2)], alerts=lambda new: [_alert("item:b"), _alert("item:c")])
    assert [a.key for a in claimed] == ["item:c"]            # the ledger survives a restart
    assert reopened.claim_alert("item:a", "x") is False


def test_a_batch_whose_alerts_fail_leaves_neither_items_nor_claims(store):
    def broken(added):
        yield _alert("item:a")
        raise RuntimeError("rules broke half way")

    with pytest.raises(RuntimeError):
        store.add_batch([entry("a", "A")], alerts=broken)
    assert store.count() == 0
    assert store.claim_alert("item:a", "now") is True        # nothing of the failed batch was claimed


def test_many_divergences_come_back_with_both_halves(store):
    pledges = [entry(f"p{n}", f"Pledge {n}", minutes=n, claims=(PLEDGE,)) for n in range(30)]
    deeds = [entry(f"s{n}", f"Shelling {n}", minutes=100 + n, claims=(SHELLING,)) for n in range(30)]
    divergences = [Divergence("russia", "drawdown", ClaimRef(p.item, PLEDGE), ClaimRef(d.item, SHELLING), "r")
                   for p, d in zip(pledges, deeds)] + [
        Divergence("russia", "drawdown", ClaimRef(pledges[0].item, PLEDGE), ClaimRef(deeds[-1].item, SHELLING), "r")]
    store.add([*pledges, *deeds], divergences)
    assert sorted(store.divergences(1000), key=divergence_key) == sorted(divergences, key=divergence_key)
    assert len(store.divergences(5)) == 5
    _, unprinted = store.unprinted()
    assert sorted(unprinted, key=divergence_key) == sorted(divergences, key=divergence_key)


def divergence_key(divergence: Divergence) -> tuple[str, str]:
    return divergence.statement.item.id, divergence.action.item.id


def test_fresh_looks_up_a_whole_batch_and_still_dedupes_within_it(store):
    store.add([entry("a", "Talks resume", link="https://news.example/a")])
    batch = [entry("a", "Other words").item,                                      # same id
             entry("x", "New", link="http://news.example/a/?utm_source=rss").item,  # same link, spelt otherwise
             entry("y", "Talks resume").item,                                     # same words, same feed
             entry("z", "Fresh one", link="https://news.example/z").item,
             entry("z2", "Fresh one again", link="https://news.example/z").item,  # repeats z within the batch
             entry("w", "Fresh two").item]
    assert [i.id for i in store.fresh(batch)] == ["z", "w"]
    assert store.fresh([]) == []
