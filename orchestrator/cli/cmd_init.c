/*
 * cmd_init.c: 'versus init NAME SOURCE...': a manifest for the user's own
 * programs. Each source's language comes from its extension (the recipes'
 * `extensions`, recipe_set_for_extension()); the first source is the
 * baseline. A trial run (the measure stage's bench_run(), one run of each)
 * checks that everything builds and runs, and the baseline's output
 * becomes the expected output of a check. What is left to the user
 * (parameters, sizes, input) is written as YAML comments saying what to
 * edit.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "cli/progress.h"
#include "measure/bench.h"
#include "measure/build.h"
#include "spec/recipe.h"
#include "spec/suite.h"
#include "util/alloc.h"
#include "util/argsplit.h"
#include "util/escape.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/term.h"
#include "util/banned.h"

static const struct cmd_info info = {
	.name = "init",
	.usage = "[OPTIONS] NAME SOURCE...",
	.about = "Write a manifest, NAME.yaml, for the programs SOURCE...: "
		 "one implementation\n"
		 "per source, its language from the file extension (the "
		 "recipes' `extensions`),\n"
		 "the first source the baseline, ids from the file names. "
		 "Then build and run\n"
		 "each once in the sandbox: the baseline's output becomes "
		 "NAME.expected, next\n"
		 "to the manifest, and every other output is compared with "
		 "it. A program that\n"
		 "fails or differs is reported and marked in the manifest "
		 "(still written).\n"
		 "Parameters and sizes are left as comments that say what to "
		 "edit.\n",
	.epilogue = "exit status: 0 every program built, ran and matched the "
		    "baseline; 1 one did\n"
		    "not (the manifest is still written, the problem noted in "
		    "it); 2 usage error,\n"
		    "an unknown extension, or the file exists; 3 versus or its "
		    "sandbox failed;\n"
		    "130 interrupted.\n",
	.no_args = "no NAME and SOURCE given",
};

struct init_options {
	const char *output;
	const char *build_root;
	const char *runners;
	int cgroups;
	bool force, no_progress, allow_outside_project;
	const char *prog_args; /* --args, as given */
	struct strvec files;   /* --file, as given */
	struct strvec args;    /* NAME SOURCE... */
};

/* One source file. */
struct init_source {
	const char *path;	     /* as given */
	const struct recipe *recipe; /* borrowed */
	char *id;
	char *rel;	    /* relative to the manifest's folder */
	char *note;	    /* what the trial run found, or NULL when OK */
	char *build_stderr; /* the head of the compiler's output on CE */
};

struct init_state {
	const struct init_options *o;
	const char *name;
	char *manifest_path;
	char *dir;	     /* absolute real folder of the manifest */
	char *expected_name; /* NAME.expected */
	char *expected_path;
	char *expected_shown; /* beside manifest_path, as given */
	struct init_source *src;
	size_t nr;
	bool have_expected;
	char *baseline_note;	 /* why there is no expected file */
	struct strvec prog_argv; /* --args split */
	struct strvec file_rels; /* --file, relative to the manifest */
};

static void on_signal(int sig)
{
	bench_request_stop();
	sandbox_interrupt();
}

/* [a-z0-9][a-z0-9_-]*, at most 200 bytes: a workload id. */
static bool workload_id_ok(const char *s)
{
	size_t n = strlen(s);
	if (!n || n > 200)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
		if (!alnum && (i == 0 || (c != '_' && c != '-')))
			return false;
	}
	return true;
}

/* An implementation id from a file's stem: lower case, other bytes '-',
 * no leading '-'; "impl" when nothing is left. Caller owns. */
static char *id_from_stem(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strchr(base + 1, '.');
	size_t n = dot ? (size_t)(dot - base) : strlen(base);
	if (n > 150)
		n = 150;
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		char c = base[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			  c == '_' || c == '.' || c == '+' || c == '-';
		if (!ok)
			c = '-';
		if (sb.len == 0 &&
		    !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			continue;
		strbuf_addch(&sb, c);
	}
	if (!sb.len)
		strbuf_addstr(&sb, "impl");
	return strbuf_detach(&sb, NULL);
}

static bool id_taken(const struct init_state *st, size_t upto, const char *id)
{
	for (size_t i = 0; i < upto; i++)
		if (!strcmp(st->src[i].id, id))
			return true;
	return false;
}

/*
 * Ids from the file stems. Stems that several sources share get the
 * language added (main-c, main-python); what still collides, a number.
 */
static void make_ids(struct init_state *st)
{
	char **stems = xcalloc(st->nr, sizeof(*stems));
	for (size_t i = 0; i < st->nr; i++)
		stems[i] = id_from_stem(st->src[i].path);
	for (size_t i = 0; i < st->nr; i++) {
		bool shared = false;
		for (size_t j = 0; j < st->nr; j++)
			shared |= j != i && !strcmp(stems[i], stems[j]);
		char *id = shared ? xstrfmt("%s-%s", stems[i],
					    st->src[i].recipe->language)
				  : xstrdup(stems[i]);
		for (int k = 2; id_taken(st, i, id); k++) {
			free(id);
			id = xstrfmt("%s%s%s-%d", stems[i], shared ? "-" : "",
				     shared ? st->src[i].recipe->language : "",
				     k);
		}
		st->src[i].id = id;
	}
	for (size_t i = 0; i < st->nr; i++)
		free(stems[i]);
	free(stems);
}

/* path relative to the absolute folder dir (both real paths). */
static char *relative_to(const char *dir, const char *path)
{
	size_t common = 0;
	for (size_t i = 0; dir[i] && dir[i] == path[i]; i++)
		if (dir[i] == '/')
			common = i;
	size_t dl = strlen(dir);
	if (!strncmp(dir, path, dl) && (path[dl] == '/' || dl == 1))
		return xstrdup(path + (dl == 1 ? 1 : dl + 1));
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = common; dir[i]; i++)
		if (dir[i] == '/')
			strbuf_addstr(&sb, "../");
	strbuf_addstr(&sb, path + common + 1);
	return strbuf_detach(&sb, NULL);
}

/* s as a YAML double-quoted scalar. */
static void add_quoted(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			strbuf_addf(sb, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			strbuf_addf(sb, "\\x%02x", c);
		else
			strbuf_addch(sb, (char)c);
	}
	strbuf_addch(sb, '"');
}

/* A note as comment lines, each "<indent># text". */
static void add_comment(struct strbuf *sb, const char *indent, const char *text)
{
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		strbuf_addf(sb, "%s# ", indent);
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)p[i];
			strbuf_addch(sb, c < 0x20 || c == 0x7f ? '?' : (char)c);
		}
		strbuf_addch(sb, '\n');
		p += n + (nl ? 1 : 0);
	}
}

/* The manifest text; with the trial run's findings once it ran. */
static void manifest_text(const struct init_state *st, bool ran,
			  struct strbuf *sb)
{
	strbuf_addf(sb,
		    "# Written by `versus init`. Every key is explained in "
		    "workloads/README.md.\n"
		    "# Edit what the comments say, then `versus check %s` "
		    "and `versus run %s`.\n",
		    st->manifest_path, st->manifest_path);
	strbuf_addf(sb, "schema: 1\nworkload: %s\n", st->name);
	strbuf_addf(sb, "title: %s  # one line shown in reports\n", st->name);
	strbuf_addf(sb,
		    "# Ratios are relative to the baseline, and its output is "
		    "the reference.\nbaseline: %s\n",
		    st->src[0].id);
	if (st->prog_argv.nr) {
		strbuf_addstr(sb, "\n# The command line after the program "
				  "(versus init --args). To vary a value,\n"
				  "# write it as `{n}` and give its default "
				  "in `params`; `sizes` are presets\n"
				  "# chosen with --size NAME.\n"
				  "# params: {n: 1000}\n"
				  "# sizes:\n"
				  "#   small: {n: 100}\n"
				  "args: [");
		for (size_t i = 0; i < st->prog_argv.nr; i++) {
			if (i)
				strbuf_addstr(sb, ", ");
			add_quoted(sb, st->prog_argv.v[i]);
		}
		strbuf_addstr(sb, "]\n");
	} else {
		strbuf_addstr(
			sb,
			"\n"
			"# TO EDIT: the programs get no arguments yet. To "
			"give them some, uncomment\n"
			"# and edit: `args` is the command line after the "
			"program, `{n}` a parameter\n"
			"# with its default in `params`; `sizes` are presets "
			"chosen with --size NAME.\n"
			"# params: {n: 1000}\n"
			"# sizes:\n"
			"#   small: {n: 100}\n"
			"#   large: {n: 1000000}\n"
			"# args: [\"{n}\"]\n");
	}
	strbuf_addstr(sb, "# A file fed on standard input (relative to this "
			  "file):\n"
			  "# stdin: input.txt\n");
	if (st->file_rels.nr) {
		strbuf_addstr(sb, "# Input files, copied read-only into the "
				  "folder every run starts in, so\n"
				  "# a program opens them by their base names "
				  "(versus init --file):\nfiles: [");
		for (size_t i = 0; i < st->file_rels.nr; i++) {
			if (i)
				strbuf_addstr(sb, ", ");
			add_quoted(sb, st->file_rels.v[i]);
		}
		strbuf_addstr(sb, "]\n");
	} else {
		strbuf_addstr(sb, "# Files the programs open by name "
				  "(copied read-only into the folder every\n"
				  "# run starts in; relative paths are not "
				  "found otherwise):\n"
				  "# files: [data.txt]\n");
	}
	strbuf_addch(sb, '\n');
	if (st->have_expected) {
		strbuf_addstr(
			sb,
			"# The baseline's output in the trial run of `versus "
			"init` (with the args above).\n"
			"# TO EDIT: when you add `args`, give this check the "
			"parameters that output\n"
			"# belongs to, e.g. `params: {n: 100}` (and regenerate "
			"the file), or delete it.\n"
			"checks:\n  - expect: ");
		add_quoted(sb, st->expected_name);
		strbuf_addch(sb, '\n');
	} else if (ran) {
		add_comment(sb, "", st->baseline_note);
		strbuf_addstr(
			sb, "# so there is no expected output: the others are "
			    "compared with the baseline only.\n");
	}
	strbuf_addstr(
		sb,
		"# How outputs are compared: exact (bytes), lines (trailing "
		"blanks ignored),\n"
		"# or numeric with a tolerance, e.g. {mode: numeric, rel_tol: "
		"1.0e-9}.\n"
		"validate: {mode: exact}\n"
		"# How long to time: runs per implementation and a budget in "
		"seconds.\n"
		"measure: {warmup: 1, min_runs: 5, max_runs: 30, target_ci: "
		"0.02, time_budget: 60}\n"
		"\n"
		"# One per source; `language` is a runner recipe (`versus "
		"toolchains` lists\n"
		"# them, e.g. c-clang or pypy instead of c or python); "
		"`build_flags` and\n"
		"# `run_flags` add compiler and runtime options.\n"
		"implementations:\n");
	for (size_t i = 0; i < st->nr; i++) {
		const struct init_source *s = &st->src[i];
		if (ran && s->note) {
			add_comment(sb, "  ", s->note);
			strbuf_addstr(sb, "  # TO EDIT: fix it, or remove "
					  "this implementation.\n");
		}
		strbuf_addf(sb,
			    "  - id: %s\n    language: %s\n    source: ", s->id,
			    s->recipe->language);
		add_quoted(sb, s->rel);
		strbuf_addch(sb, '\n');
	}
}

/* Write the manifest file; 0 or EXIT_INTERNAL (printed). */
static int write_manifest(const struct init_state *st, bool ran)
{
	struct strbuf sb = STRBUF_INIT;
	manifest_text(st, ran, &sb);
	int rc = fs_write_replace(st->manifest_path, sb.buf, sb.len, 0666);
	strbuf_release(&sb);
	if (rc < 0) {
		fprintf(stderr, "versus: init: cannot write '%s': %s\n",
			st->manifest_path, strerror(-rc));
		return EXIT_INTERNAL;
	}
	return 0;
}

/* Load the manifest as run and check do. Returns 0 or EXIT_USAGE. */
static int load(const struct init_state *st, const struct recipe_set *set,
		struct suite *suite)
{
	struct versus_errs errs = VERSUS_ERRS_INIT;
	struct plan_options popt = {
		.build_root = st->o->build_root,
		.allow_outside_project = st->o->allow_outside_project,
	};
	const char *paths[] = {st->manifest_path};
	suite_load(suite, paths, 1, set, &popt, &errs);
	int code = 0;
	if (errs.nr) {
		versus_errs_print(&errs, stderr);
		code = EXIT_USAGE;
	}
	versus_errs_release(&errs);
	return code;
}

/* What the trial run says of bi, or NULL when it is fine. Caller owns. */
static char *impl_note(const struct bench_impl *bi)
{
	if (bi->status == STATUS_OK)
		return NULL;
	return xstrfmt("trial run: %s: %s", status_name(bi->status),
		       bi->reason ? bi->reason : "no reason given");
}

/* Build and run each implementation once; note what happened. */
static int trial_run(struct init_state *st, const struct plan_workload *pw,
		     char **argv, int argc)
{
	struct sandbox_config sconf = {
		.cgroups = (enum sandbox_cgroups)st->o->cgroups,
		.quiet = term_verbosity < 0,
	};
	struct versus_err err = {0};
	struct sandbox *sb = sandbox_new(&sconf, &err);
	if (!sb) {
		versus_err_print(&err, stderr);
		return EXIT_INTERNAL;
	}
	struct progress_view view;
	progress_view_init(&view,
			   !st->o->no_progress && term_verbosity >= 0 &&
				   isatty(STDERR_FILENO),
			   true /* summarise() says what failed */);
	struct bench_options bopt = {
		.seed = 1,
		.warmup = 0,
		.fixed_runs = 1,
		.min_runs = -1,
		.max_runs = -1,
		.target_ci = -1,
		.time_budget_s = -1,
		.observer = &view.observer,
	};
	struct strvec command = STRVEC_INIT;
	strvec_push(&command, "versus");
	for (int i = 0; i < argc; i++)
		strvec_push(&command, argv[i]);
	struct sigaction sa = {0};
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	int code = 0;
	int lock = build_lock(pw->build_dir, true, &err);
	struct bench b;
	int rc = lock < 0 ? lock
			  : bench_run(&b, pw, &bopt, sb,
				      (const char *const *)command.v, &err);
	build_unlock(lock);
	if (rc == -EINTR) {
		fprintf(stderr, "versus: init: interrupted\n");
		code = 130;
	} else if (rc < 0) {
		versus_err_print(&err, stderr);
		code = EXIT_INTERNAL;
	}
	if (lock >= 0 && code == 0) {
		for (size_t i = 0; i < b.impls_nr && i < st->nr; i++) {
			st->src[i].note = impl_note(&b.impls[i]);
			if (b.impls[i].build_stderr)
				st->src[i].build_stderr =
					xstrdup(b.impls[i].build_stderr);
		}
		const struct bench_impl *base = &b.impls[b.baseline];
		if (base->status == STATUS_OK && b.reference == b.baseline &&
		    base->have_output) {
			int wr = fs_write_replace(st->expected_path,
						  base->output ? base->output
							       : "",
						  base->output_len, 0666);
			if (wr < 0) {
				fprintf(stderr,
					"versus: init: cannot write '%s': %s\n",
					st->expected_path, strerror(-wr));
				code = EXIT_INTERNAL;
			}
			st->have_expected = wr == 0;
		} else {
			/* a file of an earlier init (--force) would be
			 * taken for this one's */
			unlink(st->expected_path);
			st->baseline_note = xstrfmt(
				"The baseline '%s' did not pass its trial run, "
				"see its note below,",
				st->src[0].id);
		}
	}
	if (lock >= 0)
		bench_release(&b);
	strvec_clear(&command);
	progress_view_release(&view);
	sandbox_free(sb);
	return code;
}

/* Check the arguments and the output file; pick each source's recipe.
 * Returns CMD_GO_ON or the exit code (printed). */
static int prepare(struct init_state *st, const struct recipe_set *set)
{
	const struct init_options *o = st->o;
	st->name = o->args.v[0];
	if (!workload_id_ok(st->name))
		return cmd_usage_error(
			"init",
			"NAME '%s' is not a workload id: lower-case letters, "
			"digits, '_' and '-', starting with a letter or digit",
			st->name);
	if (o->args.nr < 2)
		return cmd_usage_error("init", "no SOURCE given after NAME");
	st->manifest_path =
		o->output ? xstrdup(o->output) : xstrfmt("%s.yaml", st->name);
	char *slash = strrchr(st->manifest_path, '/');
	char *folder = slash ? xstrndup(st->manifest_path,
					(size_t)(slash - st->manifest_path) + 1)
			     : xstrdup(".");
	st->dir = realpath(folder, NULL);
	if (!st->dir) {
		fprintf(stderr, "versus: init: folder '%s': %s\n", folder,
			strerror(errno));
		free(folder);
		return EXIT_USAGE;
	}
	free(folder);
	st->expected_name = xstrfmt("%s.expected", st->name);
	st->expected_path = xstrfmt("%s/%s", st->dir, st->expected_name);
	st->expected_shown =
		slash ? xstrfmt("%.*s%s", (int)(slash - st->manifest_path + 1),
				st->manifest_path, st->expected_name)
		      : xstrdup(st->expected_name);
	const char *exists[] = {st->manifest_path, st->expected_path};
	for (size_t i = 0; i < 2 && !o->force; i++) {
		struct stat sb;
		if (lstat(exists[i], &sb) == 0) {
			fprintf(stderr,
				"versus: init: '%s' exists; give --force to "
				"overwrite it, or -o another file\n",
				exists[i]);
			return EXIT_USAGE;
		}
	}
	st->nr = o->args.nr - 1;
	st->src = xcalloc(st->nr, sizeof(*st->src));
	int code = CMD_GO_ON;
	for (size_t i = 0; i < st->nr; i++) {
		struct init_source *s = &st->src[i];
		s->path = o->args.v[i + 1];
		struct strbuf why = STRBUF_INIT;
		s->recipe = recipe_set_for_extension(set, s->path, &why);
		struct stat sb;
		if (!s->recipe) {
			fprintf(stderr, "versus: init: %s\n", why.buf);
			code = EXIT_USAGE;
		} else if (stat(s->path, &sb) < 0 || !S_ISREG(sb.st_mode)) {
			fprintf(stderr, "versus: init: source '%s': %s\n",
				s->path,
				errno && !S_ISDIR(sb.st_mode)
					? strerror(errno)
					: "not a regular file");
			code = EXIT_USAGE;
		} else {
			char *real = realpath(s->path, NULL);
			s->rel = relative_to(st->dir, real ? real : s->path);
			free(real);
		}
		strbuf_release(&why);
	}
	struct strbuf why = STRBUF_INIT;
	if (code == CMD_GO_ON && o->prog_args &&
	    argsplit(o->prog_args, &st->prog_argv, &why) < 0) {
		fprintf(stderr, "versus: init: --args '%s': %s\n", o->prog_args,
			why.buf);
		code = EXIT_USAGE;
	}
	strbuf_release(&why);
	for (size_t i = 0; code == CMD_GO_ON && i < o->files.nr; i++) {
		struct stat sb;
		const char *f = o->files.v[i];
		if (stat(f, &sb) < 0 || !S_ISREG(sb.st_mode)) {
			fprintf(stderr, "versus: init: --file '%s': %s\n", f,
				errno && !S_ISDIR(sb.st_mode)
					? strerror(errno)
					: "not a regular file");
			code = EXIT_USAGE;
			break;
		}
		char *real = realpath(f, NULL);
		strvec_push_owned(&st->file_rels,
				  relative_to(st->dir, real ? real : f));
		free(real);
	}
	if (code == CMD_GO_ON)
		make_ids(st);
	return code;
}

static void state_release(struct init_state *st)
{
	for (size_t i = 0; i < st->nr; i++) {
		free(st->src[i].id);
		free(st->src[i].rel);
		free(st->src[i].note);
		free(st->src[i].build_stderr);
	}
	free(st->src);
	strvec_clear(&st->prog_argv);
	strvec_clear(&st->file_rels);
	free(st->manifest_path);
	free(st->dir);
	free(st->expected_name);
	free(st->expected_path);
	free(st->expected_shown);
	free(st->baseline_note);
}

/* What was found and what to do next, on stderr. */
static int summarise(const struct init_state *st)
{
	size_t bad = 0;
	for (size_t i = 0; i < st->nr; i++) {
		const struct init_source *s = &st->src[i];
		if (s->note)
			bad++;
		if (s->note || term_verbosity > 0)
			fprintf(stderr, "versus: init: %s (%s, %s)%s: %s\n",
				s->id, s->recipe->language, s->path,
				i == 0 ? ", the baseline" : "",
				s->note ? s->note : "OK");
		if (s->build_stderr && *s->build_stderr) {
			struct strbuf sb = STRBUF_INIT;
			esc_term_block(&sb, s->build_stderr);
			fprintf(stderr, "%s%s", sb.buf,
				sb.len && sb.buf[sb.len - 1] == '\n' ? ""
								     : "\n");
			strbuf_release(&sb);
		}
	}
	if (term_verbosity >= 0) {
		fprintf(stderr, "versus: wrote %s", st->manifest_path);
		if (st->have_expected)
			fprintf(stderr, " and %s", st->expected_shown);
		fprintf(stderr,
			"\nversus: next: edit the lines marked TO EDIT (%s), "
			"then `versus run %s` (a first look: add `--runs 3`)\n",
			bad ? "and the problems noted" : "arguments, sizes",
			st->manifest_path);
	}
	return bad ? EXIT_FOUND : EXIT_ALL_GOOD;
}

static int init_main(struct init_options *o, int argc, char **argv)
{
	struct recipe_set set = {0};
	struct versus_errs errs = VERSUS_ERRS_INIT;
	char *rdir = o->runners ? xstrdup(o->runners) : recipe_default_dir();
	int rc = recipe_set_load_dir(rdir, &set, &errs);
	free(rdir);
	if (rc < 0 || errs.nr) {
		versus_errs_print(&errs, stderr);
		versus_errs_release(&errs);
		recipe_set_release(&set);
		return EXIT_USAGE;
	}
	versus_errs_release(&errs);
	struct init_state st = {.o = o};
	strvec_init(&st.prog_argv);
	strvec_init(&st.file_rels);
	int code = prepare(&st, &set);
	if (code == CMD_GO_ON)
		code = write_manifest(&st, false);
	struct suite suite = {0};
	if (code == 0 && (code = load(&st, &set, &suite)) != 0)
		unlink(st.manifest_path); /* the draft; nothing is measured */
	if (code == 0 && suite.workloads_nr == 1)
		code = trial_run(&st, &suite.workloads[0], argv, argc);
	suite_release(&suite);
	if (code == 0)
		code = write_manifest(&st, true);
	if (code == 0) {
		struct suite again = {0};
		code = load(&st, &set, &again);
		suite_release(&again);
	}
	if (code == 0)
		code = summarise(&st);
	state_release(&st);
	recipe_set_release(&set);
	return code;
}

static int opt_file(const struct opt *opt, const char *s, struct strbuf *why)
{
	struct init_options *o = opt->ptr;
	strvec_push(&o->files, s);
	return 0;
}

int cmd_init(int argc, char **argv)
{
	struct init_options o = {.cgroups = SANDBOX_CGROUPS_AUTO};
	strvec_init(&o.args);
	strvec_init(&o.files);
	const struct opt opts[] = {
		{OPT_STRING('o', "output", &o.output, "FILE"),
		 .help = "the manifest to write; NAME.expected goes beside it",
		 .def = "NAME.yaml"},
		{OPT_FLAG(0, "force", &o.force),
		 .help = "overwrite the manifest and NAME.expected"},
		{OPT_STRING(0, "build-root", &o.build_root, "DIR"),
		 .help = "where the trial run's builds go",
		 .def = "$XDG_CACHE_HOME/versus, else ./build/versus"},
		{CMD_OPT_RUNNERS(&o.runners)},
		{OPT_FLAG(0, "allow-outside-project", &o.allow_outside_project),
		 .help = "accept sources outside the manifest's project "
			 "(workloads/README.md); check and run then need it "
			 "too"},
		{OPT_STRING(0, "args", &o.prog_args, "ARGS"),
		 .help = "the programs' command line, split with sh's quoting "
			 "(never a shell): args in the manifest, used by the "
			 "trial run"},
		{OPT_CALLBACK(0, "file", &o, "FILE", opt_file),
		 .help = "an input file the programs open by name "
			 "(repeatable): files in the manifest, read-only in "
			 "the trial run's folder"},
		{CMD_OPT_CGROUPS(&o.cgroups)},
		{OPT_FLAG(0, "no-progress", &o.no_progress),
		 .help = "no progress line (it is shown only on a terminal)"},
		{0},
	};
	int code = cmd_parse(&info, opts, argc, argv, 0, &o.args);
	if (code == CMD_GO_ON)
		code = init_main(&o, argc, argv);
	strvec_clear(&o.args);
	strvec_clear(&o.files);
	return code;
}
