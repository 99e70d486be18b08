"""The command line: `article`, `fetch`, and the error paths of `digest` (one line, exit 1 or 2, no file)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import threadline.sources.hackernews as hackernews
import threadline.sources.reddit as reddit
from fixtures.sources.recorded_server import RecordedServer, Reply
from threadline.cli import cli
from threadline.sources import load


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def one_error_line(result, code: int) -> str:
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def a_page(shared_data: Path) -> Path:
    return sorted((shared_data / "articles/html").glob("*.html.gz"))[0]


def test_article_json(shared_data):
    result = run("article", str(a_page(shared_data)), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) == {"url", "title", "site", "date", "text"}
    assert data["title"] and len(data["text"]) > 1000


def test_article_markdown_to_a_file(shared_data, tmp_path):
    out = tmp_path / "a.md"
    result = run("article", str(a_page(shared_data)), "-o", str(out))
    assert result.exit_code == 0 and result.stdout == "" and f"wrote {out}" in result.stderr
    assert out.read_text(encoding="utf-8").startswith("# ")


def test_article_errors_are_one_line(tmp_path):
    line = one_error_line(run("article", str(tmp_path / "nope.html")), 1)
    assert line.startswith("threadline: error: ") and "nope.html" in line and "no such file" in line


@pytest.fixture
def server(shared_data, monkeypatch):
    with RecordedServer() as s:
        s.route(
            "/api/v1/items/49220339", Reply(body=(shared_data / "hackernews/item_49220339.json").read_bytes())
        )
        s.route(
            "/comments/91em1h.json", Reply(body=(shared_data / "reddit/Python__91em1h.json").read_bytes())
        )
        s.route(
            "/page",
            Reply(
                body=b"<html><body><article><p>" + b"Words here. " * 80 + b"</p></article></body></html>",
                content_type="text/html",
            ),
        )
        monkeypatch.setattr(hackernews, "ALGOLIA_ITEMS", f"{s.base}/api/v1/items")
        monkeypatch.setattr(reddit, "BASE", s.base)
        yield s


def test_article_from_a_url(server):
    result = run("article", f"{server.base}/page", "--allow-private", "-f", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["text"].startswith("Words here.")
    line = one_error_line(run("article", f"{server.base}/page"), 1)
    assert "refusing to fetch from 127.0.0.1" in line


def test_fetch_hacker_news_saves_a_loadable_thread(server, shared_data, tmp_path):
    out = tmp_path / "hn.json"
    result = run("fetch", "49220339", "-o", str(out), "--allow-private")
    assert result.exit_code == 0 and f"saved hackernews thread to {out}" in result.stderr
    saved, original = load(str(out)), load(str(shared_data / "hackernews/item_49220339.json"))
    assert [c.id for c in saved] == [c.id for c in original] and saved.seen_comments == 335


def test_fetch_reddit_with_a_budget(server, tmp_path):
    out = tmp_path / "r.json"
    result = run("fetch", "https://redd.it/91em1h", "-o", str(out), "--allow-private", "--max-requests", "1")
    assert result.exit_code == 0
    thread = load(str(out))
    assert thread.source == "reddit" and thread.seen_comments == 11
    assert server.paths() == ["/comments/91em1h.json"]


def test_fetch_failures_leave_no_file(server, tmp_path):
    server.route("/api/v1/items/49220339", Reply(500, b"down", "text/plain"))
    server.route("/api/v1/items/7", Reply(body=b'{"id": 7, "children": "not a list"}'))
    out = tmp_path / "hn.json"
    assert "404" in one_error_line(run("fetch", "123", "-o", str(out), "--allow-private"), 1)
    assert "expected a Hacker News item" in one_error_line(
        run("fetch", "7", "-o", str(out), "--allow-private"), 1
    )
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_fetch_bad_usage(shared_data, tmp_path):
    line = one_error_line(
        run("fetch", str(shared_data / "reddit/Python__91em1h.json"), "-o", str(tmp_path / "x")), 2
    )
    assert "already a local file" in line
    assert run("fetch", "49220339").exit_code == 2  # -o is required


@pytest.mark.parametrize(
    "content,problem",
    [
        ('[{"kind": "Listing", "data": {"children": [', "looks truncated"),
        ("id,message\n1,hello\n", "--text-col"),
        ("\x00\x01", "can't tell what kind of thread"),
    ],
)
def test_digest_input_errors_are_one_line_and_write_nothing(tmp_path, content, problem):
    source = tmp_path / (
        "bad.json" if content.startswith("[") else "bad.csv" if "," in content else "bad.bin"
    )
    source.write_text(content, encoding="utf-8")
    out = tmp_path / "out" / "digest.md"
    line = one_error_line(run("digest", str(source), "-o", str(out)), 1)
    assert line.startswith("threadline: error: ") and str(source) in line and problem in line
    assert not out.exists() and not out.parent.exists()


def test_digest_of_a_missing_file(tmp_path):
    line = one_error_line(run("digest", str(tmp_path / "missing.json")), 1)
    assert "missing.json" in line and "no such file" in line


@pytest.mark.parametrize(
    "args",
    [
        ["digest"],
        ["digest", "x.json", "--format", "xml"],
        ["digest", "x.json", "--colour-col", "c"],
        ["nonsense"],
    ],
)
def test_bad_usage_exits_2(args):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2 and "Traceback" not in result.output + result.stderr


def test_digest_named_columns_reach_the_table_source(tmp_path):
    source = tmp_path / "c.csv"
    source.write_text("id,message\n1,hello\n", encoding="utf-8")
    line = one_error_line(run("digest", str(source), "--text-col", "body_text"), 1)
    assert "has no column 'body_text' (named for text)" in line


def test_the_installed_command_prints_no_traceback(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "threadline.cli", "digest", str(bad)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.strip().splitlines() == [
        f"threadline: error: {bad}: JSON ends early at line 1, column 6: the file looks truncated"
    ]


def test_digest_and_serve_take_the_same_llm_options() -> None:
    """One declaration for both: the same names, defaults, environment variables and help."""

    def llm_params(command: str) -> list[tuple]:
        params = cli.commands[command].params
        return [(p.name, p.default, p.envvar, p.help) for p in params if (p.name or "").startswith("llm_")]

    assert [p[0] for p in llm_params("digest")] == ["llm_url", "llm_model", "llm_timeout", "llm_context"]
    assert llm_params("digest") == llm_params("serve")
