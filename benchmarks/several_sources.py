"""Several sources digested as one should take about the sum of each digested alone (issue 15).

For the shared HN thread paired with shared Reddit threads, each is digested alone and then together, in
this process, with the embedding model loaded beforehand and its cache of embedded texts emptied before
every run (else the combined run would reuse the single runs' vectors). The median of ``--repeat`` runs is
printed, and the ratio of the combined time to the sum of the two alone: about 1 is linear; spectral
clustering grows faster than linearly, so a ratio somewhat above 1 is expected for larger unions.

    .venv/bin/python benchmarks/several_sources.py                  # quality embedder (the default)
    .venv/bin/python benchmarks/several_sources.py --embedder fast --repeat 5
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import threadline
from threadline.pipeline import trim_embedder

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
HN = SHARED / "hackernews" / "item_49220339.json"
REDDIT = ["AskReddit__6wmniq.json", "pics__hlrjn9.json", "Python__91em1h.json"]


def timed_once(sources: str | list[str], embedder: str) -> tuple[float, int]:
    """Seconds to digest ``sources`` with the embedding cache emptied, and the comments analyzed."""
    trim_embedder(embedder, 0)
    start = time.perf_counter()
    made = threadline.digest(sources, embedder=embedder)
    elapsed = time.perf_counter() - start
    assert made.checks.ok, made.checks.problems
    return elapsed, made.analysis.stats.analyzed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedder", default="quality", choices=["quality", "fast"])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    threadline.digest(str(HN), embedder=args.embedder)  # load the models once, outside the timings
    print(f"embedder {args.embedder}, median of {args.repeat} runs, each run timing A, B and A+B in turn")
    print(f"{'pair':<34} {'A s':>6} {'B s':>6} {'A+B s':>7} {'sum s':>6} {'ratio':>6}  comments")
    for name in REDDIT:
        path = str(SHARED / "reddit" / name)
        # A, B and A+B timed in turn, so a load on the machine that comes and goes weighs on all three alike
        runs = [
            [
                timed_once(str(HN), args.embedder),
                timed_once(path, args.embedder),
                timed_once([str(HN), path], args.embedder),
            ]
            for _ in range(args.repeat)
        ]
        a, b, both = (statistics.median(run[i][0] for run in runs) for i in range(3))
        (_, a_n), (_, b_n), (_, n) = runs[0]
        print(
            f"{'hn + ' + name:<34} {a:6.2f} {b:6.2f} {both:7.2f} {a + b:6.2f} {both / (a + b):6.2f}  "
            f"{a_n} + {b_n} = {n}"
        )


if __name__ == "__main__":
    main()
