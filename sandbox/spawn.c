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
 * privileges.
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
#include <linux/sched.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <termios.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#endif

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

/* After step_stdio the report pipe is always fd 4. */
enum { REPORT_FD = SB_FD_REPORT };

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
 * and close everything else (fd 3 too when there is no side pipe). The
 * fds arrive at arbitrary numbers that may collide with 0..4, so lift
 * them all out of the way first.
 */
static int step_stdio(const int fds[SB_FD_COUNT])
{
	int high[SB_FD_COUNT];
	for (int i = 0; i < SB_FD_COUNT; i++) {
		high[i] = fds[i] < 0 ? -1 : fcntl(fds[i], F_DUPFD_CLOEXEC, 64);
		if (fds[i] >= 0 && high[i] < 0)
			return -errno;
	}
	for (int i = 0; i < SB_FD_COUNT; i++)
		if (high[i] < 0 ? close(i) && errno != EBADF
				: dup2(high[i], i) < 0)
			return -errno;
	if (close_range(SB_FD_COUNT, ~0U, 0))
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
 * Move ourselves into the run's cgroups ("0" is the writer), before any
 * step that could run for long and long before execve: no round trip to
 * anyone. Returns 0, or -errno with *index the cgroup that refused.
 */
static int step_attach(char *const *cgroup_procs, uint64_t *index)
{
	for (size_t i = 0; cgroup_procs && cgroup_procs[i]; i++) {
		*index = i;
		int fd = open(cgroup_procs[i], O_WRONLY | O_CLOEXEC);
		if (fd < 0)
			return -errno;
		ssize_t n = write(fd, "0", 1);
		int err = n == 1 ? 0 : n < 0 ? -errno : -EIO;
		close(fd);
		if (err)
			return err;
	}
	return 0;
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
	if ((ret = step_attach(plan->cgroup_procs, &index)))
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
	if ((ret = step_stdio(plan->fds)))
		fail(report, SB_STEP_STDIO, -ret);
	report = REPORT_FD;
	if ((ret = step_pipe_owner(plan->fds[SB_FD_PIPE] >= 0, plan->uid)))
		fail(report, SB_STEP_STDIO, -ret);
	if (chdir(plan->workdir))
		fail(report, SB_STEP_WORKDIR, errno);
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
	/*
	 * The wall clock starts here, after every setup step: wall_ns covers
	 * execve, the program and its exit, not the sandbox's setup.
	 * clock_gettime is a vDSO call; the write is one cheap syscall.
	 */
	struct sb_child_report start = {.value = sb_now_ns()};
	if (sb_send_with_fd(report, &start, sizeof(start), listener)) {
		/* the parent then falls back to fork-to-reap; without the
		   listener a forbidden call fails with ENOSYS, never runs */
	}
	execve(plan->argv[0], plan->argv, plan->envp);
	fail(report, SB_STEP_EXEC, errno);
	_exit(SB_SETUP_EXIT);
}

static void child_entry(const struct sb_child_plan *plan)
	__attribute__((noreturn, used));
static void child_entry(const struct sb_child_plan *plan)
{
	sb_child_exec(plan);
}

#if defined(__x86_64__) && defined(SYS_clone3) && defined(CLONE_INTO_CGROUP)
/*
 * clone3 with CLONE_VM | CLONE_VFORK: the child runs child_entry(plan) on
 * stack, never returns (execve or _exit), and we resume after it. The
 * child starts with our registers but the new stack, so the call is made
 * in the same asm block: nothing of this frame is touched in the child.
 */
static long clone3_vfork(struct clone_args *ca,
			 const struct sb_child_plan *plan)
{
	long ret;
	register const void *arg __asm__("r12") = plan;
	register void (*fn)(const struct sb_child_plan *) __asm__("r13") =
		child_entry;
	__asm__ volatile("syscall\n\t"
			 "test %%rax, %%rax\n\t"
			 "jnz 1f\n\t"
			 "xor %%ebp, %%ebp\n\t"
			 "mov %%r12, %%rdi\n\t"
			 "call *%%r13\n\t"
			 "ud2\n"
			 "1:\n"
			 : "=a"(ret)
			 : "0"((long)SYS_clone3), "D"(ca), "S"(sizeof(*ca)),
			   "r"(arg), "r"(fn)
			 : "rcx", "r11", "memory", "cc");
	return ret;
}

/* The child's stack, made once: it runs on it only until execve. */
#define CHILD_STACK_SIZE (1UL << 20)
static void *child_stack(void)
{
	static void *stack;
	if (!stack) {
		void *p = mmap(NULL, CHILD_STACK_SIZE, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
		stack = p == MAP_FAILED ? NULL : p;
	}
	return stack;
}

pid_t sb_spawn_child(const struct sb_child_plan *plan, int cgroup_fd)
{
	if (cgroup_fd < 0) {
		pid_t pid = vfork();
		if (pid == 0)
			sb_child_exec(plan);
		return pid < 0 ? -errno : pid;
	}
	void *stack = child_stack();
	if (!stack)
		return -ENOSYS;
	struct clone_args ca;
	memset(&ca, 0, sizeof(ca));
	ca.flags = CLONE_VM | CLONE_VFORK | CLONE_INTO_CGROUP;
	ca.exit_signal = SIGCHLD;
	ca.stack = (uint64_t)(uintptr_t)stack;
	ca.stack_size = CHILD_STACK_SIZE;
	ca.cgroup = (uint64_t)cgroup_fd;
	long ret = clone3_vfork(&ca, plan);
#if defined(__SANITIZE_ADDRESS__)
	/*
	 * The child never returned from its frames, so ASan's poison of
	 * their redzones is still on the stack: clear it for the next
	 * (what its vfork interceptor does for a vfork child).
	 */
	__asan_unpoison_memory_region(stack, CHILD_STACK_SIZE);
#endif
	if (ret >= 0)
		return (pid_t)ret;
	/* not this kernel, or not this cgroup: the child attaches itself */
	if (ret == -EAGAIN || ret == -ENOMEM)
		return (pid_t)ret;
	return -ENOSYS;
}
#else
pid_t sb_spawn_child(const struct sb_child_plan *plan, int cgroup_fd)
{
	if (cgroup_fd >= 0)
		return -ENOSYS;
	pid_t pid = vfork();
	if (pid == 0)
		sb_child_exec(plan);
	return pid < 0 ? -errno : pid;
}
#endif
