"""Batch manifests, read before anything is digested: stories from CSV and JSONL alike, paths read from the
manifest's folder, and every mistake named with its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from threadline.batch.manifest import Story, read_manifest, story_slug
from threadline.cli import cli
from threadline.errors import InputError


@pytest.fixture
def threads(tmp_path: Path) -> Path:
    """A folder with two (empty) thread files for manifests to name; reading a manifest never opens them."""
    for name in ("a.json", "b.json"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    return tmp_path


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_and_jsonl_give_the_same_stories(threads: Path) -> None:
    csv_manifest = write(
        threads,
        "stories.csv",
        "story,source,article\n"
        "Bike lanes,a.json,https://example.com/lanes\n"
        "Rail strike,https://news.ycombinator.com/item?id=1,\n"
        "\n"
        "Bike lanes,b.json,\n"
        "Rail strike,42,\n",
    )
    jsonl_manifest = write(
        threads,
        "stories.jsonl",
        '{"story": "Bike lanes", "sources": ["a.json", "b.json"], "article": "https://example.com/lanes"}\n'
        '{"story": "Rail  strike", "sources": ["https://news.ycombinator.com/item?id=1", "42"]}\n',
    )
    lanes = Story(
        "Bike lanes", [str(threads / "a.json"), str(threads / "b.json")], "https://example.com/lanes"
    )
    strike = Story("Rail strike", ["https://news.ycombinator.com/item?id=1", "42"])
    got_csv, got_jsonl = read_manifest(csv_manifest), read_manifest(jsonl_manifest)
    for got in (got_csv, got_jsonl):
        assert [(s.name, s.sources, s.article) for s in got] == [
            (s.name, s.sources, s.article) for s in (lanes, strike)
        ]
    assert [s.where(csv_manifest) for s in got_csv] == [f"{csv_manifest}:2,5", f"{csv_manifest}:3,6"]
    assert [s.where(jsonl_manifest) for s in got_jsonl] == [f"{jsonl_manifest}:1", f"{jsonl_manifest}:2"]


@pytest.mark.parametrize(
    ("name", "text", "line", "expected"),
    [
        ("s.csv", "story,thread\nX,a.json\n", 1, "the header must name the columns story, source"),
        ("s.csv", "story,source\n", None, "the manifest names no story"),
        ("s.csv", "story,source\nX,a.json\n,b.json\n", 3, "no story named"),
        ("s.csv", "story,source\nX,\n", 2, "no source given for story 'X'"),
        ("s.csv", "story,source\nX,a.json\nX,missing.json\n", 3, "the source 'missing.json' is not there"),
        ("s.csv", "story,source\nX,a.json\nX,a.json\n", 3, "'a.json' is given twice for story 'X'"),
        ("s.csv", "story,source,article\nX,a.json,https://a.example\nX,b.json,https://b.example\n", 3,
         "story 'X' already has another article (https://a.example)"),
        ("s.csv", "story,source\nX,a.json,extra\n", 2, "3 cells where the header has 2"),
        ("s.jsonl", '{"story": "X", "sources": ["a.json"]}\n{"story": "Y", "sources": [\n', 2,
         "not valid JSON"),
        ("s.jsonl", '["X", "a.json"]\n', 1, "each line must be an object"),
        ("s.jsonl", '{"story": "X", "sources": "a.json"}\n', 1, 'story \'X\' needs "sources"'),
        ("s.jsonl", '{"story": "X", "source": ["a.json"]}\n', 1, "unknown key 'source'"),
        ("s.jsonl", '{"story": "X", "sources": [""]}\n', 1, "every source must be a file name, a URL"),
        ("s.jsonl", '{"story": "X", "sources": ["a.json"]}\n\n{"story": "X", "sources": ["b.json"]}\n', 3,
         "story 'X' is given again (first on line 1)"),
        ("s.txt", "story,source\nX,a.json\n", None,
         "a manifest is a .csv (story,source[,article]) or a .jsonl"),
    ],
)  # fmt: skip
def test_a_bad_manifest_names_its_file_line_and_problem(
    threads: Path, name: str, text: str, line: int | None, expected: str
) -> None:
    path = write(threads, name, text)
    with pytest.raises(InputError) as error:
        read_manifest(path)
    assert error.value.where == (f"{path}:{line}" if line else str(path))
    assert expected in error.value.problem


def test_a_manifest_that_is_not_utf8_or_not_there(threads: Path) -> None:
    path = threads / "s.csv"
    path.write_bytes("story,source\nCôte,a.json\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_manifest(path)
    with pytest.raises(InputError, match="no such manifest file"):
        read_manifest(threads / "none.csv")


def test_story_names_make_safe_readable_file_names() -> None:
    assert story_slug("Cyber Command: deaths by suicide") == "cyber-command-deaths-by-suicide"
    assert story_slug("Côte d'Ivoire vote") == "cote-d-ivoire-vote"
    assert story_slug("../../etc/passwd") == "etc-passwd"
    assert story_slug("???") == "story"
    assert len(story_slug("word " * 100)) <= 80


def test_the_command_line_says_where_a_manifest_is_wrong(threads: Path) -> None:
    path = write(threads, "s.csv", "story,source\nX,a.json\nY,gone.json\n")
    result = CliRunner().invoke(cli, ["batch", "--manifest", str(path), "--out", str(threads / "out")])
    assert result.exit_code == 1
    looked = threads / "gone.json"
    assert result.stderr.strip() == (
        f"threadline: error: {path}:3: the source 'gone.json' is not there (looked for {looked})"
    )
    nothing = CliRunner().invoke(cli, ["batch", "--out", str(threads / "out")])
    assert nothing.exit_code == 2 and "--manifest" in nothing.stderr


def test_stories_get_keys_of_their_own_beside_thread_files(threads: Path) -> None:
    from threadline.batch.plan import discover

    path = write(threads, "s.csv", "story,source\nA!,a.json\nA?,b.json\nb,a.json\n")
    plan = discover([str(threads / "b.json")], threads / "out", [str(path)])
    assert [(i.key, i.kind, i.story) for i in plan.files] == [
        ("b", "file", None),
        ("a", "story", "A!"),
        ("a-2", "story", "A?"),
        ("b-2", "story", "b"),
    ]
