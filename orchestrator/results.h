/*
 * results.h: result files (results/README.md has the schema): the JSON
 * record of one measured workload, written atomically so that a file in
 * the results folder is always complete JSON.
 */
#ifndef VERSUS_RESULTS_H
#define VERSUS_RESULTS_H

#include "bench.h"
#include "util/err.h"

#define RESULTS_SCHEMA 1

/*
 * Check that dir exists (creating it and its parents if needed) and that a
 * file can be created in it. Returns 0 or a negative errno with err filled.
 */
int results_prepare_dir(const char *dir, struct versus_err *err);

/*
 * Write b as <dir>/<workload>-<UTC timestamp>.json through a temporary
 * file, fsync and rename. On success *path_out (if not NULL) gets the
 * path; caller owns it. Returns 0 or a negative errno with err filled.
 */
int results_write(const struct bench *b, const char *dir, char **path_out,
		  struct versus_err *err);

#endif
