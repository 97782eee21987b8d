"""``threadkit check``, ``threadkit moderate`` and ``threadkit eval``: the rule set from a shell.

``check`` explains one verdict with the words that caused it highlighted; ``moderate`` turns a
JSONL or CSV file of comments into one JSON verdict per line; ``eval`` measures precision,
recall and false-positive rate against a labelled CSV or JSONL file.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Mapping
from typing import Any, TextIO

from threadkit._errors import ThreadkitError
from threadkit._model import Finding, Verdict
from threadkit.cli._records import (
    InputError,
    read_records,
    subject_of,
    text_of,
)
from threadkit.moderation import LabelledText, RuleSet, evaluate

_BOLD_RED = "\x1b[1;31m"
_DIM = "\x1b[2m"
_RESET = "\x1b[0m"
_ACTION_COLOURS = {"approve": "\x1b[32m", "hold": "\x1b[33m", "reject": "\x1b[31m"}
#: Characters of context shown on each side of a highlighted span.
CONTEXT = 40


def _fail(command: str, message: str) -> int:
    print(f"threadkit {command}: error: {message}", file=sys.stderr)
    return 2


def _ruleset(command: str, config: str | None) -> RuleSet | int:
    if config is None:
        return RuleSet.default()
    try:
        return RuleSet.from_toml(config)
    except OSError as exc:
        return _fail(command, f"cannot read config {config}: {exc.strerror or exc}")
    except (ThreadkitError, ValueError) as exc:
        return _fail(command, f"bad config {config}: {exc}")


def _use_colour(choice: str, stream: TextIO) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return stream.isatty()


def highlight(text: str, span: tuple[int, int], *, colour: bool, context: int = CONTEXT) -> str:
    """The text around ``span`` with the span marked: ANSI bold red, or ``[brackets]``."""
    start, end = span
    left = max(0, start - context)
    right = min(len(text), end + context)
    before = text[left:start]
    inside = text[start:end]
    after = text[end:right]
    lead = "…" if left > 0 else ""
    tail = "…" if right < len(text) else ""
    mark = f"{_BOLD_RED}{inside}{_RESET}" if colour else f"[{inside}]"
    line = f"{lead}{before}{mark}{after}{tail}"
    return " ".join(line.split("\n"))


def format_verdict(text: str, verdict: Verdict, *, colour: bool) -> str:
    """A verdict for people: the action and score, then each finding with its words marked."""
    action = verdict.action.value
    head = action.upper()
    if colour:
        head = f"{_ACTION_COLOURS[action]}{head}{_RESET}"
    lines = [f"{head}  score {verdict.score:g}"]
    if not verdict.findings:
        lines.append("  no findings")
    for f in verdict.findings:
        lines.append(f"  {f.rule} ({f.category}, {f.score:+g}): {f.reason}")
        if f.span != (0, 0) or f.excerpt:
            lines.append("    " + highlight(text, f.span, colour=colour))
    return "\n".join(lines)


def _check(args: argparse.Namespace) -> int:
    ruleset = _ruleset("check", args.config)
    if isinstance(ruleset, int):
        return ruleset
    text = sys.stdin.read() if args.text == "-" else args.text
    verdict = ruleset.check(text)
    if args.json:
        print(json.dumps(verdict.to_dict(), ensure_ascii=False))
    else:
        print(format_verdict(text, verdict, colour=_use_colour(args.color, sys.stdout)))
    return 0


class _Progress:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, total: int | None, stream: TextIO) -> None:
        self.total = total
        self.stream = stream
        self.active = stream.isatty()
        self.count = 0

    def step(self) -> None:
        self.count += 1
        if not self.active or (self.count % 50 and self.count != self.total):
            return
        if self.total:
            done = int(30 * self.count / self.total)
            bar = "#" * done + "." * (30 - done)
            self.stream.write(f"\r[{bar}] {self.count}/{self.total}")
        else:
            self.stream.write(f"\r{self.count} comments")
        self.stream.flush()

    def close(self) -> None:
        if self.active and self.count:
            self.stream.write("\n")
            self.stream.flush()


def _finding(f: Finding) -> dict[str, Any]:
    return {"rule": f.rule, "category": f.category, "score": f.score, "span": list(f.span),
            "excerpt": f.excerpt, "reason": f.reason}  # fmt: skip


def _moderate(args: argparse.Namespace) -> int:
    ruleset = _ruleset("moderate", args.config)
    if isinstance(ruleset, int):
        return ruleset
    try:
        records = read_records(args.file, text_column=args.text_column, fmt=args.format)
    except InputError as exc:
        return _fail("moderate", str(exc))
    out: TextIO = sys.stdout
    opened: TextIO | None = None
    if args.output and args.output != "-":
        try:
            opened = open(args.output, "w", encoding="utf-8")  # noqa: SIM115 - closed below
        except OSError as exc:
            return _fail("moderate", f"cannot write {args.output}: {exc.strerror or exc}")
        out = opened
    progress = _Progress(records.total, sys.stderr)
    try:
        for record in records:
            verdict = ruleset.check(subject_of(record))
            line = {"id": record.id, "action": verdict.action.value, "score": verdict.score,
                    "findings": [_finding(f) for f in verdict.findings]}  # fmt: skip
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            progress.step()
    except InputError as exc:
        return _fail("moderate", str(exc))
    finally:
        progress.close()
        if opened is not None:
            opened.close()
    return 0


def _labelled(
    args: argparse.Namespace, rows: Iterator[Mapping[str, Any]], positives: frozenset[str]
) -> Iterator[LabelledText]:
    for index, row in enumerate(rows, start=1):
        if args.label_column not in row:
            raise InputError(f"row {index} has no {args.label_column!r} column")
        text = text_of(row, args.text_column, index)
        label = str(row[args.label_column]).strip()
        group = str(row.get(args.group_column, "")) if args.group_column else None
        labels = {args.category} if label.casefold() in positives else set()
        yield LabelledText(text, frozenset(labels), group)


def _eval(args: argparse.Namespace) -> int:
    ruleset = _ruleset("eval", args.config)
    if isinstance(ruleset, int):
        return ruleset
    try:
        records = read_records(args.file, text_column=args.text_column, fmt=args.format)
        columns = records.columns
        for name in (args.label_column, args.text_column, args.group_column):
            if name and columns is not None and name not in columns:
                shown = ", ".join(columns)
                return _fail("eval", f"{args.file} has no column {name!r}; columns: {shown}")
        positives = frozenset(v.casefold() for v in args.positive)
        progress = _Progress(records.total, sys.stderr)
        result = evaluate(
            ruleset,
            _labelled(args, (r.raw for r in records), positives),
            categories=[args.category],
            flag_at=args.flag_at,
            on_verdict=lambda _i, _v: progress.step(),
        )
        progress.close()
    except InputError as exc:
        return _fail("eval", str(exc))
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        print(f"{args.file}: {args.category} = {args.label_column} in {sorted(positives)}")
        print(result.format())
    return 0


def _add_config(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config", metavar="TOML", help="a rule-set configuration (default: the built-in set)"
    )


def register(subparsers: Any) -> None:
    """Add ``check``, ``moderate`` and ``eval`` to the ``threadkit`` command."""
    check = subparsers.add_parser(
        "check", help="check one comment and explain the verdict",
        description="Check one comment and print the verdict with the words that caused it.",
    )  # fmt: skip
    check.add_argument("text", help="the comment text, or - to read it from standard input")
    check.add_argument("--json", action="store_true", help="print the verdict as JSON")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                       help="highlight with ANSI colours (auto: only on a terminal)")  # fmt: skip
    _add_config(check)
    check.set_defaults(handler=_check)

    moderate = subparsers.add_parser(
        "moderate", help="check every comment of a JSONL or CSV file",
        description="Check every comment of a JSONL file (objects with a body) or a CSV file "
        "(a CONTENT or body column); write one JSON verdict per line.",
    )  # fmt: skip
    moderate.add_argument("file", help="a .jsonl or .csv file, or - for JSONL on stdin")
    moderate.add_argument("--output", "-o", metavar="FILE", help="write here (default stdout)")
    moderate.add_argument("--format", choices=("auto", "jsonl", "csv"), default="auto")
    moderate.add_argument(
        "--text-column",
        metavar="COLUMN",
        help="the column holding the text (default: body or CONTENT)",
    )
    _add_config(moderate)
    moderate.set_defaults(handler=_moderate)

    ev = subparsers.add_parser(
        "eval", help="measure the rule set against labelled comments",
        description="Report precision, recall and false-positive rate of the rule set "
        "against a labelled CSV or JSONL file.",
    )  # fmt: skip
    ev.add_argument("file", help="a labelled .csv or .jsonl file")
    ev.add_argument("--label-column", required=True, metavar="COLUMN")
    ev.add_argument("--text-column", required=True, metavar="COLUMN")
    ev.add_argument("--positive", action="append", metavar="VALUE",
                    help="a label value meaning 'belongs to the category' (repeatable; "
                    "default: 1)")  # fmt: skip
    ev.add_argument(
        "--category",
        default="toxicity",
        help="the category the positive label stands for (default: toxicity)",
    )
    ev.add_argument(
        "--group-column",
        metavar="COLUMN",
        help="also report the flag rate per value of this column",
    )
    ev.add_argument(
        "--flag-at",
        choices=("hold", "reject"),
        default="hold",
        help="the action from which a comment counts as flagged",
    )
    ev.add_argument("--format", choices=("auto", "jsonl", "csv"), default="auto")
    ev.add_argument("--json", action="store_true", help="print the evaluation as JSON")
    _add_config(ev)
    ev.set_defaults(handler=_eval_defaults)


def _eval_defaults(args: argparse.Namespace) -> int:
    if not args.positive:
        args.positive = ["1"]
    return _eval(args)


__all__ = ["format_verdict", "highlight", "register"]
