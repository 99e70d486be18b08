"""Damaged copies of real threads: each either loads or fails with threadline's own error naming the file.

Every shared Reddit, Hacker News and Polis source is copied with seeded damage of three kinds (cut short,
bytes overwritten, JSON values swapped for values of another type) and loaded; a Python exception other
than ``ThreadlineError`` is a bug. Before the typed field reads (``sources/_fields.py``), 17 of 400 such
copies crashed, e.g. a post whose ``data`` is a list ended in ``AttributeError``.
"""

from __future__ import annotations

import contextlib
import json
import random
import shutil
from pathlib import Path

import pytest

from conftest import HN_FILES, POLIS_DIRS, REDDIT_FILES
from threadline import load
from threadline.errors import InputError, ThreadlineError

COPIES = 60  # damaged copies of each kind per source file
OTHER_TYPES = [None, 1.5, -3, True, "x", [], {}, [1, "a"], {"a": None}]


def _swap_values(data: object, rng: random.Random) -> object:
    """``data`` with one to three values somewhere inside replaced by a value of another type."""
    slots: list[tuple[dict | list, object]] = []
    stack = [data]
    while stack:
        node = stack.pop()
        keys = list(node) if isinstance(node, dict) else range(len(node)) if isinstance(node, list) else []
        for key in keys:
            slots.append((node, key))  # type: ignore[arg-type]
            stack.append(node[key])  # type: ignore[index]
    for _ in range(rng.randint(1, 3)):
        node, key = rng.choice(slots[:200] if rng.random() < 0.5 else slots)  # the post's fields often
        node[key] = rng.choice(OTHER_TYPES)  # type: ignore[index]
    return data


def _damaged(raw: bytes, how: str, rng: random.Random) -> bytes:
    if how == "cut":
        return raw[: rng.randrange(len(raw))]
    if how == "flip":
        data = bytearray(raw)
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)
    return json.dumps(_swap_values(json.loads(raw), rng)).encode()


def _loads_or_explains(path: Path) -> None:
    with contextlib.suppress(ThreadlineError):
        load(str(path))


@pytest.mark.parametrize("how", ["cut", "flip", "swap"])
@pytest.mark.parametrize("source", REDDIT_FILES + HN_FILES, ids=lambda p: p.stem)
def test_damaged_json_threads_load_or_fail_with_threadline_errors(
    source: Path, how: str, tmp_path: Path
) -> None:
    rng = random.Random(f"{source.name}:{how}")
    raw = source.read_bytes()
    for i in range(COPIES):
        copy = tmp_path / f"{source.stem}_{i}.json"
        copy.write_bytes(_damaged(raw, how, rng))
        _loads_or_explains(copy)


@pytest.mark.parametrize("source", POLIS_DIRS, ids=lambda p: p.name)
def test_damaged_polis_exports_load_or_fail_with_threadline_errors(source: Path, tmp_path: Path) -> None:
    rng = random.Random(source.name)
    for i in range(COPIES // 4):
        copy = tmp_path / f"polis_{i}"
        shutil.copytree(source, copy)
        victim = rng.choice(sorted(copy.glob("*.csv")))
        raw = victim.read_bytes()
        victim.write_bytes(_damaged(raw, rng.choice(["cut", "flip"]), rng))
        _loads_or_explains(copy)


@pytest.mark.parametrize(
    "post_data",
    [3.5, [1, 2], "text", None],
    ids=["number", "list", "string", "null"],
)
def test_a_reddit_post_without_a_data_object_names_the_file(post_data: object, tmp_path: Path) -> None:
    thread = [
        {"kind": "Listing", "data": {"children": [{"kind": "t3", "data": post_data}]}},
        {"kind": "Listing", "data": {"children": []}},
    ]
    path = tmp_path / "post.json"
    path.write_text(json.dumps(thread))
    with pytest.raises(InputError, match="post.json.*no data object"):
        load(str(path))


def test_fields_of_the_wrong_type_read_as_missing(tmp_path: Path) -> None:
    comment = {
        "kind": "t1",
        "data": {"id": "c1", "body": True, "author": {"name": "x"}, "parent_id": {"t3": 1}, "score": "12"},
    }
    thread = [
        {"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {"id": "p", "title": 7}}]}},
        {"kind": "Listing", "data": {"children": [comment]}},
    ]
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(thread))
    loaded = load(str(path))
    assert loaded.title is None
    [c] = loaded.comments
    assert (c.id, c.text, c.author, c.parent_id, c.score) == ("c1", "", None, None, None)
