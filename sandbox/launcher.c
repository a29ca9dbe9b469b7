/*
 * launcher.c: the small process that forks every child.
 *
 * A child's ru_maxrss starts at the high-water mark of the process that
 * forked it (DESIGN.md §7), so that process must stay small for its whole
 * life. sandbox_new() forks this launcher while versus is still small; it
 * never holds output buffers (the parent drains the pipes itself: the
 * launcher only passes the fds it got over SCM_RIGHTS on to the child).
 *
 * Protocol over a stream socketpair, one run at a time:
 *   parent -> launcher: a request header with four fds (stdin, stdout,
 *     stderr, report pipe) in SCM_RIGHTS, then the strings (work folder,
 *     run cgroups, argv, envp);
 *   launcher -> parent: SPAWNED {pid} once the child has called execve
 *     (or died in its setup), or SPAWN_FAILED {errno}; then EXITED {wait
 *     status, rusage, fork and reap times} when it reaps the child.
 * The parent never answers: the child attaches itself to its cgroups, so
 * a run costs the launcher one request and two messages.
 * The launcher is a child subreaper, so orphans of a run are reparented
 * to it and reaped at once instead of lingering as zombies. Boxed, it
 * keeps one keeper per view (ns.c), asks it to empty its namespace when
 * the run's main process is reaped (before EXITED), and waits for it to
 * be fresh again before the next run's child starts.
 */
#include "sandbox_int.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/banned.h"

#define REQUEST_MAGIC 0x76727375u /* "vrsu" */
#define BODY_MAX      (64u << 20)

struct request_header {
	uint32_t magic;
	uint32_t body_len;
	uint32_t cgroupc, writablec, readablec, argc, envc;
	int32_t policy;
	int32_t fresh_workdir;
	int32_t workdir_read_only;
	/* 0: no side pipe; the SB_FD_PIPE slot of SCM_RIGHTS then carries a
	   second copy of the report fd, closed at once */
	int32_t has_pipe;
	uint64_t disk_limit_bytes;
	struct sb_rlimits limits;
	int32_t pin_affinity; /* affinity holds the child's CPUs */
	cpu_set_t affinity;
	int32_t count_dir; /* sb_launch.count_dir */
	int32_t cpu_dir;   /* sb_launch.cpu_dir */
};

/* ---- parent side ------------------------------------------------------- */

static void body_add(char **body, size_t *len, size_t *alloc, const char *s)
{
	size_t n = strlen(s) + 1;
	ALLOC_GROW(*body, *len + n, *alloc);
	memcpy(*body + *len, s, n);
	*len += n;
}

int sb_launcher_send(const struct sb_launcher *launcher,
		     const struct sb_launch *launch)
{
	struct request_header hdr;
	memset(&hdr, 0, sizeof(hdr));
	char *body = NULL;
	size_t len = 0, alloc = 0;

	body_add(&body, &len, &alloc, launch->workdir);
	for (; launch->cgroup_dirs && launch->cgroup_dirs[hdr.cgroupc];
	     hdr.cgroupc++)
		body_add(&body, &len, &alloc, launch->cgroup_dirs[hdr.cgroupc]);
	for (; launch->writable && launch->writable[hdr.writablec];
	     hdr.writablec++)
		body_add(&body, &len, &alloc, launch->writable[hdr.writablec]);
	for (; launch->readable && launch->readable[hdr.readablec];
	     hdr.readablec++)
		body_add(&body, &len, &alloc, launch->readable[hdr.readablec]);
	for (; launch->argv[hdr.argc]; hdr.argc++)
		body_add(&body, &len, &alloc, launch->argv[hdr.argc]);
	for (; launch->envp && launch->envp[hdr.envc]; hdr.envc++)
		body_add(&body, &len, &alloc, launch->envp[hdr.envc]);
	if (len > BODY_MAX) {
		free(body);
		return -E2BIG;
	}
	hdr.magic = REQUEST_MAGIC;
	hdr.body_len = (uint32_t)len;
	hdr.policy = launch->policy;
	hdr.fresh_workdir = launch->fresh_workdir;
	hdr.workdir_read_only = launch->workdir_read_only;
	hdr.disk_limit_bytes = launch->disk_limit_bytes;
	hdr.limits = launch->limits;
	hdr.count_dir = launch->count_dir;
	hdr.cpu_dir = launch->cpu_dir;
	if (launch->affinity) {
		hdr.pin_affinity = 1;
		hdr.affinity = *launch->affinity;
	}

	union {
		char buf[CMSG_SPACE(sizeof(int) * SB_FD_COUNT)];
		struct cmsghdr align;
	} control;
	memset(&control, 0, sizeof(control));
	/* header and body in one call: the launcher wakes once, to all of it */
	struct iovec iov[2] = {{.iov_base = &hdr, .iov_len = sizeof(hdr)},
			       {.iov_base = body, .iov_len = len}};
	struct msghdr msg = {.msg_iov = iov,
			     .msg_iovlen = 2,
			     .msg_control = control.buf,
			     .msg_controllen = sizeof(control.buf)};
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int) * SB_FD_COUNT);
	int fds[SB_FD_COUNT];
	memcpy(fds, launch->fds, sizeof(fds));
	hdr.has_pipe = fds[SB_FD_PIPE] >= 0;
	if (!hdr.has_pipe)
		fds[SB_FD_PIPE] = fds[SB_FD_REPORT];
	memcpy(CMSG_DATA(cmsg), fds, sizeof(fds));

	ssize_t n;
	do
		n = sendmsg(launcher->fd, &msg, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	int ret = 0;
	size_t sent = n < 0 ? 0 : (size_t)n;
	if (n < 0)
		ret = -errno;
	else if (sent < sizeof(hdr))
		ret = sb_write_all(launcher->fd, (char *)&hdr + sent,
				   sizeof(hdr) - sent);
	if (!ret && sent < sizeof(hdr) + len) {
		size_t done = sent > sizeof(hdr) ? sent - sizeof(hdr) : 0;
		ret = sb_write_all(launcher->fd, body + done, len - done);
	}
	free(body);
	return ret;
}

int sb_launcher_recv(const struct sb_launcher *launcher,
		     struct sb_launcher_msg *msg)
{
	/*
	 * A launcher in a PID namespace of its own sends SPAWNED with the
	 * child's pid as SCM_CREDENTIALS, which the kernel translates into
	 * our numbering.
	 */
	union {
		char buf[CMSG_SPACE(sizeof(struct ucred))];
		struct cmsghdr align;
	} control;
	struct iovec iov = {.iov_base = msg, .iov_len = sizeof(*msg)};
	struct msghdr mh = {.msg_iov = &iov,
			    .msg_iovlen = 1,
			    .msg_control = control.buf,
			    .msg_controllen = sizeof(control.buf)};
	ssize_t n;
	do
		n = recvmsg(launcher->fd, &mh, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (n == 0)
		return -EPIPE;
	struct ucred cred = {0, 0, 0};
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&mh);
	if (cmsg && cmsg->cmsg_level == SOL_SOCKET &&
	    cmsg->cmsg_type == SCM_CREDENTIALS)
		memcpy(&cred, CMSG_DATA(cmsg), sizeof(cred));
	int ret = 0;
	if ((size_t)n < sizeof(*msg))
		ret = sb_read_all(launcher->fd, (char *)msg + n,
				  sizeof(*msg) - (size_t)n);
	if (!ret && msg->type == SB_MSG_SPAWNED &&
	    launcher->spawner != launcher->pid && cred.pid > 0)
		msg->pid = cred.pid;
	return ret;
}

/* ---- launcher side ----------------------------------------------------- */

#define KEEPERS_MAX 8

struct keeper_slot {
	pid_t pid; /* 0: free */
	struct box_keeper kp;
	char *key; /* view_key() of its view */
	size_t key_len;
	uint64_t used; /* the request that last used it */
};

struct launcher_state {
	int sock;
	int sigfd;
	int clear_refs; /* /proc/self/clear_refs, or -1 */
	pid_t self;
	pid_t main_pid; /* the running child, or 0 */
	/*
	 * Boxed: one keeper per view, each serving every run of its view in
	 * turn (the interleaved runs of several implementations: several
	 * views); the running child's, and the one making itself fresh after
	 * the last run.
	 */
	struct keeper_slot keepers[KEEPERS_MAX];
	int run_slot;	/* the running child's keeper, or -1 */
	int fresh_slot; /* asked to make itself fresh, not answered; or -1 */
	int count_fd;	/* the running child's pids.current, or -1 */
	int empty_slot; /* asked to empty its namespace, answer unread; -1 */
	uint64_t requests;
	/* keepers killed, not yet reaped */
	pid_t dying[KEEPERS_MAX + 1];
	size_t ndying;
	char tmpfs_opts[64];
	struct box_ns box;
	bool bounding_empty; /* boxed: dropped once, for every child */
	uint64_t start_ns;
	sigset_t ignored; /* our SIG_IGN signals: the child resets them */
	struct sb_filter *filters[SANDBOX_POLICY_NONE];
	struct sb_filter *affinity_filter; /* made at the first such run */
};

static void send_msg(struct launcher_state *st, const struct sb_launcher_msg *m)
{
	if (sb_write_all(st->sock, m, sizeof(*m)))
		_exit(0); /* the parent is gone */
}

/* SPAWNED from a launcher in its own PID namespace: see sb_launcher_recv */
static void send_spawned(struct launcher_state *st,
			 const struct sb_launcher_msg *m)
{
	if (!st->box.spawner_pid) {
		send_msg(st, m);
		return;
	}
	union {
		char buf[CMSG_SPACE(sizeof(struct ucred))];
		struct cmsghdr align;
	} control;
	memset(&control, 0, sizeof(control));
	struct iovec iov = {.iov_base = (void *)(uintptr_t)m,
			    .iov_len = sizeof(*m)};
	struct msghdr mh = {.msg_iov = &iov,
			    .msg_iovlen = 1,
			    .msg_control = control.buf,
			    .msg_controllen = sizeof(control.buf)};
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&mh);
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_CREDENTIALS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(struct ucred));
	struct ucred cred = {.pid = m->pid, .uid = geteuid(), .gid = getegid()};
	memcpy(CMSG_DATA(cmsg), &cred, sizeof(cred));
	ssize_t n;
	do
		n = sendmsg(st->sock, &mh, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		_exit(0);
	if ((size_t)n < sizeof(*m) &&
	    sb_write_all(st->sock, (const char *)m + n, sizeof(*m) - (size_t)n))
		_exit(0);
}

static void close_fds(int *fds, int n)
{
	for (int i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

/* The request's strings: pointers into body, "cgroup.procs" paths made. */
struct request_strings {
	char *workdir;	     /* into body */
	char **cgroup_procs; /* owned, each string too */
	char **writable;     /* owned array: the workdir (not fresh), then
				the request's, pointers into body */
	char **readable;     /* owned, each string too: see add_readable */
	size_t readable_nr;
	char **argv, **envp; /* owned arrays of pointers into body */
};

static void strings_release(struct request_strings *rs)
{
	for (size_t i = 0; rs->cgroup_procs && rs->cgroup_procs[i]; i++)
		free(rs->cgroup_procs[i]);
	free(rs->cgroup_procs);
	free(rs->writable);
	for (size_t i = 0; i < rs->readable_nr; i++)
		free(rs->readable[i]);
	free(rs->readable);
	free(rs->argv);
	free(rs->envp);
	memset(rs, 0, sizeof(*rs));
}

/*
 * Bind back path[0..len) (or, in a home, the folder below it) when the box
 * covers it; once each, at most BOX_READABLE_MAX.
 */
static void add_readable(struct request_strings *rs, const char *path,
			 size_t len)
{
	char *dir = xstrndup(path, len ? len : 1);
	size_t bind_len = 0;
	/*
	 * Not covered, but behind a folder others may not search (a 0700
	 * checkout's parent): bound too, and the box's keeper opens the way
	 * (mount.c, open_the_way) when the box runs as a uid of its own.
	 */
	if (!box_covered(dir, &bind_len) && box_way_closed(dir))
		bind_len = strlen(dir);
	/*
	 * Covered, but the folder below the home that would be bound, or one
	 * under it, denies search to others (root's 0700 ~/.cache holding
	 * the build root): bind the folder itself, reached through folders
	 * made on the cover, and nothing else of that closed folder.
	 */
	else if (bind_len && bind_len < strlen(dir) &&
		 box_way_closed_from(dir, bind_len))
		bind_len = strlen(dir);
	if (!bind_len) {
		free(dir);
		return;
	}
	dir[bind_len] = '\0';
	for (size_t i = 0; i < rs->readable_nr; i++) {
		if (!strcmp(rs->readable[i], dir)) {
			free(dir);
			return;
		}
	}
	if (rs->readable_nr < BOX_READABLE_MAX)
		rs->readable[rs->readable_nr++] = dir;
	else
		free(dir);
}

static int by_length(const void *a, const void *b)
{
	const char *sa = *(char *const *)a, *sb = *(char *const *)b;
	size_t la = strlen(sa), lb = strlen(sb);
	/* ties by name: one view, one key (view_key) */
	return la < lb ? -1 : la > lb ? 1 : strcmp(sa, sb);
}

static int parse_body(char *body, const struct request_header *hdr,
		      struct request_strings *rs)
{
	size_t n = 1 + (size_t)hdr->cgroupc + hdr->writablec + hdr->readablec +
		   hdr->argc + hdr->envc,
	       i = 0;
	if (hdr->cgroupc > CG_RUN_MAX_DIRS ||
	    hdr->writablec >= BOX_WRITABLE_MAX ||
	    hdr->readablec >= BOX_READABLE_MAX || hdr->argc < 1 ||
	    body[hdr->body_len - 1] != '\0')
		return -EPROTO;
	char **strings = xcalloc(n, sizeof(*strings));
	for (size_t off = 0; off < hdr->body_len && i < n; i++) {
		strings[i] = body + off;
		off += strlen(body + off) + 1;
	}
	if (i != n) {
		free(strings);
		return -EPROTO;
	}
	char **p = strings;
	rs->workdir = *p++;
	rs->cgroup_procs = xcalloc(hdr->cgroupc + 1, sizeof(char *));
	for (size_t c = 0; c < hdr->cgroupc; c++)
		rs->cgroup_procs[c] = xstrfmt("%s/cgroup.procs", *p++);
	rs->writable = xcalloc(hdr->writablec + 2, sizeof(char *));
	size_t w = 0;
	if (!hdr->fresh_workdir && !hdr->workdir_read_only)
		rs->writable[w++] = rs->workdir;
	for (size_t c = 0; c < hdr->writablec; c++)
		rs->writable[w++] = *p++;
	rs->readable = xcalloc(BOX_READABLE_MAX + 1, sizeof(char *));
	/* a read-only work folder: seen where the box would hide it */
	if (hdr->workdir_read_only)
		add_readable(rs, rs->workdir, strlen(rs->workdir));
	for (size_t c = 0; c < hdr->readablec; c++, p++)
		add_readable(rs, *p, strlen(*p));
	/* the program itself and its PATH, where the box would hide them */
	const char *slash = strrchr(p[0], '/');
	if (slash)
		add_readable(rs, p[0], (size_t)(slash - p[0]));
	for (size_t e = 0; e < hdr->envc; e++) {
		const char *v = p[hdr->argc + e];
		if (strncmp(v, "PATH=", 5))
			continue;
		for (v += 5; *v; v += *v == ':') {
			size_t len = strcspn(v, ":");
			if (len && v[0] == '/')
				add_readable(rs, v, len);
			v += len;
		}
	}
	/* shallow first: a folder bound inside another stays on top */
	qsort(rs->readable, rs->readable_nr, sizeof(char *), by_length);
	rs->argv = xcalloc(hdr->argc + 1, sizeof(char *));
	rs->envp = xcalloc(hdr->envc + 1, sizeof(char *));
	memcpy(rs->argv, p, hdr->argc * sizeof(char *));
	memcpy(rs->envp, p + hdr->argc, hdr->envc * sizeof(char *));
	free(strings);
	return 0;
}

static const struct sb_filter *filter_for(struct launcher_state *st,
					  enum sandbox_policy policy, int *err)
{
	*err = 0;
	if (policy == SANDBOX_POLICY_NONE)
		return NULL;
	if (!st->filters[policy])
		st->filters[policy] = sb_filter_new(policy, err);
	return st->filters[policy];
}

/*
 * execve folds the high-water mark of the memory the child leaves (ours:
 * a vfork child shares it) into its ru_maxrss; reset that mark to what we
 * hold now, so that a small program reports its own size. The child's
 * setup adds a few stack pages at most.
 */
static void reset_peak_rss(struct launcher_state *st)
{
	if (st->clear_refs >= 0 && pwrite(st->clear_refs, "5", 1, 0) != 1) {
		/* ru_maxrss then includes our own few MiB */
	}
}

/* What makes two views the same, as one string (NULs inside). */
static char *view_key(const struct box_view *v, size_t *len)
{
	char *key = NULL, owner[32];
	size_t alloc = 0;
	*len = 0;
	snprintf(owner, sizeof(owner), "%ld%c", (long)v->owner,
		 v->fresh_workdir ? 'f' : '-');
	body_add(&key, len, &alloc, owner);
	body_add(&key, len, &alloc, v->tmpfs_opts);
	body_add(&key, len, &alloc, v->workdir);
	for (size_t i = 0; v->writable && v->writable[i]; i++)
		body_add(&key, len, &alloc, v->writable[i]);
	body_add(&key, len, &alloc, "|");
	for (size_t i = 0; v->readable && v->readable[i]; i++)
		body_add(&key, len, &alloc, v->readable[i]);
	return key;
}

/* Free slot i: its fds and key; nothing is signalled. */
static void slot_release(struct launcher_state *st, int i)
{
	struct keeper_slot *ks = &st->keepers[i];
	ks->pid = 0;
	box_keeper_release(&ks->kp);
	free(ks->key);
	ks->key = NULL;
	if (st->run_slot == i)
		st->run_slot = -1;
	if (st->fresh_slot == i)
		st->fresh_slot = -1;
	if (st->empty_slot == i)
		st->empty_slot = -1;
}

/* End a keeper, and with it its namespaces; reaped by reap(). */
static void slot_kill(struct launcher_state *st, int i)
{
	pid_t pid = st->keepers[i].pid;
	if (pid > 0) {
		kill(pid, SIGKILL);
		if (st->ndying < sizeof(st->dying) / sizeof(st->dying[0]))
			st->dying[st->ndying++] = pid;
	}
	slot_release(st, i);
}

/*
 * Before a run: the last run's keeper has made itself fresh (done while
 * versus tidied up; never beside a program, inside its wall_ns).
 */
static void slot_wait_fresh(struct launcher_state *st)
{
	if (st->fresh_slot < 0)
		return;
	uint64_t step;
	int i = st->fresh_slot;
	st->fresh_slot = -1;
	if (box_ns_keeper_ready(&st->keepers[i].kp, &step))
		slot_kill(st, i); /* the next run of its view makes a new one */
}

/* The keeper for view: a fresh one's, or a new one. -1 with *err. */
static int slot_for(struct launcher_state *st, const struct box_view *view,
		    int *err)
{
	size_t key_len;
	char *key = view_key(view, &key_len);
	int free_i = -1, old_i = 0;
	for (int i = 0; i < KEEPERS_MAX; i++) {
		struct keeper_slot *ks = &st->keepers[i];
		if (ks->pid > 0 && ks->key_len == key_len &&
		    !memcmp(ks->key, key, key_len)) {
			free(key);
			ks->used = st->requests;
			return i;
		}
		if (ks->pid <= 0 && free_i < 0)
			free_i = i;
		if (ks->used < st->keepers[old_i].used)
			old_i = i;
	}
	if (free_i < 0) {
		slot_kill(st, old_i);
		free_i = old_i;
	}
	struct keeper_slot *ks = &st->keepers[free_i];
	pid_t pid = box_ns_keeper_start(&st->box, view, &ks->kp);
	if (pid < 0) {
		*err = pid;
		free(key);
		return -1;
	}
	ks->pid = pid;
	ks->key = key;
	ks->key_len = key_len;
	ks->used = st->requests;
	return free_i;
}

static void reap(struct launcher_state *st);

/*
 * The keeper asked to empty its namespace when the run's cgroups already
 * held no task (reap): its answer, which must come before anything is
 * forked into that namespace again. Anything it found there (the cgroups
 * said none was left) ends it.
 */
static void slot_check_emptied(struct launcher_state *st)
{
	if (st->empty_slot < 0)
		return;
	int i = st->empty_slot;
	uint64_t orphans = 0;
	st->empty_slot = -1;
	if (box_ns_keeper_emptied(&st->keepers[i].kp, &orphans) || orphans)
		slot_kill(st, i);
}

/* Read one request and start its child. Returns -1 when the parent left. */
static int handle_request(struct launcher_state *st)
{
	struct request_header hdr;
	int fds[SB_FD_COUNT];
	union {
		char buf[CMSG_SPACE(sizeof(int) * SB_FD_COUNT)];
		struct cmsghdr align;
	} control;
	struct iovec iov = {.iov_base = &hdr, .iov_len = sizeof(hdr)};
	struct msghdr msg = {.msg_iov = &iov,
			     .msg_iovlen = 1,
			     .msg_control = control.buf,
			     .msg_controllen = sizeof(control.buf)};
	ssize_t n;
	do
		n = recvmsg(st->sock, &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		return -1;
	for (int i = 0; i < SB_FD_COUNT; i++)
		fds[i] = -1;
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
	if (cmsg && cmsg->cmsg_type == SCM_RIGHTS &&
	    cmsg->cmsg_len == CMSG_LEN(sizeof(int) * SB_FD_COUNT))
		memcpy(fds, CMSG_DATA(cmsg), sizeof(fds));
	if ((size_t)n < sizeof(hdr) &&
	    sb_read_all(st->sock, (char *)&hdr + n, sizeof(hdr) - (size_t)n))
		return -1;
	if (hdr.magic != REQUEST_MAGIC || hdr.body_len == 0 ||
	    hdr.body_len > BODY_MAX)
		return -1; /* a broken parent: stop rather than guess */
	char *body = xmalloc(hdr.body_len);
	if (sb_read_all(st->sock, body, hdr.body_len)) {
		free(body);
		close_fds(fds, SB_FD_COUNT);
		return -1;
	}
	if (!hdr.has_pipe && fds[SB_FD_PIPE] >= 0) {
		close(fds[SB_FD_PIPE]);
		fds[SB_FD_PIPE] = -1;
	}

	struct sb_launcher_msg reply;
	memset(&reply, 0, sizeof(reply));
	reply.type = SB_MSG_SPAWN_FAILED;
	struct request_strings rs;
	memset(&rs, 0, sizeof(rs));
	int err = 0;
	for (int i = 0; i < SB_FD_COUNT; i++)
		if (fds[i] < 0 && (i != SB_FD_PIPE || hdr.has_pipe))
			err = -EBADF;
	if (!err && hdr.policy >= 0 && hdr.policy <= SANDBOX_POLICY_NONE)
		err = parse_body(body, &hdr, &rs);
	else if (!err)
		err = -EINVAL;
	struct sb_child_plan plan;
	memset(&plan, 0, sizeof(plan));
	if (!err) {
		plan.filter =
			filter_for(st, (enum sandbox_policy)hdr.policy, &err);
		plan.argv = rs.argv;
		plan.envp = rs.envp;
		plan.workdir = rs.workdir;
		plan.cgroup_procs = rs.cgroup_procs;
		plan.cpu_dir =
			hdr.cpu_dir >= 0 && (uint32_t)hdr.cpu_dir < hdr.cgroupc
				? hdr.cpu_dir
				: -1;
		plan.launcher_pid = st->self;
		plan.ignored = st->ignored;
		plan.limits = hdr.limits;
		if (hdr.pin_affinity) {
			plan.affinity = &hdr.affinity;
			int aerr = 0;
			if (!st->affinity_filter)
				st->affinity_filter =
					sb_filter_affinity_new(&aerr);
			plan.affinity_filter = st->affinity_filter;
			if (!err)
				err = aerr;
		}
		memcpy(plan.fds, fds, sizeof(fds));
		plan.uid = (uid_t)-1;
		plan.drop_caps = st->box.userns;
		plan.bounding_empty = st->bounding_empty;
	}
	if (!err && st->box.kind != SANDBOX_BOX_NONE) {
		plan.boxed = true;
		plan.uid = st->box.uid;
		snprintf(st->tmpfs_opts, sizeof(st->tmpfs_opts),
			 "size=%llu,mode=1777",
			 (unsigned long long)hdr.disk_limit_bytes);
		plan.view.tmpfs_opts = st->tmpfs_opts;
		plan.view.workdir = rs.workdir;
		plan.view.fresh_workdir = hdr.fresh_workdir;
		plan.view.owner = hdr.fresh_workdir ? st->box.uid : (uid_t)-1;
		plan.view.box_uid = st->box.uid;
		plan.view.writable = rs.writable;
		plan.view.readable = rs.readable;
		plan.view.hidden = st->box.hidden_list;
	}
	if (st->count_fd >= 0)
		close(st->count_fd);
	st->count_fd = -1;
	if (!err && plan.boxed && hdr.count_dir >= 0 &&
	    (uint32_t)hdr.count_dir < hdr.cgroupc) {
		/* "<dir>/cgroup.procs" -> "<dir>/pids.current" */
		const char *procs = rs.cgroup_procs[hdr.count_dir];
		char path[4096];
		int len = (int)strlen(procs) - (int)strlen("cgroup.procs");
		if (len > 0 &&
		    snprintf(path, sizeof(path), "%.*s%s", len, procs,
			     "pids.current") < (int)sizeof(path))
			st->count_fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	int slot = -1;
	/* written by the child that waits for its keeper (vfork) */
	volatile int fresh = 0;
	volatile uint64_t carried_cpu_ns = 0;
	plan.fresh = &fresh;
	plan.carried_cpu_ns = &carried_cpu_ns;
	if (!err && plan.boxed)
		st->requests++;
	slot_check_emptied(st);
again:
	if (!err && plan.boxed) {
		slot = slot_for(st, &plan.view, &err);
		/*
		 * The last run's keeper makes itself fresh while versus tidies
		 * up. When it is this run's, the child waits for it, after
		 * the steps that need no view (README.md, "One keeper, many
		 * runs"); another view's is waited for here: no reset runs
		 * beside a program.
		 */
		plan.wait_fresh = slot >= 0 && st->fresh_slot == slot;
		if (plan.wait_fresh)
			st->fresh_slot = -1;
		slot_wait_fresh(st);
		if (slot >= 0) {
			plan.keeper = st->keepers[slot].kp;
			if (!plan.keeper.view_err &&
			    box_ns_keeper_enter(&plan.keeper))
				err = -errno;
		}
	}
	/*
	 * A keeper killed takes its namespaces down as it dies (the view's
	 * unmounts, ~0.3 ms of CPU): done before this run starts, never
	 * beside it, inside its wall_ns.
	 */
	while (!err && st->ndying) {
		struct pollfd pfd = {.fd = st->sigfd, .events = POLLIN};
		if (poll(&pfd, 1, 1000) == 0)
			break; /* not worth waiting longer */
		reap(st);
	}
	if (!err) {
		reset_peak_rss(st);
		st->start_ns = sb_now_ns();
		int dumpable = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
		/*
		 * Returns once the child has called execve or exited. The
		 * child runs below this frame on our stack and never returns
		 * into it (a clone() stack of our own would be invisible to
		 * ASan, which intercepts vfork and cleans up after it).
		 */
		pid_t pid = vfork();
		if (pid == 0)
			sb_child_exec(&plan);
		int vfork_err = pid < 0 ? errno : 0;
		if (dumpable == 0) /* the child may have set it (box) */
			prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
		if (slot >= 0 && box_ns_keeper_done(&st->box) && pid > 0) {
			/* the next run could not make its namespace */
			kill(pid, SIGKILL);
		}
		if (pid > 0 && fresh < 0) {
			/*
			 * The keeper could not make itself fresh: the child
			 * left before anything of the run began. Again with
			 * a new keeper, which is fresh when made.
			 */
			waitpid(pid, NULL, 0);
			fresh = 0;
			slot_kill(st, slot);
			goto again;
		}
		if (plan.wait_fresh && !fresh && slot >= 0) {
			/* the child failed before it read the keeper's answer,
			   which must not be taken for the next one */
			st->fresh_slot = slot;
			slot_wait_fresh(st);
			slot = st->keepers[slot].pid > 0 ? slot : -1;
		}
		/* a keeper that could not build its view has exited */
		if (slot >= 0 && (pid < 0 || plan.keeper.view_err))
			slot_kill(st, slot);
		else if (slot >= 0)
			st->run_slot = slot;

		if (pid < 0) {
			err = -vfork_err;
		} else {
			st->main_pid = pid;
			reply.type = SB_MSG_SPAWNED;
			reply.pid = pid;
		}
	}
	if (err && slot >= 0 && st->keepers[slot].pid > 0)
		slot_kill(st, slot);
	reply.err = -err;
	close_fds(fds, SB_FD_COUNT);
	strings_release(&rs);
	free(body);
	if (reply.type == SB_MSG_SPAWNED)
		send_spawned(st, &reply);
	else
		send_msg(st, &reply);
	return 0;
}

/*
 * A child reaped: a dying keeper is done; a keeper in a slot (one whose
 * reset failed exits by itself) leaves it, never to be signalled again
 * (its pid may be another process's by then).
 */
static void note_reaped(struct launcher_state *st, pid_t pid)
{
	for (size_t i = 0; i < st->ndying; i++)
		if (st->dying[i] == pid) {
			st->dying[i] = st->dying[--st->ndying];
			return;
		}
	for (int i = 0; i < KEEPERS_MAX; i++)
		if (st->keepers[i].pid == pid) {
			slot_release(st, i);
			return;
		}
}

/*
 * Whether the finished run's cgroups hold no task at all (pids.current
 * 0: not even a zombie; the main process was just reaped).
 */
static bool none_left(struct launcher_state *st)
{
	char buf[32];
	ssize_t n = st->count_fd < 0
			    ? -1
			    : pread(st->count_fd, buf, sizeof(buf) - 1, 0);
	if (st->count_fd >= 0)
		close(st->count_fd);
	st->count_fd = -1;
	if (n <= 0)
		return false;
	buf[n] = '\0';
	return !strcmp(buf, "0\n");
}

static void reap(struct launcher_state *st)
{
	struct signalfd_siginfo info;
	while (read(st->sigfd, &info, sizeof(info)) > 0)
		;
	for (;;) {
		int wstatus;
		struct rusage ru;
		pid_t pid = wait4(-1, &wstatus, WNOHANG, &ru);
		if (pid <= 0)
			return;
		note_reaped(st, pid);
		if (pid != st->main_pid)
			continue; /* an orphan of an earlier run, reparented */
		struct sb_launcher_msg m;
		int ask = -1; /* a keeper to ask once EXITED is out */
		memset(&m, 0, sizeof(m));
		m.type = SB_MSG_EXITED;
		m.pid = pid;
		m.wstatus = wstatus;
		m.reap_ns = sb_now_ns();
		m.fork_ns = st->start_ns;
		m.rusage = ru;
		if (st->run_slot >= 0) {
			/*
			 * The keeper kills what the run left and counts it;
			 * if it cannot, count what is left and end it all:
			 * its death kills every process of its namespace.
			 */
			int i = st->run_slot;
			uint64_t orphans;
			m.boxed = true;
			st->run_slot = -1;
			if (none_left(st)) {
				/*
				 * Nothing to count: EXITED first, then the
				 * keeper is asked (woken, it could take this
				 * CPU before EXITED is out); its answer is
				 * read before the next fork.
				 */
				m.orphans = 0;
				ask = i;
			} else if (box_ns_keeper_empty(&st->keepers[i].kp,
						       &orphans)) {
				m.orphans = box_ns_count(st->keepers[i].pid);
				slot_kill(st, i);
			} else {
				m.orphans = orphans;
				st->fresh_slot = i;
			}
		}

		st->main_pid = 0;
		send_msg(st, &m);
		if (ask >= 0 && box_ns_keeper_ask(&st->keepers[ask].kp))
			slot_kill(st, ask);
		else if (ask >= 0)
			st->empty_slot = st->fresh_slot = ask;
	}
}

/*
 * Zero the environment strings we inherited from versus (the caller's,
 * secrets included): /proc/<pid>/environ shows that memory, here and in
 * every process we fork (the keepers). The launcher never reads its
 * environment; each child gets the request's. Best effort: where
 * /proc/self/stat is unreadable nothing changes.
 */
static void scrub_environment(void)
{
	char buf[2048];
	int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	/* fields after "(comm)": state is field 3, env_start 50, env_end 51 */
	char *p = strrchr(buf, ')');
	unsigned long long start = 0, end = 0;
	for (int field = 2; p && field <= 51; field++) {
		p = strchr(p + 1, ' ');
		if (p && field == 49)
			start = strtoull(p + 1, NULL, 10);
		if (p && field == 50)
			end = strtoull(p + 1, NULL, 10);
	}
	if (start && end > start && end - start < (64ULL << 20))
		memset((void *)(uintptr_t)start, 0, (size_t)(end - start));
}

static void launcher_main(int sock, pid_t parent,
			  const struct sb_launcher_opts *opts)
	__attribute__((noreturn));
static void launcher_main(int sock, pid_t parent,
			  const struct sb_launcher_opts *opts)
{
	struct launcher_state st;
	memset(&st, 0, sizeof(st));
	st.run_slot = st.fresh_slot = st.count_fd = st.empty_slot = -1;
	for (int i = 0; i < KEEPERS_MAX; i++)
		st.keepers[i].kp.mntns_fd = st.keepers[i].kp.pidns_fd =
			st.keepers[i].kp.ctl = -1;
	prctl(PR_SET_NAME, "versus-launcher", 0, 0, 0);
	/* dumpable while the box is set up (a non-dumpable process may not
	   write its own uid_map); not dumpable again below */
	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) || getppid() != parent)
		_exit(0);
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	/* Our own signals: the parent's handlers are not ours to run. */
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
	/* Found once, so that each child resets only these (spawn.c). */
	sigemptyset(&st.ignored);
	for (int sig = 1; sig < NSIG; sig++) {
		struct sigaction old;
		if (!sigaction(sig, NULL, &old) &&
		    !(old.sa_flags & SA_SIGINFO) && old.sa_handler == SIG_IGN)
			sigaddset(&st.ignored, sig);
	}
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_SETMASK, &chld, NULL);

	/* Keep stderr for diagnostics; nothing else of the parent's. */
	int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (devnull >= 0) {
		dup2(devnull, 0);
		dup2(devnull, 1);
		close(devnull);
	}
	if (dup2(sock, 3) < 0)
		_exit(1);
	close_range(4, ~0U, 0);
	st.sock = 3;
	st.self = getpid();
	st.sigfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
	if (st.sigfd < 0)
		_exit(1);
	box_ns_init(&st.box, opts->box, opts->slot_uid);
	st.self = getpid(); /* 1 if it moved into a PID namespace */
	/* after box_ns_init, which may fork: the fd must name the process
	   that goes on as the launcher */
	st.clear_refs = open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);
	scrub_environment();
	/*
	 * Without a box a program has our uid and capabilities: then we are
	 * not dumpable, so it cannot read our memory or take our fds. In a
	 * box it has neither (another uid, or no capabilities where we have
	 * them in our user namespace), which the kernel's ptrace check
	 * refuses anyway; and the box needs us dumpable: the keeper we fork
	 * per view must be, for us to open its /proc/<pid>/ns files.
	 */
	if (st.box.kind == SANDBOX_BOX_NONE &&
	    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0))
		_exit(1);
	/*
	 * Boxed, every child empties its bounding set: done here once (~40
	 * prctl a run saved); our own capabilities, which the keepers' mounts
	 * need, stay. Each child still empties the other sets itself.
	 */
	if (st.box.kind != SANDBOX_BOX_NONE)
		st.bounding_empty = box_bounding_drop() == 0;
	struct sb_launcher_hello hello;
	memset(&hello, 0, sizeof(hello));
	hello.box = st.box.kind;
	hello.spawner = st.box.spawner_pid;
	snprintf(hello.why, sizeof(hello.why), "%s", st.box.why);
	if (sb_write_all(st.sock, &hello, sizeof(hello)))
		_exit(0);

	for (;;) {
		struct pollfd pfd[2] = {{.fd = st.sock, .events = POLLIN},
					{.fd = st.sigfd, .events = POLLIN}};
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pfd[1].revents)
			reap(&st);
		if (pfd[0].revents && !st.main_pid && handle_request(&st) < 0)
			break;
		if ((pfd[0].revents & (POLLHUP | POLLERR)) && st.main_pid)
			break;
	}
	if (st.main_pid)
		kill(st.main_pid, SIGKILL);
	for (int i = 0; i < KEEPERS_MAX; i++)
		if (st.keepers[i].pid > 0)
			kill(st.keepers[i].pid, SIGKILL);
	_exit(0);
}

int sb_launcher_start(struct sb_launcher *launcher,
		      const struct sb_launcher_opts *opts,
		      struct sb_launcher_hello *hello, struct versus_err *err)
{
	int sv[2];
	launcher->pid = -1;
	launcher->fd = -1;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return versus_err_set(err, -errno, NULL, 0, 0,
				      "sandbox: socketpair: %s",
				      strerror(errno));
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(sv[0]);
		close(sv[1]);
		return versus_err_set(err, -e, NULL, 0, 0,
				      "sandbox: cannot start the launcher: %s",
				      strerror(e));
	}
	if (pid == 0) {
		close(sv[0]);
		launcher_main(sv[1], parent, opts);
	}
	close(sv[1]);
	launcher->pid = pid;
	launcher->fd = sv[0];
	int ret = sb_read_all(launcher->fd, hello, sizeof(*hello));
	if (ret) {
		sb_launcher_stop(launcher);
		return versus_err_set(err, ret, NULL, 0, 0,
				      "sandbox: the launcher did not start: %s",
				      strerror(-ret));
	}
	hello->why[sizeof(hello->why) - 1] = '\0';
	launcher->spawner = hello->spawner > 0 ? hello->spawner : pid;
	int on = 1;
	if (launcher->spawner != pid &&
	    setsockopt(launcher->fd, SOL_SOCKET, SO_PASSCRED, &on,
		       sizeof(on))) {
		int e = errno;
		sb_launcher_stop(launcher);
		return versus_err_set(err, -e, NULL, 0, 0,
				      "sandbox: SO_PASSCRED: %s", strerror(e));
	}
	return 0;
}

void sb_launcher_stop(struct sb_launcher *launcher)
{
	if (launcher->fd >= 0) {
		close(launcher->fd); /* EOF: the launcher exits */
		launcher->fd = -1;
	}
	if (launcher->pid > 0) {
		/*
		 * Bounded: a launcher stopped (by a program, or from outside)
		 * is continued; one that still has not exited after 2 s is
		 * killed, so that versus itself never hangs here.
		 */
		kill(launcher->pid, SIGCONT);
		if (launcher->spawner > 0 && launcher->spawner != launcher->pid)
			kill(launcher->spawner, SIGCONT);
		int wstatus;
		for (int i = 0; i < 2000; i++) {
			pid_t got = waitpid(launcher->pid, &wstatus, WNOHANG);
			if (got != 0 && !(got < 0 && errno == EINTR))
				break;
			if (i == 1999) {
				kill(launcher->pid, SIGKILL);
				while (waitpid(launcher->pid, &wstatus, 0) <
					       0 &&
				       errno == EINTR)
					;
				break;
			}
			usleep(1000);
		}
		launcher->pid = -1;
	}
}
