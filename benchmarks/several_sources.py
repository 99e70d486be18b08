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


def timed(sources: str | list[str], embedder: str, repeat: int) -> tuple[float, int]:
    """Median seconds to digest ``sources``, and the comments analyzed."""
    times, analyzed = [], 0
    for _ in range(repeat):
        trim_embedder(embedder, 0)
        start = time.perf_counter()
        made = threadline.digest(sources, embedder=embedder)
        times.append(time.perf_counter() - start)
        analyzed = made.analysis.stats.analyzed
        assert made.checks.ok, made.checks.problems
    return statistics.median(times), analyzed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedder", default="quality", choices=["quality", "fast"])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    threadline.digest(str(HN), embedder=args.embedder)  # load the models once, outside the timings
    hn_time, hn_n = timed(str(HN), args.embedder, args.repeat)
    print(f"embedder {args.embedder}, median of {args.repeat} runs")
    print(f"{'pair':<34} {'A s':>6} {'B s':>6} {'A+B s':>7} {'sum s':>6} {'ratio':>6}  comments")
    for name in REDDIT:
        path = SHARED / "reddit" / name
        b_time, b_n = timed(str(path), args.embedder, args.repeat)
        both, n = timed([str(HN), str(path)], args.embedder, args.repeat)
        total = hn_time + b_time
        print(
            f"{'hn + ' + name:<34} {hn_time:6.2f} {b_time:6.2f} {both:7.2f} {total:6.2f} "
            f"{both / total:6.2f}  {hn_n} + {b_n} = {n}"
        )


if __name__ == "__main__":
    main()
