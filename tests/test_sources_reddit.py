"""Reddit: every shared thread loads with counts checked against the raw JSON; live fetching with `more`."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REDDIT_FILES
from fixtures.sources.recorded_server import RecordedServer, Reply
from threadline.errors import FetchError, InputError, UsageError
from threadline.fetch import Fetcher
from threadline.sources import fetch_raw, load
from threadline.sources.reddit import parse_reddit, thread_id_from_url


def raw_things(data: list[Any], levels: dict[str, int] | None = None) -> list[dict[str, Any]]:
    """Every thing under the comment listing, walked independently of the source code; ``levels`` receives
    each comment's nesting level."""
    out, stack = [], [(t, 0) for t in data[1]["data"]["children"]]
    while stack:
        thing, level = stack.pop()
        out.append(thing)
        if levels is not None and thing["kind"] == "t1":
            levels[thing["data"]["id"]] = level
        replies = thing["data"].get("replies") if thing["kind"] == "t1" else None
        if replies:
            stack.extend((t, level + 1) for t in replies["data"]["children"])
    return out


@pytest.mark.parametrize("path", REDDIT_FILES, ids=lambda p: p.stem)
def test_every_shared_thread_loads_with_true_counts(path: Path):
    data = json.loads(path.read_text(encoding="utf-8"))
    levels: dict[str, int] = {}
    things = raw_things(data, levels)
    t1 = {t["data"]["id"]: t["data"] for t in things if t["kind"] == "t1"}
    post = data[0]["data"]["children"][0]["data"]
    thread = load(str(path))
    assert thread.source == "reddit"
    assert thread.seen_comments == len(t1)
    assert {c.id for c in thread.comments} == set(t1)
    assert thread.declared_comments == post["num_comments"]
    assert thread.unexpanded == sum(len(t["data"]["children"]) for t in things if t["kind"] == "more")
    assert sum(c.deleted for c in thread) == sum(d["body"] == "[deleted]" for d in t1.values())
    assert sum(c.removed for c in thread) == sum(d["body"] == "[removed]" for d in t1.values())
    position = {c.id: i for i, c in enumerate(thread.comments)}
    for c in thread.comments:
        assert c.depth == levels[c.id] == t1[c.id].get("depth", levels[c.id]), c.id
        assert c.time == t1[c.id]["created_utc"] and c.score == t1[c.id]["score"]
        assert c.controversial == bool(t1[c.id]["controversiality"])
        assert c.permalink and c.permalink.startswith("https://www.reddit.com/") and c.id in c.permalink
        if c.parent_id is None:
            assert t1[c.id]["parent_id"].startswith("t3_")
        else:
            assert position[c.parent_id] < position[c.id] and t1[c.id]["parent_id"] == "t1_" + c.parent_id
        if c.deleted or c.removed:
            assert c.text == ""
        assert "&amp;" not in c.text and "&gt;" not in c.text and "&#39;" not in c.text and "**" not in c.text
    assert thread.url == "https://www.reddit.com" + post["permalink"]
    if post["is_self"]:
        assert thread.article_url is None
        assert bool(thread.post_text) == bool(post["selftext"].strip())
    else:
        assert thread.post_text is None and thread.extra["link_url"] == post["url"]


def test_link_posts_bring_their_article_and_image_posts_do_not(shared_data):
    assert load(str(shared_data / "reddit/Python__91em1h.json")).article_url == (
        "http://matthewrocklin.com/blog/work/2018/07/23/protocols-pickle"
    )
    assert load(str(shared_data / "reddit/pics__hlrjn9.json")).article_url is None


def test_markdown_and_entities_become_plain_text(shared_data):
    thread = load(str(shared_data / "reddit/announcements__fo7p5b.json"))
    quoted = [c for c in thread if c.text.startswith("> ")]
    assert len(quoted) >= 20  # quote lines kept as lines for cleaning to strip
    raw = json.loads((shared_data / "reddit/announcements__fo7p5b.json").read_text(encoding="utf-8"))
    with_entities = [t["data"] for t in raw_things(raw) if t["kind"] == "t1" and "&amp;" in t["data"]["body"]]
    for data in with_entities:
        assert "&" in thread.by_id[data["id"]].text


def test_the_small_fixture_is_read_exactly(fixtures: Path):
    thread = load(str(fixtures / "sources/reddit_small.json"))
    assert [(c.id, c.parent_id, c.depth) for c in thread] == [
        ("c1", None, 0),
        ("c2", "c1", 1),
        ("c3", "c2", 2),
        ("c4", "c1", 1),
        ("c5", None, 0),
        ("c6", None, 0),
    ]
    by = thread.by_id
    assert by["c1"].text == 'Bold claim & a link to the docs.\n\n> "quoted" text\n\nplain'
    assert by["c2"].deleted and by["c2"].author is None and by["c2"].text == ""
    assert by["c4"].removed and not by["c4"].deleted
    assert by["c5"].bot and by["c3"].controversial
    assert thread.unexpanded == 3 and thread.extra["deep_links"] == 1
    assert thread.title == "Tom & Jerry's thread" and thread.post_text == "Self text with code"


@pytest.mark.parametrize(
    "url,post",
    [
        ("https://www.reddit.com/r/pics/comments/hlrjn9/detroit_where/", "hlrjn9"),
        ("https://old.reddit.com/r/pics/comments/HLRJN9/", "hlrjn9"),
        ("reddit.com/comments/abc12", "abc12"),
        ("https://np.reddit.com/r/x/comments/abc12/t/c0mment/", "abc12"),
        ("https://redd.it/abc12", "abc12"),
        ("https://example.com/r/x/comments/abc12/", None),
        ("https://www.reddit.com/r/pics/", None),
    ],
)
def test_thread_urls(url, post):
    assert thread_id_from_url(url) == post


def test_share_links_are_explained():
    with pytest.raises(UsageError, match="share link; open it in a browser"):
        load("https://www.reddit.com/r/pics/s/AbC123xyz")


# --- live, against recorded responses served on 127.0.0.1 ---------------------------------------------------


def split_for_more(data: list[Any], keep_top: int) -> tuple[list[Any], dict[str, dict[str, Any]]]:
    """Cut a real thread like Reddit does: the first ``keep_top`` top-level subtrees stay, the rest go behind
    one ``more`` placeholder; returns the cut response and the removed comments (flat, by id)."""
    data = copy.deepcopy(data)
    top = [t for t in data[1]["data"]["children"] if t["kind"] == "t1"]
    for thing in raw_things(data):  # the original placeholders are dropped: the cut must be the only gap
        replies = thing["data"].get("replies") if thing["kind"] == "t1" else None
        if replies:
            replies["data"]["children"] = [x for x in replies["data"]["children"] if x["kind"] == "t1"]
    hidden: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    stack = list(reversed(top[keep_top:]))
    while stack:
        thing = stack.pop()
        flat = dict(thing["data"], replies="")
        hidden[flat["id"]] = {"kind": "t1", "data": flat}
        order.append(flat["id"])
        replies = thing["data"].get("replies")
        if replies:
            stack.extend(reversed(replies["data"]["children"]))
    more = {
        "kind": "more",
        "data": {
            "id": order[0],
            "parent_id": top[0]["data"]["parent_id"],
            "depth": 0,
            "count": len(order),
            "children": order,
        },
    }
    data[1]["data"]["children"] = top[:keep_top] + [more]
    return data, hidden


@pytest.fixture
def reddit_server(shared_data):
    original = json.loads((shared_data / "reddit/funny__3hahrw.json").read_text(encoding="utf-8"))
    cut, hidden = split_for_more(original, keep_top=3)

    def morechildren(query: dict[str, list[str]]) -> Reply:
        assert query["link_id"] == ["t3_3hahrw"] and query["api_type"] == ["json"]
        things = [hidden[i] for i in query["children"][0].split(",") if i in hidden]
        return Reply(body=json.dumps({"json": {"errors": [], "data": {"things": things}}}).encode())

    with RecordedServer() as server:
        server.route("/comments/3hahrw.json", Reply(body=json.dumps(cut).encode()))
        server.route("/api/morechildren.json", morechildren)
        server.hidden = hidden  # type: ignore[attr-defined]
        server.original = original  # type: ignore[attr-defined]
        yield server


URL = "https://www.reddit.com/r/funny/comments/3hahrw/ba_dum_tsss/"


def live_options(server: RecordedServer, **extra: Any) -> dict[str, Any]:
    return {"base": server.base, "allow_private": {server.host}, **extra}


def test_live_thread_with_more_expanded_equals_the_full_thread(reddit_server):
    thread = load(URL, **live_options(reddit_server, max_requests=20))
    full = {t["data"]["id"] for t in raw_things(reddit_server.original) if t["kind"] == "t1"}
    hidden = len(reddit_server.hidden)
    assert hidden > 250 and {c.id for c in thread} == full and thread.unexpanded == 0
    assert reddit_server.paths().count("/api/morechildren.json") == -(-hidden // 100)
    assert all(c.depth == thread.parent(c).depth + 1 for c in thread if c.parent_id)
    assert "threadline" in reddit_server.requests[0]["headers"]["User-Agent"]


def test_live_expansion_stops_at_the_request_budget(reddit_server):
    thread = load(URL, **live_options(reddit_server, max_requests=3))
    assert reddit_server.paths().count("/api/morechildren.json") == 2
    assert thread.seen_comments == 527 - len(reddit_server.hidden) + 200
    assert thread.unexpanded == len(reddit_server.hidden) - 200


def test_fetch_raw_saves_a_file_that_loads_back_the_same(reddit_server, tmp_path):
    text, kind = fetch_raw(URL, **live_options(reddit_server, max_requests=2))
    assert kind == "reddit"
    saved = tmp_path / "thread.json"
    saved.write_text(text, encoding="utf-8")
    live = load(URL, **live_options(reddit_server, max_requests=2))
    again = load(str(saved))
    assert [(c.id, c.parent_id, c.depth, c.text) for c in again] == [
        (c.id, c.parent_id, c.depth, c.text) for c in live
    ]
    assert again.unexpanded == live.unexpanded > 0


def cut_deep(data: list[Any]) -> tuple[list[Any], str, dict[str, Any]]:
    """Cut a real thread like Reddit does past its depth limit: the replies of the first comment at level 2
    with grandchildren go behind a "continue this thread" placeholder. Returns the cut response, that
    comment's id and the comment with its whole subtree (what the deep-link endpoint answers)."""
    data = copy.deepcopy(data)
    for thing in raw_things(data):  # the original placeholders are dropped: the cut must be the only gap
        replies = thing["data"].get("replies") if thing["kind"] == "t1" else None
        if replies:
            replies["data"]["children"] = [x for x in replies["data"]["children"] if x["kind"] == "t1"]
    levels: dict[str, int] = {}
    things = raw_things(data, levels)

    def subtree(thing: dict[str, Any]) -> int:
        return sum(1 for t in raw_things([None, {"data": {"children": [thing]}}]) if t["kind"] == "t1")

    target = next(t for t in things if t["kind"] == "t1" and levels[t["data"]["id"]] == 2 and subtree(t) >= 4)
    whole = copy.deepcopy(target)
    link = {
        "kind": "more",
        "data": {
            "count": 0,
            "name": "t1__",
            "id": "_",
            "children": [],
            "depth": 3,
            "parent_id": f"t1_{target['data']['id']}",
        },
    }
    target["data"]["replies"]["data"]["children"] = [link]
    return data, target["data"]["id"], whole


@pytest.fixture
def deep_server(shared_data):
    original = json.loads((shared_data / "reddit/funny__3hahrw.json").read_text(encoding="utf-8"))
    cut, comment_id, whole = cut_deep(original)
    with RecordedServer() as server:
        server.route("/comments/3hahrw.json", Reply(body=json.dumps(cut).encode()))
        answer = [cut[0], {"kind": "Listing", "data": {"children": [whole]}}]
        server.route(f"/comments/3hahrw/_/{comment_id}.json", Reply(body=json.dumps(answer).encode()))
        server.original = original  # type: ignore[attr-defined]
        server.cut = cut  # type: ignore[attr-defined]
        server.deep_path = f"/comments/3hahrw/_/{comment_id}.json"  # type: ignore[attr-defined]
        yield server


def test_continue_this_thread_links_are_followed_within_the_budget(deep_server):
    thread = load(URL, **live_options(deep_server))
    full = {t["data"]["id"] for t in raw_things(deep_server.original) if t["kind"] == "t1"}
    assert {c.id for c in thread} == full and thread.extra.get("deep_links", 0) == 0
    assert deep_server.paths() == ["/comments/3hahrw.json", deep_server.deep_path]
    assert all(c.depth == thread.parent(c).depth + 1 for c in thread if c.parent_id)


def test_continue_this_thread_links_past_the_budget_or_failing_are_counted(deep_server):
    cut = {t["data"]["id"] for t in raw_things(deep_server.cut) if t["kind"] == "t1"}
    thread = load(URL, **live_options(deep_server, max_requests=1))
    assert {c.id for c in thread} == cut and thread.extra["deep_links"] == 1
    for broken in (Reply(500, b"down", "text/plain"), Reply(body=b'{"not": "a listing"}')):
        deep_server.route(deep_server.deep_path, broken)
        fetcher = Fetcher(allow_private={deep_server.host}, sleep=lambda s: None, retries=1)
        thread = load(URL, base=deep_server.base, fetcher=fetcher)
        assert {c.id for c in thread} == cut and thread.extra["deep_links"] == 1


def test_a_failing_morechildren_keeps_what_was_loaded(reddit_server):
    reddit_server.route("/api/morechildren.json", Reply(500, b"down", "text/plain"))
    fetcher = Fetcher(allow_private={reddit_server.host}, sleep=lambda s: None, retries=1)
    thread = load(URL, base=reddit_server.base, fetcher=fetcher)
    assert thread.seen_comments == 527 - len(reddit_server.hidden)
    assert thread.unexpanded == len(reddit_server.hidden)


def test_rate_limit_then_success(reddit_server):
    waits: list[float] = []
    body = json.dumps(reddit_server.original).encode()
    reddit_server.route(
        "/comments/3hahrw.json", Reply(429, b"", headers={"Retry-After": "7"}), Reply(body=body)
    )
    thread = load(
        URL, base=reddit_server.base, fetcher=Fetcher(allow_private={reddit_server.host}, sleep=waits.append)
    )
    assert waits == [7.0] and thread.seen_comments == 527


def test_a_blocked_or_missing_thread_is_a_fetch_error(reddit_server):
    reddit_server.route("/comments/3hahrw.json", Reply(403, b"<html>blocked</html>", "text/html"))
    with pytest.raises(FetchError, match="403"):
        load(URL, **live_options(reddit_server))
    reddit_server.route("/comments/3hahrw.json", Reply(200, b"<html>login</html>", "text/html"))
    with pytest.raises(FetchError, match="expected application/json"):
        load(URL, **live_options(reddit_server))
    reddit_server.route("/comments/3hahrw.json", Reply(body=b'{"kind": "Listing"}'))
    with pytest.raises(InputError, match="expected a Reddit thread"):
        load(URL, **live_options(reddit_server))


def test_live_reddit_refuses_private_hosts_without_permission(reddit_server):
    from threadline.errors import BlockedAddressError

    with pytest.raises(BlockedAddressError):
        load(URL, base=reddit_server.base)
    assert reddit_server.requests == []


# --- properties -------------------------------------------------------------------------------------------

BODIES = st.sampled_from(
    ["[deleted]", "[removed]", "plain", "**bold** &amp; [x](http://y)", "&gt; quote\n\nre", ""]
)


def build_response(parents: list[int], bodies: list[str], mores: list[int]) -> list[Any]:
    """A response whose comment i replies to comment ``parents[i]`` (< i) or the post (-1); comment ``m`` in
    ``mores`` gets a ``more`` placeholder with two ids below it."""
    things = [
        {
            "kind": "t1",
            "data": {
                "id": f"c{i}",
                "parent_id": f"t1_c{p}" if p >= 0 else "t3_p",
                "body": body,
                "author": "[deleted]" if body == "[deleted]" else f"u{i}",
                "replies": "",
            },
        }
        for i, (p, body) in enumerate(zip(parents, bodies, strict=True))
    ]
    top: list[Any] = []
    for i, p in enumerate(parents):
        siblings = top
        if p >= 0:
            if not things[p]["data"]["replies"]:
                things[p]["data"]["replies"] = {"kind": "Listing", "data": {"children": []}}
            siblings = things[p]["data"]["replies"]["data"]["children"]
        siblings.append(things[i])
    for m in mores:
        more = {"kind": "more", "data": {"id": f"m{m}", "children": [f"m{m}a", f"m{m}b"], "count": 2}}
        things[m]["data"]["replies"] = things[m]["data"]["replies"] or {
            "kind": "Listing",
            "data": {"children": []},
        }
        things[m]["data"]["replies"]["data"]["children"].append(more)
    post = {"kind": "t3", "data": {"id": "p", "title": "t", "num_comments": len(parents), "is_self": True}}
    return [{"kind": "Listing", "data": {"children": [post]}}, {"kind": "Listing", "data": {"children": top}}]


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_any_comment_tree_parses_completely(data):
    n = data.draw(st.integers(0, 40))
    parents = [data.draw(st.integers(-1, i - 1)) for i in range(n)]
    bodies = data.draw(st.lists(BODIES, min_size=n, max_size=n))
    mores = data.draw(st.lists(st.integers(0, n - 1), unique=True, max_size=3)) if n else []
    thread = parse_reddit(json.loads(json.dumps(build_response(parents, bodies, mores))), "generated")
    assert [c.id for c in thread] == sorted((f"c{i}" for i in range(n)), key=lambda x: _preorder(parents)[x])
    assert thread.unexpanded == 2 * len(mores)
    assert sum(c.deleted for c in thread) == bodies.count("[deleted]")
    assert sum(c.removed for c in thread) == bodies.count("[removed]")
    for c in thread:
        i = int(c.id[1:])
        assert c.parent_id == (f"c{parents[i]}" if parents[i] >= 0 else None)
        assert "&amp;" not in c.text and "**" not in c.text


def _preorder(parents: list[int]) -> dict[str, int]:
    """Each comment's place in a depth-first walk, children in id order: the order Reddit nests them in."""
    children: dict[int, list[int]] = {}
    for i, p in enumerate(parents):
        children.setdefault(p, []).append(i)
    order, stack = {}, list(reversed(children.get(-1, [])))
    while stack:
        i = stack.pop()
        order[f"c{i}"] = len(order)
        stack.extend(reversed(children.get(i, [])))
    return order
