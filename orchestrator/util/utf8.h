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

/*
 * Display width on a terminal of the character at s (at most left bytes,
 * left > 0): 0 for a combining mark or zero-width character, 2 for an East
 * Asian wide or fullwidth character (CJK, Hangul, most emoji), 1 for the
 * rest, also for an invalid byte (shown as one replacement character).
 * Sets *len to the bytes it spans (at least 1). Control characters count
 * 1: callers measure text escaped for the terminal (util/escape.h).
 */
size_t utf8_char_width(const char *s, size_t left, size_t *len);
/* Display width of the first len bytes of s / of the NUL-terminated s. */
size_t utf8_width_n(const char *s, size_t len);
size_t utf8_width(const char *s);

#endif
