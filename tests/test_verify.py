"""The verifier: passes honest digests, and names the sentence and the quote/number/id/theme that fails."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from conftest import HN_FILES, POLIS_DIRS, REDDIT_FILES
from test_template_writer import CASES, hand_built
from threadline.model import DigestText, Sentence
from threadline.render import render
from threadline.write import verify, write
from threadline.write.facts import compute_facts
from threadline.write.phrasing import read_numbers, share_words
from threadline.write.verify import audit


def _one(text: str, ids: list[str]) -> DigestText:
    return DigestText(style="post", writer="test", sentences=[Sentence(text, ids)], markdown=text)


def _doctor(text: DigestText, old: str, new: str) -> DigestText:
    doctored = copy.deepcopy(text)
    hits = [s for s in doctored.sentences if old in s.text]
    assert hits, f"{old!r} is not in the digest"
    hits[0].text = hits[0].text.replace(old, new, 1)
    return doctored


@pytest.mark.parametrize("style", ["post", "report"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_honest_digest_passes(case: str, style: str) -> None:
    analysis, thread = CASES[case]()
    checks = verify(write(analysis, thread, style=style), analysis, thread)
    assert checks.ok and checks.quotes_verbatim and checks.numbers_traceable


@pytest.mark.parametrize("style", ["post", "report"])
def test_doctored_quote_fails(style: str) -> None:
    analysis, thread = hand_built()
    text = write(analysis, thread, style=style)
    bad = _doctor(text, "NATO is a defensive alliance", "NATO is an aggressive alliance")
    checks = verify(bad, analysis, thread)
    assert not checks.quotes_verbatim and checks.numbers_traceable
    assert len(checks.problems) == 1
    assert "quote “NATO is an aggressive alliance and Ukraine" in checks.problems[0]
    # the counterpoint a5 cites the comment it answers (a4) when it quotes it too
    assert re.search(r"not verbatim in any cited comment \(cited: (a4, )?a5\)", checks.problems[0])
    assert checks.problems[0].startswith("sentence ")


@pytest.mark.parametrize("style", ["post", "report"])
def test_doctored_number_fails(style: str) -> None:
    analysis, thread = hand_built()
    text = write(analysis, thread, style=style)
    bad = (
        _doctor(text, "35%", "45%")
        if style == "report"
        else _doctor(text, "20 comments from", "23 comments from")
    )
    checks = verify(bad, analysis, thread)
    assert checks.quotes_verbatim and not checks.numbers_traceable
    assert len(checks.problems) == 1
    assert ('number "45%"' if style == "report" else 'number "23"') in checks.problems[0]


def test_unknown_id_and_unknown_theme_fail() -> None:
    analysis, thread = hand_built()
    text = write(analysis, thread)
    bad = copy.deepcopy(text)
    bad.sentences[5].comment_ids.append("zz999")
    bad = _doctor(bad, "**NATO on the sidelines**", "**NATO cowardice**")
    problems = verify(bad, analysis, thread).problems
    assert any("cites comment id 'zz999', which is not in the thread" in p for p in problems)
    assert any("names theme **NATO cowardice**, which is not a theme" in p for p in problems)


def test_quote_must_be_in_a_cited_comment_not_just_anywhere() -> None:
    analysis, thread = hand_built()
    # a real quote from a2, but the sentence cites a1: not acceptable
    checks = verify(_one("One says “they won't even get proper equipment”.", ["a1"]), analysis, thread)
    assert not checks.quotes_verbatim
    assert verify(_one("One says “they won't even get proper equipment”.", ["a2"]), analysis, thread).ok


def test_quotes_with_ellipsis_whitespace_and_escapes() -> None:
    analysis, thread = hand_built()
    ok = verify(_one("“Sending more kids … cannon fodder and everyone knows it”.", ["a1"]), analysis, thread)
    assert ok.ok
    # Markdown escapes are undone before comparing: a1's text has no asterisk, so this one fails
    bad = verify(_one("“Sending more \\*kids\\* into the grinder”.", ["a1"]), analysis, thread)
    assert not bad.quotes_verbatim
    assert verify(_one('He wrote "Double   standards."', ["a10"]), analysis, thread).ok


def test_numbers_as_words_fractions_and_percentages() -> None:
    analysis, thread = hand_built()
    facts = compute_facts(analysis, thread)
    assert facts.has_count(20) and facts.has_count(15) and facts.has_count(7)
    assert facts.has_percent(35) and not facts.has_percent(57)
    assert facts.has_fraction(1 / 3) and not facts.has_fraction(0.9)
    assert share_words(0.35) == "just over a third"
    assert share_words(0.48) == "nearly half"
    assert share_words(0.07) == "about one in 14"
    assert [
        (w, k) for w, k, _ in read_numbers("about a third of the 1,204 comments, 12% and seven people")
    ] == [("a third", "fraction"), ("1,204", "count"), ("12%", "percent"), ("seven", "count")]
    assert not verify(_one("Fully 14 agree.", ["a1"]), analysis, thread).numbers_traceable
    assert verify(_one("Seven of the 20 comments agree, about a third.", ["a1"]), analysis, thread).ok
    assert not verify(_one("About one in 50 agree.", ["a1"]), analysis, thread).ok


def test_article_figures_only_in_uncited_sentences() -> None:
    analysis, thread = hand_built()
    line = "The first group of about 10,000 arrived in the autumn."
    assert verify(_one(line, []), analysis, thread).ok
    assert not verify(_one(line, ["a1"]), analysis, thread).ok  # a cited claim must use computed figures
    assert not verify(_one("About 12,000 arrived.", []), analysis, thread).ok


def test_theme_titles_may_hold_digits() -> None:
    analysis, thread = hand_built()
    analysis.themes[0].title = "covid 19 and the 2020 draft"
    text = _one("Many talk about **covid 19 and the 2020 draft**.", ["a1"])
    assert verify(text, analysis, thread).ok


SHARED_THREADS = [*REDDIT_FILES, *HN_FILES, *POLIS_DIRS]


@pytest.mark.slow
@pytest.mark.parametrize("path", SHARED_THREADS, ids=lambda p: p.name)
def test_verifier_passes_on_every_shared_thread_in_both_styles(path: Path) -> None:
    pytest.importorskip("threadline.analyze.themes", reason="the themes stage has not landed yet")
    from threadline import digest

    result = digest(str(path), embedder="fast")
    assert result.checks.problems == [], result.text.markdown
    report = write(result.analysis, result.thread, style="report")
    checks, counted = audit(report, result.analysis, result.thread)
    assert checks.problems == [], report.markdown
    assert counted["quotes"] > 0 and counted["cited_ids"] > 0 and counted["numbers"] > 0
    assert render(result, "md").count("[^") >= 2
    assert "<svg" in render(result, "html")
    assert json.loads(render(result, "json"))["checks"]["ok"] is True
    # every cited comment is one the analysis read, not a deleted shell
    for s in [*result.text.sentences, *report.sentences]:
        for cid in s.comment_ids:
            assert not result.thread.by_id[cid].deleted


@pytest.mark.parametrize("style", ["post", "report"])
def test_every_quote_and_number_in_a_digest_is_load_bearing(style: str) -> None:
    """Doctor each quote and each cited figure in turn: the verifier catches every single one."""
    analysis, thread = hand_built()
    text = write(analysis, thread, style=style)
    facts = compute_facts(analysis, thread)
    doctored = 0
    for i, s in enumerate(text.sentences):
        for m in re.finditer(r"“([^”]{4,})”", s.text):
            bad = copy.deepcopy(text)
            inner = m.group(1)
            bad.sentences[i].text = s.text.replace(inner, inner[:2] + "X" + inner[3:], 1)
            assert not verify(bad, analysis, thread).quotes_verbatim, bad.sentences[i].text
            doctored += 1
        for m in re.finditer(r"(?<![\w.,])\d+(?=%|\b)", s.text):
            if (
                not s.comment_ids
                or "“" in s.text[: m.start()]
                and "”" not in s.text[: m.start()].split("“")[-1]
            ):
                continue  # article figures and figures inside quotes are checked elsewhere
            wrong = next(v for v in range(int(m.group()) + 37, 10_000) if v not in facts.counts)
            if m.group() + "%" == s.text[m.start() : m.end() + 1]:
                wrong = next(v for v in range(1, 100) if not facts.has_percent(v))
            bad = copy.deepcopy(text)
            bad.sentences[i].text = s.text[: m.start()] + str(wrong) + s.text[m.end() :]
            assert not verify(bad, analysis, thread).numbers_traceable, bad.sentences[i].text
            doctored += 1
    assert doctored >= 20
