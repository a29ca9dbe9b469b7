#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/banned.h"

int file_open_regular(const char *path, size_t max_bytes, size_t *size)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	struct stat st;
	if (fstat(fd, &st) < 0) {
		int e = -errno;
		close(fd);
		return e;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
	}
	if (max_bytes && (unsigned long long)st.st_size > max_bytes) {
		close(fd);
		return -EFBIG;
	}
	/* Regular files ignore O_NONBLOCK today; clear it so that reads keep
	 * their ordinary meaning on every file system. */
	int flags = fcntl(fd, F_GETFL);
	if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0) {
		int e = -errno;
		close(fd);
		return e;
	}
	if (size)
		*size = (size_t)st.st_size;
	return fd;
}

int file_read_regular(const char *path, size_t max_bytes, struct strbuf *sb)
{
	size_t size = 0;
	int fd = file_open_regular(path, max_bytes, &size);
	if (fd < 0)
		return fd;
	strbuf_grow(sb, size + 1);
	int rc = strbuf_read_fd(sb, fd, max_bytes);
	close(fd);
	return rc;
}

const char *file_strerror(int code)
{
	switch (code) {
	case -EINVAL:
		return "not a regular file (a FIFO, socket or device)";
	case -EISDIR:
		return "is a folder, not a file";
	case -EFBIG:
		return "file too large";
	default:
		return strerror(-code);
	}
}
