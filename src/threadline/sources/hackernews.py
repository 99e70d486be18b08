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


def _comment(item: dict[str, Any], root_id: str) -> Comment:
    cid = str(item.get("id"))
    parent = item.get("parent_id")
    text = item.get("text")
    deleted = item.get("author") is None and not text
    time = item.get("created_at_i")
    points = item.get("points")
    return Comment(
        id=cid,
        parent_id=None if parent is None or str(parent) == root_id else str(parent),
        author=item.get("author"),
        text=html_to_text(text) if text else "",
        score=int(points) if isinstance(points, int) else None,
        time=float(time) if isinstance(time, int | float) else None,
        permalink=ITEM_URL.format(cid),
        deleted=deleted,
    )


def parse_hackernews(data: Any, where: str) -> Thread:
    """A parsed Algolia item (a story, or a comment as the root of a sub-thread) as a Thread."""
    if not (isinstance(data, dict) and "id" in data and isinstance(data.get("children", []), list)):
        raise InputError(
            where, "expected a Hacker News item: a JSON object with 'id' and 'children' (Algolia items API)"
        )
    root_id = str(data["id"])
    comments: list[Comment] = []
    stack = list(reversed(data.get("children") or []))
    while stack:
        item = stack.pop()
        if not isinstance(item, dict) or "id" not in item:
            raise InputError(
                where, f"expected comment objects with an 'id' under 'children', got {item!r:.60}"
            )
        if item.get("type", "comment") == "comment":
            comments.append(_comment(item, root_id))
        stack.extend(reversed(item.get("children") or []))
    title = data.get("title")
    if not title and data.get("type") == "comment":
        title = f"Comment by {data.get('author') or 'a deleted user'} on Hacker News"
    points = data.get("points")
    return Thread(
        source="hackernews",
        comments=tree_order(comments, where),
        url=ITEM_URL.format(root_id),
        title=title,
        post_text=html_to_text(data.get("text")) or None,
        post_author=data.get("author"),
        post_id=root_id,
        article_url=data.get("url") or None,
        declared_comments=None,  # the items API states no count
        extra={"points": points, "created_utc": data.get("created_at_i"), "type": data.get("type")},
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
