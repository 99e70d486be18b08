"""Tone: sentiment per comment (VADER, corrected) and named tones with the comments that show them.

VADER reads "Oh great, another outage." as praise and has no entry for "disgraceful"; both are corrected:
a small supplement of words it lacks is added to its lexicon, and a comment marked as sarcastic never counts
as positive. Named tones come from short cue lists kept here, readable on purpose; a tone is reported only
with the comments that show it, strongest examples first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from ..model import Corpus, Theme, Tone, ToneTag

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
)
# Expressions of sorrow, not the topic: a thread *about* grief or suicide is not grieving in every comment.
_GRIEF = _cues(
    r"rest in peace|condolences|sorry for your loss|sorry to hear|heartbr(eaking|oken)|so sad|in tears",
    r"my heart (goes out|breaks|aches)|cried|crying|passed away|lost (my|our) (\w+ )?(mother|father|mom|dad)",
    r"miss (him|her|them) (so much|dearly)|(he|she|they) will be missed|gone too soon|devastated",
)
_HOPE = _cues(
    r"hopefully|i hope|we can only hope|hopeful|optimis\w*|fingers crossed|looking forward",
    r"silver lining|will get better|things will improve|a step in the right direction",
    r"light at the end|better future|glad to see|promising",
)
_CYNICISM = _cues(
    r"of course (they|he|she) (did|do|would|will|are|were)|as usual|nothing (will|ever) change[sd]?",
    r"(they|nobody|no one) (don't|doesn't|do not|does not) (actually |really )?care|follow the money",
    r"(all|it's all|always) about (the )?money|(how|so|just) typical|typical of (them|him|her)",
    r"what did you expect|business as usual|lip service",
    r"pr stunt|(just|pure) theat(er|re)|bought and paid|never (learn|change)|here we go again",
    r"par for the course|cover[- ]?up|no one will (be held|face)|nobody will be held|rules for thee",
)
_JOKE = _cues(r"lol|lmao|rofl|haha\w*|hehe\w*|jk")
_LAUGH_EMOJI = re.compile("\U0001f602|\U0001f923|\U0001f480|\U0001f606")  # tears of joy, rofl, skull, grin
_DARK = _cues(
    r"die[sd]?|dead|death|dying|kill(ed|s|ing)?|suicide|funeral|grave|cannon fodder|meat ?grinder",
    r"body bags?|nukes?|nuked|apocalypse|doomed|coffins?|war|corpses?|firing squad|gulag|executed",
)
_GALLOWS = _cues(
    r"at least (we|they|he|you|i)'?\w* (get|got|die|won't|will)|see you (in hell|on the other side)",
    r"what a way to go|free (trip|vacation|tour)|one[- ]way ticket|(all|expenses)[- ]paid",
)
TONE_NAMES = ("anger", "worry", "grief", "hope", "cynicism", "dark_humour", "sarcasm")


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


def _distinct(pattern: re.Pattern[str], text: str) -> int:
    """Different cues found: one word repeated (a list of poll options) is one cue, not many."""
    return len({m.group(0).lower() for m in pattern.finditer(text)})


def comment_tones(text: str, compound: float) -> dict[str, float]:
    """Named tones one comment shows, each with a strength used to pick the clearest examples."""
    tones: dict[str, float] = {}
    hits = {
        "anger": _distinct(_ANGER, text),
        "worry": _distinct(_WORRY, text),
        "grief": _distinct(_GRIEF, text),
        "hope": _distinct(_HOPE, text),
        "cynicism": _distinct(_CYNICISM, text),
        "sarcasm": _distinct(_SARCASM, text) + len(_EYE_ROLL.findall(text)),
    }
    # strength favours dense, short examples: a reader should see the tone at once in the quoted comment
    brevity = 1 + len(text.split()) / 40
    for name, n in hits.items():
        # anger words in text that is not negative overall are usually quoted, joking or negated
        if n and (name != "anger" or compound <= -0.25):
            tones[name] = n * (1 + abs(compound)) / brevity
    laughing = _JOKE.search(text) or _LAUGH_EMOJI.search(text)
    dark = len(_DARK.findall(text))
    if (laughing and dark) or _GALLOWS.search(text):
        tones["dark_humour"] = (1 + dark) / brevity
    if "hope" in tones and (re.search(r"\bhope (not|they|he|she|it) (die|dies|burn|rot)", text, re.I)):
        del tones["hope"]  # "hope they rot" is anger, not hope
    return tones


def _sentiment_shares(scores: Iterable[float]) -> dict[str, float]:
    scores = list(scores)
    n = len(scores) or 1
    pos = sum(s >= 0.05 for s in scores) / n
    neg = sum(s <= -0.05 for s in scores) / n
    return {"positive": pos, "negative": neg, "neutral": max(0.0, 1.0 - pos - neg)}


def _tone_of(indices: list[int], ids: list[str], scores: list[float], tones: list[dict[str, float]]) -> Tone:
    tags = []
    for name in TONE_NAMES:
        shown = [i for i in indices if name in tones[i]]
        if shown:
            shown.sort(key=lambda i: -tones[i][name])
            tags.append(
                ToneTag(name=name, share=len(shown) / len(indices), comment_ids=[ids[i] for i in shown])
            )
    tags.sort(key=lambda t: -t.share)
    return Tone(sentiment=_sentiment_shares(scores[i] for i in indices), tags=tags)


def analyze_tone(corpus: Corpus, themes: list[Theme]) -> Tone:
    """Thread-wide tone; also sets ``theme.tone`` on every theme from its own comments."""
    ids = corpus.ids
    scores = [vader_compound(t) for t in corpus.texts]
    tones = [comment_tones(t, s) for t, s in zip(corpus.texts, scores, strict=True)]
    index = {cid: i for i, cid in enumerate(ids)}
    for theme in themes:
        members = [index[c] for c in theme.comment_ids if c in index]
        theme.tone = _tone_of(members, ids, scores, tones) if members else None
    return _tone_of(list(range(len(ids))), ids, scores, tones)
