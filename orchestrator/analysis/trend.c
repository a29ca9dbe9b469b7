/*
 * trend.c: series, change points and verdicts of a history (trend.h).
 */
#include "analysis/trend.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/pelt.h"
#include "analysis/stats.h"
#include "util/alloc.h"
#include "util/banned.h"

/* The normal quantile of a 95% interval. */
#define Z95 1.959963984540054
/* The smallest standard error of a log median: 0.1%, so a point with a
 * degenerate CI (one run) does not outweigh the whole series. */
#define SE_FLOOR 1e-3

void trend_obs_release(struct trend_obs *o)
{
	if (!o)
		return;
	free(o->path);
	free(o->workload);
	free(o->params);
	free(o->setup);
	free(o->host);
	free(o->impl);
	free(o->language);
	free(o->status);
	free(o->baseline);
	free(o->revision);
	free(o->order_time);
	memset(o, 0, sizeof(*o));
}

static struct trend_ratio ratio_of_levels(double l1, double v1, double l2,
					  double v2)
{
	double d = l2 - l1, h = Z95 * sqrt(v1 + v2);
	return (struct trend_ratio){exp(d), exp(d - h), exp(d + h)};
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The variance between successive points beyond their own: tau^2. */
static double extra_variance(const double *y, const double *se2, size_t m)
{
	if (m < 3)
		return 0;
	double *d = xmalloc(m * sizeof(double));
	for (size_t i = 0; i + 1 < m; i++)
		d[i] = fabs(y[i + 1] - y[i]);
	qsort(d, m - 1, sizeof(double), cmp_double);
	double med_d = stats_quantile_sorted(d, m - 1, 0.5);
	memcpy(d, se2, m * sizeof(double));
	qsort(d, m, sizeof(double), cmp_double);
	double med_se2 = stats_quantile_sorted(d, m, 0.5);
	free(d);
	/* |N(0, s sqrt 2)| has median 0.6745 s sqrt 2 */
	double s = 1.482602218505602 * med_d;
	double v = s * s / 2 - med_se2;
	return v > 0 ? v : 0;
}

void trend_analyse(struct trend_series *s, const struct trend_options *o)
{
	size_t n = s->points_nr, m = 0;
	size_t *idx = xmalloc((n + 1) * sizeof(size_t));
	for (size_t i = 0; i < n; i++)
		if (isfinite(s->points[i].y))
			idx[m++] = i;
	s->segs = NULL;
	s->changes = NULL;
	s->segs_nr = 0;
	s->tau2 = 0;
	s->alert = false;
	s->vs_previous = s->vs_best = (struct trend_ratio){NAN, NAN, NAN};
	if (m == 0) {
		free(idx);
		return;
	}
	double *y = xmalloc(3 * m * sizeof(double)), *se2 = y + m, *w = se2 + m;
	for (size_t k = 0; k < m; k++) {
		const struct trend_point *p = &s->points[idx[k]];
		double se = p->se > SE_FLOOR ? p->se : SE_FLOOR;
		y[k] = p->y;
		se2[k] = se * se;
	}
	s->tau2 = extra_variance(y, se2, m);
	for (size_t k = 0; k < m; k++)
		w[k] = 1 / (se2[k] + s->tau2);

	size_t *cpts = xmalloc((m + 1) * sizeof(size_t)), nc = 0;
	double pen = 3 * log((double)m);
	struct pelt_params pp = {pen > 12 ? pen : 12, 1, 0};
	if (pelt_mean_weighted(y, w, m, &pp, cpts, &nc) < 0)
		nc = 0;

	s->segs_nr = nc + 1;
	s->segs = xcalloc(s->segs_nr, sizeof(*s->segs));
	for (size_t j = 0; j <= nc; j++) {
		size_t a = j ? cpts[j - 1] : 0, b = j < nc ? cpts[j] : m;
		double ws = 0, wy = 0;
		for (size_t k = a; k < b; k++) {
			ws += w[k];
			wy += w[k] * y[k];
		}
		struct trend_segment *g = &s->segs[j];
		g->begin = idx[a];
		g->end = idx[b - 1] + 1;
		g->level = wy / ws;
		g->var = 1 / ws;
		g->median_ns = exp(g->level);
		g->ci_low_ns = exp(g->level - Z95 * sqrt(g->var));
		g->ci_high_ns = exp(g->level + Z95 * sqrt(g->var));
	}
	if (nc)
		s->changes = xcalloc(nc, sizeof(*s->changes));
	for (size_t j = 0; j < nc; j++) {
		const struct trend_segment *a = &s->segs[j],
					   *b = &s->segs[j + 1];
		struct trend_change *c = &s->changes[j];
		c->from = idx[cpts[j] - 1];
		c->to = idx[cpts[j]];
		c->size = ratio_of_levels(a->level, a->var, b->level, b->var);
		c->regression = c->size.low > 1;
		c->improvement = c->size.high < 1;
	}
	const struct trend_segment *last = &s->segs[nc], *best = last;
	for (size_t j = 0; j < nc; j++)
		if (s->segs[j].level < best->level)
			best = &s->segs[j];
	s->vs_best = best == last ? (struct trend_ratio){1, 1, 1}
				  : ratio_of_levels(best->level, best->var,
						    last->level, last->var);
	if (nc) {
		const struct trend_change *c = &s->changes[nc - 1];
		s->vs_previous = c->size;
		s->alert = c->regression && c->size.value > 1 + o->threshold;
	}
	free(cpts);
	free(y);
	free(idx);
}

static bool same_series(const struct trend_obs *a, const struct trend_obs *b)
{
	return !strcmp(a->workload, b->workload) &&
	       a->workload_version == b->workload_version &&
	       !strcmp(a->params, b->params) && !strcmp(a->setup, b->setup) &&
	       !strcmp(a->impl, b->impl);
}

/* Runs of one revision (or one run without): same revision id. */
static bool same_point(const struct trend_obs *a, const struct trend_obs *b)
{
	if (a->revision && b->revision)
		return !strcmp(a->revision, b->revision);
	return !a->revision && !b->revision && !strcmp(a->path, b->path);
}

/* One point from its runs obs[0..k). */
static void make_point(const struct trend_obs *obs, size_t k,
		       struct trend_point *p)
{
	double sy = 0, sse2 = 0, syy = 0;
	const struct trend_obs *latest = NULL;
	memset(p, 0, sizeof(*p));
	p->revision = obs[0].revision;
	p->time = obs[0].order_time;
	p->path = obs[0].path;
	for (size_t j = 0; j < k; j++) {
		const struct trend_obs *o = &obs[j];
		if (strcmp(o->order_time, p->time) < 0)
			p->time = o->order_time;
		bool ok = !strcmp(o->status, "OK") && o->median_ns > 0 &&
			  isfinite(o->median_ns);
		if (!ok) {
			p->failed++;
			p->status = o->status;
			continue;
		}
		double y = log(o->median_ns), se = 0;
		if (o->ci_low_ns > 0 && o->ci_high_ns >= o->ci_low_ns)
			se = (log(o->ci_high_ns) - log(o->ci_low_ns)) /
			     (2 * Z95);
		sy += y;
		syy += y * y;
		sse2 += se * se;
		p->runs++;
		if (!latest || strcmp(o->order_time, latest->order_time) >= 0)
			latest = o;
	}
	p->median_ns = p->ci_low_ns = p->ci_high_ns = NAN;
	p->ratio = p->ratio_low = p->ratio_high = NAN;
	p->y = p->se = NAN;
	if (!p->runs)
		return;
	double r = (double)p->runs, mean = sy / r;
	double var = sse2 / r / r;
	if (p->runs > 1) {
		double between = (syy - r * mean * mean) / (r - 1);
		var += (between > 0 ? between : 0) / r;
	}
	p->y = mean;
	p->se = sqrt(var);
	p->median_ns = exp(mean);
	p->ci_low_ns = exp(mean - Z95 * p->se);
	p->ci_high_ns = exp(mean + Z95 * p->se);
	p->path = latest->path;
	p->ratio = latest->ratio;
	p->ratio_low = latest->ratio_low;
	p->ratio_high = latest->ratio_high;
}

static int cmp_point(const void *a, const void *b)
{
	const struct trend_point *x = a, *y = b;
	int c = strcmp(x->time, y->time);
	if (c)
		return c;
	return strcmp(x->revision ? x->revision : x->path,
		      y->revision ? y->revision : y->path);
}

size_t trend_build(const struct trend_obs *obs, size_t nr,
		   const struct trend_options *o, struct trend_series **out)
{
	size_t count = 0, alloc = 0;
	struct trend_series *series = NULL;
	for (size_t i = 0; i < nr;) {
		size_t end = i + 1;
		while (end < nr && same_series(&obs[i], &obs[end]))
			end++;
		ALLOC_GROW(series, count + 1, alloc);
		struct trend_series *s = &series[count++];
		memset(s, 0, sizeof(*s));
		const struct trend_obs *f = &obs[i];
		s->workload = f->workload;
		s->workload_version = f->workload_version;
		s->params = f->params;
		s->setup = f->setup;
		s->host = f->host;
		s->impl = f->impl;
		s->language = f->language;
		s->baseline = f->baseline;
		s->points = xcalloc(end - i, sizeof(*s->points));
		for (size_t j = i; j < end;) {
			size_t k = j + 1;
			while (k < end && same_point(&obs[j], &obs[k]))
				k++;
			make_point(&obs[j], k - j, &s->points[s->points_nr++]);
			j = k;
		}
		qsort(s->points, s->points_nr, sizeof(*s->points), cmp_point);
		trend_analyse(s, o);
		i = end;
	}
	*out = series;
	return count;
}

void trend_series_free(struct trend_series *s, size_t nr)
{
	if (!s)
		return;
	for (size_t i = 0; i < nr; i++) {
		free(s[i].points);
		free(s[i].segs);
		free(s[i].changes);
	}
	free(s);
}
