"""Sanitiser backends: the HTML libraries that parse and rebuild markup under a policy.

The policy's attribute check (``SanitizerPolicy.attribute_value``) decides every attribute for
both, so they differ only in parsing. Each keeps one library cleaner per thread and policy:
a bleach ``Cleaner`` holds parser state and is not thread-safe, and an nh3 ``Cleaner`` is
cheap enough that sharing it is not worth reasoning about.
"""

from __future__ import annotations

import functools
import importlib
import threading
from collections.abc import Callable, Iterator
from typing import Any, Protocol, runtime_checkable

from threadkit.sanitize._exceptions import BackendUnavailable
from threadkit.sanitize._policy import SanitizerPolicy
from threadkit.sanitize._url import decode_attribute


@runtime_checkable
class SanitizerBackend(Protocol):
    """Cleans an HTML fragment so that only what ``policy`` allows survives.

    ``clean`` must keep only ``policy.output_tags``, keep an attribute only when
    ``policy.attribute_value(tag, name, decoded_value)`` returns a value, put ``policy.rel`` on
    every ``<a>``, drop comments, and be safe to call from several threads at once.
    """

    name: str

    def clean(self, html: str, policy: SanitizerPolicy) -> str:
        """Return the sanitised fragment."""
        ...


class _PerThread:
    """One library cleaner per (thread, policy), built on first use."""

    def __init__(self, build: Callable[[SanitizerPolicy], Any]):
        self._build = build
        self._local = threading.local()

    def get(self, policy: SanitizerPolicy) -> Any:
        cache: dict[SanitizerPolicy, Any] | None = getattr(self._local, "cache", None)
        if cache is None:
            cache = self._local.cache = {}
        cleaner = cache.get(policy)
        if cleaner is None:
            cleaner = cache[policy] = self._build(policy)
        return cleaner


def _import(module: str, extra: str | None) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise BackendUnavailable(module, extra) from error


class BleachBackend:
    """bleach 6 (html5lib): the default; its final release, so threadkit owns the checks."""

    name = "bleach"

    def __init__(self) -> None:
        self._bleach = _import("bleach", None)
        # bleach's own html5lib (vendored, or the system's where a distribution de-vendors it):
        # the standalone html5lib package is not a threadkit dependency.
        self._filter_base = _import("bleach.html5lib_shim", None).Filter
        self._cleaners = _PerThread(self._build)

    def _build(self, policy: SanitizerPolicy) -> Any:
        def keep(tag: str, name: str, value: str) -> bool:
            # bleach passes the undecoded source text; decode it to judge what browsers see.
            return policy.attribute_value(tag, name, decode_attribute(value)) is not None

        filters = []
        if policy.rel:
            filters.append(functools.partial(_rel_filter(self._filter_base), rel=policy.rel))
        return self._bleach.Cleaner(
            tags=policy.output_tags,
            attributes=keep,
            protocols=policy.url_schemes,
            strip=True,
            strip_comments=True,
            filters=filters,
        )

    def clean(self, html: str, policy: SanitizerPolicy) -> str:
        """Clean ``html`` with this thread's bleach ``Cleaner`` for ``policy``."""
        result: str = self._cleaners.get(policy).clean(html)
        return result


@functools.cache
def _rel_filter(base: type) -> type:
    """An html5lib filter setting ``rel`` on every ``<a>`` (bleach can only remove attributes)."""

    class RelFilter(base):  # type: ignore[misc]
        def __init__(self, source: Any, rel: str):
            super().__init__(source)
            self.rel = rel

        def __iter__(self) -> Iterator[dict[str, Any]]:
            for token in super().__iter__():
                if token["type"] in ("StartTag", "EmptyTag") and token["name"] == "a":
                    token["data"][(None, "rel")] = self.rel
                yield token

    return RelFilter


class Nh3Backend:
    """nh3 (Rust ammonia and html5ever): maintained and much faster; ``threadkit[nh3]``."""

    name = "nh3"

    def __init__(self) -> None:
        self._nh3 = _import("nh3", "nh3")
        self._cleaners = _PerThread(self._build)

    def _build(self, policy: SanitizerPolicy) -> Any:
        rel = policy.rel

        def keep(tag: str, name: str, value: str) -> str | None:
            # nh3 passes decoded values, and shows us the rel it added itself.
            if name == "rel" and tag == "a":
                return value if value == rel else None
            return policy.attribute_value(tag, name, value)

        return self._nh3.Cleaner(
            tags=set(policy.output_tags),
            # Keep the text of stripped <script>/<style> as escaped text, as bleach does, so
            # both backends leave the same words behind.
            clean_content_tags=set(),
            attributes={tag: set(names) for tag, names in policy.output_attributes.items()},
            attribute_filter=keep,
            strip_comments=True,
            link_rel=rel or None,
            url_schemes=set(policy.url_schemes),
            url_relative="deny",
        )

    def clean(self, html: str, policy: SanitizerPolicy) -> str:
        """Clean ``html`` with this thread's nh3 ``Cleaner`` for ``policy``."""
        result: str = self._cleaners.get(policy).clean(html)
        return result


_BUILTIN: dict[str, Callable[[], SanitizerBackend]] = {"bleach": BleachBackend, "nh3": Nh3Backend}
BACKEND_NAMES: tuple[str, ...] = tuple(_BUILTIN)


def builtin_backend(name: str) -> SanitizerBackend | None:
    """The built-in backend called ``name``, or None when there is none by that name."""
    factory = _BUILTIN.get(name)
    return None if factory is None else factory()
