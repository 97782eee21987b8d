"""Shared test set-up: Hypothesis profiles (``HYPOTHESIS_PROFILE``, or ``ci`` when CI is set)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Deadlines are off everywhere: a 2-core CI box running databases beside the suite makes
# per-example timing noise, and speed is measured in benchmarks/, not asserted in tests.
settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile(
    "ci",
    max_examples=150,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("fast", max_examples=15, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
