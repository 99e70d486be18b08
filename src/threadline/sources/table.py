"""Tables of comments: CSV (or TSV), JSONL, or a JSON array of objects (or ``{"comments": [...]}``).

Columns are found by name, case-insensitively, unless named with ``columns={"text": "message", ...}``
(the CLI's ``--text-col`` and friends):

=======  ==========================================
id       ``id`` (default: the row number)
parent   ``parent_id``, ``parent``
author   ``author``, ``user``
text     ``text``, ``body``, ``comment`` (required)
score    ``score``, ``votes``
time     ``created_utc``, ``timestamp``, ``time``: epoch seconds (or ms) or ISO 8601
=======  ==========================================

A parent that is not in the table (say, the post's own id) makes a comment top-level; Reddit-style ``t1_``
prefixes are matched to bare ids. Duplicate ids are an error: a citation must point at one comment.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import InputError, UsageError
from ..model import Comment, Thread
from ._base import SOURCES, Source, decode_utf8, parse_json, read_file
from .tree import tree_order

__all__ = ["TableSource", "parse_rows", "DEFAULT_COLUMNS"]

DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "parent": ("parent_id", "parent"),
    "author": ("author", "user"),
    "text": ("text", "body", "comment"),
    "score": ("score", "votes"),
    "time": ("created_utc", "timestamp", "time"),
}
Row = tuple[str, dict[str, Any]]  # (where in the file, the row)

csv.field_size_limit(2**31 - 1)  # a single comment may be megabytes long


def _suffixes(path: Path) -> list[str]:
    s = [x.lower() for x in path.suffixes]
    return s[:-1] if s and s[-1] == ".gz" else s


def read_rows(path: Path, where: str) -> tuple[list[Row], list[str]]:
    """The file's rows and its column names, whatever the table format."""
    text = decode_utf8(read_file(path), where)
    ext = (_suffixes(path) or [""])[-1]
    stripped = text.lstrip()
    if ext in (".jsonl", ".ndjson") or (ext not in (".csv", ".tsv", ".json") and stripped.startswith("{")):
        rows = list(_jsonl_rows(text, where))
    elif ext == ".json" or stripped.startswith("["):
        rows = _json_rows(parse_json(text, where), where)
    else:
        rows, header = _csv_rows(text, where, "\t" if ext == ".tsv" else ",")
        return rows, header
    columns: list[str] = []
    for _, row in rows[:1000]:
        columns.extend(k for k in row if k not in columns)
    return rows, columns


def _csv_rows(text: str, where: str, delimiter: str) -> tuple[list[Row], list[str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = list(reader.fieldnames or [])
        rows = [(f"line {reader.line_num}", row) for row in reader]
    except csv.Error as e:
        raise InputError(where, f"not a readable CSV at line {reader.line_num}: {e}") from None
    return rows, header


def _jsonl_rows(text: str, where: str) -> Iterator[Row]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(where, f"line {n} is not valid JSON ({e.msg}, column {e.colno})") from None
        if not isinstance(obj, dict):
            raise InputError(where, f"line {n}: expected a JSON object per line, got {type(obj).__name__}")
        yield f"line {n}", obj


def _json_rows(data: Any, where: str) -> list[Row]:
    if isinstance(data, dict) and isinstance(data.get("comments"), list):
        data = data["comments"]
    if not isinstance(data, list):
        raise InputError(
            where, "expected a JSON array of comment objects (or an object with a 'comments' array)"
        )
    rows = []
    for i, obj in enumerate(data):
        if not isinstance(obj, dict):
            raise InputError(where, f"item {i}: expected a comment object, got {type(obj).__name__}")
        rows.append((f"item {i}", obj))
    return rows


def resolve_columns(columns: list[str], named: dict[str, str], where: str) -> dict[str, str | None]:
    """Map each field (id, parent, ...) to a column of the file; unknown names raise helpful errors."""
    unknown = sorted(set(named) - set(DEFAULT_COLUMNS))
    if unknown:
        raise UsageError(
            f"unknown column option(s) {', '.join(unknown)}; available: {', '.join(DEFAULT_COLUMNS)}"
        )
    by_lower = {c.lower(): c for c in columns}
    found: dict[str, str | None] = {}
    for field_name, candidates in DEFAULT_COLUMNS.items():
        if field_name in named:
            column = named[field_name]
            if column not in columns and column.lower() not in by_lower:
                raise InputError(
                    where, f"has no column {column!r} (named for {field_name}); {_listing(columns)}"
                )
            found[field_name] = column if column in columns else by_lower[column.lower()]
        else:
            found[field_name] = next((by_lower[c] for c in candidates if c in by_lower), None)
    if found["text"] is None:
        raise InputError(
            where, f"no column holds the comment text (looked for text, body, comment); {_listing(columns)}"
        )
    return found


def _listing(columns: list[str]) -> str:
    names = ", ".join(repr(c) for c in columns[:30]) or "none"
    options = " ".join(f"--{f}-col" for f in DEFAULT_COLUMNS)
    return f"its columns are {names}; name them with {options}"


def _text_id(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() or None


def _score(value: Any, where: str, place: str) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InputError(where, f"{place}: score {value!r} is not a number") from None
    return int(number) if math.isfinite(number) else None


def _time(value: Any, where: str, place: str) -> float | None:
    if value is None or value == "":
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        try:
            parsed = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
        except ValueError:
            raise InputError(
                where, f"{place}: time {value!r} is neither epoch seconds nor ISO 8601"
            ) from None
        return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).timestamp()
    return seconds / 1000 if seconds > 1e11 else seconds  # milliseconds, as many exports give


def parse_rows(
    rows: list[Row], columns: list[str], where: str, named: dict[str, str] | None = None
) -> list[Comment]:
    """Rows as comments in tree order."""
    if not rows and not columns:
        return []  # an empty JSON array: nothing to check the columns against
    col = resolve_columns(columns, named or {}, where)
    comments: list[Comment] = []
    first_seen: dict[str, str] = {}
    for n, (place, row) in enumerate(rows, 1):
        cid = _text_id(row.get(col["id"])) if col["id"] else str(n)
        if cid is None:
            raise InputError(where, f"{place}: the id column {col['id']!r} is empty")
        if cid in first_seen:
            raise InputError(
                where, f"{place}: id {cid!r} is used again (first at {first_seen[cid]}); ids must be unique"
            )
        first_seen[cid] = place
        text = row.get(col["text"] or "")
        author = _text_id(row.get(col["author"])) if col["author"] else None
        comments.append(
            Comment(
                id=cid,
                parent_id=_text_id(row.get(col["parent"])) if col["parent"] else None,
                author=author,
                text="" if text is None else str(text).strip(),
                score=_score(row.get(col["score"]), where, place) if col["score"] else None,
                time=_time(row.get(col["time"]), where, place) if col["time"] else None,
            )
        )
    for c in comments:
        if c.parent_id and c.parent_id not in first_seen and c.parent_id[:3] in ("t1_", "t3_"):
            c.parent_id = c.parent_id[3:]
    return tree_order(comments, where)


@SOURCES.register("table")
class TableSource(Source):
    """Comment tables: CSV, TSV, JSONL or a JSON array (see the module docstring for the columns)."""

    name = "table"
    options = frozenset({"columns"})
    sniff_order = 90

    @classmethod
    def matches_file(cls, path: Path, head: bytes) -> bool:
        ext = (_suffixes(path) or [""])[-1]
        return ext in (".csv", ".tsv", ".jsonl", ".ndjson", ".json") or head.lstrip()[:1] in (b"[", b"{")

    def load(self, location: str, **options: Any) -> Thread:
        path = Path(location)
        rows, columns = read_rows(path, location)
        named = options.get("columns") or {}
        comments = parse_rows(rows, columns, location, {k: v for k, v in named.items() if v})
        # a file name is no title: the digest takes one given with ``title=``, else the article's
        return Thread(source="table", comments=comments, extra={"file": path.name})
