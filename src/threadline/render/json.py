"""JSON: the whole digest per the ``threadline.digest/1`` contract in DESIGN.md, JSON-safe (no NaN)."""

from __future__ import annotations

import json
import math
from typing import Any

from ..model import Analysis, Digest, Position, Stats, Theme, Thread, Tone
from ..write.facts import theme_commenters
from .markdown import render_markdown

__all__ = ["digest_to_dict", "render_json", "SCHEMA"]

SCHEMA = "threadline.digest/1"


def json_safe(value: Any) -> Any:
    """Floats that JSON cannot hold (NaN, infinities) become null, recursively."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value


def _tone(tone: Tone | None) -> dict[str, Any] | None:
    if tone is None:
        return None
    return {
        "sentiment": dict(tone.sentiment),
        "tags": [
            {
                "name": t.name,
                "share": t.share,
                "comment_ids": list(t.comment_ids),
                "salience": t.salience,
                "signals": dict(t.signals),
            }
            for t in tone.tags
        ],
        "emotions": dict(tone.emotions),
    }


def _theme(t: Theme, analysis: Analysis) -> dict[str, Any]:
    return {
        "id": t.id,
        "title": t.title,
        "key_point": t.key_point,
        "key_point_id": t.key_point_id,
        "comment_ids": list(t.comment_ids),
        "comments": len(t.comment_ids),
        "share": t.share,
        "commenters": theme_commenters(analysis, t.commenter_share),
        "commenter_share": t.commenter_share,
        "score_share": t.score_share,
        "quotes": [{"comment_id": q.comment_id, "text": q.text} for q in t.quotes],
        "points": [
            {"text": p.text, "comment_id": p.comment_id, "comment_ids": list(p.comment_ids), "share": p.share}
            for p in t.points
        ],
        "tone": _tone(t.tone),
        "keywords": list(t.keywords),
        "other": t.other,
        "counterpoint": {"comment_id": t.counterpoint.comment_id, "text": t.counterpoint.text}
        if t.counterpoint
        else None,
        "stance": dict(t.stance),
        **({"source_shares": dict(t.source_shares)} if t.source_shares else {}),
    }


def _position(p: Position) -> dict[str, Any]:
    return {
        "comment_id": p.comment_id,
        "text": p.text,
        "agree": p.agree,
        "disagree": p.disagree,
        "signal": p.signal,
        "measure": p.measure,
        "score": p.score,
        "groups": {g: dict(v) for g, v in p.groups.items()},
    }


def _source(thread: Thread) -> dict[str, Any]:
    return {
        "kind": thread.source,
        "url": thread.url,
        "title": thread.title,
        "declared_comments": thread.declared_comments,
        "seen_comments": thread.seen_comments,
        "unexpanded": thread.unexpanded,
    }


def _stats(st: Stats) -> dict[str, Any]:
    return {
        "comments": st.comments,
        "commenters": st.commenters,
        "unattributed": st.unattributed,
        "analyzed": st.analyzed,
        "excluded": dict(st.excluded),
    }


def _several(thread: Thread, analysis: Analysis) -> dict[str, Any]:
    """What a digest of several sources adds: the sources, each with its label, and their stats."""
    if not thread.parts:
        return {}
    return {
        "source": _source(thread.parts[0].thread),
        "sources": [{"label": p.label, **_source(p.thread)} for p in thread.parts],
    }


def _article(thread: Thread, analysis: Analysis) -> dict[str, Any] | None:
    a = thread.article
    if a is None:
        return None
    return {
        "title": a.title,
        "url": a.url or thread.article_url,
        "site": a.site,
        "date": a.date,
        "summary": list(analysis.article_summary),
    }


def _timeline(analysis: Analysis) -> dict[str, Any] | None:
    tl = analysis.timeline
    if tl is None:
        return None
    return {"bins": [{"start": start, "comments": n} for start, n in tl.bins], "theme_shift": tl.theme_shift}


def _cited(digest: Digest) -> dict[str, Any]:
    """The comments the digest cites, so a reader of the JSON can check a sentence without the thread."""
    out: dict[str, Any] = {}
    for s in digest.text.sentences:
        for cid in s.comment_ids:
            c = digest.thread.by_id.get(cid)
            if c is not None and cid not in out:
                out[cid] = {
                    "author": c.author,
                    "text": c.text,
                    "permalink": c.permalink,
                    "score": c.score,
                    "time": c.time,
                    "parent_id": c.parent_id,
                }
    return out


def digest_to_dict(digest: Digest) -> dict[str, Any]:
    """The digest as a JSON-ready dict (``schema: "threadline.digest/1"``)."""
    a, t, text = digest.analysis, digest.thread, digest.text
    st = a.stats
    data = {
        "schema": SCHEMA,
        "source": _source(t),
        "article": _article(t, a),
        "stats": _stats(st),
        "themes": [_theme(x, a) for x in a.themes],
        **_several(t, a),
        "tone": _tone(a.tone),
        "questions": [
            {
                "text": q.text,
                "comment_ids": list(q.comment_ids),
                "answered": q.answered,
                "answer_ids": list(q.answer_ids),
            }
            for q in a.questions
        ],
        "consensus": [_position(p) for p in a.consensus],
        "divisive": [_position(p) for p in a.divisive],
        "phrases": [
            {"text": p.text, "commenters": p.commenters, "comment_ids": list(p.comment_ids)}
            for p in a.phrases
        ],
        "stances": dict(a.stances),
        "reception": {
            "welcoming": list(a.reception.welcoming),
            "objecting": list(a.reception.objecting),
            "subject": list(a.reception.subject),
        }
        if a.reception
        else None,
        "timeline": _timeline(a),
        "digest": {
            "style": text.style,
            "writer": text.writer,
            "markdown": render_markdown(digest),
            "sentences": [{"text": s.text, "comment_ids": list(s.comment_ids)} for s in text.sentences],
            "coverage": text.extra.get("coverage"),
            **({"llm": text.extra["llm"]} if "llm" in text.extra else {}),
            **({"titles": dict(text.titles)} if text.titles else {}),
            **({"titles_kept": list(text.extra["titles_kept"])} if "titles_kept" in text.extra else {}),
        },
        "checks": {
            "quotes_verbatim": digest.checks.quotes_verbatim,
            "numbers_traceable": digest.checks.numbers_traceable,
            "ok": digest.checks.ok,
            "problems": list(digest.checks.problems),
        },
        "cited_comments": _cited(digest),
    }
    if a.by_source:  # several sources: each one's stats beside the total, and the copies across them
        data["stats"]["by_source"] = {label: _stats(x) for label, x in a.by_source.items()}
        data["stats"]["copies_across_sources"] = a.copies_across
    return json_safe(data)


def render_json(digest: Digest) -> str:
    return json.dumps(digest_to_dict(digest), ensure_ascii=False, indent=2, allow_nan=False)
