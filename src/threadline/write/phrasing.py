"""How numbers are written ("about a third of the 470 comments") and read back by the verifier.

The writer and the verifier share this module so that every way a number can be written here is a way the
verifier can read it: digits ("1,234"), small counts in words ("three"), percentages ("12%"), fractions
in words ("about a third", "nearly half", "one in five"), and counts of people ("from 24 people", "at least
nine commenters"), which only known authors can back.
"""

from __future__ import annotations

import re

__all__ = [
    "FRACTIONS",
    "FRACTION_TOLERANCE",
    "count",
    "count_noun",
    "plural",
    "percent",
    "share_words",
    "people_noun",
    "read_numbers",
    "read_people",
]

# Fractions people write in words, and the share each stands for.
FRACTIONS: dict[str, float] = {
    "half": 1 / 2,
    "a third": 1 / 3,
    "two thirds": 2 / 3,
    "a quarter": 1 / 4,
    "three quarters": 3 / 4,
    "a fifth": 1 / 5,
}
# A fraction word stands for a share within this distance of it (absolute, on the 0-1 scale).
FRACTION_TOLERANCE = 0.03
_SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
# "one" is left out of what the verifier reads: it is too often not a count ("one commenter put it").
_WORD_COUNTS = {w: i for i, w in enumerate(_SMALL) if i >= 2}


def count(n: int) -> str:
    """A count as people write it: words up to ten, digits with thousands separators above."""
    if 1 <= n <= 10:
        return _SMALL[n]
    return f"{n:,}"


def count_noun(n: int, singular: str, plural: str | None = None) -> str:
    """'a single comment', 'three comments', '1,204 comments'."""
    if n == 1:
        return f"a single {singular}"
    return f"{count(n)} {plural or singular + 's'}"


def people_noun(n: int, singular: str, plural: str, lower_bound: bool = False) -> str:
    """'24 people', 'a single person'; as a lower bound 'at least 24 people', 'at least one person'."""
    if not lower_bound:
        return count_noun(n, singular, plural)
    return f"at least {'one' if n == 1 else count(n)} {singular if n == 1 else plural}"


def plural(n: int, singular: str, plural: str | None = None) -> str:
    """'one reply', 'three replies' (``count`` plus the noun in the right number)."""
    return f"{count(n)} {singular if n == 1 else plural or singular + 's'}"


def percent(share: float) -> str:
    """A share as a whole percentage; below 1% it says so rather than rounding to zero."""
    value = round(share * 100)
    if value == 0 and share > 0:
        return "less than 1%"
    return f"{value}%"


def share_words(share: float) -> str:
    """A share in words where a plain fraction fits ('about a third', 'nearly half'), else a percentage."""
    best = min(FRACTIONS, key=lambda name: abs(FRACTIONS[name] - share))
    gap = share - FRACTIONS[best]
    if abs(gap) <= 0.008:
        return "exactly half" if best == "half" and gap == 0 else f"about {best}"
    if abs(gap) <= FRACTION_TOLERANCE:
        return f"just over {best}" if gap > 0 else f"nearly {best}"
    if 0 < share < 0.18:
        n = round(1 / share)
        if 6 <= n <= 20 and abs(1 / n - share) <= 0.1 * share:
            return f"about one in {count(n)}"
    return percent(share)


_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(\s*%|\s+per\s?cent\b)?(?![\w])")
_ONE_IN = re.compile(r"\bone in (\d+|" + "|".join(_WORD_COUNTS) + r")\b", re.IGNORECASE)
_FRACTION = re.compile(r"\b(" + "|".join(sorted(FRACTIONS, key=len, reverse=True)) + r")\b", re.IGNORECASE)
_WORD_COUNT = re.compile(r"\b(" + "|".join(_WORD_COUNTS) + r")\b", re.IGNORECASE)
# A count of people: a number, perhaps an adjective, then a word for people ("24 people", "at least nine
# distinct commenters"). "one" and "a single" are left out, as for counts ("one commenter put it").
_PEOPLE = re.compile(
    r"(?<![\w.,])(?P<least>at least\s+)?(?P<n>\d{1,3}(?:,\d{3})+|\d+|" + "|".join(_WORD_COUNTS) + r")\s+"
    r"(?:(?:different|distinct|other|more|separate|individual|unique)\s+)?"
    r"(?:people|persons?|commenters?|participants?|users?|posters?|authors?|individuals?|respondents?"
    r"|contributors?)\b",
    re.IGNORECASE,
)


def read_numbers(text: str) -> list[tuple[str, str, float]]:
    """Every number written in ``text`` as (what was written, kind, value).

    kind is "count" (an integer or decimal), "percent" (value 0-100), or "fraction" (value 0-1, from words
    such as "a third" or "one in five").
    """
    found: list[tuple[str, str, float]] = []
    for m in _ONE_IN.finditer(text):
        n = m.group(1).lower()
        denominator = _WORD_COUNTS.get(n) or int(n)
        found.append((m.group(0), "fraction", 1 / denominator))
    text = _ONE_IN.sub(" ", text)
    for m in _FRACTION.finditer(text):
        found.append((m.group(0), "fraction", FRACTIONS[m.group(1).lower()]))
    text = _FRACTION.sub(" ", text)
    for m in _NUMBER.finditer(text):
        value = float(m.group(1).replace(",", ""))
        found.append((m.group(0).strip(), "percent" if m.group(2) else "count", value))
    for m in _WORD_COUNT.finditer(text):
        found.append((m.group(0), "count", float(_WORD_COUNTS[m.group(1).lower()])))
    return found


def read_people(text: str) -> list[tuple[str, float, bool]]:
    """Every count of people in ``text`` as (what was written, value, whether it says "at least")."""
    found = []
    for m in _PEOPLE.finditer(text):
        n = m.group("n").lower()
        value = float(_WORD_COUNTS[n]) if n in _WORD_COUNTS else float(n.replace(",", ""))
        found.append((m.group(0), value, m.group("least") is not None))
    return found
