"""The library's messages in the web app's words.

Sources and the fetch layer write their errors for the command line ("name them with --text-col", "name
it with kind=…", "cannot resolve host …"). A visitor of the app has the form instead: the options those
messages name are mapped here, in one table, to the form's fields (or, for the JSON API, to its parameter
names), and advice about an option the app does not have is replaced by what the app takes, or dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["in_form_words", "offline_message", "FIELDS"]


@dataclass(frozen=True)
class Field:
    """Where the app takes what a command-line option gives: a field of the form and its API name."""

    label: str  # as the form shows it
    api: str  # the form field's name, which is also the JSON API's parameter
    section: str | None = None  # the part of the form it sits in, when the label alone is ambiguous


_COLUMNS = "Table columns"

# Every option a library message may name. A Field: the form has it. A string: the app has no such option,
# and this is what to say instead of advising it. None: the app has no such option; the advice is dropped.
FIELDS: dict[str, Field | str | None] = {
    "--id-col": Field("id", "id_col", _COLUMNS),
    "--parent-col": Field("parent", "parent_col", _COLUMNS),
    "--author-col": Field("author", "author_col", _COLUMNS),
    "--text-col": Field("text", "text_col", _COLUMNS),
    "--score-col": Field("score", "score_col", _COLUMNS),
    "--time-col": Field("time", "time_col", _COLUMNS),
    "--title": Field("Title", "title"),
    "--article": Field("Article URL", "article_url"),
    "--style": Field("Style", "style"),
    "--writer": Field("Writer", "writer"),
    "kind=…": (
        "upload a saved Reddit or Hacker News thread (.json), a Polis comments.csv, "
        "or a table of comments (CSV, JSONL or a JSON array)"
    ),
    "--max-requests": None,  # the server sets the Reddit request budget
    "--allow-private": None,  # the app never fetches from private addresses
}

_OPTION = "|".join(re.escape(o) for o in sorted(FIELDS, key=len, reverse=True))
# Advice naming one or more options: "name them with --id-col --parent-col", "or lower --max-requests".
_VERBS = r"name (?:it|them|one) with|pass|use|lower|raise|set"
_ADVICE = re.compile(
    rf"(?P<sep>[;,]\s*|\s+or\s+|\s+and\s+)?(?P<verb>\b(?:{_VERBS})) "
    rf"(?P<options>(?:{_OPTION})(?:(?:,\s*|\s+or\s+|\s+)(?:{_OPTION}))*)"
)
_BARE = re.compile(rf"(?<![\w-])(?:{_OPTION})")
_UNRESOLVED = re.compile(r"^.*cannot resolve host '(?P<host>[^']+)'.*$", re.S)
_UNREACHABLE = re.compile(
    r"^(?P<url>\S+): request failed: .*?(?P<why>connection refused|network is unreachable|no route to host)",
    re.I | re.S,
)

# Hosts the app's own sources fetch from: when one of these does not resolve, the machine is offline.
_SOURCE_DOMAINS = ("reddit.com", "redd.it", "ycombinator.com", "algolia.com")


def offline_message(host: str) -> str:
    """What to say when ``host`` does not resolve: plainly, the machine can't reach it."""
    known = any(host == d or host.endswith("." + d) for d in _SOURCE_DOMAINS)
    return f"can't reach {host} from this machine: is it offline?" + (
        "" if known else " (or is the address mistyped?)"
    )


def _names(fields: list[Field], api: bool) -> str:
    names = [f"{f.api}" if api else f"“{f.label}”" for f in fields]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    noun = "field" if len(names) == 1 else "fields"
    sections = {f.section for f in fields}
    where = f" under “{sections.pop()}”" if not api and len(sections) == 1 and None not in sections else ""
    return f"the {joined} {noun}{where}"


def _advice(match: re.Match[str], api: bool) -> str:
    options = _BARE.findall(match["options"])
    fields = [f for o in options if isinstance(f := FIELDS[o], Field)]
    instead = [s for o in options if isinstance(s := FIELDS[o], str)]
    sep = match["sep"] or ""
    if fields:
        verb = match["verb"].replace(" with", " in") if match["verb"].startswith("name") else "use"
        return f"{sep}{verb} {_names(fields, api)}"
    if instead:
        return f"{sep}{instead[0]}"
    return ""  # advice about an option the app does not have


def in_form_words(message: str, *, api: bool = False) -> str:
    """``message`` with the command line's options named as the form (``api``: the JSON API) names them.

    >>> in_form_words("t.csv: no text column; name them with --id-col --text-col")
    't.csv: no text column; name them in the “id” and “text” fields under “Table columns”'
    """
    if m := _UNRESOLVED.match(message):
        return offline_message(m["host"])
    if m := _UNREACHABLE.match(message):
        url = m["url"] if "://" in m["url"] else "//" + m["url"]  # the connection layer names host:port
        host = urlsplit(url).hostname or m["url"]
        why = m["why"].lower()
        if why == "connection refused":
            return f"can't reach {host}: it refused the connection (is the address right?)"
        return f"can't reach {host} from this machine ({why}): is it offline?"
    message = _ADVICE.sub(lambda m: _advice(m, api), message)

    def bare(m: re.Match[str]) -> str:
        f = FIELDS[m.group(0)]
        return _names([f], api) if isinstance(f, Field) else m.group(0)

    return _BARE.sub(bare, message)
