"""Public factories for the built-in rules; each returns a small frozen rule object.

>>> max_links(3)
max_links(name='max_links', score=5.0, limit=3)

Every factory takes ``name`` (to run two rules of one kind side by side), ``score``, and
optional ``should_flag`` / ``should_pass`` examples; the rest are the rule's own options, the
same keys a TOML configuration uses (see docs/rules.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta
from typing import Literal

from threadkit._errors import RuleConfigError
from threadkit.moderation._base import RuleBase
from threadkit.moderation._links import SHORTENERS, SOLICITATION, LinkRule
from threadkit.moderation._phrases import PhraseError, expand
from threadkit.moderation._rule import RULE_TIMEOUT, Example, Rule
from threadkit.moderation._signals import (
    DuplicateRule,
    FirstCommentRule,
    FloodRule,
    HoneypotRule,
    KnownAuthorRule,
)
from threadkit.moderation._spam import (
    PHRASE_FIELDS,
    PatternRule,
    PhraseRule,
    RepeatsRule,
    ShoutingRule,
)
from threadkit.moderation._toxicity import (
    Accusation,
    DisguisedProfanity,
    Insult,
    Profanity,
    ProfanityAtPerson,
    Slur,
    Threat,
    accusations,
    insults,
    obfuscated_profanity,
    profanity,
    profanity_at_person,
    slurs,
    threats,
)

Examples = Iterable[str | Example] | None


def _derived_flag(phrases: Iterable[str]) -> tuple[str, ...]:
    for phrase in phrases:
        try:
            variants = expand(phrase) if isinstance(phrase, str) else []
        except PhraseError:
            return ()  # the rule's own validation reports the broken phrase
        if variants and variants[0].strip():
            return (f"I just wanted to say {variants[0].strip().rstrip('*')} here.",)
    return ()


def _examples(given: Examples, derived: tuple[str | Example, ...]) -> tuple[str | Example, ...]:
    return derived if given is None else tuple(given)


def max_links(
    limit: int = 2,
    *,
    name: str = "max_links",
    score: float = 5.0,
    trusted_domains: Iterable[str] = (),
    shorteners: Iterable[str] = tuple(sorted(SHORTENERS)),
    start_weight: float = 1.5,
    bare_weight: float = 2.0,
    bare_words: int = 3,
    hidden_weight: float = 2.0,
    solicitation_domains: Iterable[str] = tuple(sorted(SOLICITATION)),
    category: str = "spam",
    reason: str = "Contains links; comments with several links are held for a moderator.",
    should_flag: Examples = None,
    should_pass: Examples = None,
) -> Rule:
    """Links weighted so that ``limit`` plain links add up to ``score`` (hold at 2, like
    WordPress); a link in a comment of at most ``bare_words`` words of its own counts
    ``bare_weight`` times, one opening the comment ``start_weight`` times, a shortened or
    disguised one or one to a fundraising or petition site (``solicitation_domains``)
    ``hidden_weight`` times, one to ``trusted_domains`` not at all."""
    flag = ("See https://example.com/a and https://example.net/b for more.",)
    return LinkRule(
        name=name, score=score, category=category, reason=reason, limit=limit,
        trusted_domains=trusted_domains, shorteners=shorteners, start_weight=start_weight,
        bare_weight=bare_weight, bare_words=bare_words, hidden_weight=hidden_weight,
        solicitation_domains=solicitation_domains, should_flag=_examples(should_flag, flag),
        should_pass=_examples(should_pass, ("No links in this comment at all.",)),
    )  # fmt: skip


def spam_phrases(
    phrases: Iterable[str],
    *,
    name: str = "spam_phrases",
    score: float = 3.0,
    category: str = "spam",
    reason: str = "Contains the phrase “{phrase}”{where}.",
    fields: Iterable[str] = ("body",),
    count_each: bool = False,
    should_flag: Examples = None,
    should_pass: Examples = None,
) -> Rule:
    """Whole-word phrases from a list, matched on the skeleton view in one pass; ``{phrase}``
    and ``{where}`` in ``reason`` name the phrase found and the field it was found in."""
    try:
        listed = tuple(phrases) if not isinstance(phrases, str) else (phrases,)
    except TypeError:
        raise RuleConfigError(name, "phrases", "must be a list of phrases") from None
    return PhraseRule(
        name=name, score=score, category=category, reason=reason, phrases=listed,
        fields=fields, count_each=count_each,
        should_flag=_examples(should_flag, _derived_flag(listed)),
        should_pass=_examples(should_pass, ()),
    )  # fmt: skip


def blocked_phrases(
    phrases: Iterable[str],
    *,
    name: str = "blocked_phrases",
    score: float = 10.0,
    fields: Iterable[str] = PHRASE_FIELDS,
    reason: str = "Contains the blocked phrase “{phrase}”{where}.",
    should_flag: Examples = None,
    should_pass: Examples = None,
) -> Rule:
    """WordPress's "disallowed comment keys", word-bounded: a match rejects the comment.
    Searches the body, author name, email, URL, IP and user agent unless ``fields`` says."""
    return spam_phrases(
        phrases, name=name, score=score, reason=reason, fields=fields,
        should_flag=should_flag, should_pass=should_pass,
    )  # fmt: skip


def held_phrases(
    phrases: Iterable[str],
    *,
    name: str = "held_phrases",
    score: float = 6.0,
    fields: Iterable[str] = PHRASE_FIELDS,
    reason: str = "Contains “{phrase}”{where}, which this site holds for a moderator.",
    should_flag: Examples = None,
    should_pass: Examples = None,
) -> Rule:
    """WordPress's "comment moderation" words, word-bounded: a match holds the comment."""
    return spam_phrases(
        phrases, name=name, score=score, reason=reason, fields=fields,
        should_flag=should_flag, should_pass=should_pass,
    )  # fmt: skip


def shouting(
    *,
    name: str = "shouting",
    score: float = 2.5,
    min_letters: int = 12,
    ratio: float = 0.7,
    category: str = "spam",
    reason: str = "Written mostly in capital letters.",
    should_flag: Examples = None,
    should_pass: Examples = None,
) -> Rule:
    """A comment with at least ``min_letters`` letters, ``ratio`` of them capitals."""
    return ShoutingRule(
        name=name, score=score, category=category, reason=reason, min_letters=min_letters,
        ratio=ratio, should_flag=_examples(should_flag, ("PLEASE READ THIS RIGHT NOW",)),
        should_pass=_examples(should_pass, ("I read the NASA report with interest.",)),
    )  # fmt: skip


def repeated_characters(
    *,
    name: str = "repeated_characters",
    score: float = 1.0,
    letter_run: int = 5,
    punctuation_run: int = 4,
    word_run: int = 4,
    category: str = "spam",
    reason: str = "Stretched letters, piled-up punctuation or a word repeated over and over.",
    should_flag: Examples = None,
    should_pass: Examples = None,
) -> Rule:
    """Runs of one letter, of "!"/"?"/currency signs, or of one word, at the given lengths."""
    return RepeatsRule(
        name=name, score=score, category=category, reason=reason, letter_run=letter_run,
        punctuation_run=punctuation_run, word_run=word_run,
        should_flag=_examples(should_flag, ("Sooooo good!!!!", "buy buy buy buy now")),
        should_pass=_examples(should_pass, ("Good point! Really good.",)),
    )  # fmt: skip


def pattern(
    name: str,
    pattern: str,
    *,
    score: float = 5.0,
    category: str = "custom",
    reason: str = "Matches a pattern this site's moderators watch for.",
    view: Literal["skeleton", "folded", "original"] = "skeleton",
    flags: str = "",
    timeout: float = RULE_TIMEOUT,
    require: Iterable[str] = (),
    require_words: Iterable[str] = (),
    should_flag: Examples = None,
    should_pass: Examples = None,
) -> Rule:
    """A custom regular expression (``regex`` syntax) run on one view with a timeout; when
    ``require`` lists substrings (or ``require_words`` whole words), the pattern only runs on
    texts containing one of them."""
    return PatternRule(
        name=name, score=score, category=category, reason=reason, pattern=pattern,
        view=view, flags=flags, timeout=timeout, require=require,
        require_words=require_words,
        should_flag=_examples(should_flag, ()), should_pass=_examples(should_pass, ()),
    )  # fmt: skip


def duplicate_comment(
    *,
    name: str = "duplicate_comment",
    score: float = 6.0,
    window: float | timedelta = 86_400.0,
    min_length: int = 12,
    same_author_weight: float = 2.0,
    category: str = "spam",
    reason: str = "The same comment was posted recently.",
    should_flag: Examples = None,
    should_pass: Examples = None,
) -> Rule:
    """The same body (compared on skeleton words) posted within ``window`` seconds; from
    the same author or address it weighs ``same_author_weight`` times (reject by default)."""
    from threadkit.moderation._examples import duplicate_examples

    flag, ok = duplicate_examples()
    return DuplicateRule(
        name=name, score=score, category=category, reason=reason, window=window,
        min_length=min_length, same_author_weight=same_author_weight,
        should_flag=_examples(should_flag, flag), should_pass=_examples(should_pass, ok),
    )  # fmt: skip


def flood(
    *,
    name: str = "flood",
    score: float = 6.0,
    interval: float | timedelta = 15.0,
    burst: int = 5,
    burst_window: float | timedelta = 600.0,
    category: str = "spam",
    reason: str = "Too many comments too quickly from the same author or address.",
    should_flag: Examples = None,
    should_pass: Examples = None,
) -> Rule:
    """Comments from one author or address less than ``interval`` seconds apart, or
    ``burst`` of them within ``burst_window`` seconds."""
    from threadkit.moderation._examples import flood_examples

    flag, ok = flood_examples()
    return FloodRule(
        name=name, score=score, category=category, reason=reason, interval=interval,
        burst=burst, burst_window=burst_window, should_flag=_examples(should_flag, flag),
        should_pass=_examples(should_pass, ok),
    )  # fmt: skip


def first_comment(
    *,
    name: str = "first_comment",
    score: float = 5.0,
    category: str = "policy",
    reason: str = "First comment from this author; held until a moderator approves one.",
    should_flag: Examples = None,
    should_pass: Examples = None,
) -> Rule:
    """Holds comments when ``CheckContext.known_author`` is False (WordPress's default)."""
    from threadkit.moderation._examples import standing_examples

    new, known, unknown = standing_examples()
    return FirstCommentRule(
        name=name, score=score, category=category, reason=reason,
        should_flag=_examples(should_flag, new),
        should_pass=_examples(should_pass, known + unknown),
    )  # fmt: skip


def known_author(
    *,
    name: str = "known_author",
    score: float = -1.0,
    category: str = "policy",
    reason: str = "The author has approved comments here already.",
    should_flag: Examples = None,
    should_pass: Examples = None,
) -> Rule:
    """A negative score when ``CheckContext.known_author`` is True: evidence of a regular."""
    from threadkit.moderation._examples import standing_examples

    new, known, unknown = standing_examples()
    return KnownAuthorRule(
        name=name, score=score, category=category, reason=reason,
        should_flag=_examples(should_flag, known),
        should_pass=_examples(should_pass, new + unknown),
    )  # fmt: skip


def honeypot(
    field: str = "honeypot",
    *,
    name: str = "honeypot",
    score: float = 10.0,
    category: str = "spam",
    reason: str = "A form field hidden from people was filled in, as bots do.",
    should_flag: Examples = None,
    should_pass: Examples = None,
) -> Rule:
    """Rejects a draft whose ``meta[field]`` (a field hidden from people) is not empty."""
    from threadkit.moderation._examples import honeypot_examples

    flag, ok = honeypot_examples(field)
    return HoneypotRule(
        name=name, score=score, category=category, reason=reason, field=field,
        should_flag=_examples(should_flag, flag), should_pass=_examples(should_pass, ok),
    )  # fmt: skip


#: Rule kinds a configuration can name, with the factory that builds each.
KINDS: Mapping[str, Callable[..., Rule]] = {
    "max_links": max_links,
    "spam_phrases": spam_phrases,
    "blocked_phrases": blocked_phrases,
    "held_phrases": held_phrases,
    "shouting": shouting,
    "repeated_characters": repeated_characters,
    "pattern": pattern,
    "duplicate_comment": duplicate_comment,
    "flood": flood,
    "first_comment": first_comment,
    "known_author": known_author,
    "honeypot": honeypot,
}

__all__ = [
    "KINDS",
    "Accusation",
    "DisguisedProfanity",
    "Insult",
    "Profanity",
    "ProfanityAtPerson",
    "RuleBase",
    "Slur",
    "Threat",
    "accusations",
    "blocked_phrases",
    "duplicate_comment",
    "first_comment",
    "flood",
    "held_phrases",
    "honeypot",
    "insults",
    "known_author",
    "max_links",
    "obfuscated_profanity",
    "pattern",
    "profanity",
    "profanity_at_person",
    "repeated_characters",
    "shouting",
    "slurs",
    "spam_phrases",
    "threats",
]
