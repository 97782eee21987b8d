"""Shared set-up of the store agreement machine: strategies, settings and id bookkeeping.

Each run works in fresh, randomly named posts and author identities, so one store instance can
serve every example (and keep data from other tests) without the runs seeing each other.
The two stores assign different ids; the machine keeps the mapping and compares comments
in the model's id space. Timestamps are unique per run, so every listing has one right order.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import attrs
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine

from threadkit._errors import ThreadkitError
from threadkit._model import Action, Author, Comment, Finding, Status, Verdict
from threadkit.store import CommentStore, MemoryStore, SupportsCounts, SupportsVotes

T = TypeVar("T")
BASE = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
POSTS = 2
TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=40)
STATUS = st.sampled_from(list(Status))
STATUS_SETS = st.none() | st.sets(STATUS, min_size=1)
VERDICTS = st.none() | st.builds(
    Verdict,
    action=st.sampled_from(list(Action)),
    score=st.sampled_from([0.0, 0.5, 1.25, -2.0, 3.75]),
    findings=st.lists(
        st.builds(
            Finding,
            rule=st.sampled_from(["links", "shouting", "insult"]),
            category=st.sampled_from(["spam", "toxicity"]),
            score=st.sampled_from([0.5, 1.0, -0.25]),
            span=st.tuples(st.integers(0, 20), st.integers(20, 40)),
            excerpt=TEXT,
            reason=TEXT,
        ),
        max_size=2,
    ).map(tuple),
)


def default_stateful_settings() -> settings:
    """The settings the kit uses unless a test class sets ``stateful_settings``.

    A third of the active profile's examples (at least 10) of 25 steps: enough to find
    disagreements, quick enough for a database round trip per step.
    """
    base = settings.default
    examples = base.max_examples if base is not None else 100
    return settings(
        max_examples=max(10, examples // 3),
        stateful_step_count=25,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


#: Model ids of every comment either store was asked to add (purged ones stay, on purpose).
comments = Bundle("comments")


class AgreementBase(RuleBasedStateMachine):
    """The state both stores are compared through; rules live in the subclasses."""

    store: CommentStore  # set by run_store_agreement on a subclass

    def __init__(self) -> None:
        super().__init__()
        self.model = MemoryStore()
        self.ns = uuid.uuid4().hex[:12]
        self.to_store: dict[str, str] = {}
        self.to_model: dict[str, str] = {}
        self.tick = 0
        self.open_listings: list[
            tuple[tuple[str, bool, frozenset[Status] | None, int], str, str]
        ] = []
        self.votes = isinstance(self.store, SupportsVotes)
        self.counts = isinstance(self.store, SupportsCounts)
        net = f"2001:db8:{self.ns[:4]}:{self.ns[4:8]}:{self.ns[8:12]}"  # a per-run network
        self.authors = [
            Author(f"{self.ns} Ada", email=f"ada-{self.ns}@example.org", user_id=f"u-{self.ns}"),
            Author(f"{self.ns} Bo", email=f"bo-{self.ns}@example.org", ip=f"{net}::b0"),
            Author(f"{self.ns} Cy", ip=f"{net}::c1"),
            Author(f"{self.ns} Bo", url="https://example.org/bo"),
        ]

    # -- helpers ------------------------------------------------------------------------

    def post(self, index: int) -> str:
        return f"{self.ns}-post-{index}"

    def when(self, minutes: int) -> datetime:
        self.tick += 1
        return BASE + timedelta(minutes=minutes, microseconds=self.tick)

    def body(self, text: str) -> str:
        # The run's name keeps identical-body history look-ups from reaching other runs.
        return f"{self.ns} {text}"

    def mapped(self, comment: Comment) -> Comment:
        """``comment`` from the store, renamed into the model's ids."""
        assert comment.id in self.to_model, f"store returned unknown comment {comment.id!r}"
        parent = comment.parent_id
        return attrs.evolve(
            comment,
            id=self.to_model[comment.id],
            parent_id=None if parent is None else self.to_model[parent],
        )

    def sid(self, model_id: str) -> str:
        return self.to_store[model_id]

    def both(self, on_store: Callable[[], T], on_model: Callable[[], T]) -> tuple[T, T] | None:
        """Run an operation on both stores: both succeed (results returned) or both raise alike."""
        expected_error: Exception | None = None
        error: Exception | None = None
        try:
            want = on_model()
        except (ThreadkitError, ValueError) as exc:
            expected_error = exc
        try:
            got = on_store()
        except (ThreadkitError, ValueError) as exc:
            error = exc
        if error is not None or expected_error is not None:
            assert type(error) is type(expected_error), (
                f"store raised {error!r}, model raised {expected_error!r}"
            )
            return None
        return got, want

    def same(self, got: Iterable[Comment], want: Iterable[Comment]) -> None:
        assert [self.mapped(c) for c in got] == list(want)

    # -- writes -------------------------------------------------------------------------
