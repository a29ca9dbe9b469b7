/*
 * strbuf.h: a growable, always NUL-terminated byte buffer (after git's
 * strbuf). It may hold NUL bytes; len counts them.
 */
#ifndef VERSUS_STRBUF_H
#define VERSUS_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf; /* never NULL after strbuf_init; NUL-terminated */
	size_t len;
	size_t alloc;
};

#define STRBUF_INIT                                                            \
	{                                                                      \
		strbuf_empty, 0, 0                                             \
	}
extern char strbuf_empty[];

void strbuf_init(struct strbuf *sb);
/* Free the buffer and reset to empty; accepts NULL. */
void strbuf_release(struct strbuf *sb);
/* Make room for extra more bytes (plus the NUL). */
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void strbuf_reset(struct strbuf *sb);
/* Caller owns the returned string (free()); sb is left empty. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
/*
 * Append the whole file at path, up to max_bytes (0 = no cap). Returns 0,
 * -EFBIG when the file is larger than max_bytes (nothing appended), or a
 * negative errno.
 */
int strbuf_read_file(struct strbuf *sb, const char *path, size_t max_bytes);
/*
 * Append what fd gives until end of file, up to max_bytes (0 = no cap);
 * fd is not closed. Returns 0, or -EFBIG (more than max_bytes) or a
 * negative errno from read(), with sb as it was before the call.
 */
int strbuf_read_fd(struct strbuf *sb, int fd, size_t max_bytes);

#endif
