"""Which writers the server offers: the template writer always, the LLM writer when the operator set one up.

The LLM endpoint is the operator's choice (``threadline serve --llm-url``, or ``THREADLINE_LLM_URL``), never
a visitor's: a URL typed into the form would let anyone point the server at any host. Visitors only choose
``template`` or ``llm``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

WRITERS = ("template", "llm")
ENV_URL, ENV_MODEL, ENV_KEY = "THREADLINE_LLM_URL", "THREADLINE_LLM_MODEL", "THREADLINE_LLM_API_KEY"


@dataclass(frozen=True)
class LLMSettings:
    """The operator's LLM endpoint; ``api_key`` comes from ``THREADLINE_LLM_API_KEY`` unless given."""

    url: str
    model: str | None = None
    api_key: str | None = field(default=None, repr=False)
    timeout: float = 300.0
    context_tokens: int = 8192

    def __post_init__(self) -> None:
        from ..pipeline import llm_endpoint

        llm_endpoint(self.url)  # a malformed URL stops the server at start, not a visitor's job later

    @classmethod
    def from_options(
        cls, url: str | None = None, model: str | None = None, **options: Any
    ) -> LLMSettings | None:
        """Settings from the given options or the environment; None when no URL is set either way."""
        url = url or os.environ.get(ENV_URL)
        if not url:
            return None
        return cls(
            url=url,
            model=model or os.environ.get(ENV_MODEL) or None,
            api_key=os.environ.get(ENV_KEY) or None,
            **options,
        )

    def writer_options(self) -> dict[str, Any]:
        """Keyword arguments for the registered ``llm`` writer."""
        return {
            "url": self.url,
            "model": self.model,
            "api_key": self.api_key,
            "timeout": self.timeout,
            "max_context_tokens": self.context_tokens,
        }

    def public(self) -> dict[str, Any]:
        """What visitors may see: the model's name, not where it runs or how it is reached."""
        return {"model": self.model}


def offered(llm: LLMSettings | None) -> list[str]:
    return list(WRITERS) if llm else ["template"]


def writer_problem(writer: str, llm: LLMSettings | None) -> str | None:
    """Why ``writer`` can't be used on this server, or None."""
    if writer not in WRITERS:
        return f"unknown writer {writer!r}; choose {' or '.join(offered(llm))}"
    if writer == "llm" and llm is None:
        return (
            "this server has no language model set up, so only the template writer is available "
            f"(whoever runs it can start it with `threadline serve --llm-url URL` or set {ENV_URL})"
        )
    return None


def writer_options(writer: str, llm: LLMSettings | None) -> dict[str, Any]:
    """The options to hand the named writer (nothing for the template writer)."""
    return llm.writer_options() if writer == "llm" and llm else {}


def fallback_reason(writer: str) -> str | None:
    """Why the language model's draft was not used, from a digest's ``writer`` record; None if it was."""
    prefix = "template (fallback:"
    return writer.removeprefix(prefix).removesuffix(")").strip() if writer.startswith(prefix) else None


def describe(writer: str, info: dict[str, Any] | None) -> dict[str, Any]:
    """How a digest was written, for its page: the writer, whether it fell back and why, the model's use."""
    fallback = fallback_reason(writer)
    info = info or {}
    used = []
    if info.get("model"):
        used.append(str(info["model"]))
    if info.get("attempts"):
        used.append(f"{info['attempts']} attempt{'s' if info['attempts'] != 1 else ''}")
    if info.get("total_tokens"):
        used.append(f"{info['total_tokens']:,} tokens")
    if info.get("seconds") is not None:
        used.append(f"{info['seconds']:.1f} s")
    return {
        "name": "template" if fallback is not None else writer,
        "fallback": fallback,
        "llm": bool(info),
        "usage": ", ".join(used),
    }
