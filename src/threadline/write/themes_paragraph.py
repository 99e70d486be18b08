"""The post's paragraph for each major theme — its share woven in, its key points or a key quote, other
voices, how the replies inside it lean, the strongest pushback — and the line naming the smaller strands."""

from __future__ import annotations

from ..model import POINT_WORDS, Theme
from ..text import WHO_TOOK_PART, describes_self, is_question
from .agreement_paragraph import MIN_SPLIT_REPLIES, replies_split
from .compose import Context, Items, bold, capitalize, ends, listed
from .facts import theme_commenters
from .phrasing import count, percent, plural, share_words
from .places import lean_sentence
from .quoting import TRAILING, find_verbatim, opening, quote

__all__ = [
    "theme_sentences",
    "point_sentence",
    "counter_quote",
    "minor_sentences",
    "COUNTER_PARENT_WORDS",
    "MIN_POINT_COMMENTS",
]

QUOTE_CANDIDATES = 10  # where neither key point nor quotes can be quoted, its first comments are tried
KEY_QUOTE_WORDS = 35  # the theme's key quote: a sentence or two, enough to carry its point
EXTRA_QUOTE_WORDS = 22  # the other voices quoted beside it are single lines
MAX_EXTRA_QUOTES = 2  # ... at most two: a paragraph, not a list of quotes
THEME_CITED = 3  # a sentence about the whole theme cites its first few comments
ALL_OF_IT = 0.999  # a theme with this share holds every comment (allowing for rounding)
MAX_POINTS_SAID = 3  # key points a theme's paragraph states, largest first
MIN_POINT_COMMENTS = 2  # a point made by one comment is that comment's, not a point the theme makes
POINT_CITED = 2  # beside the quoted comment, a point's sentence cites this many more that make it
# A point whose own comments answer each other with at least this many disagreeing replies (and no more
# agreeing ones) is argued over, not made: "24 argue over “…”", never "24 say “…”". On the shared threads
# and the demo, 31 of 228 points of three comments or more are.
ARGUED_REPLIES = 2
COUNTER_PARENT_WORDS = 20  # the comment a counterpoint answers is quoted short: only to say which it is
COUNTER_OPENING_WORDS = 40  # a counterpoint is quoted with its reason: its opening sentences up to this
COUNTER_QUOTE_WORDS = 30  # ... else its best sentence
MIN_COUNTER_WORDS = 8  # "That's not what I said" disagrees but gives the reader nothing to weigh
MINOR_NAMED = 4  # smaller strands named in one line; beyond that they are counted

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
    "Then there is {t}, with {n} {cs}{from_p} ({pct} of all the {cs}).",
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
_COUNTER_TO = [
    "When one commenter says {p}, a reply answers: {q}",
    "To {p}, the sharpest answer is {q}",
    "One comment holds that {p}; a reply objects, {q}",
    "Someone writes {p}, and gets this back: {q}",
    "Against {p}, one reply argues {q}",
    "The claim {p} draws a rebuttal: {q}",
]
# (first point, a middle one, the last): every theme's paragraph gets its own framing
_POINTS = [
    ("Of these, {n} say {q}", "; {n} that {q}", "; and {n} that {q}"),
    ("{n} of them make the point {q}", "; {n} that {q}", "; and {n} that {q}"),
    ("The point made most often, by {n}, is {q}", "; next, by {n}, {q}", "; and, by {n}, {q}"),
    ("Within it, {n} argue {q}", "; {n} say instead {q}", "; and {n} add {q}"),
    ("Its commonest point, from {n}, is {q}", "; {n} hold that {q}", "; and {n} that {q}"),
    ("{n} put it as {q}", "; another {n}, {q}", "; and {n} more, {q}"),
]
_ARGUED = ("{n} argue over {q}", "; {n} argue over {q}", "; and {n} argue over {q}")
_SAID_AFTER_ARGUED = ("", "; {n} say {q}", "; and {n} say {q}")  # the list's frames lean on its first item
_ASKED = ("{n} ask {q}", "; {n} ask {q}", "; and {n} ask {q}")  # a point put as a question is asked, not said


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
    candidates += [(cid, None) for cid in theme.comment_ids[:QUOTE_CANDIDATES]]
    seen = ctx.quoted  # a comment quoted under one theme is not quoted again under another
    # only a quote that reads on its own: no quote is better than a fragment or a reply cut from its parent
    key_id, key = next(
        (
            (cid, q)
            for cid, t in candidates
            if cid not in seen and (q := ctx.quote_of(cid, t, max_words=KEY_QUOTE_WORDS, alone=True))
        ),
        (None, None),
    )
    if key is None:
        return []  # nothing quotable that stands alone: the theme is named among the smaller strands
    profiles = profile_sentence(ctx, theme) if theme.title == WHO_TOOK_PART else None
    if profiles:  # statements for participants to say who they are: no current of the talk
        opener = (
            "{t} is asked in {n} of the {cs} ({pct}{c_from_p}), each for participants to agree with or not."
        )
        return [(capitalize(opener.format(**fields)), theme.comment_ids[:THEME_CITED]), profiles]
    if theme.share >= ALL_OF_IT:
        opener = f"Every one of the {fields['n_all']} {c}s is about {fields['t']}."
    else:
        opener = v.pick("opener-first" if rank == 0 else "opener", _OPENERS_FIRST if rank == 0 else _OPENERS)
        opener = opener.format(**fields)
    items: Items = [(capitalize(opener), [theme.key_point_id, *theme.comment_ids[:THEME_CITED]])]
    lean = lean_sentence(ctx, theme)
    if lean:
        items.append(lean)
    points = point_sentence(ctx, theme)
    if points:
        items.append(points)
    else:
        seen.add(str(key_id))
        items.append((ends(ctx.impersonal(v.pick("key", _KEY_POINT)).format(q=key)), [str(key_id)]))
    quoted = _other_voices(ctx, theme, key)
    if quoted:
        qs = " and ".join(q for q, _ in quoted)
        k = int(v.pick("more", [str(i) for i in range(len(_MORE_QUOTES))]))
        frame = _MORE_QUOTES[k][0 if len(quoted) > 1 else 1]
        items.append((ends(frame.format(qs=qs)), [cid for _, cid in quoted]))
    stance = _stance_sentence(ctx, theme)
    if stance:
        items.append(stance)
    cp = theme.counterpoint
    cq = counter_quote(ctx, cp.comment_id) if cp and cp.comment_id not in seen else None
    if cp and cq:
        seen.add(cp.comment_id)
        items.append(_counter_sentence(ctx, cp.comment_id, cq))
    return items


def _other_voices(ctx: Context, theme: Theme, key: str) -> list[tuple[str, str]]:
    """Up to ``MAX_EXTRA_QUOTES`` more of the theme's quotes, none said already nor kept for the pushback."""
    quoted: list[tuple[str, str]] = []
    reserved = theme.counterpoint.comment_id if theme.counterpoint else None  # kept to push back later
    for x in theme.quotes:
        usable = x.comment_id not in ctx.quoted and x.comment_id != reserved
        q = ctx.quote_of(x.comment_id, x.text, max_words=EXTRA_QUOTE_WORDS, alone=True) if usable else None
        if q and q != key and all(q != other for other, _ in quoted):  # the same words twice add nothing
            quoted.append((q, x.comment_id))
    quoted = quoted[:MAX_EXTRA_QUOTES]
    ctx.quoted.update(cid for _, cid in quoted)
    return quoted


def _stance_sentence(ctx: Context, theme: Theme) -> tuple[str, list[str]] | None:
    """How the replies inside the theme lean, once enough of them take a side to say."""
    agree, disagree = theme.stance.get("agree", 0), theme.stance.get("disagree", 0)
    if agree + disagree < MIN_SPLIT_REPLIES:
        return None
    lean = "against" if disagree > agree else "split" if replies_split(agree, disagree) else "for"
    lean = "all" if disagree == 0 else "none" if agree == 0 else lean
    line = ctx.variety.pick_optional("stance-" + lean, _STANCE[lean])
    return (line.format(a=count(agree), d=count(disagree)), theme.comment_ids[:THEME_CITED]) if line else None


def profile_votes(ctx: Context, theme: Theme) -> list[tuple[int, int, str, str]]:
    """The theme's statements saying who a participant is, as (agreeing votes, votes either way, id, quote),
    the most agreed with first; none already quoted."""
    voted = [
        (c.votes.agree, c.votes.agree + c.votes.disagree, cid, q)
        for cid in theme.comment_ids
        if (c := ctx.comment(cid)) is not None
        and c.votes
        and c.votes.agree
        and describes_self(c.text)
        and cid not in ctx.quoted
        and (q := ctx.quote_of(cid, c.text, max_words=POINT_WORDS))  # short, yet whole: "I own property"
    ]
    return sorted(voted, key=lambda v: (-v[0], -v[1]))


def profile_sentence(ctx: Context, theme: Theme) -> tuple[str, list[str]] | None:
    """Who took part, as the votes on the profile statements tell it: the ones most agreed with, each with
    its agreeing votes of those cast either way. Each such statement is a question put to the room ("I am
    under 30"), so how many agree says who is there, where "six say ..." would misread them as opinions."""
    top = profile_votes(ctx, theme)[:MAX_POINTS_SAID]
    if len(top) < 2:
        return None
    (a, n, _, q), rest = top[0], top[1:]
    said = [f"{q} ({count(a)} of the {count(n)} who voted either way)"]
    said += [f"{q} ({count(a)} of {count(n)})" for a, n, _, q in rest]
    ctx.quoted.update(cid for _, _, cid, _ in top)
    return f"The most agreed with are {listed(said)}.", [cid for _, _, cid, _ in top]


def point_sentence(ctx: Context, theme: Theme) -> tuple[str, list[str]] | None:
    """What the theme's key points say, with how many comments make each: "Of these, 31 say “…”; 12 that “…”.

    Only points made by at least two comments whose sentence reads on its own; one such point is no list,
    and the paragraph quotes its key point instead. A key point is one short sentence (``POINT_WORDS``). A
    point its own comments argue over (``argued``) is said so: "24 argue over “…”", citing the pushback; a
    point put as a question is asked: "five ask “Is it weird that I read the title differently”".
    """
    said: list[tuple[int, str, list[str], bool, bool]] = []
    for point in theme.points:
        made_by = len(point.comment_ids)
        if len(said) == MAX_POINTS_SAID or made_by < MIN_POINT_COMMENTS or point.comment_id in ctx.quoted:
            continue
        q = ctx.quote_of(point.comment_id, point.text, max_words=POINT_WORDS, alone=True)
        if q and all(q != other for _, other, *_ in said):
            pushback = argued(ctx, point.comment_ids)
            backing = pushback or ctx.voices(point.comment_ids)
            said.append(
                (made_by, q, [point.comment_id, *backing[:POINT_CITED]], bool(pushback), is_question(q))
            )
    if len(said) < 2:
        return None
    chosen = ctx.variety.pick_optional("points", [str(i) for i in range(len(_POINTS))])
    if chosen is None:
        return None
    text = ""
    made = _SAID_AFTER_ARGUED if said[0][3] or said[0][4] else _POINTS[int(chosen)]
    for i, (n, q, _, contested, asks) in enumerate(said):
        frames = _ASKED if asks else _ARGUED if contested else made
        text += frames[0 if i == 0 else 2 if i == len(said) - 1 else 1].format(n=count(n), q=q)
    ctx.quoted.update(ids[0] for _, _, ids, *_ in said)
    # the quoted comments first: a sentence cites at most MAX_CITED ids, and each quote needs its own
    cited = [ids[0] for _, _, ids, *_ in said] + [cid for _, _, ids, *_ in said for cid in ids]
    return ends(capitalize(text)), cited


def argued(ctx: Context, ids: list[str]) -> list[str]:
    """The disagreeing replies among ``ids`` that answer another of ``ids``, when there are at least
    ``ARGUED_REPLIES`` of them and no fewer than agreeing ones (the point is argued over); else none."""
    members, stances = set(ids), ctx.analysis.stances
    inside = [cid for cid in ids if (c := ctx.comment(cid)) is not None and c.parent_id in members]
    against = [cid for cid in inside if stances.get(cid) == "disagree"]
    backing = sum(stances.get(cid) == "agree" for cid in inside)
    return against if len(against) >= ARGUED_REPLIES and len(against) >= backing else []


def _counter_sentence(ctx: Context, cid: str, cq: str) -> tuple[str, list[str]]:
    """The pushback with what it pushes back on, so the reader sees both sides of the exchange."""
    reply = ctx.comment(cid)
    parent_id = reply.parent_id if reply else None
    fresh = parent_id and parent_id not in ctx.quoted  # a comment quoted already is not quoted again
    pq = ctx.quote_of(parent_id, max_words=COUNTER_PARENT_WORDS) if fresh else None
    line = ctx.variety.pick_optional("counter-to", _COUNTER_TO) if pq else None
    line = ctx.impersonal(line) if line else None
    if line and pq and parent_id:
        return ends(line.format(p=pq, q=cq)), [parent_id, cid]
    return ends(ctx.variety.pick("counter", _COUNTER).format(q=cq)), [cid]


def _argued(quoted: str | None) -> str | None:
    """A counterpoint's quote only if it argues something: long enough to carry a reason."""
    return quoted if quoted and len(quoted.split()) >= MIN_COUNTER_WORDS else None


def counter_quote(ctx: Context, cid: str) -> str | None:
    """A counterpoint quoted with its reason: its opening sentences, not a bare "That's not how it works"."""
    found = ctx.comment(cid)
    lead = opening(found.text, max_words=COUNTER_OPENING_WORDS) if found else None
    if lead and found and find_verbatim(lead, found.text):
        where = ctx.where(cid)
        argued = _argued(quote(lead.rstrip(TRAILING)))
        return argued + f" {where}" if argued and where else argued
    return _argued(ctx.quote_of(cid, max_words=COUNTER_QUOTE_WORDS))


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
        named = [f"{bold(t)} ({plural(len(t.comment_ids), ctx.nouns[0])})" for t in rest[:MINOR_NAMED]]
        items.append(
            (
                f"Smaller strands include {', '.join(named[:-1]) + ' and ' if len(named) > 1 else ''}"
                f"{named[-1]}.",
                [t.key_point_id for t in rest[:MINOR_NAMED]],
            )
        )
        if len(rest) > MINOR_NAMED:
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
        items.append((rest_line, o.comment_ids[:THEME_CITED]))
    return items


def _unnamed_sentence(ctx: Context, shown: list[Theme], rest: list[Theme]) -> str:
    """How many strands there are, and how much the ones left unnamed hold between them.

    With many small strands (a thread of thousands) the unnamed ones can hold half the comments; "small"
    alone would hide that. Their total is stated when the named strands are the largest ones, so that it is
    the tail the verifier can trace (the analysis share beyond the k largest themes).
    """
    themes = sorted((t for t in ctx.analysis.themes if not t.other), key=lambda t: (-t.share, t.id))
    named = {t.id for t in [*shown, *rest[:MINOR_NAMED]]}
    found = f"In all, the analysis found {count(len(themes))} strands"
    if {t.id for t in themes[: len(named)]} != named:
        return f"{found}; those not named here are small."
    unnamed = themes[len(named) :]
    tail = sum(t.share for t in unnamed)
    return (
        f"{found}; the rest hold {percent(tail)} of the {ctx.nouns[0]}s between them, "
        f"none more than {percent(unnamed[0].share)}."
    )
