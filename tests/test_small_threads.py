"""Comment tables as a user brings them: a title of their own or none (never the file's name), and threads
too small to have strands told comment by comment. The tables are written here, for the project."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SHARED_DATA
from test_authors import people_counts
from threadline.cli import cli
from threadline.model import Article
from threadline.write.facts import FEW_COMMENTS

FIVE = [
    ("c1", "The new bike lanes on Main Street have made my commute so much safer, honestly a great change."),
    ("c2", "Parking is impossible now. Half the shops lost their customers because nobody can stop anymore."),
    ("c3", "Why wasn't there a public consultation before they painted everything?"),
    ("c4", "I cycle with my kids to school now, something I never dared to do before."),
    ("c5", "The lanes are fine but the junction at Elm Road is still dangerous for everyone."),
]
REPLIES = [
    ("r1", "", "The council should have asked residents before closing the library on Sundays."),
    ("r2", "r1", "Agreed, nobody I know was consulted and Sunday is the only day I can go."),
    ("r3", "r1", "That's not true, there was a survey in the spring and hardly anyone answered it."),
    ("r4", "", "Could they not just run it with volunteers on weekends?"),
    ("r5", "r4", "Volunteers can't handle the lending system, it needs trained staff."),
]


def table(path: Path, header: list[str], rows: list[tuple[str, ...]]) -> Path:
    import csv

    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def digest_md(*args: str) -> str:
    result = CliRunner().invoke(
        cli, ["digest", *args, "--embedder", "fast", "--citations", "none"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert "check failed" not in result.stderr, result.stderr
    return result.stdout


def sentences(markdown: str) -> list[str]:
    """The post's sentences, one per line (a sentence ends at . ? ! or a closing quote after one)."""
    found, current, quoted = [], "", False
    for word in markdown.split():
        current = f"{current} {word}".strip()
        quoted = quoted ^ (word.count("“") != word.count("”"))
        if not quoted and word.rstrip("”*").endswith((".", "?", "!")):
            found.append(current)
            current = ""
    return found + ([current] if current else [])


def no_strands_file_or_people(markdown: str, file_name: str) -> None:
    assert not re.search(r"\bstrands?\b|\*\*", markdown), markdown  # no strands, no theme named in bold
    assert file_name not in markdown and Path(file_name).stem not in markdown, markdown
    assert not people_counts(markdown), markdown


def test_a_one_comment_table_is_that_comment(tmp_path: Path) -> None:
    path = table(tmp_path / "greetings.csv", ["id", "text"], [("1", "hello")])
    md = digest_md(str(path))
    assert sentences(md) == [
        "No article comes with these comments, so what follows is the discussion alone.",
        "The discussion runs to a single comment.",
        "The source does not say who wrote which comment, so this digest counts comments, never people.",
        "It reads “hello”.",
    ]
    no_strands_file_or_people(md, path.name)


def test_a_five_comment_table_is_read_comment_by_comment(tmp_path: Path) -> None:
    path = table(tmp_path / "export_4711.csv", ["id", "text"], FIVE)
    md = digest_md(str(path))
    assert sentences(md) == [
        "No article comes with these comments, so what follows is the discussion alone.",
        "The discussion runs to five comments.",
        "The source does not say who wrote which comment, so this digest counts comments, never people.",
        "In tone, two are negative, one positive and two neutral.",
        "One comment says “The new bike lanes on Main Street have made my commute so much safer, honestly "
        "a great change”.",
        "Another says “Parking is impossible now. Half the shops lost their customers because nobody can "
        "stop anymore”.",
        "A further comment reads “Why wasn't there a public consultation before they painted everything?”",
        "Next comes “I cycle with my kids to school now, something I never dared to do before”.",
        "Another comment puts it this way: “The lanes are fine but the junction at Elm Road is still "
        "dangerous for everyone”.",
    ]
    no_strands_file_or_people(md, path.name)


def test_replies_are_told_with_what_they_answer_and_how(tmp_path: Path) -> None:
    path = table(tmp_path / "export_4712.csv", ["id", "parent_id", "text"], REPLIES)
    md = digest_md(str(path))
    paragraphs = md.strip().split("\n\n")
    assert paragraphs[2:] == [
        "One comment says “The council should have asked residents before closing the library on Sundays”. "
        "A reply agrees: “Agreed, nobody I know was consulted and Sunday is the only day I can go”. "
        "Another reply objects: “That's not true, there was a survey in the spring and hardly anyone "
        "answered it”.",
        "Another says “Could they not just run it with volunteers on weekends?” "
        "A reply: “Volunteers can't handle the lending system, it needs trained staff”.",
    ]
    no_strands_file_or_people(md, path.name)


def test_a_small_thread_with_authors_cites_every_comment_and_passes_its_checks(tmp_path: Path) -> None:
    from threadline import digest

    rows = [(cid, parent, f"user{i % 2}", text) for i, (cid, parent, text) in enumerate(REPLIES)]
    path = table(tmp_path / "export_4713.csv", ["id", "parent_id", "author", "text"], rows)
    for style in ("post", "report"):
        result = digest(str(path), embedder="fast", style=style)
        assert result.checks.ok, result.checks.problems
        cited = {cid for s in result.text.sentences for cid in s.comment_ids}
        assert cited == {cid for cid, _, _ in REPLIES}
        md = result.text.markdown
        assert "from two people" in md and not re.search(r"\bstrands?\b|\bthemes?\b", md), md
        assert "does not say who wrote" not in md
    page = result.html
    assert 'id="theme-chart"' not in page and "user0" in page  # no chart of strands; authors shown


def test_the_report_lists_the_comments_in_place_of_themes(tmp_path: Path) -> None:
    path = table(tmp_path / "export_4712.csv", ["id", "parent_id", "text"], REPLIES)
    md = digest_md(str(path), "--style", "report")
    assert "## The comments" in md and "## Themes" not in md and "themes described" not in md
    assert (
        "- Reply to “The council should have asked residents before closing the library on Sundays” "
        "(disagreeing): “That's not true, there was a survey in the spring and hardly anyone answered it”."
    ) in md
    no_strands_file_or_people(md, path.name)


def test_at_the_threshold_strands_come_back(tmp_path: Path) -> None:
    rows = [*FIVE, *((f"r{cid}", text) for cid, _, text in REPLIES)]
    assert len(rows) == FEW_COMMENTS
    md = digest_md(str(table(tmp_path / "export_4714.csv", ["id", "text"], rows)))
    assert "**" in md and "One comment says" not in md  # themes named, not comments one by one


# --- titles -----------------------------------------------------------------------------------------------


def test_a_title_is_given_on_the_command_line_and_never_taken_from_the_file(tmp_path: Path) -> None:
    path = table(tmp_path / "news__uber-taxi-cartels.csv", ["id", "text"], FIVE)
    titled = digest_md(str(path), "--title", "Readers on the bike lanes")
    assert sentences(titled)[1] == "*Readers on the bike lanes* prompted five comments."
    untitled = digest_md(str(path), "--format", "json")
    data = json.loads(untitled)
    assert data["source"]["title"] is None and "uber" not in untitled.lower()
    page = digest_md(str(path), "--format", "html")
    assert "uber" not in page.lower()
    assert "<title>A discussion of 5 comments · threadline digest</title>" in page


def test_the_python_api_takes_a_title_else_the_articles(tmp_path: Path) -> None:
    from threadline import digest

    path = table(tmp_path / "export_2024.csv", ["id", "text"], FIVE)
    assert "*Bike lanes*" in digest(str(path), title="Bike lanes", embedder="fast").markdown
    article = Article(text="The city painted new lanes on Main Street.", title="Main Street gets bike lanes")
    md = digest(str(path), article=article, embedder="fast").markdown
    assert "*Main Street gets bike lanes*" in md and "export" not in md


def test_a_polis_export_without_a_topic_is_not_named_after_its_folder(tmp_path: Path) -> None:
    from threadline import load

    folder = tmp_path / "conversation-2vkxcncppn"
    folder.mkdir()
    (folder / "comments.csv").write_text(
        (SHARED_DATA / "polis" / "15-per-hour-seattle" / "comments.csv").read_text("utf-8"), "utf-8"
    )
    assert load(str(folder)).title is None


def test_the_web_form_takes_a_title(tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from test_web import finished_job
    from threadline.web import create_app

    path = table(tmp_path / "upload_7.csv", ["id", "text"], FIVE)
    with TestClient(create_app(tmp_path / "web.sqlite3")) as client:
        assert 'name="title"' in client.get("/").text
        with open(path, "rb") as f:
            r = client.post("/jobs.json", files={"file": (path.name, f)}, data={"title": "  Bike   lanes "})
        job = finished_job(client, r)
        assert job["status"] == "done" and job["label"] == "Bike lanes"
        stored = client.get(f"/digests/{job['digest_id']}.json").json()
        assert stored["title"] == "Bike lanes" and "*Bike lanes*" in stored["digest"]["digest"]["markdown"]
