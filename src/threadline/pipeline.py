"""Runs the stages in order: load → clean → analyze → write → verify."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .analyze import analyze
from .analyze.clean import clean
from .model import Article, Digest, Thread
from .sources import load, load_article
from .write import verify, write

Progress = Callable[[str, float], None]
"""Called as ``progress(stage, fraction_done)``; the CLI draws a bar with it, the web app polls it."""


def digest(
    source: str | Thread,
    article: str | Article | None = None,
    *,
    style: str = "post",
    writer: str = "template",
    embedder: str = "quality",
    seed: int = 0,
    progress: Progress | None = None,
    source_options: dict[str, Any] | None = None,
    writer_options: dict[str, Any] | None = None,
) -> Digest:
    """Digest a discussion.

    ``source`` is a URL, an id, a file path or an already loaded ``Thread``; ``article`` a URL, a file or
    an ``Article`` (default: none, or the one the source brought along).

    >>> d = digest("tests/fixtures/reddit_small.json")   # doctest: +SKIP
    >>> print(d.markdown)                                  # doctest: +SKIP
    """
    report = progress or (lambda stage, done: None)
    report("load", 0.0)
    thread = source if isinstance(source, Thread) else load(source, **(source_options or {}))
    if isinstance(article, Article):
        thread.article = article
    elif article is not None:
        thread.article = load_article(article)
    report("clean", 0.1)
    corpus = clean(thread)
    analysis = analyze(corpus, embedder=embedder, seed=seed, progress=report)
    report("write", 0.9)
    text = write(analysis, thread, style=style, writer=writer, **(writer_options or {}))
    checks = verify(text, analysis, thread)
    report("done", 1.0)
    return Digest(thread=thread, analysis=analysis, text=text, checks=checks)
