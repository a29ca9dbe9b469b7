/*
 * pelt.h: optimal changepoints of a series by PELT (Killick, Fearnhead and
 * Eckley 2012, "Optimal detection of changepoints with a linear
 * computational cost", JASA 107(500)) with the Normal mean-and-variance
 * cost: a segment y[a..b) of length m costs m * (log(2 pi) + log(s2) + 1),
 * s2 its variance with divisor m (twice the negative Normal
 * log-likelihood, as R's changepoint::cpt.meanvar with test.stat "Normal"),
 * and each changepoint adds the penalty. The result is the exact
 * minimiser of the penalised cost over all segmentations whose segments
 * hold at least min_seglen values; PELT only prunes candidates that cannot
 * win. Time O(n) when changes are regular, O(n^2) at worst (no change at
 * all); memory O(n).
 */
#ifndef VERSUS_PELT_H
#define VERSUS_PELT_H

#include <stddef.h>

struct pelt_params {
	double penalty;	   /* per changepoint, > 0 (e.g. 15 * log(n)) */
	size_t min_seglen; /* >= 2: a variance needs two values */
	/*
	 * Smallest segment variance, in the units of y squared: a segment
	 * of equal values (a coarse clock) would otherwise cost -infinity.
	 * 0 uses 1e-11 times the variance of the whole series.
	 */
	double var_floor;
};

/*
 * Changepoints of y[0..n): cpts[0..*ncpts) receive, in increasing order,
 * the index of the first value of every segment but the first (so 0 <
 * cpts[i] < n). cpts must have room for n / min_seglen values. Returns 0,
 * or -EINVAL when a parameter is out of range or a value is not finite
 * (*ncpts is then 0). n < 2 * min_seglen gives no changepoint.
 */
int pelt_meanvar(const double *y, size_t n, const struct pelt_params *p,
		 size_t *cpts, size_t *ncpts);

/*
 * The same search with the cost of a change in mean of values with known
 * variances: y[i] has weight w[i] (1 / its variance), and a segment costs
 * sum w[i] (y[i] - m)^2, m its weighted mean (twice the negative Normal
 * log-likelihood up to a constant), so a precise value counts more than a
 * noisy one. Used by `versus history` on the log medians of revisions
 * (analysis/trend.h). min_seglen may be 1; var_floor is not used.
 * Returns 0, or -EINVAL when a parameter is out of range, a value not
 * finite or a weight not finite and positive.
 */
int pelt_mean_weighted(const double *y, const double *w, size_t n,
		       const struct pelt_params *p, size_t *cpts,
		       size_t *ncpts);

#endif
