"""Analysis: from a cleaned ``Corpus`` to an ``Analysis`` (themes, tone, questions, stance, ...).

Each step lives in its own module with one main function; this module only runs them in order and hands
each what it needs.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import Analysis, Corpus, Stats, people


def corpus_stats(corpus: Corpus) -> Stats:
    return Stats(
        comments=corpus.thread.seen_comments,
        commenters=people(corpus.comments),
        analyzed=len(corpus.comments),
        excluded=dict(corpus.excluded),
        unattributed=sum(1 for c in corpus.comments if not c.author),
    )


def analyze(
    corpus: Corpus,
    *,
    embedder: str = "quality",
    seed: int = 0,
    progress: Callable[[str, float], None] | None = None,
) -> Analysis:
    """Run every analysis step on a cleaned corpus."""
    from .consensus import find_consensus, reception
    from .embed import get_embedder
    from .emotions import emotion_models, score_emotions
    from .phrases import find_phrases
    from .places import shared_clock, split_by_source
    from .questions import find_questions
    from .stance import DEFAULT_MODEL, thread_stances
    from .summary import summarize_article
    from .themes import find_themes
    from .timeline import build_timeline
    from .tone import analyze_tone, read_tones

    report = progress or (lambda stage, done: None)
    stats = corpus_stats(corpus)
    report("embed", 0.15)
    vectors = get_embedder(embedder).embed(corpus.texts)
    report("stance", 0.4)
    # the default reading's model reads the quality embedder's vectors, which a fast run (a huge thread) has
    # not computed: there the rules read alone
    stances = thread_stances(corpus, model=DEFAULT_MODEL if embedder == "quality" else "rules")
    report("tone", 0.45)
    # the emotion model goes with the embedder (``fast`` for very large threads), scored once per comment
    emotion_model = embedder if embedder in emotion_models.names() else "quality"
    # read before the themes: a theme most of whose comments joke is titled as jokes; the joke model reads
    # the quality embedder's vectors, so a fast run reads jokes from emotions, cues and laughter alone
    scores = score_emotions(corpus.texts, emotion_model)
    reading = read_tones(corpus, scores, stances, vectors=vectors if embedder == "quality" else None)
    report("themes", 0.6)
    themes = find_themes(corpus, vectors, seed=seed, joking=reading.joking())
    tone = analyze_tone(corpus, themes, reading=reading)
    report("questions", 0.75)
    questions = find_questions(corpus, vectors, stances)
    report("consensus", 0.8)
    consensus, divisive = find_consensus(corpus, themes, stances)
    # the post's reception is one post's: several discussions have several posts, read in their own digests
    received = None if corpus.thread.parts else reception(corpus.thread)
    report("phrases", 0.85)
    phrases = find_phrases(corpus)
    timeline = build_timeline(corpus, themes) if shared_clock(corpus.thread) else None
    summary = summarize_article(corpus.thread)
    analysis = Analysis(
        stats=stats,
        themes=themes,
        tone=tone,
        questions=questions,
        stances=stances,
        consensus=consensus,
        divisive=divisive,
        phrases=phrases,
        timeline=timeline,
        article_summary=summary,
        reception=received,
    )
    split_by_source(corpus, analysis)
    return analysis
