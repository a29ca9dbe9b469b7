/*
 * host.h: the one prober of the machine. Its facts are recorded in every
 * result file (DESIGN.md §5, results/README.md `host`): what machine,
 * kernel and settings produced the numbers, so a reader can tell whether
 * two results are comparable; `versus doctor` prints the same facts.
 *
 * Two digests sum them up for `versus merge` (results/README.md,
 * "Fingerprints"): the hardware fingerprint (CPU model, microcode,
 * topology, SMT, memory in whole GiB, the CPUs versus may use) and the
 * environment fingerprint (kernel, OS, architecture, versus's version and
 * commit, cgroup mode, box). The node name is in neither: two identical
 * nodes of a cluster have equal fingerprints.
 */
#ifndef VERSUS_HOST_H
#define VERSUS_HOST_H

#include <stdbool.h>
#include <stdint.h>

#include "util/strbuf.h"

struct sandbox;

struct host_info {
	char *hostname;
	char *kernel; /* "Linux 6.1.0-..." */
	char *arch;
	char *os;	 /* PRETTY_NAME from /etc/os-release, or NULL */
	char *cpu_model; /* or NULL */
	long cpus_online;
	uint64_t memory_bytes;
	int aslr;	/* randomize_va_space, -1 when unreadable */
	char *governor; /* cpu0 cpufreq governor, or NULL */
	double load_average[3];
	char fingerprint[65]; /* sha256 of the stable fields */
	/* What makes numbers noisy; -1 when unreadable. */
	int smt;   /* /sys/devices/system/cpu/smt/active: 1 or 0 */
	int boost; /* CPU boost (turbo) on: 1 or 0 */
	/* Where boost came from: "turbo" (intel_pstate/no_turbo) or "boost"
	 * (cpufreq/boost); NULL when neither is readable. Static. */
	const char *boost_knob;
	int64_t swap_bytes; /* SwapTotal of /proc/meminfo */
	/* Whether the hardware instructions counter opens (perf_event_open);
	 * perf_errno says why not when it does not. */
	bool perf_counters;
	int perf_errno;

	/* Hardware facts beyond the above; NULL or -1 when unknown. */
	char *microcode;       /* /proc/cpuinfo "microcode" ("0xde") */
	long sockets;	       /* distinct packages of the online CPUs */
	long cores;	       /* distinct (package, core) pairs */
	long threads_per_core; /* most online CPUs sharing one core */
	char *visible_cpus;    /* sched_getaffinity of versus ("0-1") */
	/* Environment facts beyond kernel, os, arch. */
	char *versus_version; /* "0.1.0 (commit 1a2b3c4)" */
	/* The sandbox's cgroup mode and box names (static); NULL when
	 * host_probe() was given no sandbox. */
	const char *cgroup_mode;
	const char *box;
	/* How runs were started: NULL directly; "srun-step" each a Slurm
	 * job step (jobstep.h). Static. */
	const char *executor;
	/* sha256 hex of host_hardware_text() and host_environment_text() */
	char hardware_fingerprint[65];
	char environment_fingerprint[65];
};

/*
 * Read everything readable; never fails. sb is the sandbox the runs go
 * through, for the cgroup mode and box of the environment; NULL: both
 * unknown. Computes the fingerprints (host_fingerprints()). Release with
 * host_release().
 */
void host_probe(struct host_info *host, const struct sandbox *sb);
void host_release(struct host_info *host);

/*
 * The canonical texts the fingerprints digest, appended to out: a first
 * line naming the text and its version ("versus hardware 1"), then one
 * "key=value" line per fact in a fixed order, each ending in '\n'; an
 * unknown fact has an empty value, a newline in a value becomes a space.
 * Hardware keys: cpu_model, microcode, sockets, cores, threads_per_core,
 * smt (on, off), memory_gib (memory_bytes rounded down to whole GiB, so a
 * kernel that reserves a little more leaves it alone), visible_cpus.
 * Environment keys: kernel, os, arch, versus_version, cgroup_mode, box.
 * Pure: they read host and nothing else, never the hostname.
 */
void host_hardware_text(const struct host_info *host, struct strbuf *out);
void host_environment_text(const struct host_info *host, struct strbuf *out);
/* Set host's hardware_fingerprint and environment_fingerprint from its
 * facts: the sha256 hex of the two texts above. Pure. */
void host_fingerprints(struct host_info *host);

#endif
