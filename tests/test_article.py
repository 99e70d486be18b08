"""Articles: every shared page against its ground truth; local files; pages fetched from 127.0.0.1."""

from __future__ import annotations

import csv
import gzip
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from conftest import SHARED_DATA
from fixtures.sources.recorded_server import RecordedServer, Reply
from threadline.errors import BlockedAddressError, FetchError, InputError
from threadline.sources import load_article

ARTICLES = SHARED_DATA / "articles"
INDEX = (
    list(csv.DictReader((ARTICLES / "index.csv").read_text(encoding="utf-8").splitlines()))
    if ARTICLES.exists()
    else []
)


def f1(predicted: str, truth: str) -> float:
    pred = Counter(re.findall(r"\w+", predicted.lower()))
    gold = Counter(re.findall(r"\w+", truth.lower()))
    overlap = sum((pred & gold).values())
    return 0.0 if not overlap else 2 * overlap / (sum(pred.values()) + sum(gold.values()))


def truth_of(page_id: str) -> str:
    return json.loads((ARTICLES / "ground_truth" / f"{page_id}.json").read_text(encoding="utf-8"))[
        "articleBody"
    ]


@pytest.mark.parametrize("entry", INDEX, ids=lambda e: e["domain"])
def test_every_shared_page_extracts_its_article(entry):
    article = load_article(str(ARTICLES / "html" / f"{entry['id']}.html.gz"))
    assert f1(article.text, truth_of(entry["id"])) > 0.75
    assert article.title and article.title.split()[0].strip("’'") in entry["title"]


def test_the_mean_f1_stays_near_the_benchmark_figure():
    scores = [
        f1(load_article(str(ARTICLES / "html" / f"{e['id']}.html.gz")).text, truth_of(e["id"])) for e in INDEX
    ]
    assert len(scores) == 16 and sum(scores) / len(scores) > 0.95


@pytest.fixture
def page_server():
    entry = next(e for e in INDEX if e["domain"] == "www.bbc.com")
    page = gzip.decompress((ARTICLES / "html" / f"{entry['id']}.html.gz").read_bytes())
    with RecordedServer() as server:
        server.route("/news/story", Reply(body=page, content_type="text/html; charset=utf-8"))
        server.route("/moved", Reply(301, b"", headers={"Location": "/news/story"}))
        server.entry = entry  # type: ignore[attr-defined]
        yield server


def test_a_page_is_fetched_and_extracted(page_server):
    article = load_article(f"{page_server.base}/moved", allow_private={page_server.host})
    assert article.url == f"{page_server.base}/news/story"
    assert f1(article.text, truth_of(page_server.entry["id"])) > 0.9
    assert article.site and article.date and article.date.startswith("2019")


def test_fetching_a_page_is_guarded(page_server):
    with pytest.raises(BlockedAddressError):
        load_article(f"{page_server.base}/news/story")
    page_server.route("/pdf", Reply(body=b"%PDF-1.4", content_type="application/pdf"))
    with pytest.raises(FetchError, match="expected text/html, got application/pdf"):
        load_article(f"{page_server.base}/pdf", allow_private={page_server.host})


def test_markdown_and_text_files(tmp_path: Path):
    md = tmp_path / "story.md"
    md.write_text(
        "# The headline\n\nFirst **paragraph** with [a link](https://x.org).\n\nSecond.\n", encoding="utf-8"
    )
    article = load_article(str(md))
    assert article.title == "The headline" and article.text == "First paragraph with a link.\n\nSecond."
    txt = tmp_path / "story.txt"
    txt.write_text("Plain text story.\r\n\r\nWith two paragraphs.", encoding="utf-8")
    assert load_article(str(txt)).text == "Plain text story.\n\nWith two paragraphs."


def test_bad_article_inputs(tmp_path: Path):
    with pytest.raises(InputError, match="no such file"):
        load_article(str(tmp_path / "missing.html"))
    empty = tmp_path / "empty.html"
    empty.write_text("<html><head><title>T</title></head><body><script>x()</script></body></html>")
    with pytest.raises(InputError, match="no article text found"):
        load_article(str(empty))
    odd = tmp_path / "story.pdf"
    odd.write_bytes(b"%PDF")
    with pytest.raises(InputError, match="unknown article file type"):
        load_article(str(odd))
    latin = tmp_path / "story.txt"
    latin.write_bytes(b"caf\xe9")
    with pytest.raises(InputError, match="not valid UTF-8"):
        load_article(str(latin))
