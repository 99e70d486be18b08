"""The template writer on hand-built analyses: shape, citations, varied phrasing, robustness to missing parts.

``hand_built`` and friends are imported by the other digest tests (verify, render, browser).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threadline.analyze.summary import summarize_article
from threadline.errors import UsageError
from threadline.model import (
    Analysis,
    Article,
    Comment,
    Phrase,
    Position,
    Question,
    Quote,
    Stats,
    Theme,
    Thread,
    Timeline,
    Tone,
    ToneTag,
    Votes,
)
from threadline.serialize import dumps
from threadline.write import verify, write, writers
from threadline.write.compose import bold
from threadline.write.facts import major_themes

T0 = 1_730_000_000.0
ARTICLE = Article(
    title="Pyongyang readies a second, larger contingent for Russia",
    url="https://news.example.org/world/second-contingent",
    site="news.example.org",
    date="2024-11-20",
    text=(
        "According to South Korean intelligence, Pyongyang is preparing up to 28,000 more soldiers for "
        "service alongside Russian units. The first group of about 10,000 arrived in the autumn.\n\n"
        "Officials in Seoul said rail traffic near the border had doubled in two weeks. Analysts expect the "
        "new troops to be folded into Russian assault formations rather than kept as a separate force.\n\n"
        "Moscow has not commented. Kyiv said the move shows how badly Russia needs manpower."
    ),
)

# (id, parent, author, text, score, minutes after posting)
ROWS = [
    (
        "a1",
        None,
        "kestrel",
        "Sending more kids into the grinder. They are cannon fodder and everyone knows it.",
        310,
        5,
    ),
    ("a2", "a1", "moth", "Cannon fodder is exactly right, they won't even get proper equipment.", 120, 9),
    ("a3", "a1", "quill", "I disagree, these are some of the most drilled soldiers on earth.", 40, 14),
    ("a4", None, "ferro", "Why is NATO just watching from the sidelines while this happens?", 95, 20),
    (
        "a5",
        "a4",
        "lumen",
        "NATO is a defensive alliance and Ukraine is not a member, that's the whole point.",
        150,
        26,
    ),
    ("a6", "a4", "brine", "Because nobody in Brussels wants to start World War III over this.", 60, 31),
    (
        "a7",
        None,
        "ostrich",
        "Nice to see the dear leader finally found a use for his cannon fodder <script>x</script>.",
        80,
        40,
    ),
    ("a8", None, "tarn", "What does Pyongyang get in return? Missile tech would be my guess.", 75, 55),
    (
        "a9",
        "a8",
        "quill",
        "Probably oil, food and help with satellites, that's what analysts keep saying.",
        33,
        61,
    ),
    (
        "a10",
        None,
        "moth",
        "If a Western country did this for Ukraine the outrage would never end. Double standards.",
        140,
        70,
    ),
    ("a11", "a10", "kestrel", "Exactly, the double standards are wild.", 50, 75),
    (
        "a12",
        None,
        "sable",
        "These men are basically slaves rented out by the regime for hard currency.",
        200,
        90,
    ),
    ("a13", "a12", "ferro", "Slaves is the right word, their wages go straight to the state.", 44, 95),
    ("a14", None, "wren", "Half of them will be lost before they even reach the front.", 66, 120),
    ("a15", None, "lumen", "Russia must be running out of men if it needs to rent soldiers.", 90, 150),
    (
        "a16",
        "a15",
        "sable",
        "Not really, Russia still has reserves, this is about avoiding another mobilisation.",
        38,
        160,
    ),
    ("a17", None, "pike", "Honestly this whole war is a meat grinder and nobody is stopping it.", 70, 200),
    ("a18", None, "gorse", "Is this the start of World War III or are we overreacting?", 25, 260),
    ("a19", None, "alder", "lol", 2, 300),
    ("a20", None, "heron", "Cannon fodder, meat grinder, pick your phrase, it is grim either way.", 20, 400),
]


def make_thread() -> Thread:
    comments = []
    for cid, parent, author, text, score, minutes in ROWS:
        comments.append(
            Comment(
                id=cid,
                parent_id=parent,
                author=author,
                text=text,
                score=score,
                time=T0 + minutes * 60,
                depth=0 if parent is None else 1,
                permalink=f"https://www.reddit.com/r/worldnews/comments/x1/t/{cid}/",
            )
        )
    comments.append(Comment(id="gone", parent_id=None, author=None, text="[deleted]", deleted=True))
    return Thread(
        source="reddit",
        comments=comments,
        url="https://www.reddit.com/r/worldnews/comments/x1/t/",
        title="North Korea to send up to 28,000 more troops to Russia",
        article=ARTICLE,
        article_url=ARTICLE.url,
        declared_comments=25,
        extra={"subreddit": "worldnews"},
    )


def _theme(tid: str, title: str, ids: list[str], key: str, quotes: list[str], **kw: object) -> Theme:
    thread = make_thread()
    text = thread.by_id[key].text
    return Theme(
        id=tid,
        title=title,
        key_point=text.split(". ")[0].rstrip(".") + ".",
        key_point_id=key,
        comment_ids=ids,
        share=len(ids) / 20,
        commenter_share=len({thread.by_id[i].author for i in ids}) / 15,
        score_share=sum(thread.by_id[i].score or 0 for i in ids) / 1708,
        quotes=[Quote(q, thread.by_id[q].text) for q in quotes],
        **kw,  # type: ignore[arg-type]
    )


def hand_built() -> tuple[Analysis, Thread]:
    """A realistic small Reddit thread about the troop deployment, analysed by hand."""
    thread = make_thread()
    themes = [
        _theme(
            "t0",
            "cannon fodder",
            ["a1", "a2", "a3", "a7", "a14", "a17", "a20"],
            "a1",
            ["a2", "a17", "a20"],
            counterpoint=Quote("a3", ROWS[2][3]),
            stance={"agree": 1, "disagree": 1},
            tone=Tone(
                {"negative": 0.7, "neutral": 0.2, "positive": 0.1},
                [ToneTag("dark_humour", 0.3, ["a7", "a20"])],
            ),
        ),
        _theme(
            "t1",
            "NATO on the sidelines",
            ["a4", "a5", "a6", "a18"],
            "a4",
            ["a6", "a18"],
            counterpoint=Quote("a5", ROWS[4][3]),
            stance={"disagree": 2},
        ),
        _theme(
            "t2",
            "slaves for hard currency",
            ["a12", "a13", "a15", "a16"],
            "a12",
            ["a13", "a15"],
            counterpoint=Quote("a16", ROWS[15][3]),
        ),
        _theme("t3", "double standards", ["a10", "a11"], "a10", ["a11"]),
        _theme("t4", "what Pyongyang gets", ["a8", "a9"], "a8", ["a9"]),
        _theme("other", "other", ["a19"], "a19", [], other=True),
    ]
    analysis = Analysis(
        stats=Stats(comments=21, commenters=15, analyzed=20, excluded={"deleted": 1, "removed": 0}),
        themes=themes,
        tone=Tone(
            sentiment={"negative": 0.65, "neutral": 0.25, "positive": 0.1},
            tags=[
                ToneTag("cynicism", 0.25, ["a10", "a15", "a17", "a11", "a13"]),
                ToneTag("dark_humour", 0.15, ["a7", "a20", "a1"]),
                ToneTag("worry", 0.1, ["a18", "a6"]),
            ],
        ),
        questions=[
            Question(
                "Why is NATO just watching from the sidelines while this happens?", ["a4"], True, ["a5", "a6"]
            ),
            Question("What does Pyongyang get in return?", ["a8"], True, ["a9"]),
            Question("Is this the start of World War III or are we overreacting?", ["a18"], False),
        ],
        stances={
            "a2": "agree",
            "a3": "disagree",
            "a5": "disagree",
            "a6": "neutral",
            "a9": "neutral",
            "a11": "agree",
            "a13": "agree",
            "a16": "disagree",
        },
        consensus=[Position("a10", ROWS[9][3], 3, 0, "replies")],
        divisive=[Position("a1", ROWS[0][3], 2, 2, "replies")],
        phrases=[
            Phrase("cannon fodder", 4, ["a1", "a2", "a7", "a20"]),
            Phrase("meat grinder", 2, ["a17", "a20"]),
            Phrase("double standards", 2, ["a10", "a11"]),
        ],
        timeline=Timeline(
            bins=[(T0 + h * 3600, n) for h, n in enumerate([9, 5, 2, 1, 1, 0, 1, 1])],
            theme_shift=[
                {"theme_id": "t0", "early_share": 0.3, "late_share": 0.5},
                {"theme_id": "t1", "early_share": 0.3, "late_share": 0.1},
            ],
        ),
    )
    analysis.article_summary = summarize_article(thread)
    return analysis, thread


def polis_case() -> tuple[Analysis, Thread]:
    """A Polis conversation: statements with votes, no replies, no times, no scores, no tone."""
    texts = [
        "Rent increases should be capped at inflation.",
        "Build more social housing on public land.",
        "Landlords provide a valuable service and should not be punished.",
        "Empty homes should be taxed heavily.",
        "Zoning rules should allow apartments everywhere.",
        "The council should buy back vacant buildings.",
    ]
    votes = [(40, 12), (55, 3), (20, 31), (33, 30), (28, 22), (25, 9)]
    comments = [
        Comment(id=str(i), parent_id=None, author=f"p{i % 4}", text=t, votes=Votes(a, d, 5))
        for i, (t, (a, d)) in enumerate(zip(texts, votes, strict=True))
    ]
    thread = Thread(source="polis", comments=comments, title="Affordable housing")
    themes = [
        Theme(
            "t0",
            "rent and landlords",
            texts[0],
            "0",
            ["0", "2"],
            2 / 6,
            0.5,
            None,
            [Quote("0", texts[0]), Quote("2", texts[2])],
        ),
        Theme(
            "t1",
            "building more homes",
            texts[1],
            "1",
            ["1", "4", "5"],
            0.5,
            0.75,
            None,
            [Quote("4", texts[4])],
        ),
        Theme("t2", "empty homes", texts[3], "3", ["3"], 1 / 6, 0.25, None, [Quote("3", texts[3])]),
    ]
    analysis = Analysis(
        stats=Stats(comments=6, commenters=4, analyzed=6, excluded={}),
        themes=themes,
        consensus=[Position("1", texts[1], 55, 3, "votes"), Position("5", texts[5], 25, 9, "votes")],
        divisive=[Position("3", texts[3], 33, 30, "votes"), Position("2", texts[2], 20, 31, "votes")],
    )
    analysis.article_summary = summarize_article(thread)
    return analysis, thread


def tiny_case() -> tuple[Analysis, Thread]:
    """Five comments, no article, no tone, no questions, no times, no scores."""
    texts = [
        "The new parser is much faster on big files.",
        "Faster, but it broke my config loading.",
        "Same here, config loading fails on nested tables.",
        "Works fine for me on Windows.",
        "Thanks for the release notes, very clear.",
    ]
    comments = [Comment(id=f"c{i}", parent_id=None, author=f"u{i}", text=t) for i, t in enumerate(texts)]
    thread = Thread(
        source="hackernews",
        comments=comments,
        title="Release 2.0 of the TOML parser",
        post_text=None,
        url="https://news.ycombinator.com/item?id=1",
    )
    themes = [
        Theme(
            "t0",
            "config loading breaks",
            texts[1],
            "c1",
            ["c1", "c2"],
            0.4,
            0.4,
            None,
            [Quote("c2", texts[2])],
        ),
        Theme("t1", "speed", texts[0], "c0", ["c0", "c3", "c4"], 0.6, 0.6, None, [Quote("c3", texts[3])]),
    ]
    analysis = Analysis(stats=Stats(comments=5, commenters=5, analyzed=5, excluded={}), themes=themes)
    analysis.article_summary = summarize_article(thread)
    return analysis, thread


CASES = {"hand_built": hand_built, "polis": polis_case, "tiny": tiny_case}


@pytest.mark.parametrize("style", ["post", "report"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_digest_verifies_and_cites_real_comments(case: str, style: str) -> None:
    analysis, thread = CASES[case]()
    text = write(analysis, thread, style=style)
    checks = verify(text, analysis, thread)
    assert checks.problems == [], text.markdown
    assert text.style == style and text.writer == "template"
    for s in text.sentences:
        assert all(cid in thread.by_id for cid in s.comment_ids)
        assert s.text in text.markdown


def test_post_has_the_shape_of_the_example() -> None:
    analysis, thread = hand_built()
    md = write(analysis, thread).markdown
    paragraphs = md.split("\n\n")
    # the article in brief comes first, verbatim, with its figures and attribution intact
    assert paragraphs[0].startswith(
        "According to South Korean intelligence, Pyongyang is preparing up to 28,000"
    )
    assert paragraphs[1].startswith(
        "[Read the original article](https://news.example.org/world/second-contingent)"
    )
    lede = paragraphs[2]
    assert "20 comments from 15 people" in lede and "on r/worldnews" in lede
    assert "counts 25 comments" in lede and "21 were" in lede  # declared more than seen: said so
    assert "negative" in lede and "ynicism" in lede
    # a tone is a count of comments, never "what colours it most" with a percentage
    assert re.search(r"[Cc]ynicism[^.]* five comments", lede) and "(25%)" not in lede
    for title in ("cannon fodder", "NATO on the sidelines", "slaves for hard currency"):
        assert f"**{title}**" in md
    assert "“NATO is a defensive alliance and Ukraine is not a member, that's the whole point”." in md
    question = md.split("\n\n")[-4]  # the questions paragraph
    assert "Is this the start of World War III or are we overreacting?" in question
    assert re.search(r"Still open: “Is this|Nobody takes up “Is this|Left hanging: “Is this", question)
    assert "Judging by the replies" in md
    assert "“Cannon fodder” (four people)" in md or "“cannon fodder” (four people)" in md
    last = paragraphs[-1].rstrip()
    # the close says what it adds up to (mood, argument, what is open), not a list of titles
    assert last.startswith(
        "In sum, scepticism and cynicism lead, with dark humour close behind: a mostly negative"
    )
    assert "pushback gathers around" in last and "**NATO on the sidelines**" in last and last.endswith(".")


def test_shares_are_written_as_people_write_them() -> None:
    analysis, thread = hand_built()
    md = write(analysis, thread).markdown
    # 7 of 20 comments is 35%: "just over a third of the 20 comments"
    assert "just over a third of the 20 comments" in md


def _shape(sentence: str) -> str:
    """A sentence without its quotes, bold names and figures: what is left is the template."""
    pattern = r"“[^”]*”|\*\*[^*]+\*\*|\d[\d,]*%?|\b(two|three|four|five|six|seven|eight|nine)\b"
    return re.sub(pattern, "_", sentence)


def test_no_sentence_template_is_used_twice() -> None:
    analysis, thread = hand_built()
    text = write(analysis, thread, style="post")
    shapes = [_shape(s.text) for s in text.sentences if s.comment_ids]
    assert len(shapes) == len(set(shapes)), [s for s in shapes if shapes.count(s) > 1]


def test_the_report_repeats_a_template_only_in_its_lists_and_tables_and_never_a_sentence() -> None:
    """A report's entries are parallel by design ("Quote: …" under each theme); its prose is not."""
    analysis, thread = hand_built()
    text = write(analysis, thread, style="report")
    kind = {i: b["type"] for b in text.extra["blocks"] for i in b.get("sentences", [])}
    shapes = [_shape(s.text) for s in text.sentences]
    repeated = [i for i, shape in enumerate(shapes) if shapes.count(shape) > 1]
    assert repeated  # the hand-built report has parallel entries: several quotes, questions, phrases
    assert {kind[i] for i in repeated} <= {"list", "table"}
    texts = [s.text for s in text.sentences]
    assert len(texts) == len(set(texts)), [t for t in texts if texts.count(t) > 1]


def test_figures_two_themes_share_are_said_of_each_theme_by_name() -> None:
    """Two themes with the very same replies and tone: the second theme's lines say whose they are."""
    analysis, thread = hand_built()
    first, second = major_themes(analysis)[:2]
    second.stance, second.tone = dict(first.stance), first.tone
    text = write(analysis, thread, style="report")
    lines = [s.text for s in text.sentences]
    assert len(lines) == len(set(lines))
    generic = [t for t in lines if t.startswith(("Replies within the theme:", "Tone:"))]
    named = [
        t for t in lines if t.startswith((f"Replies within {bold(second)}:", f"Tone of {bold(second)}:"))
    ]
    assert len(generic) >= 2 and len(named) == 2, lines


def test_writing_leaves_the_analysis_as_analysis_made_it() -> None:
    """A stored analysis must not depend on whether a writer ran: writers read it, never add to it."""
    analysis, thread = hand_built()
    before = dumps(analysis)
    for style in ("post", "report"):
        write(analysis, thread, style=style)
    assert dumps(analysis) == before


def test_deterministic() -> None:
    a1, t1 = hand_built()
    a2, t2 = hand_built()
    assert write(a1, t1).markdown == write(a2, t2).markdown
    assert write(a1, t1, style="report").markdown == write(a2, t2, style="report").markdown


def test_report_has_sections_with_figures() -> None:
    analysis, thread = hand_built()
    md = write(analysis, thread, style="report").markdown
    for heading in (
        "## The article",
        "## Themes",
        "## Tone",
        "## Questions",
        "## Broadest agreement",
        "## Sharpest division",
        "## Phrases that stuck",
        "## Over time",
    ):
        assert heading in md
    assert "| **cannon fodder** | 7 | 35% |" in md
    assert "3 questions in all: 2 answered, 1 unanswered." in md
    assert "cover 95% of the analyzed comments" in md  # 19 of 20 comments fall in the five named themes


def test_no_article_says_the_post_stands_in() -> None:
    analysis, thread = hand_built()
    thread.article = None
    thread.article_url = None
    thread.post_text = (
        "Reports say the second contingent will be larger. Officials in Seoul are alarmed by it."
    )
    analysis.article_summary = summarize_article(thread)
    md = write(analysis, thread).markdown
    assert md.startswith("No article comes with this thread, so the post's own words stand in for one.")
    assert "Reports say the second contingent will be larger." in md
    assert "[Read the thread](https://www.reddit.com/r/worldnews/comments/x1/t/)" in md


def test_every_theme_sentence_cites_its_evidence() -> None:
    analysis, thread = hand_built()
    text = write(analysis, thread)
    for s in text.sentences:
        if "“" in s.text:
            assert s.comment_ids, s.text
        assert len(s.comment_ids) <= 6


def test_polis_speaks_of_votes_and_statements() -> None:
    analysis, thread = polis_case()
    md = write(analysis, thread).markdown
    assert "six statements from four participants in a Polis conversation" in md
    assert "Participants cast 338 agree, disagree or pass votes" in md  # 201 agree, 107 disagree, 30 pass
    assert "“Build more social housing on public land”: 55 of 58 who voted either way agree" in md


def test_unknown_writer_and_style_are_usage_errors() -> None:
    analysis, thread = tiny_case()
    with pytest.raises(UsageError, match="available: .*template"):
        write(analysis, thread, writer="nonesuch")
    with pytest.raises(UsageError, match="style"):
        write(analysis, thread, style="poem")
    assert "template" in writers.names()


def test_llm_writer_is_imported_lazily_and_missing_modules_say_so(monkeypatch: pytest.MonkeyPatch) -> None:
    import threadline.write as write_pkg
    from threadline.errors import MissingDependencyError

    assert callable(write_pkg._load("llm")) and "llm" in writers.names()
    monkeypatch.setitem(write_pkg._LAZY, "ghost", "threadline.write.ghost_writer")
    with pytest.raises(UsageError, match="'ghost' writer is not available"):
        write_pkg._load("ghost")
    monkeypatch.setitem(write_pkg._LAZY, "needs", "some_uninstalled_package_xyz")
    with pytest.raises(MissingDependencyError, match="some_uninstalled_package_xyz"):
        write_pkg._load("needs")


def test_slow_threads_are_described_in_days() -> None:
    analysis, thread = hand_built()
    day = 86400.0
    counts = [4, 2, 2, 1, 3, 2, 1, 2, 2, 1]
    analysis.timeline = Timeline(bins=[(T0 + i * day, n) for i, n in enumerate(counts)], theme_shift=[])
    text = write(analysis, thread)
    assert "About three quarters of the comments came within the first seven days." in text.markdown
    assert verify(text, analysis, thread).ok


def test_lopsided_replies_are_not_called_a_split() -> None:
    analysis, thread = hand_built()
    analysis.divisive = [Position("a1", ROWS[0][3], 12, 2, "replies")]
    md = write(analysis, thread).markdown
    assert "Where it splits" not in md and "Replies fight over" not in md
    assert "splits on real points" not in md
    analysis.divisive = [Position("a1", ROWS[0][3], 3, 4, "replies")]
    md = write(analysis, thread).markdown
    assert "They are cannon fodder and everyone knows it” draws four disagreeing replies" in md
    assert "splits on real points" in md


@pytest.mark.parametrize(
    ("fragment", "alone"),
    [
        ("Am Reddit noob", False),
        ("Slowly and at an enormous cost", False),
        ("Until they're shooting at Ukrainians", False),
        ("Is that documentary still online anywhere?", False),
        ("This is what we call a life lesson, then", False),
        ("NATO is for defending NATO members", True),
        ("Kim will get missile technology out of this deal", True),
        ("Has Russia ever officially admitted the troops are there?", True),
        ("Well then I won't be participating", False),
        ("its only been 8mins so far lol", False),
        # leaning on the parent at the end: a verb left out, a "though" set against what it answers
        ("If you speak to the correct people about unlawful orders you will not", False),
        ("It is still preferable to the shit redesign though.", False),
        ("If that helps at all, it does.", False),
        ("There is virtually no one I know that I can talk to about the things I do.", True),
        # a piece cut where a line broke; a short sentence about "it"
        ("to recruiters explaining: we are the good guys!", False),
        ("Probably, more importantly: it's a lie.", False),
        ("Absolutely! But I don't think that's the most plausible answer here", False),
        ("Support in, dump out, this is golden advice.", True),
        # other languages: the English clause test does not apply, length and form still do
        ("Die Industrie soll endlich selbst für ihre Emissionen zahlen", True),
        ("Windräder auf die Donauinsel", False),
        ("我覺得現在的計程車服務品質參差不齊，跟市場未提供足夠的公平競爭環境有關。", True),
        ("我同意", False),
    ],
)
def test_quotes_lifted_into_prose_stand_alone(fragment: str, alone: bool) -> None:
    from threadline.write.quoting import stands_alone

    assert stands_alone(fragment) is alone


@pytest.mark.parametrize(
    ("sentence", "asking"),
    [
        ("Is it weird that I read the title differently", True),
        ("Do you think they will ever admit it", True),
        ("Why would anyone do that?", True),
        ("Is there anyone here who served?", True),
        ("What I'm saying is: US soldiers are war criminals.", False),
        ("Isolation is what breaks people.", False),
        ("Does this make sense to anyone else", True),
        ("Do not feed the trolls.", False),
        ("Will Smith was great in it.", False),
    ],
)
def test_questions_are_known_by_their_word_order_without_a_mark(sentence: str, asking: bool) -> None:
    from threadline.text import is_question

    assert is_question(sentence) is asking


def test_counterpoint_is_shown_with_what_it_answers() -> None:
    analysis, thread = hand_built()
    text = write(analysis, thread)
    # a3 ("I disagree, ...") answers a1; the sentence quotes both and cites both
    line = next(s for s in text.sentences if "most drilled soldiers on earth" in s.text)
    assert line.comment_ids == ["a1", "a3"]  # with the parent quoted, the reader sees what is disputed
    assert "Sending more kids into the grinder" in line.text
    # the counterpoint is saved for the pushback, never used as a supporting quote first
    assert sum("most drilled soldiers" in s.text for s in text.sentences) == 1
    assert verify(text, analysis, thread).ok


def _points_said(points: list[tuple[str, str, list[str]]], theme: int = 0, **stances: str):
    """The sentence saying a hand-built theme's key points ``(text, comment id, comment ids)``, with the
    replies' stances changed as given; ("", []) when there is none."""
    from threadline.model import Point
    from threadline.write.compose import Context
    from threadline.write.themes_paragraph import point_sentence

    analysis, thread = hand_built()
    analysis.stances.update(stances)
    analysis.themes[theme].points = [Point(text, cid, ids, 0.15) for text, cid, ids in points]
    return point_sentence(Context(analysis, thread), analysis.themes[theme]) or ("", [])


def test_a_point_its_own_comments_argue_over_is_not_said_to_be_made_by_them() -> None:
    points = [
        ("They are cannon fodder and everyone knows it.", "a1", ["a1", "a2", "a3"]),
        ("Half of them will be lost before they even reach the front.", "a14", ["a14", "a17", "a20"]),
    ]
    text, _ = _points_said(points)
    assert text and "argue over" not in text  # one disagreeing reply is no argument
    text, cited = _points_said(points, a2="disagree")  # now two of a1's replies push back, none agrees
    assert "3 argue over “They are cannon fodder and everyone knows it”" in text.replace("Three", "3")
    assert "argue over “Half of them" not in text  # the other point is made, not argued
    assert {"a2", "a3"} <= set(cited)  # the pushback is cited


def test_a_point_put_as_a_question_is_asked_not_said() -> None:
    nato = "NATO is a defensive alliance and Ukraine is not a member, that's the whole point."
    points = [
        ("What does Pyongyang get in return?", "a8", ["a8", "a9", "a6"]),
        (nato, "a5", ["a5", "a4", "a6"]),
    ]
    text, _ = _points_said(points, theme=1)
    assert "3 ask “What does Pyongyang get in return?”" in text.replace("Three", "3")
    assert " say “NATO is a defensive alliance" in text  # the other point is said, in a frame of its own


def test_a_tone_is_shown_by_a_line_that_shows_no_other_tone() -> None:
    from threadline.write.compose import Context
    from threadline.write.tone_paragraph import tone_sentences

    analysis, thread = hand_built()
    assert analysis.tone is not None and analysis.tone.tags[0].name == "cynicism"

    def example() -> str:
        line = next(text for text, _ in tone_sentences(Context(analysis, thread)) if "among them" in text)
        return line.split("among them", 1)[1]

    shortest = "Slaves is the right word, their wages go straight to the state"  # a13, cynical
    assert shortest in example()
    analysis.tone.tags.append(ToneTag("anger", 0.05, ["a13"]))  # ... and angry too
    assert shortest not in example() and "“" in example()


def test_weak_counterpoints_are_left_out() -> None:
    analysis, thread = hand_built()
    analysis.themes[0].counterpoint = Quote("a2", "Nope.")
    thread.by_id["a2"].text = "Nope, not really."  # disagrees, but says nothing a reader could weigh
    text = write(analysis, thread)
    assert not any("Nope, not really" in s.text for s in text.sentences)


def test_a_thread_of_neutral_comments_is_called_matter_of_fact_not_mixed():
    from threadline.write.tone_paragraph import _sentiment_sentence

    text = _sentiment_sentence({"positive": 0.0, "negative": 0.0, "neutral": 1.0})
    assert "matter-of-fact" in text and "mixed" not in text and "0%" not in text
    assert "mixed" in _sentiment_sentence({"positive": 0.3, "negative": 0.3, "neutral": 0.4})


def test_a_forum_thread_is_not_said_to_sit_under_the_article() -> None:
    from threadline.write.compose import Context

    analysis, thread = hand_built()
    thread.source, thread.extra = "table", {}
    assert Context(analysis, thread).place is None  # a place the source does not name is left unsaid
    thread.url = "https://news.example.org/world/second-contingent#comments"  # the article's own site
    assert Context(analysis, thread).place == "under the article"
    text = " ".join(s.text for s in write(analysis, thread).sentences)
    assert "lively" not in text


def test_a_plurality_is_not_called_mostly_negative_nor_a_rare_tone_a_colour() -> None:
    analysis, thread = hand_built()
    assert analysis.tone is not None
    analysis.tone.sentiment = {"negative": 0.42, "neutral": 0.29, "positive": 0.29}
    for tag in analysis.tone.tags:
        tag.share = 0.1
    md = write(analysis, thread).markdown
    last = md.split("\n\n")[-1]
    assert "mostly negative" not in md and "more negative than positive" in last
    # a tone in a tenth of the comments leads the mood, but is never "much of" the thread
    assert "coloured by" not in last and last.startswith("In sum, scepticism and cynicism lead")
    assert "much of" not in md.lower() and "The strongest note is scepticism and cynicism" in md


def test_a_single_extra_quote_gets_a_singular_frame() -> None:
    from threadline.write.themes_paragraph import _MORE_QUOTES

    plural = r"^(Others say|Other voices:|Similar comments include|Others chime in with) “[^”]*”\.$"
    for seed in ("a", "b", "c", "d", "e", "f"):
        analysis, thread = hand_built()
        thread.url = f"https://www.reddit.com/r/worldnews/comments/{seed}/t/"  # another seed, other frames
        for theme in analysis.themes:
            theme.quotes = theme.quotes[:1]
        sentences = [s.text for s in write(analysis, thread).sentences]
        assert not [s for s in sentences if re.match(plural, s)]
    assert all(one != many or "Elsewhere" in one or "also put" in one for many, one in _MORE_QUOTES)


def test_report_lists_questions_by_importance_and_says_when_it_cuts() -> None:
    analysis, thread = hand_built()
    asking = [c for c in thread.comments if c.id.startswith("a")][:12]
    analysis.questions = [
        Question(f"Question number {i} about the troops?", [c.id], bool(i % 2), [])
        for i, c in enumerate(asking)
    ]
    for c, q in zip(asking, analysis.questions, strict=True):
        c.text = f"{c.text} {q.text}"
    md = write(analysis, thread, style="report").markdown
    section = md.split("## Questions", 1)[1].split("##", 1)[0]
    assert "12 questions in all" in section and "10 of 12" in section
    assert "asked by 1 person" not in section and "asked by one person" not in section
    listed = re.findall(r"Question number (\d+)", section)
    by_score = sorted(asking, key=lambda c: -(c.score or 0))[:10]
    assert listed == [str(asking.index(c)) for c in by_score]
    assert re.search(r"came in the first \w+ hours?\.", md)
    assert verify(write(analysis, thread, style="report"), analysis, thread).problems == []


def test_report_points_endorsed_by_score_show_their_score() -> None:
    analysis, thread = hand_built()
    analysis.consensus = [Position("a1", ROWS[0][3], 0, 0, "score")]
    text = write(analysis, thread, style="report")
    section = text.markdown.split("## Broadest agreement", 1)[1].split("##", 1)[0]
    assert "score 310" in section
    assert verify(text, analysis, thread).problems == []
    assert "challenging" not in text.markdown  # pushback from anywhere is told apart from replies inside


def test_a_top_scored_joke_is_framed_as_a_joke_not_an_endorsed_point() -> None:
    analysis, thread = hand_built()
    analysis.consensus = [Position("a7", ROWS[6][3], 0, 0, "score")]
    md = write(analysis, thread).markdown
    assert "most upvoted joke" in md and "endorsed" not in md  # a7 is tagged dark humour
    assert analysis.tone is not None
    analysis.tone.tags = [x for x in analysis.tone.tags if x.name != "dark_humour"]
    md = write(analysis, thread).markdown
    assert "upvoted most" in md and "joke" not in md.split("upvoted most")[0][-80:]


def test_one_tone_is_not_framed_as_several() -> None:
    from threadline.write.compose import Context
    from threadline.write.tone_paragraph import tone_counts_sentence

    analysis, thread = hand_built()
    assert analysis.tone is not None
    one = analysis.tone.tags[:1]
    for seed in "abcdef":
        thread.url = f"https://www.reddit.com/r/worldnews/comments/{seed}/t/"
        line = tone_counts_sentence(Context(analysis, thread), one)
        assert "notes that stand out" not in line and "five" in line


def test_without_replies_no_question_is_called_answered_or_open(shared_data):
    from threadline import digest

    result = digest(str(shared_data / "polis" / "brexit-consensus"), embedder="fast")
    assert result.analysis.questions, "the conversation asks at least one question"
    report = digest(result.thread, style="report", embedder="fast")
    for text in (result.markdown, report.markdown):
        assert "answered" not in text and "without an answer" not in text and "Left hanging" not in text
    assert result.checks.ok, result.checks.problems


@pytest.mark.parametrize("conversation", ["austria-climate.2vkxcncppn.2022-07-07", "vtaiwan.uberx"])
def test_a_german_or_chinese_conversation_gets_theme_paragraphs_with_quotes(shared_data, conversation):
    from threadline import digest
    from threadline.write.quoting import excerpt, word_count

    result = digest(str(shared_data / "polis" / conversation), embedder="fast")
    quoting = [s for s in result.text.sentences if "“" in s.text]
    quoted = [
        t
        for t in result.analysis.themes
        if not t.other and any(set(s.comment_ids) & set(t.comment_ids) for s in quoting)
    ]
    assert len(quoted) >= 3, "the big themes are written up with their words, not only listed"
    assert result.checks.ok, result.checks.problems
    long = "".join(c.text for c in result.thread.comments if c.text)[:3000]
    cut = excerpt(long, max_words=30)
    assert cut and word_count(cut.rstrip("…")) <= 30 and cut.rstrip("…") in " ".join(long.split())


def test_many_small_strands_are_not_waved_away_as_small(shared_data):
    """With dozens of strands the unnamed ones can hold half the thread: the digest says how much."""
    from threadline import digest
    from threadline.write.phrasing import percent

    result = digest(str(shared_data / "polis" / "march-on.operation-marchin-orders"), embedder="fast")
    line = next(s.text for s in result.text.sentences if s.text.startswith("In all, the analysis found"))
    themes = sorted((t for t in result.analysis.themes if not t.other), key=lambda t: -t.share)
    # the unnamed are the tail after the largest k, which the digest names (a title may open a sentence)
    text = result.markdown.lower()
    k = next(k for k in range(len(themes)) if f"**{themes[k].title.lower()}**" not in text)
    tail = themes[k:]
    stated = f"the rest hold {percent(sum(t.share for t in tail))} of the statements between them, "
    assert stated + f"none more than {percent(tail[0].share)}" in line, line
    assert result.checks.ok, result.checks.problems


@pytest.mark.parametrize(
    ("n", "words"), [(1, "one with no words of its own"), (4, "four with no words of their own")]
)
def test_comments_without_words_are_not_called_empty(n: int, words: str) -> None:
    analysis, thread = hand_built()
    analysis.stats.excluded = {"deleted": 1, "empty": n}
    lede = write(analysis, thread).markdown.split("\n\n")[2]
    assert f"Left out of the count: one deleted and {words}." in lede


_PIECES = st.sampled_from(
    [
        "Russia",
        "drones",
        "is",
        "not",
        "the",
        ",",
        ".",
        "!",
        "?",
        "。",
        "，",
        "我覺得",
        "計程車",
        "服務",
        "Uber",
        "Windräder",
        "😂",
        "'",
        "“",
        "\n",
        " ",
        "  ",
        "\n\n",
        "> quoted",
        "U.S.",
        "3.5",
        "https://x.example/a",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=120), st.integers(min_value=3, max_value=40))
def test_an_excerpt_of_any_script_is_verbatim_and_fits(pieces: list[str], max_words: int) -> None:
    from threadline.write.quoting import excerpt, normalize, word_count

    text = " ".join(pieces)
    cut = excerpt(text, max_words=max_words)
    if cut is not None:
        body = cut.removesuffix("…")
        assert body and body in normalize(text)
        assert word_count(body) <= max_words


def test_a_nearly_all_neutral_thread_is_matter_of_fact_before_its_quiet_tones() -> None:
    """Proposals that show no emotion, with a small note of doubt among them, read first as matter-of-fact;
    a loud note, or a thread with feeling in it, still leads with its tone."""
    from threadline.write.compose import Context
    from threadline.write.tone_paragraph import named_tones, tone_sentences

    analysis, thread = hand_built()
    assert analysis.tone is not None
    analysis.tone.tags = [ToneTag("cynicism", 0.1 - 0.01, ["a10", "a15"])]
    analysis.tone.emotions = {"neutral": 0.9}
    assert named_tones(analysis) == ["neutral", "cynicism"]
    lines = [text for text, _ in tone_sentences(Context(analysis, thread))]
    plain = next(i for i, t in enumerate(lines) if "matter-of-fact" in t)
    assert plain < next(i for i, t in enumerate(lines) if "scepticism" in t)
    analysis.tone.tags[0].share = 0.15  # a note this loud sets the tone
    assert named_tones(analysis) == ["cynicism"]
    analysis.tone.tags[0].share, analysis.tone.emotions = 0.09, {"neutral": 0.7}  # feeling elsewhere
    assert named_tones(analysis) == ["cynicism"]
