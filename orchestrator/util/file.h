/*
 * file.h: opening files that someone else named (a manifest, a result
 * file, an expected output, a source). Only regular files are opened, and
 * the open itself never blocks: a FIFO, a socket or a device named like a
 * result file must give an error, not hang versus. The check is made on
 * the descriptor (fstat after open), so a file swapped between a check and
 * the open cannot slip through.
 */
#ifndef VERSUS_FILE_H
#define VERSUS_FILE_H

#include <stddef.h>

#include "util/strbuf.h"

/*
 * Open path read-only (O_NONBLOCK|O_CLOEXEC|O_NOCTTY, so opening a FIFO or
 * a device cannot block or take a terminal), check with fstat that it is a
 * regular file of at most max_bytes (0: no cap), then clear O_NONBLOCK.
 * Returns the descriptor (caller closes it), or -errno: -EINVAL for a file
 * that is not regular (FIFO, socket, device, folder), -EFBIG for one over
 * the cap. *size (may be NULL) gets its size.
 */
int file_open_regular(const char *path, size_t max_bytes, size_t *size);

/*
 * Append the whole regular file at path to sb (file_open_regular rules).
 * Returns 0, or -errno with sb unchanged: -EFBIG when the file is, or grows
 * while read, beyond max_bytes (0: no cap).
 */
int file_read_regular(const char *path, size_t max_bytes, struct strbuf *sb);

/* A message for a code file_open_regular returned: "not a regular file". */
const char *file_strerror(int code);

#endif
