"""What every source is: something that turns a location (URL, id, file) into a ``Thread``."""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path

from ..model import Thread


class Source(ABC):
    """One kind of discussion source.

    ``matches_url`` and ``matches_file`` let ``threadline.load`` pick a source without being told;
    ``load`` does the work.
    """

    name: str = ""

    @classmethod
    def matches_url(cls, url: str) -> bool:
        return False

    @classmethod
    def matches_file(cls, path: Path, head: bytes) -> bool:
        """Whether this source reads ``path``; ``head`` is the file's first few KB, decompressed."""
        return False

    @abstractmethod
    def load(self, location: str, **options: object) -> Thread:
        """Read a thread from a URL, id or file path."""
