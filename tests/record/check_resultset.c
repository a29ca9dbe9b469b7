/*
 * check_resultset.c: loading result files and folders of them. Good files
 * load field by field; each bad one (truncated, not JSON, foreign JSON, a
 * newer schema, a missing key, an empty folder) is one clear error naming
 * it, and the good files around it still load. A merge document adds its
 * records, each bad one located inside it.
 */
#include <check.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "record/record.h"
#include "util/alloc.h"

#define RESULTS VERSUS_TEST_DATA "/results"

START_TEST(test_load_one_file)
{
	struct result_file *rf;
	struct versus_err err = {0};
	const struct result_impl *im;
	double *x;
	size_t n;

	ck_assert_int_eq(result_file_load(RESULTS "/suite/nbody-20261122T"
						  "201500Z.json",
					  &rf, &err),
			 0);
	ck_assert_str_eq(rf->workload_id, "nbody");
	ck_assert_int_eq(rf->workload_version, 1);
	ck_assert_str_eq(rf->baseline, "c");
	ck_assert_str_eq(rf->finished_at, "2026-11-22T20:16:41Z");
	ck_assert_uint_eq(rf->seed, 1234);
	ck_assert_str_eq(rf->validate_mode, "numeric");
	ck_assert_double_eq_tol(rf->validate_abs_tol, 1e-8, 1e-20);
	ck_assert(isnan(rf->validate_rel_tol));
	ck_assert_uint_eq(rf->params_nr, 1);
	ck_assert_str_eq(rf->params[0].name, "n");
	ck_assert_str_eq(rf->params[0].value, "500000");
	ck_assert_str_eq(rf->cgroup_mode, "cgroup1");
	ck_assert_int_eq(rf->seccomp, 1);
	ck_assert_uint_eq(rf->impls_nr, 6);

	im = result_file_impl(rf, "python");
	ck_assert_ptr_nonnull(im);
	ck_assert(result_impl_ok(im));
	ck_assert_uint_eq(im->samples_nr, 12);
	ck_assert(im->stats[RESULT_WALL].present);
	ck_assert_uint_eq(im->stats[RESULT_WALL].n, 12);
	ck_assert(im->ratio[RESULT_WALL].present);
	ck_assert(im->ratio[RESULT_WALL].value > 60);
	ck_assert(!im->has_build);
	n = result_impl_values(im, RESULT_WALL, &x);
	ck_assert_uint_eq(n, 12);
	ck_assert(x[0] > 3e9);
	free(x);

	im = result_file_impl(rf, "java");
	ck_assert_str_eq(im->status, "NA");
	ck_assert(!im->stats[RESULT_WALL].present);
	ck_assert(!im->ratio[RESULT_WALL].present);
	ck_assert_ptr_nonnull(strstr(im->reason, "javac"));
	ck_assert_uint_eq(result_impl_values(im, RESULT_WALL, &x), 0);
	ck_assert_ptr_null(x);

	im = result_file_impl(rf, "c");
	ck_assert(im->has_build);
	ck_assert_str_eq(im->build_argv.v[1], "-O2");
	ck_assert_double_eq(im->ratio[RESULT_WALL].value, 1);
	ck_assert_ptr_null(result_file_impl(rf, "cobol"));
	result_file_free(rf);
}
END_TEST

/* Each bad file and the error it must produce. */
static const struct {
	const char *name;
	const char *message;
	int line; /* > 0: must carry jansson's location */
} bad_cases[] = {
	{"foreign.json", "not a versus result file (no 'schema' key)", 0},
	{"missing-implementations.json", "no 'implementations' array", 0},
	{"newer-schema.json",
	 "schema 2 is newer than this versus understands (1)", 0},
	{"not-json.json", "not valid JSON", 1},
	{"truncated.json", "not valid JSON (truncated or corrupt?)", 1},
	/* Wrong types and values, each located by its key path. */
	{"host-type.json", "host.cgroup_mode: expected a string", 0},
	{"negative-median.json",
	 "implementations[0].stats.peak_memory_bytes.median: expected a "
	 "number >= 0, not -5",
	 0},
	{"samples-lots.json", "implementations[1].samples: expected an array",
	 0},
	{"stats-null.json",
	 "implementations[2].stats: expected an object: the status is OK and "
	 "there are OK samples",
	 0},
	{"string-median.json",
	 "implementations[3].stats.wall_ns.median: expected a number", 0},
	{"string-sample.json",
	 "implementations[0].samples[2].wall_ns: expected a number", 0},
	{"unknown-status.json",
	 "implementations[4].status: unknown status "
	 "'FAST'",
	 0},
};

#define BAD_NR (sizeof(bad_cases) / sizeof(bad_cases[0]))

START_TEST(test_bad_files_each_get_a_clear_error)
{
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		char *path = xstrfmt(RESULTS "/bad/%s", bad_cases[i].name);
		struct result_file *rf = (void *)1;
		struct versus_err err = {0};
		int rc = result_file_load(path, &rf, &err);
		ck_assert_msg(rc < 0, "%s loaded", bad_cases[i].name);
		ck_assert_ptr_null(rf);
		ck_assert_str_eq(err.file, path);
		ck_assert_msg(strstr(err.message, bad_cases[i].message),
			      "%s: '%s'", bad_cases[i].name, err.message);
		if (bad_cases[i].line)
			ck_assert_msg(err.line > 0 && err.column > 0,
				      "%s: no location", bad_cases[i].name);
		free(path);
	}
}
END_TEST

START_TEST(test_folder_with_good_and_bad_files)
{
	struct result_set set = RESULT_SET_INIT;
	struct versus_errs errs = VERSUS_ERRS_INIT;

	/* The bad folder, then a good file: the good one still loads. */
	ck_assert_uint_eq(result_set_add_path(&set, RESULTS "/bad", &errs), 0);
	ck_assert_uint_eq(errs.nr, BAD_NR);
	/* Sorted by name, each naming its file. */
	ck_assert_ptr_nonnull(strstr(errs.items[0].file, "/bad/foreign.json"));
	ck_assert_ptr_nonnull(strstr(errs.items[BAD_NR - 1].file,
				     "/bad/unknown-status.json"));
	ck_assert_uint_eq(result_set_add_path(&set, RESULTS "/suite", &errs),
			  3);
	ck_assert_uint_eq(set.nr, 3);
	ck_assert_str_eq(set.files[0]->workload_id, "fannkuch");
	ck_assert_str_eq(set.files[2]->workload_id, "spectralnorm");
	ck_assert_uint_eq(errs.nr, BAD_NR);
	result_set_release(&set);
	versus_errs_release(&errs);
}
END_TEST

START_TEST(test_empty_and_missing_paths)
{
	struct result_set set = RESULT_SET_INIT;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	char dir[] = "/tmp/versus-check-resultset-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));

	ck_assert_uint_eq(result_set_add_path(&set, dir, &errs), 0);
	ck_assert_uint_eq(errs.nr, 1);
	ck_assert_str_eq(errs.items[0].file, dir);
	ck_assert_ptr_nonnull(strstr(errs.items[0].message, "no result files"));
	ck_assert_uint_eq(
		result_set_add_path(&set, RESULTS "/no-such.json", &errs), 0);
	ck_assert_uint_eq(errs.nr, 2);
	ck_assert_int_eq(errs.items[1].code, -ENOENT);
	ck_assert_uint_eq(set.nr, 0);
	rmdir(dir);
	versus_errs_release(&errs);
}
END_TEST

START_TEST(test_newest_file_per_workload)
{
	struct result_set set = RESULT_SET_INIT;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	struct strvec notes = STRVEC_INIT;
	const struct result_file **pick;
	size_t nr;

	result_set_add_path(&set, RESULTS "/history", &errs);
	result_set_add_path(&set, RESULTS "/suite", &errs);
	ck_assert_uint_eq(errs.nr, 0);
	ck_assert_uint_eq(set.nr, 5);
	nr = result_set_latest(&set, &pick, &notes);
	ck_assert_uint_eq(nr, 3);
	ck_assert_str_eq(pick[0]->workload_id, "nbody");
	ck_assert_str_eq(pick[0]->finished_at, "2026-11-22T20:16:41Z");
	ck_assert_uint_eq(notes.nr, 1);
	ck_assert_ptr_nonnull(strstr(notes.v[0], "3 result files"));
	ck_assert_ptr_nonnull(strstr(notes.v[0], "nbody-20261120T090000Z"));
	free(pick);
	strvec_clear(&notes);
	result_set_release(&set);
}
END_TEST

/* A FIFO named *.json must be refused at once, not block the reader. */
START_TEST(test_fifo_and_oversized_files_are_refused)
{
	struct result_set set = RESULT_SET_INIT;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	char dir[] = "/tmp/versus-check-resultset-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char *fifo = xstrfmt("%s/a-fifo.json", dir);
	char *big = xstrfmt("%s/b-big.json", dir);
	char *good = xstrfmt("%s/c-good.json", dir);
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	/* Sparse: the size is over the cap without writing 64 MiB. */
	int fd = open(big, O_WRONLY | O_CREAT | O_EXCL, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, (off_t)RESULT_FILE_MAX_BYTES + 1), 0);
	close(fd);
	ck_assert_int_eq(
		symlink(RESULTS "/suite/nbody-20261122T201500Z.json", good), 0);

	alarm(20); /* a hang fails the test instead of blocking ctest */
	ck_assert_uint_eq(result_set_add_path(&set, dir, &errs), 1);
	alarm(0);
	ck_assert_uint_eq(set.nr, 1);
	ck_assert_str_eq(set.files[0]->workload_id, "nbody");
	ck_assert_uint_eq(errs.nr, 2);
	ck_assert_str_eq(errs.items[0].file, fifo);
	ck_assert_str_eq(errs.items[0].message,
			 "not a regular file (a FIFO, socket or device)");
	ck_assert_str_eq(errs.items[1].file, big);
	ck_assert_str_eq(errs.items[1].message,
			 "larger than 64 MiB, the most a result file may hold");
	/* Named directly, too. */
	struct result_file *rf;
	struct versus_err err = {0};
	alarm(20);
	ck_assert_int_lt(result_file_load(fifo, &rf, &err), 0);
	alarm(0);
	ck_assert_ptr_null(rf);

	unlink(fifo);
	unlink(big);
	unlink(good);
	rmdir(dir);
	free(fifo);
	free(big);
	free(good);
	result_set_release(&set);
	versus_errs_release(&errs);
}
END_TEST

/* Write text to path (the test's own temporary folder). */
static void put_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fputs(text, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
}

/* A merge document (versus merge) adds each of its records; a bad record
 * is located inside it, and its good neighbours still load. */
START_TEST(test_merge_document_adds_its_records)
{
	struct result_set set = RESULT_SET_INIT;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	struct result_file *rf;
	struct versus_err err = {0};
	char dir[] = "/tmp/versus-check-resultset-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char *path = xstrfmt("%s/merged.json", dir);
	ck_assert_int_eq(result_file_load(RESULTS "/suite/nbody-20261122T"
						  "201500Z.json",
					  &rf, &err),
			 0);
	char *text = result_file_text(rf);
	char *doc = xstrfmt(
		"{\"schema\": 1, \"kind\": \"versus-merge\", \"units\": [],\n"
		"\"results\": [%s, {\"schema\": 1, \"workload\": {\"id\": "
		"\"w\", \"version\": 1, \"baseline\": \"x\"}, "
		"\"implementations\": [{\"id\": \"x\", \"language\": \"c\", "
		"\"status\": \"OK?\"}]}, %s]}\n",
		text, text);
	put_file(path, doc);

	ck_assert_uint_eq(result_set_add_path(&set, path, &errs), 2);
	ck_assert_uint_eq(set.nr, 2);
	ck_assert_str_eq(set.files[0]->workload_id, "nbody");
	char *want = xstrfmt("%s#results[2]", path);
	ck_assert_str_eq(set.files[1]->path, want);
	/* what the record says is what was embedded, byte for byte */
	char *again = result_file_text(set.files[1]);
	ck_assert_str_eq(again, text);
	ck_assert_uint_eq(errs.nr, 1);
	ck_assert_str_eq(errs.items[0].file, path);
	const char *at = "results[1].implementations[0].status: unknown";
	ck_assert_msg(!strncmp(errs.items[0].message, at, strlen(at)),
		      "message: %s", errs.items[0].message);

	/* one result only: result_file_load refuses a merge document */
	struct result_file *one;
	ck_assert_int_eq(result_file_load(path, &one, &err), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err.message, "merge document"));

	/* a newer merge schema is refused, naming the file */
	versus_errs_release(&errs);
	put_file(path, "{\"schema\": 2, \"kind\": \"versus-merge\", "
		       "\"results\": []}");
	ck_assert_uint_eq(result_set_add_path(&set, path, &errs), 0);
	ck_assert_uint_eq(errs.nr, 1);
	ck_assert_str_eq(errs.items[0].file, path);
	ck_assert_ptr_nonnull(strstr(errs.items[0].message, "schema"));
	/* a record whose top level is wrong is located too */
	versus_errs_release(&errs);
	put_file(path, "{\"schema\": 1, \"kind\": \"versus-merge\", "
		       "\"results\": [{\"schema\": 1}]}");
	ck_assert_uint_eq(result_set_add_path(&set, path, &errs), 0);
	ck_assert_uint_eq(errs.nr, 1);
	at = "results[0]: not a versus result file";
	ck_assert_msg(!strncmp(errs.items[0].message, at, strlen(at)),
		      "message: %s", errs.items[0].message);

	/* "pooled": true is not trusted: a unit named twice, or groups of
	   two workloads, are read one by one (the first crashed once) */
	versus_errs_release(&errs);
	result_set_release(&set);
	struct result_file *g2;
	ck_assert_int_eq(result_file_load(RESULTS "/suite/nbody-20261122T"
						  "201500Z.json",
					  &g2, &err),
			 0);
	size_t impls_nr = rf->impls_nr;
	rf->shard_plan_id = xstrdup("p");
	rf->shard_index = g2->shard_index = 0;
	rf->shard_count = g2->shard_count = 1;
	rf->shard_unit = xstrdup("nbody#g1");
	g2->shard_plan_id = xstrdup("p");
	g2->shard_unit = xstrdup("nbody#g2");
	free(g2->workload_id);
	g2->workload_id = xstrdup("other");
	char *t1 = result_file_text(rf), *t2 = result_file_text(g2);
	free(doc);
	doc = xstrfmt("{\"schema\": 1, \"kind\": \"versus-merge\", "
		      "\"tables\": [{\"units\": [\"nbody#g1\", "
		      "\"nbody#g1\"], \"pooled\": true}, {\"units\": "
		      "[\"nbody#g1\", \"nbody#g2\"], \"pooled\": true}], "
		      "\"results\": [%s, %s]}\n",
		      t1, t2);
	put_file(path, doc);
	ck_assert_uint_eq(result_set_add_path(&set, path, &errs), 2);
	ck_assert_uint_eq(errs.nr, 0);
	ck_assert_uint_eq(set.nr, 2);
	ck_assert_uint_eq(set.files[0]->impls_nr, impls_nr);
	ck_assert_uint_eq(set.files[1]->impls_nr, impls_nr);
	free(t1);
	free(t2);
	result_file_free(g2);
	/* the unit named twice is a record of its baseline alone */
	versus_errs_release(&errs);
	result_set_release(&set);
	put_file(path,
		 "{\"schema\": 1, \"kind\": \"versus-merge\", \"tables\": "
		 "[{\"units\": [\"w#g1\", \"w#g1\"], \"pooled\": true}], "
		 "\"results\": [{\"schema\": 1, \"workload\": {\"id\": "
		 "\"w\", \"version\": 1, \"baseline\": \"x\"}, \"shard\": "
		 "{\"plan_id\": \"p\", \"index\": 0, \"count\": 1, "
		 "\"unit\": \"w#g1\"}, \"implementations\": [{\"id\": "
		 "\"x\", \"language\": \"c\", \"status\": \"NA\"}]}]}\n");
	ck_assert_uint_eq(result_set_add_path(&set, path, &errs), 1);
	ck_assert_uint_eq(errs.nr, 0);
	ck_assert_uint_eq(set.files[0]->impls_nr, 1);

	unlink(path);
	rmdir(dir);
	free(again);
	free(want);
	free(doc);
	free(text);
	free(path);
	result_file_free(rf);
	result_set_release(&set);
	versus_errs_release(&errs);
}
END_TEST

static Suite *resultset_suite(void)
{
	Suite *s = suite_create("resultset");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_load_one_file);
	tcase_add_test(tc, test_bad_files_each_get_a_clear_error);
	tcase_add_test(tc, test_folder_with_good_and_bad_files);
	tcase_add_test(tc, test_empty_and_missing_paths);
	tcase_add_test(tc, test_newest_file_per_workload);
	tcase_add_test(tc, test_fifo_and_oversized_files_are_refused);
	tcase_add_test(tc, test_merge_document_adds_its_records);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(resultset_suite());
	int failed;
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
