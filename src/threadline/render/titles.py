"""What to call a discussion and its source in a rendered digest: its own title, its article's, else plain
words about it (a table has no title of its own, and its file name is not one).
"""

from __future__ import annotations

from ..model import Thread

__all__ = ["discussion_title", "source_name"]

# A source kind as a reader would name it.
_SOURCE_NAMES = {
    "reddit": "Reddit thread",
    "hackernews": "Hacker News thread",
    "polis": "Polis conversation",
    "table": "discussion",
    "dump": "Reddit thread",
    "demo": "example thread",
    "several": "set of discussions",
}


def source_name(kind: str | None) -> str:
    """ "Reddit thread", "Polis conversation", ...; "discussion" for a table or a kind it does not know."""
    return _SOURCE_NAMES.get(kind or "", "discussion")


def discussion_title(thread: Thread) -> str:
    """The thread's title, else its article's, else e.g. "A Polis conversation of 53 statements"."""
    for title in (thread.title, thread.article.title if thread.article else None):
        if title and title.strip():
            return " ".join(title.split())
    n = thread.seen_comments
    noun = "statement" if thread.source == "polis" else "comment"
    return f"A {source_name(thread.source)} of {n:,} {noun}{'' if n == 1 else 's'}"
