"""Small readers of the shared real threads for the analysis tests, independent of ``threadline.sources``.

The analysis steps are tested on their own: these build ``Thread`` and ``Corpus`` objects straight from the
raw files in ``../shared/data`` so a bug (or an absence) in a source module cannot hide or fake one here.
"""

from __future__ import annotations

import csv
import html
import json
import re
from pathlib import Path

from threadline.model import Comment, Corpus, Thread, Votes

_TAG = re.compile(r"<[^>]+>")


def _hn_text(raw: str | None) -> str:
    text = (raw or "").replace("<p>", "\n\n")
    return html.unescape(_TAG.sub("", text)).strip()


def reddit_thread(path: Path) -> Thread:
    """A Reddit ``.json`` response as a Thread (``more`` placeholders skipped)."""
    post_listing, comment_listing = json.loads(path.read_text())
    post = post_listing["data"]["children"][0]["data"]
    comments: list[Comment] = []
    stack = list(reversed(comment_listing["data"]["children"]))
    while stack:
        thing = stack.pop()
        if thing.get("kind") != "t1":
            continue
        d = thing["data"]
        parent = d["parent_id"]
        comments.append(
            Comment(
                id=d["id"],
                parent_id=None if parent.startswith("t3_") else parent.split("_", 1)[1],
                author=None if d.get("author") == "[deleted]" else d.get("author"),
                text=html.unescape(d.get("body") or ""),
                score=d.get("score"),
                time=d.get("created_utc"),
                depth=d.get("depth", 0),
                deleted=d.get("body") == "[deleted]",
                removed=d.get("body") == "[removed]",
                controversial=bool(d.get("controversiality")),
            )
        )
        replies = d.get("replies") or {}
        children = replies.get("data", {}).get("children", []) if isinstance(replies, dict) else []
        stack.extend(reversed(children))
    return Thread(
        source="reddit",
        comments=comments,
        title=post.get("title"),
        post_text=post.get("selftext") or None,
        post_id=post.get("id"),
    )


def hn_thread(path: Path) -> Thread:
    """An Algolia ``items/<id>`` response as a Thread."""
    root = json.loads(path.read_text())
    comments: list[Comment] = []
    stack = [(c, 0) for c in reversed(root.get("children", []))]
    while stack:
        item, depth = stack.pop()
        parent = str(item["parent_id"])
        comments.append(
            Comment(
                id=str(item["id"]),
                parent_id=None if parent == str(root["id"]) else parent,
                author=item.get("author"),
                text=_hn_text(item.get("text")),
                time=item.get("created_at_i"),
                depth=depth,
                deleted=item.get("text") is None,
            )
        )
        stack.extend((c, depth + 1) for c in reversed(item.get("children", [])))
    return Thread(source="hackernews", comments=comments, title=root.get("title"), post_id=str(root["id"]))


def polis_passes(folder: Path) -> dict[str, int]:
    """Pass votes per statement from votes.csv (each voter's last vote counts), empty when absent."""
    last: dict[tuple[str, str], str] = {}
    if (folder / "votes.csv").exists():
        with open(folder / "votes.csv", newline="", encoding="utf-8") as f:
            for row in sorted(csv.DictReader(f), key=lambda r: int(r["timestamp"])):
                last[row["comment-id"], row["voter-id"]] = row["vote"]
    passes: dict[str, int] = {}
    for (comment_id, _), vote in last.items():
        passes[comment_id] = passes.get(comment_id, 0) + (vote == "0")
    return passes


def polis_thread(folder: Path) -> Thread:
    """A Polis export's comments.csv (moderated-out statements dropped) with agree/disagree/pass counts."""
    passes = polis_passes(folder)
    comments = []
    with open(folder / "comments.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["moderated"] == "-1":
                continue
            comments.append(
                Comment(
                    id=row["comment-id"],
                    parent_id=None,
                    author=row["author-id"],
                    text=row["comment-body"],
                    time=int(row["timestamp"]) / 1000,
                    votes=Votes(int(row["agrees"]), int(row["disagrees"]), passes.get(row["comment-id"], 0)),
                )
            )
    return Thread(source="polis", comments=comments, title=folder.name)


def corpus_of(thread: Thread) -> Corpus:
    """Keep comments with text; drop quoted parent lines (``> ...``) from the analyzed text."""
    kept, texts = [], []
    excluded = {"deleted": 0, "removed": 0, "bot": 0, "duplicate": 0, "empty": 0}
    for c in thread.comments:
        if c.deleted or c.removed:
            excluded["deleted" if c.deleted else "removed"] += 1
            continue
        text = " ".join(ln for ln in c.text.splitlines() if not ln.lstrip().startswith(">")).strip()
        text = re.sub(r"\s+", " ", text)
        if not text:
            excluded["empty"] += 1
            continue
        kept.append(c)
        texts.append(text)
    return Corpus(thread=thread, comments=kept, texts=texts, excluded=excluded)


def tfidf_vectors(texts: list[str]):
    """L2-normalised TF-IDF rows: stand-in embeddings so these tests do not depend on the embedder."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    m = TfidfVectorizer(sublinear_tf=True).fit_transform(texts).toarray().astype(np.float32)
    return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-9)


def subtree_themes(corpus: Corpus, n: int = 5) -> list:
    """Stand-in themes built by hand: the ``n`` biggest top-level subtrees of the thread."""
    from threadline.model import Theme

    root_of: dict[str, str] = {}
    groups: dict[str, list[str]] = {}
    for c in corpus.comments:  # pre-order: a parent comes before its replies
        root_of[c.id] = root_of.get(c.parent_id or "", c.id) if c.parent_id else c.id
        groups.setdefault(root_of[c.id], []).append(c.id)
    biggest = sorted(groups.values(), key=len, reverse=True)[:n]
    return [
        Theme(
            id=f"t{k}",
            title=f"subtree {k}",
            key_point="",
            key_point_id=ids[0],
            comment_ids=ids,
            share=len(ids) / len(corpus.comments),
            commenter_share=0.0,
            score_share=None,
            quotes=[],
        )
        for k, ids in enumerate(biggest)
    ]
