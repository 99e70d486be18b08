"""Sentence embeddings, offline on the CPU: a quality model by default and a fast one for very large threads.

- ``quality``: all-MiniLM-L6-v2 fine-tuned by ``tools/train_theme_encoder.py`` so that comments making the
  same point lie close (stock sentence embeddings mostly group by topic), shipped in ``models/`` as int8
  ONNX and run with onnxruntime, tokenized with the BERT uncased WordPiece tokenizer shipped beside it
  (provenance of both in ``models/README.md``).
- ``fast``: a static embedding distilled from the stock all-MiniLM-L6-v2
  (``tools/distill_static_embedding.py``): one vector per WordPiece token, averaged; numpy only.

Both return float32 rows, L2-normalised, aligned with the texts. The ONNX session, tokenizer and batching
helpers here serve every shipped BERT-style model (``emotions`` too). Each embedder is loaded once per process
(``get_embedder`` caches it; batch workers rely on that) and remembers every text it embedded.
"""

from __future__ import annotations

import gzip
import itertools
import os
from abc import ABC, abstractmethod
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path

import numpy as np

from ..registry import Registry

__all__ = [
    "Embedder",
    "MiniLMEmbedder",
    "StaticEmbedder",
    "embedders",
    "get_embedder",
    # shared with the other ONNX models (emotions)
    "MODELS",
    "bert_feed",
    "length_batches",
    "load_tokenizer",
    "onnx_session",
]

MODELS = Path(__file__).parent / "models"
TOKENIZER_FILE = MODELS / "bert-uncased-tokenizer.json.gz"
STATIC_FILE = MODELS / "static-minilm-192.npy"
THEME_MODEL_FILE = MODELS / "theme-minilm-int8.onnx"
MAX_TOKENS = 128  # the length all-MiniLM-L6-v2 was trained at; a comment's opening carries its point

embedders: Registry[type[Embedder]] = Registry("embedder")


class Embedder(ABC):
    """Texts in, unit vectors out; every distinct text is embedded once per process."""

    name: str = ""
    dim: int = 0
    # A long-lived process (a batch worker, the web app) must not keep every text it ever saw: past this
    # many, the oldest entries go first.
    max_cached: int = 200_000

    def __init__(self) -> None:
        self._cache: dict[str, np.ndarray] = {}

    def clear(self) -> None:
        """Forget every cached vector."""
        self._cache.clear()

    @property
    def cached(self) -> int:
        """How many texts have a cached vector."""
        return len(self._cache)

    def embed(self, texts: list[str]) -> np.ndarray:
        """Embed ``texts``: a float32 array of shape (len(texts), dim), rows L2-normalised."""
        todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if todo:
            vectors = _normalise(self._embed(todo))
            fresh = dict(zip(todo, vectors, strict=True))
        else:
            fresh = {}
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        rows = np.stack([fresh[t] if t in fresh else self._cache[t] for t in texts])
        self._cache.update(fresh)
        self._trim()
        return rows.astype(np.float32, copy=False)

    def _trim(self) -> None:
        excess = len(self._cache) - self.max_cached
        if excess > 0:
            for text in list(itertools.islice(self._cache, excess)):
                del self._cache[text]

    @abstractmethod
    def _embed(self, texts: list[str]) -> np.ndarray:
        """Embed distinct texts (not necessarily normalised)."""


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def onnx_threads() -> int:
    """Threads for the ONNX model: ``OMP_NUM_THREADS`` when set (Dask sets 1 in each worker, so N workers
    don't each spread over every core), else 0, onnxruntime's own choice."""
    value = os.environ.get("OMP_NUM_THREADS", "")
    return int(value) if value.isdigit() and int(value) > 0 else 0


def onnx_session(model_path: Path | str):  # -> onnxruntime.InferenceSession
    """An onnxruntime session on the CPU for a shipped model, threads as ``onnx_threads`` says."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3
    # No busy-waiting between batches: on a shared 2-core machine spinning threads cost 20% wall time.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.intra_op_num_threads = onnx_threads()
    return onnxruntime.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])


def length_batches(id_lists: list[list[int]], size: int) -> Iterator[list[int]]:
    """Row numbers in batches of ``size`` texts of similar length, so little time goes on padding."""
    order = sorted(range(len(id_lists)), key=lambda i: len(id_lists[i]))
    for start in range(0, len(order), size):
        yield order[start : start + size]


def bert_feed(id_lists: list[list[int]], segments: list[int] | None = None) -> dict[str, np.ndarray]:
    """Token-id lists padded into a BERT graph's inputs (``input_ids``, ``attention_mask``,
    ``token_type_ids``); ``segments[row]`` tokens of a row are segment A, the rest B (all A when
    ``segments`` is None)."""
    width = max(len(ids) for ids in id_lists)
    ids = np.zeros((len(id_lists), width), dtype=np.int64)
    mask = np.zeros_like(ids)
    types = np.zeros_like(ids)
    for row, token_ids in enumerate(id_lists):
        ids[row, : len(token_ids)] = token_ids
        mask[row, : len(token_ids)] = 1
        if segments is not None:
            types[row, segments[row] : len(token_ids)] = 1
    return {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}


@lru_cache(maxsize=1)
def load_tokenizer():  # -> tokenizers.Tokenizer
    """The BERT uncased WordPiece tokenizer that all-MiniLM-L6-v2 was trained with."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_str(gzip.decompress(TOKENIZER_FILE.read_bytes()).decode("utf-8"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_TOKENS)
    return tokenizer


@embedders.register("quality")
class MiniLMEmbedder(Embedder):
    """A MiniLM-L6 encoder as int8 ONNX, mean-pooled: ~150-250 comments/s on 2 cores.

    ``model_path`` is any export with the BERT inputs whose first output is the last hidden state: the
    shipped fine-tuned model by default, or the stock all-MiniLM-L6-v2 (the benchmarks compare the two).
    """

    name = "quality"
    dim = 384
    batch_size = 32

    def __init__(self, model_path: Path | str = THEME_MODEL_FILE) -> None:
        super().__init__()
        self.session = onnx_session(model_path)
        self.tokenizer = load_tokenizer()

    def _embed(self, texts: list[str]) -> np.ndarray:
        id_lists = [e.ids for e in self.tokenizer.encode_batch(texts)]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for rows in length_batches(id_lists, self.batch_size):
            out[rows] = self._run([id_lists[i] for i in rows])
        return out

    def _run(self, id_lists: list[list[int]]) -> np.ndarray:
        feed = bert_feed(id_lists)
        hidden = self.session.run(None, feed)[0]
        weights = feed["attention_mask"][..., None].astype(np.float32)
        return (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1.0)


@embedders.register("fast")
class StaticEmbedder(Embedder):
    """A static token table distilled from the stock MiniLM: ~20,000 comments/s, groups worse."""

    name = "fast"

    def __init__(self) -> None:
        super().__init__()
        self.table = np.load(STATIC_FILE)
        self.dim = int(self.table.shape[1])
        self.tokenizer = load_tokenizer()
        self.special = {self.tokenizer.token_to_id(t) for t in ("[CLS]", "[SEP]", "[PAD]", "[MASK]")}
        self.unknown = self.tokenizer.token_to_id("[UNK]")

    def _embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, encoding in enumerate(self.tokenizer.encode_batch(texts, add_special_tokens=False)):
            ids = [i for i in encoding.ids if i not in self.special] or [self.unknown]
            # Token rows carry their own frequency weighting, so a plain sum is a weighted mean.
            out[row] = self.table[ids].astype(np.float32).sum(axis=0)
        return out


@cache
def get_embedder(name: str = "quality") -> Embedder:
    """The embedder registered as ``name``, loaded once per process.

    >>> get_embedder("fast").embed(["hello world"]).shape   # doctest: +SKIP
    (1, 256)
    """
    return embedders.get(name)()
