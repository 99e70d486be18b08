"""Timeline: bins over real comment times and theme shares early vs late."""

from __future__ import annotations

import pytest

from analysis_threads import corpus_of, hn_thread, polis_thread, subtree_themes
from conftest import SHARED_DATA
from threadline.analyze.timeline import MAX_BINS, build_timeline
from threadline.model import Comment, Corpus, Theme, Thread


def _check_bins(timeline, corpus) -> None:
    starts = [b[0] for b in timeline.bins]
    widths = {round(b - a, 3) for a, b in zip(starts, starts[1:], strict=False)}
    assert len(widths) <= 1 and 2 <= len(timeline.bins) <= MAX_BINS
    assert sum(n for _, n in timeline.bins) == sum(c.time is not None for c in corpus.comments)
    times = [c.time for c in corpus.comments if c.time is not None]
    assert starts[0] <= min(times) and max(times) < starts[-1] + widths.pop()


def test_hn_thread_timeline() -> None:
    corpus = corpus_of(hn_thread(SHARED_DATA / "hackernews" / "item_49220339.json"))
    themes = subtree_themes(corpus)
    timeline = build_timeline(corpus, themes)
    assert timeline is not None
    _check_bins(timeline, corpus)
    assert [s["theme_id"] for s in timeline.theme_shift] == [t.id for t in themes]
    for shift in timeline.theme_shift:
        assert 0 <= shift["early_share"] <= 1 and 0 <= shift["late_share"] <= 1
    # the biggest subtree starts early: the first top-level comment drew most of the early replies
    first = timeline.theme_shift[0]
    assert first["early_share"] > 0.3


def test_polis_timeline_spans_days() -> None:
    corpus = corpus_of(polis_thread(SHARED_DATA / "polis" / "brexit-consensus"))
    timeline = build_timeline(corpus, [])
    assert timeline is not None and timeline.theme_shift == []
    _check_bins(timeline, corpus)


def test_complementary_themes_share_sums_to_one() -> None:
    comments = [
        Comment(id=str(i), parent_id=None, author=f"u{i}", text="x", time=1000.0 + 60 * i) for i in range(12)
    ]
    corpus = Corpus(
        thread=Thread(source="table", comments=comments), comments=comments, texts=["x"] * 12, excluded={}
    )
    early = Theme(
        id="early",
        title="",
        key_point="",
        key_point_id="0",
        comment_ids=[str(i) for i in range(6)],
        share=0.5,
        commenter_share=0.5,
        score_share=None,
        quotes=[],
    )
    late = Theme(
        id="late",
        title="",
        key_point="",
        key_point_id="6",
        comment_ids=[str(i) for i in range(6, 12)],
        share=0.5,
        commenter_share=0.5,
        score_share=None,
        quotes=[],
    )
    timeline = build_timeline(corpus, [early, late])
    assert timeline is not None
    shift = {s["theme_id"]: s for s in timeline.theme_shift}
    assert shift["early"]["early_share"] == 1.0 and shift["early"]["late_share"] == 0.0
    assert shift["late"]["late_share"] == 1.0
    assert sum(s["early_share"] for s in shift.values()) == pytest.approx(1.0)


def test_no_times_no_timeline() -> None:
    comments = [
        Comment(id="1", parent_id=None, author="a", text="hi"),
        Comment(id="2", parent_id=None, author="b", text="yo"),
    ]
    corpus = Corpus(
        thread=Thread(source="table", comments=comments), comments=comments, texts=["hi", "yo"], excluded={}
    )
    assert build_timeline(corpus, []) is None
