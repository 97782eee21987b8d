"""The storage contract: what threadkit's core asks of a comment store, and nothing more.

A blog engine that already has a database implements :class:`CommentStore` over its own
tables; one that does not uses a bundled adapter. :mod:`threadkit.testing` checks an
implementation against every rule written here. Rules common to all methods:

- Every method is atomic: it either happens completely or raises and writes nothing.
- Ids are opaque non-empty strings the store assigns. A value that cannot be an id (empty, not
  a string, containing NUL, longer than 255 characters) is simply unknown.
- Timestamps come back timezone-aware in UTC, to the microsecond.
- Text (post ids, author fields, bodies) is compared exactly: case-sensitive, code point by
  code point, trailing spaces significant. Bodies of any Unicode without NUL round-trip
  exactly, up to at least 65,536 characters.
- Listings are ordered by the key ``(created_at, id)``; every page holds ``limit`` items except
  the last, whose ``next_cursor`` is None. Cursors are opaque URL-safe strings that are only
  valid for the listing (query, post, order, status filter) that produced them.
- Bad arguments from the caller's code (a zero page size, a naive ``since``) raise ValueError;
  bad data raise :class:`~threadkit.ThreadkitError` subclasses.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Protocol, runtime_checkable

import attrs

from threadkit._model import Author, Comment, CommentDraft, Status, Verdict


def _items(value: Iterable[Comment]) -> tuple[Comment, ...]:
    return tuple(value)


@attrs.frozen
class Page:
    """One page of a keyset-paged listing.

    Attributes:
        items: the comments on this page, in listing order.
        next_cursor: pass it back to get the following page; None on the last page.
    """

    items: tuple[Comment, ...] = attrs.field(converter=_items)
    next_cursor: str | None = None

    def __iter__(self) -> Iterator[Comment]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


@runtime_checkable
class CommentStore(Protocol):
    """Where comments live. Every bundled adapter and any engine's own adapter implements this."""

    def add(
        self,
        draft: CommentDraft,
        *,
        status: Status = Status.APPROVED,
        html: str = "",
        verdict: Verdict | None = None,
    ) -> Comment:
        """Store a new comment and return it with the id the store assigned.

        ``created_at`` is ``draft.created_at`` (converted to UTC) or the current time. The
        store records the comment's root and depth at insert, so listing a thread never
        renumbers anything; ``parent_id`` never changes afterwards, so no cycle can form.

        Raises:
            ParentNotFound: ``draft.parent_id`` names no stored comment.
            ParentInOtherPost: the parent belongs to another post.
            InvalidComment: a text field holds NUL, or a post id or author field is longer than
                the store can index (255 characters; 2048 for the URL).
        Nothing is written when it raises.
        """
        ...

    def get_many(self, ids: Iterable[str]) -> dict[str, Comment]:
        """The stored comments among ``ids``, by id; unknown ids are simply absent."""
        ...

    def get(self, comment_id: str) -> Comment:
        """The comment with this id.

        Raises:
            CommentNotFound: no such comment (also for values that cannot be ids).
        """
        ...

    def set_status(
        self,
        comment_id: str,
        status: Status,
        *,
        expected: Status | Collection[Status] | None = None,
    ) -> Comment:
        """Change a comment's status atomically and return the updated comment.

        With ``expected`` (one status or several) this is a compare-and-set: the change
        happens only if the comment still has one of them, so of two moderators acting at
        once exactly one succeeds. Only the status changes; setting DELETED this way keeps
        the body (use :meth:`remove` to tombstone). Setting the current status succeeds.

        Raises:
            CommentNotFound: no such comment.
            StatusConflict: the comment's status is not in ``expected``; nothing changed.
            ValueError: ``expected`` is an empty collection.
        """
        ...

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
        """Replace a comment's body and html, and return the updated comment.

        The verdict is replaced too (None clears it: the old one judged the old text); the
        status is kept unless given; ``edited_at`` is set to the given time or now.

        Raises:
            CommentNotFound: no such comment.
            InvalidComment: NUL in the text, or ``edited_at`` before ``created_at``.
        """
        ...

    def remove(self, comment_id: str) -> Comment | None:
        """Delete a comment: purge it if it is a leaf, else leave a tombstone.

        A leaf (no stored replies) is deleted with its votes and None is returned. A comment
        with replies becomes a tombstone, returned: status DELETED, body, html and verdict
        emptied, everything else kept so its replies stay in place. Removing a tombstone again
        changes nothing. When purging a leaf leaves its parent a DELETED comment with no
        replies, the parent is purged too, and so on up the thread: a deleted comment is kept
        only as long as it holds replies.

        Raises:
            CommentNotFound: no such comment.
        """
        ...

    def list_roots(
        self,
        post_id: str,
        *,
        limit: int = 50,
        cursor: str | None = None,
        newest_first: bool = False,
        statuses: Collection[Status] | None = None,
    ) -> Page:
        """One page of a post's top-level comments, oldest (or newest) first.

        ``statuses`` filters (None: every status). ``cursor`` is the previous page's
        ``next_cursor``; since it names a position, not an offset, comments added or removed
        meanwhile never make a page repeat or skip one that existed on both requests.

        Raises:
            InvalidCursor: the cursor is malformed or came from another listing (another post,
                order or status filter).
            ValueError: ``limit`` is not a positive integer.
        """
        ...

    def list_replies(
        self,
        post_id: str,
        root_ids: Sequence[str],
        *,
        statuses: Collection[Status] | None = None,
    ) -> list[Comment]:
        """Every descendant (replies at any depth) of the given roots of ``post_id``.

        The roots themselves are not included; ids that are not roots of this post add
        nothing. ``statuses`` filters the replies returned (None: every status) but does not
        cut subtrees: a reply under a filtered-out reply is still returned if it matches.
        Ordered oldest first by ``(created_at, id)``.
        """
        ...

    def list_by_status(
        self,
        status: Status,
        *,
        post_id: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page:
        """The moderation queue: comments with ``status``, oldest first, paged by cursor.

        ``post_id`` restricts it to one post (None: the whole store).

        Raises:
            InvalidCursor: malformed, or from another listing.
            ValueError: ``limit`` is not a positive integer.
        """
        ...

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
        """Recent comments matching ANY given key, newest first: what flood checks need.

        A comment matches when its author's e-mail, ip, name or user id, or its body, equals
        a given value exactly, and ``created_at >= since``. Every status counts. Keys given
        as None or "" are ignored; with none left the result is empty. Each comment appears
        once, at most ``limit`` of them.

        Raises:
            ValueError: ``since`` is naive, or ``limit`` is not a positive integer.
        """
        ...

    def known_author(self, author: Author) -> bool:
        """Whether ``author`` has an APPROVED comment in this store.

        Matched by the same user id or the same e-mail; an author with neither is matched
        by name, and only against comments whose author also gave neither.
        """
        ...


@runtime_checkable
class SupportsCounts(Protocol):
    """Optional: a store that counts a post's comments without loading them."""

    def count(self, post_id: str, *, statuses: Collection[Status]) -> int:
        """How many comments of ``post_id`` have one of ``statuses``."""
        ...


@runtime_checkable
class SupportsVotes(Protocol):
    """Optional: a store that records up/down votes, one per voter per comment."""

    def vote(self, comment_id: str, voter_id: str, value: int) -> Comment:
        """Record ``voter_id``'s vote and return the comment with updated ``ups``/``downs``.

        ``value`` is 1 (up), -1 (down) or 0 (withdraw); a voter's new vote replaces their old
        one, so voting twice the same way counts once. Atomic.

        Raises:
            CommentNotFound: no such comment.
            ValueError: ``value`` is not -1, 0 or 1, or ``voter_id`` is empty or holds NUL.
        """
        ...
