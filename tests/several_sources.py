"""What a digest of several discussions must hold, whichever face made it (issue 15): the API, the web app
and batch mode each check their JSON with ``check_several``."""

from __future__ import annotations

import re
from typing import Any

from threadline.model import Thread
from threadline.write.phrasing import count


def all_ids(data: dict[str, Any]) -> set[str]:
    """Every comment id a ``threadline.digest/1`` document mentions, wherever it is."""
    ids: set[str] = set()
    for t in data["themes"]:
        ids |= {*t["comment_ids"], t["key_point_id"], *(q["comment_id"] for q in t["quotes"])}
        ids |= {cid for p in t["points"] for cid in [p["comment_id"], *p["comment_ids"]]}
        if t["counterpoint"]:
            ids.add(t["counterpoint"]["comment_id"])
    ids |= {cid for q in data["questions"] for cid in [*q["comment_ids"], *q["answer_ids"]]}
    ids |= {p["comment_id"] for p in [*data["consensus"], *data["divisive"]]}
    ids |= {cid for p in data["phrases"] for cid in p["comment_ids"]}
    ids |= {cid for tag in data["tone"]["tags"] for cid in tag["comment_ids"]}
    ids |= {cid for s in data["digest"]["sentences"] for cid in s["comment_ids"]}
    ids |= set(data["stances"]) | set(data["cited_comments"])
    return ids


def check_several(data: dict[str, Any], alone: dict[str, Thread], places: dict[str, str]) -> None:
    """``data``, a digest of the threads ``alone`` (label → the thread loaded by itself), holds: each source
    with its true counts, every id a real comment of its own source, quotes verbatim there, ``source_shares``
    on every theme, each place (label → "Hacker News", "r/AskReddit") named in the prose, its checks true."""
    assert [s["label"] for s in data["sources"]] == list(alone)
    for s in data["sources"]:
        thread = alone[s["label"]]
        assert (s["kind"], s["seen_comments"]) == (thread.source, thread.seen_comments)
        assert data["stats"]["by_source"][s["label"]]["comments"] == thread.seen_comments
    assert data["stats"]["comments"] == sum(t.seen_comments for t in alone.values())

    ids = all_ids(data)
    assert ids
    for cid in ids:
        label, bare = cid.split(":", 1)
        assert bare in alone[label].by_id, cid
    for cid, c in data["cited_comments"].items():
        label, bare = cid.split(":", 1)
        assert c["text"] == alone[label].by_id[bare].text, cid

    analyzed = {label: x["analyzed"] for label, x in data["stats"]["by_source"].items()}
    for t in data["themes"]:
        for q in [*t["quotes"], *t["points"]]:
            label, bare = q["comment_id"].split(":", 1)
            assert q["text"] in alone[label].by_id[bare].text, q
        assert set(t["source_shares"]) == set(alone)
        for label, share in t["source_shares"].items():
            mine = sum(1 for cid in t["comment_ids"] if cid.startswith(label + ":"))
            assert abs(share - mine / analyzed[label]) < 1e-9, (t["title"], label)

    prose = data["digest"]["markdown"]
    for label, place in places.items():  # each place named with its count ("335 comments on Hacker News")
        said = re.escape(count(analyzed[label]))  # as the writer says it: "ten", "335", "1,204"
        assert re.search(rf"\b{said} (comments )?(on|in) {re.escape(place)}\b", prose), place
    checks = data["checks"]
    assert checks["ok"] and checks["quotes_verbatim"] and checks["numbers_traceable"], checks["problems"]
