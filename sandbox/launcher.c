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
 * to it and reaped at once instead of lingering as zombies.
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
	uint32_t cgroupc, argc, envc;
	int32_t policy;
	struct sb_rlimits limits;
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
	hdr.limits = launch->limits;

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
	memcpy(CMSG_DATA(cmsg), launch->fds, sizeof(int) * SB_FD_COUNT);

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
	return sb_read_all(launcher->fd, msg, sizeof(*msg));
}

/* ---- launcher side ----------------------------------------------------- */

struct launcher_state {
	int sock;
	int sigfd;
	int clear_refs; /* /proc/self/clear_refs, or -1 */
	pid_t self;
	pid_t main_pid; /* the running child, or 0 */
	uint64_t start_ns;
	sigset_t ignored; /* our SIG_IGN signals: the child resets them */
	struct sb_filter *filters[SANDBOX_POLICY_NONE];
};

static void send_msg(struct launcher_state *st, const struct sb_launcher_msg *m)
{
	if (sb_write_all(st->sock, m, sizeof(*m)))
		_exit(0); /* the parent is gone */
}

static void close_fds(int *fds, int n)
{
	for (int i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

/* The request's strings: pointers into body, "cgroup.procs" paths made. */
struct request_strings {
	const char *workdir;
	char **cgroup_procs; /* owned, each string too */
	char **argv, **envp; /* owned arrays of pointers into body */
};

static void strings_release(struct request_strings *rs)
{
	for (size_t i = 0; rs->cgroup_procs && rs->cgroup_procs[i]; i++)
		free(rs->cgroup_procs[i]);
	free(rs->cgroup_procs);
	free(rs->argv);
	free(rs->envp);
	memset(rs, 0, sizeof(*rs));
}

static int parse_body(char *body, const struct request_header *hdr,
		      struct request_strings *rs)
{
	size_t n = 1 + (size_t)hdr->cgroupc + hdr->argc + hdr->envc, i = 0;
	if (hdr->cgroupc > CG_RUN_MAX_DIRS || hdr->argc < 1 ||
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

	struct sb_launcher_msg reply;
	memset(&reply, 0, sizeof(reply));
	reply.type = SB_MSG_SPAWN_FAILED;
	struct request_strings rs;
	memset(&rs, 0, sizeof(rs));
	int err = 0;
	for (int i = 0; i < SB_FD_COUNT; i++)
		if (fds[i] < 0)
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
		plan.launcher_pid = st->self;
		plan.ignored = st->ignored;
		plan.limits = hdr.limits;
		memcpy(plan.fds, fds, sizeof(fds));
	}
	if (!err) {
		reset_peak_rss(st);
		st->start_ns = sb_now_ns();
		/*
		 * Returns once the child has called execve or exited. The
		 * child runs below this frame on our stack and never returns
		 * into it (a clone() stack of our own would be invisible to
		 * ASan, which intercepts vfork and cleans up after it).
		 */
		pid_t pid = vfork();
		if (pid == 0)
			sb_child_exec(&plan);
		if (pid < 0) {
			err = -errno;
		} else {
			st->main_pid = pid;
			reply.type = SB_MSG_SPAWNED;
			reply.pid = pid;
		}
	}
	reply.err = -err;
	close_fds(fds, SB_FD_COUNT);
	strings_release(&rs);
	free(body);
	send_msg(st, &reply);
	return 0;
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
		if (pid != st->main_pid)
			continue; /* an orphan of an earlier run, reparented */
		struct sb_launcher_msg m;
		memset(&m, 0, sizeof(m));
		m.type = SB_MSG_EXITED;
		m.pid = pid;
		m.wstatus = wstatus;
		m.reap_ns = sb_now_ns();
		m.fork_ns = st->start_ns;
		m.rusage = ru;
		st->main_pid = 0;
		send_msg(st, &m);
	}
}

static void launcher_main(int sock, pid_t parent) __attribute__((noreturn));
static void launcher_main(int sock, pid_t parent)
{
	struct launcher_state st;
	memset(&st, 0, sizeof(st));
	prctl(PR_SET_NAME, "versus-launcher", 0, 0, 0);
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
	/*
	 * Not dumpable (versus is not, and we inherit it): a program of the
	 * same uid cannot read our environ or memory or take our fds. But a
	 * non-dumpable process's /proc/self files belong to root, so open
	 * clear_refs first, dumpable for that one call (before any program
	 * ran).
	 */
	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	st.clear_refs = open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0))
		_exit(1);
	st.sigfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
	if (st.sigfd < 0)
		_exit(1);

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
	_exit(0);
}

int sb_launcher_start(struct sb_launcher *launcher, struct versus_err *err)
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
		launcher_main(sv[1], parent);
	}
	close(sv[1]);
	launcher->pid = pid;
	launcher->fd = sv[0];
	return 0;
}

void sb_launcher_stop(struct sb_launcher *launcher)
{
	if (launcher->fd >= 0) {
		close(launcher->fd); /* EOF: the launcher exits */
		launcher->fd = -1;
	}
	if (launcher->pid > 0) {
		int wstatus;
		while (waitpid(launcher->pid, &wstatus, 0) < 0 &&
		       errno == EINTR)
			;
		launcher->pid = -1;
	}
}
