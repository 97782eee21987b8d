"""MySQLStore: comments in MariaDB or MySQL 8 through PyMySQL (``pip install 'threadkit[mysql]'``).

Tested on MariaDB. Tables are InnoDB, utf8mb4 with a binary NO PAD collation, so text compares
exactly as the store contract requires (case, accents and trailing spaces all significant).
Owned connections run at READ COMMITTED, which spares threadkit's locking reads InnoDB's gap
locks; timestamps are ``DATETIME(6)`` holding UTC.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from threadkit._errors import StoreError
from threadkit.store._dialects import mysql_dialect
from threadkit.store._sql import SQLStore
from threadkit.store._sqlbase import DriverNotInstalled
from threadkit.store._sqlconn import PoolRunner
from threadkit.store._sqlschema import Tables, drop_statements, upgrade

_INT_OPTIONS = {"connect_timeout", "read_timeout", "write_timeout"}
_STR_OPTIONS = {"unix_socket", "charset", "init_command"}


def _pymysql() -> Any:
    try:
        import pymysql
    except ImportError as exc:
        raise DriverNotInstalled("MySQLStore", "pymysql", "mysql") from exc
    return pymysql


def parse_dsn(dsn: str) -> dict[str, Any]:
    """``mysql://user:password@host:port/database?unix_socket=...`` as PyMySQL's arguments.

    ``mariadb://`` is accepted too. Query options: connect_timeout, read_timeout,
    write_timeout, unix_socket, charset (must stay utf8mb4) and init_command.
    """
    parts = urlsplit(dsn)
    if parts.scheme not in ("mysql", "mariadb") or not parts.path.strip("/"):
        raise ValueError(f"expected mysql://user:password@host:port/database, not {dsn!r}")
    options: dict[str, Any] = {
        "host": parts.hostname or "localhost",
        "port": parts.port or 3306,
        "user": unquote(parts.username) if parts.username else "root",
        "password": unquote(parts.password) if parts.password else "",
        "database": unquote(parts.path.strip("/")),
        "charset": "utf8mb4",
    }
    for key, value in parse_qsl(parts.query):
        if key in _INT_OPTIONS:
            options[key] = int(value)
        elif key in _STR_OPTIONS:
            options[key] = value
        else:
            raise ValueError(f"unknown option {key!r} in the MySQL DSN")
    return options


class MySQLStore(SQLStore):
    """A comment store in MariaDB (or MySQL 8); implements CommentStore, counts and votes.

    Thread-safe: each operation borrows a pooled connection of its own. To work inside a
    transaction the blog already has open, use :meth:`using` with that connection (whose
    charset must be utf8mb4).

    Args:
        dsn_or_factory: ``mysql://user:password@host:port/database``, or a callable returning a
            new PyMySQL connection (``charset="utf8mb4"``) each time it is called; the store
            owns what it gets (switches it to autocommit, closes it in :meth:`close`).
        table_prefix: prepended to the table names.
        create: create or upgrade the tables when opening (else only check their version).
        clock: returns "now" for comments and edits without a time (default: UTC now).
        max_idle: most idle connections kept open for reuse.

    Raises:
        DriverNotInstalled: PyMySQL is not installed.
        SchemaVersionError: the tables were written by a newer threadkit.
        StoreError: a connection's charset is not utf8mb4; or ``create`` is False and the
            tables are missing or older.
    """

    def __init__(
        self,
        dsn_or_factory: str | Callable[[], Any],
        *,
        table_prefix: str = "",
        create: bool = True,
        clock: Callable[[], datetime] | None = None,
        max_idle: int = 8,
    ) -> None:
        self._driver = _pymysql()
        self._options = parse_dsn(dsn_or_factory) if isinstance(dsn_or_factory, str) else None
        self._factory = None if isinstance(dsn_or_factory, str) else dsn_or_factory
        # The server decides the dialect (MariaDB and MySQL name their collations apart), so
        # the first connection is opened now and handed to the pool afterwards.
        first = self._connect()
        dialect = mysql_dialect(first.get_server_info())
        runner = PoolRunner(self._connect, dialect, max_idle=max_idle)
        runner.offer(first)
        super().__init__(runner, Tables.named(dialect, table_prefix), clock=clock)
        try:
            self._open(create)
        except BaseException:
            self.close()
            raise

    def __repr__(self) -> str:
        return f"MySQLStore(table_prefix={self._tables.prefix!r})"

    def _connect(self) -> Any:
        if self._options is not None:
            conn = self._driver.connect(**self._options, autocommit=True)
        else:
            assert self._factory is not None
            conn = self._factory()
            conn.autocommit(True)
        if not str(getattr(conn, "charset", "")).startswith("utf8mb4"):
            conn.close()
            raise StoreError(
                "MySQLStore needs connections with charset='utf8mb4' (emoji and other "
                "characters outside the BMP would not survive otherwise)"
            )
        with conn.cursor() as cursor:
            cursor.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED")
        return conn

    def migrate(self) -> int:
        """Create or upgrade the tables (see :meth:`SQLStore.migrate`).

        MySQL commits around every DDL statement, so this runs outside a transaction under a
        named server lock; each migration step is re-runnable if interrupted.
        """
        name = "threadkit:" + hashlib.blake2b(
            self._tables.lock_key().encode(), digest_size=16
        ).hexdigest()

        def work(cursor: Any) -> int:
            cursor.execute("SELECT GET_LOCK(%s, 60)", (name,))
            if cursor.fetchone()[0] != 1:
                raise StoreError("timed out waiting for another process's schema migration")
            try:
                return upgrade(cursor, self._dialect, self._tables)
            finally:
                cursor.execute("SELECT RELEASE_LOCK(%s)", (name,))
                cursor.fetchall()

        return self._runner.run(work, write=False)

    def drop_tables(self) -> None:
        """Drop this store's tables and every comment in them (DDL commits on its own here)."""
        def work(cursor: Any) -> None:
            for statement in drop_statements(self._dialect, self._tables):
                cursor.execute(statement)

        self._runner.run(work, write=False)

    def _table_exists(self, cursor: Any, name: str) -> bool:
        cursor.execute(
            "SELECT 1 FROM information_schema.tables "
            "WHERE table_schema = DATABASE() AND table_name = %s",
            (name,),
        )
        return cursor.fetchone() is not None
