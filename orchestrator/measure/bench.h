/*
 * bench.h: one workload measured: build every implementation, check its
 * outputs, time it in interleaved rounds, summarise. The struct bench is
 * the measurement in memory; bench_record() turns it into the result
 * record (record/record.h) that is written out. Nothing in it is thrown
 * away when an implementation fails or the run is interrupted.
 */
#ifndef VERSUS_BENCH_H
#define VERSUS_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "measure/host.h"
#include "measure/itermode.h"
#include "measure/jobstep.h"
#include "util/kvlist.h"
#include "spec/plan.h"
#include "sandbox.h"
#include "measure/schedule.h"
#include "analysis/stats.h"
#include "measure/status.h"
#include "record/record.h"
#include "util/strvec.h"

struct bench_sample {
	int round;
	enum impl_status status; /* OK, ND (output changed), or a run fate */
	int exit_code;
	int signal;
	uint64_t wall_ns, user_ns, sys_ns, cpu_ns;
	uint64_t peak_memory_bytes, max_rss_bytes;
	const char *memory_source; /* static string from the sandbox */
};

struct bench_check {
	struct kvlist params; /* merged over the effective params */
	const char *expect;   /* borrowed from the manifest, or NULL */
	enum impl_status status;
	char *message; /* NULL when OK */
	char *output;  /* captured stdout (baseline keeps it) */
	size_t output_len;
	bool ran;
};

struct bench_impl {
	const struct plan_impl *plan; /* borrowed */
	size_t point;		      /* sweep point; 0 without a sweep */
	/* the point's run argv (sweeps); empty: plan->run_argv */
	struct strvec point_argv;
	enum impl_status status;
	char *reason; /* one line, NULL when OK */
	char source_sha256[65];
	/* build */
	bool has_build;
	bool build_cached;
	uint64_t build_wall_ns;
	uint64_t build_output_bytes;
	char *build_stderr; /* head of the compiler's stderr on CE */
	/* checks */
	struct bench_check *checks;
	size_t checks_nr;
	/* the timed case */
	char *output; /* full stdout of the validation run: the reference's,
			 or every one's with keep_outputs */
	size_t output_len;
	char *output_stderr; /* its stderr's head, with keep_outputs */
	size_t output_stderr_len;
	char output_digest[SANDBOX_DIGEST_HEX_LEN + 1];
	bool have_output;
	int warmup_runs;
	double spent_s;
	struct bench_sample *samples;
	size_t samples_nr, samples_alloc;
	/* iteration mode: the timed executions' series, in the order run
	   (each names its round); empty otherwise */
	struct iter_exec *iters;
	size_t iters_nr, iters_alloc;
	enum schedule_stop stop;
	bool stopped;
	bool set_up;		 /* its --setup hook ran: --cleanup is due */
	const char *stop_reason; /* static; NULL while timing */
	/* statistics (when status is OK) */
	bool have_stats;
	struct stats_summary wall, cpu, memory;
	bool have_ratio;
	struct stats_ratio ratio_time, ratio_cpu, ratio_memory;
};

struct bench;
struct bench_impl;

/* Where a bench run stands, for a progress line. */
struct bench_progress {
	const char *workload;
	const char *phase;   /* "building", "checking", "warm-up", "timing" */
	const char *impl_id; /* NULL while building */
	size_t run;	     /* the run about to start, from 1; 0 building */
	size_t builds;	     /* while building: how many implementations */
	double elapsed_s;    /* since the workload's first check */
	double left_s;	     /* estimated time left; 0: no estimate */
};

/* What a bench run tells its observer besides progress. */
enum bench_event {
	BENCH_BUILD_FAILED, /* bi's build failed: bi->reason, build_stderr */
	BENCH_IMPL_FAILED,  /* bi failed a check or a run: status, reason */
	BENCH_TIMING_DONE,  /* the timing phase ended (bi NULL): timed_runs,
			       timing_s, sandbox_s */
};

/*
 * The command layer's view of a running bench: measure/ prints nothing,
 * it calls these (from the thread that called bench_run()). Either
 * callback may be NULL; all data passed is borrowed for the call.
 */
struct bench_observer {
	/* Progress changed; p NULL: the progress is over, clear its line. */
	void (*progress)(void *ctx, const struct bench_progress *p);
	void (*event)(void *ctx, enum bench_event ev, const struct bench *b,
		      const struct bench_impl *bi);
	void *ctx;
};

/*
 * Commands run on the host, outside the sandbox and outside the timing,
 * their output discarded (`versus bench --setup/--prepare/--cleanup`):
 * setup before the first run of each implementation, prepare before each
 * of its warm-up and timed runs, cleanup for each implementation set up,
 * after the last round. NULL-terminated argvs; NULL: none. One that
 * cannot start or exits non-zero makes the implementation RE.
 */
struct bench_hooks {
	const char *const *setup;
	const char *const *prepare;
	const char *const *cleanup;
};

struct bench_options {
	uint64_t seed;
	int warmup;	      /* -1: manifest's */
	int fixed_runs;	      /* 0: adaptive */
	int min_runs;	      /* -1: manifest's */
	int max_runs;	      /* -1: manifest's */
	double target_ci;     /* < 0: manifest's */
	double time_budget_s; /* < 0: manifest's */
	/* Sandboxes for parallel builds (--jobs); none: builds use sb. */
	struct sandbox *const *builders;
	size_t builders_nr;
	/* Told what happens; NULL: nobody is. Borrowed. */
	const struct bench_observer *observer;
	/* NULL: none. Borrowed. */
	const struct bench_hooks *hooks;
	/* every implementation keeps its validation run's stdout in output,
	 * not only the reference (versus bench --show-output) */
	bool keep_outputs;
	/* Runs as Slurm job steps (jobstep.h); NULL: directly. Borrowed. */
	struct jobstep *steps;
};

struct bench {
	const struct plan_workload *plan; /* borrowed */
	const struct bench_options *options;
	struct host_info host; /* owned */
	const char *mode_name; /* cgroup mode of the sandbox */
	const char *box_name;  /* the sandbox's box: "none", "root", "userns" */
	const char *pin_name;  /* how runs were pinned (plan->cpus); NULL */
	bool seccomp;
	/*
	 * plan->impls once per sweep point: impls[p * per_point + i] is
	 * plan->impls[i] at point p (one point without a sweep). Builds and
	 * checks are made once, at point 0, and hold for every point.
	 */
	struct bench_impl *impls;
	size_t impls_nr;
	size_t points_nr, per_point;
	size_t baseline;	 /* index in impls, at the last point */
	size_t reference;	 /* whose outputs the others were compared with:
				    the baseline, or the first that passed when the
				    baseline could not; SIZE_MAX when none; at the
				    last point */
	size_t *point_reference; /* the same per point; owned */
	struct schedule_rules rules;
	int warmup;
	char started_at[32];
	char finished_at[32];
	bool complete;
	const char *const *command; /* argv of versus, borrowed */
	/* Cost of versus itself in the timing phase (see -v). */
	size_t timed_runs;
	double timing_s;    /* wall time of the timing phase */
	double sandbox_s;   /* of it, inside sandbox_run() */
	uint64_t job_steps; /* runs made as job steps (options->steps) */
};

/*
 * Measure one planned workload with sb. Fills b (caller releases it with
 * bench_release()). Returns 0 when it ran to the end, -EINTR when
 * interrupted (b holds everything measured so far, complete = false), or
 * another negative errno when the sandbox itself failed (err filled; b
 * still holds what was measured).
 */
int bench_run(struct bench *b, const struct plan_workload *pw,
	      const struct bench_options *options, struct sandbox *sb,
	      const char *const *command, struct versus_err *err);
void bench_release(struct bench *b);
/*
 * The result record of b (bench_record.c): everything the result file
 * holds, copied. Caller owns it, free with result_file_free(). Never
 * fails (allocation failure aborts).
 */
struct result_file *bench_record(const struct bench *b);
/* Set by the signal handler of cmd_run; bench_run stops at the next step. */
void bench_request_stop(void);

#endif
