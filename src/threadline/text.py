"""Reading text, for analysis and writing alike: sentences, scripts written without spaces, and the
commonest words of a language.

Both stages need these and neither owns them: the article summary and the writers' quotes cut text at the
same sentence boundaries, and the key phrases and the quotes' language test read the same word lists.

>>> split_sentences("Dr. Ames left at 5.30 p.m. on Friday. Nobody saw her.")
['Dr. Ames left at 5.30 p.m. on Friday.', 'Nobody saw her.']
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["split_sentences", "UNSPACED", "LANGUAGES", "commonest_words"]

# Abbreviations that end in a full stop without ending a sentence.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "st", "jr", "sr",
    "inc", "ltd", "co", "corp", "vs", "etc", "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "u.s", "u.k", "e.g", "i.e", "a.m", "p.m", "approx", "dept", "est", "fig",
}  # fmt: skip
# A sentence ends at . ! ? before a capital or digit, or at the full-width 。！？ of Chinese and Japanese
# (which need no space after them).
_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|[。！？][」』”’）)]*")
# Scripts written without spaces between words: a run of them is a phrase or a sentence, not a term.
UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Languages whose function words can be told from wordfreq's lists of their commonest words.
LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt", "sv", "da", "nb", "pl", "fi", "cs", "ru", "tr")


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences, keeping abbreviations ("U.S.", "Dr.") and decimals inside them."""
    sentences: list[str] = []
    for para in re.split(r"\n\s*\n|\n(?=[A-Z“\"])", text):
        para = " ".join(para.split())
        if not para:
            continue
        start = 0
        for m in _BOUNDARY.finditer(para):
            head = para[start : m.start() + 1]
            last = head.rsplit(" ", 1)[-1].rstrip(".").lower()
            if head.endswith(".") and (last in _ABBREVIATIONS or re.fullmatch(r"[a-z]", last)):
                continue
            sentences.append(para[start : m.end()].strip())
            start = m.end()
        tail = para[start:].strip()
        if tail:
            sentences.append(tail)
    return [s for s in sentences if s]


@lru_cache(maxsize=len(LANGUAGES) * 2)
def commonest_words(lang: str, n: int) -> frozenset[str]:
    """The ``n`` commonest words of language ``lang`` (wordfreq)."""
    from wordfreq import top_n_list

    return frozenset(top_n_list(lang, n))
