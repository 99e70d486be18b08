"""The JSON API: every page's ``.json`` twin and the calls that change things; described at /openapi.json."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from ..errors import ThreadlineError
from .digests import DigestService, StoredDigest
from .jobs import JobRunner, Limits
from .store import SORTS, DigestRow, JobRow, Store
from .submit import COLUMNS, MAX_SOURCES, STYLES, SubmitError, Upload, build_request
from .wording import in_form_words
from .writers import LLMSettings, fallback_reason, offered, writer_options, writer_problem

router = APIRouter()


class Error(BaseModel):
    error: str


class Job(BaseModel):
    id: str
    status: str  # queued, running, done, failed
    stage: str
    fraction: float
    error: str | None
    label: str
    style: str
    writer: str  # asked for: template or llm (the digest says whether the llm's draft was used)
    created: float
    updated: float
    digest_id: str | None
    links: dict[str, str]


class SourceSummary(BaseModel):
    """One discussion of a digest of several, as the JSON contract's ``sources[]`` names it, with counts."""

    label: str  # hn, reddit, reddit-2, ...: the prefix of its comment ids
    kind: str  # the platform: hackernews, reddit, polis, table
    where: str  # as the digest says it: "on Hacker News", "on r/AskReddit"
    title: str | None
    url: str | None
    comments: int  # seen
    analyzed: int | None


class DigestSummary(BaseModel):
    id: str
    created: float
    title: str | None
    label: str
    style: str
    styles: list[str]
    source_kind: str | None
    source_url: str | None
    comments: int
    analyzed: int
    themes: int
    sources: list[SourceSummary]  # empty for one discussion (source_kind and source_url say it)
    links: dict[str, str]


class DigestFull(DigestSummary):
    shown_style: str
    writer: str  # who wrote the shown version: "template", "llm" or "template (fallback: <why>)"
    writer_fallback: str | None  # why the language model's draft was not used, when it wasn't
    digest: dict[str, Any]  # the threadline.digest/1 document


class History(BaseModel):
    total: int  # matching the query, when there is one
    limit: int
    offset: int
    sort: str
    order: str
    q: str
    digests: list[DigestSummary]


class Index(BaseModel):
    name: str
    version: str
    styles: list[str]
    writers: list[str]  # "llm" only when the operator set up a language model
    llm: dict[str, Any] | None  # the model's name, when there is one
    limits: dict[str, int]
    links: dict[str, str]


ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": Error},
    413: {"model": Error},
    422: {"model": Error},
    503: {"model": Error},
}


def job_json(job: JobRow) -> Job:
    links = {"self": f"/jobs/{job.id}.json", "page": f"/jobs/{job.id}"}
    if job.digest_id:
        links["digest"] = f"/digests/{job.digest_id}"
    return Job(**vars(job), links=links)


def digest_summary(row: DigestRow) -> DigestSummary:
    base = f"/digests/{row.id}"
    links = {
        "page": base,
        "json": f"{base}.json",
        "html": f"{base}/report.html",
        "markdown": f"{base}/digest.md",
    }
    return DigestSummary(**vars(row), links=links)


def state(request: Request) -> tuple[Store, JobRunner, DigestService, Limits]:
    s = request.app.state
    return s.store, s.runner, s.digests, s.limits


def llm_settings(request: Request) -> LLMSettings | None:
    """The operator's language model, or None: the server then offers the template writer only."""
    llm: LLMSettings | None = request.app.state.llm
    return llm


@dataclass
class JobForm:
    """A new-job form as posted, by the page and by its JSON twin alike."""

    urls: list[str]  # one thread URL a line; a list when the field is sent several times
    article_url: str
    style: str
    writer: str
    files: list[UploadFile]
    article_file: UploadFile | None
    columns: dict[str, str]  # column role -> the name given (empty when not given)
    title: str = ""  # what to call the discussion (empty: the thread's own title, else the article's)

    def echo(self) -> dict[str, str]:
        """The text fields, to fill the form again after an error."""
        fields = {
            "url": "\n".join(self.urls),
            "article_url": self.article_url,
            "style": self.style,
            "writer": self.writer,
            "title": self.title,
        }
        return {**fields, **{f"{k}_col": v for k, v in self.columns.items()}}


Text = Annotated[str, Form()]


@dataclass
class HistoryQuery:
    """How to list the history: sorted by date, title or comments, narrowed by a search."""

    sort: str
    order: str
    q: str

    def rows(self, store: Store, limit: int, offset: int = 0) -> tuple[int, list[DigestRow]]:
        """(how many match, the page of them)."""
        found = store.list_digests(limit, offset, sort=self.sort, order=self.order, query=self.q)
        return store.count_digests(self.q), found


def history_query(
    sort: Annotated[
        Literal["date", "title", "comments"], Query(description="date, title or comments")
    ] = "date",
    order: Annotated[Literal["asc", "desc"] | None, Query(description="default: newest, A-Z, most")] = None,
    q: Annotated[
        str, Query(max_length=200, description="words the title, label or source must contain")
    ] = "",
) -> HistoryQuery:
    """The history's sort and search (a FastAPI dependency, shared by the page and its JSON twin)."""
    return HistoryQuery(sort, order or SORTS[sort][1], " ".join(q.split()))


def job_form(
    url: Annotated[
        list[str] | None,
        Form(
            description="A Reddit thread or Hacker News item URL, or an HN id; for several discussions of "
            "one story, one a line or the field given several times"
        ),
    ] = None,
    article_url: Text = "",
    style: Text = "post",
    writer: Annotated[str, Form(description="template, or llm when the server has a language model")] = (
        "template"
    ),
    # A browser sends a file input left empty as a part with no file name, which arrives as "" (a string).
    file: Annotated[
        list[UploadFile | str] | None,
        File(description="A saved thread: Reddit/HN JSON, CSV, JSONL; several may be sent"),
    ] = None,
    article_file: Annotated[UploadFile | None, File(description="The article: .html, .txt or .md")] = None,
    id_col: Text = "",
    parent_col: Text = "",
    author_col: Text = "",
    text_col: Text = "",
    score_col: Text = "",
    time_col: Text = "",
    title: Annotated[str, Form(description="What to call the discussion in the digest (optional)")] = "",
) -> JobForm:
    """The new-job form's fields (a FastAPI dependency, so both endpoints declare them once)."""
    columns = dict(zip(COLUMNS, (id_col, parent_col, author_col, text_col, score_col, time_col), strict=True))
    urls = [line.strip() for value in url or [] for line in value.splitlines() if line.strip()]
    files = [f for f in file or [] if not isinstance(f, str)]
    return JobForm(urls, article_url, style, writer, files, article_file, columns, title)


def submit_job(request: Request, form: JobForm) -> str:
    """Validate and queue a digest; raises ``SubmitError``."""
    store, runner, _, limits = state(request)
    if store.count_active_jobs() >= limits.max_active_jobs:
        raise SubmitError(503, "the server is busy with other digests; try again in a minute")
    job_request = build_request(
        urls=form.urls,
        article_url=form.article_url,
        style=form.style,
        uploads=[u for u in map(_upload, form.files) if u],
        article_upload=_upload(form.article_file),
        columns={k: v.strip() for k, v in form.columns.items() if v and v.strip()},
        limits=limits,
        writer=form.writer.strip(),
        llm=llm_settings(request),
        title=form.title,
    )
    return runner.submit(job_request)


def _upload(file: UploadFile | None) -> Upload | None:
    # A form whose file input was left empty still sends a part, with no file name.
    if file is None or not file.filename:
        return None
    return Upload(filename=file.filename, file=file.file)


def get_stored(request: Request, digest_id: str, style: str | None) -> StoredDigest:
    _, _, digests, _ = state(request)
    if style is not None and style not in STYLES:
        raise HTTPException(422, f"unknown style {style!r}; choose post or report")
    stored = digests.get(digest_id, style)
    if stored is not None:
        return stored
    if digests.store.get_digest(digest_id) is None:
        raise HTTPException(404, f"no digest with id {digest_id!r}")
    raise HTTPException(404, f"digest {digest_id} has not been written in the {style} style yet")


def rewrite(request: Request, digest_id: str, style: str, writer: str) -> StoredDigest:
    """Write a stored digest again in ``style`` with ``writer``; raises ``HTTPException``."""
    if style not in STYLES:
        raise HTTPException(422, f"unknown style {style!r}; choose post or report")
    llm = llm_settings(request)
    problem = writer_problem(writer, llm)
    if problem:
        raise HTTPException(422, problem)
    try:
        stored = state(request)[2].render_style(digest_id, style, writer, writer_options(writer, llm))
    except ThreadlineError as e:  # the LLM writer's own failures fall back; this is what can't
        raise HTTPException(422, str(e)) from None
    if stored is None:
        raise HTTPException(404, f"no digest with id {digest_id!r}")
    return stored


@router.get("/index.json", response_model=Index, summary="What this server offers")
def index_json(request: Request) -> Index:
    from .. import __version__

    limits = state(request)[3]
    llm = llm_settings(request)
    return Index(
        name="threadline",
        version=__version__,
        styles=list(STYLES),
        writers=offered(llm),
        llm=llm.public() if llm else None,
        limits={
            "max_upload_bytes": limits.max_upload_bytes,
            "max_comments": limits.max_comments,
            "max_sources": MAX_SOURCES,
        },
        links={"new_job": "/jobs.json", "history": "/history.json", "openapi": "/openapi.json"},
    )


@router.post("/jobs.json", status_code=202, response_model=Job, responses=ERRORS, summary="Start a digest")
def create_job(request: Request, form: Annotated[JobForm, Depends(job_form)]) -> Any:
    """Give ``url`` (a Reddit thread or Hacker News item URL, or an HN id) or ``file``; several of either, or
    both, make one digest of several discussions of one story."""
    try:
        job_id = submit_job(request, form)
    except SubmitError as e:
        return JSONResponse({"error": in_form_words(e.message, api=True)}, status_code=e.status)
    job = state(request)[0].get_job(job_id)
    assert job is not None
    return JSONResponse(
        job_json(job).model_dump(), status_code=202, headers={"Location": f"/jobs/{job_id}.json"}
    )


@router.get("/jobs/{job_id}.json", response_model=Job, responses=ERRORS, summary="A job's progress")
def get_job(request: Request, job_id: str) -> Job:
    job = state(request)[0].get_job(job_id)
    if job is None:
        raise HTTPException(404, f"no job with id {job_id!r}")
    return job_json(job)


@router.get("/history.json", response_model=History, summary="Past digests, newest first unless sorted")
def history_json(
    request: Request,
    query: Annotated[HistoryQuery, Depends(history_query)],
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> History:
    total, rows = query.rows(state(request)[0], limit, offset)
    return History(
        total=total,
        limit=limit,
        offset=offset,
        sort=query.sort,
        order=query.order,
        q=query.q,
        digests=[digest_summary(r) for r in rows],
    )


@router.get("/digests/{digest_id}.json", response_model=DigestFull, responses=ERRORS, summary="A digest")
def digest_json(request: Request, digest_id: str, style: str | None = None) -> DigestFull:
    """The stored digest as a ``threadline.digest/1`` document, in ``style`` if given."""
    stored = get_stored(request, digest_id, style)
    summary = digest_summary(stored.row)
    writer = stored.digest.text.writer
    return DigestFull(
        **summary.model_dump(),
        shown_style=stored.style,
        writer=writer,
        writer_fallback=fallback_reason(writer),
        digest=state(request)[2].as_dict(stored),
    )


@router.post(
    "/digests/{digest_id}/render.json",
    response_model=DigestSummary,
    responses=ERRORS,
    summary="Rewrite a digest",
)
def render_json(request: Request, digest_id: str, style: Text, writer: Text = "template") -> DigestSummary:
    """Write the stored analysis again in a style, with a writer (replacing that style's version)."""
    stored = rewrite(request, digest_id, style, writer)
    return digest_summary(state(request)[0].get_digest(digest_id) or stored.row)


@router.delete("/digests/{digest_id}.json", responses=ERRORS, summary="Delete a digest")
def delete_json(request: Request, digest_id: str) -> dict[str, str]:
    if not state(request)[2].delete(digest_id):
        raise HTTPException(404, f"no digest with id {digest_id!r}")
    return {"deleted": digest_id}
