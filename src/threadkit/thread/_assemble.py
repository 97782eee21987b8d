"""Building the immutable nodes of one page from its display order.

Nodes are frozen, so a node's replies must exist before it does. Walking the display order
backwards does that with one stack: when a node at depth d is reached, the nodes at depth d+1
on top of the stack are exactly its replies, first reply on top.
"""

from __future__ import annotations

from threadkit._model import Comment
from threadkit.thread._layout import Layout, placeholder
from threadkit.thread._node import MoreReplies, Node, Thread


def build_nodes(
    layout: Layout,
    entries: list[Comment],
    levels: list[int],
    more: dict[str, MoreReplies],
    next_cursor: str | None,
) -> Thread:
    """The :class:`Thread` for ``entries`` (display order) at ``levels`` (their depths)."""
    index = layout.forest.index
    orphans = layout.forest.orphans
    hidden, tombs, skip = layout.hidden, layout.tombs, layout.dropped
    moved = layout.moved if layout.children is not None else None
    stand_ins: dict[str, Comment] = {}

    def shown_as(comment: Comment) -> Comment:
        found = stand_ins.get(comment.id)
        if found is None:
            found = stand_ins[comment.id] = placeholder(comment)
        return found

    stack: list[Node] = []
    out: list[Node] = []
    get_more = more.get
    visible = 0
    for comment, level in zip(reversed(entries), reversed(levels), strict=True):
        cid = comment.id
        if skip and cid in skip:
            continue
        if stack and stack[-1].depth > level:
            top = len(stack) - 1
            while top and stack[top - 1].depth > level:
                top -= 1
            kids = tuple(stack[top:][::-1])
            del stack[top:]
        else:
            kids = ()
        parent_id = comment.parent_id
        if parent_id is None or (orphans and cid in orphans):
            reply_to = None
            flattened = False
        else:
            reply_to = index[parent_id]
            if hidden and parent_id in hidden:
                reply_to = shown_as(reply_to)
            flattened = moved is not None and moved.get(cid, parent_id) != parent_id
        stub = get_more(cid) if more else None
        if tombs and cid in tombs:
            node = Node(shown_as(comment), True, kids, level, reply_to, flattened, stub)
        else:
            node = Node(comment, False, kids, level, reply_to, flattened, stub)
            visible += 1
        stack.append(node)
        out.append(node)
    out.reverse()
    stack.reverse()
    return Thread(
        roots=tuple(stack),
        orphans=tuple(sorted(orphans)),
        next_cursor=next_cursor,
        total=layout.total,
        display=tuple(out),
        visible=visible,
    )
