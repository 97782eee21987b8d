"""The toxicity rules: insults, threats, profanity and slurs, and the family as a whole."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from threadkit import Action
from threadkit.moderation import CheckContext, RuleSet, normalize
from threadkit.moderation._toxicity import (
    TOXICITY_FACTORIES,
    TOXICITY_RULES,
    insults,
    obfuscated_profanity,
    profanity,
    profanity_at_person,
    slurs,
    threats,
)
from threadkit.testing._moderation import disguised, redos_strings

DEFAULT = RuleSet.default()
INSULTS = RuleSet.of(insults())
THREATS = RuleSet.of(threats())
SWEARING = RuleSet.of(profanity(), obfuscated_profanity(), profanity_at_person())
SLURS = RuleSet.of(slurs())


def rules_found(ruleset: RuleSet, text: str) -> list[tuple[str, str]]:
    """(rule, excerpt) for every finding."""
    return [(f.rule, f.excerpt) for f in ruleset.check(text).findings]


def test_family_is_registered_in_order_after_the_spam_rules() -> None:
    """The default rule set ends with the toxicity rules, in TOXICITY_RULES order."""
    names = [r.name for r in TOXICITY_RULES]
    assert names == list(TOXICITY_FACTORIES)
    assert list(DEFAULT.names[-len(names) :]) == names
    assert all(r.category == "toxicity" for r in TOXICITY_RULES)


@pytest.mark.parametrize("rule", TOXICITY_RULES, ids=lambda r: r.name)
def test_each_rule_flags_and_passes_its_own_examples(rule: object) -> None:
    """Every toxicity rule's should_flag examples give it a finding, should_pass ones none."""
    only = RuleSet.of(rule)  # type: ignore[arg-type]
    name = rule.name  # type: ignore[attr-defined]
    for text in rule.should_flag:  # type: ignore[attr-defined]
        assert any(f.rule == name for f in only.check(text).findings), text
    for text in rule.should_pass:  # type: ignore[attr-defined]
        assert not only.check(text).findings, text


@pytest.mark.parametrize("rule", TOXICITY_RULES, ids=lambda r: r.name)
def test_repr_names_the_factory_and_score(rule: object) -> None:
    """Each rule's repr is a factory call with its score."""
    assert repr(rule).endswith(f"(score={rule.score})")  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("You are an idiot.", "idiot"),
        ("you're so pathetic", "so pathetic"),
        ("What a moron.", "moron"),
        ("Shut up, loser.", "loser"),
        ("The author is clueless.", "clueless"),
        ("People like you are worthless.", "worthless"),
        ("I despise you.", "despise"),
        ("You disgust me.", "disgust"),
        ("Gay people are scum.", "scum"),
        ("I have so much hatred for you people.", "hatred"),
        ("Disgusted by all the immigrants around here.", "Disgusted by"),
    ],
)
def test_insults_aimed_at_people_are_flagged(text: str, excerpt: str) -> None:
    """An insult or contempt aimed at a person or a group of people is found."""
    assert [e for _, e in rules_found(INSULTS, text)][:1] == [excerpt]


@pytest.mark.parametrize(
    "text",
    [
        "I felt like an idiot after that interview.",
        "He called me stupid.",
        "That was a stupid mistake on my part.",
        "You're not stupid for staying.",
        'Words like "idiot" don\'t help anyone.',
        "I hate long interview processes.",
        "These sandwiches disgust me.",
        "What a joke of a counteroffer.",
        "Mondays are the absolute worst.",
        "I don't hate anyone here.",
        'If you say "women are disgusting", you should expect pushback.',
        "You have to stop calling immigrants disgusting.",
        "Your obvious contempt for immigrants has to stop.",
        "Stupid people... this video does not have two billion views.",
    ],
)
def test_insult_words_not_aimed_at_a_person_pass(text: str) -> None:
    """Self-talk, reports, negations, things, quotes and generalisations are not insults."""
    assert rules_found(INSULTS, text) == []


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("I will find you.", "find you"),
        ("I'm going to kill you.", "kill you"),
        ("I'll break your legs.", "break your legs"),
        ("We will make you pay for this", "make you pay"),
        ("Watch your back.", "Watch your back"),
        ("I know where you live.", "I know where you live"),
        ("People like you deserve to die.", "die"),
        ("They should all be shot.", "shot"),
        ("Death to all immigrants.", "Death to all immigrants"),
        ("I'll get you for this.", "get you"),
    ],
)
def test_threats_are_flagged(text: str, excerpt: str) -> None:
    """Intended, wished or demanded harm to a person is a threat."""
    assert [e for _, e in rules_found(THREATS, text)] == [excerpt]


@pytest.mark.parametrize(
    "text",
    [
        "This comment thread is killing me.",
        "I'd kill for a job with that location.",
        "I'll find you a link to the study.",
        "I'll get you a coffee next time.",
        "I would never hurt anyone.",
        "He said he would kill me.",
        "You won't regret accepting the counteroffer.",
        "My phone died during the interview.",
        "You're dead wrong about recruiters.",
        "Threatening to kill someone will get you arrested.",
        "I'm gonna beat you at chess.",
        "We should not allow anyone to be hurt.",
        'He wrote "I will find you" under my post and I reported it.',
    ],
)
def test_idioms_reports_and_negations_are_not_threats(text: str) -> None:
    """Idioms, reported threats, negated harm and quoted threats pass."""
    assert rules_found(THREATS, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Scunthorpe United won.",
        "Let me assess the class.",
        "A cocktail at the Essex shop.",
        "He passed the assessment.",
        "Grape juice and Dickens.",
        "Shitake? No, shiitake.",
    ],
)
def test_profanity_is_matched_as_whole_words_only(text: str) -> None:
    """Words that contain a swear word are not profanity (the Scunthorpe problem)."""
    assert rules_found(SWEARING, text) == []


@pytest.mark.parametrize(
    ("text", "typed"),
    [
        ("sh1t happens", "sh1t"),
        ("f u c k this", "f u c k"),
        ("what an a$$hole", "a$$hole"),
        ("Ｆｕｃｋ it", "Ｆｕｃｋ"),
        ("fυck it", "fυck"),
        ("shiiiiit", "shiiiiit"),
    ],
)
def test_disguised_profanity_is_found_where_it_was_typed(text: str, typed: str) -> None:
    """Leet, spacing, symbols, full-width and look-alike letters are read through."""
    found = SWEARING.check(text).findings
    assert found
    assert found[0].excerpt == typed
    assert text[found[0].span[0] : found[0].span[1]] == typed


def test_masked_and_stretched_swearing_is_not_called_disguised() -> None:
    """Polite masks ("f*ck") and emphasis ("fuuuuck") are profanity, but not an evasion."""
    assert [r for r, _ in rules_found(SWEARING, "f*ck, I missed the bus")] == ["profanity"]
    assert [r for r, _ in rules_found(SWEARING, "fuuuuck, I missed it")] == ["profanity"]
    assert "obfuscated_profanity" in [r for r, _ in rules_found(SWEARING, "sh1t")]


def test_plain_swearing_approves_and_swearing_at_someone_holds() -> None:
    """Swearing alone is scored low; aimed at a person it holds."""
    assert DEFAULT.check("Fucking hell, what a day.").action is Action.APPROVE
    assert DEFAULT.check("What the fuck is going on with the weather today?").action is (
        Action.APPROVE
    )
    assert DEFAULT.check("Fuck you.").action is Action.HOLD
    assert DEFAULT.check("You're a complete asshole.").action is Action.HOLD
    assert DEFAULT.check("Go f*ck yourself.").action is Action.HOLD


def test_each_further_swear_word_adds_half() -> None:
    """The first profane word scores the rule's score, later ones half of it."""
    scores = [f.score for f in RuleSet.of(profanity()).check("shit, shit, shit").findings]
    assert scores == [1.5, 0.75, 0.75]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("You are a faggot.", True),
        ("Typical r3tard behaviour.", True),
        ("They are building a new dyke near the beach.", False),
        ('He called me a "retard" and I reported him.', False),
    ],
)
def test_slurs_count_unless_quoted_reported_or_another_sense(text: str, flagged: bool) -> None:
    """Slurs hold; words with an everyday sense count only when aimed at a person."""
    assert bool(SLURS.check(text).findings) is flagged


@pytest.mark.parametrize(
    "text",
    [
        'If you say "I hate women", then you should be ashamed.',
        'Statements like "immigrants are scum" are deeply hurtful.',
        'He should be in jail for writing "death to all immigrants".',
        "Saying that you hate gay people shows how misguided you are.",
        "Calling immigrants cockroaches is a horrible thing to do.",
        "Threatening to kill all women will get you thrown in jail.",
        "I don't hate women.",
        "Immigrants are not at all stupid.",
        "I would never hurt a gay person.",
    ],
)
def test_counter_speech_and_negated_hate_are_approved(text: str) -> None:
    """Quoting or reporting abuse to denounce it, and denying it, is not abuse."""
    verdict = DEFAULT.check(text)
    assert verdict.action is Action.APPROVE, verdict.findings


@pytest.mark.parametrize(
    "text",
    [
        "Women are disgusting.",
        "I want to kill all immigrants.",
        "Gay people are human garbage.",
        "Muslims like you are all dishonest.",
        "F*ck all immigrants.",
    ],
)
def test_hate_aimed_at_a_group_is_held(text: str) -> None:
    """Insults, accusations and threats against people for who they are hold or reject."""
    assert DEFAULT.check(text).action is not Action.APPROVE


@given(st.sampled_from(["idiot", "moron", "loser", "clown"]).flatmap(disguised))
def test_disguised_insults_are_still_found(word: str) -> None:
    """A disguised insult said to the reader is found on the text as typed."""
    text = f"you are an {word}" if word[:1].lower() in "aeiou" else f"you are a {word}"
    found = INSULTS.check(text).findings
    assert found
    start, end = found[0].span
    assert text[start:end] == found[0].excerpt


@given(st.one_of(st.text(max_size=300), redos_strings()))
def test_toxicity_rules_never_raise_and_spans_are_valid(text: str) -> None:
    """Any text gives findings whose spans lie in the text and whose excerpts match them."""
    normalized = normalize(text)
    context = CheckContext()
    for rule in TOXICITY_RULES:
        for finding in rule.find(normalized, None, context):
            start, end = finding.span
            assert 0 <= start <= end <= len(text)
            assert text[start:end] == finding.excerpt


@pytest.mark.parametrize(
    "text",
    [
        "liar " * 13_000,
        "you are a liar, " * 4_000,
        "I will kill you " * 4_000,
        '"you" \'' * 9_000,
        "l i a r " * 8_000,
        "f*ck " * 12_000,
    ],
    ids=["liars", "you-are-a-liar", "kill-you", "quotes", "spaced", "masked"],
)
def test_walls_of_abuse_finish_without_a_timeout(text: str) -> None:
    """Long repetitive inputs are checked fully: no rule times out or fails."""
    verdict = DEFAULT.check(text)
    assert not [f for f in verdict.findings if f.category == "safety" and f.rule != "max_length"]
