"""Reading an LLM's answer: JSON in, cited sentences and Markdown out, with every problem named.

The model cites comment ids or the handles the prompt gave it (``theme:t1``, ``question:0``,
``phrase:2``, ``tone:anger``, ``article``, ``discussion``); handles are expanded here to the comment ids
they stand for (the leading few, as the template writer cites), ``article`` and ``discussion`` to none: the
verifier then checks such a sentence against the article, the post and the thread's own figures.
What cannot be read — not JSON, no sentences, a sentence citing nothing, an unknown handle, a link or
HTML the analysis never contained — becomes a problem the draft is sent back with.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Any

from ..model import Analysis, Sentence, Thread
from .compose import MAX_CITED
from .quoting import escape_md

CITE_KEYS = ("cite", "ids", "comment_ids", "citations", "sources")
HANDLE = re.compile(r"^(theme|question|phrase|tone):(.+)$")
HANDLE_WORDS = ("article", "discussion")  # rest on the article or the thread's own figures: no comment ids
LINK = re.compile(r"https?://\S+|www\.\S+|\]\(")
BOLD = re.compile(r"\*\*(.+?)\*\*")
QUOTED = re.compile(r'“[^”]*”|"[^"\n]+"')
THINKING = re.compile(r"<think>.*?</think>", re.S)
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


Item = tuple[str, list[str]]  # a sentence's text and the comment ids it cites


@dataclass
class Draft:
    """A parsed answer: paragraphs of cited sentences (an optional heading each) and what is wrong."""

    paragraphs: list[tuple[str | None, list[Item]]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    themes: set[str] = field(default_factory=set)  # ids of the themes it cites by handle
    titles: dict[str, str] = field(default_factory=dict)  # theme id -> the model's title, checked
    rejected_titles: list[str] = field(default_factory=list)  # why each other proposal fell back

    @property
    def sentences(self) -> list[Sentence]:
        return [Sentence(text, ids) for _, items in self.paragraphs for text, ids in items]

    def bold_themes(self, analysis: Analysis) -> set[str]:
        """Ids of the themes the draft names in bold."""
        named = {" ".join(m.group(1).split()).lower() for s in self.sentences for m in BOLD.finditer(s.text)}
        names = {t.id: [t.title, self.titles.get(t.id, t.title)] for t in analysis.themes}
        return {tid for tid, pair in names.items() if any(" ".join(x.split()).lower() in named for x in pair)}


def short(text: str, limit: int = 80) -> str:
    """A sentence as problems quote it, in the verifier's form: double quotes, cut at ``limit``."""
    return '"' + (text if len(text) <= limit else text[: limit - 1] + "…") + '"'


def handle_ids(analysis: Analysis) -> dict[str, list[str]]:
    """Every handle the prompt may have offered, and the comment ids behind it."""
    handles: dict[str, list[str]] = {word: [] for word in HANDLE_WORDS}
    for theme in analysis.themes:
        # The key point and the quotes first: they are what a sentence about the theme most rests on.
        lead = [theme.key_point_id, *(q.comment_id for q in theme.quotes)]
        handles[f"theme:{theme.id}"] = list(dict.fromkeys([*lead, *theme.comment_ids]))
    for i, q in enumerate(analysis.questions):
        handles[f"question:{i}"] = list(q.comment_ids)
    for i, p in enumerate(analysis.phrases):
        handles[f"phrase:{i}"] = list(p.comment_ids)
    for tag in analysis.tone.tags if analysis.tone else []:
        handles[f"tone:{tag.name}"] = list(tag.comment_ids)
    return handles


TITLE_WORDS = (2, 6)  # a proposed title is a short phrase
# Words a title may use that no comment needs to: what the comments do with their subject, and glue.
TITLE_FREE = frozenset(
    {
        *("jokes", "joke", "joking", "questions", "question", "asking", "praise", "thanks", "complaints"),
        *("doubts", "doubt", "worries", "worry", "fears", "fear", "anger", "calls", "call", "debate"),
        *("arguments", "argument", "views", "view", "talk", "about", "over", "on", "of", "for", "with"),
        *("against", "and", "or", "the", "a", "an", "to", "in", "from", "whether", "why", "how", "what"),
        *("is", "are", "was", "were", "its", "their", "it", "vs"),
    }
)
_TITLE_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def _stem(word: str) -> str:
    word = word.lower().replace("’", "'").removesuffix("'s")
    for suffix in ("ing", "ies", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def title_problem(title: Any, theme_id: str, analysis: Analysis, others: set[str]) -> str | None:
    """Why a title the model proposed for a theme cannot stand (None: it can), checked as the draft is: a
    short phrase, no figure, no quotation or markup, and no content word the theme's key points, quotes
    and keywords do not use."""
    theme = next((t for t in analysis.themes if t.id == theme_id and not t.other), None)
    if theme is None:
        return f"title for {theme_id!r}: no such theme"
    if not isinstance(title, str) or not title.strip():
        return f"title for {theme_id}: not a text"
    title = " ".join(title.split())
    words = title.split()
    least, most = TITLE_WORDS
    if not least <= len(words) <= most:
        return f"title for {theme_id} ({short(title)}): {len(words)} words, not {least}-{most}"
    if any(ch.isdigit() for ch in title):
        return f"title for {theme_id} ({short(title)}): contains a number"
    if re.search(r'["“”*_`\[\]<>#]|https?:', title):
        return f"title for {theme_id} ({short(title)}): contains quotation marks or markup"
    if title.lower() in others:
        return f"title for {theme_id} ({short(title)}): another theme's title"
    said = [theme.title, theme.key_point, *theme.keywords, *(p.text for p in theme.points)]
    said += [q.text for q in theme.quotes]
    known = {_stem(w) for text in said for w in _TITLE_WORD.findall(text)}
    new = [w for w in _TITLE_WORD.findall(title) if w.lower() not in TITLE_FREE and _stem(w) not in known]
    if new:
        return f"title for {theme_id} ({short(title)}): its key points and quotes never say {new[0]!r}"
    return None


def read_titles(answer: Any, analysis: Analysis, draft: Draft) -> None:
    """The titles the model proposed (``{"titles": {"t1": "…"}}``): those that pass ``title_problem`` into
    ``draft.titles``; the rest keep the analysis's title, the reason noted in ``draft.rejected_titles``."""
    proposed = answer.get("titles") if isinstance(answer, dict) else None
    if not isinstance(proposed, dict):
        return
    taken = {t.title.lower() for t in analysis.themes}
    for theme_id, title in proposed.items():
        problem = title_problem(title, str(theme_id), analysis, taken - {_title_of(analysis, str(theme_id))})
        if problem:
            draft.rejected_titles.append(problem)
        else:
            draft.titles[str(theme_id)] = " ".join(str(title).split())
            taken.add(draft.titles[str(theme_id)].lower())


def _title_of(analysis: Analysis, theme_id: str) -> str:
    return next((t.title.lower() for t in analysis.themes if t.id == theme_id), "")


def load_answer(content: str) -> Any:
    """The JSON object in an answer, tolerating code fences and chatter around it."""
    text = THINKING.sub("", content).strip()  # reasoning models may think aloud before answering
    if not text:
        raise ValueError("the answer was empty")
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start:
        raise ValueError(f"the answer was not JSON: {' '.join(text.split())[:80]!r}")
    try:
        return json.loads(text[start : end + 1])
    except json.JSONDecodeError as e:
        raise ValueError(f"the answer was not valid JSON ({e.msg} at character {e.pos})") from None


def raw_paragraphs(answer: Any) -> list[tuple[str | None, list[Any]]]:
    """(heading, raw sentences) pairs from the shapes models actually return."""
    if isinstance(answer, dict) and isinstance(answer.get("paragraphs"), list):
        items = answer["paragraphs"]
    elif isinstance(answer, dict) and isinstance(answer.get("sentences"), list):
        items = [answer]
    else:
        raise ValueError('the answer has no "paragraphs" list')
    out: list[tuple[str | None, list[Any]]] = []
    for item in items:
        if isinstance(item, list):
            out.append((None, item))
        elif isinstance(item, dict):
            out.append((item.get("heading"), item.get("sentences") or []))
        elif isinstance(item, str):
            out.append((None, [item]))
    return out


class SentenceReader:
    """Turns one raw sentence into a cited item, noting problems against the analysis and thread."""

    def __init__(self, analysis: Analysis, thread: Thread, draft: Draft):
        self.handles = handle_ids(analysis)
        self.draft = draft
        art = thread.article
        self.allowed_urls = {u for u in (thread.url, thread.article_url, art.url if art else None) if u}

    def markup_problems(self, label: str, text: str) -> None:
        """Links and HTML: nothing in the analysis calls for them, so they can only come from a comment."""
        if HTML_TAG.search(text):
            self.draft.problems.append(f"{label}: contains HTML; write plain text")
        if any(not any(u in m.group(0) for u in self.allowed_urls) for m in LINK.finditer(text)):
            self.draft.problems.append(f"{label}: contains a link; write no links")

    def heading(self, raw: Any) -> str | None:
        text = " ".join(str(raw).split()) if raw else ""
        if not text:
            return None
        self.markup_problems(f"heading ({short(text)})", text)
        if any(ch.isdigit() for ch in text):  # headings are not verified, so they carry no figures
            self.draft.problems.append(
                f"heading ({short(text)}): contains a number; put figures in sentences"
            )
        return text

    def read(self, n: int, raw: Any) -> Item | None:
        text, cites = (raw, []) if isinstance(raw, str) else self.fields(raw)
        text = " ".join(text.split())
        if not text:
            return None
        label = f"sentence {n} ({short(text)})"
        if not cites:
            self.draft.problems.append(f"{label}: cites nothing; give the ids or handles it rests on")
        self.markup_problems(label, text)
        # Inside quotation marks Markdown is escaped, as the template writer quotes: a comment's
        # "__init__" then shows as written, and the verifier, which unescapes, reads it back verbatim.
        text = QUOTED.sub(lambda m: m.group(0)[0] + escape_md(m.group(0)[1:-1]) + m.group(0)[-1], text)
        explicit: list[str] = []
        expanded: list[list[str]] = []
        for cite in cites:
            if cite in self.handles:
                expanded.append(self.handles[cite])
                if cite.startswith("theme:"):
                    self.draft.themes.add(cite.removeprefix("theme:"))
            elif HANDLE.match(cite) or cite.lower() in HANDLE_WORDS:
                self.draft.problems.append(
                    f"{label}: cites {cite!r}, which is not a handle given in the data"
                )
            else:
                explicit.append(cite)  # a comment id: the verifier checks it exists and holds what is quoted
        # The ids the model named come first: they carry its quotes. Handles add their leading members,
        # taken in turn, so a sentence summing up four themes cites each of them.
        ids = list(dict.fromkeys(explicit))
        turns = (c for rank in zip_longest(*expanded) for c in rank if c is not None)
        ids += [c for c in dict.fromkeys(turns) if c not in ids][: max(0, MAX_CITED - len(ids))]
        return text, ids

    @staticmethod
    def fields(raw: Any) -> tuple[str, list[str]]:
        if not isinstance(raw, dict):
            return "", []
        cites: Any = next((raw[k] for k in CITE_KEYS if k in raw), [])
        if isinstance(cites, str | int):
            cites = [cites]
        cites = [str(c).strip() for c in cites if isinstance(c, str | int)] if isinstance(cites, list) else []
        return str(raw.get("text") or ""), [c for c in cites if c]


def read_draft(content: str, analysis: Analysis, thread: Thread, cut_off: bool = False) -> Draft:
    """Parse an answer into a ``Draft``; an unreadable answer is a draft with one problem and no text.

    ``cut_off``: the server stopped the answer at its token limit, which is then the likelier reason.
    """
    draft = Draft()
    try:
        answer = load_answer(content)
        paragraphs = raw_paragraphs(answer)
    except ValueError as e:
        why = "the answer was cut off at the token limit (write less)" if cut_off else str(e)
        draft.problems.append(why)
        return draft
    read_titles(answer, analysis, draft)
    reader = SentenceReader(analysis, thread, draft)
    n = 0
    for raw_heading, raws in paragraphs:
        heading = reader.heading(raw_heading)
        items = []
        for raw in raws if isinstance(raws, list) else []:
            if item := reader.read(n + 1, raw):
                n += 1
                items.append(item)
        if items or heading:
            draft.paragraphs.append((heading, items))
    if not draft.sentences:
        draft.problems.append("the answer has no sentences")
    return draft
