"""Phrases that stuck, on real threads and on a thread written to trap copied quotes."""

from __future__ import annotations

import re

from analysis_threads import corpus_of, hn_thread, reddit_thread
from conftest import SHARED_DATA
from threadline.analyze.phrases import _FUNCTION, find_phrases
from threadline.model import Comment, Corpus, Thread


def _verbatim_in(phrase: str, text: str) -> bool:
    pattern = r"\s+".join(re.escape(w) for w in phrase.split())
    return re.search(pattern, text, re.I) is not None


def _check(corpus: Corpus, phrases) -> None:
    by_id = corpus.thread.by_id
    lowered = [p.text.lower() for p in phrases]
    assert len(set(lowered)) == len(lowered)
    assert not any(f"{a}s" in lowered or a[:-1] + "ies" in lowered for a in lowered)  # no plural twins
    for p in phrases:
        words = p.text.lower().split()
        assert 2 <= len(words) <= 4
        assert words[0] not in _FUNCTION and words[-1] not in _FUNCTION  # not stopword soup
        assert all(_verbatim_in(p.text, by_id[c].text) for c in p.comment_ids)
        voices = {by_id[c].author or c for c in p.comment_ids}  # an unknown author is a voice of its own ...
        known = {by_id[c].author for c in p.comment_ids if by_id[c].author}
        assert len(voices) >= 2 and p.commenters == (len(known) or None)  # ... but counts as no person


def test_reddit_announcement_phrases() -> None:
    corpus = corpus_of(reddit_thread(SHARED_DATA / "reddit" / "announcements__fo7p5b.json"))
    phrases = find_phrases(corpus)
    _check(corpus, phrases)
    top = {p.text.lower(): p for p in phrases[:5]}
    assert "old reddit" in top and top["old reddit"].commenters >= 20
    assert "new reddit" in top


def test_phrases_in_other_threads() -> None:
    pics = corpus_of(reddit_thread(SHARED_DATA / "reddit" / "pics__fjn0j9.json"))
    phrases = find_phrases(pics)
    _check(pics, phrases)
    assert phrases[0].text.lower() == "robotic ferret" and phrases[0].commenters >= 10
    hn = corpus_of(hn_thread(SHARED_DATA / "hackernews" / "item_49220339.json"))
    hn_phrases = find_phrases(hn)
    _check(hn, hn_phrases)
    assert {"suicide rate", "drone operators"} <= {p.text.lower() for p in hn_phrases}


def _corpus(texts: list[str], title: str = "") -> Corpus:
    comments = [Comment(id=str(i), parent_id=None, author=f"user{i}", text=t) for i, t in enumerate(texts)]
    return Corpus(
        thread=Thread(source="table", comments=comments, title=title),
        comments=comments,
        texts=texts,
        excluded={},
    )


def test_copied_quote_is_not_a_phrase_but_a_shared_expression_is() -> None:
    quote = "the ministry confirmed additional battalions arrived overnight near the eastern border"
    texts = [
        f"They said {quote} and nobody blinked.",
        f"Quote: {quote}. Wow.",
        f"Read it again: {quote}",
        "Those conscripts are cannon fodder, plain and simple.",
        "Sending them in as cannon fodder again.",
        "More cannon fodder for the meat grinder.",
        "Straight into the meat grinder they go.",
        "Nothing else to say.",
    ]
    phrases = {p.text.lower(): p for p in find_phrases(_corpus(texts), min_commenters=2)}
    assert "cannon fodder" in phrases and phrases["cannon fodder"].commenters == 3
    assert "meat grinder" in phrases and phrases["meat grinder"].comment_ids == ["5", "6"]
    assert not any(set(p.split()) & {"ministry", "battalions", "overnight", "eastern"} for p in phrases)


def test_one_person_repeating_a_phrase_is_not_enough() -> None:
    texts = ["cannon fodder again", "yes cannon fodder", "cannon fodder, I said"]
    comments = [Comment(id=str(i), parent_id=None, author="same", text=t) for i, t in enumerate(texts)]
    corpus = Corpus(
        thread=Thread(source="table", comments=comments), comments=comments, texts=texts, excluded={}
    )
    assert find_phrases(corpus, min_commenters=2) == []


def test_the_story_subject_in_another_form_is_not_a_phrase_that_stuck() -> None:
    texts = [
        "The North Korean soldiers are cannon fodder.",
        "North Korean troops again, cannon fodder for Moscow.",
        "Every North Korean conscript is cannon fodder.",
        "Nothing else to say here.",
    ]
    title = "North Korea readying 30,000 more troops for Russia"
    found = {p.text.lower() for p in find_phrases(_corpus(texts, title), min_commenters=2)}
    assert "cannon fodder" in found and "north korean" not in found
    assert "north korean" in {p.text.lower() for p in find_phrases(_corpus(texts), min_commenters=2)}
