/*
 * check_report.c: renderings of the synthetic results in
 * tests/data/results/suite compared byte for byte with golden files in
 * tests/data/report/, plus properties of the table and HTML formats.
 *
 * After an intended change of a format, regenerate the golden files with
 *   VERSUS_UPDATE_GOLDEN=1 <build>/tests/check_report
 * and review the diff (git diff tests/data/report) before committing.
 */
#include <check.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render/report.h"
#include "record/record.h"
#include "util/alloc.h"
#include "util/strbuf.h"
#include "util/utf8.h"

/* Renders of the suite (3 workloads) and of one workload. */
/* Table width of render() (0: no limit). */
static size_t render_width;

static char *render(const char *path, enum report_format fmt)
{
	struct result_set set = RESULT_SET_INIT;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	struct strvec notes = STRVEC_INIT;
	struct report_options opts = {.rows = REPORT_ROWS_ID,
				      .width = render_width};
	const struct result_file **files;
	char *text = NULL;
	size_t len = 0, nr;
	FILE *f;

	/* Relative paths, so the golden files do not name this checkout. */
	ck_assert_int_eq(chdir(VERSUS_TEST_DATA), 0);
	result_set_add_path(&set, path, &errs);
	ck_assert_uint_eq(errs.nr, 0);
	nr = result_set_latest(&set, &files, &notes);
	f = open_memstream(&text, &len);
	ck_assert_int_eq(report_render(files, nr, &notes, fmt, &opts, f), 0);
	fclose(f);
	free(files);
	strvec_clear(&notes);
	result_set_release(&set);
	return text;
}

static void check_golden(const char *input, enum report_format fmt,
			 const char *golden)
{
	char *text = render(input, fmt);
	char *path = xstrfmt("%s/report/%s", VERSUS_TEST_DATA, golden);
	struct strbuf want = STRBUF_INIT;
	const char *update = getenv("VERSUS_UPDATE_GOLDEN");

	if (update && *update) {
		FILE *f = fopen(path, "w");
		ck_assert_ptr_nonnull(f);
		fputs(text, f);
		fclose(f);
	}
	ck_assert_msg(strbuf_read_file(&want, path, 0) == 0, "cannot read '%s'",
		      path);
	ck_assert_msg(!strcmp(want.buf, text),
		      "'%s' differs from the rendering:\n%s", golden, text);
	strbuf_release(&want);
	free(path);
	free(text);
}

START_TEST(test_golden_suite)
{
	check_golden("results/suite", REPORT_MD, "suite.md");
	check_golden("results/suite", REPORT_CSV, "suite.csv");
	check_golden("results/suite", REPORT_JSON, "suite.json");
	check_golden("results/suite", REPORT_BMF, "suite.bmf.json");
	check_golden("results/suite", REPORT_GITHUB_ACTION,
		     "suite.github-action.json");
	check_golden("results/suite", REPORT_TABLE, "suite.txt");
}
END_TEST

/* At 80 columns: wrapped and with columns left out, every line fits, and
 * the figures a table shows at full width are still there. */
START_TEST(test_golden_80_columns)
{
	render_width = 80;
	check_golden("results/suite", REPORT_TABLE, "suite.80.txt");
	check_golden("results/hostile", REPORT_TABLE, "hostile.80.txt");
	const char *inputs[] = {"results/suite", "results/hostile",
				"results/mixed", "results/history"};
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		char *text = render(inputs[i], REPORT_TABLE);
		for (char *line = text; *line;) {
			size_t len = strcspn(line, "\n");
			ck_assert_msg(utf8_width_n(line, len) <= 80,
				      "%s: line wider than 80: %.*s", inputs[i],
				      (int)len, line);
			line += len + (line[len] == '\n');
		}
		if (i == 0) {
			ck_assert_ptr_nonnull(strstr(text, "CPU"));
			ck_assert_ptr_nonnull(strstr(text, "93.4 ms"));
			ck_assert_ptr_nonnull(
				strstr(text, "(left out to fit 80 columns: "
					     "outliers, language)"));
		}
		free(text);
	}
	render_width = 0;
}
END_TEST

START_TEST(test_golden_one_workload)
{
	check_golden("results/suite/spectralnorm-20261122T201930Z.json",
		     REPORT_MD, "spectralnorm.md");
	check_golden("results/suite/spectralnorm-20261122T201930Z.json",
		     REPORT_TABLE, "spectralnorm.txt");
}
END_TEST

/* Iteration mode (issue 13): the section under the workload's table in
 * every text format, and what it must say about the test data's series
 * (tests/data/results/iterations/make.py says how they were made). */
START_TEST(test_iterations)
{
	const char *in = "results/iterations";
	check_golden(in, REPORT_TABLE, "iterations.txt");
	check_golden(in, REPORT_MD, "iterations.md");
	check_golden(in, REPORT_JSON, "iterations.json");
	char *text = render(in, REPORT_TABLE);
	/* c and java-int flat, java warms up, node's PV execution counted
	 * and explained; java's two levels said */
	ck_assert_ptr_nonnull(strstr(text, "c         flat 5 "));
	ck_assert_ptr_nonnull(strstr(text, "java-int  flat 5 "));
	ck_assert_ptr_nonnull(strstr(text, "java      warmup 5 "));
	ck_assert_ptr_nonnull(strstr(text, "warmup 4, PV 1"));
	ck_assert_ptr_nonnull(strstr(text, "execution 3 not analysed: PV "
					   "bad-metric-value: line 58"));
	ck_assert_ptr_nonnull(strstr(text, "settle at different levels"));
	ck_assert_ptr_nonnull(strstr(text, "ratios to c (95% CI)"));
	ck_assert_ptr_nonnull(strstr(text, "never (the baseline stays ahead)"));
	free(text);
	render_width = 80;
	text = render(in, REPORT_TABLE);
	render_width = 0;
	for (char *line = text; *line;) {
		size_t len = strcspn(line, "\n");
		ck_assert_msg(utf8_width_n(line, len) <= 80,
			      "line wider than 80: %.*s", (int)len, line);
		line += len + (line[len] == '\n');
	}
	free(text);
}
END_TEST

/* With the interpreter as the baseline, the JIT catches up after a few
 * iterations and its steady state is far below its end-to-end ratio. */
START_TEST(test_iterations_crossover)
{
	struct result_file *rf = NULL;
	struct versus_err err = {0};
	struct report_options opts = {.rows = REPORT_ROWS_ID};
	const struct result_file *files[1];
	char *text = NULL;
	size_t len = 0;
	ck_assert_int_eq(result_file_load(VERSUS_TEST_DATA
					  "/results/iterations/"
					  "nbody-iter-20261207T120000Z."
					  "json",
					  &rf, &err),
			 0);
	free(rf->baseline);
	rf->baseline = xstrdup("java-int");
	files[0] = rf;
	FILE *f = open_memstream(&text, &len);
	ck_assert_int_eq(report_render(files, 1, NULL, REPORT_JSON, &opts, f),
			 0);
	fclose(f);
	json_t *root = json_loads(text, 0, NULL);
	ck_assert_ptr_nonnull(root);
	json_t *java = json_object_get(
		json_array_get(
			json_object_get(
				json_array_get(
					json_object_get(root, "workloads"), 0),
				"implementations"),
			1),
		"iterations");
	json_t *ratio = json_object_get(java, "ratio");
	json_t *cross = json_object_get(ratio, "crossover");
	ck_assert_str_eq(json_string_value(json_object_get(cross, "kind")),
			 "observed");
	json_int_t at =
		json_integer_value(json_object_get(cross, "iterations"));
	ck_assert_msg(at >= 2 && at <= 10, "crossover after %lld",
		      (long long)at);
	double steady = json_number_value(
		json_object_get(json_object_get(ratio, "steady"), "value"));
	double e2e = json_number_value(
		json_object_get(json_object_get(ratio, "end_to_end"), "value"));
	ck_assert_msg(steady < 0.2 && e2e > steady * 1.2,
		      "steady %g, end-to-end %g", steady, e2e);
	json_decref(root);
	free(text);
	result_file_free(rf);
}
END_TEST

/* Six iterations an execution: every series reads as flat, and the
 * report says how large a change that "flat" could have missed. */
START_TEST(test_iterations_flat_not_over_read)
{
	struct result_file *rf = NULL;
	struct versus_err err = {0};
	struct report_options opts = {.rows = REPORT_ROWS_ID};
	const struct result_file *files[1];
	char *text = NULL;
	size_t len = 0;
	ck_assert_int_eq(result_file_load(VERSUS_TEST_DATA
					  "/results/iterations/"
					  "nbody-iter-20261207T120000Z."
					  "json",
					  &rf, &err),
			 0);
	for (size_t i = 0; i < rf->impls_nr; i++)
		for (size_t k = 0; k < rf->impls[i].iterations.execs_nr; k++) {
			struct result_iter_exec *ex =
				&rf->impls[i].iterations.execs[k];
			ex->n = ex->n < 6 ? ex->n : 6;
		}
	files[0] = rf;
	FILE *f = open_memstream(&text, &len);
	ck_assert_int_eq(report_render(files, 1, NULL, REPORT_TABLE, &opts, f),
			 0);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(text, "java      flat 5 "));
	ck_assert_ptr_nonnull(strstr(text, "java: only a change of "));
	ck_assert_ptr_nonnull(strstr(text, "read flat as \"no change that "
					   "large\""));
	free(text);
	result_file_free(rf);
}
END_TEST

static char *render_file(const struct result_file *rf, enum report_format fmt)
{
	struct report_options opts = {.rows = REPORT_ROWS_ID};
	const struct result_file *files[1] = {rf};
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	ck_assert_int_eq(report_render(files, 1, NULL, fmt, &opts, f), 0);
	fclose(f);
	return text;
}

/* Implementation k's "iterations" object in a JSON rendering. */
static json_t *impl_iterations(json_t *root, size_t k)
{
	return json_object_get(
		json_array_get(
			json_object_get(
				json_array_get(
					json_object_get(root, "workloads"), 0),
				"implementations"),
			k),
		"iterations");
}

static double jget(json_t *o, const char *a, const char *b)
{
	return json_number_value(json_object_get(json_object_get(o, a), b));
}

/* iterations.inner: the steady mean and the first iteration are shown per
 * repetition (the iteration time over inner, the analysis unchanged), and
 * an implementation whose inner differs from the baseline's gets no
 * ratios but a note saying why. */
START_TEST(test_iterations_inner)
{
	struct result_file *rf = NULL;
	struct versus_err err = {0};
	ck_assert_int_eq(result_file_load(VERSUS_TEST_DATA
					  "/results/iterations/"
					  "nbody-iter-20261207T120000Z."
					  "json",
					  &rf, &err),
			 0);
	char *text = render_file(rf, REPORT_JSON);
	json_t *one = json_loads(text, 0, NULL);
	free(text);
	ck_assert_ptr_nonnull(one);
	for (size_t i = 0; i < rf->impls_nr; i++)
		rf->impls[i].iterations.inner = 4;
	text = render_file(rf, REPORT_JSON);
	json_t *four = json_loads(text, 0, NULL);
	free(text);
	ck_assert_ptr_nonnull(four);
	for (size_t k = 0; k < rf->impls_nr; k++) {
		json_t *a = impl_iterations(one, k),
		       *b = impl_iterations(four, k);
		ck_assert_int_eq(
			json_integer_value(json_object_get(a, "inner")), 1);
		ck_assert_int_eq(
			json_integer_value(json_object_get(b, "inner")), 4);
		double steady = jget(a, "steady_mean_ns", "value");
		if (!isfinite(steady))
			continue;
		/* per iteration the same; per repetition a quarter */
		ck_assert_double_eq(jget(b, "steady_mean_ns", "value"), steady);
		json_t *pa = json_object_get(a, "per_repetition"),
		       *pb = json_object_get(b, "per_repetition");
		ck_assert_double_eq_tol(jget(pa, "steady_mean_ns", "value"),
					steady, 1e-9 * steady);
		ck_assert_double_eq_tol(jget(pb, "steady_mean_ns", "value"),
					steady / 4, 1e-9 * steady);
		ck_assert_double_eq_tol(jget(pb, "steady_mean_ns", "ci_high"),
					jget(a, "steady_mean_ns", "ci_high") /
						4,
					1e-9 * steady);
		double first = jget(a, "first_iter_ns", "median");
		ck_assert_double_eq_tol(jget(pb, "first_iter_ns", "median"),
					first / 4, 1e-9 * first);
		/* the ratios are of the same work either way */
		json_t *ra = json_object_get(a, "ratio"),
		       *rb = json_object_get(b, "ratio");
		if (json_is_object(ra))
			ck_assert_double_eq(jget(rb, "steady", "value"),
					    jget(ra, "steady", "value"));
	}
	/* the table says so and shows c's steady mean per repetition */
	json_t *c = impl_iterations(one, 0);
	char want[64];
	text = render_file(rf, REPORT_TABLE);
	ck_assert_ptr_nonnull(strstr(text, "an iteration is 4 repetitions"));
	snprintf(want, sizeof(want), "%.2f ms [",
		 jget(c, "steady_mean_ns", "value") / 4 / 1e6);
	ck_assert_msg(strstr(text, want), "no '%s' in:\n%s", want, text);
	free(text);
	/* java (implementation 1) with 2 against the baseline's 4 */
	ck_assert_str_eq(rf->impls[1].id, "java");
	rf->impls[1].iterations.inner = 2;
	text = render_file(rf, REPORT_JSON);
	json_t *two = json_loads(text, 0, NULL);
	free(text);
	ck_assert(json_is_null(
		json_object_get(impl_iterations(two, 1), "ratio")));
	ck_assert(json_is_object(
		json_object_get(impl_iterations(two, 2), "ratio")));
	json_decref(two);
	text = render_file(rf, REPORT_TABLE);
	ck_assert_ptr_nonnull(
		strstr(text, "java: no ratios to c: 2 repetitions an iteration "
			     "against 4, not the same work"));
	free(text);
	json_decref(one);
	json_decref(four);
	result_file_free(rf);
}
END_TEST

START_TEST(test_suite_summary_figures)
{
	char *text = render("results/suite", REPORT_TABLE);
	/* Failed implementations show their status, not a number. */
	ck_assert_ptr_nonnull(strstr(text, "WA"));
	ck_assert_ptr_nonnull(strstr(text, "CE"));
	ck_assert_ptr_nonnull(strstr(text, "geometric mean"));
	/* python: geomean of 70.3 and 64.7 over 2 of 3 workloads. */
	ck_assert_ptr_nonnull(strstr(text, "67.4 ["));
	ck_assert_ptr_nonnull(strstr(text, "(2 of 3)"));
	ck_assert_ptr_null(strchr(text, '\033'));
	free(text);

	/* The newest nbody file is used, and the report says so. */
	text = render("results/history", REPORT_MD);
	ck_assert_ptr_nonnull(strstr(text, "note: workload 'nbody': 2 result"));
	ck_assert_ptr_nonnull(strstr(text, "2026-11-22T20:16:41Z"));
	free(text);
}
END_TEST

START_TEST(test_html_is_self_contained)
{
	char *text = render("results/suite", REPORT_HTML);
	const char *p = text;
	size_t svgs = 0;
	ck_assert_ptr_nonnull(strstr(text, "<!DOCTYPE html>"));
	while ((p = strstr(p, "<svg "))) {
		svgs++;
		p++;
	}
	/* Per workload: ratio bars, strip chart, memory bars. */
	ck_assert_uint_eq(svgs, 9);
	ck_assert_ptr_null(strstr(text, "<script"));
	ck_assert_ptr_null(strstr(text, "<link"));
	ck_assert_ptr_null(strstr(text, "@import"));
	ck_assert_ptr_null(strstr(text, "https://"));
	/* The only URL is the SVG namespace, which is never fetched. */
	p = text;
	while ((p = strstr(p, "http://"))) {
		ck_assert(!strncmp(p, "http://www.w3.org/2000/svg", 26));
		p++;
	}
	ck_assert_ptr_nonnull(strstr(text, "class=\"sample\""));
	ck_assert_ptr_nonnull(strstr(text, "class=\"whisker\""));
	ck_assert_ptr_nonnull(strstr(text, "gcc (Debian 12.2.0-14)"));
	ck_assert_ptr_nonnull(strstr(text, "-march=native"));
	ck_assert_ptr_nonnull(strstr(text, "5f0c1a9e3b7d"));
	free(text);
}
END_TEST

/* Raw bytes that would drive a terminal, or HTML, in a rendering. */
static void assert_no_raw_controls(const char *text, const char *what)
{
	ck_assert_msg(!strchr(text, '\033'), "%s: raw ESC", what);
	ck_assert_msg(!strchr(text, '\007'), "%s: raw BEL", what);
	ck_assert_msg(!strstr(text, "\xc2\x9b"), "%s: raw C1 CSI", what);
	ck_assert_msg(!strstr(text, "\xe2\x80\xae"), "%s: raw U+202E", what);
}

/*
 * A result file whose title, reason and compiler output carry an OSC 52
 * clipboard write, a screen clear, a C1 CSI, a bidi override and HTML:
 * every medium shows them escaped.
 */
START_TEST(test_hostile_strings_are_escaped)
{
	char *text = render("results/hostile", REPORT_TABLE);
	assert_no_raw_controls(text, "table");
	ck_assert_ptr_nonnull(strstr(text, "Clip \\x1b]52;c;aGFja2Vk\\x07"));
	ck_assert_ptr_nonnull(strstr(text, "\\x9b31m bidi \\u202eevil"));
	free(text);

	text = render("results/hostile", REPORT_MD);
	assert_no_raw_controls(text, "md");
	ck_assert_ptr_null(strstr(text, "<img"));
	ck_assert_ptr_nonnull(
		strstr(text, "&lt;img src=x onerror=alert(1)&gt;"));
	/* No link, and the '|' does not end the cell. */
	ck_assert_ptr_null(strstr(text, "](http"));
	ck_assert_ptr_nonnull(strstr(text, "[link]\\(http://evil) \\| cell"));
	free(text);

	text = render("results/hostile", REPORT_HTML);
	assert_no_raw_controls(text, "html");
	ck_assert_ptr_null(strstr(text, "<img"));
	ck_assert_ptr_null(strstr(text, "<script"));
	ck_assert_ptr_nonnull(strstr(text, "&lt;script&gt;"));
	/* Compiler output keeps its lines inside <pre>. */
	ck_assert_ptr_nonnull(
		strstr(text, "hello.c:1: error\n\\x1b]0;pwned\\x07&lt;script"));
	free(text);

	text = render("results/hostile", REPORT_CSV);
	assert_no_raw_controls(text, "csv");
	ck_assert_ptr_nonnull(strstr(text, "\\x1b[2J"));
	free(text);
}
END_TEST

/*
 * Workloads measured differently (cgroup1 and none, cgroup and ru_maxrss
 * memory, Python 3.11.7 and 3.11.2): the suite summary says so loudly and
 * marks the row; the HTML host table gives each workload its own mode.
 */
/* A pinned record says on which CPUs and how, in its host line. */
START_TEST(test_pinned_host_line)
{
	char *text = render("results/pinned", REPORT_TABLE);
	ck_assert_ptr_nonnull(
		strstr(text, "seccomp on, pinned to CPU 1 (cpuset-v2)"));
	free(text);
	text = render("results/suite", REPORT_TABLE);
	ck_assert_ptr_null(strstr(text, "pinned to"));
	free(text);
}
END_TEST

START_TEST(test_mixed_setups_are_flagged)
{
	char *text = render("results/mixed", REPORT_TABLE);
	ck_assert_ptr_nonnull(strstr(
		text, "WARNING: the suite summary mixes workloads measured "
		      "differently: cgroup mode 'cgroup1' in 'nbody', 'none' "
		      "in 'spectralnorm'; memory source"));
	ck_assert_ptr_nonnull(strstr(text, "WARNING: suite summary row "
					   "'python' (!) mixes toolchains"));
	ck_assert_ptr_nonnull(strstr(text, "\npython (!)  "));
	ck_assert_ptr_null(strstr(text, "\nrust (!)"));
	free(text);

	text = render("results/mixed", REPORT_HTML);
	ck_assert_ptr_nonnull(strstr(text, "<tr><td>nbody</td><td>bench-01"));
	ck_assert_ptr_nonnull(
		strstr(text, "<tr><td>spectralnorm</td><td>bench-01"));
	const char *row = strstr(text, "<tr><td>spectralnorm</td><td>bench-01");
	const char *end = strstr(row, "</td>");
	end = strstr(end + 5, "</td>");
	char *cell = strndup(row, (size_t)(end - row));
	ck_assert_ptr_nonnull(strstr(cell, "measured with none"));
	free(cell);
	ck_assert_ptr_nonnull(strstr(text, "class=\"warning\""));
	free(text);

	/* One set-up: no warning. */
	text = render("results/suite", REPORT_TABLE);
	ck_assert_ptr_null(strstr(text, "WARNING"));
	ck_assert_ptr_null(strstr(text, "(!)"));
	free(text);
}
END_TEST

START_TEST(test_formats_and_numbers)
{
	enum report_format fmt;
	char buf[32];
	ck_assert_int_eq(report_parse_format("github-action", &fmt), 0);
	ck_assert_int_eq(fmt, REPORT_GITHUB_ACTION);
	ck_assert_int_lt(report_parse_format("pdf", &fmt), 0);
	ck_assert_str_eq(report_format_name(REPORT_BMF), "bmf");
	report_fmt_ns(buf, sizeof(buf), 47912345);
	ck_assert_str_eq(buf, "47.9 ms");
	report_fmt_ns(buf, sizeof(buf), 3.41e9);
	ck_assert_str_eq(buf, "3.41 s");
	report_fmt_ns(buf, sizeof(buf), 999.6e6);
	ck_assert_str_eq(buf, "1.00 s");
	/* --time-unit: one unit, three significant digits however small */
	static const struct {
		double ns;
		enum report_time_unit unit;
		const char *want;
	} units[] = {
		{47912345, REPORT_TIME_S, "0.0479 s"},
		{47912345, REPORT_TIME_MS, "47.9 ms"},
		{47912345, REPORT_TIME_US, "47912 us"},
		{3.41e9, REPORT_TIME_MS, "3410 ms"},
		{1234, REPORT_TIME_MS, "0.00123 ms"},
		{0, REPORT_TIME_S, "0.00 s"},
		{NAN, REPORT_TIME_S, "-"},
		{47912345, REPORT_TIME_AUTO, "47.9 ms"},
	};
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		report_fmt_time(buf, sizeof(buf), units[i].ns, units[i].unit);
		ck_assert_str_eq(buf, units[i].want);
	}
	report_fmt_bytes(buf, sizeof(buf), 1677721.6);
	ck_assert_str_eq(buf, "1.60 MiB");
	report_fmt_bytes(buf, sizeof(buf), 512);
	ck_assert_str_eq(buf, "512 B");
	report_fmt_ratio(buf, sizeof(buf), 70.28);
	ck_assert_str_eq(buf, "70.3");
	report_fmt_ratio(buf, sizeof(buf), NAN);
	ck_assert_str_eq(buf, "-");
}
END_TEST

static Suite *report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_golden_suite);
	tcase_add_test(tc, test_golden_80_columns);
	tcase_add_test(tc, test_golden_one_workload);
	tcase_add_test(tc, test_suite_summary_figures);
	tcase_add_test(tc, test_iterations);
	tcase_add_test(tc, test_iterations_crossover);
	tcase_add_test(tc, test_iterations_flat_not_over_read);
	tcase_add_test(tc, test_iterations_inner);
	tcase_add_test(tc, test_html_is_self_contained);
	tcase_add_test(tc, test_formats_and_numbers);
	tcase_add_test(tc, test_hostile_strings_are_escaped);
	tcase_add_test(tc, test_mixed_setups_are_flagged);
	tcase_add_test(tc, test_pinned_host_line);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(report_suite());
	int failed;
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
