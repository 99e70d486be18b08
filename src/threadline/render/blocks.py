"""The layout of a written digest: its blocks, from the writer's ``extra["blocks"]`` or read off its Markdown.

The template writer records its blocks; another writer (the LLM's) may give only Markdown whose paragraphs
contain its sentences verbatim, and the blocks are then recovered from that.
"""

from __future__ import annotations

from typing import Any

from ..model import DigestText

__all__ = ["digest_blocks", "citation_numbers"]


def _from_markdown(text: DigestText) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    next_sentence = 0
    for para in (p.strip() for p in text.markdown.split("\n\n")):
        if not para:
            continue
        if para.startswith("#") and "\n" not in para:
            level = len(para) - len(para.lstrip("#"))
            blocks.append({"type": "heading", "text": para.lstrip("#").strip(), "level": min(level, 4)})
            continue
        found = []
        while next_sentence < len(text.sentences) and text.sentences[next_sentence].text.strip() in para:
            found.append(next_sentence)
            next_sentence += 1
        if found:
            blocks.append({"type": "paragraph", "sentences": found})
    if next_sentence < len(text.sentences):  # sentences the Markdown does not show still get shown
        blocks.append({"type": "paragraph", "sentences": list(range(next_sentence, len(text.sentences)))})
    return blocks


def digest_blocks(text: DigestText) -> list[dict[str, Any]]:
    """The digest's blocks: headings, paragraphs, lists, tables and links, each naming its sentences."""
    blocks = text.extra.get("blocks")
    return blocks if isinstance(blocks, list) and blocks else _from_markdown(text)


def citation_numbers(text: DigestText) -> tuple[list[int | None], list[list[str]]]:
    """A footnote number per sentence (None where it cites nothing) and the ids behind each number.

    Sentences citing the same comments share one number, in whatever order each lists them, so no note is
    a copy of another; a note lists its ids as the first sentence citing them does.
    """
    numbers: list[int | None] = []
    notes: list[list[str]] = []
    seen: dict[frozenset[str], int] = {}
    for s in text.sentences:
        key = frozenset(s.comment_ids)
        if not key:
            numbers.append(None)
            continue
        if key not in seen:
            notes.append(list(dict.fromkeys(s.comment_ids)))
            seen[key] = len(notes)
        numbers.append(seen[key])
    return numbers, notes
