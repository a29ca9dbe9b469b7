/*
 * check_compare.c: regression verdicts on synthetic results
 * (analysis/compare.c) and their rendering (render/compare.c). The samples
 * are drawn in the test from a seeded generator (log-normal noise around a
 * median), so every case is reproducible:
 *   - identical distributions: false-positive rate at or under alpha over
 *     200 seeds, even with no threshold at all;
 *   - a 10% slowdown with 1% noise is flagged; a 2% slowdown is real
 *     (significant) but not flagged at a 5% threshold;
 *   - failures, refusals (workload version, validation, duplicates) and
 *     the host-fingerprint warning.
 */
#include <check.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/compare.h"
#include "analysis/stats.h"
#include "util/alloc.h"

/* A standard normal deviate (Box-Muller) from the project's generator. */
static double gauss(struct stats_rng *rng)
{
	double u1 =
		((double)(stats_rng_next(rng) >> 11) + 1) / 9007199254740993.0;
	double u2 = (double)(stats_rng_next(rng) >> 11) / 9007199254740992.0;
	return sqrt(-2 * log(u1)) * cos(2 * M_PI * u2);
}

struct impl_spec {
	const char *id;
	const char *status;
	double median_ms; /* of the wall time */
};

/* A result file of one workload, samples drawn around each median. */
static struct result_file *make_file(const char *workload,
				     const struct impl_spec *impls,
				     size_t nimpls, size_t runs, double noise,
				     uint64_t seed)
{
	struct result_file *rf = xcalloc(1, sizeof(*rf));
	struct stats_rng rng;
	stats_rng_seed(&rng, seed);
	rf->path = xstrfmt("synthetic/%s-%llu.json", workload,
			   (unsigned long long)seed);
	rf->schema = 1;
	rf->complete = true;
	rf->started_at = xstrdup("2026-11-22T20:00:00Z");
	rf->finished_at = xstrdup("2026-11-22T20:01:00Z");
	rf->seed = seed;
	rf->workload_id = xstrdup(workload);
	rf->workload_version = 1;
	rf->baseline = xstrdup(impls[0].id);
	rf->validate_mode = xstrdup("exact");
	rf->validate_abs_tol = rf->validate_rel_tol = NAN;
	rf->fingerprint = xstrdup("fp-1");
	rf->impls = xcalloc(nimpls, sizeof(*rf->impls));
	rf->impls_nr = nimpls;
	for (size_t i = 0; i < nimpls; i++) {
		struct result_impl *im = &rf->impls[i];
		im->id = xstrdup(impls[i].id);
		im->language = xstrdup("c");
		im->status = xstrdup(impls[i].status);
		if (strcmp(impls[i].status, "OK"))
			continue;
		im->samples = xcalloc(runs, sizeof(*im->samples));
		im->samples_nr = runs;
		for (size_t k = 0; k < runs; k++) {
			struct result_sample *s = &im->samples[k];
			snprintf(s->status, sizeof(s->status), "OK");
			s->wall_ns = impls[i].median_ms * 1e6 *
				     exp(noise * gauss(&rng));
			/* Memory: page-granular jitter, as measured. */
			s->peak_memory_bytes =
				4096.0 *
				(double)(500 + stats_rng_below(&rng, 3));
		}
	}
	return rf;
}

static struct result_set set_of(struct result_file *rf)
{
	struct result_set set = RESULT_SET_INIT;
	ALLOC_GROW(set.files, 1, set.alloc);
	set.files[set.nr++] = rf;
	return set;
}

static const struct compare_options defaults = {0.05, 0.05, false};

/* Compare two files; returns the result (caller releases). */
static void compare_two(struct result_file *b, struct result_file *n,
			const struct compare_options *opts,
			struct compare_result *res)
{
	compare_result_init(res);
	compare_files(b, n, opts, res);
	compare_finish(res);
}

START_TEST(test_identical_distributions_false_positive_rate)
{
	static const struct impl_spec impls[] = {
		{"c", "OK", 50}, {"rust", "OK", 52}, {"go", "OK", 65}};
	const struct compare_options no_threshold = {0.0, 0.05, false};
	size_t flagged_any = 0, flagged_default = 0;
	const size_t seeds = 200;

	for (uint64_t seed = 1; seed <= seeds; seed++) {
		struct result_file *b =
			make_file("w", impls, 3, 10, 0.02, seed * 2);
		struct result_file *n =
			make_file("w", impls, 3, 10, 0.02, seed * 2 + 1);
		struct compare_result res;
		compare_two(b, n, &no_threshold, &res);
		flagged_any += res.regressions > 0;
		compare_result_release(&res);
		compare_two(b, n, &defaults, &res);
		flagged_default += res.regressions > 0;
		compare_result_release(&res);
		result_file_free(b);
		result_file_free(n);
	}
	fprintf(stderr,
		"identical distributions: %zu of %zu seeds flagged with no "
		"threshold, %zu with the 5%% threshold\n",
		flagged_any, seeds, flagged_default);
	/* Family-wise over 6 tests per seed, Holm-corrected. */
	ck_assert_msg((double)flagged_any / seeds <= 0.05,
		      "%zu of %zu seeds flagged a regression with no threshold",
		      flagged_any, seeds);
	ck_assert_uint_eq(flagged_default, 0);
}
END_TEST

START_TEST(test_ten_percent_slowdown_is_flagged)
{
	static const struct impl_spec base[] = {
		{"c", "OK", 50}, {"rust", "OK", 52}, {"go", "OK", 65}};
	static const struct impl_spec slow[] = {
		{"c", "OK", 50}, {"rust", "OK", 52 * 1.10}, {"go", "OK", 65}};
	size_t caught = 0;
	for (uint64_t seed = 1; seed <= 20; seed++) {
		struct result_file *b =
			make_file("w", base, 3, 10, 0.01, seed * 2);
		struct result_file *n =
			make_file("w", slow, 3, 10, 0.01, seed * 2 + 1);
		struct compare_result res;
		compare_two(b, n, &defaults, &res);
		ck_assert_uint_eq(res.nr, 3);
		ck_assert_str_eq(res.pairs[1].id, "rust");
		if (res.pairs[1].verdict == COMPARE_REGRESSION)
			caught++;
		ck_assert_msg(res.pairs[0].verdict != COMPARE_REGRESSION,
			      "seed %llu: unchanged 'c' flagged",
			      (unsigned long long)seed);
		ck_assert(fabs(res.pairs[1].time.change - 0.10) < 0.03);
		ck_assert(
			res.pairs[1].time.ci_low <= res.pairs[1].time.change &&
			res.pairs[1].time.change <= res.pairs[1].time.ci_high);
		ck_assert(res.pairs[1].time.ci_low > 0.05 &&
			  res.pairs[1].time.ci_high < 0.15);
		compare_result_release(&res);
		result_file_free(b);
		result_file_free(n);
	}
	ck_assert_uint_eq(caught, 20);
}
END_TEST

START_TEST(test_two_percent_slowdown_is_not_flagged)
{
	static const struct impl_spec base[] = {{"c", "OK", 50},
						{"rust", "OK", 52}};
	static const struct impl_spec slow[] = {{"c", "OK", 50},
						{"rust", "OK", 52 * 1.02}};
	size_t significant = 0;
	for (uint64_t seed = 1; seed <= 20; seed++) {
		struct result_file *b =
			make_file("w", base, 2, 20, 0.005, seed * 2);
		struct result_file *n =
			make_file("w", slow, 2, 20, 0.005, seed * 2 + 1);
		struct compare_result res;
		compare_two(b, n, &defaults, &res);
		ck_assert_int_eq(res.pairs[1].verdict, COMPARE_NO_CHANGE);
		ck_assert_uint_eq(res.regressions, 0);
		significant += res.pairs[1].time.p_adjusted < 0.05;
		compare_result_release(&res);
		result_file_free(b);
		result_file_free(n);
	}
	/* The change is real: it is the threshold that keeps it quiet. */
	ck_assert_uint_ge(significant, 18);
}
END_TEST

START_TEST(test_improvement_and_failures)
{
	static const struct impl_spec base[] = {{"c", "OK", 50},
						{"rust", "OK", 52},
						{"go", "OK", 65},
						{"py", "WA", 0},
						{"java", "NA", 0}};
	static const struct impl_spec new[] = {{"c", "OK", 50},
					       {"rust", "OK", 52 * 0.8},
					       {"go", "RE", 0},
					       {"py", "OK", 3000},
					       {"zig", "OK", 49}};
	struct result_file *b = make_file("w", base, 5, 10, 0.01, 1);
	struct result_file *n = make_file("w", new, 5, 10, 0.01, 2);
	struct compare_result res;
	compare_two(b, n, &defaults, &res);
	ck_assert_uint_eq(res.nr, 6);
	ck_assert_int_eq(res.pairs[0].verdict, COMPARE_NO_CHANGE);
	ck_assert_int_eq(res.pairs[1].verdict, COMPARE_IMPROVEMENT);
	ck_assert_int_eq(res.pairs[2].verdict, COMPARE_NEWLY_FAILED);
	ck_assert_int_eq(res.pairs[3].verdict, COMPARE_FIXED);
	ck_assert_int_eq(res.pairs[4].verdict, COMPARE_ONLY_BASE);
	ck_assert_int_eq(res.pairs[5].verdict, COMPARE_ONLY_NEW);
	ck_assert_uint_eq(res.newly_failed, 1);
	ck_assert_uint_eq(res.improvements, 1);
	ck_assert_uint_eq(res.regressions, 0);
	/* Two OK pairs, two metrics each. */
	ck_assert_uint_eq(res.tests, 4);
	compare_result_release(&res);
	result_file_free(b);
	result_file_free(n);
}
END_TEST

START_TEST(test_refusals_and_warnings)
{
	static const struct impl_spec impls[] = {{"c", "OK", 50},
						 {"rust", "OK", 52}};
	struct result_file *b = make_file("w", impls, 2, 10, 0.01, 1);
	struct result_file *n = make_file("w", impls, 2, 10, 0.01, 2);
	struct result_set sb, sn;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	struct compare_result res;

	/* Same workload, different host: refused unless forced. */
	free(n->fingerprint);
	n->fingerprint = xstrdup("fp-2");
	sb = set_of(b);
	sn = set_of(n);
	compare_result_init(&res);
	ck_assert_int_eq(compare_sets(&sb, &sn, &defaults, &res, &errs),
			 -EINVAL);
	ck_assert_uint_eq(errs.nr, 1);
	ck_assert_ptr_nonnull(strstr(errs.items[0].message,
				     "host fingerprint 'fp-1 (?, ?)' in BASE, "
				     "'fp-2 (?, ?)' in NEW"));
	ck_assert_ptr_nonnull(strstr(errs.items[0].message, "--force"));
	compare_result_release(&res);
	versus_errs_release(&errs);
	const struct compare_options force = {0.05, 0.05, true};
	compare_result_init(&res);
	ck_assert_int_eq(compare_sets(&sb, &sn, &force, &res, &errs), 0);
	ck_assert_uint_eq(errs.nr, 0);
	ck_assert_uint_eq(res.warnings.nr, 1);
	ck_assert_ptr_nonnull(strstr(res.warnings.v[0], "--force"));
	ck_assert_ptr_nonnull(strstr(res.pairs[0].caveat, "host fingerprint"));
	compare_result_release(&res);
	free(n->fingerprint);
	n->fingerprint = xstrdup("fp-1");

	/* Another workload version: refused, nothing compared. */
	n->workload_version = 2;
	compare_result_init(&res);
	ck_assert_int_eq(compare_sets(&sb, &sn, &defaults, &res, &errs),
			 -EINVAL);
	ck_assert_uint_eq(errs.nr, 1);
	ck_assert_ptr_nonnull(strstr(errs.items[0].message, "version 2"));
	ck_assert_str_eq(errs.items[0].file, n->path);
	compare_result_release(&res);
	versus_errs_release(&errs);

	/* Validated differently: refused. */
	n->workload_version = 1;
	free(n->validate_mode);
	n->validate_mode = xstrdup("numeric");
	compare_result_init(&res);
	ck_assert_int_eq(compare_sets(&sb, &sn, &defaults, &res, &errs),
			 -EINVAL);
	ck_assert_uint_eq(errs.nr, 1);
	ck_assert_ptr_nonnull(strstr(errs.items[0].message, "validates"));
	compare_result_release(&res);
	versus_errs_release(&errs);

	/* Two files of one workload on a side: refused. */
	free(n->validate_mode);
	n->validate_mode = xstrdup("exact");
	struct result_file *n2 = make_file("w", impls, 2, 10, 0.01, 3);
	ALLOC_GROW(sn.files, 2, sn.alloc);
	sn.files[sn.nr++] = n2;
	compare_result_init(&res);
	ck_assert_int_eq(compare_sets(&sb, &sn, &defaults, &res, &errs),
			 -EINVAL);
	ck_assert_uint_eq(errs.nr, 1);
	ck_assert_ptr_nonnull(
		strstr(errs.items[0].message, "exactly one per workload"));
	compare_result_release(&res);
	versus_errs_release(&errs);

	/* No workload in common. */
	result_file_free(sn.files[1]);
	sn.nr = 1;
	free(n->workload_id);
	n->workload_id = xstrdup("other");
	compare_result_init(&res);
	ck_assert_int_eq(compare_sets(&sb, &sn, &defaults, &res, &errs),
			 -EINVAL);
	ck_assert_ptr_nonnull(strstr(errs.items[0].message, "no workload in "
							    "common"));
	compare_result_release(&res);
	versus_errs_release(&errs);

	result_set_release(&sb);
	result_set_release(&sn);
}
END_TEST

START_TEST(test_render_formats)
{
	static const struct impl_spec base[] = {{"c", "OK", 50},
						{"rust", "OK", 52}};
	static const struct impl_spec slow[] = {{"c", "OK", 50},
						{"rust", "OK", 60}};
	struct result_file *b = make_file("w", base, 2, 10, 0.01, 1);
	struct result_file *n = make_file("w", slow, 2, 10, 0.01, 2);
	struct compare_result res;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	compare_two(b, n, &defaults, &res);
	f = open_memstream(&text, &len);
	ck_assert_int_eq(compare_render(&res, REPORT_TABLE, false, 0, f), 0);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(text, "REGRESSION"));
	ck_assert_ptr_nonnull(strstr(text, "1 regression,"));
	ck_assert_ptr_null(strchr(text, '\033'));
	free(text);
	f = open_memstream(&text, &len);
	ck_assert_int_eq(compare_render(&res, REPORT_JSON, false, 0, f), 0);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(text, "\"verdict\": \"REGRESSION\""));
	free(text);
	f = open_memstream(&text, &len);
	ck_assert_int_eq(compare_render(&res, REPORT_MD, false, 0, f), 0);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(text, "**REGRESSION**"));
	free(text);
	f = open_memstream(&text, &len);
	ck_assert_int_eq(compare_render(&res, REPORT_CSV, false, 0, f),
			 -EINVAL);
	fclose(f);
	free(text);
	compare_result_release(&res);
	result_file_free(b);
	result_file_free(n);
}
END_TEST

/*
 * A run as root (cgroup1, cgroup memory) against one as a user (mode none,
 * ru_maxrss): the memory "regression" is the set-up's. Refused; with
 * --force compared and marked. A toolchain change refuses its pair.
 */
START_TEST(test_different_setups_are_not_compared)
{
	static const struct impl_spec impls[] = {{"c", "OK", 50},
						 {"py", "OK", 52}};
	struct result_file *b = make_file("w", impls, 2, 10, 0.01, 1);
	struct result_file *n = make_file("w", impls, 2, 10, 0.01, 2);
	struct versus_errs errs = VERSUS_ERRS_INIT;
	struct compare_result res;
	b->cgroup_mode = xstrdup("cgroup1");
	n->cgroup_mode = xstrdup("none");
	for (size_t i = 0; i < 2; i++)
		for (size_t k = 0; k < 10; k++) {
			b->impls[i].samples[k].memory_source =
				xstrdup("cgroup1 memory.max_usage_in_bytes");
			n->impls[i].samples[k].memory_source =
				xstrdup("rusage ru_maxrss (main process only)");
			/* ru_maxrss of the main process: 6x the cgroup's */
			n->impls[i].samples[k].peak_memory_bytes *= 6.3;
		}
	struct result_set sb = set_of(b), sn = set_of(n);

	compare_result_init(&res);
	ck_assert_int_eq(compare_sets(&sb, &sn, &defaults, &res, &errs),
			 -EINVAL);
	ck_assert_uint_eq(res.regressions, 0);
	ck_assert_uint_eq(errs.nr, 1);
	ck_assert_ptr_nonnull(strstr(errs.items[0].message,
				     "cgroup mode 'cgroup1' in BASE, 'none' "
				     "in NEW; memory source 'cgroup1 "
				     "memory.max_usage_in_bytes' in BASE"));
	compare_result_release(&res);
	versus_errs_release(&errs);

	const struct compare_options force = {0.05, 0.05, true};
	compare_result_init(&res);
	ck_assert_int_eq(compare_sets(&sb, &sn, &force, &res, &errs), 0);
	ck_assert_uint_eq(errs.nr, 0);
	ck_assert_int_eq(res.pairs[0].verdict, COMPARE_REGRESSION);
	ck_assert_ptr_nonnull(strstr(res.pairs[0].caveat, "cgroup mode"));
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	ck_assert_int_eq(compare_render(&res, REPORT_TABLE, false, 0, f), 0);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(text, "REGRESSION (!)"));
	ck_assert_ptr_nonnull(strstr(text, "(!) w/c: cgroup mode"));
	free(text);
	compare_result_release(&res);

	/* Same set-up, a toolchain changed: that pair is not compared. */
	free(n->cgroup_mode);
	n->cgroup_mode = xstrdup("cgroup1");
	for (size_t i = 0; i < 2; i++) {
		b->impls[i].toolchain_version = xstrdup("Python 3.11.7");
		n->impls[i].toolchain_version =
			xstrdup(i ? "Python 3.11.2" : "Python 3.11.7");
		for (size_t k = 0; k < 10; k++) {
			free(n->impls[i].samples[k].memory_source);
			n->impls[i].samples[k].memory_source =
				xstrdup("cgroup1 memory.max_usage_in_bytes");
			n->impls[i].samples[k].peak_memory_bytes /= 6.3;
		}
	}
	compare_result_init(&res);
	ck_assert_int_eq(compare_sets(&sb, &sn, &defaults, &res, &errs), 0);
	ck_assert_int_eq(res.pairs[0].verdict, COMPARE_NO_CHANGE);
	ck_assert_int_eq(res.pairs[1].verdict, COMPARE_NOT_COMPARABLE);
	ck_assert_uint_eq(errs.nr, 1);
	ck_assert_str_eq(errs.items[0].message,
			 "workload 'w', implementation 'py': toolchain "
			 "version 'Python 3.11.7' in BASE, 'Python 3.11.2' in "
			 "NEW: not compared; --force compares anyway");
	compare_result_release(&res);
	versus_errs_release(&errs);

	result_set_release(&sb);
	result_set_release(&sn);
}
END_TEST

/* A sweep of n over values: each point a make_file of impls; rust at
 * slow_at is 10% slower. */
static struct result_file *make_sweep(const char *const *values, size_t nr,
				      const char *slow_at, uint64_t seed)
{
	static const struct impl_spec base[] = {{"c", "OK", 50},
						{"rust", "OK", 52}};
	static const struct impl_spec slow[] = {{"c", "OK", 50},
						{"rust", "OK", 52 * 1.10}};
	struct result_file *rf = make_file("w", base, 2, 10, 0.01, seed);
	rf->sweep_param = xstrdup("n");
	rf->points = xcalloc(nr, sizeof(*rf->points));
	for (size_t k = 0; k < nr; k++) {
		bool is_slow = slow_at && !strcmp(values[k], slow_at);
		struct result_file *pf = make_file("w", is_slow ? slow : base,
						   2, 10, 0.01, seed * 7 + k);
		struct result_point *p = &rf->points[rf->points_nr++];
		p->value = xstrdup(values[k]);
		p->impls = pf->impls; /* moved */
		p->impls_nr = pf->impls_nr;
		pf->impls = NULL;
		pf->impls_nr = 0;
		result_file_free(pf);
	}
	return rf;
}

START_TEST(test_sweeps_point_by_point)
{
	static const char *const bv[] = {"1000", "2000", "4000"};
	static const char *const nv[] = {"1e3", "2000", "8000"};
	struct result_file *b = make_sweep(bv, 3, NULL, 11);
	struct result_file *n = make_sweep(nv, 3, "2000", 12);
	struct result_set sb = set_of(b), sn = set_of(n);
	struct compare_result res;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	compare_result_init(&res);
	ck_assert_int_eq(compare_sets(&sb, &sn, &defaults, &res, &errs), 0);
	ck_assert_uint_eq(errs.nr, 0);
	/* 1000 and 1e3 are one point; 2000 the other: two pairs each */
	ck_assert_uint_eq(res.nr, 4);
	ck_assert_str_eq(res.pairs[0].workload, "w n=1000");
	ck_assert_str_eq(res.pairs[2].workload, "w n=2000");
	ck_assert_str_eq(res.pairs[3].id, "rust");
	ck_assert_int_eq(res.pairs[3].verdict, COMPARE_REGRESSION);
	ck_assert_int_eq(res.pairs[1].verdict, COMPARE_NO_CHANGE);
	ck_assert_uint_eq(res.regressions, 1);
	/* the points on one side only are warnings */
	bool only_base = false, only_new = false;
	for (size_t i = 0; i < res.warnings.nr; i++) {
		only_base |= strstr(res.warnings.v[i],
				    "point n=4000 is only in BASE") != NULL;
		only_new |= strstr(res.warnings.v[i],
				   "point n=8000 is only in NEW") != NULL;
	}
	ck_assert(only_base && only_new);
	compare_result_release(&res);
	/* a sweep against a run without one: refused */
	free(n->sweep_param);
	n->sweep_param = NULL;
	compare_result_init(&res);
	ck_assert_int_eq(compare_sets(&sb, &sn, &defaults, &res, &errs),
			 -EINVAL);
	ck_assert_uint_eq(errs.nr, 1);
	ck_assert_ptr_nonnull(strstr(errs.items[0].message,
				     "is not a sweep here but a sweep of 'n'"));
	compare_result_release(&res);
	versus_errs_release(&errs);
	result_set_release(&sb);
	result_set_release(&sn);
}
END_TEST

static Suite *compare_suite(void)
{
	Suite *s = suite_create("compare");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_identical_distributions_false_positive_rate);
	tcase_add_test(tc, test_ten_percent_slowdown_is_flagged);
	tcase_add_test(tc, test_two_percent_slowdown_is_not_flagged);
	tcase_add_test(tc, test_improvement_and_failures);
	tcase_add_test(tc, test_refusals_and_warnings);
	tcase_add_test(tc, test_render_formats);
	tcase_add_test(tc, test_different_setups_are_not_compared);
	tcase_add_test(tc, test_sweeps_point_by_point);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(compare_suite());
	int failed;
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
