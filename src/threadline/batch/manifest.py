"""A batch manifest: which threads discuss which story, so each story gets one digest of all its threads.

Two forms, told apart by the file's suffix:

- CSV (``.csv``, ``.tsv``): a header with ``story`` and ``source`` (and ``article`` if wanted), then a row per
  thread; the rows of a story need not be next to each other. A story's article may be given on any of its
  rows (on several, it must be the same).
- JSONL (``.jsonl``, ``.ndjson``): a line per story,
  ``{"story": "…", "sources": ["…", "…"], "article": "…"}`` (``article`` optional).

A source is a thread file, a Polis export folder, a Reddit or Hacker News URL or an HN id; a path is read
relative to the manifest's folder. Every problem is an ``InputError`` naming the manifest, the line and what
is wrong, raised before any thread is digested.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..sources import is_remote

__all__ = ["Story", "read_manifest", "story_slug", "MANIFEST_SUFFIXES"]

CSV_SUFFIXES = {".csv", ".tsv"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
MANIFEST_SUFFIXES = CSV_SUFFIXES | JSONL_SUFFIXES
CSV_COLUMNS = ("story", "source", "article")
JSONL_KEYS = ("story", "sources", "article")
MAX_SLUG = 80  # a file name a person can read in a listing, far below any file system's limit


@dataclass
class Story:
    """One story of a manifest: its name, its sources (each as the pipeline takes it) and its article."""

    name: str
    sources: list[str] = field(default_factory=list)
    article: str | None = None
    lines: list[int] = field(default_factory=list)  # where the manifest gives it

    def where(self, manifest: Path) -> str:
        """``stories.csv:2-3`` or ``stories.csv:2,5``: the lines of the manifest that give this story."""
        lines = self.lines
        if len(lines) > 1 and lines == list(range(lines[0], lines[-1] + 1)):
            return f"{manifest}:{lines[0]}-{lines[-1]}"
        return f"{manifest}:{','.join(map(str, lines))}"


def story_slug(name: str) -> str:
    """A story's name as a file name: lower case ASCII words joined by hyphens ("Côte d'Ivoire vote" →
    "cote-d-ivoire-vote"); "story" when nothing of it is left."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_name.lower())
    slug = "-".join(words)[:MAX_SLUG].strip("-")
    return slug or "story"


def read_manifest(path: Path) -> list[Story]:
    """The stories of a manifest, in the order they first appear; raises ``InputError``."""
    if not path.is_file():
        raise InputError(str(path), "no such manifest file")
    suffix = path.suffix.lower()
    if suffix not in MANIFEST_SUFFIXES:
        raise InputError(str(path), "a manifest is a .csv (story,source[,article]) or a .jsonl file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(str(path), f"not UTF-8 text (byte {e.start})") from None
    rows = _csv_rows(path, text) if suffix in CSV_SUFFIXES else _jsonl_rows(path, text)
    stories: dict[str, Story] = {}
    for line, name, sources, article in rows:
        story = stories.setdefault(name, Story(name))
        if story.lines and suffix in JSONL_SUFFIXES:
            raise InputError(
                f"{path}:{line}", f"story {name!r} is given again (first on line {story.lines[0]})"
            )
        _add(path, line, story, sources, article)
    if not stories:
        raise InputError(str(path), "the manifest names no story")
    return list(stories.values())


def _add(path: Path, line: int, story: Story, sources: list[str], article: str | None) -> None:
    where = f"{path}:{line}"
    for source in sources:
        resolved = _source(path, line, source)
        if resolved in story.sources:
            raise InputError(where, f"{source!r} is given twice for story {story.name!r}: each counts once")
        story.sources.append(resolved)
    if article:
        article = article if is_remote(article) else str(_local(path, line, article, "article"))
        if story.article and story.article != article:
            raise InputError(where, f"story {story.name!r} already has another article ({story.article})")
        story.article = article
    story.lines.append(line)


def _source(path: Path, line: int, source: str) -> str:
    return source if is_remote(source) else str(_local(path, line, source, "source"))


def _local(path: Path, line: int, name: str, what: str) -> Path:
    """A file named in the manifest, relative to the manifest's folder; it must be there."""
    local = Path(name).expanduser()
    local = (local if local.is_absolute() else path.parent / local).resolve()
    if not local.exists():
        raise InputError(f"{path}:{line}", f"the {what} {name!r} is not there (looked for {local})")
    return local


def _csv_rows(path: Path, text: str) -> list[tuple[int, str, list[str], str | None]]:
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter="\t" if path.suffix.lower() == ".tsv" else ","
    )
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in ("story", "source") if c not in header]
    unknown = [h for h in header if h not in CSV_COLUMNS]
    if missing or unknown:
        found = ", ".join(header) or "nothing"
        raise InputError(
            f"{path}:1",
            f"the header must name the columns story, source (and article if wanted); found {found}",
        )
    rows = []
    for row in reader:
        line = reader.line_num  # where the row ends: a quoted cell may hold a line break
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise InputError(f"{path}:{line}", f"{len(row)} cells where the header has {len(header)}")
        cells = {h: cell.strip() for h, cell in zip(header, row, strict=True)}
        story, source = _named(path, line, cells.get("story")), cells.get("source", "")
        if not source:
            raise InputError(f"{path}:{line}", f"no source given for story {story!r}")
        rows.append((line, story, [source], cells.get("article") or None))
    return rows


def _jsonl_rows(path: Path, text: str) -> list[tuple[int, str, list[str], str | None]]:
    rows = []
    for line, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        where = f"{path}:{line}"
        try:
            entry: Any = json.loads(raw)
        except json.JSONDecodeError as e:
            raise InputError(where, f"not valid JSON ({e.msg})") from None
        if not isinstance(entry, dict):
            raise InputError(where, 'each line must be an object: {"story": …, "sources": [...]}')
        unknown = sorted(set(entry) - set(JSONL_KEYS))
        if unknown:
            raise InputError(where, f"unknown key {unknown[0]!r}; a line has story, sources and article")
        story = _named(path, line, entry.get("story"))
        sources = entry.get("sources")
        if not isinstance(sources, list) or not sources:
            raise InputError(where, f'story {story!r} needs "sources": a list of one thread or more')
        if not all(isinstance(s, str) and s.strip() for s in sources):
            raise InputError(
                where, "every source must be a file name, a URL or an HN id (a non-empty string)"
            )
        article = entry.get("article")
        if article is not None and not (isinstance(article, str) and article.strip()):
            raise InputError(where, "the article must be a file name or a URL")
        rows.append((line, story, [s.strip() for s in sources], article.strip() if article else None))
    return rows


def _named(path: Path, line: int, story: Any) -> str:
    if not isinstance(story, str) or not story.strip():
        raise InputError(f"{path}:{line}", "no story named (the story column or key is empty)")
    return " ".join(story.split())
