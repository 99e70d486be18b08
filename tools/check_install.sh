#!/usr/bin/env bash
# A clean install as a new user makes it: a fresh venv with the pip that ships with Python (no upgrade),
# `pip install .`, then the two commands that need every default dependency (trafilatura's article
# extraction, the models): `threadline article` and `threadline digest --article` on shared pages.
# Run by .ci/run; needs the package registry (as any install does) and ../shared/data.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
DATA=../shared/data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$PYTHON" -m venv "$work/venv"
echo "check_install: $("$work/venv/bin/pip" --version)"
"$work/venv/bin/pip" install -q .
tl="$work/venv/bin/threadline"

page=$(ls "$DATA"/articles/html/*.html.gz | head -1)
gunzip -c "$page" > "$work/page.html"
"$tl" article "$work/page.html" -f json > "$work/article.json"
"$work/venv/bin/python" -c "
import json, sys
a = json.load(open(sys.argv[1]))
assert a['title'] and len(a['text']) > 1000, 'the article was not extracted'
" "$work/article.json"

"$tl" digest "$DATA/reddit/Python__91em1h.json" --article "$work/page.html" --embedder fast -o "$work/digest.md"
grep -q "Read the original article" "$work/digest.md"
echo "check_install: pip install . with the bundled pip, then article and digest --article: ok"
