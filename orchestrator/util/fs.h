/*
 * fs.h: small file-system helpers shared by the build, run and results
 * code.
 */
#ifndef VERSUS_FS_H
#define VERSUS_FS_H

/*
 * Create dir and its missing parents (mode 0777 before umask), like
 * `mkdir -p`. Returns 0 (also when it already exists) or a negative errno.
 */
int fs_mkdir_p(const char *dir);

#endif
