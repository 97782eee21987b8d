"""The top-level package is the public face: sorted, complete, and free of optional drivers."""

from __future__ import annotations

import subprocess
import sys

import threadkit


def test_all_is_sorted_and_every_name_resolves() -> None:
    """``__all__`` is sorted and each name in it is an attribute of the package."""
    assert threadkit.__all__ == sorted(threadkit.__all__)
    missing = [name for name in threadkit.__all__ if not hasattr(threadkit, name)]
    assert missing == []


def test_issue_names_are_importable_from_the_top_level() -> None:
    """Every name the issues promise at top level is there."""
    promised = {
        "Status", "Author", "Comment", "CommentDraft", "build_thread", "Thread", "Node",
        "sanitize", "Sanitizer", "SanitizerPolicy", "RuleSet", "Verdict", "Finding", "Action",
        "CheckContext", "CommentService", "SubmitResult", "ThreadPage", "CommentStore",
        "MemoryStore", "SQLiteStore", "PostgresStore", "MySQLStore", "ThreadkitError",
        "ContentTooLarge",
    }  # fmt: skip
    assert promised <= set(threadkit.__all__)


def test_every_exception_descends_from_the_root() -> None:
    """Each exported exception is a ThreadkitError, so one except clause catches them all."""
    errors = [
        obj
        for name in threadkit.__all__
        if isinstance(obj := getattr(threadkit, name), type) and issubclass(obj, BaseException)
    ]
    assert len(errors) >= 15
    assert all(issubclass(e, threadkit.ThreadkitError) for e in errors)


def test_importing_threadkit_loads_no_optional_driver() -> None:
    """psycopg, PyMySQL and nh3 are imported only when their adapter or backend is used."""
    code = (
        "import sys, threadkit; "
        "print(sorted(m for m in ('psycopg', 'pymysql', 'nh3', 'hypothesis', 'pytest') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
