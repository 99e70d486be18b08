"""The HTML pages: start a digest, watch it, read it, look back; each has a ``.json`` twin in ``api``."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from importlib import resources
from typing import Annotated, Any
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from .api import (
    HistoryQuery,
    JobForm,
    Text,
    digest_summary,
    get_stored,
    history_query,
    job_form,
    job_json,
    llm_settings,
    rewrite,
    state,
    submit_job,
)
from .safety import REPORT_CSP
from .store import SORTS
from .submit import COLUMNS, MAX_SOURCES, STYLES, SubmitError
from .wording import in_form_words
from .writers import describe

router = APIRouter(include_in_schema=False)


def _when(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M UTC")


def _environment() -> jinja2.Environment:
    folder = resources.files("threadline.web").joinpath("templates")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,  # every template, whatever its name: all user text is escaped
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = _when
    env.filters["iso"] = lambda ts: datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds")
    env.filters["percent"] = lambda x: f"{100 * x:.0f}%"
    # "on Hacker News" → "Hacker News": a discussion's place as a list or a table cell names it
    env.filters["place"] = lambda where: where.removeprefix("on ").removeprefix("in ")
    return env


ENV = _environment()


def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(ENV.get_template(name).render(styles=STYLES, **context), status_code=status)


ERROR_TITLES = {
    403: "Request refused",
    404: "Not found",
    405: "Not allowed",
    413: "Too large",
    422: "Can't use that",
    500: "Something went wrong",
    503: "Busy",
}


def error_html(status: int, message: str) -> str:
    """An error page in the app's layout (navigation included), for the routes and the middlewares alike."""
    title = ERROR_TITLES.get(status, "Request refused")
    return ENV.get_template("error.html").render(styles=STYLES, title=title, message=message, status=status)


def _safe_link(url: str | None) -> str | None:
    return url if url and re.match(r"^https?://", url, re.I) else None


def _home(request: Request, status: int = 200, **context: Any) -> HTMLResponse:
    """The start page; the writer choice appears only when the server has a language model."""
    context.setdefault("form", {"style": "post", "writer": "template"})
    return page(
        "home.html",
        status,
        limits=state(request)[3],
        columns=COLUMNS,
        max_sources=MAX_SOURCES,
        llm=llm_settings(request),
        twin="/index.json",
        **context,
    )


@router.get("/")
def home(request: Request) -> HTMLResponse:
    return _home(request)


@router.post("/jobs")
def create_job_page(request: Request, form: Annotated[JobForm, Depends(job_form)]) -> Response:
    try:
        job_id = submit_job(request, form)
    except SubmitError as e:
        return _home(request, e.status, form=form.echo(), error=in_form_words(e.message))
    return RedirectResponse(f"/jobs/{job_id}", status_code=303)


@router.get("/jobs/{job_id}")
def job_page(request: Request, job_id: str) -> HTMLResponse:
    job = state(request)[0].get_job(job_id)
    if job is None:
        raise HTTPException(404, f"no job with id {job_id!r}")
    return page("job.html", job=job_json(job), twin=f"/jobs/{job_id}.json")


HISTORY_COLUMNS = (("title", "Thread"), ("comments", "Comments"), ("date", "Made"))
HISTORY_LIMIT = 500  # rows on the page; the JSON twin pages through more


def _history_link(sort: str, order: str, q: str) -> str:
    return "/history?" + urlencode({"sort": sort, "order": order, **({"q": q} if q else {})})


def _sort_headers(query: HistoryQuery) -> dict[str, dict[str, str]]:
    """Each sortable column's link (the current column's reverses its order) and its aria-sort state."""
    headers = {}
    for name, label in HISTORY_COLUMNS:
        current = name == query.sort
        order = ("asc" if query.order == "desc" else "desc") if current else SORTS[name][1]
        aria = ("ascending" if query.order == "asc" else "descending") if current else "none"
        arrow = ("▲" if query.order == "asc" else "▼") if current else ""
        headers[name] = {
            "label": label,
            "href": _history_link(name, order, query.q),
            "aria": aria,
            "arrow": arrow,
        }
    return headers


@router.get("/history")
def history_page(request: Request, query: Annotated[HistoryQuery, Depends(history_query)]) -> HTMLResponse:
    store = state(request)[0]
    total, found = query.rows(store, HISTORY_LIMIT)
    return page(
        "history.html",
        digests=[digest_summary(r) for r in found],
        total=total,
        stored=store.count_digests() if query.q else total,
        query=query,
        headers=_sort_headers(query),
        twin="/history.json?" + urlencode({"sort": query.sort, "order": query.order, "q": query.q}),
    )


@router.get("/digests/{digest_id}")
def digest_page(request: Request, digest_id: str, style: str | None = None) -> HTMLResponse:
    stored = get_stored(request, digest_id, style)
    d = stored.digest
    summary = digest_summary(stored.row)
    return page(
        "digest.html",
        d=summary,
        shown=stored.style,
        thread_link=_safe_link(d.thread.url),
        sources=[{**s.model_dump(), "link": _safe_link(s.url)} for s in summary.sources],
        writer=describe(d.text.writer, d.text.extra.get("llm")),
        llm=llm_settings(request),
        checks=d.checks,
        declared=d.thread.declared_comments,
        twin=f"/digests/{digest_id}.json?style={stored.style}",
    )


@router.get("/digests/{digest_id}/report.html")
def report_page(request: Request, digest_id: str, style: str | None = None, frame: bool = False) -> Response:
    """The self-contained report as the renderer wrote it; a plain nav bar on top unless framed."""
    stored = get_stored(request, digest_id, style)
    html = state(request)[2].html(stored)
    if not frame:
        nav = ENV.get_template("report_nav.html").render(d=digest_summary(stored.row), shown=stored.style)
        html, found = re.subn(r"(<body[^>]*>)", lambda m: m.group(1) + nav, html, count=1, flags=re.I)
        if not found:
            html = nav + html
    return HTMLResponse(html, headers={"Content-Security-Policy": REPORT_CSP})


@router.get("/digests/{digest_id}/digest.md")
def markdown_page(request: Request, digest_id: str, style: str | None = None) -> PlainTextResponse:
    stored = get_stored(request, digest_id, style)
    text = state(request)[2].markdown(stored)
    return PlainTextResponse(text, media_type="text/markdown; charset=utf-8")


@router.post("/digests/{digest_id}/render")
def render_page(request: Request, digest_id: str, style: Text, writer: Text = "template") -> Response:
    rewrite(request, digest_id, style, writer)
    return RedirectResponse(f"/digests/{digest_id}?style={style}", status_code=303)


@router.post("/digests/{digest_id}/delete")
def delete_page(request: Request, digest_id: str) -> Response:
    if not state(request)[2].delete(digest_id):
        raise HTTPException(404, f"no digest with id {digest_id!r}")
    return RedirectResponse("/history?deleted=1", status_code=303)


@router.get("/api")
def api_page(request: Request) -> HTMLResponse:
    """The JSON API, listed from the app's own OpenAPI description (no CDN-hosted viewer needed)."""
    spec = request.app.openapi()
    routes = [
        {
            "method": method.upper(),
            "path": path,
            "summary": op.get("summary", ""),
            "doc": op.get("description", ""),
        }
        for path, ops in spec.get("paths", {}).items()
        for method, op in ops.items()
    ]
    return page("api.html", routes=routes, twin="/openapi.json")
