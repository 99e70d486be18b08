"""The post's paragraph on the questions people raise: how many, which got answers and which are still open,
quoting the most asked of each."""

from __future__ import annotations

from ..model import Question
from .compose import Context, Items, ends, listed
from .facts import has_replies, question_rank
from .phrasing import count, count_noun

__all__ = ["question_sentences"]

QUESTIONS_QUOTED = 2  # the open and the answered questions are each illustrated by the top two
QUESTION_WORDS = 30  # a question quoted up to a sentence or two
QUESTIONS_CITED = 3  # the count of questions cites the first askers of the top three
ASKERS_CITED = 2  # a quoted question cites its first askers and its first answer


def _quoted_questions(ctx: Context, qs: list[Question]) -> tuple[str, list[str]] | None:
    parts, ids = [], []
    for q in qs:
        asker = q.comment_ids[0] if q.comment_ids else None
        quoted = ctx.quote_of(asker, q.text, max_words=QUESTION_WORDS, stand_in=False)
        if quoted:
            asked = f" (asked by {count(len(q.comment_ids))})" if len(q.comment_ids) > 1 else ""
            parts.append(quoted + asked)
            ids += [*q.comment_ids[:ASKERS_CITED], *q.answer_ids[:1]]
    if not parts:
        return None
    return listed(parts), ids


def question_sentences(ctx: Context) -> Items:
    """The questions people raise: how many, which got answers and which are still open."""
    qs = sorted(ctx.analysis.questions, key=lambda q: question_rank(ctx.thread, q))
    if not qs:
        return []
    answered = [q for q in qs if q.answered]
    raised = f"People raise questions as well: {count_noun(len(qs), 'distinct question')}"
    ids = [cid for q in qs[:QUESTIONS_CITED] for cid in q.comment_ids[:1]]
    if not has_replies(ctx.thread):
        top = _quoted_questions(ctx, qs[:QUESTIONS_QUOTED])
        if len(qs) == 1 and top:
            return [(ends(f"One question comes up: {top[0]}"), top[1])]
        items: Items = [(f"{raised}.", ids)]
        if top:
            items.append((ends(f"Among them: {top[0]}"), top[1]))
        return items
    where = "in their own thread" if ctx.thread.parts else "in the thread"  # answers never cross sources
    status = f"{count(len(answered))} of them answered {where}" if answered else f"none answered {where}"
    items = [(f"{raised}, {status}.", ids)]
    open_ = _quoted_questions(ctx, [q for q in qs if not q.answered][:QUESTIONS_QUOTED])
    if open_:
        lead = ctx.variety.pick("q-open", ["Still open:", "Nobody takes up", "Left hanging:"])
        items.append((ends(f"{lead} {open_[0]}"), open_[1]))
    done = _quoted_questions(ctx, answered[:QUESTIONS_QUOTED])
    if done:
        lead = ctx.variety.pick("q-done", ["Replies do take on", "Answers come for", "Replies answer"])
        items.append((ends(f"{lead} {done[0]}"), done[1]))
    return items
