"""Reddit dump files: the public archives' ndjson (optionally zstd-compressed) of submissions and comments.

One JSON object a line. Comments carry ``id``, ``link_id`` (``t3_<post>``), ``parent_id`` (``t1_<comment>``
or ``t3_<post>``), ``body``, ``author``, ``score``, ``created_utc``; submissions carry ``id``, ``title``,
``selftext``, ``url``, ``num_comments``. A file may hold many threads, interleaved in time order.

``read_records`` streams a file (never holding it whole) and reports malformed lines with their number;
``build_thread`` turns one thread's records into a ``Thread``; ``DumpSource`` loads a single thread from a
small dump (``threadline digest``). Many threads and dumps larger than memory are ``threadline.batch``'s job.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..errors import InputError, MissingDependencyError, UsageError
from ..model import Comment, Thread
from ._base import Source
from ._fields import Fields

ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
REDDIT = "https://www.reddit.com"
# Fields worth carrying from a dump line; real archive lines have ~60, most of them display flags.
COMMENT_FIELDS = (
    "id", "link_id", "parent_id", "body", "author", "score", "created_utc",
    "controversiality", "subreddit", "distinguished", "permalink",
)  # fmt: skip
SUBMISSION_FIELDS = (
    "id", "title", "selftext", "url", "num_comments", "author", "score", "created_utc",
    "subreddit", "permalink", "is_self", "domain",
)  # fmt: skip
GONE = {"[deleted]", "[removed]"}


@dataclass
class Problem:
    """A line that could not be used, with where it is."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class Record:
    """One usable dump line: a comment or a submission, trimmed to the fields threadline reads."""

    kind: str  # "comment" or "submission"
    thread_id: str  # the post id without its t3_ prefix
    data: dict[str, Any]


def open_binary(path: str | Path) -> IO[bytes]:
    """Open a dump for reading bytes, decompressing zstd (by magic number, not by name) as it streams."""
    raw = open(path, "rb")  # noqa: SIM115 - returned to the caller, who closes it
    if raw.peek(4)[:4] != ZSTD_MAGIC:
        return raw
    try:
        import zstandard
    except ImportError:
        raw.close()
        raise MissingDependencyError("zstandard", "batch") from None
    # The archives are compressed with a long window (--long=31); the default limit refuses them.
    reader = zstandard.ZstdDecompressor(max_window_size=2**31).stream_reader(raw, closefd=True)
    return io.BufferedReader(reader, buffer_size=1 << 20)  # type: ignore[arg-type]


def head_of(path: str | Path, size: int = 65536) -> bytes:
    """The first ``size`` bytes of a file, decompressed (archive submission lines can run to tens of KB)."""
    try:
        with open_binary(path) as f:
            return f.read(size)
    except (OSError, MissingDependencyError):
        return b""
    except Exception:  # a corrupt zstd frame: not a dump we can sniff
        return b""


def looks_like_dump(head: bytes) -> bool:
    """Whether the first line of ``head`` is a Reddit archive comment or submission."""
    first = head.lstrip().split(b"\n", 1)[0]
    if not first.startswith(b"{"):
        return False
    comment = b'"link_id"' in first and b'"parent_id"' in first and b'"body"' in first
    submission = b'"num_comments"' in first and b'"title"' in first and b'"subreddit"' in first
    return comment or submission


def classify(obj: Any) -> Record | str:
    """A parsed line as a ``Record``, or a message saying what was expected."""
    if not isinstance(obj, dict):
        return f"expected a JSON object, got {type(obj).__name__}"
    if "link_id" in obj and "parent_id" in obj:
        missing = [k for k in ("id", "body") if not isinstance(obj.get(k), str)]
        link = obj.get("link_id")
        if missing or not isinstance(link, str) or not link.startswith("t3_") or len(link) < 4:
            what = f"missing {', '.join(missing)}" if missing else f"link_id {link!r} is not t3_<id>"
            return f"comment {what}"
        data = {k: obj[k] for k in COMMENT_FIELDS if k in obj}
        return Record("comment", link[3:], data)
    if isinstance(obj.get("id"), str) and "title" in obj:
        data = {k: obj[k] for k in SUBMISSION_FIELDS if k in obj}
        return Record("submission", obj["id"], data)
    return "expected a comment (id, link_id, parent_id, body) or a submission (id, title)"


def read_records(path: str | Path, problems: list[Problem] | None = None) -> Iterator[Record]:
    """Stream the usable records of one dump; each malformed line is appended to ``problems``."""
    name = str(path)
    sink = problems if problems is not None else []
    number = 0
    with open_binary(path) as f:
        lines = iter(f)
        while True:
            try:
                line = next(lines)
            except StopIteration:
                return
            except Exception as e:  # a corrupt compressed stream: keep what was read, say where it broke
                sink.append(Problem(name, number + 1, f"cannot decompress past this point ({e})"))
                return
            number += 1
            record = _parse(line, name, number, sink)
            if record is not None:
                yield record


def _parse(line: bytes, name: str, number: int, sink: list[Problem]) -> Record | None:
    if not line.strip():
        return None
    try:
        parsed = json.loads(line)
    except (UnicodeDecodeError, ValueError) as e:
        cut = "" if line.endswith(b"\n") else "; the file ends inside this line (truncated?)"
        sink.append(Problem(name, number, f"not valid JSON ({e}){cut}"))
        return None
    record = classify(parsed)
    if isinstance(record, str):
        sink.append(Problem(name, number, record))
        return None
    return record


def _number(value: Any) -> float | None:
    # Old archives store created_utc as a string.
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _score(value: Any) -> int | None:
    number = _number(value)
    return None if number is None else int(number)


def _comment(data: dict[str, Any], parent_id: str | None, depth: int) -> Comment:
    f = Fields(data)
    body = f.text("body") or ""
    author = f.text("author")
    sub, link = f.text("subreddit"), (f.text("link_id") or "")[3:]
    permalink = f.text("permalink")
    if permalink:
        permalink = REDDIT + permalink if permalink.startswith("/") else permalink
    elif sub and link:
        permalink = f"{REDDIT}/r/{sub}/comments/{link}/_/{data['id']}/"
    return Comment(
        id=data["id"],
        parent_id=parent_id,
        author=None if author in GONE else author,
        text=body,
        score=_score(data.get("score")),
        time=_number(data.get("created_utc")),
        depth=depth,
        permalink=permalink,
        deleted=body == "[deleted]",
        removed=body == "[removed]",
        controversial=f.number("controversiality") == 1,
        extra={"distinguished": d} if (d := f.text("distinguished")) else {},
    )


def _tree_order(comments: list[dict[str, Any]]) -> list[Comment]:
    """Comments in depth-first pre-order; a reply whose parent is missing from the dump becomes top-level."""
    by_id = {c["id"]: c for c in comments}
    children: dict[str | None, list[dict[str, Any]]] = {}
    for c in comments:
        parent = str(c.get("parent_id") or "")
        key = parent[3:] if parent.startswith("t1_") and parent[3:] in by_id else None
        children.setdefault(key, []).append(c)
    for kids in children.values():
        kids.sort(key=lambda c: (_number(c.get("created_utc")) or 0.0, c["id"]))
    ordered: list[Comment] = []
    placed: set[str] = set()
    # An explicit stack, not recursion: real threads nest hundreds deep.
    roots = reversed(children.get(None, []))
    stack: list[tuple[dict[str, Any], str | None, int]] = [(c, None, 0) for c in roots]
    while stack:
        data, parent_id, depth = stack.pop()
        if data["id"] in placed:
            continue
        placed.add(data["id"])
        ordered.append(_comment(data, parent_id, depth))
        stack.extend((kid, data["id"], depth + 1) for kid in reversed(children.get(data["id"], [])))
    # Only a parent cycle (never in real data) leaves comments unplaced; keep them rather than drop them.
    ordered.extend(_comment(c, None, 0) for c in comments if c["id"] not in placed)
    return ordered


def build_thread(
    thread_id: str, submission: dict[str, Any] | None, comments: list[dict[str, Any]], origin: str = ""
) -> Thread:
    """A ``Thread`` from one thread's dump records (the submission may be missing from the dump)."""
    unique = list({c["id"]: c for c in comments}.values())  # archives sometimes repeat a comment
    thread = Thread(source="reddit", comments=_tree_order(unique), post_id=thread_id)
    thread.extra["dump"] = origin
    if submission is None:
        return thread
    post = Fields(submission)
    permalink = post.text("permalink")
    thread.url = REDDIT + permalink if permalink and permalink.startswith("/") else permalink
    thread.title = post.text("title")
    selftext = post.text("selftext")
    thread.post_text = selftext if selftext and selftext not in GONE else None
    author = post.text("author")
    thread.post_author = None if author in GONE else author
    link = post.text("url")
    if link and not post.flag("is_self") and not link.startswith((REDDIT, "/r/")):
        thread.article_url = link
    thread.declared_comments = post.integer("num_comments")
    return thread


def group_threads(records: Iterable[Record]) -> dict[str, tuple[dict[str, Any] | None, list[dict[str, Any]]]]:
    """Records grouped by thread id: (submission or None, comments)."""
    groups: dict[str, tuple[dict[str, Any] | None, list[dict[str, Any]]]] = {}
    for r in records:
        sub, comments = groups.get(r.thread_id, (None, []))
        if r.kind == "submission":
            sub = r.data
        else:
            comments.append(r.data)
        groups[r.thread_id] = (sub, comments)
    return groups


class DumpSource(Source):
    """One thread out of a small Reddit dump file; ``thread=<post id>`` picks one when it holds several."""

    name = "dump"
    options = frozenset({"thread"})

    @classmethod
    def matches_file(cls, path: Path, head: bytes) -> bool:
        # The caller decompresses gzip only; a .zst head is still compressed.
        return looks_like_dump(head_of(path) if head.startswith(ZSTD_MAGIC) else head)

    def load(self, location: str, **options: object) -> Thread:
        problems: list[Problem] = []
        try:
            groups = group_threads(read_records(location, problems))
        except OSError as e:
            raise InputError(location, f"cannot read dump: {e}") from e
        groups = {k: v for k, v in groups.items() if v[1]}
        if not groups:
            detail = f" ({problems[0]})" if problems else ""
            raise InputError(location, f"no Reddit comments found in this dump{detail}")
        wanted = options.get("thread")
        if wanted is not None:
            key = str(wanted).removeprefix("t3_")
            if key not in groups:
                found = _listing(groups)
                raise InputError(location, f"no comments for thread {key!r}; threads here: {found}")
        elif len(groups) == 1:
            key = next(iter(groups))
        else:
            raise UsageError(
                f"{location} holds {len(groups)} threads ({_listing(groups)}): "
                "pick one with thread=<id>, or digest them all with `threadline batch`"
            )
        thread = build_thread(key, *groups[key], origin=location)
        thread.extra["problems"] = [str(p) for p in problems]
        return thread


def _listing(groups: dict[str, Any], limit: int = 5) -> str:
    names = sorted(groups)
    return ", ".join(names[:limit]) + (", ..." if len(names) > limit else "")
