/*
 * sandbox_int.h: what the files of libversus_sandbox share and nobody else
 * sees. One section per kernel facility, each with its parent-side and its
 * child-side step (see README.md for the order they run in).
 */
#ifndef VERSUS_SANDBOX_INT_H
#define VERSUS_SANDBOX_INT_H

#include <sched.h>
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
	struct cg_hier cpuset;	/* v1 cpuset (optional: for pinning) */
	enum sandbox_pin pin;	/* how a pinned run is confined */
	char pin_why[1024];	/* the cpuset in use, or why none is */
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
	char cpuset[1024];   /* v1 cpuset, made fresh for a pinned run */
	uint64_t pids_limit; /* as made */
	uint64_t memory_limit;
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
/*
 * Parent side: make the run's cgroups with limits written. kept (may be
 * NULL): cgroups an earlier run left for reuse (cg_run_keep); on v1 its
 * pids, cpuacct and unified cgroups serve again when they are as good as
 * new (no process in them, pids.max as the spec wants, cpuacct.usage
 * reset and read back 0), else they are removed first. The memory cgroup
 * is always new: what a run leaves charged there (dentries, page cache,
 * objects an RCU grace period from free) cannot be zeroed exactly; it is
 * spare's when spare (may be NULL; cg_spare_create) was made for the same
 * limits, and spare is removed otherwise. cpus: the run's CPU list, canonical,
 * when probe->pin is a cpuset (v1: a cpuset cgroup of its own, always new; v2:
 * cpuset.cpus of the run's cgroup), checked as the kernel reads it back; NULL:
 * not pinned.
 */
int cg_run_create(const struct cg_probe *probe, struct cg_run *run,
		  const char *name, const struct sandbox_spec *spec,
		  const char *cpus, struct cg_run *kept, struct cg_run *spare,
		  struct versus_err *err);
/*
 * A run's memory cgroup (v2: its only one) made ahead of the run, with
 * spec's limits, while the last run's child is being set up: the next
 * cg_run_create() with the same limits (and no cpuset) takes it instead
 * of making one, and removes it otherwise. Returns 0 or -errno with err
 * (spare then inactive).
 */
int cg_spare_create(const struct cg_probe *probe, struct cg_run *spare,
		    const char *name, const struct sandbox_spec *spec,
		    struct versus_err *err);
/*
 * After a run whose tree is dead: move the cgroups that may serve again
 * (v1: pids, cpuacct, unified) from run into kept (which must be
 * inactive); run keeps the rest, for cg_run_destroy().
 */
void cg_run_keep(const struct cg_probe *probe, struct cg_run *run,
		 struct cg_run *kept);
/*
 * The run's folders, the ones the child attaches itself to, in a fixed
 * order; NULL-terminated (dirs needs CG_RUN_MAX_DIRS + 1). Borrowed from
 * run. Returns how many.
 */
#define CG_RUN_MAX_DIRS 5
size_t cg_run_dirs(const struct cg_run *run, const char **dirs);
/*
 * Which of cg_run_dirs() counts the run's tasks (pids.current: v1 the
 * pids cgroup, v2 the run's cgroup), or -1.
 */
int cg_run_count_index(const struct cg_run *run);
/* Which of cg_run_dirs() counts its CPU time (v1 cpuacct), or -1. */
int cg_run_cpu_index(const struct cg_run *run);
/* Whole-tree CPU so far, in ns; -errno when unreadable. */
int cg_run_cpu_ns(const struct cg_run *run, uint64_t *cpu_ns);
/* The run's memory now (v1 memory.usage_in_bytes, v2 memory.current). */
int cg_run_memory_bytes(const struct cg_probe *probe, const struct cg_run *run,
			uint64_t *bytes);
/* Number of processes now in the run's cgroup. */
int cg_run_count(const struct cg_run *run, uint64_t *count);
/*
 * Kill every process in the run's cgroup and wait (bounded) until it is
 * empty. Returns 0, or -EBUSY when it would not empty.
 */
int cg_run_kill(const struct cg_probe *probe, const struct cg_run *run);
/*
 * Final counters into result (cpu_ns, peak memory, oom kills); cpu_ns
 * less setup_cpu_ns, the child's own CPU after it joined the cgroups.
 */
void cg_run_read(const struct cg_probe *probe, const struct cg_run *run,
		 uint64_t setup_cpu_ns, struct sandbox_result *result);
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
/*
 * The filter of a run pinned by affinity alone (no cpuset): every
 * sched_setaffinity fails with EPERM, so the program cannot widen its
 * CPUs (the kernel lets a process set its own affinity to any CPU its
 * cpuset allows). Caller owns the result; sb_filter_free(). NULL on
 * failure (*err_out).
 */
struct sb_filter *sb_filter_affinity_new(int *err_out);
/* Child side: install the filter (no_new_privs must be set). -errno.
 * A forbidden call kills the calling process (SIGSYS). */
int sb_filter_load(const struct sb_filter *filter);
/*
 * Child side: the same, but a forbidden call waits, not made, and is
 * reported on *listener (close-on-exec; hand it to the parent before
 * execve), which sees it in any process of the tree. *listener is -1 when
 * the kernel cannot (then as sb_filter_load). -errno.
 */
int sb_filter_load_listener(const struct sb_filter *filter, int *listener);

/* A forbidden system call, as the listener reports it. */
struct sb_violation {
	pid_t pid; /* in versus's PID namespace */
	int nr;
	uint32_t arch; /* AUDIT_ARCH_* */
};
/* Parent side: read one notification. 0, or -errno (-ENOENT: the caller
 * died meanwhile). The caller stays blocked until killed or the listener
 * is closed (then the call fails with ENOSYS: it never runs). */
int sb_notify_receive(int listener, struct sb_violation *v);
/* "kexec_load (246) in pid 123" into buf. */
void sb_violation_describe(const struct sb_violation *v, char *buf,
			   size_t size);
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

/* ---- identity.c: who the program runs as ---------------------------- */

/* As root: the box uid of one handle, locked for the handle's life. */
struct box_slot {
	int lock_fd; /* flock'ed "/run/versus-slots/<uid>"; -1: none */
	uid_t uid;   /* = gid */
};

/*
 * Parent side (sandbox_new, as root): lock the first free uid of base ..
 * base + count - 1 (0, 0: 60000, 1000). Returns 0 or -errno with err.
 */
int box_slot_acquire(struct box_slot *slot, uint32_t base, uint32_t count,
		     struct versus_err *err);
void box_slot_release(struct box_slot *slot);
/*
 * Parent side, as root: give the tree at path (symlinks not followed) to
 * uid:uid so that the box may write it. Returns 0 or -errno.
 */
int box_chown_tree(const char *path, uid_t uid);
/*
 * Empty this process's capability bounding set (it limits only what an
 * execve may grant; the launcher of a box keeps its own capabilities and
 * does this once, for every child). 0 or -errno.
 */
int box_bounding_drop(void);
/*
 * Child side: no supplementary groups and uid = gid = uid (root box; -1:
 * keep the caller's uid, user namespace), no capability in any set (the
 * bounding set too, unless bounding_empty: inherited empty), the
 * securebits locked. Raw system calls only (a vfork child). 0 or -errno.
 */
int box_identity_apply(uid_t uid, bool bounding_empty);

/* ---- ns.c: the namespaces ------------------------------------------- */

#define BOX_HIDDEN_MAX 8

/* The launcher's namespaces, made once (box_ns_init). */
struct box_ns {
	enum sandbox_box kind;
	bool userns;	   /* the launcher is in a user namespace of its own */
	uid_t uid;	   /* root box: the slot uid; else -1 */
	int self_pidns_fd; /* the launcher's own PID namespace */
	/* as a user: the launcher's pid as the host sees it; else 0 */
	pid_t spawner_pid;
	char why[256]; /* what the box is, or why there is none */
	/* mount points every box hides under an empty read-only tmpfs */
	char hidden[BOX_HIDDEN_MAX][256];
	const char *hidden_list[BOX_HIDDEN_MAX + 1]; /* into hidden */
};

/*
 * Launcher side, once: as a user a user namespace mapping only the
 * caller's uid and gid; the net namespace (loopback up) and the UTS
 * namespace every run of this launcher shares. slot_uid: the root box's
 * uid, or -1 for a user. On failure ns->kind is SANDBOX_BOX_NONE and
 * ns->why says why; never fails otherwise.
 */
void box_ns_init(struct box_ns *ns, enum sandbox_box_want want, uid_t slot_uid);
/* What the keeper made for the run's child to join. */
struct box_keeper {
	int mntns_fd, pidns_fd; /* close-on-exec; -1: none */
	int ctl;		/* the keeper's socket; -1: none */
	int view_err;		/* -errno: building the view failed */
	uint64_t view_step;	/* then: the enum box_view_step */
};

/*
 * Launcher side: a new PID namespace whose PID 1 is a keeper. The keeper
 * makes the mount namespace (and an IPC namespace of its own) and builds
 * the view in it (so that its teardown happens in the keeper, never in
 * the program's exit, inside wall_ns), then reaps orphans. It serves
 * every run of that view in turn: after each, box_ns_keeper_empty() has
 * it kill what the run left (its orphans) and box_ns_keeper_ready() says
 * when it has made everything fresh for the next (see README.md, "One
 * keeper, many runs"). Its death kills everything in the namespace.
 * Returns the keeper's pid with kp filled (kp->view_err says whether the
 * view was built), or -errno; release kp with box_keeper_release(). To
 * start the run's child in it: box_ns_keeper_enter(), fork (the child is
 * PID 2), box_ns_keeper_done().
 */
struct box_view;
pid_t box_ns_keeper_start(struct box_ns *ns, const struct box_view *view,
			  struct box_keeper *kp);
/*
 * After the run's main process is reaped: the keeper kills everything
 * left in its namespace and waits until it is empty; *orphans: how many
 * were left. 0, or -errno (the keeper is then of no further use).
 */
int box_ns_keeper_empty(const struct box_keeper *kp, uint64_t *orphans);
/*
 * The same in two halves: ask, and read the answer later (before the
 * keeper's namespace gets its next process). 0, or -errno.
 */
int box_ns_keeper_ask(const struct box_keeper *kp);
int box_ns_keeper_emptied(const struct box_keeper *kp, uint64_t *orphans);
/*
 * Then, before the next run: the keeper's fresh tmpfs is ready (its PID
 * numbering was reset before the first answer). 0, or -errno with *step the
 * view's step that failed (the keeper then waits to be killed).
 */
int box_ns_keeper_ready(const struct box_keeper *kp, uint64_t *step);
int box_ns_keeper_enter(const struct box_keeper *kp);
int box_ns_keeper_done(struct box_ns *ns);
void box_keeper_release(struct box_keeper *kp);
/* Processes in the keeper's namespace but the keeper (best effort). */
uint64_t box_ns_count(pid_t keeper);
/*
 * Child side, after the cgroup attach: join the keeper's mount namespace,
 * and make new IPC and cgroup namespaces (the cgroup one's root is then
 * the run cgroup).
 */
int box_ns_enter(const struct box_keeper *kp);

/* ---- mount.c: the file system view ---------------------------------- */

#define BOX_WRITABLE_MAX  8
#define BOX_READABLE_MAX  24
#define BOX_FRESH_WORKDIR "/tmp/versus-run-box"

/* Everything the child needs to build its view, made by the launcher. */
struct box_view {
	const char *tmpfs_opts; /* "size=N,mode=1777" of the run's tmpfs */
	const char *workdir;	/* the cwd inside the box */
	bool fresh_workdir;	/* workdir is made on the run's tmpfs */
	uid_t owner;		/* root box: owner of the fresh workdir; -1 */
	uid_t box_uid;		/* root box: the uid the program runs as; -1 */
	char *const *writable;	/* NULL-terminated; at most BOX_WRITABLE_MAX */
	char *const *readable;	/* bound read-only; at most BOX_READABLE_MAX */
	const char *const *hidden; /* NULL-terminated */
};

/* The view's steps, reported in sb_child_report.value on failure. */
enum box_view_step {
	BOX_VIEW_PRIVATE = 1,
	BOX_VIEW_CLONE,
	BOX_VIEW_READONLY,
	BOX_VIEW_TMP,
	BOX_VIEW_VAR_TMP,
	BOX_VIEW_DEV,
	BOX_VIEW_PROC,
	BOX_VIEW_HIDE,
	BOX_VIEW_WRITABLE,
};
const char *box_view_step_name(enum box_view_step step);
/*
 * Whether the box covers path with a folder of its own (/tmp, /run, the
 * homes...); then *bind_len is the length of the prefix of path to bind
 * back (in a home, the folder just below it).
 */
bool box_covered(const char *path, size_t *bind_len);
/*
 * Whether the folder holding path is one the box replaces whole with its
 * own (/tmp, /var/tmp, /dev, /run): a program there is not in the box.
 */
bool box_replaces_folder_of(const char *path);
/*
 * Whether a folder on the way to path (path itself excluded) denies search
 * to others (no o+x): a box with a uid of its own could not reach path
 * through the read-only view. Parent side (the launcher).
 */
bool box_way_closed(const char *path);
/* The same, for the folders from path[0..from) (a '/' at from) down. */
bool box_way_closed_from(const char *path, size_t from);
/*
 * Keeper side, in its new mount namespace: everything read-only but the
 * run's tmpfs (work folder, /tmp, /var/tmp, /dev/shm) and the writable
 * folders; a minimal /dev, a fresh /proc, the hidden mounts covered.
 * Returns 0 or -errno with *step the failing step. No allocation.
 */
/*
 * The mounts made on the run's tmpfs (binds of folders under /tmp,
 * /var/tmp, /dev/shm), noted
 * by box_view_build for box_view_reset; the paths point into the view.
 */
#define BOX_MARKS_MAX 8
struct box_detacher;
struct box_view_marks {
	const char *path[BOX_MARKS_MAX];
	size_t len[BOX_MARKS_MAX];
	dev_t dev[BOX_MARKS_MAX]; /* the root of each, at the build */
	ino_t ino[BOX_MARKS_MAX];
	dev_t tmp_dev; /* the run's tmpfs at the build */
	size_t n;
	bool overflow;	 /* more than BOX_MARKS_MAX: no reset */
	bool var_linked; /* /var/tmp is a link into the run's tmpfs */
};
int box_view_build(const struct box_view *view, struct box_view_marks *mk,
		   uint64_t *step);
/*
 * Between two runs in one keeper's namespaces, everything the processes
 * are gone: the run's tmpfs (work folder, /tmp, /var/tmp, /dev/shm)
 * replaced by a fresh one, and the binds that sat on it moved over.
 */
int box_view_reset(const struct box_view *view, const struct box_view_marks *mk,
		   struct box_detacher *d, uint64_t *step);
/*
 * The keeper's second thread, which unmounts (MNT_DETACH) one path while
 * the keeper goes on: start, then wait for its 0 or -errno. NULL from
 * box_detacher_new when there is none: then unmount in line.
 */
struct box_detacher *box_detacher_new(void);
int box_detacher_start(struct box_detacher *d, const char *path);
int box_detacher_wait(struct box_detacher *d);

/* ---- spawn.c: the child's setup between fork and execve ----------------- */

/*
 * The fds the child starts from (any numbers; dup'ed into place at these
 * numbers). SB_FD_PIPE is the side pipe's write end (SANDBOX_PIPE_FD), -1
 * when the run has none: then fd 3 is closed.
 */
enum {
	SB_FD_STDIN,
	SB_FD_STDOUT,
	SB_FD_STDERR,
	SB_FD_PIPE,
	SB_FD_REPORT,
	SB_FD_COUNT
};

struct sb_child_plan {
	char *const *argv;
	char *const *envp;
	const char *workdir;
	/* "<run cgroup>/cgroup.procs" for each hierarchy; NULL-terminated */
	char *const *cgroup_procs;
	int cpu_dir; /* the index of the one that counts CPU time, or -1 */
	pid_t launcher_pid;
	/* boxed: the child is PID 2 of its namespace, its parent outside */
	bool boxed;
	bool drop_caps;		  /* the launcher is in a user namespace */
	bool bounding_empty;	  /* the launcher emptied its bounding set */
	uid_t uid;		  /* root box: the slot uid; else -1 */
	struct box_view view;	  /* built by the keeper */
	struct box_keeper keeper; /* its namespaces, and how the view went */
	/*
	 * boxed: the keeper is still making itself fresh after the last run;
	 * wait for it (box_ns_keeper_ready) before the view is needed, and
	 * write in *fresh (the launcher's, shared under vfork) 1 once its
	 * answer is read; on a failure -errno, and exit without a report.
	 */
	bool wait_fresh;
	volatile int *fresh;
	/*
	 * CPU time the run's cgroups counted of children that left that way
	 * (the launcher's, shared under vfork): the next child reports it
	 * with its own setup.
	 */
	volatile uint64_t *carried_cpu_ns;
	sigset_t ignored; /* the launcher's SIG_IGN signals */
	struct sb_rlimits limits;
	const struct sb_filter *filter; /* NULL: no seccomp */
	/* pinned by affinity: the CPUs, and the filter that keeps them */
	const cpu_set_t *affinity; /* NULL: not */
	const struct sb_filter *affinity_filter;
	int fds[SB_FD_COUNT];
};

/* The steps of the child, reported through the report pipe on failure. */
enum sb_step {
	SB_STEP_SESSION = 1,
	SB_STEP_PDEATHSIG,
	SB_STEP_SIGNALS,
	SB_STEP_STDIO,
	SB_STEP_ATTACH,
	SB_STEP_AFFINITY,
	SB_STEP_NAMESPACES,
	SB_STEP_VIEW,
	SB_STEP_WORKDIR,
	SB_STEP_RLIMITS,
	SB_STEP_MAXRSS,
	SB_STEP_IDENTITY,
	SB_STEP_NOTTY,
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
	   SB_STEP_ATTACH: index (cg_run_dirs order) of the refusing cgroup;
	   SB_STEP_VIEW: the enum box_view_step that failed */
	uint64_t value;
	/*
	 * step 0: the child's CPU time (CLOCK_THREAD_CPUTIME_ID) just before
	 * execve, which rusage will count; and the part of it after the
	 * child joined the run's cgroups, which they count.
	 */
	uint64_t setup_cpu_ns, setup_cpu_attached_ns;
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
	/*
	 * The process whose children the runs are: pid, or (a user's box)
	 * the child pid forked to live in a PID namespace of its own.
	 */
	pid_t spawner;
	int fd; /* stream socket to it */
};

/* Messages from the launcher. */
enum { SB_MSG_SPAWNED = 1, SB_MSG_SPAWN_FAILED, SB_MSG_EXITED };
struct sb_launcher_msg {
	int32_t type;
	int32_t pid;
	int32_t err;	 /* SPAWN_FAILED: errno */
	int32_t wstatus; /* EXITED */
	/* EXITED, boxed: processes left in the run's PID namespace when the
	   main process was reaped (then all killed with its keeper) */
	uint64_t orphans;
	bool boxed;
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
	const char *const *writable;	/* NULL-terminated; NULL: none */
	const char *const *readable;	/* NULL-terminated; NULL: none */
	bool fresh_workdir;		/* boxed: make workdir on the tmpfs */
	bool workdir_read_only;		/* boxed: workdir is not writable */
	uint64_t disk_limit_bytes;	/* the run's tmpfs */
	enum sandbox_policy policy;
	struct sb_rlimits limits;
	/* pinned by affinity alone: the child's CPUs; NULL: not */
	const cpu_set_t *affinity;
	/* index in cgroup_dirs of the one with pids.current, or -1 */
	int count_dir;
	/* index in cgroup_dirs of the one that counts CPU time, or -1 */
	int cpu_dir;
	/* sent with SCM_RIGHTS; the caller keeps its. fds[SB_FD_PIPE] may
	   be -1 (no side pipe) */
	int fds[SB_FD_COUNT];
};

/* What the launcher builds once; its first message answers with the box. */
struct sb_launcher_opts {
	enum sandbox_box_want box;
	uid_t slot_uid; /* root box; -1 for a user */
};
struct sb_launcher_hello {
	int32_t box;	 /* enum sandbox_box */
	int32_t spawner; /* see struct sb_launcher; 0: the launcher itself */
	char why[256];
};

/* Fork the launcher and read its hello into hello. 0 or -errno with err. */
int sb_launcher_start(struct sb_launcher *launcher,
		      const struct sb_launcher_opts *opts,
		      struct sb_launcher_hello *hello, struct versus_err *err);
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
/* One record on a socket, with fd (if >= 0) in SCM_RIGHTS. No malloc:
 * safe in the vfork child. 0 or -errno. */
int sb_send_with_fd(int sock, const void *buf, size_t len, int fd);
/* Read exactly len bytes. 0, -EPIPE on early EOF, or -errno. */
int sb_read_all(int fd, void *buf, size_t len);

#endif
