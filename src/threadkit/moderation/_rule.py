"""The ``Rule`` protocol every moderation rule follows, and helpers for writing one.

Scores use the units of the default thresholds: a comment is held at 5.0 and rejected at 10.0.
A rule meant to hold a comment on its own, whoever wrote it, scores at least 6.0, because the
``known_author`` rule credits an author with approved comments -1.0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import attrs

from threadkit._model import Author, CommentDraft, Finding
from threadkit.moderation._context import EMPTY_CONTEXT, CheckContext

if TYPE_CHECKING:
    from threadkit.moderation._text import NormalizedText, View

#: Seconds one regular-expression call may take before the ``regex`` module gives up with
#: ``TimeoutError``; the engine turns that into a "rule timed out" finding which holds the
#: comment, so a pathological input costs a bounded time instead of hanging a request.
RULE_TIMEOUT = 0.1

_EXAMPLE_TIME = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
_EXAMPLE_AUTHOR = Author(name="Example Reader", email="reader@example.org", ip="192.0.2.10")


def _meta(value: Mapping[str, str] | None) -> Mapping[str, str]:
    return dict(value or {})


@attrs.frozen
class Example:
    """A should-flag or should-pass example that needs more than text: an author, a context.

    Attributes:
        body: the comment text.
        context: what the service would know (history, known author, now).
        author: who wrote it.
        parent_id: the comment it answers, if any.
        meta: request details, e.g. ``{"honeypot": "..."}``.
    """

    body: str
    context: CheckContext = EMPTY_CONTEXT
    author: Author = _EXAMPLE_AUTHOR
    parent_id: str | None = None
    meta: Mapping[str, str] = attrs.field(factory=dict, converter=_meta)

    def draft(self) -> CommentDraft:
        """The example as the draft a service would check."""
        return CommentDraft(
            post_id="example-post",
            body=self.body,
            author=self.author,
            parent_id=self.parent_id,
            created_at=_EXAMPLE_TIME,
            meta=self.meta,
        )


@runtime_checkable
class Rule(Protocol):
    """One named check that turns a comment into findings.

    Rules are immutable and thread-safe; they compile their patterns once, when built, and
    call them with ``timeout=RULE_TIMEOUT``. A finding's score is derived from ``score`` (the
    engine rebuilds a re-weighted rule with the new score), usually exactly ``score``.
    """

    @property
    def name(self) -> str:
        """Unique name within a rule set, used to enable, disable and re-weight it."""

    @property
    def category(self) -> str:
        """What the rule is evidence of: "spam", "toxicity", "policy" or a user category."""

    @property
    def score(self) -> float:
        """The weight of one finding; negative for evidence of a legitimate comment."""

    @property
    def reason(self) -> str:
        """One sentence, for moderators and commenters, saying what the rule looks for."""

    @property
    def should_flag(self) -> Sequence[str | Example]:
        """Inputs the rule must find something in (with the default configuration)."""

    @property
    def should_pass(self) -> Sequence[str | Example]:
        """Inputs the rule must find nothing in (with the default configuration)."""

    def find(
        self, text: NormalizedText, draft: CommentDraft | None, context: CheckContext
    ) -> Iterable[Finding]:
        """The findings for one comment; ``draft`` is None when plain text is checked."""


def span_finding(
    rule: Rule,
    text: NormalizedText,
    view: View,
    start: int,
    end: int,
    *,
    reason: str | None = None,
    score: float | None = None,
) -> Finding:
    """A finding for ``view.text[start:end]``, pointing at what the reader typed for it."""
    o_start, o_end = view.to_original(start, end)
    return Finding(
        rule=rule.name,
        category=rule.category,
        score=rule.score if score is None else score,
        span=(o_start, o_end),
        excerpt=text.original[o_start:o_end],
        reason=rule.reason if reason is None else reason,
    )


def note_finding(rule: Rule, *, reason: str | None = None, score: float | None = None) -> Finding:
    """A finding about the comment as a whole (its author, timing, form), not about words."""
    return Finding(
        rule=rule.name,
        category=rule.category,
        score=rule.score if score is None else score,
        span=(0, 0),
        excerpt="",
        reason=rule.reason if reason is None else reason,
    )


def _short(value: object) -> str:
    if isinstance(value, str) and len(value) > 40:
        return repr(value[:37] + "...")
    if isinstance(value, tuple | list):
        shown = ", ".join(_short(v) for v in value[:3])
        more = f", ... {len(value)} in all" if len(value) > 3 else ""
        return f"[{shown}{more}]"
    return repr(value)


def factory_repr(factory: str, options: Mapping[str, Any]) -> str:
    """``factory(a=1, b=[...])``: how a rule object shows itself, long lists shortened."""
    shown = ", ".join(f"{k}={_short(v)}" for k, v in options.items())
    return f"{factory}({shown})"
