"""Turns what the form (or an API client) sent into a ``JobRequest``, or says clearly why it can't.

Uploads are read here, inside the request, so a bad file or an oversized thread is answered at once
(422 / 413) instead of becoming a failed job; URLs are checked here and fetched in the job.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from ..errors import ThreadlineError, UsageError
from ..model import Thread
from ..render.titles import discussion_title
from .jobs import JobRequest, Limits, ThreadTooLarge, check_thread_size
from .safety import megabytes, url_problem
from .writers import LLMSettings, writer_options, writer_problem

STYLES = ("post", "report")
COLUMNS = ("id", "parent", "author", "text", "score", "time")
MAX_TITLE = 300  # a title is a line, not a document
# Discussions of one story digested together. A story is rarely discussed in more places worth reading, and
# each URL costs its own fetch (with its own Reddit request budget) inside one job.
MAX_SOURCES = 5


class SubmitError(Exception):
    """A submission the server refuses: the HTTP status and a message for the person who sent it."""

    def __init__(self, status: int, message: str):
        self.status = status
        self.message = message
        super().__init__(message)


@dataclass
class Upload:
    """An uploaded file as the route received it."""

    filename: str
    file: BinaryIO


def safe_filename(name: str | None, default: str) -> str:
    """The upload's base name with only harmless characters; the extension is what sources sniff."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", base).lstrip(".")[:100]
    return base or default


def build_request(
    *,
    urls: list[str],
    article_url: str,
    style: str,
    uploads: list[Upload],
    article_upload: Upload | None,
    columns: dict[str, str],
    limits: Limits,
    writer: str = "template",
    llm: LLMSettings | None = None,
    title: str = "",
) -> JobRequest:
    """Validate a submission and load its uploads; raises ``SubmitError``.

    ``urls`` and ``uploads`` are the discussions, mixed as the visitor likes: one is digested as it always
    was, several (one story discussed in several places) as one digest over all of them.
    """
    urls = [u.strip() for u in urls if u.strip()]
    article_url, title = article_url.strip(), " ".join(title.split())
    if len(title) > MAX_TITLE:
        raise SubmitError(422, f"the title is {len(title)} characters long; at most {MAX_TITLE}, please")
    if style not in STYLES:
        raise SubmitError(422, f"unknown style {style!r}; choose post or report")
    problem = writer_problem(writer, llm)
    if problem:
        raise SubmitError(422, problem)
    given = len(urls) + len(uploads)
    if not given:
        raise SubmitError(422, "give either a thread URL or a thread file to upload (or several of them)")
    if given > MAX_SOURCES:
        raise SubmitError(
            422, f"{given} discussions given; this server digests at most {MAX_SOURCES} together"
        )
    options: dict[str, Any] = {"columns": columns} if columns else {}
    request = JobRequest(
        label="",
        style=style,
        writer=writer,
        writer_options=writer_options(writer, llm),
        source_options=options,
        title=title or None,
    )
    if article_url:
        _check_url(article_url, "article URL")
        request.article_url = article_url
    request.sources = [*_thread_urls(urls), *_load_uploads(uploads, options, limits)]
    if article_upload:
        with tempfile.TemporaryDirectory(prefix="threadline-upload-") as tmp:
            request.article = _load_article_upload(article_upload, Path(tmp), limits)
    request.label = title or _label(request)
    return request


def _label(request: JobRequest) -> str:
    """What the job is called until its digest names itself: each discussion's title, else its address."""
    # Never an upload's file name: a table has no title of its own, and "comments.csv" names no discussion.
    article_title = request.article.title if request.article else None
    names = [
        s if isinstance(s, str) else s.title or article_title or discussion_title(s) for s in request.sources
    ]
    return " + ".join(dict.fromkeys(names))


def _thread_urls(urls: list[str]) -> list[str]:
    """Each thread URL checked; with several, an error says which one (the 2nd of 3) was wrong."""
    checked: list[str] = []
    for n, url in enumerate(urls, 1):
        try:
            checked.append(_thread_url(url))
        except SubmitError as e:
            if len(urls) == 1:
                raise
            raise SubmitError(e.status, f"thread URL {n} of {len(urls)}: {e.message}") from None
    twice = [u for u in dict.fromkeys(checked) if checked.count(u) > 1]
    if twice:
        raise SubmitError(422, f"the same thread URL is given twice ({twice[0]}): each counts once")
    return checked


def _load_uploads(uploads: list[Upload], options: dict[str, Any], limits: Limits) -> list[Thread]:
    """The uploaded threads, each checked on its own, then all together against the server's limit."""
    threads: list[Thread] = []
    digests: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="threadline-upload-") as tmp:
        for n, upload in enumerate(uploads, 1):
            # Each in a folder of its own: two uploads may share a name (comments.csv from two exports).
            folder = Path(tmp) / str(n)
            folder.mkdir()
            path, sha = _save(upload, folder, "thread.json", limits)
            if sha in digests:
                raise SubmitError(422, f"{path.name} is the same file as {digests[sha]}: each counts once")
            digests[sha] = path.name
            threads.append(_load_upload(path, folder, options, limits))
    if len(threads) > 1:
        try:
            check_thread_size(threads, "the uploaded threads", limits)
        except ThreadTooLarge as e:
            raise SubmitError(413, str(e)) from None
    return threads


def _check_url(url: str, what: str) -> None:
    if not re.match(r"^https?://", url, re.I):
        raise SubmitError(422, f"the {what} must start with http:// or https:// (got {url[:200]!r})")
    problem = url_problem(url)
    if problem:
        raise SubmitError(422, problem)


def _thread_url(url: str) -> str:
    """A Reddit/HN URL, or an HN item id turned into its URL; never a path on the server.

    Its host, and the host the job will fetch the thread from, must resolve (to public addresses): an
    offline machine is told so here rather than by a job that fails later.
    """
    if url.isdigit():
        url = f"https://news.ycombinator.com/item?id={url}"
    _check_url(url, "thread URL")  # the address first: a private host is refused as such
    from ..sources import pick_source

    try:
        source = pick_source(url)
    except ThreadlineError as e:
        raise SubmitError(422, str(e)) from None
    fetched_from = _fetched_from(source.name)
    if fetched_from and urlsplit(fetched_from).hostname != urlsplit(url).hostname:
        _check_url(fetched_from, "thread URL")
    return url


def _fetched_from(source: str) -> str | None:
    """Where a job fetches a thread of ``source`` from (Reddit's API host, HN's Algolia), when it fetches."""
    from ..sources import hackernews, reddit

    return {"reddit": reddit.BASE, "hackernews": hackernews.ALGOLIA_ITEMS}.get(source)


def _save(upload: Upload, folder: Path, default: str, limits: Limits) -> tuple[Path, str]:
    """The upload written to ``folder``, and its SHA-256 (two uploads of one file are one discussion)."""
    path = folder / safe_filename(upload.filename, default)
    size = 0
    sha = hashlib.sha256()
    with open(path, "wb") as out:
        while chunk := upload.file.read(1 << 20):
            size += len(chunk)
            sha.update(chunk)
            if size > limits.max_upload_bytes:
                limit = megabytes(limits.max_upload_bytes)
                raise SubmitError(413, f"{path.name}: the file is larger than this server's {limit} limit")
            out.write(chunk)
    if size == 0:
        raise SubmitError(422, f"{path.name}: the uploaded file is empty")
    return path, sha.hexdigest()


def _load_upload(path: Path, folder: Path, options: dict[str, Any], limits: Limits) -> Thread:
    from ..sources import load

    try:
        thread = load(str(path), **options)
        check_thread_size(thread, path.name, limits)
    except UsageError as e:
        raise SubmitError(422, str(e)) from None
    except ThreadlineError as e:
        # The message names the temporary path; the user knows the file by its own name.
        status = 413 if isinstance(e, ThreadTooLarge) else 422
        raise SubmitError(status, str(e).replace(str(path), path.name)) from None
    _forget_temporary_folder(thread, folder)
    return thread


def _forget_temporary_folder(thread: Any, folder: Path) -> None:
    """Sources that note a thread's folder (Polis) would note the upload's temporary one."""
    for key, value in list(thread.extra.items()):
        if isinstance(value, str) and str(folder) in value:
            thread.extra[key] = value.replace(str(folder), "upload")


def _load_article_upload(upload: Upload, folder: Path, limits: Limits) -> Any:
    from ..sources import load_article

    path, _ = _save(upload, folder, "article.html", limits)
    try:
        return load_article(str(path))
    except ThreadlineError as e:
        raise SubmitError(422, str(e).replace(str(path), path.name)) from None
