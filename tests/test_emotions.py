"""Emotions: the API's shape, the label names, clear cases, empty input, and a slice of GoEmotions dev."""

from __future__ import annotations

import json

import numpy as np
import pytest

import threadline
from threadline.analyze.emotions import (
    LABELS,
    THRESHOLDS_FILE,
    emotion_models,
    get_emotion_model,
    score_emotions,
)
from threadline.errors import UsageError

MODELS = ["quality", "fast"]

# Written for these tests: comments whose emotion nobody would argue about.
CLEAR = [
    ("Thank you so much, you saved my whole weekend!", "gratitude"),
    ("lol that's hilarious", "amusement"),
    ("Thanks for the tip, really appreciate it.", "gratitude"),
    ("Hahaha I can't stop laughing at this", "amusement"),
]
CLEAR_QUALITY = [
    ("I love this song so much.", "love"),
    ("I'm so sorry, that was my mistake and I feel awful about it.", "remorse"),
    ("Wow, what an amazing photo, you're really talented!", "admiration"),
    ("Wait, what? I don't understand what you mean.", "confusion"),
]


def goemotions(shared_data, split: str, limit: int) -> tuple[list[str], np.ndarray]:
    texts, gold = [], np.zeros((limit, len(LABELS)), dtype=bool)
    with open(shared_data / "goemotions" / f"{split}.tsv", encoding="utf-8") as f:
        for row, line in zip(range(limit), f, strict=False):
            text, ids, _ = line.rstrip("\n").split("\t")
            texts.append(text)
            gold[row, [int(i) for i in ids.split(",")]] = True
    return texts, gold


def f1_per_label(carried: np.ndarray, gold: np.ndarray) -> np.ndarray:
    tp, fp, fn = (carried & gold).sum(0), (carried & ~gold).sum(0), (~carried & gold).sum(0)
    return 2 * tp / np.maximum(2 * tp + fp + fn, 1)


def test_labels_are_goemotions_in_label_id_order(shared_data) -> None:
    assert list(LABELS) == (shared_data / "goemotions" / "emotions.txt").read_text().split()
    saved = json.loads(THRESHOLDS_FILE.read_text())
    for name in MODELS:
        assert list(saved[name]) == list(LABELS)
        assert all(0 < t < 1 for t in saved[name].values())


def test_the_public_api_names_labels_per_text() -> None:
    assert "emotions" in threadline.__all__
    texts = [text for text, _ in CLEAR]
    named = threadline.emotions(texts)
    assert len(named) == len(texts)
    for names in named:
        assert all(name in LABELS for name in names)
        assert names == sorted(names, key=LABELS.index)  # label order, no repeats
        assert len(set(names)) == len(names)


@pytest.mark.parametrize("model", MODELS)
def test_probabilities_are_one_row_per_text(model: str) -> None:
    scores = score_emotions(["I love it", "This is awful", "I love it"], model)
    assert scores.labels == LABELS
    assert scores.probabilities.shape == (3, len(LABELS))
    assert scores.probabilities.dtype == np.float32
    assert ((scores.probabilities >= 0) & (scores.probabilities <= 1)).all()
    np.testing.assert_allclose(scores.probabilities[0], scores.probabilities[2], atol=1e-6)
    assert scores.thresholds.shape == (len(LABELS),)


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize(("text", "label"), CLEAR)
def test_clear_cases(model: str, text: str, label: str) -> None:
    assert label in threadline.emotions([text], model=model)[0]


@pytest.mark.parametrize(("text", "label"), CLEAR_QUALITY)
def test_clear_cases_for_the_full_model(text: str, label: str) -> None:
    assert label in threadline.emotions([text])[0]


@pytest.mark.parametrize("model", MODELS)
def test_empty_input(model: str) -> None:
    assert threadline.emotions([], model=model) == []
    assert score_emotions([], model).probabilities.shape == (0, len(LABELS))
    assert threadline.emotions(["", "   ", "..."], model=model) == [[], [], []]
    mixed = score_emotions(["", "lol that's hilarious"], model)
    assert mixed.probabilities[0].max() == 0 and mixed.names()[1] == ["amusement"]


def test_a_comment_is_scored_the_same_alone_or_in_a_batch() -> None:
    texts = [text for text, _ in CLEAR + CLEAR_QUALITY]
    together = score_emotions(texts).probabilities
    alone = np.stack([score_emotions([t]).probabilities[0] for t in texts])
    # int8 activations are quantised per batch, so batching moves a probability a little.
    assert np.abs(together - alone).max() < 0.05


def test_long_text_is_truncated_not_rejected() -> None:
    scores = score_emotions(["this is so funny lol " * 500])
    assert np.isfinite(scores.probabilities).all()


def test_loaded_once_and_unknown_names_list_the_available_ones() -> None:
    assert get_emotion_model("quality") is get_emotion_model("quality")
    assert emotion_models.names() == ["fast", "quality"]
    with pytest.raises(UsageError, match="available: fast, quality"):
        score_emotions(["hi"], "huge")


@pytest.mark.parametrize(
    ("model", "macro_floor", "amusement_floor"),
    # Measured on these 1,500 dev comments: quality macro-F1 0.551, amusement 0.809; fast 0.488, 0.747.
    # A linear probe on the theme encoder's vectors reaches 0.33 / 0.69 on all of dev.
    [("quality", 0.48, 0.72), ("fast", 0.42, 0.66)],
)
def test_goemotions_dev_slice_above_a_floor(shared_data, model, macro_floor, amusement_floor) -> None:
    """Dev is never trained on (tools/train_emotions.py); benchmarks/emotions.py scores all of it."""
    texts, gold = goemotions(shared_data, "dev", 1500)
    f1 = f1_per_label(score_emotions(texts, model).carried(), gold)
    assert f1.mean() >= macro_floor
    assert f1[LABELS.index("amusement")] >= amusement_floor


def test_scoring_emotions_leaves_the_shared_tokenizer_as_it_was() -> None:
    """The emotion encoder reads a comment's first 64 tokens; the embedders, which share the tokenizer, still
    read 128 (a reconfigured tokenizer once cut every later comment's embedding to 64)."""
    from threadline.analyze.embed import MAX_TOKENS, load_tokenizer

    long = " ".join(["moderation"] * 300)
    score_emotions([long], "quality")
    assert len(load_tokenizer().encode(long).ids) == MAX_TOKENS
