#!/bin/bash
# layers_selftest.sh: layers.sh can fail. On a made-up tree, each way of
# printing or exiting outside orchestrator/cli/ must be caught, and the
# same calls inside cli/ (and a comment, and a declaration) must not be.
set -u
layers=$(dirname "$0")/layers.sh
tmp=$(mktemp -d /tmp/versus-layers-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export VERSUS_STAGE_GRAPH="util: measure:util cli:measure,util"
failures=0
mkdir -p "$tmp/orchestrator/util" "$tmp/orchestrator/measure" \
	"$tmp/orchestrator/cli"

# tree CALL: a measure/ file holding CALL (and harmless lines)
tree() {
	cat >"$tmp/orchestrator/measure/m.c" <<EOT
/* fprintf(stderr, "in a comment") */
void term_warn(const char *fmt, ...);
void f(void)
{
	snprintf(buf, sizeof(buf), "x");
	$1
}
EOT
}

for call in 'fprintf(stderr, "x");' 'fputs("x", stdout);' 'printf("x");' \
	'puts("x");' 'exit(1);' '_exit(1);' 'term_warn("x");' \
	'term_info("x");' 'versus_err_print(&err, f);' \
	'write(STDERR_FILENO, "x", 1);' 'putchar(10);'; do
	tree "$call"
	if VERSUS_SOURCE_DIR=$tmp bash "$layers" >"$tmp/out" 2>&1; then
		echo "FAIL: layers.sh passed measure/ calling $call"
		failures=$((failures + 1))
	elif ! grep -q "m.c:6: prints or exits" "$tmp/out"; then
		echo "FAIL: layers.sh did not locate $call:"
		cat "$tmp/out"
		failures=$((failures + 1))
	else
		echo "ok: caught $call"
	fi
done

tree 'fprintf(f, "x");'
printf '\tfprintf(stderr, "x");\n\texit(2);\n' >"$tmp/orchestrator/cli/c.c"
if ! VERSUS_SOURCE_DIR=$tmp bash "$layers" >"$tmp/out" 2>&1; then
	echo "FAIL: layers.sh refused a clean tree:"
	cat "$tmp/out"
	failures=$((failures + 1))
else
	echo "ok: cli/ may print and exit; a FILE * that is not stdio may be written"
fi
exit $((failures > 0))
