"""Configuration errors of the sanitiser: a policy or backend that cannot be honoured.

Input is never an error here except for ``ContentTooLarge``; these are raised when a
``SanitizerPolicy`` or ``Sanitizer`` is built, never while cleaning a comment.
"""

from __future__ import annotations

from threadkit._errors import ThreadkitError


class SanitizerConfigError(ThreadkitError, ValueError):
    """A policy field or backend choice is invalid or unsafe.

    Attributes:
        key: the offending policy field (``"tags"``, ``"url_schemes"``, ...) or ``"backend"``.
        value: the rejected value.
    """

    def __init__(self, key: str, value: object, message: str):
        self.key = key
        self.value = value
        super().__init__(f"{key}: {message}")


class BackendUnavailable(SanitizerConfigError, ImportError):
    """A sanitiser backend's library is not installed (e.g. nh3 without ``threadkit[nh3]``).

    Attributes:
        key: always ``"backend"``.
        value: the backend's name.
        extra: the pip extra that installs it (None for a core dependency such as bleach).
    """

    def __init__(self, backend: str, extra: str | None):
        self.extra = extra
        fix = f"pip install 'threadkit[{extra}]'" if extra else "reinstall threadkit"
        super().__init__(
            "backend", backend, f"the {backend!r} backend needs the {backend} package: {fix}"
        )
