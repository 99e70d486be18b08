"""The HTML page in a real headless Chromium (Debian's): it renders, the chart is there, evidence expands,
and comments carrying script payloads show as text and run nothing."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from test_template_writer import hand_built
from threadline.model import Digest
from threadline.render.html import render_html
from threadline.write import verify, write

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCRIPT_PAYLOAD = "<script>window.__pwned = 'script'</script>"
IMG_PAYLOAD = "<img src=x onerror=\"window.__pwned = 'img'\">"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _page_file(tmp_path: Path) -> tuple[Path, str]:
    analysis, thread = hand_built()
    payload = f"Read this {SCRIPT_PAYLOAD} and this {IMG_PAYLOAD} before it is too late."
    thread.by_id["a2"].text = payload  # a2 is quoted in the first theme and shown in its evidence
    analysis.themes[0].quotes[0].text = payload
    text = write(analysis, thread)
    digest = Digest(thread=thread, analysis=analysis, text=text, checks=verify(text, analysis, thread))
    path = tmp_path / "digest.html"
    path.write_text(render_html(digest), encoding="utf-8")
    return path, payload


def test_page_renders_chart_and_evidence_expands(browser: object, tmp_path: Path) -> None:
    path, _ = _page_file(tmp_path)
    page = browser.new_page()  # type: ignore[attr-defined]
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    assert page.title().startswith("North Korea to send up to 28,000 more troops to Russia")
    assert "cannon fodder" in page.inner_text("#digest")
    bars = page.locator("#theme-chart g.bar")
    assert bars.count() == 6
    assert page.locator("#theme-chart rect").first.bounding_box()["width"] > 50
    details = page.locator("details.evidence").first
    body = details.locator("li.comment").first
    assert not details.evaluate("d => d.open") and not body.is_visible()
    details.locator("summary").click()
    assert details.evaluate("d => d.open") and body.is_visible()
    assert "Sending more kids into the grinder" in body.inner_text()
    assert requests == [path.as_uri()]  # nothing fetched from anywhere else
    page.close()


def test_payloads_show_as_text_and_run_nothing(browser: object, tmp_path: Path) -> None:
    path, payload = _page_file(tmp_path)
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(path.as_uri())
    page.locator("details.evidence").first.locator("summary").click()
    assert page.evaluate("() => window.__pwned === undefined")
    assert page.locator("script").count() == 0
    assert page.locator("img").count() == 0
    evidence = page.locator("details.evidence").first.inner_text()
    assert SCRIPT_PAYLOAD in evidence and IMG_PAYLOAD in evidence  # shown as the text the commenter wrote
    assert SCRIPT_PAYLOAD in page.inner_text("#sources")
    page.close()
