"""The accusation-of-dishonesty rule: "you are dishonest", "you lied", "what a fraud".

It finds accusation words on the skeleton view (so "d1shonest", "l i a r" and "liiiar" count)
and then reads the clause around each one to decide whether the writer aims it at a person. A
recruiter's "you are dishonest and highly deceptive" is flagged with both phrases highlighted;
the job seeker's "I was called 'dishonest' by a recruiter" is reported speech and is not.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

import attrs

from threadkit._model import CommentDraft, Finding
from threadkit.moderation._aim import Aim
from threadkit.moderation._clauses import Parsed
from threadkit.moderation._context import CheckContext
from threadkit.moderation._frames import (
    aim_abstract,
    aim_adj,
    aim_ing,
    aim_negpos,
    aim_noun,
    aim_verb,
)
from threadkit.moderation._lexicon import Lexicon
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
    ACCUSATION_ABSTRACT,
    ACCUSATION_ADJS,
    ACCUSATION_INGS,
    ACCUSATION_NEGPOS,
    ACCUSATION_NOUNS,
    ACCUSATION_VERBS,
)

# Nouns too common in other senses to count without an explicit person: "fake news".
_WEAK = frozenset({"fake", "fakes", "weasel", "weasels", "quack", "quacks", "cheat", "cheats"})


def _groups(
    nouns: Iterable[str] = (), adjectives: Iterable[str] = (), verbs: Iterable[str] = ()
) -> dict[str, tuple[str, ...]]:
    return {
        "ing": ACCUSATION_INGS,
        "lie": ("lie", "lies"),
        "noun": (*ACCUSATION_NOUNS, *nouns),
        "adj": (*ACCUSATION_ADJS, *adjectives),
        "verb": tuple(v for v in (*ACCUSATION_VERBS, *verbs) if v not in {"lie", "lies"}),
        "abstract": ACCUSATION_ABSTRACT,
        "negpos": ACCUSATION_NEGPOS,
    }


_DEFAULT_LEXICON = Lexicon.build(_groups())
_NOUNS = frozenset(ACCUSATION_NOUNS)


def _judge(p: Parsed, a: int, b: int, hit: Hit) -> Aim:
    kind = hit.kind
    if kind == "noun":
        return aim_noun(p, a, b, weak=hit.entry in _WEAK)
    if kind == "adj":
        return aim_adj(p, a, b)
    if kind == "ing":
        return aim_ing(p, a, b, _NOUNS)
    if kind == "verb":
        return aim_verb(p, a, b)
    if kind == "lie":
        # "your lies" (owned), "that's a lie" (a thing), "you lie" (a verb)
        found = aim_abstract(p, a, b)
        return found if found.hit else aim_verb(p, a, b)
    if kind == "abstract":
        return aim_abstract(p, a, b)
    return aim_negpos(p, a, b)


def _describe(hit: Hit, aim: Aim, excerpt: str) -> str:
    person = whom(aim)
    if hit.kind == "negpos":
        return f"Says {person} was not honest (\u201c{excerpt}\u201d): an accusation of dishonesty."
    softly = "suggests, with a hedge, that" if aim.hedged else "accuses"
    if aim.hedged:
        return f"The comment {softly} {person} is dishonest (\u201c{excerpt}\u201d)."
    return f"The comment accuses {person} of dishonesty (\u201c{excerpt}\u201d)."


@attrs.frozen(repr=False)
class Accusation:
    """The rule object behind :func:`accusations` (build it with the factory).

    Attributes:
        score: what a first, unhedged accusation in a clause adds.
        targets: who an accusation must be aimed at to count (see ``TARGETS``).
        softened: the share of ``score`` a hedged or repeated accusation adds.
        nouns: extra nouns naming a dishonest person.
        adjectives: extra adjectives describing one.
        verbs: extra verbs of deceiving.
        name: the rule's name.
    """

    score: float = 6.0
    targets: frozenset[str] = attrs.field(default=frozenset(TARGETS), converter=to_targets)
    softened: float = 0.5
    nouns: tuple[str, ...] = attrs.field(default=(), converter=to_strings)
    adjectives: tuple[str, ...] = attrs.field(default=(), converter=to_strings)
    verbs: tuple[str, ...] = attrs.field(default=(), converter=to_strings)
    name: str = "accusation"
    _lexicon: Lexicon = attrs.field(init=False, repr=False, eq=False)

    category = "toxicity"
    reason = (
        "An accusation of dishonesty (liar, dishonest, you lied) aimed at a person, as opposed "
        "to quoting, reporting or denying one."
    )
    should_flag: ClassVar[Sequence[str]] = (
        "You are dishonest and highly deceptive.",
        "you're a liar",
        "You lied to all of us.",
        "What a fraud you are.",
        "Liar!",
        "John is a two-faced con artist.",
        "The author is deceptive.",
        "u r a l1ar",
        "You're such a liiiiar",
        "Stop lying to your readers.",
        "You were not honest with him, and you know it.",
        "I think you lied about the counteroffer.",
    )
    should_pass: ClassVar[Sequence[str]] = (
        "I'm being called 'dishonest' and 'highly deceptive' by a recruiter.",
        "He called me a liar in front of everyone.",
        "The recruiter said I was highly deceptive.",
        "You were not deceptive at all.",
        "I don't think you were dishonest.",
        "You're no liar.",
        "I lied on my resume once.",
        "I was dishonest with them and I regret it.",
        "Lying on an application can get you fired.",
        "Being dishonest never pays.",
        'Calling someone "a fraud" in public is a serious thing.',
        "To be honest, the counteroffer was generous.",
        "I was lying on the couch all day.",
    )

    def __attrs_post_init__(self) -> None:
        extras = (self.nouns, self.adjectives, self.verbs)
        object.__setattr__(self, "_lexicon", pick_lexicon(_DEFAULT_LEXICON, _groups, *extras))

    def __repr__(self) -> str:
        extras = {"nouns": self.nouns, "adjectives": self.adjectives, "verbs": self.verbs}
        return targeted_repr("accusations", self, extras)

    def lexicon_gate(self) -> tuple[tuple[Lexicon, ...], str]:
        """The lexicon outside whose hits the rule finds nothing (for the rule plan)."""
        return (self._lexicon,), ""

    def find(
        self, text: NormalizedText, draft: CommentDraft | None, context: CheckContext
    ) -> Iterable[Finding]:
        """One finding per accusation word aimed at a person."""
        return find_targeted(self, text, self._lexicon, _judge, _describe)


def accusations(
    score: float = 6.0,
    *,
    targets: Iterable[str] = TARGETS,
    softened: float = 0.5,
    nouns: Iterable[str] = (),
    adjectives: Iterable[str] = (),
    verbs: Iterable[str] = (),
) -> Accusation:
    """The accusation-of-dishonesty rule.

    ``targets`` narrows whom an accusation must aim at ("you", "person", "group", "implicit");
    ``softened`` is the share of ``score`` for a hedged or repeated accusation; ``nouns``,
    ``adjectives`` and ``verbs`` extend the built-in lexicon.
    """
    return Accusation(
        score=score,
        targets=frozenset(targets),
        softened=softened,
        nouns=tuple(nouns),
        adjectives=tuple(adjectives),
        verbs=tuple(verbs),
    )
