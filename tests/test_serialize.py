"""Model objects survive the trip to JSON and back (the web app stores threads and analyses this way)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import HN_FILES, POLIS_DIRS, REDDIT_FILES
from threadline.errors import InputError
from threadline.model import (
    Analysis,
    Article,
    Checks,
    Comment,
    DigestText,
    Phrase,
    Position,
    Question,
    Quote,
    Reception,
    Sentence,
    Stats,
    Theme,
    Thread,
    Timeline,
    Tone,
    ToneTag,
    Votes,
)
from threadline.serialize import dumps, from_data, loads, to_data
from threadline.sources import load


@pytest.mark.parametrize("path", REDDIT_FILES + HN_FILES + POLIS_DIRS[:2], ids=lambda p: Path(p).name)
def test_real_threads_round_trip(path: Path) -> None:
    thread = load(str(path))
    again = loads(Thread, dumps(thread))
    assert again == thread
    assert [c.id for c in again.roots()] == [c.id for c in thread.roots()]  # the tree still reads


def full_analysis() -> Analysis:
    tone = Tone(
        sentiment={"positive": 0.25, "negative": 0.5, "neutral": 0.25}, tags=[ToneTag("anger", 0.5, ["a"])]
    )
    theme = Theme(
        id="t1",
        title="Cost",
        key_point="It costs too much.",
        key_point_id="a",
        comment_ids=["a", "b"],
        share=0.5,
        commenter_share=0.5,
        score_share=None,
        quotes=[Quote("a", "It costs too much.")],
        tone=tone,
        keywords=["cost"],
        counterpoint=Quote("b", "No it doesn't."),
        stance={"agree": 1},
    )
    return Analysis(
        stats=Stats(comments=4, commenters=3, analyzed=4, excluded={"deleted": 1}),
        themes=[theme],
        tone=tone,
        questions=[Question("Why?", ["c"], answered=True, answer_ids=["d"])],
        stances={"b": "disagree"},
        consensus=[Position("a", "It costs too much.", 3, 1, "votes")],
        divisive=[],
        phrases=[Phrase("too much", 2, ["a", "b"])],
        timeline=Timeline(bins=[(1600000000.0, 3), (1600003600.0, 1)], theme_shift=[{"theme_id": "t1"}]),
        article_summary=["One sentence."],
        reception=Reception(welcoming=["a", "c"], objecting=["b"], subject=["cost"]),
        extra={"seconds": 1.5},
    )


def test_analysis_round_trips_with_every_field() -> None:
    analysis = full_analysis()
    again = loads(Analysis, dumps(analysis))
    assert again == analysis
    assert isinstance(again.timeline.bins[0], tuple)  # tuples come back as tuples, not lists
    assert isinstance(again.themes[0].counterpoint, Quote)
    assert isinstance(again.reception, Reception) and again.reception.welcoming == ["a", "c"]


def test_an_analysis_stored_before_reception_was_a_field_still_loads() -> None:
    """The web app's stored analyses kept the post's reception in ``extra``, where a writer had cached it."""
    data = to_data(full_analysis())
    del data["reception"]
    data["extra"]["reception"] = {"for": ["a", "c"], "against": ["b"], "subject": ["cost"]}
    again = from_data(Analysis, data)
    assert again.reception == Reception(welcoming=["a", "c"], objecting=["b"], subject=["cost"])
    assert "reception" not in again.extra and again == full_analysis()
    data["extra"]["reception"] = None  # a post without a reception: nothing to carry over
    assert from_data(Analysis, data).reception is None


def test_text_checks_and_nested_optionals() -> None:
    text = DigestText("post", "template", [Sentence("A “quote”.", ["a"])], "A “quote”.", extra={"n": 1})
    assert loads(DigestText, dumps(text)) == text
    checks = Checks(True, False, ["number 41 not found"])
    assert loads(Checks, dumps(checks)) == checks
    c = Comment("1", None, None, "hi", votes=Votes(agree=2), extra={"k": [1, 2]})
    t = Thread("table", [c], article=Article(text="body", url="https://example.com"))
    back = loads(Thread, dumps(t))
    assert back.comments[0].votes == Votes(agree=2) and back.article == t.article


def test_numpy_values_become_plain_numbers() -> None:
    np = pytest.importorskip("numpy")
    data = to_data(Stats(comments=np.int64(3), commenters=1, analyzed=1, excluded={"x": np.float32(0.5)}))
    assert json.dumps(data) == (
        '{"comments": 3, "commenters": 1, "analyzed": 1, "excluded": {"x": 0.5}, "unattributed": 0}'
    )


def test_bad_stored_data_raises_input_error() -> None:
    with pytest.raises(InputError, match="stored Thread"):
        loads(Thread, "{not json")
    with pytest.raises(InputError, match="stored Stats"):
        from_data(Stats, {"comments": 1})
    with pytest.raises(InputError, match="expected an object"):
        from_data(Stats, [1, 2])
