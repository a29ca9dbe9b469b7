#!/bin/bash
# cli_check.sh: the real versus binary on `check`, `toolchains`, --help and
# bad invocations: exit codes and output. Every invalid manifest under
# tests/data/manifests/invalid/ must print exactly its .err file on stderr
# and exit 2.
set -u
: "${VERSUS:?path of the versus binary}"
: "${VERSUS_SOURCE_DIR:?source tree}"
DATA="$VERSUS_SOURCE_DIR/tests/data"
RUNNERS="$VERSUS_SOURCE_DIR/runners"
TMP=$(mktemp -d /tmp/versus-cli-check-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
export XDG_CACHE_HOME="$TMP/cache"
failures=0

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

# expect CODE DESCRIPTION -- ARGS...: run versus, check its exit code.
expect() {
	local want=$1 what=$2
	shift 3
	# A hang (a FIFO opened blocking) fails instead of stalling ctest.
	timeout 60 "$VERSUS" "$@" >"$TMP/out" 2>"$TMP/err"
	local got=$?
	if [ "$got" != "$want" ]; then
		fail "$what: exit $got, want $want"
		sed 's/^/  | /' "$TMP/err" >&2
	fi
}

contains() { # FILE TEXT DESCRIPTION
	grep -qF -- "$2" "$1" || fail "$3: no '$2' in $(basename "$1")"
}

# --- help documents every option ---
expect 0 "check --help" -- check --help
for opt in --size --param --only --runners --build-root --format --help; do
	contains "$TMP/out" "$opt" "check --help"
done
expect 0 "toolchains --help" -- toolchains --help
for opt in --runners --format --verbose --help; do
	contains "$TMP/out" "$opt" "toolchains --help"
done
expect 0 "help check" -- help check
contains "$TMP/out" "usage: versus check" "help check"

# --- bad invocations ---
expect 2 "check without a path" -- check
contains "$TMP/err" "no manifest given" "check without a path"
expect 2 "check bad option" -- check --frobnicate x.yaml
contains "$TMP/err" "unknown option '--frobnicate'" "check bad option"
expect 2 "check --size without value" -- check --size
contains "$TMP/err" "--size needs a value" "check --size"
expect 2 "check bad --param" -- check --param novalue x.yaml
contains "$TMP/err" "expected K=V" "check bad --param"
expect 2 "check bad --format" -- check --format xml x.yaml
expect 2 "check missing path" -- check "$TMP/none.yaml"
contains "$TMP/err" "none.yaml: no such file or folder" "check missing"
expect 2 "toolchains extra argument" -- toolchains extra
expect 2 "toolchains bad runners" -- toolchains --runners "$TMP/none"
contains "$TMP/err" "cannot read the runners folder" "toolchains runners"

# --- toolchains ---
expect 0 "toolchains" -- toolchains --runners "$RUNNERS"
for lang in c c-clang cpp rust go python pypy java node; do
	grep -qE "^$lang +(yes|no) " "$TMP/out" ||
		fail "toolchains: no row for $lang"
done
contains "$TMP/out" "LANGUAGE" "toolchains header"
expect 0 "toolchains -v" -- toolchains -v --runners "$DATA/recipes/valid"
contains "$TMP/out" "versus-no-such-tool-for-tests -> (not found)" \
	"toolchains -v"
grep -qE "^sh +yes +sh-test 1.0 " "$TMP/out" || fail "toolchains: sh row"
grep -qE "^missing +no " "$TMP/out" || fail "toolchains: missing row"
contains "$TMP/out" "'versus-no-such-tool-for-tests' not found on PATH" \
	"toolchains reason"
expect 0 "toolchains json" -- toolchains --format json \
	--runners "$DATA/recipes/valid"
python3 - "$TMP/out" <<'PY' || fail "toolchains json"
import json, sys
rows = {r["language"]: r for r in json.load(open(sys.argv[1]))}
assert rows["sh"]["available"] is True, rows["sh"]
assert rows["sh"]["version"] == "sh-test 1.0"
assert rows["missing"]["available"] is False
assert rows["missing"]["path"] is None
PY
expect 2 "toolchains with a bad recipe" -- toolchains \
	--runners "$DATA/recipes/invalid"
contains "$TMP/err" "sourse.yaml:3:27: unknown placeholder '{sourse}'" \
	"toolchains bad recipe"

# --- check: valid manifests ---
expect 0 "check valid folder" -- check --runners "$RUNNERS" \
	"$DATA/manifests/valid"
contains "$TMP/out" "workload full (version 3)" "check valid"
contains "$TMP/out" "workload minimal (version 1)" "check valid"
contains "$TMP/out" "implementation c [c] (baseline)" "check valid"
contains "$TMP/out" "'--label=two words'" "check quoting"
[ -s "$TMP/err" ] && fail "check valid: stderr not empty"
expect 0 "check --size --param --only" -- check --runners "$RUNNERS" \
	--size small --param label=x --only py "$DATA/manifests/valid/full.yaml"
contains "$TMP/out" "params     n=10 label=x" "check size"
contains "$TMP/out" "implementation py [python]" "check only"
grep -q "implementation java-interp" "$TMP/out" && fail "check --only kept java"
expect 2 "check unknown size" -- check --runners "$RUNNERS" --size huge \
	"$DATA/manifests/valid/full.yaml"
contains "$TMP/err" "--size: unknown size 'huge' (known: small, large)" \
	"unknown size"
expect 2 "check unknown param" -- check --runners "$RUNNERS" --param lable=x \
	"$DATA/manifests/valid/full.yaml"
contains "$TMP/err" "did you mean 'label'?" "unknown param"
expect 2 "check unknown only" -- check --runners "$RUNNERS" --only zz \
	"$DATA/manifests/valid/full.yaml"
contains "$TMP/err" "--only: no implementation 'zz'" "unknown only"
expect 0 "check NA" -- check --runners "$DATA/recipes/valid" \
	"$DATA/manifests/plan/plan.yaml"
contains "$TMP/out" "implementation b [missing]: NA" "check NA"
contains "$TMP/out" "toolchain not available: 'versus-no-such-tool-for-tests'" \
	"check NA reason"
expect 0 "check json" -- check --format json --runners "$RUNNERS" \
	"$DATA/manifests/valid/minimal.yaml"
python3 - "$TMP/out" "$XDG_CACHE_HOME" <<'PY' || fail "check json"
import json, sys
w = json.load(open(sys.argv[1]))[0]
assert w["workload"] == "minimal"
impl = w["implementations"][0]
assert impl["builddir"] == sys.argv[2] + "/versus/minimal/c", impl
assert impl["run_argv"] == [sys.argv[2] + "/versus/minimal/c/main"]
PY

# --- check: every invalid manifest, exact messages, exit 2 ---
cd "$DATA/manifests/invalid" || exit 1
n=0
for m in *.yaml; do
	n=$((n + 1))
	expect 2 "$m" -- check --runners "$RUNNERS" "$m"
	if ! cmp -s "$TMP/err" "${m%.yaml}.err"; then
		fail "$m: stderr differs from ${m%.yaml}.err"
		diff "${m%.yaml}.err" "$TMP/err" | sed 's/^/  | /' >&2
	fi
	[ -s "$TMP/out" ] && fail "$m: printed a plan"
done
[ "$n" -ge 25 ] || fail "only $n invalid manifests"

# All problems of several files in one run, the good ones still planned.
expect 2 "check mixed" -- check --runners "$RUNNERS" unknown-key.yaml \
	bad-size.yaml "$DATA/manifests/valid/minimal.yaml"
[ "$(wc -l <"$TMP/err")" -eq 7 ] || fail "check mixed: want 7 errors"
contains "$TMP/out" "workload minimal" "check mixed"

# A 50 MB file is refused before it is read.
truncate -s 50M "$TMP/huge.yaml"
expect 2 "huge manifest" -- check --runners "$RUNNERS" "$TMP/huge.yaml"
contains "$TMP/err" "huge.yaml:1:1: file too large: 52428800 bytes" "huge"

# Issue 11: a FIFO named *.yaml is refused at once by check and run (never
# opened blocking), the other manifests of the folder still checked.
mkdir "$TMP/fifo" && mkfifo "$TMP/fifo/a.yaml" &&
	cp "$DATA/manifests/valid/minimal.yaml" "$TMP/fifo/b.yaml"
# The copy names ../../src files: allowed, since outside its project.
sed -i "s|\.\./\.\./src/|$DATA/src/|g" "$TMP/fifo/b.yaml"
expect 2 "check a FIFO" -- check --runners "$RUNNERS" \
	--allow-outside-project "$TMP/fifo"
contains "$TMP/err" "a.yaml: not a regular file" "check FIFO"
contains "$TMP/out" "workload minimal" "check FIFO: the good one planned"
expect 2 "run a FIFO" -- run --runners "$RUNNERS" \
	-o "$TMP/fifo-results" "$TMP/fifo/a.yaml"
contains "$TMP/err" "a.yaml: not a regular file" "run FIFO"

# Files outside the manifest's project: refused by check and by run, unless
# --allow-outside-project; kernel interfaces never.
expect 2 "run outside" -- run --runners "$RUNNERS" -o "$TMP/out-results" \
	"$DATA/manifests/invalid/outside-project.yaml"
contains "$TMP/err" "resolves to '/etc/shadow', outside the manifest's project" "run outside"
[ -e "$TMP/out-results" ] && ls "$TMP/out-results"/*.json >/dev/null 2>&1 &&
	fail "run outside: wrote a result"
expect 2 "check copy outside" -- check --runners "$RUNNERS" "$TMP/fifo/b.yaml"
contains "$TMP/err" "is outside the manifest's project; pass --allow-outside-project" \
	"check copy outside"
expect 0 "check --allow-outside-project" -- check --runners "$RUNNERS" \
	--allow-outside-project "$DATA/manifests/invalid/outside-project.yaml"
contains "$TMP/out" "/etc/shadow" "allowed outside"
expect 2 "proc stays refused" -- check --runners "$RUNNERS" \
	--allow-outside-project "$DATA/manifests/invalid/proc-files.yaml"
contains "$TMP/err" "'/proc/self/environ' for 'stdin' is a kernel interface" "proc"

if [ "$failures" -ne 0 ]; then
	echo "$failures failure(s)" >&2
	exit 1
fi
echo "cli_check: all good ($n invalid manifests)"
