"""The running example through the comment service, on a SQLite database.

    python examples/job_offer.py

"Turning Down a Job Offer" by John Lynn has three responses: Todd Winnick and Daisuke answer
the post, and the author answers Daisuke. Each is submitted to a ``CommentService`` as a
reader's form would; first comments are held, so the blog owner approves them. The thread is
then printed as the blog shows it. Finally a recruiter's accusation is held with the words
that caused it, while the job seeker quoting the same words is not treated as an attack.
"""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

from threadkit import Author, Comment, Status
from threadkit._example import (
    ACCUSATION,
    BLOG_TIME,
    EXAMPLE_POST,
    REPORTED_SPEECH,
    example_responses,
)
from threadkit.service import CommentService
from threadkit.store import SQLiteStore
from threadkit.thread import render_text


class Clock:
    """The service's clock: set to when each example comment was written."""

    def __init__(self) -> None:
        self.now = EXAMPLE_POST.published

    def __call__(self) -> datetime:
        return self.now


def main(folder: Path) -> None:
    """Submit, approve, print the thread, then show one comment held and one let through."""
    clock = Clock()
    service = CommentService(SQLiteStore(folder / "blog.sqlite3"), clock=clock)

    stored: dict[str, Comment] = {}
    for response in example_responses():
        draft = response.draft
        assert draft.created_at is not None
        clock.now = draft.created_at
        parent = stored[response.reply_to].id if response.reply_to else None
        result = service.submit(
            post_id=EXAMPLE_POST.id, parent_id=parent, author=draft.author, body=draft.body
        )
        if result.held:  # a first comment: the blog owner approves it
            print(f"Approving {draft.author.name}'s first comment.")
            stored[response.key] = service.approve(result.comment.id)
        else:
            stored[response.key] = result.comment
    print()

    page = service.thread(EXAMPLE_POST.id, tz=BLOG_TIME)
    assert page.total == 3
    assert page.next_cursor is None
    print(render_text(page.thread, title=EXAMPLE_POST.title))
    john = page.thread.find(stored["john"].id)
    assert john is not None
    assert john.depth == 1
    assert john.reply_to is not None
    assert john.reply_to.author.name == "Daisuke"

    # A recruiter who has commented on this blog before, so only his words can hold him.
    recruiter = Author("A. Recruiter", email="recruiter@example.com")
    earlier = service.submit(post_id="an-earlier-post", author=recruiter, body="Useful, thanks.")
    service.approve(earlier.comment.id)
    clock.now = datetime(2017, 5, 20, 9, 30, tzinfo=BLOG_TIME)
    hostile = service.submit(post_id=EXAMPLE_POST.id, author=recruiter, body=ACCUSATION)
    assert hostile.comment.status is Status.PENDING
    print(f"Held for a moderator: {ACCUSATION!r}")
    for finding in hostile.verdict.findings:
        if finding.category == "toxicity":
            start, end = finding.span
            print(f"  {ACCUSATION[start:end]!r} at {start}-{end}: {finding.reason}")

    clock.now = datetime(2017, 5, 20, 11, 0, tzinfo=BLOG_TIME)
    seeker = Author("The job seeker", email="seeker@example.com")
    report = service.submit(post_id=EXAMPLE_POST.id, author=seeker, body=REPORTED_SPEECH)
    toxic = [f for f in report.verdict.findings if f.category == "toxicity"]
    assert not toxic
    print(f"\nNo toxicity finding for the job seeker's report: {REPORTED_SPEECH!r}")
    print(f"  (its status: {report.comment.status.value}; a first comment is always held)")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        main(Path(tmp))
