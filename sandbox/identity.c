/*
 * identity.c: who the program runs as. As root, every handle locks a box
 * uid of its own (parent side) and its children become that uid with no
 * groups and no capabilities (child side); as a user, the children keep
 * the caller's uid inside the launcher's user namespace and lose every
 * capability they hold there. See README.md, "The box".
 */
#include "sandbox_int.h"

#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/banned.h"

#define SLOT_DIR	   "/run/versus-slots"
#define SLOT_BASE_DEFAULT  60000u
#define SLOT_COUNT_DEFAULT 1000u

/* ---- parent side ------------------------------------------------------- */

int box_slot_acquire(struct box_slot *slot, uint32_t base, uint32_t count,
		     struct versus_err *err)
{
	slot->lock_fd = -1;
	slot->uid = (uid_t)-1;
	if (!base)
		base = SLOT_BASE_DEFAULT;
	if (!count)
		count = SLOT_COUNT_DEFAULT;
	if (mkdir(SLOT_DIR, 0700) && errno != EEXIST)
		return versus_err_set(err, -errno, SLOT_DIR, 0, 0,
				      "sandbox: cannot make the box uid "
				      "locks folder: %s",
				      strerror(errno));
	for (uint32_t i = 0; i < count; i++) {
		char path[64];
		snprintf(path, sizeof(path), SLOT_DIR "/%u", base + i);
		int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
			      0600);
		if (fd < 0)
			return versus_err_set(err, -errno, path, 0, 0,
					      "sandbox: box uid lock: %s",
					      strerror(errno));
		if (!flock(fd, LOCK_EX | LOCK_NB)) {
			slot->lock_fd = fd;
			slot->uid = base + i;
			return 0;
		}
		close(fd);
	}
	return versus_err_set(err, -EBUSY, NULL, 0, 0,
			      "sandbox: all %u box uids from %u are in use",
			      count, base);
}

void box_slot_release(struct box_slot *slot)
{
	if (slot->lock_fd >= 0)
		close(slot->lock_fd);
	slot->lock_fd = -1;
}

/* Give dirfd's entries, recursively, to uid (never following a link). */
static int chown_entries(int dirfd, uid_t uid, int depth)
{
	if (depth > 64)
		return -ELOOP;
	DIR *d = fdopendir(dirfd);
	if (!d) {
		close(dirfd);
		return -errno;
	}
	int ret = 0;
	struct dirent *de;
	while (!ret && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		struct stat st;
		if (fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW))
			continue; /* gone meanwhile */
		if ((st.st_uid != uid || st.st_gid != uid) &&
		    fchownat(dirfd, de->d_name, uid, uid, AT_SYMLINK_NOFOLLOW))
			ret = -errno;
		if (!ret && S_ISDIR(st.st_mode)) {
			int sub = openat(dirfd, de->d_name,
					 O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
						 O_CLOEXEC);
			if (sub >= 0)
				ret = chown_entries(sub, uid, depth + 1);
		}
	}
	closedir(d);
	return ret;
}

int box_chown_tree(const char *path, uid_t uid)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fchown(fd, uid, uid)) {
		int e = errno;
		close(fd);
		return -e;
	}
	return chown_entries(fd, uid, 0);
}

/* ---- child side -------------------------------------------------------- */

int box_bounding_drop(void)
{
	/* EINVAL: past the last capability this kernel has */
	for (int cap = 0; cap < 64; cap++) {
		if (!prctl(PR_CAPBSET_DROP, cap, 0, 0, 0))
			continue;
		return errno == EINVAL && cap > 0 ? 0 : -errno;
	}
	return 0;
}

int box_identity_apply(uid_t uid, bool bounding_empty)
{
	/*
	 * Raw system calls: glibc's set*id would signal the launcher's
	 * threads as if they were ours (we share its memory).
	 */
	/*
	 * A user namespace made by a user denies setgroups (the price of
	 * writing its gid map without privilege): EPERM, and the caller's
	 * groups stay. One made by root (no box uid free) allows it.
	 */
	if (syscall(SYS_setgroups, 0, NULL) &&
	    (uid != (uid_t)-1 || errno != EPERM))
		return -errno;
	if (uid != (uid_t)-1 && syscall(SYS_setresgid, uid, uid, uid))
		return -errno;
	int ret;
	if (!bounding_empty && (ret = box_bounding_drop()))
		return ret;
	/*
	 * uid 0 never means capabilities again, no uid change grants or
	 * keeps any, no ambient raise; all locked for every descendant.
	 */
	unsigned long bits =
		SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP |
		SECBIT_NO_SETUID_FIXUP_LOCKED | SECBIT_KEEP_CAPS_LOCKED |
		SECBIT_NO_CAP_AMBIENT_RAISE |
		SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED;
	if (prctl(PR_SET_SECUREBITS, bits, 0, 0, 0))
		return -errno;
	if (uid != (uid_t)-1 && syscall(SYS_setresuid, uid, uid, uid))
		return -errno;
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0))
		return -errno;
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
	struct __user_cap_data_struct data[2];
	memset(data, 0, sizeof(data));
	if (syscall(SYS_capset, &hdr, data))
		return -errno;
	return 0;
}
