"""Normalisation for moderation: the two views, their offset maps and whole-word phrase search."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from threadkit.moderation import normalize
from threadkit.moderation._phrases import PhraseError, PhraseList, expand
from threadkit.testing._moderation import disguised


def _find(view_text: str, needle: str) -> tuple[int, int]:
    start = view_text.index(needle)
    return start, start + len(needle)


def _typed(text: str, needle: str, view: str = "skeleton") -> str:
    """What the reader typed for ``needle`` as found in the given view."""
    n = normalize(text)
    v = getattr(n, view)
    start, end = v.to_original(*_find(v.text, needle))
    return text[start:end]


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("You ARE a Liar", "you are a liar"),
        ("Ｆｕｌｌｗｉｄｔｈ ２０１７", "fullwidth 2017"),  # NFKC, digits kept
        ("Тhе Суrillic", "the cyrillic"),  # Cyrillic look-alikes made Latin
        ("ᴅɪsʜᴏɴᴇsᴛ", "dishonest"),  # small capitals
        ("li\u200bar\u2060 and\ufeff", "liar and"),  # zero-width and format characters
        ("Straße", "strasse"),  # case folding, not just lower-casing
        ("ﬁne, really!", "fine, really!"),  # ligature; punctuation kept
        ("l1ar $h!t d i s h", "l1ar $h!t d i s h"),  # leet and spacing are the skeleton's
    ],
)
def test_folded_view(text: str, folded: str) -> None:
    """The folded view undoes case, compatibility forms, look-alikes and invisible characters."""
    assert normalize(text).folded.text == folded


@pytest.mark.parametrize(
    ("text", "skeleton"),
    [
        ("l1ar", "liar"),
        ("$h!t happens", "shit happens"),
        ("h3ll0 w0rld", "hello world"),
        ("@ss", "ass"),
        ("d i s h o n e s t person", "dishonest person"),
        ("d.i.s.h.o.n.e.s.t", "dishonest"),
        ("f-r-a-u-d!", "fraud!"),
        ("liiiiar", "liar"),
        ("LIIIIAR!!!", "liar!!!"),  # punctuation runs are not squeezed
        ("café naïve", "cafe naive"),
        ("2015 $100 in 2 weeks", "2015 $100 in 2 weeks"),  # numbers without letters stay
        ("Great post! Really.", "great post! really."),  # "!" after a word is not leet
        ("I am a dog", "i am a dog"),  # single-letter words are not joined
    ],
)
def test_skeleton_view(text: str, skeleton: str) -> None:
    """The skeleton also reads leetspeak, joins spaced letters, squeezes repeats, drops accents."""
    assert normalize(text).skeleton.text == skeleton


@pytest.mark.parametrize(
    ("text", "needle", "typed"),
    [
        ("You are a LIIIIAR.", "liar", "LIIIIAR"),
        ("what a d i s h o n e s t move", "dishonest", "d i s h o n e s t"),
        ("so d.i.s.h.o.n.e.s.t", "dishonest", "d.i.s.h.o.n.e.s.t"),
        ("a li\u200bar here", "liar", "li\u200bar"),
        ("a Ｌｉａｒ here", "liar", "Ｌｉａｒ"),
        ("a lіar here", "liar", "lіar"),  # Cyrillic і
        ("what sh!t", "shit", "sh!t"),
        ("café", "cafe", "café"),
        ("cafe\u0301 noir", "cafe", "cafe\u0301"),  # combining accent stays with its letter
        ("Straße", "strasse", "Straße"),
        ("ﬁne", "fine", "ﬁne"),
        ("\ufeffhello", "hello", "hello"),  # a leading invisible character is not typed text
        ("V1AGRA now", "viagra", "V1AGRA"),
    ],
)
def test_skeleton_spans_map_to_typed_characters(text: str, needle: str, typed: str) -> None:
    """A span found in the skeleton maps back to exactly what the reader typed."""
    assert _typed(text, needle) == typed


@pytest.mark.parametrize(
    ("text", "needle", "typed"),
    [
        ("Ｆｕｌｌ stop", "full", "Ｆｕｌｌ"),
        ("x\u200b\u200by", "xy", "x\u200b\u200by"),
        ("Straße ok", "ss", "ß"),
        ("\u200bword\u200b", "word", "word"),
    ],
)
def test_folded_spans_map_to_typed_characters(text: str, needle: str, typed: str) -> None:
    """A span found in the folded view maps back to exactly what the reader typed."""
    assert _typed(text, needle, "folded") == typed


@given(st.text())
def test_spans_stay_in_bounds_and_grow_monotonically(text: str) -> None:
    """For any text, every view's spans map inside the original, in order, never inverted."""
    n = normalize(text)
    for view in (n.folded, n.skeleton):
        size = len(view.text)
        previous = (0, 0)
        for i in range(size + 1):
            start, end = view.to_original(i, min(i + 1, size))
            assert 0 <= start <= end <= len(text)
            assert start >= previous[0]
            assert end >= previous[1]
            previous = (start, end)
        assert view.to_original(0, size)[1] <= len(text)


@given(st.text())
def test_every_folded_character_comes_from_typed_characters(text: str) -> None:
    """Each folded character maps to a non-empty original span that folds to contain it."""
    n = normalize(text)
    for i, ch in enumerate(n.folded.text):
        start, end = n.folded.to_original(i, i + 1)
        assert start < end
        assert ch in normalize(text[start:end]).folded.text


@given(st.text(), st.integers(-5, 50), st.integers(-5, 50))
def test_out_of_range_positions_are_clamped(text: str, a: int, b: int) -> None:
    """Positions outside the view are clamped instead of raising."""
    for view in (normalize(text).folded, normalize(text).skeleton):
        start, end = view.to_original(a, b)
        assert 0 <= start <= end <= len(text)


@given(st.sampled_from(["liar", "fraud", "dishonest", "viagra", "cheat"]).flatmap(
    lambda w: st.tuples(st.just(w), disguised(w))))  # fmt: skip
def test_disguised_words_are_found_whole(pair: tuple[str, str]) -> None:
    """Leet, look-alikes, invisible characters, stretching and spacing all fold to the word."""
    word, text = pair
    phrases = PhraseList([word])
    sentence = f"well, {text} indeed"
    n = normalize(sentence)
    hits = list(phrases.finditer(n.skeleton))
    assert [h[2] for h in hits] == [word], n.skeleton.text
    start, end = n.skeleton.to_original(hits[0][0], hits[0][1])
    invisible = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
    assert sentence[start:end] == text.strip(" " + invisible)


@pytest.mark.parametrize(
    "text",
    ["Scunthorpe United won", "please assess the risk", "a classic passage", "Penistone road"],
)
def test_whole_word_matching_leaves_innocent_words(text: str) -> None:
    """Scunthorpe and assess contain no rude word: phrases match whole words only."""
    phrases = PhraseList(["ass", "cunt", "penis"])
    assert list(phrases.finditer(normalize(text).skeleton)) == []


def test_whole_words_are_still_found() -> None:
    """The same list finds the words when they stand alone or are disguised."""
    phrases = PhraseList(["ass", "cunt"])
    text = "what an a$$, a real c u n t"
    found = [p for _, _, p in phrases.finditer(normalize(text).skeleton)]
    assert found == ["ass", "cunt"]


def test_phrase_syntax_expands_alternatives_and_options() -> None:
    """{a|b} picks one, [x] or [a|b] is optional, and a trailing * matches a prefix."""
    assert expand("{check|visit} [my] site") == [
        "check my site", "check  site", "visit my site", "visit  site",
    ]  # fmt: skip
    assert expand("[new|old] post") == ["new post", "old post", " post"]
    phrases = PhraseList(["{check|visit} [my] site", "subscri*"])
    text = "Visit site, check MY site; subscribers welcome; subs no"
    found = [(text[s:e], p) for s, e, p in phrases.finditer(normalize(text).skeleton)]
    assert [f for f, _ in found] == ["Visit site", "check MY site", "subscribers"]


def test_matches_are_leftmost_longest_and_do_not_overlap() -> None:
    """The longest phrase at a word wins, and the next search starts after it."""
    phrases = PhraseList(["check", "check out", "check out my channel", "out my"])
    text = "check out my channel, check out"
    found = [text[s:e] for s, e, _ in phrases.finditer(normalize(text).skeleton)]
    assert found == ["check out my channel", "check out"]


@pytest.mark.parametrize("bad", ["{a|b", "a]", "{a|[b]}"])
def test_broken_phrase_syntax_is_an_error(bad: str) -> None:
    """Unbalanced or nested brackets are reported, not silently matched as text."""
    with pytest.raises(PhraseError):
        PhraseList([bad])


def test_ten_thousand_phrases_match_like_a_hundred() -> None:
    """A 10,000-entry list finds the same hits as a short one (one trie, one pass)."""
    consonants = "bcdfghjklmnpqrstvwxz"
    filler = ["zq" + "a".join(consonants[int(d)] + consonants[int(d) + 10] for d in f"{i:04d}")
              for i in range(10_000)]  # fmt: skip
    small = PhraseList(["viagra", "online casino"])
    large = PhraseList([*filler, "viagra", "online casino"])
    assert len(large) == 10_002
    view = normalize(f"V I A G R A and an Online  Casino, {filler[42]} too").skeleton
    assert [p for *_, p in small.finditer(view)] == ["viagra", "online casino"]
    assert [p for *_, p in large.finditer(view)] == ["viagra", "online casino", filler[42]]
