"""The few places SQLite, PostgreSQL and MariaDB/MySQL differ, as one small table.

The SQL core (:mod:`threadkit.store._sql`) writes every statement once, with ``?`` placeholders
and ``{lock}`` where a row lock belongs; a :class:`Dialect` turns that into what one engine and
its DB-API driver accept, and converts timestamps to and from the engine's column type. The
driver modules themselves are never imported here, so this module costs nothing when unused.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import attrs

# MariaDB's binary, NO PAD collation compares code point for code point with trailing spaces
# significant, as the store contract requires; MySQL 8's equivalent has another name.
MARIADB_COLLATION = "utf8mb4_nopad_bin"
MYSQL8_COLLATION = "utf8mb4_0900_bin"


def _sqlite_time_in(moment: datetime) -> str:
    # Fixed-width ISO text in UTC sorts in time order and stays readable in the sqlite3 shell.
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _sqlite_time_out(value: Any) -> datetime:
    return datetime.fromisoformat(str(value)).replace(tzinfo=UTC)


def _aware_in(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _aware_out(value: Any) -> datetime:
    # psycopg returns timestamptz in the session's TimeZone; the contract promises UTC.
    moment: datetime = value
    return moment if moment.tzinfo is UTC else moment.astimezone(UTC)


def _naive_utc_in(moment: datetime) -> datetime:
    # DATETIME(6) has no zone: the column holds UTC wall time by convention.
    return moment.astimezone(UTC).replace(tzinfo=None)


def _naive_utc_out(value: Any) -> datetime:
    return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]


def _sqlite_retryable(exc: BaseException) -> bool:
    text = str(exc).lower()
    return type(exc).__name__ == "OperationalError" and ("locked" in text or "busy" in text)


def _postgres_retryable(exc: BaseException) -> bool:
    # serialization_failure, deadlock_detected: the transaction was rolled back and may rerun.
    return getattr(exc, "sqlstate", None) in {"40001", "40P01"}


def _mysql_retryable(exc: BaseException) -> bool:
    # 1213 deadlock, 1205 lock wait timeout: InnoDB rolled the statement or transaction back.
    code = exc.args[0] if exc.args else None
    return type(exc).__module__.startswith("pymysql") and code in {1205, 1213}


def _sqlite_host_mode(conn: Any) -> str:
    if conn.in_transaction:
        return "nested"
    # Legacy transaction control (isolation_level not None) would have opened a transaction at
    # our first write for the host to commit; open it ourselves so our savepoint nests in it.
    return "own" if conn.isolation_level is None else "open"


def _postgres_host_mode(conn: Any) -> str:
    # psycopg opens a transaction implicitly unless the connection is in autocommit mode.
    if not getattr(conn, "autocommit", False):
        return "nested"
    status = int(conn.info.transaction_status)
    return "own" if status == 0 else "nested"  # 0 is pq.TransactionStatus.IDLE


def _mysql_host_mode(conn: Any) -> str:
    if not conn.get_autocommit():
        return "nested"
    return "nested" if conn.server_status & 1 else "own"  # 1 is SERVER_STATUS_IN_TRANS


def _quote_double(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _quote_backtick(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


@attrs.frozen
class Dialect:
    """How one engine spells what the SQL core needs.

    Attributes:
        name: "sqlite", "postgresql" or "mysql".
        placeholder: the driver's parameter marker ("?" or "%s").
        quote: quotes an identifier (table or schema name).
        key_type: column type for ids, post ids and author keys (<= 255 characters).
        text_type: column type for unbounded text (url, verdict JSON).
        long_text_type: column type for bodies, html and paths (well over 64 KiB).
        time_type: column type for a UTC timestamp with microseconds.
        table_options: appended to CREATE TABLE (engine, charset, collation).
        inline_indexes: create indexes inside CREATE TABLE (MySQL: its DDL is not transactional,
            so a single statement per table keeps a half-done migration re-runnable).
        partial_indexes: supports ``CREATE INDEX ... WHERE`` (the roots index then holds only
            top-level comments, and inserting a reply skips it).
        no_index: put before a column that must not choose the index (SQLite's documented
            unary ``+``). SQLite keeps no statistics unless told to ANALYZE, and would
            otherwise walk a post-wide or store-wide index (status, post) instead of the few
            rows of a thread; the other engines plan from statistics and need no hint.
        begin: the statement that starts a write transaction.
        lock: appended to a SELECT in a write transaction to lock the rows it reads.
        row_values: whether ``(a, b) > (?, ?)`` is planned as an index range.
        vote_upsert: inserts or replaces one vote (comment_id, voter_id, value).
        time_in: converts an aware datetime into the column value the driver binds.
        time_out: converts a fetched column value into an aware UTC datetime.
        retryable: whether an error means "rolled back by a conflict; run the transaction again".
        host_mode: for a host's connection: "nested" (a transaction is, or will implicitly be,
            open: work in a savepoint), "open" (open the host's transaction, then a savepoint)
            or "own" (autocommit: run as our own transaction).
    """

    name: str
    placeholder: str
    quote: Callable[[str], str]
    key_type: str
    text_type: str
    long_text_type: str
    time_type: str
    table_options: str
    inline_indexes: bool
    partial_indexes: bool
    no_index: str
    begin: str
    lock: str
    row_values: bool
    vote_upsert: str
    time_in: Callable[[datetime], Any]
    time_out: Callable[[Any], datetime]
    retryable: Callable[[BaseException], bool]
    host_mode: Callable[[Any], str]

    def sql(self, statement: str) -> str:
        """``statement`` with ``?`` markers and ``{lock}`` rendered for this engine.

        The core's statements never contain a literal ``?`` or ``%``: values always travel as
        parameters, so the plain substitution below is safe.
        """
        rendered = statement.replace("{lock}", self.lock)
        if self.placeholder != "?":
            rendered = rendered.replace("?", self.placeholder)
        return rendered


_UPSERT_STANDARD = (
    "INSERT INTO {votes} (comment_id, voter_id, value) VALUES (?, ?, ?) "
    "ON CONFLICT (comment_id, voter_id) DO UPDATE SET value = excluded.value"
)

SQLITE = Dialect(
    name="sqlite",
    placeholder="?",
    quote=_quote_double,
    key_type="TEXT",
    text_type="TEXT",
    long_text_type="TEXT",
    time_type="TEXT",
    table_options="",
    inline_indexes=False,
    partial_indexes=True,
    no_index="+",
    # IMMEDIATE takes the write lock up front, so two writers queue on the busy timeout instead
    # of both reading and then failing to upgrade (SQLITE_BUSY with no retry possible).
    begin="BEGIN IMMEDIATE",
    lock="",
    row_values=True,
    vote_upsert=_UPSERT_STANDARD,
    time_in=_sqlite_time_in,
    time_out=_sqlite_time_out,
    retryable=_sqlite_retryable,
    host_mode=_sqlite_host_mode,
)

POSTGRES = Dialect(
    name="postgresql",
    placeholder="%s",
    quote=_quote_double,
    # "C" collation: byte order for ORDER BY id whatever the database's locale, and an index
    # the keyset comparison can use.
    key_type='TEXT COLLATE "C"',
    text_type="TEXT",
    long_text_type="TEXT",
    time_type="TIMESTAMPTZ",
    table_options="",
    inline_indexes=False,
    partial_indexes=True,
    no_index="",
    begin="BEGIN",
    lock=" FOR UPDATE",
    row_values=True,
    vote_upsert=_UPSERT_STANDARD,
    time_in=_aware_in,
    time_out=_aware_out,
    retryable=_postgres_retryable,
    host_mode=_postgres_host_mode,
)

MYSQL = Dialect(
    name="mysql",
    placeholder="%s",
    quote=_quote_backtick,
    key_type="VARCHAR(255)",
    text_type="TEXT",
    long_text_type="MEDIUMTEXT",
    time_type="DATETIME(6)",
    table_options=f" ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE={MARIADB_COLLATION}",
    inline_indexes=True,
    partial_indexes=False,
    no_index="",
    begin="START TRANSACTION",
    # Under REPEATABLE READ a plain SELECT reads the transaction's first snapshot; a locking
    # read sees the latest committed rows, which every check-then-write below relies on.
    lock=" FOR UPDATE",
    row_values=False,
    vote_upsert=(
        "INSERT INTO {votes} (comment_id, voter_id, value) VALUES (?, ?, ?) "
        "ON DUPLICATE KEY UPDATE value = VALUES(value)"
    ),
    time_in=_naive_utc_in,
    time_out=_naive_utc_out,
    retryable=_mysql_retryable,
    host_mode=_mysql_host_mode,
)


def mysql_dialect(server_version: str) -> Dialect:
    """The MySQL-family dialect for a server: MariaDB, or MySQL 8 with its own collation name."""
    if "mariadb" in server_version.lower():
        return MYSQL
    options = f" ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE={MYSQL8_COLLATION}"
    return attrs.evolve(MYSQL, table_options=options)
