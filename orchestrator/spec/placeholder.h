/*
 * placeholder.h: the {name} placeholders of manifest args and recipe
 * commands. "{{" and "}}" stand for literal braces; a name is
 * [A-Za-z0-9_]+. One scanner serves both modules so they agree on syntax.
 */
#ifndef VERSUS_PLACEHOLDER_H
#define VERSUS_PLACEHOLDER_H

#include <stddef.h>

#include "util/strbuf.h"

/*
 * Called for each placeholder with its name (NUL-terminated, borrowed).
 * Appends its value to out (which may be NULL when only checking) and
 * returns 0, or returns -ENOENT for an unknown name.
 */
typedef int placeholder_fn(void *ctx, const char *name, struct strbuf *out);

/*
 * Copy tmpl to out (may be NULL), replacing placeholders through fn.
 * Returns 0; -ENOENT when fn does not know a name (copied into bad); or
 * -EINVAL for a syntax error (an unterminated "{", a lone "}", a bad
 * name), with a message in bad.
 */
int placeholder_expand(const char *tmpl, placeholder_fn *fn, void *ctx,
		       struct strbuf *out, char *bad, size_t bad_size);

/* If s is exactly one placeholder "{name}", copy name into out; else 0. */
int placeholder_whole(const char *s, char *name, size_t size);

#endif
