"""Validation and shaping every adapter shares, so all stores accept, refuse and return alike.

Adapters call these before touching storage: a draft is checked in full before anything is
written, and edits and tombstones are built as new ``Comment`` values here, so an adapter only
has to persist what it is handed. The rules themselves are documented on
:class:`~threadkit.store.CommentStore`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable
from datetime import UTC, datetime

import attrs

from threadkit._errors import InvalidComment, ParentInOtherPost, ParentNotFound
from threadkit._model import Author, Comment, CommentDraft, Status, Verdict

#: Longest post id, comment id, author name, e-mail, ip, user id or voter id a store accepts
#: (characters). Bounded so SQL adapters can index these columns on every engine.
MAX_KEY_LENGTH = 255
#: Longest author URL a store accepts (characters).
MAX_URL_LENGTH = 2048
#: Bodies (and html) up to this many characters of any Unicode must round-trip exactly. It is
#: not a limit stores enforce, but the size the conformance kit checks (the sanitiser's maximum).
GUARANTEED_BODY_LENGTH = 65_536

_AUTHOR_LIMITS = {
    "name": MAX_KEY_LENGTH,
    "email": MAX_KEY_LENGTH,
    "url": MAX_URL_LENGTH,
    "ip": MAX_KEY_LENGTH,
    "user_id": MAX_KEY_LENGTH,
}


def utc(moment: datetime) -> datetime:
    """``moment`` converted to UTC; stores keep and return every timestamp in UTC."""
    return moment.astimezone(UTC)


def now_utc() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)


def check_text(field: str, value: str | None, limit: int | None = None) -> None:
    """Refuse text a store cannot hold exactly: NUL characters, or more than ``limit`` chars."""
    if value is None:
        return
    if "\x00" in value:
        raise InvalidComment(field, value[:80], "must not contain NUL characters")
    if limit is not None and len(value) > limit:
        raise InvalidComment(field, value[:80] + "…", f"is longer than {limit} characters")


def check_author(author: Author) -> None:
    """Check every author field for NULs and length."""
    for name, limit in _AUTHOR_LIMITS.items():
        check_text(f"author.{name}", getattr(author, name), limit)


def check_draft(draft: CommentDraft, html: str = "") -> None:
    """Everything about a new comment that can be checked without reading the store."""
    if not isinstance(draft, CommentDraft):
        raise InvalidComment("draft", draft, "must be a CommentDraft")
    check_text("post_id", draft.post_id, MAX_KEY_LENGTH)
    check_text("parent_id", draft.parent_id, MAX_KEY_LENGTH)
    check_text("body", draft.body)
    check_text("html", html)
    check_author(draft.author)


def check_parent(draft: CommentDraft, parent: Comment | None) -> None:
    """Raise ParentNotFound / ParentInOtherPost unless ``parent`` may take ``draft`` as a reply.

    ``parent`` is what the store found under ``draft.parent_id`` (None when nothing). Any stored
    comment can be answered, whatever its status: whether a reader may reply to a held or
    deleted comment is the service's policy, not the store's.
    """
    if draft.parent_id is None:
        return
    if parent is None:
        raise ParentNotFound(None, draft.parent_id)
    if parent.post_id != draft.post_id:
        raise ParentInOtherPost(None, draft.parent_id, draft.post_id, parent.post_id)


def new_comment(
    draft: CommentDraft,
    comment_id: str,
    *,
    status: Status,
    html: str,
    verdict: Verdict | None,
    now: datetime | None = None,
) -> Comment:
    """The stored comment for ``draft``: ``created_at`` is the draft's or ``now``, in UTC."""
    created = draft.created_at if draft.created_at is not None else (now or now_utc())
    return Comment(
        id=comment_id,
        post_id=draft.post_id,
        parent_id=draft.parent_id,
        author=draft.author,
        body=draft.body,
        created_at=utc(created),
        html=html,
        status=Status(status),
        verdict=verdict,
    )


def apply_edit(
    current: Comment,
    *,
    body: str,
    html: str,
    verdict: Verdict | None,
    status: Status | None,
    edited_at: datetime | None,
    now: datetime | None = None,
) -> Comment:
    """``current`` with a new body: html and verdict replaced, status kept unless given.

    ``edited_at`` defaults to now; one before ``created_at`` raises InvalidComment (the model's
    own check), so a bad edit is refused before anything is written.
    """
    check_text("body", body)
    check_text("html", html)
    if verdict is not None and not isinstance(verdict, Verdict):
        raise InvalidComment("verdict", verdict, "must be a Verdict or None", current.id)
    when = edited_at if edited_at is not None else (now or now_utc())
    if not isinstance(when, datetime) or when.utcoffset() is None:
        raise InvalidComment("edited_at", when, "must be a timezone-aware datetime", current.id)
    return attrs.evolve(
        current,
        body=body,
        html=html,
        verdict=verdict,
        status=current.status if status is None else Status(status),
        edited_at=utc(when),
    )


def tombstone(comment: Comment) -> Comment:
    """What ``remove`` leaves of a comment that has replies.

    Status DELETED, body and html emptied, and the verdict dropped too (its findings quote the
    removed text). Id, post, parent, author, times and votes are kept so replies stay placed.
    """
    return attrs.evolve(comment, status=Status.DELETED, body="", html="", verdict=None)


def normalize_expected(
    expected: Status | Collection[Status] | None,
) -> frozenset[Status] | None:
    """``set_status``'s ``expected`` as a set of statuses, or None for "any status".

    A single status (or its string value) means that status; an empty collection is refused
    with ValueError, since it could never match and is surely a caller's mistake.
    """
    if expected is None:
        return None
    if isinstance(expected, str):  # Status is a StrEnum, so this covers both
        return frozenset({Status(expected)})
    found = frozenset(Status(s) for s in expected)
    if not found:
        raise ValueError("expected must name at least one status (or be None for any)")
    return found


def normalize_statuses(statuses: Collection[Status] | None) -> frozenset[Status] | None:
    """A listing's status filter as a set, or None for "every status" (empty matches none)."""
    if statuses is None:
        return None
    if isinstance(statuses, str):
        return frozenset({Status(statuses)})
    return frozenset(Status(s) for s in statuses)


def sorted_statuses(statuses: Iterable[Status]) -> tuple[Status, ...]:
    """Statuses in a stable order, for error messages and SQL parameters."""
    return tuple(sorted(statuses, key=lambda s: s.value))


def check_limit(limit: int, name: str = "limit") -> int:
    """A page size must be a positive int; anything else is a caller's bug (ValueError)."""
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise ValueError(f"{name} must be a positive integer, not {limit!r}")
    return limit


def check_since(since: datetime) -> datetime:
    """``history``'s window start, which must be aware; returned in UTC."""
    if not isinstance(since, datetime) or since.utcoffset() is None:
        raise ValueError(f"since must be a timezone-aware datetime, not {since!r}")
    return utc(since)


def check_vote(voter_id: str, value: int) -> None:
    """A vote is -1, 0 (withdraw) or 1, by a non-empty voter id (ValueError otherwise)."""
    if not isinstance(value, int) or isinstance(value, bool) or value not in (-1, 0, 1):
        raise ValueError(f"vote value must be -1, 0 or 1, not {value!r}")
    if not plausible_id(voter_id):
        raise ValueError(f"voter_id must be a non-empty string without NUL, not {voter_id!r}")


def plausible_id(comment_id: object) -> bool:
    """Whether ``comment_id`` could name a stored comment at all.

    Adapters answer CommentNotFound (or leave it out of ``get_many``) for anything else without
    asking the database, so odd input (empty, NUL, huge, not a string) never becomes a driver
    error.
    """
    return (
        isinstance(comment_id, str)
        and 0 < len(comment_id) <= MAX_KEY_LENGTH
        and "\x00" not in comment_id
    )


def history_keys(
    *,
    email: str | None = None,
    ip: str | None = None,
    author_name: str | None = None,
    user_id: str | None = None,
    body: str | None = None,
) -> dict[str, str]:
    """The keys ``history`` matches on: the given ones, empty strings ignored.

    Empty values are dropped because a blank form field would otherwise match every other
    blank one (and every tombstone's empty body). Keys are "email", "ip", "name", "user_id"
    and "body"; each matches its field exactly (case-sensitive, code point for code point).
    """
    given = {"email": email, "ip": ip, "name": author_name, "user_id": user_id, "body": body}
    return {key: value for key, value in given.items() if value}


def history_match(comment: Comment, keys: dict[str, str]) -> bool:
    """Whether ``comment`` matches any of ``keys`` (from :func:`history_keys`)."""
    fields = {
        "email": comment.author.email,
        "ip": comment.author.ip,
        "name": comment.author.name,
        "user_id": comment.author.user_id,
        "body": comment.body,
    }
    return any(fields[key] == value for key, value in keys.items())


@attrs.frozen
class KnownAuthorQuery:
    """Who ``known_author`` looks for among APPROVED comments.

    With ``user_id`` or ``email`` set, a comment matches when its author has the same user id
    or the same e-mail. Otherwise (``name`` set) only comments whose author gave the same name
    and neither a user id nor an e-mail match: an anonymous name must not borrow the standing
    of a registered author who happens to share it. An author with no name, e-mail or user id
    matches nobody.

    Attributes:
        user_id: the user id to match, if the author has one.
        email: the e-mail to match, if the author has one.
        name: the name to match, only when the author has neither.
    """

    user_id: str | None
    email: str | None
    name: str | None

    @classmethod
    def for_author(cls, author: Author) -> KnownAuthorQuery:
        """The query for ``author`` (empty strings count as absent; a blank author matches none)."""
        if author.user_id or author.email:
            return cls(user_id=author.user_id or None, email=author.email or None, name=None)
        return cls(user_id=None, email=None, name=author.name or None)

    @property
    def is_empty(self) -> bool:
        """True when nothing identifies the author, so nobody matches."""
        return self.user_id is None and self.email is None and self.name is None

    def matches(self, author: Author) -> bool:
        """Whether a stored comment's ``author`` counts as the same person."""
        if self.name is not None:
            return author.name == self.name and not author.user_id and not author.email
        return (self.user_id is not None and author.user_id == self.user_id) or (
            self.email is not None and author.email == self.email
        )


def body_digest(body: str) -> str:
    """A fixed-size digest of a body, for indexing "identical body" look-ups in SQL."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()
