"""PostgresStore passes the conformance kit on a real server and works in a host transaction.

The server tests run when THREADKIT_TEST_POSTGRES names a database (CI sets it); each run works
in a schema of its own, dropped at the end.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta, timezone
from typing import Any

import pytest

from _store_support import (
    AT,
    SHORT_RUN,
    check_missing_driver,
    draft,
    open_concurrently,
    rolled_back,
    server_dsn,
)
from threadkit import (
    Author,
    CommentDraft,
    CommentNotFound,
    ParentNotFound,
    SchemaVersionError,
    StoreError,
)
from threadkit.store._postgres import PostgresStore
from threadkit.store._sqlschema import SCHEMA_VERSION
from threadkit.testing._store_kit import StoreConformance

DSN, SKIP = server_dsn(
    "THREADKIT_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test", "PostgreSQL"
)
server = pytest.mark.skipif(not DSN, reason=SKIP)


def connect(**options: Any) -> Any:
    """A plain psycopg connection to the test server, as a host application would hold."""
    import psycopg

    return psycopg.connect(DSN, **options)


@pytest.fixture(scope="module")
def schema() -> Iterator[str]:
    """A schema name unique to this run; the schema is dropped afterwards."""
    if not DSN:
        pytest.skip(SKIP)
    name = f"tk_test_{uuid.uuid4().hex[:10]}"
    yield name
    with connect(autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


@pytest.fixture(scope="module")
def shared_store(schema: str) -> Iterator[PostgresStore]:
    """One store for the module (it fills up with every test's data)."""
    store = PostgresStore(DSN, schema=schema)
    yield store
    store.close()


def stored_rows(schema: str, prefix: str = "") -> int:
    """How many comment rows the schema holds, read past the store."""
    with connect() as conn:
        row = conn.execute(f'SELECT COUNT(*) FROM "{schema}"."{prefix}comments"').fetchone()
        assert row is not None
        return int(row[0])


@pytest.mark.postgres
@server
class TestPostgresStore(StoreConformance):
    """The kit against a server-side schema shared by every test."""

    @pytest.fixture
    def store(self, shared_store: PostgresStore) -> PostgresStore:
        """The module's shared store."""
        return shared_store


@pytest.mark.postgres
@server
class TestPostgresStoreInHostTransaction(StoreConformance):
    """The kit through ``using()`` inside one host transaction that is rolled back at the end."""

    thread_safe = False
    stateful_settings = SHORT_RUN

    @pytest.fixture
    def store(self, shared_store: PostgresStore, schema: str) -> Iterator[PostgresStore]:
        """The shared store bound to a host connection (psycopg's implicit transaction)."""
        yield from rolled_back(shared_store, connect(), lambda: stored_rows(schema))


@pytest.mark.postgres
@server
def test_host_rollback_discards_the_comment(shared_store: PostgresStore) -> None:
    """A comment added inside the host's transaction is gone when the host rolls back."""
    with connect() as conn:
        added = shared_store.using(conn).add(draft("inside"))
        assert shared_store.using(conn).get(added.id) == added
        with pytest.raises(CommentNotFound):  # other sessions do not see it yet
            shared_store.get(added.id)
        conn.rollback()
        with pytest.raises(CommentNotFound):
            shared_store.get(added.id)
        kept = shared_store.using(conn).add(draft("committed"))
        conn.commit()
    assert shared_store.get(kept.id) == kept


@pytest.mark.postgres
@server
def test_failed_write_keeps_the_host_transaction_usable(
    shared_store: PostgresStore, schema: str
) -> None:
    """A write failing half-way rolls back to its savepoint; the host's own work commits."""
    import psycopg

    root = shared_store.add(draft("root"))
    leaf = shared_store.add(draft("leaf", root.id))
    shared_store.remove(root.id)  # a tombstone: purging the leaf would purge it too
    with connect(autocommit=True) as admin:
        admin.execute(f'CREATE TABLE "{schema}".host_posts (title text)')
        admin.execute(
            f'CREATE FUNCTION "{schema}".refuse() RETURNS trigger LANGUAGE plpgsql AS '
            "$$ BEGIN RAISE EXCEPTION 'refused by a test trigger'; END $$"
        )
        admin.execute(
            f'CREATE TRIGGER refuse_root BEFORE DELETE ON "{schema}".comments FOR EACH ROW '
            f"WHEN (OLD.id = '{root.id}') EXECUTE FUNCTION \"{schema}\".refuse()"
        )
    try:
        with connect() as conn:
            conn.execute(f"INSERT INTO \"{schema}\".host_posts VALUES ('my post')")
            with pytest.raises(psycopg.errors.RaiseException, match="test trigger"):
                shared_store.using(conn).remove(leaf.id)
            with pytest.raises(ParentNotFound):
                shared_store.using(conn).add(draft("orphan", "missing"))
            conn.commit()
            titles = conn.execute(f'SELECT title FROM "{schema}".host_posts').fetchall()
            assert titles == [("my post",)]
        with pytest.raises(psycopg.errors.RaiseException, match="test trigger"):
            shared_store.remove(leaf.id)  # the store's own transaction: same all-or-nothing
        assert shared_store.get(leaf.id) == leaf
    finally:
        with connect(autocommit=True) as admin:
            admin.execute(f'DROP TRIGGER refuse_root ON "{schema}".comments')
    assert shared_store.remove(leaf.id) is None
    assert shared_store.get_many([root.id, leaf.id]) == {}


@pytest.mark.postgres
@server
def test_autocommit_host_connection_commits_each_write(shared_store: PostgresStore) -> None:
    """On a connection in autocommit mode with no transaction open, a write commits alone."""
    with connect(autocommit=True) as conn:
        added = shared_store.using(conn).add(draft())
    assert shared_store.get(added.id) == added


@pytest.mark.postgres
@server
def test_timestamps_are_timestamptz_with_microseconds(
    shared_store: PostgresStore, schema: str
) -> None:
    """created_at is a timestamptz holding the exact instant; the store returns it in UTC."""
    local = AT.astimezone(timezone(timedelta(hours=9)))
    added = shared_store.add(CommentDraft("p", "b", Author("A"), created_at=local))
    with connect() as conn:
        conn.execute("SET TIME ZONE 'America/New_York'")
        row = conn.execute(
            f'SELECT created_at, pg_typeof(created_at)::text FROM "{schema}".comments '
            "WHERE id = %s",
            (added.id,),
        ).fetchone()
    assert row is not None
    assert row[0] == AT
    assert row[1] == "timestamp with time zone"
    assert shared_store.get(added.id).created_at.utcoffset() == timedelta(0)


@pytest.mark.postgres
@server
def test_factory_prefix_and_schema_version(schema: str) -> None:
    """A connection factory works; a prefix makes separate tables; newer schemas are refused."""
    made: list[Any] = []

    def factory() -> Any:
        made.append(connect())
        return made[-1]

    with PostgresStore(factory, schema=schema, table_prefix="f_") as store:
        added = store.add(draft())
        assert store.get(added.id) == added
        assert store.schema_version() == SCHEMA_VERSION
    assert made
    assert all(conn.closed for conn in made)  # the store closed what it owned
    assert stored_rows(schema, "f_") == 1
    with connect(autocommit=True) as conn:
        conn.execute(
            f'INSERT INTO "{schema}"."f_threadkit_migrations" VALUES (%s, %s, now())',
            (SCHEMA_VERSION + 1, "from the future"),
        )
    with pytest.raises(SchemaVersionError):
        PostgresStore(DSN, schema=schema, table_prefix="f_")
    with pytest.raises(StoreError, match="migrate"):
        PostgresStore(DSN, schema=schema, table_prefix="none_", create=False)


@pytest.mark.postgres
@server
def test_settings_apply_to_the_store_connections(schema: str) -> None:
    """``settings`` are set on every connection the store opens."""
    name = f"threadkit-{uuid.uuid4().hex[:8]}"
    with PostgresStore(DSN, schema=schema, settings={"application_name": name,
                                                     "synchronous_commit": "off"}) as store:
        store.add(draft())  # the pooled connection stays open, idle, after this
        with connect() as conn:
            row = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", (name,)
            ).fetchone()
        assert row is not None
        assert row[0] >= 1


@pytest.mark.postgres
@server
def test_concurrent_first_opens_migrate_once(schema: str) -> None:
    """Several stores opening a new schema at once all succeed; the version is recorded once."""
    fresh = f"{schema}_race"
    stores, errors = open_concurrently(lambda: PostgresStore(DSN, schema=fresh))
    try:
        assert errors == []
        with connect() as conn:
            versions = conn.execute(
                f'SELECT version FROM "{fresh}".threadkit_migrations'
            ).fetchall()
        assert versions == [(SCHEMA_VERSION,)]
    finally:
        for store in stores:
            store.close()
        with connect(autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{fresh}" CASCADE')


def test_missing_driver_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without psycopg, PostgresStore raises an ImportError that names threadkit[postgres]."""
    check_missing_driver(
        monkeypatch, "psycopg", "postgres", lambda: PostgresStore("postgresql://nowhere/db")
    )


def test_bad_schema_names_are_refused() -> None:
    """A schema name that is not a plain identifier is a ValueError, before connecting."""
    for bad in ('x"; DROP', "", "a b", "1x"):
        with pytest.raises(ValueError):
            PostgresStore("postgresql://nowhere/db", schema=bad)
