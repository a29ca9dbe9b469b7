/*
 * iter_report.c: the iteration-mode section of a workload's report
 * (iter_report.h): the analysis of each execution's series, the summary
 * of an implementation's executions, the four ratios and the crossover
 * to the baseline, and their tables.
 */
#include "render/iter_report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/stats.h"
#include "render/json_value.h"
#include "render/report_int.h"
#include "render/table.h"
#include "util/alloc.h"
#include "util/escape.h"
#include "util/term.h"
#include "util/banned.h"

long iter_inner(const struct result_impl *im)
{
	return im->iterations.inner > 1 ? im->iterations.inner : 1;
}

static void config_of(const struct result_iterations *it,
		      struct warmup_config *cfg)
{
	warmup_config_init(cfg);
	if (it->mode && !strcmp(it->mode, "compat"))
		cfg->mode = WARMUP_MODE_COMPAT;
	if (isfinite(it->penalty) && it->penalty > 0)
		cfg->penalty_factor = it->penalty;
	if (isfinite(it->tolerance) && it->tolerance >= 0)
		cfg->tolerance = it->tolerance;
}

static double wall_of_round(const struct result_impl *im, long round)
{
	for (size_t i = 0; i < im->samples_nr; i++)
		if (im->samples[i].round == round &&
		    !strcmp(im->samples[i].status, "OK"))
			return im->samples[i].wall_ns;
	return NAN;
}

/* Median, 5% and 95% of x[0..n) (reordered); NAN when n is 0. */
static void spread3(double *x, size_t n, double out[3])
{
	static const double p[3] = {0.5, 0.05, 0.95};
	for (int k = 0; k < 3; k++)
		out[k] = n ? stats_quantile(x, n, p[k]) : NAN;
}

static void impl_analyse(struct iter_impl_view *iv, uint64_t seed)
{
	const struct result_iterations *it = &iv->im->iterations;
	size_t cap = it->execs_nr ? it->execs_nr : 1;
	double *x;
	config_of(it, &iv->cfg);
	iv->execs = xcalloc(cap, sizeof(*iv->execs));
	iv->recs = xcalloc(cap, sizeof(*iv->recs));
	iv->iter_ns = xcalloc(cap, sizeof(*iv->iter_ns));
	iv->wall_ns = xcalloc(cap, sizeof(*iv->wall_ns));
	for (size_t i = 0; i < it->execs_nr; i++) {
		const struct result_iter_exec *ex = &it->execs[i];
		struct warmup_exec *e = &iv->execs[iv->n];
		double startup = ex->start_ns;
		if (strcmp(ex->status, "OK") ||
		    warmup_exec_analyse(ex->iter_ns, ex->n, startup, &iv->cfg,
					e) < 0) {
			warmup_exec_release(e);
			iv->not_analysed++;
			continue;
		}
		iv->recs[iv->n] = ex;
		iv->iter_ns[iv->n] = ex->iter_ns;
		iv->wall_ns[iv->n] = wall_of_round(iv->im, ex->round);
		iv->drifting += e->drift != 0;
		iv->autocorrelated += e->autocorrelated != 0;
		iv->outliers += e->noutliers;
		iv->n++;
	}
	for (int k = 0; k < 3; k++)
		iv->first_result_ns[k] = iv->first_iter_ns[k] = NAN;
	iv->detect_limit_rel = NAN;
	if (!iv->n)
		return;
	iv->has_summary = warmup_summarise(iv->execs, iv->n, &iv->cfg, seed,
					   &iv->sum) == 0;
	x = xmalloc(iv->n * sizeof(*x));
	size_t m = 0;
	for (size_t i = 0; i < iv->n; i++)
		if (isfinite(iv->execs[i].first_result_ns))
			x[m++] = iv->execs[i].first_result_ns;
	/* only when every execution knows its start, as the ratio */
	spread3(x, m == iv->n ? m : 0, iv->first_result_ns);
	for (size_t i = 0; i < iv->n; i++)
		x[i] = iv->execs[i].first_iter_ns;
	spread3(x, iv->n, iv->first_iter_ns);
	m = 0;
	for (size_t i = 0; i < iv->n; i++)
		if (isfinite(iv->execs[i].detect_limit_rel))
			x[m++] = iv->execs[i].detect_limit_rel;
	iv->detect_limit_rel = m ? stats_quantile(x, m, 0.5) : NAN;
	free(x);
}

static void group_of(const struct iter_impl_view *iv, struct warmup_group *g)
{
	bool walls = true;
	for (size_t i = 0; i < iv->n; i++)
		walls = walls && isfinite(iv->wall_ns[i]);
	*g = (struct warmup_group){
		.execs = iv->execs,
		.iter_ns = iv->iter_ns,
		.wall_ns = walls ? iv->wall_ns : NULL,
		.n = iv->n,
	};
}

void iter_view_build(const struct result_file *rf, struct iter_view *v)
{
	memset(v, 0, sizeof(*v));
	v->rf = rf;
	v->impls = xcalloc(rf->impls_nr + 1, sizeof(*v->impls));
	for (size_t i = 0; i < rf->impls_nr; i++) {
		const struct result_impl *im = &rf->impls[i];
		if (!im->iterations.present)
			continue;
		struct iter_impl_view *iv = &v->impls[v->nr++];
		iv->im = im;
		impl_analyse(iv, rf->seed + 1000003u * i);
		if (!strcmp(im->id, rf->baseline))
			v->base = iv;
	}
	const struct iter_impl_view *b = v->base;
	if (!b || !b->n || !result_impl_ok(b->im))
		return;
	for (size_t i = 0; i < v->nr; i++) {
		struct iter_impl_view *iv = &v->impls[i];
		struct warmup_group ga, gb;
		struct warmup_ratios back;
		if (iv == b || !iv->n || !result_impl_ok(iv->im))
			continue;
		/* different work in an iteration: no ratio is per the same
		 * work (end-to-end and the crossover least of all) */
		iv->inner_differs = iter_inner(iv->im) != iter_inner(b->im);
		if (iv->inner_differs)
			continue;
		group_of(iv, &ga);
		group_of(b, &gb);
		uint64_t seed = rf->seed + 7919u * (i + 1);
		iv->has_ratios = warmup_compare(&ga, &gb, &iv->cfg, seed,
						&iv->ratios) == 0;
		/* the crossover the other way: the baseline catching up */
		struct warmup_config one = iv->cfg;
		one.resamples = 1;
		if (iv->has_ratios &&
		    warmup_compare(&gb, &ga, &one, seed, &back) == 0)
			iv->overtaken = back.cross;
		else
			iv->overtaken.kind = WARMUP_CROSS_UNKNOWN;
	}
}

void iter_view_release(struct iter_view *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->nr; i++) {
		struct iter_impl_view *iv = &v->impls[i];
		for (size_t k = 0; k < iv->n; k++)
			warmup_exec_release(&iv->execs[k]);
		free(iv->execs);
		free(iv->recs);
		free(iv->iter_ns);
		free(iv->wall_ns);
	}
	free(v->impls);
	memset(v, 0, sizeof(*v));
}

const struct iter_impl_view *iter_view_find(const struct iter_view *v,
					    const char *id)
{
	for (size_t i = 0; i < v->nr; i++)
		if (!strcmp(v->impls[i].im->id, id))
			return &v->impls[i];
	return NULL;
}

/* ---- figures as text ---- */

static bool is_analysed(const struct iter_impl_view *iv,
			const struct result_iter_exec *ex)
{
	for (size_t j = 0; j < iv->n; j++)
		if (iv->recs[j] == ex)
			return true;
	return false;
}

/* The label of a series not analysed: its status, "too short" for OK. */
static const char *unanalysed_label(const struct result_iter_exec *ex)
{
	return strcmp(ex->status, "OK") ? ex->status : "too short";
}

void iter_fmt_classes(const struct iter_impl_view *iv, char *buf, size_t size)
{
	const struct result_iterations *it = &iv->im->iterations;
	struct strbuf sb = STRBUF_INIT;
	for (int c = 0; iv->has_summary && c < WARMUP_NCLASSES; c++)
		if (iv->sum.count[c])
			strbuf_addf(&sb, "%s%s %zu", sb.len ? ", " : "",
				    warmup_class_name((enum warmup_class)c),
				    iv->sum.count[c]);
	/* the others by label, in order of first appearance */
	for (size_t i = 0; i < it->execs_nr; i++) {
		const char *label = unanalysed_label(&it->execs[i]);
		size_t k, count = 0;
		if (is_analysed(iv, &it->execs[i]))
			continue;
		for (k = 0; k < i; k++)
			if (!is_analysed(iv, &it->execs[k]) &&
			    !strcmp(unanalysed_label(&it->execs[k]), label))
				break;
		if (k < i)
			continue; /* counted with the first */
		for (k = i; k < it->execs_nr; k++)
			count +=
				!is_analysed(iv, &it->execs[k]) &&
				!strcmp(unanalysed_label(&it->execs[k]), label);
		strbuf_addf(&sb, "%s%s %zu", sb.len ? ", " : "", label, count);
	}
	snprintf(buf, size, "%s", sb.len ? sb.buf : "none");
	strbuf_release(&sb);
}

/* "24.3 ms [24.1, 24.6]": the interval in the value's unit. */
static void fmt_ns_ci(char *buf, size_t size, double v, double lo, double hi)
{
	static const struct {
		double scale;
		const char *unit;
	} units[] = {{1e9, "s"}, {1e6, "ms"}, {1e3, "us"}, {1, "ns"}};
	size_t u = 0;
	if (!isfinite(v)) {
		snprintf(buf, size, "-");
		return;
	}
	while (u + 1 < sizeof(units) / sizeof(*units) &&
	       fabs(v) < units[u].scale)
		u++;
	double s = v / units[u].scale;
	int prec = fabs(s) >= 99.95 ? 0 : fabs(s) >= 9.995 ? 1 : 2;
	if (!isfinite(lo) || !isfinite(hi)) {
		snprintf(buf, size, "%.*f %s", prec, s, units[u].unit);
		return;
	}
	/* the bounds with a digit more while one would read as the value */
	int bprec = prec;
	for (; bprec < prec + 2; bprec++) {
		char a[32], b[32], c[32];
		snprintf(a, sizeof(a), "%.*f", bprec, s);
		snprintf(b, sizeof(b), "%.*f", bprec, lo / units[u].scale);
		snprintf(c, sizeof(c), "%.*f", bprec, hi / units[u].scale);
		if (strcmp(a, b) && strcmp(a, c))
			break;
	}
	snprintf(buf, size, "%.*f %s [%.*f, %.*f]", prec, s, units[u].unit,
		 bprec, lo / units[u].scale, bprec, hi / units[u].scale);
}

static void fmt_ratio(char *buf, size_t size, const struct stats_ratio *r)
{
	struct result_ratio rr = {isfinite(r->value), r->value, r->ci_low,
				  r->ci_high};
	if (!rr.present)
		snprintf(buf, size, "n/a");
	else
		report_fmt_ratio_ci(buf, size, &rr);
}

/* "0.31 s (0.25-0.40 s), 12 it (10-15)", "none" when every analysed
 * execution is flat, "-" without a steady state. */
static void fmt_warmup(char *buf, size_t size, const struct iter_impl_view *iv)
{
	const struct warmup_summary *s = &iv->sum;
	char a[32], b[32], c[32];
	if (!iv->has_summary || !s->nsteady || !isfinite(s->to_steady_ns[0])) {
		snprintf(buf, size, "-");
		return;
	}
	if (s->to_steady_ns[2] == 0) {
		snprintf(buf, size, "none");
		return;
	}
	report_fmt_ns(a, sizeof(a), s->to_steady_ns[0]);
	report_fmt_ns(b, sizeof(b), s->to_steady_ns[1]);
	report_fmt_ns(c, sizeof(c), s->to_steady_ns[2]);
	snprintf(buf, size, "%s (%s to %s), %.0f it (%.0f to %.0f)", a, b, c,
		 s->steady_start[0], s->steady_start[1], s->steady_start[2]);
}

/* "catches up after 14 iterations (0.45 s)" (verb "catches up" for the
 * implementation, "overtaken" when the baseline catches up with it). */
static void fmt_cross(char *buf, size_t size, const struct warmup_crossover *c,
		      const char *verb)
{
	char t[32];
	report_fmt_ns(t, sizeof(t), c->time_ns);
	if (c->kind == WARMUP_CROSS_EXTRAPOLATED)
		snprintf(buf, size,
			 "%s after ~%zu iterations (%s, "
			 "extrapolated)",
			 verb, c->iterations, t);
	else
		snprintf(buf, size, "%s after %zu iterations (%s)", verb,
			 c->iterations, t);
}

void iter_fmt_crossover(const struct iter_impl_view *iv, char *buf, size_t size)
{
	const struct warmup_crossover *c = &iv->ratios.cross,
				      *o = &iv->overtaken;
	if (!iv->has_ratios || c->kind == WARMUP_CROSS_UNKNOWN)
		snprintf(buf, size, "-");
	else if (c->kind == WARMUP_CROSS_OBSERVED && c->iterations <= 1)
		snprintf(buf, size, "ahead from the start");
	else if (c->kind != WARMUP_CROSS_NEVER)
		fmt_cross(buf, size, c, "catches up");
	else if (o->kind == WARMUP_CROSS_OBSERVED && o->iterations <= 1)
		snprintf(buf, size, "never (the baseline stays ahead)");
	else if (o->kind == WARMUP_CROSS_OBSERVED ||
		 o->kind == WARMUP_CROSS_EXTRAPOLATED)
		fmt_cross(buf, size, o, "overtaken");
	else
		snprintf(buf, size, "never");
}

/* A smallest detectable shift past this (of the mean) gets a note:
 * "flat" then says little. */
#define ITER_SHIFT_WIDE 0.10

/* "0.48%", "8.2%", "990%"; "-" when not known. */
static void fmt_shift(char *buf, size_t size, double rel)
{
	if (!isfinite(rel))
		snprintf(buf, size, "-");
	else if (rel >= 1)
		snprintf(buf, size, "%.0f%%", 100 * rel);
	else
		snprintf(buf, size, "%.2g%%", 100 * rel);
}

/* ---- tables ---- */

static const struct table_column exec_cols[] = {
	{"id", TABLE_LEFT, 0, true, 10},
	{"executions", TABLE_LEFT, 0, true, 10},
	{"consistency", TABLE_LEFT, 3, true, 10},
	{"steady mean (95% CI)", TABLE_RIGHT, 0, true, 10},
	{"warmup: time, iterations (5-95%)", TABLE_LEFT, 1, true, 12},
	{"first result", TABLE_RIGHT, 2, true, 8},
	{"first iteration", TABLE_RIGHT, 4, true, 8},
	{"smallest shift", TABLE_RIGHT, 5, true, 6},
};

static const struct table_column ratio_cols[] = {
	{"id", TABLE_LEFT, 0, true, 10},
	{"end-to-end", TABLE_LEFT, 0, true, 12},
	{"first result", TABLE_LEFT, 2, true, 12},
	{"first iteration", TABLE_LEFT, 3, true, 12},
	{"steady state", TABLE_LEFT, 0, true, 12},
	{"crossover", TABLE_LEFT, 1, true, 12},
};

#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))

void iter_exec_table(const struct iter_view *v, struct table *t)
{
	table_init(t, exec_cols, NCOLS(exec_cols));
	for (size_t i = 0; i < v->nr; i++) {
		const struct iter_impl_view *iv = &v->impls[i];
		const struct warmup_summary *s = &iv->sum;
		char buf[160];
		bool any = iv->has_summary;
		table_add(t, iv->im->id, NULL);
		iter_fmt_classes(iv, buf, sizeof(buf));
		table_add(t, buf,
			  iv->not_analysed ? TERM_RED
			  : any && s->count[WARMUP_FLAT] == s->nexec
				  ? TERM_GREEN
				  : NULL);
		if (any)
			snprintf(buf, sizeof(buf), "%s%s",
				 warmup_consistency_name(s->consistency),
				 s->different_levels
					 ? "; settles at different levels"
					 : "");
		table_add(t, any ? buf : "-",
			  any && (s->consistency == WARMUP_BAD_INCONSISTENT ||
				  s->different_levels)
				  ? TERM_YELLOW
				  : NULL);
		double r = (double)iter_inner(iv->im);
		fmt_ns_ci(buf, sizeof(buf), any ? s->steady_mean_ns / r : NAN,
			  s->steady_ci_low / r, s->steady_ci_high / r);
		table_add(t, buf, NULL);
		fmt_warmup(buf, sizeof(buf), iv);
		table_add(t, buf, NULL);
		report_fmt_ns(buf, sizeof(buf), iv->first_result_ns[0]);
		table_add(t, buf, NULL);
		report_fmt_ns(buf, sizeof(buf), iv->first_iter_ns[0] / r);
		table_add(t, buf, NULL);
		fmt_shift(buf, sizeof(buf), iv->detect_limit_rel);
		table_add(t, buf,
			  iv->detect_limit_rel > ITER_SHIFT_WIDE ? TERM_YELLOW
								 : NULL);
	}
}

/* Whether the ratios table has a row. */
bool iter_view_has_ratios(const struct iter_view *v)
{
	for (size_t i = 0; i < v->nr; i++)
		if (v->impls[i].has_ratios)
			return true;
	return false;
}

void iter_ratio_table(const struct iter_view *v, struct table *t)
{
	table_init(t, ratio_cols, NCOLS(ratio_cols));
	for (size_t i = 0; i < v->nr; i++) {
		const struct iter_impl_view *iv = &v->impls[i];
		char buf[160];
		if (!iv->has_ratios)
			continue;
		table_add(t, iv->im->id, NULL);
		fmt_ratio(buf, sizeof(buf), &iv->ratios.end_to_end);
		table_add(t, buf, NULL);
		fmt_ratio(buf, sizeof(buf), &iv->ratios.first_result);
		table_add(t, buf, NULL);
		fmt_ratio(buf, sizeof(buf), &iv->ratios.first_iter);
		table_add(t, buf, NULL);
		fmt_ratio(buf, sizeof(buf), &iv->ratios.steady);
		table_add(t, buf, NULL);
		iter_fmt_crossover(iv, buf, sizeof(buf));
		table_add(t, buf, NULL);
	}
}

/* The settings line: "100 iterations a process, 5 processes; ...". */
void iter_settings(const struct iter_view *v, struct strbuf *sb)
{
	for (size_t i = 0; i < v->nr; i++) {
		const struct iter_impl_view *iv = &v->impls[i];
		const struct result_iterations *it = &iv->im->iterations;
		if (i &&
		    !strcmp(it->mode ? it->mode : "versus",
			    v->impls[0].im->iterations.mode
				    ? v->impls[0].im->iterations.mode
				    : "versus") &&
		    it->count == v->impls[0].im->iterations.count &&
		    it->executions == v->impls[0].im->iterations.executions &&
		    iv->cfg.penalty_factor == v->impls[0].cfg.penalty_factor &&
		    iv->cfg.tolerance == v->impls[0].cfg.tolerance)
			continue; /* as the first */
		strbuf_addf(sb, "%s%s%s%ld iterations a process, %ld processes",
			    i ? "; " : "", i ? iv->im->id : "", i ? ": " : "",
			    it->count, it->executions);
		if (it->inner > 1)
			strbuf_addf(sb,
				    "; an iteration is %ld repetitions (steady "
				    "mean and first iteration per repetition)",
				    it->inner);
		strbuf_addf(sb, ", %s rules, penalty %g ln n, tolerance %g%%",
			    iv->cfg.mode == WARMUP_MODE_COMPAT ? "warmup_stats"
							       : "versus",
			    iv->cfg.penalty_factor, 100 * iv->cfg.tolerance);
	}
}

/* What the reader must know to read the tables, one item a line. */
void iter_notes(const struct iter_view *v, struct strvec *out)
{
	for (size_t i = 0; i < v->nr; i++) {
		const struct iter_impl_view *iv = &v->impls[i];
		const struct result_iterations *it = &iv->im->iterations;
		const char *id = iv->im->id;
		if (iv->inner_differs)
			strvec_push_owned(
				out,
				xstrfmt("%s: no ratios to %s: %ld repetitions "
					"an iteration against %ld, not the "
					"same work",
					id, v->base->im->id, iter_inner(iv->im),
					iter_inner(v->base->im)));
		if (iv->has_summary && iv->sum.different_levels)
			strvec_push_owned(
				out,
				xstrfmt("%s: the executions settle at "
					"different levels, %.1f%% of the mean "
					"apart (Cochran's Q p = %.2g); the "
					"steady mean is their average",
					id, 100 * iv->sum.levels_spread_rel,
					iv->sum.levels_p));
		if (iv->detect_limit_rel > ITER_SHIFT_WIDE) {
			char shift[32];
			fmt_shift(shift, sizeof(shift), iv->detect_limit_rel);
			strvec_push_owned(
				out,
				xstrfmt("%s: only a change of %s of the mean "
					"or more could be seen (too few "
					"iterations, or too much noise): "
					"read flat as \"no change that "
					"large\"",
					id, shift));
		}
		if (iv->drifting)
			strvec_push_owned(
				out, xstrfmt("%s: %zu of %zu executions drift "
					     "in their steady state",
					     id, iv->drifting, iv->n));
		if (iv->autocorrelated)
			strvec_push_owned(
				out,
				xstrfmt("%s: %zu of %zu executions are "
					"autocorrelated (lag 1): consecutive "
					"iterations are not independent",
					id, iv->autocorrelated, iv->n));
		for (size_t k = 0; k < it->execs_nr; k++) {
			const struct result_iter_exec *ex = &it->execs[k];
			if (is_analysed(iv, ex))
				continue;
			if (ex->violation_rule)
				strvec_push_owned(
					out,
					xstrfmt("%s: execution %ld not "
						"analysed: PV %s: %s",
						id, ex->round,
						ex->violation_rule,
						ex->violation_message
							? ex->violation_message
							: ""));
			else
				strvec_push_owned(
					out, xstrfmt("%s: execution %ld not "
						     "analysed: %s after %zu "
						     "iterations",
						     id, ex->round, ex->status,
						     ex->n));
		}
	}
}

const char iter_legend[] =
	"flat: no change as large as the smallest shift could be seen, "
	"smaller ones may be there (the median over the executions, in % of "
	"the mean); "
	"steady mean: the mean of the executions' steady means, with a "
	"hierarchical bootstrap CI (executions, then iterations); warmup: "
	"time and iterations before the steady state, median (5% to 95%); "
	"first result: exec to the end of the first iteration; ratios: the "
	"implementation over the baseline, lower is faster; crossover: after "
	"how many iterations the implementation catches up with the baseline "
	"in total time (or is overtaken by it)";

void iter_render_text(const struct iter_view *v, bool md, size_t width,
		      bool color, struct strbuf *sb)
{
	struct strbuf line = STRBUF_INIT;
	struct strvec notes = STRVEC_INIT;
	struct table t;
	const char *bold = color ? term_seq(TERM_BOLD) : "",
		   *off = color ? term_seq(TERM_RESET) : "";

	if (!v->nr)
		return;
	iter_settings(v, &line);
	if (md) {
		strbuf_addstr(sb, "\n### Iterations\n\n");
		esc_md(sb, line.buf);
		strbuf_addstr(sb, ".\n\n");
	} else {
		char *head = xstrfmt("\n%siterations%s ", bold, off);
		table_wrap_text(sb, head, line.buf, width, 2);
		free(head);
		strbuf_addch(sb, '\n');
	}
	iter_exec_table(v, &t);
	if (md)
		table_render_md(&t, sb);
	else
		table_render_text(&t, width, color, sb);
	table_release(&t);
	if (iter_view_has_ratios(v)) {
		if (md)
			strbuf_addstr(sb, "\nRatios to the baseline, `");
		else
			strbuf_addf(sb, "\n%sratios to %s", bold, off);
		if (md)
			esc_md_code(sb, v->rf->baseline);
		else
			esc_term(sb, v->rf->baseline);
		strbuf_addstr(sb, md ? "` (95% CI):\n\n" : " (95% CI)\n");
		iter_ratio_table(v, &t);
		if (md)
			table_render_md(&t, sb);
		else
			table_render_text(&t, width, color, sb);
		table_release(&t);
	}
	iter_notes(v, &notes);
	for (size_t i = 0; i < notes.nr; i++) {
		if (md) {
			strbuf_addstr(sb, i ? "- " : "\n- ");
			esc_md(sb, notes.v[i]);
			strbuf_addch(sb, '\n');
		} else {
			table_wrap_text(sb, i ? "  " : "\n  ", notes.v[i],
					width, 4);
		}
	}
	if (md) {
		strbuf_addstr(sb, "\n*");
		esc_md(sb, iter_legend);
		strbuf_addstr(sb, ".*\n");
	} else {
		strbuf_addch(sb, '\n');
		table_wrap_text(sb, "", iter_legend, width, 0);
	}
	strvec_clear(&notes);
	strbuf_release(&line);
}

/* ---- JSON ---- */

static json_t *jnum(double v)
{
	return json_real_or_null(v);
}

static json_t *jratio(const struct stats_ratio *r)
{
	return json_pack("{s:o,s:o,s:o}", "value", jnum(r->value), "ci_low",
			 jnum(r->ci_low), "ci_high", jnum(r->ci_high));
}

static json_t *jspread(const double v[3])
{
	return json_pack("{s:o,s:o,s:o}", "median", jnum(v[0]), "p5",
			 jnum(v[1]), "p95", jnum(v[2]));
}

static const char *cross_kind(enum warmup_cross_kind k)
{
	switch (k) {
	case WARMUP_CROSS_OBSERVED:
		return "observed";
	case WARMUP_CROSS_EXTRAPOLATED:
		return "extrapolated";
	case WARMUP_CROSS_UNKNOWN:
		return "unknown";
	case WARMUP_CROSS_NEVER:
		break;
	}
	return "never";
}

static json_t *jcross(const struct warmup_crossover *c)
{
	bool at = c->kind == WARMUP_CROSS_OBSERVED ||
		  c->kind == WARMUP_CROSS_EXTRAPOLATED;
	return json_pack(
		"{s:s,s:o,s:o}", "kind", cross_kind(c->kind), "iterations",
		at ? json_integer((json_int_t)c->iterations) : json_null(),
		"time_ns", jnum(at ? c->time_ns : NAN));
}

json_t *iter_impl_json(const struct iter_impl_view *iv)
{
	const struct warmup_summary *s = &iv->sum;
	json_t *o = json_object(), *classes = json_object(), *execs;
	bool any = iv->has_summary;
	for (int c = 0; any && c < WARMUP_NCLASSES; c++)
		json_object_set_new(classes,
				    warmup_class_name((enum warmup_class)c),
				    json_integer((json_int_t)s->count[c]));
	json_object_set_new(o, "analysed", json_integer((json_int_t)iv->n));
	json_object_set_new(o, "not_analysed",
			    json_integer((json_int_t)iv->not_analysed));
	json_object_set_new(o, "classes", classes);
	json_object_set_new(
		o, "consistency",
		any ? json_string(warmup_consistency_name(s->consistency))
		    : json_null());
	json_object_set_new(o, "different_levels",
			    any ? json_boolean(s->different_levels)
				: json_null());
	json_object_set_new(
		o, "steady_mean_ns",
		json_pack("{s:o,s:o,s:o}", "value",
			  jnum(any ? s->steady_mean_ns : NAN), "ci_low",
			  jnum(any ? s->steady_ci_low : NAN), "ci_high",
			  jnum(any ? s->steady_ci_high : NAN)));
	double nan3[3] = {NAN, NAN, NAN};
	json_object_set_new(o, "to_steady_ns",
			    jspread(any ? s->to_steady_ns : nan3));
	json_object_set_new(o, "steady_start",
			    jspread(any ? s->steady_start : nan3));
	json_object_set_new(o, "first_result_ns", jspread(iv->first_result_ns));
	json_object_set_new(o, "first_iter_ns", jspread(iv->first_iter_ns));
	json_object_set_new(o, "detect_limit_rel", jnum(iv->detect_limit_rel));
	double r = (double)iter_inner(iv->im), rep[3];
	for (int k = 0; k < 3; k++)
		rep[k] = iv->first_iter_ns[k] / r;
	json_object_set_new(o, "inner", json_integer(iter_inner(iv->im)));
	json_object_set_new(
		o, "per_repetition",
		json_pack("{s:{s:o,s:o,s:o},s:o}", "steady_mean_ns", "value",
			  jnum(any ? s->steady_mean_ns / r : NAN), "ci_low",
			  jnum(any ? s->steady_ci_low / r : NAN), "ci_high",
			  jnum(any ? s->steady_ci_high / r : NAN),
			  "first_iter_ns", jspread(rep)));
	if (iv->has_ratios)
		json_object_set_new(
			o, "ratio",
			json_pack(
				"{s:o,s:o,s:o,s:o,s:o,s:o}", "end_to_end",
				jratio(&iv->ratios.end_to_end), "first_result",
				jratio(&iv->ratios.first_result), "first_iter",
				jratio(&iv->ratios.first_iter), "steady",
				jratio(&iv->ratios.steady), "crossover",
				jcross(&iv->ratios.cross), "baseline_crossover",
				jcross(&iv->overtaken)));
	else
		json_object_set_new(o, "ratio", json_null());
	execs = json_array();
	for (size_t i = 0; i < iv->n; i++) {
		const struct warmup_exec *e = &iv->execs[i];
		json_t *cps = json_array();
		for (size_t k = 1; k < e->nsegments; k++)
			json_array_append_new(
				cps,
				json_integer((json_int_t)e->segments[k].start));
		json_array_append_new(
			execs,
			json_pack("{s:I,s:s,s:o,s:o,s:o,s:o,s:I,s:o}", "round",
				  (json_int_t)iv->recs[i]->round, "class",
				  warmup_class_name(e->cls), "steady_start",
				  e->has_steady
					  ? json_integer(
						    (json_int_t)e->steady_start)
					  : json_null(),
				  "steady_mean_ns", jnum(e->steady_mean_ns),
				  "to_steady_ns",
				  jnum(e->has_steady ? e->to_steady_ns : NAN),
				  "changepoints", cps, "outliers",
				  (json_int_t)e->noutliers, "detect_limit_rel",
				  jnum(e->detect_limit_rel)));
	}
	json_object_set_new(o, "executions", execs);
	return o;
}
