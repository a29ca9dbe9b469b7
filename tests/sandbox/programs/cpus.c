/*
 * cpus.c: what a pinned run sees of its CPUs, and whether it can widen
 * them (tests/sandbox/sandbox_cpus.sh).
 *   cpus          print "affinity LIST", "status LIST" (Cpus_allowed_list
 *                 of /proc/self/status), "nprocs N"; then try to set its
 *                 affinity to every CPU of the machine and print "widen
 *                 refused (ERR)" or "widen ok", and the affinity after:
 *                 "after LIST"; then try to open for writing every
 *                 cpuset.cpus, cpuset.mems, cgroup.subtree_control and
 *                 cgroup.procs under /sys/fs/cgroup: "cpuset-files:
 *                 refused (N tried, first errno)" or "cpuset-files:
 *                 writable PATH" (the first that opened).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
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

static int tried, first_errno;
static char writable[4096];

static int try_write(const char *path, const struct stat *st, int type,
		     struct FTW *ftw)
{
	const char *base = path + ftw->base;
	if (type != FTW_F ||
	    (strcmp(base, "cpuset.cpus") && strcmp(base, "cpuset.mems") &&
	     strcmp(base, "cgroup.subtree_control") &&
	     strcmp(base, "cgroup.procs")))
		return 0;
	int fd = open(path, O_WRONLY);
	if (fd >= 0) {
		close(fd);
		snprintf(writable, sizeof(writable), "%s", path);
		return 1; /* stop at the first */
	}
	if (!tried++)
		first_errno = errno;
	return 0;
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
	/* every cgroup file that sets CPUs the run could see (any depth) */
	nftw("/sys/fs/cgroup", try_write, 32, FTW_PHYS);
	if (writable[0])
		printf("cpuset-files: writable %s\n", writable);
	else
		printf("cpuset-files: refused (%d tried%s%s)\n", tried,
		       tried ? ", " : "", tried ? strerror(first_errno) : "");
	fflush(stdout);
	return 0;
}
