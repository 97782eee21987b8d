"""Golden input/output fixtures and the project's XSS payloads, through every backend and mode."""

from __future__ import annotations

import pytest

from _sanitize_support import (
    DATA,
    canonical,
    expected_reader_text,
    load_payloads,
    read_fixtures,
    reader_text,
    violations,
)
from threadkit import ContentTooLarge
from threadkit.sanitize import Sanitizer, SanitizerPolicy, clean_unicode

BACKENDS = ("bleach", "nh3")
POLICIES = {"text": SanitizerPolicy(mode="text"), "html": SanitizerPolicy(mode="html")}
SANITIZERS = {(m, b): Sanitizer(p, b) for m, p in POLICIES.items() for b in BACKENDS}
PAYLOADS = load_payloads(DATA / "xss" / "payloadsallthethings-selection.txt")
FIXTURE_MODES = {"text.txt": "text", "unicode.txt": "text", "html.txt": "html"}
FIXTURES = [
    pytest.param(FIXTURE_MODES[name], source, expected, id=f"{name}: {title}")
    for name in FIXTURE_MODES
    for title, source, expected in read_fixtures(DATA / "sanitize" / name)
]


def test_fixture_files_were_read() -> None:
    """The loader finds every case, so an empty or misparsed fixture file cannot pass silently."""
    assert len(FIXTURES) >= 45
    assert len(PAYLOADS) == 86


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("mode", "source", "expected"), FIXTURES)
def test_golden_fixture(backend: str, mode: str, source: str, expected: str) -> None:
    """The output is the expected document (compared after canonical re-serialisation)."""
    out = SANITIZERS[(mode, backend)].clean(source)
    assert canonical(out) == canonical(expected)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("mode", ["text", "html"])
@pytest.mark.parametrize("payload", PAYLOADS, ids=[f"payload{n:02d}" for n in range(len(PAYLOADS))])
def test_payload_keeps_nothing_outside_policy(payload: str, mode: str, backend: str) -> None:
    """Each XSS payload comes out with only allowed tags, attributes and URL schemes."""
    try:
        out = SANITIZERS[(mode, backend)].clean(payload)
    except ContentTooLarge:  # pragma: no cover - none of these payloads is that large
        pytest.fail("a short payload was refused")
    assert violations(out, POLICIES[mode]) == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_text_mode_shows_each_payload_as_the_reader_typed_it(backend: str) -> None:
    """In text mode every payload is displayed as its own characters, not interpreted."""
    for payload in PAYLOADS:
        out = SANITIZERS[("text", backend)].clean(payload)
        assert reader_text(out) == expected_reader_text(clean_unicode(payload)), payload


# Where the parsers differ: both results are within the policy, but not the same words.
# Pinned so a library upgrade that changes either shows up here (docs/security.md explains).
KNOWN_DIVERGENCES = [
    # A tag left unfinished at the end: bleach shows it as text, nh3 (like browsers) drops it.
    ("a <b", "a &lt;b", "a "),
    # Raw-text elements: bleach strips the tag before tokenising, so what follows is markup;
    # nh3 follows HTML and reads it as text.
    ("<textarea><b>x</b></textarea>", "<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
    # Foreign content: nh3 drops a MathML or SVG subtree, bleach keeps its text.
    ("<math><mi>x</mi></math>", "x", ""),
    # A stripped block tag after another tag: bleach leaves a newline in its place.
    ("<p>a</p><div>b</div>c", "<p>a</p>\nbc", "<p>a</p>bc"),
]


@pytest.mark.parametrize(("source", "via_bleach", "via_nh3"), KNOWN_DIVERGENCES)
def test_known_divergences_between_parsers(source: str, via_bleach: str, via_nh3: str) -> None:
    """The documented parser differences are exactly as documented, and both stay in policy."""
    assert SANITIZERS[("html", "bleach")].clean(source) == via_bleach
    assert SANITIZERS[("html", "nh3")].clean(source) == via_nh3
    for out in (via_bleach, via_nh3):
        assert violations(out, POLICIES["html"]) == []
