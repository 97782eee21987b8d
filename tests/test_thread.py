"""Tests of build_thread on hand-made threads: nesting, orders, depth, policies, bad input."""

from __future__ import annotations

import gc
import random

import pytest

from _thread_support import c, shape
from threadkit import (
    CycleDetected,
    DuplicateCommentId,
    ParentInOtherPost,
    ParentNotFound,
    Status,
    ThreadkitError,
)
from threadkit.thread import (
    BEST,
    ORDERS,
    InvalidOption,
    Order,
    Thread,
    best,
    build_thread,
    controversy,
    wilson_lower_bound,
)

# a: root with replies b (then d under b) and c; e: a later root.
SMALL = [
    c("a", None, 0),
    c("b", "a", 1),
    c("c", "a", 2),
    c("d", "b", 3),
    c("e", None, 4),
]


def test_nests_in_display_order() -> None:
    """Replies sit under their parent, depth first, oldest first by default."""
    thread = build_thread(SMALL)
    assert shape(thread) == [("a", 0), ("b", 1), ("d", 2), ("c", 1), ("e", 0)]
    assert [n.comment.id for n in thread.roots] == ["a", "e"]
    assert [k.comment.id for k in thread.roots[0].children] == ["b", "c"]
    assert len(thread) == 5
    assert thread.total == 5
    assert thread.orphans == ()
    assert thread.next_cursor is None


def test_input_order_does_not_matter() -> None:
    """Any shuffle of the same comments builds the same thread."""
    expected = shape(build_thread(SMALL))
    for seed in range(5):
        shuffled = SMALL[:]
        random.Random(seed).shuffle(shuffled)
        assert shape(build_thread(shuffled)) == expected


def test_accepts_any_iterable() -> None:
    """A generator works as well as a list."""
    assert shape(build_thread(x for x in SMALL)) == shape(build_thread(SMALL))


def test_find_and_reply_to() -> None:
    """find() returns the node for an id; reply_to is the parent comment, None for roots."""
    thread = build_thread(SMALL)
    d = thread.find("d")
    assert d is not None
    assert d.reply_to is not None
    assert d.reply_to.id == "b"
    assert d.flattened is False
    root = thread.find("a")
    assert root is not None
    assert root.reply_to is None
    assert thread.find("missing") is None


def test_empty_input() -> None:
    """No comments make an empty thread."""
    thread = build_thread([])
    assert (thread.roots, len(thread), thread.total, list(thread.walk())) == ((), 0, 0, [])


def test_newest_is_the_reverse_of_oldest() -> None:
    """newest reverses time at every level, ties by id reversed too."""
    comments = [*SMALL, c("b2", "a", 1)]  # same minute as b
    oldest = build_thread(comments)
    newest = build_thread(comments, order="newest")
    assert [k.comment.id for k in oldest.roots[0].children] == ["b", "b2", "c"]
    assert [n.comment.id for n in newest.roots] == ["e", "a"]
    assert [k.comment.id for k in newest.roots[1].children] == ["c", "b2", "b"]


def test_ties_break_by_time_then_id() -> None:
    """Equal scores order by time, then equal times by id, so output is deterministic."""
    comments = [
        c("z", None, 5, ups=3),
        c("y", None, 5, ups=3),
        c("x", None, 1, ups=3),
        c("w", None, 0, ups=4),
    ]
    assert [n.comment.id for n in build_thread(comments, order="top").roots] == [
        "w",
        "x",
        "y",
        "z",
    ]


def test_top_orders_by_net_votes_at_every_level() -> None:
    """top ranks ups minus downs, among roots and among replies."""
    comments = [
        c("r1", None, 0, ups=1),
        c("r2", None, 1, ups=10, downs=2),
        c("k1", "r2", 2, ups=2, downs=5),
        c("k2", "r2", 3, ups=1),
    ]
    thread = build_thread(comments, order="top")
    assert shape(thread) == [("r2", 0), ("k2", 1), ("k1", 1), ("r1", 0)]


def test_wilson_lower_bound_known_values() -> None:
    """The Wilson bound matches hand-computed values and is 0 without votes."""
    assert wilson_lower_bound(0, 0) == 0.0
    assert wilson_lower_bound(1, 0) == pytest.approx(1 / 4.8416, rel=1e-9)
    assert wilson_lower_bound(0, 5) == pytest.approx(0.0, abs=1e-12)
    assert 0 < wilson_lower_bound(9, 1) < 0.9
    assert wilson_lower_bound(90, 10) > wilson_lower_bound(9, 1)


def test_best_trusts_many_votes_over_few() -> None:
    """best puts 90/10 above 1/0 though the single vote has the higher ratio."""
    comments = [c("one", None, 0, ups=1), c("many", None, 1, ups=90, downs=10), c("none", None, 2)]
    assert [n.comment.id for n in build_thread(comments, order="best").roots] == [
        "many",
        "one",
        "none",
    ]


def test_best_z_is_configurable() -> None:
    """A larger z trusts small samples less and can reorder; it gets its own name."""
    few = c("few", None, 0, ups=3)
    more = c("more", None, 1, ups=7, downs=2)
    lax = best(0.5)
    strict = best(3.0)
    assert lax.name == "best(z=0.5)"
    assert BEST.name == "best"
    assert best() == BEST
    assert [n.comment.id for n in build_thread([few, more], order=lax).roots] == ["few", "more"]
    assert [n.comment.id for n in build_thread([few, more], order=strict).roots] == [
        "more",
        "few",
    ]
    with pytest.raises(InvalidOption):
        best(0)


def test_controversial_prefers_big_even_splits() -> None:
    """controversial: magnitude ** balance; one-sided votes score 0."""
    assert controversy(10, 10) == 20.0
    assert controversy(10, 5) == pytest.approx(15**0.5)
    assert controversy(5, 0) == 0.0
    comments = [
        c("loved", None, 0, ups=50),
        c("split", None, 1, ups=20, downs=20),
        c("leaning", None, 2, ups=30, downs=10),
    ]
    assert [n.comment.id for n in build_thread(comments, order="controversial").roots] == [
        "split",
        "leaning",
        "loved",
    ]


def test_custom_order() -> None:
    """An Order with a score function works like the built-in ones."""
    by_length = Order("long-first", score=lambda comment: len(comment.body))
    comments = [c("a", None, 0), c("bbbb", None, 1)]
    assert [n.comment.id for n in build_thread(comments, order=by_length).roots] == ["bbbb", "a"]
    assert set(ORDERS) == {"oldest", "newest", "top", "best", "controversial"}


CHAIN = [c("a", None, 0), c("b", "a", 1), c("c", "b", 2), c("d", "c", 3), c("x", "a", 4)]


def test_depth_limit_flattens_but_keeps_the_real_target() -> None:
    """Replies past max_depth sit under the last allowed level and remember whom they answered."""
    thread = build_thread(CHAIN, max_depth=1)
    assert shape(thread) == [("a", 0), ("b", 1), ("c", 1), ("d", 1), ("x", 1)]
    by_id = {n.comment.id: n for n in thread.walk()}
    assert by_id["c"].reply_to is not None
    assert by_id["c"].reply_to.id == "b"
    assert by_id["c"].flattened
    assert by_id["d"].flattened
    assert by_id["d"].reply_to is not None
    assert by_id["d"].reply_to.id == "c"
    assert not by_id["b"].flattened
    assert not by_id["x"].flattened


def test_depth_zero_is_a_flat_list() -> None:
    """max_depth=0 shows every comment at the top level, in order."""
    thread = build_thread(CHAIN, max_depth=0)
    assert shape(thread) == [(x, 0) for x in "abcdx"]
    assert [n.flattened for n in thread.walk()] == [False, True, True, True, True]


def test_changing_the_depth_limit_never_corrupts() -> None:
    """Building with a lower limit and then without one gives the original thread back."""
    unlimited = shape(build_thread(CHAIN))
    build_thread(CHAIN, max_depth=1)
    assert shape(build_thread(CHAIN)) == unlimited
    assert shape(build_thread(CHAIN, max_depth=10)) == unlimited
    assert [x.parent_id for x in CHAIN] == [None, "a", "b", "c", "a"]


REMOVED = [
    c("a", None, 0),
    c("b", "a", 1, status=Status.DELETED),
    c("c", "b", 2),
    c("s", "a", 3, status=Status.SPAM),  # hidden leaf
    c("t", None, 4, status=Status.TRASH),
    c("u", "t", 5, status=Status.SPAM),  # hidden root with only hidden replies
]


def test_tombstone_keeps_a_placeholder_for_replies() -> None:
    """A hidden comment with visible replies becomes a blank placeholder; others disappear."""
    thread = build_thread(REMOVED)
    assert shape(thread) == [("a", 0), ("b", 1), ("c", 2)]
    tomb = thread.find("b")
    assert tomb is not None
    assert tomb.is_tombstone
    assert (tomb.comment.body, tomb.comment.html, tomb.comment.author.name) == ("", "", "")
    assert tomb.comment.parent_id == "a"
    assert len(thread) == 2
    assert thread.total == 2
    reply = thread.find("c")
    assert reply is not None
    assert reply.reply_to is tomb.comment


def test_reparent_moves_replies_up() -> None:
    """reparent shows a hidden comment's replies under its nearest visible ancestor."""
    thread = build_thread(REMOVED, removed="reparent")
    assert shape(thread) == [("a", 0), ("c", 1)]
    reply = thread.find("c")
    assert reply is not None
    assert reply.flattened
    assert reply.reply_to is not None
    assert reply.reply_to.id == "b"
    assert reply.reply_to.body == ""  # the hidden comment's content never leaks


def test_reparent_climbs_past_hidden_runs_to_the_top() -> None:
    """With no visible ancestor at all, reparented replies become top-level."""
    comments = [
        c("a", None, 0, status=Status.DELETED),
        c("b", "a", 1, status=Status.SPAM),
        c("c", "b", 2),
        c("d", "c", 3),
    ]
    assert shape(build_thread(comments, removed="reparent")) == [("c", 0), ("d", 1)]


def test_hide_drops_the_whole_subtree() -> None:
    """hide removes a hidden comment and everything under it."""
    assert shape(build_thread(REMOVED, removed="hide")) == [("a", 0)]


def test_pending_is_hidden_unless_asked_for() -> None:
    """Pending comments show only with include_pending (all, or those a predicate picks)."""
    comments = [
        c("a", None, 0),
        c("mine", "a", 1, status=Status.PENDING, author="me"),
        c("theirs", "a", 2, status=Status.PENDING, author="them"),
    ]
    assert shape(build_thread(comments)) == [("a", 0)]
    assert shape(build_thread(comments, include_pending=True)) == [
        ("a", 0),
        ("mine", 1),
        ("theirs", 1),
    ]
    own = build_thread(comments, include_pending=lambda x: x.author.name == "me")
    assert shape(own) == [("a", 0), ("mine", 1)]


def test_spam_never_shows_even_with_pending_included() -> None:
    """include_pending does not reveal spam, trash or deleted comments."""
    comments = [c("s", None, 0, status=Status.SPAM), c("p", None, 1, status=Status.PENDING)]
    assert shape(build_thread(comments, include_pending=True)) == [("p", 0)]


def test_missing_parent_raises_naming_the_comment() -> None:
    """A reply to an absent comment raises ParentNotFound for that reply."""
    with pytest.raises(ParentNotFound) as caught:
        build_thread([c("a"), c("b", "ghost")])
    assert (caught.value.comment_id, caught.value.parent_id) == ("b", "ghost")


def test_parent_in_other_post_raises() -> None:
    """A reply whose parent belongs to another post raises ParentInOtherPost."""
    with pytest.raises(ParentInOtherPost) as caught:
        build_thread([c("a", post="other"), c("b", "a", post="post-1")])
    assert caught.value.comment_id == "b"
    assert (caught.value.post_id, caught.value.parent_post_id) == ("post-1", "other")


def test_cycle_raises_with_its_members() -> None:
    """A loop of parent links raises CycleDetected listing the loop from its smallest id."""
    comments = [c("root"), c("x", "z"), c("y", "x"), c("z", "y"), c("hang", "y")]
    with pytest.raises(CycleDetected) as caught:
        build_thread(comments)
    assert caught.value.comment_ids == ("x", "z", "y")


def test_duplicate_ids_raise() -> None:
    """Two comments with one id raise DuplicateCommentId."""
    with pytest.raises(DuplicateCommentId) as caught:
        build_thread([c("a"), c("b"), c("a", minute=3)])
    assert caught.value.comment_id == "a"


def test_the_same_error_whatever_the_input_order() -> None:
    """With several problems, the smallest offending id is reported, in any order."""
    comments = [c("m", "ghost1"), c("b", "ghost2"), c("k", "ghost3")]
    for seed in range(4):
        random.Random(seed).shuffle(comments)
        with pytest.raises(ParentNotFound) as caught:
            build_thread(comments)
        assert caught.value.comment_id == "b"


def test_lenient_mode_shows_orphans_as_roots() -> None:
    """strict=False puts orphans and cycle members at the top level and reports them."""
    comments = [
        c("a", None, 0),
        c("lost", "ghost", 1),
        c("foreign", "x1", 2),
        c("x1", None, 3, post="elsewhere"),
        c("p", "q", 4),
        c("q", "p", 5),
        c("under", "p", 6),
    ]
    thread = build_thread(comments, strict=False)
    assert thread.orphans == ("foreign", "lost", "p", "q")
    assert shape(thread) == [
        ("a", 0),
        ("lost", 0),
        ("foreign", 0),
        ("x1", 0),
        ("p", 0),
        ("under", 1),
        ("q", 0),
    ]
    lost = thread.find("lost")
    assert lost is not None
    assert lost.reply_to is None


def test_lenient_mode_drops_identical_duplicates_only() -> None:
    """An exact repeat is harmless in lenient mode; a different comment with the same id is not."""
    thread = build_thread([c("a"), c("a"), c("b", "a")], strict=False)
    assert shape(thread) == [("a", 0), ("b", 1)]
    with pytest.raises(DuplicateCommentId):
        build_thread([c("a"), c("a", minute=9)], strict=False)


def test_deep_chain_needs_no_recursion() -> None:
    """A 10,000-deep reply chain builds, walks, renders its repr and flattens."""
    chain = [c("n0")] + [c(f"n{i}", f"n{i - 1}", i % 50) for i in range(1, 10_000)]
    random.Random(1).shuffle(chain)
    thread = build_thread(chain)
    nodes = list(thread.walk())
    assert len(nodes) == 10_000
    assert nodes[-1].depth == 9_999
    assert "depth=0" in repr(thread.roots[0])
    assert thread.roots[0] != build_thread(chain).roots[0]  # identity, no deep comparison
    flat = build_thread(chain, max_depth=3)
    assert max(n.depth for n in flat.walk()) == 3


def test_bad_options_raise_invalid_option() -> None:
    """Unknown orders and policies, and out-of-range limits, raise InvalidOption."""
    bad: list[dict[str, object]] = [
        {"order": "random"},
        {"removed": "erase"},
        {"max_depth": -1},
        {"page_size": 0},
        {"max_replies": -2},
        {"include_pending": "yes"},
        {"max_depth": True},
    ]
    for options in bad:
        with pytest.raises(InvalidOption) as caught:
            build_thread(SMALL, **options)  # type: ignore[arg-type]
        assert isinstance(caught.value, ThreadkitError)
        assert caught.value.option in options


def test_large_builds_leave_the_collector_as_they_found_it() -> None:
    """The collector pause for big threads restores the previous state, on or off."""
    big = [c(f"r{i}", None, i % 60) for i in range(6_000)]
    assert gc.isenabled()
    build_thread(big)
    assert gc.isenabled()
    gc.disable()
    try:
        build_thread(big)
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(ParentNotFound):
        build_thread([*big, c("bad", "ghost")])
    assert gc.isenabled()


def test_a_thread_built_from_roots_alone_walks() -> None:
    """Thread(roots=...) made by hand walks, counts and finds like a built one."""
    built = build_thread(SMALL)
    by_hand = Thread(roots=built.roots[:1])
    assert [n.comment.id for n in by_hand.walk()] == ["a", "b", "d", "c"]
    assert len(by_hand) == 4
    assert by_hand.find("d") is built.find("d")
    assert by_hand.find("e") is None


def test_replies_older_than_their_parent_still_nest() -> None:
    """Clock skew (a reply stamped before its parent) changes nothing but the order."""
    skewed = [c("p", None, 10), c("r", "p", 5), c("rr", "r", 1), c("q", None, 0)]
    for order in ("oldest", "newest", "top"):
        thread = build_thread(skewed, order=order)
        depths = {n.comment.id: n.depth for n in thread.walk()}
        assert depths == {"p": 0, "r": 1, "rr": 2, "q": 0}
    assert shape(build_thread(skewed, max_depth=1)) == [("q", 0), ("p", 0), ("rr", 1), ("r", 1)]
