/*
 * yaml_doc.h: the small YAML layer shared by manifests and recipes. It
 * loads a whole file into a tree of nodes (built from libyaml events, so
 * size and nesting are bounded and aliases, tags and multiple documents
 * are refused), and offers typed getters that record every problem, with
 * its 1-based line and column, in a struct versus_errs instead of stopping
 * at the first one.
 *
 * Messages name keys by their dotted path ("measure.warmup",
 * "implementations[2].id"), which the caller passes as `what`.
 */
#ifndef VERSUS_YAML_DOC_H
#define VERSUS_YAML_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "util/kvlist.h"
#include "util/err.h"
#include "util/strvec.h"

enum ynode_kind { YNODE_SCALAR, YNODE_SEQ, YNODE_MAP };

struct ynode {
	enum ynode_kind kind;
	int line, column; /* 1-based, where the node starts */
	/* scalar: the text (NUL-terminated; len may hide an embedded NUL) */
	char *value;
	size_t len;
	bool quoted; /* written '...', "..." or as a block: always a string */
	/* seq: items[i]; map: items[2i] is a key (a scalar), items[2i+1] */
	struct ynode **items;
	size_t nr, alloc; /* nr counts nodes: a map has nr / 2 entries */
};

/* Hostile-input bounds beyond the caller's size and depth limits. */
#define YDOC_MAX_ITEMS	1024 /* entries of one list or mapping */
#define YDOC_MAX_ERRORS 50   /* errors kept per document */

struct ydoc {
	const char *name; /* borrowed: the file name used in messages */
	struct ynode *root;
	struct versus_errs *errs; /* borrowed: where problems go */
	size_t errors;		  /* recorded so far through ydoc_error */
};

/*
 * Parse data (len bytes) into doc->root. Refuses, with one error each: an
 * empty file, a file over max_bytes, a NUL byte (binary file), a YAML
 * syntax error, nesting deeper than max_depth, a list or mapping of more
 * than YDOC_MAX_ITEMS entries, aliases, tags, more than
 * one document and duplicate keys in a mapping. Returns 0, or -EINVAL
 * after appending to errs (doc is then empty but must still be released).
 * name and errs are borrowed and must outlive doc.
 */
int ydoc_load(struct ydoc *doc, const char *name, const char *data, size_t len,
	      size_t max_bytes, int max_depth, struct versus_errs *errs);
/*
 * Read the file at path into *data (caller owns, free()) and *len,
 * refusing one larger than max_bytes before reading it. Returns 0, or
 * -EINVAL / a negative errno after appending the problem to errs.
 */
int ydoc_read_file(const char *path, size_t max_bytes, struct versus_errs *errs,
		   char **data, size_t *len);
/*
 * Read the file at path (as ydoc_read_file) and call ydoc_load. Returns 0,
 * -EINVAL, or a negative errno when the file cannot be read (also reported in
 * errs). When data is not NULL, it receives the bytes read (caller owns them,
 * free()).
 */
int ydoc_load_file(struct ydoc *doc, const char *path, size_t max_bytes,
		   int max_depth, struct versus_errs *errs, char **data,
		   size_t *len);
/* Free the tree; accepts NULL and an empty doc. */
void ydoc_release(struct ydoc *doc);

/*
 * Append "name:line:col: message" (at the node, or 1:1 without one).
 * After YDOC_MAX_ERRORS errors, one last "too many errors" and no more.
 */
void ydoc_error(struct ydoc *doc, const struct ynode *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Sort errs->items[from..] by line and column, keeping equal ones in order. */
void ydoc_sort_errors(struct versus_errs *errs, size_t from);

/* Borrowed: the value for key in map, or NULL (also when map is NULL). */
const struct ynode *ydoc_map_get(const struct ynode *map, const char *key);

/*
 * Report every key of map not in allowed (NULL-terminated) as "unknown key
 * 'x' in what", with "; did you mean 'y'?" when one allowed key is close.
 * what may be NULL for the top level.
 */
void ydoc_check_keys(struct ydoc *doc, const struct ynode *map,
		     const char *const *allowed, const char *what);

/*
 * Report a missing key "missing required key 'key' in what" at map, and
 * return the value (borrowed) when present.
 */
const struct ynode *ydoc_require(struct ydoc *doc, const struct ynode *map,
				 const char *key, const char *what);

/*
 * Typed getters. Each takes the node (NULL: nothing happens, returns
 * -ENOENT, so optional keys are easy), records a located error naming
 * `what` on a wrong type or value and returns -EINVAL, or stores the value
 * and returns 0. A plain `~`, `null` or empty value counts as missing a
 * value, never as a default.
 */
bool ydoc_is_null(const struct ynode *n);
int ydoc_get_map(struct ydoc *doc, const struct ynode *n, const char *what);
int ydoc_get_seq(struct ydoc *doc, const struct ynode *n, const char *what);
/* Caller owns *out (free()); any scalar, plain or quoted. */
int ydoc_get_string(struct ydoc *doc, const struct ynode *n, const char *what,
		    char **out);
/* A plain integer within [min, max]. */
int ydoc_get_int(struct ydoc *doc, const struct ynode *n, const char *what,
		 long long min, long long max, long long *out);
/* A plain number within [min, max]. */
int ydoc_get_double(struct ydoc *doc, const struct ynode *n, const char *what,
		    double min, double max, double *out);
/* A plain number of seconds, or a parse_duration_s string; > 0. */
int ydoc_get_duration(struct ydoc *doc, const struct ynode *n, const char *what,
		      double *out_s);
/* A plain integer of bytes, or a parse_size_bytes string; > 0. */
int ydoc_get_size(struct ydoc *doc, const struct ynode *n, const char *what,
		  unsigned long long *out_bytes);
/* A sequence of scalars, appended to out (initialised by the caller). */
int ydoc_get_strvec(struct ydoc *doc, const struct ynode *n, const char *what,
		    struct strvec *out);
/* A mapping of scalars to scalars, set into out (initialised). */
int ydoc_get_kvlist(struct ydoc *doc, const struct ynode *n, const char *what,
		    struct kvlist *out);

#endif
