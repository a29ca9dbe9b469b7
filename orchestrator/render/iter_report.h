/*
 * iter_report.h: the iteration-mode part of a workload's report (issue
 * 13, docs/warmup.md), shared by the table, Markdown, JSON and HTML
 * renderers. iter_view_build() runs the warmup analysis (analysis/warmup)
 * on the series a record holds: every OK execution of every
 * implementation with `iterations`, their summary, and the four ratios
 * and the crossover to the baseline. Nothing is stored in the record:
 * the figures are a pure function of it and of its seed.
 */
#ifndef VERSUS_ITER_REPORT_H
#define VERSUS_ITER_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "analysis/warmup.h"
#include "record/record.h"
#include "render/table.h"
#include "util/strbuf.h"
#include "util/strvec.h"

/* One implementation in iteration mode. */
struct iter_impl_view {
	const struct result_impl *im; /* borrowed */
	struct warmup_config cfg;     /* the record's settings */
	/* analysed executions: OK with 2 or more iterations */
	struct warmup_exec *execs;
	const struct result_iter_exec **recs; /* their series, borrowed */
	const uint64_t **iter_ns;	      /* their times, borrowed */
	double *wall_ns; /* from the sample of the same round; NAN */
	size_t n;
	size_t not_analysed; /* series of another status, or too short */
	bool has_summary;
	struct warmup_summary sum;
	/* median, 5% and 95% over the analysed executions; NAN if none */
	double first_result_ns[3], first_iter_ns[3];
	double detect_limit_rel; /* median smallest detectable shift */
	size_t drifting, autocorrelated, outliers;
	/* to the baseline; has_ratios false for the baseline itself, when
	 * either side has no analysed execution or is not OK */
	bool has_ratios;
	/* no ratios: its inner repetitions differ from the baseline's */
	bool inner_differs;
	struct warmup_ratios ratios;
	struct warmup_crossover overtaken; /* the baseline catching up */
};

struct iter_view {
	const struct result_file *rf; /* borrowed */
	struct iter_impl_view *impls; /* those with iterations, in order */
	size_t nr;
	const struct iter_impl_view *base; /* NULL when not in the view */
};

/*
 * Analyse the iteration data of rf into *v (caller releases with
 * iter_view_release), seeded by rf->seed. v->nr is 0 when no
 * implementation has iterations. Never fails: what cannot be analysed is
 * counted in not_analysed.
 */
void iter_view_build(const struct result_file *rf, struct iter_view *v);
/* Free what v owns; accepts a zeroed or released view. */
void iter_view_release(struct iter_view *v);

/*
 * Append the iteration section of v: the executions table, the ratios to
 * the baseline and the notes, as text (width as table.h, colour) or as
 * Markdown (md). Nothing when v->nr is 0.
 */
void iter_render_text(const struct iter_view *v, bool md, size_t width,
		      bool color, struct strbuf *sb);

/*
 * The parts of that section, for the HTML page: the executions table and
 * the ratios table (initialised here; release with table_release), the
 * settings line, the notes (pushed to out) and the legend.
 */
void iter_exec_table(const struct iter_view *v, struct table *t);
void iter_ratio_table(const struct iter_view *v, struct table *t);
/* Whether an implementation has ratios to the baseline. */
bool iter_view_has_ratios(const struct iter_view *v);
void iter_settings(const struct iter_view *v, struct strbuf *sb);
void iter_notes(const struct iter_view *v, struct strvec *out);
extern const char iter_legend[];

/* The figures of one implementation as a JSON object (new reference),
 * for `versus report --format json`. */
json_t *iter_impl_json(const struct iter_impl_view *iv);

/* The repetitions in one of im's iterations (iterations.inner, at least
 * 1): the tables divide iteration times by it. */
long iter_inner(const struct result_impl *im);

/* The view of implementation id, or NULL (borrowed). */
const struct iter_impl_view *iter_view_find(const struct iter_view *v,
					    const char *id);

/* "flat 4, warmup 1, PV 1": the executions by class. */
void iter_fmt_classes(const struct iter_impl_view *iv, char *buf, size_t size);
/* "after 14 iterations (0.45 s)", "never", ... for the crossover. */
void iter_fmt_crossover(const struct iter_impl_view *iv, char *buf,
			size_t size);

#endif
