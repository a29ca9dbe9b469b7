/*
 * results.h: result files (results/README.md has the schema): the JSON
 * record of one measured workload, written atomically so that a file in
 * the results folder is always complete JSON.
 */
#ifndef VERSUS_RESULTS_H
#define VERSUS_RESULTS_H

#include "measure/bench.h"
#include "spec/manifest.h"
#include "util/err.h"

#define RESULTS_SCHEMA 1

/*
 * Check that dir exists (creating it and its parents if needed) and that a
 * file can be created in it. Returns 0 or a negative errno with err filled.
 */
int results_prepare_dir(const char *dir, struct versus_err *err);

/*
 * Longest suffix a result file name adds to the workload id:
 * "-YYYYMMDDTHHMMSSZ-999.json" (the -N when a name is taken; see
 * fs_write_new()).
 */
#define RESULTS_NAME_SUFFIX_MAX 26

/*
 * Write b as a new file <dir>/<workload>-<UTC timestamp>.json (-1, -2...
 * before .json when that name is taken, e.g. by a run started in the same
 * second) with fs_write_new(): complete or absent, never replacing another
 * run's file. On success *path_out (if not NULL) gets the path; caller
 * owns it. Returns 0 or a negative errno with err filled (the folder is
 * full, read-only, gone...); nothing is left behind then.
 */
int results_write(const struct bench *b, const char *dir, char **path_out,
		  struct versus_err *err);

/* Where results_write_fallback() writes: $TMPDIR if absolute, else /tmp. */
const char *results_fallback_dir(void);

/*
 * Same as results_write() into results_fallback_dir(), mode 0600: for a
 * result the chosen folder could not take, so that it is not lost.
 */
int results_write_fallback(const struct bench *b, char **path_out,
			   struct versus_err *err);

/* The JSON text of b's result file, newline-terminated; caller frees;
 * NULL when out of memory. */
char *results_text(const struct bench *b);

#endif
