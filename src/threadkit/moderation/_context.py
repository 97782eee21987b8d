"""What a rule may know beyond the text: the author's recent comments and standing, and "now"."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import attrs

from threadkit._model import Comment, CommentDraft


def _comments(value: Iterable[Comment]) -> tuple[Comment, ...]:
    return tuple(value)


def _aware_or_none(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise TypeError(f"{attribute.name} must be a timezone-aware datetime or None")


@attrs.frozen
class CheckContext:
    """History and standing a service looks up in its store before checking a comment.

    The duplicate, flood and first-comment rules need it; without it they stay silent, so
    ``ruleset.check(text)`` on its own judges the words only.

    Attributes:
        recent: recent comments sharing the author, IP address or body with the one checked
            (``CommentStore.history`` returns them), any order.
        known_author: True when the author has an approved comment already, False for a
            first-time author, None when unknown (the first-comment rule is then off).
        now: the instant that time windows end at; None means the current time.
    """

    recent: tuple[Comment, ...] = attrs.field(default=(), converter=_comments)
    known_author: bool | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(bool))
    )
    now: datetime | None = attrs.field(default=None, validator=_aware_or_none)

    def current_time(self, draft: CommentDraft | None = None) -> datetime:
        """``now`` if set, else the draft's ``created_at``, else the current UTC time."""
        if self.now is not None:
            return self.now
        if draft is not None and draft.created_at is not None:
            return draft.created_at
        return datetime.now(UTC)


EMPTY_CONTEXT = CheckContext()
