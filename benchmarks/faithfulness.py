"""Faithfulness of the template digest on every real thread in ../shared/data, in both styles.

For each thread and style: quotes verbatim (checked / failed), cited ids real, numbers traceable, and
coverage — the share of analyzed comments inside the themes the digest names. Prints a table; exits 1 if
any digest fails a check.

    python benchmarks/faithfulness.py [--embedder fast] [--only announcements]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from threadline import digest
from threadline.write import write
from threadline.write.verify import audit

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def threads() -> list[Path]:
    found = sorted((SHARED / "reddit").glob("*.json")) + sorted((SHARED / "hackernews").glob("*.json"))
    return found + sorted(p for p in (SHARED / "polis").iterdir() if p.is_dir())


def measure(path: Path, embedder: str) -> list[dict[str, object]]:
    start = time.perf_counter()
    result = digest(str(path), embedder=embedder)
    seconds = time.perf_counter() - start
    rows = []
    for style in ("post", "report"):
        text = result.text if style == "post" else write(result.analysis, result.thread, style="report")
        checks, counted = audit(text, result.analysis, result.thread)
        rows.append(
            {
                "thread": path.name.removesuffix(".json")[-34:],
                "style": style,
                "analyzed": result.analysis.stats.analyzed,
                "seconds": seconds,
                "ok": checks.ok,
                "problems": checks.problems,
                **counted,
            }
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedder", default="quality", choices=["quality", "fast"])
    parser.add_argument("--only", help="Only threads whose name contains this.")
    args = parser.parse_args()
    header = (
        f"{'thread':<34} {'style':<6} {'analyzed':>8} {'sent':>5} {'quotes':>9} {'ids':>9} "
        f"{'numbers':>9} {'themes':>6} {'coverage':>8} {'secs':>5}"
    )
    print(header)
    print("-" * len(header))
    all_rows = []
    for path in threads():
        if args.only and args.only not in path.name:
            continue
        for r in measure(path, args.embedder):
            all_rows.append(r)
            quotes = f"{r['quotes'] - r['bad_quotes']}/{r['quotes']}"
            ids = f"{r['cited_ids'] - r['unknown_ids']}/{r['cited_ids']}"
            numbers = f"{r['numbers'] - r['bad_numbers']}/{r['numbers']}"
            print(
                f"{r['thread']:<34} {r['style']:<6} {r['analyzed']:>8} {r['sentences']:>5} {quotes:>9} "
                f"{ids:>9} {numbers:>9} {len(r['themes_mentioned']):>6} {r['coverage']:>8.0%} "
                f"{r['seconds']:>5.1f}"
            )
            for p in r["problems"]:
                print(f"    ! {p}")
    failed = [r for r in all_rows if not r["ok"]]
    total = {
        k: sum(int(r[k]) for r in all_rows)
        for k in ("quotes", "bad_quotes", "numbers", "bad_numbers", "cited_ids", "unknown_ids")
    }
    mean_cov = sum(float(r["coverage"]) for r in all_rows) / max(1, len(all_rows))
    print("-" * len(header))
    print(
        f"{len(all_rows)} digests: quotes verbatim "
        f"{total['quotes'] - total['bad_quotes']}/{total['quotes']}, "
        f"ids real {total['cited_ids'] - total['unknown_ids']}/{total['cited_ids']}, numbers traceable "
        f"{total['numbers'] - total['bad_numbers']}/{total['numbers']}, mean coverage {mean_cov:.0%}, "
        f"{len(failed)} failing"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
