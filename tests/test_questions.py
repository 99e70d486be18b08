"""Questions: which sentences ask, grouping, answers, on real threads."""

from __future__ import annotations

import numpy as np

from analysis_threads import corpus_of, hn_thread, reddit_thread, tfidf_vectors
from conftest import SHARED_DATA
from threadline.analyze.questions import find_questions, question_sentences
from threadline.analyze.stance import thread_stances


def test_question_sentences_leave_out_rhetorical_asides() -> None:
    text = (
        "Who cares? Anyway. Will the polls work on old reddit? It's a good idea, right? "
        "SIDS? Vaccine injury. How do mods remove a poll once it is posted?"
    )
    assert question_sentences(text) == [
        "Will the polls work on old reddit?",
        "How do mods remove a poll once it is posted?",
    ]
    assert question_sentences("> Is this quoted from the parent?\nNo it is not.") == []


def _check(corpus, questions) -> None:
    by_id = corpus.thread.by_id
    for q in questions:
        first = by_id[q.comment_ids[0]]
        assert q.text.endswith("?") and q.text in first.text  # verbatim from the first asker
        assert len(set(q.comment_ids)) == len(q.comment_ids)
        assert q.answered == bool(q.answer_ids)
        askers = set(q.comment_ids)
        for aid in q.answer_ids:
            answer = by_id[aid]
            assert answer.parent_id in askers  # a reply to an asker ...
            assert answer.author != by_id[answer.parent_id].author  # ... by someone else
            assert not answer.text.strip().endswith("?") or "." in answer.text


def test_reddit_thread_questions_grouped_and_answered() -> None:
    corpus = corpus_of(reddit_thread(SHARED_DATA / "reddit" / "announcements__fo7p5b.json"))
    questions = find_questions(corpus, tfidf_vectors(corpus.texts), thread_stances(corpus))
    _check(corpus, questions)
    assert 10 <= len(questions) <= 30
    top = questions[0]
    assert len(top.comment_ids) >= 2 and "old reddit" in top.text.lower()  # several ask about old reddit
    assert any(q.answered for q in questions) and any(not q.answered for q in questions)
    api = next(q for q in questions if "third party apps" in q.text)
    assert api.answered


def test_hn_thread_questions_and_cap() -> None:
    corpus = corpus_of(hn_thread(SHARED_DATA / "hackernews" / "item_49220339.json"))
    vectors = tfidf_vectors(corpus.texts)
    stances = thread_stances(corpus)
    questions = find_questions(corpus, vectors, stances)
    _check(corpus, questions)
    report = next(q for q in questions if q.text == "Did you forget to report him, or was it squashed?")
    assert report.answered
    capped = find_questions(corpus, vectors, stances, max_questions=5)
    assert sum(len(q.comment_ids) for q in capped) <= 5


def test_same_question_from_different_people_is_one_group() -> None:
    from threadline.model import Comment, Corpus, Thread

    texts = [
        "Will North Korea send more troops to Russia next year?",
        "Interesting. Will North Korea really send more troops to Russia?",
        "What does NATO say about the deployment?",
    ]
    comments = [
        Comment(id=str(i), parent_id=None, author=f"u{i}", text=t, time=float(i)) for i, t in enumerate(texts)
    ]
    corpus = Corpus(
        thread=Thread(source="table", comments=comments), comments=comments, texts=texts, excluded={}
    )
    vectors = np.eye(3, dtype=np.float32)  # unrelated comments by embedding: grouping must come from wording
    questions = find_questions(corpus, vectors, {})
    assert [q.comment_ids for q in questions] == [["0", "1"], ["2"]]
    assert questions[0].text == texts[0] and not questions[0].answered


def test_a_question_followed_by_an_aside_about_asking_still_counts() -> None:
    text = "Why doesn't NATO strike the staging areas? Asking genuinely, not trolling."
    assert question_sentences(text) == ["Why doesn't NATO strike the staging areas?"]
    # a short statement right after is still the comment answering itself
    assert question_sentences("What killed him in the end? Vaccine injury, apparently.") == []


def test_questions_asked_once_rank_by_the_askers_score() -> None:
    from threadline.model import Comment, Corpus, Thread

    texts = [
        "Does this forum's renderer escape HTML at all?",
        "Where is China in all this mess?",
        "Could the soldiers get asylum in South Korea?",
    ]
    scores = [-6, 290, 80]
    comments = [
        Comment(id=str(i), parent_id=None, author=f"u{i}", text=t, time=float(i), score=s)
        for i, (t, s) in enumerate(zip(texts, scores, strict=True))
    ]
    corpus = Corpus(
        thread=Thread(source="table", comments=comments), comments=comments, texts=texts, excluded={}
    )
    questions = find_questions(corpus, np.eye(3, dtype=np.float32), {})
    assert [q.comment_ids for q in questions] == [["1"], ["2"], ["0"]]
