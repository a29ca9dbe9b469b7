/*
 * check_manifest.c: manifest loading. Valid manifests are checked field by
 * field; every file in data/manifests/invalid/ must produce exactly the
 * messages of its sibling .err file (VERSUS_REGEN=1 rewrites them, for
 * review with git diff).
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spec/manifest.h"
#include "spec/recipe.h"
#include "util/strbuf.h"

#define VALID	VERSUS_TEST_DATA "/manifests/valid"
#define INVALID VERSUS_TEST_DATA "/manifests/invalid"

/* Every error of errs as versus prints them. Caller frees. */
static char *errs_text(const struct versus_errs *errs)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	versus_errs_print(errs, f);
	fclose(f);
	return buf;
}

START_TEST(test_full_manifest)
{
	struct manifest m;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	int rc = manifest_load(VALID "/full.yaml", &m, &errs);
	if (rc) {
		char *t = errs_text(&errs);
		ck_abort_msg("full.yaml: %s", t);
	}
	ck_assert_int_eq(m.schema, 1);
	ck_assert_str_eq(m.workload, "full");
	ck_assert_int_eq(m.version, 3);
	ck_assert_str_eq(m.title, "A manifest using every key");
	ck_assert_str_eq(m.baseline, "c");
	ck_assert_uint_eq(strlen(m.digest), 64);
	ck_assert_str_eq(kvlist_get(&m.params, "n"), "100");
	ck_assert_str_eq(kvlist_get(&m.params, "label"), "two words");
	ck_assert_uint_eq(m.sizes_nr, 2);
	const struct manifest_size *s = manifest_find_size(&m, "large");
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(kvlist_get(&s->params, "n"), "100000");
	ck_assert_ptr_null(manifest_find_size(&m, "huge"));
	ck_assert_uint_eq(m.args.nr, 3);
	ck_assert_str_eq(m.args.v[2], "{{literal}}");
	ck_assert_ptr_nonnull(strstr(m.stdin_path, "/src/expected-10.out"));
	ck_assert_int_eq(m.stdin_path[0], '/');
	/* files: real paths, and base names in the run's folder */
	ck_assert_uint_eq(m.files.nr, 2);
	ck_assert_int_eq(m.files.v[0][0], '/');
	ck_assert_ptr_nonnull(strstr(m.files.v[0], "/src/expected-1000.out"));
	ck_assert_str_eq(m.file_names.v[0], "expected-1000.out");
	ck_assert_str_eq(m.file_names.v[1], "hello.py");
	ck_assert_uint_eq(m.checks_nr, 2);
	ck_assert_str_eq(kvlist_get(&m.checks[0].params, "n"), "1000");
	ck_assert_ptr_nonnull(strstr(m.checks[0].expect_path, "1000.out"));
	ck_assert_ptr_null(m.checks[1].expect_path);
	ck_assert_int_eq(m.validate.mode, VALIDATE_NUMERIC);
	ck_assert_double_eq(m.validate.abs_tol, 1e-8);
	ck_assert_double_eq(m.validate.rel_tol, 0.001);
	ck_assert_int_eq(m.measure.warmup, 2);
	ck_assert_int_eq(m.measure.min_runs, 3);
	ck_assert_int_eq(m.measure.max_runs, 10);
	ck_assert_double_eq(m.measure.target_ci, 0.05);
	ck_assert_double_eq(m.measure.time_budget_s, 120);
	ck_assert_double_eq(m.limits.wall_s, 30);
	ck_assert_double_eq(m.limits.cpu_s, 20);
	ck_assert_uint_eq(m.limits.memory_bytes, 512ULL << 20);
	ck_assert_uint_eq(m.limits.pids, 64);
	ck_assert_uint_eq(m.limits.output_bytes, 1000000);
	ck_assert_uint_eq(m.impls_nr, 3);
	const struct manifest_impl *c = manifest_find_impl(&m, "c");
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->language, "c");
	ck_assert_int_eq(c->source[0], '/');
	ck_assert_uint_eq(c->build_flags.nr, 1);
	ck_assert_str_eq(c->build_flags.v[0], "-DFAST");
	ck_assert_str_eq(kvlist_get(&c->env, "OMP_NUM_THREADS"), "1");
	ck_assert_int_eq(c->line, 23);
	ck_assert_int_eq(c->column, 5);
	ck_assert_int_eq(c->language_line, 24);
	ck_assert_int_eq(c->language_column, 15);
	const struct manifest_impl *j = manifest_find_impl(&m, "java-interp");
	ck_assert_str_eq(j->run_flags.v[0], "-Xint");
	ck_assert_ptr_null(manifest_find_impl(&m, "nope"));
	ck_assert_uint_eq(errs.nr, 0);
	manifest_release(&m);
	manifest_release(&m); /* twice is harmless */
}
END_TEST

START_TEST(test_defaults)
{
	struct manifest m;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	ck_assert_int_eq(manifest_load(VALID "/minimal.yaml", &m, &errs), 0);
	ck_assert_int_eq(m.version, 1);
	ck_assert_str_eq(m.title, "minimal");
	ck_assert_uint_eq(m.params.nr, 0);
	ck_assert_uint_eq(m.args.nr, 0);
	ck_assert_ptr_null(m.stdin_path);
	ck_assert_uint_eq(m.files.nr, 0);
	ck_assert_uint_eq(m.checks_nr, 0);
	ck_assert_int_eq(m.validate.mode, VALIDATE_EXACT);
	ck_assert_double_eq(m.validate.abs_tol, 0);
	ck_assert_int_eq(m.measure.warmup, 1);
	ck_assert_int_eq(m.measure.min_runs, 5);
	ck_assert_int_eq(m.measure.max_runs, 30);
	ck_assert_double_eq(m.measure.target_ci, 0.02);
	ck_assert_double_eq(m.measure.time_budget_s, 60);
	ck_assert(isnan(m.cost_s)); /* no cost hint */
	ck_assert_double_eq(m.limits.wall_s, 120);
	ck_assert_double_eq(m.limits.cpu_s, 100);
	ck_assert_uint_eq(m.limits.memory_bytes, 2ULL << 30);
	ck_assert_uint_eq(m.limits.pids, 256);
	ck_assert_uint_eq(m.limits.output_bytes, 64ULL << 20);
	manifest_release(&m);
}
END_TEST

static int is_yaml(const struct dirent *de)
{
	size_t len = strlen(de->d_name);
	return len > 5 && !strcmp(de->d_name + len - 5, ".yaml");
}

START_TEST(test_published)
{
	struct manifest m;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	int rc = manifest_load(VALID "/published.yaml", &m, &errs);
	if (rc)
		ck_abort_msg("published.yaml: %s", errs_text(&errs));
	const struct manifest_published *p = &m.published;
	ck_assert(p->present);
	ck_assert_str_eq(p->citation, "Someone et al., A table, 2024");
	ck_assert_str_eq(p->url, "https://example.org/table");
	ck_assert_str_eq(p->version, "abc1234");
	ck_assert_str_eq(p->machine, "Apple M1");
	ck_assert_str_eq(p->toolchains, "clang 15, CPython 3.11");
	ck_assert_int_eq(p->metric, PUBLISHED_CPU);
	ck_assert_int_eq(p->aggregate, PUBLISHED_SUM);
	ck_assert_double_eq(p->tolerance, 1.25);
	/* the baseline defaults to the manifest's */
	ck_assert_str_eq(p->baseline, "c");
	/* the default size and "small" take the top-level ratios */
	const struct manifest_published_set *top =
		manifest_published_for(&m, NULL);
	ck_assert_ptr_nonnull(top);
	ck_assert_ptr_eq(manifest_published_for(&m, "small"), top);
	ck_assert(!top->absolute);
	ck_assert_uint_eq(top->values_nr, 3);
	ck_assert_str_eq(top->values[1].id, "python");
	ck_assert_double_eq(top->values[1].value, 62.25);
	ck_assert_double_eq(top->values[1].tolerance, 2);
	ck_assert_str_eq(top->values[1].toolchain, "CPython 3.11");
	ck_assert(isnan(top->values[2].tolerance));
	ck_assert_ptr_null(top->values[2].toolchain);
	/* "big" has absolute values of its own, in seconds */
	const struct manifest_published_set *big =
		manifest_published_for(&m, "big");
	ck_assert_ptr_nonnull(big);
	ck_assert_str_eq(big->size, "big");
	ck_assert(big->absolute);
	ck_assert_uint_eq(big->values_nr, 2);
	ck_assert_double_eq(big->values[0].value, 1.5);
	ck_assert_double_eq(big->values[1].value, 120);
	manifest_release(&m);
	/* no section: nothing published */
	ck_assert_int_eq(manifest_load(VALID "/minimal.yaml", &m, &errs), 0);
	ck_assert(!m.published.present);
	ck_assert_ptr_null(manifest_published_for(&m, NULL));
	manifest_release(&m);
	versus_errs_release(&errs);
}
END_TEST

START_TEST(test_sweep)
{
	struct manifest m;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	int rc = manifest_load(VALID "/sweep.yaml", &m, &errs);
	if (rc) {
		char *t = errs_text(&errs);
		ck_abort_msg("sweep.yaml: %s", t);
	}
	ck_assert_str_eq(m.sweep.param, "n");
	ck_assert_uint_eq(m.sweep.values.nr, 2);
	ck_assert_str_eq(m.sweep.values.v[1], "1000");
	ck_assert_uint_eq(m.sweep.expect_paths.nr, 2);
	ck_assert_ptr_nonnull(
		strstr(m.sweep.expect_paths.v[0], "/src/expected-10.out"));
	ck_assert_ptr_nonnull(
		strstr(m.sweep.expect_paths.v[1], "/src/expected-1000.out"));
	manifest_release(&m);
	/* the value rules, shared with --param K=V1,V2 */
	struct strvec v = STRVEC_INIT;
	struct strbuf why = STRBUF_INIT;
	strvec_push(&v, "1000");
	strvec_push(&v, "1e3");
	strvec_push(&v, "0");
	strvec_push(&v, "inf");
	strvec_push(&v, "2.5");
	ck_assert_int_eq(manifest_sweep_value_check(&v, 0, &why), 0);
	ck_assert_int_eq(manifest_sweep_value_check(&v, 1, &why), -EINVAL);
	ck_assert_ptr_nonnull(strstr(why.buf, "given twice"));
	ck_assert_int_eq(manifest_sweep_value_check(&v, 2, &why), -EINVAL);
	ck_assert_int_eq(manifest_sweep_value_check(&v, 3, &why), -EINVAL);
	ck_assert_int_eq(manifest_sweep_value_check(&v, 4, &why), 0);
	strvec_clear(&v);
	strbuf_release(&why);
	versus_errs_release(&errs);
}
END_TEST

/* Every invalid manifest gives exactly the errors of its .err file. */
START_TEST(test_invalid_files)
{
	struct recipe_set recipes;
	struct versus_errs rerrs = VERSUS_ERRS_INIT;
	ck_assert_int_eq(recipe_set_load_dir(VERSUS_SOURCE_DIR "/runners",
					     &recipes, &rerrs),
			 0);
	const char **languages = calloc(recipes.nr + 1, sizeof(*languages));
	for (size_t i = 0; i < recipes.nr; i++)
		languages[i] = recipes.items[i].language;

	ck_assert_int_eq(chdir(INVALID), 0);
	struct dirent **names;
	int n = scandir(".", &names, is_yaml, alphasort);
	ck_assert_int_gt(n, 25);
	bool regen = getenv("VERSUS_REGEN") != NULL;
	int failures = 0;
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		struct manifest m;
		struct versus_errs errs = VERSUS_ERRS_INIT;
		int rc = manifest_load_checked(name, languages, &m, &errs);
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
		if (rc != -EINVAL || errs.nr == 0 || strcmp(got, want.buf)) {
			fprintf(stderr, "%s: rc %d\n got:\n%s want:\n%s", name,
				rc, got, want.buf);
			failures++;
		}
		/* Each error is one line, located, with a message. */
		for (size_t e = 0; e < errs.nr; e++) {
			ck_assert_int_gt(errs.items[e].line, 0);
			ck_assert_int_gt(errs.items[e].column, 0);
			ck_assert_ptr_null(strchr(errs.items[e].message, '\n'));
		}
		strbuf_release(&want);
		free(got);
		versus_errs_release(&errs);
		free(names[i]);
	}
	free(names);
	free(languages);
	recipe_set_release(&recipes);
	ck_assert_int_eq(failures, 0);
}
END_TEST

START_TEST(test_huge_file)
{
	char dir[] = "/tmp/versus-check-manifest-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char path[128];
	snprintf(path, sizeof(path), "%s/huge.yaml", dir);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	/* 50 MB, sparse: the loader must refuse it before reading it. */
	ck_assert_int_eq(ftruncate(fd, 50 * 1024 * 1024), 0);
	close(fd);
	struct manifest m;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	ck_assert_int_eq(manifest_load(path, &m, &errs), -EINVAL);
	ck_assert_uint_eq(errs.nr, 1);
	ck_assert_int_eq(errs.items[0].line, 1);
	ck_assert_int_eq(errs.items[0].column, 1);
	ck_assert_str_eq(errs.items[0].message,
			 "file too large: 52428800 bytes (limit 1048576)");
	versus_errs_release(&errs);
	unlink(path);
	rmdir(dir);
}
END_TEST

START_TEST(test_missing_file)
{
	struct manifest m;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	ck_assert_int_eq(manifest_load("/nonexistent/x.yaml", &m, &errs),
			 -ENOENT);
	ck_assert_uint_eq(errs.nr, 1);
	ck_assert_str_eq(errs.items[0].file, "/nonexistent/x.yaml");
	versus_errs_release(&errs);
	ck_assert_int_eq(manifest_load(VERSUS_TEST_DATA, &m, &errs), -EINVAL);
	ck_assert_str_eq(errs.items[0].message, "not a regular file");
	versus_errs_release(&errs);
}
END_TEST

/* Write text to dir/name. */
static void put_file(const char *dir, const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

/*
 * The project of a manifest is the nearest folder holding a .git, else the
 * manifest's folder; files outside it need allow_outside_project, and
 * FIFOs and kernel interfaces are refused even then. A FIFO named *.yaml
 * must not block the loader.
 */
START_TEST(test_paths_outside_project_and_fifos)
{
	char dir[] = "/tmp/versus-check-manifest-XXXXXX";
	char sub[128], path[256], fifo[256];
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/wl", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	put_file(dir, "up.c", "int main(void) { return 0; }\n");
	put_file(sub, "in.c", "int main(void) { return 0; }\n");
	snprintf(fifo, sizeof(fifo), "%s/pipe.c", sub);
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	put_file(sub, "m.yaml",
		 "schema: 1\nworkload: p\nbaseline: a\n"
		 "implementations:\n"
		 "  - {id: a, language: c, source: in.c}\n"
		 "  - {id: b, language: c, source: ../up.c}\n");
	put_file(sub, "fifo.yaml",
		 "schema: 1\nworkload: p\nbaseline: a\n"
		 "implementations:\n"
		 "  - {id: a, language: c, source: pipe.c}\n");
	snprintf(path, sizeof(path), "%s/m.yaml", sub);

	/* No .git anywhere above: the project is wl/, ../up.c is outside. */
	struct manifest m;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	ck_assert_int_eq(manifest_load(path, &m, &errs), -EINVAL);
	ck_assert_uint_eq(errs.nr, 1);
	ck_assert_int_eq(errs.items[0].line, 6);
	ck_assert_ptr_nonnull(
		strstr(errs.items[0].message,
		       "'../up.c' for 'implementations[1].source' "
		       "resolves to '/tmp/versus-check-manifest-"));
	ck_assert_ptr_nonnull(strstr(errs.items[0].message,
				     "/up.c', outside the manifest's project; "
				     "pass --allow-outside-project to use it"));
	versus_errs_release(&errs);
	/* Allowed explicitly. */
	struct manifest_load_options o = {.allow_outside_project = true};
	ck_assert_int_eq(manifest_load_with(path, &o, &m, &errs), 0);
	manifest_release(&m);
	/* A .git one level up makes the parent the project. */
	snprintf(path, sizeof(path), "%s/.git", dir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/m.yaml", sub);
	ck_assert_int_eq(manifest_load(path, &m, &errs), 0);
	manifest_release(&m);

	/* A FIFO as a source: refused, also when outside files are allowed. */
	snprintf(path, sizeof(path), "%s/fifo.yaml", sub);
	alarm(20);
	ck_assert_int_eq(manifest_load_with(path, &o, &m, &errs), -EINVAL);
	ck_assert_uint_eq(errs.nr, 1);
	ck_assert_str_eq(errs.items[0].message,
			 "'pipe.c' for 'implementations[0].source' is not a "
			 "regular file");
	versus_errs_release(&errs);
	/* A FIFO as the manifest: refused at once, never opened blocking. */
	ck_assert_int_eq(manifest_load(fifo, &m, &errs), -EINVAL);
	alarm(0);
	ck_assert_uint_eq(errs.nr, 1);
	ck_assert_str_eq(errs.items[0].message, "not a regular file");
	versus_errs_release(&errs);

	unlink(fifo);
	snprintf(path, sizeof(path), "%s/m.yaml", sub);
	unlink(path);
	snprintf(path, sizeof(path), "%s/fifo.yaml", sub);
	unlink(path);
	snprintf(path, sizeof(path), "%s/in.c", sub);
	unlink(path);
	snprintf(path, sizeof(path), "%s/up.c", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/.git", dir);
	rmdir(path);
	rmdir(sub);
	rmdir(dir);
}
END_TEST

START_TEST(test_buffer_paths)
{
	/* Paths resolve against the folder of the name given. */
	static const char text[] =
		"schema: 1\n"
		"workload: buf\n"
		"baseline: c\n"
		"implementations:\n"
		"  - {id: c, language: c, source: hello.c}\n";
	struct manifest m;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	ck_assert_int_eq(manifest_load_buffer(VERSUS_TEST_DATA "/src/m.yaml",
					      text, sizeof(text) - 1, &m,
					      &errs),
			 0);
	ck_assert_ptr_nonnull(strstr(m.impls[0].source, "/src/hello.c"));
	ck_assert_ptr_nonnull(strstr(m.dir, "/tests/data/src"));
	manifest_release(&m);
	ck_assert_int_eq(manifest_load_buffer("elsewhere/m.yaml", text,
					      sizeof(text) - 1, &m, &errs),
			 -EINVAL);
	ck_assert_uint_eq(errs.nr, 1);
	ck_assert_int_eq(errs.items[0].line, 5);
	versus_errs_release(&errs);
}
END_TEST

/* iterations: every key read; absent: count 0 and the defaults. */
START_TEST(test_iterations)
{
	static const char text[] =
		"schema: 1\n"
		"workload: buf\n"
		"baseline: c\n"
		"args: [\"{iterations}\"]\n"
		"iterations: {count: 50, executions: 4, mode: compat,\n"
		"  penalty: 10, tolerance: 0.05}\n"
		"implementations:\n"
		"  - {id: c, language: c, source: hello.c}\n";
	struct manifest m;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	ck_assert_int_eq(manifest_load_buffer(VERSUS_TEST_DATA "/src/m.yaml",
					      text, sizeof(text) - 1, &m,
					      &errs),
			 0);
	ck_assert_uint_eq(m.iterations.count, 50);
	ck_assert_int_eq(m.iterations.executions, 4);
	ck_assert_int_eq(m.iterations.mode, MANIFEST_ITER_COMPAT);
	ck_assert_double_eq(m.iterations.penalty, 10);
	ck_assert_double_eq(m.iterations.tolerance, 0.05);
	ck_assert_int_eq(m.iterations.line, 5);
	manifest_release(&m);

	ck_assert_int_eq(manifest_load(VALID "/minimal.yaml", &m, &errs), 0);
	ck_assert_uint_eq(m.iterations.count, 0);
	ck_assert_int_eq(m.iterations.executions, 10);
	ck_assert_int_eq(m.iterations.mode, MANIFEST_ITER_VERSUS);
	ck_assert_double_eq(m.iterations.penalty, 15);
	manifest_release(&m);
}
END_TEST

START_TEST(test_expand_args)
{
	struct kvlist params = KVLIST_INIT;
	kvlist_set(&params, "n", "42");
	kvlist_set(&params, "name", "x y");
	struct strvec tmpl = STRVEC_INIT, out = STRVEC_INIT;
	strvec_push(&tmpl, "{n}");
	strvec_push(&tmpl, "--name={name}!");
	strvec_push(&tmpl, "{{n}}");
	strvec_push(&tmpl, "plain");
	struct versus_err err = {0};
	ck_assert_int_eq(manifest_expand_args(&tmpl, &params, &out, &err), 0);
	ck_assert_uint_eq(out.nr, 4);
	ck_assert_str_eq(out.v[0], "42");
	ck_assert_str_eq(out.v[1], "--name=x y!");
	ck_assert_str_eq(out.v[2], "{n}");
	ck_assert_str_eq(out.v[3], "plain");
	strvec_push(&tmpl, "{missing}");
	ck_assert_int_eq(manifest_expand_args(&tmpl, &params, &out, &err),
			 -EINVAL);
	ck_assert_uint_eq(out.nr, 0);
	ck_assert_str_eq(err.message,
			 "parameter 'missing' used in 'args[4]' has no value");
	strvec_clear(&tmpl);
	strvec_push(&tmpl, "a}b");
	ck_assert_int_eq(manifest_expand_args(&tmpl, &params, &out, &err),
			 -EINVAL);
	strvec_clear(&tmpl);
	strvec_clear(&out);
	kvlist_release(&params);
}
END_TEST

START_TEST(test_garbage_never_crashes)
{
	/* Truncations of a valid manifest: every prefix is handled. */
	struct strbuf sb = STRBUF_INIT;
	ck_assert_int_eq(strbuf_read_file(&sb, VALID "/full.yaml", 0), 0);
	for (size_t len = 0; len < sb.len; len += 7) {
		struct manifest m;
		struct versus_errs errs = VERSUS_ERRS_INIT;
		int rc = manifest_load_buffer(VALID "/cut.yaml", sb.buf, len,
					      &m, &errs);
		if (rc == 0)
			manifest_release(&m);
		else
			ck_assert_uint_gt(errs.nr, 0);
		versus_errs_release(&errs);
	}
	strbuf_release(&sb);
}
END_TEST

static Suite *manifest_suite(void)
{
	Suite *s = suite_create("manifest");
	TCase *tc = tcase_create("load");
	tcase_add_test(tc, test_full_manifest);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_invalid_files);
	tcase_add_test(tc, test_published);
	tcase_add_test(tc, test_sweep);
	tcase_add_test(tc, test_huge_file);
	tcase_add_test(tc, test_missing_file);
	tcase_add_test(tc, test_buffer_paths);
	tcase_add_test(tc, test_paths_outside_project_and_fifos);
	tcase_add_test(tc, test_expand_args);
	tcase_add_test(tc, test_iterations);
	tcase_add_test(tc, test_garbage_never_crashes);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(manifest_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
