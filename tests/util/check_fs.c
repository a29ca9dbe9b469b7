/*
 * check_fs.c: util/fs.c. The one atomic writer: complete files under
 * fresh names, never replacing one, even with many writers at once, and
 * nothing left behind on failure; or replacing a file whole. The one
 * folder lister, the one PATH search and the one tree remover.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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
#include "util/strvec.h"

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

/* dir/name with the given content and mode. */
static void make_file(const char *name, const char *text, mode_t mode)
{
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s/%s", dir, name);
	FILE *f = fopen(p.buf, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	ck_assert_int_eq(chmod(p.buf, mode), 0);
	strbuf_release(&p);
}

START_TEST(test_replace)
{
	struct strbuf p = STRBUF_INIT;
	struct stat st;
	char *text;

	umask(022);
	strbuf_addf(&p, "%s/out.txt", dir);
	ck_assert_int_eq(fs_write_replace(p.buf, "first", 5, 0666), 0);
	text = read_text(p.buf);
	ck_assert_str_eq(text, "first");
	free(text);
	ck_assert_int_eq(stat(p.buf, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0644);
	/* Replacing: the whole new text, no temporary file left. */
	ck_assert_int_eq(fs_write_replace(p.buf, "second", 6, 0600), 0);
	text = read_text(p.buf);
	ck_assert_str_eq(text, "second");
	free(text);
	ck_assert_int_eq(stat(p.buf, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0600);
	ck_assert_uint_eq(count_entries(), 1);
	/* A name without a folder is in the current one. */
	ck_assert_int_eq(chdir(dir), 0);
	ck_assert_int_eq(fs_write_replace("rel.txt", "r", 1, 0644), 0);
	text = read_text("rel.txt");
	ck_assert_str_eq(text, "r");
	free(text);
	ck_assert_uint_eq(count_entries(), 2);
	/* Failures leave the folder as it was. */
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/gone/out.txt", dir);
	ck_assert_int_eq(fs_write_replace(p.buf, "x", 1, 0644), -ENOENT);
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/sub", dir);
	ck_assert_int_eq(mkdir(p.buf, 0755), 0);
	ck_assert_int_eq(fs_write_replace(p.buf, "x", 1, 0644), -EISDIR);
	ck_assert_uint_eq(count_entries(), 3);
	ck_assert_int_eq(rmdir(p.buf), 0);
	/* A FIFO (as /dev/null, /dev/stdout) is written into, never replaced
	   by a file. */
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/fifo", dir);
	ck_assert_int_eq(mkfifo(p.buf, 0600), 0);
	int rfd = open(p.buf, O_RDONLY | O_NONBLOCK);
	ck_assert_int_ge(rfd, 0);
	ck_assert_int_eq(fs_write_replace(p.buf, "piped", 5, 0644), 0);
	char got[16] = {0};
	ck_assert_int_eq(read(rfd, got, sizeof(got) - 1), 5);
	ck_assert_str_eq(got, "piped");
	close(rfd);
	ck_assert_int_eq(lstat(p.buf, &st), 0);
	ck_assert(S_ISFIFO(st.st_mode));
	ck_assert_int_eq(fs_write_replace("/dev/null", "x", 1, 0644), 0);
	ck_assert_int_eq(stat("/dev/null", &st), 0);
	ck_assert(S_ISCHR(st.st_mode));
	ck_assert_int_eq(unlink(p.buf), 0);
	strbuf_release(&p);
}
END_TEST

START_TEST(test_list_dir)
{
	static const char *const names[] = {
		"b.yaml", "a.yaml",	".hidden.yaml", "x.yml",
		".yaml",  "c.yaml.bak", "a-b.yaml",	"r.json"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		make_file(names[i], "", 0644);

	struct strvec got = STRVEC_INIT;
	strvec_push(&got, "kept");
	ck_assert_int_eq(fs_list_dir(dir, ".yaml", &got), 0);
	/* strcmp order: '-' sorts before '.' */
	static const char *const want[] = {"kept", "a-b.yaml", "a.yaml",
					   "b.yaml"};
	ck_assert_uint_eq(got.nr, 4);
	for (size_t i = 0; i < 4; i++) {
		struct strbuf p = STRBUF_INIT;
		if (i)
			strbuf_addf(&p, "%s/%s", dir, want[i]);
		else
			strbuf_addstr(&p, want[i]);
		ck_assert_str_eq(got.v[i], p.buf);
		strbuf_release(&p);
	}
	strvec_clear(&got);

	/* A trailing '/' is not doubled. */
	struct strbuf slash = STRBUF_INIT;
	strbuf_addf(&slash, "%s/", dir);
	ck_assert_int_eq(fs_list_dir(slash.buf, ".json", &got), 0);
	ck_assert_uint_eq(got.nr, 1);
	strbuf_addstr(&slash, "r.json");
	ck_assert_str_eq(got.v[0], slash.buf);
	strvec_clear(&got);
	strbuf_release(&slash);

	/* No match is not an error; a missing folder is. */
	ck_assert_int_eq(fs_list_dir(dir, ".toml", &got), 0);
	ck_assert_uint_eq(got.nr, 0);
	ck_assert_int_eq(fs_list_dir("/nonexistent-versus", ".yaml", &got),
			 -ENOENT);
	ck_assert_int_eq(
		fs_list_dir(VERSUS_SOURCE_DIR "/README.md", ".md", &got),
		-ENOTDIR);
	ck_assert_uint_eq(got.nr, 0);
	strvec_clear(&got);
}
END_TEST

START_TEST(test_path_search)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, want = STRBUF_INIT;
	char *found;

	strbuf_addf(&a, "%s/a", dir);
	strbuf_addf(&b, "%s/b", dir);
	ck_assert_int_eq(mkdir(a.buf, 0755), 0);
	ck_assert_int_eq(mkdir(b.buf, 0755), 0);
	make_file("a/tool", "#!/bin/sh\n", 0755);
	make_file("b/tool", "#!/bin/sh\n", 0755);
	make_file("a/plain", "", 0644);
	make_file("b/plain", "#!/bin/sh\n", 0755);

	/* The first entry that has it wins; a non-executable is passed. */
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "/nonexistent-versus:%s:%s", a.buf, b.buf);
	ck_assert_int_eq(setenv("PATH", path.buf, 1), 0);
	found = fs_path_search("tool");
	strbuf_addf(&want, "%s/tool", a.buf);
	ck_assert_str_eq(found, want.buf);
	free(found);
	found = fs_path_search("plain");
	strbuf_reset(&want);
	strbuf_addf(&want, "%s/plain", b.buf);
	ck_assert_str_eq(found, want.buf);
	free(found);
	ck_assert_ptr_null(fs_path_search("missing"));
	/* A folder named like the program is not it. */
	ck_assert_ptr_null(fs_path_search("a"));

	/* Empty and relative entries are taken from the current folder,
	 * and the result is absolute. */
	ck_assert_int_eq(chdir(b.buf), 0);
	ck_assert_int_eq(setenv("PATH", "/nonexistent-versus:", 1), 0);
	found = fs_path_search("tool");
	ck_assert_ptr_nonnull(found);
	ck_assert(found[0] == '/');
	char *real = realpath(found, NULL);
	char *real_want = realpath("tool", NULL);
	ck_assert_str_eq(real, real_want);
	free(real);
	free(real_want);
	free(found);
	ck_assert_int_eq(chdir(dir), 0);
	ck_assert_int_eq(setenv("PATH", "a", 1), 0);
	found = fs_path_search("tool");
	strbuf_reset(&want);
	strbuf_addf(&want, "%s/a/tool", dir);
	real = realpath(found, NULL);
	ck_assert(found[0] == '/');
	ck_assert_str_eq(real, want.buf);
	free(real);
	free(found);

	/* Unset or empty: the default path, where sh is. */
	ck_assert_int_eq(setenv("PATH", "", 1), 0);
	found = fs_path_search("sh");
	ck_assert_ptr_nonnull(found);
	ck_assert(!strcmp(found, "/usr/bin/sh") || !strcmp(found, "/bin/sh"));
	free(found);
	ck_assert_int_eq(unsetenv("PATH"), 0);
	found = fs_path_search("sh");
	ck_assert_ptr_nonnull(found);
	free(found);

	static const char *const files[] = {"a/tool", "b/tool", "a/plain",
					    "b/plain"};
	for (size_t i = 0; i < 4; i++) {
		struct strbuf p = STRBUF_INIT;
		strbuf_addf(&p, "%s/%s", dir, files[i]);
		unlink(p.buf);
		strbuf_release(&p);
	}
	rmdir(a.buf);
	rmdir(b.buf);
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&want);
	strbuf_release(&path);
}
END_TEST

/* dir/rel as a new string (caller frees). */
static char *in_dir(const char *rel)
{
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s/%s", dir, rel);
	return strbuf_detach(&p, NULL);
}

START_TEST(test_empty_and_remove_tree)
{
	char *t = in_dir("t"), *deep = in_dir("t/a/b"), *ro = in_dir("t/ro");
	char *keep = in_dir("keep.txt"), *link = in_dir("t/a/link");
	char *file = in_dir("t/a/b/f"), *rofile = in_dir("t/ro/f");
	ck_assert_int_eq(fs_mkdir_p(deep), 0);
	ck_assert_int_eq(fs_mkdir_p(ro), 0);
	make_file("keep.txt", "outside", 0644);
	make_file("t/a/b/f", "x", 0644);
	make_file("t/ro/f", "x", 0644);
	/* a read-only folder (as Go's module cache) and a link out */
	ck_assert_int_eq(chmod(ro, 0555), 0);
	ck_assert_int_eq(symlink(keep, link), 0);

	ck_assert_int_eq(fs_empty_dir(t), 0);
	struct stat st;
	ck_assert_int_eq(stat(t, &st), 0);
	ck_assert(S_ISDIR(st.st_mode));
	ck_assert_int_eq(rmdir(t), 0);		 /* so it was empty */
	ck_assert_int_eq(access(keep, F_OK), 0); /* the link's target stays */

	ck_assert_int_eq(fs_mkdir_p(deep), 0);
	make_file("t/a/b/f", "x", 0644);
	ck_assert_int_eq(fs_remove_tree(t), 0);
	ck_assert_int_ne(access(t, F_OK), 0);
	ck_assert_int_eq(fs_remove_tree(t), -ENOENT);
	ck_assert_int_eq(access(keep, F_OK), 0);
	free(t);
	free(deep);
	free(ro);
	free(keep);
	free(link);
	free(file);
	free(rofile);
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
	tc = tcase_create("replace_list_search");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_replace);
	tcase_add_test(tc, test_list_dir);
	tcase_add_test(tc, test_path_search);
	tcase_add_test(tc, test_empty_and_remove_tree);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
