"""Tests of pagination by root, cursors, permalinks (page_of) and "more replies" stubs."""

from __future__ import annotations

import base64
import json

import pytest

from _thread_support import c, shape
from threadkit import Comment, InvalidCursor, Status
from threadkit.thread import build_thread, page_of

ROOTS = [c(f"r{i}", None, i) for i in range(7)] + [c("k", "r3", 30), c("kk", "k", 31)]


def root_ids(comments: list[Comment], **options: object) -> list[list[str]]:
    """Root ids page by page, following next_cursor to the end."""
    pages, cursor = [], None
    while True:
        page = build_thread(comments, cursor=cursor, **options)  # type: ignore[arg-type]
        pages.append([n.comment.id for n in page.roots])
        cursor = page.next_cursor
        if cursor is None:
            return pages


def test_pages_of_roots_carry_their_replies() -> None:
    """A page holds page_size roots with every reply under them; the last has no cursor."""
    first = build_thread(ROOTS, page_size=3)
    assert [n.comment.id for n in first.roots] == ["r0", "r1", "r2"]
    assert first.next_cursor is not None
    second = build_thread(ROOTS, page_size=3, cursor=first.next_cursor)
    assert shape(second) == [("r3", 0), ("k", 1), ("kk", 2), ("r4", 0), ("r5", 0)]
    assert len(second) == 5
    assert second.total == len(ROOTS)
    assert root_ids(ROOTS, page_size=3) == [["r0", "r1", "r2"], ["r3", "r4", "r5"], ["r6"]]


def test_exact_fit_has_no_empty_last_page() -> None:
    """When the roots divide evenly, the last full page has no next cursor."""
    assert root_ids(ROOTS[:6], page_size=3) == [["r0", "r1", "r2"], ["r3", "r4", "r5"]]


def test_cursor_stays_right_when_comments_arrive() -> None:
    """New roots between requests neither repeat nor skip roots (keyset, not offset)."""
    first = build_thread(ROOTS, order="newest", page_size=3)
    assert [n.comment.id for n in first.roots] == ["r6", "r5", "r4"]
    later = [*ROOTS, c("new1", None, 50), c("new2", None, 51), c("reply", "r2", 52)]
    second = build_thread(later, order="newest", page_size=3, cursor=first.next_cursor)
    assert [n.comment.id for n in second.roots] == ["r3", "r2", "r1"]
    oldest = build_thread(ROOTS, page_size=4)
    after = build_thread([c("early", None, -5), *ROOTS], page_size=4, cursor=oldest.next_cursor)
    assert [n.comment.id for n in after.roots] == ["r4", "r5", "r6"]


def test_cursor_survives_its_root_being_removed() -> None:
    """If the page's last root is deleted, the next page still starts after its position."""
    first = build_thread(ROOTS, page_size=2)
    gone = [x if x.id != "r1" else c("r1", None, 1, status=Status.SPAM) for x in ROOTS]
    second = build_thread(gone, page_size=2, cursor=first.next_cursor)
    assert [n.comment.id for n in second.roots] == ["r2", "r3"]


def test_score_order_cursor() -> None:
    """Cursors work for score orders, whose key is (score, time, id)."""
    voted = [c(f"v{i}", None, i, ups=i % 3) for i in range(8)]
    pages = root_ids(voted, order="top", page_size=3)
    assert [x for page in pages for x in page] == [
        n.comment.id for n in build_thread(voted, order="top").roots
    ]


def test_cursor_from_another_order_is_refused() -> None:
    """A cursor made for one order cannot page another."""
    cursor = build_thread(ROOTS, order="top", page_size=2).next_cursor
    assert cursor is not None
    with pytest.raises(InvalidCursor, match="'top'"):
        build_thread(ROOTS, order="oldest", page_size=2, cursor=cursor)


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "not base64 at all!",
        base64.urlsafe_b64encode(b"{}").decode(),
        base64.urlsafe_b64encode(json.dumps([9, "oldest", 1, "x"]).encode()).decode(),
        base64.urlsafe_b64encode(json.dumps([1, "oldest", "soon", "x"]).encode()).decode(),
        base64.urlsafe_b64encode(json.dumps([1, "oldest", 10**30, "x"]).encode()).decode(),
        base64.urlsafe_b64encode(json.dumps([1, "oldest", 5, 6, "x"]).encode()).decode(),
        "A" * 5000,
    ],
)
def test_malformed_cursors_are_refused(cursor: str) -> None:
    """Garbage, other versions, wrong shapes and huge cursors raise InvalidCursor."""
    with pytest.raises(InvalidCursor):
        build_thread(ROOTS, page_size=2, cursor=cursor)


def test_page_of_finds_the_page_for_a_permalink() -> None:
    """page_of gives the page number, its cursor and the root a reply sits under."""
    ref = page_of(ROOTS, "kk", page_size=3)
    assert ref is not None
    assert (ref.number, ref.root_id) == (2, "r3")
    page = build_thread(ROOTS, page_size=3, cursor=ref.cursor)
    assert page.find("kk") is not None
    first = page_of(ROOTS, "r1", page_size=3)
    assert first is not None
    assert (first.number, first.cursor) == (1, None)


def test_page_of_hidden_or_unknown_is_none() -> None:
    """Comments not shown with these options have no page; tombstones do."""
    comments = [*ROOTS, c("gone", "r0", 40, status=Status.DELETED), c("under", "gone", 41)]
    assert page_of(comments, "missing", page_size=3) is None
    assert page_of(comments, "gone", page_size=3, removed="reparent") is None
    assert page_of(comments, "under", page_size=3, removed="hide") is None
    tomb = page_of(comments, "gone", page_size=3)
    assert tomb is not None
    assert tomb.root_id == "r0"


def test_page_of_follows_the_depth_limit() -> None:
    """With max_depth=0 every comment is a root, so a reply gets its own place."""
    ref = page_of(ROOTS, "kk", page_size=3, max_depth=0)
    assert ref is not None
    assert ref.root_id == "kk"


MANY = [c("p", None, 0)] + [c(f"a{i}", "p", i + 1) for i in range(5)] + [c("deep", "a4", 20)]


def test_more_replies_stub_counts_what_is_left() -> None:
    """max_replies shows the first replies and a stub with the direct and total counts."""
    thread = build_thread(MANY, max_replies=2)
    root = thread.roots[0]
    assert [k.comment.id for k in root.children] == ["a0", "a1"]
    assert root.more is not None
    assert (root.more.count, root.more.total, root.more.next_id) == (3, 4, "a2")
    assert root.more.parent_id == "p"
    assert thread.find("deep") is None
    assert len(thread) == 3
    assert thread.total == len(MANY)


def test_zero_max_replies_shows_only_stubs() -> None:
    """max_replies=0 shows roots alone, each with a stub for its replies."""
    thread = build_thread(MANY, max_replies=0)
    assert shape(thread) == [("p", 0)]
    assert thread.roots[0].more is not None
    assert thread.roots[0].more.total == 6


def test_more_stub_skips_hidden_replies() -> None:
    """Hidden replies neither take a place nor count in the stub."""
    comments = [*MANY, c("spam", "p", 0, status=Status.SPAM)]
    thread = build_thread(comments, max_replies=2)
    assert [k.comment.id for k in thread.roots[0].children] == ["a0", "a1"]
    assert thread.roots[0].more is not None
    assert thread.roots[0].more.count == 3
