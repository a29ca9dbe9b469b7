/*
 * check_index.c: the history index (history/index.h): built from nothing,
 * updated incrementally (new, changed, touched, removed and bad files),
 * rebuilt when it is not a database or of another schema, and queried.
 */
#include <check.h>
#include <fcntl.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gen.h"
#include "history/index.h"
#include "record/record.h"
#include "util/alloc.h"
#include "util/fs.h"

#define TEMPLATE VERSUS_TEST_DATA "/results/suite/nbody-20261122T201500Z.json"

static char tmp[64];
static size_t impls_nr;

static void setup(void)
{
	snprintf(tmp, sizeof(tmp), "/tmp/versus-check-index-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmp));
	struct result_file *rf;
	struct versus_err err = {0};
	ck_assert_int_eq(result_file_load(TEMPLATE, &rf, &err), 0);
	impls_nr = rf->impls_nr;
	result_file_free(rf);
}

static void teardown(void)
{
	fs_remove_tree(tmp);
}

static char *results_dir(void)
{
	return xstrfmt("%s/results", tmp);
}

/* Open the index of the results folder, update it, close it. */
static struct history_update update(const char **built, size_t *errors)
{
	char *dir = results_dir();
	char *db = xstrfmt("%s/%s", dir, HISTORY_INDEX_NAME);
	struct history_index *ix;
	struct versus_err err = {0};
	struct versus_errs errs = VERSUS_ERRS_INIT;
	struct strvec paths = STRVEC_INIT;
	struct history_update up;
	ck_assert_msg(history_index_open(db, &ix, &err) == 0, "%s",
		      err.message);
	static char built_copy[64];
	if (built) {
		const char *b = history_index_built(ix);
		snprintf(built_copy, sizeof(built_copy), "%s", b ? b : "");
		*built = b ? built_copy : NULL;
	}
	strvec_push(&paths, dir);
	ck_assert_int_eq(history_index_update(ix, &paths, &up, &errs, &err), 0);
	if (errors)
		*errors = errs.nr;
	history_index_free(ix);
	versus_errs_release(&errs);
	strvec_clear(&paths);
	free(db);
	free(dir);
	return up;
}

/* The observations now, with a filter. */
static long query(const struct history_filter *f, struct trend_obs **obs)
{
	char *dir = results_dir();
	char *db = xstrfmt("%s/%s", dir, HISTORY_INDEX_NAME);
	struct history_index *ix;
	struct versus_err err = {0};
	struct versus_errs errs = VERSUS_ERRS_INIT;
	struct strvec paths = STRVEC_INIT;
	struct history_update up;
	ck_assert_int_eq(history_index_open(db, &ix, &err), 0);
	strvec_push(&paths, dir);
	ck_assert_int_eq(history_index_update(ix, &paths, &up, &errs, &err), 0);
	long n = history_index_query(ix, f, obs, &err);
	ck_assert_int_ge(n, 0);
	history_index_free(ix);
	versus_errs_release(&errs);
	strvec_clear(&paths);
	free(db);
	free(dir);
	return n;
}

static void obs_free(struct trend_obs *obs, long n)
{
	for (long i = 0; i < n; i++)
		trend_obs_release(&obs[i]);
	free(obs);
}

static void gen(size_t first, size_t n, double factor)
{
	char *dir = results_dir();
	struct gen_step step = {0, factor};
	ck_assert_int_eq(
		gen_history(TEMPLATE, dir, first, n, &step, 1, 0.01, 1), 0);
	free(dir);
}

START_TEST(test_incremental)
{
	const char *built;
	size_t errors;
	gen(0, 5, 1);
	struct history_update up = update(&built, &errors);
	ck_assert_str_eq(built, "new");
	ck_assert_uint_eq(up.files, 5);
	ck_assert_uint_eq(up.added, 5);
	ck_assert_uint_eq(errors, 0);

	up = update(&built, NULL);
	ck_assert_ptr_null(built);
	ck_assert_uint_eq(up.added + up.changed + up.touched + up.removed, 0);

	gen(5, 2, 1); /* two new files */
	up = update(NULL, NULL);
	ck_assert_uint_eq(up.added, 2);
	ck_assert_uint_eq(up.changed, 0);

	struct trend_obs *obs;
	long n = query(&(struct history_filter){0}, &obs);
	ck_assert_int_eq(n, (long)(7 * impls_nr));
	double before = obs[0].median_ns;
	obs_free(obs, n);

	gen(0, 1, 2); /* file 0 rewritten twice as slow */
	up = update(NULL, NULL);
	ck_assert_uint_eq(up.changed, 1);
	ck_assert_uint_eq(up.added, 0);
	n = query(&(struct history_filter){0}, &obs);
	ck_assert_double_eq_tol(obs[0].median_ns, 2 * before, before * 1e-9);
	obs_free(obs, n);

	/* a new mtime, the same bytes: digested, not parsed again */
	char *dir = results_dir();
	struct strvec files = STRVEC_INIT;
	ck_assert_int_eq(fs_list_dir(dir, ".json", &files), 0);
	struct timespec ts[2] = {{1000000000, 0}, {1000000000, 0}};
	ck_assert_int_eq(utimensat(AT_FDCWD, files.v[1], ts, 0), 0);
	up = update(NULL, NULL);
	ck_assert_uint_eq(up.touched, 1);
	ck_assert_uint_eq(up.changed, 0);

	/* removed */
	ck_assert_int_eq(unlink(files.v[2]), 0);
	up = update(NULL, NULL);
	ck_assert_uint_eq(up.removed, 1);
	ck_assert_uint_eq(up.files, 6);
	n = query(&(struct history_filter){0}, &obs);
	ck_assert_int_eq(n, (long)(6 * impls_nr));
	for (long i = 0; i < n; i++)
		ck_assert_str_ne(obs[i].path, files.v[2]);
	obs_free(obs, n);

	/* a bad file: reported every time, not in the results */
	char *bad = xstrfmt("%s/bad.json", dir);
	FILE *fp = fopen(bad, "w");
	fputs("{\"schema\": 1}", fp);
	fclose(fp);
	up = update(NULL, &errors);
	ck_assert_uint_eq(up.bad, 1);
	ck_assert_uint_eq(errors, 1);
	up = update(NULL, &errors);
	ck_assert_uint_eq(up.bad, 1);
	ck_assert_uint_eq(errors, 1);
	ck_assert_uint_eq(up.changed + up.added, 0);
	n = query(&(struct history_filter){0}, &obs);
	ck_assert_int_eq(n, (long)(6 * impls_nr));
	obs_free(obs, n);
	free(bad);
	strvec_clear(&files);
	free(dir);
}
END_TEST

START_TEST(test_rebuild)
{
	const char *built;
	gen(0, 3, 1);
	update(NULL, NULL);
	char *db = xstrfmt("%s/results/%s", tmp, HISTORY_INDEX_NAME);

	/* an older schema version */
	sqlite3 *h;
	ck_assert_int_eq(sqlite3_open(db, &h), SQLITE_OK);
	ck_assert_int_eq(
		sqlite3_exec(h, "PRAGMA user_version = 0", NULL, NULL, NULL),
		SQLITE_OK);
	sqlite3_close(h);
	struct history_update up = update(&built, NULL);
	ck_assert_str_eq(built, "schema 0, not 1");
	ck_assert_uint_eq(up.added, 3);

	/* not a database at all */
	FILE *fp = fopen(db, "w");
	fputs("this is no database, but it is long enough to be read as one "
	      "by sqlite, which wants a 100-byte header at the least......",
	      fp);
	fclose(fp);
	up = update(&built, NULL);
	ck_assert_str_eq(built, "not an SQLite database");
	ck_assert_uint_eq(up.added, 3);

	/* missing */
	ck_assert_int_eq(unlink(db), 0);
	up = update(&built, NULL);
	ck_assert_str_eq(built, "new");
	ck_assert_uint_eq(up.added, 3);
	free(db);
}
END_TEST

START_TEST(test_query_filters)
{
	gen(0, 4, 1);
	struct trend_obs *obs;
	long all = query(&(struct history_filter){0}, &obs);
	ck_assert_int_eq(all, (long)(4 * impls_nr));
	/* sorted by series: every implementation's rows together */
	for (long i = 1; i < all; i++)
		if (strcmp(obs[i].impl, obs[i - 1].impl))
			for (long j = i + 1; j < all; j++)
				ck_assert_str_ne(obs[j].impl, obs[i - 1].impl);
	char *impl = xstrdup(obs[0].impl), *since = xstrdup(obs[0].order_time);
	char *last = NULL;
	for (long i = 0; i < all; i++)
		if (!last || strcmp(obs[i].order_time, last) > 0)
			last = obs[i].order_time;
	last = xstrdup(last);
	obs_free(obs, all);

	long n = query(&(struct history_filter){NULL, impl, NULL}, &obs);
	ck_assert_int_eq(n, 4);
	for (long i = 0; i < n; i++)
		ck_assert_str_eq(obs[i].impl, impl);
	obs_free(obs, n);
	n = query(&(struct history_filter){"nbody", NULL, last}, &obs);
	ck_assert_int_eq(n, (long)impls_nr);
	obs_free(obs, n);
	n = query(&(struct history_filter){"other", NULL, NULL}, &obs);
	ck_assert_int_eq(n, 0);
	obs_free(obs, n);
	(void)since;
	free(since);
	free(impl);
	free(last);
}
END_TEST

static Suite *index_suite(void)
{
	Suite *s = suite_create("history_index");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_incremental);
	tcase_add_test(tc, test_rebuild);
	tcase_add_test(tc, test_query_filters);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(index_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
