"""The frozen attrs base the built-in rules share: common fields, option checks, a readable repr."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

import attrs

from threadkit._errors import RuleConfigError
from threadkit.moderation._rule import Example, factory_repr


def examples(value: Iterable[str | Example]) -> tuple[str | Example, ...]:
    """Converter: any iterable of examples (a lone string counts as one) to a tuple."""
    if isinstance(value, str | Example):
        return (value,)
    return tuple(value)


def strings(value: Iterable[str]) -> tuple[str, ...]:
    """Converter: any iterable of strings (a lone string counts as one) to a tuple."""
    if isinstance(value, str):
        return (value,)
    return tuple(value)


@attrs.frozen(kw_only=True, repr=False)
class RuleBase:
    """Fields every built-in rule has; subclasses add their options and ``find``.

    Attributes:
        name: unique name in a rule set.
        score: weight of a finding (the engine re-weights by rebuilding with a new score).
        category: what the rule is evidence of.
        reason: the sentence a finding carries.
        should_flag: examples the rule must flag.
        should_pass: examples the rule must leave alone.
    """

    #: The public factory that builds this class, shown in the repr.
    factory: ClassVar[str] = "rule"
    #: True when ``find`` surely finds nothing in plain text (no draft) checked with a context
    #: that has no ``recent`` comments and ``known_author`` None (the author, the request and
    #: the history are what such a rule looks at), so the engine need not call it there.
    quiet_on_plain: ClassVar[bool] = False

    name: str
    score: float
    category: str
    reason: str
    should_flag: tuple[str | Example, ...] = attrs.field(default=(), converter=examples)
    should_pass: tuple[str | Example, ...] = attrs.field(default=(), converter=examples)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise RuleConfigError(str(self.name), "name", "must be a non-empty string")
        if isinstance(self.score, bool) or not isinstance(self.score, int | float):
            raise RuleConfigError(self.name, "score", "must be a number")
        if not isinstance(self.category, str) or not self.category:
            raise RuleConfigError(self.name, "category", "must be a non-empty string")
        if not isinstance(self.reason, str) or not self.reason:
            raise RuleConfigError(self.name, "reason", "must be a non-empty string")
        self.validate()

    def validate(self) -> None:
        """Check the subclass's options; raise ``RuleConfigError(name, key, ...)`` if broken."""

    def fail(self, key: str, message: str) -> RuleConfigError:
        """The error for a broken option ``key`` of this rule."""
        return RuleConfigError(self.name, key, message)

    def options(self) -> dict[str, Any]:
        """``name``, ``score`` and the rule's own options that differ from their defaults."""
        shown: dict[str, Any] = {"name": self.name, "score": self.score}
        common = {f.name for f in attrs.fields(RuleBase)}
        for field in attrs.fields(type(self)):
            if not field.init or field.name in common:
                continue
            value = getattr(self, field.name)
            default = field.default
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                default = None
            if value != default:
                shown[field.name] = value
        return shown

    def __repr__(self) -> str:
        return factory_repr(self.factory, self.options())
