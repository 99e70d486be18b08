"""The plain typed objects that flow between the stages.

``source → Thread → clean → Corpus → analyze → Analysis → write → DigestText → verify → Checks → render``

Nothing here does I/O or analysis; every stage takes and returns these, so each can be tested alone.
Comment ids are always strings, the source's own ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

Stance = Literal["agree", "disagree", "neutral"]


@dataclass
class Article:
    """A news article (or the post's own text standing in for one)."""

    text: str
    url: str | None = None
    title: str | None = None
    site: str | None = None
    date: str | None = None  # ISO 8601 date as the page gives it, when it gives one


@dataclass
class Votes:
    """Agree / disagree / pass counts (Polis)."""

    agree: int = 0
    disagree: int = 0
    passed: int = 0

    @property
    def total(self) -> int:
        return self.agree + self.disagree + self.passed


def group_agreement(votes: dict[str, int]) -> float:
    """A group's agreement with a statement, as Polis ranks consensus: (agrees + 1) / (votes + 2), passes
    counted as votes."""
    seen = votes.get("agree", 0) + votes.get("disagree", 0) + votes.get("passed", 0)
    return (votes.get("agree", 0) + 1) / (seen + 2)


@dataclass
class Comment:
    """One comment, its text already plain text (no HTML, no entities)."""

    id: str
    parent_id: str | None  # None for a top-level comment (a reply to the post)
    author: str | None
    text: str
    score: int | None = None
    time: float | None = None  # seconds since the epoch, UTC
    depth: int = 0  # 0 for top-level
    permalink: str | None = None
    deleted: bool = False  # the author deleted it: body gone, structure kept
    removed: bool = False  # a moderator removed it
    bot: bool = False  # set by the source when it knows, else by cleaning
    duplicate: bool = False  # set by cleaning (copypasta, repeated posts)
    votes: Votes | None = None  # where the source has agree/disagree votes
    controversial: bool = False  # Reddit's controversiality flag
    extra: dict[str, Any] = field(default_factory=dict)  # source-specific fields worth keeping

    @property
    def voice(self) -> str:
        """Whose words these are, to tell voices apart: the author, or where the source names none, this
        comment alone, so that no two unknown authors are taken for one. Not a person: ``people`` counts
        only known authors."""
        return self.author or f"anon:{self.id}"


def people(comments: Iterable[Comment]) -> int | None:
    """How many people wrote these comments: their distinct known authors, None when none is known.

    A comment whose author the source does not give counts toward no one, so with some authors unknown
    this is a lower bound ("at least"), and with none known there is no count at all.

    >>> people([Comment("1", None, "ana", "hi"), Comment("2", None, None, "yo")])
    1
    """
    known = {c.author for c in comments if c.author}
    return len(known) if known else None


@dataclass
class Thread:
    """A discussion: the post, its comments in tree order, and the article it is about.

    ``comments`` is flat, in depth-first (pre-)order, each comment after its parent; the tree is read
    through ``parent_id`` (see ``replies`` and ``roots``), so deep chains never need recursion.
    """

    source: str  # "reddit", "hackernews", "polis", "table", "demo", ...
    comments: list[Comment]
    url: str | None = None
    title: str | None = None
    post_text: str | None = None
    post_author: str | None = None
    post_id: str | None = None
    article: Article | None = None
    article_url: str | None = None  # the link the post points at, before any fetch
    declared_comments: int | None = None  # what the source claims (Reddit num_comments), None if nothing
    unexpanded: int = 0  # ids behind `more` placeholders that were not expanded
    extra: dict[str, Any] = field(default_factory=dict)
    # several discussions digested as one (``sources.combine``): each as it was loaded, with its label; the
    # comments above are theirs, every id (and parent id and author) prefixed ``<label>:``. Empty for one.
    parts: list[SourcePart] = field(default_factory=list)

    @property
    def seen_comments(self) -> int:
        return len(self.comments)

    @cached_property
    def by_id(self) -> dict[str, Comment]:
        return {c.id: c for c in self.comments}

    @cached_property
    def _children(self) -> dict[str | None, list[Comment]]:
        children: dict[str | None, list[Comment]] = {}
        for c in self.comments:
            children.setdefault(c.parent_id, []).append(c)
        return children

    def replies(self, comment_id: str | None) -> list[Comment]:
        """Direct replies to a comment (``None``: the top-level comments)."""
        return self._children.get(comment_id, [])

    def roots(self) -> list[Comment]:
        return self.replies(None)

    def parent(self, comment: Comment) -> Comment | None:
        return self.by_id.get(comment.parent_id) if comment.parent_id else None

    def __iter__(self) -> Iterator[Comment]:
        return iter(self.comments)


@dataclass
class SourcePart:
    """One of several discussions digested together: its label (``hn``, ``reddit``, ``reddit-2``, …) and the
    thread as its source loaded it, with its own bare ids."""

    label: str
    thread: Thread


def label_of(comment_id: str) -> str:
    """The source label of a combined thread's comment id (``"hn:123"`` → ``"hn"``)."""
    return comment_id.split(":", 1)[0]


# --- cleaning ---------------------------------------------------------------------------------------------


@dataclass
class Corpus:
    """What analysis reads: the comments that survived cleaning and the text to analyze for each.

    ``texts[i]`` is ``comments[i].text`` without quoted parent lines and normalised whitespace.
    """

    thread: Thread
    comments: list[Comment]
    texts: list[str]
    excluded: dict[str, int]  # deleted, removed, bot, duplicate, empty
    reasons: dict[str, str] = field(default_factory=dict)  # excluded comment id -> its reason
    copies: dict[str, str] = field(default_factory=dict)  # duplicate id -> the id of the copy kept

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.comments]


@dataclass
class Stats:
    comments: int  # seen_comments
    commenters: int | None  # distinct known authors among analyzed comments (``people``); None: none known
    analyzed: int
    excluded: dict[str, int]
    unattributed: int = 0  # analyzed comments whose author the source does not give

    @property
    def authors_known(self) -> Literal["all", "some", "none"]:
        """Whether the source says who wrote the analyzed comments: people counts are exact, lower bounds
        ("at least"), or not to be made at all."""
        if self.commenters is None:
            return "none"
        return "some" if self.unattributed else "all"


# --- analysis ---------------------------------------------------------------------------------------------


@dataclass
class Quote:
    comment_id: str
    text: str  # verbatim from the comment's text


# The named tones a ``ToneTag`` can carry (``analyze.tone`` finds them), each with what a reader calls it: the
# words a digest says it in.
TONE_WORDS = {
    "humour": "humour",
    "dark_humour": "dark humour",
    "anger": "anger and outrage",
    "cynicism": "scepticism and cynicism",
    "worry": "worry and fear",
    "grief": "sadness and grief",
    "gratitude": "gratitude and admiration",
    "excitement": "excitement and joy",
    "curiosity": "curiosity and confusion",
}


@dataclass
class ToneTag:
    """A named tone (one of ``TONE_WORDS``: humour, dark_humour, anger, cynicism, worry, grief, gratitude,
    excitement, curiosity) and the comments that show it, strongest examples first."""

    name: str
    share: float  # of the comments it is measured over
    comment_ids: list[str]
    salience: float = 0.0  # share weighted by how readily a reader names the tone; tags are ranked by it
    signals: dict[str, int] = field(default_factory=dict)  # comments found by "emotion", "cues", "replies"


@dataclass
class Tone:
    sentiment: dict[str, float]  # positive, negative, neutral: shares summing to 1
    tags: list[ToneTag]  # most salient first
    emotions: dict[str, float] = field(default_factory=dict)  # GoEmotions label -> share of comments


POINT_WORDS = 25  # a key point is one short sentence: at most this many words


@dataclass
class Point:
    """A key point inside a theme: one short sentence verbatim from a comment, and the comments making it."""

    text: str  # verbatim from comment_id's text
    comment_id: str
    comment_ids: list[str]  # every comment of the theme is in exactly one of its points
    share: float  # of analyzed comments


@dataclass
class Theme:
    id: str
    title: str
    key_point: str  # one sentence, verbatim from key_point_id's text: the first point's
    key_point_id: str
    comment_ids: list[str]
    share: float  # of analyzed comments
    commenter_share: float | None  # its known authors over the thread's (``people``); None: none known
    score_share: float | None  # of the analyzed comments' total score, None where scores don't exist
    quotes: list[Quote]
    tone: Tone | None = None
    keywords: list[str] = field(default_factory=list)
    other: bool = False  # the explicit bin for what fits no theme
    counterpoint: Quote | None = None  # the strongest reply pushing back on this theme
    stance: dict[str, int] = field(default_factory=dict)  # replies inside the theme: agree/disagree/neutral
    points: list[Point] = field(default_factory=list)  # the key points inside it, largest first
    # several sources: label -> the theme's share of that source's analyzed comments
    source_shares: dict[str, float] = field(default_factory=dict)


@dataclass
class Question:
    text: str  # verbatim from the first asker's comment
    comment_ids: list[str]  # everyone who asks it
    answered: bool
    answer_ids: list[str] = field(default_factory=list)


@dataclass
class Position:
    """A statement with broad agreement (consensus) or a split (divisive), and what the claim rests on."""

    comment_id: str
    text: str
    agree: int
    disagree: int
    signal: str  # "votes" (Polis), "replies" (reply stance), "score" (scores / controversiality)
    # With votes: "groups" where they come split by opinion group (Polis), else "room" (everyone together)
    measure: str | None = None
    score: float | None = None  # the consensus or division measure the position was ranked by
    groups: dict[str, dict[str, int]] = field(default_factory=dict)  # group -> agree, disagree, passed


@dataclass
class Reception:
    """How the post itself is received: the top-level comments that welcome it and those that object to it,
    each side best-scored first (``analyze.consensus.reception``)."""

    welcoming: list[str]  # comment ids
    objecting: list[str]
    subject: list[str] = field(default_factory=list)  # the title's words that mark a comment as on the post

    @classmethod
    def from_sides(cls, sides: dict[str, list[str]]) -> Reception:
        """From the ``{"for", "against", "subject"}`` dict that analyses stored before this type kept."""
        return cls(list(sides.get("for", [])), list(sides.get("against", [])), list(sides.get("subject", [])))


@dataclass
class Phrase:
    text: str
    commenters: int | None  # distinct known authors using it (``people``); None where none is known
    comment_ids: list[str]


@dataclass
class Timeline:
    bins: list[tuple[float, int]]  # (bin start, epoch seconds; comments in it)
    theme_shift: list[dict[str, Any]]  # {theme_id, early_share, late_share}


@dataclass
class Analysis:
    stats: Stats
    themes: list[Theme]
    tone: Tone | None = None
    questions: list[Question] = field(default_factory=list)
    stances: dict[str, Stance] = field(default_factory=dict)  # reply id -> stance toward its parent
    consensus: list[Position] = field(default_factory=list)
    divisive: list[Position] = field(default_factory=list)
    phrases: list[Phrase] = field(default_factory=list)
    timeline: Timeline | None = None
    article_summary: list[str] = field(default_factory=list)  # the article in brief, or the post standing in
    reception: Reception | None = None  # None where the post has no title or too few top-level comments
    extra: dict[str, Any] = field(default_factory=dict)
    by_source: dict[str, Stats] = field(default_factory=dict)  # several sources: label -> its own stats
    copies_across: int = 0  # several sources: comments left out as copies of one made in another source

    def __post_init__(self) -> None:
        # Stored analyses from before ``reception`` was a field kept it in ``extra``, put there by a writer.
        legacy = self.extra.pop("reception", None)
        if self.reception is None and isinstance(legacy, dict):
            self.reception = Reception.from_sides(legacy)


# --- writing and checking ---------------------------------------------------------------------------------


@dataclass
class Sentence:
    text: str  # Markdown, as it appears in the digest
    comment_ids: list[str]


@dataclass
class DigestText:
    style: str  # "post" or "report"
    writer: str  # "template", "llm", or "template (fallback: ...)"
    sentences: list[Sentence]
    markdown: str
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. LLM token use and time
    # theme id -> the title the writer named the theme by in place of the analysis's (the LLM's, checked)
    titles: dict[str, str] = field(default_factory=dict)


@dataclass
class Checks:
    quotes_verbatim: bool
    numbers_traceable: bool
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


# --- the result -------------------------------------------------------------------------------------------


@dataclass
class Digest:
    """A thread, what analysis found in it, the written digest and the verifier's verdict."""

    thread: Thread
    analysis: Analysis
    text: DigestText
    checks: Checks

    @property
    def markdown(self) -> str:
        from .render.markdown import render_markdown

        return render_markdown(self)

    @property
    def html(self) -> str:
        from .render.html import render_html

        return render_html(self)

    def to_dict(self) -> dict[str, Any]:
        from .render.json import digest_to_dict

        return digest_to_dict(self)
