#include "util/fs.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/strbuf.h"
#include "util/banned.h"

int fs_mkdir_p(const char *dir)
{
	struct strbuf path = STRBUF_INIT;
	int rc = 0;
	for (const char *p = dir; *p && !rc; p++) {
		strbuf_addch(&path, *p);
		if ((p[1] == '/' || p[1] == '\0') &&
		    mkdir(path.buf, 0777) < 0 && errno != EEXIST)
			rc = -errno;
	}
	if (!rc) {
		struct stat st;
		if (stat(dir, &st) < 0)
			rc = -errno;
		else if (!S_ISDIR(st.st_mode))
			rc = -ENOTDIR;
	}
	strbuf_release(&path);
	return rc;
}

static int write_all(int fd, const char *data, size_t len)
{
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		off += (size_t)w;
	}
	return 0;
}

/*
 * Move tmp to final unless final exists. renameat2 is atomic; link() then
 * unlink() is the fallback for file systems without RENAME_NOREPLACE
 * (link() fails with EEXIST as well, so the name is still never reused).
 */
static int move_noreplace(const char *tmp, const char *final)
{
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, final, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -errno;
	if (link(tmp, final) < 0)
		return -errno;
	unlink(tmp);
	return 0;
}

/*
 * Write data to a new hidden temporary file in dir (its name in tmp),
 * with the given mode, and fsync it. Returns 0, or a negative errno with
 * nothing left behind.
 */
static int write_temp(const char *dir, const void *data, size_t len,
		      mode_t mode, struct strbuf *tmp)
{
	int rc;
	strbuf_addf(tmp, "%s/.versus-tmp-XXXXXX", dir);
	int fd = mkostemp(tmp->buf, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = write_all(fd, data, len);
	if (!rc && fchmod(fd, mode) < 0)
		rc = -errno;
	if (!rc && fsync(fd) < 0)
		rc = -errno;
	if (close(fd) < 0 && !rc)
		rc = -errno;
	if (rc)
		unlink(tmp->buf);
	return rc;
}

/* A new name must survive a crash too: sync the folder (best effort). */
static void sync_dir(const char *dir)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
}

int fs_write_new(const char *dir, const char *stem, const char *ext,
		 const void *data, size_t len, mode_t mode, char **path_out,
		 char **failed_path)
{
	struct strbuf tmp = STRBUF_INIT, final = STRBUF_INIT;
	int rc = 0;
	rc = write_temp(dir, data, len, mode, &tmp);
	if (rc)
		goto out;
	for (int n = 0; !rc && n <= FS_WRITE_NEW_TRIES; n++) {
		strbuf_reset(&final);
		if (n)
			strbuf_addf(&final, "%s/%s-%d%s", dir, stem, n, ext);
		else
			strbuf_addf(&final, "%s/%s%s", dir, stem, ext);
		rc = move_noreplace(tmp.buf, final.buf);
		if (rc != -EEXIST)
			break;
		if (n < FS_WRITE_NEW_TRIES)
			rc = 0;
	}
	if (rc) {
		unlink(tmp.buf);
		goto out;
	}
	sync_dir(dir);
	*path_out = strbuf_detach(&final, NULL);
out:
	if (rc && failed_path && final.len)
		*failed_path = strbuf_detach(&final, NULL);
	strbuf_release(&tmp);
	strbuf_release(&final);
	return rc;
}

/* Into a device, FIFO or socket that is there: never replaced by a
 * file (as root, `-o /dev/null` must not turn /dev/null into one). */
static int write_in_place(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
	int rc = fd < 0 ? -errno : write_all(fd, data, len);
	if (fd >= 0 && close(fd) < 0 && !rc)
		rc = -errno;
	return rc;
}

int fs_write_replace(const char *path, const void *data, size_t len,
		     mode_t mode)
{
	struct stat st;
	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return -EISDIR;
		if (!S_ISREG(st.st_mode))
			return write_in_place(path, data, len);
	}
	struct strbuf tmp = STRBUF_INIT;
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path,
				     slash == path ? 1 : (size_t)(slash - path))
			  : xstrdup(".");
	/* The umask can only be read by setting it; we are single-threaded. */
	mode_t mask = umask(0);
	umask(mask);

	int rc = write_temp(dir, data, len, mode & ~mask, &tmp);
	if (!rc && rename(tmp.buf, path) < 0) {
		rc = -errno;
		unlink(tmp.buf);
	}
	if (!rc)
		sync_dir(dir);
	strbuf_release(&tmp);
	free(dir);
	return rc;
}

static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	(void)st;
	if (ftw->level == 0)
		return 0;
	if (flag == FTW_DP)
		return rmdir(path) < 0 ? -1 : 0;
	return unlink(path) < 0 ? -1 : 0;
}

static int chmod_entry(const char *path, const struct stat *st, int flag,
		       struct FTW *ftw)
{
	(void)ftw;
	if ((flag == FTW_D || flag == FTW_DNR) &&
	    (st->st_mode & S_IRWXU) != S_IRWXU)
		chmod(path, st->st_mode | S_IRWXU);
	return 0;
}

int fs_empty_dir(const char *dir)
{
	nftw(dir, chmod_entry, 32, FTW_PHYS);
	if (nftw(dir, remove_entry, 32, FTW_DEPTH | FTW_PHYS) < 0)
		return -errno;
	return 0;
}

int fs_remove_tree(const char *dir)
{
	int rc = fs_empty_dir(dir);
	if (!rc && rmdir(dir) < 0)
		rc = -errno;
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int fs_list_dir(const char *dir, const char *suffix, struct strvec *paths)
{
	size_t slen = strlen(suffix), dlen = strlen(dir);
	struct strvec names = STRVEC_INIT;
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d)
		return -errno;
	errno = 0;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (de->d_name[0] != '.' && len > slen &&
		    !strcmp(de->d_name + len - slen, suffix))
			strvec_push(&names, de->d_name);
		errno = 0;
	}
	int rc = errno ? -errno : 0;
	closedir(d);
	if (!rc) {
		if (names.nr)
			qsort(names.v, names.nr, sizeof(*names.v), cmp_str);
		for (size_t i = 0; i < names.nr; i++)
			strvec_pushf(paths, "%s%s%s", dir,
				     dlen && dir[dlen - 1] == '/' ? "" : "/",
				     names.v[i]);
	}
	strvec_clear(&names);
	return rc;
}

/* Whether path names a regular file we may execute (following links). */
static int is_executable(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	       access(path, X_OK) == 0;
}

char *fs_path_search(const char *name)
{
	assert(!strchr(name, '/'));
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = FS_DEFAULT_PATH;
	for (const char *p = path; p;) {
		const char *colon = strchr(p, ':');
		size_t len = colon ? (size_t)(colon - p) : strlen(p);
		char *cand = len ? xstrfmt("%.*s/%s", (int)len, p, name)
				 : xstrdup(name);
		if (is_executable(cand)) {
			if (cand[0] == '/')
				return cand;
			char *cwd = getcwd(NULL, 0);
			char *abs = cwd ? xstrfmt("%s/%s", cwd, cand) : NULL;
			free(cwd);
			free(cand);
			if (abs)
				return abs;
		} else {
			free(cand);
		}
		p = colon ? colon + 1 : NULL;
	}
	return NULL;
}
