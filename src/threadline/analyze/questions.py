"""Questions people ask, grouped when they ask the same thing, and whether the thread answered them.

A question is a sentence ending in "?" of at least four words that is not a rhetorical aside ("Who cares?",
"..., right?", "Isn't it obvious?"). Questions are grouped greedily, only among question sentences and at
most ``max_questions`` of them, by the asking comments' embeddings together with the words the questions
share. A question counts as answered when someone other than the asker replies to an asking comment with
a statement that bears on it (shares a content word with the question, or is close to it in meaning, or
opens with a yes/no), not merely with another question.
"""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np

from ..model import Comment, Corpus, Question, Stance

_SENTENCE = re.compile(r"(?<=[.!?])[\"”')\]]*\s+|\n+")
_WORD = re.compile(r"[a-z0-9']+")
_RHETORICAL = re.compile(
    r"^(who cares|who knows|who would have (thought|guessed)|guess what|you know what|why not|isn't it|"
    r"am i the only one|are you (kidding|serious|joking)|what could (possibly )?go wrong|how dare|"
    r"seriously|really|right|what the (hell|fuck|heck)|wtf|how is this (even )?(legal|real|possible)|"
    r"isn't|aren't|wasn't|weren't|wouldn't|doesn't|don't|didn't|shouldn't|can't|couldn't|won't|"
    r"is (this|that|it) (really|even)|"
    r"(\.\.\.)?then (how|why|what)|says who|do you (really|seriously|even))\b",
    re.I,
)
_TAG_QUESTION = re.compile(r",\s*(right|no|eh|huh|yeah|innit|isn't it|don't you think|amirite)\s*\?+$", re.I)
# A short remark about the asking itself ("Asking genuinely, not trolling.", "Just curious."): not an answer.
_ASIDE = re.compile(
    r"\b(ask(ing|ed)?|question|curious|wonder(ing)?|genuine(ly)?|honest(ly)?|serious(ly)?|troll(ing)?|"
    r"sincere(ly)?|no snark|not being (snarky|funny)|eli5|thanks?|cheers)\b",
    re.I,
)
_YES_NO = re.compile(r"^(yes|yeah|yep|yup|no|nope|nah|sure|absolutely|definitely|not)\b", re.I)
_YES_NO_QUESTION = re.compile(
    r"^(is|are|was|were|do|does|did|can|could|will|would|should|has|have|any)\b", re.I
)
_STOP_WORDS = (
    "the a an and or but if so to of in on at for with by from as is are was were be been it its this that "
    "i you he she we they me him her us them my your his our their what which who whom do does did have has "
    "had not no just can will would could should how why when where there any some about"
)
_STOP = frozenset(_STOP_WORDS.split())
_MIN_WORDS = 4


def _content(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in _STOP}


def question_sentences(text: str) -> list[str]:
    """Sentences of ``text`` that ask something, verbatim; rhetorical asides and quoted lines left out.

    A question its own comment answers at once ("SIDS? Vaccine injury.") is rhetorical too.
    """
    lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith((">", "&gt;"))]
    sentences = [s.strip() for ln in lines for s in _SENTENCE.split(ln) if s.strip()]
    found = []
    for k, raw in enumerate(sentences):
        sentence = raw.lstrip("\"“'(*-•# ").strip()
        if not sentence.endswith("?") or len(sentence.split()) < _MIN_WORDS:
            continue
        if _RHETORICAL.match(sentence) or _TAG_QUESTION.search(sentence):
            continue
        if sentence.count(")") > sentence.count("(") or sentence.count('"') % 2:
            continue  # a fragment cut out of a parenthesis or a quotation
        following = sentences[k + 1] if k + 1 < len(sentences) else ""
        answered_at_once = len(following.split()) <= 6 and not _ASIDE.search(following)
        if following and not following.endswith("?") and answered_at_once:
            continue
        found.append(sentence)
    return found


def _group(items: list[tuple[int, str]], vectors: np.ndarray, threshold: float) -> list[list[int]]:
    """Greedy grouping: each question joins the first group whose leader asks the same, else starts one.

    Comment vectors say two comments are about the same thing; shared words say the questions are. Both
    are needed unless the wording alone nearly matches. Candidates come from one matrix product per
    question and a word index, so the cost is questions x groups at worst, never comments squared.
    """
    groups: list[list[int]] = []
    lead_rows: list[int] = []
    lead_words: list[set[str]] = []
    lead_vecs = np.zeros((len(items), vectors.shape[1]), dtype=np.float32)
    by_word: dict[str, set[int]] = defaultdict(set)
    for k, (row, sentence) in enumerate(items):
        words = _content(sentence)
        cos = lead_vecs[: len(groups)] @ vectors[row]
        candidates = {g for w in words for g in by_word[w]}
        chosen = None
        for g in sorted(candidates):
            shared = len(words & lead_words[g])
            overlap = shared / max(1, len(words | lead_words[g]))
            same_topic = float(cos[g]) >= threshold and lead_rows[g] != row
            if (
                (same_topic and overlap >= 0.15)
                or (float(cos[g]) >= 0.5 and overlap >= 0.3)
                or (shared >= 3 and overlap >= 0.5)
            ):
                chosen = g
                break
        if chosen is None:
            lead_vecs[len(groups)] = vectors[row]
            groups.append([k])
            lead_rows.append(row)
            lead_words.append(words)
            for w in words:
                by_word[w].add(len(groups) - 1)
        else:
            groups[chosen].append(k)
    return groups


def _answers(
    corpus: Corpus, vectors: np.ndarray, row: dict[str, int], asker: Comment, question: str
) -> list[str]:
    words = _content(question)
    # when the question is the asking comment's point (it says little else), a plain statement in reply
    # is taken as the answer; in a long comment the reply must visibly bear on the question
    focused = len([s for s in _SENTENCE.split(corpus.texts[row[asker.id]]) if s.strip()]) <= 2
    found = []
    for reply in corpus.thread.replies(asker.id):
        i = row.get(reply.id)
        if i is None or (reply.author and reply.author == asker.author):
            continue
        text = corpus.texts[i]
        statements = [s for s in _SENTENCE.split(text) if s.strip() and not s.strip().endswith("?")]
        if not statements or len(text.split()) < 2:
            continue
        shared = len(words & _content(text))
        close = float(vectors[i] @ vectors[row[asker.id]])
        yes_no = bool(_YES_NO_QUESTION.match(question) and _YES_NO.match(text))
        direct = focused and len(text.split()) >= 5
        if direct or shared >= 2 or (shared and close >= 0.4) or close >= 0.6 or yes_no:
            found.append(reply.id)
    return found


def find_questions(
    corpus: Corpus,
    vectors: np.ndarray,
    stances: dict[str, Stance],
    *,
    max_questions: int = 3000,
    threshold: float = 0.8,
    limit: int = 30,
) -> list[Question]:
    """The questions asked in the thread, grouped, most-asked first, each with whether it was answered."""
    items: list[tuple[int, str]] = []
    for i, (comment, text) in enumerate(zip(corpus.comments, corpus.texts, strict=True)):
        asks = question_sentences(comment.text)
        if stances.get(comment.id) == "disagree" and len(_SENTENCE.split(text.strip())) == 1:
            continue  # a one-line question pushing back on its parent is a challenge, not a request
        if len(asks) >= 3:  # a volley of questions argues a point; its first one stands for it
            asks = asks[:1]
        items.extend((i, s) for s in asks)
    if not items:
        return []
    # with a cap, keep the questions most people saw: higher-scored comments first, then thread order
    order = sorted(range(len(items)), key=lambda k: (-(corpus.comments[items[k][0]].score or 0), k))
    items = [items[k] for k in sorted(order[:max_questions])]
    vecs = np.asarray(vectors, dtype=np.float32)
    row_of = {c.id: i for i, c in enumerate(corpus.comments)}
    questions = []
    for members in _group(items, vecs, threshold):
        asked: dict[int, str] = {}  # comment row -> its first question in this group
        for k in members:
            asked.setdefault(items[k][0], items[k][1])
        rows = sorted(asked, key=lambda r: (corpus.comments[r].time or 0.0, r))
        answer_ids: list[str] = []
        for r in rows:
            found = _answers(corpus, vecs, row_of, corpus.comments[r], asked[r])
            answer_ids += [a for a in found if a not in answer_ids]
        questions.append(
            Question(
                text=asked[rows[0]],
                comment_ids=[corpus.comments[r].id for r in rows],
                answered=bool(answer_ids),
                answer_ids=answer_ids,
            )
        )
    questions.sort(
        key=lambda q: (
            -len(q.comment_ids),
            -_top_score(corpus, q.comment_ids),
            -_engagement(corpus, q.comment_ids),
        )
    )
    return questions[:limit]


def _top_score(corpus: Corpus, ids: list[str]) -> int:
    """The best score among the asking comments: a question hundreds upvoted outranks a downvoted one."""
    by_id = corpus.thread.by_id
    return max((by_id[i].score or 0 for i in ids if i in by_id), default=0)


def _engagement(corpus: Corpus, ids: list[str]) -> float:
    """How much attention the asking comments drew: replies, and score where there is one."""
    by_id = corpus.thread.by_id
    return sum(len(corpus.thread.replies(i)) + 0.1 * max(by_id[i].score or 0, 0) for i in ids if i in by_id)
