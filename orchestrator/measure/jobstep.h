/*
 * jobstep.h: each run a Slurm job step of its own (docs/distributed.md,
 * "One job step per run"). Inside a Slurm job where no cgroup is writable,
 * versus cannot contain or limit a run itself; `srun` can: each run becomes
 * `srun ... versus sandbox ... -- PROGRAM`, a job step that Slurm tracks,
 * limits and cleans up as it does any step, and inside which versus's own
 * sandbox (the box, seccomp, rlimits) runs and measures the program as
 * always. The step's `versus sandbox` hands back its result record (JSON)
 * and the program's output, so a step run and a direct run give the same
 * struct sandbox_result.
 */
#ifndef VERSUS_JOBSTEP_H
#define VERSUS_JOBSTEP_H

#include <stdint.h>

#include "sandbox.h"
#include "util/err.h"
#include "util/strbuf.h"

/* --job-steps */
enum jobstep_when {
	JOBSTEP_AUTO,	/* in a Slurm job whose cgroups versus cannot write */
	JOBSTEP_ALWAYS, /* every run a step (in a Slurm job) */
	JOBSTEP_NEVER,
};

struct jobstep;

/*
 * Whether runs go through job steps, given the sandbox versus made here
 * (sb) and what was asked for cgroups (passed on to every step's
 * sandbox). Returns 0 with *out NULL (direct runs) or a new executor
 * (free with jobstep_free()), and in why what was decided and why (empty
 * when nothing is to be said: not in a Slurm job, or cgroups work; it
 * does not name the job);
 * -EINVAL with why when `always` cannot be honoured (not in a job, no
 * srun, no path to versus itself).
 */
int jobstep_open(enum jobstep_when when, const struct sandbox *sb,
		 enum sandbox_cgroups cgroups, struct jobstep **out,
		 struct strbuf *why);
void jobstep_free(struct jobstep *js);
/*
 * jobstep_open()'s decision alone, making nothing (versus doctor): 1 when
 * runs would be job steps, 0 when direct, -EINVAL when `always` cannot be
 * honoured; why as there.
 */
int jobstep_decide(enum jobstep_when when, const struct sandbox *sb,
		   enum sandbox_cgroups cgroups, struct strbuf *why);

/*
 * sandbox_run()'s contract, run as a job step: 0 whenever the step ran,
 * whatever came of it (a step that gave no result is XX, or ML when Slurm
 * reports an out-of-memory kill in it); -EINTR when sandbox_interrupt()
 * was called (the step was ended; res holds what came back) or the step
 * itself was stopped from outside (scancel: then sandbox_interrupt() is
 * called, so that versus stops as on its own SIGTERM); another
 * negative errno with err filled when the step could not be prepared.
 * The side pipe's bytes reach spec->pipe_sink after the step ended, with
 * a NULL sandbox_live (no live samples). res is always initialised;
 * release it with sandbox_result_release().
 */
int jobstep_run(struct jobstep *js, const struct sandbox_spec *spec,
		struct sandbox_result *res, struct versus_err *err);

/* Steps run so far (each a run that went through srun). */
uint64_t jobstep_count(const struct jobstep *js);

#endif
