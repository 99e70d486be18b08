"""The post's paragraph on time: how fast the comments came, and the strand that grew or faded most."""

from __future__ import annotations

from ..text import WHO_TOOK_PART
from .compose import Context, Items, bold, capitalize
from .facts import timeline_summary
from .phrasing import count, percent, share_words

__all__ = ["time_sentences"]

# The pace is told for a discussion of at least MIN_PACE_COMMENTS comments spanning MIN_PACE_HOURS: a
# handful of comments, or an hour's, has no pace worth a sentence.
MIN_PACE_COMMENTS = 20
MIN_PACE_HOURS = 2
FAST_HOURS = 24  # most comments within a day: it "happened fast"
DAYS_HOURS = 72  # within three days: "over a couple of days"; beyond, the pace is told in days
MIN_SHIFT_COMMENTS = 8  # a theme's move over time is only told when it has this many comments
MIN_SHIFT = 0.1  # ... and its share moved by this much between early and late comments


def _pace_sentence(summary: dict[str, float], cs: str = "comments") -> str:
    """How fast the comments came, in hours for a day or three, in days beyond."""
    hours, share = int(summary["early_hours"]), share_words(summary["early_share"])
    within = "the first hour" if hours == 1 else f"the first {count(hours)} hours"
    if hours <= FAST_HOURS:
        return f"Most of it happened fast: {share} of the {cs} came within {within}."
    if hours <= DAYS_HOURS:
        return f"It unfolded over a couple of days, with {share} of the {cs} in {within}."
    days = int(summary["early_days"])
    return capitalize(f"{share} of the {cs} came within the first {count(days)} days.")


def _moved(shift: dict) -> float:
    return abs(float(shift.get("late_share", 0)) - float(shift.get("early_share", 0)))


def time_sentences(ctx: Context) -> Items:
    cs = ctx.nouns[0] + "s"
    a = ctx.analysis
    summary = timeline_summary(a)
    items: Items = []
    if summary and summary["span_hours"] >= MIN_PACE_HOURS and a.stats.analyzed >= MIN_PACE_COMMENTS:
        items.append((_pace_sentence(summary, cs), []))
    shifts = a.timeline.theme_shift if a.timeline else []
    # Profile statements are put up before the talk begins: their fading says nothing about the talk.
    titles = {t.id: t for t in a.themes if not t.other and t.title != WHO_TOOK_PART}
    moved = [
        s
        for s in shifts
        if s.get("theme_id") in titles
        and len(titles[s["theme_id"]].comment_ids) >= MIN_SHIFT_COMMENTS  # a few comments moving is noise
        and _moved(s) >= MIN_SHIFT
    ]
    if moved:
        s = max(moved, key=_moved)
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
