"""Text mode rendering and linkifying: markup threadkit writes itself, safe by construction.

Everything the reader typed is escaped; the only tags written are ``<p>``, ``<br>`` and ``<a>``
whose ``href`` passed ``safe_url``. The backend then cleans the result as a second line of
defence, so a bug here still cannot get past the policy.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from threadkit.sanitize._policy import SanitizerPolicy
from threadkit.sanitize._url import safe_url

_BLANK = re.compile(r"[ \t]*")
_URL_REST = re.compile(r"[^\s<>\"]+")
_TRAILING = ".,:;!?'*_~"
_PAIRS = {")": "(", "]": "[", "}": "{"}
# A tag of sanitised output: quotes are balanced, so a ">" inside a value does not end it.
# Possessive quantifiers: a failed match must not backtrack through every split of a run.
_OUTPUT_TAG = re.compile(r"(</?[A-Za-z][A-Za-z0-9]*(?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+>)")
_TAG_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)")
_PRE_NEWLINE = re.compile(r"(<pre(?:\s(?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+)?>)\n")
_NO_LINKS_INSIDE = frozenset({"a", "code", "pre"})
_NO_LINKS_PREFIXES = tuple(f"<{s}{n}" for s in ("", "/") for n in "aAcCpP")
# One character, or one character reference, of escaped text.
_UNIT = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)|.", re.DOTALL)
_REFERENCE_BEFORE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);\Z")
# A link as a backend writes it: its text holds no "<" and its attributes no ">".
_LINK = re.compile(r"<a\s[^>]*>[^<]*</a>")
_URL_VALUE = re.compile(r'="[A-Za-z][A-Za-z0-9+.\-]*://')


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _trim(url: str) -> str:
    """Drop the punctuation that ends the sentence rather than the URL."""
    end = len(url)
    # Bracket balance of the whole candidate, updated as closers are dropped (no rescans).
    balance = {closer: url.count(closer) - url.count(opener) for closer, opener in _PAIRS.items()}
    while end:
        last = url[end - 1]
        if last in _TRAILING:
            end -= 1
        elif last in balance and balance[last] > 0:
            balance[last] -= 1
            end -= 1
        else:
            break
    return url[:end]


def _link(url: str, policy: SanitizerPolicy, text: str | None = None) -> str:
    """A link to ``url`` showing ``text`` (already escaped), or the URL itself."""
    rel = f' rel="{policy.rel}"' if policy.rel else ""
    shown = _escape(url) if text is None else text
    return f'<a href="{html.escape(url, quote=True)}"{rel}>{shown}</a>'


def _find_url(text: str, position: int) -> tuple[int, int] | None:
    """(start, end) of the first bare URL candidate at or after ``position``, or None.

    A candidate is ``http://`` or ``https://`` (any case) not preceded by a letter, digit or
    ``_``, then everything up to whitespace, ``<``, ``>`` or ``"``. Found with ``str.find``:
    a case-insensitive regex costs about 20 ns a character, and comments are mostly words.
    """
    while (colon := text.find("://", position)) != -1:
        position = colon + 1
        for scheme in ("https", "http"):
            start = colon - len(scheme)
            if start < 0 or text[start:colon].lower() != scheme:
                continue
            before = text[start - 1] if start else " "
            rest = _URL_REST.match(text, colon + 3)
            if rest is not None and not (before.isalnum() or before == "_"):
                return start, rest.end()
            break
    return None


def linkify_text(text: str, policy: SanitizerPolicy) -> str:
    """Escape plain ``text``, turning bare http(s) URLs that pass the policy into links."""
    if not policy.linkify or "://" not in text:
        return _escape(text)
    parts: list[str] = []
    position = 0
    search = 0
    while (found := _find_url(text, search)) is not None:
        start, search = found
        url = _trim(text[start:search])
        if safe_url(url, policy.url_schemes) is None:
            continue
        parts.append(_escape(text[position:start]))
        parts.append(_link(url, policy))
        position = start + len(url)
    parts.append(_escape(text[position:]))
    return "".join(parts)


def render_text(text: str, policy: SanitizerPolicy) -> str:
    """Render a reader's plain text: blank lines separate ``<p>``, single newlines are ``<br>``.

    A blank line is one holding only spaces and tabs; leading and trailing blank lines vanish.
    """
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for line in text.split("\n"):
        if _BLANK.fullmatch(line):
            if current:
                paragraphs.append(current)
                current = []
        else:
            current.append(line)
    if current:
        paragraphs.append(current)
    return "\n".join(
        "<p>" + "<br>\n".join(linkify_text(line, policy) for line in lines) + "</p>"
        for lines in paragraphs
    )


def keep_leading_newline(markup: str) -> str:
    """Double a newline that opens a ``<pre>``, as the HTML serialising rules require.

    Parsers drop one newline right after ``<pre>``; neither backend's serialiser puts it back,
    so without this each clean would eat one more newline and cleaning would not be idempotent.
    """
    if "<pre" not in markup:
        return markup
    return _PRE_NEWLINE.sub("\\1\n\n", markup)


def _escaped_links(segment: str, policy: SanitizerPolicy) -> list[tuple[int, int, str]]:
    """(start, end, url) of each bare URL in an escaped text run of sanitised output.

    The run keeps the backend's own escaping (bleach keeps ``&eacute;``, nh3 writes ``é``), so
    the search reads it reference by reference and finds exactly what ``linkify_text`` finds
    in the decoded text, whichever backend wrote it.
    """
    spans: list[tuple[int, int, str]] = []
    position = 0
    while (found := _find_url(segment, position)) is not None:
        start, end = found
        before = _REFERENCE_BEFORE.search(segment, max(0, start - 40), start)
        if before and (html.unescape(before.group()) + " ")[-2:-1].isalnum():
            position = segment.index("://", start) + 1  # a letter before it: "&eacute;http"
            continue
        candidate = segment[start:end]
        if "&" not in candidate:  # no references: the run reads as it is written
            url = _trim(candidate)
            position = end
            if safe_url(url, policy.url_schemes) is not None:
                spans.append((start, start + len(url), url))
            continue
        units: list[tuple[int, str]] = []  # (length in the run, the text it stands for)
        for unit in _UNIT.findall(candidate):
            decoded = html.unescape(unit) if len(unit) > 1 else unit
            if any(c.isspace() or c in '<>"' for c in decoded):
                break
            units.append((len(unit), decoded))
        # The decoded text's candidate ends where a reference stood for a space or bracket.
        position = start + max(1, sum(n for n, _ in units))
        url = "".join(decoded for _, decoded in units)
        keep = len(_trim(url))
        while units and len(url) > keep:
            url = url[: -len(units.pop()[1])]
        if units and safe_url(url, policy.url_schemes) is not None:
            spans.append((start, start + sum(n for n, _ in units), url))
    return spans


def linkify_html(markup: str, policy: SanitizerPolicy, reclean: Callable[[str], str]) -> str:
    """Turn bare URLs in the text of sanitised ``markup`` into links (html mode).

    ``markup`` must be a backend's output: well-formed, attributes quoted, comments gone, every
    ``<`` in text escaped. Text inside ``a``, ``code`` and ``pre`` is left alone. The new links
    go through ``reclean`` (the backend) in one small batch, so they are checked again and
    written exactly as the backend writes links, and cleaning the result changes nothing.
    """
    if not policy.linkify or "a" not in policy.tags:
        return markup
    found = markup.count("://")
    if not found or found == len(_URL_VALUE.findall(markup)):
        return markup  # every URL starts an attribute value: the links already exist
    # Split keeps the tags (odd indices) between the text runs (even indices).
    parts = _OUTPUT_TAG.split(markup)
    last = max((i for i in range(0, len(parts), 2) if "://" in parts[i]), default=-1)
    blocked = 0  # how many a/code/pre elements are open around the current text
    edits: list[tuple[int, list[tuple[int, int, str]]]] = []
    for index in range(last + 1):
        part = parts[index]
        if index % 2:
            if part.startswith(_NO_LINKS_PREFIXES):
                name = _TAG_NAME.match(part)
                if name and name.group(2).lower() in _NO_LINKS_INSIDE:
                    blocked = max(0, blocked - 1) if name.group(1) else blocked + 1
        elif not blocked and "://" in part:
            spans = _escaped_links(part, policy)
            if spans:
                edits.append((index, spans))
    if not edits:
        return markup
    ours = [_link(url, policy, parts[i][a:b]) for i, spans in edits for a, b, url in spans]
    theirs = _LINK.findall(reclean("".join(ours)))
    links = iter(theirs if len(theirs) == len(ours) else ours)
    for index, spans in edits:
        run, pieces, position = parts[index], [], 0
        for start, end, _url in spans:
            pieces += [run[position:start], next(links)]
            position = end
        parts[index] = "".join(pieces) + run[position:]
    linked = "".join(parts)
    # The backend wrote fewer links than it was given (it should never): clean it all again.
    return linked if len(theirs) == len(ours) else reclean(linked)
