"""Analysis: from a cleaned ``Corpus`` to an ``Analysis`` (themes, tone, questions, stance, ...).

Each step lives in its own module with one main function; this module only runs them in order and hands
each what it needs.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import Analysis, Corpus, Stats


def corpus_stats(corpus: Corpus) -> Stats:
    authors = {c.author or f"anon:{c.id}" for c in corpus.comments}
    return Stats(
        comments=corpus.thread.seen_comments,
        commenters=len(authors),
        analyzed=len(corpus.comments),
        excluded=dict(corpus.excluded),
    )


def analyze(
    corpus: Corpus,
    *,
    embedder: str = "quality",
    seed: int = 0,
    progress: Callable[[str, float], None] | None = None,
) -> Analysis:
    """Run every analysis step on a cleaned corpus."""
    from .consensus import find_consensus
    from .embed import get_embedder
    from .phrases import find_phrases
    from .questions import find_questions
    from .stance import thread_stances
    from .summary import summarize_article
    from .themes import find_themes
    from .timeline import build_timeline
    from .tone import analyze_tone

    report = progress or (lambda stage, done: None)
    stats = corpus_stats(corpus)
    report("embed", 0.15)
    vectors = get_embedder(embedder).embed(corpus.texts)
    report("themes", 0.5)
    themes = find_themes(corpus, vectors, seed=seed)
    report("stance", 0.65)
    stances = thread_stances(corpus, embedder=embedder)
    report("tone", 0.7)
    tone = analyze_tone(corpus, themes)
    report("questions", 0.75)
    questions = find_questions(corpus, vectors, stances)
    report("consensus", 0.8)
    consensus, divisive = find_consensus(corpus, themes, stances)
    report("phrases", 0.85)
    phrases = find_phrases(corpus)
    timeline = build_timeline(corpus, themes)
    summary = summarize_article(corpus.thread)
    return Analysis(
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
    )
