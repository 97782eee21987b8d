"""Small builders shared by the thread tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from threadkit import Author, Comment, Status
from threadkit.thread import Thread

BASE = datetime(2017, 5, 19, 8, 0, tzinfo=UTC)


def c(
    cid: str,
    parent: str | None = None,
    minute: int = 0,
    *,
    status: Status = Status.APPROVED,
    ups: int = 0,
    downs: int = 0,
    post: str = "post-1",
    author: str | None = None,
) -> Comment:
    """A comment with just what a thread test cares about."""
    return Comment(
        id=cid,
        post_id=post,
        parent_id=parent,
        author=Author(name=author or f"author of {cid}"),
        body=f"body of {cid}",
        created_at=BASE + timedelta(minutes=minute),
        status=status,
        ups=ups,
        downs=downs,
    )


def shape(thread: Thread) -> list[tuple[str, int]]:
    """(id, depth) for each node in display order."""
    return [(n.comment.id, n.depth) for n in thread.walk()]


def signature(thread: Thread) -> list[tuple[object, ...]]:
    """Everything observable about each node, in display order."""
    return [
        (
            n.comment.id,
            n.depth,
            n.is_tombstone,
            None if n.reply_to is None else n.reply_to.id,
            n.flattened,
            None if n.more is None else (n.more.count, n.more.total, n.more.next_id),
            tuple(k.comment.id for k in n.children),
        )
        for n in thread.walk()
    ]
