"""A plain-text rendering of a thread, laid out the way a blog lists its responses.

Numbered ("1.", "2.", "2.1."), nested by indentation, author and date on each comment. It is
what the demo prints, and a model for HTML templates: everything it uses is public on
:class:`~threadkit.thread.Node`.
"""

from __future__ import annotations

import textwrap
from datetime import datetime

from threadkit._model import Status
from threadkit.thread._node import MoreReplies, Node, Thread

# Month names are spelled out here rather than taken from strftime("%B"), which follows the
# process locale: the same thread should print the same way on every machine.
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_INDENT = "    "


def format_date(moment: datetime) -> str:
    """A date as blogs print it under a comment: ``May 19, 2017`` (in the datetime's zone)."""
    return f"{_MONTHS[moment.month - 1]} {moment.day}, {moment.year}"


def responses_heading(count: int, title: str) -> str:
    """``3 Responses to “Title”``, with the singular for one."""
    noun = "Response" if count == 1 else "Responses"
    return f"{count} {noun} to “{title}”"


def _byline(node: Node) -> str:
    if node.is_tombstone:
        return "[removed]"
    comment = node.comment
    line = f"{comment.author.name or 'Anonymous'} — {format_date(comment.created_at)}"
    if node.flattened and node.reply_to is not None:
        target = node.reply_to.author.name or "a removed comment"
        line += f" (in reply to {target})"
    if comment.status is Status.PENDING:
        line += " [awaiting moderation]"
    return line


def _more_line(more: MoreReplies) -> str:
    replies = "reply" if more.count == 1 else "replies"
    line = f"… {more.count} more {replies}"
    if more.total != more.count:
        line += f" ({more.total} comments)"
    return line


def _wrap(text: str, prefix: str, width: int) -> list[str]:
    room = max(20, width - len(prefix))
    lines: list[str] = []
    for paragraph in text.strip().split("\n\n"):
        if lines:
            lines.append("")
        words = " ".join(paragraph.split())
        lines.extend(prefix + line for line in textwrap.wrap(words, room) or [""])
    return lines


def render_text(
    thread: Thread, *, title: str | None = None, width: int = 78, start: int = 1
) -> str:
    """The thread as text: an optional ``N Responses to “title”`` heading, then each comment.

    Args:
        thread: what ``build_thread`` returned.
        title: the post's title for the heading; None leaves the heading out.
        width: the line width to wrap bodies to.
        start: the number of the first root (on page 2 of 10-root pages, 11).
    """
    out: list[str] = []
    if title is not None:
        out.append(responses_heading(thread.total, title))
    numbers: list[int] = []
    # A "more replies" line goes after the node's shown replies, so it waits on this stack
    # until the walk comes back up to the node's level.
    waiting: list[tuple[int, str]] = []

    def flush(down_to: int) -> None:
        while waiting and waiting[-1][0] >= down_to:
            _, line = waiting.pop()
            out.extend(("", line))

    for node in thread.walk():
        depth = node.depth
        flush(depth + 1)
        del numbers[depth + 1 :]
        if len(numbers) == depth + 1:
            numbers[depth] += 1
        else:
            numbers.append(start if depth == 0 else 1)
        label = ".".join(map(str, numbers)) + ". "
        indent = _INDENT * depth
        out.append("")
        out.append(indent + label + _byline(node))
        if not node.is_tombstone:
            out.extend(_wrap(node.comment.body, indent + " " * len(label), width))
        if node.more is not None:
            waiting.append((depth + 1, _INDENT * (depth + 1) + _more_line(node.more)))
    flush(0)
    return "\n".join(out).lstrip("\n") + "\n"
