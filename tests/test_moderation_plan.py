"""Which rules a check calls: the plan must skip only rules that would have found nothing."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import example, given
from hypothesis import strategies as st

from threadkit.moderation import RuleSet, normalize
from threadkit.moderation._context import EMPTY_CONTEXT
from threadkit.moderation._plan import Finder, Plan
from threadkit.moderation.rules import spam_phrases

SPAMMY = st.sampled_from(
    [
        "sub 4 sub anyone?",
        "Please subscribe, I will subscribe back",
        "Check out my new channel http://bit.ly/x",
        "click here for free gift cards",
        "My channel of communication was email only.",
        "new youtuber here",
        "I like this song",
    ]
)

# Words from the default phrase lists and their neighbours, run together in any order, so
# that the gate sees first words with and without the word that completes a phrase.
WORDS = st.sampled_from(
    ["sub", "4", "subscribe", "me", "back", "my", "channel", "check", "out", "free", "gift",
     "card", "cards", "click", "here", "like", "this", "comment", "i", "will", "on", "new",
     "youtuber", "follow", "instagram", "please", "money", "online", "the", "v1agra", "s u b"]
)  # fmt: skip
SALAD = st.lists(WORDS, max_size=12).map(" ".join)


def _found(rules: Sequence[Finder], text: str) -> list[tuple[str, tuple[int, int], str]]:
    n = normalize(text)
    out = []
    for _rule, find in rules:
        out += [(f.rule, f.span, f.reason) for f in find(n, None, EMPTY_CONTEXT)]
    return out


@given(st.one_of(SPAMMY, SALAD, st.text(max_size=200)))
@example("subscribe")
@example("Follow me on Instagram")
def test_plain_plan_finds_what_every_rule_finds(text: str) -> None:
    """Running only the rules the plan picks finds exactly what running every rule finds."""
    plan = RuleSet.default()._plan
    picked = plan.finders(normalize(text), None, EMPTY_CONTEXT)
    assert _found(picked, text) == _found(plan.every, text)


def test_plain_plan_leaves_out_draft_and_history_rules() -> None:
    """Plain text with no history skips the rules about authors, requests and history."""
    plan = RuleSet.default()._plan
    names = [rule.name for rule, _ in plan.finders(normalize("hello"), None, EMPTY_CONTEXT)]
    for skipped in ("honeypot", "duplicate_comment", "flood", "first_comment", "known_author"):
        assert skipped not in names
    assert "blocked_phrases" not in names  # "hello" is in no phrase list
    assert "max_links" in names


def test_phrase_rules_run_when_a_phrase_may_match() -> None:
    """A text sharing a phrase's first words with a list keeps every phrase rule."""
    plan = RuleSet.default()._plan
    names = [r.name for r, _ in plan.finders(normalize("sub 4 sub"), None, EMPTY_CONTEXT)]
    assert {"blocked_phrases", "self_promotion", "spam_words"} <= set(names)


def test_a_phrase_rule_without_the_body_is_gated_shut() -> None:
    """A phrase rule that reads only the author is never called for plain text."""
    author_only = spam_phrases(["spammer"], name="author_words", fields=["author"])
    plan = Plan.of([author_only])
    assert plan.finders(normalize("spammer"), None, EMPTY_CONTEXT) == ()
    assert len(plan.every) == 1
