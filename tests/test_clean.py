"""Cleaning on the shared real threads (counts checked against the raw files) and on hand-made cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import HN_FILES, REDDIT_FILES
from threadline.analyze.clean import analysis_text, clean, is_bot
from threadline.errors import EmptyThreadError
from threadline.model import Comment, Thread
from threadline.sources import load


def raw_reddit_bodies(path: Path) -> list[tuple[str | None, str]]:
    """(author, body) of every comment in a saved Reddit response, read without threadline."""
    _, listing = json.loads(path.read_text(encoding="utf-8"))
    out, stack = [], list(listing["data"]["children"])
    while stack:
        thing = stack.pop()
        if thing.get("kind") != "t1":
            continue
        out.append((thing["data"].get("author"), thing["data"].get("body") or ""))
        replies = thing["data"].get("replies")
        if isinstance(replies, dict):
            stack.extend(replies["data"]["children"])
    return out


def comment(cid: str, text: str, author: str | None = None, **kw) -> Comment:
    return Comment(id=cid, parent_id=None, author=author or f"user{cid}", text=text, **kw)


def thread_of(*comments: Comment) -> Thread:
    return Thread(source="test", comments=list(comments), url="https://example.org/t/1")


@pytest.mark.parametrize("path", REDDIT_FILES, ids=lambda p: p.stem)
def test_reddit_counts_match_the_raw_file(path: Path) -> None:
    raw = raw_reddit_bodies(path)
    thread = load(str(path))
    corpus = clean(thread)
    assert corpus.excluded["deleted"] == sum(body == "[deleted]" for _, body in raw)
    assert corpus.excluded["removed"] == sum(body == "[removed]" for _, body in raw)
    signed = sum("i am a bot" in body.replace("^", "").lower() for _, body in raw)
    assert corpus.excluded["bot"] == signed + sum(author == "AutoModerator" for author, _ in raw)
    assert len(corpus.comments) + sum(corpus.excluded.values()) == thread.seen_comments == len(raw)
    assert len(corpus.texts) == len(corpus.comments)
    for c, text in zip(corpus.comments, corpus.texts, strict=True):
        assert not (c.deleted or c.removed or c.bot or c.duplicate)
        assert text.strip() and "\n" not in text and not text.startswith(">")


@pytest.mark.parametrize("path", HN_FILES, ids=lambda p: p.stem)
def test_hacker_news_thread_keeps_every_live_comment(path: Path) -> None:
    thread = load(str(path))
    corpus = clean(thread)
    live = [c for c in thread.comments if not c.deleted and not c.removed and c.text.strip()]
    assert len(corpus.comments) + corpus.excluded["duplicate"] + corpus.excluded["bot"] == len(live)


def test_real_thread_bots_and_duplicates() -> None:
    funny = next(p for p in REDDIT_FILES if p.stem == "funny__3hahrw")
    thread = load(str(funny))
    corpus = clean(thread)
    bots = [c.author for c in thread.comments if c.bot]
    assert bots == ["HelperBot_"]
    # The same YouTube link posted by four people: the first stays, the later ones are copies.
    link = "https://www.youtube.com/watch?v=BdsQBqN7bCw&feature=youtu.be&t=15s"
    posts = [c for c in thread.comments if c.text.strip() == link]
    assert len({c.author for c in posts}) == len(posts) == 4
    assert [c.duplicate for c in posts] == [False, True, True, True]
    assert posts[0].id in corpus.ids


def test_names_ending_in_bot_are_not_enough() -> None:
    iama = next(p for p in REDDIT_FILES if p.stem == "IAmA__57dw9a")
    thread = load(str(iama))
    clean(thread)
    shazbot = [c for c in thread.comments if c.author == "THE_GREAT_SHAZBOT"]
    assert shazbot and not any(c.bot for c in shazbot)
    assert is_bot(comment("1", "hi", author="AutoModerator"))
    assert is_bot(comment("1", "Here you go. ^(I am a bot, beep boop)"))


def test_quoted_parent_lines_are_stripped() -> None:
    assert analysis_text("> you said this\n> over two lines\n\nAnd I  disagree\nstrongly.") == (
        "And I disagree strongly."
    )
    corpus = clean(thread_of(comment("1", "> only a quote"), comment("2", "A reply of my own")))
    assert corpus.ids == ["2"]
    assert corpus.excluded["empty"] == 1


def test_copies_and_short_agreements() -> None:
    pasta = "This is the copypasta that everyone keeps posting in every single thread about the new game"
    corpus = clean(
        thread_of(
            comment("1", pasta),
            comment("2", pasta.upper() + "!!"),  # same words, other case and punctuation
            comment("3", pasta.replace("keeps posting", "posts")),  # a near copy
            comment("4", "This."),
            comment("5", "This."),  # a different person agreeing: kept
            comment("6", "This.", author="user5"),  # the same person again: a copy
            comment("7", "A different thought about something else entirely, with its own words"),
        )
    )
    assert corpus.ids == ["1", "4", "5", "7"]
    assert corpus.excluded["duplicate"] == 3
    assert [c.duplicate for c in corpus.thread.comments] == [False, True, True, False, False, True, False]


def test_nothing_left_raises_naming_the_thread() -> None:
    gone = thread_of(comment("1", "[deleted]", deleted=True), comment("2", "[removed]", removed=True))
    with pytest.raises(EmptyThreadError, match=r"example\.org/t/1.*1 deleted, 1 removed"):
        clean(gone)
