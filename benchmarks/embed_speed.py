"""The two embedders compared: load time, comments per second, and how well each groups paraphrases.

Speed on the comments of the shared Reddit and Hacker News threads; grouping on ArgKP-2021 dev: how often an
argument's nearest neighbour (within its topic) is labelled with the same key point. Prints, asserts nothing.

    python benchmarks/embed_speed.py
"""

from __future__ import annotations

import csv
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def thread_texts() -> list[str]:
    from threadline.analyze.clean import clean
    from threadline.sources import load

    paths = sorted((DATA / "reddit").glob("*.json")) + sorted((DATA / "hackernews").glob("*.json"))
    return [text for path in paths for text in clean(load(str(path))).texts]


def argkp_dev() -> tuple[list[str], list[str], list[set[str]]]:
    """Texts, topics and the key points each argument is labelled with."""
    labels: dict[str, set[str]] = defaultdict(set)
    with open(DATA / "argkp2021" / "labels_dev.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["label"] == "1":
                labels[row["arg_id"]].add(row["key_point_id"])
    with open(DATA / "argkp2021" / "arguments_dev.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r["argument"] for r in rows], [r["topic"] for r in rows], [labels[r["arg_id"]] for r in rows]


def nearest_same_key_point(vectors: np.ndarray, topics: list[str], kps: list[set[str]]) -> float:
    hits = total = 0
    topic_array = np.array(topics)
    for topic in sorted(set(topics)):
        rows = np.where(topic_array == topic)[0]
        similarity = vectors[rows] @ vectors[rows].T
        np.fill_diagonal(similarity, -2.0)
        for r, i in enumerate(rows):
            if len(kps[i]) == 1:
                total += 1
                hits += bool(kps[i] & kps[rows[similarity[r].argmax()]])
    return hits / total


def main() -> None:
    from threadline.analyze.embed import embedders

    texts = thread_texts()
    arguments, topics, kps = argkp_dev()
    print(f"{len(texts)} comments from the shared threads; {len(arguments)} ArgKP dev arguments")
    for name in embedders.names()[::-1]:
        started = time.perf_counter()
        model = embedders.get(name)()
        loaded = time.perf_counter() - started
        started, cpu = time.perf_counter(), time.process_time()
        model.embed(texts)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        grouping = nearest_same_key_point(model.embed(arguments), topics, kps)
        print(
            f"{name:8} dim {model.dim:3}  load {loaded:5.2f}s  {len(texts) / wall:8.0f} comments/s "
            f"({cpu:5.1f}s CPU)  nearest neighbour same key point {100 * grouping:4.1f}%"
        )


if __name__ == "__main__":
    main()
