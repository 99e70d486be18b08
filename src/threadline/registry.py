"""Named implementations of a stage, looked up by name with a helpful error."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from .errors import UsageError

T = TypeVar("T")


class Registry(Generic[T]):
    """A name → implementation map for one kind of stage (sources, embedders, writers, ...).

    >>> writers = Registry[type]("writer")
    >>> @writers.register("template")
    ... class TemplateWriter: ...
    >>> writers.get("template").__name__
    'TemplateWriter'
    """

    def __init__(self, kind: str):
        self.kind = kind
        self._items: dict[str, T] = {}

    def register(self, name: str) -> Callable[[T], T]:
        def add(item: T) -> T:
            self._items[name] = item
            return item

        return add

    def get(self, name: str) -> T:
        try:
            return self._items[name]
        except KeyError:
            available = ", ".join(sorted(self._items)) or "none"
            raise UsageError(f"unknown {self.kind} {name!r}; available: {available}") from None

    def names(self) -> list[str]:
        return sorted(self._items)

    def __contains__(self, name: object) -> bool:
        return name in self._items
