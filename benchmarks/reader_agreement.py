"""How far two readers of one thread agree, by the rule threadline is scored with: the ceiling to read the
80% target against.

A second reader read some of the threads again, blind to the first reader's reference and to threadline
(``benchmarks/reader_themes/second/``, made as the README there says). Each second reader's themes are
scored exactly as ``themes_reader.py`` scores threadline's: a first reader's theme is recovered when at least
half of its examples fall in one of the second reader's themes whose share is within 5 points. Both ways
round, since neither reader is the truth; threadline's figure on the same threads (mean of seeds 0-3, against
the first reader) is printed beside them. Then the tones: whether the two readers name the same tone first,
and whether the digest's first tone is either reader's.

    python benchmarks/reader_agreement.py
"""

from __future__ import annotations

import json
import sys

import threadline
from themes_reader import HERE, MAJOR, SEEDS, _count, score  # type: ignore[import-not-found]
from threadline.model import Theme
from threadline.write.tone_paragraph import named_tones
from tones_reader import READER_NAMES, family, source_path  # type: ignore[import-not-found]

SECOND = HERE / "second"


def as_themes(ref: dict) -> list[Theme]:
    """A reader's themes as threadline's ``Theme`` records, their "other" included, so one reader can be
    scored against another by the benchmark's own rule."""
    groups = [(t["id"], t["name"], t["comment_ids"], False) for t in ref["themes"]]
    if ref.get("other", {}).get("comment_ids"):
        groups.append(("other", "other", ref["other"]["comment_ids"], True))
    n = ref["analyzed"]
    return [
        Theme(cid, name, "", ids[0], list(ids), len(ids) / n, None, None, [], other=other)
        for cid, name, ids, other in groups
    ]


def major(ref: dict) -> int:
    return sum(t["share"] >= MAJOR for t in ref["themes"])


def main() -> None:
    pairs = [(HERE / p.name, p) for p in sorted(SECOND.glob("*.json")) if (HERE / p.name).exists()]
    if not pairs:
        sys.exit(f"no second readings in {SECOND}")
    second_finds = first_finds = 0
    ours_finds = 0.0
    first_major = second_major = 0
    for first_path, second_path in pairs:
        first = json.loads(first_path.read_text(encoding="utf-8"))
        second = json.loads(second_path.read_text(encoding="utf-8"))
        print(
            f"\n{first_path.stem}: first reader {len(first['themes'])} themes, second {len(second['themes'])}"
        )
        print("  the first reader's themes, found among the second's:")
        a = _count(first, as_themes(second), True)[3]
        print("  the second reader's themes, found among the first's:")
        b = _count(second, as_themes(first), True)[3]
        ours = sum(score(first_path, seed=seed, show=False)[3] for seed in SEEDS) / len(SEEDS)
        print(
            f"  of themes of 5% or more: second finds {a}/{major(first)} of the first's, first finds "
            f"{b}/{major(second)} of the second's; threadline finds {ours:.2f}/{major(first)} of the first's"
        )
        second_finds, first_finds, ours_finds = second_finds + a, first_finds + b, ours_finds + ours
        first_major, second_major = first_major + major(first), second_major + major(second)
    tones_agree = digest_first = 0
    for first_path, second_path in pairs:
        readers = [
            [family(READER_NAMES[t["name"]]) for t in json.loads(p.read_text(encoding="utf-8"))["tones"]]
            for p in (first_path, second_path)
        ]
        source = json.loads(first_path.read_text(encoding="utf-8"))["source"]
        named = [family(n) for n in named_tones(threadline.digest(source_path(source)).analysis)]
        same = readers[0][0] == readers[1][0]
        hit = bool(named) and named[0] in (readers[0][0], readers[1][0])
        tones_agree, digest_first = tones_agree + same, digest_first + hit
        print(
            f"  tones, {first_path.stem}: first reader {', '.join(readers[0])}; "
            f"second {', '.join(readers[1])}; digest {', '.join(named) or '-'}"
        )
    print(
        f"first tones: the two readers name the same one first in {tones_agree} of {len(pairs)}; "
        f"the digest's first is one of theirs in {digest_first} of {len(pairs)}"
    )
    print(
        f"\n{len(pairs)} threads read twice. Of the first readers' themes of 5% or more, the second readers "
        f"recover {second_finds}/{first_major} ({100 * second_finds / first_major:.0f}%) and threadline "
        f"{ours_finds:.2f}/{first_major} ({100 * ours_finds / first_major:.0f}%); the first readers recover "
        f"{first_finds}/{second_major} ({100 * first_finds / second_major:.0f}%) of the second readers'."
    )


if __name__ == "__main__":
    main()
