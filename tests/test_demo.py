"""The embedded demo: its article and thread hold what they promise, and `threadline demo` digests them.

The thread's facts are computed here from the raw JSON, independently of the table source; the expected
counts are the ones written into ``tools/make_demo_thread.py``.
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter
from importlib.resources import files
from pathlib import Path

import pytest

from threadline.demo import ARTICLE_URL, demo_article, demo_thread
from threadline.write import write

ROOT = Path(__file__).resolve().parents[1]
RAW: list[dict] = json.loads((files("threadline.demo") / "thread.json").read_text(encoding="utf-8"))
BY_ID = {c["id"]: c for c in RAW}
GONE = "[deleted]"
LIVE = [c for c in RAW if c["text"] not in ("[deleted]", "[removed]")]

# Each current of the thread and what marks it: (label, pattern, fewest distinct authors who must voice it).
CURRENTS = [
    ("cannon fodder", r"cannon fodder", 4),
    ("meat grinder", r"meat grinder", 4),
    ("slaves", r"\bslaves?\b", 3),
    ("dollar heroes", r"dollar heroes", 3),
    ("workers abroad, in the EU", r"documentary|shipyard|EU\b", 2),
    ("double standards", r"double standard|imagine france|if any western country|nobody calls this", 4),
    ("NATO", r"\bNATO\b", 12),
    ("NATO is for members", r"Ukraine (isn't|is not|not being) (a|in)|covers members", 4),
    ("escalation", r"WW3|World War|escalat|nuclear", 8),
    ("what Pyongyang gets", r"ICBM|satellite tech|combat experience|hard currency|reentry", 5),
    ("losses before the front", r"interpreter|drone|railhead|frostbite|between landing", 6),
    ("cynicism", r"nothing (will )?changes?|stopped expecting|pessimis|cynical|deep concern", 4),
]


def depth(comment: dict) -> int:
    d = 0
    while comment["parent_id"] is not None:
        comment = BY_ID[comment["parent_id"]]
        d += 1
    return d


def authors_matching(pattern: str) -> set[str]:
    rx = re.compile(pattern, re.IGNORECASE)
    return {c["author"] for c in LIVE if rx.search(c["text"])}


def test_thread_counts_and_shape():
    assert len(RAW) == 197
    assert len({c["id"] for c in RAW}) == len(RAW)
    assert all(set(c) == {"id", "parent_id", "author", "text", "score", "created_utc"} for c in RAW)
    assert sum(c["text"] == "[deleted]" for c in RAW) == 2
    assert sum(c["text"] == "[removed]" for c in RAW) == 1
    assert len({c["author"] for c in RAW} - {GONE}) == 137
    depths = Counter(depth(c) for c in RAW)
    assert max(depths) == 7
    assert sum(depths[d] for d in depths if d >= 4) >= 15  # real back-and-forth, not a flat list
    assert sum(c["parent_id"] is None for c in RAW) == 38


def test_replies_point_at_earlier_comments():
    for c in RAW:
        if c["parent_id"] is not None:
            parent = BY_ID[c["parent_id"]]  # KeyError: a reply to a comment that isn't there
            assert parent["created_utc"] < c["created_utc"], c["id"]
    # "best" order: every comment after its parent
    position = {c["id"]: i for i, c in enumerate(RAW)}
    assert all(position[c["parent_id"]] < position[c["id"]] for c in RAW if c["parent_id"])


def test_times_and_scores_look_like_a_real_thread():
    times = sorted(c["created_utc"] for c in RAW)
    hours = (times[-1] - times[0]) / 3600
    assert 15 <= hours <= 18.5
    first_three_hours = sum(t - times[0] < 3 * 3600 for t in times)
    assert first_three_hours > len(times) / 2  # most of the talk is early
    assert sum(t - times[0] > 12 * 3600 for t in times) >= 3  # and some comes late
    scores = [c["score"] for c in RAW]
    assert max(scores) > 5000 and min(scores) < -20
    assert sum(s < 100 for s in scores) > len(scores) / 2  # a long tail of small scores
    assert sum(s < 20 for s in scores) > len(scores) / 6


@pytest.mark.parametrize(("label", "pattern", "fewest"), CURRENTS, ids=[c[0] for c in CURRENTS])
def test_currents_are_voiced_by_several_people(label, pattern, fewest):
    assert len(authors_matching(pattern)) >= fewest, label


def test_awkward_cases_are_present():
    gone_parents = {c["parent_id"] for c in RAW if c["parent_id"]} & {
        c["id"] for c in RAW if c["text"] in ("[deleted]", "[removed]")
    }
    assert len(gone_parents) == 3  # every deleted or removed comment has replies under it
    assert [c["author"] for c in RAW].count("AutoModerator") == 1
    repeated = Counter(c["text"] for c in LIVE if len(c["text"]) > 80)
    pasta = [text for text, n in repeated.items() if n > 1]
    assert len(pasta) == 1 and len({c["author"] for c in LIVE if c["text"] == pasta[0]}) == 2
    payload = [c for c in RAW if "<script>alert(1)</script>" in c["text"]]
    assert len(payload) == 1 and "<img src=x onerror=alert(1)>" in payload[0]["text"]
    assert len(authors_matching(r"ignore all previous instructions")) == 1


def test_questions_agreement_and_disagreement():
    asked = [c for c in LIVE if c["text"].rstrip().endswith("?")]
    assert len(asked) >= 8
    assert any(not any(r["parent_id"] == q["id"] for r in RAW) for q in asked)  # some go unanswered
    assert sum(any(r["parent_id"] == q["id"] for r in RAW) for q in asked) >= 5
    replies = [c for c in LIVE if c["parent_id"]]
    agree = [c for c in replies if re.match(r"(Exactly|This|Agreed)\b", c["text"])]
    disagree = [c for c in replies if re.match(r"(No\b|That's not how|It's not a|It isn't)", c["text"])]
    assert len({c["author"] for c in agree}) >= 8
    assert len({c["author"] for c in disagree}) >= 5


def test_demo_thread_loads_through_the_table_source():
    thread = demo_thread()
    assert thread.seen_comments == len(RAW)
    assert [c.id for c in thread.comments] == [c["id"] for c in RAW]  # already in tree order
    assert max(c.depth for c in thread.comments) == 7
    assert thread.title and "30,000" in thread.title
    assert thread.url and thread.url.startswith("https://forum.example/")


def test_demo_article():
    art = demo_article()
    assert art.title and art.title.startswith("North Korea readying up to 30,000")
    assert (art.site, art.date, art.url) == ("The Meridian Ledger", "2025-03-12", ARTICLE_URL)
    assert "The Meridian Ledger · World" not in art.text  # the byline line became fields
    for fact in ("25,000 and 30,000", "11,000", "satellite imagery", "Russian combat units", "manuals"):
        assert fact in art.text, fact
    assert 500 <= len(art.text.split()) <= 700
    assert demo_thread().article.text == art.text


def test_generator_reproduces_the_shipped_thread():
    spec = importlib.util.spec_from_file_location("make_demo_thread", ROOT / "tools" / "make_demo_thread.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == RAW  # edit the comments in the script, not the JSON


# --- end to end: `threadline demo` -------------------------------------------------------------------------

NATO = re.compile(r"\bNATO\b|Article 5", re.IGNORECASE)
# What marks each current in a comment, for checking that the themes found follow the thread's currents.
MARKERS = {
    "nato": NATO,
    "troops as slaves": re.compile(r"slave|dollar hero|documentary|wages|export product|labour camp", re.I),
    "pyongyang gains": re.compile(r"ICBM|satellite|reentry|combat experience|hard currency|missile", re.I),
    "losses en route": re.compile(r"interpreter|speak Russian|drone|railhead|frostbite|landing", re.I),
    "escalation": re.compile(r"WW3|world war|escalat|nuclear|nukes", re.I),
    "double standards": re.compile(r"double standard|France|Western country|prolonging|advisers", re.I),
    "fodder": re.compile(r"cannon fodder|meat grinder|bodies", re.I),
}


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    """`threadline demo --out DIR` run once through the CLI, and the same digest from the API."""
    from click.testing import CliRunner

    from threadline.cli import cli
    from threadline.demo import run_demo

    out = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(cli, ["demo", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, result.stdout, run_demo()


def test_demo_command_writes_both_files(demo_run):
    out, stdout, digest = demo_run
    md = (out / "digest.md").read_text(encoding="utf-8")
    html = (out / "digest.html").read_text(encoding="utf-8")
    assert md == digest.markdown  # deterministic: the CLI and the API agree
    assert stdout.startswith(md.rstrip("\n"))
    assert html.lstrip().lower().startswith("<!doctype html")
    assert "<script>alert(1)</script>" not in html and "onerror=alert(1)>" not in html


def test_demo_digest_cites_real_comments(demo_run):
    _, _, digest = demo_run
    md = digest.markdown
    notes = re.findall(r"^\[\^(\d+)\]: (.+)$", md, re.M)
    assert len(notes) >= 8
    cited = {cid for _, line in notes for cid in re.findall(r"`([^`]+)`", line)}
    live = {c["id"] for c in LIVE}
    assert cited and cited <= live  # never a deleted, removed or invented id
    assert all(f"[^{n}]" in md.split(f"[^{n}]:")[0] for n, _ in notes)  # each note is referenced
    assert "25,000" in md and "11,000" in md  # the article's numbers survive the summary


def test_demo_checks_pass_and_counts_are_right(demo_run):
    _, _, digest = demo_run
    assert digest.checks.ok, digest.checks.problems
    assert digest.checks.quotes_verbatim and digest.checks.numbers_traceable
    stats = digest.analysis.stats
    assert stats.comments == 197
    excluded = {k: v for k, v in stats.excluded.items() if v}
    assert excluded == {"deleted": 2, "removed": 1, "bot": 1, "duplicate": 1}
    assert stats.analyzed == 192


def _dominant(comment_ids: list[str]) -> tuple[str, float]:
    """The current most of a theme's comments carry, and the share carrying it."""
    texts = [BY_ID[cid]["text"] for cid in comment_ids]
    best = max(MARKERS, key=lambda k: sum(bool(MARKERS[k].search(t)) for t in texts))
    return best, sum(bool(MARKERS[best].search(t)) for t in texts) / len(texts)


def test_demo_themes_follow_the_currents(demo_run):
    _, _, digest = demo_run
    themes = [t for t in digest.analysis.themes if not t.other]
    nato = [t for t in themes if _dominant(t.comment_ids)[0] == "nato"]
    assert nato, [t.title for t in themes]
    best = max(nato, key=lambda t: len(t.comment_ids))
    assert NATO.search(BY_ID[best.key_point_id]["text"]), best.key_point
    assert _dominant(best.comment_ids)[1] >= 0.5
    # how many currents a reader finds is measured against a reader's list (tests/test_themes_reader.py)


def test_demo_prompt_injection_is_never_a_voice(demo_run):
    """The downvoted "Ignore all previous instructions…" comment: no theme's key point, never cited."""
    _, _, digest = demo_run
    injection = next(c["id"] for c in LIVE if "Ignore all previous instructions" in c["text"])
    key_points = {t.key_point_id: t.title for t in digest.analysis.themes}
    assert injection not in key_points, f"key point of theme {key_points.get(injection)!r}"
    assert all(injection not in s.comment_ids for s in digest.text.sentences)
    report = write(digest.analysis, digest.thread, style="report")
    assert all(injection not in s.comment_ids for s in report.sentences), "cited in the report style"
