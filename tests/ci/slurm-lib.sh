#!/usr/bin/env bash
# A private single-node Slurm for tests: Debian's slurm-wlm and munge
# (scripts/install-deps.sh installs them), started by hand as root without
# systemd in a temporary folder, on non-default ports, and stopped by PID.
# Nothing of the system's Slurm or munge is used or touched.
#
# Sourced:   . tests/ci/slurm-lib.sh
#            slurm_up || exit 77      # exports SLURM_CONF, SLURM_HARNESS_DIR
#            trap slurm_down EXIT
# Run:       eval "$(tests/ci/slurm-lib.sh up)"     (prints the exports)
#            tests/ci/slurm-lib.sh down "$SLURM_HARNESS_DIR"
#
# slurm_up returns 77 when it cannot run here (not root, a program
# missing), 1 when the daemons fail (their logs are printed). slurm_down
# cancels what is left in the queue, stops every daemon it started by the
# PID it recorded, kills anything else the daemons spawned (found by a
# marker in their environment), removes the folder, and returns 1 if a
# process of the harness survived.
#
# Gotchas: the munge socket folder must be mode 755 (munged refuses a
# writable one, clients need to reach it); slurm finds the private socket
# through AuthInfo=socket=...; slurmd must not see INVOCATION_ID (it would
# take itself for a systemd service); DefMemPerCPU keeps a job from taking
# the whole node's memory (else jobs run one at a time); proctrack/linuxproc
# and task/none need no cgroup plugin (never force cgroup/v2: it fails on
# hybrid hosts).

slurm__log() { echo "slurm-lib: $*" >&2; }
slurm__since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }'; }

# A free TCP port on 127.0.0.1 in 20000-29999 (nothing answers a connect).
slurm__free_port() {
	local port i
	for i in $(seq 1 50); do
		port=$((20000 + RANDOM % 10000))
		(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || {
			echo "$port"
			return 0
		}
	done
	return 1
}

slurm__missing() {
	local prog
	for prog in munged mungekey slurmctld slurmd sbatch squeue sinfo scancel \
		scontrol; do
		command -v "$prog" >/dev/null 2>&1 || PATH=$PATH:/usr/sbin:/sbin \
			command -v "$prog" >/dev/null 2>&1 || echo "$prog"
	done
}

slurm__dump_logs() {
	local f
	for f in "$SLURM_HARNESS_DIR"/log/*; do
		[ -f "$f" ] || continue
		echo "--- $f (last 30 lines)" >&2
		tail -n 30 "$f" >&2
	done
}

# Whether Slurm's cgroup/v1 plugin can work here: freezer and memory are
# v1 hierarchies (a hybrid or v1 host).
slurm_v1_usable() {
	[ -f /sys/fs/cgroup/memory/memory.limit_in_bytes ] &&
		[ -f /sys/fs/cgroup/freezer/cgroup.procs ]
}

# The v1 cgroup folders slurmd of this harness makes (NodeName=localhost).
slurm__v1_folders() {
	local f
	for f in /sys/fs/cgroup/*/slurm_localhost; do
		[ -d "$f" ] && echo "$f"
	done
}

# slurm_up: starts munged, slurmctld and slurmd; waits for the node idle.
# SLURM_HARNESS_CGROUP=v1 (where slurm_v1_usable): Slurm's cgroup plugins.
slurm_up() {
	local missing d t0
	if [ "$(id -u)" -ne 0 ]; then
		slurm__log "skipped: needs root (SlurmUser=root, slurmd)"
		return 77
	fi
	missing=$(slurm__missing | tr '\n' ' ')
	if [ -n "$missing" ]; then
		slurm__log "skipped: missing ${missing}(apt-get install slurm-wlm munge)"
		return 77
	fi
	PATH=$PATH:/usr/sbin:/sbin
	t0=$EPOCHREALTIME
	d=$(mktemp -d "${TMPDIR:-/tmp}/versus-slurm.XXXXXX")
	chmod 755 "$d"
	export SLURM_HARNESS_DIR=$d
	mkdir -p "$d/munge" "$d/state" "$d/spool" "$d/log" "$d/run"
	# the spool holds each job's script: users' jobs must reach it
	chmod 755 "$d/munge" "$d/spool"
	chmod 700 "$d/state"
	if ! slurm__start "$d" "$t0"; then
		slurm_down "$d"
		return 1
	fi
}

# The daemons of slurm_up in the folder $1 (up since $2); returns 1 with
# their logs printed when one fails.
slurm__start() {
	local d=$1 t0=$2 ctld_port d_port cpus mem line state i f proctrack task

	mungekey --create --keyfile="$d/munge/munge.key" --bits=1024 ||
		{ slurm__log "mungekey failed"; return 1; }
	chmod 400 "$d/munge/munge.key"
	# -F and & rather than a daemon's own fork: the PID is known exactly.
	env SLURM_HARNESS_MARK="$d" munged -F --force \
		--socket="$d/munge/munge.socket.2" \
		--key-file="$d/munge/munge.key" --pid-file="$d/run/munged.pid" \
		--seed-file="$d/munge/munged.seed" --log-file="$d/log/munged.log" \
		</dev/null >>"$d/log/munged.out" 2>&1 &
	echo $! >"$d/run/munged.daemon"
	for i in $(seq 1 100); do
		[ -S "$d/munge/munge.socket.2" ] && break
		slurm__alive "$(cat "$d/run/munged.daemon")" || break
		sleep 0.05
	done
	if [ ! -S "$d/munge/munge.socket.2" ]; then
		slurm__log "munged did not start"
		slurm__dump_logs
		return 1
	fi

	ctld_port=$(slurm__free_port) && d_port=$(slurm__free_port) ||
		{ slurm__log "no free port"; return 1; }
	while [ "$d_port" = "$ctld_port" ]; do
		d_port=$(slurm__free_port)
	done
	# The node as slurmd sees it, less 10% of the memory for the system:
	# a node announcing less than it has is fine, more drains it.
	line=$(slurmd -C | head -n 1)
	cpus=$(echo "$line" | sed -n 's/.* CPUs=\([0-9]*\).*/\1/p')
	mem=$(echo "$line" | sed -n 's/.* RealMemory=\([0-9]*\).*/\1/p')
	mem=$((mem * 9 / 10))
	# SLURM_HARNESS_CGROUP=v1: Slurm's own cgroup plugins on the v1
	# hierarchies (a cgroup per job and step, memory constrained), as most
	# sites run it; else none (proctrack/linuxproc)
	proctrack=proctrack/linuxproc task=task/none
	if [ "${SLURM_HARNESS_CGROUP:-}" = v1 ]; then
		# slurmd makes slurm_localhost in each v1 hierarchy it uses;
		# slurm_down removes them (none may be there before)
		if [ -n "$(slurm__v1_folders)" ]; then
			slurm__log "slurm_localhost cgroups exist already: $(slurm__v1_folders)"
			return 1
		fi
		touch "$d/run/v1-cgroups"
		proctrack=proctrack/cgroup task=task/cgroup
		cat >"$d/cgroup.conf" <<EOF
CgroupPlugin=cgroup/v1
CgroupMountpoint=/sys/fs/cgroup
ConstrainRAMSpace=yes
ConstrainSwapSpace=yes
AllowedSwapSpace=0
ConstrainCores=no
ConstrainDevices=no
EOF
	fi
	cat >"$d/slurm.conf" <<EOF
# written by tests/ci/slurm-lib.sh; removed by slurm_down
ClusterName=versus-ci
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$d_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$d/munge/munge.socket.2
StateSaveLocation=$d/state
SlurmdSpoolDir=$d/spool/slurmd-%n
SlurmctldPidFile=$d/run/slurmctld.pid
SlurmdPidFile=$d/run/slurmd.pid
SlurmctldLogFile=$d/log/slurmctld.log
SlurmdLogFile=$d/log/slurmd.log
ProctrackType=$proctrack
TaskPlugin=$task
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0,bf_interval=1
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=$((mem / cpus))
ReturnToService=2
SlurmdTimeout=30
InactiveLimit=0
KillWait=5
MinJobAge=300
NodeName=localhost NodeAddr=127.0.0.1 $(echo "$line" |
		grep -o 'CPUs=[0-9]* Boards=[0-9]* SocketsPerBoard=[0-9]* CoresPerSocket=[0-9]* ThreadsPerCore=[0-9]*') RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
	export SLURM_CONF=$d/slurm.conf

	env SLURM_HARNESS_MARK="$d" slurmctld -D -i -f "$d/slurm.conf" \
		</dev/null >>"$d/log/slurmctld.out" 2>&1 &
	echo $! >"$d/run/slurmctld.daemon"
	# INVOCATION_ID: slurmd would take itself for a systemd service.
	env -u INVOCATION_ID SLURM_HARNESS_MARK="$d" slurmd -D -N localhost \
		-f "$d/slurm.conf" </dev/null >>"$d/log/slurmd.out" 2>&1 &
	echo $! >"$d/run/slurmd.daemon"

	# sinfo retries a refused connection only after a second: wait for the
	# port first.
	for i in $(seq 1 500); do
		(exec 3<>"/dev/tcp/127.0.0.1/$ctld_port") 2>/dev/null && break
		slurm__alive "$(cat "$d/run/slurmctld.daemon")" || break
		sleep 0.02
	done
	state=
	for i in $(seq 1 300); do
		for f in slurmctld slurmd; do
			slurm__alive "$(cat "$d/run/$f.daemon")" || {
				slurm__log "$f exited"
				slurm__dump_logs
				return 1
			}
		done
		state=$(sinfo -h -n localhost -o %t 2>/dev/null)
		[ "$state" = idle ] && break
		sleep 0.1
	done
	if [ "$state" != idle ]; then
		slurm__log "the node is not idle after 30 s (state '$state')"
		slurm__dump_logs
		return 1
	fi
	slurm__log "up in $(slurm__since "$t0") s: $d" \
		"(slurmctld :$ctld_port, slurmd :$d_port, $cpus CPUs, $mem MB)"
	return 0
}

# The PIDs of every live process whose environment carries the harness's
# marker (the daemons and whatever they spawned: slurmstepd, job steps).
slurm__marked() {
	grep -lzxF "SLURM_HARNESS_MARK=$1" /proc/[0-9]*/environ 2>/dev/null |
		sed 's|^/proc/\([0-9]*\)/environ$|\1|'
}

# Whether PID runs (a zombie child, not yet waited for, does not).
slurm__alive() {
	local stat
	read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
	stat=${stat##*) }
	[ "${stat%% *}" != Z ]
}

slurm__stop_pids() {
	local pid i
	[ $# -gt 0 ] || return 0
	kill -TERM "$@" 2>/dev/null
	for i in $(seq 1 100); do
		for pid in "$@"; do
			slurm__alive "$pid" && break
			pid=
		done
		[ -z "$pid" ] && return 0
		sleep 0.05
	done
	kill -KILL "$@" 2>/dev/null
	sleep 0.1
}

# slurm_down [DIR]: stops the harness in DIR (default $SLURM_HARNESS_DIR).
slurm_down() {
	local d=${1:-${SLURM_HARNESS_DIR:-}} f pid pids left i t0
	[ -n "$d" ] && [ -d "$d" ] || return 0
	t0=$EPOCHREALTIME
	PATH=$PATH:/usr/sbin:/sbin
	# Jobs first, while slurmd can still kill their steps (without a
	# controller, scancel and squeue would only retry).
	pid=$(cat "$d/run/slurmctld.daemon" 2>/dev/null)
	if [ -f "$d/slurm.conf" ] && [ -n "$pid" ] && slurm__alive "$pid"; then
		SLURM_CONF=$d/slurm.conf scancel --quiet --full --user=root 2>/dev/null
		for i in $(seq 1 50); do
			[ -z "$(SLURM_CONF=$d/slurm.conf squeue -h -t R,CG,PD -o %i 2>/dev/null)" ] &&
				break
			sleep 0.2
		done
	fi
	# All at once: each takes about 2 s to exit on SIGTERM.
	pids=()
	for f in slurmd slurmctld munged; do
		pid=$(cat "$d/run/$f.daemon" 2>/dev/null) && pids+=("$pid")
	done
	slurm__stop_pids "${pids[@]}"
	wait "${pids[@]}" 2>/dev/null
	# Whatever the daemons left (a slurmstepd of a job that did not end).
	# shellcheck disable=SC2046
	slurm__stop_pids $(slurm__marked "$d")
	left=$(slurm__marked "$d" | tr '\n' ' ')
	# the cgroup plugin's folders, emptied by slurmd as its jobs ended
	if [ -f "$d/run/v1-cgroups" ]; then
		for f in $(slurm__v1_folders); do
			find "$f" -depth -type d -exec rmdir {} + 2>/dev/null
			[ -d "$f" ] && left="$left (cgroup $f)"
		done
	fi
	rm -rf "$d"
	[ "${SLURM_HARNESS_DIR:-}" = "$d" ] && unset SLURM_HARNESS_DIR SLURM_CONF
	if [ -n "$left" ]; then
		slurm__log "processes of the harness survived: $left"
		return 1
	fi
	slurm__log "down in $(slurm__since "$t0") s"
	return 0
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	case "${1:-}" in
	up)
		slurm_up >&2 || exit $?
		printf 'export SLURM_CONF=%q SLURM_HARNESS_DIR=%q\n' \
			"$SLURM_CONF" "$SLURM_HARNESS_DIR"
		;;
	down)
		slurm_down "${2:?usage: slurm-lib.sh down DIR}"
		;;
	*)
		echo "usage: slurm-lib.sh up | down DIR" >&2
		exit 2
		;;
	esac
fi
