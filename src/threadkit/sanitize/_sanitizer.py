"""The sanitiser: reader input in, safe HTML out, under one declared policy.

Order matters and is fixed: limits (cheap, before any parser), Unicode hygiene (before
sanitising, never after), then the text renderer or the reader's markup through the backend,
then linkifying in html mode.
"""

from __future__ import annotations

import logging
import threading

import attrs

from threadkit.sanitize._backends import BACKEND_NAMES, SanitizerBackend, builtin_backend
from threadkit.sanitize._exceptions import SanitizerConfigError
from threadkit.sanitize._hygiene import clean_unicode, reveal_references
from threadkit.sanitize._limits import check_length, check_markup
from threadkit.sanitize._policy import DEFAULT_POLICY, Mode, SanitizerPolicy
from threadkit.sanitize._text import keep_leading_newline, linkify_html, render_text

logger = logging.getLogger("threadkit.sanitize")


class Sanitizer:
    """Cleans comments under one ``SanitizerPolicy`` with one backend; safe to share by threads.

    ``backend`` is ``"bleach"`` (default), ``"nh3"`` (``pip install threadkit[nh3]``) or any
    object implementing ``SanitizerBackend``.
    """

    __slots__ = ("_backend", "_policy")

    def __init__(
        self,
        policy: SanitizerPolicy = DEFAULT_POLICY,
        backend: str | SanitizerBackend = "bleach",
    ):
        if not isinstance(policy, SanitizerPolicy):
            raise SanitizerConfigError("policy", policy, "must be a SanitizerPolicy")
        if isinstance(backend, str):
            built = builtin_backend(backend)
            if built is None:
                raise SanitizerConfigError(
                    "backend", backend, f"unknown backend; choose one of {', '.join(BACKEND_NAMES)}"
                )
            backend = built
        elif not isinstance(backend, SanitizerBackend):
            raise SanitizerConfigError("backend", backend, "must be a name or a SanitizerBackend")
        self._policy = policy
        self._backend = backend

    @property
    def policy(self) -> SanitizerPolicy:
        """The policy every call to ``clean`` enforces."""
        return self._policy

    @property
    def backend(self) -> str:
        """The backend's name."""
        return self._backend.name

    def __repr__(self) -> str:
        return f"Sanitizer(mode={self._policy.mode!r}, backend={self._backend.name!r})"

    def clean(self, text: str) -> str:
        """Return safe HTML for ``text``; raise ``ContentTooLarge`` when it exceeds a limit.

        Any other outcome is safe output, whatever the string holds; a non-str is a TypeError.
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        policy = self._policy
        check_length(text, policy.max_length)
        if policy.mode == "html":
            text = clean_unicode(reveal_references(text))
            check_markup(text, policy.max_depth, policy.max_attributes)
            markup = text
        else:
            text = clean_unicode(text)
            markup = render_text(text, policy)
        try:
            cleaned = self._backend.clean(markup, policy)
            if policy.mode == "text":
                return cleaned

            def reclean(fragment: str) -> str:
                return self._backend.clean(keep_leading_newline(fragment), policy)

            return keep_leading_newline(linkify_html(cleaned, policy, reclean))
        except Exception:
            # A parser bug must not become an outage or a hole: log it and fall back to
            # escaping everything, which needs no parser and is safe by construction.
            logger.exception("sanitiser backend %r failed; escaping the input", self.backend)
            return render_text(text, attrs.evolve(policy, linkify=False, mode="text"))


_DEFAULTS: dict[tuple[Mode, str], Sanitizer] = {}
_DEFAULTS_LOCK = threading.Lock()


def sanitize(text: str, *, mode: Mode = "text", backend: str = "bleach") -> str:
    """Sanitise ``text`` under the default policy in ``mode`` ("text" or "html").

    Raises ``ContentTooLarge`` for input over the default limits, and nothing else for any str.
    """
    key = (mode, backend)
    sanitizer = _DEFAULTS.get(key)
    if sanitizer is None:
        with _DEFAULTS_LOCK:
            sanitizer = _DEFAULTS.get(key)
            if sanitizer is None:
                policy = attrs.evolve(DEFAULT_POLICY, mode=mode)
                sanitizer = _DEFAULTS[key] = Sanitizer(policy, backend)
    return sanitizer.clean(text)
