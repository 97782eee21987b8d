"""Plumbing the SQL adapters share: ids, row mapping, statement rendering and the schema calls.

:class:`SQLBase` holds a runner (the store's own connection pool, or the host's connection
after :meth:`SQLBase.using`), the table names and the dialect, and turns rows into
:class:`~threadkit.Comment` values. The operations themselves live in
:mod:`threadkit.store._sqlread` (queries) and :mod:`threadkit.store._sql` (writes).
"""

from __future__ import annotations

import base64
import copy
import json
import random
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any, Self

from threadkit._errors import CommentNotFound, StoreError
from threadkit._model import Author, Comment, Status, Verdict
from threadkit.store import _helpers as h
from threadkit.store._cursor import decode_cursor, encode_cursor, from_micros
from threadkit.store._protocol import Page
from threadkit.store._sqlconn import HostRunner, Runner
from threadkit.store._sqlschema import (
    SCHEMA_VERSION,
    Tables,
    current_version,
    drop_statements,
    upgrade,
    verify,
)

#: The columns a Comment is built from, in the order :meth:`SQLBase._comment` reads them.
COLUMNS = (
    "id, post_id, parent_id, author_name, author_email, author_url, author_ip, author_user_id, "
    "body, created_at, html, status, edited_at, ups, downs, verdict"
)
_STATUSES = {s.value: s for s in Status}
#: Ids per ``IN (...)`` list: below every engine's parameter limit (SQLite's is 32,766).
CHUNK = 5_000
_id_lock = threading.Lock()
_last_micros = 0


def new_id() -> str:
    """A fresh comment id: 24 characters, time-ordered within a process, random across them.

    56 bits of the current microsecond (bumped so ids never repeat or go back in this
    process) then 64 random bits, in base32hex, whose alphabet keeps numeric order: processes
    sharing a database need no coordination, and ids inserted together sit together in the
    primary-key index. ``random`` is reseeded in forked children, so they never collide.
    """
    global _last_micros
    with _id_lock:
        micros = max(time.time_ns() // 1000, _last_micros + 1)
        _last_micros = micros
    value = (micros << 64) | random.getrandbits(64)
    return base64.b32hexencode(value.to_bytes(15, "big")).decode("ascii").lower()


class DriverNotInstalled(StoreError, ImportError):
    """An adapter's database driver is not installed; the message names the extra to add.

    Attributes:
        adapter: the adapter's class name.
        package: the missing driver's import name.
        extra: the threadkit extra that installs it.
    """

    def __init__(self, adapter: str, package: str, extra: str):
        self.adapter = adapter
        self.package = package
        self.extra = extra
        super().__init__(
            f"{adapter} needs the {package!r} package; install it with "
            f"pip install 'threadkit[{extra}]'"
        )


def marks(count: int) -> str:
    """``count`` parameter markers for an ``IN (...)`` list."""
    return ", ".join("?" * count)


def chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    """``values`` in slices of at most :data:`CHUNK`."""
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def verdict_json(verdict: Verdict | None) -> str | None:
    """The verdict as JSON text for its column (None stays NULL)."""
    # ASCII-only JSON: a NUL or any odd character in an excerpt is escaped, never a driver error.
    return None if verdict is None else json.dumps(verdict.to_dict(), separators=(",", ":"))


class SQLBase:
    """Connection handling, schema calls and row mapping under every SQL store."""

    def __init__(
        self,
        runner: Runner,
        tables: Tables,
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._runner = runner
        self._dialect = runner.dialect
        self._tables = tables
        self._clock = clock or h.now_utc
        d = self._dialect
        self._sql_cache: dict[str, str] = {}
        self._time_out = d.time_out
        self._time_in = d.time_in
        self._keyset = {
            ">": "(created_at, id) > (?, ?)" if d.row_values
            else "(created_at > ? OR (created_at = ? AND id > ?))",
            "<": "(created_at, id) < (?, ?)" if d.row_values
            else "(created_at < ? OR (created_at = ? AND id < ?))",
        }

    # -- plumbing -----------------------------------------------------------------------

    @property
    def tables(self) -> Tables:
        """The (quoted, qualified) names of this store's tables."""
        return self._tables

    def using(self, connection: Any) -> Self:
        """This store working on ``connection``, a connection the host application holds.

        Every operation of the returned store runs on that connection and inside whatever
        transaction the host has open: a write is wrapped in a savepoint (so a failed one
        leaves nothing behind), and nothing is ever committed, rolled back past that savepoint
        or closed: when the host rolls back, the comments it added are gone. With a connection
        in autocommit mode and no transaction open, each write is its own transaction. The
        tables must exist (this store created or checked them when it opened). The returned
        store is as thread-safe as the connection: share it only as the host shares that.
        """
        clone = copy.copy(self)
        clone._runner = HostRunner(connection, self._dialect)
        return clone

    def migrate(self) -> int:
        """Create this store's tables, or bring them up to this threadkit's schema version.

        Returns the version found before (0 for a new database). Safe when several processes
        open the same database at once: the engine's lock lets one migrate at a time.

        Raises:
            SchemaVersionError: the database was written by a newer threadkit.
        """
        return self._runner.run(self._upgrade, write=True)

    def schema_version(self) -> int | None:
        """The schema version recorded in the database, or None when it has no tables yet."""

        def work(cursor: Any) -> int | None:
            if not self._table_exists(cursor, self._tables.prefix + "threadkit_migrations"):
                return None
            return current_version(cursor, self._dialect, self._tables)

        return self._runner.run(work, write=False)

    def drop_tables(self) -> None:
        """Drop this store's tables and every comment in them (for tests and uninstalling)."""

        def work(cursor: Any) -> None:
            for statement in drop_statements(self._dialect, self._tables):
                cursor.execute(statement)

        self._runner.run(work, write=True)

    def _open(self, create: bool) -> None:
        """Check the schema when the store opens, creating or upgrading it if ``create``."""
        found = self.schema_version()
        if create and (found is None or found < SCHEMA_VERSION):
            self.migrate()
        else:
            verify(found)

    def _upgrade(self, cursor: Any) -> int:
        """Run the migrations on ``cursor``; adapters add the engine's lock around it."""
        return upgrade(cursor, self._dialect, self._tables)

    def _table_exists(self, cursor: Any, name: str) -> bool:
        """Whether this store's schema has a table called ``name`` (adapters implement it)."""
        raise NotImplementedError

    def close(self) -> None:
        """Close the connections this store opened (a store from :meth:`using` has none)."""
        self._runner.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _sql(self, template: str) -> str:
        """``template`` with table names, lock clause and placeholders filled in (cached)."""
        rendered = self._sql_cache.get(template)
        if rendered is None:
            if len(self._sql_cache) > 512:  # IN lists of every length would grow it forever
                self._sql_cache.clear()
            t = self._tables
            rendered = self._dialect.sql(
                template.replace("{comments}", t.comments).replace("{votes}", t.votes)
            )
            self._sql_cache[template] = rendered
        return rendered

    def _comment(
        self, row: Sequence[Any], authors: dict[tuple[Any, ...], Author] | None = None
    ) -> Comment:
        """The Comment for a row of :data:`COLUMNS`.

        ``authors`` caches Author values across the rows of one result: a thread's regulars
        appear again and again, and an Author is immutable, so one instance serves them all.
        """
        (cid, post_id, parent_id, name, email, url, ip, user_id, body, created_at, html,
         status, edited_at, ups, downs, verdict) = row
        key = (name, email, url, ip, user_id)
        author = authors.get(key) if authors is not None else None
        if author is None:
            author = Author(name, email, url, ip, user_id)
            if authors is not None:
                authors[key] = author
        try:
            known = _STATUSES[status]
        except KeyError:
            raise StoreError(f"comment {cid!r} has an unknown status {status!r}") from None
        return Comment(
            cid, post_id, parent_id, author, body, self._time_out(created_at), html, known,
            None if edited_at is None else self._time_out(edited_at), ups, downs,
            None if verdict is None else Verdict.from_dict(json.loads(verdict)),
        )

    def _locked(self, cursor: Any, comment_id: str) -> Comment:
        """The comment, its row locked for this transaction; CommentNotFound when absent."""
        cursor.execute(self._sql(f"SELECT {COLUMNS} FROM {{comments}} WHERE id = ?{{lock}}"),
                       (comment_id,))
        row = cursor.fetchone()
        if row is None:
            raise CommentNotFound(comment_id)
        return self._comment(row)

    def _has_replies(self, cursor: Any, comment_id: str) -> bool:
        """Whether any stored comment answers ``comment_id`` (locking the one found)."""
        cursor.execute(
            self._sql("SELECT id FROM {comments} WHERE parent_id = ? LIMIT 1{lock}"), (comment_id,)
        )
        return cursor.fetchone() is not None

    def _select(self, template: str, params: Sequence[Any]) -> list[Comment]:
        """The comments a read-only statement returns, in its order."""
        sql = self._sql(template)

        def work(cursor: Any) -> list[Any]:
            cursor.execute(sql, params)
            return list(cursor.fetchall())

        authors: dict[tuple[Any, ...], Author] = {}
        return [self._comment(row, authors) for row in self._runner.run(work, write=False)]

    def _page(self, template: str, params: list[Any], limit: int, fingerprint: str) -> Page:
        """One page of at most ``limit`` (the statement asks for one more, to know if more
        follow), with a cursor after its last comment when they do."""
        items = self._select(template, [*params, limit + 1])
        if len(items) <= limit:
            return Page(items, None)
        last = items[limit - 1]
        return Page(items[:limit], encode_cursor(fingerprint, last.created_at, last.id))

    def _after(self, cursor: str | None, fingerprint: str, op: str) -> tuple[str, list[Any]]:
        """The keyset condition (`` AND ...``) and its parameters for a cursor, if any."""
        if cursor is None:
            return "", []
        key = decode_cursor(cursor, fingerprint)
        moment = self._time_in(from_micros(key.created_at_us))
        if self._dialect.row_values:
            return f" AND {self._keyset[op]}", [moment, key.comment_id]
        return f" AND {self._keyset[op]}", [moment, moment, key.comment_id]

    # -- placement ----------------------------------------------------------------------

    def placement(self, comment_id: str) -> tuple[str, int]:
        """``(root_id, depth)`` written for a comment at insert (roots: their own id, 0)."""
        root_id, depth, _ = self._placement(comment_id)
        return root_id, depth

    def materialised_path(self, comment_id: str) -> str:
        """The materialised path written at insert: the ids from the root down, joined by "/".

        A comment's subtree is every row of its thread whose path starts with this path + "/".
        """
        return self._placement(comment_id)[2]

    def _placement(self, comment_id: str) -> tuple[str, int, str]:
        if not h.plausible_id(comment_id):
            raise CommentNotFound(str(comment_id))
        sql = self._sql("SELECT root_id, depth, path FROM {comments} WHERE id = ?")

        def work(cursor: Any) -> tuple[str, int, str] | None:
            cursor.execute(sql, (comment_id,))
            row = cursor.fetchone()
            return None if row is None else (row[0], int(row[1]), row[2])

        found = self._runner.run(work, write=False)
        if found is None:
            raise CommentNotFound(comment_id)
        return found

    def _status_filter(
        self, wanted: frozenset[Status] | None, column: str = "status"
    ) -> tuple[str, list[str]]:
        """`` AND status IN (...)`` and its parameters (nothing for "every status")."""
        if wanted is None:
            return "", []
        values = [s.value for s in h.sorted_statuses(wanted)]
        return f" AND {column} IN ({marks(len(values))})", values
