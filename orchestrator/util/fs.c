#include "util/fs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

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

int fs_write_new(const char *dir, const char *stem, const char *ext,
		 const void *data, size_t len, mode_t mode, char **path_out,
		 char **failed_path)
{
	struct strbuf tmp = STRBUF_INIT, final = STRBUF_INIT;
	int rc = 0;
	strbuf_addf(&tmp, "%s/.versus-tmp-XXXXXX", dir);
	int fd = mkostemp(tmp.buf, O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		goto out;
	}
	rc = write_all(fd, data, len);
	if (!rc && fchmod(fd, mode) < 0)
		rc = -errno;
	if (!rc && fsync(fd) < 0)
		rc = -errno;
	if (close(fd) < 0 && !rc)
		rc = -errno;
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
	/* The new name must survive a crash too. */
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	*path_out = strbuf_detach(&final, NULL);
out:
	if (rc && failed_path && final.len)
		*failed_path = strbuf_detach(&final, NULL);
	strbuf_release(&tmp);
	strbuf_release(&final);
	return rc;
}
