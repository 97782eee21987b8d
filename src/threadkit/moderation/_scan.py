"""Shared per-check work for the toxicity rules: lexicon matches and the parsed clause structure.

Every toxicity rule sees the same ``NormalizedText``; the first rule to ask parses it and the
others reuse the result. The cache holds one text per thread and is keyed by identity, so it
costs nothing to look up and cannot hand one comment's analysis to another.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping

import attrs
import regex

from threadkit._model import Finding
from threadkit.moderation._aim import Aim
from threadkit.moderation._clauses import Parsed, parse
from threadkit.moderation._lexicon import Lexicon
from threadkit.moderation._phrases import word_indexes
from threadkit.moderation._rule import RULE_TIMEOUT
from threadkit.moderation._text import NormalizedText

_SPACED_HINT = regex.compile(r"(?<![\p{L}\p{N}])\S[ .\-_]\S[ .\-_]\S(?![\p{L}\p{N}])")
_LETTERS = regex.compile(r"\p{L}{4,}")
# Letters that are whole words when spaced out: "u r a l i a r" is "you are a liar".
_LEAD = frozenset("aiur")


@attrs.frozen
class Hit:
    """One lexicon match, located in the original text and among the parsed tokens.

    Attributes:
        entry: the lexicon entry matched ("liar" for "l1iar").
        kind: the entry's kind.
        start: start offset in the original text.
        end: end offset in the original text.
        at: (start, end) of the match on the skeleton view, for cheap looks at its neighbours
            before a rule pays for a parse.
    """

    entry: str
    kind: str
    start: int
    end: int
    at: tuple[int, int] = (0, 0)


class Scan:
    """Lexicon matches and (lazily) the parse of one comment."""

    __slots__ = ("_hits", "_keys", "_parsed", "_quiet", "_spaced", "memo", "text")

    def __init__(self, text: NormalizedText) -> None:
        self.text = text
        self._hits: dict[int, tuple[Hit, ...]] = {}
        self._parsed: Parsed | None = None
        self._keys: frozenset[str] | None = None
        self._spaced: bool | None = None
        # The gate's lexicons when this comment shares no trigger word with any of them.
        self._quiet: frozenset[int] = frozenset()
        #: Other per-comment results rules share (e.g. the profanity hits three rules use).
        self.memo: dict[str, tuple[Hit, ...]] = {}

    def hits(self, lexicon: Lexicon) -> tuple[Hit, ...]:
        """Every whole-word match of ``lexicon`` on the skeleton view, in order."""
        key = id(lexicon)
        if key in self._quiet:
            return ()  # the usual case: no trigger word of any known lexicon in the comment
        found = self._hits.get(key)
        if found is None:
            if self._keys is None:
                self._prepare()
                if key in self._quiet:
                    return ()
            if key not in _gate[0]:
                _admit(lexicon)
            live = lexicon.live(self.text.skeleton.word_set)
            found = tuple(self._find(lexicon, live)) if live or self._spaced else ()
            self._hits[id(lexicon)] = found
        return found

    def _prepare(self) -> None:
        skeleton, folded = self.text.skeleton.text, self.text.folded.text
        # The view's words are the runs ``_lexicon.WORDS`` finds, split once per check.
        keys = self._keys = self.text.skeleton.word_set
        # only a skeleton that joined spaced letters can hide "a l i a r"
        self._spaced = len(skeleton) != len(folded) and bool(_SPACED_HINT.search(folded))
        ids, triggers, needs = _gate
        if not self._spaced and not any(
            rest <= keys for word in triggers & keys for rest in needs[word]
        ):
            self._quiet = ids

    def silent(self, ids: frozenset[int]) -> bool:
        """Whether no lexicon of ``ids`` (all admitted to the shared gate) has a hit here."""
        if self._keys is None:
            self._prepare()
        return ids <= self._quiet

    def _find(self, lexicon: Lexicon, live: frozenset[str]) -> Iterator[Hit]:
        # Try the pattern only where a trigger word starts: one anchored match per candidate
        # instead of a scan of every position.
        view = self.text.skeleton
        text = view.text
        done = 0
        spans = view.word_spans if live else ()
        for i in sorted(word_indexes(view.words, live)):
            start = spans[i][0]
            if start < done:
                continue
            m = lexicon.pattern.match(text, start, timeout=RULE_TIMEOUT)
            if m is None:
                continue
            done = m.end()
            entry = lexicon.entry(m.group())
            if entry is None:
                continue
            start, end = view.to_original(m.start(), m.end())
            yield Hit(entry, lexicon.kinds[entry], start, end, m.span())
        if self._spaced:
            yield from self._find_spaced(lexicon)

    def _find_spaced(self, lexicon: Lexicon) -> Iterator[Hit]:
        # Spaced letters are joined with the article before them: "you are a l i a r" reads
        # "aliar" on the skeleton. Try the word without a leading "a", "i" or "u".
        view = self.text.skeleton
        for m in _LETTERS.finditer(view.text, timeout=RULE_TIMEOUT):
            word = m.group()
            for cut in (1, 2, 3):
                if not _LEAD.issuperset(word[:cut]) or len(word) - cut < 3:
                    continue
                found = lexicon.pattern.fullmatch(word[cut:], timeout=RULE_TIMEOUT)
                if found is None:
                    continue
                start, end = view.to_original(m.start() + cut, m.end())
                if (
                    " " not in self.text.original[start:end]
                    and "." not in self.text.original[start:end]
                ):
                    continue  # a real word such as "aliases", not a joined run
                entry = lexicon.entry(word[cut:])
                if entry is not None:
                    yield Hit(entry, lexicon.kinds[entry], start, end, (m.start() + cut, m.end()))
                break

    @property
    def parsed(self) -> Parsed:
        """The comment's tokens, sentences and quotations (parsed on first use)."""
        if self._parsed is None:
            self._parsed = parse(self.text)
        return self._parsed


_local = threading.local()

# One test for every lexicon at once: the ids of the lexicons seen so far (kept alive in
# ``_gated`` so an id is never reused), the union of their trigger words and of what each trigger
# needs. A comment where no trigger has what it needs, and with no spaced letters, has no hit in
# any of them: what ``Lexicon.live`` decides for one lexicon, decided once for all. Only the
# first few lexicons are admitted, so rules built on the fly cannot grow it without bound.
Gate = tuple[frozenset[int], frozenset[str], Mapping[str, tuple[frozenset[str], ...]]]
_gate: Gate = (frozenset(), frozenset(), {})
_gated: list[Lexicon] = []
_GATE_LIMIT = 16
_gate_lock = threading.Lock()


def _admit(lexicon: Lexicon) -> None:
    global _gate
    with _gate_lock:
        ids, triggers, needs = _gate
        if id(lexicon) in ids or len(_gated) >= _GATE_LIMIT:
            return
        merged = dict(needs)
        for word, rests in lexicon.needs.items():
            merged[word] = tuple(dict.fromkeys((*merged.get(word, ()), *rests)))
        _gated.append(lexicon)
        _gate = (ids | {id(lexicon)}, triggers | lexicon.triggers, merged)


def silent(text: NormalizedText, ids: frozenset[int], masks: str) -> bool:
    """Whether no lexicon whose id is in ``ids`` can match ``text`` and no character of
    ``masks`` (which a rule reads apart from its lexicons) occurs in the folded view.

    The rule plan asks this once for all its lexicon rules: on most comments it is true, and
    none of them needs calling. The caller keeps the lexicons alive, so their ids stay theirs;
    a lexicon not yet admitted to the gate is never silent, so a rule seen for the first time
    runs (and admits it).
    """
    folded = text.folded.text
    for mark in masks:
        if mark in folded:
            return False
    return ids <= _gate[0] and scan(text).silent(ids)


def scan(text: NormalizedText) -> Scan:
    """The shared ``Scan`` of ``text`` for the current thread."""
    cached: Scan | None = getattr(_local, "scan", None)
    if cached is not None and cached.text is text:
        return cached
    fresh = Scan(text)
    _local.scan = fresh
    return fresh


#: Words one rule judges per comment. A comment with hundreds of accusations has made its point
#: long before; the cap keeps a pasted wall of insults from costing seconds.
MAX_HITS = 200

Judge = Callable[[Parsed, int, int, Hit], Aim]
Describe = Callable[[Hit, Aim, str], str]


def aimed_findings(
    *,
    rule: str,
    category: str,
    score: float,
    text: NormalizedText,
    hits: Iterable[Hit],
    judge: Judge,
    targets: frozenset[str],
    describe: Describe,
    softened: float = 0.5,
) -> list[Finding]:
    """Findings for the hits a judge says are aimed at one of ``targets``.

    The first aimed word of a clause scores ``score``; a further word in the same clause ("you
    are dishonest and highly deceptive") or a hedged one scores ``score * softened``, so one
    heated sentence does not count as several attacks.
    """
    hits = tuple(hits)[:MAX_HITS]
    if not hits:
        return []
    p = scan(text).parsed
    if not len(p):
        return []
    out: list[Finding] = []
    seen_clauses: set[int] = set()
    for hit in hits:
        a, b = p.locate(hit.start, hit.end)
        aim = judge(p, a, b, hit)
        if aim.target is None or aim.target not in targets:
            continue
        start = min(p.tokens[aim.start].start, hit.start)
        end = hit.end if aim.stop is None else max(hit.end, p.tokens[aim.stop - 1].end)
        clause = p.clause_start(a)
        full = clause not in seen_clauses and not aim.hedged
        seen_clauses.add(clause)
        excerpt = text.original[start:end]
        out.append(
            Finding(
                rule=rule,
                category=category,
                score=score if full else score * softened,
                span=(start, end),
                excerpt=excerpt,
                reason=describe(hit, aim, excerpt),
            )
        )
    return out
