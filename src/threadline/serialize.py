"""Model objects ⇄ JSON, so a stored ``Thread`` and ``Analysis`` can be reloaded and written again.

The conversion is driven by the dataclasses' own type hints, so a field added to ``model`` round-trips
without touching this module::

    >>> from threadline.model import Votes
    >>> loads(Votes, dumps(Votes(agree=3)))
    Votes(agree=3, disagree=0, passed=0)
"""

from __future__ import annotations

import dataclasses
import json
import types
from functools import cache
from typing import Any, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

from .errors import InputError

__all__ = ["to_data", "from_data", "dumps", "loads"]

T = TypeVar("T")


def to_data(obj: Any) -> Any:
    """A JSON-ready copy of ``obj``: dataclasses become dicts, tuples lists, numpy scalars numbers."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_data(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {str(k): to_data(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [to_data(x) for x in obj]
    if isinstance(obj, set | frozenset):
        return sorted(to_data(x) for x in obj)
    if obj is None or isinstance(obj, str | bool | int | float):
        return obj
    if hasattr(obj, "tolist"):  # numpy scalars and arrays, without importing numpy
        return obj.tolist()
    return str(obj)


def from_data(cls: type[T], data: Any) -> T:
    """Rebuild an object of type ``cls`` from what ``to_data`` made of it."""
    return _build(cls, data)  # type: ignore[no-any-return]


def dumps(obj: Any) -> str:
    return json.dumps(to_data(obj), ensure_ascii=False, separators=(",", ":"))


def loads(cls: type[T], text: str) -> T:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"stored {cls.__name__}", f"not valid JSON ({e})") from None
    return from_data(cls, data)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _build(tp: Any, data: Any) -> Any:
    if data is None or tp is Any:
        return data
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _build_dataclass(tp, data)
    origin = get_origin(tp)
    args = get_args(tp)
    if origin in (Union, types.UnionType):
        return _build_union(args, data)
    if origin is list:
        return [_build(args[0] if args else Any, x) for x in data]
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_build(args[0], x) for x in data)
        return tuple(_build(a, x) for a, x in zip(args, data, strict=False)) if args else tuple(data)
    if origin is dict:
        value_type = args[1] if args else Any
        return {k: _build(value_type, v) for k, v in data.items()}
    if origin is Literal:
        return data
    if tp is float and isinstance(data, int | float):
        return float(data)
    return data


def _build_dataclass(cls: type, data: Any) -> Any:
    if not isinstance(data, dict):
        raise InputError(f"stored {cls.__name__}", f"expected an object, found {type(data).__name__}")
    hints = _hints(cls)
    kwargs = {
        f.name: _build(hints.get(f.name, Any), data[f.name])
        for f in dataclasses.fields(cls)
        if f.init and f.name in data
    }
    try:
        return cls(**kwargs)
    except TypeError as e:  # a required field missing: the stored data predates a model change
        raise InputError(f"stored {cls.__name__}", str(e)) from None


def _build_union(args: tuple[Any, ...], data: Any) -> Any:
    options = [a for a in args if a is not type(None)]
    for option in options:  # the first option the data's shape fits
        if dataclasses.is_dataclass(option):
            if isinstance(data, dict):
                return _build(option, data)
        elif get_origin(option) in (list, tuple):
            if isinstance(data, list):
                return _build(option, data)
        elif get_origin(option) is dict:
            if isinstance(data, dict):
                return _build(option, data)
        else:
            return _build(option, data)
    return data
