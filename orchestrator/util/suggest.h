/*
 * suggest.h: "did you mean" for every message that names something the
 * user mistyped (a YAML key, a language, a placeholder, a baseline id).
 */
#ifndef VERSUS_SUGGEST_H
#define VERSUS_SUGGEST_H

#include <stddef.h>

/*
 * The closest of candidates[0..n) to word by edit distance (Levenshtein,
 * bytes), when it is close enough to suggest: at most max(2, len/3) edits
 * away and fewer edits than word has bytes; the first of equally close
 * ones. NULL otherwise (also for words or candidates over 64 bytes).
 * Borrowed from candidates.
 */
const char *suggest_closest(const char *word, const char *const *candidates,
			    size_t n);

#endif
