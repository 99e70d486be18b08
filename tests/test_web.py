"""The web app in-process: every route, bad and oversized uploads, unknown ids, hostile URLs and text.

Most tests swap the analysis for a fast fake (``fake_digest``) but keep the real sources, store, renderers
and safety layers; ``test_real_pipeline_upload`` runs the whole pipeline on a real shared thread.
"""

from __future__ import annotations

import html
import json
import socket
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")

from click.testing import CliRunner
from fastapi.testclient import TestClient

from conftest import SHARED_DATA
from fake_llm import FakeLLM
from threadline.errors import EmptyThreadError, MissingDependencyError, UsageError
from threadline.model import (
    Analysis,
    Article,
    Checks,
    Digest,
    DigestText,
    Quote,
    Sentence,
    Stats,
    Theme,
    Thread,
)
from threadline.web.app import INTERRUPTED, create_app
from threadline.web.jobs import INTERNAL_ERROR, Limits, real_rewrite
from threadline.web.store import Store
from threadline.web.writers import LLMSettings
from threadline.write import verify, write

PICS = SHARED_DATA / "reddit" / "pics__hlrjn9.json"
SMALL = SHARED_DATA / "reddit" / "Python__91em1h.json"  # 11 comments: enough for the real analysis
HOSTILE = '<script>alert("owned")</script>'


# --- a fast stand-in for the analysis ---------------------------------------------------------------------


def fake_analysis(thread: Thread) -> Analysis:
    comments = [c for c in thread.comments if c.text.strip() and not (c.deleted or c.removed)]
    if not comments:
        raise EmptyThreadError("thread", "no comments left to analyze")
    ids = [c.id for c in comments]
    first = comments[0]
    theme = Theme(
        id="t1",
        title="Everything said",
        key_point=first.text,
        key_point_id=first.id,
        comment_ids=ids,
        share=1.0,
        commenter_share=1.0,
        score_share=None,
        quotes=[Quote(c.id, c.text) for c in comments[:3]],
    )
    authors = {c.author or c.id for c in comments}
    stats = Stats(comments=thread.seen_comments, commenters=len(authors), analyzed=len(comments), excluded={})
    return Analysis(stats=stats, themes=[theme])


def fake_text(analysis: Analysis, style: str) -> DigestText:
    theme = analysis.themes[0]
    sentence = Sentence(
        text=f"One commenter put it this way: “{theme.key_point}”", comment_ids=[theme.key_point_id]
    )
    return DigestText(style=style, writer="fake", sentences=[sentence], markdown=sentence.text)


def fake_digest(
    thread: Thread, article: Article | None, *, style: str, writer: str, progress: Any, **options: Any
) -> Digest:
    progress("embed", 0.5)
    if article is not None:
        thread.article = article
    analysis = fake_analysis(thread)
    return Digest(thread, analysis, fake_text(analysis, style), Checks(True, True, []))


def fake_rewrite(thread: Thread, analysis: Analysis, style: str, **options: Any) -> Digest:
    return Digest(thread, analysis, fake_text(analysis, style), Checks(True, True, []))


def make_client(tmp_path: Path, **options: Any) -> TestClient:
    options.setdefault("digest_fn", fake_digest)
    options.setdefault("rewrite_fn", fake_rewrite)
    return TestClient(create_app(tmp_path / "web.sqlite3", **options))


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    with make_client(tmp_path) as c:
        yield c


@pytest.fixture
def fake_dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """No real DNS in tests: names resolve from this table (a name missing from it does not resolve)."""
    table: dict[str, list[str]] = {
        "localhost": ["127.0.0.1"],
        "localtest.me": ["127.0.0.1"],
        "metadata.internal.example": ["169.254.169.254"],
        "www.reddit.com": ["151.101.1.140"],
        "example.com": ["93.184.215.14"],
    }

    def getaddrinfo(host: str, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        try:
            import ipaddress

            ipaddress.ip_address(host.strip("[]"))
            addresses = [host.strip("[]")]
        except ValueError:
            if host not in table:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None
            addresses = table[host]
        out = []
        for ip in addresses:
            family = socket.AF_INET6 if ":" in ip else socket.AF_INET
            sockaddr = (ip, port or 0, 0, 0) if family == socket.AF_INET6 else (ip, port or 0)
            out.append((family, socket.SOCK_STREAM, 6, "", sockaddr))
        return out

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return table


def upload(client: TestClient, path: Path, name: str | None = None, **data: str) -> Any:
    with open(path, "rb") as f:
        return client.post("/jobs.json", files={"file": (name or path.name, f)}, data=data)


def finished_job(client: TestClient, response: Any) -> dict[str, Any]:
    assert response.status_code == 202, response.text
    job_id = response.json()["id"]
    client.app.state.runner.wait(job_id, timeout=120)
    return client.get(f"/jobs/{job_id}.json").json()


def hn_thread(tmp_path: Path, title: str, texts: list[str]) -> Path:
    """A saved Hacker News (Algolia) item written for these tests."""
    children = [
        {
            "id": 100 + i,
            "type": "comment",
            "author": f"user{i}",
            "text": text,
            "created_at_i": 1600000000 + i,
            "children": [],
        }
        for i, text in enumerate(texts)
    ]
    item = {
        "id": 1,
        "type": "story",
        "title": title,
        "author": "op",
        "created_at_i": 1600000000,
        "url": "https://example.com/story",
        "children": children,
    }
    path = tmp_path / "hn_item.json"
    path.write_text(json.dumps(item), encoding="utf-8")
    return path


# --- pages, twins, headers --------------------------------------------------------------------------------


def test_every_response_has_security_headers(client: TestClient) -> None:
    for path in ("/", "/history", "/api", "/index.json", "/openapi.json", "/static/app.css", "/no/such/page"):
        r = client.get(path)
        csp = r.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp, path
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"


def test_home_page_offers_url_upload_and_style(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    for field in ('name="url"', 'name="file"', 'name="article_url"', 'name="style" value="report"'):
        assert field in r.text
    assert '<link rel="alternate" type="application/json" href="/index.json">' in r.text


def test_index_json_and_openapi_describe_the_api(client: TestClient) -> None:
    index = client.get("/index.json").json()
    assert index["styles"] == ["post", "report"] and index["limits"]["max_comments"] == 20_000
    assert index["limits"]["max_sources"] == 5
    paths = client.get("/openapi.json").json()["paths"]
    for p in (
        "/jobs.json",
        "/jobs/{job_id}.json",
        "/history.json",
        "/digests/{digest_id}.json",
        "/digests/{digest_id}/render.json",
    ):
        assert p in paths
    assert "/digests/{digest_id}" not in paths  # HTML pages are not part of the JSON API
    api_page = client.get("/api").text
    assert "/jobs.json" in api_page and "Start a digest" in api_page


def test_upload_to_digest_history_rerender_delete(client: TestClient) -> None:
    job = finished_job(client, upload(client, PICS, style="post"))
    assert job["status"] == "done", job
    digest_id = job["digest_id"]
    assert client.get(job["links"]["page"]).status_code == 200

    page = client.get(f"/digests/{digest_id}")
    assert page.status_code == 200
    assert "Detroit, where a statue of Columbus once stood." in page.text
    assert f'src="/digests/{digest_id}/report.html?style=post&amp;frame=1"' in page.text

    data = client.get(f"/digests/{digest_id}.json").json()
    assert data["digest"]["schema"] == "threadline.digest/1"
    assert data["shown_style"] == "post" and data["styles"] == ["post"]

    report = client.get(f"/digests/{digest_id}/report.html")
    assert "script-src" not in report.headers["content-security-policy"]  # the report runs no script
    assert 'id="threadline-nav"' in report.text
    framed = client.get(f"/digests/{digest_id}/report.html?frame=1")
    assert 'id="threadline-nav"' not in framed.text and "<article" in framed.text
    md = client.get(f"/digests/{digest_id}/digest.md")
    assert md.headers["content-type"].startswith("text/markdown") and "One commenter" in md.text

    history = client.get("/history.json").json()
    assert history["total"] == 1 and history["digests"][0]["id"] == digest_id
    assert "Detroit" in client.get("/history").text

    # Not written in the report style yet: a clear 404, then a rewrite makes it.
    missing = client.get(f"/digests/{digest_id}.json?style=report")
    assert missing.status_code == 404 and "report style" in missing.json()["error"]
    r = client.post(f"/digests/{digest_id}/render", data={"style": "report"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/digests/{digest_id}?style=report"
    assert (
        client.get(f"/digests/{digest_id}.json?style=report").json()["digest"]["digest"]["style"] == "report"
    )
    assert client.get("/history.json").json()["digests"][0]["styles"] == ["post", "report"]
    again = client.post(f"/digests/{digest_id}/render.json", data={"style": "post"})
    assert again.status_code == 200 and again.json()["styles"] == ["post", "report"]

    r = client.post(f"/digests/{digest_id}/delete", follow_redirects=False)
    assert r.status_code == 303
    assert client.get(f"/digests/{digest_id}").status_code == 404
    assert client.get("/history.json").json()["total"] == 0
    assert client.get(f"/jobs/{job['id']}.json").json()["digest_id"] is None  # no dangling reference


def test_delete_json_and_bad_style(client: TestClient) -> None:
    job = finished_job(client, upload(client, PICS))
    digest_id = job["digest_id"]
    bad = client.get(f"/digests/{digest_id}.json?style=poem")
    assert bad.status_code == 422 and "poem" in bad.json()["error"]
    assert client.post(f"/digests/{digest_id}/render.json", data={"style": "poem"}).status_code == 422
    assert client.delete(f"/digests/{digest_id}.json").json() == {"deleted": digest_id}
    assert client.delete(f"/digests/{digest_id}.json").status_code == 404


def test_html_form_submission_redirects_to_job_page(client: TestClient) -> None:
    with open(PICS, "rb") as f:
        r = client.post(
            "/jobs",
            files={
                "file": (PICS.name, f),
                "article_file": ("", b""),
            },  # an empty file input, as browsers send
            data={"url": "", "style": "report"},
            follow_redirects=False,
        )
    assert r.status_code == 303
    job_id = r.headers["location"].rsplit("/", 1)[1]
    client.app.state.runner.wait(job_id, timeout=60)
    page = client.get(f"/jobs/{job_id}")
    assert 'data-status="done"' in page.text and "Read the digest" in page.text
    assert client.get(f"/jobs/{job_id}.json").json()["style"] == "report"


def test_a_polis_or_table_upload_without_a_title_is_never_named_after_its_file(
    client: TestClient, tmp_path: Path
) -> None:
    job = finished_job(client, upload(client, SHARED_DATA / "polis" / "15-per-hour-seattle" / "comments.csv"))
    assert job["status"] == "done" and job["label"].startswith("A Polis conversation of ")
    assert job["label"].endswith(" statements") and "comments.csv" not in job["label"]
    stored = client.get(f"/digests/{job['digest_id']}.json").json()
    assert stored["source_kind"] == "polis" and "threadline-upload" not in json.dumps(stored)
    assert stored["label"] == job["label"] and "comments.csv" not in client.get("/history").text
    report = client.get(f"/digests/{job['digest_id']}/report.html").text
    assert f"<h1>{job['label']}</h1>" in report and "Discussion digest" not in report

    table = tmp_path / "bike_lanes.csv"
    table.write_text("id,text\n1,Wider lanes please.\n2,The lanes are fine.\n", encoding="utf-8")
    job = finished_job(client, upload(client, table))
    assert job["label"] == "A discussion of 2 comments"
    named = finished_job(client, upload(client, table, title="  Readers on\nthe bike lanes "))
    assert named["label"] == "Readers on the bike lanes"
    assert client.get(f"/digests/{named['digest_id']}.json").json()["title"] == "Readers on the bike lanes"


def test_article_file_is_attached(client: TestClient, tmp_path: Path) -> None:
    article = tmp_path / "story.txt"
    article.write_text("Statue removed\n\nThe city took the statue down overnight, officials said.", "utf-8")
    with open(PICS, "rb") as f, open(article, "rb") as a:
        r = client.post("/jobs.json", files={"file": (PICS.name, f), "article_file": ("story.txt", a)})
    job = finished_job(client, r)
    data = client.get(f"/digests/{job['digest_id']}.json").json()
    assert data["digest"]["article"] is not None


# --- unknown ids ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "method,path",
    [
        ("get", "/jobs/nope"),
        ("get", "/jobs/nope.json"),
        ("get", "/digests/nope"),
        ("get", "/digests/nope.json"),
        ("get", "/digests/nope/report.html"),
        ("get", "/digests/nope/digest.md"),
        ("post", "/digests/nope/delete"),
        ("delete", "/digests/nope.json"),
    ],
)
def test_unknown_ids_are_404_with_a_message(client: TestClient, method: str, path: str) -> None:
    r = getattr(client, method)(path)
    assert r.status_code == 404
    if path.endswith(".json"):
        assert "nope" in r.json()["error"]
    else:
        assert "nope" in r.text and "Traceback" not in r.text


def test_render_unknown_digest(client: TestClient) -> None:
    assert client.post("/digests/nope/render", data={"style": "post"}).status_code == 404
    assert client.post("/digests/nope/render.json", data={"style": "post"}).status_code == 404


# --- bad input --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "files,data,expected",
    [
        ({}, {}, "either a thread URL or a thread file"),
        (
            {},
            {"url": "https://www.reddit.com/r/a/comments/b1/\n/etc/passwd"},
            "thread URL 2 of 2: the thread",
        ),
        ({"file": ("thread.json", b"")}, {}, "empty"),
        ({"file": ("thread.json", b"\x00\x01 not a thread \xff")}, {}, "thread.json"),
        ({"file": ("notes.csv", b"a,b\n1,2\n")}, {}, "notes.csv"),
        ({"file": ("t.json", b"[1, 2")}, {}, "t.json"),
        ({}, {"url": "https://example.com/some/page"}, "Reddit thread or Hacker News"),
        ({}, {"url": "/etc/passwd"}, "http:// or https://"),
        ({}, {"url": "file:///etc/passwd"}, "http:// or https://"),
        ({}, {"url": "42", "style": "poem"}, "unknown style"),
    ],
)
def test_bad_submissions_are_422_and_queue_nothing(
    client: TestClient,
    fake_dns: dict[str, list[str]],
    files: dict[str, Any],
    data: dict[str, str],
    expected: str,
) -> None:
    r = client.post("/jobs.json", files=files or {"file": ("", b"")}, data=data)
    assert r.status_code == 422, r.text
    assert expected in r.json()["error"]
    assert client.app.state.store.count_active_jobs() == 0


def test_bad_upload_on_the_form_page_keeps_the_input(
    client: TestClient, fake_dns: dict[str, list[str]]
) -> None:
    r = client.post(
        "/jobs", files={"file": ("thread.json", b"nonsense")}, data={"article_url": "https://example.com/a"}
    )
    assert r.status_code == 422
    assert 'id="form-error"' in r.text and "thread.json" in r.text
    assert 'value="https://example.com/a"' in r.text


def test_oversized_upload_is_413(tmp_path: Path) -> None:
    # The file is checked as it is saved (14 KB > 5 KB) ...
    with make_client(tmp_path, limits=Limits(max_upload_bytes=5_000)) as client:
        r = upload(client, PICS)
        assert r.status_code == 413 and "0.005 MB limit" in r.json()["error"]
        assert "limit" in r.json()["error"]
        # ... and a body far over the limit is refused before it is read.
        big = client.post("/jobs.json", files={"file": ("big.json", b"[" + b" " * 200_000 + b"]")})
        assert big.status_code == 413 and "too large" in big.json()["error"]
        page = client.post("/jobs", files={"file": ("big.json", b" " * 200_000)})
        assert page.status_code == 413 and "too large" in page.text
        assert "content-security-policy" in page.headers


def test_streamed_body_over_the_limit_is_413(tmp_path: Path) -> None:
    """A body sent in chunks, with no Content-Length to refuse it by, is cut off once it passes the limit."""

    def chunks() -> Any:
        yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.json"\r\n\r\n'
        for _ in range(50):
            yield b" " * 10_000

    with make_client(tmp_path, limits=Limits(max_upload_bytes=5_000)) as client:
        r = client.post(
            "/jobs.json", content=chunks(), headers={"Content-Type": "multipart/form-data; boundary=b"}
        )
        assert "content-length" not in r.request.headers
        assert r.status_code == 413 and "too large" in r.json()["error"]


def test_thread_over_the_comment_limit_is_413(tmp_path: Path) -> None:
    with make_client(tmp_path, limits=Limits(max_comments=2)) as client:
        r = upload(client, PICS)  # 3 comments
        assert r.status_code == 413
        assert "at most 2" in r.json()["error"] and PICS.name in r.json()["error"]
        assert "/tmp" not in r.json()["error"]  # the server's temporary path is not shown


# --- hostile URLs -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field,url",
    [
        ("url", "http://localhost/r/pics/comments/hlrjn9/x/"),
        ("url", "http://127.0.0.1/r/pics/comments/hlrjn9/x/"),
        ("url", "http://[::1]/r/pics/comments/hlrjn9/x/"),
        ("url", "http://169.254.169.254/latest/meta-data/"),
        ("url", "http://10.0.0.7:8080/item?id=1"),
        ("url", "https://localtest.me/r/pics/comments/hlrjn9/x/"),
        ("url", "http://metadata.internal.example/"),
        ("url", "http://[::ffff:127.0.0.1]/"),
        ("article_url", "http://localtest.me/story"),
        ("article_url", "http://192.168.1.1/admin"),
    ],
)
def test_private_addresses_are_refused_up_front(
    client: TestClient, fake_dns: dict[str, list[str]], field: str, url: str
) -> None:
    data = {field: url}
    if field == "article_url":
        data["url"] = "https://www.reddit.com/r/pics/comments/hlrjn9/x/"
    r = client.post("/jobs.json", data=data)
    assert r.status_code == 422, r.text
    assert "refusing to fetch" in r.json()["error"]
    assert client.app.state.store.count_active_jobs() == 0
    page = client.post("/jobs", data=data)
    assert page.status_code == 422 and "refusing to fetch" in page.text


def test_dns_answer_that_changes_after_the_check_is_refused_by_the_fetch(
    client: TestClient, fake_dns: dict[str, list[str]]
) -> None:
    # Public when the form is checked, loopback when the job connects: the fetch layer's guard catches it.
    calls = {"n": 0}
    real = socket.getaddrinfo

    def rebinding(host: str, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        if host == "www.reddit.com":
            calls["n"] += 1
            fake_dns["www.reddit.com"] = ["151.101.1.140"] if calls["n"] == 1 else ["127.0.0.1"]
        return real(host, port, *args, **kwargs)

    socket.getaddrinfo = rebinding  # restored by the fake_dns fixture's monkeypatch
    job = finished_job(
        client, client.post("/jobs.json", data={"url": "https://www.reddit.com/r/pics/comments/hlrjn9/x/"})
    )
    assert job["status"] == "failed"
    assert "refusing to fetch" in job["error"] and "127.0.0.1" in job["error"]
    assert client.get("/history.json").json()["total"] == 0


# --- hostile text -----------------------------------------------------------------------------------------


def test_hostile_text_is_escaped_everywhere(client: TestClient, tmp_path: Path) -> None:
    path = hn_thread(
        tmp_path,
        title=f"Title {HOSTILE}",
        texts=["&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt; and more words here", "A calm reply."],
    )
    job = finished_job(client, upload(client, path))
    assert job["status"] == "done", job
    digest_id = job["digest_id"]
    pages = [
        client.get(f"/jobs/{job['id']}").text,
        client.get(f"/digests/{digest_id}").text,
        client.get(f"/digests/{digest_id}/report.html").text,
        client.get("/history").text,
    ]
    for text in pages:
        assert HOSTILE not in text
    assert "&lt;script&gt;alert(" in pages[2]  # the comment is shown, as text
    assert "&lt;script&gt;alert(" in pages[1]  # the title on the app's digest page
    assert (
        client.get(f"/digests/{digest_id}.json").json()["title"] == f"Title {HOSTILE}"
    )  # JSON keeps it as is


def test_uploaded_file_name_cannot_escape(client: TestClient) -> None:
    with open(PICS, "rb") as f:
        r = client.post("/jobs.json", files={"file": ("../../<b>evil</b>.json", f)})
    job = finished_job(client, r)
    assert job["status"] == "done"


# --- jobs: failures, crashes, concurrency -----------------------------------------------------------------


def test_failing_job_shows_its_error_and_stores_nothing(tmp_path: Path) -> None:
    def empty(thread: Thread, article: Any, **options: Any) -> Digest:
        raise EmptyThreadError("pics__hlrjn9.json", "no comments left to analyze after cleaning")

    with make_client(tmp_path, digest_fn=empty) as client:
        job = finished_job(client, upload(client, PICS))
        assert job["status"] == "failed"
        assert job["error"] == "pics__hlrjn9.json: no comments left to analyze after cleaning"
        page = client.get(f"/jobs/{job['id']}").text
        assert "no comments left to analyze" in page and 'data-status="failed"' in page
        assert client.get("/history.json").json()["total"] == 0


def test_crashing_job_shows_a_notice_not_a_traceback(tmp_path: Path) -> None:
    def crash(thread: Thread, article: Any, **options: Any) -> Digest:
        raise RuntimeError("secret internal detail")

    with make_client(tmp_path, digest_fn=crash) as client:
        job = finished_job(client, upload(client, PICS))
        assert job["status"] == "failed" and job["error"] == INTERNAL_ERROR
        assert "secret" not in client.get(f"/jobs/{job['id']}").text


def test_unexpected_error_in_a_request_is_a_generic_500(tmp_path: Path) -> None:
    def broken(thread: Thread, analysis: Analysis, style: str, **options: Any) -> Digest:
        raise RuntimeError("secret internal detail")

    with make_client(tmp_path, rewrite_fn=broken) as client:
        job = finished_job(client, upload(client, PICS))
        page = client.post(f"/digests/{job['digest_id']}/render", data={"style": "report"})
        assert page.status_code == 500
        assert "secret" not in page.text and "Traceback" not in page.text and "went wrong" in page.text
        assert '<a href="/history">History</a>' in page.text  # the app's layout, with its navigation
        assert "default-src 'none'" in page.headers["content-security-policy"]
        api = client.post(f"/digests/{job['digest_id']}/render.json", data={"style": "report"})
        assert api.status_code == 500 and "secret" not in api.text and "error" in api.json()


def test_jobs_run_concurrently_and_pages_stay_responsive(tmp_path: Path) -> None:
    barrier = threading.Barrier(3, timeout=30)
    page_seen = threading.Event()

    def together(thread: Thread, article: Any, **options: Any) -> Digest:
        barrier.wait()  # only passes when three jobs are running at the same time
        page_seen.wait(30)  # and holds them until a page was served meanwhile
        return fake_digest(thread, article, **options)

    with make_client(tmp_path, digest_fn=together, limits=Limits(workers=3)) as client:
        ids = [upload(client, PICS).json()["id"] for _ in range(3)]
        assert client.get("/").status_code == 200
        assert client.get("/history.json").status_code == 200
        page_seen.set()
        for job_id in ids:
            client.app.state.runner.wait(job_id, timeout=60)
        statuses = [client.get(f"/jobs/{i}.json").json()["status"] for i in ids]
        assert statuses == ["done", "done", "done"]
        assert client.get("/history.json").json()["total"] == 3


def test_busy_server_refuses_more_jobs(tmp_path: Path) -> None:
    release = threading.Event()

    def slow(thread: Thread, article: Any, **options: Any) -> Digest:
        release.wait(30)
        return fake_digest(thread, article, **options)

    with make_client(tmp_path, digest_fn=slow, limits=Limits(max_active_jobs=1, workers=1)) as client:
        first = upload(client, PICS)
        second = upload(client, PICS)
        release.set()
        assert first.status_code == 202
        assert second.status_code == 503 and "busy" in second.json()["error"]
        client.app.state.runner.wait(first.json()["id"], timeout=60)


def test_jobs_left_unfinished_by_a_previous_server_are_marked_failed(tmp_path: Path) -> None:
    store = Store(tmp_path / "web.sqlite3")
    job_id = store.create_job("old thread", "post")
    with make_client(tmp_path) as client:
        job = client.get(f"/jobs/{job_id}.json").json()
    assert job["status"] == "failed" and job["error"] == INTERRUPTED


# --- requests from elsewhere ------------------------------------------------------------------------------


def test_cross_site_posts_are_refused(client: TestClient) -> None:
    r = client.post("/jobs.json", data={"url": "42"}, headers={"Origin": "https://evil.example"})
    assert r.status_code == 403 and "cross-site" in r.json()["error"]
    r = client.post("/digests/x/delete", headers={"Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 403
    # Our own form, as a browser sends it under Referrer-Policy: no-referrer, gets through (404: no such id).
    own = {"Sec-Fetch-Site": "same-origin", "Origin": "null"}
    assert client.post("/digests/x/delete", headers=own).status_code == 404
    assert client.post("/digests/x/delete", headers={"Origin": "http://testserver"}).status_code == 404


def test_loopback_server_refuses_other_host_names(tmp_path: Path) -> None:
    with make_client(tmp_path, allowed_hosts=["127.0.0.1", "localhost"]) as client:
        assert client.get("/", headers={"Host": "127.0.0.1:8000"}).status_code == 200
        assert client.get("/", headers={"Host": "rebound.evil.example"}).status_code == 400


# --- packaging and the command line -----------------------------------------------------------------------


def test_missing_web_extra_names_the_install_command(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import importlib.util

    import threadline.web as web

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "uvicorn" else real(name, *a)
    )
    with pytest.raises(MissingDependencyError, match=r"pip install 'threadline\[web\]'"):
        web.create_app(tmp_path / "x.sqlite3")


def test_serve_warns_when_not_on_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    import threadline.web as web
    from threadline.cli import cli

    calls: list[dict[str, Any]] = []
    for name in ("THREADLINE_LLM_URL", "THREADLINE_LLM_MODEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(web, "serve", lambda **kw: calls.append(kw))
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "9999", "--db", "x.db"])
    assert result.exit_code == 0 and calls == [{"host": "0.0.0.0", "port": 9999, "db": "x.db", "llm": None}]
    assert "no login" in result.stderr
    quiet = CliRunner().invoke(cli, ["serve", "--db", "x.db"])
    assert quiet.exit_code == 0 and "warning" not in quiet.stderr


def test_default_db_is_in_the_user_data_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from threadline.web.app import default_db

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_db() == tmp_path / "threadline" / "web.sqlite3"


# --- the real pipeline --------------------------------------------------------------------------------------


def test_real_pipeline_upload(tmp_path: Path) -> None:
    """A real shared thread through the real analysis and writer, then rewritten in the other style."""
    with TestClient(create_app(tmp_path / "web.sqlite3")) as client:
        job = finished_job(client, upload(client, SMALL, style="post"))
        assert job["status"] == "done", job
        data = client.get(f"/digests/{job['digest_id']}.json").json()
        doc = data["digest"]
        assert doc["schema"] == "threadline.digest/1" and doc["digest"]["style"] == "post"
        assert doc["themes"] and doc["stats"]["analyzed"] > 0
        assert doc["checks"]["quotes_verbatim"] is True
        r = client.post(f"/digests/{job['digest_id']}/render.json", data={"style": "report"})
        assert r.status_code == 200 and r.json()["styles"] == ["post", "report"]
        report = client.get(f"/digests/{job['digest_id']}.json?style=report").json()["digest"]
        assert report["digest"]["style"] == "report"
        assert report["themes"] == doc["themes"]  # the same stored analysis, written again
        assert client.get(f"/digests/{job['digest_id']}/report.html?style=report").status_code == 200


# --- the writer: template always, the language model when the operator set one up ---------------------------


@pytest.fixture(scope="module")
def fake_llm() -> Iterator[FakeLLM]:
    """The fake OpenAI-compatible server of ``fake_llm.py``; the model name picks its behaviour."""
    server = FakeLLM().start()
    yield server
    server.stop()


def writing_digest(
    thread: Thread, article: Article | None, *, style: str, writer: str, progress: Any, **options: Any
) -> Digest:
    """The fast stand-in analysis, then the real writer (template or LLM) and the real verifier."""
    analysis = fake_analysis(thread)
    text = write(analysis, thread, style=style, writer=writer, **(options.get("writer_options") or {}))
    return Digest(thread, analysis, text, verify(text, analysis, thread))


def llm_client(tmp_path: Path, fake_llm: FakeLLM, model: str, **options: Any) -> TestClient:
    llm = LLMSettings(url=fake_llm.url, model=model, timeout=30)
    return make_client(tmp_path, digest_fn=writing_digest, rewrite_fn=real_rewrite, llm=llm, **options)


def test_without_a_language_model_only_the_template_writer_is_offered(
    client: TestClient, fake_llm: FakeLLM
) -> None:
    home = client.get("/").text
    assert 'name="writer"' not in home and "Language model" not in home
    index = client.get("/index.json").json()
    assert index["writers"] == ["template"] and index["llm"] is None

    before = len(fake_llm.requests)
    refused = upload(client, PICS, writer="llm")
    assert refused.status_code == 422 and "no language model" in refused.json()["error"]
    assert "--llm-url" in refused.json()["error"]
    page = client.post("/jobs", files={"file": (PICS.name, PICS.read_bytes())}, data={"writer": "llm"})
    assert page.status_code == 422 and "no language model" in page.text and 'id="form-error"' in page.text
    unknown = upload(client, PICS, writer="poet")
    assert unknown.status_code == 422 and "unknown writer 'poet'" in unknown.json()["error"]
    assert client.app.state.store.count_active_jobs() == 0 and len(fake_llm.requests) == before

    job = finished_job(client, upload(client, PICS))
    assert job["status"] == "done" and job["writer"] == "template"
    digest_id = job["digest_id"]
    assert 'id="render-llm"' not in client.get(f"/digests/{digest_id}").text
    again = client.post(f"/digests/{digest_id}/render.json", data={"style": "report", "writer": "llm"})
    assert again.status_code == 422 and "no language model" in again.json()["error"]
    assert client.get("/history.json").json()["digests"][0]["styles"] == ["post"]


def test_with_a_language_model_the_form_offers_it(tmp_path: Path, fake_llm: FakeLLM) -> None:
    with llm_client(tmp_path, fake_llm, "good") as client:
        home = client.get("/").text
        assert 'name="writer" value="template" checked' in home
        assert 'name="writer" value="llm"' in home and "Language model (good)" in home
        index = client.get("/index.json")
        assert index.json()["writers"] == ["template", "llm"] and index.json()["llm"] == {"model": "good"}
        assert fake_llm.url not in index.text  # where the model runs is the operator's business
        # A refused form keeps the writer that was chosen.
        page = client.post("/jobs", data={"url": "", "writer": "llm"})
        assert page.status_code == 422 and 'name="writer" value="llm" checked' in page.text


def test_llm_job_makes_a_verified_llm_digest(
    tmp_path: Path, fake_llm: FakeLLM, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("THREADLINE_LLM_API_KEY", "sk-operator-secret")
    llm = LLMSettings.from_options(fake_llm.url, "good", timeout=30)
    assert llm is not None and llm.api_key == "sk-operator-secret" and "secret" not in repr(llm)
    before = len(fake_llm.requests)
    with make_client(tmp_path, digest_fn=writing_digest, rewrite_fn=real_rewrite, llm=llm) as client:
        # A visitor's own endpoint in the form is not a field the server reads.
        sent = upload(client, PICS, writer="llm", llm_url="http://attacker.example/v1", model="garbage")
        job = finished_job(client, sent)
        assert job["status"] == "done" and job["writer"] == "llm", job
        asked = fake_llm.requests[before:]
        assert asked and all(r["model"] == "good" for r in asked)
        assert asked[0]["_authorization"] == "Bearer sk-operator-secret"

        data = client.get(f"/digests/{job['digest_id']}.json")
        body = data.json()
        assert body["writer"] == "llm" and body["writer_fallback"] is None
        doc = body["digest"]
        assert doc["digest"]["writer"] == "llm" and doc["checks"]["problems"] == []
        assert doc["digest"]["llm"]["model"] == "good" and doc["digest"]["llm"]["attempts"] == 1
        assert "sk-operator-secret" not in data.text
        page = client.get(f"/digests/{job['digest_id']}").text
        assert 'data-writer="llm"' in page and "Written by the language model" in page
        assert "good, 1 attempt" in page and 'id="render-llm"' in page
        assert "written by the\nlanguage model" in client.get(f"/jobs/{job['id']}").text


def test_llm_fallback_is_recorded_and_shown_with_its_reason(tmp_path: Path, fake_llm: FakeLLM) -> None:
    # "gullible" obeys the thread's injected instructions (a link, a fake id): both drafts fail the checks.
    with llm_client(tmp_path, fake_llm, "gullible") as client:
        job = finished_job(client, upload(client, PICS, writer="llm"))
        assert job["status"] == "done" and job["writer"] == "llm"
        body = client.get(f"/digests/{job['digest_id']}.json").json()
        assert body["writer"].startswith("template (fallback: llm draft failed checks twice")
        assert "contains a link" in body["writer_fallback"]
        doc = body["digest"]
        assert doc["digest"]["writer"] == body["writer"] and doc["checks"]["problems"] == []
        assert doc["digest"]["llm"]["attempts"] == 2 and "fallback" in doc["digest"]["llm"]
        page = client.get(f"/digests/{job['digest_id']}").text
        assert 'data-fallback="1"' in page and "the language model's draft was not used" in page
        assert "contains a link" in page and "attacker.example" not in page


def test_a_stored_digest_is_rewritten_by_the_llm(tmp_path: Path, fake_llm: FakeLLM) -> None:
    with llm_client(tmp_path, fake_llm, "garbage") as client:
        job = finished_job(client, upload(client, PICS))  # the template writer by default
        digest_id = job["digest_id"]
        assert client.get(f"/digests/{digest_id}.json").json()["writer"] == "template"
        r = client.post(
            f"/digests/{digest_id}/render", data={"style": "report", "writer": "llm"}, follow_redirects=False
        )
        assert r.status_code == 303 and r.headers["location"] == f"/digests/{digest_id}?style=report"
        report = client.get(f"/digests/{digest_id}.json?style=report").json()
        assert report["writer_fallback"].startswith("llm answer was unusable twice: the answer was not JSON")
        assert report["digest"]["digest"]["style"] == "report"
        assert "the answer was not JSON" in client.get(f"/digests/{digest_id}?style=report").text
        # The post version is untouched; a bad writer name is refused.
        assert client.get(f"/digests/{digest_id}.json").json()["writer"] == "template"
        bad = client.post(f"/digests/{digest_id}/render.json", data={"style": "post", "writer": "gpt"})
        assert bad.status_code == 422 and "unknown writer 'gpt'" in bad.json()["error"]

    with llm_client(tmp_path, fake_llm, "good") as client:  # the same file, the server restarted
        r = client.post(f"/digests/{digest_id}/render.json", data={"style": "post", "writer": "llm"})
        assert r.status_code == 200 and r.json()["styles"] == ["post", "report"]
        post = client.get(f"/digests/{digest_id}.json").json()
        assert post["writer"] == "llm" and post["digest"]["checks"]["problems"] == []


def test_serve_takes_the_llm_from_options_or_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    import threadline.web as web
    from threadline.cli import cli

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(web, "serve", lambda **kw: calls.append(kw))
    monkeypatch.setenv("THREADLINE_LLM_API_KEY", "sk-from-env")
    monkeypatch.setenv("THREADLINE_LLM_URL", "http://127.0.0.1:11434/v1")
    monkeypatch.delenv("THREADLINE_LLM_MODEL", raising=False)
    result = CliRunner().invoke(
        cli, ["serve", "--db", "x.db", "--llm-model", "qwen", "--llm-context", "4096"]
    )
    assert result.exit_code == 0, result.output
    llm = calls[-1]["llm"]
    assert (llm.url, llm.model, llm.api_key, llm.context_tokens) == (
        "http://127.0.0.1:11434/v1", "qwen", "sk-from-env", 4096
    )  # fmt: skip
    bad = CliRunner().invoke(cli, ["serve", "--db", "x.db", "--llm-url", "ftp://example.org/v1"])
    assert bad.exit_code == 2 and "not an http(s) URL" in bad.stderr
    with pytest.raises(UsageError):
        LLMSettings(url="not a url")


def test_a_database_from_before_the_writer_column_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "web.sqlite3"
    Store(path)
    with sqlite3.connect(path) as db:
        db.execute("ALTER TABLE jobs DROP COLUMN writer")
        db.execute(
            "INSERT INTO jobs (id, created, updated, label, style, status)"
            " VALUES ('old', 1, 1, 'x', 'post', 'done')"
        )
    store = Store(path)
    assert store.get_job("old").writer == "template"  # type: ignore[union-attr]
    assert store.get_job(store.create_job("new", "post", "llm")).writer == "llm"  # type: ignore[union-attr]


def test_real_pipeline_llm_job(tmp_path: Path, fake_llm: FakeLLM) -> None:
    """A real shared thread through the real analysis, written by the LLM writer against the fake server."""
    llm = LLMSettings(url=fake_llm.url, model="good", timeout=30)
    with TestClient(create_app(tmp_path / "web.sqlite3", llm=llm)) as client:
        job = finished_job(client, upload(client, SMALL, style="report", writer="llm"))
        assert job["status"] == "done", job
        doc = client.get(f"/digests/{job['digest_id']}.json").json()["digest"]
        assert doc["digest"]["writer"] == "llm" and doc["digest"]["style"] == "report"
        checks = doc["checks"]
        assert checks["ok"] and checks["quotes_verbatim"] and checks["numbers_traceable"]
        assert checks["problems"] == []
        quoting = [s for s in doc["digest"]["sentences"] if "wrote:" in s["text"]]
        assert quoting and all(s["comment_ids"] for s in quoting)  # the draft's quotes, each cited


# --- one door: a job loads through the pipeline -----------------------------------------------------------


class _Recording:
    """A job's digest function that keeps each thread it is given, then digests it as ``fake_digest``."""

    def __init__(self) -> None:
        self.seen: list[Thread] = []

    def __call__(self, thread: Thread, article: Article | None, **options: Any) -> Digest:
        self.seen.append(thread)
        return fake_digest(thread, article, **options)


def test_a_fetched_link_post_brings_its_article_as_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fixtures.sources.recorded_server import RecordedServer, Reply
    from threadline.sources import reddit
    from threadline.web.jobs import JobRequest, JobRunner

    recording = _Recording()

    with RecordedServer() as server:
        post = json.loads((SHARED_DATA / "reddit/Python__91em1h.json").read_bytes())
        post[0]["data"]["children"][0]["data"].update(is_self=False, url=f"{server.base}/story")
        server.route("/comments/91em1h.json", Reply(body=json.dumps(post).encode()))
        server.route(
            "/story",
            Reply(
                body=b"<html><head><title>The story</title></head><body><article><p>"
                + b"What the story says. " * 60
                + b"</p></article></body></html>",
                content_type="text/html",
            ),
        )
        monkeypatch.setattr(reddit, "BASE", server.base)
        runner = JobRunner(Store(tmp_path / "web.sqlite3"), Limits(), recording)
        request = JobRequest(
            label="link post",
            style="post",
            sources=["https://www.reddit.com/comments/91em1h/"],
            source_options={"allow_private": True},  # the recorded server listens on 127.0.0.1
        )
        job_id = runner.submit(request)
        runner.wait(job_id, timeout=60)
        runner.shutdown()
        assert "/story" in server.paths()
    [thread] = recording.seen
    assert thread.article is not None and thread.article.text.startswith("What the story says.")


def test_the_size_limit_reads_as_the_home_page_says(tmp_path: Path) -> None:
    with make_client(tmp_path) as client:  # the default limit: 10 MB
        assert "At most 10 MB" in client.get("/").text
        big = client.post("/jobs.json", files={"file": ("big.json", b" " * 10_100_000)})
        assert big.status_code == 413 and "at most 10 MB" in big.json()["error"]


def test_pages_are_compressed_for_browsers_that_accept_it(client: TestClient, tmp_path: Path) -> None:
    job = finished_job(client, upload(client, PICS))
    page = client.get(f"/digests/{job['digest_id']}", headers={"Accept-Encoding": "gzip"})
    assert page.status_code == 200 and page.headers["content-encoding"] == "gzip"
    assert "<html" in page.text  # the client decompresses what was sent compressed


# --- errors in the form's words, offline sources, error pages, the Markdown export -------------------------


def test_table_errors_name_the_forms_fields_not_command_line_options(client: TestClient) -> None:
    files = {"file": ("notes.csv", b"a,b\n1,2\n")}
    page = client.post("/jobs", files=files)
    assert page.status_code == 422
    assert "“text”" in page.text and "fields under “Table columns”" in page.text
    assert "--" not in page.text.split('id="form-error"')[1].split("</p>")[0]
    api = client.post("/jobs.json", files=files).json()["error"]
    assert "text_col" in api and "--text-col" not in api  # the API's own parameter names
    binary = client.post("/jobs", files={"file": ("thread.json", b"\x00\x01 not a thread \xff")}).text
    assert "kind=" not in binary and "--" not in binary.split('id="form-error"')[1].split("</p>")[0]
    # What the advice says works: naming the column in the form.
    named = client.post("/jobs.json", files=files, data={"text_col": "b"})
    assert finished_job(client, named)["status"] == "done"


def test_the_form_wording_maps_every_option_in_one_table() -> None:
    from threadline.web.wording import FIELDS, in_form_words

    advice = "t.csv: no column holds the comment text; name them with --id-col --text-col"
    assert in_form_words(advice) == (
        "t.csv: no column holds the comment text; "
        "name them in the “id” and “text” fields under “Table columns”"
    )
    assert in_form_words(advice, api=True).endswith("name them in the id_col and text_col fields")
    limited = "https://x/: HTTP 429 Too Many Requests (rate limited; try again later or lower --max-requests)"
    assert in_form_words(limited).endswith("(rate limited; try again later)")
    assert "kind=" not in in_form_words(
        "f.json: can't tell what kind of thread this file holds; name it with kind=…"
    )
    assert in_form_words("nothing to translate here") == "nothing to translate here"
    assert all(o.startswith("--") or o == "kind=…" for o in FIELDS)


def test_an_unreachable_source_is_refused_in_the_form_before_any_job(
    client: TestClient, fake_dns: dict[str, list[str]]
) -> None:
    del fake_dns["www.reddit.com"]  # offline: no name resolves but the fake table's
    reddit = "https://www.reddit.com/r/pics/comments/hlrjn9/x/"
    r = client.post("/jobs.json", data={"url": reddit})
    assert r.status_code == 422
    assert r.json()["error"] == "can't reach www.reddit.com from this machine: is it offline?"
    page = client.post("/jobs", data={"url": reddit})
    assert (
        page.status_code == 422
        and "can't reach www.reddit.com from this machine: is it offline?" in html.unescape(page.text)
    )
    assert f">{reddit}</textarea>" in page.text and "Errno" not in page.text
    # An HN id is checked as its URL is, and the host the job would fetch from too.
    hn = client.post("/jobs.json", data={"url": "49220339"}).json()["error"]
    assert hn == "can't reach news.ycombinator.com from this machine: is it offline?"
    fake_dns["news.ycombinator.com"] = ["209.216.230.207"]
    hn = client.post("/jobs.json", data={"url": "49220339"}).json()["error"]
    assert hn == "can't reach hn.algolia.com from this machine: is it offline?"
    # An article on a host that does not resolve: maybe offline, maybe mistyped.
    with open(PICS, "rb") as f:
        art = client.post(
            "/jobs.json", files={"file": (PICS.name, f)}, data={"article_url": "https://nws.example/a"}
        )
    assert art.status_code == 422 and art.json()["error"].startswith(
        "can't reach nws.example from this machine"
    )
    assert "mistyped" in art.json()["error"]
    assert (
        client.app.state.store.count_active_jobs() == 0 and client.get("/history.json").json()["total"] == 0
    )


def test_a_failed_job_page_does_not_promise_a_digest(tmp_path: Path) -> None:
    def empty(thread: Thread, article: Any, **options: Any) -> Digest:
        raise EmptyThreadError("table thread", "no comments left to analyze (2 empty)")

    with make_client(tmp_path, digest_fn=empty) as client:
        job = finished_job(client, upload(client, PICS))
        page = client.get(f"/jobs/{job['id']}").text
        failed = page.split('data-phase="failed"')[1].split("</span>")[0]
        assert "hidden" not in failed.split(">")[0] and "nothing new" in failed
        running = page.split('data-phase="active"')[1].split(">")[0]
        assert "hidden" in running  # "the digest will be in the history" is not shown


@pytest.mark.parametrize("status", [403, 404, 413])
def test_every_error_page_has_the_apps_navigation(tmp_path: Path, status: int) -> None:
    with make_client(tmp_path, limits=Limits(max_upload_bytes=5_000)) as client:
        if status == 403:
            r = client.post("/jobs", data={"url": "42"}, headers={"Sec-Fetch-Site": "cross-site"})
        elif status == 404:
            r = client.get("/no/such/page")
        else:
            r = client.post("/jobs", files={"file": ("big.json", b" " * 200_000)})
        assert r.status_code == status
        for link in (
            '<a href="/">New digest</a>',
            '<a href="/history">History</a>',
            '<a href="/api">API</a>',
        ):
            assert link in r.text
        assert 'id="error-message"' in r.text and "content-security-policy" in r.headers


def test_markdown_export_has_title_source_counts_and_linked_notes(client: TestClient, tmp_path: Path) -> None:
    job = finished_job(client, upload(client, PICS))
    md = client.get(f"/digests/{job['digest_id']}/digest.md").text
    head = md.split("\n\n")[:2]
    assert head[0] == "# Detroit, where a statue of Columbus once stood."
    assert head[1].startswith("Source: [Reddit thread](https://www.reddit.com/r/pics/comments/hlrjn9/")
    assert "3 comments seen of 515 declared" in head[1] and "analyzed" in head[1]
    notes = [line for line in md.splitlines() if line.startswith("[^")]
    assert notes and all("](https://www.reddit.com/r/pics/comments/hlrjn9/" in n for n in notes)

    table = tmp_path / "t.csv"
    table.write_text("id,author,text\n1,ann,Wider lanes please.\n2,bo,The lanes are fine.\n", "utf-8")
    job = finished_job(client, upload(client, table, title="Bike lanes"))
    md = client.get(f"/digests/{job['digest_id']}/digest.md").text
    assert md.startswith("# Bike lanes\n\nSource: discussion · 2 comments seen · 2 analyzed, from 2 people")
    assert "](" not in md.split("\n\n")[1]  # no link where the source has no address


def test_history_sorts_and_searches_on_the_server(client: TestClient, tmp_path: Path) -> None:
    made = []
    for title, rows in (("Bike lanes", 3), ("Allotments", 5), ("Zoning_rules 100%", 2)):
        table = tmp_path / "t.csv"
        table.write_text("id,text\n" + "".join(f"{i},Comment number {i}.\n" for i in range(rows)), "utf-8")
        made.append(finished_job(client, upload(client, table, title=title))["digest_id"])

    def titles(**params: str) -> list[str]:
        body = client.get("/history.json", params=params).json()
        return [d["title"] or d["label"] for d in body["digests"]]

    assert titles() == ["Zoning_rules 100%", "Allotments", "Bike lanes"]  # newest first
    assert titles(sort="date", order="asc") == ["Bike lanes", "Allotments", "Zoning_rules 100%"]
    assert titles(sort="title") == ["Allotments", "Bike lanes", "Zoning_rules 100%"]
    assert titles(sort="title", order="desc") == ["Zoning_rules 100%", "Bike lanes", "Allotments"]
    assert titles(sort="comments") == ["Allotments", "Bike lanes", "Zoning_rules 100%"]
    assert titles(q="lanes") == ["Bike lanes"] and titles(q="LANES bike") == ["Bike lanes"]
    assert titles(q="100%") == ["Zoning_rules 100%"] and titles(q="_") == ["Zoning_rules 100%"]  # literal
    assert titles(q="table") == titles()  # the source kind matches too
    found = client.get("/history.json", params={"q": "lanes"}).json()
    assert found["total"] == 1 and found["q"] == "lanes" and found["sort"] == "date"
    assert client.get("/history.json", params={"sort": "author"}).status_code == 422

    page = client.get("/history", params={"sort": "comments", "q": "o"})
    text = html.unescape(page.text)
    assert "2 of 3 digests match “o”, sorted by comments, most first" in text
    assert 'aria-sort="descending"' in page.text and 'id="q"' in page.text and 'value="o"' in page.text
    # The current column's link reverses the order; the others start from their natural order.
    assert 'href="/history?sort=comments&amp;order=asc&amp;q=o"' in page.text
    assert 'href="/history?sort=title&amp;order=asc&amp;q=o"' in page.text
    assert 'class="when"' in page.text and "<time datetime=" in page.text
    none = html.unescape(client.get("/history", params={"q": "nothing like it"}).text)
    assert "No digest matches “nothing like it”" in none and "No digests yet" not in none


# --- several discussions of one story, in one job -----------------------------------------------------------

HN = SHARED_DATA / "hackernews" / "item_49220339.json"


def upload_several(client: TestClient, parts: list[tuple[str, bytes]], **data: str) -> Any:
    return client.post("/jobs.json", files=[("file", part) for part in parts], data=data)


def test_several_uploads_make_one_digest_that_lists_each_source(client: TestClient) -> None:
    job = finished_job(client, upload_several(client, [(p.name, p.read_bytes()) for p in (SMALL, PICS)]))
    assert job["status"] == "done", job
    assert (
        job["label"] == "Pickle isn't slow, it's a protocol + Detroit, where a statue of Columbus once stood."
    )
    data = client.get(f"/digests/{job['digest_id']}.json").json()
    assert (data["source_kind"], data["comments"]) == ("several", 11 + 3)
    rows = [(s["label"], s["kind"], s["where"], s["comments"]) for s in data["sources"]]
    assert rows == [("reddit", "reddit", "on r/Python", 11), ("reddit-2", "reddit", "on r/pics", 3)]
    assert [s["label"] for s in data["digest"]["sources"]] == ["reddit", "reddit-2"]
    assert all(
        cid.split(":")[0] in ("reddit", "reddit-2") for cid in data["digest"]["themes"][0]["comment_ids"]
    )

    page = client.get(f"/digests/{job['digest_id']}").text
    listed = page[page.index('id="digest-sources"') : page.index("</ul>")]
    assert "r/Python: 11 comments seen" in listed and "r/pics: 3 comments seen" in listed
    assert "<code>reddit-2:…</code>" in listed and "https://www.reddit.com/r/pics/comments/hlrjn9/" in listed
    history = client.get("/history").text
    assert "r/Python (11)<br>r/pics (3)" in history
    # the history's search reads each source's place and address, never the names of the fields
    assert client.get("/history.json?q=hlrjn9").json()["total"] == 1
    assert client.get("/history.json?q=analyzed").json()["total"] == 0
    one = finished_job(client, upload(client, SMALL))  # one discussion: listed as it always was
    assert client.get(f"/digests/{one['digest_id']}.json").json()["sources"] == []
    assert 'id="digest-sources"' not in client.get(f"/digests/{one['digest_id']}").text


def test_several_sources_refused_with_the_one_that_was_wrong(
    tmp_path: Path, client: TestClient, fake_dns: dict[str, list[str]]
) -> None:
    small = (SMALL.name, SMALL.read_bytes())
    cases = [
        ([small, ("broken.json", b"[1, 2")], {}, 422, "broken.json"),
        ([small, ("copy.json", small[1])], {}, 422, "copy.json is the same file as Python__91em1h.json"),
        ([small] * 3 + [(f"{i}.json", b"{}") for i in range(3)], {}, 422, "at most 5 together"),
    ]
    url = "https://www.reddit.com/r/pics/comments/hlrjn9/x/"
    cases.append(([], {"url": f"{url}\n{url}"}, 422, f"the same thread URL is given twice ({url})"))
    cases.append(([small], {"url": "ftp://example.com/x"}, 422, "thread URL must start with http"))
    for parts, data, status, expected in cases:
        r = upload_several(client, parts, **data) if parts else client.post("/jobs.json", data=data)
        assert (r.status_code, expected in r.json()["error"]) == (status, True), (expected, r.text)
    assert client.app.state.store.count_active_jobs() == 0
    # Each thread is within the server's limit, the two together are not.
    with make_client(tmp_path / "small", limits=Limits(max_comments=12)) as tight:
        r = upload_several(tight, [small, (PICS.name, PICS.read_bytes())])
        assert r.status_code == 413
        assert "the uploaded threads: the 2 threads have 14 comments together" in r.json()["error"]
    # The form shows the error and keeps both URLs, one a line.
    page = client.post("/jobs", data={"url": f"{url}\n{url}"})
    assert page.status_code == 422 and f">{url}\n{url}</textarea>" in page.text


def test_a_url_and_an_upload_are_fetched_and_combined_in_one_job(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fixtures.sources.recorded_server import RecordedServer, Reply
    from threadline.sources import load, reddit
    from threadline.web.jobs import JobRequest, JobRunner

    recording = _Recording()

    with RecordedServer() as server:
        server.route("/comments/91em1h.json", Reply(body=SMALL.read_bytes()))
        monkeypatch.setattr(reddit, "BASE", server.base)
        store = Store(tmp_path / "web.sqlite3")
        jobs = []
        for limits in (Limits(), Limits(max_comments=340)):  # 11 + 335 comments: the second refuses them
            runner = JobRunner(store, limits, recording)
            request = JobRequest(
                label="two places",
                style="post",
                sources=["https://www.reddit.com/comments/91em1h/", load(str(HN))],
                source_options={"allow_private": True},  # the recorded server listens on 127.0.0.1
            )
            jobs.append(runner.submit(request))
            runner.wait(jobs[-1], timeout=60)
            runner.shutdown()
    [thread] = recording.seen
    assert [(p.label, p.thread.seen_comments) for p in thread.parts] == [("reddit", 11), ("hn", 335)]
    assert thread.comments[0].id.startswith("reddit:") and thread.comments[-1].id.startswith("hn:")
    done, refused = (store.get_job(j) for j in jobs)
    assert done is not None and done.status == "done"
    digest = store.get_digest(done.digest_id or "")
    assert digest is not None and [s["label"] for s in digest.sources] == ["reddit", "hn"]
    assert refused is not None and refused.status == "failed"
    assert refused.error == (
        "these threads: the 2 threads have 346 comments together; this server digests at most 340 "
        "(run `threadline digest` on the command line for bigger ones)"
    )
