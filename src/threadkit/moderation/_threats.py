"""The threat rule: "I will find you", "you'll regret this", "watch your back", "kill them all".

A violent verb is a threat when the writer means to do it ("I'm going to", "we will", "let's",
an imperative) to a person; "should be killed" or "deserve to die" when demanded for one. Idioms
fall out of the structure: "this joke is killing me" has no intent, "I'd kill for a coffee" no
person, "I'll get you a coffee" an object after the person, "I would never hurt you" a negation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import ClassVar

import attrs

from threadkit._model import CommentDraft, Finding
from threadkit.moderation._aim import COPULAS, Aim, aimed, screen, who
from threadkit.moderation._clauses import Parsed
from threadkit.moderation._context import CheckContext
from threadkit.moderation._lexicon import Lexicon, words
from threadkit.moderation._rule import factory_repr
from threadkit.moderation._scan import Hit, aimed_findings, scan
from threadkit.moderation._text import NormalizedText
from threadkit.moderation._wordlists import (
    BODY_PARTS,
    FIRST,
    IDENTITY_ADJS,
    IDENTITY_NOUNS,
    PERSON_NOUNS,
    SECOND,
    SECOND_POSS,
    THIRD,
    THIRD_POSS,
    THREAT_BODY_VERBS,
    THREAT_DIE,
    THREAT_PARTICIPLES,
    THREAT_PHRASES,
    THREAT_VERBS,
    THREAT_WEAK_VERBS,
    THREAT_WITH_OBJECT,
)

_LEXICON = Lexicon.build(
    {
        "phrase": THREAT_PHRASES,
        "verbobj": THREAT_WITH_OBJECT,
        "verb": THREAT_VERBS,
        "passive": THREAT_PARTICIPLES,
        "body": THREAT_BODY_VERBS,
        "weak": THREAT_WEAK_VERBS,
        "die": THREAT_DIE,
    }
)
# Words between a subject and its verb that say the writer intends it: "I'm going to", "we
# will", "I want to", "I'd love to", "let's".
_INTENT = frozenset(
    words("""
    will, 'll, shall, going, gonna, want, wanna, 'd, would, love, like, about, plan, planning,
    intend, intending, gotta, got, must, should, need, ought, let, 's, wait, can't, ca, n't,
    have, 'm, am, are, 're, is, gon, finally, also, then
""")
)
_FILLER = frozenset(
    words("""
    to, just, really, literally, seriously, personally, definitely, totally, actually, gladly,
    happily, slowly, eventually, soon, one, day, someday, all, both, so, very, even, still,
    absolutely, fucking, go, and, please, now, keep, gladly, start, come, back
""")
)
_WISH = frozenset(
    words("""
    should, must, deserve, deserves, ought, need, needs, hope, wish, want, wanna, like, love,
    let, may, better, gotta, has, have, pray, praying, hoping, wishing, wants, go, deserved
""")
)
_MODALS = frozenset(words("to, be, get, got, would, will, 'd, 'll, could, were, was, might"))
_INCITERS = frozenset(words("someone, somebody, people, everyone, everybody, anyone, we"))
# After a weak verb's person: the end, or words that keep it a threat ("I'll find you soon").
_WEAK_AFTER = frozenset(
    words("""
    for, back, one, someday, soon, eventually, down, and, if, when, tonight, tomorrow, now, yet,
    i, wherever, where, like, outside, after
""")
)
_VICTIM_SKIP = frozenset(
    words("""
    all, every, each, the, those, these, that, this, a, an, any, of, next, single, last, other,
    fucking, damn, little, such, some, more, few, many, of, them, your, their, his, her
""")
)
# After "dead" or "die": readings that are not about a death ("dead wrong", "dead tired").
_DEAD_IDIOMS = frozenset(
    words("""
    wrong, right, serious, tired, set, on, last, certain, sure, honest, lucky, inside, center,
    centre, silent, quiet, end, ringer, heat, giveaway, easy, simple, funny, ahead, broke
""")
)
_BODY = frozenset(BODY_PARTS)
# A weak verb threatens only a person named right after it; most "get"s are not followed by one,
# and checking that on the skeleton spares those comments the parse.
_PERSON_NEXT = re.compile(r"\W+(?:you|u|ya|yall|him|her|them)\b")


def _victim(p: Parsed, b: int, limit: int = 6) -> tuple[str | None, int]:
    """Whom a violent verb at ``[.., b)`` targets, and the token just past that person."""
    end = min(p.sentence_end[b - 1] if b > 0 else len(p), b + limit)
    for k in range(b, end):
        t = p.text(k)
        if t in SECOND or t in {"yourself", "yourselves"}:
            return "you", k + 1
        if t in THIRD or t == "them":
            return ("self" if t in FIRST else "person"), k + 1
        if t in _VICTIM_SKIP:
            continue
        if t in IDENTITY_ADJS and p.text(k + 1) in PERSON_NOUNS:
            continue  # "a trans person": the person comes next
        found = who(p, k)
        if found is None and (t in PERSON_NOUNS or t in IDENTITY_NOUNS):
            found = "group"  # "every politician", "a woman": people, whoever they are
        return found, k + 1
    return None, b


def _body(p: Parsed, b: int) -> tuple[str | None, int]:
    """ "your legs", "their throats", "every bone in your body", "that neck of yours"."""
    owner: str | None = None
    for k in range(b, min(b + 6, len(p))):
        t = p.text(k)
        if t in SECOND_POSS or t == "you":
            owner = "you"
        elif t in THIRD_POSS or t in {"them", "him"}:
            owner = "person"
        if t in _BODY:
            if owner is None and p.text(k + 1) == "of" and p.text(k + 2) in {"yours", "his"}:
                return ("you" if p.text(k + 2) == "yours" else "person"), k + 3
            if owner is None and p.text(k + 1) == "of":
                return _victim(p, k + 2)  # "snap the necks of all those people"
            if owner is not None:
                return owner, k + 1
        if not p.tokens[k].is_word:
            break
    return None, b


def _intent(p: Parsed, a: int) -> bool:
    """Whether the writer (or "we", or an imperative) means to do the verb at ``a``."""
    stop = p.clause_start(a)
    seen_intent = False
    j = a - 1
    while j >= stop:
        t = p.text(j)
        if t in _INTENT:
            seen_intent = True
        elif t not in _FILLER:
            break
        j -= 1
    if j < stop:
        # nothing but intent words and fillers before the verb: an imperative ("kill them
        # all", "let's hang them") or a bare wish; intent words alone are not a subject
        return not any(p.text(k) in {"'ll", "will", "would", "'d"} for k in range(stop, a))
    t = p.text(j)
    if t in FIRST or (t == "'s" and p.text(j - 1) == "let"):
        return seen_intent
    return t in _INCITERS and any(p.text(k) in _WISH for k in range(j, a))


def _verb(p: Parsed, a: int, b: int, kind: str) -> Aim:
    missed = screen(p, a)
    if missed is not None:
        return missed
    if not _intent(p, a):
        return Aim(None, "generic")
    if kind == "verbobj":
        inside = [k for k in range(a, b) if p.text(k) in SECOND | THIRD]
        target, stop = (who(p, inside[0]), b) if inside else (None, b)
    elif kind == "body":
        target, stop = _body(p, b)
        if target is None:
            return Aim(None, "thing")
    else:
        target, stop = _victim(p, b)
        if target is None and kind == "verb":
            target, stop = _body(p, b)
    if kind == "weak":
        if p.text(b) not in SECOND | THIRD | {"u", "ya"}:
            return Aim(None, "thing")
        after = p.text(b + 1)
        if b + 1 < len(p) and p.tokens[b + 1].is_word and after not in _WEAK_AFTER:
            return Aim(None, "thing")  # "I'll find you a link", "get you a coffee"
    found = aimed(p, a, target, "thing")
    return attrs.evolve(found, stop=stop) if found.hit else found


def _phrase(p: Parsed, a: int, b: int, hit: Hit) -> Aim:
    missed = screen(p, a)
    if missed is not None:
        return missed
    if hit.entry.endswith(("dead", "die")) and p.text(b) in _DEAD_IDIOMS:
        return Aim(None, "generic")
    if hit.entry == "death to":
        target, stop = _victim(p, b)
        found = aimed(p, a, target, "thing")
        return attrs.evolve(found, stop=stop) if found.hit else found
    return aimed(p, a, "you")


def _wished(p: Parsed, a: int, b: int, kind: str) -> Aim:
    """ "You deserve to die", "they should all be shot", "I hope you suffer"."""
    missed = screen(p, a)
    if missed is not None:
        return missed
    if kind == "die" and p.text(b) in _DEAD_IDIOMS:
        return Aim(None, "generic")
    stop = p.clause_start(a)
    if not any(p.text(k) in _WISH for k in range(stop, a)):
        return Aim(None, "generic")
    for j in range(a - 1, stop - 1, -1):
        t = p.text(j)
        if t in _WISH or t in COPULAS or t in _FILLER or t in _MODALS:
            continue
        if t in FIRST:
            return Aim(None, "self")  # "I'd rather die"; the wisher is the writer
        if p.text(j + 1) == "like" and p.text(j + 2) in SECOND:
            return aimed(p, a, "you")
        target = who(p, j)
        if target is None and t in PERSON_NOUNS:
            target = "group"
        return aimed(p, a, target, "thing")
    return Aim(None, "generic")


def _judge(p: Parsed, a: int, b: int, hit: Hit) -> Aim:
    if hit.kind == "phrase":
        return _phrase(p, a, b, hit)
    if hit.kind in {"die", "passive"}:
        return _wished(p, a, b, hit.kind)
    return _verb(p, a, b, hit.kind)


_WHOM = {
    "you": "the person being addressed",
    "person": "a named person",
    "group": "a group of people",
}


def _describe(hit: Hit, aim: Aim, excerpt: str) -> str:
    whom = _WHOM.get(aim.target or "", "someone")
    if hit.kind in {"die", "passive"}:
        return f"The comment wishes harm on {whom} (\u201c{excerpt}\u201d)."
    return f"The comment threatens {whom} (\u201c{excerpt}\u201d)."


@attrs.frozen(repr=False)
class Threat:
    """The rule object behind :func:`threats` (build it with the factory).

    Attributes:
        score: what one threat adds.
        name: the rule's name.
    """

    score: float = 8.0
    name: str = "threat"

    category = "toxicity"
    reason = "A threat of violence or harm against a person (I will find you, watch your back)."
    should_flag: ClassVar[Sequence[str]] = (
        "I will find you.",
        "You'll regret this.",
        "Watch your back.",
        "I'm going to kill you.",
        "We will make you pay for this",
        "I'll break your legs.",
        "People like you deserve to die.",
        "I know where you live.",
        "Kill them all.",
    )
    should_pass: ClassVar[Sequence[str]] = (
        "This comment thread is killing me.",
        "I'd kill for a job with that location.",
        "I'll find you a link to the study.",
        "I would never hurt anyone.",
        "He said he would kill me.",
        "You won't regret accepting the counteroffer.",
        "My phone died during the interview.",
        "You're dead wrong about recruiters.",
        "Threatening to kill someone will get you arrested.",
    )

    def __repr__(self) -> str:
        return factory_repr("threats", {"score": self.score})

    def lexicon_gate(self) -> tuple[tuple[Lexicon, ...], str]:
        """The lexicon outside whose hits the rule finds nothing (for the rule plan)."""
        return (_LEXICON,), ""

    def find(
        self, text: NormalizedText, draft: CommentDraft | None, context: CheckContext
    ) -> Iterable[Finding]:
        """One finding per threat aimed at a person."""
        skeleton = text.skeleton.text
        hits = [
            h
            for h in scan(text).hits(_LEXICON)
            if h.kind != "weak" or _PERSON_NEXT.match(skeleton, h.at[1])
        ]
        if not hits:
            return ()
        return aimed_findings(
            rule=self.name,
            category=self.category,
            score=self.score,
            text=text,
            hits=hits,
            judge=_judge,
            targets=frozenset(_WHOM),
            describe=_describe,
            softened=1.0,
        )


def threats(score: float = 8.0) -> Threat:
    """The threat rule: violence or harm the writer intends, wishes or demands for a person."""
    return Threat(score=score)
