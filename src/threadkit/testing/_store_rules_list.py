"""Conformance rules for reading: list_roots, list_replies, list_by_status, history, authors."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from threadkit._errors import InvalidCursor
from threadkit._model import Comment, CommentDraft, Status
from threadkit.store import CommentStore, Page
from threadkit.testing._store_rules import BASE, Kit

Fetch = Callable[[int, "str | None"], Page]


def _walk(fetch: Fetch, limit: int) -> list[list[Comment]]:
    """Every page a listing gives, following cursors (``fetch(limit, cursor) -> Page``)."""
    pages: list[list[Comment]] = []
    cursor: str | None = None
    for _ in range(10_000):
        page = fetch(limit, cursor)
        assert isinstance(page, Page)
        assert len(page.items) <= limit
        pages.append(list(page.items))
        if page.next_cursor is None:
            return pages
        assert isinstance(page.next_cursor, str)
        assert page.next_cursor
        assert len(page.items) == limit, "only the last page may be short"
        cursor = page.next_cursor
    raise AssertionError("listing never ended")


def _roots(store: CommentStore, post: str, *, newest_first: bool = False) -> Fetch:
    def fetch(limit: int, cursor: str | None) -> Page:
        return store.list_roots(post, limit=limit, cursor=cursor, newest_first=newest_first)

    return fetch


def _queue(store: CommentStore, status: Status, post: str | None) -> Fetch:
    def fetch(limit: int, cursor: str | None) -> Page:
        return store.list_by_status(status, post_id=post, limit=limit, cursor=cursor)

    return fetch


class ListingRules:
    """list_roots, list_replies and list_by_status."""

    def test_list_roots_orders_and_filters(self, kit: Kit) -> None:
        """Top-level comments of one post only, oldest or newest first, by status if asked."""
        first = kit.root()
        kit.reply(first)
        second = kit.root(status=Status.PENDING)
        third = kit.root()
        kit.root(post=1)
        store, post = kit.store, kit.post()
        assert store.list_roots(post).items == (first, second, third)
        assert store.list_roots(post, newest_first=True).items == (third, second, first)
        assert store.list_roots(post, statuses={Status.APPROVED}).items == (first, third)
        assert store.list_roots(post, statuses=[Status.PENDING, Status.SPAM]).items == (second,)
        assert store.list_roots(post, statuses=()).items == ()
        empty = store.list_roots(kit.post(7))
        assert (empty.items, empty.next_cursor) == ((), None)

    @pytest.mark.parametrize("newest_first", [False, True])
    def test_list_roots_pages_cover_everything_once(self, kit: Kit, newest_first: bool) -> None:
        """Following cursors visits every root exactly once, in order, for any page size."""
        added = [kit.root() for _ in range(7)]
        if newest_first:
            added.reverse()
        for limit in (1, 2, 3, 7, 8, 50):
            pages = _walk(_roots(kit.store, kit.post(), newest_first=newest_first), limit)
            assert [c for page in pages for c in page] == added
            assert len(pages) == max(1, -(-7 // limit))

    @pytest.mark.parametrize("newest_first", [False, True])
    def test_equal_timestamps_page_without_gaps(self, kit: Kit, newest_first: bool) -> None:
        """Roots sharing one created_at are still paged completely, each once."""
        moment = kit.when()
        added = {kit.root(created_at=moment).id for _ in range(5)}
        for limit in (1, 2, 4):
            pages = _walk(_roots(kit.store, kit.post(), newest_first=newest_first), limit)
            seen = [c.id for page in pages for c in page]
            assert sorted(seen) == sorted(added)

    def test_cursor_survives_new_and_removed_comments(self, kit: Kit) -> None:
        """A cursor keeps its place when roots are added and removed between pages."""
        old = [kit.root(created_at=BASE + timedelta(hours=h)) for h in range(1, 7)]
        page = kit.store.list_roots(kit.post(), limit=2)
        assert page.items == tuple(old[:2])
        kit.root(created_at=BASE)  # older than the cursor: belongs to a page already read
        late = kit.root(created_at=BASE + timedelta(days=1))
        kit.store.remove(old[1].id)  # the cursor's own comment
        kit.store.remove(old[2].id)  # the next one
        resumed = _roots(kit.store, kit.post())
        rest = _walk(lambda limit, cursor: resumed(limit, cursor or page.next_cursor), 2)
        assert [c for p in rest for c in p] == [*old[3:], late]

    def test_newest_first_cursor_survives_new_comments(self, kit: Kit) -> None:
        """Newest first, comments arriving after the first page do not shift later pages."""
        old = [kit.root() for _ in range(5)]
        page = kit.store.list_roots(kit.post(), limit=2, newest_first=True)
        assert page.items == (old[4], old[3])
        kit.root()
        rest = kit.store.list_roots(kit.post(), limit=5, newest_first=True, cursor=page.next_cursor)
        assert rest.items == (old[2], old[1], old[0])
        assert rest.next_cursor is None

    def test_cursor_from_another_listing_is_refused(self, kit: Kit) -> None:
        """A cursor is only valid for the post, order and filter it came from."""
        for _ in range(3):
            kit.root(status=Status.PENDING)
        store, post = kit.store, kit.post()
        cursor = store.list_roots(post, limit=1).next_cursor
        assert cursor is not None
        assert all(ch.isascii() and (ch.isalnum() or ch in "-_.~=") for ch in cursor)
        queue = store.list_by_status(Status.PENDING, post_id=post, limit=1).next_cursor
        assert queue is not None
        wrongs: list[Callable[[], object]] = [
            lambda: store.list_roots(kit.post(1), limit=1, cursor=cursor),
            lambda: store.list_roots(post, limit=1, cursor=cursor, newest_first=True),
            lambda: store.list_roots(post, limit=1, cursor=cursor, statuses={Status.PENDING}),
            lambda: store.list_roots(post, limit=1, cursor=queue),
            lambda: store.list_by_status(Status.PENDING, post_id=post, cursor=cursor),
            lambda: store.list_by_status(Status.SPAM, post_id=post, cursor=queue),
            lambda: store.list_by_status(Status.PENDING, cursor=queue),
        ]
        for wrong in wrongs:
            with pytest.raises(InvalidCursor):
                wrong()
        assert store.list_roots(post, limit=1, cursor=cursor).items  # the right one works

    @pytest.mark.parametrize(
        "cursor",
        [
            "",
            "not a cursor",
            "!!!",
            "a" * 5000,
            "eyJ4IjogMX0",
            base64.urlsafe_b64encode(b'[1,"x",0,"1"]').decode(),
            base64.urlsafe_b64encode(b'[1,"x",1e300,"1"]').decode(),
            base64.urlsafe_b64encode(b"\xff\xfe").decode(),
        ],
    )
    def test_malformed_cursors_are_refused(self, kit: Kit, cursor: str) -> None:
        """Garbage cursors raise InvalidCursor, never a crash or a driver error."""
        kit.root()
        with pytest.raises(InvalidCursor):
            kit.store.list_roots(kit.post(), cursor=cursor)
        with pytest.raises(InvalidCursor):
            kit.store.list_by_status(Status.APPROVED, cursor=cursor)

    @pytest.mark.parametrize("limit", [0, -1, True, 2.5])
    def test_page_size_must_be_positive(self, kit: Kit, limit: int) -> None:
        """A page size that is not a positive integer raises ValueError."""
        with pytest.raises(ValueError):
            kit.store.list_roots(kit.post(), limit=limit)
        with pytest.raises(ValueError):
            kit.store.list_by_status(Status.PENDING, limit=limit)
        with pytest.raises(ValueError):
            kit.store.history(since=BASE, email="x@example.org", limit=limit)

    def test_list_replies_returns_every_descendant(self, kit: Kit) -> None:
        """All replies at every depth under the asked roots, oldest first, roots excluded."""
        one, two, other = kit.root(), kit.root(), kit.root()
        chain = [one]
        for _ in range(30):
            chain.append(kit.reply(chain[-1]))
        side = kit.reply(chain[3])
        under_two = kit.reply(two)
        deeper = kit.reply(under_two)
        kit.reply(other)
        got = kit.store.list_replies(kit.post(), [one.id, two.id])
        want = sorted([*chain[1:], side, under_two, deeper], key=lambda c: (c.created_at, c.id))
        assert got == want
        assert kit.store.list_replies(kit.post(), [two.id, two.id]) == [under_two, deeper]

    def test_list_replies_ignores_what_is_not_a_root_of_the_post(self, kit: Kit) -> None:
        """Replies, roots of other posts and unknown ids add nothing."""
        root = kit.root()
        reply = kit.reply(root)
        kit.reply(reply)
        foreign = kit.root(post=1)
        kit.reply(foreign)
        store = kit.store
        assert store.list_replies(kit.post(), [reply.id, foreign.id, "nope", ""]) == []
        assert store.list_replies(kit.post(), []) == []

    def test_list_replies_status_filter_keeps_deep_matches(self, kit: Kit) -> None:
        """Filtering by status drops non-matching replies but not the matching ones below."""
        root = kit.root()
        held = kit.reply(root, status=Status.PENDING)
        below = kit.reply(held)
        spam = kit.reply(below, status=Status.SPAM)
        post = kit.post()
        assert kit.store.list_replies(post, [root.id], statuses={Status.APPROVED}) == [below]
        assert kit.store.list_replies(post, [root.id], statuses=[Status.PENDING, Status.SPAM]) == [
            held,
            spam,
        ]
        assert kit.store.list_replies(post, [root.id], statuses=()) == []

    def test_list_by_status_is_an_oldest_first_queue(self, kit: Kit) -> None:
        """The queue lists one status, oldest first, replies included, paged by cursor."""
        root = kit.root(status=Status.PENDING)
        reply = kit.reply(root, status=Status.PENDING)
        kit.root()
        late = kit.root(status=Status.PENDING)
        kit.root(status=Status.PENDING, post=1)
        fetch = _queue(kit.store, Status.PENDING, kit.post())
        for limit in (1, 2, 3, 10):
            assert [c for p in _walk(fetch, limit) for c in p] == [root, reply, late]
        kit.store.set_status(reply.id, Status.APPROVED)
        kit.store.set_status(kit.root(status=Status.SPAM).id, Status.PENDING)
        assert len([c for p in _walk(fetch, 2) for c in p]) == 3
        assert reply not in [c for p in _walk(fetch, 2) for c in p]

    def test_list_by_status_across_the_store(self, kit: Kit) -> None:
        """Without post_id the queue spans every post, still oldest first."""
        ours = [kit.root(status=Status.TRASH, post=p, created_at=kit.when()) for p in (0, 1, 0)]
        fetch = _queue(kit.store, Status.TRASH, None)
        everything = [c for p in _walk(fetch, 500) for c in p]
        keys = [(c.created_at, c.id) for c in everything]
        assert keys == sorted(keys)
        assert [c for c in everything if c.post_id.startswith(kit.ns)] == ours


class LookupRules:
    """history and known_author."""

    def test_history_matches_each_key(self, kit: Kit) -> None:
        """Each key alone finds the comments that match it exactly, and only those."""
        ada = kit.author(
            1,
            user_id=f"{kit.ns}-ada",
            email=f"ada-{kit.ns}@example.org",
            ip=f"203.0.113.{kit.ns[:2]}",
        )
        mine = kit.root("same words " + kit.ns, author=ada)
        other = kit.root("same words " + kit.ns, author=kit.author(2))
        since = BASE
        h = kit.store.history
        assert h(since=since, email=ada.email) == [mine]
        assert h(since=since, ip=ada.ip) == [mine]
        assert h(since=since, author_name=ada.name) == [mine]
        assert h(since=since, user_id=ada.user_id) == [mine]
        assert h(since=since, body=mine.body) == [other, mine]
        assert h(since=since, email=ada.email.upper()) == []  # type: ignore[union-attr]
        assert h(since=since, body=mine.body + " ") == []

    def test_history_window_order_limit_and_any_key(self, kit: Kit) -> None:
        """Newest first, from ``since`` on (inclusive), any key, each comment once."""
        ada, bo = kit.author(1), kit.author(2)
        old = kit.root(author=ada)
        edge = kit.root(author=bo)
        middle = kit.root(author=ada, status=Status.SPAM)
        newest = kit.reply(old, author=bo, status=Status.PENDING)
        found = kit.store.history(
            since=edge.created_at, email=ada.email, ip=bo.ip, author_name=ada.name
        )
        assert found == [newest, middle, edge]
        assert kit.store.history(since=old.created_at, email=ada.email, limit=1) == [middle]
        assert old not in found

    def test_history_without_keys_is_empty(self, kit: Kit) -> None:
        """No keys, or only empty ones, match nothing (a blank field is not an identity)."""
        kit.root(author=kit.author(email="", ip=""))
        assert kit.store.history(since=BASE) == []
        assert kit.store.history(since=BASE, email="", ip="", body="", user_id=None) == []

    def test_history_needs_an_aware_since(self, kit: Kit) -> None:
        """A naive ``since`` is refused with ValueError."""
        with pytest.raises(ValueError):
            kit.store.history(since=datetime(2024, 1, 1), email="x@example.org")

    def test_known_author(self, kit: Kit) -> None:
        """Known means an APPROVED comment by the same user id or e-mail."""
        ada = kit.author(1, user_id=f"{kit.ns}-ada")
        store = kit.store
        assert not store.known_author(ada)
        held = kit.root(author=ada, status=Status.PENDING)
        assert not store.known_author(ada)
        store.set_status(held.id, Status.APPROVED)
        assert store.known_author(ada)
        assert store.known_author(kit.author(9, user_id=ada.user_id, email=None))
        assert store.known_author(kit.author(9, email=ada.email))
        assert not store.known_author(kit.author(9, name=ada.name))
        assert not store.known_author(kit.author(9, email=str(ada.email).upper()))

    def test_known_author_by_name_only_among_anonymous(self, kit: Kit) -> None:
        """Without user id or e-mail, only an anonymous comment with the same name counts."""
        name = f"{kit.ns} Cy"
        registered = kit.author(1, name=name)
        kit.root(author=registered)
        anonymous = kit.author(2, name=name, email=None, user_id=None)
        assert not kit.store.known_author(anonymous)
        kit.store.add(
            CommentDraft(
                kit.post(), "hi", kit.author(3, name=name, email=None), created_at=kit.when()
            )
        )
        assert kit.store.known_author(anonymous)
