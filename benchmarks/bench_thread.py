"""Time ``build_thread`` on realistic synthetic threads of 1,000 to 100,000 comments.

Run by hand: ``python benchmarks/bench_thread.py [--sizes 1000,10000,100000] [--repeat 7]``.
Prints a table (best and median of ``--repeat`` runs per case, in milliseconds, and
microseconds per comment) to paste into docs/performance.md.

The shape follows how blog and forum threads grow: a quarter of comments are top-level,
most replies answer something recent (a conversation in progress), some answer an older
popular comment, and a few back-and-forth chains run hundreds of levels deep. About 3% are
deleted or spam and 2% pending, votes are skewed. Ids are decimal strings, as the bundled
stores assign them; times have microseconds, as stores stamp them, with 1% exact ties. The
"second-resolution" case stamps whole seconds instead (an import from an older system), so a
third of all comments tie with their neighbour.

Two peers run on the same data. "floor" is the least any pure-Python nesting can do: group
approved replies by parent in a dict, sort each sibling list, and walk it; no checks, no
policies, no node objects. "naive recursive" is how comment nesting is often written in blog
code: the same grouping, then a recursive function returning nested dicts; it is faster to
write than to run, and it cannot build the 10,000-deep chain at all (RecursionError).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from operator import attrgetter

from threadkit import Author, Comment, Status
from threadkit.thread import _gcpause, build_thread


def synthetic_thread(
    size: int,
    *,
    seed: int = 7,
    post_id: str = "post-1",
    shuffled: bool = True,
    whole_seconds: bool = False,
) -> list[Comment]:
    """``size`` comments of one post, shaped like a busy real thread (see the module doc).

    With ``shuffled``, rows come in random order, as from a store with no ORDER BY; each
    Comment is built in that order, as a store builds them while reading rows.
    """
    rng = random.Random(seed)
    authors = [Author(name=f"reader {i}", email=f"r{i}@example.org") for i in range(500)]
    start = datetime(2026, 1, 1, tzinfo=UTC)
    rows: list[dict[str, object]] = []
    chains = max(1, size // 20_000)  # a few deep back-and-forth chains
    chain_length = min(800, size // 50)
    chain_tips: list[str | None] = [None] * chains
    moment = start
    for i in range(size):
        if whole_seconds:
            moment += timedelta(seconds=rng.choice((0, 0, 1, 2, 5, 30)))
        elif rng.random() >= 0.01:
            moment += timedelta(microseconds=rng.randint(1, 20_000_000))
        cid = str(i + 1)
        roll = rng.random()
        parent: str | None
        if i < chains * chain_length and i % 10 < chains:
            slot = i % 10
            parent = chain_tips[slot]
            chain_tips[slot] = cid
        elif not rows or roll < 0.25:
            parent = None
        elif roll < 0.80:
            parent = str(rows[max(0, len(rows) - rng.randint(1, 50))]["id"])
        else:
            parent = str(rows[int(len(rows) * rng.random() ** 2)]["id"])
        status_roll = rng.random()
        status = (
            Status.DELETED
            if status_roll < 0.02
            else Status.SPAM
            if status_roll < 0.03
            else Status.PENDING
            if status_roll < 0.05
            else Status.APPROVED
        )
        ups = int(rng.paretovariate(1.5)) - 1
        rows.append(
            {
                "id": cid,
                "post_id": post_id,
                "parent_id": parent,
                "author": rng.choice(authors),
                "body": "A comment body of ordinary length, which the builder never reads.",
                "created_at": moment,
                "status": status,
                "ups": ups,
                "downs": rng.randint(0, 3),
            }
        )
    if shuffled:
        rng.shuffle(rows)
    return [Comment(**row) for row in rows]  # type: ignore[arg-type]


def floor(comments: list[Comment]) -> int:
    """The minimum: nest approved comments by parent, sort siblings by time, walk them."""
    kids: dict[str | None, list[Comment]] = {}
    for c in comments:
        if c.status is Status.APPROVED:
            kids.setdefault(c.parent_id, []).append(c)
    key = attrgetter("created_at", "id")
    for siblings in kids.values():
        siblings.sort(key=key)
    count = 0
    stack = list(reversed(kids.get(None, [])))
    while stack:
        c = stack.pop()
        count += 1
        stack.extend(reversed(kids.get(c.id, ())))
    return count


def without_collector_pause(comments: list[Comment]) -> object:
    """build_thread with its pause of the cyclic garbage collector switched off."""
    saved = _gcpause.PAUSE_FROM
    _gcpause.PAUSE_FROM = 1 << 62
    try:
        return build_thread(comments)
    finally:
        _gcpause.PAUSE_FROM = saved


def naive_recursive(comments: list[Comment]) -> list[dict[str, object]]:
    """The common hand-written nesting: group by parent, then recurse, one level per call."""
    kids: dict[str | None, list[Comment]] = {}
    for c in comments:
        if c.status is Status.APPROVED:
            kids.setdefault(c.parent_id, []).append(c)

    def nest(parent_id: str | None) -> list[dict[str, object]]:
        siblings = sorted(kids.get(parent_id, ()), key=attrgetter("created_at", "id"))
        return [{"comment": c, "children": nest(c.id)} for c in siblings]

    return nest(None)


def _time_ms(run: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    """(best wall, median wall, best CPU) time of ``repeat`` runs, in milliseconds.

    CPU time (this process only) is reported beside wall time because the benchmark machine
    is shared: other work steals the CPU from wall-clock runs, but not from CPU time.
    """
    walls, cpus = [], []
    for _ in range(repeat):
        c0, t0 = time.process_time(), time.perf_counter()
        run()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return min(walls) * 1000, statistics.median(walls) * 1000, min(cpus) * 1000


def deep_chain(size: int) -> list[Comment]:
    """One reply chain ``size`` levels deep, shuffled."""
    start = datetime(2026, 1, 1, tzinfo=UTC)
    author = Author(name="chatty")
    chain = [
        Comment(
            id=f"d{i:06d}",
            post_id="post-1",
            parent_id=f"d{i - 1:06d}" if i else None,
            author=author,
            body="and another thing",
            created_at=start + timedelta(seconds=i),
        )
        for i in range(size)
    ]
    random.Random(3).shuffle(chain)
    return chain


# Inputs: rows in random order (as from a query without ORDER BY), rows in time order (as
# from ORDER BY created_at), and random order with second-resolution times.
SHUFFLED, IN_ORDER, WHOLE_SECONDS = "shuffled", "in time order", "whole seconds"
Case = tuple[str, str, Callable[[list[Comment]], object]]
CASES: list[Case] = [
    ("default (oldest, tombstone)", SHUFFLED, lambda cs: build_thread(cs)),
    ("default, rows in time order", IN_ORDER, lambda cs: build_thread(cs)),
    ("default, second-resolution times", WHOLE_SECONDS, lambda cs: build_thread(cs)),
    ("default, collector pause off", SHUFFLED, without_collector_pause),
    ("best", SHUFFLED, lambda cs: build_thread(cs, order="best")),
    (
        "max_depth=5, reparent",
        SHUFFLED,
        lambda cs: build_thread(cs, max_depth=5, removed="reparent"),
    ),
    (
        "hide, include_pending",
        SHUFFLED,
        lambda cs: build_thread(cs, removed="hide", include_pending=True),
    ),
    (
        "page_size=50, max_replies=10",
        SHUFFLED,
        lambda cs: build_thread(cs, page_size=50, max_replies=10),
    ),
    ("peer: floor (dict + sort + walk)", SHUFFLED, floor),
    ("peer: naive recursive nesting", SHUFFLED, naive_recursive),
]


def main() -> None:
    """Parse arguments, run every case at every size, print the table."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
    model = next(
        (ln.split(":", 1)[1].strip() for ln in lscpu.splitlines() if "Model name" in ln), "?"
    )
    print(
        f"# {model}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"{args.repeat} runs: best wall / median wall / best CPU, ms (CPU µs per comment)\n"
    )
    print("| case | " + " | ".join(f"{n:,} comments" for n in sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    data = {}
    for n in sizes:
        data[(n, SHUFFLED)] = synthetic_thread(n)
        data[(n, IN_ORDER)] = synthetic_thread(n, shuffled=False)
        data[(n, WHOLE_SECONDS)] = synthetic_thread(n, whole_seconds=True)
    for name, source, case in CASES:
        cells = []
        for n in sizes:
            comments = data[(n, source)]
            case(comments)  # warm up
            best, median, cpu_ms = _time_ms(lambda: case(comments), args.repeat)  # noqa: B023
            cells.append(f"{best:,.0f} / {median:,.0f} / {cpu_ms:,.0f} ({cpu_ms * 1000 / n:.2f})")
        print(f"| {name} | " + " | ".join(cells) + " |")
    chain = deep_chain(10_000)
    best, median, cpu_ms = _time_ms(lambda: build_thread(chain), args.repeat)
    print(f"\n10,000-deep reply chain: {best:,.1f} / {median:,.1f} / {cpu_ms:,.1f} ms", end="")
    try:
        naive_recursive(chain)
    except RecursionError:
        print("; naive recursive nesting: RecursionError")
    else:
        print("; naive recursive nesting: built")


if __name__ == "__main__":
    main()
