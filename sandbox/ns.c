/*
 * ns.c: the box's namespaces. Once per launcher (box_ns_init): a user
 * namespace when versus is not root, and the network (loopback only) and
 * UTS namespaces every run of that launcher shares: nothing of a run
 * survives in them (its processes die with its PID namespace, and it may
 * not change either). Per view: a PID namespace whose PID 1 is a keeper
 * forked by the launcher, which builds the view in a mount namespace of
 * its own and makes both fresh after each run (launcher side); per run,
 * new IPC and cgroup namespaces the child makes for itself (child side).
 * See README.md, "The box" and "One keeper, many runs", for why each is
 * shared or fresh.
 */
#include "sandbox_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/mount.h>
#include <poll.h>
#include <pthread.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/banned.h"

/* ---- launcher side, once ---------------------------------------------- */

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	size_t len = strlen(text);
	ssize_t n = write(fd, text, len);
	int ret = n == (ssize_t)len ? 0 : n < 0 ? -errno : -EIO;
	close(fd);
	return ret;
}

static bool in_init_userns(void);

/* The maps of the user namespace of pid: the caller's uid and gid only. */
static int write_maps(const char *proc, uid_t uid, gid_t gid, bool deny)
{
	char path[64], map[64];
	int ret = 0;
	if (deny) {
		snprintf(path, sizeof(path), "%s/setgroups", proc);
		ret = write_file(path, "deny");
	}
	snprintf(path, sizeof(path), "%s/uid_map", proc);
	snprintf(map, sizeof(map), "%lu %lu 1\n", (unsigned long)uid,
		 (unsigned long)uid);
	if (!ret)
		ret = write_file(path, map);
	snprintf(path, sizeof(path), "%s/gid_map", proc);
	snprintf(map, sizeof(map), "%lu %lu 1\n", (unsigned long)gid,
		 (unsigned long)gid);
	if (!ret)
		ret = write_file(path, map);
	return ret;
}

/*
 * Root (without a box uid): the maps written from outside, by a helper
 * that stays in the parent namespace with CAP_SETGID there, so that
 * setgroups stays allowed and the box can drop root's groups (a process
 * may not write its own namespace's maps with that privilege).
 */
static int unshare_mapped_by_root(uid_t uid, gid_t gid)
{
	int go[2];
	if (pipe2(go, O_CLOEXEC))
		return -errno;
	pid_t self = getpid();
	pid_t helper = fork();
	if (helper < 0) {
		int e = errno;
		close(go[0]);
		close(go[1]);
		return -e;
	}
	if (helper == 0) {
		char c, proc[32];
		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(1);
		snprintf(proc, sizeof(proc), "/proc/%ld", (long)self);
		_exit(write_maps(proc, uid, gid, false) ? 1 : 0);
	}
	close(go[0]);
	int ret = unshare(CLONE_NEWUSER) ? -errno : 0;
	if (!ret && write(go[1], "x", 1) != 1)
		ret = -EPIPE;
	close(go[1]);
	int wstatus = 0;
	while (waitpid(helper, &wstatus, 0) < 0 && errno == EINTR)
		;
	if (!ret && !(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0))
		ret = -EPERM;
	return ret;
}

/* A user namespace in which the caller's uid and gid map to themselves. */
static int enter_userns(char *why, size_t why_size)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	/* the map files are ours only while we are dumpable */
	int dumpable = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	int ret;
	if (uid == 0 && in_init_userns()) {
		ret = unshare_mapped_by_root(uid, gid);
	} else if (unshare(CLONE_NEWUSER)) {
		ret = -errno;
	} else {
		/*
		 * Unprivileged, the gid map may only be written once
		 * setgroups is denied: the caller's groups stay.
		 */
		ret = write_maps("/proc/self", uid, gid, true);
		if (ret) {
			snprintf(why, why_size,
				 "cannot map the user namespace: %s",
				 strerror(-ret));
			ret = 1;
		}
	}
	if (dumpable >= 0)
		prctl(PR_SET_DUMPABLE, dumpable, 0, 0, 0);
	if (ret < 0)
		snprintf(why, why_size,
			 "user namespaces are not allowed here (%s; see "
			 "kernel.unprivileged_userns_clone, "
			 "user.max_user_namespaces)",
			 strerror(-ret));
	return ret ? -1 : 0;
}

/*
 * As a user, the launcher may not return to its own PID namespace (owned
 * by the host's user namespace) after making a run's, so it moves into
 * one of its user namespace first: it forks, the child goes on as the
 * launcher (PID 1 there) and the parent only waits for it. The child
 * learns its pid as the host sees it (ns->spawner_pid) from the parent.
 */
static int enter_outer_pidns(struct box_ns *ns)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) || unshare(CLONE_NEWPID)) {
		snprintf(ns->why, sizeof(ns->why),
			 "cannot make the PID namespace: %s", strerror(errno));
		return -1;
	}
	pid_t child = fork();
	if (child < 0) {
		snprintf(ns->why, sizeof(ns->why), "fork: %s", strerror(errno));
		return -1;
	}
	if (child > 0) {
		/* the parent: hand over, then live as long as the child */
		if (write(p[1], &child, sizeof(child)) != sizeof(child))
			kill(child, SIGKILL);
		close_range(0, ~0U, 0);
		int wstatus;
		while (waitpid(child, &wstatus, 0) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	close(p[1]);
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	prctl(PR_SET_NAME, "versus-launcher", 0, 0, 0);
	pid_t pid = 0;
	if (read(p[0], &pid, sizeof(pid)) != sizeof(pid))
		_exit(0); /* the parent is gone */
	close(p[0]);
	ns->spawner_pid = pid;
	/*
	 * A /proc of this namespace, in a mount namespace of our own: the
	 * pids we know (the keeper's, the runs') are numbered here.
	 */
	if (unshare(CLONE_NEWNS) ||
	    mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) ||
	    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  NULL)) {
		snprintf(ns->why, sizeof(ns->why),
			 "cannot mount the launcher's /proc: %s",
			 strerror(errno));
		return -1;
	}
	return 0;
}

static int loopback_up(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	struct ifreq ifr;
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, "lo", 3);
	int ret = 0;
	if (ioctl(fd, SIOCGIFFLAGS, &ifr))
		ret = -errno;
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (!ret && ioctl(fd, SIOCSIFFLAGS, &ifr))
		ret = -errno;
	close(fd);
	return ret;
}

/*
 * Every cgroup mount, so that the box can cover them (one empty tmpfs on
 * /sys/fs/cgroup covers the usual ones).
 */
static void find_cgroup_mounts(struct box_ns *ns)
{
	size_t n = 0;
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[4096];
	snprintf(ns->hidden[n++], sizeof(ns->hidden[0]), "/run");
	/* the homes: secrets; what a run needs there is bound back */
	snprintf(ns->hidden[n++], sizeof(ns->hidden[0]), "/root");
	snprintf(ns->hidden[n++], sizeof(ns->hidden[0]), "/home");
	snprintf(ns->hidden[n++], sizeof(ns->hidden[0]), "/sys/fs/cgroup");
	while (f && fgets(line, sizeof(line), f)) {
		char *sep = strstr(line, " - ");
		if (!sep || (strncmp(sep, " - cgroup ", 10) &&
			     strncmp(sep, " - cgroup2 ", 11)))
			continue;
		/* field 5 is the mount point (octal escapes: left as is) */
		char *p = line;
		for (int i = 0; i < 4 && p; i++) {
			p = strchr(p, ' ');
			if (p)
				p++;
		}
		if (!p)
			continue;
		size_t len = strcspn(p, " ");
		if (len >= sizeof(ns->hidden[0]) ||
		    !strncmp(p, "/sys/fs/cgroup/", 15) ||
		    (len == 14 && !strncmp(p, "/sys/fs/cgroup", 14)))
			continue;
		if (n < BOX_HIDDEN_MAX) {
			memcpy(ns->hidden[n], p, len);
			ns->hidden[n++][len] = '\0';
		}
	}
	if (f)
		fclose(f);
	for (size_t i = 0; i < n; i++)
		ns->hidden_list[i] = ns->hidden[i];
	ns->hidden_list[n] = NULL;
}

/*
 * Whether a run's PID namespace can be made and left again, tried once in
 * a child (a failure must not leave us in it): 0 or -errno.
 */
static int try_pidns(int self_pidns_fd)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(unshare(CLONE_NEWPID) ||
				      setns(self_pidns_fd, CLONE_NEWPID)
			      ? errno
			      : 0);
	if (pid < 0)
		return -errno;
	int wstatus;
	while (waitpid(pid, &wstatus, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (!WIFEXITED(wstatus))
		return -ECHILD;
	return -WEXITSTATUS(wstatus);
}

/* Whether we are in the host's user namespace (every uid mapped). */
static bool in_init_userns(void)
{
	FILE *f = fopen("/proc/self/uid_map", "re");
	unsigned long inside = 1, outside = 1, count = 0;
	int n = f ? fscanf(f, "%lu %lu %lu", &inside, &outside, &count) : 0;
	if (f)
		fclose(f);
	return n == 3 && inside == 0 && outside == 0 && count == 4294967295UL;
}

void box_ns_init(struct box_ns *ns, enum sandbox_box_want want, uid_t slot_uid)
{
	memset(ns, 0, sizeof(*ns));
	ns->kind = SANDBOX_BOX_NONE;
	ns->userns = false;
	ns->uid = (uid_t)-1;
	ns->self_pidns_fd = -1;
	ns->hidden_list[0] = NULL;
	if (want == SANDBOX_BOX_OFF) {
		snprintf(ns->why, sizeof(ns->why), "off on request");
		return;
	}
	bool root = slot_uid != (uid_t)-1;
	if (root && !in_init_userns()) {
		/* root of a user namespace (a container): the box uids are
		   not ours to use, and the host's namespaces not to leave */
		root = false;
		slot_uid = (uid_t)-1;
	}
	if (!root) {
		if (enter_userns(ns->why, sizeof(ns->why)))
			return;
		ns->userns = true;
		if (enter_outer_pidns(ns))
			return;
	}
	int ret = 0;
	const char *what = "";
	if (unshare(CLONE_NEWNET | CLONE_NEWUTS)) {
		ret = -errno;
		what = "network and UTS namespaces";
	} else if ((ret = loopback_up())) {
		what = "loopback";
	} else if (sethostname("versus", 6)) {
		ret = -errno;
		what = "host name";
	} else if ((ns->self_pidns_fd = open("/proc/self/ns/pid",
					     O_RDONLY | O_CLOEXEC)) < 0) {
		ret = -errno;
		what = "PID namespace";
	} else if ((ret = try_pidns(ns->self_pidns_fd))) {
		what = "PID namespace";
	}
	if (ret) {
		snprintf(ns->why, sizeof(ns->why), "cannot make the %s: %s",
			 what, strerror(-ret));
		return;
	}
	find_cgroup_mounts(ns);
	ns->kind = root ? SANDBOX_BOX_ROOT : SANDBOX_BOX_USERNS;
	ns->uid = slot_uid;
	if (root)
		snprintf(ns->why, sizeof(ns->why),
			 "uid %lu, no capabilities, namespaces: pid mount ipc "
			 "cgroup net uts",
			 (unsigned long)slot_uid);
	else
		snprintf(ns->why, sizeof(ns->why),
			 "user namespace (uid %lu mapped to itself), no "
			 "capabilities, namespaces: pid mount ipc cgroup net "
			 "uts",
			 (unsigned long)geteuid());
}

/* ---- launcher side, per view: the keeper ------------------------------ */

/* The keeper's messages on its socket. */
struct keeper_report {
	int32_t err;
	uint64_t step; /* the view's step that failed */
	uint64_t orphans;
};

static bool is_zombie(pid_t pid);

/* Reap every child that has exited; the number reaped. */
static unsigned reap_exited(void)
{
	unsigned n = 0;
	while (waitpid(-1, NULL, WNOHANG | __WALL) > 0)
		n++;
	return n;
}

/*
 * Processes in our namespace but us, from the run's /proc (ours too);
 * zombies too unless alive_only (a zombie whose parent is outside, the
 * launcher, is not ours to reap).
 */
static uint64_t count_others(bool alive_only)
{
	uint64_t n = 0;
	DIR *d = opendir("/proc");
	struct dirent *de;
	while (d && (de = readdir(d))) {
		if (de->d_name[0] < '1' || de->d_name[0] > '9' ||
		    !strcmp(de->d_name, "1"))
			continue;
		n += !alive_only ||
		     !is_zombie((pid_t)strtol(de->d_name, NULL, 10));
	}
	if (d)
		closedir(d);
	return n;
}

/*
 * The end of a run, seen from its PID 1: count what the run left running,
 * kill it all and wait until nothing but us is left (bounded: a process
 * stuck in the kernel makes this keeper unusable, and the launcher then
 * kills it and its namespace with it).
 */
static int keeper_empty(uint64_t *orphans)
{
	reap_exited();
	*orphans = 0;
	if (kill(-1, 0) && errno == ESRCH)
		return 0;
	*orphans = count_others(false);
	for (int round = 0; round < 2000; round++) {
		/* from PID 1: every process of the namespace but us */
		if (kill(-1, SIGKILL) && errno == ESRCH) {
			reap_exited();
			if (kill(-1, 0) && errno == ESRCH)
				return 0;
		}
		reap_exited();
		if (round && !count_others(true))
			return 0; /* zombies the launcher reaps */
		struct timespec ms = {0, 1000000};
		nanosleep(&ms, NULL);
	}
	return -EBUSY;
}

struct box_detacher {
	int sock[2]; /* ours, the thread's */
	const char *path;
};

static void *detacher_main(void *arg)
{
	struct box_detacher *d = arg;
	char c;
	while (read(d->sock[1], &c, 1) == 1) {
		int32_t ret = umount2(d->path, MNT_DETACH) ? -errno : 0;
		if (write(d->sock[1], &ret, sizeof(ret)) != sizeof(ret))
			break;
	}
	return NULL;
}

/* Write v to /proc/sys/kernel/ns_last_pid: the next PID is v + 1. */
static int set_last_pid(long v)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%ld", v);
	return write_file("/proc/sys/kernel/ns_last_pid", buf);
}

struct box_detacher *box_detacher_new(void)
{
	static struct box_detacher d; /* one per keeper, for its life */
	/*
	 * The thread takes a PID of the run's namespace: one near pid_max,
	 * out of the way, so that every run's program is PID 2 (a program
	 * sees it only as /proc/1/task/N).
	 */
	char buf[32];
	int fd = open("/proc/sys/kernel/pid_max", O_RDONLY | O_CLOEXEC);
	ssize_t len = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	if (fd >= 0)
		close(fd);
	long pid_max = len > 0 ? (buf[len] = '\0', strtol(buf, NULL, 10)) : 0;
	if (pid_max < 1000 || set_last_pid(pid_max - 2))
		return NULL;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, d.sock))
		return NULL;
	pthread_attr_t attr;
	pthread_t th;
	int ok = !pthread_attr_init(&attr) &&
		 !pthread_attr_setstacksize(&attr, 256 << 10) &&
		 !pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED) &&
		 !pthread_create(&th, &attr, detacher_main, &d);
	pthread_attr_destroy(&attr);
	if (!ok) {
		close(d.sock[0]);
		close(d.sock[1]);
		return NULL;
	}
	return &d;
}

int box_detacher_start(struct box_detacher *d, const char *path)
{
	d->path = path;
	return write(d->sock[0], "u", 1) == 1 ? 0 : -errno;
}

int box_detacher_wait(struct box_detacher *d)
{
	int32_t ret;
	ssize_t n = read(d->sock[0], &ret, sizeof(ret));
	return n == sizeof(ret) ? ret : n < 0 ? -errno : -EPIPE;
}

/* Close every fd but the n in keep (any order, repeats allowed). */
static void close_all_but(int *keep, size_t n)
{
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && keep[j - 1] > keep[j]; j--) {
			int t = keep[j];
			keep[j] = keep[j - 1];
			keep[j - 1] = t;
		}
	unsigned from = 0;
	for (size_t i = 0; i < n; i++) {
		if ((unsigned)keep[i] > from)
			close_range(from, (unsigned)keep[i] - 1, 0);
		from = (unsigned)keep[i] + 1;
	}
	close_range(from, ~0U, 0);
}

/*
 * PID 1 of the runs of one view: builds the view in new mount and IPC
 * namespaces, says how it went, then reaps what is reparented to it and,
 * each time the launcher asks (a byte on the socket), empties the
 * namespace and makes it fresh for the next run (two answers: the
 * orphans, then ready). Dies with the launcher, or when it closes the
 * socket.
 */
static void keeper_main(const struct box_view *view, int sock)
	__attribute__((noreturn));
static void keeper_main(const struct box_view *view, int sock)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	prctl(PR_SET_NAME, "versus-keeper", 0, 0, 0);
	/*
	 * The run sees us as its PID 1, with its uid when rootless: our
	 * memory and environment (the caller's) are not its to read.
	 */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	/*
	 * No handler of the launcher's (a sanitizer's): a signal from the run
	 * then reaches PID 1 only if the kernel lets it, never runs code.
	 */
	for (int sig = 1; sig < NSIG; sig++) {
		struct sigaction old;
		if (sig != SIGKILL && sig != SIGSTOP &&
		    !sigaction(sig, NULL, &old) && old.sa_handler != SIG_IGN)
			signal(sig, SIG_DFL);
	}
	struct keeper_report kr = {0, 0, 0};
	struct box_view_marks mk;
	int fds[2] = {-1, -1};
	if (unshare(CLONE_NEWNS | CLONE_NEWIPC))
		kr.err = -errno;
	else
		kr.err = box_view_build(view, &mk, &kr.step);
	/* ours to open, not dumpable or not: handed to the launcher */
	if (!kr.err &&
	    ((fds[0] = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC)) < 0 ||
	     (fds[1] = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC)) < 0))
		kr.err = -errno;
	union {
		char buf[CMSG_SPACE(sizeof(fds))];
		struct cmsghdr align;
	} control;
	memset(&control, 0, sizeof(control));
	struct iovec iov = {.iov_base = &kr, .iov_len = sizeof(kr)};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
	if (!kr.err) {
		mh.msg_control = control.buf;
		mh.msg_controllen = sizeof(control.buf);
		struct cmsghdr *cmsg = CMSG_FIRSTHDR(&mh);
		cmsg->cmsg_level = SOL_SOCKET;
		cmsg->cmsg_type = SCM_RIGHTS;
		cmsg->cmsg_len = CMSG_LEN(sizeof(fds));
		memcpy(CMSG_DATA(cmsg), fds, sizeof(fds));
	}
	/*
	 * The thread, before any run can take a PID, with SIGCHLD blocked
	 * (its signalfd is ours); then the first run's PID is 2 too.
	 */
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	struct box_detacher *d = kr.err ? NULL : box_detacher_new();
	/*
	 * Without the thread nothing moved the PID numbering; where
	 * ns_last_pid is not ours to write, each reset fails and the
	 * launcher makes a new keeper per run instead (slower, as safe).
	 */
	if (d && (kr.err = set_last_pid(1)))
		kr.step = BOX_VIEW_PROC;
	if (kr.err) {
		mh.msg_control = NULL;
		mh.msg_controllen = 0;
	}
	if (sendmsg(sock, &mh, MSG_NOSIGNAL) != sizeof(kr) || kr.err)
		_exit(1);
	/* nothing of the launcher's but our socket, at 0, and the thread's */
	if (dup2(sock, 0) < 0)
		_exit(1);
	int keep[3] = {0, d ? d->sock[0] : 0, d ? d->sock[1] : 0};
	close_all_but(keep, 3);
	int sigfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
	if (sigfd < 0)
		_exit(1);
	for (;;) {
		struct pollfd pfd[2] = {{.fd = 0, .events = POLLIN},
					{.fd = sigfd, .events = POLLIN}};
		if (poll(pfd, 2, -1) < 0 && errno != EINTR)
			_exit(1);
		if (pfd[1].revents) {
			struct signalfd_siginfo si;
			while (read(sigfd, &si, sizeof(si)) > 0)
				;
			reap_exited();
		}
		if (!pfd[0].revents)
			continue;
		char cmd;
		if (read(0, &cmd, 1) != 1)
			_exit(0); /* the launcher let us go */
		memset(&kr, 0, sizeof(kr));
		/*
		 * Empty, and PID numbering reset, before the first answer:
		 * the next run's child is forked only after it is read.
		 */
		kr.err = keeper_empty(&kr.orphans);
		if (!kr.err && (kr.err = set_last_pid(1)))
			kr.step = BOX_VIEW_PROC;
		if (write(0, &kr, sizeof(kr)) != sizeof(kr) || kr.err)
			_exit(1);
		/*
		 * Its files go with its tmpfs: nothing of the last run may
		 * reach the next (its processes are gone, keeper_empty, and
		 * PIDs start again from 2, set_last_pid, which only a process
		 * with CAP_SYS_ADMIN over the namespace may do, as we have
		 * and the run has not).
		 */
		kr.err = box_view_reset(view, &mk, d, &kr.step);
		if (write(0, &kr, sizeof(kr)) != sizeof(kr))
			_exit(1);
		/*
		 * Failed: the launcher ends us. Not by ourselves: the child
		 * that read this waits in our namespace, which our death
		 * would kill before it could say why.
		 */
		while (kr.err)
			pause();
	}
}

pid_t box_ns_keeper_start(struct box_ns *ns, const struct box_view *view,
			  struct box_keeper *kp)
{
	kp->mntns_fd = kp->pidns_fd = kp->ctl = -1;
	kp->view_err = 0;
	kp->view_step = 0;
	int pfd[2];
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pfd))
		return -errno;
	if (unshare(CLONE_NEWPID)) {
		int e = errno;
		close(pfd[0]);
		close(pfd[1]);
		return -e;
	}
	pid_t pid = fork();
	if (pid == 0)
		keeper_main(view, pfd[1]);
	int e = errno;
	close(pfd[1]);
	/* back at once: the run's child enters with box_ns_keeper_enter() */
	int back = box_ns_keeper_done(ns);
	if (pid < 0 || back) {
		close(pfd[0]);
		if (pid > 0) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
		}
		return pid < 0 ? -e : back;
	}
	struct keeper_report kr = {-EPIPE, 0, 0};
	int fds[2] = {-1, -1};
	union {
		char buf[CMSG_SPACE(sizeof(fds))];
		struct cmsghdr align;
	} control;
	struct iovec iov = {.iov_base = &kr, .iov_len = sizeof(kr)};
	struct msghdr mh = {.msg_iov = &iov,
			    .msg_iovlen = 1,
			    .msg_control = control.buf,
			    .msg_controllen = sizeof(control.buf)};
	ssize_t n;
	do
		n = recvmsg(pfd[0], &mh, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n != sizeof(kr))
		kr.err = n < 0 ? -errno : -EPIPE;
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&mh);
	if (n == sizeof(kr) && cmsg && cmsg->cmsg_type == SCM_RIGHTS &&
	    cmsg->cmsg_len == CMSG_LEN(sizeof(fds)))
		memcpy(fds, CMSG_DATA(cmsg), sizeof(fds));
	kp->view_err = kr.err;
	kp->view_step = kr.step;
	kp->mntns_fd = fds[0];
	kp->pidns_fd = fds[1];
	if (!kp->view_err && (fds[0] < 0 || fds[1] < 0))
		kp->view_err = -EPROTO;
	if (kp->view_err)
		close(pfd[0]);
	else
		kp->ctl = pfd[0];
	return pid;
}

/* One answer of the keeper, within timeout_ms. */
static int keeper_answer(const struct box_keeper *kp, int timeout_ms,
			 struct keeper_report *kr)
{
	struct pollfd pfd = {.fd = kp->ctl, .events = POLLIN};
	int r;
	do
		r = poll(&pfd, 1, timeout_ms);
	while (r < 0 && errno == EINTR);
	if (r <= 0)
		return r < 0 ? -errno : -ETIMEDOUT;
	ssize_t n = read(kp->ctl, kr, sizeof(*kr));
	if (n != (ssize_t)sizeof(*kr))
		return n < 0 ? -errno : -EPIPE;
	return kr->err;
}

int box_ns_keeper_empty(const struct box_keeper *kp, uint64_t *orphans)
{
	*orphans = 0;
	int ret = box_ns_keeper_ask(kp);
	return ret ? ret : box_ns_keeper_emptied(kp, orphans);
}

int box_ns_keeper_ask(const struct box_keeper *kp)
{
	if (kp->ctl < 0)
		return -EBADF;
	char cmd = 'r';
	return write(kp->ctl, &cmd, 1) == 1 ? 0 : -errno;
}

int box_ns_keeper_emptied(const struct box_keeper *kp, uint64_t *orphans)
{
	struct keeper_report kr;
	/* within the launcher's own grace (sandbox.c waits longer) */
	int ret = keeper_answer(kp, 3000, &kr);
	*orphans = ret ? 0 : kr.orphans;
	return ret;
}

int box_ns_keeper_ready(const struct box_keeper *kp, uint64_t *step)
{
	struct keeper_report kr = {0, 0, 0};
	int ret = keeper_answer(kp, 1000, &kr);
	*step = kr.step;
	return ret;
}

int box_ns_keeper_enter(const struct box_keeper *kp)
{
	return setns(kp->pidns_fd, CLONE_NEWPID) ? -errno : 0;
}

void box_keeper_release(struct box_keeper *kp)
{
	int *fds[] = {&kp->mntns_fd, &kp->pidns_fd, &kp->ctl};
	for (size_t i = 0; i < 3; i++) {
		if (*fds[i] >= 0)
			close(*fds[i]);
		*fds[i] = -1;
	}
}

int box_ns_keeper_done(struct box_ns *ns)
{
	return setns(ns->self_pidns_fd, CLONE_NEWPID) ? -errno : 0;
}

static bool is_zombie(pid_t pid)
{
	char path[64], buf[512];
	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return true; /* gone already */
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return true;
	buf[n] = '\0';
	const char *paren = strrchr(buf, ')');
	return !paren || paren[1] != ' ' || paren[2] == 'Z' || paren[2] == 'X';
}

/* Add the children of every task of pid to the list. */
static void add_children(pid_t pid, pid_t **list, size_t *nr, size_t *alloc)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%ld/task", (long)pid);
	DIR *d = opendir(path);
	struct dirent *de;
	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char file[320];
		snprintf(file, sizeof(file), "/proc/%ld/task/%s/children",
			 (long)pid, de->d_name);
		FILE *f = fopen(file, "re");
		long child;
		while (f && fscanf(f, "%ld", &child) == 1) {
			if (is_zombie((pid_t)child))
				continue; /* exited; the keeper reaps it */
			ALLOC_GROW(*list, *nr + 1, *alloc);
			(*list)[(*nr)++] = (pid_t)child;
		}
		if (f)
			fclose(f);
	}
	if (d)
		closedir(d);
}

uint64_t box_ns_count(pid_t keeper)
{
	/*
	 * The main process is reaped, so everything left in the namespace
	 * descends from the keeper (orphans are reparented to it).
	 */
	pid_t *list = NULL;
	size_t nr = 0, alloc = 0;
	add_children(keeper, &list, &nr, &alloc);
	for (size_t i = 0; i < nr && nr < 100000; i++)
		add_children(list[i], &list, &nr, &alloc);
	free(list);
	return nr;
}

/* ---- child side -------------------------------------------------------- */

int box_ns_enter(const struct box_keeper *kp)
{
	if (setns(kp->mntns_fd, CLONE_NEWNS) ||
	    unshare(CLONE_NEWIPC | CLONE_NEWCGROUP))
		return -errno;
	return 0;
}
