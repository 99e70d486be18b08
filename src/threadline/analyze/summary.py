"""Article summary: the few sentences that carry an article, picked verbatim and kept in the article's order.

Extractive on purpose: a summary that only ever repeats the article's own sentences cannot misquote it, and
the figures and attributions ("According to …", "officials said") survive intact. Sentences are scored by
centrality (TF-IDF cosine to the rest of the article), position (news leads carry the story), and whether
they carry figures or an attribution; near-repeats of an already chosen sentence are skipped.
"""

from __future__ import annotations

import math
import re

from ..model import Thread
from ..text import split_sentences

__all__ = ["summarize_article", "summary_size", "strip_dateline"]

_ATTRIBUTION = re.compile(
    r"\b(according to|said|says|told|reported|reports|stated|announced|estimated|officials?|"
    r"spokesm[ae]n|spokeswoman|confirmed|warned)\b",
    re.IGNORECASE,
)
_FIGURE = re.compile(r"\d")
# A sentence that opens by pointing back ("The official said", "She added") leans on one the summary may drop.
_LEANING = re.compile(
    r"^(?:(?:he|she|they|it)\b|(?:the|this|that)\s+(?:official|spokes\w+|minister|analyst|source)s?\s+"
    r"(?:said|says|added|told))",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
# A news dateline opening the article: "KYIV —", "NEW YORK (Reuters) —", "Kyiv, Ukraine —". An em or en dash
# (or a double hyphen) is required, and a plain hyphen only after a place written in capitals.
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Za-z.'’-]*(?:[ ,]+[A-Z][A-Za-z.'’-]*){0,3}(?:\s*\([^()]{1,40}\))?\s*(?:—|–|--)"
    r"|[A-Z][A-Z.'’]+(?: [A-Z][A-Z.'’]+){0,2}(?:\s*\([^()]{1,40}\))?\s+-)\s+(?=[A-Z“\"])"
)
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_BOILERPLATE = re.compile(
    r"(subscribe|sign up|newsletter|cookies?|all rights reserved|click here|read more|advertisement|"
    r"follow us|share this|terms of (use|service)|privacy policy)",
    re.IGNORECASE,
)
_STOPWORDS = set(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "he",
        "she",
        "they",
        "we",
        "you",
        "i",
        "his",
        "her",
        "their",
        "our",
        "your",
        "not",
        "no",
        "so",
        "than",
        "then",
        "there",
        "here",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "will",
        "would",
        "could",
        "should",
        "may",
        "might",
        "can",
        "also",
        "into",
        "over",
        "about",
        "after",
        "before",
        "more",
        "most",
        "said",
        "says",
    ]
)


def summary_size(n_sentences: int) -> int:
    """How many sentences a summary keeps: 2 for a short text, up to 4 for a long one."""
    if n_sentences <= 3:
        return n_sentences
    return max(2, min(4, round(math.log2(n_sentences))))


def _tokens(sentence: str) -> list[str]:
    return [w for w in _WORD.findall(sentence.lower()) if w not in _STOPWORDS and len(w) > 1]


def _tfidf(sentences: list[list[str]]) -> list[dict[str, float]]:
    df: dict[str, int] = {}
    for toks in sentences:
        for w in set(toks):
            df[w] = df.get(w, 0) + 1
    n = len(sentences)
    vectors = []
    for toks in sentences:
        counts: dict[str, float] = {}
        for w in toks:
            counts[w] = counts.get(w, 0.0) + 1.0
        vec = {w: (1 + math.log(c)) * math.log((1 + n) / (1 + df[w])) + 1e-9 for w, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({w: v / norm for w, v in vec.items()})
    return vectors


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def _usable(sentence: str) -> bool:
    words = sentence.split()
    if (
        not 6 <= len(words) <= 70
        or _BOILERPLATE.search(sentence)
        or sentence.endswith("?")
        or "://" in sentence
    ):
        return False
    if sentence.count("“") != sentence.count("”") or sentence.count('"') % 2:
        return False  # a fragment cut out of a quotation reads as nonsense on its own
    shouting = sum(1 for w in words if len(w) > 2 and w.isupper())
    return shouting <= len(words) // 4


def _said_little(sentence: str) -> bool:
    """Direct speech with no figure: a quoted remark plus its attribution says less than a stated fact."""
    quoted = [m.group(0) for m in _QUOTED.finditer(sentence)]
    return any(len(q.split()) >= 4 for q in quoted) and not _FIGURE.search(sentence)


def strip_dateline(sentence: str) -> str:
    """The sentence without a leading news dateline ("KYIV —", "LONDON (Reuters) —"); otherwise unchanged."""
    m = _DATELINE.match(sentence)
    if not m or len(sentence) - m.end() < 20:
        return sentence
    return sentence[m.end() :]


def _scores(sentences: list[str], title: str | None) -> list[float]:
    vectors = _tfidf([_tokens(s) for s in sentences])
    title_vec = _tfidf([_tokens(title or ""), *[_tokens(s) for s in sentences]])[0] if title else {}
    n = len(sentences)
    scores = []
    for i, (sentence, vec) in enumerate(zip(sentences, vectors, strict=True)):
        centrality = sum(_cosine(vec, other) for j, other in enumerate(vectors) if j != i) / max(1, n - 1)
        position = 1.0 / (1.0 + i / 2.0)  # the lead matters most, the rest fades smoothly
        score = centrality * 3.0 + position * 0.6 + _cosine(vec, title_vec) * 0.5
        score += 0.15 if _FIGURE.search(sentence) else 0.0
        score += 0.15 if _ATTRIBUTION.search(sentence) else 0.0
        score -= 0.35 if _said_little(sentence) else 0.0
        score -= 0.25 if _LEANING.search(sentence) else 0.0
        scores.append(score if _usable(sentence) else -1.0)
    return scores


def _pick(sentences: list[str], scores: list[float], k: int) -> list[int]:
    vectors = _tfidf([_tokens(s) for s in sentences])
    chosen: list[int] = []
    for i in sorted(range(len(sentences)), key=lambda i: (-scores[i], i)):
        if len(chosen) == k or scores[i] < 0:
            break
        if any(_cosine(vectors[i], vectors[j]) > 0.6 for j in chosen):
            continue  # a near-repeat adds nothing
        chosen.append(i)
    return sorted(chosen)


def summarize_text(text: str, title: str | None = None, k: int | None = None) -> list[str]:
    """The sentences of ``text`` that carry it, verbatim and in order."""
    sentences = split_sentences(text)
    if not sentences:
        return []
    if len(sentences) <= 2:
        return sentences
    picked = _pick(sentences, _scores(sentences, title), k or summary_size(len(sentences)))
    # only the text's first sentence can open with a dateline; a mid-text "Name — …" is prose
    return [strip_dateline(sentences[i]) if i == 0 else sentences[i] for i in picked] or sentences[:1]


def _readable(text: str) -> str:
    """Post text without bare links and list markers: what is left when a post is only a URL is nothing."""
    kept = [s for s in split_sentences(text) if "://" not in s and len(s.split()) >= 4]
    return "\n\n".join(kept)


def summarize_article(thread: Thread) -> list[str]:
    """The few sentences that carry the thread's article; without one, the post's own text (or its title).

    >>> from threadline.model import Article, Thread
    >>> t = Thread(source="demo", comments=[], article=Article(text="Officials said 30 people left."))
    >>> summarize_article(t)
    ['Officials said 30 people left.']
    """
    article = thread.article
    if article is not None and article.text.strip():
        return summarize_text(article.text, article.title or thread.title)
    post = _readable(thread.post_text or "")
    if post:
        return summarize_text(post, thread.title, k=3)
    if article is not None and article.title:
        return [article.title]
    return [thread.title] if thread.title else []
