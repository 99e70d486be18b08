"""The ``post`` style: the article in brief, the link, then what people say, written as connected prose.

Each paragraph is written by its own module, in the order a reader meets them: the lede and the mood
(``lede``, ``tone_paragraph``), a paragraph per major theme and a line for the smaller ones
(``themes_paragraph``), the questions (``questions_paragraph``), agreement, division and the phrases that
stuck (``agreement_paragraph``), time (``time_paragraph``), and the close (``conclusion``). A thread too
small to have strands is told comment by comment instead (``one_by_one``).
"""

from __future__ import annotations

import re

from ..model import Analysis, DigestText, Theme, Thread
from ..sources.combine import place_name
from .agreement_paragraph import agreement_sentences, phrase_sentences
from .compose import Builder, Context, Items, bold
from .conclusion import conclusion_sentences
from .facts import coverage, few_comments, major_themes
from .lede import article_block, lede_sentences
from .one_by_one import conversation_sentences, tone_count_sentence
from .questions_paragraph import question_sentences
from .themes_paragraph import minor_sentences, theme_sentences
from .time_paragraph import time_sentences
from .tone_paragraph import tone_sentences

__all__ = ["write_post"]


def write_post(analysis: Analysis, thread: Thread) -> DigestText:
    """The digest as connected prose, in the shape of a newsletter's "what people are saying" post."""
    ctx = Context(analysis, thread)
    b = Builder()
    article_block(b, ctx)
    if few_comments(analysis):
        return _write_one_by_one(b, ctx)
    once = _PlacesOnce(ctx)
    b.paragraph(once(lede_sentences(ctx) + tone_sentences(ctx)))
    shown: list[Theme] = []
    for theme in major_themes(analysis):
        # a theme nobody can be quoted on gets no paragraph of its own, only a mention among the smaller
        paragraph = theme_sentences(ctx, theme, len(shown))
        if paragraph:
            b.paragraph(once(paragraph))
            shown.append(theme)
    b.paragraph(once(minor_sentences(ctx, shown)))
    b.paragraph(once(question_sentences(ctx)))
    b.paragraph(once(agreement_sentences(ctx) + phrase_sentences(ctx)))
    b.paragraph(once(time_sentences(ctx)))
    # coverage is of every strand the digest names, as the verifier counts it, not only those with paragraphs
    written = " ".join(x.text for x in b.sentences).lower()  # a title opening a sentence is capitalized
    named = {t.id for t in analysis.themes if bold(t).lower() in written}
    b.paragraph(once(conclusion_sentences(ctx, shown, named)))
    return b.build("post", coverage=coverage(analysis, named))


class _PlacesOnce:
    """With several sources each quote says where it was said ("…” on Hacker News"); within a paragraph a
    place is said again only after a quote from another place, as a reader keeps track of it."""

    def __init__(self, ctx: Context):
        parts = ctx.thread.parts
        # the longest first: "on r/news (the second thread)" before "on r/news"
        names = sorted({place_name(p, parts) for p in parts}, key=len, reverse=True)
        self.pattern = re.compile("”( (?:" + "|".join(map(re.escape, names)) + "))") if names else None

    def __call__(self, items: Items) -> Items:
        if self.pattern is None:
            return items
        said: list[str | None] = [None]

        def keep_new(m: re.Match[str]) -> str:
            if m.group(1) == said[0]:
                return "”"
            said[0] = m.group(1)
            return m.group(0)

        return [(self.pattern.sub(keep_new, text), ids) for text, ids in items]


def _write_one_by_one(b: Builder, ctx: Context) -> DigestText:
    """A thread too small to have strands: its size and tone, each comment in turn, what the votes or
    scores single out and the phrases it repeats; no strands, shares of strands or summing up."""
    tone = tone_count_sentence(ctx)
    b.paragraph(lede_sentences(ctx) + ([(tone, [])] if tone else []))
    for paragraph in conversation_sentences(ctx):
        b.paragraph(paragraph)
    b.paragraph(agreement_sentences(ctx) + phrase_sentences(ctx))
    told = len(ctx.quoted) / ctx.analysis.stats.analyzed
    return b.build("post", coverage=told)
