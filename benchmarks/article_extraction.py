"""Article extraction quality: token-overlap F1 of ``load_article`` against ground truth, per page and mean.

Pages and ground truth: ``../shared/data/articles`` (a slice of the Scrapinghub article extraction
benchmark). F1 is over bags of lower-cased word tokens (``\\w+``); precision is the share of extracted tokens
found in the ground truth, recall the share of ground-truth tokens extracted. Run:

    .venv/bin/python benchmarks/article_extraction.py [--json]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from threadline.sources._base import read_file
from threadline.sources.article import extract_article

ARTICLES = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "articles"
TOKEN = re.compile(r"\w+")


def token_f1(predicted: str, truth: str) -> tuple[float, float, float]:
    """(precision, recall, F1) of the word-token bags of two texts."""
    pred, gold = Counter(TOKEN.findall(predicted.lower())), Counter(TOKEN.findall(truth.lower()))
    overlap = sum((pred & gold).values())
    if not pred or not gold or not overlap:
        return 0.0, 0.0, 0.0
    precision, recall = overlap / sum(pred.values()), overlap / sum(gold.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def evaluate(articles: Path = ARTICLES) -> list[dict[str, object]]:
    """Score every page in ``articles/index.csv``."""
    with open(articles / "index.csv", encoding="utf-8") as f:
        index = list(csv.DictReader(f))
    rows = []
    for entry in index:
        truth = json.loads((articles / "ground_truth" / f"{entry['id']}.json").read_text(encoding="utf-8"))
        html = read_file(articles / "html" / f"{entry['id']}.html.gz")
        start = time.perf_counter()
        text = extract_article(html, entry["url"], entry["id"]).text
        seconds = time.perf_counter() - start
        p, r, f1 = token_f1(text, truth["articleBody"])
        rows.append({"domain": entry["domain"], "precision": p, "recall": r, "f1": f1, "seconds": seconds})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="Print the results as JSON.")
    args = parser.parse_args()
    if not ARTICLES.exists():
        sys.exit(f"article data not found at {ARTICLES}")
    rows = evaluate()
    summary = {
        "pages": len(rows),
        "mean_f1": statistics.mean(float(r["f1"]) for r in rows),  # type: ignore[arg-type]
        "mean_precision": statistics.mean(float(r["precision"]) for r in rows),  # type: ignore[arg-type]
        "mean_recall": statistics.mean(float(r["recall"]) for r in rows),  # type: ignore[arg-type]
        "seconds_per_page": statistics.mean(float(r["seconds"]) for r in rows),  # type: ignore[arg-type]
    }
    if args.json:
        print(json.dumps({"pages": rows, "summary": summary}, indent=2))
        return
    print(f"{'domain':<28} {'precision':>9} {'recall':>7} {'F1':>6}")
    for r in rows:
        print(f"{r['domain']:<28} {r['precision']:>9.3f} {r['recall']:>7.3f} {r['f1']:>6.3f}")
    print(
        f"\nmean over {summary['pages']} pages: F1 {summary['mean_f1']:.3f} "
        f"(precision {summary['mean_precision']:.3f}, recall {summary['mean_recall']:.3f}); "
        f"{summary['seconds_per_page'] * 1000:.0f} ms a page. trafilatura's published F1 on the full "
        "benchmark (181 pages): 0.958"
    )


if __name__ == "__main__":
    main()
