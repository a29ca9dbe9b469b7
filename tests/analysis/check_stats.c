/*
 * check_stats.c: summaries, quantiles, bootstrap intervals, Mann-Whitney
 * and Holm. Reference figures are in tests/data/stats/reference.json,
 * computed once with numpy / scipy / statsmodels by
 * tests/analysis/reference.py (inputs and outputs both); nothing here runs
 * Python. Deterministic figures must match to 1e-12 relative. Bootstrap
 * endpoints are random: with a fixed seed, each must lie within
 * BOOT_TOLERANCE bootstrap standard errors of scipy's (50,000 resamples).
 * Over seeds 1-299 our 2000-resample endpoints missed scipy's by at most
 * 0.24 se (median 0.09, ratio 0.24, geometric mean 0.21), so 0.3 holds
 * for any seed; an interval at another level (90% is 0.32 se narrower on
 * each side) or of another statistic does not pass.
 */
#include <check.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/stats.h"

#define ARRAY_SIZE(a)  (sizeof(a) / sizeof((a)[0]))
#define BOOT_TOLERANCE 0.3

/* Relative closeness, for reference values printed to 16-17 digits. */
static int close_to(double got, double want, double rel)
{
	return fabs(got - want) <= rel * fmax(fabs(want), 1e-300);
}

static json_t *reference;

static void load_reference(void)
{
	json_error_t err;
	reference = json_load_file(VERSUS_TEST_DATA "/stats/reference.json", 0,
				   &err);
	ck_assert_msg(reference, "reference.json: %s (line %d)", err.text,
		      err.line);
}

static void free_reference(void)
{
	json_decref(reference);
	reference = NULL;
}

static json_t *ref(const char *key)
{
	json_t *v = json_object_get(reference, key);
	ck_assert_msg(v, "reference.json has no \"%s\"", key);
	return v;
}

static double num(const json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	ck_assert_msg(json_is_number(v), "no number \"%s\"", key);
	return json_number_value(v);
}

/* obj[key] as a new array of doubles (caller frees); *n its length. */
static double *array(const json_t *obj, const char *key, size_t *n)
{
	json_t *a = json_object_get(obj, key);
	ck_assert_msg(json_is_array(a), "no array \"%s\"", key);
	*n = json_array_size(a);
	double *x = malloc((*n ? *n : 1) * sizeof(*x));
	ck_assert_ptr_nonnull(x);
	for (size_t i = 0; i < *n; i++) {
		ck_assert(json_is_number(json_array_get(a, i)));
		x[i] = json_number_value(json_array_get(a, i));
	}
	return x;
}

/* A bootstrap endpoint against scipy's, within BOOT_TOLERANCE * se. */
static void assert_endpoint(const char *what, double got, double want,
			    double se)
{
	ck_assert_msg(fabs(got - want) <= BOOT_TOLERANCE * se,
		      "%s: %.10g, scipy %.10g (se %.3g: off by %.2f se)", what,
		      got, want, se, fabs(got - want) / se);
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
	struct stats_summary s;

	/* n = 0: every field 0 */
	memset(&s, 0xa5, sizeof(s));
	stats_summarize(NULL, 0, 1, &s);
	ck_assert(s.n == 0 && s.median == 0 && s.mean == 0 && s.stddev == 0 &&
		  s.ci_low == 0 && s.ci_high == 0 && s.outliers == 0);

	json_t *cases = ref("summaries"), *c;
	size_t i;
	ck_assert_uint_ge(json_array_size(cases), 5);
	json_array_foreach(cases, i, c)
	{
		const char *name =
			json_string_value(json_object_get(c, "name"));
		size_t n;
		double *x = array(c, "x", &n);
		memset(&s, 0xa5, sizeof(s));
		stats_summarize(x, n, 1, &s);
		ck_assert_msg(s.n == n, "%s: n", name);
		static const char *const keys[] = {"median", "mean", "stddev",
						   "mad",    "min",  "max",
						   "q1",     "q3"};
		const double got[] = {s.median, s.mean, s.stddev, s.mad,
				      s.min,	s.max,	s.q1,	  s.q3};
		for (size_t k = 0; k < ARRAY_SIZE(keys); k++)
			ck_assert_msg(close_to(got[k], num(c, keys[k]), 1e-12),
				      "%s: %s %.17g, numpy %.17g", name,
				      keys[k], got[k], num(c, keys[k]));
		ck_assert_msg(s.outliers == (size_t)num(c, "outliers"),
			      "%s: %zu outliers", name, s.outliers);
		ck_assert_msg(s.ci_low <= s.median && s.median <= s.ci_high,
			      "%s: ci [%g, %g] misses the median", name,
			      s.ci_low, s.ci_high);
		if (s.min == s.max)
			ck_assert_msg(
				s.ci_low == s.median && s.ci_high == s.median,
				"%s: a constant sample has a point ci", name);
		ck_assert(
			close_to(stats_median(x, n), num(c, "median"), 1e-12));
		free(x);
	}
	ck_assert_double_eq(stats_median(NULL, 0), 0);
}
END_TEST

START_TEST(test_quantile)
{
	json_t *c = ref("quantiles");
	size_t n, np, nq;
	double *x = array(c, "x", &n), *p = array(c, "p", &np),
	       *q = array(c, "q", &nq);
	ck_assert_uint_eq(np, nq);
	for (size_t i = 0; i < np; i++) {
		double got = stats_quantile(x, n, p[i]);
		ck_assert_msg(close_to(got, q[i], 1e-12),
			      "quantile %g: %.17g, numpy %.17g", p[i], got,
			      q[i]);
	}
	ck_assert_double_eq(stats_quantile(NULL, 0, 0.5), 0);
	ck_assert_double_eq(stats_quantile(x, 1, 0.975), x[0]);
	free(x);
	free(p);
	free(q);
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

START_TEST(test_bootstrap_reference)
{
	json_t *c = ref("bootstrap_median");
	size_t n;
	double *x = array(c, "x", &n);
	double se = num(c, "se");
	struct stats_summary s;

	stats_summarize(x, n, 1, &s);
	ck_assert(close_to(s.median, num(c, "median"), 1e-12));
	assert_endpoint("median ci_low", s.ci_low, num(c, "ci_low"), se);
	assert_endpoint("median ci_high", s.ci_high, num(c, "ci_high"), se);
	free(x);

	c = ref("ratio");
	size_t na, nb;
	double *a = array(c, "a", &na), *b = array(c, "b", &nb);
	struct stats_ratio r;
	se = num(c, "se");
	ck_assert_int_eq(stats_ratio_of_medians(a, na, b, nb, 1, &r), 0);
	ck_assert(close_to(r.value, num(c, "value"), 1e-12));
	assert_endpoint("ratio ci_low", r.ci_low, num(c, "ci_low"), se);
	assert_endpoint("ratio ci_high", r.ci_high, num(c, "ci_high"), se);
	free(a);
	free(b);
}
END_TEST

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
	json_t *c = ref("geomean"), *wj;
	json_t *works = json_object_get(c, "workloads");
	size_t n = json_array_size(works), i;
	struct stats_ratio_samples *w = calloc(n, sizeof(*w));
	double **owned = calloc(2 * n, sizeof(*owned));
	struct stats_ratio r, r2;

	ck_assert(w && owned && n >= 2);
	json_array_foreach(works, i, wj)
	{
		if (json_object_get(wj, "fixed")) {
			w[i].fixed = num(wj, "fixed");
			continue;
		}
		w[i].a = owned[2 * i] = array(wj, "a", &w[i].na);
		w[i].b = owned[2 * i + 1] = array(wj, "b", &w[i].nb);
	}
	ck_assert_int_eq(stats_geomean(w, n, 1, &r), 0);
	ck_assert_msg(close_to(r.value, num(c, "value"), 1e-12),
		      "geomean %.17g, scipy %.17g", r.value, num(c, "value"));
	assert_endpoint("geomean ci_low", r.ci_low, num(c, "ci_low"),
			num(c, "se"));
	assert_endpoint("geomean ci_high", r.ci_high, num(c, "ci_high"),
			num(c, "se"));
	/* the seed alone decides the interval */
	ck_assert_int_eq(stats_geomean(w, n, 1, &r2), 0);
	ck_assert(r.ci_low == r2.ci_low && r.ci_high == r2.ci_high);
	ck_assert_int_eq(stats_geomean(w, n, 2, &r2), 0);
	ck_assert(r.ci_low != r2.ci_low || r.ci_high != r2.ci_high);

	/* A workload whose baseline median is 0 has no ratio. */
	static const double zero_median[] = {0, 0, 1};
	w[0].b = zero_median;
	w[0].nb = 3;
	memset(&r, 0x5a, sizeof(r));
	ck_assert_int_eq(stats_geomean(w, n, 1, &r), -EDOM);
	ck_assert(r.value == 0 && r.ci_low == 0 && r.ci_high == 0);
	/* Samples on one side only are an error, not a fixed ratio. */
	w[0].nb = 0;
	ck_assert_int_eq(stats_geomean(w, n, 1, &r), -EDOM);
	for (i = 0; i < 2 * n; i++)
		free(owned[i]);
	free(owned);
	free(w);

	/* Fixed ratios only: scipy.stats.gmean, and a point interval. */
	c = ref("geomean_fixed");
	double *ratios = array(c, "ratios", &n);
	w = calloc(n, sizeof(*w));
	ck_assert_ptr_nonnull(w);
	for (i = 0; i < n; i++)
		w[i].fixed = ratios[i];
	ck_assert_int_eq(stats_geomean(w, n, 1, &r), 0);
	ck_assert(close_to(r.value, num(c, "value"), 1e-12));
	ck_assert(r.ci_low == r.value && r.ci_high == r.value);

	/* Bad ratios. */
	static const double bad[] = {0, -2, INFINITY, NAN};
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		w[1].fixed = bad[i];
		ck_assert_int_eq(stats_geomean(w, n, 1, &r), -EDOM);
	}
	ck_assert_int_eq(stats_geomean(NULL, 0, 1, &r), -EDOM);
	free(w);
	free(ratios);
}
END_TEST

START_TEST(test_mann_whitney)
{
	/*
	 * scipy.stats.mannwhitneyu(a, b, alternative='two-sided',
	 * use_continuity=True), method 'exact' without ties and up to 60
	 * values, 'asymptotic' otherwise (each case names its method).
	 */
	json_t *cases = ref("mann_whitney"), *c;
	size_t i;
	ck_assert_uint_ge(json_array_size(cases), 9);
	json_array_foreach(cases, i, c)
	{
		size_t na, nb;
		double *a = array(c, "a", &na), *b = array(c, "b", &nb);
		double p = stats_mann_whitney_p(a, na, b, nb);
		ck_assert_msg(close_to(p, num(c, "p"), 1e-9),
			      "%s: p %.17g, scipy %.17g",
			      json_string_value(json_object_get(c, "name")), p,
			      num(c, "p"));
		ck_assert_double_eq(stats_mann_whitney_p(a, 0, b, nb), 1.0);
		ck_assert_double_eq(stats_mann_whitney_p(a, na, b, 0), 1.0);
		free(a);
		free(b);
	}
}
END_TEST

START_TEST(test_holm)
{
	/* statsmodels multipletests(p, method='holm') */
	json_t *cases = ref("holm"), *c;
	size_t i;
	json_array_foreach(cases, i, c)
	{
		size_t n, nw;
		double *p = array(c, "p", &n),
		       *want = array(c, "adjusted", &nw);
		double *adj = malloc(n * sizeof(*adj));
		ck_assert_ptr_nonnull(adj);
		ck_assert_uint_eq(n, nw);
		stats_holm(p, n, adj);
		/* in place gives the same */
		stats_holm(p, n, p);
		for (size_t k = 0; k < n; k++) {
			ck_assert_msg(close_to(adj[k], want[k], 1e-12),
				      "case %zu [%zu]: %.17g, want %.17g", i, k,
				      adj[k], want[k]);
			ck_assert_double_eq(p[k], adj[k]);
		}
		free(p);
		free(want);
		free(adj);
	}
	stats_holm(NULL, 0, NULL);
}
END_TEST

/* The order statistics the warmup analysis shares: selection agrees with
 * sorting, the percentile interval is the type-7 rule, and the chi-square
 * tail is close to scipy.stats.chi2.sf (values from scipy 1.17.1). */
START_TEST(test_order_statistics)
{
	struct stats_rng rng;
	stats_rng_seed(&rng, 7);
	for (size_t n = 1; n < 60; n += 7) {
		double x[64], y[64];
		for (size_t i = 0; i < n; i++)
			x[i] = (double)stats_rng_below(&rng, 20);
		const double ps[] = {1.0, 0.95, 0.9, 0.5, 0.1, 0.05, 0.0};
		memcpy(y, x, n * sizeof(*x));
		for (size_t k = 0; k < sizeof(ps) / sizeof(ps[0]); k++)
			ck_assert_double_eq_tol(
				stats_quantile_select(y, n, ps[k]),
				stats_quantile(x, n, ps[k]), 1e-12);
	}
	double r[100], lo, hi;
	for (size_t i = 0; i < 100; i++)
		r[i] = (double)(99 - i);
	stats_percentile_interval(r, 100, &lo, &hi);
	ck_assert_double_eq_tol(lo, 2.475, 1e-12);
	ck_assert_double_eq_tol(hi, 96.525, 1e-12);
	ck_assert(r[0] == 0 && r[99] == 99); /* sorted */
	stats_percentile_interval(r, 0, &lo, &hi);
	ck_assert(isnan(lo) && isnan(hi));
	const struct {
		double x, df, sf;
	} chi2[] = {
		{3.0, 2, 0.22313016014842982},
		{10.0, 4, 0.04042768199451279},
		{25.0, 10, 0.005345505487134069},
		{60.0, 29, 0.0006176559733061958},
	};
	for (size_t i = 0; i < sizeof(chi2) / sizeof(chi2[0]); i++) {
		double got = stats_chi2_sf(chi2[i].x, chi2[i].df);
		ck_assert_msg(fabs(got - chi2[i].sf) <= 0.05 * chi2[i].sf,
			      "chi2_sf(%g, %g) = %g, scipy %g", chi2[i].x,
			      chi2[i].df, got, chi2[i].sf);
	}
	ck_assert_double_eq(stats_chi2_sf(0, 3), 1.0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("stats");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, load_reference, free_reference);
	tcase_add_test(tc, test_rng);
	tcase_add_test(tc, test_summarize_table);
	tcase_add_test(tc, test_quantile);
	tcase_add_test(tc, test_bootstrap_reference);
	tcase_add_test(tc, test_bootstrap_ci);
	tcase_add_test(tc, test_ratio);
	tcase_add_test(tc, test_geomean);
	tcase_add_test(tc, test_mann_whitney);
	tcase_add_test(tc, test_holm);
	tcase_add_test(tc, test_order_statistics);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
