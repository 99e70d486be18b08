"""What runs on a Dask worker: read one thread, digest it, write its JSON atomically, report a summary.

Everything here is a plain module-level function so Dask can pickle it by reference. Models are not passed
around: the analysis keeps each embedding model per process, so a worker loads it on its first thread and
reuses it for every later one (``embedder_loads`` in each result, from ``pipeline.embedder_loads``, lets
the driver check that). Threads are read and digested through the pipeline, as on the command line.
"""

from __future__ import annotations

import json
import os
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..atomic import write_text_atomic
from ..model import Thread
from .plan import WorkItem

DigestFn = Callable[[Thread, str], "dict[str, Any] | tuple[dict[str, Any], str]"]
"""``(thread, embedder) -> JSON dict`` or ``(JSON dict, HTML page)``."""
# The embedder keeps every text it has embedded; across thousands of threads that is a slow leak, so a
# worker empties it past this many texts (a thread's own texts are embedded in one call, so nothing is lost).
EMBED_CACHE_LIMIT = 200_000


def read_item(item: WorkItem) -> Thread:
    """The thread a work item names, through the pipeline's load stage; a story's threads combined into one
    as ``threadline digest A B`` combines them."""
    from ..pipeline import prepare, prepare_several

    if item.kind == "story":
        return prepare_several(list(item.sources), item.article)
    return prepare(item.path, source_options={"kind": "dump"} if item.kind == "dump" else None)


def real_digest(thread: Thread, embedder: str) -> tuple[dict[str, Any], str]:
    """The whole pipeline on one thread: the JSON contract's dict and the HTML page."""
    from ..pipeline import digest
    from ..render.json import digest_to_dict

    result = digest(thread, embedder=embedder)
    return digest_to_dict(result), result.html


def summary_of(key: str, data: dict[str, Any], output: str) -> dict[str, Any]:
    """The index row of a digested thread, read from its JSON."""
    source = data.get("source") or {}
    stats = data.get("stats") or {}
    batch = data.get("batch") or {}
    by_source = stats.get("by_source") or {}
    return {
        "key": key,
        "story": batch.get("story"),
        "thread": batch.get("thread_id"),
        "title": source.get("title"),
        "comments": stats.get("comments", source.get("seen_comments")),
        "themes": len(data.get("themes") or []),
        "sources": [  # a story's threads: each one's label, platform and counts
            {
                "label": s["label"],
                "kind": s.get("kind"),
                "comments": s.get("seen_comments"),
                "analyzed": (by_source.get(s["label"]) or {}).get("analyzed"),
            }
            for s in data.get("sources") or []
        ],
        "status": "ok",
        "error": None,
        "output": output,
        "input": batch.get("input"),
    }


def digest_item(
    item: WorkItem, out_dir: str, embedder: str, run_id: str, digest_fn: DigestFn | None = None
) -> dict[str, Any]:
    """Digest one thread and write ``threads/<key>.json``; never raises for a bad thread, reports it."""
    started = time.perf_counter()
    output = f"threads/{item.key}.json"
    thread_id: str | None = None
    done = Path(out_dir) / output
    if done.exists():
        # Another run got here first (a task still running on a shared cluster when its client was killed).
        result = summary_of(item.key, json.loads(done.read_text(encoding="utf-8")), output)
        return {**result, "already_done": True, "seconds": 0.0, "worker_pid": os.getpid()}
    try:
        thread = read_item(item)
        thread_id = None if item.kind == "story" else thread.post_id or item.key  # a story is several
        made = (digest_fn or real_digest)(thread, embedder)
        data, page = made if isinstance(made, tuple) else (made, None)
        data["batch"] = {
            "key": item.key,
            **({"story": item.story} if item.story is not None else {}),
            "thread_id": thread_id,
            "input": item.origin,
            "run": run_id,
            "digested_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "seconds": round(time.perf_counter() - started, 3),
        }
        if page is not None:
            write_text_atomic(Path(out_dir) / "threads" / f"{item.key}.html", page)
        # The JSON goes last: its presence is what marks the thread done for a rerun.
        write_text_atomic(Path(out_dir) / output, json.dumps(data, ensure_ascii=False))
        result = summary_of(item.key, data, output)
    except Exception as e:  # one bad thread must not stop the batch; the driver records why
        result = {
            "key": item.key, "story": item.story, "thread": thread_id, "title": None, "comments": None,
            "themes": None, "sources": [],
            "status": "failed", "error": f"{type(e).__name__}: {e}", "output": None, "input": item.origin,
            "traceback": traceback.format_exc(limit=6),
        }  # fmt: skip
    result["seconds"] = round(time.perf_counter() - started, 3)
    result["worker_pid"] = os.getpid()
    result["embedder_loads"] = _embedder_loads(embedder, trim=digest_fn is None)
    return result


def _embedder_loads(name: str, trim: bool) -> int | None:
    """How many models this process has loaded so far (1 on a healthy worker), and trim the text cache.

    The embedder bounds its cache itself; a worker keeps it smaller still, since threads rarely share texts.
    """
    from ..pipeline import embedder_loads, trim_embedder

    loads = embedder_loads()
    if loads and trim:  # only then is `name` already loaded: trimming it loads nothing
        trim_embedder(name, EMBED_CACHE_LIMIT)
    return loads
