"""The SQL adapters' tables, their versioned migrations, and the check run when a store opens.

Three tables, named with an optional prefix (and, on PostgreSQL, an optional schema):
``comments`` (one row per comment, author fields as columns, the verdict as JSON text, and the
placement written once at insert: ``root_id``, ``depth`` and the materialised ``path`` of ids
from the root down), ``votes`` (one row per voter per comment) and ``threadkit_migrations``
(one row per applied schema version). A database whose recorded version is newer than
:data:`SCHEMA_VERSION` is refused with :class:`~threadkit.SchemaVersionError` rather than
written to by code that does not understand it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import attrs

from threadkit._errors import SchemaVersionError, StoreError
from threadkit.store._dialects import Dialect

#: The newest schema version this code creates and understands.
SCHEMA_VERSION = 1
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,39}")


def check_identifier(value: str, what: str, *, allow_empty: bool = False) -> str:
    """A schema name or table prefix: letters, digits and underscores (ValueError otherwise)."""
    if allow_empty and value == "":
        return value
    if not isinstance(value, str) or not _NAME.fullmatch(value):
        raise ValueError(
            f"{what} must be 1-40 letters, digits or underscores, not starting with a digit: "
            f"{value!r}"
        )
    return value


@attrs.frozen
class Tables:
    """The quoted, qualified names of one store's tables.

    Attributes:
        prefix: prepended to every table and index name ("" for none).
        schema: the PostgreSQL schema holding the tables, or None for the search path.
        comments: the comments table, ready to splice into SQL.
        votes: the votes table.
        migrations: the schema-version table.
    """

    prefix: str
    schema: str | None
    comments: str
    votes: str
    migrations: str

    @classmethod
    def named(cls, dialect: Dialect, prefix: str = "", schema: str | None = None) -> Tables:
        """The tables for ``prefix`` (and ``schema``), validated and quoted for ``dialect``."""
        check_identifier(prefix, "table prefix", allow_empty=True)
        if schema is not None:
            check_identifier(schema, "schema")

        def qualified(name: str) -> str:
            table = dialect.quote(prefix + name)
            return f"{dialect.quote(schema)}.{table}" if schema else table

        return cls(
            prefix=prefix,
            schema=schema,
            comments=qualified("comments"),
            votes=qualified("votes"),
            migrations=qualified("threadkit_migrations"),
        )

    def lock_key(self) -> str:
        """A name for this set of tables, for the engine's advisory lock during migration."""
        return f"threadkit:{self.schema or ''}:{self.prefix}"


# (name, columns) of every secondary index: listing roots and replies, walking a thread's
# parent links, the moderation queue (store-wide and per post, also used by counts), and one
# per history key so a flood check touches only the author's own recent rows.
_INDEXES = (
    ("roots", "post_id, depth, created_at, id"),
    ("thread", "root_id, created_at, id"),
    ("parent", "parent_id"),
    ("queue", "status, created_at, id"),
    ("post_status", "post_id, status, created_at, id"),
    ("email", "author_email, created_at"),
    ("ip", "author_ip, created_at"),
    ("name", "author_name, created_at"),
    ("user", "author_user_id, created_at"),
    ("body", "body_digest, created_at"),
)


def _version_1(d: Dialect, t: Tables) -> list[str]:
    key, ts = d.key_type, d.time_type
    p = t.prefix
    comments_columns = [
        f"id {key} NOT NULL PRIMARY KEY",
        f"post_id {key} NOT NULL",
        f"parent_id {key} NULL",
        f"root_id {key} NOT NULL",
        "depth INTEGER NOT NULL",
        f"path {d.long_text_type} NOT NULL",
        f"status {key} NOT NULL",
        f"created_at {ts} NOT NULL",
        f"edited_at {ts} NULL",
        f"author_name {key} NOT NULL",
        f"author_email {key} NULL",
        f"author_url {d.text_type} NULL",
        f"author_ip {key} NULL",
        f"author_user_id {key} NULL",
        f"body {d.long_text_type} NOT NULL",
        f"body_digest {key} NOT NULL",
        f"html {d.long_text_type} NOT NULL",
        f"verdict {d.long_text_type} NULL",
        "ups INTEGER NOT NULL DEFAULT 0",
        "downs INTEGER NOT NULL DEFAULT 0",
        f"CONSTRAINT {d.quote(p + 'comments_parent_fk')} FOREIGN KEY (parent_id) "
        f"REFERENCES {t.comments} (id)",
    ]
    votes_columns = [
        f"comment_id {key} NOT NULL",
        f"voter_id {key} NOT NULL",
        "value SMALLINT NOT NULL",
        "PRIMARY KEY (comment_id, voter_id)",
        f"CONSTRAINT {d.quote(p + 'votes_comment_fk')} FOREIGN KEY (comment_id) "
        f"REFERENCES {t.comments} (id) ON DELETE CASCADE",
    ]
    indexes = [(d.quote(f"{p}comments_{name}"), cols, "") for name, cols in _INDEXES]
    if d.partial_indexes:  # only roots are listed by this index: keep replies out of it
        indexes[0] = (indexes[0][0], "post_id, created_at, id", " WHERE depth = 0")
    if d.inline_indexes:
        comments_columns += [f"INDEX {name} ({cols})" for name, cols, _ in indexes]
    statements = [
        f"CREATE TABLE IF NOT EXISTS {t.comments} ({', '.join(comments_columns)})"
        f"{d.table_options}",
        f"CREATE TABLE IF NOT EXISTS {t.votes} ({', '.join(votes_columns)}){d.table_options}",
    ]
    if not d.inline_indexes:
        statements += [
            f"CREATE INDEX IF NOT EXISTS {name} ON {t.comments} ({cols}){where}"
            for name, cols, where in indexes
        ]
    return statements


@attrs.frozen
class Migration:
    """One schema version: its number, what it does, and its statements for an engine.

    Attributes:
        version: the version reached once applied.
        description: one line for the migrations table.
        statements: builds the DDL for a dialect and set of tables.
    """

    version: int
    description: str
    statements: Callable[[Dialect, Tables], list[str]]


MIGRATIONS = (Migration(1, "comments, votes and their indexes", _version_1),)


def migrations_table(d: Dialect, t: Tables) -> str:
    """The DDL of the table recording applied versions (created before anything else)."""
    return (
        f"CREATE TABLE IF NOT EXISTS {t.migrations} (version INTEGER NOT NULL PRIMARY KEY, "
        f"description {d.text_type} NOT NULL, applied_at {d.time_type} NOT NULL)"
        f"{d.table_options}"
    )


def current_version(cursor: Any, d: Dialect, t: Tables) -> int:
    """The highest applied version (0 when the table is empty)."""
    cursor.execute(f"SELECT MAX(version) FROM {t.migrations}")
    row = cursor.fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def upgrade(cursor: Any, d: Dialect, t: Tables) -> int:
    """Bring the tables to :data:`SCHEMA_VERSION`; returns the version found before.

    The caller holds whatever lock keeps two processes from migrating at once. Raises
    SchemaVersionError when the database is newer than this code.
    """
    cursor.execute(migrations_table(d, t))
    found = current_version(cursor, d, t)
    if found > SCHEMA_VERSION:
        raise SchemaVersionError(found, SCHEMA_VERSION)
    for migration in MIGRATIONS:
        if migration.version <= found:
            continue
        for statement in migration.statements(d, t):
            cursor.execute(statement)
        record = f"INSERT INTO {t.migrations} (version, description, applied_at) VALUES (?, ?, ?)"
        cursor.execute(
            d.sql(record),
            (migration.version, migration.description, d.time_in(datetime.now(UTC))),
        )
    return found


def verify(found: int | None) -> None:
    """Refuse to work on tables missing, older or newer than this code (``found``: their
    version, None when the migrations table does not exist)."""
    if found is None or found < SCHEMA_VERSION:
        what = "no threadkit tables" if not found else f"schema version {found}"
        raise StoreError(
            f"the database has {what}; this threadkit needs version {SCHEMA_VERSION}: "
            "call the store's migrate() (or construct it with create=True)"
        )
    if found > SCHEMA_VERSION:
        raise SchemaVersionError(found, SCHEMA_VERSION)


def drop_statements(d: Dialect, t: Tables) -> list[str]:
    """DROP TABLE statements removing this store's tables (children before parents)."""
    return [f"DROP TABLE IF EXISTS {name}" for name in (t.votes, t.comments, t.migrations)]
