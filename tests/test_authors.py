"""Who wrote what is a fact of the thread: a comment without a known author counts toward no person.

Every shared thread and table is digested again with its authors removed (copies built in a temporary
folder, never in the repo): nothing in the Markdown, HTML or JSON counts people, and the checks pass. With
authors, the figures are those of the rule before (each distinct author one person).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import HN_FILES, POLIS_DIRS, REDDIT_FILES
from threadline.model import Comment, Digest, DigestText, Sentence, Stats, Thread, people
from threadline.render import render
from threadline.write import verify, write
from threadline.write.quoting import normalize, unescape_md

# A count of people as a reader would take it: a number (digits, words, "a single"), up to two words, then
# a word for people. Wider than the verifier's reading on purpose.
NUMBER = r"(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a single|at least)"
PEOPLE_WORD = (
    r"(?:people|persons?|commenters?|participants?|users?|authors?|posters?|individuals?|respondents?)"
)
PEOPLE_COUNT = re.compile(rf"\b{NUMBER}\s+(?:[\w'-]+\s+){{0,2}}?{PEOPLE_WORD}\b", re.IGNORECASE)
QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"")
NO_AUTHORS = "does not say who wrote"


def people_counts(text: str, source_words: str = "") -> list[str]:
    """Counts of people in ``text`` outside quotations, except those the source itself writes (a post's
    own "30 people were hurt", standing in for the article)."""
    flat = QUOTED.sub(" ", unescape_md(text))
    return [m.group(0) for m in PEOPLE_COUNT.finditer(flat) if normalize(m.group(0)) not in source_words]


# --- the rule, on its own -----------------------------------------------------------------------------------


def test_people_counts_only_known_authors_and_voices_stay_apart() -> None:
    known = Comment("1", None, "ana", "a")
    unknown = [Comment("2", None, None, "b"), Comment("3", None, None, "c")]
    assert people([known, *unknown]) == 1
    assert people(unknown) is None and people([]) is None
    assert len({c.voice for c in unknown}) == 2  # two unknown authors are never taken for one
    assert known.voice == "ana"


def test_stats_say_how_far_authors_are_known() -> None:
    assert Stats(5, 4, 5, {}).authors_known == "all"
    assert Stats(5, 3, 5, {}, unattributed=2).authors_known == "some"
    assert Stats(5, None, 5, {}, unattributed=5).authors_known == "none"


# --- the verifier -------------------------------------------------------------------------------------------


def hand_built_without(authors: str) -> tuple[Any, Thread]:
    """The template writer's hand-built thread with no authors ("none") or a few missing ("some")."""
    from analysis_threads import corpus_of
    from test_template_writer import hand_built
    from threadline.analyze import corpus_stats

    analysis, thread = hand_built()
    gone = {c.id for c in thread.comments} if authors == "none" else {"a1", "a6", "a7"}
    for c in thread.comments:
        if c.id in gone:
            c.author = None
    known = people(c for c in thread.comments if not c.deleted)
    analysis.stats = corpus_stats(corpus_of(thread))
    for t in analysis.themes:
        members = people(thread.by_id[i] for i in t.comment_ids)
        t.commenter_share = None if known is None else (members or 0) / known
    for p in analysis.phrases:
        p.commenters = people(thread.by_id[i] for i in p.comment_ids)
    return analysis, thread


def one_sentence(text: str, ids: list[str]) -> DigestText:
    return DigestText(style="post", writer="test", sentences=[Sentence(text, ids)], markdown=text)


def test_a_count_of_people_needs_known_authors() -> None:
    analysis, thread = hand_built_without("none")
    comments = analysis.stats.analyzed
    for said in (f"{comments} comments from {comments} people.", "Three commenters agree.", "By 12 users."):
        checks = verify(one_sentence(said, ["a1"]), analysis, thread)
        assert not checks.numbers_traceable and "does not say who wrote" in checks.problems[0], said
    assert verify(one_sentence(f"There are {comments} comments.", ["a1"]), analysis, thread).ok


def test_with_some_authors_missing_a_count_of_people_says_at_least() -> None:
    analysis, thread = hand_built_without("some")
    n = analysis.stats.commenters
    assert analysis.stats.authors_known == "some" and n == people(thread.by_id[f"a{i}"] for i in range(1, 21))
    assert verify(one_sentence(f"They come from at least {n} people.", ["a1"]), analysis, thread).ok
    exact = verify(one_sentence(f"They come from {n} people.", ["a1"]), analysis, thread)
    assert not exact.ok and '"at least"' in exact.problems[0]
    # a number the analysis holds, but not as a count of people (20 comments), is no count of people
    wrong = verify(one_sentence("They come from at least 20 people.", ["a1"]), analysis, thread)
    assert not wrong.ok and "not a count of people" in wrong.problems[0]


def test_the_article_may_count_people_in_its_own_words() -> None:
    analysis, thread = hand_built_without("none")
    assert thread.article is not None
    thread.article.text += " Officials said 30 people left the border town."
    assert verify(one_sentence("Officials said 30 people left the border town.", []), analysis, thread).ok


@pytest.mark.parametrize("authors", ["none", "some"])
@pytest.mark.parametrize("style", ["post", "report"])
def test_the_template_writer_counts_people_only_as_far_as_known(authors: str, style: str) -> None:
    analysis, thread = hand_built_without(authors)
    text = write(analysis, thread, style=style)
    assert verify(text, analysis, thread).ok, verify(text, analysis, thread).problems
    said = [s.text for s in text.sentences]
    if authors == "none":
        assert not [c for s in said for c in people_counts(s)], said
        assert sum(NO_AUTHORS in s for s in said) == 1
        assert "Commenters" not in text.markdown
    else:
        # "in one commenter's words" names someone without counting anyone
        counts = [c for s in said for c in people_counts(s) if not c.lower().startswith("one ")]
        assert counts and all(c.lower().startswith("at least") for c in counts), counts
        assert sum("lower bounds" in s for s in said) == 1


def test_the_llm_is_given_no_people_count_without_authors() -> None:
    from threadline.write.llm_prompt import LEVELS, build_payload

    analysis, thread = hand_built_without("none")
    payload = json.dumps(build_payload(analysis, thread, LEVELS[0]))
    assert "commenters" not in payload
    analysis, thread = hand_built_without("some")
    payload = json.dumps(build_payload(analysis, thread, LEVELS[0]))
    n = analysis.stats.commenters
    assert f'"commenters_at_least": {n}' in payload and '"commenters":' not in payload


def test_an_llm_digest_says_who_wrote_what_as_the_source_tells_it() -> None:
    from threadline.write.llm import compose
    from threadline.write.llm_draft import Draft

    analysis, thread = hand_built_without("none")
    draft = Draft(paragraphs=[(None, [(f"There are {analysis.stats.analyzed} comments.", ["a1"])])])
    text = compose(draft, analysis, thread, "post")
    assert sum(NO_AUTHORS in s.text for s in text.sentences) == 1 and verify(text, analysis, thread).ok


# --- every shared thread and table, without its authors ----------------------------------------------------


def _without_authors(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_authors(v) for k, v in value.items() if k not in ("author", "author_fullname")}
    if isinstance(value, list):
        return [_without_authors(v) for v in value]
    return value


def _polis_without_authors(folder: Path, out: Path) -> Path:
    out.mkdir()
    for f in folder.iterdir():
        if f.name != "comments.csv":
            (out / f.name).symlink_to(f)
    with open(folder / "comments.csv", newline="", encoding="utf-8") as src:
        rows = list(csv.DictReader(src))
    fields = [k for k in rows[0] if k != "author-id"]
    with open(out / "comments.csv", "w", newline="", encoding="utf-8") as dst:
        writer = csv.DictWriter(dst, fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return out


def _polis_as_table(folder: Path, out: Path) -> Path:
    """A Polis conversation's statements as a plain comment table: id and text, nothing else."""
    with open(folder / "comments.csv", newline="", encoding="utf-8") as src:
        rows = [{"id": r["comment-id"], "text": r["comment-body"]} for r in csv.DictReader(src)]
    with open(out, "w", newline="", encoding="utf-8") as dst:
        writer = csv.DictWriter(dst, ["id", "text"])
        writer.writeheader()
        writer.writerows(rows)
    return out


def _thread_as_table(path: Path, out: Path) -> Path:
    """A Reddit or HN thread as a comment table with replies: id, parent, text, score, time; no author."""
    from analysis_threads import hn_thread, reddit_thread

    thread = reddit_thread(path) if path.parent.name == "reddit" else hn_thread(path)
    with open(out, "w", newline="", encoding="utf-8") as dst:
        writer = csv.writer(dst)
        writer.writerow(["id", "parent_id", "text", "score", "time"])
        for c in thread.comments:
            writer.writerow(
                [c.id, c.parent_id or "", c.text, "" if c.score is None else c.score, c.time or ""]
            )
    return out


SOURCES = [
    *[("reddit", p) for p in REDDIT_FILES],
    *[("hn", p) for p in HN_FILES],
    *[("polis", p) for p in POLIS_DIRS],
    *[("table", p) for p in [*POLIS_DIRS, *REDDIT_FILES, *HN_FILES]],
]


def authorless_copy(kind: str, path: Path, tmp: Path) -> Path:
    if kind in ("reddit", "hn"):
        out = tmp / path.name
        out.write_text(json.dumps(_without_authors(json.loads(path.read_text("utf-8")))), "utf-8")
        return out
    if kind == "polis":
        return _polis_without_authors(path, tmp / path.name)
    if path.is_dir():
        return _polis_as_table(path, tmp / f"{path.name}.csv")
    return _thread_as_table(path, tmp / f"{path.stem}.csv")


def _html_outside_digest(page: str) -> str:
    """The page's own words: its digest (checked sentence by sentence), titles and comments taken out."""
    for pattern in (
        r"<article id=\"digest\">.*?</article>",
        r"<p class=\"body\">.*?</p>",
        r"<title>.*?</title>",
        r"<h1>.*?</h1>",
        r"<text x=\"0\"[^>]*>.*?</text>",  # theme titles on the chart
        r"<summary><strong>.*?</strong>",
        r"<style>.*?</style>",
    ):
        page = re.sub(pattern, " ", page, flags=re.S)
    return re.sub(r"<[^>]+>", " ", page)


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "path"), SOURCES, ids=lambda x: x if isinstance(x, str) else x.name)
def test_no_people_count_without_authors(kind: str, path: Path, tmp_path: Path) -> None:
    from threadline import digest

    result = digest(str(authorless_copy(kind, path, tmp_path)), embedder="fast")
    stats, thread = result.analysis.stats, result.thread
    assert stats.commenters is None and stats.unattributed == stats.analyzed
    art = thread.article
    source_words = normalize(" ".join(x or "" for x in (thread.title, thread.post_text, art and art.text)))
    report = write(result.analysis, thread, style="report")
    for text in (result.text, report):
        one = Digest(thread, result.analysis, text, verify(text, result.analysis, thread))
        assert one.checks.problems == [], text.markdown
        said = [s.text for s in text.sentences]
        assert sum(NO_AUTHORS in s for s in said) == 1, said
        for s in text.sentences:
            assert not people_counts(s.text, source_words), s.text
        markdown = render(one, "md")
        assert not people_counts(markdown, source_words), markdown
        headers = [line for line in markdown.splitlines() if line.startswith("| Theme")]
        assert not [h for h in headers if re.search(PEOPLE_WORD, h, re.I)], headers
        own_words = _html_outside_digest(render(one, "html"))
        assert not re.search(rf"\b{PEOPLE_WORD}\b", own_words, re.I), own_words
        data = json.loads(render(one, "json"))
        assert data["stats"]["commenters"] is None and data["checks"]["ok"] is True
        assert all(t["commenters"] is None and t["commenter_share"] is None for t in data["themes"])
        assert all(p["commenters"] is None for p in data["phrases"])
        assert all(c["author"] is None for c in data["cited_comments"].values())


# --- with authors, the figures of the rule before ---------------------------------------------------------


def _old_commenter_share(thread: Thread, ids: list[str], analyzed: list[str]) -> float:
    """The rule before this one: every comment's author, or the comment standing for one person."""
    who = {cid: thread.by_id[cid].author or f"anon:{cid}" for cid in analyzed}
    return len({who[c] for c in ids}) / len(set(who.values()))


@pytest.mark.parametrize(
    ("where", "stats"),
    [
        ("hackernews/item_49220339.json", (335, 335, 207)),
        ("reddit/AskReddit__6wmniq.json", (200, 200, 175)),
        ("polis/brexit-consensus", (50, 50, 11)),
    ],
)
def test_with_authors_the_figures_are_unchanged(shared_data: Path, where: str, stats: tuple) -> None:
    from threadline import digest

    result = digest(str(shared_data / where), embedder="fast")
    a = result.analysis
    assert (a.stats.analyzed, a.stats.analyzed - a.stats.unattributed, a.stats.commenters) == stats
    analyzed = [cid for t in a.themes for cid in t.comment_ids]
    for t in a.themes:
        assert t.commenter_share == pytest.approx(
            _old_commenter_share(result.thread, t.comment_ids, analyzed)
        )
    for p in a.phrases:
        assert p.commenters == len({result.thread.by_id[c].author for c in p.comment_ids})
    markdown = result.text.markdown
    assert NO_AUTHORS not in markdown and not re.search(r"\bat least [\w,]+ (?:people|commenters)", markdown)


def test_a_deleted_account_makes_counts_lower_bounds(shared_data: Path) -> None:
    """Reddit keeps the words of a deleted account's comments, not who wrote them."""
    from threadline import digest

    result = digest(str(shared_data / "reddit/LifeProTips__441hsf.json"), embedder="fast")
    st = result.analysis.stats
    assert st.authors_known == "some" and st.unattributed == 18
    analyzed = [result.thread.by_id[cid] for t in result.analysis.themes for cid in t.comment_ids]
    assert st.commenters == len({c.author for c in analyzed if c.author})
    assert result.checks.ok, result.checks.problems
    lede = next(s.text for s in result.text.sentences if "comments from" in s.text)
    assert f"from at least {st.commenters} people" in lede
    assert "gives no author for 18 comments" in result.text.markdown


def test_the_json_without_authors_is_null_not_a_guess(tmp_path: Path) -> None:
    from threadline import digest

    table = tmp_path / "comments.csv"
    rows = ["id,text"] + [f"{i},Comment {i} says the buses on route {i} run late again." for i in range(12)]
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    data = digest(str(table), embedder="fast").to_dict()
    assert data["stats"]["commenters"] is None and data["stats"]["unattributed"] == 12
    assert {t["commenter_share"] for t in data["themes"]} == {None}
