"""Every ``python`` code block in README.md and docs/*.md runs, so the docs cannot rot.

Blocks in one file share a namespace and run in order, like a reader following the page.
A block preceded by ``<!-- requires-env: NAME -->`` skips unless that variable is set; use
``pycon``/``text``/``console`` fences for anything that is not meant to run.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FENCE = re.compile(
    r"(?:<!--\s*requires-env:\s*(?P<env>\w+)\s*-->\s*\n)?^```python\n(?P<code>.*?)^```",
    re.S | re.M,
)
DOC_FILES = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])


def blocks(path: Path) -> list[tuple[str | None, str, int]]:
    """(required env var, code, line number) for each python block in ``path``."""
    text = path.read_text(encoding="utf-8")
    return [
        (m["env"], m["code"], text.count("\n", 0, m.start("code")) + 1)
        for m in FENCE.finditer(text)
    ]


@pytest.mark.parametrize("path", DOC_FILES, ids=lambda p: p.name)
def test_doc_code_blocks_run(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each python block of the file executes without error, in order."""
    found = blocks(path)
    if not found:
        pytest.skip(f"{path.name} has no python blocks")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": f"doc_{path.stem}"}
    for env, code, line in found:
        if env and not os.environ.get(env):
            continue
        exec(compile(code, f"{path.name}:{line}", "exec"), namespace)
