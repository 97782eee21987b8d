"""MySQLStore passes the conformance kit on a real MariaDB server and in a host transaction.

The server tests run when THREADKIT_TEST_MYSQL names a database (CI sets it); each run uses a
table prefix of its own and drops its tables at the end.
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
from threadkit.store._mysql import MySQLStore, parse_dsn
from threadkit.store._sqlschema import SCHEMA_VERSION
from threadkit.testing._store_kit import StoreConformance

DSN, SKIP = server_dsn("THREADKIT_TEST_MYSQL", "mysql://root@127.0.0.1:3306/test", "MariaDB/MySQL")
server = pytest.mark.skipif(not DSN, reason=SKIP)


def connect(**options: Any) -> Any:
    """A plain PyMySQL connection to the test server, as a host application would hold."""
    import pymysql

    return pymysql.connect(**{**parse_dsn(DSN), **options})


def run(sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Run one statement on a fresh autocommit connection and return its rows."""
    conn = connect(autocommit=True)
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())
    finally:
        conn.close()


@pytest.fixture(scope="module")
def prefix() -> Iterator[str]:
    """A table prefix unique to this run; every table with it is dropped afterwards."""
    name = f"tk{uuid.uuid4().hex[:10]}_"
    yield name
    if DSN:
        tables = run(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = DATABASE() AND table_name LIKE %s",
            (name.replace("_", "\\_") + "%",),
        )
        conn = connect(autocommit=True)
        try:
            with conn.cursor() as cursor:
                cursor.execute("SET FOREIGN_KEY_CHECKS = 0")
                for (table,) in tables:
                    cursor.execute(f"DROP TABLE IF EXISTS `{table}`")
        finally:
            conn.close()


@pytest.fixture(scope="module")
def shared_store(prefix: str) -> Iterator[MySQLStore]:
    """One store for the module (it fills up with every test's data)."""
    if not DSN:
        pytest.skip(SKIP)
    store = MySQLStore(DSN, table_prefix=prefix)
    yield store
    store.close()


def stored_rows(prefix: str) -> int:
    """How many comment rows the prefix's table holds, read past the store."""
    return int(run(f"SELECT COUNT(*) FROM `{prefix}comments`")[0][0])


@pytest.mark.mysql
@server
class TestMySQLStore(StoreConformance):
    """The kit against MariaDB tables shared by every test."""

    @pytest.fixture
    def store(self, shared_store: MySQLStore) -> MySQLStore:
        """The module's shared store."""
        return shared_store


@pytest.mark.mysql
@server
class TestMySQLStoreInHostTransaction(StoreConformance):
    """The kit through ``using()`` inside one host transaction that is rolled back at the end."""

    thread_safe = False
    stateful_settings = SHORT_RUN

    @pytest.fixture
    def store(self, shared_store: MySQLStore, prefix: str) -> Iterator[MySQLStore]:
        """The shared store bound to a host connection (autocommit off, PyMySQL's default)."""
        yield from rolled_back(shared_store, connect(), lambda: stored_rows(prefix))


@pytest.mark.mysql
@server
def test_host_rollback_discards_the_comment(shared_store: MySQLStore) -> None:
    """A comment added inside the host's transaction is gone when the host rolls back."""
    conn = connect()
    try:
        added = shared_store.using(conn).add(draft("inside"))
        assert shared_store.using(conn).get(added.id) == added
        conn.rollback()
        with pytest.raises(CommentNotFound):
            shared_store.get(added.id)
        kept = shared_store.using(conn).add(draft("committed"))
        conn.commit()
    finally:
        conn.close()
    assert shared_store.get(kept.id) == kept


@pytest.mark.mysql
@server
def test_failed_write_keeps_the_host_transaction_usable(
    shared_store: MySQLStore, prefix: str
) -> None:
    """A write failing half-way rolls back to its savepoint; the host's own work commits."""
    import pymysql

    root = shared_store.add(draft("root"))
    leaf = shared_store.add(draft("leaf", root.id))
    shared_store.remove(root.id)  # a tombstone: purging the leaf would purge it too
    run(f"CREATE TABLE `{prefix}host_posts` (title TEXT)")
    run(
        f"CREATE TRIGGER `{prefix}refuse_root` BEFORE DELETE ON `{prefix}comments` FOR EACH ROW "
        f"BEGIN IF OLD.id = '{root.id}' THEN SIGNAL SQLSTATE '45000' "
        "SET MESSAGE_TEXT = 'refused by a test trigger'; END IF; END"
    )
    try:
        conn = connect()
        try:
            with conn.cursor() as cursor:
                cursor.execute(f"INSERT INTO `{prefix}host_posts` VALUES ('my post')")
            with pytest.raises(pymysql.err.OperationalError, match="test trigger"):
                shared_store.using(conn).remove(leaf.id)
            with pytest.raises(ParentNotFound):
                shared_store.using(conn).add(draft("orphan", "missing"))
            conn.commit()
        finally:
            conn.close()
        assert run(f"SELECT title FROM `{prefix}host_posts`") == [("my post",)]
        with pytest.raises(pymysql.err.OperationalError, match="test trigger"):
            shared_store.remove(leaf.id)
        assert shared_store.get(leaf.id) == leaf
    finally:
        run(f"DROP TRIGGER `{prefix}refuse_root`")
    assert shared_store.remove(leaf.id) is None
    assert shared_store.get_many([root.id, leaf.id]) == {}


@pytest.mark.mysql
@server
def test_autocommit_host_connection_commits_each_write(shared_store: MySQLStore) -> None:
    """On a connection in autocommit mode a write is its own transaction."""
    conn = connect(autocommit=True)
    try:
        added = shared_store.using(conn).add(draft())
    finally:
        conn.close()
    assert shared_store.get(added.id) == added


@pytest.mark.mysql
@server
def test_columns_are_exact_and_utc(shared_store: MySQLStore, prefix: str) -> None:
    """DATETIME(6) holds UTC wall time to the microsecond; keys use a binary NO PAD collation."""
    local = AT.astimezone(timezone(timedelta(hours=-8)))
    added = shared_store.add(CommentDraft("p", "b", Author("A"), created_at=local))
    assert run(f"SELECT created_at FROM `{prefix}comments` WHERE id = %s", (added.id,)) == [
        (AT.replace(tzinfo=None),)
    ]
    collations = run(
        "SELECT DISTINCT collation_name FROM information_schema.columns WHERE "
        "table_schema = DATABASE() AND table_name = %s AND collation_name IS NOT NULL",
        (f"{prefix}comments",),
    )
    assert collations == [("utf8mb4_nopad_bin",)]


@pytest.mark.mysql
@server
def test_factory_charset_and_schema_version(prefix: str) -> None:
    """A factory works; a non-utf8mb4 connection is refused; newer schemas are refused."""
    with MySQLStore(lambda: connect(), table_prefix=prefix + "f_") as store:
        added = store.add(draft("emoji 😀"))
        assert store.get(added.id).body == "emoji 😀"
        assert store.schema_version() == SCHEMA_VERSION
    with pytest.raises(StoreError, match="utf8mb4"):
        MySQLStore(lambda: connect(charset="latin1"), table_prefix=prefix + "f_")
    run(
        f"INSERT INTO `{prefix}f_threadkit_migrations` VALUES (%s, 'from the future', NOW())",
        (SCHEMA_VERSION + 1,),
    )
    with pytest.raises(SchemaVersionError):
        MySQLStore(DSN, table_prefix=prefix + "f_")
    with pytest.raises(StoreError, match="migrate"):
        MySQLStore(DSN, table_prefix=prefix + "none_", create=False)


@pytest.mark.mysql
@server
def test_concurrent_first_opens_migrate_once(prefix: str) -> None:
    """Several stores creating the same new tables at once all succeed."""
    stores, errors = open_concurrently(lambda: MySQLStore(DSN, table_prefix=prefix + "race_"))
    for store in stores:
        store.close()
    assert errors == []
    assert run(f"SELECT version FROM `{prefix}race_threadkit_migrations`") == [
        (SCHEMA_VERSION,)
    ]


def test_dsn_parsing() -> None:
    """mysql:// URLs become PyMySQL arguments; other schemes and options are refused."""
    assert parse_dsn("mysql://bob:p%40ss@db.example:3307/blog?connect_timeout=5") == {
        "host": "db.example",
        "port": 3307,
        "user": "bob",
        "password": "p@ss",
        "database": "blog",
        "charset": "utf8mb4",
        "connect_timeout": 5,
    }
    assert parse_dsn("mariadb://localhost/blog")["user"] == "root"
    for bad in ("postgresql://h/db", "mysql://h/", "mysql://h/db?sslmode=x"):
        with pytest.raises(ValueError):
            parse_dsn(bad)


def test_missing_driver_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without PyMySQL, MySQLStore raises an ImportError that names threadkit[mysql]."""
    check_missing_driver(monkeypatch, "pymysql", "mysql", lambda: MySQLStore("mysql://nowhere/db"))
