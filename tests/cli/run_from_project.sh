#!/usr/bin/env bash
# Working from your own project folder, as a new user would: a fresh git
# project with its own manifest, sources, data file and one recipe of its
# own, all named by relative paths, run from inside it with no build
# option. The builds go to the user's cache folder (never into the
# project), the data file listed under files: is in the run's folder,
# read-only, and --runners adds the project's recipe to the shipped ones
# (or replaces the shipped one of the same language).
set -u
: "${VERSUS:?}" "${VERSUS_SOURCE_DIR:?}"
command -v cc >/dev/null || { echo "skip: no cc"; exit 77; }
command -v git >/dev/null || { echo "skip: no git"; exit 77; }
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
check() { # description, then a command that must succeed
	local what=$1
	shift
	if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fail=1; fi
}
export HOME="$work/home"
unset XDG_CACHE_HOME VERSUS_RUNNERS
mkdir -p "$HOME" "$work/proj/src" "$work/proj/inputs" "$work/proj/runners"
proj="$work/proj"
git -C "$proj" init -q

# The baseline counts the lines of the file named by its argument, and
# refuses to count unless that file is read-only (mode 0444). It also
# tries, as a hostile program would, to change its folder: the box shows
# it read-only (exit 4 if any change works), while /tmp stays writable.
cat >"$proj/src/count.c" <<'C'
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct stat st;
	if (argc < 2 || stat(argv[1], &st) || (st.st_mode & 0777) != 0444) {
		fprintf(stderr, "no read-only %s here\n", argc > 1 ? argv[1] : "");
		return 3;
	}
	if (chmod(argv[1], 0644) == 0 || open(argv[1], O_WRONLY) >= 0 ||
	    open("scratch", O_WRONLY | O_CREAT, 0644) >= 0 ||
	    unlink(argv[1]) == 0) {
		fprintf(stderr, "the run's folder could be changed\n");
		return 4;
	}
	if (open("/tmp/scratch", O_WRONLY | O_CREAT, 0644) < 0) {
		fprintf(stderr, "/tmp is not writable\n");
		return 5;
	}
	FILE *f = fopen(argv[1], "r");
	int c, lines = 0;
	while (f && (c = getc(f)) != EOF)
		lines += c == '\n';
	printf("%d\n", lines);
	return 0;
}
C
printf 'wc -l <"$1"\n' >"$proj/src/count.sh"
printf 'alpha\nbeta\ngamma\n' >"$proj/inputs/words.txt"
chmod 644 "$proj/inputs/words.txt"
# A language of the project's own, unknown to the shipped recipes.
cat >"$proj/runners/shell.yaml" <<'YAML'
schema: 1
language: shell
title: the project's shell
detect: [sh, -c, "echo sh 1"]
build: [cp, "{source}", "{bin}"]
run: [sh, "{bin}", "{args}"]
YAML
cat >"$proj/bench.yaml" <<'YAML'
schema: 1
workload: proj-count
baseline: c
files: [inputs/words.txt]
args: [words.txt]
implementations:
  - {id: c, language: c, source: src/count.c}
  - {id: sh, language: shell, source: src/count.sh}
YAML

(cd "$proj" && "$VERSUS" run --no-progress --runs 2 --warmup 0 \
	--runners runners -o results bench.yaml) \
	>"$work/run.out" 2>"$work/run.err"
rc=$?
check "run from the project folder: exit code 0 (got $rc)" test "$rc" = 0
check "the result file is in the project's results/" \
	test "$(ls "$proj/results" 2>/dev/null | grep -c '^proj-count-.*\.json$')" = 1
check "builds went to ~/.cache/versus" \
	test -x "$HOME/.cache/versus/proj-count/c/main"
check "the shell implementation was built with the project's recipe" \
	test -f "$HOME/.cache/versus/proj-count/sh/main"
check "nothing was built inside the project" \
	test -z "$(cd "$proj" && find . -path ./.git -prune -o -name main -print)"
check "no 'inside the sources' refusal" \
	test "$(grep -c "inside the sources" "$work/run.err")" = 0
check "the project's input file keeps its mode (copies are read-only)" \
	test "$(stat -c %a "$proj/inputs/words.txt")" = 644
# Both implementations counted the data file of files: (a missing or
# writable words.txt makes the baseline exit 3: a failure, not OK).
python3 - "$proj/results" <<'PY' || { echo "FAIL: result statuses"; fail=1; }
import glob, json, sys
r = json.load(open(glob.glob(sys.argv[1] + "/*.json")[0]))
impls = r.get("implementations") or r["workloads"][0]["implementations"]
st = {i["id"]: i["status"] for i in impls}
assert st == {"c": "OK", "sh": "OK"}, st
print("ok: both implementations OK on the data file")
PY

# Without files: the run's folder is empty: the baseline fails.
sed '/^files:/d' "$proj/bench.yaml" >"$proj/nofiles.yaml"
(cd "$proj" && "$VERSUS" run --no-progress --runs 2 --warmup 0 \
	--runners runners -o results-nofiles nofiles.yaml) \
	>"$work/nofiles.out" 2>"$work/nofiles.err"
rc=$?
check "without files: the run fails (got $rc)" test "$rc" != 0
check "without files: the program says why" \
	grep -q "no read-only words.txt here" "$work/nofiles.out" "$work/nofiles.err"

# A build root inside the sources is refused with the way out.
(cd "$proj" && "$VERSUS" run --no-progress --runners runners \
	--build-root src/build bench.yaml) >/dev/null 2>"$work/inside.err"
rc=$?
check "build root inside the sources: exit 2 (got $rc)" test "$rc" = 2
check "build root inside the sources: the message names --build-root DIR" \
	grep -q "inside the sources of 'c'; pass --build-root DIR" "$work/inside.err"

# --runners adds: without it the project's language is unknown; with it
# the shipped recipes are all still there, plus the project's.
(cd "$proj" && "$VERSUS" check bench.yaml) >/dev/null 2>"$work/check.err"
rc=$?
check "check without --runners: exit 2 (got $rc)" test "$rc" = 2
check "check without --runners: unknown language 'shell'" \
	grep -q "shell" "$work/check.err"
(cd "$proj" && "$VERSUS" check --runners runners bench.yaml) \
	>/dev/null 2>"$work/check2.err"
rc=$?
check "check with --runners: exit 0 (got $rc)" test "$rc" = 0
"$VERSUS" toolchains -f json >"$work/shipped.json" 2>/dev/null
"$VERSUS" toolchains -f json --runners "$proj/runners" >"$work/added.json" \
	2>/dev/null
mkdir "$work/override"
sed 's/^title: .*/title: my own C/' "$VERSUS_SOURCE_DIR/runners/c.yaml" \
	>"$work/override/c.yaml"
"$VERSUS" toolchains -f json --runners "$work/override" \
	>"$work/override.json" 2>/dev/null
python3 - "$work" "$VERSUS_SOURCE_DIR" <<'PY' || { echo "FAIL: recipe sets"; fail=1; }
import json, sys
w = sys.argv[1]
load = lambda n: {r["language"]: r for r in json.load(open(f"{w}/{n}.json"))}
shipped, added, over = load("shipped"), load("added"), load("override")
assert "c" in shipped and "python" in shipped, sorted(shipped)
assert set(added) == set(shipped) | {"shell"}, sorted(added)
assert added["shell"]["title"] == "the project's shell"
print("ok: --runners adds its recipe to every shipped one")
assert set(over) == set(shipped), sorted(over)
assert over["c"]["title"] == "my own C", over["c"]
assert over["c"]["recipe"].startswith(w + "/override/"), over["c"]["recipe"]
assert over["python"]["title"] == shipped["python"]["title"]
print("ok: a recipe of a shipped language replaces that one only")
PY
[ "$fail" = 0 ] || cat "$work"/*.err
exit "$fail"
