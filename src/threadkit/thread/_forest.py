"""Turning a flat list of comments into a checked, sorted forest.

This is where bad input is caught: duplicate ids, a parent that is missing or on another post,
and reply cycles. Strict mode raises for the offending comment with the smallest id (so the
same input always names the same comment, whatever its order); lenient mode shows such comments
as top-level and records them as orphans. Every pass is a loop, never recursion, so a chain of
any depth is fine.

The comments are sorted once, globally, before they are linked: appending each to its parent's
list in that order leaves every sibling list sorted without sorting them one by one.
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import attrgetter

from threadkit._errors import CycleDetected, DuplicateCommentId, ParentInOtherPost, ParentNotFound
from threadkit._model import Comment
from threadkit.thread._order import Order

_PARENT = attrgetter("parent_id")
_POST = attrgetter("post_id")


class Forest:
    """The checked parent links of a set of comments, in display order.

    Attributes:
        index: every comment by id.
        ordered: every comment in the thread's order.
        kids: the replies of each comment that has any, in the thread's order.
        roots: the top-level comments (orphans included), in the thread's order.
        pre: every comment in display order (depth first, parents before their replies).
        depth: the nesting level of each entry of ``pre``.
        starts: where each root's subtree begins in ``pre``, parallel to ``roots``.
        orphans: ids placed as roots although they name a parent (lenient mode only).
    """

    __slots__ = ("depth", "index", "kids", "ordered", "orphans", "pre", "roots", "starts")

    def __init__(
        self,
        index: dict[str, Comment],
        ordered: list[Comment],
        kids: dict[str, list[Comment]],
        roots: list[Comment],
        orphans: set[str],
    ):
        self.index = index
        self.ordered = ordered
        self.kids = kids
        self.roots = roots
        self.orphans = orphans
        self.pre: list[Comment] = []
        self.depth: list[int] = []
        self.starts: list[int] = []

    def walk(self) -> None:
        """Fill ``pre``, ``depth`` and ``starts`` by a depth-first walk from the roots."""
        pre: list[Comment] = []
        depth: list[int] = []
        starts: list[int] = []
        get = self.kids.get
        stack = self.roots[::-1]
        levels = [0] * len(stack)
        while stack:
            comment = stack.pop()
            level = levels.pop()
            if not level:
                starts.append(len(pre))
            pre.append(comment)
            depth.append(level)
            replies = get(comment.id)
            if replies:
                stack.extend(replies[::-1])
                levels.extend([level + 1] * len(replies))
        self.pre, self.depth, self.starts = pre, depth, starts


def _unique(items: list[Comment], *, strict: bool) -> tuple[list[Comment], dict[str, Comment]]:
    """Drop exact duplicates (lenient mode); raise for any other repeated id."""
    first: dict[str, Comment] = {}
    clashes: set[str] = set()
    for comment in items:
        seen = first.get(comment.id)
        if seen is None:
            first[comment.id] = comment
        elif strict or seen != comment:
            clashes.add(comment.id)
    if clashes:
        raise DuplicateCommentId(min(clashes))
    return list(first.values()), first


def _cycles(unreached: list[Comment], index: dict[str, Comment]) -> list[list[str]]:
    """Every reply cycle among comments no root leads to, each starting at its smallest id.

    Parent links form a functional graph, and a comment that no root reaches has an unbroken
    chain of parents, which must end in a loop; following it from each comment finds them all.
    """
    walk_of: dict[str, int] = {}
    found: list[list[str]] = []
    for walk, comment in enumerate(sorted(unreached, key=lambda c: c.id)):
        path: list[str] = []
        current: str | None = comment.id
        while current is not None and current not in walk_of:
            walk_of[current] = walk
            path.append(current)
            current = index[current].parent_id
        if current is not None and walk_of[current] == walk:
            loop = path[path.index(current) :]
            low = loop.index(min(loop))
            found.append(loop[low:] + loop[:low])
    return found


def _broken(items: list[Comment], index: dict[str, Comment]) -> set[str]:
    """Ids of replies whose parent is missing or on another post.

    Set operations over all parent ids and post ids settle the common case (every parent
    present, one post) without a per-comment Python loop.
    """
    missing = set(map(_PARENT, items)) - index.keys()
    missing.discard(None)
    if not missing and len(set(map(_POST, items))) <= 1:
        return set()
    broken: set[str] = set()
    for comment in items:
        parent_id = comment.parent_id
        if parent_id is None:
            continue
        parent = index.get(parent_id)
        if parent is None or parent.post_id != comment.post_id:
            broken.add(comment.id)
    return broken


def plant(comments: Iterable[Comment], order: Order, *, strict: bool) -> Forest:
    """Check the parent links of ``comments``, sort them and walk them in display order."""
    items = comments if isinstance(comments, list) else list(comments)
    index = {c.id: c for c in items}
    if len(index) != len(items):
        items, index = _unique(items, strict=strict)
    broken = _broken(items, index)
    if broken and strict:
        raise _parent_error(index[min(broken)], index)
    ordered = order.sort(items)

    kids: dict[str, list[Comment]] = {}
    roots: list[Comment] = []
    add_root = roots.append
    get_kids = kids.get
    for comment in ordered:
        parent_id = comment.parent_id
        # A lenient-mode orphan goes to the top level, in its sorted place among the roots.
        if parent_id is None or (broken and comment.id in broken):
            add_root(comment)
            continue
        siblings = get_kids(parent_id)
        if siblings is None:
            kids[parent_id] = [comment]
        else:
            siblings.append(comment)
    forest = Forest(index, ordered, kids, roots, broken)
    forest.walk()
    if len(forest.pre) != len(index):
        _break_cycles(forest, order, strict=strict)
    return forest


def _break_cycles(forest: Forest, order: Order, *, strict: bool) -> None:
    """Raise for a reply cycle, or (lenient) show every comment on one as a root."""
    reached = {c.id for c in forest.pre}
    index = forest.index
    loops = _cycles([c for c in forest.ordered if c.id not in reached], index)
    if strict:
        raise CycleDetected(min(loops))
    members = {cid for loop in loops for cid in loop}
    for cid in members:
        parent_id = index[cid].parent_id
        assert parent_id is not None  # a cycle member always names a parent
        forest.kids[parent_id] = [c for c in forest.kids[parent_id] if c.id not in members]
    forest.roots.extend(index[cid] for cid in members)
    forest.roots[:] = order.sort(forest.roots)
    forest.orphans.update(members)
    forest.walk()


def _parent_error(
    comment: Comment, index: dict[str, Comment]
) -> ParentNotFound | ParentInOtherPost:
    parent_id = comment.parent_id
    assert parent_id is not None  # only replies are ever broken
    parent = index.get(parent_id)
    if parent is None:
        return ParentNotFound(comment.id, parent_id)
    return ParentInOtherPost(comment.id, parent_id, comment.post_id, parent.post_id)
