"""Word lists for the toxicity rules, and the one-pass trie pattern they compile to.

The lists are threadkit's own, written for comment moderation: each entry is lower-case and
matched whole-word on the normaliser's skeleton view, so leetspeak, spacing and stretched
letters ("l1ar", "l i a r", "liiiar", "liiar") need no entries of their own. A space in an
entry also matches a hyphen, an underscore or nothing ("con artist", "con-artist", "conartist").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

import attrs
import regex


def words(text: str) -> tuple[str, ...]:
    """Entries from a block of text, one per line or comma-separated ("a, b c" -> "a", "b c")."""
    out: list[str] = []
    for line in text.splitlines():
        out.extend(part.strip() for part in line.split(",") if part.strip())
    return tuple(out)


def plurals(text: str) -> tuple[str, ...]:
    """Each noun entry and its regular plural (irregular plurals are listed by hand)."""
    out: list[str] = []
    for entry in words(text):
        out.append(entry)
        if entry.endswith(("s", "sh", "ch", "x")):
            out.append(entry + "es")
        elif entry.endswith("y") and entry[-2:-1] not in "aeiou":
            out.append(entry[:-1] + "ies")
        else:
            out.append(entry + "s")
    return tuple(out)


def collapse(text: str) -> str:
    """Letters only, each run of one letter reduced to a single letter: the lookup key."""
    out: list[str] = []
    for ch in text:
        if ch.isalnum() and (not out or out[-1] != ch):
            out.append(ch)
    return "".join(out)


def _exact(text: str) -> str:
    """Letters and digits only, marked so an exact key never equals a collapsed one."""
    return "=" + "".join(ch for ch in text if ch.isalnum())


#: Words as triggers see them: runs of letters and digits (the standard library's engine is
#: the quicker one for this simple split, which runs on every comment).
WORDS = re.compile(r"[^\W_]+")


def _stretched(word: str) -> set[str]:
    """``word`` and each spelling of it with one vowel doubled ("liar" -> "liiar", "liaar")."""
    out = {word}
    for i, ch in enumerate(word):
        if ch in "aeiou":
            out.add(word[:i] + ch + word[i:])
    return out


_DOUBLES = re.compile(r"(\w)\1")


def _spellings(word: str) -> set[str]:
    out = _stretched(word)
    if len(word) >= 5:
        out |= _stretched(_DOUBLES.sub(r"\1", word))  # as the skeleton squeezes "scammmmer"
    return out


def _triggers(entry: str) -> dict[str, frozenset[str]]:
    """Trigger word -> the other words the entry also needs in the text ("you" needs "dead" for
    "you're dead"), so a common first word does not send every comment to the pattern."""
    out: dict[str, frozenset[str]] = {}
    for text in {entry, entry.replace("'", "")}:
        parts = WORDS.findall(text)
        if not parts:
            continue
        for word in _spellings(parts[0]):
            out[word] = frozenset(parts[1:])
        for word in _spellings("".join(parts)):
            out[word] = frozenset()
    return out


# Characters a spaced-out entry may show between its words.
_SEP = r"[\s\-_.]*"


def _atoms(entry: str) -> list[str]:
    """An entry as regex atoms: each letter may be stretched; a doubled letter stays >= 2."""
    atoms: list[str] = []
    i = 0
    while i < len(entry):
        ch = entry[i]
        if ch in " -":
            atoms.append(_SEP)
            i += 1
            continue
        if ch in "'’":
            atoms.append("['’]?")
            i += 1
            continue
        run = 1
        while i + run < len(entry) and entry[i + run] == ch:
            run += 1
        esc = regex.escape(ch)
        if run > 1 and len(entry) >= 5:
            # The skeleton squeezes "scammmmer" to "scamer": a long word's double may read as
            # one. Short words stay strict so that "as" never reads as "ass".
            atoms.append(f"{esc}+")
        elif ch in "aeiou":
            # A stretched vowel is emphasis ("liiar", "fuuck"); consonants stay exact so that
            # "asses" cannot match "assess". Runs of three or more are squeezed by the skeleton.
            atoms.append(f"{esc}+" if run == 1 else f"{esc}{{{run},}}")
        else:
            atoms.append(esc * run)
        i += run
    return atoms


def _trie_source(entries: Iterable[str]) -> str:
    """One alternation for many entries, factored as a trie so matching is a single pass."""
    trie: dict[str, Any] = {}
    for entry in entries:
        node = trie
        for atom in _atoms(entry):
            node = node.setdefault(atom, {})
        node[""] = {}

    def emit(node: Mapping[str, object]) -> str:
        branches = []
        optional = "" in node
        for atom in sorted(k for k in node if k):
            child = node[atom]
            assert isinstance(child, dict)
            branches.append(atom + emit(child))
        if not branches:
            return ""
        # Longest first, so "liars" is preferred to "liar" and phrases to their first word.
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if optional:
            body = f"(?:{body})?"
        return body

    return emit(trie)


@attrs.frozen
class Lexicon:
    """Entries grouped by kind, compiled to one whole-word pattern with a lookup back to the kind.

    Attributes:
        kinds: entry -> kind (a short tag the rule interprets, e.g. "noun", "verb").
        pattern: the compiled whole-word pattern matching any entry.
        triggers: words (as ``trigger_keys`` gives them) that can start a match; a text with
            none of them cannot match, which spares most comments the pattern entirely.
    """

    kinds: Mapping[str, str]
    pattern: regex.Pattern[str]
    _keys: Mapping[str, str]
    triggers: frozenset[str]
    _needs: Mapping[str, tuple[frozenset[str], ...]]

    @classmethod
    def build(cls, groups: Mapping[str, Iterable[str]]) -> Lexicon:
        """Compile ``{kind: entries}``; an entry listed under two kinds keeps the first."""
        kinds: dict[str, str] = {}
        keys: dict[str, str] = {}
        for kind, entries in groups.items():
            for entry in entries:
                kinds.setdefault(entry, kind)
                keys.setdefault(_exact(entry), entry)
        for entry in kinds:
            # Stretched spellings ("liiar") fall back to the collapsed form; exact spellings
            # come first so "shoot" and "shot" stay apart.
            keys.setdefault(collapse(entry), entry)
        source = _trie_source(sorted(kinds, key=len, reverse=True))
        pattern = regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{source})(?![\p{{L}}\p{{N}}])", regex.V1)
        needs: dict[str, set[frozenset[str]]] = {}
        for entry in kinds:
            for word, rest in _triggers(entry).items():
                needs.setdefault(word, set()).add(rest)
        frozen = {w: tuple(sorted(r, key=len)) for w, r in needs.items()}
        return cls(
            MappingProxyType(kinds),
            pattern,
            MappingProxyType(keys),
            frozenset(frozen),
            MappingProxyType(frozen),
        )

    @property
    def needs(self) -> Mapping[str, tuple[frozenset[str], ...]]:
        """Trigger word -> the sets of other words an entry it starts needs (any set will do)."""
        return self._needs

    def live(self, words: frozenset[str]) -> frozenset[str]:
        """The trigger words among ``words`` whose entries' other words are there too."""
        common = self.triggers & words
        if not common:
            return common  # the usual case: no trigger word at all
        return frozenset(w for w in common if any(rest <= words for rest in self._needs[w]))

    def entry(self, matched: str) -> str | None:
        """The entry a matched stretch of skeleton text stands for."""
        found = self._keys.get(_exact(matched))
        return found if found is not None else self._keys.get(collapse(matched))

    def kind(self, matched: str) -> str | None:
        """The kind of the entry a matched stretch of text stands for."""
        entry = self.entry(matched)
        return None if entry is None else self.kinds[entry]
