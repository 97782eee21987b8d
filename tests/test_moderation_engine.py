"""The moderation engine: configuration, switching and weighting rules, thresholds, dry runs,
timeouts, and never raising on any text."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from threadkit import Action, Author, CommentDraft, Finding, RuleConfigError, UnknownRule
from threadkit.moderation import CheckContext, NormalizedText, Rule, RuleSet, span_finding
from threadkit.moderation._dryrun import Subject
from threadkit.moderation.rules import max_links, pattern, shouting
from threadkit.testing._moderation import large_texts, redos_strings

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
TWO_LINKS = "The offer letter is at https://example.com/a and my notes at https://example.net/b"


class CountWords:
    """A plain (non-attrs) custom rule: one finding per occurrence of ``word``."""

    name = "count_word"
    category = "custom"
    score = 2.0
    reason = "Mentions the word."
    should_flag = ("word here",)
    should_pass = ("nothing",)

    def find(
        self, text: NormalizedText, draft: CommentDraft | None, context: CheckContext
    ) -> Iterator[Finding]:
        start = text.folded.text.find("word")
        while start >= 0:
            yield span_finding(self, text, text.folded, start, start + 4)
            start = text.folded.text.find("word", start + 1)


class Broken:
    """A custom rule that raises, as buggy user code does."""

    name = "broken"
    category = "custom"
    score = 1.0
    reason = "Never works."
    should_flag = ()
    should_pass = ()

    def find(
        self, text: NormalizedText, draft: CommentDraft | None, context: CheckContext
    ) -> Iterator[Finding]:
        raise RuntimeError("boom")


def _rules(verdict: object) -> list[str]:
    return [f.rule for f in verdict.findings]  # type: ignore[attr-defined]


# -- the default preset ----------------------------------------------------------------------


def test_default_preset_runs_spam_rules_then_toxicity_rules() -> None:
    """The default set loads from package data, spam rules first, toxicity rules after."""
    rs = RuleSet.default()
    categories = [r.category for r in rs.rules]
    assert rs.names[:3] == ("honeypot", "blocked_phrases", "held_phrases")
    last_spam = max(i for i, c in enumerate(categories) if c in ("spam", "policy"))
    first_toxic = min(i for i, c in enumerate(categories) if c == "toxicity")
    assert last_spam < first_toxic
    assert (rs.hold, rs.reject) == (5.0, 10.0)
    assert all(isinstance(r, Rule) for r in rs.rules)


def test_clean_comment_is_approved_and_spam_is_held() -> None:
    """A plain comment passes; two links hold it, as WordPress does."""
    rs = RuleSet.default()
    ok = rs.check("Thanks, the part about transparency with recruiters rang true.")
    assert (ok.action, ok.score, ok.findings) == (Action.APPROVE, 0.0, ())
    held = rs.check(TWO_LINKS)
    assert held.action is Action.HOLD
    assert _rules(held) == ["max_links", "max_links"]


def test_spans_point_at_the_original_text() -> None:
    """Every finding's excerpt is the original text at its span."""
    text = "CHECK OUT MY CHANNEL!!!! https://bit.ly/x and you are a l i a r"
    verdict = RuleSet.default().check(text)
    assert verdict.findings
    for f in verdict.findings:
        assert text[f.span[0] : f.span[1]] == f.excerpt


def test_check_accepts_a_draft_and_a_context() -> None:
    """A draft is checked with its author and request details; context feeds history rules."""
    draft = CommentDraft(
        post_id="p", body="Hello there", author=Author("Ann"), created_at=NOW,
        meta={"honeypot": "x"},
    )  # fmt: skip
    verdict = RuleSet.default().check(draft, CheckContext(known_author=False))
    assert {"honeypot", "first_comment"} <= set(_rules(verdict))
    assert verdict.action is Action.REJECT


def test_check_refuses_what_is_not_text() -> None:
    """Only str and CommentDraft can be checked; anything else is a TypeError."""
    with pytest.raises(TypeError):
        RuleSet.default().check(b"bytes")  # type: ignore[arg-type]


# -- configuration ---------------------------------------------------------------------------


def test_from_toml_reads_rules_in_order_with_options(tmp_path: Path) -> None:
    """A TOML file gives thresholds, order, scores and options."""
    path = tmp_path / "rules.toml"
    path.write_text(
        """
        [thresholds]
        hold = 3.0
        reject = 8.0
        [rules.links]
        kind = "max_links"
        limit = 3
        score = 6.0
        [rules.shouting]
        score = 2.0
        enabled = false
        """,
        encoding="utf-8",
    )
    rs = RuleSet.from_toml(path)
    assert rs.names == ("links", "shouting")
    assert rs.enabled_names == ("links",)
    assert (rs.hold, rs.reject) == (3.0, 8.0)
    assert rs["links"].score == 6.0
    assert attrs.asdict(rs["links"])["limit"] == 3  # type: ignore[arg-type]
    assert rs.check(TWO_LINKS).score == 4.0  # 2 x 6.0 / 3


def test_extends_default_changes_only_what_it_names() -> None:
    """extends = "default" keeps the preset and overrides or appends by name."""
    rs = RuleSet.from_dict(
        {
            "extends": "default",
            "thresholds": {"hold": 4.0},
            "rules": {
                "max_links": {"limit": 3},
                "shouting": {"enabled": False},
                "no_crypto": {"kind": "pattern", "pattern": r"\bnft\b", "score": 2.0},
            },
        }
    )
    default = RuleSet.default()
    assert rs.names == (*default.names, "no_crypto")
    assert rs.hold == 4.0
    assert rs.reject == default.reject
    assert rs["max_links"].score == default["max_links"].score
    assert rs.check(TWO_LINKS).score == pytest.approx(10 / 3)
    assert not rs.is_enabled("shouting")
    assert _rules(rs.check("buy my NFT")) == ["no_crypto"]


@pytest.mark.parametrize(
    ("config", "rule", "key"),
    [
        ({"rulez": {}}, "ruleset", "rulez"),
        ({"thresholds": {"hold": "high"}}, "ruleset", "hold"),
        ({"thresholds": {"hold": 9.0, "reject": 5.0}}, "ruleset", "reject"),
        ({"thresholds": {"stop": 1}}, "ruleset", "stop"),
        ({"limits": {"max_length": 0}}, "ruleset", "max_length"),
        ({"extends": "strict"}, "ruleset", "extends"),
        ({"rules": {"x": {"kind": "nope"}}}, "x", "kind"),
        ({"rules": {"x": "max_links"}}, "x", None),
        ({"rules": {"max_links": {"limt": 3}}}, "max_links", "limt"),
        ({"rules": {"max_links": {"limit": "two"}}}, "max_links", "limit"),
        ({"rules": {"max_links": {"limit": 0}}}, "max_links", "limit"),
        ({"rules": {"max_links": {"score": "5"}}}, "max_links", "score"),
        ({"rules": {"max_links": {"enabled": "yes"}}}, "max_links", "enabled"),
        ({"rules": {"p": {"kind": "pattern"}}}, "p", "pattern"),
        ({"rules": {"p": {"kind": "pattern", "pattern": "(unclosed"}}}, "p", "pattern"),
        ({"rules": {"p": {"kind": "pattern", "pattern": "x", "view": "raw"}}}, "p", "view"),
        ({"rules": {"b": {"kind": "blocked_phrases", "phrases": ["{a|b"]}}}, "b", "phrases"),
        (
            {"rules": {"b": {"kind": "blocked_phrases", "phrases": ["a"], "fields": ["x"]}}},
            "b",
            "fields",
        ),
        ({"rules": {"f": {"kind": "flood", "interval": -1}}}, "f", "interval"),
        ({"rules": {"max_links": {"trusted_domains": 5}}}, "max_links", "trusted_domains"),
        ({"rules": {"b": {"kind": "blocked_phrases", "phrases": 7}}}, "b", "phrases"),
    ],
)
def test_broken_configuration_names_rule_and_key(
    config: dict[str, object], rule: str, key: str | None
) -> None:
    """A broken configuration raises RuleConfigError naming the rule and the key."""
    with pytest.raises(RuleConfigError) as info:
        RuleSet.from_dict(config)
    assert (info.value.rule, info.value.key) == (rule, key)
    assert rule in str(info.value)


def test_broken_toxicity_option_names_rule_and_key() -> None:
    """Options of the toxicity rules are checked the same way."""
    name = next(r.name for r in RuleSet.default().rules if r.category == "toxicity")
    with pytest.raises(RuleConfigError) as info:
        RuleSet.from_dict({"extends": "default", "rules": {name: {"no_such_option": 1}}})
    assert (info.value.rule, info.value.key) == (name, "no_such_option")


def test_invalid_toml_is_a_config_error(tmp_path: Path) -> None:
    """A file that is not TOML raises RuleConfigError, not a parser exception."""
    path = tmp_path / "bad.toml"
    path.write_text("[rules\nx = ", encoding="utf-8")
    with pytest.raises(RuleConfigError):
        RuleSet.from_toml(path)


# -- switching and weighting -------------------------------------------------------------------


def test_enable_disable_reweight_return_new_rule_sets() -> None:
    """Each change returns a new rule set and leaves the original as it was."""
    rs = RuleSet.default()
    off = rs.disable("max_links")
    assert off.check(TWO_LINKS).action is Action.APPROVE
    assert rs.check(TWO_LINKS).action is Action.HOLD
    assert off.enable("max_links").check(TWO_LINKS).action is Action.HOLD
    heavy = rs.reweight("max_links", 10.0)
    verdict = heavy.check(TWO_LINKS)
    assert [f.score for f in verdict.findings] == [5.0, 5.0]
    assert verdict.action is Action.REJECT
    assert rs["max_links"].score == 5.0


@pytest.mark.parametrize("change", ["enable", "disable", "is_enabled", "remove"])
def test_unknown_rule_names_are_errors(change: str) -> None:
    """An unknown name raises UnknownRule (a RuleConfigError and a KeyError) listing names."""
    rs = RuleSet.default()
    with pytest.raises(UnknownRule) as info:
        getattr(rs, change)("no_such_rule")
    assert isinstance(info.value, KeyError)
    assert "max_links" in str(info.value)
    with pytest.raises(UnknownRule):
        rs.reweight("no_such_rule", 1.0)
    with pytest.raises(UnknownRule):
        rs["no_such_rule"]


def test_custom_rules_can_be_added_placed_and_reweighted() -> None:
    """A plain class following the Rule protocol joins a rule set and can be re-weighted."""
    rs = RuleSet.of(shouting()).add(CountWords(), before="shouting")
    assert rs.names == ("count_word", "shouting")
    assert rs.check("a word, another word").score == 4.0
    heavier = rs.reweight("count_word", 3.0)
    assert heavier.check("a word, another word").score == 6.0
    assert heavier["count_word"].score == 3.0
    with pytest.raises(RuleConfigError):
        rs.add(CountWords())
    with pytest.raises(RuleConfigError):
        rs.add(object())  # type: ignore[arg-type]


def test_configure_can_only_reweight_and_switch_an_added_object() -> None:
    """A rule added as an object has no kind, so a configuration cannot change its options."""
    rs = RuleSet.of(CountWords())
    assert rs.configure({"rules": {"count_word": {"score": 5.0}}}).check("word").score == 5.0
    with pytest.raises(RuleConfigError) as info:
        rs.configure({"rules": {"count_word": {"limit": 3}}})
    assert info.value.key == "limit"


# -- scoring -----------------------------------------------------------------------------------


def test_thresholds_decide_the_action() -> None:
    """Scores add up; the hold threshold is inclusive, and so is reject."""
    rs = RuleSet.of(max_links(score=5.0))
    assert rs.check(TWO_LINKS).action is Action.HOLD
    assert rs.with_thresholds(hold=6.0).check(TWO_LINKS).action is Action.APPROVE
    assert rs.with_thresholds(reject=5.0).check(TWO_LINKS).action is Action.REJECT
    with pytest.raises(RuleConfigError):
        rs.with_thresholds(hold=20.0)


def test_negative_scores_count_against_holding() -> None:
    """An author with approved comments earns a negative score that offsets two links."""
    rs = RuleSet.default()
    known = rs.check(TWO_LINKS, CheckContext(known_author=True))
    assert known.score == 4.0
    assert known.action is Action.APPROVE
    assert [f.score for f in known.findings if f.rule == "known_author"] == [-1.0]


def test_hold_only_rules_hold_but_never_reject() -> None:
    """A first-time author's accusation is held for a moderator, not rejected unseen."""
    rs = RuleSet.default()
    draft = CommentDraft(
        post_id="p", body="You are dishonest and highly deceptive", author=Author("R")
    )
    first = rs.check(draft, CheckContext(known_author=False))
    assert first.action is Action.HOLD
    assert first.score >= rs.settings.reject  # the total still shows every finding
    assert "first_comment" in {f.rule for f in first.findings}
    counted = RuleSet.from_dict(
        {"extends": "default", "rules": {"first_comment": {"hold_only": False}}}
    )
    assert counted.check(draft, CheckContext(known_author=False)).action is Action.REJECT
    with pytest.raises(RuleConfigError) as info:
        RuleSet.from_dict({"extends": "default", "rules": {"first_comment": {"hold_only": 1}}})
    assert (info.value.rule, info.value.key) == ("first_comment", "hold_only")


# -- safety --------------------------------------------------------------------------------------


def test_a_catastrophic_pattern_times_out_and_holds() -> None:
    """A backtracking pattern hits the regex timeout; the comment is held, not hung."""
    evil = pattern("evil", r"(a|a)*$", view="original", timeout=0.01, score=0.5)
    rs = RuleSet.of(evil)
    verdict = rs.check("a" * 40 + "!")
    assert verdict.action is Action.HOLD
    (finding,) = verdict.findings
    assert (finding.rule, finding.category) == ("evil", "safety")
    assert "timed out" in finding.reason


def test_a_failing_custom_rule_holds_instead_of_raising() -> None:
    """An exception inside a rule becomes a safety finding and a hold."""
    verdict = RuleSet.of(Broken(), CountWords()).check("a word")
    assert verdict.action is Action.HOLD
    assert [(f.rule, f.category) for f in verdict.findings] == [
        ("broken", "safety"), ("count_word", "custom"),
    ]  # fmt: skip


def test_many_findings_of_one_rule_are_summed_into_one() -> None:
    """Beyond 50 findings a rule's remaining findings are counted together, score intact."""
    verdict = RuleSet.of(CountWords()).check("word " * 200)
    assert len(verdict.findings) == 50
    assert verdict.score == 400.0
    assert verdict.findings[-1].score == 2.0 * 151
    assert "151 findings like this one" in verdict.findings[-1].reason


def test_overlong_comments_are_held_and_checked_in_part() -> None:
    """Beyond max_length the start is checked and the comment held, with spans still valid."""
    rs = RuleSet.default().configure({"limits": {"max_length": 100}})
    text = "Thanks for writing up https://example.com/offer for us. " + "x" * 500
    verdict = rs.check(text)
    assert verdict.action is Action.HOLD
    assert "max_length" in _rules(verdict)
    assert all(f.span[1] <= 100 for f in verdict.findings)


@given(
    st.text()
    | st.text(st.characters(categories=["Cs", "Cf", "Mn", "Ll", "Lu", "Nd", "Po", "Zs", "So"]))
)
def test_check_never_raises_on_any_text(text: str) -> None:
    """Any str (lone surrogates and invisible characters too) gets a verdict inside it."""
    verdict = RuleSet.default().check(text)
    assert verdict.action in tuple(Action)
    for f in verdict.findings:
        assert 0 <= f.span[0] <= f.span[1] <= len(text)
        assert text[f.span[0] : f.span[1]] == f.excerpt


@settings(max_examples=12, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.one_of(large_texts(), redos_strings()))
@example("a" * 1_000_000)
@example("é\u0301\u200b" * 333_333)
@example("l 1 a r " * 125_000)
@example("a" * 60_000 + "!")
@example("www." * 16_000 + "x")
@example("check out my " * 5000 + "!")
def test_check_never_raises_on_huge_or_hostile_text(text: str) -> None:
    """Megabyte inputs and ReDoS-style runs still get a verdict (held when too long)."""
    verdict = RuleSet.default().check(text)
    if len(text) > RuleSet.default().settings.max_length:
        assert verdict.action is not Action.APPROVE
    for f in verdict.findings:
        assert text[f.span[0] : f.span[1]] == f.excerpt


def test_a_megabyte_comment_is_checked() -> None:
    """A 1 MB comment gets a verdict: held, with the check limited to its start."""
    text = ("Great post, check https://example.com/x " * 30_000)[:1_000_000]
    verdict = RuleSet.default().check(text)
    assert verdict.action is not Action.APPROVE
    assert "max_length" in _rules(verdict)


# -- dry run -----------------------------------------------------------------------------------


def test_dry_run_reports_what_a_candidate_changes_without_acting() -> None:
    """A dry run lists changed verdicts and transitions; neither rule set changes."""
    current = RuleSet.default()
    candidate = current.configure({"rules": {"max_links": {"limit": 3}}})
    subjects: list[Subject] = [
        TWO_LINKS,
        "Thanks for the post.",
        (CommentDraft(post_id="p", body="Hi", author=Author("A"), created_at=NOW),
         CheckContext(known_author=False)),
    ]  # fmt: skip
    report = current.dry_run(candidate, subjects)
    assert report.total == 3
    assert [c.index for c in report.changes] == [0]
    (change,) = report.changes
    assert (change.before.action, change.after.action) == (Action.HOLD, Action.APPROVE)
    assert change.action_changed
    assert report.transitions == {(Action.HOLD, Action.APPROVE): 1}
    assert "hold -> approve: 1" in report.summary()
    assert report.to_dict()["changes"][0]["index"] == 0
    assert current.check(TWO_LINKS).action is Action.HOLD


def test_dry_run_can_ignore_score_only_changes() -> None:
    """With only_actions, a change of score that keeps the action is not reported."""
    current = RuleSet.default()
    candidate = current.reweight("shouting", 2.0)
    shout = "THIS IS A VERY LOUD COMMENT INDEED"
    assert len(current.dry_run(candidate, [shout]).changes) == 1
    assert current.dry_run(candidate, [shout], only_actions=True).changes == ()


def test_dry_run_names_rules_that_start_or_stop_finding() -> None:
    """Each change says which rules gained or lost findings."""
    current = RuleSet.default()
    report = current.dry_run(current.disable("max_links"), [TWO_LINKS])
    (change,) = report.changes
    assert change.rules_removed == ("max_links",)
    assert change.rules_added == ()
