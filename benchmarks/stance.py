"""Reply stance: the learned models against today's rules, on held-out communities and hand-labelled pairs.

Prints, for the rules, the cross-encoder and the linear model:
- leave-one-community-out on DEBAGREEMENT (train on four subreddits, test on the fifth): macro-F1 and
  per-class F1 per community and their mean. Training five folds takes hours on 2 cores, so the learned
  models' figures are read from ``benchmarks/stance_loco.json``, which ``tools/train_stance.py --loco``
  writes; the rules' figures are computed here.
- the dev and test halves of ``tests/data/stance_pairs.jsonl`` (the shipped models trained on dev only),
  computed here, with the majority class beside them; ``thread_stances`` reads the reply tree too.
- the ways of reading the cross-encoder's probabilities that ``tools/stance_combinations.py`` scored out of
  fold (from the same file).
- cost per pair on this machine over every reply pair of the shared threads, and what that projects to for a
  500-comment and a 100,000-comment thread.

    python benchmarks/stance.py              # scores and cost
    python benchmarks/stance.py --errors dev # the misclassified dev pairs of the shipped default, to read
    python benchmarks/stance.py --candidates # how candidate pairs were drawn (see tests/data/README.md)
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "src")]

from analysis_threads import corpus_of, hn_thread, reddit_thread  # noqa: E402
from threadline.analyze.stance import (  # noqa: E402
    DEFAULT_MODEL,
    MODELS,
    rule_stance,
    thread_stances,
)
from threadline.analyze.stance_models import cross_encoder, fill_in, linear_model  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
PAIRS = ROOT / "tests" / "data" / "stance_pairs.jsonl"
LOCO = Path(__file__).with_name("stance_loco.json")
DEBAGREEMENT = SHARED / "debagreement" / "pairs.csv"
LABELS = ("agree", "disagree", "neutral")
DEBAGREEMENT_LABELS = ("disagree", "neutral", "agree")  # its label ids 0, 1, 2
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


def line(name: str, s: dict[str, float]) -> str:
    per = "  ".join(f"{label} {s[label]:.2f}" for label in LABELS)
    return f"  {name:<30} macro-F1 {s['macro']:.3f}   ({per})"


def own_predictions(pairs: list[dict], model: str) -> list[str]:
    """``thread_stances`` with ``model`` for every labelled pair (the reply tree read as in a digest)."""
    corpora = {name: load_corpus(name) for name in sorted({p["file"] for p in pairs})}
    stances = {name: thread_stances(c, model=model) for name, c in corpora.items()}
    return [stances[p["file"]].get(p["reply_id"], "neutral") for p in pairs]


def report_own(pairs: list[dict]) -> None:
    print("Hand-labelled pairs (tests/data/stance_pairs.jsonl; learned models trained on dev only)")
    preds = {name: own_predictions(pairs, name) for name in MODELS}
    for split in ("dev", "test"):
        idx = [i for i, p in enumerate(pairs) if p["split"] == split]
        gold = [pairs[i]["label"] for i in idx]
        majority = Counter(gold).most_common(1)[0][0]
        print(f"{split}: {len(idx)} pairs, {dict(Counter(gold))}")
        for name, pred in preds.items():
            print(line(f"thread_stances, {name}", f1_scores(gold, [pred[i] for i in idx])))
        print(line(f"majority ({majority})", f1_scores(gold, [majority] * len(idx))))


def debagreement() -> dict[str, list[tuple[str, str, str]]]:
    by_sub: dict[str, list[tuple[str, str, str]]] = {}
    with open(DEBAGREEMENT, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            label = DEBAGREEMENT_LABELS[int(row["label"])]
            by_sub.setdefault(row["subreddit"], []).append((row["parent_text"], row["reply_text"], label))
    return dict(sorted(by_sub.items()))


def report_loco() -> None:
    print("\nDEBAGREEMENT, one community held out at a time (macro-F1; per class in brackets)")
    figures = json.loads(LOCO.read_text())
    rules = {}
    for sub, rows in debagreement().items():
        rules[sub] = f1_scores([g for *_, g in rows], [rule_stance(p, r) for p, r, _ in rows])
    results = {"rules (today's, computed here)": rules} | {
        f"{name} (from {LOCO.name})": figures["folds"][name] for name in figures["folds"]
    }
    for name, folds in results.items():
        print(f"  {name}")
        for sub, s in folds.items():
            print(line(f"  {sub}", s))
        mean = {k: sum(s[k] for s in folds.values()) / len(folds) for k in (*LABELS, "macro")}
        print(line(f"  mean of {len(folds)} of 5 folds", mean))
    print(f"  settings: {json.dumps(figures['settings'])}")
    for name, ways in figures.get("combinations", {}).items():
        print(f"  ways of reading the {name} folds' probabilities (tools/stance_combinations.py; own test")
        print("  read through the reply tree, the mean of the five fold models)")
        for way, r in ways.items():
            print(f"    {way:<84} held out {r['loco mean']:.3f}  own test {r['own test mean']:.3f}")


def report_cost() -> None:
    """Pairs per second of each reader over every reply pair of the shared threads, one process, warm."""
    pairs = []
    for path in sorted((SHARED / "reddit").glob("*.json")) + sorted((SHARED / "hackernews").glob("*.json")):
        corpus = load_corpus(path.name)
        text = dict(zip(corpus.ids, corpus.texts, strict=True))
        pairs += [(text[c.parent_id], text[c.id]) for c in corpus.comments if c.parent_id in text]
    print(f"\nCost per pair ({len(pairs)} reply pairs of the shared threads; 2-core machine, models loaded)")
    started = time.perf_counter()
    cross = cross_encoder()
    linear = linear_model()
    print(f"  loading both models: {time.perf_counter() - started:.2f} s")
    readers = {
        "rules": lambda ps: [rule_stance(p, r) for p, r in ps],
        "cross-encoder": cross.probabilities,
        "linear (vectors cached)": linear.probabilities,
        "rules+linear (vectors cached)": lambda ps: fill_in(linear.probabilities(ps), ps),
    }
    from threadline.analyze.embed import get_embedder

    for name in ("fast", "quality"):  # a digest has embedded every comment with both already
        get_embedder(name).embed([t for pair in pairs for t in pair])
    for name, read in readers.items():
        started = time.perf_counter()
        read(pairs)
        per_pair = (time.perf_counter() - started) / len(pairs)
        # A 500-comment Reddit thread has ~350 reply pairs with a parent; 100,000 comments ~95,000.
        print(
            f"  {name:<30} {per_pair * 1e3:6.2f} ms/pair ({1 / per_pair:7.0f} pairs/s)   "
            f"350 pairs {350 * per_pair:5.1f} s   95,000 pairs {95_000 * per_pair:6.0f} s"
        )
    print(f"  a digest's pairs are read by: {DEFAULT_MODEL}")


def show_errors(pairs: list[dict], split: str) -> None:
    tree = own_predictions(pairs, "cross-encoder")
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
        report_own(pairs)
        report_loco()
        report_cost()


if __name__ == "__main__":
    main()
