"""Rule kinds a configuration can name: the built-in factories and the toxicity rules.

Building goes through here so that every broken option becomes a ``RuleConfigError`` naming
the rule and the key, whichever module the rule comes from.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from typing import Any, cast

import attrs

from threadkit._errors import RuleConfigError, ThreadkitError
from threadkit.moderation._rule import Rule
from threadkit.moderation._toxicity import TOXICITY_RULES
from threadkit.moderation.rules import KINDS

Builder = Callable[..., Rule]

#: Keys a rule's table may hold besides the rule's own options.
RESERVED = ("kind", "enabled", "score", "hold_only")


def toxicity_rules() -> tuple[Rule, ...]:
    """The default-configured toxicity rules, the templates their kinds are built from."""
    return TOXICITY_RULES


def _evolver(template: Rule) -> Builder:
    def build(**options: Any) -> Rule:
        return attrs.evolve(template, **options)  # type: ignore[misc]

    build.__name__ = template.name
    return build


@functools.cache
def kinds() -> Mapping[str, Builder]:
    """Every kind by name: built-in factories first, then each toxicity rule's own name."""
    table: dict[str, Builder] = dict(KINDS)
    for rule in toxicity_rules():
        if attrs.has(type(rule)):
            table.setdefault(rule.name, _evolver(rule))
    return table


def _accepted(kind: str, builder: Builder) -> tuple[str, ...] | None:
    """Option names a kind accepts, or None when it accepts anything."""
    if kind in KINDS:
        params = inspect.signature(builder).parameters.values()
        if any(p.kind is p.VAR_KEYWORD for p in params):
            return None
        return tuple(p.name for p in params if p.kind is not p.VAR_POSITIONAL)
    template = next((r for r in toxicity_rules() if r.name == kind), None)
    if template is None:
        return None
    return tuple(f.alias for f in attrs.fields(cast(Any, type(template))) if f.init)


def build(name: str, kind: str, options: Mapping[str, Any], score: float | None) -> Rule:
    """Build rule ``name`` of ``kind`` with ``options`` (and ``score`` when given)."""
    table = kinds()
    builder = table.get(kind)
    if builder is None:
        known = ", ".join(sorted(table))
        raise RuleConfigError(name, "kind", f"unknown rule kind {kind!r}; known kinds: {known}")
    accepted = _accepted(kind, builder)
    for key in options:
        if key in ("name", *RESERVED) or (accepted is not None and key not in accepted):
            usable = ", ".join(k for k in accepted or () if k != "name")
            raise RuleConfigError(name, key, f"not an option of {kind}; options: {usable}")
    kwargs = dict(options, name=name)
    if kind in KINDS:
        for param in inspect.signature(builder).parameters.values():
            if param.default is param.empty and param.name not in kwargs:
                raise RuleConfigError(name, param.name, f"is required for {kind}")
    if score is not None:
        kwargs["score"] = score
    try:
        rule = builder(**kwargs)
    except RuleConfigError as exc:
        raise RuleConfigError(name, exc.key, str(exc).split(": ", 1)[-1]) from None
    except (TypeError, ValueError) as exc:
        raise RuleConfigError(name, _culprit(builder, kwargs), str(exc)) from None
    if not isinstance(rule, Rule):
        raise RuleConfigError(name, "kind", f"{kind} did not build a rule")
    return rule


def _culprit(builder: Builder, kwargs: Mapping[str, Any]) -> str | None:
    """The option whose removal lets the build succeed: the one to name in the error."""
    for key in kwargs:
        if key == "name":
            continue
        try:
            builder(**{k: v for k, v in kwargs.items() if k != key})
        except (TypeError, ValueError, ThreadkitError):
            continue
        return key
    return None
