"""Cleaning: from a ``Thread`` to the ``Corpus`` analysis reads.

Excluded and counted: deleted and removed comments, bots, comments without a word of their own ("empty":
blank, only emoji or punctuation, or nothing left once quoted parent text, ``>`` lines, is stripped), and
duplicates — the same author posting the same text again, or copypasta
(a text of several words repeated, exactly or nearly, by anyone). The first copy is kept. Short identical
replies from different people ("This.", "Same") are independent voices and stay.
"""

from __future__ import annotations

import re
import zlib

import numpy as np

from ..errors import EmptyThreadError
from ..model import Comment, Corpus, Thread

__all__ = ["clean", "analysis_text", "is_bot", "find_copies"]

REASONS = ("deleted", "removed", "bot", "duplicate", "empty")
DELETED_MARKERS = {"[deleted]", "[ deleted ]", "[deleted by user]"}
REMOVED_MARKERS = {"[removed]", "[ removed ]", "[removed by reddit]", "[flagged]", "[dead]"}
KNOWN_BOTS = {
    "automoderator", "remindmebot", "sneakpeekbot", "wikitextbot", "repostsleuthbot", "savevideo",
    "helperbot_", "totesmessenger", "autotldr", "imguralbumbot", "converter-bot", "timezone_bot",
}  # fmt: skip
BOT_TEXT = re.compile(
    r"\b(?:I am a bot|I'm a bot|beep,? boop|this action was performed automatically)\b", re.IGNORECASE
)
QUOTE_LINE = re.compile(r"^\s*(?:>|&gt;)")
WORD = re.compile(r"\w+")
COPYPASTA_WORDS = 6  # texts this long or longer repeated by someone else count as copies
NEAR_JACCARD = 0.7  # word-bigram overlap above which two long texts are the same text


def is_bot(comment: Comment) -> bool:
    """Whether a comment looks automated: a known bot account or a bot's signature in the text.

    A name ending in "bot" alone is not enough: on the shared threads THE_GREAT_SHAZBOT, TBFP_BOT and a
    bot developer's account write by hand.
    """
    account = comment.author or ""
    label = comment.extra.get("source_label")
    if label:  # a combined thread's "reddit:AutoModerator" is the account "AutoModerator" of that source
        account = account.removeprefix(f"{label}:")
    if account.lower() in KNOWN_BOTS:
        return True
    return bool(BOT_TEXT.search(comment.text or ""))


def analysis_text(text: str) -> str:
    """A comment's text without quoted parent lines, whitespace collapsed."""
    kept = [line for line in (text or "").splitlines() if not QUOTE_LINE.match(line)]
    return " ".join(" ".join(kept).split())


def _gone(comment: Comment) -> str | None:
    body = (comment.text or "").strip().lower()
    if comment.deleted or body in DELETED_MARKERS:
        return "deleted"
    if comment.removed or body in REMOVED_MARKERS:
        return "removed"
    return None


def clean(thread: Thread) -> Corpus:
    """Keep the comments worth analyzing; count the rest by reason. Raises ``EmptyThreadError`` if none."""
    excluded = dict.fromkeys(REASONS, 0)
    reasons: dict[str, str] = {}
    kept: list[Comment] = []
    texts: list[str] = []
    for comment in thread.comments:
        reason = _gone(comment)
        if reason is None and (comment.bot or is_bot(comment)):
            comment.bot = True
            reason = "bot"
        text = analysis_text(comment.text) if reason is None else ""
        if reason is None and not WORD.search(text):
            reason = "empty"
        if reason:
            excluded[reason] += 1
            reasons[comment.id] = reason
            continue
        kept.append(comment)
        texts.append(text)
    copies = find_copies(kept, texts)
    for i in copies:
        kept[i].duplicate = True
        reasons[kept[i].id] = "duplicate"
    excluded["duplicate"] = len(copies)
    comments = [c for i, c in enumerate(kept) if i not in copies]
    texts = [t for i, t in enumerate(texts) if i not in copies]
    if not comments:
        where = thread.url or thread.title or f"{thread.source} thread"
        counts = ", ".join(f"{n} {reason}" for reason, n in excluded.items() if n) or "no comments at all"
        raise EmptyThreadError(where, f"no comments left to analyze ({counts})")
    kept_of = {kept[i].id: kept[first].id for i, first in copies.items()}
    return Corpus(
        thread=thread, comments=comments, texts=texts, excluded=excluded, reasons=reasons, copies=kept_of
    )


def _words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def find_duplicates(comments: list[Comment], texts: list[str]) -> set[int]:
    """Indices of later copies: same author and text, or a long text seen before (exactly or nearly)."""
    return set(find_copies(comments, texts))


def find_copies(comments: list[Comment], texts: list[str]) -> dict[int, int]:
    """Each later copy's index -> the index of the copy kept (see ``find_duplicates``)."""
    seen_exact: dict[tuple[str, str], int] = {}
    copies: dict[int, int] = {}
    long_rows: list[int] = []
    for i, (comment, text) in enumerate(zip(comments, texts, strict=True)):
        words = _words(text)
        key = " ".join(words)
        long = len(words) >= COPYPASTA_WORDS
        author_key = ("", key) if long else (comment.voice, key)
        if author_key in seen_exact:
            copies[i] = seen_exact[author_key]
            continue
        seen_exact[author_key] = i
        if long:
            long_rows.append(i)
    near = _near_duplicates([_words(texts[i]) for i in long_rows], long_rows)
    return copies | {i: first for i, first in near.items() if i not in copies}


def _shingles(words: list[str]) -> set[str]:
    return {" ".join(words[j : j + 2]) for j in range(max(1, len(words) - 1))}


def _near_duplicates(word_lists: list[list[str]], rows: list[int]) -> dict[int, int]:
    """Later members of near-identical pairs -> the earlier one, found by MinHash banding (linear in comments,
    not quadratic)."""
    if len(word_lists) < 2:
        return {}
    bands, per_band = 8, 4
    rng = np.random.default_rng(0)
    salts = rng.integers(1, 2**31 - 1, size=bands * per_band, dtype=np.int64)
    shingle_sets = [_shingles(words) for words in word_lists]
    buckets: dict[tuple[int, bytes], list[int]] = {}
    for k, shingles in enumerate(shingle_sets):
        hashes = np.array([zlib.crc32(s.encode()) for s in shingles], dtype=np.int64)
        signature = ((hashes[None, :] * salts[:, None]) % 2147483647).min(axis=1)
        for band in range(bands):
            chunk = signature[band * per_band : (band + 1) * per_band].tobytes()
            buckets.setdefault((band, chunk), []).append(k)
    later: dict[int, int] = {}
    for members in buckets.values():
        first = members[0]
        for k in members[1:]:
            if k in later:
                continue
            a, b = shingle_sets[first], shingle_sets[k]
            if len(a & b) / len(a | b) >= NEAR_JACCARD:
                later[k] = first
    return {rows[k]: rows[first] for k, first in later.items()}
