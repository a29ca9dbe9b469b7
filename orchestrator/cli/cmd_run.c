/*
 * cmd_run.c: 'versus run': plan, build, check, time, validate, write one
 * result file per workload and print its table.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "analysis/verdict.h"
#include "measure/bench.h"
#include "measure/build.h"
#include "cli/cmd.h"
#include "cli/progress.h"
#include "spec/recipe.h"
#include "spec/revision.h"
#include "render/report.h"
#include "spec/suite.h"
#include "record/record.h"
#include "util/alloc.h"
#include "util/parse.h"
#include "util/term.h"
#include "util/banned.h"

/* Build jobs: each holds a launcher process for the whole run. */
#define RUN_MAX_JOBS 64

static const struct cmd_info info = {
	.name = "run",
	.usage = "[OPTIONS] PATH...",
	.about = "Build every implementation of each workload (PATH is a "
		 "manifest or a folder of\n"
		 "manifests), check its outputs, time it in the sandbox in "
		 "interleaved rounds,\n"
		 "write one result file per workload and print a ratio "
		 "table.\n",
	.epilogue = "exit status: 0 every implementation that ran is OK; 1 "
		    "one is CE, WA, ND, RE,\n"
		    "SG, TO, TW, ML, OL, SV, XX or PV (or NA with "
		    "--require-all, or NOT\n"
		    "REPRODUCED with --require-reproduced); 2 usage or "
		    "manifest error; 3 versus or\n"
		    "its sandbox failed, or a result file could not go into "
		    "the output folder (it is\n"
		    "then saved under $TMPDIR, path printed); 130 interrupted "
		    "by SIGINT, SIGTERM or\n"
		    "SIGHUP (results so far are written, marked incomplete).\n",
	.no_args = "no manifest or folder given",
};

/* Everything `versus run` reads from its command line. */
struct run_options {
	struct cmd_plan_args plan;
	struct bench_options bench;
	int cgroups; /* enum sandbox_cgroups */
	const char *outdir;
	int jobs;
	int format;    /* enum report_format */
	int time_unit; /* enum report_time_unit */
	bool have_seed, no_progress, require_all;
	bool require_reproduced;
	struct strvec paths;
	const char *revision, *revision_from; /* --revision, --revision-from */
	struct revision from;		      /* the commit of revision_from */
};

static void on_signal(int sig)
{
	bench_request_stop();
	sandbox_interrupt();
}

/* --target-ci and --time-budget: in the range the manifest key has. */
static int opt_measure_double(const struct opt *o, const char *s,
			      struct strbuf *why)
{
	bool ci = !strcmp(o->name, "target-ci");
	const struct measure_range *r =
		&manifest_measure_ranges[ci ? MEASURE_TARGET_CI
					    : MEASURE_TIME_BUDGET];
	double d;
	int rc = ci ? parse_double(s, &d) : parse_duration_s(s, &d);
	if (rc < 0 || d <= r->min || d > r->max) {
		if (ci)
			strbuf_addf(why,
				    "expected a fraction above %g and at most "
				    "%g, not '%s'",
				    r->min, r->max, s);
		else
			strbuf_addf(why,
				    "expected a duration above %g s and at "
				    "most %g s, not '%s'",
				    r->min, r->max, s);
		return -EINVAL;
	}
	*(double *)o->ptr = d;
	return 0;
}

static int opt_seed(const struct opt *o, const char *s, struct strbuf *why)
{
	struct run_options *ro = o->ptr;
	uint64_t seed;
	if (parse_u64(s, &seed) < 0 || seed > INT64_MAX) {
		strbuf_addf(why, "expected a whole number below 2^63, not '%s'",
			    s);
		return -EINVAL;
	}
	ro->bench.seed = seed;
	ro->have_seed = true;
	return 0;
}

/* An OPT_INT row for a measurement setting, in its manifest range. */
#define MEASURE_INT(l, p, which)                                               \
	OPT_INT(0, l, p, "N", (long long)manifest_measure_ranges[which].min,   \
		(long long)manifest_measure_ranges[which].max)

/* Returns CMD_GO_ON, else the exit code. */
static int parse_options(int argc, char **argv, struct run_options *o)
{
	struct bench_options *b = &o->bench;
	const struct opt opts[] = {
		{OPT_GROUP("selection:")},
		CMD_PLAN_OPTIONS(&o->plan,
				 "where builds go; a run that finds a "
				 "workload's folder in use by another waits "
				 "for it"),
		{OPT_GROUP("measurement (default: the manifest's `measure`):")},
		{MEASURE_INT("warmup", &b->warmup, MEASURE_WARMUP),
		 .help = "warm-up runs (the first one also validates the "
			 "output; with 0, one validation run is still made)"},
		{MEASURE_INT("runs", &b->fixed_runs, MEASURE_RUNS),
		 .help = "exactly N timed runs (no adaptive stopping)"},
		{MEASURE_INT("min-runs", &b->min_runs, MEASURE_MIN_RUNS),
		 .help = "at least N timed runs (unless the time budget ends "
			 "first)"},
		{MEASURE_INT("max-runs", &b->max_runs, MEASURE_MAX_RUNS),
		 .help = "at most N timed runs"},
		{OPT_CALLBACK(0, "target-ci", &b->target_ci, "F",
			      opt_measure_double),
		 .help = "stop when the 95% CI half-width of the median is "
			 "under F x median (e.g. 0.02)"},
		{OPT_CALLBACK(0, "time-budget", &b->time_budget_s, "S",
			      opt_measure_double),
		 .help = "seconds per implementation, warm-up included"},
		{OPT_CALLBACK(0, "seed", o, "N", opt_seed),
		 .help = "seed of the run order and the bootstrap",
		 .def = "random, printed and recorded"},
		{CMD_OPT_CGROUPS(&o->cgroups)},
		{CMD_OPT_CPUS(&o->plan.plan.cpus,
			      "the manifest's limits.cpus, else not pinned")},
		{OPT_GROUP("output:")},
		{OPT_STRING('o', "output", &o->outdir, "DIR"),
		 .help = "folder for result files", .def = "results/"},
		{CMD_OPT_FORMAT(&o->format,
				CMD_FORMAT(REPORT_TABLE) |
					CMD_FORMAT(REPORT_MD) |
					CMD_FORMAT(REPORT_CSV) |
					CMD_FORMAT(REPORT_JSON) |
					CMD_FORMAT(REPORT_BMF) |
					CMD_FORMAT(REPORT_GITHUB_ACTION)),
		 .help = "table, md, csv, json; or bmf, github-action: one "
			 "export of the whole run at its end"},
		{CMD_OPT_TIME_UNIT(&o->time_unit)},
		{OPT_FLAG(0, "no-progress", &o->no_progress),
		 .help = "no progress line (it is shown only on a terminal)"},
		{OPT_FLAG(0, "require-all", &o->require_all),
		 .help = "exit 1 when an implementation is NA"},
		{OPT_FLAG(0, "require-reproduced", &o->require_reproduced),
		 .help = "exit 1 when an implementation is NOT REPRODUCED: "
			 "outside the tolerance of the manifest's published "
			 "ratio"},
		{OPT_INT('j', "jobs", &o->jobs, "N", 1, RUN_MAX_JOBS),
		 .help = "builds in parallel; timed runs are never concurrent",
		 .def = "the number of CPUs"},
		{OPT_STRING(0, "revision", &o->revision, "R"),
		 .help = "the version of the benchmarked code to record "
			 "(versus history orders and labels runs by it)",
		 .def = "the git commit of the folder holding the manifest, "
			"if any"},
		{OPT_STRING(0, "revision-from", &o->revision_from, "DIR"),
		 .help = "record the git commit checked out in DIR as the "
			 "revision"},
		{0},
	};
	int code = cmd_parse(&info, opts, argc, argv, 0, &o->paths);
	if (code != CMD_GO_ON)
		return code;
	if (o->outdir && (code = cmd_results_folder("run", "--output",
						    o->outdir)) != CMD_GO_ON)
		return code;
	if (b->min_runs > 0 && b->max_runs > 0 && b->min_runs > b->max_runs)
		return cmd_usage_error("run",
				       "--min-runs %d is above --max-runs %d",
				       b->min_runs, b->max_runs);
	if (o->revision && o->revision_from)
		return cmd_usage_error("run", "--revision and --revision-from "
					      "cannot be used together");
	if (o->revision && (!*o->revision || strlen(o->revision) > 200 ||
			    strpbrk(o->revision, "\n\r\t")))
		return cmd_usage_error("run",
				       "--revision: expected a label of 1 to "
				       "200 characters on one line");
	if (o->revision_from && revision_detect(o->revision_from, &o->from))
		return cmd_usage_error("run",
				       "--revision-from: '%s' is not in a git "
				       "work tree with a commit (or git is "
				       "not on PATH)",
				       o->revision_from);
	return CMD_GO_ON;
}

static uint64_t random_seed(void)
{
	uint64_t seed = 0;
	if (getrandom(&seed, sizeof(seed), 0) != sizeof(seed))
		seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	return seed & 0xffffffffffffULL; /* short enough to retype */
}

/* The export formats: one document for the whole run, at its end. */
static bool is_export(enum report_format fmt)
{
	return fmt == REPORT_BMF || fmt == REPORT_GITHUB_ACTION;
}

/*
 * After several workloads: the suite summary (geometric means) of the
 * files written, read back like `versus report` would; for an export
 * format, the export of every file written (one JSON document).
 */
static int print_summary(const struct strvec *paths, enum report_format fmt,
			 enum report_time_unit unit)
{
	bool export = is_export(fmt);
	if (!export &&
	    (paths->nr < 2 || (fmt != REPORT_TABLE && fmt != REPORT_MD)))
		return 0;
	struct result_set set = RESULT_SET_INIT;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	for (size_t i = 0; i < paths->nr; i++)
		result_set_add_path(&set, paths->v[i], &errs);
	versus_errs_print(&errs, stderr);
	const struct result_file **files = NULL;
	size_t nr = result_set_latest(&set, &files, NULL);
	struct report_options opts = {
		.color = term_color(stdout),
		.rows = REPORT_ROWS_ID,
		.summary_only = !export,
		.width = term_width(),
		.time_unit = unit,
	};
	if (!export)
		putchar('\n');
	int rc = report_render(files, nr, NULL, fmt, &opts, stdout);
	free(files);
	result_set_release(&set);
	rc = errs.nr ? -EIO : rc;
	versus_errs_release(&errs);
	return rc;
}

/*
 * Lock the build folder of pw for its build and timing. Another run that
 * holds it is waited for, with a message: the folder holds one build per
 * implementation, so sharing it would mean timing each other's builds.
 * Returns the lock, -EINTR when interrupted while waiting, or another
 * negative errno (printed).
 */
static int lock_builds(const struct plan_workload *pw)
{
	struct versus_err err = {0};
	int lock = build_lock(pw->build_dir, false, &err);
	if (lock == -EWOULDBLOCK) {
		if (term_verbosity >= 0)
			fprintf(stderr,
				"versus: %s: waiting for build folder %s: "
				"another versus run is using it\n",
				pw->manifest->workload, pw->build_dir);
		lock = build_lock(pw->build_dir, true, &err);
	}
	if (lock < 0 && lock != -EINTR)
		versus_err_print(&err, stderr);
	return lock;
}

/*
 * Save b's result: in outdir, or, when outdir cannot take it (full,
 * read-only, gone...), in the fallback folder, saying where. Returns 0
 * when it is in outdir; -1 when it is elsewhere (*path set) or nowhere
 * (*path NULL). Nothing measured is lost either way: print_result() shows
 * the table, and the whole record when no file could hold it.
 */
static int save_result(const struct result_file *rec, const char *outdir,
		       char **path)
{
	struct versus_err err = {0};
	if (result_file_write(rec, outdir, path, &err) == 0)
		return 0;
	versus_err_print(&err, stderr);
	if (result_file_write_fallback(rec, path, &err) == 0) {
		fprintf(stderr,
			"versus: the result is saved in %s instead; nothing "
			"is lost (move it into %s)\n",
			*path, outdir);
		return -1;
	}
	versus_err_print(&err, stderr);
	*path = NULL;
	return -1;
}

/*
 * Print the table of the file just written, by reading it back; with no
 * file (path NULL), from a copy of the record in memory, after the record
 * itself on stderr, so that what was measured is not lost.
 */
static int print_result(const char *path, const struct result_file *rec,
			enum report_format fmt, enum report_time_unit unit)
{
	struct result_file *rf = NULL;
	struct versus_err err = {0};
	int fd = -1;
	char *text = NULL, *mem_path = NULL;
	if (is_export(fmt) && path)
		return 0; /* print_summary() exports every file at the end */
	if (!path) {
		text = result_file_text(rec);
		if (!text)
			return -1;
		fprintf(stderr,
			"versus: no file could hold the result of '%s'; here "
			"it is:\n%s",
			rec->workload_id, text);
		fd = memfd_create("versus-result", MFD_CLOEXEC);
		size_t len = strlen(text);
		if (fd < 0 || write(fd, text, len) != (ssize_t)len) {
			if (fd >= 0)
				close(fd);
			free(text);
			return -1;
		}
		mem_path = xstrfmt("/proc/self/fd/%d", fd);
		path = mem_path;
	}
	int rc = result_file_load(path, &rf, &err);
	if (rc < 0)
		versus_err_print(&err, stderr);
	else
		rc = report_render_workload(rf, fmt, term_color(stdout),
					    term_width(), unit, stdout);
	result_file_free(rf);
	fflush(stdout);
	if (fd >= 0)
		close(fd);
	free(mem_path);
	free(text);
	return rc < 0 ? -1 : rc;
}

/*
 * The launchers fork now, while this process is still small: one for the
 * timed runs (the first) and one per extra build job. Returns the jobs
 * sandboxes (free with free_sandboxes()), or NULL with err set.
 */
static struct sandbox **start_sandboxes(const struct sandbox_config *conf,
					int jobs, struct versus_err *err)
{
	struct sandbox **sbs = xcalloc((size_t)jobs, sizeof(*sbs));
	struct sandbox_config quiet = *conf;
	quiet.quiet = true; /* the first one warned already */
	for (int j = 0; j < jobs; j++) {
		sbs[j] = sandbox_new(j ? &quiet : conf, err);
		if (!sbs[j]) {
			while (j--)
				sandbox_free(sbs[j]);
			free(sbs);
			return NULL;
		}
	}
	return sbs;
}

static void free_sandboxes(struct sandbox **sbs, int jobs)
{
	for (int j = 0; sbs && j < jobs; j++)
		sandbox_free(sbs[j]);
	free(sbs);
}

static void catch_signals(void)
{
	struct sigaction sa = {0};
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* SIGTERM (kill, timeout, systemd) and SIGHUP (the terminal went
	 * away) stop cleanly and write the results, however often they
	 * come: the stop is bounded (sandbox/README.md). */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* A second Ctrl-C ends versus at once (the next run sweeps its
	 * cgroups); the first one stops cleanly and writes the results. */
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGINT, &sa, NULL);
}

/*
 * Load the recipes and the suite of o->paths, then create the output
 * folder: only now is there something to write, and a folder that cannot
 * be made is said before measuring (a write that still fails later, e.g.
 * on a full disk, goes to the fallback file). Returns 0 or EXIT_USAGE
 * (printed).
 */
static int load_suite(const struct run_options *o, struct recipe_set *recipes,
		      struct suite *suite)
{
	struct versus_errs errs = VERSUS_ERRS_INIT;
	struct versus_err err = {0};
	char *dir = recipe_default_dir();
	int code = 0;
	int rc = recipe_set_load_dirs(dir, o->plan.runners, recipes, &errs);
	if (rc >= 0 || rc == -EINVAL)
		suite_load(suite, (const char *const *)o->paths.v, o->paths.nr,
			   recipes, &o->plan.plan, &errs);
	if (errs.nr) {
		versus_errs_print(&errs, stderr);
		code = EXIT_USAGE;
	} else if (result_dir_prepare(o->outdir, &err) < 0) {
		versus_err_print(&err, stderr);
		code = EXIT_USAGE;
	}
	versus_errs_release(&errs);
	free(dir);
	return code;
}

/* rec's revision: --revision, --revision-from, else the commit of the
 * manifest's folder when it is in a git work tree. */
static void set_revision(const struct run_options *o,
			 const struct plan_workload *pw,
			 struct result_file *rec)
{
	struct revision r = {NULL, NULL};
	if (o->revision) {
		rec->revision = xstrdup(o->revision);
		rec->revision_source = xstrdup("option");
		return;
	}
	if (o->from.id) {
		rec->revision = xstrdup(o->from.id);
		rec->revision_time = xstrdup(o->from.time);
	} else if (revision_detect(pw->manifest->dir, &r) == 0) {
		rec->revision = r.id;
		rec->revision_time = r.time;
	} else {
		return;
	}
	rec->revision_source = xstrdup("git");
}

/* The exit code b alone calls for: EXIT_FOUND or EXIT_ALL_GOOD. */
static int bench_exit_code(const struct bench *b, bool require_all)
{
	for (size_t i = 0; i < b->impls_nr; i++) {
		enum impl_status st = b->impls[i].status;
		if (status_is_failure(st) || (require_all && st == STATUS_NA))
			return EXIT_FOUND;
	}
	return EXIT_ALL_GOOD;
}

static void show_text(const char *what, const char *s, size_t len)
{
	if (!s || !len)
		return;
	printf("%s", what);
	fwrite(s, 1, len, stdout);
	if (s[len - 1] != '\n')
		putchar('\n');
}

/*
 * --show-output of versus bench: each command's output kept, before the
 * table. Its stdout is shown once: every other run's was checked to be
 * the same (by digest); stderr is the first run's (its first 64 KiB).
 */
static void show_outputs(const struct bench *b)
{
	for (size_t i = 0; i < b->impls_nr; i++) {
		const struct bench_impl *bi = &b->impls[i];
		if (!bi->have_output)
			continue;
		printf("output of %s (%s), the same in every run:\n",
		       bi->plan->impl->id, b->plan->manifest->workload);
		show_text("", bi->output, bi->output_len);
		show_text("stderr (first run):\n", bi->output_stderr,
			  bi->output_stderr_len);
	}
	putchar('\n');
	fflush(stdout);
}

/*
 * Measure one workload, save its result (into written) and print its
 * table. Updates *exit_code; returns false when the run must stop
 * (interrupted, or versus itself failed).
 */
static bool run_workload(const struct run_options *o,
			 const struct plan_workload *pw, struct sandbox *sb,
			 const char *const *command, struct strvec *written,
			 int *exit_code)
{
	struct versus_err err = {0};
	struct bench b;
	int lock = lock_builds(pw);
	if (lock == -EINTR) {
		fprintf(stderr, "versus: interrupted\n");
		*exit_code = 130;
		return false;
	}
	if (lock < 0) {
		*exit_code = EXIT_INTERNAL;
		return false;
	}
	int rc = bench_run(&b, pw, &o->bench, sb, command, &err);
	build_unlock(lock);
	if (o->bench.keep_outputs)
		show_outputs(&b);
	/* The measurement is saved first, whatever else fails. */
	char *path = NULL;
	struct result_file *rec = bench_record(&b);
	set_revision(o, pw, rec);
	if (save_result(rec, o->outdir, &path) < 0)
		*exit_code = EXIT_INTERNAL;
	if (print_result(path, rec, o->format, o->time_unit) < 0)
		*exit_code = EXIT_INTERNAL;
	struct verdict v;
	verdict_compute(rec, &v);
	bool unreproduced = o->require_reproduced && v.not_reproduced;
	verdict_release(&v);
	result_file_free(rec);
	if (path && term_verbosity >= 0)
		fprintf(stderr, "versus: wrote %s\n", path);
	if (path)
		strvec_push_owned(written, path);
	if (*exit_code == EXIT_ALL_GOOD)
		*exit_code = bench_exit_code(&b, o->require_all);
	if (*exit_code == EXIT_ALL_GOOD && unreproduced)
		*exit_code = EXIT_FOUND;
	bench_release(&b);
	if (rc == -EINTR) {
		fprintf(stderr, "versus: interrupted; results so far "
				"are written, marked incomplete\n");
		*exit_code = 130;
		return false;
	}
	if (rc < 0) {
		versus_err_print(&err, stderr);
		*exit_code = EXIT_INTERNAL;
		return false;
	}
	return true;
}

/* Everything after the options: measure every workload of the suite. */
static int run_suite(struct run_options *o, int argc, char **argv)
{
	struct bench_options *bopt = &o->bench;
	if (!o->have_seed)
		bopt->seed = random_seed();
	bool quiet = term_verbosity < 0;
	struct progress_view view;
	progress_view_init(&view,
			   !o->no_progress && !quiet && isatty(STDERR_FILENO),
			   quiet);
	bopt->observer = &view.observer;
	struct sandbox_config sconf = {
		.cgroups = (enum sandbox_cgroups)o->cgroups,
		.quiet = quiet,
	};
	struct versus_err err = {0};
	struct sandbox **sbs = start_sandboxes(&sconf, o->jobs, &err);
	if (!sbs) {
		versus_err_print(&err, stderr);
		progress_view_release(&view);
		return EXIT_INTERNAL;
	}
	bopt->builders = sbs;
	bopt->builders_nr = (size_t)o->jobs;

	struct recipe_set recipes = {0};
	struct suite suite = {0};
	struct strvec command = STRVEC_INIT;
	struct strvec written = STRVEC_INIT;
	strvec_push(&command, "versus");
	for (int i = 0; i < argc; i++)
		strvec_push(&command, argv[i]);
	int exit_code = load_suite(o, &recipes, &suite);
	if (exit_code == EXIT_ALL_GOOD) {
		catch_signals();
		if (term_verbosity >= 0)
			fprintf(stderr, "versus: seed %llu, sandbox mode %s\n",
				(unsigned long long)bopt->seed,
				sandbox_mode_name(sandbox_mode(sbs[0])));
		for (size_t w = 0; w < suite.workloads_nr; w++)
			if (!run_workload(o, &suite.workloads[w], sbs[0],
					  (const char *const *)command.v,
					  &written, &exit_code))
				break;
		if (print_summary(&written, o->format, o->time_unit) < 0)
			exit_code = EXIT_INTERNAL;
	}
	strvec_clear(&written);
	suite_release(&suite);
	strvec_clear(&command);
	recipe_set_release(&recipes);
	free_sandboxes(sbs, o->jobs);
	progress_view_release(&view);
	return exit_code;
}

/*
 * A PATH that does not exist and holds a space is a command line given the
 * way hyperfine takes them: point at `versus bench`. Returns CMD_GO_ON or
 * EXIT_USAGE (printed).
 */
static int point_to_bench(const struct strvec *paths)
{
	for (size_t i = 0; i < paths->nr; i++) {
		const char *p = paths->v[i];
		if (!strchr(p, ' ') || access(p, F_OK) == 0)
			continue;
		return cmd_usage_error(
			"run",
			"'%s' is not a manifest or folder; it looks like a "
			"command line: to compare commands, use 'versus bench "
			"CMD CMD...' (e.g. versus bench 'grep -c x f' 'awk "
			"...')",
			p);
	}
	return CMD_GO_ON;
}

int cmd_run(int argc, char **argv)
{
	return cmd_run_as(argc, argv, NULL);
}

int cmd_run_as(int argc, char **argv, const struct cmd_run_extra *extra)
{
	const struct cmd_run_extra none = {argc, argv, NULL, false};
	if (!extra)
		extra = &none;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	struct run_options o = {
		.bench = {.warmup = -1,
			  .min_runs = -1,
			  .max_runs = -1,
			  .target_ci = -1,
			  .time_budget_s = -1,
			  .hooks = extra->hooks,
			  .keep_outputs = extra->show_output},
		.cgroups = SANDBOX_CGROUPS_AUTO,
		.outdir = "results",
		.jobs = cpus < 1	      ? 1
			: cpus > RUN_MAX_JOBS ? RUN_MAX_JOBS
					      : (int)cpus,
		.format = REPORT_TABLE,
	};
	cmd_plan_args_init(&o.plan);
	strvec_init(&o.paths);
	int code = parse_options(argc, argv, &o);
	if (code == CMD_GO_ON)
		code = point_to_bench(&o.paths);
	if (code == CMD_GO_ON)
		code = run_suite(&o, extra->rec_argc, extra->rec_argv);
	cmd_plan_args_release(&o.plan);
	strvec_clear(&o.paths);
	revision_release(&o.from);
	return code;
}
