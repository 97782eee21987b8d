"""CommentService: the one object a blog engine calls to take a comment in and show a thread."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, tzinfo

import attrs

from threadkit._errors import (
    CommentNotFound,
    InvalidComment,
    InvalidTransition,
    ParentInOtherPost,
    ParentNotFound,
    StatusConflict,
)
from threadkit._model import Action, Author, Comment, CommentDraft, Status, Verdict
from threadkit.moderation import CheckContext, RuleSet
from threadkit.sanitize import Sanitizer
from threadkit.service._events import CommentEvent, EventKind, Hooks
from threadkit.service._paging import count_visible, page_by_time, whole_post
from threadkit.service._results import SubmitResult, ThreadPage
from threadkit.store import CommentStore, Page
from threadkit.thread import ORDERS, InvalidOption, Order, Thread, build_thread

_STATUS_FOR = {
    Action.APPROVE: Status.APPROVED,
    Action.HOLD: Status.PENDING,
    Action.REJECT: Status.SPAM,
}
#: A parent in one of these takes no new replies: readers no longer see it.
_CLOSED = frozenset({Status.SPAM, Status.TRASH, Status.DELETED})
#: Moderation actions: the statuses each may start from, and where it leads.
_FROM = {
    "approve": frozenset({Status.PENDING, Status.SPAM}),
    "reject": frozenset({Status.PENDING, Status.APPROVED, Status.SPAM}),
    "mark_spam": frozenset({Status.PENDING, Status.APPROVED, Status.TRASH}),
    "restore": frozenset({Status.TRASH, Status.SPAM}),
}
_TO = {"approve": Status.APPROVED, "reject": Status.TRASH, "mark_spam": Status.SPAM}


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _in_zone(comment: Comment, tz: tzinfo) -> Comment:
    edited = comment.edited_at
    return attrs.evolve(
        comment,
        created_at=comment.created_at.astimezone(tz),
        edited_at=None if edited is None else edited.astimezone(tz),
    )


def _check_meta(meta: dict[str, str]) -> None:
    for key, value in meta.items():
        if not isinstance(value, str):
            raise InvalidComment(f"meta.{key}", value, "request details must be strings")


def _same_author(a: Author, b: Author) -> bool:
    if a.user_id is not None or b.user_id is not None:
        return a.user_id == b.user_id
    return a.email is not None and a.email.casefold() == (b.email or "").casefold()


class CommentService:
    """Takes readers' comments in (checked, sanitised, moderated, stored) and gives threads out.

    Args:
        store: where comments live (any :class:`~threadkit.store.CommentStore`).
        rules: the moderation rule set; ``RuleSet.default()`` when None.
        sanitizer: turns a body into the HTML to show; ``Sanitizer()`` when None.
        hooks: callables to run on approved, reply, held and rejected events.
        clock: returns the current time (timezone-aware); tests and imports may pass their own.
        history_window: how far back the author's recent comments are looked up for the
            duplicate and flood rules.
        first_time_check: when False the first-time-author rule is off (``known_author=None``).
    """

    def __init__(
        self,
        store: CommentStore,
        rules: RuleSet | None = None,
        sanitizer: Sanitizer | None = None,
        hooks: Hooks | None = None,
        *,
        clock: Callable[[], datetime] = _utcnow,
        history_window: timedelta = timedelta(days=1),
        first_time_check: bool = True,
    ) -> None:
        if history_window <= timedelta(0):
            raise ValueError("history_window must be positive")
        self.store = store
        self.rules = RuleSet.default() if rules is None else rules
        self.sanitizer = Sanitizer() if sanitizer is None else sanitizer
        self.hooks = Hooks() if hooks is None else hooks
        self._clock = clock
        self._window = history_window
        self._first_time = first_time_check

    def __repr__(self) -> str:
        return f"CommentService(store={self.store!r}, rules={self.rules!r})"

    def now(self) -> datetime:
        """The service clock's current time (it must be timezone-aware)."""
        now = self._clock()
        if now.tzinfo is None or now.utcoffset() is None:
            raise ValueError(f"the service clock returned a naive datetime: {now!r}")
        return now

    # -- taking comments in -------------------------------------------------------------------

    def submit(
        self,
        *,
        post_id: str,
        author: Author,
        body: str,
        parent_id: str | None = None,
        **request_meta: str,
    ) -> SubmitResult:
        """Check, sanitise, moderate and store a reader's comment; fire the matching hooks.

        ``request_meta`` (user agent, referrer, a honeypot field...) goes to the rules in
        ``draft.meta``. Raises ``InvalidComment`` (bad field or empty body),
        ``ParentNotFound``/``ParentInOtherPost``, ``ContentTooLarge`` or a ``StoreError``;
        on any of them nothing is stored and no hook runs.
        """
        _check_meta(request_meta)
        now = self.now()
        draft = CommentDraft(
            post_id=post_id,
            body=body,
            author=author,
            parent_id=parent_id,
            created_at=now,
            meta=request_meta,
        )
        if not body.strip():
            raise InvalidComment("body", body, "is empty")
        html = self.sanitizer.clean(body)  # ContentTooLarge leaves before anything is read
        parent = self._open_parent(draft)
        verdict = self.rules.check(draft, self._context(draft, now))
        comment = self.store.add(
            draft, status=_STATUS_FOR[verdict.action], html=html, verdict=verdict
        )
        self._announce(comment, verdict, "submit", parent)
        return SubmitResult(comment=comment, verdict=verdict)

    def edit(self, comment_id: str, *, body: str, **request_meta: str) -> SubmitResult:
        """Change a comment's body and check it again, as links edited into an approved
        comment must not slip past the rules.

        An edit never makes a comment more visible: an approved comment stays approved, goes
        to the queue or to spam as the new verdict says; a pending one stays pending unless it
        is now spam. Spam, trashed and deleted comments cannot be edited (InvalidTransition).
        """
        current = self.store.get(comment_id)
        if current.status not in (Status.APPROVED, Status.PENDING):
            raise InvalidTransition(comment_id, "edit", current.status)
        _check_meta(request_meta)
        if not body.strip():
            raise InvalidComment("body", body, "is empty", comment_id)
        html = self.sanitizer.clean(body)
        now = self.now()
        draft = CommentDraft(
            post_id=current.post_id,
            body=body,
            author=current.author,
            parent_id=current.parent_id,
            created_at=current.created_at,
            meta=request_meta,
        )
        verdict = self.rules.check(draft, self._context(draft, now, exclude=comment_id))
        status = _STATUS_FOR[verdict.action]
        if current.status is Status.PENDING and status is Status.APPROVED:
            status = Status.PENDING
        if status is not current.status:
            # Compare-and-set first, so an edit racing a moderator's action loses cleanly.
            self._set(comment_id, "edit", status, frozenset({current.status}))
            try:
                edited = self.store.edit(
                    comment_id, body=body, html=html, verdict=verdict, edited_at=now
                )
            except BaseException:
                self._undo_status(comment_id, status, current.status)
                raise
            self._announce(edited, verdict, "edit", None)
        else:
            edited = self.store.edit(
                comment_id, body=body, html=html, verdict=verdict, edited_at=now
            )
        return SubmitResult(comment=edited, verdict=verdict)

    def _open_parent(self, draft: CommentDraft) -> Comment | None:
        if draft.parent_id is None:
            return None
        try:
            parent = self.store.get(draft.parent_id)
        except CommentNotFound:
            raise ParentNotFound(None, draft.parent_id) from None
        if parent.post_id != draft.post_id:
            raise ParentInOtherPost(None, draft.parent_id, draft.post_id, parent.post_id)
        if parent.status in _CLOSED:
            raise InvalidComment(
                "parent_id",
                draft.parent_id,
                f"the comment replied to is {parent.status.value} and takes no replies",
            )
        return parent

    def _context(
        self, draft: CommentDraft, now: datetime, *, exclude: str | None = None
    ) -> CheckContext:
        """The author's recent comments (same user, email, IP or body) and whether they are
        known, for the duplicate, flood and first-time rules."""
        author = draft.author
        anonymous = author.email is None and author.user_id is None and author.ip is None
        recent = self.store.history(
            since=now - self._window,
            email=author.email,
            ip=author.ip,
            author_name=author.name if anonymous and author.name else None,
            user_id=author.user_id,
            body=draft.body,
        )
        known = self.store.known_author(author) if self._first_time else None
        return CheckContext(
            recent=tuple(c for c in recent if c.id != exclude), known_author=known, now=now
        )

    # -- moderation ---------------------------------------------------------------------------

    def approve(self, comment_id: str, *, expected: Status | None = None) -> Comment:
        """Publish a held comment, or one wrongly marked spam; its author is known from now on.

        ``expected`` is the status the moderator saw; if someone acted first the action is
        refused with InvalidTransition, as it is when the comment is already approved.
        """
        return self._moderate(comment_id, "approve", expected)

    def reject(self, comment_id: str, *, expected: Status | None = None) -> Comment:
        """Move a comment to the trash (hidden; :meth:`restore` brings it back)."""
        return self._moderate(comment_id, "reject", expected)

    def mark_spam(self, comment_id: str, *, expected: Status | None = None) -> Comment:
        """Mark a comment as spam (hidden; it no longer makes its author known)."""
        return self._moderate(comment_id, "mark_spam", expected)

    def restore(self, comment_id: str, *, expected: Status | None = None) -> Comment:
        """Bring a trashed or spam comment back where the rules put it: approved if its
        verdict approved it (or it was never checked), otherwise into the queue."""
        return self._moderate(comment_id, "restore", expected)

    def delete(self, comment_id: str, *, expected: Status | None = None) -> Comment | None:
        """Remove a comment for good: purged (returns None) when it has no replies, else
        kept as a tombstone (status deleted, body emptied) so its replies keep their place."""
        current = self.store.get(comment_id)
        if current.status is Status.DELETED or (
            expected is not None and current.status is not expected
        ):
            raise InvalidTransition(comment_id, "delete", current.status)
        return self.store.remove(comment_id)

    def queue(
        self,
        *,
        status: Status = Status.PENDING,
        post_id: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page:
        """A page of comments waiting for a moderator (or in another ``status``, e.g. spam),
        oldest first, each with the ``verdict`` that explains why it is there."""
        return self.store.list_by_status(status, post_id=post_id, limit=limit, cursor=cursor)

    def _moderate(self, comment_id: str, action: str, expected: Status | None) -> Comment:
        sources = _FROM[action]
        if expected is not None:
            sources = sources & {Status(expected)}
            if not sources:
                raise InvalidTransition(comment_id, action, expected)
        if action == "restore":
            current = self.store.get(comment_id)
            if current.status not in sources:
                raise InvalidTransition(comment_id, action, current.status)
            sources = frozenset({current.status})
            held = current.verdict is not None and current.verdict.action is not Action.APPROVE
            target = Status.PENDING if held else Status.APPROVED
        else:
            target = _TO[action]
        comment = self._set(comment_id, action, target, sources)
        if target is Status.APPROVED:
            self._announce(comment, comment.verdict, action, None)
        return comment

    def _set(
        self, comment_id: str, action: str, target: Status, sources: frozenset[Status]
    ) -> Comment:
        try:
            return self.store.set_status(comment_id, target, expected=sources)
        except StatusConflict as exc:
            raise InvalidTransition(comment_id, action, exc.actual) from exc

    def _undo_status(self, comment_id: str, now: Status, before: Status) -> None:
        with contextlib.suppress(StatusConflict, CommentNotFound):
            # Someone acted since; their status stands.
            self.store.set_status(comment_id, before, expected=now)

    def _announce(
        self, comment: Comment, verdict: Verdict | None, cause: str, parent: Comment | None
    ) -> None:
        """Fire the hooks for a comment's new status (a reply becoming visible fires two)."""
        kind = {
            Status.APPROVED: EventKind.APPROVED,
            Status.PENDING: EventKind.HELD,
            Status.SPAM: EventKind.REJECTED,
        }.get(comment.status)
        if kind is None:
            return
        self.hooks.fire(CommentEvent(kind, comment, verdict, cause))
        if kind is EventKind.APPROVED and comment.parent_id is not None:
            if parent is None:
                parent = self.store.get_many([comment.parent_id]).get(comment.parent_id)
            if parent is not None:
                self.hooks.fire(CommentEvent(EventKind.REPLY, comment, verdict, cause, parent))

    # -- showing threads ----------------------------------------------------------------------

    def thread(
        self,
        post_id: str,
        *,
        cursor: str | None = None,
        page_size: int = 50,
        order: str | Order = "oldest",
        moderator: bool = False,
        viewer: Author | None = None,
        max_depth: int | None = None,
        removed: str = "tombstone",
        tz: tzinfo | None = None,
    ) -> ThreadPage:
        """One page of ``page_size`` top-level comments with all their replies, nested.

        ``moderator=True`` includes pending comments; a ``viewer`` sees their own pending
        comments (so a held comment does not look lost to its author). ``oldest`` and
        ``newest`` page through the store by time; ``top``, ``best`` and ``controversial``
        rank the whole post, then page. ``total`` counts the post's visible comments.
        Stores return times in UTC; ``tz`` (the blog's zone) converts them for display, so a
        comment written late in the evening is not dated the next day.
        """
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        chosen = order if isinstance(order, Order) else ORDERS.get(order)
        if chosen is None:
            raise InvalidOption("order", order, "must be an Order or one of " + ", ".join(ORDERS))

        def own(comment: Comment) -> bool:
            return viewer is not None and _same_author(comment.author, viewer)

        def build(
            comments: list[Comment], page_size: int | None = None, cursor: str | None = None
        ) -> Thread:
            if tz is not None:
                comments = [_in_zone(c, tz) for c in comments]
            return build_thread(
                comments,
                order=chosen,
                max_depth=max_depth,
                removed=removed,
                include_pending=True if moderator else own,
                page_size=page_size,
                cursor=cursor,
            )

        visible = {Status.APPROVED, Status.PENDING} if moderator else {Status.APPROVED}
        if chosen.score is None:  # by time: the store's keyset pages cut the roots
            thread, after = page_by_time(
                self.store,
                post_id,
                newest=chosen.newest_first,
                cursor=cursor,
                page_size=page_size,
                build=build,
            )
            total = count_visible(self.store, post_id, visible)
        else:  # by score: only the whole post can say which roots come first
            everything = whole_post(self.store, post_id)
            thread = build(everything, page_size=page_size, cursor=cursor)
            after = thread.next_cursor
            total = sum(1 for c in everything if c.status in visible)
        return ThreadPage(thread=thread, total=total, next_cursor=after)
