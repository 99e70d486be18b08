"""Print a thread the way a reader meets it, to write a reader's reference themes from.

Every comment threadline analyzes (after cleaning), in tree order, indented by depth, with its id, author,
score and full text; excluded comments (deleted, removed, bots, copies, no words of their own) are marked
so the tree stays readable but are not to be assigned. Nothing of threadline's own themes is shown: the
reference must be what a reader sees, not what the tool found.

    python benchmarks/reader_themes/show_thread.py reddit/funny__3hahrw.json > funny.txt
    python benchmarks/reader_themes/show_thread.py demo
"""

from __future__ import annotations

import sys
from pathlib import Path

from reference import source_path  # type: ignore[import-not-found]

from threadline.analyze.clean import clean
from threadline.sources import load


def main(source: str) -> None:
    thread = load(source_path(source) if source == "demo" or not Path(source).exists() else source)
    corpus = clean(thread)
    analyzed = {c.id for c in corpus.comments}
    print(f"# {thread.title or source}")
    print(f"# source: {thread.source}  seen: {thread.seen_comments}  analyzed: {len(analyzed)}")
    if thread.post_text:
        print("# post text:", thread.post_text.replace("\n", " ")[:2000])
    for c in thread.comments:
        pad = "  " * c.depth
        mark = "" if c.id in analyzed else "  [EXCLUDED: not analyzed]"
        votes = f" votes +{c.votes.agree}/-{c.votes.disagree}" if c.votes else ""
        print(f"{pad}[{c.id}] {c.author or '?'} (score {c.score}{votes}){mark}")
        for line in (c.text or "").splitlines() or [""]:
            print(f"{pad}    {line}")


if __name__ == "__main__":
    main(sys.argv[1])
