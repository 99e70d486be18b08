"""Tone: corrected VADER sentiment, named tones on clear text, and the tone of real threads."""

from __future__ import annotations

import pytest

from analysis_threads import corpus_of, hn_thread, reddit_thread, subtree_themes
from conftest import SHARED_DATA
from threadline.analyze.tone import TONE_NAMES, analyze_tone, comment_tones, vader_compound


def test_vader_corrections() -> None:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    raw = SentimentIntensityAnalyzer()
    disgrace, sarcastic = "Absolutely disgraceful.", "Oh great, another outage. Just what we needed."
    assert raw.polarity_scores(disgrace)["compound"] == 0.0  # what the correction is for
    assert raw.polarity_scores(sarcastic)["compound"] > 0.5
    assert vader_compound(disgrace) < -0.3
    assert vader_compound(sarcastic) < 0
    assert vader_compound("What a lovely, helpful answer, thank you!") > 0.5


@pytest.mark.parametrize(
    ("text", "tone"),
    [
        ("This is absolutely disgraceful, they should be ashamed.", "anger"),
        ("I'm genuinely worried this could lead to a wider war.", "worry"),
        ("So sorry for your loss. My heart goes out to the family.", "grief"),
        ("Hopefully the talks bring a step in the right direction.", "hope"),
        ("Of course they did. Nothing will change, follow the money.", "cynicism"),
        ("Free one-way ticket to the meat grinder lol", "dark_humour"),
        ("Oh great, another brilliant plan from the geniuses upstairs /s", "sarcasm"),
        ("Yeah, best decision ever \U0001f644", "sarcasm"),
    ],
)
def test_named_tones_on_clear_text(text: str, tone: str) -> None:
    assert tone in comment_tones(text, vader_compound(text))


def test_no_tone_in_plain_text() -> None:
    text = "The update ships on Tuesday and needs Python 3.11 or newer."
    assert comment_tones(text, vader_compound(text)) == {}
    assert "worry" not in comment_tones("Don't worry, it installs fine.", 0.3)


def test_thread_tone_reports_only_comments_that_show_it() -> None:
    corpus = corpus_of(reddit_thread(SHARED_DATA / "reddit" / "announcements__fo7p5b.json"))
    themes = subtree_themes(corpus)
    tone = analyze_tone(corpus, themes)
    assert sum(tone.sentiment.values()) == pytest.approx(1.0)
    assert tone.sentiment["positive"] > tone.sentiment["negative"]  # a welcomed feature launch
    text = dict(zip(corpus.ids, corpus.texts, strict=True))
    names = {t.name for t in tone.tags}
    assert names <= set(TONE_NAMES) and {"sarcasm", "anger", "hope"} <= names
    for tag in tone.tags:
        assert tag.comment_ids and tag.share == pytest.approx(len(tag.comment_ids) / len(corpus.comments))
        for cid in tag.comment_ids:
            assert tag.name in comment_tones(text[cid], vader_compound(text[cid]))
    sarcasm = next(t for t in tone.tags if t.name == "sarcasm")
    assert any("trying to assist a user /s" in text[c] for c in sarcasm.comment_ids)


def test_theme_tone_is_measured_on_the_themes_own_comments() -> None:
    corpus = corpus_of(hn_thread(SHARED_DATA / "hackernews" / "item_49220339.json"))
    themes = subtree_themes(corpus)
    thread_tone = analyze_tone(corpus, themes)
    assert thread_tone.sentiment["negative"] > thread_tone.sentiment["positive"]  # deaths by suicide
    for theme in themes:
        assert theme.tone is not None
        assert sum(theme.tone.sentiment.values()) == pytest.approx(1.0)
        members = set(theme.comment_ids)
        for tag in theme.tone.tags:
            assert set(tag.comment_ids) <= members
            assert tag.share == pytest.approx(len(tag.comment_ids) / len(theme.comment_ids))
