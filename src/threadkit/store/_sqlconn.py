"""How the SQL core gets a connection and a transaction: its own pool, or the host's connection.

Every store operation is a function of one DB-API cursor, handed to a runner:

- :class:`PoolRunner` owns its connections (made by a factory, kept in autocommit mode and
  reused), wraps each write in ``BEGIN ... COMMIT`` and reruns it when the engine reports a
  deadlock, serialisation failure or busy database; nothing is retried after a commit was sent.
- :class:`HostRunner` borrows a connection the host application holds. It never commits, rolls
  back the host's work or closes anything: each write runs inside a savepoint, so a failed
  operation leaves no trace while the host's transaction decides whether the rest lives.
"""

from __future__ import annotations

import contextlib
import os
import random
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from threadkit._errors import StoreError
from threadkit.store._dialects import Dialect

T = TypeVar("T")

#: How many times a transaction is rerun after a conflict before the error reaches the caller.
MAX_RETRIES = 12
_SAVEPOINT = "threadkit_op"


class Runner(Protocol):
    """Runs a function of a cursor as one read, or one atomic write."""

    dialect: Dialect

    def run(self, work: Callable[[Any], T], *, write: bool) -> T:
        """Call ``work(cursor)``; for a write, atomically (all of it or none)."""
        ...

    def close(self) -> None:
        """Release what the runner owns."""
        ...


def _close_quietly(conn: Any) -> None:
    with contextlib.suppress(Exception):
        conn.close()


def _usable(conn: Any) -> bool:
    """False for a connection the driver knows is closed or broken (psycopg, PyMySQL)."""
    return not getattr(conn, "closed", False) and getattr(conn, "open", True) is not False


def _rollback(conn: Any, cursor: Any) -> bool:
    """Roll back an open transaction; False when the connection is no longer usable."""
    if not getattr(conn, "in_transaction", True):  # sqlite3 knows; other drivers always try
        return True
    try:
        cursor.execute("ROLLBACK")
    except Exception:
        return False
    return True


class PoolRunner:
    """A small pool of connections this store owns, with retried write transactions.

    Args:
        connect: makes a new connection, already in autocommit mode and ready to use.
        dialect: the engine's dialect.
        max_size: most connections open at once (None: one per concurrent caller); an
            in-memory SQLite database must use exactly one.
        max_idle: most idle connections kept for reuse.
        write_lock: held around every write transaction. SQLite admits one writer at a
            time, and a writer that finds the database locked sleeps in growing steps; threads
            of one process queue on this lock instead and take over the moment it is free.
    """

    def __init__(
        self,
        connect: Callable[[], Any],
        dialect: Dialect,
        *,
        max_size: int | None = None,
        max_idle: int = 8,
        write_lock: threading.Lock | None = None,
    ) -> None:
        self.dialect = dialect
        self._write_lock = write_lock
        self._connect = connect
        self._max_idle = max_idle
        self._idle: list[Any] = []
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(max_size) if max_size else None
        self._pid = os.getpid()
        # Connections inherited through fork() belong to the parent: closing them here would
        # close the parent's session, and dropping them could do the same from __del__.
        self._inherited: list[Any] = []
        self._closed = False

    def _acquire(self) -> Any:
        if self._closed:
            raise StoreError("this store has been closed")
        if self._slots is not None:
            self._slots.acquire()
        try:
            with self._lock:
                if os.getpid() != self._pid:
                    self._inherited.extend(self._idle)
                    self._idle = []
                    self._pid = os.getpid()
                if self._idle:
                    return self._idle.pop()
            return self._connect()
        except BaseException:
            if self._slots is not None:
                self._slots.release()
            raise

    def _release(self, conn: Any, healthy: bool) -> None:
        try:
            with self._lock:
                keep = healthy and _usable(conn) and not self._closed
                if keep and len(self._idle) < self._max_idle:
                    if os.getpid() == self._pid:
                        self._idle.append(conn)
                        return
                    self._inherited.append(conn)
                    return
            _close_quietly(conn)
        finally:
            if self._slots is not None:
                self._slots.release()

    def run(self, work: Callable[[Any], T], *, write: bool) -> T:
        """Run ``work`` on a pooled connection; writes in a transaction, rerun on conflict."""
        attempt = 0
        while True:
            conn = self._acquire()
            healthy = True
            try:
                cursor = conn.cursor()
                try:
                    if not write:
                        return work(cursor)
                    with self._write_lock or contextlib.nullcontext():
                        cursor.execute(self.dialect.begin)
                        try:
                            result = work(cursor)
                            cursor.execute("COMMIT")
                        except BaseException:
                            healthy = _rollback(conn, cursor)
                            raise
                    return result
                finally:
                    with contextlib.suppress(Exception):
                        cursor.close()
            except Exception as exc:
                if not (write and healthy and self.dialect.retryable(exc)):
                    raise
                if attempt >= MAX_RETRIES:
                    raise
            finally:
                self._release(conn, healthy)
            attempt += 1
            # Jittered backoff, so two transactions that deadlocked do not collide again.
            time.sleep(random.uniform(0, 0.002 * 2 ** min(attempt, 6)))

    def offer(self, conn: Any) -> None:
        """Add a connection opened elsewhere (to probe the server) to the idle set."""
        with self._lock:
            self._idle.append(conn)

    def close(self) -> None:
        """Close every idle connection; connections in use close when they come back."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for conn in idle:
            _close_quietly(conn)


class HostRunner:
    """Runs operations on a connection the host application owns, inside its transaction.

    Args:
        connection: the host's DB-API connection (sqlite3, psycopg 3 or PyMySQL).
        dialect: the engine's dialect.
    """

    def __init__(self, connection: Any, dialect: Dialect) -> None:
        self.dialect = dialect
        self.connection = connection

    def run(self, work: Callable[[Any], T], *, write: bool) -> T:
        """Run ``work`` on the host's connection; a write inside a savepoint (or its own
        transaction when the connection is in autocommit mode with none open)."""
        conn = self.connection
        cursor = conn.cursor()
        try:
            if not write:
                return work(cursor)
            mode = self.dialect.host_mode(conn)
            if mode == "own":
                cursor.execute(self.dialect.begin)
                try:
                    result = work(cursor)
                    cursor.execute("COMMIT")
                except BaseException:
                    _rollback(conn, cursor)
                    raise
                return result
            if mode == "open":
                # sqlite3's legacy transaction control would have begun this transaction at
                # our first write, with the host's chosen flavour; begin it the same way.
                cursor.execute(f"BEGIN {conn.isolation_level}")
            cursor.execute(f"SAVEPOINT {_SAVEPOINT}")
            try:
                result = work(cursor)
            except BaseException:
                with contextlib.suppress(Exception):
                    cursor.execute(f"ROLLBACK TO SAVEPOINT {_SAVEPOINT}")
                    cursor.execute(f"RELEASE SAVEPOINT {_SAVEPOINT}")
                raise
            cursor.execute(f"RELEASE SAVEPOINT {_SAVEPOINT}")
            return result
        finally:
            with contextlib.suppress(Exception):
                cursor.close()

    def close(self) -> None:
        """Nothing to do: the connection is the host's."""
