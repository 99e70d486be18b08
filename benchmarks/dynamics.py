"""Read the thread dynamics as a user would: tone, questions, phrases, consensus/division, counterpoints.

For a few shared threads prints each named tone's share with its clearest example, the top questions
(answered or not, with the answer's opening), the phrases that stuck, the consensus and divisive positions
with the signal they rest on, each theme's counterpoint, the timeline's shape, and the time each step took.
Threads go through the real loader, cleaning and themes, so what is printed is what a digest rests on.

    python benchmarks/dynamics.py [--all] [--embedder quality|fast]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src")]

from threadline.analyze.clean import clean  # noqa: E402
from threadline.analyze.consensus import find_consensus  # noqa: E402
from threadline.analyze.embed import get_embedder  # noqa: E402
from threadline.analyze.phrases import find_phrases  # noqa: E402
from threadline.analyze.questions import find_questions  # noqa: E402
from threadline.analyze.stance import thread_stances  # noqa: E402
from threadline.analyze.themes import find_themes  # noqa: E402
from threadline.analyze.timeline import build_timeline  # noqa: E402
from threadline.analyze.tone import analyze_tone  # noqa: E402
from threadline.model import Corpus  # noqa: E402
from threadline.sources import load as load_thread  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
DEFAULT = [
    "reddit/announcements__fo7p5b.json",
    "hackernews/item_49220339.json",
    "reddit/AskReddit__6wmniq.json",
    "polis/brexit-consensus",
]
ALL = DEFAULT + [
    "reddit/funny__3hahrw.json",
    "reddit/LifeProTips__441hsf.json",
    "reddit/pics__fjn0j9.json",
    "polis/scoop-hivemind.ubi",
]


def load(rel: str) -> Corpus:
    return clean(load_thread(str(SHARED / rel)))


def short(text: str, n: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def show(rel: str, embedder: str) -> None:
    corpus = load(rel)
    text = dict(zip(corpus.ids, corpus.texts, strict=True))
    print(f"\n=== {rel}: {len(corpus.comments)} comments, title: {short(corpus.thread.title or '', 80)}")
    vecs = get_embedder(embedder).embed(corpus.texts)
    themes = find_themes(corpus, vecs)
    t = {}
    t0 = time.perf_counter()
    stances = thread_stances(corpus)
    t["stance"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    tone = analyze_tone(corpus, themes)
    t["tone"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    questions = find_questions(corpus, vecs, stances)
    t["questions"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    consensus, divisive = find_consensus(corpus, themes, stances)
    t["consensus"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    phrases = find_phrases(corpus)
    t["phrases"] = time.perf_counter() - t0
    timeline = build_timeline(corpus, themes)

    s = tone.sentiment
    print(f"sentiment: +{s['positive']:.0%} -{s['negative']:.0%} ={s['neutral']:.0%}")
    for tag in tone.tags:
        example = short(text[tag.comment_ids[0]])
        print(f"  {tag.name:<12} {tag.share:5.1%} ({len(tag.comment_ids)})  e.g. {example}")
    counts = {k: sum(v == k for v in stances.values()) for k in ("agree", "disagree", "neutral")}
    print(f"reply stance: {counts}")
    print("questions:")
    for q in questions[:6]:
        state = (
            f"answered by {q.answer_ids[0]}: {short(text[q.answer_ids[0]], 60)}"
            if q.answered
            else "unanswered"
        )
        print(f"  [{len(q.comment_ids)} ask] {short(q.text, 90)}\n      {state}")
    print("phrases:", "; ".join(f'"{p.text}" ({p.commenters})' for p in phrases[:10]) or "-")
    for name, positions in (("consensus", consensus), ("divisive", divisive)):
        print(f"{name}:")
        for p in positions[:4]:
            print(f"  [{p.signal} +{p.agree}/-{p.disagree}] {short(p.text, 90)}")
    for theme in themes[:3]:
        cp = theme.counterpoint
        print(f"theme {theme.id} ({len(theme.comment_ids)}) {short(theme.title, 40)!r} stance {theme.stance}")
        if cp:
            print(f"    counterpoint {cp.comment_id}: {short(cp.text, 100)}")
    if timeline:
        busiest = max(timeline.bins, key=lambda b: b[1])
        width = timeline.bins[1][0] - timeline.bins[0][0] if len(timeline.bins) > 1 else 0
        print(f"timeline: {len(timeline.bins)} bins of {width / 3600:.2f} h, busiest {busiest[1]} comments")
    print("seconds:", {k: round(v, 3) for k, v in t.items()})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--embedder", choices=["quality", "fast"], default="quality")
    args = ap.parse_args()
    for rel in ALL if args.all else DEFAULT:
        show(rel, args.embedder)


if __name__ == "__main__":
    main()
