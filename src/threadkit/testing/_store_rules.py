"""Conformance rules for writing: add, get and set_status, and the Kit the rules share.

Mixed into :class:`threadkit.testing.StoreConformance`; each test receives the adapter's
``store`` fixture or a :class:`Kit` bound to it.
"""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from threadkit._errors import (
    CommentNotFound,
    InvalidComment,
    ParentInOtherPost,
    ParentNotFound,
    StatusConflict,
)
from threadkit._model import Action, Author, Comment, CommentDraft, Finding, Status, Verdict
from threadkit.store import CommentStore
from threadkit.store._helpers import GUARANTEED_BODY_LENGTH, MAX_KEY_LENGTH

BASE = datetime(2024, 5, 17, 9, 30, tzinfo=UTC)
#: Ids no store may know: empty, NUL, huge, numeric-looking, SQL-looking.
UNKNOWN_IDS = ("nope", "", "\x00", "x" * 1000, "99999999999999999999", "-1", "1 OR 1=1", "1.5")
UNICODE_BODIES = (
    "plain ascii",
    "émigré café naïve",
    "Zoë 👩‍👩‍👧‍👦 🏳️‍🌈 🇯🇵 e\u0301",  # ZWJ sequences, flags, combining accent
    "日本語のコメント、そして中文评论",
    "שלום עולם مرحبا \u202eevil\u202c",  # right-to-left text and a bidi override
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 astral 𐍈 \U0010fffd",
    "line\r\nbreaks\rand\ttabs\u2028\u2029",
    "  leading and trailing spaces  ",
    "'quotes' \"double\" `back` \\ backslash %s %% _ ? $1 :name",
)
TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x00"))
VERDICT = Verdict(
    Action.HOLD,
    2.5,
    (Finding("insult", "toxicity", 2.5, (4, 13), "dishonest", "Calls a person dishonest."),),
)


class Kit:
    """Builds drafts and comments for one test, in posts and authors nobody else uses.

    Attributes:
        store: the store under test.
        ns: this kit's random namespace, part of every post id and author identity.
    """

    def __init__(self, store: CommentStore) -> None:
        self.store = store
        self.ns = uuid.uuid4().hex[:12]
        self._tick = 0
        self._bodies = itertools.count(1)

    def post(self, index: int = 0) -> str:
        """The id of this kit's post number ``index``."""
        return f"{self.ns}-post-{index}"

    def author(self, index: int = 0, **fields: str | None) -> Author:
        """A distinct author; keyword arguments override its fields."""
        values: dict[str, str | None] = {
            "name": f"{self.ns} author {index}",
            "email": f"a{index}-{self.ns}@example.org",
            "ip": f"2001:db8:{self.ns[:4]}:{self.ns[4:8]}:{self.ns[8:12]}::{index}",
            "user_id": None,
            "url": None,
        }
        values.update(fields)
        return Author(**values)  # type: ignore[arg-type]

    def when(self) -> datetime:
        """A time later than the previous one, with microseconds that must survive storage."""
        self._tick += 1
        return BASE + timedelta(seconds=self._tick, microseconds=(self._tick * 7919) % 10**6)

    def draft(
        self,
        body: str | None = None,
        *,
        post: int = 0,
        parent: Comment | str | None = None,
        author: Author | None = None,
        created_at: datetime | None = None,
    ) -> CommentDraft:
        """A draft in this kit's namespace (defaults: post 0, author 0, the next time)."""
        parent_id = parent.id if isinstance(parent, Comment) else parent
        return CommentDraft(
            post_id=parent.post_id if isinstance(parent, Comment) else self.post(post),
            body=f"{self.ns} body {next(self._bodies)}" if body is None else body,
            author=author or self.author(),
            parent_id=parent_id,
            created_at=created_at or self.when(),
        )

    def root(
        self, body: str | None = None, *, status: Status = Status.APPROVED, **kwargs: object
    ) -> Comment:
        """Add a top-level comment."""
        return self.store.add(self.draft(body, **kwargs), status=status)  # type: ignore[arg-type]

    def reply(
        self,
        parent: Comment,
        body: str | None = None,
        *,
        status: Status = Status.APPROVED,
        **kwargs: object,
    ) -> Comment:
        """Add a reply to ``parent``."""
        draft = self.draft(body, parent=parent, **kwargs)  # type: ignore[arg-type]
        return self.store.add(draft, status=status)

    def roots(self, post: int = 0) -> list[Comment]:
        """Every top-level comment of a post, oldest first, read page by page."""
        found: list[Comment] = []
        cursor = None
        while True:
            page = self.store.list_roots(self.post(post), limit=7, cursor=cursor)
            found.extend(page.items)
            if page.next_cursor is None:
                return found
            cursor = page.next_cursor

    def nothing_written(self, post: int = 0) -> None:
        """Assert that no comment, root or reply, of any status, is stored on a kit post."""
        assert self.roots(post) == []
        for status in Status:
            assert self.store.list_by_status(status, post_id=self.post(post)).items == ()


class WriteRules:
    """add and get."""

    def test_add_assigns_distinct_string_ids(self, kit: Kit) -> None:
        """Each add returns a comment with a new, non-empty string id."""
        ids = [kit.root().id for _ in range(5)]
        assert all(isinstance(i, str) and i for i in ids)
        assert len(set(ids)) == 5

    def test_add_round_trips_every_field(self, kit: Kit) -> None:
        """What add returns is what get returns, field for field, with times in UTC."""
        author = Author(
            "Daisuke",
            email=f"d-{kit.ns}@example.org",
            url="https://d.example",
            ip="2001:db8::1",
            user_id=f"id-{kit.ns}",
        )
        local = datetime(2024, 6, 1, 18, 45, 7, 123456, tzinfo=timezone(timedelta(hours=5.5)))
        draft = CommentDraft(
            kit.post(), "Hello **there**", author, created_at=local, meta={"user_agent": "test"}
        )
        added = kit.store.add(draft, status=Status.PENDING, html="<p>Hello</p>", verdict=VERDICT)
        got = kit.store.get(added.id)
        assert got == added
        assert (got.post_id, got.parent_id, got.author, got.body) == (
            kit.post(),
            None,
            author,
            "Hello **there**",
        )
        assert (got.html, got.status, got.verdict) == ("<p>Hello</p>", Status.PENDING, VERDICT)
        assert got.created_at == local
        assert got.created_at.utcoffset() == timedelta(0)
        assert (got.edited_at, got.ups, got.downs) == (None, 0, 0)

    def test_add_keeps_empty_and_missing_author_fields_apart(self, kit: Kit) -> None:
        """An empty e-mail stays "" and a missing one stays None."""
        author = Author(f"{kit.ns} anon", email="", url=None, ip="", user_id=None)
        assert kit.store.get(kit.root(author=author).id).author == author

    def test_add_without_created_at_uses_now(self, kit: Kit) -> None:
        """A draft without a time is stamped with the current time."""
        draft = CommentDraft(kit.post(), "now", kit.author())
        before = datetime.now(UTC)
        added = kit.store.add(draft)
        after = datetime.now(UTC)
        assert before - timedelta(seconds=1) <= added.created_at <= after + timedelta(seconds=1)
        assert kit.store.get(added.id).created_at == added.created_at

    @pytest.mark.parametrize("status", list(Status))
    def test_add_with_each_status(self, kit: Kit, status: Status) -> None:
        """A comment can be stored with any status and reads back with it."""
        assert kit.store.get(kit.root(status=status).id).status == status

    def test_reply_records_parent(self, kit: Kit) -> None:
        """A reply keeps its parent id and post."""
        root = kit.root()
        reply = kit.reply(root)
        assert kit.store.get(reply.id).parent_id == root.id
        assert kit.store.get(kit.reply(reply).id).parent_id == reply.id

    def test_reply_to_missing_parent_writes_nothing(self, kit: Kit) -> None:
        """A parent that does not exist raises ParentNotFound and stores nothing."""
        with pytest.raises(ParentNotFound) as caught:
            kit.store.add(kit.draft(parent=f"{kit.ns}-missing"))
        assert caught.value.parent_id == f"{kit.ns}-missing"
        kit.nothing_written()

    @pytest.mark.parametrize("parent_id", UNKNOWN_IDS)
    def test_reply_to_impossible_parent_id_is_refused(self, kit: Kit, parent_id: str) -> None:
        """Odd parent ids are refused with a ThreadkitError, never a driver error."""
        with pytest.raises((ParentNotFound, InvalidComment)):
            kit.store.add(kit.draft(parent=parent_id))
        kit.nothing_written()

    def test_reply_to_purged_parent_raises(self, kit: Kit) -> None:
        """A parent that was removed is gone for new replies too."""
        gone = kit.root()
        kit.store.remove(gone.id)
        with pytest.raises(ParentNotFound):
            kit.reply(gone)

    def test_reply_across_posts_writes_nothing(self, kit: Kit) -> None:
        """A parent on another post raises ParentInOtherPost and stores nothing."""
        parent = kit.root(post=1)
        with pytest.raises(ParentInOtherPost) as caught:
            kit.store.add(kit.draft(post=0, parent=parent.id))
        assert (caught.value.post_id, caught.value.parent_post_id) == (kit.post(0), kit.post(1))
        kit.nothing_written(0)
        assert kit.store.list_replies(kit.post(1), [parent.id]) == []

    @pytest.mark.parametrize("field", ["body", "post_id", "name", "email", "html"])
    def test_nul_characters_are_refused(self, kit: Kit, field: str) -> None:
        """NUL in any text raises InvalidComment before anything is written."""
        draft = kit.draft()
        html = ""
        if field == "name":
            draft = kit.draft(author=kit.author(name="a\x00b"))
        elif field == "email":
            draft = kit.draft(author=kit.author(email="a\x00b"))
        elif field == "body":
            draft = kit.draft("a\x00b")
        elif field == "post_id":
            draft = CommentDraft(kit.post() + "\x00", "x", kit.author(), created_at=kit.when())
        else:
            html = "<p>\x00</p>"
        with pytest.raises(InvalidComment):
            kit.store.add(draft, html=html)
        kit.nothing_written()

    def test_key_lengths(self, kit: Kit) -> None:
        """Post ids and author names up to 255 characters are kept; longer are refused."""
        longest = (kit.ns + "✓" * MAX_KEY_LENGTH)[:MAX_KEY_LENGTH]
        draft = CommentDraft(longest, "x", kit.author(name=longest), created_at=kit.when())
        assert kit.store.get(kit.store.add(draft).id).post_id == longest
        with pytest.raises(InvalidComment):
            kit.store.add(CommentDraft(longest + "x", "x", kit.author(), created_at=kit.when()))
        with pytest.raises(InvalidComment):
            kit.store.add(kit.draft(author=kit.author(name=longest + "x")))

    @pytest.mark.parametrize("body", UNICODE_BODIES)
    def test_unicode_bodies_round_trip(self, kit: Kit, body: str) -> None:
        """Any Unicode text comes back exactly, in body and html."""
        added = kit.store.add(kit.draft(body, author=kit.author(name=body[:50])), html=body)
        got = kit.store.get(added.id)
        assert (got.body, got.html, got.author.name) == (body, body, body[:50])

    def test_any_text_round_trips(self, kit: Kit) -> None:
        """Hypothesis: every NUL-free string survives storage unchanged, as body and name."""

        # Defined per call so each adapter's test class runs its own Hypothesis test.
        @given(body=TEXT)
        def round_trip(body: str) -> None:
            author = kit.author(name=body[:MAX_KEY_LENGTH])
            got = kit.store.get(kit.store.add(kit.draft(body, author=author), html=body).id)
            assert (got.body, got.html, got.author.name) == (body, body, author.name)

        round_trip()

    def test_largest_bodies_round_trip(self, kit: Kit) -> None:
        """Bodies of 65,536 characters, even four-byte ones, come back exactly."""
        mixed = ("a€😀" * GUARANTEED_BODY_LENGTH)[:GUARANTEED_BODY_LENGTH]
        emoji = "😀" * GUARANTEED_BODY_LENGTH
        for body in (mixed, emoji):
            got = kit.store.get(kit.store.add(kit.draft(body), html=body).id)
            assert got.body == body
            assert got.html == body

    def test_post_ids_are_compared_exactly(self, kit: Kit) -> None:
        """Post ids differing only in case, trailing space or width are different posts."""
        variants = [kit.post() + s for s in ("-A", "-a", "-a ", "-ａ")]
        for post in variants:
            kit.store.add(CommentDraft(post, post, kit.author(), created_at=kit.when()))
        for post in variants:
            assert [c.body for c in kit.store.list_roots(post).items] == [post]

    def test_get_unknown_ids_raise_comment_not_found(self, kit: Kit) -> None:
        """get refuses unknown and impossible ids with CommentNotFound."""
        kit.root()
        for unknown in UNKNOWN_IDS:
            with pytest.raises(CommentNotFound) as caught:
                kit.store.get(unknown)
            assert caught.value.comment_id == unknown

    def test_get_many_skips_unknown_ids(self, kit: Kit) -> None:
        """get_many returns the known comments by id and leaves unknown ones out."""
        one, two = kit.root(), kit.root()
        found = kit.store.get_many([one.id, *UNKNOWN_IDS, two.id, one.id])
        assert found == {one.id: one, two.id: two}
        assert kit.store.get_many([]) == {}
        assert kit.store.get_many(iter([two.id])) == {two.id: two}

    def test_set_status_changes_only_the_status(self, kit: Kit) -> None:
        """set_status returns and stores the comment with the new status, all else equal."""
        added = kit.store.add(kit.draft(), status=Status.PENDING, html="<p>x</p>", verdict=VERDICT)
        changed = kit.store.set_status(added.id, Status.APPROVED)
        assert changed.status == Status.APPROVED
        assert kit.store.get(added.id) == changed
        assert (changed.body, changed.verdict) == (added.body, VERDICT)
        assert kit.store.set_status(added.id, Status.APPROVED) == changed

    def test_set_status_with_expected(self, kit: Kit) -> None:
        """With expected, the change happens when the status is one of the expected ones."""
        added = kit.root(status=Status.PENDING)
        assert (
            kit.store.set_status(added.id, Status.SPAM, expected=Status.PENDING).status
            == Status.SPAM
        )
        back = kit.store.set_status(added.id, Status.PENDING, expected=[Status.TRASH, Status.SPAM])
        assert back.status == Status.PENDING
        assert (
            kit.store.set_status(
                added.id, Status.TRASH, expected=frozenset({Status.PENDING})
            ).status
            == Status.TRASH
        )

    def test_set_status_conflict_changes_nothing(self, kit: Kit) -> None:
        """A status other than the expected ones raises StatusConflict and keeps the comment."""
        added = kit.root(status=Status.APPROVED)
        with pytest.raises(StatusConflict) as caught:
            kit.store.set_status(added.id, Status.SPAM, expected=[Status.PENDING, Status.TRASH])
        assert caught.value.comment_id == added.id
        assert caught.value.actual == Status.APPROVED
        assert set(caught.value.expected) == {Status.PENDING, Status.TRASH}
        assert kit.store.get(added.id) == added

    def test_set_status_errors(self, kit: Kit) -> None:
        """Unknown ids raise CommentNotFound; an empty expected collection is a ValueError."""
        added = kit.root()
        for unknown in UNKNOWN_IDS:
            with pytest.raises(CommentNotFound):
                kit.store.set_status(unknown, Status.SPAM)
        with pytest.raises(ValueError):
            kit.store.set_status(added.id, Status.SPAM, expected=[])
        assert kit.store.get(added.id) == added
