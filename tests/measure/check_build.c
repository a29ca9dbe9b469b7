/*
 * check_build.c: the build cache. The key must change with every input
 * that can change a build (the source's bytes, each argv element, the
 * environment, the toolchain's path and version) and with nothing else,
 * and no two different inputs may run together into one hashed stream
 * (["a b"] vs ["a", "b"], an argv element moved into the environment, a
 * missing version vs an empty one). Then build_impl in a sandbox of mode
 * none: a second build with the same key is reused, a changed one is not.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "measure/build.h"
#include "util/fs.h"
#include "util/strbuf.h"

static char dir[64];
static char id_c[] = "c", id_other[] = "other",
	    missing[] = "/nonexistent/versus/src.c";
static char *source;
static struct manifest_impl impl;
static struct toolchain tc;
static struct plan_impl pi;

static void write_source(const char *text)
{
	FILE *f = fopen(source, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/versus-check-build-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	/* a source folder the box's uid may read, as a checkout is */
	ck_assert_int_eq(chmod(dir, 0755), 0);
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s/src.txt", dir);
	source = strbuf_detach(&p, NULL);
	write_source("int main(void) { return 0; }\n");
	memset(&impl, 0, sizeof(impl));
	impl.id = id_c;
	impl.language = id_c;
	impl.source = source;
	memset(&tc, 0, sizeof(tc));
	tc.available = true;
	tc.path = strdup("/usr/bin/cc");
	tc.version = strdup("cc 12.2");
	memset(&pi, 0, sizeof(pi));
	pi.impl = &impl;
	pi.toolchain = &tc;
	strvec_init(&pi.build_argv);
	strvec_init(&pi.env);
	strvec_push(&pi.build_argv, "/usr/bin/cc");
	strvec_push(&pi.build_argv, "-O2");
	strvec_push(&pi.env, "PATH=/usr/bin:/bin");
	strbuf_addf(&p, "%s/build", dir);
	pi.builddir = strbuf_detach(&p, NULL);
	strbuf_addf(&p, "%s/cache", dir);
	pi.cachedir = strbuf_detach(&p, NULL);
}

static void teardown(void)
{
	fs_remove_tree(dir);
	strvec_clear(&pi.build_argv);
	strvec_clear(&pi.env);
	free(pi.builddir);
	free(pi.cachedir);
	free(tc.path);
	free(tc.version);
	free(source);
}

static void key_of(char key[65])
{
	ck_assert_int_eq(build_cache_key(&pi, key), 0);
	ck_assert_uint_eq(strlen(key), 64);
	ck_assert_uint_eq(strspn(key, "0123456789abcdef"), 64);
}

/* key must differ from every key seen so far; then it is one of them. */
static void assert_new(char seen[][65], size_t *nr, const char *what)
{
	char key[65];
	key_of(key);
	for (size_t i = 0; i < *nr; i++)
		ck_assert_msg(strcmp(seen[i], key),
			      "%s: same key as change %zu", what, i);
	memcpy(seen[(*nr)++], key, 65);
}

START_TEST(test_key_changes)
{
	char seen[16][65];
	size_t nr = 0;
	char again[65];

	assert_new(seen, &nr, "start");
	key_of(again);
	ck_assert_str_eq(again, seen[0]); /* deterministic */

	write_source("int main(void) { return 1; }\n");
	assert_new(seen, &nr, "source byte");
	write_source("int main(void) { return 0; }\n");
	key_of(again);
	ck_assert_str_eq(again, seen[0]); /* the bytes, not the time */

	free(pi.build_argv.v[1]);
	pi.build_argv.v[1] = strdup("-O3");
	assert_new(seen, &nr, "argv element");
	strvec_push(&pi.build_argv, "");
	assert_new(seen, &nr, "an empty argv element more");

	strvec_clear(&pi.env);
	strvec_push(&pi.env, "PATH=/usr/bin:/bin");
	strvec_push(&pi.env, "CFLAGS=-g");
	assert_new(seen, &nr, "environment");

	free(tc.path);
	tc.path = strdup("/usr/local/bin/cc");
	assert_new(seen, &nr, "toolchain path");
	free(tc.version);
	tc.version = strdup("cc 13.1");
	assert_new(seen, &nr, "toolchain version");
	free(tc.version);
	tc.version = strdup("");
	assert_new(seen, &nr, "empty version");
	free(tc.version);
	tc.version = NULL;
	assert_new(seen, &nr, "no version");

	/* What the key must not see: the build folder, the id. */
	free(pi.builddir);
	pi.builddir = strdup("/elsewhere");
	impl.id = id_other;
	key_of(again);
	ck_assert_str_eq(again, seen[nr - 1]);
}
END_TEST

START_TEST(test_key_no_run_together)
{
	char a[65], b[65];

	strvec_clear(&pi.build_argv);
	strvec_clear(&pi.env);
	strvec_push(&pi.build_argv, "cc a");
	key_of(a);
	strvec_clear(&pi.build_argv);
	strvec_push(&pi.build_argv, "cc");
	strvec_push(&pi.build_argv, "a");
	key_of(b);
	ck_assert_str_ne(a, b);

	/* the last argv element moved into the environment */
	strvec_push(&pi.env, "X=1");
	key_of(a);
	strvec_clear(&pi.env);
	strvec_push(&pi.build_argv, "X=1");
	key_of(b);
	ck_assert_str_ne(a, b);

	/* the version's text moved into the path */
	strvec_clear(&pi.build_argv);
	free(tc.path);
	free(tc.version);
	tc.path = strdup("/cc");
	tc.version = strdup("1");
	key_of(a);
	free(tc.path);
	free(tc.version);
	tc.path = strdup("/cc1");
	tc.version = NULL;
	key_of(b);
	ck_assert_str_ne(a, b);
	/* no path, a version vs that version as the path */
	free(tc.path);
	tc.path = NULL;
	tc.version = strdup("/cc1");
	key_of(a);
	ck_assert_str_ne(a, b);
}
END_TEST

START_TEST(test_key_unreadable_source)
{
	char key[65] = "unchanged";
	impl.source = missing;
	ck_assert_int_eq(build_cache_key(&pi, key), -ENOENT);
	ck_assert_str_eq(key, "unchanged");
}
END_TEST

START_TEST(test_build_reuses_by_key)
{
	struct sandbox_config config = {.cgroups = SANDBOX_CGROUPS_OFF,
					.quiet = true};
	struct versus_err err = {0};
	struct sandbox *sb = sandbox_new(&config, &err);
	ck_assert_msg(sb, "sandbox_new: %s", err.message);
	ck_assert_int_eq(mkdir(pi.cachedir, 0755), 0);

	strvec_clear(&pi.build_argv);
	strvec_push(&pi.build_argv, "/bin/sh");
	strvec_push(&pi.build_argv, "-c");
	strvec_pushf(&pi.build_argv, "cp '%s' main", source);
	struct build_outcome out;

	ck_assert_int_eq(build_impl(sb, &pi, &out, &err), 0);
	ck_assert_msg(out.status == STATUS_OK, "build: %s: %s", out.message,
		      out.stderr_head);
	ck_assert(!out.cached);
	ck_assert_uint_eq(out.output_bytes, 29);
	build_outcome_release(&out);

	ck_assert_int_eq(build_impl(sb, &pi, &out, &err), 0);
	ck_assert(out.status == STATUS_OK && out.cached);
	ck_assert_uint_eq(out.output_bytes, 29);
	build_outcome_release(&out);

	/* a new source: built again, and the new bytes are what it made */
	write_source("changed\n");
	ck_assert_int_eq(build_impl(sb, &pi, &out, &err), 0);
	ck_assert(out.status == STATUS_OK && !out.cached);
	ck_assert_uint_eq(out.output_bytes, 8);
	build_outcome_release(&out);

	/* another flag: built again; a failed build leaves no stamp */
	strvec_push(&pi.build_argv, "sh");
	strvec_push(&pi.build_argv, "extra");
	ck_assert_int_eq(build_impl(sb, &pi, &out, &err), 0);
	ck_assert(out.status == STATUS_OK && !out.cached);
	build_outcome_release(&out);
	free(pi.build_argv.v[2]);
	pi.build_argv.v[2] = strdup("exit 3");
	ck_assert_int_eq(build_impl(sb, &pi, &out, &err), 0);
	ck_assert(out.status == STATUS_CE && !out.cached);
	build_outcome_release(&out);
	ck_assert_int_eq(build_impl(sb, &pi, &out, &err), 0);
	ck_assert(out.status == STATUS_CE && !out.cached);
	build_outcome_release(&out);
	sandbox_free(sb);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("build");
	TCase *tc_key = tcase_create("key");
	tcase_add_checked_fixture(tc_key, setup, teardown);
	tcase_add_test(tc_key, test_key_changes);
	tcase_add_test(tc_key, test_key_no_run_together);
	tcase_add_test(tc_key, test_key_unreadable_source);
	suite_add_tcase(s, tc_key);
	TCase *tc_build = tcase_create("build");
	tcase_add_checked_fixture(tc_build, setup, teardown);
	tcase_set_timeout(tc_build, 60);
	tcase_add_test(tc_build, test_build_reuses_by_key);
	suite_add_tcase(s, tc_build);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
