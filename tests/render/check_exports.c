/*
 * check_exports.c: the two export formats checked against the formats the
 * receiving tools document, on exports of every result folder in
 * tests/data/results/ (and, from tests/cli/export_validate.sh, of a fresh
 * run: `check_exports bmf|github-action EXPORT RESULT...` validates one
 * file and prints each error). The exports versus wrote before the fix are
 * kept in tests/data/exports/old/ and must be rejected.
 *
 * What the tools document, and what is checked here:
 *
 * Bencher Metric Format,
 * https://bencher.dev/docs/reference/bencher-metric-format/ and its JSON schema
 * https://bencher.dev/bmf.json (draft-07):
 *  - the document is an object; each key (a benchmark: name up to 1024
 *    characters, slug up to 64, or UUID) maps to an object;
 *  - each key of that (a measure: slug or name up to 64 characters, or
 *    UUID; a new name or slug is created on upload) maps to an object with
 *    "value" (required) and "lower_value", "upper_value" (optional), each
 *    of "type": "number": null is not a number, so a bound we do not have
 *    must be left out;
 *  - alerts come from thresholds on a measure
 *    (https://bencher.dev/docs/explanation/thresholds/): an alert is raised
 *    when a metric is above the upper boundary limit; with the "static"
 *    test the boundary is the limit itself.
 * Our own rules on top: lower_value <= value <= upper_value; one entry per
 * implementation of each result file, with "failed" 0 (OK) or 1 (not OK)
 * so a static upper boundary of 0 on "failed" alerts; "latency" (and its
 * CI as bounds) for each OK one.
 *
 * github-action-benchmark, tool customSmallerIsBetter,
 * https://github.com/benchmark-action/github-action-benchmark (README,
 * "Examples" of custom tools; src/extract.ts):
 *  - the file is a JSON array of {name, unit, value, range, extra}: name
 *    and unit strings, value a number, range and extra optional strings;
 *    other keys are dropped by the tool;
 *  - range is shown as text; only "±"/"+-" followed by a number is parsed
 *    (to rescale it when the unit changes); other text is kept as it is;
 *  - an alert is raised when current value / previous value, matched by
 *    name, exceeds the alert-threshold (a ratio such as 2.0 for "200%").
 * Our own rules on top: names unique (entries are matched by name); no
 * "nan" or "inf" in any text; a finite value; range "+a / -b" equal to the
 * result file's CI around the median (asymmetric when the CI is); one
 * "<workload>/<id> status" entry per implementation, 1 when OK and 1000
 * when not, so a newly failed implementation is an alert at any threshold.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* What the export of one implementation must say, from its result file. */
struct want_impl {
	char *name; /* "<workload>/<id>" */
	bool ok;
	double time[3]; /* median, ci_low, ci_high (NAN: none) */
	double memory;	/* median peak memory, NAN: none */
};

struct want {
	struct want_impl *v;
	size_t nr;
};

/* Errors of one validation, one a line. */
struct errs {
	char *text;
	size_t len;
	FILE *f;
	int nr;
};

static void errs_init(struct errs *e)
{
	memset(e, 0, sizeof(*e));
	e->f = open_memstream(&e->text, &e->len);
}

static void errs_done(struct errs *e)
{
	if (e->f)
		fclose(e->f);
	e->f = NULL;
}

static void errs_release(struct errs *e)
{
	errs_done(e);
	free(e->text);
}

__attribute__((format(printf, 2, 3))) static void err(struct errs *e,
						      const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(e->f, fmt, ap);
	va_end(ap);
	fputc('\n', e->f);
	e->nr++;
}

static double num_or_nan(json_t *v)
{
	return json_is_number(v) ? json_number_value(v) : NAN;
}

/* Add the implementations of one result file; false if unreadable. */
static bool want_load(struct want *w, const char *path)
{
	json_error_t je;
	json_t *doc = json_load_file(path, 0, &je), *impls;
	const char *wl;
	size_t i;
	json_t *im;
	if (!doc)
		return false;
	wl = json_string_value(
		json_object_get(json_object_get(doc, "workload"), "id"));
	impls = json_object_get(doc, "implementations");
	if (!wl || !json_is_array(impls)) {
		json_decref(doc);
		return false;
	}
	json_array_foreach(impls, i, im)
	{
		struct want_impl *x;
		json_t *st = json_object_get(im, "stats");
		json_t *t = json_object_get(st, "wall_ns");
		const char *id = json_string_value(json_object_get(im, "id"));
		const char *status =
			json_string_value(json_object_get(im, "status"));
		w->v = realloc(w->v, (w->nr + 1) * sizeof(*w->v));
		x = &w->v[w->nr++];
		if (asprintf(&x->name, "%s/%s", wl, id ? id : "?") < 0)
			abort();
		x->ok = status && !strcmp(status, "OK");
		x->time[0] = num_or_nan(json_object_get(t, "median"));
		x->time[1] = num_or_nan(json_object_get(t, "ci_low"));
		x->time[2] = num_or_nan(json_object_get(t, "ci_high"));
		x->memory = num_or_nan(json_object_get(
			json_object_get(st, "peak_memory_bytes"), "median"));
	}
	json_decref(doc);
	return true;
}

static void want_release(struct want *w)
{
	for (size_t i = 0; i < w->nr; i++)
		free(w->v[i].name);
	free(w->v);
	memset(w, 0, sizeof(*w));
}

/* ---- Bencher Metric Format ---- */

static void bmf_metric(json_t *m, const char *where, struct errs *e)
{
	static const char *const keys[] = {"value", "lower_value",
					   "upper_value"};
	double v[3];
	const char *k;
	json_t *x;
	if (!json_is_object(m)) {
		err(e, "%s: a measure must be an object", where);
		return;
	}
	json_object_foreach(m, k, x)
	{
		bool known = false;
		for (size_t i = 0; i < 3; i++)
			known |= !strcmp(k, keys[i]);
		if (!known)
			err(e, "%s: unknown key '%s'", where, k);
	}
	for (size_t i = 0; i < 3; i++) {
		x = json_object_get(m, keys[i]);
		v[i] = NAN;
		if (!x && i == 0)
			err(e, "%s: 'value' is required", where);
		else if (x && !json_is_number(x))
			err(e, "%s.%s: expected a number, not %s", where,
			    keys[i], json_is_null(x) ? "null" : "another type");
		else if (x)
			v[i] = json_number_value(x);
	}
	if (isnan(v[1]) != isnan(v[2]))
		err(e, "%s: only one of lower_value and upper_value", where);
	if (!isnan(v[0]) && !isnan(v[1]) && v[1] > v[0])
		err(e, "%s: lower_value %g above value %g", where, v[1], v[0]);
	if (!isnan(v[0]) && !isnan(v[2]) && v[2] < v[0])
		err(e, "%s: upper_value %g below value %g", where, v[2], v[0]);
}

/* Errors of BMF document doc against the result files in w; 0 if valid. */
static int bmf_validate(json_t *doc, const struct want *w, struct errs *e)
{
	const char *name, *mk;
	json_t *bench, *m;
	if (!json_is_object(doc)) {
		err(e, "the document must be an object");
		return e->nr;
	}
	json_object_foreach(doc, name, bench)
	{
		if (!*name || strlen(name) > 1024)
			err(e, "benchmark name '%s': 1 to 1024 characters",
			    name);
		if (!json_is_object(bench) || !json_object_size(bench)) {
			err(e, "'%s': must be an object of measures", name);
			continue;
		}
		json_object_foreach(bench, mk, m)
		{
			char where[1200];
			if (!*mk || strlen(mk) > 64)
				err(e, "'%s': measure '%s': 1 to 64 characters",
				    name, mk);
			snprintf(where, sizeof(where), "'%s'.%s", name, mk);
			bmf_metric(m, where, e);
		}
	}
	for (size_t i = 0; i < w->nr; i++) {
		const struct want_impl *x = &w->v[i];
		json_t *b = json_object_get(doc, x->name);
		json_t *lat = json_object_get(b, "latency");
		double failed = num_or_nan(
			json_object_get(json_object_get(b, "failed"), "value"));
		if (!b) {
			err(e, "'%s' (%s) is missing", x->name,
			    x->ok ? "OK" : "failed");
			continue;
		}
		if (failed != (x->ok ? 0 : 1))
			err(e, "'%s'.failed.value must be %d", x->name,
			    x->ok ? 0 : 1);
		if (x->ok && !lat)
			err(e, "'%s': no latency", x->name);
		if (!x->ok && lat)
			err(e, "'%s': failed but has a latency", x->name);
		/* Written with JSON_REAL_PRECISION(10): 10 digits. */
		if (lat && !(fabs(num_or_nan(json_object_get(lat, "value")) -
				  x->time[0]) <= 1e-9 * x->time[0]))
			err(e, "'%s': latency is not the median", x->name);
	}
	return e->nr;
}

/* ---- github-action-benchmark ---- */

static bool has_nonfinite_text(const char *s)
{
	return s && (strcasestr(s, "nan") || strcasestr(s, "inf"));
}

static json_t *gha_find(json_t *doc, const char *name)
{
	size_t i;
	json_t *x;
	json_array_foreach(doc, i, x)
	{
		const char *n = json_string_value(json_object_get(x, "name"));
		if (n && !strcmp(n, name))
			return x;
	}
	return NULL;
}

/* Errors of a customSmallerIsBetter document against w; 0 if valid. */
static int gha_validate(json_t *doc, const struct want *w, struct errs *e)
{
	size_t i;
	json_t *x;
	if (!json_is_array(doc)) {
		err(e, "the document must be an array");
		return e->nr;
	}
	json_array_foreach(doc, i, x)
	{
		const char *k, *name;
		json_t *v;
		if (!json_is_object(x)) {
			err(e, "[%zu]: must be an object", i);
			continue;
		}
		name = json_string_value(json_object_get(x, "name"));
		if (!name || !*name)
			err(e, "[%zu].name: a non-empty string is required", i);
		if (!json_is_string(json_object_get(x, "unit")))
			err(e, "[%zu].unit: a string is required", i);
		v = json_object_get(x, "value");
		if (!json_is_number(v) || !isfinite(json_number_value(v)))
			err(e, "[%zu].value: a finite number is required", i);
		json_object_foreach(x, k, v)
		{
			if (strcmp(k, "name") && strcmp(k, "unit") &&
			    strcmp(k, "value") && strcmp(k, "range") &&
			    strcmp(k, "extra"))
				err(e, "[%zu]: unknown key '%s'", i, k);
			else if (json_is_string(v) &&
				 has_nonfinite_text(json_string_value(v)) &&
				 strcmp(k, "name"))
				err(e, "[%zu].%s: '%s' is not a figure", i, k,
				    json_string_value(v));
			else if (!json_is_string(v) && strcmp(k, "value"))
				err(e, "[%zu].%s: expected a string", i, k);
		}
		for (size_t j = 0; name && j < i; j++) {
			const char *o = json_string_value(json_object_get(
				json_array_get(doc, j), "name"));
			if (o && !strcmp(o, name))
				err(e, "[%zu]: name '%s' also at [%zu]", i,
				    name, j);
		}
	}
	for (size_t j = 0; j < w->nr; j++) {
		const struct want_impl *im = &w->v[j];
		char *sname, *tname;
		json_t *s, *t;
		if (asprintf(&sname, "%s status", im->name) < 0 ||
		    asprintf(&tname, "%s wall time", im->name) < 0)
			abort();
		s = gha_find(doc, sname);
		t = gha_find(doc, tname);
		if (!s)
			err(e, "'%s' (%s) is missing", sname,
			    im->ok ? "OK" : "failed");
		else if (num_or_nan(json_object_get(s, "value")) !=
			 (im->ok ? 1 : 1000))
			err(e, "'%s': value must be %d", sname,
			    im->ok ? 1 : 1000);
		if (im->ok && !t)
			err(e, "'%s' is missing", tname);
		if (t && !isnan(im->time[1])) {
			const char *r =
				json_string_value(json_object_get(t, "range"));
			double up, down;
			char tail;
			if (!r ||
			    sscanf(r, "+%lf / -%lf%c", &up, &down, &tail) != 2)
				err(e, "'%s': range '%s' is not \"+a / -b\"",
				    tname, r ? r : "(none)");
			else if (fabs(up - (im->time[2] - im->time[0])) > 1 ||
				 fabs(down - (im->time[0] - im->time[1])) > 1)
				err(e, "'%s': range '%s' is not the CI", tname,
				    r);
		}
		free(sname);
		free(tname);
	}
	return e->nr;
}

/* ---- running versus ---- */

/* The parsed stdout of `versus report -f FMT DIR`. */
static json_t *export_of(const char *fmt, const char *dir)
{
	char path[] = "/tmp/check_exports-XXXXXX";
	int fd = mkstemp(path), status;
	json_error_t je;
	json_t *doc;
	pid_t pid;
	ck_assert_int_ge(fd, 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (!pid) {
		dup2(fd, 1);
		execl(VERSUS_BINARY, "versus", "report", "-f", fmt, dir,
		      (char *)NULL);
		_exit(127);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && !WEXITSTATUS(status),
		      "versus report -f %s %s failed", fmt, dir);
	doc = json_load_file(path, 0, &je);
	ck_assert_msg(doc, "%s: %s", path, je.text);
	close(fd);
	unlink(path);
	return doc;
}

static int is_json(const struct dirent *d)
{
	size_t n = strlen(d->d_name);
	return n > 5 && !strcmp(d->d_name + n - 5, ".json");
}

/* Every result file of tests/data/results/<dir> (one per workload). */
static void want_dir(struct want *w, const char *dir)
{
	struct dirent **list;
	char *base;
	int n;
	if (asprintf(&base, "%s/results/%s", VERSUS_TEST_DATA, dir) < 0)
		abort();
	n = scandir(base, &list, is_json, alphasort);
	ck_assert_int_gt(n, 0);
	for (int i = 0; i < n; i++) {
		char *path;
		if (asprintf(&path, "%s/%s", base, list[i]->d_name) < 0)
			abort();
		ck_assert_msg(want_load(w, path), "cannot read %s", path);
		free(path);
		free(list[i]);
	}
	free(list);
	free(base);
}

/* Folders of tests/data/results/ with one file per workload. */
static const char *const result_dirs[] = {"suite", "mixed", "hostile",
					  "only-baseline", "exports"};

static void check_dir(const char *fmt, const char *dir)
{
	struct want w = {0};
	struct errs e;
	char *path;
	json_t *doc;
	if (asprintf(&path, "%s/results/%s", VERSUS_TEST_DATA, dir) < 0)
		abort();
	want_dir(&w, dir);
	doc = export_of(fmt, path);
	errs_init(&e);
	if (!strcmp(fmt, "bmf"))
		bmf_validate(doc, &w, &e);
	else
		gha_validate(doc, &w, &e);
	errs_done(&e);
	ck_assert_msg(e.nr == 0, "%s export of %s: %d errors:\n%s", fmt, dir,
		      e.nr, e.text);
	errs_release(&e);
	json_decref(doc);
	want_release(&w);
	free(path);
}

START_TEST(test_bmf_valid)
{
	check_dir("bmf", result_dirs[_i]);
}
END_TEST

START_TEST(test_gha_valid)
{
	check_dir("github-action", result_dirs[_i]);
}
END_TEST

/* Validate the old export tests/data/exports/old/<file>; its errors. */
static char *old_errors(const char *file, const char *dir, bool bmf, int *nr)
{
	struct want w = {0};
	struct errs e;
	json_error_t je;
	char *path;
	json_t *doc;
	if (asprintf(&path, "%s/exports/old/%s", VERSUS_TEST_DATA, file) < 0)
		abort();
	doc = json_load_file(path, 0, &je);
	ck_assert_msg(doc, "%s: %s", path, je.text);
	want_dir(&w, dir);
	errs_init(&e);
	if (bmf)
		bmf_validate(doc, &w, &e);
	else
		gha_validate(doc, &w, &e);
	errs_done(&e);
	*nr = e.nr;
	json_decref(doc);
	want_release(&w);
	free(path);
	return e.text;
}

/* What versus exported before: nulls, "± nan", no failed ones. */
START_TEST(test_old_rejected)
{
	int nr;
	char *t = old_errors("nbody.bmf.json", "exports", true, &nr);
	ck_assert_msg(strstr(t, "'nbody/python'.latency.lower_value: expected "
				"a number, not null"),
		      "%s", t);
	ck_assert_msg(strstr(t, "'nbody/cpp' (failed) is missing"), "%s", t);
	ck_assert_msg(strstr(t, "'nbody/java' (failed) is missing"), "%s", t);
	free(t);
	t = old_errors("nbody.github-action.json", "exports", false, &nr);
	ck_assert_msg(strstr(t, "'± nan' is not a figure"), "%s", t);
	ck_assert_msg(strstr(t, "'nbody/cpp status' (failed) is missing"), "%s",
		      t);
	ck_assert_msg(strstr(t, "'nbody/c wall time': range '± 345290' is not "
				"\"+a / -b\""),
		      "%s", t);
	free(t);
	t = old_errors("suite.bmf.json", "suite", true, &nr);
	ck_assert_msg(strstr(t, "'nbody/java' (failed) is missing"), "%s", t);
	free(t);
	t = old_errors("suite.github-action.json", "suite", false, &nr);
	ck_assert_msg(strstr(t, "'nbody/java status' (failed) is missing"),
		      "%s", t);
	free(t);
}
END_TEST

/* Hand-made documents: each breaks one documented rule. */
static const struct {
	bool bmf;
	const char *doc, *error;
} bad_docs[] = {
	{true, "[]", "must be an object"},
	{true, "{\"a\": {\"latency\": {\"value\": \"1\"}}}",
	 "'a'.latency.value: expected a number"},
	{true, "{\"a\": {\"latency\": {\"lower_value\": 1}}}",
	 "'value' is required"},
	{true, "{\"a\": {\"latency\": {\"value\": 1, \"upper_value\": null}}}",
	 "upper_value: expected a number, not null"},
	{true,
	 "{\"a\": {\"latency\": {\"value\": 1, \"lower_value\": 2, "
	 "\"upper_value\": 3}}}",
	 "lower_value 2 above value 1"},
	{true, "{\"a\": {\"latency\": 5}}", "a measure must be an object"},
	{true, "{\"a\": {}}", "must be an object of measures"},
	{true,
	 "{\"a\": "
	 "{\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	 "aaaaaaaaaa\": {\"value\": 1}}}",
	 "1 to 64 characters"},
	{false, "{}", "must be an array"},
	{false, "[{\"name\": \"a\", \"unit\": \"ns\", \"value\": null}]",
	 "[0].value: a finite number is required"},
	{false, "[{\"name\": \"a\", \"value\": 1}]", "[0].unit: a string"},
	{false,
	 "[{\"name\": \"a\", \"unit\": \"ns\", \"value\": 1, \"range\": "
	 "\"± inf\"}]",
	 "'± inf' is not a figure"},
	{false,
	 "[{\"name\": \"a\", \"unit\": \"ns\", \"value\": 1}, {\"name\": "
	 "\"a\", \"unit\": \"ns\", \"value\": 2}]",
	 "name 'a' also at [0]"},
	{false, "[{\"name\": \"a\", \"unit\": \"ns\", \"value\": 1, \"x\": 1}]",
	 "unknown key 'x'"},
};

START_TEST(test_bad_docs)
{
	struct want w = {0};
	struct errs e;
	json_error_t je;
	json_t *doc = json_loads(bad_docs[_i].doc, 0, &je);
	ck_assert_msg(doc, "%s", je.text);
	errs_init(&e);
	if (bad_docs[_i].bmf)
		bmf_validate(doc, &w, &e);
	else
		gha_validate(doc, &w, &e);
	errs_done(&e);
	ck_assert_msg(e.text && strstr(e.text, bad_docs[_i].error),
		      "%s: want '%s', got:\n%s", bad_docs[_i].doc,
		      bad_docs[_i].error, e.text);
	errs_release(&e);
	json_decref(doc);
}
END_TEST

/* check_exports bmf|github-action EXPORT RESULT...: validate one export. */
static int validate_main(int argc, char **argv)
{
	struct want w = {0};
	struct errs e;
	json_error_t je;
	json_t *doc;
	bool bmf = !strcmp(argv[1], "bmf");
	if (argc < 4 || (!bmf && strcmp(argv[1], "github-action"))) {
		fprintf(stderr, "usage: check_exports bmf|github-action "
				"EXPORT RESULT...\n");
		return 2;
	}
	doc = json_load_file(argv[2], 0, &je);
	if (!doc) {
		fprintf(stderr, "%s: %s\n", argv[2], je.text);
		return 1;
	}
	for (int i = 3; i < argc; i++)
		if (!want_load(&w, argv[i])) {
			fprintf(stderr, "%s: not a result file\n", argv[i]);
			return 2;
		}
	errs_init(&e);
	if (bmf)
		bmf_validate(doc, &w, &e);
	else
		gha_validate(doc, &w, &e);
	errs_done(&e);
	fputs(e.text, stdout);
	printf("%s: %d errors (%zu implementations)\n", argv[2], e.nr, w.nr);
	errs_release(&e);
	json_decref(doc);
	want_release(&w);
	return e.nr ? 1 : 0;
}

int main(int argc, char **argv)
{
	Suite *s;
	TCase *tc;
	SRunner *sr;
	int failed;
	if (argc > 1)
		return validate_main(argc, argv);
	s = suite_create("exports");
	tc = tcase_create("core");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_bmf_valid, 0,
			    sizeof(result_dirs) / sizeof(result_dirs[0]));
	tcase_add_loop_test(tc, test_gha_valid, 0,
			    sizeof(result_dirs) / sizeof(result_dirs[0]));
	tcase_add_test(tc, test_old_rejected);
	tcase_add_loop_test(tc, test_bad_docs, 0,
			    sizeof(bad_docs) / sizeof(bad_docs[0]));
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
