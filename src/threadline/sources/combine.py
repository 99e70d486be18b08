"""Several discussions of one story as one thread: every comment kept, its id made ``<label>:<id>``.

The label is the platform (``reddit``, ``hn``, ``polis``, ``table``, ``dump``), with ``-2``, ``-3`` added
when two discussions share one. Parent ids get the same prefix, so a reply still answers a comment of its
own thread and every analysis that follows replies (stance, questions answered, counterpoints, consensus)
stays inside it. Authors get it too: no one can be matched across platforms ("bob" on Reddit and "bob" on
Hacker News need not be one person), so they are counted as the different accounts they are.
"""

from __future__ import annotations

from dataclasses import replace

from ..errors import UsageError
from ..model import Comment, SourcePart, Thread

__all__ = ["combine", "source_label", "place_name", "named_place", "COMBINED"]

COMBINED = "several"  # ``Thread.source`` of a combined thread
PLATFORM_LABELS = {"reddit": "reddit", "hackernews": "hn", "polis": "polis", "table": "table", "dump": "dump"}


def source_label(thread: Thread) -> str:
    """The platform label of a loaded thread (before any ``-2``): ``hn``, ``reddit``, ``dump``, …"""
    if thread.source == "reddit" and "dump" in thread.extra:
        return "dump"
    return PLATFORM_LABELS.get(thread.source, thread.source or "source")


def _labels(threads: list[Thread]) -> list[str]:
    seen: dict[str, int] = {}
    labels = []
    for thread in threads:
        base = source_label(thread)
        seen[base] = seen.get(base, 0) + 1
        labels.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return labels


def _prefixed(comment: Comment, label: str) -> Comment:
    return replace(
        comment,
        id=f"{label}:{comment.id}",
        parent_id=f"{label}:{comment.parent_id}" if comment.parent_id else None,
        author=f"{label}:{comment.author}" if comment.author else None,
        extra={**comment.extra, "source_label": label},
    )


def combine(threads: list[Thread]) -> Thread:
    """One thread over several: comments in order of the sources, each id prefixed with its source's label.

    The title, article and article link are the first source's that has one (``pipeline.prepare`` may set
    others); the parts keep each source as it was loaded.

    >>> a = Thread("hackernews", [Comment("1", None, "bob", "hi")])
    >>> b = Thread("reddit", [Comment("x", None, "bob", "yo")])
    >>> [c.id for c in combine([a, b]).comments], combine([a, b]).comments[1].author
    (['hn:1', 'reddit:x'], 'reddit:bob')
    """
    if len(threads) < 2:
        raise UsageError("combine needs two sources or more")
    labels = _labels(threads)
    comments = [_prefixed(c, label) for label, t in zip(labels, threads, strict=True) for c in t.comments]
    article = next((t.article for t in threads if t.article is not None), None)
    return Thread(
        source=COMBINED,
        comments=comments,
        title=next((t.title for t in threads if t.title), None),
        article=article,
        article_url=next((t.article_url for t in threads if t.article_url), None),
        unexpanded=sum(t.unexpanded for t in threads),
        parts=[SourcePart(label, t) for label, t in zip(labels, threads, strict=True)],
    )


def named_place(thread: Thread) -> str | None:
    """Where a thread's comments were made, when its source says: "on r/worldnews" for any thread that names
    its subreddit (a Reddit page or dump, the demo's forum), "on Hacker News", "in a Polis conversation"."""
    sub = thread.extra.get("subreddit")
    if sub:
        return f"on r/{sub}"
    return _PLATFORM_PLACES.get(thread.source)


_PLATFORM_PLACES = {"reddit": "on Reddit", "hackernews": "on Hacker News", "polis": "in a Polis conversation"}


def place_name(part: SourcePart, parts: list[SourcePart]) -> str:
    """Where a source's comments were made, said so a reader can tell the sources apart: "on Hacker News",
    "on r/AskReddit", "in a table of comments"; two that would read alike are told apart in order ("on
    r/news (the second thread)")."""

    def plain(p: SourcePart) -> str:
        return named_place(p.thread) or "in a table of comments"

    name = plain(part)
    alike = [p.label for p in parts if plain(p) == name]
    if len(alike) > 1:
        k = alike.index(part.label)
        name += f" (the {_ORDINALS[k]} thread)" if k < len(_ORDINALS) else f" ({part.label})"
    return name


_ORDINALS = ("first", "second", "third", "fourth", "fifth")
