/*
 * fs.h: the file-system helpers every stage shares: mkdir -p, the one
 * atomic writer (new names or replacing), the one folder lister and the
 * one PATH search.
 */
#ifndef VERSUS_FS_H
#define VERSUS_FS_H

#include <stddef.h>
#include <sys/types.h>

#include "util/strvec.h"

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

/*
 * Write data[0..len) to path atomically, replacing what is there: the same
 * hidden temporary file and fsync as fs_write_new, in path's folder, then
 * rename(). A reader sees the old file or the whole new one, never a part.
 * mode is applied less the umask, as open(2) does (e.g. 0666). A path
 * that is a device, FIFO or socket (after symlinks: /dev/null,
 * /dev/stdout) is written into, never replaced; a folder is -EISDIR.
 * Returns 0 or a negative errno, leaving path and its folder unchanged.
 */
int fs_write_replace(const char *path, const void *data, size_t len,
		     mode_t mode);

/*
 * Append to paths "<dir>/<name>" for each entry of dir whose name ends in
 * suffix (e.g. ".yaml"), is longer than it and does not start with '.',
 * sorted by name (strcmp). The entries' types are not checked. No '/' is
 * doubled when dir ends in one. Returns 0 (also for no match), or a
 * negative errno from opendir/readdir with paths unchanged.
 */
int fs_list_dir(const char *dir, const char *suffix, struct strvec *paths);

/*
 * Remove everything inside dir, keeping dir itself; folders we own but may
 * not write (Go makes its module cache read-only) are made writable first.
 * Symbolic links are removed, never followed. Returns 0 or a negative
 * errno (what could be removed is gone).
 */
int fs_empty_dir(const char *dir);
/* Same, and then dir itself. */
int fs_remove_tree(const char *dir);

/* The search path when $PATH is unset or empty (as execvp's). */
#define FS_DEFAULT_PATH "/usr/local/bin:/usr/bin:/bin"

/*
 * Look name (which has no '/') up on $PATH (FS_DEFAULT_PATH when unset or
 * empty; an empty entry is the current folder) as execvp does: the first
 * entry holding a regular file named name that we may execute. Returns its
 * absolute path, relative entries joined to the current folder, symbolic
 * links not resolved (caller owns, free()); or NULL when none is found.
 */
char *fs_path_search(const char *name);

#endif
