"""Profanity rules: swearing, disguised swearing, swearing at a person, and slurs.

Words are matched whole-word on the skeleton view, so "sh1t", "f u c k" and "a$$hole" are found
while "Scunthorpe", "assess", "class" and "cocktail" are not; "f*ck"-style masks are read on the
folded view. The four rules add up: plain swearing scores low (HateCheck's "profanity_nh" cases,
"what the fuck is going on with the weather", are not abuse), a disguise adds a little (the
writer expected a filter), and swearing at a person ("fuck you", "you asshole") holds.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import ClassVar

import attrs
import regex

from threadkit._model import CommentDraft, Finding
from threadkit.moderation._aim import Aim, aimed, screen, subject_before, who
from threadkit.moderation._clauses import Parsed
from threadkit.moderation._context import CheckContext
from threadkit.moderation._frames import aim_noun
from threadkit.moderation._insults import object_after
from threadkit.moderation._lexicon import Lexicon
from threadkit.moderation._rule import RULE_TIMEOUT, factory_repr
from threadkit.moderation._scan import MAX_HITS, Hit, aimed_findings, scan
from threadkit.moderation._text import NormalizedText
from threadkit.moderation._wordlists import (
    AMBIGUOUS_SLURS,
    IDENTITY_NOUNS,
    PERSON_NOUNS,
    PROFANE_AT,
    PROFANE_NOUNS,
    PROFANE_YOU,
    PROFANITY,
    SECOND,
    SLURS,
)

_REFLEXIVE = frozenset(("themselves", "himself", "herself", "themself", "itself"))

_LEXICON = Lexicon.build(
    {
        "you": tuple(PROFANE_YOU),
        "noun": tuple(p for p in PROFANITY if p in PROFANE_NOUNS),
        "at": tuple(p for p in PROFANITY if p in PROFANE_AT),
        "word": PROFANITY,
    }
)
_SLURS = Lexicon.build({"slur": SLURS})
# Characters that mask a profane word ("f*ck"): ``profanity_hits`` looks for those beyond the
# lexicon, so a comment holding one is never ruled out by the lexicon alone.
_MASKS = "*#%"
# A word with some letters masked by symbols: "f*ck", "sh*t", "a**hole", "f***".
_MASKED = regex.compile(r"(?<![\p{L}\p{N}*#%])(\p{L}+)([*#%]+)(\p{L}*)(?![\p{L}\p{N}*#%])")
_RUNS = regex.compile(r"(\p{L})\1{2,}")
# A swear word that is not itself aimed ("fucking") aims only right after "you": "you fucking X".
_YOU_BEFORE = re.compile(r"(?:^|\W)(?:you|u|ya)\W+$")


# Single profane words by (first letter, length), the candidates for a masked spelling.
_BY_SHAPE: dict[tuple[str, int], tuple[str, ...]] = {}
for _word in _LEXICON.kinds:
    if " " not in _word:
        _key = (_word[0], len(_word))
        _BY_SHAPE[_key] = (*_BY_SHAPE.get(_key, ()), _word)


def _unmask(prefix: str, masks: int, suffix: str) -> str | None:
    """The profanity a masked word stands for, when exactly one letter per mask fits."""
    for word in _BY_SHAPE.get((prefix[0], len(prefix) + masks + len(suffix)), ()):
        if word.startswith(prefix) and word.endswith(suffix):
            return word
    return None


def profanity_hits(text: NormalizedText) -> tuple[Hit, ...]:
    """Every profane word in ``text``: skeleton matches plus masked spellings, in order."""
    sc = scan(text)
    cached = sc.memo.get("profanity")
    if cached is not None:
        return cached
    found = list(sc.hits(_LEXICON))
    folded = text.folded
    if "*" in folded.text or "#" in folded.text or "%" in folded.text:
        matches = _MASKED.finditer(folded.text, timeout=RULE_TIMEOUT)
        for m in itertools.islice(matches, MAX_HITS):
            word = _unmask(m[1], len(m[2]), m[3])
            if word is not None:
                start, end = folded.to_original(m.start(), m.end())
                found.append(Hit(word, "masked:" + _LEXICON.kinds[word], start, end))
        found.sort(key=lambda h: h.start)
    result = tuple(found[:MAX_HITS])
    sc.memo["profanity"] = result
    return result


def disguised(text: NormalizedText, hit: Hit) -> bool:
    """Whether the reader disguised the word (leetspeak, spacing, look-alikes), not just wrote
    it, stretched it or politely masked it with asterisks."""
    if hit.kind.startswith("masked:"):
        return False
    typed = _RUNS.sub(r"\1", text.original[hit.start : hit.end].casefold())
    return typed != hit.entry and typed.replace("'", "") != hit.entry.replace("'", "")


def _at_person(p: Parsed, a: int, b: int, hit: Hit) -> Aim:
    kind = hit.kind.removeprefix("masked:")
    if kind == "noun":
        return aim_noun(p, a, b)
    if kind == "you":
        missed = screen(p, a)
        if missed is not None:
            return missed
        # "fuck off!" (the reader) vs "we got to fuck off early" (the writer leaving)
        s = subject_before(p, a, p.clause_start(a))
        return aimed(p, a, "you" if s is None else who(p, s), "thing")
    if kind == "at":
        missed = screen(p, a)
        if missed is not None:
            return missed
        if hit.entry == "screw you":
            return aimed(p, a, "you")
        if p.text(a - 1) in {"the", "a", "what", "who", "why", "how", "give"}:
            return Aim(None, "generic")  # "what the fuck", "who gives a damn"
        if p.text(b) in _REFLEXIVE:
            # "go fuck themselves": aimed at the clause's subject, whoever that is
            s = subject_before(p, a, p.clause_start(a))
            return aimed(p, a, "you" if s is None else who(p, s), "thing")
        return aimed(p, a, object_after(p, b, limit=3), "thing")
    if kind == "word" and p.text(a - 1) in SECOND and p.text(b) in PERSON_NOUNS | IDENTITY_NOUNS:
        return aimed(p, a, "you")  # "you fucking women"
    return Aim(None, "generic")


def _slur_aim(p: Parsed, a: int, b: int, hit: Hit) -> Aim:
    if hit.entry in AMBIGUOUS_SLURS:
        return aim_noun(p, a, b, weak=True)  # "dyke" is also a wall against the sea
    missed = screen(p, a)
    if missed is not None and missed.why in {"quoted", "mention", "reported"}:
        return missed
    return aimed(p, a, "group")


@attrs.frozen(repr=False)
class Profanity:
    """Swearing anywhere in the comment, disguised or not (build it with :func:`profanity`).

    Attributes:
        score: what each profane word adds.
        name: the rule's name.
    """

    score: float = 1.5
    name: str = "profanity"

    category = "toxicity"
    reason = "Contains profanity."
    should_flag: ClassVar[Sequence[str]] = ("What the fuck is this.", "Total bullshit", "sh1t")
    should_pass: ClassVar[Sequence[str]] = (
        "Scunthorpe United played in Essex.",
        "Let me assess the class cocktail menu.",
        "He passed the assessment with a classic analysis.",
    )

    def __repr__(self) -> str:
        return factory_repr("profanity", {"score": self.score})

    def lexicon_gate(self) -> tuple[tuple[Lexicon, ...], str]:
        """The lexicon (and mask marks) outside whose hits the rule finds nothing."""
        return (_LEXICON,), _MASKS

    def find(
        self, text: NormalizedText, draft: CommentDraft | None, context: CheckContext
    ) -> Iterable[Finding]:
        """One finding per profane word; after the first, each adds half the score."""
        hits = profanity_hits(text)
        return self._findings(text, hits) if hits else ()

    def _findings(self, text: NormalizedText, hits: tuple[Hit, ...]) -> Iterator[Finding]:
        for n, hit in enumerate(hits):
            excerpt = text.original[hit.start : hit.end]
            score = self.score if n == 0 else self.score / 2
            yield Finding(self.name, self.category, score, (hit.start, hit.end), excerpt,
                          f"Contains profanity (\u201c{excerpt}\u201d).")  # fmt: skip


@attrs.frozen(repr=False)
class DisguisedProfanity:
    """Profanity spelled to slip past a filter: "sh1t", "f u c k", "a$$hole".

    Attributes:
        score: what each disguised word adds (on top of ``profanity``).
        name: the rule's name.
    """

    score: float = 2.0
    name: str = "obfuscated_profanity"

    category = "toxicity"
    reason = "Contains profanity disguised with symbols, digits, spacing or look-alike letters."
    should_flag: ClassVar[Sequence[str]] = ("sh1t happens", "f u c k this", "what an a$$hole")
    should_pass: ClassVar[Sequence[str]] = ("What the fuck.", "f*ck, I missed the bus", "assess")

    def __repr__(self) -> str:
        return factory_repr("obfuscated_profanity", {"score": self.score})

    def lexicon_gate(self) -> tuple[tuple[Lexicon, ...], str]:
        """The lexicon (and mask marks) outside whose hits the rule finds nothing."""
        return (_LEXICON,), _MASKS

    def find(
        self, text: NormalizedText, draft: CommentDraft | None, context: CheckContext
    ) -> Iterable[Finding]:
        """One finding per disguised profane word."""
        hits = profanity_hits(text)
        return self._findings(text, hits) if hits else ()

    def _findings(self, text: NormalizedText, hits: tuple[Hit, ...]) -> Iterator[Finding]:
        for hit in hits:
            if disguised(text, hit):
                excerpt = text.original[hit.start : hit.end]
                yield Finding(self.name, self.category, self.score, (hit.start, hit.end),
                              excerpt, f"Disguised profanity (\u201c{excerpt}\u201d) reads as "
                              f"\u201c{hit.entry}\u201d.")  # fmt: skip


def _describe_at(hit: Hit, aim: Aim, excerpt: str) -> str:
    whom = {"you": "the person being addressed", "implicit": "the person being addressed",
            "person": "a named person"}.get(aim.target or "", "a group of people")  # fmt: skip
    return f"The comment swears at {whom} (\u201c{excerpt}\u201d)."


@attrs.frozen(repr=False)
class ProfanityAtPerson:
    """Profanity aimed at a person: "fuck you", "you asshole", "go fuck yourself".

    Attributes:
        score: what each aimed profanity adds (on top of ``profanity``).
        name: the rule's name.
    """

    score: float = 6.0
    name: str = "profanity_at_person"

    category = "toxicity"
    reason = "Profanity aimed at a person (fuck you, you asshole)."
    should_flag: ClassVar[Sequence[str]] = (
        "Fuck you.",
        "You're a complete asshole.",
        "go f*ck yourself",
        "The recruiter is a d1ck.",
    )
    should_pass: ClassVar[Sequence[str]] = (
        "Fucking hell, what a day.",
        "Are you fucking kidding me?",
        "I've been told to fuck off many times in my life.",
        "Fuck this, I am done.",
    )

    def __repr__(self) -> str:
        return factory_repr("profanity_at_person", {"score": self.score})

    def lexicon_gate(self) -> tuple[tuple[Lexicon, ...], str]:
        """The lexicon (and mask marks) outside whose hits the rule finds nothing."""
        return (_LEXICON,), _MASKS

    def find(
        self, text: NormalizedText, draft: CommentDraft | None, context: CheckContext
    ) -> Iterable[Finding]:
        """One finding per profane word aimed at a person."""
        skeleton = text.skeleton.text
        hits = [
            h
            for h in profanity_hits(text)
            if h.kind.removeprefix("masked:") != "word" or _YOU_BEFORE.search(skeleton, 0, h.at[0])
        ]
        if not hits:
            return ()
        return aimed_findings(
            rule=self.name, category=self.category, score=self.score, text=text, hits=hits,
            judge=_at_person, targets=frozenset(("you", "implicit", "person", "group")),
            describe=_describe_at, softened=1.0,
        )  # fmt: skip


@attrs.frozen(repr=False)
class Slur:
    """Slurs against a group; words with an everyday meaning only when aimed at a person.

    Attributes:
        score: what each slur adds.
        name: the rule's name.
    """

    score: float = 6.0
    name: str = "slur"

    category = "toxicity"
    reason = "A slur against people for who they are."
    should_flag: ClassVar[Sequence[str]] = ("Typical r3tard behaviour.", "You are a faggot.")
    should_pass: ClassVar[Sequence[str]] = (
        "They are building a new dyke near the beach.",
        'He called me a "retard" and I reported him.',
    )

    def __repr__(self) -> str:
        return factory_repr("slurs", {"score": self.score})

    def lexicon_gate(self) -> tuple[tuple[Lexicon, ...], str]:
        """The lexicon outside whose hits the rule finds nothing (for the rule plan)."""
        return (_SLURS,), ""

    def find(
        self, text: NormalizedText, draft: CommentDraft | None, context: CheckContext
    ) -> Iterable[Finding]:
        """One finding per slur used against people."""
        hits = scan(text).hits(_SLURS)
        if not hits:
            return ()
        return aimed_findings(
            rule=self.name, category=self.category, score=self.score, text=text, hits=hits,
            judge=_slur_aim, targets=frozenset(("you", "implicit", "person", "group")),
            describe=lambda h, a, e: f"Contains a slur (\u201c{e}\u201d).", softened=1.0,
        )  # fmt: skip


def profanity(score: float = 1.5) -> Profanity:
    """Swearing anywhere, disguised or not; low by default so swearing alone approves."""
    return Profanity(score=score)


def obfuscated_profanity(score: float = 2.0) -> DisguisedProfanity:
    """Profanity disguised to slip past a filter (added on top of ``profanity``)."""
    return DisguisedProfanity(score=score)


def profanity_at_person(score: float = 6.0) -> ProfanityAtPerson:
    """Profanity aimed at a person (added on top of ``profanity``); holds by default."""
    return ProfanityAtPerson(score=score)


def slurs(score: float = 6.0) -> Slur:
    """Slurs against people for who they are; holds by default."""
    return Slur(score=score)


PROFANITY_RULES = (profanity(), obfuscated_profanity(), profanity_at_person(), slurs())
