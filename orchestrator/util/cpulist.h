/*
 * cpulist.h: sets of CPUs in the kernel's list format ("1", "2-3,6"), as
 * cpuset.cpus and Cpus_allowed_list write them, and the rule that picks
 * the CPUs a pinned workload runs on (workloads/README.md, limits.cpus).
 * A set is a cpu_set_t (CPUs 0 .. CPU_SETSIZE - 1).
 */
#ifndef VERSUS_CPULIST_H
#define VERSUS_CPULIST_H

#include <sched.h>
#include <stddef.h>

#include "util/strbuf.h"

/* The longest list cpulist_format() writes, with its NUL. */
#define CPULIST_MAX 4096

/*
 * Parse s ("0", "2-3", "0,2,4-7"; ranges ascending, no spaces, no
 * repeats) into set. Returns 0, or -EINVAL with why filled (may be NULL);
 * set is then undefined.
 */
int cpulist_parse(const char *s, cpu_set_t *set, struct strbuf *why);
/* The list of set in canonical form ("" when empty) into buf. */
void cpulist_format(const cpu_set_t *set, char *buf, size_t size);
/*
 * The CPUs this process may run on (sched_getaffinity): the caller's
 * allowed set, which a cpuset versus runs in already narrows. Returns 0
 * or -errno.
 */
int cpulist_allowed(cpu_set_t *set);
/*
 * Choose n CPUs of allowed by versus's rule: the lowest-numbered ones
 * other than CPU 0 (which takes most interrupts on many machines), and CPU
 * 0 only when the others are too few. The same allowed set and n always
 * give the same CPUs. Returns 0, or -ERANGE when allowed has fewer than n.
 */
int cpulist_choose(const cpu_set_t *allowed, int n, cpu_set_t *out);

/*
 * What a user writes for the CPUs of a run (limits.cpus, --cpus): a whole
 * number N (how many; versus picks them with cpulist_choose) or a CPU
 * list with a '-' or ',' ("2-3", "0,2"; one CPU as "3-3"). Fills *count
 * (N) or set (a list, *count 0). Returns 0, or -EINVAL with why.
 */
int cpulist_parse_request(const char *s, int *count, cpu_set_t *set,
			  struct strbuf *why);
/*
 * The CPUs a request stands for on this machine, checked against the
 * CPUs this process may use (cpulist_allowed): count of them by
 * cpulist_choose, or set (count 0), every CPU of which must be allowed.
 * Returns 0 with out filled, or -ERANGE / -EINVAL with why ("4 CPUs
 * asked, but versus may use only 2 (0-1)"), or -errno.
 */
int cpulist_resolve(int count, const cpu_set_t *set, cpu_set_t *out,
		    struct strbuf *why);

#endif
