#!/usr/bin/env bash
# `versus init` driven like a newcomer: three small programs (C, Python
# and one more language found on this machine) that print the same line;
# init, then check, then run, all OK. Then the refusals: an unknown
# extension (exit 2, the known extensions named), an existing manifest
# (refused, untouched), a program whose output differs (reported, exit 1,
# noted in a manifest that still loads), a manifest in another folder
# (paths relative to it), and two recipes that both claim to be the
# default for an extension. Programs that take arguments and read a data
# file by name: --args and --file make a manifest that runs as it is.
set -u
: "${VERSUS:?}" "${VERSUS_SOURCE_DIR:?}"
command -v cc >/dev/null || { echo "skip: no cc"; exit 77; }
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
check() { # description, then a command that must succeed
	local what=$1
	shift
	if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fail=1; fi
}
mkdir "$work/src"
cd "$work" || exit 1
printf '#include <stdio.h>\nint main(void) { puts("same 42"); return 0; }\n' \
	>src/hello.c
printf 'print("same 42")\n' >src/hello.py
if command -v node >/dev/null; then
	third=src/hello.js lang=node
	printf 'console.log("same 42");\n' >"$third"
elif command -v g++ >/dev/null; then
	third=src/hello.cpp lang=cpp
	printf '#include <cstdio>\nint main() { std::puts("same 42"); }\n' \
		>"$third"
elif command -v go >/dev/null; then
	third=src/hello.go lang=go
	printf 'package main\nimport "fmt"\nfunc main() { fmt.Println("same 42") }\n' \
		>"$third"
else
	echo "skip: no third language (node, g++ or go)"
	exit 77
fi
v() { "$VERSUS" "$@" --build-root "$work/build"; }

v init --no-progress bench src/hello.c src/hello.py "$third" \
	>init.out 2>init.err
rc=$?
cat init.err
check "init: exit 0 (got $rc)" test "$rc" = 0
check "init: bench.yaml written" test -f bench.yaml
check "init: bench.expected is the baseline's output" \
	test "$(cat bench.expected)" = "same 42"
check "init: C is the baseline" grep -qx 'baseline: hello-c' bench.yaml
check "init: languages from extensions" \
	grep -q "language: $lang" bench.yaml
check "init: python from .py" grep -qx '    language: python' bench.yaml
check "init: paths relative to the manifest" \
	grep -qx '    source: "src/hello.c"' bench.yaml
check "init: the check expects bench.expected" \
	grep -q 'expect: "bench.expected"' bench.yaml
check "init: comments say what to edit" grep -q '^# TO EDIT' bench.yaml
check "init: says what it wrote" grep -q 'wrote bench.yaml' init.err

v check bench.yaml >check.out 2>&1
rc=$?
check "check: exit 0 (got $rc)" test "$rc" = 0
v run --no-progress --runs 3 --warmup 0 -o results bench.yaml \
	>run.out 2>run.err
rc=$?
cat run.out
check "run: exit 0 (got $rc)" test "$rc" = 0
check "run: three implementations OK, 3 runs each" \
	test "$(grep -cE '^hello-[a-z]+ +[a-z]+ +OK +3 ' run.out)" = 3

# An unknown extension: exit 2, the file and the known extensions named.
printf 'x\n' >src/x.zzz
v init other src/hello.c src/x.zzz >unk.out 2>unk.err
rc=$?
cat unk.err
check "unknown extension: exit 2 (got $rc)" test "$rc" = 2
check "unknown extension: names the file" grep -q "src/x.zzz" unk.err
check "unknown extension: lists the known ones" \
	grep -q 'known extensions:.* \.c .*\.py' unk.err
check "unknown extension: nothing written" test ! -e other.yaml

# An existing manifest is refused and left as it was.
cp bench.yaml before.yaml
v init bench src/hello.c >exist.out 2>exist.err
rc=$?
cat exist.err
check "existing file: exit 2 (got $rc)" test "$rc" = 2
check "existing file: says so" grep -q "exists; give --force" exist.err
check "existing file: untouched" cmp -s bench.yaml before.yaml

# A program whose output differs: reported, noted, still a manifest.
printf 'print("other 43")\n' >src/wrong.py
v init --no-progress diff src/hello.c src/wrong.py >diff.out 2>diff.err
rc=$?
cat diff.err
check "differing output: exit 1 (got $rc)" test "$rc" = 1
check "differing output: reported with the program" \
	grep -q "wrong (python, src/wrong.py).*WA.*differs" diff.err
check "differing output: noted in the manifest" \
	grep -q '^  # trial run: WA' diff.yaml
v check diff.yaml >diffcheck.out 2>&1
rc=$?
check "differing output: the manifest loads (got $rc)" test "$rc" = 0

# A baseline that does not compile: the compiler's error shown, no
# expected output, the manifest still loads.
printf 'int main(void) { syntax error }\n' >src/bad.c
v init --no-progress ce src/bad.c src/hello.py >ce.out 2>ce.err
rc=$?
cat ce.err
check "baseline CE: exit 1 (got $rc)" test "$rc" = 1
check "baseline CE: reported" grep -q "bad (c, src/bad.c), the baseline: trial run: CE" ce.err
check "baseline CE: the compiler's message shown" grep -q "error:" ce.err
check "baseline CE: no expected output" test ! -e ce.expected
v check ce.yaml >cecheck.out 2>&1
rc=$?
check "baseline CE: the manifest loads (got $rc)" test "$rc" = 0

# -o in another folder: sources relative to that folder; --force. A
# source above the manifest's folder must be in its project (a git
# checkout's): without one, a clear refusal and no file left behind.
mkdir conf
v init --no-progress -o conf/b.yaml b src/hello.c >out.out 2>out.err
rc=$?
cat out.err
check "outside the project: exit 2 (got $rc)" test "$rc" = 2
check "outside the project: says so" grep -q "outside the manifest's project" out.err
check "outside the project: no manifest left" test ! -e conf/b.yaml
mkdir .git
v init --no-progress -o conf/b.yaml b src/hello.c src/hello.py \
	>o.out 2>o.err
rc=$?
check "-o: exit 0 (got $rc)" test "$rc" = 0
check "-o: paths relative to the manifest's folder" \
	grep -qx '    source: "../src/hello.c"' conf/b.yaml
check "-o: expected output beside the manifest" test -f conf/b.expected
v init --no-progress --force -o conf/b.yaml b src/hello.c >f.out 2>f.err
rc=$?
check "--force: overwrites (got $rc)" test "$rc" = 0
check "--force: one implementation now" \
	test "$(grep -c '^  - id:' conf/b.yaml)" = 1

# Two recipes both default for .c: a clear error naming them.
cp -r "$VERSUS_SOURCE_DIR/runners" myrunners
cat >myrunners/c-mine.yaml <<'YAML'
schema: 1
detect: [cc, --version]
build: [cc, -o, "{bin}", "{source}"]
run: ["{bin}"]
extensions: [.c]
default_for: [.c]
YAML
v init --runners myrunners tie src/hello.c >tie.out 2>tie.err
rc=$?
cat tie.err
check "two defaults: exit 2 (got $rc)" test "$rc" = 2
check "two defaults: names the recipes" \
	grep -q "'.c' is listed by 3 recipes.*c c-clang c-mine" tie.err
# Programs with arguments that read a data file by a relative name: the
# trial run gets both, and the manifest then runs as written.
mkdir -p withdata && cd withdata || exit 1
printf '3\n1\n4\n1\n5\n' >numbers.txt
printf '#include <stdio.h>\n#include <stdlib.h>\nint main(int c, char **v) { FILE *f = fopen(v[1], "r"); long x, n = 0, m = atol(v[2]); if (!f) return 1; while (fscanf(f, "%%ld", &x) == 1) n += x %% m == 0; printf("%%ld\\n", n); return 0; }\n' >count.c
printf 'import sys\nm = int(sys.argv[2])\nprint(sum(1 for l in open(sys.argv[1]) if int(l) %% m == 0))\n' >count.py
v init --no-progress --args 'numbers.txt 2' --file numbers.txt count \
	count.c count.py >init2.out 2>init2.err
rc=$?
cat init2.err
check "--args/--file: exit 0 (got $rc)" test "$rc" = 0
check "--args/--file: the expected output (one even number)" \
	test "$(cat count.expected)" = 1
check "--args: in the manifest" grep -qx 'args: \["numbers.txt", "2"\]' count.yaml
check "--file: in the manifest" grep -qx 'files: \["numbers.txt"\]' count.yaml
v run --no-progress --runs 3 --warmup 0 -o results count.yaml >run2.out 2>&1
rc=$?
cat run2.out
check "--args/--file: run exit 0 (got $rc)" test "$rc" = 0
check "--args/--file: both OK" \
	test "$(grep -cE '^count-[a-z]+ +[a-z]+ +OK +3 ' run2.out)" = 2
v init --no-progress --args 'a "b' bad count.c >bad.out 2>&1
check "--args with a bad quote: exit 2" test $? = 2
v init --no-progress --file nope.txt nofile count.c >nofile.out 2>&1
check "--file missing: exit 2" test $? = 2
check "--file missing: said" grep -q "file 'nope.txt'" nofile.out
cd .. || exit 1
exit $fail
