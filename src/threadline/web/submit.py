"""Turns what the form (or an API client) sent into a ``JobRequest``, or says clearly why it can't.

Uploads are read here, inside the request, so a bad file or an oversized thread is answered at once
(422 / 413) instead of becoming a failed job; URLs are checked here and fetched in the job.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from ..errors import ThreadlineError, UsageError
from ..render.titles import discussion_title
from .jobs import JobRequest, Limits, ThreadTooLarge, check_thread_size
from .safety import megabytes, url_problem
from .writers import LLMSettings, writer_options, writer_problem

STYLES = ("post", "report")
COLUMNS = ("id", "parent", "author", "text", "score", "time")
MAX_TITLE = 300  # a title is a line, not a document


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
    url: str,
    article_url: str,
    style: str,
    upload: Upload | None,
    article_upload: Upload | None,
    columns: dict[str, str],
    limits: Limits,
    writer: str = "template",
    llm: LLMSettings | None = None,
    title: str = "",
) -> JobRequest:
    """Validate a submission and load its upload; raises ``SubmitError``."""
    url, article_url, title = url.strip(), article_url.strip(), " ".join(title.split())
    if len(title) > MAX_TITLE:
        raise SubmitError(422, f"the title is {len(title)} characters long; at most {MAX_TITLE}, please")
    if style not in STYLES:
        raise SubmitError(422, f"unknown style {style!r}; choose post or report")
    problem = writer_problem(writer, llm)
    if problem:
        raise SubmitError(422, problem)
    if bool(url) == bool(upload):
        raise SubmitError(422, "give either a thread URL or a thread file to upload (one of the two)")
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
    if upload:
        with tempfile.TemporaryDirectory(prefix="threadline-upload-") as tmp:
            request.thread = _load_upload(upload, Path(tmp), options, limits)
            if article_upload:
                request.article = _load_article_upload(article_upload, Path(tmp), limits)
        # Never the file name: a table has no title of its own, and "comments.csv" names no discussion.
        article_title = request.article.title if request.article else None
        request.label = title or request.thread.title or article_title or discussion_title(request.thread)
    else:
        request.url = _thread_url(url)
        request.label = title or request.url
        if article_upload:
            with tempfile.TemporaryDirectory(prefix="threadline-upload-") as tmp:
                request.article = _load_article_upload(article_upload, Path(tmp), limits)
    return request


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


def _save(upload: Upload, folder: Path, default: str, limits: Limits) -> Path:
    path = folder / safe_filename(upload.filename, default)
    size = 0
    with open(path, "wb") as out:
        while chunk := upload.file.read(1 << 20):
            size += len(chunk)
            if size > limits.max_upload_bytes:
                limit = megabytes(limits.max_upload_bytes)
                raise SubmitError(413, f"{path.name}: the file is larger than this server's {limit} limit")
            out.write(chunk)
    if size == 0:
        raise SubmitError(422, f"{path.name}: the uploaded file is empty")
    return path


def _load_upload(upload: Upload, folder: Path, options: dict[str, Any], limits: Limits) -> Any:
    from ..sources import load

    path = _save(upload, folder, "thread.json", limits)
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

    path = _save(upload, folder, "article.html", limits)
    try:
        return load_article(str(path))
    except ThreadlineError as e:
        raise SubmitError(422, str(e).replace(str(path), path.name)) from None
