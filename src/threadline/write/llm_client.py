"""A small client for OpenAI-compatible chat-completions endpoints (llama.cpp, Ollama, vLLM, hosted APIs).

It speaks plain HTTP through httpx, so no ``openai`` package is needed. Every failure it can meet — a
timeout, a refused connection, a rate limit that outlasts one retry, a server error, an answer that is not
a chat completion — is raised as ``WriterError`` with a message a user can act on; the LLM writer turns
that into the template fallback.

The LLM server is usually on the user's own machine, so unlike ``threadline`` source fetching this client
does not refuse loopback or private addresses: the user named the URL on purpose.
"""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from ..errors import UsageError, WriterError

RETRY_AFTER_CAP = 30.0  # seconds; a longer wait is not worth holding a digest for


@dataclass
class ChatReply:
    """One completion: the message text, the token use the server reported and the wall time."""

    content: str
    usage: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    model: str | None = None
    finish_reason: str | None = None  # "length" when the answer hit max_tokens


def chat_endpoint(url: str) -> str:
    """The chat-completions URL for a base URL as users write it.

    >>> chat_endpoint("http://127.0.0.1:8080")
    'http://127.0.0.1:8080/v1/chat/completions'
    >>> chat_endpoint("http://localhost:11434/v1/")
    'http://localhost:11434/v1/chat/completions'
    """
    url = url.strip().rstrip("/")
    if url.endswith("/chat/completions"):
        return url
    parsed = httpx.URL(url)
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise UsageError(f"llm URL {url!r} is not an http(s) URL (expected e.g. http://127.0.0.1:8080/v1)")
    if parsed.path in ("", "/"):
        url += "/v1"
    return url + "/chat/completions"


def retry_after_seconds(value: str | None) -> float:
    """Seconds to wait from a Retry-After header (delta seconds or an HTTP date); 1 when absent."""
    if not value:
        return 1.0
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return 1.0
    return max(0.0, when.timestamp() - time.time())


class ChatClient:
    """Sends chat messages to one endpoint and returns the first choice's text.

    ``timeout`` bounds each network operation (connect, each read); a server that says nothing for that
    long is given up on.
    """

    def __init__(
        self,
        url: str,
        model: str | None = None,
        *,
        api_key: str | None = None,
        timeout: float = 300.0,
        transport: httpx.BaseTransport | None = None,
    ):
        self.endpoint = chat_endpoint(url)
        self.model = model
        self.timeout = timeout
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        # A hosted API may sit behind the user's proxy; a server on this machine never does.
        local = httpx.URL(self.endpoint).host in ("localhost", "127.0.0.1", "::1")
        self._http = httpx.Client(
            timeout=httpx.Timeout(timeout), headers=headers, transport=transport, trust_env=not local
        )
        self.json_mode = True  # switched off when a server rejects response_format

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ChatClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def resolve_model(self) -> str:
        """The model to ask for: the one named, else the first the server lists at ``/models``."""
        if self.model:
            return self.model
        models_url = self.endpoint.removesuffix("/chat/completions") + "/models"
        response = self._send("GET", models_url)
        try:
            self.model = str(response.json()["data"][0]["id"])
        except (ValueError, KeyError, IndexError, TypeError):
            raise WriterError(
                f"llm server {models_url} lists no model; name one with --llm-model or THREADLINE_LLM_MODEL"
            ) from None
        return self.model

    def complete(
        self, messages: list[dict[str, str]], *, temperature: float = 0.2, max_tokens: int | None = None
    ) -> ChatReply:
        """One chat completion; retries once after a 429, honouring Retry-After (capped)."""
        body: dict[str, Any] = {
            "model": self.resolve_model(),
            "messages": messages,
            "temperature": temperature,
        }
        if max_tokens:
            body["max_tokens"] = max_tokens
        started = time.monotonic()
        response = self._post(body)
        if response.status_code == 429:
            wait = retry_after_seconds(response.headers.get("retry-after"))
            if wait > RETRY_AFTER_CAP:
                raise WriterError(
                    f"llm server {self.endpoint}: rate limited (429), asked to wait {wait:.0f} s"
                )
            time.sleep(wait)
            response = self._post(body)
            if response.status_code == 429:
                raise WriterError(
                    f"llm server {self.endpoint}: rate limited (429) again after waiting {wait:.1f} s"
                )
        self._raise_for_status(response)
        reply = parse_completion(response, self.endpoint)
        reply.seconds = time.monotonic() - started
        return reply

    def _post(self, body: dict[str, Any]) -> httpx.Response:
        if self.json_mode:
            response = self._send(
                "POST", self.endpoint, json={**body, "response_format": {"type": "json_object"}}
            )
            # Some servers reject response_format (or its combination with their own grammar options);
            # the prompt asks for JSON anyway, so the request is tried once more without it.
            if response.status_code in (400, 422):
                self.json_mode = False
            else:
                return response
        return self._send("POST", self.endpoint, json=body)

    def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            return self._http.request(method, url, **kwargs)
        except httpx.TimeoutException:
            raise WriterError(f"llm server {url}: no answer within {self.timeout:g} s (timeout)") from None
        except httpx.HTTPError as e:
            raise WriterError(f"llm server {url}: {type(e).__name__}: {e}") from None

    def _raise_for_status(self, response: httpx.Response) -> None:
        if response.status_code < 400:
            return
        detail = " ".join(response.text.split())[:200]
        kind = "server error" if response.status_code >= 500 else "request refused"
        raise WriterError(f"llm server {self.endpoint}: {kind} (HTTP {response.status_code}): {detail}")


def parse_completion(response: httpx.Response, endpoint: str) -> ChatReply:
    """The first choice's message and the usage block of a chat-completions response."""
    try:
        data = response.json()
        choice = data["choices"][0]
        content = choice["message"].get("content") or ""
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        head = " ".join(response.text.split())[:120]
        raise WriterError(f"llm server {endpoint}: not a chat-completions response: {head!r}") from None
    usage = data.get("usage") if isinstance(data.get("usage"), dict) else {}
    tokens = {k: int(v) for k, v in usage.items() if k.endswith("_tokens") and isinstance(v, int | float)}
    return ChatReply(
        content=str(content), usage=tokens, model=data.get("model"), finish_reason=choice.get("finish_reason")
    )
