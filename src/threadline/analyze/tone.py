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


def _cues(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w])(?:" + "|".join(patterns) + r")(?![\w])", re.I)


_SARCASM = _cues(
    r"/s",
    r"oh,? (great|good|joy|wonderful|fantastic|perfect|sure|brilliant|how nice)",
    r"yeah,? right",
    r"what a (surprise|shock|shocker)",
    r"surprise,? surprise",
    r"color me (shocked|surprised)",
    r"shocked,? i tell you",
    r"thanks a lot",
    r"just what (we|i|the world) needed",
    r"slow clap",
    r"(great|good|nice|fantastic) job,? (guys|everyone|america|team)",
    r"who could have (seen|predicted)",
    r"(genius|brilliant) (move|plan|idea)",
    r"sure,? (because|that'll|that will)",
    r"totally not",
    r"because that (always|worked)",
    r"what could (possibly )?go wrong",
)
_EYE_ROLL = re.compile("\U0001f644|\U0001f612|\U0001f611")  # 🙄 😒 😑
_ANGER = _cues(
    r"outrag\w*",
    r"disgrace\w*",
    r"disgust\w*",
    r"furious",
    r"infuriat\w*",
    r"pissed( off)?",
    r"angry",
    r"rage",
    r"enraged",
    r"shameful",
    r"appalling",
    r"unacceptable",
    r"despicable",
    r"scum(bags?)?",
    r"sick (of|and tired)",
    r"fed up",
    r"how dare",
    r"fuck (this|that|them|him|you|off)",
    r"bastards?",
    r"criminals?",
    r"corrupt",
    r"vile",
    r"evil",
    r"traitors?",
    r"should be (ashamed|fired|jailed|in jail)",
    r"makes? my blood boil",
    r"absolutely (disgraceful|unacceptable|ridiculous)",
)
_WORRY = _cues(
    r"worr(y|ied|ying|ies)",
    r"scared",
    r"scary",
    r"afraid",
    r"fear(s|ful)?",
    r"terrif(ied|ying)",
    r"anxious",
    r"anxiety",
    r"concern(ed|ing)",
    r"alarming",
    r"frightening",
    r"nervous",
    r"dangerous",
    r"what if",
    r"escalat\w*",
    r"could (easily )?lead to",
    r"world war( iii| 3| three)?",
    r"ww3",
    r"nuclear war",
    r"keeps? me up at night",
    r"uneasy",
)
_GRIEF = _cues(
    r"rip",
    r"rest in peace",
    r"condolences",
    r"sorry for your loss",
    r"heartbr(eaking|oken)",
    r"tragic",
    r"tragedy",
    r"grie(f|ve|ving|ved)",
    r"mourn\w*",
    r"passed away",
    r"lost (my|our|his|her)",
    r"so sad",
    r"devastat\w*",
    r"my heart (goes out|breaks|aches)",
    r"in tears",
    r"cried",
    r"crying",
    r"miss (him|her|them) (so much|dearly)",
    r"suicides?",
    r"killed (himself|herself|themselves)",
)
_HOPE = _cues(
    r"hope(fully|ful)?",
    r"optimis\w*",
    r"fingers crossed",
    r"looking forward",
    r"silver lining",
    r"will get better",
    r"things will improve",
    r"inspir\w*",
    r"a step in the right direction",
    r"light at the end",
    r"better future",
    r"glad to see",
    r"promising",
)
_CYNICISM = _cues(
    r"of course (they|he|she|it|the)",
    r"as usual",
    r"nothing (will|ever) change[sd]?",
    r"same as always",
    r"(they|nobody|no one) (don't|doesn't|do not|does not) (actually |really )?care",
    r"follow the money",
    r"(all|it's all|always) about (the )?money",
    r"typical",
    r"what did you expect",
    r"business as usual",
    r"lip service",
    r"pr stunt",
    r"(just|pure) theat(er|re)",
    r"bought and paid",
    r"all (politicians|of them) "
    r"are",
    r"never (learn|change)",
    r"here we go again",
    r"par for the course",
    r"cover[- ]?up",
    r"nobody will be held accountable",
    r"no one will (be held|face)",
    r"rules for thee",
)
_JOKE = _cues(r"lol", r"lmao", r"rofl", r"haha\w*", r"hehe\w*", r"jk")
_LAUGH_EMOJI = re.compile("\U0001f602|\U0001f923|\U0001f480|\U0001f606")  # 😂 🤣 💀 😆
_DARK = _cues(
    r"die[sd]?",
    r"dead",
    r"death",
    r"dying",
    r"kill(ed|s|ing)?",
    r"suicide",
    r"funeral",
    r"grave",
    r"cannon fodder",
    r"meat ?grinder",
    r"body bags?",
    r"nukes?",
    r"nuked",
    r"apocalypse",
    r"doomed",
    r"coffins?",
    r"war",
    r"corpses?",
    r"firing squad",
    r"gulag",
    r"executed",
)
_GALLOWS = _cues(
    r"at least (we|they|he|you|i)'?\w* (get|got|die|won't|will)",
    r"see you (in hell|on the other side)",
    r"what a way to go",
    r"free (trip|vacation|tour)",
    r"one[- ]way ticket",
    r"(all|expenses)[- ]paid",
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


def comment_tones(text: str, compound: float) -> dict[str, float]:
    """Named tones one comment shows, each with a strength used to pick the clearest examples."""
    tones: dict[str, float] = {}
    hits = {
        "anger": len(_ANGER.findall(text)),
        "worry": len(_WORRY.findall(text)),
        "grief": len(_GRIEF.findall(text)),
        "hope": len(_HOPE.findall(text)),
        "cynicism": len(_CYNICISM.findall(text)),
        "sarcasm": len(_SARCASM.findall(text)) + len(_EYE_ROLL.findall(text)),
    }
    for name, n in hits.items():
        # anger and grief words in upbeat text are usually quoted or negated; need some negativity
        if n and (name not in ("anger", "grief") or compound < 0.2):
            tones[name] = n + abs(compound)
    laughing = _JOKE.search(text) or _LAUGH_EMOJI.search(text)
    dark = len(_DARK.findall(text))
    if (laughing and dark) or _GALLOWS.search(text):
        tones["dark_humour"] = 1 + dark
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
