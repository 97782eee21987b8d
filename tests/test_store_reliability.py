"""The SQL stores under load and crashes: nothing lost, no orphans, counts that add up.

Eight threads (and, for SQLite and PostgreSQL, four processes) submit, moderate, vote, edit
and remove in one post at once; afterwards every comment that was added and never removed is
there, every reply's parent exists, and stored counts equal a recount. A writer killed with
SIGKILL mid-write leaves a consistent database holding every comment it had been told about.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from threadkit import (
    Author,
    Comment,
    CommentDraft,
    CommentNotFound,
    ParentNotFound,
    Status,
    StatusConflict,
)
from threadkit.store._sql import SQLStore

PG = os.environ.get("THREADKIT_TEST_POSTGRES", "")
MY = os.environ.get("THREADKIT_TEST_MYSQL", "")
POST = "busy-post"
START = datetime(2026, 11, 27, tzinfo=UTC)
MODERATION = [Status.PENDING, Status.APPROVED, Status.SPAM, Status.TRASH]
Spec = tuple[str, str, str]  # (adapter, database, schema or table prefix): picklable


def open_store(spec: Spec) -> SQLStore:
    """A new store on the database ``spec`` names (each process opens its own)."""
    kind, target, name = spec
    if kind == "sqlite":
        from threadkit.store._sqlite import SQLiteStore

        return SQLiteStore(target)
    if kind == "postgres":
        from threadkit.store._postgres import PostgresStore

        return PostgresStore(target, schema=name)
    from threadkit.store._mysql import MySQLStore

    return MySQLStore(target, table_prefix=name)


def drop(spec: Spec) -> None:
    """Remove what a run left on a server."""
    kind, target, name = spec
    if kind == "postgres":
        import psycopg

        with psycopg.connect(target, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
    elif kind == "mysql":
        store = open_store(spec)
        store.drop_tables()
        store.close()


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgres", marks=pytest.mark.postgres),
        pytest.param("mysql", marks=pytest.mark.mysql),
    ]
)
def spec(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Spec]:
    """A fresh database for one adapter (server adapters skip without their variable)."""
    kind = request.param
    name = f"tk_rel_{uuid.uuid4().hex[:8]}"
    if kind == "sqlite":
        made: Spec = ("sqlite", str(tmp_path / "busy.db"), "")
    elif kind == "postgres":
        if not PG:
            pytest.skip("set THREADKIT_TEST_POSTGRES to run the PostgreSQL tests")
        made = ("postgres", PG, name)
    else:
        if not MY:
            pytest.skip("set THREADKIT_TEST_MYSQL to run the MariaDB/MySQL tests")
        made = ("mysql", MY, name + "_")
    open_store(made).close()  # create the tables once, before the workers race
    yield made
    drop(made)


def workload(store: SQLStore, worker: int, rounds: int) -> dict[str, Any]:
    """Random submits, replies, moderation, votes, edits and removals in the shared post.

    Returns what the worker knows for certain: the comments it added (id -> parent id), the
    ids it asked to remove, and its own last vote on each comment.
    """
    rng = random.Random(worker)
    added: dict[str, str | None] = {}
    removed: list[str] = []
    votes: dict[str, int] = {}
    known: list[str] = []
    author = Author(f"worker {worker}", email=f"w{worker}@example.org")
    for step in range(rounds):
        if step % 10 == 0:  # pick up other workers' comments to contend on
            page = store.list_roots(POST, limit=10, newest_first=True)
            roots = [c.id for c in page.items]
            known = roots + [c.id for c in store.list_replies(POST, roots)][-20:] + known[-20:]
        target = rng.choice(known) if known else None
        roll = rng.random()
        try:
            if roll < 0.45 or target is None:
                parent = target if rng.random() < 0.7 else None
                when = START + timedelta(seconds=step, microseconds=worker)
                draft = CommentDraft(POST, f"w{worker} s{step} 😀", author, parent, when)
                comment = store.add(draft, status=rng.choice(MODERATION))
                added[comment.id] = parent
                known.append(comment.id)
            elif roll < 0.65:
                store.set_status(target, rng.choice(MODERATION),
                                 expected=rng.choice([None, Status.PENDING, MODERATION]))
            elif roll < 0.8:
                value = rng.choice([-1, 0, 1])
                store.vote(target, f"w{worker}", value)
                votes[target] = value
            elif roll < 0.9:
                store.edit(target, body=f"edited by w{worker}", html="")
            else:
                removed.append(target)
                store.remove(target)
        except (ParentNotFound, CommentNotFound, StatusConflict):
            pass  # another worker got there first: a refusal, never a half-done write
    return {"added": added, "removed": removed, "votes": votes, "worker": worker}


def run_in_process(spec: Spec, worker: int, rounds: int) -> dict[str, Any]:
    """A worker process: its own store on the same database, two threads of work."""
    store = open_store(spec)
    results: list[dict[str, Any]] = []
    errors: list[BaseException] = []

    def work(w: int) -> None:
        try:
            results.append(workload(store, w, rounds))
        except BaseException as exc:  # re-raised below, so the parent sees it
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in (worker * 10, worker * 10 + 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    store.close()
    if errors:
        raise errors[0]
    merged: dict[str, Any] = {"added": {}, "removed": [], "votes": {}}
    for result in results:
        merged["added"].update(result["added"])
        merged["removed"] += result["removed"]
        merged["votes"][result["worker"]] = result["votes"]
    return merged


def misplaced(spec: Spec) -> int:
    """Rows, read past the store, whose parent is missing or whose root/depth do not fit it."""
    kind, target, name = spec
    table = {"sqlite": "comments", "postgres": f'"{name}".comments', "mysql": f"`{name}comments`"}
    t = table[kind]
    sql = (
        f"SELECT COUNT(*) FROM {t} c WHERE (c.parent_id IS NOT NULL AND NOT EXISTS (SELECT 1 "
        f"FROM {t} p WHERE p.id = c.parent_id AND p.depth = c.depth - 1 AND "
        f"p.root_id = c.root_id)) OR NOT EXISTS (SELECT 1 FROM {t} r WHERE r.id = c.root_id "
        "AND r.depth = 0)"
    )
    if kind == "sqlite":
        conn: Any = sqlite3.connect(target)
    elif kind == "postgres":
        import psycopg

        conn = psycopg.connect(target)
    else:
        import pymysql

        from threadkit.store._mysql import parse_dsn

        conn = pymysql.connect(**parse_dsn(target))
    try:
        cursor = conn.cursor()
        cursor.execute(sql)
        return int(cursor.fetchone()[0])
    finally:
        conn.close()


def check_consistent(store: SQLStore, results: list[dict[str, Any]]) -> None:
    """Nothing lost, no orphans, counts and vote totals equal a recount."""
    added: dict[str, str | None] = {}
    removed: set[str] = set()
    for result in results:
        added.update(result["added"])
        removed.update(result["removed"])
    roots: list[Comment] = []
    cursor = None
    while True:
        page = store.list_roots(POST, limit=500, cursor=cursor)
        roots += page.items
        cursor = page.next_cursor
        if cursor is None:
            break
    everything = {c.id: c for c in [*roots, *store.list_replies(POST, [r.id for r in roots])]}
    missing = set(added) - removed - set(everything)
    assert not missing, f"{len(missing)} comments were lost"
    assert set(everything) <= set(added), "a comment appeared that nobody added"
    for comment in everything.values():
        assert comment.parent_id == added[comment.id]  # parents never change
        assert comment.parent_id is None or comment.parent_id in everything, "orphan"
    assert store.get_many(everything) == everything  # listings and lookups agree
    for status in Status:
        recount = sum(c.status == status for c in everything.values())
        assert store.count(POST, statuses={status}) == recount
    last_votes: dict[str, list[int]] = {}
    for result in results:
        for worker_votes in result["votes"].values():
            for comment_id, value in worker_votes.items():
                last_votes.setdefault(comment_id, []).append(value)
    for comment in everything.values():
        values = last_votes.get(comment.id, [])
        assert (comment.ups, comment.downs) == (values.count(1), values.count(-1))
    assert len(everything) > 50  # the workload really wrote


def test_eight_threads_lose_nothing(spec: Spec) -> None:
    """Eight threads sharing one store: no lost comment, no orphan, exact counts and votes."""
    store = open_store(spec)
    results: list[dict[str, Any]] = []
    lock = threading.Lock()
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            result = workload(store, worker, 60)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
            return
        with lock:
            results.append({**result, "votes": {worker: result["votes"]}})

    threads = [threading.Thread(target=work, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert errors == []
        check_consistent(store, results)
    finally:
        store.close()
    assert misplaced(spec) == 0


def test_four_processes_lose_nothing(spec: Spec) -> None:
    """Four processes (two threads each) on one database: the same guarantees hold."""
    if spec[0] == "mysql":
        pytest.skip("processes are exercised on SQLite and PostgreSQL; threads cover MariaDB")
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=4, mp_context=context) as pool:
        results = list(pool.map(run_in_process, [spec] * 4, range(4), [40] * 4))
    store = open_store(spec)
    try:
        check_consistent(store, results)
    finally:
        store.close()
    assert misplaced(spec) == 0


# A writer that prints each comment id once add() has returned (i.e. it is committed), and
# announces a removal before attempting it. Large bodies keep it inside transactions often.
WRITER = r"""
import sys
from datetime import UTC, datetime
from threadkit import Author, CommentDraft
sys.path.insert(0, sys.argv[1])
from test_store_reliability import open_store
store = open_store((sys.argv[2], sys.argv[3], sys.argv[4]))
author = Author("crash", email="crash@example.org")
body = "é😀" * 20000
last = None
for step in range(1_000_000):
    parent = last if step % 3 else None
    draft = CommentDraft("crash-post", body, author, parent, datetime.now(UTC))
    comment = store.add(draft)
    print("A", comment.id, flush=True)
    if step % 7 == 6:
        print("R", comment.id, flush=True)
        store.remove(comment.id)
    else:
        last = comment.id
"""


def sqlite_checks(path: str) -> tuple[str, list[Any]]:
    """PRAGMA integrity_check and foreign_key_check, read past the store."""
    conn = sqlite3.connect(path)
    try:
        return (conn.execute("PRAGMA integrity_check").fetchone()[0],
                conn.execute("PRAGMA foreign_key_check").fetchall())
    finally:
        conn.close()


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_killed_writer_leaves_a_consistent_database(kind: str, tmp_path: Path) -> None:
    """SIGKILL in the middle of a write loop: every acknowledged comment survives, no orphans."""
    if kind == "postgres" and not PG:
        pytest.skip("set THREADKIT_TEST_POSTGRES to run the PostgreSQL tests")
    spec: Spec = ("sqlite", str(tmp_path / "crash.db"), "") if kind == "sqlite" else (
        "postgres", PG, f"tk_crash_{uuid.uuid4().hex[:8]}"
    )
    open_store(spec).close()
    acknowledged: set[str] = set()
    announced_removals: set[str] = set()
    try:
        for run in range(3):
            child = subprocess.Popen(
                [sys.executable, "-c", WRITER, str(Path(__file__).parent), *spec],
                stdout=subprocess.PIPE,
                text=True,
            )
            assert child.stdout is not None
            wanted = 40 + 25 * run  # kill at a different point each run
            seen = 0
            for line in child.stdout:
                verb, comment_id = line.split()
                (acknowledged if verb == "A" else announced_removals).add(comment_id)
                seen += verb == "A"
                if seen >= wanted:
                    break
            os.kill(child.pid, signal.SIGKILL)
            child.wait()
            child.stdout.close()
            assert child.returncode == -signal.SIGKILL
            if kind == "sqlite":
                assert sqlite_checks(spec[1]) == ("ok", [])
            assert misplaced(spec) == 0
            store = open_store(spec)  # reopening recovers the WAL / the aborted transaction
            try:
                present = store.get_many(acknowledged)
                assert acknowledged - announced_removals <= set(present)
                for comment in present.values():
                    assert comment.body in ("é😀" * 20000, "")
                    assert comment.parent_id is None or comment.parent_id in present
            finally:
                store.close()
    finally:
        drop(spec)


CODEPOINTS = st.one_of(
    st.integers(1, 0xD7FF), st.integers(0xE000, 0xFFFF), st.integers(0x1F300, 0x1FAFF),
    st.integers(0x10000, 0x10FFFF),
)


@st.composite
def big_bodies(draw: st.DrawFn) -> str:
    """Up to 64 KiB of any NUL-free Unicode: a random run of code points and emoji."""
    seed = draw(st.integers(0, 2**32))
    length = draw(st.sampled_from([1, 255, 4096, 65_536]))
    pools = draw(st.lists(CODEPOINTS, min_size=1, max_size=8))
    rng = random.Random(seed)
    spread = [chr(rng.choice(pools) if rng.random() < 0.5 else rng.randint(1, 0xD7FF))
              for _ in range(length)]
    return "".join(spread)


@settings(max_examples=8, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                HealthCheck.too_slow,
                                                HealthCheck.data_too_large])
@given(body=big_bodies())
def test_large_unicode_bodies_round_trip(spec: Spec, body: str) -> None:
    """Bodies up to 64 KiB of any Unicode and emoji come back exactly, in body and html."""
    store = open_store(spec)
    try:
        added = store.add(CommentDraft("big", body, Author(body[:40]), created_at=START),
                          html=body)
        got = store.get(added.id)
        assert (got.body, got.html, got.author.name) == (body, body, body[:40])
        assert got in store.history(since=START, body=body)
    finally:
        store.close()
