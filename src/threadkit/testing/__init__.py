"""Test helpers for code built on threadkit: Hypothesis strategies for its model, and more.

``threadkit.testing`` needs the ``hypothesis`` package, and its store conformance kit needs
``pytest`` (both in the ``dev`` extra); threadkit itself never imports this module.
"""

from threadkit.testing._store_kit import StoreConformance
from threadkit.testing._store_machine import StoreAgreement, run_store_agreement
from threadkit.testing._strategies import (
    authors,
    aware_datetimes,
    comment_drafts,
    comment_ids,
    comments,
    threads,
)

__all__ = [
    "StoreAgreement",
    "StoreConformance",
    "authors",
    "aware_datetimes",
    "comment_drafts",
    "comment_ids",
    "comments",
    "run_store_agreement",
    "threads",
]
