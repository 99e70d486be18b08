"""Reading text, for analysis and writing alike: sentences, scripts written without spaces, the commonest
words of a language, whether a quote reads on its own, and which comments may speak for others.

Both stages need these and neither owns them: the article summary and the writers' quotes cut text at the
same sentence boundaries, the key phrases and the quotes' language test read the same word lists, and a
comment the analysis never lets voice a theme (voted down, or instructions aimed at a model) is one the
writers never cite as making a point.

>>> split_sentences("Dr. Ames left at 5.30 p.m. on Friday. Nobody saw her.")
['Dr. Ames left at 5.30 p.m. on Friday.', 'Nobody saw her.']
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Comment

__all__ = [
    "split_sentences",
    "stands_alone",
    "reads_as_english",
    "word_count",
    "asks",
    "UNSPACED",
    "LANGUAGES",
    "commonest_words",
    "speaks_for_others",
]

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


def asks(text: str) -> bool:
    """Whether a comment ends by asking: its last character (past trailing space) is a question mark."""
    return text.rstrip().endswith("?")


def word_count(text: str) -> int:
    """Words in ``text``, two characters of an unspaced script (Chinese, Japanese) counting as one."""
    unspaced = sum(len(run) for run in UNSPACED.findall(text))
    return len(UNSPACED.sub(" ", text).split()) + (unspaced + 1) // 2


# Openings that lean on what came before: a reply marker, a pointer back, or a clause hanging off another.
_LEANS_ON_PARENT = re.compile(
    r"^(this|that|these|those|yeah|yep|yes|yup|no|nope|nah|lol|lmao|haha\w*|same|exactly|agreed|indeed|"
    r"and|but|so|because|or|which|until|unless|than|then|also|too|except|like|slowly|only|fair point|"
    r"true|right|well|sure|ok|okay|good point)\b",
    re.IGNORECASE,
)
_LAUGH = re.compile(r"\b(lol|lmao|rofl|haha\w*)\b", re.IGNORECASE)
_POINTS_BACK = re.compile(r"\b(that|this|those|these|it|they|them)\b", re.IGNORECASE)
# A finite verb, roughly: an auxiliary or common verb, a contraction, or a past/-s form.
_VERB = re.compile(
    r"\b(is|are|was|were|be|been|am|has|have|had|do|does|did|can|could|will|would|should|may|might|must|"
    r"get|gets|got|make|makes|made|go|goes|went|know|think|thinks|want|wants|need|needs|say|says|said|"
    r"see|sees|feel|feels|keep|keeps|let|look|looks|seem|seems)\b|\w'(s|re|ll|ve|d|m)\b|n't\b|\w{3,}ed\b",
    re.IGNORECASE,
)


MIN_ALONE_WORDS = 6  # shorter lines ("i can't see the poll") are reactions, not points a reader can weigh


def stands_alone(fragment: str) -> bool:
    """Whether a quote reads on its own: a full clause of six words or more, not leaning on a parent.

    The clause test (a finite verb) knows English only, so it applies only to text that reads as English;
    in other languages length alone decides.
    """
    text = fragment.strip("“”\"' ")
    if _LAUGH.search(text):  # a laugh makes it a reaction, not a point
        return False
    if text.endswith("?") and _POINTS_BACK.search(text):  # "Is that documentary still online?"
        return False
    if word_count(text) < MIN_ALONE_WORDS or _LEANS_ON_PARENT.match(text):
        return False
    return bool(_VERB.search(text)) or not reads_as_english(text)


# The 100 commonest English words make up about half of running English text; a German or Spanish sentence
# shares only a few of them ("in", "was").
ENGLISH_SHARE = 0.2


def reads_as_english(text: str) -> bool:
    """Whether at least ``ENGLISH_SHARE`` of the words are among English's 100 commonest."""
    words = re.findall(r"[a-z']+", UNSPACED.sub(" ", text).lower())
    common = commonest_words("en", 100)
    return bool(words) and sum(w in common for w in words) / max(word_count(text), 1) >= ENGLISH_SHARE


# Text addressed to a summarising model ("ignore all previous instructions ..."): data, never a theme's voice.
INSTRUCTIONS = re.compile(
    r"\b(?:ignore|disregard|forget)\b.{0,30}\b(?:instructions|prompts?|rules)\b|\bsystem prompt\b|"
    r"\bas an? (?:AI|language model)\b|\byou are (?:an? )?(?:AI|language model|assistant|chatbot)\b",
    re.IGNORECASE,
)


def speaks_for_others(comment: Comment) -> bool:
    """Whether a comment may voice a theme or be cited as making a point: not voted down, not instructions
    aimed at a model. The analysis picks its voices by it, and the writers what they cite."""
    return (comment.score is None or comment.score >= 0) and not INSTRUCTIONS.search(comment.text or "")
