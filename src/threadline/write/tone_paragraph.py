"""The post's mood, opening its account of the thread: which way the sentiment leans, then the leading tone in
a reader's words with an example, then the other tones that matter, told as counts.

What counts as a tone worth naming and which way a reaction leans is decided here once; the closing
paragraph (``conclusion``) and the report read it from here.
"""

from __future__ import annotations

from ..model import TONE_WORDS, Analysis, Tone, ToneTag
from .compose import Context, Items, capitalize, ends, listed
from .phrasing import count, count_noun, percent, share_words

__all__ = [
    "TONE_NAMES",
    "tone_name",
    "notable_tones",
    "named_tones",
    "sentiment_lean",
    "tone_sentences",
    "tone_counts_sentence",
    "MIN_TONE_COMMENTS",
    "MAX_TONES_NAMED",
]

# What the digest calls each tone: the analysis' named tones, and the names analyses made before them
# (a stored analysis can be written again) gave theirs.
TONE_NAMES = {
    **TONE_WORDS,
    "fear": "fear",
    "hope": "hope",
    "dark_humor": "dark humour",
    "sarcasm": "sarcasm and mockery",
    "mockery": "mockery",
}

NOTABLE_TONE = 0.05  # a named tone under this share of comments is not worth a sentence
MIN_TONE_COMMENTS = 2  # a tone only one comment shows is that comment's, not a note of the thread
MAX_TONES_NAMED = 3  # the tones a digest names, most salient first: more would read as a list of labels
MUCH_TONE = 0.2  # a tone in this share of the comments is "much of" the thread
MATTER_OF_FACT = 0.6  # with no tone to name, a thread this much neutral (learned emotions) is matter-of-fact
# ... and matter-of-fact first, before the tones it names, when nearly all of it reads neutral and no tone
# reaches a tenth of it: a Polis conversation where 86% show no emotion and 9% doubt reads to its readers as
# plain proposals, with some scepticism (chosen on the readers' references: with it, the tone they name
# first is the digest's in 14 of 20 threads, without 12; no Reddit or HN thread is that neutral).
MOSTLY_NEUTRAL = 0.85
QUIET_LEAD = 0.1
# The reaction leans negative (or positive) when that sentiment's share exceeds the other's by this much;
# closer than that, it is mixed, or matter-of-fact when at least NEUTRAL_SENTIMENT of it reads neutral.
LEAN_MARGIN = 0.1
NEUTRAL_SENTIMENT = 0.5
TONE_EXAMPLES = 6  # the leading tone's example is the shortest quotable line among its clearest comments
EXAMPLE_WORDS = 22  # an example is a line of at most this many words, not a paragraph
TONE_CITED = 2  # a tone's sentence cites its clearest examples, not every comment showing it

# The leading tone as a reader would say it: (when it is much of the thread, when it is less, what its
# comments do). Each is followed by how many comments and an example.
_LEAD_TONE = {
    "humour": ("Much of the thread is jokes", "Some of it is joking", "joke or draw laughs"),
    "dark_humour": ("Much of the thread is gallows humour", "Some of it is gallows humour", "joke darkly"),
    "cynicism": (
        "Scepticism and cynicism run through much of it",
        "The strongest note is scepticism and cynicism",
        "doubt, scoff or expect the worst",
    ),
    "anger": ("Much of it is angry", "The strongest note is anger and outrage", "voice anger"),
    "worry": ("Much of it is worried", "The strongest note is worry and fear", "voice worry or fear"),
    "grief": ("Much of it is sorrowful", "The strongest note is sadness and grief", "voice sorrow"),
    "gratitude": ("Much of it is thanks and praise", "There is thanks and praise", "thank or praise"),
    "excitement": ("Much of it is excited", "There is excitement and joy", "sound excited or glad"),
    "curiosity": (
        "Much of it is people asking out of curiosity or confusion",
        "Many ask out of curiosity or confusion",
        "ask",
    ),
}


def tone_name(tag: str) -> str:
    return TONE_NAMES.get(tag, tag.replace("_", " "))


def sentiment_lean(sentiment: dict[str, float]) -> str:
    """Which way the reaction leans: "negative", "positive", "neutral" (matter-of-fact) or "mixed"."""
    neg, pos = sentiment.get("negative", 0.0), sentiment.get("positive", 0.0)
    if neg >= pos + LEAN_MARGIN:
        return "negative"
    if pos >= neg + LEAN_MARGIN:
        return "positive"
    return "neutral" if sentiment.get("neutral", 0.0) >= NEUTRAL_SENTIMENT else "mixed"


def _sentiment_sentence(sent: dict[str, float], cs: str = "comments") -> str:
    neg, pos = sent.get("negative", 0.0), sent.get("positive", 0.0)
    lean = sentiment_lean(sent)
    if lean == "negative":
        return (
            f"The reaction leans negative: {share_words(neg)} of the {cs} read that way, "
            f"against {percent(pos)} that sound positive."
        )
    if lean == "positive":
        return (
            f"On balance the reaction is more positive than negative: {share_words(pos)} of the "
            f"{cs} sound positive and {percent(neg)} negative."
        )
    if lean == "neutral":
        neutral = sent.get("neutral", 0.0)
        how_many = "all" if neutral >= 1.0 else share_words(neutral)
        return f"The tone is matter-of-fact: {how_many} of the {cs} read as neither positive nor negative."
    return f"Feelings are mixed, with {percent(neg)} of {cs} negative and {percent(pos)} positive."


def notable_tones(analysis: Analysis) -> list[ToneTag]:
    """The tones worth naming, most salient first (the analysis ranks them), at most ``MAX_TONES_NAMED``."""
    tone = analysis.tone
    tags = [
        x
        for x in (tone.tags if tone else [])
        if len(x.comment_ids) >= MIN_TONE_COMMENTS and x.share >= NOTABLE_TONE
    ]
    return sorted(tags, key=lambda x: (-x.salience, -x.share, x.name))[:MAX_TONES_NAMED]


def named_tones(analysis: Analysis) -> list[str]:
    """The tones the post names, dominant first; ``["neutral"]`` when it names none and calls the thread
    matter-of-fact (what ``benchmarks/tones_reader.py`` sets beside a reader's tones)."""
    tags = notable_tones(analysis)
    names = [x.name for x in tags]
    if not names and analysis.tone and _matter_of_fact(analysis.tone):
        return ["neutral"]
    return ["neutral", *names] if _quiet(analysis, tags) else names


def _quiet(analysis: Analysis, tags: list[ToneTag]) -> bool:
    """Whether the thread is matter-of-fact before any tone it names (``MOSTLY_NEUTRAL``, ``QUIET_LEAD``)."""
    neutral = analysis.tone.emotions.get("neutral", 0.0) if analysis.tone else 0.0
    return bool(tags) and neutral >= MOSTLY_NEUTRAL and tags[0].share < QUIET_LEAD


def _matter_of_fact(tone: Tone) -> bool:
    """Whether the thread reads as matter-of-fact: by sentiment, or by the learned emotions, which read a
    comment as neutral when it shows none of the 27 emotions."""
    return (
        tone.sentiment.get("neutral", 0.0) >= NEUTRAL_SENTIMENT
        or tone.emotions.get("neutral", 0.0) >= MATTER_OF_FACT
    )


def tone_sentences(ctx: Context) -> Items:
    """The overall mood: sentiment, then the leading tone in a reader's words with an example, then the
    other tones that matter, as counts."""
    a = ctx.analysis
    if not (a.tone and a.tone.sentiment):
        return []
    items: Items = [(_sentiment_sentence(a.tone.sentiment, ctx.nouns[0] + "s"), [])]
    tags = notable_tones(a)
    neutral = a.tone.emotions.get("neutral", 0.0)
    plain = a.tone.sentiment.get("neutral", 0.0) < NEUTRAL_SENTIMENT and neutral >= MATTER_OF_FACT
    if (not tags and plain) or _quiet(a, tags):
        share = "all" if neutral >= 1.0 else share_words(neutral)
        items.append(
            (
                f"Yet most of it is matter-of-fact: read for emotion, {share} of the {ctx.nouns[0]}s "
                "come out neutral.",
                [],
            )
        )
    if not tags:
        return items
    lead, rest = tags[0], tags[1:]
    much, some, verb = _LEAD_TONE.get(lead.name, (None, None, None))
    example = _example(ctx, lead)
    if much and some and verb and example:
        q, cid = example
        ctx.quoted.add(cid)
        n = tone_tag_count(ctx, lead)
        opening = much if lead.share >= MUCH_TONE else some
        line = f"{opening}: {count_noun(n, ctx.nouns[0])} {verb}, among them {q}"
        items.append((ends(line), [cid, *[x for x in lead.comment_ids[:TONE_CITED] if x != cid]]))
        if rest:
            items.append((_other_tones_sentence(ctx, rest), _cited(rest)))
        return items
    items.append((tone_counts_sentence(ctx, tags), _cited(tags)))
    if example:
        q, cid = example
        items.append((ends(f"A typical line in that vein: {q}"), [cid]))
    return items


def _cited(tags: list[ToneTag]) -> list[str]:
    return [cid for x in tags for cid in x.comment_ids[:TONE_CITED]]


def _other_tones_sentence(ctx: Context, rest: list[ToneTag]) -> str:
    cs = ctx.nouns[0] + "s"
    counts = [count(tone_tag_count(ctx, x)) for x in rest]
    named = listed(
        [f"{tone_name(rest[0].name)} ({counts[0]} {cs})"]
        + [f"{tone_name(x.name)} ({n})" for x, n in zip(rest[1:], counts[1:], strict=True)]
    )
    each = "; ".join(f"{tone_name(x.name)} in {n}" for x, n in zip(rest, counts, strict=True))
    return ctx.variety.pick("other-tones", [f"Beside it come {named}.", f"Other notes: {each}."])


def tone_tag_count(ctx: Context, tag: ToneTag) -> int:
    """How many comments show a tone: a tag is a minority note, so it is told as a count, not a colour."""
    return round(tag.share * ctx.analysis.stats.analyzed) or len(tag.comment_ids)


def tone_counts_sentence(ctx: Context, tags: list[ToneTag]) -> str:
    """Tones as counts ("worry runs through 13 comments"), so a 7% note never reads as dominant."""
    cs = ctx.nouns[0] + "s"
    first, rest = tags[0], tags[1:]
    n0 = tone_tag_count(ctx, first)
    others = [f"{tone_name(x.name)} through {count(tone_tag_count(ctx, x))}" for x in rest]
    tail = (", " + listed(others)) if others else ""
    counted = [f"{tone_name(x.name)} ({count(tone_tag_count(ctx, x))})" for x in tags]
    return ctx.variety.pick(
        "tones",
        [
            capitalize(f"{tone_name(first.name)} runs through {count_noun(n0, ctx.nouns[0])}{tail}."),
            ("The notes that stand out" if rest else "The note that stands out")
            + f", counted in {cs}: {listed(counted)}.",
            f"Some {cs} carry a distinct note: {tone_name(first.name)} in {count(n0)} of them"
            + "".join(f", {tone_name(x.name)} in {count(tone_tag_count(ctx, x))}" for x in rest)
            + ".",
        ],
    )


def _example(ctx: Context, tag: ToneTag) -> tuple[str, str] | None:
    """The line that shows a tone: the shortest quotable one among its clearest comments, preferring those
    that show no other tone (scepticism shown by "You are absolutely full of shit" reads as anger)."""
    tone = ctx.analysis.tone
    elsewhere = {cid for t in (tone.tags if tone else []) if t.name != tag.name for cid in t.comment_ids}
    alone = [cid for cid in tag.comment_ids if cid not in elsewhere][:TONE_EXAMPLES]
    return _shortest_quote(ctx, alone) or _shortest_quote(ctx, tag.comment_ids[:TONE_EXAMPLES])


def _shortest_quote(ctx: Context, ids: list[str]) -> tuple[str, str] | None:
    options = [(q, cid) for cid in ids if (q := ctx.quote_of(cid, max_words=EXAMPLE_WORDS, alone=True))]
    return min(options, key=lambda x: (len(x[0]), x[1])) if options else None
