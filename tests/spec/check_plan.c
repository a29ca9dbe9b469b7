/*
 * check_plan.c: planning a workload against the test recipes
 * (tests/data/recipes/valid): effective parameters, options, NA
 * implementations, argv, environment and build folders.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "spec/plan.h"
#include "util/alloc.h"
#include "util/cpulist.h"

#define MANIFEST VERSUS_TEST_DATA "/manifests/plan/plan.yaml"
#define RECIPES	 VERSUS_TEST_DATA "/recipes/valid"

static struct manifest m;
static struct recipe_set recipes;
static struct toolchain_set tcs;

static void setup(void)
{
	struct versus_errs errs = VERSUS_ERRS_INIT;
	ck_assert_int_eq(manifest_load(MANIFEST, &m, &errs), 0);
	ck_assert_int_eq(recipe_set_load_dir(RECIPES, &recipes, &errs), 0);
	toolchain_set_init(&tcs, &recipes);
	versus_errs_release(&errs);
}

static void teardown(void)
{
	toolchain_set_release(&tcs);
	recipe_set_release(&recipes);
	manifest_release(&m);
}

static const char *env_get(const struct strvec *env, const char *key)
{
	size_t len = strlen(key);
	for (size_t i = 0; i < env->nr; i++)
		if (!strncmp(env->v[i], key, len) && env->v[i][len] == '=')
			return env->v[i] + len + 1;
	return NULL;
}

START_TEST(test_default_plan)
{
	struct plan_options opts = {.build_root = "/tmp/versus-plan-root"};
	struct plan_workload pw;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	ck_assert_int_eq(
		plan_workload_init(&pw, &m, &recipes, &tcs, &opts, &errs), 0);
	ck_assert_ptr_eq(pw.manifest, &m);
	ck_assert_ptr_null(pw.size);
	ck_assert_str_eq(kvlist_get(&pw.params, "n"), "10");
	ck_assert_uint_eq(pw.args.nr, 2);
	ck_assert_str_eq(pw.args.v[0], "10");
	ck_assert_str_eq(pw.args.v[1], "fast");
	ck_assert_uint_eq(pw.impls_nr, 3);
	ck_assert_uint_eq(pw.baseline, 0);

	const struct plan_impl *a = &pw.impls[0];
	ck_assert_str_eq(a->impl->id, "a");
	ck_assert(!a->skipped);
	ck_assert_ptr_null(a->skip_reason);
	ck_assert_str_eq(a->builddir, "/tmp/versus-plan-root/plan/a");
	ck_assert_str_eq(a->bin, "/tmp/versus-plan-root/plan/a/main");
	ck_assert_str_eq(a->main, "hello");
	ck_assert_str_eq(a->toolchain->version, "sh-test 1.0");
	/* build: [cp, {source}, {bin}] with cp resolved */
	ck_assert_uint_eq(a->build_argv.nr, 3);
	ck_assert_int_eq(a->build_argv.v[0][0], '/');
	ck_assert_str_eq(a->build_argv.v[1], a->impl->source);
	ck_assert_str_eq(a->build_argv.v[2], a->bin);
	/* run: [sh, {run_flags}, {bin}, {args}] */
	ck_assert_uint_eq(a->run_argv.nr, 5);
	ck_assert_str_eq(a->run_argv.v[0], a->toolchain->path);
	ck_assert_str_eq(a->run_argv.v[1], "-e");
	ck_assert_str_eq(a->run_argv.v[2], a->bin);
	ck_assert_str_eq(a->run_argv.v[3], "10");
	ck_assert_str_eq(a->run_argv.v[4], "fast");
	/* environment: base, recipe, then implementation (which wins) */
	const char *path = env_get(&a->env, "PATH");
	ck_assert_ptr_nonnull(path);
	ck_assert_ptr_nonnull(strstr(path, "/usr/local/bin:/usr/bin:/bin"));
	ck_assert_str_eq(env_get(&a->env, "HOME"), a->builddir);
	ck_assert_str_eq(env_get(&a->env, "LANG"), "C");
	ck_assert_str_eq(env_get(&a->env, "WHERE"),
			 "/tmp/versus-plan-root/plan/a/x");
	ck_assert_str_eq(env_get(&a->env, "EXTRA"),
			 "/tmp/versus-plan-root/plan/a/e");
	ck_assert_str_eq(env_get(&a->env, "BRACES"), "{not a placeholder}");
	ck_assert_ptr_null(a->env.v[a->env.nr]);

	const struct plan_impl *b = &pw.impls[1];
	ck_assert(b->skipped);
	ck_assert_str_eq(b->skip_reason,
			 "toolchain not available: "
			 "'versus-no-such-tool-for-tests' not found on PATH");
	ck_assert_uint_eq(b->build_argv.nr, 0);
	const struct plan_impl *c = &pw.impls[2];
	ck_assert(c->skipped);
	ck_assert_ptr_nonnull(strstr(c->skip_reason, "broken install"));

	/* A check case merges its params over the effective ones. */
	struct kvlist params = KVLIST_INIT;
	plan_check_params(&pw, 0, &params);
	ck_assert_str_eq(kvlist_get(&params, "n"), "3");
	ck_assert_str_eq(kvlist_get(&params, "mode"), "fast");
	struct strvec argv = STRVEC_INIT;
	struct versus_err err = {0};
	ck_assert_int_eq(plan_run_argv(&pw, a, &params, &argv, &err), 0);
	ck_assert_str_eq(argv.v[3], "3");
	ck_assert_int_eq(plan_run_argv(&pw, a, NULL, &argv, &err), 0);
	ck_assert_str_eq(argv.v[3], "10");
	strvec_clear(&argv);
	kvlist_release(&params);
	plan_workload_release(&pw);
	plan_workload_release(&pw);
	ck_assert_uint_eq(errs.nr, 0);
}
END_TEST

START_TEST(test_size_and_params)
{
	struct kvlist over = KVLIST_INIT;
	struct plan_options opts = {.size = "small", .params = &over};
	struct plan_workload pw;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	ck_assert_int_eq(
		plan_workload_init(&pw, &m, &recipes, &tcs, &opts, &errs), 0);
	ck_assert_str_eq(pw.size, "small");
	ck_assert_str_eq(kvlist_get(&pw.params, "n"), "1");
	plan_workload_release(&pw);
	/* --param beats the size preset */
	kvlist_set(&over, "n", "7");
	ck_assert_int_eq(
		plan_workload_init(&pw, &m, &recipes, &tcs, &opts, &errs), 0);
	ck_assert_str_eq(pw.args.v[0], "7");
	plan_workload_release(&pw);

	opts.size = "huge";
	ck_assert_int_eq(
		plan_workload_init(&pw, &m, &recipes, &tcs, &opts, &errs),
		-EINVAL);
	ck_assert_uint_eq(errs.nr, 1);
	ck_assert_str_eq(errs.items[0].message,
			 "--size: unknown size 'huge' (known: small, big)");
	versus_errs_release(&errs);

	const struct manifest *ms[] = {&m};
	kvlist_set(&over, "mdoe", "x");
	opts.size = NULL;
	ck_assert_int_eq(plan_check_options(ms, 1, &opts, &errs), -EINVAL);
	ck_assert_uint_eq(errs.nr, 1);
	ck_assert_str_eq(errs.items[0].message,
			 "--param: unknown parameter 'mdoe'; did you mean "
			 "'mode'?");
	versus_errs_release(&errs);
	kvlist_release(&over);
}
END_TEST

START_TEST(test_only)
{
	struct strvec only = STRVEC_INIT;
	strvec_push(&only, "c");
	struct plan_options opts = {.only = &only};
	struct plan_workload pw;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	ck_assert_int_eq(
		plan_workload_init(&pw, &m, &recipes, &tcs, &opts, &errs), 0);
	/* The baseline stays: ratios need it. */
	ck_assert_uint_eq(pw.impls_nr, 2);
	ck_assert_str_eq(pw.impls[0].impl->id, "a");
	ck_assert_str_eq(pw.impls[1].impl->id, "c");
	ck_assert_uint_eq(pw.baseline, 0);
	plan_workload_release(&pw);

	const struct manifest *ms[] = {&m};
	strvec_push(&only, "zz");
	ck_assert_int_eq(plan_check_options(ms, 1, &opts, &errs), -EINVAL);
	ck_assert_uint_eq(errs.nr, 1);
	ck_assert_str_eq(errs.items[0].message,
			 "--only: no implementation 'zz' (known: a, b, c)");
	versus_errs_release(&errs);
	strvec_clear(&only);
}
END_TEST

START_TEST(test_build_root)
{
	setenv("XDG_CACHE_HOME", "/tmp/xdg", 1);
	char *root = plan_default_build_root();
	ck_assert_str_eq(root, "/tmp/xdg/versus");
	free(root);
	unsetenv("XDG_CACHE_HOME");
	/* Outside the current folder: the user's cache folder. */
	char *home = getenv("HOME") ? xstrdup(getenv("HOME")) : NULL;
	setenv("HOME", "/tmp/home", 1);
	root = plan_default_build_root();
	ck_assert_str_eq(root, "/tmp/home/.cache/versus");
	free(root);
	/* Without HOME: the password entry's home, never ./build. */
	unsetenv("HOME");
	root = plan_default_build_root();
	ck_assert_int_eq(root[0], '/');
	ck_assert_ptr_nonnull(strstr(root, "/.cache/versus"));
	free(root);
	if (home)
		setenv("HOME", home, 1);
	free(home);

	struct plan_options opts = {.build_root = "/x/implementations/y"};
	struct plan_workload pw;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	ck_assert_int_eq(
		plan_workload_init(&pw, &m, &recipes, &tcs, &opts, &errs),
		-EINVAL);
	ck_assert_uint_eq(errs.nr, 1);
	versus_errs_release(&errs);
	/* Beside the sources of an implementation: refused too. */
	opts.build_root = VERSUS_TEST_DATA "/src/build";
	ck_assert_int_eq(
		plan_workload_init(&pw, &m, &recipes, &tcs, &opts, &errs),
		-EINVAL);
	ck_assert_ptr_nonnull(strstr(errs.items[0].message, "sources of"));
	ck_assert_ptr_nonnull(strstr(errs.items[0].message, "--build-root"));
	versus_errs_release(&errs);
}
END_TEST

/*
 * No workload's build folders can be the shared cache folders: a workload
 * named "cache" with an implementation "sh" once built in (and emptied)
 * the cache of every sh implementation.
 */
START_TEST(test_cache_never_a_build_folder)
{
	static const char text[] =
		"schema: 1\n"
		"workload: cache\n"
		"baseline: sh\n"
		"implementations:\n"
		"  - {id: sh, language: sh, source: hello.c}\n";
	struct manifest cm;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	ck_assert_int_eq(manifest_load_buffer(VERSUS_TEST_DATA "/src/c.yaml",
					      text, sizeof(text) - 1, &cm,
					      &errs),
			 0);
	struct plan_options opts = {.build_root = "/tmp/versus-plan-root"};
	struct plan_workload pw;
	ck_assert_int_eq(
		plan_workload_init(&pw, &cm, &recipes, &tcs, &opts, &errs), 0);
	const struct plan_impl *pi = &pw.impls[0];
	ck_assert_str_eq(pw.build_dir, "/tmp/versus-plan-root/cache");
	ck_assert_str_eq(pi->builddir, "/tmp/versus-plan-root/cache/sh");
	ck_assert_str_eq(pi->cachedir, "/tmp/versus-plan-root/_cache/sh");
	size_t len = strlen(pw.build_dir);
	ck_assert(strncmp(pi->cachedir, pw.build_dir, len) != 0 ||
		  pi->cachedir[len] != '/');
	plan_workload_release(&pw);
	manifest_release(&cm);
	versus_errs_release(&errs);
}
END_TEST

/*
 * limits.cpus and --cpus: resolved once per workload against the CPUs
 * this process may use; what the machine cannot give is an error at the
 * value (file:line:col) or at the option.
 */
START_TEST(test_cpus)
{
	cpu_set_t allowed;
	ck_assert_int_eq(cpulist_allowed(&allowed), 0);
	int n = CPU_COUNT(&allowed);
	char *text = xstrfmt("schema: 1\n"
			     "workload: pin\n"
			     "baseline: sh\n"
			     "limits: {cpus: %d}\n"
			     "implementations:\n"
			     "  - {id: sh, language: sh, source: hello.c}\n",
			     n + 1);
	struct manifest cm;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	ck_assert_int_eq(manifest_load_buffer(VERSUS_TEST_DATA "/src/c.yaml",
					      text, strlen(text), &cm, &errs),
			 0);
	ck_assert_int_eq(cm.limits.cpus, n + 1);
	struct plan_options opts = {.build_root = "/tmp/versus-plan-root"};
	struct plan_workload pw;
	ck_assert_int_eq(
		plan_workload_init(&pw, &cm, &recipes, &tcs, &opts, &errs),
		-EINVAL);
	ck_assert_uint_eq(errs.nr, 1);
	ck_assert_int_eq(errs.items[0].line, 4);
	ck_assert_int_eq(errs.items[0].column, 16);
	ck_assert_ptr_nonnull(
		strstr(errs.items[0].message,
		       "'limits.cpus': ") /* "N CPUs asked, but..." */);
	ck_assert_ptr_nonnull(
		strstr(errs.items[0].message, "CPUs asked, but versus may"));
	versus_errs_release(&errs);
	/* --cpus wins over the manifest: the same CPUs for one count */
	opts.cpus = "1";
	ck_assert_int_eq(
		plan_workload_init(&pw, &cm, &recipes, &tcs, &opts, &errs), 0);
	cpu_set_t one;
	ck_assert_int_eq(cpulist_choose(&allowed, 1, &one), 0);
	char want[CPULIST_MAX];
	cpulist_format(&one, want, sizeof(want));
	ck_assert_str_eq(pw.cpus, want);
	plan_workload_release(&pw);
	opts.cpus = "1023-1023";
	ck_assert_int_eq(
		plan_workload_init(&pw, &cm, &recipes, &tcs, &opts, &errs),
		-EINVAL);
	ck_assert_ptr_nonnull(strstr(errs.items[0].message,
				     "--cpus 1023-1023: CPU 1023 is not"));
	versus_errs_release(&errs);
	/* no limits.cpus, no --cpus: not pinned */
	opts.cpus = NULL;
	ck_assert_int_eq(
		plan_workload_init(&pw, &m, &recipes, &tcs, &opts, &errs), 0);
	ck_assert_ptr_null(pw.cpus);
	plan_workload_release(&pw);
	manifest_release(&cm);
	free(text);
}
END_TEST

START_TEST(test_unknown_language)
{
	/* No recipe at all: every language of the manifest is unknown. */
	static const char *const none[] = {NULL};
	struct manifest unchecked;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	ck_assert_int_eq(
		manifest_load_checked(MANIFEST, none, &unchecked, &errs),
		-EINVAL);
	ck_assert_uint_eq(errs.nr, 3);
	ck_assert_int_eq(errs.items[0].line, 14);
	ck_assert_int_eq(errs.items[0].column, 15);
	ck_assert_str_eq(errs.items[0].message,
			 "unknown language 'sh' (no runner recipe)");
	versus_errs_release(&errs);
}
END_TEST

static Suite *plan_suite(void)
{
	Suite *s = suite_create("plan");
	TCase *tc = tcase_create("plan");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_default_plan);
	tcase_add_test(tc, test_size_and_params);
	tcase_add_test(tc, test_only);
	tcase_add_test(tc, test_build_root);
	tcase_add_test(tc, test_cache_never_a_build_folder);
	tcase_add_test(tc, test_unknown_language);
	tcase_add_test(tc, test_cpus);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(plan_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
