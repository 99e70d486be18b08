"""Damaged inputs: every kind of source threadline reads, broken in thousands of seeded ways, loaded.

Each case copies one real input from ``../shared/data`` (a Reddit or Hacker News thread, a Polis export,
a comment table and an archive dump made from a Reddit thread) and damages it: cut short, bytes
overwritten, JSON values swapped for values of another type, or CSV cells replaced. Loading it must either
work or raise threadline's own error (``ThreadlineError``, which names the file); any other exception is
counted and shown. ``tests/test_mutated_input.py`` runs a smaller set of the same cases.

    python benchmarks/mutated_input.py            # 3,000 cases
    python benchmarks/mutated_input.py --cases 10000 --seed 7
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from threadline import load
from threadline.errors import ThreadlineError

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
OTHER_TYPES: list[object] = [None, 1.5, -3, True, "x", "", [], {}, [1, "a"], {"a": None}]
JUNK_CELLS = ["", "abc", "-1", "1e309", "NaN", "0x1f", "\x00", "9" * 40, '"', "\ufffd", "2020-13-45"]


def swap_values(data: object, rng: random.Random) -> object:
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
        if not slots:
            break
        node, key = rng.choice(slots[:200] if rng.random() < 0.5 else slots)  # near the top often
        node[key] = rng.choice(OTHER_TYPES)  # type: ignore[index]
    return data


def cut(raw: bytes, rng: random.Random) -> bytes:
    return raw[: rng.randrange(len(raw))]


def flip(raw: bytes, rng: random.Random) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 20)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def swap_json(raw: bytes, rng: random.Random) -> bytes:
    return json.dumps(swap_values(json.loads(raw), rng)).encode()


def swap_lines(raw: bytes, rng: random.Random) -> bytes:
    """An ndjson file with a few of its records' values swapped for values of another type."""
    lines = raw.decode().splitlines()
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(lines))
        lines[i] = json.dumps(swap_values(json.loads(lines[i]), rng))
    return "\n".join(lines).encode()


def swap_cells(raw: bytes, rng: random.Random) -> bytes:
    """A CSV with a few cells replaced by junk, and now and then a row cut short or made longer."""
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8", "replace"))))
    for _ in range(rng.randint(1, 5)):
        row = rows[rng.randrange(len(rows))]
        if not row:
            continue
        choice = rng.random()
        if choice < 0.7:
            row[rng.randrange(len(row))] = rng.choice(JUNK_CELLS)
        elif choice < 0.85:
            del row[rng.randrange(len(row)) :]
        else:
            row.extend(rng.choice(JUNK_CELLS) for _ in range(rng.randint(1, 3)))
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


Damage = Callable[[bytes, random.Random], bytes]
DAMAGE: dict[str, dict[str, Damage]] = {
    "json": {"cut": cut, "flip": flip, "swap": swap_json},
    "ndjson": {"cut": cut, "flip": flip, "swap": swap_lines},
    "csv": {"cut": cut, "flip": flip, "swap": swap_cells},
}


def table_from_thread(path: Path) -> bytes:
    """A comment table (id, parent_id, author, text, score, created) from a saved Reddit thread."""
    thread = load(str(path))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "parent_id", "author", "text", "score", "created"])
    for c in thread.comments:
        writer.writerow([c.id, c.parent_id or "", c.author or "", c.text, c.score, c.time])
    return out.getvalue().encode()


def dump_from_thread(path: Path) -> bytes:
    """An archive dump (one JSON record a line) of a saved Reddit thread."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from make_dump import records_from_listing  # type: ignore[import-not-found]

    records = records_from_listing(json.loads(path.read_bytes()))
    return "\n".join(json.dumps(r) for r in records).encode()


def inputs(data: Path = DATA) -> list[tuple[str, str, bytes | Path]]:
    """Every kind of input: (name, format, the file's bytes, or a Polis export folder)."""
    reddit = sorted((data / "reddit").glob("*.json"))
    found: list[tuple[str, str, bytes | Path]] = [(p.name, "json", p.read_bytes()) for p in reddit]
    found += [(p.name, "json", p.read_bytes()) for p in sorted((data / "hackernews").glob("*.json"))]
    found += [(p.name, "csv", p) for p in sorted((data / "polis").iterdir()) if p.is_dir()]
    for p in reddit[:3]:
        found.append((f"{p.stem}.csv", "csv", table_from_thread(p)))
        found.append((f"{p.stem}.ndjson", "ndjson", dump_from_thread(p)))
    return found


def make_case(name: str, form: str, source: bytes | Path, how: str, rng: random.Random, folder: Path) -> Path:
    """The damaged copy to load: a file, or a Polis export folder with one of its CSVs damaged."""
    damage = DAMAGE[form][how]
    if isinstance(source, Path):  # a Polis export
        copy = folder / "polis"
        shutil.copytree(source, copy)
        victim = rng.choice(sorted(copy.glob("*.csv")))
        victim.write_bytes(damage(victim.read_bytes(), rng))
        return copy
    path = folder / name
    path.write_bytes(damage(source, rng))
    return path


def crash_of(path: Path) -> str | None:
    """None when ``path`` loads or fails with threadline's own error; else where and how it crashed."""
    try:
        load(str(path))
    except ThreadlineError:
        return None
    except Exception as e:  # noqa: BLE001 - finding these is the point
        frame = traceback.extract_tb(e.__traceback__)[-1]
        return f"{type(e).__name__} at {Path(frame.filename).name}:{frame.lineno}: {str(e)[:120]}"
    return None


def run(cases: int, seed: int) -> Counter[str]:
    rng = random.Random(seed)
    kinds = inputs()
    crashes: Counter[str] = Counter()
    for _ in range(cases):
        name, form, source = rng.choice(kinds)
        how = rng.choice(list(DAMAGE[form]))
        with tempfile.TemporaryDirectory() as tmp:
            crash = crash_of(make_case(name, form, source, how, rng, Path(tmp)))
        if crash:
            crashes[f"{crash} ({name}, {how})"] += 1
    return crashes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    started = time.perf_counter()
    crashes = run(args.cases, args.seed)
    print(
        f"{args.cases} damaged inputs loaded in {time.perf_counter() - started:.0f} s: "
        f"{sum(crashes.values())} raised an exception other than threadline's own"
    )
    for crash, n in crashes.most_common():
        print(f"  {n:4d}  {crash}")


if __name__ == "__main__":
    main()
