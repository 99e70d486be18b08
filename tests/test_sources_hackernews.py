"""Hacker News: the shared Algolia response, HTML to text, and live items fetched from 127.0.0.1."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import HN_FILES
from fixtures.sources.recorded_server import RecordedServer, Reply
from threadline.errors import BlockedAddressError, FetchError, InputError
from threadline.sources import fetch_raw, load, pick_source
from threadline.sources.hackernews import item_id


def raw_comments(item: dict[str, Any]) -> dict[str, tuple[dict[str, Any], int]]:
    out, stack = {}, [(c, 0) for c in item["children"]]
    while stack:
        child, level = stack.pop()
        out[str(child["id"])] = (child, level)
        stack.extend((c, level + 1) for c in child.get("children", []))
    return out


@pytest.mark.parametrize("path", HN_FILES, ids=lambda p: p.stem)
def test_every_shared_item_loads_with_true_counts(path: Path):
    item = json.loads(path.read_text(encoding="utf-8"))
    raw = raw_comments(item)
    thread = load(str(path))
    assert thread.source == "hackernews" and thread.seen_comments == len(raw)
    assert sum(c.deleted for c in thread) == sum(r["author"] is None for r, _ in raw.values())
    assert thread.article_url == item["url"] and thread.title == item["title"]
    assert thread.url == f"https://news.ycombinator.com/item?id={item['id']}"
    position = {c.id: i for i, c in enumerate(thread)}
    for c in thread:
        data, level = raw[c.id]
        assert c.depth == level and c.author == data["author"] and c.time == data["created_at_i"]
        if c.parent_id is None:
            assert data["parent_id"] == item["id"]
        else:
            assert str(data["parent_id"]) == c.parent_id and position[c.parent_id] < position[c.id]
        assert not re.search(r"</?(?:p|a|i|pre|code)\b", c.text), c.id
        assert "&#x2F;" not in c.text and "&quot;" not in c.text


def test_the_shared_thread_is_as_documented(shared_data):
    thread = load(str(shared_data / "hackernews/item_49220339.json"))
    assert thread.seen_comments == 335 and max(c.depth for c in thread) == 11  # 12 levels below the story
    first = thread.by_id["49220504"]
    assert first.text.startswith('"Between early June and early July')
    assert "https://www.gao.gov/assets/gao-25-107121.pdf there are ~17,000" in first.text
    assert "\n\n" in first.text  # <p> became a paragraph break


def test_the_small_fixture(fixtures: Path):
    thread = load(str(fixtures / "sources/hn_small.json"))
    assert [(c.id, c.parent_id, c.depth) for c in thread] == [("2", None, 0), ("3", "2", 1), ("4", None, 0)]
    assert thread.by_id["3"].deleted and thread.by_id["3"].text == ""
    assert thread.by_id["2"].text == "> a quote\n\nI <3 this & that\n\n  code()\n  more()"
    assert thread.post_text == "Ask HN text" and thread.article_url is None


@pytest.mark.parametrize(
    "location,expected",
    [
        ("49220339", "49220339"),
        ("https://news.ycombinator.com/item?id=49220339", "49220339"),
        ("news.ycombinator.com/item?id=1&p=2", "1"),
        ("https://hn.algolia.com/api/v1/items/42", "42"),
        ("https://news.ycombinator.com/news", None),
        ("12ab", None),
    ],
)
def test_item_ids(location, expected):
    assert item_id(location) == expected


def test_a_bare_id_picks_hacker_news():
    assert pick_source("49220339").name == "hackernews"


@pytest.fixture
def hn_server(shared_data):
    body = (shared_data / "hackernews/item_49220339.json").read_bytes()
    with RecordedServer() as server:
        server.route(
            "/api/v1/items/49220339", Reply(body=body, content_type="application/json; charset=utf-8")
        )
        yield server


def test_live_item_equals_the_saved_one(hn_server, shared_data):
    options = {"api_base": f"{hn_server.base}/api/v1/items", "allow_private": {hn_server.host}}
    live = load("https://news.ycombinator.com/item?id=49220339", **options)
    saved = load(str(shared_data / "hackernews/item_49220339.json"))
    assert [(c.id, c.parent_id, c.text) for c in live] == [(c.id, c.parent_id, c.text) for c in saved]
    text, kind = fetch_raw("49220339", **options)
    assert kind == "hackernews" and json.loads(text)["id"] == 49220339


def test_live_errors(hn_server):
    options = {"api_base": f"{hn_server.base}/api/v1/items", "allow_private": {hn_server.host}}
    with pytest.raises(FetchError, match="404"):
        load("123", **options)
    hn_server.route("/api/v1/items/5", Reply(body=b'{"error": "nope"}'))
    with pytest.raises(InputError, match="expected a Hacker News item"):
        load("5", **options)
    with pytest.raises(BlockedAddressError):
        load("49220339", api_base=f"{hn_server.base}/api/v1/items")
