/*
 * sandbox.c: sandbox_new() and sandbox_run(), the parent's side of a run.
 * See README.md for the theory of operation; cgroup.c, seccomp.c,
 * rlimit.c, spawn.c and launcher.c hold one kernel facility each.
 */
#include "sandbox_int.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#define XXH_STATIC_LINKING_ONLY /* XXH3_state_t on the stack, no malloc */
#include <xxhash.h>
/* On x86, XXH3_128bits* without this header is libxxhash's baseline (SSE2)
   code; with it they become the *_dispatch functions, which pick AVX2 or
   AVX-512 at run time: the same digest, 2-3 times faster here (README.md,
   "Output digest"). */
#if (defined(__x86_64__) || defined(__i386__)) && defined(__has_include)
#if __has_include(<xxh_x86dispatch.h>)
#include <xxh_x86dispatch.h>
#endif
#endif

#include "util/alloc.h"
#include "util/cpulist.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/term.h"
#include "util/banned.h"

/* How often the whole tree's CPU is checked against the limit. */
#define CPU_POLL_MS 10
/* The depth asked for the stdout pipe (see make_pipes). */
/*
 * One read of a captured stream: large, so that a fast writer costs the
 * drain loop few read(2) calls and wake-ups (sandbox/README.md, "Output
 * digest": with 64 KiB reads a 200 MB writer took 1.18-1.24x its time
 * through a plain pipe, with 256 KiB 0.98-1.00x). Overridable for
 * tests/bench/output_hash.sh.
 */
#ifndef DRAIN_READ_BYTES
#define DRAIN_READ_BYTES (256 << 10)
#endif
#ifndef STDOUT_PIPE_BYTES /* overridable for tests/bench/output_hash.sh */
#define STDOUT_PIPE_BYTES (1 << 20)
#endif
/*
 * After the main process is reaped and the tree killed: how long to keep
 * reading pipes still held open (in mode none by a setsid escapee; with
 * cgroups only by a process that left its cgroup).
 */
#define DRAIN_NS (200ULL * 1000000ULL)
/*
 * After a kill, how long the launcher has to report the main process
 * reaped. It takes microseconds; longer means it was stopped (it gets
 * SIGCONT at the first mark) or is stuck, and the run fails at the second
 * rather than wait for ever.
 */
#define LAUNCHER_NUDGE_NS (500ULL * 1000000ULL)
#define LAUNCHER_GRACE_NS (5000ULL * 1000000ULL)
/* The run's tmpfs (work folder, /tmp, /var/tmp, /dev/shm) by default. */
#define DISK_LIMIT_DEFAULT (1ULL << 30)

struct sandbox {
	struct cg_probe probe;
	struct sb_launcher launcher;
	unsigned long runs;
	bool broken; /* the launcher died: every run fails */
	enum sandbox_box box;
	char box_why[256];
	struct box_slot slot; /* root box: this handle's uid */
	/* boxed, v1: the last run's pids, cpuacct and unified cgroups,
	   which the next run takes when they are as good as new */
	struct cg_run kept;
	/*
	 * The last run's other cgroups, removed while the next run's child
	 * is set up; and the next run's memory cgroup, made then too
	 * (README.md, "While the child is set up").
	 */
	struct cg_run retired, spare;
	char *drain_buf; /* DRAIN_READ_BYTES, made at the first drain */
};

/* The two signal flags STYLE.md allows: set from a signal handler. */
static volatile sig_atomic_t interrupted;
static int interrupt_pipe[2] = {-1, -1};

/* ---- helpers ----------------------------------------------------------- */

uint64_t sb_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

int sb_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	bool sock = true;
	while (len) {
		/* send() so a dead peer is EPIPE, never SIGPIPE */
		ssize_t n = sock ? send(fd, p, len, MSG_NOSIGNAL)
				 : write(fd, p, len);
		if (n < 0 && errno == ENOTSOCK && sock) {
			sock = false;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int sb_send_with_fd(int sock, const void *buf, size_t len, int fd)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} control;
	/* sendmsg reads it; iovec is not const-correct */
	struct iovec iov = {.iov_base = (void *)(uintptr_t)buf, .iov_len = len};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
	if (fd >= 0) {
		memset(&control, 0, sizeof(control));
		msg.msg_control = control.buf;
		msg.msg_controllen = sizeof(control.buf);
		struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
		cmsg->cmsg_level = SOL_SOCKET;
		cmsg->cmsg_type = SCM_RIGHTS;
		cmsg->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
	}
	ssize_t n;
	do
		n = sendmsg(sock, &msg, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

int sb_read_all(int fd, void *buf, size_t len)
{
	char *p = buf;
	while (len) {
		ssize_t n = read(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EPIPE;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static uint64_t tv_ns(struct timeval tv)
{
	return (uint64_t)tv.tv_sec * 1000000000ULL +
	       (uint64_t)tv.tv_usec * 1000ULL;
}

/* ---- names ------------------------------------------------------------- */

const char *sandbox_pin_name(enum sandbox_pin pin)
{
	switch (pin) {
	case SANDBOX_PIN_NONE:
		return "none";
	case SANDBOX_PIN_CPUSET1:
		return "cpuset-v1";
	case SANDBOX_PIN_CPUSET2:
		return "cpuset-v2";
	case SANDBOX_PIN_AFFINITY:
		return "affinity";
	}
	return "unknown";
}

const char *sandbox_mode_name(enum sandbox_mode mode)
{
	switch (mode) {
	case SANDBOX_MODE_NONE:
		return "none";
	case SANDBOX_MODE_CGROUP1:
		return "cgroup1";
	case SANDBOX_MODE_CGROUP2:
		return "cgroup2";
	}
	return "unknown";
}

const char *sandbox_status_name(enum sandbox_status status)
{
	static const char *const names[] = {"OK", "RE", "SG", "TO", "TW",
					    "ML", "OL", "SV", "XX"};
	if ((unsigned)status < sizeof(names) / sizeof(names[0]))
		return names[status];
	return "??";
}

const char *sandbox_policy_name(enum sandbox_policy policy)
{
	switch (policy) {
	case SANDBOX_POLICY_RUN:
		return "run";
	case SANDBOX_POLICY_BUILD:
		return "build";
	case SANDBOX_POLICY_NONE:
		return "none";
	}
	return "unknown";
}

int sandbox_policy_parse(const char *name, enum sandbox_policy *out)
{
	for (int p = SANDBOX_POLICY_RUN; p <= SANDBOX_POLICY_NONE; p++) {
		if (!strcmp(name, sandbox_policy_name(p))) {
			*out = (enum sandbox_policy)p;
			return 0;
		}
	}
	return -EINVAL;
}

/* ---- lifecycle --------------------------------------------------------- */

struct sandbox *sandbox_new(const struct sandbox_config *config,
			    struct versus_err *err)
{
	struct sandbox *sb = xcalloc(1, sizeof(*sb));
	sb->launcher.pid = -1;
	sb->launcher.fd = -1;
	sb->slot.lock_fd = -1;
	sb->slot.uid = (uid_t)-1;
	if (cg_probe_init(&sb->probe, config->cgroups, err)) {
		free(sb);
		return NULL;
	}
	int swept = cg_sweep_stale(&sb->probe);
	if (swept > 0)
		term_info("sandbox: removed %d stale cgroup(s) of earlier runs",
			  swept);
	if (interrupt_pipe[0] < 0 &&
	    pipe2(interrupt_pipe, O_CLOEXEC | O_NONBLOCK)) {
		versus_err_set(err, -errno, NULL, 0, 0, "sandbox: pipe: %s",
			       strerror(errno));
		sandbox_free(sb);
		return NULL;
	}
	struct sb_launcher_opts opts = {.box = config->box,
					.slot_uid = (uid_t)-1};
	/*
	 * Root: a box uid of our own. Without one (no lock folder, root of a
	 * container's user namespace, every uid busy) the launcher makes a
	 * user namespace instead, as for a user.
	 */
	if (config->box != SANDBOX_BOX_OFF && geteuid() == 0 &&
	    !box_slot_acquire(&sb->slot, config->box_uid_base,
			      config->box_uid_count, NULL))
		opts.slot_uid = sb->slot.uid;
	/* Forked now, while we are small (see launcher.c). */
	struct sb_launcher_hello hello;
	if (sb_launcher_start(&sb->launcher, &opts, &hello, err)) {
		sandbox_free(sb);
		return NULL;
	}
	sb->box = (enum sandbox_box)hello.box;
	snprintf(sb->box_why, sizeof(sb->box_why), "%s", hello.why);
	if (sb->box == SANDBOX_BOX_NONE && config->box != SANDBOX_BOX_OFF &&
	    !config->quiet)
		term_warn("sandbox: no box (%s): programs run with the "
			  "caller's uid and privileges, see and signal its "
			  "processes, write wherever it may, reach its "
			  "sockets and network, and keep files between runs",
			  sb->box_why);
	if (sb->probe.mode == SANDBOX_MODE_NONE && !config->quiet)
		term_warn("sandbox: no cgroups (%s): peak memory is the main "
			  "process's ru_maxrss, CPU time leaves out orphans, "
			  "and memory, process count and orphans are not "
			  "contained",
			  sb->probe.why);
	return sb;
}

void sandbox_free(struct sandbox *sb)
{
	if (!sb)
		return;
	sb_launcher_stop(&sb->launcher);
	box_slot_release(&sb->slot);
	struct versus_err err;
	struct cg_run *left[] = {&sb->kept, &sb->retired, &sb->spare};
	for (size_t i = 0; i < sizeof(left) / sizeof(left[0]); i++)
		if (cg_run_destroy(&sb->probe, left[i], &err))
			term_warn("%s", err.message);
	cg_probe_release(&sb->probe);
	free(sb->drain_buf);
	free(sb);
}

enum sandbox_mode sandbox_mode(const struct sandbox *sb)
{
	return sb->probe.mode;
}

enum sandbox_box sandbox_box(const struct sandbox *sb)
{
	return sb->box;
}

const char *sandbox_box_name(enum sandbox_box box)
{
	switch (box) {
	case SANDBOX_BOX_NONE:
		return "none";
	case SANDBOX_BOX_ROOT:
		return "root";
	case SANDBOX_BOX_USERNS:
		return "userns";
	}
	return "unknown";
}

const char *sandbox_box_reason(const struct sandbox *sb)
{
	return sb->box_why;
}

enum sandbox_pin sandbox_pin(const struct sandbox *sb)
{
	return sb->probe.pin;
}

const char *sandbox_pin_reason(const struct sandbox *sb)
{
	return sb->probe.pin_why;
}

const char *sandbox_mode_reason(const struct sandbox *sb)
{
	return sb->probe.why;
}

const char *sandbox_libcgroup_view(const struct sandbox *sb)
{
	return sb->probe.libcgroup;
}

bool sandbox_seccomp_usable(char *why, size_t why_size)
{
	return sb_seccomp_usable(why, why_size);
}

void sandbox_interrupt(void)
{
	interrupted = 1;
	if (interrupt_pipe[1] >= 0) {
		int saved = errno;
		if (write(interrupt_pipe[1], "i", 1) < 0) {
			/* full already: the flag is enough */
		}
		errno = saved;
	}
}

bool sandbox_interrupt_pending(void)
{
	return interrupted != 0;
}

void sandbox_interrupt_clear(void)
{
	interrupted = 0;
	char buf[64];
	while (interrupt_pipe[0] >= 0 &&
	       read(interrupt_pipe[0], buf, sizeof(buf)) > 0)
		;
}

void sandbox_result_release(struct sandbox_result *result)
{
	if (!result)
		return;
	free(result->stdout_data);
	free(result->stderr_data);
	result->stdout_data = NULL;
	result->stderr_data = NULL;
	result->stdout_len = 0;
	result->stderr_len = 0;
}

/* ---- one run ----------------------------------------------------------- */

enum kill_reason {
	KILL_NONE,
	KILL_WALL,
	KILL_CPU,
	KILL_OUTPUT,
	KILL_INTR,
	KILL_SECCOMP
};

/* One captured stream: first cap bytes kept, every byte counted. */
struct stream {
	int fd;
	struct strbuf kept;
	size_t cap;
	uint64_t bytes;
	XXH3_state_t xxh; /* stdout only */
	bool hash;
};

/* What a pipe_sink may look at (sandbox_live_sample()). */
struct sandbox_live {
	const struct cg_probe *probe;
	const struct cg_run *cg;
};

struct run {
	struct sandbox *sb;
	const struct sandbox_spec *spec;
	struct sandbox_result *result;
	struct cg_run cg;
	struct stream out, err;
	int pipe_fd; /* the side pipe's read end, or -1 */
	uint64_t pipe_limit;
	struct sandbox_live live;
	int report_fd; /* SOCK_SEQPACKET: records, and the listener */
	int listener;  /* seccomp user notifications, or -1 */
	bool violated; /* a forbidden system call, seen on the listener */
	struct sb_violation violation;
	pid_t pid; /* 0 until the launcher's SPAWNED */
	bool main_done;
	bool tree_killed;
	int wstatus;
	struct rusage rusage;
	uint64_t fork_ns, reap_ns; /* the launcher's clock readings */
	uint64_t exec_ns; /* the child's, just before execve; 0: none */
	/* the child's CPU before execve: all of it, and in the cgroups */
	uint64_t setup_cpu_ns, setup_cpu_attached_ns;
	enum kill_reason kill_reason;
	int tidy_ret; /* the last run's cgroups would not go: why */
	struct versus_err tidy_err;
	uint64_t killed_at_ns; /* first kill of a live main process; 0 none */
	bool nudged;	       /* SIGCONT sent to the launcher */
	uint64_t killed_cpu_ns;
	struct sb_child_report report;
	bool reported;
	bool boxed_orphans; /* the launcher counted them (PID namespace) */
	char workdir[512];
	bool own_workdir;
	bool fresh_in_box; /* the work folder is on the run's tmpfs */
	struct strvec env; /* envp with HOME set (home_is_workdir) */
	/* pinned (spec->cpus): the set, canonical; affinity: set by the
	   child itself, else by the cgroup */
	cpu_set_t cpus;
	char cpus_list[CPULIST_MAX];
};

/* Mode none: CPU of the main process alone, from /proc/PID/schedstat. */
static int proc_cpu_ns(pid_t pid, uint64_t *cpu_ns)
{
	char path[64], buf[128];
	snprintf(path, sizeof(path), "/proc/%ld/schedstat", (long)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	buf[n] = '\0';
	*cpu_ns = strtoull(buf, NULL, 10);
	return 0;
}

/* Whole-tree CPU where cgroups allow, else the main process's. */
static int tree_cpu_ns(const struct run *r, uint64_t *cpu_ns)
{
	if (r->cg.active)
		return cg_run_cpu_ns(&r->cg, cpu_ns);
	return proc_cpu_ns(r->pid, cpu_ns);
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static int unlink_cb(const char *path, const struct stat *st, int flag,
		     struct FTW *ftw)
{
	remove(path);
	return 0;
}

/*
 * Mode none, before SPAWNED: the launcher is suspended in clone until the
 * child calls execve, so its only child that matters is ours.
 */
static void kill_launcher_children(pid_t launcher)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%ld/task/%ld/children",
		 (long)launcher, (long)launcher);
	FILE *f = fopen(path, "re");
	long pid;
	while (f && fscanf(f, "%ld", &pid) == 1)
		if (pid > 0)
			kill((pid_t)pid, SIGKILL);
	if (f)
		fclose(f);
}

/* Kill the whole tree now (main included); remember why. */
static void kill_tree(struct run *r, enum kill_reason why)
{
	if (r->kill_reason == KILL_NONE && !r->main_done)
		r->kill_reason = why;
	if (!r->killed_at_ns && !r->main_done)
		r->killed_at_ns = sb_now_ns();
	if (r->cg.active) {
		cg_run_kill(&r->sb->probe, &r->cg);
	} else if (r->pid > 0) {
		/* mode none: the session the child leads is all we reach */
		kill(-r->pid, SIGKILL);
		if (!r->main_done)
			kill(r->pid, SIGKILL);
	} else if (!r->main_done) {
		kill_launcher_children(r->sb->launcher.spawner);
	}
	r->tree_killed = r->main_done;
}

static void digest_hex(XXH128_hash_t h, char hex[SANDBOX_DIGEST_HEX_LEN + 1])
{
	/* the canonical (big-endian) form, as xxh128sum prints it */
	XXH128_canonical_t c;
	XXH128_canonicalFromHash(&c, h);
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < sizeof(c.digest); i++) {
		hex[2 * i] = digits[c.digest[i] >> 4];
		hex[2 * i + 1] = digits[c.digest[i] & 15];
	}
	hex[SANDBOX_DIGEST_HEX_LEN] = '\0';
}

void sandbox_digest_hex(const void *data, size_t len,
			char hex[SANDBOX_DIGEST_HEX_LEN + 1])
{
	digest_hex(XXH3_128bits(data, len), hex);
}

/*
 * Every stdout byte passes here once: read into one DRAIN_READ_BYTES buffer (in
 * the cache for the hash), hashed with XXH3-128 (memory speed; see
 * README.md, "Output digest"), and copied only while the capture has room.
 */
static void drain(struct run *r, struct stream *s)
{
	if (!r->sb->drain_buf)
		r->sb->drain_buf = xmalloc(DRAIN_READ_BYTES);
	char *buf = r->sb->drain_buf;
	for (;;) {
		ssize_t n = read(s->fd, buf, DRAIN_READ_BYTES);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n <= 0) {
			close_fd(&s->fd);
			return;
		}
		s->bytes += (uint64_t)n;
		if (s->hash)
			XXH3_128bits_update(&s->xxh, buf, (size_t)n);
		size_t room = s->cap > s->kept.len ? s->cap - s->kept.len : 0;
		size_t keep = (size_t)n < room ? (size_t)n : room;
		if (keep)
			strbuf_add(&s->kept, buf, keep);
		if (keep < (size_t)n)
			r->result->output_truncated = true;
		uint64_t limit = r->spec->output_limit_bytes;
		if (limit && r->out.bytes + r->err.bytes > limit &&
		    r->kill_reason == KILL_NONE && !r->main_done) {
			r->result->output_truncated = true;
			kill_tree(r, KILL_OUTPUT);
		}
	}
}

/*
 * The side pipe: every byte up to the limit goes to the caller's sink;
 * past it the tree is killed (OL) and the rest is read and dropped.
 */
static void drain_pipe(struct run *r)
{
	char buf[65536];
	for (;;) {
		ssize_t n = read(r->pipe_fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n <= 0) {
			close_fd(&r->pipe_fd);
			return;
		}
		struct sandbox_result *res = r->result;
		uint64_t room = r->pipe_limit > res->pipe_bytes
					? r->pipe_limit - res->pipe_bytes
					: 0;
		size_t give = (uint64_t)n < room ? (size_t)n : (size_t)room;
		if (give) {
			res->pipe_bytes += give;
			r->spec->pipe_sink(r->spec->pipe_data, buf, give,
					   &r->live);
		}
		if (give < (size_t)n && !res->pipe_overflow) {
			res->pipe_overflow = true;
			if (r->kill_reason == KILL_NONE && !r->main_done)
				kill_tree(r, KILL_OUTPUT);
		}
	}
}

int sandbox_live_sample(const struct sandbox_live *live, uint64_t *cpu_ns,
			uint64_t *memory_bytes)
{
	if (!live || !live->cg || !live->cg->active)
		return -ENOENT;
	int ret = cg_run_cpu_ns(live->cg, cpu_ns);
	if (!ret)
		ret = cg_run_memory_bytes(live->probe, live->cg, memory_bytes);
	return ret;
}

/*
 * Read the child's records (one per datagram) until EAGAIN or EOF. The
 * start record may carry the seccomp listener (SCM_RIGHTS).
 */
static void read_report(struct run *r)
{
	for (;;) {
		struct sb_child_report rec;
		union {
			char buf[CMSG_SPACE(sizeof(int))];
			struct cmsghdr align;
		} control;
		struct iovec iov = {.iov_base = &rec, .iov_len = sizeof(rec)};
		struct msghdr msg = {.msg_iov = &iov,
				     .msg_iovlen = 1,
				     .msg_control = control.buf,
				     .msg_controllen = sizeof(control.buf)};
		ssize_t n = recvmsg(r->report_fd, &msg, MSG_CMSG_CLOEXEC);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		struct cmsghdr *cmsg = n > 0 ? CMSG_FIRSTHDR(&msg) : NULL;
		if (cmsg && cmsg->cmsg_level == SOL_SOCKET &&
		    cmsg->cmsg_type == SCM_RIGHTS &&
		    cmsg->cmsg_len == CMSG_LEN(sizeof(int))) {
			int fd;
			memcpy(&fd, CMSG_DATA(cmsg), sizeof(fd));
			if (r->listener < 0)
				r->listener = fd;
			else
				close(fd);
		}
		if (n != (ssize_t)sizeof(rec)) {
			close_fd(&r->report_fd);
			return;
		}
		if (rec.step == 0) {
			r->exec_ns = rec.value;
			r->setup_cpu_ns = rec.setup_cpu_ns;
			r->setup_cpu_attached_ns = rec.setup_cpu_attached_ns;
		} else if (!r->reported) {
			r->report = rec;
			r->reported = true;
		}
	}
}

/*
 * A process of the run made a forbidden call and waits in it: note the
 * first, kill the tree (which ends the wait; the call is never made).
 */
static void read_violation(struct run *r)
{
	struct sb_violation v = {.pid = 0, .nr = -1, .arch = 0};
	int ret = sb_notify_receive(r->listener, &v);
	if (ret == -EAGAIN || ret == -EINTR)
		return;
	if (ret && ret != -ENOENT) {
		/* the listener broke: closing it fails any waiting call */
		close_fd(&r->listener);
		return;
	}
	if (ret == -ENOENT) /* the caller was killed before we read it */
		v.nr = -1;
	if (!r->violated) {
		r->violated = true;
		memcpy(&r->violation, &v, sizeof(v));
	}
	kill_tree(r, KILL_SECCOMP);
}

/* One message from the launcher: SPAWNED, SPAWN_FAILED or EXITED. */
static int recv_launcher(struct run *r, struct versus_err *err)
{
	struct sb_launcher_msg msg;
	int ret = sb_launcher_recv(&r->sb->launcher, &msg);
	if (ret || (msg.type == SB_MSG_SPAWNED && r->pid) ||
	    (msg.type == SB_MSG_EXITED && !r->pid)) {
		r->sb->broken = true;
		return versus_err_set(err, ret ? ret : -EPROTO, NULL, 0, 0,
				      "sandbox: lost the launcher");
	}
	switch (msg.type) {
	case SB_MSG_SPAWNED:
		r->pid = msg.pid;
		/*
		 * Killed before the child had attached itself? It has now
		 * (SPAWNED comes after its execve or exit): again.
		 */
		if (r->kill_reason != KILL_NONE)
			kill_tree(r, r->kill_reason);
		return 0;
	case SB_MSG_EXITED:
		r->main_done = true;
		r->boxed_orphans = msg.boxed;
		if (msg.boxed)
			r->result->orphans_killed = msg.orphans;
		r->wstatus = msg.wstatus;
		r->rusage = msg.rusage;
		r->fork_ns = msg.fork_ns;
		r->reap_ns = msg.reap_ns;
		return 0;
	case SB_MSG_SPAWN_FAILED:
		r->main_done = true; /* nothing to wait for */
		return versus_err_set(err, -msg.err, NULL, 0, 0,
				      "sandbox: cannot start '%s': %s",
				      r->spec->argv[0], strerror(msg.err));
	}
	r->sb->broken = true;
	return versus_err_set(err, -EPROTO, NULL, 0, 0,
			      "sandbox: lost the launcher");
}

/*
 * Waiting for the launcher's EXITED after a kill: nudge it (SIGCONT: the
 * program may have stopped it), and give up on it after the grace (a
 * sandbox failure: the program's tree is dead, its rusage lost). Returns
 * 0, or -ETIMEDOUT.
 */
static int watch_launcher(struct run *r, uint64_t now, struct versus_err *err)
{
	if (r->main_done || !r->killed_at_ns)
		return 0;
	if (!r->nudged && now >= r->killed_at_ns + LAUNCHER_NUDGE_NS) {
		/* the spawner: the launcher itself, in a PID namespace */
		kill(r->sb->launcher.pid, SIGCONT);
		if (r->sb->launcher.spawner > 0)
			kill(r->sb->launcher.spawner, SIGCONT);
		r->nudged = true;
	}
	if (now < r->killed_at_ns + LAUNCHER_GRACE_NS)
		return 0;
	kill(r->sb->launcher.pid, SIGKILL);
	r->sb->broken = true;
	return versus_err_set(err, -ETIMEDOUT, NULL, 0, 0,
			      "sandbox: lost the launcher: no word of the "
			      "main process %.0f s after it was killed (was "
			      "the launcher stopped or killed by the program?)",
			      (double)LAUNCHER_GRACE_NS / 1e9);
}

/* Milliseconds from now until t (rounded up; 0 if past). */
static int ms_until(uint64_t t, uint64_t now)
{
	uint64_t left = t > now ? t - now : 0;
	return (int)((left + 999999) / 1000000);
}

static int min_timeout(int a, int b)
{
	return a < 0 ? b : b < 0 ? a : a < b ? a : b;
}

/*
 * The parent's loop: drain, watch limits, until main is reaped and the
 * pipes are closed. Every wait in it is bounded once the run is over its
 * limit: the launcher's reply by watch_launcher(), the pipes by DRAIN_NS.
 */
static int supervise(struct run *r, struct versus_err *err)
{
	const struct sandbox_spec *spec = r->spec;
	uint64_t start = sb_now_ns();
	uint64_t wall_limit_ns = spec->wall_limit_s > 0
					 ? (uint64_t)(spec->wall_limit_s * 1e9)
					 : 0;
	uint64_t wall_deadline = wall_limit_ns ? start + wall_limit_ns : 0;
	uint64_t cpu_limit_ns = (uint64_t)(spec->cpu_limit_s * 1e9);
	uint64_t drain_deadline = 0;
	bool deadline_from_exec = false;
	/* the tree's CPU is read every CPU_POLL_MS, not on every wake-up: a
	   program writing fast wakes this loop once per 64 KiB */
	uint64_t cpu_due = start + CPU_POLL_MS * 1000000ULL;

	while (!r->main_done || r->out.fd >= 0 || r->err.fd >= 0 ||
	       r->pipe_fd >= 0) {
		if (r->main_done && !r->tree_killed) {
			uint64_t left = 0;
			bool empty = false;
			if (r->cg.active && !cg_run_count(&r->cg, &left)) {
				/* boxed, the keeper counted before it
				   emptied its namespace */
				if (!r->boxed_orphans)
					r->result->orphans_killed = left;
				empty = left == 0; /* and none can enter */
			}
			if (!empty)
				kill_tree(r, KILL_NONE);
			r->tree_killed = true;
			drain_deadline = sb_now_ns() + DRAIN_NS;
		}
		uint64_t now = sb_now_ns();
		int timeout_ms = -1;
		if (r->main_done) {
			timeout_ms = ms_until(drain_deadline, now);
		} else if (r->killed_at_ns) {
			/* only the launcher's reply is awaited now */
			timeout_ms = ms_until(
				r->killed_at_ns + (r->nudged
							   ? LAUNCHER_GRACE_NS
							   : LAUNCHER_NUDGE_NS),
				now);
		} else {
			if (wall_deadline)
				timeout_ms = ms_until(wall_deadline, now);
			if (cpu_limit_ns)
				timeout_ms =
					min_timeout(timeout_ms, CPU_POLL_MS);
		}
		bool intr_seen = r->kill_reason == KILL_INTR;
		struct pollfd pfd[7] = {
			{.fd = r->out.fd, .events = POLLIN},
			{.fd = r->err.fd, .events = POLLIN},
			{.fd = r->report_fd, .events = POLLIN},
			{.fd = r->main_done ? -1 : r->sb->launcher.fd,
			 .events = POLLIN},
			/* stays readable once written: watched until seen */
			{.fd = intr_seen ? -1 : interrupt_pipe[0],
			 .events = POLLIN},
			{.fd = r->listener, .events = POLLIN},
			{.fd = r->pipe_fd, .events = POLLIN},
		};
		int n = poll(pfd, 7, timeout_ms);
		if (n < 0 && errno != EINTR)
			return versus_err_set(err, -errno, NULL, 0, 0,
					      "sandbox: poll: %s",
					      strerror(errno));
		if (n > 0) {
			if (pfd[0].revents)
				drain(r, &r->out);
			if (pfd[1].revents)
				drain(r, &r->err);
			if (pfd[6].revents)
				drain_pipe(r);
			if (pfd[2].revents) {
				read_report(r);
				/* the limit counts what wall_ns measures */
				if (wall_limit_ns && r->exec_ns &&
				    !deadline_from_exec) {
					wall_deadline =
						r->exec_ns + wall_limit_ns;
					deadline_from_exec = true;
				}
			}
			if (pfd[5].revents & POLLIN)
				read_violation(r);
			else if (pfd[5].revents)
				close_fd(&r->listener); /* no process left */
			if (pfd[3].revents) {
				int ret = recv_launcher(r, err);
				if (ret)
					return ret;
			}
		}
		if (interrupted) {
			if (r->kill_reason != KILL_INTR)
				kill_tree(r, KILL_INTR);
			r->kill_reason = KILL_INTR;
		}
		now = sb_now_ns();
		if (!r->main_done && r->kill_reason == KILL_NONE) {
			uint64_t cpu;
			if (wall_deadline && now >= wall_deadline)
				kill_tree(r, KILL_WALL);
			else if (cpu_limit_ns && now >= cpu_due) {
				cpu_due = now + CPU_POLL_MS * 1000000ULL;
				if (!tree_cpu_ns(r, &cpu) &&
				    cpu >= cpu_limit_ns) {
					r->killed_cpu_ns = cpu;
					kill_tree(r, KILL_CPU);
				}
			}
		}
		int ret = watch_launcher(r, now, err);
		if (ret)
			return ret;
		if (drain_deadline && now >= drain_deadline) {
			/* writers that escaped the kill: stop waiting */
			close_fd(&r->out.fd);
			close_fd(&r->err.fd);
			close_fd(&r->pipe_fd);
		}
	}
	/* a failing setup step writes its report before the pipes close */
	if (r->report_fd >= 0) {
		int fl = fcntl(r->report_fd, F_GETFL);
		fcntl(r->report_fd, F_SETFL, fl & ~O_NONBLOCK);
		read_report(r);
	}
	/* a call the tree made just before it ended */
	if (r->listener >= 0) {
		struct pollfd p = {.fd = r->listener, .events = POLLIN};
		if (poll(&p, 1, 0) == 1 && (p.revents & POLLIN))
			read_violation(r);
	}
	return 0;
}

static void describe_exec_failure(struct run *r)
{
	struct sandbox_result *res = r->result;
	const char *path = r->spec->argv[0];
	int e = r->report.err;
	if (r->report.step == SB_STEP_VIEW) {
		snprintf(
			res->message, sizeof(res->message),
			"sandbox setup failed at '%s' (%s): %s",
			sb_step_name(SB_STEP_VIEW),
			box_view_step_name((enum box_view_step)r->report.value),
			strerror(e));
		return;
	}
	if (r->report.step != SB_STEP_EXEC) {
		snprintf(res->message, sizeof(res->message),
			 "sandbox setup failed at '%s': %s",
			 sb_step_name((enum sb_step)r->report.step),
			 strerror(e));
		return;
	}
	struct stat st;
	const char *slash = strrchr(path, '/');
	if (e == ENOENT && r->sb->box != SANDBOX_BOX_NONE &&
	    box_replaces_folder_of(path) && stat(path, &st) == 0)
		snprintf(res->message, sizeof(res->message),
			 "exec '%s': not in the box: '%.*s' there is a fresh "
			 "folder of the run's own (put the program in a "
			 "folder below it, or elsewhere)",
			 path, (int)(slash - path), path);
	else if (e == ENOENT && stat(path, &st) == 0)
		snprintf(res->message, sizeof(res->message),
			 "exec '%s': bad interpreter (the program named on "
			 "its #! line does not exist)",
			 path);
	else if (e == EACCES && stat(path, &st) == 0 && S_ISREG(st.st_mode))
		snprintf(res->message, sizeof(res->message),
			 "exec '%s': %s (not executable)", path, strerror(e));
	else
		snprintf(res->message, sizeof(res->message), "exec '%s': %s",
			 path, strerror(e));
}

static void classify(struct run *r)
{
	struct sandbox_result *res = r->result;
	const struct sandbox_spec *spec = r->spec;
	int sig = WIFSIGNALED(r->wstatus) ? WTERMSIG(r->wstatus) : 0;
	res->signal = sig;
	res->exit_code = WIFEXITED(r->wstatus) ? WEXITSTATUS(r->wstatus) : -1;
	double cpu_s = (double)res->cpu_ns / 1e9;

	/* a setup cut short by our own kill (the keeper, boxed) is that
	   kill's fate, not the program's */
	if (r->reported &&
	    (r->kill_reason == KILL_NONE || r->report.step == SB_STEP_EXEC)) {
		res->status = SANDBOX_XX;
		describe_exec_failure(r);
	} else if (r->violated) {
		char what[160];
		if (r->violation.nr < 0)
			snprintf(what, sizeof(what),
				 "by a process gone before versus read it");
		else
			sb_violation_describe(&r->violation, what,
					      sizeof(what));
		res->status = SANDBOX_SV;
		snprintf(res->message, sizeof(res->message),
			 "killed for a forbidden system call (seccomp): %s",
			 what);
	} else if (sig == SIGSYS) {
		res->status = SANDBOX_SV;
		snprintf(res->message, sizeof(res->message),
			 "killed by the seccomp filter (a forbidden system "
			 "call)");
	} else if (r->kill_reason == KILL_WALL) {
		res->status = SANDBOX_TW;
		snprintf(res->message, sizeof(res->message),
			 "wall-time limit of %g s exceeded",
			 spec->wall_limit_s);
	} else if (r->kill_reason == KILL_OUTPUT) {
		res->status = SANDBOX_OL;
		if (res->pipe_overflow)
			snprintf(res->message, sizeof(res->message),
				 "side pipe limit of %llu bytes exceeded",
				 (unsigned long long)r->pipe_limit);
		else
			snprintf(res->message, sizeof(res->message),
				 "output limit of %llu bytes exceeded",
				 (unsigned long long)spec->output_limit_bytes);
	} else if (r->kill_reason == KILL_CPU) {
		res->status = SANDBOX_TO;
		snprintf(res->message, sizeof(res->message),
			 "CPU limit of %g s exceeded (%s: %.3f s)",
			 spec->cpu_limit_s,
			 r->cg.active ? "whole tree" : "main process",
			 (double)r->killed_cpu_ns / 1e9);
	} else if (r->kill_reason == KILL_INTR) {
		res->status = sig ? SANDBOX_SG : SANDBOX_RE;
		snprintf(res->message, sizeof(res->message),
			 "interrupted: versus was asked to stop");
	} else if (res->oom_kills > 0) {
		res->status = SANDBOX_ML;
		/* well under its own limit: one above it ran out (a Slurm
		   job's, a container's, the machine's memory) */
		uint64_t lim = spec->memory_limit_bytes;
		if (lim && res->peak_memory_bytes + (16u << 20) >= lim)
			snprintf(res->message, sizeof(res->message),
				 "memory limit of %llu bytes exceeded (%llu "
				 "process(es) killed by the OOM killer)",
				 (unsigned long long)lim,
				 (unsigned long long)res->oom_kills);
		else
			snprintf(res->message, sizeof(res->message),
				 "out of memory at a peak of %llu bytes, under "
				 "the run's own limit (%llu bytes; 0 = none): "
				 "a limit above it ran out (a batch job's, a "
				 "container's or the machine's); %llu "
				 "process(es) killed by the OOM killer",
				 (unsigned long long)res->peak_memory_bytes,
				 (unsigned long long)lim,
				 (unsigned long long)res->oom_kills);
	} else if (sig == SIGXCPU || (sig == SIGKILL && spec->cpu_limit_s > 0 &&
				      cpu_s >= spec->cpu_limit_s)) {
		res->status = SANDBOX_TO;
		snprintf(res->message, sizeof(res->message),
			 "CPU limit of %g s exceeded (RLIMIT_CPU)",
			 spec->cpu_limit_s);
	} else if (sig == SIGXFSZ) {
		res->status = SANDBOX_OL;
		snprintf(res->message, sizeof(res->message),
			 "file size limit exceeded (SIGXFSZ)");
	} else if (sig) {
		res->status = SANDBOX_SG;
		snprintf(res->message, sizeof(res->message),
			 "killed by signal %d (%s)", sig, strsignal(sig));
	} else if (res->exit_code != 0) {
		res->status = SANDBOX_RE;
		snprintf(res->message, sizeof(res->message), "exit code %d",
			 res->exit_code);
	} else {
		res->status = SANDBOX_OK;
	}
}

/* Collect rusage and the cgroup's counters into the result. */
static void measure(struct run *r)
{
	struct sandbox_result *res = r->result;
	/*
	 * From the child's last step before execve to the reap. Without that
	 * record (the setup failed, or the child was killed during it), from
	 * the launcher's fork instead.
	 */
	uint64_t start = r->exec_ns && r->exec_ns <= r->reap_ns ? r->exec_ns
								: r->fork_ns;
	res->wall_ns = r->reap_ns - start;
	res->exec_monotonic_ns = start == r->exec_ns ? r->exec_ns : 0;
	res->user_ns = tv_ns(r->rusage.ru_utime);
	res->sys_ns = tv_ns(r->rusage.ru_stime);
	/*
	 * The setup is system calls: out of sys first. rusage splits user
	 * and system by ticks, so a short run may file it under user.
	 */
	uint64_t setup = start == r->exec_ns ? r->setup_cpu_ns : 0;
	res->setup_cpu_ns = setup;
	uint64_t from_sys = setup < res->sys_ns ? setup : res->sys_ns;
	uint64_t from_user = setup - from_sys;
	res->sys_ns -= from_sys;
	res->user_ns -= from_user < res->user_ns ? from_user : res->user_ns;
	res->max_rss_bytes = (uint64_t)r->rusage.ru_maxrss * 1024;
	res->cpu_ns = res->user_ns + res->sys_ns;
	res->peak_memory_bytes = res->max_rss_bytes;
	res->memory_source = "rusage ru_maxrss (main process only)";
	cg_run_read(&r->sb->probe, &r->cg,
		    start == r->exec_ns ? r->setup_cpu_attached_ns : 0, res);
	res->stdout_bytes = r->out.bytes;
	res->stderr_bytes = r->err.bytes;
	digest_hex(XXH3_128bits_digest(&r->out.xxh), res->stdout_digest);
	res->stdout_data = strbuf_detach(&r->out.kept, &res->stdout_len);
	res->stderr_data = strbuf_detach(&r->err.kept, &res->stderr_len);
}

static int make_pipes(int out[2], int errp[2], int report[2], int side[2],
		      struct versus_err *err)
{
	/* the report channel carries an fd (the seccomp listener): a socket,
	   one record per datagram */
	if (pipe2(out, O_CLOEXEC) || pipe2(errp, O_CLOEXEC) ||
	    socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, report) ||
	    (side && pipe2(side, O_CLOEXEC)))
		return versus_err_set(err, -errno, NULL, 0, 0,
				      "sandbox: pipe: %s", strerror(errno));
	if (side)
		fcntl(side[0], F_SETFL, O_NONBLOCK);
	fcntl(out[0], F_SETFL, O_NONBLOCK);
	/* stdout 1 MiB deep (the default pipe-max-size), not 64 KiB: a fast
	   writer blocks less while the drain loop reads and hashes, and the
	   loop wakes less often. Best effort: the default depth works too. */
	fcntl(out[0], F_SETPIPE_SZ, STDOUT_PIPE_BYTES);
	fcntl(errp[0], F_SETFL, O_NONBLOCK);
	fcntl(report[0], F_SETFL, O_NONBLOCK);
	return 0;
}

/* A new run cgroup's name; the launcher's pid tells apart handles of one
   versus (--jobs). */
static void next_cgroup_name(struct sandbox *sb, char *name, size_t size)
{
	snprintf(name, size, "versus-%ld-%ld-%lu", (long)getpid(),
		 (long)sb->launcher.pid, ++sb->runs);
}

/*
 * While the launcher and the child set this run up (a few hundred
 * microseconds in which versus only waits): remove the last run's
 * cgroups, and make the next run's memory cgroup, for the same limits.
 * Both were on the path from one run to the next; here they take about a
 * third of the child's setup, so they end before the program starts.
 */
static void tidy_between(struct run *r)
{
	struct sandbox *sb = r->sb;
	if (sb->retired.active)
		r->tidy_ret =
			cg_run_destroy(&sb->probe, &sb->retired, &r->tidy_err);
	/* a run pinned by a cpuset takes no spare: none is made for it */
	if (sb->spare.active || !r->cg.active ||
	    r->result->pin == SANDBOX_PIN_CPUSET1 ||
	    r->result->pin == SANDBOX_PIN_CPUSET2 ||
	    sb->probe.mode == SANDBOX_MODE_NONE || interrupted)
		return;
	char name[64];
	next_cgroup_name(sb, name, sizeof(name));
	struct versus_err ignored; /* the next run makes its own, or says */
	cg_spare_create(&sb->probe, &sb->spare, name, r->spec, &ignored);
}

/* Everything after the fds are made: start, supervise, measure. */
static int run_child(struct run *r, int child_fds[SB_FD_COUNT],
		     struct versus_err *err)
{
	struct sb_launch launch = {
		.argv = r->spec->argv,
		.envp = r->env.nr ? (const char *const *)r->env.v
				  : r->spec->envp,
		.workdir = r->workdir,
		.writable = r->spec->writable,
		.readable = r->spec->readable,
		.fresh_workdir = r->fresh_in_box,
		.workdir_read_only =
			r->spec->workdir_read_only && !r->fresh_in_box,
		.disk_limit_bytes = r->spec->disk_limit_bytes
					    ? r->spec->disk_limit_bytes
					    : DISK_LIMIT_DEFAULT,
		.policy = r->spec->policy,
		.affinity = r->result->pin == SANDBOX_PIN_AFFINITY ? &r->cpus
								   : NULL,
	};
	sb_rlimits_from_spec(r->spec, r->cg.active, &launch.limits);
	memcpy(launch.fds, child_fds, sizeof(launch.fds));
	const char *dirs[CG_RUN_MAX_DIRS + 1];
	cg_run_dirs(&r->cg, dirs);
	launch.cgroup_dirs = dirs;
	launch.count_dir = cg_run_count_index(&r->cg);
	launch.cpu_dir = cg_run_cpu_index(&r->cg);
	int ret = sb_launcher_send(&r->sb->launcher, &launch);
	for (int i = 0; i < SB_FD_COUNT; i++)
		close_fd(&child_fds[i]);
	if (ret) {
		r->sb->broken = true;
		return versus_err_set(err, ret, NULL, 0, 0,
				      "sandbox: lost the launcher: %s",
				      strerror(-ret));
	}
	tidy_between(r);
	/* SPAWNED, the child's records and EXITED all arrive in here */
	ret = supervise(r, err);
	if (ret) {
		kill_tree(r, KILL_INTR);
		if (!r->main_done)
			r->sb->broken = true; /* its EXITED would be stale */
		return ret;
	}
	if (r->reported && r->report.step == SB_STEP_ATTACH) {
		uint64_t i = r->report.value;
		return versus_err_set(err, -r->report.err, NULL, 0, 0,
				      "sandbox: cannot attach to '%s': %s",
				      i < CG_RUN_MAX_DIRS && dirs[i] ? dirs[i]
								     : "?",
				      strerror(r->report.err));
	}
	measure(r);
	classify(r);
	return 0;
}

/*
 * Root box: the folders the box writes belong to its uid (a build's folder
 * and cache; versus made them as root).
 */
static int give_writable(struct run *r, struct versus_err *err)
{
	const struct sandbox_spec *spec = r->spec;
	if (r->sb->box != SANDBOX_BOX_ROOT)
		return 0;
	size_t n = 0;
	for (; spec->writable && spec->writable[n]; n++) {
		int ret = box_chown_tree(spec->writable[n], r->sb->slot.uid);
		if (ret)
			return versus_err_set(err, ret, spec->writable[n], 0, 0,
					      "sandbox: cannot give a writable "
					      "folder to the box uid: %s",
					      strerror(-ret));
	}
	if (n + 1 >= BOX_WRITABLE_MAX)
		return versus_err_set(err, -E2BIG, NULL, 0, 0,
				      "sandbox: at most %d writable folders",
				      BOX_WRITABLE_MAX - 2);
	if (spec->workdir && !spec->workdir_read_only) {
		int ret = box_chown_tree(spec->workdir, r->sb->slot.uid);
		if (ret)
			return versus_err_set(err, ret, spec->workdir, 0, 0,
					      "sandbox: cannot give the work "
					      "folder to the box uid: %s",
					      strerror(-ret));
	}
	return 0;
}

/* HOME=<work folder> replacing envp's, when the spec asks. */
static void prepare_env(struct run *r)
{
	if (!r->spec->home_is_workdir)
		return;
	for (size_t i = 0; r->spec->envp && r->spec->envp[i]; i++)
		if (strncmp(r->spec->envp[i], "HOME=", 5))
			strvec_push(&r->env, r->spec->envp[i]);
	strvec_pushf(&r->env, "HOME=%s", r->workdir);
}

static int prepare_workdir(struct run *r, struct versus_err *err)
{
	for (size_t i = 0; r->spec->writable && r->spec->writable[i]; i++)
		if (r->spec->writable[i][0] != '/')
			return versus_err_set(err, -EINVAL, NULL, 0, 0,
					      "sandbox: writable folder '%s' "
					      "is not an absolute path",
					      r->spec->writable[i]);
	size_t readable = 0;
	for (; r->spec->readable && r->spec->readable[readable]; readable++)
		if (r->spec->readable[readable][0] != '/')
			return versus_err_set(err, -EINVAL, NULL, 0, 0,
					      "sandbox: readable folder '%s' "
					      "is not an absolute path",
					      r->spec->readable[readable]);
	if (readable >= BOX_READABLE_MAX)
		return versus_err_set(err, -E2BIG, NULL, 0, 0,
				      "sandbox: at most %d readable folders",
				      BOX_READABLE_MAX - 1);
	if (r->spec->workdir && r->spec->workdir[0] != '/' &&
	    r->sb->box != SANDBOX_BOX_NONE)
		return versus_err_set(err, -EINVAL, NULL, 0, 0,
				      "sandbox: work folder '%s' is not an "
				      "absolute path",
				      r->spec->workdir);
	if (r->spec->workdir) {
		snprintf(r->workdir, sizeof(r->workdir), "%s",
			 r->spec->workdir);
		return give_writable(r, err);
	}
	if (r->sb->box != SANDBOX_BOX_NONE) {
		/* made by the child on the run's tmpfs, gone with it */
		snprintf(r->workdir, sizeof(r->workdir), "%s",
			 BOX_FRESH_WORKDIR);
		r->fresh_in_box = true;
		return give_writable(r, err);
	}
	const char *tmp = getenv("TMPDIR");
	snprintf(r->workdir, sizeof(r->workdir), "%s/versus-run-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(r->workdir))
		return versus_err_set(err, -errno, NULL, 0, 0,
				      "sandbox: cannot make a work folder in "
				      "'%s': %s",
				      tmp && *tmp ? tmp : "/tmp",
				      strerror(errno));
	r->own_workdir = true;
	return 0;
}

/*
 * spec->cpus: parsed, checked against the CPUs versus itself may use, and
 * the way it will be enforced in r->result->pin. 0 or -EINVAL with err.
 */
static int pin_check(const struct sandbox *sb, const struct sandbox_spec *spec,
		     struct run *r, struct versus_err *err)
{
	if (!spec->cpus || !*spec->cpus)
		return 0;
	struct strbuf why = STRBUF_INIT;
	cpu_set_t allowed, outside;
	int ret = cpulist_parse(spec->cpus, &r->cpus, &why);
	if (ret) {
		ret = versus_err_set(err, -EINVAL, NULL, 0, 0,
				     "sandbox: cpus: %s", why.buf);
		strbuf_release(&why);
		return ret;
	}
	strbuf_release(&why);
	if ((ret = cpulist_allowed(&allowed)))
		return versus_err_set(err, ret, NULL, 0, 0,
				      "sandbox: sched_getaffinity: %s",
				      strerror(-ret));
	CPU_XOR(&outside, &r->cpus, &allowed);
	CPU_AND(&outside, &outside, &r->cpus);
	if (CPU_COUNT(&outside)) {
		char have[CPULIST_MAX], out[CPULIST_MAX];
		cpulist_format(&allowed, have, sizeof(have));
		cpulist_format(&outside, out, sizeof(out));
		return versus_err_set(err, -EINVAL, NULL, 0, 0,
				      "sandbox: cpus '%s': CPU %s not among "
				      "those versus may use (%s)",
				      spec->cpus, out, have);
	}
	cpulist_format(&r->cpus, r->cpus_list, sizeof(r->cpus_list));
	r->result->pin = sb->probe.pin;
	return 0;
}

int sandbox_run(struct sandbox *sb, const struct sandbox_spec *spec,
		struct sandbox_result *result, struct versus_err *err)
{
	memset(result, 0, sizeof(*result));
	result->status = SANDBOX_XX;
	result->mode = sb->probe.mode;
	result->memory_source = "none";
	if (!spec->argv || !spec->argv[0] || spec->argv[0][0] != '/')
		return versus_err_set(err, -EINVAL, NULL, 0, 0,
				      "sandbox: argv[0] must be an absolute "
				      "path");
	if (sb->broken)
		return versus_err_set(err, -EPIPE, NULL, 0, 0,
				      "sandbox: the launcher is gone");
	if (interrupted) {
		result->status = SANDBOX_XX;
		result->memory_source = "none";
		snprintf(result->message, sizeof(result->message),
			 "interrupted: versus was asked to stop before the "
			 "program started");
		return versus_err_set(err, -EINTR, NULL, 0, 0,
				      "sandbox: interrupted");
	}

	struct run r;
	memset(&r, 0, sizeof(r));
	r.sb = sb;
	r.spec = spec;
	r.result = result;
	r.out.fd = r.err.fd = r.report_fd = r.listener = r.pipe_fd = -1;
	r.pipe_limit = spec->pipe_limit_bytes ? spec->pipe_limit_bytes
					      : SANDBOX_PIPE_LIMIT_DEFAULT;
	r.live.probe = &sb->probe;
	r.live.cg = &r.cg;
	strbuf_init(&r.out.kept);
	strbuf_init(&r.err.kept);
	r.out.cap = spec->capture_stdout_bytes;
	r.err.cap = spec->capture_stderr_bytes;
	r.out.hash = true;
	XXH3_128bits_reset(&r.out.xxh);
	int child_fds[SB_FD_COUNT] = {-1, -1, -1, -1, -1};
	int out[2] = {-1, -1}, errp[2] = {-1, -1}, report[2] = {-1, -1};
	int side[2] = {-1, -1};

	char name[64];
	next_cgroup_name(sb, name, sizeof(name));
	strvec_init(&r.env);
	int ret = pin_check(sb, spec, &r, err);
	if (!ret)
		ret = prepare_workdir(&r, err);
	if (!ret)
		prepare_env(&r);
	bool cpuset = result->pin == SANDBOX_PIN_CPUSET1 ||
		      result->pin == SANDBOX_PIN_CPUSET2;
	if (!ret)
		ret = cg_run_create(&sb->probe, &r.cg, name, spec,
				    cpuset ? r.cpus_list : NULL, &sb->kept,
				    &sb->spare, err);
	if (!ret) {
		const char *in =
			spec->stdin_path ? spec->stdin_path : "/dev/null";
		child_fds[SB_FD_STDIN] = open(in, O_RDONLY | O_CLOEXEC);
		if (child_fds[SB_FD_STDIN] < 0)
			ret = versus_err_set(err, -errno, in, 0, 0,
					     "cannot open stdin file: %s",
					     strerror(errno));
		else if (isatty(child_fds[SB_FD_STDIN]))
			/* a terminal would let the program reach the
			   caller's (TIOCSTI) */
			ret = versus_err_set(err, -EINVAL, in, 0, 0,
					     "stdin may not be a terminal");
	}
	if (!ret)
		ret = make_pipes(out, errp, report,
				 spec->pipe_sink ? side : NULL, err);
	if (!ret) {
		r.out.fd = out[0];
		r.err.fd = errp[0];
		r.report_fd = report[0];
		r.pipe_fd = side[0];
		child_fds[SB_FD_STDOUT] = out[1];
		child_fds[SB_FD_STDERR] = errp[1];
		child_fds[SB_FD_PIPE] = side[1];
		child_fds[SB_FD_REPORT] = report[1];
		ret = run_child(&r, child_fds, err);
	} else {
		for (int i = 0; i < 2; i++) {
			close_fd(&out[i]);
			close_fd(&errp[i]);
			close_fd(&report[i]);
			close_fd(&side[i]);
		}
	}
	for (int i = 0; i < SB_FD_COUNT; i++)
		close_fd(&child_fds[i]);
	close_fd(&r.out.fd);
	close_fd(&r.err.fd);
	close_fd(&r.report_fd);
	close_fd(&r.pipe_fd);
	/* after the tree is dead; a call still waiting fails with ENOSYS */
	close_fd(&r.listener);
	strbuf_release(&r.out.kept);
	strbuf_release(&r.err.kept);
	strvec_clear(&r.env);

	/*
	 * Boxed, nothing of the run can touch its cgroups, and what is left
	 * its keeper killed; the next run checks them again anyway.
	 */
	if (!ret && r.kill_reason != KILL_INTR && sb->box != SANDBOX_BOX_NONE)
		cg_run_keep(&sb->probe, &r.cg, &sb->kept);
	if (r.tidy_ret && !ret)
		ret = versus_err_set(err, r.tidy_ret, NULL, 0, 0,
				     "sandbox: the last run's cgroups: %s",
				     r.tidy_err.message);
	/*
	 * Boxed, the keeper killed what the run left: its cgroups go while
	 * the next run is set up. Otherwise, or when something went wrong,
	 * now (and a cgroup that would not go fails this run).
	 */
	struct versus_err destroy_err;
	if (!ret && sb->box != SANDBOX_BOX_NONE && !sb->retired.active &&
	    r.kill_reason != KILL_INTR) {
		sb->retired = r.cg;
		r.cg.active = false;
	} else if (cg_run_destroy(&sb->probe, &r.cg, &destroy_err) && !ret) {
		ret = versus_err_set(err, destroy_err.code, NULL, 0, 0, "%s",
				     destroy_err.message);
	}
	/* most programs leave it empty: one rmdir, no walk */
	if (r.own_workdir && rmdir(r.workdir) && errno != ENOENT)
		nftw(r.workdir, unlink_cb, 16, FTW_DEPTH | FTW_PHYS);
	if (!ret && r.kill_reason == KILL_INTR)
		ret = versus_err_set(err, -EINTR, NULL, 0, 0,
				     "sandbox: interrupted");
	if (!result->stdout_data)
		result->stdout_data = xstrdup("");
	if (!result->stderr_data)
		result->stderr_data = xstrdup("");
	return ret;
}
