/*
 * pelt.c: PELT with the Normal mean-and-variance cost and the weighted
 * mean cost (see pelt.h), one search for both.
 *
 * F[t] is the least penalised cost of y[0..t); F[t] = min over candidate
 * last-segment starts tau of F[tau] + C(tau, t) + penalty, with F[0] =
 * -penalty. After step t every tau with F[tau] + C(tau, t) > F[t] is
 * dropped for good (the PELT condition with K = 0, which holds for a
 * log-likelihood cost). The series is centred and scaled first: the cost
 * differences between segmentations do not change under an affine map of
 * y, and the prefix sums of squares then lose no precision on nanosecond
 * values around 1e9.
 */
#include "analysis/pelt.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "util/alloc.h"
#include "util/banned.h"

/* log(2 pi) + 1 */
#define LOG_2PI_PLUS_1 2.8378770664093453

static double seg_cost(const double *s, const double *q, size_t a, size_t b,
		       double floor)
{
	double m = (double)(b - a);
	double sum = s[b] - s[a];
	double var = (q[b] - q[a] - sum * sum / m) / m;

	if (!(var > floor))
		var = floor;
	return m * (LOG_2PI_PLUS_1 + log(var));
}

/* The cost of a segment [a, b) of one cost model, over its prefix sums. */
struct pelt_cost {
	const double *s, *q, *w; /* w NULL: the mean-and-variance cost */
	double floor;
};

static double cost_of(const struct pelt_cost *c, size_t a, size_t b)
{
	if (!c->w)
		return seg_cost(c->s, c->q, a, b, c->floor);
	double wsum = c->w[b] - c->w[a], sum = c->s[b] - c->s[a];
	double v = c->q[b] - c->q[a] - sum * sum / wsum;
	return v > 0 ? v : 0;
}

/*
 * The PELT search itself over n values with segments of at least ms
 * values: changepoints into cpts (see pelt.h). work holds 2 (n + 1)
 * doubles and 2 (n + 1) size_t.
 */
static void pelt_search(const struct pelt_cost *c, size_t n, size_t ms,
			double penalty, size_t *cpts, size_t *ncpts)
{
	double *f =
		xmalloc((n + 1) * (2 * sizeof(double) + 2 * sizeof(size_t)));
	double *v = f + n + 1;
	size_t *last = (size_t *)(v + n + 1), *cand = last + n + 1;

	f[0] = -penalty;
	for (size_t t = 1; t <= n; t++) {
		f[t] = INFINITY;
		last[t] = 0;
	}
	size_t nc = 0;
	for (size_t t = ms; t <= n; t++) {
		size_t fresh = t - ms;
		if (fresh == 0 || isfinite(f[fresh]))
			cand[nc++] = fresh;
		double best = INFINITY;
		size_t arg = 0;
		for (size_t k = 0; k < nc; k++) {
			size_t tau = cand[k];
			v[k] = f[tau] + cost_of(c, tau, t);
			if (v[k] + penalty < best) {
				best = v[k] + penalty;
				arg = tau;
			}
		}
		f[t] = best;
		last[t] = arg;
		size_t kept = 0;
		for (size_t k = 0; k < nc; k++)
			if (v[k] <= best)
				cand[kept++] = cand[k];
		nc = kept;
	}

	size_t count = 0;
	for (size_t t = last[n]; t > 0; t = last[t])
		cpts[count++] = t;
	for (size_t i = 0; i < count / 2; i++) {
		size_t tmp = cpts[i];
		cpts[i] = cpts[count - 1 - i];
		cpts[count - 1 - i] = tmp;
	}
	*ncpts = count;
	free(f);
}

int pelt_meanvar(const double *y, size_t n, const struct pelt_params *p,
		 size_t *cpts, size_t *ncpts)
{
	size_t ms = p->min_seglen;

	*ncpts = 0;
	if (!(p->penalty > 0) || !isfinite(p->penalty) || ms < 2 ||
	    !(p->var_floor >= 0))
		return -EINVAL;
	double mean = 0;
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(y[i]))
			return -EINVAL;
		mean += y[i];
	}
	if (n < 2 * ms)
		return 0;
	mean /= (double)n;
	double ss = 0;
	for (size_t i = 0; i < n; i++)
		ss += (y[i] - mean) * (y[i] - mean);
	double var = ss / (double)n;
	if (!(var > 0))
		return 0; /* all values equal: one segment */
	double scale = 1.0 / sqrt(var);
	double floor = p->var_floor > 0 ? p->var_floor / var : 1e-11;

	double *s = xmalloc(2 * (n + 1) * sizeof(double));
	double *q = s + n + 1;
	s[0] = q[0] = 0;
	for (size_t i = 0; i < n; i++) {
		double z = (y[i] - mean) * scale;
		s[i + 1] = s[i] + z;
		q[i + 1] = q[i] + z * z;
	}
	struct pelt_cost c = {s, q, NULL, floor};
	pelt_search(&c, n, ms, p->penalty, cpts, ncpts);
	free(s);
	return 0;
}

int pelt_mean_weighted(const double *y, const double *w, size_t n,
		       const struct pelt_params *p, size_t *cpts, size_t *ncpts)
{
	size_t ms = p->min_seglen;

	*ncpts = 0;
	if (!(p->penalty > 0) || !isfinite(p->penalty) || ms < 1)
		return -EINVAL;
	double wsum = 0, mean = 0;
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(y[i]) || !(w[i] > 0) || !isfinite(w[i]))
			return -EINVAL;
		wsum += w[i];
		mean += w[i] * y[i];
	}
	if (n < 2 * ms)
		return 0;
	mean /= wsum;

	/* Centred, so the sums of squares keep their precision. */
	double *s = xmalloc(3 * (n + 1) * sizeof(double));
	double *q = s + n + 1, *ws = q + n + 1;
	s[0] = q[0] = ws[0] = 0;
	for (size_t i = 0; i < n; i++) {
		double z = y[i] - mean;
		ws[i + 1] = ws[i] + w[i];
		s[i + 1] = s[i] + w[i] * z;
		q[i + 1] = q[i] + w[i] * z * z;
	}
	struct pelt_cost c = {s, q, ws, 0};
	pelt_search(&c, n, ms, p->penalty, cpts, ncpts);
	free(s);
	return 0;
}
