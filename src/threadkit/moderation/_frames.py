"""The frames in which a word aims at a person, by the word's kind.

Built on ``_aim``: a noun aims in "you are a liar", "you liar", "what a liar", "liars like you",
"this fraud", "Liar!"; an adjective in "you are dishonest", "your deceptive post"; a verb in
"you lied", "stop lying"; an abstract noun through its owner, "your lies"; a ``negpos`` word
("honest") only when negated, "you were not honest". Every frame first passes ``screen`` (quoted,
reported, hypothetical, negated).
"""

from __future__ import annotations

from threadkit.moderation._aim import (
    COPULAS,
    DETS,
    HEDGES,
    INTENSIFIERS,
    NEGATORS,
    POSTURE,
    Aim,
    aimed,
    hedged,
    is_name,
    negated,
    owner,
    screen,
    standalone,
    subject_before,
    vocative,
    who,
)
from threadkit.moderation._clauses import Parsed
from threadkit.moderation._lexicon import words
from threadkit.moderation._wordlists import (
    FIRST,
    PERSON_NOUNS,
    PLURAL_PEOPLE,
    SECOND,
    TERM_WORDS,
    THIRD,
)

# Words a copular frame may pass over between the copula and the word: "you are nothing but a
# lying, two-faced fraud", "you're like a con artist", "you've been kind of dishonest".
_BRIDGE = (
    INTENSIFIERS
    | DETS
    | HEDGES
    | NEGATORS
    | TERM_WORDS
    | frozenset(
        words("""
        and, or, ",", like, of, full, nothing, but, than, kind, sort, bit, little, just, also,
        both, only, acting, being, been, be, as, nothing, more, most, the, biggest, worst,
        ever, greatest, known, yet, another, certified, absolute, one, complete, little, 'n,
        bunch, lot, pack, band, group, such, all, still, always, nothing, anything, far, from
    """)
    )
)
_PASSIVE_BE = frozenset(words("was, were, been, being, be, is, are, 're, 'm, am, get, got"))
_STOP_VERBS = frozenset(words("stop, quit, cease"))
# Verbs after which "NAME a liar" is one statement: "is John a fraud?", "I consider Jo a liar".
_SMALL_CLAUSE = COPULAS | frozenset(words("consider, find, call, calling, deem, think, thought"))
_DEMONSTRATIVES = frozenset(words("this, that, these, those"))
_DEFINITE = frozenset(words("the, this, that, my, your, his, her, their, our, ur"))
_NEGPOS_LEAD = (("less", "than"), ("anything", "but"), ("far", "from"), ("hardly", ""))


def _like_you(p: Parsed, b: int) -> str | None:
    """``X like you``: the target follows the word ("liars like you", "a fraud like him")."""
    for k in range(b, min(b + 3, len(p))):
        if p.text(k) in {"like", "as"} and p.text(k + 1) in SECOND | THIRD:
            return who(p, k + 1)
        if not p.tokens[k].is_word:
            return None
    return None


def _copular(p: Parsed, a: int, bridge: frozenset[str]) -> Aim | None:
    """Walk back from the word to a copula (then its subject) or a person right before it."""
    stop = p.clause_start(a)
    j = a - 1
    while j >= stop:
        t = p.text(j)
        if t in COPULAS:
            s = subject_before(p, j, stop)
            if s is None:
                nxt = p.text(j + 1)
                if nxt in SECOND | THIRD:  # "are you a liar?"
                    return aimed(p, a, who(p, j + 1))
                return Aim(None, "generic")
            return aimed(p, a, who(p, s))
        if t in SECOND or t == "ur":
            return aimed(p, a, "you")  # "you liar", "I consider you a fraud"
        if t in FIRST:
            return Aim(None, "self")
        if t in THIRD or (is_name(p, j) and p.text(j - 1) in _SMALL_CLAUSE):
            return aimed(p, a, who(p, j))  # "is he a fraud?", "I find her dishonest"
        if t in bridge or (not p.tokens[j].is_word and t in {",", "-"}):
            j -= 1
            continue
        return None
    return None


def _exclaim(p: Parsed, a: int, b: int) -> Aim | None:
    """ "What a liar (you are)!", "Such a fraud.": the target follows, or is the reader."""
    j = a - 1
    while j >= p.sentence[a] and (p.text(j) in INTENSIFIERS or p.text(j) in {"a", "an"}):
        j -= 1
    if p.text(j) not in {"what", "such"} or (j > p.sentence[a] and p.text(j - 1) in COPULAS):
        return None
    after = p.text(b)
    if after in SECOND | FIRST | THIRD or (b < len(p) and is_name(p, b)):
        return aimed(p, a, who(p, b))
    return aimed(p, a, "implicit")


def aim_noun(
    p: Parsed, a: int, b: int, *, weak: bool = False, bridge: frozenset[str] = _BRIDGE
) -> Aim:
    """A noun naming a person: "liar", "idiot", "fraud"."""
    missed = screen(p, a)
    if missed is not None:
        return missed
    liked = _like_you(p, b)
    if liked is not None:
        return aimed(p, a, liked)
    if not weak and (standalone(p, a, b) or vocative(p, a, b)):
        return aimed(p, a, "implicit")
    mine = owner(p, a)
    if mine is not None:
        return aimed(p, a, mine)
    found = _copular(p, a, bridge)
    if found is not None:
        return found
    found = _exclaim(p, a, b)
    if found is not None and (found.target != "implicit" or not weak):
        return found
    k = a - 1
    while k >= p.sentence[a] and p.text(k) in INTENSIFIERS:
        k -= 1
    if p.text(k) in _DEMONSTRATIVES and not weak:
        return aimed(p, a, "person")  # "this fraud", "that hypocrite"
    return Aim(None, "generic")


def aim_adj(p: Parsed, a: int, b: int, *, bridge: frozenset[str] = _BRIDGE) -> Aim:
    """An adjective describing a person: "dishonest", "stupid"."""
    missed = screen(p, a)
    if missed is not None:
        return missed
    liked = _like_you(p, b)
    if liked is not None:
        return aimed(p, a, liked)
    nxt = p.text(b)
    if b < len(p) and p.tokens[b].is_word and nxt not in bridge | COPULAS | _AFTER_PREDICATE:
        head = b
        if nxt in PERSON_NOUNS or nxt in TERM_WORDS:
            # "the dishonest recruiter", "you deceptive little man": aim the whole phrase
            # a plural on its own ("Stupid people...") is a generalisation, not a retort
            found = aim_noun(p, a, head + 1, weak=nxt in PLURAL_PEOPLE, bridge=bridge)
            if found.hit:
                return aimed(p, a, found.target)
            k = a - 1
            while k >= p.sentence[a] and p.text(k) in INTENSIFIERS:
                k -= 1
            if p.text(k) in _DEFINITE:
                return aimed(p, a, "person" if p.text(k) not in FIRST | {"my", "our"} else "self")
            return Aim(None, found.why)
        mine = owner(p, a)
        if mine is not None:
            return aimed(p, a, mine)  # "your deceptive post"
        if p.text(a - 1) in DETS or a == p.sentence[a]:
            return Aim(None, "thing")  # "deceptive advertising"
    if standalone(p, a, b) or vocative(p, a, b):
        return aimed(p, a, "implicit")
    walked = _copular(p, a, bridge)
    return walked if walked is not None else Aim(None, "generic")


# Words that may follow a predicate adjective without it becoming attributive.
_AFTER_PREDICATE = frozenset(
    words("""
    to, with, about, of, in, at, on, for, as, when, and, or, but, because, af, too, lol, again,
    anyway, enough, by, from, toward, towards, then, now, here, there, if, since, sometimes
""")
)


def aim_verb(p: Parsed, a: int, b: int) -> Aim:
    """A verb of deceiving done by someone: "you lied", "he scammed us", "stop lying"."""
    missed = screen(p, a)
    if missed is not None:
        return missed
    word = p.text(a)
    if not word.endswith("ing") and p.text(a - 1) in _PASSIVE_BE:
        return Aim(None, "generic")  # "you were lied to": the reader is the one deceived
    if word in {"lying", "lie", "lies"} and p.text(b) in POSTURE and p.text(b) != "about":
        return Aim(None, "generic")  # "lying on the beach"
    stop = p.clause_start(a)
    s = subject_before(p, a, stop)
    if s is None:
        return Aim(None, "generic")
    if p.text(s) in _STOP_VERBS:
        return aimed(p, a, "you")  # "stop lying"
    if p.text(s) in {"of", "for"} and p.text(s - 1) in SECOND | THIRD:
        return aimed(p, a, who(p, s - 1))  # "I accuse you of lying", "fire him for cheating"
    return aimed(p, a, who(p, s))


def aim_ing(p: Parsed, a: int, b: int, nouns: frozenset[str]) -> Aim:
    """ "lying", "cheating": an adjective before a noun, an abstract noun after an owner, else
    a verb."""
    nxt = p.text(b)
    if nxt in nouns or nxt in PERSON_NOUNS:
        return aim_adj(p, a, b)  # "you lying cheat", "that cheating recruiter"
    if owner(p, a) is not None:
        return aim_abstract(p, a, b)  # "your lying"
    return aim_verb(p, a, b)


def aim_abstract(p: Parsed, a: int, b: int) -> Aim:
    """An act needing an owner to aim: "your lies", "his hypocrisy"; else a copula's subject."""
    missed = screen(p, a)
    if missed is not None:
        return missed
    mine = owner(p, a)
    if mine is not None:
        return aimed(p, a, mine)
    if p.text(a - 1) == "of" and p.text(a - 2) == "full":
        found = _copular(p, a, _BRIDGE)
        if found is not None:
            return found
    return Aim(None, "generic")


def aim_negpos(p: Parsed, a: int, b: int) -> Aim:
    """A virtue denied: "you were not honest", "you never told the truth", "less than honest"."""
    if p.quoted[a]:
        return Aim(None, "quoted")
    lead = (p.text(a - 2), p.text(a - 1))
    denied = negated(p, a) or any(
        lead == pair or (pair[1] == "" and lead[1] == pair[0]) for pair in _NEGPOS_LEAD
    )
    if not denied:
        return Aim(None, "generic")
    for k in range(p.phrase_start(a), a):
        if p.text(k) in {"if", "unless", "whenever"}:
            return Aim(None, "hypothetical")
    found = _copular(p, a, _BRIDGE)
    if found is None:
        s = subject_before(p, a, p.clause_start(a))
        found = aimed(p, a, who(p, s)) if s is not None else Aim(None, "generic")
    if found.hit:
        # Highlight the denial with the virtue: "not honest", "wasn't honest", "less than honest"
        start = a
        for k in range(a - 1, max(a - 4, p.sentence[a]) - 1, -1):
            if p.text(k) in NEGATORS or p.text(k) in {"less", "anything", "far"}:
                start = k - 1 if p.text(k) == "n't" else k
                break
        return Aim(found.target, None, found.hedged or hedged(p, a), start)
    return found
