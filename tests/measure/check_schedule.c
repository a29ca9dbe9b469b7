/*
 * check_schedule.c: the stopping rule and the order of timed runs.
 * schedule_decide() case by case (which rule wins, the edges of each);
 * its CI rule against the interval stats_summarize() gives for the same
 * seed, just above and just below the threshold; the shuffle. Then the
 * bench loop's use of it: bench_run() on a two-implementation workload of
 * shell scripts in a sandbox of mode none, where each stop reason must
 * end timing with the run count the rule gives, in interleaved rounds.
 */
#include <check.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "measure/bench.h"
#include "measure/schedule.h"
#include "util/fs.h"
#include "util/strbuf.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* 5 ms runs with a little spread. */
static const double walls[] = {5.00e6, 5.10e6, 4.95e6, 5.05e6, 5.02e6,
			       4.98e6, 5.20e6, 5.01e6, 4.99e6, 5.03e6};

START_TEST(test_stop_names)
{
	ck_assert_ptr_null(schedule_stop_name(SCHEDULE_CONTINUE));
	ck_assert_str_eq(schedule_stop_name(SCHEDULE_STOP_CI), "target_ci");
	ck_assert_str_eq(schedule_stop_name(SCHEDULE_STOP_MAX), "max_runs");
	ck_assert_str_eq(schedule_stop_name(SCHEDULE_STOP_BUDGET),
			 "time_budget");
	ck_assert_str_eq(schedule_stop_name(SCHEDULE_STOP_FIXED), "fixed_runs");
}
END_TEST

START_TEST(test_decide_table)
{
	static const double same[] = {5e6, 5e6, 5e6, 5e6, 5e6, 5e6};
	static const double zeros[] = {0, 0, 0, 0, 0};
	/* min, max, target_ci, budget_s, fixed */
	static const struct {
		const char *name;
		struct schedule_rules rules;
		const double *x;
		size_t n;
		double spent_s;
		enum schedule_stop want;
	} cases[] = {
		/* fixed runs win over everything, budget included */
		{"fixed, short",
		 {5, 30, 1, 0.001, 4},
		 walls,
		 3,
		 100,
		 SCHEDULE_CONTINUE},
		{"fixed, reached",
		 {5, 2, 1, 0, 4},
		 walls,
		 4,
		 0,
		 SCHEDULE_STOP_FIXED},
		{"fixed, none yet",
		 {5, 30, 1, 0.001, 4},
		 NULL,
		 0,
		 100,
		 SCHEDULE_CONTINUE},
		/* max_runs before the budget and the CI */
		{"max reached",
		 {1, 3, 1e-9, 0, 0},
		 walls,
		 3,
		 1e9,
		 SCHEDULE_STOP_MAX},
		{"max 0: no limit",
		 {1, 0, 1e-9, 0, 0},
		 walls,
		 10,
		 0,
		 SCHEDULE_CONTINUE},
		/* never before one sample, whatever the budget */
		{"budget, no sample",
		 {5, 30, 0.02, 0.001, 0},
		 NULL,
		 0,
		 100,
		 SCHEDULE_CONTINUE},
		/* budget: one more median run (5 ms) must fit */
		{"budget, next fits",
		 {5, 30, 1e-9, 1.0, 0},
		 same,
		 2,
		 0.995,
		 SCHEDULE_CONTINUE},
		{"budget, next does not",
		 {5, 30, 1e-9, 1.0, 0},
		 same,
		 2,
		 0.996,
		 SCHEDULE_STOP_BUDGET},
		{"budget before min_runs",
		 {5, 30, 1, 1.0, 0},
		 same,
		 1,
		 0.999,
		 SCHEDULE_STOP_BUDGET},
		{"budget 0: none",
		 {5, 30, 1e-9, 0, 0},
		 same,
		 2,
		 1e9,
		 SCHEDULE_CONTINUE},
		/* the CI only from min_runs on (a constant sample: CI 0) */
		{"ci before min",
		 {5, 30, 0.02, 0, 0},
		 same,
		 4,
		 0,
		 SCHEDULE_CONTINUE},
		{"ci at min",
		 {5, 30, 0.02, 0, 0},
		 same,
		 5,
		 0,
		 SCHEDULE_STOP_CI},
		/* min_runs below 2 counts as 2: one run has no interval */
		{"min 1, one run",
		 {1, 30, 0.02, 0, 0},
		 same,
		 1,
		 0,
		 SCHEDULE_CONTINUE},
		{"min 0, two runs",
		 {0, 30, 0.02, 0, 0},
		 same,
		 2,
		 0,
		 SCHEDULE_STOP_CI},
		/* a zero median never meets a relative target */
		{"zero median",
		 {2, 30, 1, 0, 0},
		 zeros,
		 5,
		 0,
		 SCHEDULE_CONTINUE},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		enum schedule_stop got =
			schedule_decide(&cases[i].rules, cases[i].x, cases[i].n,
					cases[i].spent_s, 7);
		ck_assert_msg(got == cases[i].want, "%s: %s, want %s",
			      cases[i].name,
			      schedule_stop_name(got) ? schedule_stop_name(got)
						      : "continue",
			      schedule_stop_name(cases[i].want)
				      ? schedule_stop_name(cases[i].want)
				      : "continue");
	}
}
END_TEST

/* The CI rule is the interval of stats_summarize with the same seed. */
START_TEST(test_decide_ci_threshold)
{
	for (uint64_t seed = 1; seed <= 20; seed++) {
		struct stats_summary s;
		stats_summarize(walls, ARRAY_SIZE(walls), seed, &s);
		double rel = (s.ci_high - s.ci_low) / 2 / s.median;
		ck_assert(rel > 0 && rel < 0.05);
		struct schedule_rules above = {5, 100, rel * 1.0001, 0, 0};
		struct schedule_rules below = {5, 100, rel * 0.9999, 0, 0};
		ck_assert_int_eq(schedule_decide(&above, walls,
						 ARRAY_SIZE(walls), 0, seed),
				 SCHEDULE_STOP_CI);
		ck_assert_int_eq(schedule_decide(&below, walls,
						 ARRAY_SIZE(walls), 0, seed),
				 SCHEDULE_CONTINUE);
	}
}
END_TEST

START_TEST(test_shuffle)
{
	struct stats_rng rng, rng2;
	size_t counts[6] = {0};
	stats_rng_seed(&rng, 3);
	for (int k = 0; k < 60000; k++) {
		size_t o[3] = {0, 1, 2};
		schedule_shuffle(o, 3, &rng);
		ck_assert(o[0] + o[1] + o[2] == 3 && o[0] != o[1] &&
			  o[1] != o[2] && o[0] != o[2]);
		/* permutation index: first element, then the order of the
		 * other two */
		counts[o[0] * 2 + (o[1] > o[2])]++;
	}
	for (size_t i = 0; i < 6; i++)
		ck_assert_msg(counts[i] > 9500 && counts[i] < 10500,
			      "permutation %zu: %zu of 60000", i, counts[i]);

	/* the seed alone decides the order */
	size_t a[50], b[50];
	for (size_t i = 0; i < 50; i++)
		a[i] = b[i] = i;
	stats_rng_seed(&rng, 11);
	stats_rng_seed(&rng2, 11);
	schedule_shuffle(a, 50, &rng);
	schedule_shuffle(b, 50, &rng2);
	ck_assert(!memcmp(a, b, sizeof(a)));
	size_t zero = 7;
	schedule_shuffle(&zero, 1, &rng);
	ck_assert_uint_eq(zero, 7);
	schedule_shuffle(NULL, 0, &rng);
}
END_TEST

/* ---- the bench loop ---- */

static char dir[64];
static struct sandbox *sb;
static struct recipe_set recipes;
static struct toolchain_set tcs;
static struct manifest manifest;
static struct plan_workload plan;

static void write_file(const char *name, const char *text)
{
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s/%s", dir, name);
	FILE *f = fopen(p.buf, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	strbuf_release(&p);
}

static void bench_setup(void)
{
	struct versus_errs errs = VERSUS_ERRS_INIT;
	struct sandbox_config config = {.cgroups = SANDBOX_CGROUPS_OFF,
					.quiet = true};
	struct versus_err err = {0};
	static const char *const languages[] = {"sh", NULL};

	snprintf(dir, sizeof(dir), "/tmp/versus-check-schedule-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	/* a folder the box's uid may read, as a checkout is */
	ck_assert_int_eq(chmod(dir, 0755), 0);
	/* the sources in src/, the builds beside it (not inside a project) */
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s/src", dir);
	ck_assert_int_eq(mkdir(p.buf, 0755), 0);
	write_file("src/a.sh", "echo 42\n");
	write_file("src/b.sh", "x=42; echo $x\n");
	write_file("src/w.yaml",
		   "schema: 1\n"
		   "workload: w\n"
		   "baseline: a\n"
		   "measure: {warmup: 1, min_runs: 3, max_runs: 50,"
		   " target_ci: 0.02, time_budget: 600}\n"
		   "implementations:\n"
		   "  - {id: a, language: sh, source: a.sh}\n"
		   "  - {id: b, language: sh, source: b.sh}\n");
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/src/w.yaml", dir);
	ck_assert_int_eq(
		manifest_load_checked(p.buf, languages, &manifest, &errs), 0);
	ck_assert_int_eq(recipe_set_load_dir(VERSUS_TEST_DATA "/recipes/valid",
					     &recipes, &errs),
			 0);
	toolchain_set_init(&tcs, &recipes);
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/build", dir);
	struct plan_options opts = {.build_root = p.buf};
	int rc = plan_workload_init(&plan, &manifest, &recipes, &tcs, &opts,
				    &errs);
	ck_assert_msg(rc == 0, "plan: %s",
		      errs.nr ? errs.items[0].message : "");
	strbuf_release(&p);
	ck_assert_msg(errs.nr == 0, "%s", errs.nr ? errs.items[0].message : "");
	versus_errs_release(&errs);
	sb = sandbox_new(&config, &err);
	ck_assert_msg(sb, "sandbox_new: %s", err.message);
}

static void bench_teardown(void)
{
	sandbox_free(sb);
	plan_workload_release(&plan);
	toolchain_set_release(&tcs);
	recipe_set_release(&recipes);
	manifest_release(&manifest);
	fs_remove_tree(dir);
}

/* Options that take everything from the manifest (no observer: quiet). */
static struct bench_options manifest_options(void)
{
	return (struct bench_options){
		.seed = 5,
		.warmup = -1,
		.min_runs = -1,
		.max_runs = -1,
		.target_ci = -1,
		.time_budget_s = -1,
	};
}

/*
 * Run the workload; each implementation must be OK, have stopped for
 * reason with a run count in [lo, hi], and have one sample per round.
 */
static void run_expect(const struct bench_options *o, const char *reason,
		       size_t lo, size_t hi)
{
	static const char *const command[] = {"check_schedule", NULL};
	struct bench b;
	struct versus_err err = {0};
	ck_assert_int_eq(bench_run(&b, &plan, o, sb, command, &err), 0);
	ck_assert(b.complete);
	ck_assert_uint_eq(b.impls_nr, 2);
	for (size_t i = 0; i < b.impls_nr; i++) {
		const struct bench_impl *bi = &b.impls[i];
		ck_assert_msg(bi->status == STATUS_OK, "%zu: %s: %s", i,
			      status_name(bi->status), bi->reason);
		ck_assert_msg(
			bi->stop_reason && !strcmp(bi->stop_reason, reason),
			"%zu stopped for %s, want %s", i,
			bi->stop_reason ? bi->stop_reason : "nothing", reason);
		ck_assert_msg(bi->samples_nr >= lo && bi->samples_nr <= hi,
			      "%zu: %zu runs, want %zu-%zu", i, bi->samples_nr,
			      lo, hi);
		/* interleaved: the k-th sample was taken in round k + 1 */
		for (size_t k = 0; k < bi->samples_nr; k++)
			ck_assert_int_eq(bi->samples[k].round, (int)k + 1);
	}
	bench_release(&b);
}

START_TEST(test_bench_fixed_runs)
{
	struct bench_options o = manifest_options();
	o.fixed_runs = 4;
	run_expect(&o, "fixed_runs", 4, 4);
}
END_TEST

START_TEST(test_bench_max_runs)
{
	/* no CI of a few runs reaches 1e-9: max_runs stops */
	struct bench_options o = manifest_options();
	o.target_ci = 1e-9;
	o.max_runs = 4;
	run_expect(&o, "max_runs", 4, 4);
}
END_TEST

START_TEST(test_bench_target_ci)
{
	/* A CI lies within [min, max] of the runs, so its half-width is at
	 * most max / 2: a target of 1e6 medians stops at min_runs. */
	struct bench_options o = manifest_options();
	o.target_ci = 1e6;
	o.min_runs = 3;
	run_expect(&o, "target_ci", 3, 3);
}
END_TEST

START_TEST(test_bench_time_budget)
{
	/* a budget spent by the checks: still one timed run, then stop */
	struct bench_options o = manifest_options();
	o.time_budget_s = 1e-6;
	o.target_ci = 1e-9;
	run_expect(&o, "time_budget", 1, 1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("schedule");
	TCase *tc = tcase_create("decide");
	tcase_add_test(tc, test_stop_names);
	tcase_add_test(tc, test_decide_table);
	tcase_add_test(tc, test_decide_ci_threshold);
	tcase_add_test(tc, test_shuffle);
	suite_add_tcase(s, tc);
	TCase *tb = tcase_create("bench");
	tcase_add_checked_fixture(tb, bench_setup, bench_teardown);
	tcase_set_timeout(tb, 120);
	tcase_add_test(tb, test_bench_fixed_runs);
	tcase_add_test(tb, test_bench_max_runs);
	tcase_add_test(tb, test_bench_target_ci);
	tcase_add_test(tb, test_bench_time_budget);
	suite_add_tcase(s, tb);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
