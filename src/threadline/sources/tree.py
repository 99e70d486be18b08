"""Put comments in tree order: depth-first, each after its parent, depths computed, without recursion.

Every source ends here, so every ``Thread`` has the same guarantees: ``comments`` in pre-order, siblings in
the order the source gave them, ``depth`` 0 for top-level; a comment whose parent is missing (or that sits in
a parent cycle) becomes top-level, is logged, and is never dropped.
"""

from __future__ import annotations

import logging

from ..model import Comment

__all__ = ["tree_order"]

log = logging.getLogger(__name__)


def tree_order(comments: list[Comment], where: str = "thread") -> list[Comment]:
    """Return ``comments`` in depth-first order, fixing ``parent_id`` of orphans and setting ``depth``."""
    ids = {c.id for c in comments}
    orphans = [
        c for c in comments if c.parent_id is not None and (c.parent_id not in ids or c.parent_id == c.id)
    ]
    if orphans:
        sample = ", ".join(repr(c.parent_id) for c in orphans[:3])
        log.info(
            "%s: %d comment(s) reply to a parent that is not in the thread (e.g. %s); shown as top-level",
            where,
            len(orphans),
            sample,
        )
        for c in orphans:
            c.extra.setdefault("missing_parent", c.parent_id)
            c.parent_id = None
    children: dict[str | None, list[Comment]] = {}
    for c in comments:
        children.setdefault(c.parent_id, []).append(c)
    ordered: list[Comment] = []
    seen: set[int] = set()
    _walk(children, children.get(None, []), 0, ordered, seen)
    if len(ordered) < len(comments):
        # Whatever is left hangs off a parent cycle; cut each cycle at its first comment in input order.
        stuck = [c for c in comments if id(c) not in seen]
        log.info("%s: %d comment(s) form a reply cycle; cycles cut and shown as top-level", where, len(stuck))
        for c in stuck:
            if id(c) in seen:
                continue
            c.extra.setdefault("missing_parent", c.parent_id)
            c.parent_id = None
            _walk(children, [c], 0, ordered, seen)
    return ordered


def _walk(
    children: dict[str | None, list[Comment]],
    roots: list[Comment],
    depth: int,
    ordered: list[Comment],
    seen: set[int],
) -> None:
    stack: list[tuple[Comment, int]] = [(c, depth) for c in reversed(roots)]
    while stack:
        comment, d = stack.pop()
        if id(comment) in seen:
            continue
        seen.add(id(comment))
        comment.depth = d
        ordered.append(comment)
        stack.extend((child, d + 1) for child in reversed(children.get(comment.id, [])))
