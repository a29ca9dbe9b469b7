#!/bin/bash
# cli_options.sh: the one option parser as users meet it, on the real
# binary: the value forms, options among paths, prefixes, the old names
# (--build-dir, --format text) still working with a one-line warning,
# located usage errors (exit 2) in every command, and a --help for every
# command that documents the current names within 80 columns.
set -u
: "${VERSUS:?path of the versus binary}"
: "${VERSUS_SOURCE_DIR:?source tree}"
DATA="$VERSUS_SOURCE_DIR/tests/data"
RUNNERS="$VERSUS_SOURCE_DIR/runners"
M="$DATA/manifests/valid/minimal.yaml"
TMP=$(mktemp -d /tmp/versus-cli-options-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
export XDG_CACHE_HOME="$TMP/cache"
failures=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# expect CODE DESCRIPTION -- ARGS...: run versus, check its exit code.
expect() {
	local want=$1 what=$2
	shift 3
	timeout 120 "$VERSUS" "$@" >"$TMP/out" 2>"$TMP/err"
	local got=$?
	if [ "$got" != "$want" ]; then
		fail "$what: exit $got, want $want"
		sed 's/^/  | /' "$TMP/err"
	else
		echo "ok: $what"
	fi
}

has() { # FILE TEXT DESCRIPTION
	grep -qF -- "$2" "$1" || {
		fail "$3: no '$2' in $(basename "$1"):"
		sed 's/^/  | /' "$1"
	}
}

# --- value forms and positions give the same plan ---
expect 0 "check, options first" -- check --runners "$RUNNERS" --format json "$M"
cp "$TMP/out" "$TMP/want.json"
for form in "--runners=$RUNNERS -f json $M" "$M -fjson --runners $RUNNERS" \
	"--form json --runn $RUNNERS -- $M" "-q --format=json --runners $RUNNERS $M"; do
	# shellcheck disable=SC2086 # the words are the test
	expect 0 "check $form" -- check $form
	cmp -s "$TMP/out" "$TMP/want.json" || fail "check $form: other output"
done
expect 0 "common options before the command" -- -q --no-color check \
	--runners "$RUNNERS" -f json "$M"
cmp -s "$TMP/out" "$TMP/want.json" || fail "versus -q check: other output"

# --- old names: still work, say so in one line ---
expect 0 "check --format text" -- check --runners "$RUNNERS" --format text "$M"
cp "$TMP/out" "$TMP/text.out"
has "$TMP/err" "versus: warning: --format text is now --format table; the old name goes in 0.3" \
	"check --format text"
[ "$(wc -l <"$TMP/err")" = 1 ] || fail "check --format text: not one line"
expect 0 "check --format table" -- check --runners "$RUNNERS" --format table "$M"
cmp -s "$TMP/out" "$TMP/text.out" || fail "text and table differ"
[ -s "$TMP/err" ] && fail "check --format table: stderr not empty"
expect 0 "check --build-dir" -- check --runners "$RUNNERS" -f json \
	--build-dir "$TMP/old" "$M"
has "$TMP/err" "versus: warning: --build-dir is now --build-root; the old name goes in 0.3" \
	"check --build-dir"
has "$TMP/out" "\"builddir\": \"$TMP/old/minimal/c\"" "check --build-dir"
expect 0 "check -q --build-dir" -- check -q --runners "$RUNNERS" \
	--build-dir "$TMP/old" "$M"
[ -s "$TMP/err" ] && fail "check -q --build-dir: warned though quiet"
expect 0 "toolchains --format text" -- toolchains --format text \
	--runners "$DATA/recipes/valid"
has "$TMP/out" "LANGUAGE" "toolchains --format text"
has "$TMP/err" "--format text is now --format table" "toolchains text"

# run with the old name: it builds where --build-dir says
if command -v cc >/dev/null; then
	mkdir "$TMP/w" "$TMP/w/src"
	cp "$DATA/run/src/spin.c" "$TMP/w/src/"
	cat >"$TMP/w/w.yaml" <<YAML
schema: 1
workload: opts
baseline: c
args: ["1000"]
implementations:
  - {id: c, language: c, source: src/spin.c}
YAML
	expect 0 "run --build-dir" -- run --no-progress --runs 1 --warmup 0 \
		--build-dir "$TMP/b" -o "$TMP/r" "$TMP/w/w.yaml"
	has "$TMP/err" "--build-dir is now --build-root; the old name goes in 0.3" \
		"run --build-dir"
	[ -d "$TMP/b/opts/c" ] || fail "run --build-dir: no build in $TMP/b"
	expect 0 "run --build-root, -f csv" -- run --no-progress --runs 1 \
		--warmup 0 --build-root "$TMP/b" -o "$TMP/r" -f csv "$TMP/w/w.yaml"
	grep -q "is now" "$TMP/err" && fail "run --build-root: a warning"
	has "$TMP/out" "workload," "run -f csv"
else
	echo "skip: run with --build-dir (no cc)"
fi

# --- usage errors: located, exit 2, nothing run ---
err() { # MESSAGE -- ARGS...
	local msg=$1
	shift 2
	expect 2 "$*" -- "$@"
	has "$TMP/err" "$msg" "$*"
}
err "versus: run: --runs: expected a whole number from 1 to 100000, not 'x'" \
	-- run --runs x "$M"
err "versus: run: unknown option '--fromat'; did you mean '--format'?" \
	-- run --fromat json "$M"
err "versus: try 'versus run --help'" -- run --fromat json "$M"
err "versus: run: --format: expected table, md, csv, json, bmf or github-action, not 'html'" \
	-- run -f html "$M"
err "versus: run: --jobs: expected a whole number from 1 to 64, not '0'" \
	-- run -j0 "$M"
err "versus: run: option '--r' is ambiguous: --runners, --runs, --require-all" -- run --r x "$M"
err "versus: check: --allow-outside-project takes no value" \
	-- check --allow-outside-project=yes "$M"
err "versus: check: --format: expected table or json, not 'md'" \
	-- check -f md "$M"
err "versus: report: --rows needs a value" -- report x --rows
err "versus: report: --rows: expected id or language, not 'lang'" \
	-- report --rows=lang x
err "versus: compare: --alpha: expected a number between 0 and 1, not '2'" \
	-- compare --alpha=2 a b
err "versus: compare: --threshold: expected a percentage such as 5 or 2.5%, not 'lots'" \
	-- compare --threshold lots a b
err "versus: sandbox: --wall-limit needs a value" -- sandbox --wall-limit
err "versus: sandbox: --env: expected NAME=VALUE, not 'X'" \
	-- sandbox --env X -- true
err "versus: sandbox: --memory-limit: invalid value '2 gigs'" \
	-- sandbox --memory-limit "2 gigs" -- true
err "versus: doctor: unexpected argument 'now'" -- doctor now
err "versus: toolchains: unknown option '-x'" -- toolchains -x
err "versus: unknown option '--bogus'" -- --bogus
err "versus: --color: expected auto, always or never, not 'blue'" \
	-- --color=blue check "$M"

# --- a command's arguments after CMD are its own ---
expect 0 "sandbox CMD -q" -- sandbox -- /bin/echo -q --help
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["status"] == "OK"' \
	"$TMP/out" || fail "sandbox CMD -q: not run"

# --- --help of every command: current names, 80 columns ---
for c in run check sandbox report compare toolchains doctor; do
	expect 0 "$c --help" -- "$c" --help
	has "$TMP/out" "usage: versus $c" "$c --help"
	has "$TMP/out" "  -h, --help" "$c --help"
	awk -v c="$c" 'length($0) >= 80 { print "FAIL: " c " --help: " length($0) " columns: " $0; bad = 1 }
		END { exit bad }' "$TMP/out" || failures=$((failures + 1))
	grep -q -- "--build-dir\|\btext\b.*default" "$TMP/out" &&
		fail "$c --help shows an old name"
done
expect 0 "run --help" -- run --help
for opt in --only --size --param --runners --build-root \
	--allow-outside-project --warmup --runs --min-runs --max-runs \
	--target-ci --time-budget --seed --cgroups --output --format \
	--no-progress --require-all --jobs --quiet --verbose --color; do
	has "$TMP/out" "$opt" "run --help"
done
expect 0 "help report" -- help report
has "$TMP/out" "github-action" "help report"

echo "cli_options: $failures failure(s)"
[ "$failures" = 0 ]
