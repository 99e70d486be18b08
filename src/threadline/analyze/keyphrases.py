"""How a theme is named and voiced: c-TF-IDF keyphrases, a verbatim key point, verbatim quotes.

A theme's title is one or two of its most distinctive keyphrases (used by many of its members and few
others), deduplicated and written as they most often appear in its comments ("NATO", "old Reddit").

Every key point and quote is a substring of its comment's own text (``Comment.text``), cut at sentence
boundaries inside one line, never rewritten.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from ..model import POINT_WORDS, Corpus, Quote
from ..text import LANGUAGES, UNSPACED, asks, commonest_words, is_question, speaks_for_others, stands_alone
from .titles import (
    AROUND,
    ends_somewhere,
    is_noun,
    is_verb_form,
    joined,
    mode_of,
    said_of,
    starts_sentence,
    title_of,
)

__all__ = ["Description", "describe_themes", "sentences"]

TITLE_TERMS = 2
PHRASE = 0.2  # a phrase replaces its word when it is at least this telling ("moon" -> "moon landing";
# read on the shared threads: 0.5 kept "moon", "fat", "flat and Earth", 0.2 gives "fat people", "Flat Earth")
SECOND_TERM = 0.5  # a second title term only when it is about as distinctive as the first
TOGETHER = 0.25  # ... and said together with it: in this share of the comments using the rarer of the two
KEYWORDS = 8
CANDIDATES = 8  # most central comments searched for the key point
MAX_QUOTES = 3
QUOTE_CHARS = 300
MIN_WORDS, MAX_WORDS = 5, 40  # a well-formed quote: a sentence, not a one-word reply nor an essay
# Comments read to tell how a term is used and what a theme's comments do with it: the first few thousand
# say it as well as all of them; reading all 100,000 of a huge thread for every candidate term took minutes.
TITLE_SAMPLE = 3000
QUESTION_COST = 2.0  # more than any score a sentence can earn: a question only when there is nothing else
# A sentence that does not read on its own (``text.stands_alone``: a fragment, a reply's "Which is weird…",
# a laugh) costs about the centrality between the most and the fifth most central comment: a key point that
# stands alone wins unless it is much less representative.
LEANING_COST = 0.2
SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+")
BULLET = re.compile(r"^(?:[-*+•]\s+|#+\s*)")
QUOTE_LINE = re.compile(r"^\s*(?:>|&gt;)")
CODE_CHARS = set("/\\<>{}[]=_|`$#@~")
# Left by splitting contractions (don't -> don) and chat filler: never a theme's name.
FILLER = {
    "don", "didn", "doesn", "isn", "wasn", "aren", "won", "wouldn", "couldn", "shouldn", "ll", "ve", "re",
    "im", "ive", "thats", "dont", "cant", "isnt", "doesnt", "didnt", "youre", "theyre", "lol", "yeah", "yes",
    "just", "like", "really", "got", "get", "gets", "thing", "things", "stuff", "oh",
    "ok", "okay", "actually", "pretty", "lot", "gonna", "want", "know", "think", "good", "thanks", "thank",
}  # fmt: skip
# Too general to name a theme, though fine among its keywords.
GENERIC = {
    "people", "use", "used", "using", "make", "makes", "made", "did", "does", "say", "says", "said", "going",
    "look", "looks", "looking", "sure", "maybe", "probably", "time", "way", "work", "works", "need", "feel",
    "right", "mean", "read", "see", "saw", "come", "let", "new", "old", "big", "little", "better", "best",
    "edit", "sorry", "guess", "literally", "damn", "shit", "fucking", "hell", "lmao", "haha", "exactly",
    "nice", "tell", "day", "question", "post", "posts", "thread", "comment", "comments", "ama", "sub",
}  # fmt: skip
URL = re.compile(r"\S*(?:https?://|www\.)\S*")
# Contractions never leave fragments ("I've" -> "ve", "isn't" -> "isn"): a possessive keeps its word
# ("Russia's" -> "Russia"), any other word with an apostrophe is dropped before counting.
POSSESSIVE = re.compile(r"\b([A-Za-z]+)['’]s\b")
CONTRACTION = re.compile(r"\b[A-Za-z]+['’][A-Za-z]+\b")
WORD = re.compile(r"[^\W\d_][\w'’-]+")
TERM = r"(?u)\b[^\W\d_]{2,}\b"  # words of any alphabet ("für", "Straße"), no digits


@dataclass
class Description:
    title: str
    keywords: list[str]
    points: list[Quote]  # each key point's sentence, in the order of the points
    quotes: list[Quote]


def sentences(text: str) -> list[str]:
    """Sentences of a comment, each a verbatim substring of ``text``; quoted (``>``) lines skipped."""
    out = []
    for line in text.splitlines():
        if QUOTE_LINE.match(line):
            continue
        for piece in SENTENCE_END.split(line):
            piece = BULLET.sub("", piece.strip()).strip()
            if WORD.search(piece):
                out.append(piece)
    return out


def _well_formed(sentence: str) -> bool:
    """A sentence a reader can take as a point: prose of a few words, not a link, a command or a traceback."""
    words = len(sentence.split())
    code = sum(ch in CODE_CHARS for ch in sentence)
    return (
        MIN_WORDS <= words <= MAX_WORDS
        and "http" not in sentence
        and len(WORD.findall(sentence)) >= MIN_WORDS - 1
        and code <= 0.04 * len(sentence)
        and sum(ch.isalpha() for ch in sentence) >= 0.6 * len(sentence)
    )


def keyphrase_weights(
    corpus: Corpus, groups: list[np.ndarray], foreign: frozenset[str] = frozenset()
) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """Each theme's terms (1-2 words): c-TF-IDF weights, how distinctive each term is of the theme, and how
    many of the theme's comments use it.

    ``foreign``: the function words of the thread's language when it is not English (``function_words``).

    Distinctiveness is the term's share of the theme's comments times the log of how much likelier it is
    there than in the thread: high for what many members say and others don't ("poll"), low for what every
    theme says ("people") and for what one member repeats.
    """
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

    if not groups:
        return [], np.zeros((0, 0)), np.zeros((0, 0)), np.zeros((0, 0))

    vectorizer = CountVectorizer(
        ngram_range=(1, 2),
        stop_words=sorted(ENGLISH_STOP_WORDS | FILLER | foreign),
        token_pattern=TERM,
        min_df=1,
    )
    try:
        counts = vectorizer.fit_transform([_countable(text) for text in corpus.texts])
    except ValueError:  # nothing but stop words in the whole thread
        return [], np.zeros((len(groups), 0)), np.zeros((len(groups), 0)), np.zeros((len(groups), 0))
    terms = list(vectorizer.get_feature_names_out())
    per_theme = np.vstack([np.asarray(counts[rows].sum(axis=0)).ravel() for rows in groups])
    docs_per_theme = np.vstack([np.asarray((counts[rows] > 0).sum(axis=0)).ravel() for rows in groups])
    frequency = np.asarray(counts.sum(axis=0)).ravel()
    average = counts.sum() / max(len(groups), 1)
    tf = per_theme / np.maximum(per_theme.sum(axis=1, keepdims=True), 1)
    weights = tf * np.log1p(average / np.maximum(frequency, 1))
    # A term only one member uses says nothing about the theme.
    sizes = np.array([len(rows) for rows in groups])[:, None]
    weights[(docs_per_theme < 2) & (sizes >= 3)] = 0.0
    inside = docs_per_theme / np.maximum(sizes, 1)
    overall = np.asarray((counts > 0).sum(axis=0)).ravel() / max(counts.shape[0], 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        distinct = np.where(inside > 0, inside * np.log(inside / np.maximum(overall, 1e-12)), 0.0)
    distinct[(docs_per_theme < 2) & (sizes >= 3)] = 0.0
    return terms, weights, distinct, docs_per_theme


def function_words(texts: list[str]) -> frozenset[str]:
    """The commonest words of the thread's language when it is not English ("und", "nicht", "werden").

    English function words are listed already; for another language, wordfreq's commonest words of that
    language play the same part, so a German thread's themes are not named "mehr and werden".
    """
    sample = [w for text in texts[:2000] for w in re.findall(TERM, _countable(text).lower())][:50_000]
    if not sample:
        return frozenset()
    counts = Counter(sample)

    def coverage(lang: str) -> float:
        return sum(counts[w] for w in commonest_words(lang, 100)) / len(sample)

    if coverage("en") >= 0.25:  # plainly English: no other list needs loading
        return frozenset()
    best = max(LANGUAGES, key=coverage)
    return frozenset() if best == "en" else commonest_words(best, 400)


def _countable(text: str) -> str:
    """The text as counted for keyphrases: links and contractions out, possessives to their word."""
    return UNSPACED.sub(" ", CONTRACTION.sub(" ", POSSESSIVE.sub(r"\1", URL.sub(" ", text))))


def _top_terms(terms: list[str], weights: np.ndarray, limit: int) -> dict[str, float]:
    """The best terms and weights, skipping a word inside a chosen phrase and a phrase of chosen words."""
    chosen: dict[str, float] = {}
    for j in np.argsort(-weights)[: limit * 4]:
        if weights[j] <= 0 or len(chosen) >= limit:
            break
        term = terms[j]
        words = set(term.split())
        if any(term in c.split() or words <= set(c.split()) for c in chosen):
            continue
        for c in [c for c in chosen if " " in term and c in term.split()]:
            del chosen[c]
        chosen[term] = float(weights[j])
    return chosen


def _sentence_weight(sentence: str, keywords: dict[str, float]) -> float:
    lowered = sentence.lower()
    found = [w for term, w in keywords.items() if re.search(rf"\b{re.escape(term)}\b", lowered)]
    return sum(found) / math.sqrt(max(len(sentence.split()), 1))


def _key_point(
    corpus: Corpus,
    rows: np.ndarray,
    centrality: np.ndarray,
    keywords: dict[str, float],
    joking: Sequence[bool] | None = None,
) -> Quote:
    """One well-formed sentence from the most representative comments, best covering the theme's terms.

    A question states no point unless asking is what most of the comments do: then one of their questions is
    the point; else one is taken only when no statement is well-formed. So with a joke (``joking``: which
    comment rows joke, as the tone step reads them): a punchline ("Kim today: anyway, here are 30,000
    more") speaks for a point only when most of its comments joke too.
    """
    order = _voices_first(corpus, rows, np.argsort(-centrality))
    asking = sum(asks(corpus.texts[i]) for i in rows) * 2 >= len(rows)
    question_cost = 0.05 if asking else QUESTION_COST
    jokes = [bool(joking[i]) for i in rows] if joking is not None else [False] * len(rows)
    joke_cost = 0.0 if sum(jokes) * 2 >= len(rows) else QUESTION_COST
    best: tuple[float, str, str] | None = None
    top_weight = max(keywords.values(), default=1.0) or 1.0
    for rank, position in enumerate(order):
        if rank >= CANDIDATES and best is not None:
            break  # past the most central comments, look further only while nothing well-formed is found
        comment = corpus.comments[rows[position]]
        for sentence in sentences(comment.text):
            if not _well_formed(sentence) or len(sentence.split()) > POINT_WORDS:
                continue
            score = float(centrality[position]) + 0.3 * _sentence_weight(sentence, keywords) / top_weight
            score -= 0.02 * rank + (question_cost if is_question(sentence) else 0.0)
            score -= 0.0 if stands_alone(sentence) else LEANING_COST
            score -= joke_cost if jokes[position] else 0.0
            if best is None or score > best[0]:
                best = (score, sentence, comment.id)
    if best is None:  # no well-formed sentence among them: the central comment's opening, verbatim
        comment = corpus.comments[rows[order[0]]]
        return Quote(comment.id, _opening(comment.text))
    return Quote(best[2], best[1])


def _voices_first(corpus: Corpus, rows: np.ndarray, order: np.ndarray) -> np.ndarray:
    """``order`` with the comments that may speak for the theme first (the rest only if none may)."""
    able = np.array([speaks_for_others(corpus.comments[rows[p]]) for p in order], dtype=bool)
    return order[able] if able.any() else order


def _opening(text: str) -> str:
    """The first sentence (or its first ``QUOTE_CHARS`` characters, cut at a space), verbatim."""
    first = (sentences(text) or [text.strip()])[0]
    if len(first) <= QUOTE_CHARS:
        return first
    cut = first[:QUOTE_CHARS].rsplit(" ", 1)[0]
    return cut or first[:QUOTE_CHARS]


def _quote_text(text: str, keywords: dict[str, float]) -> str:
    """A comment's most on-theme well-formed sentence, else its opening."""
    candidates = [s for s in sentences(text) if _well_formed(s)]
    if not candidates:
        return _opening(text)
    return max(candidates, key=lambda s: _sentence_weight(s, keywords))


def _quotes(
    corpus: Corpus, rows: np.ndarray, centrality: np.ndarray, keywords: dict[str, float], key_point: Quote
) -> list[Quote]:
    """Up to three quotes from different people, ranked by centrality with a nudge for well-scored ones."""
    scores = np.array([max(corpus.comments[i].score or 0, 0) for i in rows], dtype=float)
    nudge = 0.1 * np.log1p(scores) / max(np.log1p(scores.max(initial=0)), 1.0)
    speaker = corpus.thread.by_id.get(key_point.comment_id)
    authors_used = {speaker.voice if speaker else ""}
    quotes: list[Quote] = []
    ranked = _voices_first(corpus, rows, np.argsort(-(centrality + nudge)))
    # First pass: substantial quotes that add to the key point; second: short ones, when that is all there is.
    for substantial in (True, False):
        for position in ranked:
            comment = corpus.comments[rows[position]]
            author = comment.voice
            if len(quotes) == MAX_QUOTES or comment.id == key_point.comment_id or author in authors_used:
                continue
            text = _quote_text(comment.text, keywords)
            if substantial and (len(text.split()) < 3 or text == key_point.text):
                continue
            quotes.append(Quote(comment.id, text))
            authors_used.add(author)
    return quotes


def _same_word(a: str, b: str) -> bool:
    """Whether two words are one word in two forms ("poll"/"polls", "Russia"/"Russian")."""
    stem = min(len(a), len(b), 5)
    return a == b or a + "s" == b or b + "s" == a or (stem >= 4 and a[:stem] == b[:stem])


def subject_words(corpus: Corpus) -> frozenset[str]:
    """The content words of the thread's and the article's titles: the story's subject, lowercased."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    t = corpus.thread
    titles = " ".join(x for x in (t.title, t.article.title if t.article else None) if x)
    words = {w.lower().strip("'’-") for w in WORD.findall(titles)}
    return frozenset(w for w in words if len(w) > 1 and w not in ENGLISH_STOP_WORDS)


# replies, not topics
ASSENT = frozenset({"agree", "agreed", "true", "indeed", "correct", "wrong", "disagree"})
# Laughter and exclamations, however drawn out ("ha", "hahaha", "lmaooo", "wooow", "hmmm"): never a subject.
INTERJECTION = re.compile(
    r"a?(?:h+[ae]+)+h*|[ae]+h+|[ou]+h+|hm+|u+m+|w+o+w+|wh+o+a+|l+o+l+|lmf?a+o+|rofl|omf?g|ugh+|meh|ya+y|huh|hey+",
    re.IGNORECASE,
)


def _weak(word: str) -> bool:
    """A word that adds nothing beside a title word: a stop word, filler, or a form of one ("getting")."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    weak = ENGLISH_STOP_WORDS | FILLER | ASSENT
    stems = [word[: -len(end)] for end in ("ing", "ed", "es", "s") if word.endswith(end)]
    stems += [x[:-1] for x in stems if len(x) > 2 and x[-1] == x[-2]]  # "getting" -> "gett" -> "get"
    return word in weak or any(x in weak for x in stems) or bool(INTERJECTION.fullmatch(word))


def is_subject(term: str, subject: frozenset[str]) -> bool:
    """Whether ``term`` only names the story: title words in some form ("North Korean" in a Korea story),
    with nothing beside them but words that add nothing ("Korea getting")."""
    words = term.lower().split()
    in_title = [any(_same_word(w, s) for s in subject) for w in words]
    return any(in_title) and all(t or _weak(w) for w, t in zip(words, in_title, strict=True))


def _title_terms(
    terms: list[str],
    distinct: np.ndarray,
    written: Callable[[str], str | None],
    taken: list[str],
    subject: frozenset[str] = frozenset(),
    together: Callable[[str, str], bool] = lambda a, b: True,
    noun: Callable[[str], bool] = lambda t: True,
    whole: Callable[[str], bool] = lambda t: True,
    mentions: np.ndarray | None = None,
) -> list[str]:
    """One or two distinctive terms, none generic and none repeating another's words; of terms equally
    distinctive (as many of the theme's comments use them, and no others), a phrase before a word ("old
    reddit", not "reddit") and then the one they mention more (``mentions``: the terms' c-TF-IDF weights in
    the theme), not the first in the alphabet ("Reichsbürger" said over and over, not "passports" in as many
    comments).

    A word gives way to a phrase around it that is nearly as telling ("korea" -> "north korea"); a phrase
    stands alone; a second word joins only when it is nearly as telling as the first and the theme's
    comments say the two ``together`` ("Android and crashes", not "glad and world"). Words of ``taken``
    (earlier themes' titles) are not reused, so two themes are not both "poll" and "polls". A term made only
    of ``subject`` words (the thread's title) names the story, not what one theme of it says.
    """
    top = [j for j in np.argsort(-distinct, kind="stable")[:200] if distinct[j] > 0]
    if mentions is not None:  # only the candidates are ranked again, not the thread's every term
        top.sort(key=lambda j: (-distinct[j], -len(terms[j].split()), -mentions[j]))
    # A phrase counts only as its comments write it: "earth flat" (from "the earth is flat") is no phrase.
    ok = [
        j
        for j in top
        if not all(w in GENERIC or _weak(w) for w in terms[j].split()) and not is_subject(terms[j], subject)
    ]
    ok = [j for j in ok if " " not in terms[j] or written(terms[j])]
    chosen: list[tuple[str, float]] = []
    for j in ok:
        term, score = terms[j], float(distinct[j])
        used = taken + [c for t, _ in chosen for c in t.split()]
        if any(_same_word(w, c) for w in term.split() for c in used):
            continue
        if chosen and score < SECOND_TERM * chosen[0][1]:
            break
        if not noun(written(term) or term):
            continue
        if " " not in term:
            phrases = [
                k
                for k in ok
                if term in terms[k].split()
                and " " in terms[k]
                and not any(_same_word(w, c) for w in terms[k].split() for c in used)
                and whole(terms[k])  # "satellite imagery", not "commercial satellite"
            ]
            if phrases and distinct[phrases[0]] >= PHRASE * score:
                term, score = terms[phrases[0]], float(distinct[phrases[0]])
        if chosen and " " in term:
            break
        if chosen and not together(chosen[0][0], term):
            continue
        chosen.append((term, score))
        if " " in term or len(chosen) == TITLE_TERMS:
            break
    return [written(t) or t for t, _ in chosen]


def _term_pattern(term: str) -> re.Pattern[str]:
    """A term as the comments may write it: any case, its words apart by spaces or hyphens."""
    # not a piece of a hyphenated word: "optic drones" is no phrase of "fibre-optic drones"
    words = r"[\s-]+".join(re.escape(w) for w in term.split())
    return re.compile(r"(?<![\w-])" + words + r"\b", re.IGNORECASE)


def _as_written(term: str, corpus: Corpus, rows: np.ndarray) -> str | None:
    """The term as its theme's comments most often write it ("nato" -> "NATO"); None if never verbatim."""
    pattern = _term_pattern(term)
    forms: dict[str, int] = {}
    opening: dict[str, int] = {}  # forms found at a sentence's start, whose capital may be the sentence's
    for i in rows[:500]:
        text = corpus.comments[i].text
        for found in pattern.finditer(text):
            form = " ".join(found.group().split())
            at_start = starts_sentence(text[max(0, found.start() - AROUND) : found.start()])
            counts = opening if at_start and form[:1].isupper() and form[1:].islower() else forms
            counts[form] = counts.get(form, 0) + 1
    # A capital only ever at a sentence's start says nothing ("Support inward, dump out"); a name is written
    # with it elsewhere too ("crashed the Android app").
    named = any(f[:1].isupper() for f in forms)
    for form, n in opening.items():
        key = form if named else form[0].lower() + form[1:]
        forms[key] = forms.get(key, 0) + n
    # Lower case wins ties, so a capital at a sentence start does not stick ("Poll" at one comment's start).
    return max(sorted(forms), key=lambda f: (forms[f], f.islower())) if forms else None


def _said_together(a: str, b: str, corpus: Corpus, rows: np.ndarray) -> bool:
    """Whether two terms share comments: at least two, and ``TOGETHER`` of those using the rarer one."""
    first, second = _term_pattern(a), _term_pattern(b)
    texts = [corpus.comments[i].text for i in rows[:500]]
    has_a = {i for i, t in enumerate(texts) if first.search(t)}
    has_b = {i for i, t in enumerate(texts) if second.search(t)}
    both = len(has_a & has_b)
    return both >= 2 and both >= TOGETHER * min(len(has_a), len(has_b))


def _fallback_terms(
    corpus: Corpus,
    rows: np.ndarray,
    key_point: str,
    taken: list[str],
    subject: frozenset[str] = frozenset(),
    noun: Callable[[str], bool] = lambda t: True,
) -> list[str]:
    """Without keyphrases: the key point's longest content word not in an earlier title, never a sentence;
    a word the thread uses as a noun first, written as the theme's comments write it ("Michael")."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    common = ENGLISH_STOP_WORDS | FILLER | function_words([key_point])
    words = [w for w in WORD.findall(_countable(key_point)) if not (w.lower() in common or _weak(w.lower()))]
    words = [w for w in words if w.lower() not in GENERIC] or words
    words = [w for w in words if not is_subject(w, subject)] or words
    words = [w for w in words if not any(_same_word(w.lower(), t) for t in taken)]
    if not words:
        return []
    written = [_as_written(w, corpus, rows) or w.lower() for w in sorted(words, key=len, reverse=True)]
    return [next((w for w in written if noun(w)), written[0])]


def _opening_label(text: str) -> str:
    """A label from the key point's first words when no term names the theme (e.g. a Chinese thread)."""
    # Characters of unspaced scripts carry a word or more each: fewer of them make a label.
    limit = 8 if len("".join(UNSPACED.findall(text))) > len(text) / 2 else 24
    label = " ".join(text.split()[:4])[:limit].rstrip()
    if not label:
        return "Short replies"
    return label if label == " ".join(text.split()) else label + "…"


def describe_themes(
    corpus: Corpus,
    groups: list[np.ndarray],
    centralities: list[np.ndarray],
    point_rows: list[list[np.ndarray]],
    vectors: np.ndarray,
    joking: Sequence[bool] | None = None,
) -> list[Description]:
    """Title, keywords, key points and quotes for each group of comment rows (``point_rows``: its points);
    ``joking``: which comments joke, for the titles' mode."""
    foreign = function_words(corpus.texts)
    terms, weights, distinct, using = keyphrase_weights(corpus, groups, foreign)
    out: list[Description] = []
    taken: list[str] = []
    subject = subject_words(corpus)
    # Two terms are joined with the digest's English "and" only when the thread is English too: a German
    # thread's theme reads "sparen / abschaffen", not "sparen and abschaffen".
    english = not foreign
    sample = corpus.texts[:TITLE_SAMPLE]

    # Read in the whole thread once per term, whichever theme asks first.
    @cache
    def noun(term: str) -> bool:
        return not english or is_noun(term, sample)

    @cache
    def whole(term: str) -> bool:  # a phrase the thread ends somewhere, not only a piece of a longer one
        return not english or ends_somewhere(term, sample)

    own_subject = _own_subject(subject, terms, distinct, using)
    for index, (rows, centrality, prows) in enumerate(zip(groups, centralities, point_rows, strict=True)):
        keywords = _top_terms(terms, weights[index], KEYWORDS) if terms else {}
        points = [_key_point(corpus, p, _centrality(vectors[p]), keywords, joking) for p in prows]
        written = lambda t, rows=rows: _as_written(t, corpus, rows)  # noqa: E731
        together = lambda a, b, rows=rows: _said_together(a, b, corpus, rows)  # noqa: E731
        texts = [corpus.comments[i].text for i in rows[:TITLE_SAMPLE]]
        jokes = [bool(joking[i]) for i in rows[:TITLE_SAMPLE]] if joking else [False] * len(texts)
        mode = mode_of(texts, jokes) if english else None  # the modes' cues are English
        # A mode that is the whole title ("who took part") titles one theme; a second is named by its subject.
        by_mode = mode is not None and mode.whole and all(d.title != mode.prefix for d in out)
        if mode is not None and mode.whole and not by_mode:
            mode = None
        # The story's own subject names no theme ("North Korean"), but what a theme does with it does: an
        # AMA's chain of jokes about its guest is "jokes about Ken Bone".
        # ... unless this theme is the one about it most: "Roswell" for the thread's talk of Roswell itself.
        about = frozenset() if mode else subject - own_subject[index]
        named = []
        if terms:
            named = _title_terms(
                terms, distinct[index], written, taken, about, together, noun, whole, weights[index]
            )
        # No noun among the telling terms: a noun of the key point, else the most telling term all the
        # same, said as "talk of ...", else the key point's longest word.
        fallback = [] if named else _fallback_terms(corpus, rows, points[0].text, taken, about, noun)
        if fallback and noun(fallback[0]):
            named = fallback
        as_noun = bool(named)
        if not named and terms:
            # Else a word the comments say of something ("calling it cool"), else any term but a verb's
            # form; neither gives way to a phrase around it ("famous" is not "famous compared").
            said = lambda t, texts=texts: " " not in t and said_of(t, texts)  # noqa: E731
            for accept in (said, lambda t: not is_verb_form(t)):
                named = _title_terms(
                    terms, distinct[index], written, taken, about, together, accept, _never, weights[index]
                )
                if named:
                    break
        named = named or fallback
        if english and len(named) == 2:  # two words joined by "and" only where the comments join them
            phrase = joined(named[0], named[1], texts)
            named = [phrase] if phrase else named[:1]
        if by_mode and mode is not None:
            title = mode.prefix
        elif not named:
            title = _opening_label(points[0].text)
        elif english:
            title = title_of(named[0], mode, texts, noun=as_noun)
        else:  # the digest around the title is English either way
            title = title_of(" / ".join(named), None, texts, noun=False)
        if not by_mode:
            taken += [w.lower() for t in named for w in t.split()]
        quotes = _quotes(corpus, rows, centrality, keywords, points[0])
        out.append(Description(title=title, keywords=list(keywords), points=points, quotes=quotes))
    return out


def _own_subject(
    subject: frozenset[str], terms: list[str], distinct: np.ndarray, using: np.ndarray
) -> list[set[str]]:
    """For each theme, the story's subject words it may be named by: a word the theme tells apart more than
    any other does and that most of the comments using it are in (``using``: comments per theme and term;
    "Roswell" for r/pics' talk of Roswell itself), not one said all over the thread ("North Korea" in a
    thread about North Korea)."""
    own: list[set[str]] = [set() for _ in distinct]
    column = {term: j for j, term in enumerate(terms)}
    for word in subject:
        j = column.get(word)
        if j is None or len(distinct) < 2 or distinct[:, j].max() <= 0:
            continue
        best = int(np.argmax(distinct[:, j]))
        if 2 * using[best, j] >= using[:, j].sum() > 0:
            own[best].add(word)
    return own


def _never(term: str) -> bool:
    return False


def _centrality(vectors: np.ndarray) -> np.ndarray:
    """How close each row is to the rows' mean direction."""
    mean = vectors.mean(axis=0)
    return vectors @ (mean / max(float(np.linalg.norm(mean)), 1e-12))
