"""Which rules ``RuleSet.check`` calls for a comment, worked out once per rule set.

Most checks are of plain text with no history, where the rules about authors, requests and
history find nothing, and where most comments share no trigger word with any phrase list. The
plan drops those rules up front, so a check pays neither their calls nor their own tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import attrs

from threadkit._model import CommentDraft, Finding
from threadkit.moderation._context import CheckContext
from threadkit.moderation._phrases import Gate, merge_gates
from threadkit.moderation._rule import Rule
from threadkit.moderation._text import NormalizedText

Find = Callable[[NormalizedText, CommentDraft | None, CheckContext], Iterable[Finding]]
Finder = tuple[Rule, Find]


def _quiet_on_plain(rule: Rule) -> bool:
    return getattr(rule, "quiet_on_plain", False) is True


def _plain_gate(rule: Rule) -> Gate | None:
    ask = getattr(rule, "plain_gate", None)
    if not callable(ask):
        return None
    gate = ask()
    return gate if isinstance(gate, Gate) else None


@attrs.frozen
class Plan:
    """The enabled rules with their bound ``find`` methods, in order, and the shorter lists
    for plain text.

    Attributes:
        every: every rule, for a draft or a context with history or a known author.
        plain: without the rules that find nothing in plain text with no history.
        gated: ``plain`` without the phrase rules too, for a text ``gate`` rules out.
        gate: closed on a text where no phrase rule left out of ``gated`` can match.
    """

    every: tuple[Finder, ...]
    plain: tuple[Finder, ...]
    gated: tuple[Finder, ...]
    gate: Gate | None

    @classmethod
    def of(cls, rules: Iterable[Rule]) -> Plan:
        """The plan for ``rules`` (the enabled ones, in order)."""
        every = tuple((rule, rule.find) for rule in rules)
        plain = tuple(f for f in every if not _quiet_on_plain(f[0]))
        gates = {id(f[0]): _plain_gate(f[0]) for f in plain}
        shut = [g for g in gates.values() if g is not None]
        gated = tuple(f for f in plain if gates[id(f[0])] is None)
        return cls(every, plain, gated, merge_gates(shut) if shut else None)

    def finders(
        self, text: NormalizedText, draft: CommentDraft | None, context: CheckContext
    ) -> tuple[Finder, ...]:
        """The rules to call for this comment, in order."""
        if draft is not None or context.recent or context.known_author is not None:
            return self.every
        if self.gate is not None and self.gate.closed(text.skeleton):
            return self.gated
        return self.plain
