"""Conformance rules for edit, remove and the optional capabilities (counts, votes)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from threadkit._errors import CommentNotFound, InvalidComment
from threadkit._model import Status
from threadkit.store import SupportsCounts, SupportsVotes
from threadkit.testing._store_rules import UNKNOWN_IDS, VERDICT, Kit

ALL = frozenset(Status)


class EditRemoveRules:
    """edit, remove, count and vote."""

    def test_edit_replaces_text_and_keeps_the_rest(self, kit: Kit) -> None:
        """edit changes body, html, verdict and edited_at; id, author, time and status stay."""
        added = kit.store.add(
            kit.draft("before"), status=Status.PENDING, html="<p>before</p>", verdict=VERDICT
        )
        when = datetime(2030, 1, 2, 3, 4, 5, 678901, tzinfo=timezone(timedelta(hours=-7)))
        edited = kit.store.edit(added.id, body="after", html="<p>after</p>", edited_at=when)
        assert (edited.body, edited.html, edited.verdict) == ("after", "<p>after</p>", None)
        assert edited.edited_at == when
        assert edited.edited_at.utcoffset() == timedelta(0)
        assert (edited.id, edited.author, edited.created_at, edited.status) == (
            added.id,
            added.author,
            added.created_at,
            Status.PENDING,
        )
        assert kit.store.get(added.id) == edited

    def test_edit_can_set_status_and_verdict(self, kit: Kit) -> None:
        """edit stores a new verdict and, when given, a new status."""
        added = kit.root()
        edited = kit.store.edit(
            added.id, body="spam?", html="", verdict=VERDICT, status=Status.PENDING
        )
        assert (edited.verdict, edited.status) == (VERDICT, Status.PENDING)
        assert kit.store.get(added.id) == edited

    def test_edit_without_time_uses_now(self, kit: Kit) -> None:
        """edit stamps edited_at with the current time when none is given."""
        added = kit.root()
        before = datetime.now(UTC)
        edited = kit.store.edit(added.id, body="b", html="")
        assert edited.edited_at is not None
        assert before - timedelta(seconds=1) <= edited.edited_at
        assert edited.edited_at <= datetime.now(UTC) + timedelta(seconds=1)

    def test_edit_keeps_votes(self, kit: Kit) -> None:
        """Editing does not reset up- and down-votes."""
        if not isinstance(kit.store, SupportsVotes):
            pytest.skip("store does not implement SupportsVotes")
        added = kit.root()
        kit.store.vote(added.id, "v1", 1)
        assert kit.store.edit(added.id, body="b", html="").ups == 1

    def test_edit_refusals_change_nothing(self, kit: Kit) -> None:
        """An edit before created_at or with NUL raises InvalidComment and keeps the comment."""
        added = kit.root()
        with pytest.raises(InvalidComment):
            kit.store.edit(
                added.id, body="b", html="", edited_at=added.created_at - timedelta(microseconds=1)
            )
        with pytest.raises(InvalidComment):
            kit.store.edit(added.id, body="b\x00", html="")
        assert kit.store.get(added.id) == added
        for unknown in UNKNOWN_IDS:
            with pytest.raises(CommentNotFound):
                kit.store.edit(unknown, body="b", html="")

    def test_remove_purges_a_leaf(self, kit: Kit) -> None:
        """A comment without replies is deleted outright; remove returns None."""
        keep, leaf = kit.root(), kit.root(status=Status.PENDING)
        assert kit.store.remove(leaf.id) is None
        with pytest.raises(CommentNotFound):
            kit.store.get(leaf.id)
        assert kit.store.get_many([leaf.id, keep.id]) == {keep.id: keep}
        assert kit.roots() == [keep]
        assert kit.store.list_by_status(Status.PENDING, post_id=kit.post()).items == ()
        since = leaf.created_at - timedelta(days=1)
        assert kit.store.history(since=since, body=leaf.body) == []

    def test_remove_with_replies_leaves_a_tombstone(self, kit: Kit) -> None:
        """A comment with replies becomes DELETED with body, html and verdict emptied."""
        root = kit.store.add(kit.draft("secret"), html="<p>secret</p>", verdict=VERDICT)
        reply = kit.reply(root)
        stone = kit.store.remove(root.id)
        assert stone is not None
        assert (stone.status, stone.body, stone.html, stone.verdict) == (
            Status.DELETED,
            "",
            "",
            None,
        )
        assert (stone.id, stone.author, stone.created_at) == (root.id, root.author, root.created_at)
        assert kit.store.get(root.id) == stone
        assert kit.store.list_replies(kit.post(), [root.id]) == [reply]
        assert kit.roots() == [stone]
        assert kit.store.remove(root.id) == stone  # removing a tombstone changes nothing

    def test_remove_middle_of_a_chain(self, kit: Kit) -> None:
        """Tombstoning a reply that has replies keeps the chain below it intact."""
        root = kit.root()
        middle = kit.reply(root)
        leaf = kit.reply(middle)
        assert kit.store.remove(middle.id) is not None
        assert [c.id for c in kit.store.list_replies(kit.post(), [root.id])] == [middle.id, leaf.id]
        assert kit.store.get(leaf.id).parent_id == middle.id

    def test_removing_the_last_reply_purges_deleted_ancestors(self, kit: Kit) -> None:
        """A deleted comment stays only while it has replies; the chain above goes with them."""
        root = kit.root()
        middle = kit.reply(root)
        leaf = kit.reply(middle)
        kit.store.remove(root.id)
        kit.store.remove(middle.id)
        assert kit.store.remove(leaf.id) is None
        assert kit.store.get_many([root.id, middle.id, leaf.id]) == {}
        assert kit.roots() == []

    def test_removing_one_reply_keeps_a_tombstone_with_others(self, kit: Kit) -> None:
        """A tombstone that still has a reply stays, and a live parent is never purged."""
        root = kit.root()
        first, second = kit.reply(root), kit.reply(root)
        stone = kit.store.remove(root.id)
        kit.store.remove(first.id)
        assert kit.store.get(root.id) == stone
        live = kit.root()
        only = kit.reply(live)
        kit.store.remove(only.id)
        assert kit.store.get(live.id) == live
        assert kit.store.list_replies(kit.post(), [root.id]) == [second]

    def test_removing_under_a_status_deleted_parent_purges_it(self, kit: Kit) -> None:
        """A parent set to DELETED by set_status is purged once its last reply goes."""
        root = kit.root()
        reply = kit.reply(root)
        kit.store.set_status(root.id, Status.DELETED)
        assert kit.store.get(root.id).body == root.body  # set_status alone keeps the text
        kit.store.remove(reply.id)
        assert kit.store.get_many([root.id]) == {}

    def test_reply_to_a_tombstone_is_allowed(self, kit: Kit) -> None:
        """A tombstone is still a stored comment and can take replies."""
        root = kit.root()
        kit.reply(root)
        kit.store.remove(root.id)
        late = kit.reply(kit.store.get(root.id))
        assert kit.store.get(late.id).parent_id == root.id

    def test_remove_unknown_raises(self, kit: Kit) -> None:
        """remove refuses unknown ids with CommentNotFound."""
        for unknown in UNKNOWN_IDS:
            with pytest.raises(CommentNotFound):
                kit.store.remove(unknown)

    def test_count_by_status(self, kit: Kit) -> None:
        """count gives the post's comments with the given statuses, replies included."""
        store = kit.store
        if not isinstance(store, SupportsCounts):
            pytest.skip("store does not implement SupportsCounts")
        root = kit.root()
        kit.reply(root)
        kit.reply(root, status=Status.PENDING)
        kit.root(status=Status.SPAM)
        kit.root(post=1)
        post = kit.post()
        assert store.count(post, statuses={Status.APPROVED}) == 2
        assert store.count(post, statuses=[Status.APPROVED, Status.PENDING]) == 3
        assert store.count(post, statuses=ALL) == 4
        assert store.count(post, statuses=()) == 0
        assert store.count(kit.post(9), statuses=ALL) == 0
        store.remove(root.id)
        assert store.count(post, statuses={Status.APPROVED}) == 1
        assert store.count(post, statuses={Status.DELETED}) == 1

    def test_votes(self, kit: Kit) -> None:
        """One vote per voter: a new vote replaces the old one and 0 withdraws it."""
        store = kit.store
        if not isinstance(store, SupportsVotes):
            pytest.skip("store does not implement SupportsVotes")
        added = kit.root()
        assert (store.vote(added.id, "a", 1).ups, store.vote(added.id, "a", 1).ups) == (1, 1)
        voted = store.vote(added.id, "b", -1)
        assert (voted.ups, voted.downs) == (1, 1)
        voted = store.vote(added.id, "a", -1)
        assert (voted.ups, voted.downs) == (0, 2)
        voted = store.vote(added.id, "b", 0)
        assert (voted.ups, voted.downs) == (0, 1)
        assert store.get(added.id) == voted
        assert store.vote(added.id, "never-voted", 0) == voted

    def test_vote_refusals(self, kit: Kit) -> None:
        """Votes outside -1..1, bad voters and unknown comments are refused."""
        store = kit.store
        if not isinstance(store, SupportsVotes):
            pytest.skip("store does not implement SupportsVotes")
        added = kit.root()
        for value in (2, -2, True):
            with pytest.raises(ValueError):
                store.vote(added.id, "a", value)
        for voter in ("", "a\x00"):
            with pytest.raises(ValueError):
                store.vote(added.id, voter, 1)
        with pytest.raises(CommentNotFound):
            store.vote(f"{kit.ns}-missing", "a", 1)
        assert store.get(added.id) == added
