"""The one place threadline talks to the network: small, cautious HTTP GETs.

Every fetch goes through ``Fetcher.get`` (or the one-shot ``fetch``), which

- refuses private, loopback, link-local, reserved and multicast addresses unless allowed: the host is resolved
  through DNS and every address it resolves to is checked, before each hop *and* again when the socket
  connects (so a DNS answer that changes between the two can't slip through);
- follows at most ``max_redirects`` redirects itself, re-checking each hop's scheme and address;
- streams the body and aborts once it exceeds ``max_bytes`` (decoded size, so a compressed bomb is caught);
- checks the content type against what the caller accepts;
- retries 429 and 5xx answers with exponential backoff, honouring ``Retry-After`` up to ``max_wait``;
- turns every failure into a ``FetchError`` (``BlockedAddressError`` for refused addresses) naming the URL.

``allow_private`` is ``False`` (refuse), ``True`` (allow every address) or a collection of ``"host:port"``
strings allowed despite being private (tests allow their 127.0.0.1 server this way and can still check that
a redirect to any other private address is refused).

>>> with Fetcher() as f:                                               # doctest: +SKIP
...     page = f.get("https://example.org/", accept=HTML_TYPES)
...     page.text[:15]
"""

from __future__ import annotations

import email.utils
import ipaddress
import socket
import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

from .errors import BlockedAddressError, FetchError

__all__ = [
    "Fetcher",
    "Response",
    "fetch",
    "check_url",
    "check_public_url",
    "is_public_address",
    "USER_AGENT",
    "JSON_TYPES",
    "HTML_TYPES",
]

USER_AGENT = "python:threadline:0.1.0 (discussion digests; +https://pypi.org/project/threadline/)"
JSON_TYPES = ("application/json", "text/json", "application/javascript", "text/javascript")
HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

AllowPrivate = bool | Collection[str]


def is_public_address(ip: str) -> bool:
    """Whether an IP address is one a fetch from a stranger's URL may reach (a global unicast address)."""
    addr = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
        addr = addr.ipv4_mapped
    return addr.is_global and not (addr.is_multicast or addr.is_reserved or addr.is_link_local)


def _allowed(host: str, port: int, allow_private: AllowPrivate) -> bool:
    if allow_private is True:
        return True
    if allow_private is False:
        return False
    return f"{host}:{port}" in allow_private


def _resolve(host: str, port: int, url: str) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise FetchError(url, f"cannot resolve host {host!r} ({e})") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _checked_addresses(host: str, port: int, url: str, allow_private: AllowPrivate) -> list[str]:
    """Resolve ``host`` and return its addresses, raising BlockedAddressError if any is not public."""
    addresses = _resolve(host, port, url)
    if _allowed(host, port, allow_private):
        return addresses
    for ip in addresses:
        if not is_public_address(ip):
            raise BlockedAddressError(
                url, f"refusing to fetch from {host} ({ip}): a private, loopback or reserved address"
            )
    return addresses


def check_url(url: str, allow_private: AllowPrivate = False) -> None:
    """Raise ``FetchError``/``BlockedAddressError`` unless ``url`` is an http(s) URL to an allowed address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(
            url, f"only http and https URLs can be fetched, not {parts.scheme or 'a bare path'!r}"
        )
    if not parts.hostname:
        raise FetchError(url, "the URL has no host")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FetchError(url, "the URL's port is not a number between 0 and 65535") from None
    _checked_addresses(parts.hostname, port, url, allow_private)


check_public_url = check_url  # the name the web app uses for its up-front check


class _GuardedBackend(httpcore.NetworkBackend):
    """Connects only to addresses that pass the guard, to the very address that was checked."""

    def __init__(self, allow_private: AllowPrivate):
        self.allow_private = allow_private
        self.inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = _checked_addresses(host, port, f"{host}:{port}", self.allow_private)
        last: Exception | None = None
        for ip in addresses:
            try:
                return self.inner.connect_tcp(ip, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as e:
                last = e
        assert last is not None
        raise last

    def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not used by threadline")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


class _GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with its connection pool built on the guarded network backend."""

    def __init__(self, allow_private: AllowPrivate):
        super().__init__(trust_env=False)
        ssl_context = httpx.create_ssl_context() if hasattr(httpx, "create_ssl_context") else None
        # httpx does not expose a network backend option; its pool is the documented httpcore one.
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context, network_backend=_GuardedBackend(allow_private)
        )


@dataclass
class Response:
    """A fetched body with the URL it finally came from (after redirects)."""

    url: str
    status: int
    content_type: str
    content: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        charset = "utf-8"
        for param in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = param.strip().partition("=")
            if key.lower() == "charset" and value:
                charset = value.strip("\"'")
        try:
            return self.content.decode(charset)
        except (LookupError, UnicodeDecodeError):
            return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body parsed as JSON; an ``InputError`` naming the URL when it isn't JSON."""
        from .sources._base import parse_json

        return parse_json(self.content, self.url)


def _retry_after(value: str | None, cap: float) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), cap)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return min(max(when.timestamp() - time.time(), 0.0), cap)


class Fetcher:
    """A small HTTP client with the guards described in the module docstring; reuse one for many GETs."""

    def __init__(
        self,
        *,
        allow_private: AllowPrivate = False,
        timeout: float = 20.0,
        max_bytes: int = 50_000_000,
        max_redirects: int = 5,
        retries: int = 3,
        backoff: float = 1.0,
        max_wait: float = 60.0,
        user_agent: str = USER_AGENT,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ):
        self.allow_private = allow_private if isinstance(allow_private, bool) else frozenset(allow_private)
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.retries = retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.sleep = sleep  # injectable so tests can record waits instead of waiting
        self.requests = 0  # requests sent, retries and redirect hops included
        self._client = httpx.Client(
            transport=transport or _GuardedTransport(self.allow_private),
            timeout=timeout,
            follow_redirects=False,
            headers={"User-Agent": user_agent},
            trust_env=False,
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(
        self, url: str, *, params: dict[str, str] | None = None, accept: Iterable[str] | None = None
    ) -> Response:
        """GET ``url``; ``accept`` lists acceptable media types (``None``: any). Raises ``FetchError``."""
        accepted = tuple(accept) if accept is not None else None
        current = str(httpx.URL(url, params=params)) if params else url
        for _hop in range(self.max_redirects + 1):
            check_url(current, self.allow_private)
            response = self._get_with_retries(current, accepted)
            if isinstance(response, Response):
                return response
            current = response  # a redirect target, checked at the top of the loop
        raise FetchError(url, f"more than {self.max_redirects} redirects")

    def get_json(self, url: str, *, params: dict[str, str] | None = None) -> Any:
        """GET ``url`` expecting JSON and return it parsed."""
        return self.get(url, params=params, accept=JSON_TYPES).json()

    def _get_with_retries(self, url: str, accept: tuple[str, ...] | None) -> Response | str:
        attempt = 0
        while True:
            try:
                return self._get_once(url, accept)
            except FetchError as e:
                retryable = e.status in RETRY_STATUSES or getattr(e, "transient", False)
                if not retryable or attempt >= self.retries:
                    raise
                wait = getattr(e, "retry_after", None)
                if wait is None:
                    wait = min(self.backoff * 2**attempt, self.max_wait)
                self.sleep(wait)
                attempt += 1

    def _get_once(self, url: str, accept: tuple[str, ...] | None) -> Response | str:
        """One request: a Response, or the absolute URL a redirect points to."""
        self.requests += 1
        try:
            with self._client.stream("GET", url) as r:
                if r.is_redirect:
                    location = r.headers.get("location")
                    if not location:
                        raise FetchError(
                            url, f"HTTP {r.status_code} redirect without a Location", r.status_code
                        )
                    return str(r.url.join(location))
                if r.status_code >= 400:
                    raise self._status_error(url, r)
                content_type = r.headers.get("content-type", "").split(";")[0].strip().lower()
                if accept is not None and content_type and not content_type.startswith(accept):
                    raise FetchError(url, f"expected {accept[0]}, got {content_type}", r.status_code)
                body = self._read_capped(url, r)
                return Response(str(r.url), r.status_code, content_type, body, dict(r.headers))
        except httpx.TimeoutException:
            err = FetchError(url, "timed out waiting for the server")
            err.transient = True  # type: ignore[attr-defined]
            raise err from None
        except httpx.HTTPError as e:
            raise FetchError(url, f"request failed: {e or type(e).__name__}") from None

    def _read_capped(self, url: str, r: httpx.Response) -> bytes:
        declared = r.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(url, f"response too large: {int(declared):,} bytes (limit {self.max_bytes:,})")
        chunks: list[bytes] = []
        size = 0
        for chunk in r.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(url, f"response too large: over {self.max_bytes:,} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    def _status_error(self, url: str, r: httpx.Response) -> FetchError:
        reason = r.reason_phrase or "error"
        hint = {
            403: " (access refused; the site may block automated clients)",
            404: " (not found)",
            429: " (rate limited; try again later or lower --max-requests)",
        }.get(r.status_code, "")
        err = FetchError(url, f"HTTP {r.status_code} {reason}{hint}", r.status_code)
        err.retry_after = _retry_after(r.headers.get("retry-after"), self.max_wait)  # type: ignore[attr-defined]
        return err


def fetch(url: str, *, accept: Iterable[str] | None = None, **options: Any) -> Response:
    """GET one URL with a throw-away ``Fetcher`` (options as for ``Fetcher``)."""
    with Fetcher(**options) as f:
        return f.get(url, accept=accept)
