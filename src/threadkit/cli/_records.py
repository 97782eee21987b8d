"""Reading comment files for the CLI: JSONL (one object per line) or CSV (a header row).

Files are read and checked whole before any verdict is written, so a broken line is reported
with its number instead of leaving half an output behind.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs

from threadkit._errors import InvalidComment
from threadkit._model import Author, CommentDraft

#: Column names tried, in order, when no text column is named (case-insensitive).
TEXT_COLUMNS = ("body", "content", "text", "comment", "test_case", "tweet")
_ID_COLUMNS = ("id", "comment_id")
_AUTHOR_FIELDS = ("name", "email", "url", "ip", "user_id")


class InputError(Exception):
    """A comment file cannot be used; the message says where and why."""


@attrs.frozen
class Record:
    """One comment read from a file.

    Attributes:
        id: the comment's id, or its line/row number when it has none.
        raw: the object (JSONL) or row (CSV) as read.
        text_key: the key holding the comment text.
        line: the line (JSONL) or data row (CSV) number, from 1.
    """

    id: str
    raw: Mapping[str, Any]
    text_key: str
    line: int


@attrs.frozen
class Records:
    """The comments of one file.

    Attributes:
        items: every record, in file order.
        columns: the CSV header, or None for JSONL.
    """

    items: tuple[Record, ...]
    columns: tuple[str, ...] | None

    @property
    def total(self) -> int:
        """How many comments the file holds."""
        return len(self.items)

    def __iter__(self) -> Iterator[Record]:
        return iter(self.items)


def _read_text(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a directory, not a file") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None


def _pick(columns: Sequence[str], wanted: str | None, candidates: Sequence[str]) -> str | None:
    if wanted is not None:
        return wanted if wanted in columns else None
    lowered = {c.casefold(): c for c in columns}
    for name in candidates:
        if name in lowered:
            return lowered[name]
    return None


def _jsonl(text: str, path: str, text_column: str | None) -> Records:
    items: list[Record] = []
    key = text_column or "body"
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}, line {number}: not valid JSON ({exc.msg})") from None
        if not isinstance(obj, dict):
            raise InputError(f"{path}, line {number}: expected a JSON object")
        if key not in obj or not isinstance(obj[key], str):
            raise InputError(f"{path}, line {number}: no {key!r} string field")
        ident = obj.get("id")
        items.append(Record(str(ident) if ident is not None else str(number), obj, key, number))
    return Records(tuple(items), None)


def _csv(text: str, path: str, text_column: str | None) -> Records:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        columns = tuple(reader.fieldnames or ())
        if not columns:
            raise InputError(f"{path}: empty CSV file (no header row)")
        key = _pick(columns, text_column, TEXT_COLUMNS)
        if key is None:
            want = repr(text_column) if text_column else "a body or CONTENT column"
            raise InputError(f"{path} has no {want}; columns: {', '.join(columns)}")
        id_key = _pick(columns, None, _ID_COLUMNS)
        items = []
        for number, row in enumerate(reader, start=1):
            ident = row.get(id_key) if id_key else None
            items.append(Record(ident or str(number), row, key, number))
    except csv.Error as exc:
        raise InputError(f"{path}: malformed CSV ({exc})") from None
    return Records(tuple(items), columns)


def read_records(path: str, *, text_column: str | None = None, fmt: str = "auto") -> Records:
    """Read and check a JSONL or CSV comment file (``fmt`` "auto" goes by the contents)."""
    text = _read_text(path)
    if fmt == "auto":
        suffix = Path(path).suffix.casefold()
        if suffix in {".jsonl", ".ndjson", ".json"}:
            fmt = "jsonl"
        elif suffix in {".csv", ".tsv"}:
            fmt = "csv"
        else:
            fmt = "jsonl" if text.lstrip().startswith("{") else "csv"
    return _jsonl(text, path, text_column) if fmt == "jsonl" else _csv(text, path, text_column)


def text_of(row: Mapping[str, Any], column: str, index: int) -> str:
    """The text in ``column`` of a row, or an ``InputError`` naming the row."""
    value = row.get(column)
    if not isinstance(value, str):
        raise InputError(f"row {index} has no text in {column!r}")
    return value


def _author(value: object, line: int) -> Author:
    if isinstance(value, str):
        return Author(name=value)
    if isinstance(value, dict):
        fields = {k: value[k] for k in _AUTHOR_FIELDS if value.get(k) is not None}
        fields.setdefault("name", "")
        return Author(**fields)
    raise InputError(f"line {line}: author must be a name or an object")


def subject_of(record: Record) -> str | CommentDraft:
    """What to check: a ``CommentDraft`` when the record names an author or post, else text."""
    raw = record.raw
    body = raw[record.text_key]
    author = raw.get("author", raw.get("AUTHOR"))
    post_id = raw.get("post_id")
    if author is None and post_id is None:
        return str(body)
    try:
        parent = raw.get("parent_id")
        return CommentDraft(
            # the moment of checking: CommentDraft validates created_at as an aware datetime
            created_at=datetime.now(UTC),
            post_id=str(post_id) if post_id not in (None, "") else "cli",
            body=str(body),
            author=_author(author if author is not None else "", record.line),
            parent_id=str(parent) if parent not in (None, "") else None,
        )
    except InvalidComment as exc:
        raise InputError(f"line {record.line}: {exc}") from None
