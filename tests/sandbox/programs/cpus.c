/*
 * cpus.c: what a pinned run sees of its CPUs, and whether it can widen
 * them (tests/sandbox/sandbox_cpus.sh).
 *   cpus          print "affinity LIST", "status LIST" (Cpus_allowed_list
 *                 of /proc/self/status), "nprocs N"; then try to set its
 *                 affinity to every CPU of the machine and print "widen
 *                 refused (ERR)" or "widen ok", and the affinity after:
 *                 "after LIST"; then try to open the cgroup's cpuset
 *                 files for writing: "cpuset-files: ..." (every one
 *                 refused, or the first one that opened).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void list(const cpu_set_t *set, char *buf, size_t size)
{
	size_t len = 0;
	buf[0] = '\0';
	for (int c = 0; c < CPU_SETSIZE; c++) {
		if (!CPU_ISSET(c, set))
			continue;
		int end = c;
		while (end + 1 < CPU_SETSIZE && CPU_ISSET(end + 1, set))
			end++;
		int n = end == c ? snprintf(buf + len, size - len, "%s%d",
					    len ? "," : "", c)
				 : snprintf(buf + len, size - len, "%s%d-%d",
					    len ? "," : "", c, end);
		if (n < 0 || (size_t)n >= size - len)
			return;
		len += (size_t)n;
		c = end;
	}
}

int main(void)
{
	cpu_set_t set;
	char buf[4096];
	if (sched_getaffinity(0, sizeof(set), &set)) {
		printf("affinity error %s\n", strerror(errno));
		return 1;
	}
	list(&set, buf, sizeof(buf));
	printf("affinity %s\n", buf);
	FILE *f = fopen("/proc/self/status", "r");
	char line[4096];
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "Cpus_allowed_list:", 18))
			printf("status %s",
			       line + 18 + strspn(line + 18, "\t "));
	if (f)
		fclose(f);
	printf("nprocs %ld\n", sysconf(_SC_NPROCESSORS_ONLN));
	cpu_set_t all;
	CPU_ZERO(&all);
	for (long c = 0; c < sysconf(_SC_NPROCESSORS_CONF) && c < CPU_SETSIZE;
	     c++)
		CPU_SET(c, &all);
	if (sched_setaffinity(0, sizeof(all), &all))
		printf("widen refused (%s)\n", strerror(errno));
	else
		printf("widen ok\n");
	sched_getaffinity(0, sizeof(set), &set);
	list(&set, buf, sizeof(buf));
	printf("after %s\n", buf);
	/* the cgroup files that set the CPUs, where the
	 * run could see them */
	static const char *const files[] = {
		"/sys/fs/cgroup/cpuset.cpus",
		"/sys/fs/cgroup/cpuset/cpuset.cpus",
		"/sys/fs/cgroup/cgroup.subtree_control",
		"/sys/fs/cgroup/cpuset/cgroup.procs",
		"/sys/fs/cgroup/cgroup.procs",
	};
	const char *opened = NULL;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		int fd = open(files[i], O_WRONLY);
		if (fd >= 0) {
			opened = files[i];
			close(fd);
			break;
		}
	}
	printf("cpuset-files: %s%s\n", opened ? "writable " : "refused",
	       opened ? opened : "");
	fflush(stdout);
	return 0;
}
