/*
 * parse.h: strict parsing of numbers from the command line and manifests.
 * Every function rejects empty strings, trailing garbage, signs where they
 * make no sense and overflow, returning -EINVAL or -ERANGE; *out is only
 * written on success.
 */
#ifndef VERSUS_PARSE_H
#define VERSUS_PARSE_H

#include <stdint.h>

/* Decimal unsigned integer, no sign, no suffix. */
int parse_u64(const char *s, uint64_t *out);
/* Decimal signed integer within [min, max]. */
int parse_int(const char *s, long long min, long long max, long long *out);
/* Finite floating-point number (strtod syntax, no inf or nan). */
int parse_double(const char *s, double *out);
/*
 * A byte count: a non-negative number (fractions allowed with a suffix)
 * optionally followed, with or without one space, by a unit: B; K, M, G, T
 * or KiB, MiB, GiB, TiB (powers of 1024); KB, MB, GB, TB (powers of 1000).
 * Units are case-insensitive except that "b" alone is not accepted as bits.
 * "2GB" and "64MiB" are accepted, "2 gigs" is not.
 */
int parse_size_bytes(const char *s, uint64_t *out);
/*
 * A duration in seconds: a non-negative number optionally followed by
 * "s", "ms", "us", "m" (minutes) or "h". Returns seconds.
 */
int parse_duration_s(const char *s, double *out);

#endif
