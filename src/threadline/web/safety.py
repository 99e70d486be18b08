"""What keeps the app safe to expose to a browser: headers on every response, a body size limit,
no stack traces, refusal of cross-site form posts, and the URL check done before a job is queued.

These are plain ASGI middlewares so they wrap every response, error pages included.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from starlette.exceptions import HTTPException

log = logging.getLogger("threadline.web")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
ErrorPage = Callable[[int, str], str]
"""``error_page(status, message) -> HTML``: the app's error page, in its layout with the navigation."""

# App pages: only our own scripts and styles; nothing from elsewhere, no inline script.
APP_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "frame-src 'self'; form-action 'self'; frame-ancestors 'self'; base-uri 'none'"
)
# The stored report: self-contained with inline styles, never any script (it carries other people's text).
REPORT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; "
    "frame-ancestors 'self'; base-uri 'none'"
)

SECURITY_HEADERS = {
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"no-referrer",
    b"x-frame-options": b"SAMEORIGIN",
    b"cross-origin-opener-policy": b"same-origin",
}

BARE_ERROR_HTML = (
    "<!doctype html><html lang=en><meta charset=utf-8><title>Request refused · threadline</title>"
    "<link rel=stylesheet href=/static/app.css><main class=page><h1>Request refused</h1>"
    "<p class=error>{}</p><p><a href=/>Back to the start page</a></p></main>"
)
SERVER_ERROR = "the server hit an unexpected error and has logged the details"
# The last resort, when even the app's own error page can't be drawn.
GENERIC_500_HTML = (
    "<!doctype html><html lang=en><meta charset=utf-8><title>Server error · threadline</title>"
    "<link rel=stylesheet href=/static/app.css><main class=page><h1>Something went wrong</h1>"
    "<p>The server hit an unexpected error and has logged the details. "
    "<a href=/>Back to the start page</a>.</p></main>"
)


def url_problem(url: str) -> str | None:
    """Why ``url`` can't be fetched for a user (scheme, host, a private address), or None when it can.

    The address check is the fetch layer's guard, so the app refuses up front what the fetch would refuse
    later; the fetch checks again on every connection and redirect, where DNS may answer differently.
    """
    from ..errors import FetchError
    from ..fetch import check_public_url

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return f"{url}: only http:// and https:// URLs can be fetched"
    if not parts.hostname:
        return f"{url}: the URL has no host name"
    try:
        check_public_url(url)
    except FetchError as e:
        return str(e)
    return None


class SecurityHeaders:
    """Adds the security headers to every response; turns an unhandled exception into a 500 page."""

    def __init__(self, app: ASGIApp, error_page: ErrorPage | None = None):
        self.app = app
        self.error_page = error_page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                if b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", APP_CSP.encode()))
                headers += [(k, v) for k, v in SECURITY_HEADERS.items() if k not in present]
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            await _send_error(scope, send_with_headers, 500, SERVER_ERROR, self.error_page)


def megabytes(size: int) -> str:
    """A byte limit as the pages and the README write it: "10 MB", not "10.1 MB"."""
    return f"{size / 1_000_000:g} MB"


class BodyTooLarge(HTTPException):
    """Raised from inside the request's body reading; an HTTPException so FastAPI passes it through."""

    def __init__(self, upload_bytes: int):
        super().__init__(
            413, f"the upload is too large: this server accepts files of at most {megabytes(upload_bytes)}"
        )


class BodySizeLimit:
    """Refuses request bodies over ``max_bytes`` with a 413, before they are read into memory or disk; the
    message names ``upload_bytes``, the file size a visitor was promised (the body has room for the form)."""

    def __init__(self, app: ASGIApp, max_bytes: int, upload_bytes: int, error_page: ErrorPage | None = None):
        self.app = app
        self.max_bytes = max_bytes
        self.upload_bytes = upload_bytes
        self.error_page = error_page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, send)
            return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise BodyTooLarge(self.upload_bytes)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if started:
                raise
            await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        await _send_error(scope, send, 413, BodyTooLarge(self.upload_bytes).detail, self.error_page)


class SameOriginPosts:
    """Refuses a POST or DELETE sent by another site's page (the app has no login to stop it otherwise)."""

    def __init__(self, app: ASGIApp, error_page: ErrorPage | None = None):
        self.app = app
        self.error_page = error_page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        unsafe = scope["type"] == "http" and scope["method"] not in ("GET", "HEAD", "OPTIONS")
        if unsafe and _cross_site(dict(scope.get("headers", []))):
            await _send_error(scope, send, 403, "cross-site request refused", self.error_page)
            return
        await self.app(scope, receive, send)


def _cross_site(headers: dict[bytes, bytes]) -> bool:
    """Whether a browser says the request comes from another site's page.

    ``Sec-Fetch-Site`` decides where the browser sends it; otherwise a real ``Origin`` must match the host.
    (With ``Referrer-Policy: no-referrer`` a browser sends ``Origin: null`` even for our own forms.)
    """
    site = headers.get(b"sec-fetch-site")
    if site is not None:
        return site not in (b"same-origin", b"none")
    origin = headers.get(b"origin", b"").decode("latin-1")
    if not origin or origin == "null":
        return False
    return urlsplit(origin).netloc != headers.get(b"host", b"").decode("latin-1")


async def _send_error(
    scope: Scope, send: Send, status: int, message: str, error_page: ErrorPage | None
) -> None:
    """An error answered by a middleware: JSON for the API, else the app's error page (or a bare one)."""
    import html
    import json

    path = scope.get("path", "")
    if path.endswith(".json") or path.startswith("/openapi"):
        body, ctype = json.dumps({"error": message}).encode(), b"application/json"
    else:
        page = None
        if error_page is not None:
            try:
                page = error_page(status, message)
            except Exception:  # drawing the page failed too: the bare one below still answers
                log.exception("could not draw the error page for a %d", status)
        if page is None:
            page = GENERIC_500_HTML if status == 500 else BARE_ERROR_HTML.format(html.escape(message))
        body, ctype = page.encode(), b"text/html; charset=utf-8"
    headers = [(b"content-type", ctype), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
