"""A bounded load test of ``threadline serve`` on loopback: concurrent uploads, then page reads.

Starts the real server (real pipeline) on a free port with a temporary database, then

1. posts 20 uploads at once (small shared Reddit threads), timing each POST (it only parses and queues);
2. reads 200 pages (home, history, job progress, 8 at a time) while those digests are being made;
3. waits for every job and reports how long the digests took and whether any failed;
4. reads 200 digest pages (the framed page, the report, the JSON and Markdown twins), 8 at a time.

Prints latency percentiles and error counts per phase. Expected errors: none.

    .venv/bin/python benchmarks/web_load.py [--uploads 20] [--reads 200] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import functools
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "reddit"
THREADS = ["pics__hlrjn9.json", "Python__91em1h.json", "redditdev__54hhwl.json", "pics__hol673.json"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    cmd = [sys.executable, "-m", "threadline.cli", "serve", "--port", str(port), "--db", str(db)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(base + "/index.json", timeout=1).raise_for_status()
            return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


def timed(fn: Callable[[], httpx.Response]) -> tuple[float, int | str]:
    start = time.perf_counter()
    try:
        status: int | str = fn().status_code
    except httpx.HTTPError as e:
        status = type(e).__name__
    return time.perf_counter() - start, status


def run_phase(
    name: str, calls: list[Callable[[], httpx.Response]], concurrency: int, ok: set[int]
) -> list[int]:
    wall = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(timed, calls))
    wall = time.perf_counter() - wall
    report(name, [t for t, _ in results], [s for _, s in results if s not in ok], wall)
    return [s for _, s in results if isinstance(s, int)]


def report(name: str, seconds: list[float], errors: list[int | str], wall: float) -> None:
    ms = sorted(1000 * s for s in seconds)
    q = statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else ms * 99
    print(
        f"{name:<34} n={len(ms):<4} p50={q[49]:7.1f} ms  p90={q[89]:7.1f} ms  p99={q[98]:7.1f} ms  "
        f"max={ms[-1]:7.1f} ms  errors={len(errors)}  wall={wall:5.1f} s"
    )
    if errors:
        print(f"  error statuses: {sorted(map(str, errors))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=20)
    parser.add_argument("--reads", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        proc, base = start_server(Path(tmp) / "web.sqlite3")
        client = httpx.Client(base_url=base, timeout=120)
        try:
            run(client, args)
        finally:
            client.close()
            proc.terminate()
            proc.wait(timeout=30)


def run(client: httpx.Client, args: argparse.Namespace) -> None:
    print(f"threadline web load test, {os.cpu_count()} CPUs, concurrency {args.concurrency} for reads")
    files = [(SHARED / name).read_bytes() for name in THREADS]
    job_ids: list[str] = []

    def post(i: int) -> Callable[[], httpx.Response]:
        def call() -> httpx.Response:
            r = client.post("/jobs.json", files={"file": (THREADS[i % len(THREADS)], files[i % len(files)])})
            if r.status_code == 202:
                job_ids.append(r.json()["id"])
            return r

        return call

    started = time.perf_counter()
    run_phase(
        f"{args.uploads} concurrent uploads", [post(i) for i in range(args.uploads)], args.uploads, {202}
    )

    pages = ["/", "/history", "/history.json", "/jobs/{job}.json", "/jobs/{job}"]
    paths = [pages[i % len(pages)].format(job=job_ids[i % len(job_ids)]) for i in range(args.reads)]
    run_phase(f"{args.reads} reads while digests run", getters(client, paths), args.concurrency, {200})

    digest_ids, failed = wait_for_jobs(client, job_ids)
    print(
        f"all {len(job_ids)} digests finished {time.perf_counter() - started:.1f} s after the first upload; "
        f"failed: {len(failed)}"
    )
    for message in failed[:5]:
        print(f"  {message}")
    if not digest_ids:
        return
    views = ["/digests/{d}", "/digests/{d}/report.html", "/digests/{d}.json", "/digests/{d}/digest.md"]
    paths = [views[i % len(views)].format(d=digest_ids[i % len(digest_ids)]) for i in range(args.reads)]
    run_phase(f"{args.reads} digest page reads", getters(client, paths), args.concurrency, {200})


def getters(client: httpx.Client, paths: list[str]) -> list[Callable[[], httpx.Response]]:
    return [functools.partial(client.get, path) for path in paths]


def wait_for_jobs(client: httpx.Client, job_ids: list[str]) -> tuple[list[str], list[str]]:
    pending = set(job_ids)
    digests: list[str] = []
    failed: list[str] = []
    deadline = time.monotonic() + 1800
    while pending and time.monotonic() < deadline:
        for job_id in sorted(pending):
            job = client.get(f"/jobs/{job_id}.json").json()
            if job["status"] == "done":
                digests.append(job["digest_id"])
                pending.discard(job_id)
            elif job["status"] == "failed":
                failed.append(f"{job['label']}: {job['error']}")
                pending.discard(job_id)
        time.sleep(0.5)
    failed += [f"{j}: not finished after 30 minutes" for j in pending]
    return digests, failed


if __name__ == "__main__":
    main()
