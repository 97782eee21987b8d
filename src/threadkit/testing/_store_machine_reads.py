"""The read rules of the store agreement machine: listings, look-ups and thread rendering."""

from __future__ import annotations

from collections.abc import Collection
from datetime import timedelta

from hypothesis import strategies as st
from hypothesis.stateful import invariant, precondition, rule

from threadkit._model import Status
from threadkit.store import SupportsCounts
from threadkit.testing._store_machine_base import (
    BASE,
    POSTS,
    STATUS,
    STATUS_SETS,
    AgreementBase,
    comments,
)
from threadkit.thread import build_thread


class ReadRules(AgreementBase):
    """Every read, compared between the store and the model after any sequence of writes."""

    @rule(
        post=st.integers(0, POSTS - 1),
        newest_first=st.booleans(),
        statuses=STATUS_SETS,
        limit=st.integers(1, 4),
    )
    def walk_roots(
        self, post: int, newest_first: bool, statuses: Collection[Status] | None, limit: int
    ) -> None:
        cursors: tuple[str | None, str | None] = (None, None)
        for _ in range(1000):
            got = self.store.list_roots(
                self.post(post),
                limit=limit,
                cursor=cursors[0],
                newest_first=newest_first,
                statuses=statuses,
            )
            want = self.model.list_roots(
                self.post(post),
                limit=limit,
                cursor=cursors[1],
                newest_first=newest_first,
                statuses=statuses,
            )
            self.same(got.items, want.items)
            assert (got.next_cursor is None) == (want.next_cursor is None)
            if want.next_cursor is None:
                return
            cursors = (got.next_cursor, want.next_cursor)

    @rule(
        post=st.integers(0, POSTS - 1),
        newest_first=st.booleans(),
        statuses=STATUS_SETS,
        limit=st.integers(1, 3),
    )
    def open_listing(
        self, post: int, newest_first: bool, statuses: frozenset[Status] | None, limit: int
    ) -> None:
        got = self.store.list_roots(
            self.post(post), limit=limit, newest_first=newest_first, statuses=statuses
        )
        want = self.model.list_roots(
            self.post(post), limit=limit, newest_first=newest_first, statuses=statuses
        )
        self.same(got.items, want.items)
        assert (got.next_cursor is None) == (want.next_cursor is None)
        if got.next_cursor and want.next_cursor:
            self.open_listings.append(
                (
                    (self.post(post), newest_first, statuses, limit),
                    got.next_cursor,
                    want.next_cursor,
                )
            )

    @precondition(lambda self: self.open_listings)
    @rule(index=st.integers(0, 10))
    def continue_listing(self, index: int) -> None:
        """A cursor taken before other writes still pages the same way in both stores."""
        (post, newest_first, statuses, limit), s_cursor, m_cursor = self.open_listings.pop(
            index % len(self.open_listings)
        )
        got = self.store.list_roots(
            post, limit=limit, cursor=s_cursor, newest_first=newest_first, statuses=statuses
        )
        want = self.model.list_roots(
            post, limit=limit, cursor=m_cursor, newest_first=newest_first, statuses=statuses
        )
        self.same(got.items, want.items)
        assert (got.next_cursor is None) == (want.next_cursor is None)
        if got.next_cursor and want.next_cursor:
            self.open_listings.append(
                ((post, newest_first, statuses, limit), got.next_cursor, want.next_cursor)
            )

    @rule(
        post=st.integers(0, POSTS - 1),
        roots=st.none() | st.lists(comments, max_size=4),
        statuses=STATUS_SETS,
    )
    def replies(
        self, post: int, roots: list[str] | None, statuses: frozenset[Status] | None
    ) -> None:
        """Replies under chosen comments, or (roots=None) under every root of the post."""
        if roots is None:
            roots = [c.id for c in self.model.list_roots(self.post(post), limit=1000).items]
        got = self.store.list_replies(
            self.post(post), [self.sid(r) for r in roots], statuses=statuses
        )
        want = self.model.list_replies(self.post(post), roots, statuses=statuses)
        self.same(got, want)

    @rule(status=STATUS, post=st.integers(0, POSTS - 1), limit=st.integers(1, 4))
    def queue(self, status: Status, post: int, limit: int) -> None:
        cursors: tuple[str | None, str | None] = (None, None)
        for _ in range(1000):
            got = self.store.list_by_status(
                status, post_id=self.post(post), limit=limit, cursor=cursors[0]
            )
            want = self.model.list_by_status(
                status, post_id=self.post(post), limit=limit, cursor=cursors[1]
            )
            self.same(got.items, want.items)
            assert (got.next_cursor is None) == (want.next_cursor is None)
            if want.next_cursor is None:
                return
            cursors = (got.next_cursor, want.next_cursor)

    @rule(
        author=st.integers(0, 3),
        keys=st.sets(
            st.sampled_from(["email", "ip", "author_name", "user_id", "body"]), min_size=1
        ),
        body_of=st.none() | comments,
        minutes=st.integers(-10, 600),
        limit=st.integers(1, 5),
    )
    def history(
        self, author: int, keys: set[str], body_of: str | None, minutes: int, limit: int
    ) -> None:
        who = self.authors[author]
        values = {"email": who.email, "ip": who.ip, "author_name": who.name, "user_id": who.user_id}
        source = self.model.get_many([body_of]).get(body_of) if body_of else None
        values["body"] = source.body if source else None
        asked = {k: values[k] for k in keys}
        since = BASE + timedelta(minutes=minutes)
        got = self.store.history(since=since, limit=limit, **asked)
        want = self.model.history(since=since, limit=limit, **asked)
        self.same(got, want)

    @rule(author=st.integers(0, 3))
    def known_author(self, author: int) -> None:
        who = self.authors[author]
        assert self.store.known_author(who) == self.model.known_author(who)

    @precondition(lambda self: self.counts)
    @rule(post=st.integers(0, POSTS - 1), statuses=st.sets(STATUS))
    def count(self, post: int, statuses: set[Status]) -> None:
        assert isinstance(self.store, SupportsCounts)
        want = self.model.count(self.post(post), statuses=statuses)
        assert self.store.count(self.post(post), statuses=statuses) == want

    @rule(post=st.integers(0, POSTS - 1), newest_first=st.booleans())
    def threads(self, post: int, newest_first: bool) -> None:
        """``build_thread`` over a page of roots and their replies renders the same tree."""
        shapes = []
        for store, rename in ((self.store, self.mapped), (self.model, lambda c: c)):
            page = store.list_roots(self.post(post), limit=1000, newest_first=newest_first)
            replies = store.list_replies(self.post(post), [c.id for c in page.items])
            thread = build_thread(
                [rename(c) for c in (*page.items, *replies)],
                order="newest" if newest_first else "oldest",
                include_pending=True,
            )
            shapes.append([(n.comment.id, n.depth, n.is_tombstone) for n in thread.walk()])
        assert shapes[0] == shapes[1]

    @invariant()
    def every_comment_agrees(self) -> None:
        """Every comment either store ever assigned reads back the same from both."""
        got = self.store.get_many(list(self.to_model))
        want = self.model.get_many(list(self.to_store))
        assert {self.to_model[i]: self.mapped(c) for i, c in got.items()} == want
