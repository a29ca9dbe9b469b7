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
#include "util/strvec.h"

enum report_format {
	REPORT_TABLE,	      /* aligned text for a terminal */
	REPORT_MD,	      /* GitHub-flavoured Markdown */
	REPORT_CSV,	      /* one row per workload x implementation */
	REPORT_JSON,	      /* the report's figures, versus_report: 1 */
	REPORT_HTML,	      /* one self-contained page with inline SVG */
	REPORT_BMF,	      /* Bencher Metric Format */
	REPORT_GITHUB_ACTION, /* github-action-benchmark customSmallerIsBetter
			       */
};

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
};

/* Parse a --format name; returns 0 or -EINVAL. */
int report_parse_format(const char *name, enum report_format *out);
/* The --format name of fmt. */
const char *report_format_name(enum report_format fmt);

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
 * writing it. Colour in the table format follows term_color(out) when out
 * is stdout. Returns 0, or -EIO.
 */
int report_render_workload(const struct result_file *rf, enum report_format fmt,
			   FILE *out);

/* Human formats shared with compare: "48.0 ms", "1.6 MiB", "1.02". */
void report_fmt_ns(char *buf, size_t size, double ns);
void report_fmt_bytes(char *buf, size_t size, double bytes);
void report_fmt_ratio(char *buf, size_t size, double ratio);

#endif
