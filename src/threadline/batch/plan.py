"""What a batch has to do: the threads in its inputs, each with a stable key naming its output file.

Thread files are digested as they are; dump files are split by thread on disk first (``partition``), so a
dump larger than memory never has to be held whole: each record goes to one of N bucket files by a hash of
its thread id, then each bucket (a small fraction of the dump) is grouped in memory and every thread written
out as its own small dump file, ready for a worker.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import resource
import shutil
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..atomic import write_bytes_atomic, write_text_atomic
from ..errors import InputError
from ..sources.dump import Problem, classify, head_of, looks_like_dump, read_records
from .manifest import read_manifest, story_slug

THREAD_SUFFIXES = {".json", ".jsonl", ".ndjson", ".csv", ".zst", ".gz", ".txt"}
BUCKET_BYTES = 64 << 20  # what one bucket may hold, uncompressed, before grouping it in memory
LOGGED_PROBLEMS = 20  # per dump file; all are counted in the summary
ZSTD_RATIO = 8  # the archives compress about this much; used only to size the buckets
Log = Callable[[str], None]


@dataclass
class WorkItem:
    """One digest to make: of a thread file, of a per-thread dump file cut out of the inputs, or of a
    manifest's story (its threads digested together)."""

    key: str  # names the output file: threads/<key>.json
    kind: str  # "file", "dump" or "story"
    path: str  # what the worker reads (a story: its manifest)
    origin: str  # the input the user named (for the index; a story: the manifest's lines)
    story: str | None = None  # a story's name, as the manifest gives it
    sources: list[str] = field(default_factory=list)  # a story's threads: files, folders, URLs, HN ids
    article: str | None = None  # a story's article, if the manifest gives one


@dataclass
class Plan:
    files: list[WorkItem] = field(default_factory=list)
    dumps: list[Path] = field(default_factory=list)


def safe_key(name: str) -> str:
    """A name usable as a file name on any system."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._")[:120] or "thread"


def discover(inputs: list[str], out_dir: Path, manifests: list[str] | None = None) -> Plan:
    """Sort the inputs into thread files and dump files (folders are searched recursively), and add a work
    item for each story of the ``manifests``, named after the story."""
    plan = Plan()
    out = out_dir.resolve()
    for name in inputs:
        path = Path(name)
        if not path.exists():
            raise InputError(name, "no such file or folder")
        candidates = [path] if path.is_file() else _folder_files(path, out)
        for candidate in candidates:
            if candidate.is_file() and looks_like_dump(head_of(candidate)):
                plan.dumps.append(candidate)
            else:
                plan.files.append(WorkItem("", "file", str(candidate), str(candidate)))
    taken: set[str] = set()
    for item in plan.files:
        item.key = _unique(safe_key(_stem(Path(item.path))), taken)
    for name in manifests or []:
        for story in read_manifest(Path(name)):
            key = _unique(story_slug(story.name), taken)
            origin = story.where(Path(name))
            plan.files.append(WorkItem(key, "story", name, origin, story.name, story.sources, story.article))
    return plan


def _folder_files(folder: Path, out: Path) -> list[Path]:
    """Thread files under ``folder``; a Polis export (a folder with comments.csv) is one thread."""
    if (folder / "comments.csv").is_file():
        return [folder]
    found = []
    for p in sorted(folder.iterdir()):
        if p.name.startswith(".") or p.resolve().is_relative_to(out):
            continue
        if p.is_dir():
            found += _folder_files(p, out)
        elif p.is_file() and p.suffix.lower() in THREAD_SUFFIXES:
            found.append(p)
    return found


def _stem(path: Path) -> str:
    """A file's name without its thread suffixes (``a.json.gz`` → ``a``); a folder's name as it is."""
    name = path.name
    while path.is_file() and Path(name).suffix.lower() in THREAD_SUFFIXES:
        name = Path(name).stem
    return name


def _unique(key: str, taken: set[str]) -> str:
    candidate, n = key, 1
    while candidate in taken:
        n += 1
        candidate = f"{key}-{n}"
    taken.add(candidate)
    return candidate


def dump_key(thread_id: str) -> str:
    # Prefixed so a dump thread never collides with a thread file named after its post id.
    return "reddit-" + safe_key(thread_id)


# --- partitioning dumps -----------------------------------------------------------------------------------


def fingerprint(dumps: list[Path]) -> str:
    """Changes when any dump file changes, so a stale partition is never reused."""
    h = hashlib.sha256()
    for p in dumps:
        st = p.stat()
        h.update(f"{p.resolve()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:16]


def bucket_count(dumps: list[Path]) -> int:
    estimate = sum(p.stat().st_size * (ZSTD_RATIO if p.suffix == ".zst" else 1) for p in dumps)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        soft = hard
    return max(1, min(math.ceil(estimate / BUCKET_BYTES), 4096, soft - 64))


class Partition:
    """Dump records split by thread into bucket files under ``work``, reusable by a rerun."""

    def __init__(self, dumps: list[Path], work: Path, log: Log):
        self.dumps = dumps
        self.root = work / fingerprint(dumps)
        self.log = log
        self.problems: list[Problem] = []
        self.records = 0

    @property
    def marker(self) -> Path:
        return self.root / "partitioned.json"

    def buckets(self) -> list[Path]:
        return sorted(self.root.glob("bucket-*.ndjson"))

    def run(self) -> None:
        """Split the dumps (or reuse a finished split of the very same files)."""
        if self.marker.exists():
            done = json.loads(self.marker.read_text(encoding="utf-8"))
            self.problems = [Problem(**p) for p in done["problems"]]
            self.records = done["records"]
            self.log(f"reusing the split of {len(self.dumps)} dump file(s) from an earlier run")
            return
        if self.root.parent.exists():
            shutil.rmtree(self.root.parent)  # an unfinished split, or one of other inputs
        self.root.mkdir(parents=True)
        n = bucket_count(self.dumps)
        outs: dict[int, IO[bytes]] = {}
        try:
            for source, dump in enumerate(self.dumps):
                self._split(dump, source, n, outs)
        finally:
            for f in outs.values():
                f.close()
        state = {"records": self.records, "problems": [vars(p) for p in self.problems], "buckets": n}
        write_text_atomic(self.marker, json.dumps(state))

    def _split(self, dump: Path, source: int, n: int, outs: dict[int, IO[bytes]]) -> None:
        self.log(f"splitting {dump} by thread")
        before = len(self.problems)
        for record in read_records(dump, self.problems):
            b = zlib.crc32(record.thread_id.encode()) % n
            if b not in outs:
                outs[b] = open(self.root / f"bucket-{b:04d}.ndjson", "wb", buffering=1 << 16)  # noqa: SIM115
            outs[b].write(json.dumps({"s": source, "r": record.data}, ensure_ascii=False).encode() + b"\n")
            self.records += 1
            if self.records % 1_000_000 == 0:
                self.log(f"  {self.records:,} records split")
        found = self.problems[before:]
        for p in found[:LOGGED_PROBLEMS]:
            self.log(f"skipped malformed line: {p}")
        if len(found) > LOGGED_PROBLEMS:
            self.log(f"... and {len(found) - LOGGED_PROBLEMS} more malformed line(s) in {dump}")

    def threads(self, is_done: Callable[[str], bool]) -> Iterator[tuple[WorkItem | None, str, int]]:
        """Each thread as (work item, or None when done, key, comments); one bucket in memory at a time."""
        folder = self.root / "threads"
        folder.mkdir(exist_ok=True)
        for bucket in self.buckets():
            for thread_id, (origins, lines, comments) in sorted(_group_bucket(bucket).items()):
                key = dump_key(thread_id)
                if not comments or is_done(key):
                    yield None, key, comments
                    continue
                path = write_bytes_atomic(folder / f"{key}.ndjson", b"".join(lines))
                origin = ", ".join(str(self.dumps[i]) for i in sorted(origins))
                yield WorkItem(key, "dump", str(path), origin), key, comments

    def remove(self) -> None:
        shutil.rmtree(self.root.parent, ignore_errors=True)


def _group_bucket(bucket: Path) -> dict[str, tuple[set[int], list[bytes], int]]:
    groups: dict[str, tuple[set[int], list[bytes], int]] = {}
    with open(bucket, "rb") as f:
        for line in f:
            entry: dict[str, Any] = json.loads(line)
            record = classify(entry["r"])
            assert not isinstance(record, str), "bucket files hold only records that classified"
            origins, lines, comments = groups.get(record.thread_id, (set(), [], 0))
            origins.add(entry["s"])
            encoded = json.dumps(entry["r"], ensure_ascii=False).encode() + b"\n"
            # Submission first, so a per-thread file reads like the archives' own order.
            if record.kind == "submission":
                lines.insert(0, encoded)
            else:
                lines.append(encoded)
                comments += 1
            groups[record.thread_id] = (origins, lines, comments)
    return groups
