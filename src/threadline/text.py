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
    "is_question",
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
    """The ``n`` commonest words of language ``lang`` (wordfreq). Its small word lists give the same few
    hundred commonest words as its large ones and load in a fraction of the time (German: 6 ms, not 96)."""
    from wordfreq import top_n_list

    return frozenset(top_n_list(lang, n, wordlist="small"))


def asks(text: str) -> bool:
    """Whether a comment ends by asking: its last character (past trailing space) is a question mark."""
    return text.rstrip().endswith("?")


# Saying who one is: where one lives, one's age, work, income, household, identity or vote. Polis
# conversations seed such statements for participants to agree with ("I live in a rural area", "My
# household income is less than $50,000"), and a reader lists them together as who took part.
_ABOUT_SELF = re.compile(
    r"(?i)^\W*(?:"
    r"i(?:\s+(?:currently|now|also|personally|regularly|previously|do now or have in the past"
    r"|currently or have previously))*"
    r"(?:\s+(?:live[ds]?|own|rent|work(?:ed)?|identify|vote[ds]?|consider myself|(?:can )?speak|access|earn"
    r"|was born|receive|use[ds]?\b(?!\s+to\b)|had|grew up|come from|canvass"
    r"|have (?:dependents|children|kids|personally|lived|worked|been an?))\b"
    r"|(?:\s+am|'m|’m)\s+(?:an?|under|over|between|aged?|\d+|in|from|currently|self|employed|unemployed"
    r"|retired|male|female|not an?|one of|part of|either|neither|married|single|living|working|studying"
    r"|renting|receiving|on)\b)"
    r"|my\s+(?:[\w’'-]+\s+){0,3}(?:is|are|has|was|were|came|come|include[sd]?|crossed)\b)"
)
# ... and not saying what one thinks, wants or feels ("I am worried that ...", "I vote for whoever ...
# should", "I'm sure it's fake").
_VIEW = re.compile(
    r"(?i)\b(?:should|must|needs?|think|believe|feel|support|oppose|wants?|agree|disagree|favou?r|hope|wish"
    r"|worried|afraid|concerned|would|could|prefer|against|like|love|hate|trust|sure|convinced|certain"
    r"|glad|happy|sad|tired|sick|angry|proud|scared|fan|opinion|seems?|guess|bet|wonder|confused|lol"
    r"|haha)\b"
)
ABOUT_SELF_WORDS = 25  # a longer statement that opens by saying who one is goes on to say more
WHO_TOOK_PART = "who took part"  # the title of a theme of such statements


def describes_self(text: str) -> bool:
    """Whether a short statement says who its writer is (age, home, work, income, identity, vote) and
    nothing more: "I live in a rural area", "I am under 30 years of age", "My ethnicity is Arab". On the
    readers' references: 143 of the 171 statements nine Polis readers put among who took part (153
    flagged), and 2 of 2,233 Reddit and HN comments ("I had one a while back, seemed fishy")."""
    return (
        len(text.split()) <= ABOUT_SELF_WORDS
        and not asks(text)
        and bool(_ABOUT_SELF.search(text))
        and not _VIEW.search(text)
    )


def word_count(text: str) -> int:
    """Words in ``text``, two characters of an unspaced script (Chinese, Japanese) counting as one."""
    unspaced = sum(len(run) for run in UNSPACED.findall(text))
    return len(UNSPACED.sub(" ", text).split()) + (unspaced + 1) // 2


# Openings that lean on what came before: a reply marker, a pointer back, or a clause hanging off another.
_LEANS_ON_PARENT = re.compile(
    r"^(this|that|these|those|yeah|yep|yes|yup|no|nope|nah|lol|lmao|haha\w*|same|exactly|agreed|indeed|"
    r"and|but|so|because|or|which|until|unless|than|then|also|too|except|like|slowly|only|fair point|"
    r"true|right|well|sure|ok|okay|good point|absolutely|definitely|totally|correct|precisely)\b",
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
# A question asked without its question mark: an auxiliary before its subject ("Is it weird that I read the
# title differently").
_ASKS_UNMARKED = re.compile(
    r"^(?:is|are|was|were|do|does|did|can|could|would|should|will|has|have|had|isn't|aren't|wasn't|"
    r"don't|doesn't|didn't|can't|couldn't|wouldn't|shouldn't|won't|hasn't|haven't)\s+(?:it|i|you|we|they|"
    r"he|she|there|this|that|anyone|anybody|someone|somebody|people|everyone|everybody)\b",
    re.IGNORECASE,
)
# Endings that lean on what came before: a verb left out because the parent said it, negated ("... unlawful
# orders you will not") or after a break ("If it helps, it does."; not "the things I do"), or a "though" set
# against it ("It is still preferable to the redesign though.").
_PRONOUN_AUX = (
    r"(?:i|you|we|they|he|she|it|there)\s+(?:will|would|can|could|do|does|did|should|must|might|may|have|has|"
    r"had|am|are|is|was|were)"
)
_ELIDED_END = re.compile(
    rf"(?:\b{_PRONOUN_AUX}(?:\s+not|n't)|(?:^|[,;:]\s*){_PRONOUN_AUX}|[\s,]though)\W*$", re.IGNORECASE
)
# A short sentence about "it" is about something said before it ("Probably, more importantly: it's a lie.";
# "It's the US side that's wobbling."); "this" and "that" often point inside the sentence ("Support in, dump
# out, this is golden advice.").
_POINTS_BACK_SHORT = re.compile(r"\bit(?:['’]s|\s+is|\s+was)\b", re.IGNORECASE)
SHORT_POINTING_WORDS = 10
# A piece of a longer sentence, cut where a line broke: it opens in lower case on a preposition ("to
# recruiters explaining: ...").
_LOWER_PREPOSITION = re.compile(r"^(?:to|of|for|with|at|from|by|as|into|about|than)\s")


def is_question(sentence: str) -> bool:
    """Whether a sentence asks: it ends in a question mark, or opens as a question does without one."""
    text = sentence.strip("“”\"' ")
    return text.endswith("?") or bool(_ASKS_UNMARKED.match(text))


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
    words = word_count(text)
    if (
        words < MIN_ALONE_WORDS
        or _LEANS_ON_PARENT.match(text)
        or _LOWER_PREPOSITION.match(text)
        or _ELIDED_END.search(text)
        or (words < SHORT_POINTING_WORDS and _POINTS_BACK_SHORT.search(text))
    ):
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
