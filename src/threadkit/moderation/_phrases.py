"""Large phrase lists matched in one pass by a word-level trie automaton.

The phrases are stored as a trie keyed by whole words; matching walks the text's words once,
following the trie from each word, so its cost depends on the text and the longest phrase, not on
how many phrases there are (ten thousand cost about what a hundred do). The walk is plain
dictionary look-ups over the view's words, so it has no backtracking to time out. Phrases are
compared on the skeleton view, so "V1agra", "v i a g r a" and "VIAGRA" all match "viagra", and
only whole words match: "assess" does not contain the phrase "ass", nor "Scunthorpe" any rude word.

Phrase syntax beyond plain words: ``{a|b}`` picks one alternative, ``[x]`` or ``[a|b]`` is
optional, and a
phrase whose last word ends in ``*`` matches any word starting that way ("subscri*" matches
"subscribers").
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from threadkit.moderation._text import View, normalize_phrase

#: Variants one phrase may expand to; beyond it a typo is more likely than intent.
MAX_VARIANTS = 20_000

_NON_WORD = re.compile(r"[\W_]+")
_SYNTAX = re.compile(r"\{([^{}\[\]]*)\}|\[([^{}\[\]]*)\]")
_END = ""  # trie key (never a word): a phrase ends here
_PREFIXES = "*"  # trie key (never a word): prefix phrases ending here, by their first letter


class PhraseError(ValueError):
    """A phrase cannot be compiled; the message says why."""


def expand(phrase: str) -> list[str]:
    """Every variant of ``phrase`` under the ``{a|b}`` / ``[x]`` syntax, in order."""
    pieces: list[list[str]] = []
    pos = 0
    for m in _SYNTAX.finditer(phrase):
        pieces.append([phrase[pos : m.start()]])
        if m.group(1) is not None:
            pieces.append(m.group(1).split("|"))
        else:
            pieces.append([*m.group(2).split("|"), ""])
        pos = m.end()
    pieces.append([phrase[pos:]])
    if any(ch in _SYNTAX.sub("", phrase) for ch in "{}[]"):
        raise PhraseError(f"unbalanced or nested brackets in {phrase!r}")
    count = 1
    for options in pieces:
        count *= len(options)
    if count > MAX_VARIANTS:
        raise PhraseError(f"{phrase!r} expands to {count} variants (at most {MAX_VARIANTS})")
    return ["".join(parts) for parts in itertools.product(*pieces)]


def phrase_words(variant: str) -> tuple[tuple[str, ...], bool]:
    """The skeleton words a variant is matched as, and whether its last word is a prefix."""
    text = variant.strip()
    prefix = text.endswith("*")
    words = tuple(_NON_WORD.sub(" ", normalize_phrase(text.rstrip("*"))).split())
    return words, prefix and bool(words)


class Gate(NamedTuple):
    """Word sets that rule out a phrase list's matches (see ``PhraseList.gate``)."""

    firsts: frozenset[str]
    alone: frozenset[str]
    pairs: frozenset[tuple[str, str]]

    def closed(self, view: View) -> bool:
        """Whether no list this gate stands for can match in ``view``."""
        words = view.word_set
        if self.firsts.isdisjoint(words):
            return True
        return self.alone.isdisjoint(words) and self.pairs.isdisjoint(view.word_pairs)


#: A gate no view opens: for a list that cannot match anything.
SHUT = Gate(frozenset(), frozenset(), frozenset())


def merge_gates(gates: Iterable[Gate]) -> Gate:
    """One gate that is closed only where every one of ``gates`` is."""
    firsts: set[str] = set()
    alone: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for gate in gates:
        firsts |= gate.firsts
        alone |= gate.alone
        pairs |= gate.pairs
    return Gate(frozenset(firsts), frozenset(alone), frozenset(pairs))


class PhraseList:
    """A compiled, immutable set of phrases; ``finditer`` yields whole-word matches.

    Rules build theirs once; equal lists share one compiled trie (see ``compile_phrases``).
    """

    __slots__ = ("_alone", "_firsts", "_longest", "_pairs", "_size", "_trie")

    def __init__(self, phrases: Iterable[str]) -> None:
        trie: dict[str, Any] = {}
        size = 0
        longest = 0
        for phrase in phrases:
            if not isinstance(phrase, str):
                raise PhraseError(f"phrases must be strings, not {type(phrase).__name__}")
            for variant in expand(phrase):
                words, prefix = phrase_words(variant)
                if not words:
                    continue
                node = trie
                for word in words[:-1] if prefix else words:
                    node = node.setdefault(word, {})
                if prefix:
                    stem = words[-1]
                    by_letter = node.setdefault(_PREFIXES, {})
                    stems = by_letter.setdefault(stem[0], {})
                    if stem not in stems:
                        stems[stem] = phrase
                        size += 1
                elif _END not in node:
                    node[_END] = phrase
                    size += 1
                longest = max(longest, len(words))
        self._trie = trie
        self._size = size
        self._longest = longest
        # Words that can start a match; None when a root-level prefix phrase ("subscri*") means
        # any word might. A comment sharing no word with it is done in one set operation.
        self._firsts = None if _PREFIXES in trie else frozenset(trie)
        # A match needs a first word that is a phrase (or ends in a prefix phrase) by itself,
        # or one of the first word pairs of longer phrases: two more set operations that end
        # the search for most comments sharing only a common word ("i", "like") with the list.
        self._alone = frozenset(w for w, node in trie.items() if _END in node or _PREFIXES in node)
        self._pairs = frozenset(
            (w, w2) for w, node in trie.items() if w != _PREFIXES for w2 in node if w2 != _END
        )

    def __len__(self) -> int:
        """How many distinct phrase variants the list matches."""
        return self._size

    def may_match(self, view: View) -> bool:
        """False when ``finditer`` surely finds nothing in ``view`` (a few set operations)."""
        if self._firsts is None:
            return True
        present = self._firsts & view.word_set
        if not present:
            return False
        return not (self._alone.isdisjoint(present) and self._pairs.isdisjoint(view.word_pairs))

    def gate(self) -> Gate | None:
        """The words that decide ``may_match``, for testing many lists at once; None when any
        word may start a match.

        ``may_match`` is False exactly when the view has no word of ``alone`` and no pair of
        ``pairs`` (``firsts`` holds both's first words: a view without any of them is quicker to
        rule out), so the unions over several lists rule out all of them in one test.
        """
        if self._firsts is None:
            return None
        return Gate(self._firsts, self._alone, self._pairs)

    def finditer(self, view: View) -> Iterator[tuple[int, int, str]]:
        """(start, end, configured phrase) for each leftmost-longest match in ``view``, not
        overlapping; ``start`` and ``end`` are offsets into ``view.text``."""
        texts = view.words
        if self._firsts is None:
            starts: Iterable[int] = range(len(texts))
        else:
            present = self._firsts & view.word_set
            if not present:
                return  # the common case: one set operation, in C
            if self._alone.isdisjoint(present) and self._pairs.isdisjoint(view.word_pairs):
                return
            # A match starting at a word needs it to be a phrase (or prefix phrase) by itself
            # or to begin a listed pair with the next word: two look-ups instead of a walk.
            alone, pairs = self._alone, self._pairs
            last = len(texts) - 1
            starts = [
                i
                for i in sorted(word_indexes(texts, present))
                if texts[i] in alone or (i < last and (texts[i], texts[i + 1]) in pairs)
            ]
        root = self._trie
        root_stems = root.get(_PREFIXES, {})
        after = 0
        for i in starts:
            if i < after or (texts[i] not in root and texts[i][0] not in root_stems):
                continue
            best, found = self._walk(texts, i)
            if best >= 0:
                spans = view.word_spans
                yield spans[i][0], spans[best][1], found
                after = best + 1

    def _walk(self, texts: tuple[str, ...], i: int) -> tuple[int, str]:
        """The last word index and phrase of the longest match starting at word ``i``."""
        node = self._trie
        best = -1
        found = ""
        for j in range(i, len(texts)):
            word = texts[j]
            stems = node.get(_PREFIXES)
            if stems is not None:
                for stem, phrase in stems.get(word[0], {}).items():
                    if word.startswith(stem):
                        best, found = j, phrase
                        break
            child = node.get(word)
            if child is None:
                break
            node = child
            if _END in node:
                best, found = j, node[_END]
        return best, found


def word_indexes(texts: tuple[str, ...], words: Iterable[str]) -> Iterator[int]:
    """Every index of each of ``words`` in ``texts`` (``tuple.index`` scans in C)."""
    for word in words:
        i = -1
        while True:
            try:
                i = texts.index(word, i + 1)
            except ValueError:
                break
            yield i


@functools.lru_cache(maxsize=64)
def compile_phrases(phrases: tuple[str, ...]) -> PhraseList:
    """A shared compiled list, so re-weighting or re-enabling a rule does not rebuild it."""
    return PhraseList(phrases)
