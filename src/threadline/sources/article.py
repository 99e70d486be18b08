"""Articles: a URL (fetched through ``threadline.fetch``) or a local ``.html``/``.html.gz``/``.txt``/``.md``
file, with the text, title, date and site extracted by trafilatura.

The extraction options scored best on the article benchmark (``benchmarks/article_extraction.py``, 16 pages:
token F1 0.979 against 0.963 with trafilatura's defaults): precision favoured, so boilerplate such as
related-story lists stays out of the article summary; no comments; tables kept; fallback extractors on.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import InputError
from ..fetch import HTML_TYPES, Fetcher
from ..model import Article
from ._base import decode_utf8, read_file
from .text import markdown_to_text, tidy_text

__all__ = ["load_article", "extract_article", "EXTRACT_OPTIONS"]

log = logging.getLogger(__name__)

EXTRACT_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "favor_precision": True,
    "favor_recall": False,
    "no_fallback": False,
    "deduplicate": False,
}
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz")
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".txt.gz", ".md.gz")
MAX_PAGE_BYTES = 15_000_000


def _site(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def extract_article(html: bytes | str, url: str | None, where: str) -> Article:
    """Extract an article from a page's HTML; an ``InputError`` naming ``where`` if nothing is found."""
    import trafilatura

    # trafilatura logs every page it finds short at WARNING; those are our InputErrors to raise.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, **EXTRACT_OPTIONS)
    raw = (getattr(doc, "text", None) or "") if doc is not None else ""
    # trafilatura puts one paragraph a line; a blank line between them keeps them paragraphs in Markdown.
    text = "\n\n".join(line.strip() for line in raw.splitlines() if line.strip())
    if not text:
        raise InputError(where, "no article text found in the page")
    title = getattr(doc, "title", None)
    return Article(
        text=text,
        url=url or getattr(doc, "url", None),
        title=title.strip() if title else None,
        site=getattr(doc, "sitename", None) or getattr(doc, "hostname", None) or _site(url),
        date=getattr(doc, "date", None),
    )


def _text_article(text: str, path: Path) -> Article:
    text = text.replace("\r\n", "\n")
    title = None
    is_markdown = any(path.name.lower().endswith(s) for s in (".md", ".markdown", ".md.gz"))
    if is_markdown:
        m = re.match(r"\s*#\s+(.+?)\s*#*\s*(?:\n|$)", text)
        if m:
            title, text = m.group(1).strip(), text[m.end() :]
        text = markdown_to_text(text)
    text = tidy_text(text)
    if not text:
        raise InputError(str(path), "the file holds no text")
    return Article(text=text, title=title)


def load_article(location: str, allow_private: bool = False, fetcher: Fetcher | None = None) -> Article:
    """An ``Article`` from a URL or a local HTML / text / Markdown file.

    >>> load_article("story.html").title          # doctest: +SKIP
    """
    if re.match(r"^https?://", location, re.I):
        own = fetcher is None
        f = fetcher or Fetcher(allow_private=allow_private, max_bytes=MAX_PAGE_BYTES)
        try:
            page = f.get(location, accept=HTML_TYPES)
        finally:
            if own:
                f.close()
        if page.content_type == "text/plain":
            return Article(text=tidy_text(page.text), url=page.url, site=_site(page.url))
        return extract_article(page.content, page.url, location)
    path = Path(location)
    if not path.exists():
        raise InputError(location, "no such file (expected a URL or an .html, .html.gz, .txt or .md file)")
    name = path.name.lower()
    if name.endswith(TEXT_SUFFIXES):
        return _text_article(decode_utf8(read_file(path), location), path)
    if not name.endswith(HTML_SUFFIXES):
        raise InputError(location, "unknown article file type; expected .html, .html.gz, .txt or .md")
    return extract_article(read_file(path), None, location)
