/*
 * mount.c: the box's file system view, built by the keeper in its own
 * mount namespace (keeper side only; the launcher prepares struct
 * box_view). Everything is read-only but one tmpfs per run, capped at the
 * disk limit, that holds the fresh work folder, /tmp, /var/tmp and
 * /dev/shm, and the folders the spec names writable (a build's). /dev is
 * a small read-only tmpfs with null, zero, full, random and urandom bound
 * from the host, shm a link into the run's tmpfs (no tty, no pts); /proc is a
 * fresh proc of the run's PID namespace; /run and every cgroup mount are
 * covered by an empty read-only tmpfs. After each run the keeper replaces the
 * run's tmpfs with a fresh one (box_view_reset), and everything the run wrote
 * goes with it.
 *
 * The keeper is a fork of the launcher: plain system calls, buffers on its
 * own stack.
 */
#include "sandbox_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/banned.h"

#define TMP_VAR_TMP "/tmp/.versus-var-tmp"
#define TMP_SHM	    "/tmp/.versus-shm"

static const char *const dev_nodes[] = {"/dev/null", "/dev/zero", "/dev/full",
					"/dev/random", "/dev/urandom"};
#define DEV_NODES (sizeof(dev_nodes) / sizeof(dev_nodes[0]))

/* Where the box has folders of its own; homes: how deep a bind goes. */
static const struct {
	const char *dir;
	int depth; /* components kept below dir; 0: the whole path */
} covered[] = {{"/tmp", 0},	{"/var/tmp", 0}, {"/dev", 0}, {"/run", 0},
	       {"/var/run", 0}, {"/root", 1},	 {"/home", 2}};

bool box_covered(const char *path, size_t *bind_len)
{
	for (size_t i = 0; i < sizeof(covered) / sizeof(covered[0]); i++) {
		size_t n = strlen(covered[i].dir);
		if (strncmp(path, covered[i].dir, n) ||
		    (path[n] != '/' && path[n] != '\0'))
			continue;
		/*
		 * In a home, bind the folder just below it (a toolchain such
		 * as ~/.rustup, a checkout) rather than one of its folders.
		 */
		size_t len = strlen(path);
		if (!covered[i].depth && len == n)
			return false; /* the box's own /tmp, /dev...: never */
		if (covered[i].depth) {
			const char *p = path + n;
			for (int d = 0; d < covered[i].depth && *p; d++) {
				p = strchr(p + 1, '/');
				if (!p) {
					p = path + len;
					break;
				}
			}
			len = (size_t)(p - path);
		}
		*bind_len = len;
		return true;
	}
	return false;
}

bool box_replaces_folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t len = slash ? (size_t)(slash - path) : 0;
	for (size_t i = 0; i < sizeof(covered) / sizeof(covered[0]); i++)
		if (!covered[i].depth && strlen(covered[i].dir) == len &&
		    !strncmp(path, covered[i].dir, len))
			return true;
	return false;
}

bool box_way_closed(const char *path)
{
	return box_way_closed_from(path, 1);
}

bool box_way_closed_from(const char *path, size_t from)
{
	char buf[4096];
	size_t len = strlen(path);
	if (len >= sizeof(buf) || from < 1)
		return false;
	memcpy(buf, path, len + 1);
	for (size_t i = from; i < len; i++) {
		if (buf[i] != '/')
			continue;
		buf[i] = '\0';
		struct stat st;
		bool closed = !stat(buf, &st) && S_ISDIR(st.st_mode) &&
			      !(st.st_mode & S_IXOTH);
		buf[i] = '/';
		if (closed)
			return true;
	}
	return false;
}

const char *box_view_step_name(enum box_view_step step)
{
	switch (step) {
	case BOX_VIEW_PRIVATE:
		return "private mounts";
	case BOX_VIEW_CLONE:
		return "clone /dev nodes and writable folders";
	case BOX_VIEW_READONLY:
		return "read-only /";
	case BOX_VIEW_TMP:
		return "tmpfs on /tmp";
	case BOX_VIEW_VAR_TMP:
		return "/var/tmp";
	case BOX_VIEW_DEV:
		return "/dev";
	case BOX_VIEW_PROC:
		return "/proc";
	case BOX_VIEW_HIDE:
		return "cover /run and cgroup mounts";
	case BOX_VIEW_WRITABLE:
		return "writable folders";
	}
	return "?";
}

/*
 * mkdir with exactly mode (the callers clear the umask), and an existing
 * folder is fine.
 */
static int make_dir(const char *path, mode_t mode)
{
	if (!mkdir(path, mode))
		return 0;
	if (errno != EEXIST)
		return -errno;
	return chmod(path, mode) ? -errno : 0;
}

/*
 * Make the folders of path that are missing (a writable folder inside the
 * run's /tmp); the read-only rest already has them or fails later.
 */
static void make_parents(const char *path)
{
	char buf[4096];
	size_t len = strlen(path);
	if (len >= sizeof(buf))
		return;
	memcpy(buf, path, len + 1);
	for (size_t i = 1; i <= len; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		char c = buf[i];
		buf[i] = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST) {
			/* read-only or missing: move_mount says */
		}
		buf[i] = c;
	}
}

/* Whether the box's uid (its own gid, no other groups) may search st. */
static bool searchable(const struct stat *st, uid_t owner)
{
	if (st->st_uid == owner)
		return st->st_mode & S_IXUSR;
	if (st->st_gid == (gid_t)owner)
		return st->st_mode & S_IXGRP;
	return st->st_mode & S_IXOTH;
}

/*
 * A bind (or a way cover) just made at path[0..len): if it sits on the
 * run's tmpfs (its folder is there: under /tmp, /var/tmp or /dev/shm) and
 * is not inside one noted before it (which carries it along), note it and
 * the identity of its root, for box_view_reset to move it onto the next
 * run's tmpfs.
 */
static void note_on_tmp(struct box_view_marks *mk, const char *path, size_t len)
{
	char buf[4096];
	struct stat root, parent;
	if (len >= sizeof(buf)) {
		mk->overflow = true;
		return;
	}
	memcpy(buf, path, len);
	buf[len] = '\0';
	char *slash = strrchr(buf, '/');
	if (!slash || slash == buf)
		return; /* on /: never on the run's tmpfs */
	if (stat(buf, &root)) {
		mk->overflow = true; /* just made: no reset can redo it */
		return;
	}
	*slash = '\0';
	if (stat(buf, &parent) || parent.st_dev != mk->tmp_dev)
		return;
	for (size_t i = 0; i < mk->n; i++)
		if (mk->len[i] <= len &&
		    !strncmp(mk->path[i], path, mk->len[i]) &&
		    (path[mk->len[i]] == '/' || mk->len[i] == len))
			return;
	if (mk->n == BOX_MARKS_MAX) {
		mk->overflow = true;
		return;
	}
	mk->path[mk->n] = path;
	mk->len[mk->n] = len;
	mk->dev[mk->n] = root.st_dev;
	mk->ino[mk->n++] = root.st_ino;
}

/* Empty tmpfs made on the way to binds: prefixes of the view's paths. */
#define WAY_COVERS_MAX 8
struct way_covers {
	const char *path[WAY_COVERS_MAX];
	size_t len[WAY_COVERS_MAX];
	size_t n;
};

/*
 * As root the box runs as a uid of its own: a folder on the way to a bind
 * that this uid may not search (the parent of a 0700 checkout) would make
 * the bind unreachable. Cover the first such folder with an empty tmpfs
 * (the box could reach nothing in it anyway), so that make_parents lays
 * the way; the cover is made read-only with the others at the end.
 */
static int open_the_way(const char *path, uid_t owner, struct way_covers *wc,
			struct box_view_marks *mk)
{
	char buf[4096];
	size_t len = strlen(path);
	if (owner == (uid_t)-1 || len >= sizeof(buf))
		return 0;
	memcpy(buf, path, len + 1);
	for (size_t i = 1; i < len; i++) {
		if (buf[i] != '/')
			continue;
		buf[i] = '\0';
		struct stat st;
		if (stat(buf, &st))
			return 0; /* missing: make_parents makes it */
		if (S_ISDIR(st.st_mode) && !searchable(&st, owner)) {
			if (wc->n == WAY_COVERS_MAX)
				return -E2BIG;
			if (mount("tmpfs", buf, "tmpfs",
				  MS_NOSUID | MS_NODEV | MS_NOEXEC,
				  "size=64k,nr_inodes=256,mode=0755"))
				return -errno;
			wc->path[wc->n] = path;
			wc->len[wc->n++] = i;
			note_on_tmp(mk, path, i);
			return 0;
		}
		buf[i] = '/';
	}
	return 0;
}

static int close_the_way(const struct way_covers *wc)
{
	struct mount_attr ro = {.attr_set =
					MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID};
	for (size_t k = 0; k < wc->n; k++) {
		char buf[4096];
		memcpy(buf, wc->path[k], wc->len[k]);
		buf[wc->len[k]] = '\0';
		if (mount_setattr(AT_FDCWD, buf, 0, &ro, sizeof(ro)))
			return -errno;
	}
	return 0;
}

static bool is_dir(const char *path)
{
	struct stat st;
	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

static int attach(int fd, const char *target)
{
	return move_mount(fd, "", AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH)
		       ? -errno
		       : 0;
}

static int build_dev(const int dev_fds[DEV_NODES])
{
	if (mount("tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  "size=64k,nr_inodes=64,mode=0755"))
		return -errno;
	for (size_t i = 0; i < DEV_NODES; i++) {
		int fd = open(dev_nodes[i],
			      O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd < 0)
			return -errno;
		close(fd);
		int ret = attach(dev_fds[i], dev_nodes[i]);
		if (ret)
			return ret;
	}
	/* a link (as /dev/shm once was to /run/shm), so that a fresh tmpfs
	   on /tmp is all a reset needs: no mount on /dev/shm to redo */
	static const char *const links[][2] = {
		{TMP_SHM, "/dev/shm"},
		{"/proc/self/fd", "/dev/fd"},
		{"/proc/self/fd/0", "/dev/stdin"},
		{"/proc/self/fd/1", "/dev/stdout"},
		{"/proc/self/fd/2", "/dev/stderr"}};
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++)
		if (symlink(links[i][0], links[i][1]))
			return -errno;
	struct mount_attr ro = {.attr_set = MOUNT_ATTR_RDONLY};
	if (mount_setattr(AT_FDCWD, "/dev", 0, &ro, sizeof(ro)))
		return -errno;
	return 0;
}

/*
 * The run's tmpfs on /tmp and its folders (then bind_var_tmp): at the
 * view's build, and again at each reset.
 */
static int mount_tmp(const struct box_view *v, uint64_t *step)
{
	int ret;
	*step = BOX_VIEW_TMP;
	if (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV,
		  v->tmpfs_opts))
		return -errno;
	if ((ret = make_dir(TMP_VAR_TMP, 01777)) ||
	    (ret = make_dir(TMP_SHM, 01777)))
		return ret;
	if (v->fresh_workdir) {
		if ((ret = make_dir(v->workdir, 0700)))
			return ret;
		if (v->owner != (uid_t)-1 &&
		    chown(v->workdir, v->owner, v->owner))
			return -errno;
	}
	return 0;
}

static int bind_var_tmp(uint64_t *step)
{
	*step = BOX_VIEW_VAR_TMP;
	if (is_dir("/var/tmp") &&
	    mount(TMP_VAR_TMP, "/var/tmp", NULL, MS_BIND, NULL))
		return -errno;
	return 0;
}

/* The entries of /var that cover_var() puts back, and their copies. */
#define VAR_ENTRIES_MAX 64
struct var_entries {
	size_t n;
	char names[4096];   /* NUL-separated */
	char targets[4096]; /* symbolic links' targets, NUL-separated */
	size_t names_len, targets_len;
	int fd[VAR_ENTRIES_MAX]; /* a copy of the folder or file; -1: link */
	const char *name[VAR_ENTRIES_MAX], *target[VAR_ENTRIES_MAX];
};

static int keep_string(char *buf, size_t size, size_t *len, const char *s,
		       size_t n, const char **out)
{
	if (*len + n + 1 > size)
		return -E2BIG;
	memcpy(buf + *len, s, n);
	buf[*len + n] = '\0';
	*out = buf + *len;
	*len += n + 1;
	return 0;
}

/* One entry of /var (not tmp): a link's target, else a copy of it. */
static int var_entry(int var, const char *name, struct var_entries *ve)
{
	struct stat st;
	size_t i = ve->n;
	if (i == VAR_ENTRIES_MAX)
		return -E2BIG;
	if (fstatat(var, name, &st, AT_SYMLINK_NOFOLLOW))
		return -errno;
	int ret = keep_string(ve->names, sizeof(ve->names), &ve->names_len,
			      name, strlen(name), &ve->name[i]);
	if (ret)
		return ret;
	ve->fd[i] = -1;
	ve->target[i] = NULL;
	if (S_ISLNK(st.st_mode)) {
		char buf[4096];
		ssize_t n = readlinkat(var, name, buf, sizeof(buf));
		if (n < 0 || n == (ssize_t)sizeof(buf))
			return n < 0 ? -errno : -ENAMETOOLONG;
		ret = keep_string(ve->targets, sizeof(ve->targets),
				  &ve->targets_len, buf, (size_t)n,
				  &ve->target[i]);
	} else if (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode)) {
		ve->fd[i] = open_tree(var, name,
				      OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
					      AT_RECURSIVE);
		if (ve->fd[i] < 0)
			ret = -errno;
	} else {
		ret = -ENOTSUP; /* a socket or a device in /var */
	}
	if (!ret)
		ve->n++;
	return ret;
}

/* Every entry of /var but tmp, read with getdents64 (no allocation). */
static int var_read(struct var_entries *ve)
{
	int var = open("/var", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (var < 0)
		return -errno;
	char buf[8192];
	int ret = 0;
	for (;;) {
		long n = syscall(SYS_getdents64, var, buf, sizeof(buf));
		if (n <= 0) {
			ret = n < 0 ? -errno : 0;
			break;
		}
		for (long off = 0; off < n && !ret;) {
			struct linux_dirent64 {
				uint64_t d_ino;
				int64_t d_off;
				unsigned short d_reclen;
				unsigned char d_type;
				char d_name[];
			} *d = (void *)(buf + off);
			off += d->d_reclen;
			if (strcmp(d->d_name, ".") && strcmp(d->d_name, "..") &&
			    strcmp(d->d_name, "tmp"))
				ret = var_entry(var, d->d_name, ve);
		}
		if (ret)
			break;
	}
	close(var);
	return ret;
}

/*
 * /var/tmp as a link into the run's tmpfs (TMP_VAR_TMP), as /dev/shm is:
 * a read-only tmpfs over /var with the host's other entries put back (the
 * folders and files as read-only copies, with what is mounted inside
 * them; the links as links), made once per view. A reset then has one
 * unmount to wait for, /tmp's, not two. Returns 0 with mk->var_linked,
 * or -errno before /var was touched (the caller then binds /var/tmp), or
 * -errno after (the view fails).
 */
static int cover_var(struct box_view_marks *mk, bool *touched)
{
	struct var_entries ve;
	ve.n = ve.names_len = ve.targets_len = 0;
	*touched = false;
	int ret = var_read(&ve);
	if (!ret) {
		*touched = true;
		if (mount("tmpfs", "/var", "tmpfs",
			  MS_NOSUID | MS_NODEV | MS_NOEXEC,
			  "size=64k,nr_inodes=256,mode=0755"))
			ret = -errno;
	}
	char path[4096];
	for (size_t i = 0; !ret && i < ve.n; i++) {
		snprintf(path, sizeof(path), "/var/%s", ve.name[i]);
		if (ve.target[i]) {
			ret = symlink(ve.target[i], path) ? -errno : 0;
			continue;
		}
		struct stat st;
		if (fstat(ve.fd[i], &st))
			ret = -errno;
		else if (S_ISDIR(st.st_mode))
			ret = mkdir(path, 0755) ? -errno : 0;
		else
			ret = mknod(path, S_IFREG | 0644, 0) ? -errno : 0;
		if (!ret)
			ret = attach(ve.fd[i], path);
	}
	if (!ret && symlink(TMP_VAR_TMP, "/var/tmp"))
		ret = -errno;
	struct mount_attr ro = {.attr_set =
					MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID};
	if (!ret && mount_setattr(AT_FDCWD, "/var", 0, &ro, sizeof(ro)))
		ret = -errno;
	for (size_t i = 0; i < ve.n; i++)
		if (ve.fd[i] >= 0)
			close(ve.fd[i]);
	mk->var_linked = !ret;
	return ret;
}

static void close_all(int *fds, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

/* Every step but the fd clean-up; *step says which failed. */
static int build(const struct box_view *v, int *dev_fds, int *wr_fds,
		 int *rd_fds, struct box_view_marks *mk, uint64_t *step)
{
	int ret;
	*step = BOX_VIEW_PRIVATE;
	/* nothing we mount goes back to the host's namespace */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return -errno;

	/*
	 * Detached copies, taken before /dev and /tmp are covered: the device
	 * nodes, and the writable folders (still writable: the read-only step
	 * below does not reach a detached tree).
	 */
	*step = BOX_VIEW_CLONE;
	for (size_t i = 0; i < DEV_NODES; i++)
		if ((dev_fds[i] = open_tree(AT_FDCWD, dev_nodes[i],
					    OPEN_TREE_CLONE |
						    OPEN_TREE_CLOEXEC)) < 0)
			return -errno;
	for (size_t i = 0; v->writable && v->writable[i]; i++)
		if ((wr_fds[i] = open_tree(AT_FDCWD, v->writable[i],
					   OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
						   AT_RECURSIVE)) < 0)
			return -errno;
	struct mount_attr rd = {.attr_set =
					MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID};
	for (size_t i = 0; v->readable && v->readable[i]; i++) {
		rd_fds[i] = open_tree(AT_FDCWD, v->readable[i],
				      OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
					      AT_RECURSIVE);
		/* nothing to see there, or nothing the caller may see (a
		   PATH entry behind another user's folder): nothing to bind */
		if (rd_fds[i] < 0 && (errno == ENOENT || errno == EACCES))
			continue;
		if (rd_fds[i] < 0 ||
		    mount_setattr(rd_fds[i], "", AT_EMPTY_PATH | AT_RECURSIVE,
				  &rd, sizeof(rd)))
			return -errno;
	}

	*step = BOX_VIEW_READONLY;
	struct mount_attr ro = {.attr_set =
					MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID};
	if (mount_setattr(AT_FDCWD, "/", AT_RECURSIVE, &ro, sizeof(ro)))
		return -errno;

	if ((ret = mount_tmp(v, step)))
		return ret;
	*step = BOX_VIEW_VAR_TMP;
	bool touched = false;
	if (is_dir("/var/tmp") && (ret = cover_var(mk, &touched)) && touched)
		return ret;
	if (!mk->var_linked && (ret = bind_var_tmp(step)))
		return ret;
	struct stat tmp;
	if (stat("/tmp", &tmp))
		return -errno;
	mk->tmp_dev = tmp.st_dev;

	*step = BOX_VIEW_DEV;
	if ((ret = build_dev(dev_fds)))
		return ret;

	*step = BOX_VIEW_PROC;
	/*
	 * hidepid=invisible: a run sees only the processes it could trace
	 * (its own), not its keeper (PID 1, not dumpable), whose counters
	 * would tell it how many runs came before.
	 */
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  "hidepid=invisible") &&
	    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  NULL))
		return -errno;

	/* writable until the binds below have their mount points */
	*step = BOX_VIEW_HIDE;
	for (size_t i = 0; v->hidden && v->hidden[i]; i++)
		if (is_dir(v->hidden[i]) &&
		    mount("tmpfs", v->hidden[i], "tmpfs",
			  MS_NOSUID | MS_NODEV | MS_NOEXEC,
			  "size=64k,nr_inodes=256,mode=0755"))
			return -errno;

	*step = BOX_VIEW_WRITABLE;
	struct way_covers wc = {.n = 0};
	for (size_t i = 0; v->readable && v->readable[i]; i++) {
		struct stat st;
		if (rd_fds[i] < 0)
			continue;
		/* a folder the box's uid may not search is of no use to it */
		if (v->box_uid != (uid_t)-1 &&
		    (fstat(rd_fds[i], &st) || !searchable(&st, v->box_uid)))
			continue;
		if ((ret = open_the_way(v->readable[i], v->box_uid, &wc, mk)))
			return ret;
		make_parents(v->readable[i]);
		if ((ret = attach(rd_fds[i], v->readable[i])))
			return ret;
		note_on_tmp(mk, v->readable[i], strlen(v->readable[i]));
	}
	for (size_t i = 0; v->writable && v->writable[i]; i++) {
		if ((ret = open_the_way(v->writable[i], v->box_uid, &wc, mk)))
			return ret;
		make_parents(v->writable[i]);
		if ((ret = attach(wr_fds[i], v->writable[i])))
			return ret;
		note_on_tmp(mk, v->writable[i], strlen(v->writable[i]));
	}
	if ((ret = close_the_way(&wc)))
		return ret;
	*step = BOX_VIEW_HIDE;
	for (size_t i = 0; v->hidden && v->hidden[i]; i++)
		if (is_dir(v->hidden[i]) &&
		    mount_setattr(AT_FDCWD, v->hidden[i], 0, &ro, sizeof(ro)))
			return -errno;
	return 0;
}

int box_view_build(const struct box_view *v, struct box_view_marks *mk,
		   uint64_t *step)
{
	int dev_fds[DEV_NODES], wr_fds[BOX_WRITABLE_MAX],
		rd_fds[BOX_READABLE_MAX];
	for (size_t i = 0; i < DEV_NODES; i++)
		dev_fds[i] = -1;
	for (size_t i = 0; i < BOX_WRITABLE_MAX; i++)
		wr_fds[i] = -1;
	for (size_t i = 0; i < BOX_READABLE_MAX; i++)
		rd_fds[i] = -1;
	mode_t mask = umask(0);
	memset(mk, 0, sizeof(*mk));
	int ret = build(v, dev_fds, wr_fds, rd_fds, mk, step);
	umask(mask);
	close_all(dev_fds, DEV_NODES);
	close_all(wr_fds, BOX_WRITABLE_MAX);
	close_all(rd_fds, BOX_READABLE_MAX);
	return ret;
}

int box_view_reset(const struct box_view *v, const struct box_view_marks *mk,
		   struct box_detacher *d, uint64_t *step)
{
	int fds[BOX_MARKS_MAX];
	int ret = 0;
	*step = BOX_VIEW_TMP;
	if (mk->overflow)
		return -E2BIG;
	/*
	 * Copies of the binds on the run's tmpfs, taken before it goes (the
	 * copies keep their flags: read-only stays read-only).
	 */
	size_t n = 0;
	for (; n < mk->n; n++) {
		char buf[4096];
		if (mk->len[n] >= sizeof(buf)) {
			ret = -ENAMETOOLONG;
			break;
		}
		memcpy(buf, mk->path[n], mk->len[n]);
		buf[mk->len[n]] = '\0';
		if ((fds[n] = open_tree(AT_FDCWD, buf,
					OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
						AT_RECURSIVE)) < 0) {
			ret = -errno;
			break;
		}
		/*
		 * The way to it crosses the tmpfs the run could write (as a
		 * user, its folders are the program's): it may have renamed
		 * them and left something else there. Only the same root
		 * as at the build goes over.
		 */
		struct stat st;
		if (fstat(fds[n], &st) || st.st_dev != mk->dev[n] ||
		    st.st_ino != mk->ino[n]) {
			ret = -EXDEV;
			n++;
			break;
		}
	}
	mode_t mask = umask(0);
	/*
	 * The last run's tmpfs, whatever it wrote there, and its binds. Each
	 * umount waits for an RCU grace period (0.1-0.2 ms here): /var/tmp's
	 * in the detacher's thread, beside ours of /tmp.
	 */
	bool var_tmp = !mk->var_linked && is_dir("/var/tmp"), waiting = false;
	if (!ret && var_tmp) {
		if (d && !box_detacher_start(d, "/var/tmp"))
			waiting = true;
		else if (umount2("/var/tmp", MNT_DETACH))
			ret = -errno;
	}
	if (!ret && umount2("/tmp", MNT_DETACH))
		ret = -errno;
	if (!ret)
		ret = mount_tmp(v, step);
	if (waiting) {
		int dret = box_detacher_wait(d);
		if (!ret)
			ret = dret;
	}
	if (!ret && !mk->var_linked)
		ret = bind_var_tmp(step);
	*step = BOX_VIEW_WRITABLE;
	for (size_t i = 0; !ret && i < n; i++) {
		char buf[4096];
		memcpy(buf, mk->path[i], mk->len[i]);
		buf[mk->len[i]] = '\0';
		make_parents(buf);
		ret = attach(fds[i], buf);
	}
	umask(mask);
	close_all(fds, n);
	return ret;
}
