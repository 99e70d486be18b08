"""Speed and memory against thread size, and batch throughput on a local Dask cluster.

Threads of 1,000 / 10,000 / 100,000 comments are made by resampling real comments from ../shared/data (new
ids, a reply tree shaped like Reddit's; see ``make_dump.synthetic_thread``). Each size is digested in a fresh
process, so its peak memory (max RSS) is its own; stage times come from the pipeline's progress callback.
Growth is the time ratio between consecutive sizes (10x more comments: ~10x is linear, ~100x quadratic).
Then the shared Reddit threads, converted to a dump, are digested by ``run_batch`` with 1 and 2 workers.

    .venv/bin/python benchmarks/scale.py                        # fast embedder, all sizes, batch
    .venv/bin/python benchmarks/scale.py --embedder quality --sizes 1000 10000
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1] / "shared" / "data"
sys.path.insert(0, str(HERE))

from make_dump import real_texts, records_from_files, synthetic_thread, write_dump  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def measure_one(size: int, embedder: str) -> dict[str, Any]:
    """Digest one synthetic thread of ``size`` comments in this process; time per stage and peak memory."""
    import threadline
    from threadline.sources.dump import build_thread

    records = synthetic_thread(real_texts(SHARED), size, seed=size)
    thread = build_thread(records[0]["id"], records[0], records[1:])
    del records
    before_mb = peak_mb()
    marks: list[tuple[str, float]] = []

    def progress(stage: str, done: float) -> None:
        if not marks or marks[-1][0] != stage:
            marks.append((stage, time.perf_counter()))

    started = time.perf_counter()
    digest = threadline.digest(thread, embedder=embedder, progress=progress)
    total = time.perf_counter() - started
    stages = {name: round(marks[i + 1][1] - t, 2) for i, (name, t) in enumerate(marks[:-1])}
    return {
        "size": size,
        "embedder": embedder,
        "seconds": round(total, 2),
        "peak_mb": round(peak_mb()),
        "input_mb": round(before_mb),
        "analyzed": digest.analysis.stats.analyzed,
        "themes": len(digest.analysis.themes),
        "stages": stages,
    }


def run_sizes(sizes: list[int], embedder: str) -> list[dict[str, Any]]:
    rows = []
    for size in sizes:
        cmd = [sys.executable, __file__, "--one", str(size), "--embedder", embedder]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode:
            print(f"size {size} failed:\n{done.stderr[-3000:]}", file=sys.stderr)
            continue
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print_row(rows[-1], rows[-2] if len(rows) > 1 else None)
    return rows


def print_row(row: dict[str, Any], previous: dict[str, Any] | None) -> None:
    growth = ""
    if previous:
        ratio = row["seconds"] / previous["seconds"]
        growth = f"  time x{ratio:.1f} for comments x{row['size'] / previous['size']:.0f}"
    print(
        f"{row['size']:>8,} comments  {row['seconds']:>7.1f} s  peak {row['peak_mb']:>6,} MB "
        f"(input {row['input_mb']:,} MB)  analyzed {row['analyzed']:,}  themes {row['themes']}{growth}"
    )
    slow = sorted(row["stages"].items(), key=lambda kv: -kv[1])
    print("          stages: " + ", ".join(f"{k} {v:.1f}s" for k, v in slow if v >= 0.05), flush=True)


def run_throughput(worker_counts: list[int], embedder: str, extra: int, extra_size: int) -> None:
    """Threads per minute through ``run_batch``, cluster start included: the shared Reddit threads plus
    ``extra`` synthetic threads of ``extra_size`` comments, as one zstd dump."""
    from threadline.batch import run_batch

    records = records_from_files(sorted(SHARED.glob("reddit/*.json")))
    texts = real_texts(SHARED)
    for seed in range(extra):
        records += synthetic_thread(texts, extra_size, seed=seed)
    print(f"batch: {len(records):,} records, the shared Reddit threads and {extra} of {extra_size} comments")
    with tempfile.TemporaryDirectory() as tmp:
        dump = write_dump(Path(tmp) / "reddit.ndjson.zst", records)
        for workers in worker_counts:
            out = Path(tmp) / f"out-{workers}"
            started = time.perf_counter()
            summary = run_batch([str(dump)], str(out), workers=workers, embedder=embedder, log=lambda m: None)
            wall = time.perf_counter() - started
            rows = [json.loads(line) for line in (out / "index.jsonl").read_text().splitlines()]
            work = sum(
                json.loads((out / r["output"]).read_text())["batch"]["seconds"] for r in rows if r["output"]
            )
            print(
                f"batch, {workers} worker(s): {summary['digested']} threads ({summary['failed']} failed) in "
                f"{wall:.1f} s = {summary['digested'] / wall * 60:.1f} threads/min wall "
                f"(digest time summed over threads {work:.1f} s; model loads per worker "
                f"{sorted(set(summary['worker_model_loads'].values()))})",
                flush=True,
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000, 10_000, 100_000])
    parser.add_argument("--embedder", default="fast", choices=["fast", "quality"])
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2], help="batch worker counts")
    parser.add_argument("--extra-threads", type=int, default=20, help="synthetic threads added to the batch")
    parser.add_argument("--extra-size", type=int, default=500, help="comments in each synthetic thread")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: measure one size
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_one(args.one, args.embedder)))
        return 0
    print(f"thread size against time and memory ({args.embedder} embedder), one process per size")
    rows = run_sizes(args.sizes, args.embedder)
    if len(rows) >= 2:
        first, last = rows[0], rows[-1]
        per_comment = (last["seconds"] / last["size"]) / (first["seconds"] / first["size"])
        print(f"cost per comment at {last['size']:,} vs {first['size']:,}: x{per_comment:.2f} (1.0 = linear)")
    if args.workers:
        run_throughput(args.workers, args.embedder, args.extra_threads, args.extra_size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
