/*
 * warmup.h: the warmup analysis of in-process iteration series (issue 13,
 * docs/warmup.md). One process execution gives one series of iteration
 * times in nanoseconds; warmup_exec_analyse marks outliers, finds
 * changepoints (pelt.h), classifies the series (flat, warmup, slowdown,
 * no steady state) and measures it. warmup_summarise combines the
 * executions of one implementation, warmup_compare gives the four ratios
 * of an implementation to a baseline and the crossover, and warmup_fit is
 * the fallback without instrumentation (time = a + b n over repetition
 * counts). Pure functions of plain arrays; all randomness from a seed.
 */
#ifndef VERSUS_WARMUP_H
#define VERSUS_WARMUP_H

#include <stddef.h>
#include <stdint.h>

#include "analysis/stats.h"

enum warmup_mode {
	WARMUP_MODE_VERSUS = 0, /* excursions tolerated, relative tolerance */
	WARMUP_MODE_COMPAT,	/* warmup_stats' rules (docs/warmup.md) */
};

struct warmup_config {
	enum warmup_mode mode;
	double penalty_factor;	/* PELT penalty = factor * ln(units); 15 */
	size_t min_seglen;	/* PELT's shortest segment, units; 2 */
	size_t window;		/* outlier window, iterations; 200 */
	double fence_k;		/* fence = median +/- k (P90 - P10); 3 */
	size_t outlier_run;	/* runs this long are not outliers; 3 */
	size_t block_above;	/* block means when n > this; 2000 */
	double tolerance;	/* equivalent levels, relative; 0.02 */
	double abs_delta_ns;	/* compat: absolute delta; 1e6 (1 ms) */
	double steady_share;	/* steady part must be >= share of n; 0.25 */
	double excursion_share; /* longest tolerated excursion; 0.05 */
	size_t resamples;	/* bootstrap resamples; 2000 */
};

/* Fill *cfg with the defaults above. */
void warmup_config_init(struct warmup_config *cfg);

enum warmup_class {
	WARMUP_FLAT = 0,
	WARMUP_WARMUP,
	WARMUP_SLOWDOWN,
	WARMUP_NO_STEADY,
	WARMUP_NCLASSES
};

/* "flat", "warmup", "slowdown", "no steady state". */
const char *warmup_class_name(enum warmup_class c);

/* Per-iteration flags (struct warmup_exec.flags). */
#define WARMUP_OUT_OF_FENCE 0x01 /* outside the Tukey-style fence */
#define WARMUP_OUTLIER	    0x02 /* excluded from changepoints and means */
#define WARMUP_EXCURSION    0x04 /* in a tolerated short excursion */
#define WARMUP_STEADY	    0x08 /* counted in the steady state */

struct warmup_segment {
	size_t start, end; /* iterations [start, end) */
	double mean_ns;	   /* of the iterations not flagged outliers */
	double var_ns2;	   /* their variance (divisor m) */
	double median_ns;  /* their median: the level versus mode compares */
	int excursion;	   /* a tolerated excursion (versus mode) */
};

struct warmup_exec {
	size_t n;			 /* iterations */
	uint8_t *flags;			 /* n flags, WARMUP_* bits; owned */
	struct warmup_segment *segments; /* owned */
	size_t nsegments;
	size_t block; /* iterations per analysed unit: 1, or the block size */
	enum warmup_class cls;
	int has_steady;	       /* cls is flat, warmup or slowdown */
	size_t steady_start;   /* first steady iteration (n if none) */
	double steady_mean_ns; /* NAN without a steady state */
	double steady_sd_ns;   /* per iteration */
	double first_iter_ns;
	double total_ns;	  /* sum of all iterations */
	double startup_ns;	  /* given offset, or NAN */
	double first_result_ns;	  /* startup + first iteration, or NAN */
	double to_steady_ns;	  /* sum of iterations before steady_start */
	double to_steady_exec_ns; /* startup + to_steady_ns, or NAN */
	double warmup_debt_ns;	  /* sum of (x - steady mean)+ before it */
	double detect_limit_ns;	  /* smallest detectable step (50%) */
	double detect_limit_rel;  /* ... over the steady (or whole) mean */
	double drift_rel;	  /* fitted change over the steady part */
	int drift;		  /* drift_rel beyond tolerance, |t| > 3 */
	double lag1;		  /* lag-1 autocorrelation, steady part */
	int autocorrelated;	  /* |lag1| >= 0.1 and > 3 / sqrt(m) */
	size_t noutliers, nexcursions, excursion_iters;
	/*
	 * Steady-state values for the bootstrap: the steady units (block
	 * means if blocked), as batch means of consecutive units when there
	 * are more than 500.
	 */
	double *steady_values; /* owned */
	size_t nsteady_values;
};

/*
 * Analyse one execution: iter_ns[0..n) in order, startup_ns the time from
 * exec to the program's first iteration (NAN when unknown). Fills *out,
 * which the caller releases with warmup_exec_release. Returns 0, or
 * -EINVAL for n < 2 or a bad configuration (*out is then empty, safe to
 * release).
 */
int warmup_exec_analyse(const uint64_t *iter_ns, size_t n, double startup_ns,
			const struct warmup_config *cfg,
			struct warmup_exec *out);
/* Free what *e owns; accepts NULL and released values. */
void warmup_exec_release(struct warmup_exec *e);

/*
 * Smallest step in the mean, in units of the noise sd, that PELT with
 * penalty pen finds about half the time in m independent Normal values
 * when it falls mid-series: the d with m ln(1 + d^2 / 4) = pen.
 */
double warmup_detect_limit(size_t m, double pen);

enum warmup_consistency {
	WARMUP_CONSISTENT = 0,	  /* every execution has the same class */
	WARMUP_GOOD_INCONSISTENT, /* a mix of flat and warmup only */
	WARMUP_BAD_INCONSISTENT,  /* a mix with slowdown or no steady state */
};

/* "consistent", "good inconsistent", "bad inconsistent". */
const char *warmup_consistency_name(enum warmup_consistency c);

struct warmup_summary {
	size_t nexec, count[WARMUP_NCLASSES];
	enum warmup_consistency consistency;
	size_t nsteady; /* executions with a steady state */
	/* Mean of the execution steady means; hierarchical bootstrap CI. */
	double steady_mean_ns, steady_ci_low, steady_ci_high;
	/* Execution means disagree (Cochran's Q, p < 0.01, and spread). */
	int different_levels;
	double levels_p, levels_spread_rel;
	/* Time and iterations to steady state: median, 5% and 95%. */
	double to_steady_ns[3], steady_start[3];
};

/*
 * Summarise e[0..n) (n >= 1) of one implementation. Returns 0, or
 * -EINVAL for n = 0. Fields that need a steady state are NAN when no
 * execution has one.
 */
int warmup_summarise(const struct warmup_exec *e, size_t n,
		     const struct warmup_config *cfg, uint64_t seed,
		     struct warmup_summary *out);

/*
 * Draw one hierarchical bootstrap replicate of the steady-state mean:
 * executions with a steady state resampled with replacement, then each
 * drawn execution's steady values; the replicate is the mean of the drawn
 * executions' means. Returns NAN when no execution has a steady state.
 */
double warmup_hier_draw(const struct warmup_exec *e, size_t n,
			struct stats_rng *rng);

/* One implementation's executions, as warmup_compare reads them. */
struct warmup_group {
	const struct warmup_exec *execs; /* n analysed executions */
	const uint64_t *const
		*iter_ns;      /* their series, or NULL (no crossover) */
	const double *wall_ns; /* end-to-end wall per execution, or NULL */
	size_t n;
};

enum warmup_cross_kind {
	WARMUP_CROSS_NEVER = 0,	   /* a stays slower, even extrapolated */
	WARMUP_CROSS_OBSERVED,	   /* within the measured iterations */
	WARMUP_CROSS_EXTRAPOLATED, /* after them, from the steady means */
	WARMUP_CROSS_UNKNOWN,	   /* a group gave no series */
};

struct warmup_crossover {
	enum warmup_cross_kind kind;
	size_t iterations; /* a's total is below b's from here on */
	double time_ns;	   /* a's cumulative time at that point */
};

struct warmup_ratios {
	/* a over b; value NAN (and CI NAN) when not computable. */
	struct stats_ratio end_to_end, first_result, first_iter, steady;
	struct warmup_crossover cross;
};

/*
 * Ratios of a to b (the baseline): medians over executions of the
 * end-to-end time (wall_ns, else startup + total), of the time to first
 * result and of the first iteration, with stats_ratio_of_medians' CIs; the
 * steady-state ratio from hierarchical bootstrap replicates of both. The
 * crossover compares the per-iteration medians over executions, summed
 * (plus the median startup when both groups know it). Returns 0, or
 * -EINVAL when a group is empty.
 */
int warmup_compare(const struct warmup_group *a, const struct warmup_group *b,
		   const struct warmup_config *cfg, uint64_t seed,
		   struct warmup_ratios *out);

struct warmup_fit {
	double a, b;	      /* time = a + b n, least squares */
	double a_low, a_high; /* 95% bootstrap CIs */
	double b_low, b_high;
	double r2;
	size_t npoints, nlevels; /* pairs, distinct n */
};

/*
 * Fit time = a + b n to the pairs (n[i], t[i]), i < m. The bootstrap
 * resamples the times within each repetition count, so every replicate
 * keeps all the counts. Returns 0, or -EDOM with fewer than three
 * distinct counts or a value that is not finite (*out zeroed).
 */
int warmup_fit_linear(const double *n, const double *t, size_t m,
		      size_t resamples, uint64_t seed, struct warmup_fit *out);

/*
 * b of (na, ta) over b of (nb, tb) with a 95% bootstrap CI (both resampled
 * as warmup_fit_linear does). Returns 0, or -EDOM as warmup_fit_linear
 * or when the baseline's b is not positive.
 */
int warmup_fit_ratio(const double *na, const double *ta, size_t ma,
		     const double *nb, const double *tb, size_t mb,
		     size_t resamples, uint64_t seed, struct stats_ratio *out);

#endif
