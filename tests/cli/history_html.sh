#!/usr/bin/env bash
# history_html.sh: the dashboard of `versus history --format html`. A
# synthetic history (tests/history/gen.h: 40 revisions, +8% at the 25th)
# is rendered; without a browser, the links are checked to reach the run
# reports (the latest 20 revisions) and the result files, and nothing
# remote or scripted is named; then both pages are loaded
# in headless Chromium with networking off, and the rendered DOM must hold
# the sparklines, charts, CI bands, change points and revision labels.
# Screenshot in $VERSUS_BUILD_DIR/history_html.png. Exit 77 (skipped)
# without Chromium.
set -u
: "${VERSUS:?}" "${VERSUS_SOURCE_DIR:?}" "${VERSUS_BUILD_DIR:?}"
gen=$VERSUS_BUILD_DIR/tests/history_gen
tmp=$(mktemp -d /tmp/versus-history-html-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail=0
"$gen" "$VERSUS_SOURCE_DIR/tests/data/results/suite/nbody-20261122T201500Z.json" \
	"$tmp/results" 40 25:1.08 || { echo "FAIL: history_gen"; exit 1; }
"$VERSUS" history --format html -o "$tmp/dash" "$tmp/results" ||
	{ echo "FAIL: versus history --format html"; exit 1; }
"$VERSUS" history --format html "$tmp/results" 2>/dev/null
[ $? = 2 ] && echo "ok: html without -o is a usage error" || { echo "FAIL: html without -o"; fail=1; }

# Every link of the workload page reaches a file; nothing remote.
if python3 - "$tmp/dash" <<'PY'
import os, re, sys
d = sys.argv[1]
bad = 0
for page in ("index.html", "w-nbody.html"):
    html = open(os.path.join(d, page)).read()
    for href in re.findall(r'href="([^"]+)"', html):
        if not os.path.exists(os.path.join(d, href)):
            print("broken link", page, href); bad += 1
    if re.search(r'<script|src="|https?://|@import|url\(', html):
        print("remote or scripted content in", page); bad += 1
w = open(os.path.join(d, "w-nbody.html")).read()
n = len(re.findall(r'href="\.\./results/nbody-\d+\.json"', w))
runs = set(re.findall(r'href="(runs/[0-9a-f]{16}\.html)"', w))
print(n, "links to result files,", len(runs), "run reports")
# the latest 20 of 40 revisions get a report page, the older link to files
for r in runs:
    page = open(os.path.join(d, r)).read()
    if "nbody" not in page or "<svg" not in page or re.search(r'<script|src="|(?<!xmlns=")https?://', page):
        print("not a self-contained report of the run:", r); bad += 1
sys.exit(1 if bad or n < 100 or len(runs) != 20 else 0)
PY
then echo "ok: links reach the run reports and the result files; nothing remote"; else echo "FAIL: links"; fail=1; fi
"$VERSUS" history --format html --reports 0 -o "$tmp/dash0" "$tmp/results" 2>/dev/null &&
	! [ -e "$tmp/dash0/runs" ] && ! grep -q 'href="runs/' "$tmp/dash0/w-nbody.html"
[ $? = 0 ] && echo "ok: --reports 0: every point links to its result file" || { echo "FAIL: --reports 0"; fail=1; }

browser=""
for b in chromium chromium-browser google-chrome; do
	if command -v "$b" >/dev/null 2>&1; then browser=$(command -v "$b"); break; fi
done
[ -n "$browser" ] || { echo "skip: no chromium"; exit 77; }
chrome() { # chrome PAGE ARGS...
	local page=$1
	shift
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --user-data-dir="$tmp/profile" "$@" "file://$page" 2>"$tmp/chrome.err"
}
need() { # need FILE PATTERN MIN WHAT
	local n
	n=$(grep -o -- "$2" "$1" | wc -l)
	if [ "$n" -ge "$3" ]; then echo "ok: $4 ($n)"; else echo "FAIL: $4: $n, want >= $3"; fail=1; fi
}
chrome "$tmp/dash/index.html" --dump-dom >"$tmp/index.dom" || { echo "FAIL: chromium"; exit 1; }
need "$tmp/index.dom" 'class="spark"' 5 "a sparkline per series with values"
need "$tmp/index.dom" '<tr class="alert">' 5 "the regressed series marked"
need "$tmp/index.dom" 'rev-00024\.\.rev-00025' 5 "each latest change with its revision range"
chrome "$tmp/dash/w-nbody.html" --dump-dom >"$tmp/w.dom" || { echo "FAIL: chromium"; exit 1; }
need "$tmp/w.dom" '<svg class="chart time log"' 1 "a time chart on a log scale (3.6 s and 50 ms)"
need "$tmp/w.dom" '<svg class="chart ratio' 1 "a ratio-to-baseline chart"
need "$tmp/w.dom" 'class="band"' 10 "CI bands"
need "$tmp/w.dom" 'class="cp"' 5 "change points marked"
need "$tmp/w.dom" 'class="rev"' 40 "revisions on the x axis"
need "$tmp/w.dom" 'class="point"' 200 "points"
if grep -q '<script' "$tmp/w.dom" "$tmp/index.dom"; then echo "FAIL: a script"; fail=1; fi
shot=$VERSUS_BUILD_DIR/history_html.png
chrome "$tmp/dash/w-nbody.html" --screenshot="$shot" --window-size=1100,1000
[ -s "$shot" ] && echo "ok: screenshot $shot" || { echo "FAIL: no screenshot"; fail=1; }
exit $fail
