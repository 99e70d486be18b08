"""Score ways of reading the reply-stance models' probabilities, out of fold, from the folds
``tools/train_stance.py --loco --probs DIR`` saved (no retraining).

Each way is the cross-encoder's probabilities (or their average with the linear model's, or with a second
seed's), read by ``stance_models.decide``: optionally the rules deciding where their evidence is strong
enough (explicit markers such as "I agree", "No, ..."; also challenging questions; any evidence),
optionally the neutral probability weighted. Where a weight is chosen, it is chosen on data the fold's
model was not tested on, in one of two ways:

- ``on own dev``: the weight (0.5-3) that scores best on the dev half of the hand-labelled pairs (which the
  model was trained on), read through the reply tree as a digest reads it;
- ``on other communities``: the weight that scores best, in mean macro-F1, on the four other communities'
  held-out predictions (each by the fold model that did not train on it).

Either weight is then scored on the fold's held-out community and on the test half of the hand-labelled
pairs (through the reply tree, as ``benchmarks/stance.py`` scores the rules' 0.634). The figures go into
``benchmarks/stance_loco.json`` under ``combinations``, by the folds' name.

    python tools/stance_combinations.py /tmp/probs/six /tmp/probs/linear   # folders --probs wrote
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path[:0] = [str(Path(__file__).resolve().parent)]

from train_stance import (  # noqa: E402
    FIGURES,
    LABELS,
    macro_f1,
    own_labels,
    own_threads,
    read_debagreement,
)

from threadline.analyze.stance import (  # noqa: E402
    CHALLENGE,
    CONTRADICTS,
    EXPLICIT,
    follow_chains,
    reply_pairs,
)
from threadline.analyze.stance_models import decide, rule_overrides  # noqa: E402

WEIGHTS = [round(float(w), 2) for w in np.arange(0.5, 3.01, 0.1)]
# Where the rules' own evidence decides: nowhere, or where it is at least this strong.
RULES = {
    "": None,
    ", explicit markers decide": EXPLICIT,
    ", markers and challenges decide": CHALLENGE,
    ", any rule evidence decides": CONTRADICTS,
}


class Own:
    """The hand-labelled pairs, scored through the reply tree from probabilities over every thread pair."""

    def __init__(self) -> None:
        self.threads = own_threads()
        self.replies = {name: reply_pairs(c)[0] for name, c in self.threads.items()}
        self.pairs = [pair for c in self.threads.values() for pair in reply_pairs(c)[1]]
        self.overrides = {level: rule_overrides(self.pairs, level) for level in RULES.values() if level}
        self.labels = own_labels()

    def score(self, probs: np.ndarray, split: str, weight: float, rules: int | None) -> float:
        read = decide(probs, neutral_weight=weight, overrides=self.overrides[rules] if rules else None)
        stances, start = {}, 0
        for name, replies in self.replies.items():
            chunk = read[start : start + len(replies)]
            stances[name] = follow_chains(self.threads[name], replies, chunk)
            start += len(replies)
        rows = [p for p in self.labels if p["split"] == split]
        gold = [LABELS.index(p["label"]) for p in rows]
        return macro_f1(gold, [LABELS.index(stances[p["file"]][p["reply_id"]]) for p in rows])["macro"]


class Deb:
    """DEBAGREEMENT's communities, each scored from the probabilities of the fold that held it out."""

    def __init__(self) -> None:
        deb = read_debagreement()
        self.subs = list(deb)
        self.gold = {sub: [y for *_, y in rows] for sub, rows in deb.items()}
        self.overrides = {
            (sub, level): rule_overrides([(p, r) for p, r, _ in rows], level)
            for sub, rows in deb.items()
            for level in RULES.values()
            if level
        }

    def score(self, sub: str, probs: np.ndarray, weight: float, rules: int | None) -> float:
        read = decide(probs, neutral_weight=weight, overrides=self.overrides[sub, rules] if rules else None)
        return macro_f1(self.gold[sub], [LABELS.index(s) for s in read])["macro"]


def way(deb: Deb, own: Own, folds: dict[str, dict[str, np.ndarray]], rules: int | None, choice: str) -> dict:
    """One way of reading ``folds`` (by community: its probabilities on ``held`` and ``threads``) scored on
    each held-out community and on own test, the neutral weight chosen as ``choice`` says."""
    weights = {}
    for sub in deb.subs:
        if choice == "x1":
            weights[sub] = 1.0
        elif choice == "on own dev":
            weights[sub] = max(WEIGHTS, key=lambda w: own.score(folds[sub]["threads"], "dev", w, rules))
        else:  # on other communities
            others = [o for o in deb.subs if o != sub]
            weights[sub] = max(
                WEIGHTS, key=lambda w: np.mean([deb.score(o, folds[o]["held"], w, rules) for o in others])
            )
    loco = {sub: deb.score(sub, folds[sub]["held"], weights[sub], rules) for sub in deb.subs}
    test = {sub: own.score(folds[sub]["threads"], "test", weights[sub], rules) for sub in deb.subs}
    dev = [own.score(folds[sub]["threads"], "dev", weights[sub], rules) for sub in deb.subs]
    return {
        "loco mean": round(float(np.mean(list(loco.values()))), 4),
        "own test mean": round(float(np.mean(list(test.values()))), 4),
        "own dev mean": round(float(np.mean(dev)), 4),
        "loco": loco,
        "own test": test,
        "neutral weights": weights,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cross", type=Path, help="the cross-encoder folds' probabilities (FOLD.npz)")
    parser.add_argument("other", type=Path, help="folds to average with: the linear model's, a 2nd seed's")
    parser.add_argument("--other-name", default="linear", help="what the other folds are, in the ways' names")
    parser.add_argument(
        "--name", default="cross-encoder, 6 layers", help="the cross-encoder folds' name in stance_loco.json"
    )
    args = parser.parse_args()

    deb, own = Deb(), Own()
    cross = {sub: dict(np.load(args.cross / f"{sub}.npz")) for sub in deb.subs}
    other = {sub: dict(np.load(args.other / f"{sub}.npz")) for sub in deb.subs}
    average = {sub: {part: (cross[sub][part] + other[sub][part]) / 2 for part in cross[sub]} for sub in cross}
    results = {}
    for model, folds in (("cross-encoder", cross), (f"average with {args.other_name}", average)):
        for rule_name, rules in RULES.items():
            for choice in ("x1", "on own dev", "on other communities"):
                name = f"{model}{rule_name}, neutral weight {choice}"
                results[name] = r = way(deb, own, folds, rules, choice)
                tests, weights = r["own test"].values(), sorted(set(r["neutral weights"].values()))
                print(
                    f"{name:<80} LOCO {r['loco mean']:.3f}  own dev {r['own dev mean']:.3f}  "
                    f"own test {r['own test mean']:.3f} "
                    f"({min(tests):.3f}-{max(tests):.3f})  weights {weights}",
                    flush=True,
                )
    figures = json.loads(FIGURES.read_text())
    figures.setdefault("combinations", {})[args.name] = results
    FIGURES.write_text(json.dumps(figures, indent=1) + "\n")


if __name__ == "__main__":
    main()
