"""Reddit dump files for tests and benchmarks: saved Reddit threads, and synthetic threads of any size.

``records_from_listing`` turns a response of reddit.com's ``.json`` endpoint (``[post Listing, comment
Listing]``) into the public archives' format: one submission record and one record per comment (``more``
placeholders have no text and are dropped). ``synthetic_thread`` resamples real comments into a thread of
any size with new ids and a reply tree shaped like a real one. ``write_dump`` writes ndjson, zstd when the
name ends in ``.zst``, records sorted by time across threads like the archives.

    python benchmarks/make_dump.py ../shared/data/reddit/*.json -o /tmp/reddit.ndjson.zst
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

SUBMISSION_KEYS = (
    "id", "title", "selftext", "url", "num_comments", "author", "score", "created_utc",
    "subreddit", "permalink", "is_self", "domain",
)  # fmt: skip
COMMENT_KEYS = (
    "id", "link_id", "parent_id", "body", "author", "score", "created_utc", "controversiality",
    "subreddit", "distinguished",
)  # fmt: skip


def records_from_listing(listing: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The archive records (submission first, then comments) of one saved Reddit thread."""
    post = listing[0]["data"]["children"][0]["data"]
    records = [{k: post[k] for k in SUBMISSION_KEYS if k in post}]
    stack = list(reversed(listing[1]["data"]["children"]))
    while stack:
        thing = stack.pop()
        if thing.get("kind") != "t1":
            continue
        data = thing["data"]
        records.append({k: data[k] for k in COMMENT_KEYS if k in data})
        replies = data.get("replies")
        if isinstance(replies, dict):
            stack.extend(reversed(replies["data"]["children"]))
    return records


def records_from_files(paths: Iterable[Path]) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for path in paths:
        records.extend(records_from_listing(json.loads(Path(path).read_text(encoding="utf-8"))))
    return records


def write_dump(path: Path, records: Iterable[dict[str, Any]], *, sort: bool = True) -> Path:
    """Write records as ndjson (zstd-compressed when ``path`` ends in ``.zst``)."""
    rows = sorted(records, key=lambda r: float(r.get("created_utc") or 0)) if sort else list(records)
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")
    if path.suffix == ".zst":
        import zstandard

        data = zstandard.ZstdCompressor(level=3).compress(data)
    path.write_bytes(data)
    return path


# --- synthetic threads ------------------------------------------------------------------------------------


def _reddit_texts(folder: Path) -> Iterator[str]:
    for path in sorted(folder.glob("*.json")):
        for r in records_from_listing(json.loads(path.read_text(encoding="utf-8"))):
            body = r.get("body")
            if body and body not in ("[deleted]", "[removed]"):
                yield body


def _csv_texts(path: Path, column: str) -> Iterator[str]:
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row.get(column):
                yield row[column]


def real_texts(shared: Path) -> list[str]:
    """Real comment texts from ../shared/data: Reddit comments, ArgKP arguments, English Polis comments."""
    texts = list(_reddit_texts(shared / "reddit"))
    texts += _csv_texts(shared / "argkp2021" / "arguments_train.csv", "argument")
    for folder in sorted((shared / "polis").iterdir()):
        if folder.is_dir() and folder.name not in ("vtaiwan.uberx", "austria-climate.2vkxcncppn.2022-07-07"):
            texts += _csv_texts(folder / "comments.csv", "comment-body")
    return [t.strip() for t in texts if len(t.strip()) > 1]


SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _resample(texts: list[str], rng: random.Random, seen: set[str]) -> str:
    """A comment made of real text: a run of one real comment's sentences and a sentence of another.

    Resampling whole comments with replacement would repeat texts verbatim, and cleaning rightly drops
    repeats as copypasta; splicing keeps the language real and every comment distinct, and doing it the same
    way at every size keeps the length of comments (and so the cost per comment) the same at every size.
    """
    for _ in range(50):
        sentences = SENTENCE.split(rng.choice(texts))
        start = rng.randrange(len(sentences))
        run = sentences[start : start + rng.randint(1, 4)]
        text = " ".join([*run, rng.choice(SENTENCE.split(rng.choice(texts)))])
        if text not in seen:
            seen.add(text)
            return text
    raise RuntimeError("could not make a distinct comment; the text pool is too small")


def _pick_parent(rng: random.Random, index: int, replies: list[int]) -> int | None:
    """A parent for comment ``index``: top level, a recent comment (a live exchange) or a popular one."""
    roll = rng.random()
    if index == 0 or roll < 0.3:
        return None
    if roll < 0.6:
        return rng.randrange(max(0, index - 20), index)
    # Preferential attachment: a comment with replies draws more of them, as on Reddit.
    candidate = rng.randrange(index)
    if rng.random() < (1 + replies[candidate]) / (2 + replies[candidate]):
        return candidate
    return rng.randrange(max(0, index - 5), index)


def synthetic_thread(
    texts: list[str], size: int, *, seed: int = 0, thread_id: str | None = None
) -> list[dict[str, Any]]:
    """A thread of ``size`` comments in archive format (submission first) made of resampled real texts."""
    rng = random.Random(seed)
    tid = thread_id or f"syn{seed:x}{size:x}"
    start = 1_600_000_000 + seed * 86_400
    records: list[dict[str, Any]] = [
        {
            "id": tid,
            "title": f"Synthetic thread of {size} comments",
            "selftext": rng.choice(texts),
            "url": f"https://www.reddit.com/r/synthetic/comments/{tid}/",
            "num_comments": size,
            "author": "synthetic_op",
            "score": 1000,
            "created_utc": start,
            "subreddit": "synthetic",
            "permalink": f"/r/synthetic/comments/{tid}/",
            "is_self": True,
        }  # fmt: skip
    ]
    replies = [0] * size
    authors = max(2, size // 3)
    seen: set[str] = set()
    for i in range(size):
        parent = _pick_parent(rng, i, replies)
        if parent is not None:
            replies[parent] += 1
        records.append(
            {
                "id": f"{tid}c{i:x}",
                "link_id": f"t3_{tid}",
                "parent_id": f"t3_{tid}" if parent is None else f"t1_{tid}c{parent:x}",
                "body": _resample(texts, rng, seen),
                # Zipf-like: a few people write much of a thread.
                "author": f"user{int(authors ** rng.random())}",
                "score": int(rng.paretovariate(1.2)) - 1 + (5 if parent is None else 0),
                # Activity decays over a day after the post.
                "created_utc": start + 60 + int(i / size * 3_600 * 6 + rng.expovariate(1 / 3_600)),
                "controversiality": int(rng.random() < 0.05),
                "subreddit": "synthetic",
            }
        )
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("threads", nargs="*", type=Path, help="saved Reddit .json threads to convert")
    parser.add_argument("-o", "--output", type=Path, required=True, help=".ndjson or .ndjson.zst")
    parser.add_argument("--synthetic", type=int, nargs="*", default=[], help="add synthetic threads of N")
    shared = Path(__file__).resolve().parents[2] / "shared" / "data"
    parser.add_argument("--shared", type=Path, default=shared)
    args = parser.parse_args(argv)
    records = records_from_files(args.threads)
    if args.synthetic:
        texts = real_texts(args.shared)
        for seed, size in enumerate(args.synthetic):
            records += synthetic_thread(texts, size, seed=seed)
    write_dump(args.output, records)
    print(f"wrote {len(records)} records to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
