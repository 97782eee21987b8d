"""Hook event records and the hook registry a blog engine hands to the service.

Each hook is a plain callable receiving one frozen :class:`CommentEvent`, so adding a field to an
event later never breaks a hook's signature.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Iterable

import attrs

from threadkit._model import Comment, Verdict

logger = logging.getLogger("threadkit.service")


class EventKind(enum.StrEnum):
    """What happened to a comment."""

    #: The comment became visible to every reader (on submit, approval, restore or edit).
    APPROVED = "approved"
    #: A reply became visible: the moment to mail the author of the comment it answers.
    REPLY = "reply"
    #: The comment went to the moderation queue (on submit, or an edit the rules now hold).
    HELD = "held"
    #: The rules rejected the comment as spam (on submit or edit).
    REJECTED = "rejected"


@attrs.frozen
class CommentEvent:
    """One thing that happened to one comment, as a hook receives it.

    Attributes:
        kind: what happened.
        comment: the comment as stored after the change.
        verdict: the moderation verdict stored with the comment (None if it was never checked).
        cause: the service call behind the event: "submit", "edit", "approve" or "restore".
        parent: for replies, the comment answered (its author is whom to notify); else None.
    """

    kind: EventKind = attrs.field(converter=EventKind)
    comment: Comment
    verdict: Verdict | None
    cause: str
    parent: Comment | None = None


Hook = Callable[[CommentEvent], object]


def _hooks(value: Callable[[CommentEvent], object] | Iterable[Hook] | None) -> tuple[Hook, ...]:
    if value is None:
        return ()
    if callable(value):
        return (value,)
    hooks = tuple(value)
    for hook in hooks:
        if not callable(hook):
            raise TypeError(f"hook {hook!r} is not callable")
    return hooks


@attrs.frozen
class Hooks:
    """The callables to run for each kind of event; each field takes one callable or several.

    A hook runs after the comment is stored. An exception in a hook is logged on the
    ``threadkit.service`` logger and the remaining hooks still run: the comment is already
    saved, and a failing mail server must not make a reader's comment look lost.

    Attributes:
        approved: run when a comment becomes visible.
        reply: run when a reply becomes visible (after ``approved``), e.g. to send notification
            mail to the parent comment's author.
        held: run when a comment is held for moderation.
        rejected: run when the rules reject a comment as spam.
    """

    approved: tuple[Hook, ...] = attrs.field(default=(), converter=_hooks)
    reply: tuple[Hook, ...] = attrs.field(default=(), converter=_hooks)
    held: tuple[Hook, ...] = attrs.field(default=(), converter=_hooks)
    rejected: tuple[Hook, ...] = attrs.field(default=(), converter=_hooks)

    def fire(self, event: CommentEvent) -> None:
        """Run every hook registered for ``event.kind``, in order."""
        for hook in getattr(self, event.kind.value):
            try:
                hook(event)
            except Exception:
                logger.exception(
                    "hook %r failed on %s event for comment %r",
                    hook,
                    event.kind.value,
                    event.comment.id,
                )
