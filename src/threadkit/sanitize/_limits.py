"""Input limits, checked before any HTML parser runs.

bleach's cost grows faster than linearly with nesting (20,000 nested tags took 2 s) and with
the attributes on one tag (html5lib compares each new attribute with all before it: 20,000 on
one tag took 65 s), so such input must be refused by a scan that is itself cheap: one regex
pass over the tags, and a stack no deeper than the limit.
"""

from __future__ import annotations

import functools
import re

from threadkit._errors import ContentTooLarge

# One attribute as the HTML tokenizer reads it: a name (anything up to whitespace, "/", ">" or
# "="), then optionally "=" and a quoted or unquoted value. Possessive quantifiers keep every
# failed match linear.
_ATTRIBUTE_SOURCE = r"""[\s/]*+[^\s/>][^\s/>=]*+(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s>]*+))?+"""
_ATTRIBUTE = re.compile(_ATTRIBUTE_SOURCE)
_TAG = re.compile(r"<(/?)([A-Za-z][^\s/>]*+)((?:" + _ATTRIBUTE_SOURCE + r")*+)")
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "keygen",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "frame",
        "basefont",
        "bgsound",
        "image",
        "isindex",
    ]
)
# Formatting elements survive implicit closes: the parser reopens them in each new block, so
# the estimate only forgets one when its own end tag appears.
_FORMATTING = frozenset(
    [
        "a",
        "b",
        "big",
        "code",
        "em",
        "font",
        "i",
        "nobr",
        "s",
        "small",
        "strike",
        "strong",
        "tt",
        "u",
    ]
)
# Start tags that close an open <p>, as the HTML tree builder does.
_CLOSES_P = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "listing",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "search",
        "section",
        "summary",
        "table",
        "ul",
    ]
)


@functools.cache
def _too_many_attributes(limit: int) -> re.Pattern[str]:
    """A tag with more than ``limit`` attributes (atomic groups: linear when it fails)."""
    return re.compile(r"<[A-Za-z][^\s/>]*+(?>" + _ATTRIBUTE_SOURCE + r"){" + str(limit + 1) + "}")


def check_length(text: str, max_length: int) -> None:
    """Raise ``ContentTooLarge`` when ``text`` is longer than ``max_length`` characters."""
    if len(text) > max_length:
        raise ContentTooLarge("length", max_length, len(text))


def _close(stack: list[str], name: str) -> list[str]:
    """The stack after an end tag (or implied end) for ``name``; unchanged if not open."""
    for index in range(len(stack) - 1, -1, -1):
        if stack[index] == name:
            return stack[:index] + [t for t in stack[index + 1 :] if t in _FORMATTING]
    return stack


def check_markup(markup: str, max_depth: int, max_attributes: int) -> None:
    """Raise ``ContentTooLarge`` when tags may nest deeper than ``max_depth``, or one tag
    carries more than ``max_attributes`` attributes.

    Tags are read as the HTML tokenizer reads them (quotes only delimit values), so a ``>`` or
    ``<`` inside a quoted value neither ends nor starts a tag. The depth is an estimate that
    errs high: tags inside comments or raw text count, and formatting elements left open count
    in every block they would be reopened in.
    """
    if "<" not in markup:
        return
    crowded = _too_many_attributes(max_attributes).search(markup)
    if crowded is not None:
        tag = _TAG.match(markup, crowded.start())
        count = len(_ATTRIBUTE.findall(tag.group(3))) if tag else max_attributes + 1
        raise ContentTooLarge("attributes", max_attributes, count)
    if markup.count("<") <= max_depth:
        return  # cannot open more elements than it has "<"
    stack: list[str] = []
    for closing, raw_name, _attributes in _TAG.findall(markup):
        name = raw_name.lower()
        if closing:
            if stack and stack[-1] == name:
                stack.pop()
            elif name in stack:
                stack = _close(stack, name)
            continue
        if name in _VOID:
            continue
        if name in _CLOSES_P and "p" in stack:
            stack = _close(stack, "p")
        elif name == "li" and "li" in stack:
            last_list = max((i for i, t in enumerate(stack) if t in ("ul", "ol")), default=-1)
            if "li" in stack[last_list + 1 :]:
                stack = _close(stack, "li")
        stack.append(name)
        if len(stack) > max_depth:
            raise ContentTooLarge("depth", max_depth, len(stack))
