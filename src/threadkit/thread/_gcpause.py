"""Pausing Python's cyclic garbage collector while a large thread is built.

Building allocates about one long-lived object per comment (its node), and none of them can
form a reference cycle: nodes point down to their replies and to comments, never back up.
CPython's generational collector still counts those allocations and, on a 100,000-comment
thread, runs full collections that walk every live object and free nothing, which doubled
the build time in benchmarks/bench_thread.py. Reference counting frees everything the build
discards, so the pause loses nothing; small threads never pause, and the collector is
switched back on only if it was on, by the last concurrent build to finish.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: Inputs smaller than this build too fast for a full collection to matter.
PAUSE_FROM = 5_000

_lock = threading.Lock()
_active = 0
_resume = False


@contextmanager
def collector_paused(size: int) -> Iterator[None]:
    """Pause the cyclic collector for the block when ``size`` items are about to be built."""
    global _active, _resume
    if size < PAUSE_FROM:
        yield
        return
    with _lock:
        if _active == 0:
            _resume = gc.isenabled()
            gc.disable()
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0 and _resume:
                gc.enable()
