"""The verifier: every quote verbatim in a cited comment, every number computed, every id and theme real.

What it reads in each sentence (the conventions in ``quoting`` and ``phrasing``):

- quotations in curly (“…”) or straight double quotes; an ellipsis inside splits one into fragments, each of
  which must appear verbatim (whitespace-normalised) in the same cited comment. A sentence that cites no
  comment (the article in brief) may quote only the article, the post or the title.
- bold spans (``**…**``) name themes and must be the title of one of the analysis's themes.
- numbers outside quotes, theme names and titles: digits, percentages, small counts in words and fractions
  in words, each checked against ``facts.compute_facts``. In a sentence citing no comment, a number may also
  come from the article, the post or the title.
- counts of people ("from 24 people"): only known authors count, so each must be one of the analysis's
  people counts; where the source names no author none can be traced, and where it names only some, each
  must say "at least".
- cited ids: each must be a comment of the thread; with several sources, ``<label>:<id>`` must name a real
  comment of the source with that label (checked against the source as it was loaded).

Each problem names the sentence, and the quote, number, theme or id, so an LLM writer can be told exactly
what to fix.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import Analysis, Checks, DigestText, Sentence, Thread, label_of
from ..sources.combine import place_name
from .facts import Facts, compute_facts, coverage, few_comments
from .phrasing import read_numbers, read_people
from .quoting import normalize, unescape_md

__all__ = ["verify", "audit"]

_CURLY = re.compile(r"“([^”]*)”")
_STRAIGHT = re.compile(r'"([^"\n]+)"')
_BOLD = re.compile(r"(?<!\\)\*\*(.+?)(?<!\\)\*\*")
_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")
_FOOTNOTE = re.compile(r"\[\^[^\]]*\]")
_FRAGMENT_SPLIT = re.compile(r"\s*(?:…|\.\.\.|\[…\]|\[\.\.\.\])\s*")
_TRIM = " \t,;:"


def _short(text: str, limit: int = 80) -> str:
    text = normalize(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quotes(text: str) -> tuple[list[str], str]:
    """The quotations in ``text`` and the text with them blanked out."""
    found = [m.group(1) for m in _CURLY.finditer(text)]
    rest = _CURLY.sub(" ", text)
    found += [m.group(1) for m in _STRAIGHT.finditer(rest)]
    return found, _STRAIGHT.sub(" ", rest)


def _fragments(quoted: str) -> list[str]:
    parts = [p.strip(_TRIM) for p in _FRAGMENT_SPLIT.split(normalize(quoted))]
    return [p for p in parts if p]


class _Verifier:
    def __init__(self, text: DigestText, analysis: Analysis, thread: Thread):
        self.text, self.analysis, self.thread = text, analysis, thread
        self.theme_titles = {normalize(t.title).lower(): t.id for t in analysis.themes}
        # a title the writer gave a theme in place of the analysis's (the LLM's, checked as it was read)
        known = {t.id for t in analysis.themes}
        self.theme_titles |= {normalize(v).lower(): k for k, v in text.titles.items() if k in known}
        art = thread.article
        self.titles = [t for t in {thread.title, art.title if art else None} if t]
        parts = thread.parts
        self.places = sorted({place_name(p, parts) for p in parts}, key=len, reverse=True)
        self.titles += [p.thread.title for p in parts if p.thread.title]
        self.context = normalize(
            " ".join(
                x
                for x in (
                    art.text if art else "",
                    art.title if art else "",
                    art.site if art else "",
                    art.date if art else "",
                    thread.post_text or "",
                    thread.title or "",
                )
                if x
            )
        )
        self.problems: list[str] = []
        self.bad_quotes = self.bad_numbers = 0
        self.counted = {"sentences": 0, "cited_ids": 0, "unknown_ids": 0, "quotes": 0, "numbers": 0}
        self.mentioned: set[str] = set()

    def problem(self, i: int, sentence: Sentence, what: str) -> None:
        self.problems.append(f'sentence {i + 1} ("{_short(sentence.text)}"): {what}')

    def own_source(self, cid: str) -> bool:
        """With several sources, whether ``<label>:<id>`` names a real comment of the source it says."""
        part = next((p for p in self.thread.parts if p.label == label_of(cid)), None)
        return part is not None and cid.split(":", 1)[1] in part.thread.by_id

    def check_ids(self, i: int, s: Sentence) -> list[str]:
        unknown = [
            cid
            for cid in s.comment_ids
            if cid not in self.thread.by_id or (self.thread.parts and not self.own_source(cid))
        ]
        self.counted["cited_ids"] += len(s.comment_ids)
        self.counted["unknown_ids"] += len(unknown)
        for cid in unknown:
            self.problem(i, s, f"cites comment id {cid!r}, which is not in the thread")
        return [self.thread.by_id[cid].text for cid in s.comment_ids if cid in self.thread.by_id]

    def check_quote(self, i: int, s: Sentence, quoted: str, sources: list[str]) -> None:
        fragments = _fragments(quoted)
        if not fragments:
            return
        self.counted["quotes"] += 1
        flat_sources = [normalize(x) for x in sources]
        if any(all(f in src for f in fragments) for src in flat_sources):
            return
        self.bad_quotes += 1
        cited = ", ".join(s.comment_ids[:8]) or "none"
        where = "any cited comment" if s.comment_ids else "the article, post or title"
        self.problem(i, s, f"quote “{_short(quoted)}” is not verbatim in {where} (cited: {cited})")

    def check_themes(self, i: int, s: Sentence, text: str) -> str:
        for m in _BOLD.finditer(text):
            name = normalize(unescape_md(m.group(1))).lower()
            if name in self.theme_titles:
                self.mentioned.add(self.theme_titles[name])
            else:
                self.problem(i, s, f"names theme **{m.group(1)}**, which is not a theme of the analysis")
        return _BOLD.sub(" ", text)

    def strip_theme_titles(self, text: str) -> str:
        """Theme titles named without bold (table cells, headings) may carry digits ("covid 19")."""
        for title in sorted(self.theme_titles, key=len, reverse=True):
            text = re.sub(re.escape(title), " ", text, flags=re.IGNORECASE)
        return text

    def check_people(self, i: int, s: Sentence, text: str, facts: Facts) -> str:
        """Check the counts of people in ``text``; the text without them, for the other numbers."""
        known = self.analysis.stats.authors_known
        for written, value, at_least in read_people(text):
            text = text.replace(written, " ", 1)
            self.counted["numbers"] += 1
            if not s.comment_ids and written in self.context:
                continue  # the article's own figure ("30 people left"), in the article in brief
            if known == "none":
                problem = "counts people, but the source does not say who wrote any comment"
            elif not value.is_integer() or int(value) not in facts.people:
                problem = "is not a count of people the analysis made"
            elif known == "some" and not at_least:
                problem = 'needs "at least": the source does not say who wrote some comments'
            else:
                continue
            self.bad_numbers += 1
            self.problem(i, s, f'"{written}" {problem}')
        return text

    def check_numbers(self, i: int, s: Sentence, text: str, facts: Facts) -> None:
        for title in self.titles:
            text = text.replace(title, " ")
        for place in self.places:  # "on r/2007scape", "(reddit-2)": names, not numbers
            text = text.replace(place, " ")
        text = self.check_people(i, s, text, facts)
        for written, kind, value in read_numbers(text):
            self.counted["numbers"] += 1
            if kind == "count":
                ok = facts.has_count(value)
            elif kind == "percent":
                ok = facts.has_percent(value)
            else:
                ok = facts.has_fraction(value, one_in=written.lower().startswith("one in"))
            if not ok and not s.comment_ids:
                ok = written in self.context  # the article's own figures, in the article in brief
            if not ok:
                self.bad_numbers += 1
                self.problem(i, s, f'number "{written}" is not one the analysis computed')

    def run(self) -> Checks:
        prepared = []
        self.counted["sentences"] = len(self.text.sentences)
        for i, s in enumerate(self.text.sentences):
            sources = self.check_ids(i, s)
            # bold (theme names) is read before escapes are undone: an escaped \*\* is not bold
            raw = self.check_themes(i, s, _FOOTNOTE.sub(" ", _LINK.sub(r"\1", s.text)))
            quoted, rest = _quotes(unescape_md(raw))
            if not s.comment_ids:
                sources = [self.context]
            for q in quoted:
                self.check_quote(i, s, q, sources)
            prepared.append((i, s, self.strip_theme_titles(rest)))
        facts = compute_facts(self.analysis, self.thread, self.mentioned)
        for i, s, rest in prepared:
            self.check_numbers(i, s, rest, facts)
        return Checks(
            quotes_verbatim=self.bad_quotes == 0,
            numbers_traceable=self.bad_numbers == 0,
            problems=self.problems,
        )


def verify(text: DigestText, analysis: Analysis, thread: Thread) -> Checks:
    """Check a written digest against the analysis and the thread; ``Checks.problems`` says what failed."""
    return _Verifier(text, analysis, thread).run()


def audit(text: DigestText, analysis: Analysis, thread: Thread) -> tuple[Checks, dict[str, Any]]:
    """``verify`` plus what it counted: sentences, cited ids, quotes and numbers (checked and failed), the
    themes the digest names and their coverage (share of analyzed comments inside them; for a thread told
    comment by comment, the share it cites)."""
    v = _Verifier(text, analysis, thread)
    checks = v.run()
    counted: dict[str, Any] = dict(v.counted, bad_quotes=v.bad_quotes, bad_numbers=v.bad_numbers)
    counted["themes_mentioned"] = sorted(v.mentioned)
    counted["coverage"] = coverage(analysis, v.mentioned)
    if few_comments(analysis):  # told comment by comment: what it covers is the comments it cites
        cited = {cid for s in text.sentences for cid in s.comment_ids}
        counted["coverage"] = (
            len(cited & {c for t in analysis.themes for c in t.comment_ids}) / analysis.stats.analyzed
        )
    return checks, counted
