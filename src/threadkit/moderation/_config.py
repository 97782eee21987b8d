"""Reading a rule-set configuration (a dict, usually from TOML) into rule entries.

The format, documented in docs/rules.md::

    extends = "default"          # optional: start from the built-in preset
    [thresholds]
    hold = 5.0
    reject = 10.0
    [limits]
    max_length = 65525
    [rules.max_links]            # one table per rule, in the order they run
    kind = "max_links"           # optional: defaults to the table's name
    enabled = true
    score = 5.0
    hold_only = false            # true: can hold a comment, never push it to reject
    limit = 2                    # the rest are the kind's own options
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, cast

import attrs

from threadkit._errors import RuleConfigError
from threadkit.moderation._registry import RESERVED, build
from threadkit.moderation._rule import Rule

_TOP = ("extends", "thresholds", "limits", "rules")
_THRESHOLDS = ("hold", "reject")
_LIMITS = ("max_length",)


def _frozen(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


@attrs.frozen
class Entry:
    """One rule in a rule set, with how it was configured.

    Attributes:
        rule: the rule, built with its configured score.
        enabled: whether ``check`` runs it.
        kind: the factory kind it was built from; None for a rule object added directly.
        options: the options it was built with (so a later config can change one of them).
        hold_only: its findings count towards the hold threshold but not the reject one, for
            evidence that a moderator should look (a first-time author) but that says nothing
            about whether the comment is abusive or spam.
    """

    rule: Rule
    enabled: bool = True
    kind: str | None = None
    options: Mapping[str, Any] = attrs.field(factory=dict, converter=_frozen)
    hold_only: bool = False


@attrs.frozen
class Settings:
    """Thresholds and limits of a rule set.

    Attributes:
        hold: score at which a comment is held for a moderator.
        reject: score at which it is rejected.
        max_length: characters checked; a longer comment is held and only its start checked.
    """

    hold: float = 5.0
    reject: float = 10.0
    max_length: int = 65_525


def _number(value: object, rule: str, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RuleConfigError(rule, key, f"must be a number, not {value!r}")
    return float(value)


def _table(value: object, rule: str, key: str | None) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise RuleConfigError(rule, key, "must be a table")
    return value


def check_settings(settings: Settings) -> Settings:
    """``settings`` if consistent; otherwise a ``RuleConfigError`` naming the key."""
    if settings.hold > settings.reject:
        raise RuleConfigError("ruleset", "reject", "must not be below the hold threshold")
    if settings.max_length < 1:
        raise RuleConfigError("ruleset", "max_length", "must be at least 1")
    return settings


def parse_settings(data: Mapping[str, Any], base: Settings) -> Settings:
    """Thresholds and limits from ``data``, defaulting to ``base``."""
    changes: dict[str, Any] = {}
    for section, keys in (("thresholds", _THRESHOLDS), ("limits", _LIMITS)):
        table = _table(data.get(section, {}), "ruleset", section)
        for key, value in table.items():
            if key not in keys:
                raise RuleConfigError("ruleset", key, f"unknown {section} key; use {keys}")
            number = _number(value, "ruleset", key)
            if key == "max_length":
                if number != int(number):
                    raise RuleConfigError("ruleset", key, "must be a whole number")
                changes[key] = int(number)
            else:
                changes[key] = number
    return check_settings(attrs.evolve(base, **changes))


def parse_entries(data: Mapping[str, Any], base: tuple[Entry, ...]) -> tuple[Entry, ...]:
    """The rules of ``data``: entries of ``base`` overridden by name, new ones appended."""
    for key in data:
        if key not in _TOP:
            raise RuleConfigError("ruleset", key, f"unknown top-level key; use {', '.join(_TOP)}")
    rules = _table(data.get("rules", {}), "ruleset", "rules")
    entries = list(base)
    index = {e.rule.name: i for i, e in enumerate(entries)}
    for name, raw in rules.items():
        table = _table(raw, name, None)
        old = entries[index[name]] if name in index else None
        entry = _parse_entry(name, table, old)
        if old is not None:
            entries[index[name]] = entry
        else:
            index[name] = len(entries)
            entries.append(entry)
    return tuple(entries)


def _parse_entry(name: str, table: Mapping[str, Any], old: Entry | None) -> Entry:
    entry = _parse_rule(name, table, old)
    hold_only = table.get("hold_only", False if old is None else old.hold_only)
    if not isinstance(hold_only, bool):
        raise RuleConfigError(name, "hold_only", "must be true or false")
    return attrs.evolve(entry, hold_only=hold_only)


def _parse_rule(name: str, table: Mapping[str, Any], old: Entry | None) -> Entry:
    enabled = table.get("enabled", True if old is None else old.enabled)
    if not isinstance(enabled, bool):
        raise RuleConfigError(name, "enabled", "must be true or false")
    score = None if "score" not in table else _number(table["score"], name, "score")
    options = {k: v for k, v in table.items() if k not in RESERVED}
    kind = table.get("kind")
    if kind is not None and not isinstance(kind, str):
        raise RuleConfigError(name, "kind", "must be a string")
    if old is not None:
        if kind is not None and old.kind is not None and kind != old.kind:
            raise RuleConfigError(name, "kind", f"is {old.kind!r} already; use a new name")
        if old.kind is None:
            if options or kind is not None:
                key = next(iter(options), "kind")
                raise RuleConfigError(name, key, "this rule was added as an object; only "
                                      "enabled and score can be configured")  # fmt: skip
            rule = old.rule if score is None else rescore(old.rule, score)
            return Entry(rule, enabled)
        merged = {**old.options, **options}
        if score is None and not options:
            return Entry(old.rule, enabled, old.kind, merged)
        if score is None:
            score = old.rule.score
        return Entry(build(name, old.kind, merged, score), enabled, old.kind, merged)
    kind = kind or name
    return Entry(build(name, kind, options, score), enabled, kind, options)


@attrs.frozen(repr=False)
class Rescored:
    """A rule that is not an attrs class, re-weighted by scaling its findings' scores.

    Attributes:
        inner: the wrapped rule.
        score: the configured weight.
    """

    inner: Rule
    score: float

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def category(self) -> str:
        return self.inner.category

    @property
    def reason(self) -> str:
        return self.inner.reason

    @property
    def should_flag(self) -> Any:
        return self.inner.should_flag

    @property
    def should_pass(self) -> Any:
        return self.inner.should_pass

    def find(self, text: Any, draft: Any, context: Any) -> Any:
        base = self.inner.score
        for finding in self.inner.find(text, draft, context):
            score = finding.score * self.score / base if base else self.score
            yield attrs.evolve(finding, score=score)

    def __repr__(self) -> str:
        return f"{self.inner!r} (score {self.score})"


def rescore(rule: Rule, score: float) -> Rule:
    """``rule`` re-weighted to ``score``: rebuilt if it is an attrs class, else wrapped."""
    if isinstance(rule, Rescored):
        rule = rule.inner
    cls = cast(Any, type(rule))
    if attrs.has(cls) and any(f.name == "score" for f in attrs.fields(cls)):
        try:
            return attrs.evolve(rule, score=score)  # type: ignore[misc]
        except (TypeError, ValueError) as exc:
            raise RuleConfigError(rule.name, "score", str(exc)) from None
    return Rescored(rule, score)
