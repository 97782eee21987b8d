"""Who a word is aimed at, read from the clause around it.

``aim(parsed, a, b, kind)`` answers for the word at tokens ``[a, b)``: is it said *to* or *about*
a person by the writer (a target), or is it quoted, reported ("he called me a liar"), negated
("you were not deceptive"), about the writer ("I lied once"), hypothetical ("if you lie") or
generic ("lying can get you fired")? The reading is shallow on purpose: a few frames that cover
how people actually accuse, insult and threaten in comments, each cheap to check.
"""

from __future__ import annotations

import attrs

from threadkit.moderation._clauses import HARD_BOUNDARIES, Parsed
from threadkit.moderation._lexicon import words
from threadkit.moderation._wordlists import (
    FIRST,
    FIRST_POSS,
    IDENTITY_ADJS,
    IDENTITY_NOUNS,
    NONPERSON,
    PERSON_NOUNS,
    PLURAL_PEOPLE,
    SECOND,
    SECOND_POSS,
    THIRD,
    THIRD_POSS,
)

COPULAS = frozenset(
    words("""
    is, are, was, were, am, be, been, being, 're, 's, 'm, r, seem, seems, seemed, appear,
    appears, appeared, sound, sounds, sounded, look, looks, looked, act, acts, acted, become,
    becomes, became, remain, remains, remained, proved, proven, stay, stays
""")
)
# Words that may stand between a subject and its verb or copula.
_AUX = frozenset(
    words("""
    have, has, had, 've, 'd, will, 'll, would, shall, should, can, could, may, might, must, do,
    does, did, ca, wo, ai, going, to, keep, keeps, kept, always, just, really, clearly,
    obviously, truly, certainly, definitely, totally, absolutely, basically, simply, also, even,
    still, then, already, both, all, literally, actually, honestly, seriously, probably, likely,
    maybe, perhaps, possibly, surely, openly, blatantly, knowingly, deliberately, repeatedly,
    constantly, often, again, once, too, turned, turn, turns, out, tend, tends, happen, happens,
    continue, continues, yourself, yourselves, themselves, each, sometimes, never, not, n't, go,
    only, now, so, very, pretty, quite, frankly, evidently, apparently, plainly, ever, usually,
    merely, nothing, but, than, more, most, less, least, like, a, an, one, real, such
""")
)
# Modifiers that may precede a word and are highlighted with it ("highly deceptive").
INTENSIFIERS = frozenset(
    words("""
    very, so, highly, totally, completely, utterly, absolutely, truly, quite, extremely,
    incredibly, thoroughly, deeply, fundamentally, downright, outright, pathologically,
    compulsively, blatantly, shamelessly, really, real, pure, total, complete, absolute, utter,
    big, biggest, little, massive, huge, fucking, freaking, frigging, bloody, damn, damned,
    goddamn, dirty, filthy, stinking, rotten, miserable, blatant, shameless, pathological,
    compulsive, serial, habitual, notorious, obvious, nasty, barefaced, such, most,
    more, super, insanely, unbelievably, genuinely, seriously, massively, proper, right, true,
    disgusting, pathetic, stupid, dumb, worthless, lying, cheating, sneaky, common
""")
)
DETS = frozenset(words("a, an, the, such, one, another, some, any, every, all, this, that"))
_SUBJECT_SKIP = _AUX | COPULAS | INTENSIFIERS
HEDGES = frozenset(
    words("""
    maybe, perhaps, possibly, probably, might, may, seem, seems, seemed, appear, appears,
    kinda, sorta, somewhat, slightly, bit, arguably, borderline, almost, bordering, guess,
    suspect, allegedly, supposedly, apparently, could
""")
)
NEGATORS = frozenset(
    words("""
    not, n't, never, no, none, nobody, noone, nothing, neither, nor, hardly, barely, scarcely,
    without, nowhere, cannot
""")
)
# A negator followed by these does not negate what comes after: "not only", "no doubt".
_NOT_NEGATING = frozenset(
    words("""
    only, just, merely, simply, but, doubt, wonder, question, matter, better, different, less,
    exception, surprise, surprised, mention, denying, deny, secret, idea, shortage, end, more,
    wait, one
""")
)
# Reporting verbs: base and -ing forms (a writer's own act when the subject is "I") ...
_REPORT_PRESENT = frozenset(
    words("""
    call, calls, calling, say, says, saying, tell, tells, telling, accuse, accuses, accusing,
    claim, claims, claiming, label, labels, labelling, labeling, brand, brands, branding, name,
    naming, describe, describes, describing, think, thinks, thinking, believe, believes,
    believing, consider, considers, considering, find, finds, reckon, reckons, suspect,
    suspects, feel, feels, guess, bet, swear, insist, insists, suggest, suggests, imply,
    implies, allege, alleges, mean, figure, argue, argues, arguing, insinuate, insinuates,
    insinuating, yell, yelling, shout, shouting, scream, screaming, write, writes, writing
""")
)
# ... and past forms, which report what was said before (unless a thought of the writer's).
_REPORT_PAST = frozenset(
    words("""
    called, said, told, accused, claimed, labelled, labeled, branded, named, described,
    thought, believed, considered, found, reckoned, suspected, felt, guessed, insisted,
    suggested, implied, alleged, insinuated, wrote, written, posted, commented, tweeted, texted,
    emailed, messaged, yelled, shouted, screamed, badmouthed, badmouthing, heard, argued,
    asked, asking, ask, asks, wondered, wondering, rumoured, rumored, spread, spreading,
    heard, hear, hears, hearing, read, reported, reports, reporting, quoted, quoting, quote
""")
)
_OWN_THOUGHTS = frozenset(words("thought, believed, felt, suspected, knew, figured, found"))
_PASSIVE = frozenset(words("was, were, been, being, be, get, gets, got, getting, 'm, am, is, are"))
_CONDITIONS = frozenset(
    words("""
    if, unless, whenever, suppose, supposing, imagine, pretend, assuming, assume, whoever,
    whomever, whatever
""")
)
# "anyone who lies", "people that cheat": a generalisation, not an accusation.
_ANYONE = frozenset(
    words("""
    anyone, anybody, someone, somebody, everyone, everybody, people, those, one, person, guys,
    folks, men, women
""")
)
_GENERIC = frozenset(
    words("""
    everyone, everybody, anyone, anybody, someone, somebody, people, nobody, noone, one, whoever,
    folks, ppl, others, anyone's, humans
""")
)
_MENTION = frozenset(
    words("""
    word, words, term, terms, label, labels, name, names, insult, insults, slur, slurs, phrase,
    expression, accusation, accusations, adjective, noun, called, like, as, calling
""")
)
_EXCLAIM = frozenset(words("what, such, wow, oh, how"))
_INTERJECTIONS = frozenset(
    words("""
    oh, wow, ugh, lol, lmao, haha, hah, omg, yeah, yes, well, sir, madam, mate, dude, man,
    buddy, pal, bro, you, u, ya, just, hey, god, jesus, damn, ok, okay, so, and, the, a, an,
    what, such, total, complete, absolute, utter, another, typical, classic, liar, pure, fucking
""")
)
# After "lying": the posture, not the untruth ("lying on the beach").
POSTURE = frozenset(
    words("""
    down, on, in, around, there, here, awake, back, low, flat, still, face, next, beside, under,
    asleep, dormant, idle, ahead, about, beneath, by, upon
""")
)


@attrs.frozen
class Aim:
    """Whether and at whom a word is aimed.

    Attributes:
        target: "you" (the reader), "person" (someone named), "group" (people as a group),
            "implicit" (a bare "Liar!"), or None when the word is not aimed at anyone.
        why: when not aimed, the reason: "quoted", "mention", "reported", "negated", "self",
            "hypothetical", "generic" or "thing".
        hedged: softened ("maybe", "kind of", a yes/no question).
        start: the token where the highlighted span starts (intensifiers included).
        stop: the token just past the highlighted span when it runs past the word ("kill
            you"); None to end with the word.
    """

    target: str | None
    why: str | None = None
    hedged: bool = False
    start: int = 0
    stop: int | None = None

    @property
    def hit(self) -> bool:
        """Whether the word is aimed at someone."""
        return self.target is not None


def _miss(why: str) -> Aim:
    return Aim(None, why)


def is_name(p: Parsed, i: int) -> bool:
    """A capitalised word that is not a pronoun or a sentence's first word (a person's name)."""
    tok = p.tokens[i]
    if not tok.cap or not tok.text.isalpha() or tok.text in FIRST | SECOND | THIRD | NONPERSON:
        return False
    if p.sentence[i] != i:
        return True
    return p.text(i + 1) in {"is", "was", "'s", "has", "lied", "lies", "cheated"}


def who(p: Parsed, j: int) -> str | None:
    """What kind of referent token ``j`` (a subject or object) is, or None if unknown."""
    t = p.text(j)
    if not t:
        return None
    if t in SECOND or t in SECOND_POSS:
        return "you"
    if t in FIRST or t in FIRST_POSS:
        return "self"
    if t in THIRD or t in THIRD_POSS:
        return "person"
    if t in _GENERIC and p.text(j - 1) not in IDENTITY_ADJS:
        return None
    if t in PERSON_NOUNS or t in IDENTITY_NOUNS:
        # "you people", "you women": the reader addressed as a group
        for k in range(max(j - 3, p.sentence[j]), j):
            if p.text(k) in SECOND:
                return "you"
        if p.text(j - 1) in {"a", "an", "some", "any", "every", "each"}:
            return None  # "a guy once lied to me": nobody in particular
        if t in IDENTITY_NOUNS or p.text(j - 1) in IDENTITY_ADJS:
            # "women", "gay people": a group by who they are; one of them is a person
            return (
                "group"
                if t in PLURAL_PEOPLE or (t in IDENTITY_NOUNS and t[-1] == "s")
                else ("person")
            )
        if t in PLURAL_PEOPLE:
            return None  # "politicians", "people": a generalisation, not aimed at anyone
        return "person"  # "the recruiter", "my boss", "this guy"
    if t in NONPERSON:
        return "thing"
    if t == "op" or is_name(p, j):
        return "person"
    return "thing" if t.isalpha() and not t.endswith("ing") else None


def subject_before(p: Parsed, i: int, stop: int) -> int | None:
    """Index of the subject for a verb or copula at ``i``: the nearest word before it that is
    not an auxiliary or adverb, within the clause (``stop``). None when the clause has none."""
    j = i - 1
    while j >= stop:
        t = p.text(j)
        if t in _SUBJECT_SKIP or t in NEGATORS or t in HEDGES or t in {",", "-"}:
            j -= 1
            continue
        if t == "and" or t == "or":
            # "you took the money and lied": find the subject of the first conjunct
            for k in range(j - 1, stop - 1, -1):
                if who(p, k) in {"you", "self", "person"} and p.text(k) not in SECOND_POSS:
                    return k
            return None
        return j
    return None


def negated(p: Parsed, a: int) -> bool:
    """Whether a negator governs the word at ``a`` (same phrase, before it)."""
    j = a - 1
    stop = p.phrase_start(a)
    while j >= stop:
        t = p.text(j)
        if t in {"and", "or", "so", "then"} and who(p, j + 1) in {"you", "self", "person"}:
            return False  # a new clause with its own subject starts here
        if t in NEGATORS:
            nxt = p.text(j + 1)
            if t in {"without", "no"} and "doubt" in (nxt, p.text(j + 2)):
                j -= 1  # "without a doubt", "no doubt": certainty, not denial
                continue
            if nxt in _NOT_NEGATING or nxt in {",", "!"}:
                j -= 1
                continue
            if t == "n't" and p.text(j - 1) in {"ca", "could"} and nxt == "believe":
                j -= 1  # "I can't believe you lied" affirms it
                continue
            return True
        j -= 1
    return False


def reporting(p: Parsed, a: int) -> str | None:
    """ "reported" when someone else's words are reported; "own" for the writer's own saying."""
    first = p.sentence[a]
    end = p.sentence_end[a]
    for k in range(first, end - 1):
        if p.text(k) == "according" and p.text(k + 1) == "to":
            return "reported"
    stop = p.clause_start(a)
    for r in range(a - 1, stop - 1, -1):
        t = p.text(r)
        if t not in _REPORT_PRESENT and t not in _REPORT_PAST and t not in _OWN_THOUGHTS:
            continue
        if p.text(r - 1) in _PASSIVE and t in _REPORT_PAST:
            return "reported"  # "I was called a liar", "being labelled dishonest"
        s = subject_before(p, r, p.clause_start(r))
        if s is None:
            return "reported"  # "calling someone a liar is ...", "stop saying I lied"
        if who(p, s) == "self" and p.text(s) in FIRST:
            if t in _REPORT_PRESENT or t in _OWN_THOUGHTS:
                return "own"  # "I call you a liar", "I think you lied", "I always knew"
            return "reported"  # "I told him he lied": the writer reporting a past exchange
        return "reported"
    return None


def _hypothetical(p: Parsed, a: int) -> bool:
    for k in range(p.phrase_start(a), a):
        t = p.text(k)
        if t in _CONDITIONS or (t in _ANYONE and p.text(k + 1) in {"who", "that", "which"}):
            return True
    return False


def hedged(p: Parsed, a: int) -> bool:
    """Softened by a hedge in the same clause, or asked as a yes/no question."""
    if any(p.text(k) in HEDGES for k in range(p.clause_start(a), a)):
        return True
    if p.ends_with_question(a):
        first = p.text(p.clause_start(a))
        return first in COPULAS or first in _AUX or first in {"is", "are", "did", "do"}
    return False


def extend_left(p: Parsed, a: int) -> int:
    """The highlighted span's first token: ``a`` plus the intensifiers right before it."""
    j = a
    while (
        j - 1 >= p.sentence[a]
        and p.text(j - 1) in INTENSIFIERS
        and p.text(j - 1)
        not in {
            "such",
            "most",
            "more",
        }
    ):
        j -= 1
    return j


def standalone(p: Parsed, a: int, b: int, extra: frozenset[str] = frozenset()) -> bool:
    """The sentence is only the word plus interjections: "Liar!", "What a fraud.", "Idiot."."""
    for k in range(p.sentence[a], p.sentence_end[a]):
        if a <= k < b:
            continue
        t = p.text(k)
        if p.tokens[k].is_word and t not in _INTERJECTIONS and t not in extra:
            return False
    return True


def vocative(p: Parsed, a: int, b: int) -> bool:
    """Set off by a comma at a sentence's edge: "Shut up, idiot." or "Liar, admit it."."""
    j = a - 1
    while j >= p.sentence[a] and (p.text(j) in INTENSIFIERS or p.text(j) in DETS):
        j -= 1
    end = p.sentence_end[a]
    after = p.text(b)
    at_end = b >= end or (not p.tokens[b].is_word and after not in {",", "'", '"'})
    if p.text(j) == "," and at_end:
        return True
    return j < p.sentence[a] and after == ","


def screen(p: Parsed, a: int) -> Aim | None:
    """The checks every frame shares: quotation, mention, reporting, condition, negation."""
    if p.quoted[a]:
        return _miss("quoted")
    prev = p.text(a - 1)
    if prev in {"'", '"', "“", "‘"}:
        prev = p.text(a - 2)
    if prev in _MENTION and p.text(a - 2) in {"the", "a", "an", "words", "terms", "with"}:
        return _miss("mention")
    if reporting(p, a) == "reported":
        return _miss("reported")
    if _hypothetical(p, a):
        return _miss("hypothetical")
    if negated(p, a):
        return _miss("negated")
    return None


def aimed(p: Parsed, a: int, target: str | None, why: str = "generic") -> Aim:
    """An ``Aim`` at ``target`` (a miss for None, "self" and "thing")."""
    if target is None or target in {"self", "thing"}:
        return _miss(why if target is None else target)
    return Aim(target, None, hedged(p, a), extend_left(p, a))


def owner(p: Parsed, a: int) -> str | None:
    """The possessor of the noun phrase ending at ``a``: "your lies", "John's deceit"."""
    j = a - 1
    steps = 0
    while j >= p.sentence[a] and steps < 3 and p.text(j) in INTENSIFIERS | {"constant", "many"}:
        j -= 1
        steps += 1
    t = p.text(j)
    if t in SECOND_POSS or (t in SECOND and p.text(j) == "ur"):
        return "you"
    if t in FIRST_POSS:
        return "self"
    if t in THIRD_POSS:
        return "person"
    if t == "'s" and j > 0:
        return who(p, j - 1)
    if p.text(a + 1) == "of" and p.text(a + 2) in {"yours", "yourself"}:
        return "you"
    return None


def hard_boundary(t: str) -> bool:
    """Whether ``t`` starts a new clause."""
    return t in HARD_BOUNDARIES
