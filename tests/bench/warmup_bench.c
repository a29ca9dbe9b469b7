/*
 * warmup_bench.c: how long the warmup analysis of one execution takes
 * (issue 13 targets: 2,000 iterations in under 50 ms, 20,000 in under
 * 1 s). Times warmup_exec_analyse on a flat series (PELT's worst case: it
 * prunes least when there is no change) and on a warmup series of each
 * length, and warmup_summarise of 30 executions of 2,000 iterations with
 * 2,000 bootstrap resamples. Prints wall and CPU time per call; exits 1
 * when the CPU time of an analysis misses its target. Build without
 * sanitizers for figures worth quoting:
 *   cmake -S . -B /tmp/rel -DCMAKE_BUILD_TYPE=Release
 *   make -C /tmp/rel warmup_bench && /tmp/rel/tests/bench/warmup_bench
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "analysis/stats.h"
#include "analysis/warmup.h"
#include "util/alloc.h"
#include "util/banned.h"

#define REPETITIONS 5
#define EXECUTIONS  30

static double clock_s(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct timing {
	double wall_s, cpu_s;
};

static void timing_start(struct timing *t)
{
	t->wall_s = clock_s(CLOCK_MONOTONIC);
	t->cpu_s = clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

static void timing_stop(struct timing *t, int repetitions)
{
	t->wall_s = (clock_s(CLOCK_MONOTONIC) - t->wall_s) / repetitions;
	t->cpu_s = (clock_s(CLOCK_PROCESS_CPUTIME_ID) - t->cpu_s) / repetitions;
}

static double normal(struct stats_rng *r)
{
	double u1 = ((double)(stats_rng_next(r) >> 11) + 0.5) / 0x1p53;
	double u2 = ((double)(stats_rng_next(r) >> 11) + 0.5) / 0x1p53;
	return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

/* 1 ms iterations with 1% noise; warmup: 3x decaying over ~50. */
static void fill(uint64_t *x, size_t n, int warm, uint64_t seed)
{
	struct stats_rng r;
	stats_rng_seed(&r, seed);
	for (size_t i = 0; i < n; i++) {
		double f = warm ? 1.0 + 2.0 * exp(-(double)i / 50.0) : 1.0;
		x[i] = (uint64_t)llround(1e6 * f * (1.0 + 0.01 * normal(&r)));
	}
}

static int bench_exec(size_t n, int warm, double target_s)
{
	uint64_t *x = xmalloc(n * sizeof(*x));
	struct warmup_config cfg;
	struct timing t;
	struct warmup_exec e;
	enum warmup_class cls = WARMUP_FLAT;

	warmup_config_init(&cfg);
	fill(x, n, warm, n + (uint64_t)warm);
	timing_start(&t);
	for (int r = 0; r < REPETITIONS; r++) {
		warmup_exec_analyse(x, n, NAN, &cfg, &e);
		cls = e.cls;
		warmup_exec_release(&e);
	}
	timing_stop(&t, REPETITIONS);
	int ok = t.cpu_s < target_s;
	printf("warmup_exec_analyse, %6zu iterations, %-6s (%s): "
	       "%7.2f ms wall, %7.2f ms cpu; target %.0f ms: %s\n",
	       n, warm ? "warmup" : "flat", warmup_class_name(cls),
	       t.wall_s * 1e3, t.cpu_s * 1e3, target_s * 1e3,
	       ok ? "met" : "MISSED");
	free(x);
	return ok;
}

static void bench_summary(void)
{
	size_t n = 2000;
	uint64_t *x = xmalloc(n * sizeof(*x));
	struct warmup_exec *e = xcalloc(EXECUTIONS, sizeof(*e));
	struct warmup_config cfg;
	struct warmup_summary s;
	struct timing t;

	warmup_config_init(&cfg);
	for (size_t i = 0; i < EXECUTIONS; i++) {
		fill(x, n, 1, 100 + i);
		warmup_exec_analyse(x, n, NAN, &cfg, &e[i]);
	}
	timing_start(&t);
	warmup_summarise(e, EXECUTIONS, &cfg, 1, &s);
	timing_stop(&t, 1);
	printf("warmup_summarise, %d executions of %zu, %zu resamples: "
	       "%7.2f ms wall, %7.2f ms cpu\n",
	       EXECUTIONS, n, cfg.resamples, t.wall_s * 1e3, t.cpu_s * 1e3);
	for (size_t i = 0; i < EXECUTIONS; i++)
		warmup_exec_release(&e[i]);
	free(e);
	free(x);
}

int main(void)
{
	int ok = 1;
	ok &= bench_exec(2000, 0, 0.050);
	ok &= bench_exec(2000, 1, 0.050);
	ok &= bench_exec(20000, 0, 1.0);
	ok &= bench_exec(20000, 1, 1.0);
	bench_summary();
	printf("(mean of %d repetitions)\n", REPETITIONS);
	return ok ? 0 : 1;
}
