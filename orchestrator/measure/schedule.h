/*
 * schedule.h: the order of timed runs and when to stop them (DESIGN.md
 * §8). Runs are interleaved: each round runs every implementation still
 * being timed once, in a seeded random order, so drift of the machine
 * spreads evenly over all of them. Each implementation stops on its own.
 */
#ifndef VERSUS_SCHEDULE_H
#define VERSUS_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>

#include "analysis/stats.h"

struct schedule_rules {
	int min_runs;	      /* timed runs before the CI may stop timing */
	int max_runs;	      /* never more */
	double target_ci;     /* stop when CI half-width / median <= this */
	double time_budget_s; /* per implementation, warm-up included */
	int fixed_runs;	      /* > 0: exactly this many (--runs) */
};

enum schedule_stop {
	SCHEDULE_CONTINUE,
	SCHEDULE_STOP_CI,
	SCHEDULE_STOP_MAX,
	SCHEDULE_STOP_BUDGET,
	SCHEDULE_STOP_FIXED,
};

/* "target_ci", "max_runs", "time_budget", "fixed_runs" (NULL: continue). */
const char *schedule_stop_name(enum schedule_stop stop);

/*
 * Decide whether an implementation with wall_ns[0..n) timed samples and
 * spent_s seconds of runs so far (warm-up included) needs another run.
 * fixed_runs wins over everything; otherwise max_runs; then the budget,
 * which stops timing when one more run of median length would exceed it
 * (this may stop before min_runs, never before one sample); then, from
 * min_runs on, the CI of the median (bootstrap seeded with seed).
 */
enum schedule_stop schedule_decide(const struct schedule_rules *rules,
				   const double *wall_ns, size_t n,
				   double spent_s, uint64_t seed);

/* Shuffle order[0..n) in place (Fisher-Yates) with rng. */
void schedule_shuffle(size_t *order, size_t n, struct stats_rng *rng);

#endif
