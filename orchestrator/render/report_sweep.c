/*
 * report_sweep.c: the sections of a scaling sweep (results/README.md,
 * `sweep`) in every report format: per implementation, time, ratio to
 * the baseline and peak memory against the swept parameter, and the fit
 * time = a + b n with bootstrap CIs (analysis/sweep.h).
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/sweep.h"
#include "render/format.h"
#include "render/report_int.h"
#include "render/svg.h"
#include "render/table.h"
#include "util/alloc.h"
#include "util/escape.h"
#include "util/term.h"
#include "util/banned.h"

/* What a point's cell shows: 0 time, 1 ratio, 2 memory. */
enum sweep_what { SW_TIME, SW_RATIO, SW_MEMORY };

static const char *const what_title[] = {
	"median time (95% CI)",
	"time ratio to the baseline at each point (95% CI)",
	"peak memory (median)",
};

static void point_cell(const struct result_impl *im, enum sweep_what w,
		       char *buf, size_t size)
{
	if (!im) {
		snprintf(buf, size, "-");
		return;
	}
	if (!result_impl_ok(im)) {
		snprintf(buf, size, "%s", im->status);
		return;
	}
	if (w == SW_TIME)
		report_fmt_median_ci(buf, size, &im->stats[RESULT_WALL], false,
				     REPORT_TIME_AUTO);
	else if (w == SW_MEMORY)
		report_fmt_bytes(buf, size,
				 im->stats[RESULT_MEMORY].present
					 ? im->stats[RESULT_MEMORY].median
					 : NAN);
	else if (im->ratio[RESULT_WALL].present)
		report_fmt_ratio_ci(buf, size, &im->ratio[RESULT_WALL]);
	else
		snprintf(buf, size, "n/a");
}

/* "a [lo, hi]" of a time, or "-". */
static void fmt_ns_ci(char *buf, size_t size, double v, double lo, double hi)
{
	char a[32], b[32], c[32];
	if (isnan(v)) {
		snprintf(buf, size, "-");
		return;
	}
	report_fmt_ns(a, sizeof(a), v);
	report_fmt_ns(b, sizeof(b), lo);
	report_fmt_ns(c, sizeof(c), hi);
	snprintf(buf, size, "%s [%s, %s]", a, b, c);
}

/* A negative a (or b) is a fit, not a time: shown signed. */
static void fmt_signed_ns(char *buf, size_t size, double v, double lo,
			  double hi)
{
	if (v < 0 || lo < 0) {
		snprintf(buf, size, "%.3g ms [%.3g, %.3g]", v / 1e6, lo / 1e6,
			 hi / 1e6);
		return;
	}
	fmt_ns_ci(buf, size, v, lo, hi);
}

static const struct table_column fit_cols[] = {
	{"id", TABLE_LEFT, 0, true, 10},
	{"points", TABLE_RIGHT, 2, false, 0},
	{"runs left out", TABLE_RIGHT, 3, false, 0},
	{"a: fixed cost", TABLE_LEFT, 0, true, 12},
	{"b: per unit", TABLE_LEFT, 0, true, 12},
	{"b / b baseline", TABLE_LEFT, 0, true, 12},
	{"r²", TABLE_RIGHT, 1, false, 0},
};

static void fit_cells(const struct result_file *rf, const char *id,
		      struct table *t)
{
	struct sweep_fit f;
	char buf[128];
	sweep_fit_impl(rf, id, rf->seed, &f);
	table_add(t, id, NULL);
	snprintf(buf, sizeof(buf), "%zu", f.points_ok);
	table_add(t, buf, NULL);
	snprintf(buf, sizeof(buf), "%zu", f.excluded);
	table_add(t, buf, NULL);
	if (!f.have_fit) {
		table_add(t, "no fit: fewer than 3 points OK", NULL);
		table_add(t, "-", NULL);
		table_add(t, "-", NULL);
		table_add(t, "-", NULL);
		return;
	}
	fmt_signed_ns(buf, sizeof(buf), f.fit.a, f.fit.a_low, f.fit.a_high);
	table_add(t, buf, NULL);
	fmt_signed_ns(buf, sizeof(buf), f.fit.b, f.fit.b_low, f.fit.b_high);
	table_add(t, buf, NULL);
	if (f.have_ratio) {
		struct result_ratio r = {true, f.slope_ratio.value,
					 f.slope_ratio.ci_low,
					 f.slope_ratio.ci_high};
		report_fmt_ratio_ci(buf, sizeof(buf), &r);
	} else {
		snprintf(buf, sizeof(buf), "n/a");
	}
	table_add(t, buf, NULL);
	snprintf(buf, sizeof(buf), "%.4f", f.fit.r2);
	table_add(t, buf, NULL);
}

void sweep_render_text(const struct result_file *rf, bool md, bool color,
		       size_t width, struct strbuf *sb)
{
	if (!rf->sweep_param || !rf->points_nr)
		return;
	const char *bold = color && !md ? term_seq(TERM_BOLD) : "",
		   *off = color && !md ? term_seq(TERM_RESET) : "";
	size_t ncols = rf->impls_nr + 1;
	struct table_column *cols = xcalloc(ncols, sizeof(*cols));
	cols[0] = (struct table_column){rf->sweep_param, TABLE_RIGHT, 0, false,
					0};
	for (size_t i = 0; i < rf->impls_nr; i++)
		cols[i + 1] = (struct table_column){rf->impls[i].id, TABLE_LEFT,
						    0, true, 10};
	strbuf_addch(sb, '\n');
	for (int w = SW_TIME; w <= SW_MEMORY; w++) {
		struct table t;
		if (md) {
			strbuf_addstr(sb, "### Sweep of `");
			esc_md_code(sb, rf->sweep_param);
			strbuf_addf(sb, "`: %s\n\n", what_title[w]);
		} else {
			strbuf_addf(sb, "%ssweep of ", bold);
			char *p = esc_term_dup(rf->sweep_param);
			strbuf_addf(sb, "%s: %s%s\n\n", p, what_title[w], off);
			free(p);
		}
		table_init(&t, cols, ncols);
		for (size_t k = 0; k < rf->points_nr; k++) {
			table_add(&t, rf->points[k].value, NULL);
			for (size_t i = 0; i < rf->impls_nr; i++) {
				char buf[96];
				const struct result_impl *im = sweep_point_impl(
					rf, k, rf->impls[i].id);
				point_cell(im, (enum sweep_what)w, buf,
					   sizeof(buf));
				table_add(&t, buf,
					  im && !result_impl_ok(im) ? TERM_RED
								    : NULL);
			}
		}
		if (md)
			table_render_md(&t, sb);
		else
			table_render_text(&t, width, color, sb);
		table_release(&t);
		strbuf_addch(sb, '\n');
	}
	free(cols);
	struct table t;
	char *head = xstrfmt("fit of time = a + b %s over every OK timed "
			     "run (95%% bootstrap CIs)",
			     rf->sweep_param);
	if (md) {
		strbuf_addstr(sb, "### ");
		esc_md(sb, head);
		strbuf_addstr(sb, "\n\n");
	} else {
		char *h = esc_term_dup(head);
		strbuf_addf(sb, "%s%s%s\n\n", bold, h, off);
		free(h);
	}
	free(head);
	table_init(&t, fit_cols, sizeof(fit_cols) / sizeof(fit_cols[0]));
	for (size_t i = 0; i < rf->impls_nr; i++)
		fit_cells(rf, rf->impls[i].id, &t);
	if (md)
		table_render_md(&t, sb);
	else
		table_render_text(&t, width, color, sb);
	table_release(&t);
	char *note = xstrfmt(
		"a is the fixed cost (start-up), b the cost per unit of %s; "
		"b / b baseline compares the per-unit costs, free of start-up; "
		"runs far from their point's median (5 robust sds and 5%%) are "
		"left out (docs/reporting.md, \"Sweeps\").",
		rf->sweep_param);
	strbuf_addch(sb, '\n');
	if (md) {
		strbuf_addch(sb, '*');
		esc_md(sb, note);
		strbuf_addstr(sb, "*\n");
	} else {
		table_wrap_text(sb, "", note, width, 0);
	}
	free(note);
}

static json_t *jnum(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *jci(double v, double lo, double hi)
{
	return json_pack("{s:o,s:o,s:o}", "value", jnum(v), "ci_low", jnum(lo),
			 "ci_high", jnum(hi));
}

json_t *sweep_render_json(const struct result_file *rf)
{
	if (!rf->sweep_param)
		return NULL;
	json_t *o = json_object(), *pts = json_array(), *fits = json_array();
	json_object_set_new(o, "param", json_string(rf->sweep_param));
	for (size_t k = 0; k < rf->points_nr; k++) {
		const struct result_point *p = &rf->points[k];
		json_t *impls = json_array();
		for (size_t i = 0; i < p->impls_nr; i++) {
			const struct result_impl *im = &p->impls[i];
			const struct result_summary *t =
				&im->stats[RESULT_WALL];
			const struct result_summary *m =
				&im->stats[RESULT_MEMORY];
			const struct result_ratio *r = &im->ratio[RESULT_WALL];
			json_array_append_new(
				impls,
				json_pack("{s:s,s:s,s:o,s:o,s:o}", "id", im->id,
					  "status", im->status, "time_ns",
					  t->present ? jci(t->median, t->ci_low,
							   t->ci_high)
						     : json_null(),
					  "time_ratio",
					  r->present ? jci(r->value, r->ci_low,
							   r->ci_high)
						     : json_null(),
					  "peak_memory_bytes",
					  m->present ? jnum(m->median)
						     : json_null()));
		}
		json_array_append_new(pts, json_pack("{s:s,s:o}", "value",
						     p->value ? p->value : "",
						     "implementations", impls));
	}
	for (size_t i = 0; i < rf->impls_nr; i++) {
		struct sweep_fit f;
		sweep_fit_impl(rf, rf->impls[i].id, rf->seed, &f);
		json_t *fo = json_pack("{s:s,s:I,s:I}", "id", rf->impls[i].id,
				       "points", (json_int_t)f.points_ok,
				       "runs_left_out", (json_int_t)f.excluded);
		if (f.have_fit) {
			json_object_set_new(
				fo, "a_ns",
				jci(f.fit.a, f.fit.a_low, f.fit.a_high));
			json_object_set_new(
				fo, "b_ns",
				jci(f.fit.b, f.fit.b_low, f.fit.b_high));
			json_object_set_new(fo, "r2", jnum(f.fit.r2));
		} else {
			json_object_set_new(fo, "a_ns", json_null());
			json_object_set_new(fo, "b_ns", json_null());
			json_object_set_new(fo, "r2", json_null());
		}
		json_object_set_new(fo, "b_ratio",
				    f.have_ratio ? jci(f.slope_ratio.value,
						       f.slope_ratio.ci_low,
						       f.slope_ratio.ci_high)
						 : json_null());
		json_array_append_new(fits, fo);
	}
	json_object_set_new(o, "points", pts);
	json_object_set_new(o, "fit", fits);
	return o;
}

static void fmt_x(char *buf, size_t size, double v)
{
	snprintf(buf, size, "%g", v);
}

static void fmt_ratio_tick(char *buf, size_t size, double v)
{
	snprintf(buf, size, "%.3g×", v);
}

/* One chart of metric w against the parameter, a series per impl. */
static void sweep_chart(const struct result_file *rf, enum sweep_what w,
			struct strbuf *sb)
{
	size_t n = rf->impls_nr, np = rf->points_nr;
	struct svg_series *s = xcalloc(n + 1, sizeof(*s));
	double *buf = xcalloc(4 * n * np + 1, sizeof(double));
	for (size_t i = 0; i < n; i++) {
		double *x = buf + 4 * i * np, *y = x + np, *lo = y + np,
		       *hi = lo + np;
		s[i] = (struct svg_series){
			rf->impls[i].id,
			x,
			y,
			lo,
			hi,
			np,
			!strcmp(rf->impls[i].id, rf->baseline)};
		for (size_t k = 0; k < np; k++) {
			const struct result_impl *im =
				sweep_point_impl(rf, k, rf->impls[i].id);
			x[k] = sweep_point_x(rf, k);
			y[k] = lo[k] = hi[k] = NAN;
			if (!im || !result_impl_ok(im))
				continue;
			if (w == SW_RATIO && im->ratio[RESULT_WALL].present) {
				y[k] = im->ratio[RESULT_WALL].value;
				lo[k] = im->ratio[RESULT_WALL].ci_low;
				hi[k] = im->ratio[RESULT_WALL].ci_high;
			} else if (w != SW_RATIO) {
				const struct result_summary *st =
					&im->stats[w == SW_TIME
							   ? RESULT_WALL
							   : RESULT_MEMORY];
				if (st->present) {
					y[k] = st->median;
					lo[k] = st->ci_low;
					hi[k] = st->ci_high;
				}
			}
		}
	}
	char *caption = xstrfmt("%s against %s (log-log)", what_title[w],
				rf->sweep_param);
	strbuf_addstr(sb, "<h3>");
	svg_escape(sb, caption);
	strbuf_addstr(sb, "</h3>\n<div class=\"chart\">");
	svg_xy_chart(sb, s, n, caption, rf->sweep_param, fmt_x,
		     w == SW_TIME     ? report_fmt_ns
		     : w == SW_MEMORY ? report_fmt_bytes
				      : fmt_ratio_tick,
		     w == SW_RATIO);
	strbuf_addstr(sb, "</div>\n");
	free(caption);
	free(buf);
	free(s);
}

void sweep_render_html(const struct result_file *rf, struct strbuf *sb)
{
	if (!rf->sweep_param || !rf->points_nr)
		return;
	strbuf_addstr(sb, "<h3>Sweep of <code>");
	svg_escape(sb, rf->sweep_param);
	strbuf_addf(sb, "</code>: %zu points</h3>\n", rf->points_nr);
	for (int w = SW_TIME; w <= SW_MEMORY; w++)
		sweep_chart(rf, (enum sweep_what)w, sb);
	strbuf_addstr(sb, "<h3>Fit of time = a + b ");
	svg_escape(sb, rf->sweep_param);
	strbuf_addstr(sb, " (95% bootstrap CIs)</h3>\n<table class=\"fit\">"
			  "<thead><tr>");
	for (size_t c = 0; c < sizeof(fit_cols) / sizeof(fit_cols[0]); c++) {
		strbuf_addstr(sb, "<th>");
		svg_escape(sb, fit_cols[c].header);
		strbuf_addstr(sb, "</th>");
	}
	strbuf_addstr(sb, "</tr></thead><tbody>\n");
	struct table t;
	table_init(&t, fit_cols, sizeof(fit_cols) / sizeof(fit_cols[0]));
	for (size_t i = 0; i < rf->impls_nr; i++)
		fit_cells(rf, rf->impls[i].id, &t);
	for (size_t r = 0; r < rf->impls_nr; r++) {
		strbuf_addstr(sb, "<tr>");
		for (size_t c = 0; c < t.cols_nr; c++) {
			strbuf_addstr(sb, "<td>");
			svg_escape(sb, t.cells.v[r * t.cols_nr + c]);
			strbuf_addstr(sb, "</td>");
		}
		strbuf_addstr(sb, "</tr>\n");
	}
	table_release(&t);
	strbuf_addstr(sb, "</tbody></table>\n");
}
