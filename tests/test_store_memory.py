"""MemoryStore passes the conformance kit, stays consistent under threads, and the kit bites."""

from __future__ import annotations

import random
import threading
from collections.abc import Collection, Sequence
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import Phase, settings

from threadkit import (
    Author,
    Comment,
    CommentDraft,
    CommentNotFound,
    ParentNotFound,
    Status,
    StatusConflict,
)
from threadkit.store import MemoryStore, Page
from threadkit.testing._store_kit import Kit, StoreConformance
from threadkit.testing._store_machine import run_store_agreement
from threadkit.testing._store_rules import WriteRules
from threadkit.testing._store_rules_edit import EditRemoveRules

ALL = frozenset(Status)


class TestMemoryStore(StoreConformance):
    """The reference store against the full kit (a fresh store per test)."""

    @pytest.fixture
    def store(self) -> MemoryStore:
        """A new, empty MemoryStore."""
        return MemoryStore()


class TestSharedMemoryStore(StoreConformance):
    """The kit also passes when every test shares one store already full of other data."""

    shared = MemoryStore()

    @pytest.fixture
    def store(self) -> MemoryStore:
        """The same MemoryStore for every test."""
        return self.shared


def test_placement_is_written_at_insert() -> None:
    """Each comment records its root and depth when added, and they never change."""
    store = MemoryStore()
    at = datetime(2024, 1, 1, tzinfo=UTC)
    root = store.add(CommentDraft("p", "r", Author("a"), created_at=at))
    chain = [root]
    for _ in range(5):
        chain.append(store.add(CommentDraft("p", "x", Author("a"), chain[-1].id, at)))
    assert [store.placement(c.id) for c in chain] == [(root.id, d) for d in range(6)]
    store.remove(chain[2].id)
    assert store.placement(chain[5].id) == (root.id, 5)


def test_clock_stamps_comments_and_edits() -> None:
    """The injected clock gives created_at (when the draft has none) and edited_at."""
    moments = iter([datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 1, 2, tzinfo=UTC)])
    store = MemoryStore(clock=lambda: next(moments))
    added = store.add(
        CommentDraft("p", "x", Author("a"), created_at=datetime(2023, 1, 1, tzinfo=UTC))
    )
    assert added.created_at == datetime(2023, 1, 1, tzinfo=UTC)
    edited = store.edit(added.id, body="y", html="")
    assert edited.edited_at == datetime(2024, 1, 2, tzinfo=UTC)


# -- concurrency -------------------------------------------------------------------------


def _worker(
    store: MemoryStore,
    seed: int,
    posts: Sequence[str],
    log: dict[str, object],
    lock: threading.Lock,
    start: threading.Barrier,
) -> None:
    """Submit, reply, moderate, remove and vote at random, logging what succeeded."""
    rng = random.Random(seed)
    added: list[str] = []
    removed: list[str] = []
    votes: dict[str, int] = {}
    voter = f"voter-{seed}"
    start.wait()
    for step in range(400):
        with lock:
            known = list(log["pool"])  # type: ignore[call-overload]
        op = rng.random()
        try:
            if op < 0.35 or not known:
                parent = rng.choice(known) if known and rng.random() < 0.6 else None
                post = store.get(parent).post_id if parent else rng.choice(posts)
                at = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(10**6))
                comment = store.add(
                    CommentDraft(post, f"{seed}/{step}", Author(f"t{seed}"), parent, at),
                    status=rng.choice([Status.PENDING, Status.APPROVED]),
                )
                added.append(comment.id)
                with lock:
                    log["pool"].append(comment.id)  # type: ignore[attr-defined]
            elif op < 0.65:
                store.set_status(
                    rng.choice(known),
                    rng.choice([Status.APPROVED, Status.SPAM, Status.TRASH, Status.PENDING]),
                    expected=Status.PENDING,
                )
            elif op < 0.8:
                target = rng.choice(known)
                store.remove(target)
                removed.append(target)
            else:
                target = rng.choice(known)
                value = rng.choice([-1, 0, 1])
                store.vote(target, voter, value)
                votes[target] = value
        except (CommentNotFound, ParentNotFound, StatusConflict):
            pass  # someone else removed or moderated it first: expected under contention
    with lock:
        log["added"].extend(added)  # type: ignore[attr-defined]
        log["removed"].extend(removed)  # type: ignore[attr-defined]
        log["votes"].append(votes)  # type: ignore[attr-defined]


def test_eight_threads_lose_nothing() -> None:
    """8 threads submitting and moderating at once: nothing lost, no orphan, counts recount."""
    store = MemoryStore()
    posts = ["p1", "p2", "p3"]
    log: dict[str, object] = {"pool": [], "added": [], "removed": [], "votes": []}
    lock = threading.Lock()
    start = threading.Barrier(8)
    threads = [
        threading.Thread(target=_worker, args=(store, seed, posts, log, lock, start))
        for seed in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    added = set(log["added"])  # type: ignore[call-overload]
    removed = set(log["removed"])  # type: ignore[call-overload]
    assert len(added) > 500
    stored = store.get_many(added)
    assert added - removed <= set(stored), "a comment nobody removed is missing"
    assert len(store) == len(stored), "the store holds comments nobody added"
    for comment in stored.values():
        assert comment.parent_id is None or comment.parent_id in stored, "orphan"
        if comment.id in removed:
            assert comment.status == Status.DELETED, "a removed comment came back"
            assert any(c.parent_id == comment.id for c in stored.values()), "empty tombstone"
    for post in posts:
        everything = _whole_post(store, post)
        assert sorted(c.id for c in everything) == sorted(
            c.id for c in stored.values() if c.post_id == post
        )
        for status in Status:
            recount = sum(c.status == status for c in everything)
            assert store.count(post, statuses={status}) == recount
            assert len(_queue(store, status, post)) == recount
    for comment in stored.values():
        final = [v[comment.id] for v in log["votes"] if comment.id in v]  # type: ignore[attr-defined]
        assert (comment.ups, comment.downs) == (final.count(1), final.count(-1))
        root_id, depth = store.placement(comment.id)
        assert (root_id, depth) == (_root(store, comment).id, _depth(store, comment))


def _root(store: MemoryStore, comment: Comment) -> Comment:
    while comment.parent_id is not None:
        comment = store.get(comment.parent_id)
    return comment


def _depth(store: MemoryStore, comment: Comment) -> int:
    depth = 0
    while comment.parent_id is not None:
        comment = store.get(comment.parent_id)
        depth += 1
    return depth


def _whole_post(store: MemoryStore, post: str) -> list[Comment]:
    roots = list(store.list_roots(post, limit=100_000).items)
    return roots + store.list_replies(post, [r.id for r in roots])


def _queue(store: MemoryStore, status: Status, post: str) -> list[Comment]:
    found: list[Comment] = []
    cursor = None
    while True:
        page = store.list_by_status(status, post_id=post, limit=37, cursor=cursor)
        found.extend(page.items)
        if page.next_cursor is None:
            return found
        cursor = page.next_cursor


# -- the kit catches broken stores ---------------------------------------------------------


class _IgnoresExpected(MemoryStore):
    def set_status(
        self,
        comment_id: str,
        status: Status,
        *,
        expected: Status | Collection[Status] | None = None,
    ) -> Comment:
        return super().set_status(comment_id, status)


class _NoCascade(MemoryStore):
    def remove(self, comment_id: str) -> Comment | None:
        with self._lock:
            row = self._row(comment_id)
            if self._children.get(comment_id):
                return self._replace(
                    row,
                    attrs.evolve(
                        row.comment, status=Status.DELETED, body="", html="", verdict=None
                    ),
                )
            self._purge(row)
            return None


class _SkipsAfterCursor(MemoryStore):
    def list_roots(
        self,
        post_id: str,
        *,
        limit: int = 50,
        cursor: str | None = None,
        newest_first: bool = False,
        statuses: Collection[Status] | None = None,
    ) -> Page:
        page = super().list_roots(
            post_id, limit=limit, cursor=cursor, newest_first=newest_first, statuses=statuses
        )
        return Page(page.items[1:], page.next_cursor) if cursor else page


class _DirectRepliesOnly(MemoryStore):
    def list_replies(
        self, post_id: str, root_ids: Sequence[str], *, statuses: Collection[Status] | None = None
    ) -> list[Comment]:
        found = super().list_replies(post_id, root_ids, statuses=statuses)
        return [c for c in found if c.parent_id in root_ids]


class _ForgetsWindow(MemoryStore):
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
        return super().history(
            since=since - timedelta(days=1),
            email=email,
            ip=ip,
            author_name=author_name,
            user_id=user_id,
            body=body,
            limit=limit,
        )


@pytest.mark.parametrize(
    "broken",
    [_IgnoresExpected, _NoCascade, _SkipsAfterCursor, _DirectRepliesOnly, _ForgetsWindow],
    ids=lambda cls: cls.__name__.strip("_"),
)
def test_state_machine_catches_a_broken_store(broken: type[MemoryStore]) -> None:
    """The agreement machine finds a store that breaks one rule of the contract."""
    hunt = settings(
        max_examples=300,
        stateful_step_count=30,
        deadline=None,
        database=None,
        report_multiple_bugs=False,
        print_blob=False,
        phases=[Phase.generate],  # finding the bug is the point; shrinking it only costs time
        derandomize=True,  # the same examples every run: this test must not be flaky
    )
    with pytest.raises(AssertionError):
        run_store_agreement(broken(), hunt)


def test_rules_catch_a_broken_store() -> None:
    """The plain kit tests fail on a store that ignores expected statuses or never cascades."""
    with pytest.raises(pytest.fail.Exception):
        WriteRules().test_set_status_conflict_changes_nothing(Kit(_IgnoresExpected()))
    with pytest.raises(AssertionError):
        EditRemoveRules().test_removing_the_last_reply_purges_deleted_ancestors(Kit(_NoCascade()))
