"""Background digests: a thread pool runs each job, reports progress to the store, records the outcome.

The pages never wait for a job; they read its row. A job that fails records the ``ThreadlineError`` text
(an unexpected exception is logged with its traceback and shown as a one-line notice instead).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError, ThreadlineError
from ..model import Analysis, Article, Digest, Thread
from ..serialize import dumps
from .store import RenderRow, Store
from .wording import in_form_words

log = logging.getLogger("threadline.web")

INTERNAL_ERROR = "an unexpected error stopped this digest; the server log has the details"

DigestFn = Callable[..., Digest]
"""``digest(thread, article, *, style, writer, writer_options, progress) -> Digest`` (``threadline.digest``'s
shape)."""
RewriteFn = Callable[..., Digest]
"""``rewrite(thread, analysis, style, *, writer, writer_options) -> Digest``: write and verify again, no new
analysis."""


@dataclass
class Limits:
    """What one request or job may ask of the server."""

    max_upload_bytes: int = 10_000_000
    max_comments: int = 20_000
    max_active_jobs: int = 40  # queued + running; more are refused with 503
    workers: int = 2
    max_requests: int = 30  # Reddit `more` expansion budget for a live fetch


def real_digest(thread: Thread, article: Article | None, **options: Any) -> Digest:
    from ..pipeline import digest

    return digest(thread, article, **options)


def real_rewrite(thread: Thread, analysis: Analysis, style: str, **options: Any) -> Digest:
    from ..pipeline import rewrite

    return rewrite(thread, analysis, style, **options)


@dataclass
class JobRequest:
    """What to digest: one discussion or several of one story, each an already loaded thread (an upload) or
    a URL to fetch in the job."""

    label: str
    style: str
    writer: str = "template"
    # The operator's LLM settings (never a visitor's URL), when the writer is "llm".
    writer_options: dict[str, Any] = field(default_factory=dict)
    sources: list[Thread | str] = field(default_factory=list)
    article: Article | None = None
    article_url: str | None = None
    source_options: dict[str, Any] = field(default_factory=dict)
    title: str | None = None  # what to call the discussion; None: the thread's own title, else the article's


class ThreadTooLarge(InputError):
    """A thread with more comments than the server's limit."""


def check_thread_size(threads: Thread | list[Thread], where: str, limits: Limits) -> None:
    """Refuse a thread, or several digested together, with more comments in all than the server takes."""
    several = threads if isinstance(threads, list) else [p.thread for p in threads.parts] or [threads]
    seen = sum(t.seen_comments for t in several)
    if seen > limits.max_comments:
        what = "the thread has" if len(several) == 1 else f"the {len(several)} threads have"
        raise ThreadTooLarge(
            where,
            f"{what} {seen:,} comments{' together' if len(several) > 1 else ''}; this server digests at most "
            f"{limits.max_comments:,} (run `threadline digest` on the command line for bigger ones)",
        )


def source_rows(d: Digest) -> list[dict[str, Any]]:
    """Each discussion of a digest of several: its label, platform, place, address and counts (none for
    one discussion, whose row already says all that)."""
    from ..sources.combine import place_name

    parts = d.thread.parts
    return [
        {
            "label": p.label,
            "kind": p.thread.source,
            "where": place_name(p, parts),
            "title": p.thread.title,
            "url": p.thread.url,
            "comments": p.thread.seen_comments,
            "analyzed": d.analysis.by_source[p.label].analyzed if p.label in d.analysis.by_source else None,
        }
        for p in parts
    ]


def digest_meta(label: str, d: Digest) -> dict[str, Any]:
    """The columns the history lists, taken from a finished digest."""
    return {
        "label": label,
        "title": d.thread.title or (d.thread.article.title if d.thread.article else None),
        "source_kind": d.thread.source,
        "source_url": d.thread.url,
        "comments": d.thread.seen_comments,
        "analyzed": d.analysis.stats.analyzed,
        "themes": len(d.analysis.themes),
        "sources": source_rows(d),
    }


def render_row(d: Digest) -> RenderRow:
    return RenderRow(style=d.text.style, writer=d.text.writer, text=dumps(d.text), checks=dumps(d.checks))


class JobRunner:
    """Runs digests on a few worker threads; every outcome lands in the store."""

    def __init__(self, store: Store, limits: Limits, digest_fn: DigestFn):
        self.store = store
        self.limits = limits
        self.digest_fn = digest_fn
        self.pool = ThreadPoolExecutor(max_workers=limits.workers, thread_name_prefix="threadline-job")
        self._futures: dict[str, Future[None]] = {}
        self._lock = threading.Lock()

    def submit(self, request: JobRequest) -> str:
        job_id = self.store.create_job(request.label, request.style, request.writer)
        future = self.pool.submit(self._run, job_id, request)
        with self._lock:
            self._futures[job_id] = future
        future.add_done_callback(lambda _: self._forget(job_id))
        return job_id

    def wait(self, job_id: str, timeout: float | None = None) -> None:
        """Block until the job has finished (for tests and scripts; the pages never wait)."""
        with self._lock:
            future = self._futures.get(job_id)
        if future is not None:
            future.result(timeout)

    def _forget(self, job_id: str) -> None:
        with self._lock:
            self._futures.pop(job_id, None)

    def shutdown(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)

    def _run(self, job_id: str, request: JobRequest) -> None:
        try:
            result = self._digest(job_id, request)
            self.store.finish_job(
                job_id,
                digest_meta(request.label, result),
                dumps(result.thread),
                dumps(result.analysis),
                render_row(result),
            )
        except ThreadlineError as e:
            log.info("job %s failed: %s", job_id, e)
            self._fail(job_id, in_form_words(str(e)))
        except Exception:
            log.exception("job %s crashed", job_id)
            self._fail(job_id, INTERNAL_ERROR)

    def _fail(self, job_id: str, message: str) -> None:
        try:
            self.store.fail_job(job_id, message)
        except Exception:  # the database itself is failing: nothing more to record
            log.exception("could not record the failure of job %s", job_id)

    def _digest(self, job_id: str, request: JobRequest) -> Digest:
        from ..pipeline import prepare_several

        def progress(stage: str, fraction: float) -> None:
            self.store.update_progress(job_id, stage, fraction)

        progress("fetch", 0.0)
        # Loaded here through the pipeline's own load stage (the one the command line's several sources go
        # through; one source is loaded as ever), so a thread too big for this server is refused before its
        # analysis is queued; a fetched link post brings its article as on the command line.
        thread = prepare_several(
            request.sources,
            request.article or request.article_url,
            title=request.title,
            source_options={"allow_private": False, "max_requests": self.limits.max_requests}
            | request.source_options,
        )
        fetched = [s for s in request.sources if isinstance(s, str)]
        if fetched:
            check_thread_size(
                thread, fetched[0] if len(request.sources) == 1 else "these threads", self.limits
            )
        return self.digest_fn(
            thread,
            None,
            style=request.style,
            writer=request.writer,
            writer_options=request.writer_options,
            progress=progress,
        )
