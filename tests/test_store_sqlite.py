"""SQLiteStore passes the conformance kit, versions its schema, and works in a host transaction."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, timedelta, timezone
from pathlib import Path

import pytest

from _store_support import AT, SHORT_RUN, draft, rolled_back
from threadkit import (
    Action,
    Author,
    CommentDraft,
    CommentNotFound,
    Finding,
    ParentNotFound,
    SchemaVersionError,
    Status,
    StoreError,
    Verdict,
)
from threadkit.store._sqlite import SQLiteStore
from threadkit.store._sqlschema import SCHEMA_VERSION
from threadkit.testing._store_kit import StoreConformance


def stored_rows(path: str) -> int:
    """How many comment rows the database file holds, read past the store."""
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM comments").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLiteStore]:
    """One database file for the module's kit runs (it fills up with every test's data)."""
    store = SQLiteStore(tmp_path_factory.mktemp("sqlite") / "comments.db")
    yield store
    store.close()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    """A fresh store in its own file."""
    with SQLiteStore(tmp_path / "fresh.db") as fresh:
        yield fresh


class TestSQLiteStore(StoreConformance):
    """The kit against a file database shared by every test (and so full of other data)."""

    @pytest.fixture
    def store(self, shared_store: SQLiteStore) -> SQLiteStore:
        """The module's shared store."""
        return shared_store


class TestSQLiteStoreInMemory(StoreConformance):
    """The kit against ``:memory:``, whose single connection is shared under a lock."""

    stateful_settings = SHORT_RUN

    @pytest.fixture
    def store(self) -> Iterator[SQLiteStore]:
        """A private in-memory database."""
        with SQLiteStore(":memory:") as memory:
            yield memory


class TestSQLiteStoreInHostTransaction(StoreConformance):
    """The kit through ``using()`` on the host's connection, inside one transaction it rolls
    back at the end: everything the kit wrote disappears."""

    thread_safe = False
    stateful_settings = SHORT_RUN

    @pytest.fixture
    def store(self, shared_store: SQLiteStore) -> Iterator[SQLiteStore]:
        """The shared store bound to a host connection with an open (legacy) transaction."""
        conn = sqlite3.connect(shared_store.path, timeout=30)
        yield from rolled_back(shared_store, conn, lambda: stored_rows(shared_store.path))


def test_wal_mode_busy_timeout_and_foreign_keys(store: SQLiteStore) -> None:
    """The file is in WAL mode and pooled connections wait on a busy database."""
    conn = sqlite3.connect(store.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    pooled = store._runner._acquire()  # type: ignore[attr-defined]
    try:
        assert pooled.execute("PRAGMA busy_timeout").fetchone()[0] == 30_000
        assert pooled.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert pooled.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    finally:
        store._runner._release(pooled, True)  # type: ignore[attr-defined]


def test_schema_version_is_recorded(store: SQLiteStore) -> None:
    """A new database records the current schema version; migrating again is a no-op."""
    assert store.schema_version() == SCHEMA_VERSION
    kept = store.add(draft())
    assert store.migrate() == SCHEMA_VERSION
    assert store.get(kept.id) == kept
    conn = sqlite3.connect(store.path)
    rows = conn.execute("SELECT version, description FROM threadkit_migrations").fetchall()
    conn.close()
    assert [r[0] for r in rows] == [SCHEMA_VERSION]


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    """A database written by a newer threadkit raises SchemaVersionError and is not touched."""
    path = tmp_path / "newer.db"
    SQLiteStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO threadkit_migrations VALUES (?, 'from the future', '2030-01-01 00:00:00')",
        (SCHEMA_VERSION + 1,),
    )
    conn.commit()
    conn.close()
    for create in (True, False):
        with pytest.raises(SchemaVersionError) as caught:
            SQLiteStore(path, create=create)
        assert (caught.value.found, caught.value.supported) == (SCHEMA_VERSION + 1, SCHEMA_VERSION)


def test_missing_tables_without_create(tmp_path: Path) -> None:
    """create=False on an empty database raises StoreError naming migrate(), creating nothing."""
    path = tmp_path / "empty.db"
    with pytest.raises(StoreError, match="migrate"):
        SQLiteStore(path, create=False)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] == 0
    conn.close()
    SQLiteStore(path).close()
    SQLiteStore(path, create=False).close()


def test_placement_is_written_at_insert(store: SQLiteStore) -> None:
    """Root id, depth and the materialised path are written once and never renumbered."""
    chain = [store.add(draft("root"))]
    for depth in range(1, 6):
        chain.append(store.add(draft(f"depth {depth}", chain[-1].id)))
    sibling = store.add(draft("sibling", chain[2].id))
    root = chain[0].id
    for depth, comment in enumerate(chain):
        assert store.placement(comment.id) == (root, depth)
        assert store.materialised_path(comment.id) == "/".join(c.id for c in chain[: depth + 1])
    assert store.materialised_path(sibling.id) == "/".join([c.id for c in chain[:3]] + [sibling.id])
    store.remove(chain[3].id)  # a tombstone: nothing below it moves
    assert store.placement(chain[5].id) == (root, 5)
    with pytest.raises(CommentNotFound):
        store.placement("missing")


def test_columns_hold_utc_microseconds_json_verdict_and_author(store: SQLiteStore) -> None:
    """Raw rows: UTC text timestamps with microseconds, author columns, JSON verdict text."""
    verdict = Verdict(Action.HOLD, 1.5, (Finding("links", "spam", 1.5, (0, 4), "http", "Link"),))
    local = AT.astimezone(timezone(timedelta(hours=-3)))
    added = store.add(
        CommentDraft("p", "b", Author("Bo", "bo@x.org", "https://b", "192.0.2.1", "u1"),
                     created_at=local),
        verdict=verdict,
        status=Status.PENDING,
    )
    conn = sqlite3.connect(store.path)
    row = conn.execute(
        "SELECT created_at, author_name, author_email, author_url, author_ip, author_user_id,"
        " status, verdict FROM comments WHERE id = ?",
        (added.id,),
    ).fetchone()
    conn.close()
    assert row[:7] == (
        "2026-11-27 09:30:15.123456", "Bo", "bo@x.org", "https://b", "192.0.2.1", "u1", "pending"
    )
    assert Verdict.from_dict(json.loads(row[7])) == verdict
    assert store.get(added.id).created_at.tzinfo is UTC


def test_table_prefix_keeps_stores_apart(tmp_path: Path) -> None:
    """Two prefixes in one file are two independent stores; bad prefixes are refused."""
    path = tmp_path / "shared.db"
    with SQLiteStore(path, table_prefix="blog_") as one, SQLiteStore(path) as two:
        added = one.add(draft())
        assert two.get_many([added.id]) == {}
        assert one.get(added.id) == added
    conn = sqlite3.connect(path)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    assert {"blog_comments", "blog_votes", "blog_threadkit_migrations", "comments"} <= names
    for bad in ("x y", "1abc", "a;drop", "é"):
        with pytest.raises(ValueError):
            SQLiteStore(path, table_prefix=bad)


def test_host_rollback_discards_the_comment(store: SQLiteStore) -> None:
    """A comment added inside the host's transaction is gone when the host rolls back."""
    conn = sqlite3.connect(store.path, timeout=30)
    added = store.using(conn).add(draft("inside"))
    assert conn.in_transaction
    assert store.using(conn).get(added.id) == added  # the host sees its own write
    conn.rollback()
    with pytest.raises(CommentNotFound):
        store.get(added.id)
    kept = store.using(conn).add(draft("committed"))
    conn.commit()
    conn.close()
    assert store.get(kept.id) == kept


def test_host_transaction_keeps_host_work_when_an_operation_fails(store: SQLiteStore) -> None:
    """A refused write inside the host's transaction undoes only itself (a savepoint)."""
    conn = sqlite3.connect(store.path, timeout=30)
    conn.execute("CREATE TABLE IF NOT EXISTS host_posts (title TEXT)")
    conn.commit()
    conn.execute("INSERT INTO host_posts VALUES ('my post')")
    bound = store.using(conn)
    first = bound.add(draft("first"))
    with pytest.raises(ParentNotFound):
        bound.add(draft("orphan", parent_id="missing"))
    conn.commit()
    conn.close()
    assert store.get(first.id) == first
    check = sqlite3.connect(store.path)
    assert check.execute("SELECT title FROM host_posts").fetchall() == [("my post",)]
    check.close()


def test_failed_write_leaves_nothing_half_done(store: SQLiteStore) -> None:
    """When the second statement of a remove fails, its first is undone (owned and host)."""
    root = store.add(draft("root"))
    leaf = store.add(draft("leaf", root.id))
    store.remove(root.id)  # tombstone: purging the leaf would purge it too
    conn = sqlite3.connect(store.path, timeout=30, isolation_level=None)
    conn.execute(
        "CREATE TRIGGER refuse_root BEFORE DELETE ON comments WHEN old.id = "
        f"'{root.id}' BEGIN SELECT RAISE(ABORT, 'refused by a test trigger'); END"
    )
    for target in (store, store.using(conn)):
        with pytest.raises(sqlite3.IntegrityError, match="test trigger"):
            target.remove(leaf.id)
        assert store.get(leaf.id) == leaf  # the leaf's delete was rolled back
    conn.execute("DROP TRIGGER refuse_root")
    conn.close()
    assert store.remove(leaf.id) is None
    assert store.get_many([root.id, leaf.id]) == {}


def test_autocommit_host_connection_commits_each_write(store: SQLiteStore) -> None:
    """On a host connection in autocommit mode each write is its own transaction."""
    conn = sqlite3.connect(store.path, timeout=30, isolation_level=None)
    added = store.using(conn).add(draft())
    assert not conn.in_transaction
    conn.close()
    assert store.get(added.id) == added


def test_memory_database_is_shared_by_threads() -> None:
    """An in-memory store serves several threads from its one connection."""
    with SQLiteStore(":memory:") as memory:
        root = memory.add(draft())
        errors: list[BaseException] = []

        def reply() -> None:
            try:
                for _ in range(20):
                    memory.add(draft("r", root.id))
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        workers = [threading.Thread(target=reply) for _ in range(4)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        assert errors == []
        assert len(memory.list_replies("post", [root.id])) == 80


def test_closed_store_refuses_work(tmp_path: Path) -> None:
    """After close() an operation raises StoreError instead of reopening connections."""
    closed = SQLiteStore(tmp_path / "closed.db")
    closed.close()
    with pytest.raises(StoreError, match="closed"):
        closed.add(draft())


def test_bad_settings_are_refused(tmp_path: Path) -> None:
    """An unknown synchronous mode is a ValueError."""
    with pytest.raises(ValueError):
        SQLiteStore(tmp_path / "x.db", synchronous="SOMETIMES")
