"""Quoting comments in Markdown: short verbatim excerpts, escaped so the verifier can read them back.

Convention shared by every writer and the verifier: a quotation is written in curly quotes (“…”) or straight
double quotes; an ellipsis (…) inside marks words left out; Markdown special characters inside are escaped
with a backslash, which the verifier removes before comparing; a theme is named in bold (``**title**``).
"""

from __future__ import annotations

import re

from ..text import UNSPACED, is_question, split_sentences, stands_alone, word_count

__all__ = [
    "escape_md",
    "unescape_md",
    "excerpt",
    "opening",
    "quote",
    "find_verbatim",
    "normalize",
    "stands_alone",
    "TRAILING",
]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")
_MD_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~])")
_UNQUOTABLE = re.compile(r"[“”\"]|https?://|\n\s*>|^\s*>")


def escape_md(text: str) -> str:
    """Escape what Markdown would read as markup."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def unescape_md(text: str) -> str:
    return _MD_ESCAPED.sub(r"\1", text)


def normalize(text: str) -> str:
    """Whitespace collapsed to single spaces: the form quotes are compared in."""
    return " ".join(text.split())


def _head(text: str, max_words: int) -> str:
    """The longest opening of ``text`` with at most ``max_words`` words, not ending inside a spaced word."""
    lo, hi = 0, len(text)
    while lo < hi:  # word_count only grows as the opening does
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if word_count(text[:mid]) <= max_words else (lo, mid - 1)
    head = text[:lo]
    if lo < len(text) and not text[lo].isspace() and not UNSPACED.match(text[lo]) and " " in head:
        head = head.rsplit(" ", 1)[0]
    return head.rstrip()


def excerpt(text: str, max_words: int = 28, min_words: int = 3, alone: bool = False) -> str | None:
    """A short verbatim piece of a comment to quote: the whole comment if short, else its best sentence;
    with ``alone``, a sentence that reads on its own and asks nothing comes first."""
    flat = normalize(text)
    if min_words <= word_count(flat) <= max_words and not _UNQUOTABLE.search(text):
        return flat
    usable = [normalize(s) for s in split_sentences(text) if not _UNQUOTABLE.search(s)]
    fitting = [s for s in usable if min_words + 2 <= word_count(s) <= max_words]
    if alone:
        fitting.sort(key=lambda s: not (stands_alone(s) and not is_question(s)))  # stable: order kept
    if fitting:
        return fitting[0]
    for s in usable:  # only long sentences: keep the opening words, up to a comma where there is one
        if word_count(s) > max_words:
            head = _head(s, max_words)
            cut = max(head.rfind(","), head.rfind("，"), head.rfind("、"))
            return (head[:cut] if cut > len(head) // 2 else head) + "…"
    return None


def opening(text: str, max_words: int = 35) -> str | None:
    """The comment's opening sentences, as many as fit in ``max_words``: an argument with its reason."""
    taken: list[str] = []
    for sentence in split_sentences(text):
        s = normalize(sentence)
        if _UNQUOTABLE.search(sentence) or word_count(" ".join([*taken, s])) > max_words:
            break
        taken.append(s)
    joined = " ".join(taken)
    return joined if taken and normalize(joined) in normalize(text) else None


# Closing punctuation a quote leaves to the sentence it stands in (Latin and full-width).
TRAILING = ".,;: 。，；："


def quote(fragment: str) -> str:
    """A fragment in curly quotes, escaped for Markdown; a trailing ellipsis stays inside the quote."""
    return f"“{escape_md(fragment)}”"


def find_verbatim(needle: str, haystack: str, ignore_case: bool = False) -> str | None:
    """The text of ``needle`` as written in ``haystack`` (whitespace-normalised), or None."""
    flat_needle, flat_hay = normalize(needle), normalize(haystack)
    if ignore_case:
        i = flat_hay.lower().find(flat_needle.lower())
        return flat_hay[i : i + len(flat_needle)] if i >= 0 else None
    return flat_needle if flat_needle in flat_hay else None
