/*
 * check_fs.c: util/fs.c, the one atomic writer of new files: complete
 * files under fresh names, never replacing one, even with many writers at
 * once, and nothing left behind on failure.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/fs.h"
#include "util/strbuf.h"

static char dir[64];

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/versus-check-fs-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			struct strbuf p = STRBUF_INIT;
			strbuf_addf(&p, "%s/%s", dir, e->d_name);
			unlink(p.buf);
			strbuf_release(&p);
		}
	if (d)
		closedir(d);
	rmdir(dir);
}

/* Entries of dir, "." and ".." aside. */
static size_t count_entries(void)
{
	size_t n = 0;
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	if (d)
		closedir(d);
	return n;
}

static char *read_text(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	ck_assert_int_eq(strbuf_read_file(&sb, path, 0), 0);
	return strbuf_detach(&sb, NULL);
}

START_TEST(test_new_names_never_replace)
{
	char *p1 = NULL, *p2 = NULL, *p3 = NULL;
	ck_assert_int_eq(
		fs_write_new(dir, "w-1", ".json", "one", 3, 0644, &p1, NULL),
		0);
	struct strbuf want = STRBUF_INIT;
	strbuf_addf(&want, "%s/w-1.json", dir);
	ck_assert_str_eq(p1, want.buf);
	/* Same stem: the next free name; the first file is untouched. */
	ck_assert_int_eq(
		fs_write_new(dir, "w-1", ".json", "two", 3, 0600, &p2, NULL),
		0);
	strbuf_reset(&want);
	strbuf_addf(&want, "%s/w-1-1.json", dir);
	ck_assert_str_eq(p2, want.buf);
	char *t = read_text(p1);
	ck_assert_str_eq(t, "one");
	free(t);
	t = read_text(p2);
	ck_assert_str_eq(t, "two");
	free(t);
	struct stat st;
	ck_assert_int_eq(stat(p2, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	/* A file someone else made under the next name is skipped too. */
	strbuf_reset(&want);
	strbuf_addf(&want, "%s/w-1-2.json", dir);
	FILE *f = fopen(want.buf, "w");
	ck_assert_ptr_nonnull(f);
	fputs("theirs", f);
	fclose(f);
	ck_assert_int_eq(
		fs_write_new(dir, "w-1", ".json", "three", 5, 0644, &p3, NULL),
		0);
	ck_assert_ptr_nonnull(strstr(p3, "/w-1-3.json"));
	t = read_text(want.buf);
	ck_assert_str_eq(t, "theirs");
	free(t);
	ck_assert_uint_eq(count_entries(), 4); /* no temporary file left */
	strbuf_release(&want);
	free(p1);
	free(p2);
	free(p3);
}
END_TEST

/* Many processes writing the same name at once: one file each. */
START_TEST(test_concurrent_writers)
{
	enum { WRITERS = 16 };
	pid_t pids[WRITERS];
	for (int i = 0; i < WRITERS; i++) {
		pids[i] = fork();
		ck_assert_int_ge(pids[i], 0);
		if (pids[i] == 0) {
			char text[32], *path = NULL;
			int len = snprintf(text, sizeof(text), "writer %d", i);
			_exit(fs_write_new(dir, "same", ".json", text,
					   (size_t)len, 0644, &path, NULL) == 0
				      ? 0
				      : 1);
		}
	}
	for (int i = 0; i < WRITERS; i++) {
		int status;
		ck_assert_int_eq(waitpid(pids[i], &status, 0), pids[i]);
		ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	ck_assert_uint_eq(count_entries(), WRITERS);
	/* Every writer's text is there exactly once. */
	bool seen[WRITERS] = {0};
	for (int n = 0; n < WRITERS; n++) {
		struct strbuf p = STRBUF_INIT;
		if (n)
			strbuf_addf(&p, "%s/same-%d.json", dir, n);
		else
			strbuf_addf(&p, "%s/same.json", dir);
		char *t = read_text(p.buf);
		int w = -1;
		ck_assert_int_eq(sscanf(t, "writer %d", &w), 1);
		ck_assert(w >= 0 && w < WRITERS && !seen[w]);
		seen[w] = true;
		free(t);
		strbuf_release(&p);
	}
}
END_TEST

START_TEST(test_failures_leave_nothing)
{
	char *path = NULL, *failed = NULL;
	/* A name longer than NAME_MAX: refused, and no temporary file. */
	char stem[NAME_MAX + 2];
	memset(stem, 'x', sizeof(stem) - 1);
	stem[sizeof(stem) - 1] = '\0';
	ck_assert_int_eq(
		fs_write_new(dir, stem, ".json", "x", 1, 0644, &path, &failed),
		-ENAMETOOLONG);
	ck_assert_ptr_null(path);
	ck_assert_ptr_nonnull(failed);
	ck_assert_ptr_nonnull(strstr(failed, stem));
	free(failed);
	ck_assert_uint_eq(count_entries(), 0);
	/* A folder that does not exist. */
	struct strbuf gone = STRBUF_INIT;
	strbuf_addf(&gone, "%s/gone", dir);
	ck_assert_int_eq(
		fs_write_new(gone.buf, "w", ".json", "x", 1, 0644, &path, NULL),
		-ENOENT);
	ck_assert_ptr_null(path);
	strbuf_release(&gone);
}
END_TEST

START_TEST(test_every_name_taken)
{
	for (int n = 0; n <= FS_WRITE_NEW_TRIES; n++) {
		struct strbuf p = STRBUF_INIT;
		if (n)
			strbuf_addf(&p, "%s/t-%d.json", dir, n);
		else
			strbuf_addf(&p, "%s/t.json", dir);
		FILE *f = fopen(p.buf, "w");
		ck_assert_ptr_nonnull(f);
		fclose(f);
		strbuf_release(&p);
	}
	char *path = NULL;
	ck_assert_int_eq(
		fs_write_new(dir, "t", ".json", "x", 1, 0644, &path, NULL),
		-EEXIST);
	ck_assert_ptr_null(path);
	ck_assert_uint_eq(count_entries(), FS_WRITE_NEW_TRIES + 1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("fs");
	TCase *tc = tcase_create("write_new");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_new_names_never_replace);
	tcase_add_test(tc, test_concurrent_writers);
	tcase_add_test(tc, test_failures_leave_nothing);
	tcase_add_test(tc, test_every_name_taken);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
