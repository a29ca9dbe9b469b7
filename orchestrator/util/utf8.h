/*
 * utf8.h: text from programs (stderr lines, reasons, argv) is bytes, but a
 * result file is JSON, which must be UTF-8: invalid sequences become
 * U+FFFD instead of making the writer drop the string.
 */
#ifndef VERSUS_UTF8_H
#define VERSUS_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Whether s[0..len) is valid UTF-8 (no overlongs, surrogates or > U+10FFFF). */
bool utf8_valid(const char *s, size_t len);
/*
 * A copy of the NUL-terminated s with every invalid byte sequence replaced
 * by U+FFFD. Caller owns the result (free()).
 */
char *utf8_sanitize(const char *s);

#endif
