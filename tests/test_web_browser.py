"""End to end in a real browser: ``threadline serve`` in a subprocess, Debian's Chromium driven by Playwright.

Upload a shared thread, watch the job page, read the digest, open the history, reopen the digest, rewrite
it in the other style, delete it. A screenshot of the digest page is saved under ``test-output/``.
These tests fail (they do not skip) when Chromium or Playwright is missing: CI must run them.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, SHARED_DATA

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
THREAD = SHARED_DATA / "reddit" / "Python__91em1h.json"  # 11 comments, all kept
OUTPUT = ROOT / "test-output"

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``threadline serve`` on a free loopback port with a fresh database; yields its base URL."""
    port = free_port()
    db = tmp_path_factory.mktemp("web") / "web.sqlite3"
    log = open(db.parent / "server.log", "wb")  # noqa: SIM115 - closed below, after the process
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "threadline.cli", "serve", "--port", str(port), "--db", str(db)]
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        wait_until_listening(proc, port, db.parent / "server.log")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def wait_until_listening(proc: subprocess.Popen[bytes], port: int, log: Path, limit: float = 60.0) -> None:
    attempts = int(limit / 0.2)
    for _ in range(attempts):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            pass
        try:
            proc.wait(timeout=0.2)  # the pause between attempts, and a check that the server is still up
        except subprocess.TimeoutExpired:
            continue
        pytest.fail(f"threadline serve exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
    pytest.fail(f"threadline serve did not listen on port {port} within {limit:.0f} s")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the playwright package is missing: pip install -e '.[dev]'")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def test_upload_watch_read_history_reopen(server: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    problems: list[str] = []  # console errors include Content-Security-Policy violations
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    polls: list[str] = []
    page.on("response", lambda r: polls.append(r.url) if re.search(r"/jobs/\w+\.json$", r.url) else None)

    page.goto(server + "/")
    assert page.title() == "New digest · threadline"
    page.set_input_files("#file", str(THREAD))
    page.check("input[name=style][value=post]")
    page.click("#submit")

    # The job page, then (when the job is done) the digest page, reached by the page's own script.
    page.wait_for_url(re.compile(r"/jobs/\w+$"), timeout=30_000)
    job_url = page.url
    assert page.locator("#job-status").inner_text() in ("queued", "running", "done")
    page.locator("#digest-head, #job-error:visible").first.wait_for(timeout=180_000)
    if "/jobs/" in page.url:
        pytest.fail(f"the digest job failed: {page.locator('#job-error').inner_text()}")
    assert polls, "the job page never asked the server for the job's progress"
    digest_url = page.url

    head = page.locator("#digest-head")
    assert "Pickle isn't slow, it's a protocol" in head.inner_text()
    assert "11 comments seen of 11 declared" in " ".join(head.inner_text().split())
    report = page.frame_locator("#report")
    report.locator("article#digest").wait_for(timeout=30_000)
    assert report.locator("article#digest").inner_text().strip()
    page.wait_for_function("document.getElementById('report').offsetHeight > 400")

    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "web_digest.png"), full_page=True)
    page.screenshot(path=str(OUTPUT / "web_digest_top.png"))  # what the reader sees first

    # History lists it; reopening it from there shows the same digest.
    page.click("header.bar >> text=History")
    page.wait_for_url(server + "/history")
    row = page.locator("#history tbody tr")
    assert row.count() == 1
    row.locator("a").first.click()
    page.wait_for_url(re.compile(r"/digests/\w+$"))
    assert page.url == digest_url

    # Rewrite in the other style: the report tab becomes current; both styles listed in the history.
    page.click("#render-report")
    page.wait_for_url(re.compile(r"/digests/\w+\?style=report$"))
    assert page.locator(".tab.current").inner_text() == "report"
    page.frame_locator("#report").locator("article#digest").wait_for()
    page.screenshot(path=str(OUTPUT / "web_digest_report.png"), full_page=True)
    page.goto(server + "/history")
    assert "post, report" in page.locator("#history tbody tr").inner_text()

    # The job page still answers after the fact, and its JSON twin agrees.
    page.goto(job_url)
    assert page.locator("#job-status").inner_text() == "done"

    # Delete from the history (accepting the confirmation): the list is empty again.
    page.on("dialog", lambda d: d.accept())
    page.goto(server + "/history")
    page.click("#history button.danger")
    page.wait_for_url(re.compile(r"/history\?deleted=1$"))
    assert "No digests yet" in page.content()
    assert not problems, problems
    page.close()


def test_bad_upload_shows_the_reason(server: str, browser: Any, tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('[{"kind": "Listing"', encoding="utf-8")
    page = browser.new_page()
    page.goto(server + "/")
    page.set_input_files("#file", str(bad))
    page.click("#submit")
    error = page.locator("#form-error")
    error.wait_for()
    assert "broken.json" in error.inner_text()
    page.close()
