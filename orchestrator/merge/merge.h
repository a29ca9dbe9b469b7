/*
 * merge.h: `versus merge` (docs/distributed.md, "Merging"): the result
 * files of a sharded suite, and earlier merge documents, into one merge
 * document (results/README.md, "Merge documents").
 *
 * The merge is a pure function of the records it is given: no clock, no
 * file names and no input order reach the document, so merging in any
 * order gives the same bytes, merge(merge(a, b), c) = merge(a, b, c) and
 * merge(x, x) = merge(x). A record is identified by the SHA-256 of its
 * text as result_file_text() writes it, so the same record read from a
 * shard's file or from an earlier merge is one record.
 *
 * Units: a record of `versus run --shard` is the unit its shard.unit
 * names; a plain record (no `shard`) is the unit "<workload>" or
 * "<workload>@<size>". Two records of one unit are duplicates (a requeued
 * task): the one kept is the first by this total order, and the others'
 * digests are listed as dropped (unioned with the lists of earlier
 * merges):
 *   1. a complete record before an incomplete one
 *   2. more implementations with status OK
 *   3. the later finished_at
 *   4. the smaller SHA-256 of the record's text
 *
 * Refused (merge_run() returns -EINVAL, every reason in errs, nothing
 * made): records of different plans; records of a plan mixed with plain
 * ones; a unit the plan (--plan) does not have; and, within one workload
 * table (the records of one workload and size, e.g. the groups of a
 * group:G plan), records of different hardware or environment
 * fingerprints, or whose implementations of one language used different
 * toolchains, naming both nodes and what differs, unless allow_mixed:
 * then each (hardware, environment) pair gets its own table and no ratio
 * crosses them.
 *
 * Groups (units "<workload>#g<k>", the baseline replicated as anchor in
 * each) are pooled into one table, each implementation with its ratio to
 * its own group's anchor, only when the anchors agree: the ratio of each
 * group's anchor median to the first group's has a 95% bootstrap CI
 * (analysis/stats.h) that contains 1. Otherwise each group is a table of
 * its own, the workload is left out of the summaries, and a note says so.
 *
 * Summaries: per hardware fingerprint, the geometric mean of each
 * implementation's (and each language's) time ratios over the workloads
 * run on that hardware, with stats_geomean's CI; never across two.
 * The calibration canary (shard.canary_ns): among the nodes of one
 * hardware fingerprint, a node whose median canary is more than 10%
 * above the median of the other nodes' is flagged.
 */
#ifndef VERSUS_MERGE_H
#define VERSUS_MERGE_H

#include <stdbool.h>
#include <stddef.h>

#include "record/record.h"
#include "util/err.h"
#include "util/strvec.h"

/* A node is slow when its canary is above this factor of the others'. */
#define MERGE_CANARY_SLOW 1.10

struct merge_item;
struct merge_doc;

/* What a merge reads: records, and what earlier merges remembered. */
struct merge_inputs {
	struct merge_item *items; /* every record read */
	size_t nr, alloc;
	struct merge_doc *docs; /* every merge document read */
	size_t docs_nr, docs_alloc;
};

#define MERGE_INPUTS_INIT                                                      \
	{                                                                      \
		NULL, 0, 0, NULL, 0, 0                                         \
	}

void merge_inputs_init(struct merge_inputs *in);
/*
 * Add what path holds: a result file, a merge document, or a folder whose
 * *.json files and whose subfolders' *.json files (one level: shards/0/)
 * are added, in name order; an empty folder adds nothing. Every bad file
 * or record adds one located error to errs ("merged.json: results[3]...:
 * ..."). Returns the number of records added.
 */
size_t merge_inputs_add_path(struct merge_inputs *in, const char *path,
			     struct versus_errs *errs);
/*
 * Add one document (a result file or a merge document) held in data;
 * name is used in messages only. Returns 0, or a negative errno with err
 * filled (nothing added).
 */
int merge_inputs_add_buffer(struct merge_inputs *in, const char *name,
			    const char *data, size_t len,
			    struct versus_err *err);
/* Free what in holds; accepts NULL. */
void merge_inputs_release(struct merge_inputs *in);

/* One unit of the plan given with --plan (borrowed). */
struct merge_plan_unit {
	const char *id;
	long shard;
};

struct merge_options {
	const char *versus_version; /* written as versus_version */
	/* --plan: its id and units (borrowed); plan_id NULL: no plan */
	const char *plan_id;
	const struct merge_plan_unit *plan_units;
	size_t plan_units_nr;
	bool allow_mixed; /* --allow-mixed */
};

/* The most units of one workload (and size) a merge takes: a plan's
 * groups, at most one per implementation. */
#define MERGE_MAX_GROUPS 1000

struct merge_result {
	char *text;	       /* the merge document, newline-terminated */
	char *plan_id;	       /* the plan's id; NULL: a merge of plain runs */
	struct strvec missing; /* "unit (shard K)" of each missing unit */
	/* the same for each unit whose record is incomplete (its task
	   stopped mid-run: complete false): partial output too */
	struct strvec incomplete;
	/* the document's notes: groups not pooled, slow nodes, mixed
	 * fingerprints, duplicates */
	struct strvec notes;
	size_t units_nr, present_nr, dropped_nr;
	size_t shards_nr; /* distinct shards of present units */
};

/*
 * Merge every record of in. On success returns 0 and fills res (release
 * with merge_result_release()). On a refusal returns -EINVAL with each
 * reason appended to errs, and res holds nothing.
 */
int merge_run(const struct merge_inputs *in, const struct merge_options *o,
	      struct merge_result *res, struct versus_errs *errs);
void merge_result_release(struct merge_result *res);

#endif
