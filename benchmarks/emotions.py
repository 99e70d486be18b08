"""Emotions on GoEmotions dev, and what they cost: every label's F1, macro-F1 and amusement F1 for the
``quality`` and ``fast`` models, then the time each takes beside the embedder the digest runs anyway.

Dev is never trained on (``tools/train_emotions.py`` learns from train and chooses thresholds on a slice
of it). Cost, each measured in this process against a baseline run on the same comments:

- ``quality``: the 500-odd comments of ``reddit/funny__3hahrw`` from a cold start (a fresh session), beside
  the ``quality`` theme embedder doing the same (the digest's largest single cost);
- ``fast``: a synthetic thread of 100,000 comments (real text resampled as ``benchmarks/scale.py`` does),
  beside the ``fast`` embedder, which a digest of that size runs anyway.

    python benchmarks/emotions.py
    python benchmarks/emotions.py --size 20000     # a smaller synthetic thread for the fast path
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1] / "shared" / "data"
sys.path[:0] = [str(HERE), str(HERE.parent / "src")]

from make_dump import real_texts, synthetic_thread  # noqa: E402
from threadline.analyze.emotions import LABELS, MiniLMEmotions, TokenEmotions  # noqa: E402

PUBLISHED = "published BERT-base on the test split: macro-F1 0.46 (Demszky et al. 2020)"


def read_dev() -> tuple[list[str], np.ndarray]:
    texts, gold = [], []
    with open(SHARED / "goemotions" / "dev.tsv", encoding="utf-8") as f:
        for line in f:
            text, ids, _ = line.rstrip("\n").split("\t")
            texts.append(text)
            row = np.zeros(len(LABELS), dtype=bool)
            row[[int(i) for i in ids.split(",")]] = True
            gold.append(row)
    return texts, np.array(gold)


def f1_per_label(carried: np.ndarray, gold: np.ndarray) -> np.ndarray:
    tp, fp, fn = (carried & gold).sum(0), (carried & ~gold).sum(0), (~carried & gold).sum(0)
    return 2 * tp / np.maximum(2 * tp + fp + fn, 1)


def quality_figures(texts: list[str], gold: np.ndarray) -> dict[str, np.ndarray]:
    return {
        "quality": f1_per_label(MiniLMEmotions().score(texts).carried(), gold),
        "fast": f1_per_label(TokenEmotions().score(texts).carried(), gold),
    }


def print_quality(gold: np.ndarray, f1: dict[str, np.ndarray]) -> None:
    print(f"GoEmotions dev: {len(gold)} comments, never trained on; {PUBLISHED}")
    print(f"  {'label':<16}{'dev count':>10}{'quality F1':>12}{'fast F1':>10}")
    for j, label in enumerate(LABELS):
        print(f"  {label:<16}{int(gold[:, j].sum()):>10}{f1['quality'][j]:>12.3f}{f1['fast'][j]:>10.3f}")
    amusement = LABELS.index("amusement")
    for name, scores in f1.items():
        ranked = [LABELS[j] for j in np.argsort(-scores, kind="stable")]
        print(
            f"{name}: macro-F1 {scores.mean():.3f}, amusement F1 {scores[amusement]:.3f}; "
            f"best {', '.join(ranked[:5])}; worst {', '.join(ranked[-5:])}"
        )


def timed(run) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def thread_texts(name: str) -> list[str]:
    from threadline.analyze.clean import clean
    from threadline.sources import load

    return clean(load(str(SHARED / "reddit" / name))).texts


def quality_cost(repeats: int = 3) -> None:
    """Cold start (session created, comments scored) for the emotion model and for the theme embedder."""
    from threadline.analyze.embed import MiniLMEmbedder

    texts = thread_texts("funny__3hahrw.json")
    emotion, theme = [], []
    for _ in range(repeats):  # alternated, so a busy moment on the machine hits both alike
        emotion.append(timed(lambda: MiniLMEmotions().score(texts)))
        theme.append(timed(lambda: MiniLMEmbedder().embed(texts)))
    e, t = float(np.median(emotion)), float(np.median(theme))
    print(
        f"quality, {len(texts)} comments of funny__3hahrw, cold start, median of {repeats}: "
        f"emotions {e:.2f} s, theme embedder {t:.2f} s (emotions / embedder = {e / t:.2f})"
    )


def fast_cost(size: int) -> None:
    """The token model on a big thread, from a cold start, beside the fast embedder."""
    from threadline.analyze.embed import StaticEmbedder

    records = synthetic_thread(real_texts(SHARED), size, seed=size)
    texts = [r["body"] for r in records[1:]]
    embed = timed(lambda: StaticEmbedder().embed(texts))
    emotion = timed(lambda: TokenEmotions().score(texts))
    print(
        f"fast, {len(texts):,} synthetic comments, cold start: emotions {emotion:.2f} s, fast embedder "
        f"{embed:.2f} s (emotions / embedder = {emotion / embed:.2f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="comments in the fast path's thread")
    args = parser.parse_args()
    texts, gold = read_dev()
    print_quality(gold, quality_figures(texts, gold))
    quality_cost()
    fast_cost(args.size)


if __name__ == "__main__":
    main()
