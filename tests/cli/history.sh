#!/usr/bin/env bash
# history.sh: `versus history` end to end. A git repository gets six
# commits of a tiny workload, the fourth making the program ten times
# slower (a step that a loaded machine's noise cannot hide); `versus run`
# at each records the commit; `versus history` finds the change between
# the third and the fourth commit, and
# --fail-on-regression exits 1 naming the series and the revision range.
# Also: a run of another set-up is another series, the index is reused,
# the JSON and export forms.
set -u
: "${VERSUS:?path of the versus binary}" "${VERSUS_SOURCE_DIR:?}"
command -v git >/dev/null || { echo "SKIP: no git"; exit 77; }
tmp=$(mktemp -d /tmp/versus-history-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # check DESCRIPTION COMMAND...
	local what=$1
	shift
	if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fail=1; fi
}

proj=$tmp/proj
mkdir -p "$proj/src"
cp "$VERSUS_SOURCE_DIR/tests/data/run/tiny.yaml" "$proj/"
cp "$VERSUS_SOURCE_DIR/tests/data/run/src/spin.c" "$proj/src/"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t
git -C "$proj" init -q
commits=()
for i in 1 2 3 4 5 6; do
	[ "$i" = 4 ] && sed -i 's/i < n;/i < 10 * n;/' "$proj/src/spin.c"
	echo "// commit $i" >>"$proj/src/spin.c"
	git -C "$proj" add -A
	# commit times one hour apart, in order
	GIT_COMMITTER_DATE="2026-01-0${i}T10:00:00Z" git -C "$proj" commit -qm "commit $i"
	commits+=("$(git -C "$proj" rev-parse HEAD)")
	"$VERSUS" run -q --runs 5 --warmup 1 --no-progress -o "$tmp/results" "$proj/tiny.yaml" >/dev/null ||
		{ echo "FAIL: versus run at commit $i"; exit 1; }
done
check "every result names its commit" \
	test "$(grep -l "\"id\": \"${commits[3]}\"" "$tmp"/results/*.json | wc -l)" = 1
check "the commit time is recorded" grep -q '"time": "2026-01-04T10:00:00Z"' "$tmp"/results/*.json

out=$("$VERSUS" history "$tmp/results" 2>&1)
rc=$?
echo "$out"
c2=${commits[2]:0:10} c3=${commits[3]:0:10}
check "history exits 0 without --fail-on-regression" test "$rc" = 0
# a and b build the same program, so both slow down at commit 4; on a
# loaded machine one series can be too noisy to show it, never both
imp=$(grep -o "^tiny/[ab] .*$c2\.\.$c3 *REGRESSION" <<<"$out" | head -n 1 | cut -c6)
check "the change is found between commits 3 and 4" test -n "$imp"
imp=${imp:-a}
check "the index is next to the results" test -s "$tmp/results/.versus-history.sqlite"

"$VERSUS" history --fail-on-regression 10% "$tmp/results" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "--fail-on-regression exits 1" test "$rc" = 1
check "the alert names the series and the range" grep -q "regression: tiny/$imp is +.*slower since $c2\.\.$c3" "$tmp/err"
"$VERSUS" history --fail-on-regression 10% --since 2026-01-06 "$tmp/results" >/dev/null 2>&1
check "--since leaves one revision: no change" test "$?" = 0

"$VERSUS" history -f json --impl "$imp" "$tmp/results" >"$tmp/h.json"
check "json: one series, its change and verdict" python3 - "$tmp/h.json" "${commits[2]}" "${commits[3]}" "$imp" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
(s,) = d["series"]
assert s["implementation"] == sys.argv[4] and len(s["points"]) == 6, s
(c,) = s["changes"]
assert c["last_before"] == sys.argv[2] and c["first_after"] == sys.argv[3], c
assert c["kind"] == "regression" and c["ratio"]["ci_low"] > 1.5, c
assert s["alert"] is True
PY
"$VERSUS" history -f bmf "$tmp/results" >"$tmp/h.bmf"
check "bmf: the verdict as a 0/1 measure; the format's rules" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
# the rules check_exports.c holds the exports of runs to: no null, bounds
# around the value, numbers only
for bench, measures in d.items():
    assert isinstance(measures, dict) and len(bench) <= 1024
    for m, v in measures.items():
        assert set(v) <= {"value", "lower_value", "upper_value"} and "value" in v, v
        assert all(isinstance(x, (int, float)) for x in v.values()), v
        assert v.get("lower_value", v["value"]) <= v["value"] <= v.get("upper_value", v["value"]), v
assert d["tiny/" + sys.argv[2]]["regression"]["value"] == 1, d
assert d["tiny/a"]["latency"]["lower_value"] <= d["tiny/a"]["latency"]["value"]' "$tmp/h.bmf" "$imp"
"$VERSUS" history -f github-action "$tmp/results" >"$tmp/h.ga"
check "github-action: the verdict as an entry of 1000; the format's rules" python3 -c '
import json, math, sys
a = json.load(open(sys.argv[1]))
d = {e["name"]: e for e in a}
assert len(d) == len(a), "names not unique"
for e in a:
    assert isinstance(e["name"], str) and isinstance(e["unit"], str)
    assert isinstance(e["value"], (int, float)) and math.isfinite(e["value"])
    assert all(isinstance(e.get(k, ""), str) for k in ("range", "extra"))
    assert "nan" not in json.dumps(e).lower().replace("name", "")
assert d["tiny/" + sys.argv[2] + " regression"]["value"] == 1000, d
assert "REGRESSION" in d["tiny/" + sys.argv[2] + " wall time"]["extra"]' "$tmp/h.ga" "$imp"
"$VERSUS" history -f openmetrics "$tmp/results" >"$tmp/h.om"
check "openmetrics: the text format's rules; the regression gauge; levels inside their CIs" python3 - "$tmp/h.om" "$imp" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
assert text.endswith("# EOF\n"), "no # EOF at the end"
lines = text.splitlines()[:-1]
sample = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*)\} (\S+)$')
families, seen, values = [], set(), {}
for ln in lines:
    if ln.startswith("# TYPE "):
        name, kind = ln.split()[2:4]
        assert kind == "gauge" and name not in seen, ln
        families.append(name); seen.add(name)
        continue
    if ln.startswith("# UNIT ") or ln.startswith("# HELP "):
        assert ln.split()[2] == families[-1], ln
        continue
    m = sample.match(ln)
    assert m, "not a sample line: " + ln
    assert m.group(1) == families[-1], "sample outside its family: " + ln
    v = float(m.group(3))
    labels = dict(re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"', m.group(2)))
    values[(m.group(1), labels["implementation"], labels.get("host"), labels.get("bound", ""))] = v
host = [k[2] for k in values if k[0] == "versus_regression" and k[1] == sys.argv[2]][0]
assert values[("versus_regression", sys.argv[2], host, "")] == 1, values
lvl = {b: values[("versus_level_seconds", sys.argv[2], host, b)] for b in ("ci_low", "median", "ci_high")}
assert 0 < lvl["ci_low"] <= lvl["median"] <= lvl["ci_high"] < 10, lvl
assert values[("versus_change_ratio", sys.argv[2], host, "ci_low")] > 1.5, values
PY
# the reference parser (Debian's python3-prometheus-client, from
# install-deps.sh) where it is installed
if /usr/bin/python3 -c 'import prometheus_client.openmetrics.parser' 2>/dev/null; then
	check "openmetrics: prometheus_client's OpenMetrics parser reads it" /usr/bin/python3 -c '
import sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
fams = list(text_string_to_metric_families(open(sys.argv[1]).read()))
assert len(fams) == 6 and all(f.type == "gauge" for f in fams), fams
assert sum(len(f.samples) for f in fams) > 10' "$tmp/h.om"
else
	echo "skip: prometheus_client not installed (scripts/install-deps.sh installs it)"
fi

# Another machine's run is another series, never mixed in.
f=$(ls "$tmp"/results/*.json | tail -1)
python3 - "$f" "$tmp/results/tiny-other-host.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["host"]["fingerprint"] = "0" * 64
d["host"]["hostname"] = "elsewhere"
for im in d["implementations"]:
    for k in ("median", "ci_low", "ci_high"):
        im["stats"]["wall_ns"][k] /= 100
json.dump(d, open(sys.argv[2], "w"))
PY
out=$("$VERSUS" -v history "$tmp/results" 2>&1)
check "another host is its own series" grep -q "tiny/a \[n=1300000\] on elsewhere  *1 " <<<"$out"
check "the index was updated, not rebuilt" grep -q "1 added, 0 changed, 0 removed" <<<"$out"
rm "$tmp/results/tiny-other-host.json"
out=$("$VERSUS" -v history "$tmp/results" 2>&1)
check "a removed file leaves the index" grep -q "0 added, 0 changed, 1 removed" <<<"$out"

echo '{"schema": 1}' >"$tmp/results/broken.json"
"$VERSUS" history "$tmp/results" >/dev/null 2>"$tmp/err"
check "a bad file: exit 2, named" test "$?" = 2
check "the bad file's message" grep -q "broken.json" "$tmp/err"
# --revision-from and --revision
"$VERSUS" run -q --runs 2 --warmup 0 --no-progress --revision-from "$proj" -o "$tmp/r2" "$proj/tiny.yaml" >/dev/null
check "--revision-from DIR records DIR's commit" grep -q "\"id\": \"${commits[5]}\"" "$tmp"/r2/*.json
"$VERSUS" run -q --runs 2 --warmup 0 --no-progress --revision v9.1 -o "$tmp/r3" "$proj/tiny.yaml" >/dev/null
check "--revision R records the label" python3 -c '
import glob, json, sys
(f,) = glob.glob(sys.argv[1] + "/*.json")
assert json.load(open(f))["revision"] == {"id": "v9.1", "time": None, "source": "option"}' "$tmp/r3"
"$VERSUS" run -q --runs 2 --no-progress --revision-from "$tmp" -o "$tmp/r4" "$proj/tiny.yaml" >/dev/null 2>&1
check "--revision-from a folder in no repository: exit 2" test "$?" = 2
mkdir "$tmp/norepo"
cp "$proj/tiny.yaml" "$tmp/norepo/"
cp -r "$proj/src" "$tmp/norepo/"
"$VERSUS" run -q --runs 2 --warmup 0 --no-progress -o "$tmp/r5" "$tmp/norepo/tiny.yaml" >/dev/null
check "outside a repository: no revision" sh -c '! grep -q "\"revision\"" "$1"/*.json' _ "$tmp/r5"

(cd "$tmp" && "$VERSUS" history missing-folder >/dev/null 2>&1)
check "a missing folder: exit 2" test "$?" = 2
check "...and no index made for it" test ! -e "$tmp/.versus-history.sqlite"
exit $fail
