"""Runs the stages in order: load → clean → analyze → write → verify.

Every face goes through here, and only here: the CLI and the Python API call ``digest``; the web app calls
``prepare`` (to check a thread's size before queueing it), then ``digest`` on the loaded thread, and
``rewrite`` for another style of a stored analysis; batch workers call ``prepare`` and ``digest``, and
report ``embedder_loads``. The faces never import ``analyze`` or ``write`` themselves
(``tests/test_structure.py`` holds them to it): what they need of a stage, the pipeline offers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from .analyze import analyze
from .analyze.clean import clean
from .errors import FetchError, InputError, UsageError
from .model import Analysis, Article, Digest, Thread
from .sources import is_remote, load, load_article
from .sources.combine import combine
from .write import verify, write

log = logging.getLogger(__name__)

Progress = Callable[[str, float], None]
"""Called as ``progress(stage, fraction_done)``; the CLI draws a bar with it, the web app polls it."""


def digest(
    source: str | Thread | Sequence[str | Thread],
    article: str | Article | None = None,
    *,
    title: str | None = None,
    style: str = "post",
    writer: str = "template",
    embedder: str = "quality",
    seed: int = 0,
    fetch_article: bool | None = None,
    progress: Progress | None = None,
    source_options: dict[str, Any] | None = None,
    writer_options: dict[str, Any] | None = None,
) -> Digest:
    """Digest a discussion.

    ``source`` is a URL, an id, a file path or an already loaded ``Thread``, or a list of them: several
    discussions of one story, digested as one (see ``prepare_several``); ``article`` a URL, a file or
    an ``Article`` (default: none, or the one the source brought along); ``title`` what to call the
    discussion (default: the source's title, else the article's; a table has none of its own, and its
    file name is never used). When the thread links to an article (a Reddit link post, an HN story) it is
    fetched if ``fetch_article`` is true, and by default only when the thread itself was fetched live: a
    saved file stays offline.

    >>> d = digest("tests/fixtures/reddit_small.json")   # doctest: +SKIP
    >>> print(d.markdown)                                  # doctest: +SKIP
    """
    report = progress or (lambda stage, done: None)
    report("load", 0.0)
    if isinstance(source, str | Thread):
        thread = prepare(
            source, article, title=title, fetch_article=fetch_article, source_options=source_options
        )
    else:
        thread = prepare_several(
            list(source), article, title=title, fetch_article=fetch_article, source_options=source_options
        )
    report("clean", 0.1)
    corpus = clean(thread)
    analysis = analyze(corpus, embedder=embedder, seed=seed, progress=report)
    report("write", 0.9)
    made = rewrite(thread, analysis, style, writer=writer, writer_options=writer_options)
    report("done", 1.0)
    return made


def prepare(
    source: str | Thread,
    article: str | Article | None = None,
    *,
    title: str | None = None,
    fetch_article: bool | None = None,
    source_options: dict[str, Any] | None = None,
) -> Thread:
    """The load stage: the thread with its article attached (see ``digest`` for when a linked one is
    fetched). The web app calls it before queueing the analysis, to check the thread's size first."""
    thread = source if isinstance(source, Thread) else load(source, **(source_options or {}))
    if title and title.strip():
        thread.title = " ".join(title.split())
    if isinstance(article, Article):
        thread.article = article
    elif article is not None:
        thread.article = load_article(article, allow_private=_allow_private(source_options))
    elif thread.article is None and thread.article_url:
        live = isinstance(source, str) and is_remote(source)
        if fetch_article or (fetch_article is None and live):
            thread.article = _linked_article(thread.article_url, _allow_private(source_options))
    return thread


def prepare_several(
    sources: list[str | Thread],
    article: str | Article | None = None,
    *,
    title: str | None = None,
    fetch_article: bool | None = None,
    source_options: dict[str, Any] | None = None,
) -> Thread:
    """The load stage for several discussions of one story: each loaded as ``prepare`` loads one, then
    combined into one thread whose ids are ``<label>:<id>`` (``sources.combine``). One source is just
    ``prepare``: its ids stay bare."""
    if not sources:
        raise UsageError("no source to digest")
    if len(sources) == 1:
        return prepare(
            sources[0], article, title=title, fetch_article=fetch_article, source_options=source_options
        )
    named = [s.strip() for s in sources if isinstance(s, str)]
    twice = sorted({s for s in named if named.count(s) > 1})
    if twice or len({id(s) for s in sources if isinstance(s, Thread)}) < sum(
        isinstance(s, Thread) for s in sources
    ):
        raise UsageError(
            f"the same source is given twice ({', '.join(twice) or 'a thread'}): each counts once"
        )
    threads = [prepare(s, None, fetch_article=False, source_options=source_options) for s in sources]
    live = any(isinstance(s, str) and is_remote(s) for s in sources)
    combined = combine(threads)
    return prepare(
        combined,
        article,
        title=title,
        fetch_article=fetch_article if fetch_article is not None else live,
        source_options=source_options,
    )


def rewrite(
    thread: Thread,
    analysis: Analysis,
    style: str = "post",
    *,
    writer: str = "template",
    writer_options: dict[str, Any] | None = None,
) -> Digest:
    """The write and verify stages over an analysis already made (another style, another writer)."""
    text = write(analysis, thread, style=style, writer=writer, **(writer_options or {}))
    return Digest(thread=thread, analysis=analysis, text=text, checks=verify(text, analysis, thread))


def llm_endpoint(url: str) -> str:
    """The chat-completions URL the ``llm`` writer calls for a base URL; a ``UsageError`` for a malformed one,
    so a face can refuse bad settings when it starts rather than when a digest is written."""
    from .write.llm_client import chat_endpoint

    return chat_endpoint(url)


def embedder_loads() -> int | None:
    """How many embedding models this process has loaded so far (None where the analysis stage cannot be
    imported). Each model is loaded once and kept, so a worker that digests many threads should report 1."""
    try:
        from .analyze.embed import get_embedder
    except ImportError:
        return None
    return get_embedder.cache_info().misses


def trim_embedder(name: str, max_texts: int) -> None:
    """Empty the ``name`` embedder's cache of embedded texts once it holds more than ``max_texts``.

    Meant for after a digest made with that embedder: a process that has loaded no model loads none here.
    The embedder bounds its cache itself (``Embedder.max_cached``); a long-lived worker may want it smaller.
    """
    if not embedder_loads():
        return
    from .analyze.embed import get_embedder

    embedder = get_embedder(name)
    if embedder.cached > max_texts:
        embedder.clear()


def _allow_private(source_options: dict[str, Any] | None) -> bool:
    return bool((source_options or {}).get("allow_private", False))


def _linked_article(url: str, allow_private: bool) -> Article | None:
    """The article a post links to; a page that can't be fetched or read leaves the digest without it."""
    report_problem = "could not read the linked article %s (%s); the post stands in for it"
    try:
        return load_article(url, allow_private=allow_private)
    except (FetchError, InputError) as e:
        log.warning(report_problem, url, e)
        return None
