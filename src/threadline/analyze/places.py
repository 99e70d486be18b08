"""Several sources digested together: each theme's share per source, each source's own counts, and the
comments left out as copies of one made in another source.

A theme's share in a source is of that source's analyzed comments, so a small thread weighs as much as a
large one when the two are compared.
"""

from __future__ import annotations

from ..analyze.clean import REASONS
from ..model import Analysis, Corpus, Stats, Thread, label_of, people

__all__ = ["split_by_source", "shared_clock"]

# Several discussions share a clock when their spans overlap by at least this share of the shorter one: then
# "early" and "late" mean the same hours in each. Threads a year apart (the same story found again) do not.
MIN_OVERLAP = 0.5


def shared_clock(thread: Thread) -> bool:
    """Whether the comments' times can be read on one timeline: one source, or several whose spans overlap
    (``MIN_OVERLAP``). Otherwise a timeline over the union would tell of the gap between the threads."""
    spans = []
    for part in thread.parts:
        times = [c.time for c in part.thread.comments if c.time is not None]
        if times:
            spans.append((min(times), max(times)))
    if len(spans) < 2:
        return True
    start, end = max(s for s, _ in spans), min(e for _, e in spans)
    shortest = min(e - s for s, e in spans)
    return end >= start and (end - start) >= MIN_OVERLAP * shortest


def _source_stats(corpus: Corpus, label: str) -> Stats:
    part = next(p for p in corpus.thread.parts if p.label == label)
    analyzed = [c for c in corpus.comments if label_of(c.id) == label]
    excluded = dict.fromkeys(REASONS, 0)
    for cid, reason in corpus.reasons.items():
        if label_of(cid) == label:
            excluded[reason] += 1
    return Stats(
        comments=part.thread.seen_comments,
        commenters=people(analyzed),
        analyzed=len(analyzed),
        excluded=excluded,
        unattributed=sum(1 for c in analyzed if not c.author),
    )


def split_by_source(corpus: Corpus, analysis: Analysis) -> None:
    """Fill ``analysis.by_source``, ``copies_across`` and each theme's ``source_shares`` (several sources
    only; for one source nothing changes)."""
    labels = [p.label for p in corpus.thread.parts]
    if not labels:
        return
    analysis.by_source = {label: _source_stats(corpus, label) for label in labels}
    analysis.copies_across = sum(
        1 for later, kept in corpus.copies.items() if label_of(later) != label_of(kept)
    )
    for theme in analysis.themes:
        counts = dict.fromkeys(labels, 0)
        for cid in theme.comment_ids:
            counts[label_of(cid)] = counts.get(label_of(cid), 0) + 1
        theme.source_shares = {
            label: counts[label] / analysis.by_source[label].analyzed
            if analysis.by_source[label].analyzed
            else 0.0
            for label in labels
        }
