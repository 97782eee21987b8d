"""Moderation quality on the shared corpora, threadkit beside its peers (run by hand).

    python benchmarks/eval_moderation.py ../shared/corpora [--json out.json] [--no-peers]

Runs the default rule set on the YouTube spam files (spam), HateCheck (hateful vs non-hateful,
with the flag rate per functionality) and Davidson et al. (classes 0/1 vs 2), and the peers
better-profanity and alt-profanity-check (``pip install 'threadkit[bench]'``) on the same
texts. A comment counts as flagged by threadkit when the verdict is hold or reject and the
category drove it (``threadkit.moderation.evaluate``); by a peer when it says "profane".
Prints markdown tables; docs/moderation-quality.md quotes them.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from threadkit.moderation import CategoryScores, RuleSet, evaluate

Predictor = Callable[[Sequence[str]], list[bool]]


def _rows(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(2**31 - 1)
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _peers() -> dict[str, Predictor]:
    """The peers that import here, by name (a missing one is reported, not fatal)."""
    peers: dict[str, Predictor] = {}
    try:
        from better_profanity import profanity

        profanity.load_censor_words()
        peers["better-profanity 0.7"] = lambda texts: [
            bool(profanity.contains_profanity(t)) for t in texts
        ]
    except ImportError as exc:
        print(f"better-profanity unavailable: {exc}", file=sys.stderr)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from profanity_check import predict

        def alt(texts: Sequence[str]) -> list[bool]:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return [bool(p) for p in predict(list(texts))]

        peers["alt-profanity-check 1.9"] = alt
    except ImportError as exc:
        print(f"alt-profanity-check unavailable: {exc}", file=sys.stderr)
    return peers


def _scores(name: str, labels: Sequence[bool], flagged: Sequence[bool]) -> CategoryScores:
    tp = sum(1 for y, f in zip(labels, flagged, strict=True) if y and f)
    fp = sum(1 for y, f in zip(labels, flagged, strict=True) if not y and f)
    fn = sum(1 for y, f in zip(labels, flagged, strict=True) if y and not f)
    return CategoryScores(name, tp, fp, fn, len(labels) - tp - fp - fn)


def _threadkit(
    ruleset: RuleSet, texts: Sequence[str], labels: Sequence[bool], category: str
) -> tuple[CategoryScores, list[bool], list[bool], float]:
    """Scores, per-row "flagged", per-row "has a finding of the category", comments/s."""
    rows = [(t, {category} if y else set()) for t, y in zip(texts, labels, strict=True)]
    verdicts: list[Any] = []
    start = time.perf_counter()
    result = evaluate(ruleset, rows, categories=[category],
                      on_verdict=lambda _i, v: verdicts.append(v))  # fmt: skip
    rate = len(texts) / (time.perf_counter() - start)
    scores = result.categories[category]
    flagged = []
    found = []
    for v in verdicts:
        # as evaluate() counts it: held or rejected, and this category drove the verdict
        sums: dict[str, float] = {}
        for f in v.findings:
            if f.score > 0:
                sums[f.category] = sums.get(f.category, 0.0) + f.score
        mine = sums.get(category, 0.0)
        drove = mine > 0 and (mine >= ruleset.hold or mine == max(sums.values()))
        flagged.append(v.action.value != "approve" and drove)
        found.append(any(f.category == category for f in v.findings))
    assert sum(flagged) == scores.tp + scores.fp
    return scores, flagged, found, rate


def _line(name: str, s: CategoryScores, extra: str = "") -> str:
    return (f"| {name} | {s.precision:.3f} | {s.recall:.3f} | {s.false_positive_rate:.3f} "
            f"| {s.tp} | {s.fp} | {s.fn} | {s.tn} |{extra}")  # fmt: skip


_HEAD = (
    "| detector | precision | recall | FPR | tp | fp | fn | tn |\n|---|---|---|---|---|---|---|---|"
)


def run(corpora: Path, use_peers: bool) -> dict[str, Any]:
    """Every evaluation; prints markdown as it goes and returns the figures."""
    ruleset = RuleSet.default()
    peers = _peers() if use_peers else {}
    report: dict[str, Any] = {}

    for path in sorted((corpora / "spam").glob("*.csv")):
        rows = _rows(path)
        texts = [r["CONTENT"] for r in rows]
        labels = [r["CLASS"].strip() == "1" for r in rows]
        spam, _, _, rate = _threadkit(ruleset, texts, labels, "spam")
        _, tox_flagged, _, _ = _threadkit(ruleset, texts, [False] * len(texts),
                                                   "toxicity")  # fmt: skip
        print(f"\n### {path.name} ({len(texts)} comments, {sum(labels)} spam)\n\n{_HEAD}")
        print(_line("threadkit default (spam)", spam))
        entry: dict[str, Any] = {"threadkit_spam": spam.to_dict(), "rate": rate,
                                 "threadkit_toxicity_flagged": sum(tox_flagged)}  # fmt: skip
        for name, predict in peers.items():
            flags = predict(texts)
            s = _scores("spam", labels, flags)
            print(_line(f"{name} (profane = spam)", s))
            entry[name] = {"spam": s.to_dict(), "flagged": sum(flags)}
        print(f"\nthreadkit held {sum(tox_flagged)} of {len(texts)} for toxicity; peers flagged "
              + ", ".join(f"{n}: {entry[n]['flagged']}" for n in peers))  # fmt: skip
        report[path.name] = entry

    hc = _rows(corpora / "toxicity" / "hatecheck-test-suite-cases.csv")
    texts = [r["test_case"].strip() for r in hc]
    labels = [r["label_gold"] == "hateful" for r in hc]
    funcs = [r["functionality"] for r in hc]
    _, flagged, found, _ = _threadkit(ruleset, texts, labels, "toxicity")
    detectors: dict[str, list[bool]] = {"threadkit (hold)": flagged,
                                        "threadkit (any toxicity finding)": found}  # fmt: skip
    for name, predict in peers.items():
        detectors[name] = predict(texts)
    print(f"\n### HateCheck ({len(texts)} cases, {sum(labels)} hateful)\n\n{_HEAD}")
    entry = {}
    for name, flags in detectors.items():
        s = _scores("toxicity", labels, flags)
        print(_line(name, s))
        entry[name] = s.to_dict()
    names = list(detectors)
    print("\n| functionality | cases | " + " | ".join(names) + " |")
    print("|---|---|" + "---|" * len(names))
    per: dict[str, dict[str, float]] = {}
    for func in sorted(set(funcs)):
        idx = [i for i, f in enumerate(funcs) if f == func]
        rates = {n: sum(detectors[n][i] for i in idx) / len(idx) for n in names}
        per[func] = rates
        print(f"| {func} | {len(idx)} | " + " | ".join(f"{rates[n]:.3f}" for n in names) + " |")
    entry["functionalities"] = per
    report["hatecheck"] = entry

    dv = _rows(corpora / "toxicity" / "davidson-labeled-data.csv")
    texts = [r["tweet"] for r in dv]
    labels = [r["class"].strip() in {"0", "1"} for r in dv]
    _, flagged, found, _ = _threadkit(ruleset, texts, labels, "toxicity")
    detectors = {"threadkit (hold)": flagged, "threadkit (any toxicity finding)": found}
    for name, predict in peers.items():
        detectors[name] = predict(texts)
    print(f"\n### Davidson ({len(texts)} tweets, {sum(labels)} in class 0 or 1)\n\n{_HEAD}")
    entry = {}
    for name, flags in detectors.items():
        s = _scores("toxicity", labels, flags)
        print(_line(name, s))
        entry[name] = s.to_dict()
        hate = [i for i, r in enumerate(dv) if r["class"].strip() == "0"]
        entry[name]["hate_recall"] = round(sum(flags[i] for i in hate) / len(hate), 4)
    print("\nrecall on class 0 (hate speech) alone: " + ", ".join(
        f"{n}: {entry[n]['hate_recall']:.3f}" for n in detectors))  # fmt: skip
    report["davidson"] = entry
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", type=Path, help="the shared corpora folder")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--no-peers", action="store_true", help="threadkit only")
    args = parser.parse_args(argv)
    report = run(args.corpora, not args.no_peers)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
