"""The accusation-of-dishonesty rule: targeted accusations flagged, everything else left alone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from threadkit import Action, Author, CommentDraft
from threadkit.moderation import RuleSet
from threadkit.moderation._accusation import Accusation, accusations
from threadkit.moderation._wordlists import ACCUSATION_ADJS, ACCUSATION_NOUNS
from threadkit.testing._moderation import disguised

ONLY = RuleSet.of(accusations())

# The running example (docs/example-post): the recruiter's words and the job seeker's report.
RECRUITER = "You are dishonest and highly deceptive. I will tell everyone how you behaved."
JOB_SEEKER = (
    'I went through the whole process in good faith, and now I\'m being called "dishonest" '
    'and "highly deceptive" by a recruiter because I accepted my employer\'s counteroffer.'
)


def excerpts(text: str) -> list[str]:
    """The highlighted words the accusation rule finds in ``text``."""
    return [f.excerpt for f in ONLY.check(text).findings]


def test_recruiter_message_is_held_with_both_phrases_highlighted() -> None:
    """The recruiter's accusation holds the comment and points at both accusing phrases."""
    verdict = RuleSet.default().check(RECRUITER)
    assert verdict.action in (Action.HOLD, Action.REJECT)
    found = [f for f in verdict.findings if f.rule == "accusation"]
    assert [f.excerpt for f in found] == ["dishonest", "highly deceptive"]
    for f in found:
        assert RECRUITER[f.span[0] : f.span[1]] == f.excerpt
        assert f.category == "toxicity"


def test_job_seeker_reporting_the_accusation_is_approved() -> None:
    """The job seeker repeating what they were called is reported speech, not an attack."""
    draft = CommentDraft(
        post_id="turning-down-a-job-offer",
        body=JOB_SEEKER,
        author=Author(name="Job Seeker"),
        created_at=datetime(2017, 5, 19, tzinfo=UTC),
    )
    verdict = RuleSet.default().check(draft)
    assert verdict.action is Action.APPROVE
    assert not [f for f in verdict.findings if f.category == "toxicity"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("You are dishonest and highly deceptive.", ["dishonest", "highly deceptive"]),
        ("you're a liar", ["liar"]),
        ("You lied to every reader of this blog.", ["lied"]),
        ("What a fraud you are!", ["fraud"]),
        ("Liar!", ["Liar"]),
        ("John is a two-faced con artist.", ["two-faced", "con artist"]),
        ("The author is deceptive.", ["deceptive"]),
        ("You cheated me out of my commission.", ["cheated"]),
        ("Stop lying to your readers.", ["lying"]),
        ("Your lies are obvious to everyone.", ["lies"]),
        ("I caught you lying again.", ["lying"]),
        ("People like you are liars.", ["liars"]),
        ("That lying recruiter ruined my week.", ["lying"]),
        ("You weren't honest with me.", ["weren't honest"]),
        ("The candidate was less than honest with us.", ["less than honest"]),
        ("You've been nothing but dishonest.", ["dishonest"]),
        ("I accuse you of lying about the offer.", ["lying"]),
        ("I can't believe you lied to me.", ["lied"]),
        ("I'm calling you a liar.", ["liar"]),
        ("No, you lied.", ["lied"]),
    ],
)
def test_targeted_accusations_are_flagged(text: str, expected: list[str]) -> None:
    """An accusation aimed at the reader, a named person or the author is found, words marked."""
    assert excerpts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # reported speech
        "I'm being called dishonest by a recruiter.",
        "He called me a liar in front of everyone.",
        "The recruiter said I was highly deceptive.",
        "According to the recruiter, I'm a fraud.",
        "He accused me of lying about the offer.",
        "The recruiter, who called me a liar, kept badmouthing me.",
        "I told him he was a liar.",
        "You called me dishonest, which hurt.",
        # quotation and mention
        "'Dishonest' is a strong word to use about anyone.",
        'Calling someone "a fraud" in public is a serious thing.',
        "The word liar gets thrown around too easily.",
        # negation
        "You were not deceptive at all.",
        "I don't think you were dishonest.",
        "You're no liar.",
        "I never said you lied.",
        "I'm not saying you lied, but the numbers don't add up.",
        # the writer about themself
        "I lied on my resume once.",
        "I was dishonest with them and I regret it.",
        "My lies caught up with me.",
        # generic, hypothetical or about things
        "Lying on an application can get you fired.",
        "Being dishonest never pays.",
        "If you lie to a recruiter, you burn a bridge.",
        "Anyone who lies on a CV is a fraud.",
        "Politicians are liars.",
        "Deceptive advertising is illegal.",
        "The company lied about the salary.",
        "That's a lie.",
        "The problem lies in the counteroffer.",
        "I use a cheat sheet for interviews.",
        "You were lied to by the recruiter.",
        "I was lying on the couch all day.",
        "To be honest, the counteroffer was generous.",
        "Thank you for being so honest with us.",
    ],
)
def test_reported_quoted_negated_self_and_generic_uses_pass(text: str) -> None:
    """Accusation words that are reported, quoted, negated, about the writer or generic pass."""
    assert excerpts(text) == []


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("you are a l i a r", "l i a r"),
        ("u r a d1shonest fraud", "d1shonest"),
        ("You're such a liiiiar", "liiiiar"),
        ("You are a lіar", "lіar"),  # Cyrillic і
        ("you are DISHONEST", "DISHONEST"),
        ("you are d.i.s.h.o.n.e.s.t", "d.i.s.h.o.n.e.s.t"),
    ],
)
def test_disguised_accusations_point_at_what_was_typed(text: str, excerpt: str) -> None:
    """Leetspeak, spacing, stretching and look-alikes are read through; spans stay original."""
    found = ONLY.check(text).findings
    assert found
    first = found[0]
    assert first.excerpt == excerpt
    assert text[first.span[0] : first.span[1]] == excerpt


def test_repeated_accusations_in_one_clause_count_less() -> None:
    """A second accusation in the same clause adds half the score; a hedge also halves it."""
    scores = [f.score for f in ONLY.check("You are dishonest and highly deceptive.").findings]
    assert scores == [6.0, 3.0]
    assert [f.score for f in ONLY.check("Maybe you were a bit dishonest.").findings] == [3.0]


def test_targets_option_narrows_whom_an_accusation_must_aim_at() -> None:
    """With targets=("you",) an accusation about a third person no longer counts."""
    narrow = RuleSet.of(accusations(targets=("you",)))
    assert not narrow.check("John is a liar.").findings
    assert narrow.check("You are a liar.").findings


def test_extra_words_extend_the_lexicon() -> None:
    """Words given to the factory are judged like the built-in ones."""
    rule = RuleSet.of(accusations(nouns=["bluffer"]))
    assert [f.excerpt for f in rule.check("You are a bluffer.").findings] == ["bluffer"]
    assert not rule.check("He called me a bluffer.").findings


def test_unknown_target_is_a_config_error() -> None:
    """A misspelt target is refused when the rule is built from a configuration."""
    from threadkit import RuleConfigError

    with pytest.raises(RuleConfigError) as info:
        RuleSet.from_dict(
            {"rules": {"accusation": {"targets": ["yuo"]}}},
        )
    assert info.value.rule == "accusation"


def test_repr_is_the_factory_call() -> None:
    """The rule shows itself as the factory call that builds it."""
    assert repr(accusations()) == "accusations(score=6.0)"
    assert repr(accusations(4.0, targets=["you"])) == "accusations(score=4.0, targets=['you'])"


def test_configured_score_is_the_findings_score() -> None:
    """Re-weighting the rule through a configuration changes the score of its findings."""
    ruleset = RuleSet.default().reweight("accusation", 2.0)
    found = [f for f in ruleset.check("You are a liar.").findings if f.rule == "accusation"]
    assert [f.score for f in found] == [2.0]


def test_rule_is_an_accusation_instance_with_its_examples() -> None:
    """The factory builds the documented class, which carries examples both ways."""
    rule = accusations()
    assert isinstance(rule, Accusation)
    assert rule.should_flag
    assert rule.should_pass


_NOUNS = sorted(n for n in ACCUSATION_NOUNS if " " not in n and not n.endswith("s"))
_ADJS = sorted(a for a in ACCUSATION_ADJS if " " not in a and "-" not in a)


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


@given(st.sampled_from(_NOUNS), st.sampled_from(["You are {a} {w}.", "What {a} {w} you are!"]))
def test_every_noun_aimed_at_the_reader_is_flagged(word: str, template: str) -> None:
    """Any lexicon noun said to the reader is an accusation."""
    assert ONLY.check(template.format(a=_article(word), w=word)).findings


@given(
    st.sampled_from(_NOUNS),
    st.sampled_from(
        [
            "He called me {a} {w}.",
            "I am not {a} {w}.",
            "I was {a} {w} once.",
            'The word "{w}" is harsh.',
            "If you act like {a} {w}, you lose.",
        ]
    ),
)
def test_no_noun_in_a_reported_negated_or_self_frame_is_flagged(word: str, template: str) -> None:
    """The same nouns pass when reported, negated, quoted, hypothetical or about the writer."""
    assert not ONLY.check(template.format(a=_article(word), w=word)).findings


@given(
    st.sampled_from(_ADJS), st.sampled_from(["You were not {w}.", "The recruiter said I was {w}."])
)
def test_no_adjective_denied_or_reported_is_flagged(word: str, template: str) -> None:
    """Lexicon adjectives pass when negated or reported."""
    assert not ONLY.check(template.format(w=word)).findings


@given(st.sampled_from(["liar", "fraud", "hypocrite", "cheat", "scammer"]).flatmap(disguised))
def test_disguised_nouns_are_still_flagged(word: str) -> None:
    """A disguised accusation noun said to the reader is still found, span on the typed text."""
    text = f"you are a {word}"
    found = ONLY.check(text).findings
    assert found
    start, end = found[0].span
    assert text[start:end] == found[0].excerpt
    assert start >= len("you are a ")
