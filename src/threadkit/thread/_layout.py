"""Deciding what a thread shows and where: visibility, removed-comment policy and depth limit.

Nothing here changes a comment's ``parent_id``: the depth limit and the ``reparent`` policy
only record a different display parent in ``moved``, so building again with other options
always starts from the true structure. When neither applies (the common case), nodes are
built straight from the forest's sorted reply lists and nothing is regrouped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from threadkit._model import Author, Comment, Status
from threadkit.thread._forest import Forest, plant
from threadkit.thread._order import Order, SortKey

PendingFilter = bool | Callable[[Comment], bool]

_BLANK = Author(name="")


def placeholder(comment: Comment) -> Comment:
    """What a hidden comment shows as: its place (id, post, parent, time, status), no content."""
    return Comment(
        id=comment.id,
        post_id=comment.post_id,
        parent_id=comment.parent_id,
        author=_BLANK,
        body="",
        created_at=comment.created_at,
        status=comment.status,
    )


class Layout:
    """What is shown, and where.

    Attributes:
        forest: the checked, sorted input.
        order: the sibling order; ``key`` is its sort key function.
        hidden: ids of comments the reader may not see (tombstones among them).
        tombs: ids of hidden comments kept as placeholders.
        dropped: ids of comments not shown at all.
        moved: display parents that differ from ``parent_id`` (lenient orphans map to None).
        children: shown comments by display parent (None: the roots), each list in order;
            None when the display structure is the forest's own (minus ``dropped``).
        total: visible comments shown (not tombstones), across every page.
    """

    __slots__ = (
        "children",
        "dropped",
        "forest",
        "hidden",
        "key",
        "moved",
        "order",
        "tombs",
        "total",
    )

    def __init__(
        self,
        forest: Forest,
        order: Order,
        hidden: set[str],
        tombs: set[str],
        dropped: set[str],
    ):
        self.forest = forest
        self.order = order
        self.key: Callable[[Comment], SortKey] = order.key()
        self.hidden = hidden
        self.tombs = tombs
        self.dropped = dropped
        self.moved: dict[str, str | None] = dict.fromkeys(forest.orphans)
        self.children: dict[str | None, list[Comment]] | None = None
        self.total = len(forest.index) - len(dropped) - len(tombs)

    def parent_of(self, comment: Comment) -> str | None:
        """The id of the comment this one is shown under (None at the top level)."""
        return self.moved.get(comment.id, comment.parent_id)

    def root_of(self, comment_id: str) -> Comment:
        """The top-level comment whose subtree shows ``comment_id`` (which must be shown)."""
        index = self.forest.index
        comment = index[comment_id]
        while (parent := self.parent_of(comment)) is not None:
            comment = index[parent]
        return comment

    def shown_roots(self) -> list[Comment]:
        """The top-level comments shown, in display order."""
        if self.children is not None:
            return self.children.get(None, [])
        if not self.dropped:
            return self.forest.roots
        dropped = self.dropped
        return [c for c in self.forest.roots if c.id not in dropped]


def _hidden_ids(comments: list[Comment], include_pending: PendingFilter) -> set[str]:
    approved, pending = Status.APPROVED, Status.PENDING
    if include_pending is True:
        return {c.id for c in comments if c.status is not approved and c.status is not pending}
    if include_pending is False:
        return {c.id for c in comments if c.status is not approved}
    allow = include_pending
    return {
        c.id
        for c in comments
        if c.status is not approved and not (c.status is pending and allow(c))
    }


def _structural_parent(forest: Forest, comment_id: str) -> str | None:
    return None if comment_id in forest.orphans else forest.index[comment_id].parent_id


def _tombstones(forest: Forest, hidden: set[str]) -> set[str]:
    """The hidden comments with something visible below them.

    Only the visible replies of hidden comments start a climb, and a climb stops at the first
    ancestor already known to be needed, so the work is proportional to the hidden part.
    """
    needed: set[str] = set()
    get = forest.kids.get
    for hidden_id in hidden:
        replies = get(hidden_id)
        if not replies or all(r.id in hidden for r in replies):
            continue
        current: str | None = hidden_id
        while current is not None and current in hidden and current not in needed:
            needed.add(current)
            current = _structural_parent(forest, current)
    return needed


def _subtrees(forest: Forest, tops: set[str]) -> set[str]:
    """``tops`` and everything below them."""
    found = set(tops)
    get = forest.kids.get
    stack = list(tops)
    while stack:
        for reply in get(stack.pop()) or ():
            if reply.id not in found:
                found.add(reply.id)
                stack.append(reply.id)
    return found


def _reparent(layout: Layout) -> None:
    """Show each visible reply of a hidden comment under its nearest visible ancestor."""
    forest, hidden, moved = layout.forest, layout.hidden, layout.moved
    nearest: dict[str, str | None] = {}

    def visible_above(comment_id: str) -> str | None:
        # Climb to the first visible ancestor, remembering the answer for the whole climb.
        path: list[str] = []
        current = _structural_parent(forest, comment_id)
        while current is not None and current in hidden and current not in nearest:
            path.append(current)
            current = _structural_parent(forest, current)
        target = nearest[current] if current is not None and current in nearest else current
        for step in path:
            nearest[step] = target
        return target

    for hidden_id in hidden:
        above = visible_above(hidden_id)
        for reply in forest.kids.get(hidden_id, ()):
            if reply.id not in hidden:
                moved[reply.id] = above


def _limit_depth(layout: Layout, max_depth: int) -> bool:
    """Record, for each reply deeper than ``max_depth``, the ancestor it is shown under.

    Walks a parents-first order, where every display parent (an ancestor, even after
    reparenting) comes before its replies. Returns whether anything moved.
    """
    forest, moved, dropped = layout.forest, layout.moved, layout.dropped
    index = forest.index
    depth: dict[str, int] = {}
    get = moved.get
    changed = False
    for comment in forest.parents_first:
        cid = comment.id
        if cid in dropped:
            continue
        parent = get(cid, comment.parent_id)
        if parent is None:
            depth[cid] = 0
            continue
        level = depth[parent] + 1
        if level > max_depth:
            moved[cid] = get(parent, index[parent].parent_id)
            level = max_depth
            changed = True
        depth[cid] = level
    return changed


def _regroup(layout: Layout) -> None:
    """Group the shown comments by display parent, keeping the thread's order in each group."""
    children: dict[str | None, list[Comment]] = {}
    get_list = children.get
    get_parent = layout.moved.get
    dropped = layout.dropped
    for comment in layout.forest.ordered:
        if comment.id in dropped:
            continue
        parent = get_parent(comment.id, comment.parent_id)
        siblings = get_list(parent)
        if siblings is None:
            children[parent] = [comment]
        else:
            siblings.append(comment)
    layout.children = children


def lay_out(
    comments: Iterable[Comment],
    order: Order,
    *,
    max_depth: int | None,
    removed: str,
    include_pending: PendingFilter,
    strict: bool,
) -> Layout:
    """Check, sort, filter and (when asked) flatten ``comments`` into what a page shows."""
    forest = plant(comments, order, strict=strict)
    hidden = _hidden_ids(forest.items, include_pending)
    tombs: set[str] = set()
    dropped: set[str] = set()
    if hidden:
        if removed == "tombstone":
            tombs = _tombstones(forest, hidden)
            dropped = hidden - tombs
        elif removed == "hide":
            dropped = _subtrees(forest, hidden)
        else:
            dropped = set(hidden)
    layout = Layout(forest, order, hidden, tombs, dropped)
    regroup = False
    if hidden and removed == "reparent":
        _reparent(layout)
        regroup = True
    if max_depth is not None:
        regroup = _limit_depth(layout, max_depth) or regroup
    if regroup:
        _regroup(layout)
    return layout
