/*
 * pelt.c: PELT with the Normal mean-and-variance cost (see pelt.h).
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

	/* One block: s, q, f, v (n + 1 doubles each), last, cand. */
	double *s =
		xmalloc((n + 1) * (4 * sizeof(double) + 2 * sizeof(size_t)));
	double *q = s + n + 1, *f = q + n + 1, *v = f + n + 1;
	size_t *last = (size_t *)(v + n + 1), *cand = last + n + 1;

	s[0] = q[0] = 0;
	for (size_t i = 0; i < n; i++) {
		double z = (y[i] - mean) * scale;
		s[i + 1] = s[i] + z;
		q[i + 1] = q[i] + z * z;
	}
	f[0] = -p->penalty;
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
			v[k] = f[tau] + seg_cost(s, q, tau, t, floor);
			if (v[k] + p->penalty < best) {
				best = v[k] + p->penalty;
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
	free(s);
	return 0;
}
