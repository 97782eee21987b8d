"""What the service hands back: a submitted comment with its verdict, and one page of a thread."""

from __future__ import annotations

import attrs

from threadkit._model import Comment, Status, Verdict
from threadkit.thread import Thread


@attrs.frozen
class SubmitResult:
    """A comment as stored by :meth:`CommentService.submit`, and why it got its status.

    Attributes:
        comment: the stored comment; ``comment.status`` follows the verdict (approve ->
            approved, hold -> pending, reject -> spam) and ``comment.verdict`` is ``verdict``.
        verdict: the moderation verdict, with each finding's rule, span and reason.
    """

    comment: Comment
    verdict: Verdict

    @property
    def visible(self) -> bool:
        """True when every reader sees the comment now (it was approved)."""
        return self.comment.status is Status.APPROVED

    @property
    def held(self) -> bool:
        """True when the comment waits in the moderation queue (pending)."""
        return self.comment.status is Status.PENDING


@attrs.frozen
class ThreadPage:
    """One page of a post's comments, ready to render.

    Attributes:
        thread: the nested comments of this page's top-level comments (``walk()``, ``len()``).
        total: visible comments on the whole post, for a heading like "3 Responses" (pending
            ones count too in a moderator's view).
        next_cursor: pass to :meth:`CommentService.thread` for the next page; None on the last.
    """

    thread: Thread
    total: int
    next_cursor: str | None
