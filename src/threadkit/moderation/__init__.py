"""Moderation: an explainable, configurable rule set that decides approve, hold or reject.

``RuleSet.default().check(text_or_draft, context)`` returns a ``Verdict`` whose findings name
the rule, the category, the score and the exact span of what the reader typed. Rules are
named, ordered and switchable; the default preset is data (``default.toml``); custom rules
follow the ``Rule`` protocol. Factories for the built-in rules live in
``threadkit.moderation.rules``.
"""

from threadkit.moderation._context import CheckContext
from threadkit.moderation._dryrun import DryRunReport, VerdictChange
from threadkit.moderation._engine import RuleSet
from threadkit.moderation._evaluate import (
    CategoryScores,
    Evaluation,
    GroupScores,
    LabelledText,
    evaluate,
)
from threadkit.moderation._rule import RULE_TIMEOUT, Example, Rule, note_finding, span_finding
from threadkit.moderation._text import NormalizedText, View, normalize

__all__ = [
    "RULE_TIMEOUT",
    "CategoryScores",
    "CheckContext",
    "DryRunReport",
    "Evaluation",
    "Example",
    "GroupScores",
    "LabelledText",
    "NormalizedText",
    "Rule",
    "RuleSet",
    "VerdictChange",
    "View",
    "evaluate",
    "normalize",
    "note_finding",
    "span_finding",
]
