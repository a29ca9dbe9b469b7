#!/usr/bin/env bash
# report_html.sh: the HTML report rendered by a real browser. Renders the
# synthetic suite, loads the page in headless Chromium with networking
# switched off, and checks from the rendered DOM that the charts are there;
# takes a screenshot (kept in $VERSUS_BUILD_DIR/report_html.png to look at).
# Exit 77 (skipped) where Chromium is not installed.
set -u
: "${VERSUS:?path of the versus binary}" "${VERSUS_SOURCE_DIR:?}"

# Without a browser first: the geometry of the charts, and a workload where
# only the baseline passed.
static=$(mktemp -d /tmp/versus-report-html-static-XXXXXX)
trap 'rm -rf "$static"' EXIT
static_fail=0
"$VERSUS" report --format html -o "$static/suite.html" "$VERSUS_SOURCE_DIR/tests/data/results/suite" || {
	echo "FAIL: versus report --format html"; exit 1; }
# Every chart at least 1000 px wide; no sample dot or whisker end within
# 20 px of the ends of its plot (they sat on the frame before).
if python3 - "$static/suite.html" <<'PY'
import re, sys
html = open(sys.argv[1]).read()
bad, widths = 0, []
for svg in re.findall(r"<svg.*?</svg>", html, re.S):
    widths.append(float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1)))
    ax = re.search(r'class="axis" x1="([\d.]+)" y1="[\d.]+" x2="([\d.]+)"', svg)
    x1, x2 = float(ax.group(1)), float(ax.group(2))
    xs = [float(x) for x in re.findall(r'<circle class="sample" cx="([\d.]+)"', svg)]
    for d in re.findall(r'class="whisker" d="([^"]+)"', svg):
        xs += [float(v) for v in re.findall(r"M([\d.]+)", d)]
    bad += sum(1 for x in xs if x < x1 + 20 or x > x2 - 20)
print(f"{bad} dots or whisker ends within 20 px of a plot's ends; "
      f"narrowest chart {min(widths):.0f} px")
sys.exit(1 if bad or min(widths) < 1000 else 0)
PY
then echo "ok: charts large, extreme points off the frame"
else echo "FAIL: chart size or margins"; static_fail=1; fi
"$VERSUS" report --format html -o "$static/only.html" "$VERSUS_SOURCE_DIR/tests/data/results/only-baseline"
if grep -q '<p class="nothing"><strong>Nothing to compare:</strong> only the baseline <code>c</code> passed' "$static/only.html" &&
	! grep -q 'class="chart ratio"' "$static/only.html" &&
	[ "$(grep -c 'class="chart strip"' "$static/only.html")" = 1 ]; then
	echo "ok: only the baseline passed: 'Nothing to compare', no empty ratio chart"
else
	echo "FAIL: only-baseline page"; static_fail=1
fi
# Iteration mode (issue 13): a chart per execution with its dots (every
# iteration: a dot or, for an outlier, a cross), segments, changepoints and
# steady start; the PV execution drawn but not analysed; the four ratios.
"$VERSUS" report --format html -o "$static/iter.html" "$VERSUS_SOURCE_DIR/tests/data/results/iterations"
if python3 - "$static/iter.html" <<'PY'
import re, sys
h = open(sys.argv[1]).read()
series = re.findall(r'<svg[^>]*class="chart series".*?</svg>', h, re.S)
problems = []
if len(series) != 20:
    problems.append(f"{len(series)} series charts, want 20")
for s in series:
    label = re.search(r'aria-label="([^"]*)"', s).group(1)
    n = 57 if "PV after 57" in label else 100
    dots = re.search(r'class="iters"[^>]* d="([^"]*)"', s).group(1).count("h0")
    out = re.search(r'class="outliers"[^>]* d="([^"]*)"', s)
    crosses = out.group(1).count("l6 6") if out else 0
    if dots + crosses != n:
        problems.append(f"{label}: {dots} dots + {crosses} crosses, want {n}")
    if label.startswith("java: ") and not ("warmup" in label and 'class="steady-start"' in s and 'class="changepoint"' in s and 'class="segment"' in s):
        problems.append(f"{label}: no warmup, steady start, changepoint or warmup segment")
    if "PV" in label and ('class="segment' in s or "not analysed" not in label):
        problems.append(f"{label}: PV execution analysed")
    if label.startswith("c: ") and "flat" not in label:
        problems.append(f"{label}: c not flat")
if not any('class="excursions"' in s and "M" in re.search(r'class="excursions"[^>]* d="([^"]*)"', s).group(1) for s in series if s.count('class="excursions"')):
    problems.append("c's interference spike not drawn as an excursion")
if len(re.findall(r'class="chart ratio"', h)) != 2:
    problems.append("want the time ratio chart and the four-ratio chart")
four = re.findall(r'<svg[^>]*aria-label="[^"]*steady-state ratios[^"]*".*?</svg>', h, re.S)
if not four or four[0].count('class="bar"') != 8:
    problems.append("four-ratio chart: want 8 bars (java, java-int)")
for want in ('<table class="iterations">', "settle at different levels", "never (the baseline stays ahead)"):
    if want not in h:
        problems.append(f"no '{want}'")
print("\n".join(problems) or "ok")
sys.exit(1 if problems else 0)
PY
then echo "ok: iteration series, segments, steady starts and four ratios drawn"
else echo "FAIL: iteration charts"; static_fail=1; fi
[ $static_fail = 0 ] || exit 1

browser=""
for b in chromium chromium-browser google-chrome; do
	if command -v "$b" >/dev/null 2>&1; then browser=$(command -v "$b"); break; fi
done
[ -n "$browser" ] || { echo "skip: no chromium"; exit 77; }

tmp=$(mktemp -d /tmp/versus-report-html-XXXXXX)
trap 'rm -rf "$tmp" "$static"' EXIT
page="$tmp/report.html"
shot="${VERSUS_BUILD_DIR:-$tmp}/report_html.png"
"$VERSUS" report --format html -o "$page" "$VERSUS_SOURCE_DIR/tests/data/results/suite" || {
	echo "FAIL: versus report --format html"; exit 1; }

chrome() {
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --user-data-dir="$tmp/profile" "$@" "file://$page" 2>"$tmp/chrome.err"
}

chrome --dump-dom >"$tmp/dom.html"
rc=$?
[ $rc = 0 ] || { echo "FAIL: chromium --dump-dom exit $rc"; tail "$tmp/chrome.err"; exit 1; }
fail=0
need() { # need PATTERN MIN_COUNT WHAT
	local n
	n=$(grep -o -- "$1" "$tmp/dom.html" | wc -l)
	if [ "$n" -ge "$2" ]; then echo "ok: $3 ($n)"; else echo "FAIL: $3: $n, want >= $2"; fail=1; fi
}
need '<svg ' 9 "SVG charts in the rendered DOM"
need 'class="bar"' 12 "ratio and memory bars"
need 'class="whisker"' 10 "CI whiskers"
need 'class="sample"' 100 "sample dots"
need '<table class="summary">' 2 "suite summary tables"
need 'geometric mean' 2 "geometric-mean column"
need '<script' 0 "no script (count shown)"
if grep -q '<script' "$tmp/dom.html"; then echo "FAIL: the page has a script"; fail=1; fi

# The iteration page in the browser too: its series charts are in the DOM.
page="$tmp/iterations.html"
"$VERSUS" report --format html -o "$page" "$VERSUS_SOURCE_DIR/tests/data/results/iterations"
chrome --dump-dom >"$tmp/dom.html" || { echo "FAIL: chromium on the iteration page"; fail=1; }
need 'class="chart series"' 20 "iteration series charts in the rendered DOM"
need 'class="steady-start"' 15 "steady starts marked"
chrome --screenshot="${VERSUS_BUILD_DIR:-$tmp}/report_html_iterations.png" --window-size=1280,4000
page="$tmp/report.html"

chrome --screenshot="$shot" --window-size=1280,2000
if [ -s "$shot" ] && [ "$(head -c 8 "$shot" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; then
	echo "ok: screenshot $shot ($(stat -c %s "$shot") bytes)"
else
	echo "FAIL: no screenshot"; fail=1
fi
[ $fail = 0 ] && echo "report_html: passed" || echo "report_html: failed"
exit $fail
