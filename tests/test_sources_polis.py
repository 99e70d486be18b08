"""Polis: every shared export loads, with votes matching comments.csv and passes matching votes.csv."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from conftest import POLIS_DIRS
from threadline.errors import InputError
from threadline.sources import load


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("folder", POLIS_DIRS, ids=lambda p: p.name)
def test_every_shared_export_loads_with_its_votes(folder: Path):
    rows = {r["comment-id"]: r for r in read_csv(folder / "comments.csv")}
    thread = load(str(folder))
    assert thread.source == "polis" and thread.seen_comments == len(rows)
    assert {c.id for c in thread} == set(rows)
    for c in thread:
        row = rows[c.id]
        assert c.votes is not None
        assert (c.votes.agree, c.votes.disagree) == (int(row["agrees"]), int(row["disagrees"]))
        assert c.text == row["comment-body"].strip() and c.parent_id is None and c.depth == 0
        assert c.removed == (row["moderated"] == "-1")
    times = [c.time for c in thread]
    assert times == sorted(times)


@pytest.mark.parametrize(
    "folder", [p for p in POLIS_DIRS if (p / "votes.csv").exists()][:3], ids=lambda p: p.name
)
def test_passes_are_each_voters_latest_vote(folder: Path):
    latest: dict[tuple[str, str], tuple[int, str]] = {}
    for v in read_csv(folder / "votes.csv"):
        key, stamp = (v["comment-id"], v["voter-id"]), int(v["timestamp"])
        if key not in latest or stamp >= latest[key][0]:
            latest[key] = (stamp, v["vote"])
    passes = Counter(cid for (cid, _), (_, vote) in latest.items() if vote == "0")
    thread = load(str(folder / "comments.csv"))
    assert sum(passes.values()) > 0
    assert {c.id: c.votes.passed for c in thread} == {c.id: passes.get(c.id, 0) for c in thread}


def test_group_votes_come_from_the_participant_matrix(shared_data):
    folder = shared_data / "polis/15-per-hour-seattle"
    matrix = read_csv(folder / "participants-votes.csv")
    thread = load(str(folder))
    comment = thread.by_id["0"]
    groups = comment.extra["group_votes"]
    for group, counts in groups.items():
        members = [r for r in matrix if r["group-id"] == group]
        assert counts["agree"] == sum(r["0"] == "1" for r in members)
        assert counts["disagree"] == sum(r["0"] == "-1" for r in members)
    assert len(groups) == 2


def test_summary_gives_title_question_and_count(shared_data):
    thread = load(str(shared_data / "polis/15-per-hour-seattle"))
    assert thread.title == "$15/hour" and thread.declared_comments == 54
    assert thread.post_text and thread.post_text.startswith("How do you think the new minimum wage law")


def test_the_small_fixture(fixtures: Path):
    thread = load(str(fixtures / "sources/polis_small"))
    assert [c.id for c in thread] == ["0", "1", "2"]
    assert [(c.votes.agree, c.votes.disagree, c.votes.passed) for c in thread] == [
        (2, 1, 1),
        (0, 1, 0),
        (1, 0, 0),
    ]
    assert [c.removed for c in thread] == [False, True, False]
    assert thread.by_id["0"].text == 'Comma, "quoted" and\nmulti-line'
    assert thread.by_id["0"].extra["group_votes"] == {
        "0": {"agree": 2, "disagree": 0, "passed": 0},
        "1": {"agree": 0, "disagree": 1, "passed": 1},
    }


def test_a_folder_without_comments_is_explained(tmp_path):
    (tmp_path / "summary.csv").write_text("topic,x\n")
    with pytest.raises(InputError, match="can't tell what kind of thread"):
        load(str(tmp_path))
    with pytest.raises(InputError, match="no comments.csv"):
        load(str(tmp_path), kind="polis")


def test_a_broken_number_names_the_line(tmp_path):
    (tmp_path / "comments.csv").write_text(
        "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n1,x,0,1,many,0,0,hi\n"
    )
    with pytest.raises(InputError, match=r"line 2: expected a number, got 'many'"):
        load(str(tmp_path))
