"""Tone: VADER sentiment, named tones from emotions, cues and replies, and the tone of real threads."""

from __future__ import annotations

import json
import sys

import pytest

from analysis_threads import corpus_of, hn_thread, reddit_thread, subtree_themes
from conftest import ROOT, SHARED_DATA
from threadline.analyze import emotions as emotions_module
from threadline.analyze.emotions import score_emotions
from threadline.analyze.stance import thread_stances
from threadline.analyze.tone import SALIENCE, TONE_NAMES, analyze_tone, vader_compound
from threadline.model import TONE_WORDS, Article, Comment, Corpus, Thread


def test_vader_corrections() -> None:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    raw = SentimentIntensityAnalyzer()
    disgrace, sarcastic = "Absolutely disgraceful.", "Oh great, another outage. Just what we needed."
    assert raw.polarity_scores(disgrace)["compound"] == 0.0  # what the correction is for
    assert raw.polarity_scores(sarcastic)["compound"] > 0.5
    assert vader_compound(disgrace) < -0.3
    assert vader_compound(sarcastic) < 0
    assert vader_compound("What a lovely, helpful answer, thank you!") > 0.5


def _corpus(comments: list[Comment], title: str = "A thread", article: str | None = None) -> Corpus:
    thread = Thread(
        source="table", comments=comments, title=title, article=Article(text=article) if article else None
    )
    kept = [c for c in comments if any(ch.isalnum() for ch in c.text)]  # "😂" alone is left out, as by clean
    return Corpus(thread=thread, comments=kept, texts=[c.text for c in kept], excluded={})


def _tags(corpus: Corpus) -> dict[str, list[str]]:
    tone = analyze_tone(corpus, [], stances=thread_stances(corpus))
    return {t.name: t.comment_ids for t in tone.tags}


@pytest.mark.parametrize(
    ("text", "tone"),
    [
        ("This is absolutely disgraceful, they should be ashamed.", "anger"),
        ("I'm genuinely worried this could lead to a wider war.", "worry"),
        ("This will put the small cafes out of business.", "worry"),
        ("It will cost young people their jobs.", "worry"),
        ("I fucking love the internet!", "excitement"),
        ("So sorry for your loss. My heart goes out to the family.", "grief"),
        ("Of course they did. Nothing will change, follow the money.", "cynicism"),
        ("Oh great, another brilliant plan from the geniuses upstairs /s", "cynicism"),
        ("Yeah, best decision ever \U0001f644", "cynicism"),
        ("lol that's hilarious", "humour"),
        ("Free one-way ticket to the meat grinder lol", "dark_humour"),
        ("Thank you so much, this fixed it!", "gratitude"),
        ("I'm so excited for this, can't wait!!", "excitement"),
        ("How does the import system decide which file to load?", "curiosity"),
    ],
)
def test_named_tones_on_clear_text(text: str, tone: str) -> None:
    assert tone in TONE_NAMES and set(SALIENCE) == set(TONE_NAMES) == set(TONE_WORDS)
    assert "c1" in _tags(_corpus([Comment("c1", None, "a", text)])).get(tone, [])


@pytest.mark.parametrize(
    "text",
    [
        "The update ships on Tuesday and needs Python 3.11 or newer.",
        "The door will close behind you once the meeting starts.",
        "He lost his job in 2019 and started the company a year later.",
    ],
)
def test_no_tone_in_plain_text(text: str) -> None:
    assert _tags(_corpus([Comment("c1", None, "a", text)])) == {}


def test_a_deadpan_joke_is_known_by_the_laughter_it_draws() -> None:
    joke = "Glassdoor review, one star: management very hands-on."
    comments = [
        Comment("j", None, "a", joke),
        Comment("r1", "j", "b", "\U0001f602"),  # emoji alone: left out of the analysis, still a laugh
        Comment("r2", "j", "c", "lmao"),
        Comment("p", None, "d", joke.replace("Glassdoor", "Yelp")),  # the same words, nobody laughing
    ]
    corpus = _corpus(comments, title="Office reviews")
    tone = analyze_tone(corpus, [], stances=thread_stances(corpus))
    humour = next(t for t in tone.tags if t.name == "humour")
    assert "j" in humour.comment_ids and "p" not in humour.comment_ids
    assert humour.signals["replies"] == 1
    # the same joke under a story about deaths is dark humour
    grim = _corpus(comments, title="Troops killed at the front", article="Thousands have died in the war.")
    assert "j" in _tags(grim)["dark_humour"]


@pytest.mark.parametrize(
    "answer",
    ["Ba dum tss", "I see what you did there", "Ah, the old reddit switcheroo.", "Too soon.", "I wheezed"],
)
def test_a_joke_is_known_by_what_people_answer_it_with(answer: str) -> None:
    from threadline.analyze.tone import laughs

    assert laughs(answer)
    pun = "He didn't miss a beat."
    corpus = _corpus([Comment("j", None, "a", pun), Comment("r", "j", "b", answer)], title="Drummer kid")
    tags = _tags(corpus)
    assert "j" in tags.get("humour", []) + tags.get("dark_humour", [])
    assert not laughs("In case anyone is interested, this drum action is called a rimshot.")


def test_emotions_are_scored_once_per_comment(monkeypatch: pytest.MonkeyPatch) -> None:
    import threadline

    calls: list[int] = []
    real = emotions_module.score_emotions

    def counting(texts, model="quality"):
        calls.append(len(texts))
        return real(texts, model)

    monkeypatch.setattr(emotions_module, "score_emotions", counting)
    digest = threadline.digest(str(SHARED_DATA / "reddit" / "Python__2xmo63.json"))
    assert calls == [digest.analysis.stats.analyzed]


def test_thread_tone_reports_only_comments_that_show_it() -> None:
    corpus = corpus_of(reddit_thread(SHARED_DATA / "reddit" / "announcements__fo7p5b.json"))
    themes = subtree_themes(corpus)
    scores = score_emotions(corpus.texts)
    tone = analyze_tone(corpus, themes, scores, thread_stances(corpus))
    assert sum(tone.sentiment.values()) == pytest.approx(1.0)
    assert tone.sentiment["positive"] > tone.sentiment["negative"]  # a welcomed feature launch
    assert tone.emotions["neutral"] > 0.5 and set(tone.emotions) <= set(scores.labels)
    text = dict(zip(corpus.ids, corpus.texts, strict=True))
    names = [t.name for t in tone.tags]
    assert set(names) <= set(TONE_NAMES) and {"cynicism", "anger", "humour", "gratitude"} <= set(names)
    assert [t.salience for t in tone.tags] == sorted((t.salience for t in tone.tags), reverse=True)
    for tag in tone.tags:
        assert tag.comment_ids and tag.share == pytest.approx(len(tag.comment_ids) / len(corpus.comments))
        assert tag.salience == pytest.approx(tag.share * SALIENCE[tag.name])
        assert sum(tag.signals.values()) >= len(tag.comment_ids) and set(tag.signals) <= {
            "emotion",
            "cues",
            "replies",
            "riff",
        }
    cynicism = next(t for t in tone.tags if t.name == "cynicism")
    assert any("trying to assist a user /s" in text[c] for c in cynicism.comment_ids)


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
    # every thread-level tag is the union of the themes' (each comment's tone is read once)
    for tag in thread_tone.tags:
        in_themes = {
            c for t in themes if t.tone for x in t.tone.tags if x.name == tag.name for c in x.comment_ids
        }
        assert in_themes <= set(tag.comment_ids)


def test_the_tone_readers_name_first_is_the_digests() -> None:
    """Against the readers' tones (``benchmarks/tones_reader.py``): 6 of 10 dominant tones named first and
    15 of 28 of the readers' top tones among the digest's three when this was written; 7 of 12 and 19 of 34
    with two held-out threads; 8 of 14 and 23 of 40 with two more, once harm foreseen counted as worry; 15
    of 20 and 30-31 of 56 over all twenty references once the joke model read deadpan jokes (14 and 30 before:
    r/AskReddit's jokes and the Roswell thread's now lead, r/announcements' jokes outweigh its scorn)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import tones_reader  # type: ignore[import-not-found]

    paths = sorted((ROOT / "benchmarks" / "reader_themes").glob("*.json"))
    assert len(paths) >= 10 and all(json.loads(p.read_text())["tones"] for p in paths)
    rows = [tones_reader.score(p) for p in paths]
    dominant = sum(r["dominant"] for r in rows)
    top, wanted = sum(r["top"] for r in rows), sum(r["wanted"] for r in rows)
    assert dominant >= 14, dominant
    assert top >= 29, f"{top} of {wanted}"
    by_name = {p.stem: r for p, r in zip(paths, rows, strict=True)}
    # jokes, cynicism, jokes, jokes, praise, praise
    for stem in (
        "funny__3hahrw",
        "demo",
        "AskReddit__6wmniq",
        "pics__fjn0j9",
        "Python__2xmo63",
        "LifeProTips__441hsf",
    ):
        assert by_name[stem]["dominant"], stem
