"""Unicode hygiene: what is removed from a reader's text before any HTML parser sees it.

It runs before sanitising, never after: normalising or deleting characters in sanitised HTML can
rebuild markup the sanitiser already judged (NFKC turns a fullwidth ``＜img onerror…＞`` into a
live tag; deleting a zero-width space turns ``java\\u200bscript:`` into ``javascript:``).

What goes, and why (docs/security.md has the long form):

- lone surrogates (a valid high+low pair is joined into its character first), NUL and every
  other C0/C1 control except tab and newline; CR, CRLF, NEL and U+2028 become ``\\n``, U+2029
  becomes a blank line;
- bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069: "Trojan Source");
  the marks LRM, RLM and ALM stay, because right-to-left writers need them and they cannot
  reorder text on their own;
- zero-width and invisible format characters (ZWSP, word joiner, invisible operators, BOM,
  interlinear annotation, deprecated format controls), and noncharacters;
- ZWJ and ZWNJ, except where a script or emoji needs them: after a virama (RFC 5892 ContextJ,
  e.g. Devanagari half forms), ZWNJ between Arabic-script joining letters (Persian ``می‌خواهم``,
  also RFC 5892), and ZWJ inside an emoji ZWJ sequence (UTS #51, e.g. 👩‍💻);
- tag characters, except inside an emoji tag sequence (the flags of England, Scotland, Wales);
- U+180E, except between two Mongolian letters.

Then the text is put in NFC (never NFKC, which would fold fullwidth ``＜`` into ``<``).
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.entities import html5

import regex

from threadkit.sanitize._url import decode_numeric

_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_PAIR = re.compile("([\ud800-\udbff])([\udc00-\udfff])")
_LINE_BREAK = re.compile("\r\n?|\x85|\u2028|(\u2029)")
_ASCII_DROP = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_DROP = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"  # controls except tab and newline
    "\ud800-\udfff"  # lone surrogates
    "\u200b\u2060-\u2064\u206a-\u206f\ufeff\ufff9-\ufffb"  # zero-width and invisible
    "\u202a-\u202e\u2066-\u2069"  # bidi embeddings, overrides, isolates
    "\ufdd0-\ufdef\ufffe\uffff]"  # noncharacters of the BMP
)
# Characters beyond the BMP (emoji, historic scripts): a one-range class stays fast, where
# listing the 32 astral noncharacters in _DROP made every search ten times slower.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_TAG_CHARACTER = re.compile("[\U000e0000-\U000e007f]")
_JOINER = re.compile("[\u200c\u200d\u180e]")
# Characters kept or dropped depending on their neighbours.
_CONTEXTUAL = regex.compile(
    r"(\U0001F3F4[\U000E0020-\U000E007E]+\U000E007F)"  # emoji tag sequence: keep whole
    r"|(?<=\p{ccc=9})[\u200c\u200d]"  # after a virama: keep
    r"|(?<=[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F\u20E3])\u200d"
    r"(?=\p{Extended_Pictographic})"  # inside an emoji ZWJ sequence: keep
    r"|(?<=[\p{jt=L}\p{jt=D}]\p{jt=T}*)\u200c(?=\p{jt=T}*[\p{jt=R}\p{jt=D}])"  # joining: keep
    r"|(?<=\p{Mongolian}\p{M}*)\u180e(?=\p{Mongolian})"  # Mongolian vowel separator: keep
    r"|([\u200c\u200d\u180e\U000E0000-\U000E007F])"  # anywhere else: drop
)

# Anything any step below may touch, in one class: text without it only needs NFC. One pass
# costs about as much per character as nh3's whole parse, so the common case gets just one.
_ATTENTION = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\r\u180e\u200b-\u200d\u2028-\u202e\u2060-\u206f"
    "\ud800-\udfff\ufdd0-\ufdef\ufeff\ufff9-\uffff\U00010000-\U0010ffff]"
)
_HAS_LINE_BREAK = re.compile("[\r\x85\u2028\u2029]")

#: Every character hygiene may remove or rewrite; html mode reveals references to these.
_SENSITIVE = re.compile(
    _DROP.pattern[:-1] + "\r\u0085\u2028\u2029\u200c\u200d\u180e\U000e0000-\U000e007f]"
    "|[\U0001fffe-\U0010ffff](?<=[\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe"
    "\U0003ffff\U0004fffe\U0004ffff\U0005fffe\U0005ffff\U0006fffe\U0006ffff\U0007fffe"
    "\U0007ffff\U0008fffe\U0008ffff\U0009fffe\U0009ffff\U000afffe\U000affff\U000bfffe"
    "\U000bffff\U000cfffe\U000cffff\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe"
    "\U000fffff\U0010fffe\U0010ffff])"
)
_SENSITIVE_NAMES = sorted(
    (name for name, char in html5.items() if len(char) == 1 and _SENSITIVE.match(char)),
    key=len,
    reverse=True,
)
# Numeric references, and the named ones that stand for a sensitive character (&zwj; ...).
_REFERENCE = re.compile(
    r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|(?:" + "|".join(map(re.escape, _SENSITIVE_NAMES)) + "))"
)


def _join_pair(match: re.Match[str]) -> str:
    high, low = match.group(1), match.group(2)
    return chr(0x10000 + ((ord(high) - 0xD800) << 10) + (ord(low) - 0xDC00))


def _contextual(match: regex.Match[str]) -> str:
    return "" if match.group(2) else match.group(0)


def _line_break(match: re.Match[str]) -> str:
    return "\n\n" if match.group(1) else "\n"


def _astral(match: re.Match[str]) -> str:
    # The last two code points of every plane (U+1FFFE, U+1FFFF, ...) are noncharacters.
    return "" if ord(match.group()) & 0xFFFE == 0xFFFE else match.group()


def _remove(text: str) -> str:
    if _DROP.search(text):
        text = _DROP.sub("", text)
    astral = _ASTRAL.search(text) is not None
    if astral:
        text = _ASTRAL.sub(_astral, text)
    if _JOINER.search(text) or (astral and _TAG_CHARACTER.search(text)):
        text = _CONTEXTUAL.sub(_contextual, text)
    return text


def _nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def clean_unicode(text: str) -> str:
    """Return ``text`` with unsafe and invisible characters removed, in NFC.

    Idempotent: cleaning clean text changes nothing.
    """
    if text.isascii():
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        return _ASCII_DROP.sub("", text) if _ASCII_DROP.search(text) else text
    if not _ATTENTION.search(text):
        return _nfc(text)
    if _HAS_LINE_BREAK.search(text):
        text = _LINE_BREAK.sub(_line_break, text)
    if _SURROGATE.search(text):
        text = _SURROGATE_PAIR.sub(_join_pair, text)
    text = _nfc(_remove(text))
    # Removing a character can let NFC compose its neighbours, and NFC can reorder the marks a
    # joiner's context depends on, so repeat until nothing changes; each extra round removes at
    # least one character, so this ends, and it almost never runs twice.
    while (removed := _remove(text)) != text:
        text = _nfc(removed)
    return text


def reveal_references(markup: str) -> str:
    """Turn character references to hygiene-sensitive characters into the characters.

    In html mode ``&#x202E;`` or ``&zwj;`` would otherwise reach the page after hygiene ran;
    revealing them lets ``clean_unicode`` judge them like typed characters. None of these
    characters has meaning in HTML syntax, so revealing them cannot create markup. A numeric
    reference padded past 12 characters is rewritten short (``&#0000106;`` is ``&#106;``):
    html5lib, under bleach, calls ``int()`` on the digits and fails past 4,300 of them.
    """
    if "&" not in markup or not _REFERENCE.search(markup):
        return markup

    def replace(match: re.Match[str]) -> str:
        reference = match.group(0)
        decoded = decode_numeric(reference) if reference[1] == "#" else html.unescape(reference)
        if len(decoded) == 1 and _SENSITIVE.match(decoded):
            return decoded
        if reference[1] == "#" and len(reference) > 12:
            return f"&#{ord(decoded)};"
        return reference

    return _REFERENCE.sub(replace, markup)
