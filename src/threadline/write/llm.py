"""The optional LLM writer: fluent prose from any OpenAI-compatible endpoint, held to the verifier's checks.

A draft goes out only if it passes ``verify``. A failing draft is sent back once with the findings; a
second failure — or a timeout, a rate limit that outlasts one retry, a server error, an answer that is not
JSON — and the template writer's digest is used instead, with ``DigestText.writer`` saying so and why.
Token use and time are kept in ``DigestText.extra["llm"]`` either way.

>>> text = LLMWriter(url="http://127.0.0.1:8080/v1").write(analysis, thread, style="post")  # doctest: +SKIP
>>> text.writer                                                                              # doctest: +SKIP
'llm'
"""

from __future__ import annotations

import inspect
import logging
import os
import re
import time
from typing import Any

import httpx

from ..errors import UsageError, WriterError
from ..model import Analysis, DigestText, Thread
from . import verify, writers
from .compose import Builder, Context
from .facts import coverage
from .lede import article_block, authorship_sentences
from .llm_client import ChatClient, ChatReply, chat_endpoint
from .llm_draft import Draft, read_draft
from .llm_prompt import condensed_messages, repair_message
from .quoting import escape_md

log = logging.getLogger(__name__)

ENV_URL, ENV_MODEL, ENV_KEY = "THREADLINE_LLM_URL", "THREADLINE_LLM_MODEL", "THREADLINE_LLM_API_KEY"
SENTENCE_NO = re.compile(r"^sentence (\d+) \(")
SENTENCE_TEXT = re.compile(r'^(sentence \d+|heading) \(".*?"\): ')
REPAIR_ALLOWANCE = 400  # tokens for the verifier's findings in the repair turn


class DraftRejected(WriterError):
    """Both drafts failed (``what`` says how); ``problems`` are the last draft's findings."""

    def __init__(self, what: str, problems: list[str]):
        self.problems = problems
        # The sentence's own words stay out of the reason: they are the model's, perhaps a comment's.
        first = SENTENCE_TEXT.sub(r"\1: ", problems[0], count=1)
        shown = first + (f" (+{len(problems) - 1} more)" if len(problems) > 1 else "")
        super().__init__(f"llm {what}: {shown}")


class LLMWriter:
    """Writes the digest with a language model behind an OpenAI-compatible chat-completions endpoint.

    ``url``, ``model`` and ``api_key`` default to ``THREADLINE_LLM_URL``, ``THREADLINE_LLM_MODEL`` and
    ``THREADLINE_LLM_API_KEY``; with no model named, the first one the server lists is used.
    ``max_context_tokens`` is the model's context window: the analysis is condensed to fit it, leaving
    room for two answers of ``max_answer_tokens`` (the draft and its repair; at most a quarter of the
    window each).
    """

    name = "llm"

    def __init__(
        self,
        url: str | None = None,
        model: str | None = None,
        api_key: str | None = None,
        *,
        timeout: float = 300.0,
        max_context_tokens: int = 8192,
        max_answer_tokens: int = 2048,
        temperature: float = 0.2,
        transport: httpx.BaseTransport | None = None,
    ):
        given_url = url or os.environ.get(ENV_URL)
        if not given_url:
            raise UsageError(f"the llm writer needs a server: pass --llm-url or set {ENV_URL}")
        self.url: str = given_url
        self.model = model or os.environ.get(ENV_MODEL)
        self.api_key = api_key or os.environ.get(ENV_KEY)
        self.endpoint = chat_endpoint(self.url)  # a malformed URL is a usage error, raised now
        self.timeout = float(timeout)
        self.max_context_tokens = int(max_context_tokens)
        # A small window (Ollama's 4096) still leaves half of itself for the data.
        self.max_answer_tokens = min(int(max_answer_tokens), self.max_context_tokens // 4)
        self.temperature = temperature
        self.transport = transport

    def write(self, analysis: Analysis, thread: Thread, *, style: str = "post") -> DigestText:
        """A verified LLM digest, or the template digest with the reason the LLM's was not used."""
        shown_url = re.sub(r"//[^/@]*@", "//", self.url)  # never a user:password@ into the JSON
        info: dict[str, Any] = {"url": shown_url, "model": self.model, "attempts": 0, "seconds": 0.0}
        started = time.monotonic()
        try:
            text = self._write(analysis, thread, style, info)
        except WriterError as e:
            info["seconds"] = round(time.monotonic() - started, 3)
            info["fallback"] = str(e)
            log.warning("%s; using the template writer", e)
            return template_fallback(analysis, thread, style, str(e), info)
        info["seconds"] = round(time.monotonic() - started, 3)
        log.info(
            "llm writer: verified draft from %s after %d attempt(s), %s, %.1f s",
            info["model"], info["attempts"], usage_line(info), info["seconds"],
        )  # fmt: skip
        text.extra["llm"] = info
        return text

    def _write(self, analysis: Analysis, thread: Thread, style: str, info: dict[str, Any]) -> DigestText:
        budget = self.max_context_tokens - 2 * self.max_answer_tokens - REPAIR_ALLOWANCE
        messages, level, estimate = condensed_messages(analysis, thread, style, budget)
        info.update(context_tokens=self.max_context_tokens, estimated_prompt_tokens=estimate, condensed=level)
        if estimate > budget:
            raise WriterError(
                f"the analysis needs ~{estimate} prompt tokens even condensed, over the {budget} left of "
                f"a {self.max_context_tokens}-token context; raise --llm-context"
            )
        with ChatClient(
            self.url, self.model, api_key=self.api_key, timeout=self.timeout, transport=self.transport
        ) as client:
            problems: list[str] = []
            kinds: list[str] = []
            for attempt in (1, 2):
                reply = client.complete(
                    messages, temperature=self.temperature, max_tokens=self.max_answer_tokens
                )
                info["model"] = client.model
                record_usage(info, reply)
                log.info(
                    "llm writer: attempt %d answered in %.1f s (%s)", attempt, reply.seconds, usage_line(info)
                )
                text, problems, what = self._check(reply, analysis, thread, style)
                kinds.append(what)
                if text is not None and not problems:
                    return text
                info.setdefault("problems", []).append(problems[:20])
                log.info("llm writer: attempt %d rejected: %s", attempt, "; ".join(problems[:3]))
                messages = [
                    *messages,
                    {"role": "assistant", "content": reply.content},
                    repair_message(problems),
                ]
        what = f"{kinds[0]} twice" if kinds[0] == kinds[1] else f"{kinds[0]}, then {kinds[1]}"
        raise DraftRejected(what, problems)

    @staticmethod
    def _check(
        reply: ChatReply, analysis: Analysis, thread: Thread, style: str
    ) -> tuple[DigestText | None, list[str], str]:
        """The composed digest (when there is one), its problems, and what kind of failure they are."""
        draft = read_draft(reply.content, analysis, thread, cut_off=reply.finish_reason == "length")
        if not draft.sentences:
            return None, draft.problems, "answer was unusable"
        # The reader's findings and the verifier's together, so one repair can fix them all; the verifier
        # counts the article's sentences set above the draft, the model only its own.
        text = compose(draft, analysis, thread, style)
        offset = len(text.sentences) - len(draft.sentences)
        checks = verify(text, analysis, thread)
        problems = [*draft.problems, *(renumbered(p, offset) for p in checks.problems)]
        return text, problems, "draft failed checks" if draft.problems else "draft failed verification"


def renumbered(problem: str, offset: int) -> str:
    """A verifier finding with its sentence number counted from the draft's first sentence."""
    return SENTENCE_NO.sub(lambda m: f"sentence {int(m.group(1)) - offset} (", problem, count=1)


def record_usage(info: dict[str, Any], reply: ChatReply) -> None:
    """Add one reply's token counts to the running totals."""
    info["attempts"] += 1
    for key in ("prompt_tokens", "completion_tokens", "total_tokens"):
        if key in reply.usage:
            info[key] = info.get(key, 0) + reply.usage[key]


def usage_line(info: dict[str, Any]) -> str:
    tokens = [f"{info[k]} {k.split('_')[0]}" for k in ("prompt_tokens", "completion_tokens") if k in info]
    return ", ".join(tokens) + " tokens" if tokens else "no token counts reported"


def compose(draft: Draft, analysis: Analysis, thread: Thread, style: str) -> DigestText:
    """The digest laid out as the template writer lays it: the article in brief, its link, then the draft."""
    b, ctx = Builder(), Context(analysis, thread)
    if style == "report":
        b.heading("The article")
    article_block(b, ctx)  # the article verbatim: a model's retelling of it is not something we can check
    b.paragraph(authorship_sentences(ctx))  # who wrote what, as the source tells it: not the model's to say
    for heading, items in draft.paragraphs:
        if heading:
            b.heading(escape_md(heading))
        b.paragraph(items)
    text = b.build(
        style, writer="llm", coverage=coverage(analysis, draft.themes | draft.bold_themes(analysis))
    )
    text.titles = dict(draft.titles)
    if draft.rejected_titles:
        text.extra["titles_kept"] = draft.rejected_titles  # proposals that fell back to the offline title
    return text


def template_fallback(
    analysis: Analysis, thread: Thread, style: str, reason: str, info: dict[str, Any]
) -> DigestText:
    """The template writer's digest, marked as a fallback with the reason."""
    text = writers.get("template")(analysis, thread, style=style)
    text.writer = f"template (fallback: {reason})"
    text.extra["llm"] = info
    return text


@writers.register("llm")
def llm_writer(analysis: Analysis, thread: Thread, *, style: str = "post", **options: Any) -> DigestText:
    """The registered writer: ``LLMWriter(**options).write(...)``."""
    known = set(inspect.signature(LLMWriter).parameters)
    unknown = sorted(set(options) - known)
    if unknown:
        raise UsageError(f"unknown llm writer option {unknown[0]!r}; available: {', '.join(sorted(known))}")
    return LLMWriter(**options).write(analysis, thread, style=style)
