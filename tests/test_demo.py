"""The embedded demo: its article and its two discussions hold what they promise, and `threadline demo`
digests both as one, contrasting them.

The threads' facts are computed here from the raw JSON, independently of the table and Hacker News sources;
the expected counts are the ones written into ``tools/make_demo_thread.py``.
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter
from html import unescape
from importlib.resources import files
from pathlib import Path

import pytest

from several_sources import all_ids
from threadline.demo import ARTICLE_URL, DEMO_HN_URL, demo_article, demo_hn_thread, demo_thread
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


def _generator():
    spec = importlib.util.spec_from_file_location("make_demo_thread", ROOT / "tools" / "make_demo_thread.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generator_reproduces_the_shipped_threads():
    module = _generator()
    assert module.build() == RAW  # edit the comments in the script, not the JSON
    assert module.build_hn() == HN_STORY


# --- the second discussion: a Hacker News thread about the same article -----------------------------------

HN_STORY: dict = json.loads((files("threadline.demo") / "hn_thread.json").read_text(encoding="utf-8"))


def _flatten(item: dict, depth: int = 0) -> list[tuple[int, dict]]:
    """Every comment under ``item`` with its depth, in the tree's order."""
    rows = []
    for child in item["children"]:
        rows += [(depth, child), *_flatten(child, depth + 1)]
    return rows


HN_ROWS = _flatten(HN_STORY)
HN = [c for _, c in HN_ROWS]
HN_BY_ID = {c["id"]: c for c in HN}
HN_TEXT = {c["id"]: unescape(re.sub(r"<[^>]+>", " ", c["text"] or "")) for c in HN}
HN_LIVE = [c for c in HN if c["text"] and c["text"] not in ("[flagged]", "[dead]")]

# What the HN thread talks about, unlike the forum, and what the two share: (label, pattern, fewest authors).
HN_CURRENTS = [
    ("sourcing and verification", r"source\?|anonymous|verif|confirm", 6),
    ("satellite imagery and ship tracking", r"satellite|imagery|AIS|radar|geolocat", 8),
    ("drones and electronic warfare", r"drone|jamming|FPV", 6),
    ("language and command", r"language|interpreter|translat", 5),
    ("missile and satellite technology", r"missile|reentry|launcher|satellite", 5),
    ("sanctions, money and logistics", r"sanction|barrels|billion|rail|gauge|roubles", 6),
    ("cannon fodder (shared)", r"cannon fodder|meat grinder", 2),
    ("escalation (shared)", r"escalat|nuclear", 3),
]


def hn_authors_matching(pattern: str) -> set[str]:
    rx = re.compile(pattern, re.IGNORECASE)
    return {c["author"] for c in HN_LIVE if rx.search(HN_TEXT[c["id"]])}


def test_hn_thread_counts_and_shape():
    assert HN_STORY["type"] == "story" and HN_STORY["url"] == ARTICLE_URL
    assert "30k" in HN_STORY["title"]
    assert len(HN) == 119 and len(HN_BY_ID) == len(HN)
    assert len({c["author"] for c in HN if c["author"]}) == 50
    depths = Counter(d for d, _ in HN_ROWS)
    assert max(depths) == 5 and sum(depths[d] for d in depths if d >= 3) >= 20  # chains four to six deep
    assert depths[0] == 18
    assert all(c["type"] == "comment" and c["story_id"] == HN_STORY["id"] for c in HN)
    assert all(c["points"] is None for c in HN)  # HN shows no comment scores
    for c in HN:  # a reply comes after its parent and has a larger id, as on HN
        parent = HN_BY_ID.get(c["parent_id"], HN_STORY)
        assert c["created_at_i"] > parent["created_at_i"] and c["id"] > parent["id"]
    times = sorted(c["created_at_i"] for c in HN)
    assert 7 <= (times[-1] - times[0]) / 3600 <= 11  # several hours, not a burst
    assert sum(t - times[0] < 2 * 3600 for t in times) > len(times) / 2


@pytest.mark.parametrize(("label", "pattern", "fewest"), HN_CURRENTS, ids=[c[0] for c in HN_CURRENTS])
def test_hn_currents_are_voiced_by_several_people(label, pattern, fewest):
    assert len(hn_authors_matching(pattern)) >= fewest, label


def test_hn_awkward_cases_are_present():
    deleted = [c for c in HN if c["author"] is None and c["text"] is None]
    assert len(deleted) == 2 and all(c["children"] for c in deleted)  # replies under each
    assert [c["text"] for c in HN].count("[flagged]") == 1
    assert [c["text"] for c in HN].count("[dead]") == 1
    flagged = next(c for c in HN if c["text"] == "[flagged]")
    assert flagged["children"]  # someone answered before it was flagged
    texts = [c["text"] for c in HN_LIVE]
    assert sum("&#x27;" in t for t in texts) > 30 and any("&quot;" in t for t in texts)  # HN's entities
    assert any("<pre><code>" in t for t in texts) and any("<i>" in t for t in texts)
    assert sum("<p>" in t for t in texts) >= 2 and any(t.startswith("&gt; ") for t in texts)
    assert re.findall(r'href="([^"]+)"', " ".join(texts)) == ["https://defence-intelligence.example/en/news"]
    assert sum(HN_TEXT[c["id"]].startswith("Source") for c in HN_LIVE) >= 2  # "Source?"


def test_no_author_is_shared_with_the_forum():
    assert not {c["author"] for c in HN if c["author"]} & {c["author"] for c in RAW}


def test_demo_hn_thread_loads_through_the_hn_source():
    thread = demo_hn_thread()
    assert thread.source == "hackernews" and thread.seen_comments == len(HN)
    assert thread.url == DEMO_HN_URL and thread.article_url == ARTICLE_URL
    assert thread.article and thread.article.title == demo_article().title
    # the invented ids must not lead to real HN items: every address is on the reserved .example domain
    assert all(c.permalink == f"https://hn.example/item?id={c.id}" for c in thread.comments)
    code = next(c for c in thread.comments if "first contingent" in c.text and "~11,000" in c.text)
    assert "  new contingent       25,000-30,000" in code.text
    assert all("&#x27;" not in c.text and "<p>" not in c.text for c in thread.comments)


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
    assert "r/worldnews" in html and "Hacker News" in html
    # fiction links nowhere real: every address in the post and the page is on a reserved .example domain
    links = re.findall(r"\]\(https?://([^/)]+)", md) + re.findall(r'(?:href|src)="https?://([^/"]+)', html)
    hosts = set(links)
    assert hosts and all(h.endswith(".example") for h in hosts), hosts


# Each source's live comments by the id the combined digest gives them.
LIVE_BY_ID = {f"demo:{c['id']}": c["text"] for c in LIVE} | {f"hn:{c['id']}": c for c in HN_LIVE}


def test_demo_digest_cites_real_comments(demo_run):
    _, _, digest = demo_run
    md = digest.markdown
    notes = re.findall(r"^\[\^(\d+)\]: (.+)$", md, re.M)
    assert len(notes) >= 8
    cited = {cid for _, line in notes for cid in re.findall(r"`([^`]+)`|\[((?:hn|demo):\d+)\]\(", line)}
    cited = {a or b for a, b in cited}
    assert {cid.split(":")[0] for cid in cited} == {"demo", "hn"}
    assert cited <= set(LIVE_BY_ID)  # never a deleted, removed, flagged or invented id
    assert all(f"[^{n}]" in md.split(f"[^{n}]:")[0] for n, _ in notes)  # each note is referenced
    assert "25,000" in md and "11,000" in md  # the article's numbers survive the summary


def test_every_id_resolves_and_quotes_are_verbatim_in_their_own_source(demo_run):
    _, _, digest = demo_run
    data = digest.to_dict()
    alone = {"demo": demo_thread(), "hn": demo_hn_thread()}
    assert [s["label"] for s in data["sources"]] == ["demo", "hn"]
    for cid in all_ids(data):
        label, bare = cid.split(":", 1)
        assert bare in alone[label].by_id, cid
    for t in data["themes"]:
        for q in [*t["quotes"], *t["points"], *([t["counterpoint"]] if t["counterpoint"] else [])]:
            label, bare = q["comment_id"].split(":", 1)
            assert q["text"] in alone[label].by_id[bare].text
    for s in digest.text.sentences:  # every quotation in the prose is a cited comment's own words
        said = [" ".join(alone[c.split(":")[0]].by_id[c.split(":")[1]].text.split()) for c in s.comment_ids]
        for quoted in re.findall(r"“([^”]+)”", s.text):
            assert any(quoted.rstrip("…") in text for text in said), (quoted, s.comment_ids)


def test_demo_checks_pass_and_counts_are_right(demo_run):
    _, _, digest = demo_run
    assert digest.checks.ok, digest.checks.problems
    assert digest.checks.quotes_verbatim and digest.checks.numbers_traceable
    stats = digest.analysis.stats
    assert stats.comments == len(RAW) + len(HN) == 316
    excluded = {k: v for k, v in stats.excluded.items() if v}
    # the forum: two deleted, one removed, the AutoModerator and a copypasta; HN: two deleted, flagged, dead
    assert excluded == {"deleted": 4, "removed": 3, "bot": 1, "duplicate": 1}
    by_source = digest.analysis.by_source
    assert (by_source["demo"].comments, by_source["demo"].analyzed) == (197, 192)
    assert (by_source["hn"].comments, by_source["hn"].analyzed) == (119, 115)
    assert stats.analyzed == 192 + 115


def test_demo_post_contrasts_its_two_places(demo_run):
    _, _, digest = demo_run
    md = digest.markdown
    opening = next(p for p in md.split("\n\n") if "They come from two places" in p)
    assert "192 comments on r/worldnews and 115 on Hacker News" in opening
    assert "” on Hacker News" in md and "” on r/worldnews" in md  # quotes say where they were said
    # the two places really differ: some strand is much more each one's, and the post says so
    from threadline.write.places import LEAN_RATIO

    themes = [t for t in digest.analysis.themes if not t.other and len(t.comment_ids) >= 10]
    for mine, other in (("hn", "demo"), ("demo", "hn")):
        assert any(t.source_shares[mine] >= LEAN_RATIO * t.source_shares[other] for t in themes), mine
    assert re.search(r"much more a matter of (Hacker News|r/worldnews) than of (Hacker News|r/worldnews)", md)
    # a strand all but absent from one place is said to be the other's
    assert re.search(r"It (comes up only on|belongs mostly to) (r/worldnews|Hacker News)", md)
    assert re.search(
        r"Each place has its own lead: on r/worldnews, \*\*.+?\*\* \(\d+% of the comments there\); "
        r"on Hacker News, \*\*.+?\*\* \(\d+%\)",
        md,
    )
    # one of Hacker News's own strands is about how the news is known: satellites, ships, sourcing
    known = re.compile(
        r"satellite|imagery|AIS|radar|source|verif|orbit|geolocat|spot|track|fake|check|footage", re.I
    )

    def about_knowing(theme) -> bool:
        texts = [digest.thread.by_id[cid].text for cid in theme.comment_ids if cid.startswith("hn:")]
        return sum(bool(known.search(t)) for t in texts) >= len(texts) / 2

    hn_own = [t for t in themes if t.source_shares["hn"] >= LEAN_RATIO * t.source_shares["demo"]]
    assert any(about_knowing(t) for t in hn_own), [t.title for t in hn_own]


def test_report_style_gives_each_place_its_column():
    from threadline.demo import run_demo

    made = run_demo(style="report")
    assert made.checks.ok, made.checks.problems
    header = next(line for line in made.markdown.splitlines() if line.startswith("| Theme |"))
    assert "| Share on r/worldnews | Share on Hacker News |" in header
    assert header.endswith("| Share of score on r/worldnews |")  # Hacker News shows no comment scores
    rows = [line for line in made.markdown.splitlines() if line.startswith("| **")]
    by_title = {t.title: t for t in made.analysis.themes}
    for line in rows:
        cells = [c.strip() for c in line.strip("|").split("|")]
        theme = by_title[cells[0].strip("*")]
        assert cells[4:6] == [f"{round(theme.source_shares[k] * 100)}%" for k in ("demo", "hn")]


def _dominant(comment_ids: list[str], thread) -> tuple[str, float]:
    """The current most of a theme's comments carry, and the share carrying it."""
    texts = [thread.by_id[cid].text for cid in comment_ids]
    best = max(MARKERS, key=lambda k: sum(bool(MARKERS[k].search(t)) for t in texts))
    return best, sum(bool(MARKERS[best].search(t)) for t in texts) / len(texts)


def test_demo_themes_follow_the_currents(demo_run):
    _, _, digest = demo_run
    themes = [t for t in digest.analysis.themes if not t.other]
    # a theme is NATO's where NATO is its commonest current and a real part of it (not a tie at one comment)
    nato = [t for t in themes if (c := _dominant(t.comment_ids, digest.thread))[0] == "nato" and c[1] >= 0.3]
    assert nato, [t.title for t in themes]
    best = max(nato, key=lambda t: len(t.comment_ids))
    assert NATO.search(digest.thread.by_id[best.key_point_id].text), best.key_point
    assert _dominant(best.comment_ids, digest.thread)[1] >= 0.5
    # how many currents a reader finds is measured against a reader's list (tests/test_themes_reader.py)


def test_demo_prompt_injection_is_never_a_voice(demo_run):
    """The downvoted "Ignore all previous instructions…" comment: no theme's key point, never cited."""
    _, _, digest = demo_run
    injection = "demo:" + next(c["id"] for c in LIVE if "Ignore all previous instructions" in c["text"])
    key_points = {t.key_point_id: t.title for t in digest.analysis.themes}
    assert injection not in key_points, f"key point of theme {key_points.get(injection)!r}"
    assert all(injection not in s.comment_ids for s in digest.text.sentences)
    report = write(digest.analysis, digest.thread, style="report")
    assert all(injection not in s.comment_ids for s in report.sentences), "cited in the report style"


def test_single_forum_thread_still_digests_alone():
    """``demo_thread()`` alone, as the benchmarks use it: bare ids, one place, no per-source shares."""
    from threadline.pipeline import digest

    made = digest(demo_thread(), embedder="fast")
    assert made.checks.ok, made.checks.problems
    assert made.analysis.stats.analyzed == 192 and not made.thread.parts
    assert all(":" not in cid for s in made.text.sentences for cid in s.comment_ids)
    assert "on r/worldnews" in made.markdown.split("\n\n")[2]
