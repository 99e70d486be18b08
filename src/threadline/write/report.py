"""The ``report`` style: the same content as the post, in sections with figures and tables."""

from __future__ import annotations

from ..model import Analysis, DigestText, Theme, Thread
from ..text import WHO_TOOK_PART
from .agreement_paragraph import RECEPTION_CITED, group_leanings, group_profile_sentences
from .compose import Builder, Context, Items, bold, ends
from .facts import (
    REPORT_QUESTIONS,
    coverage,
    few_comments,
    has_replies,
    major_themes,
    question_rank,
    split_reception,
    theme_commenters,
    timeline_summary,
)
from .lede import article_block, lede_sentences
from .one_by_one import comment_lines
from .phrasing import percent, plural
from .places import score_heading, share_columns
from .quoting import escape_md
from .themes_paragraph import COUNTER_PARENT_WORDS, MIN_POINT_COMMENTS, counter_quote, profile_votes
from .tone_paragraph import MAX_TONES_NAMED, MIN_TONE_COMMENTS, tone_name

__all__ = ["write_report"]


def count(n: int) -> str:
    """Reports write every count in digits."""
    return f"{n:,}"


# Quote lengths: a quote under a theme or a side of the post's reception is a sentence or two; a question or
# a statement agreed or fought over a little more; a key point whole (points are short sentences, their
# stand-ins need not be).
QUOTE_WORDS = 30
STATEMENT_WORDS = 35
KEY_POINT_WORDS = 40
REPORT_POINTS = 4  # key points listed under a theme, largest first
POINT_CITED = 2  # beside the quoted comment, a key point's line cites this many more that make it
# A theme whose key point and quotes all fail to read on their own is quoted from its first few members.
STAND_IN_CANDIDATES = 12
STAND_IN_QUOTES = 2
CITED = 3  # a line about a whole theme, a tone or a question cites its first few comments
ANSWERS_CITED = 2  # ... and a question's line its first answers
POSITIONS_LISTED = 6  # statements listed under broadest agreement, and under sharpest division
PHRASES_LISTED = 10
SHIFTS_LISTED = 8  # themes whose share over time is listed, in the analysis' order

_STANCE_WORDS = {
    "agree": "agreeing",
    "disagree": "disagreeing",
    "neutral": "neutral",
    "challenges": "challenging",
}


def _themes(b: Builder, ctx: Context) -> None:
    a = ctx.analysis
    themes = sorted((t for t in a.themes if t.comment_ids), key=lambda t: (t.other, -t.share, t.id))
    if not themes:
        return
    b.heading("Themes")
    scored = any(t.score_share is not None for t in themes)
    noun, _, people = ctx.nouns
    known = a.stats.authors_known  # no column of people where the source does not say who wrote what
    who = people.capitalize() if people != "people" else "Commenters"
    header = ["Theme", noun.capitalize() + "s", "Share"]
    header += [] if known == "none" else [who + (" (at least)" if known == "some" else "")]
    places = share_columns(ctx)
    header += [heading for _, heading in places]
    header += [score_heading(ctx)] if scored else []
    rows = []
    for t in themes:
        row = [bold(t), count(len(t.comment_ids)), percent(t.share)]
        if known != "none":
            row.append(count(theme_commenters(a, t.commenter_share) or 0))
        row += [percent(t.source_shares.get(label, 0.0)) for label, _ in places]
        if scored:
            row.append(percent(t.score_share) if t.score_share is not None else "–")
        rows.append((row, [t.key_point_id]))
    b.table(header, rows)
    said: set[str] = set()  # the figure lines written so far, across themes
    for t in major_themes(a):
        b.heading(escape_md(t.title), 3)
        b.bullets(_theme_lines(ctx, t, said))


def _theme_lines(ctx: Context, t: Theme, said: set[str]) -> Items:
    """A major theme's section: its key points, quotes, replies, counterpoint and tone."""
    items: Items = _point_lines(ctx, t)
    # quotes that read on their own; the counterpoint is kept for its own line
    skip = {p.comment_id for p in t.points} | {
        t.key_point_id,
        t.counterpoint.comment_id if t.counterpoint else "",
    }
    for x in t.quotes:
        usable = x.comment_id not in skip
        q = ctx.quote_of(x.comment_id, x.text, max_words=QUOTE_WORDS, alone=True) if usable else None
        if q:
            items.append((ends(f"Quote: {q}"), [x.comment_id]))
    if not items:  # neither key point nor quotes read on their own: the theme's other members may
        for cid in [c for c in t.comment_ids[:STAND_IN_CANDIDATES] if c not in skip]:
            q = ctx.quote_of(cid, max_words=QUOTE_WORDS, alone=True)
            if q and len(items) < STAND_IN_QUOTES:
                items.append((ends(f"Quote: {q}"), [cid]))
    items += _stance_lines(t, said)
    if t.counterpoint and (cq := counter_quote(ctx, t.counterpoint.comment_id)):
        items.append(_counterpoint_line(ctx, t.counterpoint.comment_id, cq))
    tags = sorted(
        (x for x in (t.tone.tags if t.tone else []) if len(x.comment_ids) >= MIN_TONE_COMMENTS),
        key=lambda x: -x.share,
    )[:MAX_TONES_NAMED]
    if tags:
        shares = ", ".join(f"{tone_name(x.name)} {percent(x.share)}" for x in tags)
        cited = [cid for x in tags for cid in x.comment_ids[:1]]
        items.append(_figure_line(said, ("Tone", f"Tone of {bold(t)}"), shares, cited))
    return items


def _figure_line(
    said: set[str], labels: tuple[str, str], figures: str, ids: list[str]
) -> tuple[str, list[str]]:
    """A theme's line of figures ("Tone: anger 33%."), under its heading. Two themes can have the very same
    figures, and a sentence is never written twice: the second says which theme it is about."""
    line = f"{labels[0]}: {figures}."
    if line in said:
        line = f"{labels[1]}: {figures}."
    said.add(line)
    return line, ids


def _point_lines(ctx: Context, t: Theme) -> Items:
    """The theme's key points, each with how many comments make it (the first even if made by one); for
    who took part, the profile statements most agreed with, each with its votes."""
    if t.title == WHO_TOOK_PART and (voted := profile_votes(ctx, t)):
        return [
            (ends(f"{q}: {a} agree, of the {n} who voted either way"), [cid])
            for a, n, cid, q in voted[:REPORT_POINTS]
        ]
    items: Items = []
    for i, p in enumerate(t.points):
        if len(items) == REPORT_POINTS or (i and len(p.comment_ids) < MIN_POINT_COMMENTS):
            continue
        q = ctx.quote_of(p.comment_id, p.text, max_words=KEY_POINT_WORDS, alone=True)
        if q:
            n = plural(len(p.comment_ids), ctx.nouns[0])
            items.append(
                (ends(f"Key point ({n}): {q}"), [p.comment_id, *ctx.voices(p.comment_ids)[:POINT_CITED]])
            )
    key = (
        ctx.quote_of(t.key_point_id, t.key_point, max_words=KEY_POINT_WORDS, alone=True)
        if not items
        else None
    )
    if key:
        items.append((ends(f"Key point: {key}"), [t.key_point_id]))
    return items


def _stance_lines(t: Theme, said: set[str]) -> Items:
    """How replies inside the theme lean, and (apart) the disagreeing replies its comments drew."""
    st = t.stance
    kinds = ("agree", "disagree", "neutral")
    parts = ", ".join(f"{count(st[k])} {_STANCE_WORDS[k]}" for k in kinds if st.get(k))
    cited = t.comment_ids[:CITED]
    items: Items = []
    if parts:
        items.append(
            _figure_line(said, ("Replies within the theme", f"Replies within {bold(t)}"), parts, cited)
        )
    drew = st.get("challenges", 0)
    if drew:
        left = st.get("unanswered", 0)
        tail = (
            (", left unanswered" if drew == 1 else f", {count(left)} of them left unanswered") if left else ""
        )
        replies = (
            f"{count(drew)} disagreeing {'reply' if drew == 1 else 'replies'} from anywhere in the thread"
        )
        labels = ("Pushback on its comments", f"Pushback on the comments of {bold(t)}")
        items.append(_figure_line(said, labels, replies + tail, cited))
    return items


def _counterpoint_line(ctx: Context, cid: str, cq: str) -> tuple[str, list[str]]:
    """The strongest counterpoint, with the comment it answers where that can be quoted."""
    reply = ctx.comment(cid)
    parent_id = reply.parent_id if reply else None
    pq = ctx.quote_of(parent_id, max_words=COUNTER_PARENT_WORDS) if parent_id else None
    if pq and parent_id:
        return ends(f"Strongest counterpoint, answering {pq}: {cq}"), [parent_id, cid]
    return ends(f"Strongest counterpoint: {cq}"), [cid]


def _tone(b: Builder, ctx: Context) -> None:
    tone = ctx.analysis.tone
    if tone is None or not (tone.sentiment or tone.tags):
        return
    b.heading("Tone")
    n = ctx.analysis.stats.analyzed
    rows: list[tuple[list[str], list[str]]] = [
        ([name.capitalize(), percent(share), count(round(share * n))], [])
        for name, share in sorted(tone.sentiment.items(), key=lambda kv: -kv[1])
    ]
    rows += [
        ([tone_name(x.name).capitalize(), percent(x.share), count(len(x.comment_ids))], x.comment_ids[:CITED])
        for x in sorted(tone.tags, key=lambda x: -x.share)
    ]
    b.table(["Tone", "Share", "Comments"], rows)


def _questions(b: Builder, ctx: Context) -> None:
    qs = sorted(ctx.analysis.questions, key=lambda q: question_rank(ctx.thread, q))
    if not qs:
        return
    answered = sum(1 for q in qs if q.answered)
    replies = has_replies(ctx.thread)
    b.heading("Questions")
    items: Items = []
    for q in qs[:REPORT_QUESTIONS]:
        asker = q.comment_ids[0] if q.comment_ids else None
        quoted = ctx.quote_of(asker, q.text, max_words=STATEMENT_WORDS, stand_in=False)
        if quoted:
            status = ("answered" if q.answered else "unanswered") if replies else ""
            # "asked once" on every line says nothing; only a question asked several times says so
            n = len(q.comment_ids)
            askers = f"asked in {count(n)} {ctx.nouns[0]}s; " if n > 1 else ""
            detail = f"{askers}{status}".strip("; ")
            line = f"{quoted} — {detail}" if detail else quoted
            items.append((line, [*q.comment_ids[:CITED], *q.answer_ids[:ANSWERS_CITED]]))
    total = f"{count(len(qs))} question{'s' if len(qs) != 1 else ''} in all"
    head = (
        f"{total}: {count(answered)} answered, {count(len(qs) - answered)} unanswered."
        if replies
        else f"{total}."
    )
    order = "most asked and best received first"
    if len(qs) > len(items) and len(items) == min(len(qs), REPORT_QUESTIONS):
        head += f" Shown: {count(len(items))} of {count(len(qs))}, {order}."
    elif len(qs) > len(items):
        head += f" Shown: those that read on their own, {order}."
    else:
        head += f" Listed {order}."
    b.paragraph([(head, [])])
    b.bullets(items)


def _positions(b: Builder, ctx: Context) -> None:
    a = ctx.analysis
    for title, positions in (("Broadest agreement", a.consensus), ("Sharpest division", a.divisive)):
        items: Items = []
        for p in positions[:POSITIONS_LISTED]:
            q = ctx.quote_of(p.comment_id, p.text, max_words=STATEMENT_WORDS)
            if not q:
                continue
            c = ctx.comment(p.comment_id)
            if p.signal == "score" and c is not None and c.score is not None:
                items.append((f"{q} — score {count(c.score)} (signal: scores)", [p.comment_id]))
            elif p.signal == "score":
                items.append((f"{q} (signal: scores)", [p.comment_id]))
            elif p.groups:
                items.append(
                    (
                        f"{q} — {count(p.agree)} agree, {count(p.disagree)} disagree; {group_leanings(p)} "
                        "(signal: votes, by opinion group)",
                        [p.comment_id],
                    )
                )
            else:
                room = ", the whole room as one" if p.measure == "room" else ""
                items.append(
                    (
                        f"{q} — {count(p.agree)} agree, {count(p.disagree)} disagree "
                        f"(signal: {p.signal}{room})",
                        [p.comment_id],
                    )
                )
        if items:
            b.heading(title)
            b.bullets(items)
    apart = group_profile_sentences(ctx)
    if apart:
        b.heading("Who is in each opinion group")
        b.paragraph(apart)


def _reception(b: Builder, ctx: Context) -> None:
    """Top-level comments for and against the post itself, with the best-scored of each side."""
    rec = split_reception(ctx.analysis)
    if rec is None:
        return  # one side alone, or a handful, is not a split worth a section
    welcoming, objecting = count(len(rec.welcoming)), count(len(rec.objecting))
    items: Items = [
        (
            f"{welcoming} top-level comments welcome the post and {objecting} "
            "object to it (signal: each top-level comment's stance toward the post, in its words or, on the "
            "post's subject, its sentiment).",
            [*rec.welcoming[:RECEPTION_CITED], *rec.objecting[:RECEPTION_CITED]],
        )
    ]
    for label, side in (("for", rec.welcoming), ("against", rec.objecting)):
        for cid in side[:RECEPTION_CITED]:
            q = ctx.quote_of(cid, max_words=QUOTE_WORDS)
            if q:
                items.append((f"{label}: {q}", [cid]))
    b.heading("Reception of the post")
    b.bullets(items)


def _phrases(b: Builder, ctx: Context) -> None:
    items: Items = []
    all_known = ctx.analysis.stats.authors_known == "all"  # else counted in comments, as in the post
    for ph in ctx.analysis.phrases[:PHRASES_LISTED]:
        written = ctx.phrase_as_written(ph.text, ph.comment_ids)
        if written:
            used = f"in {count(len(ph.comment_ids))} {ctx.nouns[0]}s"
            if all_known and ph.commenters:
                used = f"used by {count(ph.commenters)} commenters"
            items.append((f"“{escape_md(written[0])}” — {used}", written[1]))
    if items:
        b.heading("Phrases that stuck")
        b.bullets(items)


def _timeline(b: Builder, ctx: Context) -> None:
    a = ctx.analysis
    summary = timeline_summary(a)
    items: Items = []
    if summary:
        items.append(
            (
                f"The discussion spans about {count(int(summary['span_hours']))} hours; "
                f"{percent(summary['early_share'])} of comments came in the first "
                f"{count(int(summary['early_hours']))} "
                f"{'hour' if int(summary['early_hours']) == 1 else 'hours'}.",
                [],
            )
        )
    titles = {t.id: t for t in a.themes}
    shifts = a.timeline.theme_shift if a.timeline and not few_comments(a) else []  # no strands, no shifts
    for s in shifts[:SHIFTS_LISTED]:
        t = titles.get(str(s.get("theme_id")))
        if t is not None and not t.other:
            items.append(
                (
                    f"{bold(t)}: {percent(float(s['early_share']))} of early comments, "
                    f"{percent(float(s['late_share']))} of late ones.",
                    [t.key_point_id],
                )
            )
    if items:
        b.heading("Over time")
        b.bullets(items)


def write_report(analysis: Analysis, thread: Thread) -> DigestText:
    """The digest as a sectioned report with figures: shares, counts, tone table, questions, coverage."""
    ctx = Context(analysis, thread)
    b = Builder()
    b.heading("The article")
    article_block(b, ctx)
    b.heading("The discussion")
    if few_comments(analysis):
        return _one_by_one(b, ctx)
    shown = major_themes(analysis)
    cover = coverage(analysis, {t.id for t in shown})
    lede = lede_sentences(ctx)
    if shown:
        themes = "theme described below covers" if len(shown) == 1 else "themes described below cover"
        lede.append((f"The {count(len(shown))} {themes} {percent(cover)} of the analyzed comments.", []))
    b.paragraph(lede)
    _themes(b, ctx)
    _tone(b, ctx)
    _questions(b, ctx)
    _reception(b, ctx)
    _positions(b, ctx)
    _phrases(b, ctx)
    _timeline(b, ctx)
    return b.build("report", coverage=cover)


def _one_by_one(b: Builder, ctx: Context) -> DigestText:
    """A thread too small to have strands: each comment listed in place of themes (and of their shares)."""
    b.paragraph(lede_sentences(ctx))
    noun = ctx.nouns[0]
    b.heading(f"The {noun}s" if ctx.analysis.stats.analyzed > 1 else f"The {noun}")
    b.bullets(comment_lines(ctx))
    _tone(b, ctx)
    _questions(b, ctx)
    _positions(b, ctx)
    _phrases(b, ctx)
    _timeline(b, ctx)
    return b.build("report", coverage=len(ctx.quoted) / ctx.analysis.stats.analyzed)
