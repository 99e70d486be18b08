"""Threads too small to have strands (``facts.FEW_COMMENTS``): each comment in turn, quoted and cited.

A handful of comments grouped into "strands" gives strands of one ("Smaller strands include **hello** (one
comment)"); read one by one they need no grouping. Comments come in thread order, a conversation at a time:
each top-level comment, then the replies under it with how they answer (agree, object, or just reply).
"""

from __future__ import annotations

import re

from ..model import Comment
from .compose import Context, ends
from .phrasing import count
from .quoting import TRAILING, excerpt, quote

__all__ = ["analyzed_comments", "conversation_sentences", "tone_count_sentence", "comment_lines"]

Items = list[tuple[str, list[str]]]

QUOTE_WORDS = 40  # each comment quoted whole when it is short, else its best sentence
PARENT_WORDS = 12  # a comment quoted again only to say which one a reply answers

# the first comment of each conversation in turn: as many as a thread of few comments can have
_OPENINGS = [
    "One {noun} says {q}",
    "Another says {q}",
    "A further {noun} reads {q}",
    "Next comes {q}",
    "Another {noun} puts it this way: {q}",
    "Then there is {q}",
    "One more says {q}",
    "Another {noun} reads {q}",
    "Also in the thread: {q}",
]
# a reply to the comment just quoted, by its stance toward it
_REPLIES = {
    "agree": ["A reply agrees: {q}", "It finds support in a reply: {q}", "Someone agrees: {q}"],
    "disagree": ["A reply pushes back: {q}", "It draws an objection: {q}", "Someone disagrees: {q}"],
    "neutral": ["A reply: {q}", "It gets an answer: {q}", "In reply: {q}"],
}
# a reply to the same comment as the reply just quoted
_ANOTHER = {
    "agree": "Another reply agrees: {q}",
    "disagree": "Another reply objects: {q}",
    "neutral": "Another reply: {q}",
}
# a reply to a comment quoted earlier, which the sentence quotes again to say which one
_REPLIES_TO = {
    "agree": "Agreeing with {p}, a reply says {q}",
    "disagree": "Against {p}, a reply argues {q}",
    "neutral": "Replying to {p}, one {noun} says {q}",
}
_STANCE_WORDS = {"agree": "agreeing", "disagree": "disagreeing"}
_LINKS_ONLY = re.compile(r"\s*(?:https?://\S+\s*)+")


def _unquoted(ctx: Context, c: Comment) -> tuple[str, list[str]]:
    """A comment no quote can hold (links, or quotation marks of its own), said for what it is."""
    who = "A reply" if ctx.comment(c.parent_id) else f"One {ctx.nouns[0]}"
    if _LINKS_ONLY.fullmatch(c.text):
        return f"{who} is only a link.", [c.id]
    return f"{who} is not quoted here: it is made of links or quotations.", [c.id]


def analyzed_comments(ctx: Context) -> list[Comment]:
    """The analyzed comments in thread order (each is in exactly one theme or "other")."""
    ids = {cid for t in ctx.analysis.themes for cid in t.comment_ids}
    return [c for c in ctx.thread.comments if c.id in ids]


def _conversations(comments: list[Comment]) -> list[list[Comment]]:
    """Each comment that answers none of the others, with the replies under it (thread order kept)."""
    ids = {c.id for c in comments}
    units: list[list[Comment]] = []
    for c in comments:
        if c.parent_id in ids and units:
            units[-1].append(c)  # in thread order a reply follows its parent's conversation
        else:
            units.append([c])
    return units


def _quote(c: Comment, max_words: int = QUOTE_WORDS) -> str | None:
    """The comment quoted, however short ("hello"): here each comment stands for itself."""
    fitted = excerpt(c.text, max_words=max_words, min_words=1)
    return quote(fitted.rstrip(TRAILING)) if fitted else None


def conversation_sentences(ctx: Context) -> list[Items]:
    """A paragraph's sentences per conversation: its opening comment, then each reply and its stance."""
    noun = ctx.nouns[0]
    comments = analyzed_comments(ctx)
    paragraphs: list[Items] = []
    used = {stance: 0 for stance in _REPLIES}
    previous: Comment | None = None
    for k, unit in enumerate(_conversations(comments)):
        items: Items = []
        for c in unit:
            q = _quote(c)
            if q is None:
                items.append(_unquoted(ctx, c))
            elif c is unit[0]:
                frame = "It reads {q}" if len(comments) == 1 else _OPENINGS[k % len(_OPENINGS)]
                items.append((ends(frame.format(noun=noun, q=q)), [c.id]))
            else:
                items.append(_reply(ctx, c, q, previous, used))
            ctx.quoted.add(c.id)
            previous = c
        if items:
            paragraphs.append(items)
    if all(len(p) == 1 for p in paragraphs):  # no replies: one paragraph, not a column of one-liners
        paragraphs = [[item for p in paragraphs for item in p]] if paragraphs else []
    return paragraphs


def _reply(
    ctx: Context, c: Comment, q: str, previous: Comment | None, used: dict[str, int]
) -> tuple[str, list[str]]:
    """A reply with its stance: to the comment just quoted, to the same one as the reply just quoted, or
    to one further up, which it quotes again to say which."""
    stance = ctx.analysis.stances.get(c.id, "neutral")
    stance = stance if stance in _REPLIES else "neutral"
    parent = ctx.comment(c.parent_id)
    if previous and parent and previous.parent_id == parent.id:
        return ends(_ANOTHER[stance].format(q=q)), [c.id]
    p = _quote(parent, PARENT_WORDS) if parent and previous and parent.id != previous.id else None
    if p and parent:
        return ends(_REPLIES_TO[stance].format(p=p, q=q, noun=ctx.nouns[0])), [parent.id, c.id]
    frames = _REPLIES[stance]
    frame = frames[used[stance] % len(frames)]
    used[stance] += 1
    return ends(frame.format(q=q)), [c.id]


def tone_count_sentence(ctx: Context) -> str | None:
    """The tone as counts ("In tone, two are negative, one positive and two neutral"): shares of a handful
    of comments say less than the counts behind them."""
    a = ctx.analysis
    n = a.stats.analyzed
    if not (a.tone and a.tone.sentiment) or n < 2:
        return None  # a single comment, quoted in full, carries its own tone
    counts = [(k, round(a.tone.sentiment.get(k, 0.0) * n)) for k in ("negative", "positive", "neutral")]
    counts = [(k, c) for k, c in counts if c]
    if not counts:
        return None
    if len(counts) == 1:
        return f"All {count(n)} {ctx.nouns[0]}s read as {counts[0][0]}."
    parts = [
        f"{count(c)} {'is' if c == 1 else 'are'} {k}" if i == 0 else f"{count(c)} {k}"
        for i, (k, c) in enumerate(counts)
    ]
    return f"In tone, {', '.join(parts[:-1])} and {parts[-1]}."


def comment_lines(ctx: Context) -> Items:
    """The report's list: each comment quoted, a reply saying what it answers and how."""
    lines: Items = []
    for c in analyzed_comments(ctx):
        q = _quote(c)
        parent = ctx.comment(c.parent_id)
        ctx.quoted.add(c.id)
        if q is None:
            lines.append(_unquoted(ctx, c))
        elif parent and parent.id in ctx.quoted:  # a reply to a comment listed above
            how = _STANCE_WORDS.get(ctx.analysis.stances.get(c.id, ""), "")
            p = _quote(parent, PARENT_WORDS)
            label = (f"Reply to {p}" if p else "Reply") + (f" ({how})" if how else "")
            lines.append((ends(f"{label}: {q}"), [parent.id, c.id] if p else [c.id]))
        else:
            lines.append((ends(q), [c.id]))
    return lines
