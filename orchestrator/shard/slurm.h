/*
 * slurm.h: a shard plan as Slurm jobs (docs/distributed.md, "Slurm"): the
 * text of an sbatch job array that runs shard K of the plan in array task
 * K, and of a merge job that depends on the array with afterany (so a
 * failed or cancelled task still leaves a partial merge); and the few
 * Slurm commands `versus slurm` runs (sbatch, scontrol), as argv arrays,
 * never through a shell.
 */
#ifndef VERSUS_SLURM_H
#define VERSUS_SLURM_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"
#include "util/strbuf.h"

/* What the job scripts ask of Slurm. Strings NULL: not asked. */
struct slurm_options {
	size_t shards;	     /* N: array tasks 0..N-1 */
	bool exclusive;	     /* --exclusive: a benchmark shares no node */
	size_t max_parallel; /* --array=...%M; 0: no limit */
	const char *partition, *time, *mem, *constraint;
};

/* What the scripts run. Every path absolute. */
struct slurm_job_files {
	const char *versus;  /* this versus program */
	const char *dir;     /* plan.json, shards/, logs/, merged.json */
	const char *plan_id; /* hex */
	/* more `versus run` arguments, after the shard's own */
	const char *const *run_args;
	size_t run_args_nr;
	const char *const *paths; /* the plan's PATHs */
	size_t paths_nr;
};

/*
 * Check that o's values and f->dir can go on an #SBATCH line (sbatch
 * splits them at blanks and cannot quote all of them): no blank, quote,
 * backslash or control character, not empty. Returns 0 or -EINVAL with err
 * naming the option.
 */
int slurm_options_check(const struct slurm_options *o,
			const struct slurm_job_files *f,
			struct versus_err *err);

/* The array job's script; caller frees. */
char *slurm_array_script(const struct slurm_options *o,
			 const struct slurm_job_files *f);
/* The merge job's script; caller frees. */
char *slurm_merge_script(const struct slurm_options *o,
			 const struct slurm_job_files *f);

/*
 * Submit script with `sbatch --parsable [--dependency=DEP] script`
 * (sbatch: its absolute path; dependency may be NULL). Returns 0 with
 * *job_id set (caller frees), or a negative errno with err saying why,
 * sbatch's own error message in it.
 */
int slurm_submit(const char *sbatch, const char *dependency, const char *script,
		 char **job_id, struct versus_err *err);

/* A job as `scontrol show job -o ID` shows it. */
struct slurm_job_state {
	char state[32]; /* JobState: PENDING, RUNNING, COMPLETED, ... */
	bool done;	/* a final state: it will not run again */
	int exit_code;	/* ExitCode's status, when done */
	int signal;	/* ExitCode's signal, when done */
	/* the records listed: array tasks, or one for the tasks still
	 * pending together; a pending task cancelled is no longer listed */
	size_t tasks;
	size_t tasks_done, tasks_completed; /* final; COMPLETED */
};

/*
 * The state of job id (for an array, of all its tasks: done when all
 * are; the exit code the largest) with `scontrol show job -o ID`. Returns
 * 0, -ENOENT when Slurm no longer knows the job (MinJobAge passed), or
 * another negative errno with err saying why.
 */
int slurm_job_query(const char *scontrol, const char *id,
		    struct slurm_job_state *st, struct versus_err *err);

#endif
