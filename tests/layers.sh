#!/bin/bash
# layers.sh: the orchestrator's sources against its stage graph
# (orchestrator/stages.cmake, README "Architecture"). Fails when a file in
# orchestrator/<stage>/ includes a header of a stage its stage does not
# DEPEND on, reaches out with "../", or includes a header that is in no
# stage. VERSUS_STAGE_GRAPH is "stage:dep,dep stage:dep ..." from CMake.
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
[ $fail = 0 ] && echo "layers: every include follows the stage graph"
exit $fail
