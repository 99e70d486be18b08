"""Time: comments per time bin, and how theme shares moved from the first part of a thread to the last."""

from __future__ import annotations

import math

from ..model import Corpus, Theme, Timeline, label_of

# Bin widths a reader can name, from a minute to a week (seconds).
_STEPS = (60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 2 * 86400, 7 * 86400)
MAX_BINS = 48


def _bin_width(span: float) -> float:
    """The smallest nameable width that keeps the number of bins at most MAX_BINS."""
    for step in _STEPS:
        if span / step <= MAX_BINS:
            return step
    return 7 * 86400 * math.ceil(span / (7 * 86400 * MAX_BINS))


def build_timeline(corpus: Corpus, themes: list[Theme], *, part: float = 1 / 3) -> Timeline | None:
    """Comments over time and each theme's share in the first vs the last ``part`` of the comments.

    None when fewer than two comments have a time. "First" and "last" are by comment order in time, so a
    thread whose comments all came in one burst still splits into early and late halves of its readers;
    with several sources, each source's first and last ``part`` of its own comments.
    """
    timed = sorted((c.time, c.id) for c in corpus.comments if c.time is not None)
    if len(timed) < 2:
        return None
    start, end = timed[0][0], timed[-1][0]
    width = _bin_width(max(end - start, 1.0))
    origin = start - start % width
    counts: dict[float, int] = {}
    for t, _ in timed:
        key = origin + ((t - origin) // width) * width
        counts[key] = counts.get(key, 0) + 1
    n_bins = int((end - origin) // width) + 1
    bins = [(origin + k * width, counts.get(origin + k * width, 0)) for k in range(n_bins)]
    # Early and late within each source: threads that started hours apart would otherwise make a strand of
    # the later one "grow" over time when it only belongs more to that place.
    by_source: dict[str, list[str]] = {}
    for _, cid in timed:
        by_source.setdefault(label_of(cid) if corpus.thread.parts else "", []).append(cid)
    early: set[str] = set()
    late: set[str] = set()
    for ids in by_source.values():
        k = max(1, int(len(ids) * part))
        early.update(ids[:k])
        late.update(ids[-k:])
    shift = []
    for theme in themes:
        members = set(theme.comment_ids)
        shift.append(
            {
                "theme_id": theme.id,
                "early_share": round(len(members & early) / len(early), 4),
                "late_share": round(len(members & late) / len(late), 4),
            }
        )
    return Timeline(bins=bins, theme_shift=shift)
