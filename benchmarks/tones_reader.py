"""Tones against a reader: the tones a person named after reading a whole thread, beside those the digest
names first.

Each reference (``benchmarks/reader_themes/*.json``) lists the tones its reader would name, dominant first.
Each thread is digested as ``threadline digest`` would (the post style); the digest's tones are the ones its
tone paragraph names, in its order, or "neutral" when it names none and calls the thread matter-of-fact
(``write.tone_paragraph.named_tones``). Printed per thread: the reader's tones beside the digest's, then

- **dominant**: the reader's first tone is the digest's first ("humour" and "dark humour" count as one);
- **top tones**: of the reader's first three tones (matter-of-fact left out unless it is the first), the
  share the digest names among its three;
- **examples found**: of the comments the reader gave as examples of a tone, the share tagged with it —
  per tone, so each detector's reach on real threads shows.

    python benchmarks/tones_reader.py            # every reference
    python benchmarks/tones_reader.py demo funny  # those whose file name contains one of these
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent / "reader_themes"
sys.path.insert(0, str(HERE))

from reference import source_path  # type: ignore[import-not-found]  # noqa: E402

import threadline  # noqa: E402
from threadline.write.tone_paragraph import named_tones  # noqa: E402

# The readers' names ("scepticism/cynicism") as the digest's tone names.
READER_NAMES = {
    "humour": "humour",
    "dark humour": "dark_humour",
    "anger/outrage": "anger",
    "scepticism/cynicism": "cynicism",
    "worry/fear": "worry",
    "sadness/grief": "grief",
    "gratitude/admiration": "gratitude",
    "excitement/joy": "excitement",
    "curiosity/confusion": "curiosity",
    "neutral/informational": "neutral",
}
TOP = 3


def family(name: str) -> str:
    """Dark humour is humour: a reader's "humour" met by the digest's "dark humour" (or back) counts."""
    return "humour" if name == "dark_humour" else name


def score(path: Path) -> dict:
    ref = json.loads(path.read_text(encoding="utf-8"))
    started = time.perf_counter()
    digest = threadline.digest(source_path(ref["source"]), style="post")
    elapsed = time.perf_counter() - started
    reader = [READER_NAMES[t["name"]] for t in ref["tones"]]
    named = named_tones(digest.analysis)
    tags = {t.name: t for t in (digest.analysis.tone.tags if digest.analysis.tone else [])}
    dominant = bool(named) and family(named[0]) == family(reader[0])
    wanted = [r for i, r in enumerate(reader) if r != "neutral" or i == 0][:TOP]
    top = {family(n) for n in named[:TOP]}
    found_top = sum(family(r) in top for r in wanted)
    examples: Counter = Counter()
    for tone in ref["tones"]:
        name = READER_NAMES[tone["name"]]
        if name == "neutral":
            continue
        tagged = {cid for n, t in tags.items() if family(n) == family(name) for cid in t.comment_ids}
        examples[family(name), "found"] += sum(cid in tagged for cid in tone["examples"])
        examples[family(name), "all"] += len(tone["examples"])
    shares = ", ".join(f"{n} {100 * t.share:.0f}%" for n, t in tags.items())
    print(
        f"{'+' if dominant else ' '} {path.stem:28} reader: {', '.join(reader):44} "
        f"digest: {', '.join(named) or '-':36} top {found_top}/{len(wanted)}  ({elapsed:.1f} s)"
    )
    print(f"    tags (most salient first): {shares or 'none'}")
    return {"dominant": dominant, "top": found_top, "wanted": len(wanted), "examples": examples}


def main(filters: list[str]) -> None:
    paths = sorted(p for p in HERE.glob("*.json") if not filters or any(f in p.stem for f in filters))
    rows = [score(p) for p in paths]
    dominant = sum(r["dominant"] for r in rows)
    top, wanted = sum(r["top"] for r in rows), sum(r["wanted"] for r in rows)
    print(f"\ndominant tone named first: {dominant}/{len(rows)}")
    share = 100 * top / max(wanted, 1)
    print(f"reader's top tones among the digest's top {TOP}: {top}/{wanted} ({share:.0f}%)")
    examples: Counter = sum((r["examples"] for r in rows), Counter())
    names = sorted({name for name, _ in examples})
    print(
        "readers' examples tagged with their tone: "
        + ", ".join(f"{n} {examples[n, 'found']}/{examples[n, 'all']}" for n in names)
    )


if __name__ == "__main__":
    main(sys.argv[1:])
