"""Many threads on Dask: ``run_batch`` digests thread files, folders of them and Reddit dump files, and the
stories of manifests (several threads of one story, digested together; see ``manifest``).

Layout of ``out_dir``::

    threads/<key>.json   one digest per thread or story (the JSON contract, plus a "batch" block), written
                         atomically; a story's key is its name, slugged
    index.jsonl          a row per digest: key, story, thread, title, comments, themes, sources, status,
                         error, output, page, input
    index.html           the same as a page
    .work/               dumps split by thread (removed when a run completes)
    .lock                held while a run is going

Resumable: a thread whose JSON exists is skipped, so a run that was killed (even with SIGKILL) and started
again digests each thread exactly once; a thread that fails is recorded with its error and retried by the
next run. Progress goes to stderr (or to ``log``).
"""

from __future__ import annotations

import fcntl
import json
import logging
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import MissingDependencyError, UsageError
from .index import read_index, write_index
from .plan import Log, Partition, WorkItem, discover
from .worker import DigestFn, digest_item, summary_of

__all__ = ["run_batch"]

MAX_PROBLEMS_LISTED = 50


def _stderr(message: str) -> None:
    print(f"threadline batch: {message}", file=sys.stderr, flush=True)


@contextmanager
def _lock(out: Path) -> Iterator[None]:
    """One run per output folder; the OS drops the lock when the process dies, even by SIGKILL."""
    out.mkdir(parents=True, exist_ok=True)
    with open(out / ".lock", "w") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UsageError(f"{out}: another threadline batch is writing here") from None
        yield


def _remove_partial_files(out: Path) -> int:
    """Temporary files a killed run left behind (``atomic`` names them ``.<name>.<random>.tmp``)."""
    stale = [*out.glob(".*.tmp"), *(out / "threads").glob(".*.tmp")]
    for p in stale:
        p.unlink(missing_ok=True)
    return len(stale)


@contextmanager
def _quiet_dask() -> Iterator[None]:
    """Dask logs every connection at INFO; a batch's own progress lines are what a user needs to see."""
    logger = logging.getLogger("distributed")
    level = logger.level
    if not logging.getLogger("threadline").isEnabledFor(logging.INFO):
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


@contextmanager
def _client(workers: int, scheduler: str | None) -> Iterator[Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise MissingDependencyError("dask[distributed]", "batch") from None
    if scheduler:
        with _quiet_dask(), Client(scheduler, timeout="30s") as client:
            yield client
        return
    if workers < 1:
        raise UsageError(f"--workers must be at least 1, got {workers}")
    # Processes with one thread each: the models are not thread-safe to share, and the GIL would serialise
    # the pure-Python stages anyway. Worker processes exit on their own when this process dies.
    with (
        _quiet_dask(),
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


class Runner:
    """Feeds work items to the cluster, a bounded number in flight, and collects their results."""

    def __init__(self, client: Any, out: Path, embedder: str, digest_fn: DigestFn | None, log: Log):
        self.client, self.out, self.embedder, self.digest_fn, self.log = client, out, embedder, digest_fn, log
        self.run_id = uuid.uuid4().hex[:12]
        workers = max(1, sum(client.nthreads().values()))
        self.window = 2 * workers + 2
        self.inflight: dict[Any, WorkItem] = {}
        self.results: list[dict[str, Any]] = []
        self.submitted = 0

    def submit(self, item: WorkItem) -> None:
        while len(self.inflight) >= self.window:
            self._collect(wait_all=False)
        future = self.client.submit(
            digest_item, item, str(self.out), self.embedder, self.run_id, self.digest_fn,
            key=f"threadline-{item.key}-{self.run_id}", pure=False, retries=0,
        )  # fmt: skip
        self.inflight[future] = item
        self.submitted += 1

    def drain(self) -> None:
        while self.inflight:
            self._collect(wait_all=False)

    def _collect(self, wait_all: bool) -> None:
        from distributed import wait

        done = wait(list(self.inflight), return_when="ALL_COMPLETED" if wait_all else "FIRST_COMPLETED").done
        for future in done:
            item = self.inflight.pop(future)
            self._record(item, future)

    def _record(self, item: WorkItem, future: Any) -> None:
        if future.status == "finished":
            result = future.result()
        else:  # the worker died under it (out of memory, killed): record, carry on
            error = future.exception()
            result = {"key": item.key, "status": "failed", "error": f"{type(error).__name__}: {error}",
                      "output": None, "input": item.origin}  # fmt: skip
        future.release()
        self.results.append(result)
        what = (
            f"{result.get('comments')} comments, {result.get('themes')} themes"
            if result["status"] == "ok"
            else result["error"]
        )
        seconds = result.get("seconds")
        took = f" ({seconds:.1f}s)" if isinstance(seconds, float | int) else ""
        self.log(f"[{len(self.results)}/{self.submitted}] {result['status']} {item.key}: {what}{took}")


def _earlier_rows(out: Path) -> dict[str, dict[str, Any]]:
    return {r["key"]: r for r in read_index(out) if r.get("status") == "ok"}


def _skipped_row(key: str, out: Path, earlier: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The index row of a thread finished by an earlier run (from the old index, else from its JSON)."""
    output = f"threads/{key}.json"
    if key in earlier and earlier[key].get("output") == output:
        return dict(earlier[key])
    return summary_of(key, json.loads((out / output).read_text(encoding="utf-8")), output)


def run_batch(
    inputs: list[str],
    out_dir: str,
    *,
    manifests: list[str] | None = None,
    workers: int = 2,
    scheduler: str | None = None,
    embedder: str = "quality",
    digest_fn: DigestFn | None = None,
    log: Log | None = None,
) -> dict[str, Any]:
    """Digest every thread in ``inputs`` (thread files, folders, Reddit dumps), and every story of the
    ``manifests`` (its threads as one digest), into ``out_dir``.

    Returns a summary: counts of threads, digested, skipped (done earlier), failed, malformed dump lines, the
    problems found, and per-worker model loads. ``digest_fn(thread, embedder) -> dict`` replaces the
    pipeline (tests of the machinery); it must be importable by the workers.

    >>> run_batch(["RC_2024-01.zst"], "out", workers=2, embedder="fast")   # doctest: +SKIP
    >>> run_batch([], "out", manifests=["stories.csv"])                    # doctest: +SKIP
    """
    say = log or _stderr
    out = Path(out_dir)
    started = time.perf_counter()
    with _lock(out):
        removed = _remove_partial_files(out)
        if removed:
            say(f"removed {removed} partial file(s) left by an interrupted run")
        plan = discover(inputs, out, manifests)
        if not plan.files and not plan.dumps:
            raise UsageError(f"no thread or dump files found in {', '.join(inputs) or 'the inputs'}")
        earlier = _earlier_rows(out)
        rows: list[dict[str, Any]] = []
        partition = Partition(plan.dumps, out / ".work", say) if plan.dumps else None
        no_comments = 0
        with _client(workers, scheduler) as client:
            where = client.scheduler.address
            say(f"cluster: {len(client.nthreads())} worker(s), scheduler {where}; writing to {out}")
            runner = Runner(client, out, embedder, digest_fn, say)

            def is_done(key: str) -> bool:
                return (out / "threads" / f"{key}.json").exists()

            for item in plan.files:
                if is_done(item.key):
                    rows.append(_skipped_row(item.key, out, earlier))
                else:
                    runner.submit(item)
            if partition is not None:
                partition.run()
                for work, key, comments in partition.threads(is_done):
                    if work is not None:
                        runner.submit(work)
                    elif comments:
                        rows.append(_skipped_row(key, out, earlier))
                    else:
                        no_comments += 1  # a submission whose comments are not in these dumps
            runner.drain()
            loads = _worker_loads(runner.results)
        rows.extend(runner.results)
        problems = partition.problems if partition else []
        digested = sum(r["status"] == "ok" and not r.get("already_done") for r in runner.results)
        summary: dict[str, Any] = {
            "threads": len(rows),
            "digested": digested,
            "skipped": sum(r["status"] == "ok" for r in rows) - digested,
            "failed": sum(r["status"] != "ok" for r in rows),
            "submissions_without_comments": no_comments,
            "malformed_lines": len(problems),
            "problems": [str(p) for p in problems[:MAX_PROBLEMS_LISTED]],
            "embedder": embedder,
            "worker_model_loads": loads,
            "seconds": round(time.perf_counter() - started, 1),
        }
        index, page = write_index(out, rows, summary)
        summary.update(index=str(index), html=str(page), out=str(out))
        if partition is not None:
            partition.remove()
    say(
        f"done: {summary['digested']} digested, {summary['skipped']} already done, "
        f"{summary['failed']} failed in {summary['seconds']}s; index at {summary['index']}"
    )
    return summary


def _worker_loads(results: list[dict[str, Any]]) -> dict[str, int | None]:
    """Per worker process: how many models it had loaded by its last thread (1 when loaded once)."""
    loads: dict[str, int | None] = {}
    for r in results:
        if "worker_pid" in r:
            pid = str(r["worker_pid"])
            loads[pid] = max(loads.get(pid) or 0, r.get("embedder_loads") or 0)
    return loads
