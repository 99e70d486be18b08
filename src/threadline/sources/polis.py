"""Polis: an export folder (or its ``comments.csv``), with agree / disagree / pass votes on every comment.

``comments.csv`` gives each statement's agrees and disagrees (taken as they are, so the counts match the
export); passes come from ``votes.csv`` (each voter's latest vote) or else ``participants-votes.csv``.
When ``participants-votes.csv`` is there, each comment also gets ``extra["group_votes"]``: the votes split by
Polis opinion group, ``{group id: {"agree", "disagree", "passed"}}``. Statements moderated out
(``moderated == -1``) keep their text and are flagged ``removed``. Polis has no replies: every statement is
top-level, in the order they were written.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Comment, Thread, Votes
from ._base import SOURCES, Source, decode_utf8, read_file

__all__ = ["PolisSource", "load_polis"]

REQUIRED = ("comment-id", "comment-body")


def _csv(path: Path) -> tuple[list[dict[str, str]], list[str]]:
    text = decode_utf8(read_file(path), str(path))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as e:
        raise InputError(str(path), f"not a readable CSV at line {reader.line_num}: {e}") from None
    return rows, list(reader.fieldnames or [])


def _int(value: str | None, where: str, place: str) -> int:
    try:
        return int(float(value)) if value not in (None, "") else 0
    except (ValueError, OverflowError):  # not a number, or "1e309"
        raise InputError(where, f"{place}: expected a number, got {value!r}") from None


def _passes_from_votes(path: Path) -> Counter[str]:
    rows, columns = _csv(path)
    if not {"comment-id", "voter-id", "vote"} <= set(columns):
        raise InputError(
            str(path), f"expected columns comment-id, voter-id, vote; found {', '.join(columns)}"
        )
    latest: dict[tuple[str, str], tuple[int, str]] = {}
    for n, row in enumerate(rows, 2):
        key = (row["comment-id"] or "", row["voter-id"] or "")
        stamp = _int(row.get("timestamp"), str(path), f"line {n}, timestamp")
        if key not in latest or stamp >= latest[key][0]:
            latest[key] = (stamp, (row["vote"] or "").strip())
    return Counter(cid for (cid, _), (_, vote) in latest.items() if vote == "0")


def _group_votes(path: Path) -> tuple[dict[str, dict[str, dict[str, int]]], Counter[str]]:
    """Per comment, the votes split by opinion group; and passes per comment, from the participant matrix."""
    rows, columns = _csv(path)
    comment_cols = [c for c in columns if c.isdigit()]
    groups: dict[str, dict[str, dict[str, int]]] = defaultdict(dict)
    passes: Counter[str] = Counter()
    names = {"1": "agree", "-1": "disagree", "0": "passed"}
    for row in rows:
        group = (row.get("group-id") or "").strip()
        for cid in comment_cols:
            vote = names.get((row.get(cid) or "").strip())
            if vote is None:
                continue
            if vote == "passed":
                passes[cid] += 1
            if group:
                counts = groups[cid].setdefault(group, {"agree": 0, "disagree": 0, "passed": 0})
                counts[vote] += 1
    return groups, passes


def _summary(folder: Path) -> dict[str, str]:
    path = folder / "summary.csv"
    if not path.exists():
        return {}
    text = decode_utf8(read_file(path), str(path))
    return {row[0]: row[1] for row in csv.reader(io.StringIO(text)) if len(row) >= 2}


def load_polis(location: str) -> Thread:
    """Read a Polis export folder or its ``comments.csv``."""
    path = Path(location)
    folder, comments_csv = (path, path / "comments.csv") if path.is_dir() else (path.parent, path)
    if not comments_csv.exists():
        raise InputError(location, "no comments.csv here; expected a Polis export folder or its comments.csv")
    rows, columns = _csv(comments_csv)
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise InputError(str(comments_csv), f"not a Polis comments.csv: no {', '.join(missing)} column")
    groups: dict[str, dict[str, dict[str, int]]] = {}
    passes: Counter[str] = Counter()
    if (folder / "participants-votes.csv").exists():
        groups, passes = _group_votes(folder / "participants-votes.csv")
    if (folder / "votes.csv").exists():
        passes = _passes_from_votes(folder / "votes.csv")
    comments = [_comment(row, n, str(comments_csv), groups, passes) for n, row in enumerate(rows, 2)]
    comments.sort(key=lambda c: (c.time or 0, _order_key(c.id)))
    summary = _summary(folder)
    declared = summary.get("comments", "")
    return Thread(
        source="polis",
        comments=comments,
        url=summary.get("url") or None,
        title=summary.get("topic") or None,  # the folder's name is no title
        post_text=summary.get("conversation-description") or None,
        declared_comments=int(declared) if declared.isdigit() else None,
        extra={"participants": summary.get("voters"), "groups": summary.get("groups"), "folder": folder.name},
    )


def _order_key(cid: str) -> tuple[int, str]:
    return (int(cid), "") if cid.isdigit() else (1 << 62, cid)


def _comment(
    row: dict[str, str], line: int, where: str, groups: dict[str, Any], passes: Counter[str]
) -> Comment:
    place = f"line {line}"
    cid = (row.get("comment-id") or "").strip()
    if not cid:
        raise InputError(where, f"{place}: empty comment-id")
    stamp = row.get("timestamp") or ""
    extra: dict[str, Any] = {"moderated": _int(row.get("moderated"), where, place)}
    if cid in groups:
        extra["group_votes"] = groups[cid]
    return Comment(
        id=cid,
        parent_id=None,
        author=(row.get("author-id") or "").strip() or None,
        text=(row.get("comment-body") or "").strip(),
        time=float(stamp) / 1000 if stamp.strip().isdigit() else None,
        votes=Votes(
            agree=_int(row.get("agrees"), where, place),
            disagree=_int(row.get("disagrees"), where, place),
            passed=passes.get(cid, 0),
        ),
        removed=extra["moderated"] == -1,
        extra=extra,
    )


@SOURCES.register("polis")
class PolisSource(Source):
    """Polis exports: a folder with comments.csv (and votes.csv, participants-votes.csv, summary.csv)."""

    name = "polis"
    sniff_order = 30

    @classmethod
    def matches_file(cls, path: Path, head: bytes) -> bool:
        if path.is_dir():
            return (path / "comments.csv").exists()
        first = head.split(b"\n", 1)[0]
        return b"comment-id" in first and b"comment-body" in first

    def load(self, location: str, **options: Any) -> Thread:
        return load_polis(location)
