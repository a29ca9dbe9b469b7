#!/usr/bin/env bash
# A real install, used as someone without the clone would: `cmake --install`
# of the tested build into a temporary prefix, then the installed program
# run from another folder with a clean environment and, where a mount
# namespace can be made (root), with the source tree and the build tree
# hidden under empty tmpfs mounts. It must find its recipes in
# PREFIX/share/versus/runners (and say so), check and run a manifest copied
# out of the clone, and ship a man page that renders and completion
# scripts that load. A copy of the program with no share/ beside it must
# not fall back on the clone. The build-tree program does use the clone.
set -u
: "${VERSUS:?}" "${VERSUS_SOURCE_DIR:?}" "${VERSUS_BUILD_DIR:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fail=1; }
check() { # description, then a command that must succeed
	local what=$1
	shift
	if "$@"; then ok "$what"; else bad "$what"; fi
}
has() { grep -qF -- "$2" "$1"; }

prefix=$tmp/prefix
if ! cmake --install "$VERSUS_BUILD_DIR" --prefix "$prefix" >"$tmp/install.log" 2>&1; then
	cat "$tmp/install.log"
	echo "FAIL: cmake --install"
	exit 1
fi
for f in bin/versus share/versus/runners/c.yaml share/versus/runners/README.md \
	share/man/man1/versus.1 share/bash-completion/completions/versus \
	share/zsh/site-functions/_versus share/doc/versus/LICENSE; do
	check "installed $f" test -s "$prefix/$f"
done
# Every recipe of the clone is installed.
for r in "$VERSUS_SOURCE_DIR"/runners/*.yaml; do
	[ -e "$prefix/share/versus/runners/${r##*/}" ] || bad "recipe ${r##*/} not installed"
done

# A project of one's own, outside the clone: the tiny workload and its source.
mkdir -p "$tmp/proj/src" "$tmp/elsewhere" "$tmp/home"
cp "$VERSUS_SOURCE_DIR/tests/data/run/tiny.yaml" "$tmp/proj/"
cp "$VERSUS_SOURCE_DIR/tests/data/run/src/spin.c" "$tmp/proj/src/"

# The installed program with a clean environment, from another folder. As
# root, in a mount namespace where the clone and the build tree are empty.
hidden=false
if [ "$(id -u)" = 0 ] && unshare --mount --propagation private true 2>/dev/null; then
	hidden=true
fi
installed() { # versus ARGS..., output in $tmp/out and $tmp/err
	local script='cd "$1" && shift && exec env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$HOME_" XDG_CACHE_HOME="$CACHE_" "$@"'
	if $hidden; then
		# the build tree first: it may be inside the clone
		script='mount -t tmpfs tmpfs "$BUILD_" && mount -t tmpfs tmpfs "$SRC_" && '$script
		SRC_=$VERSUS_SOURCE_DIR BUILD_=$VERSUS_BUILD_DIR HOME_=$tmp/home CACHE_=$tmp/cache \
			unshare --mount --propagation private bash -c "$script" bash \
			"$tmp/elsewhere" "$prefix/bin/versus" "$@" >"$tmp/out" 2>"$tmp/err"
	else
		HOME_=$tmp/home CACHE_=$tmp/cache bash -c "$script" bash \
			"$tmp/elsewhere" "$prefix/bin/versus" "$@" >"$tmp/out" 2>"$tmp/err"
	fi
}
if $hidden; then
	SRC_=$VERSUS_SOURCE_DIR unshare --mount --propagation private bash -c \
		'mount -t tmpfs tmpfs "$SRC_" && test ! -e "$SRC_/runners"' ||
		bad "hiding the clone under a tmpfs"
	echo "the clone and the build tree are hidden from the installed program"
else
	echo "note: not root or no mount namespace: the clone stays visible (the recipes line below still proves which folder is used)"
fi

installed --version
check "--version names the version and the commit" \
	grep -qE '^versus [0-9]+\.[0-9]+\.[0-9]+ \(commit [^)]+\)$' "$tmp/out"
# The commit is the one the build recorded, and one of the clone's.
built=$(sed -n 's/^#define VERSUS_COMMIT "\(.*\)"$/\1/p' "$VERSUS_BUILD_DIR/generated/util/commit.h")
check "--version's commit is the build's ($built)" has "$tmp/out" "(commit $built)"
if [ -e "$VERSUS_SOURCE_DIR/.git" ] && command -v git >/dev/null; then
	check "the commit $built is the clone's" \
		git -C "$VERSUS_SOURCE_DIR" rev-parse -q --verify "${built%-dirty}^{commit}"
fi

installed toolchains -v
check "toolchains -v names the installed recipes" \
	has "$tmp/out" "recipes: $prefix/share/versus/runners (installed with the program)"
if has "$tmp/out" "$VERSUS_SOURCE_DIR"; then
	bad "the installed program mentions the clone"
	cat "$tmp/out"
fi
installed doctor
check "doctor names where the recipes come from" has "$tmp/out" "installed with the program"

installed check "$tmp/proj/tiny.yaml"
check "check of a manifest outside the clone: c is ready" \
	has "$tmp/out" "implementation a [c] (baseline): ready"
if has "$tmp/out" "$VERSUS_SOURCE_DIR"; then
	bad "check mentions the clone"
	cat "$tmp/out" "$tmp/err"
fi
if [ "$(id -u)" = 0 ] && command -v cc >/dev/null; then
	installed run --runs 2 --warmup 0 --no-progress -o "$tmp/results" -f csv "$tmp/proj/tiny.yaml"
	rc=$?
	if [ $rc = 0 ] && [ -n "$(ls "$tmp/results" 2>/dev/null)" ]; then
		ok "run of a manifest outside the clone, from another folder"
	else
		bad "installed run: exit $rc"
		cat "$tmp/err"
	fi
else
	echo "skip: the installed run (needs root and cc)"
fi

# A lone copy of the program, with nothing installed beside it, must not
# use the clone's recipes (even though the clone is there).
mkdir -p "$tmp/lone"
cp "$prefix/bin/versus" "$tmp/lone/versus"
(cd "$tmp/elsewhere" && env -u VERSUS_RUNNERS "$tmp/lone/versus" toolchains -v >"$tmp/out" 2>"$tmp/err")
check "a copied program says where it looks for recipes" has "$tmp/out" "recipes: "
(cd "$tmp/elsewhere" && env -u VERSUS_RUNNERS "$tmp/lone/versus" toolchains -f json >>"$tmp/out" 2>>"$tmp/err")
if has "$tmp/out" "$VERSUS_SOURCE_DIR" || has "$tmp/err" "$VERSUS_SOURCE_DIR"; then
	bad "a copied program uses the clone's recipes"
	cat "$tmp/out" "$tmp/err"
else
	ok "a copied program does not use the clone's recipes"
fi
# While the build tree's program does.
(cd "$tmp/elsewhere" && env -u VERSUS_RUNNERS "$VERSUS" toolchains -v >"$tmp/out" 2>&1)
check "the build tree's program uses the source tree's recipes" \
	has "$tmp/out" "recipes: $VERSUS_SOURCE_DIR/runners (the source tree"

# The man page renders, without groff warnings, and holds every command
# and an option of each from the tables behind --help.
page=$prefix/share/man/man1/versus.1
if command -v man >/dev/null; then
	MANWIDTH=80 MANPAGER=cat man --warnings -l "$page" >"$tmp/man.txt" 2>"$tmp/man.err"
	check "man -l renders the page" grep -q "versus run \[OPTIONS\] PATH" "$tmp/man.txt"
	check "no groff warnings" test ! -s "$tmp/man.err"
	[ -s "$tmp/man.err" ] && cat "$tmp/man.err"
	for opt in --time-budget --build-root --cgroups --memory-limit --runners; do
		grep -q -- "$opt" "$tmp/man.txt" || bad "man page lacks $opt"
	done
else
	echo "skip: man page rendering (no man)"
fi

# bash: the script loads, registers versus, and completes from the tables.
comp=$prefix/share/bash-completion/completions/versus
out=$(bash -c 'source "$1" && complete -p versus' bash "$comp" 2>&1)
check "bash completion loads ($out)" test "$out" = "complete -F _versus versus"
complete_words() { # words on the line (the last one is completed)
	bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _versus; echo "${COMPREPLY[*]}"' \
		bash "$comp" "$@"
}
check "bash completes commands" test "$(complete_words versus to)" = "toolchains"
check "bash completes run's --format values" \
	test "$(complete_words versus run --format '')" = "table md csv json bmf github-action"
check "bash completes --format=VALUE" test "$(complete_words versus report --format = ht)" = "html"
check "bash completes run's options" test "$(complete_words versus run --time-b)" = "--time-budget"
check "bash completes completions' shells" test "$(complete_words versus completions '')" = "bash zsh"
if command -v zsh >/dev/null; then
	check "zsh completion parses" zsh -n "$prefix/share/zsh/site-functions/_versus"
	out=$(zsh -fc 'fpath=("$1" $fpath); autoload -Uz compinit && compinit -u -d "$2/zcd" && autoload -Uz +X _versus && print -r -- $_comps[versus]' zsh \
		"$prefix/share/zsh/site-functions" "$tmp" 2>&1)
	check "zsh's compinit binds versus to _versus ($out)" test "$out" = "_versus"
else
	echo "skip: zsh completion check (no zsh)"
fi
exit $fail
