"""Stored digests as the pages need them: reloaded into model objects, written in another style, rendered.

Rebuilding a ``Digest`` means parsing its thread and analysis JSON, so the last few are kept in memory.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from ..model import Analysis, Checks, Digest, DigestText, Thread
from ..serialize import loads
from .jobs import RewriteFn, render_row
from .store import DigestRow, Store


@dataclass
class StoredDigest:
    row: DigestRow
    digest: Digest

    @property
    def style(self) -> str:
        return self.digest.text.style


class DigestService:
    """Reopens, rewrites, renders and deletes stored digests; a small cache keeps reopening cheap."""

    def __init__(self, store: Store, rewrite: RewriteFn, cache_size: int = 16):
        self.store = store
        self.rewrite = rewrite
        self.cache_size = cache_size
        self._cache: OrderedDict[tuple[str, str], tuple[Digest, dict[str, str]]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, digest_id: str, style: str | None = None) -> StoredDigest | None:
        """The digest in ``style`` (default: the style it was first written in); None if either is missing."""
        row = self.store.get_digest(digest_id)
        if row is None:
            return None
        style = style or row.style
        cached = self._cached(digest_id, style)
        if cached:
            return StoredDigest(row, cached[0])
        render = self.store.get_render(digest_id, style)
        payload = self.store.get_payload(digest_id)
        if render is None or payload is None:
            return None
        digest = Digest(
            thread=loads(Thread, payload[0]),
            analysis=loads(Analysis, payload[1]),
            text=loads(DigestText, render.text),
            checks=loads(Checks, render.checks),
        )
        self._remember(digest_id, style, digest)
        return StoredDigest(row, digest)

    def render_style(
        self,
        digest_id: str,
        style: str,
        writer: str = "template",
        writer_options: dict[str, Any] | None = None,
    ) -> StoredDigest | None:
        """Write the stored analysis again in ``style`` with ``writer`` (no new analysis); keep that version.

        It replaces the version already written in that style, if any.
        """
        base = self.get(digest_id)
        if base is None:
            return None
        digest = self.rewrite(
            base.digest.thread,
            base.digest.analysis,
            style,
            writer=writer,
            writer_options=writer_options or {},
        )
        self.store.put_render(digest_id, render_row(digest))
        self._forget(digest_id)
        return self.get(digest_id, style)

    def delete(self, digest_id: str) -> bool:
        self._forget(digest_id)
        return self.store.delete_digest(digest_id)

    def html(self, stored: StoredDigest) -> str:
        return self._rendered(stored, "html")

    def markdown(self, stored: StoredDigest) -> str:
        return self._rendered(stored, "md")

    def as_dict(self, stored: StoredDigest) -> dict[str, Any]:
        from ..render.json import digest_to_dict

        return digest_to_dict(stored.digest)

    def _rendered(self, stored: StoredDigest, fmt: str) -> str:
        key = (stored.row.id, stored.style)
        with self._lock:
            outputs = self._cache.get(key, (None, {}))[1]
            if fmt in outputs:
                return outputs[fmt]
        if fmt == "html":
            from ..render.html import render_html

            text = render_html(stored.digest)
        else:
            from ..render.markdown import render_markdown

            text = render_markdown(stored.digest, header=True)  # read away from the app: say what it is
        with self._lock:
            if key in self._cache:
                self._cache[key][1][fmt] = text
        return text

    def _cached(self, digest_id: str, style: str) -> tuple[Digest, dict[str, str]] | None:
        with self._lock:
            hit = self._cache.get((digest_id, style))
            if hit:
                self._cache.move_to_end((digest_id, style))
            return hit

    def _remember(self, digest_id: str, style: str, digest: Digest) -> None:
        with self._lock:
            self._cache[(digest_id, style)] = (digest, {})
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)

    def _forget(self, digest_id: str) -> None:
        with self._lock:
            for key in [k for k in self._cache if k[0] == digest_id]:
                del self._cache[key]
