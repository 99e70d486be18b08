"""Markdown: the digest with its citations as footnotes, inline links, or not at all; optionally headed by
its title and a line naming the source (linked) and the counts, for a digest read away from its thread."""

from __future__ import annotations

from ..errors import UsageError
from ..model import Digest, Thread
from .blocks import citation_numbers, digest_blocks
from .titles import discussion_title, source_name

__all__ = ["render_markdown", "CITATION_MODES"]

CITATION_MODES = ("footnotes", "inline", "none")
INLINE_LIMIT = 3  # inline citations show this many links, then "+N"


def comment_link(thread: Thread, cid: str) -> str:
    """A comment as a Markdown link to its permalink, or its bare id where it has none."""
    c = thread.by_id.get(cid)
    label = cid.replace("]", "\\]").replace("[", "\\[")
    return f"[{label}]({c.permalink})" if c is not None and c.permalink else f"`{cid}`"


def _with_marker(text: str, marker: str) -> str:
    if not marker:
        return text
    if text.endswith(" |"):  # a table row: the marker goes into the last cell
        return text[:-2] + marker + " |"
    return text + marker


def _inline(thread: Thread, ids: list[str]) -> str:
    if not ids:
        return ""
    links = [comment_link(thread, cid) for cid in ids[:INLINE_LIMIT]]
    more = f" +{len(ids) - INLINE_LIMIT}" if len(ids) > INLINE_LIMIT else ""
    return f" ({', '.join(links)}{more})"


def _checks_note(digest: Digest) -> str | None:
    if digest.checks.ok:
        return None
    shown = "; ".join(digest.checks.problems[:3])
    more = f" (and {len(digest.checks.problems) - 3} more)" if len(digest.checks.problems) > 3 else ""
    return f"> **Checks failed** — read with care: {shown}{more}"


def _plural(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def _linked_name(thread: Thread) -> str:
    name = source_name(thread.source)
    name = name[0].upper() + name[1:]
    url = thread.url if thread.url and thread.url.startswith(("https://", "http://")) else None
    return f"[{name}]({url})" if url else name


def markdown_header(digest: Digest) -> str:
    """A title and one line about the source: what it is (linked where it has a URL) and what was counted.

    >>> print(markdown_header(digest))                                   # doctest: +SKIP
    # Pickle isn't slow, it's a protocol
    <BLANKLINE>
    Source: [Reddit thread](https://www.reddit.com/r/Python/comments/91em1h/…) · 11 comments seen of 11
    declared · 11 analyzed, from 8 people · 4 themes
    """
    thread, stats = digest.thread, digest.analysis.stats
    title = discussion_title(thread).replace("\n", " ")
    name = source_name(thread.source)
    url = thread.url if thread.url and thread.url.startswith(("https://", "http://")) else None
    parts = [f"Source: [{name[0].upper()}{name[1:]}]({url})" if url else f"Source: {name}"]
    if thread.parts:  # several sources: each named, linked where it has an address
        parts = ["Sources: " + ", ".join(_linked_name(p.thread) for p in thread.parts)]
    seen = _plural(thread.seen_comments, "comment", "comments") + " seen"
    parts.append(seen + (f" of {thread.declared_comments:,} declared" if thread.declared_comments else ""))
    people = ""
    if stats.commenters is not None:
        at_least = "at least " if stats.authors_known == "some" else ""
        people = f", from {at_least}{_plural(stats.commenters, 'person', 'people')}"
    parts.append(f"{stats.analyzed:,} analyzed{people}")
    if digest.analysis.themes:
        parts.append(_plural(len(digest.analysis.themes), "theme", "themes"))
    return f"# {title}\n\n" + " · ".join(parts)


def render_markdown(digest: Digest, citations: str = "footnotes", header: bool = False) -> str:
    """The digest as Markdown; ``citations`` is "footnotes" (default), "inline" or "none"; ``header`` puts
    the title and a line about the source and the counts on top."""
    if citations not in CITATION_MODES:
        raise UsageError(f"unknown citation style {citations!r}; available: {', '.join(CITATION_MODES)}")
    text, thread = digest.text, digest.thread
    numbers, notes = citation_numbers(text)

    def line(i: int) -> str:
        s = text.sentences[i]
        if citations == "footnotes" and numbers[i] is not None:
            return _with_marker(s.text, f"[^{numbers[i]}]")
        if citations == "inline":
            return _with_marker(s.text, _inline(thread, s.comment_ids))
        return s.text

    parts: list[str] = [markdown_header(digest)] if header else []
    if note := _checks_note(digest):
        parts.append(note)
    for b in digest_blocks(text):
        idx = b.get("sentences", [])
        if b["type"] == "heading":
            parts.append("#" * int(b.get("level", 2)) + " " + b["text"])
        elif b["type"] == "list":
            parts.append("\n".join(f"- {line(i)}" for i in idx))
        elif b["type"] == "table":
            cells = b["header"]
            parts.append(
                "\n".join(
                    ["| " + " | ".join(cells) + " |", "|" + "---|" * len(cells)] + [line(i) for i in idx]
                )
            )
        else:
            parts.append(" ".join(line(i) for i in idx))
    if citations == "footnotes" and notes:
        used = {n for n in numbers if n is not None}
        parts.append(
            "\n".join(
                f"[^{n}]: " + ", ".join(comment_link(thread, cid) for cid in ids)
                for n, ids in enumerate(notes, 1)
                if n in used
            )
        )
    return "\n\n".join(p for p in parts if p) + "\n"
