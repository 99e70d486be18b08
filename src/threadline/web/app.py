"""The FastAPI application: wires the store, the job runner, the pages, the API and the safety layers."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .. import __version__
from . import api, pages
from .digests import DigestService
from .jobs import DigestFn, JobRunner, Limits, RewriteFn, real_digest, real_rewrite
from .safety import BodySizeLimit, SameOriginPosts, SecurityHeaders
from .store import Store
from .writers import LLMSettings

log = logging.getLogger("threadline.web")

INTERRUPTED = "the server stopped before this digest was finished; start it again"


def create_app(
    db: str | Path,
    *,
    limits: Limits | None = None,
    digest_fn: DigestFn | None = None,
    rewrite_fn: RewriteFn | None = None,
    allowed_hosts: list[str] | None = None,
    llm: LLMSettings | None = None,
) -> FastAPI:
    """The web app over the SQLite file ``db``.

    ``digest_fn`` and ``rewrite_fn`` replace the real pipeline (tests use a fast fake); ``allowed_hosts``
    limits the Host header (a loopback server refuses other names, which stops DNS rebinding); ``llm`` is
    the language model visitors may choose as the writer (without it, only the template writer is offered).
    """
    limits = limits or Limits()
    store = Store(db)
    stale = store.fail_unfinished(INTERRUPTED)
    if stale:
        log.warning("marked %d unfinished job(s) from an earlier run as failed", stale)
    runner = JobRunner(store, limits, digest_fn or real_digest)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        runner.shutdown()

    app = FastAPI(
        title="threadline",
        version=__version__,
        description="Digest a discussion thread: start a job, poll it, read the stored digest.",
        docs_url=None,  # FastAPI's viewers load scripts from a CDN; /api lists the routes instead
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.runner = runner
    app.state.limits = limits
    app.state.llm = llm
    app.state.digests = DigestService(store, rewrite_fn or real_rewrite)
    app.include_router(api.router)  # first: its `.json` paths must win over the pages' `{id}` paths
    app.include_router(pages.router)
    static = resources.files("threadline.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    # Added innermost first: the security headers wrap everything, error pages included.
    app.add_middleware(  # room for the form's fields beside the file
        BodySizeLimit,
        max_bytes=limits.max_upload_bytes + 64_000,
        upload_bytes=limits.max_upload_bytes,
        error_page=pages.error_html,
    )
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    app.add_middleware(SameOriginPosts, error_page=pages.error_html)
    app.add_middleware(GZipMiddleware, minimum_size=1000)  # a digest page: ~116 KB, ~20 KB compressed
    app.add_middleware(SecurityHeaders, error_page=pages.error_html)
    return app


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.endswith(".json") or "application/json" in request.headers.get("accept", "")


def _error(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": message}, status_code=status)
    return HTMLResponse(pages.error_html(status, message), status_code=status)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = exc.detail if isinstance(exc.detail, str) else "the request could not be served"
    if exc.status_code == 404 and message == "Not Found":
        message = f"there is no page at {request.url.path}"
    return _error(request, exc.status_code, message)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    parts = []
    for err in exc.errors():
        where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("body", "query", "path"))
        parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else str(err.get("msg", "invalid")))
    return _error(request, 422, "; ".join(parts) or "the request is not valid")


def default_db() -> Path:
    from platformdirs import user_data_path

    return user_data_path("threadline", appauthor=False) / "web.sqlite3"


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    db: str | Path | None = None,
    llm: LLMSettings | None = None,
    **options: Any,
) -> None:
    """Run the app with uvicorn until interrupted."""
    import uvicorn

    path = Path(db) if db else default_db()
    # Only names of this machine in the Host header: a page whose DNS name is rebound to 127.0.0.1 is refused.
    # (Starlette's host check cannot parse an IPv6 Host header, so ::1 goes without it.)
    allowed = ["127.0.0.1", "localhost"] if host in ("127.0.0.1", "localhost") else None
    app = create_app(path, allowed_hosts=allowed, llm=llm, **options)
    log.warning("threadline web app on http://%s:%d/ (digests in %s)", host, port, path)
    if llm:
        model = llm.model or "the first model it lists"
        shown_url = re.sub(r"//[^/@]*@", "//", llm.url)  # no user:password@ in the log
        log.warning("writers offered: template, and llm (%s at %s)", model, shown_url)
    uvicorn.run(app, host=host, port=port, log_level="warning")
