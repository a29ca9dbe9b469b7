/*
 * suggest.h: "did you mean ...?" for a misspelt name (a manifest key, a
 * parameter, an option), by edit distance.
 */
#ifndef VERSUS_SUGGEST_H
#define VERSUS_SUGGEST_H

#include <stddef.h>

/*
 * The closest of candidates (n of them) to word by edit distance, when it
 * is close enough to suggest (at most a third of word's length, and at
 * least 2, differ); NULL otherwise. Borrowed from candidates.
 */
const char *suggest_closest(const char *word, const char *const *candidates,
			    size_t n);

#endif
