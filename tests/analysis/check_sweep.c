/*
 * check_sweep.c: the fit of a sweep (analysis/sweep.c) on synthetic
 * records whose times are a + b n plus noise by construction: it must
 * recover a, b and b / b_baseline, leave out a run slowed far beyond its
 * point, and say when there is nothing to fit.
 */
#include <check.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/stats.h"
#include "analysis/sweep.h"
#include "record/record.h"
#include "util/alloc.h"

static double uniform(struct stats_rng *r)
{
	return ((double)(stats_rng_next(r) >> 11) + 0.5) / 9007199254740992.0;
}

static double normal(struct stats_rng *r)
{
	return sqrt(-2.0 * log(uniform(r))) * cos(2.0 * M_PI * uniform(r));
}

static const double xs[] = {5, 10, 20, 40};
#define NPOINTS 4
#define NRUNS	6

/* An OK implementation with NRUNS samples of a + b x + sd noise. */
static void fill(struct result_impl *im, const char *id, double a, double b,
		 double x, double sd, struct stats_rng *r)
{
	result_impl_init(im);
	im->id = xstrdup(id);
	im->language = xstrdup("c");
	im->status = xstrdup("OK");
	im->samples = xcalloc(NRUNS, sizeof(*im->samples));
	for (size_t i = 0; i < NRUNS; i++) {
		struct result_sample *s = &im->samples[im->samples_nr++];
		snprintf(s->status, sizeof(s->status), "OK");
		s->wall_ns = a + b * x + sd * normal(r);
		s->cpu_ns = s->peak_memory_bytes = s->max_rss_bytes = NAN;
		s->user_ns = s->sys_ns = NAN;
	}
}

/* base: 50 ms + 2 ms n; other: 10 ms + 1 ms n; noise sd 0.3 ms. */
static struct result_file *synthetic(uint64_t seed)
{
	struct stats_rng r;
	stats_rng_seed(&r, seed);
	struct result_file *rf = result_file_new();
	rf->workload_id = xstrdup("linear");
	rf->baseline = xstrdup("base");
	rf->seed = seed;
	rf->sweep_param = xstrdup("n");
	rf->points = xcalloc(NPOINTS, sizeof(*rf->points));
	for (size_t k = 0; k < NPOINTS; k++) {
		struct result_point *p = &rf->points[rf->points_nr++];
		char v[16];
		snprintf(v, sizeof(v), "%g", xs[k]);
		p->value = xstrdup(v);
		p->impls = xcalloc(2, sizeof(*p->impls));
		fill(&p->impls[p->impls_nr++], "base", 50e6, 2e6, xs[k], 3e5,
		     &r);
		fill(&p->impls[p->impls_nr++], "other", 10e6, 1e6, xs[k], 3e5,
		     &r);
	}
	return rf;
}

START_TEST(test_fit_recovers_a_b)
{
	size_t cover_a = 0, cover_b = 0, cover_q = 0, runs = 40;
	for (uint64_t seed = 1; seed <= runs; seed++) {
		struct result_file *rf = synthetic(seed);
		/* one run of the baseline slowed by 300 ms: left out */
		rf->points[1].impls[0].samples[2].wall_ns += 300e6;
		struct sweep_fit f, g;
		ck_assert_int_eq(sweep_fit_impl(rf, "base", seed, &f), 0);
		ck_assert_int_eq(sweep_fit_impl(rf, "other", seed, &g), 0);
		ck_assert(f.have_fit && g.have_fit && g.have_ratio);
		ck_assert_uint_eq(f.excluded, 1);
		ck_assert_uint_eq(g.excluded, 0);
		ck_assert_uint_eq(f.points_ok, NPOINTS);
		ck_assert(f.have_ratio && f.slope_ratio.value == 1.0);
		/* estimates close, whatever the interval */
		ck_assert_msg(fabs(f.fit.a - 50e6) < 1e6, "a %g", f.fit.a);
		ck_assert_msg(fabs(f.fit.b - 2e6) < 0.05e6, "b %g", f.fit.b);
		ck_assert(fabs(g.fit.a - 10e6) < 1e6);
		ck_assert(fabs(g.fit.b - 1e6) < 0.05e6);
		ck_assert(fabs(g.slope_ratio.value - 0.5) < 0.03);
		ck_assert(f.fit.a_low <= f.fit.a && f.fit.a <= f.fit.a_high);
		ck_assert(g.slope_ratio.ci_low <= g.slope_ratio.value &&
			  g.slope_ratio.value <= g.slope_ratio.ci_high);
		cover_a += g.fit.a_low <= 10e6 && 10e6 <= g.fit.a_high;
		cover_b += g.fit.b_low <= 1e6 && 1e6 <= g.fit.b_high;
		cover_q += g.slope_ratio.ci_low <= 0.5 &&
			   0.5 <= g.slope_ratio.ci_high;
		result_file_free(rf);
	}
	/* 95% intervals from six runs a point: most cover the truth, and
	 * not all of them by being absurdly wide */
	ck_assert_msg(cover_a >= 28 && cover_b >= 28 && cover_q >= 28,
		      "coverage a %zu b %zu b/b0 %zu of %zu", cover_a, cover_b,
		      cover_q, runs);
}
END_TEST

START_TEST(test_fit_needs_three_points)
{
	struct result_file *rf = synthetic(3);
	struct sweep_fit f;
	/* "other" fails at two points: two left, no fit, no ratio */
	for (size_t k = 0; k < 2; k++) {
		free(rf->points[k].impls[1].status);
		rf->points[k].impls[1].status = xstrdup("WA");
	}
	ck_assert_int_eq(sweep_fit_impl(rf, "other", 3, &f), 0);
	ck_assert(!f.have_fit && !f.have_ratio);
	ck_assert_uint_eq(f.points_ok, 2);
	ck_assert(isnan(f.slope_ratio.value));
	/* an id at no point */
	ck_assert_int_eq(sweep_fit_impl(rf, "ghost", 3, &f), 0);
	ck_assert(!f.have_fit);
	/* the point values as numbers; a record that is no sweep */
	ck_assert(sweep_point_x(rf, 3) == 40);
	ck_assert(isnan(sweep_point_x(rf, 9)));
	free(rf->sweep_param);
	rf->sweep_param = NULL;
	ck_assert_int_eq(sweep_fit_impl(rf, "base", 3, &f), -EINVAL);
	result_file_free(rf);
}
END_TEST

static Suite *sweep_suite(void)
{
	Suite *s = suite_create("sweep");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_fit_recovers_a_b);
	tcase_add_test(tc, test_fit_needs_three_points);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(sweep_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
