"""Damaged copies of every kind of real input: each either loads or fails with threadline's own error.

The cases come from ``benchmarks/mutated_input.py`` (which runs 3,000 of them and prints the count): every
shared Reddit, Hacker News and Polis source, and comment tables and archive dumps made from Reddit threads,
cut short, with bytes overwritten, or with JSON values and CSV cells swapped for others. A Python exception
other than ``ThreadlineError`` is a bug. Before the typed field reads (``sources/_fields.py``) 17 of 400
damaged JSON threads crashed, e.g. a post whose ``data`` is a list ended in ``AttributeError``.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from threadline import load
from threadline.errors import InputError

sys.path.insert(0, str(ROOT / "benchmarks"))
from mutated_input import DAMAGE, crash_of, inputs, make_case  # type: ignore[import-not-found]  # noqa: E402

COPIES = 12  # damaged copies of each input per kind of damage
INPUTS = inputs()


@pytest.mark.parametrize("name,form,source", INPUTS, ids=[name for name, _, _ in INPUTS])
def test_damaged_inputs_load_or_fail_with_threadline_errors(
    name: str, form: str, source: bytes | Path, tmp_path: Path
) -> None:
    crashes = []
    for how in DAMAGE[form]:
        rng = random.Random(f"{name}:{how}")
        for i in range(COPIES):
            folder = tmp_path / f"{how}{i}"
            folder.mkdir()
            crash = crash_of(make_case(name, form, source, how, rng, folder))
            if crash:
                crashes.append(f"{how} {i}: {crash}")
    assert not crashes, crashes


def test_the_cases_cover_every_kind_of_source(tmp_path: Path) -> None:
    kinds = set()
    for name, _, source in INPUTS:
        if isinstance(source, bytes):
            path = tmp_path / name
            path.write_bytes(source)
            source = path
        thread = load(str(source))
        kinds.add("dump" if "dump" in thread.extra else thread.source)
    assert kinds == {"reddit", "hackernews", "polis", "table", "dump"}


@pytest.mark.parametrize(
    "post_data",
    [3.5, [1, 2], "text", None],
    ids=["number", "list", "string", "null"],
)
def test_a_reddit_post_without_a_data_object_names_the_file(post_data: object, tmp_path: Path) -> None:
    thread = [
        {"kind": "Listing", "data": {"children": [{"kind": "t3", "data": post_data}]}},
        {"kind": "Listing", "data": {"children": []}},
    ]
    path = tmp_path / "post.json"
    path.write_text(json.dumps(thread))
    with pytest.raises(InputError, match="post.json.*no data object"):
        load(str(path))


def test_fields_of_the_wrong_type_read_as_missing(tmp_path: Path) -> None:
    comment = {
        "kind": "t1",
        "data": {"id": "c1", "body": True, "author": {"name": "x"}, "parent_id": {"t3": 1}, "score": "12"},
    }
    thread = [
        {"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {"id": "p", "title": 7}}]}},
        {"kind": "Listing", "data": {"children": [comment]}},
    ]
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(thread))
    loaded = load(str(path))
    assert loaded.title is None
    [c] = loaded.comments
    assert (c.id, c.text, c.author, c.parent_id, c.score) == ("c1", "", None, None, None)


def test_a_huge_number_in_a_polis_vote_is_an_input_error(tmp_path: Path) -> None:
    folder = tmp_path / "polis"
    folder.mkdir()
    (folder / "comments.csv").write_text(
        "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
        "1,x,0,0,1,0,1,Houses should be cheaper\n"
    )
    (folder / "votes.csv").write_text("timestamp,datetime,comment-id,voter-id,vote\n1e309,x,0,1,1\n")
    with pytest.raises(InputError, match="votes.csv.*timestamp"):
        load(str(folder))
