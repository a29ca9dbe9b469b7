/*
 * verdict.c: measured ratios against published ones (verdict.h). The rule
 * is one comparison of the point estimate with the tolerance band, the
 * CI only qualifying it: a CI-intersects-band rule would call a noisy run
 * REPRODUCED for any figure, and a CI-inside-band rule would call an exact
 * reproduction NOT REPRODUCED for want of runs.
 */
#include "analysis/verdict.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/stats.h"
#include "util/alloc.h"
#include "util/banned.h"

const char *verdict_status_name(enum verdict_status s)
{
	switch (s) {
	case VERDICT_REPRODUCED:
		return "REPRODUCED";
	case VERDICT_NOT_REPRODUCED:
		return "NOT REPRODUCED";
	case VERDICT_NOT_RUN:
		break;
	}
	return "NOT RUN";
}

const char *verdict_overall_name(enum verdict_overall o)
{
	switch (o) {
	case VERDICT_ALL_REPRODUCED:
		return "REPRODUCED";
	case VERDICT_SOME_NOT:
		return "NOT REPRODUCED";
	case VERDICT_INCOMPLETE:
		return "INCOMPLETE";
	case VERDICT_NOTHING_RUN:
		break;
	}
	return "NOT RUN";
}

const char *verdict_aggregate_name(const struct verdict *v)
{
	return v->sum ? "ratio of sums" : "geometric mean";
}

/* Mean ranks (1-based) of x[0..n) into rank, ties sharing their mean. */
static void ranks(const double *x, size_t n, double *rank)
{
	for (size_t i = 0; i < n; i++) {
		size_t below = 0, equal = 0;
		for (size_t j = 0; j < n; j++) {
			if (x[j] < x[i])
				below++;
			else if (x[j] == x[i])
				equal++;
		}
		rank[i] = (double)below + ((double)equal + 1) / 2;
	}
}

double verdict_spearman(const double *x, const double *y, size_t n)
{
	if (n < 2)
		return NAN;
	double *rx = xcalloc(n, sizeof(*rx)), *ry = xcalloc(n, sizeof(*ry));
	ranks(x, n, rx);
	ranks(y, n, ry);
	double mean = ((double)n + 1) / 2, sxy = 0, sxx = 0, syy = 0;
	for (size_t i = 0; i < n; i++) {
		double dx = rx[i] - mean, dy = ry[i] - mean;
		sxy += dx * dy;
		sxx += dx * dx;
		syy += dy * dy;
	}
	free(rx);
	free(ry);
	if (sxx == 0 || syy == 0)
		return NAN;
	return sxy / sqrt(sxx * syy);
}

static enum result_metric metric_of(const char *name)
{
	if (name && !strcmp(name, "cpu"))
		return RESULT_CPU;
	if (name && !strcmp(name, "memory"))
		return RESULT_MEMORY;
	return RESULT_WALL;
}

/* Whether r lies in the band [p/t, p*t], with the edge slack. */
static bool inside(double r, double p, double t)
{
	return r >= p / t * (1 - VERDICT_EDGE_SLACK) &&
	       r <= p * t * (1 + VERDICT_EDGE_SLACK);
}

/* The published value of id, or NAN. */
static double published_value(const struct result_published *p, const char *id)
{
	for (size_t i = 0; i < p->values_nr; i++)
		if (p->values[i].id && !strcmp(p->values[i].id, id))
			return p->values[i].value;
	return NAN;
}

/*
 * The measured ratio of im to base (both OK): the record's own when base
 * is the record's baseline, else the ratio of medians of their samples
 * with a bootstrap CI seeded by the record's seed. false when there is no
 * figure.
 */
static bool measure_ratio(const struct result_file *rf,
			  const struct result_impl *im,
			  const struct result_impl *base,
			  enum result_metric metric, struct verdict_row *row)
{
	if (!strcmp(base->id, rf->baseline) && im->ratio[metric].present) {
		row->measured = im->ratio[metric].value;
		row->ci_low = im->ratio[metric].ci_low;
		row->ci_high = im->ratio[metric].ci_high;
		return isfinite(row->measured) && row->measured > 0;
	}
	double *a = NULL, *b = NULL;
	size_t na = result_impl_values(im, metric, &a);
	size_t nb = result_impl_values(base, metric, &b);
	struct stats_ratio r;
	bool ok = na && nb &&
		  !stats_ratio_of_medians(a, na, b, nb, rf->seed, &r) &&
		  isfinite(r.value) && r.value > 0;
	if (ok) {
		row->measured = r.value;
		/* one sample on either side: no interval (as the record) */
		row->ci_low = na > 1 && nb > 1 ? r.ci_low : NAN;
		row->ci_high = na > 1 && nb > 1 ? r.ci_high : NAN;
	}
	free(a);
	free(b);
	return ok;
}

static void judge(struct verdict_row *row)
{
	bool in = inside(row->measured, row->published, row->tolerance);
	row->quotient = row->measured / row->published;
	row->status = in ? VERDICT_REPRODUCED : VERDICT_NOT_REPRODUCED;
	if (isfinite(row->ci_low) && isfinite(row->ci_high))
		row->uncertain = inside(row->ci_low, row->published,
					row->tolerance) != in ||
				 inside(row->ci_high, row->published,
					row->tolerance) != in;
}

static void fill_row(const struct result_file *rf, struct verdict *v,
		     const struct result_published_value *pv, double base_value,
		     const struct result_impl *base, struct verdict_row *row)
{
	const struct result_published *p = v->published;
	const struct result_impl *im = result_file_impl(rf, pv->id);
	row->id = pv->id;
	row->toolchain = pv->toolchain;
	row->tolerance = pv->tolerance;
	row->published = p->kind && !strcmp(p->kind, "absolute")
				 ? pv->value / base_value
				 : pv->value;
	row->measured = row->ci_low = row->ci_high = row->quotient = NAN;
	row->status = VERDICT_NOT_RUN;
	if (!(isfinite(row->published) && row->published > 0))
		row->reason = xstrdup("no published value for the baseline");
	else if (!im)
		row->reason = xstrdup("not in this run");
	else if (!result_impl_ok(im))
		row->reason = xstrdup(im->status);
	else if (!base)
		row->reason =
			xstrfmt("baseline '%s' not in this run", v->baseline);
	else if (!result_impl_ok(base))
		row->reason = xstrfmt("baseline '%s' is %s", v->baseline,
				      base->status);
	else if (!measure_ratio(rf, im, base, v->metric, row))
		row->reason = xstrdup("no timed run");
	else
		judge(row);
}

/* Rank agreement over the rows with both figures and the baseline. */
static void rank_agreement(struct verdict *v, bool base_ran)
{
	size_t n = 0;
	double *m = xcalloc(v->nr + 1, sizeof(*m));
	double *p = xcalloc(v->nr + 1, sizeof(*p));
	const char **ids = xcalloc(v->nr + 1, sizeof(*ids));
	if (base_ran) {
		m[n] = p[n] = 1;
		ids[n++] = v->baseline;
	}
	for (size_t i = 0; i < v->nr; i++) {
		if (v->rows[i].status == VERDICT_NOT_RUN)
			continue;
		m[n] = v->rows[i].measured;
		p[n] = v->rows[i].published;
		ids[n++] = v->rows[i].id;
	}
	v->rho_n = n;
	v->rho = verdict_spearman(m, p, n);
	v->swaps = xcalloc(n * n / 2 + 1, sizeof(*v->swaps));
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++) {
			if ((p[i] - p[j]) * (m[i] - m[j]) >= 0)
				continue;
			bool first = p[i] < p[j];
			v->swaps[v->swaps_nr++] = (struct verdict_swap){
				first ? ids[i] : ids[j],
				first ? ids[j] : ids[i],
			};
		}
	free(m);
	free(p);
	free(ids);
}

/*
 * Both aggregates over the rows with both figures. Every ratio here has
 * the same baseline, so the ratio of sums sum(t_i) / (k t_base) is the
 * arithmetic mean of the ratios. The measured one gets a bootstrap CI
 * from the samples (a row without samples counts as its fixed ratio).
 */
static void aggregate(const struct result_file *rf, struct verdict *v)
{
	const struct result_impl *base = result_file_impl(rf, v->baseline);
	struct stats_ratio_samples *w = xcalloc(v->nr + 1, sizeof(*w));
	double **owned = xcalloc(2 * v->nr + 1, sizeof(*owned));
	double sp = 0;
	size_t k = 0;
	for (size_t i = 0; i < v->nr; i++) {
		const struct verdict_row *r = &v->rows[i];
		const struct result_impl *im = result_file_impl(rf, r->id);
		if (r->status == VERDICT_NOT_RUN)
			continue;
		sp += v->sum ? r->published : log(r->published);
		w[k].fixed = r->measured;
		if (im && base) {
			w[k].na = result_impl_values(im, v->metric,
						     &owned[2 * k]);
			w[k].nb = result_impl_values(base, v->metric,
						     &owned[2 * k + 1]);
			w[k].a = owned[2 * k];
			w[k].b = owned[2 * k + 1];
			if (!w[k].na || !w[k].nb)
				w[k].na = w[k].nb = 0;
		}
		k++;
	}
	struct stats_ratio agg;
	v->agg_n = k;
	v->agg_measured = v->agg_published = NAN;
	v->agg_ci_low = v->agg_ci_high = NAN;
	if (k && !(v->sum ? stats_mean_of_ratios(w, k, rf->seed, &agg)
			  : stats_geomean(w, k, rf->seed, &agg))) {
		v->agg_measured = agg.value;
		v->agg_ci_low = agg.ci_low;
		v->agg_ci_high = agg.ci_high;
	}
	if (k)
		v->agg_published =
			v->sum ? sp / (double)k : exp(sp / (double)k);
	for (size_t i = 0; i < 2 * k; i++)
		free(owned[i]);
	free(owned);
	free(w);
}

void verdict_compute(const struct result_file *rf, struct verdict *v)
{
	const struct result_published *p = &rf->published;
	memset(v, 0, sizeof(*v));
	if (!p->present)
		return;
	v->present = true;
	v->published = p;
	v->metric = metric_of(p->metric);
	v->baseline = p->baseline ? p->baseline : rf->baseline;
	v->sum = p->aggregate && !strcmp(p->aggregate, "sum");
	const struct result_impl *base = result_file_impl(rf, v->baseline);
	double base_value = published_value(p, v->baseline);
	v->rows = xcalloc(p->values_nr + 1, sizeof(*v->rows));
	for (size_t i = 0; i < p->values_nr; i++) {
		const struct result_published_value *pv = &p->values[i];
		if (!pv->id || !strcmp(pv->id, v->baseline))
			continue;
		struct verdict_row *row = &v->rows[v->nr++];
		fill_row(rf, v, pv, base_value, base, row);
		if (row->status == VERDICT_REPRODUCED)
			v->reproduced++;
		else if (row->status == VERDICT_NOT_REPRODUCED)
			v->not_reproduced++;
		else
			v->not_run++;
	}
	rank_agreement(v, base && result_impl_ok(base));
	aggregate(rf, v);
	if (v->not_reproduced)
		v->overall = VERDICT_SOME_NOT;
	else if (v->reproduced && !v->not_run)
		v->overall = VERDICT_ALL_REPRODUCED;
	else if (v->reproduced)
		v->overall = VERDICT_INCOMPLETE;
	else
		v->overall = VERDICT_NOTHING_RUN;
}

void verdict_release(struct verdict *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->nr; i++)
		free(v->rows[i].reason);
	free(v->rows);
	free(v->swaps);
	memset(v, 0, sizeof(*v));
}
