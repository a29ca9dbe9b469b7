/*
 * stats.h: the statistics of DESIGN.md §8: robust summaries, bootstrap
 * confidence intervals of the median and of ratios of medians, the
 * Mann-Whitney U test and Holm's correction. All randomness comes from a
 * caller-given seed, so every figure is reproducible.
 */
#ifndef VERSUS_STATS_H
#define VERSUS_STATS_H

#include <stddef.h>
#include <stdint.h>

/* A small, fast, seedable generator (splitmix64 seeding xoshiro256**). */
struct stats_rng {
	uint64_t s[4];
};
void stats_rng_seed(struct stats_rng *rng, uint64_t seed);
uint64_t stats_rng_next(struct stats_rng *rng);
/* Uniform in [0, n). */
uint64_t stats_rng_below(struct stats_rng *rng, uint64_t n);

#define STATS_BOOTSTRAP_RESAMPLES 2000
#define STATS_CONFIDENCE	  0.95

struct stats_summary {
	size_t n;
	double median, mean, stddev, mad, min, max;
	double q1, q3;	 /* quartiles (linear interpolation, type 7) */
	size_t outliers; /* outside Tukey fences q1-1.5IQR, q3+1.5IQR */
	double ci_low;	 /* 95% bootstrap CI of the median */
	double ci_high;
};

/*
 * Summarise x[0..n). n may be 0 (all fields 0) or 1 (CI = the value).
 * x is not modified. stddev is the sample (n-1) standard deviation; mad is
 * the raw median absolute deviation (not scaled by 1.4826).
 */
void stats_summarize(const double *x, size_t n, uint64_t seed,
		     struct stats_summary *out);

struct stats_ratio {
	double value; /* median(a) / median(b) */
	double ci_low, ci_high;
};

/*
 * Ratio of medians a/b with a 95% percentile-bootstrap CI, resampling a
 * and b independently. Returns 0, or -EDOM when b's median is 0 or either
 * sample is empty (out is then zeroed).
 */
int stats_ratio_of_medians(const double *a, size_t na, const double *b,
			   size_t nb, uint64_t seed, struct stats_ratio *out);

/*
 * One workload's ratio for stats_geomean: the samples of the implementation
 * (a) and of its baseline (b), borrowed; or, with na = nb = 0, a ratio
 * known without noise in fixed (the baseline against itself, 1).
 */
struct stats_ratio_samples {
	const double *a;
	size_t na;
	const double *b;
	size_t nb;
	double fixed;
};

/*
 * Geometric mean over workloads w[0..n) of each one's ratio of medians
 * median(a) / median(b) (or its fixed ratio), with a 95% percentile-
 * bootstrap CI: a resample redraws every workload's a and b independently
 * (as stats_ratio_of_medians does), so the CI is that of the timing noise
 * of every run that went into the figure; the workloads themselves are
 * not resampled. A resample in which some ratio is not finite and positive
 * is dropped. With no samples at all the CI is the value. Returns 0, or
 * -EDOM when n is 0 or some workload's ratio is not finite and positive
 * (out is then zeroed).
 */
int stats_geomean(const struct stats_ratio_samples *w, size_t n, uint64_t seed,
		  struct stats_ratio *out);

/*
 * The same with the arithmetic mean of the ratios: for ratios that share
 * one baseline, the ratio of sums sum(median(a)) / (n median(b)) (the
 * verdict's `aggregate: sum`, analysis/verdict.h).
 */
int stats_mean_of_ratios(const struct stats_ratio_samples *w, size_t n,
			 uint64_t seed, struct stats_ratio *out);

/*
 * The p-quantile (0 <= p <= 1) of x[0..n) by linear interpolation between
 * order statistics (Hyndman-Fan type 7, numpy's default); 0 when n is 0.
 * x is not modified. Every interval here is the alpha/2 and 1 - alpha/2
 * quantiles of its bootstrap statistics by this rule.
 */
double stats_quantile(const double *x, size_t n, double p);

/* The same rule on already sorted s[0..n), n > 0. */
double stats_quantile_sorted(const double *s, size_t n, double p);

/*
 * The same rule on unsorted a[0..n), n > 0, by selection (no sort: for
 * long series); a is reordered. Successive calls on one array must go
 * from high p to low: each leaves the values above its rank in place.
 */
double stats_quantile_select(double *a, size_t n, double p);

/* Sort x[0..n) ascending (no NaN). */
void stats_sort(double *x, size_t n);

/*
 * The percentile interval (STATS_CONFIDENCE) of bootstrap statistics
 * stat[0..nr) (sorted here) by the stats_quantile rule: the one rule of
 * every interval. NAN, NAN when nr is 0.
 */
void stats_percentile_interval(double *stat, size_t nr, double *low,
			       double *high);

/* Upper tail P(X > x) of chi-square with df degrees of freedom, by the
 * Wilson-Hilferty approximation (relative error under 1e-2 for df >= 2). */
double stats_chi2_sf(double x, double df);

/* Median of x[0..n) (0 when n is 0); x is not modified. */
double stats_median(const double *x, size_t n);

/*
 * Two-sided Mann-Whitney U test of a vs b. The exact distribution of U is
 * used when there are no ties and na + nb <= 60; otherwise the normal
 * approximation with tie and continuity correction (as scipy's
 * mannwhitneyu with method "exact" and "asymptotic", use_continuity=True).
 * Returns the p-value in [0, 1]; 1 when either sample is empty or every
 * value is equal.
 */
double stats_mann_whitney_p(const double *a, size_t na, const double *b,
			    size_t nb);

/* Holm-Bonferroni adjusted p-values of p[0..n) into adjusted[0..n). */
void stats_holm(const double *p, size_t n, double *adjusted);

#endif
