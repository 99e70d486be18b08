"""Jokes: whether a comment's writer is trying to be funny, learned from Reddit comments labelled for it.

GoEmotions labels what a writer *feels*, so the emotion model reads a deadpan joke ("Birds aren't real.",
"Instructions unclear, now stuck in the dishwasher.") as neutral and finds only the laughter around it. This
model reads the joke itself: logistic regression over the ``quality`` embedder's vector of the comment beside
its 28 emotion probabilities (both computed by a digest anyway, so it costs a matrix product), trained by
``tools/train_jokes.py`` on GoEmotions comments that were labelled joke / not a joke for the project
(``tests/data/joke_labels.tsv``; how in ``tests/data/README.md``). A comment is a joke when its probability
reaches the threshold stored with the weights.

Out of context many jokes cannot be told from earnest remarks, so the model is kept strict: at its threshold
three in five of its flags were jokes in cross-validation (37% on the held-out dev labels), and on the shared
real threads it flagged a fifth of the comments readers quoted as jokes and 2% of those they quoted for other
tones. So the tone step counts its flags in humour's share, but lets only surer evidence start riffs or
group and title themes. It needs the ``quality`` embedder's vectors; a ``fast`` run (a huge thread) reads
jokes from emotions, cues and laughter alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from .embed import MODELS
from .emotions import EmotionScores

__all__ = ["JOKES_FILE", "JokeModel", "get_joke_model", "joke_features"]

JOKES_FILE = MODELS / "jokes-linear.npz"


def joke_features(vectors: np.ndarray, emotion_probabilities: np.ndarray) -> np.ndarray:
    """What the model reads of each comment: its unit sentence vector and its emotion probabilities."""
    return np.hstack([np.asarray(vectors, dtype=np.float32), np.asarray(emotion_probabilities, np.float32)])


@dataclass(frozen=True)
class JokeModel:
    weights: np.ndarray  # (features,)
    bias: float
    threshold: float  # a comment is a joke from this probability on

    @classmethod
    def load(cls, path: Path | str = JOKES_FILE) -> JokeModel:
        with np.load(path) as saved:
            return cls(saved["weights"].astype(np.float32), float(saved["bias"]), float(saved["threshold"]))

    def probabilities(self, vectors: np.ndarray, emotions: EmotionScores) -> np.ndarray:
        """Each comment's probability of being a joke (rows follow ``vectors`` and ``emotions``)."""
        features = joke_features(vectors, emotions.probabilities)
        if features.shape[1:] != self.weights.shape:
            raise ValueError(
                f"the joke model reads {self.weights.shape[0]} features a comment, got {features.shape[1:]}:"
                " it needs the quality embedder's vectors"
            )
        return (1.0 / (1.0 + np.exp(-(features @ self.weights + self.bias)))).astype(np.float32)

    def ratios(self, vectors: np.ndarray, emotions: EmotionScores) -> np.ndarray:
        """Each comment's probability over the threshold: 1 or more is a joke (as the emotions' ratios)."""
        return self.probabilities(vectors, emotions) / self.threshold


@cache
def get_joke_model() -> JokeModel:
    """The shipped joke model, loaded once per process."""
    return JokeModel.load()
