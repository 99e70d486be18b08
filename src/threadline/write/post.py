"""The ``post`` style: the article in brief, the link, then what people say, written as connected prose."""

from __future__ import annotations

from collections import Counter

from ..model import TONE_WORDS, Analysis, DigestText, Position, Theme, Thread, ToneTag
from .compose import Builder, Context, capitalize, ends
from .facts import (
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
from .one_by_one import conversation_sentences, tone_count_sentence
from .phrasing import count, count_noun, percent, plural, share_words
from .quoting import TRAILING, escape_md, find_verbatim, opening, quote

__all__ = ["write_post", "named_tones", "TONE_NAMES"]

Items = list[tuple[str, list[str]]]

TONE_NAMES = {
    **TONE_WORDS,
    "fear": "fear",
    "hope": "hope",
    "dark_humor": "dark humour",
    "sarcasm": "sarcasm and mockery",
    "mockery": "mockery",
}


def tone_name(tag: str) -> str:
    return TONE_NAMES.get(tag, tag.replace("_", " "))


def bold(theme: Theme) -> str:
    return f"**{escape_md(theme.title)}**"


NOTABLE_TONE = 0.05  # a named tone under this share of comments is not worth a sentence
MUCH_TONE = 0.2  # a tone in this share of the comments is "much of" the thread
MATTER_OF_FACT = 0.6  # with no tone to name, a thread this much neutral (learned emotions) is matter-of-fact
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


def _sentiment_sentence(sent: dict[str, float], cs: str = "comments") -> str:
    neg, pos = sent.get("negative", 0.0), sent.get("positive", 0.0)
    if neg >= pos + 0.1:
        return (
            f"The reaction leans negative: {share_words(neg)} of the {cs} read that way, "
            f"against {percent(pos)} that sound positive."
        )
    if pos >= neg + 0.1:
        return (
            f"On balance the reaction is more positive than negative: {share_words(pos)} of the "
            f"{cs} sound positive and {percent(neg)} negative."
        )
    neutral = sent.get("neutral", 0.0)
    if neutral >= 0.5:
        how_many = "all" if neutral >= 1.0 else share_words(neutral)
        return f"The tone is matter-of-fact: {how_many} of the {cs} read as neither positive nor negative."
    return f"Feelings are mixed, with {percent(neg)} of {cs} negative and {percent(pos)} positive."


def notable_tones(ctx: Context) -> list:
    return _notable(ctx.analysis)


def _notable(analysis: Analysis) -> list[ToneTag]:
    """The tones worth naming, most salient first (the analysis ranks them), at most three."""
    tone = analysis.tone
    tags = [x for x in (tone.tags if tone else []) if len(x.comment_ids) >= 2 and x.share >= NOTABLE_TONE]
    return sorted(tags, key=lambda x: (-x.salience, -x.share, x.name))[:3]


def named_tones(analysis: Analysis) -> list[str]:
    """The tones the post names, dominant first; ``["neutral"]`` when it names none and calls the thread
    matter-of-fact (what ``benchmarks/tones_reader.py`` sets beside a reader's tones)."""
    names = [x.name for x in _notable(analysis)]
    if not names and analysis.tone and _matter_of_fact(analysis.tone):
        return ["neutral"]
    return names


def _matter_of_fact(tone) -> bool:
    """Whether the thread reads as matter-of-fact: by sentiment, or by the learned emotions, which read a
    comment as neutral when it shows none of the 27 emotions."""
    return tone.sentiment.get("neutral", 0.0) >= 0.5 or tone.emotions.get("neutral", 0.0) >= MATTER_OF_FACT


def reaction_sentences(ctx: Context) -> Items:
    """The overall mood: sentiment, then the leading tone in a reader's words with an example, then the
    other tones that matter, as counts."""
    a = ctx.analysis
    if not (a.tone and a.tone.sentiment):
        return []
    items: Items = [(_sentiment_sentence(a.tone.sentiment, ctx.nouns[0] + "s"), [])]
    tags = notable_tones(ctx)
    if not tags:
        neutral = a.tone.emotions.get("neutral", 0.0)
        if a.tone.sentiment.get("neutral", 0.0) < 0.5 and neutral >= MATTER_OF_FACT:
            share = "all" if neutral >= 1.0 else share_words(neutral)
            items.append(
                (
                    f"Yet most of it is matter-of-fact: read for emotion, {share} of the "
                    f"{ctx.nouns[0]}s come out neutral.",
                    [],
                )
            )
        return items
    lead, rest = tags[0], tags[1:]
    much, some, verb = _LEAD_TONE.get(lead.name, (None, None, None))
    example = _shortest_quote(ctx, lead.comment_ids[:6])
    if much and some and verb and example:
        q, cid = example
        ctx.quoted.add(cid)
        n = tone_tag_count(ctx, lead)
        opening = much if lead.share >= MUCH_TONE else some
        line = f"{opening}: {count_noun(n, ctx.nouns[0])} {verb}, among them {q}"
        items.append((ends(line), [cid, *[x for x in lead.comment_ids[:2] if x != cid]]))
        if rest:
            items.append((_other_tones_sentence(ctx, rest), [x for t in rest for x in t.comment_ids[:2]]))
        return items
    items.append((tone_counts_sentence(ctx, tags), [cid for x in tags for cid in x.comment_ids[:2]]))
    if example:
        q, cid = example
        items.append((ends(f"A typical line in that vein: {q}"), [cid]))
    return items


def _other_tones_sentence(ctx: Context, rest: list[ToneTag]) -> str:
    cs = ctx.nouns[0] + "s"
    counts = [count(tone_tag_count(ctx, x)) for x in rest]
    listed = _listed(
        [f"{tone_name(rest[0].name)} ({counts[0]} {cs})"]
        + [f"{tone_name(x.name)} ({n})" for x, n in zip(rest[1:], counts[1:], strict=True)]
    )
    each = "; ".join(f"{tone_name(x.name)} in {n}" for x, n in zip(rest, counts, strict=True))
    return ctx.variety.pick("other-tones", [f"Beside it come {listed}.", f"Other notes: {each}."])


def tone_tag_count(ctx: Context, tag: ToneTag) -> int:
    """How many comments show a tone: a tag is a minority note, so it is told as a count, not a colour."""
    return round(tag.share * ctx.analysis.stats.analyzed) or len(tag.comment_ids)


def tone_counts_sentence(ctx: Context, tags: list[ToneTag]) -> str:
    """Tones as counts ("worry runs through 13 comments"), so a 7% note never reads as dominant."""
    cs = ctx.nouns[0] + "s"
    first, rest = tags[0], tags[1:]
    n0 = tone_tag_count(ctx, first)
    others = [f"{tone_name(x.name)} through {count(tone_tag_count(ctx, x))}" for x in rest]
    tail = (", " + _listed(others)) if others else ""
    counted = [f"{tone_name(x.name)} ({count(tone_tag_count(ctx, x))})" for x in tags]
    return ctx.variety.pick(
        "tones",
        [
            capitalize(f"{tone_name(first.name)} runs through {count_noun(n0, ctx.nouns[0])}{tail}."),
            ("The notes that stand out" if rest else "The note that stands out")
            + f", counted in {cs}: {_listed(counted)}.",
            f"Some {cs} carry a distinct note: {tone_name(first.name)} in {count(n0)} of them"
            + "".join(f", {tone_name(x.name)} in {count(tone_tag_count(ctx, x))}" for x in rest)
            + ".",
        ],
    )


def _shortest_quote(ctx: Context, ids: list[str]) -> tuple[str, str] | None:
    options = [(q, cid) for cid in ids if (q := ctx.quote_of(cid, max_words=22, alone=True))]
    return min(options, key=lambda x: (len(x[0]), x[1])) if options else None


# {from_p}, {c_from_p} and {by_p} are " from 24 people", ", from 24 people" and " by 24 people", or nothing
# where the source does not say who wrote the comments
_OPENERS_FIRST = [
    "The largest current is {t}: {sw} of the {n_all} {cs} ({n} of them{c_from_p}).",
    "The biggest share of the talk goes to {t}, with {sw} of the {n_all} {cs} ({n}{c_from_p}).",
    "{t} leads the conversation, taking up {sw} of the {n_all} {cs} ({n}{from_p}).",
]
_OPENERS = [
    "Next comes {t}, raised in {n} {cs}{by_p}, {sw} of the total.",
    "Another strand, {t}, accounts for {n} {cs}{from_p} ({pct}).",
    "Then there is {t}, with {n} {cs}{from_p} ({pct} of the thread).",
    "A further {n} {cs} ({pct}) turn to {t}{c_from_p}.",
    "{t} comes up in {n} {cs} ({pct}){from_p}.",
    "Among the remaining {cs}, {n} ({sw} of the total{c_from_p}) are about {t}.",
]
_KEY_POINT = [
    "One comment sums it up: {q}",
    "In one commenter's words, {q}",
    "Its most representative comment: {q}",
    "As one person puts it, {q}",
    "The gist, from one commenter: {q}",
    "A line that captures it: {q}",
]
# (several quotes, one quote): the frame agrees in number with what follows it
_MORE_QUOTES = [
    ("Others say {qs}", "Another says {qs}"),
    ("Elsewhere you read {qs}", "Elsewhere you read {qs}"),
    ("Similar comments include {qs}", "A similar comment: {qs}"),
    ("It is also put as {qs}", "It is also put as {qs}"),
    ("Other voices: {qs}", "Another voice: {qs}"),
    ("Others chime in with {qs}", "Someone else chimes in with {qs}"),
]
_STANCE = {
    "against": [
        "Replies inside it argue more than they agree: {d} push back, {a} agree.",
        "Here the replies mostly object ({d} disagreeing, {a} agreeing).",
        "It draws more objection than support in the replies, {d} to {a}.",
    ],
    "split": [
        "Replies here are split, {a} agreeing and {d} disagreeing.",
        "The replies divide, {a} for and {d} against.",
        "Responses within it cut both ways: {a} agree, {d} disagree.",
    ],
    "for": [
        "Replies mostly nod along ({a} agree, {d} disagree).",
        "Most replies back it up, {a} to {d}.",
        "Support outweighs dissent in the replies, {a} to {d}.",
    ],
    "none": [
        "Every reply here that takes a side pushes back ({d} of them).",
        "Not one reply that takes a side agrees; {d} disagree.",
        "The replies that take a position all object ({d}).",
    ],
    "all": [
        "Every reply that takes a side agrees ({a} of them).",
        "Nobody in the replies disagrees; {a} agree.",
        "The replies that take a position all back it ({a}).",
    ],
}
_COUNTER = [
    "The strongest pushback comes in a reply: {q}",
    "Not everyone agrees; one reply answers, {q}",
    "The counterargument is made too: {q}",
    "Against that, one reply says {q}",
    "The rebuttal, in one reply: {q}",
    "Someone pushes back: {q}",
]


def theme_sentences(ctx: Context, theme: Theme, rank: int) -> Items:
    """One theme: its share woven in, key point and quotes, how replies inside it lean, its counterpoint."""
    a, v = ctx.analysis, ctx.variety
    c = ctx.nouns[0]
    people = ctx.people(theme_commenters(a, theme.commenter_share))
    fields = {
        "t": bold(theme),
        "sw": share_words(theme.share),
        "n_all": count(a.stats.analyzed),
        "n": count(len(theme.comment_ids)),
        "from_p": f" from {people}" if people else "",
        "c_from_p": f", from {people}" if people else "",
        "by_p": f" by {people}" if people else "",
        "pct": percent(theme.share),
        "cs": c + "s",
    }
    # the key point first; if it cannot be quoted (a link, a quotation inside), the best quotable stand-in
    candidates: list[tuple[str, str | None]] = [(theme.key_point_id, theme.key_point)]
    candidates += [(x.comment_id, x.text) for x in theme.quotes]
    candidates += [(cid, None) for cid in theme.comment_ids[:10]]
    seen = ctx.quoted  # a comment quoted under one theme is not quoted again under another
    # only a quote that reads on its own: no quote is better than a fragment or a reply cut from its parent
    key_id, key = next(
        (
            (cid, q)
            for cid, t in candidates
            if cid not in seen and (q := ctx.quote_of(cid, t, max_words=35, alone=True))
        ),
        (None, None),
    )
    if key is None:
        return []  # nothing quotable that stands alone: the theme is named among the smaller strands
    if theme.share >= 0.999:
        opener = f"Every one of the {fields['n_all']} {c}s is about {fields['t']}."
    else:
        opener = v.pick("opener-first" if rank == 0 else "opener", _OPENERS_FIRST if rank == 0 else _OPENERS)
        opener = opener.format(**fields)
    items: Items = [(capitalize(opener), [theme.key_point_id, *theme.comment_ids[:3]])]
    points = point_sentence(ctx, theme)
    if points:
        items.append(points)
    else:
        seen.add(str(key_id))
        items.append((ends(ctx.impersonal(v.pick("key", _KEY_POINT)).format(q=key)), [str(key_id)]))
    quoted: list[tuple[str, str]] = []
    reserved = theme.counterpoint.comment_id if theme.counterpoint else None  # kept to push back later
    for x in theme.quotes:
        usable = x.comment_id not in seen and x.comment_id != reserved
        q = ctx.quote_of(x.comment_id, x.text, max_words=22, alone=True) if usable else None
        if q and q != key and all(q != other for other, _ in quoted):  # the same words twice add nothing
            quoted.append((q, x.comment_id))
    quoted = quoted[:2]
    seen.update(cid for _, cid in quoted)
    if quoted:
        qs = " and ".join(q for q, _ in quoted)
        k = int(v.pick("more", [str(i) for i in range(len(_MORE_QUOTES))]))
        frame = _MORE_QUOTES[k][0 if len(quoted) > 1 else 1]
        items.append((ends(frame.format(qs=qs)), [cid for _, cid in quoted]))
    agree, disagree = theme.stance.get("agree", 0), theme.stance.get("disagree", 0)
    if agree + disagree >= 4:
        lean = "against" if disagree > agree else "split" if disagree * 3 >= agree else "for"
        lean = "all" if disagree == 0 else "none" if agree == 0 else lean
        line = v.pick_optional("stance-" + lean, _STANCE[lean])
        if line:
            items.append((line.format(a=count(agree), d=count(disagree)), theme.comment_ids[:3]))
    cp = theme.counterpoint
    cq = counter_quote(ctx, cp.comment_id) if cp and cp.comment_id not in seen else None
    if cp and cq:
        seen.add(cp.comment_id)
        items.append(_counter_sentence(ctx, cp.comment_id, cq))
    return items


MAX_POINTS_SAID = 3  # key points a theme's paragraph states, largest first
POINT_QUOTE_WORDS = 25  # a key point is one short sentence
# (first point, a middle one, the last): every theme's paragraph gets its own framing
_POINTS = [
    ("Of these, {n} say {q}", "; {n} that {q}", "; and {n} that {q}"),
    ("{n} of them make the point {q}", "; {n} that {q}", "; and {n} that {q}"),
    ("The point made most often, by {n}, is {q}", "; next, by {n}, {q}", "; and, by {n}, {q}"),
    ("Within it, {n} argue {q}", "; {n} say instead {q}", "; and {n} add {q}"),
    ("Its commonest point, from {n}, is {q}", "; {n} hold that {q}", "; and {n} that {q}"),
    ("{n} put it as {q}", "; another {n}, {q}", "; and {n} more, {q}"),
]


def point_sentence(ctx: Context, theme: Theme) -> tuple[str, list[str]] | None:
    """What the theme's key points say, with how many comments make each: "Of these, 31 say “…”; 12 that “…”."

    Only points made by at least two comments whose sentence reads on its own; one such point is no list,
    and the paragraph quotes its key point instead.
    """
    said: list[tuple[int, str, list[str]]] = []
    for point in theme.points:
        if len(said) == MAX_POINTS_SAID or len(point.comment_ids) < 2 or point.comment_id in ctx.quoted:
            continue
        q = ctx.quote_of(point.comment_id, point.text, max_words=POINT_QUOTE_WORDS, alone=True)
        if q and all(q != other for _, other, _ in said):
            said.append((len(point.comment_ids), q, [point.comment_id, *point.comment_ids[:2]]))
    if len(said) < 2:
        return None
    chosen = ctx.variety.pick_optional("points", [str(i) for i in range(len(_POINTS))])
    if chosen is None:
        return None
    frames = _POINTS[int(chosen)]
    text = frames[0].format(n=count(said[0][0]), q=said[0][1])
    for i, (n, q, _) in enumerate(said[1:], start=1):
        text += frames[2 if i == len(said) - 1 else 1].format(n=count(n), q=q)
    ctx.quoted.update(ids[0] for _, _, ids in said)
    # the quoted comments first: a sentence cites at most MAX_CITED ids, and each quote needs its own
    return ends(capitalize(text)), [ids[0] for _, _, ids in said] + [cid for _, _, ids in said for cid in ids]


_COUNTER_TO = [
    "When one commenter says {p}, a reply answers: {q}",
    "To {p}, the sharpest answer is {q}",
    "One comment holds that {p}; a reply objects, {q}",
    "Someone writes {p}, and gets this back: {q}",
    "Against {p}, one reply argues {q}",
    "The claim {p} draws a rebuttal: {q}",
]


def _counter_sentence(ctx: Context, cid: str, cq: str) -> tuple[str, list[str]]:
    """The pushback with what it pushes back on, so the reader sees both sides of the exchange."""
    reply = ctx.comment(cid)
    parent_id = reply.parent_id if reply else None
    pq = ctx.quote_of(parent_id, max_words=20) if parent_id and parent_id not in ctx.quoted else None
    line = ctx.variety.pick_optional("counter-to", _COUNTER_TO) if pq else None
    line = ctx.impersonal(line) if line else None
    if line and pq and parent_id:
        return ends(line.format(p=pq, q=cq)), [parent_id, cid]
    return ends(ctx.variety.pick("counter", _COUNTER).format(q=cq)), [cid]


MIN_COUNTER_WORDS = 8  # "That's not what I said" disagrees but gives the reader nothing to weigh


def _argued(quoted: str | None) -> str | None:
    """A counterpoint's quote only if it argues something: long enough to carry a reason."""
    return quoted if quoted and len(quoted.split()) >= MIN_COUNTER_WORDS else None


def counter_quote(ctx: Context, cid: str) -> str | None:
    """A counterpoint quoted with its reason: its opening sentences, not a bare "That's not how it works"."""
    found = ctx.comment(cid)
    lead = opening(found.text, max_words=40) if found else None
    if lead and found and find_verbatim(lead, found.text):
        return _argued(quote(lead.rstrip(TRAILING)))
    return _argued(ctx.quote_of(cid, max_words=30))


def minor_sentences(ctx: Context, shown: list[Theme]) -> Items:
    """The smaller themes in one line, and what fits none."""
    cs = ctx.nouns[0] + "s"
    a = ctx.analysis
    rest = sorted(
        (t for t in a.themes if not t.other and t not in shown and t.comment_ids),
        key=lambda t: (-t.share, t.id),
    )
    items: Items = []
    if rest:
        named = [f"{bold(t)} ({plural(len(t.comment_ids), ctx.nouns[0])})" for t in rest[:4]]
        items.append(
            (
                f"Smaller strands include {', '.join(named[:-1]) + ' and ' if len(named) > 1 else ''}"
                f"{named[-1]}.",
                [t.key_point_id for t in rest[:4]],
            )
        )
        if len(rest) > 4:
            items.append((_unnamed_sentence(ctx, shown, rest), []))
    other = [t for t in a.themes if t.other and t.comment_ids]
    if other:
        o = other[0]
        n = len(o.comment_ids)
        rest_line = (
            f"The remaining {count(n)} {cs} ({percent(o.share)}) fit no single strand: asides, jokes "
            "and one-off points."
            if n > 1
            else f"One comment ({percent(o.share)}) fits none of these strands."
        )
        items.append((rest_line, o.comment_ids[:3]))
    return items


def _unnamed_sentence(ctx: Context, shown: list[Theme], rest: list[Theme]) -> str:
    """How many strands there are, and how much the ones left unnamed hold between them.

    With many small strands (a thread of thousands) the unnamed ones can hold half the comments; "small"
    alone would hide that. Their total is stated when the named strands are the largest ones, so that it is
    the tail the verifier can trace (the analysis share beyond the k largest themes).
    """
    themes = sorted((t for t in ctx.analysis.themes if not t.other), key=lambda t: (-t.share, t.id))
    named = {t.id for t in [*shown, *rest[:4]]}
    found = f"In all, the analysis found {count(len(themes))} strands"
    if {t.id for t in themes[: len(named)]} != named:
        return f"{found}; those not named here are small."
    unnamed = themes[len(named) :]
    tail = sum(t.share for t in unnamed)
    return (
        f"{found}; the rest hold {percent(tail)} of the {ctx.nouns[0]}s between them, "
        f"none more than {percent(unnamed[0].share)}."
    )


def _quoted_questions(ctx: Context, qs: list) -> tuple[str, list[str]] | None:
    parts, ids = [], []
    for q in qs:
        quoted = ctx.quote_of(q.comment_ids[0], q.text, max_words=30) if q.comment_ids else None
        if quoted:
            asked = f" (asked by {count(len(q.comment_ids))})" if len(q.comment_ids) > 1 else ""
            parts.append(quoted + asked)
            ids += [*q.comment_ids[:2], *q.answer_ids[:1]]
    if not parts:
        return None
    return (", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]), ids


def question_sentences(ctx: Context) -> Items:
    """The questions people raise: how many, which got answers and which are still open."""
    qs = sorted(ctx.analysis.questions, key=lambda q: question_rank(ctx.thread, q))
    if not qs:
        return []
    answered = [q for q in qs if q.answered]
    raised = f"People raise questions as well: {count_noun(len(qs), 'distinct question')}"
    ids = [cid for q in qs[:3] for cid in q.comment_ids[:1]]
    if not has_replies(ctx.thread):
        top = _quoted_questions(ctx, qs[:2])
        if len(qs) == 1 and top:
            return [(ends(f"One question comes up: {top[0]}"), top[1])]
        items: Items = [(f"{raised}.", ids)]
        if top:
            items.append((ends(f"Among them: {top[0]}"), top[1]))
        return items
    status = (
        f"{count(len(answered))} of them answered in the thread"
        if answered
        else "none answered in the thread"
    )
    items = [(f"{raised}, {status}.", ids)]
    open_ = _quoted_questions(ctx, [q for q in qs if not q.answered][:2])
    if open_:
        lead = ctx.variety.pick("q-open", ["Still open:", "Nobody takes up", "Left hanging:"])
        items.append((ends(f"{lead} {open_[0]}"), open_[1]))
    done = _quoted_questions(ctx, answered[:2])
    if done:
        lead = ctx.variety.pick("q-done", ["Replies do take on", "Answers come for", "The thread answers"])
        items.append((ends(f"{lead} {done[0]}"), done[1]))
    return items


_CONSENSUS = {
    "votes-groups": [
        "Across the {k} opinion groups, the broadest agreement is on {q}: {lean}.",
        "Agreement across the groups is nearly as broad on {q}: {lean}.",
    ],
    "votes-room": [
        "Counting the whole room's votes as one (this export has no opinion groups), the broadest agreement "
        "is on {q}: {a} of {n} who voted either way agree.",
        "The room's votes also back {q}, with {a} in favour and {d} against.",
    ],
    "votes": [
        "Judging by the votes, the broadest agreement is on {q}: {a} of {n} who voted either way agree.",
        "The votes also back {q}, with {a} in favour and {d} against.",
    ],
    "replies": [
        "Judging by the replies, {q} finds support: {ra}, {rd}.",
        "Replies also line up behind {q} ({ra}, {rd}).",
    ],
    "score": [
        # a score is applause, for a point or a punchline alike: it is not called agreement with a point
        "Among the comments readers upvoted most is {q}",
        "Also high in the scores: {q}",
    ],
    # a top-scored joke is applause for the joke, not agreement with a point
    "score-joke": [
        "The thread's most upvoted joke: {q}",
        "Another joke scores just as well: {q}",
    ],
}
_JOKE_TONES = {"dark_humour", "dark_humor", "sarcasm", "mockery", "humour", "humor", "joke", "jokes"}
_DIVISIVE = {
    "votes-groups": [
        "The opinion groups part ways most over {q}: {lean}.",
        "They differ on {q} as well: {lean}.",
    ],
    "votes-room": [
        "Counting the whole room, the sharpest split in the votes is over {q}, with {a} agreeing and {d} "
        "disagreeing.",
        "The room is divided on {q} as well: {a} agree, {d} disagree.",
    ],
    "votes": [
        "The sharpest split in the votes is over {q}, with {a} agreeing and {d} disagreeing.",
        "Voters are divided on {q} as well: {a} agree, {d} disagree.",
    ],
    "replies": [
        "Where it splits, judging by the replies: {q} draws {rd} and {ra}.",
        "Replies fight over {q} too ({rd}, {ra}).",
    ],
    "score": [
        "The scores mark {q} as contested, voted both up and down.",
        "Scores are split on {q} as well.",
    ],
}


MIN_REPLIES = 3  # fewer replies than this say nothing about agreement, whatever their stance


def is_split(p: Position) -> bool:
    """Whether a divisive position divides: by votes as the analysis ranked it, by replies if balanced."""
    if p.signal != "replies":
        return p.signal == "votes"
    total = p.agree + p.disagree
    return total >= MIN_REPLIES + 1 and min(p.agree, p.disagree) / total >= 0.25  # a split takes four


def _replies(n: int, kind: str) -> str:
    return f"no {kind} replies" if n == 0 else plural(n, f"{kind} reply", f"{kind} replies")


def reception_sentences(ctx: Context) -> Items:
    """The post's own reception when top-level comments take both sides: the split, and a voice for each."""
    rec = split_reception(ctx.analysis)
    if rec is None:
        return []
    pro, con = rec.welcoming, rec.objecting
    items: Items = [
        (
            f"The post itself splits opinion: among the top-level comments that take a side on it, "
            f"{count(len(pro))} welcome it and {count(len(con))} object.",
            [*pro[:2], *con[:2]],
        )
    ]
    voices = []
    for ids in (pro, con):
        voice = next(
            ((q, cid) for cid in ids[:5] if cid not in ctx.quoted and (q := ctx.quote_of(cid, max_words=24))),
            None,
        )
        if voice:
            ctx.quoted.add(voice[1])
            voices.append(voice)
    if len(voices) == 2:
        (qp, ip), (qc, ic) = voices
        items.append(
            (ends(f"The best-received welcome is {qp}; the best-received objection, {qc}"), [ip, ic])
        )
    return items


def _is_joke(ctx: Context, cid: str) -> bool:
    """Whether the tone analysis tagged the comment as humour or sarcasm."""
    tone = ctx.analysis.tone
    return any(x.name in _JOKE_TONES and cid in x.comment_ids for x in (tone.tags if tone else []))


def agreement_sentences(ctx: Context) -> Items:
    """Where people agree and where they split, saying which signal (votes, replies, scores) each rests on."""
    items: Items = reception_sentences(ctx)
    for kind, positions in (("cons", ctx.analysis.consensus[:2]), ("div", ctx.analysis.divisive[:2])):
        table = _CONSENSUS if kind == "cons" else _DIVISIVE
        used: dict[str, int] = {}
        for p in positions:
            q = ctx.quote_of(p.comment_id, p.text, max_words=30)
            signal = p.signal + ("-joke" if p.signal == "score" and _is_joke(ctx, p.comment_id) else "")
            if p.signal == "votes" and p.measure:
                signal = f"votes-{p.measure}"  # across opinion groups, or the whole room as one
            options = table.get(signal) or table.get(p.signal)
            if not q or not options or (p.signal == "replies" and p.agree + p.disagree < MIN_REPLIES):
                continue
            if kind == "div" and p.signal == "replies" and not is_split(p):
                continue  # twelve replies to two is not a split, whatever the ranking says
            k = used.get(signal, 0)  # the first claim on a signal introduces it, the second adds to it
            used[signal] = k + 1
            line = options[min(k, len(options) - 1)].format(
                q=q,
                a=count(p.agree),
                d=count(p.disagree),
                n=count(p.agree + p.disagree),
                ra=_replies(p.agree, "agreeing"),
                rd=_replies(p.disagree, "disagreeing"),
                k=count(len(p.groups)),
                lean=group_leanings(p),
            )
            items.append((ends(line), [p.comment_id]))
    return items


def group_name(group_id: str) -> str:
    """Polis names its opinion groups A, B, C… in the order of their ids (0, 1, 2…)."""
    return f"group {chr(ord('A') + int(group_id))}" if group_id.isdigit() and int(group_id) < 26 else group_id


def _group_lean(votes: dict[str, int]) -> str:
    a, d = votes.get("agree", 0), votes.get("disagree", 0)
    verb = "agrees" if a > d else "disagrees" if d > a else "is split"
    return f"{verb} ({count(a)} to {count(d)})" if verb != "is split" else f"is split ({count(a)} each way)"


def group_leanings(p: Position) -> str:
    """Which way each opinion group leans on a statement: "group A agrees (85 to 1), group B disagrees…"."""
    return _listed([f"{group_name(g)} {_group_lean(v)}" for g, v in p.groups.items()]) if p.groups else ""


def phrase_sentences(ctx: Context) -> Items:
    found = []
    for ph in ctx.analysis.phrases:
        # counted in people where every author is known, else in comments: a phrase's comments may all
        # have unknown authors, and "at least one person" says less than "three comments"
        people = ph.commenters if ctx.analysis.stats.authors_known == "all" else None
        n, noun = (people, ctx.nouns[2]) if people else (len(ph.comment_ids), ctx.nouns[0] + "s")
        if n < 2:
            continue
        written = ctx.phrase_as_written(ph.text, ph.comment_ids)
        if written:
            found.append((f"“{escape_md(written[0])}” ({count(n)} {noun})", written[1]))
        if len(found) == 4:
            break
    if not found:
        return []
    listed = ", ".join(x for x, _ in found[:-1]) + (" and " if len(found) > 1 else "") + found[-1][0]
    # one comment per phrase first, so that the citation limit never drops a phrase's only witness
    ids = [ids[0] for _, ids in found] + [cid for _, ids in found for cid in ids[1:2]]
    return [(f"A few phrases keep coming back: {listed}.", ids)]


def _pace_sentence(summary: dict[str, float], cs: str = "comments") -> str:
    """How fast the comments came, in hours for a day or three, in days beyond."""
    hours, share = int(summary["early_hours"]), share_words(summary["early_share"])
    within = "the first hour" if hours == 1 else f"the first {count(hours)} hours"
    if hours <= 24:
        return f"Most of it happened fast: {share} of the {cs} came within {within}."
    if hours <= 72:
        return f"It unfolded over a couple of days, with {share} of the {cs} in {within}."
    days = int(summary["early_days"])
    return capitalize(f"{share} of the {cs} came within the first {count(days)} days.")


MIN_SHIFT_COMMENTS = 8  # a theme's move over time is only told when it has this many comments


def time_sentences(ctx: Context) -> Items:
    cs = ctx.nouns[0] + "s"
    a = ctx.analysis
    summary = timeline_summary(a)
    items: Items = []
    if summary and summary["span_hours"] >= 2 and a.stats.analyzed >= 20:
        items.append((_pace_sentence(summary, ctx.nouns[0] + "s"), []))
    shifts = a.timeline.theme_shift if a.timeline else []
    titles = {t.id: t for t in a.themes if not t.other}
    moved = [
        s
        for s in shifts
        if s.get("theme_id") in titles
        and len(titles[s["theme_id"]].comment_ids) >= MIN_SHIFT_COMMENTS  # a few comments moving is noise
        and abs(float(s.get("late_share", 0)) - float(s.get("early_share", 0))) >= 0.1
    ]
    if moved:
        s = max(moved, key=lambda s: abs(float(s["late_share"]) - float(s["early_share"])))
        t = titles[s["theme_id"]]
        verb = "grew" if s["late_share"] > s["early_share"] else "faded"
        items.append(
            (
                f"Over time {bold(t)} {verb}, from {percent(s['early_share'])} of early {cs} to "
                f"{percent(s['late_share'])} of late ones.",
                [t.key_point_id],
            )
        )
    return items


def _listed(parts: list[str]) -> str:
    return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]


def _lean(ctx: Context) -> str:
    sent = ctx.analysis.tone.sentiment if ctx.analysis.tone else {}
    neg, pos = sent.get("negative", 0.0), sent.get("positive", 0.0)
    # "mostly" only for a majority; a plurality is "more negative than positive"
    if neg >= pos + 0.1:
        return "a mostly negative" if neg > 0.5 else "a more negative than positive"
    if pos >= neg + 0.1:
        return "a mostly positive" if pos > 0.5 else "a more positive than negative"
    return "a matter-of-fact" if sent.get("neutral", 0.0) >= 0.5 else "a mixed"


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


def conclusion_sentences(ctx: Context, shown: list[Theme], named: set[str] | None = None) -> Items:
    """What the conversation adds up to: its mood, whether it agrees or argues and over what, what is open."""
    a = ctx.analysis
    if not shown:
        return []
    tags = notable_tones(ctx)
    lean = _lean(ctx)
    if tags and tags[0].name in _LEADS:
        # the leading tone is what a reader remembers first; the sentiment then says which way it leans
        second = f", with {tone_name(tags[1].name)} close behind" if len(tags) > 1 else ""
        opening = f"In sum, {_LEADS[tags[0].name]}{second}: {lean} conversation"
    else:
        opening = f"In sum, this is {lean} conversation"
    # the themes people argue over: where replies push back in substance (a counterpoint) or split
    argued = [t for t in shown if t.counterpoint or t.stance.get("disagree", 0) >= 3]
    argued = sorted(argued, key=lambda t: (-t.stance.get("challenges", 0), -t.share, t.id))[:2]
    splits = any(is_split(p) and p.agree + p.disagree >= 5 for p in a.divisive)
    if split_reception(a):
        verdict = "that is divided over the post itself"
    elif splits:
        verdict = "that splits on real points"
    elif not has_replies(ctx.thread):
        verdict = ""  # without replies (Polis, a flat table) nothing says whether it agrees or argues
    else:
        sides = Counter(a.stances.values())  # every reply's stance: does the thread agree or argue?
        if sides["disagree"] > sides["agree"]:
            verdict = "that argues more than it agrees"
        elif sides["agree"] > sides["disagree"]:
            verdict = "whose replies agree more often than they argue"
        else:
            verdict = "with as much agreement as argument in its replies"
    line = opening + (f" {verdict}" if verdict else "")
    ids = [t.key_point_id for t in shown[:2]]
    if argued:
        line += f"; the pushback gathers around {_listed([bold(t) for t in argued])}"
        ids = [t.key_point_id for t in argued]
    open_qs = [q for q in a.questions if not q.answered]
    if open_qs and has_replies(ctx.thread):
        n = len(open_qs)
        line += f", and {count_noun(n, 'question')} {'is' if n == 1 else 'are'} left without an answer"
    items: Items = [(ends(line), ids)]
    named = named if named is not None else {t.id for t in shown}
    reach = percent(coverage(a, named))
    items.append(
        (
            f"The strands named here hold {reach} of the {ctx.nouns[0]}s.",
            [t.key_point_id for t in shown[:3]],
        )
    )
    return items


def write_post(analysis: Analysis, thread: Thread) -> DigestText:
    """The digest as connected prose, in the shape of a newsletter's "what people are saying" post."""
    ctx = Context(analysis, thread)
    b = Builder()
    article_block(b, ctx)
    if few_comments(analysis):
        return _write_one_by_one(b, ctx)
    b.paragraph(lede_sentences(ctx) + reaction_sentences(ctx))
    shown: list[Theme] = []
    for theme in major_themes(analysis):
        # a theme nobody can be quoted on gets no paragraph of its own, only a mention among the smaller
        paragraph = theme_sentences(ctx, theme, len(shown))
        if paragraph:
            b.paragraph(paragraph)
            shown.append(theme)
    b.paragraph(minor_sentences(ctx, shown))
    b.paragraph(question_sentences(ctx))
    b.paragraph(agreement_sentences(ctx) + phrase_sentences(ctx))
    b.paragraph(time_sentences(ctx))
    # coverage is of every strand the digest names, as the verifier counts it, not only those with paragraphs
    written = " ".join(x.text for x in b.sentences).lower()  # a title opening a sentence is capitalized
    named = {t.id for t in analysis.themes if bold(t).lower() in written}
    b.paragraph(conclusion_sentences(ctx, shown, named))
    return b.build("post", coverage=coverage(analysis, named))


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
