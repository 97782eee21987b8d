"""The ``threadkit`` command line: ``demo``, ``check``, ``moderate`` and ``eval``.

Each sub-command lives in its own private module exposing ``register(subparsers)``, which adds
its parser and sets ``handler`` to a function taking the parsed arguments and returning an exit
code.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence

_COMMAND_MODULES = ("threadkit.cli._demo", "threadkit.cli._moderation")


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, every sub-command registered."""
    parser = argparse.ArgumentParser(
        prog="threadkit",
        description="Threaded, sanitised, explainably moderated comments.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in _COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    args = build_parser().parse_args(argv)
    code: int = args.handler(args)
    return code
