"""Comment storage: the :class:`CommentStore` Protocol, its optional capabilities and adapters.

``MemoryStore`` is the in-process reference; ``SQLiteStore``, ``PostgresStore`` and
``MySQLStore`` share one DB-API core (the database drivers are imported only when used). Writing an
adapter for a blog engine's own tables is described in ``docs/storage.md``; check one with
:class:`threadkit.testing.StoreConformance`. The validation and cursor helpers below are the
building blocks every bundled adapter uses, public so that an engine's own adapter accepts,
refuses and pages exactly like them.
"""

from threadkit.store._cursor import (
    CursorKey,
    decode_cursor,
    encode_cursor,
    from_micros,
    listing_fingerprint,
    to_micros,
)
from threadkit.store._helpers import (
    MAX_KEY_LENGTH,
    MAX_URL_LENGTH,
    KnownAuthorQuery,
    apply_edit,
    check_draft,
    check_limit,
    check_parent,
    check_since,
    history_keys,
    new_comment,
    normalize_expected,
    normalize_statuses,
    plausible_id,
    tombstone,
)
from threadkit.store._memory import MemoryStore
from threadkit.store._mysql import MySQLStore
from threadkit.store._postgres import PostgresStore
from threadkit.store._protocol import CommentStore, Page, SupportsCounts, SupportsVotes
from threadkit.store._sqlbase import DriverNotInstalled
from threadkit.store._sqlite import SQLiteStore

__all__ = [
    "MAX_KEY_LENGTH",
    "MAX_URL_LENGTH",
    "CommentStore",
    "CursorKey",
    "DriverNotInstalled",
    "KnownAuthorQuery",
    "MemoryStore",
    "MySQLStore",
    "Page",
    "PostgresStore",
    "SQLiteStore",
    "SupportsCounts",
    "SupportsVotes",
    "apply_edit",
    "check_draft",
    "check_limit",
    "check_parent",
    "check_since",
    "decode_cursor",
    "encode_cursor",
    "from_micros",
    "history_keys",
    "listing_fingerprint",
    "new_comment",
    "normalize_expected",
    "normalize_statuses",
    "plausible_id",
    "to_micros",
    "tombstone",
]
