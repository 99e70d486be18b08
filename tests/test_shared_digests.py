"""Every shared thread (Reddit, Hacker News, Polis) and the demo, digested in both styles: no sentence is
written twice, and no footnote repeats another.

The fast embedder keeps this quick; what is checked here is the writing, which any analysis must pass.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from conftest import HN_FILES, POLIS_DIRS, REDDIT_FILES, ROOT
from threadline.pipeline import digest, rewrite
from threadline.render import render

THREADS = [*REDDIT_FILES, *HN_FILES, *POLIS_DIRS, ROOT / "src" / "threadline" / "demo" / "thread.json"]
_FOOTNOTE = re.compile(r"^\[\^\d+\]: (.+)$", re.M)


@pytest.mark.slow
@pytest.mark.parametrize("path", THREADS, ids=lambda p: Path(p).name)
def test_no_sentence_repeats_and_no_note_copies_another(path: Path) -> None:
    assert REDDIT_FILES and HN_FILES and POLIS_DIRS  # the shared data is there to read
    post = digest(str(path), embedder="fast")
    for made in (post, rewrite(post.thread, post.analysis, "report")):
        texts = [s.text.strip() for s in made.text.sentences]
        repeated = {t: n for t, n in Counter(texts).items() if n > 1}
        assert repeated == {}, made.text.style
        notes = [frozenset(ids.split(", ")) for ids in _FOOTNOTE.findall(render(made, "md"))]
        assert notes and len(notes) == len(set(notes)), made.text.style


def test_who_took_part_is_told_by_the_votes_on_the_profile_statements(shared_data: Path) -> None:
    """Profile statements are questions put to the room: the digest says how many agreed with the most
    agreed of them (counts the verifier traces to the votes), not that "six say 'I am under 30'"."""
    post = digest(str(shared_data / "polis" / "scoop-hivemind.taxes"))
    assert post.checks.ok, post.checks.problems
    comments = {c.id: c for c in post.thread.comments}
    [who] = [t for t in post.analysis.themes if t.title == "who took part"]
    [line] = [s for s in post.text.sentences if s.text.startswith("The most agreed with are")]
    assert set(line.comment_ids) <= set(who.comment_ids)
    agreed = sorted(
        (comments[cid].votes.agree for cid in who.comment_ids if comments[cid].votes), reverse=True
    )
    first = comments[line.comment_ids[0]]
    assert first.votes is not None and first.votes.agree == agreed[0]
    assert (
        f"({first.votes.agree} of the {first.votes.agree + first.votes.disagree} who voted either way)"
        in line.text
    )
    report = rewrite(post.thread, post.analysis, "report")
    assert report.checks.ok, report.checks.problems
    listed = [s for s in report.text.sentences if "agree, of the" in s.text]
    assert len(listed) >= 2 and {cid for s in listed for cid in s.comment_ids} <= set(who.comment_ids)
    assert f"“{first.text}”: {first.votes.agree} agree" in listed[0].text
    # they are put up before the talk starts: that they fade later tells nothing
    assert not [s for s in post.text.sentences if "**who took part** faded" in s.text]


def test_what_sets_each_opinion_group_apart_by_who_is_in_it(shared_data: Path) -> None:
    """Where participants say who they are and Polis splits them into opinion groups, the post tells which
    profile statement a group agrees with more than the others, with that group's own votes; where the groups
    hardly differ in who they are (a UBI conversation: at most 0.14 apart), it says nothing."""
    post = digest(str(shared_data / "polis" / "scoop-hivemind.biodiversity"))
    assert post.checks.ok, post.checks.problems
    [line] = [s for s in post.text.sentences if s.text.startswith("Of the statements that say who took part")]
    comments = {c.id: c for c in post.thread.comments}
    for cid, group in zip(line.comment_ids, ("0", "1"), strict=True):  # groups A and B, in order
        votes = comments[cid].extra["group_votes"][group]
        assert f"“{comments[cid].text}” ({votes['agree']} to " in line.text
        others = [v for g, v in comments[cid].extra["group_votes"].items() if g != group]
        assert all(
            votes["agree"] / sum(votes.values()) > v["agree"] / max(sum(v.values()), 1) for v in others
        )
    report = rewrite(post.thread, post.analysis, "report")
    assert report.checks.ok, report.checks.problems
    assert [s for s in report.text.sentences if s.text == line.text and s.comment_ids == line.comment_ids]
    quiet = digest(str(shared_data / "polis" / "scoop-hivemind.ubi"))
    assert not [s for s in quiet.text.sentences if "say who took part" in s.text]
