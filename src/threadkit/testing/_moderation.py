"""Hypothesis strategies for moderation: disguised words and inputs built to hurt a regex.

A rule of your own should survive ``adversarial_texts()`` (the engine turns a timeout into a
held comment, but a rule that is slow on every comment slows every request) and, if it matches
words, find them in ``disguised(word)``.
"""

from __future__ import annotations

from hypothesis import strategies as st

_LEET = {"a": "4@", "e": "3", "i": "1!", "o": "0", "s": "5$", "t": "7"}
_LOOKALIKE = {"a": "а", "c": "с", "e": "е", "i": "і", "o": "о", "p": "р", "x": "х", "y": "у"}
_INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad")


@st.composite
def disguised(draw: st.DrawFn, word: str) -> str:
    """``word`` (lowercase ASCII letters) disguised the ways filters get dodged: capitals,
    leetspeak, Cyrillic look-alikes, invisible characters, stretched letters, or spaced out."""
    style = draw(st.sampled_from(["plain", "mixed", "spaced"]))
    if style == "spaced":
        sep = draw(st.sampled_from([" ", ".", "-", "_"]))
        return sep.join(word)
    out: list[str] = []
    for ch in word:
        choice = draw(st.integers(0, 5))
        if choice == 1:
            ch = ch.upper()
        elif choice == 2 and ch in _LEET and out and len(out) < len(word) - 1:
            ch = draw(st.sampled_from(_LEET[ch]))
        elif choice == 3 and ch in _LOOKALIKE:
            ch = _LOOKALIKE[ch]
        elif choice == 4:
            ch = ch + draw(st.sampled_from(_INVISIBLE))
        elif choice == 5:
            ch = ch * draw(st.integers(3, 6))
        out.append(ch)
    return "".join(out)


def redos_strings() -> st.SearchStrategy[str]:
    """Long runs with a twist at the end: what makes backtracking patterns blow up."""
    unit = st.sampled_from(["a", "aa", "ab", " ", "a ", "x.", "1", "!", "ha", "\u0301", "é"])
    tail = st.sampled_from(["", "!", "b", "\x00", "🙂", " ", "\n"])
    return st.builds(lambda u, n, t: u * n + t, unit, st.integers(1, 20_000), tail)


def large_texts(max_size: int = 1_000_000) -> st.SearchStrategy[str]:
    """Texts up to ``max_size`` characters: a random chunk repeated."""
    return st.builds(
        lambda chunk, n: (chunk * n)[:max_size],
        st.text(min_size=1, max_size=40),
        st.integers(1, max_size),
    )


def adversarial_texts() -> st.SearchStrategy[str]:
    """Any text, ReDoS-style runs, or very large inputs."""
    return st.one_of(st.text(), redos_strings(), large_texts())
