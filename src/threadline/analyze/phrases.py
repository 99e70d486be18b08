"""Phrases that stuck: multi-word expressions several different commenters use ("cannon fodder").

A phrase is a run of 2-4 words with only spaces between them, not starting or ending on a function word,
used by several distinct commenters. Ranked by commenters times how unusual its words are in general English
(``wordfreq`` Zipf frequencies, offline). A shorter phrase that is nearly always part of a longer one is
dropped for the longer one, and a run that keeps going identically past four words (a copied quote or a
repeated headline) is dropped. Linear in words: longer n-grams are only counted under a frequent prefix.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache

from ..model import Corpus, Phrase, people

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
_TRAIL = '.,!?;:)"”'
_FUNCTION_WORDS = (
    "a an the and or but if then so to of in on at for with by from as is are was were be been being "
    "am it its it's this that these those i you he she we they me him her us them my your his our "
    "their what which who whom whose do does did doing done have has had having not no nor never just "
    "very really also there here about would could should can will shall may might must all any some "
    "more most than too much many like get got gets one only even still into onto out up down over "
    "under again once how why when where i'm you're he's she's we're they're i've you've we've "
    "they've i'd you'd he'd i'll you'll it'll don't doesn't didn't isn't aren't wasn't weren't can't "
    "won't wouldn't couldn't shouldn't that's there's what's let's yes yeah ok okay lol well oh yet "
    "because while though although both each other such own same off every thing things something "
    "anything nothing way lot lots kind sort pretty quite actually literally basically probably maybe "
    "think know say said says go going make made see seen want use used using"
)
_FUNCTION = frozenset(_FUNCTION_WORDS.split())
_MAX_N = 4


@lru_cache(maxsize=50_000)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def _runs(text: str) -> list[list[tuple[str, str]]]:
    """Runs of (lowercased, surface) words separated only by spaces; punctuation ends a run."""
    runs: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for chunk in text.split():
        core = chunk.rstrip(_TRAIL)
        if _WORD.fullmatch(core):
            current.append((core.lower().replace("’", "'"), core))
            if core != chunk:  # trailing punctuation closes the run after this word
                runs.append(current)
                current = []
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return [r for r in runs if len(r) >= 2]


def _frequent_bigrams(corpus: Corpus, k: int) -> set[str]:
    """Word pairs in at least ``k`` comments: every part of a phrase used by ``k`` people is one."""
    counts: Counter[str] = Counter()
    for text in corpus.texts:
        counts.update({f"{a[0]} {b[0]}" for run in _runs(text) for a, b in zip(run, run[1:], strict=False)})
    return {pair for pair, n in counts.items() if n >= k}


def _count(corpus: Corpus, k: int):
    """For each candidate n-gram (2 to _MAX_N + 1 words): commenters, comment indices, surface forms."""
    pairs = _frequent_bigrams(corpus, k)
    authors: dict[tuple[str, ...], set[str]] = defaultdict(set)
    where: dict[tuple[str, ...], list[int]] = defaultdict(list)
    surfaces: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    context: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for i, (comment, text) in enumerate(zip(corpus.comments, corpus.texts, strict=True)):
        seen = set()
        for run in _runs(text):
            ok = [f"{a[0]} {b[0]}" in pairs for a, b in zip(run, run[1:], strict=False)]
            for start in range(len(run) - 1):
                for n in range(2, min(_MAX_N, len(run) - start) + 1):
                    if not ok[start + n - 2]:
                        break
                    gram = tuple(w for w, _ in run[start : start + n])
                    if gram[0] in _FUNCTION or gram[-1] in _FUNCTION:
                        continue
                    surfaces[gram][" ".join(s for _, s in run[start : start + n])] += 1
                    if gram not in seen:
                        seen.add(gram)
                        authors[gram].add(comment.voice)
                        where[gram].append(i)
                        context[gram].update(_neighbours(run, start, start + n))
    return authors, where, surfaces, context


def _neighbours(run: list[tuple[str, str]], start: int, end: int) -> list[tuple[str, str]]:
    """The nearest content word on each side (looking past up to two function words)."""
    found = []
    for side, steps in (
        ("<", range(start - 1, max(start - 4, -1), -1)),
        (">", range(end, min(end + 3, len(run)))),
    ):
        for j in steps:
            if run[j][0] not in _FUNCTION:
                found.append((side, run[j][0]))
                break
    return found


def _rarity(gram: tuple[str, ...]) -> float:
    """How unusual the phrase's words are: 0 for everyday words, about 3 for rare ones."""
    content = [w for w in gram if w not in _FUNCTION]
    return max(0.0, 6.0 - sum(_zipf(w) for w in content) / len(content))


def find_phrases(corpus: Corpus, *, min_commenters: int | None = None, limit: int = 15) -> list[Phrase]:
    """Distinctive phrases used by several commenters, most telling first."""
    if min_commenters is None:
        min_commenters = 2 if len(corpus.comments) < 150 else 3
    authors, where, surfaces, context = _count(corpus, min_commenters)
    stats = {
        g: (a, where[g], surfaces[g])
        for g, a in authors.items()
        if len(a) >= min_commenters and not _fragment(context[g], len(where[g]))
    }
    title = " ".join(w for run in _runs(corpus.thread.title or "") for w, _ in run)
    return _select(corpus, stats, title, min_commenters, limit)


def _names_subject(gram: tuple[str, ...], subject: frozenset[str]) -> bool:
    """A phrase made only of title words ("North Korean" under a Korea story) is the subject, not a phrase."""
    from .keyphrases import is_subject

    return is_subject(" ".join(gram), subject)


def _fragment(context: Counter, occurrences: int) -> bool:
    """Nearly every use continues with the same word: part of a longer quote or phrase, not a phrase."""
    return bool(context) and context.most_common(1)[0][1] >= max(2, 0.7 * occurrences)


def _select(corpus, stats, title: str, min_commenters: int, limit: int) -> list[Phrase]:
    from .keyphrases import subject_words

    subject = subject_words(corpus)
    scored = []
    for gram, (authors, where, surfaces) in stats.items():
        if " ".join(gram) in title or _names_subject(gram, subject):
            continue
        rarity = _rarity(gram)
        if rarity < 1.0:
            continue
        scored.append((len(authors) * rarity, gram, authors, where, surfaces))
    scored.sort(key=lambda s: (-s[0], s[1]))
    phrases: list[Phrase] = []
    listed: set[tuple[str, ...]] = set()
    for _, gram, _authors, where, surfaces in scored:
        key = tuple(_singular(w) for w in gram)  # "conspiracy theory" and "...theories" are listed once
        if key in listed:
            continue
        surface = surfaces.most_common(1)[0][0]
        shown = [corpus.comments[i] for i in where if _contains(corpus.texts[i], surface)]
        if len({c.voice for c in shown}) >= min_commenters:
            listed.add(key)
            phrases.append(Phrase(text=surface, commenters=people(shown), comment_ids=[c.id for c in shown]))
        if len(phrases) == limit:
            break
    return phrases


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _contains(text: str, phrase: str) -> bool:
    pattern = r"\s+".join(re.escape(w) for w in phrase.split())
    return re.search(r"(?<![\w'])" + pattern + r"(?![\w'])", text, re.I) is not None
