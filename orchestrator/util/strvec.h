/*
 * strvec.h: a NULL-terminated, growable array of owned strings, ready to
 * pass to execve (after git's strvec).
 */
#ifndef VERSUS_STRVEC_H
#define VERSUS_STRVEC_H

#include <stddef.h>

struct strvec {
	char **v; /* NULL-terminated; never NULL after strvec_init */
	size_t nr;
	size_t alloc;
};

#define STRVEC_INIT                                                            \
	{                                                                      \
		strvec_empty, 0, 0                                             \
	}
extern char *strvec_empty[];

void strvec_init(struct strvec *sv);
/* Append a copy of s. */
void strvec_push(struct strvec *sv, const char *s);
/* Append a string that the vector takes ownership of. */
void strvec_push_owned(struct strvec *sv, char *s);
void strvec_pushf(struct strvec *sv, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Append copies of every element of other. */
void strvec_pushv(struct strvec *sv, const char *const *other);
/* Free every element and the array; accepts NULL. */
void strvec_clear(struct strvec *sv);
/* Deep copy of src into dst (dst must be initialised and is cleared). */
void strvec_copy(struct strvec *dst, const struct strvec *src);

#endif
