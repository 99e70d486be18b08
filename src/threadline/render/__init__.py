"""Renderers: a verified digest as Markdown, a self-contained HTML page, or JSON (``threadline.digest/1``)."""

from __future__ import annotations

from ..errors import UsageError
from ..model import Digest

__all__ = ["render", "FORMATS"]

FORMATS = ("md", "html", "json")


def render(digest: Digest, fmt: str, citations: str = "footnotes") -> str:
    """The digest in ``fmt`` ("md", "html" or "json"); ``citations`` applies to Markdown."""
    if fmt == "md":
        from .markdown import render_markdown

        return render_markdown(digest, citations=citations)
    if fmt == "html":
        from .html import render_html

        return render_html(digest)
    if fmt == "json":
        from .json import render_json

        return render_json(digest)
    raise UsageError(f"unknown format {fmt!r}; available: {', '.join(FORMATS)}")
