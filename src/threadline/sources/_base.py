"""What every source is, the registry of sources, and the reading helpers they share.

Reading policy, the same for every source:
- files must be UTF-8 (a BOM is accepted); invalid bytes raise ``InputError`` naming the byte offset and line,
  because a digest quotes comments verbatim and a silently replaced character would be a misquote;
- JSON that doesn't parse raises ``InputError`` with line and column, and says when the file looks truncated;
  very deep nesting (a 10,000-deep reply chain) is parsed without recursion;
- a thread with zero comments loads fine (``Thread.comments == []``); the analysis raises
  ``EmptyThreadError`` when there is nothing to analyze.
"""

from __future__ import annotations

import gzip
import json
import re
from abc import ABC, abstractmethod
from json.decoder import scanstring  # type: ignore[attr-defined]
from pathlib import Path
from typing import Any, ClassVar

from ..errors import InputError
from ..model import Thread
from ..registry import Registry

__all__ = ["Source", "SOURCES", "parse_json", "decode_utf8", "read_file", "COMMON_OPTIONS"]

COMMON_OPTIONS = frozenset({"allow_private", "max_requests", "fetcher", "kind"})


class Source(ABC):
    """One kind of discussion source.

    ``matches_url`` and ``matches_file`` let ``threadline.load`` pick a source without being told;
    ``load`` does the work; ``fetch_raw`` (URL sources only) returns the JSON text to save for offline use,
    which ``load`` reads back into the same thread. ``options`` names the keyword options it understands.
    """

    name: ClassVar[str] = ""
    options: ClassVar[frozenset[str]] = frozenset()
    sniff_order: ClassVar[int] = 50  # lower is asked first; the catch-all table source goes last

    @classmethod
    def matches_url(cls, url: str) -> bool:
        return False

    @classmethod
    def matches_file(cls, path: Path, head: bytes) -> bool:
        """Whether this source reads ``path``; ``head`` is the file's first few KB, decompressed."""
        return False

    @abstractmethod
    def load(self, location: str, **options: Any) -> Thread:
        """Read a thread from a URL, id or file path."""

    def fetch_raw(self, location: str, **options: Any) -> str:
        """The JSON text to save for ``location`` (a URL or id); only sources that fetch implement it."""
        from ..errors import UsageError

        raise UsageError(f"the {self.name} source reads local files only; there is nothing to fetch")


SOURCES: Registry[type[Source]] = Registry("source")
"""Source classes by name: ``SOURCES.get("reddit")``; unknown names list the available ones."""


def decode_utf8(data: bytes, where: str) -> str:
    """Decode UTF-8 (BOM allowed); invalid bytes raise an ``InputError`` saying where."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise InputError(
            where, f"not valid UTF-8 at byte {e.start} (line {line}); save the file as UTF-8"
        ) from None


def read_file(path: Path) -> bytes:
    """A file's bytes, gunzipped when it ends in ``.gz``; missing or unreadable files raise ``InputError``."""
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rb") as f:
                return f.read()
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a folder, expected a file") from None
    except (OSError, EOFError) as e:
        raise InputError(str(path), f"cannot read it: {e}") from None


def parse_json(data: bytes | str, where: str) -> Any:
    """Parse JSON text or UTF-8 bytes, with errors that name ``where``, the line and the column."""
    text = decode_utf8(data, where) if isinstance(data, bytes) else data
    if not text.strip():
        raise InputError(where, "is empty, expected JSON")
    try:
        return json.loads(text)
    except RecursionError:
        return _parse_deep_json(text, where)
    except json.JSONDecodeError as e:
        raise _json_error(where, text, e) from None


def _json_error(where: str, text: str, e: json.JSONDecodeError) -> InputError:
    at_end = e.pos >= len(text.rstrip()) - 1 and e.msg.startswith("Expecting")
    open_string = e.msg.startswith("Unterminated string") and '"' not in text[e.pos + 1 :]
    if at_end or open_string:
        return InputError(
            where, f"JSON ends early at line {e.lineno}, column {e.colno}: the file looks truncated"
        )
    return InputError(where, f"not valid JSON at line {e.lineno}, column {e.colno}: {e.msg}")


_TOKEN = re.compile(
    r'\s*(?:([\[{\]},:])|(")|(-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?)|(true|false|null))'
)
_COLON = re.compile(r"\s*:")
_CONSTANTS = {"true": True, "false": False, "null": None}


def _parse_deep_json(text: str, where: str) -> Any:
    """An iterative JSON parser for nesting too deep for ``json.loads``'s recursion (slow, rarely needed)."""
    stack: list[list[Any]] = []  # each entry: [container, pending key or None]
    pos, result, done = 0, None, False
    while True:
        m = _TOKEN.match(text, pos)
        if not m:
            if done and not text[pos:].strip():
                return result
            if not text[pos:].strip():
                raise InputError(where, "JSON ends early: the file looks truncated")
            raise InputError(where, f"not valid JSON near character {pos} (deeply nested document)")
        pos = m.end()
        punct, quote, number, const = m.groups()
        if punct in ("[", "{"):
            stack.append([[] if punct == "[" else {}, None])
            continue
        if punct in ("]", "}"):
            if not stack:
                raise InputError(where, f"unbalanced {punct!r} at character {pos}")
            value = stack.pop()[0]
        elif punct in (",", ":"):
            continue
        elif quote:
            value, pos = scanstring(text, pos)
            top = stack[-1] if stack else None
            is_key = top is not None and isinstance(top[0], dict) and top[1] is None
            if is_key and _COLON.match(text, pos):
                top[1] = value  # type: ignore[index]
                continue
        elif number:
            value = float(number) if any(c in number for c in ".eE") else int(number)
        else:
            value = _CONSTANTS[const]
        if not stack:
            result, done = value, True
            continue
        top = stack[-1]
        if isinstance(top[0], list):
            top[0].append(value)
        else:
            top[0][top[1]] = value
            top[1] = None
