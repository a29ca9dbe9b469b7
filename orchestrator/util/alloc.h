/*
 * alloc.h: allocation that never returns NULL. Running out of memory in the
 * orchestrator is not a benchmark fate we can report, so these abort with a
 * message instead of spreading NULL checks through every caller.
 */
#ifndef VERSUS_ALLOC_H
#define VERSUS_ALLOC_H

#include <stddef.h>

/* Caller owns the result; free with free(). Abort on failure. */
void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Caller owns the result: a printf-formatted new string. */
char *xstrfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow *items (of *alloc elements of elem_size) to hold at least need. */
#define ALLOC_GROW(items, need, alloc)                                         \
	do {                                                                   \
		if ((need) > (alloc)) {                                        \
			size_t alloc_grow_n_ = (alloc) < 8 ? 8 : (alloc)*2;    \
			while (alloc_grow_n_ < (need))                         \
				alloc_grow_n_ *= 2;                            \
			(items) = xrealloc((items),                            \
					   alloc_grow_n_ * sizeof(*(items)));  \
			(alloc) = alloc_grow_n_;                               \
		}                                                              \
	} while (0)

#endif
