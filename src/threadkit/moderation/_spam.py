"""Text rules: phrase lists, shouting, repeated characters and user-written patterns."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Literal

import attrs
import regex

from threadkit._model import CommentDraft, Finding
from threadkit.moderation._base import RuleBase, strings
from threadkit.moderation._context import CheckContext
from threadkit.moderation._phrases import SHUT, Gate, PhraseError, PhraseList, compile_phrases
from threadkit.moderation._rule import RULE_TIMEOUT, note_finding, span_finding
from threadkit.moderation._text import NormalizedText, View, normalize

#: The parts of a comment a phrase list can look at, WordPress-style.
PHRASE_FIELDS = ("body", "author", "email", "url", "ip", "user_agent")

_VIEWS = ("skeleton", "folded", "original")
_FLAGS = {"i": regex.IGNORECASE, "m": regex.MULTILINE, "s": regex.DOTALL, "x": regex.VERBOSE}


def _word_set(value: Iterable[str]) -> frozenset[str]:
    return frozenset([value] if isinstance(value, str) else value)


def _field_values(draft: CommentDraft, fields: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    author = draft.author
    values = {
        "author": author.name,
        "email": author.email,
        "url": author.url,
        "ip": author.ip,
        "user_agent": draft.meta.get("user_agent"),
    }
    for name in fields:
        value = values.get(name)
        if value:
            yield name, value


@attrs.frozen(kw_only=True, repr=False)
class PhraseRule(RuleBase):
    """Flags whole-word phrases from a list, compared on the skeleton view.

    Attributes:
        phrases: the list (``{a|b}``, ``[optional]`` and a trailing ``*`` are understood).
        fields: the parts of the comment to search (see ``PHRASE_FIELDS``).
        count_each: each distinct phrase found adds ``score`` when True; otherwise only the
            first match does, so the rule counts once, as in SpamAssassin. Further matches are
            still reported, with score 0, so every spot is highlighted.
    """

    factory = "spam_phrases"

    phrases: tuple[str, ...] = attrs.field(default=(), converter=strings)
    fields: tuple[str, ...] = attrs.field(default=("body",), converter=strings)
    count_each: bool = False
    _matcher: PhraseList | None = attrs.field(init=False, default=None, eq=False)

    def validate(self) -> None:
        unknown = [f for f in self.fields if f not in PHRASE_FIELDS]
        if unknown:
            raise self.fail("fields", f"unknown {unknown[0]!r}; use {', '.join(PHRASE_FIELDS)}")
        if not isinstance(self.count_each, bool):
            raise self.fail("count_each", "must be true or false")
        try:
            object.__setattr__(self, "_matcher", compile_phrases(self.phrases))
        except (PhraseError, TypeError) as exc:
            raise self.fail("phrases", str(exc)) from None

    def plain_gate(self) -> Gate | None:
        """A gate closed wherever ``find`` surely finds nothing in plain text (no draft); None
        when the rule has to be asked."""
        if self._matcher is None or "body" not in self.fields:
            return SHUT
        return self._matcher.gate()

    def _score(self, phrase: str, scored: set[str]) -> float:
        if phrase in scored or (scored and not self.count_each):
            return 0.0
        scored.add(phrase)
        return self.score

    def _reason(self, phrase: str, where: str = "") -> str:
        return self.reason.replace("{phrase}", phrase).replace("{where}", where)

    def find(
        self, text: NormalizedText, draft: CommentDraft | None, context: CheckContext
    ) -> Iterable[Finding]:
        matcher = self._matcher
        if matcher is None:
            return ()
        if draft is None and ("body" not in self.fields or not matcher.may_match(text.skeleton)):
            return ()  # the usual case, decided without starting a generator
        return self._find(matcher, text, draft)

    def _find(
        self, matcher: PhraseList, text: NormalizedText, draft: CommentDraft | None
    ) -> Iterator[Finding]:
        scored: set[str] = set()
        if "body" in self.fields:
            view = text.skeleton
            for start, end, phrase in matcher.finditer(view):
                score = self._score(phrase, scored)
                said = " ".join(view.text[start:end].split())  # the phrase as read, not its syntax
                yield span_finding(
                    self, text, view, start, end, score=score, reason=self._reason(said)
                )
        if draft is None:
            return
        for field, value in _field_values(draft, self.fields):
            field_text = normalize(value)
            for view in (field_text.skeleton, field_text.folded):
                hit = next(iter(matcher.finditer(view)), None)
                if hit is not None:
                    score = self._score(hit[2], scored)
                    said = " ".join(view.text[hit[0] : hit[1]].split())
                    yield note_finding(
                        self, score=score, reason=self._reason(said, f" (in the {field})")
                    )
                    break


@attrs.frozen(kw_only=True, repr=False)
class ShoutingRule(RuleBase):
    """Flags a comment written mostly in capitals.

    Attributes:
        min_letters: comments with fewer letters are never shouting ("OK", "LOL").
        ratio: the share of capitals among cased letters that counts as shouting.
    """

    factory = "shouting"

    min_letters: int = 12
    ratio: float = 0.7

    def validate(self) -> None:
        if isinstance(self.min_letters, bool) or not isinstance(self.min_letters, int):
            raise self.fail("min_letters", "must be a whole number")
        if not isinstance(self.ratio, int | float) or not 0 < self.ratio <= 1:
            raise self.fail("ratio", "must be a number above 0 and at most 1")

    def find(
        self, text: NormalizedText, draft: CommentDraft | None, context: CheckContext
    ) -> Iterable[Finding]:
        original = text.original
        letters = original
        if "://" in letters or "www." in letters:
            letters = _URL.sub(" ", letters)  # addresses have their own case; not shouting
        raw = letters.encode("ascii", "ignore")
        upper = len(raw.translate(None, _NOT_UPPER))
        # Each non-ASCII character is at most one more capital: too few even then is too few
        # capitals to be shouting, whatever the rest.
        if upper + len(letters) - len(raw) < self.min_letters * self.ratio:
            return ()
        lower = len(raw.translate(None, _NOT_LOWER))
        if len(raw) != len(letters):
            # Even if every non-ASCII character were a capital, too few: skip counting them
            # (most comments carry one, a byte-order mark or an emoji).
            if upper + len(letters) - len(raw) < self.ratio * (upper + lower):
                return ()
            rest = "".join(_NON_ASCII.findall(letters))
            upper += sum(map(str.isupper, rest))
            lower += sum(map(str.islower, rest))
        cased = upper + lower
        if cased < self.min_letters or upper < self.ratio * cased:
            return ()
        start = len(original) - len(original.lstrip())
        end = len(original.rstrip())
        return (attrs.evolve(note_finding(self), span=(start, end), excerpt=original[start:end]),)


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_URL = re.compile(r"\S*(?:://|www\.)\S*")
_ALL_BYTES = bytes(range(128))
_NOT_UPPER = bytes(b for b in _ALL_BYTES if not chr(b).isupper())
_NOT_LOWER = bytes(b for b in _ALL_BYTES if not chr(b).islower())


@attrs.frozen(kw_only=True, repr=False)
class RepeatsRule(RuleBase):
    """Flags stretched letters ("sooooo"), runs of "!!!!" or "????" and a word said 4+ times.

    Attributes:
        letter_run: identical letters in a row that count.
        punctuation_run: "!", "?" or currency signs in a row that count.
        word_run: the same word in a row that counts.
    """

    factory = "repeated_characters"

    letter_run: int = 5
    punctuation_run: int = 4
    word_run: int = 4
    _letters: regex.Pattern[str] | None = attrs.field(init=False, default=None, eq=False)
    _marks: regex.Pattern[str] | None = attrs.field(init=False, default=None, eq=False)
    _hint: re.Pattern[str] | None = attrs.field(init=False, default=None, eq=False)
    _ascii_run: re.Pattern[str] | None = attrs.field(init=False, default=None, eq=False)
    _any_run: re.Pattern[str] | None = attrs.field(init=False, default=None, eq=False)

    def validate(self) -> None:
        for key in ("letter_run", "punctuation_run", "word_run"):
            value = getattr(self, key)
            if isinstance(value, bool) or not isinstance(value, int) or value < 2:
                raise self.fail(key, "must be a whole number, at least 2")
        letters = regex.compile(rf"(\p{{L}})\1{{{self.letter_run - 1},}}")
        marks = regex.compile(rf"[!?¡¿$€£¥]{{{self.punctuation_run},}}")
        object.__setattr__(self, "_letters", letters)
        object.__setattr__(self, "_marks", marks)
        # Cheap linear pre-checks (stdlib ``re``), so the ``regex`` patterns run only on the
        # few comments that have such runs at all.
        object.__setattr__(self, "_hint", re.compile(f"[!?¡¿$€£¥]{{{self.punctuation_run}}}"))
        run = self.letter_run - 1
        object.__setattr__(self, "_ascii_run", re.compile(rf"([a-z])\1{{{run}}}"))
        object.__setattr__(self, "_any_run", re.compile(rf"([^\W\d_])\1{{{run}}}"))

    def _letter_run(self, text: NormalizedText) -> bool:
        assert self._ascii_run is not None
        assert self._any_run is not None
        folded = text.folded.text
        if not folded.isascii():
            return self._any_run.search(folded) is not None
        # On ASCII text the skeleton only reads leetspeak (same length), joins spaced letters
        # and squeezes runs of 3+ letters (both shorter). A skeleton as long as the folded text
        # squeezed nothing, so the folded text has no such run to find.
        if self.letter_run >= 3 and len(text.skeleton.text) == len(folded):
            return False
        return self._ascii_run.search(folded) is not None

    def _word_runs(self, text: NormalizedText) -> Iterator[tuple[int, int]]:
        """Skeleton word indexes (first, last) of each run of one word said ``word_run`` times."""
        words = text.skeleton.words
        if len(words) < self.word_run or not any(map(str.__eq__, words, words[1:])):
            return  # no word follows itself at all: the common case, checked in C
        start = 0
        for i in range(1, len(words) + 1):
            if i == len(words) or words[i] != words[start]:
                if i - start >= self.word_run:
                    yield start, i - 1
                start = i

    def find(
        self, text: NormalizedText, draft: CommentDraft | None, context: CheckContext
    ) -> Iterable[Finding]:
        assert self._hint is not None
        view = text.folded
        # A run of identical letters is squeezed in the skeleton, so a skeleton that is the
        # folded view itself has none, and the letter pattern need not run.
        letters = text.skeleton is not view and self._letter_run(text)
        marks = self._hint.search(view.text) is not None
        words = text.skeleton.words
        if (
            not letters
            and not marks
            and (len(words) < self.word_run or not any(map(str.__eq__, words, words[1:])))
        ):
            return ()  # nothing repeated: the usual case, decided without a generator
        return self._find(text, letters, marks)

    def _find(self, text: NormalizedText, letters: bool, marks: bool) -> Iterator[Finding]:
        assert self._letters is not None
        assert self._marks is not None
        view = text.folded
        spots: list[tuple[int, int, View]] = []
        if letters:
            spots += [
                (*m.span(), view) for m in self._letters.finditer(view.text, timeout=RULE_TIMEOUT)
            ]
        if marks:
            spots += [
                (*m.span(), view) for m in self._marks.finditer(view.text, timeout=RULE_TIMEOUT)
            ]
        runs = list(self._word_runs(text))
        if runs:
            spans = text.skeleton.word_spans
            spots += [(spans[a][0], spans[b][1], text.skeleton) for a, b in runs]
        spots.sort(key=lambda spot: spot[2].to_original(spot[0], spot[1]))
        for i, (start, end, where) in enumerate(spots):
            yield span_finding(self, text, where, start, end, score=self.score if i == 0 else 0.0)


@attrs.frozen(kw_only=True, repr=False)
class PatternRule(RuleBase):
    """A user-written regular expression, run with the ``regex`` module and a timeout.

    Attributes:
        pattern: the expression (``regex`` syntax).
        flags: any of "i", "m", "s", "x".
        view: which text it runs on: "skeleton" (default), "folded" or "original".
        timeout: seconds one search may take before the rule counts as timed out.
        require: optional plain substrings of the view's text, one of which must occur for the
            pattern to run at all: a cheap pre-check that skips most comments.
        require_words: optional whole words (as the view splits them), one of which must occur.
    """

    factory = "pattern"

    pattern: str = ""
    flags: str = ""
    view: Literal["skeleton", "folded", "original"] = "skeleton"
    timeout: float = RULE_TIMEOUT
    require: tuple[str, ...] = attrs.field(default=(), converter=strings)
    require_words: frozenset[str] = attrs.field(default=frozenset(), converter=_word_set)
    _compiled: regex.Pattern[str] | None = attrs.field(init=False, default=None, eq=False)
    _required: re.Pattern[str] | None = attrs.field(init=False, default=None, eq=False)

    def validate(self) -> None:
        if self.view not in _VIEWS:
            raise self.fail("view", f"must be one of {', '.join(_VIEWS)}")
        if not isinstance(self.flags, str) or any(f not in _FLAGS for f in self.flags):
            raise self.fail("flags", f"may only contain {', '.join(_FLAGS)}")
        if isinstance(self.timeout, bool) or not isinstance(self.timeout, int | float):
            raise self.fail("timeout", "must be a number of seconds")
        if not 0 < self.timeout <= 10:
            raise self.fail("timeout", "must be above 0 and at most 10 seconds")
        if not all(isinstance(r, str) and r for r in self.require):
            raise self.fail("require", "must be a list of non-empty strings")
        if not all(isinstance(w, str) and w for w in self.require_words):
            raise self.fail("require_words", "must be a list of non-empty words")
        if self.require:
            required = re.compile("|".join(re.escape(r) for r in self.require))
            object.__setattr__(self, "_required", required)
        if not isinstance(self.pattern, str) or not self.pattern:
            raise self.fail("pattern", "must be a non-empty regular expression")
        flags = 0
        for f in self.flags:
            flags |= _FLAGS[f]
        try:
            compiled = regex.compile(self.pattern, flags)
        except regex.error as exc:
            raise self.fail("pattern", f"does not compile: {exc}") from None
        object.__setattr__(self, "_compiled", compiled)

    def _view(self, text: NormalizedText) -> View | None:
        if self.view == "skeleton":
            return text.skeleton
        if self.view == "folded":
            return text.folded
        return None

    def find(
        self, text: NormalizedText, draft: CommentDraft | None, context: CheckContext
    ) -> Iterable[Finding]:
        view = self._view(text)
        haystack = text.original if view is None else view.text
        if self._required is not None and not self._required.search(haystack):
            return ()
        # ``word_set`` is shared with the phrase rules; the few required words are looked up in it.
        if self.require_words and (view is None or self.require_words.isdisjoint(view.word_set)):
            return ()
        return self._find(text, view, haystack)

    def _find(self, text: NormalizedText, view: View | None, haystack: str) -> Iterator[Finding]:
        assert self._compiled is not None
        for m in self._compiled.finditer(haystack, timeout=self.timeout):
            if m.end() == m.start():
                continue
            if view is None:
                start, end = m.span()
                yield attrs.evolve(note_finding(self), span=(start, end), excerpt=m.group())
            else:
                yield span_finding(self, text, view, m.start(), m.end())
