/*
 * cmd_run.c: 'versus run': plan, build, check, time, validate, write one
 * result file per workload and print its table.
 */
#include <errno.h>
#include <math.h>
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
#include "measure/canary.h"
#include "measure/jobstep.h"
#include "cli/cmd.h"
#include "cli/progress.h"
#include "spec/recipe.h"
#include "spec/revision.h"
#include "render/report.h"
#include "shard/shardplan.h"
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
		    "SIGHUP (results so far are written, marked incomplete).\n"
		    "With --shard: 0 every unit of the shard ran and its "
		    "results were written,\n"
		    "whatever the statuses in them; 2 a bad plan or --shard, "
		    "a manifest changed\n"
		    "since the plan, a unit's manifest that does not load; 3 "
		    "a result that could\n"
		    "not be written, or the sandbox failed "
		    "(docs/distributed.md).\n",
};

/* Everything `versus run` reads from its command line. */
struct run_options {
	struct cmd_plan_args plan;
	struct bench_options bench;
	int cgroups;   /* enum sandbox_cgroups */
	int job_steps; /* enum jobstep_when */
	const char *outdir;
	int jobs;
	int format;    /* enum report_format */
	int time_unit; /* enum report_time_unit */
	bool have_seed, no_progress, require_all;
	bool require_reproduced;
	struct strvec paths;
	const char *revision, *revision_from; /* --revision, --revision-from */
	struct revision from;		      /* the commit of revision_from */
	/* --shard K/N|env, --shard-count, --plan, --unit, --no-canary */
	const char *shard, *plan_file;
	int shard_count;
	struct shard_plan_options unit;
	bool have_unit, no_canary;
};

/* What every record of a `run --shard` carries (record.h, `shard`). */
struct shard_tag {
	const char *plan_id;
	size_t index, count;
	const char *unit;
	double canary_ns;
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

static int opt_unit(const struct opt *o, const char *s, struct strbuf *why)
{
	struct run_options *ro = o->ptr;
	ro->have_unit = true;
	return shard_unit_kind_parse(s, &ro->unit.kind, &ro->unit.group_size,
				     why);
}

/* --shard: K/N or env (checked here, read from the environment later). */
static int opt_shard(const struct opt *o, const char *s, struct strbuf *why)
{
	size_t k, n;
	if (strcmp(s, "env") && shard_spec_parse(s, &k, &n, why) < 0)
		return -EINVAL;
	*(const char **)o->ptr = s;
	return 0;
}

static const struct opt_choice job_steps_choices[] = {
	OPT_VALUE("auto", JOBSTEP_AUTO),
	OPT_VALUE("always", JOBSTEP_ALWAYS),
	OPT_VALUE("never", JOBSTEP_NEVER),
	{0},
};

/* An OPT_INT row for a measurement setting, in its manifest range. */
#define MEASURE_INT(l, p, which)                                               \
	OPT_INT(0, l, p, "N", (long long)manifest_measure_ranges[which].min,   \
		(long long)manifest_measure_ranges[which].max)

/* The shard options together. Returns CMD_GO_ON or EXIT_USAGE (printed). */
static int check_shard_options(const struct run_options *o)
{
	const char *need = !o->shard && o->plan_file	 ? "--plan"
			   : !o->shard && o->shard_count ? "--shard-count"
			   : !o->shard && o->have_unit	 ? "--unit"
			   : !o->shard && o->no_canary	 ? "--no-canary"
							 : NULL;
	if (need)
		return cmd_usage_error("run", "%s goes with --shard", need);
	if (!o->shard)
		return CMD_GO_ON;
	if (o->require_all || o->require_reproduced)
		return cmd_usage_error(
			"run", "--shard exits 0 whatever the statuses (they "
			       "are in the results): --require-all and "
			       "--require-reproduced do not apply; check the "
			       "merged results instead");
	if (o->shard_count && strcmp(o->shard, "env"))
		return cmd_usage_error("run", "--shard-count goes with "
					      "--shard env (K/N names the "
					      "count)");
	if (o->plan_file &&
	    (o->have_unit || o->plan.plan.size || o->plan.only.nr))
		return cmd_usage_error(
			"run", "--plan fixes each unit's size and "
			       "implementations: --unit, --size and --only "
			       "do not go with it");
	if (o->unit.kind == SHARD_UNIT_GROUP && o->plan.only.nr)
		return cmd_usage_error("run", "--unit group:G chooses the "
					      "implementations: --only does "
					      "not go with it");
	return CMD_GO_ON;
}

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
		{OPT_CHOICE(0, "job-steps", &o->job_steps, "WHEN",
			    job_steps_choices),
		 .help = "inside a Slurm job, make each run a job step of "
			 "its own (srun): auto where no cgroup of the job is "
			 "writable (docs/distributed.md), always, never",
		 .def = "auto"},
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
		{OPT_GROUP("shards (docs/distributed.md):")},
		{OPT_CALLBACK(0, "shard", &o->shard, "K/N|env", opt_shard),
		 .help = "run only shard K (from 0) of N of the plan of the "
			 "workloads (versus plan); env: K and N from "
			 "SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT, or "
			 "Kubernetes' JOB_COMPLETION_INDEX. Exit non-zero only "
			 "when the infrastructure failed"},
		{OPT_STRING(0, "plan", &o->plan_file, "FILE"),
		 .help = "with --shard: the plan versus plan wrote; every "
			 "manifest must still have its digest there (PATH "
			 "may then be left out)",
		 .def = "the plan of PATH made here, as versus plan makes "
			"it without --costs"},
		{OPT_INT(0, "shard-count", &o->shard_count, "N", 1,
			 SHARD_COUNT_MAX),
		 .help = "with --shard env: the number of shards, where the "
			 "environment lacks it",
		 .def = "SLURM_ARRAY_TASK_COUNT or VERSUS_SHARD_COUNT, else "
			"the plan's"},
		{OPT_CALLBACK(0, "unit", o, "KIND", opt_unit),
		 .help = "with --shard and no --plan: the unit of work, as in "
			 "versus plan (workload, size or group:G)",
		 .def = "workload"},
		{OPT_FLAG(0, "no-canary", &o->no_canary),
		 .help = "with --shard: skip the calibration canary (about "
			 "0.3 s) recorded as shard.canary_ns"},
		{0},
	};
	int code = cmd_parse(&info, opts, argc, argv, 0, &o->paths);
	if (code != CMD_GO_ON)
		return code;
	if (!o->paths.nr && !(o->shard && o->plan_file))
		return cmd_usage_error("run", "no manifest or folder given");
	if ((code = check_shard_options(o)) != CMD_GO_ON)
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
 * table. tag: the shard it belongs to, or NULL; with a tag the statuses
 * leave *exit_code alone (they are in the result). Updates *exit_code;
 * returns false when the run must stop (interrupted, or versus itself
 * failed).
 */
static bool run_workload(const struct run_options *o,
			 const struct plan_workload *pw, struct sandbox *sb,
			 const char *const *command,
			 const struct shard_tag *tag, struct strvec *written,
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
	if (tag) {
		rec->shard_plan_id = xstrdup(tag->plan_id);
		rec->shard_index = (long)tag->index;
		rec->shard_count = (long)tag->count;
		rec->shard_unit = xstrdup(tag->unit);
		rec->shard_canary_ns = tag->canary_ns;
	}
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
	if (*exit_code == EXIT_ALL_GOOD && !tag)
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

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * With --plan and PATHs: the PATHs must name the plan's manifests, no
 * more, no fewer. Returns 0 or EXIT_USAGE (printed).
 */
static int paths_match_plan(const struct run_options *o,
			    const struct shard_plan *p)
{
	struct strvec files = STRVEC_INIT;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	for (size_t i = 0; i < o->paths.nr; i++)
		suite_collect(o->paths.v[i], &files, &errs);
	qsort(files.v, files.nr, sizeof(*files.v), cmp_path);
	bool same = !errs.nr && files.nr == p->inputs_nr;
	for (size_t i = 0; same && i < files.nr; i++)
		same = !strcmp(files.v[i], p->inputs[i].manifest);
	versus_errs_print(&errs, stderr);
	versus_errs_release(&errs);
	strvec_clear(&files);
	if (same)
		return 0;
	return cmd_usage_error("run",
			       "PATH names other manifests than the inputs of "
			       "the plan %s (as it names them); leave PATH "
			       "out with --plan",
			       o->plan_file);
}

/*
 * The plan of a --shard run and which shard of it to run: --plan's, its
 * manifests' digests checked, or the one of the PATHs made here. Returns
 * 0 with p filled (release it), or EXIT_USAGE (printed).
 */
static int resolve_shard(const struct run_options *o, struct shard_plan *p,
			 size_t *index, size_t *count)
{
	struct versus_err err = {0};
	struct versus_errs errs = VERSUS_ERRS_INIT;
	struct strbuf why = STRBUF_INIT;
	bool env = !strcmp(o->shard, "env");
	int code = 0;
	memset(p, 0, sizeof(*p));
	if (!env)
		shard_spec_parse(o->shard, index, count, &why); /* checked */
	strbuf_release(&why);
	if (o->plan_file) {
		if (shard_plan_load(o->plan_file, p, &err) < 0) {
			versus_err_print(&err, stderr);
			return EXIT_USAGE;
		}
		if (strcmp(p->versus_version, VERSUS_VERSION)) {
			fprintf(stderr,
				"versus: %s: the plan was made by versus %s; "
				"this is versus %s: make the plan with the "
				"versus the nodes run\n",
				o->plan_file, p->versus_version,
				VERSUS_VERSION);
			code = EXIT_USAGE;
		} else if (o->paths.nr && paths_match_plan(o, p)) {
			code = EXIT_USAGE;
		} else if (shard_plan_verify_inputs(p, &errs) < 0) {
			versus_errs_print(&errs, stderr);
			code = EXIT_USAGE;
		}
	}
	if (!code && env &&
	    shard_spec_from_env((size_t)o->shard_count,
				o->plan_file ? p->count : 0, index, count,
				&err) < 0) {
		versus_err_print(&err, stderr);
		code = EXIT_USAGE;
	}
	if (!code && !o->plan_file) {
		struct shard_plan_options po = o->unit;
		struct strvec sizes = STRVEC_INIT;
		if (o->plan.plan.size)
			strvec_push(&sizes, o->plan.plan.size);
		po.count = *count;
		po.sizes = &sizes;
		po.allow_outside_project = o->plan.plan.allow_outside_project;
		if (shard_plan_build(p, (const char *const *)o->paths.v,
				     o->paths.nr, &po, &errs) < 0) {
			versus_errs_print(&errs, stderr);
			code = EXIT_USAGE;
		}
		strvec_clear(&sizes);
	}
	if (!code && *count != p->count) {
		fprintf(stderr,
			"versus: --shard %zu/%zu: the plan %s has %zu "
			"shards\n",
			*index, *count, o->plan_file, p->count);
		code = EXIT_USAGE;
	}
	versus_errs_release(&errs);
	if (code)
		shard_plan_release(p);
	return code;
}

/* The plan's digest of the manifest at path, or NULL. */
static const char *plan_digest(const struct shard_plan *p, const char *path)
{
	for (size_t i = 0; i < p->inputs_nr; i++)
		if (!strcmp(p->inputs[i].manifest, path))
			return p->inputs[i].sha256;
	return NULL;
}

/*
 * Load, plan and measure one unit of the shard: its manifest, at its
 * size, its implementations. A manifest that does not load, or no longer
 * has the plan's digest, is EXIT_USAGE (printed) and the next unit goes
 * on. Returns false when the run must stop.
 */
static bool run_unit(const struct run_options *o, const struct shard_plan *p,
		     const struct shard_unit *u, const struct recipe_set *rs,
		     struct sandbox *sb, const char *const *command,
		     struct shard_tag *tag, struct strvec *written, int *code)
{
	struct plan_options po = o->plan.plan;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	struct suite suite;
	bool go_on = true;
	po.size = u->size;
	if (u->impls.nr)
		po.only = &u->impls;
	const char *path = u->manifest;
	suite_load(&suite, &path, 1, rs, &po, &errs);
	const char *want = plan_digest(p, u->manifest);
	if (!errs.nr && suite.manifests_nr && want &&
	    strcmp(suite.manifests[0].digest, want))
		versus_errs_add(&errs, -EINVAL, u->manifest, 0, 0,
				"manifest changed since the plan was made: "
				"sha256 %s here, %s in the plan",
				suite.manifests[0].digest, want);
	if (errs.nr) {
		versus_errs_print(&errs, stderr);
		fprintf(stderr, "versus: shard %zu/%zu: unit '%s' not run\n",
			tag->index, tag->count, u->id);
		if (*code == EXIT_ALL_GOOD)
			*code = EXIT_USAGE;
	}
	tag->unit = u->id;
	for (size_t w = 0; !errs.nr && go_on && w < suite.workloads_nr; w++)
		go_on = run_workload(o, &suite.workloads[w], sb, command, tag,
				     written, code);
	suite_release(&suite);
	versus_errs_release(&errs);
	return go_on;
}

/*
 * --shard: the units of shard K of the plan, one after the other. The
 * statuses of the implementations do not change the exit code.
 */
static int run_shard(const struct run_options *o, struct sandbox *sb,
		     const char *const *command, struct strvec *written)
{
	struct shard_plan p;
	struct recipe_set recipes = {0};
	struct versus_errs errs = VERSUS_ERRS_INIT;
	struct versus_err err = {0};
	struct shard_tag tag = {.canary_ns = NAN};
	int code = resolve_shard(o, &p, &tag.index, &tag.count);
	if (code)
		return code;
	tag.plan_id = p.id;
	const struct shard_list *l = &p.shards[tag.index];
	char *dir = recipe_default_dir();
	recipe_set_load_dirs(dir, o->plan.runners, &recipes, &errs);
	free(dir);
	if (errs.nr) {
		versus_errs_print(&errs, stderr);
		code = EXIT_USAGE;
	} else if (!l->nr) {
		if (term_verbosity >= 0)
			fprintf(stderr,
				"versus: shard %zu/%zu of plan %.12s has no "
				"units: nothing to run\n",
				tag.index, tag.count, p.id);
	} else if (result_dir_prepare(o->outdir, &err) < 0) {
		versus_err_print(&err, stderr);
		code = EXIT_INTERNAL;
	} else {
		catch_signals();
		if (!o->no_canary)
			tag.canary_ns = canary_measure();
		if (term_verbosity >= 0)
			fprintf(stderr,
				"versus: shard %zu/%zu of plan %.12s: %zu "
				"unit%s; seed %llu, sandbox mode %s\n",
				tag.index, tag.count, p.id, l->nr,
				l->nr == 1 ? "" : "s",
				(unsigned long long)o->bench.seed,
				sandbox_mode_name(sandbox_mode(sb)));
		for (size_t j = 0; j < l->nr; j++)
			if (!run_unit(o, &p, &p.units[l->units[j]], &recipes,
				      sb, command, &tag, written, &code))
				break;
	}
	versus_errs_release(&errs);
	recipe_set_release(&recipes);
	shard_plan_release(&p);
	return code;
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
	struct strbuf why = STRBUF_INIT;
	struct jobstep *steps = NULL;
	if (jobstep_open((enum jobstep_when)o->job_steps, sbs[0], sconf.cgroups,
			 &steps, &why) < 0) {
		fprintf(stderr, "versus: %s\n", why.buf);
		strbuf_release(&why);
		free_sandboxes(sbs, o->jobs);
		progress_view_release(&view);
		return EXIT_INTERNAL;
	}
	const char *job = getenv("SLURM_JOB_ID");
	if (why.len && !quiet)
		fprintf(stderr, "versus: %s%.32s%s%s\n",
			job && *job ? "Slurm job " : "", job && *job ? job : "",
			job && *job ? ": " : "", why.buf);
	strbuf_release(&why);
	bopt->steps = steps;

	struct recipe_set recipes = {0};
	struct suite suite = {0};
	struct strvec command = STRVEC_INIT;
	struct strvec written = STRVEC_INIT;
	strvec_push(&command, "versus");
	for (int i = 0; i < argc; i++)
		strvec_push(&command, argv[i]);
	int exit_code =
		o->shard ? run_shard(o, sbs[0], (const char *const *)command.v,
				     &written)
			 : load_suite(o, &recipes, &suite);
	if (o->shard) {
		if (print_summary(&written, o->format, o->time_unit) < 0 &&
		    exit_code != 130)
			exit_code = EXIT_INTERNAL;
	} else if (exit_code == EXIT_ALL_GOOD) {
		catch_signals();
		if (term_verbosity >= 0)
			fprintf(stderr, "versus: seed %llu, sandbox mode %s\n",
				(unsigned long long)bopt->seed,
				sandbox_mode_name(sandbox_mode(sbs[0])));
		for (size_t w = 0; w < suite.workloads_nr; w++)
			if (!run_workload(o, &suite.workloads[w], sbs[0],
					  (const char *const *)command.v, NULL,
					  &written, &exit_code))
				break;
		if (print_summary(&written, o->format, o->time_unit) < 0)
			exit_code = EXIT_INTERNAL;
	}
	strvec_clear(&written);
	suite_release(&suite);
	strvec_clear(&command);
	recipe_set_release(&recipes);
	jobstep_free(steps);
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
