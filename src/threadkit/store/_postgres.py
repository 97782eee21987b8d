"""PostgresStore: comments in PostgreSQL through psycopg 3 (``pip install 'threadkit[postgres]'``).

psycopg is imported when a store is built, never when threadkit is, so the extra is only
needed by applications that use it. Timestamps are ``timestamptz`` (microseconds, returned in
UTC); keys use the "C" collation so ordering never depends on the database's locale.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from threadkit.store._dialects import POSTGRES
from threadkit.store._sql import SQLStore
from threadkit.store._sqlbase import DriverNotInstalled
from threadkit.store._sqlconn import PoolRunner
from threadkit.store._sqlschema import Tables, upgrade


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError as exc:
        raise DriverNotInstalled("PostgresStore", "psycopg", "postgres") from exc
    return psycopg


class PostgresStore(SQLStore):
    """A comment store in PostgreSQL; implements CommentStore, counts and votes.

    Thread-safe: each operation borrows a pooled connection of its own. To work inside a
    transaction the blog already has open, use :meth:`using` with that connection.

    Args:
        dsn_or_factory: a libpq connection string or URL (``postgresql://user@host/db``), or a
            callable returning a new psycopg 3 connection each time it is called; the store
            owns what it gets (switches it to autocommit, closes it in :meth:`close`).
        schema: the schema holding the tables (created if missing); None uses the
            connection's ``search_path``.
        table_prefix: prepended to the table names.
        create: create or upgrade the tables when opening (else only check their version).
        clock: returns "now" for comments and edits without a time (default: UTC now).
        max_idle: most idle connections kept open for reuse.
        settings: server settings for the store's own connections, e.g.
            ``{"synchronous_commit": "off"}`` (commits stop waiting for the WAL flush: a
            server crash may lose the last moments of comments but never corrupts anything)
            or ``{"statement_timeout": "5s"}``.

    Raises:
        DriverNotInstalled: psycopg is not installed.
        SchemaVersionError: the tables were written by a newer threadkit.
        StoreError: ``create`` is False and the tables are missing or older.
    """

    def __init__(
        self,
        dsn_or_factory: str | Callable[[], Any],
        *,
        schema: str | None = None,
        table_prefix: str = "",
        create: bool = True,
        clock: Callable[[], datetime] | None = None,
        max_idle: int = 8,
        settings: Mapping[str, str] | None = None,
    ) -> None:
        self._driver = _psycopg()
        self._source = dsn_or_factory
        self._settings = dict(settings or {})
        runner = PoolRunner(self._connect, POSTGRES, max_idle=max_idle)
        super().__init__(runner, Tables.named(POSTGRES, table_prefix, schema), clock=clock)
        try:
            self._open(create)
        except BaseException:
            self.close()
            raise

    def __repr__(self) -> str:
        t = self._tables
        return f"PostgresStore(schema={t.schema!r}, table_prefix={t.prefix!r})"

    def _connect(self) -> Any:
        if isinstance(self._source, str):
            conn = self._driver.connect(self._source, autocommit=True)
        else:
            conn = self._source()
            # The runner brackets writes itself; a fresh connection has no transaction to lose.
            conn.autocommit = True
        try:
            for name, value in self._settings.items():
                conn.execute("SELECT set_config(%s, %s, false)", (name, str(value)))
        except BaseException:
            conn.close()
            raise
        return conn

    def _upgrade(self, cursor: Any) -> int:
        # Transactional DDL plus an advisory lock: of several processes opening a new database
        # at once, one migrates and the others then find the tables in place.
        digest = hashlib.blake2b(self._tables.lock_key().encode(), digest_size=8).digest()
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", (int.from_bytes(digest, "big",
                                                                          signed=True),))
        if self._tables.schema:
            cursor.execute(f"CREATE SCHEMA IF NOT EXISTS {POSTGRES.quote(self._tables.schema)}")
        return upgrade(cursor, self._dialect, self._tables)

    def _table_exists(self, cursor: Any, name: str) -> bool:
        schema = self._tables.schema
        qualified = f"{POSTGRES.quote(schema)}.{POSTGRES.quote(name)}" if schema else (
            POSTGRES.quote(name)
        )
        cursor.execute("SELECT to_regclass(%s)", (qualified,))
        row = cursor.fetchone()
        return row is not None and row[0] is not None
