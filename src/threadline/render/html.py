"""HTML: one self-contained page — the digest, theme shares, tone, a timeline, and every theme's evidence.

Nothing is fetched from elsewhere and no script runs: charts are inline SVG, evidence opens with
``<details>``, and a Content-Security-Policy meta allows only the page's own style block (by hash). All
user text goes through Jinja2's autoescaping; the digest's own Markdown is turned into HTML here, escaping
first and then adding only bold, italics, code and http(s) links.
"""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..model import Comment, Digest, Stats, Theme
from ..sources.combine import place_name
from ..write.facts import few_comments
from ..write.phrasing import people_noun
from .blocks import citation_numbers, digest_blocks
from .titles import discussion_title

__all__ = ["render_html", "markdown_inline"]

EVIDENCE_LIMIT = 12  # comments shown per theme; the JSON twin lists every member
_INLINE = re.compile(
    r"\\(?P<esc>[\\`*_{}\[\]()#+\-.!<>|~])"
    r"|\*\*(?P<bold>.+?)\*\*"
    r"|\*(?P<em>[^*\s][^*]*?)\*"
    r"|\[(?P<label>[^\]]+)\]\((?P<url>https?://[^)\s]+)\)"
    r"|`(?P<code>[^`]+)`"
)
_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def markdown_inline(text: str) -> Markup:
    """The small inline Markdown a digest sentence uses, as safe HTML (everything else escaped)."""
    out: list[str] = []
    pos = 0
    for m in _INLINE.finditer(text):
        out.append(str(escape(text[pos : m.start()])))
        if m.group("esc") is not None:
            out.append(str(escape(m.group("esc"))))
        elif m.group("bold") is not None:
            out.append(f"<strong>{markdown_inline(m.group('bold'))}</strong>")
        elif m.group("em") is not None:
            out.append(f"<em>{markdown_inline(m.group('em'))}</em>")
        elif m.group("url") is not None:
            out.append(
                f'<a href="{escape(m.group("url"))}" rel="noopener noreferrer nofollow">'
                f"{markdown_inline(m.group('label'))}</a>"
            )
        else:
            out.append(f"<code>{escape(m.group('code'))}</code>")
        pos = m.end()
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def _cells(row: str) -> list[Markup]:
    parts = _CELL_SPLIT.split(row.strip())
    if parts and not parts[0].strip():
        parts = parts[1:]
    if parts and not parts[-1].strip():
        parts = parts[:-1]
    return [markdown_inline(p.strip()) for p in parts]


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(
            lambda name: resources.files("threadline.render").joinpath("templates", name).read_text("utf-8")
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    return env


def _style() -> str:
    return resources.files("threadline.render").joinpath("templates", "digest.css").read_text("utf-8")


def _csp(style: str) -> str:
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode("ascii")
    return (
        f"default-src 'none'; style-src 'sha256-{digest}'; img-src 'none'; script-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )


def _safe_url(url: str | None) -> str | None:
    return url if url and url.startswith(("https://", "http://")) else None


def _comment_view(c: Comment, role: str = "") -> dict[str, Any]:
    when = datetime.fromtimestamp(c.time, UTC).strftime("%Y-%m-%d %H:%M UTC") if c.time else None
    votes = f"{c.votes.agree} agree · {c.votes.disagree} disagree" if c.votes else None
    score = f"{c.score} points" if c.score is not None else None
    return {
        "id": c.id,
        "author": c.author or "",  # where the source names no author, the page names none either
        "byline": " · ".join(x for x in (c.author, score, votes, when) if x),
        "text": c.text,
        "url": _safe_url(c.permalink),
        "role": role,
    }


def _from_people(stats: Stats) -> str:
    """ " from 24 people", " from at least 24 people", or nothing where the source names no author."""
    if stats.commenters is None:
        return ""
    return " from " + people_noun(stats.commenters, "person", "people", stats.authors_known == "some")


def _evidence(digest: Digest, theme: Theme) -> list[dict[str, Any]]:
    by_id = digest.thread.by_id
    picked: dict[str, str] = {theme.key_point_id: "key point"}
    for q in theme.quotes:
        picked.setdefault(q.comment_id, "quoted")
    if theme.counterpoint:
        picked.setdefault(theme.counterpoint.comment_id, "counterpoint")
    for cid in theme.comment_ids:
        if len(picked) >= EVIDENCE_LIMIT:
            break
        picked.setdefault(cid, "")
    return [_comment_view(by_id[cid], role) for cid, role in picked.items() if cid in by_id]


CHART_THEMES = 15  # the chart and evidence show the largest themes; the JSON twin has them all


def _theme_views(digest: Digest) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The largest themes (and "other") for the chart and evidence, and what the smaller ones add up to."""
    ranked = sorted((t for t in digest.analysis.themes if not t.other), key=lambda t: (-t.share, t.id))
    shown = ranked[:CHART_THEMES] + [t for t in digest.analysis.themes if t.other]
    rest = ranked[CHART_THEMES:]
    hidden = {"themes": len(rest), "comments": sum(len(t.comment_ids) for t in rest)}
    width = 340.0
    top = max((t.share for t in shown), default=1.0) or 1.0
    views = [
        {"id": t.id, "title": t.title, "share": t.share, "pct": f"{round(t.share * 100)}%",
         "count": len(t.comment_ids), "bar": max(2.0, width * t.share / top), "y": i * 34,
         "other": t.other, "evidence": _evidence(digest, t)}
        for i, t in enumerate(shown)
    ]  # fmt: skip
    return views, hidden


def _tone_view(digest: Digest) -> dict[str, Any] | None:
    tone = digest.analysis.tone
    if tone is None:
        return None
    segments, x = [], 0.0
    colours = {"positive": "#3a7d44", "neutral": "#9a9a9a", "negative": "#b23a48"}
    for name in ("positive", "neutral", "negative"):
        share = float(tone.sentiment.get(name, 0.0))
        segments.append(
            {"name": name, "x": x, "w": 600 * share, "pct": f"{round(share * 100)}%", "colour": colours[name]}
        )
        x += 600 * share
    tags = [
        {
            "name": t.name.replace("_", " "),
            "pct": f"{round(t.share * 100)}%",
            "bar": 300 * t.share,
            "y": i * 26,
            "count": len(t.comment_ids),
        }
        for i, t in enumerate(sorted(tone.tags, key=lambda t: -t.share))
    ]
    return {"segments": segments, "tags": tags}


# Times since the first comment a reader can name, each about two to three times the one before: the
# timeline's interval boundaries are taken from here, so its axis is logarithmic in time (seconds to years).
_TIME_EDGES = (
    1, 5, 15, 30, 60, 5 * 60, 15 * 60, 30 * 60, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 3 * 86400,
    7 * 86400, 14 * 86400, 30 * 86400, 90 * 86400, 180 * 86400, 365 * 86400, 2 * 365 * 86400,
    5 * 365 * 86400, 10 * 365 * 86400,
)  # fmt: skip
# The first boundary is the first nameable time past this share of the thread's span: about ten intervals
# from a minute-long thread to a years-long one, the first of them not so short that it is always empty.
_FIRST_EDGE_SHARE = 1 / 3000
_PLOT_LEFT, _PLOT_WIDTH, _PLOT_HEIGHT, _BASELINE = 24.0, 592.0, 82.0, 114.0  # in the 640 x 140 viewBox
# Labels are drawn at up to 18 units (the phone stylesheet's size; 12 elsewhere), a character about 0.6 of
# that wide; a label that would touch its neighbour is left out.
_LABEL_CHAR_WIDTH, _LABEL_GAP = 0.6 * 18, 6.0


def _duration(seconds: float) -> str:
    """A short, readable length of time: "45s", "15m", "3h", "2d", "90d", "1.5y"."""
    for unit, size in (("y", 365 * 86400), ("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            value = seconds / size
            return f"{value:.0f}{unit}" if value >= 10 or value == int(value) else f"{value:.1f}{unit}"
    return f"{seconds:.0f}s"


def _analyzed_times(digest: Digest) -> list[float]:
    """The times of the analyzed comments (the themes' members; without themes, every live comment)."""
    members = {cid for t in digest.analysis.themes for cid in t.comment_ids}
    return sorted(
        c.time
        for c in digest.thread.comments
        if c.time is not None and (c.id in members if members else not (c.deleted or c.removed))
    )


def _timeline_view(digest: Digest) -> dict[str, Any] | None:
    """Comments per interval since the first one, the intervals growing from seconds to years (a log-time
    axis): a thread's first burst and its tail of days both show, and no label runs off the chart."""
    times = _analyzed_times(digest)
    if digest.analysis.timeline is None or len(times) < 2 or times[-1] <= times[0]:
        return None
    start, span = times[0], times[-1] - times[0]
    edges = [0.0] + [float(e) for e in _TIME_EDGES if span * _FIRST_EDGE_SHARE <= e < span] + [span]
    counts = [0] * (len(edges) - 1)
    for t in times:
        k = next(i for i in range(len(counts)) if t - start < edges[i + 1] or i == len(counts) - 1)
        counts[k] += 1
    step = _PLOT_WIDTH / len(counts)
    top = max(counts) or 1
    bars = []
    for i, n in enumerate(counts):
        h = _PLOT_HEIGHT * n / top
        span_text = f"{_duration(edges[i]) if i else '0'} to {_duration(edges[i + 1])}"
        bars.append(
            {"x": _PLOT_LEFT + i * step + 1, "w": max(1.0, step - 2), "h": h, "y": _BASELINE - h, "n": n,
             "label": f"{span_text} after the first comment: {n} comment{'' if n == 1 else 's'}"}
        )  # fmt: skip
    first = datetime.fromtimestamp(start, UTC).strftime("%Y-%m-%d %H:%M UTC")
    ticks = _ticks(
        [_PLOT_LEFT + i * step for i in range(len(edges))], ["0"] + [_duration(e) for e in edges[1:]]
    )
    return {
        "bars": bars,
        "ticks": ticks,
        "start": first,
        "span": _duration(span),
        "baseline": _BASELINE,
        "left": _PLOT_LEFT,
        "right": _PLOT_LEFT + _PLOT_WIDTH,
    }


def _ticks(xs: list[float], texts: list[str]) -> list[dict[str, Any]]:
    """Boundary labels that don't overlap: the first starts at its mark, the last ends at its mark (so
    neither runs off the chart), the others are centred; one that would touch the one before is left out,
    and the last is always kept."""
    placed: list[dict[str, Any]] = []
    for i, (x, text) in enumerate(zip(xs, texts, strict=True)):
        width = len(text) * _LABEL_CHAR_WIDTH
        anchor = "start" if i == 0 else "end" if i == len(xs) - 1 else "middle"
        left = x if anchor == "start" else x - width if anchor == "end" else x - width / 2
        tick = {"x": x, "text": text, "anchor": anchor, "left": left, "right": left + width}
        while anchor == "end" and len(placed) > 1 and placed[-1]["right"] + _LABEL_GAP > left:
            placed.pop()
        if not placed or placed[-1]["right"] + _LABEL_GAP <= left or anchor == "end":
            placed.append(tick)
    return placed


def _digest_blocks(digest: Digest) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    text = digest.text
    numbers, notes = citation_numbers(text)

    def sentence(i: int) -> dict[str, Any]:
        return {"html": markdown_inline(text.sentences[i].text), "note": numbers[i]}

    blocks = []
    for b in digest_blocks(text):
        idx = b.get("sentences", [])
        if b["type"] == "heading":
            blocks.append({"type": "heading", "level": min(4, int(b.get("level", 2)) + 1), "text": b["text"]})
        elif b["type"] == "table":
            rows = [{"cells": _cells(text.sentences[i].text), "note": numbers[i]} for i in idx]
            blocks.append(
                {"type": "table", "header": [markdown_inline(h) for h in b["header"]], "rows": rows}
            )
        else:
            blocks.append({"type": b["type"], "sentences": [sentence(i) for i in idx]})
    return blocks, _note_views(digest, notes)


def _note_views(digest: Digest, notes: list[list[str]]) -> list[dict[str, Any]]:
    """The sources, note by note: each comment shown in full in the first note citing it, and in a later
    note only named, with a link back to that first one, so no comment is printed over and over."""
    by_id = digest.thread.by_id
    first_note: dict[str, int] = {}
    views = []
    for n, ids in enumerate(notes, 1):
        comments = []
        for cid in (c for c in ids if c in by_id):
            view = _comment_view(by_id[cid])
            view["shown_in"] = first_note.get(cid)  # None where this note is the first to cite it
            first_note.setdefault(cid, n)
            comments.append(view)
        views.append({"n": n, "comments": comments})
    return views


def render_html(digest: Digest) -> str:
    """The digest as one self-contained HTML page."""
    t, a = digest.thread, digest.analysis
    style = _style()
    blocks, notes = _digest_blocks(digest)
    # a thread too small to have strands is read comment by comment: no chart of strands of one
    themes, hidden = ([], {}) if few_comments(a) else _theme_views(digest)
    title = discussion_title(t)
    context = {
        "title": title,
        "style": Markup(style),
        "csp": _csp(style),
        "blocks": blocks,
        "notes": notes,
        "themes": themes,
        "hidden": hidden,
        "tone": _tone_view(digest),
        "timeline": _timeline_view(digest),
        "thread_url": _safe_url(t.url),
        "source": t.source,
        "sources": [  # several sources: each place, linked where it has an address, with its comments read
            {
                "where": place_name(p, t.parts).removeprefix("on ").removeprefix("in "),
                "url": _safe_url(p.thread.url),
                "analyzed": a.by_source[p.label].analyzed if p.label in a.by_source else None,
            }
            for p in t.parts
        ],
        "stats": a.stats,
        "from_people": _from_people(a.stats),
        "checks": digest.checks,
        "writer": digest.text.writer,
        "style_name": digest.text.style,
    }
    return _environment().get_template("digest.html.jinja").render(**context)
