"""The post's closing paragraph: what the conversation adds up to — its leading tone and which way it leans,
whether it agrees or argues and over what, what is left open — and how much of it the strands named hold."""

from __future__ import annotations

from collections import Counter

from ..model import Theme
from .agreement_paragraph import MIN_REPLIES, is_split
from .compose import Context, Items, bold, ends, listed
from .facts import coverage, has_replies, split_reception
from .phrasing import count_noun, percent
from .places import contrast_sentence
from .tone_paragraph import notable_tones, sentiment_lean, tone_name

__all__ = ["conclusion_sentences"]

ARGUED_NAMED = 2  # the themes the pushback gathers around: the two most challenged
REAL_SPLIT = 5  # a divisive statement splits the thread "on real points" from this many votes or replies on
MAJORITY = 0.5  # a sentiment is "mostly" the thread's only beyond this share
THEMES_CITED = 3  # the closing sentences cite the key points of the first themes they sum up

# The leading tone as the closing paragraph opens with it: "In sum, the jokes lead: …".
_LEADS = {
    "humour": "the jokes lead",
    "dark_humour": "gallows humour leads",
    "cynicism": "scepticism and cynicism lead",
    "anger": "anger and outrage lead",
    "worry": "worry and fear lead",
    "grief": "sadness and grief lead",
    "gratitude": "thanks and praise lead",
    "excitement": "excitement leads",
    "curiosity": "questions asked out of curiosity lead",
}


def _lean(ctx: Context) -> str:
    sent = ctx.analysis.tone.sentiment if ctx.analysis.tone else {}
    neg, pos = sent.get("negative", 0.0), sent.get("positive", 0.0)
    lean = sentiment_lean(sent)
    # "mostly" only for a majority; a plurality is "more negative than positive"
    if lean == "negative":
        return "a mostly negative" if neg > MAJORITY else "a more negative than positive"
    if lean == "positive":
        return "a mostly positive" if pos > MAJORITY else "a more positive than negative"
    return "a matter-of-fact" if lean == "neutral" else "a mixed"


def _verdict(ctx: Context) -> str:
    """Whether the thread agrees or argues: over the post itself, on real points, or reply by reply."""
    a = ctx.analysis
    if split_reception(a):
        return "that is divided over the post itself"
    if any(is_split(p) and p.agree + p.disagree >= REAL_SPLIT for p in a.divisive):
        return "that splits on real points"
    if not has_replies(ctx.thread):
        return ""  # without replies (Polis, a flat table) nothing says whether it agrees or argues
    sides = Counter(a.stances.values())  # every reply's stance: does the thread agree or argue?
    if sides["disagree"] > sides["agree"]:
        return "that argues more than it agrees"
    if sides["agree"] > sides["disagree"]:
        return "whose replies agree more often than they argue"
    return "with as much agreement as argument in its replies"


def conclusion_sentences(ctx: Context, shown: list[Theme], named: set[str] | None = None) -> Items:
    """What the conversation adds up to: its mood, whether it agrees or argues and over what, what is open."""
    a = ctx.analysis
    if not shown:
        return []
    tags = notable_tones(a)
    lean = _lean(ctx)
    if tags and tags[0].name in _LEADS:
        # the leading tone is what a reader remembers first; the sentiment then says which way it leans
        second = f", with {tone_name(tags[1].name)} close behind" if len(tags) > 1 else ""
        opening = f"In sum, {_LEADS[tags[0].name]}{second}: {lean} conversation"
    else:
        opening = f"In sum, this is {lean} conversation"
    # the themes people argue over: where replies push back in substance (a counterpoint) or often
    argued = [t for t in shown if t.counterpoint or t.stance.get("disagree", 0) >= MIN_REPLIES]
    argued = sorted(argued, key=lambda t: (-t.stance.get("challenges", 0), -t.share, t.id))[:ARGUED_NAMED]
    verdict = _verdict(ctx)
    line = opening + (f" {verdict}" if verdict else "")
    ids = [t.key_point_id for t in shown[:ARGUED_NAMED]]
    if argued:
        line += f"; the pushback gathers around {listed([bold(t) for t in argued])}"
        ids = [t.key_point_id for t in argued]
    open_qs = [q for q in a.questions if not q.answered]
    if open_qs and has_replies(ctx.thread):
        n = len(open_qs)
        line += f", and {count_noun(n, 'question')} {'is' if n == 1 else 'are'} left without an answer"
    items: Items = [(ends(line), ids)]
    named = named if named is not None else {t.id for t in shown}
    contrast = contrast_sentence(ctx, [t for t in shown if t.id in named])
    if contrast:
        items.append(contrast)
    reach = percent(coverage(a, named))
    items.append(
        (
            f"The strands named here hold {reach} of the {ctx.nouns[0]}s.",
            [t.key_point_id for t in shown[:THEMES_CITED]],
        )
    )
    return items
