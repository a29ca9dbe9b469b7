/*
 * host.h: the host fingerprint recorded in every result file (DESIGN.md
 * §5): what machine, kernel and settings produced the numbers, so a reader
 * can tell whether two results are comparable.
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
};

/* Read everything readable; never fails. Release with host_release(). */
void host_probe(struct host_info *host);
void host_release(struct host_info *host);

#endif
