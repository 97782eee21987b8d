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
from threadkit.thread._order import Order, sort_by_time

_POST = attrgetter("post_id")


class Forest:
    """The checked parent links of a set of comments.

    Attributes:
        index: every comment by id.
        items: every comment, in input order (the order they sit in memory).
        ordered: every comment in the thread's order.
        kids: the replies of each comment that has any, in the thread's order.
        roots: the top-level comments (orphans included), in the thread's order.
        parents_first: every comment, each after the comment it replies to.
        orphans: ids placed as roots although they name a parent (lenient mode only).
    """

    __slots__ = ("index", "items", "kids", "ordered", "orphans", "parents_first", "roots")

    def __init__(
        self,
        index: dict[str, Comment],
        items: list[Comment],
        ordered: list[Comment],
        kids: dict[str, list[Comment]],
        roots: list[Comment],
        orphans: set[str],
        parents_first: list[Comment],
    ):
        self.index = index
        self.items = items
        self.ordered = ordered
        self.kids = kids
        self.roots = roots
        self.orphans = orphans
        self.parents_first = parents_first

    def walk(self) -> list[Comment]:
        """Every comment reachable from the roots, depth first, each after its parent.

        A stack of reply iterators, one per open level, keeps the walk iterative.
        """
        out: list[Comment] = []
        add = out.append
        get = self.kids.get
        for root in self.roots:
            add(root)
            replies = get(root.id)
            if not replies:
                continue
            open_levels = [iter(replies)]
            while open_levels:
                for comment in open_levels[-1]:
                    add(comment)
                    replies = get(comment.id)
                    if replies:
                        open_levels.append(iter(replies))
                        break
                else:
                    open_levels.pop()
        return out


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


def _foreign(items: list[Comment], index: dict[str, Comment]) -> set[str]:
    """Ids of replies whose parent is on another post (none when there is only one post)."""
    if len(set(map(_POST, items))) <= 1:
        return set()
    return {
        c.id
        for c in items
        if c.parent_id is not None
        and c.parent_id in index
        and index[c.parent_id].post_id != c.post_id
    }


def _replies_follow_parents(by_time: list[Comment], broken: set[str]) -> bool:
    """Whether every reply comes after its parent in time order.

    Then no reply chain can loop, because (time, id) only grows along it, and the time order
    is already a parents-first order; checking this costs one pass, far less than a walk.
    """
    seen: set[str] = set()
    add = seen.add
    for comment in by_time:
        parent_id = comment.parent_id
        if parent_id is not None and parent_id not in seen and comment.id not in broken:
            return False
        add(comment.id)
    return True


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


def _link_in_time_order(items: list[Comment], by_time: list[Comment]) -> Forest | None:
    """Index and link comments of one post in a single pass, when nothing is wrong with them.

    Returns the forest, or None as soon as a reply names a parent not seen before
    it (unknown, or later in time, which is also how any cycle shows) or an id repeats; the
    caller then takes the checking path. In time order, every sibling list comes out sorted.
    """
    index: dict[str, Comment] = {}
    kids: dict[str, list[Comment]] = {}
    roots: list[Comment] = []
    add_root = roots.append
    get_kids = kids.get
    for comment in by_time:
        parent_id = comment.parent_id
        if parent_id is None:
            add_root(comment)
        elif parent_id in index:
            siblings = get_kids(parent_id)
            if siblings is None:
                kids[parent_id] = [comment]
            else:
                siblings.append(comment)
        else:
            return None
        index[comment.id] = comment
    if len(index) != len(by_time):
        return None
    return Forest(index, items, by_time, kids, roots, set(), by_time)


def plant(comments: Iterable[Comment], order: Order, *, strict: bool) -> Forest:
    """Check the parent links of ``comments`` and sort them into a forest."""
    items = comments if isinstance(comments, list) else list(comments)
    by_time = sort_by_time(items)
    ordered = order.arrange(by_time)
    if ordered is by_time and len(set(map(_POST, items))) <= 1:
        # The common case ("oldest", one post, replies after their parents) needs no separate
        # index or checks: the linking pass finds out whether it holds.
        forest = _link_in_time_order(items, by_time)
        if forest is not None:
            return forest
    index = {c.id: c for c in items}
    if len(index) != len(items):
        items, index = _unique(items, strict=strict)
        by_time = sort_by_time(items)
        ordered = order.arrange(by_time)

    kids: dict[str, list[Comment]] = {}
    roots: list[Comment] = []
    broken = _foreign(items, index)
    # In time order (the default "oldest") the parents-first check rides along with the
    # linking pass; other orders check separately.
    seen: set[str] | None = set() if ordered is by_time else None
    follows = True
    add_root = roots.append
    get_kids = kids.get
    for comment in ordered:
        cid = comment.id
        if seen is not None:
            seen.add(cid)
        parent_id = comment.parent_id
        if parent_id is None:
            add_root(comment)
            continue
        # A seen id is a known one, and in time order a parent is usually seen already, so
        # ``index`` is only asked when it is not.
        if seen is None or parent_id not in seen:
            if parent_id not in index:
                broken.add(cid)
            elif not (broken and cid in broken):
                follows = False
        if broken and cid in broken:
            # Lenient mode shows it at the top level, in its sorted place among the roots.
            add_root(comment)
            continue
        siblings = get_kids(parent_id)
        if siblings is None:
            kids[parent_id] = [comment]
        else:
            siblings.append(comment)
    if broken and strict:
        raise _parent_error(index[min(broken)], index)
    forest = Forest(index, items, ordered, kids, roots, broken, by_time)
    if seen is None:
        follows = _replies_follow_parents(by_time, broken)
    if not follows:
        # Some reply is older than its parent (clock skew, imports): walk to find the
        # parents-first order, and any cycle, the slow way.
        forest.parents_first = forest.walk()
        if len(forest.parents_first) != len(index):
            _break_cycles(forest, order, strict=strict)
    return forest


def _break_cycles(forest: Forest, order: Order, *, strict: bool) -> None:
    """Raise for a reply cycle, or (lenient) show every comment on one as a root."""
    reached = {c.id for c in forest.parents_first}
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
    forest.parents_first = forest.walk()


def _parent_error(
    comment: Comment, index: dict[str, Comment]
) -> ParentNotFound | ParentInOtherPost:
    parent_id = comment.parent_id
    assert parent_id is not None  # only replies are ever broken
    parent = index.get(parent_id)
    if parent is None:
        return ParentNotFound(comment.id, parent_id)
    return ParentInOtherPost(comment.id, parent_id, comment.post_id, parent.post_id)
