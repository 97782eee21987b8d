"""Independent checks for sanitised HTML, shared by the sanitiser tests and evaluation script.

The oracle re-parses output with html5lib (as a browser parses an element's innerHTML) and
judges it without calling threadkit's own URL code, so a bug there cannot hide itself.
"""

from __future__ import annotations

import copy
import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import html5lib
from html5lib.serializer import HTMLSerializer

from threadkit.sanitize import SanitizerPolicy

DATA = Path(__file__).parent / "data"
_WS = re.compile(r"\s+")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")


def parse(markup: str) -> Element:
    """Parse ``markup`` as the content of a ``<div>``, the way a page shows a comment."""
    fragment: Element = html5lib.parseFragment(
        markup, container="div", treebuilder="etree", namespaceHTMLElements=False
    )
    return fragment


def _children(node: Element) -> Iterator[Element]:
    yield from list(node)


def oracle_url_ok(value: str, schemes: frozenset[str]) -> bool:
    """Whether a URL is plainly absolute and in ``schemes``, by standard-library parsing."""
    if any(c <= " " or c == "\x7f" or "\x80" <= c <= "\x9f" for c in value):
        return False
    match = _SCHEME.match(value)
    if match is None or match.group(1).lower() not in schemes:
        return False
    if match.group(1).lower() not in ("http", "https"):
        return len(value) > match.end()
    try:
        parts = urllib.parse.urlsplit(value)
    except ValueError:  # e.g. an unbalanced "[" in the host
        return False
    return bool(parts.hostname) and value[match.end() :].startswith("//")


def violations(markup: str, policy: SanitizerPolicy) -> list[str]:
    """Everything in ``markup`` the policy does not allow, as readable strings (empty = clean)."""
    found: list[str] = []
    allowed_attrs = policy.output_attributes

    def walk(node: Element) -> None:
        for child in _children(node):
            tag = child.tag
            if not isinstance(tag, str):  # comments, processing instructions
                found.append(f"non-element node {tag!r}")
                continue
            if tag not in policy.output_tags:
                found.append(f"tag <{tag}>")
            for name, value in child.attrib.items():
                if tag == "a" and name == "rel" and policy.rel:
                    if value != policy.rel:
                        found.append(f"rel={value!r}")
                elif name not in allowed_attrs.get(tag, ()):
                    found.append(f"attribute {name} on <{tag}>")
                elif name in ("href", "cite", "src") and not oracle_url_ok(
                    value, policy.url_schemes
                ):
                    found.append(f"url {name}={value!r}")
            if tag == "a" and policy.rel and child.get("rel") != policy.rel:
                found.append("<a> without the policy's rel")
            walk(child)

    tree = parse(markup)
    walk(tree)
    if not found and serialize(parse(serialize(tree))) != serialize(tree):
        found.append("output changes when re-parsed (mutation XSS risk)")
    return found


def serialize(tree: Element) -> str:
    """Serialise a parsed fragment back to HTML, canonically.

    html5lib's serialiser forgets the WHATWG rule that a ``<pre>`` whose text starts with a
    newline needs one more (parsers drop the first); this copy applies it.
    """
    tree = copy.deepcopy(tree)
    for element in tree.iter():
        if element.tag in ("pre", "textarea", "listing") and (element.text or "").startswith("\n"):
            element.text = "\n" + (element.text or "")
    walker = html5lib.getTreeWalker("etree")
    serializer = HTMLSerializer(
        quote_attr_values="always", alphabetical_attributes=True, omit_optional_tags=False
    )
    return "".join(serializer.serialize(walker(tree)))


def canonical(markup: str) -> str:
    """``markup`` re-parsed and serialised canonically (attributes sorted, all tags written)."""
    return serialize(parse(markup))


def signature(markup: str, whitespace: str = " ") -> tuple[Any, ...]:
    """What survives, as a comparable tree: tags, sorted attributes, text.

    Backends serialise differently (``&nbsp;`` or U+00A0, attribute order); this ignores that.
    Each run of whitespace in text becomes ``whitespace``.
    """

    def text(value: str | None) -> str:
        return _WS.sub(whitespace, value or "")

    def sig(node: Element) -> tuple[Any, ...]:
        items: list[Any] = []

        def add_text(value: str | None) -> None:
            value = text(value)
            if not value:
                return
            if items and isinstance(items[-1], str):
                items[-1] = text(items[-1] + value)
            else:
                items.append(value)

        add_text(node.text)
        for child in _children(node):
            if isinstance(child.tag, str):
                items.append(sig(child))
            add_text(child.tail)
        cleaned = [i.strip() if isinstance(i, str) else i for i in items]
        return (node.tag, tuple(sorted(node.attrib.items())), tuple(i for i in cleaned if i))

    return sig(parse(markup))


def reader_text(markup: str) -> str:
    """The text a reader sees in text-mode output: ``<br>`` is a newline, ``<p>`` a blank line."""
    paragraphs: list[str] = []

    def flat(node: Element, out: list[str]) -> None:
        out.append(node.text or "")
        for child in _children(node):
            if child.tag == "br":
                out.append("\n")
                out.append((child.tail or "").removeprefix("\n"))
                continue
            flat(child, out)
            out.append(child.tail or "")

    for child in _children(parse(markup)):
        out: list[str] = []
        flat(child, out)
        paragraphs.append("".join(out))
    return "\n\n".join(paragraphs)


def expected_reader_text(clean: str) -> str:
    """What ``reader_text`` should give for hygiene-clean input ``clean`` (blank lines merge)."""
    paragraphs: list[list[str]] = [[]]
    for line in clean.split("\n"):
        if line.strip(" \t"):
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("\n".join(lines) for lines in paragraphs if lines)


def load_payloads(path: Path) -> list[str]:
    """One payload a line (only "\\n" ends a line: payloads hold other breaks); blanks skipped."""
    text = path.read_text(encoding="utf-8")
    return [line for line in text.split("\n") if line.strip()]


def read_fixtures(path: Path) -> list[tuple[str, str, str]]:
    """Golden cases in the markdown-it-py style: title, ``.``, input, ``.``, expected, ``.``.

    Inside input and expected, ``\\n`` at a line end is literal and other escapes (``\\t``,
    ``\\u202e``) are decoded, so invisible characters stay readable in the file.
    """
    cases: list[tuple[str, str, str]] = []
    lines = path.read_text(encoding="utf-8").split("\n")
    index = 0
    while index < len(lines):
        if not lines[index].strip() or lines[index].startswith("#"):
            index += 1
            continue
        title = lines[index]
        blocks: list[list[str]] = []
        index += 2  # the title and its opening "."
        for _ in range(2):
            block: list[str] = []
            while lines[index] != ".":
                block.append(lines[index])
                index += 1
            blocks.append(block)
            index += 1
        cases.append((title, _decode("\n".join(blocks[0])), _decode("\n".join(blocks[1]))))
    return cases


def _decode(value: str) -> str:
    return value.encode("latin-1", "backslashreplace").decode("unicode_escape")
