"""Every comment id a digest's JSON mentions, for tests that check each one resolves to a real comment."""

from __future__ import annotations


def all_ids(data: dict) -> set[str]:
    """Every comment id the JSON mentions, wherever it is."""
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
