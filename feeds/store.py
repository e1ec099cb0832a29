"""The SQLite store: items with their readings, divergences, feed state and the alert ledger.

One writer (the engine), WAL so readers never block it, short transactions, and a schema
that upgrades itself forward with PRAGMA user_version.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol, TypeVar

from feeds.identity import content_key, normalise_link
from feeds.model import Claim, ClaimRef, Divergence, Entry, FeedState, Item, Reading


class _Claimable(Protocol):
    """What the alert ledger keeps of an alert (feeds.alerts.Alert)."""

    @property
    def key(self) -> str: ...

    @property
    def title(self) -> str: ...


_Alert = TypeVar("_Alert", bound=_Claimable)


class StoreError(Exception):
    """The store cannot be opened or used (locked, corrupt, or from a newer talkwatch)."""


def _run(db: sqlite3.Connection, script: str) -> None:
    """Run statements one by one: executescript() would commit the migration's transaction."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _create_v1(db: sqlite3.Connection) -> None:
    _run(db, 
        """
        CREATE TABLE items (
            id TEXT PRIMARY KEY,
            feed TEXT NOT NULL,
            guid TEXT NOT NULL,
            link TEXT NOT NULL,
            link_key TEXT NOT NULL,
            content_key TEXT NOT NULL,
            title TEXT NOT NULL,
            summary TEXT NOT NULL,
            source TEXT NOT NULL,
            published TEXT,
            seen_at TEXT NOT NULL,
            parties TEXT NOT NULL,
            issues TEXT NOT NULL
        );
        CREATE UNIQUE INDEX items_link ON items(link_key) WHERE link_key != '';
        CREATE UNIQUE INDEX items_content ON items(content_key);
        CREATE INDEX items_time ON items(coalesce(published, seen_at));
        CREATE TABLE item_parties (item_id TEXT NOT NULL, party TEXT NOT NULL, PRIMARY KEY (party, item_id))
            WITHOUT ROWID;
        CREATE TABLE item_issues (item_id TEXT NOT NULL, issue TEXT NOT NULL, PRIMARY KEY (issue, item_id))
            WITHOUT ROWID;
        CREATE TABLE claims (
            item_id TEXT NOT NULL REFERENCES items(id),
            position INTEGER NOT NULL,
            kind TEXT NOT NULL,
            party TEXT NOT NULL,
            speaker TEXT,
            direction TEXT NOT NULL,
            issues TEXT NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (item_id, position)
        );
        CREATE TABLE divergences (
            id TEXT PRIMARY KEY,
            party TEXT NOT NULL,
            issue TEXT NOT NULL,
            statement_item TEXT NOT NULL REFERENCES items(id),
            statement_text TEXT NOT NULL,
            action_item TEXT NOT NULL REFERENCES items(id),
            action_text TEXT NOT NULL,
            reason TEXT NOT NULL,
            found_at TEXT NOT NULL
        );
        CREATE TABLE feed_state (
            url TEXT PRIMARY KEY,
            etag TEXT,
            last_modified TEXT,
            body_hash TEXT,
            last_ok TEXT,
            last_error TEXT,
            failures INTEGER NOT NULL DEFAULT 0,
            next_poll TEXT,
            ttl REAL
        );
        """
    )


def _add_delivery_v2(db: sqlite3.Connection) -> None:
    """v2: remember what was printed (poll's never-miss promise), alerts sent, and user settings."""
    _run(db, 
        """
        ALTER TABLE items ADD COLUMN printed INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE divergences ADD COLUMN printed INTEGER NOT NULL DEFAULT 0;
        UPDATE items SET printed = 1;
        UPDATE divergences SET printed = 1;
        CREATE INDEX items_unprinted ON items(printed) WHERE printed = 0;
        CREATE TABLE alerts_sent (key TEXT PRIMARY KEY, sent_at TEXT NOT NULL, summary TEXT NOT NULL);
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """
    )


def _add_feed_diagnosis_v3(db: sqlite3.Connection) -> None:
    """v3: a feed's last HTTP status and what the parser disliked, for the feed-health view."""
    _run(db, """
        ALTER TABLE feed_state ADD COLUMN status INTEGER;
        ALTER TABLE feed_state ADD COLUMN bozo TEXT
    """)


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    0: _create_v1, 1: _add_delivery_v2, 2: _add_feed_diagnosis_v3,
}
VERSION = len(MIGRATIONS)


WAL_CHECKPOINT_PAGES = 10_000
"""Pages of WAL (4 KiB each) that trigger a checkpoint; see Store.open."""

WAL_KEEP_BYTES = 4 * 1024 * 1024
"""After a checkpoint the WAL file is cut back to this, so a burst does not leave 40 MB on disk."""


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment is not None else None


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def divergence_id(divergence: Divergence) -> str:
    """A divergence is the same one whenever the same two items meet on the same party and issue."""
    return "|".join((divergence.party, divergence.issue, divergence.statement.item.id, divergence.action.item.id))


class Store:
    """Everything talkwatch keeps between runs, in one SQLite file."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self._lock = threading.RLock()
        self.path = path

    @classmethod
    def open(cls, path: str | Path) -> Store:
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            # Checkpoint every ~40 MB of WAL, not SQLite's 4 MB: each checkpoint costs two fsyncs
            # on the writer's thread, and a cold poll of 200 feeds writes ~300 MB of WAL (every
            # batch rewrites index pages), which at 4 MB made 2.5 s of its 5 s of SQLite time fsync.
            connection.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_PAGES}")
            connection.execute(f"PRAGMA journal_size_limit={WAL_KEEP_BYTES}")
            connection.execute("PRAGMA foreign_keys=ON")
            store = cls(connection, path)
            store._migrate()
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{path}: cannot open the store: {error}") from None
        return store

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > VERSION:
            raise StoreError(
                f"{self.path}: the store is from a newer talkwatch (schema {version}, this one knows {VERSION})"
            )
        while version < VERSION:
            with self._transaction():
                MIGRATIONS[version](self._db)
                version += 1
                self._db.execute(f"PRAGMA user_version = {version}")

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _query(self, sql: str, params: Sequence[object] = ()) -> list[sqlite3.Row]:
        with self._lock:
            cursor = self._db.execute(sql, params)
            cursor.row_factory = sqlite3.Row
            return cursor.fetchall()

    @property
    def schema_version(self) -> int:
        return self._query("PRAGMA user_version")[0][0]

    # --- feed state -------------------------------------------------------------------------

    def load(self, url: str) -> FeedState | None:
        rows = self._query("SELECT * FROM feed_state WHERE url = ?", (url,))
        return self._feed_state(rows[0]) if rows else None

    def save(self, state: FeedState) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO feed_state (url, etag, last_modified, body_hash, last_ok, last_error,"
                " failures, next_poll, ttl, status, bozo) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (state.url, state.etag, state.last_modified, state.body_hash, _iso(state.last_ok),
                 state.last_error, state.failures, _iso(state.next_poll), state.ttl, state.status, state.bozo),
            )

    def feed_states(self) -> list[FeedState]:
        return [self._feed_state(row) for row in self._query("SELECT * FROM feed_state ORDER BY url")]

    @staticmethod
    def _feed_state(row: sqlite3.Row) -> FeedState:
        return FeedState(
            url=row["url"], etag=row["etag"], last_modified=row["last_modified"], body_hash=row["body_hash"],
            last_ok=_moment(row["last_ok"]), last_error=row["last_error"], failures=row["failures"],
            next_poll=_moment(row["next_poll"]), ttl=row["ttl"], status=row["status"], bozo=row["bozo"],
        )

    # --- items ------------------------------------------------------------------------------

    def fresh(self, items: Iterable[Item]) -> list[Item]:
        """The items not stored yet: new id, new link and new words (also within this batch)."""
        keyed = [(item, normalise_link(item.link), content_key(item)) for item in items]
        # What is stored already, asked for the whole batch at once (three indexed look-ups per
        # 500 items), then the batch is walked in order as before.
        seen_ids = self._stored("id", list({item.id for item, _, _ in keyed}))
        seen_links = self._stored("link_key", list({link for _, link, _ in keyed if link}))
        seen_content = self._stored("content_key", list({content for _, _, content in keyed}))
        fresh: list[Item] = []
        for item, link, content in keyed:
            if item.id in seen_ids or (link and link in seen_links) or content in seen_content:
                continue
            seen_ids.add(item.id)
            seen_content.add(content)
            if link:
                seen_links.add(link)
            fresh.append(item)
        return fresh

    def _stored(self, column: str, values: list[str]) -> set[str]:
        """Those of `values` found in the items' `column` (an indexed one)."""
        found: set[str] = set()
        for start in range(0, len(values), 500):
            chunk = values[start:start + 500]
            marks = ",".join("?" * len(chunk))
            partial = " AND link_key != ''" if column == "link_key" else ""  # so items_link, a partial index, is used
            found.update(row[0] for row in self._query(
                f"SELECT {column} FROM items WHERE {column} IN ({marks}){partial}", chunk))
        return found

    def add(self, entries: Sequence[Entry], divergences: Sequence[Divergence] = (),
            seen_at: datetime | None = None) -> list[Entry]:
        """Store entries and divergences in one transaction; return the entries that were new."""
        return self.add_batch(entries, divergences, seen_at=seen_at)[0]

    def add_batch(self, entries: Sequence[Entry], divergences: Sequence[Divergence] = (),
                  alerts: Callable[[list[Entry]], Iterable[_Alert]] | None = None,
                  seen_at: datetime | None = None) -> tuple[list[Entry], list[_Alert]]:
        """Store entries, divergences and the claims on their alerts, all in one transaction.

        `alerts` is handed the entries that were new and says which alerts they and the
        divergences raise. Returned: the new entries, and those alerts never claimed before
        (also before a restart), each key once. One transaction for the lot: a burst of news
        costs one commit, not one per alert, and a crash leaves all of it or none.
        """
        seen = _iso(seen_at or datetime.now(UTC))
        added: list[Entry] = []
        parties: list[tuple[str, str]] = []
        issues: list[tuple[str, str]] = []
        claims: list[tuple[object, ...]] = []
        claimed: list[_Alert] = []
        with self._transaction() as db:
            for entry in entries:
                item, reading = entry.item, entry.reading
                cursor = db.execute(
                    "INSERT OR IGNORE INTO items (id, feed, guid, link, link_key, content_key, title, summary,"
                    " source, published, seen_at, parties, issues) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (item.id, item.feed, item.guid, item.link, normalise_link(item.link), content_key(item),
                     item.title, item.summary, item.source, _iso(item.published), seen,
                     json.dumps(reading.parties), json.dumps(reading.issues)),
                )
                if cursor.rowcount == 0:
                    continue
                added.append(entry)
                parties += [(item.id, p) for p in reading.parties]
                issues += [(item.id, i) for i in reading.issues]
                claims += [(item.id, n, c.kind, c.party, c.speaker, c.direction, json.dumps(c.issues), c.text)
                           for n, c in enumerate(reading.claims)]
            db.executemany("INSERT INTO item_parties VALUES (?, ?)", parties)
            db.executemany("INSERT INTO item_issues VALUES (?, ?)", issues)
            db.executemany("INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?)", claims)
            db.executemany(
                "INSERT OR IGNORE INTO divergences (id, party, issue, statement_item, statement_text,"
                " action_item, action_text, reason, found_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(divergence_id(d), d.party, d.issue, d.statement.item.id, d.statement.claim.text,
                  d.action.item.id, d.action.claim.text, d.reason, seen) for d in divergences],
            )
            if alerts is not None:
                claimed = self._claim(db, alerts(added), seen)
        return added, claimed

    @staticmethod
    def _claim(db: sqlite3.Connection, alerts: Iterable[_Alert], at: str | None) -> list[_Alert]:
        """Inside a transaction: the alerts whose key is not in the ledger yet, now put there."""
        wanted: dict[str, _Alert] = {}
        for alert in alerts:
            wanted.setdefault(alert.key, alert)  # a key twice in one batch: the first one counts
        keys = list(wanted)
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for (key,) in db.execute(f"SELECT key FROM alerts_sent WHERE key IN ({marks})", chunk):
                del wanted[key]
        db.executemany("INSERT INTO alerts_sent VALUES (?, ?, ?)", [(a.key, at, a.title) for a in wanted.values()])
        return list(wanted.values())

    def _entries(self, where: str, params: Sequence[object], limit: int) -> list[Entry]:
        rows = self._query(
            f"SELECT * FROM items {where} ORDER BY coalesce(published, seen_at) DESC, rowid DESC LIMIT ?",
            (*params, limit),
        )
        return self._with_claims(rows)

    def _with_claims(self, rows: Sequence[sqlite3.Row]) -> list[Entry]:
        ids = [row["id"] for row in rows]
        claims: dict[str, list[Claim]] = {item_id: [] for item_id in ids}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for claim in self._query(
                f"SELECT * FROM claims WHERE item_id IN ({marks}) ORDER BY item_id, position", chunk
            ):
                claims[claim["item_id"]].append(
                    Claim(claim["kind"], claim["party"], claim["speaker"], claim["direction"],
                          tuple(json.loads(claim["issues"])), claim["text"])
                )
        return [
            Entry(
                Item(row["id"], row["title"], row["summary"], _moment(row["published"]), row["source"],
                     row["link"], row["feed"], row["guid"]),
                Reading(row["id"], tuple(json.loads(row["parties"])), tuple(json.loads(row["issues"])),
                        tuple(claims[row["id"]])),
            )
            for row in rows
        ]

    def recent(self, limit: int = 500) -> list[Entry]:
        """The newest entries, newest first."""
        return self._entries("", (), limit)

    def for_party(self, party: str, limit: int = 500) -> list[Entry]:
        return self._entries("WHERE id IN (SELECT item_id FROM item_parties WHERE party = ?)", (party,), limit)

    def for_issue(self, issue: str, limit: int = 500) -> list[Entry]:
        return self._entries("WHERE id IN (SELECT item_id FROM item_issues WHERE issue = ?)", (issue,), limit)

    def entry(self, item_id: str) -> Entry | None:
        found = self._entries("WHERE id = ?", (item_id,), 1)
        return found[0] if found else None

    def since(self, moment: datetime) -> list[Entry]:
        """Entries published (or seen) since a moment, oldest first: to warm the divergence ledger."""
        rows = self._query(
            "SELECT * FROM items WHERE coalesce(published, seen_at) >= ? AND issues != '[]'"
            " ORDER BY coalesce(published, seen_at), rowid",
            (_iso(moment),),
        )
        return self._with_claims(rows)

    def latest_time(self) -> datetime | None:
        """The newest item's time: the divergence window is measured from the news, not the clock."""
        return _moment(self._query("SELECT max(coalesce(published, seen_at)) FROM items")[0][0])

    def count(self) -> int:
        return self._query("SELECT count(*) FROM items")[0][0]

    # --- divergences ------------------------------------------------------------------------

    def divergences(self, limit: int = 200) -> list[Divergence]:
        """The newest divergences, each with both of its items."""
        rows = self._query("SELECT * FROM divergences ORDER BY found_at DESC, rowid DESC LIMIT ?", (limit,))
        return self._divergences(rows)

    def _divergences(self, rows: Sequence[sqlite3.Row]) -> list[Divergence]:
        """Divergence rows with both halves' items, fetched together (not two queries per divergence)."""
        ids = list(dict.fromkeys(i for row in rows for i in (row["statement_item"], row["action_item"])))
        items: list[sqlite3.Row] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            items += self._query(f"SELECT * FROM items WHERE id IN ({','.join('?' * len(chunk))})", chunk)
        entries = {entry.item.id: entry for entry in self._with_claims(items)}
        return [self._divergence(row, entries) for row in rows]

    def _divergence(self, row: sqlite3.Row, entries: dict[str, Entry]) -> Divergence:
        statement, action = entries.get(row["statement_item"]), entries.get(row["action_item"])
        assert statement is not None and action is not None, "divergences reference stored items"
        return Divergence(
            row["party"], row["issue"],
            ClaimRef(statement.item, self._claim_with_text(statement, row["statement_text"])),
            ClaimRef(action.item, self._claim_with_text(action, row["action_text"])),
            row["reason"],
        )

    @staticmethod
    def _claim_with_text(entry: Entry, text: str) -> Claim:
        return next(c for c in entry.reading.claims if c.text == text)

    # --- delivery: what poll printed, alerts sent, settings ---------------------------------

    def unprinted(self) -> tuple[list[Entry], list[Divergence]]:
        """What was stored but never printed (a crash between the two): poll prints it on its next run."""
        items = self._with_claims(self._query("SELECT * FROM items WHERE printed = 0 ORDER BY rowid"))
        divergences = self._divergences(self._query("SELECT * FROM divergences WHERE printed = 0 ORDER BY rowid"))
        return items, divergences

    def mark_printed(self, item_ids: Iterable[str], divergences: Iterable[Divergence] = ()) -> None:
        with self._transaction() as db:
            db.executemany("UPDATE items SET printed = 1 WHERE id = ?", [(i,) for i in item_ids])
            db.executemany("UPDATE divergences SET printed = 1 WHERE id = ?",
                           [(divergence_id(d),) for d in divergences])

    def mark_all_printed(self) -> None:
        """The dashboard shows everything it stores; only `poll` relies on the printed flag."""
        with self._transaction() as db:
            db.execute("UPDATE items SET printed = 1 WHERE printed = 0")
            db.execute("UPDATE divergences SET printed = 1 WHERE printed = 0")

    def claim_alert(self, key: str, summary: str, at: datetime | None = None) -> bool:
        """Record an alert as sent; False when it was sent before (also before a restart)."""
        with self._transaction() as db:
            cursor = db.execute("INSERT OR IGNORE INTO alerts_sent VALUES (?, ?, ?)",
                                (key, _iso(at or datetime.now(UTC)), summary))
            return cursor.rowcount == 1

    def setting(self, key: str, default: str | None = None) -> str | None:
        rows = self._query("SELECT value FROM settings WHERE key = ?", (key,))
        return rows[0][0] if rows else default

    def set_setting(self, key: str, value: str) -> None:
        with self._transaction() as db:
            db.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (key, value))
