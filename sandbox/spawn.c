/*
 * spawn.c: the child's side, between fork and execve, as one flat ordered
 * list of checked steps (DESIGN.md §6). The first failing step writes
 * {step, errno} to the report pipe (close-on-exec, so a successful execve
 * leaves it empty) and exits; the parent turns that into status XX. Runs in
 * a fresh fork of the single-threaded launcher, so plain libc is safe here.
 */
#include "sandbox_int.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "util/banned.h"

/* Exit code of a child whose setup failed; the report says why. */
#define SB_SETUP_EXIT 127

const char *sb_step_name(enum sb_step step)
{
	switch (step) {
	case SB_STEP_SESSION:
		return "new session";
	case SB_STEP_PDEATHSIG:
		return "parent-death signal";
	case SB_STEP_SIGNALS:
		return "signal reset";
	case SB_STEP_STDIO:
		return "stdio";
	case SB_STEP_ATTACH:
		return "cgroup attach";
	case SB_STEP_WORKDIR:
		return "work folder";
	case SB_STEP_RLIMITS:
		return "rlimits";
	case SB_STEP_MAXRSS:
		return "peak rss reset";
	case SB_STEP_NO_NEW_PRIVS:
		return "no_new_privs";
	case SB_STEP_SECCOMP:
		return "seccomp";
	case SB_STEP_EXEC:
		return "exec";
	}
	return "unknown step";
}

/* After step_stdio the report pipe is always fd 4. */
enum { REPORT_FD = 4, GO_FD = 3 };

static void fail(int report_fd, enum sb_step step, int err)
{
	struct sb_child_report report = {.step = step, .err = err};
	if (write(report_fd, &report, sizeof(report)) < 0) {
		/* nobody to tell: the exit code is all that is left */
	}
	_exit(SB_SETUP_EXIT);
}

static int step_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	for (int sig = 1; sig < NSIG; sig++) {
		if (sig == SIGKILL || sig == SIGSTOP)
			continue;
		/* Fails for the libc-reserved real-time signals; harmless. */
		sigaction(sig, &sa, NULL);
	}
	sigset_t none;
	sigemptyset(&none);
	return sigprocmask(SIG_SETMASK, &none, NULL) ? -errno : 0;
}

/*
 * Put stdin, stdout, stderr, the go pipe and the report pipe at 0..4, and
 * close everything else. The fds arrive at arbitrary numbers that may
 * collide with 0..4, so lift them all out of the way first.
 */
static int step_stdio(const int fds[SB_FD_COUNT])
{
	int high[SB_FD_COUNT];
	for (int i = 0; i < SB_FD_COUNT; i++) {
		high[i] = fcntl(fds[i], F_DUPFD_CLOEXEC, 64);
		if (high[i] < 0)
			return -errno;
	}
	for (int i = 0; i < SB_FD_COUNT; i++)
		if (dup2(high[i], i) < 0)
			return -errno;
	if (close_range(SB_FD_COUNT, ~0U, 0))
		return -errno;
	/* The go pipe is closed after use; the report pipe on exec. */
	if (fcntl(REPORT_FD, F_SETFD, FD_CLOEXEC))
		return -errno;
	return 0;
}

/* Block until the parent has placed us in our cgroups (one byte). */
static int step_attach(void)
{
	char go;
	ssize_t n;
	do
		n = read(GO_FD, &go, 1);
	while (n < 0 && errno == EINTR);
	close(GO_FD);
	if (n < 0)
		return -errno;
	return n == 1 ? 0 : -ECANCELED;
}

/*
 * ru_maxrss carries over our parent's high-water mark through fork and
 * exec; reset it to what we hold now (a copy of the small launcher).
 */
static int step_maxrss(void)
{
	int fd = open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	ssize_t n = write(fd, "5", 1);
	int err = n == 1 ? 0 : -errno;
	close(fd);
	return err;
}

void sb_child_exec(const struct sb_child_plan *plan)
{
	int report = plan->fds[SB_FD_REPORT];
	int ret;

	if (setsid() < 0)
		fail(report, SB_STEP_SESSION, errno);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0))
		fail(report, SB_STEP_PDEATHSIG, errno);
	if (getppid() != plan->launcher_pid)
		fail(report, SB_STEP_PDEATHSIG, ESRCH);
	if ((ret = step_signals()))
		fail(report, SB_STEP_SIGNALS, -ret);
	if ((ret = step_stdio(plan->fds)))
		fail(report, SB_STEP_STDIO, -ret);
	report = REPORT_FD;
	if ((ret = step_attach()))
		fail(report, SB_STEP_ATTACH, -ret);
	if (chdir(plan->workdir))
		fail(report, SB_STEP_WORKDIR, errno);
	if ((ret = sb_rlimits_apply(&plan->limits)))
		fail(report, SB_STEP_RLIMITS, -ret);
	if ((ret = step_maxrss()))
		fail(report, SB_STEP_MAXRSS, -ret);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		fail(report, SB_STEP_NO_NEW_PRIVS, errno);
	if ((ret = sb_filter_load(plan->filter)))
		fail(report, SB_STEP_SECCOMP, -ret);
	/*
	 * The wall clock starts here, after every setup step: wall_ns covers
	 * execve, the program and its exit, not the sandbox's setup.
	 * clock_gettime is a vDSO call; the write is one cheap syscall.
	 */
	struct sb_child_report start = {.exec_ns = sb_now_ns()};
	if (write(report, &start, sizeof(start)) < 0) {
		/* the parent then falls back to fork-to-reap */
	}
	execve(plan->argv[0], plan->argv, plan->envp);
	fail(report, SB_STEP_EXEC, errno);
	_exit(SB_SETUP_EXIT);
}
