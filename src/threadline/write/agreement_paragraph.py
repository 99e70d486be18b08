"""The post's paragraph on where people agree and where they split — the post's own reception, the broadest
agreement and the sharpest division, each saying which signal (votes, replies, scores) it rests on — and the
phrases that keep coming back.

When replies count as split is decided here once: the theme paragraphs, the closing paragraph and the
report read it from here.
"""

from __future__ import annotations

from ..model import POINT_WORDS, Position, group_agreement
from ..text import describes_self
from .compose import Context, Items, ends, listed
from .facts import split_reception
from .phrasing import count, plural
from .quoting import escape_md

__all__ = [
    "agreement_sentences",
    "phrase_sentences",
    "group_leanings",
    "is_split",
    "replies_split",
    "MIN_REPLIES",
    "MIN_SPLIT_REPLIES",
    "RECEPTION_CITED",
]

MIN_REPLIES = 3  # fewer replies than this say nothing about agreement, whatever their stance
# Replies split when the smaller side is at least a quarter of those taking a side, so a split takes four
# replies at the least; twelve to two is not a split, whatever a ranking says.
MIN_MINORITY = 0.25
MIN_SPLIT_REPLIES = MIN_REPLIES + 1
POSITIONS_SAID = 2  # the broadest agreement and the sharpest division: the first two of each
POSITION_QUOTE_WORDS = 30  # a statement agreed or fought over is quoted up to a sentence or two
# A group is told apart by a statement of who its members are when it agrees with it, on at least this many
# votes, by at least this much more than any other group in agreement ((agree + 1) / (votes + 2)): half the
# gap that makes a division of opinion, since who people are differs less sharply than what they think
# (ScoopNZ tax: a group owning property 32 to five against 155 to 84 elsewhere, 0.16; Brexit's two groups
# both voted Remain, 0.09).
PROFILE_GROUP_VOTES = 5
PROFILE_GAP = 0.15
VOICE_CANDIDATES = 5  # each side of the post's reception is voiced by one of its best-received comments
VOICE_WORDS = 24  # ... quoted as a single line
RECEPTION_CITED = 2  # the split over the post cites this many comments from each side
PHRASES_SAID = 4  # the phrases that stuck, most used first
MIN_PHRASE_USERS = 2  # a phrase one person (or one comment) uses has not stuck

_CONSENSUS = {
    "votes-groups": [
        "Across the {k} opinion groups, the broadest agreement is on {q}: {lean}.",
        "Agreement across the groups is nearly as broad on {q}: {lean}.",
    ],
    "votes-room": [
        "Counting the whole room's votes as one (this export has no opinion groups), the broadest agreement "
        "is on {q}: {a} of {n} who voted either way agree.",
        "The room's votes also back {q}, with {a} in favour and {d} against.",
    ],
    "votes": [
        "Judging by the votes, the broadest agreement is on {q}: {a} of {n} who voted either way agree.",
        "The votes also back {q}, with {a} in favour and {d} against.",
    ],
    "replies": [
        "Judging by the replies, {q} finds support: {ra}, {rd}.",
        "Replies also line up behind {q} ({ra}, {rd}).",
    ],
    "score": [
        # a score is applause, for a point or a punchline alike: it is not called agreement with a point
        "Among the comments readers upvoted most is {q}",
        "Also high in the scores: {q}",
    ],
    # a top-scored joke is applause for the joke, not agreement with a point
    "score-joke": [
        "The thread's most upvoted joke: {q}",
        "Another joke scores just as well: {q}",
    ],
}
# the analysis' humour tones, and the names analyses made before them gave theirs
_JOKE_TONES = {"dark_humour", "dark_humor", "sarcasm", "mockery", "humour", "humor", "joke", "jokes"}
_DIVISIVE = {
    "votes-groups": [
        "The opinion groups part ways most over {q}: {lean}.",
        "They differ on {q} as well: {lean}.",
    ],
    "votes-room": [
        "Counting the whole room, the sharpest split in the votes is over {q}, with {a} agreeing and {d} "
        "disagreeing.",
        "The room is divided on {q} as well: {a} agree, {d} disagree.",
    ],
    "votes": [
        "The sharpest split in the votes is over {q}, with {a} agreeing and {d} disagreeing.",
        "Voters are divided on {q} as well: {a} agree, {d} disagree.",
    ],
    "replies": [
        "Where it splits, judging by the replies: {q} draws {rd} and {ra}.",
        "Replies fight over {q} too ({rd}, {ra}).",
    ],
    "score": [
        "The scores mark {q} as contested, voted both up and down.",
        "Scores are split on {q} as well.",
    ],
}


def replies_split(agree: int, disagree: int) -> bool:
    """Whether replies taking a side are split: enough of them, the smaller side a real share."""
    total = agree + disagree
    return total >= MIN_SPLIT_REPLIES and min(agree, disagree) / total >= MIN_MINORITY


def is_split(p: Position) -> bool:
    """Whether a divisive position divides: by votes as the analysis ranked it, by replies if balanced."""
    if p.signal != "replies":
        return p.signal == "votes"
    return replies_split(p.agree, p.disagree)


def _replies(n: int, kind: str) -> str:
    return f"no {kind} replies" if n == 0 else plural(n, f"{kind} reply", f"{kind} replies")


def reception_sentences(ctx: Context) -> Items:
    """The post's own reception when top-level comments take both sides: the split, and a voice for each."""
    rec = split_reception(ctx.analysis)
    if rec is None:
        return []
    pro, con = rec.welcoming, rec.objecting
    items: Items = [
        (
            f"The post itself splits opinion: among the top-level comments that take a side on it, "
            f"{count(len(pro))} welcome it and {count(len(con))} object.",
            [*pro[:RECEPTION_CITED], *con[:RECEPTION_CITED]],
        )
    ]
    voices = []
    for ids in (pro, con):
        voice = next(
            (
                (q, cid)
                for cid in ids[:VOICE_CANDIDATES]
                if cid not in ctx.quoted and (q := ctx.quote_of(cid, max_words=VOICE_WORDS))
            ),
            None,
        )
        if voice:
            ctx.quoted.add(voice[1])
            voices.append(voice)
    if len(voices) == 2:
        (qp, ip), (qc, ic) = voices
        items.append(
            (ends(f"The best-received welcome is {qp}; the best-received objection, {qc}"), [ip, ic])
        )
    return items


def _is_joke(ctx: Context, cid: str) -> bool:
    """Whether the tone analysis tagged the comment as humour or sarcasm."""
    tone = ctx.analysis.tone
    return any(x.name in _JOKE_TONES and cid in x.comment_ids for x in (tone.tags if tone else []))


def agreement_sentences(ctx: Context) -> Items:
    """Where people agree and where they split, saying which signal (votes, replies, scores) each rests on."""
    items: Items = reception_sentences(ctx)
    a = ctx.analysis
    for kind, positions in (("cons", a.consensus[:POSITIONS_SAID]), ("div", a.divisive[:POSITIONS_SAID])):
        table = _CONSENSUS if kind == "cons" else _DIVISIVE
        used: dict[str, int] = {}
        for p in positions:
            q = ctx.quote_of(p.comment_id, p.text, max_words=POSITION_QUOTE_WORDS)
            signal = p.signal + ("-joke" if p.signal == "score" and _is_joke(ctx, p.comment_id) else "")
            if p.signal == "votes" and p.measure:
                signal = f"votes-{p.measure}"  # across opinion groups, or the whole room as one
            options = table.get(signal) or table.get(p.signal)
            if not q or not options or (p.signal == "replies" and p.agree + p.disagree < MIN_REPLIES):
                continue
            if kind == "div" and p.signal == "replies" and not is_split(p):
                continue  # twelve replies to two is not a split, whatever the ranking says
            k = used.get(signal, 0)  # the first claim on a signal introduces it, the second adds to it
            used[signal] = k + 1
            line = options[min(k, len(options) - 1)].format(
                q=q,
                a=count(p.agree),
                d=count(p.disagree),
                n=count(p.agree + p.disagree),
                ra=_replies(p.agree, "agreeing"),
                rd=_replies(p.disagree, "disagreeing"),
                k=count(len(p.groups)),
                lean=group_leanings(p),
            )
            items.append((ends(line), [p.comment_id]))
    return items + group_profile_sentences(ctx)


def group_profile_sentences(ctx: Context) -> Items:
    """Who is in each opinion group, where statements say who participants are: for each group, the one its
    members agree with most beyond the other groups ("group A agrees more than the others with “I own
    property” (32 to five)"), as Polis's report shows what sets a group apart. Only a group that agrees with
    it, on enough votes; only statements the digest counts (none a moderator removed)."""
    if not any(p.measure == "groups" for p in ctx.analysis.consensus + ctx.analysis.divisive):
        return []
    profiles = [
        c
        for c in ctx.thread.comments
        if c.extra.get("group_votes")
        and describes_self(c.text)
        and not (c.removed or c.deleted or c.duplicate)
    ]
    names = sorted({g for c in profiles for g in c.extra["group_votes"]}, key=lambda g: (len(g), g))
    said: list[tuple[str, str]] = []
    for g in names:
        apart = [(_set_apart(c.extra["group_votes"], g), c) for c in profiles]
        gap, c = max(apart, key=lambda x: x[0], default=(0.0, None))
        q = ctx.quote_of(c.id, max_words=POINT_WORDS) if c is not None and gap >= PROFILE_GAP else None
        if c is not None and q:
            mine = c.extra["group_votes"][g]
            verb = "agrees more than the others with" if not said else "with"
            said.append((f"{group_name(g)} {verb} {q} ({_group_votes(mine)})", c.id))
    if not said:
        return []
    text = "Of the statements that say who took part, " + "; ".join(x for x, _ in said) + "."
    return [(text, [cid for _, cid in said])]


def _set_apart(votes: dict[str, dict[str, int]], group: str) -> float:
    """How much more group ``group`` agrees with a statement than any other group (0 where it does not
    agree with it, or too few of either voted)."""
    mine = votes.get(group, {})
    if sum(mine.values()) < PROFILE_GROUP_VOTES or mine.get("agree", 0) <= mine.get("disagree", 0):
        return 0.0
    others = [
        group_agreement(v) for h, v in votes.items() if h != group and sum(v.values()) >= PROFILE_GROUP_VOTES
    ]
    return group_agreement(mine) - max(others) if others else 0.0


def _group_votes(votes: dict[str, int]) -> str:
    return f"{count(votes.get('agree', 0))} to {count(votes.get('disagree', 0))}"


def group_name(group_id: str) -> str:
    """Polis names its opinion groups A, B, C… in the order of their ids (0, 1, 2…)."""
    return f"group {chr(ord('A') + int(group_id))}" if group_id.isdigit() and int(group_id) < 26 else group_id


def _group_lean(votes: dict[str, int]) -> str:
    a, d = votes.get("agree", 0), votes.get("disagree", 0)
    verb = "agrees" if a > d else "disagrees" if d > a else "is split"
    return f"{verb} ({_group_votes(votes)})" if verb != "is split" else f"is split ({count(a)} each way)"


def group_leanings(p: Position) -> str:
    """Which way each opinion group leans on a statement: "group A agrees (85 to 1), group B disagrees…"."""
    return listed([f"{group_name(g)} {_group_lean(v)}" for g, v in p.groups.items()]) if p.groups else ""


def phrase_sentences(ctx: Context) -> Items:
    """The phrases several people use, each with how many use it, in one sentence."""
    found = []
    for ph in ctx.analysis.phrases:
        # counted in people where every author is known, else in comments: a phrase's comments may all
        # have unknown authors, and "at least one person" says less than "three comments"
        people = ph.commenters if ctx.analysis.stats.authors_known == "all" else None
        n, noun = (people, ctx.nouns[2]) if people else (len(ph.comment_ids), ctx.nouns[0] + "s")
        if n < MIN_PHRASE_USERS:
            continue
        written = ctx.phrase_as_written(ph.text, ph.comment_ids)
        if written:
            found.append((f"“{escape_md(written[0])}” ({count(n)} {noun})", written[1]))
        if len(found) == PHRASES_SAID:
            break
    if not found:
        return []
    said = listed([x for x, _ in found])
    # one comment per phrase first, so that the citation limit never drops a phrase's only witness
    ids = [ids[0] for _, ids in found] + [cid for _, ids in found for cid in ids[1:2]]
    return [(f"A few phrases keep coming back: {said}.", ids)]
