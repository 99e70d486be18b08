"""Renderers: Markdown citations, the self-contained escaped HTML page, and the JSON contract."""

from __future__ import annotations

import json
import math
import re
from html import unescape

import pytest

from test_template_writer import CASES, polis_case
from threadline.errors import UsageError
from threadline.model import Digest, DigestText, Sentence
from threadline.render import render
from threadline.render.blocks import citation_numbers
from threadline.render.html import markdown_inline, render_html
from threadline.render.json import SCHEMA, digest_to_dict
from threadline.render.markdown import render_markdown
from threadline.write import verify, write


def make_digest(case: str = "hand_built", style: str = "post") -> Digest:
    analysis, thread = CASES[case]()
    text = write(analysis, thread, style=style)
    return Digest(thread=thread, analysis=analysis, text=text, checks=verify(text, analysis, thread))


def test_footnotes_link_to_permalinks() -> None:
    md = render_markdown(make_digest())
    markers = set(re.findall(r"\[\^(\d+)\](?!:)", md))
    definitions = dict(re.findall(r"^\[\^(\d+)\]: (.+)$", md, flags=re.M))
    assert markers and markers == set(definitions)
    assert "[a5](https://www.reddit.com/r/worldnews/comments/x1/t/a5/)" in md
    # the counterpoint sentence carries the footnote of the comment it quotes
    line = next(x for x in md.split("\n\n") if "NATO is a defensive alliance" in x)
    n = re.search(r"whole point”\.\[\^(\d+)\]", line).group(1)
    assert definitions[n] == "[a5](https://www.reddit.com/r/worldnews/comments/x1/t/a5/)"


def test_sentences_citing_the_same_comments_share_one_note() -> None:
    """In whatever order two sentences list the same comments, they get one note; no note copies another."""
    sentences = [
        Sentence("First.", ["a", "b"]),
        Sentence("Second.", ["b", "a"]),
        Sentence("Third.", []),
        Sentence("Fourth.", ["a"]),
        Sentence("Fifth.", ["a", "b"]),
    ]
    numbers, notes = citation_numbers(DigestText("post", "template", sentences, ""))
    assert numbers == [1, 1, None, 2, 1]
    assert notes == [["a", "b"], ["a"]]


def test_no_footnote_repeats_another_in_a_digest() -> None:
    for style in ("post", "report"):
        md = render_markdown(make_digest(style=style))
        notes = [frozenset(ids.split(", ")) for ids in re.findall(r"^\[\^\d+\]: (.+)$", md, flags=re.M)]
        assert notes and len(notes) == len(set(notes)), md


def test_the_page_prints_each_cited_comment_once_and_points_back_to_it() -> None:
    digest = make_digest()
    sources = render_html(digest).split('<section id="sources">')[1]
    numbers, notes = citation_numbers(digest.text)
    cited = [cid for ids in notes for cid in ids]
    again = [cid for i, cid in enumerate(cited) if cid in cited[:i]]
    assert again  # the hand-built digest cites some comments under several notes
    assert sources.count('<p class="body">') == len(set(cited))  # each comment's text printed once
    assert sources.count('quoted in <a href="#note-') == len(again)


def test_ids_stand_in_where_no_permalink_exists() -> None:
    md = render_markdown(make_digest("polis"))
    assert re.search(r"^\[\^\d+\]: `1`$", md, flags=re.M)  # statement 1 has no permalink


def test_inline_and_none() -> None:
    digest = make_digest()
    inline = render_markdown(digest, citations="inline")
    assert "[^" not in inline
    assert "whole point”. ([a5](https://www.reddit.com/r/worldnews/comments/x1/t/a5/))" in inline
    bare = render_markdown(digest, citations="none")
    assert "[^" not in bare and "](https://www.reddit.com/r/worldnews/comments/x1/t/a5/)" not in bare
    assert bare.strip() == digest.text.markdown.strip()
    with pytest.raises(UsageError, match="footnotes"):
        render_markdown(digest, citations="endnotes")


def test_report_table_rows_carry_their_footnote_inside_the_row() -> None:
    md = render_markdown(make_digest(style="report"))
    row = next(x for x in md.splitlines() if x.startswith("| **cannon fodder**"))
    assert re.fullmatch(r"\| \*\*cannon fodder\*\* \| 7 \| 35% \| 7 \| 41%\[\^\d+\] \|", row)


def test_failed_checks_are_never_silent() -> None:
    digest = make_digest()
    lede = next(s for s in digest.text.sentences if "counts 25 comments" in s.text)
    lede.text = lede.text.replace("counts 25", "counts 26")
    digest.checks = verify(digest.text, digest.analysis, digest.thread)
    assert not digest.checks.ok
    assert render_markdown(digest).startswith("> **Checks failed**")
    assert "Checks failed — read with care" in render_html(digest)
    assert digest_to_dict(digest)["checks"]["ok"] is False


def test_markdown_from_a_writer_without_blocks() -> None:
    digest = make_digest()
    text = DigestText(
        style="post",
        writer="llm",
        sentences=[
            Sentence("Most talk is about **cannon fodder**.", ["a1"]),
            Sentence("Others disagree.", ["a3"]),
        ],
        markdown="## What people say\n\nMost talk is about **cannon fodder**. Others disagree.\n",
    )
    digest.text = text
    md = render_markdown(digest)
    assert md.startswith(
        "## What people say\n\nMost talk is about **cannon fodder**.[^1] Others disagree.[^2]"
    )
    assert "<h3>What people say</h3>" in render_html(digest)


def test_html_is_self_contained_and_escaped() -> None:
    html = render_html(make_digest())
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    csp = unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1))
    assert "default-src 'none'" in csp and "script-src 'none'" in csp
    assert not re.search(r"<(script|link|img|iframe)\b", html)
    assert not re.search(r'src="https?:', html)
    assert 'id="theme-chart"' in html and html.count("<details") == 6
    assert 'href="https://news.example.org/world/second-contingent"' in html
    assert "<strong>cannon fodder</strong>" in html


def test_markdown_inline_escapes_everything_it_does_not_format() -> None:
    html = markdown_inline("**bold <b>** and [x](javascript:alert(1)) and [ok](https://e.org/a?b=1&c=2) \\*")
    assert str(html) == (
        "<strong>bold &lt;b&gt;</strong> and [x](javascript:alert(1)) and "
        '<a href="https://e.org/a?b=1&amp;c=2" rel="noopener noreferrer nofollow">ok</a> *'
    )


def test_json_contract() -> None:
    data = json.loads(render(make_digest(), "json"))
    assert data["schema"] == SCHEMA == "threadline.digest/1"
    assert data["source"] == {
        "kind": "reddit",
        "url": "https://www.reddit.com/r/worldnews/comments/x1/t/",
        "title": "North Korea to send up to 28,000 more troops to Russia",
        "declared_comments": 25,
        "seen_comments": 21,
        "unexpanded": 0,
    }
    art = data["article"]
    assert art["url"] == "https://news.example.org/world/second-contingent" and len(art["summary"]) >= 2
    assert data["stats"] == {
        "comments": 21,
        "commenters": 15,
        "unattributed": 0,
        "analyzed": 20,
        "excluded": {"deleted": 1, "removed": 0},
    }
    theme = data["themes"][0]
    for key in (
        "id",
        "title",
        "key_point",
        "comment_ids",
        "share",
        "commenter_share",
        "score_share",
        "quotes",
        "tone",
    ):
        assert key in theme
    assert theme["quotes"][0] == {
        "comment_id": "a2",
        "text": "Cannon fodder is exactly right, they won't even get proper equipment.",
    }
    assert set(data["tone"]) == {"sentiment", "tags", "emotions"}
    assert data["questions"][0]["answered"] is True
    assert data["consensus"][0]["comment_id"] == "a10" and data["divisive"][0]["signal"] == "replies"
    assert data["phrases"][0] == {
        "text": "cannon fodder",
        "commenters": 4,
        "comment_ids": ["a1", "a2", "a7", "a20"],
    }
    assert data["stances"]["a3"] == "disagree"
    assert data["timeline"]["bins"][0]["comments"] == 9
    assert data["digest"]["style"] == "post" and data["digest"]["writer"] == "template"
    assert data["digest"]["markdown"].count("[^") > 10
    assert all(set(s) == {"text", "comment_ids"} for s in data["digest"]["sentences"])
    assert data["checks"] == {"quotes_verbatim": True, "numbers_traceable": True, "ok": True, "problems": []}
    assert data["cited_comments"]["a5"]["permalink"].endswith("/a5/")


def test_json_has_no_nan() -> None:
    analysis, thread = polis_case()
    analysis.themes[0].share = math.nan
    analysis.themes[1].score_share = math.inf
    text = write(*polis_case())
    digest = Digest(thread=thread, analysis=analysis, text=text, checks=verify(text, analysis, thread))
    out = render(digest, "json")
    assert "NaN" not in out and "Infinity" not in out
    assert json.loads(out)["themes"][0]["share"] is None


def test_unknown_format() -> None:
    with pytest.raises(UsageError, match="md, html, json"):
        render(make_digest("tiny"), "pdf")


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_every_case_renders(case: str, fmt: str) -> None:
    _, thread = CASES[case]()
    out = render(make_digest(case, "report"), fmt)
    assert thread.title in out if fmt != "json" else json.loads(out)["source"]["title"] == thread.title


def test_markdown_header_names_the_discussion_its_source_and_counts() -> None:
    digest = make_digest()
    plain = render_markdown(digest)
    headed = render_markdown(digest, header=True)
    title, source, rest = headed.split("\n\n", 2)
    assert title == f"# {digest.thread.title}"
    assert source.startswith(f"Source: [Reddit thread]({digest.thread.url})")
    stats = digest.analysis.stats
    assert f"{digest.thread.seen_comments} comments seen" in source and f"{stats.analyzed} analyzed" in source
    assert f"{len(digest.analysis.themes)} themes" in source
    assert rest == plain  # the command line's default output is unchanged
    polis = render_markdown(make_digest("polis"), header=True)
    assert polis.split("\n\n")[1].startswith("Source: Polis conversation · ")  # no address, no link


def test_timeline_reads_from_minutes_to_weeks() -> None:
    from threadline.model import Timeline
    from threadline.render.html import _timeline_view

    digest = make_digest()
    analyzed = [c for c in digest.thread.comments if not (c.deleted or c.removed)]
    # A burst in the first hour, then a tail of days: a linear axis would draw one bar.
    offsets = [60 * i for i in range(len(analyzed) - 3)] + [2 * 86400, 4 * 86400, 7 * 86400]
    for c, dt in zip(analyzed, offsets, strict=True):
        c.time = 1_600_000_000 + dt
    digest.analysis.timeline = Timeline(bins=[(1_600_000_000, 1), (1_600_604_800, 1)], theme_shift=[])
    view = _timeline_view(digest)
    assert view is not None and view["span"] == "7d"
    assert sum(b["n"] for b in view["bars"]) == len(analyzed)
    assert sum(1 for b in view["bars"] if b["n"]) >= 4 and len(view["bars"]) <= 16
    assert view["ticks"][0]["anchor"] == "start" and view["ticks"][-1]["anchor"] == "end"
    assert view["ticks"][-1]["text"] == "7d" and "m" in view["ticks"][1]["text"]  # minutes first, then days
    html = render_html(digest)
    assert "logarithmic time axis" in html and html.count('class="interval"') == len(view["bars"])
