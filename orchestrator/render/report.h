/*
 * report.h: renderers of result files (STYLE.md: reports are pure functions
 * of records). Each takes loaded result files, one per workload, and writes
 * one format to a stream; nothing is measured or re-run here.
 *
 * One workload: the per-implementation table (time, memory, ratios with
 * CIs, failures with their reason). Several: one table per workload, then
 * the suite summary, rows = implementations, columns = workloads, cells =
 * ratio to each workload's baseline with its 95% CI, and a last column with
 * the geometric mean of the ratios and its bootstrap CI.
 */
#ifndef VERSUS_REPORT_H
#define VERSUS_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "record/record.h"
#include "render/format.h"
#include "record/record.h"
#include "util/strvec.h"

/* How suite-summary rows are keyed. */
enum report_rows {
	REPORT_ROWS_ID,	      /* implementation id */
	REPORT_ROWS_LANGUAGE, /* language (first implementation of each) */
};

struct report_options {
	bool color; /* ANSI colour in REPORT_TABLE */
	enum report_rows rows;
	/* table and md: only the suite summary, not each workload's table
	 * (what `versus run` prints after the workloads' own tables) */
	bool summary_only;
	/* REPORT_TABLE: display columns a line may use, 0 for no limit
	 * (render/table.h: wrap, then leave out columns) */
	size_t width;
	/* REPORT_TABLE and REPORT_MD: the unit of times (--time-unit) */
	enum report_time_unit time_unit;
};

/*
 * Render files[0..nr) (borrowed; one per workload, in display order) to
 * out. notes (may be NULL) are shown as remarks (e.g. which file of a
 * workload was used). Returns 0, or -EIO when writing failed.
 */
int report_render(const struct result_file *const *files, size_t nr,
		  const struct strvec *notes, enum report_format fmt,
		  const struct report_options *opts, FILE *out);

/*
 * The per-workload report of one result file, as `versus run` prints after
 * writing it: colour and width (0: no limit) as in struct report_options.
 * Returns 0, or -EIO.
 */
int report_render_workload(const struct result_file *rf, enum report_format fmt,
			   bool color, size_t width,
			   enum report_time_unit time_unit, FILE *out);

#endif
