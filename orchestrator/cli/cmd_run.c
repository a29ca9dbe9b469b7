/*
 * cmd_run.c: 'versus run': plan, build, check, time, validate, write one
 * result file per workload and print its table.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "measure/bench.h"
#include "measure/build.h"
#include "cli/cmd.h"
#include "spec/recipe.h"
#include "render/report.h"
#include "spec/suite.h"
#include "record/record.h"
#include "util/alloc.h"
#include "util/parse.h"
#include "util/term.h"
#include "util/banned.h"

/* Build jobs: each holds a launcher process for the whole run. */
#define RUN_MAX_JOBS 64

static const char usage[] =
	"usage: versus run [OPTIONS] PATH...\n"
	"\n"
	"Build every implementation of each workload (PATH is a manifest or a "
	"folder of\n"
	"manifests), check its outputs, time it in the sandbox in "
	"interleaved rounds,\n"
	"write one result file per workload and print a ratio table.\n"
	"\n"
	"selection:\n"
	"      --only ID,...       only these implementation ids (the "
	"baseline is always\n"
	"                          kept, since ratios and outputs are "
	"relative to it)\n"
	"      --size NAME         a size preset of the manifests (e.g. "
	"small, large)\n"
	"      --param K=V         override a parameter (repeatable)\n"
	"      --runners DIR       runner recipes (default: the runners/ "
	"folder)\n"
	"      --build-dir DIR     where builds go (default "
	"$XDG_CACHE_HOME/versus or\n"
	"                          build/versus); a run that finds a "
	"workload's folder\n"
	"                          in use by another waits for it\n"
	"      --allow-outside-project\n"
	"                          accept source, stdin and expect files "
	"outside the\n"
	"                          manifest's project (workloads/README.md)\n"
	"measurement (default: the manifest's `measure`):\n"
	"      --warmup N          warm-up runs (the first one also "
	"validates the output;\n"
	"                          with 0, one validation run is still "
	"made)\n"
	"      --runs N            exactly N timed runs (no adaptive "
	"stopping)\n"
	"      --min-runs N        at least N timed runs (unless the time "
	"budget ends first)\n"
	"      --max-runs N        at most N timed runs\n"
	"      --target-ci F       stop when the 95% CI half-width of the "
	"median is\n"
	"                          under F x median (e.g. 0.02)\n"
	"      --time-budget S     seconds per implementation, warm-up "
	"included\n"
	"      --seed N            seed of the run order and the bootstrap "
	"(default:\n"
	"                          random, printed and recorded)\n"
	"      --cgroups MODE      auto (default), required or off\n"
	"output:\n"
	"  -o, --output DIR        folder for result files (default "
	"results/)\n"
	"      --format FMT        table (default), md, csv or json\n"
	"      --no-progress       no progress line (it is shown only on a "
	"terminal)\n"
	"      --require-all       exit 1 when an implementation is NA\n"
	"  -j, --jobs N            builds in parallel (default: the number of "
	"CPUs);\n"
	"                          timed runs are never concurrent\n"
	"\n"
	"exit status: 0 every implementation that ran is OK; 1 one is CE, WA, "
	"ND, RE, SG,\n"
	"TO, TW, ML, OL, SV or XX (or NA with --require-all); 2 usage or "
	"manifest error;\n"
	"3 versus or its sandbox failed, or a result file could not go into "
	"the output\n"
	"folder (it is then saved under $TMPDIR, path printed); 130 "
	"interrupted by\n"
	"SIGINT, SIGTERM or SIGHUP (results so far are written, marked "
	"incomplete).\n";

enum {
	OPT_ONLY = 256,
	OPT_SIZE,
	OPT_PARAM,
	OPT_RUNNERS,
	OPT_BUILD_DIR,
	OPT_WARMUP,
	OPT_RUNS,
	OPT_MIN_RUNS,
	OPT_MAX_RUNS,
	OPT_TARGET_CI,
	OPT_TIME_BUDGET,
	OPT_SEED,
	OPT_CGROUPS,
	OPT_FORMAT,
	OPT_NO_PROGRESS,
	OPT_REQUIRE_ALL,
	OPT_ALLOW_OUTSIDE,
};

static const struct option long_options[] = {
	{"help", no_argument, NULL, 'h'},
	{"output", required_argument, NULL, 'o'},
	{"jobs", required_argument, NULL, 'j'},
	{"only", required_argument, NULL, OPT_ONLY},
	{"size", required_argument, NULL, OPT_SIZE},
	{"param", required_argument, NULL, OPT_PARAM},
	{"runners", required_argument, NULL, OPT_RUNNERS},
	{"build-dir", required_argument, NULL, OPT_BUILD_DIR},
	{"warmup", required_argument, NULL, OPT_WARMUP},
	{"runs", required_argument, NULL, OPT_RUNS},
	{"min-runs", required_argument, NULL, OPT_MIN_RUNS},
	{"max-runs", required_argument, NULL, OPT_MAX_RUNS},
	{"target-ci", required_argument, NULL, OPT_TARGET_CI},
	{"time-budget", required_argument, NULL, OPT_TIME_BUDGET},
	{"seed", required_argument, NULL, OPT_SEED},
	{"cgroups", required_argument, NULL, OPT_CGROUPS},
	{"format", required_argument, NULL, OPT_FORMAT},
	{"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
	{"require-all", no_argument, NULL, OPT_REQUIRE_ALL},
	{"allow-outside-project", no_argument, NULL, OPT_ALLOW_OUTSIDE},
	{NULL, 0, NULL, 0},
};

static void on_signal(int sig)
{
	bench_request_stop();
	sandbox_interrupt();
}

static int opt_count(const char *name, const char *s, long long min,
		     long long max, int *out)
{
	long long v;
	if (parse_int(s, min, max, &v) < 0)
		return cmd_usage_error("run",
				       "%s: expected a whole number from %lld "
				       "to %lld, not '%s'",
				       name, min, max, s);
	*out = (int)v;
	return 0;
}

/* A measurement option, in the range the manifest key has. */
static int opt_measure(enum measure_setting which, const char *s, int *out)
{
	const struct measure_range *r = &manifest_measure_ranges[which];
	return opt_count(r->option, s, (long long)r->min, (long long)r->max,
			 out);
}

static uint64_t random_seed(void)
{
	uint64_t seed = 0;
	if (getrandom(&seed, sizeof(seed), 0) != sizeof(seed))
		seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	return seed & 0xffffffffffffULL; /* short enough to retype */
}

/*
 * After several workloads: the suite summary (geometric means) of the
 * files written, read back like `versus report` would.
 */
static int print_summary(const struct strvec *paths, enum report_format fmt)
{
	if (paths->nr < 2 || (fmt != REPORT_TABLE && fmt != REPORT_MD))
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
		.summary_only = true,
	};
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
			enum report_format fmt)
{
	struct result_file *rf = NULL;
	struct versus_err err = {0};
	int fd = -1;
	char *text = NULL, *mem_path = NULL;
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
		rc = report_render_workload(rf, fmt, stdout);
	result_file_free(rf);
	fflush(stdout);
	if (fd >= 0)
		close(fd);
	free(mem_path);
	free(text);
	return rc < 0 ? -1 : rc;
}

int cmd_run(int argc, char **argv)
{
	struct plan_options popt = {0};
	struct kvlist params = KVLIST_INIT;
	struct strvec only = STRVEC_INIT;
	popt.params = &params;
	struct bench_options bopt = {
		.warmup = -1,
		.min_runs = -1,
		.max_runs = -1,
		.target_ci = -1,
		.time_budget_s = -1,
	};
	const char *outdir = "results";
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int jobs = cpus < 1		 ? 1
		   : cpus > RUN_MAX_JOBS ? RUN_MAX_JOBS
					 : (int)cpus;
	const char *runners = NULL;
	bool have_seed = false, no_progress = false, require_all = false;
	enum report_format fmt = REPORT_TABLE;
	struct sandbox_config sconf = {.cgroups = SANDBOX_CGROUPS_AUTO};
	int rc = 0, c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":ho:j:", long_options, NULL)) !=
	       -1) {
		double d;
		switch (c) {
		case 'h':
			fputs(usage, stdout);
			rc = -1;
			goto done_options;
		case 'o':
			outdir = optarg;
			break;
		case 'j':
			rc = opt_count("--jobs", optarg, 1, RUN_MAX_JOBS,
				       &jobs);
			break;
		case OPT_ONLY:
			for (const char *p = optarg; *p;) {
				size_t n = strcspn(p, ",");
				if (n)
					strvec_push_owned(&only,
							  xstrndup(p, n));
				p += n + (p[n] == ',');
			}
			popt.only = &only;
			break;
		case OPT_SIZE:
			popt.size = optarg;
			break;
		case OPT_PARAM: {
			const char *eq = strchr(optarg, '=');
			if (!eq || eq == optarg) {
				rc = cmd_usage_error("run",
						     "--param: expected K=V, "
						     "not '%s'",
						     optarg);
				break;
			}
			char *key = xstrndup(optarg, (size_t)(eq - optarg));
			kvlist_set(&params, key, eq + 1);
			free(key);
			break;
		}
		case OPT_RUNNERS:
			runners = optarg;
			break;
		case OPT_BUILD_DIR:
			popt.build_root = optarg;
			break;
		case OPT_ALLOW_OUTSIDE:
			popt.allow_outside_project = true;
			break;
		case OPT_WARMUP:
			rc = opt_measure(MEASURE_WARMUP, optarg, &bopt.warmup);
			break;
		case OPT_RUNS:
			rc = opt_measure(MEASURE_RUNS, optarg,
					 &bopt.fixed_runs);
			break;
		case OPT_MIN_RUNS:
			rc = opt_measure(MEASURE_MIN_RUNS, optarg,
					 &bopt.min_runs);
			break;
		case OPT_MAX_RUNS:
			rc = opt_measure(MEASURE_MAX_RUNS, optarg,
					 &bopt.max_runs);
			break;
		case OPT_TARGET_CI: {
			const struct measure_range *r =
				&manifest_measure_ranges[MEASURE_TARGET_CI];
			if (parse_double(optarg, &d) < 0 || d <= r->min ||
			    d > r->max)
				rc = cmd_usage_error("run",
						     "--target-ci: expected a "
						     "fraction above %g and "
						     "at most %g, not '%s'",
						     r->min, r->max, optarg);
			bopt.target_ci = d;
			break;
		}
		case OPT_TIME_BUDGET: {
			const struct measure_range *r =
				&manifest_measure_ranges[MEASURE_TIME_BUDGET];
			if (parse_duration_s(optarg, &d) < 0 || d <= r->min ||
			    d > r->max)
				rc = cmd_usage_error("run",
						     "--time-budget: expected "
						     "a duration above %g s "
						     "and at most %g s, not "
						     "'%s'",
						     r->min, r->max, optarg);
			bopt.time_budget_s = d;
			break;
		}
		case OPT_SEED: {
			uint64_t s;
			if (parse_u64(optarg, &s) < 0 || s > INT64_MAX)
				rc = cmd_usage_error("run",
						     "--seed: expected a "
						     "whole number below "
						     "2^63, not '%s'",
						     optarg);
			bopt.seed = s;
			have_seed = true;
			break;
		}
		case OPT_CGROUPS:
			if (!strcmp(optarg, "auto"))
				sconf.cgroups = SANDBOX_CGROUPS_AUTO;
			else if (!strcmp(optarg, "required"))
				sconf.cgroups = SANDBOX_CGROUPS_REQUIRED;
			else if (!strcmp(optarg, "off"))
				sconf.cgroups = SANDBOX_CGROUPS_OFF;
			else
				rc = cmd_usage_error("run",
						     "--cgroups: expected "
						     "auto, required or off, "
						     "not '%s'",
						     optarg);
			break;
		case OPT_FORMAT:
			if (report_parse_format(optarg, &fmt) < 0 ||
			    (fmt != REPORT_TABLE && fmt != REPORT_MD &&
			     fmt != REPORT_CSV && fmt != REPORT_JSON))
				rc = cmd_usage_error("run",
						     "--format: expected "
						     "table, md, csv or json, "
						     "not '%s'",
						     optarg);
			break;
		case OPT_NO_PROGRESS:
			no_progress = true;
			break;
		case OPT_REQUIRE_ALL:
			require_all = true;
			break;
		case ':':
			rc = cmd_usage_error("run", "option '%s' needs a value",
					     argv[optind - 1]);
			break;
		default:
			rc = cmd_usage_error("run", "unknown option '%s'",
					     argv[optind - 1]);
			break;
		}
		if (rc)
			goto done_options;
	}
	if (optind >= argc)
		rc = cmd_usage_error("run", "no manifest or folder given");
	else if (bopt.min_runs > 0 && bopt.max_runs > 0 &&
		 bopt.min_runs > bopt.max_runs)
		rc = cmd_usage_error("run",
				     "--min-runs %d is above --max-runs %d",
				     bopt.min_runs, bopt.max_runs);
done_options:
	if (rc) {
		kvlist_release(&params);
		strvec_clear(&only);
		return rc < 0 ? EXIT_ALL_GOOD : EXIT_USAGE;
	}
	if (!have_seed)
		bopt.seed = random_seed();
	bopt.quiet = term_verbosity < 0;
	bopt.progress = !no_progress && !bopt.quiet && isatty(STDERR_FILENO);
	sconf.quiet = bopt.quiet;

	/*
	 * The launchers fork now, while this process is still small: one for
	 * the timed runs, and one per extra build job.
	 */
	struct versus_err err = {0};
	struct sandbox *sb = sandbox_new(&sconf, &err);
	struct sandbox **builders = xcalloc((size_t)jobs, sizeof(*builders));
	builders[0] = sb;
	for (int j = 1; sb && j < jobs; j++) {
		struct sandbox_config quiet = sconf;
		quiet.quiet = true; /* the first one warned already */
		if (!(builders[j] = sandbox_new(&quiet, &err))) {
			for (int k = 1; k < j; k++)
				sandbox_free(builders[k]);
			sandbox_free(sb);
			sb = NULL;
		}
	}
	bopt.builders = builders;
	bopt.builders_nr = (size_t)jobs;
	if (!sb) {
		free(builders);
		versus_err_print(&err, stderr);
		kvlist_release(&params);
		strvec_clear(&only);
		return EXIT_INTERNAL;
	}

	int exit_code = EXIT_ALL_GOOD;
	struct versus_errs errs = VERSUS_ERRS_INIT;
	struct recipe_set recipes = {0};
	struct suite suite = {0};
	struct strvec command = STRVEC_INIT;
	struct strvec written = STRVEC_INIT;
	strvec_push(&command, "versus");
	for (int i = 0; i < argc; i++)
		strvec_push(&command, argv[i]);
	char *runners_dir = runners ? xstrdup(runners) : recipe_default_dir();

	rc = recipe_set_load_dir(runners_dir, &recipes, &errs);
	if (rc < 0 && rc != -EINVAL) {
		versus_errs_print(&errs, stderr);
		exit_code = EXIT_USAGE;
		goto out;
	}
	suite_load(&suite, (const char *const *)argv + optind,
		   (size_t)(argc - optind), &recipes, &popt, &errs);
	if (errs.nr) {
		versus_errs_print(&errs, stderr);
		exit_code = EXIT_USAGE;
		goto out;
	}
	/* Only now is there something to write: create -o, and say before
	 * measuring when it cannot be (a write that still fails later, e.g.
	 * on a full disk, goes to the fallback file). */
	if (result_dir_prepare(outdir, &err) < 0) {
		versus_err_print(&err, stderr);
		exit_code = EXIT_USAGE;
		goto out;
	}

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

	if (term_verbosity >= 0)
		fprintf(stderr, "versus: seed %llu, sandbox mode %s\n",
			(unsigned long long)bopt.seed,
			sandbox_mode_name(sandbox_mode(sb)));
	for (size_t w = 0; w < suite.workloads_nr; w++) {
		struct bench b;
		int lock = lock_builds(&suite.workloads[w]);
		if (lock == -EINTR) {
			fprintf(stderr, "versus: interrupted\n");
			exit_code = 130;
			break;
		}
		if (lock < 0) {
			exit_code = EXIT_INTERNAL;
			break;
		}
		rc = bench_run(&b, &suite.workloads[w], &bopt, sb,
			       (const char *const *)command.v, &err);
		build_unlock(lock);
		/* The measurement is saved first, whatever else fails. */
		char *path = NULL;
		struct result_file *rec = bench_record(&b);
		if (save_result(rec, outdir, &path) < 0)
			exit_code = EXIT_INTERNAL;
		if (print_result(path, rec, fmt) < 0)
			exit_code = EXIT_INTERNAL;
		result_file_free(rec);
		if (path && term_verbosity >= 0)
			fprintf(stderr, "versus: wrote %s\n", path);
		if (path)
			strvec_push_owned(&written, path);
		for (size_t i = 0; i < b.impls_nr; i++) {
			enum impl_status st = b.impls[i].status;
			if ((status_is_failure(st) ||
			     (require_all && st == STATUS_NA)) &&
			    exit_code == EXIT_ALL_GOOD)
				exit_code = EXIT_FOUND;
		}
		bench_release(&b);
		if (rc == -EINTR) {
			fprintf(stderr, "versus: interrupted; results so far "
					"are written, marked incomplete\n");
			exit_code = 130;
			break;
		}
		if (rc < 0) {
			versus_err_print(&err, stderr);
			exit_code = EXIT_INTERNAL;
			break;
		}
	}
	if (print_summary(&written, fmt) < 0)
		exit_code = EXIT_INTERNAL;
out:
	strvec_clear(&written);
	suite_release(&suite);
	strvec_clear(&command);
	recipe_set_release(&recipes);
	versus_errs_release(&errs);
	free(runners_dir);
	kvlist_release(&params);
	strvec_clear(&only);
	for (int j = 1; j < jobs; j++)
		sandbox_free(builders[j]);
	free(builders);
	sandbox_free(sb);
	return exit_code;
}
