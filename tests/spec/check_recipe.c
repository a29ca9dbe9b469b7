/*
 * check_recipe.c: runner recipes. The real runners/ must all load; every
 * file in data/recipes/invalid/ must give exactly the messages of its .err
 * file (VERSUS_REGEN=1 rewrites them). Detection: check_toolchain.c.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spec/recipe.h"
#include "spec/toolchain.h"
#include "util/strbuf.h"

#define VALID	VERSUS_TEST_DATA "/recipes/valid"
#define INVALID VERSUS_TEST_DATA "/recipes/invalid"

static char *errs_text(const struct versus_errs *errs)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	versus_errs_print(errs, f);
	fclose(f);
	return buf;
}

START_TEST(test_real_runners_load)
{
	static const char *const required[] = {
		"c",	  "c-clang", "cpp",  "rust", "go",
		"python", "pypy",    "java", "node",
	};
	struct recipe_set set;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	int rc = recipe_set_load_dir(VERSUS_SOURCE_DIR "/runners", &set, &errs);
	char *text = errs_text(&errs);
	ck_assert_msg(rc == 0, "runners/: %s", text);
	free(text);
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		const struct recipe *r = recipe_set_find(&set, required[i]);
		ck_assert_msg(r != NULL, "no recipe for %s", required[i]);
		ck_assert_int_eq(r->schema, 1);
		ck_assert_uint_gt(r->detect.nr, 0);
		ck_assert_uint_gt(r->run.nr, 0);
	}
	/* Sorted by language: "c" before "c-clang". */
	ck_assert_str_eq(set.items[0].language, "c");
	ck_assert_str_eq(set.items[1].language, "c-clang");
	const struct recipe *py = recipe_set_find(&set, "python");
	ck_assert_uint_eq(py->build.nr, 0);
	ck_assert_uint_eq(py->resolve_nr, 1);
	ck_assert_str_eq(py->resolve_tools[0], "python3");
	ck_assert_ptr_null(recipe_set_find(&set, "cobol"));
	recipe_set_release(&set);
	versus_errs_release(&errs);
}
END_TEST

static int is_yaml(const struct dirent *de)
{
	size_t len = strlen(de->d_name);
	return len > 5 && !strcmp(de->d_name + len - 5, ".yaml");
}

/* The extension rule of `versus init` on the shipped recipes. */
START_TEST(test_for_extension)
{
	static const char *const cases[][2] = {
		{"a.c", "c"},	   {"dir/b.py", "python"}, {"x.cpp", "cpp"},
		{"x.cc", "cpp"},   {"x.cxx", "cpp"},	   {"m.rs", "rust"},
		{"m.go", "go"},	   {"Main.java", "java"},  {"s.js", "node"},
		{"s.mjs", "node"}, {"a.b.c", "c"},	   {"x.zzz", NULL},
		{".c", NULL},	   {"noext", NULL},
	};
	struct recipe_set set;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	ck_assert_int_eq(
		recipe_set_load_dir(VERSUS_SOURCE_DIR "/runners", &set, &errs),
		0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf why = STRBUF_INIT;
		const struct recipe *r =
			recipe_set_for_extension(&set, cases[i][0], &why);
		if (cases[i][1]) {
			ck_assert_msg(r && !strcmp(r->language, cases[i][1]),
				      "%s: got %s (%s)", cases[i][0],
				      r ? r->language : "none", why.buf);
		} else {
			ck_assert_msg(!r, "%s: got %s", cases[i][0],
				      r->language);
			ck_assert_ptr_nonnull(strstr(why.buf, cases[i][0]));
			ck_assert_ptr_nonnull(
				strstr(why.buf, "known extensions: .c "));
		}
		strbuf_release(&why);
	}
	/* Without the default_for of c.yaml, .c is a tie: both named. */
	ck_assert_str_eq(set.items[0].language, "c");
	strvec_clear(&set.items[0].default_for);
	struct strbuf why = STRBUF_INIT;
	ck_assert_ptr_null(recipe_set_for_extension(&set, "a.c", &why));
	ck_assert_ptr_nonnull(strstr(why.buf, "(recipes: c c-clang)"));
	strbuf_release(&why);
	recipe_set_release(&set);
	versus_errs_release(&errs);
}
END_TEST

START_TEST(test_invalid_files)
{
	ck_assert_int_eq(chdir(INVALID), 0);
	struct dirent **names;
	int n = scandir(".", &names, is_yaml, alphasort);
	ck_assert_int_ge(n, 8);
	bool regen = getenv("VERSUS_REGEN") != NULL;
	int failures = 0;
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		struct recipe r;
		struct versus_errs errs = VERSUS_ERRS_INIT;
		int rc = recipe_load(name, &r, &errs);
		char *got = errs_text(&errs);
		char err_path[300];
		snprintf(err_path, sizeof(err_path), "%.*s.err",
			 (int)strlen(name) - 5, name);
		if (regen) {
			FILE *f = fopen(err_path, "w");
			fputs(got, f);
			fclose(f);
		}
		struct strbuf want = STRBUF_INIT;
		ck_assert_msg(strbuf_read_file(&want, err_path, 0) == 0,
			      "%s: missing", err_path);
		if (rc != -EINVAL || strcmp(got, want.buf)) {
			fprintf(stderr, "%s: rc %d\n got:\n%s want:\n%s", name,
				rc, got, want.buf);
			failures++;
		}
		strbuf_release(&want);
		free(got);
		versus_errs_release(&errs);
		free(names[i]);
	}
	free(names);
	ck_assert_int_eq(failures, 0);
}
END_TEST

START_TEST(test_bad_dir_keeps_good_recipes)
{
	struct recipe_set set;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	ck_assert_int_eq(recipe_set_load_dir(INVALID, &set, &errs), -EINVAL);
	ck_assert_uint_eq(set.nr, 0);
	ck_assert_uint_ge(errs.nr, 8);
	recipe_set_release(&set);
	versus_errs_release(&errs);
	ck_assert_int_lt(recipe_set_load_dir("/nonexistent", &set, &errs), 0);
	ck_assert_uint_eq(errs.nr, 1);
	versus_errs_release(&errs);
}
END_TEST

/* --runners: extra recipes add to the shipped ones, or replace one. */
START_TEST(test_load_dirs)
{
	struct recipe_set shipped, extra, set;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	ck_assert_int_eq(recipe_set_load_dir(VERSUS_SOURCE_DIR "/runners",
					     &shipped, &errs),
			 0);
	ck_assert_int_eq(recipe_set_load_dir(VALID, &extra, &errs), 0);
	size_t fresh = 0;
	for (size_t i = 0; i < extra.nr; i++)
		fresh += !recipe_set_find(&shipped, extra.items[i].language);
	ck_assert_uint_gt(fresh, 0);
	ck_assert_int_eq(recipe_set_load_dirs(VERSUS_SOURCE_DIR "/runners",
					      VALID, &set, &errs),
			 0);
	ck_assert_uint_eq(set.nr, shipped.nr + fresh);
	ck_assert_ptr_nonnull(recipe_set_find(&set, "c"));
	ck_assert_ptr_nonnull(recipe_set_find(&set, "sh"));
	for (size_t i = 1; i < set.nr; i++)
		ck_assert_int_lt(strcmp(set.items[i - 1].language,
					set.items[i].language),
				 0);
	recipe_set_release(&set);

	/* A recipe named like a shipped one replaces it, nothing else. */
	char dir[] = "/tmp/versus-recipes-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char path[64];
	snprintf(path, sizeof(path), "%s/c.yaml", dir);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("schema: 1\nlanguage: c\ntitle: mine\ndetect: [sh, -c, "
	      "\"echo 1\"]\nrun: [\"{bin}\"]\n",
	      f);
	fclose(f);
	ck_assert_int_eq(recipe_set_load_dirs(VERSUS_SOURCE_DIR "/runners", dir,
					      &set, &errs),
			 0);
	ck_assert_uint_eq(set.nr, shipped.nr);
	ck_assert_str_eq(recipe_set_find(&set, "c")->title, "mine");
	ck_assert_str_eq(recipe_set_find(&set, "python")->title,
			 recipe_set_find(&shipped, "python")->title);
	recipe_set_release(&set);
	/* A bad extra folder is an error, the shipped recipes stay. */
	ck_assert_int_lt(recipe_set_load_dirs(VERSUS_SOURCE_DIR "/runners",
					      "/nonexistent", &set, &errs),
			 0);
	ck_assert_uint_eq(set.nr, shipped.nr);
	ck_assert_uint_eq(errs.nr, 1);
	recipe_set_release(&set);
	versus_errs_release(&errs);
	unlink(path);
	rmdir(dir);
	recipe_set_release(&shipped);
	recipe_set_release(&extra);
}
END_TEST

START_TEST(test_expand)
{
	struct recipe_set set;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	ck_assert_int_eq(recipe_set_load_dir(VALID, &set, &errs), 0);
	const struct recipe *r = recipe_set_find(&set, "sh");
	struct strvec args = STRVEC_INIT, flags = STRVEC_INIT,
		      out = STRVEC_INIT;
	strvec_push(&args, "1");
	strvec_push(&args, "two words");
	strvec_push(&flags, "-e");
	struct recipe_vars vars = {
		.source = "/src/a.sh",
		.builddir = "/b",
		.bin = "/b/main",
		.main = "a",
		.args = &args,
		.build_flags = NULL,
		.run_flags = &flags,
	};
	struct versus_err err = {0};
	ck_assert_int_eq(recipe_expand(&r->run, &vars, NULL, &out, &err), 0);
	ck_assert_uint_eq(out.nr, 5);
	ck_assert_str_eq(out.v[0], "sh");
	ck_assert_str_eq(out.v[1], "-e");
	ck_assert_str_eq(out.v[2], "/b/main");
	ck_assert_str_eq(out.v[3], "1");
	ck_assert_str_eq(out.v[4], "two words");

	/* With a toolchain, argv[0] becomes the resolved path. */
	struct toolchain tc;
	toolchain_detect(r, &tc);
	ck_assert_int_eq(recipe_expand(&r->build, &vars, &tc, &out, &err), 0);
	ck_assert_str_eq(out.v[0], toolchain_tool_path(&tc, "cp"));
	ck_assert_str_eq(out.v[1], "/src/a.sh");
	toolchain_release(&tc);

	char *value = NULL;
	ck_assert_int_eq(recipe_expand_value(kvlist_get(&r->env, "WHERE"),
					     &vars, &value, &err),
			 0);
	ck_assert_str_eq(value, "/b/x");
	free(value);
	ck_assert_int_eq(recipe_expand_value(kvlist_get(&r->env, "BRACES"),
					     &vars, &value, &err),
			 0);
	ck_assert_str_eq(value, "{not a placeholder}");
	free(value);

	vars.bin = NULL;
	ck_assert_int_eq(recipe_expand(&r->run, &vars, NULL, &out, &err),
			 -EINVAL);
	ck_assert_str_eq(err.message, "placeholder '{bin}' has no value here");
	ck_assert_uint_eq(out.nr, 0);
	strvec_clear(&args);
	strvec_clear(&flags);
	strvec_clear(&out);
	recipe_set_release(&set);
}
END_TEST

START_TEST(test_default_dir)
{
	enum recipe_dir_origin origin = RECIPE_DIR_MISSING;
	setenv("VERSUS_RUNNERS", "/some/where", 1);
	char *d = recipe_find_dir(&origin);
	ck_assert_str_eq(d, "/some/where");
	ck_assert_int_eq(origin, RECIPE_DIR_ENV);
	free(d);
	unsetenv("VERSUS_RUNNERS");
	/* This test program lives in the build tree (tests/), with no
	 * share/versus/runners beside it: the source tree's recipes. */
	d = recipe_find_dir(&origin);
	ck_assert_str_eq(d, VERSUS_SOURCE_DIR "/runners");
	ck_assert_int_eq(origin, RECIPE_DIR_SOURCE);
	ck_assert_str_eq(recipe_dir_origin_name(origin),
			 "the source tree: the program runs from its build "
			 "folder");
	free(d);
	d = recipe_default_dir();
	ck_assert_str_eq(d, VERSUS_SOURCE_DIR "/runners");
	free(d);
}
END_TEST

static Suite *recipe_suite(void)
{
	Suite *s = suite_create("recipe");
	TCase *tc = tcase_create("recipe");
	tcase_add_test(tc, test_real_runners_load);
	tcase_add_test(tc, test_for_extension);
	tcase_add_test(tc, test_invalid_files);
	tcase_add_test(tc, test_bad_dir_keeps_good_recipes);
	tcase_add_test(tc, test_load_dirs);
	tcase_add_test(tc, test_expand);
	tcase_add_test(tc, test_default_dir);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(recipe_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
