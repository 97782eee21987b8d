"""Properties of build_thread over generated threads (strategies from threadkit.testing)."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from _thread_support import signature
from threadkit import Comment, Status
from threadkit.testing import threads
from threadkit.thread import (
    Node,
    Thread,
    build_thread,
    controversy,
    page_of,
    wilson_lower_bound,
)

# Replies older than their parents (clock skew, imports) take a slower path; test both.
THREADS = threads() | threads(chronological=False)
POLICIES = st.sampled_from(["tombstone", "reparent", "hide"])
ORDER_NAMES = st.sampled_from(["oldest", "newest", "top", "best", "controversial"])

REFERENCE_KEYS: dict[str, Callable[[Comment], tuple[object, ...]]] = {
    "oldest": lambda x: (x.created_at, x.id),
    "newest": lambda x: (x.created_at, x.id),
    "top": lambda x: (-(x.ups - x.downs), x.created_at, x.id),
    "best": lambda x: (-wilson_lower_bound(x.ups, x.downs), x.created_at, x.id),
    "controversial": lambda x: (-controversy(x.ups, x.downs), x.created_at, x.id),
}


def is_visible(comment: Comment, include_pending: bool) -> bool:
    return comment.status is Status.APPROVED or (
        include_pending and comment.status is Status.PENDING
    )


def ancestors(comment: Comment, by_id: dict[str, Comment]) -> list[str]:
    """The ids above a comment, nearest first (a naive walk: the reference, not the code)."""
    out = []
    while comment.parent_id is not None:
        comment = by_id[comment.parent_id]
        out.append(comment.id)
    return out


def expected(
    comments: list[Comment], removed: str, include_pending: bool
) -> tuple[set[str], set[str], dict[str, str | None]]:
    """(shown ids, tombstone ids, display parent of each shown id) with no depth limit."""
    by_id = {x.id: x for x in comments}
    visible = {x.id for x in comments if is_visible(x, include_pending)}
    tombs: set[str] = set()
    if removed == "tombstone":
        for cid in visible:
            tombs.update(a for a in ancestors(by_id[cid], by_id) if a not in visible)
        shown = visible | tombs
    elif removed == "hide":
        shown = {i for i in visible if all(a in visible for a in ancestors(by_id[i], by_id))}
    else:
        shown = visible
    parents: dict[str, str | None] = {}
    for cid in shown:
        chain = ancestors(by_id[cid], by_id)
        if removed == "reparent":
            parents[cid] = next((a for a in chain if a in visible), None)
        else:
            parents[cid] = chain[0] if chain else None
    return shown, tombs, parents


def display_parents(thread: Thread) -> dict[str, str | None]:
    out: dict[str, str | None] = {n.comment.id: None for n in thread.roots}
    for node in thread.walk():
        for child in node.children:
            out[child.comment.id] = node.comment.id
    return out


@given(THREADS, POLICIES, st.booleans())
def test_every_shown_comment_appears_exactly_once(
    comments: list[Comment], removed: str, include_pending: bool
) -> None:
    """Each comment the policy keeps appears once, tombstones exactly where needed."""
    thread = build_thread(comments, removed=removed, include_pending=include_pending)
    shown, tombs, _ = expected(comments, removed, include_pending)
    counts = Counter(n.comment.id for n in thread.walk())
    assert set(counts) == shown
    assert all(v == 1 for v in counts.values())
    assert {n.comment.id for n in thread.walk() if n.is_tombstone} == tombs
    assert len(thread) == thread.total == len(shown - tombs)


@given(THREADS, POLICIES, st.booleans())
def test_parents_come_before_children(
    comments: list[Comment], removed: str, include_pending: bool
) -> None:
    """Every node follows its display parent, one level deeper, and that parent is right."""
    thread = build_thread(comments, removed=removed, include_pending=include_pending)
    position = {n.comment.id: i for i, n in enumerate(thread.walk())}
    for node in thread.walk():
        for child in node.children:
            assert position[child.comment.id] > position[node.comment.id]
            assert child.depth == node.depth + 1
    assert all(n.depth == 0 for n in thread.roots)
    _, _, parents = expected(comments, removed, include_pending)
    assert display_parents(thread) == parents
    by_id = {x.id: x for x in comments}
    for node in thread.walk():
        real = by_id[node.comment.id].parent_id
        assert (node.reply_to.id if node.reply_to else None) == real


@given(THREADS, st.integers(0, 4), POLICIES)
def test_depth_never_exceeds_max_depth(
    comments: list[Comment], max_depth: int, removed: str
) -> None:
    """With a limit, nodes stop at max_depth, the same comments show, under the right ancestor."""
    full = build_thread(comments, removed=removed)
    limited = build_thread(comments, removed=removed, max_depth=max_depth)
    assert max((n.depth for n in limited.walk()), default=0) <= max_depth
    assert Counter(n.comment.id for n in limited.walk()) == Counter(
        n.comment.id for n in full.walk()
    )
    full_parent = display_parents(full)
    by_id = {x.id: x for x in comments}
    depth = {n.comment.id: n.depth for n in full.walk()}
    limited_parent = display_parents(limited)
    for cid, d in depth.items():
        anchor = full_parent[cid]
        # Climb the unlimited display until the anchor sits at level max_depth - 1.
        while anchor is not None and depth[anchor] > max_depth - 1:
            anchor = full_parent[anchor]
        assert limited_parent[cid] == (full_parent[cid] if d <= max_depth else anchor)
        node = limited.find(cid)
        assert node is not None
        assert node.flattened == (limited_parent[cid] != by_id[cid].parent_id)


@given(THREADS, ORDER_NAMES, POLICIES)
def test_siblings_are_in_the_chosen_order(
    comments: list[Comment], order: str, removed: str
) -> None:
    """Roots and every sibling list follow the order, ties by time then id, with no equal keys."""
    thread = build_thread(comments, order=order, removed=removed, include_pending=True)
    key = REFERENCE_KEYS[order]
    by_id = {x.id: x for x in comments}
    groups = [thread.roots] + [n.children for n in thread.walk()]
    for group in groups:
        keys = [key(by_id[n.comment.id]) for n in group]
        if order == "newest":
            keys.reverse()
        assert all(a < b for a, b in itertools.pairwise(keys))


@given(
    THREADS,
    st.randoms(use_true_random=False),
    ORDER_NAMES,
    POLICIES,
    st.none() | st.integers(0, 3),
    st.none() | st.integers(0, 2),
)
def test_result_does_not_depend_on_input_order(
    comments: list[Comment],
    rnd: object,
    order: str,
    removed: str,
    max_depth: int | None,
    max_replies: int | None,
) -> None:
    """Shuffling the input changes nothing observable, whatever the options."""
    options: dict[str, object] = {
        "order": order,
        "removed": removed,
        "max_depth": max_depth,
        "max_replies": max_replies,
    }
    shuffled = comments[:]
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    first = build_thread(comments, **options)  # type: ignore[arg-type]
    second = build_thread(shuffled, **options)  # type: ignore[arg-type]
    assert signature(first) == signature(second)


@given(THREADS, ORDER_NAMES, st.integers(1, 4), POLICIES)
def test_pages_partition_the_roots(
    comments: list[Comment], order: str, page_size: int, removed: str
) -> None:
    """Following cursors visits every root once, in order, each with its whole subtree."""
    whole = build_thread(comments, order=order, removed=removed)
    subtree = {n.comment.id: n for n in whole.roots}
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        page = build_thread(
            comments, order=order, removed=removed, page_size=page_size, cursor=cursor
        )
        assert 1 <= len(page.roots) <= page_size or not whole.roots
        assert [n.comment.id for n in page.walk() if n.depth == 0] == [
            r.comment.id for r in page.roots
        ]
        for root in page.roots:
            seen.append(root.comment.id)
            assert _ids(root) == _ids(subtree[root.comment.id])
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == [n.comment.id for n in whole.roots]
    assert pages == max(1, -(-len(whole.roots) // page_size))
    # A permalink to any shown comment leads to a page that shows it (a few per example).
    for node in list(whole.walk())[::4]:
        ref = page_of(comments, node.comment.id, order=order, removed=removed, page_size=page_size)
        assert ref is not None
        shown = build_thread(
            comments, order=order, removed=removed, page_size=page_size, cursor=ref.cursor
        )
        assert shown.find(node.comment.id) is not None


def _walk(node: Node) -> list[Node]:
    stack = [node]
    out = []
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(current.children)
    return out


def _ids(node: Node) -> list[tuple[str, int]]:
    return sorted((n.comment.id, n.depth) for n in _walk(node))


@given(THREADS, st.integers(0, 3), POLICIES)
def test_more_stubs_count_exactly_what_is_cut(
    comments: list[Comment], max_replies: int, removed: str
) -> None:
    """Each stub counts the direct replies cut and every visible comment under them."""
    full = build_thread(comments, removed=removed)
    cut = build_thread(comments, removed=removed, max_replies=max_replies)
    assert cut.total == full.total
    for node in cut.walk():
        reference = full.find(node.comment.id)
        assert reference is not None
        assert len(node.children) <= max_replies
        assert [k.comment.id for k in node.children] == [
            k.comment.id for k in reference.children[:max_replies]
        ]
        hidden = reference.children[max_replies:]
        if not hidden:
            assert node.more is None
            continue
        assert node.more is not None
        assert node.more.count == len(hidden)
        assert node.more.next_id == hidden[0].comment.id
        below = [n for h in hidden for n in _walk(h)]
        assert node.more.total == sum(1 for n in below if not n.is_tombstone)


@given(threads(chronological=True))
def test_generated_threads_are_valid(comments: list[Comment]) -> None:
    """threadkit.testing.threads gives unique ids, present parents and replies never older."""
    by_id = {x.id: x for x in comments}
    assert len(by_id) == len(comments)
    for position, comment in enumerate(comments):
        if comment.parent_id is not None:
            parent = by_id[comment.parent_id]
            assert comments.index(parent) < position
            assert parent.created_at <= comment.created_at
    build_thread(comments)  # strict mode accepts every generated thread
