"""What the accusation and insult rules share: whom they may aim at, their options, repr and find.

Both rules look words up in a lexicon, judge whom each word is aimed at and report the aimed
ones; only the lexicon, the judge and the wording differ, so the rest lives here once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Protocol

from threadkit._model import Finding
from threadkit.moderation._aim import Aim
from threadkit.moderation._lexicon import Lexicon
from threadkit.moderation._rule import factory_repr
from threadkit.moderation._scan import Describe, Judge, aimed_findings, scan
from threadkit.moderation._text import NormalizedText

#: Who an attack may be aimed at to count, by default: the reader, a named person, a group of
#: people by identity, or whoever a bare "Liar!" answers.
TARGETS = ("you", "person", "group", "implicit")

_WHOM = {
    "you": "the person being addressed",
    "implicit": "the person being addressed",
    "person": "a named person",
    "group": "a group of people",
}


class TargetedRule(Protocol):
    """The options every targeted rule has (read-only, as attrs frozen classes give them)."""

    @property
    def name(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def score(self) -> float: ...
    @property
    def targets(self) -> frozenset[str]: ...
    @property
    def softened(self) -> float: ...


def whom(aim: Aim) -> str:
    """How a finding's reason names the one an attack is aimed at."""
    return _WHOM.get(aim.target or "", "someone")


def to_strings(value: Iterable[str]) -> tuple[str, ...]:
    """Converter for extra lexicon words: trimmed, lower-cased, blanks dropped."""
    return tuple(str(v).strip().lower() for v in value if str(v).strip())


def to_targets(value: Iterable[str]) -> frozenset[str]:
    """Converter for ``targets``: refuses a name outside ``TARGETS`` so a typo is not silent."""
    chosen = frozenset(value)
    unknown = chosen - set(TARGETS)
    if unknown:
        raise ValueError(f"unknown targets {sorted(unknown)}; choose from {list(TARGETS)}")
    return chosen


def pick_lexicon(
    default: Lexicon,
    groups: Callable[..., dict[str, tuple[str, ...]]],
    *extras: tuple[str, ...],
) -> Lexicon:
    """The prebuilt default lexicon, or one built afresh when the rule adds words of its own."""
    return Lexicon.build(groups(*extras)) if any(extras) else default


def targeted_repr(factory: str, rule: TargetedRule, extras: Mapping[str, tuple[str, ...]]) -> str:
    """``factory(score=.., ...)`` showing only the options that differ from the defaults."""
    options: dict[str, object] = {"score": rule.score}
    if rule.targets != frozenset(TARGETS):
        options["targets"] = tuple(t for t in TARGETS if t in rule.targets)
    if rule.softened != 0.5:
        options["softened"] = rule.softened
    options.update({key: words for key, words in extras.items() if words})
    return factory_repr(factory, options)


def find_targeted(
    rule: TargetedRule,
    text: NormalizedText,
    lexicon: Lexicon,
    judge: Judge,
    describe: Describe,
) -> Iterable[Finding]:
    """One finding per lexicon word that ``judge`` finds aimed at one of the rule's targets."""
    hits = scan(text).hits(lexicon)
    if not hits:
        return ()
    return aimed_findings(
        rule=rule.name,
        category=rule.category,
        score=rule.score,
        text=text,
        hits=hits,
        judge=judge,
        targets=rule.targets,
        describe=describe,
        softened=rule.softened,
    )
