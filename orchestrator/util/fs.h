/*
 * fs.h: small file-system helpers shared by the build, run and results
 * code, among them the one atomic writer of new files.
 */
#ifndef VERSUS_FS_H
#define VERSUS_FS_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Create dir and its missing parents (mode 0777 before umask), like
 * `mkdir -p`. Returns 0 (also when it already exists) or a negative errno.
 */
int fs_mkdir_p(const char *dir);

/* Names fs_write_new() tries: <stem><ext>, then <stem>-1<ext> up to this. */
#define FS_WRITE_NEW_TRIES 999

/*
 * Write data[0..len) as a new file in dir, atomically and without ever
 * replacing a file: the bytes go to a hidden temporary file in dir
 * (".versus-tmp-XXXXXX"), are fsync'd, and the file is moved to
 * <dir>/<stem><ext> with renameat2(RENAME_NOREPLACE) (link() where the
 * file system lacks it); when that name is taken, to <stem>-1<ext>,
 * <stem>-2<ext>... So two writers never get the same name, and a reader
 * never sees a partial file. mode is the file's mode (e.g. 0644).
 * On success returns 0 and *path_out (caller owns); on failure returns a
 * negative errno (-EEXIST when every name is taken), leaves nothing behind
 * and, when the failure was on a final name, sets *failed_path (caller
 * owns; failed_path may be NULL) to it.
 */
int fs_write_new(const char *dir, const char *stem, const char *ext,
		 const void *data, size_t len, mode_t mode, char **path_out,
		 char **failed_path);

#endif
