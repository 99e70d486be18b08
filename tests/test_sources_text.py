"""Markdown and HTML to plain text, and tree order: examples and hypothesis properties."""

from __future__ import annotations

import html

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threadline.model import Comment
from threadline.sources.text import html_to_text, markdown_to_text
from threadline.sources.tree import tree_order


@pytest.mark.parametrize(
    "markdown,text",
    [
        ("**bold** and *italic* and ~~gone~~", "bold and italic and gone"),
        ("snake_case_name stays, 2*3*4 too", "snake_case_name stays, 2*3*4 too"),
        ('[the docs](https://docs.python.org/3/ "title") said', "the docs said"),
        ("see <https://example.org/x>", "see https://example.org/x"),
        ("&gt; quoted\n&gt;&gt; nested\n\nreply", "> quoted\n> nested\n\nreply"),
        ("# Heading\n\ntext", "Heading\n\ntext"),
        ("* one\n* two\n+ three", "- one\n- two\n- three"),
        ("a\n\n---\n\nb", "a\n\nb"),
        ("use `x = 1` here", "use x = 1 here"),
        ("```\ncode *stays*\n```", "code *stays*"),
        ("^(super script) and ^word", "super script and word"),
        (">!spoiler!< text", "spoiler text"),
        (r"¯\\\_(ツ)\_/¯ and \*not bold\*", r"¯\_(ツ)_/¯ and *not bold*"),
        ("AT&amp;T &lt;3 &#39;quotes&#39; &quot;x&quot;", "AT&T <3 'quotes' \"x\""),
        ("&#x200B;\n\nafter a blank", "after a blank"),
        ("a | b\n--|--\n1 | 2", "a | b\n1 | 2"),
        ("line one  \nline two\n\n\n\nthree", "line one\nline two\n\nthree"),
        ("", ""),
    ],
)
def test_markdown_examples(markdown, text):
    assert markdown_to_text(markdown) == text


@pytest.mark.parametrize(
    "markup,text",
    [
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("First<p>Second<p>Third", "First\n\nSecond\n\nThird"),
        ('See <a href="https://x.org/a">https://x.org/a</a> now', "See https://x.org/a now"),
        ("<blockquote><p>quoted\nline</p></blockquote><p>reply</p>", "> quoted line\n\nreply"),
        ("<pre><code>def f():\n    return 1\n</code></pre>", "def f():\n    return 1"),
        ("<ul><li>a</li><li>b</li></ul>", "- a\n- b"),
        ("x<script>alert(1)</script>y", "xy"),
        ("&gt; HN quote<p>answer &amp; more&#x2F;less", "> HN quote\n\nanswer & more/less"),
        ("<i>unclosed <b>tags", "unclosed tags"),
        ("line<br>break", "line\nbreak"),
    ],
)
def test_html_examples(markup, text):
    assert html_to_text(markup) == text


def test_deeply_nested_html_does_not_recurse():
    markup = "<div>" * 20_000 + "deep" + "</div>" * 20_000 + "<blockquote>" * 5_000 + "q"
    assert html_to_text(markup) == "deep\n\n> q"


plain = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=80)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_markdown_output_is_tidy(text):
    out = markdown_to_text(text)
    assert out == out.strip() and "\n\n\n" not in out and "\u200b" not in out
    assert all(line == line.rstrip() for line in out.split("\n"))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_html_output_is_tidy(text):
    out = html_to_text(text)
    assert out == out.strip() and "\n\n\n" not in out


@settings(max_examples=200, deadline=None)
@given(
    st.text(st.characters(whitelist_categories=("L", "N", "Zs")) | st.sampled_from(".,;:?!'-"), max_size=80)
)
def test_plain_words_pass_through_markdown(text):
    out = markdown_to_text(text)  # a no-break space becomes a plain one; runs of spaces may stay
    assert out == " ".join(text.split()) or out == text.replace("\xa0", " ").strip()


@settings(max_examples=200, deadline=None)
@given(plain)
def test_escaped_text_in_a_paragraph_comes_back(text):
    assert html_to_text(f"<p>{html.escape(text)}</p>") == " ".join(text.replace("\xa0", " ").split())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-3, 40), max_size=40))
def test_tree_order_keeps_every_comment_and_puts_parents_first(parents):
    """Random parent links (missing parents, self-links and cycles included) never lose a comment."""
    comments = [
        Comment(id=str(i), parent_id=None if p < 0 else str(p), author=None, text="")
        for i, p in enumerate(parents)
    ]
    ordered = tree_order(comments)
    assert sorted(int(c.id) for c in ordered) == list(range(len(parents)))
    position = {c.id: i for i, c in enumerate(ordered)}
    for c in ordered:
        if c.parent_id is None:
            assert c.depth == 0
        else:
            parent = ordered[position[c.parent_id]]
            assert position[parent.id] < position[c.id] and c.depth == parent.depth + 1
