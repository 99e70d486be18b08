"""Tone: sentiment per comment (VADER, corrected) and the named tones a reader would use, with evidence.

Named tones come from the learned emotions (``emotions``: GoEmotions' 27 emotions, scored once per
comment), read together with two kinds of evidence the classifier cannot see:

- **cues** kept here, readable on purpose: sarcasm markers ("/s", "oh great", an eye-roll), cynical
  stock phrases ("nothing will change", "follow the money"), and the old cue lists for anger, worry and
  grief;
- **replies**: a joke is known by the laughter it draws. GoEmotions labels what the *writer* feels, so a
  deadpan joke reads neutral while the "lol" under it reads amused: a direct reply that laughs (amused,
  or "lol", "haha", "😂", "this is gold") marks its parent as a joke;
- **jokes** read by a model of their own (``jokes``: a comment's sentence vector and emotions, trained on
  comments labelled joke or not), which sees some deadpan jokes that draw no laughter.

Each tone is one of ``TONES``, named in the reader's words; a comment shows it when one of the tone's
emotions reaches its threshold (the classifier's own per-label thresholds: on GoEmotions dev, never
trained on, scaling them changes no tone's F1 by more than 0.01 between 0.8 and 1.1, so they stand as
they are), or when its cues or replies show it. Humour is "dark humour" when the joke is about a grim
subject: the joke, the comment it answers or the thread's own title and article use a word of ``_GRIM``
(deaths, war, disaster).

Tones are ranked by ``salience``: the share of comments showing a tone, weighted by ``SALIENCE``, because a
reader does not weigh all tones alike (see there). Every tag is reported only with the comments that show
it, strongest examples first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..model import Comment, Corpus, Stance, Theme, Tone, ToneTag
from ..text import speaks_for_others
from .emotions import LABELS, EmotionScores

__all__ = [
    "TONES",
    "Reading",
    "ToneKind",
    "analyze_tone",
    "comment_tones",
    "cue_tones",
    "is_sarcastic",
    "laughs",
    "read_tones",
    "vader_compound",
]

# Words VADER has no entry for, scored on its -4..4 scale.
_LEXICON_SUPPLEMENT = {
    "disgraceful": -2.6,
    "disgrace": -2.4,
    "scum": -2.6,
    "corrupt": -2.3,
    "despicable": -2.8,
    "atrocious": -2.8,
    "deplorable": -2.4,
    "clowns": -1.5,
    "grifter": -2.0,
    "grifters": -2.0,
    "grift": -2.0,
    "traitor": -2.4,
    "traitors": -2.4,
    "concerning": -1.2,
    "escalation": -0.8,
    "condolences": -1.0,
    "sickening": -2.5,
    "shameless": -2.2,
    "unhinged": -1.8,
    "insanity": -1.8,
    "bloodbath": -2.8,
    "slaughter": -2.8,
    "slaughtered": -2.8,
    "massacre": -3.0,
    "genocide": -3.2,
}


def _cues(*alternatives: str) -> re.Pattern[str]:
    """One case-insensitive pattern matching any of the ``|``-separated cues as whole words."""
    return re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])", re.I)


_SARCASM = _cues(
    r"/s|oh,? (great|good|joy|wonderful|fantastic|perfect|sure|brilliant|how nice)|yeah,? right",
    r"what a (surprise|shock|shocker)|surprise,? surprise|color me (shocked|surprised)|shocked,? i tell you",
    r"thanks a lot|just what (we|i|the world) needed|slow clap|who could have (seen|predicted)",
    r"(great|good|nice|fantastic) job,? (guys|everyone|america|team)|(genius|brilliant) (move|plan|idea)",
    r"sure,? (because|that'll|that will)|totally not|because that (always|worked)",
    r"what could (possibly )?go wrong",
)
_EYE_ROLL = re.compile("\U0001f644|\U0001f612|\U0001f611")  # eye-roll, unamused, expressionless faces
_ANGER = _cues(
    r"outrag\w*|disgrace\w*|disgust\w*|furious|infuriat\w*|pissed( off)?|enraged|shameful|appalling",
    r"unacceptable|despicable|scum(bags?)?|sick (of|and tired)|fed up|how dare|bastards?|vile",
    r"fuck (this|that|them|him|you|off)|should be (ashamed|fired|jailed|in jail)|makes? my blood boil",
    r"absolutely (disgraceful|unacceptable|ridiculous)|traitors?|corrupt",
)
_WORRY = _cues(
    r"(?<!don't )(?<!dont )(?<!not )(?<!no )worr(y|ied|ying|ies)",
    r"scared|scary|afraid|terrif(ied|ying)|frightening",
    r"anxious|anxiety|alarming|nervous|uneasy|keeps? me up at night|(deeply |really |very )concern(ed|ing)",
    r"escalat(e|es|ed|ion)|could (easily )?lead to|world war( iii| 3| three)?|ww3|nuclear war",
    # harm foreseen: businesses closing, livelihoods lost, people priced out
    r"(go|goes|going|gone|went|put( \w+){1,4}) out of business|priced out|can'?t afford",
    r"(will|would|could|going to|gonna)( \w+){0,3} (shut down|go under|go bankrupt|disappear|collapse)",
    r"(will|would|could|going to|gonna)( \w+){0,3} suffer|close (their|its|our) doors",
    r"(will|would|could|going to|gonna)( \w+){0,2} (cost|lose)( \w+){0,4} (jobs?|livelihoods?|homes?)",
    r"(hard|harder|struggle|struggling)( for( \w+){1,3})? to (survive|get by|make ends meet)",
)
# Expressions of sorrow, not the topic: a thread *about* grief or suicide is not grieving in every comment.
_GRIEF = _cues(
    r"rest in peace|condolences|sorry for your loss|sorry to hear|heartbr(eaking|oken)|so sad|in tears",
    r"my heart (goes out|breaks|aches)|cried|crying|passed away|lost (my|our) (\w+ )?(mother|father|mom|dad)",
    r"miss (him|her|them) (so much|dearly)|(he|she|they) will be missed|gone too soon|devastated",
)
_CYNICISM = _cues(
    r"of course (they|he|she) (did|do|would|will|are|were)|as usual|nothing (will|ever) change[sd]?",
    r"(they|nobody|no one) (don't|doesn't|do not|does not) (actually |really )?care|follow the money",
    r"(all|it's all|always) about (the )?money|(how|so|just) typical|typical of (them|him|her)",
    r"what did you expect|business as usual|lip service",
    r"pr stunt|(just|pure) theat(er|re)|bought and paid|never (learn|change)|here we go again",
    r"par for the course|cover[- ]?up|no one will (be held|face)|nobody will be held|rules for thee",
)
# Laughter, in the comment itself or in a reply to it.
_LAUGH = _cues(
    r"lo+l+\w*|lmf?ao+\w*|rofl|ha(ha)+h?\w*|he(he)+\w*|kek|i'?m (dying|dead)|this is gold|pure gold",
    r"(made|make|making) me (laugh|lol|chuckle|snort)|i (laughed|lol'?d|chuckled|snorted)",
    r"(got|had) a (good )?(laugh|chuckle)|(underrated|best) (comment|joke)|well played|nice one",
    # what people answer a joke with besides laughing: a groan, a spoken rimshot, a wheeze, "too soon"
    r"whe+e+z\w*|i lost it|my sides|i can'?t breathe|i see what you did( there)?|ba+ ?dum( ?ts+h?)?",
    r"pun intended|(angry|reluctant) upvote|take my (up)?vote|username checks out|(old reddit )?switcheroo",
    r"too soon|(that'?s|this is|so) dark|dark (af|as hell)",
)
_LAUGH_EMOJI = re.compile("\U0001f602|\U0001f923|\U0001f480|\U0001f606|\U0001f639")  # 😂 🤣 💀 😆 😹
_GALLOWS = _cues(
    r"at least (we|they|he|you|i)'?\w* (get|got|die|won't|will)|see you (in hell|on the other side)",
    r"what a way to go|free (trip|vacation|tour)|one[- ]way ticket|(all|expenses)[- ]paid",
)
# A grim subject: what makes a joke dark humour (deaths, killing, war, disaster, atrocity).
_GRIM = _cues(
    r"die[sd]?|dead|deaths?|dying|kill(ed|s|ing)?|suicides?|funerals?|graves?|corpses?|coffins?|body bags?",
    r"murder(ed|s)?|massacre[sd]?|genocide|holocaust|war|wars|warfare|cannon fodder|meat ?grinder",
    r"nukes?|nuked|nuclear|apocalypse|doomed|firing squad|gulag|executed|execution|slaughter(ed)?",
    r"casualt(y|ies)|bomb(s|ed|ing)?|famine|earthquake|tsunami|pandemic|cancer|terminal(ly)? ill",
)


@dataclass(frozen=True)
class ToneKind:
    """A named tone: its name (one of ``model.TONE_WORDS``), the emotions and cues that show it."""

    name: str
    emotions: tuple[str, ...]  # GoEmotions labels that show it
    cues: tuple[re.Pattern[str], ...] = ()


TONES: tuple[ToneKind, ...] = (
    ToneKind("humour", ("amusement",), (_LAUGH,)),
    ToneKind("dark_humour", ("amusement",), (_GALLOWS,)),
    ToneKind("anger", ("anger", "disgust"), (_ANGER,)),
    ToneKind("cynicism", ("disapproval", "annoyance"), (_CYNICISM, _SARCASM)),
    ToneKind("worry", ("fear", "nervousness"), (_WORRY,)),
    ToneKind("grief", ("sadness", "grief"), (_GRIEF,)),
    ToneKind("gratitude", ("gratitude", "admiration")),
    ToneKind("excitement", ("excitement", "joy", "love")),
    ToneKind("curiosity", ("curiosity", "confusion")),
)
TONE_NAMES = tuple(t.name for t in TONES)

# How much one comment showing a tone weighs in ranking the tones. Questions are everywhere in a thread, and
# readers name curiosity only where asking is what the thread does. The joke model still misses most deadpan
# jokes (it tags 21 of the 54 comments readers quoted as humour, against 12 without it), so the humour found
# is the visible part of more. With humour at 1.0 instead, r/announcements' scorn (17%) would lead its jokes
# (11%) as its reader has it, but r/AskReddit's jokes (12%) would fall behind its scorn (13%) and the Roswell
# thread's behind its excitement: 14 of 20 first tones as the readers name them, against 15.
SALIENCE = {
    "humour": 1.5,
    "dark_humour": 1.5,
    "anger": 1.0,
    "cynicism": 1.0,
    "worry": 1.0,
    "grief": 1.0,
    "gratitude": 1.0,
    "excitement": 1.0,
    "curiosity": 0.5,
}
# Anger words in a text that is not negative overall are usually quoted, joking or negated.
ANGER_CUE_COMPOUND = -0.25
# A reply that laughs says its parent is a joke only if it is short: a long reply that laughs once is
# making its own point.
LAUGHING_REPLY_WORDS = 25
# How much one cue or laughing reply weighs against an emotion just reaching its threshold (1) in picking a
# tone's clearest examples.
EXPLICIT = 2.0
# An amused reply this short is laughing at its parent ("Hahaha, perfect"), not joking on its own.
AMUSED_REPLY_WORDS = 8
# A short reply to a joke that neither disagrees nor asks carries the joke on (a riff, a pun chain).
RIFF_WORDS = 20
# A thread whose title and article use this many different grim words is about a grim subject.
GRIM_SUBJECT_WORDS = 2


@lru_cache(maxsize=1)
def _analyzer():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    analyzer.lexicon.update(_LEXICON_SUPPLEMENT)
    return analyzer


def vader_compound(text: str) -> float:
    """VADER's compound score (-1..1) with the lexicon supplement, sarcasm not read as praise."""
    score = _analyzer().polarity_scores(text[:5000])["compound"]
    if score > 0 and is_sarcastic(text):
        return -min(score, 0.5)
    return score


def is_sarcastic(text: str) -> bool:
    return bool(_SARCASM.search(text) or _EYE_ROLL.search(text))


def laughs(text: str) -> bool:
    """Whether a text laughs in words or emoji ("lol", "haha", "this is gold", "😂")."""
    return bool(_LAUGH.search(text) or _LAUGH_EMOJI.search(text))


def _distinct(pattern: re.Pattern[str], text: str) -> int:
    """Different cues found: one word repeated (a list of poll options) is one cue, not many."""
    return len({m.group(0).lower() for m in pattern.finditer(text)})


def cue_tones(text: str, compound: float) -> dict[str, int]:
    """The tones a comment's own words show by cue, each with how many different cues show it."""
    hits = {
        "anger": _distinct(_ANGER, text) if compound <= ANGER_CUE_COMPOUND else 0,
        "worry": _distinct(_WORRY, text),
        "grief": _distinct(_GRIEF, text),
        "cynicism": _distinct(_CYNICISM, text) + _distinct(_SARCASM, text) + len(_EYE_ROLL.findall(text)),
        "humour": _distinct(_LAUGH, text) + len(_LAUGH_EMOJI.findall(text)),
        "dark_humour": _distinct(_GALLOWS, text),
    }
    return {name: n for name, n in hits.items() if n}


def grim(text: str) -> int:
    """How many different grim words a text uses."""
    return _distinct(_GRIM, text)


@dataclass
class _Shown:
    """One comment's evidence for one tone: its strength and the kinds of evidence behind it."""

    strength: float
    signals: set[str]


def _emotion_ratios(scores: EmotionScores) -> dict[str, np.ndarray]:
    """Per tone, each comment's strongest emotion of that tone over its threshold (1 = just carried)."""
    ratio = scores.probabilities / np.maximum(scores.thresholds, 1e-6)
    index = {label: j for j, label in enumerate(scores.labels)}
    return {t.name: ratio[:, [index[e] for e in t.emotions]].max(axis=1) for t in TONES}


def _laughed_at(corpus: Corpus, amused: np.ndarray, stances: dict[str, Stance]) -> dict[str, int]:
    """For each analyzed comment: how many direct replies laugh at it (amused or laughing, short, not
    disagreeing). Replies left out of the analysis as empty ("😂" alone) count too."""
    analyzed = {cid: i for i, cid in enumerate(corpus.ids)}
    out: dict[str, int] = {}
    for c in corpus.thread.comments:
        if c.parent_id not in analyzed or c.deleted or c.removed or c.bot:
            continue
        if stances.get(c.id) == "disagree" or len(c.text.split()) > LAUGHING_REPLY_WORDS:
            continue
        i = analyzed.get(c.id)
        # an amused reply is laughter only when it is short: a longer amused reply is a joke of its own
        if laughs(c.text) or (i is not None and amused[i] and len(c.text.split()) <= AMUSED_REPLY_WORDS):
            out[c.parent_id] = out.get(c.parent_id, 0) + 1
    return out


def _grim_subject(corpus: Corpus) -> bool:
    t = corpus.thread
    art = t.article
    subject = " ".join(x for x in (t.title, art.title if art else None, art.text if art else None) if x)
    return grim(subject) >= GRIM_SUBJECT_WORDS


def comment_tones(
    corpus: Corpus,
    scores: EmotionScores,
    compounds: Sequence[float],
    stances: dict[str, Stance] | None = None,
    jokes: np.ndarray | None = None,
) -> list[dict[str, _Shown]]:
    """For each analyzed comment, the named tones it shows, each with its strength and evidence.

    ``jokes``: each comment's joke probability over the joke model's threshold (``jokes.JokeModel.ratios``),
    when the digest has it. Strength favours dense, short examples: a reader should see the tone at once in
    the quoted comment.
    """
    ratios = _emotion_ratios(scores)
    amused = ratios["humour"] >= 1.0
    laughed = _laughed_at(corpus, amused, stances or {})
    grim_subject = _grim_subject(corpus)
    text_of = dict(zip(corpus.ids, corpus.texts, strict=True))
    out: list[dict[str, _Shown]] = []
    index = {cid: i for i, cid in enumerate(corpus.ids)}
    for i, (comment, text) in enumerate(zip(corpus.comments, corpus.texts, strict=True)):
        brevity = 1 + len(text.split()) / 40
        shown: dict[str, _Shown] = {}
        cues = cue_tones(text, compounds[i])
        for tone in TONES:
            if tone.name == "dark_humour":
                continue
            ratio = float(ratios[tone.name][i])
            signals = {"emotion"} if ratio >= 1.0 else set()
            if tone.name == "humour" and jokes is not None and jokes[i] >= 1.0:
                signals.add("joke")
                ratio = max(ratio, float(jokes[i]))
            if cues.get(tone.name):
                signals.add("cues")
            replies = laughed.get(comment.id, 0) if tone.name == "humour" else 0
            if replies:
                signals.add("replies")
            if signals:
                # a cue or a laughing reply is explicit, where an emotion is the classifier's reading
                explicit = EXPLICIT * (cues.get(tone.name, 0) + replies)
                strength = (ratio if signals & {"emotion", "joke"} else 0) + explicit
                shown[tone.name] = _Shown(strength / brevity, signals)
        parent = index.get(comment.parent_id or "")
        if (
            RIFF_WORDS
            and parent is not None
            and _joke_in_own_right(out[parent])
            and len(text.split()) <= RIFF_WORDS
            and "?" not in text
            and (stances or {}).get(comment.id) != "disagree"
            and not shown.keys() - {"humour", "gratitude", "excitement"}
        ):
            shown.setdefault("humour", _Shown(0.0, set())).signals.add("riff")
        if cues.get("dark_humour"):  # gallows phrases are jokes whatever the classifier reads
            shown.setdefault("humour", _Shown(0.0, set())).signals.add("cues")
            shown["humour"].strength += cues["dark_humour"] / brevity
        if "humour" in shown and _is_dark(comment, text, text_of, grim_subject, cues):
            shown["dark_humour"] = shown.pop("humour")
        if "curiosity" in shown and ({"anger", "cynicism"} & shown.keys()):
            del shown["curiosity"]  # a question asked in anger or scorn is rhetorical, not curious
        out.append(shown)
    return out


def _joke_in_own_right(shown: dict[str, _Shown]) -> bool:
    """Whether a comment is a joke by its own words or the laughter it drew, not only by riffing on one or
    by the joke model's reading: riffs carry a sure joke one reply further, never down a chain."""
    joke = shown.get("humour") or shown.get("dark_humour")
    return joke is not None and bool(joke.signals - {"riff", "joke"})


def _is_dark(
    comment: Comment, text: str, text_of: dict[str, str], grim_subject: bool, cues: dict[str, int]
) -> bool:
    parent = text_of.get(comment.parent_id or "", "")
    return grim_subject or bool(cues.get("dark_humour")) or bool(grim(text) or grim(parent))


def _sentiment_shares(scores: Iterable[float]) -> dict[str, float]:
    scores = list(scores)
    n = len(scores) or 1
    pos = sum(s >= 0.05 for s in scores) / n
    neg = sum(s <= -0.05 for s in scores) / n
    return {"positive": pos, "negative": neg, "neutral": max(0.0, 1.0 - pos - neg)}


def _emotion_shares(indices: list[int], carried: np.ndarray) -> dict[str, float]:
    """Each GoEmotions label's share of the comments, those carried by at least one comment."""
    if not indices:
        return {}
    shares = carried[indices].mean(axis=0)
    return {LABELS[j]: float(shares[j]) for j in np.flatnonzero(shares)}


def _tone_of(
    indices: list[int],
    ids: list[str],
    compounds: list[float],
    shown: list[dict[str, _Shown]],
    carried: np.ndarray,
    voices: list[bool],
) -> Tone:
    tags = []
    for tone in TONES:
        having = [i for i in indices if tone.name in shown[i]]
        if not having:
            continue
        # a voted-down comment or one addressed to a model still counts, but is no example to quote; a joke
        # is best shown by one that others laughed at, not by a comment laughing
        joke = tone.name in ("humour", "dark_humour")
        having.sort(
            key=lambda i: (
                not voices[i],
                joke and "replies" not in shown[i][tone.name].signals,
                -shown[i][tone.name].strength,
                ids[i],
            )
        )
        signals: dict[str, int] = {}
        for i in having:
            for s in shown[i][tone.name].signals:
                signals[s] = signals.get(s, 0) + 1
        share = len(having) / len(indices)
        tags.append(
            ToneTag(
                name=tone.name,
                share=share,
                comment_ids=[ids[i] for i in having],
                salience=share * SALIENCE[tone.name],
                signals=dict(sorted(signals.items())),
            )
        )
    tags.sort(key=lambda t: (-t.salience, -t.share, t.name))
    return Tone(
        sentiment=_sentiment_shares(compounds[i] for i in indices),
        tags=tags,
        emotions=_emotion_shares(indices, carried),
    )


@dataclass
class Reading:
    """Each analyzed comment's tones, read once: the themes' titles and the tone analysis share it."""

    shown: list[dict[str, _Shown]]  # per comment: the tones it shows
    compounds: list[float]  # per comment: VADER's compound score
    emotions: EmotionScores

    def joking(self) -> list[bool]:
        """Whether each comment is a joke (or laughs at one), by evidence surer than the joke model's reading
        alone: its emotions, its own words, the laughter it drew, or riffing on a joke. What the themes are
        grouped and titled by; the joke model's flags, right about half the time, count in the tone's shares.

        On the readers' references, themes grouped with every flag recovered 98.2 of 160 reader themes, with
        these 99.2 (``benchmarks/themes_reader.py``, seeds 0-3), as before the joke model."""
        return [any(s[t].signals - {"joke"} for t in ("humour", "dark_humour") if t in s) for s in self.shown]


def read_tones(
    corpus: Corpus,
    emotions: EmotionScores | None = None,
    stances: dict[str, Stance] | None = None,
    *,
    model: str = "quality",
    vectors: np.ndarray | None = None,
) -> Reading:
    """Every analyzed comment's tones. ``emotions`` are the corpus's emotion scores when the caller has
    them (they are computed once per comment); otherwise they are scored here with the model ``model``.
    ``vectors``: the comments' ``quality`` embedder vectors, when the caller has them; with them the joke
    model reads each comment too (``jokes``)."""
    if emotions is None:
        from .emotions import score_emotions

        emotions = score_emotions(corpus.texts, model)
    jokes = None
    # statements without a conversation (Polis, tables) read terse to the joke model ("I identify as
    # male.", "Diversity in policing"), and jokes there are rare: it reads only where people reply
    if vectors is not None and any(c.parent_id for c in corpus.thread.comments):
        from .jokes import get_joke_model

        jokes = get_joke_model().ratios(vectors, emotions)
    compounds = [vader_compound(t) for t in corpus.texts]
    return Reading(comment_tones(corpus, emotions, compounds, stances, jokes), compounds, emotions)


def analyze_tone(
    corpus: Corpus,
    themes: list[Theme],
    emotions: EmotionScores | None = None,
    stances: dict[str, Stance] | None = None,
    *,
    model: str = "quality",
    reading: Reading | None = None,
) -> Tone:
    """Thread-wide tone; also sets ``theme.tone`` on every theme from its own comments.

    ``reading``: the comments' tones when the caller has read them (``read_tones``); otherwise they are
    read here from ``emotions`` and ``stances``.
    """
    reading = reading or read_tones(corpus, emotions, stances, model=model)
    ids = corpus.ids
    compounds, shown = reading.compounds, reading.shown
    carried = reading.emotions.carried()
    voices = [speaks_for_others(c) for c in corpus.comments]
    index = {cid: i for i, cid in enumerate(ids)}
    for theme in themes:
        members = [index[c] for c in theme.comment_ids if c in index]
        theme.tone = _tone_of(members, ids, compounds, shown, carried, voices) if members else None
    return _tone_of(list(range(len(ids))), ids, compounds, shown, carried, voices)
