/*
 * validate.h: output comparison, the modes of a manifest's `validate` key.
 *   exact   bytes are equal
 *   lines   equal after removing trailing whitespace on every line and
 *           trailing blank lines
 *   numeric whitespace-separated tokens; tokens that both parse as numbers
 *           are equal within abs_tol or rel_tol, others must be equal
 *           (equal numbers always match: 1e-9 and 0.000000001, -0 and 0,
 *           nan and nan; tokens over 400 bytes or beyond a double's range
 *           compare as bytes; blank lines at the end do not count)
 *   sha256  against an expected file: the file holds the hex SHA-256 of
 *           the output; between two outputs: exact
 */
#ifndef VERSUS_VALIDATE_H
#define VERSUS_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

enum validate_mode {
	VALIDATE_EXACT,
	VALIDATE_LINES,
	VALIDATE_NUMERIC,
	VALIDATE_SHA256,
	VALIDATE_NONE, /* outputs are not compared (versus bench --no-check) */
};

struct validate_spec {
	enum validate_mode mode;
	double abs_tol; /* numeric: default 0 */
	double rel_tol; /* numeric: default 0 */
};

/* "exact", "lines", ...; and back (-EINVAL for an unknown name). */
const char *validate_mode_name(enum validate_mode mode);
int validate_mode_parse(const char *name, enum validate_mode *out);

/* Where two outputs first differ, for a WA message. */
struct validate_diff {
	size_t line;	    /* 1-based line in the actual output */
	size_t token;	    /* 1-based token on that line (numeric), or 0 */
	char expected[160]; /* the expected side's line or token, printable */
	char actual[160];
	char message[320]; /* one line, ready to print */
};

/*
 * Compare actual output with the expected one. expected_is_digest is true
 * when expected is the content of an expected file: in mode sha256 it then
 * holds a hex digest (surrounding whitespace ignored, optionally followed
 * by a file name as sha256sum writes; otherwise sha256 compares bytes),
 * and in every mode the diff quotes only the differing token of it (at
 * most 40 bytes), never the rest of the file. Returns true when equivalent;
 * otherwise false with diff (if not NULL) filled.
 */
bool validate_compare(const struct validate_spec *spec, const char *expected,
		      size_t expected_len, bool expected_is_digest,
		      const char *actual, size_t actual_len,
		      struct validate_diff *diff);

#endif
