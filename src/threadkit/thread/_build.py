"""``build_thread`` and ``page_of``: the public entry points of the thread pillar."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from threadkit._model import Comment
from threadkit.thread._assemble import build_nodes, build_plain
from threadkit.thread._gcpause import collector_paused
from threadkit.thread._layout import Layout, PendingFilter, lay_out
from threadkit.thread._node import Thread
from threadkit.thread._options import InvalidOption, check_count, check_removed
from threadkit.thread._order import Order, SortKey, resolve_order
from threadkit.thread._paginate import decode_cursor, encode_cursor, roots_after


def _check(
    order: str | Order, max_depth: int | None, removed: str, include_pending: PendingFilter
) -> Order:
    """The resolved order, once every shared option is known to be usable."""
    how = resolve_order(order)
    check_count("max_depth", max_depth, minimum=0)
    check_removed(removed)
    if not (isinstance(include_pending, bool) or callable(include_pending)):
        raise InvalidOption("include_pending", include_pending, "must be a bool or a callable")
    return how


def build_thread(
    comments: Iterable[Comment],
    *,
    order: str | Order = "oldest",
    max_depth: int | None = None,
    removed: str = "tombstone",
    include_pending: PendingFilter = False,
    strict: bool = True,
    page_size: int | None = None,
    cursor: str | None = None,
    max_replies: int | None = None,
) -> Thread:
    """Nest a flat list of comments into the thread a page shows.

    Args:
        comments: the comments of one post, in any order.
        order: ``"oldest"``, ``"newest"``, ``"top"``, ``"best"``, ``"controversial"`` or an
            :class:`Order`; applied to the roots and to the replies at every level.
        max_depth: the deepest level shown (roots are 0); deeper replies are shown under their
            ancestor at the last allowed level, keeping ``Node.reply_to``. 0 shows a flat list.
        removed: what a hidden comment with visible replies becomes: ``"tombstone"`` (a
            placeholder keeps the replies in place), ``"reparent"`` (replies move up to the
            nearest visible ancestor) or ``"hide"`` (the whole subtree goes).
        include_pending: show pending comments: True for all (a moderator's view), or a
            predicate choosing which (e.g. the viewer's own). Spam, trash and deleted comments
            are never shown.
        strict: raise on duplicate ids, missing or foreign parents and cycles; when False,
            such comments are shown as top-level and listed in ``Thread.orphans`` (conflicting
            duplicates still raise: there is no right one to pick).
        page_size: roots per page (each with all its replies); None shows every root.
        cursor: a ``Thread.next_cursor`` from an earlier call with the same order.
        max_replies: replies shown under any one comment; the rest become ``Node.more``.

    Raises:
        ParentNotFound, ParentInOtherPost, CycleDetected, DuplicateCommentId: bad input in
            strict mode, naming the comment (the smallest such id).
        InvalidCursor: a cursor that is malformed or from another order.
        InvalidOption: an option out of range.
    """
    how = _check(order, max_depth, removed, include_pending)
    check_count("page_size", page_size, minimum=1)
    check_count("max_replies", max_replies, minimum=0)
    after = decode_cursor(how, cursor) if cursor is not None else None
    items = comments if isinstance(comments, list) else list(comments)
    with collector_paused(len(items)):
        layout = lay_out(
            items,
            how,
            max_depth=max_depth,
            removed=removed,
            include_pending=include_pending,
            strict=bool(strict),
        )
        thread = _page(layout, after, page_size, max_replies)
        # Free the working structures while the collector still sleeps, so the collection
        # that follows the pause only meets the nodes that live on.
        del layout
    return thread


def _page(
    layout: Layout, after: SortKey | None, page_size: int | None, max_replies: int | None
) -> Thread:
    """The nodes of the page of roots that starts just after ``after``."""
    plain = layout.children is None and max_replies is None
    if plain and after is None and page_size is None:
        return build_plain(layout, layout.forest.roots, None)
    roots = layout.shown_roots()
    start = 0
    if after is not None:
        start = roots_after(roots, layout.key, after, desc=layout.order.newest_first)
    end = len(roots) if page_size is None else min(len(roots), start + page_size)
    next_cursor = None
    if end < len(roots):
        next_cursor = encode_cursor(layout.order, layout.key(roots[end - 1]))
    page_roots = roots if start == 0 and end == len(roots) else roots[start:end]
    if plain:
        return build_plain(layout, page_roots, next_cursor)
    if layout.children is not None:
        return build_nodes(layout, page_roots, layout.children.get, set(), max_replies, next_cursor)
    return build_nodes(
        layout, page_roots, layout.forest.kids.get, layout.dropped, max_replies, next_cursor
    )


@attrs.frozen
class PageRef:
    """Where a comment is shown when a thread is read page by page (for permalinks).

    Attributes:
        number: the page, counting from 1.
        cursor: the ``cursor`` that gets this page from ``build_thread`` (None for page 1).
        root_id: the top-level comment the comment is shown under (itself, if top-level).
    """

    number: int
    cursor: str | None
    root_id: str


def page_of(
    comments: Iterable[Comment],
    comment_id: str,
    *,
    page_size: int,
    order: str | Order = "oldest",
    max_depth: int | None = None,
    removed: str = "tombstone",
    include_pending: PendingFilter = False,
    strict: bool = True,
) -> PageRef | None:
    """The page of roots that shows ``comment_id``, with the same options as ``build_thread``.

    Returns None when the comment is not shown with these options (unknown, hidden, or
    dropped by the removed policy). A tombstone is shown, so it has a page.
    """
    how = _check(order, max_depth, removed, include_pending)
    check_count("page_size", page_size, minimum=1)
    items = comments if isinstance(comments, list) else list(comments)
    with collector_paused(len(items)):
        layout = lay_out(
            items,
            how,
            max_depth=max_depth,
            removed=removed,
            include_pending=include_pending,
            strict=bool(strict),
        )
    if comment_id not in layout.forest.index or comment_id in layout.dropped:
        return None
    root = layout.root_of(comment_id)
    roots = layout.shown_roots()
    position = next(i for i, shown in enumerate(roots) if shown is root)
    number = position // page_size + 1
    cursor = None
    if number > 1:
        last_before = roots[(number - 1) * page_size - 1]
        cursor = encode_cursor(layout.order, layout.key(last_before))
    return PageRef(number=number, cursor=cursor, root_id=root.id)
