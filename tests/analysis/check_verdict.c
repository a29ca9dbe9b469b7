/*
 * check_verdict.c: the verdict against published figures
 * (analysis/verdict.h) on hand-made result files in data/verdict/: the
 * edges of the tolerance band, implementations that did not run, both
 * aggregate methods, absolute values with another baseline, Spearman's
 * rho; and that every report format shows it.
 */
#include <check.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/verdict.h"
#include "record/record.h"
#include "render/published.h"
#include "util/strbuf.h"

#define DATA VERSUS_TEST_DATA "/verdict/"

static struct result_file *load(const char *name)
{
	struct result_file *rf = NULL;
	struct versus_err err = {0};
	int rc = result_file_load(name, &rf, &err);
	ck_assert_msg(rc == 0, "%s: %s", name, err.message);
	return rf;
}

static const struct verdict_row *row(const struct verdict *v, const char *id)
{
	for (size_t i = 0; i < v->nr; i++)
		if (!strcmp(v->rows[i].id, id))
			return &v->rows[i];
	ck_abort_msg("no row '%s'", id);
	return NULL;
}

START_TEST(test_band_edges)
{
	struct result_file *rf = load(DATA "edges.json");
	struct verdict v;
	verdict_compute(rf, &v);
	ck_assert(v.present);
	ck_assert_int_eq(v.metric, RESULT_CPU);
	ck_assert_str_eq(v.baseline, "c");
	/* the baseline is no row of its own */
	ck_assert_uint_eq(v.nr, 9);
	/* exactly p * t and p / t: inside, edges included */
	ck_assert_int_eq(row(&v, "upper-edge")->status, VERDICT_REPRODUCED);
	ck_assert_int_eq(row(&v, "lower-edge")->status, VERDICT_REPRODUCED);
	/* 0.83 x 1.5 = 1.245 in decimal, not in binary: still the edge */
	ck_assert_int_eq(row(&v, "decimal-edge")->status, VERDICT_REPRODUCED);
	ck_assert_int_eq(row(&v, "just-out")->status, VERDICT_NOT_REPRODUCED);
	ck_assert_int_eq(row(&v, "hair-out")->status, VERDICT_NOT_REPRODUCED);
	ck_assert_int_eq(row(&v, "below")->status, VERDICT_NOT_REPRODUCED);
	ck_assert_int_eq(row(&v, "inside")->status, VERDICT_REPRODUCED);
	/* the CI [1.4, 1.6] reaches across 1.5; [1.1, 1.3] does not;
	 * [0.45, 0.7] reaches into the band from below it */
	ck_assert(row(&v, "upper-edge")->uncertain);
	ck_assert(!row(&v, "inside")->uncertain);
	ck_assert(row(&v, "below")->uncertain);
	ck_assert(!row(&v, "just-out")->uncertain);
	ck_assert_double_eq_tol(row(&v, "just-out")->quotient, 1.51, 1e-12);
	ck_assert_double_eq_tol(row(&v, "decimal-edge")->quotient, 1.5, 1e-12);
	/* failed and absent: NOT RUN, saying why */
	ck_assert_int_eq(row(&v, "wrong")->status, VERDICT_NOT_RUN);
	ck_assert_str_eq(row(&v, "wrong")->reason, "WA");
	ck_assert(isnan(row(&v, "wrong")->measured));
	ck_assert_int_eq(row(&v, "absent")->status, VERDICT_NOT_RUN);
	ck_assert_str_eq(row(&v, "absent")->reason, "not in this run");
	ck_assert_uint_eq(v.reproduced, 4);
	ck_assert_uint_eq(v.not_reproduced, 3);
	ck_assert_uint_eq(v.not_run, 2);
	ck_assert_int_eq(v.overall, VERDICT_SOME_NOT);
	ck_assert_str_eq(verdict_overall_name(v.overall), "NOT REPRODUCED");
	/* the seven that ran and the baseline */
	ck_assert_uint_eq(v.rho_n, 8);
	verdict_release(&v);
	result_file_free(rf);
}
END_TEST

START_TEST(test_aggregates_differ)
{
	struct result_file *g = load(DATA "aggregate-geomean.json");
	struct result_file *s = load(DATA "aggregate-sum.json");
	struct verdict vg, vs;
	verdict_compute(g, &vg);
	verdict_compute(s, &vs);
	ck_assert(!vg.sum);
	ck_assert(vs.sum);
	ck_assert_uint_eq(vg.agg_n, 2);
	/* published 1 and 100, measured 2 and 50 */
	ck_assert_double_eq_tol(vg.agg_published, 10, 1e-9);
	ck_assert_double_eq_tol(vg.agg_measured, 10, 1e-9);
	ck_assert_double_eq_tol(vs.agg_published, 50.5, 1e-9);
	ck_assert_double_eq_tol(vs.agg_measured, 26, 1e-9);
	/* the geometric means agree, the ratios of sums do not */
	ck_assert_double_eq_tol(vg.agg_measured / vg.agg_published, 1, 1e-9);
	ck_assert(vs.agg_measured / vs.agg_published < 0.52);
	/* both reproduced (tolerance 3), and in the same order but for the
	 * published tie of c and near (ranks 1.5 1.5 3 against 1 2 3) */
	ck_assert_int_eq(vg.overall, VERDICT_ALL_REPRODUCED);
	ck_assert_double_eq_tol(vg.rho, sqrt(0.75), 1e-12);
	ck_assert_uint_eq(vg.swaps_nr, 0);
	verdict_release(&vg);
	verdict_release(&vs);
	result_file_free(g);
	result_file_free(s);
}
END_TEST

START_TEST(test_absolute_values_other_baseline)
{
	struct result_file *rf = load(DATA "absolute.json");
	struct verdict v;
	verdict_compute(rf, &v);
	ck_assert_str_eq(v.baseline, "py");
	ck_assert_uint_eq(v.nr, 2);
	/* published 0.1 s / 10 s; measured 100 ms / 2000 ms, from samples */
	const struct verdict_row *c = row(&v, "c"), *rs = row(&v, "rs");
	ck_assert_double_eq_tol(c->published, 0.01, 1e-12);
	ck_assert_double_eq_tol(c->measured, 0.05, 1e-12);
	ck_assert_int_eq(c->status, VERDICT_NOT_REPRODUCED);
	/* rs: 0.025 against 0.02 with its own tolerance 2 */
	ck_assert_double_eq_tol(rs->published, 0.02, 1e-12);
	ck_assert_double_eq_tol(rs->measured, 0.025, 1e-12);
	ck_assert_double_eq(rs->tolerance, 2);
	ck_assert_int_eq(rs->status, VERDICT_REPRODUCED);
	/* published c < rs < py, measured rs < c < py */
	ck_assert_uint_eq(v.rho_n, 3);
	ck_assert_double_eq_tol(v.rho, 0.5, 1e-12);
	ck_assert_uint_eq(v.swaps_nr, 1);
	/* constant samples: the aggregates' bootstrap CI is the point */
	ck_assert_double_eq_tol(v.agg_measured, sqrt(0.05 * 0.025), 1e-12);
	ck_assert_double_eq_tol(v.agg_ci_low, v.agg_measured, 1e-12);
	ck_assert_double_eq_tol(v.agg_ci_high, v.agg_measured, 1e-12);
	ck_assert_str_eq(v.swaps[0].a, "c");
	ck_assert_str_eq(v.swaps[0].b, "rs");
	verdict_release(&v);
	result_file_free(rf);
}
END_TEST

START_TEST(test_incomplete_and_absent)
{
	struct result_file *rf = load(DATA "incomplete.json");
	struct verdict v;
	verdict_compute(rf, &v);
	ck_assert_int_eq(v.overall, VERDICT_INCOMPLETE);
	ck_assert_uint_eq(v.reproduced, 1);
	ck_assert_uint_eq(v.not_run, 1);
	verdict_release(&v);
	/* a record without a published section has no verdict */
	struct result_file *bare =
		load(DATA "../results/suite/nbody-20261122T201500Z.json");
	verdict_compute(bare, &v);
	ck_assert(!v.present);
	ck_assert_uint_eq(v.nr, 0);
	verdict_release(&v);
	result_file_free(bare);
	result_file_free(rf);
}
END_TEST

START_TEST(test_spearman)
{
	double up[] = {1, 2, 3, 4, 5}, down[] = {50, 40, 30, 20, 10};
	double tied[] = {1, 1, 2, 2, 3}, flat[] = {7, 7, 7, 7, 7};
	ck_assert_double_eq_tol(verdict_spearman(up, up, 5), 1, 1e-12);
	ck_assert_double_eq_tol(verdict_spearman(up, down, 5), -1, 1e-12);
	/* ties take their mean rank: ranks 1.5 1.5 3.5 3.5 5 against 1-5 */
	ck_assert_double_eq_tol(verdict_spearman(tied, up, 5),
				9.0 / sqrt(9.0 * 10.0), 1e-12);
	ck_assert(isnan(verdict_spearman(up, flat, 5)));
	ck_assert(isnan(verdict_spearman(up, up, 1)));
}
END_TEST

/* Every format shows the verdict; a file without figures shows none. */
START_TEST(test_rendered)
{
	struct result_file *rf = load(DATA "edges.json");
	struct strbuf sb = STRBUF_INIT;
	published_render_text(rf, false, 0, &sb);
	ck_assert_ptr_nonnull(strstr(sb.buf, "verdict: NOT REPRODUCED: 4 "
					     "reproduced, 3 not reproduced, "
					     "2 not run"));
	ck_assert_ptr_nonnull(strstr(sb.buf, "NOT RUN (WA)"));
	/* 1.5003 is not shown as "1.50", the edge it is just outside */
	ck_assert_ptr_nonnull(strstr(sb.buf, " 1.5003 "));
	ck_assert_ptr_nonnull(strstr(sb.buf, " 1.51 "));
	ck_assert_ptr_nonnull(strstr(sb.buf, "REPRODUCED ?"));
	ck_assert_ptr_nonnull(strstr(sb.buf, "Spearman's rho"));
	ck_assert_ptr_nonnull(strstr(sb.buf, "rule: REPRODUCED when"));
	strbuf_reset(&sb);
	published_render_md(rf, &sb);
	ck_assert_ptr_nonnull(strstr(sb.buf, "**NOT REPRODUCED**"));
	ck_assert_ptr_nonnull(strstr(sb.buf, "| just-out | 1.51 [1.50, "));
	strbuf_reset(&sb);
	published_render_html(rf, &sb);
	ck_assert_ptr_nonnull(strstr(sb.buf, "<svg"));
	ck_assert_ptr_nonnull(strstr(sb.buf, "class=\"band\""));
	ck_assert_ptr_nonnull(strstr(sb.buf, "class=\"published\""));
	json_t *j = published_json(rf);
	ck_assert_ptr_nonnull(j);
	ck_assert_str_eq(json_string_value(json_object_get(j, "verdict")),
			 "NOT REPRODUCED");
	json_decref(j);
	result_file_free(rf);
	rf = load(DATA "../results/suite/nbody-20261122T201500Z.json");
	strbuf_reset(&sb);
	published_render_text(rf, false, 0, &sb);
	published_render_md(rf, &sb);
	published_render_html(rf, &sb);
	ck_assert_uint_eq(sb.len, 0);
	ck_assert_ptr_null(published_json(rf));
	result_file_free(rf);
	strbuf_release(&sb);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("verdict");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_band_edges);
	tcase_add_test(tc, test_aggregates_differ);
	tcase_add_test(tc, test_absolute_values_other_baseline);
	tcase_add_test(tc, test_incomplete_and_absent);
	tcase_add_test(tc, test_spearman);
	tcase_add_test(tc, test_rendered);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
