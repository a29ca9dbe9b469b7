/*
 * check_toolchain.c: toolchain detection, with toolchains every machine
 * has (sh) or none has (tests/data/recipes/valid), and the set of a run
 * that detects each recipe once.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "spec/toolchain.h"

#define VALID VERSUS_TEST_DATA "/recipes/valid"

START_TEST(test_detect)
{
	struct recipe_set set;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	ck_assert_int_eq(recipe_set_load_dir(VALID, &set, &errs), 0);
	struct toolchain tc;

	toolchain_detect(recipe_set_find(&set, "sh"), &tc);
	ck_assert(tc.available);
	ck_assert_str_eq(tc.version, "sh-test 1.0");
	ck_assert_int_eq(tc.path[0], '/');
	ck_assert_ptr_null(tc.reason);
	ck_assert_ptr_nonnull(toolchain_tool_path(&tc, "cp"));
	ck_assert_ptr_null(toolchain_tool_path(&tc, "gcc"));
	toolchain_release(&tc);

	toolchain_detect(recipe_set_find(&set, "missing"), &tc);
	ck_assert(!tc.available);
	ck_assert_ptr_null(tc.path);
	ck_assert_str_eq(tc.reason,
			 "'versus-no-such-tool-for-tests' not found on PATH");
	toolchain_release(&tc);

	toolchain_detect(recipe_set_find(&set, "failing"), &tc);
	ck_assert(!tc.available);
	ck_assert_str_eq(tc.reason, "'sh -c echo broken install >&2; exit 3' "
				    "failed: exit status 3: broken install");
	toolchain_release(&tc);

	/* The resolve command's answer wins over PATH (a shim). */
	toolchain_detect(recipe_set_find(&set, "shim"), &tc);
	ck_assert_str_eq(toolchain_tool_path(&tc, "sh"), "/usr/bin/cat");
	toolchain_release(&tc);
	recipe_set_release(&set);
}
END_TEST

START_TEST(test_set_detects_once)
{
	struct recipe_set recipes;
	struct toolchain_set tcs;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	ck_assert_int_eq(recipe_set_load_dir(VALID, &recipes, &errs), 0);
	toolchain_set_init(&tcs, &recipes);
	const struct recipe *sh = recipe_set_find(&recipes, "sh");
	const char *langs[] = {"sh", "nope"};
	toolchain_set_detect(&tcs, langs, 2);
	const struct toolchain *t1 = toolchain_set_get(&tcs, sh);
	ck_assert(t1->available);
	char *version = t1->version;
	toolchain_set_detect(&tcs, NULL, 0);
	const struct toolchain *t2 = toolchain_set_get(&tcs, sh);
	ck_assert_ptr_eq(t1, t2);
	ck_assert_ptr_eq(t2->version, version); /* not detected again */
	const struct recipe *missing = recipe_set_find(&recipes, "missing");
	ck_assert(!toolchain_set_get(&tcs, missing)->available);
	toolchain_set_release(&tcs);
	toolchain_set_release(NULL);
	recipe_set_release(&recipes);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("toolchain");
	TCase *tc = tcase_create("toolchain");
	tcase_add_test(tc, test_detect);
	tcase_add_test(tc, test_set_detects_once);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
