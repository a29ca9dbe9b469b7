/*
 * cmd_slurm.c: 'versus slurm PATH... --shards N': the plan of the
 * workloads, an sbatch job array that runs shard K in task K and a merge
 * job after it (afterany), written into one folder; with --submit, given
 * to sbatch; with --wait, followed to the merge's end
 * (docs/distributed.md, "Slurm").
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "shard/shardplan.h"
#include "shard/slurm.h"
#include "util/alloc.h"
#include "util/argsplit.h"
#include "util/escape.h"
#include "util/file.h"
#include "util/fs.h"
#include "util/term.h"
#include "util/banned.h"

static const struct cmd_info info = {
	.name = "slurm",
	.usage = "[OPTIONS] --shards N PATH...",
	.about = "Run the workloads PATH names on a Slurm cluster: write "
		 "the plan of N shards\n"
		 "(as 'versus plan' makes it), an sbatch job array whose task "
		 "K runs shard K\n"
		 "with 'versus run --shard K/N --plan', and a merge job that "
		 "runs 'versus merge'\n"
		 "and 'versus report' once every task has ended, however "
		 "(afterany: a failed\n"
		 "task leaves a partial merge naming what is missing). All "
		 "goes into one folder:\n"
		 "plan.json, array.sbatch, merge.sbatch, logs/, shards/K/, "
		 "merged.json and\n"
		 "report.md. The folder, the manifests and this versus must be "
		 "on a file system\n"
		 "every node sees.\n",
	.epilogue = "exit status: 0 written (and submitted); with --wait, the "
		    "merge job's exit status\n"
		    "(0 merged; 1 merged, but units are missing: named in "
		    "logs/merge.out); 2 usage\n"
		    "error or a bad manifest; 3 the files could not be "
		    "written, sbatch is missing or\n"
		    "failed, or the merge job was cancelled or lost. Docs: "
		    "docs/distributed.md.\n",
	.no_args = "no manifest or folder given",
};

struct slurm_args {
	struct shard_plan_options po;
	struct strvec sizes, costs, paths, run_args;
	struct slurm_options so;
	int shards, max_parallel;
	bool no_exclusive, exclusive, submit, wait;
	const char *output, *run_args_text;
};

static int opt_unit(const struct opt *o, const char *s, struct strbuf *why)
{
	struct shard_plan_options *po = o->ptr;
	return shard_unit_kind_parse(s, &po->kind, &po->group_size, why);
}

static int opt_push(const struct opt *o, const char *s, struct strbuf *why)
{
	(void)why;
	strvec_push(o->ptr, s);
	return 0;
}

/* Whether long option word "--NAME[=V]" names (a prefix of) one of run's
 * options that versus slurm sets itself. */
static const char *owned_option(const char *w)
{
	static const char *const owned[] = {"output", "shard", "shard-count",
					    "plan"};
	if (w[0] != '-')
		return NULL;
	if (w[1] != '-')
		return strchr(w + 1, 'o') ? "-o" : NULL;
	size_t n = strcspn(w + 2, "=");
	for (size_t i = 0; n && i < sizeof(owned) / sizeof(owned[0]); i++)
		if (!strncmp(w + 2, owned[i], n))
			return owned[i];
	return NULL;
}

/* Whether long option word "--NAME[=V]" names (a prefix of) one of the
 * options run refuses with --shard and --plan: the plan decides them. */
static const char *planned_option(const char *w)
{
	static const char *const planned[] = {
		"unit", "size", "only", "require-all", "require-reproduced"};
	if (w[0] != '-' || w[1] != '-')
		return NULL;
	size_t n = strcspn(w + 2, "=");
	for (size_t i = 0; n && i < sizeof(planned) / sizeof(planned[0]); i++)
		if (!strncmp(w + 2, planned[i], n) && n == strlen(planned[i]))
			return planned[i];
	return NULL;
}

/* --run-args: split, and refuse what the scripts set themselves. */
static int check_run_args(struct slurm_args *a)
{
	if (!a->run_args_text)
		return CMD_GO_ON;
	struct strbuf why = STRBUF_INIT;
	int code = CMD_GO_ON;
	if (argsplit(a->run_args_text, &a->run_args, &why) < 0) {
		code = cmd_usage_error("slurm", "--run-args: %s", why.buf);
	} else {
		for (size_t i = 0; i < a->run_args.nr; i++) {
			const char *w = a->run_args.v[i];
			const char *o = owned_option(w);
			if (!strcmp(w, "--")) {
				code = cmd_usage_error(
					"slurm", "--run-args: no '--' (the "
						 "PATHs come after it)");
				break;
			}
			if (o) {
				code = cmd_usage_error(
					"slurm",
					"--run-args: '%s': versus slurm sets "
					"--shard, --plan and -o itself",
					w);
				break;
			}
			/* refused here, not by every task after the queue */
			if ((o = planned_option(w))) {
				code = cmd_usage_error(
					"slurm",
					"--run-args: '%s': the plan decides "
					"it (versus run refuses --%s with "
					"--plan); give --unit or --size to "
					"versus slurm, list the manifests to "
					"run as its PATHs, and leave "
					"--require-* out (the merge names "
					"what is missing)",
					w, o);
				break;
			}
		}
	}
	strbuf_release(&why);
	return code;
}

/* path made absolute against the current folder (not resolved); caller
 * frees, NULL when the current folder is unknown. */
static char *absolute(const char *path)
{
	if (path[0] == '/')
		return xstrdup(path);
	char *cwd = getcwd(NULL, 0);
	if (!cwd)
		return NULL;
	char *abs = xstrfmt("%s/%s", cwd, path);
	free(cwd);
	return abs;
}

/* This program's absolute path; caller frees, NULL if unknown. */
static char *self_path(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	return xstrdup(buf);
}

/*
 * The folder's files: refuses one whose shards/ already holds results
 * (merging old shards with new ones would mix runs) or whose plan.json is
 * another plan's. Returns CMD_GO_ON or an exit code (printed).
 */
static int prepare_dir(const char *dir, const char *plan_text)
{
	const char *sub[] = {"", "/logs", "/shards"};
	for (size_t i = 0; i < 3; i++) {
		char *d = xstrfmt("%s%s", dir, sub[i]);
		int rc = fs_mkdir_p(d);
		if (rc < 0)
			fprintf(stderr, "versus: %s: cannot create it: %s\n", d,
				strerror(-rc));
		free(d);
		if (rc < 0)
			return EXIT_INTERNAL;
	}
	struct strvec entries = STRVEC_INIT;
	char *shards = xstrfmt("%s/shards", dir);
	fs_list_dir(shards, "", &entries);
	size_t used = entries.nr;
	strvec_clear(&entries);
	if (used) {
		fprintf(stderr,
			"versus: slurm: %s already holds shard results: "
			"remove them or choose another folder with -o\n",
			shards);
		free(shards);
		return EXIT_USAGE;
	}
	free(shards);
	char *plan = xstrfmt("%s/plan.json", dir);
	struct strbuf old = STRBUF_INIT;
	int code = CMD_GO_ON;
	if (access(plan, F_OK) == 0 &&
	    (file_read_regular(plan, SHARD_PLAN_MAX_BYTES, &old) < 0 ||
	     strcmp(old.buf, plan_text))) {
		fprintf(stderr,
			"versus: slurm: %s holds another plan: remove it or "
			"choose another folder with -o\n",
			plan);
		code = EXIT_USAGE;
	}
	strbuf_release(&old);
	free(plan);
	return code;
}

static int write_file(const char *dir, const char *name, const char *text)
{
	char *path = xstrfmt("%s/%s", dir, name);
	int rc = fs_write_replace(path, text, strlen(text), 0666);
	if (rc < 0)
		fprintf(stderr, "versus: %s: cannot write it: %s\n", path,
			strerror(-rc));
	free(path);
	return rc < 0 ? EXIT_INTERNAL : CMD_GO_ON;
}

static int write_plan(const struct shard_plan *p, const char *dir)
{
	char *path = xstrfmt("%s/plan.json", dir);
	int rc = shard_plan_write(p, path);
	if (rc < 0)
		fprintf(stderr, "versus: %s: cannot write the plan: %s\n", path,
			strerror(-rc));
	free(path);
	return rc < 0 ? EXIT_INTERNAL : CMD_GO_ON;
}

/* A Slurm command looked up on PATH; prints why when missing. */
static char *find_tool(const char *name, const char *dir)
{
	char *path = fs_path_search(name);
	if (!path)
		fprintf(stderr,
			"versus: slurm: '%s' is not on PATH: is this a Slurm "
			"login node? The job scripts are in %s\n",
			name, dir);
	return path;
}

/* Failed scontrol calls in a row before --wait gives up. */
#define WAIT_TRIES 5

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/*
 * --wait: poll the array, then the merge job, until the merge has ended
 * (every 0.5 s, slowing to 5 s while nothing changes; a failed scontrol
 * is tried again up to WAIT_TRIES times). Returns the merge
 * job's exit status, or EXIT_INTERNAL when it was cancelled, killed or
 * forgotten by Slurm (printed).
 */
static int wait_jobs(const char *array_id, size_t shards, const char *merge_id,
		     const char *dir)
{
	char *scontrol = find_tool("scontrol", dir);
	if (!scontrol)
		return EXIT_INTERNAL;
	struct slurm_job_state st, last = {0}, arr = {0};
	struct versus_err err = {0};
	long delay = 500;
	bool array_known = true;
	int code, failures = 0;
	for (;;) {
		if (array_known) {
			struct slurm_job_state a;
			if (slurm_job_query(scontrol, array_id, &a, &err) < 0)
				array_known = false;
			else
				arr = a;
		}
		int rc = slurm_job_query(scontrol, merge_id, &st, &err);
		/* a busy controller: try again a few times */
		if (rc < 0 && rc != -ENOENT && ++failures < WAIT_TRIES) {
			sleep_ms(delay);
			continue;
		}
		if (rc < 0) {
			versus_err_print(&err, stderr);
			fprintf(stderr,
				"versus: slurm: the merge job's exit status is "
				"lost; see %s/logs/merge.out\n",
				dir);
			code = EXIT_INTERNAL;
			break;
		}
		failures = 0;
		if (strcmp(st.state, last.state) ||
		    arr.tasks_done != last.tasks_done) {
			if (term_verbosity >= 0)
				fprintf(stderr,
					"versus: slurm: array %s: %zu of %zu "
					"task%s ended; merge job %s: %s\n",
					array_id, arr.tasks_done, shards,
					shards == 1 ? "" : "s", merge_id,
					st.state);
			delay = 500;
			last = st;
			last.tasks_done = arr.tasks_done;
		}
		if (st.done) {
			size_t lost = shards - arr.tasks_completed;
			if (array_known && lost)
				fprintf(stderr,
					"versus: slurm: %zu array task%s did "
					"not complete: failed, cancelled or "
					"timed out (logs: "
					"%s/logs/shard-K.out)\n",
					lost, lost == 1 ? "" : "s", dir);
			if (!strcmp(st.state, "COMPLETED") ||
			    (!strcmp(st.state, "FAILED") && !st.signal &&
			     st.exit_code > 0)) {
				code = st.exit_code;
			} else {
				fprintf(stderr,
					"versus: slurm: merge job %s ended "
					"%s (signal %d); see "
					"%s/logs/merge.out\n",
					merge_id, st.state, st.signal, dir);
				code = EXIT_INTERNAL;
			}
			break;
		}
		sleep_ms(delay);
		if (delay < 5000)
			delay = delay * 3 / 2;
	}
	free(scontrol);
	return code;
}

static int submit(const struct slurm_args *a, const char *dir)
{
	char *sbatch = find_tool("sbatch", dir);
	if (!sbatch)
		return EXIT_INTERNAL;
	char *array = xstrfmt("%s/array.sbatch", dir);
	char *merge = xstrfmt("%s/merge.sbatch", dir);
	char *array_id = NULL, *merge_id = NULL, *dep = NULL;
	struct versus_err err = {0};
	int code = EXIT_ALL_GOOD;
	if (slurm_submit(sbatch, NULL, array, &array_id, &err) < 0) {
		versus_err_print(&err, stderr);
		code = EXIT_INTERNAL;
		goto out;
	}
	dep = xstrfmt("afterany:%s", array_id);
	if (slurm_submit(sbatch, dep, merge, &merge_id, &err) < 0) {
		struct strbuf merge_sh = STRBUF_INIT;
		esc_sh(&merge_sh, merge);
		versus_err_print(&err, stderr);
		fprintf(stderr,
			"versus: slurm: the array job %s is submitted; "
			"submit the merge by hand: sbatch "
			"--dependency=%s %s\n",
			array_id, dep, merge_sh.buf);
		strbuf_release(&merge_sh);
		code = EXIT_INTERNAL;
		goto out;
	}
	printf("array job %s: %zu tasks, shard K into %s/shards/K\n"
	       "merge job %s: after the array (afterany), into "
	       "%s/merged.json\n"
	       "logs: %s/logs/\n",
	       array_id, a->so.shards, dir, merge_id, dir, dir);
	fflush(stdout);
	if (a->wait)
		code = wait_jobs(array_id, a->so.shards, merge_id, dir);
out:
	free(sbatch);
	free(array);
	free(merge);
	free(array_id);
	free(merge_id);
	free(dep);
	return code;
}

/* Plan, scripts, and maybe the submission. */
static int slurm_main(struct slurm_args *a)
{
	struct versus_errs errs = VERSUS_ERRS_INIT;
	struct versus_err err = {0};
	struct shard_plan p;
	char *dir = NULL, *versus = NULL, *plan_text = NULL;
	char *array = NULL, *merge = NULL;
	int code;
	/* Absolute paths: the plan names its manifests as given, and the
	 * jobs run in another folder, maybe on another machine. */
	for (size_t i = 0; i < a->paths.nr; i++) {
		char *abs = realpath(a->paths.v[i], NULL);
		if (!abs) {
			fprintf(stderr, "versus: %s: %s\n", a->paths.v[i],
				strerror(errno));
			return EXIT_USAGE;
		}
		free(a->paths.v[i]);
		a->paths.v[i] = abs;
	}
	a->po.count = a->so.shards;
	a->po.sizes = &a->sizes;
	a->po.cost_paths = &a->costs;
	if (shard_plan_build(&p, (const char *const *)a->paths.v, a->paths.nr,
			     &a->po, &errs) < 0) {
		versus_errs_print(&errs, stderr);
		versus_errs_release(&errs);
		return EXIT_USAGE;
	}
	versus_errs_release(&errs);
	if (a->output) {
		dir = absolute(a->output);
	} else {
		char *rel = xstrfmt("results/slurm-%.12s", p.id);
		dir = absolute(rel);
		free(rel);
	}
	versus = self_path();
	if (!dir || !versus) {
		fprintf(stderr, "versus: slurm: cannot tell %s\n",
			!dir ? "the current folder" : "this program's path");
		code = EXIT_INTERNAL;
		goto out;
	}
	while (strlen(dir) > 1 && dir[strlen(dir) - 1] == '/')
		dir[strlen(dir) - 1] = '\0';
	struct slurm_job_files f = {
		.versus = versus,
		.dir = dir,
		.plan_id = p.id,
		.run_args = (const char *const *)a->run_args.v,
		.run_args_nr = a->run_args.nr,
		.paths = (const char *const *)a->paths.v,
		.paths_nr = a->paths.nr,
	};
	if (slurm_options_check(&a->so, &f, &err) < 0) {
		code = cmd_usage_error("slurm", "%s", err.message);
		goto out;
	}
	plan_text = shard_plan_text(&p);
	array = slurm_array_script(&a->so, &f);
	merge = slurm_merge_script(&a->so, &f);
	if ((code = prepare_dir(dir, plan_text)) != CMD_GO_ON ||
	    (code = write_plan(&p, dir)) != CMD_GO_ON ||
	    (code = write_file(dir, "array.sbatch", array)) != CMD_GO_ON ||
	    (code = write_file(dir, "merge.sbatch", merge)) != CMD_GO_ON)
		goto out;
	if (term_verbosity >= 0)
		fprintf(stderr,
			"versus: plan %.12s: %zu units in %zu shards; wrote "
			"%s/{plan.json,array.sbatch,merge.sbatch}\n",
			p.id, p.units_nr, p.count, dir);
	if (a->submit) {
		code = submit(a, dir);
	} else {
		/* shell words: the folder may hold a ';' or a '$' */
		struct strbuf array_sh = STRBUF_INIT, merge_sh = STRBUF_INIT;
		char *path = xstrfmt("%s/array.sbatch", dir);
		esc_sh(&array_sh, path);
		free(path);
		path = xstrfmt("%s/merge.sbatch", dir);
		esc_sh(&merge_sh, path);
		free(path);
		printf("submit with:\n"
		       "  id=$(sbatch --parsable %s) &&\n"
		       "  sbatch --dependency=afterany:$id %s\n"
		       "(or add --submit)\n",
		       array_sh.buf, merge_sh.buf);
		strbuf_release(&array_sh);
		strbuf_release(&merge_sh);
		code = EXIT_ALL_GOOD;
	}
out:
	shard_plan_release(&p);
	free(dir);
	free(versus);
	free(plan_text);
	free(array);
	free(merge);
	return code;
}

int cmd_slurm(int argc, char **argv)
{
	struct slurm_args a = {
		.po = {.kind = SHARD_UNIT_WORKLOAD},
		.sizes = STRVEC_INIT,
		.costs = STRVEC_INIT,
		.paths = STRVEC_INIT,
		.run_args = STRVEC_INIT,
	};
	const struct opt opts[] = {
		{OPT_INT(0, "shards", &a.shards, "N", 1, SHARD_COUNT_MAX),
		 .help = "how many shards (array tasks, machines); required"},
		{OPT_CALLBACK(0, "unit", &a.po, "KIND", opt_unit),
		 .help = "the unit of work, as in versus plan: workload, size "
			 "or group:G",
		 .def = "workload"},
		{OPT_CALLBACK(0, "size", &a.sizes, "NAME", opt_push),
		 .help = "a size preset, as in versus plan (repeatable with "
			 "--unit size)",
		 .def = "the manifest's params"},
		{OPT_CALLBACK(0, "costs", &a.costs, "RESULTS", opt_push),
		 .help = "earlier result files or folders for the units' "
			 "costs, as in versus plan (repeatable)"},
		{OPT_FLAG(0, "allow-outside-project",
			  &a.po.allow_outside_project),
		 .help = "accept manifests that name files outside their "
			 "project (workloads/README.md)"},
		{OPT_STRING('o', "output", &a.output, "DIR"),
		 .help = "the folder of the plan, scripts, logs and results",
		 .def = "results/slurm-<the plan id's first 12 digits>"},
		{OPT_STRING(0, "run-args", &a.run_args_text, "ARGS"),
		 .help = "more options for every shard's 'versus run' (one "
			 "string, split as a shell would: '--runs 10 "
			 "--cgroups required')"},
		{OPT_GROUP("sbatch (array job; --partition and --time also "
			   "the merge job):")},
		{OPT_STRING(0, "partition", &a.so.partition, "P"),
		 .help = "the partition (queue)",
		 .def = "the cluster's default"},
		{OPT_FLAG(0, "exclusive", &a.exclusive),
		 .help = "a whole node per task: a benchmark shares no node",
		 .def = "on"},
		{OPT_FLAG(0, "no-exclusive", &a.no_exclusive),
		 .help = "let tasks share nodes (numbers then depend on the "
			 "neighbours)"},
		{OPT_STRING(0, "time", &a.so.time, "T"),
		 .help = "the time limit of each task (sbatch --time: "
			 "minutes, or [D-]HH:MM:SS)",
		 .def = "the partition's"},
		{OPT_STRING(0, "mem", &a.so.mem, "M"),
		 .help = "the memory of each task (sbatch --mem: 16G)",
		 .def = "the cluster's default"},
		{OPT_STRING(0, "constraint", &a.so.constraint, "F"),
		 .help = "node features (sbatch --constraint): one hardware "
			 "model keeps ratios comparable across shards"},
		{OPT_INT(0, "max-parallel", &a.max_parallel, "M", 1,
			 SHARD_COUNT_MAX),
		 .help = "at most M tasks at once (--array=...%M)",
		 .def = "no limit"},
		{OPT_GROUP("submission:")},
		{OPT_FLAG(0, "submit", &a.submit),
		 .help = "submit both jobs with sbatch and print their ids"},
		{OPT_FLAG(0, "wait", &a.wait),
		 .help = "with --submit: wait for the merge job; exit with "
			 "its status"},
		{0},
	};
	int code = cmd_parse(&info, opts, argc, argv, 0, &a.paths);
	if (code == CMD_GO_ON && !a.shards)
		code = cmd_usage_error("slurm", "--shards N is required");
	if (code == CMD_GO_ON && a.exclusive && a.no_exclusive)
		code = cmd_usage_error("slurm", "--exclusive and "
						"--no-exclusive contradict");
	if (code == CMD_GO_ON && a.wait && !a.submit)
		code = cmd_usage_error("slurm", "--wait goes with --submit");
	if (code == CMD_GO_ON)
		code = check_run_args(&a);
	if (code == CMD_GO_ON) {
		a.so.shards = (size_t)a.shards;
		a.so.max_parallel = (size_t)a.max_parallel;
		a.so.exclusive = !a.no_exclusive;
		code = slurm_main(&a);
	}
	strvec_clear(&a.sizes);
	strvec_clear(&a.costs);
	strvec_clear(&a.paths);
	strvec_clear(&a.run_args);
	return code;
}
