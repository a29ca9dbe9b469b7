/*
 * sandbox.h: run one command confined by cgroups, rlimits and seccomp, and
 * measure it exactly. The only header of libversus_sandbox that other code
 * includes. See sandbox/README.md for the theory of operation.
 *
 * Lifecycle: sandbox_new() once, early in main (it probes the cgroup mode,
 * sweeps stale cgroups of crashed runs and forks the small launcher that
 * spawns every child, so the orchestrator's own memory never leaks into a
 * child's ru_maxrss); then sandbox_run() for each command; sandbox_free()
 * at the end.
 */
#ifndef VERSUS_SANDBOX_H
#define VERSUS_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

enum sandbox_mode {
	SANDBOX_MODE_NONE,    /* rusage only: nothing contained */
	SANDBOX_MODE_CGROUP1, /* v1 memory/pids/cpuacct (+ hybrid unified) */
	SANDBOX_MODE_CGROUP2, /* pure unified hierarchy */
};

/*
 * How a run asked to be pinned (sandbox_spec.cpus) is confined to its
 * CPUs (README.md, "CPU pinning"): the best the handle has.
 */
enum sandbox_pin {
	SANDBOX_PIN_NONE,     /* not pinned */
	SANDBOX_PIN_CPUSET1,  /* a v1 cpuset cgroup of its own */
	SANDBOX_PIN_CPUSET2,  /* the v2 cpuset controller of its cgroup */
	SANDBOX_PIN_AFFINITY, /* sched_setaffinity; seccomp refuses widening */
};

/* What the caller asks for at sandbox_new(). */
enum sandbox_cgroups {
	SANDBOX_CGROUPS_AUTO,	  /* best mode available; none with a warning */
	SANDBOX_CGROUPS_REQUIRED, /* fail if no cgroup mode is usable */
	SANDBOX_CGROUPS_OFF,	  /* mode none, deliberately */
};

enum sandbox_policy {
	SANDBOX_POLICY_RUN,   /* benchmark programs */
	SANDBOX_POLICY_BUILD, /* compilers: a little more permissive */
	SANDBOX_POLICY_NONE,  /* no seccomp filter */
};

/* A program's fate; names as in DESIGN.md §5. */
enum sandbox_status {
	SANDBOX_OK, /* exit code 0 */
	SANDBOX_RE, /* exit code != 0 */
	SANDBOX_SG, /* killed by a signal (not one of ours) */
	SANDBOX_TO, /* CPU limit */
	SANDBOX_TW, /* wall limit */
	SANDBOX_ML, /* memory limit (OOM kill anywhere in the tree) */
	SANDBOX_OL, /* output limit */
	SANDBOX_SV, /* security violation: killed by seccomp */
	SANDBOX_XX, /* setup or exec failure inside the child */
};

/* Whether each run gets a box (README.md, "The box"). */
enum sandbox_box_want {
	SANDBOX_BOX_AUTO, /* a box; without one, a warning names what is lost */
	SANDBOX_BOX_OFF,  /* no box on purpose (measuring what it costs) */
};

/* What sandbox_new() could build. */
enum sandbox_box {
	SANDBOX_BOX_NONE,   /* the caller's uid, namespaces and files */
	SANDBOX_BOX_ROOT,   /* as root: a slot uid, no capabilities */
	SANDBOX_BOX_USERNS, /* as a user: a user namespace of the caller */
};

struct sandbox_config {
	enum sandbox_cgroups cgroups;
	bool quiet; /* no warning on stderr for mode none or no box */
	enum sandbox_box_want box;
	/*
	 * As root: the box uids (= gids) are box_uid_base .. base + count - 1,
	 * one per handle, locked for its life so that concurrent handles
	 * (of any versus process) never share one. 0: 60000 and 1000.
	 */
	uint32_t box_uid_base, box_uid_count;
};

struct sandbox;

/*
 * Probe, sweep stale cgroups, fork the launcher. Returns NULL and fills err
 * when cgroups are required and unusable, when libcgroup and the kernel
 * disagree on the hierarchies (in every mode but off), or when the
 * launcher cannot start.
 * Caller owns the result; free with sandbox_free().
 */
struct sandbox *sandbox_new(const struct sandbox_config *config,
			    struct versus_err *err);
/* Stop the launcher, remove anything left. Accepts NULL. */
void sandbox_free(struct sandbox *sb);
enum sandbox_mode sandbox_mode(const struct sandbox *sb);
/*
 * What libcgroup saw at sandbox_new(): the v1 controllers' mount points
 * and versus's own cgroup in each, checked against /proc/self (for
 * versus doctor). Borrowed from sb; "" in mode off.
 */
const char *sandbox_libcgroup_view(const struct sandbox *sb);
enum sandbox_box sandbox_box(const struct sandbox *sb);
/* "none", "root", "userns". */
const char *sandbox_box_name(enum sandbox_box box);
/*
 * What the box is (the uid) or why there is none. Borrowed; lives as long
 * as sb.
 */
const char *sandbox_box_reason(const struct sandbox *sb);
/* "none", "cgroup1", "cgroup2". */
const char *sandbox_mode_name(enum sandbox_mode mode);
/* "none", "cpuset-v1", "cpuset-v2", "affinity". */
const char *sandbox_pin_name(enum sandbox_pin pin);
/*
 * How a pinned run of sb would be confined (never SANDBOX_PIN_NONE: the
 * affinity is the fallback), and why not better: the cpuset in use or
 * what made it unusable. The reason is borrowed; lives as long as sb.
 */
enum sandbox_pin sandbox_pin(const struct sandbox *sb);
const char *sandbox_pin_reason(const struct sandbox *sb);
/* "OK", "RE", ... */
const char *sandbox_status_name(enum sandbox_status status);
/* "run", "build", "none"; and back (returns -EINVAL on an unknown name). */
const char *sandbox_policy_name(enum sandbox_policy policy);
int sandbox_policy_parse(const char *name, enum sandbox_policy *out);

/*
 * The side pipe: a run may get one more inherited fd, the write end of a
 * pipe at this number, whose bytes the parent reads as they come and
 * hands to the caller (the iteration protocol, docs/iterations.md).
 */
#define SANDBOX_PIPE_FD 3
/* Default bound on the bytes of the side pipe (sandbox_spec.pipe_*). */
#define SANDBOX_PIPE_LIMIT_DEFAULT (16ULL << 20)

/* The run in progress, during a pipe_sink call (sandbox_live_sample()). */
struct sandbox_live;
/*
 * Called from inside sandbox_run() with each chunk read from the side
 * pipe (1..65536 bytes, split anywhere), in order, as it arrives. buf and
 * live are borrowed for the call. Must not block: the child's other
 * streams and limits wait meanwhile.
 */
typedef void (*sandbox_pipe_fn)(void *data, const void *buf, size_t len,
				const struct sandbox_live *live);
/*
 * From inside a pipe_sink call: the whole tree's CPU time (ns) and memory
 * now (bytes; v1 memory.usage_in_bytes, v2 memory.current), read from the
 * run's cgroup. Returns 0; -ENOENT in mode none (nothing set) or when live
 * is NULL (a run measured elsewhere, its pipe handed over after it ended);
 * another -errno when a counter cannot be read.
 */
int sandbox_live_sample(const struct sandbox_live *live, uint64_t *cpu_ns,
			uint64_t *memory_bytes);

struct sandbox_spec {
	/* argv[0] must be an absolute path: the sandbox never searches PATH. */
	const char *const *argv;
	/* Complete environment of the child; NULL means an empty one. */
	const char *const *envp;
	const char *stdin_path; /* NULL: /dev/null */
	/*
	 * Working directory of the child, writable in the box (a build's
	 * folder). NULL: a fresh empty folder for this run alone, gone after
	 * it (in the box: /tmp/versus-run-box on the run's own tmpfs).
	 */
	const char *workdir;
	/*
	 * More folders the box may write, at their own paths (a build's
	 * language cache); everything else is read-only. NULL-terminated,
	 * borrowed; NULL: none. As root their trees are given to the box uid
	 * first.
	 */
	const char *const *writable;
	/*
	 * Folders the box must see although they lie where it has fresh
	 * folders of its own (/tmp, /var/tmp, /dev/shm, /run): bound there
	 * read-only at their own paths (a build's outputs, sources). argv[0]'s
	 * folder is added by itself. NULL-terminated, borrowed; NULL: none.
	 */
	const char *const *readable;
	/* Set HOME to the work folder, replacing any HOME in envp. */
	bool home_is_workdir;
	/*
	 * With workdir: the box sees it read-only, like the rest (a folder
	 * of input files the caller prepared); the program writes in /tmp.
	 * As root it is not given to the box uid. Without a box the folder
	 * is as the caller made it.
	 */
	bool workdir_read_only;
	/*
	 * Bytes the run may write: one tmpfs of this size holds the fresh
	 * work folder, /tmp, /var/tmp and /dev/shm (its pages count in the
	 * run's memory). 0: 1 GiB. Writes into workdir and writable folders
	 * are bounded only by file_size_limit_bytes per file.
	 */
	uint64_t disk_limit_bytes;
	enum sandbox_policy policy;
	double wall_limit_s;	     /* 0: none */
	double cpu_limit_s;	     /* 0: none */
	uint64_t memory_limit_bytes; /* 0: none; swap is always off */
	uint64_t pids_limit;	     /* 0: none */
	uint64_t output_limit_bytes; /* stdout+stderr; 0: none; past it: OL */
	uint64_t file_size_limit_bytes; /* RLIMIT_FSIZE; 0: default 1 GiB */
	/*
	 * The CPUs the whole tree may run on, in the kernel's list format
	 * ("1", "2-3,6"); each must be one the caller may use itself
	 * (sched_getaffinity), else sandbox_run() fails with -EINVAL. NULL or
	 * "": not pinned. How: sandbox_pin(); result.pin says what was used.
	 */
	const char *cpus;
	/* How much of each stream to keep in the result (first bytes). */
	size_t capture_stdout_bytes;
	size_t capture_stderr_bytes;
	/*
	 * The side pipe. NULL: none (fd 3 is closed in the child). Else the
	 * child gets a pipe's write end at SANDBOX_PIPE_FD (not close-on-
	 * exec; as root the pipe belongs to the box uid, so /dev/fd/3 opens)
	 * and every byte read from it is handed to pipe_sink(pipe_data, ...).
	 * The parent never blocks the child: the pipe is read alongside
	 * stdout and stderr, and after the main process ends for as long as
	 * they are (bounded, see README.md).
	 */
	sandbox_pipe_fn pipe_sink;
	void *pipe_data;
	/* past this many bytes: OL (pipe_overflow); 0: the default 16 MiB */
	uint64_t pipe_limit_bytes;
};

/*
 * The digest of a run's stdout (sandbox_result.stdout_digest): XXH3-128,
 * 32 lowercase hex digits in xxh128sum's byte order. Not cryptographic: it
 * tells apart outputs that change between runs, at memory speed.
 */
#define SANDBOX_DIGEST_ALGORITHM "xxh3-128"
#define SANDBOX_DIGEST_HEX_LEN	 32
/* The same digest of a buffer (what stdout_digest holds for that output). */
void sandbox_digest_hex(const void *data, size_t len,
			char hex[SANDBOX_DIGEST_HEX_LEN + 1]);

struct sandbox_result {
	enum sandbox_status status;
	enum sandbox_mode mode;
	enum sandbox_pin pin; /* how spec->cpus was enforced; NONE: unpinned */
	int exit_code;	      /* valid when the main process exited */
	int signal;	      /* terminating signal, or 0 */
	/*
	 * CLOCK_MONOTONIC from the child's last step before execve (after
	 * its setup and seccomp) to the launcher's reap: execve, the program
	 * and its exit. Fork to reap when the setup failed (status XX).
	 */
	uint64_t wall_ns;
	/* that first CLOCK_MONOTONIC reading (where wall_ns starts), for a
	   program's own timestamps; 0 when the setup failed */
	uint64_t exec_monotonic_ns;
	/*
	 * CPU times leave out the sandbox's own setup in the child before
	 * execve (setup_cpu_ns), as wall_ns does: the program's alone.
	 */
	uint64_t user_ns; /* rusage of the main process and reaped children */
	uint64_t sys_ns;
	uint64_t cpu_ns; /* whole tree: cgroup cpuacct/cpu.stat; mode none:
			    user_ns + sys_ns */
	/* CPU the child's setup took between fork and execve (left out of
	   the above); 0 when the setup failed */
	uint64_t setup_cpu_ns;
	uint64_t peak_memory_bytes; /* whole tree where the mode allows */
	const char *memory_source;  /* static string naming the counter */
	uint64_t max_rss_bytes;	    /* ru_maxrss of the main process */
	uint64_t oom_kills;
	uint64_t orphans_killed; /* processes left when main ended */
	uint64_t stdout_bytes;	 /* all bytes written, kept or not */
	uint64_t stderr_bytes;
	bool output_truncated; /* capture caps or the output limit cut it */
	/* SANDBOX_DIGEST_ALGORITHM of every stdout byte, kept or not; hex */
	char stdout_digest[SANDBOX_DIGEST_HEX_LEN + 1];
	char *stdout_data; /* first capture_stdout_bytes; NUL-terminated */
	size_t stdout_len;
	char *stderr_data;
	size_t stderr_len;
	uint64_t pipe_bytes; /* side pipe: bytes handed to pipe_sink */
	bool pipe_overflow;  /* side pipe: past pipe_limit_bytes (OL) */
	char message[512];   /* human-readable reason for a non-OK status */
};

/*
 * Run spec->argv confined and measured. Returns 0 whenever the program
 * ran, whatever its fate (result->status); -EINTR when sandbox_interrupt()
 * was called during the run (the tree was killed and cleaned up, result
 * holds what was measured); another negative errno, with err filled, when
 * the sandbox itself failed. result is always initialised; release it with
 * sandbox_result_release().
 */
int sandbox_run(struct sandbox *sb, const struct sandbox_spec *spec,
		struct sandbox_result *result, struct versus_err *err);
/* Free captured output; accepts NULL. */
void sandbox_result_release(struct sandbox_result *result);

/*
 * Async-signal-safe: ask the running sandbox_run() (if any) to kill its
 * tree, clean up and return -EINTR. For SIGINT/SIGTERM handlers. The
 * request is sticky: every later sandbox_run() returns -EINTR at once
 * until sandbox_interrupt_clear().
 */
void sandbox_interrupt(void);
/* Whether sandbox_interrupt() was called and not cleared since. */
bool sandbox_interrupt_pending(void);
/* Forget an earlier sandbox_interrupt() (tests; a caller that goes on). */
void sandbox_interrupt_clear(void);

/*
 * Why the mode is what it was probed to be: the cgroup folders in use, or
 * what made cgroups unusable. Borrowed; lives as long as sb.
 */
const char *sandbox_mode_reason(const struct sandbox *sb);
/*
 * Whether seccomp filters can be loaded here; why holds the libseccomp
 * version or the reason they cannot.
 */
bool sandbox_seccomp_usable(char *why, size_t why_size);

#endif
