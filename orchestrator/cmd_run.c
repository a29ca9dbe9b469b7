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
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "cmd.h"
#include "recipe.h"
#include "report.h"
#include "results.h"
#include "suite.h"
#include "resultset.h"
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
	"                          build/versus)\n"
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
	"3 versus or its sandbox failed; 130 interrupted by SIGINT, SIGTERM or "
	"SIGHUP\n"
	"(results so far are written, marked incomplete).\n";

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
	{NULL, 0, NULL, 0},
};

static void on_signal(int sig)
{
	bench_request_stop();
	sandbox_interrupt();
}

static int opt_count(const char *name, const char *s, long long min, int *out)
{
	long long v;
	if (parse_int(s, min, 1000000, &v) < 0)
		return cmd_usage_error("run",
				       "%s: expected a whole number >= %lld, "
				       "not '%s'",
				       name, min, s);
	*out = (int)v;
	return 0;
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

/* Print the table of the file just written, by reading it back. */
static int print_result(const char *path, enum report_format fmt)
{
	struct result_file *rf = NULL;
	struct versus_err err = {0};
	if (result_file_load(path, &rf, &err) < 0) {
		versus_err_print(&err, stderr);
		return -1;
	}
	int rc = report_render_workload(rf, fmt, stdout);
	result_file_free(rf);
	fflush(stdout);
	return rc;
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
			rc = opt_count("--jobs", optarg, 1, &jobs);
			if (!rc && jobs > RUN_MAX_JOBS)
				rc = cmd_usage_error("run",
						     "--jobs: at most %d",
						     RUN_MAX_JOBS);
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
		case OPT_WARMUP:
			rc = opt_count("--warmup", optarg, 0, &bopt.warmup);
			break;
		case OPT_RUNS:
			rc = opt_count("--runs", optarg, 1, &bopt.fixed_runs);
			break;
		case OPT_MIN_RUNS:
			rc = opt_count("--min-runs", optarg, 1, &bopt.min_runs);
			break;
		case OPT_MAX_RUNS:
			rc = opt_count("--max-runs", optarg, 1, &bopt.max_runs);
			break;
		case OPT_TARGET_CI:
			if (parse_double(optarg, &d) < 0 || d <= 0 || d >= 1)
				rc = cmd_usage_error("run",
						     "--target-ci: expected a "
						     "fraction in (0, 1), not "
						     "'%s'",
						     optarg);
			bopt.target_ci = d;
			break;
		case OPT_TIME_BUDGET:
			if (parse_duration_s(optarg, &d) < 0 || d <= 0)
				rc = cmd_usage_error("run",
						     "--time-budget: expected "
						     "seconds > 0, not '%s'",
						     optarg);
			bopt.time_budget_s = d;
			break;
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

	if (results_prepare_dir(outdir, &err) < 0) {
		versus_err_print(&err, stderr);
		exit_code = EXIT_USAGE;
		goto out;
	}
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
		rc = bench_run(&b, &suite.workloads[w], &bopt, sb,
			       (const char *const *)command.v, &err);
		char *path = NULL;
		struct versus_err werr = {0};
		if (results_write(&b, outdir, &path, &werr) < 0) {
			versus_err_print(&werr, stderr);
			exit_code = EXIT_INTERNAL;
		} else {
			if (print_result(path, fmt) < 0)
				exit_code = EXIT_INTERNAL;
			if (term_verbosity >= 0)
				fprintf(stderr, "versus: wrote %s\n", path);
		}
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
