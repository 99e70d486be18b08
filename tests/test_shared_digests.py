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
