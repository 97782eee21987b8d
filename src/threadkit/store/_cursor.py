"""Keyset cursors shared by every adapter: an opaque, URL-safe token for "after this comment".

A cursor holds the sort key of the last comment on a page, ``(created_at, id)``, and a short
fingerprint of the listing it came from (which query, post, order and statuses). Decoding it
against another listing raises :class:`~threadkit.InvalidCursor`, so a cursor taken from the
newest-first page of one post cannot silently page through another post. Because the position
is a key rather than an offset, pages stay correct when comments are added or removed between
requests. Cursors are not signed: tampering with one only moves the reader within a listing
they may read anyway.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Collection
from datetime import UTC, datetime, timedelta

import attrs

from threadkit._errors import InvalidCursor
from threadkit._model import Status

_VERSION = 1
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Hard cap on what we even try to decode: a real cursor is well under 1 KiB, and refusing
# longer input keeps a hostile query string from costing more than a trivial amount of work.
_MAX_CURSOR_LENGTH = 2048
_ALPHABET = re.compile(r"[A-Za-z0-9_-]+={0,2}")


def to_micros(moment: datetime) -> int:
    """Microseconds since the Unix epoch for an aware datetime: the exact sort key SQL stores."""
    delta = moment - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_micros(micros: int) -> datetime:
    """The UTC datetime for microseconds since the Unix epoch (inverse of :func:`to_micros`)."""
    return _EPOCH + timedelta(microseconds=micros)


def _status_key(statuses: Collection[Status] | None) -> str:
    if statuses is None:
        return "*"
    return ",".join(sorted(Status(s).value for s in statuses))


def listing_fingerprint(
    kind: str,
    post_id: str | None,
    *,
    newest_first: bool = False,
    statuses: Collection[Status] | None = None,
) -> str:
    """A short digest naming one listing, so cursors from another listing are refused.

    Args:
        kind: the query, e.g. ``"roots"`` or ``"status"``.
        post_id: the post listed, or None for a store-wide listing.
        newest_first: the order.
        statuses: the status filter (order and duplicates do not matter), or None for all.
    """
    parts = [kind, "" if post_id is None else "p:" + post_id, "desc" if newest_first else "asc"]
    parts.append(_status_key(statuses))
    raw = json.dumps(parts, ensure_ascii=False).encode("utf-8")
    return hashlib.blake2b(raw, digest_size=9).hexdigest()


@attrs.frozen
class CursorKey:
    """The position a cursor points after.

    Attributes:
        created_at_us: the last comment's ``created_at`` in microseconds since the epoch (UTC).
        comment_id: the last comment's id, which breaks ties between equal timestamps.
    """

    created_at_us: int
    comment_id: str

    @property
    def created_at(self) -> datetime:
        """``created_at_us`` as a UTC datetime."""
        return from_micros(self.created_at_us)


def encode_cursor(fingerprint: str, created_at: datetime | int, comment_id: str) -> str:
    """An opaque URL-safe cursor for "after (created_at, comment_id)" within ``fingerprint``."""
    micros = created_at if isinstance(created_at, int) else to_micros(created_at)
    payload = json.dumps([_VERSION, fingerprint, micros, comment_id], separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, fingerprint: str) -> CursorKey:
    """The position ``cursor`` points after; raises InvalidCursor if it is malformed or foreign.

    Args:
        cursor: a value :func:`encode_cursor` produced (or anything a client sent back).
        fingerprint: the fingerprint of the listing being asked for.
    """
    if not isinstance(cursor, str) or len(cursor) > _MAX_CURSOR_LENGTH:
        raise InvalidCursor(str(cursor)[:100], "malformed")
    if not _ALPHABET.fullmatch(cursor):
        raise InvalidCursor(cursor, "malformed")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw.decode("utf-8"))
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InvalidCursor(cursor, "malformed") from None
    if (
        not isinstance(data, list)
        or len(data) != 4
        or data[0] != _VERSION
        or not isinstance(data[1], str)
        or type(data[2]) is not int
        or not isinstance(data[3], str)
        or not data[3]
    ):
        raise InvalidCursor(cursor, "malformed")
    if data[1] != fingerprint:
        raise InvalidCursor(cursor, "it belongs to another listing")
    try:
        from_micros(data[2])
    except OverflowError:
        raise InvalidCursor(cursor, "timestamp out of range") from None
    return CursorKey(created_at_us=data[2], comment_id=data[3])
