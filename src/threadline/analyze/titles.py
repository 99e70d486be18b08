"""How a theme is named: a short phrase a reader would use, built from what its comments say.

The subject is the theme's most distinctive keyphrase (``keyphrases``), kept only if the thread uses it as a
noun: a word or phrase that comes after "the", "a", "my", "of", "about" and their like ("the tuba", "about
NATO", "on old reddit") more often than after what comes before verbs and adjectives ("I", "to", "is",
"very"), so verbs and fillers ("imagine", "came", "Ah") never name a theme; a phrase only where the comments
end it somewhere, not only as a piece of a longer one ("satellite imagery", not "commercial satellite"). Where
most of the theme's comments do one thing with the subject, the title says so: "jokes about the tuba",
"questions about Android", "praise for Apollo". A common word never stands alone: it takes its article ("the
servers") and, where its comments mostly say what it is of, that too ("the role of the police"), or, when the
thread never uses it as a noun, is said as "talk of …".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..text import WHO_TOOK_PART, asks, describes_self

_FOLLOW = sorted(w for w in ENGLISH_STOP_WORDS if w.isalpha())

__all__ = [
    "AROUND",
    "PROFILES",
    "Mode",
    "ends_somewhere",
    "is_noun",
    "is_verb_form",
    "mode_of",
    "said_of",
    "starts_sentence",
    "title_of",
]

# A mode is named only where at least this many comments show it: in r/LifeProTips two laughing replies
# among five comments titled a theme "jokes about years ago".
MODE_MIN = 3
NOUN_MIN = 2  # ... and at least this many: HN's one "did some cool, very impactful" titled "the cool"
# Words that come before a noun and rarely before anything else.
BEFORE_NOUNS = (
    "the a an this that these those my your his her their our its some any no every each another "
    "of about for with on in at from by into over than like against"
)
_BEFORE_END = re.compile(r"\b(?:" + "|".join(BEFORE_NOUNS.split()) + r")\s+$", re.IGNORECASE)
_THE_END = re.compile(r"\bthe\s+$", re.IGNORECASE)
_THAT_END = re.compile(r"\bthat\s+$", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[ \t]*(?:[.!?;\n]|$)")
# What follows a noun: punctuation, the end, or a function word ("the tuba is", "the servers."); an adjective
# is followed by its noun instead ("a cool feature").
_AFTER_START = re.compile(r"[ \t]*(?:[.,!?;:)\"'’”\n]|$)|\s+(?:" + "|".join(_FOLLOW) + r")\b", re.IGNORECASE)
_INTENSIFIER_END = re.compile(
    r"\b(?:so|very|too|really|truly|pretty|quite|super|kinda|less|more|most|how|extremely|incredibly)\s+$",
    re.I,
)
# What comes before a verb or an adjective, rarely before a noun: a subject pronoun, a modal, "to", a copula.
_NOT_NOUN_END = re.compile(
    r"\b(?:i|you|we|they|he|she|to|will|would|can|could|should|must|might|may|did|didn't|don't|doesn't|"
    r"never|is|are|was|were|be|been|being|seems?|looks?|sounds?|feels?)\s+$",
    re.IGNORECASE,
)
# What may follow the end of a phrase: what follows a noun, or a negated auxiliary ("NATO membership isn't"),
# after a number hyphenated to it ("Carnival Covfefe-19 is").
_ENDS = re.compile(r"(?:-\w+)?(?:" + _AFTER_START.pattern + r"|\s+\w+n['’]t\b)", re.IGNORECASE)
# A phrase ending in a past participle ("linked", "sized"; not "greed", not "the Talking Dead").
_PARTICIPLE_END = re.compile(r"\s[a-z]{2,}(?<!e)ed$")
_VERB_FORM = re.compile(r"^[a-z]{2,}(?:(?<!e)ed|ing)$")  # "compared", "hearing"; not "greed", "king"
# What comes before a word said of something: a copula or an intensifier, maybe negated ("that's cool", "so
# neat", "he's not famous", "isn't new").
_SAID_OF_END = re.compile(
    r"(?:\b(?:is|are|was|were|be|been|seems?|looks?|sounds?|feels?|so|very|too|really|pretty|quite|super|"
    r"kinda|more|most|less|extremely|incredibly)|['’]s|['’]re|n['’]t)(?:\s+not)?\s+$",
    re.IGNORECASE,
)
_NAME_GOES_ON = re.compile(r"[ \t]+[A-Z]")  # "South| Korea"
_CAPITAL_END = re.compile(r"\b([A-Z][\w'’-]*)[ \t]+$")  # "Ba |Dum Tsss"
# Shaped like a nationality or a direction: Western, Spanish, Chinese, German, Arabic, Israeli.
_ADJECTIVE_NAME = re.compile(r"^[A-Z][a-z]+(?:ern|ish|ese|an|ic|i)$")
_CAPS_END = re.compile(r"\b[A-Z]{2,}[ \t]+$")  # a word in capitals just before
_CAPS_START = re.compile(r"[ \t]+[A-Z]{2,}\b")  # ... or just after
_SENTENCE_END = re.compile(r"(?:^|[.!?:\n][\"'’)\]]*)\s*$")  # what comes before a sentence's first word
AROUND = 16  # characters read either side of a use: a word or two, enough for "the", "so", a pause
ARTICLE = 0.3  # a common word is titled with "the" when the comments write it so this often


class Mode:
    """What a theme's comments do with its subject, and how a title says it. ``shows``: whether one comment
    does it; without it, the mode is the tone step's reading of jokes."""

    def __init__(
        self,
        name: str,
        prefix: str,
        threshold: float,
        shows: Callable[[str], bool] | None = None,
        whole: bool = False,
    ) -> None:
        self.name, self.prefix, self.threshold, self.shows = name, prefix, threshold, shows
        self.whole = whole  # the prefix is the whole title: what the comments do is what they are about


_PRAISE = re.compile(
    r"(?i)\b(?:thanks?|thank you|thx|appreciate[ds]?|kudos|great (?:job|work|app|post)|well done|"
    r"love (?:it|this|that|you)|awesome|amazing|brilliant|legend)\b"
)

# In order of precedence: a joke asked as a question is a joke. Jokes are read by the tone step (emotions,
# laughter in the comment or its replies, riffs), so they must be most of a theme: below half, an AMA's fan
# thanks with quips among them ("Love your podcast", 38% joking) read as "jokes about the podcast".
PROFILES = Mode("profiles", WHO_TOOK_PART, 0.5, describes_self, whole=True)
MODES: tuple[Mode, ...] = (
    PROFILES,
    Mode("jokes", "jokes about", 0.5),
    Mode("praise", "praise for", 0.35, lambda text: bool(_PRAISE.search(text))),
    Mode("questions", "questions about", 0.5, asks),
)


def mode_of(texts: Sequence[str], joking: Sequence[bool]) -> Mode | None:
    """The mode most of a theme's comments share, if any.

    ``texts``: the theme's comments; ``joking``: for each, whether the tone step read it as a joke (by its
    emotions, its words, the laughter it drew or riffing on a joke: ``tone.Reading.joking``).
    """
    n = len(texts)
    if n < MODE_MIN:
        return None
    for mode in MODES:
        hits = sum(map(bool, joking)) if mode.shows is None else sum(map(mode.shows, texts))
        if hits >= max(MODE_MIN, mode.threshold * n):
            return mode
    return None


def _name_before(before: str) -> bool:
    """Whether the text ``before`` a word ends in a capitalised word that is no function word ("Ba ", not
    "The ")."""
    found = _CAPITAL_END.search(before)
    return found is not None and found.group(1).lower() not in ENGLISH_STOP_WORDS


def _shouted(before: str, after: str) -> bool:
    """Whether a word in capitals stands among other words in capitals ("AM I BEING |DETAINED|?"), as a
    shouted line has them, where a name in capitals has ordinary words around it ("the |NATO| summit")."""
    return bool(_CAPS_END.search(before) or _CAPS_START.match(after))


def starts_sentence(before: str) -> bool:
    """Whether a word coming after ``before`` (the text just before it) starts a sentence."""
    return bool(_SENTENCE_END.search(before))


def is_noun(term: str, texts: Sequence[str]) -> bool:
    """Whether the comments use ``term`` as a noun: capitalised mid-sentence (a name: "NATO", "Apollo"; not
    mostly the start or the end of a longer one),
    or between a determiner or preposition and a pause or function word (or in the plural: "the tuba is",
    but not "a cool feature"), in more places than it follows what precedes a verb or an adjective ("I",
    "to", "is", "so", "very": "I imagine", "so cool"). Counting the evidence both ways, not the share of
    noun-like uses, keeps nouns said mostly bare ("shooting down drones", "Commercial imagery is")."""
    text = "\n".join(texts)
    if any(ch.isupper() for ch in term):
        # a name is capitalised where a sentence does not start ("Hi" opening comments is no name); it is no
        # name of its own when it is mostly the start of a longer one ("South Korea"), nor when it is shaped
        # like a nationality or a direction and mostly modifies the word after it ("Western troops", "German
        # version"; "the Germans", "Germany is" stay names)
        found = _uses(term, text, case=True)
        if term.isupper() and 2 * sum(_shouted(before, after) for before, after in found) > len(found):
            return False  # shouted, not named: "AM I BEING DETAINED"
        placed = [after for before, after in found if not starts_sentence(before)]
        alone = sum(bool(_ENDS.match(after)) for after in placed)
        longer = sum(bool(_NAME_GOES_ON.match(after)) for after in placed)
        if 2 * sum(_name_before(before) for before, _ in found) > len(found):
            return False  # the end of a longer name: "Dum Tsss" of "Ba Dum Tsss"
        adjective = bool(_ADJECTIVE_NAME.search(term)) and alone < len(placed) - alone - longer
        return bool(placed) and 2 * longer < len(placed) and not adjective
    uses = as_noun = not_noun = 0
    # Each use is looked at in place (a few words either side), so a term costs one scan of the thread.
    for before, after in _uses(term, text):
        uses += 1
        if _THAT_END.search(before) and _CLAUSE_END.match(after):
            not_noun += 1  # "risks that arise.": "that" opens a clause that the verb ends
            continue
        as_noun += bool(_BEFORE_END.search(before) and _AFTER_START.match(after))
        not_noun += bool(_INTENSIFIER_END.search(before) or _NOT_NOUN_END.search(before))
    # A plural is a noun's alone ("scams" for "scam"; no "cools"); a phrase ("small businesses") is rarely
    # anything but a noun; a single word otherwise needs NOUN_MIN uses that read as a noun.
    single = " " not in term.strip() and not term.endswith("s")
    plurals = len(_uses(term + "s", text)) + len(_uses(term + "es", text)) if single else 0
    least = NOUN_MIN if single else 1
    enough = as_noun + plurals >= min(least, uses)
    return uses > 0 and enough and not_noun < max(as_noun + plurals, 1)


def ends_somewhere(phrase: str, texts: Sequence[str]) -> bool:
    """Whether ``phrase`` can stand as a noun phrase: it does not end in a past participle ("scientists
    linked", "the horse sized"), and the comments end it at a pause or a function word at least once
    ("satellite imagery is") rather than always going on ("commercial satellite photos", "… imagery")."""
    if _PARTICIPLE_END.search(phrase):
        return False
    text = "\n".join(texts)
    return any(_ENDS.match(after) for _, after in _uses(phrase, text))


def _uses(term: str, text: str, case: bool = False) -> list[tuple[str, str]]:
    """The text just before and just after each use of ``term`` in ``text`` (the comments joined by line
    breaks; written as it is, with ``case``)."""
    words = r"[\s-]+".join(re.escape(w) for w in term.split())
    found = re.finditer(r"\b" + words + r"\b", text, 0 if case else re.IGNORECASE)
    return [(text[max(0, m.start() - AROUND) : m.start()], text[m.end() : m.end() + AROUND]) for m in found]


def _with_article(term: str, texts: Sequence[str]) -> str:
    """A common word as the comments name it: "the servers" when they mostly say "the servers"."""
    uses = _uses(term, "\n".join(texts))
    the = sum(bool(_THE_END.search(before)) for before, _ in uses)
    return f"the {term}" if uses and the >= ARTICLE * len(uses) else term


def title_of(subject: str, mode: Mode | None, texts: Sequence[str], noun: bool = True) -> str:
    """A theme's title from its subject (as written) and mode: never one bare common word.

    A common noun takes its article ("the tuba", "the servers"); a word the thread does not use as a noun
    (the last resort, when no telling term is one) is said as "calling it …" where the comments say it of
    something ("so cool", "that's neat"), else as "talk of …".
    """
    common = not any(ch.isupper() for ch in subject)
    single = len(subject.split()) == 1
    if common and single and not noun:
        return f"calling it {subject}" if said_of(subject, texts) else f"talk of {subject}"
    if common and single:
        subject = of_phrase(subject, texts) or subject
    named = subject if not common else f"the {subject}" if single else _with_article(subject, texts)
    return f"{mode.prefix} {named}" if mode is not None else named


_DETERMINER = "the|a|an|this|that|these|those|our|their|your|his|her|its|my"


def of_phrase(noun: str, texts: Sequence[str]) -> str | None:
    """The noun with what it is of, where its comments mostly say it that way ("role of the police", "type
    of people"): a word such as "role", "type" or "myriad" names nothing alone. The complement is one or two
    words after an optional determiner, as the comments most often write it; None where most uses of the
    noun have no "of" after them."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    word = r"([^\W\d_][\w'’-]*)"
    uses = re.compile(rf"\b{re.escape(noun)}\b", re.IGNORECASE)
    of = re.compile(rf"\b{re.escape(noun)}\s+of\s+(?:({_DETERMINER})\s+)?{word}(?:\s+{word})?", re.IGNORECASE)
    used = sum(len(uses.findall(t)) for t in texts)
    found: Counter[str] = Counter()
    for text in texts:
        for determiner, first, second in of.findall(text):
            if first.lower() in ENGLISH_STOP_WORDS:
                continue
            words = [determiner, first] + (
                [second] if second and second.lower() not in ENGLISH_STOP_WORDS else []
            )
            found[" ".join(w for w in words if w)] += 1
    if not found or 2 * sum(found.values()) <= used:
        return None
    return f"{noun} of {found.most_common(1)[0][0]}"


def said_of(word: str, texts: Sequence[str]) -> bool:
    """Whether the comments mostly say ``word`` of something, as an adjective: after a copula or an
    intensifier ("that's cool", "so neat", "more important"), never after a determiner."""
    found = _uses(word, "\n".join(texts))
    said = sum(bool(_SAID_OF_END.search(before)) for before, _ in found)
    return 2 * said >= len(found) > 0 and not any(_BEFORE_END.search(before) for before, _ in found)


def is_verb_form(word: str) -> bool:
    """Ends in a word shaped like a verb's past or -ing form ("compared", "hearing"): "talk of compared"
    names nothing."""
    return bool(_VERB_FORM.search(word.split()[-1])) if word.strip() else False


def joined(first: str, second: str, texts: Sequence[str]) -> str | None:
    """The two terms as one phrase, in the order the comments write it ("Trump and Putin"), if they do so in
    at least two places; else None."""
    counts: Counter[str] = Counter()
    for a, b in ((first, second), (second, first)):
        pattern = re.compile(rf"\b{re.escape(a)}\s+(?:and|&)\s+{re.escape(b)}\b", re.IGNORECASE)
        counts[f"{a} and {b}"] += sum(len(pattern.findall(t)) for t in texts)
    phrase, n = counts.most_common(1)[0]
    return phrase if n >= 2 else None
