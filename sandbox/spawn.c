/*
 * spawn.c: the child's side, between clone and execve, as one flat ordered
 * list of checked steps (DESIGN.md §6). The first failing step writes
 * {step, errno} to the report pipe (close-on-exec) and exits; the parent
 * turns that into status XX. The last step writes the clock (the start of
 * wall_ns) and calls execve.
 *
 * Boxed (README.md, "The box"), the child is PID 2 of the run's PID
 * namespace; it joins the mount namespace in which its keeper built the
 * view, makes its IPC namespace, and its cgroup namespace after attaching
 * itself, and drops its identity (identity.c) after the steps that need
 * privileges. When its keeper is still making the view fresh after the
 * last run, the child waits for it after seccomp, just before it enters
 * its work folder.
 *
 * The child is a vfork child of the launcher and shares its memory, as
 * posix_spawn's does: no page tables to copy, and no copy of the
 * launcher's address space for execve to tear down inside wall_ns. The
 * launcher is single-threaded and suspended until execve or exit, so no
 * lock is held; the steps use plain system calls, never allocate, and
 * never return into the launcher's frames.
 */
#include "sandbox_int.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <termios.h>
#include <time.h>
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
	case SB_STEP_AFFINITY:
		return "cpu affinity";
	case SB_STEP_NAMESPACES:
		return "namespaces";
	case SB_STEP_VIEW:
		return "file system view";
	case SB_STEP_WORKDIR:
		return "work folder";
	case SB_STEP_RLIMITS:
		return "rlimits";
	case SB_STEP_MAXRSS:
		return "peak rss reset";
	case SB_STEP_IDENTITY:
		return "identity";
	case SB_STEP_NOTTY:
		return "no terminal";
	case SB_STEP_NO_NEW_PRIVS:
		return "no_new_privs";
	case SB_STEP_SECCOMP:
		return "seccomp";
	case SB_STEP_EXEC:
		return "exec";
	}
	return "unknown step";
}

/*
 * After step_stdio the report pipe is always fd 4, and the keeper's
 * socket, when the child waits for it, fd 5.
 */
enum { REPORT_FD = SB_FD_REPORT, KEEPER_FD = SB_FD_COUNT };

static void fail_at(int report_fd, enum sb_step step, int err, uint64_t value)
{
	struct sb_child_report report = {
		.step = step, .err = err, .value = value};
	if (write(report_fd, &report, sizeof(report)) < 0) {
		/* nobody to tell: the exit code is all that is left */
	}
	_exit(SB_SETUP_EXIT);
}

static void fail(int report_fd, enum sb_step step, int err)
{
	fail_at(report_fd, step, err, 0);
}

/*
 * Default dispositions and an empty mask. execve itself resets every
 * caught signal to its default; only ignored ones survive it, so only
 * those (found once by the launcher) need a system call here.
 */
static int step_signals(const sigset_t *ignored)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	for (int sig = 1; sig < NSIG; sig++)
		if (sigismember(ignored, sig) == 1 && sigaction(sig, &sa, NULL))
			return -errno;
	sigset_t none;
	sigemptyset(&none);
	return sigprocmask(SIG_SETMASK, &none, NULL) ? -errno : 0;
}

/*
 * Put stdin, stdout, stderr, the side pipe and the report pipe at 0..4,
 * keeper (when >= 0) at KEEPER_FD, close-on-exec, and close everything
 * else (fd 3 too when there is no side pipe). The fds arrive at arbitrary
 * numbers that may collide with these, so lift them all out of the way
 * first.
 */
static int step_stdio(const int fds[SB_FD_COUNT], int keeper)
{
	int high[SB_FD_COUNT + 1];
	for (int i = 0; i <= SB_FD_COUNT; i++) {
		int fd = i < SB_FD_COUNT ? fds[i] : keeper;
		high[i] = fd < 0 ? -1 : fcntl(fd, F_DUPFD_CLOEXEC, 64);
		if (fd >= 0 && high[i] < 0)
			return -errno;
	}
	for (int i = 0; i < SB_FD_COUNT; i++)
		if (high[i] < 0 ? close(i) && errno != EBADF
				: dup2(high[i], i) < 0)
			return -errno;
	if (keeper >= 0 &&
	    dup3(high[SB_FD_COUNT], KEEPER_FD, O_CLOEXEC) != KEEPER_FD)
		return -errno;
	if (close_range(keeper >= 0 ? KEEPER_FD + 1 : KEEPER_FD, ~0U, 0))
		return -errno;
	/* The report pipe closes on exec. */
	if (fcntl(REPORT_FD, F_SETFD, FD_CLOEXEC))
		return -errno;
	return 0;
}

/*
 * Root box: the side pipe belongs to the box uid, so that the program may
 * open it again by name (/dev/fd/3, /proc/self/fd/3: Java cannot adopt an
 * inherited fd), which checks the pipe's owner and mode (0600). As a user
 * the pipe is the caller's, who is the box's uid already. Only a pipe
 * versus made for this run changes owner.
 */
static int step_pipe_owner(bool has_pipe, uid_t uid)
{
	if (!has_pipe || uid == (uid_t)-1)
		return 0;
	return fchown(SANDBOX_PIPE_FD, uid, uid) ? -errno : 0;
}

/*
 * This process's CPU time so far. Reading it also charges the time since
 * the scheduler last did to the cgroups the process is in now (the kernel
 * brings the running task's count up to date first): read just before
 * joining the cgroup that counts CPU time, it keeps what came before out
 * of the run's count.
 */
static uint64_t cpu_now_ns(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts))
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* Join one cgroup ("0" is the writer); cpu_before: read the clock first. */
static int join_cgroup(const char *procs, uint64_t *cpu_before)
{
	int fd = open(procs, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (cpu_before)
		*cpu_before = cpu_now_ns();
	ssize_t n = write(fd, "0", 1);
	int err = n == 1 ? 0 : n < 0 ? -errno : -EIO;
	close(fd);
	return err;
}

/*
 * Move ourselves into the run's cgroups, before any step that could run
 * for long and long before execve: no round trip to anyone. cpu_dir, the
 * one that counts CPU time (plan->cpu_dir), comes last, *cpu_before
 * read just before it: the first write of a run may wait for the cgroup
 * lock's RCU grace period, and the time until then goes to the cgroups we
 * leave. Returns 0, or -errno with *index the cgroup that refused.
 */
static int step_attach(char *const *cgroup_procs, int cpu_dir,
		       uint64_t *cpu_before, uint64_t *index)
{
	int ret = 0;
	for (size_t i = 0; !ret && cgroup_procs && cgroup_procs[i]; i++)
		if ((int)i != cpu_dir) {
			*index = i;
			ret = join_cgroup(cgroup_procs[i], NULL);
		}
	if (!ret && cpu_dir >= 0) {
		*index = (uint64_t)cpu_dir;
		ret = join_cgroup(cgroup_procs[cpu_dir], cpu_before);
	}
	return ret;
}

/* No fd of the program may be a terminal (TIOCSTI, the caller's tty). */
static int step_notty(void)
{
	for (int fd = 0; fd < 3; fd++) {
		struct termios t;
		if (!ioctl(fd, TCGETS, &t))
			return -ENOTTY;
	}
	return 0;
}

void sb_child_exec(const struct sb_child_plan *plan)
{
	int report = plan->fds[SB_FD_REPORT];
	int ret;

	/* the keeper could not build the view: no namespace to start in */
	if (plan->boxed && plan->keeper.view_err)
		fail_at(report, SB_STEP_VIEW, -plan->keeper.view_err,
			plan->keeper.view_step);
	if (setsid() < 0)
		fail(report, SB_STEP_SESSION, errno);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0))
		fail(report, SB_STEP_PDEATHSIG, errno);
	/* boxed, the launcher is outside our PID namespace: its pid is 0 */
	if (getppid() != (plan->boxed ? 0 : plan->launcher_pid))
		fail(report, SB_STEP_PDEATHSIG, ESRCH);
	if ((ret = step_signals(&plan->ignored)))
		fail(report, SB_STEP_SIGNALS, -ret);
	uint64_t index = 0;
	bool attaching = plan->cgroup_procs && plan->cgroup_procs[0] &&
			 plan->cpu_dir >= 0;
	uint64_t cpu_attach = 0;
	if ((ret = step_attach(plan->cgroup_procs, plan->cpu_dir, &cpu_attach,
			       &index)))
		fail_at(report, SB_STEP_ATTACH, -ret, index);
	/* no cpuset: pinned here, kept by affinity_filter below */
	if (plan->affinity &&
	    sched_setaffinity(0, sizeof(*plan->affinity), plan->affinity))
		fail(report, SB_STEP_AFFINITY, errno);
	if (plan->boxed) {
		/*
		 * After the attach (the cgroup namespace's root is then the
		 * run's, and the cgroup folders are out of sight), before
		 * stdio closes the keeper's namespace fds.
		 */
		if ((ret = box_ns_enter(&plan->keeper)))
			fail(report, SB_STEP_NAMESPACES, -ret);
	}
	bool wait_fresh = plan->boxed && plan->wait_fresh;
	if ((ret = step_stdio(plan->fds, wait_fresh ? plan->keeper.ctl : -1)))
		fail(report, SB_STEP_STDIO, -ret);
	report = REPORT_FD;
	if ((ret = step_pipe_owner(plan->fds[SB_FD_PIPE] >= 0, plan->uid)))
		fail(report, SB_STEP_STDIO, -ret);
	if ((ret = sb_rlimits_apply(&plan->limits)))
		fail(report, SB_STEP_RLIMITS, -ret);
	/* after the steps that need privileges, before the program */
	if ((plan->boxed || plan->drop_caps) &&
	    (ret = box_identity_apply(plan->uid, plan->bounding_empty)))
		fail(report, SB_STEP_IDENTITY, -ret);
	if ((ret = step_notty()))
		fail(report, SB_STEP_NOTTY, -ret);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		fail(report, SB_STEP_NO_NEW_PRIVS, errno);
	int listener = -1; /* close-on-exec */
	if (plan->affinity && (ret = sb_filter_load(plan->affinity_filter)))
		fail(report, SB_STEP_SECCOMP, -ret);
	if ((ret = sb_filter_load_listener(plan->filter, &listener)))
		fail(report, SB_STEP_SECCOMP, -ret);
	if (wait_fresh) {
		/*
		 * Here, not in the launcher, and as late as can be: every
		 * step above overlaps the keeper's reset. Only the work
		 * folder needs the fresh view.
		 */
		struct box_keeper kp = plan->keeper;
		kp.ctl = KEEPER_FD;
		uint64_t step;
		ret = box_ns_keeper_ready(&kp, &step);
		*plan->fresh = ret ? ret : 1;
		close(KEEPER_FD);
		if (ret) {
			/* the run's cgroups counted this much of us */
			uint64_t cpu = cpu_now_ns();
			*plan->carried_cpu_ns += attaching && cpu > cpu_attach
							 ? cpu - cpu_attach
							 : 0;
			_exit(SB_SETUP_EXIT);
		}
	}
	/* as the program: its work folder must be its to enter */
	if (chdir(plan->workdir))
		fail(report, SB_STEP_WORKDIR, errno);
	/*
	 * The wall clock starts here, after every setup step: wall_ns covers
	 * execve, the program and its exit, not the sandbox's setup.
	 * clock_gettime is a vDSO call; the write is one cheap syscall.
	 */
	uint64_t cpu = cpu_now_ns();
	struct sb_child_report start = {
		.value = sb_now_ns(),
		.setup_cpu_ns = cpu,
		.setup_cpu_attached_ns =
			(attaching && cpu > cpu_attach ? cpu - cpu_attach : 0) +
			*plan->carried_cpu_ns,
	};
	if (sb_send_with_fd(report, &start, sizeof(start), listener)) {
		/* the parent then falls back to fork-to-reap; without the
		   listener a forbidden call fails with ENOSYS, never runs */
	}
	execve(plan->argv[0], plan->argv, plan->envp);
	fail(report, SB_STEP_EXEC, errno);
	_exit(SB_SETUP_EXIT);
}
