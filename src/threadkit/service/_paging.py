"""Assembling one page of a thread from a store: keyset pages of top-level comments by time,
or the whole post for the score orders, and the post's visible total."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence

from threadkit._model import Comment, Status
from threadkit.store import CommentStore, SupportsCounts
from threadkit.thread import Thread

#: The root ids per ``list_replies`` call, well under SQL engines' bound-parameter limits.
_ID_CHUNK = 500

Build = Callable[..., Thread]


def _with_replies(store: CommentStore, post_id: str, roots: Sequence[Comment]) -> list[Comment]:
    found = list(roots)
    for start in range(0, len(roots), _ID_CHUNK):
        ids = [c.id for c in roots[start : start + _ID_CHUNK]]
        found.extend(store.list_replies(post_id, ids))
    return found


def _root_batches(
    store: CommentStore, post_id: str, cursor: str | None, newest: bool, sizes: Iterator[int]
) -> Iterator[tuple[list[Comment], str | None]]:
    """Successive root pages (with every reply) and the cursor after each; stops at the end."""
    while True:
        page = store.list_roots(post_id, limit=next(sizes), cursor=cursor, newest_first=newest)
        if not page.items:
            return
        yield _with_replies(store, post_id, page.items), page.next_cursor
        cursor = page.next_cursor
        if cursor is None:
            return


def page_by_time(
    store: CommentStore,
    post_id: str,
    *,
    newest: bool,
    cursor: str | None,
    page_size: int,
    build: Build,
) -> tuple[Thread, str | None]:
    """``page_size`` shown top-level comments (visible, or tombstones keeping replies) by time.

    Roots the viewer cannot see (spam with no visible replies, say) take no room on the page:
    the store is asked for exactly as many more roots as are missing, so the cursor after the
    last batch is the cursor after the last root shown.
    """
    taken: list[Comment] = []
    built: list[Thread] = []
    missing = page_size

    def need() -> Iterator[int]:
        while True:
            yield missing

    after: str | None = None  # None when the store runs out of roots: the last page
    for batch, batch_end in _root_batches(store, post_id, cursor, newest, need()):
        taken.extend(batch)
        built.append(build(batch))
        missing -= len(built[-1].roots)
        if missing <= 0:
            after = batch_end
            break
    if after is not None and not _more_shown(store, post_id, after, newest, page_size, build):
        after = None
    # Usually one batch fills the page: its thread is the page's, so it is not built twice.
    return (built[0] if len(built) == 1 else build(taken)), after


def _more_shown(
    store: CommentStore, post_id: str, cursor: str, newest: bool, page_size: int, build: Build
) -> bool:
    """Whether any root after ``cursor`` would be shown, so the last page says it is last."""

    def sizes() -> Iterator[int]:
        yield 1  # usually the very next root is shown; ask for more only past hidden ones
        while True:
            yield page_size

    batches = _root_batches(store, post_id, cursor, newest, sizes())
    return any(build(batch).roots for batch, _ in batches)


def whole_post(store: CommentStore, post_id: str, *, page_size: int = 500) -> list[Comment]:
    """Every comment of the post, whatever its status."""
    taken: list[Comment] = []

    def sizes() -> Iterator[int]:
        while True:
            yield page_size

    for batch, _ in _root_batches(store, post_id, None, False, sizes()):
        taken.extend(batch)
    return taken


def count_visible(store: CommentStore, post_id: str, statuses: Collection[Status]) -> int:
    """Comments of the post in ``statuses``: the store's own count when it has one."""
    if isinstance(store, SupportsCounts):
        return store.count(post_id, statuses=statuses)
    wanted = frozenset(statuses)
    return sum(1 for c in whole_post(store, post_id) if c.status in wanted)
