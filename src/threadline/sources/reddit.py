"""Reddit: a saved ``.json`` endpoint response, or a thread URL fetched live.

A response is ``[post Listing, comment Listing]``: comments are ``t1`` things nested through ``replies``;
``more`` things stand for comments Reddit did not send (their ids in ``children``).

Live fetching (``https://www.reddit.com/r/<sub>/comments/<id>/...``, ``old.``/``np.``/``m.`` hosts,
``reddit.com/comments/<id>``, ``redd.it/<id>``) asks the public ``.json`` endpoint once, then expands ``more``
placeholders through ``/api/morechildren.json`` (100 ids a request), then follows "continue this thread"
links (replies deeper than Reddit sends in one response, fetched from ``/comments/<post>/_/<comment>.json``),
until ``max_requests`` requests in all (default 10) have been made. Ids still behind placeholders are
counted in ``Thread.unexpanded``, links not followed in ``Thread.extra["deep_links"]``. What was fetched is
merged into the response, so the text ``fetch_raw`` returns has the same shape as a saved response and
loads back into the same thread.
"""

from __future__ import annotations

import html
import json
import logging
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import FetchError, InputError, UsageError
from ..fetch import Fetcher
from ..model import Comment, Thread
from ._base import SOURCES, Source, parse_json, read_file
from ._fields import Fields
from .text import markdown_to_text
from .tree import tree_order

__all__ = ["RedditSource", "parse_reddit", "reddit_comment", "thread_id_from_url"]

log = logging.getLogger(__name__)

BASE = "https://www.reddit.com"
DEFAULT_MAX_REQUESTS = 10
MORE_BATCH = 100
_HOSTS = re.compile(r"^(?:[\w-]+\.)?reddit\.com$|^redd\.it$")
_POST_PATH = re.compile(r"/comments/([a-z0-9]+)(?:/|$)", re.I)
_MEDIA = re.compile(
    r"\.(?:jpe?g|png|gifv?|webp|mp4|webm)(?:\?|$)|^https?://(?:i|v|preview)\.redd\.it/|"
    r"^https?://i\.imgur\.com/",
    re.I,
)
_BOTS = frozenset({"automoderator"})
_GONE = {"[deleted]": "deleted", "[removed]": "removed", "[ removed by reddit ]": "removed"}


def thread_id_from_url(url: str) -> str | None:
    """The post id in a Reddit thread URL, or None when the URL isn't one."""
    parts = urlsplit(url if "://" in url else "https://" + url)
    host = (parts.hostname or "").lower()
    if not _HOSTS.match(host):
        return None
    if host == "redd.it":
        post = parts.path.strip("/").split("/")[0]
        return post.lower() if re.fullmatch(r"[a-z0-9]+", post, re.I) else None
    m = _POST_PATH.search(parts.path)
    return m.group(1).lower() if m else None


def _is_share_link(url: str) -> bool:
    parts = urlsplit(url if "://" in url else "https://" + url)
    return (
        bool(_HOSTS.match((parts.hostname or "").lower()))
        and re.search(r"/r/[^/]+/s/\w+", parts.path) is not None
    )


def _strip_prefix(fullname: str | None) -> str | None:
    if not fullname:
        return None
    return fullname.split("_", 1)[1] if re.match(r"^t\d_", fullname) else fullname


def reddit_comment(data: dict[str, Any] | Fields, post_id: str | None, post_permalink: str | None) -> Comment:
    """One ``t1`` thing's ``data`` as a Comment (dump lines have the same fields, so dump.py may reuse it)."""
    f = data if isinstance(data, Fields) else Fields(data)
    body = f.text("body")
    status = _GONE.get((body or "").strip().lower())
    author = f.text("author")
    parent_name = f.text("parent_id")
    parent = _strip_prefix(parent_name)
    cid = f.ident("id") or _strip_prefix(f.text("name")) or ""
    permalink = f.text("permalink")
    if permalink:
        permalink = permalink if permalink.startswith("http") else BASE + permalink
    elif post_permalink:
        permalink = f"{post_permalink.rstrip('/')}/{cid}/"
    extra = {k: v for k, v in f.simple("is_submitter", "stickied", "distinguished", "edited").items() if v}
    return Comment(
        id=cid,
        parent_id=None if parent == post_id or (parent_name or "").startswith("t3_") else parent,
        author=None if author in (None, "[deleted]") else author,
        text="" if status else markdown_to_text(body),
        score=f.integer("score"),
        time=f.number("created_utc"),
        permalink=permalink,
        deleted=status == "deleted",
        removed=status == "removed",
        bot=(author or "").lower() in _BOTS,
        controversial=f.flag("controversiality"),
        extra=extra,
    )


def _things(listing: Any, where: str, what: str) -> list[Any]:
    f = Fields(listing)
    if f.text("kind") != "Listing":
        raise InputError(where, f"expected the {what} to be a Reddit Listing object")
    children = f.obj("data").raw.get("children")
    if not isinstance(children, list):
        raise InputError(where, f"the {what} Listing has no data.children list")
    return children


def _post(data: Any, where: str) -> Fields:
    if not (isinstance(data, list) and len(data) == 2):
        raise InputError(
            where,
            "expected a Reddit thread: a JSON array [post Listing, comment Listing], as .json endpoints give",
        )
    posts = _things(data[0], where, "first element (the post)")
    if not posts or Fields(posts[0]).text("kind") != "t3":
        raise InputError(where, "the post Listing holds no t3 (post) thing")
    if not isinstance(posts[0].get("data"), dict):
        raise InputError(where, "the post (t3 thing) has no data object")
    return Fields(posts[0]["data"])


def parse_reddit(data: Any, where: str) -> Thread:
    """A parsed ``.json`` endpoint response as a Thread (comments in tree order, ``more`` counted)."""
    post = _post(data, where)
    post_id = post.ident("id") or _strip_prefix(post.text("name")) or None
    permalink = post.text("permalink")
    url = (BASE + permalink if permalink and not permalink.startswith("http") else permalink) or None
    comments: list[Comment] = []
    seen: set[str] = set()
    unexpanded = deep_links = 0
    stack = list(reversed(_things(data[1], where, "second element (the comments)")))
    while stack:
        thing = stack.pop()
        if not isinstance(thing, dict):
            raise InputError(where, f"expected a comment object in a Listing, got {type(thing).__name__}")
        kind, tdata = Fields(thing).text("kind"), Fields(thing.get("data"))
        if kind == "more":
            ids = tdata.items("children")
            unexpanded += len(ids)
            deep_links += not ids
            continue
        if kind != "t1":
            continue
        comment = reddit_comment(tdata, post_id, url)
        if comment.id and comment.id not in seen:
            seen.add(comment.id)
            comments.append(comment)
        replies = tdata.raw.get("replies")
        if isinstance(replies, dict):
            stack.extend(reversed(_things(replies, where, f"replies of comment {comment.id}")))
    return _thread(post, post_id, url, tree_order(comments, where), unexpanded, deep_links)


def _thread(
    post: Fields,
    post_id: str | None,
    url: str | None,
    comments: list[Comment],
    unexpanded: int,
    deep: int,
) -> Thread:
    link = post.text("url") or None
    is_self = post.flag("is_self") or (link is not None and link == url)
    selftext = post.text("selftext")
    status = _GONE.get((selftext or "").strip().lower()) if selftext is not None else None
    num = post.integer("num_comments")
    extra: dict[str, Any] = post.simple("subreddit", "score", "upvote_ratio", "created_utc")
    if link and not is_self:
        extra["link_url"] = link
    if deep:
        extra["deep_links"] = deep
    author = post.text("author")
    title = post.text("title")
    return Thread(
        source="reddit",
        comments=comments,
        url=url,
        title=html.unescape(title) if title else None,
        post_text=(markdown_to_text(selftext) or None) if not status else None,
        post_author=None if author in (None, "[deleted]") else author,
        post_id=post_id,
        article_url=link if link and not is_self and not _MEDIA.search(link) else None,
        declared_comments=num,
        unexpanded=unexpanded,
        extra=extra,
    )


@SOURCES.register("reddit")
class RedditSource(Source):
    """Reddit threads: saved ``.json`` responses and live thread URLs (see the module docstring)."""

    name = "reddit"
    options = frozenset({"base"})
    sniff_order = 10

    @classmethod
    def matches_url(cls, url: str) -> bool:
        return thread_id_from_url(url) is not None or _is_share_link(url)

    @classmethod
    def matches_file(cls, path: Path, head: bytes) -> bool:
        start = head.lstrip()[:1]
        return start == b"[" and re.search(rb'"kind"\s*:\s*"Listing"', head) is not None

    def load(self, location: str, **options: Any) -> Thread:
        if self.matches_url(location):
            raw = self.fetch_raw(location, **options)
            return parse_reddit(json.loads(raw), location)
        return parse_reddit(parse_json(read_file(Path(location)), location), location)

    def fetch_raw(self, location: str, **options: Any) -> str:
        post_id = thread_id_from_url(location)
        if post_id is None and _is_share_link(location):
            raise UsageError(
                f"{location} is a Reddit share link; open it in a browser and use the thread's own address "
                "(…/comments/<id>/…)"
            )
        if post_id is None:
            raise UsageError(f"not a Reddit thread URL: {location}")
        budget = int(options.get("max_requests") or DEFAULT_MAX_REQUESTS)
        if budget < 1:
            raise UsageError("max_requests must be at least 1")
        base = str(options.get("base") or BASE).rstrip("/")
        fetcher = options.get("fetcher")
        own = fetcher is None
        f: Fetcher = fetcher or Fetcher(allow_private=options.get("allow_private", False))
        try:
            data = f.get_json(f"{base}/comments/{post_id}.json", params={"limit": "500"})
            _post(data, location)
            _expand_more(f, base, post_id, data, budget - 1, location)
        finally:
            if own:
                f.close()
        return json.dumps(data, ensure_ascii=False)


def _expand_more(f: Fetcher, base: str, post_id: str, data: list[Any], budget: int, where: str) -> None:
    """Within ``budget`` requests, fetch ``more`` ids through morechildren (breadth first: they hold whole
    subtrees), then follow "continue this thread" links, merging everything into ``data``."""
    index = _index_things(data)
    tried: set[int] = set()  # deep links already asked for, answered or not
    for _ in range(budget):
        pending = [m for m in index["more"] if m["data"].get("children")]
        if pending:
            if not _fetch_more(f, base, post_id, data, index, pending, where):
                break
            continue
        deep = [m for m in index["more"] if _is_deep_link(m) and id(m) not in tried]
        if not deep:
            break
        tried.add(id(deep[0]))
        if _follow_deep_link(f, base, post_id, data, index, deep[0], where):
            index = _index_things(data)
    _drop_empty_more(data)


def _fetch_more(
    f: Fetcher, base: str, post_id: str, data: list[Any], index: dict[str, Any], pending: list, where: str
) -> bool:
    """One morechildren request for up to ``MORE_BATCH`` pending ids; False if the fetch failed."""
    batch: list[str] = []
    for m in pending:
        take = m["data"]["children"][: MORE_BATCH - len(batch)]
        batch.extend(take)
        m["data"]["children"] = m["data"]["children"][len(take) :]
        m["data"]["count"] = len(m["data"]["children"])
        if len(batch) >= MORE_BATCH:
            break
    params = {"api_type": "json", "link_id": f"t3_{post_id}", "children": ",".join(batch)}
    try:
        reply = f.get_json(f"{base}/api/morechildren.json", params=params)
    except FetchError as e:
        # Keep what we have: the ids go back behind their placeholder and are counted as unexpanded.
        log.warning("%s: stopped expanding 'more' comments: %s", where, e)
        _restore(pending, batch)
        return False
    things = ((reply or {}).get("json") or {}).get("data", {}).get("things")
    if not isinstance(things, list):
        raise InputError(f"{base}/api/morechildren.json", "expected json.data.things in the response")
    _merge(index, data, things)
    return True


def _is_deep_link(thing: dict[str, Any]) -> bool:
    """A "continue this thread" placeholder: a ``more`` with no ids, standing for a comment's replies."""
    tdata = thing.get("data") or {}
    return not tdata.get("children") and str(tdata.get("parent_id") or "").startswith("t1_")


def _follow_deep_link(
    f: Fetcher, base: str, post_id: str, data: list[Any], index: dict[str, Any], link: Any, where: str
) -> bool:
    """Fetch the replies a "continue this thread" link stands for and put them in its place.

    False (the link stays, counted as not followed) when the fetch fails or the answer lacks the comment.
    """
    parent_id = _strip_prefix(link["data"]["parent_id"]) or ""
    parent = index["t1"].get(parent_id)
    url = f"{base}/comments/{post_id}/_/{parent_id}.json"
    try:
        reply = f.get_json(url, params={"limit": "500"})
    except FetchError as e:
        log.warning("%s: could not follow a 'continue this thread' link: %s", where, e)
        return False
    try:  # a malformed answer costs this link, not the thread
        listing = reply[1] if isinstance(reply, list) and len(reply) == 2 else None
        things = _things(listing, url, "comments")
    except InputError as e:
        log.warning("%s: %s", where, e)
        return False
    fetched = next(
        (
            t
            for t in things
            if isinstance(t, dict) and t.get("kind") == "t1" and (t.get("data") or {}).get("id") == parent_id
        ),
        None,
    )
    if parent is None or fetched is None:
        log.warning("%s: %s did not hold comment %s", where, url, parent_id)
        return False
    replies = fetched["data"].get("replies")
    found = (replies.get("data") or {}).get("children") or [] if isinstance(replies, dict) else []
    found = [t for t in found if isinstance(t, dict) and t.get("kind") in ("t1", "more")]
    siblings = parent["data"]["replies"]["data"]["children"]
    known = {t["data"].get("id") for t in siblings if t.get("kind") == "t1"}
    siblings[:] = [t for t in siblings if t is not link] + [
        t for t in found if not (t.get("kind") == "t1" and t["data"].get("id") in known)
    ]
    return True


def _restore(pending: list[dict[str, Any]], batch: list[str]) -> None:
    placeholder = pending[0]["data"]
    placeholder["children"] = batch + placeholder["children"]
    placeholder["count"] = len(placeholder["children"])


def _index_things(data: list[Any]) -> dict[str, Any]:
    """t1 things by id, and the list of ``more`` things, walking the response without recursion."""
    comments: dict[str, Any] = {}
    more: list[Any] = []
    stack = list(data[1]["data"]["children"])
    while stack:
        thing = stack.pop()
        if thing.get("kind") == "more":
            more.append(thing)
        elif thing.get("kind") == "t1":
            comments[thing["data"].get("id")] = thing
            replies = thing["data"].get("replies")
            if isinstance(replies, dict):
                stack.extend((replies.get("data") or {}).get("children") or [])
    more.sort(key=lambda m: m["data"].get("depth", 0))  # shallow placeholders first: they hold whole subtrees
    return {"t1": comments, "more": more}


def _merge(index: dict[str, Any], data: list[Any], things: list[Any]) -> None:
    """Attach morechildren things to their parents (or the top level) in the order Reddit sent them."""
    for thing in things:
        if not isinstance(thing, dict) or thing.get("kind") not in ("t1", "more"):
            continue
        tdata = thing.get("data") or {}
        if thing["kind"] == "t1" and tdata.get("id") in index["t1"]:
            continue
        parent = index["t1"].get(_strip_prefix(tdata.get("parent_id")))
        if parent is None:
            siblings = data[1]["data"]["children"]
        else:
            if not isinstance(parent["data"].get("replies"), dict):
                parent["data"]["replies"] = {"kind": "Listing", "data": {"children": []}}
            siblings = parent["data"]["replies"]["data"]["children"]
        tdata.setdefault("replies", "")
        siblings.append(thing)
        if thing["kind"] == "t1":
            index["t1"][tdata.get("id")] = thing
        elif tdata.get("children"):
            index["more"].append(thing)


def _drop_empty_more(data: list[Any]) -> None:
    """Remove placeholders whose ids were all fetched, so the saved file doesn't claim missing comments."""
    stack = [data[1]]
    while stack:
        listing = stack.pop()
        children = listing["data"]["children"]
        children[:] = [
            t
            for t in children
            if t.get("kind") != "more" or t["data"].get("children") or t["data"].get("id") == "_"
        ]
        for t in children:
            replies = t.get("data", {}).get("replies") if t.get("kind") == "t1" else None
            if isinstance(replies, dict):
                stack.append(replies)
