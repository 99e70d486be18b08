"""Check a reader's reference file: every analyzed comment in exactly one theme or in "other", ids real,
shares stated as counted, 4-12 themes, at least five examples each (examples among the theme's comments).

    python benchmarks/reader_themes/check_reference.py benchmarks/reader_themes/funny__3hahrw.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from reference import load_reference_corpus  # type: ignore[import-not-found]


def check(path: Path) -> list[str]:
    ref = json.loads(path.read_text(encoding="utf-8"))
    corpus = load_reference_corpus(ref["source"])
    analyzed = {c.id for c in corpus.comments}
    problems: list[str] = []
    seen: dict[str, str] = {}
    groups = [(t["id"], t) for t in ref["themes"]] + [("other", ref.get("other", {"comment_ids": []}))]
    for tid, theme in groups:
        for cid in theme.get("comment_ids", []):
            if cid not in analyzed:
                problems.append(f"{tid}: {cid} is not an analyzed comment")
            if cid in seen:
                problems.append(f"{tid}: {cid} is also in {seen[cid]}")
            seen[cid] = tid
    missing = analyzed - set(seen)
    if missing:
        problems.append(f"{len(missing)} analyzed comments in no theme: {sorted(missing)[:20]}")
    if not 4 <= len(ref["themes"]) <= 12 and len(analyzed) >= 20:
        problems.append(f"{len(ref['themes'])} themes; a reader lists 4-12")
    for theme in ref["themes"]:
        members = set(theme["comment_ids"])
        if len(theme["examples"]) < min(5, len(members)):
            problems.append(f"{theme['id']}: fewer than five examples")
        if not set(theme["examples"]) <= members:
            problems.append(f"{theme['id']}: examples outside its comments")
        counted = len(members) / len(analyzed)
        if abs(counted - theme["share"]) > 0.005:
            problems.append(f"{theme['id']}: share {theme['share']} but {counted:.3f} counted")
    return problems


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        found = check(Path(arg))
        print(f"{arg}: {'ok' if not found else ''}")
        for p in found:
            print("  ", p)
