"""The web app's SQLite file: jobs (what was asked, how far it got), digests (thread + analysis) and renders.

A digest row holds the thread and the analysis as JSON (see ``threadline.serialize``); each written version
of it (one per style) is a row of ``renders``. A job becomes ``done`` in the same transaction that stores its
digest, so a crash or a failing job never leaves a digest without its job or a job pointing nowhere.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS digests (
    id TEXT PRIMARY KEY,
    created REAL NOT NULL,
    title TEXT,
    label TEXT NOT NULL,
    style TEXT NOT NULL,
    source_kind TEXT,
    source_url TEXT,
    comments INTEGER NOT NULL,
    analyzed INTEGER NOT NULL,
    themes INTEGER NOT NULL,
    sources TEXT NOT NULL DEFAULT '[]',
    thread TEXT NOT NULL,
    analysis TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS renders (
    digest_id TEXT NOT NULL REFERENCES digests(id) ON DELETE CASCADE,
    style TEXT NOT NULL,
    writer TEXT NOT NULL,
    text TEXT NOT NULL,
    checks TEXT NOT NULL,
    created REAL NOT NULL,
    PRIMARY KEY (digest_id, style)
);
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    created REAL NOT NULL,
    updated REAL NOT NULL,
    label TEXT NOT NULL,
    style TEXT NOT NULL,
    writer TEXT NOT NULL DEFAULT 'template',
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    stage TEXT NOT NULL DEFAULT 'queued',
    fraction REAL NOT NULL DEFAULT 0,
    error TEXT,
    digest_id TEXT REFERENCES digests(id) ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS digests_created ON digests(created);
"""


@dataclass
class JobRow:
    id: str
    created: float
    updated: float
    label: str
    style: str
    writer: str  # the writer asked for; the digest's own record says whether it fell back
    status: str
    stage: str
    fraction: float
    error: str | None
    digest_id: str | None


@dataclass
class DigestRow:
    """A stored digest without its (large) thread and analysis JSON."""

    id: str
    created: float
    title: str | None
    label: str
    style: str  # the style it was first written in
    source_kind: str | None
    source_url: str | None
    comments: int
    analyzed: int
    themes: int
    styles: list[str]
    # a digest of several discussions: each one's label, kind, where, title, url, comments, analyzed
    sources: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class RenderRow:
    style: str
    writer: str
    text: str  # DigestText as JSON
    checks: str  # Checks as JSON


# How the history can be ordered: a sort name -> its SQL expression and its natural direction (the first
# click on a column gives the order a reader expects: newest, A to Z, most comments).
SORTS: dict[str, tuple[str, str]] = {
    "date": ("d.created", "desc"),
    "title": ("COALESCE(d.title, d.label) COLLATE NOCASE", "asc"),
    "comments": ("d.comments", "desc"),
}


def _search(query: str) -> tuple[str, tuple[Any, ...]]:
    """A WHERE clause matching every word of ``query`` in the title, label, source kind or URL (or those of
    each discussion of a digest of several: the values of its ``sources``, never their keys)."""
    words = query.split()[:10]
    if not words:
        return "", ()
    clauses, params = [], []
    for word in words:
        like = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        clauses.append(
            "(COALESCE(d.title, '') || ' ' || d.label || ' ' || COALESCE(d.source_kind, '') || ' ' ||"
            " COALESCE(d.source_url, '') || ' ' || COALESCE(("
            "   SELECT group_concat(atom, ' ') FROM json_tree(d.sources) WHERE type = 'text'), '')"
            ") LIKE ? ESCAPE '\\'"
        )
        params.append(like)
    return "WHERE " + " AND ".join(clauses), tuple(params)


def new_id() -> str:
    return secrets.token_hex(6)


class Store:
    """Jobs and digests in one SQLite file; safe to use from many threads (one connection per call)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._write_lock = threading.Lock()  # one writer at a time in this process: no busy retries
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(SCHEMA)
            self._add_missing_columns(db)
            db.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )

    @staticmethod
    def _add_missing_columns(db: sqlite3.Connection) -> None:
        """Bring a file made by an earlier version up to date (columns are only ever added)."""
        jobs = {row["name"] for row in db.execute("PRAGMA table_info(jobs)")}
        if "writer" not in jobs:
            db.execute("ALTER TABLE jobs ADD COLUMN writer TEXT NOT NULL DEFAULT 'template'")
        digests = {row["name"] for row in db.execute("PRAGMA table_info(digests)")}
        if "sources" not in digests:
            db.execute("ALTER TABLE digests ADD COLUMN sources TEXT NOT NULL DEFAULT '[]'")

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA foreign_keys=ON")
        try:
            with db:  # commits, or rolls back on an exception
                yield db
        finally:
            db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._write_lock, self._connect() as db:
            yield db

    # --- jobs ---------------------------------------------------------------------------------------------

    def create_job(self, label: str, style: str, writer: str = "template") -> str:
        job_id, now = new_id(), time.time()
        with self._write() as db:
            db.execute(
                "INSERT INTO jobs (id, created, updated, label, style, writer, status)"
                " VALUES (?, ?, ?, ?, ?, ?, 'queued')",
                (job_id, now, now, label, style, writer),
            )
        return job_id

    def update_progress(self, job_id: str, stage: str, fraction: float) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE jobs SET status='running', stage=?, fraction=?, updated=? "
                "WHERE id=? AND status IN ('queued', 'running')",
                (stage, max(0.0, min(1.0, fraction)), time.time(), job_id),
            )

    def fail_job(self, job_id: str, error: str) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE jobs SET status='failed', error=?, updated=? WHERE id=?", (error, time.time(), job_id)
            )

    def fail_unfinished(self, error: str) -> int:
        """Mark jobs a previous server left queued or running as failed (their threads are gone)."""
        with self._write() as db:
            cur = db.execute(
                "UPDATE jobs SET status='failed', error=?, updated=? WHERE status IN ('queued', 'running')",
                (error, time.time()),
            )
            return cur.rowcount

    def get_job(self, job_id: str) -> JobRow | None:
        with self._connect() as db:
            row = db.execute("SELECT * FROM jobs WHERE id=?", (job_id,)).fetchone()
        return JobRow(**dict(row)) if row else None

    def count_active_jobs(self) -> int:
        with self._connect() as db:
            row = db.execute("SELECT COUNT(*) FROM jobs WHERE status IN ('queued', 'running')").fetchone()
        return int(row[0])

    # --- digests ------------------------------------------------------------------------------------------

    def finish_job(
        self, job_id: str, meta: dict[str, Any], thread: str, analysis: str, render: RenderRow
    ) -> str:
        """Store a finished digest and mark its job done, in one transaction; returns the digest id."""
        digest_id, now = new_id(), time.time()
        with self._write() as db:
            db.execute(
                "INSERT INTO digests (id, created, title, label, style, source_kind, source_url, comments,"
                " analyzed, themes, sources, thread, analysis)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    digest_id,
                    now,
                    meta.get("title"),
                    meta["label"],
                    render.style,
                    meta.get("source_kind"),
                    meta.get("source_url"),
                    meta["comments"],
                    meta["analyzed"],
                    meta["themes"],
                    json.dumps(meta.get("sources") or [], ensure_ascii=False),
                    thread,
                    analysis,
                ),
            )
            self._put_render(db, digest_id, render, now)
            db.execute(
                "UPDATE jobs SET status='done', stage='done', fraction=1, digest_id=?, updated=? WHERE id=?",
                (digest_id, now, job_id),
            )
        return digest_id

    def put_render(self, digest_id: str, render: RenderRow) -> None:
        with self._write() as db:
            self._put_render(db, digest_id, render, time.time())

    @staticmethod
    def _put_render(db: sqlite3.Connection, digest_id: str, render: RenderRow, now: float) -> None:
        db.execute(
            "INSERT OR REPLACE INTO renders (digest_id, style, writer, text, checks, created)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (digest_id, render.style, render.writer, render.text, render.checks, now),
        )

    def get_digest(self, digest_id: str) -> DigestRow | None:
        rows = self._digest_rows("WHERE d.id = ?", (digest_id,))
        return rows[0] if rows else None

    def list_digests(
        self,
        limit: int = 200,
        offset: int = 0,
        *,
        sort: str = "date",
        order: str | None = None,
        query: str = "",
    ) -> list[DigestRow]:
        """Stored digests, ordered by ``sort`` (a name of ``SORTS``) in ``order`` ("asc"/"desc"; default: the
        sort's natural one), those matching every word of ``query`` if given."""
        expression, natural = SORTS[sort]
        direction = "ASC" if (order or natural) == "asc" else "DESC"
        where, params = _search(query)
        tail = f"{where} ORDER BY {expression} {direction}, d.created DESC, d.id LIMIT ? OFFSET ?"
        return self._digest_rows(tail, (*params, limit, offset))

    def count_digests(self, query: str = "") -> int:
        where, params = _search(query)
        with self._connect() as db:
            return int(db.execute(f"SELECT COUNT(*) FROM digests d {where}", params).fetchone()[0])

    def _digest_rows(self, tail: str, params: tuple[Any, ...]) -> list[DigestRow]:
        query = (
            "SELECT d.id, d.created, d.title, d.label, d.style, d.source_kind, d.source_url, d.comments,"
            " d.analyzed, d.themes, d.sources,"
            " (SELECT group_concat(style) FROM renders r WHERE r.digest_id = d.id) AS styles"
            f" FROM digests d {tail}"
        )
        with self._connect() as db:
            rows = db.execute(query, params).fetchall()
        out = []
        for row in rows:
            data = dict(row)
            data["styles"] = sorted((data["styles"] or "").split(",")) if data["styles"] else []
            data["sources"] = json.loads(data["sources"])
            out.append(DigestRow(**data))
        return out

    def get_payload(self, digest_id: str) -> tuple[str, str] | None:
        """The stored thread and analysis JSON."""
        with self._connect() as db:
            row = db.execute("SELECT thread, analysis FROM digests WHERE id=?", (digest_id,)).fetchone()
        return (row["thread"], row["analysis"]) if row else None

    def get_render(self, digest_id: str, style: str) -> RenderRow | None:
        with self._connect() as db:
            row = db.execute(
                "SELECT style, writer, text, checks FROM renders WHERE digest_id=? AND style=?",
                (digest_id, style),
            ).fetchone()
        return RenderRow(**dict(row)) if row else None

    def delete_digest(self, digest_id: str) -> bool:
        with self._write() as db:
            cur = db.execute("DELETE FROM digests WHERE id=?", (digest_id,))
            return cur.rowcount > 0
