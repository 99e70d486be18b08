"""Tables of comments: CSV, TSV, JSONL, JSON arrays; column names, bad values, parents, and property tests."""

from __future__ import annotations

import csv
import json
import logging
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from threadline.errors import InputError, UsageError
from threadline.sources import load

DEMO_SHAPE = [
    {
        "id": "a1",
        "parent_id": "t3_post",
        "author": "x",
        "text": "Top, replying to the post",
        "score": 5,
        "created_utc": 1741765800,
    },
    {"id": "a2", "parent_id": "a1", "author": "y", "text": "A reply", "score": 2, "created_utc": 1741765900},
    {
        "id": "a3",
        "parent_id": None,
        "author": "z",
        "text": "Another top-level",
        "score": None,
        "created_utc": None,
    },
    {
        "id": "a4",
        "parent_id": "gone",
        "author": None,
        "text": "Parent was never saved",
        "score": 1,
        "created_utc": "2025-03-12T08:00:00Z",
    },
]


def write_csv(path: Path, rows: list[dict[str, object]], delimiter: str = ",") -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_the_demo_shape_loads_with_post_parents_as_top_level(tmp_path, caplog):
    path = tmp_path / "thread.json"
    path.write_text(json.dumps(DEMO_SHAPE), encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="threadline"):
        thread = load(str(path))
    assert thread.source == "table"
    assert [(c.id, c.parent_id, c.depth) for c in thread] == [
        ("a1", None, 0),
        ("a2", "a1", 1),
        ("a3", None, 0),
        ("a4", None, 0),
    ]
    assert thread.by_id["a4"].extra["missing_parent"] == "gone"
    assert thread.by_id["a4"].time == 1741766400.0 and thread.by_id["a3"].score is None
    assert "2 comment(s) reply to a parent that is not in the thread" in caplog.text


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".jsonl", ".json"])
def test_every_format_gives_the_same_thread(tmp_path, suffix):
    rows = [dict(r, created_utc=r["created_utc"] or "") for r in DEMO_SHAPE]
    path = tmp_path / f"t{suffix}"
    if suffix in (".csv", ".tsv"):
        write_csv(
            path,
            [{k: ("" if v is None else v) for k, v in r.items()} for r in rows],
            "\t" if suffix == ".tsv" else ",",
        )
    elif suffix == ".jsonl":
        path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    else:
        path.write_text(json.dumps({"comments": rows}), encoding="utf-8")
    thread = load(str(path))
    assert [(c.id, c.parent_id, c.author, c.text, c.score) for c in thread] == [
        ("a1", None, "x", "Top, replying to the post", 5),
        ("a2", "a1", "y", "A reply", 2),
        ("a3", None, "z", "Another top-level", None),
        ("a4", None, None, "Parent was never saved", 1),
    ]


def test_usual_alternative_names_and_case_are_recognised(tmp_path):
    path = write_csv(
        tmp_path / "t.csv",
        [
            {"ID": 1, "Parent": "", "User": "u", "Body": "hi", "Votes": "3.0", "Timestamp": "1700000000000"},
            {"ID": 2, "Parent": 1, "User": "v", "Body": "yo", "Votes": "", "Timestamp": ""},
        ],
    )
    thread = load(str(path))
    assert [(c.id, c.parent_id, c.author, c.text, c.score, c.time) for c in thread] == [
        ("1", None, "u", "hi", 3, 1700000000.0),
        ("2", "1", "v", "yo", None, None),
    ]


def test_columns_can_be_named(tmp_path):
    path = write_csv(
        tmp_path / "survey.csv",
        [{"rid": "r1", "answer": "Fine", "who": "a"}, {"rid": "r2", "answer": "Bad", "who": "b"}],
    )
    thread = load(str(path), columns={"id": "rid", "text": "answer", "author": "who"})
    assert [(c.id, c.text, c.author) for c in thread] == [("r1", "Fine", "a"), ("r2", "Bad", "b")]


def test_unrecognised_columns_are_listed_with_the_options(tmp_path):
    path = write_csv(tmp_path / "survey.csv", [{"rid": "r1", "answer": "Fine"}])
    with pytest.raises(InputError) as e:
        load(str(path))
    message = str(e.value)
    assert (
        str(path) in message
        and "'rid', 'answer'" in message
        and "--text-col" in message
        and "--id-col" in message
    )


def test_a_named_column_that_is_missing_is_reported(tmp_path):
    path = write_csv(tmp_path / "c.csv", [{"id": "1", "text": "x"}])
    with pytest.raises(
        InputError, match=r"has no column 'message' \(named for text\); its columns are 'id', 'text'"
    ):
        load(str(path), columns={"text": "message"})
    with pytest.raises(UsageError, match="unknown column option"):
        load(str(path), columns={"colour": "x"})


def test_without_an_id_column_rows_are_numbered(tmp_path):
    path = write_csv(tmp_path / "c.csv", [{"text": "first"}, {"text": "second"}])
    assert [c.id for c in load(str(path))] == ["1", "2"]


@pytest.mark.parametrize(
    "rows,problem",
    [
        (
            [{"id": "1", "text": "a"}, {"id": "1", "text": "b"}],
            r"line 3: id '1' is used again \(first at line 2\)",
        ),
        ([{"id": "1", "text": "a", "score": "lots"}], r"line 2: score 'lots' is not a number"),
        (
            [{"id": "1", "text": "a", "time": "yesterday"}],
            r"line 2: time 'yesterday' is neither epoch seconds",
        ),
        ([{"id": "", "text": "a"}], r"line 2: the id column 'id' is empty"),
    ],
)
def test_bad_values_name_the_row(tmp_path, rows, problem):
    with pytest.raises(InputError, match=problem):
        load(str(write_csv(tmp_path / "c.csv", rows)))


def test_bad_jsonl_names_the_line(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"id": 1, "text": "ok"}\n{"id": 2, "text": \n', encoding="utf-8")
    with pytest.raises(InputError, match="line 2 is not valid JSON"):
        load(str(path))
    path.write_text('{"id": 1, "text": "ok"}\n[1, 2]\n', encoding="utf-8")
    with pytest.raises(InputError, match="line 2: expected a JSON object per line"):
        load(str(path))


def test_reddit_style_prefixed_parents_are_matched(tmp_path):
    rows = [
        {"id": "abc", "parent_id": "t3_post", "body": "top"},
        {"id": "def", "parent_id": "t1_abc", "body": "re"},
    ]
    thread = load(str(write_csv(tmp_path / "c.csv", rows)))
    assert [(c.id, c.parent_id, c.depth) for c in thread] == [("abc", None, 0), ("def", "abc", 1)]


def test_parent_cycles_are_cut_without_losing_comments(tmp_path):
    rows = [
        {"id": "1", "parent": "2", "text": "a"},
        {"id": "2", "parent": "1", "text": "b"},
        {"id": "3", "parent": "3", "text": "c"},
    ]
    thread = load(str(write_csv(tmp_path / "c.csv", rows)))
    assert sorted(c.id for c in thread) == ["1", "2", "3"]
    assert [(c.id, c.depth) for c in thread] == [("3", 0), ("1", 0), ("2", 1)]


def test_a_ten_thousand_deep_chain_loads(tmp_path):
    n = 10_000
    rows = [
        {"id": f"c{i}", "parent_id": f"c{i - 1}" if i else "", "text": f"reply {i}"}
        for i in reversed(range(n))
    ]
    thread = load(str(write_csv(tmp_path / "deep.csv", rows)))
    assert [c.id for c in thread] == [f"c{i}" for i in range(n)]
    assert thread.comments[-1].depth == n - 1


def test_a_five_megabyte_comment_loads_whole(tmp_path):
    big = ("word " * 1_100_000).strip()
    path = write_csv(tmp_path / "big.csv", [{"id": "1", "text": big}, {"id": "2", "text": "small"}])
    thread = load(str(path))
    assert len(thread.by_id["1"].text) == len(big) > 5_000_000 and thread.by_id["2"].text == "small"


def test_an_empty_table_is_an_empty_thread(tmp_path):
    path = tmp_path / "none.json"
    path.write_text("[]", encoding="utf-8")
    assert load(str(path)).comments == []
    csv_path = tmp_path / "none.csv"
    csv_path.write_text("id,text\n", encoding="utf-8")
    assert load(str(csv_path)).comments == []


texts = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00"), max_size=60)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.tuples(texts, st.one_of(st.none(), st.integers(-(10**6), 10**6)), st.integers(0, 30)),
        min_size=1,
        max_size=25,
    ),
    fmt=st.sampled_from([".csv", ".jsonl", ".json"]),
)
def test_tables_round_trip(tmp_path_factory, rows, fmt):
    """Whatever the texts and parents, every row comes back once, with its text, in tree order."""
    records = [
        {"id": f"r{i}", "parent_id": f"r{p % (i + 1)}" if p % 3 and i else "", "text": t, "score": s}
        for i, (t, s, p) in enumerate(rows)
    ]
    path = tmp_path_factory.mktemp("t") / f"t{fmt}"
    if fmt == ".csv":
        write_csv(path, [{k: "" if v is None else v for k, v in r.items()} for r in records])
    elif fmt == ".jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    else:
        path.write_text(json.dumps(records), encoding="utf-8")
    thread = load(str(path))
    assert sorted(c.id for c in thread) == sorted(r["id"] for r in records)
    by_id = {r["id"]: r for r in records}
    seen: set[str] = set()
    for c in thread:
        assert c.text == str(by_id[c.id]["text"]).strip()
        assert c.parent_id is None or c.parent_id in seen
        seen.add(c.id)
