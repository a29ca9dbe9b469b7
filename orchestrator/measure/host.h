/*
 * host.h: the one prober of the machine. Its facts are recorded in every
 * result file (DESIGN.md §5, results/README.md `host`): what machine,
 * kernel and settings produced the numbers, so a reader can tell whether
 * two results are comparable; `versus doctor` prints the same facts.
 */
#ifndef VERSUS_HOST_H
#define VERSUS_HOST_H

#include <stdbool.h>
#include <stdint.h>

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
};

/* Read everything readable; never fails. Release with host_release(). */
void host_probe(struct host_info *host);
void host_release(struct host_info *host);

#endif
