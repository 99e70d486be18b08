"""The batch's index: ``index.jsonl`` (one row per digest: a thread's, or a story's made of several threads)
and ``index.html`` (the same, for people)."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from ..atomic import write_text_atomic

INDEX_FIELDS = (
    "key", "story", "thread", "title", "comments", "themes", "sources", "status", "error", "output", "page",
    "input",
)  # fmt: skip


def write_index(out: Path, rows: list[dict[str, Any]], summary: dict[str, Any]) -> tuple[Path, Path]:
    """Write both index files atomically, rows sorted by key."""
    rows = sorted(rows, key=lambda r: r["key"])
    for r in rows:
        page = r["output"].removesuffix(".json") + ".html" if r.get("output") else None
        r["page"] = page if page and (out / page).exists() else None
    lines = "".join(json.dumps({k: r.get(k) for k in INDEX_FIELDS}, ensure_ascii=False) + "\n" for r in rows)
    jsonl = write_text_atomic(out / "index.jsonl", lines)
    page = write_text_atomic(out / "index.html", render_index_html(rows, summary))
    return jsonl, page


def read_index(out: Path) -> list[dict[str, Any]]:
    """The rows of an existing ``index.jsonl`` (empty when there is none)."""
    path = out / "index.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _cell(value: Any) -> str:
    return "" if value is None else html.escape(str(value))


def _sources(r: dict[str, Any]) -> str:
    """A story's threads, each by its label and comments ("hn (335)", "reddit (11)"); empty for one thread."""
    sources = r.get("sources") or []
    return "<br>".join(f"{_cell(s.get('label'))} ({_cell(s.get('comments'))})" for s in sources)


def _row(r: dict[str, Any]) -> str:
    title = _cell(r.get("title") or r.get("thread") or r["key"])
    if r.get("story"):  # the story is what the manifest called it; the title is its first thread's
        title = f"<strong>{_cell(r['story'])}</strong>" + (f": {title}" if r.get("title") else "")
    link = f'<a href="{html.escape(r["page"], quote=True)}">{title}</a>' if r.get("page") else title
    if r.get("output"):
        link += f' <a class="json" href="{html.escape(r["output"], quote=True)}">json</a>'
    status = _cell(r.get("status"))
    error = f'<div class="error">{_cell(r.get("error"))}</div>' if r.get("error") else ""
    return (
        f'<tr class="{status}"><td>{link}{error}</td><td>{_cell(r.get("thread"))}</td>'
        f'<td class="n">{_cell(r.get("comments"))}</td><td class="n">{_cell(r.get("themes"))}</td>'
        f'<td class="sources">{_sources(r)}</td><td>{status}</td><td>{_cell(r.get("input"))}</td></tr>'
    )


STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%}th,td{padding:.35rem .6rem;border-bottom:1px solid #ddd;
text-align:left;vertical-align:top}td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.failed td{background:#fff3f2}.error{color:#a40000;font-size:13px;white-space:pre-wrap}
.summary{color:#555}a.json{font-size:12px;color:#777}td.sources{white-space:nowrap}
"""


def render_index_html(rows: list[dict[str, Any]], summary: dict[str, Any]) -> str:
    """A self-contained page listing every digest; all text from the threads and manifests is escaped."""
    ok = sum(r.get("status") == "ok" for r in rows)
    stories = sum(bool(r.get("story")) for r in rows)
    counts = f"{ok} of {len(rows)} threads digested, {len(rows) - ok} failed"
    if stories:
        made = f"{ok} of {len(rows)} digests made ({stories} of them stories of a manifest)"
        counts = f"{made}, {len(rows) - ok} failed"
    problems = summary.get("malformed_lines") or 0
    if problems:
        counts += f"; {problems} malformed dump line(s) skipped"
    body = "\n".join(_row(r) for r in rows)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>threadline batch: {len(rows)} threads</title><style>{STYLE}</style></head><body>\n"
        f'<h1>threadline batch</h1><p class="summary">{html.escape(counts)}</p>\n'
        "<table><thead><tr><th>Thread</th><th>Id</th><th>Comments</th><th>Themes</th><th>Sources</th>"
        f"<th>Status</th><th>Input</th></tr></thead><tbody>\n{body}\n</tbody></table></body></html>\n"
    )
