"""Run the quality benchmarks one after another, each printing its own figures (`make bench`).

The speed and load benchmarks take minutes and are run on their own:

    python benchmarks/scale.py        # 1k / 10k / 100k-comment threads, batch throughput
    python benchmarks/web_load.py     # 20 concurrent uploads, 200 page reads against `threadline serve`
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUALITY = [
    "article_extraction.py",  # article text vs ground truth (token F1)
    "themes_argkp.py",  # themes vs ArgKP-2021 expert key points, prevalence error, TF-IDF baseline
    "stance.py",  # reply stance vs hand-labelled pairs, majority baseline
    "emotions.py",  # GoEmotions dev: every label's F1, macro and amusement; cost beside the embedders
    "tones_reader.py",  # the tones readers named first beside the digest's, on nine real threads and the demo
    "dynamics.py",  # tone, questions, phrases, consensus on shared threads, for reading
    "faithfulness.py",  # quotes verbatim, ids real, numbers traceable, coverage on every shared thread
    "mutated_input.py",  # 3,000 damaged inputs of every kind: exceptions other than threadline's own
]


def main() -> int:
    failed = []
    for name in QUALITY:
        print(f"\n=== {name} " + "=" * (100 - len(name)), flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, str(HERE / name)])
        print(f"--- {name}: exit {code}, {time.perf_counter() - started:.1f} s", flush=True)
        if code:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
