/*
 * argsplit.h: a command line as one string -> argv, with the quoting of a
 * POSIX shell but nothing else of one (no variables, globs, redirections,
 * pipes or substitutions: those characters are ordinary). Used by
 * `versus bench` for its commands.
 */
#ifndef VERSUS_ARGSPLIT_H
#define VERSUS_ARGSPLIT_H

#include "util/strbuf.h"
#include "util/strvec.h"

/*
 * Split s into words, appended to out:
 * - blanks (space, tab, newline) separate words;
 * - 'single quotes' keep everything literally, backslashes included;
 * - "double quotes" keep everything literally except \" \\ \$ \` and
 *   backslash-newline (removed), as in sh;
 * - outside quotes, a backslash makes the next character literal, and
 *   backslash-newline is removed;
 * - quotes may join parts of one word (a'b c'd is "ab cd"); '' is an
 *   empty word.
 * Returns 0, or -EINVAL with why set (unterminated quote, trailing
 * backslash, no word at all, a NUL-free string being assumed); out is
 * then left as it was.
 */
int argsplit(const char *s, struct strvec *out, struct strbuf *why);

#endif
