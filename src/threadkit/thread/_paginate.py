"""Opaque keyset cursors over a thread's top-level comments.

A cursor holds the sort key of the last root on a page (score, time, id) and the order's name.
The next page is "every root after that key", not "skip N roots", so a comment posted between
two requests neither repeats a root on the next page nor skips one. Cursors are not signed:
editing one only moves the reader within a thread they may read anyway.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from threadkit._errors import InvalidCursor
from threadkit._model import Comment
from threadkit.thread._order import Order, SortKey

_VERSION = 1
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# A real cursor is well under 200 characters; refusing long ones bounds the work a hostile
# query string can cause.
_MAX_LENGTH = 1024


def _micros(moment: datetime) -> int:
    delta = moment - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def encode_cursor(order: Order, key: SortKey) -> str:
    """The cursor pointing just after the root whose sort key is ``key``."""
    *score, moment, comment_id = key
    # A custom score may be any real number type; JSON carries int and float exactly.
    numbers = [s if isinstance(s, int | float) else float(s) for s in score]
    payload = [_VERSION, order.name, *numbers, _micros(moment), comment_id]
    raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(order: Order, cursor: str) -> SortKey:
    """The sort key a cursor points after; raises :class:`InvalidCursor` if it cannot be used."""
    if not isinstance(cursor, str) or not cursor or len(cursor) > _MAX_LENGTH:
        raise InvalidCursor(str(cursor)[:_MAX_LENGTH], "empty, too long or not a string")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        payload = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError) as exc:
        raise InvalidCursor(cursor, "not a thread cursor") from exc
    width = 5 if order.score is not None else 4
    if not isinstance(payload, list) or len(payload) not in (4, 5) or payload[0] != _VERSION:
        raise InvalidCursor(cursor, "not a thread cursor of this version")
    if payload[1] != order.name:
        raise InvalidCursor(cursor, f"made for order {payload[1]!r}, not {order.name!r}")
    if len(payload) != width:
        raise InvalidCursor(cursor, "does not match the order's key")
    *score, micros, comment_id = payload[2:]
    numbers_ok = all(isinstance(s, int | float) and not isinstance(s, bool) for s in score)
    if not (numbers_ok and type(micros) is int and isinstance(comment_id, str)):
        raise InvalidCursor(cursor, "malformed key")
    try:
        moment = _EPOCH + timedelta(microseconds=micros)
    except OverflowError as exc:
        raise InvalidCursor(cursor, "time out of range") from exc
    return (*score, moment, comment_id)


def roots_after(
    roots: Sequence[Comment], key_of: Callable[[Comment], SortKey], after: SortKey, *, desc: bool
) -> int:
    """The index of the first root that sorts after ``after`` in display order.

    ``roots`` is already in display order, so "comes after the cursor" is false, then true:
    a binary search finds the boundary in O(log n).
    """
    if desc:
        return bisect.bisect_left(roots, True, key=lambda c: key_of(c) < after)
    return bisect.bisect_left(roots, True, key=lambda c: key_of(c) > after)
