"""threadkit's own URL check: the one place that decides whether a link may survive.

Both backends call it, so link safety never depends on which HTML library is installed:
bleach alone keeps ``javascript:123`` (it reads it as host and port) and nh3 alone keeps
``\\x01java\\x03script:`` (the browser strips the controls). The check refuses rather than
repairs: a URL with whitespace, control or invisible characters anywhere is dropped.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Collection
from html.entities import html5 as _HTML5_ENTITIES

#: Schemes a reader's link may use unless a policy says otherwise.
DEFAULT_URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})

#: Schemes no policy may allow: each runs code or reads local data when followed.
FORBIDDEN_URL_SCHEMES: frozenset[str] = frozenset(
    [
        "javascript",
        "vbscript",
        "livescript",
        "data",
        "file",
        "blob",
        "filesystem",
        "about",
        "view-source",
        "jar",
        "ms-its",
        "mhtml",
        "res",
        "chrome",
        "intent",
    ]
)

# WHATWG "special" schemes resolve "http:evil" against the page, so they must name a host.
_SPECIAL = frozenset({"http", "https", "ftp", "ws", "wss"})
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# Characters that never appear unencoded in a link a person means: markup delimiters, the
# backslash WHATWG reads as "/", and backticks old IE accepted as quotes.
_NEVER = frozenset('<>"`\\')
# WHATWG's forbidden host code points, plus "%" (a percent-encoded host hides its real name).
_AUTHORITY = re.compile(
    r"//(?:\[(?P<ip6>[0-9A-Fa-f:.]+)\]|[^\[\]@:%/?#^|<>\\]+)(?::(?P<port>[0-9]{1,5}))?(?:[/?#]|$)"
)
_ASCII_URL_OK = re.compile(r"[!#-;=?-\[\]_a-z~]*")  # printable ASCII minus space " < > \ ` ^ { | }
_CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z0-9]+;?)")


def _has_bad_char(value: str) -> bool:
    if value.isascii():
        # Fast path for the common case: only the plainly printable ASCII URL characters.
        if _ASCII_URL_OK.fullmatch(value):
            return False
        return any(c <= " " or c == "\x7f" or c in _NEVER for c in value)
    for c in value:
        if c <= " " or c in _NEVER or c.isspace():
            return True
        cat = unicodedata.category(c)
        # Cc: controls (C1 included); Cf: bidi and zero-width format characters; Cs/Co/Cn:
        # surrogates, private use and unassigned code points have no place in a link.
        if cat in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            return True
    return False


def _valid_host_parts(ip6: str | None, port: str | None) -> bool:
    if port is None and ip6 is None:
        return True
    if port is not None and int(port) > 65535:
        return False
    if ip6 is not None:
        try:
            ipaddress.IPv6Address(ip6)
        except ValueError:
            return False
    return True


def safe_url(url: str, schemes: Collection[str] = DEFAULT_URL_SCHEMES) -> str | None:
    """Return ``url`` unchanged if it is an absolute URL with an allowed scheme, else None.

    ``url`` is the attribute value as the browser would see it (character references already
    decoded). Relative URLs, userinfo (``http://bank.com@evil.com``) and any URL carrying
    whitespace, control, invisible or markup characters are refused, never repaired.
    """
    if not url or _has_bad_char(url):
        return None
    match = _SCHEME.match(url)
    if match is None:
        return None  # relative: its meaning depends on the page it is shown on
    scheme = match.group(1).lower()
    if scheme not in schemes:
        return None
    if scheme in _SPECIAL:
        host = _AUTHORITY.match(url, match.end())
        if host is None or not _valid_host_parts(host["ip6"], host["port"]):
            return None
    elif match.end() == len(url):
        return None
    return url


def decode_numeric(reference: str) -> str:
    """Decode ``&#...;`` as the HTML tokenizer does (``html.unescape`` drops controls instead).

    NUL, surrogates and values past U+10FFFF become U+FFFD; 0x80-0x9F are read as windows-1252
    where it defines them; every other value, controls included, is that character.
    """
    digits = reference.lstrip("&#").rstrip(";")
    hexadecimal = digits[:1] in ("x", "X")
    digits = (digits[1:] if hexadecimal else digits).lstrip("0") or "0"
    if len(digits) > 8:  # past U+10FFFF anyway; and int() refuses over 4,300 digits
        return "\ufffd"
    number = int(digits, 16) if hexadecimal else int(digits)
    if number == 0 or number > 0x10FFFF or 0xD800 <= number <= 0xDFFF:
        return "\ufffd"
    if 0x80 <= number <= 0x9F:
        try:
            return bytes([number]).decode("cp1252")
        except UnicodeDecodeError:
            return chr(number)
    return chr(number)


def _legacy_reference(name: str, following: str) -> str | None:
    """Decode a named reference without ``;`` as the HTML attribute-value rules do."""
    for end in range(min(len(name), 32), 1, -1):
        prefix = name[:end]
        if prefix in _HTML5_ENTITIES:
            nxt = name[end] if end < len(name) else following
            if nxt == "=" or (nxt.isascii() and nxt.isalnum()):
                return None  # "?a=1&copy=2" stays literal inside an attribute
            return _HTML5_ENTITIES[prefix] + name[end:]
    return None


def decode_attribute(value: str) -> str:
    """Decode character references in a raw attribute value exactly as a browser does.

    bleach hands attribute filters the undecoded source text (``jav&#x09;ascript:``), while
    nh3 hands them the decoded value; decoding here lets one check see what the browser sees.
    """
    if "&" not in value:
        return value

    def replace(match: re.Match[str]) -> str:
        ref = match.group(1)
        if ref[0] == "#":
            return decode_numeric(match.group(0))
        if ref.endswith(";") and ref in _HTML5_ENTITIES:
            return _HTML5_ENTITIES[ref]
        following = value[match.end() : match.end() + 1]
        decoded = _legacy_reference(ref, following)
        return match.group(0) if decoded is None else decoded

    return _CHARREF.sub(replace, value)
