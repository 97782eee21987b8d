"""MemoryStore: the reference implementation of the store contract, kept in process memory.

It is the model the conformance kit compares every other adapter with, so it favours plain,
obviously-correct structures over speed: sorted key lists per listing (``bisect``), sets for
children and descendants, and one lock around every operation.
"""

from __future__ import annotations

import itertools
import threading
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from datetime import datetime

import attrs

from threadkit._errors import CommentNotFound, StatusConflict
from threadkit._model import Author, Comment, CommentDraft, Status, Verdict
from threadkit.store import _helpers as h
from threadkit.store._cursor import decode_cursor, encode_cursor, listing_fingerprint, to_micros
from threadkit.store._protocol import Page

_Key = tuple[int, str]
_HISTORY_FIELDS = ("email", "ip", "name", "user_id")


def _key(comment: Comment) -> _Key:
    return (to_micros(comment.created_at), comment.id)


class _Row:
    """A stored comment with the placement written once at insert."""

    __slots__ = ("comment", "depth", "root_id")

    def __init__(self, comment: Comment, root_id: str, depth: int) -> None:
        self.comment = comment
        self.root_id = root_id
        self.depth = depth


class MemoryStore:
    """A thread-safe in-memory comment store; implements CommentStore, counts and votes.

    Args:
        clock: returns "now" for comments and edits without a time (default: UTC now).
    """

    def __init__(self, *, clock: Callable[[], datetime] | None = None) -> None:
        self._clock = clock or h.now_utc
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._rows: dict[str, _Row] = {}
        self._children: dict[str, set[str]] = {}
        self._replies: dict[str, set[str]] = {}  # root id -> every descendant's id
        self._roots: dict[str, list[_Key]] = {}  # post id -> sorted keys of its roots
        self._by_post: dict[str, set[str]] = {}
        self._by_status: dict[Status, list[_Key]] = {s: [] for s in Status}
        self._index: dict[tuple[str, str], set[str]] = {}  # (field, value) -> ids
        self._votes: dict[str, dict[str, int]] = {}

    def __repr__(self) -> str:
        return f"<MemoryStore: {len(self._rows)} comments>"

    def __len__(self) -> int:
        return len(self._rows)

    # -- writes -------------------------------------------------------------------------

    def add(
        self,
        draft: CommentDraft,
        *,
        status: Status = Status.APPROVED,
        html: str = "",
        verdict: Verdict | None = None,
    ) -> Comment:
        """Store a new comment (see :meth:`CommentStore.add`)."""
        h.check_draft(draft, html)
        status = Status(status)
        with self._lock:
            parent = self._rows.get(draft.parent_id) if draft.parent_id is not None else None
            h.check_parent(draft, parent.comment if parent else None)
            comment = h.new_comment(
                draft,
                str(next(self._ids)),
                status=status,
                html=html,
                verdict=verdict,
                now=self._clock(),
            )
            if parent is None:
                row = _Row(comment, comment.id, 0)
                insort(self._roots.setdefault(comment.post_id, []), _key(comment))
            else:
                row = _Row(comment, parent.root_id, parent.depth + 1)
                self._children.setdefault(parent.comment.id, set()).add(comment.id)
                self._replies.setdefault(row.root_id, set()).add(comment.id)
            self._rows[comment.id] = row
            self._by_post.setdefault(comment.post_id, set()).add(comment.id)
            insort(self._by_status[comment.status], _key(comment))
            self._index_add(comment)
            return comment

    def set_status(
        self,
        comment_id: str,
        status: Status,
        *,
        expected: Status | Collection[Status] | None = None,
    ) -> Comment:
        """Compare-and-set a status (see :meth:`CommentStore.set_status`)."""
        status = Status(status)
        wanted = h.normalize_expected(expected)
        with self._lock:
            row = self._row(comment_id)
            if wanted is not None and row.comment.status not in wanted:
                raise StatusConflict(comment_id, h.sorted_statuses(wanted), row.comment.status)
            if row.comment.status == status:
                return row.comment
            return self._replace(row, attrs.evolve(row.comment, status=status))

    def edit(
        self,
        comment_id: str,
        *,
        body: str,
        html: str,
        verdict: Verdict | None = None,
        status: Status | None = None,
        edited_at: datetime | None = None,
    ) -> Comment:
        """Replace body and html (see :meth:`CommentStore.edit`)."""
        with self._lock:
            row = self._row(comment_id)
            new = h.apply_edit(
                row.comment,
                body=body,
                html=html,
                verdict=verdict,
                status=status,
                edited_at=edited_at,
                now=self._clock(),
            )
            return self._replace(row, new)

    def remove(self, comment_id: str) -> Comment | None:
        """Purge a leaf or tombstone a comment with replies (see :meth:`CommentStore.remove`)."""
        with self._lock:
            row = self._row(comment_id)
            if self._children.get(comment_id):
                return self._replace(row, h.tombstone(row.comment))
            parent_id = row.comment.parent_id
            self._purge(row)
            # A deleted comment only stays to hold replies; walk up while that reason is gone.
            while parent_id is not None:
                parent = self._rows[parent_id]
                if parent.comment.status != Status.DELETED or self._children.get(parent_id):
                    break
                parent_id = parent.comment.parent_id
                self._purge(parent)
            return None

    def vote(self, comment_id: str, voter_id: str, value: int) -> Comment:
        """Record one voter's vote (see :meth:`SupportsVotes.vote`)."""
        h.check_vote(voter_id, value)
        with self._lock:
            row = self._row(comment_id)
            votes = self._votes.setdefault(comment_id, {})
            old = votes.pop(voter_id, 0)
            if value:
                votes[voter_id] = value
            ups = row.comment.ups + (value == 1) - (old == 1)
            downs = row.comment.downs + (value == -1) - (old == -1)
            return self._replace(row, attrs.evolve(row.comment, ups=ups, downs=downs))

    # -- reads --------------------------------------------------------------------------

    def get_many(self, ids: Iterable[str]) -> dict[str, Comment]:
        """Stored comments among ``ids``, by id."""
        with self._lock:
            return {i: self._rows[i].comment for i in ids if h.plausible_id(i) and i in self._rows}

    def get(self, comment_id: str) -> Comment:
        """One comment; raises CommentNotFound."""
        with self._lock:
            return self._row(comment_id).comment

    def list_roots(
        self,
        post_id: str,
        *,
        limit: int = 50,
        cursor: str | None = None,
        newest_first: bool = False,
        statuses: Collection[Status] | None = None,
    ) -> Page:
        """A page of top-level comments (see :meth:`CommentStore.list_roots`)."""
        h.check_limit(limit)
        wanted = h.normalize_statuses(statuses)
        fingerprint = listing_fingerprint(
            "roots", post_id, newest_first=newest_first, statuses=wanted
        )
        after = decode_cursor(cursor, fingerprint) if cursor is not None else None
        with self._lock:
            keys = self._roots.get(post_id, [])
            start = (after.created_at_us, after.comment_id) if after else None
            return self._page(
                keys,
                start,
                newest_first,
                limit,
                fingerprint,
                lambda c: wanted is None or c.status in wanted,
            )

    def list_replies(
        self,
        post_id: str,
        root_ids: Sequence[str],
        *,
        statuses: Collection[Status] | None = None,
    ) -> list[Comment]:
        """Every descendant of the given roots (see :meth:`CommentStore.list_replies`)."""
        wanted = h.normalize_statuses(statuses)
        with self._lock:
            found: list[Comment] = []
            for root_id in dict.fromkeys(root_ids):
                root = self._rows.get(root_id) if h.plausible_id(root_id) else None
                if root is None or root.depth or root.comment.post_id != post_id:
                    continue
                for reply_id in self._replies.get(root_id, ()):
                    reply = self._rows[reply_id].comment
                    if wanted is None or reply.status in wanted:
                        found.append(reply)
            return sorted(found, key=_key)

    def list_by_status(
        self,
        status: Status,
        *,
        post_id: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page:
        """The moderation queue, oldest first (see :meth:`CommentStore.list_by_status`)."""
        h.check_limit(limit)
        status = Status(status)
        fingerprint = listing_fingerprint("status", post_id, statuses={status})
        after = decode_cursor(cursor, fingerprint) if cursor is not None else None
        with self._lock:
            start = (after.created_at_us, after.comment_id) if after else None
            return self._page(
                self._by_status[status],
                start,
                False,
                limit,
                fingerprint,
                lambda c: post_id is None or c.post_id == post_id,
            )

    def history(
        self,
        *,
        since: datetime,
        email: str | None = None,
        ip: str | None = None,
        author_name: str | None = None,
        user_id: str | None = None,
        body: str | None = None,
        limit: int = 100,
    ) -> list[Comment]:
        """Recent comments matching any key, newest first (see :meth:`CommentStore.history`)."""
        since = h.check_since(since)
        h.check_limit(limit)
        keys = h.history_keys(
            email=email, ip=ip, author_name=author_name, user_id=user_id, body=body
        )
        with self._lock:
            ids: set[str] = set()
            for field, value in keys.items():
                ids |= self._index.get((field, value), set())
            found = [self._rows[i].comment for i in ids]
        recent = [c for c in found if c.created_at >= since]
        return sorted(recent, key=_key, reverse=True)[:limit]

    def known_author(self, author: Author) -> bool:
        """Whether ``author`` has an approved comment (see :meth:`CommentStore.known_author`)."""
        query = h.KnownAuthorQuery.for_author(author)
        probes = [("user_id", query.user_id), ("email", query.email), ("name", query.name)]
        with self._lock:
            for field, value in probes:
                if value is None:
                    continue
                for i in self._index.get((field, value), ()):
                    comment = self._rows[i].comment
                    if comment.status == Status.APPROVED and query.matches(comment.author):
                        return True
            return False

    def count(self, post_id: str, *, statuses: Collection[Status]) -> int:
        """How many comments of ``post_id`` have one of ``statuses``."""
        wanted = h.normalize_statuses(statuses) or frozenset()
        with self._lock:
            return sum(
                self._rows[i].comment.status in wanted for i in self._by_post.get(post_id, ())
            )

    def placement(self, comment_id: str) -> tuple[str, int]:
        """``(root_id, depth)`` recorded for a comment at insert (roots: their own id, 0)."""
        with self._lock:
            row = self._row(comment_id)
            return row.root_id, row.depth

    # -- internals (called with the lock held) ------------------------------------------

    def _row(self, comment_id: str) -> _Row:
        row = self._rows.get(comment_id) if h.plausible_id(comment_id) else None
        if row is None:
            raise CommentNotFound(str(comment_id))
        return row

    def _page(
        self,
        keys: list[_Key],
        after: _Key | None,
        newest_first: bool,
        limit: int,
        fingerprint: str,
        keep: Callable[[Comment], bool],
    ) -> Page:
        items: list[Comment] = []
        for key in _walk(keys, after, newest_first):
            comment = self._rows[key[1]].comment
            if keep(comment):
                if len(items) == limit:
                    last = items[-1]
                    return Page(items, encode_cursor(fingerprint, last.created_at, last.id))
                items.append(comment)
        return Page(items, None)

    def _replace(self, row: _Row, new: Comment) -> Comment:
        old = row.comment
        if new is old:
            return old
        if new.status != old.status:
            keys = self._by_status
            del keys[old.status][bisect_left(keys[old.status], _key(old))]
            insort(keys[new.status], _key(new))
        self._index_remove(old)
        self._index_add(new)
        row.comment = new
        return new

    def _purge(self, row: _Row) -> None:
        comment = row.comment
        key = _key(comment)
        if row.depth == 0:
            roots = self._roots[comment.post_id]
            del roots[bisect_left(roots, key)]
            self._replies.pop(comment.id, None)
        else:
            self._replies[row.root_id].discard(comment.id)
        if comment.parent_id is not None:
            self._children[comment.parent_id].discard(comment.id)
        self._children.pop(comment.id, None)
        del self._by_status[comment.status][bisect_left(self._by_status[comment.status], key)]
        self._by_post[comment.post_id].discard(comment.id)
        self._index_remove(comment)
        self._votes.pop(comment.id, None)
        del self._rows[comment.id]

    def _index_add(self, comment: Comment) -> None:
        for entry in _index_entries(comment):
            self._index.setdefault(entry, set()).add(comment.id)

    def _index_remove(self, comment: Comment) -> None:
        for entry in _index_entries(comment):
            ids = self._index.get(entry)
            if ids is not None:
                ids.discard(comment.id)
                if not ids:
                    del self._index[entry]


def _walk(keys: list[_Key], after: _Key | None, newest_first: bool) -> Iterator[_Key]:
    """The keys strictly after ``after`` in listing order."""
    if newest_first:
        end = len(keys) if after is None else bisect_left(keys, after)
        return (keys[i] for i in range(end - 1, -1, -1))
    start = 0 if after is None else bisect_right(keys, after)
    return (keys[i] for i in range(start, len(keys)))


def _index_entries(comment: Comment) -> list[tuple[str, str]]:
    author = comment.author
    values = (author.email, author.ip, author.name, author.user_id)
    entries = [(f, v) for f, v in zip(_HISTORY_FIELDS, values, strict=True) if v]
    if comment.body:
        entries.append(("body", comment.body))
    return entries
