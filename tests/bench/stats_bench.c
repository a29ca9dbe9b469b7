/*
 * stats_bench.c: how long the statistics of one report take. Prints the
 * mean time of stats_summarize on 10,000 samples and of
 * stats_ratio_of_medians on 10,000 vs 10,000, over a few repetitions.
 * A benchmark, not a test: it asserts nothing about the times.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "stats.h"
#include "util/alloc.h"
#include "util/banned.h"

#define SAMPLES	    10000
#define REPETITIONS 10

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
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
	double sink = 0, t0, summarize_s, ratio_s;

	fill(a, SAMPLES, 1);
	fill(b, SAMPLES, 2);

	t0 = now_s();
	for (int r = 0; r < REPETITIONS; r++) {
		struct stats_summary s;
		stats_summarize(a, SAMPLES, (uint64_t)r, &s);
		sink += s.ci_low;
	}
	summarize_s = (now_s() - t0) / REPETITIONS;

	t0 = now_s();
	for (int r = 0; r < REPETITIONS; r++) {
		struct stats_ratio q;
		if (stats_ratio_of_medians(a, SAMPLES, b, SAMPLES, (uint64_t)r,
					   &q) == 0)
			sink += q.ci_low;
	}
	ratio_s = (now_s() - t0) / REPETITIONS;

	printf("stats_summarize, %d samples, %d resamples: %.2f ms\n", SAMPLES,
	       STATS_BOOTSTRAP_RESAMPLES, summarize_s * 1e3);
	printf("stats_ratio_of_medians, %d vs %d samples: %.2f ms\n", SAMPLES,
	       SAMPLES, ratio_s * 1e3);
	printf("(mean of %d repetitions; checksum %g)\n", REPETITIONS, sink);
	free(a);
	free(b);
	return 0;
}
