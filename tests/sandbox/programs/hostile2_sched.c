/*
 * hostile2_sched.c: tries to outrank other runs or move another process
 * (issue 9, item 7). Every attempt is harmless if it succeeds (the victim
 * gets the value it has already), so a broken sandbox is seen, not felt.
 *   hostile2_sched self        RT policies, a negative nice, sched_setattr
 *   hostile2_sched other PID   the nice value, policy, affinity of PID
 * Prints one line per attempt; exits 0 when every one was refused, 1 when
 * one succeeded.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

static int bad;

static void expect_refused(const char *what, long ret)
{
	if (ret < 0) {
		printf("%s: refused (%s)\n", what, strerror(errno));
	} else {
		printf("%s: ALLOWED\n", what);
		bad = 1;
	}
}

/* struct sched_attr of sched_setattr(2) */
struct attr {
	uint32_t size, policy;
	uint64_t flags;
	int32_t nice;
	uint32_t priority;
	uint64_t runtime, deadline, period;
};

static int self(void)
{
	struct sched_param p = {.sched_priority = 1};
	expect_refused("SCHED_FIFO", sched_setscheduler(0, SCHED_FIFO, &p));
	expect_refused("SCHED_RR", sched_setscheduler(0, SCHED_RR, &p));
	expect_refused(
		"SCHED_RR | RESET_ON_FORK",
		sched_setscheduler(0, SCHED_RR | SCHED_RESET_ON_FORK, &p));
	/* a high bit the kernel ignores must not slip past the filter */
	expect_refused("SCHED_FIFO, upper half set",
		       syscall(SYS_sched_setscheduler, 0,
			       0x100000000L | SCHED_FIFO, &p));
	struct attr a = {
		.size = sizeof(a), .policy = SCHED_FIFO, .priority = 1};
	expect_refused("sched_setattr FIFO",
		       syscall(SYS_sched_setattr, 0, &a, 0));
	struct attr dl = {.size = sizeof(dl),
			  .policy = 6 /* DEADLINE */,
			  .runtime = 1000000,
			  .deadline = 10000000,
			  .period = 10000000};
	expect_refused("sched_setattr DEADLINE",
		       syscall(SYS_sched_setattr, 0, &dl, 0));
	errno = 0;
	int now = getpriority(PRIO_PROCESS, 0);
	expect_refused("nice -1 below the start",
		       setpriority(PRIO_PROCESS, 0, now - 1));
	expect_refused("nice -20", setpriority(PRIO_PROCESS, 0, -20));
	/* what a benchmark may still do: lower its own priority */
	if (setpriority(PRIO_PROCESS, 0, now + 1)) {
		printf("nice +1 on itself: refused (%s), should work\n",
		       strerror(errno));
		bad = 1;
	}
	cpu_set_t set;
	CPU_ZERO(&set);
	if (sched_getaffinity(0, sizeof(set), &set) ||
	    sched_setaffinity(0, sizeof(set), &set)) {
		printf("own affinity: refused (%s), should work\n",
		       strerror(errno));
		bad = 1;
	}
	return bad;
}

static int other(pid_t victim)
{
	errno = 0;
	int nice = getpriority(PRIO_PROCESS, (id_t)victim);
	if (nice == -1 && errno) {
		/* not even visible: a PID namespace hides it */
		printf("pid %ld: not visible (%s)\n", (long)victim,
		       strerror(errno));
		return 0;
	}
	expect_refused("setpriority of another pid",
		       setpriority(PRIO_PROCESS, (id_t)victim, nice));
	expect_refused("setpriority of the process group",
		       setpriority(PRIO_PGRP, 0, getpriority(PRIO_PGRP, 0)));
	struct sched_param p = {0};
	expect_refused("sched_setscheduler of another pid",
		       sched_setscheduler(victim, SCHED_OTHER, &p));
	expect_refused("sched_setparam of another pid",
		       sched_setparam(victim, &p));
	cpu_set_t set;
	CPU_ZERO(&set);
	if (!sched_getaffinity(victim, sizeof(set), &set)) {
		long r = sched_setaffinity(victim, sizeof(set), &set);
		/* the filter cannot tell another pid from one of our own
		   threads: a PID namespace and an unprivileged uid stop it */
		printf("sched_setaffinity of another pid: %s\n",
		       r ? "refused" : "ALLOWED (needs the box)");
		if (!r && getenv("HOSTILE_STRICT"))
			bad = 1;
	}
	return bad;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc > 1 && !strcmp(argv[1], "self"))
		return self();
	if (argc > 2 && !strcmp(argv[1], "other"))
		return other((pid_t)strtol(argv[2], NULL, 10));
	fprintf(stderr, "usage: hostile2_sched self | other PID\n");
	return 2;
}
