"""Reading a reader's reference theme list and the thread it was written from."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from threadline.analyze.clean import clean
from threadline.analyze.themes import answered
from threadline.model import Corpus
from threadline.sources import load

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def source_path(source: str) -> str:
    """A reference's ``source`` ("demo", or a path under ../shared/data) as a loadable path."""
    if source == "demo":
        return str(resources.files("threadline.demo") / "thread.json")
    return str(DATA / source)


def load_reference_corpus(source: str) -> Corpus:
    return clean(load(source_path(source)))


def reply_edges(corpus: Corpus) -> list[tuple[str, str]]:
    """Each analyzed reply's id with the id of what it answers (``themes.answered``)."""
    return [(corpus.ids[own], corpus.ids[parent]) for own, parent in answered(corpus)]
