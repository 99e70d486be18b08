"""Several discussions of one story digested as one (issue 15): the shared HN thread with a shared Reddit
thread, ids ``<label>:<id>`` resolving to real comments of their own source, per-source counts and shares,
copies across sources counted once, no one matched across platforms; one source keeps today's shape."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from several_sources import all_ids, check_several
from threadline.cli import cli
from threadline.errors import UsageError
from threadline.model import Comment, Digest, Sentence, Thread
from threadline.pipeline import digest
from threadline.render import render
from threadline.sources import load
from threadline.sources.combine import combine
from threadline.write import verify

HN = "hackernews/item_49220339.json"
REDDIT = "reddit/AskReddit__6wmniq.json"
PLACES = {"hn": "Hacker News", "reddit": "r/AskReddit"}


@pytest.fixture(scope="module")
def pair(shared_data: Path) -> tuple[Digest, dict[str, Thread]]:
    made = digest([str(shared_data / HN), str(shared_data / REDDIT)], embedder="fast")
    alone = {"hn": load(str(shared_data / HN)), "reddit": load(str(shared_data / REDDIT))}
    return made, alone


def test_both_sources_with_their_true_counts(pair):
    made, alone = pair
    data = made.to_dict()
    assert [s["label"] for s in data["sources"]] == ["hn", "reddit"]
    for s in data["sources"]:
        thread = alone[s["label"]]
        assert s["kind"] == thread.source and s["url"] == thread.url
        assert s["seen_comments"] == thread.seen_comments
        assert s["declared_comments"] == thread.declared_comments
        assert data["stats"]["by_source"][s["label"]]["comments"] == thread.seen_comments
    assert data["source"] == {k: v for k, v in data["sources"][0].items() if k != "label"}
    assert data["stats"]["comments"] == sum(t.seen_comments for t in alone.values())
    per_source = data["stats"]["by_source"].values()
    assert data["stats"]["analyzed"] == sum(x["analyzed"] for x in per_source)
    assert data["stats"]["commenters"] == sum(x["commenters"] for x in per_source)


def test_every_id_resolves_to_a_real_comment_of_its_source(pair):
    made, alone = pair
    data = made.to_dict()
    ids = all_ids(data)
    assert ids and all(re.fullmatch(r"(hn|reddit):.+", cid) for cid in ids)
    for cid in ids:
        label, bare = cid.split(":", 1)
        assert bare in alone[label].by_id, cid
    for cid, c in data["cited_comments"].items():  # the text cited is that source's comment, verbatim
        label, bare = cid.split(":", 1)
        assert c["text"] == alone[label].by_id[bare].text


def test_replies_stay_in_their_own_thread(pair):
    made, _ = pair
    for c in made.thread.comments:
        if c.parent_id:
            assert c.parent_id.split(":", 1)[0] == c.id.split(":", 1)[0]
    for reply in made.analysis.stances:
        parent = made.thread.by_id[reply].parent_id
        assert parent and parent.split(":", 1)[0] == reply.split(":", 1)[0]
    for q in made.analysis.questions:  # a question asked in both places; each answer replies in its own
        askers = {cid.split(":", 1)[0] for cid in q.comment_ids}
        assert {cid.split(":", 1)[0] for cid in q.answer_ids} <= askers


def test_quotes_verbatim_in_their_own_source(pair):
    made, alone = pair
    for t in made.to_dict()["themes"]:
        for q in [*t["quotes"], *([t["counterpoint"]] if t["counterpoint"] else [])]:
            label, bare = q["comment_id"].split(":", 1)
            assert q["text"] in alone[label].by_id[bare].text
        for p in t["points"]:
            label, bare = p["comment_id"].split(":", 1)
            assert p["text"] in alone[label].by_id[bare].text


def test_source_shares_on_every_theme(pair):
    made, _ = pair
    data = made.to_dict()
    analyzed = {label: x["analyzed"] for label, x in data["stats"]["by_source"].items()}
    for t in data["themes"]:
        assert set(t["source_shares"]) == {"hn", "reddit"}
        for label, share in t["source_shares"].items():
            mine = sum(1 for cid in t["comment_ids"] if cid.startswith(label + ":"))
            assert share == pytest.approx(mine / analyzed[label])


def test_prose_names_both_places_with_their_counts_and_checks_pass(pair):
    made, _ = pair
    assert made.checks.ok, made.checks.problems
    data = made.to_dict()
    assert data["checks"]["ok"] and data["checks"]["quotes_verbatim"] and data["checks"]["numbers_traceable"]
    md = made.markdown
    opening = next(p for p in md.split("\n\n") if "comments" in p and "Hacker News" in p)
    by_source = data["stats"]["by_source"]
    assert f"{by_source['hn']['analyzed']} comments on Hacker News" in opening
    assert f"{by_source['reddit']['analyzed']} on r/AskReddit" in opening
    assert "No one is matched across places" in opening
    # quotes say where they were said
    assert "” on Hacker News" in md and "” on r/AskReddit" in md
    page = made.html  # the page renders, naming both places
    assert "Hacker News" in page and "r/AskReddit" in page
    assert 'sources: <a href="https://news.ycombinator.com/item?id=49220339"' in page


def test_a_theme_much_more_of_one_place_says_so(pair):
    made, _ = pair
    from threadline.write.places import LEAN_MIN_COMMENTS, LEAN_RATIO

    leaning = [
        t
        for t in made.analysis.themes
        if len(t.comment_ids) >= LEAN_MIN_COMMENTS
        and max(t.source_shares.values()) >= LEAN_RATIO * min(t.source_shares.values())
    ]
    assert leaning  # these two threads are about different things: most themes belong to one of them
    place = "(Hacker News|r/AskReddit)"
    assert re.search(rf"much more a matter of {place} than of|It comes up only on {place}", made.markdown)
    # and the close says what leads in each place
    assert re.search(
        r"Each place has its own lead: on Hacker News, \*\*.+?\*\* \(\d+% of the comments there\); "
        r"on r/AskReddit, \*\*.+?\*\* \(\d+%\)",
        made.markdown,
    )


def test_quotes_say_where_once_per_place_and_paragraph(pair):
    made, _ = pair
    places = re.compile(r"” (on Hacker News|on r/AskReddit)")
    said = 0
    for paragraph in made.markdown.split("\n\n"):
        named = places.findall(paragraph)
        said += len(named)
        assert all(a != b for a, b in zip(named, named[1:], strict=False)), paragraph
    assert said  # quotes still say where they were said


def test_report_style_passes_its_checks_too(pair):
    from threadline.pipeline import rewrite

    made, _ = pair
    report = rewrite(made.thread, made.analysis, "report")
    assert report.checks.ok, report.checks.problems


def test_the_verifier_checks_ids_against_their_own_source(pair):
    made, alone = pair
    hn_id = next(iter(alone["hn"].by_id))
    bad = [Sentence("People talk.", [f"reddit:{hn_id}"]), Sentence("Still.", ["mastodon:1"])]
    text = made.text
    checks = verify(type(text)(text.style, text.writer, bad, ""), made.analysis, made.thread)
    assert len(checks.problems) == 2 and all("not in the thread" in p for p in checks.problems)


def test_one_source_keeps_todays_shape(shared_data):
    one = digest(str(shared_data / REDDIT), embedder="fast")
    listed = digest([str(shared_data / REDDIT)], embedder="fast")  # a list of one is one source
    for made in (one, listed):
        data = made.to_dict()
        assert "sources" not in data and "by_source" not in data["stats"]
        assert "copies_across_sources" not in data["stats"]
        assert all("source_shares" not in t for t in data["themes"])
        assert all(":" not in cid for t in data["themes"] for cid in t["comment_ids"])
        assert "(on r/AskReddit)" not in made.markdown
    assert json.loads(render(one, "json"))["themes"] == json.loads(render(listed, "json"))["themes"]


def _table(rows: list[tuple[str, str, str]]) -> Thread:
    return Thread(
        "table", [Comment(cid, None, author, text) for cid, author, text in rows], title="Bike lanes"
    )


COPY = "The new bike lanes on Main Street have made my commute twice as safe as it was last year."


def test_copies_across_sources_count_once_and_people_are_not_matched():
    a = _table(
        [
            ("1", "bob", COPY),
            ("2", "ana", "Drivers keep parking in the lanes and nobody enforces anything at all."),
            ("3", "cy", "Shops on Main Street say they lost customers since the parking went."),
        ]
    )
    b = _table(
        [
            ("1", "dee", COPY),  # the same text posted in the other place
            ("2", "bob", "Cyclists still run the red lights at the crossing by the school."),
            ("3", "eve", "The lanes are fine but the paint is already wearing off near the bridge."),
        ]
    )
    made = digest([a, b], embedder="fast")
    data = made.to_dict()
    assert [s["label"] for s in data["sources"]] == ["table", "table-2"]
    assert data["stats"]["copies_across_sources"] == 1
    assert data["stats"]["by_source"]["table-2"]["excluded"]["duplicate"] == 1
    assert data["stats"]["analyzed"] == 5
    # "bob" here and "bob" there are two accounts: five people, never four
    assert data["stats"]["commenters"] == 5
    assert "counted once" in made.markdown
    assert made.checks.ok, made.checks.problems


def test_combine_labels_repeat_platforms_and_needs_two():
    threads = [Thread("reddit", [Comment("a", None, None, "x")]) for _ in range(3)]
    assert [p.label for p in combine(threads).parts] == ["reddit", "reddit-2", "reddit-3"]
    with pytest.raises(UsageError):
        combine(threads[:1])


def test_cli_digests_several_sources(shared_data):
    result = CliRunner().invoke(
        cli,
        [
            "digest",
            str(shared_data / HN),
            str(shared_data / REDDIT),
            "--format",
            "json",
            "--embedder",
            "fast",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [s["label"] for s in data["sources"]] == ["hn", "reddit"]
    assert data["checks"]["ok"]


def test_a_timeline_only_where_the_discussions_share_a_clock(pair):
    from threadline.analyze.places import shared_clock

    made, _ = pair  # an HN thread of 2026 and a Reddit thread of 2017: no "early" and "late" across them
    assert made.analysis.timeline is None and not shared_clock(made.thread)
    at = [Thread("table", [Comment(str(i), None, "a", "x", time=1000.0 * i) for i in range(5)]) for _ in "ab"]
    assert shared_clock(combine(at))
    at[1].comments = [Comment("1", None, "a", "x", time=10.0**9)]
    at[1].comments.append(Comment("2", None, "a", "x", time=10.0**9 + 100))
    assert not shared_clock(combine(at))


def test_a_combined_digest_round_trips_through_storage(pair):
    from threadline.model import Analysis
    from threadline.serialize import dumps, loads

    made, _ = pair  # the web app stores threads and analyses this way and writes them again
    thread = loads(Thread, dumps(made.thread))
    assert thread == made.thread and [p.label for p in thread.parts] == ["hn", "reddit"]
    analysis = loads(Analysis, dumps(made.analysis))
    assert analysis.by_source == made.analysis.by_source
    assert [t.source_shares for t in analysis.themes] == [t.source_shares for t in made.analysis.themes]


def test_the_language_model_is_told_the_places(pair):
    from threadline.write.llm_prompt import places_data

    made, _ = pair
    data = places_data(made.analysis, made.thread)
    assert [p["where"] for p in data["places"]] == ["on Hacker News", "on r/AskReddit"]
    assert all(set(v) == {"on Hacker News", "on r/AskReddit"} for v in data["theme_shares_by_place"].values())


def test_two_threads_in_one_place_are_told_apart():
    from threadline.sources.combine import place_name

    threads = [Thread("reddit", [Comment("a", None, None, "x")], extra={"subreddit": "pics"}) for _ in "ab"]
    parts = combine([*threads, Thread("hackernews", [Comment("1", None, None, "y")])]).parts
    names = [place_name(p, parts) for p in parts]
    assert names == ["on r/pics (the first thread)", "on r/pics (the second thread)", "on Hacker News"]


def test_an_article_for_several_sources_and_no_source_twice(shared_data):
    page = sorted((shared_data / "articles/html").glob("*.html.gz"))[0]
    made = digest([str(shared_data / HN), str(shared_data / REDDIT)], article=str(page), embedder="fast")
    data = made.to_dict()
    assert data["article"] and data["article"]["summary"] and made.checks.ok, made.checks.problems
    with pytest.raises(UsageError, match="twice"):
        digest([str(shared_data / HN), str(shared_data / HN)], embedder="fast")


def test_the_checks_every_face_is_held_to(pair):
    made, alone = pair  # the web app and batch mode hold their digests to the same (several_sources.py)
    check_several(made.to_dict(), alone, PLACES)
