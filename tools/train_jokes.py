"""Train the joke model (``threadline.analyze.jokes``) and ship it as ``models/jokes-linear.npz``.

Data: GoEmotions comments (``../shared/data/goemotions``, Apache-2.0; cite Demszky et al., ACL 2020) that
were labelled for the project as joke or not (``tests/data/joke_labels.tsv``: the comment's GoEmotions id,
``train`` or ``dev`` by the file it comes from, and J joke / S sarcasm or scorn / L laughing at something
else / N none / ? cannot tell; how they were made in ``tests/data/README.md``). Texts are read from the
shared files by id. The model learns J against S, L and N from the ``train`` labels; ``?`` is left out.
``dev`` is only read to report.

Features are what a digest already has for each comment (``jokes.joke_features``): the ``quality``
embedder's vector beside the 28 probabilities of the ``quality`` emotion model, both computed through
threadline's own code. scikit-learn's logistic regression, classes weighted to balance (C ``--c``).

The threshold is the lowest probability at which at least ``--precision`` of the comments flagged are jokes,
in five-fold cross-validation on ``train`` (dev's 105 jokes make too ragged a curve): a tone's examples are
quoted to the reader, so a flag should more often be right than wrong, and comments out of context are
often jokes nobody could tell.

Measured (2026-12-06; 4,165 train and 498 dev labels without ``?``, 21% jokes in both): five folds of train
ROC AUC 0.758, threshold 0.83 (precision 0.62, recall 0.11, 4% flagged); dev ROC AUC 0.746, at 0.83
precision 0.37, recall 0.10 (at 0.5: 0.37 and 0.65). C 0.3 gave 0.754 / 0.732. On the first 2,100 train
labels, a probe on the emotion model's own pooled vector did worse (dev ROC AUC 0.66), and a MiniLM
fine-tuned on them (3 epochs, torch) no better (0.745) at the cost of a second encoder pass per comment.
On real threads (``benchmarks/tones_reader.py``): of the 54 comments readers quoted as humour, the tone step
tags 21 with the model, 12 without it.

    .venv/bin/python tools/train_jokes.py            # trains, prints dev figures, writes the model
    .venv/bin/python tools/train_jokes.py --dry-run  # figures only
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
GOEMOTIONS = ROOT.parent / "shared" / "data" / "goemotions"
LABELS_FILE = ROOT / "tests" / "data" / "joke_labels.tsv"

from threadline.analyze.embed import get_embedder  # noqa: E402
from threadline.analyze.emotions import score_emotions  # noqa: E402
from threadline.analyze.jokes import JOKES_FILE, joke_features  # noqa: E402

GRID = np.round(np.arange(0.5, 0.96, 0.01), 2)  # candidate thresholds


def read_labels(path: Path = LABELS_FILE) -> list[tuple[str, str, str]]:
    """(GoEmotions id, split, label) for every labelled comment."""
    with path.open(encoding="utf-8", newline="") as f:
        return [(row["id"], row["split"], row["label"]) for row in csv.DictReader(f, delimiter="\t")]


def goemotions_texts() -> dict[str, str]:
    texts = {}
    for name in ("train.tsv", "dev.tsv"):
        for line in (GOEMOTIONS / name).read_text(encoding="utf-8").splitlines():
            text, _, comment_id = line.split("\t")
            texts[comment_id] = text
    return texts


def features(texts: list[str]) -> np.ndarray:
    return joke_features(get_embedder("quality").embed(texts), score_emotions(texts, "quality").probabilities)


def threshold_for(probabilities: np.ndarray, jokes: np.ndarray, precision: float) -> float:
    """The lowest threshold of ``GRID`` at which at least ``precision`` of the flagged comments are jokes."""
    for t in GRID:
        flagged = probabilities >= t
        if flagged.any() and jokes[flagged].mean() >= precision:
            return float(t)
    return float(GRID[-1])


def report(name: str, probabilities: np.ndarray, jokes: np.ndarray, threshold: float) -> None:
    from sklearn.metrics import roc_auc_score

    flagged = probabilities >= threshold
    hit = (flagged & jokes).sum()
    precision, recall = hit / max(flagged.sum(), 1), hit / max(jokes.sum(), 1)
    print(
        f"{name}: {len(jokes)} comments, {jokes.mean():.0%} jokes; "
        f"ROC AUC {roc_auc_score(jokes, probabilities):.3f}; at {threshold:.2f}: "
        f"precision {precision:.2f}, recall {recall:.2f}, flagged {flagged.mean():.0%}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--c", type=float, default=1.0, help="inverse regularisation strength")
    parser.add_argument("--precision", type=float, default=0.6, help="precision the threshold keeps")
    parser.add_argument("--out", type=Path, default=JOKES_FILE)
    parser.add_argument("--dry-run", action="store_true", help="print the figures, write nothing")
    args = parser.parse_args()
    from sklearn.linear_model import LogisticRegression

    texts = goemotions_texts()
    rows = [(texts[i], split, label == "J") for i, split, label in read_labels() if label != "?"]
    split = {s: [r for r in rows if r[1] == s] for s in ("train", "dev")}
    x = {s: features([r[0] for r in split[s]]) for s in split}
    y = {s: np.array([r[2] for r in split[s]]) for s in split}
    from sklearn.model_selection import cross_val_predict

    model = LogisticRegression(C=args.c, max_iter=5000, class_weight="balanced")
    folds = cross_val_predict(model, x["train"], y["train"], cv=5, method="predict_proba")[:, 1]
    threshold = threshold_for(folds, y["train"], args.precision)
    model.fit(x["train"], y["train"])
    dev = model.predict_proba(x["dev"])[:, 1]
    report("train, five folds", folds, y["train"], threshold)
    report("dev", dev, y["dev"], threshold)
    report("dev at 0.5", dev, y["dev"], 0.5)
    if args.dry_run:
        return
    np.savez(
        args.out,
        weights=model.coef_[0].astype(np.float32),
        bias=np.float32(model.intercept_[0]),
        threshold=np.float32(threshold),
    )
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
