/*
 * cgroup.c: the run's cgroups. Probe the mode once; per run make a fresh
 * cgroup in each hierarchy (limits written and read back before the child
 * starts), name the folders the child attaches itself to, poll its CPU,
 * kill what is left when the main process ends, read the counters, delete,
 * and check the folders are gone.
 *
 * The once-per-process work goes through libcgroup (cgroup_init, the v1
 * mount points, versus's own cgroups, the stale sweep), each answer
 * checked against /proc/self/mountinfo and /proc/self/cgroup. Each run's
 * cgroups are plain mkdir, writes and rmdir: libcgroup 2.0.2 re-reads
 * /proc/mounts and chowns every control file on each create, 1.3 ms of a
 * run where the kernel's mkdir takes 0.2 ms (README.md). rmdir of a
 * cgroup that still has a process fails with EBUSY, so a successful rmdir
 * also proves it empty.
 */
#include "sandbox_int.h"

#include <assert.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libcgroup.h>
#ifdef VERSUS_HAVE_SDBUS
#include <systemd/sd-bus.h>
#endif
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/term.h"
#include "util/banned.h"

/* How long to wait for a killed cgroup to empty. */
#define EMPTY_TIMEOUT_NS (5ULL * 1000000000ULL)

/* ---- small file helpers ------------------------------------------------ */

static int write_file(const char *dir, const char *file, const char *value)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	size_t len = strlen(value);
	ssize_t n = write(fd, value, len);
	int ret = n == (ssize_t)len ? 0 : n < 0 ? -errno : -EIO;
	close(fd);
	return ret;
}

/* Read a small file into buf (NUL-terminated). Returns length or -errno. */
static ssize_t read_small(const char *dir, const char *file, char *buf,
			  size_t size)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	size_t len = 0;
	while (len + 1 < size) {
		ssize_t n = read(fd, buf + len, size - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	return (ssize_t)len;
}

static int read_u64(const char *dir, const char *file, uint64_t *out)
{
	char buf[64];
	ssize_t n = read_small(dir, file, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(buf, &end, 10);
	if (errno || end == buf)
		return -EINVAL;
	*out = v;
	return 0;
}

/* The value of "key N" in a flat keyed file (memory.events, cpu.stat). */
static int read_keyed(const char *dir, const char *file, const char *key,
		      uint64_t *out)
{
	char buf[4096];
	ssize_t n = read_small(dir, file, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	size_t klen = strlen(key);
	for (char *line = buf; line && *line;) {
		if (!strncmp(line, key, klen) && line[klen] == ' ') {
			*out = strtoull(line + klen + 1, NULL, 10);
			return 0;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return -ENOENT;
}

static bool exists(const char *dir, const char *file)
{
	char path[4096];
	if (snprintf(path, sizeof(path), "%s/%s", dir, file) >=
	    (int)sizeof(path))
		return false;
	return access(path, F_OK) == 0;
}

/* Count (and optionally SIGKILL) the processes listed in cgroup.procs. */
static int procs_scan(const char *dir, bool kill_them, uint64_t *count)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	FILE *f = fopen(path, "re");
	if (!f)
		return -errno;
	long pid;
	uint64_t n = 0;
	while (fscanf(f, "%ld", &pid) == 1) {
		n++;
		if (kill_them && pid > 0)
			kill((pid_t)pid, SIGKILL);
	}
	fclose(f);
	if (count)
		*count = n;
	return 0;
}

static void sleep_ns(long ns)
{
	struct timespec ts = {0, ns};
	nanosleep(&ts, NULL);
}

/*
 * cgroup2 (v2, or hybrid's unified): wait until "populated 0" in
 * cgroup.events, woken by the kernel's notification (POLLPRI) instead of
 * polling on a timer. Returns 0 when empty, -ETIMEDOUT, or -errno when the
 * file cannot be used (the caller then scans cgroup.procs).
 */
static int wait_unpopulated(const char *dir, uint64_t deadline_ns)
{
	char path[4096], buf[256];
	snprintf(path, sizeof(path), "%s/cgroup.events", dir);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	int ret = -ETIMEDOUT;
	for (;;) {
		ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
		if (n < 0) {
			ret = -errno;
			break;
		}
		buf[n] = '\0';
		char *p = strstr(buf, "populated ");
		if (!p) {
			ret = -ENOENT;
			break;
		}
		if (p[10] == '0') {
			ret = 0;
			break;
		}
		uint64_t now = sb_now_ns();
		if (now >= deadline_ns)
			break;
		struct pollfd pfd = {.fd = fd, .events = POLLPRI};
		int ms = (int)((deadline_ns - now + 999999) / 1000000);
		if (poll(&pfd, 1, ms) < 0 && errno != EINTR) {
			ret = -errno;
			break;
		}
	}
	close(fd);
	return ret;
}

/* ---- libcgroup: the once-per-process view ------------------------------ */

static pthread_once_t lcg_once = PTHREAD_ONCE_INIT;
static int lcg_status = ECGROUPNOTINITIALIZED;

static void lcg_init_once(void)
{
	/* its default logger prints to stdout, where versus prints JSON */
	cgroup_set_logger(NULL, 0, NULL);
	lcg_status = cgroup_init();
}

/* cgroup_init() once per process: it reads the mount table (~0.5 ms). */
static int lcg_init(void)
{
	pthread_once(&lcg_once, lcg_init_once);
	return lcg_status;
}

/*
 * libcgroup's reason for code. Its ECGOTHER text is strerror() of the
 * errno it saved, which is "Success" when the failure was its own (no
 * system call failed): say that instead of a misleading "Success".
 */
static const char *lcg_strerror(int code)
{
	if (code == ECGOTHER) {
		int e = cgroup_get_last_errno();
		return e ? strerror(e) : "failed without a system error";
	}
	return code >= ECGROUPNOTCOMPILED ? cgroup_strerror(code)
					  : strerror(code);
}

/* The controller libcgroup lists at mount (its name for a hierarchy). */
static bool lcg_controller_at(const char *mount, char *name, size_t size)
{
	if (lcg_init())
		return false;
	void *handle = NULL;
	struct cgroup_mount_point mp;
	bool found = false;
	for (int ret = cgroup_get_controller_begin(&handle, &mp); !ret;
	     ret = cgroup_get_controller_next(&handle, &mp)) {
		if (!strcmp(mp.path, mount)) {
			snprintf(name, size, "%s", mp.name);
			found = true;
			break;
		}
	}
	if (handle)
		cgroup_get_controller_end(&handle);
	return found;
}

/* ---- probe ------------------------------------------------------------- */

/* The three a v1 mode needs, then the optional cpuset (pinning). */
#define V1_NEEDED 3
#define V1_ALL	  4
static const char *const v1_names[V1_ALL] = {"memory", "pids", "cpuacct",
					     "cpuset"};

static struct cg_hier *v1_hier(struct cg_probe *probe, int i)
{
	struct cg_hier *h[V1_ALL] = {&probe->memory, &probe->pids,
				     &probe->cpuacct, &probe->cpuset};
	return h[i];
}

static bool has_token(const char *list, const char *token)
{
	size_t tlen = strlen(token);
	for (const char *p = list; p && *p;) {
		const char *end = strpbrk(p, ", \n");
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == tlen && !strncmp(p, token, len))
			return true;
		p = end ? end + 1 : NULL;
	}
	return false;
}

/* A v1 controller as the kernel shows it, to check libcgroup against. */
struct kernel_view {
	char mount[256];   /* first mount of its whole hierarchy, or "" */
	char partial[256]; /* a mount showing only a subtree (a container) */
	char path[512];	   /* our cgroup in it (/proc/self/cgroup), or "" */
};

/* The kernel's mounts: v1 controllers into kv, cgroup2 into unified. */
static void find_mounts(struct cg_probe *probe, struct kernel_view *kv)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return;
	char line[4096];
	while (fgets(line, sizeof(line), f)) {
		/* id parent dev root mountpoint opts [tags] - fstype src sopts
		 */
		char root[512], mnt[256], fstype[64], sopts[1024];
		char *dash = strstr(line, " - ");
		if (!dash ||
		    sscanf(line, "%*s %*s %*s %511s %255s", root, mnt) != 2 ||
		    sscanf(dash + 3, "%63s %*s %1023s", fstype, sopts) != 2)
			continue;
		bool whole = !strcmp(root, "/");
		if (!strcmp(fstype, "cgroup")) {
			for (int i = 0; i < V1_ALL; i++) {
				if (!has_token(sopts, v1_names[i]))
					continue;
				char *to = whole ? kv[i].mount : kv[i].partial;
				if (!to[0])
					snprintf(to, sizeof(kv[i].mount), "%s",
						 mnt);
			}
		} else if (!strcmp(fstype, "cgroup2") && whole &&
			   !probe->unified.mount[0]) {
			snprintf(probe->unified.mount,
				 sizeof(probe->unified.mount), "%s", mnt);
		}
	}
	fclose(f);
}

/* Our cgroup per v1 controller and in cgroup2, from /proc/self/cgroup. */
static void find_own_paths(struct kernel_view *kv, char *v2_path,
			   size_t v2_path_size)
{
	FILE *f = fopen("/proc/self/cgroup", "re");
	if (!f)
		return;
	char line[4096];
	while (fgets(line, sizeof(line), f)) {
		char *c1 = strchr(line, ':');
		char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if (!c2)
			continue;
		*c1 = '\0';
		*c2 = '\0';
		char *path = c2 + 1;
		path[strcspn(path, "\n")] = '\0';
		const char *ctrls = c1 + 1;
		if (!strcmp(line, "0") && !*ctrls)
			snprintf(v2_path, v2_path_size, "%s", path);
		for (int i = 0; i < V1_ALL; i++)
			if (has_token(ctrls, v1_names[i]))
				snprintf(kv[i].path, sizeof(kv[i].path), "%s",
					 path);
	}
	fclose(f);
}

static void set_dir(struct cg_hier *h, const char *mount, const char *path)
{
	if (h->mount != mount)
		snprintf(h->mount, sizeof(h->mount), "%s", mount);
	snprintf(h->dir, sizeof(h->dir), "%s%s", mount,
		 strcmp(path, "/") ? path : "");
	struct stat st;
	h->present = stat(h->dir, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * One v1 controller from libcgroup: its mount point and our cgroup in it,
 * each checked against the kernel's own view. Leaves h absent when neither
 * sees the controller. Returns -EPROTO (probe->why says where) when they
 * disagree: guessing could put the run cgroups outside the limits versus
 * itself runs under.
 */
static int lcg_v1_hier(struct cg_probe *probe, int i,
		       const struct kernel_view *kv, struct strbuf *seen)
{
	const char *name = v1_names[i];
	struct cg_hier *h = v1_hier(probe, i);
	char *mount = NULL, *path = NULL;
	int lret = lcg_init();
	if (!lret)
		lret = cgroup_get_subsys_mount_point(name, &mount);
	/* found on the cgroup2 mount: not a v1 controller */
	if (!lret && probe->unified.mount[0] &&
	    !strcmp(mount, probe->unified.mount)) {
		free(mount);
		mount = NULL;
		lret = ECGROUPNOTMOUNTED;
	}
	int ret = 0;
	if (lret && !kv->mount[0] && !kv->partial[0])
		goto out; /* not mounted, as both agree */
	if (lret && !kv->mount[0]) {
		/* mounted only in part: neither view can place our cgroup */
		snprintf(h->mount, sizeof(h->mount), "%s", kv->partial);
		h->partial = true;
		goto out;
	}
	if (lret || strcmp(mount, kv->mount)) {
		snprintf(probe->why, sizeof(probe->why),
			 "libcgroup and the kernel disagree on where cgroup v1 "
			 "'%.64s' is mounted: libcgroup says %.512s, "
			 "/proc/self/mountinfo says '%.255s'",
			 name, lret ? lcg_strerror(lret) : mount,
			 kv->mount[0] ? kv->mount : "not mounted");
		ret = -EPROTO;
		goto out;
	}
	lret = cgroup_get_current_controller_path(getpid(), name, &path);
	if (lret || strcmp(path, kv->path)) {
		snprintf(probe->why, sizeof(probe->why),
			 "libcgroup and the kernel disagree on versus's own "
			 "cgroup v1 '%s' cgroup: libcgroup says %s, "
			 "/proc/self/cgroup says '%s'",
			 name, lret ? lcg_strerror(lret) : path,
			 kv->path[0] ? kv->path : "none");
		ret = -EPROTO;
		goto out;
	}
	set_dir(h, mount, path);
	strbuf_addf(seen, "%s%s at '%s' (versus in '%s')",
		    seen->len ? ", " : "", name, mount, path);
out:
	free(mount);
	free(path);
	return ret;
}

/*
 * Pure v2: libcgroup lists the controllers of the cgroup2 mount; 'memory'
 * must be there. libcgroup 2.0.2 cannot read the "0::" line of
 * /proc/self/cgroup, so our own cgroup is checked only where it can.
 */
static int lcg_v2(struct cg_probe *probe, const char *v2_path,
		  struct strbuf *seen, bool *agreed)
{
	char ctrls[512];
	if (read_small(probe->unified.mount, "cgroup.controllers", ctrls,
		       sizeof(ctrls)) < 0 ||
	    !has_token(ctrls, "memory")) {
		*agreed = false;
		return 0; /* probe_v2 says why it cannot be used */
	}
	char *mount = NULL, *path = NULL;
	int ret = 0, lret = lcg_init();
	if (!lret)
		lret = cgroup_get_subsys_mount_point("memory", &mount);
	if (lret || strcmp(mount, probe->unified.mount)) {
		snprintf(probe->why, sizeof(probe->why),
			 "libcgroup and the kernel disagree on where 'memory' "
			 "is: libcgroup says %s, the kernel lists it in "
			 "'%s/cgroup.controllers'",
			 lret ? lcg_strerror(lret) : mount,
			 probe->unified.mount);
		ret = -EPROTO;
		goto out;
	}
	lret = cgroup_get_current_controller_path(getpid(), "memory", &path);
	if (!lret && strcmp(path, v2_path)) {
		snprintf(probe->why, sizeof(probe->why),
			 "libcgroup and the kernel disagree on versus's own "
			 "cgroup: libcgroup says '%s', /proc/self/cgroup says "
			 "'%s'",
			 path, v2_path);
		ret = -EPROTO;
		goto out;
	}
	if (lret)
		strbuf_addf(seen,
			    "memory on the cgroup2 mount '%s'; it cannot tell "
			    "versus's own cgroup (%s), so that comes from "
			    "/proc/self/cgroup alone",
			    mount, lcg_strerror(lret));
	else
		strbuf_addf(seen,
			    "memory on the cgroup2 mount '%s' (versus in "
			    "'%s')",
			    mount, path);
	*agreed = !lret;
out:
	free(mount);
	free(path);
	return ret;
}

/*
 * Fill every hierarchy: v1 controllers from libcgroup, the cgroup2 mount
 * and our cgroup there from the kernel (libcgroup 2.0.2 has no name for a
 * cgroup2 mount without controllers), all checked. probe->libcgroup says
 * what libcgroup saw. Returns 0 or -EPROTO.
 */
static int find_hierarchies(struct cg_probe *probe)
{
	struct kernel_view kv[V1_ALL];
	char v2_path[512] = "";
	memset(kv, 0, sizeof(kv));
	find_mounts(probe, kv);
	find_own_paths(kv, v2_path, sizeof(v2_path));
	if (probe->unified.mount[0] && v2_path[0])
		set_dir(&probe->unified, probe->unified.mount, v2_path);
	struct strbuf seen = STRBUF_INIT;
	int ret = 0;
	for (int i = 0; i < V1_NEEDED && !ret; i++)
		ret = lcg_v1_hier(probe, i, &kv[i], &seen);
	/*
	 * cpuset only serves pinning: where libcgroup and the kernel disagree
	 * on it, pinning falls back to the affinity, saying why.
	 */
	if (!ret && probe->memory.mount[0]) {
		char why[sizeof(probe->why)];
		memcpy(why, probe->why, sizeof(why));
		if (lcg_v1_hier(probe, 3, &kv[3], &seen)) {
			snprintf(probe->pin_why, sizeof(probe->pin_why),
				 "%.1000s", probe->why);
			memset(&probe->cpuset, 0, sizeof(probe->cpuset));
		}
		memcpy(probe->why, why, sizeof(why));
	}
	bool agreed = true; /* v1: every answer was compared */
	if (!ret && !probe->memory.mount[0] && probe->unified.present)
		ret = lcg_v2(probe, v2_path, &seen, &agreed);
	int lret = lcg_init();
	if (lret)
		snprintf(probe->libcgroup, sizeof(probe->libcgroup),
			 "cgroup_init: %s", lcg_strerror(lret));
	else
		snprintf(probe->libcgroup, sizeof(probe->libcgroup), "%s%s",
			 seen.len ? seen.buf : "no v1 memory, pids, cpuacct",
			 ret || !agreed ? ""
					: "; agrees with /proc/self/cgroup");
	strbuf_release(&seen);
	return ret;
}

/* Make and remove a child cgroup in dir: proves we may. */
static int try_mkdir(const char *dir, const char *what, char *why,
		     size_t why_size, bool *has_kill)
{
	char probe_dir[4096];
	snprintf(probe_dir, sizeof(probe_dir), "%s/versus-%ld-probe", dir,
		 (long)getpid());
	if (mkdir(probe_dir, 0755) && errno != EEXIST) {
		snprintf(why, why_size,
			 "cannot create a cgroup in '%s' (%s): %s", dir, what,
			 strerror(errno));
		return -errno;
	}
	if (has_kill)
		*has_kill = exists(probe_dir, "cgroup.kill");
	rmdir(probe_dir);
	return 0;
}

/* Whether a pinned run can have a v1 cpuset of its own; else why not. */
static void probe_pin_v1(struct cg_probe *probe)
{
	const struct cg_hier *h = &probe->cpuset;
	char why[512];
	if (probe->pin_why[0])
		return; /* libcgroup and the kernel disagree on it */
	if (h->partial || !h->present) {
		snprintf(probe->pin_why, sizeof(probe->pin_why),
			 "no cgroup v1 'cpuset' controller mounted%s",
			 h->partial ? " whole" : "");
		return;
	}
	if (try_mkdir(h->dir, "cpuset", why, sizeof(why), NULL)) {
		snprintf(probe->pin_why, sizeof(probe->pin_why), "%s", why);
		return;
	}
	probe->pin = SANDBOX_PIN_CPUSET1;
	snprintf(probe->pin_why, sizeof(probe->pin_why),
		 "cgroup v1 cpuset at '%s'", h->dir);
}

static int probe_v1(struct cg_probe *probe)
{
	for (int i = 0; i < V1_NEEDED; i++) {
		const struct cg_hier *h = v1_hier(probe, i);
		if (h->partial) {
			snprintf(probe->why, sizeof(probe->why),
				 "cgroup v1 '%s' is mounted at '%s' showing "
				 "only part of its hierarchy (a container?): "
				 "versus's own cgroup is not visible",
				 v1_names[i], h->mount);
			return -ENOENT;
		}
		if (!h->present) {
			snprintf(probe->why, sizeof(probe->why),
				 "no cgroup v1 '%s' controller mounted",
				 v1_names[i]);
			return -ENOENT;
		}
		int ret = try_mkdir(h->dir, v1_names[i], probe->why,
				    sizeof(probe->why), NULL);
		if (ret)
			return ret;
	}
	probe->has_swap_limit =
		exists(probe->memory.dir, "memory.memsw.limit_in_bytes");
	if (probe->unified.present &&
	    try_mkdir(probe->unified.dir, "unified", probe->why,
		      sizeof(probe->why), &probe->has_kill))
		probe->unified.present = false; /* optional in hybrid */
	snprintf(probe->why, sizeof(probe->why),
		 "cgroup v1: memory at '%s', pids at '%s', cpuacct at '%s'; "
		 "unified: %s; cgroup.kill: %s",
		 probe->memory.dir, probe->pids.dir, probe->cpuacct.dir,
		 probe->unified.present ? probe->unified.dir : "no",
		 probe->has_kill ? "yes" : "no");
	probe_pin_v1(probe);
	return 0;
}

/*
 * v2: the leaf versus moved itself into, one per process, shared by all
 * its handles (versus run --jobs N makes N + 1): the first makes it and
 * moves versus in, later ones find versus already there, the last
 * cg_v2_leave() undoes everything. pid: the process the state belongs to
 * (a forked child inherits the memory, not the leaf).
 */
static struct {
	pthread_mutex_t lock;
	pid_t pid;
	int users;
	bool enabled;	   /* versus turned memory and pids on in home */
	bool cpuset;	   /* versus turned cpuset on in home */
	bool made_home;	   /* home is versus-<pid>-home, made by versus */
	char origin[1024]; /* made_home: the cgroup versus came from */
	char home[1024], leaf[1024];
} v2_self = {.lock = PTHREAD_MUTEX_INITIALIZER};

static int empty_cgroup(const char *dir, bool unified_kill);
static int remove_cgroup_dir(const char *dir, bool unified_kill);

/* The name of this process's leaf: "versus-<pid>-self". */
static void leaf_name(char *buf, size_t size)
{
	snprintf(buf, size, "versus-%ld-self", (long)getpid());
}

/* Whether own_dir is our leaf already; home gets the cgroup above it. */
static bool v2_home_of(const char *own_dir, char *home, size_t home_size)
{
	char name[64];
	leaf_name(name, sizeof(name));
	const char *slash = strrchr(own_dir, '/');
	bool in_leaf = slash && !strcmp(slash + 1, name);
	snprintf(home, home_size, "%.*s",
		 in_leaf ? (int)(slash - own_dir) : (int)strlen(own_dir),
		 own_dir);
	return in_leaf;
}

/*
 * Remove the cgroup at dir and every cgroup beneath it, deepest first;
 * cgroup.kill at the top empties the whole subtree. Only for cgroups
 * versus itself made and has left. Returns 0 or -errno.
 */
static int remove_cgroup_tree(const char *dir)
{
	if (exists(dir, "cgroup.kill") && empty_cgroup(dir, true))
		return -EBUSY;
	DIR *d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	int ret = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		char *sub = xstrfmt("%s/%s", dir, e->d_name);
		int r = remove_cgroup_tree(sub);
		if (r && !ret)
			ret = r;
		free(sub);
	}
	closedir(d);
	int r = remove_cgroup_dir(dir, true);
	return ret ? ret : r;
}

/* Remove home's children named "versus-<our pid>-*" (the leaf, runs). */
static int remove_own_children(const char *home)
{
	char prefix[64];
	int plen =
		snprintf(prefix, sizeof(prefix), "versus-%ld-", (long)getpid());
	DIR *d = opendir(home);
	if (!d)
		return -errno;
	int ret = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_type != DT_DIR || strncmp(e->d_name, prefix, plen))
			continue;
		char *sub = xstrfmt("%s/%s", home, e->d_name);
		int r = remove_cgroup_tree(sub);
		if (r && !ret)
			ret = r;
		free(sub);
	}
	closedir(d);
	return ret;
}

/*
 * The last user is gone: leave, and remove, every cgroup versus made. A
 * cgroup whose cgroup.subtree_control lists controllers cannot take a
 * process (the no-internal-processes rule): moving back into a home where
 * versus turned controllers on fails with EBUSY until they are off again.
 * A home versus made itself is left for the cgroup versus came from and
 * removed with the rest. Nothing is killed or removed unless versus is
 * out (a kill would hit versus itself). Lock held.
 */
static int v2_teardown_locked(void)
{
	char pid[32];
	snprintf(pid, sizeof(pid), "%ld", (long)getpid());
	int ret = -ENOENT;
	bool out_of_home = false;
	if (v2_self.made_home && v2_self.origin[0]) {
		ret = write_file(v2_self.origin, "cgroup.procs", pid);
		out_of_home = !ret;
	}
	if (ret)
		ret = write_file(v2_self.home, "cgroup.procs", pid);
	/* never at the root: it takes processes with controllers on */
	if (ret == -EBUSY && v2_self.cpuset &&
	    !write_file(v2_self.home, "cgroup.subtree_control", "-cpuset")) {
		v2_self.cpuset = false;
		ret = write_file(v2_self.home, "cgroup.procs", pid);
	}
	if (ret == -EBUSY && v2_self.enabled &&
	    !write_file(v2_self.home, "cgroup.subtree_control",
			"-memory -pids")) {
		v2_self.enabled = false;
		ret = write_file(v2_self.home, "cgroup.procs", pid);
	}
	if (!ret)
		ret = out_of_home ? remove_cgroup_tree(v2_self.home)
				  : remove_own_children(v2_self.home);
	v2_self.home[0] = v2_self.leaf[0] = v2_self.origin[0] = '\0';
	v2_self.made_home = v2_self.enabled = v2_self.cpuset = false;
	return ret;
}

/*
 * exit() without sandbox_free() (an error path, a command that exits
 * early): the same clean-up. trylock: a thread killed inside the lock
 * must not hang the exit.
 */
static void v2_at_exit(void)
{
	if (pthread_mutex_trylock(&v2_self.lock))
		return;
	if (v2_self.pid == getpid() && v2_self.users > 0) {
		v2_self.users = 0;
		v2_teardown_locked();
	}
	pthread_mutex_unlock(&v2_self.lock);
}

static pthread_once_t v2_exit_once = PTHREAD_ONCE_INIT;

static void v2_register_exit(void)
{
	atexit(v2_at_exit);
}

int cg_v2_enter(const char *own_dir, char *home, size_t home_size, char *leaf,
		size_t leaf_size)
{
	char h[1024], l[1024], name[64];
	leaf_name(name, sizeof(name));
	bool in_leaf = v2_home_of(own_dir, h, sizeof(h));
	if (snprintf(l, sizeof(l), "%s/%s", h, name) >= (int)sizeof(l))
		return -ENAMETOOLONG;
	pthread_once(&v2_exit_once, v2_register_exit);
	int ret = 0;
	pthread_mutex_lock(&v2_self.lock);
	if (v2_self.pid != getpid()) {
		v2_self.pid = getpid();
		v2_self.users = 0;
		v2_self.made_home = v2_self.enabled = v2_self.cpuset = false;
		v2_self.origin[0] = '\0';
	}
	if (v2_self.users && strcmp(v2_self.leaf, l)) {
		ret = -ESTALE; /* moved out of the leaf behind our back */
	} else if (!in_leaf) {
		char pid[32];
		snprintf(pid, sizeof(pid), "%ld", (long)getpid());
		if (mkdir(l, 0755) && errno != EEXIST)
			ret = -errno;
		if (!ret)
			ret = write_file(l, "cgroup.procs", pid);
		if (ret)
			rmdir(l);
	}
	if (!ret) {
		/* in_leaf with no users: a handle before us left it there */
		v2_self.users++;
		snprintf(v2_self.home, sizeof(v2_self.home), "%s", h);
		snprintf(v2_self.leaf, sizeof(v2_self.leaf), "%s", l);
		snprintf(home, home_size, "%s", h);
		snprintf(leaf, leaf_size, "%s", l);
	}
	pthread_mutex_unlock(&v2_self.lock);
	return ret;
}

int cg_v2_leave(void)
{
	int ret = 0;
	pthread_mutex_lock(&v2_self.lock);
	assert(v2_self.pid == getpid() && v2_self.users > 0);
	if (--v2_self.users == 0)
		ret = v2_teardown_locked();
	pthread_mutex_unlock(&v2_self.lock);
	return ret;
}

/* Record what the teardown must undo besides the leaf. */
static void v2_note(bool enabled, const char *origin)
{
	pthread_mutex_lock(&v2_self.lock);
	if (enabled)
		v2_self.enabled = true;
	if (origin) {
		v2_self.made_home = true;
		snprintf(v2_self.origin, sizeof(v2_self.origin), "%s", origin);
	}
	pthread_mutex_unlock(&v2_self.lock);
}

/*
 * Whether the run cgroups in home can have cpuset.cpus: cpuset given to
 * home and turned on for its children (by versus if need be, undone by
 * the teardown); else pinning is by affinity, pin_why says why.
 */
static void probe_pin_v2(struct cg_probe *probe)
{
	const char *home = probe->v2_home;
	char buf[512];
	if (read_small(home, "cgroup.controllers", buf, sizeof(buf)) < 0 ||
	    !has_token(buf, "cpuset")) {
		snprintf(probe->pin_why, sizeof(probe->pin_why),
			 "'cpuset' is not available in '%.800s' (not enabled "
			 "or delegated down to it)",
			 home);
		return;
	}
	if (read_small(home, "cgroup.subtree_control", buf, sizeof(buf)) < 0 ||
	    !has_token(buf, "cpuset")) {
		int ret = write_file(home, "cgroup.subtree_control", "+cpuset");
		if (ret) {
			snprintf(probe->pin_why, sizeof(probe->pin_why),
				 "cannot turn on cpuset in "
				 "'%.800s/cgroup.subtree_control': %s",
				 home, strerror(-ret));
			return;
		}
		if (strcmp(home, probe->unified.mount)) {
			pthread_mutex_lock(&v2_self.lock);
			v2_self.cpuset = true;
			pthread_mutex_unlock(&v2_self.lock);
		}
	}
	probe->pin = SANDBOX_PIN_CPUSET2;
	snprintf(probe->pin_why, sizeof(probe->pin_why),
		 "cgroup v2 cpuset in '%.900s'", home);
}

/* How many processes but this one dir lists; one of them into other. */
static uint64_t count_others(const char *dir, long *other)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	FILE *f = fopen(path, "re");
	if (!f)
		return 0;
	long pid;
	uint64_t n = 0;
	while (fscanf(f, "%ld", &pid) == 1)
		if (pid != (long)getpid()) {
			*other = pid;
			n++;
		}
	fclose(f);
	return n;
}

/*
 * Make own (the cgroup versus is in) the home: move into the leaf beside
 * the run cgroups and turn memory and pids on for home's children. A home
 * that holds other processes cannot (no internal processes, except at the
 * root), so that is refused before anything is touched. Fills why on
 * failure.
 */
static int v2_try_home(struct cg_probe *probe, const char *own, char *why,
		       size_t why_size)
{
	char home[1024], buf[512];
	bool in_leaf = v2_home_of(own, home, sizeof(home));
	bool root = !strcmp(home, probe->unified.mount);
	if (read_small(home, "cgroup.controllers", buf, sizeof(buf)) < 0 ||
	    !has_token(buf, "memory") || !has_token(buf, "pids")) {
		snprintf(why, why_size,
			 "'memory' and 'pids' are not available in '%.400s' "
			 "(not "
			 "delegated to it)",
			 home);
		return -ENOTSUP;
	}
	long other = 0;
	uint64_t others = in_leaf || root ? 0 : count_others(home, &other);
	if (others) {
		snprintf(why, why_size,
			 "'%.400s' holds %llu other process(es) (pid %ld): a "
			 "cgroup with processes cannot give controllers to "
			 "children",
			 home, (unsigned long long)others, other);
		return -EBUSY;
	}
	int ret = cg_v2_enter(own, probe->v2_home, sizeof(probe->v2_home),
			      probe->v2_leaf, sizeof(probe->v2_leaf));
	if (ret) {
		snprintf(why, why_size,
			 "cannot move versus into a leaf of '%.400s': %s", home,
			 strerror(-ret));
		return ret;
	}
	if (read_small(home, "cgroup.subtree_control", buf, sizeof(buf)) < 0 ||
	    !has_token(buf, "memory") || !has_token(buf, "pids")) {
		ret = write_file(home, "cgroup.subtree_control",
				 "+memory +pids");
		if (!ret)
			v2_note(!root, NULL);
	}
	if (ret) {
		snprintf(why, why_size,
			 "cannot turn on memory and pids in "
			 "'%.400s/cgroup.subtree_control': %s",
			 home, strerror(-ret));
		cg_probe_release(probe);
	}
	return ret;
}

/* The limit files whose setting a cgroup made elsewhere would escape. */
static const char *const limit_files[] = {
	"memory.max", "memory.high", "memory.swap.max", "pids.max",
	"cpu.max",    "io.max",	     "cpuset.cpus",	"cpuset.mems",
};

/* Whether dir sets a limit; what says which ("memory.max = 1073741824"). */
static bool sets_limit(const char *dir, char *what, size_t what_size)
{
	for (size_t i = 0; i < sizeof(limit_files) / sizeof(*limit_files);
	     i++) {
		char buf[256];
		if (read_small(dir, limit_files[i], buf, sizeof(buf)) < 0)
			continue; /* controller not on here: no limit */
		buf[strcspn(buf, "\n")] = '\0';
		/* "max", or cpu.max's "max 100000"; the others: empty */
		bool unset = (!strncmp(buf, "max", 3) &&
			      (buf[3] == '\0' || buf[3] == ' ')) ||
			     buf[0] == '\0';
		if (!unset) {
			snprintf(what, what_size, "%s = %.200s", limit_files[i],
				 buf);
			return true;
		}
	}
	return false;
}

/* A batch scheduler's job cgroup (Slurm: job_<id>, slurm*). */
static bool job_cgroup(const char *name)
{
	return (!strncmp(name, "job_", 4) && isdigit((unsigned char)name[4])) ||
	       !strncmp(name, "slurm", 5);
}

/*
 * No systemd scope: a cgroup of its own, "versus-<pid>-home", made beside
 * the cgroup versus is in, or higher up. The rule (README.md, "Modes"):
 * climb from versus's cgroup to the nearest ancestor whose
 * cgroup.subtree_control already gives memory and pids, and only through
 * cgroups that set no limit (memory, swap, pids, cpu, io, cpuset) and are
 * not a batch job's: the new cgroup stays inside every limit versus itself
 * runs under, and never leaves a job. Fills why on failure.
 */
static int v2_dedicated(struct cg_probe *probe, const char *own, char *why,
			size_t why_size)
{
	size_t mlen = strlen(probe->unified.mount);
	char x[1024], parent[1024], what[256], buf[512];
	snprintf(x, sizeof(x), "%s", own);
	for (;;) {
		const char *slash = strrchr(x, '/');
		if (strlen(x) <= mlen || !slash) {
			snprintf(why, why_size,
				 "no cgroup above '%.400s' to make one in", x);
			return -ENOENT;
		}
		if (sets_limit(x, what, sizeof(what))) {
			snprintf(why, why_size,
				 "'%.400s' sets %s: a cgroup made outside it "
				 "would escape that limit",
				 x, what);
			return -EPERM;
		}
		if (job_cgroup(slash + 1)) {
			snprintf(
				why, why_size,
				"'%.400s' is a batch job's cgroup: versus does "
				"not leave it",
				x);
			return -EPERM;
		}
		snprintf(parent, sizeof(parent), "%.*s", (int)(slash - x), x);
		if (read_small(parent, "cgroup.subtree_control", buf,
			       sizeof(buf)) >= 0 &&
		    has_token(buf, "memory") && has_token(buf, "pids"))
			break;
		snprintf(x, sizeof(x), "%s", parent);
	}
	char dir[1100], pid[32];
	snprintf(dir, sizeof(dir), "%s/versus-%ld-home", parent,
		 (long)getpid());
	snprintf(pid, sizeof(pid), "%ld", (long)getpid());
	if (mkdir(dir, 0755) && errno != EEXIST) {
		int e = errno;
		snprintf(why, why_size, "cannot make '%.400s': %s", dir,
			 strerror(e));
		return -e;
	}
	int ret = write_file(dir, "cgroup.procs", pid);
	if (ret) {
		snprintf(why, why_size, "cannot move versus into '%.400s': %s",
			 dir, strerror(-ret));
		rmdir(dir);
		return ret;
	}
	ret = v2_try_home(probe, dir, why, why_size);
	if (ret) {
		write_file(own, "cgroup.procs", pid);
		rmdir(dir);
		return ret;
	}
	v2_note(false, own);
	probe->v2_away = true;
	return 0;
}

/* What to do when no route works: the exact step for this case. */
static const char *v2_fix_hint(bool systemd)
{
	if (systemd && geteuid() == 0)
		return "start versus in a scope of its own: systemd-run "
		       "--scope -p Delegate=yes versus ...";
	if (systemd)
		return "start versus in a scope of its own: systemd-run --user "
		       "--scope -p Delegate=yes versus ... (or make sure the "
		       "user manager delegates: Delegate=yes in "
		       "user@.service)";
	if (geteuid() == 0)
		return "start versus alone in an empty cgroup C whose parent "
		       "has memory and pids on: mkdir C; echo +memory +pids > "
		       "C/../cgroup.subtree_control; sh -c 'echo $$ > "
		       "C/cgroup.procs && exec versus ...'";
	return "ask root for a delegated cgroup: mkdir -p D/shell; chown -R "
	       "YOU D; echo +memory +pids > D/cgroup.subtree_control; echo "
	       "SHELL_PID > D/shell/cgroup.procs; then run versus from that "
	       "shell";
}

#ifdef VERSUS_HAVE_SDBUS
/*
 * Connect to the service manager as systemctl does: its private socket
 * first (no D-Bus daemon needed), else the bus.
 */
static int sd_connect(sd_bus **bus, bool user)
{
	char addr[4200] = "";
	const char *rt = getenv("XDG_RUNTIME_DIR");
	if (!user)
		snprintf(addr, sizeof(addr), "unix:path=/run/systemd/private");
	else if (rt && rt[0] == '/')
		snprintf(addr, sizeof(addr),
			 "unix:path=%.4000s/systemd/private", rt);
	if (addr[0] && sd_bus_new(bus) >= 0) {
		if (sd_bus_set_address(*bus, addr) >= 0 &&
		    sd_bus_start(*bus) >= 0)
			return 0;
		*bus = sd_bus_unref(*bus);
	}
	return user ? sd_bus_open_user(bus) : sd_bus_open_system(bus);
}

/* Our cgroup2 folder now, from /proc/self/cgroup. */
static void own_v2_dir(const char *mount, char *own, size_t own_size)
{
	struct kernel_view kv[3];
	char path[512] = "";
	memset(kv, 0, sizeof(kv));
	find_own_paths(kv, path, sizeof(path));
	snprintf(own, own_size, "%s%s", mount, strcmp(path, "/") ? path : "");
}

/*
 * StartTransientUnit("versus-<pid>-home.scope", PIDs=[us], Delegate=yes)
 * on the system manager (root) or the user's. The job that moves versus
 * runs after the call returns: wait until /proc/self/cgroup names the
 * scope. own gets the scope's folder.
 */
static int sd_scope_start(const char *mount, char *own, size_t own_size,
			  char *why, size_t why_size)
{
	bool user = geteuid() != 0;
	const char *who = user ? "the user's manager" : "the system manager";
	sd_bus *bus = NULL;
	sd_bus_message *m = NULL, *reply = NULL;
	sd_bus_error error = SD_BUS_ERROR_NULL;
	char unit[64];
	snprintf(unit, sizeof(unit), "versus-%ld-home.scope", (long)getpid());
	int r = sd_connect(&bus, user);
	if (r < 0) {
		snprintf(why, why_size, "cannot reach %s: %s", who,
			 strerror(-r));
		goto out;
	}
	r = sd_bus_message_new_method_call(bus, &m, "org.freedesktop.systemd1",
					   "/org/freedesktop/systemd1",
					   "org.freedesktop.systemd1.Manager",
					   "StartTransientUnit");
	if (r >= 0)
		r = sd_bus_message_append(m, "ss", unit, "fail");
	if (r >= 0)
		r = sd_bus_message_open_container(m, 'a', "(sv)");
	if (r >= 0)
		r = sd_bus_message_append(m, "(sv)", "Delegate", "b", 1);
	if (r >= 0)
		r = sd_bus_message_append(m, "(sv)", "PIDs", "au", 1,
					  (uint32_t)getpid());
	/* memory and pids on for the scope, so that it can delegate them */
	if (r >= 0)
		r = sd_bus_message_append(m, "(sv)", "MemoryAccounting", "b",
					  1);
	if (r >= 0)
		r = sd_bus_message_append(m, "(sv)", "TasksAccounting", "b", 1);
	if (r >= 0)
		r = sd_bus_message_append(m, "(sv)", "CollectMode", "s",
					  "inactive-or-failed");
	if (r >= 0)
		r = sd_bus_message_append(m, "(sv)", "Description", "s",
					  "versus: cgroups for its runs");
	if (r >= 0)
		r = sd_bus_message_close_container(m);
	if (r >= 0)
		r = sd_bus_message_append(m, "a(sa(sv))", 0);
	if (r >= 0)
		r = sd_bus_call(bus, m, 0, &error, &reply);
	if (r < 0) {
		snprintf(why, why_size, "%s refused scope %s: %s", who, unit,
			 error.message ? error.message : strerror(-r));
		goto out;
	}
	r = -ETIMEDOUT;
	size_t ulen = strlen(unit);
	for (uint64_t end = sb_now_ns() + EMPTY_TIMEOUT_NS; sb_now_ns() < end;
	     sleep_ns(1000000)) {
		own_v2_dir(mount, own, own_size);
		size_t olen = strlen(own);
		if (olen > ulen && own[olen - ulen - 1] == '/' &&
		    !strcmp(own + olen - ulen, unit)) {
			r = 0;
			break;
		}
	}
	if (r)
		snprintf(why, why_size,
			 "%s made %s but did not move versus into it", who,
			 unit);
out:
	sd_bus_error_free(&error);
	sd_bus_message_unref(m);
	sd_bus_message_unref(reply);
	sd_bus_flush_close_unref(bus);
	return r;
}
#endif

/*
 * Ask systemd for a transient scope with Delegate=yes holding versus
 * (BenchExec does the same): the system manager for root, the user's
 * manager otherwise. On success own is the scope's cgroup and it is the
 * home. Fills why on failure.
 */
static int v2_systemd_scope(struct cg_probe *probe, char *own, size_t own_size,
			    char *why, size_t why_size)
{
	if (access("/run/systemd/system", F_OK)) {
		snprintf(why, why_size, "not running (no /run/systemd/system)");
		return -ENOENT;
	}
#ifdef VERSUS_HAVE_SDBUS
	int ret = sd_scope_start(probe->unified.mount, own, own_size, why,
				 why_size);
	if (!ret)
		ret = v2_try_home(probe, own, why, why_size);
	probe->v2_away = !ret;
	return ret;
#else
	(void)probe;
	(void)own;
	(void)own_size;
	snprintf(why, why_size,
		 "versus was built without libsystemd (sd-bus), so it "
		 "cannot ask for a scope");
	return -ENOSYS;
#endif
}

/*
 * Pure v2: a cgroup with processes cannot hand controllers to children,
 * so versus needs a cgroup where it is alone, and makes the run cgroups
 * beside its leaf there. In order: the cgroup it is in; a systemd scope
 * with Delegate=yes; a cgroup of its own made by the rule of v2_dedicated.
 */
static int probe_v2(struct cg_probe *probe)
{
	char own[1024], why_own[768] = "", why_sd[768] = "",
			why_dedicated[1024] = "", route[1700];
	snprintf(own, sizeof(own), "%s", probe->unified.dir);
	snprintf(route, sizeof(route), "the cgroup versus started in");
	int ret = v2_try_home(probe, own, why_own, sizeof(why_own));
	bool systemd = access("/run/systemd/system", F_OK) == 0;
	if (ret) {
		snprintf(route, sizeof(route),
			 "a systemd scope of its own, because %s", why_own);
		ret = v2_systemd_scope(probe, own, sizeof(own), why_sd,
				       sizeof(why_sd));
	}
	if (ret) {
		snprintf(route, sizeof(route),
			 "a cgroup of its own (no cgroup on the way up sets a "
			 "limit), because %s, and no systemd scope: %s",
			 why_own, why_sd);
		ret = v2_dedicated(probe, own, why_dedicated,
				   sizeof(why_dedicated));
	}
	if (ret) {
		snprintf(probe->why, sizeof(probe->why),
			 "cgroup v2: no cgroup where versus is alone: %s; "
			 "systemd: %s; a cgroup of its own: %s. To fix: %s",
			 why_own, why_sd, why_dedicated, v2_fix_hint(systemd));
		return ret;
	}
	const char *home = probe->v2_home;
	/* home fits: same size */
	snprintf(probe->memory.dir, sizeof(probe->memory.dir), "%.*s",
		 (int)sizeof(probe->memory.dir) - 1, home);
	probe->memory.present = true;
	bool peak = false;
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s/versus-%ld-probe", home, (long)getpid());
	if (!mkdir(dir, 0755)) {
		peak = exists(dir, "memory.peak");
		probe->has_kill = exists(dir, "cgroup.kill");
		probe->has_swap_limit = exists(dir, "memory.swap.max");
		rmdir(dir);
	}
	if (!peak) {
		snprintf(probe->why, sizeof(probe->why),
			 "cgroup v2 without 'memory.peak' (Linux 5.19 or "
			 "later needed)");
		cg_probe_release(probe);
		return -ENOTSUP;
	}
	snprintf(probe->why, sizeof(probe->why),
		 "cgroup v2 at '%.600s', %.1700s (versus in '%.600s'); "
		 "cgroup.kill: "
		 "%s",
		 home, route, probe->v2_leaf, probe->has_kill ? "yes" : "no");
	probe_pin_v2(probe);
	return 0;
}

int cg_probe_init(struct cg_probe *probe, enum sandbox_cgroups want,
		  struct versus_err *err)
{
	memset(probe, 0, sizeof(*probe));
	probe->mode = SANDBOX_MODE_NONE;
	probe->pin = SANDBOX_PIN_AFFINITY; /* until a cpuset is found */
	if (want == SANDBOX_CGROUPS_OFF) {
		snprintf(probe->why, sizeof(probe->why),
			 "cgroups turned off on request");
		snprintf(probe->pin_why, sizeof(probe->pin_why),
			 "cgroups turned off on request");
		return 0;
	}
	/* a disagreement fails in every mode: neither view can be trusted */
	int ret = find_hierarchies(probe);
	if (ret)
		return versus_err_set(err, ret, NULL, 0, 0, "sandbox: %s",
				      probe->why);
	if (probe->memory.mount[0]) {
		ret = probe_v1(probe);
		if (!ret)
			probe->mode = SANDBOX_MODE_CGROUP1;
	} else if (probe->unified.present) {
		ret = probe_v2(probe);
		if (!ret)
			probe->mode = SANDBOX_MODE_CGROUP2;
	} else {
		ret = -ENOENT;
		snprintf(probe->why, sizeof(probe->why),
			 "no cgroup hierarchy is mounted");
	}
	if (ret) {
		probe->pin = SANDBOX_PIN_AFFINITY;
		snprintf(probe->pin_why, sizeof(probe->pin_why),
			 "no cgroup mode: %.1000s", probe->why);
	}
	if (ret && want == SANDBOX_CGROUPS_REQUIRED)
		return versus_err_set(err, ret, NULL, 0, 0,
				      "sandbox: cgroups required but unusable: "
				      "%s",
				      probe->why);
	return 0;
}

void cg_probe_release(struct cg_probe *probe)
{
	if (!probe->v2_leaf[0])
		return;
	int ret = cg_v2_leave();
	if (ret)
		term_warn("sandbox: cannot remove the cgroups versus made in "
			  "'%s': %s",
			  probe->v2_home, strerror(-ret));
	probe->v2_leaf[0] = '\0';
}

/* ---- stale sweep ------------------------------------------------------- */

/*
 * Kill what is in the cgroup at dir and wait (bounded) until it is empty.
 * Returns 0 or -EBUSY.
 */
static int empty_cgroup(const char *dir, bool unified_kill)
{
	if (unified_kill && exists(dir, "cgroup.kill"))
		write_file(dir, "cgroup.kill", "1");
	uint64_t start = sb_now_ns(), count = 1;
	long pause_ns = 20000;
	while (procs_scan(dir, true, &count) == 0 && count > 0) {
		if (sb_now_ns() - start > EMPTY_TIMEOUT_NS)
			return -EBUSY;
		sleep_ns(pause_ns);
		if (pause_ns < 10000000)
			pause_ns *= 2;
	}
	return 0;
}

/*
 * Remove the cgroup at dir; when it still holds processes (EBUSY), kill
 * them, wait until empty and try again.
 */
static int remove_cgroup_dir(const char *dir, bool unified_kill)
{
	if (!rmdir(dir) || errno == ENOENT)
		return 0;
	if (errno != EBUSY)
		return -errno;
	if (empty_cgroup(dir, unified_kill))
		return -EBUSY;
	/* A memory cgroup may take a moment to let go of its last task. */
	for (int i = 0; i < 100; i++) {
		if (!rmdir(dir) || errno == ENOENT)
			return 0;
		if (errno != EBUSY)
			return -errno;
		sleep_ns(1000000);
	}
	return -EBUSY;
}

static bool stale_name(const char *name)
{
	if (strncmp(name, "versus-", 7))
		return false;
	char *end;
	long pid = strtol(name + 7, &end, 10);
	if (end == name + 7 || *end != '-' || pid <= 0)
		return false;
	if (pid == (long)getpid())
		return false;
	return kill((pid_t)pid, 0) < 0 && errno == ESRCH;
}

/*
 * Delete one stale cgroup with libcgroup, emptied first: libcgroup 2.0.2
 * "deletes" a busy cgroup by moving its processes to the parent, where
 * they would keep running. The folder must be gone afterwards; plain
 * rmdir (with its retries) when libcgroup left it.
 */
static int delete_stale(const char *ctrl, const char *rel, const char *dir)
{
	if (empty_cgroup(dir, true))
		return -EBUSY;
	/* a dead versus's own cgroup holds its leaf and run cgroups */
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		char *sub = xstrfmt("%s/%s", dir, e->d_name);
		remove_cgroup_tree(sub);
		free(sub);
	}
	if (d)
		closedir(d);
	struct cgroup *cg = cgroup_new_cgroup(rel);
	if (cg) {
		if (cgroup_add_controller(cg, ctrl))
			cgroup_delete_cgroup_ext(cg, 0);
		cgroup_free(&cg);
	}
	if (access(dir, F_OK) && errno == ENOENT)
		return 0;
	return remove_cgroup_dir(dir, true);
}

/* The stale children of h, found with libcgroup's walk; -1 if unusable. */
static int sweep_lcg(const struct cg_hier *h)
{
	char ctrl[FILENAME_MAX];
	if (!lcg_controller_at(h->mount, ctrl, sizeof(ctrl)))
		return -1;
	const char *rel = h->dir + strlen(h->mount); /* "" or "/a/b" */
	struct strvec stale = STRVEC_INIT;
	struct cgroup_file_info info;
	void *handle = NULL;
	int level = 0;
	int ret = cgroup_walk_tree_begin(ctrl, *rel ? rel : "/", 1, &handle,
					 &info, &level);
	if (ret && !handle)
		return -1;
	for (; !ret; ret = cgroup_walk_tree_next(1, &handle, &info, level))
		if (info.type == CGROUP_FILE_TYPE_DIR && info.depth == 1 &&
		    stale_name(info.path))
			strvec_push(&stale, info.path);
	if (handle)
		cgroup_walk_tree_end(&handle);
	int removed = 0;
	for (size_t i = 0; i < stale.nr; i++) {
		/* relative to the mount, without a leading '/' */
		char *name = *rel ? xstrfmt("%s/%s", rel + 1, stale.v[i])
				  : xstrdup(stale.v[i]);
		char *dir = xstrfmt("%s/%s", h->dir, stale.v[i]);
		if (!delete_stale(ctrl, name, dir))
			removed++;
		free(name);
		free(dir);
	}
	strvec_clear(&stale);
	return removed;
}

/* Fallback for a hierarchy libcgroup has no name for. */
static int sweep_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	int removed = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_type != DT_DIR || !stale_name(e->d_name))
			continue;
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (!remove_cgroup_tree(path))
			removed++;
	}
	closedir(d);
	return removed;
}

static int sweep_hier(const struct cg_hier *h)
{
	int removed = sweep_lcg(h);
	return removed >= 0 ? removed : sweep_dir(h->dir);
}

int cg_sweep_stale(const struct cg_probe *probe)
{
	if (probe->mode == SANDBOX_MODE_NONE)
		return 0;
	int removed = 0;
	if (probe->mode == SANDBOX_MODE_CGROUP2) {
		struct cg_hier home = probe->unified;
		snprintf(home.dir, sizeof(home.dir), "%.*s",
			 (int)sizeof(home.dir) - 1, probe->v2_home);
		removed = sweep_hier(&home);
		/* a scope or versus-<pid>-home: where dead ones' are too */
		char *slash = strrchr(home.dir, '/');
		if (probe->v2_away && slash &&
		    slash - home.dir > (long)strlen(home.mount)) {
			*slash = '\0';
			removed += sweep_hier(&home);
		}
		return removed;
	}
	/* unified first: its cgroup.kill empties the v1 twins too */
	if (probe->unified.present)
		removed += sweep_hier(&probe->unified);
	removed += sweep_hier(&probe->pids);
	removed += sweep_hier(&probe->memory);
	removed += sweep_hier(&probe->cpuacct);
	if (probe->pin == SANDBOX_PIN_CPUSET1)
		removed += sweep_hier(&probe->cpuset);
	return removed;
}

/* ---- per run ----------------------------------------------------------- */

/* Where processes are listed and killed: unified, or pids on pure v1. */
static const char *membership_dir(const struct cg_run *run)
{
	if (run->unified[0])
		return run->unified;
	if (run->pids[0])
		return run->pids;
	return run->memory;
}

/*
 * v1: one cgroup in hierarchy h, its values written in order (out is set
 * once the folder exists, so that cg_run_destroy removes it).
 */
static int create_v1(const struct cg_hier *h, const char *name, char *out,
		     size_t out_size, const char *const *kv,
		     struct versus_err *err)
{
	char dir[1024];
	if (snprintf(dir, sizeof(dir), "%s/%s", h->dir, name) >=
	    (int)sizeof(dir))
		return versus_err_set(err, -ENAMETOOLONG, NULL, 0, 0,
				      "sandbox: cgroup path too long");
	if (mkdir(dir, 0755))
		return versus_err_set(err, -errno, NULL, 0, 0,
				      "sandbox: cannot create cgroup '%s': %s",
				      dir, strerror(errno));
	snprintf(out, out_size, "%s", dir);
	for (size_t i = 0; kv && kv[i]; i += 2) {
		int ret = write_file(dir, kv[i], kv[i + 1]);
		if (ret)
			return versus_err_set(err, ret, NULL, 0, 0,
					      "sandbox: cannot write '%s' to "
					      "'%s/%s': %s",
					      kv[i + 1], dir, kv[i],
					      strerror(-ret));
	}
	return 0;
}

static int check_limit(const char *dir, const char *file, const char *want,
		       struct versus_err *err)
{
	char buf[1024];
	if (read_small(dir, file, buf, sizeof(buf)) < 0)
		return versus_err_set(err, -EIO, NULL, 0, 0,
				      "sandbox: cannot read '%s/%s'", dir,
				      file);
	buf[strcspn(buf, "\n")] = '\0';
	if (strcmp(buf, want))
		return versus_err_set(err, -EIO, NULL, 0, 0,
				      "sandbox: '%s/%s' is '%s', not '%s'", dir,
				      file, buf, want);
	return 0;
}

/* Whether file in dir reads as the number want. */
static bool reads_as(const char *dir, const char *file, uint64_t want)
{
	uint64_t v = 0;
	return !read_u64(dir, file, &v) && v == want;
}

/* See cg_run_create: whether kept's v1 cgroups can serve spec's run. */
static bool kept_as_new(const struct cg_run *kept,
			const struct sandbox_spec *spec)
{
	if (!kept->active || !kept->pids[0] || !kept->cpuacct[0] ||
	    kept->pids_limit != spec->pids_limit)
		return false;
	/* pids.current counts every task (threads too) until it is reaped */
	uint64_t populated = 1;
	if (!reads_as(kept->pids, "pids.current", 0) ||
	    (kept->unified[0] && (read_keyed(kept->unified, "cgroup.events",
					     "populated", &populated) ||
				  populated)))
		return false;
	/*
	 * pids.max was written and read back when the cgroup was made
	 * (kept->pids_limit), and no process of a run can write it; with
	 * the cgroups empty nothing adds CPU after the reset.
	 */
	return !write_file(kept->cpuacct, "cpuacct.usage", "0");
}

/*
 * v1: a cpuset cgroup of the run's own, with versus's memory nodes and
 * cpus (which must lie within versus's cpuset: the kernel refuses others).
 */
static int create_cpuset_v1(const struct cg_probe *probe, struct cg_run *run,
			    const char *cpus, struct versus_err *err)
{
	char mems[256];
	if (read_small(probe->cpuset.dir, "cpuset.mems", mems, sizeof(mems)) <
	    0)
		return versus_err_set(err, -EIO, NULL, 0, 0,
				      "sandbox: cannot read '%s/cpuset.mems'",
				      probe->cpuset.dir);
	mems[strcspn(mems, "\n")] = '\0';
	const char *kv[] = {"cpuset.mems", mems, "cpuset.cpus", cpus, NULL};
	int ret = create_v1(&probe->cpuset, run->name, run->cpuset,
			    sizeof(run->cpuset), kv, err);
	return ret ? ret : check_limit(run->cpuset, "cpuset.cpus", cpus, err);
}

/* v1: the run's memory cgroup, its limits written and checked. */
static int create_memory_v1(const struct cg_probe *probe, struct cg_run *run,
			    const struct sandbox_spec *spec,
			    struct versus_err *err)
{
	char mem[32];
	snprintf(mem, sizeof(mem), "%llu",
		 (unsigned long long)spec->memory_limit_bytes);
	const char *mem_kv[7] = {NULL};
	size_t n = 0;
	if (spec->memory_limit_bytes) {
		mem_kv[n++] = "memory.limit_in_bytes";
		mem_kv[n++] = mem;
		/* memory+swap = memory: swap off for this cgroup */
		if (probe->has_swap_limit) {
			mem_kv[n++] = "memory.memsw.limit_in_bytes";
			mem_kv[n++] = mem;
		}
	}
	if (!probe->has_swap_limit) {
		mem_kv[n++] = "memory.swappiness";
		mem_kv[n++] = "0";
	}
	int ret = create_v1(&probe->memory, run->name, run->memory,
			    sizeof(run->memory), mem_kv, err);
	if (!ret && spec->memory_limit_bytes)
		ret = check_limit(run->memory, "memory.limit_in_bytes", mem,
				  err);
	return ret;
}

/*
 * Whether spare (cg_spare_create) was made for spec's limits. Nothing can
 * have joined it: only versus knows its name, and no run sees the cgroup
 * file system.
 */
static bool spare_fits(const struct cg_run *spare,
		       const struct sandbox_spec *spec, const char *cpus)
{
	return spare && spare->active && spare->memory[0] && !cpus &&
	       spare->memory_limit == spec->memory_limit_bytes &&
	       spare->pids_limit == spec->pids_limit;
}

/* Take spare's memory cgroup (v2: its only one) into run. */
static void take_spare(struct cg_run *run, struct cg_run *spare)
{
	memcpy(run->memory, spare->memory, sizeof(run->memory));
	memset(spare, 0, sizeof(*spare));
}

static int create_run_v1(const struct cg_probe *probe, struct cg_run *run,
			 const struct sandbox_spec *spec, const char *cpus,
			 struct cg_run *kept, struct cg_run *spare,
			 struct versus_err *err)
{
	char pids[32];
	snprintf(pids, sizeof(pids), "%llu",
		 (unsigned long long)spec->pids_limit);
	const char *pids_kv[3] = {NULL};
	if (spec->pids_limit) {
		pids_kv[0] = "pids.max";
		pids_kv[1] = pids;
	}
	int ret = 0;
	if (spare_fits(spare, spec, cpus))
		take_spare(run, spare);
	else
		ret = create_memory_v1(probe, run, spec, err);
	if (!ret && cpus)
		ret = create_cpuset_v1(probe, run, cpus, err);
	if (ret)
		return ret;
	if (kept && kept_as_new(kept, spec)) {
		memcpy(run->pids, kept->pids, sizeof(run->pids));
		memcpy(run->cpuacct, kept->cpuacct, sizeof(run->cpuacct));
		memcpy(run->unified, kept->unified, sizeof(run->unified));
		memset(kept, 0, sizeof(*kept));
		return 0;
	}
	if (kept && (ret = cg_run_destroy(probe, kept, err)))
		return ret;
	ret = create_v1(&probe->pids, run->name, run->pids, sizeof(run->pids),
			pids_kv, err);
	if (!ret)
		ret = create_v1(&probe->cpuacct, run->name, run->cpuacct,
				sizeof(run->cpuacct), NULL, err);
	if (!ret && spec->pids_limit)
		ret = check_limit(run->pids, "pids.max", pids, err);
	if (!ret && probe->unified.present) {
		snprintf(run->unified, sizeof(run->unified), "%s/%s",
			 probe->unified.dir, run->name);
		if (mkdir(run->unified, 0755))
			ret = versus_err_set(
				err, -errno, NULL, 0, 0,
				"sandbox: cannot create cgroup '%s': %s",
				run->unified, strerror(errno));
	}
	return ret;
}

static int create_run_v2(struct cg_run *run, const char *home,
			 const struct sandbox_spec *spec, const char *cpus,
			 struct versus_err *err)
{
	if (snprintf(run->memory, sizeof(run->memory), "%s/%s", home,
		     run->name) >= (int)sizeof(run->memory))
		return versus_err_set(err, -ENAMETOOLONG, NULL, 0, 0,
				      "sandbox: cgroup path too long");
	if (mkdir(run->memory, 0755))
		return versus_err_set(err, -errno, NULL, 0, 0,
				      "sandbox: cannot create cgroup '%s': %s",
				      run->memory, strerror(errno));
	char v[32];
	int ret = 0;
	if (spec->memory_limit_bytes) {
		snprintf(v, sizeof(v), "%llu",
			 (unsigned long long)spec->memory_limit_bytes);
		ret = write_file(run->memory, "memory.max", v);
		if (!ret)
			ret = write_file(run->memory, "memory.swap.max", "0");
		if (ret == -ENOENT)
			ret = 0; /* no swap accounting: no swap to limit */
	}
	if (!ret && spec->pids_limit) {
		snprintf(v, sizeof(v), "%llu",
			 (unsigned long long)spec->pids_limit);
		ret = write_file(run->memory, "pids.max", v);
	}
	if (!ret && cpus)
		ret = write_file(run->memory, "cpuset.cpus", cpus);
	if (ret)
		return versus_err_set(err, ret, NULL, 0, 0,
				      "sandbox: cannot set limits in '%s': %s",
				      run->memory, strerror(-ret));
	/* v2 falls back to the parent's CPUs where cpus is out of reach */
	return cpus ? check_limit(run->memory, "cpuset.cpus.effective", cpus,
				  err)
		    : 0;
}

int cg_run_create(const struct cg_probe *probe, struct cg_run *run,
		  const char *name, const struct sandbox_spec *spec,
		  const char *cpus, struct cg_run *kept, struct cg_run *spare,
		  struct versus_err *err)
{
	memset(run, 0, sizeof(*run));
	snprintf(run->name, sizeof(run->name), "%s", name);
	run->pids_limit = spec->pids_limit;
	run->memory_limit = spec->memory_limit_bytes;
	if (probe->mode == SANDBOX_MODE_NONE)
		return 0;
	run->active = true;
	int ret = 0;
	if (probe->mode == SANDBOX_MODE_CGROUP2) {
		if (spare_fits(spare, spec, cpus))
			take_spare(run, spare);
		else
			ret = create_run_v2(run, probe->v2_home, spec, cpus,
					    err);
	} else {
		ret = create_run_v1(probe, run, spec, cpus, kept, spare, err);
	}
	/* a spare made for other limits goes */
	struct versus_err spare_err;
	if (spare && spare->active &&
	    cg_run_destroy(probe, spare, &spare_err) && !ret)
		ret = versus_err_set(err, spare_err.code, NULL, 0, 0, "%s",
				     spare_err.message);
	return ret;
}

int cg_spare_create(const struct cg_probe *probe, struct cg_run *spare,
		    const char *name, const struct sandbox_spec *spec,
		    struct versus_err *err)
{
	memset(spare, 0, sizeof(*spare));
	if (probe->mode == SANDBOX_MODE_NONE)
		return 0;
	snprintf(spare->name, sizeof(spare->name), "%s", name);
	spare->pids_limit = spec->pids_limit;
	spare->memory_limit = spec->memory_limit_bytes;
	spare->active = true;
	int ret =
		probe->mode == SANDBOX_MODE_CGROUP2
			? create_run_v2(spare, probe->v2_home, spec, NULL, err)
			: create_memory_v1(probe, spare, spec, err);
	struct versus_err ignored;
	if (ret)
		cg_run_destroy(probe, spare, &ignored);
	return ret;
}

void cg_run_keep(const struct cg_probe *probe, struct cg_run *run,
		 struct cg_run *kept)
{
	assert(!kept->active);
	if (!run->active || probe->mode != SANDBOX_MODE_CGROUP1)
		return;
	*kept = *run;
	kept->memory[0] = kept->cpuset[0] = '\0';
	run->pids[0] = run->cpuacct[0] = run->unified[0] = '\0';
}

size_t cg_run_dirs(const struct cg_run *run, const char **dirs)
{
	size_t n = 0;
	const char *all[CG_RUN_MAX_DIRS] = {run->unified, run->memory,
					    run->pids, run->cpuacct,
					    run->cpuset};
	for (int i = 0; run->active && i < CG_RUN_MAX_DIRS; i++)
		if (all[i][0])
			dirs[n++] = all[i];
	dirs[n] = NULL;
	return n;
}

static int dir_index(const struct cg_run *run, const char *want)
{
	const char *dirs[CG_RUN_MAX_DIRS + 1];
	size_t n = cg_run_dirs(run, dirs);
	for (size_t i = 0; i < n; i++)
		if (dirs[i] == want)
			return (int)i;
	return -1;
}

int cg_run_count_index(const struct cg_run *run)
{
	return dir_index(run, run->pids[0] ? run->pids : run->memory);
}

int cg_run_cpu_index(const struct cg_run *run)
{
	/* as cg_run_cpu_ns() reads it */
	return dir_index(run, run->cpuacct[0] ? run->cpuacct : run->memory);
}

int cg_run_cpu_ns(const struct cg_run *run, uint64_t *cpu_ns)
{
	if (run->cpuacct[0])
		return read_u64(run->cpuacct, "cpuacct.usage", cpu_ns);
	uint64_t usec;
	int ret = read_keyed(run->memory, "cpu.stat", "usage_usec", &usec);
	if (!ret)
		*cpu_ns = usec * 1000;
	return ret;
}

int cg_run_memory_bytes(const struct cg_probe *probe, const struct cg_run *run,
			uint64_t *bytes)
{
	if (!run->active)
		return -ENOENT;
	return read_u64(run->memory,
			probe->mode == SANDBOX_MODE_CGROUP1
				? "memory.usage_in_bytes"
				: "memory.current",
			bytes);
}

int cg_run_count(const struct cg_run *run, uint64_t *count)
{
	*count = 0;
	if (!run->active)
		return 0;
	return procs_scan(membership_dir(run), false, count);
}

int cg_run_kill(const struct cg_probe *probe, const struct cg_run *run)
{
	if (!run->active)
		return 0;
	const char *dir = membership_dir(run);
	uint64_t start = sb_now_ns(), count = 0;
	/* Nothing inside: nothing can enter by itself either. */
	if (procs_scan(dir, false, &count) == 0 && count == 0)
		return 0;
	bool atomic =
		probe->has_kill && write_file(dir, "cgroup.kill", "1") == 0;
	if (atomic) {
		int ret = wait_unpopulated(dir, start + EMPTY_TIMEOUT_NS);
		if (ret == 0 || ret == -ETIMEDOUT)
			return ret ? -EBUSY : 0;
		/* no usable cgroup.events: scan below */
	}
	long pause_ns = 10000;
	/*
	 * Without cgroup.kill, kill in rounds: a process may fork between
	 * our read and our kill, but pids.max bounds how long that can go.
	 */
	while (procs_scan(dir, !atomic, &count) == 0 && count > 0) {
		if (sb_now_ns() - start > EMPTY_TIMEOUT_NS)
			return -EBUSY;
		sleep_ns(pause_ns);
		if (pause_ns < 5000000)
			pause_ns *= 2;
	}
	return 0;
}

void cg_run_read(const struct cg_probe *probe, const struct cg_run *run,
		 uint64_t setup_cpu_ns, struct sandbox_result *result)
{
	if (!run->active)
		return;
	uint64_t v = 0;
	if (!cg_run_cpu_ns(run, &v))
		result->cpu_ns = v > setup_cpu_ns ? v - setup_cpu_ns : 0;
	if (probe->mode == SANDBOX_MODE_CGROUP1) {
		if (!read_u64(run->memory, "memory.max_usage_in_bytes", &v)) {
			result->peak_memory_bytes = v;
			result->memory_source =
				"cgroup1 memory.max_usage_in_bytes";
		}
		if (!read_keyed(run->memory, "memory.oom_control", "oom_kill",
				&v))
			result->oom_kills = v;
	} else {
		if (!read_u64(run->memory, "memory.peak", &v)) {
			result->peak_memory_bytes = v;
			result->memory_source = "cgroup2 memory.peak";
		}
		if (!read_keyed(run->memory, "memory.events", "oom_kill", &v))
			result->oom_kills = v;
	}
}

int cg_run_destroy(const struct cg_probe *probe, struct cg_run *run,
		   struct versus_err *err)
{
	if (!run->active)
		return 0;
	int ret = 0, r;
	/* unified first: what it kills leaves the v1 twins too */
	const char *order[5] = {run->unified, run->memory, run->pids,
				run->cpuacct, run->cpuset};
	for (int i = 0; i < 5; i++)
		if (order[i][0] && (r = remove_cgroup_dir(order[i], true)))
			ret = r;
	const char *dirs[5] = {run->memory, run->pids, run->cpuacct,
			       run->unified, run->cpuset};
	for (int i = 0; i < 5; i++)
		if (dirs[i][0] && access(dirs[i], F_OK) == 0)
			return versus_err_set(err, ret ? ret : -EBUSY, NULL, 0,
					      0,
					      "sandbox: cgroup '%s' is still "
					      "there after removal",
					      dirs[i]);
	run->active = false;
	return ret ? versus_err_set(err, ret, NULL, 0, 0,
				    "sandbox: cannot remove cgroup '%s': %s",
				    run->name, strerror(-ret))
		   : 0;
}
