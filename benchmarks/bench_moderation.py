"""Moderation speed: ``RuleSet.check`` one comment at a time over the YouTube spam corpus.

Usage::

    python benchmarks/bench_moderation.py ../shared/corpora/spam [--rounds 5] [--peer-sample 300]

Reports comments per second for the default rule set (and its spam rules alone), for the peers
better-profanity and alt-profanity-check run the same way (one comment per call), and the cost
of a 10,000-entry blocked-phrase list against a 100-entry one. The corpus is read from the
path given (YouTube Spam Collection CSVs with a CONTENT column); nothing here runs in the tests.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import html
import platform
import random
import string
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from threadkit.moderation import CheckContext, RuleSet, normalize
from threadkit.moderation.rules import blocked_phrases


def load(corpus: Path) -> list[str]:
    """Every comment body of the CSV files under ``corpus`` (HTML entities decoded)."""
    files = sorted(corpus.glob("*.csv")) or sorted(corpus.glob("spam/*.csv"))
    if not files:
        raise SystemExit(f"no CSV files in {corpus}")
    texts: list[str] = []
    for path in files:
        with path.open(encoding="utf-8", newline="") as f:
            texts.extend(html.unescape(row["CONTENT"]) for row in csv.DictReader(f))
    return texts


def rate(check: Callable[[str], object], texts: Sequence[str], rounds: int) -> float:
    """Best comments-per-second over ``rounds`` passes, one call per comment."""
    for text in texts[:50]:
        check(text)  # warm caches and lazy imports
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for text in texts:
            check(text)
        best = min(best, time.perf_counter() - start)
    return len(texts) / best


def fake_phrases(n: int, seed: int = 4) -> list[str]:
    """``n`` distinct made-up phrases of one to three words, like a big block list."""
    rng = random.Random(seed)
    seen: set[str] = set()
    while len(seen) < n:
        words = [
            "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 9)))
            for _ in range(rng.randint(1, 3))
        ]
        seen.add(" ".join(words))
    return sorted(seen)


def machine() -> str:
    """CPU model and core count, as docs/performance.md records them."""
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        model = next(
            line.split(":", 1)[1].strip() for line in out.splitlines() if "Model name" in line
        )
    except (OSError, subprocess.CalledProcessError, StopIteration):
        model = platform.processor() or "unknown CPU"
    import os

    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}"


def peers(texts: Sequence[str], rounds: int) -> list[tuple[str, str]]:
    """Rates of the peer libraries, or why one could not run."""
    rows = []
    try:
        from better_profanity import profanity  # type: ignore[import-untyped]

        profanity.load_censor_words()
        rows.append(("better-profanity 0.7 (contains_profanity)",
                     f"{rate(profanity.contains_profanity, texts, rounds):,.0f}"))  # fmt: skip
    except Exception as exc:  # report, do not hide, a peer that does not work here
        rows.append(("better-profanity", f"not run: {type(exc).__name__}: {exc}"))
    try:
        import warnings

        warnings.filterwarnings("ignore")
        from profanity_check import predict  # type: ignore[import-untyped]

        rows.append(("alt-profanity-check (predict([text]))",
                     f"{rate(lambda t: predict([t]), texts, rounds):,.0f}"))  # fmt: skip
    except Exception as exc:
        rows.append(("alt-profanity-check", f"not run: {type(exc).__name__}: {exc}"))
    return rows


def phrase_lists(texts: Sequence[str], rounds: int) -> list[tuple[str, str]]:
    """A 100- against a 10,000-entry blocked list: inside the default rule set, and the rule's
    own matching on texts normalised beforehand (timed alternately, so load drift cancels)."""
    rows = []
    base = RuleSet.default()
    rules = {}
    full = {}
    built = {}
    for n in (100, 10_000):
        listed = [*fake_phrases(n - 2), "viagra", "online casino"]
        start = time.perf_counter()
        rules[n] = blocked_phrases(listed)
        built[n] = time.perf_counter() - start
        full[n] = base.remove("blocked_phrases").add(rules[n], before="held_phrases")
    rates = dict.fromkeys(full, 0.0)
    for _ in range(rounds):  # alternate, so that load from elsewhere hits both alike
        for n, ruleset in full.items():
            rates[n] = max(rates[n], rate(ruleset.check, texts, 1))
    for n in full:
        label = f"default rules with a blocked list of {n:,} (built in {built[n] * 1000:.0f} ms)"
        rows.append((label, f"{rates[n]:,.0f}"))
    prepared = [normalize(t) for t in texts]
    context = CheckContext()
    for text in prepared:
        text.skeleton.words  # noqa: B018 - computed once per check in real use, shared by rules
    best = {100: float("inf"), 10_000: float("inf")}
    for _ in range(rounds * 3):
        for n, rule in rules.items():
            start = time.perf_counter()
            for text in prepared:
                for _finding in rule.find(text, None, context):
                    pass
            best[n] = min(best[n], time.perf_counter() - start)
    per = {n: t / len(prepared) * 1e6 for n, t in best.items()}
    rows.append(("blocked-list matching alone, 10,000 vs 100 entries",
                 f"{per[10_000]:.2f} µs vs {per[100]:.2f} µs per comment "
                 f"(x{per[10_000] / per[100]:.2f})"))  # fmt: skip
    rows.append(("normalisation only (empty rule set)",
                 f"{rate(RuleSet.of().check, texts, rounds):,.0f}"))  # fmt: skip
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="folder with the YouTube spam CSV files")
    parser.add_argument("--rounds", type=int, default=5, help="passes; the best one counts")
    parser.add_argument("--peer-sample", type=int, default=300,
                        help="comments the (slow) peers are timed on")  # fmt: skip
    args = parser.parse_args(argv)
    texts = load(args.corpus)
    default = RuleSet.default()
    spam_only = default.disable(*[r.name for r in default.rules if r.category == "toxicity"])
    rows = [
        ("threadkit RuleSet.default().check", f"{rate(default.check, texts, args.rounds):,.0f}"),
        ("threadkit, spam and policy rules only",
         f"{rate(spam_only.check, texts, args.rounds):,.0f}"),
    ]  # fmt: skip
    rows += phrase_lists(texts, args.rounds)
    rows += peers(texts[: args.peer_sample], max(1, args.rounds // 2))
    print(f"{len(texts)} comments from {args.corpus}; {machine()}; "
          f"{datetime.date.today().isoformat()}")  # fmt: skip
    print()
    print("| what | comments/s (one at a time) |")
    print("|---|---|")
    for what, value in rows:
        print(f"| {what} | {value} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
