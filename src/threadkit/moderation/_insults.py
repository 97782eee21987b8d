"""The insult rule: "you idiot", "you are pathetic", "what a moron", "I despise you".

Like the accusation rule it reads the clause around each word, so an insult counts only when the
writer aims it at a person: "I felt like an idiot" (the writer), "he called me stupid"
(reported), "that was a stupid mistake" (a thing) and "you're not stupid" (negated) pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

import attrs

from threadkit._model import CommentDraft, Finding
from threadkit.moderation._aim import DETS, INTENSIFIERS, Aim, aimed, screen, subject_before, who
from threadkit.moderation._clauses import Parsed
from threadkit.moderation._context import CheckContext
from threadkit.moderation._frames import aim_adj, aim_noun
from threadkit.moderation._lexicon import Lexicon, words
from threadkit.moderation._scan import Hit
from threadkit.moderation._targeted import (
    TARGETS,
    find_targeted,
    pick_lexicon,
    targeted_repr,
    to_strings,
    to_targets,
    whom,
)
from threadkit.moderation._text import NormalizedText
from threadkit.moderation._wordlists import (
    CONTEMPT_NOUNS,
    DISGUST_VERBS,
    FED_UP,
    FIRST,
    HATE_VERBS,
    INSULT_ADJS,
    INSULT_NOUNS,
    SECOND,
    WEAK_INSULTS,
)

# Between "hate" and whom: "I hate all of you", "I despise these people", "so much".
_OBJECT_SKIP = (
    DETS
    | INTENSIFIERS
    | frozenset(
        words("""
    of, these, those, them, all, every, each, any, so, much, really, absolutely, for, towards,
    toward, at, nothing, but, such, kind, sort, type, and, your, being, around, near, seeing,
    hearing, with, by, listening, to, reading
""")
    )
)
# Verbs of holding a feeling: "I have so much hatred for", "the scorn I feel for".
_FEEL = frozenset(words("have, has, 've, feel, felt, hold, harbour, harbor, got, carry, bear"))


def _groups(
    nouns: Iterable[str] = (), adjectives: Iterable[str] = ()
) -> dict[str, tuple[str, ...]]:
    return {
        "noun": (*INSULT_NOUNS, *nouns),
        "adj": (*INSULT_ADJS, *adjectives),
        "hate": HATE_VERBS,
        "disgust": DISGUST_VERBS,
        "contempt": CONTEMPT_NOUNS,
        "fedup": FED_UP,
    }


_DEFAULT_LEXICON = Lexicon.build(_groups())


def object_after(p: Parsed, b: int, limit: int = 6) -> str | None:
    """Whom a verb at ``[.., b)`` is aimed at: the first referent after it ("you", "women")."""
    end = min(p.sentence_end[b - 1] if b > 0 else len(p), b + limit)
    for k in range(b, end):
        t = p.text(k)
        if t in _OBJECT_SKIP and t not in {"them", "your"}:
            continue
        if t == "your":
            return "you"
        if p.text(k + 1) == "like" and p.text(k + 2) in SECOND:
            return "you"  # "people like you"
        return who(p, k)
    return None


def _hate(p: Parsed, a: int, b: int) -> Aim:
    """ "I hate you", "We despise those people": the writer's contempt for a person."""
    missed = screen(p, a)
    if missed is not None:
        return missed
    s = subject_before(p, a, p.clause_start(a))
    if s is None or p.text(s) not in FIRST:
        return Aim(None, "generic")  # only the writer's own contempt is the writer's attack
    return aimed(p, a, object_after(p, b))


def _contempt(p: Parsed, a: int, b: int) -> Aim:
    """ "I have so much hatred for you": contempt held by the writer, aimed after "for"."""
    missed = screen(p, a)
    if missed is not None:
        return missed
    before = range(p.clause_start(a), a)
    held = any(
        p.text(k) in FIRST and any(p.text(v) in _FEEL and p.text(v + 1) != "to" for v in before)
        for k in before
    ) or (p.text(b) in FIRST and p.text(b + 1) in _FEEL)  # "the scorn I feel for them"
    if not held:
        return Aim(None, "generic")
    for k in range(b, min(b + 4, len(p))):
        if p.text(k) in {"for", "towards", "toward", "of"}:
            return aimed(p, a, object_after(p, k + 1))
    return Aim(None, "generic")


def _fed_up(p: Parsed, a: int, b: int) -> Aim:
    """ "Disgusted by all the X around here", "so sick of you": the writer fed up with people."""
    missed = screen(p, a)
    if missed is not None:
        return missed
    s = subject_before(p, a, p.clause_start(a))
    if s is not None and p.text(s) not in FIRST:
        return Aim(None, "generic")  # "he is sick of you" reports someone else's feeling
    return aimed(p, a, object_after(p, b))


def _disgust(p: Parsed, a: int, b: int) -> Aim:
    """ "You disgust me", "those people make me sick": the subject is the one despised."""
    missed = screen(p, a)
    if missed is not None:
        return missed
    s = subject_before(p, a, p.clause_start(a))
    return aimed(p, a, who(p, s)) if s is not None else Aim(None, "generic")


def _judge(p: Parsed, a: int, b: int, hit: Hit) -> Aim:
    kind = hit.kind
    if kind == "noun":
        return aim_noun(p, a, b, weak=hit.entry in WEAK_INSULTS)
    if kind == "adj":
        return aim_adj(p, a, b)
    if kind == "hate":
        return _hate(p, a, b)
    if kind == "contempt":
        return _contempt(p, a, b)
    if kind == "fedup":
        return _fed_up(p, a, b)
    return _disgust(p, a, b)


def _describe(hit: Hit, aim: Aim, excerpt: str) -> str:
    if hit.kind in {"hate", "contempt", "disgust", "fedup"}:
        return f"The comment expresses contempt for {whom(aim)} (\u201c{excerpt}\u201d)."
    return f"The comment insults {whom(aim)} (\u201c{excerpt}\u201d)."


@attrs.frozen(repr=False)
class Insult:
    """The rule object behind :func:`insults` (build it with the factory).

    Attributes:
        score: what a first, unhedged insult in a clause adds.
        targets: who an insult must be aimed at to count.
        softened: the share of ``score`` a hedged or repeated insult adds.
        nouns: extra insulting nouns.
        adjectives: extra insulting adjectives.
        name: the rule's name.
    """

    score: float = 6.0
    targets: frozenset[str] = attrs.field(default=frozenset(TARGETS), converter=to_targets)
    softened: float = 0.5
    nouns: tuple[str, ...] = attrs.field(default=(), converter=to_strings)
    adjectives: tuple[str, ...] = attrs.field(default=(), converter=to_strings)
    name: str = "insult"
    _lexicon: Lexicon = attrs.field(init=False, repr=False, eq=False)

    category = "toxicity"
    reason = "An insult or open contempt aimed at a person (idiot, pathetic, I despise you)."
    should_flag: ClassVar[Sequence[str]] = (
        "You are an idiot.",
        "you're so pathetic",
        "What a moron.",
        "Shut up, loser.",
        "The author is clueless.",
        "You st00pid clown",
        "People like you are worthless.",
        "I despise you.",
        "You disgust me.",
    )
    should_pass: ClassVar[Sequence[str]] = (
        "I felt like an idiot after that interview.",
        "He called me stupid.",
        "That was a stupid mistake on my part.",
        "You're not stupid for staying.",
        'Words like "idiot" don\'t help anyone.',
        "I hate long interview processes.",
        "These sandwiches disgust me.",
        "What a joke of a counteroffer.",
    )

    def __attrs_post_init__(self) -> None:
        extras = (self.nouns, self.adjectives)
        object.__setattr__(self, "_lexicon", pick_lexicon(_DEFAULT_LEXICON, _groups, *extras))

    def __repr__(self) -> str:
        extras = {"nouns": self.nouns, "adjectives": self.adjectives}
        return targeted_repr("insults", self, extras)

    def lexicon_gate(self) -> tuple[tuple[Lexicon, ...], str]:
        """The lexicon outside whose hits the rule finds nothing (for the rule plan)."""
        return (self._lexicon,), ""

    def find(
        self, text: NormalizedText, draft: CommentDraft | None, context: CheckContext
    ) -> Iterable[Finding]:
        """One finding per insulting word aimed at a person."""
        return find_targeted(self, text, self._lexicon, _judge, _describe)


def insults(
    score: float = 6.0,
    *,
    targets: Iterable[str] = TARGETS,
    softened: float = 0.5,
    nouns: Iterable[str] = (),
    adjectives: Iterable[str] = (),
) -> Insult:
    """The insult rule; ``nouns`` and ``adjectives`` extend the built-in lexicon."""
    return Insult(
        score=score,
        targets=frozenset(targets),
        softened=softened,
        nouns=tuple(nouns),
        adjectives=tuple(adjectives),
    )
