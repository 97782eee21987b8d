"""The sanitiser pillar: reader input in, safe HTML out, under one declared policy.

``sanitize(text)`` covers the common case; ``Sanitizer(policy, backend)`` gives full control.
docs/security.md states the policy, the threat model and how to switch backend.
"""

from threadkit.sanitize._backends import SanitizerBackend
from threadkit.sanitize._exceptions import BackendUnavailable, SanitizerConfigError
from threadkit.sanitize._hygiene import clean_unicode
from threadkit.sanitize._policy import (
    DEFAULT_ATTRIBUTES,
    DEFAULT_POLICY,
    DEFAULT_REL,
    DEFAULT_TAGS,
    FORBIDDEN_ATTRIBUTES,
    FORBIDDEN_TAGS,
    SanitizerPolicy,
)
from threadkit.sanitize._sanitizer import Sanitizer, sanitize
from threadkit.sanitize._url import DEFAULT_URL_SCHEMES, FORBIDDEN_URL_SCHEMES, safe_url

__all__ = [
    "DEFAULT_ATTRIBUTES",
    "DEFAULT_POLICY",
    "DEFAULT_REL",
    "DEFAULT_TAGS",
    "DEFAULT_URL_SCHEMES",
    "FORBIDDEN_ATTRIBUTES",
    "FORBIDDEN_TAGS",
    "FORBIDDEN_URL_SCHEMES",
    "BackendUnavailable",
    "Sanitizer",
    "SanitizerBackend",
    "SanitizerConfigError",
    "SanitizerPolicy",
    "clean_unicode",
    "safe_url",
    "sanitize",
]
