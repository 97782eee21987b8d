"""A shallow reading of a comment's structure: words, sentences, clauses and quotations.

The toxicity rules find words on the skeleton view; this module reads the folded view (where
"you're" and quotation marks survive) into tokens that carry original offsets, so a rule can ask
what surrounds a word: which sentence and clause it is in, whether it sits inside quotation
marks, and what came just before it. It is built only for comments that contain a word of
interest, which keeps the common case (nothing to look at) cheap.
"""

from __future__ import annotations

import functools
import operator
import re
from bisect import bisect_left, bisect_right
from typing import NamedTuple

import attrs

from threadkit.moderation._text import NormalizedText

# A word (letters and digits), a contraction tail ("'re", "n't" is read from "don't"), or one
# punctuation character. Whitespace is skipped. The pattern cannot backtrack (each branch reads
# a fixed class), so it runs on the standard library's engine without a timeout: the regex
# module's timeout check costs more than the whole tokenisation here.
_TOKENS = re.compile(
    r"(?P<word>[^\W_]+)(?P<tail>['’](?:re|ve|ll|m|s|d|t)(?![^\W_]))?|(?P<punct>[^\s\w]|_)"
)

# Contractions written without an apostrophe, as comments often do.
_BARE_CONTRACTIONS = {
    "youre": ("you", "'re"), "ure": ("you", "'re"), "youve": ("you", "'ve"),
    "youll": ("you", "'ll"), "youd": ("you", "'d"), "im": ("i", "'m"), "ive": ("i", "'ve"),
    "theyre": ("they", "'re"), "thats": ("that", "'s"), "whats": ("what", "'s"),
    "hes": ("he", "'s"), "shes": ("she", "'s"), "dont": ("do", "n't"), "doesnt": ("does", "n't"),
    "didnt": ("did", "n't"), "isnt": ("is", "n't"), "arent": ("are", "n't"),
    "wasnt": ("was", "n't"), "werent": ("were", "n't"), "cant": ("ca", "n't"),
    "wont": ("wo", "n't"), "aint": ("ai", "n't"), "havent": ("have", "n't"),
    "hasnt": ("has", "n't"), "hadnt": ("had", "n't"), "wouldnt": ("would", "n't"),
    "shouldnt": ("should", "n't"), "couldnt": ("could", "n't"), "cannot": ("can", "not"),
    "gonna": ("going", "to"), "wanna": ("want", "to"), "gotta": ("got", "to"),
}  # fmt: skip

#: Tokens after which a run-on "sentence" is cut. Every look around a word stays within its
#: sentence, so this bounds the work per word: a megabyte without a full stop stays linear.
MAX_SENTENCE = 60
_SENTENCE_END = frozenset(".!?…")
_OPENERS = frozenset("“‘«„‹「『")
_CLOSERS = frozenset("”’»‹›」』")
_STRAIGHT = frozenset("\"'`")
# Words that start a new clause with its own subject and polarity.
HARD_BOUNDARIES = frozenset(
    (
        *("but", "because", "cause", "cos", "coz", "although", "though", "however"),
        *("whereas", "yet", "unless", "until", "otherwise", "instead", "meanwhile", "still"),
    )
)
_HARD_PUNCT = frozenset(";:()[]—–")
_BUT_OK = frozenset(("nothing", "anything", "all", "everything", "none", "last"))


class Token(NamedTuple):
    """One word, contraction tail or punctuation mark (a tuple: parsing makes many).

    Attributes:
        text: the folded form, lower case ("you", "'re", "n't", ",").
        start: start offset in the original text.
        end: end offset in the original text.
        cap: whether the reader wrote it with a capital first letter.
        glued: no space between this token and the one before it.
    """

    text: str
    start: int
    end: int
    cap: bool = False
    glued: bool = False

    @property
    def is_word(self) -> bool:
        """Whether the token is a word (or contraction tail) rather than punctuation."""
        return self.text[:1].isalnum() or (self.text[:1] in "'’" and len(self.text) > 1)


@attrs.frozen
class Parsed:
    """A comment read into tokens, sentences and quotation spans.

    Attributes:
        tokens: every token in order.
        sentence: for each token, the index of the first token of its sentence.
        sentence_end: for each token, the index just past its sentence's last token.
        quoted: for each token, whether it lies between quotation marks.
    """

    tokens: tuple[Token, ...]
    sentence: tuple[int, ...]
    sentence_end: tuple[int, ...]
    quoted: tuple[bool, ...]
    _starts: tuple[int, ...] = attrs.field(alias="starts", repr=False)
    _ends: tuple[int, ...] = attrs.field(alias="ends", repr=False)
    _clause: tuple[int, ...] = attrs.field(alias="clause", repr=False)
    _phrase: tuple[int, ...] = attrs.field(alias="phrase", repr=False)
    # Each token's text, for ``text``: the rules ask for thousands per parsed comment.
    _texts: tuple[str, ...] = attrs.field(alias="texts", repr=False, eq=False)

    def __len__(self) -> int:
        return len(self.tokens)

    def text(self, i: int) -> str:
        """The folded text of token ``i``, or "" outside the comment."""
        return self._texts[i] if 0 <= i < len(self._texts) else ""

    def locate(self, start: int, end: int) -> tuple[int, int]:
        """Token range ``[a, b)`` covering the original span ``[start, end)`` (never empty)."""
        a = bisect_right(self._ends, start)
        b = max(bisect_left(self._starts, end), a + 1)
        return min(a, len(self.tokens) - 1), min(b, len(self.tokens))

    def clause_start(self, i: int) -> int:
        """First token of the clause holding token ``i`` (after a hard boundary or the sentence
        start)."""
        return self._clause[i]

    def phrase_start(self, i: int) -> int:
        """First token after the last comma or clause boundary before token ``i``."""
        return self._phrase[i]

    def ends_with_question(self, i: int) -> bool:
        """Whether the sentence holding token ``i`` ends with a question mark."""
        end = self.sentence_end[i]
        return end > 0 and self.tokens[end - 1].text == "?"


_LEET = str.maketrans("013457", "oieast")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Any character that can open a quotation (a text without one quotes nothing).
_ANY_QUOTE = re.compile("[" + re.escape("".join(sorted(_OPENERS | _STRAIGHT))) + "]")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_RUNS = re.compile(r"([^\W\d_])\1{2,}")


#: Words up to this long are cached by ``_split_short``: everyday words recur in every comment
#: parsed, while caching long ones would let a flood of long words fill memory.
_CACHED_WORD = 40


@functools.lru_cache(maxsize=8192)
def _split_short(word: str) -> tuple[str, ...]:
    return _split(word)


def _split(word: str) -> tuple[str, ...]:
    if not word.isalpha() and _HAS_LETTER.search(word):
        word = word.translate(_LEET)  # "l1ar" reads as "liar", as on the skeleton view
    word = _RUNS.sub(r"\1", word)  # "liiiar" too
    bare = _BARE_CONTRACTIONS.get(word)
    return bare if bare is not None else (word,)


def parse(text: NormalizedText) -> Parsed:
    """Tokens of ``text.folded`` with original offsets, sentences and quotation spans."""
    view = text.folded
    folded = view.text
    original = text.original
    # Folding maps ASCII character for character, so up to the first non-ASCII character (often
    # just a trailing emoji or byte-order mark) offsets need no mapping.
    other = _NON_ASCII.search(original)
    limit = len(original) if other is None else other.start()

    def to_original(start: int, end: int) -> tuple[int, int]:
        return (start, end) if end <= limit else view.to_original(start, end)

    tokens: list[Token] = []
    append = tokens.append
    newline_before: list[bool] = []
    mark = newline_before.append
    new = tuple.__new__  # a Token without the Python-level ``__new__`` a NamedTuple has
    lines = "\n" in folded  # without a newline no token starts a line: skip the look
    last_end = 0
    for m in _TOKENS.finditer(folded):
        start, last = m.span()
        # After the first token ``last_end`` is past a character, so 0 means "no token yet".
        glued = start == last_end and last_end != 0
        newline = lines and not glued and "\n" in folded[last_end:start]
        last_end = last
        word, tail, punct = m.groups()
        if punct is not None:
            s, e = (start, last) if last <= limit else view.to_original(start, last)
            append(new(Token, (punct, s, e, False, glued)))
            mark(newline)
            continue
        ws, we = (start, last) if tail is None else m.span(1)
        s, e = (ws, we) if we <= limit else view.to_original(ws, we)
        # A capital that marks a name, not shouting: "John", not "JOHN IS A LIAR"
        cap = s < e and original[s].isupper() and (e - s == 1 or not original[s:e].isupper())
        if tail is not None and tail[1:] == "t" and word.endswith("n"):
            # "don't" -> "do" + "n't"; "can't" -> "ca" + "n't"
            parts: tuple[str, ...] = (word[:-1], "n't")
        elif tail is not None:
            parts = (word, "'" + tail[1:])
        else:
            parts = _split_short(word) if len(word) <= _CACHED_WORD else _split(word)
        append(new(Token, (parts[0], s, e, cap, glued)))
        mark(newline)
        if len(parts) > 1:
            ts, te = to_original(we, last) if tail is not None else (e, e)
            append(new(Token, (parts[1], min(ts, e), max(te, e), False, True)))
            mark(False)
    return _structure(tokens, newline_before, _ANY_QUOTE.search(folded) is not None)


_START = operator.attrgetter("start")
_END = operator.attrgetter("end")


def _structure(tokens: list[Token], newline_before: list[bool], quotes: bool) -> Parsed:
    n = len(tokens)
    texts = [tok[0] for tok in tokens]
    sentence = [0] * n
    sentence_end = [n] * n
    first = 0
    ends = _SENTENCE_END
    for i, t in enumerate(texts):
        if (newline_before[i] and i > first) or i - first >= MAX_SENTENCE:
            sentence[first:i] = [first] * (i - first)
            sentence_end[first:i] = [i] * (i - first)
            first = i
        if t in ends:
            nxt = texts[i + 1] if i + 1 < n else ""
            if nxt not in ends and nxt not in _CLOSERS:
                sentence[first : i + 1] = [first] * (i + 1 - first)
                sentence_end[first : i + 1] = [i + 1] * (i + 1 - first)
                first = i + 1
    sentence[first:] = [first] * (n - first)  # the last sentence runs to the end
    return Parsed(
        tokens=tuple(tokens),
        sentence=tuple(sentence),
        sentence_end=tuple(sentence_end),
        quoted=tuple(_quoted(tokens)) if quotes else (False,) * n,
        starts=tuple(map(_START, tokens)),
        ends=tuple(map(_END, tokens)),
        texts=tuple(texts),
        **_clauses(texts, sentence),
    )


_PHRASE_PUNCT = frozenset((",", "-", "…"))


def _clauses(texts: list[str], sentence: list[int]) -> dict[str, tuple[int, ...]]:
    """Each token's clause and phrase start, in one pass (rules ask for them per word)."""
    clause = [0] * len(texts)
    phrase = [0] * len(texts)
    cs = ps = 0
    for i, t in enumerate(texts):
        if sentence[i] == i:
            cs = ps = i
        clause[i] = cs
        phrase[i] = ps
        if t in _HARD_PUNCT:
            cs = ps = i + 1
        elif t in HARD_BOUNDARIES:
            # "nothing but a liar", "anything but honest": "but" inside a phrase, not a clause
            if not (t == "but" and i > 0 and texts[i - 1] in _BUT_OK):
                cs = ps = i + 1
        elif t in _PHRASE_PUNCT:
            ps = i + 1
    return {"clause": tuple(clause), "phrase": tuple(phrase)}


def _opens(tokens: list[Token], i: int) -> bool:
    """A straight quote opens when glued to the word after it and not to the one before."""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return nxt is not None and nxt.glued and not tokens[i].glued


def _closes(tokens: list[Token], i: int) -> bool:
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return tokens[i].glued and (nxt is None or not nxt.glued or not nxt.is_word)


def _quoted(tokens: list[Token]) -> list[bool]:
    """Mark tokens between matching quotation marks; an unmatched mark quotes nothing."""
    out = [False] * len(tokens)
    open_at: int | None = None
    kind = ""
    for i, tok in enumerate(tokens):
        ch = tok.text
        if len(ch) != 1:
            continue
        if open_at is None:
            if ch in _OPENERS or (ch in _STRAIGHT and _opens(tokens, i)):
                open_at, kind = i, ch
            continue
        straight_close = ch in _STRAIGHT and ch == kind and _closes(tokens, i)
        if straight_close or (kind in _OPENERS and ch in _CLOSERS and tokens[i].glued):
            for k in range(open_at + 1, i):
                out[k] = True
            open_at = None
    return out
