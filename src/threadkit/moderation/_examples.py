"""Should-flag and should-pass examples for the rules that need an author or a context."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from threadkit._model import Author, Comment
from threadkit.moderation._context import CheckContext
from threadkit.moderation._rule import Example

_NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
_READER = Author(name="Example Reader", email="reader@example.org", ip="192.0.2.10")
_OTHER = Author(name="Someone Else", email="else@example.net", ip="198.51.100.7")
_BODY = "Thanks for writing this, the part about counteroffers was useful."


def _earlier(author: Author, body: str, ago: timedelta, n: int = 1) -> Comment:
    return Comment(
        id=f"earlier-{n}",
        post_id="example-post",
        parent_id=None,
        author=author,
        body=body,
        created_at=_NOW - ago,
    )


def _with(*comments: Comment) -> CheckContext:
    return CheckContext(recent=comments, now=_NOW)


Pair = tuple[tuple[str | Example, ...], tuple[str | Example, ...]]


def duplicate_examples() -> Pair:
    """The same body again (from someone else; from the same author) vs. fresh or too old."""
    other = _with(_earlier(_OTHER, _BODY, timedelta(hours=1)))
    mine = _with(_earlier(_READER, _BODY.upper() + "  ", timedelta(minutes=10)))
    old = _with(_earlier(_OTHER, _BODY, timedelta(days=3)))
    short = _with(_earlier(_OTHER, "Thanks!", timedelta(minutes=5)))
    return (
        (Example(_BODY, other), Example(_BODY, mine)),
        (
            Example("A different thought about the same post.", other),
            Example(_BODY, old),
            Example("Thanks!", short),
        ),
    )


def flood_examples() -> Pair:
    """Seconds after one's own comment, or the sixth in ten minutes, vs. a calm pace."""
    quick = _with(_earlier(_READER, "first", timedelta(seconds=5)))
    burst = _with(*(_earlier(_READER, f"n{i}", timedelta(minutes=i + 1), i) for i in range(5)))
    calm = _with(_earlier(_READER, "first", timedelta(hours=1)))
    someone = _with(_earlier(_OTHER, "first", timedelta(seconds=5)))
    return (
        (Example("And another thing.", quick), Example("And another thing.", burst)),
        (Example("And another thing.", calm), Example("And another thing.", someone)),
    )


def standing_examples() -> tuple[
    tuple[str | Example, ...], tuple[str | Example, ...], tuple[str | Example, ...]
]:
    """A first-time author, a known author, and an author the service knows nothing about."""
    return (
        (Example("Hello, first time here.", CheckContext(known_author=False)),),
        (Example("Hello again.", CheckContext(known_author=True)),),
        (Example("Hello.", CheckContext()), "Hello, plain text only."),
    )


def honeypot_examples(field: str) -> Pair:
    """A hidden field filled in, vs. left empty or absent."""
    return (
        (Example("Nice post.", meta={field: "http://cheap-pills.example"}),),
        (Example("Nice post.", meta={field: ""}), Example("Nice post."), "Nice post."),
    )
