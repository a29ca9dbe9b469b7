/*
 * check_stats.c: summaries, bootstrap intervals, Mann-Whitney and Holm.
 * Reference figures come from numpy 2.4 / scipy 1.17 (the call is named by
 * each table) or are worked out by hand in the comments; nothing here runs
 * Python.
 */
#include <check.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/stats.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Relative closeness, for reference values printed to 16-17 digits. */
static int close_to(double got, double want, double rel)
{
	return fabs(got - want) <= rel * fmax(fabs(want), 1e-300);
}

START_TEST(test_rng)
{
	struct stats_rng r1, r2, r3;
	stats_rng_seed(&r1, 42);
	stats_rng_seed(&r2, 42);
	stats_rng_seed(&r3, 43);
	int differ = 0;
	for (int i = 0; i < 100; i++) {
		uint64_t a = stats_rng_next(&r1);
		ck_assert_uint_eq(a, stats_rng_next(&r2));
		differ += a != stats_rng_next(&r3);
	}
	ck_assert_int_gt(differ, 90);

	/* seed 0 must not give xoshiro's all-zero state */
	stats_rng_seed(&r1, 0);
	ck_assert(r1.s[0] | r1.s[1] | r1.s[2] | r1.s[3]);
	ck_assert_uint_ne(stats_rng_next(&r1), stats_rng_next(&r1));

	size_t counts[10] = {0};
	for (int i = 0; i < 100000; i++) {
		uint64_t v = stats_rng_below(&r1, 10);
		ck_assert_uint_lt(v, 10);
		counts[v]++;
	}
	for (int i = 0; i < 10; i++)
		ck_assert_msg(counts[i] > 9500 && counts[i] < 10500,
			      "bucket %d has %zu of 100000", i, counts[i]);
	for (int i = 0; i < 100; i++)
		ck_assert_uint_eq(stats_rng_below(&r1, 1), 0);
	/* a bound near 2^64 exercises the rejection path */
	for (int i = 0; i < 100; i++)
		ck_assert_uint_lt(stats_rng_below(&r1, UINT64_MAX - 3),
				  UINT64_MAX - 3);
}
END_TEST

START_TEST(test_summarize_table)
{
	static const double one[] = {7.5};
	static const double same[] = {3, 3, 3, 3};
	static const double zeros[] = {0, 0, 0};
	static const double ten[] = {3.1, 1.2, 9.9,   4.4, 4.4,
				     2.0, 7.5, 100.0, 5.2, 3.3};
	static const double four[] = {5.0, 1.0, 4.0, 2.0};
	/*
	 * Expected: numpy.quantile(x, [.25, .5, .75]) (default "linear" =
	 * type 7), scipy.stats.median_abs_deviation(x) (scale 1.0),
	 * numpy.std(x, ddof=1), numpy.mean(x); Tukey fences by hand.
	 */
	static const struct {
		const char *name;
		const double *x;
		size_t n;
		double median, mean, stddev, mad, min, max, q1, q3;
		size_t outliers;
	} cases[] = {
		{"empty", NULL, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		{"one", one, 1, 7.5, 7.5, 0, 0, 7.5, 7.5, 7.5, 7.5, 0},
		{"all equal", same, 4, 3, 3, 0, 0, 3, 3, 3, 3, 0},
		{"zeros", zeros, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		{"ten", ten, 10, 4.4, 14.1, 30.29092273272639,
		 1.8500000000000003, 1.2, 100.0, 3.15, 6.925, 1},
		{"four", four, 4, 3.0, 3.0, 1.8257418583505538, 1.5, 1.0, 5.0,
		 1.75, 4.25, 0},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct stats_summary s;
		memset(&s, 0xa5, sizeof(s));
		stats_summarize(cases[i].x, cases[i].n, 1, &s);
		const char *name = cases[i].name;
		ck_assert_msg(s.n == cases[i].n, "%s: n", name);
		ck_assert_msg(close_to(s.median, cases[i].median, 1e-12),
			      "%s: median %.17g", name, s.median);
		ck_assert_msg(close_to(s.mean, cases[i].mean, 1e-12),
			      "%s: mean %.17g", name, s.mean);
		ck_assert_msg(close_to(s.stddev, cases[i].stddev, 1e-12),
			      "%s: stddev %.17g", name, s.stddev);
		ck_assert_msg(close_to(s.mad, cases[i].mad, 1e-12),
			      "%s: mad %.17g", name, s.mad);
		ck_assert_msg(s.min == cases[i].min && s.max == cases[i].max,
			      "%s: min/max", name);
		ck_assert_msg(close_to(s.q1, cases[i].q1, 1e-12) &&
				      close_to(s.q3, cases[i].q3, 1e-12),
			      "%s: quartiles %.17g %.17g", name, s.q1, s.q3);
		ck_assert_msg(s.outliers == cases[i].outliers,
			      "%s: %zu outliers", name, s.outliers);
		ck_assert_msg(s.ci_low <= s.median && s.median <= s.ci_high,
			      "%s: ci [%g, %g] misses the median", name,
			      s.ci_low, s.ci_high);
		if (cases[i].n > 0 && cases[i].min == cases[i].max)
			ck_assert_msg(
				s.ci_low == s.median && s.ci_high == s.median,
				"%s: a constant sample has a point ci", name);
	}
	ck_assert_double_eq(stats_median(NULL, 0), 0);
	ck_assert_double_eq(stats_median(ten, 10), 4.4);
	ck_assert_double_eq(stats_median(four, 4), 3.0);
	ck_assert_double_eq(stats_median(one, 1), 7.5);
}
END_TEST

/* n samples of a skewed distribution, like run times. */
static double *timings(size_t n, uint64_t seed)
{
	struct stats_rng rng;
	double *x = malloc(n * sizeof(*x));
	ck_assert_ptr_nonnull(x);
	stats_rng_seed(&rng, seed);
	for (size_t i = 0; i < n; i++) {
		double u = (double)(stats_rng_next(&rng) >> 11) /
			   9007199254740992.0;
		x[i] = 1.0 - 0.1 * log(1.0 - u);
	}
	return x;
}

START_TEST(test_bootstrap_ci)
{
	size_t n = 1000;
	double *x = timings(n, 7);
	double *copy = malloc(n * sizeof(*copy));
	ck_assert_ptr_nonnull(copy);
	memcpy(copy, x, n * sizeof(*x));

	struct stats_summary a, b, c;
	stats_summarize(x, n, 100, &a);
	stats_summarize(x, n, 100, &b);
	stats_summarize(x, n, 101, &c);
	ck_assert_msg(!memcmp(x, copy, n * sizeof(*x)), "input modified");

	ck_assert(a.ci_low < a.median && a.median < a.ci_high);
	/* median of 1 + Exp(0.1) is 1 + 0.1 ln 2; its CI is about ±0.01 */
	ck_assert(a.ci_high - a.ci_low > 0.002 && a.ci_high - a.ci_low < 0.05);
	ck_assert(a.ci_low < 1.0693 && 1.0693 < a.ci_high);
	ck_assert(a.ci_low == b.ci_low && a.ci_high == b.ci_high);
	ck_assert(a.ci_low != c.ci_low || a.ci_high != c.ci_high);
	ck_assert(c.ci_low < c.median && c.median < c.ci_high);

	/* The input order does not matter, only the seed. */
	for (size_t i = 0; i < n; i++)
		copy[i] = x[n - 1 - i];
	stats_summarize(copy, n, 100, &c);
	ck_assert(a.ci_low == c.ci_low && a.ci_high == c.ci_high);

	/* Two values: every resample median is one of 1, 1.5, 2. */
	static const double two[] = {1, 2};
	stats_summarize(two, 2, 5, &c);
	ck_assert(c.ci_low == 1 && c.ci_high == 2 && c.median == 1.5);
	free(x);
	free(copy);
}
END_TEST

START_TEST(test_ratio)
{
	size_t n = 500;
	double *x = timings(n, 11);
	double *y = malloc(n * sizeof(*y));
	ck_assert_ptr_nonnull(y);
	struct stats_ratio r, r2;

	ck_assert_int_eq(stats_ratio_of_medians(x, n, x, n, 3, &r), 0);
	ck_assert_double_eq(r.value, 1.0);
	ck_assert(r.ci_low < 1 && 1 < r.ci_high);
	ck_assert(r.ci_high - r.ci_low < 0.1);

	for (size_t i = 0; i < n; i++)
		y[i] = 2 * x[i];
	ck_assert_int_eq(stats_ratio_of_medians(y, n, x, n, 3, &r), 0);
	ck_assert_double_eq(r.value, 2.0);
	ck_assert(r.ci_low < 2 && 2 < r.ci_high);
	ck_assert_int_eq(stats_ratio_of_medians(y, n, x, n, 3, &r2), 0);
	ck_assert(r.ci_low == r2.ci_low && r.ci_high == r2.ci_high);
	ck_assert_int_eq(stats_ratio_of_medians(y, n, x, n, 4, &r2), 0);
	ck_assert(r.ci_low != r2.ci_low || r.ci_high != r2.ci_high);

	/* A zero median in b has no ratio; out is zeroed. */
	static const double zero_median[] = {0, 0, 0, 1, 2};
	static const double one[] = {1.5};
	memset(&r, 0x5a, sizeof(r));
	ck_assert_int_eq(stats_ratio_of_medians(x, n, zero_median, 5, 3, &r),
			 -EDOM);
	ck_assert(r.value == 0 && r.ci_low == 0 && r.ci_high == 0);
	ck_assert_int_eq(stats_ratio_of_medians(x, 0, x, n, 3, &r), -EDOM);
	ck_assert_int_eq(stats_ratio_of_medians(x, n, x, 0, 3, &r), -EDOM);

	/* One sample each: a point interval. */
	static const double three[] = {3.0};
	ck_assert_int_eq(stats_ratio_of_medians(three, 1, one, 1, 3, &r), 0);
	ck_assert(r.value == 2.0 && r.ci_low == 2.0 && r.ci_high == 2.0);

	/* b's median is not 0 but some resamples' are: still finite here. */
	static const double some_zeros[] = {0, 0, 1, 1, 1};
	ck_assert_int_eq(stats_ratio_of_medians(one, 1, some_zeros, 5, 3, &r),
			 0);
	ck_assert_double_eq(r.value, 1.5);
	ck_assert(r.ci_low <= 1.5 && 1.5 <= r.ci_high);
	free(x);
	free(y);
}
END_TEST

START_TEST(test_geomean)
{
	static const double two[] = {2, 8};
	static const double one[] = {1.25};
	static const double spread[] = {0.9, 1.1, 1.3, 0.8, 1.05, 1.2};
	static const double zero[] = {1, 0};
	static const double negative[] = {1, -2};
	static const double infinite[] = {1, INFINITY};
	struct stats_ratio r;

	ck_assert_int_eq(stats_geomean(two, 2, 1, &r), 0);
	ck_assert(close_to(r.value, 4.0, 1e-15));
	/* resamples of {2, 8}: geomeans 2, 4 or 8 */
	ck_assert(close_to(r.ci_low, 2.0, 1e-15));
	ck_assert(close_to(r.ci_high, 8.0, 1e-15));
	ck_assert_int_eq(stats_geomean(one, 1, 1, &r), 0);
	ck_assert(r.value == 1.25 && r.ci_low == 1.25 && r.ci_high == 1.25);
	ck_assert_int_eq(stats_geomean(spread, 6, 9, &r), 0);
	/* scipy.stats.gmean(spread) */
	ck_assert(close_to(r.value, 1.0443350318474112, 1e-12));
	ck_assert(r.ci_low < r.value && r.value < r.ci_high);
	ck_assert(r.ci_low >= 0.8 && r.ci_high <= 1.3);
	ck_assert_int_eq(stats_geomean(zero, 2, 1, &r), -EDOM);
	ck_assert_int_eq(stats_geomean(negative, 2, 1, &r), -EDOM);
	ck_assert_int_eq(stats_geomean(infinite, 2, 1, &r), -EDOM);
	ck_assert_int_eq(stats_geomean(NULL, 0, 1, &r), -EDOM);
}
END_TEST

static double sequence(size_t i, size_t mul, size_t mod, double add)
{
	return (double)(i * mul % mod) + add;
}

START_TEST(test_mann_whitney)
{
	/*
	 * scipy.stats.mannwhitneyu(a, b, alternative='two-sided',
	 * use_continuity=True, method='exact') for samples without ties and
	 * na + nb <= 60, method='asymptotic' for the others.
	 */
	static const double sep_a[] = {1, 2, 3, 4, 5};
	static const double sep_b[] = {6, 7, 8, 9, 10};
	static const double mix_a[] = {1.1, 2.5, 3.3, 4.0, 7.2, 8.1};
	static const double mix_b[] = {2.0, 5.5, 6.1, 9.0, 9.5, 10.2, 11.0};
	static const double tie_a[] = {1, 2, 2, 3, 3, 3, 4};
	static const double tie_b[] = {2, 3, 4, 4, 5, 5, 6, 7};
	static const double one_a[] = {1.0};
	static const double one_b[] = {2.0};
	static const double eq_a[] = {1, 1, 1};
	static const double eq_b[] = {1, 1};
	double big_a[40], big_b[40], n60_a[30], n60_b[31];

	/* same generators as the scipy script */
	for (size_t i = 0; i < 40; i++) {
		big_a[i] = sequence(i, 37, 101, 0.5);
		big_b[i] = sequence(i, 53, 103, 25.25);
	}
	for (size_t i = 0; i < 30; i++)
		n60_a[i] = sequence(i, 7, 31, 0.5);
	for (size_t i = 0; i < 31; i++)
		n60_b[i] = sequence(i, 11, 37, 4.25);

	static const struct {
		const char *name;
		const double *a, *b;
		size_t na, nb;
		double p;
	} fixed[] = {
		/* exact: 2 / C(10, 5) */
		{"separated", sep_a, sep_b, 5, 5, 0.007936507936507936},
		{"separated reversed", sep_b, sep_a, 5, 5,
		 0.007936507936507936},
		{"mixed", mix_a, mix_b, 6, 7, 0.10139860139860139},
		{"one each", one_a, one_b, 1, 1, 1.0},
		/* ties: asymptotic with tie correction */
		{"ties", tie_a, tie_b, 7, 8, 0.025279736885893914},
		{"all equal", eq_a, eq_b, 3, 2, 1.0},
	};
	for (size_t i = 0; i < ARRAY_SIZE(fixed); i++) {
		double p = stats_mann_whitney_p(fixed[i].a, fixed[i].na,
						fixed[i].b, fixed[i].nb);
		ck_assert_msg(close_to(p, fixed[i].p, 1e-9),
			      "%s: p %.17g, want %.17g", fixed[i].name, p,
			      fixed[i].p);
	}
	const struct {
		const char *name;
		const double *a, *b;
		size_t na, nb;
		double p;
	} generated[] = {
		/* 80 values: asymptotic */
		{"80 values", big_a, big_b, 40, 40, 0.004200545834786476},
		/* 60 values, no ties: still exact */
		{"60 values", n60_a, n60_b, 30, 30, 0.024335465926166748},
		/* 61 values: asymptotic */
		{"61 values", n60_a, n60_b, 30, 31, 0.0163070548447693},
	};
	for (size_t i = 0; i < ARRAY_SIZE(generated); i++) {
		double p =
			stats_mann_whitney_p(generated[i].a, generated[i].na,
					     generated[i].b, generated[i].nb);
		ck_assert_msg(close_to(p, generated[i].p, 1e-9),
			      "%s: p %.17g, want %.17g", generated[i].name, p,
			      generated[i].p);
	}
	ck_assert_double_eq(stats_mann_whitney_p(sep_a, 0, sep_b, 5), 1.0);
	ck_assert_double_eq(stats_mann_whitney_p(sep_a, 5, sep_b, 0), 1.0);
}
END_TEST

START_TEST(test_holm)
{
	/*
	 * By hand. {0.01, 0.04, 0.03, 0.005} sorted: 0.005*4 = 0.02,
	 * 0.01*3 = 0.03, 0.03*2 = 0.06, 0.04*1 = 0.04 -> 0.06 (monotone).
	 * {0.6, 0.7, 0.1}: 0.1*3 = 0.3, 0.6*2 = 1.2 -> 1, 0.7 -> 1.
	 * Ties keep their order: {0.02, 0.02} -> 0.04 both.
	 */
	static const struct {
		size_t n;
		double p[4], want[4];
	} cases[] = {
		{4, {0.01, 0.04, 0.03, 0.005}, {0.03, 0.06, 0.06, 0.02}},
		{3, {0.6, 0.7, 0.1}, {1, 1, 0.3}},
		{2, {0.5, 0.4}, {0.8, 0.8}},
		{2, {0.02, 0.02}, {0.04, 0.04}},
		{1, {0.3}, {0.3}},
		{2, {0, 1}, {0, 1}},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		double adj[4], inplace[4];
		stats_holm(cases[i].p, cases[i].n, adj);
		memcpy(inplace, cases[i].p, sizeof(inplace));
		stats_holm(inplace, cases[i].n, inplace);
		for (size_t k = 0; k < cases[i].n; k++) {
			ck_assert_msg(close_to(adj[k], cases[i].want[k], 1e-12),
				      "case %zu [%zu]: %g, want %g", i, k,
				      adj[k], cases[i].want[k]);
			ck_assert_double_eq(inplace[k], adj[k]);
		}
	}
	stats_holm(NULL, 0, NULL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("stats");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_rng);
	tcase_add_test(tc, test_summarize_table);
	tcase_add_test(tc, test_bootstrap_ci);
	tcase_add_test(tc, test_ratio);
	tcase_add_test(tc, test_geomean);
	tcase_add_test(tc, test_mann_whitney);
	tcase_add_test(tc, test_holm);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
