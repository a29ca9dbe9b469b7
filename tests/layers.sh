#!/bin/bash
# layers.sh: the orchestrator's sources against its stage graph
# (orchestrator/stages.cmake, README "Architecture"). Fails when a file in
# orchestrator/<stage>/ includes a header of a stage its stage does not
# DEPEND on, reaches out with "../", or includes a header that is in no
# stage. VERSUS_STAGE_GRAPH is "stage:dep,dep stage:dep ..." from CMake.
# Also fails when a file outside orchestrator/cli/ prints to the terminal
# or exits (only the command layer does; measure/ reports through a
# callback): exit, _exit, printf, puts, putchar, perror, fprintf/fputs/
# fputc/fwrite/vfprintf on stderr or stdout, write to fd 1 or 2, or the
# printers term_warn, term_info, versus_err_print, versus_errs_print.
# util/term.c (the printers themselves) and util/alloc.c (the
# out-of-memory abort) are the exceptions.
set -u
src=${VERSUS_SOURCE_DIR:?}
graph=${VERSUS_STAGE_GRAPH:?}
declare -A deps
for entry in $graph; do
	deps[${entry%%:*}]=",${entry#*:},"
done
fail=0
for dir in "$src"/orchestrator/*/; do
	stage=$(basename "$dir")
	if [ -z "${deps[$stage]+x}" ]; then
		echo "layers: orchestrator/$stage/ is not a stage in CMakeLists.txt"
		fail=1
		continue
	fi
	for f in "$dir"*.c "$dir"*.h; do
		[ -e "$f" ] || continue
		rel=${f#"$src"/}
		while IFS=: read -r line inc; do
			inc=${inc#*\"}
			inc=${inc%%\"*}
			case $inc in
			../* | */../*)
				echo "$rel:$line: includes \"$inc\": no \"../\" across stages"
				fail=1
				continue ;;
			sandbox.h) to=sandbox ;;
			*/*) to=${inc%%/*} ;;
			*) # a file next to this one (check_sandbox.c style)
				[ -e "$dir$inc" ] && continue
				echo "$rel:$line: includes \"$inc\": name its stage (\"$stage/$inc\")"
				fail=1
				continue ;;
			esac
			[ "$to" = "$stage" ] && continue
			case ${deps[$stage]} in
			*",$to,"*) ;;
			*)
				echo "$rel:$line: stage $stage includes \"$inc\" but does not depend on $to"
				fail=1 ;;
			esac
		done < <(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f")
	done
done

# Calls only: a line that starts indented (kernel style puts declarations
# and definitions at column 0), comments left out.
prints='\b(exit|_exit|_Exit|printf|vprintf|puts|putchar|perror)[[:space:]]*\('
prints+='|\b(fprintf|vfprintf|fputs|fputc|putc|fwrite)[[:space:]]*\(.*\b(stderr|stdout)\b'
prints+='|\bwrite[[:space:]]*\([[:space:]]*(STDERR_FILENO|STDOUT_FILENO|[12][[:space:]]*,)'
printers='\b(term_warn|term_info|versus_errs?_print)[[:space:]]*\('
calls() { # FILE PATTERN
	grep -nE "^[[:space:]]+.*($2)" "$1" |
		grep -vE '^[0-9]+:[[:space:]]*(\*|/\*|//)'
}
for f in "$src"/orchestrator/*/*.c "$src"/orchestrator/*/*.h; do
	[ -e "$f" ] || continue
	rel=${f#"$src"/}
	case $rel in orchestrator/cli/*) continue ;; esac
	pattern="$prints|$printers"
	case $rel in
	orchestrator/util/term.c) continue ;;
	orchestrator/util/alloc.c) pattern=$printers ;; # its abort may print
	orchestrator/util/err.c) pattern=$prints ;; # the printers of errors
	esac
	while IFS= read -r hit; do
		echo "$rel:${hit%%:*}: prints or exits outside orchestrator/cli/: ${hit#*:}"
		fail=1
	done < <(calls "$f" "$pattern")
done

[ $fail = 0 ] && echo "layers: every include follows the stage graph; only cli/ prints or exits"
exit $fail
