#!/usr/bin/env bash
# versus doctor --fingerprint: the hardware and environment facts with their
# fingerprints (each the sha256 of its canonical text, results/README.md
# "Fingerprints"), the node name apart from both, and the toolchains; as
# text and as JSON, which agree. A `versus run` of a small workload records
# the same fingerprints and facts in its result file's host object, and its
# hardware fingerprint is the digest of the text rebuilt from that object.
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

"$VERSUS" doctor --fingerprint >"$work/text" 2>"$work/text.err"
rc=$?
if [ "$rc" = 1 ] && grep -q "sandbox cannot start" "$work/text.err"; then
	echo "skip: the sandbox cannot start here"
	cat "$work/text.err"
	exit 77
fi
check "text: exit code 0 (got $rc)" test "$rc" = 0
hw=$(sed -n 's/^hardware \{4\}\([0-9a-f]\{64\}\)$/\1/p' "$work/text")
env=$(sed -n 's/^environment \([0-9a-f]\{64\}\)$/\1/p' "$work/text")
check "text: a hardware fingerprint" test -n "$hw"
check "text: an environment fingerprint" test -n "$env"
check "text: the two differ" test "$hw" != "$env"
for key in cpu_model microcode sockets cores threads_per_core smt \
	memory_gib visible_cpus kernel os arch versus_version cgroup_mode box; do
	check "text: the fact $key" grep -Eq "^  $key +[^ ]" "$work/text"
done
check "text: the node name, labelled as in neither fingerprint" \
	grep -q "^node name (part of neither fingerprint)$" "$work/text"
check "text: the hostname is uname -n" \
	grep -Eq "^  hostname +$(uname -n)$" "$work/text"
check "text: the toolchains" grep -q "^toolchains (" "$work/text"
check "text: the c recipe's toolchain" grep -Eq "^  c +[^ ]" "$work/text"

"$VERSUS" doctor --fingerprint --format json >"$work/json" 2>/dev/null
rc=$?
check "json: exit code 0 (got $rc)" test "$rc" = 0
check "json: the texts, facts and digests agree, and with the text output" \
	python3 - "$work/json" "$hw" "$env" "$(uname -n)" <<'PY'
import hashlib, json, sys
d = json.load(open(sys.argv[1]))
keys = {
    "hardware": ["cpu_model", "microcode", "sockets", "cores",
                 "threads_per_core", "smt", "memory_gib", "visible_cpus"],
    "environment": ["kernel", "os", "arch", "versus_version",
                    "cgroup_mode", "box"],
}
for (name, want), digest in zip(keys.items(), sys.argv[2:4]):
    part = d[name]
    lines = part["text"].split("\n")
    assert lines[0] == f"versus {name} 1", lines[0]
    assert lines[-1] == "", "the text ends in a newline"
    facts = dict(l.split("=", 1) for l in lines[1:-1])
    assert list(facts) == want, (name, list(facts))
    assert list(part["facts"]) == want, (name, list(part["facts"]))
    for k, v in facts.items():
        assert part["facts"][k] == (v or None), (name, k)
    assert part["fingerprint"] == hashlib.sha256(
        part["text"].encode()).hexdigest(), name
    assert part["fingerprint"] == digest, (name, "text output differs")
assert d["hostname"] == sys.argv[4], d["hostname"]
c = [t for t in d["toolchains"] if t["language"] == "c"]
assert len(c) == 1 and c[0]["available"] and c[0]["path"], c
PY
check "json: cpu facts match those of the machine" python3 - "$work/json" <<'PY'
import json, os, sys
f = json.load(open(sys.argv[1]))["hardware"]["facts"]
assert f["visible_cpus"], "visible_cpus unknown"
cpus = set()
for part in f["visible_cpus"].split(","):
    lo, _, hi = part.partition("-")
    cpus.update(range(int(lo), int(hi or lo) + 1))
assert cpus == os.sched_getaffinity(0), (cpus, os.sched_getaffinity(0))
gib = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") >> 30
assert f["memory_gib"] == str(gib), (f["memory_gib"], gib)
if f["cores"] is not None:
    assert int(f["cores"]) * int(f["threads_per_core"]) >= os.cpu_count() \
        or len(os.sched_getaffinity(0)) < os.cpu_count(), f
PY

"$VERSUS" doctor --format json >/dev/null 2>"$work/usage.err"
rc=$?
check "--format json without --fingerprint: exit 2 (got $rc)" test "$rc" = 2
check "--format json without --fingerprint: says why" \
	grep -q "needs --fingerprint" "$work/usage.err"

mkdir "$work/src"
cp "$VERSUS_SOURCE_DIR/tests/data/run/src/spin.c" "$work/src/"
cat >"$work/fp.yaml" <<'YAML'
schema: 1
workload: fp
baseline: a
args: ["1000"]
implementations:
  - {id: a, language: c, source: src/spin.c}
YAML
"$VERSUS" run --no-progress --runs 2 --warmup 0 --build-root "$work/build" \
	-o "$work/results" "$work/fp.yaml" >"$work/run.out" 2>"$work/run.err"
rc=$?
check "run: exit code 0 (got $rc)" test "$rc" = 0
result=$(ls "$work"/results/fp-*.json 2>/dev/null | head -n 1)
check "run: a result file" test -n "$result"
check "run: the host object has doctor's fingerprints and facts" \
	python3 - "${result:-/dev/null}" "$work/json" <<'PY'
import hashlib, json, sys
host = json.load(open(sys.argv[1]))["host"]
doc = json.load(open(sys.argv[2]))
hw, env = doc["hardware"], doc["environment"]
assert host["hardware_fingerprint"] == hw["fingerprint"], \
    (host["hardware_fingerprint"], hw["fingerprint"])
assert host["environment_fingerprint"] == env["fingerprint"], \
    (host["environment_fingerprint"], env["fingerprint"])
for k in ("microcode", "visible_cpus"):
    assert host.get(k) == hw["facts"][k], (k, host.get(k), hw["facts"][k])
for k in ("sockets", "cores", "threads_per_core"):
    want = hw["facts"][k]
    assert host.get(k) == (int(want) if want else None), (k, host.get(k))
for k in ("kernel", "os", "arch", "cgroup_mode", "box"):
    assert host.get(k) == env["facts"][k], (k, host.get(k), env["facts"][k])
# the hardware text rebuilt from the record's own keys
smt = host.get("smt")
text = "versus hardware 1\n" + "".join(f"{k}={v}\n" for k, v in [
    ("cpu_model", host.get("cpu_model") or ""),
    ("microcode", host.get("microcode") or ""),
    ("sockets", host.get("sockets", "")),
    ("cores", host.get("cores", "")),
    ("threads_per_core", host.get("threads_per_core", "")),
    ("smt", "" if smt is None else "on" if smt else "off"),
    ("memory_gib", host["memory_bytes"] >> 30 if host["memory_bytes"] else ""),
    ("visible_cpus", host.get("visible_cpus") or ""),
])
assert hashlib.sha256(text.encode()).hexdigest() == \
    host["hardware_fingerprint"], text
assert host["hostname"] == doc["hostname"]
PY
[ "$fail" = 0 ] || cat "$work"/*.err
exit "$fail"
