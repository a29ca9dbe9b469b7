/*
 * index.h: the history index, an SQLite database of what `versus history`
 * needs from many result files (one row per implementation per file),
 * kept next to them. The JSON result files stay the source of truth: the
 * index is a cache, updated incrementally on every use and rebuilt from
 * the files when it is missing, unreadable or of another schema version.
 *
 * An update scans the files named (folders: their *.json files, not
 * recursive). A file whose size and modification time are those the
 * index holds is not read; another is read and digested (SHA-256), and
 * parsed again only when its digest changed. Files of a scanned folder
 * that are gone, and named files that are gone, leave the index. A bad
 * file is remembered with its error (reported again on every use, not
 * parsed again until it changes). Queries see only the files of the last
 * update, so one index may serve several folders.
 */
#ifndef VERSUS_HISTORY_INDEX_H
#define VERSUS_HISTORY_INDEX_H

#include <stddef.h>

#include "analysis/trend.h"
#include "util/err.h"
#include "util/strvec.h"

/* The schema of the index; an index of another version is rebuilt. */
#define HISTORY_INDEX_SCHEMA 1
/* Its file name in a results folder. */
#define HISTORY_INDEX_NAME ".versus-history.sqlite"

struct history_index;

/* What an update did. */
struct history_update {
	size_t files;	/* result files named, folders expanded */
	size_t added;	/* new to the index */
	size_t changed; /* read again: another digest */
	size_t touched; /* another mtime or size, the same digest */
	size_t removed; /* gone from disk */
	size_t bad;	/* not valid result files (errors reported) */
};

/*
 * Open (creating, or rebuilding when unreadable or of another schema)
 * the index at path. Returns 0 and *out (free with history_index_free),
 * or a negative errno with err filled (the folder is not writable...).
 */
int history_index_open(const char *path, struct history_index **out,
		       struct versus_err *err);
void history_index_free(struct history_index *ix);
/* Why open built the index from nothing ("new", "schema 0, not 1", "not
 * an SQLite database"; static), or NULL when it opened an up-to-date one. */
const char *history_index_built(const struct history_index *ix);

/*
 * Bring the index up to date with paths (result files or folders of
 * them), as said above; each bad file or missing path adds an error to
 * errs. Returns 0, or a negative errno with err filled when the index
 * itself failed (nothing is changed then).
 */
int history_index_update(struct history_index *ix, const struct strvec *paths,
			 struct history_update *st, struct versus_errs *errs,
			 struct versus_err *err);

struct history_filter {
	const char *workload; /* NULL: all */
	const char *impl;     /* NULL: all */
	const char *since;    /* ISO 8601 date or time; NULL: all */
};

/*
 * The observations of the files of the last update that pass f, sorted
 * as trend_build() wants them. *out: caller owns, release each with
 * trend_obs_release() and free() the array. Returns the count, or a
 * negative errno with err filled.
 */
long history_index_query(struct history_index *ix,
			 const struct history_filter *f, struct trend_obs **out,
			 struct versus_err *err);

#endif
