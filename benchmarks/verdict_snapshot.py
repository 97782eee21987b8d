"""Every verdict of the default rule set over the corpora, one JSON line each.

Usage::

    python benchmarks/verdict_snapshot.py ../shared/corpora OUT.jsonl [--davidson-rows 5000]

Speed work on the rules must not change a single verdict: take a snapshot before the change and
one after, and compare the files byte for byte (``cmp``). The texts are the YouTube spam files
(``spam/*.csv``, column CONTENT), the HateCheck cases (column test_case) and the first rows of
the Davidson tweets (column tweet), checked as they are stored (no HTML unescaping).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from threadkit.moderation import RuleSet


def texts(corpora: Path, davidson_rows: int) -> Iterator[tuple[str, int, str]]:
    """``(file name, row number, text)`` for every text the snapshot covers, in a fixed order."""
    sources: list[tuple[Path, str, int | None]] = [
        (path, "CONTENT", None) for path in sorted((corpora / "spam").glob("*.csv"))
    ]
    toxicity = corpora / "toxicity"
    sources.append((toxicity / "hatecheck-test-suite-cases.csv", "test_case", None))
    sources.append((toxicity / "davidson-labeled-data.csv", "tweet", davidson_rows))
    for path, column, limit in sources:
        with path.open(encoding="utf-8", newline="") as f:
            for i, row in enumerate(csv.DictReader(f)):
                if limit is not None and i >= limit:
                    break
                yield path.name, i, row[column]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", type=Path, help="the shared corpora folder")
    parser.add_argument("out", type=Path, help="where to write the JSON lines")
    parser.add_argument("--davidson-rows", type=int, default=5000)
    args = parser.parse_args(argv)
    ruleset = RuleSet.default()
    count = 0
    with args.out.open("w", encoding="utf-8") as out:
        for name, row, text in texts(args.corpora, args.davidson_rows):
            verdict = ruleset.check(text).to_dict()
            line = {"file": name, "row": row, "verdict": verdict}
            out.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
    print(f"{count} verdicts written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
