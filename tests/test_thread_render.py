"""Tests of the text renderer, the running example script and the demo command's thread."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import attrs
import pytest

from _thread_support import c
from threadkit import Status
from threadkit._example import EXAMPLE_POST, example_comments, example_responses
from threadkit.thread import build_thread, format_date, render_text

ROOT = Path(__file__).resolve().parent.parent


def check_example_thread(text: str) -> None:
    """The blog's layout: heading, numbers, nesting, names and dates."""
    assert "3 Responses to “Turning Down a Job Offer”" in text
    lines = text.splitlines()
    todd = lines.index("1. Todd Winnick — May 19, 2017")
    daisuke = lines.index("2. Daisuke — May 19, 2017")
    john = lines.index("    2.1. John Lynn — May 19, 2017")
    assert todd < daisuke < john
    # Each body sits under its byline, indented past the number.
    assert lines[todd + 1].startswith("   ")
    assert lines[todd + 1].strip()
    assert lines[john + 1].startswith(" " * 9)
    assert "Daisuke" in lines[john + 1]
    assert "Leave a Reply" not in text or text.index("Leave a Reply") > text.index("2.1.")


def test_example_thread_renders_like_the_blog() -> None:
    """The example's three responses print numbered, nested, with authors and dates."""
    thread = build_thread(example_comments())
    check_example_thread(render_text(thread, title=EXAMPLE_POST.title))


def test_example_data_is_consistent() -> None:
    """John Lynn answers Daisuke; every response is on the post, on 19 May 2017 locally."""
    responses = {r.key: r for r in example_responses()}
    assert responses["john"].reply_to == "daisuke"
    assert [r.draft.author.name for r in responses.values()] == [
        "Todd Winnick",
        "Daisuke",
        "John Lynn",
    ]
    for response in responses.values():
        assert response.draft.post_id == EXAMPLE_POST.id
        assert response.draft.created_at is not None
        assert format_date(response.draft.created_at) == "May 19, 2017"
    assert format_date(EXAMPLE_POST.published) == "May 2, 2017"


def test_example_script_prints_the_thread() -> None:
    """examples/job_offer.py runs and prints the thread as the blog shows it."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "job_offer.py")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        timeout=60,
    )
    check_example_thread(result.stdout)


def test_demo_command_prints_the_thread(capsys: pytest.CaptureFixture[str]) -> None:
    """`threadkit demo` prints the example thread in the blog's layout."""
    from threadkit.cli import main

    assert main(["demo"]) == 0
    check_example_thread(capsys.readouterr().out)


def test_heading_is_singular_for_one() -> None:
    """One response reads "1 Response to", none "0 Responses to"."""
    assert render_text(build_thread([c("a")]), title="T").startswith("1 Response to “T”\n")
    assert render_text(build_thread([]), title="T") == "0 Responses to “T”\n"
    assert "Response" not in render_text(build_thread([c("a")]))


def test_numbering_nests_and_restarts_per_level() -> None:
    """Roots count 1, 2, ...; replies 2.1, 2.2; grandchildren 2.1.1; start offsets roots."""
    comments = [
        c("a", None, 0),
        c("b", None, 1),
        c("b1", "b", 2),
        c("b1x", "b1", 3),
        c("b2", "b", 4),
        c("z", None, 5),
    ]
    text = render_text(build_thread(comments))
    labels = re.findall(r"^ *([\d.]+)\. ", text, re.M)
    assert labels == ["1", "2", "2.1", "2.1.1", "2.2", "3"]
    indents = [len(m) for m in re.findall(r"^( *)[\d.]+\. ", text, re.M)]
    assert indents == [0, 0, 4, 8, 4, 0]
    offset = render_text(build_thread(comments, page_size=2, cursor=None), start=11)
    assert re.findall(r"^ *([\d.]+)\. ", offset, re.M)[:2] == ["11", "12"]


def test_tombstones_flattened_and_pending_are_marked() -> None:
    """Removed comments print as [removed]; flattened replies name their target; pending flagged."""
    comments = [
        c("a", None, 0, author="Todd"),
        c("b", "a", 1, status=Status.DELETED),
        c("b1", "b", 2, author="Daisuke"),
        c("d1", "b1", 3, author="John"),
        c("p", "a", 4, status=Status.PENDING, author="New reader"),
    ]
    text = render_text(build_thread(comments, include_pending=True))
    assert "1.1. [removed]" in text
    assert "body of b\n" not in text
    assert "New reader — May 19, 2017 [awaiting moderation]" in text
    flat = render_text(build_thread(comments, max_depth=2))
    assert "John — May 19, 2017 (in reply to Daisuke)" in flat
    reparented = render_text(build_thread(comments, removed="reparent"))
    assert "Daisuke — May 19, 2017 (in reply to a removed comment)" in reparented


def test_more_line_follows_the_shown_replies() -> None:
    """The "more replies" line comes after the replies that are shown, at their indent."""
    comments = [c("p")] + [c(f"k{i}", "p", i + 1) for i in range(4)] + [c("g", "k0", 9)]
    text = render_text(build_thread(comments, max_replies=1))
    lines = [ln for ln in text.splitlines() if ln.strip()]
    more = lines.index("    … 3 more replies")
    assert lines[more - 2].strip().startswith("1.1.1.")
    one = render_text(build_thread(comments[:3], max_replies=1))
    assert "… 1 more reply\n" in one
    nested = render_text(build_thread([*comments, c("g2", "k1", 10)], max_replies=1))
    assert "… 3 more replies (4 comments)" in nested


def test_bodies_wrap_to_the_width() -> None:
    """Long bodies wrap within the width, keeping paragraphs apart."""
    comment = attrs.evolve(c("a"), body="word " * 60 + "\n\nsecond paragraph")
    text = render_text(build_thread([comment]), width=40)
    body = text.splitlines()[1:]
    assert all(len(line) <= 40 for line in body)
    assert "" in body
    assert body[-1].strip() == "second paragraph"


def test_format_date_uses_the_datetimes_own_zone() -> None:
    """Dates print as "May 19, 2017" in the zone the datetime carries, whatever the locale."""
    late = datetime(2017, 5, 19, 23, 30, tzinfo=timezone(timedelta(hours=-7)))
    assert format_date(late) == "May 19, 2017"
    assert format_date(late.astimezone(UTC)) == "May 20, 2017"
    assert format_date(datetime(2024, 12, 1, tzinfo=UTC)) == "December 1, 2024"
