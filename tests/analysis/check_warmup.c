/*
 * check_warmup.c: PELT against reference changepoints (tests/data/warmup/,
 * made once by tests/analysis/warmup_reference.py), the classifier on
 * synthetic series with known answers, the detection limit, the
 * hierarchical bootstrap, the ratios and crossover, and the a + b n fit.
 * Every series is generated here from a fixed seed.
 */
#include <check.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/pelt.h"
#include "analysis/stats.h"
#include "analysis/warmup.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static double uniform(struct stats_rng *r)
{
	return ((double)(stats_rng_next(r) >> 11) + 0.5) / 9007199254740992.0;
}

static double normal(struct stats_rng *r)
{
	return sqrt(-2.0 * log(uniform(r))) * cos(2.0 * M_PI * uniform(r));
}

/* ---- PELT against the reference ---- */

static double *read_case(const char *name, size_t *n, size_t *cpts,
			 size_t *ncpts)
{
	char path[512], line[256];
	snprintf(path, sizeof(path), "%s/warmup/pelt_%s.txt", VERSUS_TEST_DATA,
		 name);
	FILE *f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	size_t cap = 64, m = 0;
	double *x = malloc(cap * sizeof(*x));
	*ncpts = 0;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#')
			continue;
		if (!strncmp(line, "cpts", 4)) {
			char *p = line + 4, *end;
			for (;;) {
				unsigned long v = strtoul(p, &end, 10);
				if (end == p)
					break;
				cpts[(*ncpts)++] = v;
				p = end;
			}
			continue;
		}
		if (m == cap)
			x = realloc(x, (cap *= 2) * sizeof(*x));
		x[m++] = strtod(line, NULL);
	}
	fclose(f);
	*n = m;
	return x;
}

START_TEST(test_pelt_reference)
{
	static const char *const names[] = {
		"flat",		 "mean_shift", "var_shift",  "warmup",
		"five_segments", "decay",      "integer_ns", "short"};
	for (size_t c = 0; c < ARRAY_SIZE(names); c++) {
		size_t n, want[64], nwant, got[600], ngot;
		double *x = read_case(names[c], &n, want, &nwant);
		ck_assert_uint_gt(n, 0);
		struct pelt_params p = {15.0 * log((double)n), 2, 0};
		ck_assert_int_eq(pelt_meanvar(x, n, &p, got, &ngot), 0);
		ck_assert_msg(ngot == nwant, "%s: %zu changepoints, want %zu",
			      names[c], ngot, nwant);
		for (size_t i = 0; i < nwant; i++)
			ck_assert_msg(got[i] == want[i], "%s: cpt %zu is %zu",
				      names[c], want[i], got[i]);
		free(x);
	}
}
END_TEST

START_TEST(test_pelt_edges)
{
	double x[8] = {1, 2, 3, 4, 5, 6, 7, 8}, same[6] = {4, 4, 4, 4, 4, 4};
	size_t cpts[8], n = 99;
	struct pelt_params p = {10, 2, 0};

	ck_assert_int_eq(pelt_meanvar(same, 6, &p, cpts, &n), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(pelt_meanvar(x, 3, &p, cpts, &n), 0);
	ck_assert_uint_eq(n, 0);
	p.min_seglen = 1;
	ck_assert_int_eq(pelt_meanvar(x, 8, &p, cpts, &n), -EINVAL);
	p.min_seglen = 2;
	p.penalty = 0;
	ck_assert_int_eq(pelt_meanvar(x, 8, &p, cpts, &n), -EINVAL);
	p.penalty = 1;
	x[3] = NAN;
	ck_assert_int_eq(pelt_meanvar(x, 8, &p, cpts, &n), -EINVAL);
	ck_assert_uint_eq(n, 0);
}
END_TEST

/* ---- the classifier on synthetic series ---- */

#define N     2000
#define LEVEL 1e7 /* 10 ms */
#define NOISE 0.01

enum shape {
	FLAT,
	FIRST20_X3,
	SLOWER_MIDDLE,
	DECAY,
	SPIKES,
	LATE_BURST,
	EARLY_BURST,
	DRIFT,
	AR1,
	JIT_GC,
	END_BURST,
	INTERFERENCE,
};

static void make_series(enum shape s, uint64_t seed, uint64_t *out, size_t n)
{
	struct stats_rng r;
	double ar = 0;

	stats_rng_seed(&r, seed);
	for (size_t i = 0; i < n; i++) {
		double e = normal(&r), f = 1.0;
		switch (s) {
		case FLAT:
			break;
		case FIRST20_X3:
			f = i < 20 ? 3.0 : 1.0;
			break;
		case SLOWER_MIDDLE:
			f = i >= n / 2 ? 1.3 : 1.0;
			break;
		case DECAY:
			f = 1.0 + 2.0 * exp(-(double)i / 30.0);
			break;
		case SPIKES:
			f = i % 100 == 50 ? 3.0 : 1.0;
			break;
		case LATE_BURST:
			f = i >= 1500 && i < 1520 ? 1.5 : 1.0;
			break;
		case EARLY_BURST:
			f = i >= 60 && i < 70 ? 2.0 : 1.0;
			break;
		case END_BURST:
			f = i >= n - 15 && i < n - 3 ? 2.0 : 1.0;
			break;
		case INTERFERENCE:
			/*
			 * A flat program on a shared machine: the same time to
			 * the clock tick, except in stretches where other work
			 * runs and 1 iteration in 5 is 5-80% slower (what a
			 * C program's iter_ns showed at load 2-4 here).
			 */
			e = 0;
			if ((i / 150) % 2 && uniform(&r) < 0.2)
				f = 1.05 + 0.75 * uniform(&r);
			break;
		case DRIFT:
			f = 1.0 + 0.3 * (double)i / (double)n;
			break;
		case AR1:
			ar = 0.6 * ar + sqrt(1 - 0.36) * e;
			e = ar;
			break;
		case JIT_GC:
			/* 20x first, a decay, a 1.5x "GC" every 30; 5% noise */
			f = i == 0   ? 20.0
			    : i < 20 ? 1.0 + 4.0 * exp(-(double)i / 5.0)
				     : 1.0;
			f *= i % 30 == 7 ? 1.5 : 1.0;
			e *= 5;
			break;
		}
		out[i] = (uint64_t)llround(LEVEL * f * (1.0 + NOISE * e));
	}
}

START_TEST(test_classifier)
{
	static const struct {
		const char *name;
		enum shape shape;
		enum warmup_class want, want_compat;
		long steady_lo, steady_hi; /* steady start range */
	} cases[] = {
		{"flat", FLAT, WARMUP_FLAT, WARMUP_FLAT, 0, 0},
		{"x3 first 20", FIRST20_X3, WARMUP_WARMUP, WARMUP_WARMUP, 20,
		 20},
		{"x1.3 from middle", SLOWER_MIDDLE, WARMUP_SLOWDOWN,
		 WARMUP_SLOWDOWN, 1000, 1000},
		{"decay", DECAY, WARMUP_WARMUP, WARMUP_WARMUP, 40, 300},
		/* compat: the spike at 50 is inside the unchecked half window
		 */
		{"spikes", SPIKES, WARMUP_FLAT, WARMUP_WARMUP, 0, 0},
		/*
		 * compat: a burst is outliers where the window is whole, but
		 * iterations 0-99 are never checked, so a burst at 60 reads
		 * as warmup there (the case versus's excursion rule is for)
		 */
		{"late burst", LATE_BURST, WARMUP_FLAT, WARMUP_FLAT, 0, 0},
		{"burst at 60", EARLY_BURST, WARMUP_FLAT, WARMUP_WARMUP, 0, 0},
		/*
		 * a burst that may not have returned: an excursion; compat:
		 * the window clipped at the end is 10% burst, so P90 sits on
		 * it, the burst stays in and changes the last 500
		 */
		{"burst at the end", END_BURST, WARMUP_FLAT, WARMUP_NO_STEADY,
		 0, 0},
		/* compat: 1 ms (10% here) apart is equivalent; the last change
		 * beyond it falls before the last 500 iterations */
		{"slow drift", DRIFT, WARMUP_NO_STEADY, WARMUP_SLOWDOWN, -1,
		 -1},
		{"ar(1)", AR1, WARMUP_FLAT, -1, 0, 0},
		/* the spikes near the warmup are outliers: the fences of the
		 * first window leave the warmup out */
		{"jit with gc", JIT_GC, WARMUP_WARMUP, WARMUP_WARMUP, 12, 22},
		/* stretches of interference change the variance and the
		 * mean, not the level (versus mode compares medians) */
		{"interference", INTERFERENCE, WARMUP_FLAT, -1, 0, 0},
	};
	static uint64_t x[N];
	struct warmup_config cfg, compat;
	warmup_config_init(&cfg);
	warmup_config_init(&compat);
	compat.mode = WARMUP_MODE_COMPAT;

	for (size_t c = 0; c < ARRAY_SIZE(cases); c++) {
		for (uint64_t seed = 1; seed <= 5; seed++) {
			struct warmup_exec e;
			make_series(cases[c].shape, seed * 7919 + c, x, N);
			ck_assert_int_eq(
				warmup_exec_analyse(x, N, NAN, &cfg, &e), 0);
			ck_assert_msg(e.cls == cases[c].want,
				      "%s seed %lu: %s (%zu segments)",
				      cases[c].name, (unsigned long)seed,
				      warmup_class_name(e.cls), e.nsegments);
			if (cases[c].steady_lo >= 0) {
				ck_assert_msg(
					(long)e.steady_start >=
							cases[c].steady_lo &&
						(long)e.steady_start <=
							cases[c].steady_hi,
					"%s: steady start %zu", cases[c].name,
					e.steady_start);
				/* interference: the mean honestly
				   includes the slow iterations (+4%) */
				ck_assert(fabs(e.steady_mean_ns / LEVEL - 1) <
					  0.01 +
						  0.3 * (cases[c].shape ==
							 SLOWER_MIDDLE) +
						  0.05 * (cases[c].shape ==
							  INTERFERENCE));
				if (cases[c].shape == JIT_GC)
					ck_assert_uint_ge(e.noutliers, 45);
			} else {
				ck_assert(!e.has_steady);
				ck_assert(isnan(e.steady_mean_ns));
				ck_assert_uint_eq(e.steady_start, N);
			}
			if (cases[c].shape == SPIKES)
				ck_assert_uint_ge(e.noutliers, 19);
			if (cases[c].shape == LATE_BURST ||
			    cases[c].shape == EARLY_BURST ||
			    cases[c].shape == END_BURST) {
				ck_assert_uint_eq(e.nexcursions, 1);
				ck_assert_uint_ge(e.excursion_iters, 8);
				ck_assert_uint_le(e.excursion_iters, 24);
			}
			ck_assert_int_eq(e.drift, cases[c].shape == DRIFT);
			/* stretches of interference are autocorrelation
			   too: the slow iterations come in clusters */
			if (cases[c].shape != INTERFERENCE)
				ck_assert_int_eq(e.autocorrelated,
						 cases[c].shape == AR1);
			warmup_exec_release(&e);

			if ((int)cases[c].want_compat < 0)
				continue;
			ck_assert_int_eq(
				warmup_exec_analyse(x, N, NAN, &compat, &e), 0);
			ck_assert_msg(e.cls == cases[c].want_compat,
				      "compat %s seed %lu: %s", cases[c].name,
				      (unsigned long)seed,
				      warmup_class_name(e.cls));
			warmup_exec_release(&e);
		}
	}
}
END_TEST

START_TEST(test_exec_figures)
{
	/* 5 iterations of 30, then 10 (ms): all figures by hand */
	static uint64_t x[400];
	for (size_t i = 0; i < 400; i++)
		x[i] = (i < 5 ? 30000000 : 10000000) + (i % 2 ? 100000 : 0);
	struct warmup_config cfg;
	struct warmup_exec e;
	warmup_config_init(&cfg);
	ck_assert_int_eq(warmup_exec_analyse(x, 400, 2e6, &cfg, &e), 0);
	ck_assert_int_eq(e.cls, WARMUP_WARMUP);
	ck_assert_uint_eq(e.steady_start, 5);
	ck_assert(fabs(e.steady_mean_ns - (1e7 + 1e5 * 198.0 / 395)) < 1);
	ck_assert_double_eq(e.first_iter_ns, 30000000);
	ck_assert_double_eq(e.first_result_ns, 32000000);
	ck_assert(fabs(e.to_steady_ns - 150200000) < 1);
	ck_assert(fabs(e.to_steady_exec_ns - 152200000) < 1);
	ck_assert(fabs(e.warmup_debt_ns - (150200000 - 5 * e.steady_mean_ns)) <
		  1);
	ck_assert_uint_eq(e.noutliers, 0);
	ck_assert_uint_eq(e.block, 1);
	ck_assert_uint_eq(e.nsteady_values, 395);
	/* an alternating series is negatively autocorrelated */
	ck_assert(e.lag1 < -0.9);
	for (size_t i = 0; i < 400; i++)
		ck_assert_int_eq(!!(e.flags[i] & WARMUP_STEADY), i >= 5);
	warmup_exec_release(&e);
	warmup_exec_release(&e); /* released twice is fine */
	warmup_exec_release(NULL);

	ck_assert_int_eq(warmup_exec_analyse(x, 1, NAN, &cfg, &e), -EINVAL);
	warmup_exec_release(&e);
	cfg.min_seglen = 1;
	ck_assert_int_eq(warmup_exec_analyse(x, 400, NAN, &cfg, &e), -EINVAL);
	warmup_exec_release(&e);
}
END_TEST

START_TEST(test_blocks)
{
	/* 20,000 iterations: block means, the warmup still found */
	size_t n = 20000;
	uint64_t *x = malloc(n * sizeof(*x));
	struct stats_rng r;
	stats_rng_seed(&r, 5);
	for (size_t i = 0; i < n; i++)
		x[i] = (uint64_t)llround(1e6 * (i < 300 ? 2.0 : 1.0) *
					 (1 + 0.02 * normal(&r)));
	struct warmup_config cfg;
	struct warmup_exec e;
	warmup_config_init(&cfg);
	ck_assert_int_eq(warmup_exec_analyse(x, n, NAN, &cfg, &e), 0);
	ck_assert_uint_eq(e.block, 10);
	ck_assert_int_eq(e.cls, WARMUP_WARMUP);
	ck_assert_uint_eq(e.steady_start, 300);
	/* 1,970 steady blocks, kept as 493 batch means of 4 */
	ck_assert_uint_eq(e.nsteady_values, 493);
	warmup_exec_release(&e);
	free(x);
}
END_TEST

/* ---- the detection limit ---- */

static double detection_rate(size_t n, double shift, uint64_t seed)
{
	double *y = malloc(n * sizeof(*y));
	size_t *cpts = malloc(n * sizeof(*cpts)), ncpts, hits = 0;
	struct pelt_params p = {15.0 * log((double)n), 2, 0};
	struct stats_rng r;

	stats_rng_seed(&r, seed);
	for (int s = 0; s < 200; s++) {
		for (size_t i = 0; i < n; i++)
			y[i] = 100.0 + normal(&r) + (i >= n / 2 ? shift : 0);
		ck_assert_int_eq(pelt_meanvar(y, n, &p, cpts, &ncpts), 0);
		hits += ncpts > 0;
	}
	free(y);
	free(cpts);
	return (double)hits / 200.0;
}

START_TEST(test_detect_limit)
{
	size_t n = 500;
	double d = warmup_detect_limit(n, 15.0 * log((double)n));
	ck_assert(d > 0.5 && d < 1.0);
	double at = detection_rate(n, d, 11);
	double above = detection_rate(n, 1.25 * d, 12);
	double none = detection_rate(n, 0, 13);
	ck_assert_msg(at >= 0.35 && at <= 0.70, "at the limit: %.3f", at);
	ck_assert_msg(above >= 0.93, "at 1.25x: %.3f", above);
	ck_assert_msg(none <= 0.02, "no shift: %.3f", none);

	/* the figure an analysis reports for a flat series */
	static uint64_t x[N];
	struct warmup_config cfg;
	struct warmup_exec e;
	warmup_config_init(&cfg);
	make_series(FLAT, 99, x, N);
	ck_assert_int_eq(warmup_exec_analyse(x, N, NAN, &cfg, &e), 0);
	double want = warmup_detect_limit(N, 15.0 * log(N)) * NOISE;
	ck_assert_msg(fabs(e.detect_limit_rel / want - 1) < 0.1,
		      "reported %.5f, want %.5f", e.detect_limit_rel, want);
	warmup_exec_release(&e);
	ck_assert(isnan(warmup_detect_limit(3, 1)));
}
END_TEST

/* ---- across executions ---- */

/* k flat executions of m iterations around level * (1 + tau N(0,1)). */
static struct warmup_exec *make_execs(size_t k, size_t m, double level,
				      double tau, double sd, uint64_t seed,
				      const struct warmup_config *cfg)
{
	struct warmup_exec *e = calloc(k, sizeof(*e));
	uint64_t *x = malloc(m * sizeof(*x));
	struct stats_rng r;
	stats_rng_seed(&r, seed);
	for (size_t i = 0; i < k; i++) {
		double mu = level * (1 + tau * normal(&r));
		for (size_t j = 0; j < m; j++)
			x[j] = (uint64_t)llround(mu + sd * level * normal(&r));
		ck_assert_int_eq(warmup_exec_analyse(x, m, NAN, cfg, &e[i]), 0);
	}
	free(x);
	return e;
}

static void free_execs(struct warmup_exec *e, size_t k)
{
	for (size_t i = 0; i < k; i++)
		warmup_exec_release(&e[i]);
	free(e);
}

START_TEST(test_hier_bootstrap_coverage)
{
	struct warmup_config cfg;
	warmup_config_init(&cfg);
	cfg.resamples = 400;
	size_t covered = 0, runs = 100;
	for (size_t t = 0; t < runs; t++) {
		struct warmup_exec *e =
			make_execs(8, 60, 1e6, 0.03, 0.01, 1000 + t, &cfg);
		struct warmup_summary s;
		ck_assert_int_eq(warmup_summarise(e, 8, &cfg, t, &s), 0);
		ck_assert_uint_eq(s.nsteady, 8);
		ck_assert(s.steady_ci_low <= s.steady_mean_ns &&
			  s.steady_mean_ns <= s.steady_ci_high);
		covered += s.steady_ci_low <= 1e6 && 1e6 <= s.steady_ci_high;
		free_execs(e, 8);
	}
	/*
	 * Nominal 95%; the percentile bootstrap of 8 executions covers
	 * about 86% (measured on 300 data sets; 91% with 30 executions).
	 * Resampling iterations alone, ignoring the spread between
	 * executions, would cover under half.
	 */
	ck_assert_msg(covered >= 75 && covered <= 97, "coverage %zu of %zu",
		      covered, runs);
}
END_TEST

START_TEST(test_summary)
{
	struct warmup_config cfg;
	warmup_config_init(&cfg);
	cfg.resamples = 500;
	struct warmup_summary s, s2;

	/* same seed, same figures; levels that agree */
	struct warmup_exec *e = make_execs(6, 300, 1e6, 0, 0.01, 3, &cfg);
	ck_assert_int_eq(warmup_summarise(e, 6, &cfg, 42, &s), 0);
	ck_assert_int_eq(warmup_summarise(e, 6, &cfg, 42, &s2), 0);
	ck_assert_double_eq(s.steady_ci_low, s2.steady_ci_low);
	ck_assert_double_eq(s.steady_ci_high, s2.steady_ci_high);
	ck_assert_int_eq(s.consistency, WARMUP_CONSISTENT);
	ck_assert_uint_eq(s.count[WARMUP_FLAT], 6);
	ck_assert_int_eq(s.different_levels, 0);
	ck_assert(s.levels_p > 0.01);
	ck_assert_double_eq(s.to_steady_ns[0], 0);
	ck_assert_double_eq(s.steady_start[2], 0);
	ck_assert(s.steady_ci_high - s.steady_ci_low < 0.005e6);
	ck_assert_str_eq(warmup_consistency_name(s.consistency), "consistent");

	/* one execution settles 10% higher */
	size_t m5 = e[5].nsteady_values;
	uint64_t *x = malloc(m5 * sizeof(*x));
	for (size_t j = 0; j < m5; j++)
		x[j] = (uint64_t)(e[5].steady_values[j] * 1.1);
	warmup_exec_release(&e[5]);
	ck_assert_int_eq(warmup_exec_analyse(x, m5, NAN, &cfg, &e[5]), 0);
	ck_assert_int_eq(warmup_summarise(e, 6, &cfg, 42, &s), 0);
	ck_assert_int_eq(s.different_levels, 1);
	ck_assert(s.levels_p < 1e-6);
	ck_assert(fabs(s.levels_spread_rel - 0.1 / (1 + 0.1 / 6)) < 0.01);

	/* flat + warmup is good, + slowdown bad */
	e[0].cls = WARMUP_WARMUP;
	ck_assert_int_eq(warmup_summarise(e, 6, &cfg, 1, &s), 0);
	ck_assert_int_eq(s.consistency, WARMUP_GOOD_INCONSISTENT);
	e[1].cls = WARMUP_SLOWDOWN;
	ck_assert_int_eq(warmup_summarise(e, 6, &cfg, 1, &s), 0);
	ck_assert_int_eq(s.consistency, WARMUP_BAD_INCONSISTENT);
	ck_assert_int_eq(warmup_summarise(e, 0, &cfg, 1, &s), -EINVAL);
	free(x);
	free_execs(e, 6);
}
END_TEST

/* ---- ratios and crossover ---- */

/*
 * "JIT": 20 iterations of 30 ms then 5 ms; "interpreter": 10 ms flat.
 * a's total 600 + 5 (k - 20) drops below b's 10 k after k = 100.
 */
static void make_group(int jit, size_t k, size_t m, uint64_t seed,
		       uint64_t **series, struct warmup_exec *e,
		       const struct warmup_config *cfg)
{
	struct stats_rng r;
	stats_rng_seed(&r, seed);
	for (size_t i = 0; i < k; i++) {
		series[i] = malloc(m * sizeof(**series));
		for (size_t j = 0; j < m; j++) {
			double base = jit ? (j < 20 ? 30e6 : 5e6) : 10e6;
			series[i][j] = (uint64_t)llround(
				base * (1 + 0.005 * normal(&r)));
		}
		ck_assert_int_eq(warmup_exec_analyse(series[i], m,
						     jit ? 50e6 : 20e6, cfg,
						     &e[i]),
				 0);
	}
}

START_TEST(test_compare)
{
	struct warmup_config cfg;
	warmup_config_init(&cfg);
	cfg.resamples = 500;
	uint64_t *sa[5], *sb[5];
	struct warmup_exec ea[5], eb[5];
	make_group(1, 5, 400, 1, sa, ea, &cfg);
	make_group(0, 5, 400, 2, sb, eb, &cfg);
	struct warmup_group a = {ea, (const uint64_t *const *)sa, NULL, 5};
	struct warmup_group b = {eb, (const uint64_t *const *)sb, NULL, 5};
	struct warmup_ratios r;
	ck_assert_int_eq(warmup_compare(&a, &b, &cfg, 7, &r), 0);
	for (size_t i = 0; i < 5; i++)
		ck_assert_int_eq(ea[i].cls, WARMUP_WARMUP);
	ck_assert(fabs(r.steady.value - 0.5) < 0.005);
	ck_assert(r.steady.ci_low < r.steady.value &&
		  r.steady.value < r.steady.ci_high);
	ck_assert(r.steady.ci_high - r.steady.ci_low < 0.01);
	ck_assert(fabs(r.first_iter.value - 3.0) < 0.05);
	/* (50 + 30) / (20 + 10) ms */
	ck_assert(fabs(r.first_result.value - 80.0 / 30.0) < 0.05);
	/* (50 + 600 + 380 * 5) / (20 + 4000) ms */
	ck_assert(fabs(r.end_to_end.value - 2550.0 / 4020.0) < 0.01);
	/* with startups 50 and 20 ms: 550 + 5 k < 20 + 10 k after k = 106 */
	ck_assert_int_eq(r.cross.kind, WARMUP_CROSS_OBSERVED);
	ck_assert_msg(r.cross.iterations >= 105 && r.cross.iterations <= 108,
		      "crossover after %zu", r.cross.iterations);
	ck_assert(fabs(r.cross.time_ns / 1e6 - (550 + 5.0 * 107)) < 15);

	/* without series there is no crossover, the ratios stay */
	struct warmup_group a_ns = {ea, NULL, NULL, 5};
	ck_assert_int_eq(warmup_compare(&a_ns, &b, &cfg, 7, &r), 0);
	ck_assert_int_eq(r.cross.kind, WARMUP_CROSS_UNKNOWN);
	ck_assert(isnan(r.cross.time_ns));
	ck_assert(fabs(r.steady.value - 0.5) < 0.005);

	/* b over a: b never catches up */
	ck_assert_int_eq(warmup_compare(&b, &a, &cfg, 7, &r), 0);
	ck_assert_int_eq(r.cross.kind, WARMUP_CROSS_NEVER);
	ck_assert(fabs(r.steady.value - 2.0) < 0.02);

	/* only 60 iterations measured: the crossover is extrapolated */
	struct warmup_exec sh_a[5], sh_b[5];
	for (size_t i = 0; i < 5; i++) {
		ck_assert_int_eq(
			warmup_exec_analyse(sa[i], 60, 50e6, &cfg, &sh_a[i]),
			0);
		ck_assert_int_eq(
			warmup_exec_analyse(sb[i], 60, 20e6, &cfg, &sh_b[i]),
			0);
	}
	struct warmup_group a60 = {sh_a, (const uint64_t *const *)sa, NULL, 5};
	struct warmup_group b60 = {sh_b, (const uint64_t *const *)sb, NULL, 5};
	ck_assert_int_eq(warmup_compare(&a60, &b60, &cfg, 7, &r), 0);
	ck_assert_int_eq(r.cross.kind, WARMUP_CROSS_EXTRAPOLATED);
	ck_assert_msg(r.cross.iterations >= 104 && r.cross.iterations <= 109,
		      "extrapolated crossover after %zu", r.cross.iterations);

	for (size_t i = 0; i < 5; i++) {
		warmup_exec_release(&ea[i]);
		warmup_exec_release(&eb[i]);
		warmup_exec_release(&sh_a[i]);
		warmup_exec_release(&sh_b[i]);
		free(sa[i]);
		free(sb[i]);
	}
	struct warmup_group none = {NULL, NULL, NULL, 0};
	ck_assert_int_eq(warmup_compare(&none, &b, &cfg, 7, &r), -EINVAL);
}
END_TEST

/* ---- time = a + b n ---- */

START_TEST(test_fit)
{
	double n[12], t[12];
	struct warmup_fit f;
	struct stats_rng r;

	/* exact line: exact coefficients, degenerate intervals */
	for (int i = 0; i < 12; i++) {
		n[i] = 10 * (1 << (i % 4));
		t[i] = 50e6 + 2e6 * n[i];
	}
	ck_assert_int_eq(warmup_fit_linear(n, t, 12, 500, 1, &f), 0);
	ck_assert(fabs(f.a - 50e6) < 1e-3 && fabs(f.b - 2e6) < 1e-6);
	ck_assert(fabs(f.a_low - 50e6) < 1e-3 && fabs(f.b_high - 2e6) < 1e-6);
	ck_assert_uint_eq(f.nlevels, 4);
	ck_assert_uint_eq(f.npoints, 12);
	ck_assert(fabs(f.r2 - 1) < 1e-12);

	/* noisy: intervals cover the truth and are ordered */
	size_t cover_a = 0, cover_b = 0;
	stats_rng_seed(&r, 9);
	for (int run = 0; run < 50; run++) {
		for (int i = 0; i < 12; i++)
			t[i] = 50e6 + 2e6 * n[i] + 1e6 * normal(&r);
		ck_assert_int_eq(warmup_fit_linear(n, t, 12, 500, run, &f), 0);
		ck_assert(f.a_low <= f.a && f.a <= f.a_high);
		ck_assert(f.b_low <= f.b && f.b <= f.b_high);
		cover_a += f.a_low <= 50e6 && 50e6 <= f.a_high;
		cover_b += f.b_low <= 2e6 && 2e6 <= f.b_high;
	}
	/*
	 * 3 values a level: the resampling cannot show variance it has not
	 * seen, so coverage is short of 95% (81% measured on 400 data sets)
	 */
	ck_assert_msg(cover_a >= 32 && cover_b >= 32 && cover_a <= 49 &&
			      cover_b <= 49,
		      "coverage %zu %zu", cover_a, cover_b);

	/* ratio of slopes: 4e6 / 2e6 */
	double t2[12];
	for (int i = 0; i < 12; i++) {
		t[i] = 50e6 + 2e6 * n[i] + 1e5 * normal(&r);
		t2[i] = 10e6 + 4e6 * n[i] + 1e5 * normal(&r);
	}
	struct stats_ratio q;
	ck_assert_int_eq(warmup_fit_ratio(n, t2, 12, n, t, 12, 500, 3, &q), 0);
	ck_assert(fabs(q.value - 2.0) < 0.01);
	ck_assert(q.ci_low <= 2.0 + 0.01 && q.ci_high >= 2.0 - 0.01);

	/* two repetition counts are not enough */
	double n2[4] = {1, 1, 2, 2};
	ck_assert_int_eq(warmup_fit_linear(n2, t, 4, 500, 1, &f), -EDOM);
	ck_assert_int_eq(warmup_fit_ratio(n2, t, 4, n, t, 12, 500, 1, &q),
			 -EDOM);
	ck_assert(isnan(q.value));
	n[3] = NAN;
	ck_assert_int_eq(warmup_fit_linear(n, t, 12, 500, 1, &f), -EDOM);
}
END_TEST

static Suite *warmup_suite(void)
{
	Suite *s = suite_create("warmup");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_pelt_reference);
	tcase_add_test(tc, test_pelt_edges);
	tcase_add_test(tc, test_classifier);
	tcase_add_test(tc, test_exec_figures);
	tcase_add_test(tc, test_blocks);
	tcase_add_test(tc, test_detect_limit);
	tcase_add_test(tc, test_hier_bootstrap_coverage);
	tcase_add_test(tc, test_summary);
	tcase_add_test(tc, test_compare);
	tcase_add_test(tc, test_fit);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(warmup_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
