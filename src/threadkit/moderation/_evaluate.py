"""Measuring a rule set against labelled comments: precision, recall and false-positive rate.

A comment counts as flagged for a category when the verdict is at least ``flag_at`` (hold, by
default) and that category drove it: its findings alone reach the rule set's hold threshold, or
it has the largest positive score of all categories. A toxic comment that also shouts is then
counted as toxicity, not spam. ``threadkit eval`` and the quality
report use this; so can anyone tuning a configuration on their own moderated comments.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from threadkit._model import Action, CommentDraft, Verdict
from threadkit.moderation._context import CheckContext

_RANK = {Action.APPROVE: 0, Action.HOLD: 1, Action.REJECT: 2}


def _labels(value: str | Iterable[str] | None) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        return frozenset({value}) if value else frozenset()
    return frozenset(v for v in value if v)


@attrs.frozen
class LabelledText:
    """A comment with the categories a person gave it (none for a legitimate comment).

    Attributes:
        subject: the text or draft to check.
        labels: categories it belongs to, e.g. {"spam"}; empty when it is fine.
        group: an optional key to report flag rates by (e.g. a HateCheck functionality).
        context: the context to check it in, if any.
    """

    subject: str | CommentDraft
    labels: frozenset[str] = attrs.field(default=frozenset(), converter=_labels)
    group: str | None = None
    context: CheckContext | None = None


@attrs.frozen
class CategoryScores:
    """Confusion counts for one category and the rates derived from them.

    Attributes:
        category: the category.
        tp: labelled and flagged.
        fp: flagged but not labelled.
        fn: labelled but not flagged.
        tn: neither.
    """

    category: str
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        """Share of flagged comments that carry the label (1.0 when nothing was flagged)."""
        flagged = self.tp + self.fp
        return self.tp / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        """Share of labelled comments that were flagged (1.0 when none is labelled)."""
        labelled = self.tp + self.fn
        return self.tp / labelled if labelled else 1.0

    @property
    def false_positive_rate(self) -> float:
        """Share of unlabelled comments that were flagged (0.0 when all are labelled)."""
        negatives = self.fp + self.tn
        return self.fp / negatives if negatives else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Counts and rates, JSON-ready."""
        return {
            "category": self.category, "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "tn": self.tn, "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "false_positive_rate": round(self.false_positive_rate, 4), "f1": round(self.f1, 4),
        }  # fmt: skip


@attrs.frozen
class GroupScores:
    """How often comments of one group were flagged (any category).

    Attributes:
        group: the group key.
        total: comments in the group.
        flagged: of those, verdicts at or above ``flag_at``.
    """

    group: str
    total: int
    flagged: int

    @property
    def rate(self) -> float:
        """Share flagged."""
        return self.flagged / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Counts and rate, JSON-ready."""
        return {"group": self.group, "total": self.total, "flagged": self.flagged,
                "rate": round(self.rate, 4)}  # fmt: skip


@attrs.frozen
class Evaluation:
    """The result of ``evaluate``.

    Attributes:
        total: comments checked.
        flag_at: the action from which a comment counts as flagged.
        categories: scores per category, sorted by name.
        groups: flag rates per group, sorted by name (empty when no row had a group).
        actions: how many verdicts of each action.
    """

    total: int
    flag_at: Action
    categories: Mapping[str, CategoryScores]
    groups: Mapping[str, GroupScores]
    actions: Mapping[str, int]

    def to_dict(self) -> dict[str, Any]:
        """Everything, JSON-ready."""
        return {
            "total": self.total,
            "flag_at": self.flag_at.value,
            "actions": dict(self.actions),
            "categories": [c.to_dict() for c in self.categories.values()],
            "groups": [g.to_dict() for g in self.groups.values()],
        }

    def format(self) -> str:
        """A plain-text table, one line per category (and per group, if any)."""
        lines = [f"{self.total} comments; flagged = {self.flag_at.value} or stricter",
                 f"{'category':<16} {'precision':>9} {'recall':>7} {'FPR':>7} "
                 f"{'tp':>6} {'fp':>6} {'fn':>6} {'tn':>6}"]  # fmt: skip
        for c in self.categories.values():
            lines.append(
                f"{c.category:<16} {c.precision:>9.3f} {c.recall:>7.3f} "
                f"{c.false_positive_rate:>7.3f} {c.tp:>6} {c.fp:>6} {c.fn:>6} {c.tn:>6}"
            )
        if self.groups:
            lines.append(f"{'group':<32} {'flagged':>8} {'of':>6} {'rate':>7}")
            for g in self.groups.values():
                lines.append(f"{g.group:<32} {g.flagged:>8} {g.total:>6} {g.rate:>7.3f}")
        return "\n".join(lines)


def _drivers(verdict: Verdict, hold: float) -> frozenset[str]:
    """The categories that drove a verdict (see the module docstring)."""
    sums: dict[str, float] = {}
    for f in verdict.findings:
        if f.score > 0:
            sums[f.category] = sums.get(f.category, 0.0) + f.score
    if not sums:
        return frozenset()
    top = max(sums.values())
    return frozenset(c for c, s in sums.items() if s == top or s >= hold)


Row = LabelledText | tuple[Any, ...]
Check = Callable[[str | CommentDraft, CheckContext | None], Verdict]


def _row(row: Row) -> LabelledText:
    if isinstance(row, LabelledText):
        return row
    return LabelledText(*row)


def evaluate(
    ruleset: Any,
    rows: Iterable[Row],
    *,
    categories: Iterable[str] | None = None,
    flag_at: Action | str = Action.HOLD,
    on_verdict: Callable[[int, Verdict], None] | None = None,
) -> Evaluation:
    """Check every row with ``ruleset`` and score the verdicts against the rows' labels.

    ``rows`` are ``LabelledText`` or tuples ``(text_or_draft, labels[, group[, context]])``.
    ``categories`` defaults to every label seen plus every category found. ``on_verdict``
    is called with each row's index and verdict (for progress bars and per-row output).
    """
    threshold = _RANK[Action(flag_at)]
    hold = float(getattr(ruleset, "hold", float("inf")))
    check: Check = ruleset.check
    seen: list[tuple[frozenset[str], frozenset[str]]] = []
    groups: dict[str, list[int]] = {}
    actions: dict[str, int] = {a.value: 0 for a in Action}
    for index, raw in enumerate(rows):
        row = _row(raw)
        verdict = check(row.subject, row.context)
        if on_verdict is not None:
            on_verdict(index, verdict)
        actions[verdict.action.value] += 1
        flagged = _RANK[verdict.action] >= threshold
        found = _drivers(verdict, hold) if flagged else frozenset()
        seen.append((row.labels, found))
        if row.group is not None:
            counts = groups.setdefault(row.group, [0, 0])
            counts[0] += 1
            counts[1] += int(flagged)
    names = set(categories) if categories is not None else set().union(
        *(labels | found for labels, found in seen))  # fmt: skip
    scores = {}
    for name in sorted(names):
        tp = sum(1 for labels, found in seen if name in labels and name in found)
        fp = sum(1 for labels, found in seen if name not in labels and name in found)
        fn = sum(1 for labels, found in seen if name in labels and name not in found)
        scores[name] = CategoryScores(name, tp, fp, fn, len(seen) - tp - fp - fn)
    return Evaluation(
        total=len(seen),
        flag_at=Action(flag_at),
        categories=scores,
        groups={g: GroupScores(g, n, f) for g, (n, f) in sorted(groups.items())},
        actions=actions,
    )
