"""Consensus and division, and each theme's strongest counterpoint.

With votes (Polis), as the Polis report ranks them. Where the votes come split by opinion group
(``participants-votes.csv``, column ``group-id``), consensus is group-informed: a statement's agreement in a
group is ``(agrees in the group + 1) / (votes in the group + 2)``, and its consensus the product of that over
every group, so it ranks high only when every group agrees; division is the largest gap between two groups'
agreement. Without groups, the whole room is one: agreement is ``(agree + 1) / (seen + 2)`` over everyone
who voted, and a divisive statement has agree and disagree votes in balance, ranked by the size of its
smaller side. Either way a statement counts only past a minimum of votes and when it states a view (not who
a participant is: "I voted to Leave"), and each ``Position`` says which
``measure`` it rests on ("groups" or "room") and its ``score`` by it.

Without votes, from reply stance: replies that agree or disagree with a comment, rebuttal chains under it,
and (for division) Reddit's ``controversial`` flag; a well-scored comment nobody pushed back on stands for
consensus when replies say too little. Every ``Position`` says which signal it rests on: "votes",
"replies" or "score".
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

from ..model import Comment, Corpus, Position, Quote, Reception, Stance, Theme, Thread, group_agreement
from ..text import describes_self, speaks_for_others
from .stance import disagreement

MIN_VOTES = 7  # below this a share of votes says little (Polis shows a statement's votes from a handful)
MIN_CLARITY = 1  # a counterpoint's disagreement must show in its own words (see ``stance.disagreement``)
MIN_MINORITY = 0.3  # divisive: the smaller side has at least this share of agree+disagree votes
# Divisive across groups: the two groups' agreement differs by at least this much (a third of the scale)...
MIN_GAP = 0.3
# ...each of the two groups having cast at least this many votes on it, so one voter is no group's view
MIN_GROUP_VOTES = 5


def _has_votes(corpus: Corpus) -> bool:
    return any(c.votes is not None and c.votes.total > 0 for c in corpus.comments)


def group_consensus(groups: dict[str, dict[str, int]], names: list[str]) -> float:
    """The product over every group of its agreement (a group that never voted on it counts 1/2)."""
    return math.prod(group_agreement(groups.get(g, {})) for g in names)


def group_division(groups: dict[str, dict[str, int]]) -> float:
    """The largest gap between two groups' agreement, among groups with ``MIN_GROUP_VOTES`` votes on it."""
    voted = [group_agreement(v) for v in groups.values() if sum(v.values()) >= MIN_GROUP_VOTES]
    return max(voted) - min(voted) if len(voted) >= 2 else 0.0


def _group_names(corpus: Corpus) -> list[str]:
    names = {g for c in corpus.comments for g in c.extra.get("group_votes", {})}
    return sorted(names, key=lambda g: (len(g), g))


def _rated(corpus: Corpus) -> list[Comment]:
    """The statements whose votes say something: enough of them, and a view to agree with. A statement
    saying who a participant is ("I am in my forties or fifties") splits the room by who is in it, not by
    what they think: it is neither agreement nor division."""
    return [
        c
        for c in corpus.comments
        if c.votes is not None
        and c.votes.total >= MIN_VOTES
        and speaks_for_others(c)
        and not describes_self(c.text)
    ]


def _from_group_votes(corpus: Corpus, names: list[str], limit: int) -> tuple[list[Position], list[Position]]:
    rated = _rated(corpus)
    groups = {c.id: c.extra.get("group_votes", {}) for c in rated}
    consensus_of = {c.id: group_consensus(groups[c.id], names) for c in rated}
    division_of = {c.id: group_division(groups[c.id]) for c in rated}
    consensus = sorted(
        (c for c in rated if c.votes.agree > c.votes.disagree),  # type: ignore[union-attr]
        key=lambda c: (-consensus_of[c.id], -c.votes.total, c.id),  # type: ignore[union-attr]
    )
    divisive = sorted(
        (c for c in rated if division_of[c.id] >= MIN_GAP),
        key=lambda c: (-division_of[c.id], -c.votes.total, c.id),  # type: ignore[union-attr]
    )

    def positions(comments: list[Comment], score: dict[str, float]) -> list[Position]:
        out = _positions(comments, "votes")
        for p in out:
            p.measure, p.score = "groups", score[p.comment_id]
            p.groups = {g: dict(groups[p.comment_id][g]) for g in names if g in groups[p.comment_id]}
        return out

    return positions(consensus[:limit], consensus_of), positions(divisive[:limit], division_of)


def _from_votes(corpus: Corpus, limit: int) -> tuple[list[Position], list[Position]]:
    names = _group_names(corpus)
    if len(names) >= 2:
        return _from_group_votes(corpus, names, limit)
    rated = _rated(corpus)
    agreement = {c.id: (c.votes.agree + 1) / (c.votes.total + 2) for c in rated}  # type: ignore[union-attr]
    consensus = sorted(
        (c for c in rated if c.votes.agree > c.votes.disagree),  # type: ignore[union-attr]
        key=lambda c: (-agreement[c.id], -c.votes.total, c.id),  # type: ignore[union-attr]
    )
    divisive = []
    for c in rated:
        a, d = c.votes.agree, c.votes.disagree  # type: ignore[union-attr]
        if a and d and min(a, d) / (a + d) >= MIN_MINORITY:
            divisive.append(c)
    divisive.sort(key=lambda c: (-min(c.votes.agree, c.votes.disagree), -c.votes.total, c.id))  # type: ignore[union-attr]
    cons, div = _positions(consensus[:limit], "votes"), _positions(divisive[:limit], "votes")
    for p in cons:
        p.measure, p.score = "room", agreement[p.comment_id]
    for p in div:
        p.measure, p.score = "room", min(p.agree, p.disagree) / (p.agree + p.disagree)
    return cons, div


def _positions(comments: list[Comment], signal: str, counts: dict | None = None) -> list[Position]:
    out = []
    for c in comments:
        if counts is not None:
            agree, disagree = counts[c.id]["agree"], counts[c.id]["disagree"]
        else:
            agree, disagree = c.votes.agree, c.votes.disagree  # type: ignore[union-attr]
        out.append(Position(comment_id=c.id, text=c.text, agree=agree, disagree=disagree, signal=signal))
    return out


def reply_counts(corpus: Corpus, stances: dict[str, Stance]) -> dict[str, Counter]:
    """For each comment: how many direct replies agree, disagree or are neutral toward it."""
    by_id = corpus.thread.by_id
    counts: dict[str, Counter] = defaultdict(Counter)
    for reply_id, stance in stances.items():
        parent = by_id[reply_id].parent_id if reply_id in by_id else None
        if parent:
            counts[parent][stance] += 1
    return counts


def rebuttal_depth(corpus: Corpus, stances: dict[str, Stance]) -> dict[str, int]:
    """For each comment: the longest chain of disagreeing replies under it (one pass, no recursion)."""
    depth: dict[str, int] = defaultdict(int)
    for c in reversed(corpus.comments):  # children come after parents in pre-order
        if c.parent_id and stances.get(c.id) == "disagree":
            depth[c.parent_id] = max(depth[c.parent_id], 1 + depth[c.id])
    return depth


SUBSTANTIVE_WORDS = 4  # a disagreeing reply shorter than this ("lol no") is a jab, not a position


def _dissenters(corpus: Corpus, stances: dict[str, Stance]) -> dict[str, set[str]]:
    """For each comment: the distinct people (other than its author) who disagreed with it in substance."""
    by_id = corpus.thread.by_id
    people: dict[str, set[str]] = defaultdict(set)
    for c in corpus.comments:
        parent = by_id.get(c.parent_id or "")
        if parent is None or stances.get(c.id) != "disagree" or len(c.text.split()) < SUBSTANTIVE_WORDS:
            continue
        who = c.voice  # a reply without a known author is a voice of its own
        if who != parent.author:
            people[parent.id].add(who)
    return people


def _from_replies(corpus: Corpus, stances: dict[str, Stance], limit: int):
    counts = reply_counts(corpus, stances)
    chains = rebuttal_depth(corpus, stances)
    dissent = _dissenters(corpus, stances)
    # a comment voted down or addressed to a model holds no position people share or fight over
    comments = [c for c in corpus.comments if speaks_for_others(c)]
    # "well-scored" means standing out: a fifth of the thread's best score, and at least 3
    bar = max(3, 0.2 * max((c.score or 0 for c in comments), default=0))

    def support(c: Comment) -> float:
        n = counts[c.id]
        return n["agree"] - 2 * n["disagree"] + 0.1 * math.log1p(max(c.score or 0, 0))

    agreed = [c for c in comments if counts[c.id]["agree"] >= 2 and counts[c.id]["disagree"] == 0]
    consensus = _positions(sorted(agreed, key=lambda c: (-support(c), c.id))[:limit], "replies", counts)
    if len(consensus) < limit:  # well-scored comments nobody pushed back on
        taken = {p.comment_id for p in consensus}
        scored = [
            c
            for c in comments
            if (c.score or 0) >= bar
            and c.id not in taken
            and not counts[c.id]["disagree"]
            and not c.controversial
        ]
        scored.sort(key=lambda c: (-(c.score or 0), c.id))
        consensus += _positions(scored[: limit - len(consensus)], "score", counts)

    def split(c: Comment) -> float:
        n = counts[c.id]
        return min(n["agree"], n["disagree"]) + 0.5 * len(dissent[c.id]) + 0.5 * max(chains[c.id] - 1, 0)

    # division takes two sides: several people disagreeing in substance, and support (replies or score)
    contested = [
        c for c in comments if len(dissent[c.id]) >= 2 and (counts[c.id]["agree"] or (c.score or 0) >= bar)
    ]
    divisive = _positions(sorted(contested, key=lambda c: (-split(c), c.id))[:limit], "replies", counts)
    if len(divisive) < limit:  # Reddit's own flag: many up and down votes
        taken = {p.comment_id for p in divisive}
        flagged = [c for c in comments if c.controversial and c.id not in taken]
        flagged.sort(key=lambda c: (-sum(counts[c.id].values()), c.id))
        divisive += _positions(flagged[: limit - len(divisive)], "score", counts)
    return consensus, divisive


def find_consensus(
    corpus: Corpus, themes: list[Theme], stances: dict[str, Stance], *, limit: int = 6
) -> tuple[list[Position], list[Position]]:
    """(consensus, divisive) positions; also sets each theme's ``stance`` counts and ``counterpoint``."""
    _theme_stances(corpus, themes, stances)
    if _has_votes(corpus):
        return _from_votes(corpus, limit)
    return _from_replies(corpus, stances, limit)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def quote_of(comment: Comment, max_chars: int = 280) -> str:
    """The opening of a comment, whole sentences up to ``max_chars``, verbatim from its text."""
    for line in comment.text.splitlines():
        line = line.strip()
        if not line or line.startswith((">", "&gt;")):
            continue
        if len(line) <= max_chars:
            return line
        ends = [m.start() for m in _SENTENCE_END.finditer(line) if m.start() <= max_chars]
        return line[: ends[-1]] if ends else line[:max_chars].rsplit(" ", 1)[0]
    return comment.text.strip()[:max_chars]


def _theme_stances(corpus: Corpus, themes: list[Theme], stances: dict[str, Stance]) -> None:
    """Per theme: agree/disagree/neutral reply counts inside it, and the strongest pushback on it.

    ``theme.stance`` also counts ``challenges`` (disagreeing replies to the theme's comments) and how many
    of those went ``unanswered``.
    """
    by_id = corpus.thread.by_id
    replied_to = {c.parent_id for c in corpus.comments if c.parent_id}
    challenges_to: dict[str, list[str]] = defaultdict(list)  # comment id -> disagreeing replies to it
    for cid, stance in stances.items():
        if stance == "disagree" and cid in by_id and by_id[cid].parent_id:
            challenges_to[by_id[cid].parent_id or ""].append(cid)

    def strength(cid: str) -> tuple:
        """How clearly, how well received and how fully a reply pushes back (higher first)."""
        c, parent = by_id[cid], by_id[by_id[cid].parent_id or ""]
        clarity = disagreement(parent.text, c.text)
        return (clarity, math.log1p(max(c.score or 0, 0)) + min(len(c.text.split()), 60) / 30, cid)

    home = {cid: t.id for t in themes if not t.other for cid in t.comment_ids}
    for theme in themes:
        tally: Counter = Counter(stances[c] for c in theme.comment_ids if c in stances)
        challenges = [r for c in theme.comment_ids for r in challenges_to.get(c, ())]
        theme.stance = {
            "agree": tally["agree"],
            "disagree": tally["disagree"],
            "neutral": tally["neutral"],
            "challenges": len(challenges),
            "unanswered": sum(c not in replied_to for c in challenges),
        }
        # a counterpoint argues: it answers a statement (not a question), in its own words (not just by
        # continuing a chain), says more than a quip; neither it nor what it answers is a voted-down or
        # model-addressed comment (the exchange is quoted whole, and a troll's line voices no one)
        arguments = [
            c
            for c in challenges
            if len(by_id[c].text) >= 60
            and speaks_for_others(by_id[c])
            and speaks_for_others(by_id[by_id[c].parent_id or ""])
            and not by_id[by_id[c].parent_id or ""].text.rstrip().endswith("?")
            and disagreement(by_id[by_id[c].parent_id or ""].text, by_id[c].text) >= MIN_CLARITY
            and home.get(c, theme.id)
            == theme.id  # a reply that is itself about another theme argues that one
        ]
        best = by_id[max(arguments, key=strength)] if arguments else None
        theme.counterpoint = Quote(comment_id=best.id, text=quote_of(best)) if best else None


_WELCOME = re.compile(
    r"\b(great|good|awesome|cool|nice|brilliant|excellent|incredible|fantastic|amazing|neat|useful)\s+"
    r"(idea|feature|addition|change|job|work|stuff)\b|\bi (approve|like|love) (this|it|the)\b|^i approve\b|"
    r"\b(love|like) (this|the) (idea|feature)|^(this|that) (looks|is|sounds) (awesome|great|amazing|"
    r"fantastic|brilliant|excellent|incredible|useful|cool|neat)\b",
    re.IGNORECASE,
)
_NOT_PLAIN = re.compile(
    r"\b(not|never|no|won't|isn't|aren't|can't|cannot|don't|doesn't|lol|lmao|haha\w*|inb4|surely|/s)\b|n't\b",
    re.IGNORECASE,
)
_QUOTE_LINE = re.compile(r"^\s*(>|&gt;)", re.M)
_SUBJECT_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{3,}")
SUBJECT_MAX_SHARE = (
    0.25  # a title word in more comments than this is the site's name or filler, not a subject
)
CLEAR_FOR, CLEAR_AGAINST = 0.5, -0.3  # sentiment a top-level comment needs to count as a side without words


def _stem(word: str) -> str:
    word = word.lower().strip("'-")
    return word[:-1] if word.endswith("s") and len(word) > 4 else word


def reception(thread: Thread) -> Reception | None:
    """How the post itself is received: top-level comments on its subject that welcome or reject it.

    The signal is each top-level comment's stance toward the post (explicit words, as in reply stance) or,
    failing words, clear sentiment; each side is ordered by score. The subject is the title's words that
    comments use but that are not in every comment (the site's own name). None without a titled post, and
    None where the comments are statements people vote on (Polis): those are proposals put to the room, not
    answers to the post, so their warmth says nothing of how the post is received.
    """
    from .stance import CHALLENGE, evidence
    from .tone import vader_compound

    title = thread.title or ""
    if any(c.votes for c in thread.comments):
        return None
    # a post that says something of its own (an announcement, an Ask or Show post) can be welcomed or
    # rejected; under a link to news, warm or bitter words are about the news, so only clear words count
    own_post = bool((thread.post_text or "").strip()) and not thread.article_url and thread.article is None
    top = [
        c
        for c in thread.comments
        if not c.parent_id and len(c.text.split()) >= SUBSTANTIVE_WORDS and speaks_for_others(c)
    ]
    if not title or len(top) < 10:
        return None
    stems = {_stem(w) for w in _SUBJECT_WORD.findall(title)}
    used = Counter(s for c in thread.comments for s in {_stem(w) for w in _SUBJECT_WORD.findall(c.text)})
    subject = {s for s in stems if 2 <= used[s] <= SUBJECT_MAX_SHARE * len(thread.comments)}
    post = " ".join(x for x in (title, thread.post_text) if x)
    sides: dict[str, list[Comment]] = {"for": [], "against": []}
    for c in top:
        # against: clear words or a challenge; a top-level "And…" or "Totally…" is no agreement, so "for"
        # rests on a plainly warm opening (no negation, no laugh, no irony marker) on the post's subject
        stance, strength = evidence(post, c.text)
        stance = "disagree" if stance == "disagree" and strength >= CHALLENGE else "neutral"
        on_subject = bool(subject & {_stem(w) for w in _SUBJECT_WORD.findall(c.text)})
        opening = _SENTENCE_END.split(quote_of(c), maxsplit=1)[0]
        # sentiment stands in for words only on the subject, and not where a comment quotes part of the post
        quotes_post = bool(_QUOTE_LINE.search(c.text))
        if stance == "neutral" and _WELCOME.search(opening) and not _NOT_PLAIN.search(opening):
            stance = "agree"
        elif stance == "neutral" and own_post and on_subject and not quotes_post and "?" not in opening:
            compound = vader_compound(opening)  # the opening takes the side; later praise is often ironic
            warm = compound >= CLEAR_FOR and not _NOT_PLAIN.search(opening)
            stance = "agree" if warm else "disagree" if compound <= CLEAR_AGAINST else "neutral"
        if stance != "neutral":
            sides["for" if stance == "agree" else "against"].append(c)
    ranked = {
        side: [c.id for c in sorted(cs, key=lambda c: (-(c.score or 0), c.id))] for side, cs in sides.items()
    }
    return Reception(welcoming=ranked["for"], objecting=ranked["against"], subject=sorted(subject))
