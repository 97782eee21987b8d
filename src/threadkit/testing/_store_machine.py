"""A Hypothesis state machine that drives a store and a MemoryStore alike and checks they agree.

The write rules live here; reads are in ``_store_machine_reads`` and the bookkeeping in
``_store_machine_base``.
"""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import initialize, multiple, precondition, rule, run_state_machine_as_test

from threadkit._model import CommentDraft, Status, Verdict
from threadkit.store import CommentStore, SupportsVotes
from threadkit.testing._store_machine_base import (
    POSTS,
    STATUS,
    TEXT,
    VERDICTS,
    comments,
    default_stateful_settings,
)
from threadkit.testing._store_machine_reads import ReadRules

__all__ = ["StoreAgreement", "default_stateful_settings", "run_store_agreement"]


class StoreAgreement(ReadRules):
    """Same random operations on ``store`` and on a MemoryStore; results must match."""

    def _add(
        self,
        draft: CommentDraft,
        status: Status = Status.APPROVED,
        verdict: Verdict | None = None,
        html: str = "",
    ) -> str | None:
        """Add ``draft`` (parent named by model id) to both; the model id, or None if refused."""
        store_draft = draft
        if draft.parent_id is not None:
            store_draft = attrs.evolve(
                draft, parent_id=self.to_store.get(draft.parent_id, draft.parent_id)
            )
        result = self.both(
            lambda: self.store.add(store_draft, status=status, html=html, verdict=verdict),
            lambda: self.model.add(draft, status=status, html=html, verdict=verdict),
        )
        if result is None:
            return None
        got, want = result
        assert got.id not in self.to_model, "store reused an id"
        self.to_store[want.id] = got.id
        self.to_model[got.id] = want.id
        assert self.mapped(got) == want
        return want.id

    def _draft(
        self, post: str, author: int, text: str, minutes: int, parent: str | None = None
    ) -> CommentDraft:
        return CommentDraft(
            post,
            self.body(text),
            self.authors[author],
            parent_id=parent,
            created_at=self.when(minutes),
        )

    @initialize(
        target=comments,
        post=st.integers(0, POSTS - 1),
        roots=st.lists(st.integers(0, 600), min_size=1, max_size=4),
        depth=st.integers(0, 3),
    )
    def seed(self, post: int, roots: list[int], depth: int) -> Any:
        """Start every run with a few roots and a chain of replies: paging and nesting are
        exercised from the first step instead of waiting for random adds to build them."""
        ids: list[str] = []
        for index, minutes in enumerate(roots):
            added = self._add(self._draft(self.post(post), index % 4, "seed", minutes))
            assert added is not None
            ids.append(added)
        parent = ids[0]
        for level in range(depth):
            added = self._add(self._draft(self.post(post), level % 4, "re", level, parent))
            assert added is not None
            ids.append(parent := added)
        return multiple(*ids)

    @rule(
        target=comments,
        post=st.integers(0, POSTS - 1),
        author=st.integers(0, 3),
        text=TEXT,
        minutes=st.integers(0, 600),
        status=STATUS,
        verdict=VERDICTS,
        html=TEXT,
    )
    def add_root(
        self,
        post: int,
        author: int,
        text: str,
        minutes: int,
        status: Status,
        verdict: Verdict | None,
        html: str,
    ) -> Any:
        added = self._add(
            self._draft(self.post(post), author, text, minutes), status, verdict, html
        )
        return multiple() if added is None else added

    @rule(
        target=comments,
        parent=comments,
        same_post=st.booleans() | st.just(True),
        author=st.integers(0, 3),
        texts=st.lists(TEXT, min_size=1, max_size=3),
        minutes=st.integers(0, 600),
        status=STATUS,
    )
    def add_replies(
        self,
        parent: str,
        same_post: bool,
        author: int,
        texts: list[str],
        minutes: int,
        status: Status,
    ) -> Any:
        """A reply to ``parent`` and, for each further text, a reply to the previous reply."""
        existing = self.model.get_many([parent]).get(parent)
        post = existing.post_id if existing else self.post(0)
        if not same_post:
            post = self.post(1) if post == self.post(0) else self.post(0)
        ids: list[str] = []
        for text in texts:
            added = self._add(
                self._draft(post, author, text, minutes, ids[-1] if ids else parent), status
            )
            if added is None:
                break
            ids.append(added)
        return multiple(*ids)

    @rule(
        comment=comments,
        status=STATUS,
        expected=st.none() | STATUS | st.frozensets(STATUS, min_size=1),
    )
    def set_status(
        self, comment: str, status: Status, expected: Status | frozenset[Status] | None
    ) -> None:
        result = self.both(
            lambda: self.store.set_status(self.sid(comment), status, expected=expected),
            lambda: self.model.set_status(comment, status, expected=expected),
        )
        if result:
            assert self.mapped(result[0]) == result[1]

    @rule(
        comment=comments,
        text=TEXT,
        html=TEXT,
        verdict=VERDICTS,
        status=st.none() | STATUS,
        minutes=st.integers(-60, 900),
    )
    def edit(
        self,
        comment: str,
        text: str,
        html: str,
        verdict: Verdict | None,
        status: Status | None,
        minutes: int,
    ) -> None:
        edited_at = self.when(minutes)
        body = self.body(text)
        result = self.both(
            lambda: self.store.edit(
                self.sid(comment),
                body=body,
                html=html,
                verdict=verdict,
                status=status,
                edited_at=edited_at,
            ),
            lambda: self.model.edit(
                comment, body=body, html=html, verdict=verdict, status=status, edited_at=edited_at
            ),
        )
        if result:
            assert self.mapped(result[0]) == result[1]

    @rule(comment=comments)
    def remove(self, comment: str) -> None:
        result = self.both(
            lambda: self.store.remove(self.sid(comment)), lambda: self.model.remove(comment)
        )
        if result:
            got, want = result
            assert (got and self.mapped(got)) == want

    @rule(comment=comments)
    def remove_branch(self, comment: str) -> None:
        """Tombstone a comment, then remove its replies newest first: cascades get exercised."""
        self.remove(comment)
        found = self.model.get_many([comment]).get(comment)
        if found is None:
            return
        root = found.id
        while (parent := self.model.get(root).parent_id) is not None:
            root = parent
        below = {comment}
        for reply in self.model.list_replies(found.post_id, [root]):
            if reply.parent_id in below:
                below.add(reply.id)
        for reply_id in sorted(below - {comment}, key=int, reverse=True):
            self.remove(reply_id)

    @precondition(lambda self: self.votes)
    @rule(
        comment=comments,
        voter=st.sampled_from(["v1", "v2", "v3"]),
        value=st.sampled_from([-1, 0, 1]),
    )
    def vote(self, comment: str, voter: str, value: int) -> None:
        assert isinstance(self.store, SupportsVotes)
        store = self.store
        result = self.both(
            lambda: store.vote(self.sid(comment), voter, value),
            lambda: self.model.vote(comment, voter, value),
        )
        if result:
            assert self.mapped(result[0]) == result[1]

    # -- reads --------------------------------------------------------------------------


def run_store_agreement(store: CommentStore, run_settings: settings | None = None) -> None:
    """Run :class:`StoreAgreement` against ``store`` (shared by every example)."""
    machine = type("StoreAgreementRun", (StoreAgreement,), {"store": store})
    run_state_machine_as_test(  # type: ignore[no-untyped-call]
        machine, settings=run_settings or default_stateful_settings()
    )
