"""Hacker News: a saved Algolia ``items/<id>`` response, or an item URL / id fetched live.

Algolia returns the whole tree in one request (``children`` nested in each item), so there is no request
budget to spend. Comment HTML becomes plain text; a deleted comment (no author, no text) is kept as structure
with ``deleted=True``. The story's ``url`` becomes ``Thread.article_url``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..errors import InputError, UsageError
from ..fetch import Fetcher
from ..model import Comment, Thread
from ._base import SOURCES, Source, parse_json, read_file
from ._fields import Fields
from .text import html_to_text
from .tree import tree_order

__all__ = ["HackerNewsSource", "parse_hackernews", "item_id"]

ALGOLIA_ITEMS = "https://hn.algolia.com/api/v1/items"
ITEM_URL = "https://news.ycombinator.com/item?id={}"
_ITEM_TYPE = re.compile(rb'"type"\s*:\s*"(?:story|comment|poll|job)"')


def item_id(location: str) -> str | None:
    """The item id in an HN item URL, an Algolia items URL, or a bare id; None otherwise."""
    loc = location.strip()
    if re.fullmatch(r"\d{1,12}", loc):
        return loc
    parts = urlsplit(loc if "://" in loc else "https://" + loc)
    host = (parts.hostname or "").lower()
    if host == "news.ycombinator.com" and parts.path == "/item":
        ids = parse_qs(parts.query).get("id", [])
        return ids[0] if ids and ids[0].isdigit() else None
    if host == "hn.algolia.com":
        m = re.fullmatch(r"/api/v1/items/(\d+)/?", parts.path)
        return m.group(1) if m else None
    return None


def _comment(item: Fields, root_id: str) -> Comment:
    cid = item.ident("id") or ""
    parent = item.ident("parent_id")
    text = item.text("text")
    author = item.text("author")
    return Comment(
        id=cid,
        parent_id=None if parent is None or parent == root_id else parent,
        author=author,
        text=html_to_text(text) if text else "",
        score=item.integer("points"),
        time=item.number("created_at_i"),
        permalink=ITEM_URL.format(cid),
        deleted=author is None and not text,
    )


def parse_hackernews(data: Any, where: str) -> Thread:
    """A parsed Algolia item (a story, or a comment as the root of a sub-thread) as a Thread."""
    root = Fields(data)
    root_id = root.ident("id")
    if root_id is None or not isinstance(root.raw.get("children", []), list):
        raise InputError(
            where, "expected a Hacker News item: a JSON object with 'id' and 'children' (Algolia items API)"
        )
    comments: list[Comment] = []
    stack = list(reversed(root.items("children")))
    while stack:
        item = Fields(stack.pop())
        if item.ident("id") is None:
            raise InputError(
                where, f"expected comment objects with an 'id' under 'children', got {item.raw!r:.60}"
            )
        if (item.text("type") or "comment") == "comment":
            comments.append(_comment(item, root_id))
        stack.extend(reversed(item.items("children")))
    title = root.text("title")
    if not title and root.text("type") == "comment":
        title = f"Comment by {root.text('author') or 'a deleted user'} on Hacker News"
    return Thread(
        source="hackernews",
        comments=tree_order(comments, where),
        url=ITEM_URL.format(root_id),
        title=title,
        post_text=html_to_text(root.text("text")) or None,
        post_author=root.text("author"),
        post_id=root_id,
        article_url=root.text("url") or None,
        declared_comments=None,  # the items API states no count
        extra={
            "points": root.integer("points"),
            "created_utc": root.integer("created_at_i"),
            "type": root.text("type"),
        },
    )


@SOURCES.register("hackernews")
class HackerNewsSource(Source):
    """Hacker News threads: saved Algolia item responses and live item URLs or ids."""

    name = "hackernews"
    options = frozenset({"api_base"})
    sniff_order = 20

    @classmethod
    def matches_url(cls, url: str) -> bool:
        return item_id(url) is not None

    @classmethod
    def matches_file(cls, path: Path, head: bytes) -> bool:
        start = head.lstrip()[:1]
        hn_fields = b'"story_id"' in head or b'"created_at_i"' in head or _ITEM_TYPE.search(head) is not None
        return start == b"{" and b'"children"' in head and hn_fields

    def load(self, location: str, **options: Any) -> Thread:
        if self.matches_url(location) and not Path(location).exists():
            return parse_hackernews(parse_json(self.fetch_raw(location, **options), location), location)
        return parse_hackernews(parse_json(read_file(Path(location)), location), location)

    def fetch_raw(self, location: str, **options: Any) -> str:
        hn_id = item_id(location)
        if hn_id is None:
            raise UsageError(f"not a Hacker News item URL or id: {location}")
        base = str(options.get("api_base") or ALGOLIA_ITEMS).rstrip("/")
        fetcher = options.get("fetcher")
        f: Fetcher = fetcher or Fetcher(allow_private=options.get("allow_private", False))
        try:
            response = f.get(f"{base}/{hn_id}", accept=("application/json",))
        finally:
            if fetcher is None:
                f.close()
        parse_hackernews(response.json(), response.url)  # a wrong shape fails now, not when it is read back
        return response.text
