"""The small model every pillar shares: authors, comments, drafts and moderation verdicts.

Models are frozen and validated when built, so a value that exists is a valid value; change one
with ``attrs.evolve``, which validates again.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any

import attrs

from threadkit._errors import InvalidComment


class Status(enum.StrEnum):
    """Where a comment stands in moderation. Only ``APPROVED`` is shown to every reader."""

    PENDING = "pending"
    APPROVED = "approved"
    SPAM = "spam"
    TRASH = "trash"
    DELETED = "deleted"


class Action(enum.StrEnum):
    """What a moderation verdict decides."""

    APPROVE = "approve"
    HOLD = "hold"
    REJECT = "reject"


def _fail(field: str, value: object, message: str) -> InvalidComment:
    return InvalidComment(field, value, message)


def _optional_str(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise _fail(attribute.name, value, f"must be a string or None, not {type(value).__name__}")


def _nonempty_str(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value:
        raise _fail(attribute.name, value, "must be a non-empty string")


def _str(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise _fail(attribute.name, value, f"must be a string, not {type(value).__name__}")


def _optional_aware(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _aware(inst, attribute, value)


def _aware(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, datetime):
        raise _fail(attribute.name, value, "must be a datetime")
    if value.tzinfo is None or value.utcoffset() is None:
        raise _fail(
            attribute.name,
            value,
            "must be timezone-aware (naive datetimes are ambiguous; use datetime.now(UTC))",
        )


def _count(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise _fail(attribute.name, value, "must be a non-negative integer")


def _instance_of(cls: type, *, optional: bool = False) -> Any:
    """An attrs validator raising InvalidComment, so bad input never escapes as a bare TypeError."""

    def check(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if optional and value is None:
            return
        if not isinstance(value, cls):
            raise _fail(attribute.name, value, f"must be {'None or ' if optional else ''}"
                        f"{'an' if cls.__name__[0] in 'AEIOU' else 'a'} {cls.__name__}, "
                        f"not {type(value).__name__}")  # fmt: skip

    return check


def _status(value: object) -> Status:
    try:
        return Status(value if isinstance(value, Status) else str(value))
    except ValueError:
        allowed = ", ".join(s.value for s in Status)
        raise _fail("status", value, f"must be one of {allowed}") from None


def _freeze_meta(value: Mapping[str, str] | None) -> Mapping[str, str]:
    return MappingProxyType(dict(value or {}))


@attrs.frozen
class Author:
    """Who wrote a comment, as the blog's form or login knows them.

    Attributes:
        name: display name; required.
        email: contact address, never shown publicly; used to recognise returning authors.
        url: the author's website, if given.
        ip: the client address the comment came from (for flood checks).
        user_id: the blog engine's account id for logged-in authors.
    """

    name: str = attrs.field(validator=_str)
    email: str | None = attrs.field(default=None, validator=_optional_str)
    url: str | None = attrs.field(default=None, validator=_optional_str)
    ip: str | None = attrs.field(default=None, validator=_optional_str)
    user_id: str | None = attrs.field(default=None, validator=_optional_str)


@attrs.frozen
class Finding:
    """One piece of evidence a moderation rule found, pointing at the reader's own words.

    Attributes:
        rule: the rule's name.
        category: "spam", "toxicity", "safety" or a user category.
        score: what the finding adds to the verdict's score (may be negative).
        span: (start, end) offsets into the original text; (0, 0) when not about the text.
        excerpt: the original text at ``span``.
        reason: one sentence a moderator or the commenter can read.
    """

    rule: str
    category: str
    score: float
    span: tuple[int, int]
    excerpt: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict, as stores and the CLI write it."""
        return {
            "rule": self.rule,
            "category": self.category,
            "score": self.score,
            "span": list(self.span),
            "excerpt": self.excerpt,
            "reason": self.reason,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        """Inverse of :meth:`to_dict`."""
        start, end = data["span"]
        return cls(
            rule=str(data["rule"]),
            category=str(data["category"]),
            score=float(data["score"]),
            span=(int(start), int(end)),
            excerpt=str(data["excerpt"]),
            reason=str(data["reason"]),
        )


def _findings(value: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(value)


@attrs.frozen
class Verdict:
    """A moderation decision and the findings behind it.

    Attributes:
        action: approve, hold or reject.
        score: the sum of the findings' scores.
        findings: every finding, in rule order.
    """

    action: Action = attrs.field(converter=Action)
    score: float = 0.0
    findings: tuple[Finding, ...] = attrs.field(default=(), converter=_findings)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict, as stores and the CLI write it."""
        return {
            "action": self.action.value,
            "score": self.score,
            "findings": [f.to_dict() for f in self.findings],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Verdict:
        """Inverse of :meth:`to_dict`."""
        return cls(
            action=Action(data["action"]),
            score=float(data["score"]),
            findings=tuple(Finding.from_dict(f) for f in data.get("findings", ())),
        )


@attrs.frozen
class CommentDraft:
    """A comment as submitted, before a store has given it an id: what the rule set checks.

    Attributes:
        post_id: the page or article the comment belongs to.
        body: what the reader wrote.
        author: who wrote it.
        parent_id: the comment this one answers, or None for a top-level comment.
        created_at: when it was written; None lets the store use the current time.
        meta: request details (user agent, referrer, honeypot field) for rules that want them.
    """

    post_id: str = attrs.field(validator=_nonempty_str)
    body: str = attrs.field(validator=_str)
    author: Author = attrs.field(validator=_instance_of(Author))
    parent_id: str | None = attrs.field(default=None, validator=_optional_str)
    created_at: datetime | None = attrs.field(default=None, validator=_optional_aware)
    meta: Mapping[str, str] = attrs.field(factory=dict, converter=_freeze_meta)


@attrs.frozen
class Comment:
    """A stored comment.

    Attributes:
        id: opaque id assigned by a store.
        post_id: the page or article the comment belongs to.
        parent_id: the comment this one answers, or None for a top-level comment.
        author: who wrote it.
        body: what the reader wrote, unchanged.
        created_at: when it was written (timezone-aware).
        html: the sanitised HTML to show; empty until sanitised.
        status: moderation status.
        edited_at: when the body last changed, if ever.
        ups: up-votes.
        downs: down-votes.
        verdict: the moderation verdict stored with the comment, if it was checked.
    """

    id: str = attrs.field(validator=_nonempty_str)
    post_id: str = attrs.field(validator=_nonempty_str)
    parent_id: str | None = attrs.field(validator=_optional_str)
    author: Author = attrs.field(validator=_instance_of(Author))
    body: str = attrs.field(validator=_str)
    created_at: datetime = attrs.field(validator=_aware)
    html: str = attrs.field(default="", validator=_str)
    status: Status = attrs.field(default=Status.APPROVED, converter=_status)
    edited_at: datetime | None = attrs.field(default=None, validator=_optional_aware)
    ups: int = attrs.field(default=0, validator=_count)
    downs: int = attrs.field(default=0, validator=_count)
    verdict: Verdict | None = attrs.field(
        default=None, validator=_instance_of(Verdict, optional=True)
    )

    def __attrs_post_init__(self) -> None:
        if self.parent_id == self.id:
            raise InvalidComment(
                "parent_id", self.parent_id, "a comment cannot reply to itself", self.id
            )
        if self.edited_at is not None and self.edited_at < self.created_at:
            raise InvalidComment("edited_at", self.edited_at, "is before created_at", self.id)
