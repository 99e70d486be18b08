"""Picking a source, options, and bad input: every failure a clear error naming the file."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threadline.errors import InputError, UsageError
from threadline.sources import SOURCES, fetch_raw, load, pick_source
from threadline.sources._base import _parse_deep_json, parse_json


@pytest.mark.parametrize(
    "relative,kind",
    [
        ("reddit/Python__91em1h.json", "reddit"),
        ("hackernews/item_49220339.json", "hackernews"),
        ("polis/brexit-consensus", "polis"),
        ("polis/brexit-consensus/comments.csv", "polis"),
    ],
)
def test_files_are_sniffed(shared_data, relative, kind):
    assert pick_source(str(shared_data / relative)).name == kind


@pytest.mark.parametrize(
    "url,kind",
    [
        ("https://www.reddit.com/r/x/comments/abc/title/", "reddit"),
        ("https://redd.it/abc", "reddit"),
        ("https://news.ycombinator.com/item?id=1", "hackernews"),
        ("8863", "hackernews"),
    ],
)
def test_urls_pick_their_source(url, kind):
    assert pick_source(url).name == kind


def test_a_gzipped_saved_thread_loads(shared_data, tmp_path):
    path = tmp_path / "t.json.gz"
    path.write_bytes(gzip.compress((shared_data / "reddit/Python__91em1h.json").read_bytes()))
    assert load(str(path)).seen_comments == 11


def test_an_unknown_kind_lists_the_available_ones(shared_data):
    with pytest.raises(UsageError) as e:
        load(str(shared_data / "reddit/Python__91em1h.json"), kind="twitter")
    for name in ("reddit", "hackernews", "polis", "table"):
        assert name in str(e.value)
    assert set(SOURCES.names()) >= {"reddit", "hackernews", "polis", "table"}


def test_an_unknown_option_is_a_usage_error(shared_data):
    with pytest.raises(UsageError, match="unknown source option.*colums.*available:.*columns"):
        load(str(shared_data / "reddit/Python__91em1h.json"), colums={"text": "x"})


def test_a_forced_kind_that_does_not_fit_says_what_it_expected(shared_data):
    with pytest.raises(InputError, match="expected a Reddit thread"):
        load(str(shared_data / "hackernews/item_49220339.json"), kind="reddit")


def test_missing_files_and_unreadable_urls(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        load(str(tmp_path / "nope.json"))
    with pytest.raises(InputError, match="give a Reddit thread or Hacker News item URL"):
        load("https://example.com/some/page")


def test_fetch_refuses_local_files(shared_data):
    with pytest.raises(UsageError, match="already a local file"):
        fetch_raw(str(shared_data / "reddit/Python__91em1h.json"))
    with pytest.raises(UsageError, match="reads local files only"):
        fetch_raw("https://www.reddit.com/r/x/comments/abc/", kind="polis")


def copy_with(tmp_path: Path, source: Path, data: bytes, name: str | None = None) -> Path:
    path = tmp_path / (name or source.name)
    path.write_bytes(data)
    return path


def test_truncated_json_says_truncated(shared_data, tmp_path):
    raw = (shared_data / "reddit/Python__91em1h.json").read_bytes()
    path = copy_with(tmp_path, shared_data / "reddit/Python__91em1h.json", raw[: len(raw) // 2])
    with pytest.raises(InputError, match="looks truncated") as e:
        load(str(path))
    assert str(path) in str(e.value)


def test_json_syntax_errors_give_line_and_column(tmp_path):
    path = tmp_path / "t.json"
    path.write_text('[{"kind": "Listing",\n  "data": {oops}}]', encoding="utf-8")
    with pytest.raises(InputError, match=r"not valid JSON at line 2, column 12"):
        load(str(path))


@pytest.mark.parametrize(
    "content,kind,problem",
    [
        ('{"kind": "Listing", "data": {}}', "reddit", "expected a Reddit thread"),
        (
            '[{"kind": "Listing", "data": {"children": []}}, {"kind": "Listing", "data": {"children": []}}]',
            "reddit",
            "holds no t3",
        ),
        ("[1, 2, 3]", "table", "item 0: expected a comment object"),
        ('{"title": "x"}', "hackernews", "expected a Hacker News item"),
        ('"just a string"', "table", "expected a JSON array of comment objects"),
    ],
)
def test_wrong_shapes_are_explained(tmp_path, content, kind, problem):
    path = tmp_path / "t.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=problem):
        load(str(path), kind=kind)


def test_an_empty_file_is_an_error_and_a_thread_without_comments_is_not(shared_data, tmp_path):
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="the file is empty"):
        load(str(empty))
    data = json.loads((shared_data / "reddit/Python__91em1h.json").read_text(encoding="utf-8"))
    data[1]["data"]["children"] = []
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps(data), encoding="utf-8")
    thread = load(str(bare))
    assert thread.comments == [] and thread.declared_comments == 11 and thread.title


def test_invalid_utf8_is_an_error_with_its_position(tmp_path):
    path = tmp_path / "c.csv"
    path.write_bytes(b"id,text\n1,fine\n2,caf\xe9 au lait\n")
    with pytest.raises(InputError, match=r"not valid UTF-8 at byte 20 \(line 3\); save the file as UTF-8"):
        load(str(path))
    reddit = tmp_path / "r.json"
    reddit.write_bytes(
        b'[{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {"title": "\xff"}}]}}]'
    )
    with pytest.raises(InputError, match="not valid UTF-8"):
        load(str(reddit))


def test_a_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "c.csv"
    path.write_bytes("\ufeffid,text\n1,naïve\n".encode())
    assert load(str(path)).by_id["1"].text == "naïve"


def deep_reddit_text(depth: int) -> str:
    """A Reddit response whose comments form one ``depth``-deep chain, as text (json.dumps would recurse)."""
    head = (
        '[{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {"id": "p", "title": "deep", '
        '"num_comments": DEPTH, "permalink": "/r/x/comments/p/deep/", "is_self": true, "selftext": ""}}]}}, '
        '{"kind": "Listing", "data": {"children": ['
    )
    head = head.replace("DEPTH", str(depth))
    opens, closes = [], []
    for i in range(depth):
        parent = "t3_p" if i == 0 else f"t1_c{i - 1}"
        opens.append(
            f'{{"kind": "t1", "data": {{"id": "c{i}", "parent_id": "{parent}", "author": "a{i % 7}", '
            f'"body": "reply number {i}", "score": 1, "created_utc": {1600000000 + i}, "replies": '
        )
        opens.append('{"kind": "Listing", "data": {"children": [' if i < depth - 1 else '""')
        closes.append("]}}}}" if i < depth - 1 else "}}")
    return head + "".join(opens) + "".join(reversed(closes)) + "]}}]"


def test_a_ten_thousand_deep_reddit_chain_loads_without_recursion(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text(deep_reddit_text(10_000), encoding="utf-8")
    thread = load(str(path))
    assert thread.seen_comments == 10_000 and thread.declared_comments == 10_000
    assert [c.depth for c in thread.comments[:3]] == [0, 1, 2] and thread.comments[-1].depth == 9_999
    assert thread.comments[-1].text == "reply number 9999" and thread.comments[-1].parent_id == "c9998"


def test_a_deep_hacker_news_chain_loads(tmp_path):
    depth = 10_000
    text = '{"id": 1, "type": "story", "title": "t", "children": ['
    for i in range(depth):
        text += f'{{"id": {i + 2}, "type": "comment", "author": "u", "text": "<p>c{i}", '
        text += f'"parent_id": {i + 1}, "children": ['
    text += "]}" * depth + "]}"
    path = tmp_path / "hn.json"
    path.write_text(text, encoding="utf-8")
    thread = load(str(path))
    assert thread.seen_comments == depth and thread.comments[-1].depth == depth - 1


def test_a_file_of_another_kind_is_named(tmp_path):
    path = tmp_path / "notes.bin"
    path.write_bytes(b"\x00\x01binary")
    with pytest.raises(InputError, match="can't tell what kind of thread this file holds"):
        load(str(path))


def test_the_small_fixtures_work_from_a_fresh_clone(fixtures, tmp_path):
    shutil.copytree(
        fixtures / "sources", tmp_path / "copy", ignore=shutil.ignore_patterns("*.py", "__pycache__")
    )
    assert load(str(tmp_path / "copy/reddit_small.json")).seen_comments == 6
    assert load(str(tmp_path / "copy/hn_small.json")).seen_comments == 3
    assert load(str(tmp_path / "copy/polis_small")).seen_comments == 3


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_the_deep_json_parser_agrees_with_the_standard_one(value):
    text = json.dumps(value)
    assert _parse_deep_json(text, "x") == json.loads(text)
    assert parse_json(text.encode(), "x") == value


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40))
def test_parse_json_never_fails_other_than_with_an_input_error(text):
    try:
        parse_json(text, "where")
    except InputError as e:
        assert str(e).startswith("where: ")


def reddit_with_body(body: str) -> str:
    comment = {
        "kind": "t1",
        "data": {"id": "c0", "parent_id": "t3_p", "body": body, "author": "a", "replies": ""},
    }
    post = {"kind": "t3", "data": {"id": "p", "title": "big", "num_comments": 1, "is_self": True}}
    listing = [
        {"kind": "Listing", "data": {"children": [post]}},
        {"kind": "Listing", "data": {"children": [comment]}},
    ]
    return json.dumps(listing)


def test_a_five_megabyte_reddit_comment_loads_whole(tmp_path):
    body = "Some **bold** words &amp; a [link](https://x.org) here. " * 90_000
    path = tmp_path / "big.json"
    path.write_text(reddit_with_body(body), encoding="utf-8")
    text = load(str(path)).comments[0].text
    assert len(body) > 5_000_000 and text.count("Some bold words & a link here.") == 90_000


@pytest.mark.parametrize("unit", ["*a ", "_x ", "**a ", "~~a ", ">!a ", "[a](", "`a"])
def test_unclosed_markup_on_a_long_line_is_read_in_linear_time(tmp_path, unit):
    """Each unit opens markup that never closes; a backtracking regex would take hours on this line."""
    path = tmp_path / "odd.json"
    path.write_text(reddit_with_body(unit * 200_000), encoding="utf-8")
    assert len(load(str(path)).comments[0].text) >= 200_000
