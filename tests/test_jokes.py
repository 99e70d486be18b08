"""The joke model: what it reads, that it ranks jokes above plain remarks, where the digest uses it, its
labels, and its figure on labelled comments it never saw."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import numpy as np
import pytest

from threadline.analyze import jokes
from threadline.analyze.embed import get_embedder
from threadline.analyze.emotions import LABELS, score_emotions
from threadline.analyze.jokes import JokeModel, get_joke_model
from threadline.analyze.stance import thread_stances
from threadline.analyze.tone import read_tones
from threadline.model import Comment, Corpus, Thread

LABELS_FILE = Path(__file__).parent / "data" / "joke_labels.tsv"

# Written for these tests.
JOKES = [
    "I'm on a seafood diet: I see food and I eat it.",
    "Instructions unclear, now stuck in the dishwasher.",
    "Plot twist: the printer was the manager all along.",
    "Ah yes, the famous five-minute meeting that lasts three hours.",
    "Step one: buy a boat. Step two: regret buying a boat.",
]
PLAIN = [
    "I switched to the newer driver and the crash went away.",
    "Can you share the link to the full report?",
    "The bridge was closed for repairs last year.",
    "I disagree, the data show the opposite trend.",
    "Thanks for posting the source.",
]


def _probabilities(texts: list[str]) -> np.ndarray:
    return get_joke_model().probabilities(get_embedder("quality").embed(texts), score_emotions(texts))


def test_the_model_reads_a_quality_vector_and_the_emotions() -> None:
    model = get_joke_model()
    assert model.weights.shape == (get_embedder("quality").dim + len(LABELS),)
    assert 0.5 < model.threshold < 1.0
    fast = get_embedder("fast").embed(PLAIN)
    with pytest.raises(ValueError, match="quality embedder"):
        model.probabilities(fast, score_emotions(PLAIN))


def test_jokes_score_above_plain_remarks() -> None:
    joke, plain = _probabilities(JOKES), _probabilities(PLAIN)
    assert joke.mean() > plain.mean() + 0.2, (joke, plain)
    assert (joke[:, None] > plain[None, :]).mean() >= 0.8  # pairwise: nearly every joke above every remark


def _thread(comments: list[Comment]) -> Corpus:
    from threadline.analyze.clean import clean

    return clean(Thread(source="test", title="Office life", comments=comments))


def test_a_digest_reads_jokes_only_where_people_reply(monkeypatch: pytest.MonkeyPatch) -> None:
    """Statements without a conversation (Polis, tables) read terse to the model and are left to the other
    evidence; in a conversation a comment the model flags is humour, with the signal ``joke``, though not a
    joke the themes are grouped by."""
    lenient = dataclasses.replace(JokeModel.load(), threshold=0.5)
    monkeypatch.setattr(jokes, "get_joke_model", lambda: lenient)
    joke = "Instructions unclear, now stuck in the dishwasher."
    talk = [
        Comment("q", None, "a", "How do I reset the dishwasher after an error code?"),
        Comment("j", "q", "b", joke),
    ]
    corpus = _thread(talk)
    vectors = get_embedder("quality").embed(corpus.texts)
    reading = read_tones(corpus, stances=thread_stances(corpus), vectors=vectors)
    assert reading.shown[corpus.ids.index("j")]["humour"].signals == {"joke"}
    # a joke only the model sees counts in the tone's share, but neither groups nor titles the themes
    assert not reading.joking()[corpus.ids.index("j")]
    flat = _thread([dataclasses.replace(c, parent_id=None) for c in talk])
    shown = read_tones(flat, vectors=get_embedder("quality").embed(flat.texts)).shown
    assert "humour" not in shown[flat.ids.index("j")]
    # without the vectors (a fast run) the model is not read at all
    shown = read_tones(corpus, stances=thread_stances(corpus)).shown
    assert "humour" not in shown[corpus.ids.index("j")]


def _labels() -> list[dict[str, str]]:
    with LABELS_FILE.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def _goemotions(shared_data: Path, split: str) -> dict[str, str]:
    lines = (shared_data / "goemotions" / f"{split}.tsv").read_text(encoding="utf-8").splitlines()
    return {comment_id: text for text, _, comment_id in (line.split("\t") for line in lines)}


def test_labels_name_real_goemotions_comments_once(shared_data) -> None:
    rows = _labels()
    assert len(rows) == len({r["id"] for r in rows}) >= 4000
    assert {r["label"] for r in rows} <= set("JSLN?")
    for split in ("train", "dev"):
        ids = {r["id"] for r in rows if r["split"] == split}
        assert ids and ids <= _goemotions(shared_data, split).keys(), split
    jokes_share = sum(r["label"] == "J" for r in rows) / len(rows)
    assert 0.1 < jokes_share < 0.4


def test_dev_labels_never_trained_on_rank_jokes_first(shared_data) -> None:
    """tools/train_jokes.py learns from the train labels only. Measured on the 498 dev comments: ROC AUC
    0.746; at the threshold, precision 0.37 and recall 0.10 (jokes are 21% of them)."""
    from sklearn.metrics import roc_auc_score

    texts = _goemotions(shared_data, "dev")
    rows = [r for r in _labels() if r["split"] == "dev" and r["label"] != "?"]
    probabilities = _probabilities([texts[r["id"]] for r in rows])
    assert roc_auc_score([r["label"] == "J" for r in rows], probabilities) >= 0.70
