"""The built thread: nodes in display order, "more replies" stubs and the page they sit on.

Nodes and threads compare by identity: a node holds its whole subtree, and comparing or
printing a 10,000-deep chain field by field would recurse past Python's limit.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from threadkit._model import Comment


@attrs.frozen
class MoreReplies:
    """Stands for the replies a node does not show because of ``max_replies``.

    Attributes:
        parent_id: the comment whose replies were cut.
        count: how many direct replies are not shown.
        total: how many visible comments are not shown, counting the replies' own replies.
        next_id: the first reply not shown, for a "show more" link.
    """

    parent_id: str
    count: int
    total: int
    next_id: str


@attrs.frozen(eq=False)
class Node:
    """One comment in its place in the thread.

    Attributes:
        comment: the comment; for a tombstone, a placeholder keeping the id, post, parent,
            time and status, with an empty body and html, a blank author and no votes.
        is_tombstone: True when the comment is hidden but kept as a placeholder because
            visible replies hang under it.
        children: the replies shown under this node, in the thread's order.
        depth: 0 for a top-level node, one more per level of nesting as displayed.
        reply_to: the comment this one really answered (a placeholder when that comment is
            hidden), even when the depth limit or the ``reparent`` policy shows it elsewhere;
            None for top-level comments and lenient-mode orphans.
        flattened: True when the node is shown under another node than ``reply_to``, so a page
            should say "in reply to ...".
        more: the stub for replies cut by ``max_replies``, or None.
    """

    comment: Comment
    is_tombstone: bool
    children: tuple[Node, ...]
    depth: int
    reply_to: Comment | None
    flattened: bool = False
    more: MoreReplies | None = None

    def __repr__(self) -> str:
        tomb = ", tombstone" if self.is_tombstone else ""
        return (
            f"Node(id={self.comment.id!r}, depth={self.depth}, children={len(self.children)}{tomb})"
        )


@attrs.frozen(eq=False)
class Thread:
    """A post's comments as nested nodes, ready to render; built by ``build_thread``.

    Attributes:
        roots: the top-level nodes on this page, in the thread's order.
        orphans: ids of comments shown as top-level because their parent was missing, in
            another post or on a reply cycle (lenient mode only), sorted.
        next_cursor: pass as ``cursor=`` to get the next page of roots; None on the last page.
        total: visible comments across every page and behind every stub (tombstones not
            counted): the "N Responses" figure.
    """

    roots: tuple[Node, ...]
    orphans: tuple[str, ...] = ()
    next_cursor: str | None = None
    total: int = 0
    _display: tuple[Node, ...] = attrs.field(default=(), repr=False, alias="display")
    _visible: int = attrs.field(default=0, repr=False, alias="visible")
    # Filled on the first find(): most pages are rendered with walk() and never look one up.
    _index: dict[str, Node] = attrs.field(factory=dict, init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        # A Thread built by hand from roots alone still walks and counts correctly.
        if self.roots and not self._display:
            display: list[Node] = []
            stack = list(reversed(self.roots))
            while stack:
                node = stack.pop()
                display.append(node)
                stack.extend(reversed(node.children))
            object.__setattr__(self, "_display", tuple(display))
            visible = sum(1 for node in display if not node.is_tombstone)
            object.__setattr__(self, "_visible", visible)

    def walk(self) -> Iterator[Node]:
        """Every node on this page in display order: each node, then its replies, depth first."""
        return iter(self._display)

    def __len__(self) -> int:
        """Visible comments on this page; tombstones are not counted."""
        return self._visible

    def find(self, comment_id: str) -> Node | None:
        """The node showing ``comment_id`` on this page, or None if it is not shown here."""
        if not self._index and self._display:
            self._index.update((node.comment.id, node) for node in self._display)
        return self._index.get(comment_id)

    def __repr__(self) -> str:
        return (
            f"Thread(roots={len(self.roots)}, nodes={len(self._display)}, total={self.total}, "
            f"orphans={len(self.orphans)}, next_cursor={self.next_cursor!r})"
        )
