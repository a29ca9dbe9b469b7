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
#include "render/report.h"
#include "render/json_value.h"
#include "render/table.h"
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

static const struct cmd_info info = {
	.name = "check",
	.usage = "[OPTIONS] PATH...",
	.about =
		"Load and validate workload manifests and the runner recipes "
		"they\n"
		"use, detect the toolchains (once each), and print the plan: "
		"for each\n"
		"workload, each implementation with its language, toolchain "
		"path and\n"
		"version, the exact build and run commands, or why it would "
		"be\n"
		"skipped (NA). Nothing is built or run. PATH is a manifest or "
		"a\n"
		"folder (every *.yaml in it). Every problem found is reported, "
		"one\n"
		"line each: 'versus: FILE:LINE:COL: message'.\n",
	.epilogue = "exit status: 0 every manifest and recipe is valid "
		    "(implementations\n"
		    "may still be NA); 2 a usage error or any invalid input.\n",
	.no_args = "no manifest given",
};

struct check_options {
	struct cmd_plan_args plan;
	int format;
	struct strvec paths;
};

/* Returns CMD_GO_ON, else the exit code. */
static int parse_options(int argc, char **argv, struct check_options *o)
{
	const struct opt opts[] = {
		CMD_PLAN_OPTIONS(&o->plan, "where builds would go"),
		{CMD_OPT_FORMAT(&o->format, CMD_FORMAT(REPORT_TABLE) |
						    CMD_FORMAT(REPORT_JSON)),
		 .help = "table: the plan, one field a line; json: the same "
			 "as JSON"},
		{0},
	};
	return cmd_parse(&info, opts, argc, argv, 0, &o->paths);
}

/*
 * "  LABEL      VALUE" lines: a two-column table without a header, values
 * wrapped to the terminal. Values come from manifests, recipes and
 * toolchain output: the table escapes them (util/escape.h).
 */
static const struct table_column field_cols[] = {
	{"label", TABLE_LEFT, 0, false, 9},
	{"value", TABLE_LEFT, 0, true, 16},
};

static void fields_init(struct table *t, size_t indent)
{
	table_init(t, field_cols, sizeof(field_cols) / sizeof(field_cols[0]));
	t->no_header = true;
	t->indent = indent;
}

/* Print the fields and empty the table for the next block. */
static void fields_flush(struct table *t)
{
	struct strbuf sb = STRBUF_INIT;
	size_t indent = t->indent;
	table_render_text(t, term_width(), term_color(stdout), &sb);
	fputs(sb.buf, stdout);
	strbuf_release(&sb);
	table_release(t);
	fields_init(t, indent);
}

static void print_field(struct table *t, const char *label, const char *value)
{
	table_add(t, label, NULL);
	table_add(t, value, NULL);
}

static void print_argv(struct table *t, const char *label,
		       const struct strvec *argv)
{
	struct strbuf sb = STRBUF_INIT;
	/* Shell-quoted for display only: commands never run in a shell. */
	esc_sh_argv(&sb, (const char *const *)argv->v, argv->nr);
	print_field(t, label, argv->nr ? sb.buf : "(none)");
	strbuf_release(&sb);
}

static void print_kv(struct table *t, const char *label,
		     const struct kvlist *kv)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < kv->nr; i++) {
		strbuf_addf(&sb, "%s%s=", i ? " " : "", kv->keys[i]);
		esc_sh(&sb, kv->values[i]);
	}
	print_field(t, label, kv->nr ? sb.buf : "(none)");
	strbuf_release(&sb);
}

static void print_text(const struct plan_workload *pw)
{
	const struct manifest *m = pw->manifest;
	const char *bold = term_sgr(stdout, TERM_BOLD);
	const char *reset = term_sgr(stdout, TERM_RESET);
	struct table t;
	struct strbuf sb = STRBUF_INIT, line = STRBUF_INIT;
	char buf[160];

	strbuf_addf(&line, "%sworkload ", bold);
	esc_term(&line, m->workload);
	strbuf_addf(&line, "%s (version %d): ", reset, m->version);
	table_wrap_text(&sb, line.buf, m->title, term_width(), 2);
	fputs(sb.buf, stdout);
	strbuf_reset(&sb);
	fields_init(&t, 2);
	print_field(&t, "manifest", m->path);
	print_kv(&t, "params", &pw->params);
	print_field(&t, "size", pw->size ? pw->size : "(default)");
	print_argv(&t, "args", &pw->args);
	if (pw->sweep_param) {
		struct strbuf sw = STRBUF_INIT;
		strbuf_addf(&sw, "%s =", pw->sweep_param);
		for (size_t k = 0; k < pw->sweep_values->nr; k++)
			strbuf_addf(&sw, " %s%s", pw->sweep_values->v[k],
				    pw->sweep_expect[k] ? "" : " (no expect)");
		strbuf_addstr(&sw, " (args: the last point's)");
		print_field(&t, "sweep", sw.buf);
		strbuf_release(&sw);
	}
	print_field(&t, "baseline", m->baseline);
	if (pw->cpus)
		print_field(&t, "cpus", pw->cpus);
	if (m->validate.mode == VALIDATE_NUMERIC) {
		snprintf(buf, sizeof(buf), "numeric (abs_tol %g, rel_tol %g)",
			 m->validate.abs_tol, m->validate.rel_tol);
		print_field(&t, "validate", buf);
	} else {
		print_field(&t, "validate",
			    validate_mode_name(m->validate.mode));
	}
	if (m->stdin_path)
		print_field(&t, "stdin", m->stdin_path);
	snprintf(buf, sizeof(buf), "%zu", m->checks_nr);
	print_field(&t, "checks", buf);
	if (m->published.present) {
		const struct manifest_published_set *set =
			manifest_published_for(m, pw->size);
		char *what = xstrfmt(
			"%s: %zu %s figures%s%s%s, %s, tolerance x/\xc3\xb7%g",
			m->published.citation, set ? set->values_nr : 0,
			published_metric_name(m->published.metric),
			set && set->size ? " for size '" : "",
			set && set->size ? set->size : "",
			set && set->size ? "'" : "",
			published_aggregate_name(m->published.aggregate),
			m->published.tolerance);
		print_field(&t, "published", what);
		free(what);
	}
	if (m->iterations.count) {
		snprintf(buf, sizeof(buf),
			 "%u a process, %d processes (VERSUS_ITER_FD=3)",
			 (unsigned)m->iterations.count,
			 m->iterations.executions);
		if (m->iterations.inner > 1)
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
				 ", %ld repetitions an iteration "
				 "(VERSUS_ITER_INNER)",
				 m->iterations.inner);
		print_field(&t, "iterations", buf);
	}
	fields_flush(&t);
	t.indent = 6;
	for (size_t i = 0; i < pw->impls_nr; i++) {
		const struct plan_impl *pi = &pw->impls[i];
		const struct toolchain *tc = pi->toolchain;
		const char *colour = term_sgr(stdout, pi->skipped ? TERM_YELLOW
								  : TERM_GREEN);
		strbuf_reset(&line);
		strbuf_addf(&line, "  %simplementation ", bold);
		esc_term(&line, pi->impl->id);
		strbuf_addf(&line, "%s [", reset);
		esc_term(&line, pi->impl->language);
		strbuf_addf(&line, "]%s: %s%s%s\n",
			    i == pw->baseline ? " (baseline)" : "", colour,
			    pi->skipped ? "NA" : "ready", reset);
		fputs(line.buf, stdout);
		if (pi->skipped)
			print_field(&t, "reason", pi->skip_reason);
		print_field(&t, "source", pi->impl->source);
		print_field(&t, "toolchain",
			    tc->path ? tc->path : "(not found)");
		print_field(&t, "version",
			    tc->version ? tc->version : "(unknown)");
		print_argv(&t, "build", &pi->build_argv);
		print_argv(&t, "run", &pi->run_argv);
		for (size_t c = 0; c < m->checks_nr; c++) {
			struct kvlist params = KVLIST_INIT;
			struct strvec argv = STRVEC_INIT;
			struct versus_err err = {0};
			plan_check_params(pw, c, &params);
			char label[32];
			snprintf(label, sizeof(label), "check %zu", c + 1);
			if (plan_run_argv(pw, pi, &params, &argv, &err))
				print_field(&t, label, err.message);
			else
				print_argv(&t, label, &argv);
			if (m->checks[c].expect_path)
				print_field(&t, "  expect",
					    m->checks[c].expect_path);
			kvlist_release(&params);
			strvec_clear(&argv);
		}
		if (term_verbosity > 0)
			for (size_t e = 0; e < pi->env.nr; e++)
				print_field(&t, e ? "" : "env", pi->env.v[e]);
		fields_flush(&t);
	}
	table_release(&t);
	strbuf_release(&sb);
	strbuf_release(&line);
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

static json_t *plan_json(const struct plan_workload *pw)
{
	const struct manifest *m = pw->manifest;
	json_t *w = json_object();
	json_object_set_new(w, "workload", json_string(m->workload));
	json_object_set_new(w, "version", json_integer(m->version));
	json_object_set_new(w, "title", json_string(m->title));
	json_object_set_new(w, "manifest", json_string(m->path));
	json_object_set_new(w, "digest", json_string(m->digest));
	json_object_set_new(w, "size", json_string_or_null(pw->size));
	json_object_set_new(w, "params", json_kv(&pw->params));
	json_object_set_new(w, "args", json_strv(&pw->args));
	if (pw->sweep_param) {
		json_t *pts = json_array();
		for (size_t k = 0; k < pw->sweep_values->nr; k++)
			json_array_append_new(
				pts, json_pack("{s:s,s:o}", "value",
					       pw->sweep_values->v[k], "expect",
					       json_string_or_null(
						       pw->sweep_expect[k])));
		json_object_set_new(w, "sweep",
				    json_pack("{s:s,s:o}", "param",
					      pw->sweep_param, "points", pts));
	}
	json_object_set_new(w, "baseline", json_string(m->baseline));
	if (pw->cpus)
		json_object_set_new(w, "cpus", json_string(pw->cpus));
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
		json_object_set_new(o, "reason",
				    json_string_or_null(pi->skip_reason));
		json_object_set_new(o, "source", json_string(pi->impl->source));
		json_object_set_new(o, "toolchain",
				    json_string_or_null(pi->toolchain->path));
		json_object_set_new(
			o, "toolchain_version",
			json_string_or_null(pi->toolchain->version));
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
				json_string_or_null(m->checks[c].expect_path));
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
	char *runners = recipe_default_dir();
	struct recipe_set recipes;
	recipe_set_load_dirs(runners, o->plan.runners, &recipes, &errs);
	struct suite suite;
	suite_load(&suite, (const char *const *)o->paths.v, o->paths.nr,
		   &recipes, &o->plan.plan, &errs);

	json_t *out = o->format == REPORT_JSON ? json_array() : NULL;
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
	struct check_options o = {.format = REPORT_TABLE};
	cmd_plan_args_init(&o.plan);
	strvec_init(&o.paths);
	int code = parse_options(argc, argv, &o);
	if (code == CMD_GO_ON)
		code = check_main(&o);
	cmd_plan_args_release(&o.plan);
	strvec_clear(&o.paths);
	return code;
}
