/*
 * sandbox_int.h: what the files of libversus_sandbox share and nobody else
 * sees. One section per kernel facility, each with its parent-side and its
 * child-side step (see README.md for the order they run in).
 */
#ifndef VERSUS_SANDBOX_INT_H
#define VERSUS_SANDBOX_INT_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "sandbox.h"

/* ---- cgroup.c ---------------------------------------------------------- */

/* One mounted hierarchy and the cgroup versus itself runs in there. */
struct cg_hier {
	bool present;
	bool partial;	 /* mounted showing only a subtree: unusable */
	char mount[256]; /* where the hierarchy is mounted */
	char dir[512];	 /* absolute folder of our own cgroup in it */
};

/* The probe's findings, made once by sandbox_new(). */
struct cg_probe {
	enum sandbox_mode mode;
	struct cg_hier memory;	/* v1 memory, or the v2 base */
	struct cg_hier pids;	/* v1 pids (unused on v2) */
	struct cg_hier cpuacct; /* v1 cpuacct (unused on v2) */
	struct cg_hier unified; /* hybrid: the cgroup2 mount, for kill */
	bool has_kill;		/* cgroup.kill in unified / v2 */
	bool has_swap_limit;	/* memory.memsw.* / memory.swap.max exist */
	char v2_leaf[1024];	/* v2: the leaf versus moved itself into */
	char v2_home[1024];	/* v2: where versus was before moving */
	bool v2_away;		/* v2: home is a scope or versus-<pid>-home */
	char why[3072];		/* why the mode is what it is */
	char libcgroup[2048];	/* what libcgroup saw (versus doctor) */
};

/* One run's cgroups, one folder per hierarchy in use. */
struct cg_run {
	bool active;
	char name[64];
	/* absolute folders; "" where the hierarchy is not in use */
	char memory[1024], pids[1024], cpuacct[1024], unified[1024];
};

/*
 * Find the mode and our own cgroup in each hierarchy; on pure v2 move the
 * calling process into a leaf of its own. want decides what happens when
 * no mode is usable: AUTO gives mode none (probe->why says why), REQUIRED
 * fails with err. Returns 0 or a negative errno.
 */
int cg_probe_init(struct cg_probe *probe, enum sandbox_cgroups want,
		  struct versus_err *err);
/* Undo the v2 move (at the last handle of the process). */
void cg_probe_release(struct cg_probe *probe);
/*
 * v2: put this process in its leaf "versus-<pid>-self", shared by every
 * handle of the process. own_dir: the cgroup it is in now (absolute); when
 * that is the leaf already, home is the cgroup above it. Fills home and
 * leaf; counts one user. Returns 0 or -errno (-ESTALE: the process was
 * moved out of its leaf while a user is left).
 */
int cg_v2_enter(const char *own_dir, char *home, size_t home_size, char *leaf,
		size_t leaf_size);
/* One user fewer; the last moves the process back home and removes the
 * leaf. Returns 0 or -errno. */
int cg_v2_leave(void);
/*
 * Remove run cgroups left by versus processes that are gone (the pid in
 * "versus-<pid>-<n>" is dead): kill what is inside, wait, delete. Returns
 * how many were removed.
 */
int cg_sweep_stale(const struct cg_probe *probe);
/* Parent side: make the run's cgroups with limits written. */
int cg_run_create(const struct cg_probe *probe, struct cg_run *run,
		  const char *name, const struct sandbox_spec *spec,
		  struct versus_err *err);
/*
 * The run's folders, the ones the child attaches itself to, in a fixed
 * order; NULL-terminated (dirs needs CG_RUN_MAX_DIRS + 1). Borrowed from
 * run. Returns how many.
 */
#define CG_RUN_MAX_DIRS 4
size_t cg_run_dirs(const struct cg_run *run, const char **dirs);
/* Whole-tree CPU so far, in ns; -errno when unreadable. */
int cg_run_cpu_ns(const struct cg_run *run, uint64_t *cpu_ns);
/* Number of processes now in the run's cgroup. */
int cg_run_count(const struct cg_run *run, uint64_t *count);
/*
 * Kill every process in the run's cgroup and wait (bounded) until it is
 * empty. Returns 0, or -EBUSY when it would not empty.
 */
int cg_run_kill(const struct cg_probe *probe, const struct cg_run *run);
/* Final counters into result (cpu_ns, peak memory, oom kills). */
void cg_run_read(const struct cg_probe *probe, const struct cg_run *run,
		 struct sandbox_result *result);
/* Delete the run's cgroups and check the folders are gone. */
int cg_run_destroy(const struct cg_probe *probe, struct cg_run *run,
		   struct versus_err *err);

/* ---- seccomp.c --------------------------------------------------------- */

/*
 * A compiled filter for one policy, built once in the launcher so that
 * each child only loads it. NULL for SANDBOX_POLICY_NONE.
 */
struct sb_filter;
/* Caller owns the result; free with sb_filter_free(). NULL on failure. */
struct sb_filter *sb_filter_new(enum sandbox_policy policy, int *err_out);
void sb_filter_free(struct sb_filter *filter);
/* Child side: install the filter (no_new_privs must be set). -errno. */
int sb_filter_load(const struct sb_filter *filter);
/* Whether this kernel and libseccomp can filter at all ("" or a reason). */
bool sb_seccomp_usable(char *why, size_t why_size);

/* ---- rlimit.c ---------------------------------------------------------- */

/* The limits one child gets, computed in the parent. */
struct sb_rlimits {
	rlim_t cpu_soft_s, cpu_hard_s; /* RLIM_INFINITY when no CPU limit */
	rlim_t fsize_bytes;
	rlim_t nofile;
	rlim_t stack_bytes;
};

/*
 * backstop: the parent enforces the CPU limit on the whole tree (cgroup
 * modes), so RLIMIT_CPU only catches a process the parent somehow misses;
 * without it, RLIMIT_CPU is the limit.
 */
void sb_rlimits_from_spec(const struct sandbox_spec *spec, bool backstop,
			  struct sb_rlimits *out);
/* Child side: apply every limit; returns 0 or -errno. */
int sb_rlimits_apply(const struct sb_rlimits *limits);

/* ---- spawn.c: the child's setup between fork and execve ----------------- */

/* The fds the child starts from (any numbers; dup'ed into place). */
enum { SB_FD_STDIN, SB_FD_STDOUT, SB_FD_STDERR, SB_FD_REPORT, SB_FD_COUNT };

struct sb_child_plan {
	char *const *argv;
	char *const *envp;
	const char *workdir;
	/* "<run cgroup>/cgroup.procs" for each hierarchy; NULL-terminated */
	char *const *cgroup_procs;
	pid_t launcher_pid;
	sigset_t ignored; /* the launcher's SIG_IGN signals */
	struct sb_rlimits limits;
	const struct sb_filter *filter; /* NULL: no seccomp */
	int fds[SB_FD_COUNT];
};

/* The steps of the child, reported through the report pipe on failure. */
enum sb_step {
	SB_STEP_SESSION = 1,
	SB_STEP_PDEATHSIG,
	SB_STEP_SIGNALS,
	SB_STEP_STDIO,
	SB_STEP_ATTACH,
	SB_STEP_WORKDIR,
	SB_STEP_RLIMITS,
	SB_STEP_MAXRSS,
	SB_STEP_NO_NEW_PRIVS,
	SB_STEP_SECCOMP,
	SB_STEP_EXEC,
};

/*
 * The records the child writes to the report pipe (close-on-exec, so a
 * successful execve closes it): one with step 0 just before execve, which
 * starts the wall clock, and one with the failing step when a step (or
 * execve itself) fails. 16 bytes: each write is atomic.
 */
struct sb_child_report {
	int32_t step; /* the failing step, or 0: about to execve */
	int32_t err;  /* errno of the failing step */
	/* step 0: CLOCK_MONOTONIC just before execve, in ns;
	   SB_STEP_ATTACH: index (cg_run_dirs order) of the refusing cgroup */
	uint64_t value;
};

const char *sb_step_name(enum sb_step step);
/*
 * Child side: run every step, then execve. Never returns. Runs in a vfork
 * child of the launcher (its memory and stack shared, the launcher
 * suspended until execve or exit): no malloc, no stdio, no writes to
 * memory but its own frames.
 */
void sb_child_exec(const struct sb_child_plan *plan) __attribute__((noreturn));

/* ---- launcher.c -------------------------------------------------------- */

/* The launcher: a small process forked early that forks every child. */
struct sb_launcher {
	pid_t pid;
	int fd; /* stream socket to it */
};

/* Messages from the launcher. */
enum { SB_MSG_SPAWNED = 1, SB_MSG_SPAWN_FAILED, SB_MSG_EXITED };
struct sb_launcher_msg {
	int32_t type;
	int32_t pid;
	int32_t err;	  /* SPAWN_FAILED: errno */
	int32_t wstatus;  /* EXITED */
	uint64_t fork_ns; /* EXITED: CLOCK_MONOTONIC just before fork */
	uint64_t reap_ns; /* EXITED: CLOCK_MONOTONIC when reaped */
	struct rusage rusage;
};

/* What the parent asks the launcher to start. */
struct sb_launch {
	const char *const *argv;
	const char *const *envp;
	const char *workdir;
	const char *const *cgroup_dirs; /* NULL-terminated; empty: none */
	enum sandbox_policy policy;
	struct sb_rlimits limits;
	int fds[SB_FD_COUNT]; /* sent with SCM_RIGHTS; the caller keeps its */
};

int sb_launcher_start(struct sb_launcher *launcher, struct versus_err *err);
void sb_launcher_stop(struct sb_launcher *launcher);
/* Send one request. Returns 0 or -errno. */
int sb_launcher_send(const struct sb_launcher *launcher,
		     const struct sb_launch *launch);
/* Read one whole message (blocking). Returns 0, -EPIPE at EOF, -errno. */
int sb_launcher_recv(const struct sb_launcher *launcher,
		     struct sb_launcher_msg *msg);

/* ---- small helpers (sandbox.c) ----------------------------------------- */

uint64_t sb_now_ns(void);
/* Write all of buf to fd (retrying on EINTR/short writes). 0 or -errno. */
int sb_write_all(int fd, const void *buf, size_t len);
/* Read exactly len bytes. 0, -EPIPE on early EOF, or -errno. */
int sb_read_all(int fd, void *buf, size_t len);

#endif
