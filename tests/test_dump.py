"""Reddit dump files: the shared threads converted to the archives' format read back as the same threads."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

import threadline
from conftest import REDDIT_FILES, ROOT
from threadline.errors import InputError, UsageError
from threadline.sources.dump import DumpSource, build_thread, group_threads, looks_like_dump, read_records


def load_converter():
    """benchmarks/make_dump.py, the converter from saved Reddit threads to the archive format."""
    spec = importlib.util.spec_from_file_location("make_dump", ROOT / "benchmarks" / "make_dump.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_dump = load_converter()


def comment(cid: str, parent: str, body: str, link: str = "abc", t: int = 0, **extra) -> dict:
    return {"id": cid, "link_id": f"t3_{link}", "parent_id": parent, "body": body, "author": f"u_{cid}",
            "score": 1, "created_utc": 1_700_000_000 + t, **extra}  # fmt: skip


@pytest.fixture(scope="module")
def shared_dump(tmp_path_factory, shared_data) -> Path:
    records = make_dump.records_from_files(REDDIT_FILES)
    return make_dump.write_dump(tmp_path_factory.mktemp("dump") / "reddit.ndjson", records)


def test_every_shared_thread_comes_back_whole(shared_dump: Path) -> None:
    problems: list = []
    groups = group_threads(read_records(shared_dump, problems))
    assert problems == []
    assert len(groups) == len(REDDIT_FILES)
    for path in REDDIT_FILES:
        original = threadline.load(str(path))
        submission, comments = groups[original.post_id]
        thread = build_thread(original.post_id, submission, comments)
        assert thread.title == original.title
        assert thread.declared_comments == original.declared_comments
        assert {c.id for c in thread.comments} == {c.id for c in original.comments}, path.name
        parents = {c.id: c.parent_id for c in original.comments}
        assert {c.id: c.parent_id for c in thread.comments} == parents, path.name
        # Sibling order differs (a listing is in Reddit's "best" order, a dump has only times): compare sets.
        assert {c.id for c in thread.comments if c.deleted} == {c.id for c in original.comments if c.deleted}
        assert {c.id for c in thread.comments if c.removed} == {c.id for c in original.comments if c.removed}


def test_tree_order_puts_every_reply_after_its_parent_at_the_right_depth(shared_dump: Path) -> None:
    for thread_id, (submission, comments) in group_threads(read_records(shared_dump)).items():
        thread = build_thread(thread_id, submission, comments)
        position = {c.id: i for i, c in enumerate(thread.comments)}
        for c in thread.comments:
            if c.parent_id is None:
                assert c.depth == 0
            else:
                assert position[c.parent_id] < position[c.id]
                assert c.depth == thread.by_id[c.parent_id].depth + 1


def test_zstd_dump_reads_like_the_plain_one(shared_dump: Path, tmp_path: Path) -> None:
    records = [json.loads(line) for line in shared_dump.read_text(encoding="utf-8").splitlines()]
    packed = make_dump.write_dump(tmp_path / "reddit.ndjson.zst", records, sort=False)
    assert packed.read_bytes()[:4] == b"\x28\xb5\x2f\xfd"
    assert [r.data for r in read_records(packed)] == [r.data for r in read_records(shared_dump)]
    thread = threadline.load(str(packed), thread="3hahrw")  # picked by sniffing the decompressed head
    assert thread.seen_comments == 527 and thread.title == "Ba Dum Tsss"


def test_malformed_lines_are_reported_with_their_number_and_the_rest_read(tmp_path: Path) -> None:
    lines = [
        json.dumps(comment("c1", "t3_abc", "first")),
        '{"id": "c2", "link_id": "t3_abc", "body": "cut off',
        json.dumps(comment("c3", "t1_c1", "third")),
        json.dumps({"id": "x", "something": "else"}),
        json.dumps(comment("c4", "t1_c3", "fourth", link="")),
        "",
        json.dumps(comment("c5", "t1_c9", "parent missing from the dump")),
    ]
    path = tmp_path / "RC_bad.ndjson"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems: list = []
    records = list(read_records(path, problems))
    assert [r.data["id"] for r in records] == ["c1", "c3", "c5"]
    assert [(p.line, p.file) for p in problems] == [(2, str(path)), (4, str(path)), (5, str(path))]
    assert "not valid JSON" in problems[0].message and f"{path}:2:" in str(problems[0])
    assert "t3_" in problems[2].message
    thread = DumpSource().load(str(path))
    assert [(c.id, c.parent_id, c.depth) for c in thread.comments] == [
        ("c1", None, 0), ("c3", "c1", 1), ("c5", None, 0),
    ]  # fmt: skip
    assert thread.extra["problems"][0].startswith(f"{path}:2:")


def test_deleted_removed_and_submission_fields(tmp_path: Path) -> None:
    sub = {
        "id": "abc", "title": "A <b>title</b>", "selftext": "[removed]", "url": "https://news.example/x",
        "num_comments": 7, "author": "[deleted]", "subreddit": "news", "permalink": "/r/news/comments/abc/x/",
        "is_self": False, "created_utc": "1700000000",
    }  # fmt: skip
    rows = [
        sub,
        comment("c1", "t3_abc", "[deleted]", author="[deleted]"),
        comment("c2", "t1_c1", "[removed]"),
        comment("c3", "t1_c1", "kept", controversiality=1, subreddit="news"),
    ]
    path = make_dump.write_dump(tmp_path / "one.ndjson", rows, sort=False)
    thread = threadline.load(str(path))
    assert thread.source == "reddit" and thread.post_id == "abc"
    assert (thread.title, thread.declared_comments, thread.post_text, thread.post_author) == (
        "A <b>title</b>", 7, None, None,
    )  # fmt: skip
    assert thread.url == "https://www.reddit.com/r/news/comments/abc/x/"
    assert thread.article_url == "https://news.example/x"
    c1, c2, c3 = thread.comments
    assert c1.deleted and c1.author is None and not c1.removed
    assert c2.removed and c3.controversial
    assert c3.permalink == "https://www.reddit.com/r/news/comments/abc/_/c3/"


def test_a_dump_of_several_threads_needs_a_thread_id(shared_dump: Path) -> None:
    with pytest.raises(UsageError, match="threadline batch"):
        DumpSource().load(str(shared_dump))
    with pytest.raises(InputError, match="no comments for thread 'nope'"):
        DumpSource().load(str(shared_dump), thread="t3_nope")
    assert DumpSource().load(str(shared_dump), thread="t3_91em1h").seen_comments == 11


def test_sniffing_tells_dumps_from_other_json() -> None:
    assert looks_like_dump(json.dumps(comment("c1", "t3_abc", "hi")).encode() + b"\n{")
    assert looks_like_dump(
        json.dumps({"id": "a", "title": "t", "num_comments": 1, "subreddit": "s"}).encode()
    )
    assert not looks_like_dump(b'[{"kind": "Listing", "data": {}}]')
    assert not looks_like_dump(b'{"id": "1", "parent": null, "text": "a table row"}\n')


def test_a_truncated_zstd_dump_keeps_what_it_holds(shared_dump: Path, tmp_path: Path) -> None:
    records = [json.loads(line) for line in shared_dump.read_text(encoding="utf-8").splitlines()]
    whole = make_dump.write_dump(tmp_path / "whole.ndjson.zst", records, sort=False).read_bytes()
    cut = tmp_path / "cut.ndjson.zst"
    cut.write_bytes(whole[: len(whole) // 2])
    problems: list = []
    read = [r.data for r in read_records(cut, problems)]
    assert 0 < len(read) < len(records) and read == records[: len(read)]
    assert len(problems) == 1 and problems[0].line == len(read) + 1
    assert "truncated" in problems[0].message


def test_a_dump_opening_with_a_long_submission_line_is_still_recognised(tmp_path: Path) -> None:
    long_post = {"selftext": "word " * 5000, "id": "abc", "title": "Long post", "num_comments": 1}
    long_post["subreddit"] = "s"  # after the long field, as in the archives' alphabetical keys
    rows = [long_post, comment("c1", "t3_abc", "a reply")]
    path = make_dump.write_dump(tmp_path / "RS_long.ndjson.zst", rows, sort=False)
    thread = threadline.load(str(path))
    assert (thread.title, thread.seen_comments, len(thread.post_text or "")) == ("Long post", 1, 25000)
