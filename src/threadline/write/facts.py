"""The numbers a digest may state: exactly those the analysis computed, and simple sums of them.

Traceable means one of:

- a **count** the analysis holds: comments seen, declared, analyzed, excluded (each reason and their
  sum), comments not expanded, comments without a known author, commenters; themes (all, those that
  are not "other", and the major ones the report describes); each theme's comments, commenters (its
  commenter share × commenters), stance counts, its key points and their comments; replies by stance
  (agree, disagree, neutral, all); each tone tag's comments; each sentiment's comments (its share ×
  analyzed);
  questions (all, answered, unanswered), each question's askers and answers; each consensus/divisive
  statement's agree, disagree and their sum, its opinion groups and each group's agree, disagree, pass
  votes and their sums, and the votes cast in a conversation; each statement saying who a participant
  is ("I live in a city"): its agreeing votes and its votes either way, and each group's agree and
  disagree votes on it; phrases and each
  phrase's commenters and comments; timeline bins; the hours the discussion spans and the comments within
  the first hours the writer reports (from ``timeline_summary``);
- a **percentage** within one point of a share ×100: theme shares (comments, commenters, score), sentiment
  and tone tag shares, each learned emotion's share, each opinion group's agreement with a statement
  ((agree + 1) / (votes + 2)), question askers over analyzed, agree over agree+disagree, the early and
  late shares of the timeline, the cumulative share of the largest themes and of all the themes beyond
  them, and the coverage of the themes the digest mentions;
- a **fraction in words** ("about a third", "one in five") within ``FRACTION_TOLERANCE`` of any such share
  (for "one in N", within a tenth of the share).

A count of **people** ("from 24 people") must be one of the people counts: commenters, each theme's
commenters, each phrase's commenters, all of them distinct known authors. Where the source names no author
there are none, and where it names only some, each is a lower bound the digest must write as "at least".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Analysis, Question, Reception, Thread
from ..text import describes_self
from .phrasing import FRACTION_TOLERANCE

__all__ = [
    "Facts",
    "compute_facts",
    "coverage",
    "timeline_summary",
    "theme_commenters",
    "people_counts",
    "few_comments",
    "FEW_COMMENTS",
    "split_reception",
    "has_replies",
    "major_themes",
    "question_rank",
    "REPORT_QUESTIONS",
]


@dataclass
class Facts:
    counts: set[int] = field(default_factory=set)
    shares: set[float] = field(default_factory=set)
    people: set[int] = field(default_factory=set)  # counts of distinct known authors

    def has_count(self, value: float) -> bool:
        return float(value).is_integer() and int(value) in self.counts

    def has_percent(self, value: float) -> bool:
        return any(abs(s * 100 - value) < 1.0 for s in self.shares) or (value == 100 and 1.0 in self.shares)

    def has_fraction(self, value: float, one_in: bool = False) -> bool:
        if one_in:
            return any(abs(s - value) <= 0.1 * s + 1e-9 for s in self.shares if s > 0)
        return any(abs(s - value) <= FRACTION_TOLERANCE + 1e-9 for s in self.shares)


def theme_commenters(analysis: Analysis, share: float | None) -> int | None:
    """A theme's known authors (its commenter share × the thread's), None where no author is known."""
    commenters = analysis.stats.commenters
    return None if share is None or commenters is None else round(share * commenters)


def people_counts(analysis: Analysis) -> set[int]:
    """Every count of people the analysis made: commenters, each theme's and each phrase's (known authors)."""
    found = {analysis.stats.commenters, *(p.commenters for p in analysis.phrases)}
    found |= {st.commenters for st in analysis.by_source.values()}
    found |= {theme_commenters(analysis, t.commenter_share) for t in analysis.themes}
    return {n for n in found if n}


def major_themes(analysis: Analysis, limit: int = 6) -> list:
    """The themes worth a paragraph: not the "other" bin, at least two comments, largest first."""
    themes = [t for t in analysis.themes if not t.other and len(t.comment_ids) >= 2]
    themes.sort(key=lambda t: (-t.share, t.id))
    return themes[:limit]


def timeline_summary(analysis: Analysis) -> dict[str, float] | None:
    """How long the discussion ran and how much came early: hours spanned, comments in the first hours."""
    tl = analysis.timeline
    if tl is None or len(tl.bins) < 2:
        return None
    start = tl.bins[0][0]
    width = tl.bins[1][0] - tl.bins[0][0]
    total = sum(n for _, n in tl.bins)
    if total == 0 or width <= 0:
        return None
    last_busy = max(i for i, (_, n) in enumerate(tl.bins) if n > 0)
    span_hours = round((tl.bins[last_busy][0] + width - start) / 3600)
    running = 0
    for i, (t, n) in enumerate(tl.bins):
        running += n
        if running >= 0.75 * total:
            early_hours = max(1, round((t + width - start) / 3600))
            return {
                "early_days": round(early_hours / 24),
                "span_days": round(span_hours / 24),
                "span_hours": span_hours,
                "early_hours": early_hours,
                "early_count": running,
                "early_share": running / total,
                "bins_to_75": i + 1,
            }
    return None


MIN_SIDE = 3  # a side of the post's reception needs this many top-level comments to be called a side
# Below this many analyzed comments a thread has no strands to speak of: its themes may be single comments
# (``analyze.themes`` lets each stand alone below ten), while a reader takes in nine comments one by one
# in a paragraph or two. Such a thread is told comment by comment (``one_by_one``), never as strands.
FEW_COMMENTS = 10


def few_comments(analysis: Analysis) -> bool:
    """Whether the thread is too small to have strands, so the digest goes through it comment by comment."""
    return analysis.stats.analyzed < FEW_COMMENTS


def split_reception(analysis: Analysis) -> Reception | None:
    """The post's reception where it splits opinion: both sides have at least ``MIN_SIDE`` comments."""
    rec = analysis.reception
    return rec if rec and min(len(rec.welcoming), len(rec.objecting)) >= MIN_SIDE else None


def _analysis_counts(analysis: Analysis, thread: Thread) -> set[int]:
    st = analysis.stats
    rec = analysis.reception
    counts_rec = (
        {len(rec.welcoming), len(rec.objecting), len(rec.welcoming) + len(rec.objecting)} if rec else set()
    )
    counts = {st.comments, st.analyzed, st.unattributed, sum(st.excluded.values()), *st.excluded.values()}
    counts |= {thread.seen_comments, thread.unexpanded} | counts_rec | people_counts(analysis)
    if thread.declared_comments is not None:
        counts |= {thread.declared_comments, max(0, thread.declared_comments - thread.seen_comments)}
    themes = analysis.themes
    counts |= {len(themes), sum(1 for t in themes if not t.other), len(major_themes(analysis))}
    for t in themes:
        counts |= {len(t.comment_ids), *t.stance.values()}
        counts |= {len(p.comment_ids) for p in t.points} | {len(t.points)}
        counts.add(sum(t.stance.values()))
        if t.tone:
            counts |= {len(tag.comment_ids) for tag in t.tone.tags}
    if analysis.tone:
        counts |= {len(tag.comment_ids) for tag in analysis.tone.tags}
        counts |= {round(tag.share * st.analyzed) for tag in analysis.tone.tags}  # told as counts
        counts |= {round(s * st.analyzed) for s in analysis.tone.sentiment.values()}
    qs = analysis.questions
    answered = sum(1 for q in qs if q.answered)
    counts |= {len(qs), answered, len(qs) - answered}
    counts.add(min(len(qs), REPORT_QUESTIONS))
    for q in qs:
        counts |= {len(q.comment_ids), len(q.answer_ids)}
    votes = 0
    for p in [*analysis.consensus, *analysis.divisive]:
        counts |= {p.agree, p.disagree, p.agree + p.disagree, len(p.groups)}
        for v in p.groups.values():  # each opinion group's votes on it
            counts |= {*v.values(), sum(v.values()), v.get("agree", 0) + v.get("disagree", 0)}
        if p.signal == "score" and (c := thread.by_id.get(p.comment_id)) and c.score is not None:
            counts.add(c.score)  # a point endorsed by score is shown with its score
    counts |= {len(analysis.consensus), len(analysis.divisive), len(analysis.phrases)}
    for c in thread.comments:
        if c.votes:
            votes += c.votes.total
            if describes_self(c.text):  # who took part: how many agree they are so, of all voting either way
                counts |= {c.votes.agree, c.votes.agree + c.votes.disagree}
                for v in c.extra.get("group_votes", {}).values():  # ... and in each opinion group
                    counts |= {v.get("agree", 0), v.get("disagree", 0)}
    if votes:
        counts.add(votes)
    counts |= {len(ph.comment_ids) for ph in analysis.phrases}
    if analysis.timeline:
        counts |= {n for _, n in analysis.timeline.bins}
    stance_counts: dict[str, int] = {}
    for stance in analysis.stances.values():
        stance_counts[stance] = stance_counts.get(stance, 0) + 1
    counts |= set(stance_counts.values()) | {len(analysis.stances)}
    for part_stats in analysis.by_source.values():  # several sources: each one's counts, and how many
        counts |= {part_stats.comments, part_stats.analyzed, part_stats.unattributed}
        counts |= {sum(part_stats.excluded.values()), *part_stats.excluded.values()}
    if analysis.by_source:
        counts |= {len(analysis.by_source), analysis.copies_across}
    summary = timeline_summary(analysis)
    if summary:
        counts |= {
            int(summary[k]) for k in ("span_hours", "early_hours", "early_count", "early_days", "span_days")
        }
    return counts


def _analysis_shares(analysis: Analysis) -> set[float]:
    st = analysis.stats
    shares: set[float] = set()
    for t in analysis.themes:
        shares |= {t.share, *(p.share for p in t.points)}
        if t.commenter_share is not None:
            shares.add(t.commenter_share)
        if t.score_share is not None:
            shares.add(t.score_share)
        if t.tone:
            shares |= {tag.share for tag in t.tone.tags} | set(t.tone.sentiment.values())
        shares |= set(t.source_shares.values())  # several sources: its share of each one's comments
    running, cumulative = 0.0, []
    for t in sorted((t for t in analysis.themes if not t.other), key=lambda t: -t.share):
        running += t.share
        cumulative.append(running)
    # the largest k themes together, and all the others together
    shares |= set(cumulative) | {running - c for c in cumulative}
    if analysis.tone:
        shares |= set(analysis.tone.sentiment.values()) | {tag.share for tag in analysis.tone.tags}
        shares |= set(analysis.tone.emotions.values())  # each learned emotion's share of the comments
    if st.analyzed:
        shares |= {len(q.comment_ids) / st.analyzed for q in analysis.questions}
    if st.commenters:
        shares |= {ph.commenters / st.commenters for ph in analysis.phrases if ph.commenters}
    for p in [*analysis.consensus, *analysis.divisive]:
        if p.agree + p.disagree:
            shares |= {p.agree / (p.agree + p.disagree), p.disagree / (p.agree + p.disagree)}
        for v in p.groups.values():  # each opinion group's agreement, as the consensus measure reads it
            shares.add((v.get("agree", 0) + 1) / (sum(v.values()) + 2))
    if analysis.timeline:
        for shift in analysis.timeline.theme_shift:
            shares |= {float(shift.get("early_share", 0.0)), float(shift.get("late_share", 0.0))}
    summary = timeline_summary(analysis)
    if summary:
        shares.add(summary["early_share"])
    return shares


REPORT_QUESTIONS = 10  # the report lists at most this many questions and says so when it cuts


def has_replies(thread: Thread) -> bool:
    """Whether anyone in the thread replies to anyone (a Polis conversation or a flat table has no replies,
    so whether a question was answered is not something it can tell)."""
    return any(c.parent_id for c in thread.comments)


def question_rank(thread: Thread, q: Question) -> tuple:
    """Sort key, most important first: more askers, then the best-scored asker, then more answers."""
    scores = [c.score or 0 for cid in q.comment_ids if (c := thread.by_id.get(cid))]
    return (-len(q.comment_ids), -max(scores, default=0), -len(q.answer_ids), q.text)


def coverage(analysis: Analysis, theme_ids: list[str] | set[str]) -> float:
    """The share of analyzed comments inside the given themes."""
    members: set[str] = set()
    for t in analysis.themes:
        if t.id in theme_ids:
            members |= set(t.comment_ids)
    return len(members) / analysis.stats.analyzed if analysis.stats.analyzed else 0.0


def compute_facts(analysis: Analysis, thread: Thread, mentioned: set[str] | None = None) -> Facts:
    """Every number the digest of this analysis may state; ``mentioned`` adds the coverage of those themes."""
    facts = Facts(
        counts=_analysis_counts(analysis, thread),
        shares=_analysis_shares(analysis),
        people=people_counts(analysis),
    )
    if mentioned:
        facts.shares.add(coverage(analysis, mentioned))
    return facts
