/*
 * cmd_check.c: 'versus check PATH...'. Loads manifests, their recipes and
 * sources, detects the toolchains they need (each once) and prints the
 * plan: what would be built and run, or why an implementation would be
 * skipped. Runs nothing else. Every problem found is reported.
 */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cmd.h"
#include "spec/suite.h"
#include "spec/manifest.h"
#include "spec/plan.h"
#include "spec/recipe.h"
#include "util/alloc.h"
#include "util/escape.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/term.h"
#include "spec/validate.h"
#include "util/banned.h"

static const char usage[] =
	"usage: versus check [OPTIONS] PATH...\n"
	"\n"
	"Load and validate workload manifests and the runner recipes they\n"
	"use, detect the toolchains (once each), and print the plan: for each\n"
	"workload, each implementation with its language, toolchain path and\n"
	"version, the exact build and run commands, or why it would be\n"
	"skipped (NA). Nothing is built or run. PATH is a manifest or a\n"
	"folder (every *.yaml in it). Every problem found is reported, one\n"
	"line each: 'versus: FILE:LINE:COL: message'.\n"
	"\n"
	"options:\n"
	"      --size NAME       use the size preset NAME of each manifest\n"
	"      --param K=V       override parameter K (repeatable)\n"
	"      --only ID,...     plan only these implementations (the\n"
	"                        baseline is always kept)\n"
	"      --runners DIR     runner recipes folder (default: "
	"$VERSUS_RUNNERS,\n"
	"                        else the runners/ folder of versus)\n"
	"      --build-root DIR  where builds would go (default:\n"
	"                        $XDG_CACHE_HOME/versus, else ./build/versus)\n"
	"      --allow-outside-project\n"
	"                        accept source, stdin and expect files "
	"outside\n"
	"                        the manifest's project (workloads/README.md)\n"
	"      --format FORMAT   text (default) or json\n"
	"  -h, --help            show this help\n"
	"\n"
	"exit status: 0 every manifest and recipe is valid (implementations\n"
	"may still be NA); 2 a usage error or any invalid input.\n";

struct check_options {
	struct plan_options plan;
	struct kvlist params;
	struct strvec only;
	const char *runners;
	bool json;
	struct strvec paths;
};

/* "--opt V" or "--opt=V": *value set and true when argv[*i] is opt. */
static bool take_value(int argc, char **argv, int *i, const char *opt,
		       const char **value, bool *missing)
{
	size_t len = strlen(opt);
	if (strncmp(argv[*i], opt, len))
		return false;
	if (argv[*i][len] == '=') {
		*value = argv[*i] + len + 1;
		return true;
	}
	if (argv[*i][len])
		return false;
	if (*i + 1 >= argc) {
		*missing = true;
		return true;
	}
	*value = argv[++*i];
	return true;
}

static void split_ids(const char *s, struct strvec *out)
{
	while (*s) {
		size_t len = strcspn(s, ",");
		if (len)
			strvec_push_owned(out, xstrndup(s, len));
		s += len;
		if (*s == ',')
			s++;
	}
}

/* Returns -1 to go on, else the exit code. */
static int parse_options(int argc, char **argv, struct check_options *o)
{
	bool dashdash = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = NULL;
		bool missing = false;
		if (dashdash || a[0] != '-') {
			strvec_push(&o->paths, a);
			continue;
		}
		if (!strcmp(a, "--")) {
			dashdash = true;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage, stdout);
			return EXIT_ALL_GOOD;
		} else if (!strcmp(a, "--allow-outside-project")) {
			o->plan.allow_outside_project = true;
		} else if (take_value(argc, argv, &i, "--size", &v, &missing)) {
			o->plan.size = v;
		} else if (take_value(argc, argv, &i, "--param", &v,
				      &missing)) {
			const char *eq = v ? strchr(v, '=') : NULL;
			if (v && (!eq || eq == v))
				return cmd_usage_error("check",
						       "--param: expected "
						       "K=V, not '%s'",
						       v);
			if (v) {
				char *k = xstrndup(v, (size_t)(eq - v));
				kvlist_set(&o->params, k, eq + 1);
				free(k);
			}
		} else if (take_value(argc, argv, &i, "--only", &v, &missing)) {
			if (v)
				split_ids(v, &o->only);
		} else if (take_value(argc, argv, &i, "--runners", &v,
				      &missing)) {
			o->runners = v;
		} else if (take_value(argc, argv, &i, "--build-root", &v,
				      &missing)) {
			o->plan.build_root = v;
		} else if (take_value(argc, argv, &i, "--format", &v,
				      &missing)) {
			if (v && !strcmp(v, "json"))
				o->json = true;
			else if (v && strcmp(v, "text"))
				return cmd_usage_error("check",
						       "--format: expected "
						       "text or json, not "
						       "'%s'",
						       v);
		} else {
			return cmd_usage_error("check", "unknown option '%s'",
					       a);
		}
		if (missing)
			return cmd_usage_error("check", "%s needs a value", a);
	}
	if (!o->paths.nr)
		return cmd_usage_error("check", "no manifest given");
	return -1;
}

/*
 * "  LABEL      VALUE": values come from manifests, recipes and toolchain
 * output, so they are escaped for the terminal (util/escape.h).
 */
static void print_field(const char *indent, const char *label,
			const char *value)
{
	char *v = esc_term_dup(value);
	printf("%s%-10s %s\n", indent, label, v);
	free(v);
}

static void print_argv(const char *label, const struct strvec *argv)
{
	struct strbuf sb = STRBUF_INIT;
	/* Shell-quoted for display only: commands never run in a shell. */
	esc_sh_argv(&sb, (const char *const *)argv->v, argv->nr);
	print_field("      ", label, argv->nr ? sb.buf : "(none)");
	strbuf_release(&sb);
}

static void print_kv(const char *label, const struct kvlist *kv)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < kv->nr; i++) {
		strbuf_addf(&sb, "%s%s=", i ? " " : "", kv->keys[i]);
		esc_sh(&sb, kv->values[i]);
	}
	print_field("  ", label, kv->nr ? sb.buf : "(none)");
	strbuf_release(&sb);
}

static void print_text(const struct plan_workload *pw)
{
	const struct manifest *m = pw->manifest;
	const char *bold = term_sgr(stdout, TERM_BOLD);
	const char *reset = term_sgr(stdout, TERM_RESET);
	char *title = esc_term_dup(m->title);
	printf("%sworkload %s%s (version %d): %s\n", bold, m->workload, reset,
	       m->version, title);
	free(title);
	print_field("  ", "manifest", m->path);
	print_kv("params", &pw->params);
	print_field("  ", "size", pw->size ? pw->size : "(default)");
	struct strvec shown = STRVEC_INIT;
	strvec_copy(&shown, &pw->args);
	struct strbuf sb = STRBUF_INIT;
	esc_sh_argv(&sb, (const char *const *)shown.v, shown.nr);
	print_field("  ", "args", shown.nr ? sb.buf : "(none)");
	strbuf_release(&sb);
	strvec_clear(&shown);
	print_field("  ", "baseline", m->baseline);
	if (m->validate.mode == VALIDATE_NUMERIC)
		printf("  %-10s numeric (abs_tol %g, rel_tol %g)\n", "validate",
		       m->validate.abs_tol, m->validate.rel_tol);
	else
		print_field("  ", "validate",
			    validate_mode_name(m->validate.mode));
	if (m->stdin_path)
		print_field("  ", "stdin", m->stdin_path);
	printf("  %-10s %zu\n", "checks", m->checks_nr);
	for (size_t i = 0; i < pw->impls_nr; i++) {
		const struct plan_impl *pi = &pw->impls[i];
		const struct toolchain *tc = pi->toolchain;
		const char *colour = term_sgr(stdout, pi->skipped ? TERM_YELLOW
								  : TERM_GREEN);
		printf("  %simplementation %s%s [%s]%s: %s%s%s\n", bold,
		       pi->impl->id, reset, pi->impl->language,
		       i == pw->baseline ? " (baseline)" : "", colour,
		       pi->skipped ? "NA" : "ready", reset);
		if (pi->skipped)
			print_field("      ", "reason", pi->skip_reason);
		print_field("      ", "source", pi->impl->source);
		print_field("      ", "toolchain",
			    tc->path ? tc->path : "(not found)");
		print_field("      ", "version",
			    tc->version ? tc->version : "(unknown)");
		print_argv("build", &pi->build_argv);
		print_argv("run", &pi->run_argv);
		for (size_t c = 0; c < m->checks_nr; c++) {
			struct kvlist params = KVLIST_INIT;
			struct strvec argv = STRVEC_INIT;
			struct versus_err err = {0};
			plan_check_params(pw, c, &params);
			char label[32];
			snprintf(label, sizeof(label), "check %zu", c + 1);
			if (plan_run_argv(pw, pi, &params, &argv, &err))
				print_field("      ", label, err.message);
			else
				print_argv(label, &argv);
			if (m->checks[c].expect_path)
				print_field("      ", "  expect",
					    m->checks[c].expect_path);
			kvlist_release(&params);
			strvec_clear(&argv);
		}
		if (term_verbosity > 0)
			for (size_t e = 0; e < pi->env.nr; e++)
				print_field("      ", e ? "" : "env",
					    pi->env.v[e]);
	}
}

static json_t *json_strv(const struct strvec *sv)
{
	json_t *a = json_array();
	for (size_t i = 0; i < sv->nr; i++)
		json_array_append_new(a, json_string(sv->v[i]));
	return a;
}

static json_t *json_kv(const struct kvlist *kv)
{
	json_t *o = json_object();
	for (size_t i = 0; i < kv->nr; i++)
		json_object_set_new(o, kv->keys[i], json_string(kv->values[i]));
	return o;
}

static json_t *json_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *plan_json(const struct plan_workload *pw)
{
	const struct manifest *m = pw->manifest;
	json_t *w = json_object();
	json_object_set_new(w, "workload", json_string(m->workload));
	json_object_set_new(w, "version", json_integer(m->version));
	json_object_set_new(w, "title", json_string(m->title));
	json_object_set_new(w, "manifest", json_string(m->path));
	json_object_set_new(w, "digest", json_string(m->digest));
	json_object_set_new(w, "size", json_or_null(pw->size));
	json_object_set_new(w, "params", json_kv(&pw->params));
	json_object_set_new(w, "args", json_strv(&pw->args));
	json_object_set_new(w, "baseline", json_string(m->baseline));
	json_object_set_new(w, "validate",
			    json_pack("{s:s,s:f,s:f}", "mode",
				      validate_mode_name(m->validate.mode),
				      "abs_tol", m->validate.abs_tol, "rel_tol",
				      m->validate.rel_tol));
	json_t *impls = json_array();
	for (size_t i = 0; i < pw->impls_nr; i++) {
		const struct plan_impl *pi = &pw->impls[i];
		json_t *o = json_object();
		json_object_set_new(o, "id", json_string(pi->impl->id));
		json_object_set_new(o, "language",
				    json_string(pi->impl->language));
		json_object_set_new(o, "status",
				    json_string(pi->skipped ? "NA" : "ready"));
		json_object_set_new(o, "reason", json_or_null(pi->skip_reason));
		json_object_set_new(o, "source", json_string(pi->impl->source));
		json_object_set_new(o, "toolchain",
				    json_or_null(pi->toolchain->path));
		json_object_set_new(o, "toolchain_version",
				    json_or_null(pi->toolchain->version));
		json_object_set_new(o, "builddir", json_string(pi->builddir));
		json_object_set_new(o, "build_argv",
				    json_strv(&pi->build_argv));
		json_object_set_new(o, "run_argv", json_strv(&pi->run_argv));
		json_object_set_new(o, "env", json_strv(&pi->env));
		json_t *checks = json_array();
		for (size_t c = 0; c < m->checks_nr; c++) {
			struct kvlist params = KVLIST_INIT;
			struct strvec argv = STRVEC_INIT;
			plan_check_params(pw, c, &params);
			json_t *co = json_object();
			json_object_set_new(co, "params", json_kv(&params));
			if (!plan_run_argv(pw, pi, &params, &argv, NULL))
				json_object_set_new(co, "run_argv",
						    json_strv(&argv));
			json_object_set_new(
				co, "expect",
				json_or_null(m->checks[c].expect_path));
			json_array_append_new(checks, co);
			kvlist_release(&params);
			strvec_clear(&argv);
		}
		json_object_set_new(o, "checks", checks);
		json_array_append_new(impls, o);
	}
	json_object_set_new(w, "implementations", impls);
	return w;
}

static int check_main(struct check_options *o)
{
	struct versus_errs errs = VERSUS_ERRS_INIT;
	char *runners = o->runners ? xstrdup(o->runners) : recipe_default_dir();
	struct recipe_set recipes;
	recipe_set_load_dir(runners, &recipes, &errs);
	o->plan.params = &o->params;
	o->plan.only = &o->only;
	struct suite suite;
	suite_load(&suite, (const char *const *)o->paths.v, o->paths.nr,
		   &recipes, &o->plan, &errs);

	json_t *out = o->json ? json_array() : NULL;
	for (size_t i = 0; i < suite.workloads_nr; i++) {
		const struct plan_workload *pw = &suite.workloads[i];
		if (out) {
			json_array_append_new(out, plan_json(pw));
		} else {
			if (i)
				putchar('\n');
			print_text(pw);
		}
	}
	if (out) {
		json_dumpf(out, stdout, JSON_INDENT(2));
		putchar('\n');
		json_decref(out);
	}
	fflush(stdout);
	versus_errs_print(&errs, stderr);
	int code = errs.nr ? EXIT_USAGE : EXIT_ALL_GOOD;

	suite_release(&suite);
	recipe_set_release(&recipes);
	free(runners);
	versus_errs_release(&errs);
	return code;
}

int cmd_check(int argc, char **argv)
{
	struct check_options o = {0};
	kvlist_init(&o.params);
	strvec_init(&o.only);
	strvec_init(&o.paths);
	int code = parse_options(argc, argv, &o);
	if (code < 0)
		code = check_main(&o);
	kvlist_release(&o.params);
	strvec_clear(&o.only);
	strvec_clear(&o.paths);
	return code;
}
