/*
 * check_trend.c: change points and verdicts of analysis/trend.c on
 * synthetic histories with known steps, and the grouping of observations
 * into series (never across set-ups).
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/stats.h"
#include "analysis/trend.h"
#include "util/alloc.h"

static double gauss(struct stats_rng *rng)
{
	double u = ((double)(stats_rng_next(rng) >> 11) + 0.5) /
		   9007199254740992.0;
	double v = ((double)(stats_rng_next(rng) >> 11) + 0.5) /
		   9007199254740992.0;
	return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

/*
 * A series of n revisions: revision i is level(i) * (1 + noise), noise
 * with sd real_sd, each reported with a CI of standard error said_se.
 */
static struct trend_series *history(size_t n, const double *level,
				    double real_sd, double said_se,
				    uint64_t seed)
{
	struct stats_rng rng;
	stats_rng_seed(&rng, seed);
	struct trend_series *s = xcalloc(1, sizeof(*s));
	s->points = xcalloc(n, sizeof(*s->points));
	s->points_nr = n;
	for (size_t i = 0; i < n; i++) {
		struct trend_point *p = &s->points[i];
		p->y = log(level[i] * 1e6) + real_sd * gauss(&rng);
		p->se = said_se;
		p->runs = 1;
	}
	struct trend_options o = {0.05};
	trend_analyse(s, &o);
	return s;
}

static void series_free(struct trend_series *s)
{
	trend_series_free(s, 1);
}

static double *steps(size_t n, size_t at1, double f1, size_t at2, double f2)
{
	double *l = xmalloc(n * sizeof(double));
	for (size_t i = 0; i < n; i++)
		l[i] = 1.0 * (i >= at1 ? f1 : 1) * (i >= at2 ? f2 : 1);
	return l;
}

START_TEST(test_step_found_with_its_range)
{
	/* +8% at revision 30 of 60, for many noise draws */
	double *l = steps(60, 30, 1.08, 60, 1);
	for (uint64_t seed = 1; seed <= 20; seed++) {
		struct trend_series *s = history(60, l, 0.01, 0.01, seed);
		ck_assert_msg(s->segs_nr == 2, "seed %llu: %zu segments",
			      (unsigned long long)seed, s->segs_nr);
		const struct trend_change *c = &s->changes[0];
		ck_assert_uint_eq(c->from, 29);
		ck_assert_uint_eq(c->to, 30);
		ck_assert(c->regression && !c->improvement);
		ck_assert(c->size.low < 1.08 && 1.08 < c->size.high);
		ck_assert(c->size.low > 1.05);
		ck_assert(s->alert);
		ck_assert_double_eq_tol(s->vs_previous.value, 1.08, 0.01);
		ck_assert(s->vs_best.low > 1);
		series_free(s);
	}
	free(l);
}
END_TEST

START_TEST(test_noise_has_no_change)
{
	double *l = steps(60, 60, 1, 60, 1);
	size_t false_changes = 0;
	for (uint64_t seed = 1; seed <= 100; seed++) {
		/* honest CIs */
		struct trend_series *s = history(60, l, 0.02, 0.02, seed);
		false_changes += s->segs_nr - 1;
		ck_assert(!s->alert);
		ck_assert_double_eq(s->vs_best.value, 1);
		series_free(s);
		/* CIs four times too narrow: tau^2 absorbs the difference */
		s = history(60, l, 0.02, 0.005, seed + 1000);
		false_changes += s->segs_nr - 1;
		ck_assert(s->tau2 > 0.0001);
		series_free(s);
	}
	ck_assert_msg(false_changes <= 4, "%zu changes in 200 flat series",
		      false_changes);
	free(l);
}
END_TEST

START_TEST(test_regression_then_recovery)
{
	double *l = steps(60, 20, 1.10, 40, 1 / 1.10);
	struct trend_series *s = history(60, l, 0.01, 0.01, 7);
	ck_assert_uint_eq(s->segs_nr, 3);
	ck_assert_uint_eq(s->changes[0].to, 20);
	ck_assert_uint_eq(s->changes[1].to, 40);
	ck_assert(s->changes[0].regression);
	ck_assert(s->changes[1].improvement);
	ck_assert(!s->alert); /* recovered */
	ck_assert(s->vs_previous.high < 1);
	ck_assert(s->vs_best.low < 1.03 && s->vs_best.value < 1.03);
	series_free(s);
	free(l);
}
END_TEST

START_TEST(test_latest_revision_regression_and_threshold)
{
	/* the newest revision alone 15% slower: an alert at once */
	double *l = steps(31, 30, 1.15, 31, 1);
	struct trend_series *s = history(31, l, 0.005, 0.005, 3);
	ck_assert_uint_eq(s->segs_nr, 2);
	ck_assert_uint_eq(s->changes[0].from, 29);
	ck_assert_uint_eq(s->changes[0].to, 30);
	ck_assert(s->alert);
	series_free(s);
	free(l);
	/* a sure 3% step is a regression but under the 5% threshold */
	l = steps(40, 20, 1.03, 40, 1);
	s = history(40, l, 0.002, 0.002, 4);
	ck_assert_uint_eq(s->segs_nr, 2);
	ck_assert(s->changes[0].regression);
	ck_assert(!s->alert);
	series_free(s);
	free(l);
}
END_TEST

START_TEST(test_points_without_value)
{
	/* a failed revision in the middle is skipped, not a change */
	double *l = steps(20, 20, 1, 20, 1);
	struct trend_series *s = history(20, l, 0.001, 0.001, 5);
	series_free(s);
	s = xcalloc(1, sizeof(*s));
	s->points = xcalloc(3, sizeof(*s->points));
	s->points_nr = 3;
	for (size_t i = 0; i < 3; i++)
		s->points[i].y = s->points[i].se = NAN;
	struct trend_options o = {0.05};
	trend_analyse(s, &o);
	ck_assert_uint_eq(s->segs_nr, 0);
	ck_assert(isnan(s->vs_best.value) && !s->alert);
	series_free(s);
	free(l);
}
END_TEST

static void obs(struct trend_obs *o, const char *setup, const char *rev,
		const char *time, const char *path, double median)
{
	memset(o, 0, sizeof(*o));
	o->path = xstrdup(path);
	o->workload = xstrdup("w");
	o->workload_version = 1;
	o->params = xstrdup("n=1");
	o->setup = xstrdup(setup);
	o->impl = xstrdup("c");
	o->language = xstrdup("c");
	o->status = xstrdup("OK");
	o->baseline = xstrdup("c");
	o->revision = rev ? xstrdup(rev) : NULL;
	o->order_time = xstrdup(time);
	o->median_ns = median;
	o->ci_low_ns = median * 0.99;
	o->ci_high_ns = median * 1.01;
	o->ratio = o->ratio_low = o->ratio_high = 1;
}

START_TEST(test_series_by_setup_and_revision)
{
	struct trend_obs o[5];
	/* sorted as the index returns them: series, then revision */
	obs(&o[0], "hostA", "r1", "2026-01-01T00:00:00Z", "a1.json", 100);
	obs(&o[1], "hostA", "r1", "2026-01-01T00:00:00Z", "a2.json", 110);
	obs(&o[2], "hostA", "r2", "2025-12-01T00:00:00Z", "a3.json", 200);
	obs(&o[3], "hostB", NULL, "2026-01-02T00:00:00Z", "b1.json", 300);
	obs(&o[4], "hostB", NULL, "2026-01-01T00:00:00Z", "b2.json", 400);
	struct trend_series *s;
	struct trend_options opt = {0.05};
	size_t nr = trend_build(o, 5, &opt, &s);
	ck_assert_uint_eq(nr, 2);
	ck_assert_str_eq(s[0].setup, "hostA");
	ck_assert_uint_eq(s[0].points_nr, 2);
	/* r2 is older: first */
	ck_assert_str_eq(s[0].points[0].revision, "r2");
	ck_assert_uint_eq(s[0].points[1].runs, 2);
	ck_assert_double_eq_tol(s[0].points[1].median_ns, sqrt(100.0 * 110),
				1e-6);
	ck_assert_uint_eq(s[1].points_nr, 2);
	ck_assert_str_eq(s[1].points[0].path, "b2.json");
	trend_series_free(s, nr);
	for (size_t i = 0; i < 5; i++)
		trend_obs_release(&o[i]);
}
END_TEST

static Suite *trend_suite(void)
{
	Suite *s = suite_create("trend");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_step_found_with_its_range);
	tcase_add_test(tc, test_noise_has_no_change);
	tcase_add_test(tc, test_regression_then_recovery);
	tcase_add_test(tc, test_latest_revision_regression_and_threshold);
	tcase_add_test(tc, test_points_without_value);
	tcase_add_test(tc, test_series_by_setup_and_revision);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(trend_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
