"""SQLiteStore: the embedded default, standard library ``sqlite3`` only.

The database runs in WAL mode (readers never block the writer, and a crash or ``kill -9``
mid-write leaves the last committed state), every write takes the write lock up front with
``BEGIN IMMEDIATE``, and a busy timeout makes concurrent writers from other threads and
processes queue instead of failing. ``synchronous=NORMAL`` is WAL's recommended setting: a
committed comment survives the process dying; only a power cut can lose the last commits.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from threadkit.store._dialects import SQLITE
from threadkit.store._sql import SQLStore
from threadkit.store._sqlconn import PoolRunner
from threadkit.store._sqlschema import Tables

_SYNCHRONOUS = ("OFF", "NORMAL", "FULL", "EXTRA")
_write_locks: dict[str, threading.Lock] = {}
_registry_lock = threading.Lock()


def _write_lock(path: str) -> threading.Lock:
    """The lock every store of this process takes to write the database at ``path``."""
    key = os.path.realpath(path.removeprefix("file:").split("?", 1)[0])
    with _registry_lock:
        return _write_locks.setdefault(key, threading.Lock())


class SQLiteStore(SQLStore):
    """A comment store in one SQLite file; implements CommentStore, counts and votes.

    Safe to share between threads (each operation borrows its own connection) and between
    processes opening the same file. ``":memory:"`` gives a private in-memory database that
    lives as long as the store (its one connection is shared under a lock).

    Args:
        path: the database file (created if missing), or ``":memory:"``.
        table_prefix: prepended to the table names, to share a database with the blog's own
            tables without clashing.
        busy_timeout: seconds a write waits for another writer before giving up.
        synchronous: SQLite's ``synchronous`` setting ("NORMAL" or, for power-cut
            durability at the cost of one fsync per comment, "FULL").
        create: create or upgrade the tables when opening (else only check their version).
        clock: returns "now" for comments and edits without a time (default: UTC now).

    Raises:
        SchemaVersionError: the file was written by a newer threadkit.
        StoreError: ``create`` is False and the tables are missing or older.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        table_prefix: str = "",
        busy_timeout: float = 30.0,
        synchronous: str = "NORMAL",
        create: bool = True,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        if str(synchronous).upper() not in _SYNCHRONOUS:
            raise ValueError(f"synchronous must be one of {', '.join(_SYNCHRONOUS)}")
        self.path = os.fspath(path)
        self._busy_timeout = float(busy_timeout)
        self._synchronous = str(synchronous).upper()
        memory = self.path in ("", ":memory:") or "mode=memory" in self.path
        runner = PoolRunner(self._connect, SQLITE, max_size=1 if memory else None,
                            write_lock=None if memory else _write_lock(self.path))
        super().__init__(runner, Tables.named(SQLITE, table_prefix), clock=clock)
        try:
            self._open(create)
        except BaseException:
            self.close()
            raise

    def __repr__(self) -> str:
        return f"SQLiteStore({self.path!r}, table_prefix={self._tables.prefix!r})"

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.path,
            timeout=self._busy_timeout,
            isolation_level=None,  # autocommit: the runner issues BEGIN IMMEDIATE / COMMIT
            check_same_thread=False,  # the pool hands a connection to one thread at a time
            uri=self.path.startswith("file:"),
        )
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout * 1000)}")
            conn.execute("PRAGMA journal_mode = WAL").fetchall()
            conn.execute(f"PRAGMA synchronous = {self._synchronous}")
            conn.execute("PRAGMA foreign_keys = ON")
            # A thread page touches a few hundred scattered rows and index pages: a larger
            # page cache and memory-mapped reads keep them off the read() system call.
            conn.execute("PRAGMA cache_size = -16000")
            conn.execute("PRAGMA mmap_size = 268435456")
        except BaseException:
            conn.close()
            raise
        return conn

    def _table_exists(self, cursor: Any, name: str) -> bool:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
        return cursor.fetchone() is not None
