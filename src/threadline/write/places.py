"""What a digest of several discussions says about them: how many comments each place brought, what was
counted once because it was posted in more than one, that people are never matched across places, and
where a theme is much more a matter of one place than another."""

from __future__ import annotations

from ..model import Theme, label_of
from ..sources.combine import place_name
from .compose import Context, Items, bold, listed
from .phrasing import count, count_noun, percent

__all__ = [
    "sources_sentences",
    "lean_sentence",
    "contrast_sentence",
    "share_columns",
    "score_heading",
    "LEAN_RATIO",
    "LEAN_MIN_COMMENTS",
    "LEAN_MIN_SHARE",
]

# A theme "is much more a matter of" one place when its share of that place's comments is at least this many
# times its share of another's. Twice is where a reader notices a difference without being told (a theme
# taking 20% of one thread and 10% of the other). It is a choice, not fitted. The first pair measured, the
# shared HN thread with r/AskReddit (two different stories), has all 12 themes above it with the quality
# embedder (ratios 2.7 to 50, or one place only) and all but one (1.8) with the fast one. The demo's pair, one
# story on a world-news forum and on Hacker News, written so that the two lean different ways: 10 of 11
# themes above it with the quality embedder (the sanctions, 1.5, below; NATO on the forum only) and 9 of 11
# with the fast one (1.0 and 1.1 below), so a theme both places share is not said to lean.
LEAN_RATIO = 2.0
LEAN_MIN_COMMENTS = 5  # a theme of four comments has no "place" to speak of: one reply chain can make it
LEAN_MIN_SHARE = 0.05  # ... nor one below 5% of the place it leans to: a ratio of two slivers says little


def _places(ctx: Context) -> dict[str, str]:
    return {p.label: place_name(p, ctx.thread.parts) for p in ctx.thread.parts}


def share_columns(ctx: Context) -> list[tuple[str, str]]:
    """For a table of themes over several sources: each source's label and its column's heading ("Share on
    Hacker News"), the column holding the theme's share of that source's comments (none for one source)."""
    return [(label, f"Share {place}") for label, place in _places(ctx).items()]


def score_heading(ctx: Context) -> str:
    """The heading of a theme's share of the score: naming the places that have scores when some of several
    have none ("Share of score on r/worldnews": Hacker News shows no comment scores)."""
    parts = ctx.thread.parts
    scored = [p for p in parts if any(c.score is not None for c in p.thread.comments)]
    if len(scored) == len(parts):
        return "Share of score"
    return "Share of score " + listed([place_name(p, parts) for p in scored])


def sources_sentences(ctx: Context) -> Items:
    """The lede's word on the sources: each place's count, copies counted once, people not matched."""
    a = ctx.analysis
    if not ctx.thread.parts or not a.by_source:
        return []
    noun = ctx.nouns[0]
    places = _places(ctx)
    said = [
        (count_noun(st.analyzed, noun) if i == 0 else count(st.analyzed)) + f" {places[label]}"
        for i, (label, st) in enumerate(a.by_source.items())
    ]
    items: Items = [(f"They come from {count(len(said))} places: {listed(said)}.", [])]
    if a.copies_across:
        copies = "comment" if a.copies_across == 1 else "comments"
        items.append(
            (
                f"{count(a.copies_across).capitalize()} {copies} posted word for word in more than one of "
                "these places are counted once.",
                [],
            )
        )
    if a.stats.authors_known != "none":
        items.append(
            (
                "No one is matched across places: an account on one platform is never taken for an account "
                "on another, so the counts of people add up each place's own.",
                [],
            )
        )
    return items


def lean_sentence(ctx: Context, theme: Theme) -> tuple[str, list[str]] | None:
    """Where a theme is much more a matter of one place than another (``LEAN_RATIO``), with both shares."""
    shares = theme.source_shares
    if len(shares) < 2 or len(theme.comment_ids) < LEAN_MIN_COMMENTS:
        return None
    high = max(shares, key=lambda k: shares[k])
    low = min(shares, key=lambda k: shares[k])
    if shares[high] < LEAN_MIN_SHARE or shares[high] < LEAN_RATIO * shares[low]:
        return None
    places = _places(ctx)
    cited = [cid for cid in theme.comment_ids if label_of(cid) == high]
    them = f"{ctx.nouns[0]}s"
    hi, lo = percent(shares[high]), percent(shares[low])
    if shares[low] == 0:
        text = f"It comes up only {places[high]} ({hi} of the {them} there)."
    else:
        # the first such sentence says what it measures; later ones say the same more briefly, in turn
        forms = _LEAN_FORMS[:1] if ctx.leans == 0 else _LEAN_FORMS[1:]
        form = forms[(ctx.leans - 1) % len(forms) if ctx.leans else 0]
        text = form.format(
            where=places[high].split(" ", 1)[1],  # "on Hacker News" -> "Hacker News"
            other=places[low].split(" ", 1)[1],
            at_hi=places[high],
            at_lo=places[low],
            hi=hi,
            lo=lo,
            them=them,
        )
        text = text[0].upper() + text[1:]
    ctx.leans += 1
    return text, cited[:3]


# How a theme's lean is said: the measure in full the first time, then shorter ways of saying the same.
_LEAN_FORMS = [
    "It is much more a matter of {where} than of {other}: {hi} of the {them} {at_hi}, against {lo} {at_lo}.",
    "{at_hi} it takes {hi} of the {them}, {at_lo} only {lo}.",
    "It belongs mostly to {where}: {hi} of the {them} there, against {lo} {at_lo}.",
    "Far more of it was said {at_hi} ({hi} of the {them} there) than {at_lo} ({lo}).",
]


def contrast_sentence(ctx: Context, themes: list[Theme]) -> tuple[str, list[str]] | None:
    """Where the places differ, in one line: the strand that leads in each, with its share there ("on Hacker
    News, **Russia** (25% of the comments there); on r/AskReddit, **the mermaids** (26%)"). Only among
    ``themes``, the strands the digest has already named; None with one source or one place leading alike."""
    parts = ctx.thread.parts
    if len(parts) < 2 or not themes:
        return None
    places = _places(ctx)
    said: list[tuple[Theme, str]] = []
    cited: list[str] = []
    for part in parts:
        top = max(themes, key=lambda t: (t.source_shares.get(part.label, 0.0), -len(t.comment_ids)))
        share = top.source_shares.get(part.label, 0.0)
        if share <= 0:
            continue
        there = " of the comments there" if not said else ""
        said.append((top, f"{places[part.label]}, {bold(top)} ({percent(share)}{there})"))
        cited += [cid for cid in top.comment_ids if label_of(cid) == part.label][:2]
    if len(said) < 2:
        return None
    if len({t.id for t, _ in said}) == 1:  # the same strand leads everywhere: the places agree on it
        shares = listed([percent(said[0][0].source_shares[p.label]) for p in parts])
        return (
            f"{bold(said[0][0]).capitalize()} leads in every place ({shares} of each one's comments).",
            cited,
        )
    return "Each place has its own lead: " + "; ".join(text for _, text in said) + ".", cited
