"""Launching the system's headless Chromium through Playwright, for every browser test.

Playwright cannot download its own browser here, so tests drive Debian's ``chromium`` package at
``/usr/bin/chromium``. Tests skip with a clear message where it is absent, unless
``THREADKIT_BROWSER_REQUIRED=1`` (set by CI), where a missing browser is a failure instead.

Use the ``chromium_context`` fixture (import it into the test module), or ``launch_chromium()``
as a context manager in a fixture of your own scope.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")

#: Flags for running as root on a closed network: no sandbox (root), no GPU, and nothing that
#: phones home (updates, sync, QUIC probes), so the only traffic is what the page asks for.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)

REQUIRED_ENV = "THREADKIT_BROWSER_REQUIRED"


def require_chromium() -> None:
    """Skip the calling test when Chromium is absent, or fail when the environment requires it."""
    if CHROMIUM.exists():
        return
    message = (
        f"Chromium is not installed at {CHROMIUM} (Debian: apt-get install chromium); "
        "browser tests need it"
    )
    if os.environ.get(REQUIRED_ENV) == "1":
        pytest.fail(f"{message}, and {REQUIRED_ENV}=1 says they must run", pytrace=False)
    pytest.skip(message)


@contextmanager
def launch_chromium(**context_options: Any) -> Iterator[Any]:
    """Yield a Playwright ``BrowserContext`` of a fresh headless Chromium with its own profile.

    ``context_options`` go to ``launch_persistent_context`` (``viewport``, ``locale``, ...).
    The profile directory is new for every launch and removed afterwards.
    """
    require_chromium()
    from playwright.sync_api import sync_playwright

    with (
        tempfile.TemporaryDirectory(prefix="threadkit-chromium-") as profile,
        sync_playwright() as playwright,
    ):
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            headless=True,
            args=list(CHROMIUM_ARGS),
            **context_options,
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def chromium_context() -> Iterator[Any]:
    """A fresh headless Chromium ``BrowserContext`` for one test."""
    with launch_chromium() as context:
        yield context
