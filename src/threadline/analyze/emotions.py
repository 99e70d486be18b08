"""Emotions learned from labelled Reddit comments: GoEmotions' 27 emotions and neutral, per comment.

Two models, named like the embedders they go with (the digest picks the one matching its embedder):

- ``fast``: logistic regression over the comment's WordPiece tokens (a bag of words; one weight row per
  token), trained on GoEmotions *train*; ~7 s per 100,000 comments on 2 cores, mostly tokenizing.
- ``quality``: all-MiniLM-L6-v2 fine-tuned on GoEmotions train, shipped in ``models/`` as int8 ONNX whose
  output is the 28 labels' logits, its probabilities mixed with the ``fast`` model's (``TOKEN_SHARE``).
  It costs about what the ``quality`` embedder does on the same comments (1.2 s for 500 Reddit comments on
  a busy 2-core machine), so it is no model for 100,000 comments: ``fast`` is.

Both are built by ``tools/train_emotions.py``. A text carries a label when the label's probability reaches
its threshold, chosen per label on a slice of train kept out of training, so GoEmotions dev stays clean for
``benchmarks/emotions.py``. A text may carry several labels, or none when nothing reaches its threshold; an
empty text (no letters or digits) carries none.

>>> emotions(["thank you so much, this made my day", "lol that's hilarious"])  # doctest: +SKIP
[['gratitude'], ['amusement']]
"""

from __future__ import annotations

import json
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from ..registry import Registry
from .embed import MODELS, bert_feed, length_batches, load_tokenizer, onnx_session

__all__ = [
    "EmotionModel",
    "EmotionScores",
    "MiniLMEmotions",
    "TokenEmotions",
    "emotion_models",
    "get_emotion_model",
    "score_emotions",
    "emotions",
    "LABELS",
]

# GoEmotions' label names in its label-id order (``emotions.txt``): the models' output columns.
LABELS: tuple[str, ...] = (
    "admiration", "amusement", "anger", "annoyance", "approval", "caring", "confusion", "curiosity",
    "desire", "disappointment", "disapproval", "disgust", "embarrassment", "excitement", "fear",
    "gratitude", "grief", "joy", "love", "nervousness", "optimism", "pride", "realization", "relief",
    "remorse", "sadness", "surprise", "neutral",
)  # fmt: skip
QUALITY_MODEL_FILE = MODELS / "emotions-minilm-int8.onnx"
TOKEN_MODEL_FILE = MODELS / "emotions-tokens.npz"
THRESHOLDS_FILE = MODELS / "emotions-thresholds.json"  # per model, per label; written by the trainer
# The quality model's probabilities are the fine-tuned encoder's and the token model's, mixed in this
# proportion: on the held-out slice of train, macro-F1 0.470 alone, 0.488 / 0.498 / 0.505 / 0.497 with a
# share of 0.1 / 0.3 / 0.4 / 0.5 (the token model lifts rare labels whose words give them away: grief, pride).
TOKEN_SHARE = 0.4
# The encoder reads a comment's first 64 tokens, the length it was trained at (GoEmotions' p99 is 38): on
# r/funny's 504 comments it saves a quarter of its time (0.79 -> 0.59 s) and changes 11 comments' labels.
ENCODER_TOKENS = 64
_WORDLESS = re.compile(r"^\W*$")

emotion_models: Registry[type[EmotionModel]] = Registry("emotion model")


@dataclass(frozen=True)
class EmotionScores:
    """Each text's probability for each label (rows follow the texts, columns follow ``labels``)."""

    labels: tuple[str, ...]
    probabilities: np.ndarray  # float32, (texts, labels)
    thresholds: np.ndarray  # float32, (labels,): a text carries a label from this probability on

    def carried(self) -> np.ndarray:
        """A boolean (texts, labels) array: which labels each text carries."""
        return self.probabilities >= self.thresholds

    def names(self) -> list[list[str]]:
        """The label names each text carries, in label order."""
        return [[self.labels[j] for j in np.flatnonzero(row)] for row in self.carried()]


class EmotionModel(ABC):
    """Texts in, a probability per GoEmotions label out."""

    name: str = ""

    def __init__(self, thresholds: list[float] | np.ndarray | None = None) -> None:
        if thresholds is None:
            saved = json.loads(THRESHOLDS_FILE.read_text(encoding="utf-8"))
            thresholds = [saved[self.name][label] for label in LABELS]
        self.thresholds = np.asarray(thresholds, dtype=np.float32)

    def score(self, texts: list[str]) -> EmotionScores:
        """Score ``texts``; an empty or wordless text gets probability 0 for every label."""
        probabilities = np.zeros((len(texts), len(LABELS)), dtype=np.float32)
        rows = [i for i, text in enumerate(texts) if not _WORDLESS.match(text)]
        if rows:
            probabilities[rows] = self._probabilities([texts[i] for i in rows])
        return EmotionScores(LABELS, probabilities, self.thresholds)

    @abstractmethod
    def _probabilities(self, texts: list[str]) -> np.ndarray:
        """Each label's probability for each (non-empty) text."""


def _sigmoid(logits: np.ndarray) -> np.ndarray:
    return (1.0 / (1.0 + np.exp(-logits))).astype(np.float32)


class TokenWeights:
    """Logistic regression over the set of WordPiece tokens a text holds: one weight row per token."""

    def __init__(self, path: Path | str = TOKEN_MODEL_FILE) -> None:
        with np.load(path) as saved:
            self.weight = saved["weight"].astype(np.float32)  # (vocabulary, labels)
            self.bias = saved["bias"].astype(np.float32)  # (labels,)
        self.tokenizer = load_tokenizer()

    def logits(self, texts: list[str]) -> np.ndarray:
        out = np.tile(self.bias, (len(texts), 1))
        for row, encoding in enumerate(self.tokenizer.encode_batch(texts, add_special_tokens=False)):
            if encoding.ids:
                out[row] += self.weight[list(set(encoding.ids))].sum(axis=0)
        return out


@emotion_models.register("fast")
class TokenEmotions(EmotionModel):
    """The token model alone."""

    name = "fast"

    def __init__(
        self, token_path: Path | str = TOKEN_MODEL_FILE, thresholds: list[float] | None = None
    ) -> None:
        super().__init__(thresholds)
        self.tokens = TokenWeights(token_path)

    def _probabilities(self, texts: list[str]) -> np.ndarray:
        return _sigmoid(self.tokens.logits(texts))


@emotion_models.register("quality")
class MiniLMEmotions(EmotionModel):
    """The fine-tuned MiniLM-L6 classifier (int8 ONNX: token ids in, 28 logits out) mixed with the token
    model."""

    name = "quality"
    batch_size = 32

    def __init__(
        self,
        model_path: Path | str = QUALITY_MODEL_FILE,
        token_path: Path | str = TOKEN_MODEL_FILE,
        thresholds: list[float] | None = None,
    ) -> None:
        super().__init__(thresholds)
        self.session = onnx_session(model_path)
        self.tokenizer = load_tokenizer()  # shared with the embedders: cut here, never reconfigured
        self.tokens = TokenWeights(token_path)

    def _probabilities(self, texts: list[str]) -> np.ndarray:
        # the first ENCODER_TOKENS tokens, ending in [SEP] as the tokenizer ends them (and as in training)
        cut = ENCODER_TOKENS - 1
        id_lists = [
            e.ids if len(e.ids) <= cut + 1 else e.ids[:cut] + e.ids[-1:]
            for e in self.tokenizer.encode_batch(texts)
        ]
        logits = np.zeros((len(texts), len(LABELS)), dtype=np.float32)
        for rows in length_batches(id_lists, self.batch_size):
            logits[rows] = self.session.run(None, bert_feed([id_lists[i] for i in rows]))[0]
        return (1 - TOKEN_SHARE) * _sigmoid(logits) + TOKEN_SHARE * _sigmoid(self.tokens.logits(texts))


@cache
def get_emotion_model(name: str = "quality") -> EmotionModel:
    """The emotion model registered as ``name`` (``quality`` or ``fast``), loaded once per process."""
    return emotion_models.get(name)()


def score_emotions(texts: list[str], model: str = "quality") -> EmotionScores:
    """Each text's probability for each of the 28 GoEmotions labels, with the labels and thresholds."""
    return get_emotion_model(model).score(list(texts))


def emotions(texts: list[str], model: str = "quality") -> list[list[str]]:
    """The GoEmotions label names each text carries (27 emotions and ``neutral``), in label order.

    >>> emotions(["Thanks, this is really helpful!"])   # doctest: +SKIP
    [['gratitude']]
    """
    return score_emotions(texts, model).names()
