"""The store conformance kit: every rule of :class:`~threadkit.store.CommentStore` as a test.

Subclass :class:`StoreConformance` in a test module and provide a ``store`` fixture::

    class TestMyStore(StoreConformance):
        @pytest.fixture
        def store(self):
            return MyStore(...)

The fixture may hand out a fresh store per test or one shared store (even one holding other
data): every test works in its own randomly named posts and authors. The rules checked are
written in the sibling ``_store_rules*`` mixins, one per part of the Protocol.
"""

from __future__ import annotations

import threading
from typing import ClassVar

import pytest

# The rules' plain asserts should explain a failure in the adapter author's own test run, as
# asserts in their test files do; this must happen before the rule modules are imported.
pytest.register_assert_rewrite(
    "threadkit.testing._store_machine",
    "threadkit.testing._store_machine_base",
    "threadkit.testing._store_machine_reads",
    "threadkit.testing._store_rules",
    "threadkit.testing._store_rules_edit",
    "threadkit.testing._store_rules_list",
)

from hypothesis import settings  # noqa: E402

from threadkit._errors import StatusConflict  # noqa: E402
from threadkit._model import Status  # noqa: E402
from threadkit.store import CommentStore, SupportsCounts, SupportsVotes  # noqa: E402
from threadkit.testing._store_machine import run_store_agreement  # noqa: E402
from threadkit.testing._store_rules import Kit, WriteRules  # noqa: E402
from threadkit.testing._store_rules_edit import EditRemoveRules  # noqa: E402
from threadkit.testing._store_rules_list import ListingRules, LookupRules  # noqa: E402

__all__ = ["Kit", "StoreConformance"]


class StoreConformance(WriteRules, EditRemoveRules, ListingRules, LookupRules):
    """Mix-in test class: subclass it, define a ``store`` fixture, and pytest runs the kit.

    Class attributes an adapter's test class may override:
        stateful_settings: Hypothesis settings for the agreement state machine (None: a third
            of the active profile's examples, 25 steps each).
        thread_safe: False skips the tests that call one store from several threads (for an
            adapter bound to a single connection, such as one inside a host transaction).
    """

    stateful_settings: ClassVar[settings | None] = None
    thread_safe: ClassVar[bool] = True

    @pytest.fixture
    def store(self) -> CommentStore:
        """Override in the subclass: the store under test."""
        pytest.fail("StoreConformance needs a `store` fixture returning the adapter to check")

    @pytest.fixture
    def kit(self, store: CommentStore) -> Kit:
        """A helper bound to ``store`` with a fresh namespace of posts and authors."""
        return Kit(store)

    def test_protocol_is_implemented(self, store: CommentStore) -> None:
        """The store satisfies the CommentStore Protocol at runtime."""
        assert isinstance(store, CommentStore)

    def test_optional_capabilities_are_complete(self, store: CommentStore) -> None:
        """A store claiming counts or votes has working methods, not just names."""
        kit = Kit(store)
        comment = kit.root()
        if isinstance(store, SupportsCounts):
            assert store.count(comment.post_id, statuses={Status.APPROVED}) == 1
        if isinstance(store, SupportsVotes):
            assert store.vote(comment.id, "v", 1).ups == 1

    def test_concurrent_compare_and_set_has_one_winner(self, kit: Kit) -> None:
        """Eight moderators acting on one pending comment at once: exactly one succeeds."""
        if not self.thread_safe:
            pytest.skip("this store is not shared between threads")
        comment = kit.root(status=Status.PENDING)
        start = threading.Barrier(8)
        outcomes: list[str] = []
        lock = threading.Lock()

        def moderate(target: Status) -> None:
            start.wait()
            try:
                kit.store.set_status(comment.id, target, expected=Status.PENDING)
                result = "won"
            except StatusConflict:
                result = "lost"
            with lock:
                outcomes.append(result)

        targets = [Status.APPROVED, Status.SPAM, Status.TRASH, Status.APPROVED] * 2
        workers = [threading.Thread(target=moderate, args=(t,)) for t in targets]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=60)
        assert sorted(outcomes) == ["lost"] * 7 + ["won"]
        assert kit.store.get(comment.id).status != Status.PENDING

    def test_agrees_with_memory_store(self, store: CommentStore) -> None:
        """Random operations give the same results on this store and on MemoryStore."""
        run_store_agreement(store, self.stateful_settings)
