"""``RuleSet``: named, ordered, switchable rules whose findings add up to a verdict.

Scoring follows SpamAssassin: every finding adds its score (negative scores are evidence of a
legitimate comment), and two thresholds turn the total into approve, hold or reject. A rule set
is immutable: ``enable``, ``disable``, ``reweight`` and friends return a new one, so a service
can swap configurations while requests are being checked.
"""

from __future__ import annotations

import functools
import importlib.resources
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from os import PathLike
from pathlib import Path
from typing import Any

import attrs

from threadkit._errors import RuleConfigError, UnknownRule
from threadkit._model import Action, CommentDraft, Finding, Verdict
from threadkit.moderation._config import (
    Entry,
    Settings,
    check_settings,
    parse_entries,
    parse_settings,
    rescore,
)
from threadkit.moderation._context import EMPTY_CONTEXT, CheckContext
from threadkit.moderation._dryrun import DryRunReport, Subject, compare
from threadkit.moderation._plan import Plan
from threadkit.moderation._rule import RULE_TIMEOUT, Rule
from threadkit.moderation._text import NormalizedText, View, normalize


def _entries(value: Iterable[Entry]) -> tuple[Entry, ...]:
    entries = tuple(value)
    seen: set[str] = set()
    for entry in entries:
        if entry.rule.name in seen:
            raise RuleConfigError(entry.rule.name, None, "two rules have this name")
        seen.add(entry.rule.name)
    return entries


def _safety(rule: Rule, reason: str) -> Finding:
    return Finding(
        rule=rule.name, category="safety", score=0.0, span=(0, 0), excerpt="", reason=reason
    )


@attrs.frozen(repr=False)
class RuleSet:
    """An ordered collection of rules and the thresholds that turn their scores into actions.

    Attributes:
        entries: the rules in the order they run, each enabled or not.
        settings: hold and reject thresholds and the length limit.
    """

    entries: tuple[Entry, ...] = attrs.field(default=(), converter=_entries)
    settings: Settings = attrs.field(factory=Settings)
    _active: tuple[Rule, ...] = attrs.field(init=False, eq=False)
    _hold_only: frozenset[str] = attrs.field(init=False, eq=False)
    _plan: Plan = attrs.field(init=False, eq=False)

    @_active.default
    def _collect_active(self) -> tuple[Rule, ...]:
        return tuple(e.rule for e in self.entries if e.enabled)

    @_hold_only.default
    def _collect_hold_only(self) -> frozenset[str]:
        return frozenset(e.rule.name for e in self.entries if e.enabled and e.hold_only)

    @_plan.default
    def _make_plan(self) -> Plan:
        return Plan.of(self._active)

    # -- building ---------------------------------------------------------------------------

    @classmethod
    def default(cls) -> RuleSet:
        """The built-in preset (``default.toml`` in this package): spam, then toxicity rules."""
        return _default()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RuleSet:
        """A rule set from a configuration mapping; ``extends = "default"`` starts from the
        preset. Raises ``RuleConfigError`` naming the rule and key of anything broken."""
        if not isinstance(data, Mapping):
            raise RuleConfigError("ruleset", None, "a configuration must be a table")
        base = cls()
        extends = data.get("extends")
        if extends is not None:
            if extends != "default":
                raise RuleConfigError("ruleset", "extends", 'the only preset is "default"')
            base = cls.default()
        return cls(parse_entries(data, base.entries), parse_settings(data, base.settings))

    @classmethod
    def from_toml(cls, path: str | PathLike[str]) -> RuleSet:
        """A rule set from a TOML file (see ``from_dict`` for the format)."""
        try:
            with Path(path).open("rb") as f:
                data = tomllib.load(f)
        except tomllib.TOMLDecodeError as exc:
            raise RuleConfigError("ruleset", None, f"{path}: not valid TOML: {exc}") from None
        return cls.from_dict(data)

    @classmethod
    def of(cls, *rules: Rule, hold: float = 5.0, reject: float = 10.0) -> RuleSet:
        """A rule set of exactly these rule objects, all enabled."""
        settings = check_settings(Settings(hold=hold, reject=reject))
        return cls(tuple(Entry(r) for r in rules), settings)

    # -- looking -----------------------------------------------------------------------------

    @property
    def names(self) -> tuple[str, ...]:
        """Every rule's name, in order, enabled or not."""
        return tuple(e.rule.name for e in self.entries)

    @property
    def enabled_names(self) -> tuple[str, ...]:
        """The names of the rules ``check`` runs, in order."""
        return tuple(r.name for r in self._active)

    @property
    def rules(self) -> tuple[Rule, ...]:
        """Every rule, enabled or not, in order."""
        return tuple(e.rule for e in self.entries)

    @property
    def hold(self) -> float:
        """The score at which a comment is held."""
        return self.settings.hold

    @property
    def reject(self) -> float:
        """The score at which a comment is rejected."""
        return self.settings.reject

    def __getitem__(self, name: str) -> Rule:
        return self.entries[self._index(name)].rule

    def __contains__(self, name: object) -> bool:
        return name in self.names

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.entries)

    def is_enabled(self, name: str) -> bool:
        """Whether the rule called ``name`` runs; ``UnknownRule`` if there is none."""
        return self.entries[self._index(name)].enabled

    def _index(self, name: str) -> int:
        for i, entry in enumerate(self.entries):
            if entry.rule.name == name:
                return i
        raise UnknownRule(name, self.names)

    def __repr__(self) -> str:
        off = [e.rule.name for e in self.entries if not e.enabled]
        disabled = f", disabled={off}" if off else ""
        return (
            f"RuleSet({list(self.enabled_names)}{disabled}, hold={self.hold}, reject={self.reject})"
        )

    # -- changing (each returns a new rule set) ----------------------------------------------

    def _replace(self, name: str, **changes: Any) -> RuleSet:
        i = self._index(name)
        entries = list(self.entries)
        entries[i] = attrs.evolve(entries[i], **changes)
        return attrs.evolve(self, entries=entries)

    def enable(self, *names: str) -> RuleSet:
        """A copy with these rules switched on; ``UnknownRule`` for a name it does not have."""
        result = self
        for name in names:
            result = result._replace(name, enabled=True)
        return result

    def disable(self, *names: str) -> RuleSet:
        """A copy with these rules switched off; ``UnknownRule`` for a name it does not have."""
        result = self
        for name in names:
            result = result._replace(name, enabled=False)
        return result

    def reweight(self, name: str, score: float) -> RuleSet:
        """A copy where rule ``name`` scores ``score`` (its findings scale with it)."""
        if isinstance(score, bool) or not isinstance(score, int | float):
            raise RuleConfigError(name, "score", f"must be a number, not {score!r}")
        i = self._index(name)
        return self._replace(name, rule=rescore(self.entries[i].rule, float(score)))

    def with_thresholds(self, *, hold: float | None = None, reject: float | None = None
                        ) -> RuleSet:  # fmt: skip
        """A copy with other hold and/or reject thresholds."""
        settings = self.settings
        if hold is not None:
            settings = attrs.evolve(settings, hold=float(hold))
        if reject is not None:
            settings = attrs.evolve(settings, reject=float(reject))
        return attrs.evolve(self, settings=check_settings(settings))

    def add(self, rule: Rule, *, enabled: bool = True, before: str | None = None,
            after: str | None = None) -> RuleSet:  # fmt: skip
        """A copy with ``rule`` added at the end, or just before/after another rule."""
        if not isinstance(rule, Rule):
            raise RuleConfigError(str(getattr(rule, "name", rule)), None, "is not a Rule")
        if rule.name in self.names:
            raise RuleConfigError(rule.name, None, "a rule with this name is already present")
        entries = list(self.entries)
        where = len(entries)
        if before is not None:
            where = self._index(before)
        elif after is not None:
            where = self._index(after) + 1
        entries.insert(where, Entry(rule, enabled))
        return attrs.evolve(self, entries=entries)

    def remove(self, name: str) -> RuleSet:
        """A copy without rule ``name``."""
        i = self._index(name)
        return attrs.evolve(self, entries=self.entries[:i] + self.entries[i + 1 :])

    def configure(self, data: Mapping[str, Any]) -> RuleSet:
        """A copy with a configuration mapping applied on top (same format as ``from_dict``)."""
        if "extends" in data:
            raise RuleConfigError("ruleset", "extends", "only from_dict/from_toml can extend")
        return attrs.evolve(
            self,
            entries=parse_entries(data, self.entries),
            settings=parse_settings(data, self.settings),
        )

    # -- checking ----------------------------------------------------------------------------

    def check(self, subject: str | CommentDraft, context: CheckContext | None = None) -> Verdict:
        """The verdict on a comment; never raises for a ``str`` or a ``CommentDraft``.

        A rule that times out (``TimeoutError`` from ``regex``) or fails gives a "safety"
        finding instead, and the comment is held rather than let through unchecked.
        """
        if isinstance(subject, CommentDraft):
            draft: CommentDraft | None = subject
            body = subject.body
        elif isinstance(subject, str):
            draft, body = None, subject
        else:
            raise TypeError(f"check takes a str or a CommentDraft, not {type(subject).__name__}")
        ctx = EMPTY_CONTEXT if context is None else context
        findings: list[Finding] = []
        must_hold = False
        limit = self.settings.max_length
        if len(body) > limit:
            body = body[:limit]
            must_hold = True
            findings.append(_length_finding(len(subject if isinstance(subject, str) else
                                                 subject.body), limit))  # fmt: skip
        text = _normalize(body)
        for rule, find in self._plan.finders(text, draft, ctx):
            try:
                found = find(text, draft, ctx)
                if type(found) is tuple and not found:
                    continue  # most rules find nothing, and say so with an empty tuple
                found = list(found)
                if len(found) > MAX_FINDINGS_PER_RULE:
                    found = _summarise(found)
                findings.extend(found)
            except TimeoutError:
                must_hold = True
                findings.append(_safety(rule, f"Rule timed out (over {_timeout(rule)} s) on "
                                        "this comment; held for a moderator."))  # fmt: skip
            except Exception as exc:  # a broken custom rule must not let a comment through
                must_hold = True
                findings.append(_safety(rule, f"Rule failed ({type(exc).__name__}) on this "
                                        "comment; held for a moderator."))  # fmt: skip
        score: float
        rejecting: float
        if not findings:
            score = rejecting = 0  # what the sums below give for no findings (the int 0)
        else:
            score = round(sum(f.score for f in findings), 6)
            # Hold-only evidence (a first-time author) asks for a moderator's eye; it must not
            # add to a toxic comment's score until it is rejected unseen.
            rejecting = score
            hold_only = self._hold_only
            if hold_only and not hold_only.isdisjoint([f.rule for f in findings]):
                rejecting = round(sum(f.score for f in findings if f.rule not in hold_only), 6)
        if rejecting >= self.settings.reject:
            action = Action.REJECT
        elif score >= self.settings.hold or must_hold:
            action = Action.HOLD
        else:
            action = Action.APPROVE
        return Verdict(action=action, score=score, findings=findings)

    def dry_run(
        self, candidate: RuleSet, subjects: Iterable[Subject], *, only_actions: bool = False
    ) -> DryRunReport:
        """What ``candidate`` would decide differently from this rule set on ``subjects``.

        Nothing is stored or acted on: both rule sets check every subject (a text, a draft,
        or a ``(text_or_draft, context)`` pair) and the differing verdicts are reported. With
        ``only_actions`` only changed actions count, not changed scores or findings.
        """
        return compare(self.check, candidate.check, subjects, only_actions=only_actions)


#: Findings one rule reports individually; the rest are summed into one last finding, so a
#: comment repeating a link ten thousand times gets the same score but a readable verdict.
MAX_FINDINGS_PER_RULE = 50


def _summarise(found: list[Finding]) -> list[Finding]:
    kept = found[: MAX_FINDINGS_PER_RULE - 1]
    rest = found[MAX_FINDINGS_PER_RULE - 1 :]
    first = rest[0]
    more = attrs.evolve(
        first,
        score=round(sum(f.score for f in rest), 6),
        reason=f"{first.reason} ({len(rest)} findings like this one, counted together.)",
    )
    return [*kept, more]


def _timeout(rule: Rule) -> float:
    value = getattr(rule, "timeout", RULE_TIMEOUT)
    return value if isinstance(value, int | float) else RULE_TIMEOUT


def _length_finding(length: int, limit: int) -> Finding:
    return Finding(
        rule="max_length",
        category="safety",
        score=0.0,
        span=(limit, limit),
        excerpt="",
        reason=f"The comment is {length} characters long; only the first {limit} were "
        "checked, so it is held for a moderator.",
    )


def _normalize(body: str) -> NormalizedText:
    try:
        return normalize(body)
    except Exception:  # pragma: no cover - normalize handles every str; this is a backstop
        plain = View(body, maps=(), original_length=len(body))
        return NormalizedText(body, plain, plain)


@functools.cache
def _default() -> RuleSet:
    from threadkit.moderation._registry import toxicity_rules
    from threadkit.moderation.rules import KINDS

    source = importlib.resources.files("threadkit.moderation").joinpath("default.toml")
    data = tomllib.loads(source.read_text(encoding="utf-8"))
    if not toxicity_rules():  # a tree without the toxicity module: keep what can be built
        data["rules"] = {k: v for k, v in data["rules"].items() if v.get("kind", k) in KINDS}
    ruleset = RuleSet.from_dict(data)
    # Toxicity rules the preset does not list yet still belong in the default set, after it.
    for rule in toxicity_rules():
        if rule.name not in ruleset.names:
            ruleset = ruleset.add(rule)
    return ruleset
