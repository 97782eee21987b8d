"""Text normalisation for matching, with offset maps back to what the reader typed.

``normalize(text)`` builds two views once per check. ``folded`` undoes the cheap disguises
(case, compatibility forms, look-alike letters, invisible characters) and keeps everything else;
``skeleton`` also undoes the deliberate ones (accents, leetspeak, spaced letters, stretched
letters). Each view maps a span of its own text back to the span of the original that produced
it, so a finding always highlights the characters the reader actually typed.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable

import attrs

# Letters from other scripts that render like Latin ones (after case folding), mapped the way
# Unicode's confusables data (UTS #39) maps them; small capitals are included because
# "ᴅɪsʜᴏɴᴇsᴛ" is a common way to dodge filters.
_CONFUSABLES = {
    # Cyrillic
    "а": "a", "в": "b", "г": "r", "е": "e", "ё": "e", "з": "3", "к": "k",
    "м": "m", "н": "h", "о": "o", "п": "n", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x",
    "ь": "b", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d", "һ": "h", "ԛ": "q", "ԝ": "w",
    "ӏ": "l", "ү": "y", "ҽ": "e", "ո": "n", "ս": "u", "օ": "o",
    # Greek
    "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
    "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ϲ": "c", "ϳ": "j", "ς": "c",
    # Latin small capitals and other look-alikes
    "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ꜰ": "f", "ɢ": "g", "ʜ": "h", "ɪ": "i",
    "ᴊ": "j", "ᴋ": "k", "ʟ": "l", "ᴍ": "m", "ɴ": "n", "ᴏ": "o", "ᴘ": "p", "ʀ": "r", "ꜱ": "s",
    "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ʏ": "y", "ᴢ": "z", "ı": "i", "ɑ": "a", "ɡ": "g",
}  # fmt: skip

# Letters that do not decompose under NFD but read as a plain Latin letter.
_STROKES = {"ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ŧ": "t", "ƀ": "b", "ɨ": "i", "æ": "ae",
            "œ": "oe", "þ": "th", "ð": "d"}  # fmt: skip

# Leetspeak inside a word that has letters: digits and symbols standing in for letters.
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a",
                       "$": "s", "!": "i"})  # fmt: skip

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


class _Patterns:
    """The skeleton's fixed patterns, in an ASCII and a Unicode flavour.

    These are not rules: they are fixed, linear-time by construction (no nested quantifiers,
    bounded lookarounds), so they use the standard ``re`` module, which runs them two to three
    times faster than ``regex``. Each starts with a rare character class where it can, which lets
    ``re`` skip ahead quickly; the ASCII flavour serves the common case of a folded ASCII text.
    """

    def __init__(self, letter: str, word: str, seps: str) -> None:
        unit = f"(?:{letter}|[013457@$])"
        # Three or more single letters (or leet characters) separated by one repeated separator:
        # "d i s h", "d.i.s.h", "d-i-s-h". At least one must be a letter, checked in code.
        self.spaced_hint = re.compile(rf"[{seps}]{unit}[{seps}]{unit}(?![{word}@$])")
        self.spaced = re.compile(
            rf"(?<![{word}@$]){unit}(?P<sep>[{seps}]){unit}(?:(?P=sep){unit})+(?![{word}@$])"
        )
        # A leet character touching a letter ("l1ar", "$hit"); "!" only between two letters.
        self.leet_hint = re.compile(
            rf"[013457@$!](?:(?<={letter}[013457@$])|(?<=[013457@$])(?={letter})"
            rf"|(?<={letter}!)(?={letter}))"
        )
        self.token = re.compile(rf"[{word}@$]+(?:![{word}@$]+)*")
        self.letter = re.compile(letter)
        self.repeat = re.compile(rf"({letter})\1\1+")


_ASCII = _Patterns("[a-z]", "a-z0-9", r" .\-_*~")
_UNICODE = _Patterns(r"[^\W\d_]", r"\w", r" .\-_*~·")


_WORD = re.compile(r"[^\W_]+")
_WORD_ASCII = re.compile(r"[A-Za-z0-9]+")


class _OffsetMap:
    """Maps positions of a derived string back to its source through a list of edits.

    An edit replaces ``source[os:oe]`` with ``derived[ns:ne]``; outside edits the strings agree
    character for character. Touching edits are merged, so gaps between edits are never empty.
    """

    __slots__ = ("_ne", "_ns", "_oe", "_os")

    def __init__(self) -> None:
        self._ns: list[int] = []
        self._ne: list[int] = []
        self._os: list[int] = []
        self._oe: list[int] = []

    def add(self, ns: int, ne: int, os: int, oe: int) -> None:
        if self._ne and self._ne[-1] == ns:
            self._ne[-1] = ne
            self._oe[-1] = oe
            return
        self._ns.append(ns)
        self._ne.append(ne)
        self._os.append(os)
        self._oe.append(oe)

    def __bool__(self) -> bool:
        return bool(self._ns)

    def start(self, p: int) -> int:
        """Where a span starting at derived position ``p`` starts in the source."""
        i = bisect_right(self._ns, p) - 1
        if i < 0:
            return p
        if p < self._ne[i]:
            return self._os[i]
        return p - self._ne[i] + self._oe[i]

    def end(self, p: int) -> int:
        """Where a span ending at derived position ``p`` ends in the source."""
        i = bisect_left(self._ne, p)
        if i == len(self._ne):
            return p if i == 0 else p - self._ne[-1] + self._oe[-1]
        if self._ns[i] < p:
            return self._oe[i]
        return p - self._ns[i] + self._os[i]


_IDENTITY = _OffsetMap()  # never added to: the map of a step that changed nothing


class _Builder:
    """Accumulates a derived string and the offset map back to its source."""

    __slots__ = ("map", "new", "old", "parts")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.map = _OffsetMap()
        self.new = 0
        self.old = 0

    def keep(self, chunk: str) -> None:
        self.parts.append(chunk)
        self.new += len(chunk)
        self.old += len(chunk)

    def replace(self, old_len: int, chunk: str) -> None:
        self.parts.append(chunk)
        self.map.add(self.new, self.new + len(chunk), self.old, self.old + old_len)
        self.new += len(chunk)
        self.old += old_len

    def text(self) -> str:
        return "".join(self.parts)


@attrs.frozen
class View:
    """One normalised form of a text, with spans mapping back to the original.

    Attributes:
        text: the normalised text rules match against.
    """

    text: str
    _maps: tuple[_OffsetMap, ...] = attrs.field(alias="maps", repr=False, eq=False)
    _original_length: int = attrs.field(alias="original_length", repr=False)

    @functools.cached_property
    def words(self) -> tuple[str, ...]:
        """The view's words (maximal runs of letters and digits), computed once per check and
        shared by every rule that matches phrases."""
        pattern = _WORD_ASCII if self.text.isascii() else _WORD
        return tuple(pattern.findall(self.text))

    @functools.cached_property
    def word_set(self) -> frozenset[str]:
        """The distinct ``words``: phrase and word-list rules test them with set operations."""
        return frozenset(self.words)

    @functools.cached_property
    def word_pairs(self) -> frozenset[tuple[str, str]]:
        """The distinct pairs of neighbouring ``words``, for rules matching two-word phrases."""
        return frozenset(itertools.pairwise(self.words))

    @functools.cached_property
    def word_spans(self) -> tuple[tuple[int, int], ...]:
        """``(start, end)`` in this view of each of ``words``; computed only when asked."""
        # Only separators lie between one word and the next, so each word's first occurrence
        # after the previous one is where it stands: ``str.find`` beats a second regex pass.
        text = self.text
        find = text.find
        spans = []
        end = 0
        for word in self.words:
            start = find(word, end)
            end = start + len(word)
            spans.append((start, end))
        return tuple(spans)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that produced ``self.text[start:end]``.

        Out-of-range positions are clamped; the result always lies within the original and
        grows with ``start`` and ``end``.
        """
        # Clamped with comparisons, not min() and max(): every finding's span comes through
        # here, and four builtin calls cost more than the map look-ups themselves.
        size = len(self.text)
        if start < 0:
            start = 0
        elif start > size:
            start = size
        if end < start:
            end = start
        elif end > size:
            end = size
        for m in self._maps:
            start, end = m.start(start), m.end(end)
        size = self._original_length
        if start < 0:
            start = 0
        elif start > size:
            start = size
        if end < start:
            end = start
        elif end > size:
            end = size
        return start, end


@attrs.frozen
class NormalizedText:
    """A text and its two matching views; built once per check and shared by every rule.

    Attributes:
        original: the text exactly as the reader typed it.
        folded: NFKC, case-folded, look-alike letters made Latin, invisible characters removed;
            digits, punctuation and spacing kept.
        skeleton: ``folded`` without accents, with leetspeak read as letters ("l1ar"),
            spaced or dotted single letters joined ("d i s h") and runs of three or more
            identical letters squeezed to one ("liiiiar").
    """

    original: str
    folded: View
    skeleton: View


@functools.lru_cache(maxsize=8192)
def _fold_char(cluster: str) -> str:
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", cluster).casefold())
    out = []
    for ch in folded:
        ch = _CONFUSABLES.get(ch, ch)
        if unicodedata.category(ch) != "Cf":
            out.append(ch)
    return "".join(out)


@functools.lru_cache(maxsize=8192)
def _strip_char(ch: str) -> str:
    if ch in _STROKES:
        return _STROKES[ch]
    return "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))


class _CharTable(dict[int, str]):
    """A ``str.translate`` table that works out each character's entry on first use.

    It holds at most ``_TABLE_LIMIT`` characters, so a text of every code point cannot make it
    grow without bound.
    """

    def __init__(self, compute: Callable[[str], str]) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, code: int) -> str:
        if len(self) >= _TABLE_LIMIT:
            self.clear()
        value = self._compute(chr(code))
        self[code] = value
        return value


_TABLE_LIMIT = 50_000


def _one_to_one(fold: Callable[[str], str]) -> Callable[[str], str]:
    # "" for a character that becomes exactly one character and carries no accent of its own.
    def check(ch: str) -> str:
        return "" if len(fold(ch)) == 1 and not unicodedata.combining(ch) else ch

    return check


def _fold(text: str) -> tuple[str, _OffsetMap]:
    if text.isascii():
        return text.lower(), _IDENTITY
    # ASCII but for invisible characters at either end (most YouTube comments end in a
    # byte-order mark): the same text and map as the walk below gives, without the walk.
    size = len(text)
    end = size
    while end and text[end - 1] in _INVISIBLE:
        end -= 1
    start = 0
    while start < end and text[start] in _INVISIBLE:
        start += 1
    core = text[start:end]
    if core.isascii():  # a flag of the string: no scan
        edits = _OffsetMap()
        if start:
            edits.add(0, 0, 0, start)
        if end < size:
            edits.add(end - start, end - start, end, size)
        return core.lower(), edits
    edits = _OffsetMap()
    parts: list[str] = []
    new = 0
    pos = 0
    combining = unicodedata.combining
    for run in _NON_ASCII.finditer(text):
        start, stop = run.span()
        if start > pos and combining(text[start]):
            start -= 1  # the accent belongs to the ASCII letter before it
        if start > pos:
            parts.append(text[pos:start].lower())  # ASCII: same length
            new += start - pos
        chunk = text[start:stop]
        if not chunk.translate(_FOLD_SIMPLE):
            # Every character folds to exactly one: positions are unchanged, no edit needed.
            parts.append(chunk.translate(_FOLD_TABLE))
            new += stop - start
            pos = stop
            continue
        i = start
        while i < stop:
            j = i + 1
            while j < stop and combining(text[j]):
                j += 1
            cluster = text[i:j]
            out = _fold_char(cluster)
            if out != cluster:
                edits.add(new, new + len(out), i, j)
            parts.append(out)
            new += len(out)
            i = j
        pos = stop
    parts.append(text[pos:].lower())
    return "".join(parts), edits


# Invisible characters that fold to nothing on their own (not accents, which attach to a letter).
_INVISIBLE_CHARS = "".join(
    ch
    for ch in "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
    if not _fold_char(ch) and not unicodedata.combining(ch)
)
_INVISIBLE = frozenset(_INVISIBLE_CHARS)
_FOLD_TABLE = _CharTable(_fold_char)
_FOLD_SIMPLE = _CharTable(_one_to_one(_fold_char))
_STRIP_TABLE = _CharTable(_strip_char)
_STRIP_SIMPLE = _CharTable(_one_to_one(_strip_char))


def _strip_accents(text: str) -> tuple[str, _OffsetMap]:
    b = _Builder()
    pos = 0
    for m in _NON_ASCII.finditer(text):
        b.keep(text[pos : m.start()])
        chunk = m.group()
        if not chunk.translate(_STRIP_SIMPLE):
            b.keep(chunk.translate(_STRIP_TABLE))  # one for one: positions unchanged
            pos = m.end()
            continue
        for ch in chunk:
            out = _strip_char(ch)
            if out == ch:
                b.keep(ch)
            else:
                b.replace(1, out)
        pos = m.end()
    b.keep(text[pos:])
    return b.text(), b.map


def _join_spaced(text: str, pats: _Patterns) -> tuple[str, _OffsetMap]:
    if not pats.spaced_hint.search(text):
        return text, _IDENTITY
    b = _Builder()
    pos = 0
    for m in pats.spaced.finditer(text):
        run = m.group()
        if not pats.letter.search(run):
            continue
        b.keep(text[pos : m.start()])
        for i, ch in enumerate(run):
            if i % 2 == 0:
                b.keep(ch)
            else:
                b.replace(1, "")
        pos = m.end()
    if pos == 0:
        return text, _IDENTITY
    b.keep(text[pos:])
    return b.text(), b.map


def _read_leet(text: str, pats: _Patterns) -> str:
    # Length-preserving, so it needs no offset map.
    if not pats.leet_hint.search(text):
        return text
    parts: list[str] = []
    pos = 0
    for m in pats.token.finditer(text):
        token = m.group()
        if not token.isalpha() and pats.leet_hint.search(token):
            parts.append(text[pos : m.start()])
            parts.append(token.translate(_LEET))
            pos = m.end()
    parts.append(text[pos:])
    return "".join(parts)


def _squeeze(text: str, pats: _Patterns) -> tuple[str, _OffsetMap]:
    if not pats.repeat.search(text):
        return text, _IDENTITY
    b = _Builder()
    pos = 0
    for m in pats.repeat.finditer(text):
        b.keep(text[pos : m.start()])
        b.replace(m.end() - m.start(), m.group(1))
        pos = m.end()
    if pos == 0:
        return text, _IDENTITY
    b.keep(text[pos:])
    return b.text(), b.map


def normalize(text: str) -> NormalizedText:
    """Both matching views of ``text``; never raises on a ``str``."""
    folded, fold_map = _fold(text)
    if folded.isascii():
        bare, strip_map, pats = folded, _IDENTITY, _ASCII
    else:
        bare, strip_map = _strip_accents(folded)
        pats = _ASCII if bare.isascii() else _UNICODE
    joined, join_map = _join_spaced(bare, pats)
    skeleton, squeeze_map = _squeeze(_read_leet(joined, pats), pats)
    size = len(text)
    folded_view = View(folded, maps=(fold_map,) if fold_map else (), original_length=size)
    if skeleton is folded:  # nothing to read, join or squeeze: share the view
        return NormalizedText(original=text, folded=folded_view, skeleton=folded_view)
    maps = [m for m in (squeeze_map, join_map, strip_map, fold_map) if m]
    return NormalizedText(
        original=text,
        folded=folded_view,
        skeleton=View(skeleton, maps=tuple(maps), original_length=size),
    )


def normalize_phrase(phrase: str) -> str:
    """How a configured phrase is compared: its skeleton with runs of spacing made one space."""
    return " ".join(normalize(phrase).skeleton.text.split())
