"""Time the SQL stores on one post with 100,000 comments, against loading the whole post.

Run by hand::

    python benchmarks/bench_store.py [--comments 100000] [--roots 4000]
        [--postgres postgresql://postgres@127.0.0.1:5432/test]
        [--mysql mysql://root@127.0.0.1:3306/test] [--repeat 30]

SQLite always runs (in a temporary file); PostgreSQL and MariaDB run when their DSN is given
(or THREADKIT_TEST_POSTGRES / THREADKIT_TEST_MYSQL is set) and work in a scratch schema or
table prefix that is dropped afterwards. MemoryStore runs beside them as the in-process peer.

The post is shaped like a busy real one: a few thousand top-level comments whose reply counts
are skewed (most threads small, a few with thousands), replies that mostly answer something
recent in their thread, and a handful of back-and-forth chains hundreds of levels deep; 88%
approved, 8% pending, 4% spam. Each figure is the median of ``--repeat`` runs:

- first page: ``list_roots(limit=50)`` then ``list_replies`` for those roots, the two queries
  a thread page costs;
- middle page: the same from a cursor halfway through the post;
- queue: the first page of the pending moderation queue (50) and a page from a cursor;
- whole post: every root and every reply of the post (what a store without root ids and a
  keyset index must do for any page), for comparison;
- inserts: single ``add()`` calls, each its own committed transaction, half of them replies.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from threadkit import Author, CommentDraft, Status
from threadkit.store import MemoryStore

POST = "busy-post"
# Statistics as the engines' background jobs would have gathered them by now (PostgreSQL's
# autovacuum, InnoDB's persistent statistics). SQLite never gathers any unless asked: it runs
# without them, as a fresh SQLiteStore does.
ANALYZE = {"sqlite": "SELECT 1", "postgresql": "ANALYZE {comments}",
           "mysql": "ANALYZE TABLE {comments}"}
START = datetime(2026, 1, 1, tzinfo=UTC)


def plan(comments: int, roots: int, seed: int = 5) -> list[tuple[int, int | None, Status]]:
    """``(seconds after START, parent's row or None, status)`` per comment, in time order.

    Thread sizes follow a Pareto law (most threads small, a few with thousands of replies),
    roots arrive evenly over the post's life, and each reply answers the latest comment of its
    thread (40%), the root (30%) or one of the 20 most recent (30%). Eight back-and-forth
    chains 300 levels deep are added on top.
    """
    rng = random.Random(seed)
    chains, chain_depth = 8, 300
    replies = comments - roots - chains * chain_depth
    weights = [rng.paretovariate(1.1) for _ in range(roots)]
    scale = replies / sum(weights)
    sizes = [int(w * scale) for w in weights]
    for extra in range(replies - sum(sizes)):
        sizes[extra % roots] += 1
    statuses = [Status.APPROVED] * 22 + [Status.PENDING] * 2 + [Status.SPAM]
    events: list[tuple[float, int, int, int | None]] = []  # (time, thread, local, parent)
    span = 3600.0 * 24 * 90
    chain_roots = set(rng.sample(range(roots), chains))
    for thread, size in enumerate(sizes):
        moment = thread * span / roots
        events.append((moment, thread, 0, None))
        local_count = 1
        length = size + (chain_depth if thread in chain_roots else 0)
        for local in range(1, length + 1):
            moment += rng.expovariate(1 / 600)
            if local > size:  # the deep chain: each reply answers the one before
                parent = local - 1 if local > size + 1 else 0
            else:
                roll = rng.random()
                parent = (local - 1 if roll < 0.4 else 0 if roll < 0.7
                          else rng.randrange(max(0, local - 20), local))
            events.append((moment, thread, local, parent))
            local_count += 1
    events.sort()
    position: dict[tuple[int, int], int] = {}
    rows: list[tuple[int, int | None, Status]] = []
    for row, (moment, thread, local, parent) in enumerate(events):
        position[thread, local] = row
        status = Status.APPROVED if parent is not None and local > sizes[thread] else (
            rng.choice(statuses))
        parent_row = None if parent is None else position[thread, parent]
        rows.append((int(moment * 1_000_000), parent_row, status))
    return rows


def load(store: Any, rows: list[tuple[int, int | None, Status]]) -> tuple[float, list[str]]:
    """Add every planned comment; returns seconds taken and the ids in plan order.

    SQL stores load through :meth:`using` on a connection of their own, committing every
    1,000 comments: the same ``add`` code path, without paying one durable commit per row.
    """
    authors = [Author(f"reader {i}", email=f"r{i}@example.org", ip=f"198.51.100.{i % 250}")
               for i in range(400)]
    ids: list[str] = []
    conn = None
    target = store
    if hasattr(store, "using"):
        conn = store._runner._acquire()  # a pooled connection, returned below
        target = store.using(conn)
    began = time.perf_counter()
    for index, (micros, parent, status) in enumerate(rows):
        if conn is not None and index % 1000 == 0:
            conn.cursor().execute(store._dialect.begin)
        draft = CommentDraft(
            POST,
            f"Comment {index}: a reply of a few sentences, as readers write them. " * 3,
            authors[index % len(authors)],
            None if parent is None else ids[parent],
            START + timedelta(microseconds=micros),
        )
        comment = target.add(draft, status=status, html=f"<p>Comment {index}</p>")
        ids.append(comment.id)
        if conn is not None and (index % 1000 == 999 or index == len(rows) - 1):
            conn.cursor().execute("COMMIT")
    seconds = time.perf_counter() - began
    if conn is not None:
        store._runner._release(conn, True)
        analyze = ANALYZE[store._dialect.name].format(comments=store.tables.comments)
        store._runner.run(
            lambda cursor: (cursor.execute(analyze), cursor.description and cursor.fetchall()),
            write=False,
        )
    return seconds, ids


BEST: dict[str, float] = {}  # the fastest run of each figure, printed beside the median


def median_ms(action: Callable[[], object], repeat: int, name: str = "") -> float:
    """Median wall time of ``action`` in milliseconds (one untimed warm-up run first)."""
    action()
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    BEST[name] = min(times) * 1000
    return statistics.median(times) * 1000


def measure(store: Any, repeat: int, inserts: int) -> dict[str, float]:
    """Every figure of the module doc for one loaded store."""
    def page(cursor: str | None) -> int:
        roots = store.list_roots(POST, limit=50, cursor=cursor)
        return len(roots.items) + len(store.list_replies(POST, [c.id for c in roots.items]))

    cursor = None
    total_pages = 0
    cursors: list[str | None] = [None]
    while True:
        listed = store.list_roots(POST, limit=50, cursor=cursor)
        total_pages += 1
        cursor = listed.next_cursor
        if cursor is None:
            break
        cursors.append(cursor)
    middle = cursors[len(cursors) // 2]
    queue_cursor = store.list_by_status(Status.PENDING, limit=50).next_cursor
    for _ in range(20):
        if queue_cursor is None:
            break
        step = store.list_by_status(Status.PENDING, limit=50, cursor=queue_cursor).next_cursor
        queue_cursor = step or queue_cursor

    def whole() -> int:
        roots = store.list_roots(POST, limit=1_000_000)
        return len(store.list_replies(POST, [c.id for c in roots.items]))

    figures = {
        "first_page_ms": median_ms(lambda: page(None), repeat, "first"),
        "first_page_rows": float(page(None)),
        "middle_page_ms": median_ms(lambda: page(middle), repeat, "middle"),
        "middle_page_rows": float(page(middle)),
        "queue_ms": median_ms(lambda: store.list_by_status(Status.PENDING, limit=50), repeat),
        "queue_later_ms": median_ms(
            lambda: store.list_by_status(Status.PENDING, limit=50, cursor=queue_cursor), repeat
        ),
        "whole_post_ms": median_ms(whole, max(3, repeat // 10), "whole"),
        "whole_post_rows": float(whole() + len(store.list_roots(POST, limit=1_000_000).items)),
    }
    figures["speedup"] = figures["whole_post_ms"] / figures["first_page_ms"]
    figures["inserts_per_s"], figures["threaded_inserts_per_s"] = inserts_per_second(
        store, inserts
    )
    return figures


def inserts_per_second(store: Any, inserts: int) -> tuple[float, float]:
    """Single ``add()`` calls per second, each its own committed transaction (half of them
    replies to recent roots): from one thread, then from eight at once."""
    recent = [c.id for c in store.list_roots(POST, limit=50, newest_first=True).items]
    author = Author("bench", email="bench@example.org")
    offset = [0]
    lock = threading.Lock()

    def add_some(count: int) -> None:
        for _ in range(count):
            with lock:
                offset[0] += 1
                i = offset[0]
            parent = recent[i % len(recent)] if i % 2 else None
            store.add(CommentDraft(POST, f"new comment {i}", author, parent,
                                   START + timedelta(days=400, microseconds=i)))

    began = time.perf_counter()
    add_some(inserts)
    single = inserts / (time.perf_counter() - began)
    threads = [threading.Thread(target=add_some, args=(inserts // 8,)) for _ in range(8)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return single, (inserts // 8 * 8) / (time.perf_counter() - began)


def machine() -> str:
    """CPU model and core count, for the results table."""
    try:
        lines = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        model = next(ln.split(":", 1)[1].strip() for ln in lines.splitlines()
                     if ln.startswith("Model name"))
    except (OSError, StopIteration, subprocess.CalledProcessError):
        model = platform.processor() or "unknown CPU"
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}"


def main() -> None:
    """Parse arguments, run each store, print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--roots", type=int, default=4_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--inserts", type=int, default=2_000)
    parser.add_argument("--postgres", default=os.environ.get("THREADKIT_TEST_POSTGRES"))
    parser.add_argument("--mysql", default=os.environ.get("THREADKIT_TEST_MYSQL"))
    parser.add_argument("--no-memory", action="store_true", help="skip the MemoryStore peer")
    args = parser.parse_args()

    from threadkit.store._mysql import MySQLStore
    from threadkit.store._postgres import PostgresStore
    from threadkit.store._sqlite import SQLiteStore

    rows = plan(args.comments, args.roots)
    print(f"# {len(rows):,} comments, {sum(p is None for _, p, _ in rows):,} roots; "
          f"{machine()}; load average {os.getloadavg()[0]:.1f}", file=sys.stderr)
    scratch = f"tk_bench_{uuid.uuid4().hex[:8]}"
    stores: list[tuple[str, Callable[[], Any], Callable[[Any], None]]] = []
    if not args.no_memory:
        stores.append(("MemoryStore", MemoryStore, lambda s: None))
    folder = tempfile.mkdtemp(prefix="threadkit-bench-")
    stores.append(("SQLiteStore", lambda: SQLiteStore(os.path.join(folder, "bench.db")),
                   lambda s: s.close()))
    if args.postgres:
        def drop_pg(store: Any) -> None:
            store.drop_tables()
            store.close()
            import psycopg

            with psycopg.connect(args.postgres, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA IF EXISTS "{scratch}" CASCADE')

        stores.append(("PostgresStore", lambda: PostgresStore(args.postgres, schema=scratch),
                       drop_pg))
    if args.mysql:
        stores.append(("MySQLStore (MariaDB)",
                       lambda: MySQLStore(args.mysql, table_prefix=scratch + "_"),
                       lambda s: (s.drop_tables(), s.close())))
    header = ("| store | first page | middle page | queue | queue, later page "
              "| whole post | whole / first | inserts/s, 1 thread | inserts/s, 8 threads |")
    print(header)
    print("|" + " --- |" * 9)
    notes: list[str] = []
    for name, make, finish in stores:
        store = make()
        try:
            seconds, _ = load(store, rows)
            print(f"# {name}: loaded in {seconds:.1f} s (load average "
                  f"{os.getloadavg()[0]:.1f})", file=sys.stderr)
            f = measure(store, args.repeat, args.inserts)
            if name == "PostgresStore":  # the same inserts without waiting for the WAL flush
                relaxed = PostgresStore(args.postgres, schema=scratch,
                                        settings={"synchronous_commit": "off"})
                one, eight = inserts_per_second(relaxed, args.inserts)
                relaxed.close()
                notes.append(f"PostgresStore with synchronous_commit=off: {one:,.0f} inserts/s "
                             f"from 1 thread, {eight:,.0f} from 8 threads")
        finally:
            finish(store)
        print(
            f"| {name} | {f['first_page_ms']:.1f} ms (best {BEST['first']:.1f}; "
            f"{f['first_page_rows']:.0f} comments) | {f['middle_page_ms']:.1f} ms "
            f"(best {BEST['middle']:.1f}; {f['middle_page_rows']:.0f}) "
            f"| {f['queue_ms']:.2f} ms | {f['queue_later_ms']:.2f} ms "
            f"| {f['whole_post_ms']:,.0f} ms (best {BEST['whole']:,.0f}) "
            f"| {f['speedup']:.0f}× | {f['inserts_per_s']:,.0f} "
            f"| {f['threaded_inserts_per_s']:,.0f} |",
            flush=True,
        )

    for note in notes:
        print(f"\n{note}")


if __name__ == "__main__":
    main()
