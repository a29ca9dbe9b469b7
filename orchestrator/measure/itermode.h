/*
 * itermode.h: one process execution in iteration mode (issue 13;
 * docs/iterations.md): the environment and side pipe a run gets, the
 * stream parsed with iterproto as it arrives, the run cgroup sampled at
 * each iter line, and the execution's status (PV for a protocol
 * violation) once the run is over.
 */
#ifndef VERSUS_ITERMODE_H
#define VERSUS_ITERMODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "measure/iterproto.h"
#include "record/record.h"
#include "sandbox.h"
#include "util/strvec.h"

/* The fd the program writes to, named in VERSUS_ITER_FD. */
#define ITERMODE_FD SANDBOX_PIPE_FD

struct iter_exec {
	int round; /* the timed round (bench_sample.round); 0: untimed */
	enum impl_status status;
	struct iterproto *proto; /* owned: iter times, metrics, violation */
	/*
	 * The run cgroup's CPU time and memory read when each iter line
	 * arrived (count values, NAN where not read); NULL when none was
	 * read (mode none).
	 */
	double *cg_cpu_ns, *cg_memory_bytes;
	double start_ns; /* exec to the start line; NAN without one */
	/* while running only */
	const struct sandbox_live *live;
	uint32_t count;
};

/*
 * Prepare ex for an execution of count iterations (1..ITERPROTO_
 * ITERATIONS_MAX) of inner repetitions each, and spec and env for it: env
 * becomes base plus VERSUS_ITERATIONS, VERSUS_ITER_FD and
 * VERSUS_ITER_INNER (replacing any), spec->envp points
 * into it and spec gets the side pipe, bounded just past what the
 * protocol allows. ex must stay where it is until iter_exec_end(). Caller
 * releases ex with iter_exec_release() and clears env.
 */
void iter_exec_begin(struct iter_exec *ex, uint32_t count, long inner,
		     int round, const char *const *base_env, struct strvec *env,
		     struct sandbox_spec *spec);
/*
 * The run is over (sandbox_run() returned 0): end the stream and set
 * ex->status: the run's own fate, or PV when the run was OK (or OL for
 * the side pipe's bound) but its stream broke the protocol.
 */
void iter_exec_end(struct iter_exec *ex, const struct sandbox_result *res,
		   enum impl_status run_status);
/* "bad-ns at line 7: ..." for a PV (a new string); NULL otherwise. */
char *iter_exec_violation(const struct iter_exec *ex);
/* Free what ex owns; accepts NULL. */
void iter_exec_release(struct iter_exec *ex);

#endif
