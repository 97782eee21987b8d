"""Dry runs: check inputs with the current and a candidate rule set and report what changes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from threadkit._model import Action, CommentDraft, Verdict
from threadkit.moderation._context import CheckContext

#: What a dry run checks: a text, a draft, or either with the context to check it in.
Subject = str | CommentDraft | tuple[str | CommentDraft, CheckContext | None]
Checker = Callable[[str | CommentDraft, CheckContext | None], Verdict]


def _excerpt(subject: str | CommentDraft, size: int = 80) -> str:
    body = subject.body if isinstance(subject, CommentDraft) else subject
    body = " ".join(body.split())
    return body if len(body) <= size else body[: size - 1] + "…"


@attrs.frozen
class VerdictChange:
    """One input whose verdict differs under the candidate rule set.

    Attributes:
        index: the input's position in the list checked.
        excerpt: the start of its text, for a report.
        before: the verdict of the current rule set.
        after: the verdict of the candidate.
    """

    index: int
    excerpt: str
    before: Verdict
    after: Verdict

    @property
    def action_changed(self) -> bool:
        """Whether the decision itself changes, not only the score or the findings."""
        return self.before.action != self.after.action

    @property
    def rules_added(self) -> tuple[str, ...]:
        """Rules with findings only under the candidate."""
        old = {f.rule for f in self.before.findings}
        return tuple(sorted({f.rule for f in self.after.findings} - old))

    @property
    def rules_removed(self) -> tuple[str, ...]:
        """Rules with findings only under the current rule set."""
        new = {f.rule for f in self.after.findings}
        return tuple(sorted({f.rule for f in self.before.findings} - new))


@attrs.frozen
class DryRunReport:
    """What a candidate rule set would change over a list of inputs; nothing was acted on.

    Attributes:
        total: inputs checked.
        changes: the inputs whose verdict differs, in input order.
    """

    total: int
    changes: tuple[VerdictChange, ...]

    @property
    def transitions(self) -> Mapping[tuple[Action, Action], int]:
        """How many inputs move from one action to another, e.g. ``(APPROVE, HOLD): 3``."""
        return dict(Counter((c.before.action, c.after.action) for c in self.changes
                            if c.action_changed))  # fmt: skip

    @property
    def actions_changed(self) -> int:
        """How many inputs would get a different action."""
        return sum(1 for c in self.changes if c.action_changed)

    def summary(self) -> str:
        """One line per transition, e.g. "approve -> hold: 3", under a headline."""
        lines = [f"{self.actions_changed} of {self.total} verdicts change action "
                 f"({len(self.changes)} differ in any way)"]  # fmt: skip
        for (before, after), n in sorted(self.transitions.items()):
            lines.append(f"  {before.value} -> {after.value}: {n}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary with every change."""
        return {
            "total": self.total,
            "actions_changed": self.actions_changed,
            "changes": [
                {
                    "index": c.index,
                    "excerpt": c.excerpt,
                    "before": c.before.to_dict(),
                    "after": c.after.to_dict(),
                }
                for c in self.changes
            ],
        }


def _split(subject: Subject) -> tuple[str | CommentDraft, CheckContext | None]:
    if isinstance(subject, tuple):
        return subject[0], subject[1]
    return subject, None


def _differs(a: Verdict, b: Verdict, only_actions: bool) -> bool:
    if a.action != b.action:
        return True
    if only_actions:
        return False
    return a.score != b.score or [f.rule for f in a.findings] != [f.rule for f in b.findings]


def compare(
    current: Checker, candidate: Checker, subjects: Iterable[Subject], *, only_actions: bool
) -> DryRunReport:
    """Run both checkers over ``subjects`` and collect the differences."""
    changes = []
    total = 0
    for index, subject in enumerate(subjects):
        total += 1
        item, context = _split(subject)
        before = current(item, context)
        after = candidate(item, context)
        if _differs(before, after, only_actions):
            changes.append(VerdictChange(index, _excerpt(item), before, after))
    return DryRunReport(total=total, changes=tuple(changes))
