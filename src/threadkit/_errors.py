"""The exception hierarchy: one root, narrow subclasses that carry what a handler needs.

Moderation verdicts are values, never exceptions; these are for input and configuration that
cannot be honoured, and for stores refusing an operation.
"""

from __future__ import annotations

from collections.abc import Sequence


class ThreadkitError(Exception):
    """Root of every error threadkit raises on purpose."""


class InvalidComment(ThreadkitError, ValueError):
    """A model field failed validation when the model was built.

    Attributes:
        field: the offending field's name.
        value: the rejected value.
        comment_id: the comment's id when known.
    """

    def __init__(self, field: str, value: object, message: str, comment_id: str | None = None):
        self.field = field
        self.value = value
        self.comment_id = comment_id
        where = f" (comment {comment_id!r})" if comment_id else ""
        super().__init__(f"{field}: {message}{where}")


class ThreadError(ThreadkitError, ValueError):
    """A set of comments cannot form a valid thread."""


class ParentNotFound(ThreadError, LookupError):
    """A reply names a parent that does not exist (in the input, or in the store).

    Attributes:
        comment_id: the reply (None when the reply is not stored yet).
        parent_id: the missing parent.
    """

    def __init__(self, comment_id: str | None, parent_id: str):
        self.comment_id = comment_id
        self.parent_id = parent_id
        who = f"comment {comment_id!r}" if comment_id else "new comment"
        super().__init__(f"{who} replies to {parent_id!r}, which does not exist")


class ParentInOtherPost(ThreadError):
    """A reply's parent belongs to a different post.

    Attributes:
        comment_id: the reply (None when not stored yet).
        parent_id: the parent.
        post_id: the reply's post.
        parent_post_id: the parent's post.
    """

    def __init__(
        self, comment_id: str | None, parent_id: str, post_id: str, parent_post_id: str
    ):
        self.comment_id = comment_id
        self.parent_id = parent_id
        self.post_id = post_id
        self.parent_post_id = parent_post_id
        who = f"comment {comment_id!r}" if comment_id else "new comment"
        super().__init__(
            f"{who} on post {post_id!r} replies to {parent_id!r}, "
            f"which is on post {parent_post_id!r}"
        )


class CycleDetected(ThreadError):
    """Parent links form a loop, so no comment in it can be placed.

    Attributes:
        comment_ids: the comments on the cycle, in parent order.
    """

    def __init__(self, comment_ids: Sequence[str]):
        self.comment_ids = tuple(comment_ids)
        super().__init__("reply cycle: " + " -> ".join(map(repr, self.comment_ids)))


class DuplicateCommentId(ThreadError):
    """Two comments share one id.

    Attributes:
        comment_id: the id seen twice.
    """

    def __init__(self, comment_id: str):
        self.comment_id = comment_id
        super().__init__(f"comment id {comment_id!r} appears more than once")


class InvalidCursor(ThreadkitError, ValueError):
    """A pagination cursor is malformed or belongs to another listing.

    Attributes:
        cursor: the rejected cursor.
    """

    def __init__(self, cursor: str, why: str = "malformed"):
        self.cursor = cursor
        super().__init__(f"invalid cursor {cursor!r}: {why}")


class ContentTooLarge(ThreadkitError, ValueError):
    """Input exceeds a declared limit; raised before any parser runs.

    Attributes:
        limit_name: which limit ("length", "depth" or "attributes").
        limit: the configured maximum.
        actual: what the input had (a lower bound when counting stopped early).
    """

    def __init__(self, limit_name: str, limit: int, actual: int):
        self.limit_name = limit_name
        self.limit = limit
        self.actual = actual
        super().__init__(f"input {limit_name} {actual} exceeds the maximum of {limit}")


class RuleConfigError(ThreadkitError, ValueError):
    """A moderation configuration is broken.

    Attributes:
        rule: the rule's name (or "ruleset" for top-level settings).
        key: the offending key (None when the rule itself is the problem).
    """

    def __init__(self, rule: str, key: str | None, message: str):
        self.rule = rule
        self.key = key
        where = f"{rule}.{key}" if key else rule
        super().__init__(f"{where}: {message}")


class UnknownRule(RuleConfigError, KeyError):
    """A rule name that the rule set does not have.

    Attributes:
        rule: the unknown name.
    """

    def __init__(self, rule: str, known: Sequence[str] = ()):
        hint = f"; known rules: {', '.join(sorted(known))}" if known else ""
        super().__init__(rule, None, f"no rule with this name{hint}")

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0])


class StoreError(ThreadkitError):
    """A store could not carry out an operation; nothing was written."""


class CommentNotFound(StoreError, LookupError):
    """No stored comment has this id.

    Attributes:
        comment_id: the id asked for.
    """

    def __init__(self, comment_id: str):
        self.comment_id = comment_id
        super().__init__(f"no comment with id {comment_id!r}")


class StatusConflict(StoreError):
    """A status change expected one status but found another (someone acted first).

    Attributes:
        comment_id: the comment.
        expected: the statuses the caller expected.
        actual: the status found.
    """

    def __init__(self, comment_id: str, expected: Sequence[object], actual: object):
        self.comment_id = comment_id
        self.expected = tuple(expected)
        self.actual = actual
        want = " or ".join(str(getattr(s, "value", s)) for s in self.expected)
        got = getattr(actual, "value", actual)
        super().__init__(f"comment {comment_id!r} is {got}, expected {want}")


class SchemaVersionError(StoreError):
    """A database's threadkit schema is newer than this threadkit understands.

    Attributes:
        found: the schema version in the database.
        supported: the newest version this code knows.
    """

    def __init__(self, found: int, supported: int):
        self.found = found
        self.supported = supported
        super().__init__(
            f"database schema version {found} is newer than supported version {supported}"
        )


class InvalidTransition(ThreadkitError, ValueError):
    """A moderation action does not apply to the comment's current status.

    Attributes:
        comment_id: the comment.
        action: the action asked for ("approve", "reject", ...).
        status: the comment's status when asked.
    """

    def __init__(self, comment_id: str, action: str, status: object):
        self.comment_id = comment_id
        self.action = action
        self.status = status
        got = getattr(status, "value", status)
        super().__init__(f"cannot {action} comment {comment_id!r}: it is {got}")
