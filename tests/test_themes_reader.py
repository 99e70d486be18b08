"""Themes against what readers listed, and titles a reader would use, on every shared thread and the demo."""

from __future__ import annotations

import json
import re
import sys
from importlib import resources
from pathlib import Path

import pytest

from conftest import HN_FILES, POLIS_DIRS, REDDIT_FILES, ROOT
from threadline.analyze.clean import clean
from threadline.analyze.embed import get_embedder
from threadline.analyze.themes import find_themes
from threadline.sources import load

READER = ROOT / "benchmarks" / "reader_themes"
sys.path.insert(0, str(READER))
sys.path.insert(0, str(ROOT / "benchmarks"))
REFERENCES = sorted(READER.glob("*.json"))
SECOND_READINGS = sorted((READER / "second").glob("*.json"))  # the same threads read again, for agreement
DEMO = str(resources.files("threadline.demo") / "thread.json")


@pytest.mark.parametrize("path", REFERENCES + SECOND_READINGS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_each_reference_is_a_complete_reading(path: Path) -> None:
    from check_reference import check  # type: ignore[import-not-found]

    assert check(path) == []
    ref = json.loads(path.read_text(encoding="utf-8"))
    assert ref["tones"], "the tones a reader names, dominant first"


def test_most_themes_readers_list_are_recovered() -> None:
    """Readers' themes of 5% or more recovered: 49 of 84 when this was written, 66 of 101 at seed 0 once the
    replies leaned on their parents more and two held-out references were added, 80 of 139 with five more
    held out, four of them Polis conversations, where the figure is weakest, 98 of 160 with three more Polis
    conversations and their profile statements as a theme of their own (target 80%)."""
    import themes_reader  # type: ignore[import-not-found]

    assert len(REFERENCES) >= 7
    major = recovered = 0
    for path in REFERENCES:
        _, _, m, r = themes_reader.score(path)
        major, recovered = major + m, recovered + r
    assert major >= 160
    assert recovered / major >= 0.58, f"{recovered} of {major}"


def test_replies_stay_with_what_they_answer() -> None:
    """Readers keep most replies in the theme of what they answer: 89-100% on eight threads, about half where
    one comment gathers replies on many subjects (r/IAmA's guest, r/LifeProTips' circle of grief). Threadline
    keeps 80% or its reader's share less ten points, whichever is lower (74-82% of replies on the eight before
    replies leaned on their parents more, 80-95% since)."""
    from reference import load_reference_corpus, reply_edges  # type: ignore[import-not-found]

    import themes_reader  # type: ignore[import-not-found]

    for path in REFERENCES:
        ref = json.loads(path.read_text(encoding="utf-8"))
        corpus = load_reference_corpus(ref["source"])
        edges = reply_edges(corpus)
        if not edges:
            continue  # Polis: no replies
        vectors = get_embedder("quality").embed(corpus.texts)
        themes = find_themes(corpus, vectors, joking=themes_reader.joking_of(corpus, vectors))
        ours = {cid: t.id for t in themes for cid in t.comment_ids}
        reader = {cid: t["id"] for t in ref["themes"] for cid in t["comment_ids"]}
        kept, wanted = (
            sum(side.get(a) == side.get(b) for a, b in edges) / len(edges) for side in (ours, reader)
        )
        assert kept >= min(0.8, wanted - 0.1), f"{path.stem}: {kept:.0%} kept, reader {wanted:.0%}"


def _themes(source: str):
    corpus = clean(load(source))
    return corpus, find_themes(corpus, get_embedder("quality").embed(corpus.texts))


SOURCES = [str(p) for p in [*REDDIT_FILES, *HN_FILES, *POLIS_DIRS]] + [DEMO]


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: Path(s).stem if s != DEMO else "demo")
def test_titles_are_phrases_a_reader_would_use(source: str) -> None:
    corpus, themes = _themes(source)
    by_id = corpus.thread.by_id
    for t in themes:
        if t.other:
            continue
        words = t.title.split()
        assert 1 <= len(words) <= 6, t.title
        assert not (len(words) == 1 and t.title.islower()), f"one bare common word: {t.title!r}"
        if " and " in t.title:  # two words joined by "and" only as the comments themselves join them
            tail = t.title
            for prefix in (
                "jokes about ",
                "praise for ",
                "questions about ",
                "talk of ",
                "calling it ",
                "the ",
            ):
                tail = tail.removeprefix(prefix)
            pattern = re.compile(re.escape(tail), re.IGNORECASE)
            assert sum(bool(pattern.search(by_id[c].text)) for c in t.comment_ids) >= 2, t.title


def test_a_theme_mostly_of_jokes_is_titled_as_jokes() -> None:
    """r/IAmA's banter with its guest: the themes where most comments joke say so, and only those."""
    import threadline

    source = next(p for p in REDDIT_FILES if p.stem.startswith("IAmA"))
    themes = [t for t in threadline.digest(str(source)).analysis.themes if not t.other]
    for t in themes:
        tags = t.tone.tags if t.tone else []
        joking = sum(tag.share for tag in tags if tag.name in ("humour", "dark_humour"))
        assert t.title.startswith("jokes about ") == (joking >= 0.5), (t.title, joking)
    # the guest himself ("Ken Bone", "Mr. Bone"), though he is the AMA's subject
    assert any(re.fullmatch(r"jokes about (Ken )?Bone", t.title) for t in themes), [t.title for t in themes]


def test_two_readers_are_compared_by_the_benchmarks_own_rule() -> None:
    """A reading scored against itself recovers every theme; a second reading of the same thread is there for
    at least four threads, each scored both ways (``benchmarks/reader_agreement.py``)."""
    import themes_reader  # type: ignore[import-not-found]
    from reader_agreement import as_themes  # type: ignore[import-not-found]

    assert len(SECOND_READINGS) >= 4 and all((READER / p.name).exists() for p in SECOND_READINGS)
    for path in SECOND_READINGS:
        ref = json.loads(path.read_text(encoding="utf-8"))
        themes = as_themes(ref)
        assert sum(len(t.comment_ids) for t in themes) == ref["analyzed"]
        assert themes_reader._count(ref, themes, False)[1] == len(ref["themes"])
        first = json.loads((READER / path.name).read_text(encoding="utf-8"))
        found = themes_reader._count(first, as_themes(ref), False)[1]
        assert (
            0 < found <= len(first["themes"])
        )  # two readings of one thread share some themes, not all by rule
