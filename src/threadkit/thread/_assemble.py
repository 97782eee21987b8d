"""Building the immutable nodes of one page.

Nodes are frozen, so a node's replies must exist before it does: the page is walked depth
first with a stack of reply iterators, and a node is made when its last reply is done. Its
place in display order is reserved when the walk first reaches it, so ``Thread.walk()`` still
lists parents before replies.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import attrs

from threadkit._model import Comment
from threadkit.thread._layout import Layout, placeholder
from threadkit.thread._node import MoreReplies, Node, Thread

RepliesOf = Callable[[str], list[Comment] | None]
Frame = tuple[bool, Comment, Iterator[Comment], list[Node], int]

# attrs' frozen __init__ sets each field through object.__setattr__, which costs a quarter
# of a large build; the plain builder fills Node's slots directly instead (Node has no
# validators or converters, so the result is the same object).
_new = object.__new__
(
    _set_comment,
    _set_is_tombstone,
    _set_children,
    _set_depth,
    _set_reply_to,
    _set_flattened,
    _set_more,
) = (vars(Node)[field.name].__set__ for field in attrs.fields(Node))


def _plain_node(
    comment: Comment, tomb: bool, children: tuple[Node, ...], depth: int, reply_to: Comment | None
) -> Node:
    """``Node(comment, tomb, children, depth, reply_to)``, made without attrs' __init__."""
    node: Node = _new(Node)
    _set_comment(node, comment)
    _set_is_tombstone(node, tomb)
    _set_children(node, children)
    _set_depth(node, depth)
    _set_reply_to(node, reply_to)
    _set_flattened(node, False)
    _set_more(node, None)
    return node


class _Maker:
    """Makes one page's nodes: reply targets, tombstones, stubs and the visible count."""

    __slots__ = ("hidden", "index", "moved", "orphans", "stand_ins", "tombs", "visible")

    def __init__(self, layout: Layout):
        self.index = layout.forest.index
        self.orphans = layout.forest.orphans
        self.hidden = layout.hidden
        self.tombs = layout.tombs
        self.moved = layout.moved if layout.children is not None else None
        self.stand_ins: dict[str, Comment] = {}
        self.visible = 0

    def shown_as(self, comment: Comment) -> Comment:
        """The placeholder a hidden comment shows as (one object per comment)."""
        found = self.stand_ins.get(comment.id)
        if found is None:
            found = self.stand_ins[comment.id] = placeholder(comment)
        return found

    def node(
        self,
        comment: Comment,
        children: tuple[Node, ...],
        depth: int,
        more: MoreReplies | None,
    ) -> Node:
        """The node for ``comment``, with its real reply target and whether it moved."""
        cid = comment.id
        parent_id = comment.parent_id
        if parent_id is None or (self.orphans and cid in self.orphans):
            reply_to = None
            flattened = False
        else:
            reply_to = self.index[parent_id]
            if self.hidden and parent_id in self.hidden:
                reply_to = self.shown_as(reply_to)
            moved = self.moved
            flattened = moved is not None and moved.get(cid, parent_id) != parent_id
        if self.tombs and cid in self.tombs:
            return Node(self.shown_as(comment), True, children, depth, reply_to, flattened, more)
        self.visible += 1
        return Node(comment, False, children, depth, reply_to, flattened, more)


def _stub(
    parent_id: str, cut: list[Comment], layout: Layout, replies_of: RepliesOf, skip: set[str]
) -> MoreReplies:
    """The "more replies" stub for the replies cut from under ``parent_id``."""
    tombs = layout.tombs
    total = 0
    stack = list(cut)
    while stack:
        comment = stack.pop()
        if comment.id in skip:
            continue
        if comment.id not in tombs:
            total += 1
        stack.extend(replies_of(comment.id) or ())
    return MoreReplies(parent_id=parent_id, count=len(cut), total=total, next_id=cut[0].id)


def build_plain(layout: Layout, page_roots: list[Comment], next_cursor: str | None) -> Thread:
    """The page as the forest shows it: no depth limit, no reparenting, no cut replies.

    The common case, and the one that must be fast on large threads, so it is written out
    inline: every node's display parent is the comment it answered, so ``reply_to`` is the
    open level's comment (or its placeholder) and needs no look-up. Dropped comments in
    ``page_roots`` or below are skipped.
    """
    maker = _Maker(layout)
    shown_as = maker.shown_as
    get = layout.forest.kids.get
    skip, tombs = layout.dropped, layout.tombs
    has_tombs = bool(tombs)
    display: list[Node | None] = []
    roots: list[Node] = []
    tombstones = 0
    for root in page_roots:
        rid = root.id
        if skip and rid in skip:
            continue
        tomb = has_tombs and rid in tombs
        replies = get(rid)
        if not replies:
            node = _plain_node(shown_as(root) if tomb else root, tomb, (), 0, None)
            tombstones += tomb
            display.append(node)
            roots.append(node)
            continue
        # One frame per open level: whether its comment is a tombstone, what its replies
        # answered (the comment or its placeholder), its pending replies, the nodes made so
        # far and its place in display order. One tuple per level, not one list per field,
        # keeps the push and pop to a single operation each.
        frames: list[Frame] = [
            (tomb, shown_as(root) if tomb else root, iter(replies), [], len(display))
        ]
        display.append(None)
        while frames:
            depth = len(frames)
            _, target, pending, siblings, _ = frames[-1]
            for reply in pending:
                rid = reply.id
                if skip and rid in skip:
                    continue
                below = get(rid)
                if below:
                    tomb = has_tombs and rid in tombs
                    shown = shown_as(reply) if tomb else reply
                    frames.append((tomb, shown, iter(below), [], len(display)))
                    display.append(None)
                    break
                # Nothing below it, so it is visible: a tombstone always has replies.
                node = _plain_node(reply, False, (), depth, target)
                display.append(node)
                siblings.append(node)
            else:
                # The open level is done: make its node from the replies made under it.
                tomb, shown, _, made, place = frames.pop()
                reply_to = frames[-1][1] if frames else None
                node = _plain_node(shown, tomb, tuple(made), depth - 1, reply_to)
                tombstones += tomb
                display[place] = node
                (frames[-1][3] if frames else roots).append(node)
    maker.visible = len(display) - tombstones
    return _thread(layout, roots, display, maker, next_cursor)


def _thread(
    layout: Layout,
    roots: list[Node],
    display: list[Node | None],
    maker: _Maker,
    next_cursor: str | None,
) -> Thread:
    return Thread(
        roots=tuple(roots),
        orphans=tuple(sorted(layout.forest.orphans)),
        next_cursor=next_cursor,
        total=layout.total,
        display=tuple(display),  # type: ignore[arg-type]  # every place is filled by now
        visible=maker.visible,
    )


def build_nodes(
    layout: Layout,
    page_roots: list[Comment],
    replies_of: RepliesOf,
    skip: set[str],
    max_replies: int | None,
    next_cursor: str | None,
) -> Thread:
    """The :class:`Thread` showing ``page_roots`` and everything below them.

    Args:
        layout: what is shown and where.
        page_roots: the roots of this page, in order.
        replies_of: the shown replies of a comment, in order (None or empty for none).
        skip: ids ``replies_of`` may return that are not shown.
        max_replies: the most replies shown under one comment, or None.
        next_cursor: the cursor for the page after this one.
    """
    maker = _Maker(layout)
    make = maker.node
    display: list[Node | None] = []
    roots: list[Node] = []
    more: MoreReplies | None = None

    def replies_shown(comment: Comment) -> tuple[list[Comment] | None, MoreReplies | None]:
        replies = replies_of(comment.id)
        if not replies:
            return None, None
        if skip:
            replies = [r for r in replies if r.id not in skip]
        if max_replies is not None and len(replies) > max_replies:
            cut = replies[max_replies:]
            stub = _stub(comment.id, cut, layout, replies_of, skip)
            return replies[:max_replies], stub
        return replies, None

    for root in page_roots:
        replies, more = replies_shown(root)
        if not replies:
            node = make(root, (), 0, more)
            display.append(node)
            roots.append(node)
            continue
        # One entry per open level: the comment, its pending replies, the nodes made so far,
        # its place in display order and its stub.
        owners = [root]
        pending = [iter(replies)]
        made: list[list[Node]] = [[]]
        places = [len(display)]
        stubs = [more]
        display.append(None)
        while pending:
            depth = len(pending)
            siblings = made[-1]
            for reply in pending[-1]:
                below, more = replies_shown(reply)
                if below:
                    owners.append(reply)
                    pending.append(iter(below))
                    made.append([])
                    places.append(len(display))
                    stubs.append(more)
                    display.append(None)
                    break
                node = make(reply, (), depth, more)
                display.append(node)
                siblings.append(node)
            else:
                pending.pop()
                node = make(owners.pop(), tuple(made.pop()), depth - 1, stubs.pop())
                display[places.pop()] = node
                (made[-1] if made else roots).append(node)
    return _thread(layout, roots, display, maker, next_cursor)
