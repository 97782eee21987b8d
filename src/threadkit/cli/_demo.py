"""``threadkit demo``: the running example end to end, through the comment service on SQLite.

The three responses to "Turning Down a Job Offer" are submitted to a ``CommentService`` over a
temporary SQLite database (held first comments are approved, as the blog owner would), the
thread is printed as the blog shows it, then a recruiter's accusation is held with the words
that caused it highlighted, while the job seeker's report of the same words passes the
toxicity rules.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import textwrap
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from threadkit._example import (
    ACCUSATION,
    BLOG_TIME,
    EXAMPLE_POST,
    REPORTED_SPEECH,
    example_responses,
)
from threadkit._model import Author, Comment, Finding, Status
from threadkit.service import CommentService, SubmitResult
from threadkit.store import SQLiteStore
from threadkit.thread import ORDERS, format_date, render_text

_BOLD_RED = "\x1b[1;31m"
_RESET = "\x1b[0m"
RECRUITER = Author(name="A. Recruiter", email="recruiter@example.com")
JOB_SEEKER = Author(name="The job seeker", email="seeker@example.com")


class _Clock:
    """The service's clock, set to when each example comment was written."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def mark_spans(text: str, findings: Iterable[Finding], *, colour: bool, space: str = " ") -> str:
    """``text`` with every finding's span marked: ANSI bold red, or ``[brackets]``.

    ``space`` replaces the spaces inside a marked span (a placeholder keeps it on one line).
    """
    spans = sorted({f.span for f in findings if f.span[1] > f.span[0]})
    out: list[str] = []
    at = 0
    for start, end in spans:
        if start < at:  # overlapping spans: mark the union once
            start = at
        if end <= start:
            continue
        out.append(text[at:start])
        word = text[start:end].replace(" ", space)
        out.append(f"{_BOLD_RED}{word}{_RESET}" if colour else f"[{word}]")
        at = end
    out.append(text[at:])
    return "".join(out)


def _finding_lines(finding: Finding, width: int) -> list[str]:
    where = ""
    if finding.span[1] > finding.span[0]:
        start, end = finding.span
        where = f" at {start}-{end} “{finding.excerpt}”"
    line = f"- {finding.rule} ({finding.category}, {finding.score:+g}){where}: {finding.reason}"
    return textwrap.wrap(line, width, initial_indent="  ", subsequent_indent="    ")


def _explain(result: SubmitResult, *, colour: bool, width: int) -> list[str]:
    verdict = result.verdict
    lines = [
        f"Verdict: {verdict.action.value} (score {verdict.score:g});"
        f" stored as {result.comment.status.value}",
        "",
    ]
    # Stored bodies never hold NUL, so it can stand in for spaces that must not break a span.
    marked = mark_spans(result.comment.body, verdict.findings, colour=colour, space="\0")
    wrapped = textwrap.wrap(marked, width, initial_indent="  ", subsequent_indent="  ")
    lines += [line.replace("\0", " ") for line in wrapped]
    lines.append("")
    for finding in verdict.findings:
        lines += _finding_lines(finding, width)
    return lines


def _submit_responses(service: CommentService, clock: _Clock) -> list[str]:
    """The three responses, submitted in the order they were written."""
    lines: list[str] = []
    stored: dict[str, Comment] = {}
    for response in example_responses():
        draft = response.draft
        assert draft.created_at is not None  # every example response carries its time
        clock.now = draft.created_at
        parent = stored[response.reply_to].id if response.reply_to is not None else None
        result = service.submit(
            post_id=draft.post_id, parent_id=parent, author=draft.author, body=draft.body
        )
        comment = result.comment
        line = f"  {comment.author.name + ':':<14} {comment.status.value}"
        if comment.status is Status.PENDING:
            rules = ", ".join(dict.fromkeys(f.rule for f in result.verdict.findings))
            comment = service.approve(comment.id, expected=Status.PENDING)
            line += f" (held by {rules}), then approved by the blog owner"
        stored[response.key] = comment
        lines.append(line)
    return lines


def _make_known(service: CommentService, clock: _Clock, author: Author) -> None:
    """Give ``author`` an approved comment on an earlier post, so the first-comment rule is
    not what holds their next one."""
    clock.now = EXAMPLE_POST.published - timedelta(days=30)
    earlier = service.submit(
        post_id="an-earlier-post", author=author, body="Useful checklist, thanks for writing it."
    )
    if earlier.comment.status is not Status.APPROVED:
        service.approve(earlier.comment.id)


def render_example(*, order: str = "oldest", width: int = 78, colour: bool = False) -> str:
    """Run the example through a CommentService on a temporary SQLite file; return the text."""
    post = EXAMPLE_POST
    byline = f"by {post.author} · {format_date(post.published)} · " + ", ".join(post.categories)
    with tempfile.TemporaryDirectory(prefix="threadkit-demo-") as folder:
        store = SQLiteStore(Path(folder) / "demo.sqlite3")
        try:
            clock = _Clock(post.published)
            service = CommentService(store, clock=clock)
            submitted = _submit_responses(service, clock)
            page = service.thread(post.id, order=order, tz=BLOG_TIME)
            thread_text = render_text(page.thread, title=post.title, width=width).rstrip("\n")

            _make_known(service, clock, RECRUITER)
            clock.now = datetime(2017, 5, 20, 9, 30, tzinfo=BLOG_TIME)
            hostile = service.submit(post_id=post.id, author=RECRUITER, body=ACCUSATION)
            queued = len(service.queue(post_id=post.id).items)
            clock.now += timedelta(hours=2)
            report = service.submit(post_id=post.id, author=JOB_SEEKER, body=REPORTED_SPEECH)
        finally:
            store.close()
    toxic = [f for f in report.verdict.findings if f.category == "toxicity"]
    parts = [
        post.title,
        byline,
        "",
        textwrap.fill(post.summary, width),
        "",
        "Each response is submitted to a CommentService on a temporary SQLite database:",
        *submitted,
        "",
        thread_text,
        "",
        "Leave a Reply",
        "",
        "-" * min(width, 78),
        "",
        "A recruiter who has commented here before posts on the article:",
        *_explain(hostile, colour=colour, width=width),
        f"  The moderation queue now holds {queued} comment(s), each with its verdict.",
        "",
        "The job seeker reports what he was called:",
        *_explain(report, colour=colour, width=width),
        "  Toxicity rules: "
        + ("passed (no finding): reported speech is not an attack." if not toxic else "FLAGGED"),
    ]
    return "\n".join(parts) + "\n"


def _use_colour(choice: str, stream: TextIO) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return stream.isatty()


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Print the example; the ``demo`` sub-command's handler."""
    stream = out or sys.stdout
    colour = _use_colour(getattr(args, "color", "never"), stream)
    stream.write(render_example(order=args.order, width=args.width, colour=colour))
    return 0


def register(subparsers: Any) -> None:
    """Add the ``demo`` sub-command to the ``threadkit`` parser."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "demo",
        help="run the example post and its responses through the comment service",
        description="Submit the responses to “Turning Down a Job Offer” through a "
        "CommentService on a temporary SQLite database, print the thread as the blog shows "
        "it, then show how a hostile comment is held and a reported insult is not.",
    )
    parser.add_argument("--order", choices=sorted(ORDERS), default="oldest")
    parser.add_argument("--width", type=int, default=78, help="wrap text to this many columns")
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="highlight flagged words with ANSI colours (auto: only on a terminal)",
    )
    parser.set_defaults(handler=run)
