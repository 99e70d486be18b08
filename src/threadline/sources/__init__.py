"""Sources: every kind of discussion threadline reads, each producing the same ``Thread``.

``load`` picks the source by URL (Reddit, Hacker News) or by sniffing the file (a saved Reddit or HN
response, a Polis export, a table of comments, a Reddit dump), or takes ``kind=`` to force one::

    reddit       reddit.py      saved .json responses, thread URLs (``more`` expanded within max_requests)
    hackernews   hackernews.py  saved Algolia items/<id> responses, item URLs and ids
    polis        polis.py       export folders or their comments.csv, with votes
    table        table.py       CSV / TSV / JSONL / JSON arrays, columns by name (``columns=``)
    dump         dump.py        Reddit archive ndjson (optionally zstd), one thread at a time

Options: ``allow_private`` (let URLs reach private addresses; see ``threadline.fetch``), ``max_requests``
(Reddit's request budget), ``columns`` (table columns: id, parent, author, text, score, time), ``kind``,
``fetcher`` (a configured ``threadline.fetch.Fetcher``). ``fetch_raw`` returns the JSON text to save for
offline use; ``load`` reads that file back into the same thread.
"""

from __future__ import annotations

import gzip
import importlib
import re
from pathlib import Path
from typing import Any

from ..errors import InputError, UsageError
from ..model import Thread
from ._base import COMMON_OPTIONS, SOURCES, Source
from .article import load_article

__all__ = ["load", "load_article", "fetch_raw", "pick_source", "is_remote", "SOURCES", "Source"]

_MODULES = ("reddit", "hackernews", "polis", "table", "dump")
_DUMP_OPTIONS = frozenset({"thread"})  # dump: which thread of a multi-thread dump file to load


def _register_builtins() -> None:
    for module in _MODULES:
        mod = importlib.import_module(f"{__name__}.{module}")
        for value in vars(mod).values():
            # dump.py's class is registered here so that module needn't know about the registry.
            is_source = isinstance(value, type) and issubclass(value, Source) and value.name
            if is_source and value.__module__ == mod.__name__ and value.name not in SOURCES:
                SOURCES.register(value.name)(value)


_register_builtins()


def _sources() -> list[type[Source]]:
    return sorted((SOURCES.get(n) for n in SOURCES.names()), key=lambda s: (s.sniff_order, s.name))


def _is_url(location: str) -> bool:
    return re.match(r"^[a-z][a-z0-9+.-]*://", location, re.I) is not None


def is_remote(location: str) -> bool:
    """A URL or a bare Hacker News id: something fetched over the network, not read from a file."""
    return bool(re.match(r"^(https?://|\d+$)", location.strip(), re.I))


def _head(path: Path, size: int = 65536) -> bytes:
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rb") as f:
                return f.read(size)
        with open(path, "rb") as f:
            return f.read(size)
    except (OSError, EOFError) as e:
        raise InputError(str(path), f"cannot read it: {e}") from None


def pick_source(location: str, kind: str | None = None) -> Source:
    """The source that reads ``location``: named by ``kind``, matched by URL, or sniffed from the file."""
    if kind:
        return SOURCES.get(kind)()
    path = Path(location)
    if not _is_url(location) and path.exists():
        head = b"" if path.is_dir() else _head(path)
        if not path.is_dir() and not head.strip():
            raise InputError(location, "the file is empty")
        for source in _sources():
            if source.matches_file(path, head):
                return source()
        what = "folder (no comments.csv in it)" if path.is_dir() else "file"
        raise InputError(location, f"can't tell what kind of thread this {what} holds; name it with kind=…")
    for source in _sources():
        if source.matches_url(location):
            return source()
    if _is_url(location):
        raise InputError(
            location, "not a URL threadline can read: give a Reddit thread or Hacker News item URL"
        )
    raise InputError(location, "no such file or folder, and not a Reddit/Hacker News URL or HN item id")


def _check_options(options: dict[str, Any]) -> None:
    known = set(COMMON_OPTIONS) | _DUMP_OPTIONS
    for source in _sources():
        known |= source.options
    unknown = sorted(set(options) - known)
    if unknown:
        raise UsageError(
            f"unknown source option(s) {', '.join(unknown)}; available: {', '.join(sorted(known))}"
        )


def load(location: str, **options: Any) -> Thread:
    """Load a thread from a URL, an HN id, a file or a Polis folder.

    >>> thread = load("AskReddit__6wmniq.json")                 # doctest: +SKIP
    >>> thread.seen_comments, thread.declared_comments           # doctest: +SKIP
    """
    _check_options(options)
    location = str(location)
    source = pick_source(location, options.pop("kind", None))
    return source.load(location, **options)


def fetch_raw(location: str, **options: Any) -> tuple[str, str]:
    """Fetch a thread by URL or id: ``(JSON text to save, source kind)``; ``load`` reads the saved file."""
    _check_options(options)
    kind = options.pop("kind", None)
    if not kind and not _is_url(location) and Path(location).exists():
        raise UsageError(f"{location} is already a local file; fetch takes a Reddit or Hacker News URL or id")
    source = pick_source(location, kind)
    return source.fetch_raw(location, **options), source.name
