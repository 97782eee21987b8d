"""Set-up shared by the SQL store tests: a fixed draft, short kit runs, server DSNs, races."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any, Protocol, Self, TypeVar

import pytest
from hypothesis import HealthCheck, settings

from threadkit import Author, CommentDraft, ThreadkitError
from threadkit.store._sqlbase import DriverNotInstalled

AT = datetime(2026, 11, 27, 9, 30, 15, 123456, tzinfo=UTC)

#: The agreement state machine runs in full against the pooled store; the other classes check
#: the same SQL through another connection path, where a shorter run is enough.
SHORT_RUN = settings(
    max_examples=10,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class Bindable(Protocol):
    """A store that can be bound to a host connection."""

    def using(self, connection: Any) -> Self: ...


S = TypeVar("S")
B = TypeVar("B", bound=Bindable)


def draft(body: str = "hello", parent_id: str | None = None, post: str = "post") -> CommentDraft:
    """A draft on ``post`` at a fixed time."""
    return CommentDraft(post, body, Author("Ann", email="ann@example.org"), parent_id, AT)


def server_dsn(variable: str, example: str, server: str) -> tuple[str, str]:
    """The DSN in ``variable`` ("" when unset) and the reason to give when skipping without it."""
    reason = f"set {variable} (e.g. {example}) to run the {server} tests"
    return os.environ.get(variable, ""), reason


def rolled_back(store: B, conn: Any, count: Callable[[], int]) -> Iterator[B]:
    """Yield ``store`` bound to ``conn``, then roll back and check no row was left behind."""
    before = count()
    yield store.using(conn)
    conn.rollback()
    conn.close()
    assert count() == before


def open_concurrently(
    opener: Callable[[], S], count: int = 4
) -> tuple[list[S], list[BaseException]]:
    """Run ``opener`` in ``count`` threads at once; the stores opened and the errors raised."""
    errors: list[BaseException] = []
    stores: list[S] = []
    lock = threading.Lock()

    def open_store() -> None:
        try:
            opened = opener()
            with lock:
                stores.append(opened)
        except BaseException as exc:  # pragma: no cover - reported by the caller
            errors.append(exc)

    workers = [threading.Thread(target=open_store) for _ in range(count)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return stores, errors


def check_missing_driver(
    monkeypatch: pytest.MonkeyPatch, module: str, extra: str, make: Callable[[], object]
) -> None:
    """With ``module`` unimportable, ``make`` raises an ImportError naming ``threadkit[extra]``."""
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(DriverNotInstalled, match=rf"threadkit\[{extra}\]") as caught:
        make()
    assert isinstance(caught.value, ImportError)
    assert isinstance(caught.value, ThreadkitError)
