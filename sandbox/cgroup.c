/*
 * cgroup.c: the run's cgroups. Probe the mode once; per run make a fresh
 * cgroup in each hierarchy (limits written and read back before the child
 * starts), name the folders the child attaches itself to, poll its CPU,
 * kill what is left when the main process ends, read the counters, delete,
 * and check the folders are gone.
 *
 * Every hierarchy is handled with plain mkdir, writes and rmdir. libcgroup
 * 2.0.2 did the v1 cgroups at first, but it re-reads /proc/mounts and
 * chowns every control file on each call: 1.6 ms of a run's 4.5 ms, where
 * the kernel's own mkdir + rmdir take 0.3 ms; and its pitfalls (DESIGN.md
 * §7: "deleting" a busy cgroup moves its processes out, v2 creation writes
 * to ancestors) are gone with it. rmdir of a cgroup that still has a
 * process fails with EBUSY, so a successful rmdir also proves it empty.
 */
#include "sandbox_int.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/alloc.h"
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

/* ---- probe ------------------------------------------------------------- */

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

/* Fill the mount points of the v1 controllers and of cgroup2. */
static void find_mounts(struct cg_probe *probe, char *v2_root,
			size_t v2_root_size)
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
		struct cg_hier *h[3] = {&probe->memory, &probe->pids,
					&probe->cpuacct};
		const char *names[3] = {"memory", "pids", "cpuacct"};
		if (!strcmp(fstype, "cgroup")) {
			for (int i = 0; i < 3; i++)
				if (has_token(sopts, names[i]) &&
				    !h[i]->mount[0] && !strcmp(root, "/"))
					snprintf(h[i]->mount,
						 sizeof(h[i]->mount), "%s",
						 mnt);
		} else if (!strcmp(fstype, "cgroup2") &&
			   !probe->unified.mount[0] && !strcmp(root, "/")) {
			snprintf(probe->unified.mount,
				 sizeof(probe->unified.mount), "%s", mnt);
			snprintf(v2_root, v2_root_size, "%s", root);
		}
	}
	fclose(f);
}

/* Fill each hierarchy's dir from /proc/self/cgroup. */
static void find_own_cgroups(struct cg_probe *probe)
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
		struct cg_hier *targets[4];
		int nt = 0;
		if (!strcmp(line, "0") && !*ctrls)
			targets[nt++] = &probe->unified;
		if (has_token(ctrls, "memory"))
			targets[nt++] = &probe->memory;
		if (has_token(ctrls, "pids"))
			targets[nt++] = &probe->pids;
		if (has_token(ctrls, "cpuacct"))
			targets[nt++] = &probe->cpuacct;
		for (int i = 0; i < nt; i++) {
			struct cg_hier *h = targets[i];
			if (!h->mount[0])
				continue;
			snprintf(h->dir, sizeof(h->dir), "%s%s", h->mount,
				 strcmp(path, "/") ? path : "");
			struct stat st;
			h->present =
				stat(h->dir, &st) == 0 && S_ISDIR(st.st_mode);
		}
	}
	fclose(f);
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

static int probe_v1(struct cg_probe *probe)
{
	const struct cg_hier *h[3] = {&probe->memory, &probe->pids,
				      &probe->cpuacct};
	const char *names[3] = {"memory", "pids", "cpuacct"};
	for (int i = 0; i < 3; i++) {
		if (!h[i]->present) {
			snprintf(probe->why, sizeof(probe->why),
				 "no cgroup v1 '%s' controller mounted",
				 names[i]);
			return -ENOENT;
		}
		int ret = try_mkdir(h[i]->dir, names[i], probe->why,
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
	return 0;
}

/*
 * Pure v2: a cgroup with processes cannot hand controllers to children,
 * so versus moves itself into a leaf of its own and makes the run cgroups
 * beside it.
 */
static int probe_v2(struct cg_probe *probe)
{
	const char *home = probe->unified.dir;
	char buf[512];
	if (read_small(home, "cgroup.controllers", buf, sizeof(buf)) < 0 ||
	    !has_token(buf, "memory") || !has_token(buf, "pids")) {
		snprintf(probe->why, sizeof(probe->why),
			 "cgroup v2: 'memory' and 'pids' are not available in "
			 "'%s' (not delegated? try systemd-run --user --scope "
			 "-p Delegate=yes)",
			 home);
		return -ENOTSUP;
	}
	snprintf(probe->v2_home, sizeof(probe->v2_home), "%s", home);
	snprintf(probe->v2_leaf, sizeof(probe->v2_leaf), "%s/versus-%ld-self",
		 home, (long)getpid());
	char pid[32];
	snprintf(pid, sizeof(pid), "%ld", (long)getpid());
	int ret = 0;
	if (mkdir(probe->v2_leaf, 0755) && errno != EEXIST)
		ret = -errno;
	if (!ret)
		ret = write_file(probe->v2_leaf, "cgroup.procs", pid);
	if (!ret &&
	    (read_small(home, "cgroup.subtree_control", buf, sizeof(buf)) < 0 ||
	     !has_token(buf, "memory") || !has_token(buf, "pids")))
		ret = write_file(home, "cgroup.subtree_control",
				 "+memory +pids");
	if (ret) {
		snprintf(probe->why, sizeof(probe->why),
			 "cgroup v2: cannot set up '%s' (%s): run versus in a "
			 "cgroup of its own (systemd-run --user --scope -p "
			 "Delegate=yes versus ...)",
			 home, strerror(-ret));
		cg_probe_release(probe);
		return ret;
	}
	snprintf(probe->memory.dir, sizeof(probe->memory.dir), "%s", home);
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
		 "cgroup v2 at '%s' (versus in '%s'); cgroup.kill: %s", home,
		 probe->v2_leaf, probe->has_kill ? "yes" : "no");
	return 0;
}

int cg_probe_init(struct cg_probe *probe, enum sandbox_cgroups want,
		  struct versus_err *err)
{
	memset(probe, 0, sizeof(*probe));
	probe->mode = SANDBOX_MODE_NONE;
	if (want == SANDBOX_CGROUPS_OFF) {
		snprintf(probe->why, sizeof(probe->why),
			 "cgroups turned off on request");
		return 0;
	}
	char v2_root[512] = "";
	find_mounts(probe, v2_root, sizeof(v2_root));
	find_own_cgroups(probe);
	int ret;
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
	char pid[32];
	snprintf(pid, sizeof(pid), "%ld", (long)getpid());
	write_file(probe->v2_home, "cgroup.procs", pid);
	rmdir(probe->v2_leaf);
	probe->v2_leaf[0] = '\0';
}

/* ---- stale sweep ------------------------------------------------------- */

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
		if (!remove_cgroup_dir(path, true))
			removed++;
	}
	closedir(d);
	return removed;
}

int cg_sweep_stale(const struct cg_probe *probe)
{
	if (probe->mode == SANDBOX_MODE_NONE)
		return 0;
	int removed = 0;
	/* unified first: its cgroup.kill empties the v1 twins too */
	if (probe->unified.present)
		removed += sweep_dir(probe->mode == SANDBOX_MODE_CGROUP2
					     ? probe->v2_home
					     : probe->unified.dir);
	if (probe->mode == SANDBOX_MODE_CGROUP1) {
		removed += sweep_dir(probe->pids.dir);
		removed += sweep_dir(probe->memory.dir);
		removed += sweep_dir(probe->cpuacct.dir);
	}
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
	char buf[64];
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

static int create_run_v1(const struct cg_probe *probe, struct cg_run *run,
			 const struct sandbox_spec *spec,
			 struct versus_err *err)
{
	char mem[32], pids[32];
	snprintf(mem, sizeof(mem), "%llu",
		 (unsigned long long)spec->memory_limit_bytes);
	snprintf(pids, sizeof(pids), "%llu",
		 (unsigned long long)spec->pids_limit);
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
	const char *pids_kv[3] = {NULL};
	if (spec->pids_limit) {
		pids_kv[0] = "pids.max";
		pids_kv[1] = pids;
	}
	int ret = create_v1(&probe->memory, run->name, run->memory,
			    sizeof(run->memory), mem_kv, err);
	if (!ret)
		ret = create_v1(&probe->pids, run->name, run->pids,
				sizeof(run->pids), pids_kv, err);
	if (!ret)
		ret = create_v1(&probe->cpuacct, run->name, run->cpuacct,
				sizeof(run->cpuacct), NULL, err);
	if (!ret && spec->memory_limit_bytes)
		ret = check_limit(run->memory, "memory.limit_in_bytes", mem,
				  err);
	if (!ret && spec->pids_limit)
		ret = check_limit(run->pids, "pids.max", pids, err);
	return ret;
}

static int create_run_v2(struct cg_run *run, const char *home,
			 const struct sandbox_spec *spec,
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
	if (ret)
		return versus_err_set(err, ret, NULL, 0, 0,
				      "sandbox: cannot set limits in '%s': %s",
				      run->memory, strerror(-ret));
	return 0;
}

int cg_run_create(const struct cg_probe *probe, struct cg_run *run,
		  const char *name, const struct sandbox_spec *spec,
		  struct versus_err *err)
{
	memset(run, 0, sizeof(*run));
	snprintf(run->name, sizeof(run->name), "%s", name);
	if (probe->mode == SANDBOX_MODE_NONE)
		return 0;
	run->active = true;
	if (probe->mode == SANDBOX_MODE_CGROUP2)
		return create_run_v2(run, probe->v2_home, spec, err);
	int ret = create_run_v1(probe, run, spec, err);
	if (!ret && probe->unified.present) {
		snprintf(run->unified, sizeof(run->unified), "%s/%s",
			 probe->unified.dir, name);
		if (mkdir(run->unified, 0755))
			ret = versus_err_set(
				err, -errno, NULL, 0, 0,
				"sandbox: cannot create cgroup '%s': %s",
				run->unified, strerror(errno));
	}
	return ret;
}

size_t cg_run_dirs(const struct cg_run *run, const char **dirs)
{
	size_t n = 0;
	const char *all[CG_RUN_MAX_DIRS] = {run->unified, run->memory,
					    run->pids, run->cpuacct};
	for (int i = 0; run->active && i < CG_RUN_MAX_DIRS; i++)
		if (all[i][0])
			dirs[n++] = all[i];
	dirs[n] = NULL;
	return n;
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
		 struct sandbox_result *result)
{
	if (!run->active)
		return;
	uint64_t v = 0;
	if (!cg_run_cpu_ns(run, &v))
		result->cpu_ns = v;
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
	const char *order[4] = {run->unified, run->memory, run->pids,
				run->cpuacct};
	for (int i = 0; i < 4; i++)
		if (order[i][0] && (r = remove_cgroup_dir(order[i], true)))
			ret = r;
	const char *dirs[4] = {run->memory, run->pids, run->cpuacct,
			       run->unified};
	for (int i = 0; i < 4; i++)
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
