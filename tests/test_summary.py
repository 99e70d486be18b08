"""Article summary: verbatim sentences in the article's order, figures and attributions intact."""

from __future__ import annotations

import csv
import json

import pytest

from conftest import SHARED_DATA
from threadline.analyze.summary import summarize_article, summarize_text, summary_size
from threadline.model import Article, Thread
from threadline.text import split_sentences

ARTICLES = SHARED_DATA / "articles"


def _ground_truth() -> list[tuple[str, str]]:
    titles = {r["id"]: r["title"] for r in csv.DictReader((ARTICLES / "index.csv").open(encoding="utf-8"))}
    out = []
    for path in sorted((ARTICLES / "ground_truth").glob("*.json")):
        body = json.loads(path.read_text(encoding="utf-8"))["articleBody"]
        out.append((titles.get(path.stem, ""), body))
    return out


def test_split_keeps_abbreviations_and_decimals() -> None:
    text = "Dr. Smith said the U.S. Army spent $2.5 billion. Officials disagreed! Was it worth it? Yes."
    assert split_sentences(text) == [
        "Dr. Smith said the U.S. Army spent $2.5 billion.",
        "Officials disagreed!",
        "Was it worth it?",
        "Yes.",
    ]


def test_split_handles_quotes_after_the_full_stop() -> None:
    text = "“We will respond,” he said. “Not now.” Then he left the room at noon."
    assert split_sentences(text) == [
        "“We will respond,” he said.",
        "“Not now.”",
        "Then he left the room at noon.",
    ]


def test_summary_size_grows_slowly() -> None:
    assert [summary_size(n) for n in (1, 3, 5, 12, 40, 200)] == [1, 3, 2, 4, 4, 4]


@pytest.mark.parametrize("title,body", _ground_truth()[:16])
def test_real_articles_summarised_verbatim_in_order(title: str, body: str) -> None:
    summary = summarize_text(body, title)
    flat = " ".join(body.split())
    assert 1 <= len(summary) <= 4
    positions = [flat.find(s) for s in summary]
    assert all(p >= 0 for p in positions), "every summary sentence is verbatim from the article"
    assert positions == sorted(positions), "kept in the article's order"
    assert all(len(s.split()) >= 6 for s in summary)


def test_lead_figures_and_attribution_survive() -> None:
    text = (
        "According to Ukrainian intelligence, the country is preparing to send up to 30,000 more troops. "
        "The weather in the capital was mild on Tuesday and cafes were busy. "
        "Satellite images show increased activity at two ports used for the deployment of troops. "
        "The troops are expected to join Russian units, officials said. "
        "A local football team won its match by two goals in the evening. "
        "An earlier deployment of 11,000 troops took place last year, according to officials."
    )
    summary = summarize_text(text, "Up to 30,000 more troops to be sent")
    assert summary[0].startswith("According to Ukrainian intelligence") and "30,000" in summary[0]
    assert not any("football" in s or "cafes" in s for s in summary)


def test_no_article_uses_the_post_then_the_title() -> None:
    thread = Thread(
        source="reddit",
        comments=[],
        title="Policy update",
        post_text="We are changing the rules today. "
        "Moderators will review every report within a day. Feedback is welcome below.",
    )
    assert summarize_article(thread)[0] == "We are changing the rules today."
    assert summarize_article(Thread(source="hackernews", comments=[], title="Show HN: a thing")) == [
        "Show HN: a thing"
    ]
    empty = Thread(source="demo", comments=[], article=Article(text="  ", title="Only a title"))
    assert summarize_article(empty) == ["Only a title"]
    assert summarize_article(Thread(source="table", comments=[])) == []


def test_a_leading_dateline_is_dropped_and_the_rest_kept_verbatim():
    from threadline.analyze.summary import strip_dateline

    assert strip_dateline("KYIV — North Korea is sending 30,000 more troops.") == (
        "North Korea is sending 30,000 more troops."
    )
    senate = "The Senate voted on Tuesday."
    assert strip_dateline(f"WASHINGTON (Reuters) — {senate}") == senate
    # an aside set off by dashes is prose, not a dateline
    prose = "Kim Jong Un — who rarely speaks — said nothing at all today."
    assert strip_dateline(prose) == prose


def test_the_first_summary_sentence_loses_its_dateline():
    text = (
        "LONDON — The council approved 4,000 new homes on Monday after a two-year fight over the site. "
        "The plan covers 120 hectares of former farmland north of the city. "
        "Residents had filed 300 objections, most about traffic and schools. "
        "Work is due to start in 2026 and finish by 2031, the council said."
    )
    picked = summarize_text(text, "Council approves 4,000 homes")
    assert picked[0].startswith("The council approved 4,000")
    assert all(p in text for p in picked)


def test_a_quoted_remark_without_figures_yields_to_stated_facts():
    text = (
        "The ministry said 12,000 troops crossed the border on Monday, doubling the force. "
        '"We are watching the preparations for something much larger," a senior official told reporters. '
        "Satellite images show 40 ships loading at the port over three weeks. "
        "Losses in the first group reached about 4,000, officials estimate. "
        "The troops are to be folded into existing army units, according to the ministry. "
        "Talks continue."
    )
    picked = summarize_text(text, "Troops cross the border", k=3)
    assert not any(p.startswith('"We are watching') for p in picked)
