/*
 * stats_bench.c: how long the statistics of one report take. Prints the
 * mean time of stats_summarize on 10,000 samples and of
 * stats_ratio_of_medians on 10,000 vs 10,000, over a few repetitions.
 * A benchmark, not a test: it asserts nothing about the times.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "analysis/stats.h"
#include "util/alloc.h"
#include "util/banned.h"

#define SAMPLES	    10000
#define REPETITIONS 10

static double clock_s(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Wall and CPU time of one call, averaged. CPU time is the figure to
 * compare on a busy machine: other processes stretch the wall time only.
 */
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

/* Run times around 1 s with a long right tail, as real runs have. */
static void fill(double *x, size_t n, uint64_t seed)
{
	struct stats_rng rng;
	stats_rng_seed(&rng, seed);
	for (size_t i = 0; i < n; i++) {
		double u = (double)(stats_rng_next(&rng) >> 11) /
			   9007199254740992.0;
		x[i] = 1.0 + 0.05 * u * u * u;
	}
}

int main(void)
{
	double *a = xmalloc(SAMPLES * sizeof(*a));
	double *b = xmalloc(SAMPLES * sizeof(*b));
	double sink = 0;
	struct timing summarize, ratio;

	fill(a, SAMPLES, 1);
	fill(b, SAMPLES, 2);

	timing_start(&summarize);
	for (int r = 0; r < REPETITIONS; r++) {
		struct stats_summary s;
		stats_summarize(a, SAMPLES, (uint64_t)r, &s);
		sink += s.ci_low;
	}
	timing_stop(&summarize, REPETITIONS);

	timing_start(&ratio);
	for (int r = 0; r < REPETITIONS; r++) {
		struct stats_ratio q;
		if (stats_ratio_of_medians(a, SAMPLES, b, SAMPLES, (uint64_t)r,
					   &q) == 0)
			sink += q.ci_low;
	}
	timing_stop(&ratio, REPETITIONS);

	printf("stats_summarize, %d samples, %d resamples: "
	       "%.2f ms wall, %.2f ms cpu\n",
	       SAMPLES, STATS_BOOTSTRAP_RESAMPLES, summarize.wall_s * 1e3,
	       summarize.cpu_s * 1e3);
	printf("stats_ratio_of_medians, %d vs %d samples: "
	       "%.2f ms wall, %.2f ms cpu\n",
	       SAMPLES, SAMPLES, ratio.wall_s * 1e3, ratio.cpu_s * 1e3);
	printf("(mean of %d repetitions; checksum %g)\n", REPETITIONS, sink);
	free(a);
	free(b);
	return 0;
}
