"""What the template writer builds a digest with: blocks of cited sentences, and phrasing that never repeats.

A digest is a list of blocks kept in ``DigestText.extra["blocks"]`` so renderers can lay it out:
``{"type": "heading", "text", "level"}``, ``{"type": "paragraph", "sentences": [i, ...]}``,
``{"type": "list", "sentences": [...]}``, ``{"type": "table", "header": [...], "sentences": [...]}`` (each
row a sentence whose text is a Markdown table row), ``{"type": "link", "sentences": [i]}``.
"""

from __future__ import annotations

import re
import zlib
from typing import Any
from urllib.parse import urlsplit

from ..model import Analysis, Comment, DigestText, Sentence, Theme, Thread, label_of
from ..sources.combine import named_place, place_name
from ..text import speaks_for_others
from .phrasing import people_noun
from .quoting import TRAILING, escape_md, excerpt, find_verbatim, quote, stands_alone

__all__ = ["Builder", "Variety", "Context", "Items", "MAX_CITED", "bold", "capitalize", "ends", "listed"]

MAX_CITED = 6  # a sentence cites the few comments it rests on most, not every member of a theme

Items = list[tuple[str, list[str]]]
"""Sentences as a paragraph or list is built from them: each text with the ids of the comments it cites."""


class Variety:
    """Picks a phrasing for each slot, deterministic for a thread, never the same one twice in a digest."""

    def __init__(self, seed: str):
        self.seed = zlib.crc32(seed.encode("utf-8"))
        self.used: set[tuple[str, int]] = set()

    def pick(self, slot: str, options: list[str]) -> str:
        start = (self.seed + zlib.crc32(slot.encode("utf-8"))) % len(options)
        for step in range(len(options)):
            k = (start + step) % len(options)
            if (slot, k) not in self.used:
                self.used.add((slot, k))
                return options[k]
        raise ValueError(f"phrasing slot {slot!r} ran out of variants ({len(options)})")

    def pick_optional(self, slot: str, options: list[str]) -> str | None:
        """Like ``pick``, but None once every variant is used: for sentences a digest can do without."""
        return None if all((slot, k) in self.used for k in range(len(options))) else self.pick(slot, options)


def _dedupe(ids: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for cid in ids:
        if cid:
            seen.setdefault(cid, None)
    return list(seen)[:MAX_CITED]


class Builder:
    """Collects blocks of sentences and turns them into a ``DigestText``."""

    def __init__(self) -> None:
        self.sentences: list[Sentence] = []
        self.blocks: list[dict[str, Any]] = []

    def _add(self, items: list[tuple[str, list[str]]]) -> list[int]:
        start = len(self.sentences)
        self.sentences += [Sentence(text=t, comment_ids=_dedupe(ids)) for t, ids in items if t]
        return list(range(start, len(self.sentences)))

    def heading(self, text: str, level: int = 2) -> None:
        self.blocks.append({"type": "heading", "text": text, "level": level})

    def paragraph(self, items: list[tuple[str, list[str]]]) -> None:
        idx = self._add(items)
        if idx:
            self.blocks.append({"type": "paragraph", "sentences": idx})

    def bullets(self, items: list[tuple[str, list[str]]]) -> None:
        idx = self._add(items)
        if idx:
            self.blocks.append({"type": "list", "sentences": idx})

    def link(self, text: str) -> None:
        self.blocks.append({"type": "link", "sentences": self._add([(text, [])])})

    def table(self, header: list[str], rows: list[tuple[list[str], list[str]]]) -> None:
        items = [
            ("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |", ids) for row, ids in rows
        ]
        idx = self._add(items)
        if idx:
            self.blocks.append({"type": "table", "header": header, "sentences": idx})

    def markdown(self) -> str:
        parts = []
        for b in self.blocks:
            texts = [self.sentences[i].text for i in b.get("sentences", [])]
            if b["type"] == "heading":
                parts.append("#" * b["level"] + " " + b["text"])
            elif b["type"] == "list":
                parts.append("\n".join(f"- {t}" for t in texts))
            elif b["type"] == "table":
                head = "| " + " | ".join(b["header"]) + " |\n|" + "---|" * len(b["header"])
                parts.append(head + "\n" + "\n".join(texts))
            else:
                parts.append(" ".join(texts))
        return "\n\n".join(parts) + "\n"

    def build(self, style: str, writer: str = "template", **extra: Any) -> DigestText:
        return DigestText(
            style=style,
            writer=writer,
            sentences=self.sentences,
            markdown=self.markdown(),
            extra={"blocks": self.blocks, **extra},
        )


def bold(theme: Theme) -> str:
    """A theme named as every digest names it: its title in bold (what the verifier reads as a mention)."""
    return f"**{escape_md(theme.title)}**"


def listed(parts: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]


def capitalize(text: str) -> str:
    """Upper-case the first letter, looking past Markdown emphasis (``**title** leads …``)."""
    i = len(text) - len(text.lstrip('*_“"'))
    return text[:i] + text[i : i + 1].upper() + text[i + 1 :]


def ends(text: str) -> str:
    """Close a sentence with a full stop unless it already ends with one (or a quote that does)."""
    stripped = text.rstrip()
    if stripped.endswith(("”", '"')) and stripped[:-1].endswith((".", "!", "?", "…")):
        return stripped
    return stripped if stripped.endswith((".", "!", "?", ":")) else stripped + "."


class Context:
    """The analysis and thread, with the look-ups every paragraph needs."""

    def __init__(self, analysis: Analysis, thread: Thread):
        self.analysis, self.thread = analysis, thread
        self.quoted: set[str] = set()  # comments already quoted under a theme
        self.leans = 0  # sentences said so far on a theme leaning to one place (``places.lean_sentence``)
        self.variety = Variety(thread.url or thread.title or thread.post_id or ",".join(thread.by_id)[:200])

    def comment(self, cid: str | None) -> Comment | None:
        return self.thread.by_id.get(cid) if cid else None

    def voices(self, ids: list[str]) -> list[str]:
        """Of ``ids``, the comments that may be cited as making a point: not voted down, not instructions
        aimed at a model (``speaks_for_others``)."""
        return [cid for cid in ids if (c := self.comment(cid)) is not None and speaks_for_others(c)]

    def quote_of(
        self,
        cid: str | None,
        text: str | None = None,
        max_words: int = 28,
        alone: bool = False,
        stand_in: bool = True,
    ) -> str | None:
        """A quotable piece of ``text`` as written in comment ``cid`` (or of the comment itself), quoted.

        With ``alone``, only a piece that reads on its own (``stands_alone``), for quotes lifted into prose.
        Where ``text`` cannot be quoted (a link or quotation marks inside), the comment's best sentence
        stands in for it, unless ``stand_in`` is false: a question quoted must be that question, not
        another sentence of the comment that asks it (often the comment's other question).
        """
        c = self.comment(cid)
        if c is None:
            return None
        fitted = excerpt(text, max_words=max_words) if text else None
        if not (fitted and find_verbatim(fitted.rstrip("…"), c.text)):
            if text and not stand_in:
                return None
            fitted = excerpt(c.text, max_words=max_words, alone=alone)
        if alone and fitted and fitted.endswith("…"):  # cut mid-sentence: try a little more room, else none
            longer = excerpt(c.text, max_words=max_words + 12)
            fitted = longer if longer and not longer.endswith("…") else None
        if alone and fitted and not stands_alone(fitted):
            return None
        # a closing full stop or comma stays outside the quote, where the sentence's own punctuation goes
        if not fitted:
            return None
        where = self.where(c.id)
        return quote(fitted.rstrip(TRAILING)) + (f" {where}" if where else "")

    def where(self, cid: str) -> str | None:
        """Where comment ``cid`` was made, said beside its quote when several sources are digested together
        ("on Hacker News"); None for a single source, whose place the lede names once."""
        parts = self.thread.parts
        part = next((p for p in parts if p.label == label_of(cid)), None) if parts else None
        return place_name(part, parts) if part else None

    def phrase_as_written(self, phrase: str, ids: list[str]) -> tuple[str, list[str]] | None:
        """A phrase with the casing one of its comments uses, and the comments that use it so."""
        seen: set[str] = set()
        for cid in [*ids, *ids]:  # first pass: the phrase's own casing; second: any casing
            c = self.comment(cid)
            found = find_verbatim(phrase, c.text, ignore_case=cid in seen) if c else None
            seen.add(cid)
            if found:
                same = [x for x in ids if (cx := self.comment(x)) and find_verbatim(found, cx.text)]
                return found, same
        return None

    @property
    def nouns(self) -> tuple[str, str, str]:
        """What a comment and a commenter are called here: (comment, person, people)."""
        if self.thread.source == "polis":
            return "statement", "participant", "participants"
        return "comment", "person", "people"

    def people(self, n: int | None) -> str | None:
        """A count of people as far as the source tells: "24 people", "at least 24 people" where it does
        not say who wrote some comments, None where it names no author (or none of these has one)."""
        known = self.analysis.stats.authors_known
        if not n or known == "none":
            return None
        _, person, persons = self.nouns
        return people_noun(n, person, persons, lower_bound=known == "some")

    def impersonal(self, frame: str) -> str:
        """``frame`` with "one commenter" and "one person" made "one comment" where the source names no
        author: a digest that counts no one speaks of no one."""
        if self.analysis.stats.authors_known != "none":
            return frame
        return _ONE_PERSON.sub(f"one {self.nouns[0]}", frame)

    @property
    def place(self) -> str | None:
        """Where the comments were made, when the source says: "on r/worldnews", "on Hacker News"."""
        t = self.thread
        return named_place(t) or ("under the article" if _on_article_site(t) else None)


_ONE_PERSON = re.compile(r"\bone (?:commenter|person)\b")


def _host(url: str | None) -> str:
    host = urlsplit(url or "").hostname or ""
    return host.removeprefix("www.")


def _on_article_site(thread: Thread) -> bool:
    """Comments are "under the article" only when they live on the article's own site, not on a forum."""
    art_url = (thread.article.url if thread.article else None) or thread.article_url
    return bool(_host(thread.url)) and _host(thread.url) == _host(art_url)
