"""Comment bodies to plain text: Reddit markdown and HN / Reddit HTML.

Quoted lines stay lines starting with ``"> "`` (cleaning strips them later); paragraphs are separated by a
blank line; links keep their visible text; entities are decoded; nothing here recurses, however deep the
markup nests.

>>> markdown_to_text("**Yes** &amp; [see here](https://x.org)\\n\\n&gt; quoted")
'Yes & see here\\n\\n> quoted'
>>> html_to_text("<p>One &amp; two<p><i>three</i>")
'One & two\\n\\nthree'
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

__all__ = ["markdown_to_text", "html_to_text", "tidy_text"]

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_QUOTE = re.compile(r"^\s{0,3}((?:>(?!!)\s?)+)")
_BULLET = re.compile(r"^(\s*)[*+]\s+")
_LINK = re.compile(
    r"\[([^\[\]\n]*)\]\(\s*<?([^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)?)>?(?:\s+\"[^\"\n]*\")?\s*\)"
)
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^\s>]+)>")
# Emphasis as (opening delimiter, closing delimiter) patterns, paired by a linear scan (see _unwrap): a regex
# like r"\*(.+?)\*" rescans the rest of the line from every unmatched "*", which hangs on a 5 MB comment.
_EMPHASIS = [
    (re.compile(r">!"), re.compile(r"!<")),
    (re.compile(r"(?<!\\)\*\*(?=\S)"), re.compile(r"(?<=\S)\*\*")),
    (re.compile(r"(?<![\w\\])__(?=\S)"), re.compile(r"(?<=\S)__(?!\w)")),
    (re.compile(r"(?<!\\)~~(?=\S)"), re.compile(r"(?<=\S)~~")),
    (re.compile(r"(?<![\w*\\])\*(?=[^\s*])"), re.compile(r"(?<=[^\s*\\])\*(?![\w*])")),
    (re.compile(r"(?<![\w\\])_(?=[^\s_])"), re.compile(r"(?<=[^\s_\\])_(?!\w)")),
]
_CODE = re.compile(r"`([^`\n]+)`")
_SUPER_PAREN = re.compile(r"\^\(([^()\n]*)\)")
_SUPER = re.compile(r"(?<!\\)\^(?=\S)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~^|&])")


def tidy_text(text: str) -> str:
    """Drop invisible characters and trailing spaces, collapse runs of blank lines, strip the ends."""
    lines = [line.rstrip() for line in text.translate(_INVISIBLE).replace("\r\n", "\n").split("\n")]
    out = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", out).strip()


def _unwrap(line: str, opener: re.Pattern[str], closer: re.Pattern[str]) -> str:
    """Drop paired delimiters (each opener with the next closer after it), in one pass over the line."""
    events = sorted(
        [(m.start(), m.end(), 1) for m in closer.finditer(line)]
        + [(m.start(), m.end(), 0) for m in opener.finditer(line)]
    )
    cut: list[tuple[int, int]] = []
    open_at: tuple[int, int] | None = None
    for start, end, is_closer in events:
        if open_at is None:
            if not is_closer and (not cut or start >= cut[-1][1]):
                open_at = (start, end)
        elif is_closer and start > open_at[1]:
            cut.extend((open_at, (start, end)))
            open_at = None
    if not cut:
        return line
    parts, last = [], 0
    for start, end in cut:
        parts.append(line[last:start])
        last = end
    parts.append(line[last:])
    return "".join(parts)


def _inline(line: str) -> str:
    line = _LINK.sub(lambda m: m.group(1) or m.group(2), line)
    line = _AUTOLINK.sub(r"\1", line)
    line = _CODE.sub(r"\1", line)
    for opener, closer in _EMPHASIS:
        line = _unwrap(line, opener, closer)
    line = _SUPER_PAREN.sub(r"\1", line)
    line = _SUPER.sub("", line)
    return _ESCAPE.sub(r"\1", line)


def markdown_to_text(markdown: str | None) -> str:
    """Reddit-flavoured markdown (with Reddit's HTML escaping) to plain text; quote lines keep ``"> "``."""
    if not markdown:
        return ""
    text = html.unescape(markdown).replace("\xa0", " ")
    out: list[str] = []
    in_code = False
    for raw in text.replace("\r\n", "\n").split("\n"):
        if _FENCE.match(raw):
            in_code = not in_code
            continue
        if in_code:
            out.append(raw)
            continue
        if _RULE.match(raw) or _TABLE_RULE.match(raw):
            continue
        quote = _QUOTE.match(raw)
        prefix = ""
        if quote:
            prefix, raw = "> ", raw[quote.end() :]
        raw = _HEADING.sub("", raw)
        raw = _BULLET.sub(r"\1- ", raw)
        out.append(prefix + _inline(raw).strip() if prefix else _inline(raw))
    return tidy_text("\n".join(line if line.strip() != ">" else "" for line in out))


_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6"}
    | {"tr", "table", "hr", "section", "article", "header", "footer"}
)
# A "<" that cannot open a tag is text, and so is "<![" with no name after it (html.parser would stop
# on that with an AssertionError).
_STRAY_LT = re.compile(r"<(?![A-Za-z/!?])|<(?=!\[(?![A-Za-z]))")
_SKIP_TAGS = frozenset({"script", "style", "template"})


class _TextCollector(HTMLParser):
    """Collects text line by line; blockquote depth decides which lines get a ``"> "`` prefix."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.current_quoted = False
        self.quote_depth = 0
        self.pre_depth = 0
        self.skip_depth = 0

    def newline(self, blank: bool = False) -> None:
        line = "".join(self.current).strip() if not self.pre_depth else "".join(self.current).rstrip()
        if line:
            self.lines.append(("> " + line) if self.current_quoted else line)
        if blank and self.lines and self.lines[-1] != "":
            self.lines.append("")
        self.current = []
        self.current_quoted = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip_depth += 1
        elif tag in _BLOCK_TAGS:
            self.newline(blank=tag in ("p", "blockquote", "pre", "ul", "ol", "table"))
            if tag == "blockquote":
                self.quote_depth += 1
            elif tag == "pre":
                self.pre_depth += 1
            elif tag == "li":
                self.handle_data("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.newline(blank=tag in ("p", "blockquote", "pre", "ul", "ol", "table"))
            if tag == "blockquote":
                self.quote_depth = max(0, self.quote_depth - 1)
            elif tag == "pre":
                self.pre_depth = max(0, self.pre_depth - 1)
        elif tag in ("td", "th"):
            self.handle_data(" ")

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if self.pre_depth:
            parts = data.split("\n")
            for i, part in enumerate(parts):
                if i:
                    self.newline()
                self._add(part)
            return
        self._add(re.sub(r"\s+", " ", data.replace("\xa0", " ")))

    def _add(self, text: str) -> None:
        if not self.current:
            if not text.strip() and not self.pre_depth:
                return
            self.current_quoted = self.quote_depth > 0
        self.current.append(text)

    def text(self) -> str:
        self.close()
        self.newline()
        return tidy_text("\n".join(self.lines))


def html_to_text(markup: str | None) -> str:
    """HTML (an HN comment, Reddit ``body_html``) to plain text, with ``"> "`` for blockquoted lines."""
    if not markup:
        return ""
    collector = _TextCollector()
    # A "<" that can't open a tag is text; escaping it first spares html.parser a slow rescan of each one.
    collector.feed(_STRAY_LT.sub("&lt;", markup))
    return collector.text()
