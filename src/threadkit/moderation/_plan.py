"""Which rules ``RuleSet.check`` calls for a comment, worked out once per rule set.

Most checks are of plain text with no history, where the rules about authors, requests and
history find nothing, and where most comments share no trigger word with any phrase list or
toxicity lexicon. The plan drops those rules up front, so a check pays neither their calls nor
their own tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import attrs

from threadkit._model import CommentDraft, Finding
from threadkit.moderation._context import CheckContext
from threadkit.moderation._lexicon import Lexicon
from threadkit.moderation._phrases import Gate, merge_gates
from threadkit.moderation._rule import Rule
from threadkit.moderation._scan import silent
from threadkit.moderation._text import NormalizedText

Find = Callable[[NormalizedText, CommentDraft | None, CheckContext], Iterable[Finding]]
Finder = tuple[Rule, Find]
#: What a lexicon rule reads: its lexicons, and characters that make it look further.
LexiconGate = tuple[tuple[Lexicon, ...], str]


def _quiet_on_plain(rule: Rule) -> bool:
    return getattr(rule, "quiet_on_plain", False) is True


def _plain_gate(rule: Rule) -> Gate | None:
    ask = getattr(rule, "plain_gate", None)
    if not callable(ask):
        return None
    gate = ask()
    return gate if isinstance(gate, Gate) else None


def _lexicon_gate(rule: Rule) -> LexiconGate | None:
    # A rule finding nothing unless one of its lexicons has a hit (or a mask character occurs)
    # says so with ``lexicon_gate``; anything else is always called.
    ask = getattr(rule, "lexicon_gate", None)
    if not callable(ask):
        return None
    gate = ask()
    if not (isinstance(gate, tuple) and len(gate) == 2 and isinstance(gate[1], str)):
        return None
    lexicons, masks = gate
    if not isinstance(lexicons, tuple) or not lexicons:
        return None  # a rule reading no lexicon has nothing this gate can rule out
    if not all(isinstance(x, Lexicon) for x in lexicons):
        return None
    return lexicons, masks


def _without(finders: tuple[Finder, ...], rules: set[int]) -> tuple[Finder, ...]:
    return tuple(f for f in finders if id(f[0]) not in rules)


@attrs.frozen
class Plan:
    """The enabled rules with their bound ``find`` methods, in order, and the shorter lists
    for plain text.

    Attributes:
        every: every rule, for a draft or a context with history or a known author.
        plain: without the rules that find nothing in plain text with no history.
        gated: ``plain`` without the phrase rules too, for a text ``gate`` rules out.
        gate: closed on a text where no phrase rule left out of ``gated`` can match.
        hushed: ``(every, plain, gated)`` without the lexicon rules, for a text where none
            of ``lexicons`` has a hit and none of ``masks`` occurs.
        lexicons: the ids of the lexicon rules' lexicons.
        masks: characters that make some lexicon rule look beyond its lexicons.
        keep: the lexicons themselves, held so their ids stay theirs.
    """

    every: tuple[Finder, ...]
    plain: tuple[Finder, ...]
    gated: tuple[Finder, ...]
    gate: Gate | None
    hushed: tuple[tuple[Finder, ...], ...] = ()
    lexicons: frozenset[int] = frozenset()
    masks: str = ""
    keep: tuple[Lexicon, ...] = ()

    @classmethod
    def of(cls, rules: Iterable[Rule]) -> Plan:
        """The plan for ``rules`` (the enabled ones, in order)."""
        every = tuple((rule, rule.find) for rule in rules)
        plain = tuple(f for f in every if not _quiet_on_plain(f[0]))
        gates = {id(f[0]): _plain_gate(f[0]) for f in plain}
        shut = [g for g in gates.values() if g is not None]
        gated = tuple(f for f in plain if gates[id(f[0])] is None)
        quiet: set[int] = set()
        keep: dict[int, Lexicon] = {}
        masks = ""
        for rule, _ in every:
            lexicon_gate = _lexicon_gate(rule)
            if lexicon_gate is not None:
                quiet.add(id(rule))
                keep.update((id(x), x) for x in lexicon_gate[0])
                masks += "".join(c for c in lexicon_gate[1] if c not in masks)
        hushed = tuple(_without(fs, quiet) for fs in (every, plain, gated)) if quiet else ()
        return cls(
            every, plain, gated, merge_gates(shut) if shut else None,
            hushed, frozenset(keep), masks, tuple(keep.values()),
        )  # fmt: skip

    def finders(
        self, text: NormalizedText, draft: CommentDraft | None, context: CheckContext
    ) -> tuple[Finder, ...]:
        """The rules to call for this comment, in order."""
        if draft is not None or context.recent or context.known_author is not None:
            tier = 0
        elif self.gate is not None and self.gate.closed(text.skeleton):
            tier = 2
        else:
            tier = 1
        if self.hushed and silent(text, self.lexicons, self.masks):
            return self.hushed[tier]
        return (self.every, self.plain, self.gated)[tier]
