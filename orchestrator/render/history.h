/*
 * history.h: `versus history` output: the series of a history
 * (analysis/trend.h) as a table, JSON, the github-action and BMF exports,
 * and a static HTML dashboard (history_html.c).
 */
#ifndef VERSUS_RENDER_HISTORY_H
#define VERSUS_RENDER_HISTORY_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis/trend.h"
#include "render/format.h"
#include "util/strbuf.h"

struct history_view {
	const struct trend_series *series; /* borrowed */
	size_t series_nr;
	double threshold; /* of an alert, a fraction */
	bool fail_on_regression;
	bool points;   /* the table lists every revision of every series */
	char **labels; /* one per series, unique (history_labels) */
	/* html: each series' latest revisions whose runs get a report page
	 * of their own (older points link to their result file) */
	int reports;
};

/*
 * Unique labels of the series: "workload/impl", then " [params]", " on
 * host" and " (set-up 1a2b3c)" where needed to tell two apart. Caller
 * frees with history_labels_free().
 */
char **history_labels(const struct trend_series *s, size_t nr);
void history_labels_free(char **labels, size_t nr);

/* A revision as shown: a git id cut to 10 characters, a label as it is,
 * the run's time without one. Borrowed or into buf. */
const char *history_revision_label(const struct trend_point *p, char *buf,
				   size_t size);

/*
 * Append v in fmt (REPORT_TABLE, REPORT_JSON, REPORT_BMF,
 * REPORT_GITHUB_ACTION, REPORT_OPENMETRICS) to out; width and color as for
 * table_render_text. Returns 0, or -EINVAL for another format.
 */
int history_render(const struct history_view *v, enum report_format fmt,
		   size_t width, bool color, struct strbuf *out);

/*
 * The alert lines of v (one per series whose latest change is a
 * regression above the threshold, naming the series and the revision
 * range) appended to out; returns how many.
 */
size_t history_alerts(const struct history_view *v, struct strbuf *out);

/*
 * Write the dashboard into dir (made when missing): index.html (every
 * series with a sparkline and its latest change) and one page per
 * workload (charts of every implementation over revisions, log scale
 * when the values span more than a factor of 20, 95% CI bands, change
 * points marked, and each implementation's ratio to the baseline), each
 * point linking to its result file. No script, no remote resource.
 * Returns 0, or a negative errno (the file that failed in err_path,
 * caller frees).
 */
int history_write_html(const struct history_view *v, const char *dir,
		       char **err_path);

#endif
