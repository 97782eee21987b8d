"""The sanitiser policy: every decision about what may reach a page, declared in one value.

Constants are the defaults; ``SanitizerPolicy`` validates a caller's choices when it is built
and refuses the ones that cannot be made safe (``<script>``, ``style=``, ``javascript:``...).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, Literal

import attrs

from threadkit.sanitize._exceptions import SanitizerConfigError
from threadkit.sanitize._url import DEFAULT_URL_SCHEMES, FORBIDDEN_URL_SCHEMES, safe_url

#: Tags a reader may use in html mode: WordPress's comment tags, minus the ones that only
#: style (abbr, acronym, del, s, strike). Nothing that loads, runs or embeds anything.
DEFAULT_TAGS: frozenset[str] = frozenset(
    [
        "a",
        "b",
        "strong",
        "i",
        "em",
        "code",
        "pre",
        "blockquote",
        "q",
        "cite",
        "ul",
        "ol",
        "li",
        "p",
        "br",
    ]
)

#: Attributes per tag in html mode; ``href`` and ``cite`` go through threadkit's URL check.
DEFAULT_ATTRIBUTES: Mapping[str, frozenset[str]] = MappingProxyType(
    {"a": frozenset({"href", "title"}), "blockquote": frozenset({"cite"}), "q": frozenset({"cite"})}
)

#: Google's guidance for links in user-generated content, plus noopener for old browsers.
DEFAULT_REL = "nofollow ugc noopener"

#: Attributes whose value is a URL; each must pass ``safe_url`` under the policy's schemes.
URL_ATTRIBUTES: frozenset[str] = frozenset({"href", "cite", "src"})

#: Tags in text mode: paragraphs, line breaks and (when linkify is on) links.
TEXT_MODE_TAGS: frozenset[str] = frozenset({"p", "br"})

#: Tags no policy may allow: they run script, change how the rest is parsed (raw text,
#: foreign content), embed other documents, submit forms or change the page itself.
FORBIDDEN_TAGS: frozenset[str] = frozenset(
    [
        "script",
        "style",
        "template",
        "slot",
        "svg",
        "math",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "portal",
        "fencedframe",
        "noscript",
        "noembed",
        "noframes",
        "xmp",
        "plaintext",
        "listing",
        "textarea",
        "title",
        "form",
        "input",
        "button",
        "select",
        "option",
        "optgroup",
        "datalist",
        "keygen",
        "isindex",
        "base",
        "meta",
        "link",
        "html",
        "head",
        "body",
        "param",
        "image",
        "dialog",
        "video",
        "audio",
        "source",
        "track",
    ]
)

#: Attributes no policy may allow. ``rel`` is set by the policy itself; ``target`` would let
#: a link open a window that can script its opener; the rest run script, restyle the page,
#: smuggle URLs past the check or claim ids and names the host page relies on.
FORBIDDEN_ATTRIBUTES: frozenset[str] = frozenset(
    [
        "style",
        "rel",
        "target",
        "srcdoc",
        "srcset",
        "formaction",
        "action",
        "background",
        "poster",
        "data",
        "dynsrc",
        "lowsrc",
        "ping",
        "xmlns",
        "is",
        "id",
        "name",
        "form",
        "autofocus",
        "popover",
        "popovertarget",
        "contenteditable",
        "class",
    ]
)

#: The input modes: "text" escapes everything the reader typed, "html" applies the allowlist.
Mode = Literal["text", "html"]

_NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_REL_TOKEN = re.compile(r"[a-z]+(?:-[a-z]+)*")


def _names(value: object, key: str) -> frozenset[str]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise SanitizerConfigError(key, value, "must be a collection of names, not a string")
    names = frozenset(str(v).lower() for v in value)
    for name in names:
        if not _NAME.fullmatch(name):
            raise SanitizerConfigError(key, name, "is not a plain lowercase ASCII name")
    return names


def _to_tags(value: object) -> frozenset[str]:
    tags = _names(value, "tags")
    bad = sorted(tags & FORBIDDEN_TAGS)
    if bad:
        raise SanitizerConfigError("tags", bad, "these tags can never be made safe")
    return tags


def _to_attributes(value: object) -> Mapping[str, frozenset[str]]:
    if not isinstance(value, Mapping):
        raise SanitizerConfigError("attributes", value, "must map tag names to attribute names")
    result: dict[str, frozenset[str]] = {}
    for tag, names in value.items():
        attrs_for_tag = _names(names, "attributes")
        bad = sorted(a for a in attrs_for_tag if a in FORBIDDEN_ATTRIBUTES or a.startswith("on"))
        if bad:
            raise SanitizerConfigError("attributes", bad, f"never allowed (on <{tag}>)")
        result[str(tag).lower()] = attrs_for_tag
    return MappingProxyType(result)


def _to_schemes(value: object) -> frozenset[str]:
    schemes = _names(value, "url_schemes") if not isinstance(value, str) else None
    if schemes is None:
        raise SanitizerConfigError("url_schemes", value, "must be a collection of schemes")
    bad = sorted(schemes & FORBIDDEN_URL_SCHEMES)
    if bad:
        raise SanitizerConfigError("url_schemes", bad, "these schemes run code or read files")
    return schemes


def _check_rel(_inst: object, _attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not all(_REL_TOKEN.fullmatch(t) for t in value.split()):
        raise SanitizerConfigError("rel", value, "must be space-separated lowercase keywords")


def _check_mode(_inst: object, _attr: attrs.Attribute[Any], value: object) -> None:
    if value not in ("text", "html"):
        raise SanitizerConfigError("mode", value, 'must be "text" or "html"')


def _check_limit(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise SanitizerConfigError(attribute.name, value, "must be a positive integer")


def _check_bool(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise SanitizerConfigError(attribute.name, value, "must be True or False")


@attrs.frozen
class SanitizerPolicy:
    """Everything the sanitiser allows, in one frozen value; change it with ``attrs.evolve``.

    Attributes:
        tags: tags a reader may use in html mode (text mode emits only p, br and a).
        attributes: allowed attributes per tag in html mode; URL attributes are checked.
        url_schemes: schemes a link may use; only absolute URLs survive.
        rel: the ``rel`` put on every ``<a>`` ("" for none); readers cannot set their own.
        linkify: whether bare http(s) URLs in the reader's text become links.
        mode: "text" (escape everything; blank lines make paragraphs) or "html" (allowlist).
        max_length: longest input accepted, in characters, before any work is done.
        max_depth: deepest tag nesting accepted in html mode, estimated before parsing.
        max_attributes: most attributes one tag may carry in html mode, counted before parsing.
    """

    tags: frozenset[str] = attrs.field(default=DEFAULT_TAGS, converter=_to_tags)
    attributes: Mapping[str, frozenset[str]] = attrs.field(
        default=DEFAULT_ATTRIBUTES, converter=_to_attributes, hash=False
    )
    url_schemes: frozenset[str] = attrs.field(default=DEFAULT_URL_SCHEMES, converter=_to_schemes)
    rel: str = attrs.field(default=DEFAULT_REL, validator=_check_rel)
    linkify: bool = attrs.field(default=True, validator=_check_bool)
    mode: Mode = attrs.field(default="text", validator=_check_mode)
    # WordPress's comment limit, the same as the moderation preset's, so every comment the
    # sanitiser accepts is checked in full by the rules.
    max_length: int = attrs.field(default=65_525, validator=_check_limit)
    max_depth: int = attrs.field(default=32, validator=_check_limit)
    max_attributes: int = attrs.field(default=32, validator=_check_limit)

    @functools.cached_property
    def output_tags(self) -> frozenset[str]:
        """The tags sanitised output may contain under this policy's mode."""
        if self.mode == "html":
            return self.tags
        return (TEXT_MODE_TAGS | {"a"}) if self.linkify else TEXT_MODE_TAGS

    @functools.cached_property
    def output_attributes(self) -> Mapping[str, frozenset[str]]:
        """The attributes per tag a backend keeps (``rel`` is added separately)."""
        if self.mode == "html":
            kept = {t: a for t, a in self.attributes.items() if t in self.tags}
        else:
            kept = {"a": frozenset({"href"})} if self.linkify else {}
        return MappingProxyType(kept)

    def attribute_value(self, tag: str, name: str, value: str) -> str | None:
        """Return ``value`` if attribute ``name`` may stay on ``tag`` with it, else None.

        ``value`` must already be decoded (what the browser sees). Every backend asks this,
        so the answer never depends on the HTML library.
        """
        if name not in self.output_attributes.get(tag, ()):
            return None
        if name in URL_ATTRIBUTES:
            return safe_url(value, self.url_schemes)
        return value


#: The policy ``sanitize()`` uses: text mode, WordPress-like tags for html mode.
DEFAULT_POLICY = SanitizerPolicy()
