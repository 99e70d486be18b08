"""Reply stance against the hand-labelled pairs in tests/data/stance_pairs.jsonl.

Prints macro-F1 and per-class F1 on the dev and test halves for ``thread_stances`` (rules + reply tree) and
for ``reply_stance`` alone (the two texts only), beside the majority-class baseline.

    python benchmarks/stance.py              # scores
    python benchmarks/stance.py --errors dev # the misclassified dev pairs, to read
    python benchmarks/stance.py --candidates # how candidate pairs were drawn (see tests/data/README.md)
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "src")]

from analysis_threads import corpus_of, hn_thread, reddit_thread  # noqa: E402
from threadline.analyze.stance import reply_stance, thread_stances  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
PAIRS = ROOT / "tests" / "data" / "stance_pairs.jsonl"
LABELS = ("agree", "disagree", "neutral")
LIKELY_DISAGREE = re.compile(
    r"^(no\b|nope|not\b|but\b|actually|wrong|i disagree|that's not|thats not|that is not|you're wrong|um+|"
    r"uh+|except|well,|nah|false|bullshit|source\?)|\?\s*$|\bdisagree\b|\bnot true\b|\bwrong\b",
    re.I,
)


def load_corpus(name: str):
    path = SHARED / ("hackernews" if name.startswith("item_") else "reddit") / name
    return corpus_of(hn_thread(path) if name.startswith("item_") else reddit_thread(path))


def f1_scores(gold: list[str], pred: list[str]) -> dict[str, float]:
    scores = {}
    for label in LABELS:
        tp = sum(g == p == label for g, p in zip(gold, pred, strict=True))
        fp = sum(p == label != g for g, p in zip(gold, pred, strict=True))
        fn = sum(g == label != p for g, p in zip(gold, pred, strict=True))
        scores[label] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    scores["macro"] = sum(scores[label] for label in LABELS) / len(LABELS)
    return scores


def predictions(pairs: list[dict]) -> tuple[list[str], list[str]]:
    """(thread_stances, reply_stance) predictions for every pair."""
    tree, alone = [], []
    corpora = {name: load_corpus(name) for name in {p["file"] for p in pairs}}
    stances = {name: thread_stances(c) for name, c in corpora.items()}
    for p in pairs:
        corpus = corpora[p["file"]]
        text = dict(zip(corpus.ids, corpus.texts, strict=True))
        tree.append(stances[p["file"]].get(p["reply_id"], "neutral"))
        alone.append(reply_stance(text[p["parent_id"]], text[p["reply_id"]]))
    return tree, alone


def line(name: str, s: dict[str, float]) -> str:
    per = "  ".join(f"{label} {s[label]:.2f}" for label in LABELS)
    return f"  {name:<28} macro-F1 {s['macro']:.3f}   ({per})"


def report(pairs: list[dict]) -> None:
    tree, alone = predictions(pairs)
    for split in ("dev", "test", "all"):
        idx = [i for i, p in enumerate(pairs) if split in ("all", p["split"])]
        gold = [pairs[i]["label"] for i in idx]
        majority = Counter(gold).most_common(1)[0][0]
        print(f"{split}: {len(idx)} pairs, {dict(Counter(gold))}")
        print(line("thread_stances (rules+tree)", f1_scores(gold, [tree[i] for i in idx])))
        print(line("reply_stance (texts only)", f1_scores(gold, [alone[i] for i in idx])))
        print(line(f"majority ({majority})", f1_scores(gold, [majority] * len(idx))))


def show_errors(pairs: list[dict], split: str) -> None:
    tree, _ = predictions(pairs)
    for p, pred in zip(pairs, tree, strict=True):
        if p["split"] == split and pred != p["label"]:
            corpus = load_corpus(p["file"])
            text = dict(zip(corpus.ids, corpus.texts, strict=True))
            print(f"gold {p['label']:<8} pred {pred:<8} {p['note']}")
            print(f"   P: {text[p['parent_id']][:200]}\n   R: {text[p['reply_id']][:240]}\n")


def candidates(seed: int = 7, per_thread: int = 14) -> list[tuple[str, str, str]]:
    """Draw candidate pairs as the labelled set was drawn: per thread, likely disagreements and others."""
    pairs = []
    for path in sorted((SHARED / "reddit").glob("*.json")) + sorted((SHARED / "hackernews").glob("*.json")):
        corpus = load_corpus(path.name)
        text = dict(zip(corpus.ids, corpus.texts, strict=True))
        for c in corpus.comments:
            if c.parent_id in text:
                likely = bool(LIKELY_DISAGREE.search(text[c.id][:200]))
                pairs.append((path.name, c.parent_id, c.id, text[c.parent_id], text[c.id], likely))
    random.Random(seed).shuffle(pairs)
    chosen: list[tuple[str, str, str]] = []
    taken: Counter = Counter()
    for want in (True, False):
        for name, pid, rid, ptext, rtext, likely in pairs:
            if likely != want or taken[name, want] >= per_thread or len(rtext) > 700 or len(ptext) > 900:
                continue
            taken[name, want] += 1
            chosen.append((name, pid, rid))
    return chosen


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--errors", choices=["dev", "test"])
    ap.add_argument("--candidates", action="store_true")
    args = ap.parse_args()
    pairs = [json.loads(x) for x in PAIRS.read_text().splitlines() if x.strip()]
    if args.candidates:
        for name, pid, rid in candidates():
            print(name, pid, rid)
    elif args.errors:
        show_errors(pairs, args.errors)
    else:
        report(pairs)


if __name__ == "__main__":
    main()
