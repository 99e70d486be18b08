"""Reading fields of JSON that came from a file or a server: each with the type it should have, or not at all.

A saved thread can be truncated, hand-edited or produced by another tool, so any field may hold anything.
``Fields`` wraps one JSON object and answers each question with the expected type: a field holding something
else reads as missing, as a deleted comment's fields would. The parsers decide what must be there and raise
``InputError`` naming the file when it is not; nothing downstream meets a number where it expects text.

    >>> post = Fields({"title": 7, "score": 12, "data": [1]})
    >>> post.text("title"), post.number("score"), post.obj("data").raw
    (None, 12.0, {})
"""

from __future__ import annotations

from typing import Any

__all__ = ["Fields"]


class Fields:
    """One JSON object, read field by field with the type each field should have."""

    __slots__ = ("raw",)

    def __init__(self, raw: Any):
        self.raw: dict[str, Any] = raw if isinstance(raw, dict) else {}

    def text(self, key: str) -> str | None:
        """The field if it is a string, else None."""
        value = self.raw.get(key)
        return value if isinstance(value, str) else None

    def ident(self, key: str) -> str | None:
        """An id: a non-empty string, or an integer written as one (HN ids are numbers)."""
        value = self.raw.get(key)
        if isinstance(value, bool):
            return None
        if isinstance(value, int):
            return str(value)
        return value if isinstance(value, str) and value else None

    def number(self, key: str) -> float | None:
        """The field if it is a finite number (not a boolean), else None."""
        value = self.raw.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            return None
        return float(value) if abs(value) != float("inf") else None

    def integer(self, key: str) -> int | None:
        value = self.number(key)
        return int(value) if value is not None else None

    def flag(self, key: str) -> bool:
        """The field's truth as JSON means it (a missing field is false)."""
        return bool(self.raw.get(key))

    def obj(self, key: str) -> Fields:
        """The field as an object (empty if it is not one)."""
        return Fields(self.raw.get(key))

    def items(self, key: str) -> list[Any]:
        """The field if it is a list, else an empty one."""
        value = self.raw.get(key)
        return value if isinstance(value, list) else []

    def simple(self, *keys: str) -> dict[str, Any]:
        """The named fields that hold a plain value (string, number or boolean), for ``extra``."""
        return {k: self.raw[k] for k in keys if isinstance(self.raw.get(k), str | int | float | bool)}
